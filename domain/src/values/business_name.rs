//! A business's legal name (S3).

use crate::values::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// The legal name of a vendor's business, as printed on attestation documents (S9).
    ///
    /// Trimmed, 1–200 characters, no control characters.
    pub struct BusinessName;
    rules = TextRules::single_line(Self::MAX_CHARS);
}

impl BusinessName {
    /// The longest value accepted, in characters.
    pub const MAX_CHARS: usize = 200;
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
