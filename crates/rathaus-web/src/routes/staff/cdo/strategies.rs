//! `/verwaltung/cdo/strategien`: the agencies' digital strategies. The portfolio puts
//! every agency side by side — goals reached, on track and off track, overdue
//! milestones, budget, the CDO office's last rating and the requests still unanswered —
//! and lists what is overdue or off track; each agency's page shows its goals against
//! their live figures, its measures, the assessments with the agency's answers, and the
//! history of changes.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::register::{agency_name, decimal, office_of, today};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::routes::digitalisation::{self, service_name};
use crate::routes::staff::sheets::{csv_download, neutralise, xlsx_download};
use crate::state::AppState;
use rathaus_core::catalog::Catalog;
use rathaus_core::cockpit::digitalisation::Overview;
use rathaus_core::cockpit::register::Office;
use rathaus_core::cockpit::review::{self, Review};
use rathaus_core::cockpit::strategies::{self, Stored};
use rathaus_core::cockpit::strategy::{Figure, Goal, GoalState, Reading, Standing, Strategy};
use rathaus_core::cockpit::{measure::Milestone, store};
use rathaus_platform::Error;
use rathaus_platform::i18n::{date, date_time, money};

/// A value of a goal's figure in words: "62,0 %", "7 Tage", "Stufe 3", "78,0 % der Anläufe".
pub fn value_text(page: &Page, goal: &Goal, value: f64) -> String {
    match goal.figure {
        Figure::OnlineShare | Figure::FullyOnlineShare => format!("{} %", decimal(page.lang, value)),
        Figure::LeadMedian => page.t1("strategy-days", "count", value.round() as i64),
        Figure::Level => page.t1("strategy-level", "level", value.round() as i64),
        Figure::Reported => format!("{} {}", decimal(page.lang, value), goal.unit),
    }
}

fn reading_text(page: &Page, goal: &Goal, reading: Option<Reading>) -> String {
    match reading {
        Some(r) => page.lang.t_args(
            "strategy-reading",
            &[("value", value_text(page, goal, r.value)), ("date", date(page.lang, r.on))],
        ),
        None => page.t("strategy-no-figure"),
    }
}

/// What a goal is measured by, in words: "Online-Anteil – Gewerbe anmelden".
pub fn figure_text(page: &Page, catalog: &Catalog, agency: &str, goal: &Goal) -> String {
    let figure = page.t(&goal.figure.label_key());
    match (&goal.service, goal.figure) {
        (_, Figure::Reported) => format!("{figure} ({})", goal.unit),
        (Some(service), _) => format!("{figure} – {}", service_name(page.lang, catalog, service)),
        (None, _) => format!("{figure} – {}", agency_name(page, catalog, agency)),
    }
}

pub fn state_label(page: &Page, state: GoalState) -> String {
    page.t(&format!("strategy-state-{}", state.id()))
}

/// A state's class for the eye (the words carry it alone).
pub fn state_class(state: GoalState) -> &'static str {
    match state {
        GoalState::Reached | GoalState::OnTrack => "ok",
        GoalState::NoFigure => "warn",
        GoalState::OffTrack | GoalState::Missed => "bad",
    }
}

/// The strategies the person may read with the figures they are judged by: every
/// agency's for the CDO office, their own agencies' for administrators.
pub struct Portfolio {
    pub office: Office,
    pub catalog: std::sync::Arc<Catalog>,
    pub overview: Overview,
    pub today: NaiveDate,
    /// Per agency the person reads, in the catalogue's order: its strategy, if any.
    pub agencies: Vec<(String, Option<Stored>)>,
    pub reviews: Vec<Review>,
}

impl Portfolio {
    pub async fn load(state: &AppState, staff: &Staff) -> AppResult<Self> {
        let office = office_of(staff);
        if !office.may_enter() {
            return Err(AppError(Error::Forbidden));
        }
        let (overview, catalog) = digitalisation::figures(state).await?;
        let mut stored = strategies::all(state.db.read()).await?;
        let agencies = catalog
            .agencies()
            .iter()
            .filter(|a| office.reads(&a.id))
            .map(|a| {
                let strategy = stored.iter().position(|s| s.strategy.agency == a.id).map(|i| stored.swap_remove(i));
                (a.id.clone(), strategy)
            })
            .collect();
        let mut reviews = review::all(state.db.read()).await?;
        reviews.retain(|r| office.reads(&r.agency));
        Ok(Portfolio {
            office,
            catalog,
            overview,
            today: today(state),
            agencies,
            reviews,
        })
    }

