//! The one-line summary of an app (S4 step 3), shown on App Gallery cards.

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// A short description: 20–150 characters after trimming.
    ///
    /// Line breaks and tabs are allowed, other control characters are not.
    pub struct ShortDescription;
    rules = TextRules::prose(20, 150);
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
