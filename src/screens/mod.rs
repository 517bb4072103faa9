//! The interactive tutor's state and actions; `tui` feeds it events and `ui` draws it.
pub mod course_map;
pub mod drill;
pub mod help;
pub mod keymap;
pub mod line_input;
pub mod problems;
pub mod progress;
pub mod quiz;
pub mod reader;
pub mod results;
pub mod search;
pub mod sim;
pub mod slides;
pub mod state;
#[cfg(test)]
mod tests;
pub mod update;
