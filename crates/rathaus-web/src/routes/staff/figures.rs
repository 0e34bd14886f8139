//! `/verwaltung/termine/{id}/zahlen`: a location's figures per day — bookings, no-shows,
//! walk-ins, waiting time (median, 90th percentile), lead time to the next free slot —
//! as a table, a bar chart (the table is its text alternative) and a CSV file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::calendar::location_for;
use super::sheets::csv_download;
use crate::auth::Staff;
use crate::error::AppResult;
use crate::format;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::appointments::figures::{self, DayFigures};
use rathaus_core::cases::due::local_date;

#[derive(Debug, Default, Deserialize)]
pub struct RangeQuery {
    #[serde(default)]
    von: String,
    #[serde(default)]
    bis: String,
}

/// The chosen days, at most 92; by default the last 14 up to today.
fn range(state: &AppState, q: &RangeQuery) -> (NaiveDate, NaiveDate) {
    let today = local_date(state.clock.now());
    let to = NaiveDate::parse_from_str(&q.bis, "%Y-%m-%d").unwrap_or(today);
    let from = NaiveDate::parse_from_str(&q.von, "%Y-%m-%d").unwrap_or(to - Days::new(13));
    let from = from.min(to).max(to - Days::new(91));
    (from, to)
}

pub struct Row {
    pub day: String,
    pub bookings: i64,
    pub no_shows: i64,
    pub walk_ins: i64,
    pub wait_median: String,
    pub wait_p90: String,
    pub lead: String,
}

pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub height: i64,
    pub booked: bool,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/figures.html")]
pub struct FiguresPage {
    page: Page,
    id: String,
    name: String,
    from: String,
    to: String,
    rows: Vec<Row>,
    bars: Vec<Bar>,
    chart_width: i64,
}

const CHART_HEIGHT: i64 = 160;
const BAR: i64 = 10;

fn minutes(value: Option<i64>) -> String {
    value.map(|m| m.to_string()).unwrap_or_else(|| "–".into())
}

fn bars(page: &Page, days: &[DayFigures]) -> Vec<Bar> {
    let top = days.iter().map(|d| d.bookings.max(d.walk_ins)).max().unwrap_or(0).max(1);
    days.iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let day = format::date(page.lang, d.day);
            [(d.bookings, true, "figures-bookings"), (d.walk_ins, false, "figures-walk-ins")]
                .into_iter()
                .enumerate()
                .map(move |(j, (value, booked, key))| (i, j, day.clone(), value, booked, key))
        })
        .map(|(i, j, day, value, booked, key)| {
            let height = value * CHART_HEIGHT / top;
            Bar {
                x: i as i64 * (BAR * 2 + 6) + j as i64 * BAR,
                y: CHART_HEIGHT - height,
                height,
                booked,
                label: format!("{day}: {} {value}", page.t(key)),
            }
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> AppResult<FiguresPage> {
    let location = location_for(&state, &staff, &id).await?;
    let (from, to) = range(&state, &q);
    let days = figures::per_day(&state.db, &*state.clock, &id, from, to).await?;
    let rows = days
        .iter()
        .map(|d| Row {
            day: format::long_date(page.lang, d.day),
            bookings: d.bookings,
            no_shows: d.no_shows,
            walk_ins: d.walk_ins,
            wait_median: minutes(d.wait_median_minutes),
            wait_p90: minutes(d.wait_p90_minutes),
            lead: minutes(d.lead_median_minutes),
        })
        .collect();
    Ok(FiguresPage {
        bars: bars(&page, &days),
        chart_width: days.len() as i64 * (BAR * 2 + 6),
        id,
        name: location.name,
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        rows,
        page,
    })
}

pub async fn csv(
    State(state): State<AppState>,
    page: Page,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<RangeQuery>,
) -> AppResult<Response> {
    location_for(&state, &staff, &id).await?;
    let (from, to) = range(&state, &q);
    let days = figures::per_day(&state.db, &*state.clock, &id, from, to).await?;
    let mut table: Vec<Vec<String>> = vec![
        [
            "figures-day",
            "figures-bookings",
            "figures-no-shows",
            "figures-walk-ins",
            "figures-wait-median",
            "figures-wait-p90",
            "figures-lead",
        ]
        .iter()
        .map(|k| page.t(k))
        .collect(),
    ];
    table.extend(days.iter().map(|d| {
        vec![
            d.day.format("%Y-%m-%d").to_string(),
            d.bookings.to_string(),
            d.no_shows.to_string(),
            d.walk_ins.to_string(),
            d.wait_median_minutes.map(|m| m.to_string()).unwrap_or_default(),
            d.wait_p90_minutes.map(|m| m.to_string()).unwrap_or_default(),
            d.lead_median_minutes.map(|m| m.to_string()).unwrap_or_default(),
        ]
    }));
    csv_download(&table, &format!("termine-{id}-{from}-{to}.csv"))
}
