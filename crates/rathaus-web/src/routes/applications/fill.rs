//! One page of a form: shown with the saved answers, saved on every step. A page with
//! problems comes back with the person's own input and a message at each field. Groups
//! grow and shrink with buttons, and profile data fills fields only after the person
//! ticks which — all without JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use uuid::Uuid;

use super::fields::{FieldView, SummaryEntry, ViewContext, answers_from_pairs, error_summary, ids_on_page, views};
use super::{file_names, load_own};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::middleware::body_limit::is_multipart;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::accounts::profile;
use rathaus_core::applications::{self, Application, files};
use rathaus_core::cases::workflow::Status;
use rathaus_core::forms::{FieldKind, FormDefinition, PageDefinition, Prefill};
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

#[derive(Debug, Default, Deserialize)]
pub struct Back {
    #[serde(default)]
    pub zurueck: Option<String>,
}

impl Back {
    fn to_review(&self) -> bool {
        self.zurueck.as_deref() == Some("pruefen")
    }
}

/// One step of the form in the list of steps.
pub struct StepLink {
    pub title: String,
    /// The page's address while it lies behind the person (they may go back to it).
    pub href: Option<String>,
    pub current: bool,
}

/// A profile value the person may take over into a field.
pub struct PrefillOffer {
    pub field: String,
    pub label: String,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "applications/page.html")]
pub struct FormPage {
    page: Page,
    form_title: String,
    title: String,
    help: String,
    step: usize,
    steps: usize,
    /// Every page's title, with a link to those before this one.
    step_list: Vec<StepLink>,
    fields: Vec<FieldView>,
    /// What is wrong, field by field, at the top of the page.
    summary: Vec<SummaryEntry>,
    offers: Vec<PrefillOffer>,
    multipart: bool,
    back_href: String,
    review: bool,
    action: String,
    notice: Option<String>,
}

fn find_page<'a>(form: &'a FormDefinition, answers: &Map<String, Value>, page_id: &str) -> AppResult<(&'a PageDefinition, usize, usize)> {
    let pages = form.pages_for(answers);
    let index = pages.iter().position(|p| p.id == page_id).ok_or(Error::NotFound)?;
    Ok((pages[index], index, pages.len()))
}

fn has_files(fields: &[rathaus_core::forms::FieldDefinition]) -> bool {
    fields.iter().any(|f| match &f.kind {
        FieldKind::File { .. } => true,
        FieldKind::Group { fields, .. } => has_files(fields),
        _ => false,
    })
}

/// Profile values for the page's empty fields that may be prefilled.
async fn offers(
    state: &AppState,
    who: &SignedIn,
    page_def: &PageDefinition,
    answers: &Map<String, Value>,
    lang: Lang,
) -> AppResult<Vec<PrefillOffer>> {
    let wanted: Vec<_> = page_def
        .fields
        .iter()
        .filter(|f| f.prefill.is_some() && answers.get(&f.id).is_none_or(rathaus_core::forms::model::is_empty))
        .collect();
    if wanted.is_empty() {
        return Ok(vec![]);
    }
    let profile = profile::load_or_draft(&state.db, &who.account).await?;
    Ok(wanted
        .into_iter()
        .filter_map(|f| {
            let value = profile_value(f.prefill?, &profile, &who.account.email)?;
            let shown = match &value {
                Value::Object(parts) => format!(
                    "{}, {} {}",
                    parts["street"].as_str().unwrap_or(""),
                    parts["postcode"].as_str().unwrap_or(""),
                    parts["city"].as_str().unwrap_or("")
                ),
                other => other.as_str().unwrap_or_default().to_string(),
            };
            Some(PrefillOffer {
                field: f.id.clone(),
                label: f.label(lang).to_string(),
                value: shown,
            })
        })
        .collect())
}

