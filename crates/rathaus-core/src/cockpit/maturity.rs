//! How digital a service really is: the OZG maturity level 0–4, computed from what
//! Rathaus holds — the catalogue entry, the shipped form, the fee rules and whether the
//! eID is set up — never typed in by hand. Each criterion carries the evidence it was
//! decided on, so a reader can check it.
//!
//! | level | holds when |
//! |---|---|
//! | 0 | nothing about the service is online |
//! | 1 | information: the service is described online (what, documents, fee, law) |
//! | 2 | + a form online: Rathaus's own, or the specialist procedure's the catalogue links |
//! | 3 | + fully online with the Servicekonto (no visit required, the level reachable — `high` only with the eID — and evidence uploaded in the form), paid online where there is a fee, the result delivered digitally |
//! | 4 | + once only: the form takes data from the Servicekonto instead of asking again |
//!
//! A specialist procedure outside Rathaus counts for level 2 only: whether it is done
//! there to the end cannot be seen from here, and a level is never granted unseen.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Service};
use crate::forms::{FieldKind, FormDefinition};
use crate::payments::fees::FeeRules;

/// The highest level.
pub const TOP: u8 = 4;

/// What a level is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Information,
    Form,
    OnlineWithLogin,
    PaymentOnline,
    DigitalDelivery,
    Prefill,
}

impl Criterion {
    pub const ALL: [Criterion; 6] = [
        Criterion::Information,
        Criterion::Form,
        Criterion::OnlineWithLogin,
        Criterion::PaymentOnline,
        Criterion::DigitalDelivery,
        Criterion::Prefill,
    ];

    /// The level this criterion belongs to: a level holds when all of its criteria and
    /// those of every lower level hold.
    pub fn level(self) -> u8 {
        match self {
            Criterion::Information => 1,
            Criterion::Form => 2,
            Criterion::OnlineWithLogin | Criterion::PaymentOnline | Criterion::DigitalDelivery => 3,
            Criterion::Prefill => 4,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Information => "information",
            Criterion::Form => "form",
            Criterion::OnlineWithLogin => "online_with_login",
            Criterion::PaymentOnline => "payment_online",
            Criterion::DigitalDelivery => "digital_delivery",
            Criterion::Prefill => "prefill",
        }
    }
}

/// Why a criterion holds or not, as a translation key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Evidence {
    fn new(key: &'static str) -> Self {
        Evidence { key, args: Vec::new() }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub criterion: Criterion,
    pub met: bool,
    pub evidence: Evidence,
}

/// One service judged today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub service: String,
    pub agency: String,
    pub level: u8,
    pub findings: Vec<Finding>,
    /// The catalogue says it can be done online while the level stays below 3: it only
    /// looks digital.
    pub only_looks_online: bool,
}

impl Assessment {
    pub fn met(&self, criterion: Criterion) -> bool {
        self.findings.iter().any(|f| f.criterion == criterion && f.met)
    }
}

/// What the level is computed from besides the catalogue.
pub struct Inputs<'a> {
    pub forms: &'a [FormDefinition],
    pub fees: &'a FeeRules,
    /// Whether sign-in with the eID is set up: only it reaches the level `high`.
    pub eid: bool,
}

/// Every service of the catalogue, in the catalogue's order.
pub fn assess_all(catalog: &Catalog, inputs: &Inputs) -> Vec<Assessment> {
    catalog.services().iter().map(|s| assess(s, inputs)).collect()
}

pub fn assess(service: &Service, inputs: &Inputs) -> Assessment {
    let form = crate::forms::current(inputs.forms, &service.id);
    let findings = vec![
        information(service),
        form_online(service, form),
        online_with_login(service, form, inputs.eid),
        payment_online(service, form, inputs.fees),
        digital_delivery(service, form),
        prefill(form),
    ];
    let level = (1..=TOP)
        .take_while(|level| findings.iter().filter(|f| f.criterion.level() == *level).all(|f| f.met))
        .last()
        .unwrap_or(0);
    Assessment {
        service: service.id.clone(),
        agency: service.agency.clone(),
        level,
        only_looks_online: service.online.possible && level < 3,
        findings,
    }
}

fn finding(criterion: Criterion, met: bool, evidence: Evidence) -> Finding {
    Finding { criterion, met, evidence }
}

