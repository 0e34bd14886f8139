//! How often each record is read and its files downloaded, per day — without an IP
//! address, a cookie or anything else about the reader: a node counts in memory and adds
//! its counts to the database's every few seconds. Readers that say they are robots are
//! not counted.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};
use uuid::Uuid;

use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// What was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    View,
    Download,
}

/// The counts of this node not yet in the database.
#[derive(Debug, Default)]
pub struct Counter {
    pending: Mutex<HashMap<(Uuid, NaiveDate), (i64, i64)>>,
}

/// Whether a user agent says it is a robot (search engines, link checkers, feed fetchers).
pub fn is_robot(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    agent.is_empty()
        || ["bot", "spider", "crawl", "slurp", "preview", "monitor", "curl/", "wget/"]
            .iter()
            .any(|w| agent.contains(w))
}

impl Counter {
    pub fn count(&self, publication: Uuid, event: Event, at: DateTime<Utc>) {
        let day = crate::cases::due::local_date(at);
        if let Ok(mut pending) = self.pending.lock() {
            let entry = pending.entry((publication, day)).or_default();
            match event {
                Event::View => entry.0 += 1,
                Event::Download => entry.1 += 1,
            }
        }
    }

    /// Adds this node's counts to the database's; on failure they are kept for the next
    /// time.
    pub async fn flush(&self, db: &Db) -> Result<usize> {
        let taken: Vec<((Uuid, NaiveDate), (i64, i64))> = match self.pending.lock() {
            Ok(mut pending) => pending.drain().collect(),
            Err(_) => return Err(Error::internal("the figures counter lock is poisoned")),
        };
        if taken.is_empty() {
            return Ok(0);
        }
        let conn = db.write();
        for (i, ((publication, day), (views, downloads))) in taken.iter().enumerate() {
            let result = conn
                .execute_raw(stmt(
                    conn,
                    "INSERT INTO publication_figures (publication_id, day, views, downloads) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (publication_id, day) DO UPDATE SET views = publication_figures.views + excluded.views, \
                     downloads = publication_figures.downloads + excluded.downloads",
                    vec![(*publication).into(), (*day).into(), (*views).into(), (*downloads).into()],
                ))
                .await;
            if let Err(e) = result {
                // Put back what was not written.
                if let Ok(mut pending) = self.pending.lock() {
                    for ((publication, day), (views, downloads)) in &taken[i..] {
                        let entry = pending.entry((*publication, *day)).or_default();
                        entry.0 += views;
                        entry.1 += downloads;
                    }
                }
                return Err(e.into());
            }
        }
        Ok(taken.len())
    }
}

/// A record's views and downloads: in all, and in the last 30 days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub views: i64,
    pub downloads: i64,
    pub views_30_days: i64,
    pub downloads_30_days: i64,
}

#[derive(FromQueryResult)]
struct FiguresRow {
    views: Option<i64>,
    downloads: Option<i64>,
    views_30_days: Option<i64>,
    downloads_30_days: Option<i64>,
}

pub async fn of<C: ConnectionTrait>(conn: &C, publication: Uuid, now: DateTime<Utc>) -> Result<Figures> {
    let since = crate::cases::due::local_date(now - Duration::days(29));
    let row = FiguresRow::find_by_statement(stmt(
        conn,
        "SELECT CAST(SUM(views) AS BIGINT) AS views, CAST(SUM(downloads) AS BIGINT) AS downloads, \
         CAST(SUM(CASE WHEN day >= $2 THEN views ELSE 0 END) AS BIGINT) AS views_30_days, \
         CAST(SUM(CASE WHEN day >= $2 THEN downloads ELSE 0 END) AS BIGINT) AS downloads_30_days \
         FROM publication_figures WHERE publication_id = $1",
        vec![publication.into(), since.into()],
    ))
    .one(conn)
    .await?;
    Ok(match row {
        Some(r) => Figures {
            views: r.views.unwrap_or(0),
            downloads: r.downloads.unwrap_or(0),
            views_30_days: r.views_30_days.unwrap_or(0),
            downloads_30_days: r.downloads_30_days.unwrap_or(0),
        },
        None => Figures::default(),
    })
}

