//! `/verwaltung/cdo`: the CDO office's cockpit, city-wide figures for the `cdo` role.
//! First what needs attention across the domains (the agencies' strategies among them);
//! then the IT procedures whose ageing is
//! the greatest risk, how digital the services are (the figures of `/digitalisierung`),
//! every agency's open and overdue cases, and the transparency portal: what each agency
//! publishes, what the public reads (counted without anything about the reader), the
//! reports waiting, and the work of the personal-data check. Each table also as CSV and
//! XLSX.

pub mod end_of_support;
pub mod measures;
pub mod register;
pub mod register_edit;
pub mod report;
pub mod reviews;
pub mod roadmap;
pub mod strategies;
pub mod strategy_edit;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};

use super::sheets::{csv_download, neutralise, xlsx_download};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::routes::digitalisation::{self, KeyFigures, LevelBar, level_bars};
use crate::state::AppState;
use rathaus_core::accounts::Role;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::figures::{OpenCases, open_by_agency};
use rathaus_core::catalog::Catalog;
use rathaus_core::cockpit::digitalisation::Overview;
use rathaus_core::cockpit::strategies::Stored;
use rathaus_core::transparency::figures::{self, AgencyFigures, Month, Portal};
use register::agency_name;

/// The chart's drawing area: one bar per month.
const BAR_WIDTH: i64 = 40;
const BAR_GAP: i64 = 12;
const CHART_HEIGHT: i64 = 140;

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo.html")]
pub struct CockpitPage {
    page: Page,
    totals: String,
    agencies: Vec<AgencyLine>,
    most_read: Vec<ReadLine>,
    months: Vec<MonthLine>,
    chart_width: i64,
    attention: Vec<Attention>,
    register_totals: String,
    riskiest: Vec<register::Line>,
    maturity: KeyFigures,
    maturity_levels: Vec<LevelBar>,
    cases: Vec<CasesLine>,
}

/// Something that needs someone to act, with where to look.
pub struct Attention {
    pub text: String,
    pub href: Option<String>,
}

pub struct CasesLine {
    pub agency: String,
    pub open: i64,
    pub overdue: i64,
}

/// What needs attention across the domains, most pressing first: procedures without an
/// answer to their ageing, overdue cases, services whose level fell, services that only
/// look online.
fn attention(
    page: &Page,
    catalog: &Catalog,
    needs_doing: usize,
    cases: &[OpenCases],
    digital: &Overview,
    (strategies, today): (&[Stored], NaiveDate),
) -> Vec<Attention> {
    let mut out = Vec::new();
    if needs_doing > 0 {
        out.push(Attention {
            text: page.t1("cockpit-attention-procedures", "count", needs_doing),
            href: Some("/verwaltung/cdo/fahrplan".into()),
        });
    }
    for c in cases.iter().filter(|c| c.overdue > 0) {
        out.push(Attention {
            text: page.lang.t_args(
                "cockpit-attention-overdue",
                &[
                    ("agency", agency_name(page, catalog, &c.agency_id)),
                    ("count", c.overdue.to_string()),
                ],
            ),
            href: None,
        });
    }
    for s in &digital.services {
        if let Some((month, then)) = s.level_then().filter(|(_, then)| *then > s.assessment.level) {
            out.push(Attention {
                text: page.lang.t_args(
                    "cockpit-attention-fell",
                    &[
                        ("service", digitalisation::service_name(page.lang, catalog, &s.assessment.service)),
                        ("then", then.to_string()),
                        ("month", digitalisation::month_label(month)),
                        ("now", s.assessment.level.to_string()),
                    ],
                ),
                href: Some(format!("/digitalisierung/{}", s.assessment.service)),
            });
        }
    }
    let (mut goals, mut milestones) = (0, 0);
    for s in strategies {
        let standing = s.strategy.standing(digital, today);
        goals += standing.off_track + standing.missed;
        milestones += standing.overdue_milestones;
    }
    if goals > 0 {
        out.push(Attention {
            text: page.t1("cockpit-attention-goals", "count", goals),
            href: Some("/verwaltung/cdo/strategien#alarms-title".into()),
        });
    }
    if milestones > 0 {
        out.push(Attention {
            text: page.t1("cockpit-attention-milestones", "count", milestones),
            href: Some("/verwaltung/cdo/strategien#overdue-title".into()),
        });
    }
    let looks = digital.totals(None).only_looks_online;
    if looks > 0 {
        out.push(Attention {
            text: page.t1("cockpit-attention-looks", "count", looks),
            href: Some("/digitalisierung#leistungen-title".into()),
        });
    }
    out
}

pub struct AgencyLine {
    pub name: String,
    pub figures: AgencyFigures,
}

pub struct ReadLine {
    pub href: String,
    pub title: String,
    pub agency: String,
    pub views: i64,
    pub downloads: i64,
}

pub struct MonthLine {
    pub label: String,
    pub views: i64,
    pub downloads: i64,
    pub x: i64,
    pub y: i64,
    pub height: i64,
}

async fn portal(state: &AppState, staff: &Staff) -> AppResult<(Portal, std::sync::Arc<Catalog>)> {
    staff.require(Role::Cdo)?;
    Ok((portal_figures(state).await?, state.catalog().await?))
}

/// The portal's counts as they are, with what the public read as this node last summed it.
async fn portal_figures(state: &AppState) -> AppResult<Portal> {
    let (counts, reading) = tokio::try_join!(
        figures::counts(state.db.read()),
        state.portal_readings.get(state.db.read(), state.clock.now())
    )?;
    Ok(counts.with(&reading))
}

