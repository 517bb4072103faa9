//! The course map: every lesson in order, the selected one's summary, and the keys.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, List, ListItem, ListState, Paragraph, Wrap};

use super::theme::Theme;
use super::{centered, footer_line};
use crate::content::plural::count;
use crate::progress::ReadState;
use crate::screens::keymap::{self, footers};
use crate::screens::state::App;

/// Draws the home screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [title, gauge, body, _status_row, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // The status row is drawn by the chrome (`chrome::draw_status`).
    let lessons = &app.catalog.lessons;
    let due = &app.schedule.due;
    let (due_total, streak) = (app.schedule.due_total, app.schedule.streak);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" cloudtutor ", theme.title),
            Span::styled(
                format!(
                    "· {} · {} · {} due for review · streak {}",
                    count(lessons.len(), "lesson", "lessons"),
                    count(app.catalog.question_count(), "question", "questions"),
                    due_total,
                    count(streak as usize, "day", "days"),
                ),
                theme.muted,
            ),
        ])),
        title,
    );

    let done = lessons
        .iter()
        .filter(|l| {
            app.progress
                .lessons
                .get(&l.id)
                .is_some_and(|p| p.state == ReadState::Done)
        })
        .count();
    let ratio = if lessons.is_empty() {
        0.0
    } else {
        done as f64 / lessons.len() as f64
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .gauge_style(theme.done)
            .label(Span::styled(
                format!(
                    "course: {done} of {} read",
                    count(lessons.len(), "lesson", "lessons")
                ),
                theme.base,
            )),
        gauge,
    );

    let (errors, warnings) = (app.catalog.diagnostics.len(), app.catalog.warnings.len());
    let mut keys = keymap::footer_pairs(footers::HOME);
    if errors + warnings > 0 {
        keys.splice(2..2, keymap::footer_pairs(footers::HOME_PROBLEMS));
    }
    frame.render_widget(
        Paragraph::new(footer_line(&keys, theme)).style(theme.footer),
        foot,
    );

    let body = if errors + warnings == 0 {
        body
    } else {
        let [banner, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        let text = if errors > 0 {
            format!(
                " ⚠ {} in the content; the good lessons are below (press ! to see them)",
                count(errors + warnings, "problem", "problems")
            )
        } else {
            format!(
                " ⚠ {} about the content (press ! to see them)",
                count(warnings, "warning", "warnings")
            )
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.warning)), banner);
        rest
    };

    if lessons.is_empty() {
        let msg = Paragraph::new("No lessons could be loaded. Run `cloudtutor check` to see why.")
            .style(theme.warning)
            .wrap(Wrap { trim: true });
        frame.render_widget(msg, centered(body, 50, 3));
        return;
    }

    let wide = body.width >= 120;
    let (list_area, detail_area) = if wide {
        let [l, d] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(body);
        (l, Some(d))
    } else {
        (body, None)
    };

    // Columns: number, title, minutes, reading state, best quiz score.
    let title_w = usize::from(list_area.width.saturating_sub(5 + 8 + 12 + 9 + 8));
    let items: Vec<ListItem> = lessons
        .iter()
        .map(|l| {
            let minutes = l.minutes.map_or(String::new(), |m| format!("{m:>3} min"));
            let title = pad(&truncate(&l.title, title_w), title_w);
            let (state, state_style) = lesson_state(app, &l.id, theme);
            let score = l
                .quiz
                .as_deref()
                .and_then(|q| app.progress.quizzes.get(q))
                .filter(|q| !q.attempts.is_empty())
                .map_or(String::new(), |q| {
                    format!("quiz {:>3.0}%", q.best_score * 100.0)
                });
            ListItem::new(Line::from(vec![
                Span::styled(format!(" {:>2}  ", l.order), theme.muted),
                Span::raw(title),
                Span::styled(format!(" {minutes:>7}"), theme.muted),
                Span::styled(format!("  {state:<10}"), state_style),
                Span::styled(format!("{score:>9}"), theme.accent),
                Span::styled(
                    match due.get(&l.id).copied().unwrap_or(0) {
                        0 => String::new(),
                        n => format!("  {n} due"),
                    },
                    theme.warning,
                ),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.selected.min(lessons.len() - 1)));
    let list = List::new(items)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(Span::styled(" Course ", theme.title)),
        )
        .highlight_style(theme.selected);
    frame.render_stateful_widget(list, list_area, &mut state);

    if let (Some(area), Some(lesson)) = (detail_area, lessons.get(app.selected)) {
        let mut lines = vec![
            Line::from(Span::styled(lesson.title.clone(), theme.title)),
            Line::from(""),
        ];
        if let Some(s) = &lesson.summary {
            lines.push(Line::from(s.clone()));
            lines.push(Line::from(""));
        }
        if !lesson.objectives.is_empty() {
            lines.push(Line::from(Span::styled(
                "You will be able to:",
                theme.accent,
            )));
            for o in &lesson.objectives {
                lines.push(Line::from(format!(" • {o}")));
            }
        }
        let detail = Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::TOP | Borders::LEFT)
                    .border_style(theme.border),
            )
            .wrap(Wrap { trim: false });
        frame.render_widget(detail, area);
    }
}

/// How far the learner is with a lesson, in words, with the style to show it in.
fn lesson_state(app: &App, id: &str, theme: &Theme) -> (String, ratatui::style::Style) {
    match app.progress.lessons.get(id) {
        Some(p) if p.state == ReadState::Done => ("✓ done".to_string(), theme.done),
        Some(p) if p.state == ReadState::Reading => {
            (format!("{:.0}% read", p.position * 100.0), theme.accent)
        }
        _ => ("unread".to_string(), theme.muted),
    }
}

/// Pads `s` with spaces to `width` display columns.
pub(crate) fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Cuts `s` to `width` display columns, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
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
