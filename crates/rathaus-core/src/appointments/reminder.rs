//! The reminder before a booked appointment, [`Rules::reminder`] ahead of its start
//! (a day by default): when and where, what to bring, what it costs, the way there, and
//! a link to move or cancel it. Once per booked time: a move schedules a new reminder
//! and makes the old one moot (the booking's `sequence` changed), as a cancellation does.
//! The reminder's link works beside the confirmation's; a move replaces both.

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::booking::Rules;
use super::notices::{self, Notice, Site};
use super::store::{self, Appointment};
use crate::accounts::tokens::{hash_token, random_token};
use crate::catalog::CatalogCache;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::jobs::{self, Job, JobContext, NewJob};

pub const JOB: &str = "appointment.reminder";

/// Which booking, as it stood when the reminder was scheduled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub appointment: Uuid,
    /// The booking's `sequence` when the reminder was scheduled; a move raises it.
    pub sequence: i32,
}

/// Queues the reminder with the booking or its move; none when the appointment is
/// closer than the reminder's lead already, or reminders are off.
pub(crate) async fn schedule(tx: &DatabaseTransaction, clock: &dyn Clock, booking: &Appointment, rules: &Rules) -> Result<()> {
    let Some(before) = rules.reminder else { return Ok(()) };
    let at = booking.starts_at - before;
    if at <= clock.now() || booking.email.is_none() {
        return Ok(());
    }
    let payload = Payload {
        appointment: booking.id,
        sequence: booking.sequence,
    };
    let mut job = NewJob::of::<ReminderJob>(&payload)?;
    job.run_at = Some(at);
    jobs::enqueue(tx, clock, job).await?;
    Ok(())
}

pub struct ReminderJob {
    pub catalog: CatalogCache,
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl Job for ReminderJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let Payload { appointment, sequence } = payload;
        let token = random_token();
        let tx = ctx.db.begin().await?;
        // Marked in the step that checks it is still due, so a repeated run sends
        // nothing twice.
        let marked = tx
            .execute_raw(stmt(
                &tx,
                "UPDATE appointments SET reminded_at = $1, reminder_token_hash = $2 \
                 WHERE id = $3 AND status = 'confirmed' AND sequence = $4 AND reminded_at IS NULL AND starts_at > $1",
                vec![
                    ctx.clock.now().into(),
                    hash_token(&token).into(),
                    appointment.into(),
                    sequence.into(),
                ],
            ))
            .await?
            .rows_affected();
        if marked != 1 {
            return Ok(());
        }
        let booking = store::by_id(&tx, appointment).await?;
        let catalog = self.catalog.get(&ctx.db).await?;
        let site = Site {
            city: &self.city,
            public_url: &self.public_url,
        };
        notices::queue(
            &tx,
            &*ctx.clock,
            &catalog,
            &booking,
            Notice::Reminder { manage_token: &token },
            site,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
