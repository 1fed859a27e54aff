//! Value objects: validated, immutable values that make invalid input unrepresentable.
//!
//! Each type checks its rules in `parse` (or `check`) and deserialises through the same
//! checks, so no event or command can carry an invalid value.

pub mod app_name;
pub mod authentication;
pub mod bounded_text;
pub mod business_name;
pub mod categories;
pub mod change_notes;
pub mod duns_number;
pub mod email_address;
pub mod https_url;
pub mod icon;
pub mod inline_jwks;
pub mod invalid_value;
pub mod long_description;
pub mod message_body;
pub mod password;
pub mod person_name;
pub mod phone_number;
pub mod position;
pub mod postal_address;
pub mod reason;
pub mod redirect_uri;
pub mod reviewer_notes;
pub mod role;
pub mod short_description;
pub mod smart_scope;
pub mod vendor_profile;
