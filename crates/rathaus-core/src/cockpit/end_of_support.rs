//! When products stop being supported: a table shipped in the repository (`data/eol`,
//! one file per product in endoflife.date's shape), which an operator updates per
//! product from a file of the same shape, and the status of each component against it.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::it_procedure::{Component, parse_end};

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/eol_shipped.rs"));
}

/// The file in `data/eol` that names the products and the component names they go by.
const PRODUCTS_FILE: &str = "products";

/// How far ahead an end counts as near.
pub const SOON_MONTHS: u32 = 12;

/// A product of the table: endoflife.date's slug, its name, the names components use for
/// it, and its release cycles (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    pub product: String,
    pub label: String,
    pub aliases: Vec<String>,
    pub cycles: Vec<Cycle>,
    /// None: as shipped; otherwise who imported it when.
    pub imported: Option<(DateTime<Utc>, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    pub cycle: String,
    pub release_date: Option<NaiveDate>,
    pub eol: Eol,
    pub latest: Option<String>,
    /// Paid support after `eol` (endoflife.date's `extendedSupport`), where the vendor
    /// sells it: shown beside the status, never counted — whether it is bought is the
    /// component's own end to say.
    pub extended: Option<NaiveDate>,
}

/// endoflife.date's `eol`: a date, `false` (no end announced) or `true` (ended, date not known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Eol {
    NotAnnounced,
    Ended,
    On(NaiveDate),
}

/// One cycle as endoflife.date's API writes it; other fields are ignored.
#[derive(Deserialize)]
struct RawCycle {
    cycle: serde_json::Value,
    #[serde(rename = "releaseDate", default)]
    release_date: Option<serde_json::Value>,
    eol: serde_json::Value,
    #[serde(default)]
    latest: Option<serde_json::Value>,
    #[serde(rename = "extendedSupport", default)]
    extended: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ProductName {
    product: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
}

fn text_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn date_of(value: &serde_json::Value) -> Option<NaiveDate> {
    value.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// Reads a product's cycles from a file in endoflife.date's shape (`/api/<product>.json`);
/// the message names the first cycle that is wrong and why.
pub fn parse_cycles(text: &str) -> Result<Vec<Cycle>, String> {
    let raw: Vec<RawCycle> =
        serde_json::from_str(text).map_err(|e| format!("not a list of release cycles in endoflife.date's shape: {e}"))?;
    if raw.is_empty() {
        return Err("the file lists no release cycle".into());
    }
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            let at = i + 1;
            let cycle = text_of(&r.cycle).ok_or_else(|| format!("cycle {at}: \"cycle\" is empty"))?;
            let eol = match &r.eol {
                serde_json::Value::Bool(false) => Eol::NotAnnounced,
                serde_json::Value::Bool(true) => Eol::Ended,
                other => {
                    Eol::On(date_of(other).ok_or_else(|| format!("cycle {cycle}: \"eol\" is neither a date (YYYY-MM-DD) nor true/false"))?)
                }
            };
            Ok(Cycle {
                release_date: r.release_date.as_ref().and_then(date_of),
                latest: r.latest.as_ref().and_then(text_of),
                extended: r.extended.as_ref().and_then(date_of),
                cycle,
                eol,
            })
        })
        .collect()
}

/// The table: the shipped products, each replaced by an operator's import where one exists.
/// Components are looked up by name in an index built with the table: a register of
/// thousands of components is read against it on every page of the cockpit.
#[derive(Debug, Clone, Default)]
pub struct Table {
    products: Vec<Product>,
    /// Normalised label, slug or alias → the first product of that name.
    names: HashMap<String, usize>,
    /// A package URL alias without version (lower case) → the first product of it.
    purls: HashMap<String, usize>,
}

/// What the table says about a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match<'a> {
    Cycle(&'a Product, &'a Cycle),
    /// The product is known, the version is not among its cycles.
    NoCycle(&'a Product),
    NoProduct,
}

