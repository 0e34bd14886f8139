//! Rathaus domain modules. Each knows its rules and its tables; none knows HTTP.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod applications;
pub mod appointments;
pub mod cases;
pub mod catalog;
pub mod cockpit;
pub mod codes;
pub mod cost;
pub mod demo;
pub mod feedback;
pub mod forms;
pub mod inbox;
pub mod jobs;
pub mod organisations;
pub mod payments;
pub mod transparency;

/// A problem with one form field, as a translation key; the web layer turns it into
/// the message at the field and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}
