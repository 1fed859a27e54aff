//! The full description of an app (S4 step 3): Markdown, shown rendered and sanitised.

use super::bounded_text::{bounded_text_value, TextRules};

bounded_text_value! {
    /// A long description: 200–4000 characters of Markdown after trimming.
    ///
    /// The Markdown is kept exactly as typed (apart from the trimming); rendering and sanitising
    /// are the reader's job, so no HTML is interpreted here. Line breaks and tabs are allowed,
    /// other control characters are not.
    pub struct LongDescription;
    rules = TextRules::prose(200, 4000);
}

// The rules shared with the other bounded text types are tested in `bounded_text.rs`.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_markdown_as_typed_inside_the_trimming() {
        let markdown = format!(
            "# Heading\n\n* a list item  \n* <b>raw HTML</b> &amp; entities\n\n\tindented code\n\n{}",
            "Filler. ".repeat(25)
        );
        let value = LongDescription::parse(&format!("\n  {markdown}\n\n  ")).unwrap();
        assert_eq!(value.as_str(), markdown.trim_end());
        // Only the outer white space goes, including what Markdown would have read as meaning:
        // the indentation of a leading code block and a trailing hard line break.
        let code_first = format!("    let x = 1;\n{}  \n", "b".repeat(200));
        let value = LongDescription::parse(&code_first).unwrap();
        assert_eq!(value.as_str(), format!("let x = 1;\n{}", "b".repeat(200)));
    }
}
