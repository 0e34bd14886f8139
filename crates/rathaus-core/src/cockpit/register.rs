//! The register's rules: who reads and edits which entries, every read and change
//! audited, every change a revision, references checked, sheets imported whole or not
//! at all, components taken from an SBOM.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::end_of_support::{Table, parse_cycles};
use super::input::ProcedureInput;
use super::it_procedure::{Component, ItProcedure};
use super::sheet::Sheet;
use super::store;
use crate::FieldError;
use crate::accounts::{Role, RoleGrant, agencies_holding};
use crate::catalog::Catalog;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::{Error, Result};

/// Who works with the register: the CDO office reads every entry; an agency's
/// administrators read and edit their agency's. (The catalogue import writes entries
/// through the store, as the operator's bulk load.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub account: Option<Uuid>,
    pub name: String,
    pub cdo: bool,
    pub admin_of: Vec<String>,
}

impl Office {
    pub fn of(account: Uuid, name: &str, grants: &[RoleGrant]) -> Self {
        Self {
            account: Some(account),
            name: name.to_string(),
            cdo: grants.iter().any(|g| g.role == Role::Cdo),
            admin_of: agencies_holding(grants, Role::AgencyAdmin),
        }
    }

    /// Anyone with a part in the register.
    pub fn may_enter(&self) -> bool {
        self.cdo || !self.admin_of.is_empty()
    }

    pub fn reads(&self, agency: &str) -> bool {
        self.cdo || self.edits(agency)
    }

    pub fn edits(&self, agency: &str) -> bool {
        self.admin_of.iter().any(|a| a == agency)
    }

    /// How the audit log names the person (the operator's load: "system").
    pub fn audit_actor(&self) -> String {
        self.account.map_or_else(|| "system".to_string(), |id| format!("account:{id}"))
    }
}

/// The changes a revision names, each with its text in the history.
pub const CHANGES: [&str; 5] = ["created", "edited", "imported", "sbom", "catalog"];

async fn audit_entry<C: sea_orm::TransactionTrait>(
    conn: &C,
    clock: &dyn Clock,
    office: &Office,
    action: &str,
    subject: &str,
    details: serde_json::Value,
) -> Result<()> {
    audit::record(
        conn,
        clock,
        AuditEvent::new(office.audit_actor(), action, subject).with_details(details),
    )
    .await?;
    Ok(())
}

/// The entries the person may read, each read audited as one entry naming the list.
pub async fn list(db: &Db, clock: &dyn Clock, office: &Office, what: &str) -> Result<Vec<ItProcedure>> {
    Ok(list_with_graph(db, clock, office, what).await?.0)
}

/// [`list`] and [`graph`] from one read of the register: the entries the person reads,
/// and the whole register.
pub async fn list_with_graph(db: &Db, clock: &dyn Clock, office: &Office, what: &str) -> Result<(Vec<ItProcedure>, Vec<ItProcedure>)> {
    if !office.may_enter() {
        return Err(Error::Forbidden);
    }
    let all = store::all(db.read()).await?;
    let visible: Vec<ItProcedure> = all.iter().filter(|p| office.reads(&p.owner)).cloned().collect();
    audit_entry(
        db.write(),
        clock,
        office,
        "it_register.read",
        what,
        json!({ "entries": visible.len() }),
    )
    .await?;
    Ok((visible, all))
}

/// The whole register, unaudited, for what crosses agencies: which procedures depend on
/// which (the risk counts them), and the directory of keys and names that interfaces
/// are declared with. Pages show no more of another agency's entry than its key, name,
/// agency and the interface its own side declared.
pub async fn graph(db: &Db) -> Result<Vec<ItProcedure>> {
    store::all(db.read()).await
}

/// One entry for someone who may read it; the read is audited. Another agency's entry
/// is "not found" to an agency administrator: it does not say that it exists.
pub async fn read(db: &Db, clock: &dyn Clock, office: &Office, id: &str) -> Result<ItProcedure> {
    if !office.may_enter() {
        return Err(Error::Forbidden);
    }
    let procedure = store::get(db.read(), id).await?.ok_or(Error::NotFound)?;
    if !office.reads(&procedure.owner) {
        return Err(Error::NotFound);
    }
    audit_entry(
        db.write(),
        clock,
        office,
        "it_procedure.read",
        &format!("it_procedure:{id}"),
        serde_json::Value::Null,
    )
    .await?;
    Ok(procedure)
}

pub async fn revisions(db: &Db, office: &Office, id: &str) -> Result<Vec<store::Revision>> {
    if !office.may_enter() {
        return Err(Error::Forbidden);
    }
    let procedure = store::get(db.read(), id).await?.ok_or(Error::NotFound)?;
    if !office.reads(&procedure.owner) {
        return Err(Error::NotFound);
    }
    store::revisions(db.read(), id).await
}

