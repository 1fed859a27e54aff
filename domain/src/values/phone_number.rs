//! A telephone number in E.164 form (S3).

use serde::{Deserialize, Serialize};

use crate::values::invalid_value::InvalidValue;

/// A telephone number, stored in E.164 form (`+` then 8–15 digits, the first not 0).
///
/// People type numbers with spaces, dashes, dots and parentheses, and often with the
/// international prefix `00` instead of `+`; those are normalised away so that the same number
/// is always stored the same way and can be dialled from anywhere. Numbers without a country
/// code are refused rather than guessed: a vendor portal has no reliable home country.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// The fewest digits accepted after the `+`.
    pub const MIN_DIGITS: usize = 8;
    /// The most digits E.164 allows after the `+`.
    pub const MAX_DIGITS: usize = 15;

    /// Normalises `input` and checks that the result is an E.164 number.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let compact: String = input
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')')))
            .collect();
        if compact.is_empty() {
            return Err(InvalidValue::new("must not be empty"));
        }
        let digits = if let Some(rest) = compact.strip_prefix('+') {
            rest
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest
        } else {
            return Err(InvalidValue::new("must start with + and the country code"));
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(InvalidValue::new(
                "may contain only digits, spaces, -, ., ( and ) after the +",
            ));
        }
        if digits.starts_with('0') {
            return Err(InvalidValue::new("the country code must not start with 0"));
        }
        if !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits.len()) {
            return Err(InvalidValue::new(format!(
                "must have {} to {} digits after the +",
                Self::MIN_DIGITS,
                Self::MAX_DIGITS
            )));
        }
        Ok(Self(format!("+{digits}")))
    }

    /// The number in E.164 form, e.g. `+15551234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(input: &str) -> String {
        PhoneNumber::parse(input).expect_err("should be refused").0
    }

    #[test]
    fn normalises_punctuation_away() {
        let phone = PhoneNumber::parse(" +1 (555) 123-4567 ").expect("valid");
        assert_eq!(phone.as_str(), "+15551234567");
        assert_eq!(
            PhoneNumber::parse("+44.20.7946.0958")
                .expect("valid")
                .as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn turns_a_leading_00_into_a_plus() {
        assert_eq!(
            PhoneNumber::parse("0049 30 1234567")
                .expect("valid")
                .as_str(),
            "+49301234567"
        );
    }

    #[test]
    fn refuses_an_empty_number() {
        assert_eq!(refused(" - ( ) "), "must not be empty");
    }

    #[test]
    fn needs_a_plus_and_country_code() {
        assert_eq!(
            refused("555 123 4567"),
            "must start with + and the country code"
        );
        assert_eq!(
            refused("0555 123 4567"),
            "must start with + and the country code"
        );
    }

    #[test]
    fn refuses_letters_and_other_signs() {
        assert_eq!(
            refused("+1 555 CALL NOW"),
            "may contain only digits, spaces, -, ., ( and ) after the +"
        );
        assert_eq!(
            refused("+1/555/1234567"),
            "may contain only digits, spaces, -, ., ( and ) after the +"
        );
    }

    #[test]
    fn refuses_a_country_code_starting_with_0() {
        assert_eq!(
            refused("+0 555 123 4567"),
            "the country code must not start with 0"
        );
        assert_eq!(
            refused("000 555 123 4567"),
            "the country code must not start with 0"
        );
    }

    #[test]
    fn needs_8_to_15_digits() {
        assert!(PhoneNumber::parse("+12345678").is_ok());
        assert!(PhoneNumber::parse("+123456789012345").is_ok());
        assert_eq!(refused("+1234567"), "must have 8 to 15 digits after the +");
        assert_eq!(
            refused("+1234567890123456"),
            "must have 8 to 15 digits after the +"
        );
        assert_eq!(refused("+"), "must have 8 to 15 digits after the +");
    }

    #[test]
    fn deserialising_validates_again() {
        let phone: PhoneNumber = serde_json::from_str("\"+1 555 123 4567\"").expect("valid json");
        assert_eq!(phone.as_str(), "+15551234567");
        assert_eq!(
            serde_json::to_string(&phone).expect("serialises"),
            "\"+15551234567\""
        );
        let error = serde_json::from_str::<PhoneNumber>("\"12\"").expect_err("refused");
        assert!(error
            .to_string()
            .contains("must start with + and the country code"));
    }
}
