//! Progress at a glance: accuracy per lesson as a bar chart, the streak, what is due, and the
//! "leech" questions missed again and again, each with the lesson section that teaches it.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use super::footer;
use super::home::truncate;
use super::theme::Theme;
use crate::screens::keymap::footers;
use crate::screens::state::App;

/// Draws the statistics screen; `selected` is the highlighted leech.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let [title, chart, leeches, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Percentage(55),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let (streak, due) = (app.schedule.streak, app.schedule.due_total);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Your progress ", theme.title),
            Span::styled(
                format!(
                    "· streak {streak} day{} · {due} due for review",
                    if streak == 1 { "" } else { "s" }
                ),
                theme.muted,
            ),
        ])),
        title,
    );

    let accuracy = &app.schedule.accuracy;
    let bars: Vec<Bar> = app
        .catalog
        .lessons
        .iter()
        .map(|l| {
            let pct = accuracy
                .get(&l.id)
                .and_then(|a| a.ratio())
                .map(|r| (r * 100.0).round() as u64);
            Bar::default()
                .value(pct.unwrap_or(0))
                .text_value(pct.map_or("–".to_string(), |p| format!("{p}%")))
                .label(Line::from(l.order.to_string()))
                .style(if pct.unwrap_or(0) >= 80 {
                    theme.done
                } else {
                    theme.accent
                })
        })
        .collect();
    let n = bars.len().max(1) as u16;
    let bar_width = (chart.width.saturating_sub(2) / n)
        .saturating_sub(1)
        .clamp(1, 12);
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.border)
                    .title(Span::styled(
                        " Accuracy per lesson (share of answers right; – not tried yet) ",
                        theme.accent,
                    )),
            )
            .data(BarGroup::default().bars(&bars))
            .max(100)
            .bar_width(bar_width)
            .bar_gap(1),
        chart,
    );

    let list = &app.schedule.leeches;
    let mut lines = Vec::new();
    if list.is_empty() {
        lines.push(Line::from(Span::styled(
            "No leeches: no question has been missed again and again. Keep drilling.",
            theme.muted,
        )));
    }
    for (i, leech) in list.iter().enumerate() {
        let prompt = app
            .catalog
            .question(&leech.id)
            .map_or(leech.id.clone(), |(_, q)| q.prompt.clone());
        let lesson = app
            .catalog
            .lesson(&leech.lesson)
            .map_or(leech.lesson.as_str(), |l| l.title.as_str());
        let place = match &leech.heading {
            Some(h) => format!("{lesson} › {h}"),
            None => lesson.to_string(),
        };
        let here = i == selected;
        let style = if here { theme.selected } else { theme.base };
        let text = format!("{} {prompt}", if here { "›" } else { " " });
        lines.push(Line::from(Span::styled(
            truncate(&text, usize::from(leeches.width)),
            style,
        )));
        let hint = format!("    missed {}x · read: {place}", leech.lapses);
        lines.push(Line::from(Span::styled(
            truncate(&hint, usize::from(leeches.width)),
            theme.muted,
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(Span::styled(
                    " Leeches: questions you keep missing ",
                    theme.warning,
                )),
        ),
        leeches,
    );
    frame.render_widget(
        Paragraph::new(footer(footers::PROGRESS, theme)).style(theme.footer),
        foot,
    );
}