fn profile_value(prefill: Prefill, profile: &profile::Profile, email: &str) -> Option<Value> {
    let text = |s: &str| (!s.trim().is_empty()).then(|| json!(s));
    match prefill {
        Prefill::GivenName => text(&profile.given_name),
        Prefill::FamilyName => text(&profile.family_name),
        Prefill::BirthDate => profile.birth_date.map(|d| json!(d.format("%d.%m.%Y").to_string())),
        Prefill::Address => (!profile.street.is_empty() && !profile.city.is_empty())
            .then(|| json!({ "street": profile.street, "postcode": profile.postcode, "city": profile.city })),
        Prefill::Phone => text(&profile.phone),
        Prefill::Email => text(email),
    }
}

struct Shown<'a> {
    application: &'a Application,
    form: &'a FormDefinition,
    page_def: &'a PageDefinition,
    step: usize,
    steps: usize,
    answers: &'a Map<String, Value>,
    errors: Vec<(String, String)>,
    back: &'a Back,
    notice: Option<String>,
}

async fn render(state: &AppState, who: &SignedIn, mut page: Page, shown: Shown<'_>) -> AppResult<FormPage> {
    let lang = page.lang;
    let names = file_names(state, shown.application.id).await?;
    let errors: HashMap<String, String> = shown.errors.iter().cloned().collect();
    let ctx = ViewContext {
        lang,
        saved: &shown.application.answers,
        on_page: ids_on_page(&shown.page_def.fields),
        errors: &errors,
        file_names: &names,
    };
    let id = shown.application.id;
    let pages = shown.form.pages_for(shown.answers);
    let back_href = match (shown.back.to_review(), shown.step) {
        (true, _) => format!("/antraege/{id}/pruefen"),
        (false, 0) => format!("/antraege/neu/{}", shown.application.service_id),
        (false, n) => format!(
            "/antraege/{id}/seite/{}",
            pages.get(n - 1).map(|p| p.id.as_str()).unwrap_or_default()
        ),
    };
    let multipart = has_files(&shown.page_def.fields);
    let csrf = who.session.csrf_token.clone();
    let query = if shown.back.to_review() { "?zurueck=pruefen" } else { "" };
    let mut action = format!("/antraege/{id}/seite/{}{query}", shown.page_def.id);
    if multipart {
        // The upload form carries its token in the address (see the CSRF layer).
        let sep = if query.is_empty() { '?' } else { '&' };
        action.push_str(&format!("{sep}_csrf={}", crate::auth::url_component(&csrf)));
    }
    page.csrf = Some(csrf);
    let step_list = pages
        .iter()
        .enumerate()
        .map(|(i, p)| StepLink {
            title: p.title(lang).to_string(),
            href: (i < shown.step).then(|| format!("/antraege/{id}/seite/{}", p.id)),
            current: i == shown.step,
        })
        .collect();
    let fields = views(&shown.page_def.fields, shown.answers, &ctx, "");
    Ok(FormPage {
        summary: error_summary(&fields, &shown.errors),
        fields,
        step_list,
        form_title: shown.form.title(lang).to_string(),
        title: shown.page_def.title(lang).to_string(),
        help: shown.page_def.help(lang).unwrap_or_default().to_string(),
        step: shown.step + 1,
        steps: shown.steps,
        offers: offers(state, who, shown.page_def, shown.answers, lang).await?,
        multipart,
        back_href,
        review: shown.back.to_review(),
        action,
        notice: shown.notice,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    page: Page,
    Path((id, page_id)): Path<(Uuid, String)>,
    Query(back): Query<Back>,
) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    if let Some(elsewhere) = not_editable(&state, &application).await? {
        return Ok(elsewhere);
    }
    let (page_def, step, steps) = match find_page(&form, &application.answers, &page_id) {
        Ok(found) => found,
        // A page that no longer applies (an earlier answer changed) leads to the review.
        Err(_) if form.pages.iter().any(|p| p.id == page_id) => {
            return Ok(Redirect::to(&format!("/antraege/{id}/pruefen")).into_response());
        }
        Err(e) => return Err(e),
    };
    let shown = Shown {
        application: &application,
        form: &form,
        page_def,
        step,
        steps,
        answers: &application.answers,
        errors: vec![],
        back: &back,
        notice: None,
    };
    Ok(render(&state, &who, page, shown).await?.into_response())
}

/// What the person pressed.
enum Action {
    Next,
    SaveForLater,
    Add(String),
    Remove(String, usize),
    Prefill,
}

fn action_of(pairs: &[(String, String)]) -> Action {
    let value = pairs
        .iter()
        .find(|(k, _)| k == "aktion")
        .map(|(_, v)| v.as_str())
        .unwrap_or("weiter");
    let mut parts = value.split(':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("speichern"), _, _) => Action::SaveForLater,
        (Some("hinzufuegen"), Some(group), _) => Action::Add(group.to_string()),
        (Some("entfernen"), Some(group), Some(n)) => n.parse().map(|n| Action::Remove(group.to_string(), n)).unwrap_or(Action::Next),
        (Some("uebernehmen"), _, _) => Action::Prefill,
        _ => Action::Next,
    }
}

/// Reads the submitted page. Files are streamed into the store as they arrive; a
/// refused file becomes a message at its field and the rest of the page is kept.
async fn read_input(
    state: &AppState,
    who: &SignedIn,
    form: &FormDefinition,
    id: Uuid,
    lang: Lang,
    request: Request,
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    if !is_multipart(&request) {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|_| AppError(Error::Invalid("the form could not be read".into())))?;
        return Ok((pairs, vec![]));
    }
    let mut multipart = crate::forms::open_multipart(state, request).await?;
    let mut pairs = Vec::new();
    let mut problems = Vec::new();
    while let Some(field) = crate::forms::next_part(state, &mut multipart).await? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(path) = name.strip_suffix("._upload") {
            let original = field.file_name().unwrap_or_default().to_string();
            if original.is_empty() {
                continue;
            }
            let field_id = path.rsplit('.').next().unwrap_or(path);
            let target = files::UploadTarget {
                application: id,
                form,
                field: field_id,
                original_name: &original,
            };
            match files::upload(&state.db, &state.blobs, &*state.clock, &who.acting(), target, field).await {
                Ok(record) => {
                    pairs.retain(|(k, _)| k != path);
                    pairs.push((path.to_string(), record.id.to_string()));
                    pairs.push((format!("{path}._uploaded"), String::new()));
                }
                Err(e) => problems.push((path.to_string(), crate::forms::upload_problem(e, lang)?)),
            }
        } else {
            let text = field
                .text()
                .await
                .map_err(|_| AppError(Error::Invalid("the upload could not be read".into())))?;
            // A file uploaded earlier in this request wins over the hidden old value.
            if !pairs.iter().any(|(k, _)| k == &format!("{name}._uploaded")) {
                pairs.push((name, text));
            }
        }
    }
    Ok((pairs, problems))
}

