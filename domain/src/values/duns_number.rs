//! A D-U-N-S number, the optional business identifier of a vendor (S3).

use serde::{Deserialize, Serialize};

use crate::values::invalid_value::InvalidValue;

/// A Dun & Bradstreet D-U-N-S number: exactly 9 digits, stored without separators.
///
/// It is often written `12-345-6789`; dashes and spaces are removed so that one number has one
/// stored form. There is no check digit to verify, so the digit count is the whole rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DunsNumber(String);

impl DunsNumber {
    /// Removes dashes and spaces from `input` and checks that 9 digits remain.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let digits: String = input
            .chars()
            .filter(|c| !(c.is_whitespace() || *c == '-'))
            .collect();
        if digits.len() == 9 && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(digits))
        } else {
            Err(InvalidValue::new("must be exactly 9 digits"))
        }
    }

    /// The 9 digits, without separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DunsNumber {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DunsNumber> for String {
    fn from(value: DunsNumber) -> Self {
        value.0
    }
}

impl std::fmt::Display for DunsNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_dashes_and_spaces() {
        assert_eq!(
            DunsNumber::parse("12-345-6789").expect("valid").as_str(),
            "123456789"
        );
        assert_eq!(
            DunsNumber::parse(" 123 456 789 ").expect("valid").as_str(),
            "123456789"
        );
    }

    #[test]
    fn needs_exactly_9_digits() {
        let message = InvalidValue::new("must be exactly 9 digits");
        assert_eq!(DunsNumber::parse("12345678"), Err(message.clone()));
        assert_eq!(DunsNumber::parse("1234567890"), Err(message.clone()));
        assert_eq!(DunsNumber::parse("12345678A"), Err(message.clone()));
        assert_eq!(DunsNumber::parse("١٢٣٤٥٦٧٨٩"), Err(message.clone()));
        assert_eq!(DunsNumber::parse(""), Err(message));
    }

    #[test]
    fn deserialising_validates_again() {
        let duns: DunsNumber = serde_json::from_str("\"12-345-6789\"").expect("valid json");
        assert_eq!(
            serde_json::to_string(&duns).expect("serialises"),
            "\"123456789\""
        );
        assert!(serde_json::from_str::<DunsNumber>("\"1234\"").is_err());
    }
}
