//! The progress screen: accuracy per lesson, the streak, what is due, and the leeches (questions
//! missed again and again) with a key to open the section that teaches each.
use super::keymap::Action;
use super::state::{App, Screen};
use crate::quiz::drill;

/// The progress screen's keys; `Screen::Stats` holds the highlighted leech.
pub fn apply(app: &mut App, action: Action) {
    let Screen::Stats(sel) = &mut app.screen else {
        return;
    };
    let leeches = drill::leeches(&app.catalog, &app.progress);
    match action {
        Action::Quit | Action::Back => app.screen = Screen::Home,
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Down => *sel = (*sel + 1).min(leeches.len().saturating_sub(1)),
        Action::Drill => super::drill::start_drill(app, None),
        Action::Open => {
            if let Some(leech) = leeches.get(*sel) {
                super::reader::open_leech(app, &leech.lesson, leech.heading.as_deref());
            }
        }
        _ => {}
    }
}
