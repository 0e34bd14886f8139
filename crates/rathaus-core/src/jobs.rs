//! Every background job there is, in one registry that `rathaus serve` and `rathaus
//! worker` both build. Each job is defined beside the domain module it serves; adding
//! one is writing its file and one line here.

use std::sync::Arc;

use crate::accounts::{housekeeping, reset};
use crate::applications::drafts::PurgeDraftsJob;
use crate::applications::files::FILE_REFERENCES;
use crate::applications::receipt::ReceiptJob;
use crate::applications::submitting::Submitter;
use crate::appointments::jobs::{Context, DrawJob, LeadSampleJob, WaitlistJob};
use crate::cases::{notice::NoticeJob, reminder::ReminderJob as InformationReminderJob, retention::RetentionJob};
use crate::catalog::CatalogCache;
use crate::forms::FormDefinition;
use crate::payments::confirmation::ConfirmationJob;
use crate::payments::invoices::RemindJob;
use crate::payments::recovery::RecoverJob;
use crate::payments::testkasse_webhook::WebhookJob;
use crate::transparency::jobs::ReleaseDueJob;
use rathaus_platform::Result;
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::blobs::sweep::SweepJob;
use rathaus_platform::config::Config;
use rathaus_platform::jobs::JobRegistry;
use rathaus_platform::mail::{Mailer, SendMailJob};

pub fn registry(config: &Config, mailer: Arc<Mailer>, catalog: CatalogCache, forms: Arc<Vec<FormDefinition>>) -> Result<JobRegistry> {
    let city = || config.city_name.clone();
    let public_url = || config.public_url.clone();
    let store = BlobStore::from_config(config)?;
    let blobs = Arc::new(store.clone());
    let submitter = Submitter {
        forms: forms.clone(),
        catalog: catalog.clone(),
        reference_prefix: config.case_reference_prefix.clone(),
    };
    let appointments = Context::new(config, catalog.clone());
    let mut registry = JobRegistry::default();

    // Platform: mail and the blob store's leftovers.
    registry.add(SendMailJob { mailer });
    registry.add_periodic(SweepJob {
        blobs: blobs.clone(),
        references: FILE_REFERENCES,
    });

    // Accounts.
    registry.add(reset::ResetJob {
        city: city(),
        public_url: public_url(),
        master: rathaus_platform::blobs::master_key_of(config)?,
    });
    registry.add_periodic(housekeeping::PurgeJob);

    // Applications and cases.
    registry.add(ReceiptJob {
        blobs: store.clone(),
        catalog: catalog.clone(),
        forms: forms.clone(),
        city: city(),
        public_url: public_url(),
    });
    registry.add_periodic(PurgeDraftsJob);
    registry.add(NoticeJob {
        city: city(),
        public_url: public_url(),
    });
    registry.add(InformationReminderJob {
        city: city(),
        public_url: public_url(),
    });
    registry.add_periodic(RetentionJob { blobs });

    // Payments.
    registry.add(ConfirmationJob {
        blobs: store,
        catalog: catalog.clone(),
        city: city(),
    });
    registry.add_periodic(RecoverJob {
        submitter,
        config: config.clone(),
    });
    registry.add_periodic(RemindJob);
    registry.add(crate::payments::refunds::OrderedRefundJob { config: config.clone() });
    registry.add(WebhookJob::from_config(config)?);

    // Appointments.
    registry.add_periodic(DrawJob(appointments.clone()));
    registry.add_periodic(WaitlistJob(appointments.clone()));
    registry.add_periodic(LeadSampleJob(appointments));
    registry.add(crate::appointments::reminder::ReminderJob {
        catalog: catalog.clone(),
        city: city(),
        public_url: public_url(),
    });

    // Transparency.
    registry.add_periodic(ReleaseDueJob);

    // The CDO office: owners reminded of ends of support without a measure.
    registry.add_periodic(crate::cockpit::reminders::ReminderJob {
        city: city(),
        public_url: public_url(),
    });
    // And the monthly snapshot of every service's maturity and usage.
    registry.add_periodic(crate::cockpit::snapshot::SnapshotJob {
        catalog,
        forms,
        eid: config.eid.is_some(),
    });
    Ok(registry)
}
