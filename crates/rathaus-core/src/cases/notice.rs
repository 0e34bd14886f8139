//! The mail after a step on a case. It carries no content — only that there is news
//! and where to read it — since mail is not a safe channel for what a case says.

use async_trait::async_trait;
use uuid::Uuid;

use crate::accounts::account_by_id;
use crate::applications::by_id;
use rathaus_platform::jobs::{JobContext, JobHandler};
use rathaus_platform::mail::{self, MailContent};
use rathaus_platform::{Error, Result};

pub const JOB: &str = "case.notice";

pub struct NoticeJob {
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl JobHandler for NoticeJob {
    async fn run(&self, ctx: &JobContext, payload: serde_json::Value) -> Result<()> {
        let id: Uuid = payload
            .get("application")
            .and_then(|v| v.as_str())
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or_else(|| Error::Invalid("case notice without an application id".into()))?;
        let case = by_id(&ctx.db, id).await?;
        let account = account_by_id(ctx.db.write(), case.account_id).await?;
        let lang = case.lang;
        let reference = case.reference.clone().unwrap_or_default();
        let link = format!("{}/antraege/{id}", self.public_url.trim_end_matches('/'));
        let content = MailContent::new(lang, &self.city)
            .paragraph(lang.t_args("case-notice-body", &[("reference", reference.clone())]))
            .action(lang.t("case-notice-action"), link)
            .paragraph(lang.t("case-notice-footer"));
        let tx = ctx.db.begin().await?;
        mail::queue(
            &tx,
            &*ctx.clock,
            content.render(&account.email, lang.t_args("case-notice-subject", &[("reference", reference)]))?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
