//! cloudtutor: an interactive terminal tutor for cloud computing.
//!
//! The core (`content`, `markdown`, `quiz`, `sim`, `progress`) is plain Rust with no terminal in
//! it; `screens` holds each screen's state and how keys change it; `ui` draws; `tui` owns the
//! terminal and the event loop; `cli` parses the command line and dispatches. Imports between
//! these folders go one way: `cli` → `tui` → `ui` → `screens` → the core.
//!
//! The library's public API is narrow on purpose: only [`main`] and what the benches, the fuzz
//! targets and the integration tests use ([`api`]). Everything else is private to the crate, so
//! rustc's dead-code lint sees every unused item.
#[cfg(feature = "classroom")]
mod classroom;
mod cli;
mod content;
mod markdown;
mod progress;
mod quiz;
mod screens;
mod sim;
#[cfg(test)]
mod testkit;
mod tui;
mod ui;

pub use cli::main;

/// What benches, fuzz targets and integration tests reach, under the paths of the modules that
/// define it.
pub mod api {
    /// The course: loading and validating lessons and quizzes.
    pub mod content {
        pub use crate::content::{Catalog, ContentSource, Kind, MatchItem, Question, Quiz};

        /// Course files given as bytes (what the fuzz targets feed in).
        pub mod source {
            pub use crate::content::source::{RawCourse, RawFile};
        }

        /// Sim blocks' `expect` lines, run headless (what `check` does).
        pub use crate::content::expectations;

        /// Advice `check` gives authors (warnings that do not fail it).
        pub mod lint {
            pub use crate::content::lint::warnings;
        }

        /// Question kinds.
        pub mod quiz {
            pub use crate::content::quiz::KIND_NAMES;
        }
    }

    /// Markdown parsed into a model and rendered for the terminal.
    pub mod markdown {
        pub use crate::markdown::{
            MIN_WIDTH, RenderOptions, Styles, parse, render, to_plain_string,
        };

        /// What may never reach the terminal from content.
        pub mod sanitize {
            pub use crate::markdown::sanitize::is_forbidden;
        }
    }

    /// Quiz sessions: order, grading.
    pub mod quiz {
        pub use crate::quiz::{Current, Session};
    }

    /// The learner's progress.
    pub mod progress {
        pub use crate::progress::{Practice, Progress, Store, Timestamp};
    }

    /// The simulations, headless.
    pub mod sim {
        pub use crate::sim::{
            MODELS, Model, Sim, check_param, parse_assignments, resolve_params, run_headless,
        };

        /// `expect PATH OP VALUE` lines of sim blocks.
        pub mod expect {
            pub use crate::sim::expect::Expectation;
        }

        /// A simulation advanced step by step, as the live view runs it.
        pub mod live {
            pub use crate::sim::live::LiveSim;
        }

        /// The parameter tables.
        pub mod params {
            pub use crate::sim::params::markdown_table;
        }
    }

    /// `cloudtutor sim`, callable from a bench.
    pub mod cli {
        /// The `sim` command.
        pub mod sim {
            pub use crate::cli::sim::{SimArgs, run};
        }
    }

    /// The live classroom: the SSH server a class joins, driven as the presenter drives it (for the
    /// end-to-end tests, the load test and the student-input fuzz target).
    #[cfg(feature = "classroom")]
    pub mod classroom {
        pub use crate::classroom::{ClassConfig, ClassEvent, ClassHandle, Tally};

        /// The class as plain data.
        pub mod class {
            pub use crate::classroom::class::{Class, ClassSettings};
        }

        /// Student keystrokes from raw SSH bytes.
        pub mod input {
            pub use crate::classroom::input::{KeyReader, StudentKey};
        }

        /// One student's screen.
        pub mod student {
            pub use crate::classroom::student::StudentApp;
        }

        /// Class records in the progress store.
        pub mod record {
            pub use crate::classroom::record::save;
        }
    }

    /// The interactive tutor without a terminal: a state, an update, a draw (for the frame bench).
    pub mod tutor {
        pub use crate::screens::reader::open_lesson;
        pub use crate::screens::state::App;
        pub use crate::ui::draw;
        pub use crate::ui::theme::Theme;
    }
}
