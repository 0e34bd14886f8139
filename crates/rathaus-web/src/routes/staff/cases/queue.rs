//! `/verwaltung/vorgaenge`: the work queue with filters in the address (so a view can be
//! bookmarked and shared) and plain links and forms, usable by keyboard alone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use uuid::Uuid;

use super::scope_of;
use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::cases::colleagues;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::queue::{self, AssigneeFilter, Count, Filter, Position, Sort, StatusFilter};
use rathaus_core::cases::workflow::Status;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct QueueQuery {
    #[serde(default)]
    behoerde: String,
    #[serde(default)]
    leistung: String,
    #[serde(default)]
    stand: String,
    #[serde(default)]
    bearbeitung: String,
    #[serde(default)]
    ueberfaellig: String,
    #[serde(default)]
    sortierung: String,
    /// The page after this case (the link "next page").
    #[serde(default)]
    nach: String,
    /// The page before this case (the link "previous page").
    #[serde(default)]
    vor: String,
}

impl QueueQuery {
    /// The filter as a query string again.
    pub fn to_query(&self) -> String {
        let pairs = [
            ("behoerde", &self.behoerde),
            ("leistung", &self.leistung),
            ("stand", &self.stand),
            ("bearbeitung", &self.bearbeitung),
            ("ueberfaellig", &self.ueberfaellig),
            ("sortierung", &self.sortierung),
        ];
        serde_urlencoded::to_string(pairs.iter().filter(|(_, v)| !v.is_empty()).collect::<Vec<_>>()).unwrap_or_default()
    }

    /// Where the page begins; an id that means nothing starts at the beginning.
    fn position(&self) -> Position {
        if let Ok(id) = Uuid::parse_str(&self.nach) {
            Position::After(id)
        } else if let Ok(id) = Uuid::parse_str(&self.vor) {
            Position::Before(id)
        } else {
            Position::First
        }
    }

