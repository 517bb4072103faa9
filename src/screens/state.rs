//! The tutor's state: which screen is showing and everything it needs to draw itself. The UI reads
//! it; only [`super::update`] changes it.
use crate::content::Catalog;
use crate::markdown::{self, Disclosure, RenderOptions, Rendered, Styles};
use crate::progress::drill::Undo;
use crate::progress::{Progress, Store, StoreError, Timestamp};

use super::progress::ScheduleView;
use super::quiz::QuizRun;
pub use super::reader::Reader;
use super::reader::SIM_PANEL_ROWS;
use super::sim::SimRun;
use super::slides::Present;

/// Smallest terminal the screens are laid out for; below it the UI asks for a bigger one.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Longest reading line: beyond this, long lines get hard to follow, so wide terminals get margins.
pub const MAX_TEXT_WIDTH: u16 = 110;

/// The width lessons are rendered at for a terminal of `cols` columns.
pub fn text_width(cols: u16) -> u16 {
    cols.saturating_sub(4).clamp(1, MAX_TEXT_WIDTH)
}

/// Rows of lesson text visible in a terminal of `rows` rows (title bar and footer take two).
pub fn text_height(rows: u16) -> usize {
    usize::from(rows.saturating_sub(2)).max(1)
}

/// Which overlay, if any, is on top of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The keys of the screen below; `scroll` is its first row shown.
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
}

/// Which screen is showing.
#[derive(Debug)]
pub enum Screen {
    Home,
    Reader(Box<Reader>),
    Quiz(Box<QuizRun>),
    Present(Box<Present>),
    Sim(Box<SimRun>),
    /// Accuracy, streak and leeches; the number is the highlighted leech.
    Stats(usize),
}

/// Something an update asks the shell to do at the edge, after the update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write progress to the store if it changed ([`App::save`]).
    Save,
    /// Ctrl-Z: hand the terminal back to the shell until resumed.
    Suspend,
    /// Tell the live class (`present --serve`) what the presenter did.
    Class(super::class::ClassCommand),
}

/// A message in the status line: a notice about the progress file, or a save that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub catalog: Catalog,
    pub screen: Screen,
    /// Selected lesson on the home screen.
    pub selected: usize,
    pub overlay: Option<Overlay>,
    /// Terminal size in columns and rows, kept current by resize events.
    pub size: (u16, u16),
    /// What the learner has read and answered; saved through `store` after each change.
    pub progress: Progress,
    /// Where progress is saved; `None` when there is nowhere to save (the tutor still runs).
    pub store: Option<Store>,
    /// Progress changed since the last successful save.
    pub dirty: bool,
    /// Answers taken back (`u`) since the last successful save, oldest first: the save applies
    /// them again after merging with the file (`Store::save_undone`), or the file's copy of
    /// the answer would come back.
    pub undone: Vec<Undo>,
    pub status: Option<Status>,
    /// A reader set aside while a quiz opened from it runs.
    pub parked_reader: Option<Box<Reader>>,
    /// The presenter set aside while its slide's simulation runs full screen (`s`); the run
    /// goes back to its slide on return.
    pub parked_present: Option<Box<Present>>,
    /// Seed for the next quiz's order (`--seed`); each quiz after the first adds one.
    pub seed: Option<u64>,
    pub styles: Styles,
    /// The time of the event being applied (set by the shell), for progress records.
    pub clock: Timestamp,
    /// The same moment on the monotonic clock, for simulations and answer times.
    pub instant: std::time::Instant,
    /// The schedule as the course map and progress screen show it (see `ScheduleView`).
    pub schedule: ScheduleView,
    /// Effects requested by updates, taken by the shell after each event.
    pub effects: Vec<Effect>,
    /// Time between frames while a simulation runs (from the tutor's configuration).
    pub frame: std::time::Duration,
    pub should_quit: bool,
}

impl App {
    /// A new app on the home screen.
    pub fn new(catalog: Catalog, size: (u16, u16), styles: Styles) -> App {
        let mut app = App {
            catalog,
            screen: Screen::Home,
            selected: 0,
            overlay: None,
            size,
            progress: Progress::new(),
            store: None,
            dirty: false,
            undone: Vec::new(),
            status: None,
            parked_reader: None,
            parked_present: None,
            seed: None,
            styles,
            clock: Timestamp::now(),
            instant: std::time::Instant::now(),
            effects: Vec::new(),
            schedule: ScheduleView::default(),
            frame: std::time::Duration::from_millis(1000 / super::sim::FPS),
            should_quit: false,
        };
        super::progress::refresh(&mut app);
        app
    }

