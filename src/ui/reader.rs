//! The lesson reader: the visible slice of the rendered lesson, search highlights, the table of
//! contents, and a footer with keys or the search field.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};

use super::home::truncate;
use super::theme::Theme;
use super::{centered, footer};

/// Columns `s` takes on screen.
fn columns(s: &str) -> u16 {
    u16::try_from(unicode_width::UnicodeWidthStr::width(s)).unwrap_or(u16::MAX)
}
use crate::screens::keymap::{self, footers};
use crate::screens::search::Piece;
use crate::screens::state::{App, Reader, text_width};

/// Draws the reader.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, r: &Reader, theme: &Theme) {
    let [title, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let lesson = app.catalog.lessons.get(r.lesson);
    let total = app.catalog.lessons.len();
    let percent = (r.fraction(area.height) * 100.0).round() as u32;
    let right = format!(" {}/{} · {percent:>3}% ", r.lesson + 1, total);
    let name = lesson.map_or("", |l| l.title.as_str());
    let name = truncate(
        name,
        usize::from(area.width).saturating_sub(right.len() + 2),
    );
    let pad = usize::from(area.width).saturating_sub(
        unicode_width::UnicodeWidthStr::width(name.as_str()) + right.chars().count() + 1,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {name}"), theme.title),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, theme.muted),
        ])),
        title,
    );

    let column = text_column(area);
    let height = usize::from(body.height);
    // The pieces of matches on the visible rows (a match may span rows), and whether each belongs
    // to the current match.
    let visible = r.scroll..r.scroll + height;
    let pieces: Vec<(Piece, bool)> = r
        .matches
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.pieces.iter().map(move |p| (*p, i == r.current_match)))
        .filter(|(p, _)| visible.contains(&p.row))
        .collect();
    let lines: Vec<Line> = r
        .rendered
        .text
        .lines
        .iter()
        .enumerate()
        .skip(r.scroll)
        .take(height)
        .map(|(row, line)| {
            let hits: Vec<(Piece, bool)> = pieces
                .iter()
                .copied()
                .filter(|(p, _)| p.row == row)
                .collect();
            if hits.is_empty() {
                line.clone()
            } else {
                highlight(line, &hits, theme)
            }
        })
        .collect();
    let mut lines = lines;
    // A closed section's summary names the key that opens it, where the row has room.
    if let Some(keys) = keymap::footer_pairs((keymap::Context::Reader, &[OPEN_SECTION])).first() {
        let hint = format!("  ({}: {})", keys.0, keys.1);
        for d in r.rendered.details.iter().filter(|d| !d.open) {
            if let Some(line) = d.row.checked_sub(r.scroll).and_then(|i| lines.get_mut(i))
                && line.width() + hint.chars().count() <= usize::from(column.width)
            {
                line.spans.push(Span::styled(hint.clone(), theme.muted));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), column);

    // Live simulations in their panels.
    for inline in r.inline.iter().filter(|i| i.visible) {
        if let Some(live) = r.rendered.live.iter().find(|l| l.block == inline.block) {
            super::sim_view::draw_in_panel(
                frame,
                column,
                r.scroll,
                live,
                &inline.run,
                keymap::Context::Reader,
                theme,
            );
        }
    }

    let foot_line = if let Some(input) = &r.search_input {
        Line::from(vec![
            Span::styled(" /", theme.footer_key),
            Span::styled(input.with_cursor(), theme.footer),
        ])
        .style(theme.footer)
    } else if !r.query.is_empty() {
        let info = if r.matches.is_empty() {
            format!("no match for “{}”", r.query)
        } else {
            format!(
                "match {}/{} for “{}”",
                r.current_match + 1,
                r.matches.len(),
                r.query
            )
        };
        let info = format!(" {info}  ");
        let room = foot.width.saturating_sub(columns(&info));
        let mut l = footer(footers::READER_MATCHES, room, theme);
        l.spans.insert(0, Span::styled(info, theme.footer));
        l
    } else if r.scroll >= r.max_scroll(area.height)
        && let Some(quiz) = lesson
            .and_then(|l| l.quiz.as_deref())
            .and_then(|id| app.catalog.quiz(id))
    {
        // The end of the lesson: offer its quiz.
        let end = format!(
            " End · quiz of {}  ",
            crate::content::plural::count(quiz.questions.len(), "question", "questions")
        );
        let room = foot.width.saturating_sub(columns(&end));
        let mut l = footer(footers::READER_END, room, theme);
        l.spans.insert(0, Span::styled(end, theme.footer_key));
        l
    } else {
        footer(footers::READER, foot.width, theme)
    };
    frame.render_widget(Paragraph::new(foot_line).style(theme.footer), foot);

    if let Some(sel) = r.toc {
        draw_toc(frame, area, r, sel, theme);
    }
}

/// The rectangle the lesson text is drawn in: the body between the title bar and the footer,
/// centred, at most the render width.
fn text_column(area: Rect) -> Rect {
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    let width = text_width(area.width).min(body.width);
    Rect {
        x: body.x + (body.width - width) / 2,
        width,
        ..body
    }
}

