//! A form is versioned data, not code: pages of fields, each of a kind with its rules,
//! conditions that show fields or skip pages, help texts, FIM field ids where known, and
//! which profile field may prefill it (with the person's consent).

use rathaus_platform::i18n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDefinition {
    /// Stable id; a changed form gets a new `version`, and applications keep theirs.
    pub id: String,
    pub version: u32,
    /// The catalogue service this form applies for.
    pub service: String,
    /// The service needs the person at the counter: this form takes ahead of the visit
    /// what can be given online, and the visit finishes the application.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ahead_of_visit: bool,
    /// The federal FIM data schema (Stammdatenschema, e.g. `S05000039`) the form follows,
    /// where one is published for the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fim_schema: Option<String>,
    pub title_de: String,
    pub title_en: String,
    /// Every text of a form is written in German, English and Leichte Sprache; `check`
    /// refuses a form that lacks one, so nothing falls back silently.
    #[serde(default)]
    pub title_leichte: String,
    pub pages: Vec<PageDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDefinition {
    pub id: String,
    pub title_de: String,
    pub title_en: String,
    #[serde(default)]
    pub title_leichte: String,
    #[serde(default)]
    pub help_de: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    #[serde(default)]
    pub help_leichte: Option<String>,
    /// The page is skipped unless this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    pub fields: Vec<FieldDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDefinition {
    pub id: String,
    /// The field's id in the FIM data field catalogue (e.g. `F60000227`), or of a data
    /// field group (`G60000086`, a domestic address) where one field holds the group.
    #[serde(default)]
    pub fim_id: Option<String>,
    pub label_de: String,
    pub label_en: String,
    #[serde(default)]
    pub label_leichte: String,
    #[serde(default)]
    pub help_de: Option<String>,
    #[serde(default)]
    pub help_en: Option<String>,
    #[serde(default)]
    pub help_leichte: Option<String>,
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
        #[serde(default)]
        item_label_leichte: String,
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
    #[serde(default)]
    pub label_leichte: String,
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

/// The help text in `lang`, where the page or field has one.
fn help_in<'a>(lang: Lang, de: &'a Option<String>, en: &'a Option<String>, leichte: &'a Option<String>) -> Option<&'a str> {
    Some(lang.pick(de.as_deref()?, en.as_deref()?, leichte.as_deref()?))
}

/// Where a text is written in one language and not in all three: `(what, languages)`.
fn uneven(what: String, de: &str, en: &str, leichte: &str, out: &mut Vec<String>) {
    let written = [("de", de), ("en", en), ("leichte", leichte)];
    if written.iter().any(|(_, t)| t.trim().is_empty()) && written.iter().any(|(_, t)| !t.trim().is_empty()) {
        let missing: Vec<&str> = written.iter().filter(|(_, t)| t.trim().is_empty()).map(|(l, _)| *l).collect();
        out.push(format!("{what} lacks {}", missing.join(", ")));
    }
}

fn uneven_help(what: String, de: &Option<String>, en: &Option<String>, leichte: &Option<String>, out: &mut Vec<String>) {
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    uneven(what, &text(de), &text(en), &text(leichte), out);
}

impl PageDefinition {
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title_de, &self.title_en, &self.title_leichte)
    }

    pub fn help(&self, lang: Lang) -> Option<&str> {
        help_in(lang, &self.help_de, &self.help_en, &self.help_leichte)
    }
}

impl FieldDefinition {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_de, &self.label_en, &self.label_leichte)
    }

    pub fn help(&self, lang: Lang) -> Option<&str> {
        help_in(lang, &self.help_de, &self.help_en, &self.help_leichte)
    }
}

impl ChoiceOption {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_de, &self.label_en, &self.label_leichte)
    }
}

impl FormDefinition {
    /// Every text of the form not written in all three languages, named by where it is.
    pub fn untranslated(&self) -> Vec<String> {
        fn walk(fields: &[FieldDefinition], out: &mut Vec<String>) {
            for f in fields {
                let at = |what: &str| format!("field {} {what}", f.id);
                uneven(at("label"), &f.label_de, &f.label_en, &f.label_leichte, out);
                uneven_help(at("help"), &f.help_de, &f.help_en, &f.help_leichte, out);
                match &f.kind {
                    FieldKind::Choice { options, .. } => {
                        for o in options {
                            uneven(at(&format!("option {}", o.value)), &o.label_de, &o.label_en, &o.label_leichte, out);
                        }
                    }
                    FieldKind::Group {
                        fields: inner,
                        item_label_de,
                        item_label_en,
                        item_label_leichte,
                        ..
                    } => {
                        uneven(at("item label"), item_label_de, item_label_en, item_label_leichte, out);
                        walk(inner, out);
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        uneven("title".into(), &self.title_de, &self.title_en, &self.title_leichte, &mut out);
        for page in &self.pages {
            let at = |what: &str| format!("page {} {what}", page.id);
            uneven(at("title"), &page.title_de, &page.title_en, &page.title_leichte, &mut out);
            uneven_help(at("help"), &page.help_de, &page.help_en, &page.help_leichte, &mut out);
            walk(&page.fields, &mut out);
        }
        out
    }

    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title_de, &self.title_en, &self.title_leichte)
    }

    /// The label of the field at `path` (`dangerous_permit`, `household.1.proof`).
    pub fn field_label(&self, path: &str, lang: Lang) -> Option<String> {
        let id = path.rsplit('.').find(|part| part.parse::<usize>().is_err())?;
        let field = self.all_fields().into_iter().find(|f| f.id == id)?;
        Some(field.label(lang).to_string())
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
        if let Some(schema) = &self.fim_schema
            && !(schema.starts_with('S') && schema.len() >= 6 && schema[1..].chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!("{}: FIM schema \"{schema}\", expected S followed by digits", self.id));
        }
        if let Some(missing) = self.untranslated().first() {
            return Err(format!(
                "{}: {missing} (every text in German, English and Leichte Sprache)",
                self.id
            ));
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
            && !((fim.starts_with('F') || fim.starts_with('G')) && fim.len() >= 6 && fim[1..].chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!(
                "{form}: field {} has FIM id \"{fim}\", expected F (a data field) or G (a group, such as an address) followed by digits",
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