    /// Whether something on screen changes by itself, so the event loop must wake up to redraw.
    pub fn animating(&self) -> bool {
        match &self.screen {
            Screen::Quiz(q) => q.animating(),
            Screen::Sim(s) => s.animating() && self.overlay.is_none(),
            Screen::Reader(r) => {
                r.toc.is_none() && r.inline.iter().any(|i| i.visible && i.run.animating())
            }
            Screen::Present(p) => {
                self.overlay.is_none()
                    && (p.sim.as_ref().is_some_and(|(_, s)| s.animating()) || p.observing())
            }
            _ => false,
        }
    }

    /// How often to redraw while animating: the configured frame rate (30 a second) for a
    /// simulation, four a second for a countdown.
    pub fn frame_interval(&self) -> std::time::Duration {
        match &self.screen {
            Screen::Sim(_) | Screen::Reader(_) | Screen::Present(_) => self.frame,
            _ => std::time::Duration::from_millis(250),
        }
    }

    /// The presenter, on screen or parked behind its slide's full-screen simulation: what a
    /// served class reports reaches it either way.
    pub fn presenter_mut(&mut self) -> Option<&mut Present> {
        match &mut self.screen {
            Screen::Present(p) => Some(p),
            _ => self.parked_present.as_deref_mut(),
        }
    }

    /// Says in the status line why a key did nothing (a note, not an error): shown on the screen
    /// where the key was pressed until the next key.
    pub fn note(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    /// Asks the shell to save progress after this update (see `Effect::Save`).
    pub fn request_save(&mut self) {
        if !self.effects.contains(&Effect::Save) {
            self.effects.push(Effect::Save);
        }
    }

    /// The effects requested since the last call, in order.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Performs the requested saves now, the way the shell does; returns the other effects.
    pub fn perform_saves(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut rest = Vec::new();
        for e in effects {
            match e {
                Effect::Save => self.save(),
                other => rest.push(other),
            }
        }
        rest
    }

    /// Saves progress if it changed: the disk write behind `Effect::Save`, called by the shell.
    /// A failure keeps everything in memory, says so in the status line, and is retried at the
    /// next save.
    pub fn save(&mut self) {
        if !self.dirty {
            return;
        }
        let Some(store) = &self.store else { return };
        match save_undoing(store, &self.progress, &self.undone) {
            Ok(snapshot) => {
                self.progress = snapshot.progress;
                self.dirty = false;
                self.undone.clear();
                if let Some(n) = snapshot.notice {
                    self.status = Some(Status {
                        text: n.to_string(),
                        is_error: true,
                    });
                } else if self
                    .status
                    .as_ref()
                    .is_some_and(|s| s.is_error && s.text.starts_with("could not save"))
                {
                    self.status = None;
                }
            }
            Err(e) => {
                self.status = Some(Status {
                    text: format!("could not save progress: {e} (kept in memory; will retry)"),
                    is_error: true,
                });
            }
        }
    }

    /// Takes back one recorded answer in memory and asks for a save that takes it back on disk.
    pub fn take_back(&mut self, undo: Undo) {
        crate::progress::drill::undo(&mut self.progress, &undo);
        self.undone.push(undo);
        self.dirty = true;
        self.request_save();
    }

    /// The time of the event being applied, for progress records.
    pub fn now(&self) -> Timestamp {
        self.clock
    }

    /// Renders lesson `index` at the current width, with the `<details>` sections `disclosure`
    /// opens.
    pub fn render_lesson(&self, index: usize, disclosure: &Disclosure) -> Rendered {
        let width = text_width(self.size.0);
        let Some(lesson) = self.catalog.lessons.get(index) else {
            return Rendered::default();
        };
        let catalog = &self.catalog;
        let lookup = |target: &str| catalog.question(target).map(|(_, q)| q.prompt.clone());
        let opts = RenderOptions {
            width,
            styles: &self.styles,
            checkpoint: Some(&lookup),
            sim_rows: SIM_PANEL_ROWS,
        };
        markdown::render_disclosed(&lesson.body, &opts, disclosure)
    }
}

/// Saves `progress` with the answers in `undone` taken back on disk too: a plain save without
/// any, else one [`Store::save_undone`] per undo in the order they were taken back (newest
/// answer first), each building on the file the one before wrote. More than one only after a
/// save failed in between.
fn save_undoing(
    store: &Store,
    progress: &Progress,
    undone: &[Undo],
) -> Result<crate::progress::store::Snapshot, StoreError> {
    let Some((first, rest)) = undone.split_first() else {
        return store.save(progress);
    };
    let mut snapshot = store.save_undone(progress, first)?;
    for undo in rest {
        let next = store.save_undone(&snapshot.progress, undo)?;
        snapshot = crate::progress::store::Snapshot {
            notice: snapshot.notice.or(next.notice),
            ..next
        };
    }
    Ok(snapshot)
}
