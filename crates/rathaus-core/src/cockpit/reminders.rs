//! Reminders to a procedure's responsible person 12, 6 and 3 months before a component's
//! end of support while no measure answers it. A daily job; each reminder is claimed by
//! a row (procedure, component, end, months) in the transaction that queues its mail, so
//! it is sent once however often the job runs and on however many nodes. A procedure
//! first registered 5 months before an end gets the 6-month reminder only.

use async_trait::async_trait;
use chrono::{Months, NaiveDate};
use sea_orm::ConnectionTrait;

use super::ageing::assess_all;
use super::end_of_support::Support;
use super::{measure, register, store};
use crate::cases::due::local_date;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::{Lang, date};
use rathaus_platform::jobs::{Job, JobContext, Nothing};
use rathaus_platform::mail::{self, MailContent};

/// Months before an end of support at which the owner is reminded, nearest first.
pub const MONTHS: [u32; 3] = [3, 6, 12];

/// The reminder due for an end on `end` seen on `today`: the nearest threshold already
/// reached; none once the end has passed (the register shows it as ended) or while it is
/// more than a year away.
pub fn due(end: NaiveDate, today: NaiveDate) -> Option<u32> {
    if end < today {
        return None;
    }
    MONTHS
        .into_iter()
        .find(|m| today.checked_add_months(Months::new(*m)).is_none_or(|limit| end <= limit))
}

/// One reminder to send: a component of a procedure and the months before its end.
struct Due {
    procedure: String,
    name: String,
    to: String,
    component: String,
    end: NaiveDate,
    months: u32,
}

/// Sends every reminder that is due and not yet sent; returns how many.
pub async fn remind(db: &Db, clock: &dyn Clock, (city, public_url): (&str, &str)) -> Result<usize> {
    let today = local_date(clock.now());
    let register = store::all(db.read()).await?;
    let measures = measure::all(db.read()).await?;
    let table = register::table(db).await?;
    let mut due_now = Vec::new();
    for a in assess_all(register.clone(), &register, &table, today) {
        if measures.iter().any(|m| m.procedure == a.procedure.id && m.status.counts()) {
            continue;
        }
        for (c, s) in a.procedure.components.iter().zip(&a.components) {
            let end = match s.support {
                Support::EndsSoon { on } => on,
                _ => continue,
            };
            if let Some(months) = due(end, today) {
                due_now.push(Due {
                    procedure: a.procedure.id.clone(),
                    name: a.procedure.name.clone(),
                    to: a.procedure.responsible.email.clone(),
                    component: format!("{} {}", c.name, c.version),
                    end,
                    months,
                });
            }
        }
    }
    let mut sent = 0;
    for reminder in due_now {
        if send(db, clock, &reminder, (city, public_url)).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn send(db: &Db, clock: &dyn Clock, r: &Due, (city, public_url): (&str, &str)) -> Result<bool> {
    let tx = db.begin().await?;
    let claimed = tx
        .execute_raw(stmt(
            &tx,
            "INSERT INTO it_reminders (procedure_id, component, end_date, months, sent_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
            vec![
                r.procedure.clone().into(),
                r.component.clone().into(),
                r.end.into(),
                i32::try_from(r.months).unwrap_or(12).into(),
                clock.now().into(),
            ],
        ))
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    let lang = Lang::De;
    let args = [
        ("procedure", r.name.clone()),
        ("component", r.component.clone()),
        ("date", date(lang, r.end)),
        ("months", r.months.to_string()),
    ];
    let content = MailContent::new(lang, city)
        .paragraph(lang.t_args("cockpit-reminder-body", &args))
        .paragraph(lang.t("cockpit-reminder-what"))
        .action(
            lang.t("cockpit-reminder-action"),
            format!("{public_url}/verwaltung/cdo/verfahren/{}", r.procedure),
        );
    let mail = content.render(&r.to, lang.t_args("cockpit-reminder-subject", &args))?;
    mail::queue(&tx, clock, mail).await?;
    tx.commit().await?;
    Ok(true)
}

/// The daily round of reminders.
pub struct ReminderJob {
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl Job for ReminderJob {
    const KIND: &'static str = "cockpit.end-of-support-reminders";
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let sent = remind(&ctx.db, &*ctx.clock, (&self.city, &self.public_url)).await?;
        if sent > 0 {
            tracing::info!(sent, "end-of-support reminders sent");
        }
        Ok(())
    }
}

/// Whether the reminder was recorded as sent (for tests and the operator).
pub async fn sent<C: ConnectionTrait>(conn: &C, procedure: &str) -> Result<Vec<(String, u32)>> {
    let rows = conn
        .query_all_raw(stmt(
            conn,
            "SELECT component, months FROM it_reminders WHERE procedure_id = $1 ORDER BY component, months DESC",
            vec![procedure.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let months: i32 = r.try_get("", "months")?;
            Ok((r.try_get("", "component")?, u32::try_from(months).unwrap_or(0)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_threshold_reached_is_due() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let today = day(2026, 11, 23);
        assert_eq!(due(day(2028, 1, 1), today), None, "more than a year away");
        assert_eq!(due(day(2027, 11, 23), today), Some(12));
        assert_eq!(due(day(2027, 5, 23), today), Some(6));
        assert_eq!(due(day(2027, 2, 1), today), Some(3));
        assert_eq!(due(day(2026, 11, 23), today), Some(3));
        assert_eq!(due(day(2026, 11, 22), today), None, "ended");
    }
}
