//! Catalogue SQL. Import replaces the catalogue's rows inside one transaction.

use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::Serialize;

use super::model::*;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, Json, stmt};
use rathaus_platform::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub agencies: usize,
    pub locations: usize,
    pub services: usize,
    pub it_procedures: usize,
}

/// A service's texts beyond its German core, stored as one JSON document (`texts`).
#[derive(Serialize, serde::Deserialize, Default)]
#[serde(default)]
struct MoreTexts {
    documents_en: Vec<String>,
    documents_leichte: Vec<String>,
    steps_de: Vec<String>,
    steps_en: Vec<String>,
    steps_leichte: Vec<String>,
    why_not_en: Option<String>,
    why_not_leichte: Option<String>,
}

impl MoreTexts {
    fn of(s: &Service) -> Self {
        Self {
            documents_en: s.documents_en.clone(),
            documents_leichte: s.documents_leichte.clone(),
            steps_de: s.steps_de.clone(),
            steps_en: s.steps_en.clone(),
            steps_leichte: s.steps_leichte.clone(),
            why_not_en: s.online.why_not_en.clone(),
            why_not_leichte: s.online.why_not_leichte.clone(),
        }
    }
}

fn json(value: &impl Serialize) -> Result<Value> {
    Ok(Value::Json(Some(Box::new(serde_json::to_value(value)?))))
}

