//! `/verwaltung/vier-augen`: an agency's administrators choose the services whose
//! decisions a second clerk must approve (four eyes), and whether every decision that
//! waives a fee needs one, on all services. The rule itself lives in
//! `cases::four_eyes`; every change is audited there.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, RawForm, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{Role, agencies_holding};
use rathaus_core::cases::four_eyes;

pub struct ServiceChoice {
    pub id: String,
    pub name: String,
    pub required: bool,
}

pub struct AgencyServices {
    pub id: String,
    pub name: String,
    pub services: Vec<ServiceChoice>,
    /// Every fee waiver needs a second clerk.
    pub fee_waivers: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/four_eyes.html")]
pub struct FourEyesPage {
    page: Page,
    agencies: Vec<AgencyServices>,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    hinweis: String,
}

pub async fn show(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(q): Query<SavedQuery>,
) -> AppResult<FourEyesPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let mut agencies = Vec::new();
    for agency in agencies_holding(&staff.grants, Role::AgencyAdmin) {
        let required = four_eyes::required_services(&state.db, &agency).await?;
        let mut services: Vec<ServiceChoice> = catalog
            .services()
            .iter()
            .filter(|s| s.agency == agency)
            .map(|s| ServiceChoice {
                id: s.id.clone(),
                name: s.name(page.lang).to_string(),
                required: required.contains(&s.id),
            })
            .collect();
        services.sort_by(|a, b| a.name.cmp(&b.name));
        agencies.push(AgencyServices {
            name: catalog
                .agency(&agency)
                .map(|a| a.name(page.lang).to_string())
                .unwrap_or_else(|| agency.clone()),
            fee_waivers: four_eyes::fee_waivers(state.db.read(), &agency).await?,
            id: agency,
            services,
        });
    }
    Ok(FourEyesPage {
        agencies,
        saved: q.hinweis == "gespeichert",
        page,
    })
}

/// The ticked services of one agency (`agency=…&service=…&service=…`, and
/// `fee_waivers=on`); every service of the agency not ticked no longer needs a second
/// clerk.
pub async fn save(State(state): State<AppState>, staff: Staff, RawForm(body): RawForm) -> AppResult<Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let agency = pairs
        .iter()
        .find(|(k, _)| k == "agency")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if !agencies_holding(&staff.grants, Role::AgencyAdmin).contains(&agency) {
        return Err(rathaus_platform::Error::Forbidden.into());
    }
    let ticked: Vec<&str> = pairs.iter().filter(|(k, _)| k == "service").map(|(_, v)| v.as_str()).collect();
    let catalog = state.catalog().await?;
    let before = four_eyes::required_services(&state.db, &agency).await?;
    for service in catalog.services().iter().filter(|s| s.agency == agency) {
        let required = ticked.contains(&service.id.as_str());
        if required != before.contains(&service.id) {
            four_eyes::set(&state.db, &*state.clock, staff.account.id, &agency, &service.id, required).await?;
        }
    }
    let fee_waivers = pairs.iter().any(|(k, v)| k == "fee_waivers" && v == "on");
    if fee_waivers != four_eyes::fee_waivers(state.db.write(), &agency).await? {
        four_eyes::set_fee_waivers(&state.db, &*state.clock, staff.account.id, &agency, fee_waivers).await?;
    }
    Ok(Redirect::to("/verwaltung/vier-augen?hinweis=gespeichert").into_response())
}
