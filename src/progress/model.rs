//! What the tutor remembers about a learner, as plain serde data.
//!
//! Format: JSON (`progress.json`), chosen over TOML because the file is written by the program,
//! not by people: answer histories are arrays of nested records with optional values (`null` for
//! an unplaced match item), which TOML cannot express (it has no null) and renders verbosely
//! (`[[questions."iam/q1".answers]]`). serde_json is already a dependency and its errors carry a
//! line and column for the "moved aside" notice.
//!
//! Compatibility rules, so old files stay readable and newer files are not damaged:
//! * `version` is the *major* format version ([`FORMAT_VERSION`]). It changes only for a change an
//!   older build would misread; a file with a higher version is moved aside, not guessed at.
//! * Adding a field is not a version change: every struct is `#[serde(default)]`, so missing
//!   fields take defaults.
//! * Unknown fields (written by a newer build of the same version) are kept in each struct's
//!   `extra` map and written back, so an older build never erases what a newer one stored.
//!   Unknown enum values are tolerated the same way ([`ReadState`] falls back to `reading`,
//!   [`StoredResponse::Unknown`] keeps an answer of a kind this build does not know).
use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::class_record::ClassRecord;
use super::time::Timestamp;
use crate::quiz::{Outcome, Response, Summary};

/// The major version of the progress file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Unknown fields of one record, preserved across a load/save by an older build.
pub type Extra = BTreeMap<String, Value>;

/// Everything saved: per lesson, per quiz and per question (keyed `QUIZ/QUESTION`). Maps are
/// `BTreeMap`s so the file is written in a stable order and diffs stay small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Major format version; see the module docs.
    pub version: u32,
    pub lessons: BTreeMap<String, LessonProgress>,
    pub quizzes: BTreeMap<String, QuizProgress>,
    pub questions: BTreeMap<String, QuestionRecord>,
    /// The learner's drill settings; left out of the file while every one is at its default.
    #[serde(skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// Live classes taught from this machine, by class-session id (see [`ClassRecord`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub classes: BTreeMap<String, ClassRecord>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Drill settings a learner chose once and that later sessions remember (`drill --new-per-day
/// N` stores its value here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// At most this many never-answered questions are introduced per local calendar day;
    /// `None` means the built-in default ([`super::drill::NEW_PER_DRILL`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_per_day: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Settings {
    /// Whether nothing was ever set (so the file needs no `settings` key).
    pub fn is_default(&self) -> bool {
        self.new_per_day.is_none() && self.extra.is_empty()
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            lessons: BTreeMap::new(),
            quizzes: BTreeMap::new(),
            questions: BTreeMap::new(),
            settings: Settings::default(),
            classes: BTreeMap::new(),
            extra: Extra::new(),
        }
    }
}

/// How far a lesson has been read. Ordered, so merging takes the furthest state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadState {
    #[default]
    Unread,
    /// Opened but not finished.
    Reading,
    Done,
}

impl<'de> Deserialize<'de> for ReadState {
    /// `unread`, `reading`, `done`; any other state (from a newer build) reads as `reading`:
    /// the lesson was at least opened, and the file stays readable.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(match name.as_str() {
            "unread" => ReadState::Unread,
            "done" => ReadState::Done,
            _ => ReadState::Reading,
        })
    }
}

/// Reading progress of one lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    pub state: ReadState,
    /// Fraction of the lesson scrolled past, `0.0..=1.0`: survives a resized terminal, which
    /// changes line counts.
    pub position: f32,
    /// Anchor of the heading last in view: survives edits to the lesson above it better than a
    /// fraction, so the reader prefers it when it still exists.
    pub anchor: Option<String>,
    /// When the lesson was last opened; the later one wins the position when two instances merge.
    pub last_opened: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Results of one quiz.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuizProgress {
    /// Best session score, `0.0..=1.0`.
    pub best_score: f32,
    /// Every finished sitting, oldest first. A list rather than a counter so two instances'
    /// attempts merge without loss (a counter cannot be merged).
    pub attempts: Vec<QuizAttempt>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl QuizProgress {
    /// How many times the quiz was finished.
    pub fn attempt_count(&self) -> usize {
        self.attempts.len()
    }
}

/// One finished sitting of a quiz.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuizAttempt {
    /// When it finished (the merge key).
    pub at: Timestamp,
    pub score: f32,
    pub correct: u32,
    pub total: u32,
    pub seconds: f32,
    #[serde(flatten)]
    pub extra: Extra,
}

