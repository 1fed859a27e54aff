//! The text of a message posted on an app (S6).

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// The text of a message: 1–4000 characters after trimming.
    ///
    /// Line breaks and tabs are allowed, other control characters are not.
    pub struct MessageBody;
    rules = TextRules::prose(1, 4000).too_short("a message is required");
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
