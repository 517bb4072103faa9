//! The shell of the interactive tutor: it owns the terminal (raw mode, alternate screen, restore on
//! quit, panic, signals and Ctrl-Z), waits for events, applies them to the state and draws a frame.
//! It is the only place that reads the clock for the screens (ticks carry the time) and that
//! decides how often frames come: never while nothing moves, [`config::SIM_FPS`] a second while a
//! simulation runs.
mod class;
pub mod config;
pub mod events;
mod terminal;
#[cfg(test)]
mod tests;

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event as TermEvent, KeyEventKind};

use crate::content::Catalog;
use crate::progress::{Store, Timestamp};
use crate::screens::{drill, keymap, quiz, sim, slides, state, update};
use crate::ui::{self, theme::Theme};
pub use config::{Start, TuiConfig};
use events::{Event, Events, Source};
use state::App;
use state::Effect;

/// Where frames go: the real terminal, or a test backend.
pub(crate) trait Display {
    /// Draws one frame of the state.
    fn draw(&mut self, app: &App, theme: &Theme) -> io::Result<()>;
    /// Ctrl-Z: hands the terminal to the shell until resumed; returns the size after resuming.
    fn suspend(&mut self) -> io::Result<(u16, u16)>;
}

impl Display for terminal::Session {
    fn draw(&mut self, app: &App, theme: &Theme) -> io::Result<()> {
        self.terminal.draw(|frame| ui::draw(frame, app, theme))?;
        Ok(())
    }

    fn suspend(&mut self) -> io::Result<(u16, u16)> {
        terminal::Session::suspend(self)?;
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }
}

/// What `present --serve` says in a build without the live classroom.
#[cfg(not(feature = "classroom"))]
pub const NO_CLASSROOM: &str = "cloudtutor: --serve needs the live classroom, which this build leaves out \
     (it was built with --no-default-features); rebuild with `cargo build --release --features classroom`";

