//! `/digitalisierung`: how digital the city's services really are, for everyone. Each
//! service's OZG level is computed from the catalogue, the forms and the fee rules, with
//! the evidence for every criterion; beside it the use of the last twelve months (online
//! against the counter, lead times, payments) and the trend from the monthly snapshots.
//! The city, each agency and each service; every table also as CSV and XLSX. Charts are
//! drawn on the server, each with its data as a table.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::sync::Arc;

use crate::error::AppResult;
use crate::page::Page;
use crate::routes::staff::sheets::{csv_download, neutralise, xlsx_download};
use crate::state::AppState;
use rathaus_core::cases::due::local_date;
use rathaus_core::catalog::Catalog;
use rathaus_core::cockpit::digitalisation::{self, MonthFigures, Overview, ServiceFigures, Totals};
use rathaus_core::cockpit::maturity::{Criterion, Inputs, TOP};
use rathaus_core::cockpit::usage::{Usage, month_of};
use rathaus_core::payments::fees;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

/// The charts' drawing areas.
const HEIGHT: i64 = 120;
const LEVEL_BAR: i64 = 56;
const MONTH_BAR: i64 = 36;
const GAP: i64 = 12;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/digitalisierung", get(overview_page))
        .route("/digitalisierung/leistungen.csv", get(services_csv))
        .route("/digitalisierung/leistungen.xlsx", get(services_xlsx))
        .route("/digitalisierung/behoerden.csv", get(agencies_csv))
        .route("/digitalisierung/behoerden.xlsx", get(agencies_xlsx))
        .route("/digitalisierung/{id}", get(service_page))
}

/// The figures on today, with the catalogue they were computed from. The cockpit and
/// the progress report read the same.
pub async fn figures(state: &AppState) -> AppResult<(Overview, Arc<Catalog>)> {
    let today = local_date(state.clock.now());
    figures_of(state, digitalisation::window(month_of(today), digitalisation::WINDOW_MONTHS)).await
}

/// The figures over the given months (the progress report reads a period and the one
/// before it with this, the pages the last twelve months).
pub async fn figures_of(state: &AppState, months: Vec<NaiveDate>) -> AppResult<(Overview, Arc<Catalog>)> {
    let catalog = state.catalog().await?;
    let inputs = Inputs {
        forms: &state.forms,
        fees: fees::rules(),
        eid: state.eid.is_some(),
    };
    let snapshots = match months.first() {
        Some(first) => state.maturity_snapshots.since(state.db.read(), *first).await?,
        None => Default::default(),
    };
    Ok((digitalisation::overview_from(months, &snapshots, &catalog, &inputs), catalog))
}