pub async fn save(
    State(state): State<AppState>,
    who: SignedIn,
    page: Page,
    Path((id, page_id)): Path<(Uuid, String)>,
    Query(back): Query<Back>,
    request: Request,
) -> AppResult<Response> {
    let (application, form) = load_own(&state, &who, id).await?;
    if let Some(elsewhere) = not_editable(&state, &application).await? {
        return Ok(elsewhere);
    }
    let (page_def, _, _) = find_page(&form, &application.answers, &page_id)?;
    let lang = page.lang;
    let (mut pairs, upload_problems) = read_input(&state, &who, &form, id, lang, request).await?;
    // "Remove this file" drops the answer.
    let removed: Vec<String> = pairs
        .iter()
        .filter_map(|(k, _)| k.strip_suffix("._remove").map(str::to_string))
        .collect();
    pairs.retain(|(k, _)| !removed.contains(k));
    let action = action_of(&pairs);
    let mut input = answers_from_pairs(&page_def.fields, &pairs, "");
    match &action {
        Action::Add(group) => {
            if let Some(Value::Array(items)) = input.get_mut(group) {
                items.push(json!({}));
            } else if page_def.fields.iter().any(|f| &f.id == group) {
                input.insert(group.clone(), json!([{}]));
            }
        }
        Action::Remove(group, n) => {
            if let Some(Value::Array(items)) = input.get_mut(group)
                && (1..=items.len()).contains(n)
            {
                items.remove(n - 1);
            }
        }
        Action::Prefill => {
            let chosen: Vec<&str> = pairs.iter().filter(|(k, _)| k == "uebernehmen").map(|(_, v)| v.as_str()).collect();
            let profile = profile::load_or_draft(&state.db, &who.account).await?;
            for field in page_def.fields.iter().filter(|f| chosen.contains(&f.id.as_str())) {
                if let Some(value) = field.prefill.and_then(|p| profile_value(p, &profile, &who.account.email)) {
                    input.insert(field.id.clone(), value);
                }
            }
        }
        Action::Next | Action::SaveForLater => {}
    }
    let checked = applications::save_page(&state.db, &*state.clock, &who.acting(), id, &form, &page_id, &input).await?;
    let saved = applications::own(&state.db, &who.acting(), id).await?;
    let mut errors: Vec<(String, String)> = upload_problems.clone();
    for problem in &checked.problems {
        if !errors.iter().any(|(path, _)| path == &problem.path) {
            errors.push((problem.path.clone(), lang.t(problem.key)));
        }
    }
    let leaving = matches!(action, Action::Next | Action::SaveForLater);
    if leaving && errors.is_empty() {
        let target = match action {
            Action::SaveForLater => "/antraege?hinweis=gespeichert".to_string(),
            _ if back.to_review() => format!("/antraege/{id}/pruefen"),
            _ => {
                let pages = form.pages_for(&saved.answers);
                let here = pages.iter().position(|p| p.id == page_id);
                match here.and_then(|i| pages.get(i + 1)) {
                    Some(next) => format!("/antraege/{id}/seite/{}", next.id),
                    None => format!("/antraege/{id}/pruefen"),
                }
            }
        };
        return Ok(Redirect::to(&target).into_response());
    }
    if matches!(action, Action::Prefill) {
        applications::record_event(&state.db, &*state.clock, id, "prefilled", &format!("account:{}", who.account.id)).await?;
    }
    // The page again, with what the person typed. Problems are only shown when they
    // tried to leave the page (or a file was refused).
    let shown_errors = if leaving { errors } else { upload_problems };
    let (_, step, steps) = find_page(&form, &saved.answers, &page_id).unwrap_or((page_def, 0, 1));
    let notice = matches!(action, Action::SaveForLater).then(|| lang.t("application-saved-partly"));
    let invalid = !shown_errors.is_empty();
    let shown = Shown {
        application: &saved,
        form: &form,
        page_def,
        step,
        steps,
        answers: &input,
        errors: shown_errors,
        back: &back,
        notice,
    };
    let rendered = render(&state, &who, page, shown).await?;
    if invalid {
        Ok(crate::error::invalid(rendered))
    } else {
        Ok(rendered.into_response())
    }
}

/// Where to go instead when the draft cannot be changed: submitted, or its fee is
/// being paid.
pub(crate) async fn not_editable(state: &AppState, application: &rathaus_core::applications::Application) -> AppResult<Option<Response>> {
    let id = application.id;
    if application.status != Status::Draft {
        return Ok(Some(Redirect::to(&format!("/antraege/{id}")).into_response()));
    }
    if rathaus_core::payments::open_for(&state.db, id).await?.is_some() {
        return Ok(Some(Redirect::to(&format!("/antraege/{id}/zahlung")).into_response()));
    }
    Ok(None)
}
