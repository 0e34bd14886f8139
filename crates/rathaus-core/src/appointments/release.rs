//! Fair release. A location may release the slots of some days at a set time; until
//! then they are not offered. To take away the advantage of bots it can instead collect
//! requests for a while — one per confirmed mail address — and then draw lots: in the
//! drawn order each request gets the earliest free slot of the released days for its
//! visit, booked and confirmed by mail; the others are told by mail; what is left is
//! then offered to everyone. The seed and the drawn order are kept for the record.

use chrono::{DateTime, NaiveDate, Utc};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use super::booking::{self, Confirmed, HoldRequest, Outcome, Owner, Rules};
use super::calendar::{Calendar, Visit};
use super::free;
use super::notices::Site;
use crate::accounts::tokens::{hash_token, random_token};
use crate::catalog::Catalog;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::Lang;
use rathaus_platform::mail::{self, MailContent};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Release {
    pub id: Uuid,
    pub location_id: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub opens_at: DateTime<Utc>,
    pub lottery: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

impl Release {
    pub fn covers(&self, day: NaiveDate) -> bool {
        (self.first_day..=self.last_day).contains(&day)
    }

    /// Whether the release keeps `day`'s slots from everyone at `now`.
    pub fn hides(&self, day: NaiveDate, now: DateTime<Utc>) -> bool {
        self.covers(day) && (now < self.opens_at || (self.lottery && self.published_at.is_none()))
    }

    /// Whether the lottery takes requests at `now`.
    pub fn collecting(&self, now: DateTime<Utc>) -> bool {
        self.lottery && now >= self.opens_at && self.closes_at.is_some_and(|c| now < c)
    }
}

const COLUMNS: &str = "id, location_id, first_day, last_day, opens_at, lottery, closes_at, drawn_at, published_at";

/// The latest releases of a location, oldest first. Past releases hide nothing any more;
/// the limit keeps years of history from being loaded with every calendar.
pub async fn of_location<C: ConnectionTrait>(conn: &C, location: &str) -> Result<Vec<Release>> {
    let sql = format!("SELECT {COLUMNS} FROM appointment_releases WHERE location_id = $1 ORDER BY opens_at DESC, id DESC LIMIT 100");
    let mut releases = Release::find_by_statement(stmt(conn, &sql, vec![location.into()]))
        .all(conn)
        .await?;
    releases.reverse();
    Ok(releases)
}

pub async fn by_id<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Release> {
    let sql = format!("SELECT {COLUMNS} FROM appointment_releases WHERE id = $1");
    Release::find_by_statement(stmt(conn, &sql, vec![id.into()]))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// What staff set up.
#[derive(Debug, Clone)]
pub struct NewRelease {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub opens_at: DateTime<Utc>,
    /// `Some(closes_at)` collects requests until then and draws lots.
    pub lottery_until: Option<DateTime<Utc>>,
}

pub async fn create(db: &Db, clock: &dyn Clock, location: &str, new: &NewRelease, by: Uuid) -> Result<Release> {
    if new.first_day > new.last_day {
        return Err(Error::Invalid("the first day comes after the last".into()));
    }
    if new.lottery_until.is_some_and(|c| c <= new.opens_at) {
        return Err(Error::Invalid("the lottery must close after it opens".into()));
    }
    let id = Uuid::now_v7();
    let txn = db.begin().await?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO appointment_releases (id, location_id, first_day, last_day, opens_at, lottery, closes_at, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        vec![
            id.into(),
            location.into(),
            new.first_day.into(),
            new.last_day.into(),
            new.opens_at.into(),
            new.lottery_until.is_some().into(),
            new.lottery_until.into(),
            clock.now().into(),
            by.into(),
        ],
    ))
    .await?;
    let details = serde_json::json!({
        "release": id,
        "first_day": new.first_day,
        "last_day": new.last_day,
        "opens_at": new.opens_at,
        "lottery_until": new.lottery_until,
    });
    super::calendar::audited(&txn, clock, by, "release-created", location, details).await?;
    let release = by_id(&txn, id).await?;
    txn.commit().await?;
    Ok(release)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Entered {
    /// The confirmation link is on its way.
    Mailed,
    /// This address already takes part.
    Already,
    /// The lottery does not take requests now.
    Closed,
}

/// Enters a request and mails the link that confirms it.
pub async fn enter(
    db: &Db,
    clock: &dyn Clock,
    release: &Release,
    (visit, lang): (&Visit, Lang),
    (email, name): (&str, &str),
    site: Site<'_>,
) -> Result<Entered> {
    let now = clock.now();
    if !release.collecting(now) {
        return Ok(Entered::Closed);
    }
    let token = random_token();
    let tx = db.begin().await?;
    let inserted = tx
        .execute_raw(stmt(
            &tx,
            "INSERT INTO appointment_lottery_entries (id, release_id, email, email_normalized, name, lang, services, people, confirm_token_hash, \
               created_at, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending') \
             ON CONFLICT (release_id, email_normalized) DO NOTHING",
            vec![
                Uuid::now_v7().into(),
                release.id.into(),
                email.into(),
                email.trim().to_lowercase().into(),
                name.into(),
                lang.code().into(),
                visit.services.join(",").into(),
                (visit.people as i32).into(),
                hash_token(&token).into(),
                now.into(),
            ],
        ))
        .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Entered::Already);
    }
    let base = site.public_url.trim_end_matches('/');
    let closes = release
        .closes_at
        .map(|c| rathaus_platform::i18n::date_time(lang, c))
        .unwrap_or_default();
    let content = MailContent::new(lang, site.city)
        .paragraph(lang.t_args("lottery-mail-confirm-body", &[("closes", closes)]))
        .action(
            lang.t("lottery-mail-confirm-action"),
            format!("{base}/termine/verlosung/bestaetigen/{token}"),
        )
        .paragraph(lang.t("appt-mail-confirm-footer"));
    mail::queue(&tx, clock, content.render(email, lang.t("lottery-mail-confirm-subject"))?).await?;
    tx.commit().await?;
    Ok(Entered::Mailed)
}

