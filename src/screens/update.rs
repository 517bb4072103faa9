//! The only place state changes: an action (from the key table) or an event applied to the state.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::keymap::{self, Action, Context};
use super::quiz::{QuizRun, ReturnTo};
use super::quiz_update;
use super::search;
use super::state::{App, Overlay, Reader, Screen, text_height, text_width};
use crate::quiz::Session;

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
        Screen::Quiz(q) if q.result.is_some() => Context::Result,
        Screen::Quiz(q) if q.feedback.is_some() => Context::Feedback,
        Screen::Quiz(_) => Context::Quiz,
        Screen::Present(_) => Context::Present,
        Screen::Sim(_) => Context::Sim,
        Screen::Stats(_) => Context::Stats,
    }
}

/// Applies a key press.
pub fn on_key(app: &mut App, key: KeyEvent) -> Effect {
    let effect = on_key_inner(app, key);
    sync_inline(app);
    effect
}

fn on_key_inner(app: &mut App, key: KeyEvent) -> Effect {
    if app.overlay.is_none() && text_input(app, &key) {
        return Effect::None;
    }
    match keymap::lookup(context(app), &key) {
        Some(Action::Digit) => {
            if let KeyCode::Char(c) = key.code
                && let Some(d) = c.to_digit(10)
            {
                if app.overlay.is_some() {
                    return Effect::None;
                }
                quiz_update::digit(app, d as usize);
            }
            Effect::None
        }
        Some(action) => apply(app, action),
        None => Effect::None,
    }
}

/// Keys typed into a text field (search, a numeric answer) go there before the key table.
/// Returns whether the key was used.
fn text_input(app: &mut App, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
            KeyCode::Char('c') if ctrl => app.should_quit = true,
            KeyCode::Char(c) if !ctrl && input.chars().count() < 200 => input.push(c),
            _ => {}
        }
        return true;
    }
    if let Screen::Quiz(q) = &mut app.screen {
        return quiz_update::number_input(q, key);
    }
    if let Screen::Sim(run) = &mut app.screen
        && let Some(input) = &mut run.input
    {
        match key.code {
            KeyCode::Enter => {
                let value = std::mem::take(input);
                run.input = None;
                run.set_selected(value.trim());
            }
            KeyCode::Esc => run.input = None,
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('c') if ctrl => app.should_quit = true,
            KeyCode::Char(c) if !ctrl && input.chars().count() < 60 => input.push(c),
            _ => {}
        }
        return true;
    }
    if let Screen::Present(p) = &mut app.screen
        && let Some(input) = &mut p.vote_input
    {
        match key.code {
            KeyCode::Enter => {
                let text = std::mem::take(input);
                p.vote_input = None;
                let options = p.vote_options(&app.catalog);
                if let Err(why) = p.set_votes(&text, options) {
                    app.status = Some(super::state::Status {
                        text: why,
                        is_error: true,
                    });
                } else {
                    app.status = None;
                }
            }
            KeyCode::Esc => p.vote_input = None,
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('c') if ctrl => app.should_quit = true,
            KeyCode::Char(c)
                if (c.is_ascii_digit() || c == ' ' || c == ',') && input.len() < 60 =>
            {
                input.push(c)
            }
            _ => {}
        }
        return true;
    }
    false
}

/// Time passed (`now` is the tick's time, from the event loop): timed drills count down and the
/// simulations on screen advance.
pub fn on_tick(app: &mut App, now: std::time::Instant) {
    quiz_update::tick(app, now);
    match &mut app.screen {
        Screen::Sim(run) => run.tick(now),
        Screen::Reader(r) => {
            for i in r.inline.iter_mut().filter(|i| i.visible) {
                i.run.tick(now);
            }
        }
        Screen::Present(p) => {
            if let Some((_, s)) = &mut p.sim {
                s.tick(now);
            }
        }
        _ => {}
    }
}

/// Starts the simulations whose panels have scrolled into view and marks which are visible, so
/// only those advance (no CPU for what is off screen).
pub fn sync_inline(app: &mut App) {
    let rows = app.size.1;
    let seed = app.seed.unwrap_or(1);
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
    let Some(lesson) = app.catalog.lessons.get(r.lesson) else {
        return;
    };
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    let now = std::time::Instant::now();
    for i in r.inline.iter_mut() {
        i.visible = false;
    }
    let rows_on_screen: Vec<crate::markdown::LiveRow> = r
        .live_on_screen(rows)
        .filter(|l| l.area.height > 0)
        .cloned()
        .collect();
    for row in &rows_on_screen {
        let Some(crate::markdown::LiveBlock::Sim(block)) = live.get(row.block) else {
            continue;
        };
        if let Some(existing) = r.inline.iter_mut().find(|i| i.block == row.block) {
            if !existing.visible {
                // Back on screen: time off screen does not count.
                existing.run.last = now;
            }
            existing.visible = true;
            continue;
        }
        let params: Vec<(String, String)> = block
            .params
            .iter()
            .map(|p| (p.key.clone(), p.value.clone()))
            .collect();
        if let Ok(run) = super::sim::SimRun::new(&block.model, &params, seed, true) {
            r.inline.push(super::state::InlineSim {
                block: row.block,
                run,
                visible: true,
            });
        }
    }
}

