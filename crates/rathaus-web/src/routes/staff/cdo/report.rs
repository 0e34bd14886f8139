//! `/verwaltung/cdo/bericht`: the progress report for the Senate, for the CDO office. For
//! the last 3, 6 or 12 months that have ended, against as many before: the key figures,
//! what went online (and what fell back), maturity and use per agency, the ageing IT
//! procedures with what must be done, and the agencies' strategies. The figures come
//! from the same queries as the cockpit, `/digitalisierung` and the strategies' pages;
//! the page and the PDF/A (`/verwaltung/cdo/bericht.pdf`) are one document.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::register::{agency_name, today};
use super::roadmap::todo_text;
use super::strategies::Portfolio;
use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::routes::applications::made_document;
use crate::routes::digitalisation::{days, figures_of, percent, service_name};
use crate::state::AppState;
use rathaus_core::accounts::Role;
use rathaus_core::cockpit::ageing::{Counts, assess_all};
use rathaus_core::cockpit::digitalisation::{Overview, Totals};
use rathaus_core::cockpit::report::{DEFAULT_LENGTH, LENGTHS, Period, Report, Section, Table};
use rathaus_core::cockpit::roadmap::{self, deadline};
use rathaus_core::cockpit::{measure, register};
use rathaus_platform::i18n::{date, money, month_year};

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    monate: String,
}

impl ReportQuery {
    /// The period's length, and whether the one asked for was not one offered.
    fn length(&self) -> (u32, bool) {
        match self.monate.trim() {
            "" => (DEFAULT_LENGTH, false),
            text => match text.parse::<u32>().ok().filter(|n| LENGTHS.contains(n)) {
                Some(n) => (n, false),
                None => (DEFAULT_LENGTH, true),
            },
        }
    }
}

fn span(page: &Page, months: &[NaiveDate]) -> String {
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => page.lang.t_args(
            "report-span",
            &[("from", month_year(page.lang, *first)), ("to", month_year(page.lang, *last))],
        ),
        _ => String::new(),
    }
}

/// A signed difference in words: "+12", "−3", "±0"; "–" when either side is unknown.
fn change(before: Option<f64>, now: Option<f64>, unit: impl Fn(f64) -> String) -> String {
    match (before, now) {
        (Some(b), Some(n)) => {
            let d = n - b;
            let sign = if d > 0.0 {
                "+"
            } else if d < 0.0 {
                "−"
            } else {
                "±"
            };
            format!("{sign}{}", unit(d.abs()))
        }
        _ => "–".into(),
    }
}

fn count(n: Option<i64>) -> String {
    n.map_or_else(|| "–".into(), |n| n.to_string())
}

/// Services at level 3 or above at the end of the previous period, as recorded then.
fn fully_online_then(before: &Overview) -> Option<usize> {
    before
        .by_month(None)
        .last()?
        .by_level
        .map(|levels| levels[3..].iter().sum::<usize>())
}

fn key_figures(page: &Page, now: &Totals, before: &Totals, fully_then: Option<usize>, (this, prev): (&str, &str)) -> Table {
    let l = page.lang;
    let whole = |d: f64| format!("{}", d.round() as i64);
    let points = |d: f64| page.t1("report-points", "value", super::register::decimal(l, d * 100.0));
    let day_count = |d: f64| page.t1("strategy-days", "count", d.round() as i64);
    let (u, b) = (&now.usage, &before.usage);
    let rows = vec![
        vec![
            page.t("report-row-fully-online"),
            count(fully_then.map(|n| n as i64)),
            now.fully_online().to_string(),
            change(fully_then.map(|n| n as f64), Some(now.fully_online() as f64), whole),
        ],
        vec![
            page.t("report-row-online"),
            b.online.to_string(),
            u.online.to_string(),
            change(Some(b.online as f64), Some(u.online as f64), whole),
        ],
        vec![
            page.t("report-row-visits"),
            b.visits.to_string(),
            u.visits.to_string(),
            change(Some(b.visits as f64), Some(u.visits as f64), whole),
        ],
        vec![
            page.t("report-row-share"),
            percent(page, b.online_share()),
            percent(page, u.online_share()),
            change(b.online_share(), u.online_share(), points),
        ],
        vec![
            page.t("report-row-median"),
            days(page, b.median_days()),
            days(page, u.median_days()),
            change(b.median_days().map(f64::from), u.median_days().map(f64::from), day_count),
        ],
        vec![
            page.t("report-row-p90"),
            days(page, b.p90_days()),
            days(page, u.p90_days()),
            change(b.p90_days().map(f64::from), u.p90_days().map(f64::from), day_count),
        ],
        vec![
            page.t("report-row-payments"),
            b.payments.to_string(),
            u.payments.to_string(),
            change(Some(b.payments as f64), Some(u.payments as f64), whole),
        ],
    ];
    Table {
        caption: page.t("report-key-caption"),
        head: vec![
            page.t("report-col-figure"),
            prev.to_string(),
            this.to_string(),
            page.t("report-col-change"),
        ],
        rows,
    }
}