/// The references an entry makes, checked: its agency is one the person edits, its
/// services are in the catalogue, the procedures it needs are in the register (or in
/// the same sheet).
fn references(p: &ItProcedure, office: &Office, catalog: &Catalog, known: &HashSet<String>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if catalog.agency(&p.owner).is_none() {
        errors.push(FieldError {
            field: "owner",
            key: "cockpit-error-owner-unknown",
        });
    } else if !office.edits(&p.owner) {
        errors.push(FieldError {
            field: "owner",
            key: "cockpit-error-owner-not-yours",
        });
    }
    if p.services.iter().any(|s| catalog.service(s).is_none()) {
        errors.push(FieldError {
            field: "services",
            key: "cockpit-error-service-unknown",
        });
    }
    if p.interfaces.iter().any(|i| !known.contains(&i.procedure)) {
        errors.push(FieldError {
            field: "interfaces",
            key: "cockpit-error-interface-unknown",
        });
    }
    errors
}

/// The refusal of an edit made on a revision someone else has changed since.
pub const CHANGED_MEANWHILE: &str = "cockpit-error-changed-meanwhile";

/// What a save ended in: the revision written, or the fields to correct.
pub type Saved = std::result::Result<i32, Vec<FieldError>>;

/// Creates (`editing` none) or changes an entry (`editing`: its key and the revision the
/// editor saw; a change made since is refused, not overwritten). An entry's id stays; an agency
/// administrator can neither take another agency's entry nor give theirs away. The
/// components an SBOM brought are not the form's: an edit keeps them as stored.
pub async fn save(
    db: &Db,
    clock: &dyn Clock,
    office: &Office,
    catalog: &Catalog,
    editing: Option<(&str, i32)>,
    mut procedure: ItProcedure,
) -> Result<Saved> {
    let tx = db.begin().await?;
    let existing = store::get(&tx, &procedure.id).await?;
    let change = match (editing, &existing) {
        (None, Some(_)) => {
            return Ok(Err(vec![FieldError {
                field: "id",
                key: "cockpit-error-id-taken",
            }]));
        }
        (Some((id, seen)), Some(old)) if id == procedure.id => {
            if !office.edits(&old.owner) {
                return Err(Error::Forbidden);
            }
            if store::revision(&tx, id).await? != Some(seen) {
                return Ok(Err(vec![FieldError {
                    field: "name",
                    key: CHANGED_MEANWHILE,
                }]));
            }
            procedure.components.retain(|c| !c.from_sbom);
            procedure.components.extend(old.components.iter().filter(|c| c.from_sbom).cloned());
            if old == &procedure {
                return Ok(Ok(0));
            }
            "edited"
        }
        (Some(_), _) => return Err(Error::NotFound),
        (None, None) => "created",
    };
    let known: HashSet<String> = store::all(&tx).await?.into_iter().map(|p| p.id).collect();
    let errors = references(&procedure, office, catalog, &known);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let number = store::save(&tx, &procedure, (office.account, &office.name), change, clock.now()).await?;
    audit_entry(
        &tx,
        clock,
        office,
        &format!("it_procedure.{change}"),
        &format!("it_procedure:{}", procedure.id),
        json!({ "revision": number }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(number))
}

/// The problems of one row of a sheet (its number as the sheet shows it: the header is
/// row 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub id: String,
    pub field: &'static str,
    pub key: &'static str,
}

/// What an import did, or why it did nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Imported {
    Done { created: usize, changed: usize, unchanged: usize },
    Refused(Vec<RowProblem>),
}

/// Imports the rows of a sheet: all of them or, when any row is wrong, none — with every
/// wrong field of every row named, so the sheet can be corrected in one go. A column the
/// sheet leaves out keeps what an existing entry holds.
pub async fn import(db: &Db, clock: &dyn Clock, office: &Office, catalog: &Catalog, sheet: Sheet) -> Result<Imported> {
    if office.admin_of.is_empty() {
        return Err(Error::Forbidden);
    }
    let tx = db.begin().await?;
    let register = store::all(&tx).await?;
    let rows: Vec<ProcedureInput> = sheet
        .rows
        .into_iter()
        .map(|row| match register.iter().find(|p| p.id == row.id.trim().to_lowercase()) {
            Some(old) => {
                let mut merged = ProcedureInput::of(old);
                for column in &sheet.columns {
                    merged.set(column, row.get(column).to_string());
                }
                merged
            }
            None => row,
        })
        .collect();
    let parsed: Vec<(usize, std::result::Result<ItProcedure, Vec<FieldError>>)> =
        rows.iter().enumerate().map(|(i, r)| (i + 2, r.parse())).collect();
    let mut known: HashSet<String> = register.iter().map(|p| p.id.clone()).collect();
    known.extend(parsed.iter().filter_map(|(_, p)| p.as_ref().ok().map(|p| p.id.clone())));
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut ready = Vec::new();
    for ((row, result), input) in parsed.into_iter().zip(&rows) {
        let mut add = |field, key| {
            problems.push(RowProblem {
                row,
                id: input.id.trim().to_string(),
                field,
                key,
            })
        };
        let procedure = match result {
            Ok(p) => p,
            Err(errors) => {
                errors.into_iter().for_each(|e| add(e.field, e.key));
                continue;
            }
        };
        if !seen.insert(procedure.id.clone()) {
            add("id", "cockpit-error-id-twice");
        }
        let old = register.iter().find(|p| p.id == procedure.id);
        if old.is_some_and(|old| !office.edits(&old.owner)) {
            add("id", "cockpit-error-id-taken");
            continue;
        }
        references(&procedure, office, catalog, &known)
            .into_iter()
            .for_each(|e| add(e.field, e.key));
        ready.push((procedure, old.cloned()));
    }
    if !problems.is_empty() {
        return Ok(Imported::Refused(problems));
    }
    let (mut created, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0);
    for (procedure, old) in &ready {
        match old {
            Some(old) if old == procedure => unchanged += 1,
            Some(_) => changed.push(procedure.id.clone()),
            None => created.push(procedure.id.clone()),
        }
        if old.as_ref() != Some(procedure) {
            store::save(&tx, procedure, (office.account, &office.name), "imported", clock.now()).await?;
        }
    }
    audit_entry(
        &tx,
        clock,
        office,
        "it_register.imported",
        "it_register",
        json!({ "created": created, "changed": changed, "unchanged": unchanged }),
    )
    .await?;
    let (created, changed) = (created.len(), changed.len());
    tx.commit().await?;
    Ok(Imported::Done {
        created,
        changed,
        unchanged,
    })
}

