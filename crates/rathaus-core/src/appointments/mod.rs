//! Appointments (Termine): calendars per location, free slots, and bookings that are
//! held, confirmed, moved and cancelled without ever giving one place twice.

pub mod booking;
pub mod calendar;
pub mod counter;
pub mod figures;
pub mod free;
pub mod holidays;
pub mod jobs;
pub mod kiosks;
pub mod notices;
pub mod recent;
pub mod release;
pub mod reminder;
pub mod slots;
pub mod store;
pub mod waitlist;

pub use booking::{Confirmed, HoldRequest, Moved, Outcome, Owner, Rules};
pub use calendar::{Calendar, Visit};
pub use notices::Site;
pub use store::{Appointment, Status};
