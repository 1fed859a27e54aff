//! The full description of an app (S4 step 3): Markdown, shown rendered and sanitised.

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Fewest characters allowed after trimming.
const MIN_CHARS: usize = 200;
/// Most characters allowed after trimming.
const MAX_CHARS: usize = 4000;

/// A long description: 200–4000 characters of Markdown after trimming.
///
/// The Markdown is kept exactly as typed (apart from the trimming); rendering and sanitising
/// are the reader's job, so no HTML is interpreted here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LongDescription(String);

impl LongDescription {
    /// Checks the text as typed.
    ///
    /// Leading and trailing white space is removed; the Markdown inside is kept as typed.
    /// Characters are counted as Unicode scalar values; line breaks and tabs are allowed,
    /// other control characters are not.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let text = input.trim();
        // Line breaks and tabs belong in prose; other control characters are invisible and
        // NUL cannot even be stored in a Postgres text or jsonb column.
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(InvalidValue::new("must not contain control characters"));
        }
        let length = text.chars().count();
        if length < MIN_CHARS {
            return Err(InvalidValue::new(format!(
                "must be at least {MIN_CHARS} characters"
            )));
        }
        if length > MAX_CHARS {
            return Err(InvalidValue::new(format!(
                "must be at most {MAX_CHARS} characters"
            )));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LongDescription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LongDescription {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LongDescription> for String {
    fn from(value: LongDescription) -> Self {
        value.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn minimum_length() {
        assert_eq!(
            LongDescription::parse(&"a".repeat(200))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            200
        );
        assert_eq!(
            LongDescription::parse(&"a".repeat(199)).unwrap_err().0,
            "must be at least 200 characters"
        );
        // Surrounding spaces do not count.
        assert_eq!(
            LongDescription::parse(&format!("  {}  ", "a".repeat(199)))
                .unwrap_err()
                .0,
            "must be at least 200 characters"
        );
        assert_eq!(
            LongDescription::parse("").unwrap_err().0,
            "must be at least 200 characters"
        );
    }

    #[test]
    fn maximum_length_counts_characters() {
        assert!(LongDescription::parse(&"é".repeat(4000)).is_ok());
        assert_eq!(
            LongDescription::parse(&"é".repeat(4001)).unwrap_err().0,
            "must be at most 4000 characters"
        );
        // Trailing spaces are trimmed before counting.
        assert!(LongDescription::parse(&format!("{}   ", "a".repeat(4000))).is_ok());
    }

    #[test]
    fn trims_and_keeps_inner_text_as_typed() {
        let text = format!("{}\n\n\tsecond line\r\n", "a".repeat(200));
        let value = LongDescription::parse(&format!("  {text}  ")).unwrap();
        assert_eq!(value.as_str(), text.trim());
        assert_eq!(value.to_string(), text.trim());
    }

    #[test]
    fn refuses_control_characters_other_than_line_breaks_and_tabs() {
        let bad = format!("{}\u{0}", "a".repeat(200));
        assert_eq!(
            LongDescription::parse(&bad).unwrap_err().0,
            "must not contain control characters"
        );
        let bell = format!("{}\u{7}b", "a".repeat(200));
        assert_eq!(
            LongDescription::parse(&bell).unwrap_err().0,
            "must not contain control characters"
        );
    }

    #[test]
    fn serde_is_the_plain_text_and_revalidates() {
        let value = LongDescription::parse(&"a".repeat(200)).unwrap();
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("\"{}\"", "a".repeat(200)));
        assert_eq!(
            serde_json::from_str::<LongDescription>(&json).unwrap(),
            value
        );
        let too_long = serde_json::to_string(&"a".repeat(4001)).unwrap();
        assert!(serde_json::from_str::<LongDescription>(&too_long).is_err());
    }
}
