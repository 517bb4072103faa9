//! Raw HTML in lessons, read just well enough to show what a terminal can: `<details>` with its
//! `<summary>`, `<br>`, `<p>`, comments, and the text between tags (entities decoded). Anything
//! else is reported by the parser, never silently dropped.
//!
//! Why our own tokenizer rather than an HTML parser crate: a terminal can honour only these few
//! tags, so all we need is to split a block into tags, comments and text, about sixty lines; a
//! full HTML5 parser (html5ever and friends) would add a large dependency tree to answer "which
//! tag is this" for a handful of lines per course.

/// One piece of an HTML block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// Text between tags, entities decoded (still unsanitised).
    Text(String),
    /// `<name ...>` or `<name .../>`: the lower-cased name and whether the bare attribute `open`
    /// is present (all `<details>` needs).
    Open { name: String, open_attr: bool },
    /// `</name>`, lower-cased.
    Close(String),
    /// `<!-- ... -->`: never shown, by design (slides use `<!-- pause -->`).
    Comment,
    /// `<!DOCTYPE ...>`, `<?...?>`, `<![CDATA[...]]>`: nothing a lesson should hold.
    Declaration,
}

/// Splits `html` into tokens, each with its byte offset in `html` (for line numbers). Never fails:
/// a `<` that does not start a tag is text, and an unterminated tag or comment runs to the end.
pub(super) fn tokens(html: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let (token, len) = if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(rest.len(), |e| 4 + e + 3);
            (Token::Comment, end)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            (Token::Declaration, tag_end(rest))
        } else if let Some(name) = tag_name(&rest[1..]) {
            let len = tag_end(rest);
            let inner = &rest[1..len];
            let inner = inner.strip_suffix('>').unwrap_or(inner);
            let attrs = &inner[name.len()..];
            let open_attr = attrs
                .split(|c: char| c.is_whitespace() || c == '/')
                .any(|a| {
                    a.eq_ignore_ascii_case("open") || a.to_ascii_lowercase().starts_with("open=")
                });
            (
                Token::Open {
                    name: name.to_ascii_lowercase(),
                    open_attr,
                },
                len,
            )
        } else if let Some(name) = rest.strip_prefix("</").and_then(tag_name) {
            (Token::Close(name.to_ascii_lowercase()), tag_end(rest))
        } else {
            i += 1;
            continue;
        };
        if text_start < i {
            out.push((
                text_start,
                Token::Text(decode_entities(&html[text_start..i])),
            ));
        }
        out.push((i, token));
        i += len;
        text_start = i;
    }
    if text_start < html.len() {
        out.push((
            text_start,
            Token::Text(decode_entities(&html[text_start..])),
        ));
    }
    out
}

/// The tag name at the start of `s` (an ASCII letter, then letters, digits or `-`), if any.
fn tag_name(s: &str) -> Option<&str> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    Some(&s[..end])
}

/// Length of the tag starting at `s[0] == '<'`, through its `>` (quoted attribute values may hold
/// `>`), or to the end of `s` when it is not closed.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Decodes the character references a lesson may contain: `&amp;` `&lt;` `&gt;` `&quot;`
/// `&apos;` `&#39;` `&nbsp;` and numeric ones (`&#8212;`, `&#x2014;`). Others stay as written.
/// The result is not sanitised here: a reference may well decode to ESC, and the parser cleans
/// every text before it reaches the model.
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(html: &str) -> Vec<Token> {
        tokens(html).into_iter().map(|(_, t)| t).collect()
    }

    fn open(name: &str, open_attr: bool) -> Token {
        Token::Open {
            name: name.into(),
            open_attr,
        }
    }

    #[test]
    fn details_summary_and_text() {
        assert_eq!(
            kinds("<details><summary>Show answer</summary> The hidden answer is 42. </details>"),
            vec![
                open("details", false),
                open("summary", false),
                Token::Text("Show answer".into()),
                Token::Close("summary".into()),
                Token::Text(" The hidden answer is 42. ".into()),
                Token::Close("details".into()),
            ]
        );
        assert_eq!(
            kinds("<DETAILS open class=\"a>b\">"),
            vec![open("details", true)]
        );
        assert_eq!(kinds("<details opener>"), vec![open("details", false)]);
    }

    #[test]
    fn comments_declarations_and_stray_angles() {
        assert_eq!(
            kinds("<!-- pause --><!DOCTYPE html>a < b <3"),
            vec![
                Token::Comment,
                Token::Declaration,
                Token::Text("a < b <3".into()),
            ]
        );
        assert_eq!(kinds("<!-- never closed"), vec![Token::Comment]);
        assert_eq!(kinds("<div"), vec![open("div", false)]);
    }

    #[test]
    fn offsets_point_at_each_token() {
        let html = "<p>\nx\n</p>";
        let offsets: Vec<usize> = tokens(html).into_iter().map(|(o, _)| o).collect();
        assert_eq!(offsets, vec![0, 3, 6]);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#8212; &#x41;"),
            "a & b <c> — A"
        );
        assert_eq!(
            decode_entities("AT&T &bogus; &#xZZ; &"),
            "AT&T &bogus; &#xZZ; &"
        );
        assert_eq!(decode_entities("&#27;[31m"), "\u{1b}[31m");
    }

    proptest::proptest! {
        /// Any text: no panic, offsets strictly increasing inside the input, and text tokens
        /// never longer than the slice they came from (decoding only shortens).
        #[test]
        fn any_text_tokenizes(html in "(<|>|/|!|-|&|#|;|x|[a-z]{1,3}|\"|'| |\n|é|\\PC){0,40}") {
            let toks = tokens(&html);
            let offsets: Vec<usize> = toks.iter().map(|(o, _)| *o).collect();
            proptest::prop_assert!(offsets.windows(2).all(|w| w[0] < w[1]));
            proptest::prop_assert!(offsets.iter().all(|&o| o < html.len().max(1)));
            for (i, (o, t)) in toks.iter().enumerate() {
                if let Token::Text(text) = t {
                    let end = offsets.get(i + 1).copied().unwrap_or(html.len());
                    proptest::prop_assert!(text.len() <= end - o);
                }
            }
        }
    }
}
