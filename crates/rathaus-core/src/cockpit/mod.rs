//! The CDO office's tools: the register of IT procedures and their ageing, and how
//! digital each service really is.
//!
//! - [`it_procedure`]: an entry of the register and its vocabularies
//! - [`input`]: an entry as text (a sheet's row, the edit form), read with every wrong field named
//! - [`end_of_support`]: the shipped end-of-support table and a component's status on a day
//! - [`risk`]: the documented risk score per procedure; [`ageing`]: the register read on a day
//! - [`register`]: who reads and edits what, each read and change audited and each change a revision
//! - [`sheet`], [`sbom`]: CSV/XLSX in and out, components from a CycloneDX SBOM
//! - [`measure`]: replacement measures; [`roadmap`]: what needs doing where, and when
//! - [`reminders`]: the owners reminded before an end of support without a measure
//! - [`store`]: the tables
//! - [`maturity`]: each service's OZG level computed with its evidence; [`usage`]: online
//!   against counter, lead times, payments per month; [`snapshot`]: the monthly history;
//!   [`digitalisation`]: the figures every page and the report read
//! - [`strategy`]: an agency's digital strategy, its goals read from live figures;
//!   [`strategy_input`]: its forms; [`strategies`]: who reads and changes it, each change a
//!   revision; [`review`]: the CDO office's assessment and the agency's answer
//! - [`report`]: the progress report for a period, as a page and as a PDF/A

pub mod ageing;
pub mod digitalisation;
pub mod end_of_support;
pub mod input;
pub mod it_procedure;
pub mod maturity;
pub mod measure;
pub mod register;
pub mod reminders;
pub mod report;
pub mod review;
pub mod risk;
pub mod roadmap;
pub mod sbom;
pub mod sheet;
pub mod snapshot;
pub mod store;
pub mod strategies;
pub mod strategy;
pub mod strategy_input;
pub mod usage;
