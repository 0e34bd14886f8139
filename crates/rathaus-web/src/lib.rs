//! The web front (server-rendered HTML that works without JavaScript), the JSON API and
//! the HTTP middleware of Rathaus.
#![forbid(unsafe_code)]

mod app;
mod assets;
mod auth;
mod eid;
mod error;
mod format;
mod forms;
mod middleware;
mod page;
mod refusal;
mod routes;
mod session;
mod state;
mod workspace;

pub use app::{AppOptions, Application};
pub use state::AppState;
