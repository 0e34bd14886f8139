//! A print view of the answers before submitting: the same sections as "check your
//! answers", without navigation, forms or change links, marked as a draft that has
//! not been sent. People keep it with their papers or take it to an advice centre.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use uuid::Uuid;

use super::{file_names, load_own, service_name};
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::applications::receipt::local_time;
use rathaus_core::cases::workflow::Status;
use rathaus_core::forms::{SummarySection, summary};

#[derive(Template, WebTemplate)]
#[template(path = "applications/print.html")]
pub struct PrintPage {
    page: Page,
    id: Uuid,
    form_title: String,
    service: String,
    /// When the answers were last saved, in the city's time.
    saved: String,
    /// Whether it is still a draft (after submitting, the receipt is the paper to keep).
    draft: bool,
    sections: Vec<SummarySection>,
}

pub async fn show(State(state): State<AppState>, who: SignedIn, page: Page, Path(id): Path<Uuid>) -> AppResult<PrintPage> {
    let (application, form) = load_own(&state, &who, id).await?;
    let lang = page.lang;
    let names = file_names(&state, id).await?;
    Ok(PrintPage {
        id,
        form_title: form.title(lang).to_string(),
        service: service_name(&state, &application.service_id, lang).await?,
        saved: local_time(application.updated_at, lang),
        draft: application.status == Status::Draft,
        sections: summary(&form, &application.answers, lang, &names),
        page,
    })
}
