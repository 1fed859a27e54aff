//! A person's name: first name, last name or legal full name.

use serde::{Deserialize, Serialize};

use crate::values::bounded_text::bounded_text;
use crate::values::invalid_value::InvalidValue;

/// A person's name as they write it (first name, last name or legal full name).
///
/// Trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// The longest value accepted, in characters.
    pub const MAX_CHARS: usize = 100;

    /// Validates and trims `input`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        bounded_text(input, Self::MAX_CHARS).map(Self)
    }

    /// The value as stored: trimmed, otherwise as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims_a_valid_value() {
        let value = PersonName::parse("  Ada Lovelace  ").expect("valid");
        assert_eq!(value.as_str(), "Ada Lovelace");
        let longest = "x".repeat(100);
        assert_eq!(
            PersonName::parse(&longest).expect("valid").as_str(),
            longest
        );
    }

    #[test]
    fn refuses_an_empty_value() {
        assert_eq!(
            PersonName::parse("   "),
            Err(InvalidValue::new("must not be empty"))
        );
    }

    #[test]
    fn refuses_a_value_over_100_characters() {
        assert_eq!(
            PersonName::parse(&"x".repeat(100 + 1)),
            Err(InvalidValue::new("must be at most 100 characters"))
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            PersonName::parse("Ada Lovelace\u{7}"),
            Err(InvalidValue::new("must not contain control characters"))
        );
    }

    #[test]
    fn deserialising_validates_again() {
        let value: PersonName = serde_json::from_str("\" Ada Lovelace \"").expect("valid json");
        assert_eq!(value.as_str(), "Ada Lovelace");
        assert_eq!(
            serde_json::to_string(&value).expect("serialises"),
            "\"Ada Lovelace\""
        );
        let error = serde_json::from_str::<PersonName>("\"\"").expect_err("empty is refused");
        assert!(error.to_string().contains("must not be empty"));
    }
}
