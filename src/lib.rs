//! cloudtutor: an interactive terminal tutor for cloud computing.
//!
//! The core (`content`, `markdown`, `quiz`, `sim`) is plain Rust with no terminal in it; `app` holds
//! state and actions; `ui` draws; `cli` is the thin shell that dispatches commands.
pub mod app;
#[cfg(feature = "classroom")]
pub mod classroom;
pub mod cli;
pub mod content;
pub mod markdown;
pub mod progress;
pub mod quiz;
pub mod sim;
pub mod ui;