/// Puts an SBOM's components in place of the previous SBOM's; components entered by
/// hand stay.
pub async fn apply_sbom(db: &Db, clock: &dyn Clock, office: &Office, id: &str, components: Vec<Component>) -> Result<i32> {
    let tx = db.begin().await?;
    let mut procedure = store::get(&tx, id).await?.ok_or(Error::NotFound)?;
    if !office.edits(&procedure.owner) {
        return Err(if office.reads(&procedure.owner) {
            Error::Forbidden
        } else {
            Error::NotFound
        });
    }
    let count = components.len();
    procedure.components.retain(|c| !c.from_sbom);
    procedure
        .components
        .extend(components.into_iter().map(|c| Component { from_sbom: true, ..c }));
    let number = store::save(&tx, &procedure, (office.account, &office.name), "sbom", clock.now()).await?;
    audit_entry(
        &tx,
        clock,
        office,
        "it_procedure.sbom",
        &format!("it_procedure:{id}"),
        json!({ "revision": number, "components": count }),
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// The end-of-support table: shipped, with the operators' imports over it.
pub async fn table(db: &Db) -> Result<Table> {
    let mut table = Table::shipped();
    for product in store::imported_products(db.read()).await? {
        table.apply(product);
    }
    Ok(table)
}

/// Imports one product's cycles from a file in endoflife.date's shape, in place of what
/// the table knew. A product the table does not know needs its name; the component names
/// it goes by are added to what the table had.
pub async fn import_cycles(
    db: &Db,
    clock: &dyn Clock,
    actor: (&str, &str),
    (product, label, aliases): (&str, Option<&str>, &[String]),
    file: &str,
) -> Result<usize> {
    let (actor_id, actor_name) = actor;
    let slug = product.trim().to_lowercase();
    if !super::it_procedure::is_valid_id(&slug) {
        return Err(Error::Invalid("cockpit-eol-error-product".into()));
    }
    let cycles = parse_cycles(file).map_err(|e| Error::Invalid(format!("cockpit-eol-error-file: {e}")))?;
    let known = table(db).await?.product(&slug).cloned();
    let label = match (label.map(str::trim).filter(|l| !l.is_empty()), &known) {
        (Some(l), _) => l.to_string(),
        (None, Some(k)) => k.label.clone(),
        (None, None) => return Err(Error::Invalid("cockpit-eol-error-label".into())),
    };
    let mut all_aliases = known.map(|k| k.aliases).unwrap_or_default();
    for alias in aliases.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !all_aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
            all_aliases.push(alias.to_string());
        }
    }
    let raw: serde_json::Value = serde_json::from_str(file)?;
    let tx = db.begin().await?;
    store::save_product(&tx, (&slug, &label, &all_aliases), raw, (clock.now(), actor_name)).await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor_id, "end_of_support.imported", format!("eol_product:{slug}")).with_details(json!({ "cycles": cycles.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(cycles.len())
}

/// The start of the quarter before the one `now` is in: "what changed since last quarter".
pub fn last_quarter_start(now: DateTime<Utc>) -> chrono::NaiveDate {
    use chrono::Datelike;
    let today = crate::cases::due::local_date(now);
    let quarter_month = (today.month0() / 3) * 3 + 1;
    let this = chrono::NaiveDate::from_ymd_opt(today.year(), quarter_month, 1).expect("a quarter's first day exists");
    this.checked_sub_months(chrono::Months::new(3)).expect("within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn last_quarter_begins_three_months_before_this_one() {
        let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(last_quarter_start(at(2026, 12, 6)), day(2026, 7, 1));
        assert_eq!(last_quarter_start(at(2026, 1, 1)), day(2025, 10, 1));
        assert_eq!(last_quarter_start(at(2026, 6, 30)), day(2026, 1, 1));
    }
}
