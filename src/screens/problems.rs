//! The problems overlay: what `check` would report about the content (PATH:LINE: message), errors
//! then warnings, as rows at the overlay's width so it scrolls exactly to its last line; opened
//! with `!` from the course map.
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::keymap::Action;
use super::state::{App, Overlay};
use super::wrap::wrap_all;

/// The overlay's size in a terminal of `cols` x `rows`: (outer width, outer height, rows of text
/// inside its border).
pub fn frame(cols: u16, rows: u16) -> (u16, u16, usize) {
    let (w, h) = (cols.saturating_sub(4), rows.saturating_sub(2));
    (w, h, usize::from(h.saturating_sub(2)))
}

/// The problems as rows inside an overlay `width` columns wide (border included): errors in
/// `error`, warnings in `warning`.
pub fn rows(app: &App, width: u16, error: Style, warning: Style) -> Vec<Line<'static>> {
    let lines: Vec<Line<'static>> = app
        .catalog
        .diagnostics
        .iter()
        .map(|d| Line::from(Span::styled(d.to_string(), error)))
        .chain(
            app.catalog
                .warnings
                .iter()
                .map(|d| Line::from(Span::styled(d.to_string(), warning))),
        )
        .collect();
    wrap_all(&lines, usize::from(width.saturating_sub(2)))
}

/// The problems overlay's keys.
pub fn apply(app: &mut App, action: Action) {
    let (w, _, room) = frame(app.size.0, app.size.1);
    let max = rows(app, w, Style::default(), Style::default())
        .len()
        .saturating_sub(room);
    let Some(Overlay::Problems { scroll }) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Back | Action::Help | Action::Quit => app.overlay = None,
        Action::Down | Action::PageDown => *scroll = (*scroll + 1).min(max),
        Action::Up | Action::PageUp => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}
