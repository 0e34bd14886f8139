//! The controlled vocabularies of a publication's metadata (DCAT-AP.de): the HmbTG
//! category, the EU data themes, the licences of the German licence list and the update
//! frequencies. Each value has a short id (stored, used in URLs and in CKAN's `fq`), its
//! vocabulary URI for the DCAT export, and a translation key for the pages.

use serde::{Deserialize, Serialize};

/// Declares a vocabulary: an enum whose values carry a stored id and a URI.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $base:literal, $key:literal { $($variant:ident => $id:literal, $uri:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id().eq_ignore_ascii_case(text.trim()))
            }

            /// The value's URI in its published vocabulary.
            pub fn uri(self) -> String {
                let tail = match self { $($name::$variant => $uri,)+ };
                format!("{}{}", $base, tail)
            }

            /// The Fluent key of the value's label.
            pub fn label_key(self) -> String {
                format!("{}-{}", $key, self.id().replace(['/', '.'], "-").to_lowercase())
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text).ok_or_else(|| format!("unknown {}: {text}", stringify!($name)))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.id().to_string()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

vocabulary! {
    /// What kind of record the transparency law (HmbTG § 3) names it as. The URI is
    /// Rathaus's own vocabulary, published under the catalogue.
    Category, "https://rathaus.example.org/def/hmbtg-category/", "transparency-category" {
        Senatsbeschluss => "senatsbeschluss", "senatsbeschluss";
        Mitteilung => "mitteilung", "mitteilung";
        Vertrag => "vertrag", "vertrag";
        Gutachten => "gutachten", "gutachten";
        Baugenehmigung => "baugenehmigung", "baugenehmigung";
        Genehmigung => "genehmigung", "genehmigung";
        Haushaltsplan => "haushaltsplan", "haushaltsplan";
        Statistik => "statistik", "statistik";
        Umweltdaten => "umweltdaten", "umweltdaten";
        Geodaten => "geodaten", "geodaten";
        Bauleitplan => "bauleitplan", "bauleitplan";
        Verwaltungsvorschrift => "verwaltungsvorschrift", "verwaltungsvorschrift";
        Taetigkeitsbericht => "taetigkeitsbericht", "taetigkeitsbericht";
        Zuwendung => "zuwendung", "zuwendung";
        Unternehmensdaten => "unternehmensdaten", "unternehmensdaten";
    }
}

vocabulary! {
    /// The EU's data themes (the Publications Office's authority table).
    Theme, "http://publications.europa.eu/resource/authority/data-theme/", "transparency-theme" {
        Agri => "AGRI", "AGRI";
        Econ => "ECON", "ECON";
        Educ => "EDUC", "EDUC";
        Ener => "ENER", "ENER";
        Envi => "ENVI", "ENVI";
        Gove => "GOVE", "GOVE";
        Heal => "HEAL", "HEAL";
        Intr => "INTR", "INTR";
        Just => "JUST", "JUST";
        Regi => "REGI", "REGI";
        Soci => "SOCI", "SOCI";
        Tech => "TECH", "TECH";
        Tran => "TRAN", "TRAN";
    }
}

vocabulary! {
    /// Licences of DCAT-AP.de's licence list.
    Licence, "http://dcat-ap.de/def/licenses/", "transparency-licence" {
        DlByDe2 => "dl-by-de/2.0", "dl-by-de/2.0";
        DlZeroDe2 => "dl-zero-de/2.0", "dl-zero-de/2.0";
        CcBy4 => "cc-by/4.0", "cc-by/4.0";
        CcBySa4 => "cc-by-sa/4.0", "cc-by-sa/4.0";
        CcZero => "cc-zero", "cc-zero";
        OfficialWork => "officialWork", "officialWork";
    }
}

impl Licence {
    /// Whether reusing the record requires naming the source.
    pub fn requires_attribution(self) -> bool {
        matches!(self, Licence::DlByDe2 | Licence::CcBy4 | Licence::CcBySa4)
    }

