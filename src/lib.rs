//! cloudtutor: an interactive terminal tutor for cloud computing.
//!
//! The core (`content`, `markdown`, `quiz`, `sim`, `progress`) is plain Rust with no terminal in
//! it; `screens` holds each screen's state and how keys change it; `ui` draws; `tui` owns the
//! terminal and the event loop; `cli` parses the command line and dispatches.
pub mod cli;
pub mod content;
pub mod markdown;
pub mod progress;
pub mod quiz;
pub mod screens;
pub mod sim;
pub mod tui;
pub mod ui;
