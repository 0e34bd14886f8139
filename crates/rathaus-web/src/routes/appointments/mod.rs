//! `/termine`: booking an appointment without an account or with one. Choose services
//! and people → a location with its earliest free time → a day → a slot, which is held
//! while the person confirms (signed in: at once; otherwise by a mailed link). Mailed
//! links open the booking to move or cancel it; `/konto/termine` lists an account's.

mod challenge;
mod find;
mod hold;
mod lottery;
mod manage;
mod offer;

use axum::Router;
use axum::routing::get;
use uuid::Uuid;

use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{self, Account};
use rathaus_core::appointments::{Rules, Site, Visit, calendar};
use rathaus_platform::Result;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/termine", get(find::choose))
        .route("/termine/orte", get(find::locations))
        .route("/termine/orte/{id}", get(find::slots))
        .route("/termine/halten", axum::routing::post(hold::hold))
        .route("/termine/vormerkung", get(hold::show).post(hold::complete))
        .route("/termine/bestaetigen/{token}", get(hold::confirm_page).post(hold::confirm))
        .route("/termine/verlosung/{id}", axum::routing::post(lottery::enter))
        .route(
            "/termine/verlosung/bestaetigen/{token}",
            get(lottery::confirm_page).post(lottery::confirm),
        )
        .route("/termine/angebot/{token}", get(offer::show).post(offer::take))
        .route("/termine/angebot/{token}/ablehnen", axum::routing::post(offer::decline))
        .merge(manage::router())
}

/// The booking rules now: settings plus the caps staff set per service.
pub async fn rules(state: &AppState) -> Result<Rules> {
    Rules::current(&state.db, &state.config.appointments).await
}

pub fn site(state: &AppState) -> Site<'_> {
    Site {
        city: &state.city_name,
        public_url: &state.config.public_url,
    }
}

/// The person signed in on this session, if any (booking works without).
pub async fn account_of(state: &AppState, session: &SessionHandle) -> Result<Option<Account>> {
    let Some(id) = session.current().await?.and_then(|s| s.account_id) else {
        return Ok(None);
    };
    match accounts::active_account(state.db.write(), id).await {
        Ok(account) => Ok(Some(account)),
        Err(rathaus_platform::Error::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The services (`leistung`, repeated), people (`personen`) and other pairs of a query
/// string or form.
#[derive(Debug, Clone, Default)]
pub struct Wish {
    pub services: Vec<String>,
    pub people: u32,
    pub pairs: Vec<(String, String)>,
}

impl Wish {
    pub fn parse(pairs: Vec<(String, String)>) -> Self {
        let mut services: Vec<String> = pairs
            .iter()
            .filter(|(k, v)| k == "leistung" && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        services.sort();
        services.dedup();
        services.truncate(5);
        let people = pairs
            .iter()
            .find(|(k, _)| k == "personen")
            .and_then(|(_, v)| v.trim().parse().ok())
            .filter(|n| (1..=calendar::MAX_PEOPLE).contains(n))
            .unwrap_or(1);
        Self { services, people, pairs }
    }

    pub fn from_query(query: Option<&str>) -> Self {
        Self::parse(serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default())
    }

    pub fn value(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn visit(&self, location: &str) -> Visit {
        Visit {
            location_id: location.to_string(),
            services: self.services.clone(),
            people: self.people,
        }
    }

    /// `leistung=…&leistung=…&personen=…`, for links.
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = self.services.iter().map(|s| ("leistung", s.clone())).collect();
        pairs.push(("personen", self.people.to_string()));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The id kept in the session for the hold being confirmed.
pub const HOLD_KEY: &str = "appointment_hold";

pub fn held_id(value: Option<serde_json::Value>) -> Option<Uuid> {
    value.and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
}
