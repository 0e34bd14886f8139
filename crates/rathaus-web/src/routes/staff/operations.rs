//! `/verwaltung/betrieb`, for operators: staff accounts and their roles, jobs that
//! failed for good, and the mail outbox (what waits, what could not be sent).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::role_label;
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::routes::account::site;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::{self, Role, Scope};
use rathaus_platform::Error;
use rathaus_platform::jobs::{self, JobStatus};
use rathaus_platform::mail;

const HERE: &str = "/verwaltung/betrieb";

pub struct StaffRow {
    id: Uuid,
    name: String,
    email: String,
    grants: Vec<GrantRow>,
}

pub struct GrantRow {
    label: String,
    role: String,
    scope: String,
}

pub struct JobLine {
    id: Uuid,
    kind: String,
    attempts: String,
    created: String,
    error: String,
}

pub struct MailLine {
    created: String,
    to: String,
    subject: String,
    status: String,
    error: String,
}

pub struct Choice {
    value: String,
    label: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/operations.html")]
pub struct OperationsPage {
    page: Page,
    staff: Vec<StaffRow>,
    roles: Vec<Choice>,
    agencies: Vec<Choice>,
    dead_jobs: Vec<JobLine>,
    job_counts: Vec<(String, i64)>,
    mails: Vec<MailLine>,
    /// The latest sweep of leftovers: when, and what it removed.
    sweep: Option<(String, Vec<(String, u64)>)>,
    invite: InviteForm,
    errors: FormErrors,
    info: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InfoQuery {
    #[serde(default)]
    hinweis: String,
}

async fn render(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    invite: InviteForm,
    errors: FormErrors,
    info: Option<String>,
) -> AppResult<OperationsPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let mut staff = Vec::new();
    for account in accounts::list_staff(&state.db).await? {
        let grants = accounts::grants_of(&state.db, account.id).await?;
        staff.push(StaffRow {
            id: account.id,
            name: account.display_name,
            email: account.email,
            grants: grants
                .iter()
                .map(|g| GrantRow {
                    label: role_label(&page, &catalog, g),
                    role: g.role.as_str().to_string(),
                    scope: g.scope.as_db().to_string(),
                })
                .collect(),
        });
    }
    let roles = Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_string(),
            label: page.t(&format!("role-{}", r.as_str().replace('_', "-"))),
        })
        .collect();
    let mut agencies: Vec<Choice> = catalog
        .file
        .agencies
        .iter()
        .map(|a| Choice {
            value: a.id.clone(),
            label: a.name(page.lang).to_string(),
        })
        .collect();
    agencies.sort_by(|a, b| a.label.cmp(&b.label));
    let dead_jobs = jobs::list(&state.db, JobStatus::Dead, 50)
        .await?
        .into_iter()
        .map(|j| JobLine {
            id: j.id,
            kind: j.kind,
            attempts: format!("{}/{}", j.attempts, j.max_attempts),
            created: format::date_time(page.lang, j.created_at),
            error: j.last_error.unwrap_or_default(),
        })
        .collect();
    let mut mails = Vec::new();
    for status in ["held", "failed", "queued"] {
        for m in mail::list(&state.db, Some(status), 50).await? {
            mails.push(MailLine {
                created: format::date_time(page.lang, m.created_at),
                to: m.to,
                subject: m.subject,
                status: m.status,
                error: m.error.unwrap_or_default(),
            });
        }
    }
    let sweep = rathaus_platform::blobs::sweep::latest(&state.db).await?.map(|(at, report)| {
        let lines = [
            ("ops-sweep-objects", report.objects_without_row),
            ("ops-sweep-shredded", report.shredded_objects),
            ("ops-sweep-staging", report.staging_files),
            ("ops-sweep-rows", report.unlinked_rows),
        ];
        (
            format::date_time(page.lang, at),
            lines.into_iter().map(|(key, n)| (page.t(key), n)).collect(),
        )
    });
    Ok(OperationsPage {
        staff,
        roles,
        agencies,
        dead_jobs,
        job_counts: jobs::counts(&state.db).await?,
        mails,
        sweep,
        invite,
        errors,
        info,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Query(q): Query<InfoQuery>,
) -> AppResult<OperationsPage> {
    staff.require(Role::Operator)?;
    let info = match q.hinweis.as_str() {
        "eingeladen" => Some(page.t("ops-info-invited")),
        "rolle" => Some(page.t("ops-info-granted")),
        "entzogen" => Some(page.t("ops-info-revoked")),
        "job" => Some(page.t("ops-info-job")),
        _ => None,
    };
    render(&state, page, &session, InviteForm::default(), FormErrors::default(), info).await
}

fn actor(staff: &Staff) -> String {
    format!("account:{}", staff.account.id)
}

pub async fn invite(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    staff.require(Role::Operator)?;
    let mut problems = Vec::new();
    if accounts::normalize_email(&form.email).is_err() {
        problems.push(("email", "account-error-email"));
    }
    if form.name.trim().is_empty() {
        problems.push(("name", "account-error-name"));
    }
    if problems.is_empty() {
        let site = site(&state, &page);
        match accounts::staff::invite(&state.db, &*state.clock, &site, &actor(&staff), &form.email, &form.name).await {
            Ok(_) => return Ok(Redirect::to(&format!("{HERE}?hinweis=eingeladen")).into_response()),
            Err(Error::Conflict(_)) => problems.push(("email", "ops-error-exists")),
            Err(e) => return Err(e.into()),
        }
    }
    let errors = FormErrors::from_keys(&page, problems);
    let page = render(&state, page, &session, form, errors, None).await?;
    Ok(crate::error::invalid(page))
}

#[derive(Debug, Default, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
}

