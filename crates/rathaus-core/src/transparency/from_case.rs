//! Publishing a decision straight from its case. A service marked publishable in the
//! catalogue (a building permit) lets a publisher of the case's agency turn one of its
//! decisions into a draft publication in one step: the decision's PDF becomes the
//! record's file, the metadata come from the service and the decision, and whatever the
//! application knows about the applicant (name, address, birth date, phone, e-mail,
//! IBAN) is proposed for redaction wherever it stands in the document. The draft then
//! runs the same workflow as any other: review, the personal-data check, four eyes.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::actions::{self, Upload};
use super::detect::{Kind, Known};
use super::{Desk, MetadataInput, Publication, Status, store};
use crate::accounts::{Account, account_by_id};
use crate::applications::{event, receipt::local_time};
use crate::cases::decisions::{self, Decision};
use crate::cases::due::local_date;
use crate::cases::{self, CaseScope, workflow::Outcome};
use crate::catalog::Catalog;
use crate::forms::model::DateRule;
use crate::forms::{self, FieldDefinition, FieldKind, FormDefinition, Prefill};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::i18n::Lang;
use rathaus_platform::{Error, Result};

/// Where the decision comes from and what the draft is told besides.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub case: Uuid,
    pub decision: Uuid,
    pub catalog: &'a Catalog,
    pub forms: &'a [FormDefinition],
    /// The place the records are about (the city), for the spatial coverage.
    pub city: &'a str,
}

fn refused(key: &str) -> Error {
    Error::Conflict(key.to_string())
}

/// Why a decision of a case cannot be published, as a translation key; `None` when it can.
pub fn refusal(decision: &Decision, all: &[Decision]) -> Option<&'static str> {
    if decision.erased_at.is_some() {
        return Some("transparency-refused-decision-erased");
    }
    if all.iter().any(|d| d.corrects == Some(decision.id)) {
        return Some("transparency-refused-decision-corrected");
    }
    if decision.outcome == Outcome::Rejected {
        return Some("transparency-refused-decision-rejected");
    }
    None
}

/// The record made from the case that still counts (not withdrawn), if any.
pub async fn of_case(db: &Db, case: Uuid) -> Result<Option<Publication>> {
    Ok(store::from_application(db.read(), case)
        .await?
        .into_iter()
        .find(|p| p.status != Status::Withdrawn))
}

/// Makes a draft publication of the decision for the desk of the case's agency. The
/// person must see the case and publish for its agency; the service must be marked
/// publishable; the decision must be in force (not corrected, not erased) and grant
/// something; and the case must have no record yet that is not withdrawn.
pub async fn draft(
    db: &Db,
    blobs: &BlobStore,
    clock: &dyn Clock,
    (desk, scope): (&Desk, &CaseScope),
    source: Source<'_>,
) -> Result<Publication> {
    let case = cases::for_staff(db, scope, source.case).await?;
    let decision = decisions::by_id(db, source.decision).await?;
    if decision.application_id != case.id {
        return Err(Error::NotFound);
    }
    let agency_id = case.agency_id.clone().unwrap_or_default();
    if !desk.publishes_for(&agency_id) {
        return Err(Error::Forbidden);
    }
    let service = source.catalog.service(&case.service_id).ok_or(Error::NotFound)?;
    let publishable = service
        .publication
        .as_ref()
        .ok_or_else(|| refused("transparency-refused-not-publishable"))?;
    let all = decisions::of_case(db, case.id).await?;
    if let Some(key) = refusal(&decision, &all) {
        return Err(refused(key));
    }
    if of_case(db, case.id).await?.is_some() {
        return Err(refused("transparency-refused-already-drafted"));
    }
    let agency = source.catalog.agency(&agency_id).ok_or(Error::NotFound)?;
    let form = forms::made_with(source.forms, &case.form_id, case.form_version)?;
    let applicant = account_by_id(db.read(), case.account_id).await?;
    let known = known_values(form, &case.answers, &applicant);
    let reference = case.reference.clone().unwrap_or_default();
    let issued = local_date(decision.issued_at);
    let input = MetadataInput {
        name: String::new(),
        title: format!(
            "{} – {} ({reference}, {})",
            decision.title,
            service.name_de,
            issued.format("%d.%m.%Y")
        ),
        description: format!(
            "Bescheid des {agency} zu „{service}“ vom {date}, Aktenzeichen {reference}. \
             Veröffentlicht nach {basis}; personenbezogene Daten sind geschwärzt.",
            agency = agency.name_de,
            service = service.name_de,
            date = local_time(decision.issued_at, Lang::De),
            basis = publishable.legal_basis,
        ),
        category: publishable.category.id().into(),
        themes: publishable.themes.iter().map(|t| t.id()).collect::<Vec<_>>().join(", "),
        keywords: publishable.keywords.join(", "),
        licence: publishable.licence.id().into(),
        contact_name: agency.name_de.clone(),
        contact_email: agency.email.clone(),
        issued: issued.to_string(),
        spatial: source.city.to_string(),
        frequency: super::metadata::Frequency::Never.id().into(),
        legal_basis: publishable.legal_basis.clone(),
        ..MetadataInput::default()
    };
    let upload = Upload {
        name: decision.title.clone(),
        description: String::new(),
        file_name: format!("bescheid-{}.pdf", reference.to_lowercase()),
        bytes: blobs.read_all(db, decision.file_id).await?,
    };
    let read = actions::read_upload(&upload).await?;
    let tx = db.begin().await?;
    let meta = MetadataInput {
        name: free_name(&tx, &format!("{}-{}", service.id, reference.to_lowercase())).await?,
        ..input
    }
    .parse()
    .map_err(|errors| Error::Invalid(format!("the decision's metadata are incomplete: {errors:?}")))?;
    let id = match actions::create_in(&tx, clock, desk, (&agency_id, meta), Some(case.id)).await {
        // Another publisher drafted the same case a moment ago, under the same name.
        Err(Error::Conflict(key)) if key == "transparency-name-taken" => {
            tx.rollback().await?;
            return Err(match of_case(db, case.id).await? {
                Some(_) => refused("transparency-refused-already-drafted"),
                None => Error::Conflict(key),
            });
        }
        created => created?,
    };
    actions::insert_file(&tx, blobs, clock, desk, id, (upload, read), &known).await?;
    event(&tx, clock, case.id, "publication-drafted", &desk.audit_actor()).await?;
    tx.commit().await?;
    store::get(db.read(), id).await
}

