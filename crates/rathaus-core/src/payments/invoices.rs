//! Reminders for invoices (fees due after the decision): once an invoice is past its
//! due day and unpaid, the resident gets one reminder in the Postfach and a notice by
//! mail. A periodic job sends them; `reminded_at` makes it once, however many workers run.

use async_trait::async_trait;
use sea_orm::ConnectionTrait;

use super::{COLUMNS, Payment, Purpose, from_row};
use crate::applications::event;
use crate::cases::{due, notice};
use crate::inbox::{self, NewMessage, Sender};
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::i18n::money;
use rathaus_platform::jobs::{self, Job, JobContext, Nothing};

/// The Postfach message that reminds of an unpaid invoice.
pub const REMINDER_KIND: &str = "invoice-reminder";

pub const REMIND_JOB: &str = "payments.remind";

/// Sends the reminders due; returns how many went out.
pub async fn remind(db: &Db, clock: &dyn Clock) -> Result<usize> {
    let today = due::local_date(clock.now());
    let conn = db.read();
    let rows = conn
        .query_all_raw(stmt(
            conn,
            &format!(
                "SELECT {COLUMNS} FROM payments WHERE purpose = $1 AND status = 'open' AND reminded_at IS NULL AND due_on < $2 \
                 ORDER BY due_on LIMIT 500"
            ),
            vec![Purpose::Invoice.as_str().into(), today.into()],
        ))
        .await?;
    let mut sent = 0;
    for row in &rows {
        if remind_one(db, clock, &from_row(row)?).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn remind_one(db: &Db, clock: &dyn Clock, invoice: &Payment) -> Result<bool> {
    let tx = db.begin().await?;
    let marked = tx
        .execute_raw(stmt(
            &tx,
            "UPDATE payments SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'open'",
            vec![clock.now().into(), invoice.id.into()],
        ))
        .await?;
    if marked.rows_affected() == 0 {
        return Ok(false);
    }
    let case = crate::applications::by_id_in(&tx, invoice.application_id).await?;
    let lang = case.lang;
    inbox::post(
        &tx,
        clock,
        NewMessage {
            account_id: invoice.account_id,
            application_id: Some(invoice.application_id),
            kind: REMINDER_KIND,
            subject: lang.t_args(
                "invoice-reminder-subject",
                &[("reference", case.reference.clone().unwrap_or_default())],
            ),
            body: lang.t_args(
                "invoice-reminder-body",
                &[
                    ("amount", money(lang, invoice.amount_cents)),
                    ("cash_reference", invoice.cash_reference.clone()),
                    ("date", invoice.due_on.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default()),
                    (
                        "charge",
                        case.fee.as_ref().map(|f| f.charge).unwrap_or_default().as_str().to_string(),
                    ),
                ],
            ),
            file_id: None,
            sender: Sender::Authority,
            author_id: None,
        },
    )
    .await?;
    event(&tx, clock, invoice.application_id, "fee-reminded", "system:payments").await?;
    jobs::enqueue(&tx, clock, notice::job(invoice.application_id, "fee-reminded", None)?).await?;
    tx.commit().await?;
    Ok(true)
}

/// The periodic reminder run.
pub struct RemindJob;

#[async_trait]
impl Job for RemindJob {
    const KIND: &'static str = REMIND_JOB;
    type Payload = Nothing;

    async fn run(&self, ctx: &JobContext, _: Nothing) -> Result<()> {
        let sent = remind(&ctx.db, &*ctx.clock).await?;
        if sent > 0 {
            tracing::info!(sent, "invoice reminders sent");
        }
        Ok(())
    }
}
