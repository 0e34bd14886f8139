//! The demo city shipped with Rathaus (`data/demo/`), embedded so that `rathaus serve
//! --demo` works from any directory.

use crate::catalog::{CatalogFile, ImportSummary, import};
use crate::cockpit::strategies;
use crate::cockpit::strategy::Strategy;
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;

const AGENCIES: &str = include_str!("../../../data/demo/agencies.json");
const LOCATIONS: &str = include_str!("../../../data/demo/locations.json");
const SERVICES: &str = include_str!("../../../data/demo/services.json");
const IT_PROCEDURES: &str = include_str!("../../../data/demo/it_procedures.json");
const STRATEGIES: &str = include_str!("../../../data/demo/strategies.json");
const FOUR_EYES: &str = include_str!("../../../data/demo/four_eyes.json");

#[derive(serde::Deserialize)]
struct FourEyes {
    services: Vec<String>,
    fee_waiver_agencies: Vec<String>,
}

/// The demo services whose decisions need a second clerk.
pub fn four_eyes_services() -> Result<Vec<String>> {
    Ok(serde_json::from_str::<FourEyes>(FOUR_EYES)?.services)
}

/// The demo agencies whose fee waivers need a second clerk on every service.
pub fn four_eyes_fee_waiver_agencies() -> Result<Vec<String>> {
    Ok(serde_json::from_str::<FourEyes>(FOUR_EYES)?.fee_waiver_agencies)
}

/// The demo catalogue as one import document.
pub fn catalog() -> Result<CatalogFile> {
    Ok(CatalogFile {
        agencies: serde_json::from_str(AGENCIES)?,
        locations: serde_json::from_str(LOCATIONS)?,
        services: serde_json::from_str(SERVICES)?,
        it_procedures: serde_json::from_str(IT_PROCEDURES)?,
    })
}

/// The demo agencies' digital strategies.
pub fn strategies() -> Result<Vec<Strategy>> {
    Ok(serde_json::from_str(STRATEGIES)?)
}

