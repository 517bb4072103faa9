//! The text of the quiz screen's body (the question, the answer being built, the feedback with
//! the explanation) as rows at a width: one function that both the draw and the keys use, so the
//! keys that scroll the feedback know exactly how far it goes. Styles are given by the caller for
//! each [`Tone`], so the UI keeps its theme and this module stays free of it.
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::quiz::{Draft, QuizRun};
use super::wrap::wrap_hanging;
use crate::content::{Kind, Question};
use crate::quiz::describe;

/// Widest the quiz text gets: questions read better in a column.
pub const MAX_WIDTH: u16 = 100;

/// The fewest columns a match item is cut to, however narrow the column: enough to tell the
/// items apart (the one under the cursor is also shown whole).
const MIN_ITEM_WIDTH: usize = 12;

/// What a piece of text is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The question's prompt.
    Title,
    Base,
    /// Instructions and legends.
    Muted,
    /// The row under the cursor.
    Selected,
    /// "✓ Right".
    Done,
    /// Headings in the feedback, a partly right verdict, a unit.
    Accent,
    /// "✗ Not quite", an answer that cannot be read.
    Warning,
}

/// The body's rows at a width, and which row holds the cursor while answering.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub rows: Vec<Line<'static>>,
    /// The first row of the line under the cursor (choice, item), to keep in view.
    pub cursor_row: Option<usize>,
    /// The row of the verdict ("✓ Right"), once answered.
    pub verdict_row: Option<usize>,
}

/// The quiz body's column (width, height) in a terminal of `cols` x `rows`: the rows between the
/// title bar (and a timed drill's gauge) and the status and footer rows, less a blank top row.
pub fn column(cols: u16, rows: u16, timed: bool) -> (u16, u16) {
    let body_h = rows.saturating_sub(3 + u16::from(timed));
    (
        cols.saturating_sub(4).min(MAX_WIDTH),
        body_h.saturating_sub(1),
    )
}

/// The body of the question on screen, wrapped to `width` columns, with `style` for each tone.
pub fn body(q: &QuizRun, width: u16, style: &dyn Fn(Tone) -> Style) -> Body {
    let Some(cur) = q.session.current() else {
        return Body::default();
    };
    let question = cur.question;
    let mut lines = Vec::new();
    if let Some(d) = q.drill.as_ref().filter(|d| d.shown.retry > 0) {
        lines.push(Line::from(Span::styled(
            format!(
                "↻ again: you missed this one {} in this drill",
                if d.shown.retry == 1 {
                    "earlier".to_string()
                } else {
                    format!("{} times", d.shown.retry)
                }
            ),
            style(Tone::Warning),
        )));
    }
    lines.push(Line::from(Span::styled(
        question.prompt.clone(),
        style(Tone::Title),
    )));
    lines.push(Line::from(""));
    let (answers, cursor) = answer_lines(q, question, usize::from(width), style);
    let cursor_line = cursor.map(|c| c + lines.len());
    lines.extend(answers);
    let mut verdict_line = None;
    if let Some(outcome) = &q.feedback {
        lines.push(Line::from(""));
        verdict_line = Some(lines.len());
        let verdict = if outcome.correct {
            Span::styled("✓ Right", style(Tone::Done))
        } else if outcome.score > 0.0 {
            Span::styled(
                format!("◐ Partly right ({:.0}%)", outcome.score * 100.0),
                style(Tone::Accent),
            )
        } else {
            Span::styled("✗ Not quite", style(Tone::Warning))
        };
        lines.push(Line::from(verdict));
        if !outcome.correct {
            lines.push(Line::from(Span::styled("The answer:", style(Tone::Accent))));
            for l in describe::right_answer(&question.kind) {
                lines.push(Line::from(format!("  {l}")));
            }
        }
        if q.drill.as_ref().is_some_and(|d| d.requeued) {
            lines.push(Line::from(Span::styled(
                "↻ It comes back in a few questions, until you get it right.",
                style(Tone::Accent),
            )));
        }
        if !question.explanation.is_empty() {
            lines.push(Line::from(""));
            for l in question.explanation.lines() {
                lines.push(Line::from(l.to_string()));
            }
        }
    }
    let mut rows = Vec::new();
    let mut cursor_row = None;
    let mut verdict_row = None;
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == cursor_line {
            cursor_row = Some(rows.len());
        }
        if Some(i) == verdict_line {
            verdict_row = Some(rows.len());
        }
        wrap_hanging(line, usize::from(width.max(1)), &mut rows);
    }
    Body {
        rows,
        cursor_row,
        verdict_row,
    }
}

