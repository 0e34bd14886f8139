//! What needs doing where, and when: per procedure the ends of support nobody answers yet
//! and the measures that come too late; per quarter of the next three years the ends of
//! support and the measures' target dates.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::ageing::Assessed;
use super::end_of_support::Support;
use super::measure::{Measure, MeasureStatus};

/// How many quarters the roadmap looks ahead: three years.
pub const QUARTERS: usize = 12;

/// A procedure's deadline: the first end of support of any of its components (past or
/// to come).
pub fn deadline(a: &Assessed) -> Option<NaiveDate> {
    a.components.iter().filter_map(|c| c.support.end()).min()
}

fn counting<'a>(measures: &'a [Measure], procedure: &'a str) -> impl Iterator<Item = &'a Measure> {
    measures.iter().filter(move |m| m.procedure == procedure && m.status.counts())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Todo {
    /// Support has ended or ends within a year, and no measure answers it.
    NoMeasure { component: String, support: Support },
    /// Nobody knows when support ends: find out.
    Unknown { component: String },
    /// The measure is reached only after the first end of support.
    Late {
        title: String,
        target_date: NaiveDate,
        deadline: NaiveDate,
    },
}

/// A procedure with what its owner must do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedsDoing {
    pub procedure: String,
    pub name: String,
    pub owner: String,
    pub responsible: String,
    pub score: f64,
    pub todos: Vec<Todo>,
}

/// What needs doing, riskiest procedure first (as `assessed` comes).
pub fn needs_doing(assessed: &[Assessed], measures: &[Measure]) -> Vec<NeedsDoing> {
    assessed
        .iter()
        .filter_map(|a| {
            let id = a.procedure.id.as_str();
            let answered = counting(measures, id).next().is_some();
            let mut todos: Vec<Todo> = a
                .procedure
                .components
                .iter()
                .zip(&a.components)
                .filter_map(|(c, s)| {
                    let component = format!("{} {}", c.name, c.version);
                    match s.support {
                        Support::Ended { .. } | Support::EndsSoon { .. } if !answered => Some(Todo::NoMeasure {
                            component,
                            support: s.support,
                        }),
                        Support::Unknown { .. } => Some(Todo::Unknown { component }),
                        _ => None,
                    }
                })
                .collect();
            if let Some(deadline) = deadline(a) {
                todos.extend(counting(measures, id).filter(|m| m.is_late(Some(deadline))).map(|m| Todo::Late {
                    title: m.title.clone(),
                    target_date: m.target_date,
                    deadline,
                }));
            }
            (!todos.is_empty()).then(|| NeedsDoing {
                procedure: id.to_string(),
                name: a.procedure.name.clone(),
                owner: a.procedure.owner.clone(),
                responsible: format!("{} ({})", a.procedure.responsible.name, a.procedure.responsible.email),
                score: a.risk.score,
                todos,
            })
        })
        .collect()
}

/// An end of support on the roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct End {
    pub procedure: String,
    pub name: String,
    pub component: String,
    pub on: NaiveDate,
    /// A measure (planned, under way or done) answers it.
    pub answered: bool,
}

/// A measure's target date on the roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub procedure: String,
    pub name: String,
    pub title: String,
    pub on: NaiveDate,
    pub status: MeasureStatus,
    /// Reached only after the procedure's first end of support.
    pub late: bool,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
    pub ends: Vec<End>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Roadmap {
    /// Ends of support before this quarter, not yet answered by a measure.
    pub overdue: Vec<End>,
    pub quarters: Vec<Quarter>,
}

fn quarter_start(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1).expect("a quarter's first day exists")
}

pub fn roadmap(assessed: &[Assessed], measures: &[Measure], today: NaiveDate) -> Roadmap {
    let first = quarter_start(today);
    let mut quarters: Vec<Quarter> = (0..QUARTERS as u32)
        .map(|i| {
            let start = first.checked_add_months(Months::new(3 * i)).expect("within chrono's range");
            Quarter {
                year: start.year(),
                number: start.month0() / 3 + 1,
                ends: Vec::new(),
                targets: Vec::new(),
            }
        })
        .collect();
    let index = |day: NaiveDate| {
        let months = (day.year() - first.year()) * 12 + day.month0() as i32 - first.month0() as i32;
        (months >= 0).then_some(months as usize / 3).filter(|i| *i < QUARTERS)
    };
    let mut overdue = Vec::new();
    for a in assessed {
        let id = a.procedure.id.as_str();
        let answered = counting(measures, id).next().is_some();
        for (c, s) in a.procedure.components.iter().zip(&a.components) {
            let Some(on) = s.support.end() else { continue };
            let end = End {
                procedure: id.to_string(),
                name: a.procedure.name.clone(),
                component: format!("{} {}", c.name, c.version),
                on,
                answered,
            };
            match index(on) {
                Some(i) => quarters[i].ends.push(end),
                None if on < first && !answered => overdue.push(end),
                None => {}
            }
        }
        let deadline = deadline(a);
        for m in counting(measures, id) {
            if let Some(i) = index(m.target_date) {
                quarters[i].targets.push(Target {
                    procedure: id.to_string(),
                    name: a.procedure.name.clone(),
                    title: m.title.clone(),
                    on: m.target_date,
                    status: m.status,
                    late: m.is_late(deadline),
                    deadline,
                });
            }
        }
    }
    for q in &mut quarters {
        q.ends.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)));
        q.targets.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)));
    }
    overdue.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)));
    Roadmap { overdue, quarters }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_begin_with_this_one() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(quarter_start(day(2026, 11, 23)), day(2026, 10, 1));
        assert_eq!(quarter_start(day(2027, 1, 1)), day(2027, 1, 1));
        let map = roadmap(&[], &[], day(2026, 11, 23));
        assert_eq!(map.quarters.len(), QUARTERS);
        assert_eq!((map.quarters[0].year, map.quarters[0].number), (2026, 4));
        assert_eq!((map.quarters[11].year, map.quarters[11].number), (2029, 3));
    }
}