/// Services whose level changed since the end of the previous period, risen first.
fn level_changes(page: &Page, catalog: &rathaus_core::catalog::Catalog, now: &Overview, before: &Overview) -> (Section, usize) {
    let mut changed: Vec<(i16, Vec<String>)> = Vec::new();
    let mut went_online = 0;
    let mut known = 0;
    for s in &now.services {
        let then = before
            .service(&s.assessment.service)
            .and_then(|b| b.history.iter().rev().find_map(|h| h.level));
        let Some(then) = then else { continue };
        known += 1;
        let level = s.assessment.level;
        if then == level {
            continue;
        }
        if then < 3 && level >= 3 {
            went_online += 1;
        }
        changed.push((
            i16::from(then) - i16::from(level),
            vec![
                service_name(page.lang, catalog, &s.assessment.service),
                agency_name(page, catalog, &s.assessment.agency),
                then.to_string(),
                level.to_string(),
            ],
        ));
    }
    changed.sort_by_key(|(d, _)| *d);
    let mut paragraphs = vec![page.t1("report-went-online", "count", went_online)];
    if known == 0 {
        paragraphs = vec![page.t("report-levels-unknown")];
    } else if changed.is_empty() {
        paragraphs.push(page.t("report-levels-unchanged"));
    }
    let tables = if changed.is_empty() {
        Vec::new()
    } else {
        vec![Table {
            caption: page.t("report-levels-caption"),
            head: vec![
                page.t("report-col-service"),
                page.t("strategy-col-agency"),
                page.t("report-col-level-then"),
                page.t("report-col-level-now"),
            ],
            rows: changed.into_iter().map(|(_, row)| row).collect(),
        }]
    };
    (
        Section {
            id: "online".into(),
            heading: page.t("report-online-title"),
            paragraphs,
            tables,
        },
        went_online,
    )
}

fn agencies_table(page: &Page, catalog: &rathaus_core::catalog::Catalog, now: &Overview, before: &Overview) -> Table {
    let mut rows: Vec<Vec<String>> = now
        .agencies()
        .into_iter()
        .map(|agency| {
            let (t, b) = (now.totals(Some(agency)), before.totals(Some(agency)));
            vec![
                agency_name(page, catalog, agency),
                t.services.to_string(),
                t.fully_online().to_string(),
                percent(page, b.usage.online_share()),
                percent(page, t.usage.online_share()),
                days(page, t.usage.median_days()),
            ]
        })
        .collect();
    rows.sort();
    Table {
        caption: page.t("report-agencies-caption"),
        head: vec![
            page.t("strategy-col-agency"),
            page.t("report-col-services"),
            page.t("report-col-fully-online"),
            page.t("report-col-share-then"),
            page.t("report-col-share-now"),
            page.t("report-col-median"),
        ],
        rows,
    }
}