/// Opens the first simulation block on screen in the full-screen view, with the block's parameters.
fn open_sim_in_view(app: &mut App) {
    let Screen::Reader(r) = &app.screen else {
        return;
    };
    let Some(lesson) = app.catalog.lessons.get(r.lesson) else {
        return;
    };
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    let block = r
        .live_on_screen(app.size.1)
        .find_map(|l| match live.get(l.block) {
            Some(crate::markdown::LiveBlock::Sim(s)) => Some(*s),
            _ => None,
        });
    let Some(block) = block else {
        app.status = Some(super::state::Status {
            text: "no simulation on screen: scroll to a ▶ Live simulation panel".into(),
            is_error: false,
        });
        return;
    };
    let params: Vec<(String, String)> = block
        .params
        .iter()
        .map(|p| (p.key.clone(), p.value.clone()))
        .collect();
    let seed = app.seed.unwrap_or(1);
    match super::sim::SimRun::new(&block.model, &params, seed, true) {
        Ok(run) => {
            park_reader(app, ReturnTo::Reader);
            app.status = None;
            app.screen = Screen::Sim(Box::new(run));
        }
        Err(e) => {
            app.status = Some(super::state::Status {
                text: e,
                is_error: true,
            })
        }
    }
}

/// Applies a mouse event: the wheel scrolls the reader.
pub fn on_mouse(app: &mut App, mouse: MouseEvent) {
    on_mouse_scroll(app, mouse);
    sync_inline(app);
}

fn on_mouse_scroll(app: &mut App, mouse: MouseEvent) {
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
    note_end_of_lesson(app);
}

