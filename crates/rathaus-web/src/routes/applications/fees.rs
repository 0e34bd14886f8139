//! The fee as residents read it: before applying, what it depends on; on "check your
//! answers", what these answers cost. Computed on the server from the stored answers.

use crate::format;
use crate::page::Page;
use rathaus_core::cases::delivery::Method;
use rathaus_core::payments::fees::{Amount, Basis, Charge, Condition, Due, Fee, ServiceFee};

pub struct FeeRow {
    pub label: String,
    pub amount: String,
}

pub struct FeeView {
    pub rows: Vec<FeeRow>,
    /// Lines that apply only with another delivery than the one chosen.
    pub extras: Vec<FeeRow>,
    pub total: Option<String>,
    pub due: String,
    /// `fee` or `tax`, for the heading.
    pub charge: &'static str,
    /// The total, when it is paid now, before the application goes.
    pub pay_now: Option<String>,
}

fn due_text(page: &Page, due: Due, charge: Charge) -> String {
    let key = match due {
        Due::AtSubmission => "fee-due-at_submission",
        Due::AfterDecision => "fee-due-after_decision",
    };
    page.t1(key, "charge", charge.as_str())
}

impl FeeView {
    /// Before applying: every line, with its amount where it is fixed.
    pub fn overview(page: &Page, rule: &ServiceFee) -> Self {
        let rows = rule
            .lines
            .iter()
            .map(|line| FeeRow {
                label: line.label(page.lang).to_string(),
                amount: match (&line.amount, &line.when) {
                    (Amount::Fixed { fixed }, None) => format::money(page.lang, *fixed),
                    (Amount::Fixed { fixed }, Some(_)) => format!("{} ({})", format::money(page.lang, *fixed), page.t("fee-depends")),
                    (Amount::Rate { .. }, _) => page.t("fee-depends"),
                },
            })
            .collect();
        Self {
            rows,
            extras: Vec::new(),
            total: None,
            due: due_text(page, rule.due, rule.charge),
            charge: rule.charge.as_str(),
            pay_now: None,
        }
    }

    /// As computed at submission.
    pub fn stored(page: &Page, fee: &Fee) -> Self {
        Self {
            rows: fee
                .lines
                .iter()
                .map(|l| FeeRow {
                    label: l.label(page.lang).to_string(),
                    amount: format::money(page.lang, l.cents),
                })
                .collect(),
            extras: Vec::new(),
            total: Some(format::money(page.lang, fee.total_cents)),
            due: due_text(page, fee.due, fee.charge),
            charge: fee.charge.as_str(),
            pay_now: (fee.due == Due::AtSubmission && fee.total_cents > 0).then(|| format::money(page.lang, fee.total_cents)),
        }
    }

    /// For these answers and the delivery chosen so far; `None` while an answer the
    /// fee needs is open (the check page lists it).
    pub fn of(page: &Page, rule: &ServiceFee, basis: Basis) -> Option<Self> {
        let fee = rule.compute(basis)?;
        let mut view = Self::stored(page, &fee);
        view.extras = rule
            .lines
            .iter()
            .filter(|line| matches!(&line.when, Some(Condition::Delivery { delivery }) if Method::parse(delivery) != basis.delivery))
            .filter_map(|line| match line.amount {
                Amount::Fixed { fixed } => Some(FeeRow {
                    label: line.label(page.lang).to_string(),
                    amount: format!("+ {} ({})", format::money(page.lang, fixed), page.t("fee-if-delivery")),
                }),
                Amount::Rate { .. } => None,
            })
            .collect();
        Some(view)
    }
}
