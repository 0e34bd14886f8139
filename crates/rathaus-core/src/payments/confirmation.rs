//! The payment confirmation (Zahlungsbestätigung): once a payment is recorded as paid,
//! a job renders it as PDF/A — Kassenzeichen, case reference, what was paid line by
//! line, how and when — and files it in the payer's Postfach. Rendering again after a
//! crash finds the message there and stops.

use async_trait::async_trait;
use sea_orm::ConnectionTrait;
use serde_json::json;
use uuid::Uuid;

use super::by_id;
use crate::accounts::account_by_id;
use crate::applications::receipt::local_time;
use crate::catalog::CatalogCache;
use crate::inbox::{self, NewMessage};
use rathaus_platform::blobs::{BlobStore, NewFile};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::stmt;
use rathaus_platform::i18n::{Lang, money};
use rathaus_platform::jobs::{Job, JobContext, NewJob};
use rathaus_platform::{Error, Result, pdf};

pub const JOB: &str = "payments.confirmation";
pub const INBOX_KIND: &str = "payment-confirmation";
/// The application file field the confirmation is linked under.
pub const FILE_FIELD: &str = "_payment";

const TEMPLATE: &str = include_str!("../../templates/payment_confirmation.typ");

/// Which payment to confirm.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Payload {
    pub payment: Uuid,
}

/// The confirmation of a payment just recorded as paid, to enqueue in that transaction.
pub fn job(payment: Uuid) -> Result<NewJob> {
    NewJob::of::<ConfirmationJob>(&Payload { payment })
}

pub struct ConfirmationJob {
    pub blobs: BlobStore,
    pub catalog: CatalogCache,
    pub city: String,
}

#[async_trait]
impl Job for ConfirmationJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let id = payload.payment;
        let payment = by_id(&ctx.db, id).await?;
        let paid_at = payment.paid_at.ok_or_else(|| Error::Conflict("the payment is not paid".into()))?;
        if inbox::exists_for(ctx.db.write(), payment.application_id, INBOX_KIND).await? {
            return Ok(());
        }
        let application = crate::applications::by_id(&ctx.db, payment.application_id).await?;
        let lang = application.lang;
        let catalog = self.catalog.get(&ctx.db).await?;
        let service = catalog.service(&application.service_id);
        let name = |de: &str, en: &str| if lang == Lang::En { en.to_string() } else { de.to_string() };
        let label = |key: &str| lang.t(&format!("payment-doc-{key}"));
        let payer = account_by_id(ctx.db.write(), payment.account_id).await?;
        let data = json!({
            "lang": if lang == Lang::En { "en" } else { "de" },
            "city": self.city,
            "agency": service.and_then(|s| catalog.agency(&s.agency)).map(|a| name(&a.name_de, &a.name_en)).unwrap_or_default(),
            "title": label("title"),
            "cash_reference": payment.cash_reference,
            "reference": application.reference.clone().unwrap_or_else(|| "–".into()),
            "service": service.map(|s| name(&s.name_de, &s.name_en)).unwrap_or_else(|| application.service_id.clone()),
            "payer": payer.display_name,
            "paid_at": local_time(paid_at, lang),
            "method": payment.method.as_deref().map(|m| lang.t(&format!("payment-method-{}", m.replace('_', "-")))).unwrap_or_default(),
            "lines": payment.fee.lines.iter().map(|l| json!({ "label": l.label(lang), "amount": money(lang, l.cents) })).collect::<Vec<_>>(),
            "total": money(lang, payment.amount_cents),
            "note": label("note"),
            "labels": {
                "cash_reference": label("cash-reference"), "reference": label("reference"), "service": label("service"),
                "payer": label("payer"), "paid_at": label("paid-at"), "method": label("method"), "item": label("item"),
                "amount": label("amount"), "total": label("total"),
            },
        });
        let document = pdf::render(TEMPLATE, &data, paid_at)?;
        let new = NewFile {
            original_name: format!("{}-{}.pdf", lang.t("payment-doc-file-name"), payment.cash_reference),
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
            vec![
                payment.application_id.into(),
                record.id.into(),
                FILE_FIELD.into(),
                clock.now().into(),
            ],
        ))
        .await?;
        inbox::post(
            &tx,
            clock,
            NewMessage {
                account_id: payment.account_id,
                application_id: Some(payment.application_id),
                kind: INBOX_KIND,
                subject: lang.t_args("payment-doc-inbox-subject", &[("cash_reference", payment.cash_reference.clone())]),
                body: lang.t_args("payment-doc-inbox-body", &[("amount", money(lang, payment.amount_cents))]),
                file_id: Some(record.id),
                sender: inbox::Sender::Authority,
                author_id: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