    fn latest_review(&self, agency: &str) -> Option<&Review> {
        self.reviews.iter().find(|r| r.agency == agency)
    }

    pub fn strategies(&self) -> impl Iterator<Item = &Strategy> {
        self.agencies.iter().filter_map(|(_, s)| s.as_ref().map(|s| &s.strategy))
    }
}

pub struct PortfolioLine {
    pub agency_id: String,
    pub agency: String,
    pub title: Option<String>,
    pub standing: Standing,
    pub budget: String,
    pub rating: String,
    pub open_requests: usize,
}

pub struct OverdueLine {
    pub agency_id: String,
    pub agency: String,
    pub measure: String,
    pub milestone: String,
    pub due: String,
}

pub struct GoalAlarm {
    pub agency_id: String,
    pub agency: String,
    pub goal: String,
    pub state: String,
    pub current: String,
    pub target: String,
}

/// A mean rating in words: "3,4 von 5".
pub fn rating_text(page: &Page, review: Option<&Review>) -> String {
    match review.and_then(Review::mean_tenths) {
        Some(tenths) => page.lang.t_args(
            "strategy-rating-mean",
            &[
                ("mean", decimal(page.lang, f64::from(tenths) / 10.0)),
                ("highest", review::HIGHEST.to_string()),
            ],
        ),
        None => page.t("strategy-not-assessed"),
    }
}

fn target_text(page: &Page, goal: &Goal) -> String {
    page.lang.t_args(
        "strategy-target",
        &[("value", value_text(page, goal, goal.target)), ("date", date(page.lang, goal.due))],
    )
}

impl Portfolio {
    pub fn lines(&self, page: &Page) -> Vec<PortfolioLine> {
        self.agencies
            .iter()
            .map(|(agency, stored)| {
                let standing = stored
                    .as_ref()
                    .map(|s| s.strategy.standing(&self.overview, self.today))
                    .unwrap_or_default();
                let review = self.latest_review(agency);
                PortfolioLine {
                    agency_id: agency.clone(),
                    agency: agency_name(page, &self.catalog, agency),
                    title: stored.as_ref().map(|s| s.strategy.title.clone()),
                    budget: money(page.lang, standing.budget_eur.saturating_mul(100)),
                    standing,
                    rating: rating_text(page, review),
                    open_requests: self.reviews.iter().filter(|r| &r.agency == agency).map(Review::open_requests).sum(),
                }
            })
            .collect()
    }

    pub fn overdue(&self, page: &Page) -> Vec<OverdueLine> {
        let mut out: Vec<(NaiveDate, OverdueLine)> = Vec::new();
        for s in self.strategies() {
            for m in &s.measures {
                for milestone in m.overdue(self.today) {
                    out.push((
                        milestone.due,
                        OverdueLine {
                            agency_id: s.agency.clone(),
                            agency: agency_name(page, &self.catalog, &s.agency),
                            measure: m.title.clone(),
                            milestone: milestone.title.clone(),
                            due: date(page.lang, milestone.due),
                        },
                    ));
                }
            }
        }
        out.sort_by_key(|(due, _)| *due);
        out.into_iter().map(|(_, l)| l).collect()
    }

