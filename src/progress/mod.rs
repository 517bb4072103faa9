//! Saved progress: what was read, answered and scored ([`model`]), and how it is kept on disk
//! safely: atomic writes, a lock and a merge between instances, bad files moved aside, never
//! overwritten ([`store`]). No terminal code; the UI shows [`Notice`]s and save errors.
pub mod class_record;
pub mod days;
pub mod drill;
pub mod forecast;
pub mod model;
pub mod plan;
pub mod store;
pub mod time;

pub use class_record::ClassRecord;
#[cfg(any(feature = "classroom", test))]
pub use class_record::{ClassAnswer, ClassQuestionRecord};
pub use model::{
    AnswerRecord, CardState, Practice, Progress, QuestionRecord, QuizAttempt, ReadState,
    StoredResponse,
};
pub use store::{DATA_DIR_ENV, Store, StoreError, resolve_data_dir};
pub use time::Timestamp;
