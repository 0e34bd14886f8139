//! How a service is used in a month: applications sent online against visits at the
//! counter (appointments and walk-in tickets for the same service), fees paid online,
//! and the days from submission to the first decision. Counted per calendar month in
//! Hamburg's time, each query bounded by the month so its cost follows the month and not
//! the city's history.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use crate::cases::due::start_of_local_day;
use rathaus_platform::Result;
use rathaus_platform::db::stmt;

/// The kinds of application event that are a decision.
const DECIDED: &str = "('decided-approved', 'decided-rejected', 'decided-partly')";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Applications sent online (through Rathaus).
    pub online: i64,
    /// Booked appointments and walk-in tickets.
    pub visits: i64,
    /// Fees and invoices paid online.
    pub payments: i64,
    /// How many first decisions came after how many whole days.
    pub lead_days: BTreeMap<u32, i64>,
}

impl Usage {
    pub fn add(&mut self, other: &Usage) {
        self.online += other.online;
        self.visits += other.visits;
        self.payments += other.payments;
        for (days, count) in &other.lead_days {
            *self.lead_days.entry(*days).or_default() += count;
        }
    }

    /// Decisions counted in the lead times.
    pub fn decided(&self) -> i64 {
        self.lead_days.values().sum()
    }

    /// Online applications as a share of all contacts (online and at the counter);
    /// `None` when there were none.
    pub fn online_share(&self) -> Option<f64> {
        let all = self.online + self.visits;
        (all > 0).then(|| self.online as f64 / all as f64)
    }

    /// The days within which `share` of the decisions came (nearest rank).
    pub fn lead_percentile(&self, share: f64) -> Option<u32> {
        let total = self.decided();
        if total == 0 {
            return None;
        }
        let rank = ((share * total as f64).ceil() as i64).max(1);
        let mut seen = 0;
        self.lead_days.iter().find_map(|(days, count)| {
            seen += count;
            (seen >= rank).then_some(*days)
        })
    }

    pub fn median_days(&self) -> Option<u32> {
        self.lead_percentile(0.5)
    }

    pub fn p90_days(&self) -> Option<u32> {
        self.lead_percentile(0.9)
    }
}

/// The first day of the month `day` lies in.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day0(0).unwrap_or(day)
}

/// The month `n` months before `month`'s.
pub fn months_before(month: NaiveDate, n: u32) -> NaiveDate {
    month_of(month).checked_sub_months(Months::new(n)).unwrap_or(month)
}

/// The instants a month begins and ends, in Hamburg's time.
pub fn bounds(month: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = month_of(month);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    (start_of_local_day(first), start_of_local_day(next))
}

#[derive(FromQueryResult)]
struct Count {
    service_id: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct Decided {
    service_id: String,
    submitted_at: DateTime<Utc>,
    decided_at: DateTime<Utc>,
}

/// Every service's usage in the month `month` lies in; services without any are left out.
pub async fn of_month<C: ConnectionTrait>(conn: &C, month: NaiveDate) -> Result<HashMap<String, Usage>> {
    let (from, to) = bounds(month);
    let range = || vec![from.into(), to.into()];
    let count = |sql: &str| Count::find_by_statement(stmt(conn, sql, range())).all(conn);
    let mut usage: HashMap<String, Usage> = HashMap::new();
    for c in count(
        "SELECT service_id, COUNT(*) AS n FROM applications \
         WHERE submitted_at >= $1 AND submitted_at < $2 GROUP BY service_id",
    )
    .await?
    {
        usage.entry(c.service_id).or_default().online += c.n;
    }
    for c in count(
        "SELECT s.service_id, COUNT(*) AS n FROM appointments a JOIN appointment_services s ON s.appointment_id = a.id \
         WHERE a.starts_at >= $1 AND a.starts_at < $2 AND a.status = 'confirmed' GROUP BY s.service_id",
    )
    .await?
    .into_iter()
    .chain(
        count(
            "SELECT service_id, COUNT(*) AS n FROM counter_tickets \
             WHERE issued_at >= $1 AND issued_at < $2 AND kind = 'walk_in' AND service_id IS NOT NULL GROUP BY service_id",
        )
        .await?,
    ) {
        usage.entry(c.service_id).or_default().visits += c.n;
    }
    for c in count(
        "SELECT a.service_id, COUNT(*) AS n FROM payments p JOIN applications a ON a.id = p.application_id \
         WHERE p.paid_at >= $1 AND p.paid_at < $2 AND p.status = 'paid' GROUP BY a.service_id",
    )
    .await?
    {
        usage.entry(c.service_id).or_default().payments += c.n;
    }
    let decided = Decided::find_by_statement(stmt(
        conn,
        &format!(
            "SELECT a.service_id, a.submitted_at, e.at AS decided_at FROM application_events e \
             JOIN applications a ON a.id = e.application_id \
             WHERE e.kind IN {DECIDED} AND e.at >= $1 AND e.at < $2 AND a.submitted_at IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM application_events f WHERE f.application_id = e.application_id \
                             AND f.kind IN {DECIDED} AND f.at < e.at)"
        ),
        range(),
    ))
    .all(conn)
    .await?;
    for d in decided {
        let days = u32::try_from((d.decided_at - d.submitted_at).num_days()).unwrap_or(0);
        *usage.entry(d.service_id).or_default().lead_days.entry(days).or_default() += 1;
    }
    Ok(usage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_leads(leads: &[(u32, i64)]) -> Usage {
        Usage {
            lead_days: leads.iter().copied().collect(),
            ..Usage::default()
        }
    }

    #[test]
    fn percentiles_by_nearest_rank_over_the_days() {
        let u = with_leads(&[(1, 5), (3, 4), (20, 1)]);
        assert_eq!((u.median_days(), u.p90_days(), u.decided()), (Some(1), Some(3), 10));
        assert_eq!(Usage::default().median_days(), None);
    }

    #[test]
    fn the_online_share_counts_every_contact() {
        let u = Usage {
            online: 3,
            visits: 1,
            ..Usage::default()
        };
        assert_eq!(u.online_share(), Some(0.75));
        assert_eq!(Usage::default().online_share(), None);
    }

    #[test]
    fn months_are_hamburg_months() {
        let (from, to) = bounds(NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
        assert_eq!(from.to_rfc3339(), "2026-02-28T23:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-03-31T22:00:00+00:00");
        assert_eq!(
            months_before(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), 2),
            NaiveDate::from_ymd_opt(2025, 11, 1).unwrap()
        );
    }

    proptest! {
        /// Adding months together gives the same percentiles as counting them at once.
        #[test]
        fn adding_months_is_counting_together(a in proptest::collection::vec(0u32..60, 0..40), b in proptest::collection::vec(0u32..60, 0..40)) {
            let histogram = |days: &[u32]| {
                let mut u = Usage::default();
                for d in days { *u.lead_days.entry(*d).or_default() += 1; }
                u
            };
            let mut sum = histogram(&a);
            sum.add(&histogram(&b));
            let all: Vec<u32> = a.iter().chain(&b).copied().collect();
            let together = histogram(&all);
            prop_assert_eq!(sum.median_days(), together.median_days());
            prop_assert_eq!(sum.p90_days(), together.p90_days());
            let mut sorted = all.clone();
            sorted.sort_unstable();
            let expected = (!sorted.is_empty()).then(|| sorted[((0.9 * sorted.len() as f64).ceil() as usize).max(1) - 1]);
            prop_assert_eq!(together.p90_days(), expected);
        }
    }
}