    /// The licence's title as the licence list gives it (CKAN's `license_title`).
    pub fn title(self) -> &'static str {
        match self {
            Licence::DlByDe2 => "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            Licence::DlZeroDe2 => "Datenlizenz Deutschland – Zero – Version 2.0",
            Licence::CcBy4 => "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            Licence::CcBySa4 => "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International (CC BY-SA 4.0)",
            Licence::CcZero => "Creative Commons CC Zero License (cc-zero)",
            Licence::OfficialWork => "Amtliches Werk, lizenzfrei nach §5 Abs. 1 UrhG",
        }
    }
}

vocabulary! {
    /// How often the record is updated (the EU's frequency table).
    Frequency, "http://publications.europa.eu/resource/authority/frequency/", "transparency-frequency" {
        Daily => "DAILY", "DAILY";
        Weekly => "WEEKLY", "WEEKLY";
        Monthly => "MONTHLY", "MONTHLY";
        Quarterly => "QUARTERLY", "QUARTERLY";
        Annual => "ANNUAL", "ANNUAL";
        Irregular => "IRREG", "IRREG";
        Never => "NEVER", "NEVER";
    }
}

vocabulary! {
    /// The file formats a resource may have (the EU's file-type table).
    Format, "http://publications.europa.eu/resource/authority/file-type/", "transparency-format" {
        Pdf => "PDF", "PDF";
        Csv => "CSV", "CSV";
        Json => "JSON", "JSON";
        GeoJson => "GeoJSON", "GEOJSON";
        Xlsx => "XLSX", "XLSX";
        Ods => "ODS", "ODS";
        Zip => "ZIP", "ZIP";
        Html => "HTML", "HTML";
    }
}

impl Format {
    /// The media type a download of this format is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::GeoJson => "application/geo+json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Format::Zip => "application/zip",
            Format::Html => "text/html",
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::GeoJson => "geojson",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::Zip => "zip",
            Format::Html => "html",
        }
    }

    /// The format of an uploaded file, from what its first bytes show and, for the
    /// text formats that have no signature, from its name. A claim that contradicts the
    /// content (a "report.pdf" that is a ZIP) is not believed: `None`.
    pub fn of_upload(file_name: &str, sniffed: &str) -> Option<Format> {
        let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match sniffed {
            "application/pdf" => Some(Format::Pdf),
            "application/zip"
            | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            | "application/vnd.oasis.opendocument.spreadsheet" => match extension.as_str() {
                "xlsx" => Some(Format::Xlsx),
                "ods" => Some(Format::Ods),
                "zip" => Some(Format::Zip),
                _ => None,
            },
            "application/octet-stream" | "text/plain" | "application/json" | "text/csv" => match extension.as_str() {
                "csv" => Some(Format::Csv),
                "json" => Some(Format::Json),
                "geojson" => Some(Format::GeoJson),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_from_its_id_and_has_a_distinct_uri() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            id: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
            uri: fn(T) -> String,
        ) {
            let mut uris: Vec<String> = all.iter().map(|v| uri(*v)).collect();
            uris.sort();
            uris.dedup();
            assert_eq!(uris.len(), all.len());
            for value in all {
                assert_eq!(parse(id(*value)), Some(*value));
            }
        }
        check(Category::ALL, Category::id, Category::parse, Category::uri);
        check(Theme::ALL, Theme::id, Theme::parse, Theme::uri);
        check(Licence::ALL, Licence::id, Licence::parse, Licence::uri);
        check(Frequency::ALL, Frequency::id, Frequency::parse, Frequency::uri);
        check(Format::ALL, Format::id, Format::parse, Format::uri);
        assert_eq!(Licence::parse("nonsense"), None);
    }

    #[test]
    fn an_upload_is_known_by_its_content_not_its_name() {
        assert_eq!(Format::of_upload("bericht.pdf", "application/pdf"), Some(Format::Pdf));
        assert_eq!(Format::of_upload("bericht", "application/pdf"), Some(Format::Pdf));
        assert_eq!(Format::of_upload("tabelle.xlsx", "application/zip"), Some(Format::Xlsx));
        assert_eq!(Format::of_upload("daten.csv", "application/octet-stream"), Some(Format::Csv));
        assert_eq!(Format::of_upload("bericht.pdf", "application/zip"), None);
        assert_eq!(Format::of_upload("bild.csv", "image/png"), None);
    }
}
