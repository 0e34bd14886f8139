//! At the counter: booked visitors check in with their code, walk-ins take a number,
//! staff call the next person to their counter, and the waiting room's display shows
//! who goes where. The rule for "next": a booked visitor whose time has come goes
//! first, but after two booked calls in a row a waiting walk-in has the next turn, so
//! people without an appointment are never left behind; with nobody due, walk-ins in
//! the order they came, then booked visitors who came early.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DeriveValueType, FromQueryResult};
use uuid::Uuid;

use super::store::{self, Status};
use crate::cases::due::local_date;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::state::State;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// A booked visitor more than this late waits like someone who just came.
pub const LATE_AFTER_MINUTES: i64 = 15;
/// A booked visitor is called up to this early when nobody else waits for their turn.
pub const DUE_AHEAD_MINUTES: i64 = 5;
/// Handling time assumed for the estimate before any walk-in was served today.
pub const DEFAULT_HANDLING_MINUTES: i64 = 10;

/// Read from and written to its column as the text `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Kind::parse", to_str = "Kind::as_str")]
pub enum Kind {
    Booked,
    WalkIn,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Booked => "booked",
            Kind::WalkIn => "walk_in",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        [Kind::Booked, Kind::WalkIn]
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| Error::internal(format!("unknown ticket kind {text}")))
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Booked => "T",
            Kind::WalkIn => "W",
        }
    }
}

/// Where a ticket stands: waiting, then called to a counter, then done or a no-show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "TicketStatus::from_column", to_str = "TicketStatus::as_str")]
pub enum TicketStatus {
    Waiting,
    Called,
    Done,
    NoShow,
}

impl TicketStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Done => "done",
            TicketStatus::NoShow => "no_show",
        }
    }
}

impl State for TicketStatus {
    const ALL: &'static [Self] = &[
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::Done,
        TicketStatus::NoShow,
    ];

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// A waiting person is called, and a called one is done or did not come. A recall
    /// stays `Called`.
    fn may_become(self, to: TicketStatus) -> bool {
        use TicketStatus::*;
        matches!((self, to), (Waiting, Called) | (Called, Done) | (Called, NoShow))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Ticket {
    pub id: Uuid,
    pub location_id: String,
    pub day: NaiveDate,
    pub number: String,
    pub kind: Kind,
    pub appointment_id: Option<Uuid>,
    pub service_id: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub status: TicketStatus,
    pub counter: Option<i32>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, location_id, day, number, kind, appointment_id, service_id, issued_at, due_at, status, counter, called_at, finished_at";

async fn tickets<C: ConnectionTrait>(conn: &C, clause: &str, values: Vec<sea_orm::Value>) -> Result<Vec<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM counter_tickets WHERE {clause}");
    Ok(Ticket::find_by_statement(stmt(conn, &sql, values)).all(conn).await?)
}

async fn next_number(tx: &DatabaseTransaction, location: &str, day: NaiveDate, kind: Kind) -> Result<String> {
    let row = tx
        .query_one_raw(stmt(
            tx,
            "INSERT INTO counter_numbers (location_id, day, kind, last) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (location_id, day, kind) DO UPDATE SET last = counter_numbers.last + 1 RETURNING last",
            vec![location.into(), day.into(), kind.as_str().into()],
        ))
        .await?
        .ok_or_else(|| Error::internal("number counter returned no row"))?;
    let last: i32 = row.try_get("", "last")?;
    Ok(format!("{} {last:03}", kind.prefix()))
}

#[expect(clippy::too_many_arguments, reason = "the columns of one new ticket")]
async fn insert(
    tx: &DatabaseTransaction,
    location: &str,
    day: NaiveDate,
    kind: Kind,
    appointment: Option<Uuid>,
    service: Option<&str>,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<Ticket> {
    let number = next_number(tx, location, day, kind).await?;
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        tx,
        "INSERT INTO counter_tickets (id, location_id, day, number, kind, appointment_id, service_id, issued_at, due_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        vec![
            id.into(),
            location.into(),
            day.into(),
            number.into(),
            kind.as_str().into(),
            appointment.into(),
            service.map(str::to_string).into(),
            now.into(),
            due.into(),
            TicketStatus::Waiting.into(),
        ],
    ))
    .await?;
    tickets(tx, "id = $1", vec![id.into()])
        .await?
        .pop()
        .ok_or_else(|| Error::internal("ticket vanished"))
}

