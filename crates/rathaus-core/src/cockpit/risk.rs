//! The ageing risk of a procedure: one number to sort the register by, built from
//! factors each of which is shown with it.
//!
//! `score = urgency × protection × data × users × dependents`, rounded to one decimal:
//!
//! - **urgency** (1–16), from the component that presses most, in months `m`
//!   from today: past the end `10 + min(months past, 24) / 4`; within a year `10 − m/2`;
//!   within three years `4 − (m − 12)/8`; later, or no end announced, 1. A component
//!   whose end nobody knows counts 6 — as much as an end eight months away — because
//!   nobody watches what nobody knows. No components at all counts as unknown.
//! - **protection** (1–2): the highest protection need: normal 1, high 1.5, very high 2.
//! - **data** (1–2): public or internal data 1; personal or financial 1.5; special
//!   categories, biometrics, social or tax secrecy, children's or classified data 2.
//! - **users** (≥ 1): `1 + log10(1 + users) / 4` — 1,000 users 1.75, 10,000 users 2.
//! - **dependents** (≥ 1): `1 + 0.25 ×` the procedures that need this one, directly or
//!   through others.
//!
//! A later end of support never raises the score; more users, higher needs, more
//! sensitive data or more dependents never lower it (property tests below).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::end_of_support::{Assessment, Support, Table, assess};
use super::it_procedure::{DataClass, ItProcedure, Level};

/// What an unknown end of support weighs: as an end eight months away.
pub const UNKNOWN_URGENCY: f64 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Risk {
    pub score: f64,
    pub urgency: f64,
    pub protection: f64,
    pub data: f64,
    pub users: f64,
    pub dependents: f64,
    /// How many procedures need this one.
    pub dependent_count: usize,
}

/// Months from `today` to `end`, negative when past.
fn months_until(end: NaiveDate, today: NaiveDate) -> f64 {
    (end - today).num_days() as f64 / 30.44
}

/// The urgency of one end of support: never rises as the end moves later.
pub fn urgency_of(support: &Support, today: NaiveDate) -> f64 {
    match *support {
        Support::Unknown { .. } => UNKNOWN_URGENCY,
        Support::Ended { on: None } => 16.0,
        Support::Supported { until: None } => 1.0,
        Support::Ended { on: Some(on) } | Support::EndsSoon { on } | Support::Supported { until: Some(on) } => {
            let m = months_until(on, today);
            if m <= 0.0 {
                10.0 + (-m).min(24.0) / 4.0
            } else if m <= 12.0 {
                10.0 - m / 2.0
            } else if m <= 36.0 {
                4.0 - (m - 12.0) / 8.0
            } else {
                1.0
            }
        }
    }
}

fn protection_factor(level: Level) -> f64 {
    match level {
        Level::Normal => 1.0,
        Level::High => 1.5,
        Level::VeryHigh => 2.0,
    }
}

fn data_factor(classes: &[DataClass]) -> f64 {
    classes
        .iter()
        .map(|c| match c {
            c if c.is_sensitive() => 2.0,
            c if c.is_personal() => 1.5,
            _ => 1.0,
        })
        .fold(1.0, f64::max)
}

fn users_factor(users: u32) -> f64 {
    1.0 + (1.0 + f64::from(users)).log10() / 4.0
}

/// For each procedure, how many others need it, directly or through others.
pub fn dependents(register: &[ItProcedure]) -> HashMap<String, usize> {
    let mut needed_by: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in register {
        for i in &p.interfaces {
            needed_by.entry(i.procedure.as_str()).or_default().push(p.id.as_str());
        }
    }
    register
        .iter()
        .map(|p| {
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            let mut next = vec![p.id.as_str()];
            while let Some(id) = next.pop() {
                for user in needed_by.get(id).into_iter().flatten() {
                    if *user != p.id && seen.insert(user) {
                        next.push(user);
                    }
                }
            }
            (p.id.clone(), seen.len())
        })
        .collect()
}

/// The risk of one procedure; `dependent_count` from [`dependents`].
pub fn of(procedure: &ItProcedure, dependent_count: usize, table: &Table, today: NaiveDate) -> Risk {
    let components: Vec<Assessment> = procedure.components.iter().map(|c| assess(c, table, today)).collect();
    of_assessed(procedure, &components, dependent_count, today)
}

