//! Styled lines to rows of a width, for the screens that scroll text they build themselves (the
//! quiz body, the help and problems overlays, the review of a missed question): they count rows
//! with the same function the draw shows them with, so a scroll key knows where the end is.
//! Lesson text is wrapped by the Markdown renderer instead; this keeps a line that fits exactly as
//! it is (aligned columns stay aligned), which that wrapper, collapsing spaces, would not.
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Appends `line` to `out` as rows of at most `width` columns: broken after the last space that
/// fits (the space is dropped), or between characters in a word longer than the row. A line that
/// fits is kept as it is, so aligned columns stay aligned.
pub fn wrap_line(line: &Line<'static>, width: usize, out: &mut Vec<Line<'static>>) {
    if line.width() <= width {
        out.push(line.clone());
        return;
    }
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let st = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, st))
        })
        .collect();
    let mut start = 0;
    while start < chars.len() {
        // The longest run from `start` that fits, ending before a space when there is one.
        let mut w = 0;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() {
            let cw = chars[end].0.width().unwrap_or(0);
            if w + cw > width && end > start {
                break;
            }
            if chars[end].0 == ' ' {
                last_space = Some(end);
            }
            w += cw;
            end += 1;
        }
        let (cut, next) = match last_space {
            _ if end == chars.len() => (end, end),
            // The row is full just before a space: break there.
            _ if chars[end].0 == ' ' => (end, end + 1),
            Some(sp) if sp > start => (sp, sp + 1),
            _ => (end, end),
        };
        out.push(row_of(&chars[start..cut]));
        start = next;
    }
}

/// Like [`wrap_line`], but the rows after the first start under the text of a list-like line
/// (a choice "› 2. ", a ticked "  1. [x] ", an indented answer "    ") instead of at column 0, so
/// a wrapped choice still reads as one item. Lines without such a prefix wrap as `wrap_line`.
pub fn wrap_hanging(line: &Line<'static>, width: usize, out: &mut Vec<Line<'static>>) {
    let indent = hanging_indent(&line.to_string());
    if line.width() <= width || indent == 0 || indent * 2 > width {
        wrap_line(line, width, out);
        return;
    }
    // The first row at the full width; the rest of the line at the width left of the indent.
    let mut rows = Vec::new();
    wrap_line(line, width, &mut rows);
    let first_len = rows.first().map_or(0, |r| r.to_string().chars().count());
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let st = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, st))
        })
        .collect();
    let mut rest = &chars[first_len.min(chars.len())..];
    if rest.first().is_some_and(|(c, _)| *c == ' ') {
        rest = &rest[1..];
    }
    out.extend(rows.into_iter().take(1));
    let mut more = Vec::new();
    wrap_line(&row_of(rest), width - indent, &mut more);
    for mut row in more.into_iter().filter(|r| r.width() > 0) {
        row.spans.insert(0, Span::raw(" ".repeat(indent)));
        out.push(row);
    }
}

/// The columns before the text of a list-like line: leading spaces and a cursor mark `›`, then a
/// number with ". ", then a tick box "[ ] " or "[x] " or a grip "≡ "/"⇅ ". 0 when the line has
/// neither leading spaces nor a number (ordinary prose wraps to column 0).
fn hanging_indent(text: &str) -> usize {
    let lead = text.chars().take_while(|c| *c == ' ' || *c == '›').count();
    let rest: String = text.chars().skip(lead).collect();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let mut n = lead;
    let mut rest = rest.as_str();
    if digits > 0 && rest[digits..].starts_with(". ") {
        n += digits + 2;
        rest = &rest[digits + 2..];
    } else if lead == 0 {
        return 0;
    }
    for mark in ["[ ] ", "[x] ", "≡ ", "⇅ "] {
        if rest.starts_with(mark) {
            n += mark.chars().count();
            break;
        }
    }
    n
}

/// A row of styled characters, merged into spans of one style.
fn row_of(chars: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut buf = String::new();
    let mut cur: Option<Style> = None;
    for &(c, st) in chars {
        if cur != Some(st) && !buf.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut buf),
                cur.unwrap_or_default(),
            ));
        }
        cur = Some(st);
        buf.push(c);
    }
    if !buf.is_empty() {
        spans.push(Span::styled(buf, cur.unwrap_or_default()));
    }
    Line::from(spans)
}

/// Every line of `lines` as rows of at most `width` columns.
pub fn wrap_all(lines: &[Line<'static>], width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for l in lines {
        wrap_line(l, width.max(1), &mut out);
    }
    out
}

/// The first row to show of `total` rows in `height` rows, scrolled to `scroll` and clamped, and
/// how many rows of text fit: when the rows do not all fit, the last row is kept for the "more"
/// mark ([`more_mark`]).
pub fn window(total: usize, height: usize, scroll: usize) -> (usize, usize) {
    let visible = if total > height {
        height.saturating_sub(1).max(1)
    } else {
        height
    };
    (scroll.min(total.saturating_sub(visible)), visible)
}

/// The most a view of `total` rows in `height` rows can scroll (see [`window`]).
pub fn max_scroll(total: usize, height: usize) -> usize {
    let (_, visible) = window(total, height, 0);
    total.saturating_sub(visible)
}

/// "↑ N more · ↓ M more" for a window at `offset` showing `shown` of `total` rows, or `None` when
/// everything is shown.
pub fn more_mark(total: usize, offset: usize, shown: usize) -> Option<String> {
    let below = total.saturating_sub(offset + shown);
    let mut marks = Vec::new();
    if offset > 0 {
        marks.push(format!("↑ {offset} more"));
    }
    if below > 0 {
        marks.push(format!("↓ {below} more"));
    }
    (!marks.is_empty()).then(|| marks.join(" · "))
}

/// Cuts `s` to `width` display columns, with an ellipsis when cut.
pub fn truncate(s: &str, width: usize) -> String {
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_spaces_and_long_words_between_characters() {
        let mut out = Vec::new();
        wrap_line(&Line::from("aaa bbb ccc"), 7, &mut out);
        wrap_line(&Line::from("abcdefghij"), 4, &mut out);
        wrap_line(&Line::from("  fits  as is"), 20, &mut out);
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            vec!["aaa bbb", "ccc", "abcd", "efgh", "ij", "  fits  as is"]
        );
        for l in &out {
            assert!(l.width() <= 20);
        }
    }

    #[test]
    fn a_wrapped_choice_continues_under_its_text() {
        let mut out = Vec::new();
        wrap_hanging(
            &Line::from("  2. Renting services paid by use"),
            20,
            &mut out,
        );
        wrap_hanging(&Line::from("› 1. [x] Pay for what you use"), 20, &mut out);
        wrap_hanging(&Line::from("Prose wraps to the left edge"), 20, &mut out);
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "  2. Renting",
                "     services paid",
                "     by use",
                "› 1. [x] Pay for",
                "         what you",
                "         use",
                "Prose wraps to the",
                "left edge"
            ]
        );
        for l in &out {
            assert!(l.width() <= 20, "{l}");
        }
    }
}
