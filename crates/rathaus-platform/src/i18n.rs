//! Translations (Fluent). German is the default; English and Leichte Sprache
//! (`de-leichte`) hold every text too (tested), so nothing falls back silently.

use fluent_templates::{Loader, fluent_bundle::FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;
use unic_langid::{LanguageIdentifier, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "de",
        // Unicode isolation marks would end up in attributes and mails; our texts are LTR.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "de")]
    De,
    #[serde(rename = "en")]
    En,
    #[serde(rename = "de-leichte")]
    DeLeichte,
}

static DE: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid!("de"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid!("en"));
static DE_LEICHTE: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid!("de-leichte"));

const GERMAN_FTL: &str = include_str!("../../../locales/de/main.ftl");

/// Keys of messages whose text has no placeable (`{ … }`), so their output never varies.
fn plain_keys() -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut current: Option<(&'static str, bool)> = None;
    for line in GERMAN_FTL.lines() {
        if line.starts_with(' ') {
            if let Some((_, plain)) = current.as_mut() {
                *plain &= !line.contains('{');
            }
            continue;
        }
        if let Some((key, true)) = current.take() {
            keys.push(key);
        }
        if let Some((key, value)) = line.split_once(" =")
            && !line.starts_with('#')
        {
            current = Some((key, !value.contains('{')));
        }
    }
    if let Some((key, true)) = current {
        keys.push(key);
    }
    keys
}

static PLAIN_TEXTS: LazyLock<[HashMap<&'static str, String>; 3]> = LazyLock::new(|| {
    let keys = plain_keys();
    Lang::ALL.map(|lang| keys.iter().map(|&k| (k, LOCALES.lookup(lang.id(), k))).collect())
});

/// Read from a column holding its code; an unknown code is an error, not a default.
impl sea_orm::TryGetable for Lang {
    fn try_get_by<I: sea_orm::ColIdx>(row: &sea_orm::QueryResult, index: I) -> Result<Self, sea_orm::TryGetError> {
        let code = String::try_get_by(row, index)?;
        Lang::parse(&code).ok_or_else(|| sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!("unknown language {code:?}"))))
    }
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::De, Lang::En, Lang::DeLeichte];

    /// The code used in URLs and cookies.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::DeLeichte => "de-leichte",
        }
    }

    /// The value for the HTML `lang` attribute (Leichte Sprache is German).
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De | Lang::DeLeichte => "de",
        }
    }

    /// The language's own name, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
            Lang::DeLeichte => "Leichte Sprache",
        }
    }

    /// The one of three texts written for this language.
    pub fn pick<'a>(self, de: &'a str, en: &'a str, leichte: &'a str) -> &'a str {
        match self {
            Lang::De => de,
            Lang::En => en,
            Lang::DeLeichte => leichte,
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" | "de-de" => Some(Lang::De),
            "en" | "en-gb" | "en-us" => Some(Lang::En),
            "de-leichte" | "ls" | "leichte-sprache" => Some(Lang::DeLeichte),
            _ => None,
        }
    }

    /// Picks German or English from an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let lang = if tag.starts_with("de") {
                Lang::De
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
            Lang::DeLeichte => &DE_LEICHTE,
        }
    }

    /// The text for `key`; a missing key shows as the key itself (and a test finds it).
    /// Texts without arguments come from a table built once per language: formatting
    /// them with Fluent on every use was the largest cost of rendering a page.
    pub fn t(self, key: &str) -> String {
        match PLAIN_TEXTS[self as usize].get(key) {
            Some(text) => text.clone(),
            None => LOCALES.lookup(self.id(), key),
        }
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            // Numbers must reach Fluent as numbers, or plural variants ([one], [0]) never match.
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// An amount in cents as readers expect it: `1.234,50 €` (English: `€1,234.50`).
pub fn money(lang: Lang, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let euros = cents.abs() / 100;
    let rest = cents.abs() % 100;
    match lang {
        Lang::En => format!("{sign}€{}.{rest:02}", group_thousands(euros, ',')),
        Lang::De | Lang::DeLeichte => format!("{sign}{},{rest:02} €", group_thousands(euros, '.')),
    }
}

/// `24.12.2026, 14:05 Uhr` in Hamburg time (English: `24/12/2026, 14:05`).
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Berlin);
    match lang {
        Lang::En => local.format("%d/%m/%Y, %H:%M").to_string(),
        _ => local.format("%d.%m.%Y, %H:%M Uhr").to_string(),
    }
}

/// `24.12.2026` (English: `24/12/2026`).
pub fn date(lang: Lang, day: chrono::NaiveDate) -> String {
    match lang {
        Lang::En => day.format("%d/%m/%Y").to_string(),
        _ => day.format("%d.%m.%Y").to_string(),
    }
}