/// At the end of the case's retention, what the records made from it hold of the
/// applicant goes with the case: the unredacted originals, files never released, the
/// words of the findings. What was published stays published. The files to shred (in
/// the caller's transaction, which erases the case).
pub async fn erase_with_case<C: sea_orm::ConnectionTrait>(conn: &C, case: Uuid, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Uuid>> {
    store::erase_from_case(conn, case, now).await
}

/// `wanted` cut to a record name's length, or with `-2`, `-3`, … where a record (perhaps
/// withdrawn) holds it.
async fn free_name<C: sea_orm::ConnectionTrait>(conn: &C, wanted: &str) -> Result<String> {
    let base: String = wanted
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(90)
        .collect();
    for n in 1..=50 {
        let name = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        match store::by_name(conn, &name).await {
            Err(Error::NotFound) => return Ok(name),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
    }
    Err(Error::Conflict("transparency-refused-already-drafted".into()))
}

/// What the application and the account know about the applicant and the people in
/// the application: names, addresses, birth dates, phone numbers, e-mail addresses and
/// IBANs, in the forms they may take in a document.
pub fn known_values(form: &FormDefinition, answers: &Map<String, Value>, applicant: &Account) -> Vec<Known> {
    let mut known = vec![Known {
        kind: Kind::Name,
        text: applicant.display_name.clone(),
    }];
    known.push(Known {
        kind: Kind::Email,
        text: applicant.email.clone(),
    });
    let fields: Vec<&FieldDefinition> = form.pages.iter().flat_map(|p| &p.fields).collect();
    collect(&fields, answers, false, &mut known);
    known.retain(|k| !k.text.trim().is_empty());
    known.sort_by(|a, b| (a.kind, &a.text).cmp(&(b.kind, &b.text)));
    known.dedup();
    known
}

/// The personal values among `answers`. A place named in the application (where the
/// scaffolding stands) is the public's business; the applicant's own address (the one
/// the profile prefills) is not. Inside a repeating group (household members,
/// children) a text field named `…name` holds a person's name.
fn collect(fields: &[&FieldDefinition], answers: &Map<String, Value>, in_group: bool, known: &mut Vec<Known>) {
    let text_of = |id: &str| answers.get(id).and_then(Value::as_str).map(str::trim).unwrap_or("");
    let mut given = "";
    let mut family = "";
    for field in fields {
        let Some(answer) = answers.get(&field.id) else { continue };
        let mut add = |kind: Kind, text: &str| {
            known.push(Known {
                kind,
                text: text.trim().to_string(),
            })
        };
        match (&field.kind, field.prefill, answer) {
            (_, Some(Prefill::GivenName), _) => given = text_of(&field.id),
            (_, Some(Prefill::FamilyName), _) => family = text_of(&field.id),
            (FieldKind::Email, _, Value::String(text)) => add(Kind::Email, text),
            (FieldKind::Phone, _, Value::String(text)) => add(Kind::Phone, text),
            (FieldKind::Iban, _, Value::String(text)) => {
                add(Kind::Iban, text);
                add(Kind::Iban, &text.replace(' ', ""));
            }
            (FieldKind::Address, Some(Prefill::Address), Value::Object(parts)) => {
                add(Kind::Address, parts.get("street").and_then(Value::as_str).unwrap_or(""));
            }
            (FieldKind::Date { when }, prefill, Value::String(text)) if prefill == Some(Prefill::BirthDate) || *when == DateRule::Past => {
                for form in date_forms(text) {
                    add(Kind::BirthDate, &form);
                }
            }
            (FieldKind::Text { .. }, None, Value::String(text)) if in_group && field.id.ends_with("name") => add(Kind::Name, text),
            (FieldKind::Group { fields: inner, .. }, _, Value::Array(items)) => {
                let inner: Vec<&FieldDefinition> = inner.iter().collect();
                for item in items.iter().filter_map(Value::as_object) {
                    collect(&inner, item, true, known);
                }
            }
            _ => {}
        }
    }
    if !family.is_empty() {
        known.push(Known {
            kind: Kind::Name,
            text: format!("{given} {family}").trim().to_string(),
        });
        known.push(Known {
            kind: Kind::Name,
            text: family.to_string(),
        });
    }
}

/// A date as the application stores it (ISO) and as a German document writes it.
fn date_forms(text: &str) -> Vec<String> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => vec![
            date.format("%Y-%m-%d").to_string(),
            date.format("%d.%m.%Y").to_string(),
            date.format("%-d.%-m.%Y").to_string(),
        ],
        Err(_) => vec![text.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decision(outcome: Outcome, corrects: Option<Uuid>) -> Decision {
        Decision {
            id: Uuid::now_v7(),
            application_id: Uuid::nil(),
            outcome,
            title: "Bescheid".into(),
            file_id: Uuid::now_v7(),
            sha256: String::new(),
            code: String::new(),
            corrects,
            issued_at: chrono::Utc::now(),
            erased_at: None,
            seal: None,
            waived_cents: None,
        }
    }

    #[test]
    fn only_a_decision_in_force_that_grants_something_is_published() {
        let first = decision(Outcome::Approved, None);
        let correction = decision(Outcome::Partly, Some(first.id));
        let all = [first.clone(), correction.clone()];
        assert_eq!(refusal(&first, &all), Some("transparency-refused-decision-corrected"));
        assert_eq!(refusal(&correction, &all), None);
        let rejected = decision(Outcome::Rejected, None);
        assert_eq!(
            refusal(&rejected, std::slice::from_ref(&rejected)),
            Some("transparency-refused-decision-rejected")
        );
        let erased = Decision {
            erased_at: Some(chrono::Utc::now()),
            ..decision(Outcome::Approved, None)
        };
        assert_eq!(
            refusal(&erased, std::slice::from_ref(&erased)),
            Some("transparency-refused-decision-erased")
        );
    }

    #[test]
    fn the_applicants_data_is_known_in_every_form_it_takes() {
        let form: FormDefinition = serde_json::from_value(json!({
            "id": "t", "version": 1, "service": "s", "title_de": "T", "title_en": "T",
            "pages": [{ "id": "p", "title_de": "P", "title_en": "P", "fields": [
                { "id": "given_name", "label_de": "Vorname", "label_en": "Given", "type": "text", "prefill": "given_name" },
                { "id": "family_name", "label_de": "Name", "label_en": "Family", "type": "text", "prefill": "family_name" },
                { "id": "birth_date", "label_de": "Geb.", "label_en": "Born", "type": "date", "when": "past" },
                { "id": "address", "label_de": "Anschrift", "label_en": "Address", "type": "address", "prefill": "address" },
                { "id": "location", "label_de": "Ort", "label_en": "Place", "type": "address" },
                { "id": "dog_name", "label_de": "Name des Hundes", "label_en": "Dog's name", "type": "text" },
                { "id": "phone", "label_de": "Telefon", "label_en": "Phone", "type": "phone" },
                { "id": "place", "label_de": "Ort der Nutzung", "label_en": "Place", "type": "text" },
                { "id": "children", "label_de": "Kinder", "label_en": "Children", "type": "group", "max": 3,
                  "item_label_de": "Kind", "item_label_en": "Child",
                  "fields": [{ "id": "child_name", "label_de": "Name", "label_en": "Name", "type": "text" }] }
            ]}]
        }))
        .unwrap();
        let answers = json!({
            "given_name": "Erika", "family_name": "Beispiel", "birth_date": "1985-03-07",
            "address": { "street": "Musterweg 5", "postcode": "20095", "city": "Hamburg" },
            "phone": "040 1234567", "place": "Jungfernstieg 1", "dog_name": "Bello",
            "location": { "street": "Jungfernstieg 1", "postcode": "20354", "city": "Hamburg" },
            "children": [{ "child_name": "Karl Beispiel" }]
        });
        let account = Account {
            id: Uuid::nil(),
            kind: "resident".into(),
            email: "erika@example.org".into(),
            display_name: "Erika Beispiel".into(),
            created_at: chrono::Utc::now(),
        };
        let known = known_values(&form, answers.as_object().unwrap(), &account);
        let texts: Vec<(Kind, &str)> = known.iter().map(|k| (k.kind, k.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (Kind::Email, "erika@example.org"),
                (Kind::BirthDate, "07.03.1985"),
                (Kind::BirthDate, "1985-03-07"),
                (Kind::BirthDate, "7.3.1985"),
                (Kind::Phone, "040 1234567"),
                (Kind::Address, "Musterweg 5"),
                (Kind::Name, "Beispiel"),
                (Kind::Name, "Erika Beispiel"),
                (Kind::Name, "Karl Beispiel"),
            ],
            "the place of use is the public's business, and a dog's name no person's"
        );
    }
}
