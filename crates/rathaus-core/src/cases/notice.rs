//! The mail after a step on a case. It carries no content — only what happened in
//! general words, what to do and by when, and where to read it — since mail is not a
//! safe channel for what a case says. Each kind of step has its own subject, so an
//! information request (action needed, with its deadline) never reads like news.

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::accounts::account_by_id;
use crate::applications::by_id;
use rathaus_platform::Result;
use rathaus_platform::jobs::{Job, JobContext, NewJob};
use rathaus_platform::mail::{self, MailContent};

pub const JOB: &str = "case.notice";

/// What the step queued (`cases::apply_in`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Payload {
    pub application: Uuid,
    #[serde(default)]
    pub event: String,
    /// The deadline of an information request, as it was when the step was taken.
    #[serde(default)]
    pub respond_by: Option<NaiveDate>,
}

/// The notice of `event` on a case, to enqueue in the step's transaction.
pub fn job(application: Uuid, event: &str, respond_by: Option<NaiveDate>) -> Result<NewJob> {
    NewJob::of::<NoticeJob>(&Payload {
        application,
        event: event.to_string(),
        respond_by,
    })
}

pub struct NoticeJob {
    pub city: String,
    pub public_url: String,
}

/// Which words a step's mail uses: its own for what asks something of the person or
/// brings a result, the general ones for the rest.
pub fn notice_kind(event: &str, deadline: bool) -> &'static str {
    match event {
        "information-requested" if deadline => "information-requested",
        "review-started" => "review-started",
        "decided-approved" | "decided-rejected" | "decided-partly" => "decided",
        _ => "news",
    }
}

#[async_trait]
impl Job for NoticeJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let Payload {
            application: id,
            event,
            respond_by,
        } = payload;
        let case = by_id(&ctx.db, id).await?;
        let account = account_by_id(ctx.db.write(), case.account_id).await?;
        let lang = case.lang;
        let reference = case.reference.clone().unwrap_or_default();
        let link = format!("{}/antraege/{id}", self.public_url.trim_end_matches('/'));
        let date = respond_by.map(|d| rathaus_platform::i18n::date(lang, d)).unwrap_or_default();
        let args = [("reference", reference), ("date", date)];
        let kind = notice_kind(&event, respond_by.is_some());
        let content = MailContent::new(lang, &self.city)
            .paragraph(lang.t_args(&format!("case-notice-body-{kind}"), &args))
            .action(lang.t("case-notice-action"), link)
            .paragraph(lang.t("case-notice-footer"));
        let tx = ctx.db.begin().await?;
        mail::queue(
            &tx,
            &*ctx.clock,
            content.render(&account.email, lang.t_args(&format!("case-notice-subject-{kind}"), &args))?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::workflow::Step;
    use rathaus_platform::i18n::Lang;

    /// Every step's mail has its words in both languages (the keys are made at run
    /// time, so the template check cannot see them), and an information request says
    /// its deadline in the subject.
    #[test]
    fn every_kind_of_notice_is_worded_and_a_request_names_its_deadline() {
        for step in Step::ALL {
            let kind = notice_kind(step.event(), true);
            for lang in [Lang::De, Lang::En] {
                for key in [format!("case-notice-subject-{kind}"), format!("case-notice-body-{kind}")] {
                    assert_ne!(lang.t(&key), key, "{key} in {lang:?}");
                }
            }
        }
        let subject = Lang::De.t_args(
            "case-notice-subject-information-requested",
            &[("reference", "HH-2026-000001".into()), ("date", "18.12.2026".into())],
        );
        assert!(
            subject.contains("bis 18.12.2026") && subject.contains("HH-2026-000001"),
            "{subject}"
        );
        assert_ne!(notice_kind("review-started", false), notice_kind("information-requested", true));
    }
}
