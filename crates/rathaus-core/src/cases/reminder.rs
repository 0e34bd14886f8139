//! The reminder before an information request is due: [`DAYS_BEFORE`] days ahead, at
//! 08:00 in Hamburg, once — and only while the request is still open with the same
//! deadline (an answer, a new request or a withdrawal makes it moot). Like every case
//! mail it says what to do and by when, not what the case says.

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Berlin;
use sea_orm::{DatabaseTransaction, FromQueryResult};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::accounts::account_by_id;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, Job, JobContext, NewJob};
use rathaus_platform::mail::{self, MailContent};

pub const JOB: &str = "case.information-reminder";
/// Days before the deadline the reminder goes out.
pub const DAYS_BEFORE: i64 = 3;

/// Which request, with the deadline it was sent for (a new deadline is a new reminder).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub application: Uuid,
    pub respond_by: NaiveDate,
}

/// When the reminder for a deadline goes out: 08:00 in Hamburg, [`DAYS_BEFORE`] days
/// before.
pub fn remind_at(respond_by: NaiveDate) -> DateTime<Utc> {
    let day = respond_by - Duration::days(DAYS_BEFORE);
    let eight = day.and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("08:00 exists"));
    eight
        .and_local_timezone(Berlin)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| eight.and_utc())
}

/// Queues the reminder with the request; none when the request itself is that close.
pub(crate) async fn schedule(tx: &DatabaseTransaction, clock: &dyn Clock, case: Uuid, respond_by: NaiveDate) -> Result<()> {
    let at = remind_at(respond_by);
    if at <= clock.now() {
        return Ok(());
    }
    let mut job = NewJob::of::<ReminderJob>(&Payload {
        application: case,
        respond_by,
    })?;
    job.run_at = Some(at);
    jobs::enqueue(tx, clock, job).await?;
    Ok(())
}

pub struct ReminderJob {
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl Job for ReminderJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let Payload { application, respond_by } = payload;
        let tx = ctx.db.begin().await?;
        // Marks the reminder sent in the same step that checks it is still due, so a
        // repeated run sends nothing twice.
        #[derive(FromQueryResult)]
        struct Due {
            account_id: Uuid,
            reference: Option<String>,
            lang: Option<String>,
        }
        let due = Due::find_by_statement(stmt(
            &tx,
            "UPDATE applications SET information_reminded_at = $1 WHERE id = $2 AND status = 'information_requested' \
             AND respond_by = $3 AND information_reminded_at IS NULL AND erased_at IS NULL \
             RETURNING account_id, reference, lang",
            vec![ctx.clock.now().into(), application.into(), respond_by.into()],
        ))
        .one(&tx)
        .await?;
        let Some(due) = due else { return Ok(()) };
        let account = due.account_id;
        let reference = due.reference.unwrap_or_default();
        let lang = due.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
        let person = account_by_id(&tx, account).await?;
        let date = rathaus_platform::i18n::date(lang, respond_by);
        let link = format!("{}/antraege/{application}", self.public_url.trim_end_matches('/'));
        let args = [("reference", reference), ("date", date)];
        let content = MailContent::new(lang, &self.city)
            .paragraph(lang.t_args("case-reminder-body", &args))
            .action(lang.t("case-notice-action"), link)
            .paragraph(lang.t("case-notice-footer"));
        mail::queue(
            &tx,
            &*ctx.clock,
            content.render(&person.email, lang.t_args("case-reminder-subject", &args))?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_reminder_goes_out_at_eight_in_hamburg_three_days_before_in_summer_and_winter() {
        let winter = NaiveDate::from_ymd_opt(2026, 12, 18).unwrap();
        assert_eq!(remind_at(winter), Utc.with_ymd_and_hms(2026, 12, 15, 7, 0, 0).unwrap());
        let summer = NaiveDate::from_ymd_opt(2027, 7, 9).unwrap();
        assert_eq!(remind_at(summer), Utc.with_ymd_and_hms(2027, 7, 6, 6, 0, 0).unwrap());
    }
}