/// Upserts the whole catalogue; locations' service lists are replaced. Records an
/// audit entry in the same transaction.
pub async fn import(db: &Db, clock: &dyn Clock, actor: &str, file: &CatalogFile) -> Result<ImportSummary> {
    file.validate().map_err(|problems| Error::Invalid(problems.join("; ")))?;
    let tx = db.begin().await?;
    // Parents may come after their children in the file: insert without them first.
    for a in &file.agencies {
        tx.execute_raw(stmt(
            &tx,
            "INSERT INTO agencies (id, name_de, name_en, kind, parent_id, email, phone) VALUES ($1, $2, $3, $4, NULL, $5, $6) \
             ON CONFLICT (id) DO UPDATE SET name_de = excluded.name_de, name_en = excluded.name_en, kind = excluded.kind, \
             email = excluded.email, phone = excluded.phone",
            vec![
                a.id.clone().into(),
                a.name_de.clone().into(),
                a.name_en.clone().into(),
                a.kind.clone().into(),
                a.email.clone().into(),
                a.phone.clone().into(),
            ],
        ))
        .await?;
    }
    for a in &file.agencies {
        tx.execute_raw(stmt(
            &tx,
            "UPDATE agencies SET parent_id = $1 WHERE id = $2",
            vec![a.parent.clone().into(), a.id.clone().into()],
        ))
        .await?;
    }
    for s in &file.services {
        tx.execute_raw(stmt(
            &tx,
            "INSERT INTO services (id, leika_key, name_de, name_en, summary_de, summary_en, agency_id, audience, legal_basis, fee, \
             documents_de, online_possible, online_why_not_de, in_person_required, processing_days, appointment_minutes, \
             assurance_level, delivery_options, keywords_de, summary_leichte, online_procedure_url, retention_years, response_days, publication, \
             texts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) \
             ON CONFLICT (id) DO UPDATE SET leika_key = excluded.leika_key, name_de = excluded.name_de, name_en = excluded.name_en, \
             summary_de = excluded.summary_de, summary_en = excluded.summary_en, agency_id = excluded.agency_id, \
             audience = excluded.audience, legal_basis = excluded.legal_basis, fee = excluded.fee, documents_de = excluded.documents_de, \
             online_possible = excluded.online_possible, online_why_not_de = excluded.online_why_not_de, \
             in_person_required = excluded.in_person_required, processing_days = excluded.processing_days, \
             appointment_minutes = excluded.appointment_minutes, assurance_level = excluded.assurance_level, \
             delivery_options = excluded.delivery_options, keywords_de = excluded.keywords_de, \
             summary_leichte = excluded.summary_leichte, online_procedure_url = excluded.online_procedure_url, \
             retention_years = excluded.retention_years, response_days = excluded.response_days, \
             publication = excluded.publication, texts = excluded.texts",
            vec![
                s.id.clone().into(),
                s.leika_key.clone().into(),
                s.name_de.clone().into(),
                s.name_en.clone().into(),
                s.summary_de.clone().into(),
                s.summary_en.clone().into(),
                s.agency.clone().into(),
                json(&s.audience)?,
                s.legal_basis.clone().into(),
                json(&s.fee)?,
                json(&s.documents_de)?,
                s.online.possible.into(),
                s.online.why_not_de.clone().into(),
                s.in_person_required.into(),
                s.typical_processing_days.into(),
                s.appointment_minutes.into(),
                s.assurance_level.clone().into(),
                json(&s.delivery_options)?,
                json(&s.keywords_de)?,
                s.summary_leichte.clone().into(),
                s.online.procedure_url.clone().into(),
                i32::from(s.retention_years).into(),
                s.response_days.map(i32::from).into(),
                match &s.publication {
                    Some(p) => json(p)?,
                    None => Value::Json(None),
                },
                json(&MoreTexts::of(s))?,
            ],
        ))
        .await?;
    }
    for l in &file.locations {
        tx.execute_raw(stmt(
            &tx,
            "INSERT INTO locations (id, name, agency_id, street, postcode, district, opening_hours, counters, accessible) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, agency_id = excluded.agency_id, street = excluded.street, \
             postcode = excluded.postcode, district = excluded.district, opening_hours = excluded.opening_hours, \
             counters = excluded.counters, accessible = excluded.accessible",
            vec![
                l.id.clone().into(),
                l.name.clone().into(),
                l.agency.clone().into(),
                l.street.clone().into(),
                l.postcode.clone().into(),
                l.district.clone().into(),
                json(&l.opening_hours)?,
                l.counters.into(),
                l.accessible.into(),
            ],
        ))
        .await?;
        tx.execute_raw(stmt(
            &tx,
            "DELETE FROM location_services WHERE location_id = $1",
            vec![l.id.clone().into()],
        ))
        .await?;
        for service in &l.services_in_person {
            tx.execute_raw(stmt(
                &tx,
                "INSERT INTO location_services (location_id, service_id) VALUES ($1, $2)",
                vec![l.id.clone().into(), service.clone().into()],
            ))
            .await?;
        }
    }
    for p in &file.it_procedures {
        // A catalogue imported again (the demo at every start) changes no entry it left as it was.
        if crate::cockpit::store::get(&tx, &p.id).await?.as_ref() != Some(p) {
            crate::cockpit::store::save(&tx, p, (None, actor), "catalog", clock.now()).await?;
        }
    }
    let summary = ImportSummary {
        agencies: file.agencies.len(),
        locations: file.locations.len(),
        services: file.services.len(),
        it_procedures: file.it_procedures.len(),
    };
    audit::record(
        &tx,
        clock,
        AuditEvent::new(actor, "catalog.imported", "catalog").with_details(serde_json::to_value(summary)?),
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// A location's row; its in-person services come from `location_services`.
#[derive(FromQueryResult)]
struct LocationRow {
    id: String,
    name: String,
    agency: String,
    street: String,
    postcode: String,
    district: String,
    opening_hours: Json<OpeningHours>,
    counters: i32,
    accessible: bool,
}

#[derive(FromQueryResult)]
struct LocationService {
    location_id: String,
    service_id: String,
}

/// A service's row: the German core in columns, the other texts in `texts`.
#[derive(FromQueryResult)]
struct ServiceRow {
    id: String,
    leika_key: Option<String>,
    name_de: String,
    name_en: String,
    summary_de: String,
    summary_en: Option<String>,
    summary_leichte: Option<String>,
    agency: String,
    audience: Json<Vec<String>>,
    legal_basis: String,
    fee: Json<Fee>,
    documents_de: Json<Vec<String>>,
    keywords_de: Json<Vec<String>>,
    online_possible: bool,
    online_why_not_de: Option<String>,
    online_procedure_url: Option<String>,
    in_person_required: bool,
    processing_days: Option<i32>,
    appointment_minutes: Option<i32>,
    assurance_level: String,
    delivery_options: Json<Vec<String>>,
    retention_years: i32,
    response_days: Option<i32>,
    publication: Option<Json<Publishable>>,
    texts: Json<MoreTexts>,
}

impl TryFrom<ServiceRow> for Service {
    type Error = Error;

    fn try_from(r: ServiceRow) -> Result<Service> {
        let more = r.texts.0;
        Ok(Service {
            id: r.id,
            leika_key: r.leika_key,
            name_de: r.name_de,
            name_en: r.name_en,
            summary_de: r.summary_de,
            summary_en: r.summary_en,
            summary_leichte: r.summary_leichte,
            agency: r.agency,
            audience: r.audience.0,
            legal_basis: r.legal_basis,
            fee: r.fee.0,
            documents_de: r.documents_de.0,
            documents_en: more.documents_en,
            documents_leichte: more.documents_leichte,
            steps_de: more.steps_de,
            steps_en: more.steps_en,
            steps_leichte: more.steps_leichte,
            keywords_de: r.keywords_de.0,
            online: OnlineAvailability {
                possible: r.online_possible,
                why_not_de: r.online_why_not_de,
                why_not_en: more.why_not_en,
                why_not_leichte: more.why_not_leichte,
                procedure_url: r.online_procedure_url,
            },
            in_person_required: r.in_person_required,
            typical_processing_days: r.processing_days,
            appointment_minutes: r.appointment_minutes,
            assurance_level: r.assurance_level,
            delivery_options: r.delivery_options.0,
            retention_years: u16::try_from(r.retention_years).map_err(|_| Error::internal("retention_years out of range"))?,
            response_days: r
                .response_days
                .map(u16::try_from)
                .transpose()
                .map_err(|_| Error::internal("response_days out of range"))?,
            publication: r.publication.map(|p| p.0),
        })
    }
}

/// Reads the whole catalogue, in a stable order.
pub async fn export<C: ConnectionTrait>(conn: &C) -> Result<CatalogFile> {
    let agencies = Agency::find_by_statement(stmt(
        conn,
        "SELECT id, name_de, name_en, kind, parent_id AS parent, email, phone FROM agencies ORDER BY id",
        vec![],
    ))
    .all(conn)
    .await?;
    let links = LocationService::find_by_statement(stmt(
        conn,
        "SELECT location_id, service_id FROM location_services ORDER BY location_id, service_id",
        vec![],
    ))
    .all(conn)
    .await?;
    let locations = LocationRow::find_by_statement(stmt(
        conn,
        "SELECT id, name, agency_id AS agency, street, postcode, district, opening_hours, counters, accessible FROM locations ORDER BY id",
        vec![],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(|r| Location {
        services_in_person: links
            .iter()
            .filter(|l| l.location_id == r.id)
            .map(|l| l.service_id.clone())
            .collect(),
        id: r.id,
        name: r.name,
        agency: r.agency,
        street: r.street,
        postcode: r.postcode,
        district: r.district,
        opening_hours: r.opening_hours.0,
        counters: r.counters,
        accessible: r.accessible,
    })
    .collect();
    let services = ServiceRow::find_by_statement(stmt(
        conn,
        "SELECT id, leika_key, name_de, name_en, summary_de, summary_en, agency_id AS agency, audience, legal_basis, fee, documents_de, keywords_de, summary_leichte, \
         online_possible, online_why_not_de, online_procedure_url, in_person_required, processing_days, appointment_minutes, \
         assurance_level, delivery_options, retention_years, response_days, publication, texts FROM services ORDER BY id",
        vec![],
    ))
    .all(conn)
    .await?
    .into_iter()
    .map(Service::try_from)
    .collect::<Result<Vec<_>>>()?;
    let it_procedures = crate::cockpit::store::all(conn).await?;
    Ok(CatalogFile {
        agencies,
        locations,
        services,
        it_procedures,
    })
}

/// An agency's German name.
pub async fn agency_name(db: &Db, id: &str) -> Result<String> {
    let conn = db.read();
    let row = conn
        .query_one_raw(stmt(conn, "SELECT name_de FROM agencies WHERE id = $1", vec![id.into()]))
        .await?
        .ok_or(Error::NotFound)?;
    Ok(row.try_get("", "name_de")?)
}
