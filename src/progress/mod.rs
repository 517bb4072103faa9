//! Saved progress: what was read, answered and scored ([`model`]), and how it is kept on disk
//! safely: atomic writes, a lock and a merge between instances, bad files moved aside, never
//! overwritten ([`store`]). No terminal code; the UI shows [`Notice`]s and save errors.
pub mod class_record;
pub mod model;
pub mod store;
pub mod time;

pub use class_record::{ClassAnswer, ClassQuestionRecord, ClassRecord, RoundReport};
pub use model::{
    AnswerRecord, CardState, FORMAT_VERSION, LessonProgress, Progress, QuestionRecord, QuizAttempt,
    QuizProgress, ReadState, StoredResponse,
};
pub use store::{
    DATA_DIR_ENV, Notice, Problem, Snapshot, Store, StoreError, platform_data_dir, resolve_data_dir,
};
pub use time::Timestamp;
