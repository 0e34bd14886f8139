//! Checking answers against a form: each visible field by its kind and rules; hidden
//! fields and skipped pages are not checked, and their answers are dropped, so nothing
//! the person no longer sees ends up in an application. Valid answers come back in one
//! normal form (an IBAN without spaces, a date as ISO 8601, a number as a number).

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::model::{DateRule, FieldDefinition, FieldKind, FormDefinition, is_empty};
use super::values;

/// One problem: where (a field id, `group.2.field` inside a repeating group) and what,
/// as a translation key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub key: &'static str,
}

/// Answers in normal form, and the problems found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub answers: Map<String, Value>,
    pub problems: Vec<Problem>,
}

fn text_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    }
}

/// Checks one answer; `Ok(None)` when it is empty.
fn check_value(field: &FieldDefinition, value: &Value, today: NaiveDate, path: &str, problems: &mut Vec<Problem>) -> Option<Value> {
    let unticked = matches!(field.kind, FieldKind::Confirm) && matches!(value, Value::Bool(false));
    if is_empty(value) || unticked {
        if field.required {
            problems.push(Problem {
                path: path.to_string(),
                key: "form-error-required",
            });
        }
        return None;
    }
    let mut fail = |key: &'static str| {
        problems.push(Problem {
            path: path.to_string(),
            key,
        });
        None
    };
    let text = text_of(value).map(str::trim);
    match &field.kind {
        FieldKind::Text { max_len, .. } => match text {
            Some(t) if t.chars().count() > *max_len => fail("form-error-too-long"),
            Some(t) if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') => fail("form-error-text"),
            Some(t) => Some(json!(t)),
            None => fail("form-error-text"),
        },
        // A stored draft holds numbers as numbers; a form sends text.
        FieldKind::Number { min, max, integer, .. } => match value.as_f64().or_else(|| text.and_then(values::number)) {
            None => fail("form-error-number"),
            Some(n) if *integer && n.fract() != 0.0 => fail("form-error-integer"),
            Some(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => fail("form-error-range"),
            Some(n) => Some(json!(n)),
        },
        FieldKind::Date { when } => match text.and_then(values::date) {
            None => fail("form-error-date"),
            Some(d) if *when == DateRule::Past && d >= today => fail("form-error-date-past"),
            Some(d) if *when == DateRule::Future && d < today => fail("form-error-date-future"),
            Some(d) => Some(json!(d.to_string())),
        },
        FieldKind::Email => match text {
            Some(t) if values::email(t) => Some(json!(t)),
            _ => fail("form-error-email"),
        },
        FieldKind::Phone => match text {
            Some(t) if values::phone(t) => Some(json!(t)),
            _ => fail("form-error-phone"),
        },
        FieldKind::Iban => match text.and_then(values::iban) {
            Some(iban) => Some(json!(iban)),
            None => fail("form-error-iban"),
        },
        FieldKind::Postcode => match text {
            Some(t) if values::postcode(t) => Some(json!(t)),
            _ => fail("form-error-postcode"),
        },
        FieldKind::Address => {
            let part = |name: &str| value.get(name).and_then(Value::as_str).map(str::trim).unwrap_or("");
            let (street, postcode, city) = (part("street"), part("postcode"), part("city"));
            if street.is_empty() || city.is_empty() || street.chars().count() > 200 || city.chars().count() > 100 {
                fail("form-error-address")
            } else if !values::postcode(postcode) {
                fail("form-error-postcode")
            } else {
                Some(json!({ "street": street, "postcode": postcode, "city": city }))
            }
        }
        FieldKind::Choice { options, multiple } => {
            let allowed = |v: &str| options.iter().any(|o| o.value == v);
            match (value, multiple) {
                (Value::String(v), false) if allowed(v) => Some(json!(v)),
                (Value::Array(items), true) if items.iter().all(|i| i.as_str().is_some_and(allowed)) => Some(json!(items)),
                (Value::String(v), true) if allowed(v) => Some(json!([v])),
                _ => fail("form-error-choice"),
            }
        }
        FieldKind::YesNo => match value {
            Value::Bool(b) => Some(json!(b)),
            Value::String(s) if s == "ja" || s == "yes" || s == "true" => Some(json!(true)),
            Value::String(s) if s == "nein" || s == "no" || s == "false" => Some(json!(false)),
            _ => fail("form-error-yes-no"),
        },
        FieldKind::Confirm => match value {
            Value::Bool(true) => Some(json!(true)),
            Value::String(s) if s == "ja" || s == "on" || s == "true" => Some(json!(true)),
            _ => fail("form-error-confirm"),
        },
        FieldKind::File { .. } => match text.and_then(|t| uuid::Uuid::parse_str(t).ok()) {
            Some(id) => Some(json!(id.to_string())),
            None => fail("form-error-file"),
        },
        FieldKind::Group { fields, min, max, .. } => {
            let Value::Array(items) = value else {
                return fail("form-error-group");
            };
            if items.len() > *max {
                return fail("form-error-group-max");
            }
            if items.len() < *min {
                return fail("form-error-group-min");
            }
            let mut clean_items = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let empty = Map::new();
                let item = item.as_object().unwrap_or(&empty);
                let inner = check_fields(fields, item, today, &format!("{path}.{}", i + 1));
                problems.extend(inner.problems);
                clean_items.push(Value::Object(inner.answers));
            }
            Some(Value::Array(clean_items))
        }
    }
}

/// Checks `fields` against `answers`. Conditions read the answers as far as they are
/// checked ("ja" has become `true`), which works because they may only name fields that
/// come earlier.
fn check_fields(fields: &[FieldDefinition], answers: &Map<String, Value>, today: NaiveDate, prefix: &str) -> Checked {
    let mut checked = Checked::default();
    let mut view = answers.clone();
    for field in fields {
        if field.show_if.as_ref().is_some_and(|c| !c.holds(&view)) {
            view.remove(&field.id);
            continue;
        }
        let path = if prefix.is_empty() {
            field.id.clone()
        } else {
            format!("{prefix}.{}", field.id)
        };
        if field.required && matches!(field.kind, FieldKind::Group { .. }) && answers.get(&field.id).is_none() {
            checked.problems.push(Problem {
                path,
                key: "form-error-group-min",
            });
            continue;
        }
        let value = answers.get(&field.id).unwrap_or(&Value::Null);
        match check_value(field, value, today, &path, &mut checked.problems) {
            Some(clean) => {
                view.insert(field.id.clone(), clean.clone());
                checked.answers.insert(field.id.clone(), clean);
            }
            None => {
                view.remove(&field.id);
            }
        }
    }
    checked
}

/// Checks one page (as the person leaves it).
pub fn check_page(form: &FormDefinition, page_id: &str, answers: &Map<String, Value>, today: NaiveDate) -> Option<Checked> {
    let page = form.pages.iter().find(|p| p.id == page_id)?;
    Some(check_fields(&page.fields, answers, today, ""))
}

/// Checks the whole form (at submission): every page that applies, nothing else.
pub fn check_form(form: &FormDefinition, answers: &Map<String, Value>, today: NaiveDate) -> Checked {
    let mut all = Checked::default();
    let mut view = answers.clone();
    for page in &form.pages {
        if page.show_if.as_ref().is_some_and(|c| !c.holds(&view)) {
            for field in &page.fields {
                view.remove(&field.id);
            }
            continue;
        }
        let checked = check_fields(&page.fields, &view, today, "");
        for field in &page.fields {
            view.remove(&field.id);
        }
        view.extend(checked.answers.clone());
        all.answers.extend(checked.answers);
        all.problems.extend(checked.problems);
    }
    all
}