/// Opens the tutor as `config` says and runs it until the learner quits.
pub fn run(config: TuiConfig) -> ExitCode {
    // An unknown lesson or quiz is named first: with or without a terminal, it is the mistake to fix.
    let catalog = Catalog::load(&config.content);
    if let Err(message) = check_start(&catalog, &config.start) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        eprintln!(
            "cloudtutor: the tutor needs a terminal. Try `cloudtutor --help` for commands that work without one."
        );
        return ExitCode::from(2);
    }
    let theme = config.theme();
    // Progress is loaded before the terminal is taken, so a problem with it can be reported
    // plainly; the tutor runs without saving rather than not at all.
    #[cfg(not(feature = "classroom"))]
    if config.serve.is_some() {
        eprintln!("{NO_CLASSROOM}");
        return ExitCode::from(2);
    }
    #[cfg(feature = "classroom")]
    let class_dir = config.data_dir.as_ref().ok().cloned();
    let (store, progress, status) = load_progress(config.data_dir);
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
    app.seed = config.seed;
    app.frame = config.frame_interval;
    if let Err(e) = open_start(&mut app, &config.start) {
        drop(session);
        eprintln!("cloudtutor: {e}");
        return ExitCode::from(2);
    }
    // After the first screen opened (starting a drill clears the status line), so the first
    // frame shows what loading found.
    if status.is_some() {
        app.status = status;
    }
    let events = Events::start();
    #[cfg_attr(not(feature = "classroom"), allow(unused_mut))]
    let mut link = class::Link::none();
    #[cfg(feature = "classroom")]
    if let Some(serve) = &config.serve {
        // After the terminal session installed its panic hook, which the class wraps.
        let started = match class_dir {
            Some(dir) => {
                class::served::start(serve, dir, events.sender()).map_err(|e| e.to_string())
            }
            None => Err("no data folder for the class's host key (set --data-dir)".to_string()),
        };
        match started {
            Ok((l, info)) => {
                link = l;
                if let state::Screen::Present(p) = &mut app.screen {
                    p.serve(info);
                }
            }
            Err(e) => {
                drop(session);
                eprintln!("cloudtutor: cannot serve the class: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let result = event_loop(&mut session, &mut app, &events, &theme, &link);
    drop(session);
    if let Some(id) = link.end(&mut app) {
        println!("Class ended. Its answers: cloudtutor results --session {id}");
    }
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cloudtutor: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Checks that the quiz or lesson to start on exists, before the terminal is taken; the error is
/// the message for stderr.
fn check_start(catalog: &Catalog, start: &Start) -> Result<(), String> {
    match start {
        Start::Quiz(id) if catalog.quiz(id).is_none() => {
            let ids: Vec<&str> = catalog.quizzes.iter().map(|q| q.id.as_str()).collect();
            Err(format!(
                "cloudtutor: no quiz `{id}` (quizzes: {})",
                ids.join(", ")
            ))
        }
        Start::Present(id) if !catalog.lessons.iter().any(|l| l.id == *id) => {
            let ids: Vec<&str> = catalog.lessons.iter().map(|l| l.id.as_str()).collect();
            Err(format!(
                "cloudtutor: no lesson `{id}` (lessons: {})",
                ids.join(", ")
            ))
        }
        Start::Drill {
            options:
                crate::progress::plan::PlanOptions {
                    cram: Some(cram), ..
                },
            ..
        } => match cram.lessons.iter().find(|l| catalog.lesson(l).is_none()) {
            Some(id) => {
                let ids: Vec<&str> = catalog.lessons.iter().map(|l| l.id.as_str()).collect();
                Err(format!(
                    "cloudtutor: no lesson `{}` (lessons: {})",
                    crate::markdown::sanitize::clean(id),
                    ids.join(", ")
                ))
            }
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The store, the progress in it, and a status line about any trouble loading it: a file moved
/// aside, or else times saved later than the clock (said once, at start; the scheduler reads
/// them as now).
fn load_progress(
    data_dir: Result<std::path::PathBuf, crate::progress::StoreError>,
) -> (
    Option<Store>,
    crate::progress::Progress,
    Option<state::Status>,
) {
    let error = |text: String| {
        Some(state::Status {
            text,
            is_error: true,
        })
    };
    match data_dir.map(Store::new) {
        Ok(store) => match store.load() {
            Ok(snapshot) => {
                let future = snapshot.future_stamps;
                let status = match snapshot.notice {
                    Some(n) => error(n.to_string()),
                    None if future > 0 => error(format!(
                        "{future} saved time{} later than the clock; those questions count from now",
                        if future == 1 { " is" } else { "s are" }
                    )),
                    None => None,
                };
                (Some(store), snapshot.progress, status)
            }
            Err(e) => (
                None,
                crate::progress::Progress::new(),
                error(format!(
                    "progress not loaded: {e}; nothing will be saved this time"
                )),
            ),
        },
        Err(e) => (
            None,
            crate::progress::Progress::new(),
            error(format!("{e}; progress will not be saved")),
        ),
    }
}

/// Puts the app on its first screen. The error (a simulation that cannot start) is for stderr.
pub(crate) fn open_start(app: &mut App, start: &Start) -> Result<(), String> {
    match start {
        Start::Home => {}
        Start::Quiz(id) => quiz::start_quiz(app, id, quiz::ReturnTo::Home),
        Start::Drill { minutes, options } => {
            drill::start_drill(app, *minutes, options, quiz::ReturnTo::Exit)
        }
        Start::Sim { model, params } => {
            let run = sim::SimRun::new(model, params, app.seed.unwrap_or(1), false)?;
            app.screen = state::Screen::Sim(Box::new(run));
        }
        Start::Present(id) => {
            if let Some(i) = app.catalog.lessons.iter().position(|l| l.id == *id) {
                let mut p = slides::Present::new(&app.catalog, i, app.size.0, &app.styles);
                p.seed = app.seed.unwrap_or(1);
                p.sim = None;
                p.render(&app.catalog, app.size.0, &app.styles);
                app.screen = state::Screen::Present(Box::new(p));
            }
        }
    }
    Ok(())
}

/// When the next frame is due while something animates. Frames keep their pace whatever else
/// arrives in between (a held key does not starve a simulation), and a late frame is not caught
/// up with a burst.
#[derive(Debug, Default)]
struct FrameClock {
    next: Option<Instant>,
}

impl FrameClock {
    /// How long to wait for the next frame (`None`: nothing animates, wait for input only).
    fn wait(&mut self, animating: bool, interval: Duration, now: Instant) -> Option<Duration> {
        if !animating {
            self.next = None;
            return None;
        }
        let due = *self.next.get_or_insert(now + interval);
        Some(due.saturating_duration_since(now))
    }

    /// A frame was drawn at `at`: the next one is one interval after the one that was due.
    fn ticked(&mut self, at: Instant, interval: Duration) {
        let due = self.next.unwrap_or(at);
        self.next = Some(if at > due + interval {
            at + interval
        } else {
            due + interval
        });
    }
}

/// Draws, waits for events and applies them until the learner quits.
pub(crate) fn event_loop(
    display: &mut impl Display,
    app: &mut App,
    events: &impl Source,
    theme: &Theme,
    link: &class::Link,
) -> io::Result<ExitCode> {
    let mut clock = FrameClock::default();
    loop {
        display.draw(app, theme)?;
        // Wait for input; tick only while something on screen moves by itself.
        let wait = clock.wait(app.animating(), app.frame_interval(), events.now());
        let mut event = events.next(wait);
        loop {
            // The edge: the clock is read here, once per event, and handed to the update.
            app.clock = Timestamp::now();
            app.instant = events.now();
            if events::quit_requested() {
                let effects = update::apply(app, keymap::Action::ForceQuit);
                app.perform_saves(effects);
                return Ok(ExitCode::SUCCESS);
            }
            let effects = match event {
                Event::Term(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                    test_panic_hook(&key);
                    update::on_key(app, key)
                }
                Event::Term(TermEvent::Mouse(m)) => update::on_mouse(app, m),
                Event::Term(TermEvent::Resize(w, h)) => update::on_resize(app, w, h),
                Event::Tick(now) => {
                    clock.ticked(now, app.frame_interval());
                    update::on_tick(app, now)
                }
                Event::Term(_) => Vec::new(),
                Event::Signal(sig) => {
                    app.should_quit = true;
                    let effects = update::apply(app, keymap::Action::ForceQuit);
                    app.perform_saves(effects);
                    if sig != events::Signal::Interrupt {
                        return Ok(ExitCode::from(128 + signal_number(sig)));
                    }
                    Vec::new()
                }
                Event::InputClosed => return Ok(ExitCode::from(1)),
                #[cfg(feature = "classroom")]
                Event::Class(e) => {
                    link.on_event(app, e);
                    Vec::new()
                }
            };
            for effect in app.perform_saves(effects) {
                match effect {
                    Effect::Suspend => {
                        let (w, h) = display.suspend()?;
                        // The terminal may have changed size while the tutor was stopped.
                        let more = update::on_resize(app, w, h);
                        app.perform_saves(more);
                        display.draw(app, theme)?;
                    }
                    Effect::Class(command) => link.perform(app, command),
                    Effect::Save => {}
                }
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