impl QuizAttempt {
    /// Records a session's summary, finished at `at`.
    pub fn from_summary(at: Timestamp, summary: &Summary) -> Self {
        QuizAttempt {
            at,
            score: summary.score,
            correct: u32::try_from(summary.correct).unwrap_or(u32::MAX),
            total: u32::try_from(summary.total).unwrap_or(u32::MAX),
            seconds: summary.duration.as_secs_f32(),
            extra: Extra::new(),
        }
    }
}

/// Everything known about one question: its answer history and, later, its spaced-repetition
/// card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionRecord {
    /// Every answer, oldest first, unique by time.
    pub answers: Vec<AnswerRecord>,
    /// Scheduler state (FSRS), `None` until the drill scheduler first reviews the question.
    pub card: Option<CardState>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Spaced-repetition state of one question, as the drill scheduler ([`super::drill`])
/// leaves it after each review. The fields mirror an FSRS card so the scheduler can resume from
/// them; every field has a default so a file written before the scheduler existed (`"card": {}`)
/// still loads, and unknown fields are kept in `extra`.
/// Because the card is derivable from the answer history, a scheduler can rebuild it after a
/// merge instead of trusting either side (the drill scheduler does, when `reps` disagrees with
/// the number of answers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CardState {
    /// Days until the chance of recalling the answer falls to 90%: how well it is known.
    /// Stored `null` if it ever were not finite (JSON has no NaN), read back as 0 (a new card).
    #[serde(with = "finite_or_zero")]
    pub stability: f64,
    /// How hard the question is for this learner, 1 (easy) to 10 (hard).
    #[serde(with = "finite_or_zero")]
    pub difficulty: f64,
    /// When the question should be asked again.
    pub due: Timestamp,
    /// When it was last reviewed; `None` for a card never reviewed.
    pub last_review: Option<Timestamp>,
    /// Reviews so far (every answer counts, right or wrong).
    pub reps: u32,
    /// Times the answer was forgotten: a wrong answer at any review after the first.
    pub lapses: u32,
    /// Where the card is in its life.
    pub state: CardPhase,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The phase of a spaced-repetition card. Written as `new`, `learning`, `review`, `relearning`;
/// an unknown name (from a newer build) reads as `review`, the phase that trusts the stored
/// stability, so the file stays readable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardPhase {
    /// Never reviewed.
    #[default]
    New,
    /// Being learned (short steps); the drill scheduler does not use short steps today.
    Learning,
    /// Learned; reviewed at growing intervals.
    Review,
    /// Forgotten and being learned again.
    Relearning,
}

impl<'de> Deserialize<'de> for CardPhase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(match name.as_str() {
            "new" => CardPhase::New,
            "learning" => CardPhase::Learning,
            "relearning" => CardPhase::Relearning,
            _ => CardPhase::Review,
        })
    }
}

/// JSON has no NaN: a non-finite card value is written as `null` and `null` reads back as 0, so a
/// bad number can never make the progress file unreadable (the scheduler treats 0 stability as
/// a card to start over).
mod finite_or_zero {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            s.serialize_f64(*value)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?
            .filter(|v| v.is_finite())
            .unwrap_or(0.0))
    }
}

/// One answer to a question.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerRecord {
    /// When it was answered: with the question id, the merge key.
    pub at: Timestamp,
    /// What was answered, in original indices.
    pub response: StoredResponse,
    pub correct: bool,
    /// Partial credit, `0.0..=1.0`.
    pub score: f32,
    /// Time taken, in seconds.
    pub seconds: f32,
    /// Why the question was asked; absent from the file for an ordinary (scheduled) answer, so
    /// files of earlier builds read unchanged.
    #[serde(skip_serializing_if = "Practice::is_review")]
    pub practice: Practice,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why an answer was given, which decides whether it moves the question's scheduler card.
/// Written as `relearn` or `cram`; an unknown name (from a newer build) reads as `cram`, the
/// reading that leaves the schedule alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Practice {
    /// A quiz answer or the first answer to a drill question: reviewed by the scheduler.
    #[default]
    Review,
    /// A retry in the same drill after a wrong answer: the lapse was already counted by the
    /// wrong answer, so retries are history only (one lapse however many retries).
    Relearn,
    /// An answer in a cram session (practice before an exam): history only, the schedule is
    /// left exactly as it was.
    Cram,
}

impl Practice {
    /// Whether this is an ordinary scheduled answer (the default, not written to the file).
    pub fn is_review(&self) -> bool {
        *self == Practice::Review
    }
}