/// Applies a new terminal size: the reader reflows and keeps its place.
pub fn on_resize(app: &mut App, cols: u16, rows: u16) {
    let old_rows = app.size.1;
    app.size = (cols, rows);
    let width = text_width(cols);
    let stale = match &app.screen {
        Screen::Reader(r) if r.rendered_width != width => Some((r.lesson, r.fraction(old_rows))),
        _ => None,
    };
    if let Screen::Present(p) = &mut app.screen
        && p.rendered_width != super::slides::slide_width(cols)
    {
        p.render(&app.catalog, cols, &app.styles);
    }
    if let Some((lesson, fraction)) = stale {
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
    sync_inline(app);
    if let Some(parked) = &mut app.parked_reader
        && parked.rendered_width != width
    {
        let fraction = parked.fraction(old_rows);
        let lesson = parked.lesson;
        let rendered = app.render_lesson(lesson);
        if let Some(parked) = &mut app.parked_reader {
            parked.rendered = rendered;
            parked.rendered_width = width;
            parked.scroll = (fraction * parked.max_scroll(rows) as f64).round() as usize;
        }
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
    leave_reader(app);
    let Some(lesson) = app.catalog.lessons.get(index) else {
        return;
    };
    let id = lesson.id.clone();
    let fraction = app
        .progress
        .lessons
        .get(&id)
        .map_or(0.0, |l| f64::from(l.position));
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
        inline: Vec::new(),
    };
    reader.scroll = (fraction * reader.max_scroll(app.size.1) as f64).round() as usize;
    app.selected = index;
    app.progress.open_lesson(&id, App::now());
    app.dirty = true;
    app.screen = Screen::Reader(Box::new(reader));
    note_end_of_lesson(app);
    sync_inline(app);
}

/// Stores the reader's place in its lesson (with the heading above it, so the place survives edits
/// to the lesson) and saves.
fn leave_reader(app: &mut App) {
    if let Screen::Reader(r) = &app.screen
        && let Some(lesson) = app.catalog.lessons.get(r.lesson)
    {
        let fraction = r.fraction(app.size.1) as f32;
        let anchor = r
            .rendered
            .headings
            .iter()
            .rev()
            .find(|h| h.row <= r.scroll)
            .map(|h| h.title.clone());
        let id = lesson.id.clone();
        app.progress
            .set_reading_position(&id, fraction, anchor, App::now());
        app.dirty = true;
    }
    app.save();
}

/// Marks the lesson done once its end has been on screen.
fn note_end_of_lesson(app: &mut App) {
    let rows = app.size.1;
    if let Screen::Reader(r) = &app.screen
        && r.scroll >= r.max_scroll(rows)
        && let Some(lesson) = app.catalog.lessons.get(r.lesson)
    {
        let done = app
            .progress
            .lessons
            .get(&lesson.id)
            .is_some_and(|l| l.state == crate::progress::ReadState::Done);
        if !done {
            let id = lesson.id.clone();
            app.progress.finish_lesson(&id, App::now());
            app.dirty = true;
            app.save();
        }
    }
}

/// Opens a lesson at the section with `heading` (or at the top): where a leech is taught.
fn open_leech(app: &mut App, lesson: &str, heading: Option<&str>) {
    let Some(index) = app.catalog.lessons.iter().position(|l| l.id == lesson) else {
        return;
    };
    open_lesson(app, index);
    let rows = app.size.1;
    if let Screen::Reader(r) = &mut app.screen {
        let row = heading
            .and_then(|h| r.rendered.headings.iter().find(|x| x.title == h))
            .map_or(0, |x| x.row);
        r.scroll = row.min(r.max_scroll(rows));
    }
    sync_inline(app);
}

/// Starts a quiz by id, from the home screen or the reader.
pub fn start_quiz(app: &mut App, quiz_id: &str, return_to: ReturnTo) {
    let Some(quiz) = app.catalog.quiz(quiz_id) else {
        return;
    };
    let session = Session::new(quiz, next_seed(&mut app.seed));
    let run = QuizRun::new(
        Some(quiz.id.clone()),
        quiz.title.clone(),
        session,
        return_to,
    );
    park_reader(app, return_to);
    app.screen = Screen::Quiz(Box::new(run));
}

/// Starts a one-question quiz for a checkpoint `QUIZ/QUESTION`, returning to the reader.
fn start_checkpoint(app: &mut App, target: &str) {
    let Some((quiz, question)) = app.catalog.question(target) else {
        return;
    };
    let id = format!("{}/{}", quiz.id, question.id);
    let session = Session::from_questions(vec![(id, question.clone())], next_seed(&mut app.seed));
    let run = QuizRun::new(
        None,
        format!("Checkpoint · {}", quiz.title),
        session,
        ReturnTo::Reader,
    );
    park_reader(app, ReturnTo::Reader);
    app.screen = Screen::Quiz(Box::new(run));
}

fn park_reader(app: &mut App, return_to: ReturnTo) {
    if return_to == ReturnTo::Reader {
        leave_reader(app);
        if let Screen::Reader(r) = std::mem::replace(&mut app.screen, Screen::Home) {
            app.parked_reader = Some(r);
        }
    }
}

/// The seed for the next quiz: `--seed` repeats orders exactly, otherwise a fresh random one.
pub fn next_seed(seed: &mut Option<u64>) -> u64 {
    match seed {
        Some(s) => {
            let this = *s;
            *s = s.wrapping_add(1);
            this
        }
        None => crate::quiz::random_seed(),
    }
}

/// Leaves a quiz for where it came from.
pub fn end_quiz(app: &mut App) {
    let return_to = match &app.screen {
        Screen::Quiz(q) => q.return_to,
        _ => ReturnTo::Home,
    };
    app.save();
    app.screen = match (return_to, app.parked_reader.take()) {
        (ReturnTo::Reader, Some(r)) => Screen::Reader(r),
        _ => Screen::Home,
    };
}

/// The first checkpoint block on screen, as `QUIZ/QUESTION`.
fn checkpoint_in_view(catalog: &crate::content::Catalog, rows: u16, r: &Reader) -> Option<String> {
    let lesson = catalog.lessons.get(r.lesson)?;
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    r.live_on_screen(rows)
        .find_map(|l| match live.get(l.block) {
            Some(crate::markdown::LiveBlock::Checkpoint(c)) => Some(c.target.clone()),
            _ => None,
        })
}

/// Applies an action from the key table.
pub fn apply(app: &mut App, action: Action) -> Effect {
    let rows = app.size.1;
    if action == Action::ForceQuit {
        leave_reader(app);
        app.save();
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
            Action::Quit => {
                app.save();
                app.should_quit = true;
            }
            Action::Up => app.selected = app.selected.saturating_sub(1),
            Action::Down => app.selected = (app.selected + 1).min(lesson_count.saturating_sub(1)),
            Action::Top => app.selected = 0,
            Action::Bottom => app.selected = lesson_count.saturating_sub(1),
            Action::Open if lesson_count > 0 => open_lesson(app, app.selected),
            Action::Drill => quiz_update::start_drill(app, None),
            Action::Stats => app.screen = Screen::Stats(0),
            Action::TakeQuiz => {
                let quiz = app
                    .catalog
                    .lessons
                    .get(app.selected)
                    .and_then(|l| l.quiz.clone());
                if let Some(quiz) = quiz {
                    start_quiz(app, &quiz, ReturnTo::Home);
                }
            }
            Action::Problems if !app.catalog.diagnostics.is_empty() => {
                app.overlay = Some(Overlay::Problems { scroll: 0 })
            }
            _ => {}
        },
        Screen::Quiz(_) => quiz_update::apply(app, action),
        Screen::Stats(sel) => {
            let leeches = crate::quiz::drill::leeches(&app.catalog, &app.progress);
            match action {
                Action::Quit | Action::Back => app.screen = Screen::Home,
                Action::Up => *sel = sel.saturating_sub(1),
                Action::Down => *sel = (*sel + 1).min(leeches.len().saturating_sub(1)),
                Action::Drill => quiz_update::start_drill(app, None),
                Action::Open => {
                    if let Some(leech) = leeches.get(*sel) {
                        open_leech(app, &leech.lesson, leech.heading.as_deref());
                    }
                }
                _ => {}
            }
        }
        Screen::Sim(run) => match action {
            Action::Quit | Action::Back => {
                let back = run.from_lesson;
                app.screen = match (back, app.parked_reader.take()) {
                    (true, Some(r)) => Screen::Reader(r),
                    _ if back => Screen::Home,
                    _ => {
                        app.should_quit = true;
                        Screen::Home
                    }
                };
            }
            Action::Pause => {
                run.paused = !run.paused;
                run.last = std::time::Instant::now();
            }
            Action::Step => {
                run.paused = true;
                run.step();
            }
            Action::Faster => run.speed = (run.speed + 1).min(super::sim::SPEEDS.len() - 1),
            Action::Slower => run.speed = run.speed.saturating_sub(1),
            Action::Up => run.selected = run.selected.saturating_sub(1),
            Action::Down => {
                run.selected = (run.selected + 1).min(run.snapshot.params.len().saturating_sub(1))
            }
            Action::Left => run.nudge(false),
            Action::Right => run.nudge(true),
            Action::Submit => run.input = Some(String::new()),
            Action::Reset => run.reset(),
            _ => {}
        },
        Screen::Present(p) => {
            let changed = match action {
                Action::Quit | Action::Back => {
                    app.should_quit = true;
                    false
                }
                Action::PageDown => p.forward(),
                Action::PageUp => p.back(),
                Action::Top => {
                    p.go(0);
                    true
                }
                Action::Bottom => {
                    p.go(usize::MAX);
                    true
                }
                Action::Down => {
                    let max = p
                        .rendered
                        .text
                        .lines
                        .len()
                        .saturating_sub(text_height(rows).saturating_sub(2));
                    p.scroll = (p.scroll + 1).min(max);
                    false
                }
                Action::Up => {
                    p.scroll = p.scroll.saturating_sub(1);
                    false
                }
                Action::Reveal if p.checkpoint().is_some() => {
                    p.revealed = !p.revealed;
                    false
                }
                Action::Vote if p.vote_options(&app.catalog) > 0 => {
                    p.vote_input = Some(String::new());
                    false
                }
                _ => false,
            };
            if changed {
                p.render(&app.catalog, app.size.0, &app.styles);
            }
        }
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
                Action::Back if !r.query.is_empty() => {
                    r.query.clear();
                    r.matches.clear();
                }
                Action::Quit | Action::Back => {
                    leave_reader(app);
                    app.screen = Screen::Home;
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
                Action::TakeQuiz => {
                    let quiz = app
                        .catalog
                        .lessons
                        .get(r.lesson)
                        .and_then(|l| l.quiz.clone());
                    if let Some(quiz) = quiz {
                        start_quiz(app, &quiz, ReturnTo::Reader);
                    }
                }
                Action::OpenSim => open_sim_in_view(app),
                Action::Checkpoint => {
                    if let Some(target) = checkpoint_in_view(&app.catalog, rows, r) {
                        start_checkpoint(app, &target);
                    }
                }
                _ => {}
            }
            note_end_of_lesson(app);
            sync_inline(app);
        }
    }
    Effect::None
}
