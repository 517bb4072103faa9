//! The only place state changes: an action (from the key table) or an event applied to the state.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::keymap::{self, Action, Context};
use super::search;
use super::state::{App, Overlay, Reader, Screen, text_height, text_width};

/// Rows a mouse wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

/// What the event loop should do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Suspend,
}

/// The key context of the current state, for the key table.
pub fn context(app: &App) -> Context {
    match &app.screen {
        Screen::Home => Context::Home,
        Screen::Reader(r) if r.toc.is_some() => Context::Toc,
        Screen::Reader(_) => Context::Reader,
    }
}

/// Applies a key press.
pub fn on_key(app: &mut App, key: KeyEvent) -> Effect {
    // A search field takes printable keys before the key table does.
    if let Screen::Reader(r) = &mut app.screen
        && let Some(input) = &mut r.search_input
    {
        match key.code {
            KeyCode::Enter => {
                let query = std::mem::take(input);
                r.search_input = None;
                run_search(r, &query, app.size.1);
            }
            KeyCode::Esc => r.search_input = None,
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                app.should_quit = true
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && input.chars().count() < 200 =>
            {
                input.push(c);
            }
            _ => {}
        }
        return Effect::None;
    }
    match keymap::lookup(context(app), &key) {
        Some(action) => apply(app, action),
        None => Effect::None,
    }
}

/// Applies a mouse event: the wheel scrolls the reader.
pub fn on_mouse(app: &mut App, mouse: MouseEvent) {
    let rows = app.size.1;
    if let Screen::Reader(r) = &mut app.screen {
        match mouse.kind {
            MouseEventKind::ScrollDown => {
                r.scroll = (r.scroll + WHEEL_ROWS).min(r.max_scroll(rows))
            }
            MouseEventKind::ScrollUp => r.scroll = r.scroll.saturating_sub(WHEEL_ROWS),
            _ => {}
        }
    }
}

/// Applies a new terminal size: the reader reflows and keeps its place.
pub fn on_resize(app: &mut App, cols: u16, rows: u16) {
    let old_rows = app.size.1;
    app.size = (cols, rows);
    let width = text_width(cols);
    let needs = matches!(&app.screen, Screen::Reader(r) if r.rendered_width != width);
    if needs {
        let Screen::Reader(r) = &app.screen else {
            return;
        };
        let fraction = r.fraction(old_rows);
        let lesson = r.lesson;
        let rendered = app.render_lesson(lesson);
        if let Screen::Reader(r) = &mut app.screen {
            r.rendered = rendered;
            r.rendered_width = width;
            r.scroll = (fraction * r.max_scroll(rows) as f64).round() as usize;
            let query = r.query.clone();
            run_search(r, &query, rows);
        }
    } else if let Screen::Reader(r) = &mut app.screen {
        r.scroll = r.scroll.min(r.max_scroll(rows));
    }
}

fn run_search(r: &mut Reader, query: &str, rows: u16) {
    r.query = query.to_string();
    r.matches = search::find(&r.rendered.text, query);
    r.current_match = 0;
    if let Some(m) = r.matches.first().copied() {
        reveal(r, m.row, rows);
    }
}

/// Scrolls so that `row` is visible, a few rows below the top.
fn reveal(r: &mut Reader, row: usize, rows: u16) {
    let h = text_height(rows);
    if row < r.scroll || row >= r.scroll + h {
        r.scroll = row.saturating_sub(h / 4).min(r.max_scroll(rows));
    }
}

/// Opens lesson `index` in the reader, where it was left.
pub fn open_lesson(app: &mut App, index: usize) {
    remember_position(app);
    let Some(lesson) = app.catalog.lessons.get(index) else {
        return;
    };
    let fraction = app.positions.get(&lesson.id).copied().unwrap_or(0.0);
    let rendered = app.render_lesson(index);
    let mut reader = Reader {
        lesson: index,
        scroll: 0,
        rendered,
        rendered_width: text_width(app.size.0),
        toc: None,
        search_input: None,
        query: String::new(),
        matches: Vec::new(),
        current_match: 0,
    };
    reader.scroll = (fraction * reader.max_scroll(app.size.1) as f64).round() as usize;
    app.selected = index;
    app.screen = Screen::Reader(Box::new(reader));
}

