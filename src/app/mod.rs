//! The interactive tutor: state, actions, and the event loop that ties them to the terminal.
pub mod events;
pub mod keymap;
pub mod present_state;
pub mod quiz_state;
pub mod quiz_update;
pub mod search;
pub mod sim_state;
pub mod state;
mod terminal;
#[cfg(test)]
mod tests;
pub mod update;

use std::io::IsTerminal;
use std::process::ExitCode;

use ratatui::crossterm::event::{Event as TermEvent, KeyEventKind};

use crate::cli::Cli;
use crate::content::Catalog;
use crate::ui::{self, theme::Theme};
use events::{Event, Events};
use state::App;
use update::Effect;

/// The screen the TUI opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The course map.
    Home,
    /// A quiz, by id (`cloudtutor quiz QUIZ`).
    Quiz(String),
    /// A lesson as slides, by id (`cloudtutor present LESSON`).
    Present(String),
    /// A live simulation (`cloudtutor sim MODEL`), with `--set` parameters.
    Sim {
        model: String,
        params: Vec<(String, String)>,
    },
    /// A drill of the questions that are due (`cloudtutor drill`), optionally timed.
    Drill { minutes: Option<u32> },
}

/// Opens the TUI on a course and runs it until the learner quits.
pub fn run(cli: &Cli, start: Start) -> ExitCode {
    let source = cli.source();
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "cloudtutor: the tutor needs a terminal. Try `cloudtutor --help` for commands that work without one."
        );
        return ExitCode::from(2);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = if no_color {
        Theme::plain()
    } else {
        Theme::dark()
    };
    let catalog = Catalog::load(&source);
    if let Start::Quiz(id) = &start
        && catalog.quiz(id).is_none()
    {
        let ids: Vec<&str> = catalog.quizzes.iter().map(|q| q.id.as_str()).collect();
        eprintln!("cloudtutor: no quiz `{id}` (quizzes: {})", ids.join(", "));
        return ExitCode::from(2);
    }
    let present = match &start {
        Start::Present(id) => match catalog.lessons.iter().position(|l| l.id == *id) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = catalog.lessons.iter().map(|l| l.id.as_str()).collect();
                eprintln!("cloudtutor: no lesson `{id}` (lessons: {})", ids.join(", "));
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    // Progress is loaded before the terminal is taken, so a problem with it can be reported
    // plainly; the tutor runs without saving rather than not at all.
    let (store, progress, status) = match cli.store() {
        Ok(store) => match store.load() {
            Ok(snapshot) => {
                let status = snapshot.notice.map(|n| state::Status {
                    text: n.to_string(),
                    is_error: true,
                });
                (Some(store), snapshot.progress, status)
            }
            Err(e) => (
                None,
                crate::progress::Progress::new(),
                Some(state::Status {
                    text: format!("progress not loaded: {e}; nothing will be saved this time"),
                    is_error: true,
                }),
            ),
        },
        Err(e) => (
            None,
            crate::progress::Progress::new(),
            Some(state::Status {
                text: format!("{e}; progress will not be saved"),
                is_error: true,
            }),
        ),
    };
    let mut session = match terminal::Session::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cloudtutor: cannot set up the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    let size = session
        .terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let mut app = App::new(catalog, size, theme.markdown.clone());
    app.store = store;
    app.progress = progress;
    app.status = status;
    app.seed = cli.seed;
    match &start {
        Start::Home => {}
        Start::Quiz(id) => update::start_quiz(&mut app, id, quiz_state::ReturnTo::Home),
        Start::Drill { minutes } => quiz_update::start_drill(&mut app, *minutes),
        Start::Sim { model, params } => {
            match sim_state::SimRun::new(model, params, cli.seed.unwrap_or(1), false) {
                Ok(run) => app.screen = state::Screen::Sim(Box::new(run)),
                Err(e) => {
                    drop(session);
                    eprintln!("cloudtutor sim: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        Start::Present(_) => {
            if let Some(i) = present {
                let mut p = present_state::Present::new(&app.catalog, i, app.size.0, &app.styles);
                p.seed = cli.seed.unwrap_or(1);
                p.sim = None;
                p.render(&app.catalog, app.size.0, &app.styles);
                app.screen = state::Screen::Present(Box::new(p));
            }
        }
    }
    let events = Events::start();
    let result = event_loop(&mut session, &mut app, &events, &theme);
    drop(session);
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cloudtutor: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

fn event_loop(
    session: &mut terminal::Session,
    app: &mut App,
    events: &Events,
    theme: &Theme,
) -> std::io::Result<ExitCode> {
    loop {
        session.terminal.draw(|frame| ui::draw(frame, app, theme))?;
        // Wait for input; tick only while something on screen moves by itself.
        let frame = app
            .animating()
            .then_some(std::time::Duration::from_millis(250));
        let mut event = events.next(frame);
        loop {
            if events::quit_requested() {
                update::apply(app, keymap::Action::ForceQuit);
                return Ok(ExitCode::SUCCESS);
            }
            match event {
                Event::Term(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                    test_panic_hook(&key);
                    if update::on_key(app, key) == Effect::Suspend {
                        session.suspend()?;
                        // The terminal may have changed size while the tutor was stopped.
                        if let Ok(size) = session.terminal.size() {
                            update::on_resize(app, size.width, size.height);
                        }
                        session.terminal.draw(|frame| ui::draw(frame, app, theme))?;
                    }
                }
                Event::Term(TermEvent::Mouse(m)) => update::on_mouse(app, m),
                Event::Term(TermEvent::Resize(w, h)) => update::on_resize(app, w, h),
                Event::Tick => update::on_tick(app),
                Event::Term(_) => {}
                Event::Signal(sig) => {
                    app.should_quit = true;
                    update::apply(app, keymap::Action::ForceQuit);
                    if sig != events::Signal::Interrupt {
                        return Ok(ExitCode::from(128 + signal_number(sig)));
                    }
                }
                Event::InputClosed => return Ok(ExitCode::from(1)),
            }
            if app.should_quit {
                return Ok(ExitCode::SUCCESS);
            }
            // Coalesce what is already queued (a storm of resizes or wheel notches) into one frame.
            match events.try_next() {
                Some(e) => event = e,
                None => break,
            }
        }
    }
}

fn signal_number(sig: events::Signal) -> u8 {
    match sig {
        events::Signal::Hangup => 1,
        events::Signal::Interrupt => 2,
        events::Signal::Terminate => 15,
    }
}

/// Test hook: the end-to-end suite sets `CLOUDTUTOR_TEST_PANIC_KEY` to a character to check that a
/// panic inside the app leaves the terminal usable. Unset, it does nothing.
fn test_panic_hook(key: &ratatui::crossterm::event::KeyEvent) {
    if let Some(k) = std::env::var_os("CLOUDTUTOR_TEST_PANIC_KEY")
        && let ratatui::crossterm::event::KeyCode::Char(c) = key.code
        && k.to_str().is_some_and(|k| k.starts_with(c))
    {
        panic!("test panic requested with CLOUDTUTOR_TEST_PANIC_KEY");
    }
}
