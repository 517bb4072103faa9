//! The quiz runner: the question with an interaction that fits its kind, feedback after each
//! answer, and the result with the missed questions to review.
use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};

use super::home::truncate;
use super::theme::Theme;
use super::{centered, footer, footer_line};
use crate::content::Kind;
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::quiz::QuizRun;
use crate::screens::quiz_body::{self, Tone};
use crate::screens::wrap;

/// Draws the quiz screen.
pub fn draw(frame: &mut Frame, area: Rect, q: &QuizRun, now: Instant, theme: &Theme) {
    let [title, body, _status_row, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // The status row is drawn by the chrome (`chrome::draw_status`).
    let position = match &q.result {
        Some(_) => "result".to_string(),
        None => {
            let (n, total) = q.position();
            format!("{n}/{total}")
        }
    };
    let name = truncate(
        &q.title,
        usize::from(area.width).saturating_sub(position.len() + 4),
    );
    let pad = usize::from(area.width).saturating_sub(
        unicode_width::UnicodeWidthStr::width(name.as_str()) + position.chars().count() + 3,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {name}"), theme.title),
            Span::raw(" ".repeat(pad)),
            Span::styled(format!("{position} "), theme.muted),
        ])),
        title,
    );
    let body = match q.remaining(now) {
        Some(left) if q.result.is_none() => {
            let [gauge, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
            let total = q.deadline.map_or(1.0, |(_, t)| t.as_secs_f64().max(1.0));
            let secs = left.as_secs();
            frame.render_widget(
                Gauge::default()
                    .ratio((left.as_secs_f64() / total).clamp(0.0, 1.0))
                    .gauge_style(theme.accent)
                    .label(Span::styled(
                        format!("{}:{:02} left", secs / 60, secs % 60),
                        theme.base,
                    )),
                gauge,
            );
            rest
        }
        _ => body,
    };
    let (width, height) = quiz_body::column(area.width, area.height, q.remaining(now).is_some());
    let width = width.min(body.width);
    let column = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: height.min(body.height.saturating_sub(1)),
    };

    if let Some(result) = &q.result {
        draw_result(frame, column, q, result, theme);
        let keys = if q.reviewing {
            footers::RESULT_REVIEW
        } else if q.drill.is_some() {
            footers::DRILL_RESULT
        } else {
            footers::RESULT
        };
        frame.render_widget(
            Paragraph::new(footer(keys, foot.width, theme)).style(theme.footer),
            foot,
        );
        return;
    }
    let Some(cur) = q.session.current() else {
        return;
    };
    let question = cur.question;
    let b = quiz_body::body(q, column.width, &|t| tone(t, theme));
    let rows = usize::from(column.height);
    let overflow = b.rows.len() > rows;
    let scroll = if q.feedback.is_some() {
        q.scroll
    } else {
        // While answering, the choice under the cursor stays in view.
        let (_, visible) = wrap::window(b.rows.len(), rows, 0);
        b.cursor_row.map_or(0, |r| (r + 1).saturating_sub(visible))
    };
    let (offset, visible) = wrap::window(b.rows.len(), rows, scroll);
    let mut lines: Vec<Line> = b.rows.iter().skip(offset).take(visible).cloned().collect();
    if let Some(mark) = wrap::more_mark(b.rows.len(), offset, lines.len()) {
        lines.push(Line::from(Span::styled(mark, theme.accent)));
    }
    frame.render_widget(Paragraph::new(lines), column);

    let mut keys = if q.feedback.is_some() && overflow {
        keymap::footer_pairs(footers::FEEDBACK_SCROLL)
    } else if q.feedback.is_some() {
        keymap::footer_pairs(footers::FEEDBACK)
    } else {
        match &question.kind {
            Kind::Single { .. } | Kind::TrueFalse { .. } => keymap::footer_pairs(footers::QUIZ),
            Kind::Multi { .. } => keymap::footer_pairs(footers::QUIZ_MULTI),
            Kind::Order { .. } => keymap::footer_pairs(footers::QUIZ_ORDER),
            Kind::Match { .. } => keymap::footer_pairs(footers::QUIZ_MATCH),
            Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => {
                let mut keys = LineInput::typing_hints("0-9 . ,");
                keys.extend(keymap::footer_pairs(footers::QUIZ_NUMBER));
                keys
            }
        }
    };
    if q.feedback.is_none() && q.can_undo() {
        keys.extend(keymap::footer_pairs(footers::QUIZ_UNDO));
    }
    frame.render_widget(
        Paragraph::new(footer_line(&keys, foot.width, theme)).style(theme.footer),
        foot,
    );
}

