//! Optional notes from the developer to the reviewer (S4 step 7).

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Most characters allowed after trimming.
const MAX_CHARS: usize = 2000;

/// Notes for the reviewer: up to 2000 characters after trimming, possibly none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(try_from = "String", into = "String")]
pub struct ReviewerNotes(String);

impl ReviewerNotes {
    /// Checks the text as typed.
    ///
    /// Leading and trailing white space is removed, so blank notes become empty notes.
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

    /// Whether no notes were given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for ReviewerNotes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ReviewerNotes {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ReviewerNotes> for String {
    fn from(value: ReviewerNotes) -> Self {
        value.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn may_be_empty() {
        let blank = ReviewerNotes::parse("  \n ").unwrap();
        assert!(blank.is_empty());
        assert_eq!(blank.as_str(), "");
        assert_eq!(blank, ReviewerNotes::default());
        assert!(!ReviewerNotes::parse("see attached").unwrap().is_empty());
    }

    #[test]
    fn maximum_length_counts_characters() {
        assert!(ReviewerNotes::parse(&"é".repeat(2000)).is_ok());
        assert_eq!(
            ReviewerNotes::parse(&"é".repeat(2001)).unwrap_err().0,
            "must be at most 2000 characters"
        );
        // Trailing spaces are trimmed before counting.
        assert!(ReviewerNotes::parse(&format!("{}   ", "a".repeat(2000))).is_ok());
    }

    #[test]
    fn trims_and_keeps_inner_text_as_typed() {
        let text = "a\n\n\tsecond line\r\n".to_owned();
        let value = ReviewerNotes::parse(&format!("  {text}  ")).unwrap();
        assert_eq!(value.as_str(), text.trim());
        assert_eq!(value.to_string(), text.trim());
    }

    #[test]
    fn refuses_control_characters_other_than_line_breaks_and_tabs() {
        let bad = "a\u{0}".to_owned();
        assert_eq!(
            ReviewerNotes::parse(&bad).unwrap_err().0,
            "must not contain control characters"
        );
        let bell = "a\u{7}b".to_owned();
        assert_eq!(
            ReviewerNotes::parse(&bell).unwrap_err().0,
            "must not contain control characters"
        );
    }

    #[test]
    fn serde_is_the_plain_text_and_revalidates() {
        let value = ReviewerNotes::parse("a").unwrap();
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"a\"");
        assert_eq!(serde_json::from_str::<ReviewerNotes>(&json).unwrap(), value);
        let too_long = serde_json::to_string(&"a".repeat(2001)).unwrap();
        assert!(serde_json::from_str::<ReviewerNotes>(&too_long).is_err());
    }
}
