//! `/verwaltung/transparenz/api-schluessel`: a desk's keys for the CKAN API. A new key
//! is shown once, on the page that made it; the list shows when each was last used and
//! revokes it at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::desk::desk_of;
use crate::auth::Staff;
use crate::error::{AppResult, invalid};
use crate::format;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::api_keys::{self, ApiKey, MAX_DAYS};
use rathaus_platform::Error;

const HERE: &str = "/verwaltung/transparenz/api-schluessel";
const DEFAULT_DAYS: i64 = 90;

#[derive(Debug, Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

impl Default for KeyForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            days: DEFAULT_DAYS.to_string(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct KeysQuery {
    #[serde(default)]
    hinweis: String,
}

pub struct KeyLine {
    id: Uuid,
    name: String,
    created: String,
    expires: String,
    last_used: String,
    state: String,
    usable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/api_keys.html")]
pub struct KeysPage {
    page: Page,
    keys: Vec<KeyLine>,
    form: KeyForm,
    errors: FormErrors,
    /// The key just made, shown this once.
    secret: Option<String>,
    revoked: bool,
    max_days: i64,
    endpoint: String,
}

async fn render(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    form: KeyForm,
    errors: FormErrors,
    (secret, revoked): (Option<String>, bool),
) -> AppResult<KeysPage> {
    desk_of(staff)?;
    page.csrf = Some(session.csrf_token().await?);
    let now = state.clock.now();
    let keys = api_keys::of_account(state.db.read(), staff.account.id)
        .await?
        .into_iter()
        .map(|key: ApiKey| KeyLine {
            id: key.id,
            state: page.t(match (key.revoked_at, key.is_usable(now)) {
                (Some(_), _) => "api-keys-revoked",
                (None, true) => "api-keys-active",
                (None, false) => "api-keys-expired",
            }),
            usable: key.is_usable(now),
            created: format::date(page.lang, key.created_at.date_naive()),
            expires: format::date(page.lang, key.expires_at.date_naive()),
            last_used: key
                .last_used_at
                .map(|t| format::date_time(page.lang, t))
                .unwrap_or_else(|| page.t("api-keys-never")),
            name: key.name,
        })
        .collect();
    Ok(KeysPage {
        keys,
        form,
        errors,
        secret,
        revoked,
        max_days: MAX_DAYS,
        endpoint: format!("{}/api/3/action/", state.config.public_url.trim_end_matches('/')),
        page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(query): Query<KeysQuery>,
) -> AppResult<KeysPage> {
    let notice = (None, query.hinweis == "widerrufen");
    render(&state, (page, &session), &staff, KeyForm::default(), FormErrors::default(), notice).await
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Form(form): Form<KeyForm>,
) -> AppResult<Response> {
    desk_of(&staff)?;
    let days = form.days.trim().parse::<i64>().unwrap_or(0);
    match api_keys::create(&state.db, &*state.clock, staff.account.id, &form.name, days).await {
        Ok((_, secret)) => {
            let shown = render(
                &state,
                (page, &session),
                &staff,
                KeyForm::default(),
                FormErrors::default(),
                (Some(secret), false),
            )
            .await?;
            Ok(shown.into_response())
        }
        Err(Error::Invalid(key)) => {
            let field = if key == "api-key-error-days" { "days" } else { "name" };
            let errors = FormErrors::from_keys(
                &page,
                [(
                    field,
                    if field == "days" {
                        "api-key-error-days"
                    } else {
                        "api-key-error-name"
                    },
                )],
            );
            let shown = render(&state, (page, &session), &staff, form, errors, (None, false)).await?;
            Ok(invalid(shown))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(State(state): State<AppState>, staff: Staff, Path(id): Path<Uuid>) -> AppResult<Response> {
    desk_of(&staff)?;
    api_keys::revoke(&state.db, &*state.clock, staff.account.id, id).await?;
    Ok(Redirect::to(&format!("{HERE}?hinweis=widerrufen")).into_response())
}
