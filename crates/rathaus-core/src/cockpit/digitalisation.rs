//! The figures of how digital the city is, one query for every reader: the public page
//! `/digitalisierung`, the CDO's cockpit and the progress report. Levels are computed
//! now (a changed catalogue shows at once); usage and the trend come from the monthly
//! snapshots of the last twelve months that have ended, so a page reads a few thousand
//! rows whatever the size of the city's history.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::maturity::{Assessment, Inputs, TOP, assess_all};
use super::snapshot::{self, Snapshot};
use super::usage::{Usage, month_of, months_before};
use crate::catalog::Catalog;
use rathaus_platform::Result;

/// How many ended months the usage and the trend cover.
pub const WINDOW_MONTHS: u32 = 12;

/// Services per level, index = level.
pub type ByLevel = [usize; TOP as usize + 1];

/// One service: its level now, and its history in the window.
#[derive(Debug, Clone)]
pub struct ServiceFigures {
    pub assessment: Assessment,
    /// The window's months that have a snapshot, oldest first.
    pub history: Vec<Snapshot>,
    /// The usage over the window.
    pub usage: Usage,
}

impl ServiceFigures {
    /// The earliest level recorded in the window: where the trend starts.
    pub fn level_then(&self) -> Option<(NaiveDate, u8)> {
        self.history.iter().find_map(|s| Some((s.month, s.level?)))
    }
}

/// Figures for a set of services: the city or one agency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub services: usize,
    pub by_level: ByLevel,
    pub only_looks_online: usize,
    pub usage: Usage,
}

impl Totals {
    /// Services at level 3 or above.
    pub fn fully_online(&self) -> usize {
        self.by_level[3..].iter().sum()
    }
}

/// One month of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: NaiveDate,
    /// Whether the month has a snapshot: without one its usage is unknown, not zero.
    pub taken: bool,
    pub usage: Usage,
    /// Services per recorded level; `None` when the month has no levels (counted later).
    pub by_level: Option<ByLevel>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    /// The window's months, oldest first; the last is the month before today's.
    pub months: Vec<NaiveDate>,
    pub services: Vec<ServiceFigures>,
}

/// The city's figures on `today`: the last [`WINDOW_MONTHS`] months that have ended.
pub async fn overview<C: ConnectionTrait>(conn: &C, today: NaiveDate, catalog: &Catalog, inputs: &Inputs<'_>) -> Result<Overview> {
    overview_of(conn, window(month_of(today), WINDOW_MONTHS), catalog, inputs).await
}

/// The `count` months before `month` (which is not among them), oldest first.
pub fn window(month: NaiveDate, count: u32) -> Vec<NaiveDate> {
    (1..=count).rev().map(|n| months_before(month, n)).collect()
}

/// The figures over the given months (consecutive, oldest first; the progress report
/// reads a period and the one before it): levels computed now, usage and history from
/// the months' snapshots.
pub async fn overview_of<C: ConnectionTrait>(conn: &C, months: Vec<NaiveDate>, catalog: &Catalog, inputs: &Inputs<'_>) -> Result<Overview> {
    let snapshots = match months.first() {
        Some(first) => snapshot::since(conn, *first).await?,
        None => Vec::new(),
    };
    Ok(overview_from(months, &snapshots, catalog, inputs))
}

/// [`overview_of`] from snapshots read already (those before the first month are not
/// read; those after the last are left out).
pub fn overview_from(months: Vec<NaiveDate>, snapshots: &[Snapshot], catalog: &Catalog, inputs: &Inputs<'_>) -> Overview {
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Overview {
            months,
            services: Vec::new(),
        };
    };
    // Each service's snapshots, oldest first (they are read in month order).
    let mut by_service: HashMap<&str, Vec<Snapshot>> = HashMap::new();
    for s in snapshots.iter().filter(|s| (first..=last).contains(&s.month)) {
        by_service.entry(s.service.as_str()).or_default().push(s.clone());
    }
    let services = assess_all(catalog, inputs)
        .into_iter()
        .map(|assessment| {
            let history = by_service.remove(assessment.service.as_str()).unwrap_or_default();
            let mut usage = Usage::default();
            for s in &history {
                usage.add(&s.usage);
            }
            ServiceFigures {
                assessment,
                history,
                usage,
            }
        })
        .collect();
    Overview { months, services }
}

impl Overview {
    fn of<'a>(&'a self, agency: Option<&'a str>) -> impl Iterator<Item = &'a ServiceFigures> + 'a {
        self.services
            .iter()
            .filter(move |s| agency.is_none_or(|a| s.assessment.agency == a))
    }

    /// The city's totals (`None`) or one agency's.
    pub fn totals(&self, agency: Option<&str>) -> Totals {
        let mut totals = Totals::default();
        for s in self.of(agency) {
            totals.services += 1;
            totals.by_level[usize::from(s.assessment.level)] += 1;
            totals.only_looks_online += usize::from(s.assessment.only_looks_online);
            totals.usage.add(&s.usage);
        }
        totals
    }

    /// Every agency that offers a service, in the order of their first service.
    pub fn agencies(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for s in &self.services {
            if !seen.contains(&s.assessment.agency.as_str()) {
                seen.push(&s.assessment.agency);
            }
        }
        seen
    }

    /// The window month by month, for the city or one agency.
    pub fn by_month(&self, agency: Option<&str>) -> Vec<MonthFigures> {
        self.months
            .iter()
            .map(|month| {
                let mut usage = Usage::default();
                let mut by_level: ByLevel = [0; TOP as usize + 1];
                let mut recorded = false;
                let mut taken = false;
                for s in self.of(agency) {
                    if let Some(snap) = s.history.iter().find(|h| h.month == *month) {
                        taken = true;
                        usage.add(&snap.usage);
                        if let Some(level) = snap.level {
                            by_level[usize::from(level.min(TOP))] += 1;
                            recorded = true;
                        }
                    }
                }
                MonthFigures {
                    month: *month,
                    taken,
                    usage,
                    by_level: recorded.then_some(by_level),
                }
            })
            .collect()
    }

    pub fn service(&self, id: &str) -> Option<&ServiceFigures> {
        self.services.iter().find(|s| s.assessment.service == id)
    }
}