impl<'de> Deserialize<'de> for Practice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(match name.as_str() {
            "review" => Practice::Review,
            "relearn" => Practice::Relearn,
            _ => Practice::Cram,
        })
    }
}

impl AnswerRecord {
    /// Records an answer graded by [`crate::quiz::grade()`] (e.g. from a session's `answered()`).
    pub fn new(at: Timestamp, response: Response, outcome: &Outcome, elapsed: Duration) -> Self {
        AnswerRecord {
            at,
            response: StoredResponse::Known(response),
            correct: outcome.correct,
            score: outcome.score,
            seconds: elapsed.as_secs_f32(),
            practice: Practice::Review,
            extra: Extra::new(),
        }
    }
}

/// A saved response: one this build understands, or one it does not (a question kind added by
/// a newer build), kept as raw JSON so it is written back unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredResponse {
    Known(Response),
    Unknown(Value),
}

impl Default for StoredResponse {
    fn default() -> Self {
        StoredResponse::Unknown(Value::Null)
    }
}

impl StoredResponse {
    /// The response, if this build understands it.
    pub fn known(&self) -> Option<&Response> {
        match self {
            StoredResponse::Known(r) => Some(r),
            StoredResponse::Unknown(_) => None,
        }
    }
}

impl Progress {
    /// Empty progress at the current format version.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a lesson opened at `at` (unread becomes reading).
    pub fn open_lesson(&mut self, lesson: &str, at: Timestamp) {
        let l = self.lessons.entry(lesson.to_string()).or_default();
        l.state = l.state.max(ReadState::Reading);
        l.last_opened = Some(l.last_opened.map_or(at, |t| t.max(at)));
    }

    /// Remembers where the learner is in a lesson. `position` is clamped to `0.0..=1.0`.
    pub fn set_reading_position(
        &mut self,
        lesson: &str,
        position: f32,
        anchor: Option<String>,
        at: Timestamp,
    ) {
        self.open_lesson(lesson, at);
        if let Some(l) = self.lessons.get_mut(lesson) {
            l.position = clamp_unit(position);
            l.anchor = anchor;
        }
    }

    /// Marks a lesson read to the end.
    pub fn finish_lesson(&mut self, lesson: &str, at: Timestamp) {
        self.open_lesson(lesson, at);
        if let Some(l) = self.lessons.get_mut(lesson) {
            l.state = ReadState::Done;
        }
    }

    /// Adds an answer to a question's history (`question` is `QUIZ/QUESTION`). An answer with
    /// the same time as one already there is the same answer and is not added twice.
    pub fn record_answer(&mut self, question: &str, record: AnswerRecord) {
        let q = self.questions.entry(question.to_string()).or_default();
        insert_by_time(&mut q.answers, record, |a| a.at);
    }

    /// Adds a finished sitting of a quiz and updates its best score.
    pub fn record_attempt(&mut self, quiz: &str, attempt: QuizAttempt) {
        let q = self.quizzes.entry(quiz.to_string()).or_default();
        q.best_score = q.best_score.max(clamp_unit(attempt.score));
        insert_by_time(&mut q.attempts, attempt, |a| a.at);
    }

    /// Merges progress written by another instance into this one without losing anything:
    /// answer histories and attempts are unions (keyed by time), best scores and reading states
    /// take the maximum, and a lesson's position comes from whichever side opened it last (this
    /// side on a tie). Unknown fields are kept, this side's first. Idempotent: merging the
    /// same progress twice changes nothing.
    pub fn merge(&mut self, other: &Progress) {
        for (id, theirs) in &other.lessons {
            match self.lessons.get_mut(id) {
                None => {
                    self.lessons.insert(id.clone(), theirs.clone());
                }
                Some(ours) => {
                    ours.state = ours.state.max(theirs.state);
                    if theirs.last_opened > ours.last_opened {
                        ours.position = theirs.position;
                        ours.anchor = theirs.anchor.clone();
                        ours.last_opened = theirs.last_opened;
                    }
                    merge_extra(&mut ours.extra, &theirs.extra);
                }
            }
        }
        for (id, theirs) in &other.quizzes {
            let ours = self.quizzes.entry(id.clone()).or_default();
            ours.best_score = ours.best_score.max(theirs.best_score);
            for a in &theirs.attempts {
                insert_by_time(&mut ours.attempts, a.clone(), |a| a.at);
            }
            merge_extra(&mut ours.extra, &theirs.extra);
        }
        for (id, theirs) in &other.questions {
            let ours = self.questions.entry(id.clone()).or_default();
            for a in &theirs.answers {
                insert_by_time(&mut ours.answers, a.clone(), |a| a.at);
            }
            if ours.card.is_none() {
                ours.card = theirs.card.clone();
            }
            merge_extra(&mut ours.extra, &theirs.extra);
        }
        if self.settings.new_per_day.is_none() {
            self.settings.new_per_day = other.settings.new_per_day;
        }
        merge_extra(&mut self.settings.extra, &other.settings.extra);
        // A class record is written whole by the one instance that taught it; the later one wins.
        for (id, theirs) in &other.classes {
            match self.classes.get(id) {
                Some(ours) if ours.at >= theirs.at => {}
                _ => {
                    self.classes.insert(id.clone(), theirs.clone());
                }
            }
        }
        merge_extra(&mut self.extra, &other.extra);
    }

