//! Saved progress: what was read, answered and scored ([`model`]), and how it is kept on disk
//! safely: atomic writes, a lock and a merge between instances, bad files moved aside, never
//! overwritten ([`store`]). No terminal code; the UI shows [`Notice`]s and save errors.
pub mod model;
pub mod store;
pub mod time;

pub use model::{
    AnswerRecord, CardState, Progress, QuestionRecord, QuizAttempt, ReadState, StoredResponse,
};
pub use store::{DATA_DIR_ENV, Store, StoreError, resolve_data_dir};
pub use time::Timestamp;
