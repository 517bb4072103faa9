//! Boxed constructs: code blocks and the sim / checkpoint panels.
//!
//! Both degrade to unboxed text when the space is narrower than [`MIN_BOX_WIDTH`], so tiny widths
//! still never produce over-wide lines.
use std::borrow::Cow;

use ratatui::style::Style;

use super::model::CodeBlock;
use super::sanitize;
use super::style::Styles;
use super::wrap::{Row, expand_tabs, split_at_width, text_width, truncate};

/// Narrowest space a box is drawn in: two borders, two padding columns, and room for the widest
/// cluster plus a wrap marker.
pub const MIN_BOX_WIDTH: usize = 8;

/// Draws a code block in a box sized to its content, with the language in the top border. Lines
/// longer than the box are wrapped, each broken piece ending in a `↩` marker inside the box.
pub fn code_box(code: &CodeBlock, avail: usize, styles: &Styles, base: Style) -> Vec<Row> {
    let text_style = base.patch(styles.code_block);
    let border = base.patch(styles.code_border);
    let lines = code_lines(&code.text);
    if avail < MIN_BOX_WIDTH {
        let mut rows = Vec::new();
        for line in &lines {
            let mut rest: &str = line;
            loop {
                let (head, _, tail) = split_at_width(rest, avail);
                rows.push(Row::single(head, text_style));
                rest = tail;
                if rest.is_empty() {
                    break;
                }
            }
        }
        return rows;
    }

    let title = code
        .lang
        .as_deref()
        .map(|l| sanitize::clean(l).into_owned())
        .filter(|l| !l.is_empty());
    let title_w = title.as_deref().map_or(0, text_width);
    let content_w = lines.iter().map(|l| text_width(l)).max().unwrap_or(0);
    let min_w = if title.is_some() { title_w + 6 } else { 4 };
    let box_w = (content_w + 4).max(min_w).max(MIN_BOX_WIDTH).min(avail);
    let inner = box_w - 4;

    let mut rows = Vec::with_capacity(lines.len() + 2);
    let mut top = Row::default();
    match title {
        Some(t) => {
            top.push_static("┌─ ", border);
            let t = truncate(Row::single(t, base.patch(styles.code_title)), box_w - 6);
            let tw = t.width;
            top.append(t);
            top.push_static(" ", border);
            top.repeat('─', box_w.saturating_sub(5 + tw), border);
        }
        None => {
            top.push_static("┌", border);
            top.repeat('─', box_w - 2, border);
        }
    }
    top.push_static("┐", border);
    rows.push(top);

    for line in &lines {
        let mut rest: &str = line;
        loop {
            let mut row = Row::default();
            row.push_static("│ ", border);
            if text_width(rest) <= inner {
                let w = text_width(rest);
                row.push(rest, text_style);
                row.repeat(' ', inner - w, text_style);
                rest = "";
            } else {
                let (head, w, tail) = split_at_width(rest, inner - 1);
                row.push(head, text_style);
                row.repeat(' ', (inner - 1).saturating_sub(w), text_style);
                row.push_static("↩", border);
                rest = tail;
            }
            row.push_static(" │", border);
            rows.push(row);
            if rest.is_empty() {
                break;
            }
        }
    }

    let mut bottom = Row::default();
    bottom.push_static("└", border);
    bottom.repeat('─', box_w - 2, border);
    bottom.push_static("┘", border);
    rows.push(bottom);
    rows
}

/// The code's lines with tabs expanded and forbidden characters removed; at least one line.
fn code_lines(text: &str) -> Vec<Cow<'_, str>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| match expand_tabs(l) {
            Cow::Borrowed(l) => sanitize::clean(l),
            Cow::Owned(l) => Cow::Owned(sanitize::clean(&l).into_owned()),
        })
        .collect()
}

/// A laid-out panel and where its parts are, relative to its first row and column.
pub struct Panel {
    pub rows: Vec<Row>,
    /// First row of the body (the rows passed in).
    pub body_row: usize,
    /// First of the reserved blank rows.
    pub reserved_row: usize,
    /// First column inside the border, and the width inside it.
    pub inner_col: usize,
    pub inner_width: usize,
}

