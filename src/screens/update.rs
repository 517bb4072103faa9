//! The entry points the shell calls: a key, a mouse event, a resize or a tick goes to the screen
//! (or overlay) on top, through the key table. Each returns the effects the shell must perform
//! (save progress, suspend); nothing here writes to disk or reads the clock (the shell sets
//! [`App::clock`] and [`App::instant`] before each event).
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseEvent};

use super::keymap::{self, Action, Context};
use super::state::{App, Effect, Overlay, Screen};
use super::{course_map, drill, help, problems, progress, quiz, reader, results, sim, slides};

/// The key context of the current state, for the key table.
pub fn context(app: &App) -> Context {
    match &app.screen {
        Screen::Home => Context::Home,
        Screen::Reader(r) if r.toc.is_some() => Context::Toc,
        Screen::Reader(_) => Context::Reader,
        Screen::Quiz(q) if q.result.is_some() => Context::Result,
        Screen::Quiz(q) if q.feedback.is_some() => Context::Feedback,
        Screen::Quiz(_) => Context::Quiz,
        Screen::Present(_) => Context::Present,
        Screen::Sim(_) => Context::Sim,
        Screen::Stats(_) => Context::Stats,
    }
}

/// Applies a key press.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    on_key_inner(app, key);
    reader::sync_inline(app);
    finish(app)
}

fn on_key_inner(app: &mut App, key: KeyEvent) {
    // A note answers the key before this one; errors (a failed save) stay until dealt with.
    if app.status.as_ref().is_some_and(|s| !s.is_error) {
        app.status = None;
    }
    if app.overlay.is_none() && text_input(app, &key) {
        return;
    }
    match keymap::lookup(context(app), &key) {
        Some(Action::Digit) => {
            if let KeyCode::Char(c) = key.code
                && let Some(d) = c.to_digit(10)
                && app.overlay.is_none()
            {
                quiz::digit(app, d as usize);
            }
        }
        Some(action) => dispatch(app, action),
        None => {}
    }
}

/// Keys typed into a text field with focus (search, a parameter value, votes, a numeric answer)
/// go there before the key table. Returns whether the key was used.
fn text_input(app: &mut App, key: &KeyEvent) -> bool {
    match &mut app.screen {
        Screen::Reader(_) => reader::search_input(app, key),
        Screen::Quiz(q) => quiz::number_input(q, key),
        Screen::Sim(_) => sim::value_input(app, key),
        Screen::Present(_) => slides::vote_input(app, key),
        _ => false,
    }
}

/// Time passed (`now` is the tick's time): timed drills count down and the simulations on screen
/// advance.
pub fn on_tick(app: &mut App, now: std::time::Instant) -> Vec<Effect> {
    app.instant = now;
    drill::tick(app, now);
    match &mut app.screen {
        Screen::Sim(run) => run.tick(now),
        Screen::Reader(r) => {
            for i in r.inline.iter_mut().filter(|i| i.visible) {
                i.run.tick(now);
            }
        }
        Screen::Present(_) => slides::tick(app, now),
        _ => {}
    }
    finish(app)
}

/// Applies a mouse event: the wheel scrolls the reader.
pub fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    reader::on_mouse(app, mouse);
    reader::sync_inline(app);
    finish(app)
}

/// Applies a new terminal size: the reader and the slides reflow and keep their place.
pub fn on_resize(app: &mut App, cols: u16, rows: u16) -> Vec<Effect> {
    let old_rows = app.size.1;
    app.size = (cols, rows);
    if let Screen::Present(p) = &mut app.screen
        && p.rendered_width != slides::slide_width(cols)
    {
        p.render(&app.catalog, cols, &app.styles);
    }
    reader::reflow(app, old_rows);
    finish(app)
}

/// Applies an action from the key table (as if its key were pressed); returns the effects.
pub fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    dispatch(app, action);
    finish(app)
}

/// After every update: the view models are brought up to date, and the effects handed over.
fn finish(app: &mut App) -> Vec<Effect> {
    progress::refresh(app);
    app.take_effects()
}

/// The global actions here, the rest by the overlay or screen on top.
fn dispatch(app: &mut App, action: Action) {
    match action {
        Action::ForceQuit => {
            reader::leave_reader(app);
            app.request_save();
            app.should_quit = true;
        }
        Action::Suspend => app.effects.push(Effect::Suspend),
        _ => match &app.overlay {
            Some(Overlay::Help { .. }) => help::apply(app, action),
            Some(Overlay::Problems { .. }) => problems::apply(app, action),
            None if action == Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
            None => match &app.screen {
                Screen::Home => course_map::apply(app, action),
                Screen::Quiz(q) if q.result.is_some() => results::apply(app, action),
                Screen::Quiz(_) => quiz::apply(app, action),
                Screen::Stats(_) => progress::apply(app, action),
                Screen::Sim(_) => sim::apply(app, action),
                Screen::Present(_) => slides::apply(app, action),
                Screen::Reader(_) => reader::apply(app, action),
            },
        },
    }
}
