//! Integration tests: the real application on port 0, spoken to over HTTP, each test on
//! its own database (`RATHAUS_TEST_DATABASE=sqlite|postgres`).

mod accounts;
mod api;
mod applications;
mod applying;
mod appointments;
mod audit;
mod backup;
mod cases;
mod counter;
mod decisions;
mod delivery;
mod eid;
mod files;
mod form_help;
mod forms;
mod helpers;
mod information;
mod jobs;
mod journeys;
mod mail;
mod nodes;
mod organisations;
mod pages;
mod payments;
mod privacy;
mod retention;
mod rush;
mod schema;
mod second_factor;
mod security;
mod staff;
mod threads;
mod waitlist;
mod workspace;
