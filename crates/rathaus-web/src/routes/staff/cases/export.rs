//! The queue as a spreadsheet (CSV or XLSX) for the filter in the address, and the
//! figures per agency. Formula-like cells are neutralised; every export is in the audit
//! log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use futures::StreamExt;

use super::queue::{QueueQuery, lines};
use super::scope_of;
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::routes::staff::sheets::{XlsxSheet, csv_stream, neutralise};
use crate::state::AppState;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::figures;
use rathaus_core::cases::queue;
use rathaus_core::cases::workflow::Status;

/// The export's header row.
fn header(page: &Page) -> Vec<String> {
    [
        "receipt-reference",
        "receipt-service",
        "application-status",
        "receipt-submitted",
        "case-due",
        "case-overdue",
        "case-assignee",
    ]
    .iter()
    .map(|k| page.t(k))
    .collect()
}

/// A chunk of the queue's cases as spreadsheet rows, neutralised.
async fn chunk(state: &AppState, page: &Page, found: &[queue::Row]) -> AppResult<Vec<Vec<String>>> {
    Ok(lines(state, page, found)
        .await?
        .into_iter()
        .map(|l| {
            let overdue = if l.overdue { page.t("answer-yes") } else { page.t("answer-no") };
            [l.reference, l.service, l.status, l.submitted, l.due, overdue, l.assignee]
                .iter()
                .map(|c| neutralise(c))
                .collect()
        })
        .collect())
}

/// The cases of the filter in the address, every one of them (not only a page), read a
/// chunk at a time; the export is audited before the first row is read.
async fn start(state: &AppState, staff: &Staff, query: &QueueQuery, format: &str) -> AppResult<queue::Export> {
    let scope = scope_of(staff)?;
    let today = local_date(state.clock.now());
    Ok(queue::export(
        &state.db,
        &*state.clock,
        &scope,
        (&query.filter(), &query.to_query()),
        today,
        format,
    )
    .await?)
}

pub async fn csv(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<QueueQuery>) -> AppResult<Response> {
    let export = start(&state, &staff, &query, "csv").await?;
    let first = vec![header(&page)];
    let rest = futures::stream::try_unfold((export, state, page), |(mut export, state, page)| async move {
        let Some(found) = export.next_chunk().await? else {
            return Ok(None);
        };
        let rows = chunk(&state, &page, &found).await?;
        Ok(Some((rows, (export, state, page))))
    });
    let head = futures::stream::once(async move { Ok::<_, AppError>(first) });
    Ok(csv_stream(head.chain(rest), "vorgaenge.csv"))
}

pub async fn xlsx(State(state): State<AppState>, page: Page, staff: Staff, Query(query): Query<QueueQuery>) -> AppResult<Response> {
    let mut export = start(&state, &staff, &query, "xlsx").await?;
    let mut sheet = XlsxSheet::new(&header(&page))?;
    while let Some(found) = export.next_chunk().await? {
        sheet.push(&chunk(&state, &page, &found).await?)?;
    }
    sheet.finish("vorgaenge.xlsx").await
}

pub struct FigureRow {
    pub agency: String,
    pub statuses: Vec<(String, usize)>,
    pub decided: usize,
    pub median: String,
    pub p90: String,
    pub overdue: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cases/figures.html")]
pub struct FiguresPage {
    page: Page,
    rows: Vec<FigureRow>,
}

fn days(value: Option<f64>, page: &Page) -> String {
    match value {
        Some(d) => {
            let text = format!("{d:.1}");
            let text = if page.lang == rathaus_platform::i18n::Lang::En {
                text
            } else {
                text.replace('.', ",")
            };
            page.t1("case-figures-days", "days", text)
        }
        None => "–".to_string(),
    }
}

pub async fn figures(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<FiguresPage> {
    let scope = scope_of(&staff)?;
    let catalog = state.catalog().await?;
    let all = figures::of_scope(&state.db, &scope, local_date(state.clock.now())).await?;
    let rows = all
        .into_iter()
        .map(|f| FigureRow {
            agency: catalog
                .agency(&f.agency)
                .map(|a| a.name(page.lang).to_string())
                .unwrap_or(f.agency.clone()),
            statuses: f
                .by_status
                .iter()
                .filter(|(s, _)| *s != Status::Draft)
                .map(|(s, n)| (page.t(&format!("case-status-{}", s.as_str())), *n))
                .collect(),
            decided: f.decided,
            median: days(f.lead_time_median, &page),
            p90: days(f.lead_time_p90, &page),
            overdue: f.overdue,
        })
        .collect();
    Ok(FiguresPage { page, rows })
}

/// One case's answers as JSON for a specialist procedure: the service with its LeiKa
/// key, the form with its FIM schema, and each answer with its FIM field id. Audited.
pub async fn answers_json(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Path(id): axum::extract::Path<uuid::Uuid>,
) -> AppResult<Response> {
    let (scope, case, form) = super::load(&state, &staff, id).await?;
    rathaus_core::cases::record_access(
        &state.db,
        &*state.clock,
        &scope,
        "case.exported",
        id,
        serde_json::json!({ "format": "json" }),
    )
    .await?;
    let catalog = state.catalog().await?;
    let document = serde_json::json!({
        "reference": case.reference,
        "service": { "id": case.service_id, "leika_key": catalog.service(&case.service_id).and_then(|s| s.leika_key.clone()) },
        "form": { "id": form.id, "version": form.version, "fim_schema": form.fim_schema },
        "submitted_at": case.submitted_at,
        "answers": rathaus_core::forms::export::answers(&form, &case.answers),
    });
    let body = serde_json::to_vec_pretty(&document).map_err(rathaus_platform::Error::from)?;
    let name = format!("attachment; filename=\"{}.json\"", case.reference.as_deref().unwrap_or("antrag"));
    Ok(crate::routes::applications::made_document(body, "application/json", &name))
}