    /// Puts every value back in range and every history in order, so what is written can always
    /// be read back (JSON cannot hold NaN) and merges can rely on sorted histories.
    pub fn sanitize(&mut self) {
        self.version = FORMAT_VERSION;
        for l in self.lessons.values_mut() {
            l.position = clamp_unit(l.position);
        }
        for q in self.quizzes.values_mut() {
            q.best_score = clamp_unit(q.best_score);
            for a in &mut q.attempts {
                a.score = clamp_unit(a.score);
                a.seconds = clamp_seconds(a.seconds);
            }
            sort_dedup_by_time(&mut q.attempts, |a| a.at);
        }
        for q in self.questions.values_mut() {
            for a in &mut q.answers {
                a.score = clamp_unit(a.score);
                a.seconds = clamp_seconds(a.seconds);
            }
            sort_dedup_by_time(&mut q.answers, |a| a.at);
        }
    }
}

fn clamp_unit(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

fn clamp_seconds(x: f32) -> f32 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

fn insert_by_time<T>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> Timestamp) {
    let k = key(&item);
    if let Err(i) = list.binary_search_by_key(&k, &key) {
        list.insert(i, item);
    }
}

fn sort_dedup_by_time<T>(list: &mut Vec<T>, key: impl Fn(&T) -> Timestamp) {
    list.sort_by_key(&key);
    list.dedup_by_key(|a| key(a));
}

