//! Between a form definition and HTML: the typed name/value pairs of a submitted page
//! become answers (`address.street`, `household.2.member_given_name`, repeated names
//! for a multiple choice), and answers become the views the field templates render.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

use rathaus_core::forms::model::DateRule;
use rathaus_core::forms::{FieldDefinition, FieldKind};
use rathaus_platform::i18n::Lang;

/// Builds the answers of `fields` from the submitted pairs; names of other fields and
/// control fields are ignored.
pub fn answers_from_pairs(fields: &[FieldDefinition], pairs: &[(String, String)], prefix: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let values_of = |name: &str| -> Vec<&str> { pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect() };
    for field in fields {
        let name = format!("{prefix}{}", field.id);
        let value = match &field.kind {
            FieldKind::Address => {
                let part = |p: &str| values_of(&format!("{name}.{p}")).first().copied().unwrap_or("").to_string();
                let (street, postcode, city) = (part("street"), part("postcode"), part("city"));
                if pairs.iter().any(|(k, _)| k.starts_with(&format!("{name}."))) {
                    json!({ "street": street, "postcode": postcode, "city": city })
                } else {
                    continue;
                }
            }
            FieldKind::Group { fields: inner, .. } => {
                let item_prefix = format!("{name}.");
                let count = pairs
                    .iter()
                    .filter_map(|(k, _)| k.strip_prefix(&item_prefix))
                    .filter_map(|rest| rest.split('.').next()?.parse::<usize>().ok())
                    .filter(|n| (1..=100).contains(n))
                    .max()
                    .unwrap_or(0);
                let items: Vec<Value> = (1..=count)
                    .map(|i| Value::Object(answers_from_pairs(inner, pairs, &format!("{name}.{i}."))))
                    .collect();
                if items.is_empty() {
                    continue;
                }
                Value::Array(items)
            }
            FieldKind::Choice { multiple: true, .. } => {
                let chosen: Vec<Value> = values_of(&name).into_iter().filter(|v| !v.is_empty()).map(|v| json!(v)).collect();
                if chosen.is_empty() {
                    continue;
                }
                Value::Array(chosen)
            }
            _ => match values_of(&name).first() {
                Some(v) => json!(v),
                None => continue,
            },
        };
        out.insert(field.id.clone(), value);
    }
    out
}

/// An option of a choice, a radio button or a checkbox.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One item of a repeating group.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub title: String,
    pub number: usize,
    pub fields: Vec<FieldView>,
}

/// What a field template needs.
#[derive(Debug, Clone, Default)]
pub struct FieldView {
    /// The form name (`household.2.member_given_name`).
    pub name: String,
    /// What comes before the id in the name (`household.2.`): conditions inside a group
    /// read the answers of the same item.
    pub prefix: String,
    /// An id safe in HTML and CSS selectors.
    pub html_id: String,
    /// text, textarea, number, date, email, tel, iban, postcode, address, radio,
    /// checkboxes, yes-no, confirm, file, group.
    pub kind: &'static str,
    pub label: String,
    pub hint: String,
    pub required: bool,
    pub value: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub max_len: usize,
    pub unit: String,
    pub accept: String,
    /// The uploaded file's name, when there is one.
    pub file_name: Option<String>,
    /// The condition as JSON, for the script that hides fields which do not apply.
    pub show_if: String,
    pub items: Vec<ItemView>,
    pub item_label: String,
    pub can_add: bool,
    pub can_remove: bool,
}

impl FieldView {
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.html_id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.html_id));
        }
        ids.join(" ")
    }

    pub fn is_checked(&self, value: &str) -> bool {
        self.value == value
    }
}

