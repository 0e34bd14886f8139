//! An agency's digital strategy: measurable goals — each read, where it can be, from a
//! live figure of `/digitalisierung` — and the measures that reach them, with owner,
//! budget, milestones and the services and IT procedures they touch. Kept as one
//! document per agency; [`strategies`](super::strategies) stores it with a revision per
//! change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::digitalisation::Overview;
use super::measure::{MeasureStatus, Milestone};
use super::usage::Usage;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    pub agency: String,
    pub title: String,
    pub summary: String,
    /// The year the strategy looks ahead to.
    pub horizon: i32,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub measures: Vec<StrategyMeasure>,
}

/// What a goal is measured by: a live figure of a service (or of the agency's services
/// together), or a figure the agency reports itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Online applications among all contacts (online and at the counter), in per cent.
    OnlineShare,
    /// Median days from submission to decision.
    LeadMedian,
    /// The OZG maturity level of one service, 0–4.
    Level,
    /// Share of the services at level 3 or above, in per cent.
    FullyOnlineShare,
    /// A figure outside Rathaus, reported with its date.
    Reported,
}

impl Figure {
    pub const ALL: [Figure; 5] = [
        Figure::OnlineShare,
        Figure::LeadMedian,
        Figure::Level,
        Figure::FullyOnlineShare,
        Figure::Reported,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Figure::OnlineShare => "online_share",
            Figure::LeadMedian => "lead_median",
            Figure::Level => "level",
            Figure::FullyOnlineShare => "fully_online_share",
            Figure::Reported => "reported",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == text.trim())
    }

    pub fn label_key(self) -> String {
        format!("strategy-figure-{}", self.id())
    }

    /// Whether a higher value is better; a reported figure says so itself.
    pub fn higher_is_better(self) -> Option<bool> {
        match self {
            Figure::LeadMedian => Some(false),
            Figure::Reported => None,
            _ => Some(true),
        }
    }

    /// Whether the figure is of one service (and needs one), of a service or the agency,
    /// or of neither.
    pub fn scope(self) -> Scope {
        match self {
            Figure::Level => Scope::Service,
            Figure::OnlineShare | Figure::LeadMedian => Scope::ServiceOrAgency,
            Figure::FullyOnlineShare => Scope::Agency,
            Figure::Reported => Scope::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Service,
    ServiceOrAgency,
    Agency,
    None,
}

/// A value and the day it holds for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub value: f64,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: Uuid,
    pub title: String,
    pub figure: Figure,
    /// The service a live figure is read from; none: the agency's services together.
    pub service: Option<String>,
    /// A reported figure's unit ("%", "Anläufe") and direction.
    #[serde(default)]
    pub unit: String,
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    pub target: f64,
    pub due: NaiveDate,
    /// Where the goal started: the figure when it was set.
    pub baseline: Option<Reading>,
    /// A reported figure's latest value.
    #[serde(default)]
    pub reported: Option<Reading>,
}

fn yes() -> bool {
    true
}

/// How a goal stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalState {
    /// Its day has passed without the target being reached (worst).
    Missed,
    /// Behind the straight line from the baseline to the target.
    OffTrack,
    /// No figure yet: nobody can say.
    NoFigure,
    OnTrack,
    Reached,
}

impl GoalState {
    pub fn id(self) -> &'static str {
        match self {
            GoalState::Missed => "missed",
            GoalState::OffTrack => "off_track",
            GoalState::NoFigure => "no_figure",
            GoalState::OnTrack => "on_track",
            GoalState::Reached => "reached",
        }
    }

    /// Missed or off track: someone must act.
    pub fn needs_action(self) -> bool {
        matches!(self, GoalState::Missed | GoalState::OffTrack)
    }
}

