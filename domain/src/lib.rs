//! Portico's domain: the rules of the developer portal, free of I/O.
//!
//! Aggregates decide on commands and emit events; value objects make invalid input
//! unrepresentable. Time, new ids and facts owned by other aggregates arrive on the commands,
//! so every decision here is deterministic and testable without a database.

pub mod account;
pub mod actor;
pub mod app_name_reservation;
pub mod app_registration;
pub mod email_reservation;
pub mod values;
