//! The answers of a form as a person reads them back: per page, each visible field with
//! its label and its answer in words ("Ja", "27.03.1985", an option's label, a file's
//! name). Used by "check your answers", the status page and the receipt.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

use super::model::{FieldDefinition, FieldKind, FormDefinition};
use rathaus_platform::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummarySection {
    pub page_id: String,
    pub title: String,
    pub rows: Vec<SummaryRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// The field's id (`household.2.member_given_name` inside a group).
    pub path: String,
    pub label: String,
    pub value: String,
}

/// Answers in words for `lang`; `file_names` names uploaded files by id.
pub fn summary(
    form: &FormDefinition,
    answers: &Map<String, Value>,
    lang: Lang,
    file_names: &HashMap<String, String>,
) -> Vec<SummarySection> {
    form.pages_for(answers)
        .into_iter()
        .map(|page| {
            let mut rows = Vec::new();
            rows_of(&page.fields, answers, lang, file_names, "", "", &mut rows);
            SummarySection {
                page_id: page.id.clone(),
                title: page.title(lang).to_string(),
                rows,
            }
        })
        .collect()
}

fn rows_of(
    fields: &[FieldDefinition],
    answers: &Map<String, Value>,
    lang: Lang,
    file_names: &HashMap<String, String>,
    path_prefix: &str,
    label_prefix: &str,
    rows: &mut Vec<SummaryRow>,
) {
    for field in fields {
        if field.show_if.as_ref().is_some_and(|c| !c.holds(answers)) {
            continue;
        }
        let path = format!("{path_prefix}{}", field.id);
        let label = format!("{label_prefix}{}", field.label(lang));
        let answer = answers.get(&field.id).unwrap_or(&Value::Null);
        if let FieldKind::Group {
            fields: inner,
            item_label_de,
            item_label_en,
            item_label_leichte,
            ..
        } = &field.kind
        {
            let items = answer.as_array().map(Vec::as_slice).unwrap_or_default();
            if items.is_empty() {
                rows.push(SummaryRow {
                    path: path.clone(),
                    label: label.clone(),
                    value: lang.t("answer-none"),
                });
            }
            for (i, item) in items.iter().enumerate() {
                let empty = Map::new();
                let item = item.as_object().unwrap_or(&empty);
                let item_label = format!("{} {}: ", lang.pick(item_label_de, item_label_en, item_label_leichte), i + 1);
                rows_of(inner, item, lang, file_names, &format!("{path}.{}.", i + 1), &item_label, rows);
            }
            continue;
        }
        rows.push(SummaryRow {
            path,
            label,
            value: in_words(field, answer, lang, file_names),
        });
    }
}

/// One answer in words; an empty answer reads "not given".
pub fn in_words(field: &FieldDefinition, answer: &Value, lang: Lang, file_names: &HashMap<String, String>) -> String {
    if super::model::is_empty(answer) {
        return lang.t("answer-none");
    }
    let yes_no = |b: bool| lang.t(if b { "answer-yes" } else { "answer-no" });
    match (&field.kind, answer) {
        (FieldKind::YesNo | FieldKind::Confirm, Value::Bool(b)) => yes_no(*b),
        (FieldKind::Date { .. }, Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|_| s.clone()),
        (FieldKind::Number { unit, .. }, Value::Number(n)) => {
            let number = n.as_f64().map(|f| format_number(f, lang)).unwrap_or_else(|| n.to_string());
            match unit {
                Some(unit) => format!("{number} {unit}"),
                None => number,
            }
        }
        (FieldKind::Choice { options, .. }, _) => {
            let label = |v: &str| {
                options
                    .iter()
                    .find(|o| o.value == v)
                    .map(|o| o.label(lang).to_string())
                    .unwrap_or_else(|| v.to_string())
            };
            match answer {
                Value::Array(items) => items.iter().filter_map(Value::as_str).map(label).collect::<Vec<_>>().join(", "),
                Value::String(v) => label(v),
                other => other.to_string(),
            }
        }
        (FieldKind::Address, Value::Object(parts)) => {
            let part = |name: &str| parts.get(name).and_then(Value::as_str).unwrap_or("");
            format!("{}, {} {}", part("street"), part("postcode"), part("city"))
        }
        (FieldKind::File { .. }, Value::String(id)) => file_names.get(id).cloned().unwrap_or_else(|| lang.t("answer-file")),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// German numbers use a decimal comma.
fn format_number(n: f64, lang: Lang) -> String {
    let text = if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n}") };
    if lang == Lang::En { text } else { text.replace('.', ",") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_read_back_in_words_and_skip_what_does_not_apply() {
        let form = crate::forms::shipped()
            .unwrap()
            .into_iter()
            .find(|f| f.id == "sondernutzung")
            .unwrap();
        let answers = json!({
            "given_name": "Anna", "birth_date": "1985-03-27", "surface": ["sidewalk", "parking"],
            "area": 12.5, "location": { "street": "Elbchaussee 1", "postcode": "22763", "city": "Hamburg" }
        });
        let sections = summary(&form, answers.as_object().unwrap(), Lang::De, &HashMap::new());
        let rows: Vec<&SummaryRow> = sections.iter().flat_map(|s| &s.rows).collect();
        let value = |path: &str| rows.iter().find(|r| r.path == path).map(|r| r.value.clone()).unwrap();
        assert_eq!(value("birth_date"), "27.03.1985");
        assert_eq!(value("area"), "12,5 m²");
        assert_eq!(value("location"), "Elbchaussee 1, 22763 Hamburg");
        assert!(value("surface").contains(", "), "{}", value("surface"));
        assert_eq!(value("family_name"), Lang::De.t("answer-none"));
    }
}
