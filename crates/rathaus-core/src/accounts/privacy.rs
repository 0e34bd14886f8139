//! GDPR self-service: every table that holds personal data is registered here with
//! what a data export shows of it and what deleting the account does to it. A test
//! fails when the schema has a table that is in neither [`PERSONAL_DATA`] nor
//! [`NO_PERSONAL_DATA`], so a new table cannot slip past export and deletion.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::store::{Account, account_by_id, normalize_email};
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::blobs::journal::{Erasure, ErasureKind};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// How a column is read for the export.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    Time,
    Date,
    Int,
    Id,
    Json,
}

/// How rows find the person: by account id, or by the normalised mail address (for
/// what is kept before or without an account, such as sign-in throttling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AccountId(&'static str),
    Email(&'static str),
    /// Audit entries made by the person or about them (`account:<id>`).
    Audit,
    /// Rows that belong to one of the person's applications.
    OfApplications,
    /// Stored files: what the person uploaded into applications, and the documents in
    /// their Postfach.
    Files,
}

/// What deleting the account does to the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    Delete,
    /// The row stays and loses what identifies the person.
    Pseudonymise,
    /// The law requires keeping the rows; they name the account only by its random id,
    /// which leads nowhere once the account is pseudonymised. `reason` is a text key.
    KeepByLaw {
        reason: &'static str,
    },
    /// Rows matching `condition` are deleted; the rest are kept by law for `reason`.
    DeleteWhere {
        condition: &'static str,
        reason: &'static str,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct PersonalTable {
    pub table: &'static str,
    /// The name of the section in the export.
    pub export_as: &'static str,
    pub key: Key,
    /// Columns shown in the export. Secrets (password hashes, TOTP seeds, code hashes,
    /// session tokens) are never among them.
    pub columns: &'static [(&'static str, Kind)],
    pub on_delete: OnDelete,
}