pub fn html_id(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

/// An answer as the text a person typed or would type ("27.03.1985", "12,5", "ja").
fn as_text(field: &FieldDefinition, value: &Value, lang: Lang) -> String {
    match (&field.kind, value) {
        (FieldKind::Date { .. }, Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|_| s.clone()),
        (FieldKind::Number { .. }, Value::Number(n)) => {
            let text = n.to_string();
            if lang == Lang::En { text } else { text.replace('.', ",") }
        }
        (FieldKind::YesNo, Value::Bool(b)) => if *b { "ja" } else { "nein" }.to_string(),
        (FieldKind::Confirm, Value::Bool(true)) => "ja".to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => String::new(),
        (_, other) => other.to_string(),
    }
}

/// Everything needed to show the fields of a page.
pub struct ViewContext<'a> {
    pub lang: Lang,
    /// The saved answers of the whole form: a condition on earlier pages is decided
    /// here, as the script in the browser only sees the current page.
    pub saved: &'a Map<String, Value>,
    /// Ids of the fields asked on this page (with those inside its groups).
    pub on_page: Vec<String>,
    /// Messages by path.
    pub errors: &'a HashMap<String, String>,
    pub file_names: &'a HashMap<String, String>,
}

/// The ids of `fields` and of the fields in their groups.
pub fn ids_on_page(fields: &[FieldDefinition]) -> Vec<String> {
    let mut ids = Vec::new();
    for field in fields {
        ids.push(field.id.clone());
        if let FieldKind::Group { fields, .. } = &field.kind {
            ids.extend(ids_on_page(fields));
        }
    }
    ids
}

pub fn views(fields: &[FieldDefinition], answers: &Map<String, Value>, ctx: &ViewContext<'_>, prefix: &str) -> Vec<FieldView> {
    fields
        .iter()
        .filter(|f| applies(f, ctx))
        .map(|f| view(f, answers.get(&f.id).unwrap_or(&Value::Null), ctx, prefix))
        .collect()
}

/// Whether a field is shown: a condition on answers of earlier pages is decided now;
/// one on this page is left to the script (and to the server's check).
fn applies(field: &FieldDefinition, ctx: &ViewContext<'_>) -> bool {
    match &field.show_if {
        Some(condition) if !is_local(condition, ctx) => condition.holds(ctx.saved),
        _ => true,
    }
}

fn is_local(condition: &rathaus_core::forms::Condition, ctx: &ViewContext<'_>) -> bool {
    condition.fields().iter().any(|f| ctx.on_page.iter().any(|id| id == f))
}