fn information(service: &Service) -> Finding {
    if service.summary_de.trim().is_empty() {
        return finding(Criterion::Information, false, Evidence::new("maturity-ev-no-summary"));
    }
    finding(
        Criterion::Information,
        true,
        Evidence::new("maturity-ev-described").with("documents", service.documents_de.len()),
    )
}

fn form_online(service: &Service, form: Option<&FormDefinition>) -> Finding {
    if let Some(form) = form {
        return finding(
            Criterion::Form,
            true,
            Evidence::new("maturity-ev-form")
                .with("title", &form.title_de)
                .with("version", form.version)
                .with("fields", form.all_fields().len())
                .with("pages", form.pages.len()),
        );
    }
    if let Some(url) = &service.online.procedure_url {
        return finding(Criterion::Form, true, Evidence::new("maturity-ev-procedure").with("url", url));
    }
    if service.online.possible {
        return finding(Criterion::Form, false, Evidence::new("maturity-ev-claimed-no-form"));
    }
    let why = service.online.why_not_de.clone().unwrap_or_default();
    finding(Criterion::Form, false, Evidence::new("maturity-ev-no-form").with("why", why))
}

fn online_with_login(service: &Service, form: Option<&FormDefinition>, eid: bool) -> Finding {
    let missing = |key| finding(Criterion::OnlineWithLogin, false, Evidence::new(key));
    if service.in_person_required {
        let why = service.online.why_not_de.clone().unwrap_or_default();
        return finding(
            Criterion::OnlineWithLogin,
            false,
            Evidence::new("maturity-ev-in-person").with("why", why),
        );
    }
    let Some(form) = form else {
        return missing(if service.online.procedure_url.is_some() {
            "maturity-ev-outside"
        } else {
            "maturity-ev-no-application"
        });
    };
    if form.ahead_of_visit {
        return missing("maturity-ev-ahead-of-visit");
    }
    if service.assurance_level == "high" && !eid {
        return missing("maturity-ev-no-eid");
    }
    let uploads = form
        .all_fields()
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::File { .. }))
        .count();
    finding(
        Criterion::OnlineWithLogin,
        true,
        Evidence::new("maturity-ev-with-login")
            .with("level", &service.assurance_level)
            .with("uploads", uploads),
    )
}

fn payment_online(service: &Service, form: Option<&FormDefinition>, fees: &FeeRules) -> Finding {
    if service.fee.kind == "free" {
        return finding(Criterion::PaymentOnline, true, Evidence::new("maturity-ev-free"));
    }
    match (form, fees.services.get(&service.id)) {
        (Some(_), Some(rule)) => finding(
            Criterion::PaymentOnline,
            true,
            Evidence::new("maturity-ev-paid-online").with("due", rule.due.as_str()),
        ),
        (Some(_), None) => finding(Criterion::PaymentOnline, false, Evidence::new("maturity-ev-no-fee-rule")),
        (None, _) => finding(Criterion::PaymentOnline, false, Evidence::new("maturity-ev-not-paid-here")),
    }
}

fn digital_delivery(service: &Service, form: Option<&FormDefinition>) -> Finding {
    let download = service.delivery_options.iter().any(|d| d == "download");
    match (download, form) {
        (true, Some(_)) => finding(Criterion::DigitalDelivery, true, Evidence::new("maturity-ev-download")),
        (true, None) => finding(Criterion::DigitalDelivery, false, Evidence::new("maturity-ev-download-outside")),
        (false, _) => finding(Criterion::DigitalDelivery, false, Evidence::new("maturity-ev-no-download")),
    }
}