fn month_label(month: &Month) -> String {
    format!("{:02}/{}", month.month.month(), month.month.year())
}

/// The cockpit's parts are independent reads, made at once: the page waits for the
/// slowest of them, not for their sum.
pub async fn show(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<CockpitPage> {
    staff.require(Role::Cdo)?;
    let catalog = state.catalog().await?;
    let today = local_date(state.clock.now());
    let cases = async { Ok::<_, AppError>(open_by_agency(state.db.read(), today).await?) };
    let strategies = async { Ok::<_, AppError>(rathaus_core::cockpit::strategies::all(state.db.read()).await?) };
    let (portal, register, (digital, _), cases, strategies) = tokio::try_join!(
        portal_figures(&state),
        register::for_cockpit(&state, &page, &staff, &catalog, 5),
        digitalisation::figures(&state),
        cases,
        strategies,
    )?;
    let sum = |f: fn(&AgencyFigures) -> i64| portal.agencies.iter().map(f).sum::<i64>();
    let totals = page.lang.t_args(
        "cdo-totals",
        &[
            ("published", sum(|a| a.published).to_string()),
            ("in_work", sum(|a| a.in_work).to_string()),
            ("views", sum(|a| a.views_30_days).to_string()),
            ("downloads", sum(|a| a.downloads_30_days).to_string()),
            ("reports", sum(|a| a.open_reports).to_string()),
        ],
    );
    let highest = portal.months.iter().map(|m| m.views).max().unwrap_or(0).max(1);
    let months = portal
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let height = m.views * CHART_HEIGHT / highest;
            MonthLine {
                label: month_label(m),
                views: m.views,
                downloads: m.downloads,
                x: i as i64 * (BAR_WIDTH + BAR_GAP),
                y: CHART_HEIGHT - height,
                height,
            }
        })
        .collect::<Vec<_>>();
    let city = digital.totals(None);
    Ok(CockpitPage {
        attention: attention(&page, &catalog, register.needs_doing, &cases, &digital, (&strategies, today)),
        register_totals: register.totals,
        riskiest: register.riskiest,
        cases: cases
            .iter()
            .map(|c| CasesLine {
                agency: agency_name(&page, &catalog, &c.agency_id),
                open: c.open,
                overdue: c.overdue,
            })
            .collect(),
        maturity: KeyFigures::new(&page, &city),
        maturity_levels: level_bars(&page, &city),
        totals,
        chart_width: months.len() as i64 * (BAR_WIDTH + BAR_GAP),
        months,
        most_read: portal
            .most_read
            .iter()
            .map(|r| ReadLine {
                href: format!("/transparenz/{}", r.name),
                title: r.title.clone(),
                agency: agency_name(&page, &catalog, &r.agency_id),
                views: r.views,
                downloads: r.downloads,
            })
            .collect(),
        agencies: portal
            .agencies
            .into_iter()
            .map(|figures| AgencyLine {
                name: agency_name(&page, &catalog, &figures.agency),
                figures,
            })
            .collect(),
        page,
    })
}

/// The table per agency as it leaves the system: headings, then one row per agency.
async fn table(state: &AppState, page: &Page, staff: &Staff) -> AppResult<Vec<Vec<String>>> {
    let (portal, catalog) = portal(state, staff).await?;
    let mut rows = vec![
        [
            "cdo-col-agency",
            "cdo-col-published",
            "cdo-col-in-work",
            "cdo-col-withdrawn",
            "cdo-col-views",
            "cdo-col-downloads",
            "cdo-col-reports",
            "cdo-col-redacted",
            "cdo-col-cleared",
            "cdo-col-open-findings",
        ]
        .iter()
        .map(|key| page.t(key))
        .collect::<Vec<_>>(),
    ];
    for a in &portal.agencies {
        let numbers = [
            a.published,
            a.in_work,
            a.withdrawn,
            a.views_30_days,
            a.downloads_30_days,
            a.open_reports,
            a.redacted,
            a.cleared,
            a.open_findings,
        ];
        let mut row = vec![neutralise(&agency_name(page, &catalog, &a.agency))];
        row.extend(numbers.iter().map(i64::to_string));
        rows.push(row);
    }
    Ok(rows)
}

pub async fn csv(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    csv_download(&table(&state, &page, &staff).await?, "transparenzportal.csv")
}

pub async fn xlsx(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    xlsx_download(&table(&state, &page, &staff).await?, "transparenzportal.xlsx")
}

/// Every agency's open and overdue cases as they leave the system.
async fn cases_table(state: &AppState, page: &Page, staff: &Staff) -> AppResult<Vec<Vec<String>>> {
    staff.require(Role::Cdo)?;
    let catalog = state.catalog().await?;
    let cases = open_by_agency(state.db.read(), local_date(state.clock.now())).await?;
    let mut rows = vec![vec![
        page.t("cdo-col-agency"),
        page.t("cockpit-col-open"),
        page.t("cockpit-col-overdue"),
    ]];
    rows.extend(cases.iter().map(|c| {
        vec![
            neutralise(&agency_name(page, &catalog, &c.agency_id)),
            c.open.to_string(),
            c.overdue.to_string(),
        ]
    }));
    Ok(rows)
}

pub async fn cases_csv(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    csv_download(&cases_table(&state, &page, &staff).await?, "vorgaenge.csv")
}

pub async fn cases_xlsx(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    xlsx_download(&cases_table(&state, &page, &staff).await?, "vorgaenge.xlsx")
}
