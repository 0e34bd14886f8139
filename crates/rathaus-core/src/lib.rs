//! Rathaus domain modules. Each knows its rules and its tables; none knows HTTP.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod catalog;
pub mod demo;
pub mod feedback;
