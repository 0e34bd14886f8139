//! A form is versioned data, not code: pages of fields, each of a kind with its rules,
//! conditions that show fields or skip pages, help texts, FIM field ids where known, and
//! which profile field may prefill it (with the person's consent).

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// Stable id; a changed form gets a new `version`, and applications keep theirs.
    pub id: String,
    pub version: u32,
    /// The catalogue service this form applies for.
    pub service: String,
    pub title_de: String,
    pub title_en: String,
    pub pages: Vec<PageDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDefinition {
    pub id: String,
    pub title_de: String,
    pub title_en: String,
    #[serde(default)]
    pub help_de: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    /// The page is skipped unless this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    pub fields: Vec<FieldDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDefinition {
    pub id: String,
    /// The field's id in the FIM data field catalogue (e.g. `F60000227`), where known.
    #[serde(default)]
    pub fim_id: Option<String>,
    pub label_de: String,
    pub label_en: String,
    #[serde(default)]
    pub help_de: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// The field is hidden (and its answer dropped) unless this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// A profile field that may fill this in, if the person agrees.
    #[serde(default)]
    pub prefill: Option<Prefill>,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// What a field holds and which rules its answer follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default = "default_max_len")]
        max_len: usize,
        #[serde(default)]
        multiline: bool,
    },
    Number {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
        #[serde(default)]
        unit: Option<String>,
    },
    Date {
        /// Must lie in the past (a birth date) or the future (a start date).
        #[serde(default)]
        when: DateRule,
    },
    Email,
    Phone,
    Iban,
    Postcode,
    /// Street and number, postcode, city.
    Address,
    Choice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        multiple: bool,
    },
    YesNo,
    /// A declaration to tick ("Ich versichere …"): only a tick is an answer.
    Confirm,
    /// An uploaded document; the answer is the stored file's id.
    File {
        /// Accepted content types, checked from the content.
        accept: Vec<String>,
    },
    /// Repeating group (household members): each item answers `fields`.
    Group {
        fields: Vec<FieldDefinition>,
        #[serde(default)]
        min: usize,
        max: usize,
        item_label_de: String,
        item_label_en: String,
    },
}

fn default_max_len() -> usize {
    200
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRule {
    #[default]
    Any,
    Past,
    Future,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: String,
    pub label_de: String,
    pub label_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    GivenName,
    FamilyName,
    BirthDate,
    Address,
    Phone,
    Email,
}

/// When a field shows or a page applies, in terms of other answers on the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The answer to `field` equals `value` (for a multiple choice: contains it).
    Equals {
        field: String,
        value: Value,
    },
    /// `field` has an answer.
    Answered {
        field: String,
    },
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

impl Condition {
    /// The fields this condition reads.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Condition::Equals { field, .. } | Condition::Answered { field } => vec![field],
            Condition::Not(inner) => inner.fields(),
            Condition::All(all) | Condition::Any(all) => all.iter().flat_map(|c| c.fields()).collect(),
        }
    }

    pub fn holds(&self, answers: &serde_json::Map<String, Value>) -> bool {
        match self {
            Condition::Equals { field, value } => match answers.get(field) {
                Some(Value::Array(items)) => items.contains(value),
                Some(answer) => answer == value,
                None => false,
            },
            Condition::Answered { field } => answers.get(field).is_some_and(|a| !is_empty(a)),
            Condition::Not(inner) => !inner.holds(answers),
            Condition::All(all) => all.iter().all(|c| c.holds(answers)),
            Condition::Any(any) => any.iter().any(|c| c.holds(answers)),
        }
    }
}

/// An answer that says nothing: missing, null, blank, or an empty list.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(is_empty),
        _ => false,
    }
}

impl FormDefinition {
    pub fn title(&self, lang: rathaus_platform::i18n::Lang) -> &str {
        if lang == rathaus_platform::i18n::Lang::En {
            &self.title_en
        } else {
            &self.title_de
        }
    }

    /// The label of the field at `path` (`dangerous_permit`, `household.1.proof`).
    pub fn field_label(&self, path: &str, lang: rathaus_platform::i18n::Lang) -> Option<String> {
        let id = path.rsplit('.').find(|part| part.parse::<usize>().is_err())?;
        let field = self.all_fields().into_iter().find(|f| f.id == id)?;
        Some(if lang == rathaus_platform::i18n::Lang::En {
            field.label_en.clone()
        } else {
            field.label_de.clone()
        })
    }

    /// Every field, in order, including those inside groups (with their group).
    pub fn all_fields(&self) -> Vec<&FieldDefinition> {
        fn walk<'a>(fields: &'a [FieldDefinition], out: &mut Vec<&'a FieldDefinition>) {
            for field in fields {
                out.push(field);
                if let FieldKind::Group { fields, .. } = &field.kind {
                    walk(fields, out);
                }
            }
        }
        let mut out = Vec::new();
        for page in &self.pages {
            walk(&page.fields, &mut out);
        }
        out
    }

    /// The pages that apply to these answers, in order.
    pub fn pages_for<'a>(&'a self, answers: &serde_json::Map<String, Value>) -> Vec<&'a PageDefinition> {
        self.pages
            .iter()
            .filter(|p| p.show_if.as_ref().is_none_or(|c| c.holds(answers)))
            .collect()
    }

    /// Checks the definition itself: unique ids, conditions that name fields which come
    /// earlier, choices with options, groups with a sensible size.
    pub fn check(&self) -> Result<(), String> {
        let mut seen: Vec<&str> = Vec::new();
        let mut page_ids: Vec<&str> = Vec::new();
        for page in &self.pages {
            if page_ids.contains(&page.id.as_str()) {
                return Err(format!("{}: page id {} twice", self.id, page.id));
            }
            page_ids.push(&page.id);
            if let Some(c) = &page.show_if {
                for f in c.fields() {
                    if !seen.contains(&f) {
                        return Err(format!("{}: page {} depends on {f}, which no earlier page asks", self.id, page.id));
                    }
                }
            }
            check_fields(&self.id, &page.fields, &mut seen)?;
        }
        if self.pages.is_empty() {
            return Err(format!("{}: no pages", self.id));
        }
        Ok(())
    }
}

fn check_fields<'a>(form: &str, fields: &'a [FieldDefinition], seen: &mut Vec<&'a str>) -> Result<(), String> {
    for field in fields {
        if seen.contains(&field.id.as_str()) {
            return Err(format!("{form}: field id {} twice", field.id));
        }
        if field.id.is_empty() || !field.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Err(format!(
                "{form}: field id \"{}\" must be lower case letters, digits and _",
                field.id
            ));
        }
        if let Some(c) = &field.show_if {
            for f in c.fields() {
                if !seen.contains(&f) {
                    return Err(format!("{form}: field {} depends on {f}, which is not asked before it", field.id));
                }
            }
        }
        if let Some(fim) = &field.fim_id
            && !(fim.starts_with('F') && fim.len() >= 6 && fim[1..].chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!(
                "{form}: field {} has FIM id \"{fim}\", expected F followed by digits",
                field.id
            ));
        }
        seen.push(&field.id);
        match &field.kind {
            FieldKind::Choice { options, .. } if options.len() < 2 => {
                return Err(format!("{form}: choice {} needs at least two options", field.id));
            }
            FieldKind::Group { fields, min, max, .. } => {
                if *max == 0 || min > max {
                    return Err(format!("{form}: group {} has min {min} and max {max}", field.id));
                }
                check_fields(form, fields, seen)?;
            }
            _ => {}
        }
    }
    Ok(())
}
