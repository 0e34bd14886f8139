//! Fee rules (Gebühren) as data (`data/fees/rules.json`): per service a list of lines,
//! each with an amount — fixed, or a rate times the answers it depends on (square metres,
//! days) with a minimum — and a condition on the answers or the delivery. The lines whose
//! condition holds add up to the fee. Free, fixed, tiered (lines with exclusive
//! conditions), computed and surcharges are all this one shape. The server computes the
//! fee from the stored answers; nothing a client sends about an amount is read.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::cases::delivery::Method;
use crate::forms::FormDefinition;
use rathaus_platform::i18n::Lang;

const RULES: &str = include_str!("../../../../data/fees/rules.json");

/// When the fee is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = FeeDue)]
pub enum Due {
    /// The application is sent once paid; until then it stays a draft.
    AtSubmission,
    /// An invoice comes with the decision.
    AfterDecision,
}

impl Due {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtSubmission => "at_submission",
            Self::AfterDecision => "after_decision",
        }
    }
}

/// What the money is in law: a fee for the service, or a tax (the dog tax), which
/// pages, invoices and decisions name as such.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Charge {
    #[default]
    Fee,
    Tax,
}

impl Charge {
    /// The selector the translations use (`$charge`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fee => "fee",
            Self::Tax => "tax",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFee {
    pub due: Due,
    #[serde(default)]
    pub charge: Charge,
    /// Days to pay an invoice (after the decision).
    #[serde(default)]
    pub payment_days: Option<u32>,
    pub cost_centre: String,
    pub revenue_account: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub label_de: String,
    pub label_en: String,
    pub label_leichte: String,
    pub amount: Amount,
    #[serde(default)]
    pub when: Option<Condition>,
}

impl Line {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_de, &self.label_en, &self.label_leichte)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    Fixed {
        fixed: i64,
    },
    /// `rate_cents` times every factor, rounded half up to the cent, then held
    /// between the minimum and the maximum.
    Rate {
        rate_cents: i64,
        per: Vec<Factor>,
        #[serde(default)]
        minimum_cents: Option<i64>,
        #[serde(default)]
        maximum_cents: Option<i64>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Factor {
    /// A number field (square metres, vehicles).
    Field { field: String },
    /// Calendar days from one date field to another, both included.
    Days { days_from: String, to: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    Equals {
        field: String,
        equals: Value,
    },
    /// Younger than `age_under` years on the day the fee is computed.
    AgeUnder {
        field: String,
        age_under: u32,
    },
    Delivery {
        delivery: String,
    },
    Not {
        not: Box<Condition>,
    },
    All {
        all: Vec<Condition>,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct FeeRules {
    pub services: BTreeMap<String, ServiceFee>,
}

/// The shipped rules (checked by a test against the catalogue and the forms).
pub fn rules() -> &'static FeeRules {
    static PARSED: OnceLock<FeeRules> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(RULES).expect("data/fees/rules.json is valid (checked by a test)"))
}

/// What someone has to pay, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ApplicationFee)]
pub struct Fee {
    pub lines: Vec<FeeLine>,
    pub total_cents: i64,
    pub due: Due,
    #[serde(default)]
    pub charge: Charge,
}

/// Read from its column, where it is kept as JSON text on both databases.
impl sea_orm::TryGetable for Fee {
    fn try_get_by<I: sea_orm::ColIdx>(row: &sea_orm::QueryResult, index: I) -> Result<Self, sea_orm::TryGetError> {
        let text = String::try_get_by(row, index)?;
        serde_json::from_str(&text).map_err(|e| sea_orm::TryGetError::DbErr(sea_orm::DbErr::Json(format!("a fee: {e}"))))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ApplicationFeeLine)]
pub struct FeeLine {
    pub label_de: String,
    pub label_en: String,
    /// Fees computed before Leichte Sprache was written keep their German label.
    #[serde(default)]
    pub label_leichte: Option<String>,
    pub cents: i64,
}

impl FeeLine {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(
            &self.label_de,
            &self.label_en,
            self.label_leichte.as_deref().unwrap_or(&self.label_de),
        )
    }
}

/// What the answers (and the delivery) are: the inputs of a fee.
#[derive(Debug, Clone, Copy)]
pub struct Basis<'a> {
    pub answers: &'a Map<String, Value>,
    pub delivery: Option<Method>,
    /// The day the fee is computed (for ages), in Hamburg.
    pub today: NaiveDate,
}

impl ServiceFee {
    /// The fee for these answers; `None` while an answer a line needs is missing.
    pub fn compute(&self, basis: Basis) -> Option<Fee> {
        let mut lines = Vec::new();
        for line in &self.lines {
            if line.when.as_ref().is_some_and(|c| !holds(c, basis)) {
                continue;
            }
            let cents = amount(&line.amount, basis.answers)?;
            // "6,00 € per further copy" with none ordered is no line of the fee.
            if cents == 0 && matches!(line.amount, Amount::Rate { .. }) {
                continue;
            }
            lines.push(FeeLine {
                label_de: line.label_de.clone(),
                label_en: line.label_en.clone(),
                label_leichte: Some(line.label_leichte.clone()),
                cents,
            });
        }
        Some(Fee {
            total_cents: lines.iter().map(|l| l.cents).sum(),
            lines,
            due: self.due,
            charge: self.charge,
        })
    }
}

fn holds(condition: &Condition, basis: Basis) -> bool {
    match condition {
        Condition::Equals { field, equals } => basis.answers.get(field) == Some(equals),
        Condition::AgeUnder { field, age_under } => date(basis.answers, field)
            .map(|born| years_between(born, basis.today) < *age_under as i32)
            .unwrap_or(false),
        Condition::Delivery { delivery } => basis.delivery.is_some_and(|m| m.as_str() == delivery),
        Condition::Not { not } => !holds(not, basis),
        Condition::All { all } => all.iter().all(|c| holds(c, basis)),
    }
}

fn years_between(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

fn date(answers: &Map<String, Value>, field: &str) -> Option<NaiveDate> {
    answers
        .get(field)?
        .as_str()
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

/// A non-negative decimal as digits and a scale (`12.5` is `(125, 1)`), exactly as
/// written, so money is never multiplied in floating point.
fn decimal(value: &Value) -> Option<(i128, u32)> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.replace(',', "."),
        _ => return None,
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.len() > 6 || whole.is_empty() || !(whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    let digits: i128 = format!("{whole}{fraction}").parse().ok()?;
    Some((digits, fraction.len() as u32))
}

fn factor(f: &Factor, answers: &Map<String, Value>) -> Option<(i128, u32)> {
    match f {
        Factor::Field { field } => decimal(answers.get(field)?),
        Factor::Days { days_from, to } => {
            let days = (date(answers, to)? - date(answers, days_from)?).num_days() + 1;
            Some((days.max(0) as i128, 0))
        }
    }
}

fn amount(amount: &Amount, answers: &Map<String, Value>) -> Option<i64> {
    match amount {
        Amount::Fixed { fixed } => Some(*fixed),
        Amount::Rate {
            rate_cents,
            per,
            minimum_cents,
            maximum_cents,
        } => {
            let (mut product, mut scale) = (*rate_cents as i128, 0u32);
            for f in per {
                let (digits, s) = factor(f, answers)?;
                product = product.checked_mul(digits)?;
                scale += s;
            }
            let unit = 10i128.checked_pow(scale)?;
            // Half up, to the cent.
            let cents = (product * 2 + unit) / (unit * 2);
            let mut cents = i64::try_from(cents).ok()?;
            if let Some(min) = minimum_cents {
                cents = cents.max(*min);
            }
            if let Some(max) = maximum_cents {
                cents = cents.min(*max);
            }
            Some(cents)
        }
    }
}

/// Problems of the rules against the catalogue's services and the current forms: an
/// unknown service, a field the form does not ask, a negative amount.
pub fn check(rules: &FeeRules, services: &[String], forms: &[FormDefinition]) -> Vec<String> {
    let mut problems = Vec::new();
    for (service, fee) in &rules.services {
        if !services.contains(service) {
            problems.push(format!("fees: unknown service {service}"));
            continue;
        }
        let Some(form) = forms.iter().filter(|f| &f.service == service).max_by_key(|f| f.version) else {
            problems.push(format!("fees: {service} has no form to apply with"));
            continue;
        };
        let asked = |field: &str| form.pages.iter().flat_map(|p| &p.fields).any(|f| f.id == field);
        let mut fields = Vec::new();
        for line in &fee.lines {
            if let Amount::Rate { per, .. } = &line.amount {
                for f in per {
                    match f {
                        Factor::Field { field } => fields.push(field.clone()),
                        Factor::Days { days_from, to } => fields.extend([days_from.clone(), to.clone()]),
                    }
                }
            }
            if let Some(c) = &line.when {
                condition_fields(c, &mut fields);
            }
            if [&line.label_de, &line.label_en, &line.label_leichte]
                .iter()
                .any(|l| l.trim().is_empty())
            {
                problems.push(format!(
                    "fees: {service}: \"{}\" needs its label in German, English and Leichte Sprache",
                    line.label_de
                ));
            }
            let negative = match &line.amount {
                Amount::Fixed { fixed } => *fixed < 0,
                Amount::Rate { rate_cents, .. } => *rate_cents < 0,
            };
            if negative {
                problems.push(format!("fees: {service}: \"{}\" is negative", line.label_de));
            }
        }
        for field in fields.iter().filter(|f| !asked(f)) {
            problems.push(format!("fees: {service}: form {} has no field {field}", form.id));
        }
    }
    problems
}

fn condition_fields(c: &Condition, out: &mut Vec<String>) {
    match c {
        Condition::Equals { field, .. } | Condition::AgeUnder { field, .. } => out.push(field.clone()),
        Condition::Delivery { .. } => {}
        Condition::Not { not } => condition_fields(not, out),
        Condition::All { all } => all.iter().for_each(|c| condition_fields(c, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn fee_of(service: &str, answers: &Map<String, Value>, delivery: Option<Method>) -> Option<Fee> {
        rules().services[service].compute(Basis {
            answers,
            delivery,
            today: today(),
        })
    }

    #[test]
    fn the_rules_fit_the_catalogue_and_the_forms() {
        let catalog = crate::demo::catalog().unwrap();
        let services: Vec<String> = catalog.services.iter().map(|s| s.id.clone()).collect();
        let forms = crate::forms::shipped().unwrap();
        assert_eq!(check(rules(), &services, &forms), Vec::<String>::new());
        // Every service that can be applied for online has a rule where its fee is known
        // from the answers (fixed or tiered), none where it is free; a variable fee the
        // answers cannot compute (a building permit's, from the building costs) is set
        // with the decision and has none. A fee of a service that needs a visit is paid at
        // the counter: its form ahead of the visit has no rule.
        for form in forms.iter().filter(|f| !f.ahead_of_visit) {
            let service = catalog.services.iter().find(|s| s.id == form.service).unwrap();
            let has_rule = rules().services.contains_key(&service.id);
            match service.fee.kind.as_str() {
                "free" => assert!(!has_rule, "{}: free, but a fee rule", service.id),
                "variable" => {}
                kind => assert!(has_rule, "{}: catalogue says {kind}, but no fee rule", service.id),
            }
        }
    }

    #[test]
    fn tiers_surcharges_and_rates() {
        let dog = |dangerous: bool| fee_of("hundesteuer", &answers(json!({ "dangerous": dangerous })), None).unwrap();
        assert_eq!(dog(false).total_cents, 9000);
        assert_eq!(dog(true).total_cents, 60000);
        assert_eq!(dog(true).due, Due::AfterDecision);

        let certificate = |delivery| fee_of("meldebescheinigung", &Map::new(), delivery).unwrap();
        assert_eq!(certificate(Some(Method::Download)).total_cents, 1000);
        let by_post = certificate(Some(Method::Post));
        assert_eq!(by_post.total_cents, 1150);
        assert_eq!(by_post.lines[1].label_de, "Zuschlag für den Versand per Post");

        let use_of = |purpose: &str, area: Value, start: &str, end: &str| {
            fee_of(
                "sondernutzung-oeffentlicher-raum",
                &answers(json!({ "purpose": purpose, "area": area, "start": start, "end": end })),
                None,
            )
            .map(|f| f.total_cents)
        };
        // 12.5 m² × 10 days × 1.50 € = 187.50 €.
        assert_eq!(use_of("scaffolding", json!(12.5), "2026-12-01", "2026-12-10"), Some(18750));
        // 3 m² × 1 day × 0.50 € = 1.50 €, raised to the minimum of 30 €.
        assert_eq!(use_of("outdoor_seating", json!(3), "2026-12-01", "2026-12-01"), Some(3000));
        // Half a cent rounds up: 0.333 m² × 1 day × 1.50 € = 0.4995 € → 0.50 €, then the minimum.
        assert_eq!(use_of("container", json!(0.333), "2026-12-01", "2026-12-01"), Some(3000));
        assert_eq!(
            use_of("container", Value::Null, "2026-12-01", "2026-12-01"),
            None,
            "not answered yet"
        );
    }

    #[test]
    fn age_tiers_count_the_birthday() {
        let rule: ServiceFee = serde_json::from_value(json!({
            "due": "at_submission", "cost_centre": "X", "revenue_account": "Y",
            "lines": [
                { "label_de": "unter 24", "label_en": "under 24", "label_leichte": "unter 24 Jahre", "amount": { "fixed": 2280 }, "when": { "field": "birth_date", "age_under": 24 } },
                { "label_de": "ab 24", "label_en": "24 and over", "label_leichte": "ab 24 Jahre", "amount": { "fixed": 3700 }, "when": { "not": { "field": "birth_date", "age_under": 24 } } }
            ]
        }))
        .unwrap();
        let born = |d: &str| answers(json!({ "birth_date": d }));
        let fee = |a: &Map<String, Value>| {
            rule.compute(Basis {
                answers: a,
                delivery: None,
                today: today(),
            })
            .unwrap()
            .total_cents
        };
        assert_eq!(fee(&born("2002-11-25")), 2280, "23 until tomorrow");
        assert_eq!(fee(&born("2002-11-24")), 3700, "24 today");
    }

    proptest! {
        /// Whatever the answers, a rate line is at least its minimum, never negative,
        /// and grows with the area.
        #[test]
        fn rates_hold_their_minimum_and_grow_with_the_area(
            whole in 0u32..10_000, tenths in 0u32..10, days in 1i64..400, outdoor in any::<bool>()
        ) {
            let area: Value = serde_json::from_str(&format!("{whole}.{tenths}")).unwrap();
            let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let end = start + chrono::Duration::days(days - 1);
            let purpose = if outdoor { "outdoor_seating" } else { "scaffolding" };
            let at = |area: Value| fee_of("sondernutzung-oeffentlicher-raum", &answers(json!({
                "purpose": purpose, "area": area, "start": start.to_string(), "end": end.to_string()
            })), None).unwrap().total_cents;
            let fee = at(area);
            prop_assert!(fee >= 3000);
            let rate = if outdoor { 50 } else { 150 };
            // Exact: rate × tenths of m² × days / 10, half up.
            let exact = (rate as i64 * (whole as i64 * 10 + tenths as i64) * days * 2 + 10) / 20;
            prop_assert_eq!(fee, exact.max(3000));
            let bigger: Value = serde_json::from_str(&format!("{}.{tenths}", whole + 1)).unwrap();
            prop_assert!(at(bigger) >= fee);
        }

        /// The total is the sum of its lines, for any answers to the dog tax.
        #[test]
        fn a_total_is_the_sum_of_its_lines(dangerous in any::<bool>(), post in any::<bool>()) {
            let fee = fee_of("hundesteuer", &answers(json!({ "dangerous": dangerous })), None).unwrap();
            prop_assert_eq!(fee.total_cents, fee.lines.iter().map(|l| l.cents).sum::<i64>());
            prop_assert_eq!(fee.lines.len(), 1);
            let delivery = Some(if post { Method::Post } else { Method::Download });
            let certificate = fee_of("meldebescheinigung", &Map::new(), delivery).unwrap();
            prop_assert_eq!(certificate.total_cents, if post { 1150 } else { 1000 });
        }
    }
}