/// The role and scope of a form; agency roles need an agency, city-wide roles none.
fn role_and_scope(form: &RoleForm) -> Result<(Uuid, Role, Scope), AppError> {
    let account = Uuid::parse_str(&form.account).map_err(|_| AppError(Error::NotFound))?;
    let role = Role::parse(&form.role).ok_or(AppError(Error::Invalid("unknown role".into())))?;
    let scope = if role.is_city_wide() {
        Scope::City
    } else if form.scope.is_empty() || form.scope == "*" {
        return Err(AppError(Error::Invalid("this role needs an agency".into())));
    } else {
        Scope::Agency(form.scope.clone())
    };
    Ok((account, role, scope))
}

pub async fn grant(State(state): State<AppState>, staff: Staff, Form(form): Form<RoleForm>) -> AppResult<Response> {
    staff.require(Role::Operator)?;
    let (account, role, scope) = role_and_scope(&form)?;
    let target = accounts::account_by_id(state.db.write(), account).await?;
    if target.kind != accounts::AccountKind::Staff.as_str() {
        return Err(AppError(Error::NotFound));
    }
    accounts::grant_role(&state.db, &*state.clock, &actor(&staff), account, role, scope).await?;
    Ok(Redirect::to(&format!("{HERE}?hinweis=rolle")).into_response())
}

pub async fn revoke(State(state): State<AppState>, staff: Staff, Form(form): Form<RoleForm>) -> AppResult<Response> {
    staff.require(Role::Operator)?;
    let (account, role, scope) = role_and_scope(&form)?;
    accounts::revoke_role(&state.db, &*state.clock, &actor(&staff), account, role, scope).await?;
    Ok(Redirect::to(&format!("{HERE}?hinweis=entzogen")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct JobForm {
    #[serde(default)]
    id: String,
}

pub async fn retry_job(State(state): State<AppState>, staff: Staff, Form(form): Form<JobForm>) -> AppResult<Response> {
    staff.require(Role::Operator)?;
    let id = Uuid::parse_str(&form.id).map_err(|_| AppError(Error::NotFound))?;
    jobs::retry_dead(&state.db, &*state.clock, id).await?;
    Ok(Redirect::to(&format!("{HERE}?hinweis=job")).into_response())
}