fn view(field: &FieldDefinition, answer: &Value, ctx: &ViewContext<'_>, prefix: &str) -> FieldView {
    let lang = ctx.lang;
    let name = format!("{prefix}{}", field.id);
    let mut v = FieldView {
        html_id: html_id(&name),
        label: field.label(lang).to_string(),
        hint: field.help(lang).unwrap_or_default().to_string(),
        required: field.required,
        value: as_text(field, answer, lang),
        error: ctx.errors.get(&name).cloned(),
        show_if: field
            .show_if
            .as_ref()
            .filter(|c| is_local(c, ctx))
            .and_then(|c| serde_json::to_string(c).ok())
            .unwrap_or_default(),
        autocomplete: "off",
        inputmode: "",
        ..FieldView::default()
    };
    v.name = name.clone();
    v.prefix = prefix.to_string();
    v.kind = match &field.kind {
        FieldKind::Text { max_len, multiline } => {
            v.max_len = *max_len;
            if *multiline { "textarea" } else { "text" }
        }
        FieldKind::Number { unit, integer, .. } => {
            v.unit = unit.clone().unwrap_or_default();
            v.inputmode = if *integer { "numeric" } else { "decimal" };
            "number"
        }
        FieldKind::Date { when } => {
            v.inputmode = "numeric";
            if v.hint.is_empty() {
                v.hint = lang.t(match when {
                    DateRule::Past => "form-hint-date-past",
                    _ => "form-hint-date",
                });
            }
            "date"
        }
        FieldKind::Email => {
            v.autocomplete = "email";
            "email"
        }
        FieldKind::Phone => {
            v.autocomplete = "tel";
            "tel"
        }
        FieldKind::Iban => {
            if v.hint.is_empty() {
                v.hint = lang.t("form-hint-iban");
            }
            "iban"
        }
        FieldKind::Postcode => {
            v.autocomplete = "postal-code";
            v.inputmode = "numeric";
            "postcode"
        }
        FieldKind::Address => {
            let part = |p: &str| answer.get(p).and_then(Value::as_str).unwrap_or("").to_string();
            v.street = part("street");
            v.postcode = part("postcode");
            v.city = part("city");
            "address"
        }
        FieldKind::Choice { options, multiple } => {
            let chosen: Vec<&str> = match answer {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => vec![],
            };
            v.options = options
                .iter()
                .map(|o| OptionView {
                    value: o.value.clone(),
                    label: o.label(lang).to_string(),
                    checked: chosen.contains(&o.value.as_str()),
                })
                .collect();
            if *multiple { "checkboxes" } else { "radio" }
        }
        FieldKind::YesNo => "yes-no",
        FieldKind::Confirm => "confirm",
        FieldKind::File { accept } => {
            v.accept = accept.join(",");
            v.file_name = answer.as_str().and_then(|id| ctx.file_names.get(id)).cloned();
            if v.hint.is_empty() {
                v.hint = lang.t_args("form-hint-file", &[("types", describe_types(accept))]);
            }
            "file"
        }
        FieldKind::Group {
            fields,
            min,
            max,
            item_label_de,
            item_label_en,
            item_label_leichte,
        } => {
            let items = answer.as_array().cloned().unwrap_or_default();
            v.item_label = lang.pick(item_label_de, item_label_en, item_label_leichte).to_string();
            v.items = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let empty = Map::new();
                    let item = item.as_object().unwrap_or(&empty);
                    ItemView {
                        title: format!("{} {}", v.item_label, i + 1),
                        number: i + 1,
                        fields: views(fields, item, ctx, &format!("{name}.{}.", i + 1)),
                    }
                })
                .collect();
            v.can_add = items.len() < *max;
            v.can_remove = items.len() > *min;
            "group"
        }
    };
    // The person's own details take the browser's autofill tokens; anyone else's
    // (a previous owner, a second address) keep the kind's default or "off".
    use rathaus_core::forms::Prefill;
    match field.prefill {
        Some(Prefill::GivenName) => v.autocomplete = "given-name",
        Some(Prefill::FamilyName) => v.autocomplete = "family-name",
        Some(Prefill::BirthDate) => v.autocomplete = "bday",
        // The address's three inputs take address-line1, postal-code, address-level2.
        Some(Prefill::Address) => v.autocomplete = "address-line1",
        Some(Prefill::Phone | Prefill::Email) | None => {}
    }
    v
}