async fn ageing_section(state: &AppState, page: &Page, staff: &Staff, catalog: &rathaus_core::catalog::Catalog) -> AppResult<Section> {
    let office = super::register::office_of(staff);
    let (visible, graph) = register::list_with_graph(&state.db, &*state.clock, &office, "it_register:report").await?;
    let table = register::table(&state.db).await?;
    let day = today(state);
    let assessed = assess_all(visible, &graph, &table, day);
    let measures = measure::all(state.db.read()).await?;
    let counts = Counts::of(assessed.iter().flat_map(|a| &a.components));
    let open: Vec<&measure::Measure> = measures
        .iter()
        .filter(|m| m.status.counts() && m.status != measure::MeasureStatus::Done)
        .collect();
    let late = open
        .iter()
        .filter(|m| {
            let procedure = assessed.iter().find(|a| a.procedure.id == m.procedure);
            m.is_late(procedure.and_then(deadline))
        })
        .count();
    let needs = roadmap::needs_doing(&assessed, &measures);
    let l = page.lang;
    let paragraphs = vec![
        l.t_args(
            "cockpit-register-totals",
            &[
                ("count", assessed.len().to_string()),
                ("ended", counts.ended.to_string()),
                ("soon", counts.ends_soon.to_string()),
                ("unknown", counts.unknown.to_string()),
            ],
        ),
        l.t_args(
            "report-measures",
            &[
                ("count", open.len().to_string()),
                ("late", late.to_string()),
                (
                    "budget",
                    money(l, open.iter().map(|m| m.budget_eur).sum::<i64>().saturating_mul(100)),
                ),
            ],
        ),
        page.t1("report-needs-doing", "count", needs.len()),
    ];
    let rows = needs
        .iter()
        .map(|n| {
            vec![
                n.name.clone(),
                agency_name(page, catalog, &n.owner),
                super::register::decimal(l, n.score),
                n.todos.iter().map(|t| todo_text(page, t)).collect::<Vec<_>>().join("; "),
                n.responsible.clone(),
            ]
        })
        .collect();
    Ok(Section {
        id: "verfahren".into(),
        heading: page.t("report-ageing-title"),
        paragraphs,
        tables: vec![Table {
            caption: page.t("report-ageing-caption"),
            head: vec![
                page.t("report-col-procedure"),
                page.t("strategy-col-agency"),
                page.t("report-col-risk"),
                page.t("report-col-todo"),
                page.t("report-col-responsible"),
            ],
            rows,
        }],
    })
}

async fn strategies_section(state: &AppState, page: &Page, staff: &Staff) -> AppResult<Section> {
    let portfolio = Portfolio::load(state, staff).await?;
    let lines: Vec<_> = portfolio.lines(page).into_iter().filter(|l| l.title.is_some()).collect();
    let alarms = portfolio.alarms(page);
    let overdue = portfolio.overdue(page);
    let mut paragraphs = vec![page.lang.t_args(
        "report-strategies",
        &[
            ("count", lines.len().to_string()),
            ("agencies", portfolio.agencies.len().to_string()),
            ("alarms", alarms.len().to_string()),
            ("overdue", overdue.len().to_string()),
        ],
    )];
    if lines.is_empty() {
        paragraphs.push(page.t("report-strategies-none"));
    }
    let mut tables = vec![Table {
        caption: page.t("report-strategies-caption"),
        head: vec![
            page.t("strategy-col-agency"),
            page.t("strategy-col-strategy"),
            page.t("strategy-col-goals"),
            page.t("strategy-state-reached"),
            page.t("strategy-state-on_track"),
            page.t("strategy-state-off_track"),
            page.t("strategy-state-missed"),
            page.t("strategy-col-overdue"),
            page.t("strategy-col-budget"),
            page.t("strategy-col-rating"),
        ],
        rows: lines
            .iter()
            .map(|l| {
                let s = &l.standing;
                vec![
                    l.agency.clone(),
                    l.title.clone().unwrap_or_default(),
                    s.goals.to_string(),
                    s.reached.to_string(),
                    s.on_track.to_string(),
                    s.off_track.to_string(),
                    s.missed.to_string(),
                    s.overdue_milestones.to_string(),
                    l.budget.clone(),
                    l.rating.clone(),
                ]
            })
            .collect(),
    }];
    if !alarms.is_empty() {
        tables.push(Table {
            caption: page.t("strategy-alarms-caption"),
            head: vec![
                page.t("strategy-col-goal"),
                page.t("strategy-col-agency"),
                page.t("strategy-col-state"),
                page.t("strategy-col-current"),
                page.t("strategy-col-target"),
            ],
            rows: alarms
                .into_iter()
                .map(|a| vec![a.goal, a.agency, a.state, a.current, a.target])
                .collect(),
        });
    }
    if !overdue.is_empty() {
        tables.push(Table {
            caption: page.t("strategy-overdue-caption"),
            head: vec![
                page.t("strategy-col-milestone"),
                page.t("strategy-col-due"),
                page.t("strategy-col-measure"),
                page.t("strategy-col-agency"),
            ],
            rows: overdue.into_iter().map(|o| vec![o.milestone, o.due, o.measure, o.agency]).collect(),
        });
    }
    Ok(Section {
        id: "strategien".into(),
        heading: page.t("strategy-portfolio-title"),
        paragraphs,
        tables,
    })
}

