//! Inline content (emphasis, code, links...) fed into a [`Wrapper`] with the right styles.
use ratatui::style::Style;

use super::model::{Inline, plain_text};
use super::style::Styles;
use super::wrap::Wrapper;

/// Pushes inline content into a wrapper, patching each construct's style over `style`. Links show
/// their URL after the text (not every terminal can follow them, and printed text never can)
/// unless the text already is the URL; the wrapper records where each link lands.
/// Recursion follows inline nesting, which the parser caps at `MAX_INLINE_NESTING`.
pub fn push_inlines(w: &mut Wrapper, content: &[Inline], style: Style, styles: &Styles) {
    for inline in content {
        match inline {
            Inline::Text(t) => w.push(t, style),
            Inline::Code(t) => w.push(t, style.patch(styles.code_inline)),
            Inline::Emphasis(c) => push_inlines(w, c, style.patch(styles.emphasis), styles),
            Inline::Strong(c) => push_inlines(w, c, style.patch(styles.strong), styles),
            Inline::Strikethrough(c) => push_inlines(w, c, style.patch(styles.strike), styles),
            Inline::Link { content, url } => {
                // The text and the URL shown after it both belong to the link, so a terminal
                // that supports hyperlinks makes either clickable.
                w.link_start(url);
                push_inlines(w, content, style.patch(styles.link), styles);
                if shows_url(content, url) {
                    w.space(style);
                    w.push("(", style.patch(styles.link_url));
                    w.push(url, style.patch(styles.link_url));
                    w.push(")", style.patch(styles.link_url));
                }
                w.link_end();
            }
            Inline::SoftBreak => w.space(style),
            Inline::HardBreak => w.hard_break(),
        }
    }
}

/// The URL is worth showing unless it is empty or just repeats the text (autolinks).
fn shows_url(content: &[Inline], url: &str) -> bool {
    if url.is_empty() {
        return false;
    }
    let text = plain_text(content);
    let text = text.trim();
    text != url && url.strip_prefix("mailto:") != Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(content: &[Inline], width: usize) -> Vec<String> {
        let mut w = Wrapper::new(width);
        push_inlines(&mut w, content, Style::default(), &Styles::plain());
        w.finish()
            .into_iter()
            .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn links_show_the_url_unless_it_is_the_text() {
        let link = |t: &str, u: &str| Inline::Link {
            content: vec![Inline::Text(t.into())],
            url: u.into(),
        };
        assert_eq!(
            render(&[link("docs", "https://x.io")], 80),
            vec!["docs (https://x.io)"]
        );
        assert_eq!(
            render(&[link("https://x.io", "https://x.io")], 80),
            vec!["https://x.io"]
        );
        assert_eq!(render(&[link("a@b.c", "mailto:a@b.c")], 80), vec!["a@b.c"]);
    }

    #[test]
    fn styles_are_patched_per_construct() {
        let styles = Styles::default();
        let mut w = Wrapper::new(80);
        let content = vec![
            Inline::Strong(vec![Inline::Emphasis(vec![Inline::Text("x".into())])]),
            Inline::Code("c".into()),
        ];
        push_inlines(&mut w, &content, Style::default(), &styles);
        let rows = w.finish();
        let spans = &rows[0].spans;
        assert_eq!(spans[0].style, styles.strong.patch(styles.emphasis));
        assert_eq!(spans[1].style, styles.code_inline);
    }
}