/// "PDF, JPEG or PNG" for an accept list.
pub fn describe_types(accept: &[String]) -> String {
    let names: Vec<&str> = accept
        .iter()
        .map(|t| match t.as_str() {
            "application/pdf" => "PDF",
            "image/jpeg" => "JPEG",
            "image/png" => "PNG",
            "image/tiff" => "TIFF",
            other => other,
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(id: &str) -> rathaus_core::forms::FormDefinition {
        rathaus_core::forms::shipped().unwrap().into_iter().find(|f| f.id == id).unwrap()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn pairs_become_nested_answers() {
        let f = form("wohnsitz-anmelden");
        let page = f.pages.iter().find(|p| p.id == "personen").unwrap();
        let input = pairs(&[
            ("given_name", "Anna"),
            ("household.1.member_given_name", "Ben"),
            ("household.2.member_given_name", "Clara"),
            ("household.2.member_relation", "child"),
            ("_csrf", "x"),
            ("unknown", "y"),
        ]);
        let answers = answers_from_pairs(&page.fields, &input, "");
        assert_eq!(answers["given_name"], "Anna");
        assert_eq!(answers["household"][1]["member_given_name"], "Clara");
        assert_eq!(answers["household"].as_array().unwrap().len(), 2);
        assert!(!answers.contains_key("unknown") && !answers.contains_key("_csrf"));
    }

    #[test]
    fn answers_show_as_typed_text() {
        let f = form("sondernutzung");
        let answers = json!({ "start": "2026-12-01", "area": 12.5, "surface": ["sidewalk"] });
        let errors = HashMap::new();
        let names = HashMap::new();
        let saved = Map::new();
        let ctx = ViewContext {
            lang: Lang::De,
            saved: &saved,
            on_page: f.pages.iter().flat_map(|p| ids_on_page(&p.fields)).collect(),
            errors: &errors,
            file_names: &names,
        };
        let all: Vec<FieldView> = f
            .pages
            .iter()
            .flat_map(|p| views(&p.fields, answers.as_object().unwrap(), &ctx, ""))
            .collect();
        let get = |id: &str| all.iter().find(|v| v.name == id).unwrap();
        assert_eq!(get("start").value, "01.12.2026");
        assert_eq!(get("area").value, "12,5");
        assert!(get("surface").options.iter().any(|o| o.value == "sidewalk" && o.checked));
    }

    #[test]
    fn conditions_on_earlier_pages_are_decided_on_the_server() {
        let f = form("wohngeld");
        let page = f.pages.iter().find(|p| p.id == "zahlung").unwrap();
        let errors = HashMap::new();
        let names = HashMap::new();
        let shown = |saved: Value| {
            let saved = saved.as_object().unwrap().clone();
            let ctx = ViewContext {
                lang: Lang::De,
                saved: &saved,
                on_page: ids_on_page(&page.fields),
                errors: &errors,
                file_names: &names,
            };
            views(&page.fields, &Map::new(), &ctx, "")
                .into_iter()
                .map(|v| (v.name, v.show_if))
                .collect::<Vec<_>>()
        };
        let renting = shown(json!({ "tenure": "rent" }));
        assert!(
            renting.contains(&("pay_to_landlord".to_string(), String::new())),
            "shown, and not hidden by the script"
        );
        let owning = shown(json!({ "tenure": "own" }));
        assert!(!owning.iter().any(|(name, _)| name == "pay_to_landlord"));
    }
}

/// One line of a page's error summary: the field's name and what is wrong, linked to
/// the input that takes the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    pub href: String,
    pub text: String,
}

/// The error summary of a page, in the order of its fields. Items of a group are named
/// with their title ("Hund 2, Name des Hundes: …"). A problem without a shown field
/// (a refused file, say) keeps its plain message.
pub fn error_summary(views: &[FieldView], errors: &[(String, String)]) -> Vec<SummaryEntry> {
    let mut named = Vec::new();
    collect_errors(views, "", &mut named);
    for (path, text) in errors {
        if !named.iter().any(|(name, _)| name == path) {
            let href = format!("#{}", html_id(path));
            named.push((path.clone(), SummaryEntry { href, text: text.clone() }));
        }
    }
    named.into_iter().map(|(_, entry)| entry).collect()
}

fn collect_errors(views: &[FieldView], context: &str, out: &mut Vec<(String, SummaryEntry)>) {
    for field in views {
        if let Some(error) = &field.error {
            // The first input of a choice takes the focus, as the field's label would give it.
            let target = match field.kind {
                "yes-no" => format!("{}-ja", field.html_id),
                "radio" | "checkboxes" => format!("{}-1", field.html_id),
                "address" => format!("{}-street", field.html_id),
                _ => field.html_id.clone(),
            };
            let entry = SummaryEntry {
                href: format!("#{target}"),
                text: format!("{context}{}: {error}", field.label),
            };
            out.push((field.name.clone(), entry));
        }
        for item in &field.items {
            collect_errors(&item.fields, &format!("{context}{}, ", item.title), out);
        }
    }
}