/// The figure a goal is read from, on the overview's window.
pub fn live_value(overview: &Overview, agency: &str, figure: Figure, service: Option<&str>) -> Option<f64> {
    let usage = |u: &Usage| match figure {
        Figure::OnlineShare => u.online_share().map(|s| s * 100.0),
        Figure::LeadMedian => u.median_days().map(f64::from),
        _ => None,
    };
    match (figure, service) {
        (Figure::Reported, _) => None,
        (Figure::Level, Some(id)) => overview.service(id).map(|s| f64::from(s.assessment.level)),
        (Figure::Level, None) => None,
        (Figure::FullyOnlineShare, _) => {
            let totals = overview.totals(Some(agency));
            (totals.services > 0).then(|| totals.fully_online() as f64 * 100.0 / totals.services as f64)
        }
        (_, Some(id)) => overview.service(id).and_then(|s| usage(&s.usage)),
        (_, None) => usage(&overview.totals(Some(agency)).usage),
    }
}

/// The last day the overview's figures cover: the end of its last month.
pub fn figures_day(overview: &Overview) -> Option<NaiveDate> {
    let last = *overview.months.last()?;
    last.checked_add_months(chrono::Months::new(1))?.pred_opt()
}

impl Goal {
    fn better_or_equal(&self, a: f64, b: f64) -> bool {
        if self.higher_is_better { a >= b } else { a <= b }
    }

    /// The goal's figure now: live from the overview, or as last reported.
    pub fn current(&self, overview: &Overview, agency: &str) -> Option<Reading> {
        if self.figure == Figure::Reported {
            return self.reported;
        }
        let on = figures_day(overview)?;
        live_value(overview, agency, self.figure, self.service.as_deref()).map(|value| Reading { value, on })
    }

