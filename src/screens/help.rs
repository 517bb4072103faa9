//! The help overlay: every key of the screen below it, generated from the key table. Any key that
//! closes it (Esc, ?, q) closes it; the others do nothing while it is open.
use super::keymap::Action;
use super::state::App;

/// The help overlay's keys.
pub fn apply(app: &mut App, action: Action) {
    if matches!(action, Action::Back | Action::Help | Action::Quit) {
        app.overlay = None;
    }
}
