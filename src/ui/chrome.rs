//! What every screen shares around its body: the status line and the footer of key hints. The
//! status line is drawn here for every screen, so a message set anywhere (a failed save, "no
//! simulation on screen") is seen on the screen where it happened; footer hints are generated from
//! the key table, so they cannot drift from the keys.
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::Theme;
use crate::screens::state::Status;

/// The status line's row in a screen of `area`: just above the footer. Screens keep that row for
/// it (or lend it from the bottom of their body while a message shows).
pub fn status_row(area: Rect) -> Rect {
    Rect {
        y: area.y + area.height.saturating_sub(2),
        height: area.height.min(1),
        ..area
    }
}

/// Draws the status message, if any, on its row: errors in the warning style, notes in the accent.
pub fn draw_status(frame: &mut Frame, area: Rect, status: Option<&Status>, theme: &Theme) {
    let Some(msg) = status else { return };
    let style = if msg.is_error {
        theme.warning
    } else {
        theme.accent
    };
    let row = status_row(area);
    // The row may hold the bottom line of a screen's body: clear it so no text shows through.
    frame.render_widget(Clear, row);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {}", msg.text), style))).style(theme.base),
        row,
    );
}