fn draw_result(
    frame: &mut Frame,
    area: Rect,
    q: &QuizRun,
    result: &crate::quiz::Summary,
    theme: &Theme,
) {
    let [head, gauge, _, list] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let secs = q.elapsed.as_secs();
    let head_lines = match &q.drill {
        Some(d) => {
            let s = d.plan.summary();
            let mut second = format!(
                "{} · {} right first time · {} relearned",
                crate::content::plural::count(s.questions, "question", "questions"),
                s.right_first_time,
                s.relearned
            );
            if s.still_missed > 0 {
                second.push_str(&format!(" · {} still to relearn", s.still_missed));
            }
            second.push_str(&format!(" · time {}:{:02}", secs / 60, secs % 60));
            let first = if d.plan.is_cram() {
                "Cram finished: your review schedule did not move".to_string()
            } else if q.stopped {
                match &d.relearn_on {
                    Some(on) => format!("Drill stopped: the first to relearn is back on {on}"),
                    None => "Drill stopped: the questions not reached stay due".to_string(),
                }
            } else if s.remaining > 0 {
                "Time is up: the questions not reached stay due".to_string()
            } else {
                "Drill finished".to_string()
            };
            vec![
                Line::from(Span::styled(first, theme.title)),
                Line::from(second),
            ]
        }
        None if q.stopped => vec![
            Line::from(Span::styled(
                format!(
                    "Quiz stopped after {} of {} questions: not saved as an attempt",
                    result.total,
                    q.session.len()
                ),
                theme.title,
            )),
            Line::from(format!(
                "{} of {} answered right · score {:.0}% · time {}:{:02}",
                result.correct,
                result.total,
                result.score * 100.0,
                secs / 60,
                secs % 60
            )),
        ],
        None => vec![
            Line::from(Span::styled("Quiz finished", theme.title)),
            Line::from(format!(
                "{} of {} right · score {:.0}% · time {}:{:02}",
                result.correct,
                result.total,
                result.score * 100.0,
                secs / 60,
                secs % 60
            )),
        ],
    };
    frame.render_widget(Paragraph::new(head_lines).wrap(Wrap { trim: false }), head);
    frame.render_widget(
        Gauge::default()
            .ratio(f64::from(result.score.clamp(0.0, 1.0)))
            .gauge_style(theme.done)
            .label(format!("{:.0}%", result.score * 100.0)),
        gauge,
    );
    if result.missed.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Every question right. Well done.", theme.done)),
            list,
        );
        return;
    }
    let mut lines = vec![Line::from(Span::styled("To review:", theme.accent))];
    for (i, id) in result.missed.iter().enumerate() {
        // The question as asked (a generated one with its numbers), not its template.
        let prompt = q.asked(id).map_or(id.clone(), |qn| qn.prompt.clone());
        let here = i == q.review;
        let text = truncate(
            &format!("{} {prompt}", if here { "›" } else { " " }),
            usize::from(area.width),
        );
        lines.push(Line::from(Span::styled(
            text,
            if here { theme.selected } else { theme.base },
        )));
    }
    frame.render_widget(Paragraph::new(lines), list);

    if q.reviewing
        && let Some(id) = result.missed.get(q.review)
    {
        let full = frame.area();
        let (w, h, room) = quiz_body::review_frame(full.width, full.height);
        let rows = quiz_body::review(q, id, w.saturating_sub(2), &|t| tone(t, theme));
        let offset = q.scroll.min(rows.len().saturating_sub(room));
        let shown: Vec<Line> = rows.iter().skip(offset).take(room).cloned().collect();
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.accent)
            .title(Span::styled(" Review ", theme.title));
        if let Some(mark) = wrap::more_mark(rows.len(), offset, shown.len()) {
            block = block.title_bottom(Span::styled(format!(" {mark} "), theme.accent));
        }
        let rect = centered(full, w, h);
        frame.render_widget(ratatui::widgets::Clear, rect);
        frame.render_widget(Paragraph::new(shown).block(block), rect);
    }
}

/// The theme's style for a tone of the quiz body.
fn tone(t: Tone, theme: &Theme) -> ratatui::style::Style {
    match t {
        Tone::Title => theme.title,
        Tone::Base => theme.base,
        Tone::Muted => theme.muted,
        Tone::Selected => theme.selected,
        Tone::Done => theme.done,
        Tone::Accent => theme.accent,
        Tone::Warning => theme.warning,
    }
}
