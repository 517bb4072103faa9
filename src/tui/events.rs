//! Everything the event loop waits for, merged into one channel: key and mouse input, resizes,
//! signals, and a frame tick that runs only while something on screen animates. The loop blocks on
//! the channel, so an idle tutor uses no CPU.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event as TermEvent, KeyCode, KeyModifiers};

/// Set by the input thread the moment Ctrl-C is typed, so the loop can quit before working through
/// a backlog of keys (a learner mashing keys on a slow frame must still be able to leave at once).
static QUIT_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C has been typed.
pub fn quit_requested() -> bool {
    QUIT_REQUESTED.load(Ordering::SeqCst)
}

/// A signal the tutor reacts to by quitting cleanly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Terminate,
    Hangup,
    Interrupt,
}

/// One thing that happened.
#[derive(Debug, Clone)]
pub enum Event {
    Term(TermEvent),
    Signal(Signal),
    /// Time to draw the next animation frame; carries the time it was taken, so the update that
    /// advances simulations never reads the clock itself.
    Tick(Instant),
    /// Input could not be read any more (the terminal went away).
    InputClosed,
    /// Something happened in the live class (`present --serve`): a student joined or left, or
    /// the count of answers changed.
    #[cfg(feature = "classroom")]
    Class(crate::classroom::ClassEvent),
}

#[cfg(feature = "classroom")]
impl From<crate::classroom::ClassEvent> for Event {
    fn from(e: crate::classroom::ClassEvent) -> Event {
        Event::Class(e)
    }
}

/// Where the event loop gets its events: the terminal and signals ([`Events`]), or a script in
/// tests, which can then count frames without waiting for them.
pub trait Source {
    /// Waits for the next event. With `frame` set (something animates), returns a tick when no
    /// other event arrives within that time; without it, waits as long as it takes.
    fn next(&self, frame: Option<Duration>) -> Event;

    /// Takes an event that is already waiting, without blocking (to coalesce bursts of resizes
    /// and wheel scrolls into one frame).
    fn try_next(&self) -> Option<Event>;

    /// The time now, by this source's clock (the wall clock for the terminal).
    fn now(&self) -> Instant;
}

/// The merged event sources.
pub struct Events {
    rx: Receiver<Event>,
    /// For the live class's events, which join the same channel.
    #[cfg(feature = "classroom")]
    tx: Sender<Event>,
}

impl Events {
    /// Starts the input and signal threads. They end with the process.
    pub fn start() -> Events {
        let (tx, rx) = mpsc::channel();
        spawn_input(tx.clone());
        #[cfg(feature = "classroom")]
        spawn_signals(tx.clone());
        #[cfg(not(feature = "classroom"))]
        spawn_signals(tx);
        Events {
            rx,
            #[cfg(feature = "classroom")]
            tx,
        }
    }

    /// A sender into the loop's channel, for the live class.
    #[cfg(feature = "classroom")]
    pub fn sender(&self) -> Sender<Event> {
        self.tx.clone()
    }
}

impl Source for Events {
    fn next(&self, frame: Option<Duration>) -> Event {
        match frame {
            None => self.rx.recv().unwrap_or(Event::InputClosed),
            Some(timeout) => match self.rx.recv_timeout(timeout) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => Event::Tick(Instant::now()),
                Err(RecvTimeoutError::Disconnected) => Event::InputClosed,
            },
        }
    }

    fn try_next(&self) -> Option<Event> {
        self.rx.try_recv().ok()
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

fn spawn_input(tx: Sender<Event>) {
    thread::spawn(move || {
        loop {
            match event::read() {
                Ok(e) => {
                    if let TermEvent::Key(k) = &e
                        && k.code == KeyCode::Char('c')
                        && k.modifiers.contains(KeyModifiers::CONTROL)
                    {
                        QUIT_REQUESTED.store(true, Ordering::SeqCst);
                    }
                    if tx.send(Event::Term(e)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            }
        }
    });
}

#[cfg(unix)]
fn spawn_signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    thread::spawn(move || {
        for sig in signals.forever() {
            let s = match sig {
                SIGHUP => Signal::Hangup,
                SIGINT => Signal::Interrupt,
                _ => Signal::Terminate,
            };
            if tx.send(Event::Signal(s)).is_err() {
                return;
            }
        }
    });
}

#[cfg(not(unix))]
fn spawn_signals(_tx: Sender<Event>) {}
