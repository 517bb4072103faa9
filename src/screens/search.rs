//! Finding a query in a rendered lesson, case-insensitively. The search reads the lesson's text,
//! not its rows: where the renderer wrapped a line ([`RowJoin`]), the rows are read as one line
//! (the broken space put back, list indents and quote bars skipped), so a phrase is found at every
//! width. A match is reported as the pieces of it on each row, by character position, so the
//! reader can highlight it inside styled spans and across rows.
use ratatui::text::Text;

use crate::markdown::{Join, RowJoin};

/// The part of a match on one row: the row of the rendered text and a character range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub row: usize,
    /// First character (not column) of the piece within the row.
    pub start: usize,
    /// Characters.
    pub len: usize,
}

/// One match: its pieces, top to bottom (one, or more when a wrap splits it). Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub pieces: Vec<Piece>,
}

impl Match {
    /// The row the match starts on: where `n` and `N` scroll to.
    pub fn row(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.row)
    }
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Stands between two rows that are not one wrapped line: no query contains it, because a query's
/// whitespace is turned into plain spaces first.
const ROW_BREAK: char = '\n';

/// Every non-overlapping match of `query` in `text`, top to bottom. `joins` (in row order) says
/// which rows continue the row above. Runs of whitespace in the query match one space, as the
/// wrapper collapses them in the text; a query of only whitespace finds nothing.
pub fn find(text: &Text<'_>, joins: &[RowJoin], query: &str) -> Vec<Match> {
    let mut needle: Vec<char> = Vec::with_capacity(query.len());
    for c in query.chars() {
        if c.is_whitespace() {
            if needle.last() != Some(&' ') {
                needle.push(' ');
            }
        } else {
            needle.push(fold(c));
        }
    }
    if needle.iter().all(|&c| c == ' ') {
        // Nothing to look for: blanks alone would match every gap.
        return Vec::new();
    }
    // The text as one sequence of characters, each with its row and position (none for a space
    // put back at a wrap, or a row break).
    let mut hay: Vec<char> = Vec::new();
    let mut at: Vec<Option<(usize, usize)>> = Vec::new();
    let mut joins = joins.iter().peekable();
    for (row, line) in text.lines.iter().enumerate() {
        while joins.next_if(|j| j.row < row).is_some() {}
        let mut skip = 0;
        if row > 0 {
            match joins.next_if(|j| j.row == row) {
                Some(j) => {
                    skip = j.skip;
                    if j.join == Join::Space {
                        hay.push(' ');
                        at.push(None);
                    }
                }
                None => {
                    hay.push(ROW_BREAK);
                    at.push(None);
                }
            }
        }
        let chars = line.spans.iter().flat_map(|s| s.content.chars());
        for (col, c) in chars.enumerate().skip(skip) {
            hay.push(fold(c));
            at.push(Some((row, col)));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] != needle[..] {
            i += 1;
            continue;
        }
        let mut pieces: Vec<Piece> = Vec::new();
        for &(row, col) in at[i..i + needle.len()].iter().flatten() {
            match pieces.last_mut() {
                Some(p) if p.row == row && p.start + p.len == col => p.len += 1,
                _ => pieces.push(Piece {
                    row,
                    start: col,
                    len: 1,
                }),
            }
        }
        if pieces.is_empty() {
            i += 1;
            continue;
        }
        out.push(Match { pieces });
        i += needle.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{RenderOptions, Styles, parse, render};
    use ratatui::text::{Line, Span};

    fn piece(row: usize, start: usize, len: usize) -> Piece {
        Piece { row, start, len }
    }

    #[test]
    fn finds_across_spans_case_insensitively() {
        let text = Text::from(vec![
            Line::from(vec![Span::raw("Cold "), Span::raw("starts are cold")]),
            Line::from("nothing"),
            Line::from("COLD"),
        ]);
        let m = find(&text, &[], "cold");
        let pieces: Vec<Vec<Piece>> = m.into_iter().map(|m| m.pieces).collect();
        assert_eq!(
            pieces,
            vec![
                vec![piece(0, 0, 4)],
                vec![piece(0, 16, 4)],
                vec![piece(2, 0, 4)]
            ]
        );
        assert!(find(&text, &[], "").is_empty());
        assert!(find(&text, &[], "   ").is_empty());
        // Rows that are not one wrapped line are not read as one.
        assert!(find(&text, &[], "cold nothing").is_empty());
    }

    /// The case: at 40 columns "for a while" wraps between "a" and "while"; it is found at
    /// every width, highlighted on each row it spans, and list indents and quote bars are skipped.
    #[test]
    fn a_phrase_is_found_at_every_width_however_it_wraps() {
        let src = "Caches keep hot keys in memory for a while so that repeated reads are cheap.\n\n\
                   - A list item that holds the phrase Cold Start Penalty somewhere in its long text.\n\n\
                   > A quote where a URL https://example.com/a/very/long-path?x=1&y=2 sits in text.\n";
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        for width in 10..=120u16 {
            let r = render(&doc, &RenderOptions::new(width, &styles));
            for q in [
                "for a while",
                "FOR   A WHILE",
                "cold start penalty",
                "example.com/a/very/long-path?x=1&y=2 sits",
            ] {
                let found = find(&r.text, &r.joins, q);
                assert_eq!(found.len(), 1, "{q:?} at width {width}");
                // The pieces, read back from the rows, are the phrase without the wrap's spaces.
                let shown: String = found[0]
                    .pieces
                    .iter()
                    .map(|p| {
                        let row: String = r.text.lines[p.row]
                            .spans
                            .iter()
                            .flat_map(|s| s.content.chars())
                            .collect();
                        row.chars().skip(p.start).take(p.len).collect::<String>()
                    })
                    .collect();
                let want: String = q.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(
                    shown.to_lowercase().replace(' ', ""),
                    want.to_lowercase().replace(' ', ""),
                    "{q:?} at width {width}"
                );
            }
        }
        // At 40 columns the phrase does wrap, so the match has a piece on each row.
        let r = render(&doc, &RenderOptions::new(40, &styles));
        let found = find(&r.text, &r.joins, "for a while");
        assert_eq!(found[0].pieces.len(), 2, "{:?}", r.text);
    }
}
