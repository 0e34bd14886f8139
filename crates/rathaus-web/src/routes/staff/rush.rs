//! Rush protection for a location's bookings, switched on by its administrators for a
//! few hours (a release, a run on passports): every hold then needs a solved
//! proof-of-work challenge, or a short wait without JavaScript. It ends by itself.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Duration;
use serde::Deserialize;

use super::calendar::{location_for, saved};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::appointments::calendar::{self, Calendar};
use rathaus_platform::Error;

/// The durations the page offers, in hours.
pub const HOURS: [i64; 5] = [1, 2, 4, 8, 24];

#[derive(Debug, Deserialize)]
pub struct RushForm {
    /// Hours from now, or `aus`.
    stunden: String,
}

pub async fn switch(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<RushForm>,
) -> AppResult<Response> {
    let location = location_for(&state, &staff, &id).await?;
    let until = match form.stunden.as_str() {
        "aus" => None,
        hours => match hours.parse::<i64>() {
            Ok(h) if HOURS.contains(&h) => Some(state.clock.now() + Duration::hours(h)),
            _ => return Err(AppError(Error::Invalid(format!("stunden={hours}")))),
        },
    };
    let catalog = state.catalog().await?;
    let calendar = Calendar::load(&state.db, &catalog, &location.id).await?;
    calendar::set_challenge(&state.db, &*state.clock, &calendar, until, staff.account.id).await?;
    let hint = if until.is_some() { "andrang-an" } else { "andrang-aus" };
    Ok(saved(&state, &location.id, hint))
}
