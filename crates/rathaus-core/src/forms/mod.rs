//! The form engine: forms as versioned data (`data/forms/*.json`), checked field by
//! field and page by page. Applications keep the form version they were made with.

pub mod export;
pub mod model;
pub mod summary;
pub mod validate;
pub mod values;

pub use model::{Condition, FieldDefinition, FieldKind, FormDefinition, PageDefinition, Prefill};
pub use summary::{SummaryRow, SummarySection, summary};
pub use validate::{Checked, Problem, check_form, check_page};

use rathaus_platform::{Error, Result};

/// The forms shipped with Rathaus, embedded so every node has the same versions.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "bewohnerparkausweis",
        include_str!("../../../../data/forms/bewohnerparkausweis.json"),
    ),
    ("fuehrungszeugnis", include_str!("../../../../data/forms/fuehrungszeugnis.json")),
    ("gewerbe-anmelden", include_str!("../../../../data/forms/gewerbe-anmelden.json")),
    (
        "hund-anmelden-steuer",
        include_str!("../../../../data/forms/hund-anmelden-steuer.json"),
    ),
    ("meldebescheinigung", include_str!("../../../../data/forms/meldebescheinigung.json")),
    ("sondernutzung", include_str!("../../../../data/forms/sondernutzung.json")),
    ("wohngeld", include_str!("../../../../data/forms/wohngeld.json")),
    ("wohnsitz-anmelden", include_str!("../../../../data/forms/wohnsitz-anmelden.json")),
    (
        "schwerbehindertenausweis",
        include_str!("../../../../data/forms/schwerbehindertenausweis.json"),
    ),
    ("blindengeld", include_str!("../../../../data/forms/blindengeld.json")),
    (
        "datenschutz-auskunft",
        include_str!("../../../../data/forms/datenschutz-auskunft.json"),
    ),
    (
        "sterbefall-anzeigen",
        include_str!("../../../../data/forms/sterbefall-anzeigen.json"),
    ),
    ("geburt-anzeigen", include_str!("../../../../data/forms/geburt-anzeigen.json")),
    ("gewerbe-ummelden", include_str!("../../../../data/forms/gewerbe-ummelden.json")),
    ("gewerbe-abmelden", include_str!("../../../../data/forms/gewerbe-abmelden.json")),
    (
        "gewerbezentralregister-auskunft",
        include_str!("../../../../data/forms/gewerbezentralregister-auskunft.json"),
    ),
    (
        "gaststaettenerlaubnis",
        include_str!("../../../../data/forms/gaststaettenerlaubnis.json"),
    ),
    ("strassenfest", include_str!("../../../../data/forms/strassenfest.json")),
    ("hund-anmelden", include_str!("../../../../data/forms/hund-anmelden.json")),
    ("zweitwohnungsteuer", include_str!("../../../../data/forms/zweitwohnungsteuer.json")),
    ("wohnsitz-ummelden", include_str!("../../../../data/forms/wohnsitz-ummelden.json")),
    ("wohnsitz-abmelden", include_str!("../../../../data/forms/wohnsitz-abmelden.json")),
    (
        "melderegisterauskunft",
        include_str!("../../../../data/forms/melderegisterauskunft.json"),
    ),
    ("geburtsurkunde", include_str!("../../../../data/forms/geburtsurkunde.json")),
    ("sterbeurkunde", include_str!("../../../../data/forms/sterbeurkunde.json")),
    ("eheurkunde", include_str!("../../../../data/forms/eheurkunde.json")),
    ("wahlschein", include_str!("../../../../data/forms/wahlschein.json")),
    ("elterngeld", include_str!("../../../../data/forms/elterngeld.json")),
    ("kita-gutschein", include_str!("../../../../data/forms/kita-gutschein.json")),
    (
        "unterhaltsvorschuss",
        include_str!("../../../../data/forms/unterhaltsvorschuss.json"),
    ),
    (
        "wohnberechtigungsschein",
        include_str!("../../../../data/forms/wohnberechtigungsschein.json"),
    ),
    ("grundsicherung", include_str!("../../../../data/forms/grundsicherung.json")),
    ("kfz-zulassung", include_str!("../../../../data/forms/kfz-zulassung.json")),
    ("kfz-umschreibung", include_str!("../../../../data/forms/kfz-umschreibung.json")),
    (
        "kfz-ausserbetriebsetzung",
        include_str!("../../../../data/forms/kfz-ausserbetriebsetzung.json"),
    ),
    ("wunschkennzeichen", include_str!("../../../../data/forms/wunschkennzeichen.json")),
    (
        "fuehrerschein-umtausch",
        include_str!("../../../../data/forms/fuehrerschein-umtausch.json"),
    ),
    (
        "bewohnerparken-betriebe",
        include_str!("../../../../data/forms/bewohnerparken-betriebe.json"),
    ),
    (
        "parkerleichterung-schwerbehinderung",
        include_str!("../../../../data/forms/parkerleichterung-schwerbehinderung.json"),
    ),
    ("baugenehmigung", include_str!("../../../../data/forms/baugenehmigung.json")),
    ("bauvorbescheid", include_str!("../../../../data/forms/bauvorbescheid.json")),
    (
        "baumfaellgenehmigung",
        include_str!("../../../../data/forms/baumfaellgenehmigung.json"),
    ),
    ("maengelmelder", include_str!("../../../../data/forms/maengelmelder.json")),
    (
        "sperrmuell-abholung",
        include_str!("../../../../data/forms/sperrmuell-abholung.json"),
    ),
    ("laermbeschwerde", include_str!("../../../../data/forms/laermbeschwerde.json")),
    // Filled in ahead of a visit: the services that need the person at the counter.
    (
        "aufenthaltserlaubnis-verlaengern",
        include_str!("../../../../data/forms/aufenthaltserlaubnis-verlaengern.json"),
    ),
    (
        "aufenthaltserlaubnis",
        include_str!("../../../../data/forms/aufenthaltserlaubnis.json"),
    ),
    (
        "ausweisdokument-verlust-melden",
        include_str!("../../../../data/forms/ausweisdokument-verlust-melden.json"),
    ),
    ("beglaubigung", include_str!("../../../../data/forms/beglaubigung.json")),
    ("blaue-karte-eu", include_str!("../../../../data/forms/blaue-karte-eu.json")),
    (
        "eheschliessung-anmelden",
        include_str!("../../../../data/forms/eheschliessung-anmelden.json"),
    ),
    ("einbuergerung", include_str!("../../../../data/forms/einbuergerung.json")),
    ("fischereischein", include_str!("../../../../data/forms/fischereischein.json")),
    (
        "fuehrerschein-ersatz",
        include_str!("../../../../data/forms/fuehrerschein-ersatz.json"),
    ),
    ("fundsachen", include_str!("../../../../data/forms/fundsachen.json")),
    (
        "hund-gehorsamspruefung",
        include_str!("../../../../data/forms/hund-gehorsamspruefung.json"),
    ),
    (
        "internationaler-fuehrerschein",
        include_str!("../../../../data/forms/internationaler-fuehrerschein.json"),
    ),
    ("kirchenaustritt", include_str!("../../../../data/forms/kirchenaustritt.json")),
    ("namenserklaerung", include_str!("../../../../data/forms/namenserklaerung.json")),
    (
        "personalausweis-beantragen",
        include_str!("../../../../data/forms/personalausweis-beantragen.json"),
    ),
    ("reisegewerbekarte", include_str!("../../../../data/forms/reisegewerbekarte.json")),
    (
        "reisepass-beantragen",
        include_str!("../../../../data/forms/reisepass-beantragen.json"),
    ),
    (
        "reisepass-fuer-kinder",
        include_str!("../../../../data/forms/reisepass-fuer-kinder.json"),
    ),
    ("schulanmeldung", include_str!("../../../../data/forms/schulanmeldung.json")),
    ("sorgeerklaerung", include_str!("../../../../data/forms/sorgeerklaerung.json")),
    ("taxikonzession", include_str!("../../../../data/forms/taxikonzession.json")),
    (
        "vaterschaft-anerkennen",
        include_str!("../../../../data/forms/vaterschaft-anerkennen.json"),
    ),
    (
        "verpflichtungserklaerung",
        include_str!("../../../../data/forms/verpflichtungserklaerung.json"),
    ),
    (
        "vorlaeufiger-personalausweis",
        include_str!("../../../../data/forms/vorlaeufiger-personalausweis.json"),
    ),
    // Earlier versions, for the applications made with them. Version 1 of these two
    // asked how to deliver the result; since version 2 the check page asks that for
    // every service.
    (
        "meldebescheinigung v1",
        include_str!("../../../../data/forms/archive/meldebescheinigung.v1.json"),
    ),
    (
        "bewohnerparkausweis v1",
        include_str!("../../../../data/forms/archive/bewohnerparkausweis.v1.json"),
    ),
];

