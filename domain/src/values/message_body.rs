//! The text of a message posted on an app (S6).

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Most characters allowed after trimming.
const MAX_CHARS: usize = 4000;

/// The text of a message: 1–4000 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

impl MessageBody {
    /// Checks the text as typed.
    ///
    /// Leading and trailing white space is removed; the rest is kept as typed.
    /// Characters are counted as Unicode scalar values; line breaks and tabs are allowed,
    /// other control characters are not.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let text = input.trim();
        if text.is_empty() {
            return Err(InvalidValue::new("a message is required"));
        }
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
}

impl std::fmt::Display for MessageBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for MessageBody {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MessageBody> for String {
    fn from(value: MessageBody) -> Self {
        value.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn must_not_be_empty() {
        assert_eq!(MessageBody::parse("x").unwrap().as_str(), "x");
        assert_eq!(
            MessageBody::parse("").unwrap_err().0,
            "a message is required"
        );
        assert_eq!(
            MessageBody::parse(" \n\t ").unwrap_err().0,
            "a message is required"
        );
    }

    #[test]
    fn maximum_length_counts_characters() {
        assert!(MessageBody::parse(&"é".repeat(4000)).is_ok());
        assert_eq!(
            MessageBody::parse(&"é".repeat(4001)).unwrap_err().0,
            "must be at most 4000 characters"
        );
        // Trailing spaces are trimmed before counting.
        assert!(MessageBody::parse(&format!("{}   ", "a".repeat(4000))).is_ok());
    }

    #[test]
    fn trims_and_keeps_inner_text_as_typed() {
        let text = "a\n\n\tsecond line\r\n".to_owned();
        let value = MessageBody::parse(&format!("  {text}  ")).unwrap();
        assert_eq!(value.as_str(), text.trim());
        assert_eq!(value.to_string(), text.trim());
    }

    #[test]
    fn refuses_control_characters_other_than_line_breaks_and_tabs() {
        let bad = "a\u{0}".to_owned();
        assert_eq!(
            MessageBody::parse(&bad).unwrap_err().0,
            "must not contain control characters"
        );
        let bell = "a\u{7}b".to_owned();
        assert_eq!(
            MessageBody::parse(&bell).unwrap_err().0,
            "must not contain control characters"
        );
    }

    #[test]
    fn serde_is_the_plain_text_and_revalidates() {
        let value = MessageBody::parse("a").unwrap();
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, "\"a\"");
        assert_eq!(serde_json::from_str::<MessageBody>(&json).unwrap(), value);
        let too_long = serde_json::to_string(&"a".repeat(4001)).unwrap();
        assert!(serde_json::from_str::<MessageBody>(&too_long).is_err());
    }
}