/// Where the feedback starts scrolled: at the top when the verdict is in view from there, else
/// with the verdict on the top row (the question is then "↑ more" above it).
pub fn feedback_scroll(q: &QuizRun, cols: u16, rows: u16) -> usize {
    let (w, h) = column(cols, rows, q.deadline.is_some());
    let b = body(q, w, &|_| Style::default());
    let max = max_scroll(q, cols, rows);
    match b.verdict_row {
        Some(v) if max > 0 && v + 1 >= usize::from(h) => v.min(max),
        _ => 0,
    }
}

/// How far the feedback can scroll at a terminal size: rows of the body beyond the column.
pub fn max_scroll(q: &QuizRun, cols: u16, rows: u16) -> usize {
    let (w, h) = column(cols, rows, q.deadline.is_some());
    let total = body(q, w, &|_| Style::default()).rows.len();
    super::wrap::max_scroll(total, usize::from(h))
}

/// The interactive part of a question, drawn from the draft (or the locked answer after
/// feedback), and the line the cursor is on.
fn answer_lines(
    q: &QuizRun,
    question: &Question,
    width: usize,
    style: &dyn Fn(Tone) -> Style,
) -> (Vec<Line<'static>>, Option<usize>) {
    let labels = q.labels();
    let locked = q.feedback.is_some();
    // The row under the cursor stands out until the answer is locked in.
    let row_style = |here: bool| {
        if here && !locked {
            style(Tone::Selected)
        } else {
            style(Tone::Base)
        }
    };
    let mut out = Vec::new();
    let mut cursor_line = None;
    match (&q.draft, &question.kind) {
        (Draft::Choices { cursor, ticked }, kind) => {
            let multi = matches!(kind, Kind::Multi { .. });
            for (i, label) in labels.iter().enumerate() {
                let mark = if multi {
                    if ticked.contains(&i) { "[x] " } else { "[ ] " }
                } else {
                    ""
                };
                let here = i == *cursor;
                if here {
                    cursor_line = Some(out.len());
                }
                let text = format!("{} {}. {mark}{label}", if here { "›" } else { " " }, i + 1);
                out.push(Line::from(Span::styled(text, row_style(here))));
            }
            if multi && !locked {
                out.push(Line::from(""));
                out.push(Line::from(Span::styled(
                    "Tick every right choice, then press Enter.",
                    style(Tone::Muted),
                )));
            }
        }
        (
            Draft::Order {
                cursor,
                order,
                held,
            },
            _,
        ) => {
            out.push(Line::from(Span::styled(
                "Put these in order, first at the top:",
                style(Tone::Muted),
            )));
            for (pos, item) in order.iter().enumerate() {
                let here = pos == *cursor;
                if here {
                    cursor_line = Some(out.len());
                }
                let grip = if here && *held { "⇅" } else { "≡" };
                let text = format!(
                    "{} {}. {grip} {}",
                    if here { "›" } else { " " },
                    pos + 1,
                    labels.get(*item).map_or("", String::as_str)
                );
                out.push(Line::from(Span::styled(text, row_style(here))));
            }
        }
        (Draft::Match { cursor, placed }, Kind::Match { categories, items }) => {
            // Once answered, each item says whether the learner's category was right, so the
            // mistakes stand out without comparing two lists.
            let arrangement = q.session.current().map(|c| c.presented.arrangement.clone());
            let verdict = |i: usize| -> &'static str {
                if !locked {
                    return "";
                }
                let right = arrangement
                    .as_ref()
                    .and_then(|a| a.original(i))
                    .and_then(|o| items.get(o))
                    .map(|item| item.category);
                if right.is_some() && placed.get(i).copied().flatten() == right {
                    "  ✓"
                } else {
                    "  ✗"
                }
            };
            let legend: Vec<String> = categories
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {c}", i + 1))
                .collect();
            out.push(Line::from(Span::styled(
                format!("Categories: {}", legend.join("   ")),
                style(Tone::Muted),
            )));
            // Items take the room the column leaves beside the marker ("› ", 2), the arrow
            // ("  → ", 4), the widest category and the verdict mark ("  ✓", 3), so the categories line up; an item cut to fit
            // is shown whole under the list while the cursor is on it.
            let cat_w = categories
                .iter()
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .max()
                .unwrap_or(1);
            let item_w = labels
                .iter()
                .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
                .max()
                .unwrap_or(0)
                .min(width.saturating_sub(9 + cat_w).max(MIN_ITEM_WIDTH));
            for (i, label) in labels.iter().enumerate() {
                let here = i == *cursor;
                if here {
                    cursor_line = Some(out.len());
                }
                let cat = placed
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|c| categories.get(c))
                    .map_or("·", String::as_str);
                let shown = super::wrap::truncate(label, item_w);
                let pad =
                    item_w.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
                let text = format!(
                    "{} {shown}{}  → {cat}{}",
                    if here { "›" } else { " " },
                    " ".repeat(pad),
                    verdict(i)
                );
                out.push(Line::from(Span::styled(text, row_style(here))));
            }
            let cut = labels
                .get(*cursor)
                .filter(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) > item_w);
            if let Some(full) = cut.filter(|_| !locked) {
                out.push(Line::from(""));
                out.push(Line::from(Span::styled(
                    format!("› in full: {full}"),
                    style(Tone::Muted),
                )));
            }
        }
        (Draft::Number { input, error }, Kind::Numeric { unit, .. }) => {
            let text = if locked {
                input.value().to_string()
            } else {
                input.with_cursor()
            };
            out.push(Line::from(vec![
                Span::raw("Your answer: "),
                Span::styled(format!(" {text} "), style(Tone::Selected)),
                Span::styled(format!(" {unit}"), style(Tone::Accent)),
            ]));
            if let Some(e) = error {
                out.push(Line::from(Span::styled(e.clone(), style(Tone::Warning))));
            }
        }
        _ => {}
    }
    (out, cursor_line)
}