/// Lower case, with `-` read as a space (endoflife.date writes "2012-r2" where
/// components say "2012 R2") and runs of spaces as one.
fn normalised(text: &str) -> String {
    text.replace('-', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `pkg:type/namespace/name@version?q#s` without version, qualifiers and subpath.
fn purl_base(purl: &str) -> String {
    let base = purl.split(['?', '#']).next().unwrap_or(purl);
    let base = base.rsplit_once('@').map_or(base, |(b, _)| b);
    base.to_lowercase()
}

#[cfg(test)]
fn cycle_matches(version: &str, cycle: &str) -> bool {
    normalised_matches(&normalised(version), &normalised(cycle))
}

/// A version matches a cycle when it is the cycle, or starts with it followed by `.`,
/// ` ` or `-`: "9.0.85" is in cycle "9.0" and in "9", and the longer one wins. Both are
/// [`normalised`] already.
fn normalised_matches(version: &str, cycle: &str) -> bool {
    version == cycle || (version.starts_with(cycle) && version[cycle.len()..].starts_with(['.', ' ']))
}

/// `data/eol` read once: every table starts from it.
static SHIPPED: LazyLock<Table> = LazyLock::new(|| {
    let names: Vec<ProductName> = shipped::SHIPPED
        .iter()
        .find(|(stem, _)| *stem == PRODUCTS_FILE)
        .map(|(_, text)| serde_json::from_str(text).expect("data/eol/products.json lists the products"))
        .unwrap_or_default();
    let products = names
        .into_iter()
        .map(|n| {
            let text = shipped::SHIPPED
                .iter()
                .find(|(stem, _)| *stem == n.product)
                .map(|(_, text)| *text)
                .unwrap_or_else(|| panic!("data/eol/{}.json is missing", n.product));
            let cycles = parse_cycles(text).unwrap_or_else(|e| panic!("data/eol/{}.json: {e}", n.product));
            Product {
                product: n.product,
                label: n.label,
                aliases: n.aliases,
                cycles,
                imported: None,
            }
        })
        .collect();
    Table::new(products)
});

impl Table {
    pub fn new(products: Vec<Product>) -> Table {
        let mut table = Table {
            products,
            ..Table::default()
        };
        table.index();
        table
    }

    /// The table as shipped in `data/eol`.
    pub fn shipped() -> Table {
        SHIPPED.clone()
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    fn index(&mut self) {
        self.names.clear();
        self.purls.clear();
        for (i, p) in self.products.iter().enumerate() {
            for name in [&p.label, &p.product].into_iter().chain(&p.aliases) {
                self.names.entry(normalised(name)).or_insert(i);
            }
            for purl in p.aliases.iter().filter(|a| a.starts_with("pkg:")) {
                self.purls.entry(purl.to_lowercase()).or_insert(i);
            }
        }
    }

    /// Puts an imported product in place of the shipped one of the same slug, or adds it.
    pub fn apply(&mut self, product: Product) {
        match self.products.iter_mut().find(|p| p.product == product.product) {
            Some(existing) => *existing = product,
            None => {
                self.products.push(product);
                self.products.sort_by(|a, b| a.product.cmp(&b.product));
            }
        }
        self.index();
    }

    pub fn product(&self, slug: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.product == slug)
    }

    /// The first product that goes by the name or the package URL.
    fn product_of(&self, name: &str, purl: Option<&str>) -> Option<&Product> {
        let by_name = self.names.get(&normalised(name)).copied();
        let by_purl = purl.and_then(|u| self.purls.get(&purl_base(u)).copied());
        by_name.into_iter().chain(by_purl).min().map(|i| &self.products[i])
    }

    pub fn find(&self, name: &str, version: &str, purl: Option<&str>) -> Match<'_> {
        let Some(product) = self.product_of(name, purl) else {
            return Match::NoProduct;
        };
        let version = normalised(version);
        product
            .cycles
            .iter()
            .filter(|c| normalised_matches(&version, &normalised(&c.cycle)))
            .max_by_key(|c| c.cycle.len())
            .map_or(Match::NoCycle(product), |c| Match::Cycle(product, c))
    }
}

/// Where a component stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Support {
    /// Supported; `until` none when no end is announced.
    Supported { until: Option<NaiveDate> },
    /// Support ends within [`SOON_MONTHS`].
    EndsSoon { on: NaiveDate },
    /// Past its end (the day unknown when the table says only that it ended).
    Ended { on: Option<NaiveDate> },
    /// Nobody can say: itself a finding, since nobody watches what nobody knows.
    Unknown { why: Unknown },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// The table does not know the product, and the component names no end.
    Product,
    /// The product is known, its version is not among the table's cycles.
    Version,
    /// The component's own end of support is not a month or a day.
    Unreadable,
}

