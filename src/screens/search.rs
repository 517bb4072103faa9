//! Finding a query in rendered lesson lines, case-insensitively, by character position so the
//! reader can highlight matches inside styled spans.
use ratatui::text::Text;

/// One match: the row of the rendered text and the character range within that row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub row: usize,
    pub start: usize,
    pub len: usize,
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Every non-overlapping match of `query` in `text`, top to bottom.
pub fn find(text: &Text<'_>, query: &str) -> Vec<Match> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (row, line) in text.lines.iter().enumerate() {
        let hay: Vec<char> = line
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .map(fold)
            .collect();
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()] == needle[..] {
                out.push(Match {
                    row,
                    start: i,
                    len: needle.len(),
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};

    #[test]
    fn finds_across_spans_case_insensitively() {
        let text = Text::from(vec![
            Line::from(vec![Span::raw("Cold "), Span::raw("starts are cold")]),
            Line::from("nothing"),
            Line::from("COLD"),
        ]);
        let m = find(&text, "cold");
        assert_eq!(
            m,
            vec![
                Match {
                    row: 0,
                    start: 0,
                    len: 4
                },
                Match {
                    row: 0,
                    start: 16,
                    len: 4
                },
                Match {
                    row: 2,
                    start: 0,
                    len: 4
                }
            ]
        );
        assert!(find(&text, "").is_empty());
    }
}
