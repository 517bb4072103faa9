//! Asking quizzes: grading responses ([`grade`](mod@grade)), the seeded presentation order ([`shuffle`]) and
//! the state of one sitting ([`session`]). Pure logic over [`crate::content`]: no terminal, no
//! clock, no files, so all of it is tested directly.
pub mod describe;
pub mod generate;
pub mod grade;
pub mod session;
pub mod shuffle;

/// The scheduler's old path, kept only for `src/app` and `src/ui` until the interactive-layer
/// rework imports [`crate::progress::drill`] directly; delete it then (it is the one `quiz` →
/// `progress` import left).
pub use crate::progress::drill;

#[cfg(test)]
pub use grade::grade;
pub use grade::{Outcome, Response, parse_answer};
pub use session::{Answered, Current, Session, Summary};
pub use shuffle::{Permutation, random_seed};