/// The risk of one procedure whose components are assessed already.
pub fn of_assessed(procedure: &ItProcedure, components: &[Assessment], dependent_count: usize, today: NaiveDate) -> Risk {
    let urgency = components
        .iter()
        .map(|a| urgency_of(&a.support, today))
        .fold(None, |worst: Option<f64>, u| Some(worst.map_or(u, |w| w.max(u))))
        .unwrap_or(UNKNOWN_URGENCY);
    let protection = protection_factor(procedure.protection.highest());
    let data = data_factor(&procedure.data_classes);
    let users = users_factor(procedure.users);
    let dependents = 1.0 + 0.25 * dependent_count as f64;
    let score = (urgency * protection * data * users * dependents * 10.0).round() / 10.0;
    Risk {
        score,
        urgency,
        protection,
        data,
        users,
        dependents,
        dependent_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cockpit::it_procedure::{Component, Hosting, Interface, Protection, Responsible};
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn procedure(id: &str, users: u32, ends: &[i64], level: Level, classes: Vec<DataClass>) -> ItProcedure {
        ItProcedure {
            id: id.into(),
            name: id.into(),
            purpose_de: String::new(),
            owner: "amt".into(),
            responsible: Responsible {
                name: "Erika Beispiel (fiktiv)".into(),
                email: "e@example.org".into(),
            },
            vendor: String::new(),
            contract_end: None,
            hosting: Hosting::StateDataCentre,
            users,
            protection: Protection {
                confidentiality: level,
                integrity: Level::Normal,
                availability: Level::Normal,
            },
            data_classes: classes,
            services: vec![],
            interfaces: vec![],
            yearly_cost_eur: 0,
            components: ends
                .iter()
                .map(|days| Component {
                    name: "Eigenentwicklung".into(),
                    version: "1".into(),
                    end_of_support: Some((today() + chrono::Duration::days(*days)).to_string()),
                    purl: None,
                    from_sbom: false,
                })
                .collect(),
            introduced: None,
            last_major_update: None,
        }
    }

    fn score(p: &ItProcedure, dependents: usize) -> f64 {
        of(p, dependents, &Table::default(), today()).score
    }

    fn level() -> impl Strategy<Value = Level> {
        prop::sample::select(Level::ALL.to_vec())
    }

    fn classes() -> impl Strategy<Value = Vec<DataClass>> {
        prop::sample::subsequence(DataClass::ALL.to_vec(), 0..4)
    }

    proptest! {
        #[test]
        fn a_later_end_never_raises_the_risk(
            ends in prop::collection::vec(-2000i64..3000, 1..5), which in 0usize..5, later in 0i64..2000,
            users in 0u32..50_000, level in level(), classes in classes(), deps in 0usize..10,
        ) {
            let before = procedure("a", users, &ends, level, classes.clone());
            let mut moved = ends.clone();
            let i = which % moved.len();
            moved[i] += later;
            let after = procedure("a", users, &moved, level, classes);
            prop_assert!(score(&after, deps) <= score(&before, deps));
        }

        #[test]
        fn more_users_never_lower_it(
            ends in prop::collection::vec(-2000i64..3000, 0..5), users in 0u32..50_000, more in 0u32..100_000,
            level in level(), classes in classes(), deps in 0usize..10,
        ) {
            let few = procedure("a", users, &ends, level, classes.clone());
            let many = procedure("a", users.saturating_add(more), &ends, level, classes);
            prop_assert!(score(&many, deps) >= score(&few, deps));
        }

        #[test]
        fn more_dependents_higher_needs_and_more_data_never_lower_it(
            ends in prop::collection::vec(-2000i64..3000, 0..5), users in 0u32..50_000,
            low in level(), high in level(), classes in classes(), extra in classes(), deps in 0usize..10, more in 0usize..10,
        ) {
            let (low, high) = (low.min(high), low.max(high));
            let base = procedure("a", users, &ends, low, classes.clone());
            let mut wider = classes;
            wider.extend(extra);
            let raised = procedure("a", users, &ends, high, wider);
            prop_assert!(score(&raised, deps + more) >= score(&base, deps));
        }
    }

    #[test]
    fn unknown_weighs_like_eight_months() {
        let unknown = procedure("a", 10, &[], Level::Normal, vec![]);
        let eight_months = procedure("a", 10, &[243], Level::Normal, vec![]);
        assert!((score(&unknown, 0) - score(&eight_months, 0)).abs() < 0.2);
    }

    #[test]
    fn the_factors_multiply() {
        let p = procedure("a", 999, &[-30 * 4], Level::VeryHigh, vec![DataClass::BiometricData]);
        let risk = of(&p, 2, &Table::default(), today());
        assert!((risk.urgency - 10.98).abs() < 0.05, "{}", risk.urgency);
        assert_eq!((risk.protection, risk.data, risk.dependents), (2.0, 2.0, 1.5));
        assert!((risk.users - 1.75).abs() < 0.001);
        assert!((risk.score - 115.3).abs() < 0.6, "{}", risk.score);
    }

    #[test]
    fn dependents_are_counted_through_others_once() {
        let mut a = procedure("a", 1, &[], Level::Normal, vec![]);
        let mut b = procedure("b", 1, &[], Level::Normal, vec![]);
        let mut c = procedure("c", 1, &[], Level::Normal, vec![]);
        let needs = |id: &str| Interface {
            procedure: id.into(),
            purpose_de: String::new(),
        };
        // b needs a, c needs b and a, a needs c (a cycle).
        b.interfaces = vec![needs("a")];
        c.interfaces = vec![needs("b"), needs("a")];
        a.interfaces = vec![needs("c")];
        let counts = dependents(&[a, b, c]);
        assert_eq!(counts["a"], 2);
        assert_eq!(counts["b"], 2);
        assert_eq!(counts["c"], 2);
        let alone = dependents(&[procedure("x", 1, &[], Level::Normal, vec![])]);
        assert_eq!(alone["x"], 0);
    }
}
