//! The demo city shipped with Rathaus (`data/demo/`), embedded so that `rathaus serve
//! --demo` works from any directory.

use crate::catalog::{CatalogFile, ImportSummary, import};
use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;

const AGENCIES: &str = include_str!("../../../data/demo/agencies.json");
const LOCATIONS: &str = include_str!("../../../data/demo/locations.json");
const SERVICES: &str = include_str!("../../../data/demo/services.json");
const IT_PROCEDURES: &str = include_str!("../../../data/demo/it_procedures.json");

/// The demo catalogue as one import document.
pub fn catalog() -> Result<CatalogFile> {
    Ok(CatalogFile {
        agencies: serde_json::from_str(AGENCIES)?,
        locations: serde_json::from_str(LOCATIONS)?,
        services: serde_json::from_str(SERVICES)?,
        it_procedures: serde_json::from_str(IT_PROCEDURES)?,
    })
}

/// Loads (or refreshes) the demo city. Safe to run on every start.
pub async fn load(db: &Db, clock: &dyn Clock) -> Result<ImportSummary> {
    import(db, clock, "system:demo", &catalog()?).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_catalogue_is_consistent() {
        let catalog = super::catalog().unwrap();
        if let Err(problems) = catalog.validate() {
            panic!("the demo catalogue has problems:\n{}", problems.join("\n"));
        }
        assert_eq!(catalog.services.len(), 70);
        assert_eq!(catalog.agencies.len(), 20);
        assert_eq!(catalog.locations.len(), 13);
        assert_eq!(catalog.it_procedures.len(), 25);
        let easy_read = catalog.services.iter().filter(|s| s.summary_leichte.is_some()).count();
        assert!(easy_read >= 15, "Leichte Sprache for at least 15 services, found {easy_read}");
    }
}
