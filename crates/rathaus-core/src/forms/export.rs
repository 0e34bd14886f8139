//! The answers of an application as data for a specialist procedure (Fachverfahren):
//! every answer that applies, in the form's order, with its field's FIM id where the
//! field has one, so a receiving system can map it without knowing our field names.

use serde::Serialize;
use serde_json::{Map, Value};

use super::model::{FieldDefinition, FieldKind, FormDefinition};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedAnswer {
    /// Where the answer sits: `given_name`, `household.2.member_birth_date`.
    pub path: String,
    pub label_de: String,
    /// The FIM data field (`F…`) or data field group (`G…`), where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fim_id: Option<String>,
    /// The answer as stored: text, number, true/false, a list of choices, an address
    /// object, or a file's id.
    pub value: Value,
}

/// The answers that apply (hidden fields and skipped pages left out), in form order.
pub fn answers(form: &FormDefinition, answers: &Map<String, Value>) -> Vec<ExportedAnswer> {
    let mut out = Vec::new();
    for page in form.pages_for(answers) {
        walk(&page.fields, answers, "", &mut out);
    }
    out
}

fn walk(fields: &[FieldDefinition], answers: &Map<String, Value>, prefix: &str, out: &mut Vec<ExportedAnswer>) {
    for field in fields {
        if field.show_if.as_ref().is_some_and(|c| !c.holds(answers)) {
            continue;
        }
        let Some(answer) = answers.get(&field.id).filter(|a| !super::model::is_empty(a)) else {
            continue;
        };
        let path = format!("{prefix}{}", field.id);
        if let FieldKind::Group { fields: inner, .. } = &field.kind {
            let empty = Map::new();
            for (i, item) in answer.as_array().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
                walk(inner, item.as_object().unwrap_or(&empty), &format!("{path}.{}.", i + 1), out);
            }
            continue;
        }
        out.push(ExportedAnswer {
            path,
            label_de: field.label_de.clone(),
            fim_id: field.fim_id.clone(),
            value: answer.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn answers_that_apply_carry_their_fim_ids_and_groups_are_numbered() {
        let form: super::FormDefinition = serde_json::from_value(json!({
            "id": "t", "version": 1, "service": "s", "title_de": "T", "title_en": "T", "title_leichte": "T",
            "pages": [{ "id": "p", "title_de": "P", "title_en": "P", "title_leichte": "P", "fields": [
                { "id": "given_name", "fim_id": "F60000228", "label_de": "Vorname", "label_en": "Given name", "label_leichte": "Vorname", "type": "text" },
                { "id": "more", "label_de": "Weitere?", "label_en": "More?", "label_leichte": "Mehr?", "type": "yes_no" },
                { "id": "why", "label_de": "Warum", "label_en": "Why", "label_leichte": "Warum", "type": "text",
                  "show_if": { "equals": { "field": "more", "value": true } } },
                { "id": "people", "label_de": "Personen", "label_en": "People", "label_leichte": "Menschen", "type": "group", "max": 3,
                  "item_label_de": "Person", "item_label_en": "Person", "item_label_leichte": "Mensch",
                  "fields": [{ "id": "member_family_name", "fim_id": "F60000227", "label_de": "Nachname", "label_en": "Family name", "label_leichte": "Nachname", "type": "text" }] }
            ]}]
        }))
        .unwrap();
        form.check().unwrap();
        let answers = json!({ "given_name": "Anna", "more": false, "why": "left over", "people": [{ "member_family_name": "Beispiel" }] });
        let exported = super::answers(&form, answers.as_object().unwrap());
        let rows: Vec<(&str, Option<&str>)> = exported.iter().map(|a| (a.path.as_str(), a.fim_id.as_deref())).collect();
        assert_eq!(
            rows,
            [
                ("given_name", Some("F60000228")),
                ("more", None),
                ("people.1.member_family_name", Some("F60000227"))
            ],
            "the hidden answer is left out"
        );
    }
}