/// A walk-in's number ("Nummer ziehen").
pub async fn take_number(db: &Db, clock: &dyn Clock, location: &str, service: Option<&str>) -> Result<Ticket> {
    let now = clock.now();
    let tx = db.begin().await?;
    let ticket = insert(&tx, location, local_date(now), Kind::WalkIn, None, service, now, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

#[derive(Debug)]
pub enum CheckIn {
    OnTime(Ticket),
    /// More than a quarter of an hour late: waits like someone who just came.
    Late(Ticket),
    /// Checked in before; the same number.
    Already(Ticket),
    /// A booking, but not for today here (or cancelled).
    NotToday,
}

/// Checks a booked visitor in by their booking code.
pub async fn check_in(db: &Db, clock: &dyn Clock, location: &str, code: &str) -> Result<CheckIn> {
    let now = clock.now();
    let today = local_date(now);
    let tx = db.begin().await?;
    let booking = match store::by_code(&tx, code).await {
        Ok(b) => b,
        Err(Error::NotFound) => return Err(Error::NotFound),
        Err(e) => return Err(e),
    };
    if booking.location_id != location || booking.status != Status::Confirmed || local_date(booking.starts_at) != today {
        return Ok(CheckIn::NotToday);
    }
    if let Some(ticket) = tickets(&tx, "appointment_id = $1", vec![booking.id.into()]).await?.pop() {
        return Ok(CheckIn::Already(ticket));
    }
    let late = now > booking.starts_at + Duration::minutes(LATE_AFTER_MINUTES);
    let due = if late { now } else { booking.starts_at };
    let service = booking.services.first().map(String::as_str);
    let ticket = insert(&tx, location, today, Kind::Booked, Some(booking.id), service, now, due).await?;
    tx.commit().await?;
    Ok(if late { CheckIn::Late(ticket) } else { CheckIn::OnTime(ticket) })
}

/// Calls the next person to `counter`; the person called there before is done. `None`
/// when nobody waits. Two counters calling at once never get the same person.
pub async fn call_next(db: &Db, clock: &dyn Clock, location: &str, counter: i32, by: Uuid) -> Result<Option<Ticket>> {
    let now = clock.now();
    let today = local_date(now);
    for _ in 0..5 {
        let tx = db.begin().await?;
        tx.execute_raw(stmt(
            &tx,
            "UPDATE counter_tickets SET status = $1, finished_at = $3 \
             WHERE location_id = $4 AND day = $5 AND counter = $6 AND status = $2",
            [
                &TicketStatus::Called.step(TicketStatus::Done)[..],
                &[now.into(), location.into(), today.into(), counter.into()],
            ]
            .concat(),
        ))
        .await?;
        let waiting = tickets(
            &tx,
            "location_id = $1 AND day = $2 AND status = $3 ORDER BY due_at, issued_at, number",
            vec![location.into(), today.into(), TicketStatus::Waiting.into()],
        )
        .await?;
        let recent: Vec<Kind> = tx
            .query_all_raw(stmt(
                &tx,
                "SELECT kind FROM counter_tickets WHERE location_id = $1 AND day = $2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT 2",
                vec![location.into(), today.into()],
            ))
            .await?
            .iter()
            .map(|r| r.try_get("", "kind"))
            .collect::<std::result::Result<_, _>>()?;
        let Some(next) = choose(&waiting, &recent, now) else {
            tx.commit().await?;
            return Ok(None);
        };
        let taken = tx
            .execute_raw(stmt(
                &tx,
                "UPDATE counter_tickets SET status = $1, counter = $3, called_at = $4, called_by = $5 WHERE id = $6 AND status = $2",
                [
                    &TicketStatus::Waiting.step(TicketStatus::Called)[..],
                    &[counter.into(), now.into(), by.into(), next.id.into()],
                ]
                .concat(),
            ))
            .await?
            .rows_affected();
        if taken == 1 {
            let called = tickets(&tx, "id = $1", vec![next.id.into()]).await?.pop();
            tx.commit().await?;
            return Ok(called);
        }
        // Another counter called this person a moment ago: look again.
        tx.rollback().await?;
    }
    Err(Error::Unavailable("the queue is too busy; call again".into()))
}

/// The rule for who is next (see the module's description).
pub fn choose<'a>(waiting: &'a [Ticket], recent_kinds: &[Kind], now: DateTime<Utc>) -> Option<&'a Ticket> {
    let due = waiting
        .iter()
        .filter(|t| t.kind == Kind::Booked && t.due_at <= now + Duration::minutes(DUE_AHEAD_MINUTES))
        .min_by_key(|t| (t.due_at, t.issued_at));
    let walk_in = waiting.iter().filter(|t| t.kind == Kind::WalkIn).min_by_key(|t| t.issued_at);
    let booked_twice = recent_kinds.len() == 2 && recent_kinds.iter().all(|k| *k == Kind::Booked);
    match (due, walk_in) {
        (Some(_), Some(w)) if booked_twice => Some(w),
        (Some(d), _) => Some(d),
        (None, Some(w)) => Some(w),
        (None, None) => waiting
            .iter()
            .filter(|t| t.kind == Kind::Booked)
            .min_by_key(|t| (t.due_at, t.issued_at)),
    }
}

