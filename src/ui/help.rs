//! Overlays: the key help (generated from the key table) and the list of content problems.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::centered;
use super::theme::Theme;
use crate::screens::help as screens_help;
use crate::screens::problems;
use crate::screens::state::App;
use crate::screens::wrap;

/// Draws the help overlay for the current screen, from row `scroll` of its text; when the text
/// does not fit, its bottom border says how much more there is.
pub fn draw_keys(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let keys = screens_help::keys(app);
    let (w, room) = screens_help::frame(&keys, area.width, area.height);
    let rows = screens_help::rows(&keys, w, theme.accent);
    let offset = scroll.min(rows.len().saturating_sub(room));
    let shown: Vec<Line> = rows.iter().skip(offset).take(room).cloned().collect();
    let bottom = match wrap::more_mark(rows.len(), offset, shown.len()) {
        Some(mark) => format!(" {mark} · Esc closes "),
        None => " Esc or ? closes ".to_string(),
    };
    let rect = centered(area, w, shown.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(shown).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.accent)
                .title(Span::styled(" Keys ", theme.title))
                .title_bottom(Span::styled(bottom, theme.muted)),
        ),
        rect,
    );
}

/// Draws the list of problems found in the content, from row `scroll`; when it does not fit, its
/// bottom border says how much more there is.
pub fn draw_problems(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let (w, h, room) = problems::frame(area.width, area.height);
    let rect = centered(area, w, h);
    let rows = problems::rows(app, w, theme.warning, theme.muted);
    let offset = scroll.min(rows.len().saturating_sub(room));
    let shown: Vec<Line> = rows.iter().skip(offset).take(room).cloned().collect();
    let bottom = match wrap::more_mark(rows.len(), offset, shown.len()) {
        Some(mark) => format!(" {mark} · Esc closes "),
        None => " fix them; `cloudtutor check` also tests the sims · Esc closes ".to_string(),
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(shown).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.warning)
                .title(Span::styled(
                    " Problems found loading the content ",
                    theme.warning,
                ))
                .title_bottom(Span::styled(bottom, theme.muted)),
        ),
        rect,
    );
}
