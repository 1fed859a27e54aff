//! The rules shared by every bounded free-text value, from one-line names to Markdown prose.
//!
//! [`TextRules`] says what a value accepts; `bounded_text_value!` declares a newtype that
//! checks those rules in `parse` and deserialises through the same check. Each value type keeps
//! only its declaration, its limits and messages, and the tests that are its own; the rules all
//! of them share are tested once, type by type, in the table at the end of this file.

use crate::values::invalid_value::InvalidValue;

/// What a bounded free-text value accepts once trimmed, and what it says when it refuses.
///
/// Lengths count Unicode scalar values (`char`s), not bytes, so that text written in a
/// non-Latin script gets the same allowance as text written in ASCII. Control characters are
/// refused because these values end up in e-mails, attestation documents and HTML pages, where a
/// stray escape sequence would corrupt the layout, and NUL cannot even be stored in a Postgres
/// text or jsonb column. Prose may keep its line breaks and tabs; single-line values may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRules {
    min: usize,
    max: usize,
    allow_line_breaks: bool,
    too_short_message: Option<&'static str>,
    // The single-line and the prose values were written separately and check in a different
    // order, which shows only when an input breaks two rules at once: 101 characters ending in a
    // BEL are "too long" as a name but "control characters" as prose. The order is kept so that
    // no input changes its message.
    characters_first: bool,
}

impl TextRules {
    /// A single line of 1 to `max` characters, such as a name: blank is "must not be empty".
    pub const fn single_line(max: usize) -> Self {
        Self {
            min: 1,
            max,
            allow_line_breaks: false,
            too_short_message: Some("must not be empty"),
            characters_first: false,
        }
    }

    /// Prose of `min` to `max` characters that may keep its line breaks and tabs.
    ///
    /// With `min` 0 a blank input is accepted as the empty text. Too-short text is "must be at
    /// least `min` characters" unless [`TextRules::too_short`] says otherwise.
    pub const fn prose(min: usize, max: usize) -> Self {
        Self {
            min,
            max,
            allow_line_breaks: true,
            too_short_message: None,
            characters_first: true,
        }
    }

    /// Says `message` for text shorter than the minimum; with a minimum of 1 that is blank text,
    /// so this is where a field says what is missing ("a reason is required").
    pub const fn too_short(self, message: &'static str) -> Self {
        Self {
            too_short_message: Some(message),
            ..self
        }
    }

    /// Trims `input`, checks it against the rules and returns it otherwise as typed.
    pub fn check(&self, input: &str) -> Result<String, InvalidValue> {
        let text = input.trim();
        if self.characters_first {
            self.check_characters(text)?;
            self.check_length(text)?;
        } else {
            self.check_length(text)?;
            self.check_characters(text)?;
        }
        Ok(text.to_owned())
    }

    fn check_length(&self, text: &str) -> Result<(), InvalidValue> {
        let length = text.chars().count();
        if length < self.min {
            return Err(match self.too_short_message {
                Some(message) => InvalidValue::new(message),
                None => InvalidValue::new(format!("must be at least {} characters", self.min)),
            });
        }
        if length > self.max {
            return Err(InvalidValue::new(format!(
                "must be at most {} characters",
                self.max
            )));
        }
        Ok(())
    }

    fn check_characters(&self, text: &str) -> Result<(), InvalidValue> {
        let line_break_or_tab = |c: char| matches!(c, '\n' | '\r' | '\t');
        if text
            .chars()
            .any(|c| c.is_control() && !(self.allow_line_breaks && line_break_or_tab(c)))
        {
            return Err(InvalidValue::new("must not contain control characters"));
        }
        Ok(())
    }
}

/// Trims `input` and checks that it is a single line of 1 to `max` characters with no control
/// characters: [`TextRules::single_line`] for fields that are not a type of their own (the
/// lines of a postal address).
pub fn bounded_text(input: &str, max: usize) -> Result<String, InvalidValue> {
    TextRules::single_line(max).check(input)
}

/// Like [`bounded_text`], but a blank input means "not given" and yields `None`.
pub fn optional_bounded_text(input: &str, max: usize) -> Result<Option<String>, InvalidValue> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        bounded_text(input, max).map(Some)
    }
}