pub fn service_name(lang: Lang, catalog: &Catalog, id: &str) -> String {
    catalog
        .service(id)
        .map(|s| s.name(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub fn agency_name(lang: Lang, catalog: &Catalog, id: &str) -> String {
    catalog
        .agency(id)
        .map(|a| if lang == Lang::En { a.name_en.clone() } else { a.name_de.clone() })
        .unwrap_or_else(|| id.to_string())
}

pub fn month_label(month: NaiveDate) -> String {
    format!("{:02}/{}", month.month(), month.year())
}

pub fn percent(page: &Page, share: Option<f64>) -> String {
    match share {
        Some(share) => page.t1("maturity-percent", "value", (share * 100.0).round() as i64),
        None => "–".into(),
    }
}

pub fn days(page: &Page, days: Option<u32>) -> String {
    match days {
        Some(days) => page.t1("maturity-days", "days", days),
        None => "–".into(),
    }
}

pub fn level_name(page: &Page, level: u8) -> String {
    page.t(&format!("maturity-level-{level}"))
}

/// The key figures of the city or an agency, in words.
pub struct KeyFigures {
    pub services: usize,
    pub fully_online: String,
    pub only_looks_online: usize,
    pub online_share: String,
    /// "12 online, 30 at the counter".
    pub contacts: String,
    pub payments: i64,
    /// Median and 90th percentile in words.
    pub lead: String,
}

fn lead_words(page: &Page, u: &Usage) -> String {
    page.lang.t_args(
        "maturity-key-lead-value",
        &[("median", days(page, u.median_days())), ("p90", days(page, u.p90_days()))],
    )
}

impl KeyFigures {
    pub fn new(page: &Page, t: &Totals) -> Self {
        let share = (t.services > 0).then(|| t.fully_online() as f64 / t.services as f64);
        KeyFigures {
            services: t.services,
            fully_online: page.lang.t_args(
                "maturity-fully-online",
                &[("count", t.fully_online().to_string()), ("share", percent(page, share))],
            ),
            only_looks_online: t.only_looks_online,
            online_share: percent(page, t.usage.online_share()),
            contacts: page.lang.t_args(
                "maturity-key-contacts",
                &[("online", t.usage.online.to_string()), ("visits", t.usage.visits.to_string())],
            ),
            payments: t.usage.payments,
            lead: lead_words(page, &t.usage),
        }
    }
}

pub struct LevelBar {
    pub name: String,
    /// What the level means, for the explanation.
    pub means: String,
    pub count: usize,
    pub x: i64,
    pub y: i64,
    pub height: i64,
}

pub fn level_bars(page: &Page, t: &Totals) -> Vec<LevelBar> {
    let highest = t.by_level.iter().copied().max().unwrap_or(0).max(1) as i64;
    (0..=TOP)
        .map(|level| {
            let count = t.by_level[usize::from(level)];
            let height = count as i64 * HEIGHT / highest;
            LevelBar {
                name: level_name(page, level),
                means: page.t(&format!("maturity-level-{level}-means")),
                count,
                x: i64::from(level) * (LEVEL_BAR + GAP),
                y: HEIGHT - height,
                height,
            }
        })
        .collect()
}

pub struct MonthLine {
    pub label: String,
    /// Counts, "–" for a month without a snapshot.
    pub online: String,
    pub visits: String,
    pub share: String,
    pub payments: String,
    pub median: String,
    /// Services at level 3 or above that month; "–" for a month counted later.
    pub fully_online: String,
    pub x: i64,
    pub y: i64,
    pub height: i64,
}

/// Whether any month of the window counted a contact: without, the chart would be empty.
pub fn any_use(months: &[MonthFigures]) -> bool {
    months.iter().any(|m| m.usage.online + m.usage.visits > 0)
}

pub fn month_lines(page: &Page, months: &[MonthFigures]) -> Vec<MonthLine> {
    let count = |taken: bool, n: i64| if taken { n.to_string() } else { "–".into() };
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let height = (m.usage.online_share().unwrap_or(0.0) * HEIGHT as f64).round() as i64;
            MonthLine {
                label: month_label(m.month),
                online: count(m.taken, m.usage.online),
                visits: count(m.taken, m.usage.visits),
                share: percent(page, m.usage.online_share()),
                payments: count(m.taken, m.usage.payments),
                median: days(page, m.usage.median_days()),
                fully_online: m
                    .by_level
                    .map(|b| b[3..].iter().sum::<usize>().to_string())
                    .unwrap_or_else(|| "–".into()),
                x: i as i64 * (MONTH_BAR + GAP),
                y: HEIGHT - height,
                height,
            }
        })
        .collect()
}

pub fn chart_width(bars: usize, bar: i64) -> i64 {
    bars as i64 * (bar + GAP)
}

/// The trend of one service: its level now against the first recorded in the window.
fn trend(page: &Page, s: &ServiceFigures) -> String {
    let now = s.assessment.level;
    match s.level_then() {
        None => page.t("maturity-trend-none"),
        Some((month, then)) => page.lang.t_args(
            match then.cmp(&now) {
                std::cmp::Ordering::Less => "maturity-trend-up",
                std::cmp::Ordering::Equal => "maturity-trend-same",
                std::cmp::Ordering::Greater => "maturity-trend-down",
            },
            &[("level", then.to_string()), ("month", month_label(month))],
        ),
    }
}

pub struct ServiceLine {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub level: u8,
    pub looks: bool,
    pub trend: String,
    pub share: String,
    pub median: String,
    pub payments: i64,
}

fn service_line(page: &Page, catalog: &Catalog, s: &ServiceFigures) -> ServiceLine {
    ServiceLine {
        id: s.assessment.service.clone(),
        name: service_name(page.lang, catalog, &s.assessment.service),
        agency: agency_name(page.lang, catalog, &s.assessment.agency),
        level: s.assessment.level,
        looks: s.assessment.only_looks_online,
        trend: trend(page, s),
        share: percent(page, s.usage.online_share()),
        median: days(page, s.usage.median_days()),
        payments: s.usage.payments,
    }
}

pub struct AgencyLine {
    pub id: String,
    pub name: String,
    pub services: usize,
    pub by_level: Vec<usize>,
    pub fully_online: String,
    pub share: String,
    pub median: String,
}

fn agency_lines(page: &Page, catalog: &Catalog, overview: &Overview) -> Vec<AgencyLine> {
    overview
        .agencies()
        .into_iter()
        .map(|id| {
            let t = overview.totals(Some(id));
            let share = (t.services > 0).then(|| t.fully_online() as f64 / t.services as f64);
            AgencyLine {
                id: id.to_string(),
                name: agency_name(page.lang, catalog, id),
                services: t.services,
                by_level: t.by_level.to_vec(),
                fully_online: percent(page, share),
                share: percent(page, t.usage.online_share()),
                median: days(page, t.usage.median_days()),
            }
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    behoerde: Option<String>,
    #[serde(default)]
    stufe: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "digitalisation/overview.html")]
pub struct OverviewPage {
    page: Page,
    /// The agency shown, when one is chosen.
    agency: Option<String>,
    /// The filter named an agency or level that does not exist.
    unknown_filter: bool,
    window: String,
    key: KeyFigures,
    levels: Vec<LevelBar>,
    levels_width: i64,
    months: Vec<MonthLine>,
    months_width: i64,
    /// Whether the window counted any use: the chart is drawn only then.
    months_used: bool,
    /// The last column of the month table.
    months_level_header: &'static str,
    agencies: Vec<AgencyLine>,
    agency_choices: Vec<Choice>,
    level_choices: Vec<Choice>,
    services: Vec<ServiceLine>,
    level_headers: Vec<String>,
}

fn window(overview: &Overview) -> String {
    match (overview.months.first(), overview.months.last()) {
        (Some(first), Some(last)) => format!("{} – {}", month_label(*first), month_label(*last)),
        _ => String::new(),
    }
}

pub async fn overview_page(State(state): State<AppState>, page: Page, Query(filter): Query<Filter>) -> AppResult<OverviewPage> {
    let (overview, catalog) = figures(&state).await?;
    let wanted_agency = filter.behoerde.filter(|a| !a.is_empty());
    let agency = wanted_agency.clone().filter(|a| overview.agencies().contains(&a.as_str()));
    let wanted_level = filter.stufe.filter(|l| !l.is_empty());
    let level = wanted_level.as_deref().and_then(|l| l.parse::<u8>().ok()).filter(|l| *l <= TOP);
    let unknown_filter = wanted_agency.is_some() != agency.is_some() || wanted_level.is_some() != level.is_some();
    let totals = overview.totals(agency.as_deref());
    let levels = level_bars(&page, &totals);
    let by_month = overview.by_month(agency.as_deref());
    let months_used = any_use(&by_month);
    let months = month_lines(&page, &by_month);
    let mut services: Vec<ServiceLine> = overview
        .services
        .iter()
        .filter(|s| agency.as_deref().is_none_or(|a| s.assessment.agency == a))
        .filter(|s| level.is_none_or(|l| s.assessment.level == l))
        .map(|s| service_line(&page, &catalog, s))
        .collect();
    services.sort_by_key(|s| rathaus_core::catalog::collate_key(&s.name));
    let agency_choices = overview
        .agencies()
        .into_iter()
        .map(|id| Choice {
            value: id.to_string(),
            label: agency_name(page.lang, &catalog, id),
            selected: agency.as_deref() == Some(id),
        })
        .collect();
    let level_choices = (0..=TOP)
        .map(|l| Choice {
            value: l.to_string(),
            label: level_name(&page, l),
            selected: level == Some(l),
        })
        .collect();
    Ok(OverviewPage {
        agency: agency.as_deref().map(|a| agency_name(page.lang, &catalog, a)),
        unknown_filter,
        window: window(&overview),
        key: KeyFigures::new(&page, &totals),
        levels_width: chart_width(levels.len(), LEVEL_BAR),
        levels,
        months_width: chart_width(months.len(), MONTH_BAR),
        months,
        months_used,
        months_level_header: "maturity-col-fully-online-count",
        agencies: agency_lines(&page, &catalog, &overview),
        agency_choices,
        level_choices,
        services,
        level_headers: (0..=TOP).map(|l| page.t1("maturity-col-level-n", "level", l)).collect(),
        page,
    })
}

pub struct FindingLine {
    pub name: String,
    pub level: u8,
    pub met: bool,
    pub evidence: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "digitalisation/service.html")]
pub struct ServicePage {
    page: Page,
    id: String,
    name: String,
    agency: String,
    level: String,
    looks: bool,
    trend: String,
    findings: Vec<FindingLine>,
    window: String,
    key: UsageWords,
    months: Vec<MonthLine>,
    months_width: i64,
    months_used: bool,
    months_level_header: &'static str,
}

/// One service's usage in words.
pub struct UsageWords {
    pub online: i64,
    pub visits: i64,
    pub share: String,
    pub payments: i64,
    pub decided: i64,
    pub lead: String,
}

fn usage_words(page: &Page, u: &Usage) -> UsageWords {
    UsageWords {
        online: u.online,
        visits: u.visits,
        share: percent(page, u.online_share()),
        payments: u.payments,
        decided: u.decided(),
        lead: lead_words(page, u),
    }
}

pub async fn service_page(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<ServicePage> {
    let (overview, catalog) = figures(&state).await?;
    let s = overview.service(&id).ok_or(Error::NotFound)?;
    let months: Vec<MonthFigures> = overview
        .months
        .iter()
        .map(|month| {
            let snap = s.history.iter().find(|h| h.month == *month);
            MonthFigures {
                month: *month,
                taken: snap.is_some(),
                usage: snap.map(|h| h.usage.clone()).unwrap_or_default(),
                by_level: snap.and_then(|h| h.level).map(|l| {
                    let mut b = [0; TOP as usize + 1];
                    b[usize::from(l)] = 1;
                    b
                }),
            }
        })
        .collect();
    let months_used = any_use(&months);
    let mut months = month_lines(&page, &months);
    // For one service the month's "level ≥ 3" count is its level.
    for (line, month) in months.iter_mut().zip(&overview.months) {
        line.fully_online = s
            .history
            .iter()
            .find(|h| h.month == *month)
            .and_then(|h| h.level)
            .map(|l| l.to_string())
            .unwrap_or_else(|| "–".into());
    }
    Ok(ServicePage {
        id: id.clone(),
        name: service_name(page.lang, &catalog, &id),
        agency: agency_name(page.lang, &catalog, &s.assessment.agency),
        level: level_name(&page, s.assessment.level),
        looks: s.assessment.only_looks_online,
        trend: trend(&page, s),
        findings: s
            .assessment
            .findings
            .iter()
            .map(|f| FindingLine {
                name: page.t(&format!("maturity-criterion-{}", f.criterion.as_str())),
                level: f.criterion.level(),
                met: f.met,
                evidence: page.lang.t_args(f.evidence.key, &f.evidence.args),
            })
            .collect(),
        window: window(&overview),
        key: usage_words(&page, &s.usage),
        months_width: chart_width(months.len(), MONTH_BAR),
        months,
        months_used,
        months_level_header: "maturity-col-level",
        page,
    })
}

/// The service table as it leaves the system.
async fn services_table(state: &AppState, page: &Page) -> AppResult<Vec<Vec<String>>> {
    let (overview, catalog) = figures(state).await?;
    let mut head: Vec<String> = [
        "maturity-col-id",
        "maturity-col-service",
        "maturity-col-agency",
        "maturity-col-level",
    ]
    .iter()
    .map(|k| page.t(k))
    .collect();
    head.extend(Criterion::ALL.iter().map(|c| page.t(&format!("maturity-criterion-{}", c.as_str()))));
    head.extend(
        [
            "maturity-col-looks",
            "maturity-col-online",
            "maturity-col-visits",
            "maturity-col-share",
            "maturity-col-payments",
            "maturity-col-decided",
            "maturity-col-median",
            "maturity-col-p90",
        ]
        .iter()
        .map(|k| page.t(k)),
    );
    let yes_no = |b: bool| page.t(if b { "maturity-yes" } else { "maturity-no" });
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut rows = vec![head];
    for s in &overview.services {
        let a = &s.assessment;
        let mut row = vec![
            neutralise(&a.service),
            neutralise(&service_name(page.lang, &catalog, &a.service)),
            neutralise(&agency_name(page.lang, &catalog, &a.agency)),
            a.level.to_string(),
        ];
        row.extend(Criterion::ALL.iter().map(|c| yes_no(a.met(*c))));
        row.push(yes_no(a.only_looks_online));
        row.extend([
            s.usage.online.to_string(),
            s.usage.visits.to_string(),
            s.usage.online_share().map(|v| format!("{v:.3}")).unwrap_or_default(),
            s.usage.payments.to_string(),
            s.usage.decided().to_string(),
            number(s.usage.median_days()),
            number(s.usage.p90_days()),
        ]);
        rows.push(row);
    }
    Ok(rows)
}

async fn agencies_table(state: &AppState, page: &Page) -> AppResult<Vec<Vec<String>>> {
    let (overview, catalog) = figures(state).await?;
    let mut head = vec![page.t("maturity-col-agency"), page.t("maturity-col-services")];
    head.extend((0..=TOP).map(|l| page.t1("maturity-col-level-n", "level", l)));
    head.extend(
        [
            "maturity-col-online",
            "maturity-col-visits",
            "maturity-col-share",
            "maturity-col-median",
        ]
        .iter()
        .map(|k| page.t(k)),
    );
    let mut rows = vec![head];
    for id in overview.agencies() {
        let t = overview.totals(Some(id));
        let mut row = vec![neutralise(&agency_name(page.lang, &catalog, id)), t.services.to_string()];
        row.extend(t.by_level.iter().map(usize::to_string));
        row.extend([
            t.usage.online.to_string(),
            t.usage.visits.to_string(),
            t.usage.online_share().map(|v| format!("{v:.3}")).unwrap_or_default(),
            t.usage.median_days().map(|d| d.to_string()).unwrap_or_default(),
        ]);
        rows.push(row);
    }
    Ok(rows)
}

pub async fn services_csv(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    csv_download(&services_table(&state, &page).await?, "digitalisierung-leistungen.csv")
}

pub async fn services_xlsx(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    xlsx_download(&services_table(&state, &page).await?, "digitalisierung-leistungen.xlsx")
}

pub async fn agencies_csv(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    csv_download(&agencies_table(&state, &page).await?, "digitalisierung-behoerden.csv")
}

pub async fn agencies_xlsx(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    xlsx_download(&agencies_table(&state, &page).await?, "digitalisierung-behoerden.xlsx")
}
