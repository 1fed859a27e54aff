//! A business's legal name (S3).

use serde::{Deserialize, Serialize};

use crate::values::bounded_text::bounded_text;
use crate::values::invalid_value::InvalidValue;

/// The legal name of a vendor's business, as printed on attestation documents (S9).
///
/// Trimmed, 1–200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BusinessName(String);

impl BusinessName {
    /// The longest value accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Validates and trims `input`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        bounded_text(input, Self::MAX_CHARS).map(Self)
    }

    /// The value as stored: trimmed, otherwise as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BusinessName {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<BusinessName> for String {
    fn from(value: BusinessName) -> Self {
        value.0
    }
}

impl std::fmt::Display for BusinessName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims_a_valid_value() {
        let value = BusinessName::parse("  Acme Health Apps, Inc.  ").expect("valid");
        assert_eq!(value.as_str(), "Acme Health Apps, Inc.");
        let longest = "x".repeat(200);
        assert_eq!(
            BusinessName::parse(&longest).expect("valid").as_str(),
            longest
        );
    }

    #[test]
    fn refuses_an_empty_value() {
        assert_eq!(
            BusinessName::parse("   "),
            Err(InvalidValue::new("must not be empty"))
        );
    }

    #[test]
    fn refuses_a_value_over_200_characters() {
        assert_eq!(
            BusinessName::parse(&"x".repeat(200 + 1)),
            Err(InvalidValue::new("must be at most 200 characters"))
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            BusinessName::parse("Acme Health Apps, Inc.\u{7}"),
            Err(InvalidValue::new("must not contain control characters"))
        );
    }

    #[test]
    fn deserialising_validates_again() {
        let value: BusinessName =
            serde_json::from_str("\" Acme Health Apps, Inc. \"").expect("valid json");
        assert_eq!(value.as_str(), "Acme Health Apps, Inc.");
        assert_eq!(
            serde_json::to_string(&value).expect("serialises"),
            "\"Acme Health Apps, Inc.\""
        );
        let error = serde_json::from_str::<BusinessName>("\"\"").expect_err("empty is refused");
        assert!(error.to_string().contains("must not be empty"));
    }
}