/// Declares a bounded free-text value: a `String` newtype whose only way in is
/// `TextRules::check`.
///
/// ```text
/// bounded_text_value! {
///     /// A reason for a rejection or suspension: 1–2000 characters after trimming.
///     pub struct Reason;
///     rules = TextRules::prose(1, 2000).too_short("a reason is required");
/// }
/// ```
///
/// The type gets `parse`, `as_str`, `Display`, `TryFrom<String>`, `From<Self> for String` and
/// serde as the plain string. Deserialising goes through `TryFrom`, so a value read back from
/// the event log or a request body is checked exactly like one typed in. Attributes written
/// before `pub struct` (docs, an extra `#[derive(Default)]`) are kept; anything else the type
/// needs goes in its own `impl` block next to the macro call.
macro_rules! bounded_text_value {
    (
        $(#[$attribute:meta])*
        pub struct $name:ident;
        rules = $rules:expr;
    ) => {
        $(#[$attribute])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The rules `parse` applies, as described on the type.
            const RULES: $crate::values::bounded_text::TextRules = $rules;

            /// Checks the text as typed against the rules described on the type. Leading and
            /// trailing white space is removed; the rest is kept as typed.
            pub fn parse(input: &str) -> Result<Self, $crate::values::invalid_value::InvalidValue> {
                Self::RULES.check(input).map(Self)
            }

            /// The text as stored: trimmed, otherwise as typed.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::values::invalid_value::InvalidValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}
pub(crate) use bounded_text_value;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::fmt::{Debug, Display};
    use std::hash::Hash;

    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use super::*;
    use crate::values::{
        business_name::BusinessName, change_notes::ChangeNotes, long_description::LongDescription,
        message_body::MessageBody, person_name::PersonName, position::Position, reason::Reason,
        reviewer_notes::ReviewerNotes, short_description::ShortDescription,
    };

    const CONTROL: &str = "must not contain control characters";

    #[test]
    fn bounded_text_is_a_single_line_within_the_limit() {
        assert_eq!(bounded_text("  Ada  ", 5), Ok("Ada".to_owned()));
        assert_eq!(bounded_text("ééééé", 5), Ok("ééééé".to_owned()));
        assert_eq!(
            bounded_text(" \t ", 5),
            Err(InvalidValue::new("must not be empty"))
        );
        assert_eq!(
            bounded_text("abcdef", 5),
            Err(InvalidValue::new("must be at most 5 characters"))
        );
        assert_eq!(bounded_text("a\nb", 5), Err(InvalidValue::new(CONTROL)));
    }

    #[test]
    fn optional_text_treats_blank_as_absent() {
        assert_eq!(optional_bounded_text("  ", 5), Ok(None));
        assert_eq!(optional_bounded_text(" x ", 5), Ok(Some("x".to_owned())));
        assert_eq!(
            optional_bounded_text("abcdef", 5),
            Err(InvalidValue::new("must be at most 5 characters"))
        );
    }

    /// What one type promises, written out rather than read from its rules, so that a changed
    /// limit or message fails here.
    struct Expect {
        min: usize,
        max: usize,
        line_breaks: bool,
        /// What a blank input gives: the empty text, or the type's message for a missing value.
        blank: Result<&'static str, &'static str>,
        /// The message for text that is not blank but too short (only for minimums above 1).
        too_short: Option<&'static str>,
        too_long: &'static str,
    }

    /// Parses through `T`'s public surface: `TryFrom` (which is `parse`), `Display` and
    /// `Into<String>` (which is `as_str`), checking that the last two agree.
    fn parse<T>(input: &str) -> Result<String, InvalidValue>
    where
        T: TryFrom<String, Error = InvalidValue> + Display + Into<String>,
    {
        let value = T::try_from(input.to_owned())?;
        let shown = value.to_string();
        let stored: String = value.into();
        assert_eq!(shown, stored);
        Ok(stored)
    }

    /// Reads `T` from `text` as a JSON string and writes it back; the bounds pin the derives.
    fn json<T>(text: &str) -> Result<String, String>
    where
        T: Serialize + DeserializeOwned + Debug + Clone + PartialEq + Eq + Hash,
    {
        let json = serde_json::to_string(text).unwrap();
        let value = serde_json::from_str::<T>(&json).map_err(|e| e.to_string())?;
        Ok(serde_json::to_string(&value).unwrap())
    }

    /// Checks a valid and an invalid input for every rule of `T`.
    fn check<T>(expect: &Expect)
    where
        T: TryFrom<String, Error = InvalidValue> + Display + Into<String>,
        T: Serialize + DeserializeOwned + Debug + Clone + PartialEq + Eq + Hash,
    {
        let name = std::any::type_name::<T>();
        let refused = |message: &str| Err(InvalidValue::new(message));
        let a = |n: usize| "a".repeat(n);
        let shortest = expect.min.max(1);

        // Length: counted in characters, not bytes, after trimming.
        let short = "é".repeat(shortest);
        assert_eq!(parse::<T>(&format!("  {short}  ")), Ok(short), "{name}");
        let long = "é".repeat(expect.max);
        assert_eq!(parse::<T>(&format!(" \t{long}\n ")), Ok(long), "{name}");
        let too_long = "é".repeat(expect.max + 1);
        assert_eq!(parse::<T>(&too_long), refused(expect.too_long), "{name}");
        for blank in ["", " \n\t "] {
            let expected = expect.blank.map(str::to_owned).map_err(InvalidValue::new);
            assert_eq!(parse::<T>(blank), expected, "{name}");
        }
        match expect.too_short {
            Some(message) => {
                let too_short = format!("  {}  ", a(expect.min - 1));
                assert_eq!(parse::<T>(&too_short), refused(message), "{name}");
            }
            None => assert!(expect.min <= 1, "{name} needs a too-short message"),
        }

        // Characters: the inside is kept as typed; control characters are refused, except line
        // breaks and tabs in prose.
        let text = format!("{}\n\n\tsecond line\r\n", a(shortest));
        let expected = if expect.line_breaks {
            Ok(text.trim().to_owned())
        } else {
            refused(CONTROL)
        };
        assert_eq!(parse::<T>(&format!("  {text}  ")), expected, "{name}");
        for bad in [
            format!("{}\u{0}", a(shortest)),
            format!("{}\u{7}b", a(shortest)),
        ] {
            assert_eq!(parse::<T>(&bad), refused(CONTROL), "{name}");
        }

        // Which rule speaks when two are broken (see `TextRules::characters_first`): prose
        // names the character even when it is also too short or too long; a single line that is
        // too long names the length.
        assert_eq!(parse::<T>("a\u{7}"), refused(CONTROL), "{name}");
        let expected = if expect.line_breaks {
            CONTROL
        } else {
            expect.too_long
        };
        let long_and_bad = format!("{}\u{7}", a(expect.max));
        assert_eq!(parse::<T>(&long_and_bad), refused(expected), "{name}");

        // Serde: the plain string, checked again on the way in.
        let valid = a(shortest);
        let round_trip = json::<T>(&format!(" {valid} "));
        assert_eq!(round_trip, Ok(format!("\"{valid}\"")), "{name}");
        let error = json::<T>(&a(expect.max + 1)).unwrap_err();
        assert!(error.contains(expect.too_long), "{name}: {error}");
        match expect.blank {
            Ok(empty) => assert_eq!(json::<T>(""), Ok(format!("\"{empty}\"")), "{name}"),
            Err(message) => assert!(json::<T>("").unwrap_err().contains(message), "{name}"),
        }
    }

    #[test]
    fn every_bounded_text_type_keeps_its_limits_and_messages() {
        let single_line = |max: usize, too_long| Expect {
            min: 1,
            max,
            line_breaks: false,
            blank: Err("must not be empty"),
            too_short: None,
            too_long,
        };
        check::<PersonName>(&single_line(100, "must be at most 100 characters"));
        check::<Position>(&single_line(100, "must be at most 100 characters"));
        check::<BusinessName>(&single_line(200, "must be at most 200 characters"));

        let required = |max: usize, message, too_long| Expect {
            min: 1,
            max,
            line_breaks: true,
            blank: Err(message),
            too_short: None,
            too_long,
        };
        check::<Reason>(&required(
            2000,
            "a reason is required",
            "must be at most 2000 characters",
        ));
        check::<MessageBody>(&required(
            4000,
            "a message is required",
            "must be at most 4000 characters",
        ));
        check::<ChangeNotes>(&required(
            2000,
            "change notes are required on a re-registration",
            "must be at most 2000 characters",
        ));

        check::<ReviewerNotes>(&Expect {
            min: 0,
            max: 2000,
            line_breaks: true,
            blank: Ok(""),
            too_short: None,
            too_long: "must be at most 2000 characters",
        });
        check::<ShortDescription>(&Expect {
            min: 20,
            max: 150,
            line_breaks: true,
            blank: Err("must be at least 20 characters"),
            too_short: Some("must be at least 20 characters"),
            too_long: "must be at most 150 characters",
        });
        check::<LongDescription>(&Expect {
            min: 200,
            max: 4000,
            line_breaks: true,
            blank: Err("must be at least 200 characters"),
            too_short: Some("must be at least 200 characters"),
            too_long: "must be at most 4000 characters",
        });
    }
}
