//! The demo city's publications (`data/demo/transparency/publications.json`): invented
//! records of the demo agencies, with real PDFs (set from their text, so they have a text
//! layer), tables and GeoJSON. Most are published; some wait in review or as drafts and
//! carry planted personal data that the check must find (each listed under `planted`).

use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::actions::{self, Upload};
use super::redact::text_document;
use super::{Desk, MetadataInput, Status, store};
use rathaus_platform::blobs::BlobStore;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::{Error, Result};

const PUBLICATIONS: &str = include_str!("../../../../data/demo/transparency/publications.json");

#[derive(Debug, Clone, Deserialize)]
pub struct DemoPublication {
    pub name: String,
    pub agency: String,
    pub category: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub themes: Vec<String>,
    pub keywords: Vec<String>,
    pub licence: String,
    pub contact: Contact,
    pub issued: NaiveDate,
    pub temporal: Option<Temporal>,
    pub spatial: String,
    pub frequency: String,
    pub legal_basis: String,
    pub state: String,
    pub resources: Vec<DemoResource>,
    /// The personal data planted in the resources, verbatim.
    #[serde(default)]
    pub planted: Vec<String>,
    /// A word that occurs only inside the PDF (for the full-text search's tests).
    pub pdf_only_word: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Temporal {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "format")]
pub enum DemoResource {
    #[serde(rename = "PDF")]
    Pdf { name: String, pages: Vec<String> },
    #[serde(rename = "CSV")]
    Csv { name: String, rows: Vec<Vec<String>> },
    #[serde(rename = "JSON")]
    Json { name: String, content: serde_json::Value },
    #[serde(rename = "GeoJSON")]
    GeoJson { name: String, content: serde_json::Value },
    #[serde(rename = "LINK")]
    Link { name: String, url: String },
}

pub fn publications() -> Result<Vec<DemoPublication>> {
    Ok(serde_json::from_str(PUBLICATIONS)?)
}

impl DemoPublication {
    fn metadata(&self) -> MetadataInput {
        MetadataInput {
            name: self.name.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone().unwrap_or_default(),
            description: self.description.clone(),
            description_en: self.description_en.clone().unwrap_or_default(),
            category: self.category.clone(),
            themes: self.themes.join(","),
            keywords: self.keywords.join(","),
            licence: self.licence.clone(),
            contact_name: self.contact.name.clone(),
            contact_email: self.contact.email.clone(),
            issued: self.issued.to_string(),
            temporal_start: self.temporal.as_ref().map(|t| t.start.to_string()).unwrap_or_default(),
            temporal_end: self.temporal.as_ref().map(|t| t.end.to_string()).unwrap_or_default(),
            spatial: self.spatial.clone(),
            frequency: self.frequency.clone(),
            legal_basis: self.legal_basis.clone(),
        }
    }

    /// The file of a resource as a publisher would upload it: its name and bytes.
    fn file(&self, resource: &DemoResource, agency_name: &str) -> Result<Option<(String, String, Vec<u8>)>> {
        let date = Utc.from_utc_datetime(&self.issued.and_hms_opt(9, 0, 0).expect("a valid time"));
        Ok(match resource {
            DemoResource::Pdf { name, pages } => Some((
                name.clone(),
                format!("{}.pdf", self.name),
                text_document(&self.title, None, agency_name, pages, &[], date)?,
            )),
            DemoResource::Csv { name, rows } => {
                let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
                for row in rows {
                    writer.write_record(row).map_err(|e| Error::internal(format!("demo csv: {e}")))?;
                }
                let bytes = writer.into_inner().map_err(|e| Error::internal(format!("demo csv: {e}")))?;
                Some((name.clone(), format!("{}.csv", self.name), bytes))
            }
            DemoResource::Json { name, content } => {
                Some((name.clone(), format!("{}.json", self.name), serde_json::to_vec_pretty(content)?))
            }
            DemoResource::GeoJson { name, content } => {
                Some((name.clone(), format!("{}.geojson", self.name), serde_json::to_vec_pretty(content)?))
            }
            DemoResource::Link { .. } => None,
        })
    }
}

/// Loads the demo publications that are not there yet (by name); returns how many were
/// added. Published ones go through the whole workflow, check included.
pub async fn load(db: &Db, blobs: &BlobStore, clock: &dyn Clock) -> Result<usize> {
    let desk = Desk::system("Demo");
    let mut added = 0;
    for demo in publications()? {
        if store::by_name(db.read(), &demo.name).await.is_ok() {
            continue;
        }
        let agency_name = crate::catalog::agency_name(db, &demo.agency).await.map_err(|e| match e {
            Error::NotFound => Error::Config(format!(
                "the demo publications belong to the demo city's agencies, and {} is not there. Fix: load the demo city first (`rathaus demo`)",
                demo.agency
            )),
            other => other,
        })?;
        let meta = demo
            .metadata()
            .parse()
            .map_err(|errors| Error::internal(format!("demo publication {}: {errors:?}", demo.name)))?;
        let publication = actions::create(db, clock, &desk, &demo.agency, meta, None).await?;
        for resource in &demo.resources {
            match demo.file(resource, &agency_name)? {
                Some((name, file_name, bytes)) => {
                    actions::add_file(
                        db,
                        blobs,
                        clock,
                        &desk,
                        publication.id,
                        Upload {
                            name,
                            description: String::new(),
                            file_name,
                            bytes,
                        },
                    )
                    .await?;
                }
                None => {
                    if let DemoResource::Link { name, url } = resource {
                        actions::add_link(db, clock, &desk, publication.id, (name, ""), url).await?;
                    }
                }
            }
        }
        match Status::parse(&demo.state) {
            Some(Status::Draft) => {}
            Some(Status::InReview) => actions::submit(db, clock, &desk, publication.id).await?,
            Some(Status::Published) => {
                actions::submit(db, clock, &desk, publication.id).await?;
                actions::release(db, clock, &desk, publication.id, None)
                    .await
                    .map_err(|e| Error::internal(format!("demo publication {} cannot be released: {e}", demo.name)))?;
            }
            _ => {
                return Err(Error::internal(format!(
                    "demo publication {}: unknown state {}",
                    demo.name, demo.state
                )));
            }
        }
        added += 1;
    }
    Ok(added)
}
