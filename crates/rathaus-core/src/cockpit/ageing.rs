//! The register read against the end-of-support table on a day: each procedure with its
//! components' status, its worst one and its risk, sorted by risk.

use chrono::NaiveDate;
use serde::Serialize;

use super::end_of_support::{Assessment, Support, Table, assess};
use super::it_procedure::ItProcedure;
use super::risk::{self, Risk, urgency_of};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessed {
    pub procedure: ItProcedure,
    /// One per component, in the entry's order.
    pub components: Vec<Assessment>,
    /// The component that weighs most (none without components), by its index.
    pub worst: Option<usize>,
    pub risk: Risk,
}

/// How many components stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub ended: usize,
    pub ends_soon: usize,
    pub unknown: usize,
    pub supported: usize,
}

impl Counts {
    pub fn of<'a>(assessments: impl IntoIterator<Item = &'a Assessment>) -> Self {
        let mut counts = Counts::default();
        for a in assessments {
            match a.support {
                Support::Ended { .. } => counts.ended += 1,
                Support::EndsSoon { .. } => counts.ends_soon += 1,
                Support::Unknown { .. } => counts.unknown += 1,
                Support::Supported { .. } => counts.supported += 1,
            }
        }
        counts
    }
}

/// `visible` assessed, riskiest first; dependents are counted over the whole `graph`.
pub fn assess_all(visible: Vec<ItProcedure>, graph: &[ItProcedure], table: &Table, today: NaiveDate) -> Vec<Assessed> {
    let dependents = risk::dependents(graph);
    let mut all: Vec<Assessed> = visible
        .into_iter()
        .map(|procedure| {
            let components: Vec<Assessment> = procedure.components.iter().map(|c| assess(c, table, today)).collect();
            let worst = components
                .iter()
                .enumerate()
                .max_by(|(_, a), (_, b)| urgency_of(&a.support, today).total_cmp(&urgency_of(&b.support, today)))
                .map(|(i, _)| i);
            let risk = risk::of_assessed(&procedure, &components, dependents.get(&procedure.id).copied().unwrap_or(0), today);
            Assessed {
                procedure,
                components,
                worst,
                risk,
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.risk
            .score
            .total_cmp(&a.risk.score)
            .then_with(|| a.procedure.name.cmp(&b.procedure.name))
    });
    all
}

/// The fields in which two states of an entry differ, as the sheet's column names.
pub fn changed_fields(before: &ItProcedure, after: &ItProcedure) -> Vec<&'static str> {
    use super::input::{COLUMNS, ProcedureInput};
    let (a, b) = (ProcedureInput::of(before), ProcedureInput::of(after));
    COLUMNS
        .iter()
        .zip(a.cells().iter().zip(b.cells()))
        .filter(|(_, (x, y))| x != &y)
        .map(|(c, _)| *c)
        .collect()
}
