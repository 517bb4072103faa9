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
// One truncation for screens and drawing alike; the ui files import it from here.
pub(crate) use crate::screens::wrap::truncate;

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
        Paragraph::new(footer_line(&keys, foot.width, theme)).style(theme.footer),
        foot,
    );

    let body = if errors + warnings == 0 {
        body
    } else {
        let [banner, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        let text = if errors > 0 {
            format!(
                " ⚠ {} in the content; the good lessons are below (press ! to see {})",
                count(errors, "problem", "problems"),
                crate::content::plural::it_or_them(errors)
            )
        } else {
            format!(
                " ⚠ {} about the content (press ! to see {})",
                count(warnings, "warning", "warnings"),
                crate::content::plural::it_or_them(warnings)
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

    let cols = Columns::fit(
        usize::from(list_area.width),
        lessons.iter().map(|l| l.title.as_str()),
    );
    let title_w = cols.title;
    let items: Vec<ListItem> = lessons
        .iter()
        .map(|l| {
            let title = pad(&truncate(&l.title, title_w), title_w);
            let (state, state_style) = lesson_state(app, &l.id, theme);
            let mut spans = Vec::new();
            if cols.number {
                spans.push(Span::styled(format!(" {:>2}  ", l.order), theme.muted));
            } else {
                spans.push(Span::raw(" "));
            }
            spans.push(Span::raw(title));
            if cols.minutes {
                let minutes = l.minutes.map_or(String::new(), |m| format!("{m:>3} min"));
                spans.push(Span::styled(format!(" {minutes:>7}"), theme.muted));
            }
            match cols.state {
                StateColumn::Words => {
                    spans.push(Span::styled(format!("  {state:<10}"), state_style))
                }
                StateColumn::Mark => spans.push(Span::styled(
                    format!(" {:>4}", short_state(&state)),
                    state_style,
                )),
                StateColumn::None => {}
            }
            if cols.score {
                let score = l
                    .quiz
                    .as_deref()
                    .and_then(|q| app.progress.quizzes.get(q))
                    .filter(|q| !q.attempts.is_empty())
                    .map_or(String::new(), |q| {
                        format!("quiz {:>3.0}%", q.best_score * 100.0)
                    });
                spans.push(Span::styled(format!("{score:>9}"), theme.accent));
            }
            spans.push(Span::styled(
                match due.get(&l.id).copied().unwrap_or(0) {
                    0 => String::new(),
                    n => format!("  {n} due"),
                },
                theme.warning,
            ));
            ListItem::new(Line::from(spans))
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
    // Lessons above or below the list's window: say so on its top rule.
    let shown = usize::from(list_area.height.saturating_sub(1));
    let above = state.offset();
    let below = lessons.len().saturating_sub(above + shown);
    if above + below > 0 {
        let mut marks = Vec::new();
        if above > 0 {
            marks.push(format!("↑ {above} more"));
        }
        if below > 0 {
            marks.push(format!("↓ {below} more"));
        }
        let text = format!(" {} ", marks.join(" · "));
        let w = (unicode_width::UnicodeWidthStr::width(text.as_str()) as u16).min(list_area.width);
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.accent)),
            Rect {
                x: list_area.x + list_area.width - w,
                width: w,
                height: 1,
                ..list_area
            },
        );
    }

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

/// How the reading state is shown: in words (`✓ done`, `37% read`, `unread`), as a mark (`✓`,
/// `37%`, blank), or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StateColumn {
    Words,
    Mark,
    None,
}

/// The reading state's words cut to a mark: `✓ done` to `✓`, `37% read` to `37%`, `unread` to
/// nothing.
fn short_state(words: &str) -> &str {
    words
        .strip_suffix(" done")
        .or_else(|| words.strip_suffix(" read"))
        .unwrap_or("")
}

/// Which columns of the lesson list fit: the title is the primary content, so the decorations
/// (minutes, best score, number, then the reading state in words, then as a mark) are dropped, in
/// that order, until the title has
/// room for the longest title or for [`Columns::MIN_TITLE`] columns, whichever is less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    number: bool,
    minutes: bool,
    state: StateColumn,
    score: bool,
    /// Columns left for the title.
    title: usize,
}

impl Columns {
    /// Title columns wanted before any decoration is kept.
    const MIN_TITLE: usize = 24;
    /// Room the due count takes (`  12 due`), always kept: it is what a learner acts on.
    const DUE: usize = 8;

    fn fit<'a>(width: usize, titles: impl Iterator<Item = &'a str>) -> Columns {
        let longest = titles
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        let want = longest.min(Self::MIN_TITLE);
        let mut c = Columns {
            number: true,
            minutes: true,
            state: StateColumn::Words,
            score: true,
            title: 0,
        };
        let used = |c: &Columns| {
            (if c.number { 5 } else { 1 })
                + if c.minutes { 8 } else { 0 }
                + match c.state {
                    StateColumn::Words => 12,
                    StateColumn::Mark => 5,
                    StateColumn::None => 0,
                }
                + if c.score { 9 } else { 0 }
                + Self::DUE
        };
        for drop in [
            |c: &mut Columns| c.minutes = false,
            |c: &mut Columns| c.score = false,
            |c: &mut Columns| c.number = false,
            |c: &mut Columns| c.state = StateColumn::Mark,
            |c: &mut Columns| c.state = StateColumn::None,
        ] {
            if width.saturating_sub(used(&c)) >= want {
                break;
            }
            drop(&mut c);
        }
        c.title = width.saturating_sub(used(&c));
        c
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