    /// The filter the address asks for; values that mean nothing are ignored.
    pub(super) fn filter(&self) -> Filter {
        let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
        Filter {
            agency: some(&self.behoerde),
            service: some(&self.leistung),
            status: match self.stand.as_str() {
                "alle" => StatusFilter::All,
                other => Status::parse(other).map(StatusFilter::Is).unwrap_or_default(),
            },
            assignee: match self.bearbeitung.as_str() {
                "ich" => AssigneeFilter::Me,
                "niemand" => AssigneeFilter::Nobody,
                other => Uuid::parse_str(other).map(AssigneeFilter::Person).unwrap_or_default(),
            },
            overdue_only: self.ueberfaellig == "1",
            sort: match self.sortierung.as_str() {
                "neu" => Sort::Newest,
                "alt" => Sort::Oldest,
                "aktenzeichen" => Sort::Reference,
                _ => Sort::Due,
            },
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Line {
    pub id: Uuid,
    pub reference: String,
    pub service: String,
    pub applicant: String,
    pub status: String,
    pub submitted: String,
    pub due: String,
    pub overdue: bool,
    pub assignee: String,
    pub new_messages: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/queue.html")]
pub struct QueuePage {
    page: Page,
    lines: Vec<Line>,
    agencies: Vec<Choice>,
    services: Vec<Choice>,
    statuses: Vec<Choice>,
    assignees: Vec<Choice>,
    sorts: Vec<Choice>,
    overdue_only: bool,
    /// The cases matching the filter, and those of them overdue.
    total: Count,
    overdue: Count,
    /// The current filter as a query string, for the export links.
    export_query: String,
    /// The addresses of the first, the previous and the next page, where there is one.
    first: Option<String>,
    previous: Option<String>,
    next: Option<String>,
}

fn choices(options: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// The queue's rows as the page and the exports show them.
pub(super) async fn lines(state: &AppState, page: &Page, rows: &[queue::Row]) -> AppResult<Vec<Line>> {
    let lang = page.lang;
    let catalog = state.catalog().await?;
    let date = |d: chrono::NaiveDate| crate::format::date(lang, d);
    Ok(rows
        .iter()
        .map(|row| Line {
            id: row.case.id,
            reference: row.case.reference.clone().unwrap_or_default(),
            service: catalog
                .service(&row.case.service_id)
                .map(|s| s.name(lang).to_string())
                .unwrap_or_else(|| row.case.service_id.clone()),
            applicant: row.applicant_name.clone().unwrap_or_default(),
            status: super::case::status_label(page, &row.case),
            submitted: row.case.submitted_at.map(|t| crate::format::date_time(lang, t)).unwrap_or_default(),
            due: row.case.due_on.map(date).unwrap_or_default(),
            overdue: row.overdue,
            new_messages: row.new_messages > 0,
            assignee: row.assignee_name.clone().unwrap_or_else(|| page.t("case-unassigned")),
        })
        .collect())
}

pub async fn show(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<QueueQuery>) -> AppResult<QueuePage> {
    let scope = scope_of(&staff)?;
    let lang = page.lang;
    let today = local_date(state.clock.now());
    let found = queue::page(&state.db, &scope, &query.filter(), today, query.position()).await?;
    let lines = lines(&state, &page, &found.rows).await?;
    let filter = query.to_query();
    let link = |position: String| {
        let and = if filter.is_empty() { "" } else { "&" };
        format!("/verwaltung/vorgaenge?{filter}{and}{position}")
    };
    let catalog = state.catalog().await?;
    let agencies = choices(
        scope
            .agencies
            .iter()
            .map(|a| {
                (
                    a.clone(),
                    catalog.agency(a).map(|x| x.name(lang).to_string()).unwrap_or_else(|| a.clone()),
                )
            })
            .collect(),
        &query.behoerde,
    );
    let mut services: Vec<(String, String)> = catalog
        .file
        .services
        .iter()
        .filter(|s| scope.agencies.contains(&s.agency))
        .map(|s| (s.id.clone(), s.name(lang).to_string()))
        .collect();
    services.sort_by(|a, b| a.1.cmp(&b.1));
    let mut statuses = vec![
        ("".to_string(), page.t("case-filter-open")),
        ("alle".to_string(), page.t("case-filter-all")),
    ];
    statuses.extend(
        Status::ALL
            .into_iter()
            .filter(|s| *s != Status::Draft)
            .map(|s| (s.as_str().to_string(), page.t(&format!("case-status-{}", s.as_str())))),
    );
    let mut assignees = vec![
        ("".to_string(), page.t("case-filter-anyone")),
        ("ich".to_string(), page.t("case-filter-me")),
        ("niemand".to_string(), page.t("case-filter-nobody")),
    ];
    for agency in &scope.agencies {
        for colleague in colleagues(&state.db, agency).await? {
            let value = colleague.id.to_string();
            if colleague.id != scope.account && !assignees.iter().any(|(v, _)| *v == value) {
                assignees.push((value, colleague.name));
            }
        }
    }
    let sorts = vec![
        ("".to_string(), page.t("case-sort-due")),
        ("neu".to_string(), page.t("case-sort-newest")),
        ("alt".to_string(), page.t("case-sort-oldest")),
        ("aktenzeichen".to_string(), page.t("case-sort-reference")),
    ];
    Ok(QueuePage {
        total: found.total,
        overdue: found.overdue,
        first: found.previous.map(|_| {
            format!(
                "/verwaltung/vorgaenge{}",
                if filter.is_empty() { String::new() } else { format!("?{filter}") }
            )
        }),
        previous: found.previous.map(|id| link(format!("vor={id}"))),
        next: found.next.map(|id| link(format!("nach={id}"))),
        export_query: filter.clone(),
        agencies,
        services: choices(services, &query.leistung),
        statuses: choices(statuses, &query.stand),
        assignees: choices(assignees, &query.bearbeitung),
        sorts: choices(sorts, &query.sortierung),
        overdue_only: query.ueberfaellig == "1",
        lines,
        page,
    })
}
