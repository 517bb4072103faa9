//! The interactive tutor's screens: for each, its state, what its keys do, and the view models its
//! draw reads. `tui` feeds events in through [`update`] and performs the [`state::Effect`]s that
//! come back (saving, suspending); `ui` draws the state. Nothing here touches the terminal, writes
//! to disk or reads the clock (only `App::new`, called by the shell, stamps the start): the shell
//! stamps each event with [`state::App::clock`] and [`state::App::instant`] first, so every update
//! is a plain function of state, event and time.
//!
//! One module per screen: `course_map`, `reader`, `quiz` (answering), `results` (the end of a
//! quiz), `drill` (a quiz over the scheduler's queue), `progress`, `sim`, `slides` (presenter, with
//! `class`: its view of a live class served over SSH),
//! and the overlays `help` and `problems`. Shared pieces: `keymap` (the one key table, which also
//! generates the help overlay and every footer), `line_input` (the one line editor), `search`
//! (reader search), `state` (the `App` that holds whichever screen is on top).
//!
//! # Adding a key
//! 1. Add an [`keymap::Action`] variant if no existing one fits, and a row to
//!    [`keymap::BINDINGS`] in the screen's [`keymap::Context`] with the words the help shows.
//!    `keymap`'s tests fail if the key is already bound in that context.
//! 2. Handle the action in the screen module's `apply(app, action)`; ask for a save with
//!    `app.request_save()` rather than saving.
//! 3. If it belongs in the footer, add a hint to that screen's list in [`keymap::footers`]: the
//!    keys shown are looked up in the table, and a test fails if the action has no key there.
//! 4. Add a test that presses the key and checks what changed (see `tests.rs`), and a snapshot if
//!    the screen looks different (`ui/tests.rs`, at 80x24 and 160x48).
//!
//! # Adding a screen
//! 1. A module here with the screen's state struct and `pub fn apply(app: &mut App, action:
//!    Action)`; if it has a text field, a `LineInput` and a `fn ..._input(app, key) -> bool` that
//!    `update::text_input` calls first.
//! 2. A variant of [`state::Screen`] holding the state, a [`keymap::Context`], and the arms in
//!    `update::context`, `update::dispatch` (and `update::on_tick` / `App::animating` if it moves
//!    by itself; the shell then ticks at the configured frame rate).
//! 3. Anything its draw needs that costs a query (the scheduler, the progress store) goes into a
//!    view model computed after updates (like `progress::ScheduleView`), never in the draw.
//! 4. A draw function in `ui/` that reads the state and view model; the chrome draws the status
//!    line for it, and its footer comes from `keymap::footers`.
pub mod class;
pub mod course_map;
pub mod drill;
pub mod help;
#[cfg(test)]
mod key_walk;
pub mod keymap;
pub mod line_input;
pub mod observe;
pub mod problems;
pub mod progress;
pub mod quiz;
pub mod quiz_body;
pub mod reader;
pub mod results;
pub mod search;
pub mod sim;
pub mod slides;
pub mod state;
#[cfg(test)]
mod tests;
pub mod update;
pub mod wrap;
