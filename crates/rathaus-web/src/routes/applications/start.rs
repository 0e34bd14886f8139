//! Starting an application: what the form asks, what to have at hand, how long a draft
//! is kept — and the trust level the service needs (a step-up when the session is lower).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::fees::FeeView;
use super::review::DraftRow;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::page::Page;
use crate::routes::account::organisations::acting_for;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::Level;
use rathaus_core::applications::{self, DRAFT_RETENTION_DAYS};
use rathaus_core::cases::workflow::Status;
use rathaus_core::catalog::Service;
use rathaus_core::forms::FormDefinition;
use rathaus_core::payments::fees;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

#[derive(Template, WebTemplate)]
#[template(path = "applications/start.html")]
pub struct StartPage {
    page: Page,
    service_id: String,
    service_name: String,
    form_title: String,
    steps: Vec<String>,
    documents: Vec<String>,
    /// The documents are the German list on a page in another language.
    documents_de: bool,
    retention_days: i64,
    acting_for: Option<String>,
    drafts: Vec<DraftRow>,
    fee: Option<FeeView>,
    /// The form is filled in ahead of a visit that finishes the application.
    ahead_of_visit: bool,
}

fn service_and_form(state: &AppState, catalog: &rathaus_core::catalog::Catalog, id: &str) -> AppResult<(Service, FormDefinition)> {
    let service = catalog.service(id).filter(|s| s.has_form_here()).ok_or(Error::NotFound)?;
    let form = state.form_for_service(id).ok_or(Error::NotFound)?;
    Ok((service.clone(), form.clone()))
}

/// The assurance level a service needs to be applied for ("substantial" when unset);
/// ahead of a visit at most "substantial" ([`applications::level_for`]).
pub(crate) fn required_level(service: &Service) -> Level {
    applications::level_for(service)
}

/// The service needs the online ID card, and this session was not opened with one.
#[derive(Template, WebTemplate)]
#[template(path = "applications/needs_eid.html")]
pub struct NeedsEidPage {
    pub page: Page,
    /// The service applied for; `None` for a step inside an application.
    pub service_name: Option<String>,
    pub eid_href: Option<String>,
    pub back_href: String,
    pub back_label: &'static str,
}

/// The way up to the level the service needs: the second-factor page up to
/// "substantial", the online ID card for "high".
fn raise(state: &AppState, who: &SignedIn, service: &Service, page: Page) -> Option<Response> {
    let back = format!("/antraege/neu/{}", service.id);
    let level = required_level(service);
    if level < Level::High || who.level() >= Level::High {
        return who.step_up_if_below(level, &back);
    }
    let eid_href = state
        .eid
        .is_some()
        .then(|| format!("/konto/eid?zurueck={}", crate::auth::url_component(&back)));
    let service_name = if page.lang == Lang::En {
        service.name_en.clone()
    } else {
        service.name_de.clone()
    };
    Some(
        NeedsEidPage {
            page,
            service_name: Some(service_name),
            eid_href,
            back_href: format!("/leistungen/{}", service.id),
            back_label: "needs-eid-back",
        }
        .into_response(),
    )
}

pub async fn form(
    State(state): State<AppState>,
    who: SignedIn,
    session: SessionHandle,
    mut page: Page,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let (service, form) = service_and_form(&state, &catalog, &id)?;
    if let Some(raise) = raise(&state, &who, &service, page.clone()) {
        return Ok(raise);
    }
    let lang = page.lang;
    let en = lang == Lang::En;
    let drafts = applications::of_account(&state.db, &who.account)
        .await?
        .iter()
        .filter(|a| a.status == Status::Draft && a.service_id == id)
        .map(|a| DraftRow::new(a, form.title(lang), lang))
        .collect();
    page.csrf = Some(who.session.csrf_token.clone());
    let (documents, documents_in_language) = service.documents(lang);
    Ok(StartPage {
        service_name: if en { service.name_en.clone() } else { service.name_de.clone() },
        form_title: form.title(lang).to_string(),
        steps: form.pages.iter().map(|p| p.title(lang).to_string()).collect(),
        documents: documents.to_vec(),
        documents_de: !documents_in_language,
        retention_days: DRAFT_RETENTION_DAYS,
        acting_for: acting_for(&state, &session, who.account.id).await?.map(|o| o.name),
        fee: fees::rules().services.get(&service.id).map(|rule| FeeView::overview(&page, rule)),
        ahead_of_visit: form.ahead_of_visit,
        service_id: id,
        drafts,
        page,
    }
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    who: SignedIn,
    session: SessionHandle,
    page: Page,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let (service, form) = service_and_form(&state, &catalog, &id)?;
    if let Some(raise) = raise(&state, &who, &service, page) {
        return Ok(raise);
    }
    let organisation = acting_for(&state, &session, who.account.id).await?.map(|o| o.id);
    let draft = applications::start(&state.db, &*state.clock, &who.acting(), organisation, &form).await?;
    let first = form.pages.first().map(|p| p.id.as_str()).unwrap_or_default();
    Ok(Redirect::to(&format!("/antraege/{}/seite/{first}", draft.id)).into_response())
}
