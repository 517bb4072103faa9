//! The interactive tutor's state and actions; `tui` feeds it events and `ui` draws it.
pub mod keymap;
pub mod quiz;
pub mod quiz_update;
pub mod search;
pub mod sim;
pub mod slides;
pub mod state;
#[cfg(test)]
mod tests;
pub mod update;