/// Width the body of a panel must be wrapped to at this available width.
pub fn panel_body_width(avail: usize) -> usize {
    if avail >= MIN_BOX_WIDTH {
        avail - 4
    } else {
        avail.max(1)
    }
}

/// A full-width titled panel: `┌ title ───┐`, the body rows, `reserved` blank rows for a widget
/// the UI draws later, and a bottom border. Body rows must fit [`panel_body_width`].
pub fn panel(title: Row, border: Style, body: Vec<Row>, reserved: usize, avail: usize) -> Panel {
    if avail < MIN_BOX_WIDTH {
        let mut rows = vec![truncate(title, avail)];
        let body_len = body.len();
        rows.extend(body);
        rows.extend(std::iter::repeat_with(Row::default).take(reserved));
        return Panel {
            rows,
            body_row: 1,
            reserved_row: 1 + body_len,
            inner_col: 0,
            inner_width: avail,
        };
    }
    let inner = avail - 4;
    let mut rows = Vec::with_capacity(body.len() + reserved + 2);
    let title = truncate(title, avail - 5);
    let mut top = Row::default();
    top.push_static("┌ ", border);
    let tw = title.width;
    top.append(title);
    top.push_static(" ", border);
    top.repeat('─', avail - 4 - tw, border);
    top.push_static("┐", border);
    rows.push(top);
    let body_len = body.len();
    for line in body {
        let mut row = Row::default();
        row.push_static("│ ", border);
        let w = line.width;
        row.append(line);
        row.repeat(' ', inner.saturating_sub(w), Style::default());
        row.push_static(" │", border);
        rows.push(row);
    }
    for _ in 0..reserved {
        let mut row = Row::default();
        row.push_static("│", border);
        row.repeat(' ', avail - 2, Style::default());
        row.push_static("│", border);
        rows.push(row);
    }
    let mut bottom = Row::default();
    bottom.push_static("└", border);
    bottom.repeat('─', avail - 2, border);
    bottom.push_static("┘", border);
    rows.push(bottom);
    Panel {
        rows,
        body_row: 1,
        reserved_row: 1 + body_len,
        inner_col: 1,
        inner_width: avail - 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn code(lang: Option<&str>, text: &str) -> CodeBlock {
        CodeBlock {
            lang: lang.map(str::to_string),
            text: text.to_string(),
            line: 1,
        }
    }

    #[test]
    fn code_is_boxed_with_the_language_as_title() {
        let rows = code_box(
            &code(Some("sh"), "ls -l\n\tcd /\n"),
            40,
            &Styles::plain(),
            Style::default(),
        );
        let s = strings(&rows);
        assert_eq!(s[0], "┌─ sh ─────┐");
        assert_eq!(s[1], "│ ls -l    │");
        assert_eq!(s[2], "│     cd / │");
        assert_eq!(s[3], "└──────────┘");
        assert!(rows.iter().all(|r| r.width == 12));
    }

    #[test]
    fn long_code_lines_wrap_with_a_marker_inside_the_box() {
        let rows = code_box(
            &code(None, "abcdefghijklmnop"),
            12,
            &Styles::plain(),
            Style::default(),
        );
        let s = strings(&rows);
        assert_eq!(
            s,
            vec![
                "┌──────────┐",
                "│ abcdefg↩ │",
                "│ hijklmn↩ │",
                "│ op       │",
                "└──────────┘"
            ]
        );
        assert!(rows.iter().all(|r| r.width == 12));
    }

    #[test]
    fn narrow_space_drops_the_box() {
        let rows = code_box(
            &code(Some("x"), "abcdefgh"),
            5,
            &Styles::plain(),
            Style::default(),
        );
        assert_eq!(strings(&rows), vec!["abcde", "fgh"]);
    }

    #[test]
    fn panels_are_full_width_with_reserved_rows() {
        let p = panel(
            Row::single("T", Style::default()),
            Style::default(),
            vec![Row::single("b", Style::default())],
            2,
            10,
        );
        assert_eq!(
            strings(&p.rows),
            vec![
                "┌ T ─────┐",
                "│ b      │",
                "│        │",
                "│        │",
                "└────────┘"
            ]
        );
        assert_eq!(
            (p.body_row, p.reserved_row, p.inner_col, p.inner_width),
            (1, 2, 1, 8)
        );
    }
}