/// The portal of one agency, for the CDO's cockpit: its records by state, what the
/// public read in the last 30 days, open reports, and the personal-data check's work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyFigures {
    pub agency: String,
    pub published: i64,
    /// Drafts, records in review and scheduled ones.
    pub in_work: i64,
    pub withdrawn: i64,
    pub views_30_days: i64,
    pub downloads_30_days: i64,
    pub open_reports: i64,
    pub redacted: i64,
    pub cleared: i64,
    pub open_findings: i64,
}

/// A record among the most read of the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Read {
    pub name: String,
    pub title: String,
    pub agency_id: String,
    pub views: i64,
    pub downloads: i64,
}

/// The whole portal's views and downloads in one month (its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub month: NaiveDate,
    pub views: i64,
    pub downloads: i64,
}

/// The portal in figures: per agency, the most read records, and the last 12 months.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Portal {
    pub agencies: Vec<AgencyFigures>,
    pub most_read: Vec<Read>,
    pub months: Vec<Month>,
}

#[derive(FromQueryResult)]
struct CountRow {
    agency_id: String,
    kind: String,
    n: i64,
}

/// What the public read: per agency in the last 30 days, the most read records, and the
/// last 12 months. Summed from every record's daily counts, so it is kept a while (see
/// [`Readings`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Agency → (views, downloads) in the last 30 days.
    pub by_agency: BTreeMap<String, (i64, i64)>,
    pub most_read: Vec<Read>,
    pub months: Vec<Month>,
}

#[derive(FromQueryResult)]
struct AgencyReads {
    agency_id: String,
    views: i64,
    downloads: i64,
}

/// The portal's figures at `now`: every agency with a record, in id order.
pub async fn portal<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<Portal> {
    Ok(counts(conn).await?.with(&reading(conn, now).await?))
}

/// The records by state, the open reports and the check's findings, per agency: read
/// anew every time (an agency's work shows at once).
pub async fn counts<C: ConnectionTrait>(conn: &C) -> Result<Portal> {
    let counts = |sql: &str| CountRow::find_by_statement(stmt(conn, sql, vec![])).all(conn);
    let mut agencies: BTreeMap<String, AgencyFigures> = BTreeMap::new();
    for row in counts("SELECT agency_id, status AS kind, COUNT(*) AS n FROM publications GROUP BY agency_id, status").await? {
        let figures = of_agency(&mut agencies, &row.agency_id);
        match row.kind.as_str() {
            "published" => figures.published += row.n,
            "withdrawn" => figures.withdrawn += row.n,
            _ => figures.in_work += row.n,
        }
    }
    // From the few reports and findings to their records (`CROSS JOIN` keeps SQLite
    // from walking every record to find them).
    for row in counts(
        "SELECT p.agency_id, 'reports' AS kind, COUNT(*) AS n FROM publication_reports r \
         CROSS JOIN publications p WHERE p.id = r.publication_id AND r.done_at IS NULL GROUP BY p.agency_id \
         UNION ALL SELECT p.agency_id, f.state AS kind, COUNT(*) AS n FROM publication_findings f \
         CROSS JOIN publications p WHERE p.id = f.publication_id GROUP BY p.agency_id, f.state",
    )
    .await?
    {
        let figures = of_agency(&mut agencies, &row.agency_id);
        match row.kind.as_str() {
            "reports" => figures.open_reports = row.n,
            "redacted" => figures.redacted = row.n,
            "not_personal" => figures.cleared = row.n,
            _ => figures.open_findings += row.n,
        }
    }
    Ok(Portal {
        agencies: agencies.into_values().collect(),
        ..Portal::default()
    })
}

