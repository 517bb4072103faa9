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
        Some(Overlay::Help { scroll }) => help::draw_keys(frame, area, app, *scroll, theme),
        Some(Overlay::Problems { scroll }) => help::draw_problems(frame, area, app, *scroll, theme),
        None => {}
    }
    // Last, so nothing is drawn over a hyperlink's cells; not under an overlay.
    if theme.hyperlinks
        && app.overlay.is_none()
        && let Screen::Reader(r) = &app.screen
        && r.toc.is_none()
    {
        let status = app.status.as_ref().map(|_| chrome::status_row(area).y);
        reader::hyperlinks(frame, area, r, status);
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

/// A footer line from one of the key table's footers ([`keymap::footers`]): keys and labels,
/// fitted to `width` columns ([`footer_line`]).
pub(crate) fn footer(
    footer: (keymap::Context, &[keymap::Hint]),
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    footer_line(&keymap::footer_pairs(footer), width, theme)
}

/// Keys a narrow footer keeps to the last: `?` lists every other key, `q`/`Esc` get out.
const ESSENTIAL_KEYS: &[&str] = &["?", "q", "Esc"];

/// The hints of `pairs` that fit in `width` columns: when they do not all fit, hints are dropped
/// from the right, except the essential ones ([`ESSENTIAL_KEYS`]), so a narrow terminal loses
/// `a progress` before it loses `? help` (issue 13: decoration goes first).
fn fit_hints(pairs: &[(String, &'static str)], width: u16) -> Vec<(String, &'static str)> {
    use unicode_width::UnicodeWidthStr;
    let columns = |ps: &[(String, &'static str)]| {
        ps.iter()
            .map(|(k, d)| k.width() + 1 + d.width())
            .sum::<usize>()
            + 2 * ps.len().saturating_sub(1)
    };
    let mut kept = pairs.to_vec();
    while columns(&kept) > usize::from(width) {
        match kept
            .iter()
            .rposition(|(k, _)| !ESSENTIAL_KEYS.contains(&k.as_str()))
        {
            Some(i) => {
                kept.remove(i);
            }
            None => break,
        }
    }
    kept
}

/// A footer line of `key description` pairs fitted to `width` columns ([`fit_hints`]).
pub(crate) fn footer_line(
    pairs: &[(String, &'static str)],
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let pairs = fit_hints(pairs, width);
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
#[cfg(test)]
mod tests_reader;
