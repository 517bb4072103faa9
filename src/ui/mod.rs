//! Drawing: a pure function of the app state. Nothing here decides anything.
mod chrome;
mod help;
mod home;
mod present_view;
mod quiz_view;
mod reader;
mod sim_view;
mod stats_view;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::screens::keymap;
use crate::screens::state::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, Screen};
use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(ratatui::widgets::Block::default().style(theme.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    match &app.screen {
        Screen::Home => home::draw(frame, area, app, theme),
        Screen::Reader(r) => reader::draw(frame, area, app, r, theme),
        Screen::Quiz(q) => quiz_view::draw(frame, area, q, app.instant, theme),
        Screen::Present(p) => present_view::draw(frame, area, app, p, theme),
        Screen::Sim(run) => sim_view::draw(frame, area, run, theme),
        Screen::Stats(sel) => stats_view::draw(frame, area, app, *sel, theme),
    }
    chrome::draw_status(frame, area, app.status.as_ref(), theme);
    match &app.overlay {
        Some(Overlay::Help) => help::draw_keys(frame, area, app, theme),
        Some(Overlay::Problems { scroll }) => help::draw_problems(frame, area, app, *scroll, theme),
        None => {}
    }
}

/// The message shown when the terminal is too small for any screen.
fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::from("Enlarge the terminal"),
        Line::from(format!("to at least {MIN_WIDTH}x{MIN_HEIGHT}")),
        Line::from(format!("(now {}x{})", area.width, area.height)),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A footer line from one of the key table's footers ([`keymap::footers`]): keys and labels.
pub(crate) fn footer(footer: (keymap::Context, &[keymap::Hint]), theme: &Theme) -> Line<'static> {
    footer_line(&keymap::footer_pairs(footer), theme)
}

/// A footer line of `key description` pairs, cut to fit.
pub(crate) fn footer_line(pairs: &[(String, &'static str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (k, d)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(ratatui::text::Span::styled("  ", theme.footer));
        }
        spans.push(ratatui::text::Span::styled(k.clone(), theme.footer_key));
        spans.push(ratatui::text::Span::styled(format!(" {d}"), theme.footer));
    }
    Line::from(spans).style(theme.footer)
}

#[cfg(test)]
mod class_tests;
#[cfg(test)]
mod drill_tests;
#[cfg(test)]
mod tests;
