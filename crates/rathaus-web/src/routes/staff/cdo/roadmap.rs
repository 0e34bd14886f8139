//! `/verwaltung/cdo/fahrplan`: what needs doing where — per procedure the ends of support
//! no measure answers, the unknown ends and the measures that come too late, riskiest
//! first, with who must act — and the roadmap of the next three years: ends of support
//! and measures' target dates per quarter, as a chart drawn on the server and as a table.
//! For the CDO office the city (or one agency), for an agency administrator their own.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};

use super::register::{ListQuery, agency_name, office_of, support_text, today};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::cockpit::ageing::assess_all;
use rathaus_core::cockpit::roadmap::{self, Todo};
use rathaus_core::cockpit::{measure, register};
use rathaus_platform::i18n::date;

/// The chart: two bars per quarter, ends (left) and target dates (right).
const BAR: i64 = 18;
const GROUP: i64 = 56;
const HEIGHT: i64 = 120;

pub struct TodoLine {
    pub href: String,
    pub name: String,
    pub agency: String,
    pub responsible: String,
    pub items: Vec<String>,
}

pub struct QuarterLine {
    pub label: String,
    pub ends: Vec<String>,
    pub targets: Vec<(String, bool)>,
    pub ends_x: i64,
    pub ends_y: i64,
    pub ends_height: i64,
    pub targets_x: i64,
    pub targets_y: i64,
    pub targets_height: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/roadmap.html")]
pub struct RoadmapPage {
    page: Page,
    agency: Option<String>,
    todos: Vec<TodoLine>,
    overdue: Vec<String>,
    quarters: Vec<QuarterLine>,
    chart_width: i64,
    /// The first and the last quarter in words: the chart has no labels of its own.
    range: String,
}

/// What a procedure's owner must do, in words.
pub fn todo_text(page: &Page, todo: &Todo) -> String {
    let l = page.lang;
    match todo {
        Todo::NoMeasure { component, support } => l.t_args(
            "cockpit-todo-no-measure",
            &[("component", component.clone()), ("support", support_text(page, support).0)],
        ),
        Todo::Unknown { component } => page.t1("cockpit-todo-unknown", "component", component),
        Todo::Late {
            title,
            target_date,
            deadline,
        } => l.t_args(
            "cockpit-todo-late",
            &[
                ("title", title.clone()),
                ("date", date(l, *target_date)),
                ("deadline", date(l, *deadline)),
            ],
        ),
    }
}

pub async fn show(State(state): State<AppState>, page: Page, staff: Staff, Query(q): Query<ListQuery>) -> AppResult<RoadmapPage> {
    let office = office_of(&staff);
    let (mut visible, graph) = register::list_with_graph(&state.db, &*state.clock, &office, "it_register:roadmap").await?;
    let filter = q.agency();
    if !filter.is_empty() {
        visible.retain(|p| p.owner == filter);
    }
    let table = register::table(&state.db).await?;
    let measures = measure::all(state.db.read()).await?;
    let day = today(&state);
    let assessed = assess_all(visible, &graph, &table, day);
    let catalog = state.catalog().await?;
    let l = page.lang;
    let todos = roadmap::needs_doing(&assessed, &measures)
        .into_iter()
        .map(|n| TodoLine {
            href: format!("/verwaltung/cdo/verfahren/{}", n.procedure),
            agency: agency_name(&page, &catalog, &n.owner),
            responsible: n.responsible,
            items: n.todos.iter().map(|t| todo_text(&page, t)).collect(),
            name: n.name,
        })
        .collect();
    let map = roadmap::roadmap(&assessed, &measures, day);
    let most = map
        .quarters
        .iter()
        .map(|q| q.ends.len().max(q.targets.len()))
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let height = |n: usize| (n as i64 * HEIGHT) / most;
    let quarters = map
        .quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let x = i as i64 * GROUP;
            QuarterLine {
                label: page
                    .lang
                    .t_args("cockpit-quarter", &[("number", q.number.to_string()), ("year", q.year.to_string())]),
                ends: q
                    .ends
                    .iter()
                    .map(|e| format!("{} – {} ({})", e.name, e.component, date(l, e.on)))
                    .collect(),
                targets: q
                    .targets
                    .iter()
                    .map(|t| {
                        (
                            format!("{} – {} ({}, {})", t.name, t.title, date(l, t.on), page.t(t.status.label_key())),
                            t.late,
                        )
                    })
                    .collect(),
                ends_x: x + 8,
                ends_y: HEIGHT - height(q.ends.len()),
                ends_height: height(q.ends.len()),
                targets_x: x + 8 + BAR + 2,
                targets_y: HEIGHT - height(q.targets.len()),
                targets_height: height(q.targets.len()),
            }
        })
        .collect::<Vec<_>>();
    let range = match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) => page.lang.t_args(
            "cockpit-map-chart-range",
            &[("first", first.label.clone()), ("last", last.label.clone())],
        ),
        _ => String::new(),
    };
    Ok(RoadmapPage {
        range,
        agency: (!filter.is_empty()).then(|| agency_name(&page, &catalog, filter)),
        overdue: map
            .overdue
            .iter()
            .map(|e| format!("{} – {} ({})", e.name, e.component, date(l, e.on)))
            .collect(),
        chart_width: quarters.len() as i64 * GROUP,
        quarters,
        todos,
        page,
    })
}