/// The report for the period of `length` months that ended before today.
pub async fn build(state: &AppState, page: &Page, staff: &Staff, length: u32) -> AppResult<Report> {
    staff.require(Role::Cdo)?;
    let day = today(state);
    let period = Period::ending_before(day, length);
    let (now, catalog) = figures_of(state, period.months.clone()).await?;
    let (before, _) = figures_of(state, period.previous.clone()).await?;
    let (this, prev) = (span(page, &period.months), span(page, &period.previous));
    let (city_now, city_before) = (now.totals(None), before.totals(None));
    let (online, went_online) = level_changes(page, &catalog, &now, &before);
    let mut summary = vec![page.lang.t_args(
        "report-summary",
        &[
            ("services", city_now.services.to_string()),
            ("fully", city_now.fully_online().to_string()),
            ("went", went_online.to_string()),
        ],
    )];
    let (share, share_then) = (city_now.usage.online_share(), city_before.usage.online_share());
    summary.push(match (share, share_then) {
        (None, None) => page.t("report-summary-no-share"),
        _ => page.lang.t_args(
            "report-summary-share",
            &[("share", percent(page, share)), ("share_then", percent(page, share_then))],
        ),
    });
    let sections = vec![
        Section {
            id: "kennzahlen".into(),
            heading: page.t("report-key-title"),
            paragraphs: summary,
            tables: vec![key_figures(
                page,
                &city_now,
                &city_before,
                fully_online_then(&before),
                (this.as_str(), prev.as_str()),
            )],
        },
        online,
        Section {
            id: "behoerden".into(),
            heading: page.t("report-agencies-title"),
            paragraphs: vec![page.t("report-agencies-lead")],
            tables: vec![agencies_table(page, &catalog, &now, &before)],
        },
        ageing_section(state, page, staff, &catalog).await?,
        strategies_section(state, page, staff).await?,
    ];
    Ok(Report {
        lang: page.html_lang().into(),
        city: page.city.to_string(),
        title: page.t("report-title"),
        subtitle: page.lang.t_args("report-subtitle", &[("this", this), ("prev", prev)]),
        note: page
            .lang
            .t_args("report-note", &[("date", date(page.lang, day)), ("length", length.to_string())]),
        sections,
    })
}

pub struct LengthChoice {
    pub value: u32,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/report.html")]
pub struct ReportPage {
    page: Page,
    report: Report,
    lengths: Vec<LengthChoice>,
    length: u32,
    unknown_length: bool,
}

pub async fn show(State(state): State<AppState>, page: Page, staff: Staff, Query(q): Query<ReportQuery>) -> AppResult<ReportPage> {
    let (length, unknown_length) = q.length();
    let report = build(&state, &page, &staff, length).await?;
    Ok(ReportPage {
        lengths: LENGTHS
            .iter()
            .map(|&value| LengthChoice {
                value,
                selected: value == length,
            })
            .collect(),
        report,
        length,
        unknown_length,
        page,
    })
}

pub async fn pdf(State(state): State<AppState>, page: Page, staff: Staff, Query(q): Query<ReportQuery>) -> AppResult<Response> {
    let (length, _) = q.length();
    let report = build(&state, &page, &staff, length).await?;
    let at = state.clock.now();
    let bytes = tokio::task::spawn_blocking(move || report.pdf(at))
        .await
        .map_err(|e| rathaus_platform::Error::internal(format!("report task: {e}")))??;
    let name = format!("fortschrittsbericht-{}.pdf", today(&state));
    Ok(made_document(bytes, "application/pdf", &format!("attachment; filename=\"{name}\"")))
}