/// Calls the person at `counter` again (the display shows them on top once more).
pub async fn recall(db: &Db, clock: &dyn Clock, location: &str, counter: i32) -> Result<Ticket> {
    let now = clock.now();
    let conn = db.write();
    let sql = format!(
        "UPDATE counter_tickets SET called_at = $1 WHERE location_id = $2 AND day = $3 AND counter = $4 AND status = $5 RETURNING {COLUMNS}"
    );
    let values = vec![
        now.into(),
        location.into(),
        local_date(now).into(),
        counter.into(),
        TicketStatus::Called.into(),
    ];
    Ticket::find_by_statement(stmt(conn, &sql, values))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// Ends the visit of the person called to `counter`: served, or did not come.
pub async fn finish(db: &Db, clock: &dyn Clock, location: &str, counter: i32, came: bool) -> Result<Ticket> {
    let now = clock.now();
    let end = if came { TicketStatus::Done } else { TicketStatus::NoShow };
    let conn = db.write();
    let sql = format!(
        "UPDATE counter_tickets SET status = $1, finished_at = $3 WHERE location_id = $4 AND day = $5 AND counter = $6 AND status = $2 \
         RETURNING {COLUMNS}"
    );
    let values = [
        &TicketStatus::Called.step(end)[..],
        &[now.into(), location.into(), local_date(now).into(), counter.into()],
    ]
    .concat();
    Ticket::find_by_statement(stmt(conn, &sql, values))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// Today's tickets still waiting or at a counter, in queue order.
pub async fn queue(db: &Db, location: &str, day: NaiveDate) -> Result<Vec<Ticket>> {
    tickets(
        db.read(),
        "location_id = $1 AND day = $2 AND status IN ($3, $4) ORDER BY status, due_at, issued_at",
        vec![
            location.into(),
            day.into(),
            TicketStatus::Waiting.into(),
            TicketStatus::Called.into(),
        ],
    )
    .await
}

/// The latest calls of the day, newest first, for the display.
pub async fn recent_calls(db: &Db, location: &str, day: NaiveDate, count: u64) -> Result<Vec<Ticket>> {
    tickets(
        db.write(),
        &format!("location_id = $1 AND day = $2 AND called_at IS NOT NULL AND status <> $3 ORDER BY called_at DESC, number LIMIT {count}"),
        vec![location.into(), day.into(), TicketStatus::NoShow.into()],
    )
    .await
}

/// What a walk-in can expect now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    pub waiting: usize,
    pub minutes: i64,
}

/// Walk-ins waiting times the day's median handling time, shared by the counters that
/// called someone in the last hour.
pub async fn walk_in_estimate(db: &Db, clock: &dyn Clock, location: &str) -> Result<Estimate> {
    let now = clock.now();
    let today = local_date(now);
    let all = tickets(db.read(), "location_id = $1 AND day = $2", vec![location.into(), today.into()]).await?;
    let waiting = all
        .iter()
        .filter(|t| t.status == TicketStatus::Waiting && t.kind == Kind::WalkIn)
        .count();
    let mut handled: Vec<i64> = all
        .iter()
        .filter_map(|t| Some((t.finished_at? - t.called_at?).num_minutes()))
        .filter(|m| *m > 0)
        .collect();
    handled.sort_unstable();
    let handling = handled.get(handled.len() / 2).copied().unwrap_or(DEFAULT_HANDLING_MINUTES);
    let counters = all
        .iter()
        .filter(|t| t.called_at.is_some_and(|c| c > now - Duration::hours(1)))
        .filter_map(|t| t.counter)
        .collect::<std::collections::HashSet<_>>()
        .len()
        .max(1) as i64;
    Ok(Estimate {
        waiting,
        minutes: (waiting as i64 * handling).div_euclid(counters) + if (waiting as i64 * handling) % counters == 0 { 0 } else { 1 },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(kind: Kind, number: &str, issued: i64, due: i64) -> Ticket {
        let base = DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z").unwrap().to_utc();
        Ticket {
            id: Uuid::now_v7(),
            location_id: "x".into(),
            day: base.date_naive(),
            number: number.into(),
            kind,
            appointment_id: None,
            service_id: None,
            issued_at: base + Duration::minutes(issued),
            due_at: base + Duration::minutes(due),
            status: TicketStatus::Waiting,
            counter: None,
            called_at: None,
            finished_at: None,
        }
    }

    #[test]
    fn booked_at_their_time_and_every_third_call_for_walk_ins() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T09:30:00Z").unwrap().to_utc();
        let waiting = vec![
            ticket(Kind::WalkIn, "W 001", 0, 0),
            ticket(Kind::Booked, "T 001", 10, 30),
            ticket(Kind::Booked, "T 002", 5, 60),
        ];
        let pick = |recent: &[Kind]| choose(&waiting, recent, now).map(|t| t.number.clone());
        assert_eq!(pick(&[]).as_deref(), Some("T 001"), "due now");
        assert_eq!(pick(&[Kind::Booked, Kind::WalkIn]).as_deref(), Some("T 001"));
        assert_eq!(pick(&[Kind::Booked, Kind::Booked]).as_deref(), Some("W 001"), "two booked in a row");
        // Nobody due: walk-ins first, then those who came early.
        let later = DateTime::parse_from_rfc3339("2026-11-24T09:10:00Z").unwrap().to_utc();
        assert_eq!(choose(&waiting, &[], later).map(|t| t.number.as_str()), Some("W 001"));
        let early = &waiting[1..];
        assert_eq!(choose(early, &[], later).map(|t| t.number.as_str()), Some("T 001"));
        assert!(choose(&[], &[], now).is_none());
    }

    /// Every pair of states against the drawn moves: only these three, and nothing leaves
    /// the end; the text of each state reads back as the state.
    #[test]
    fn a_ticket_moves_only_along_the_drawn_edges() {
        use TicketStatus::*;
        let allowed = [(Waiting, Called), (Called, Done), (Called, NoShow)];
        for &from in TicketStatus::ALL {
            assert_eq!(TicketStatus::from_column(from.as_str()).unwrap(), from);
            for &to in TicketStatus::ALL {
                assert_eq!(from.may_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert!(TicketStatus::from_column("lost").is_err());
        assert!(Kind::parse("vip").is_err());
    }

    #[test]
    #[should_panic(expected = "does not go from Done to Called")]
    fn a_move_off_the_edges_is_refused_before_it_reaches_the_database() {
        TicketStatus::Done.step(TicketStatus::Called);
    }
}
