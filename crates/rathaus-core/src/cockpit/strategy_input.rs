//! A strategy's forms as typed — the strategy itself, a goal, a measure — read with
//! every wrong field named. References (services, procedures, goals) are checked by
//! [`strategies`](super::strategies), which knows the catalogue and the register.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::measure::{Plan, milestones_text};
use super::strategy::{Figure, Goal, Reading, Scope, StrategyMeasure};
use crate::FieldError;

fn field(field: &'static str, key: &'static str) -> FieldError {
    FieldError { field, key }
}

fn required(errors: &mut Vec<FieldError>, fields: &[(&'static str, &str)]) {
    for (name, value) in fields {
        if value.trim().is_empty() {
            errors.push(field(name, "cockpit-error-required"));
        }
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// A decimal as people type it: "60", "60,5", "60.5", "60 %".
pub fn decimal(text: &str) -> Option<f64> {
    let text = text.trim().trim_end_matches('%').trim().replace(',', ".");
    text.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= 1e12)
}

/// A decimal for a form field: "60,5" in German, "60.5" otherwise; no trailing zeros.
pub fn decimal_text(value: f64, comma: bool) -> String {
    let text = format!("{:.2}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    if comma { text.replace('.', ",") } else { text }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyInput {
    pub title: String,
    pub summary: String,
    pub horizon: String,
    /// The revision the editor saw (empty for a new strategy).
    pub revision: String,
}

/// The strategy's own fields.
pub struct StrategyHead {
    pub title: String,
    pub summary: String,
    pub horizon: i32,
}

impl StrategyInput {
    pub fn parse(&self) -> Result<StrategyHead, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, &[("title", &self.title), ("summary", &self.summary)]);
        let horizon = self
            .horizon
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .unwrap_or_else(|| {
                errors.push(field("horizon", "strategy-error-horizon"));
                0
            });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(StrategyHead {
            title: self.title.trim().to_string(),
            summary: self.summary.trim().to_string(),
            horizon,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalInput {
    pub title: String,
    pub figure: String,
    /// A service's id; empty: the agency's services together.
    pub service: String,
    pub unit: String,
    /// `higher` or `lower`: which way is better for a reported figure.
    pub direction: String,
    pub target: String,
    pub due: String,
    /// A reported figure's starting value and its day.
    pub baseline: String,
    pub baseline_on: String,
    /// A reported figure's latest value and its day.
    pub reported: String,
    pub reported_on: String,
    pub revision: String,
}

impl GoalInput {
    pub fn of(goal: &Goal, comma: bool) -> Self {
        let value = |r: Option<Reading>| r.map(|r| decimal_text(r.value, comma)).unwrap_or_default();
        let day = |r: Option<Reading>| r.map(|r| r.on.to_string()).unwrap_or_default();
        let reported = goal.figure == Figure::Reported;
        GoalInput {
            title: goal.title.clone(),
            figure: goal.figure.id().into(),
            service: goal.service.clone().unwrap_or_default(),
            unit: goal.unit.clone(),
            direction: if goal.higher_is_better { "higher" } else { "lower" }.into(),
            target: decimal_text(goal.target, comma),
            due: goal.due.to_string(),
            baseline: if reported { value(goal.baseline) } else { String::new() },
            baseline_on: if reported { day(goal.baseline) } else { String::new() },
            reported: value(goal.reported),
            reported_on: day(goal.reported),
            revision: String::new(),
        }
    }

    fn reading(value: &str, on: &str, names: (&'static str, &'static str), errors: &mut Vec<FieldError>) -> Option<Reading> {
        match (value.trim(), on.trim()) {
            ("", "") => None,
            (v, d) => {
                let value = decimal(v);
                let on = date(d);
                if value.is_none() {
                    errors.push(field(names.0, "strategy-error-decimal"));
                }
                if on.is_none() {
                    errors.push(field(names.1, "cockpit-error-date"));
                }
                Some(Reading { value: value?, on: on? })
            }
        }
    }

    /// The goal as typed. A live figure's baseline is not the form's: the caller sets it
    /// from the figure when the goal is new, and keeps it when the goal is edited.
    pub fn parse(&self, id: Uuid) -> Result<Goal, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, &[("title", &self.title)]);
        let figure = Figure::parse(&self.figure);
        let Some(figure) = figure else {
            errors.push(field("figure", "strategy-error-figure"));
            return Err(errors);
        };
        let service = Some(self.service.trim().to_string()).filter(|s| !s.is_empty());
        match figure.scope() {
            Scope::Service if service.is_none() => errors.push(field("service", "strategy-error-service-needed")),
            Scope::Agency | Scope::None if service.is_some() => errors.push(field("service", "strategy-error-service-not-used")),
            _ => {}
        }
        let target = decimal(&self.target).unwrap_or_else(|| {
            errors.push(field("target", "strategy-error-decimal"));
            0.0
        });
        if figure == Figure::Level && !(0.0..=4.0).contains(&target) {
            errors.push(field("target", "strategy-error-level"));
        }
        if matches!(figure, Figure::OnlineShare | Figure::FullyOnlineShare) && !(0.0..=100.0).contains(&target) {
            errors.push(field("target", "strategy-error-percent"));
        }
        let due = date(&self.due).unwrap_or_else(|| {
            errors.push(field("due", "cockpit-error-date"));
            NaiveDate::MIN
        });
        let (unit, higher_is_better, baseline, reported) = match figure.higher_is_better() {
            Some(higher) => (String::new(), higher, None, None),
            None => {
                required(&mut errors, &[("unit", &self.unit)]);
                let higher = match self.direction.trim() {
                    "higher" => true,
                    "lower" => false,
                    _ => {
                        errors.push(field("direction", "strategy-error-direction"));
                        true
                    }
                };
                let baseline = Self::reading(&self.baseline, &self.baseline_on, ("baseline", "baseline_on"), &mut errors);
                let reported = Self::reading(&self.reported, &self.reported_on, ("reported", "reported_on"), &mut errors);
                (self.unit.trim().to_string(), higher, baseline, reported)
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Goal {
            id,
            title: self.title.trim().to_string(),
            figure,
            service: service.filter(|_| figure.scope() != Scope::None),
            unit,
            higher_is_better,
            target,
            due,
            baseline,
            reported,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyMeasureInput {
    pub title: String,
    pub owner: String,
    pub budget_eur: String,
    pub status: String,
    pub milestones: String,
    /// Service ids, one per line or separated by `;`.
    pub services: String,
    /// IT procedure keys, one per line or separated by `;`.
    pub procedures: String,
    /// The goals it serves (ids of the strategy's goals, from checkboxes).
    pub goals: Vec<String>,
    pub revision: String,
}

fn items(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in text.split(['\n', ';', ',']).map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

impl StrategyMeasureInput {
    /// The form from its fields as posted: `goals` may come many times (checkboxes).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut input = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => input.title = value,
                "owner" => input.owner = value,
                "budget_eur" => input.budget_eur = value,
                "status" => input.status = value,
                "milestones" => input.milestones = value,
                "services" => input.services = value,
                "procedures" => input.procedures = value,
                "goals" => input.goals.push(value),
                "revision" => input.revision = value,
                _ => {}
            }
        }
        input
    }

    pub fn of(m: &StrategyMeasure) -> Self {
        StrategyMeasureInput {
            title: m.title.clone(),
            owner: m.owner.clone(),
            budget_eur: m.budget_eur.to_string(),
            status: m.status.id().into(),
            milestones: milestones_text(&m.milestones),
            services: m.services.join("\n"),
            procedures: m.procedures.join("\n"),
            goals: m.goals.iter().map(Uuid::to_string).collect(),
            revision: String::new(),
        }
    }

    pub fn parse(&self, id: Uuid) -> Result<StrategyMeasure, Vec<FieldError>> {
        let mut errors = Vec::new();
        required(&mut errors, &[("title", &self.title), ("owner", &self.owner)]);
        let Plan {
            budget_eur,
            status,
            milestones,
        } = Plan::parse((&self.budget_eur, &self.status, &self.milestones), &mut errors);
        let goals: Vec<Uuid> = self.goals.iter().filter_map(|g| Uuid::parse_str(g.trim()).ok()).collect();
        if goals.len() != self.goals.len() {
            errors.push(field("goals", "strategy-error-goal-unknown"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(StrategyMeasure {
            id,
            title: self.title.trim().to_string(),
            owner: self.owner.trim().to_string(),
            budget_eur,
            status,
            milestones,
            services: items(&self.services),
            procedures: items(&self.procedures),
            goals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_goal_needs_its_unit_direction_and_dated_values() {
        let input = GoalInput {
            title: "Digitale Hafenanläufe".into(),
            figure: "reported".into(),
            unit: "%".into(),
            direction: "higher".into(),
            target: "95".into(),
            due: "2027-12-31".into(),
            baseline: "41,5".into(),
            baseline_on: "2025-12-31".into(),
            reported: "58".into(),
            reported_on: "2026-09-30".into(),
            ..GoalInput::default()
        };
        let goal = input.parse(Uuid::nil()).unwrap();
        assert_eq!(goal.baseline.unwrap().value, 41.5);
        assert_eq!(GoalInput::of(&goal, true).parse(Uuid::nil()).unwrap(), goal);
        let bad = GoalInput {
            direction: String::new(),
            reported_on: "bald".into(),
            service: "wohnsitz-anmelden".into(),
            ..input
        };
        let fields: Vec<&str> = bad.parse(Uuid::nil()).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["service", "direction", "reported_on"]);
    }

    #[test]
    fn a_live_goal_names_its_service_where_the_figure_needs_one_and_stays_in_range() {
        let level = GoalInput {
            title: "Anmeldung voll digital".into(),
            figure: "level".into(),
            target: "5".into(),
            due: "2027-12-31".into(),
            ..GoalInput::default()
        };
        let fields: Vec<&str> = level.parse(Uuid::nil()).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["service", "target"]);
        let share = GoalInput {
            figure: "online_share".into(),
            target: "60 %".into(),
            ..level
        };
        let goal = share.parse(Uuid::nil()).unwrap();
        assert_eq!((goal.target, goal.service, goal.higher_is_better), (60.0, None, true));
    }

    #[test]
    fn a_measure_reads_its_lists_and_refuses_a_goal_that_is_no_id() {
        let mut input = StrategyMeasureInput::from_pairs(vec![
            ("title".into(), "Port Community System anbinden".into()),
            ("owner".into(), "Referat Hafenwirtschaft".into()),
            ("budget_eur".into(), "2.400.000".into()),
            ("status".into(), "in_progress".into()),
            ("milestones".into(), "2027-03-31 Pilot [x]\n2026-10-01 Ausschreibung".into()),
            ("services".into(), "gewerbe-anmelden; gewerbe-anmelden\nwohnsitz-anmelden".into()),
            ("goals".into(), Uuid::nil().to_string()),
        ]);
        let m = input.parse(Uuid::nil()).unwrap();
        assert_eq!(m.services, ["gewerbe-anmelden", "wohnsitz-anmelden"]);
        assert_eq!(m.milestones[0].title, "Ausschreibung");
        assert_eq!(m.budget_eur, 2_400_000);
        assert_eq!(StrategyMeasureInput::of(&m).parse(Uuid::nil()).unwrap(), m);
        input.goals.push("irgendeins".into());
        let fields: Vec<&str> = input.parse(Uuid::nil()).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["goals"]);
    }
}
