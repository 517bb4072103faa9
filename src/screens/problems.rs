//! The problems overlay: what `check` would report about the content (PATH:LINE: message),
//! scrollable, opened with `!` from the course map.
use super::keymap::Action;
use super::state::{App, Overlay};

/// The problems overlay's keys.
pub fn apply(app: &mut App, action: Action) {
    let Some(Overlay::Problems { scroll }) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Back | Action::Help | Action::Quit => app.overlay = None,
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}
