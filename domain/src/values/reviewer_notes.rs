//! Optional notes from the developer to the reviewer (S4 step 7).

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// Notes for the reviewer: up to 2000 characters after trimming, possibly none.
    ///
    /// Blank notes become empty notes, the [`Default`]. Line breaks and tabs are allowed, other
    /// control characters are not.
    #[derive(Default)]
    pub struct ReviewerNotes;
    rules = TextRules::prose(0, 2000);
}

impl ReviewerNotes {
    /// Whether no notes were given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// The rules shared with the other bounded text types are tested in `bounded_text.rs`.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn may_be_empty() {
        let blank = ReviewerNotes::parse("  \n ").unwrap();
        assert!(blank.is_empty());
        assert_eq!(blank.as_str(), "");
        assert_eq!(blank, ReviewerNotes::default());
        assert!(!ReviewerNotes::parse("see attached").unwrap().is_empty());
    }
}