/// `14:05 Uhr` in Hamburg time (English: `14:05`).
pub fn time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Berlin);
    match lang {
        Lang::En => local.format("%H:%M").to_string(),
        _ => local.format("%H:%M Uhr").to_string(),
    }
}

/// The weekday's name: `Dienstag` (English: `Tuesday`).
pub fn weekday(lang: Lang, day: chrono::Weekday) -> &'static str {
    const DE: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::En => EN[i],
        _ => DE[i],
    }
}

/// The month's name and year: `März 2026` (English: `March 2026`).
pub fn month_year(lang: Lang, month: chrono::NaiveDate) -> String {
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = chrono::Datelike::month0(&month) as usize;
    let name = match lang {
        Lang::En => EN[i],
        _ => DE[i],
    };
    format!("{name} {}", chrono::Datelike::year(&month))
}

/// `Dienstag, 24.11.2026` (English: `Tuesday, 24/11/2026`).
pub fn long_date(lang: Lang, day: chrono::NaiveDate) -> String {
    format!("{}, {}", weekday(lang, chrono::Datelike::weekday(&day)), date(lang, day))
}

/// `Dienstag, 24.11.2026, 10:30 Uhr` in Hamburg time, for appointments.
pub fn long_date_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let day = at.with_timezone(&chrono_tz::Europe::Berlin).date_naive();
    format!("{}, {}", long_date(lang, day), time(lang, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_quality() {
        assert_eq!(Lang::from_accept_language("fr, en;q=0.8, de;q=0.5"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9,en;q=0.8"), Some(Lang::De));
        assert_eq!(Lang::from_accept_language("fr"), None);
    }

    fn keys(ftl: &str) -> std::collections::BTreeSet<&str> {
        variables(ftl).into_keys().collect()
    }

    const FILES: [(&str, &str); 3] = [
        ("de", include_str!("../../../locales/de/main.ftl")),
        ("en", include_str!("../../../locales/en/main.ftl")),
        ("de-leichte", include_str!("../../../locales/de-leichte/main.ftl")),
    ];

    #[test]
    fn every_language_has_every_text() {
        let de = keys(FILES[0].1);
        for (lang, ftl) in &FILES[1..] {
            let other = keys(ftl);
            assert_eq!(de.difference(&other).collect::<Vec<_>>(), Vec::<&&str>::new(), "missing in {lang}");
            assert_eq!(other.difference(&de).collect::<Vec<_>>(), Vec::<&&str>::new(), "only in {lang}");
        }
    }

    /// Each message's variables (`{ $name }`, selectors included), by key.
    fn variables(ftl: &str) -> std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> {
        let mut out = std::collections::BTreeMap::new();
        let mut current = None;
        for line in ftl.lines() {
            if !line.starts_with([' ', '#', '}']) && line.contains(" =") {
                current = line.split_once(" =").map(|(k, _)| k);
            } else if !line.starts_with([' ', '}']) {
                current = None;
            }
            let Some(key) = current else { continue };
            let names: &mut std::collections::BTreeSet<&str> = out.entry(key).or_default();
            for (at, _) in line.match_indices('$') {
                let name = &line[at + 1..];
                let end = name
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(name.len());
                names.insert(&name[..end]);
            }
        }
        out
    }

    /// A text that drops or invents a variable would show a hole or "{$x}" to its
    /// readers in one language only.
    #[test]
    fn every_language_uses_the_same_variables() {
        let de = variables(FILES[0].1);
        let mut differ = Vec::new();
        for (lang, ftl) in &FILES[1..] {
            for (key, names) in variables(ftl) {
                if Some(&names) != de.get(key) {
                    differ.push(format!("{lang} {key}: {names:?}, German {:?}", de.get(key)));
                }
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
    }

    #[test]
    fn cached_texts_equal_fluent_output() {
        let keys = plain_keys();
        assert!(keys.contains(&"nav-home") && !keys.contains(&"search-count") && !keys.contains(&"home-all-services"));
        for lang in Lang::ALL {
            for key in &keys {
                let text = lang.t(key);
                assert_eq!(text, LOCALES.lookup(lang.id(), key), "{lang} {key}");
                assert!(!text.contains('{'), "{lang} {key} needs arguments: {text}");
            }
        }
    }

    #[test]
    fn plurals_select_by_number() {
        assert_eq!(Lang::De.t_args("search-count", &[("count", "0".into())]), "Keine Treffer");
        assert_eq!(Lang::En.t_args("search-count", &[("count", "1".into())]), "1 result");
        assert_eq!(Lang::De.t_args("search-count", &[("count", "12".into())]), "12 Treffer");
    }
}
