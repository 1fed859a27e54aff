//! The rule shared by short, single-line free-text fields (names, positions, cities).

use crate::values::invalid_value::InvalidValue;

/// Trims `input` and checks that it is 1 to `max` characters long with no control characters.
///
/// Lengths count Unicode scalar values (`char`s), not bytes, so that a name written in a
/// non-Latin script gets the same allowance as one written in ASCII. Control characters are
/// refused because these values end up in e-mails, attestation documents and HTML pages, where
/// a stray newline or escape sequence would corrupt the layout.
pub fn bounded_text(input: &str, max: usize) -> Result<String, InvalidValue> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InvalidValue::new("must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(InvalidValue::new(format!(
            "must be at most {max} characters"
        )));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(InvalidValue::new("must not contain control characters"));
    }
    Ok(trimmed.to_owned())
}

/// Like [`bounded_text`], but a blank input means "not given" and yields `None`.
pub fn optional_bounded_text(input: &str, max: usize) -> Result<Option<String>, InvalidValue> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        bounded_text(input, max).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_trimmed_text_within_the_limit() {
        assert_eq!(bounded_text("  Ada  ", 5), Ok("Ada".to_owned()));
        assert_eq!(bounded_text("ééééé", 5), Ok("ééééé".to_owned()));
    }

    #[test]
    fn refuses_blank_text() {
        assert_eq!(
            bounded_text(" \t ", 5),
            Err(InvalidValue::new("must not be empty"))
        );
    }

    #[test]
    fn refuses_text_over_the_limit() {
        assert_eq!(
            bounded_text("abcdef", 5),
            Err(InvalidValue::new("must be at most 5 characters"))
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            bounded_text("a\nb", 5),
            Err(InvalidValue::new("must not contain control characters"))
        );
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
}
