//! Overlays: the key help (generated from the key table) and the list of content problems.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use super::theme::Theme;
use crate::screens::keymap;
use crate::screens::state::App;
use crate::screens::update::context;

/// Draws the help overlay for the current screen.
pub fn draw_keys(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let rows = keymap::help_rows(context(app));
    let key_w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, h)| {
            Line::from(vec![
                Span::styled(format!(" {k:<key_w$}  "), theme.accent),
                Span::raw(*h),
            ])
        })
        .collect();
    let help_w = rows
        .iter()
        .map(|(_, h)| h.chars().count())
        .max()
        .unwrap_or(0);
    let w = (key_w + help_w + 6).min(usize::from(area.width)) as u16;
    let rect = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.accent)
                .title(Span::styled(" Keys ", theme.title))
                .title_bottom(Span::styled(" Esc or ? closes ", theme.muted)),
        ),
        rect,
    );
}

/// Draws the list of problems found in the content.
pub fn draw_problems(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: &Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    // Errors first (they keep lessons out), then warnings (content that does not look as written).
    let lines: Vec<Line> = app
        .catalog
        .diagnostics
        .iter()
        .map(|d| Line::from(Span::styled(d.to_string(), theme.warning)))
        .chain(
            app.catalog
                .warnings
                .iter()
                .map(|d| Line::from(Span::styled(d.to_string(), theme.muted))),
        )
        .collect();
    let scroll = scroll.min(lines.len().saturating_sub(1));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.warning)
                    .title(Span::styled(" Problems in the content ", theme.warning))
                    .title_bottom(Span::styled(
                        " fix them and run `cloudtutor check` · Esc closes ",
                        theme.muted,
                    )),
            ),
        rect,
    );
}