fn prefill(form: Option<&FormDefinition>) -> Finding {
    let filled: Vec<&str> = form
        .map(|f| {
            f.all_fields()
                .into_iter()
                .filter(|field| field.prefill.is_some())
                .map(|field| field.label_de.as_str())
                .collect()
        })
        .unwrap_or_default();
    if filled.is_empty() {
        return finding(Criterion::Prefill, false, Evidence::new("maturity-ev-no-prefill"));
    }
    finding(
        Criterion::Prefill,
        true,
        Evidence::new("maturity-ev-prefill")
            .with("count", filled.len())
            .with("fields", filled.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogFile;
    use crate::payments::fees;

    fn demo() -> (CatalogFile, Vec<FormDefinition>) {
        let file = crate::demo::catalog().expect("the demo catalogue reads");
        (file, crate::forms::shipped().expect("the forms read"))
    }

    fn service<'a>(file: &'a CatalogFile, id: &str) -> &'a Service {
        file.services.iter().find(|s| s.id == id).expect("demo service")
    }

    #[test]
    fn a_service_with_form_fee_rule_download_and_prefill_reaches_four() {
        let (file, forms) = demo();
        let inputs = Inputs {
            forms: &forms,
            fees: fees::rules(),
            eid: true,
        };
        let a = assess(service(&file, "meldebescheinigung"), &inputs);
        assert_eq!(a.level, 4, "{:#?}", a.findings);
        assert!(a.findings.iter().all(|f| f.met));
    }

    #[test]
    fn without_a_fee_rule_the_fee_is_not_paid_online_and_the_level_stays_two() {
        let (file, forms) = demo();
        let empty = FeeRules {
            services: Default::default(),
        };
        let a = assess(
            service(&file, "meldebescheinigung"),
            &Inputs {
                forms: &forms,
                fees: &empty,
                eid: true,
            },
        );
        assert!(!a.met(Criterion::PaymentOnline));
        assert_eq!(a.level, 2);
        // Turning on online payment (a fee rule) raises it again.
        let b = assess(
            service(&file, "meldebescheinigung"),
            &Inputs {
                forms: &forms,
                fees: fees::rules(),
                eid: true,
            },
        );
        assert!(b.level > a.level);
    }

    #[test]
    fn a_visit_required_by_law_caps_the_level_at_two() {
        let (file, forms) = demo();
        let inputs = Inputs {
            forms: &forms,
            fees: fees::rules(),
            eid: true,
        };
        let mut s = service(&file, "meldebescheinigung").clone();
        s.in_person_required = true;
        let a = assess(&s, &inputs);
        assert_eq!(a.level, 2);
        assert!(a.met(Criterion::Prefill), "a criterion above the level is still shown as it is");
    }

    #[test]
    fn level_high_without_eid_is_not_fully_online() {
        let (file, forms) = demo();
        let mut s = service(&file, "meldebescheinigung").clone();
        s.assurance_level = "high".into();
        let without = assess(
            &s,
            &Inputs {
                forms: &forms,
                fees: fees::rules(),
                eid: false,
            },
        );
        let with = assess(
            &s,
            &Inputs {
                forms: &forms,
                fees: fees::rules(),
                eid: true,
            },
        );
        assert_eq!(without.findings[2].evidence.key, "maturity-ev-no-eid");
        assert_eq!((without.level, with.level), (2, 4));
    }

    #[test]
    fn a_claim_of_online_without_anything_online_only_looks_digital() {
        let (file, forms) = demo();
        let mut s = service(&file, "meldebescheinigung").clone();
        s.id = "erfunden".into();
        s.online.possible = true;
        s.online.procedure_url = None;
        let a = assess(
            &s,
            &Inputs {
                forms: &forms,
                fees: fees::rules(),
                eid: true,
            },
        );
        assert_eq!(a.level, 1);
        assert!(a.only_looks_online);
        assert_eq!(a.findings[1].evidence.key, "maturity-ev-claimed-no-form");
    }

    #[test]
    fn no_summary_is_level_zero_and_a_linked_procedure_is_level_two_at_most() {
        let (file, forms) = demo();
        let inputs = Inputs {
            forms: &forms,
            fees: fees::rules(),
            eid: true,
        };
        let mut s = service(&file, "meldebescheinigung").clone();
        s.id = "anderswo".into();
        s.online.procedure_url = Some("https://fachverfahren.example.org/start".into());
        s.delivery_options = vec!["download".into()];
        assert_eq!(assess(&s, &inputs).level, 2);
        s.summary_de = "  ".into();
        assert_eq!(assess(&s, &inputs).level, 0);
    }

    #[test]
    fn every_demo_service_is_assessed_with_evidence_for_every_criterion() {
        let (file, forms) = demo();
        let inputs = Inputs {
            forms: &forms,
            fees: fees::rules(),
            eid: false,
        };
        let catalog = Catalog::new(file);
        let all = assess_all(&catalog, &inputs);
        assert_eq!(all.len(), catalog.services().len());
        for a in &all {
            assert_eq!(a.findings.len(), Criterion::ALL.len());
            assert!(a.level <= TOP);
        }
        assert!(all.iter().any(|a| a.level >= 3) && all.iter().any(|a| a.level == 2));
        // A form filled in ahead of a visit is a form online (level 2), not an online application.
        let id_card = all.iter().find(|a| a.service == "personalausweis-beantragen").unwrap();
        assert_eq!(id_card.level, 2);
    }
}
