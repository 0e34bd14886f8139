//! Organisation accounts under `/konto/organisationen`: found one, invite and manage
//! members, accept an invitation, and choose on whose behalf one acts. Every page checks
//! membership afresh, so a removed member loses access with the next request; someone
//! who is no member gets the same 404 as for an organisation that does not exist.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{invalid, site};
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::format;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::normalize_email;
use rathaus_core::organisations::{self, MemberRole, Organisation, OrganisationForm};
use rathaus_platform::Error;

/// Session key: the organisation the person currently acts for.
const ACTING_FOR: &str = "acting_for";

/// The organisation chosen in this session, not yet checked against the membership.
async fn chosen(session: &SessionHandle) -> AppResult<Option<Uuid>> {
    Ok(session
        .get(ACTING_FOR)
        .await?
        .and_then(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok())))
}

/// The organisation the person acts for, if any — checked against the membership on
/// every call, and forgotten when it has ended.
pub async fn acting_for(state: &AppState, session: &SessionHandle, account: Uuid) -> AppResult<Option<Organisation>> {
    let Some(id) = chosen(session).await? else {
        return Ok(None);
    };
    match organisations::role_of(&state.db, id, account).await {
        Ok(_) => Ok(Some(organisations::get(&state.db, id).await?)),
        Err(Error::NotFound) => {
            session.put(ACTING_FOR, None).await?;
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

fn role_label(page: &Page, role: MemberRole) -> String {
    page.t(&format!("org-role-{}", role.as_str()))
}

pub struct OrgRow {
    id: Uuid,
    name: String,
    role: String,
    acting: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/organisations.html")]
pub struct ListPage {
    page: Page,
    organisations: Vec<OrgRow>,
    acting: Option<String>,
    form: OrganisationForm,
    errors: FormErrors,
}

async fn render_list(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    who: &SignedIn,
    form: OrganisationForm,
    errors: FormErrors,
) -> AppResult<ListPage> {
    page.csrf = Some(session.csrf_token().await?);
    let acting = acting_for(state, session, who.account.id).await?;
    let organisations = organisations::of_account(&state.db, who.account.id)
        .await?
        .into_iter()
        .map(|(org, role)| OrgRow {
            acting: acting.as_ref().is_some_and(|a| a.id == org.id),
            id: org.id,
            name: org.name,
            role: role_label(&page, role),
        })
        .collect();
    Ok(ListPage {
        organisations,
        acting: acting.map(|o| o.name),
        form,
        errors,
        page,
    })
}

pub async fn list(State(state): State<AppState>, page: Page, session: SessionHandle, who: SignedIn) -> AppResult<ListPage> {
    render_list(&state, page, &session, &who, OrganisationForm::default(), FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    Form(form): Form<OrganisationForm>,
) -> AppResult<Response> {
    match form.parse() {
        Ok(valid) => {
            let org = organisations::create(&state.db, &*state.clock, &who.account, &valid).await?;
            Ok(Redirect::to(&format!("/konto/organisationen/{}?hinweis=angelegt", org.id)).into_response())
        }
        Err(problems) => {
            let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
            Ok(invalid(render_list(&state, page, &session, &who, form, errors).await?))
        }
    }
}

pub struct MemberRow {
    id: Uuid,
    name: String,
    email: String,
    role: String,
    is_owner: bool,
    joined: String,
    is_me: bool,
}

pub struct InvitationRow {
    handle: String,
    email: String,
    role: String,
    expires: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/organisation.html")]
pub struct DetailPage {
    page: Page,
    org: Organisation,
    owner: bool,
    acting: bool,
    members: Vec<MemberRow>,
    invitations: Vec<InvitationRow>,
    invite: InviteForm,
    errors: FormErrors,
    info: Option<String>,
}

struct Detail {
    invite: InviteForm,
    errors: FormErrors,
    info: Option<String>,
}

async fn render_detail(
    state: &AppState,
    mut page: Page,
    session: &SessionHandle,
    who: &SignedIn,
    id: Uuid,
    detail: Detail,
) -> AppResult<DetailPage> {
    let my_role = organisations::role_of(&state.db, id, who.account.id).await?;
    page.csrf = Some(session.csrf_token().await?);
    let org = organisations::get(&state.db, id).await?;
    // Membership was checked above; the session only says which organisation was chosen.
    let acting = chosen(session).await? == Some(id);
    let members = organisations::members(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            is_me: m.account_id == who.account.id,
            id: m.account_id,
            name: m.name,
            email: m.email,
            role: role_label(&page, m.role),
            is_owner: m.role == MemberRole::Owner,
            joined: format::date_time(page.lang, m.joined_at),
        })
        .collect();
    let owner = my_role == MemberRole::Owner;
    let invitations = if owner {
        organisations::pending_invitations(&state.db, &*state.clock, id)
            .await?
            .into_iter()
            .map(|i| InvitationRow {
                handle: i.handle,
                email: i.email,
                role: role_label(&page, i.role),
                expires: format::date_time(page.lang, i.expires_at),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(DetailPage {
        org,
        owner,
        acting,
        members,
        invitations,
        invite: detail.invite,
        errors: detail.errors,
        info: detail.info,
        page,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct InfoQuery {
    #[serde(default)]
    hinweis: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<InfoQuery>,
) -> AppResult<DetailPage> {
    let info = match q.hinweis.as_str() {
        "angelegt" => Some(page.t("org-info-created")),
        "eingeladen" => Some(page.t("org-info-invited")),
        "zurueckgezogen" => Some(page.t("org-info-withdrawn")),
        "entfernt" => Some(page.t("org-info-removed")),
        "rolle" => Some(page.t("org-info-role")),
        "beigetreten" => Some(page.t("org-info-joined")),
        "handeln" => Some(page.t("org-info-acting")),
        _ => None,
    };
    let detail = Detail {
        invite: InviteForm::default(),
        errors: FormErrors::default(),
        info,
    };
    render_detail(&state, page, &session, &who, id, detail).await
}

pub async fn invite(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    Path(id): Path<Uuid>,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let role = MemberRole::parse(&form.role).unwrap_or(MemberRole::Member);
    let problem = if normalize_email(&form.email).is_err() {
        Some(("email", "account-error-email"))
    } else {
        let site = site(&state, &page);
        match organisations::invite(&state.db, &*state.clock, &site, &who.account, id, &form.email, role).await {
            Ok(()) => return Ok(Redirect::to(&format!("/konto/organisationen/{id}?hinweis=eingeladen")).into_response()),
            Err(Error::Conflict(_)) => Some(("email", "org-error-member-already")),
            Err(e) => return Err(e.into()),
        }
    };
    let errors = FormErrors::from_keys(&page, problem);
    let detail = Detail {
        invite: form,
        errors,
        info: None,
    };
    Ok(invalid(render_detail(&state, page, &session, &who, id, detail).await?))
}

#[derive(Debug, Default, Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    handle: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<Uuid>,
    Form(form): Form<HandleForm>,
) -> AppResult<Response> {
    organisations::withdraw_invitation(&state.db, &*state.clock, &who.account, id, &form.handle).await?;
    Ok(Redirect::to(&format!("/konto/organisationen/{id}?hinweis=zurueckgezogen")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    member: String,
    #[serde(default)]
    role: String,
}

fn member_id(form: &MemberForm) -> Result<Uuid, AppError> {
    Uuid::parse_str(&form.member).map_err(|_| AppError(Error::NotFound))
}

/// Shows the detail page with a rule's message (the last owner cannot go).
async fn refused(
    state: &AppState,
    page: Page,
    session: &SessionHandle,
    who: &SignedIn,
    id: Uuid,
    key: &'static str,
) -> AppResult<Response> {
    let errors = FormErrors::from_keys(&page, [("members-title", key)]);
    let detail = Detail {
        invite: InviteForm::default(),
        errors,
        info: None,
    };
    Ok(crate::error::rendered(
        crate::error::Refusal::Conflict,
        render_detail(state, page, session, who, id, detail).await?,
    ))
}

pub async fn remove(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    Path(id): Path<Uuid>,
    Form(form): Form<MemberForm>,
) -> AppResult<Response> {
    let member = member_id(&form)?;
    match organisations::remove_member(&state.db, &*state.clock, &who.account, id, member).await {
        Ok(()) if member == who.account.id => Ok(Redirect::to("/konto/organisationen").into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/konto/organisationen/{id}?hinweis=entfernt")).into_response()),
        Err(Error::Conflict(_)) => refused(&state, page, &session, &who, id, "org-error-last-owner").await,
        Err(e) => Err(e.into()),
    }
}

pub async fn set_role(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    who: SignedIn,
    Path(id): Path<Uuid>,
    Form(form): Form<MemberForm>,
) -> AppResult<Response> {
    let member = member_id(&form)?;
    let role = MemberRole::parse(&form.role).ok_or(AppError(Error::Invalid("unknown role".into())))?;
    match organisations::set_role(&state.db, &*state.clock, &who.account, id, member, role).await {
        Ok(()) => Ok(Redirect::to(&format!("/konto/organisationen/{id}?hinweis=rolle")).into_response()),
        Err(Error::Conflict(_)) => refused(&state, page, &session, &who, id, "org-error-last-owner").await,
        Err(e) => Err(e.into()),
    }
}

pub async fn act_for(State(state): State<AppState>, session: SessionHandle, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    organisations::role_of(&state.db, id, who.account.id).await?;
    session.put(ACTING_FOR, Some(serde_json::Value::String(id.to_string()))).await?;
    Ok(Redirect::to(&format!("/konto/organisationen/{id}?hinweis=handeln")).into_response())
}

pub async fn act_for_self(session: SessionHandle, _who: SignedIn) -> AppResult<Response> {
    session.put(ACTING_FOR, None).await?;
    Ok(Redirect::to("/konto/organisationen").into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/organisation_invitation.html")]
pub struct InvitationPage {
    page: Page,
    token: String,
    organisation: String,
    /// Set when the invitation is for another address than the signed-in account's.
    other_address: Option<String>,
}

pub async fn invitation(
    State(state): State<AppState>,
    mut page: Page,
    session: SessionHandle,
    who: SignedIn,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (org, email) = match organisations::invitation(&state.db, &*state.clock, &q.token).await {
        Ok(found) => found,
        Err(Error::NotFound) => return Ok(super::notice(page, "org-invitation-invalid", Some(("/konto", "account-title"))).into_response()),
        Err(e) => return Err(e.into()),
    };
    page.csrf = Some(session.csrf_token().await?);
    let mine = normalize_email(&who.account.email).is_ok_and(|m| m == email);
    Ok(InvitationPage {
        page,
        token: q.token,
        organisation: org.name,
        other_address: (!mine).then_some(email),
    }
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    token: String,
}

pub async fn accept(State(state): State<AppState>, page: Page, who: SignedIn, Form(form): Form<AcceptForm>) -> AppResult<Response> {
    match organisations::accept(&state.db, &*state.clock, &form.token, &who.account).await {
        Ok(org) => Ok(Redirect::to(&format!("/konto/organisationen/{}?hinweis=beigetreten", org.id)).into_response()),
        Err(Error::NotFound) => Ok(invalid(super::notice(
            page,
            "org-invitation-invalid",
            Some(("/konto", "account-title")),
        ))),
        Err(e) => Err(e.into()),
    }
}
