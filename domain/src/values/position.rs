//! A person's position or designation within their business (S3).

use crate::values::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// The position or designation of the person who speaks for a business, e.g. "CTO".
    ///
    /// It is printed on attestation documents (S9), so it stays a single short line.
    ///
    /// Trimmed, 1–100 characters, no control characters.
    pub struct Position;
    rules = TextRules::single_line(Self::MAX_CHARS);
}

impl Position {
    /// The longest value accepted, in characters.
    pub const MAX_CHARS: usize = 100;
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