/// Confirms an entry by its mailed link (again: no change). `None` when the lottery
/// closed before the click.
pub async fn confirm_entry(db: &Db, clock: &dyn Clock, token: &str) -> Result<Option<Release>> {
    let conn = db.write();
    let row = conn
        .query_one_raw(stmt(
            conn,
            "SELECT release_id FROM appointment_lottery_entries WHERE confirm_token_hash = $1",
            vec![hash_token(token).into()],
        ))
        .await?
        .ok_or(Error::NotFound)?;
    let release = by_id(conn, row.try_get("", "release_id")?).await?;
    if !release.collecting(clock.now()) {
        return Ok(None);
    }
    conn.execute_raw(stmt(
        conn,
        "UPDATE appointment_lottery_entries SET confirmed_at = $1 WHERE confirm_token_hash = $2 AND confirmed_at IS NULL",
        vec![clock.now().into(), hash_token(token).into()],
    ))
    .await?;
    Ok(Some(release))
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub entries: usize,
    pub won: usize,
    pub lost: usize,
}

struct Entry {
    id: Uuid,
    email: String,
    lang: String,
    services: Vec<String>,
    people: u32,
}

/// Draws the lottery of `release` once its window closed: claims it (one node only),
/// ranks the confirmed entries by a random seed, books in that order, tells everyone,
/// then offers what is left to all. Picks up where it stopped after a crash.
pub async fn draw(db: &Db, clock: &dyn Clock, catalog: &Catalog, release: &Release, rules: &Rules, site: Site<'_>) -> Result<Drawn> {
    let now = clock.now();
    if !release.lottery || release.published_at.is_some() || release.closes_at.is_none_or(|c| now < c) {
        return Ok(Drawn::default());
    }
    claim(db, release, now).await?;
    let conn = db.read();
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        email: String,
        lang: String,
        services: String,
        people: i32,
    }
    let entries: Vec<Entry> = Row::find_by_statement(stmt(
        conn,
        "SELECT id, email, lang, services, people FROM appointment_lottery_entries \
         WHERE release_id = $1 AND rank IS NOT NULL AND outcome = 'pending' ORDER BY rank",
        vec![release.id.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|r| Entry {
        id: r.id,
        email: r.email,
        lang: r.lang,
        services: r.services.split(',').map(str::to_string).collect(),
        people: r.people.max(1).unsigned_abs(),
    })
    .collect();
    // The draw books the days it keeps from everyone else.
    let mut calendar = Calendar::load(db, catalog, &release.location_id).await?;
    calendar.releases.retain(|r| r.id != release.id);
    let mut drawn = Drawn {
        entries: entries.len(),
        ..Drawn::default()
    };
    for entry in &entries {
        let lang = Lang::parse(&entry.lang).unwrap_or(Lang::De);
        let booked = book_entry(db, clock, catalog, (&calendar, release), entry, lang, rules, site).await?;
        let outcome = if booked.is_some() { "won" } else { "lost" };
        let tx = db.begin().await?;
        tx.execute_raw(stmt(
            &tx,
            "UPDATE appointment_lottery_entries SET outcome = $1, appointment_id = $2 WHERE id = $3",
            vec![outcome.into(), booked.into(), entry.id.into()],
        ))
        .await?;
        if booked.is_none() {
            let content = MailContent::new(lang, site.city)
                .paragraph(lang.t("lottery-mail-lost-body"))
                .action(
                    lang.t("appt-mail-book-again"),
                    format!("{}/termine", site.public_url.trim_end_matches('/')),
                );
            mail::queue(&tx, clock, content.render(&entry.email, lang.t("lottery-mail-lost-subject"))?).await?;
            drawn.lost += 1;
        } else {
            drawn.won += 1;
        }
        tx.commit().await?;
    }
    let conn = db.write();
    conn.execute_raw(stmt(
        conn,
        "UPDATE appointment_releases SET published_at = $1 WHERE id = $2 AND published_at IS NULL",
        vec![clock.now().into(), release.id.into()],
    ))
    .await?;
    Ok(drawn)
}

/// Claims the draw and ranks the confirmed entries (only the first node does).
async fn claim(db: &Db, release: &Release, now: DateTime<Utc>) -> Result<()> {
    let mut seed = [0_u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut seed);
    let tx = db.begin().await?;
    let claimed = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE appointment_releases SET drawn_at = $1, seed = $2 WHERE id = $3 AND drawn_at IS NULL",
            vec![now.into(), hex::encode(seed).into(), release.id.into()],
        ))
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(());
    }
    let mut ids: Vec<Uuid> = tx
        .query_all_raw(stmt(
            &tx,
            "SELECT id FROM appointment_lottery_entries WHERE release_id = $1 AND confirmed_at IS NOT NULL ORDER BY id",
            vec![release.id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "id"))
        .collect::<std::result::Result<_, _>>()?;
    ids.shuffle(&mut rand::rngs::StdRng::from_seed(seed));
    for (rank, id) in ids.iter().enumerate() {
        tx.execute_raw(stmt(
            &tx,
            "UPDATE appointment_lottery_entries SET rank = $1 WHERE id = $2",
            vec![(rank as i32 + 1).into(), (*id).into()],
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Books the earliest free slot of the released days for one entry; `None` if nothing
/// fits (or the person already holds as many as allowed).
#[expect(clippy::too_many_arguments, reason = "one entry's booking with its context")]
async fn book_entry(
    db: &Db,
    clock: &dyn Clock,
    catalog: &Catalog,
    (calendar, release): (&Calendar, &Release),
    entry: &Entry,
    lang: Lang,
    rules: &Rules,
    site: Site<'_>,
) -> Result<Option<Uuid>> {
    let visit = Visit {
        location_id: release.location_id.clone(),
        services: entry.services.clone(),
        people: entry.people,
    };
    let Ok(minutes) = calendar.visit_minutes(&visit) else {
        return Ok(None);
    };
    let owner = Owner::Email(entry.email.clone());
    let now = clock.now();
    for free in free::between(db, calendar, minutes, rules, now, release.first_day, release.last_day).await? {
        let request = HoldRequest {
            id: Uuid::now_v7(),
            calendar,
            visit: &visit,
            starts_at: free.slot.starts_at,
            owner: Some(&owner),
            lang,
            seen: None,
            also: None,
        };
        match booking::hold(db, clock, request, rules).await? {
            Outcome::Done(held) => {
                return match booking::confirm(db, clock, catalog, held.id, rules, site).await? {
                    Confirmed::Now(b, _) | Confirmed::Already(b) => Ok(Some(b.id)),
                    Confirmed::Lapsed(_) | Confirmed::CapReached(_) => Ok(None),
                };
            }
            Outcome::Taken => continue,
            Outcome::CapReached(_) => return Ok(None),
        }
    }
    Ok(None)
}

/// Releases whose lottery closed and is not yet drawn, for the worker.
pub async fn due_draws<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<Vec<Release>> {
    let sql =
        format!("SELECT {COLUMNS} FROM appointment_releases WHERE lottery AND published_at IS NULL AND closes_at <= $1 ORDER BY closes_at");
    Ok(Release::find_by_statement(stmt(conn, &sql, vec![now.into()])).all(conn).await?)
}
