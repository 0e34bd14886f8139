//! Applying online (`/antraege`): start a draft for a service, one question group per
//! page, check the answers, submit, and follow the application on its status page.
//! Every route reads the application through its owner; anyone else gets a 404, and
//! the attempt is in the audit log.

pub(crate) mod delivery;
mod download;
mod fees;
mod fields;
mod fill;
mod print;
mod review;
pub(crate) mod start;
mod withdraw;

use axum::Router;
use axum::routing::{get, post};
use std::collections::HashMap;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::applications::{self, Application, files};
use rathaus_core::forms::FormDefinition;
use rathaus_platform::Error;

pub use download::{made as made_document, stream as stream_file};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/antraege", get(review::list))
        .route("/antraege/neu/{service}", get(start::form).post(start::create))
        .route("/antraege/{id}", get(review::status))
        .route("/antraege/{id}/seite/{page}", get(fill::show).post(fill::save))
        .route("/antraege/{id}/pruefen", get(review::check))
        .route("/antraege/{id}/druckansicht", get(print::show))
        .route("/antraege/{id}/absenden", post(review::submit))
        .route("/antraege/{id}/eingegangen", get(review::confirmation))
        .route("/antraege/{id}/loeschen", post(review::delete))
        .route("/antraege/{id}/zurueckziehen", get(withdraw::confirm).post(withdraw::withdraw))
        .route("/antraege/{id}/dateien/{file}", get(download::file))
}

/// One of the signed-in person's applications with the form version it was made with.
/// Someone else's answers 404 — and is recorded, as it may be an attack.
pub(crate) async fn load_own(state: &AppState, who: &SignedIn, id: Uuid) -> AppResult<(Application, FormDefinition)> {
    let application = match applications::own(&state.db, &who.acting(), id).await {
        Ok(application) => application,
        Err(Error::NotFound) => {
            refused(state, who, &format!("application:{id}")).await?;
            return Err(AppError(Error::NotFound));
        }
        Err(e) => return Err(e.into()),
    };
    let form = rathaus_core::forms::made_with(&state.forms, &application.form_id, application.form_version)?.clone();
    Ok((application, form))
}

/// Records a refused access to something that may exist but is not the person's.
pub(crate) async fn refused(state: &AppState, who: &SignedIn, subject: &str) -> AppResult<()> {
    let action = match subject.split_once(':') {
        Some(("payment", _)) => "payment.access-refused",
        _ => "application.access-refused",
    };
    crate::refusal::record(state, &format!("account:{}", who.account.id), action, subject).await
}

/// Names of the files uploaded into an application, by id.
pub(crate) async fn file_names(state: &AppState, application: Uuid) -> AppResult<HashMap<String, String>> {
    Ok(files::linked(&state.db, application)
        .await?
        .into_iter()
        .map(|f| (f.id.to_string(), f.original_name))
        .collect())
}

/// The service's name in the page's language.
pub(crate) async fn service_name(state: &AppState, service: &str, lang: rathaus_platform::i18n::Lang) -> AppResult<String> {
    let catalog = state.catalog().await?;
    Ok(catalog
        .service(service)
        .map(|s| {
            if lang == rathaus_platform::i18n::Lang::En {
                s.name_en.clone()
            } else {
                s.name_de.clone()
            }
        })
        .unwrap_or_else(|| service.to_string()))
}
