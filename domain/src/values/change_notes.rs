//! What changed in a re-registration (S4 step 6), required from version 2 on.

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// Change notes of a re-registration: 1–2000 characters after trimming.
    ///
    /// Line breaks and tabs are allowed, other control characters are not.
    pub struct ChangeNotes;
    rules = TextRules::prose(1, 2000).too_short("change notes are required on a re-registration");
}

// Its rules and messages are tested with the other bounded text types in `bounded_text.rs`.
