//! The event loop driven by a scripted event source with its own clock: frames are counted, never
//! timed, so these tests do not depend on the machine's speed.
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

use super::events::{Event, Source};
use super::{Display, Start, event_loop, open_start};
use crate::content::Catalog;
use crate::screens::state::{App, Screen};
use crate::testkit::Course;
use crate::ui::theme::Theme;

/// Events at set times on a virtual clock; between them, the loop's waits time out into ticks.
struct Script {
    start: Instant,
    now: Cell<Instant>,
    events: RefCell<VecDeque<(Duration, Event)>>,
    ticks: Cell<usize>,
}

impl Script {
    fn new(events: Vec<(Duration, Event)>) -> Script {
        let start = Instant::now();
        Script {
            start,
            now: Cell::new(start),
            events: RefCell::new(events.into()),
            ticks: Cell::new(0),
        }
    }
}

impl Source for Script {
    fn next(&self, frame: Option<Duration>) -> Event {
        let mut events = self.events.borrow_mut();
        let next_at = events.front().map(|(at, _)| self.start + *at);
        match (frame, next_at) {
            (Some(wait), Some(at)) if self.now.get() + wait < at => {
                self.now.set(self.now.get() + wait);
                self.ticks.set(self.ticks.get() + 1);
                Event::Tick(self.now.get())
            }
            (Some(wait), None) => {
                self.now.set(self.now.get() + wait);
                self.ticks.set(self.ticks.get() + 1);
                Event::Tick(self.now.get())
            }
            (_, Some(at)) => {
                self.now.set(self.now.get().max(at));
                events.pop_front().map_or(Event::InputClosed, |(_, e)| e)
            }
            (None, None) => Event::InputClosed,
        }
    }

    fn try_next(&self) -> Option<Event> {
        None
    }

    fn now(&self) -> Instant {
        self.now.get()
    }
}

/// Counts frames instead of drawing them.
#[derive(Default)]
struct Frames(usize);

impl Display for Frames {
    fn draw(&mut self, _app: &App, _theme: &Theme) -> std::io::Result<()> {
        self.0 += 1;
        Ok(())
    }

    fn suspend(&mut self) -> std::io::Result<(u16, u16)> {
        Ok((80, 24))
    }
}

