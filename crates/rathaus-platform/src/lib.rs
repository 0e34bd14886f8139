//! Platform services shared by every Rathaus domain: configuration, the database on
//! SQLite or PostgreSQL, background jobs, mail, encrypted files, the audit log, rate
//! limits, translations and backups. Nothing here knows about HTTP.
#![forbid(unsafe_code)]

pub mod audit;
pub mod backup;
pub mod blobs;
pub mod challenge;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod i18n;
pub mod installation;
pub mod jobs;
pub mod mail;
pub mod memory;
pub mod pdf;
pub mod ratelimit;
pub mod seal;

pub use error::{Error, Result};