    pub fn alarms(&self, page: &Page) -> Vec<GoalAlarm> {
        let mut out = Vec::new();
        for s in self.strategies() {
            for goal in &s.goals {
                let current = goal.current(&self.overview, &s.agency);
                let state = goal.state(current, self.today);
                if state.needs_action() {
                    out.push(GoalAlarm {
                        agency_id: s.agency.clone(),
                        agency: agency_name(page, &self.catalog, &s.agency),
                        goal: goal.title.clone(),
                        state: state_label(page, state),
                        current: reading_text(page, goal, current),
                        target: target_text(page, goal),
                    });
                }
            }
        }
        out
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/strategies.html")]
pub struct PortfolioPage {
    page: Page,
    lines: Vec<PortfolioLine>,
    overdue: Vec<OverdueLine>,
    alarms: Vec<GoalAlarm>,
    total_budget: String,
    cdo: bool,
}

pub async fn portfolio(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<PortfolioPage> {
    let portfolio = Portfolio::load(&state, &staff).await?;
    let lines = portfolio.lines(&page);
    let total: i64 = lines.iter().map(|l| l.standing.budget_eur).sum();
    Ok(PortfolioPage {
        overdue: portfolio.overdue(&page),
        alarms: portfolio.alarms(&page),
        total_budget: money(page.lang, total.saturating_mul(100)),
        cdo: portfolio.office.cdo,
        lines,
        page,
    })
}

async fn export_rows(state: &AppState, staff: &Staff, page: &Page) -> AppResult<Vec<Vec<String>>> {
    let portfolio = Portfolio::load(state, staff).await?;
    let mut rows = vec![
        [
            "strategy-col-agency",
            "strategy-col-strategy",
            "strategy-col-goals",
            "strategy-state-reached",
            "strategy-state-on_track",
            "strategy-state-off_track",
            "strategy-state-missed",
            "strategy-state-no_figure",
            "strategy-col-overdue",
            "strategy-col-budget-eur",
            "strategy-col-rating",
            "strategy-col-open-requests",
        ]
        .iter()
        .map(|k| page.t(k))
        .collect::<Vec<_>>(),
    ];
    for l in portfolio.lines(page) {
        let s = &l.standing;
        rows.push(vec![
            neutralise(&l.agency),
            neutralise(l.title.as_deref().unwrap_or_default()),
            s.goals.to_string(),
            s.reached.to_string(),
            s.on_track.to_string(),
            s.off_track.to_string(),
            s.missed.to_string(),
            s.no_figure.to_string(),
            s.overdue_milestones.to_string(),
            s.budget_eur.to_string(),
            neutralise(&l.rating),
            l.open_requests.to_string(),
        ]);
    }
    Ok(rows)
}

pub async fn csv(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    csv_download(&export_rows(&state, &staff, &page).await?, "digitalstrategien.csv")
}

pub async fn xlsx(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<Response> {
    xlsx_download(&export_rows(&state, &staff, &page).await?, "digitalstrategien.xlsx")
}

pub struct GoalLine {
    pub id: String,
    pub title: String,
    pub figure: String,
    pub baseline: String,
    pub current: String,
    pub target: String,
    pub state: String,
    pub class: &'static str,
}

pub struct Link {
    pub label: String,
    pub href: Option<String>,
}

pub struct MilestoneLine {
    pub text: String,
    pub done: bool,
    pub overdue: bool,
}

pub struct MeasureLine {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub budget: String,
    pub status: String,
    pub milestones: Vec<MilestoneLine>,
    pub services: Vec<Link>,
    pub procedures: Vec<Link>,
    pub goals: Vec<String>,
}

pub struct RatingLine {
    pub dimension: String,
    pub score: u8,
}

pub struct RequestLine {
    pub text: String,
    pub response: Option<String>,
}

pub struct ReviewLine {
    pub id: String,
    pub heading: String,
    pub mean: String,
    pub ratings: Vec<RatingLine>,
    pub comment: String,
    pub requests: Vec<RequestLine>,
    /// "Antwort von … am …" and the text.
    pub answer: Option<(String, String)>,
}

pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/strategy.html")]
pub struct StrategyPage {
    page: Page,
    agency_id: String,
    agency: String,
    strategy: Option<Strategy>,
    revision: i32,
    goals: Vec<GoalLine>,
    measures: Vec<MeasureLine>,
    reviews: Vec<ReviewLine>,
    history: Vec<HistoryLine>,
    can_edit: bool,
    can_review: bool,
    done: String,
    /// A removal refused because someone changed the strategy meanwhile.
    changed_meanwhile: bool,
    figures_note: String,
}

pub fn review_line(page: &Page, r: &Review) -> ReviewLine {
    ReviewLine {
        id: r.id.to_string(),
        heading: page.lang.t_args(
            "strategy-review-heading",
            &[
                ("date", date_time(page.lang, r.at)),
                ("author", r.author.clone()),
                ("revision", r.revision.to_string()),
            ],
        ),
        mean: rating_text(page, Some(r)),
        ratings: r
            .ratings
            .iter()
            .map(|(d, score)| RatingLine {
                dimension: page.t(&format!("strategy-dimension-{}", d.id())),
                score: *score,
            })
            .collect(),
        comment: r.comment.clone(),
        requests: r
            .requests
            .iter()
            .map(|q| RequestLine {
                text: q.text.clone(),
                response: q.response.map(|x| page.t(&format!("strategy-response-{}", x.id()))),
            })
            .collect(),
        answer: r.answer.as_ref().map(|a| {
            (
                page.lang.t_args(
                    "strategy-answer-by",
                    &[("name", a.by.clone()), ("date", date_time(page.lang, a.at))],
                ),
                a.text.clone(),
            )
        }),
    }
}

fn milestone_line(page: &Page, m: &Milestone, open: bool, today: NaiveDate) -> MilestoneLine {
    MilestoneLine {
        text: format!("{} {}", date(page.lang, m.due), m.title),
        done: m.done,
        overdue: open && m.is_overdue(today),
    }
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    hinweis: String,
}

/// The notices a change leaves on the strategy's page.
const DONE: [&str; 7] = [
    "gespeichert",
    "ziel",
    "ziel-entfernt",
    "massnahme",
    "massnahme-entfernt",
    "bewertung",
    "antwort",
];

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    staff: Staff,
    Path(agency): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<StrategyPage> {
    let office = office_of(&staff);
    let stored = strategies::read(state.db.read(), &office, &agency).await?;
    let (overview, catalog) = digitalisation::figures(&state).await?;
    if catalog.agency(&agency).is_none() {
        return Err(AppError(Error::NotFound));
    }
    let today = today(&state);
    let register = store::all(state.db.read()).await?;
    let reviews = review::of_agency(state.db.read(), &office, &agency).await?;
    let history = strategies::history(state.db.read(), &office, &agency, 20).await?;
    let l = page.lang;
    let (strategy, revision) = match stored {
        Some(s) => (Some(s.strategy), s.revision),
        None => (None, 0),
    };
    let goals = strategy
        .iter()
        .flat_map(|s| &s.goals)
        .map(|g| {
            let current = g.current(&overview, &agency);
            let state = g.state(current, today);
            GoalLine {
                id: g.id.to_string(),
                title: g.title.clone(),
                figure: figure_text(&page, &catalog, &agency, g),
                baseline: reading_text(&page, g, g.baseline),
                current: reading_text(&page, g, current),
                target: target_text(&page, g),
                state: state_label(&page, state),
                class: state_class(state),
            }
        })
        .collect();
    let measures = strategy
        .iter()
        .flat_map(|s| s.measures.iter().map(move |m| (s, m)))
        .map(|(s, m)| MeasureLine {
            id: m.id.to_string(),
            title: m.title.clone(),
            owner: m.owner.clone(),
            budget: money(l, m.budget_eur.saturating_mul(100)),
            status: page.t(m.status.label_key()),
            milestones: m.milestones.iter().map(|x| milestone_line(&page, x, m.is_open(), today)).collect(),
            services: m
                .services
                .iter()
                .map(|id| Link {
                    label: service_name(l, &catalog, id),
                    href: Some(format!("/digitalisierung/{id}")),
                })
                .collect(),
            procedures: m
                .procedures
                .iter()
                .map(|id| {
                    let entry = register.iter().find(|p| &p.id == id);
                    Link {
                        label: entry.map_or_else(|| id.clone(), |p| p.name.clone()),
                        href: entry
                            .filter(|p| office.reads(&p.owner))
                            .map(|_| format!("/verwaltung/cdo/verfahren/{id}")),
                    }
                })
                .collect(),
            goals: m.goals.iter().filter_map(|g| s.goal(*g)).map(|g| g.title.clone()).collect(),
        })
        .collect();
    let history = history
        .into_iter()
        .map(|h| HistoryLine {
            at: date_time(l, h.at),
            who: h.actor_name,
            what: format!("{}: {}", page.t(&format!("strategy-change-{}", h.change)), h.subject),
        })
        .collect();
    let figures_note = match rathaus_core::cockpit::strategy::figures_day(&overview) {
        Some(day) => page.t1("strategy-figures-note", "date", date(l, day)),
        None => String::new(),
    };
    Ok(StrategyPage {
        agency: agency_name(&page, &catalog, &agency),
        can_edit: office.edits(&agency),
        can_review: office.cdo && strategy.is_some(),
        done: if DONE.contains(&done.hinweis.as_str()) {
            page.t(&format!("strategy-done-{}", done.hinweis))
        } else {
            String::new()
        },
        changed_meanwhile: done.hinweis == "geaendert",
        reviews: reviews.iter().map(|r| review_line(&page, r)).collect(),
        agency_id: agency,
        strategy,
        revision,
        goals,
        measures,
        history,
        figures_note,
        page,
    })
}
