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
use crate::content::{Kind, Question};
use crate::quiz::describe;
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::quiz::{Draft, QuizRun};

/// Widest the quiz text gets: questions read better in a column.
const MAX_WIDTH: u16 = 100;

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
    let width = body.width.saturating_sub(4).min(MAX_WIDTH);
    let column = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: body.height.saturating_sub(1),
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
            Paragraph::new(footer(keys, theme)).style(theme.footer),
            foot,
        );
        return;
    }
    let Some(cur) = q.session.current() else {
        return;
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
            theme.warning,
        )));
    }
    lines.push(Line::from(Span::styled(
        question.prompt.clone(),
        theme.title,
    )));
    lines.push(Line::from(""));
    lines.extend(answer_lines(q, question, theme));
    if let Some(outcome) = &q.feedback {
        lines.push(Line::from(""));
        let verdict = if outcome.correct {
            Span::styled("✓ Right", theme.done)
        } else if outcome.score > 0.0 {
            Span::styled(
                format!("◐ Partly right ({:.0}%)", outcome.score * 100.0),
                theme.accent,
            )
        } else {
            Span::styled("✗ Not quite", theme.warning)
        };
        lines.push(Line::from(verdict));
        if !outcome.correct {
            lines.push(Line::from(Span::styled("The answer:", theme.accent)));
            for l in describe::right_answer(&question.kind) {
                lines.push(Line::from(format!("  {l}")));
            }
        }
        if q.drill.as_ref().is_some_and(|d| d.requeued) {
            lines.push(Line::from(Span::styled(
                "↻ It comes back in a few questions, until you get it right.",
                theme.accent,
            )));
        }
        if !question.explanation.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(question.explanation.clone()));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), column);

    let mut keys = if q.feedback.is_some() {
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
        Paragraph::new(footer_line(&keys, theme)).style(theme.footer),
        foot,
    );
}

/// The interactive part of a question, drawn from the draft (or the locked answer after feedback).
fn answer_lines(q: &QuizRun, question: &Question, theme: &Theme) -> Vec<Line<'static>> {
    let labels = q.labels();
    let locked = q.feedback.is_some();
    // The row under the cursor stands out until the answer is locked in.
    let row_style = |here: bool| {
        if here && !locked {
            theme.selected
        } else {
            theme.base
        }
    };
    let mut out = Vec::new();
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
                let text = format!("{} {}. {mark}{label}", if here { "›" } else { " " }, i + 1);
                out.push(Line::from(Span::styled(text, row_style(here))));
            }
            if multi && !locked {
                out.push(Line::from(""));
                out.push(Line::from(Span::styled(
                    "Tick every right choice, then press Enter.",
                    theme.muted,
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
                theme.muted,
            )));
            for (pos, item) in order.iter().enumerate() {
                let here = pos == *cursor;
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
        (Draft::Match { cursor, placed }, Kind::Match { categories, .. }) => {
            let legend: Vec<String> = categories
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {c}", i + 1))
                .collect();
            out.push(Line::from(Span::styled(
                format!("Categories: {}", legend.join("   ")),
                theme.muted,
            )));
            let item_w = labels
                .iter()
                .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
                .max()
                .unwrap_or(0)
                .min(50);
            for (i, label) in labels.iter().enumerate() {
                let here = i == *cursor;
                let cat = placed
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|c| categories.get(c))
                    .map_or("·", String::as_str);
                let shown = truncate(label, item_w);
                let pad =
                    item_w.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
                let text = format!(
                    "{} {shown}{}  → {cat}",
                    if here { "›" } else { " " },
                    " ".repeat(pad)
                );
                out.push(Line::from(Span::styled(text, row_style(here))));
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
                Span::styled(format!(" {text} "), theme.selected),
                Span::styled(format!(" {unit}"), theme.accent),
            ]));
            if let Some(e) = error {
                out.push(Line::from(Span::styled(e.clone(), theme.warning)));
            }
        }
        _ => {}
    }
    out
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
                "{} question{} · {} right first time · {} relearned",
                s.questions,
                if s.questions == 1 { "" } else { "s" },
                s.right_first_time,
                s.relearned
            );
            if s.still_missed > 0 {
                second.push_str(&format!(" · {} still to relearn", s.still_missed));
            }
            second.push_str(&format!(" · {}:{:02} min", secs / 60, secs % 60));
            let first = if d.plan.is_cram() {
                "Cram finished: your review schedule did not move"
            } else if s.remaining > 0 {
                "Time is up: the questions not reached stay due"
            } else {
                "Drill finished"
            };
            vec![
                Line::from(Span::styled(first, theme.title)),
                Line::from(second),
            ]
        }
        None => vec![
            Line::from(Span::styled("Quiz finished", theme.title)),
            Line::from(format!(
                "{} of {} right · score {:.0}% · {}:{:02} min",
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
        let given = q.given(id).cloned();
        let Some(question) = q.asked(id) else {
            return;
        };
        let mut lines = vec![
            Line::from(Span::styled(question.prompt.clone(), theme.title)),
            Line::from(""),
        ];
        lines.push(Line::from(Span::styled("You answered:", theme.accent)));
        lines.push(Line::from(format!(
            "  {}",
            given.map_or("(not answered)".to_string(), |g| describe::response(
                &question.kind,
                &g
            ))
        )));
        lines.push(Line::from(Span::styled("The answer:", theme.accent)));
        for l in describe::right_answer(&question.kind) {
            lines.push(Line::from(format!("  {l}")));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(question.explanation.clone()));
        let rect = centered(
            frame.area(),
            frame.area().width.saturating_sub(6).min(90),
            frame.area().height.saturating_sub(4),
        );
        frame.render_widget(ratatui::widgets::Clear, rect);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.accent)
                    .title(Span::styled(" Review ", theme.title)),
            ),
            rect,
        );
    }
}