/// Turns the links on screen into OSC 8 hyperlinks, after everything else is drawn (the caller
/// skips this while an overlay covers the text; `skip_row` is a screen row drawn over, the status
/// line). Each run of a link's cells in one style becomes one cell holding the sequence, the
/// run's text and the closing sequence, with `ForcedWidth` so ratatui counts it as the run's
/// columns; the cells after it keep their own text, which is what the terminal shows there. Only
/// the renderer's links are written this way, with the URL percent-encoded
/// (`markdown::osc8_target`); lesson text itself has had every escape removed by the sanitiser.
pub fn hyperlinks(frame: &mut Frame, area: Rect, r: &Reader, skip_row: Option<u16>) {
    use ratatui::buffer::CellDiffOption;
    use std::num::NonZeroU16;
    let column = text_column(area);
    let buf = frame.buffer_mut();
    for (id, link) in r.rendered.links.iter().enumerate() {
        let Some(target) = crate::markdown::osc8_target(&link.url) else {
            continue;
        };
        let Some(dy) = link.row.checked_sub(r.scroll) else {
            continue;
        };
        let Ok(dy) = u16::try_from(dy) else { continue };
        if dy >= column.height || Some(column.y + dy) == skip_row {
            continue;
        }
        let y = column.y + dy;
        let clip = |c: usize| {
            column
                .x
                .saturating_add(u16::try_from(c).unwrap_or(u16::MAX))
        };
        let (start, end) = (
            clip(link.cols.start),
            clip(link.cols.end).min(column.right()),
        );
        let mut x = start;
        while x < end {
            // One run: cells in the same style as the first.
            let style = buf[(x, y)].style();
            let run_start = x;
            let mut text = String::new();
            while x < end && buf[(x, y)].style() == style {
                let sym = buf[(x, y)].symbol().to_string();
                let w = unicode_width::UnicodeWidthStr::width(sym.as_str()).max(1) as u16;
                text.push_str(&sym);
                x = x.saturating_add(w);
            }
            let x_end = x.min(end);
            let Some(width) = NonZeroU16::new(x_end - run_start) else {
                break;
            };
            let cell = &mut buf[(run_start, y)];
            cell.set_symbol(&format!(
                "\x1b]8;id=cloudtutor-{id};{target}\x1b\\{text}\x1b]8;;\x1b\\"
            ));
            cell.set_diff_option(CellDiffOption::ForcedWidth(width));
        }
    }
}

/// The hint on a closed section's summary line.
const OPEN_SECTION: keymap::Hint = keymap::Hint {
    actions: &[keymap::Action::Disclose],
    label: "open",
    keys: 1,
};

/// Splits a line's spans so the matched characters (the pieces of matches on this row, each with
/// whether it is part of the current match) get the highlight style.
fn highlight(line: &Line<'static>, hits: &[(Piece, bool)], theme: &Theme) -> Line<'static> {
    let style_at = |i: usize| -> Option<Style> {
        hits.iter()
            .find(|(p, _)| i >= p.start && i < p.start + p.len)
            .map(|(_, current)| {
                if *current {
                    theme.search_current
                } else {
                    theme.search_match
                }
            })
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut pos = 0;
    for span in &line.spans {
        let mut buf = String::new();
        let mut buf_style: Option<Style> = None;
        for c in span.content.chars() {
            let s = style_at(pos);
            if s != buf_style && !buf.is_empty() {
                let st = buf_style.map_or(span.style, |h| span.style.patch(h));
                spans.push(Span::styled(std::mem::take(&mut buf), st));
            }
            buf_style = s;
            buf.push(c);
            pos += 1;
        }
        if !buf.is_empty() {
            let st = buf_style.map_or(span.style, |h| span.style.patch(h));
            spans.push(Span::styled(buf, st));
        }
    }
    Line::from(spans).style(line.style)
}

fn draw_toc(frame: &mut Frame, area: Rect, r: &Reader, sel: usize, theme: &Theme) {
    let w = area.width.saturating_sub(8).min(60);
    let h = (r.rendered.headings.len() as u16 + 2).min(area.height.saturating_sub(4));
    let rect = centered(area, w, h);
    let items: Vec<ListItem> = r
        .rendered
        .headings
        .iter()
        .map(|hd| {
            let indent = "  ".repeat(usize::from(hd.level.saturating_sub(1)));
            ListItem::new(truncate(
                &format!("{indent}{}", hd.title),
                usize::from(w.saturating_sub(4)),
            ))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(sel));
    frame.render_widget(Clear, rect);
    frame.render_stateful_widget(
        List::new(items)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.accent)
                    .title(Span::styled(" Contents ", theme.title)),
            )
            .highlight_style(theme.selected),
        rect,
        &mut state,
    );
    // Headings outside the window: said on the bottom border.
    let shown = usize::from(rect.height.saturating_sub(2));
    let total = r.rendered.headings.len();
    if let Some(mark) = crate::screens::wrap::more_mark(total, state.offset(), shown.min(total))
        && rect.height > 2
    {
        let text = format!(" {mark} ");
        let w = (unicode_width::UnicodeWidthStr::width(text.as_str()) as u16)
            .min(rect.width.saturating_sub(2));
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.accent)),
            Rect {
                x: rect.x + 1,
                y: rect.bottom() - 1,
                width: w,
                height: 1,
            },
        );
    }
}
