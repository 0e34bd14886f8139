//! How often each record is read and its files downloaded, per day — without an IP
//! address, a cookie or anything else about the reader: a node counts in memory and adds
//! its counts to the database's every few seconds. Readers that say they are robots are
//! not counted.

use std::collections::HashMap;
use std::sync::Mutex;

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
