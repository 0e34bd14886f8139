//! Fees and payments (Gebühren, Zahlungen): what a service costs, computed from the
//! answers on the server.

pub mod fees;
