//! Figures per location and Hamburg day: bookings, no-shows, walk-ins, waiting time at
//! the location (median and 90th percentile, from arrival — or the booked time, if
//! later — to the call), and the lead time to the next free appointment (the median of
//! the hourly samples taken that day).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::BTreeMap;

use super::booking::Rules;
use super::calendar::{Calendar, Visit};
use super::counter::{Kind, TicketStatus};
use super::free;
use crate::cases::due::{local_date, start_of_local_day};
use crate::catalog::Catalog;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayFigures {
    pub day: NaiveDate,
    pub bookings: i64,
    pub no_shows: i64,
    pub walk_ins: i64,
    pub wait_median_minutes: Option<i64>,
    pub wait_p90_minutes: Option<i64>,
    pub lead_median_minutes: Option<i64>,
}

/// The value below which `share` of the sorted `values` lie (nearest rank).
pub fn percentile(sorted: &[i64], share: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

pub async fn per_day(db: &Db, clock: &dyn Clock, location: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayFigures>> {
    let now = clock.now();
    let start = start_of_local_day(from);
    let end = start_of_local_day(to.checked_add_days(Days::new(1)).unwrap_or(to));
    let mut days: BTreeMap<NaiveDate, DayFigures> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|day| {
            (
                day,
                DayFigures {
                    day,
                    ..DayFigures::default()
                },
            )
        })
        .collect();
    let conn = db.read();
    // Bookings; those that never checked in and whose time is over did not come.
    #[derive(FromQueryResult)]
    struct Booked {
        starts_at: DateTime<Utc>,
        ticket: Option<uuid::Uuid>,
    }
    let booked = Booked::find_by_statement(stmt(
        conn,
        "SELECT a.starts_at, t.id AS ticket FROM appointments a LEFT JOIN counter_tickets t ON t.appointment_id = a.id \
         WHERE a.location_id = $1 AND a.status = 'confirmed' AND a.starts_at >= $2 AND a.starts_at < $3",
        vec![location.into(), start.into(), end.into()],
    ))
    .all(conn)
    .await?;
    for Booked { starts_at: at, ticket } in booked {
        if let Some(d) = days.get_mut(&local_date(at)) {
            d.bookings += 1;
            if ticket.is_none() && at < now {
                d.no_shows += 1;
            }
        }
    }
    #[derive(FromQueryResult)]
    struct Visit {
        day: NaiveDate,
        kind: Kind,
        status: TicketStatus,
        issued_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
        called_at: Option<DateTime<Utc>>,
    }
    let tickets = Visit::find_by_statement(stmt(
        conn,
        "SELECT day, kind, status, issued_at, due_at, called_at FROM counter_tickets WHERE location_id = $1 AND day >= $2 AND day <= $3",
        vec![location.into(), from.into(), to.into()],
    ))
    .all(conn)
    .await?;
    let mut waits: BTreeMap<NaiveDate, Vec<i64>> = BTreeMap::new();
    for Visit {
        day,
        kind,
        status,
        issued_at: issued,
        due_at: due,
        called_at: called,
    } in tickets
    {
        let Some(d) = days.get_mut(&day) else { continue };
        if kind == Kind::WalkIn {
            d.walk_ins += 1;
        }
        if status == TicketStatus::NoShow && kind == Kind::Booked {
            d.no_shows += 1;
        }
        if let Some(called) = called {
            waits.entry(day).or_default().push((called - issued.max(due)).num_minutes().max(0));
        }
    }
    for (day, mut list) in waits {
        list.sort_unstable();
        if let Some(d) = days.get_mut(&day) {
            d.wait_median_minutes = percentile(&list, 0.5);
            d.wait_p90_minutes = percentile(&list, 0.9);
        }
    }
    #[derive(FromQueryResult)]
    struct Sample {
        sampled_at: DateTime<Utc>,
        lead_minutes: Option<i32>,
    }
    let samples = Sample::find_by_statement(stmt(
        conn,
        "SELECT sampled_at, lead_minutes FROM appointment_lead_samples WHERE location_id = $1 AND sampled_at >= $2 AND sampled_at < $3",
        vec![location.into(), start.into(), end.into()],
    ))
    .all(conn)
    .await?;
    let mut leads: BTreeMap<NaiveDate, Vec<i64>> = BTreeMap::new();
    for Sample {
        sampled_at: at,
        lead_minutes,
    } in samples
    {
        if let Some(minutes) = lead_minutes {
            leads.entry(local_date(at)).or_default().push(i64::from(minutes));
        }
    }
    for (day, mut list) in leads {
        list.sort_unstable();
        if let Some(d) = days.get_mut(&day) {
            d.lead_median_minutes = percentile(&list, 0.5);
        }
    }
    Ok(days.into_values().collect())
}

/// Records, for every location that books appointments, how far away its next free
/// slot is for its shortest service (none free: no value).
pub async fn sample_lead_times(db: &Db, clock: &dyn Clock, catalog: &Catalog, rules: &Rules) -> Result<usize> {
    let now = clock.now();
    let mut sampled = 0;
    for location in catalog.locations() {
        let conn = db.read();
        let last: Option<DateTime<Utc>> = conn
            .query_one_raw(stmt(
                conn,
                "SELECT MAX(sampled_at) AS last FROM appointment_lead_samples WHERE location_id = $1",
                vec![location.id.clone().into()],
            ))
            .await?
            .map(|r| r.try_get("", "last"))
            .transpose()?
            .flatten();
        if last.is_some_and(|t| now - t < chrono::Duration::minutes(55)) {
            continue;
        }
        let calendar = Calendar::load(db, catalog, &location.id).await?;
        let Some((service, _)) = calendar.minutes.iter().min_by_key(|(id, m)| (**m, (*id).clone())) else {
            continue;
        };
        let visit = Visit {
            location_id: location.id.clone(),
            services: vec![service.clone()],
            people: 1,
        };
        let minutes = calendar.visit_minutes(&visit)?;
        let first = free::earliest_day(db, &calendar, minutes, rules, now)
            .await?
            .and_then(|(_, slots)| slots.first().map(|f| f.slot.starts_at));
        let conn = db.write();
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO appointment_lead_samples (location_id, sampled_at, lead_minutes) VALUES ($1, $2, $3) \
             ON CONFLICT (location_id, sampled_at) DO NOTHING",
            vec![
                location.id.clone().into(),
                now.into(),
                first.map(|t| (t - now).num_minutes() as i32).into(),
            ],
        ))
        .await?;
        sampled += 1;
    }
    Ok(sampled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(percentile(&values, 0.5), Some(5));
        assert_eq!(percentile(&values, 0.9), Some(9));
        assert_eq!(percentile(&[7], 0.9), Some(7));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
