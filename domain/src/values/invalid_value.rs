//! The two error shapes every value object and validation rule shares.

use serde::{Deserialize, Serialize};

/// A value that broke a rule, described for the person who typed it.
///
/// Value objects do not know which form field they were read from, so they return this and
/// the caller names the field with [`InvalidValue::at`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

impl InvalidValue {
    /// A failure with the given human-readable message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// Ties this failure to the input field it came from.
    pub fn at(self, field: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: self.0,
        }
    }
}

/// One failed rule tied to the input field it belongs to, as the API reports it.
///
/// Field names are the API's input names in camelCase, with `.` for nesting and `[i]` for list
/// positions: `homepageUrl`, `address.city`, `additionalRedirectUris[2]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The input field, e.g. `shortDescription`.
    pub field: String,
    /// What is wrong with it, in words fit for the person who filled it in.
    pub message: String,
}

impl FieldError {
    /// A failure of `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