/// The review of missed question `id` (the prompt, what was answered, the right answer and the
/// explanation) as rows `width` columns wide.
pub fn review(
    q: &QuizRun,
    id: &str,
    width: u16,
    style: &dyn Fn(Tone) -> Style,
) -> Vec<Line<'static>> {
    let Some(question) = q.asked(id) else {
        return Vec::new();
    };
    let given = q.given(id).cloned();
    let mut lines = vec![
        Line::from(Span::styled(question.prompt.clone(), style(Tone::Title))),
        Line::from(""),
        Line::from(Span::styled("You answered:", style(Tone::Accent))),
        Line::from(format!(
            "  {}",
            given.map_or("(not answered)".to_string(), |g| describe::response(
                &question.kind,
                &g
            ))
        )),
        Line::from(Span::styled("The answer:", style(Tone::Accent))),
    ];
    for l in describe::right_answer(&question.kind) {
        lines.push(Line::from(format!("  {l}")));
    }
    lines.push(Line::from(""));
    for l in question.explanation.lines() {
        lines.push(Line::from(l.to_string()));
    }
    super::wrap::wrap_all(&lines, usize::from(width.max(1)))
}

/// The review popup's size in a terminal of `cols` x `rows`: (outer width, outer height), and
/// the rows of text inside its border.
pub fn review_frame(cols: u16, rows: u16) -> (u16, u16, usize) {
    let (w, h) = (cols.saturating_sub(6).min(90), rows.saturating_sub(4));
    (w, h, usize::from(h.saturating_sub(2)))
}

/// How far the open review can scroll at a terminal size.
pub fn review_max_scroll(q: &QuizRun, cols: u16, rows: u16) -> usize {
    let Some(id) = q.result.as_ref().and_then(|r| r.missed.get(q.review)) else {
        return 0;
    };
    let (w, _, room) = review_frame(cols, rows);
    let total = review(q, id, w.saturating_sub(2), &|_| Style::default()).len();
    // The "more" mark is on the popup's border, so every inner row shows text.
    total.saturating_sub(room)
}