/// What the public read up to `now`, summed from the daily counts.
pub async fn reading<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<Reading> {
    let today = crate::cases::due::local_date(now);
    let since = today - Duration::days(29);
    let by_agency = AgencyReads::find_by_statement(stmt(
        conn,
        "SELECT p.agency_id, CAST(SUM(f.views) AS BIGINT) AS views, CAST(SUM(f.downloads) AS BIGINT) AS downloads \
         FROM publication_figures f CROSS JOIN publications p WHERE p.id = f.publication_id AND f.day >= $1 GROUP BY p.agency_id",
        vec![since.into()],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|r| (r.agency_id, (r.views, r.downloads)))
    .collect();
    let most_read = Read::find_by_statement(stmt(
        conn,
        "SELECT p.name, p.title, p.agency_id, CAST(SUM(f.views) AS BIGINT) AS views, CAST(SUM(f.downloads) AS BIGINT) AS downloads \
         FROM publication_figures f JOIN publications p ON p.id = f.publication_id \
         WHERE f.day >= $1 AND p.status = 'published' GROUP BY p.id, p.name, p.title, p.agency_id \
         ORDER BY views DESC, downloads DESC, p.name LIMIT 10",
        vec![since.into()],
    ))
    .all(conn)
    .await?;
    Ok(Reading {
        by_agency,
        most_read,
        months: months(conn, today).await?,
    })
}

impl Portal {
    /// The counts with what the public read.
    pub fn with(mut self, reading: &Reading) -> Portal {
        let mut agencies: BTreeMap<String, AgencyFigures> = self.agencies.into_iter().map(|a| (a.agency.clone(), a)).collect();
        for (agency, (views, downloads)) in &reading.by_agency {
            let figures = of_agency(&mut agencies, agency);
            figures.views_30_days = *views;
            figures.downloads_30_days = *downloads;
        }
        self.agencies = agencies.into_values().collect();
        self.most_read = reading.most_read.clone();
        self.months = reading.months.clone();
        self
    }
}

/// How long a node keeps what the public read before it sums the counts again. The
/// counts reach the database every few seconds anyway; a year of them for 170,000
/// records takes a few hundred milliseconds to sum, too long for every cockpit view.
pub const READING_KEPT: Duration = Duration::seconds(60);

/// What the public read, summed at most once per [`READING_KEPT`] (and each new day) per
/// node; one reader sums while the others wait for its result.
#[derive(Debug, Default)]
pub struct Readings {
    kept: tokio::sync::Mutex<Option<(DateTime<Utc>, Arc<Reading>)>>,
}

impl Readings {
    pub async fn get<C: ConnectionTrait>(&self, conn: &C, now: DateTime<Utc>) -> Result<Arc<Reading>> {
        let mut kept = self.kept.lock().await;
        let day = crate::cases::due::local_date;
        if let Some((at, reading)) = kept.as_ref()
            && now >= *at
            && now - *at < READING_KEPT
            && day(now) == day(*at)
        {
            return Ok(reading.clone());
        }
        let fresh = Arc::new(reading(conn, now).await?);
        *kept = Some((now, fresh.clone()));
        Ok(fresh)
    }
}

fn of_agency<'a>(agencies: &'a mut BTreeMap<String, AgencyFigures>, agency: &str) -> &'a mut AgencyFigures {
    agencies.entry(agency.to_string()).or_insert_with(|| AgencyFigures {
        agency: agency.to_string(),
        ..AgencyFigures::default()
    })
}

#[derive(FromQueryResult)]
struct DayRow {
    day: NaiveDate,
    views: i64,
    downloads: i64,
}

/// The last 12 months to `today`'s, oldest first, each with the portal's reads; a month
/// without any has zeros.
async fn months<C: ConnectionTrait>(conn: &C, today: NaiveDate) -> Result<Vec<Month>> {
    use chrono::Datelike;
    let first = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let mut months: Vec<Month> = (0..12)
        .rev()
        .filter_map(|back| first(today).checked_sub_months(chrono::Months::new(back)))
        .map(|month| Month {
            month,
            views: 0,
            downloads: 0,
        })
        .collect();
    let Some(start) = months.first().map(|m| m.month) else {
        return Ok(months);
    };
    let days = DayRow::find_by_statement(stmt(
        conn,
        "SELECT day, CAST(SUM(views) AS BIGINT) AS views, CAST(SUM(downloads) AS BIGINT) AS downloads \
         FROM publication_figures WHERE day >= $1 GROUP BY day",
        vec![start.into()],
    ))
    .all(conn)
    .await?;
    for day in days {
        if let Some(month) = months.iter_mut().find(|m| m.month == first(day.day)) {
            month.views += day.views;
            month.downloads += day.downloads;
        }
    }
    Ok(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_say_who_they_are_and_are_not_counted() {
        assert!(is_robot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        assert!(is_robot("curl/8.5.0"));
        assert!(is_robot(""));
        assert!(!is_robot(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
        ));
    }
}