fn key(c: char) -> Event {
    Event::Term(TermEvent::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// Ctrl-C: quits and leaves the screen as it was, so the test can look at it.
fn quit() -> Event {
    Event::Term(TermEvent::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

fn course(body: &str) -> Catalog {
    Course::new().lesson("l", "L", None, body).build()
}

fn sim_time(app: &App) -> f64 {
    match &app.screen {
        Screen::Sim(run) => run.snapshot.now_ms,
        Screen::Present(p) => p.sim.as_ref().map_or(0.0, |(_, s)| s.snapshot.now_ms),
        _ => 0.0,
    }
}

#[test]
fn a_running_simulation_gets_thirty_frames_per_second_of_wall_time() {
    let mut app = App::new(course("# L\n"), (80, 24), Theme::dark().markdown);
    let start = Start::Sim {
        model: "scaling".into(),
        params: vec![],
    };
    open_start(&mut app, &start).expect("the model starts");
    let script = Script::new(vec![(Duration::from_secs(1), quit())]);
    let mut frames = Frames::default();
    event_loop(
        &mut frames,
        &mut app,
        &script,
        &Theme::dark(),
        &super::class::Link::none(),
    )
    .expect("loop");
    let ticks = script.ticks.get();
    assert!((29..=30).contains(&ticks), "{ticks} ticks in one second");
    // One drawn frame per tick, plus the first.
    assert_eq!(frames.0, ticks + 1);
    assert!(sim_time(&app) > 0.0, "the simulation did not advance");
}

#[test]
fn nothing_moves_and_no_tick_comes_on_the_course_map() {
    let mut app = App::new(course("# L\n"), (80, 24), Theme::dark().markdown);
    let script = Script::new(vec![(Duration::from_secs(10), quit())]);
    let mut frames = Frames::default();
    event_loop(
        &mut frames,
        &mut app,
        &script,
        &Theme::dark(),
        &super::class::Link::none(),
    )
    .expect("loop");
    assert_eq!(script.ticks.get(), 0);
    assert_eq!(frames.0, 1);
}

#[test]
fn a_presenter_simulation_advances() {
    let body = "# L\n\n## A live slide\n\n```sim scaling\n```\n";
    let mut app = App::new(course(body), (80, 24), Theme::dark().markdown);
    app.seed = Some(3);
    open_start(&mut app, &Start::Present("l".into())).expect("present");
    // The title slide first, then the slide with the simulation.
    let script = Script::new(vec![
        (Duration::from_millis(10), key(' ')),
        (Duration::from_secs(2), quit()),
    ]);
    let mut frames = Frames::default();
    event_loop(
        &mut frames,
        &mut app,
        &script,
        &Theme::dark(),
        &super::class::Link::none(),
    )
    .expect("loop");
    let Screen::Present(p) = &app.screen else {
        panic!("not presenting")
    };
    assert!(p.sim.is_some(), "no simulation on the slide");
    assert!(script.ticks.get() >= 50, "{} ticks", script.ticks.get());
    assert!(sim_time(&app) > 0.0, "the presenter simulation stood still");
}

#[test]
fn a_held_key_does_not_starve_the_frames() {
    let mut app = App::new(course("# L\n"), (80, 24), Theme::dark().markdown);
    let start = Start::Sim {
        model: "scaling".into(),
        params: vec![],
    };
    open_start(&mut app, &start).expect("the model starts");
    // A key every 20 ms (faster than a frame) for one second: `j` moves the parameter cursor.
    let mut events: Vec<(Duration, Event)> = (1..50)
        .map(|i| (Duration::from_millis(20 * i), key('j')))
        .collect();
    events.push((Duration::from_secs(1), quit()));
    let script = Script::new(events);
    event_loop(
        &mut Frames::default(),
        &mut app,
        &script,
        &Theme::dark(),
        &super::class::Link::none(),
    )
    .expect("loop");
    let ticks = script.ticks.get();
    assert!((29..=30).contains(&ticks), "{ticks} ticks in one second");
}

/// Draws each frame as text, for tests that look at what a frame showed.
#[cfg(feature = "classroom")]
#[derive(Default)]
struct Texts(Vec<String>);

#[cfg(feature = "classroom")]
impl Display for Texts {
    fn draw(&mut self, app: &App, theme: &Theme) -> std::io::Result<()> {
        self.0.push(crate::testkit::screen(app, 80, 24, theme));
        Ok(())
    }

    fn suspend(&mut self) -> std::io::Result<(u16, u16)> {
        Ok((80, 24))
    }
}

/// The latency of the projector's count, in frames: the frame drawn right after the class
/// reports an answer shows it (no tick, no second event needed).
#[cfg(feature = "classroom")]
#[test]
fn the_frame_after_an_answer_event_shows_the_count() {
    use crate::classroom::{ClassEvent, Tally};
    let body = "# L\n\n## Ask\n\nText.\n\n```quiz k/q1\n```\n";
    let quiz = "id = \"k\"\ntitle = \"K\"\nlesson = \"l\"\n[[question]]\nkind = \"true_false\"\nprompt = \"Is S3 regional?\"\nexplanation = \"Buckets live in a region.\"\nanswer = true\n";
    let catalog = Course::new()
        .lesson("l", "L", Some("k"), body)
        .quiz("k", quiz)
        .build();
    let mut app = App::new(catalog, (80, 24), Theme::dark().markdown);
    open_start(&mut app, &Start::Present("l".into())).expect("present");
    if let Screen::Present(p) = &mut app.screen {
        p.serve(crate::screens::class::ClassInfo {
            connected: 1,
            ..Default::default()
        });
    }
    let answers = |n| Event::Class(ClassEvent::Answers(Tally { answered: n, of: 1 }));
    let script = Script::new(vec![
        (Duration::from_millis(1), key(' ')),
        (Duration::from_millis(2), key(' ')),
        (Duration::from_millis(3), key(' ')),
        (Duration::from_millis(4), key('o')),
        (Duration::from_millis(5), answers(1)),
        (Duration::from_millis(6), quit()),
    ]);
    let mut frames = Texts::default();
    event_loop(
        &mut frames,
        &mut app,
        &script,
        &Theme::dark(),
        &super::class::Link::none(),
    )
    .expect("loop");
    // One frame per event: the first, then after each of the five events before Ctrl-C.
    assert_eq!(frames.0.len(), 6);
    assert!(frames.0[4].contains("answered 0 / 1"), "{}", frames.0[4]);
    assert!(frames.0[5].contains("answered 1 / 1"), "{}", frames.0[5]);
}