/// Loads (or refreshes) the demo city. Safe to run on every start: a strategy an agency
/// has already changed stays as it is, and so does its choice of four eyes.
pub async fn load(db: &Db, clock: &dyn Clock) -> Result<ImportSummary> {
    let catalog = catalog()?;
    let summary = import(db, clock, "system:demo", &catalog).await?;
    for strategy in strategies()? {
        strategies::load_if_missing(db, clock, &strategy).await?;
    }
    for id in four_eyes_services()? {
        let service = catalog.services.iter().find(|s| s.id == id);
        let service = service.ok_or_else(|| rathaus_platform::Error::Invalid(format!("four_eyes.json: unknown service {id}")))?;
        crate::cases::four_eyes::require_unless_set(db, clock, &service.agency, &id).await?;
    }
    for agency in four_eyes_fee_waiver_agencies()? {
        if !catalog.agencies.iter().any(|a| a.id == agency) {
            return Err(rathaus_platform::Error::Invalid(format!("four_eyes.json: unknown agency {agency}")));
        }
        crate::cases::four_eyes::require_fee_waivers_unless_set(db, clock, &agency).await?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_catalogue_is_consistent() {
        let catalog = super::catalog().unwrap();
        if let Err(problems) = catalog.validate() {
            panic!("the demo catalogue has problems:\n{}", problems.join("\n"));
        }
        assert_eq!(catalog.services.len(), 70);
        assert_eq!(catalog.agencies.len(), 21);
        assert_eq!(catalog.locations.len(), 13);
        assert_eq!(catalog.it_procedures.len(), 25);
    }

    /// Every text of every demo service in all three languages: nothing on a service
    /// page falls back to German in English or Leichte Sprache.
    #[test]
    fn every_demo_service_speaks_every_language() {
        let catalog = super::catalog().unwrap();
        let mut missing = Vec::new();
        for s in &catalog.services {
            let one_for_one = |list: &Vec<String>, german: &Vec<String>| list.len() == german.len();
            let why = s.online.why_not_de.is_none() || (s.online.why_not_en.is_some() && s.online.why_not_leichte.is_some());
            let note = s.fee.note_de.is_none() || (s.fee.note_en.is_some() && s.fee.note_leichte.is_some());
            let tiers = s.fee.tiers.iter().all(|t| t.label_en.is_some() && t.label_leichte.is_some());
            for (what, written) in [
                ("summary_en", s.summary_en.is_some()),
                ("summary_leichte", s.summary_leichte.is_some()),
                ("documents_en", one_for_one(&s.documents_en, &s.documents_de)),
                ("documents_leichte", one_for_one(&s.documents_leichte, &s.documents_de)),
                ("steps_de", !s.steps_de.is_empty()),
                ("steps_en", one_for_one(&s.steps_en, &s.steps_de)),
                ("steps_leichte", one_for_one(&s.steps_leichte, &s.steps_de)),
                ("online.why_not_en/leichte", why),
                ("fee.note_en/leichte", note),
                ("fee.tiers' label_en/leichte", tiers),
            ] {
                if !written {
                    missing.push(format!("{}: {what}", s.id));
                }
            }
        }
        assert!(missing.is_empty(), "not written:\n{}", missing.join("\n"));
    }

    #[test]
    fn the_demo_strategies_name_only_what_the_city_holds() {
        let catalog = super::catalog().unwrap();
        for s in super::strategies().unwrap() {
            assert!(catalog.agencies.iter().any(|a| a.id == s.agency), "{}", s.agency);
            let service = |id: &String| catalog.services.iter().any(|c| &c.id == id);
            for goal in &s.goals {
                assert!(goal.service.iter().all(service), "{}", goal.title);
            }
            for m in &s.measures {
                assert!(m.services.iter().all(service), "{}", m.title);
                assert!(
                    m.procedures.iter().all(|p| catalog.it_procedures.iter().any(|c| &c.id == p)),
                    "{}",
                    m.title
                );
                assert!(m.goals.iter().all(|g| s.goal(*g).is_some()), "{}", m.title);
            }
        }
    }

    /// Words that mark a text as unfinished or as a note to ourselves, not to residents.
    const PLACEHOLDERS: &[&str] = &[
        "beispielwert",
        "platzhalter",
        "todo",
        "lorem",
        "xxx",
        "geprüft",
        "sekundärquelle",
        "aufgabenbeschreibung",
        "sitzung",
        "demo-annahme",
    ];

    /// Every string of a JSON document (keys too), with where it is.
    fn strings(value: &serde_json::Value, at: String, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::String(s) => out.push((at, s.clone())),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    strings(item, format!("{at}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push((format!("{at}.{k} (key)"), k.clone()));
                    strings(v, format!("{at}.{k}"), out);
                }
            }
            _ => {}
        }
    }

    /// The amounts written before a "€" in `text`, in cents; an amount not written
    /// the German way ("1.234,50 €") is an error naming it.
    fn euro_amounts(text: &str) -> Vec<Result<i64, String>> {
        text.match_indices('€')
            .map(|(at, _)| {
                let before = text[..at].trim_end_matches([' ', '\u{a0}', '\u{202f}']);
                let start = before
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
                    .last()
                    .map_or(before.len(), |(i, _)| i);
                let written = &before[start..];
                let (whole, cents) = written.split_once(',').unwrap_or((written, ""));
                let groups: Vec<&str> = whole.split('.').collect();
                let well_formed = cents.len() == 2
                    && cents.chars().all(|c| c.is_ascii_digit())
                    && (1..=3).contains(&groups[0].len())
                    && groups[1..].iter().all(|g| g.len() == 3)
                    && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
                if !well_formed {
                    return Err(format!("\"{written} €\" (write amounts like \"1.234,50 €\")"));
                }
                Ok(groups.concat().parse::<i64>().expect("digits") * 100 + cents.parse::<i64>().expect("digits"))
            })
            .collect()
    }

    #[test]
    fn euro_amounts_are_read_the_german_way() {
        assert_eq!(euro_amounts("je 1.234,50 € und 0,50\u{a0}€"), [Ok(123450), Ok(50)]);
        assert!(euro_amounts("10 €")[0].is_err());
        assert!(euro_amounts("10.5 €")[0].is_err());
    }

    /// What the demo city says is true to itself: no placeholder or note to ourselves in
    /// any shipped text; every amount a service text, fee note or decision template
    /// names is one of the service's amounts; a service whose fee the software computes
    /// shows exactly the amounts its rule lines produce; a template's payment time is
    /// the rule's.
    #[test]
    fn the_demo_texts_have_no_placeholders_and_agree_with_the_fee_rules() {
        use crate::payments::fees::{self, Amount};
        let mut problems = Vec::new();

        let mut documents: Vec<(&str, &str)> = vec![
            ("services.json", super::SERVICES),
            ("agencies.json", super::AGENCIES),
            ("strategies.json", super::STRATEGIES),
            ("locations.json", super::LOCATIONS),
            ("templates.json", include_str!("../../../data/decisions/templates.json")),
            ("rules.json", include_str!("../../../data/fees/rules.json")),
            ("relevance.json", include_str!("../../../data/search/relevance.json")),
        ];
        documents.extend(crate::forms::SHIPPED.iter().filter(|(name, _)| !name.contains(' ')));
        for (name, text) in documents {
            let mut found = Vec::new();
            strings(&serde_json::from_str(text).unwrap(), name.to_string(), &mut found);
            for (at, s) in found {
                let lower = s.to_lowercase();
                for word in PLACEHOLDERS.iter().filter(|w| lower.contains(*w)) {
                    problems.push(format!("{at}: \"{word}\" in \"{s}\""));
                }
                if s.split(|c: char| !c.is_alphanumeric()).any(|w| w == "EUR") {
                    problems.push(format!("{at}: \"EUR\" – write \"€\""));
                }
            }
        }

        let catalog = super::catalog().unwrap();
        let templates: serde_json::Value = serde_json::from_str(include_str!("../../../data/decisions/templates.json")).unwrap();
        for service in &catalog.services {
            let amounts: Vec<i64> = service
                .fee
                .amount_cents
                .into_iter()
                .chain(service.fee.tiers.iter().map(|t| t.amount_cents))
                .collect();
            let mut texts = vec![
                ("note_de", service.fee.note_de.clone().unwrap_or_default()),
                ("summary_de", service.summary_de.clone()),
                ("summary_leichte", service.summary_leichte.clone().unwrap_or_default()),
                ("note_leichte", service.fee.note_leichte.clone().unwrap_or_default()),
            ];
            texts.extend(service.steps_de.iter().map(|s| ("steps_de", s.clone())));
            texts.extend(service.steps_leichte.iter().map(|s| ("steps_leichte", s.clone())));
            let mut template = Vec::new();
            strings(&templates["services"][&service.id], "template".into(), &mut template);
            texts.extend(template.into_iter().map(|(_, s)| ("decision template", s)));
            for (field, text) in &texts {
                for amount in euro_amounts(text) {
                    match amount {
                        Ok(cents) if amounts.contains(&cents) => {}
                        Ok(cents) => problems.push(format!(
                            "{}: {field} names {cents} cents, the service's amounts are {amounts:?}",
                            service.id
                        )),
                        Err(e) => problems.push(format!("{}: {field}: {e}", service.id)),
                    }
                }
            }

            let Some(rule) = fees::rules().services.get(&service.id) else {
                continue;
            };
            if rule.charge != service.fee.charge {
                problems.push(format!(
                    "{}: the page calls it a {:?}, the fee rule a {:?}",
                    service.id, service.fee.charge, rule.charge
                ));
            }
            let mut computed: Vec<i64> = rule
                .lines
                .iter()
                .flat_map(|line| match &line.amount {
                    Amount::Fixed { fixed } => vec![*fixed],
                    Amount::Rate {
                        rate_cents,
                        minimum_cents,
                        maximum_cents,
                        ..
                    } => [Some(*rate_cents), *minimum_cents, *maximum_cents].into_iter().flatten().collect(),
                })
                .collect();
            let mut shown = amounts.clone();
            computed.sort_unstable();
            computed.dedup();
            shown.sort_unstable();
            shown.dedup();
            if computed != shown {
                problems.push(format!(
                    "{}: the page shows {shown:?} cents, the fee rules compute from {computed:?}",
                    service.id
                ));
            }
            let days = rule.payment_days.unwrap_or(crate::cases::decisions::DEFAULT_PAYMENT_DAYS);
            for (field, text) in &texts {
                if let Some(rest) = text.split("innerhalb von ").nth(1)
                    && let Some(n) = rest.split(" Tagen").next().and_then(|n| n.parse::<u32>().ok())
                    && n != days
                {
                    problems.push(format!("{}: {field} says {n} days to pay, the rule says {days}", service.id));
                }
            }
        }
        assert!(problems.is_empty(), "the demo contradicts itself:\n{}", problems.join("\n"));
    }
}
