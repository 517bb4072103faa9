//! Asking quizzes: grading responses ([`grade`](mod@grade)), the seeded presentation order ([`shuffle`]) and
//! the state of one sitting ([`session`]). Pure logic over [`crate::content`]: no terminal, no
//! clock, no files, so all of it is tested directly.
pub mod describe;
pub mod generate;
pub mod grade;
pub mod session;
pub mod shuffle;
pub mod spread;

#[cfg(test)]
pub use grade::grade;
pub use grade::{Outcome, Response, parse_answer};
pub use session::{Answered, Current, Session, Summary};
pub use shuffle::{Permutation, random_seed};
