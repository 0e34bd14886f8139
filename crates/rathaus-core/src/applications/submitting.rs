//! Submitting an application, the one way: the page's button, the API and a fee paid
//! at the provider later all come here. The form version the draft was made with and
//! the service's agency, processing time and delivery decide where it goes.

use async_trait::async_trait;
use sea_orm::DatabaseTransaction;
use std::sync::Arc;

use super::{Application, NotSubmitted, Submission, Submitted, by_id_in, submit, submit_in};
use crate::accounts::Acting;
use crate::cases::delivery::Choice;
use crate::catalog::{Catalog, CatalogCache};
use crate::forms::FormDefinition;
use crate::payments::{OnPaid, Payment, Purpose};
use rathaus_platform::clock::SharedClock;
use rathaus_platform::db::Db;
use rathaus_platform::i18n::Lang;
use rathaus_platform::{Error, Result};

/// What submitting needs besides the draft: the shipped forms, the catalogue and the
/// prefix of case references.
#[derive(Clone)]
pub struct Submitter {
    pub forms: Arc<Vec<FormDefinition>>,
    pub catalog: CatalogCache,
    pub reference_prefix: String,
}

impl Submitter {
    /// Where the draft goes: the form version it was made with, and its service's
    /// agency, processing time and the delivery chosen.
    fn submission<'a>(
        &'a self,
        catalog: &'a Catalog,
        draft: &Application,
        (delivery, lang): (Option<&'a Choice>, Lang),
    ) -> Result<(&'a FormDefinition, Submission<'a>)> {
        let form = crate::forms::made_with(&self.forms, &draft.form_id, draft.form_version)?;
        let service = catalog
            .service(&draft.service_id)
            .ok_or_else(|| Error::internal(format!("service {} left the catalogue", draft.service_id)))?;
        Ok((form, Submission::for_service(&self.reference_prefix, lang, service, delivery)))
    }

    /// A resident submits their draft (button or API) with the delivery they chose, in
    /// the language of their page. A fee due now comes back as `Unpaid`.
    pub async fn submit(
        &self,
        db: &Db,
        clock: &SharedClock,
        who: &Acting<'_>,
        draft: &Application,
        (delivery, lang): (Option<&Choice>, Lang),
    ) -> Result<std::result::Result<Submitted, NotSubmitted>> {
        let catalog = self.catalog.get(db).await?;
        let (form, to) = self.submission(&catalog, draft, (delivery, lang))?;
        submit(db, &**clock, who, draft.id, form, to).await
    }

    /// Submits the draft a payment paid for, in the payment's transaction, with the
    /// delivery and language kept with the draft when the payment began.
    async fn submit_paid(&self, db: &Db, clock: &SharedClock, tx: &DatabaseTransaction, payment: &Payment) -> Result<()> {
        let draft = by_id_in(tx, payment.application_id).await?;
        // The catalogue is read beside the transaction (usually from its cache).
        let catalog = self.catalog.get(db).await?;
        let (form, to) = self.submission(&catalog, &draft, (draft.delivery.as_ref(), draft.lang))?;
        match submit_in(tx, &**clock, draft.account_id, draft.id, form, to).await? {
            Ok(_) => Ok(()),
            Err(why) => Err(Error::internal(format!(
                "a paid application could not be submitted ({why:?}); its draft was locked while the payment ran"
            ))),
        }
    }
}

/// What a recorded payment sets off: a submission fee submits its draft; a paid
/// invoice is an event on the status page.
pub struct WhenPaid {
    pub submitter: Submitter,
    pub db: Db,
    pub clock: SharedClock,
}

#[async_trait]
impl OnPaid for WhenPaid {
    async fn paid(&self, tx: &DatabaseTransaction, payment: &Payment) -> Result<()> {
        match payment.purpose {
            Purpose::Submission => self.submitter.submit_paid(&self.db, &self.clock, tx, payment).await,
            Purpose::Invoice => {
                super::record_event_in(
                    tx,
                    &*self.clock,
                    payment.application_id,
                    "fee-paid",
                    &format!("payment:{}", payment.id),
                )
                .await
            }
        }
    }
}
