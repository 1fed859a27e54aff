//! A person's position or designation within their business (S3).

use serde::{Deserialize, Serialize};

use crate::values::bounded_text::bounded_text;
use crate::values::invalid_value::InvalidValue;

/// The position or designation of the person who speaks for a business, e.g. "CTO".
///
/// It is printed on attestation documents (S9), so it stays a single short line.
///
/// Trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Position(String);

impl Position {
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

impl TryFrom<String> for Position {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Position> for String {
    fn from(value: Position) -> Self {
        value.0
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims_a_valid_value() {
        let value = Position::parse("  Chief Technology Officer  ").expect("valid");
        assert_eq!(value.as_str(), "Chief Technology Officer");
        let longest = "x".repeat(100);
        assert_eq!(Position::parse(&longest).expect("valid").as_str(), longest);
    }

    #[test]
    fn refuses_an_empty_value() {
        assert_eq!(
            Position::parse("   "),
            Err(InvalidValue::new("must not be empty"))
        );
    }

    #[test]
    fn refuses_a_value_over_100_characters() {
        assert_eq!(
            Position::parse(&"x".repeat(100 + 1)),
            Err(InvalidValue::new("must be at most 100 characters"))
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            Position::parse("Chief Technology Officer\u{7}"),
            Err(InvalidValue::new("must not contain control characters"))
        );
    }

    #[test]
    fn deserialising_validates_again() {
        let value: Position =
            serde_json::from_str("\" Chief Technology Officer \"").expect("valid json");
        assert_eq!(value.as_str(), "Chief Technology Officer");
        assert_eq!(
            serde_json::to_string(&value).expect("serialises"),
            "\"Chief Technology Officer\""
        );
        let error = serde_json::from_str::<Position>("\"\"").expect_err("empty is refused");
        assert!(error.to_string().contains("must not be empty"));
    }
}