/// Every shipped form, each checked.
pub fn shipped() -> Result<Vec<FormDefinition>> {
    SHIPPED
        .iter()
        .map(|(name, text)| {
            let form: FormDefinition = serde_json::from_str(text).map_err(|e| Error::Invalid(format!("form {name}: {e}")))?;
            form.check().map_err(Error::Invalid)?;
            Ok(form)
        })
        .collect()
}

/// The version `version` of form `id` among `forms`.
pub fn version<'a>(forms: &'a [FormDefinition], id: &str, version: u32) -> Option<&'a FormDefinition> {
    forms.iter().find(|f| f.id == id && f.version == version)
}

/// The newest form for `service` among `forms`: the one new applications are made with.
pub fn current<'a>(forms: &'a [FormDefinition], service: &str) -> Option<&'a FormDefinition> {
    forms.iter().filter(|f| f.service == service).max_by_key(|f| f.version)
}

/// The form version a stored application names; missing means a release dropped a
/// version that stored applications still need.
pub fn made_with<'a>(forms: &'a [FormDefinition], id: &str, number: u32) -> Result<&'a FormDefinition> {
    version(forms, id, number).ok_or_else(|| {
        Error::internal(format!(
            "form {id} version {number} is not shipped with this release: ship every version that stored applications name"
        ))
    })
}

