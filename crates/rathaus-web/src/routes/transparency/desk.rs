//! `/verwaltung/transparenz`: the publishing desk. Publishers draft records of their
//! agency, add files and links, and ask for review; reviewers go through the findings of
//! the personal-data check, redact or clear each, and release (now or at a set time) what
//! someone else drafted. Each record's page shows what its state allows the person to do.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::view::{self, Fact, PublicationLine, ResourceLine, RevisionLine};
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::transparency::actions::{self, release_refusal};
use rathaus_core::transparency::metadata::{Category, Frequency, Licence, Theme};
use rathaus_core::transparency::{Desk, FindingState, MetadataInput, Publication, Status, store};
use rathaus_platform::Error;

/// The desk of the signed-in staff member: Forbidden without a publishing role.
pub fn desk_of(staff: &Staff) -> AppResult<Desk> {
    let desk = Desk::of(staff.account.id, &staff.account.display_name, &staff.grants);
    if desk.agencies().is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    Ok(desk)
}

/// A translated message for a domain refusal whose text is a key (`transparency-…`).
pub fn refusal_text(page: &Page, error: &Error) -> Option<String> {
    let key = match error {
        Error::Conflict(key) | Error::Invalid(key) => key,
        _ => return None,
    };
    let (key, detail) = key.split_once(": ").unwrap_or((key.as_str(), ""));
    if !key.starts_with("transparency-") {
        return None;
    }
    Some(if detail.is_empty() {
        page.t(key)
    } else {
        page.t1(key, "text", detail)
    })
}

pub struct Choice {
    pub id: String,
    pub label: String,
}

fn choices<T: Copy>(page: &Page, all: &[T], id: fn(T) -> &'static str, label: fn(T) -> String) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            id: id(*v).to_string(),
            label: page.t(&label(*v)),
        })
        .collect()
}

pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub lines: Vec<PublicationLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/desk.html")]
pub struct DeskPage {
    page: Page,
    sections: Vec<Section>,
    can_draft: bool,
}