impl Support {
    /// The day support ends, where known.
    pub fn end(&self) -> Option<NaiveDate> {
        match *self {
            Support::Supported { until } => until,
            Support::EndsSoon { on } => Some(on),
            Support::Ended { on } => on,
            Support::Unknown { .. } => None,
        }
    }
}

/// A component and what is known of its support, with where the knowledge came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub support: Support,
    /// The table's product and cycle it was matched to, if any.
    pub product: Option<String>,
    pub cycle: Option<String>,
    /// The component names its own end (a contract), which wins over the table.
    pub own_date: bool,
    /// Paid support the vendor sells after the table's end.
    pub extended: Option<NaiveDate>,
}

fn status_on(end: Option<NaiveDate>, today: NaiveDate) -> Support {
    match end {
        None => Support::Supported { until: None },
        Some(on) if on < today => Support::Ended { on: Some(on) },
        Some(on) if today.checked_add_months(Months::new(SOON_MONTHS)).is_none_or(|soon| on <= soon) => Support::EndsSoon { on },
        Some(on) => Support::Supported { until: Some(on) },
    }
}

pub fn assess(component: &Component, table: &Table, today: NaiveDate) -> Assessment {
    let found = table.find(&component.name, &component.version, component.purl.as_deref());
    let (product, cycle, extended) = match found {
        Match::Cycle(p, c) => (Some(p.label.clone()), Some(c.cycle.clone()), c.extended),
        Match::NoCycle(p) => (Some(p.label.clone()), None, None),
        Match::NoProduct => (None, None, None),
    };
    let support = match (&component.end_of_support, found) {
        (Some(own), _) => match parse_end(own) {
            Some(day) => status_on(Some(day), today),
            None => Support::Unknown { why: Unknown::Unreadable },
        },
        (None, Match::Cycle(_, c)) => match c.eol {
            Eol::NotAnnounced => status_on(None, today),
            Eol::Ended => Support::Ended { on: None },
            Eol::On(day) => status_on(Some(day), today),
        },
        (None, Match::NoCycle(_)) => Support::Unknown { why: Unknown::Version },
        (None, Match::NoProduct) => Support::Unknown { why: Unknown::Product },
    };
    Assessment {
        support,
        product,
        cycle,
        own_date: component.end_of_support.is_some(),
        extended: extended.filter(|_| component.end_of_support.is_none()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn component(name: &str, version: &str) -> Component {
        Component {
            name: name.into(),
            version: version.into(),
            end_of_support: None,
            purl: None,
            from_sbom: false,
        }
    }

    fn table() -> Table {
        let cycles = parse_cycles(
            r#"[{"cycle":"10.1","eol":false,"latest":"10.1.30"},{"cycle":"9","releaseDate":"2017-09-27","eol":"2027-03-31"},
                {"cycle":"8.5","eol":"2024-03-31"},{"cycle":8,"eol":true}]"#,
        )
        .unwrap();
        Table::new(vec![Product {
            product: "tomcat".into(),
            label: "Apache Tomcat".into(),
            aliases: vec!["Tomcat".into(), "pkg:maven/org.apache.tomcat/tomcat-catalina".into()],
            cycles,
            imported: None,
        }])
    }

    #[test]
    fn versions_find_their_longest_cycle() {
        let table = table();
        let cycle = |v: &str| match table.find("apache  tomcat", v, None) {
            Match::Cycle(_, c) => Some(c.cycle.clone()),
            _ => None,
        };
        assert_eq!(cycle("9.0.85").as_deref(), Some("9"));
        assert_eq!(cycle("10.1").as_deref(), Some("10.1"));
        assert_eq!(cycle("8.5.100").as_deref(), Some("8.5"));
        assert_eq!(cycle("8.0").as_deref(), Some("8"));
        assert_eq!(cycle("90"), None);
        assert_eq!(cycle("8.5-RC1").as_deref(), Some("8.5"));
        assert!(matches!(table.find("Tomcat", "7", None), Match::NoCycle(_)));
        assert!(matches!(table.find("Jetty", "9", None), Match::NoProduct));
        let by_purl = table.find(
            "tomcat-catalina",
            "9.0.1",
            Some("pkg:maven/org.apache.tomcat/tomcat-catalina@9.0.1?type=jar"),
        );
        assert!(matches!(by_purl, Match::Cycle(_, c) if c.cycle == "9"));
    }

    #[test]
    fn support_is_read_against_the_day() {
        let table = table();
        let today = day(2026, 12, 6);
        let status = |c: &Component| assess(c, &table, today).support;
        assert_eq!(status(&component("Tomcat", "10.1.2")), Support::Supported { until: None });
        assert_eq!(status(&component("Tomcat", "9.0")), Support::EndsSoon { on: day(2027, 3, 31) });
        assert_eq!(
            status(&component("Tomcat", "8.5")),
            Support::Ended {
                on: Some(day(2024, 3, 31))
            }
        );
        assert_eq!(status(&component("Tomcat", "8")), Support::Ended { on: None });
        assert_eq!(status(&component("Tomcat", "6")), Support::Unknown { why: Unknown::Version });
        assert_eq!(status(&component("Jetty", "9")), Support::Unknown { why: Unknown::Product });
        let mut own = component("Jetty", "9");
        own.end_of_support = Some("2028-01".into());
        assert_eq!(
            status(&own),
            Support::Supported {
                until: Some(day(2028, 1, 31))
            }
        );
        own.end_of_support = Some("irgendwann".into());
        assert_eq!(status(&own), Support::Unknown { why: Unknown::Unreadable });
    }

    #[test]
    fn twelve_months_ahead_is_soon() {
        let today = day(2026, 12, 6);
        assert_eq!(status_on(Some(day(2027, 12, 6)), today), Support::EndsSoon { on: day(2027, 12, 6) });
        assert_eq!(
            status_on(Some(day(2027, 12, 7)), today),
            Support::Supported {
                until: Some(day(2027, 12, 7))
            }
        );
        assert_eq!(status_on(Some(day(2026, 12, 6)), today), Support::EndsSoon { on: day(2026, 12, 6) });
        assert_eq!(
            status_on(Some(day(2026, 12, 5)), today),
            Support::Ended {
                on: Some(day(2026, 12, 5))
            }
        );
    }

    #[test]
    fn bad_files_are_named() {
        assert!(parse_cycles("{}").unwrap_err().contains("endoflife.date"));
        assert!(parse_cycles("[]").unwrap_err().contains("no release cycle"));
        assert!(parse_cycles(r#"[{"cycle":"1","eol":"soon"}]"#).unwrap_err().contains("cycle 1"));
    }

    #[test]
    fn the_shipped_table_reads() {
        let table = Table::shipped();
        assert!(table.products.len() >= 20, "{} products", table.products.len());
        assert!(matches!(table.find("PostgreSQL", "13", None), Match::Cycle(_, c) if c.eol == Eol::On(day(2025, 11, 13))));
        // endoflife.date's own cycle names match the register's way of writing them.
        let imported = parse_cycles(r#"[{"cycle":"2012-r2","eol":"2023-10-10"}]"#).unwrap();
        assert!(cycle_matches("2012 R2", &imported[0].cycle));
        // Every product's aliases and cycles read, and no alias names two products.
        let mut seen = std::collections::HashSet::new();
        for p in &table.products {
            assert!(!p.cycles.is_empty(), "{}", p.product);
            let names: std::collections::HashSet<String> = p.aliases.iter().chain([&p.label]).map(|a| normalised(a)).collect();
            for name in names {
                assert!(seen.insert(name.clone()), "{name} names two products");
            }
        }
    }
}
