//! Rendering the long description's Markdown as safe HTML (S4: "rendered and sanitised").
//!
//! Sanitising by construction rather than by cleaning HTML afterwards: raw HTML in the
//! Markdown is shown as text, never passed through; links keep only http, https and mailto
//! targets; images become their alt text, so a description cannot load anything from anywhere.
//! Everything else is CommonMark's own output, whose text is always escaped.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// The HTML for `markdown`, safe to put in a page as is.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each open link: whether it was kept, so its end is kept or dropped alike.
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let kept = allowed_target(dest_url);
            links.push(kept);
            kept.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(event),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn allowed_target(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(
            to_safe_html("**Track** your _pressure_.\n\n- one\n- two"),
            "<p><strong>Track</strong> your <em>pressure</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn raw_html_and_scripts_are_shown_as_text() {
        let html = to_safe_html("Hello <script>alert(1)</script> <b onclick=\"x()\">bold</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let html = to_safe_html(
            "[site](https://example.com) [bad](javascript:alert(1)) [mail](mailto:a@b.c)",
        );
        assert!(
            html.contains("<a href=\"https://example.com\">site</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"mailto:a@b.c\">mail</a>"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("bad"), "the link text stays: {html}");
    }

    #[test]
    fn images_become_their_alt_text() {
        let html = to_safe_html("![a tracking pixel](https://evil.example/p.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a tracking pixel"), "{html}");
    }
}
