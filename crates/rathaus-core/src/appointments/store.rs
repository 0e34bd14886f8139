//! Appointment rows and their lookups.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DeriveValueType, FromQueryResult, QueryResult};
use uuid::Uuid;

use crate::accounts::tokens::hash_token;
use rathaus_platform::db::state::State;
use rathaus_platform::db::stmt;
use rathaus_platform::{Error, Result};

/// Where a booking stands; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Status::from_column", to_str = "Status::as_str")]
pub enum Status {
    /// Kept for the person while they confirm (until `hold_expires_at`).
    Held,
    Confirmed,
    Cancelled,
    /// A hold nobody confirmed in time whose slot went to someone else.
    Expired,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Confirmed => "confirmed",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
        }
    }
}

impl State for Status {
    const ALL: &'static [Self] = &[Status::Held, Status::Confirmed, Status::Cancelled, Status::Expired];

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// A hold is confirmed, lapses (`Expired`) or is given up; a confirmed booking is
    /// cancelled. Nothing leaves the ends, and a move to another time keeps the booking
    /// confirmed.
    fn may_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (Held, Confirmed) | (Held, Expired) | (Held, Cancelled) | (Confirmed, Cancelled)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Appointment {
    pub id: Uuid,
    pub code: String,
    pub location_id: String,
    /// Kept in `appointment_services`; read beside the row.
    #[sea_orm(skip)]
    pub services: Vec<String>,
    pub people: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub counter: i32,
    pub status: Status,
    pub account_id: Option<Uuid>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub lang: String,
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// Counts changes, for calendar programs (`SEQUENCE` in the .ics).
    pub sequence: i32,
    /// Since when the person waits for an earlier time (see `waitlist`).
    pub earlier_wanted_at: Option<DateTime<Utc>>,
}

impl Appointment {
    /// Held, but the hold ran out (the slot may still be free).
    pub fn is_lapsed(&self, now: DateTime<Utc>) -> bool {
        self.status == Status::Held && self.hold_expires_at.is_some_and(|t| t <= now)
    }

    /// Confirmed and still ahead: it can be moved or cancelled.
    pub fn is_changeable(&self, now: DateTime<Utc>) -> bool {
        self.status == Status::Confirmed && self.starts_at > now
    }
}

pub(super) const COLUMNS: &str = "id, code, location_id, people, starts_at, ends_at, counter, status, account_id, email, name, lang, \
     hold_expires_at, sequence, earlier_wanted_at";

/// The services a booking is for.
async fn services_of<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Vec<String>> {
    #[derive(FromQueryResult)]
    struct Service {
        service_id: String,
    }
    let rows = Service::find_by_statement(stmt(
        conn,
        "SELECT service_id FROM appointment_services WHERE appointment_id = $1 ORDER BY service_id",
        vec![id.into()],
    ))
    .all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.service_id).collect())
}

/// A booking from its row (`COLUMNS`) and its services, known already.
pub(super) fn with_services(row: &QueryResult, services: Vec<String>) -> Result<Appointment> {
    let appointment = Appointment::from_query_result(row, "")?;
    Ok(Appointment {
        services,
        // A booking is for one person at least, whatever a row says.
        people: appointment.people.max(1),
        ..appointment
    })
}

async fn many<C: ConnectionTrait>(conn: &C, clause: &str, values: Vec<sea_orm::Value>) -> Result<Vec<Appointment>> {
    let rows = conn
        .query_all_raw(stmt(conn, &format!("SELECT {COLUMNS} FROM appointments WHERE {clause}"), values))
        .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: Uuid = row.try_get("", "id")?;
        list.push(with_services(row, services_of(conn, id).await?)?);
    }
    Ok(list)
}

async fn one_where<C: ConnectionTrait>(conn: &C, clause: &str, value: sea_orm::Value) -> Result<Option<Appointment>> {
    Ok(many(conn, clause, vec![value]).await?.pop())
}

pub async fn by_id<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Appointment> {
    one_where(conn, "id = $1", id.into()).await?.ok_or(Error::NotFound)
}

/// The booking a mailed "manage" link opens (from the confirmation or the reminder).
pub async fn by_manage_token<C: ConnectionTrait>(conn: &C, token: &str) -> Result<Appointment> {
    one_where(
        conn,
        "(manage_token_hash = $1 OR reminder_token_hash = $1)",
        hash_token(token).into(),
    )
    .await?
    .ok_or(Error::NotFound)
}

/// The booking a mailed "confirm" link confirms.
pub async fn by_confirm_token<C: ConnectionTrait>(conn: &C, token: &str) -> Result<Appointment> {
    one_where(conn, "confirm_token_hash = $1", hash_token(token).into())
        .await?
        .ok_or(Error::NotFound)
}

/// A booking by its code, for the counter.
pub async fn by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<Appointment> {
    one_where(conn, "code = $1", crate::codes::normalise_code(code).into())
        .await?
        .ok_or(Error::NotFound)
}

/// The account's bookings that are not over, soonest first.
pub async fn upcoming_for_account<C: ConnectionTrait>(conn: &C, account: Uuid, now: DateTime<Utc>) -> Result<Vec<Appointment>> {
    many(
        conn,
        "account_id = $1 AND ends_at > $2 AND status = 'confirmed' ORDER BY starts_at, id",
        vec![account.into(), now.into()],
    )
    .await
}

/// A location's confirmed bookings starting in `from..to`, in time order (for staff).
pub async fn confirmed_between<C: ConnectionTrait>(
    conn: &C,
    location: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Appointment>> {
    many(
        conn,
        "location_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status = 'confirmed' ORDER BY starts_at, code",
        vec![location.into(), from.into(), to.into()],
    )
    .await
}

/// Open bookings and holds at `location` overlapping `from..to` that start after `now`.
pub async fn open_overlapping<C: ConnectionTrait>(
    conn: &C,
    location: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>> {
    many(
        conn,
        "location_id = $1 AND status IN ('confirmed', 'held') AND starts_at < $2 AND ends_at > $3 AND starts_at > $4",
        vec![location.into(), to.into(), from.into(), now.into()],
    )
    .await
}

/// Confirmed bookings still ahead whose people wait for an earlier time, first come
/// first served.
pub async fn waiting<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>, limit: u64) -> Result<Vec<Appointment>> {
    many(
        conn,
        &format!("status = 'confirmed' AND earlier_wanted_at IS NOT NULL AND starts_at > $1 ORDER BY earlier_wanted_at, id LIMIT {limit}"),
        vec![now.into()],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::Status::{self, *};
    use rathaus_platform::db::state::State;

    /// Every pair of states against the drawn moves; the text of each state reads back
    /// as the state.
    #[test]
    fn a_booking_moves_only_along_the_drawn_edges() {
        let drawn = [(Held, Confirmed), (Held, Expired), (Held, Cancelled), (Confirmed, Cancelled)];
        for &from in Status::ALL {
            assert_eq!(Status::from_column(from.as_str()).unwrap(), from);
            for &to in Status::ALL {
                assert_eq!(from.may_become(to), drawn.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert!(Status::from_column("moved").is_err());
    }

    #[test]
    #[should_panic(expected = "does not go from Cancelled to Confirmed")]
    fn a_move_off_the_edges_is_refused_before_it_reaches_the_database() {
        Cancelled.step(Confirmed);
    }
}