fn merge_extra(ours: &mut Extra, theirs: &Extra) {
    for (k, v) in theirs {
        ours.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::quiz::grade::{Detail, grade};

    fn t(ms: i64) -> Timestamp {
        Timestamp::from_unix_millis(1_795_874_592_000 + ms)
    }

    fn answer(at: Timestamp, choice: usize) -> AnswerRecord {
        let kind = Kind::Single {
            choices: vec!["a".into(), "b".into()],
            answer: 1,
        };
        let response = Response::Single { choice };
        let outcome = grade(&kind, &response);
        AnswerRecord::new(at, response, &outcome, Duration::from_millis(3500))
    }

    fn sample() -> Progress {
        let mut p = Progress::new();
        p.set_reading_position("iam", 0.4, Some("policies".into()), t(0));
        p.finish_lesson("vpc", t(1));
        p.record_answer("iam/q1", answer(t(2), 1));
        p.record_answer("iam/q1", answer(t(3), 0));
        p.record_answer(
            "iam/q2",
            AnswerRecord::new(
                t(4),
                Response::Numeric { value: f64::NAN },
                &Outcome {
                    correct: false,
                    score: 0.0,
                    detail: Detail::Plain,
                },
                Duration::ZERO,
            ),
        );
        p.record_attempt(
            "iam",
            QuizAttempt {
                at: t(5),
                score: 0.75,
                correct: 3,
                total: 4,
                seconds: 40.0,
                extra: Extra::new(),
            },
        );
        p
    }

    #[test]
    fn json_round_trip() {
        let p = sample();
        let json = serde_json::to_string_pretty(&p).unwrap();
        let back: Progress = serde_json::from_str(&json).unwrap();
        // NaN != NaN: compare through JSON again.
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json);
        assert_eq!(back.lessons["iam"].state, ReadState::Reading);
        assert_eq!(back.lessons["vpc"].state, ReadState::Done);
        assert_eq!(back.questions["iam/q1"].answers.len(), 2);
        assert_eq!(back.quizzes["iam"].best_score, 0.75);
    }

    #[test]
    fn old_and_sparse_files_read_with_defaults() {
        let p: Progress = serde_json::from_str(r#"{"version":1}"#).unwrap();
        assert_eq!(p, Progress::new());
        let p: Progress = serde_json::from_str(
            r#"{"version":1,"lessons":{"iam":{"state":"done"}},"questions":{"a/b":{"answers":[{"at":1795874592}]}}}"#,
        )
        .unwrap();
        assert_eq!(p.lessons["iam"].state, ReadState::Done);
        assert_eq!(p.lessons["iam"].position, 0.0);
        assert_eq!(p.questions["a/b"].answers[0].at, t(0));
    }

    #[test]
    fn unknown_fields_and_values_survive_a_round_trip() {
        let text = r#"{
          "version": 1,
          "theme": "dark",
          "lessons": {"iam": {"state": "skimmed", "zoom": 2}},
          "questions": {"a/b": {
            "answers": [{"at": "2026-11-28T14:03:12.000Z", "response": {"kind": "hotspot", "x": 3}, "confidence": "high"}],
            "card": {"stability": 2.5, "due": "2026-12-01T00:00:00Z"}
          }}
        }"#;
        let p: Progress = serde_json::from_str(text).unwrap();
        assert_eq!(p.lessons["iam"].state, ReadState::Reading);
        assert_eq!(p.extra["theme"], "dark");
        let a = &p.questions["a/b"].answers[0];
        assert!(a.response.known().is_none());
        assert_eq!(a.extra["confidence"], "high");
        let written = serde_json::to_value(&p).unwrap();
        assert_eq!(written["theme"], "dark");
        assert_eq!(written["lessons"]["iam"]["zoom"], 2);
        assert_eq!(
            written["questions"]["a/b"]["answers"][0]["response"]["kind"],
            "hotspot"
        );
        assert_eq!(written["questions"]["a/b"]["card"]["stability"], 2.5);
    }

    #[test]
    fn merge_is_a_lossless_union() {
        let base = sample();
        let mut a = base.clone();
        let mut b = base.clone();
        a.record_answer("iam/q1", answer(t(10), 1));
        a.set_reading_position("iam", 0.9, Some("roles".into()), t(20));
        b.record_answer("iam/q1", answer(t(11), 0));
        b.record_answer("s3/q1", answer(t(12), 1));
        b.set_reading_position("iam", 0.1, None, t(15));
        b.finish_lesson("iam", t(14));
        b.record_attempt(
            "iam",
            QuizAttempt {
                at: t(13),
                score: 1.0,
                ..QuizAttempt::default()
            },
        );
        let mut ab = a.clone();
        ab.merge(&b);
        let q1: Vec<i64> = ab.questions["iam/q1"]
            .answers
            .iter()
            .map(|a| a.at.unix_millis() - t(0).unix_millis())
            .collect();
        assert_eq!(q1, vec![2, 3, 10, 11]);
        assert!(ab.questions.contains_key("s3/q1"));
        assert_eq!(ab.lessons["iam"].state, ReadState::Done);
        assert_eq!(ab.lessons["iam"].position, 0.9, "later opening wins");
        assert_eq!(ab.lessons["iam"].anchor.as_deref(), Some("roles"));
        assert_eq!(ab.quizzes["iam"].best_score, 1.0);
        assert_eq!(ab.quizzes["iam"].attempt_count(), 2);

        // Compared as JSON: the sample holds a NaN answer, and NaN != NaN.
        let json = |p: &Progress| serde_json::to_value(p).unwrap();
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(json(&ab), json(&ba), "merge order does not matter here");
        let mut again = ab.clone();
        again.merge(&b);
        again.merge(&a);
        assert_eq!(json(&again), json(&ab), "merge is idempotent");
    }

    #[test]
    fn sanitize_makes_everything_writable() {
        let mut p = sample();
        p.lessons.get_mut("iam").unwrap().position = f32::NAN;
        p.quizzes.get_mut("iam").unwrap().best_score = 7.0;
        let q = p.questions.get_mut("iam/q1").unwrap();
        q.answers[0].seconds = f32::INFINITY;
        q.answers.push(q.answers[0].clone());
        q.answers.reverse();
        p.sanitize();
        assert_eq!(p.lessons["iam"].position, 0.0);
        assert_eq!(p.quizzes["iam"].best_score, 1.0);
        let answers = &p.questions["iam/q1"].answers;
        assert_eq!(answers.len(), 2);
        assert!(answers[0].at < answers[1].at);
        assert_eq!(answers[0].seconds, 0.0);
        let json = serde_json::to_string(&p).unwrap();
        assert!(serde_json::from_str::<Progress>(&json).is_ok());
    }
}
