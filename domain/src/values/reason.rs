//! Why a reviewer rejected or an admin suspended a version (S5); sent to the developer.

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// A reason for a rejection or suspension: 1–2000 characters after trimming.
    ///
    /// Line breaks and tabs are allowed, other control characters are not.
    pub struct Reason;
    rules = TextRules::prose(1, 2000).too_short("a reason is required");
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
