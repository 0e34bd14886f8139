//! The receipt (Eingangsbestätigung): after a submission a job renders a PDF/A with the
//! answers, puts it into the applicant's inbox and sends a mail that only says where to
//! look. The job runs at least once; a second run finds the receipt and stops.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

use super::{Application, by_id, files};
use crate::accounts::account_by_id;
use crate::catalog::CatalogCache;
use crate::forms::{FormDefinition, summary};
use crate::inbox::{self, NewMessage};
use rathaus_platform::blobs::{BlobStore, NewFile};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::i18n::{Lang, money};
use rathaus_platform::jobs::{Job, JobContext, NewJob};
use rathaus_platform::mail::{self, MailContent};
use rathaus_platform::{Error, Result, pdf};

pub const JOB: &str = "application.receipt";
pub const INBOX_KIND: &str = "receipt";
/// The field name under which the receipt is linked to its application.
pub const FILE_FIELD: &str = "_receipt";

const TEMPLATE: &str = include_str!("../../templates/receipt.typ");

/// What the receipt says besides the answers.
#[derive(Debug, Clone)]
pub struct ReceiptFacts<'a> {
    pub city: &'a str,
    pub agency: &'a str,
    pub service: &'a str,
    pub applicant: &'a str,
    pub on_behalf_of: Option<&'a str>,
}

/// A date and time in Berlin as people read it.
pub fn local_time(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&Berlin);
    if lang == Lang::En {
        local.format("%d %B %Y, %H:%M").to_string()
    } else {
        local.format("%d.%m.%Y, %H:%M Uhr").to_string()
    }
}

/// Renders the receipt PDF of a submitted application.
pub fn render(
    application: &Application,
    form: &FormDefinition,
    facts: &ReceiptFacts<'_>,
    file_names: &HashMap<String, String>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let submitted_at = application
        .submitted_at
        .ok_or_else(|| Error::Conflict("the application has not been submitted".into()))?;
    let reference = application.reference.clone().unwrap_or_default();
    let sections = summary(form, &application.answers, lang, file_names);
    let label = |key: &str| lang.t(&format!("receipt-{key}"));
    let data = json!({
        "lang": if lang == Lang::En { "en" } else { "de" },
        "city": facts.city,
        "agency": facts.agency,
        "title": label("title"),
        "reference": reference,
        "service": facts.service,
        "submitted": local_time(submitted_at, lang),
        "applicant": facts.applicant,
        "on_behalf_of": facts.on_behalf_of,
        "fee": application.fee.as_ref().map(|f| {
            f.lines
                .iter()
                .map(|l| format!("{}: {}", l.label(lang), money(lang, l.cents)))
                .chain([format!("{} {}", label("fee-total"), money(lang, f.total_cents))])
                .collect::<Vec<_>>()
        }),
        "delivery": application.delivery.as_ref().map(|d| {
            let how = lang.t(&format!("delivery-choice-{}", d.method.as_str()));
            match &d.address {
                Some(address) => format!("{how}: {}", address.one_line()),
                None => how,
            }
        }),
        "form": format!("{} ({} {})", if lang == Lang::En { &form.title_en } else { &form.title_de }, label("version"), application.form_version),
        // A form filled in ahead of a visit is not the application yet: the visit is.
        "intro": label(if form.ahead_of_visit { "intro-visit" } else { "intro" }),
        "note": label("note"),
        "labels": {
            "item": label("item"), "value": label("value"), "reference": label("reference"),
            "service": label("service"), "submitted": label("submitted"), "applicant": label("applicant"),
            "on_behalf_of": label("on-behalf-of"), "form": label("form"), "question": label("question"),
            "answer": label("answer"), "fee": label("fee"), "delivery": label("delivery"),
        },
        "sections": sections,
    });
    pdf::render(TEMPLATE, &data, submitted_at)
}

/// Which application was submitted, and in which language it was filled in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Payload {
    pub application: Uuid,
    #[serde(default)]
    pub lang: Lang,
}

/// The receipt of an application just submitted, to enqueue with the submission.
pub fn job(application: Uuid, lang: Lang) -> Result<NewJob> {
    NewJob::of::<ReceiptJob>(&Payload { application, lang })
}

/// Renders receipts, files them in the inbox and sends the notice.
pub struct ReceiptJob {
    pub blobs: BlobStore,
    pub catalog: CatalogCache,
    pub forms: Arc<Vec<FormDefinition>>,
    pub city: String,
    pub public_url: String,
}

#[async_trait]
impl Job for ReceiptJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let Payload { application: id, lang } = payload;
        if inbox::exists_for(ctx.db.write(), id, INBOX_KIND).await? {
            return Ok(());
        }
        let application = by_id(&ctx.db, id).await?;
        let form = crate::forms::made_with(&self.forms, &application.form_id, application.form_version)?;
        let catalog = self.catalog.get(&ctx.db).await?;
        let service = catalog.service(&application.service_id);
        let name = |de: &str, en: &str| if lang == Lang::En { en.to_string() } else { de.to_string() };
        let service_name = service
            .map(|s| name(&s.name_de, &s.name_en))
            .unwrap_or_else(|| application.service_id.clone());
        let agency = service
            .and_then(|s| catalog.agency(&s.agency))
            .map(|a| name(&a.name_de, &a.name_en))
            .unwrap_or_default();
        let account = account_by_id(ctx.db.write(), application.account_id).await?;
        let organisation = match application.organisation_id {
            Some(org) => Some(crate::organisations::get(&ctx.db, org).await?.name),
            None => None,
        };
        let file_names: HashMap<String, String> = files::linked(&ctx.db, id)
            .await?
            .into_iter()
            .map(|f| (f.id.to_string(), f.original_name))
            .collect();
        let facts = ReceiptFacts {
            city: &self.city,
            agency: &agency,
            service: &service_name,
            applicant: &account.display_name,
            on_behalf_of: organisation.as_deref(),
        };
        let reference = application.reference.clone().unwrap_or_default();
        let document = render(&application, form, &facts, &file_names, lang)?;
        let new = NewFile {
            original_name: format!("{}-{reference}.pdf", lang.t("receipt-file-name")),
            accept: vec!["application/pdf".into()],
            max_bytes: None,
        };
        let body = futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(document))]);
        let clock: &dyn Clock = &*ctx.clock;
        let record = self.blobs.put(ctx.db.write(), clock, new, body).await?;
        let tx = ctx.db.begin().await?;
        tx.execute_raw(stmt(
            &tx,
            "INSERT INTO application_files (application_id, file_id, field, created_at) VALUES ($1, $2, $3, $4)",
            vec![id.into(), record.id.into(), FILE_FIELD.into(), clock.now().into()],
        ))
        .await?;
        inbox::post(
            &tx,
            clock,
            NewMessage {
                account_id: account.id,
                application_id: Some(id),
                kind: INBOX_KIND,
                subject: lang.t_args("receipt-inbox-subject", &[("reference", reference.clone())]),
                body: lang.t_args("receipt-inbox-body", &[("service", service_name.clone())]),
                file_id: Some(record.id),
                sender: inbox::Sender::Authority,
                author_id: None,
            },
        )
        .await?;
        let link = format!("{}/antraege/{id}", self.public_url.trim_end_matches('/'));
        let content = MailContent::new(lang, &self.city)
            .paragraph(lang.t_args("receipt-mail-body", &[("reference", reference.clone())]))
            .action(lang.t("receipt-mail-action"), link)
            .paragraph(lang.t("receipt-mail-footer"));
        mail::queue(
            &tx,
            clock,
            content.render(&account.email, lang.t_args("receipt-mail-subject", &[("reference", reference)]))?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
