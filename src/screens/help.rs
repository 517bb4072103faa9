//! The help overlay: every key of the screen below it, generated from the key table, as rows at
//! the overlay's width (a long description wraps under itself) so it scrolls on a small terminal.
//! Esc, ? and q close it; the keys that move down and up on the screen below scroll it; the
//! others do nothing while it is open.
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::keymap::{self, Action};
use super::state::{App, Overlay, Screen};
use super::update::context;
use super::wrap::wrap_line;

/// The keys the help lists for the screen below it: in a served class, `q`, Ctrl-C and Esc say
/// what they do there (end the class for everyone; Esc never does).
pub fn keys(app: &App) -> Vec<(String, &'static str)> {
    let serving = matches!(&app.screen, Screen::Present(p) if p.class.is_some());
    keymap::help_rows_in(context(app), serving)
}

/// The overlay's size in a terminal of `cols` x `rows` for the help rows `keys`: (outer width,
/// rows of text it has room for inside its border).
pub fn frame(keys: &[(String, &'static str)], cols: u16, rows: u16) -> (u16, usize) {
    let key_w = keys
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let help_w = keys
        .iter()
        .map(|(_, h)| h.chars().count())
        .max()
        .unwrap_or(0);
    let w = (key_w + help_w + 6).min(usize::from(cols)) as u16;
    (w, usize::from(rows.saturating_sub(2)))
}

/// The help's rows for the help rows `keys` inside an overlay `width` columns wide (border
/// included), the keys in `key_style`.
pub fn rows(keys: &[(String, &'static str)], width: u16, key_style: Style) -> Vec<Line<'static>> {
    let key_w = keys
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let inner = usize::from(width.saturating_sub(2));
    let indent = key_w + 3;
    let text_w = inner.saturating_sub(indent).max(8);
    let mut out = Vec::new();
    for (k, h) in keys {
        let h = *h;
        let mut desc = Vec::new();
        wrap_line(&Line::from(h), text_w, &mut desc);
        for (i, d) in desc.into_iter().enumerate() {
            let head = if i == 0 {
                Span::styled(format!(" {k:<key_w$}  "), key_style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            let mut spans = vec![head];
            spans.extend(d.spans);
            out.push(Line::from(spans));
        }
    }
    out
}

/// How far the help can scroll at the current size.
fn max_scroll(app: &App) -> usize {
    let keys = keys(app);
    let (w, room) = frame(&keys, app.size.0, app.size.1);
    rows(&keys, w, Style::default()).len().saturating_sub(room)
}

/// The help overlay's keys.
pub fn apply(app: &mut App, action: Action) {
    let max = max_scroll(app);
    let Some(Overlay::Help { scroll }) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Back | Action::Help | Action::Quit => app.overlay = None,
        Action::Down | Action::PageDown => *scroll = (*scroll + 1).min(max),
        Action::Up | Action::PageUp => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}
