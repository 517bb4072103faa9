//! Classroom slides: a clean, large layout with the slide count, the checkpoint question with its
//! answer hidden until revealed, and a bar chart of the room's votes.
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Wrap};

use super::footer_line;
use super::home::truncate;
use super::theme::Theme;
use crate::content::Kind;
use crate::quiz::describe;
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::slides::{Present, slide_width};
use crate::screens::state::App;

/// Letters for choices, as a room calls them out.
const LETTERS: &[char] = &['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];

/// Draws the presenter screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Present, theme: &Theme) {
    let [top, body, _status_row, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // The status row is drawn by the chrome (`chrome::draw_status`).
    let lesson = app
        .catalog
        .lessons
        .get(p.lesson)
        .map_or("", |l| l.title.as_str());
    let count = format!("slide {}/{} ", p.index + 1, p.slides.len().max(1));
    let name = truncate(
        lesson,
        usize::from(area.width).saturating_sub(count.len() + 3),
    );
    let pad = usize::from(area.width).saturating_sub(
        unicode_width::UnicodeWidthStr::width(name.as_str()) + count.chars().count() + 1,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {name}"), theme.muted),
            Span::raw(" ".repeat(pad)),
            Span::styled(count, theme.accent),
        ])),
        top,
    );
    let keys = if p.vote_input.is_some() {
        LineInput::focus_hints("show votes")
    } else if p.checkpoint().is_some() {
        keymap::footer_pairs(footers::SLIDES_QUESTION)
    } else {
        keymap::footer_pairs(footers::SLIDES)
    };
    let mut foot_line = footer_line(&keys, foot.width, theme);
    if let Some(input) = &p.vote_input {
        foot_line.spans.insert(
            0,
            Span::styled(
                format!(" votes: {}  ", input.with_cursor()),
                theme.footer_key,
            ),
        );
    }
    frame.render_widget(Paragraph::new(foot_line).style(theme.footer), foot);

    let question = p.asked.as_ref().map(|(_, q)| q.clone());
    let width = slide_width(area.width).min(body.width);
    let inner = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: body.height.saturating_sub(1),
    };
    let (text_area, q_area) = match &question {
        Some(_) if inner.width >= 110 => {
            let [a, b] = Layout::default()
                .direction(Direction::Horizontal)
                .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(inner);
            (a, Some(b))
        }
        Some(q) => {
            // The question panel as tall as its content, at most 60% of the slide.
            let w = usize::from(inner.width.saturating_sub(2)).max(1);
            let rows = |t: &str| unicode_width::UnicodeWidthStr::width(t).div_ceil(w).max(1);
            let mut need = rows(&q.prompt) + 4;
            if let Kind::Single { choices, .. } | Kind::Multi { choices, .. } = &q.kind {
                need += choices.len();
            }
            if p.revealed {
                need += rows(&q.explanation) + 3;
            }
            if !p.votes.is_empty() {
                need += 6;
            }
            let h = (need as u16).min(inner.height * 3 / 5);
            let [a, b] = Layout::vertical([Constraint::Min(3), Constraint::Length(h)]).areas(inner);
            (a, Some(b))
        }
        None => (inner, None),
    };
    let lines: Vec<Line> = p
        .rendered
        .text
        .lines
        .iter()
        .skip(p.scroll)
        .take(usize::from(text_area.height))
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);

    // The slide's simulation, live in its panel.
    if let Some((block, run)) = &p.sim
        && let Some(live) = p.rendered.live.iter().find(|l| l.block == *block)
    {
        super::sim_view::draw_in_panel(
            frame,
            text_area,
            p.scroll,
            &live.area,
            run,
            keymap::Context::Present,
            theme,
        );
    }

    if let (Some(q), Some(area)) = (question, q_area) {
        let mut lines = vec![
            Line::from(Span::styled(q.prompt.clone(), theme.title)),
            Line::from(""),
        ];
        let choices: Vec<String> = match &q.kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.clone(),
            Kind::TrueFalse { .. } => vec!["True".into(), "False".into()],
            _ => Vec::new(),
        };
        let right = describe::right_answer(&q.kind);
        for (i, c) in choices.iter().enumerate() {
            let is_right = p.revealed && right.contains(c);
            let style = if is_right { theme.done } else { theme.base };
            let mark = if is_right { " ✓" } else { "" };
            lines.push(Line::from(Span::styled(
                format!("{}  {c}{mark}", LETTERS.get(i).copied().unwrap_or('?')),
                style,
            )));
        }
        if choices.is_empty() && !matches!(q.kind, Kind::Numeric { .. }) {
            for item in match &q.kind {
                Kind::Order { items } => items.clone(),
                Kind::Match { items, .. } => items.iter().map(|i| i.text.clone()).collect(),
                _ => Vec::new(),
            } {
                lines.push(Line::from(format!("•  {item}")));
            }
        }
        lines.push(Line::from(""));
        if p.revealed {
            if choices.is_empty() {
                lines.push(Line::from(Span::styled("Answer:", theme.accent)));
                for r in &right {
                    lines.push(Line::from(format!("  {r}")));
                }
            }
            lines.push(Line::from(q.explanation.clone()));
        } else {
            lines.push(Line::from(Span::styled(
                "(answer hidden: press r to reveal)",
                theme.muted,
            )));
        }
        let has_votes = !p.votes.is_empty();
        let [text, chart] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(if has_votes { 6 } else { 0 }),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.accent)
                    .title(Span::styled(" Question ", theme.title)),
            ),
            text,
        );
        if has_votes {
            let bars: Vec<Bar> = p
                .votes
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let is_right = p.revealed && choices.get(i).is_some_and(|c| right.contains(c));
                    let style: Style = if is_right { theme.done } else { theme.accent };
                    Bar::default()
                        .value(u64::from(*v))
                        .label(Line::from(
                            LETTERS.get(i).map_or("?".to_string(), |l| l.to_string()),
                        ))
                        .style(style)
                })
                .collect();
            let bar_width =
                (chart.width.saturating_sub(2) / (p.votes.len().max(1) as u16 * 2)).clamp(1, 9);
            frame.render_widget(
                BarChart::default()
                    .block(
                        Block::default()
                            .borders(Borders::TOP)
                            .border_style(theme.border)
                            .title(Span::styled(" Votes ", theme.muted)),
                    )
                    .data(BarGroup::default().bars(&bars))
                    .bar_width(bar_width)
                    .bar_gap(1),
                chart,
            );
        }
    }
}
