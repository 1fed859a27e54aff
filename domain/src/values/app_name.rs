//! The name of an app (S4 step 1), unique across the portal.

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Fewest characters a name may have after normalising.
const MIN_CHARS: usize = 3;
/// Most characters a name may have after normalising.
const MAX_CHARS: usize = 80;

/// A valid app name, kept in its normalised display form together with its uniqueness key.
///
/// Equality compares the display form, so `My App` and `my app` are different values with the
/// same [`AppName::key`]; uniqueness checks must compare keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AppName {
    display: String,
    key: String,
}

impl AppName {
    /// Normalises and checks a name as typed.
    ///
    /// Leading and trailing white space is removed and every inner run of Unicode white space
    /// becomes one space, so names that look the same are the same name. The result must be
    /// 3–80 characters (Unicode scalar values) with no control characters.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        // Tabs and line breaks are white space, so they are folded into spaces here rather
        // than refused as control characters below.
        let display = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if display.chars().any(char::is_control) {
            return Err(InvalidValue::new("must not contain control characters"));
        }
        let length = display.chars().count();
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
        let key = display.to_lowercase();
        Ok(Self { display, key })
    }

    /// The name as shown: normalised white space, the user's capitalisation kept.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// The key names are unique by: the display form case-folded.
    ///
    /// Case folding is done with Unicode lower-casing (`str::to_lowercase`), which matches full
    /// case folding for all but a few special characters (for example `ß` is not expanded to
    /// `ss`); it is stable, which matters more here because keys are stored as stream ids.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl std::fmt::Display for AppName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display)
    }
}

impl TryFrom<String> for AppName {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AppName> for String {
    fn from(value: AppName) -> Self {
        value.display
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_collapses_inner_white_space() {
        let name = AppName::parse("  My \t Health\n\u{00A0}App  ").unwrap();
        assert_eq!(name.as_str(), "My Health App");
        assert_eq!(name.to_string(), "My Health App");
    }

    #[test]
    fn key_is_case_folded_display_form() {
        let a = AppName::parse("My  HEALTH App").unwrap();
        let b = AppName::parse(" my health app").unwrap();
        assert_eq!(a.as_str(), "My HEALTH App");
        assert_eq!(a.key(), "my health app");
        assert_eq!(a.key(), b.key());
        assert_ne!(a, b);
        assert_eq!(AppName::parse("ÉCLAIR").unwrap().key(), "éclair");
    }

    #[test]
    fn length_bounds_count_characters_after_normalising() {
        assert_eq!(AppName::parse("abc").unwrap().as_str(), "abc");
        // Inner runs collapse to one space, which counts as one character.
        assert_eq!(AppName::parse(" a    b ").unwrap().as_str(), "a b");
        assert_eq!(
            AppName::parse("  ab      ").unwrap_err().0,
            "must be at least 3 characters"
        );
        assert_eq!(
            AppName::parse("").unwrap_err().0,
            "must be at least 3 characters"
        );
        // Three characters that take more than three bytes still count as three.
        assert!(AppName::parse("äöü").is_ok());
        assert!(AppName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(
            AppName::parse(&"é".repeat(81)).unwrap_err().0,
            "must be at most 80 characters"
        );
        // Trailing spaces do not count towards the maximum.
        assert!(AppName::parse(&format!("{}     ", "x".repeat(80))).is_ok());
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            AppName::parse("Bell\u{7}App").unwrap_err().0,
            "must not contain control characters"
        );
        assert_eq!(
            AppName::parse("Nul\u{0}App").unwrap_err().0,
            "must not contain control characters"
        );
        assert!(AppName::parse("Plain App").is_ok());
    }

    #[test]
    fn serde_uses_the_display_form_and_validates() {
        let name = AppName::parse(" Cardio   Tracker ").unwrap();
        let json = serde_json::to_string(&name).unwrap();
        assert_eq!(json, "\"Cardio Tracker\"");
        let back: AppName = serde_json::from_str(&json).unwrap();
        assert_eq!(back, name);
        assert_eq!(back.key(), "cardio tracker");
        let err = serde_json::from_str::<AppName>("\"ab\"").unwrap_err();
        assert!(err.to_string().contains("must be at least 3 characters"));
    }
}