/// Stores the reader's place in its lesson.
fn remember_position(app: &mut App) {
    if let Screen::Reader(r) = &app.screen
        && let Some(lesson) = app.catalog.lessons.get(r.lesson)
    {
        let f = r.fraction(app.size.1);
        app.positions.insert(lesson.id.clone(), f);
    }
}

/// Applies an action from the key table.
pub fn apply(app: &mut App, action: Action) -> Effect {
    let rows = app.size.1;
    if action == Action::ForceQuit {
        remember_position(app);
        app.should_quit = true;
        return Effect::None;
    }
    if action == Action::Suspend {
        return Effect::Suspend;
    }
    if let Some(overlay) = &mut app.overlay {
        match (overlay, action) {
            (_, Action::Back | Action::Help | Action::Quit) => app.overlay = None,
            (Overlay::Problems { scroll }, Action::Down) => *scroll += 1,
            (Overlay::Problems { scroll }, Action::Up) => *scroll = scroll.saturating_sub(1),
            _ => {}
        }
        return Effect::None;
    }
    if action == Action::Help {
        app.overlay = Some(Overlay::Help);
        return Effect::None;
    }
    let lesson_count = app.catalog.lessons.len();
    match &mut app.screen {
        Screen::Home => match action {
            Action::Quit => app.should_quit = true,
            Action::Up => app.selected = app.selected.saturating_sub(1),
            Action::Down => app.selected = (app.selected + 1).min(lesson_count.saturating_sub(1)),
            Action::Top => app.selected = 0,
            Action::Bottom => app.selected = lesson_count.saturating_sub(1),
            Action::Open if lesson_count > 0 => open_lesson(app, app.selected),
            Action::Problems if !app.catalog.diagnostics.is_empty() => {
                app.overlay = Some(Overlay::Problems { scroll: 0 })
            }
            _ => {}
        },
        Screen::Reader(r) if r.toc.is_some() => {
            let headings = r.rendered.headings.len();
            let sel = r.toc.unwrap_or(0);
            match action {
                Action::Up => r.toc = Some(sel.saturating_sub(1)),
                Action::Down => r.toc = Some((sel + 1).min(headings.saturating_sub(1))),
                Action::Open => {
                    if let Some(h) = r.rendered.headings.get(sel) {
                        r.scroll = h.row.min(r.max_scroll(rows));
                    }
                    r.toc = None;
                }
                Action::Back | Action::Quit | Action::Toc => r.toc = None,
                _ => {}
            }
        }
        Screen::Reader(r) => {
            let page = text_height(rows).saturating_sub(2).max(1);
            let max = r.max_scroll(rows);
            match action {
                Action::Quit | Action::Back => {
                    if action == Action::Back && !r.query.is_empty() {
                        r.query.clear();
                        r.matches.clear();
                    } else {
                        remember_position(app);
                        app.screen = Screen::Home;
                    }
                }
                Action::Up => r.scroll = r.scroll.saturating_sub(1),
                Action::Down => r.scroll = (r.scroll + 1).min(max),
                Action::PageUp => r.scroll = r.scroll.saturating_sub(page),
                Action::PageDown => r.scroll = (r.scroll + page).min(max),
                Action::Top => r.scroll = 0,
                Action::Bottom => r.scroll = max,
                Action::Toc if !r.rendered.headings.is_empty() => {
                    let current = r
                        .rendered
                        .headings
                        .iter()
                        .rposition(|h| h.row <= r.scroll)
                        .unwrap_or(0);
                    r.toc = Some(current);
                }
                Action::Search => r.search_input = Some(String::new()),
                Action::NextMatch | Action::PrevMatch if !r.matches.is_empty() => {
                    let n = r.matches.len();
                    r.current_match = if action == Action::NextMatch {
                        (r.current_match + 1) % n
                    } else {
                        (r.current_match + n - 1) % n
                    };
                    let row = r.matches[r.current_match].row;
                    reveal(r, row, rows);
                }
                Action::NextLesson => {
                    let next = r.lesson + 1;
                    if next < lesson_count {
                        open_lesson(app, next);
                    }
                }
                Action::PrevLesson => {
                    if let Some(prev) = r.lesson.checked_sub(1) {
                        open_lesson(app, prev);
                    }
                }
                _ => {}
            }
        }
    }
    Effect::None
}