pub async fn list(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<DeskPage> {
    let desk = desk_of(&staff)?;
    let catalog = state.catalog().await?;
    let agencies = desk.agencies();
    let all = store::of_agencies(state.db.read(), &agencies).await?;
    let reports = rathaus_core::transparency::reports::open_counts(state.db.read(), &agencies).await?;
    let mut sections = Vec::new();
    for status in [
        Status::InReview,
        Status::Draft,
        Status::Scheduled,
        Status::Published,
        Status::Withdrawn,
    ] {
        let lines: Vec<PublicationLine> = all
            .iter()
            .filter(|p| p.status == status)
            .map(|p| PublicationLine {
                reports: reports.iter().find(|(id, _)| *id == p.id).map(|(_, n)| *n).unwrap_or(0),
                ..view::line(&page, &catalog, p)
            })
            .collect();
        sections.push(Section {
            id: status.as_str(),
            title: view::status_label(&page, status),
            lines,
        });
    }
    Ok(DeskPage {
        can_draft: !desk.publishes.is_empty(),
        sections,
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/metadata_form.html")]
pub struct MetadataPage {
    page: Page,
    /// None: a new record.
    id: Option<String>,
    title: String,
    form: MetadataInput,
    agency: String,
    agencies: Vec<Choice>,
    categories: Vec<Choice>,
    themes: Vec<Choice>,
    licences: Vec<Choice>,
    frequencies: Vec<Choice>,
    errors: FormErrors,
}

impl MetadataPage {
    pub fn selected_theme(&self, id: &str) -> bool {
        self.form.themes.split([',', ' ']).any(|t| t.trim().eq_ignore_ascii_case(id))
    }
}

async fn metadata_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    desk: &Desk,
    id: Option<Uuid>,
    (form, agency): (MetadataInput, String),
    errors: FormErrors,
) -> AppResult<MetadataPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let agencies = desk
        .publishes
        .iter()
        .map(|a| Choice {
            id: a.clone(),
            label: view::agency_name(&catalog, &page, a),
        })
        .collect();
    let title = match id {
        Some(_) => page.t("transparency-edit-title"),
        None => page.t("transparency-new-title"),
    };
    Ok(MetadataPage {
        id: id.map(|i| i.to_string()),
        title,
        categories: choices(&page, Category::ALL, Category::id, Category::label_key),
        themes: choices(&page, Theme::ALL, Theme::id, Theme::label_key),
        licences: choices(&page, Licence::ALL, Licence::id, Licence::label_key),
        frequencies: choices(&page, Frequency::ALL, Frequency::id, Frequency::label_key),
        agencies,
        agency,
        form,
        errors,
        page,
    })
}

/// The form as sent: the metadata, the agency (new records), and the themes as ticked
/// boxes (several fields of one name).
#[derive(Debug, Default, Deserialize)]
pub struct MetadataForm {
    #[serde(default)]
    agency: String,
    #[serde(flatten)]
    meta: MetadataInput,
}

/// Reads an urlencoded body where `themes` may come several times.
fn parse_form(body: &str) -> MetadataForm {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
    let themes: Vec<String> = pairs.iter().filter(|(k, _)| k == "themes").map(|(_, v)| v.clone()).collect();
    let rest: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "themes").collect();
    let mut form: MetadataForm = serde_urlencoded::from_str(&serde_urlencoded::to_string(&rest).unwrap_or_default()).unwrap_or_default();
    form.meta.themes = themes.join(",");
    form
}

fn errors_of(page: &Page, problems: Vec<rathaus_core::FieldError>) -> FormErrors {
    FormErrors::of(page, problems)
}

pub async fn new_form(State(state): State<AppState>, page: Page, session: SessionHandle, staff: Staff) -> AppResult<MetadataPage> {
    let desk = desk_of(&staff)?;
    if desk.publishes.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    let form = MetadataInput {
        licence: "dl-by-de/2.0".into(),
        frequency: "NEVER".into(),
        spatial: "Hamburg".into(),
        ..Default::default()
    };
    let agency = desk.publishes[0].clone();
    metadata_page(&state, (page, &session), &desk, None, (form, agency), FormErrors::default()).await
}

pub async fn create(State(state): State<AppState>, page: Page, session: SessionHandle, staff: Staff, body: String) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let form = parse_form(&body);
    let refused = |errors: FormErrors, form: MetadataForm| async {
        let shown = metadata_page(&state, (page.clone(), &session), &desk, None, (form.meta, form.agency), errors).await?;
        Ok::<Response, AppError>(invalid(shown))
    };
    if !desk.publishes.contains(&form.agency) {
        return refused(FormErrors::from_keys(&page, [("agency", "transparency-error-agency")]), form).await;
    }
    let meta = match form.meta.parse() {
        Ok(meta) => meta,
        Err(problems) => return refused(errors_of(&page, problems), form).await,
    };
    match actions::create(&state.db, &*state.clock, &desk, &form.agency, meta, None).await {
        Ok(created) => Ok(Redirect::to(&format!("/verwaltung/transparenz/{}?hinweis=angelegt", created.id)).into_response()),
        Err(Error::Conflict(key)) if key == "transparency-name-taken" => {
            refused(FormErrors::from_keys(&page, [("name", "transparency-name-taken")]), form).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
) -> AppResult<MetadataPage> {
    let desk = desk_of(&staff)?;
    let publication = actions::for_desk(state.db.read(), &desk, id).await?;
    let agency = publication.agency_id.clone();
    metadata_page(
        &state,
        (page, &session),
        &desk,
        Some(id),
        (MetadataInput::of(&publication.meta), agency),
        FormErrors::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    body: String,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let publication = actions::for_desk(state.db.read(), &desk, id).await?;
    let form = parse_form(&body);
    let agency = publication.agency_id.clone();
    let refused = |errors: FormErrors, meta: MetadataInput| async {
        let shown = metadata_page(&state, (page.clone(), &session), &desk, Some(id), (meta, agency.clone()), errors).await?;
        Ok::<Response, AppError>(invalid(shown))
    };
    let meta = match form.meta.parse() {
        Ok(meta) => meta,
        Err(problems) => return refused(errors_of(&page, problems), form.meta).await,
    };
    match actions::update(&state.db, &*state.clock, &desk, id, meta).await {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/transparenz/{id}?hinweis=gespeichert")).into_response()),
        Err(Error::Conflict(key)) if key == "transparency-name-taken" => {
            refused(FormErrors::from_keys(&page, [("name", "transparency-name-taken")]), form.meta).await
        }
        Err(e) => match refusal_text(&page, &e) {
            Some(text) => {
                let errors = FormErrors(vec![crate::forms::FieldMessage {
                    field: "description",
                    text,
                }]);
                refused(errors, form.meta).await
            }
            None => Err(e.into()),
        },
    }
}

pub struct FindingLine {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub resource: String,
    pub page_no: i32,
    pub line: i32,
    pub context: String,
    pub state: String,
    pub open: bool,
    pub reason: Option<String>,
    /// Known from the application the file came from.
    pub proposed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "transparency/desk_record.html")]
pub struct RecordPage {
    page: Page,
    id: String,
    name: String,
    title: String,
    status: String,
    status_id: &'static str,
    facts: Vec<Fact>,
    description: String,
    resources: Vec<ResourceLine>,
    findings: Vec<FindingLine>,
    open_findings: usize,
    /// Open findings the case proposed, where this person may redact them.
    proposed_open: usize,
    /// The case the record was made from: its address and reference.
    from_case: Option<(String, String)>,
    history: Vec<RevisionLine>,
    can_edit_metadata: bool,
    can_change_resources: bool,
    can_submit: bool,
    can_send_back: bool,
    can_review: bool,
    can_release: bool,
    release_blocked: Option<String>,
    can_cancel_release: bool,
    can_withdraw: bool,
    release_at: Option<String>,
    withdrawn: Option<String>,
    info: Option<String>,
    error: Option<String>,
    max_reason: usize,
    figures: rathaus_core::transparency::figures::Figures,
    reports: Vec<ReportLine>,
}

pub struct ReportLine {
    pub id: String,
    pub at: String,
    pub message: String,
    pub contact: Option<String>,
}

/// The record's page for this desk, with a message after an action, or a refusal.
pub async fn record_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    desk: &Desk,
    publication: &Publication,
    (info, error): (Option<String>, Option<String>),
) -> AppResult<RecordPage> {
    page.csrf = Some(session.csrf_token().await?);
    let catalog = state.catalog().await?;
    let conn = state.db.read();
    let resources = store::resources(conn, publication.id).await?;
    let findings = store::findings(conn, publication.id).await?;
    let history = store::revisions(conn, publication.id).await?;
    let publishes = desk.publishes_for(&publication.agency_id);
    let reviews = desk.reviews_for(&publication.agency_id);
    let waiting = resources.iter().any(|r| r.released_at.is_none());
    let in_review = publication.status == Status::InReview || (publication.status == Status::Published && waiting);
    let release_blocked = match (reviews && in_review, release_refusal(conn, desk, publication).await?) {
        (true, Some(refusal)) => Some(page.t(refusal.key())),
        _ => None,
    };
    let open_findings = findings.iter().filter(|f| f.state == FindingState::Open).count();
    let resource_name = |id: Uuid| resources.iter().find(|r| r.id == id).map(|r| r.name.clone()).unwrap_or_default();
    let findings: Vec<FindingLine> = findings
        .iter()
        .map(|f| FindingLine {
            id: f.id.to_string(),
            kind: page.t(&format!("transparency-kind-{}", f.kind.as_str().replace('_', "-"))),
            text: f.text.clone(),
            resource: resource_name(f.resource_id),
            page_no: f.page,
            line: f.line,
            context: f.context.clone(),
            state: page.t(&format!("transparency-finding-{}", f.state.as_str().replace('_', "-"))),
            open: f.state == FindingState::Open && reviews && in_review,
            reason: f.reason.clone(),
            proposed: f.proposed,
        })
        .collect();
    let proposed_open = findings.iter().filter(|f| f.open && f.proposed).count();
    let from_case = match publication.source_application_id {
        Some(case) => Some((
            format!("/verwaltung/vorgaenge/{case}"),
            rathaus_core::applications::by_id(&state.db, case)
                .await?
                .reference
                .unwrap_or_default(),
        )),
        None => None,
    };
    Ok(RecordPage {
        id: publication.id.to_string(),
        name: publication.meta.name.clone(),
        title: publication.meta.title.clone(),
        status: view::status_label(&page, publication.status),
        status_id: publication.status.as_str(),
        facts: view::facts(&page, &catalog, publication),
        description: publication.meta.description.clone(),
        resources: resources.iter().map(|r| view::resource_line(&page, r)).collect(),
        open_findings,
        proposed_open,
        from_case,
        findings,
        history: history.iter().map(|r| view::revision_line(&page, r)).collect(),
        can_edit_metadata: publishes && matches!(publication.status, Status::Draft | Status::Published),
        can_change_resources: publishes && matches!(publication.status, Status::Draft | Status::Published),
        can_submit: publishes && publication.status == Status::Draft,
        can_send_back: (publishes || reviews) && publication.status == Status::InReview,
        can_review: reviews && in_review,
        can_release: reviews && in_review && release_blocked.is_none(),
        release_blocked,
        can_cancel_release: reviews && publication.status == Status::Scheduled,
        can_withdraw: (publishes || reviews) && publication.status == Status::Published,
        release_at: publication
            .release_at
            .filter(|_| publication.status == Status::Scheduled)
            .map(|t| crate::format::date_time(page.lang, t)),
        withdrawn: publication.withdrawn_reason.clone(),
        info,
        error,
        max_reason: actions::MAX_REASON_CHARS,
        figures: rathaus_core::transparency::figures::of(conn, publication.id, state.clock.now()).await?,
        reports: rathaus_core::transparency::reports::open(conn, publication.id)
            .await?
            .into_iter()
            .map(|r| ReportLine {
                id: r.id.to_string(),
                at: crate::format::date_time(page.lang, r.created_at),
                message: r.message,
                contact: r.contact_email,
            })
            .collect(),
        page,
    })
}

/// The messages after an action (`?hinweis=…`), each a text `transparency-done-…`.
pub const DONE: [&str; 17] = [
    "angelegt",
    "aus-bescheid",
    "vorschlaege-geschwaerzt",
    "gespeichert",
    "eingereicht",
    "zurueckgegeben",
    "freigegeben",
    "geplant",
    "aufgehoben",
    "zurueckgezogen",
    "datei",
    "link",
    "entfernt",
    "geschwaerzt",
    "geklaert",
    "ausnahme",
    "erledigt",
];

#[derive(Debug, Default, Deserialize)]
pub struct RecordQuery {
    #[serde(default)]
    hinweis: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<RecordQuery>,
) -> AppResult<RecordPage> {
    let desk = desk_of(&staff)?;
    let publication = actions::for_desk(state.db.read(), &desk, id).await?;
    let info = DONE
        .iter()
        .find(|d| **d == query.hinweis)
        .map(|done| page.t(&format!("transparency-done-{done}")));
    record_page(&state, (page, &session), &desk, &publication, (info, None)).await
}

#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    /// `original`: the file as uploaded, before redaction.
    #[serde(default)]
    fassung: String,
}

/// A resource's file for the desk: the current one, or the original before redaction
/// (never public). Reading the original is audited.
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Path(resource): Path<Uuid>,
    Query(query): Query<FileQuery>,
) -> AppResult<Response> {
    let desk = desk_of(&staff)?;
    let (version, suffix) = match query.fassung.as_str() {
        "original" => (actions::Version::Original, "-original"),
        _ => (actions::Version::Current, ""),
    };
    let (publication, resource, file) = actions::file_for_desk(&state.db, &*state.clock, &desk, resource, version).await?;
    let file_name = format!("{}{suffix}.{}", publication.meta.name, resource.format.extension());
    super::portal::serve_file(&state, file, resource.format, &file_name).await
}