/// Every table with personal data.
pub const PERSONAL_DATA: &[PersonalTable] = &[
    PersonalTable {
        table: "accounts",
        export_as: "account",
        key: Key::AccountId("id"),
        columns: &[
            ("id", Kind::Id),
            ("kind", Kind::Text),
            ("email", Kind::Text),
            ("display_name", Kind::Text),
            ("created_at", Kind::Time),
            ("email_verified_at", Kind::Time),
            ("password_changed_at", Kind::Time),
        ],
        on_delete: OnDelete::Pseudonymise,
    },
    PersonalTable {
        table: "profiles",
        export_as: "personal_details",
        key: Key::AccountId("account_id"),
        columns: &[
            ("given_name", Kind::Text),
            ("family_name", Kind::Text),
            ("birth_date", Kind::Date),
            ("street", Kind::Text),
            ("postcode", Kind::Text),
            ("city", Kind::Text),
            ("phone", Kind::Text),
            ("preferred_lang", Kind::Text),
            ("verified_fields", Kind::Text),
            ("updated_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "sessions",
        export_as: "sessions",
        key: Key::AccountId("account_id"),
        columns: &[
            ("assurance_level", Kind::Text),
            ("user_agent", Kind::Text),
            ("signed_in_at", Kind::Time),
            ("last_seen_at", Kind::Time),
            ("absolute_expires_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "login_history",
        export_as: "sign_in_history",
        key: Key::AccountId("account_id"),
        columns: &[
            ("at", Kind::Time),
            ("method", Kind::Text),
            ("outcome", Kind::Text),
            ("assurance_level", Kind::Text),
            ("user_agent", Kind::Text),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "known_devices",
        export_as: "known_devices",
        key: Key::AccountId("account_id"),
        columns: &[("first_seen", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "account_tokens",
        export_as: "mail_links",
        key: Key::AccountId("account_id"),
        columns: &[
            ("purpose", Kind::Text),
            ("created_at", Kind::Time),
            ("expires_at", Kind::Time),
            ("used_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "totp_credentials",
        export_as: "authenticator_app",
        key: Key::AccountId("account_id"),
        columns: &[("created_at", Kind::Time), ("confirmed_at", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "recovery_codes",
        export_as: "recovery_codes",
        key: Key::AccountId("account_id"),
        columns: &[("created_at", Kind::Time), ("used_at", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "passkeys",
        export_as: "passkeys",
        key: Key::AccountId("account_id"),
        columns: &[("name", Kind::Text), ("created_at", Kind::Time), ("last_used_at", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "api_keys",
        export_as: "api_keys",
        key: Key::AccountId("account_id"),
        columns: &[
            ("name", Kind::Text),
            ("created_at", Kind::Time),
            ("expires_at", Kind::Time),
            ("last_used_at", Kind::Time),
            ("revoked_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "eid_identities",
        export_as: "eid_identities",
        key: Key::AccountId("account_id"),
        columns: &[("issuer", Kind::Text), ("linked_at", Kind::Time), ("last_used_at", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "organisation_members",
        export_as: "organisation_memberships",
        key: Key::AccountId("account_id"),
        columns: &[("organisation_id", Kind::Id), ("role", Kind::Text), ("joined_at", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "organisation_invitations",
        export_as: "organisation_invitations",
        key: Key::Email("email_normalized"),
        columns: &[
            ("organisation_id", Kind::Id),
            ("role", Kind::Text),
            ("created_at", Kind::Time),
            ("accepted_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "applications",
        export_as: "applications",
        key: Key::AccountId("account_id"),
        columns: &[
            ("reference", Kind::Text),
            ("service_id", Kind::Text),
            ("form_id", Kind::Text),
            ("form_version", Kind::Int),
            ("status", Kind::Text),
            ("outcome", Kind::Text),
            ("organisation_id", Kind::Id),
            ("answers", Kind::Json),
            ("created_at", Kind::Time),
            ("submitted_at", Kind::Time),
            ("delivery", Kind::Text),
            ("delivery_address", Kind::Text),
            ("pickup_location_id", Kind::Text),
            ("fee", Kind::Text),
        ],
        on_delete: OnDelete::DeleteWhere {
            condition: "status = 'draft'",
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "application_events",
        export_as: "application_events",
        key: Key::OfApplications,
        columns: &[("application_id", Kind::Id), ("at", Kind::Time), ("kind", Kind::Text)],
        // Events of deleted drafts go with them (foreign key); the others stay with
        // their application.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "application_files",
        export_as: "application_files",
        key: Key::OfApplications,
        columns: &[
            ("application_id", Kind::Id),
            ("file_id", Kind::Id),
            ("field", Kind::Text),
            ("created_at", Kind::Time),
        ],
        // Documents of deleted drafts go with them (foreign key); those of submitted
        // applications stay with the application.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "files",
        export_as: "files",
        key: Key::Files,
        columns: &[
            ("id", Kind::Id),
            ("original_name", Kind::Text),
            ("content_type", Kind::Text),
            ("size_bytes", Kind::Int),
            ("created_at", Kind::Time),
            ("deleted_at", Kind::Time),
        ],
        // The documents of drafts and of the Postfach are shredded with the account
        // (before this list is worked through); those of submitted applications and
        // decisions stay with the authority's file.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "decisions",
        export_as: "decisions",
        key: Key::OfApplications,
        columns: &[
            ("application_id", Kind::Id),
            ("outcome", Kind::Text),
            ("title", Kind::Text),
            ("reasons", Kind::Text),
            ("code", Kind::Text),
            ("issued_at", Kind::Time),
        ],
        // Issued decisions are records the authority keeps; the database refuses to
        // change or delete them.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "dispatches",
        export_as: "letters_sent",
        key: Key::OfApplications,
        columns: &[
            ("application_id", Kind::Id),
            ("recipient_name", Kind::Text),
            ("street", Kind::Text),
            ("postcode", Kind::Text),
            ("city", Kind::Text),
            ("queued_at", Kind::Time),
            ("sent_at", Kind::Time),
            ("tracking_number", Kind::Text),
        ],
        // Proof that a decision was sent, and where to: part of the authority's file.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "payments",
        export_as: "payments",
        key: Key::AccountId("account_id"),
        columns: &[
            ("application_id", Kind::Id),
            ("cash_reference", Kind::Text),
            ("amount_cents", Kind::Int),
            ("status", Kind::Text),
            ("method", Kind::Text),
            ("created_at", Kind::Time),
            ("paid_at", Kind::Time),
        ],
        // Payments are accounting records the city must keep.
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-payments",
        },
    },
    PersonalTable {
        table: "refunds",
        export_as: "refunds",
        // The person is the payer of the refunded payment.
        key: Key::AccountId("(SELECT p.account_id FROM payments p WHERE p.id = refunds.payment_id)"),
        columns: &[
            ("payment_id", Kind::Id),
            ("amount_cents", Kind::Int),
            ("reason", Kind::Text),
            ("status", Kind::Text),
            ("requested_at", Kind::Time),
            ("decided_at", Kind::Time),
        ],
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-payments",
        },
    },
    PersonalTable {
        table: "case_notes",
        export_as: "case_notes",
        key: Key::OfApplications,
        // The notes belong to the authority's file: the export says that and when notes
        // were written; their text is open through a request for file access
        // (Akteneinsicht), which the agency decides.
        columns: &[("application_id", Kind::Id), ("created_at", Kind::Time)],
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "decision_proposals",
        export_as: "decision_proposals",
        key: Key::OfApplications,
        // Decisions proposed for a second clerk's approval (four eyes) are part of the
        // authority's file like its notes: the export says that and when a decision was
        // proposed and answered; the drafts are open through a request for file access.
        columns: &[
            ("application_id", Kind::Id),
            ("outcome", Kind::Text),
            ("state", Kind::Text),
            ("proposed_at", Kind::Time),
            ("answered_at", Kind::Time),
        ],
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-applications",
        },
    },
    PersonalTable {
        table: "inbox_messages",
        export_as: "inbox",
        key: Key::AccountId("account_id"),
        columns: &[
            ("kind", Kind::Text),
            ("subject", Kind::Text),
            ("body", Kind::Text),
            ("application_id", Kind::Id),
            ("created_at", Kind::Time),
            ("read_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "role_grants",
        export_as: "staff_roles",
        key: Key::AccountId("account_id"),
        columns: &[
            ("role", Kind::Text),
            ("scope", Kind::Text),
            ("granted_at", Kind::Time),
            ("granted_by", Kind::Text),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "appointments",
        export_as: "appointments",
        // Bookings made with the account and those made with its address alone.
        key: Key::Email("LOWER(email)"),
        columns: &[
            ("code", Kind::Text),
            ("location_id", Kind::Text),
            ("people", Kind::Int),
            ("starts_at", Kind::Time),
            ("ends_at", Kind::Time),
            ("status", Kind::Text),
            ("name", Kind::Text),
            ("created_at", Kind::Time),
            ("cancelled_at", Kind::Time),
        ],
        // Deleting the row frees its places (units and services go with it).
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "appointment_lottery_entries",
        export_as: "appointment_lottery_requests",
        key: Key::Email("email_normalized"),
        columns: &[
            ("name", Kind::Text),
            ("people", Kind::Int),
            ("created_at", Kind::Time),
            ("confirmed_at", Kind::Time),
            ("outcome", Kind::Text),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "login_throttle",
        export_as: "sign_in_throttle",
        key: Key::Email("email_normalized"),
        columns: &[("failures", Kind::Int), ("window_start", Kind::Time), ("blocked_until", Kind::Time)],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "mails",
        export_as: "mails",
        key: Key::Email("LOWER(to_address)"),
        columns: &[
            ("subject", Kind::Text),
            ("status", Kind::Text),
            ("created_at", Kind::Time),
            ("sent_at", Kind::Time),
        ],
        on_delete: OnDelete::Delete,
    },
    PersonalTable {
        table: "audit_log",
        export_as: "audit_log",
        key: Key::Audit,
        columns: &[("at", Kind::Time), ("action", Kind::Text), ("subject", Kind::Text)],
        on_delete: OnDelete::KeepByLaw {
            reason: "privacy-kept-audit",
        },
    },
];

/// Tables without personal data, each with the reason in a comment.
pub const NO_PERSONAL_DATA: &[&str] = &[
    // The public catalogue.
    "agencies",
    // Which services' decisions need a second clerk, per agency (set by staff).
    "four_eyes_services",
    // Whether an agency's fee waivers need a second clerk (set by staff).
    "four_eyes_agencies",
    "locations",
    "services",
    "location_services",
    // The CDO office's register of IT procedures: it names the official responsible for
    // each procedure in that function (name and office address, as a publication's
    // contact point), never a resident; revisions name staff by account id and the name
    // under which they acted officially. The end-of-support table holds products only.
    "it_procedures",
    "it_procedure_revisions",
    "eol_products",
    // Replacement measures and their history (staff by account id and official name),
    // and which end-of-support reminders went out: procedures and dates, no person.
    "it_measures",
    "it_measure_revisions",
    "it_reminders",
    // Each service's monthly maturity and usage: counts per service, no person.
    "maturity_snapshots",
    // Agencies' digital strategies, their history and the CDO office's assessments: goals,
    // measures and budgets of agencies; staff named by account id and the name under which
    // they acted officially, measures' owners by their function. No resident.
    "digital_strategies",
    "digital_strategy_revisions",
    "strategy_reviews",
    // Job payloads carry ids only (a mail's id, never its address or text).
    "jobs",
    // Fixed windows per client address, purged after minutes; never linked to an account.
    "rate_limits",
    // The audit chain's head: a sequence number and a hash.
    "audit_head",
    // Business data of organisation accounts (name, register number, business address);
    // who belongs to them is in organisation_members.
    "organisations",
    // Accessibility reports: anonymous unless a contact address is given, and then not
    // linked to an account; answered and deleted by the accessibility contact.
    "feedback",
    // A counter per year for case references.
    "reference_counters",
    // Counters per year for cash references (Kassenzeichen).
    "cash_reference_counters",
    // Which provider webhook events were applied: event ids and kinds, no person.
    "payment_events",
    // The test provider's refunds: amounts and references only.
    "testkasse_refunds",
    // The test payment provider's own side: amounts and references, no names (a real
    // provider keeps this outside Rathaus).
    "testkasse_payments",
    // Location calendars, closures, visit lengths and caps: the administration's
    // settings (the staff member who changed one is named by account id).
    "appointment_calendars",
    "appointment_closures",
    "appointment_durations",
    "appointment_rules",
    // What a booking is for and which counter minutes it takes: deleted with the
    // booking, which is registered above.
    "appointment_services",
    "appointment_units",
    // SHA-256 of "account:<id>" or "email:<address>", only to serialise one person's
    // bookings; no way back to the address.
    "appointment_owner_locks",
    // The waiting room: numbers, times and counters; a booked visitor's ticket names
    // only the booking (whose deletion the booking's entry above covers).
    "counter_tickets",
    "counter_numbers",
    // Kiosk devices of a location: a name and a token hash.
    "kiosk_devices",
    // Hourly samples of the lead time to the next free appointment.
    "appointment_lead_samples",
    // When a location releases which days, and a lottery's seed: settings, no person
    // (the requests are registered above).
    "appointment_releases",
    // The installation's own signing keys.
    "instance_keys",
    // What the installation says about itself (its public address).
    "installation",
    // An agency's message templates: its own texts, written by staff for their work.
    "message_templates",
    // The transparency portal's records: documents the administration publishes (or
    // drafts to publish), their files and their history. Staff appear by account id and,
    // in a revision, by the name under which they acted officially. Residents have no
    // account link here: what the personal-data check finds of third parties (findings,
    // the originals before redaction) stays with the agency's record and is never public.
    // A record made from a decision names its case; what it holds of the applicant (the
    // original, unreleased files, the findings' words) is erased with the case at the
    // end of its retention (cases::retention).
    "publications",
    "publication_resources",
    "publication_revisions",
    "publication_findings",
    // Views and downloads per record and day: counts only, nothing about the reader.
    "publication_figures",
    // Which cases are open, in which agency and until when: the database's own copy of
    // three columns of an application, deleted with it and holding nothing of the person.
    "open_cases",
    // How many cases each agency has in each state: counts only, nothing of a person.
    "case_counts",
    // Problems reported about a record: anonymous unless a contact address is given, and
    // then not linked to an account; the address is erased when the report is done.
    "publication_reports",
    // Random nonces of used challenge tokens and when they expire; never linked to a
    // person or an address.
    "spent_challenges",
    // The migrations' own bookkeeping: which ran, when.
    "seaql_migrations",
];

fn read(row: &QueryResult, name: &str, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Text => row.try_get::<Option<String>>("", name)?.map(Value::from).unwrap_or(Value::Null),
        // INTEGER columns are 4 bytes on PostgreSQL, 8 on SQLite.
        Kind::Int => match row.try_get::<Option<i64>>("", name) {
            Ok(v) => v.map(Value::from).unwrap_or(Value::Null),
            Err(_) => row.try_get::<Option<i32>>("", name)?.map(Value::from).unwrap_or(Value::Null),
        },
        Kind::Id => row
            .try_get::<Option<Uuid>>("", name)?
            .map(|u| Value::from(u.to_string()))
            .unwrap_or(Value::Null),
        Kind::Time => row
            .try_get::<Option<DateTime<Utc>>>("", name)?
            .map(|t| Value::from(t.to_rfc3339()))
            .unwrap_or(Value::Null),
        Kind::Json => row.try_get::<Option<Value>>("", name)?.unwrap_or(Value::Null),
        Kind::Date => row
            .try_get::<Option<NaiveDate>>("", name)?
            .map(|d| Value::from(d.to_string()))
            .unwrap_or(Value::Null),
    })
}

/// The filter and its value for a table's rows of one person.
fn filter(table: &PersonalTable, account: Uuid, email: &str) -> (String, sea_orm::Value) {
    match table.key {
        Key::Audit => ("(actor = $1 OR subject = $1)".into(), format!("account:{account}").into()),
        Key::OfApplications => (
            "application_id IN (SELECT id FROM applications WHERE account_id = $1)".into(),
            account.into(),
        ),
        Key::AccountId(column) => (format!("{column} = $1"), account.into()),
        Key::Files => (FILES_OF_ACCOUNT.into(), account.into()),
        Key::Email(column) => (format!("{column} = $1"), email.to_string().into()),
    }
}

/// The stored files of an account ($1): uploaded into its applications, or documents in
/// its Postfach.
const FILES_OF_ACCOUNT: &str = "(id IN (SELECT af.file_id FROM application_files af JOIN applications a ON a.id = af.application_id \
     WHERE a.account_id = $1) OR id IN (SELECT m.file_id FROM inbox_messages m WHERE m.account_id = $1))";

/// The person's files that can still be read (not shredded), for the export archive:
/// id and name.
pub async fn readable_files(db: &Db, account: Uuid) -> Result<Vec<(Uuid, String)>> {
    let conn = db.read();
    conn.query_all_raw(stmt(
        conn,
        &format!("SELECT id, original_name FROM files WHERE deleted_at IS NULL AND {FILES_OF_ACCOUNT} ORDER BY created_at, id"),
        vec![account.into()],
    ))
    .await?
    .iter()
    .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "original_name")?)))
    .collect()
}

/// The statement that reads each personal table of an account (and its address, in
/// lower case) for the export, with its one parameter. Each finds the rows through an
/// index, whatever else the table holds (a test reads the plans).
pub fn export_queries(account: Uuid, email: &str) -> Vec<(&'static PersonalTable, String, sea_orm::Value)> {
    PERSONAL_DATA
        .iter()
        .map(|table| {
            let (condition, value) = filter(table, account, email);
            let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
            // Ordered by every column, so the export reads the same on both databases.
            let order: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
            let sql = format!(
                "SELECT {} FROM {} WHERE {condition} ORDER BY {}",
                columns.join(", "),
                table.table,
                order.join(", ")
            );
            (table, sql, value)
        })
        .collect()
}

/// Everything stored about the account, as one JSON document, taken out by the person
/// (`with_files`: beside their files) — which the audit log records.
pub async fn export(db: &Db, clock: &dyn Clock, account: Uuid, with_files: bool) -> Result<Value> {
    let person = account_by_id(db.write(), account).await?;
    let email = normalize_email(&person.email)?;
    let conn = db.read();
    let mut document = Map::new();
    document.insert("exported_at".into(), Value::from(clock.now().to_rfc3339()));
    for (table, sql, value) in export_queries(account, &email) {
        let rows = conn.query_all_raw(stmt(conn, &sql, vec![value])).await?;
        let mut items = Vec::new();
        for row in &rows {
            let mut item = Map::new();
            for (column, kind) in table.columns {
                item.insert((*column).to_string(), read(row, column, *kind)?);
            }
            items.push(Value::Object(item));
        }
        let section = if table.export_as == "account" || table.export_as == "personal_details" {
            items.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(items)
        };
        document.insert(table.export_as.to_string(), section);
    }
    // Recorded once read, so the export does not hold its own entry.
    let subject = format!("account:{account}");
    let event = AuditEvent::new(subject.clone(), "account.exported", subject);
    let event = match with_files {
        true => event.with_details(json!({ "with_files": true })),
        false => event,
    };
    audit::record(db.write(), clock, event).await?;
    Ok(Value::Object(document))
}

/// What a deletion did, to tell the person.
#[derive(Debug, Clone, Serialize)]
pub struct DeletionReport {
    pub deleted: Vec<(&'static str, u64)>,
    /// Text keys of the reasons for what was kept.
    pub kept: Vec<&'static str>,
}

/// Deletes the account's personal data: rows are deleted or pseudonymised as
/// registered; records the law requires are kept under the account's random id only.
pub async fn delete_account(db: &Db, blobs: &BlobStore, clock: &dyn Clock, account: &Account) -> Result<DeletionReport> {
    // Journalled first, so a backup restored later erases it again.
    blobs.journal().record(&Erasure {
        at: clock.now(),
        kind: ErasureKind::Account,
        id: account.id,
    })?;
    erase_account(db, blobs, clock, account).await
}

async fn erase_account(db: &Db, blobs: &BlobStore, clock: &dyn Clock, account: &Account) -> Result<DeletionReport> {
    let email = normalize_email(&account.email)?;
    let tx = db.begin().await?;
    let mut report = DeletionReport {
        deleted: Vec::new(),
        kept: Vec::new(),
    };
    // The documents of the drafts and of the Postfach go with them (not decisions: the
    // authority's file keeps those): their keys are erased in this transaction
    // (crypto-shredding), their objects removed after it.
    let documents: Vec<Uuid> = tx
        .query_all_raw(stmt(
            &tx,
            "SELECT af.file_id FROM application_files af JOIN applications a ON a.id = af.application_id \
             WHERE a.account_id = $1 AND a.status = 'draft' \
             UNION SELECT m.file_id FROM inbox_messages m WHERE m.account_id = $1 AND m.file_id IS NOT NULL \
             AND m.file_id NOT IN (SELECT d.file_id FROM decisions d)",
            vec![account.id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "file_id"))
        .collect::<std::result::Result<_, _>>()?;
    let shredded = BlobStore::shred_in(&tx, clock, &documents).await?;
    report.deleted.push(("files", shredded.len() as u64));
    // Organisations the person was alone in go with them (before the memberships do).
    let organisations = crate::organisations::delete_if_alone(&tx, account.id).await?;
    report.deleted.push(("organisations", organisations));
    for table in PERSONAL_DATA {
        let (condition, value) = filter(table, account.id, &email);
        match table.on_delete {
            OnDelete::Delete => {
                let done = tx
                    .execute_raw(stmt(&tx, &format!("DELETE FROM {} WHERE {condition}", table.table), vec![value]))
                    .await?;
                report.deleted.push((table.export_as, done.rows_affected()));
            }
            OnDelete::Pseudonymise => pseudonymise(&tx, clock, table.table, account.id).await?,
            OnDelete::KeepByLaw { reason } => {
                if !report.kept.contains(&reason) {
                    report.kept.push(reason);
                }
            }
            OnDelete::DeleteWhere { condition: only, reason } => {
                let done = tx
                    .execute_raw(stmt(
                        &tx,
                        &format!("DELETE FROM {} WHERE {condition} AND {only}", table.table),
                        vec![value],
                    ))
                    .await?;
                report.deleted.push((table.export_as, done.rows_affected()));
                if !report.kept.contains(&reason) {
                    report.kept.push(reason);
                }
            }
        }
    }
    audit::record(
        &tx,
        clock,
        AuditEvent::new(
            format!("account:{}", account.id),
            "account.deleted",
            format!("account:{}", account.id),
        ),
    )
    .await?;
    tx.commit().await?;
    blobs.remove_objects(&shredded).await;
    // Deleted rows leave no copy in the database file or its log (SQLite).
    db.after_erasure().await?;
    Ok(report)
}

/// What a replay of the erasure journal erased again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Replayed {
    pub accounts: u64,
    pub drafts: u64,
}

/// Erases again what the journal says people had erased — after restoring a backup
/// taken before. What is gone already is skipped, so it is safe to run any time.
pub async fn replay_erasures(db: &Db, blobs: &BlobStore, clock: &dyn Clock) -> Result<Replayed> {
    let mut replayed = Replayed::default();
    for entry in blobs.journal().entries()? {
        match entry.kind {
            ErasureKind::Account => {
                let conn = db.write();
                let live = conn
                    .query_one_raw(stmt(
                        conn,
                        "SELECT id FROM accounts WHERE id = $1 AND deleted_at IS NULL",
                        vec![entry.id.into()],
                    ))
                    .await?
                    .is_some();
                if live {
                    let account = account_by_id(conn, entry.id).await?;
                    erase_account(db, blobs, clock, &account).await?;
                    replayed.accounts += 1;
                }
            }
            ErasureKind::Draft => {
                if crate::applications::erase_draft(db, blobs, clock, entry.id).await? {
                    replayed.drafts += 1;
                }
            }
        }
    }
    if replayed != Replayed::default() {
        audit::record(
            db.write(),
            clock,
            AuditEvent::new("system", "erasures.replayed", "erasure-journal").with_details(serde_json::to_value(&replayed)?),
        )
        .await?;
        // No copy of what was erased again stays in the database file or its log.
        db.after_erasure().await?;
    }
    Ok(replayed)
}

async fn pseudonymise<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, table: &str, account: Uuid) -> Result<()> {
    if table != "accounts" {
        return Err(Error::internal(format!("no pseudonymisation rule for {table}")));
    }
    let placeholder = format!("deleted-{account}@invalid");
    conn.execute_raw(stmt(
        conn,
        "UPDATE accounts SET email = $1, email_normalized = $1, display_name = '', password_hash = NULL, email_verified_at = NULL, \
         disabled_at = $2, deleted_at = $2 WHERE id = $3",
        vec![placeholder.into(), clock.now().into(), account.into()],
    ))
    .await?;
    Ok(())
}

/// The export as pretty JSON, for the download.
pub fn to_download(document: &Value) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec_pretty(&json!({ "rathaus_data_export": document }))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rathaus_platform::i18n::Lang;

    /// Every section of the export and every reason for keeping rows has its text in
    /// both languages (the keys are made at run time, so the template check cannot see
    /// them).
    #[test]
    fn every_section_and_reason_is_worded() {
        for table in PERSONAL_DATA {
            let mut keys = vec![format!("privacy-section-{}", table.export_as.replace('_', "-"))];
            match table.on_delete {
                OnDelete::KeepByLaw { reason } | OnDelete::DeleteWhere { reason, .. } => keys.push(reason.to_string()),
                OnDelete::Delete | OnDelete::Pseudonymise => {}
            }
            for key in keys {
                for lang in [Lang::De, Lang::En] {
                    assert_ne!(lang.t(&key), key, "{} has no text for {key} in {lang:?}", table.table);
                }
            }
        }
    }
}
