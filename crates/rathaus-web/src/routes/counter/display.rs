//! The call display for a waiting room: large, high contrast, numbers and counters
//! only (no names). It updates by server-sent events; without JavaScript it reloads.
//! Each node reads the calls from the database, so a call made on any node shows.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use serde::Serialize;
use std::convert::Infallible;
use std::time::Duration;

use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::appointments::counter;
use rathaus_core::cases::due::local_date;
use rathaus_platform::Error;

/// How many calls the board lists.
const SHOWN: u64 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    pub number: String,
    pub counter: i32,
}

pub async fn calls(state: &AppState, location: &str) -> rathaus_platform::Result<Vec<Call>> {
    Ok(counter::recent_calls(&state.db, location, local_date(state.clock.now()), SHOWN)
        .await?
        .into_iter()
        .map(|t| Call {
            number: t.number,
            counter: t.counter.unwrap_or_default(),
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "counter/display.html")]
pub struct DisplayPage {
    page: Page,
    location_id: String,
    location_name: String,
    calls: Vec<Call>,
}

pub async fn show(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<DisplayPage> {
    let catalog = state.catalog().await?;
    let location = catalog.location(&id).ok_or(AppError(Error::NotFound))?;
    Ok(DisplayPage {
        location_id: id.clone(),
        location_name: location.name.clone(),
        calls: calls(&state, &id).await?,
        page,
    })
}

/// Sends the board whenever it changed (checked every second), and at once on connect.
pub async fn live(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let catalog = state.catalog().await?;
    if catalog.location(&id).is_none() {
        return Err(AppError(Error::NotFound));
    }
    let stream = futures::stream::unfold((state, id, String::new()), |(state, id, last)| async move {
        loop {
            match calls(&state, &id).await.map(|c| serde_json::to_string(&c)) {
                Ok(Ok(json)) if json != last => {
                    let event = Event::default().event("calls").data(json.clone());
                    return Some((Ok(event), (state, id, json)));
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "call display cannot read the calls; trying again"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
