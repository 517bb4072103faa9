//! Progress at a glance: accuracy per lesson as a bar chart, the streak, what is due, the reviews
//! due each day of the next two weeks as a second bar chart with the retention of the last month,
//! and the "leech" questions missed again and again, each with the lesson section that teaches it.
//! Side by side from [`WIDE`] columns, one above the other below that.
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use super::footer;
use super::home::truncate;
use super::theme::Theme;
use crate::screens::keymap::footers;
use crate::screens::state::App;

/// From this many columns the two charts sit side by side (each then has about 80 columns).
pub const WIDE: u16 = 120;

/// Draws the statistics screen; `selected` is the highlighted leech.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let (title, chart, ahead, leeches, foot) = if area.width >= WIDE {
        let [title, charts, leeches, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Percentage(55),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        let [chart, ahead] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .spacing(2)
                .areas(charts);
        (title, chart, ahead, leeches, foot)
    } else {
        let [title, chart, ahead, leeches, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Percentage(32),
            Constraint::Percentage(32),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        (title, chart, ahead, leeches, foot)
    };
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
            // The chart draws no value on a bar of height 0, so a lesson at 0% and one never
            // tried would look alike: those two carry their value in the label instead.
            let label = match pct {
                None => format!("{} –", l.order),
                Some(0) => format!("{} 0%", l.order),
                Some(_) => l.order.to_string(),
            };
            Bar::default()
                .value(pct.unwrap_or(0))
                .text_value(pct.map_or("–".to_string(), |p| format!("{p}%")))
                .label(Line::from(label))
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

    draw_forecast(frame, ahead, app, theme);

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
        Paragraph::new(footer(footers::PROGRESS, foot.width, theme)).style(theme.footer),
        foot,
    );
}

/// The reviews due each day of the next two weeks, labelled `now` (today, overdue included),
/// `+1` (tomorrow) to `+13`, titled with the retention of the last month: the share of scheduled
/// reviews answered right (FSRS plans intervals for 90%, so much lower means the intervals are
/// too long for you).
fn draw_forecast(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let s = &app.schedule;
    let retention = match s.retention {
        Some(r) => format!(
            "retention {:.0}% ({} review{}, {} days)",
            r * 100.0,
            s.reviews,
            if s.reviews == 1 { "" } else { "s" },
            crate::progress::forecast::RETENTION_DAYS
        ),
        None => format!(
            "retention – (no reviews in {} days)",
            crate::progress::forecast::RETENTION_DAYS
        ),
    };
    let bars: Vec<Bar> = s
        .due_per_day
        .iter()
        .enumerate()
        .map(|(day, &n)| {
            let label = if day == 0 {
                "now".to_string()
            } else {
                format!("+{day}")
            };
            Bar::default()
                .value(n as u64)
                .text_value(n.to_string())
                .label(Line::from(label))
                .style(theme.accent)
        })
        .collect();
    let n = bars.len().max(1) as u16;
    let bar_width = (area.width.saturating_sub(2) / n)
        .saturating_sub(1)
        .clamp(1, 6);
    let max = s.due_per_day.iter().copied().max().unwrap_or(0).max(1);
    frame.render_widget(
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.border)
                    .title(Span::styled(
                        format!(" Reviews due per day · {retention} "),
                        theme.accent,
                    )),
            )
            .data(BarGroup::default().bars(&bars))
            .max(max as u64)
            .bar_width(bar_width)
            .bar_gap(1),
        area,
    );
}