/// Whether Rathaus ships a form for `service`. The shipped forms are read once: they
/// are part of the binary.
pub fn has_form(service: &str) -> bool {
    ahead_of_visit(service).is_some()
}

/// For a service with a form: whether its newest form is one to fill in ahead of a visit.
pub fn ahead_of_visit(service: &str) -> Option<bool> {
    static SERVICES: std::sync::OnceLock<std::collections::HashMap<String, (u32, bool)>> = std::sync::OnceLock::new();
    SERVICES
        .get_or_init(|| {
            let mut newest = std::collections::HashMap::new();
            for form in shipped().unwrap_or_default() {
                let entry = newest.entry(form.service).or_insert((form.version, form.ahead_of_visit));
                if form.version >= entry.0 {
                    *entry = (form.version, form.ahead_of_visit);
                }
            }
            newest
        })
        .get(service)
        .map(|&(_, ahead)| ahead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::{Map, Value, json};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn form(id: &str) -> FormDefinition {
        shipped().unwrap().into_iter().find(|f| f.id == id).unwrap()
    }

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn keys(checked: &Checked) -> Vec<(String, &'static str)> {
        checked.problems.iter().map(|p| (p.path.clone(), p.key)).collect()
    }

    #[test]
    fn every_problem_has_a_german_and_an_english_message() {
        use rathaus_platform::i18n::Lang;
        let source = include_str!("validate.rs");
        let keys: Vec<&str> = source.split('"').filter(|part| part.starts_with("form-error-")).collect();
        assert!(keys.len() >= 15, "{keys:?}");
        for key in keys {
            for lang in [Lang::De, Lang::En] {
                let text = lang.t(key);
                assert!(
                    !text.is_empty() && text != key && !text.contains("Unknown"),
                    "{key} in {lang:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn shipped_forms_are_consistent_and_name_catalogue_services() {
        let catalog = crate::demo::catalog().unwrap();
        let forms = shipped().unwrap();
        for form in &forms {
            assert!(
                catalog.services.iter().any(|s| s.id == form.service),
                "{} applies for unknown {}",
                form.id,
                form.service
            );
        }
        let services: Vec<&str> = forms.iter().map(|f| f.service.as_str()).collect();
        for required in [
            "wohnsitz-anmelden",
            "bewohnerparkausweis",
            "hundesteuer",
            "gewerbe-anmelden",
            "fuehrungszeugnis",
            "meldebescheinigung",
            "wohngeld",
            "sondernutzung-oeffentlicher-raum",
        ] {
            assert!(services.contains(&required), "no form for {required}");
        }
        // The delivery is chosen on the check page, from what the service offers.
        for form in &forms {
            let newest = forms.iter().filter(|g| g.id == form.id).map(|g| g.version).max();
            if Some(form.version) == newest {
                let asks = form.pages.iter().flat_map(|p| &p.fields).any(|f| f.id == "delivery");
                assert!(!asks, "{} v{} asks for the delivery itself", form.id, form.version);
            }
        }
    }

    #[test]
    fn housing_benefit_follows_the_household_and_the_kind_of_home() {
        let f = form("wohngeld");
        assert!(f.pages.len() >= 6, "a long, multi-step form");
        let rent = answers(
            json!({ "tenure": "rent", "living_space": "62,5", "rooms": "3", "moved_in": "1.4.2019",
            "rent_cold": "780", "service_charges": "180", "heating_included": "nein", "subsidised": "nein" }),
        );
        let checked = check_page(&f, "wohnung", &rent, today()).unwrap();
        assert_eq!(keys(&checked), []);
        assert!(!checked.answers.contains_key("burden"));
        let own = answers(
            json!({ "tenure": "own", "living_space": "90", "rooms": "4", "moved_in": "1.4.2019", "subsidised": "nein",
            "rent_cold": "999" }),
        );
        let checked = check_page(&f, "wohnung", &own, today()).unwrap();
        assert_eq!(keys(&checked), [("burden".into(), "form-error-required")]);
        assert!(!checked.answers.contains_key("rent_cold"), "rent answers go when the home is owned");

        let household = answers(json!({ "lives_alone": "nein", "household": [
            { "member_given_name": "Ben", "member_family_name": "B", "member_birth_date": "1.1.2012", "member_relation": "child", "member_income": "nein" },
            { "member_given_name": "Clara", "member_family_name": "B", "member_birth_date": "1.1.1984", "member_relation": "spouse", "member_income": "ja" }
        ]}));
        let checked = check_page(&f, "haushalt", &household, today()).unwrap();
        assert_eq!(
            keys(&checked),
            [("household.2.member_income_monthly".into(), "form-error-required")]
        );

        let unticked = answers(json!({ "iban": "DE89370400440532013000", "account_holder": "A", "truthful": false }));
        assert_eq!(
            keys(&check_page(&f, "zahlung", &unticked, today()).unwrap()),
            [("truthful".into(), "form-error-required")]
        );
    }

    #[test]
    fn a_broken_definition_is_refused_with_the_reason() {
        let mut broken = form("hund-anmelden-steuer");
        broken.pages[1].fields[6].show_if = Some(Condition::Answered {
            field: "later_field".into(),
        });
        assert!(broken.check().unwrap_err().contains("later_field"));
        let mut twice = form("hund-anmelden-steuer");
        let copy = twice.pages[0].fields[0].clone();
        twice.pages[1].fields.push(copy);
        assert!(twice.check().unwrap_err().contains("twice"));
    }

    #[test]
    fn every_field_kind_accepts_good_and_refuses_bad_input() {
        let f = form("hund-anmelden-steuer");
        let good = answers(json!({
            "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
            "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" },
            "phone": "040 555 1100", "email": "anna@example.org"
        }));
        let checked = check_page(&f, "halter", &good, today()).unwrap();
        assert_eq!(keys(&checked), []);
        assert_eq!(checked.answers["birth_date"], "1985-03-27", "dates are kept in ISO form");
        assert_eq!(checked.answers["address"]["postcode"], "20095");

        let bad = answers(json!({
            "given_name": "", "family_name": "x".repeat(101), "birth_date": "27.3.2030",
            "address": { "street": "Musterweg 1", "postcode": "2009", "city": "Hamburg" },
            "phone": "12", "email": "anna@"
        }));
        let checked = check_page(&f, "halter", &bad, today()).unwrap();
        assert_eq!(
            keys(&checked),
            [
                ("given_name".into(), "form-error-required"),
                ("family_name".into(), "form-error-too-long"),
                ("birth_date".into(), "form-error-date-past"),
                ("address".into(), "form-error-postcode"),
                ("phone".into(), "form-error-phone"),
                ("email".into(), "form-error-email"),
            ]
        );

        let dog = answers(json!({
            "dog_name": "Bello", "breed": "Labrador-Mischling", "dog_born": "1.6.2020", "dog_sex": "cat",
            "chip_number": "276098106123456", "kept_since": "1.8.2020", "dangerous": "vielleicht"
        }));
        let checked = check_page(&f, "hund", &dog, today()).unwrap();
        assert_eq!(
            keys(&checked),
            [("dog_sex".into(), "form-error-choice"), ("dangerous".into(), "form-error-yes-no")]
        );
    }

    #[test]
    fn conditions_show_fields_skip_pages_and_drop_hidden_answers() {
        let f = form("hund-anmelden-steuer");
        // The permit is asked only for dangerous dogs.
        let without = answers(json!({ "dangerous": "nein", "dangerous_permit": "not-a-file-id" }));
        let checked = check_page(&f, "hund", &without, today()).unwrap();
        assert!(!checked.problems.iter().any(|p| p.path == "dangerous_permit"));
        assert!(!checked.answers.contains_key("dangerous_permit"), "the hidden answer is dropped");
        let with = answers(json!({ "dangerous": "ja" }));
        let checked = check_page(&f, "hund", &with, today()).unwrap();
        assert!(keys(&checked).contains(&("dangerous_permit".into(), "form-error-required")));

        // With an exemption, the payment page is skipped.
        let exempt = answers(json!({ "exemption": true }));
        assert!(!f.pages_for(&exempt).iter().any(|p| p.id == "zahlung"));
        assert!(
            f.pages_for(&answers(json!({ "exemption": false })))
                .iter()
                .any(|p| p.id == "zahlung")
        );

        // A direct debit needs a valid IBAN, kept without spaces.
        let debit = answers(json!({ "direct_debit": "ja", "iban": "DE89 3704 0044 0532 0130 00", "account_holder": "Anna Beispiel" }));
        let checked = check_page(&f, "zahlung", &debit, today()).unwrap();
        assert_eq!(checked.answers["iban"], "DE89370400440532013000");
        let wrong = answers(json!({ "direct_debit": "ja", "iban": "DE88 3704 0044 0532 0130 00", "account_holder": "Anna" }));
        assert_eq!(
            keys(&check_page(&f, "zahlung", &wrong, today()).unwrap()),
            [("iban".into(), "form-error-iban")]
        );
    }

    #[test]
    fn numbers_dates_and_choices_of_the_special_use_form() {
        let f = form("sondernutzung");
        let ok = answers(json!({ "start": "1.12.2026", "end": "5.12.2026", "area": "12,5" }));
        let checked = check_page(&f, "umfang", &ok, today()).unwrap();
        assert_eq!(keys(&checked), []);
        assert_eq!(checked.answers["area"], 12.5);
        let bad = answers(json!({ "start": "1.1.2020", "end": "morgen", "area": "0" }));
        assert_eq!(
            keys(&check_page(&f, "umfang", &bad, today()).unwrap()),
            [
                ("start".into(), "form-error-date-future"),
                ("end".into(), "form-error-date"),
                ("area".into(), "form-error-range")
            ]
        );
        let surfaces = answers(
            json!({ "location": { "street": "Elbchaussee 1", "postcode": "22763", "city": "Hamburg" },
            "purpose": "container", "surface": ["sidewalk", "parking"] }),
        );
        assert_eq!(keys(&check_page(&f, "ort", &surfaces, today()).unwrap()), []);
        let unknown = answers(
            json!({ "location": { "street": "Elbchaussee 1", "postcode": "22763", "city": "Hamburg" },
            "purpose": "container", "surface": ["sidewalk", "roof"] }),
        );
        assert_eq!(
            keys(&check_page(&f, "ort", &unknown, today()).unwrap()),
            [("surface".into(), "form-error-choice")]
        );
    }

    #[test]
    fn checked_answers_pass_a_second_check_unchanged() {
        // Drafts store normalised answers; submitting checks them again.
        let f = form("sondernutzung");
        let input = answers(json!({
            "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
            "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" }, "email": "anna@example.org",
            "location": { "street": "Elbchaussee 1", "postcode": "22763", "city": "Hamburg" },
            "purpose": "scaffolding", "surface": ["sidewalk"],
            "start": "1.12.2026", "end": "5.12.2026", "area": "12,5"
        }));
        let first = check_form(&f, &input, today());
        assert_eq!(keys(&first), []);
        let second = check_form(&f, &first.answers, today());
        assert_eq!(keys(&second), []);
        assert_eq!(second.answers, first.answers);
    }

    #[test]
    fn repeating_groups_check_each_member() {
        let f = form("wohnsitz-anmelden");
        let household = answers(json!({
            "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985", "others": true,
            "household": [
                { "member_given_name": "Ben", "member_family_name": "Beispiel", "member_birth_date": "2.2.2015", "member_relation": "child" },
                { "member_given_name": "", "member_family_name": "Beispiel", "member_birth_date": "2.2.2035", "member_relation": "child" }
            ]
        }));
        let checked = check_page(&f, "personen", &household, today()).unwrap();
        assert_eq!(
            keys(&checked),
            [
                ("household.2.member_given_name".into(), "form-error-required"),
                ("household.2.member_birth_date".into(), "form-error-date-past")
            ]
        );
        let none = answers(json!({ "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985", "others": true }));
        assert_eq!(
            keys(&check_page(&f, "personen", &none, today()).unwrap()),
            [("household".into(), "form-error-group-min")]
        );
        let too_many: Vec<Value> = (0..11)
            .map(|i| json!({ "member_given_name": format!("K{i}"), "member_family_name": "B", "member_birth_date": "1.1.2010", "member_relation": "child" }))
            .collect();
        let crowd =
            answers(json!({ "given_name": "A", "family_name": "B", "birth_date": "1.1.1980", "others": true, "household": too_many }));
        assert_eq!(
            keys(&check_page(&f, "personen", &crowd, today()).unwrap()),
            [("household".into(), "form-error-group-max")]
        );
    }

    #[test]
    fn the_whole_form_is_checked_only_where_it_applies() {
        let f = form("hund-anmelden-steuer");
        let complete = answers(json!({
            "given_name": "Anna", "family_name": "Beispiel", "birth_date": "27.3.1985",
            "address": { "street": "Musterweg 1", "postcode": "20095", "city": "Hamburg" }, "email": "anna@example.org",
            "dog_name": "Bello", "breed": "Labrador", "dog_born": "1.6.2020", "dog_sex": "male",
            "chip_number": "276098106123456", "kept_since": "1.8.2020", "dangerous": false,
            "exemption": true, "exemption_reason": "shelter", "exemption_proof": "0194f5a0-0000-7000-8000-000000000001",
            "iban": "this page is skipped, so this is dropped"
        }));
        let checked = check_form(&f, &complete, today());
        assert_eq!(keys(&checked), []);
        assert!(!checked.answers.contains_key("iban"));
        assert_eq!(checked.answers["exemption_reason"], "shelter");
    }
}
