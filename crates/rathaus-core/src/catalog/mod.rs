//! The service catalogue (Leistungskatalog): agencies, locations and services.

mod model;
mod search;
mod snapshot;
mod store;

pub use model::*;
pub use search::{Evaluation, Filter as SearchFilter, RELEVANCE_SET, RelevanceSet, SearchIndex, evaluate as evaluate_search, fold, search};
pub use snapshot::{Catalog, CatalogCache, collate as collate_key};
pub use store::{ImportSummary, agency_name, export, import};
