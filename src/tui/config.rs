//! What the interactive tutor needs to start, as plain typed data. The CLI builds one
//! [`TuiConfig`] from its flags and the environment; nothing below `cli/` sees clap types.
use std::path::PathBuf;
use std::time::Duration;

use crate::content::ContentSource;
use crate::progress::StoreError;
use crate::progress::plan::PlanOptions;
use crate::ui::theme::{Theme, ThemeName};

/// Frames per second while something moves on its own (a running simulation): the rate the
/// simulation's per-frame compute budget is sized for.
pub const SIM_FPS: u32 = crate::screens::sim::FPS as u32;

/// The screen the tutor opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The course map.
    Home,
    /// A quiz, by id (`cloudtutor quiz QUIZ`).
    Quiz(String),
    /// A lesson as slides, by id (`cloudtutor present LESSON`).
    Present(String),
    /// A live simulation (`cloudtutor sim MODEL`), with `--set` parameters as `(key, value)`.
    Sim {
        model: String,
        params: Vec<(String, String)>,
    },
    /// A drill (`cloudtutor drill`): optionally timed in minutes, with the plan's options
    /// (`--limit`, `--cram [--lesson ID]... [--missed]`).
    Drill {
        minutes: Option<u32>,
        options: PlanOptions,
    },
}

/// How to serve a presentation to a live class (`present --serve`): plain values from the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serve {
    /// TCP port (0: any free one).
    pub port: u16,
    /// Address to listen on (`0.0.0.0`: every IPv4 address of the machine).
    pub bind: std::net::IpAddr,
    /// The class code; random 4 digits when `None`.
    pub code: Option<String>,
    /// Students at most; one more is refused with a message.
    pub max_students: usize,
    /// No names on the projector or in the results.
    pub anonymous: bool,
}

/// Everything the tutor is started with.
#[derive(Debug)]
pub struct TuiConfig {
    /// The `--theme` the learner picked.
    pub theme: ThemeName,
    /// `NO_COLOR` was set (non-empty): no colour whatever the theme.
    pub no_color: bool,
    /// Where lessons and quizzes come from.
    pub content: ContentSource,
    /// Where progress is kept, or why no place could be found (the tutor then runs without saving).
    pub data_dir: Result<PathBuf, StoreError>,
    /// `--seed`: repeats quiz orders and simulation runs.
    pub seed: Option<u64>,
    /// The first screen.
    pub start: Start,
    /// Time between frames while something animates (1/[`SIM_FPS`] s by default).
    pub frame_interval: Duration,
    /// Serve the presentation to a live class over SSH (`present --serve`).
    pub serve: Option<Serve>,
}

impl TuiConfig {
    /// The theme to draw with: NO_COLOR wins over `--theme`.
    pub fn theme(&self) -> Theme {
        Theme::pick(self.theme, self.no_color)
    }
}
