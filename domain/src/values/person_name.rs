//! A person's name: first name, last name or legal full name.

use crate::values::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// A person's name as they write it (first name, last name or legal full name).
    ///
    /// Trimmed, 1–100 characters, no control characters.
    pub struct PersonName;
    rules = TextRules::single_line(Self::MAX_CHARS);
}

impl PersonName {
    /// The longest value accepted, in characters.
    pub const MAX_CHARS: usize = 100;
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