    /// How the goal stands on `today` with the figure `current`: reached, or missed once
    /// its day has passed; between, measured against a straight line from the baseline
    /// to the target on its day (without a baseline only the target and the day count).
    pub fn state(&self, current: Option<Reading>, today: NaiveDate) -> GoalState {
        let Some(current) = current else {
            return if today > self.due { GoalState::Missed } else { GoalState::NoFigure };
        };
        if self.better_or_equal(current.value, self.target) {
            return GoalState::Reached;
        }
        if today > self.due {
            return GoalState::Missed;
        }
        let Some(baseline) = self.baseline.filter(|b| b.on < self.due) else {
            return GoalState::OnTrack;
        };
        // A reading is as old as its day: it is judged by what the line expected then.
        let span = (self.due - baseline.on).num_days();
        let elapsed = (current.on - baseline.on).num_days().clamp(0, span);
        let expected = baseline.value + (self.target - baseline.value) * elapsed as f64 / span as f64;
        if self.better_or_equal(current.value, expected) {
            GoalState::OnTrack
        } else {
            GoalState::OffTrack
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyMeasure {
    pub id: Uuid,
    pub title: String,
    /// Who is responsible: a unit or a person in that function.
    pub owner: String,
    /// In whole euros: a planning figure.
    pub budget_eur: i64,
    pub status: MeasureStatus,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub procedures: Vec<String>,
    #[serde(default)]
    pub goals: Vec<Uuid>,
}

impl StrategyMeasure {
    /// Still under way: neither done nor cancelled.
    pub fn is_open(&self) -> bool {
        matches!(self.status, MeasureStatus::Planned | MeasureStatus::InProgress)
    }

    /// Milestones of an open measure that are not reached though their day has passed.
    pub fn overdue(&self, today: NaiveDate) -> impl Iterator<Item = &Milestone> {
        self.milestones.iter().filter(move |m| self.is_open() && m.is_overdue(today))
    }
}

/// A strategy's figures on a day, for the portfolio and the cockpit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub goals: usize,
    pub reached: usize,
    pub on_track: usize,
    pub off_track: usize,
    pub missed: usize,
    pub no_figure: usize,
    pub overdue_milestones: usize,
    /// The budget of the measures not cancelled.
    pub budget_eur: i64,
}

impl Strategy {
    pub fn goal(&self, id: Uuid) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn measure(&self, id: Uuid) -> Option<&StrategyMeasure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn standing(&self, overview: &Overview, today: NaiveDate) -> Standing {
        let mut s = Standing {
            goals: self.goals.len(),
            ..Standing::default()
        };
        for goal in &self.goals {
            match goal.state(goal.current(overview, &self.agency), today) {
                GoalState::Reached => s.reached += 1,
                GoalState::OnTrack => s.on_track += 1,
                GoalState::OffTrack => s.off_track += 1,
                GoalState::Missed => s.missed += 1,
                GoalState::NoFigure => s.no_figure += 1,
            }
        }
        for m in &self.measures {
            s.overdue_milestones += m.overdue(today).count();
            if m.status.counts() {
                s.budget_eur += m.budget_eur;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn goal(higher_is_better: bool) -> Goal {
        Goal {
            id: Uuid::nil(),
            title: "Online-Anteil".into(),
            figure: Figure::Reported,
            service: None,
            unit: "%".into(),
            higher_is_better,
            target: if higher_is_better { 60.0 } else { 5.0 },
            due: day(2027, 12, 31),
            baseline: Some(Reading {
                value: if higher_is_better { 20.0 } else { 25.0 },
                on: day(2025, 12, 31),
            }),
            reported: None,
        }
    }

    fn at(value: f64, on: NaiveDate) -> Option<Reading> {
        Some(Reading { value, on })
    }

    #[test]
    fn a_goal_is_judged_against_the_line_from_its_baseline_to_its_target() {
        let g = goal(true);
        let mid = day(2026, 12, 31);
        // Halfway the line expects 40.
        assert_eq!(g.state(at(41.0, mid), mid), GoalState::OnTrack);
        assert_eq!(g.state(at(35.0, mid), mid), GoalState::OffTrack);
        assert_eq!(g.state(at(60.0, mid), mid), GoalState::Reached);
        assert_eq!(g.state(at(59.0, day(2028, 1, 1)), day(2028, 1, 1)), GoalState::Missed);
        assert_eq!(g.state(None, mid), GoalState::NoFigure);
        assert_eq!(g.state(None, day(2028, 1, 1)), GoalState::Missed);
        // Lower is better: 25 days down to 5; halfway 15 is expected.
        let lead = goal(false);
        assert_eq!(lead.state(at(14.0, mid), mid), GoalState::OnTrack);
        assert_eq!(lead.state(at(18.0, mid), mid), GoalState::OffTrack);
        assert_eq!(lead.state(at(5.0, mid), mid), GoalState::Reached);
        // Without a baseline only the target and the day count.
        let bare = Goal {
            baseline: None,
            ..goal(true)
        };
        assert_eq!(bare.state(at(1.0, mid), mid), GoalState::OnTrack);
    }

    #[test]
    fn an_old_reading_is_judged_by_what_was_expected_on_its_day() {
        let g = goal(true);
        // Reported in mid-2026 at 30 (expected then: 30); read at the end of 2026.
        let old = day(2026, 12, 31) - chrono::Days::new(183);
        assert_eq!(g.state(at(31.0, old), day(2026, 12, 31)), GoalState::OnTrack);
        assert_eq!(g.state(at(31.0, day(2026, 12, 31)), day(2026, 12, 31)), GoalState::OffTrack);
    }

    fn rank(s: GoalState) -> u8 {
        match s {
            GoalState::Missed => 0,
            GoalState::OffTrack => 1,
            GoalState::NoFigure | GoalState::OnTrack => 2,
            GoalState::Reached => 3,
        }
    }

    proptest! {
        #[test]
        fn a_better_figure_never_stands_worse(higher in any::<bool>(), a in 0.0f64..100.0, b in 0.0f64..100.0, days in 0i64..1200) {
            let g = goal(higher);
            let today = day(2025, 12, 31) + chrono::Duration::days(days);
            let (worse, better) = if (a <= b) == higher { (a, b) } else { (b, a) };
            prop_assert!(rank(g.state(at(better, today), today)) >= rank(g.state(at(worse, today), today)));
        }

        #[test]
        fn more_time_never_makes_a_goal_stand_worse(higher in any::<bool>(), value in 0.0f64..100.0, days in 0i64..700, more in 0i64..700) {
            let g = goal(higher);
            let later = Goal { due: g.due + chrono::Duration::days(more), ..g.clone() };
            let today = day(2025, 12, 31) + chrono::Duration::days(days);
            prop_assert!(rank(later.state(at(value, today), today)) >= rank(g.state(at(value, today), today)));
        }
    }
}
