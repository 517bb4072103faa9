//! The drill scheduler: when each question should come back, which questions a drill asks, and
//! the learner's streak, accuracy and leeches. Pure: no terminal, no files, and no clock reads
//! (every "now" is an argument), so all of it is tested with fixed times.
//!
//! # Algorithm: FSRS-5 through `rs-fsrs`
//!
//! Each question has a card ([`CardState`]) holding FSRS's memory model: *stability* (days until
//! recall drops to 90%) and *difficulty* (1–10). After every answer the card is reviewed with a
//! [`Rating`] derived from right/wrong and answer time ([`rating_from`]), and the next due date
//! is the interval at which recall is predicted to fall to [`DESIRED_RETENTION`].
//!
//! Why the `rs-fsrs` crate (1.2, FSRS-5, by the Open Spaced Repetition group that maintains FSRS)
//! rather than `fsrs` (6.6, FSRS-6) or our own SM-2, measured on this machine (2 cores, debug
//! build of an empty crate with only that dependency, cold):
//!
//! | crate | crates compiled | build | API |
//! |---|---|---|---|
//! | `fsrs` 6.6.2 | 43 (ndarray, rayon, matrixmultiply, priority-queue, snafu, strum, itertools 0.15, …) | 25.5 s wall, 37.7 s CPU | `next_states(memory, retention, days_elapsed)`: day counts only; we would keep dates, reps, lapses and phase ourselves |
//! | `rs-fsrs` 1.2.1 | 7 (chrono, iana-time-zone, num-traits) | 7.2 s wall, 5.8 s CPU | `FSRS::next(card, now, rating)` over a card with exactly our fields (due, stability, difficulty, reps, lapses, state, last review) |
//!
//! In this project `rs-fsrs` adds 3 crates to the Linux build (`chrono`, `iana-time-zone`,
//! `rs-fsrs`; `num-traits` was already there). FSRS-6 predicts recall slightly better than
//! FSRS-5, but its only in-crate entry point for scheduling drags a parallel array library in
//! for a 20-line formula; FSRS-5 with default weights is far better than SM-2 (which ignores
//! how overdue a review is) and good enough for a course of ~100 questions. The crate's card is
//! only used inside [`review`]: progress files store our own [`CardState`], so switching to
//! FSRS-6 later changes no file.
//!
//! Settings: the *long-term* scheduler (no same-day learning steps: the shortest interval is one
//! day, because a drill is a once-a-day habit and the streak counts days), no fuzz (so the same
//! history always gives the same dates: replayable and testable), 90% desired retention,
//! default FSRS-5 weights. `rs-fsrs` reads the clock once to seed its fuzz generator, which is
//! off, so no result depends on it.
//!
//! The card is derivable from the answer history ([`card_for`] replays it when the stored card
//! disagrees with the history, e.g. after two instances merged their answers, or answers were
//! recorded by a screen that does not schedule), so the history stays the source of truth.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::content::{Catalog, Kind, Question, Quiz};
use crate::progress::model::CardPhase;
use crate::progress::{AnswerRecord, CardState, Progress, QuestionRecord, Timestamp};

/// The recall probability intervals are planned for (FSRS's default): a question comes back
/// when the learner is predicted to have a 90% chance of still knowing it.
pub const DESIRED_RETENTION: f64 = 0.9;

/// New (never answered) questions a drill adds after the due ones, so a first drill is not the
/// whole course at once and reviews are never crowded out by new material.
pub const NEW_PER_DRILL: usize = 10;

/// A question whose card has lapsed this often is a leech.
pub const LEECH_LAPSES: u32 = 4;

/// A question with this many wrong answers among its last [`LEECH_WINDOW`] is a leech too (this
/// catches questions failed in quizzes before they were ever learned, which FSRS does not count
/// as lapses).
pub const LEECH_WRONG: usize = 4;

/// How many recent answers [`LEECH_WRONG`] looks at.
pub const LEECH_WINDOW: usize = 6;

/// An answer faster than this fraction of the expected time counts as effortless ([`Rating::Easy`]).
pub const FAST_FRACTION: f64 = 0.5;

/// An answer slower than this multiple of the expected time counts as laboured ([`Rating::Hard`]).
pub const SLOW_FACTOR: f64 = 2.0;

/// Silent reading speed used for the expected time: 4 words per second (240 words per minute,
/// about the adult average for non-fiction).
pub const WORDS_PER_SECOND: f64 = 4.0;

const DAY_MS: i64 = 86_400_000;

/// How well a question was recalled: FSRS's four grades. The learner never picks one; the
/// tutor derives it from the answer ([`rating_from`]) so a drill stays one keystroke per answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Forgotten: answered wrong.
    Again,
    /// Recalled with effort: right but slow.
    Hard,
    /// Recalled.
    Good,
    /// Recalled effortlessly: right and fast.
    Easy,
}

/// Rates an answer. Why time matters: a right answer that took long was barely recalled and
/// should come back sooner; a fast one was easy and can wait longer.
///
/// * wrong → [`Rating::Again`];
/// * right and slower than [`SLOW_FACTOR`] × `expected_seconds` → [`Rating::Hard`];
/// * right and faster than [`FAST_FRACTION`] × `expected_seconds` → [`Rating::Easy`];
/// * otherwise right → [`Rating::Good`].
///
/// A time that is unknown (0, negative or not finite, e.g. an answer saved before times were
/// recorded) or an unusable expectation gives [`Rating::Good`] for a right answer.
pub fn rating_from(correct: bool, seconds: f64, expected_seconds: f64) -> Rating {
    if !correct {
        return Rating::Again;
    }
    let known = seconds.is_finite()
        && seconds > 0.0
        && expected_seconds.is_finite()
        && expected_seconds > 0.0;
    if !known {
        Rating::Good
    } else if seconds > SLOW_FACTOR * expected_seconds {
        Rating::Hard
    } else if seconds < FAST_FRACTION * expected_seconds {
        Rating::Easy
    } else {
        Rating::Good
    }
}

/// How long a learner who knows the answer should take on `question`, in seconds: the time to
/// read the prompt and every choice or item at [`WORDS_PER_SECOND`], plus a thinking allowance
/// by kind (4 s true/false, 6 s single, 10 s multi, 15 s numeric since it may need arithmetic,
/// 3 s per item to order or match). Why per question: a 40-word ordering question cannot be
/// answered as fast as a 10-word true/false, so one fixed threshold would rate every long
/// question Hard.
pub fn expected_seconds(question: &Question) -> f64 {
    let words = |s: &str| s.split_whitespace().count();
    let mut count = words(&question.prompt);
    let think = match &question.kind {
        Kind::TrueFalse { .. } => 4.0,
        Kind::Single { choices, .. } => {
            count += choices.iter().map(|c| words(c)).sum::<usize>();
            6.0
        }
        Kind::Multi { choices, .. } => {
            count += choices.iter().map(|c| words(c)).sum::<usize>();
            10.0
        }
        Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => 15.0,
        Kind::Order { items } => {
            count += items.iter().map(|c| words(c)).sum::<usize>();
            3.0 * items.len() as f64
        }
        Kind::Match { categories, items } => {
            count += categories.iter().map(|c| words(c)).sum::<usize>();
            count += items.iter().map(|i| words(&i.text)).sum::<usize>();
            3.0 * items.len() as f64
        }
    };
    count as f64 / WORDS_PER_SECOND + think
}

/// Reviews a card (or a question never reviewed, `None`) with `rating` at `now` and returns the
/// new card. Deterministic: the same card, rating and time always give the same result.
///
/// A card that cannot be resumed (stability or difficulty not positive and finite, as after a
/// hand edit) starts over as new, keeping its review and lapse counts. A `now` earlier than the
/// last review (a clock set back) is treated as the last review time, so elapsed time is never
/// negative. Unknown fields of the old card are kept.
pub fn review(card: Option<&CardState>, rating: Rating, now: Timestamp) -> CardState {
    let fsrs = rs_fsrs::FSRS::new(rs_fsrs::Parameters {
        request_retention: DESIRED_RETENTION,
        enable_short_term: false,
        enable_fuzz: false,
        ..rs_fsrs::Parameters::default()
    });
    let now = match card.and_then(|c| c.last_review) {
        Some(last) => now.max(last),
        None => now,
    };
    let info = fsrs.next(to_fsrs(card), to_chrono(now), to_fsrs_rating(rating));
    let next = info.card;
    CardState {
        stability: finite_or(next.stability, 0.0),
        difficulty: finite_or(next.difficulty, 0.0),
        due: from_chrono(next.due),
        last_review: Some(now),
        reps: u32::try_from(next.reps).unwrap_or(0),
        lapses: u32::try_from(next.lapses).unwrap_or(0),
        state: match next.state {
            rs_fsrs::State::New => CardPhase::New,
            rs_fsrs::State::Learning => CardPhase::Learning,
            rs_fsrs::State::Review => CardPhase::Review,
            rs_fsrs::State::Relearning => CardPhase::Relearning,
        },
        extra: card.map(|c| c.extra.clone()).unwrap_or_default(),
    }
}

/// The card a question's answer history leads to: each answer rated with [`rating_from`] (with
/// [`expected_seconds`] of `question`) and reviewed in time order. `None` for no answers.
/// Why: the history is what merges safely between instances; the card is a cache of it.
pub fn replay(question: &Question, answers: &[AnswerRecord]) -> Option<CardState> {
    let expected = expected_seconds(question);
    let mut sorted: Vec<&AnswerRecord> = answers.iter().collect();
    sorted.sort_by_key(|a| a.at);
    sorted.into_iter().fold(None, |card, a| {
        let rating = rating_from(a.correct, f64::from(a.seconds), expected);
        Some(review(card.as_ref(), rating, a.at))
    })
}

/// The card to schedule `question` by: the stored one when it accounts for every answer (its
/// `reps` equals the number of answers), else one rebuilt from the history with [`replay`].
/// `None` for a question never answered. Call this before [`review`] so a new answer builds on
/// the whole history.
pub fn card_for(question: &Question, record: &QuestionRecord) -> Option<CardState> {
    match &record.card {
        Some(card)
            if card.state != CardPhase::New
                && usize::try_from(card.reps).is_ok_and(|r| r == record.answers.len()) =>
        {
            Some(card.clone())
        }
        _ => replay(question, &record.answers),
    }
}

/// The current interval of a card in days (due minus last review), for display ("next in 12
/// days") and tests; 0 for a card never reviewed.
#[cfg(test)]
pub fn interval_days(card: &CardState) -> f64 {
    match card.last_review {
        Some(last) => (card.due.unix_millis() - last.unix_millis()) as f64 / DAY_MS as f64,
        None => 0.0,
    }
}

/// One question a drill should ask.
#[derive(Debug, Clone, PartialEq)]
pub struct DueItem {
    /// `QUIZ/QUESTION`.
    pub id: String,
    /// When it fell due; `None` for a new question (never answered).
    pub due: Option<Timestamp>,
    /// Whole days past due (0 when due today or new): lets a screen say "3 days overdue".
    pub overdue_days: u32,
}

impl DueItem {
    /// Whether this is a question never answered, added to the drill as new material.
    pub fn is_new(&self) -> bool {
        self.due.is_none()
    }
}

/// What a drill asks at `now`, with at most [`NEW_PER_DRILL`] new questions; see
/// [`due_questions_with_limit`].
pub fn due_questions(catalog: &Catalog, progress: &Progress, now: Timestamp) -> Vec<DueItem> {
    due_questions_with_limit(catalog, progress, now, NEW_PER_DRILL)
}

/// What a drill asks at `now`: first every question whose card is due (`due <= now`), most
/// overdue first (then in course order), then up to `new_limit` questions never answered, in
/// course order (lesson order, then quiz id, then question order in the quiz file), so new
/// material arrives in the order it is taught. Questions answered but not yet due are left out.
pub fn due_questions_with_limit(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    new_limit: usize,
) -> Vec<DueItem> {
    let mut due = Vec::new();
    let mut new = Vec::new();
    for (id, _, question) in course_order(catalog) {
        match progress
            .questions
            .get(&id)
            .and_then(|r| card_for(question, r))
        {
            Some(card) if card.due <= now => {
                let late = (now.unix_millis() - card.due.unix_millis()) / DAY_MS;
                due.push(DueItem {
                    id,
                    due: Some(card.due),
                    overdue_days: u32::try_from(late).unwrap_or(u32::MAX),
                });
            }
            Some(_) => {}
            None if new.len() < new_limit => new.push(DueItem {
                id,
                due: None,
                overdue_days: 0,
            }),
            None => {}
        }
    }
    // Stable: equal due times keep course order.
    due.sort_by_key(|d| d.due);
    due.extend(new);
    due
}

/// How many questions are due at `now` in each lesson (by the quizzes that name it), for the
/// home screen's "3 due" badges. New questions are not counted: they are not reviews. Every
/// lesson that has a quiz appears, with 0 when nothing is due, so a screen can show every
/// count without guessing what a missing key means.
pub fn due_counts_per_lesson(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (id, quiz, question) in course_order(catalog) {
        let n = counts.entry(quiz.lesson.clone()).or_insert(0);
        let card = progress
            .questions
            .get(&id)
            .and_then(|r| card_for(question, r));
        if card.is_some_and(|c| c.due <= now) {
            *n += 1;
        }
    }
    counts
}

/// The learner's streak at `today`: how many consecutive UTC days, ending today, have at least
/// one answer (quiz or drill). A streak is not broken until a whole day passes without an
/// answer: with nothing yet today, the streak that ended yesterday still counts (the learner
/// has until midnight UTC to keep it). Why UTC: the progress file stores UTC times and has no
/// time zone; a fixed day boundary keeps the count the same on every machine.
pub fn streak(progress: &Progress, today: Timestamp) -> u32 {
    let days: BTreeSet<i64> = progress
        .questions
        .values()
        .flat_map(|q| &q.answers)
        .map(|a| day_of(a.at))
        .collect();
    let today = day_of(today);
    let mut day = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        day -= 1;
    }
    count
}

fn day_of(t: Timestamp) -> i64 {
    t.unix_millis().div_euclid(DAY_MS)
}

/// Answers and right answers to one lesson's questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Answers fully right.
    pub correct: usize,
    /// All answers, each attempt counted (a question answered twice counts twice).
    pub answered: usize,
}

impl Accuracy {
    /// The fraction right, `None` when nothing was answered (so a screen shows "–", not 0%).
    pub fn ratio(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.correct as f64 / self.answered as f64)
    }
}

/// Accuracy per lesson (topic) over the whole answer history: every answer to a question of a
/// quiz of that lesson, so the learner sees which topics need work. Only lessons with answers
/// appear; answers to questions no longer in the course are ignored.
pub fn accuracy_per_lesson(catalog: &Catalog, progress: &Progress) -> BTreeMap<String, Accuracy> {
    let mut out: BTreeMap<String, Accuracy> = BTreeMap::new();
    for (id, quiz, _) in course_order(catalog) {
        let Some(record) = progress.questions.get(&id) else {
            continue;
        };
        if record.answers.is_empty() {
            continue;
        }
        let acc = out.entry(quiz.lesson.clone()).or_default();
        acc.answered += record.answers.len();
        acc.correct += record.answers.iter().filter(|a| a.correct).count();
    }
    out
}

/// A question the learner keeps failing, with where to reread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leech {
    /// `QUIZ/QUESTION`.
    pub id: String,
    /// The lesson whose quiz holds the question.
    pub lesson: String,
    /// The heading of the lesson section holding the checkpoint for this question, if the lesson
    /// has one; `None` means "from the start of the lesson".
    pub heading: Option<String>,
    /// Lapses of its card (times it was forgotten after being learned).
    pub lapses: u32,
}

/// Questions the learner keeps failing: a card with at least [`LEECH_LAPSES`] lapses, or at
/// least [`LEECH_WRONG`] wrong answers among the last [`LEECH_WINDOW`]. Why: drilling a leech
/// again rarely helps; rereading the section that teaches it does, so each comes with a link
/// back to its lesson section. Most lapses first, then course order.
pub fn leeches(catalog: &Catalog, progress: &Progress) -> Vec<Leech> {
    let mut out = Vec::new();
    for (id, quiz, question) in course_order(catalog) {
        let Some(record) = progress.questions.get(&id) else {
            continue;
        };
        let lapses = card_for(question, record).map_or(0, |c| c.lapses);
        let mut recent: Vec<&AnswerRecord> = record.answers.iter().collect();
        recent.sort_by_key(|a| a.at);
        let wrong = recent
            .iter()
            .rev()
            .take(LEECH_WINDOW)
            .filter(|a| !a.correct)
            .count();
        if lapses < LEECH_LAPSES && wrong < LEECH_WRONG {
            continue;
        }
        let heading = catalog.lesson(&quiz.lesson).and_then(|lesson| {
            let checkpoint = lesson.body.checkpoints().find(|c| c.target == id)?;
            section_heading(
                lesson.body.headings().map(|h| (h.level, h.line, h.title)),
                checkpoint.line,
            )
        });
        out.push(Leech {
            id,
            lesson: quiz.lesson.clone(),
            heading,
            lapses,
        });
    }
    // Stable: equal lapses keep course order.
    out.sort_by_key(|l| std::cmp::Reverse(l.lapses));
    out
}

/// The title of the last heading at or before `line`: the section that holds that line.
fn section_heading<'a>(
    headings: impl Iterator<Item = (u8, usize, &'a str)>,
    line: usize,
) -> Option<String> {
    headings
        .filter(|(_, l, _)| *l <= line)
        .max_by_key(|(_, l, _)| *l)
        .map(|(_, _, title)| title.to_string())
}

/// Every question of the course as `(QUIZ/QUESTION, quiz, question)` in course order: quizzes by
/// their lesson's order (quizzes of unknown lessons last), then quiz id; questions in file order.
pub fn course_order(catalog: &Catalog) -> Vec<(String, &Quiz, &Question)> {
    let rank = |quiz: &Quiz| {
        catalog
            .lessons
            .iter()
            .position(|l| l.id == quiz.lesson)
            .unwrap_or(usize::MAX)
    };
    let mut quizzes: Vec<&Quiz> = catalog.quizzes.iter().collect();
    quizzes.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)));
    quizzes
        .into_iter()
        .flat_map(|quiz| {
            quiz.questions
                .iter()
                .map(move |q| (format!("{}/{}", quiz.id, q.id), quiz, q))
        })
        .collect()
}

fn finite_or(x: f64, fallback: f64) -> f64 {
    if x.is_finite() { x } else { fallback }
}

fn to_chrono(t: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.unix_millis()).unwrap_or_default()
}

fn from_chrono(t: DateTime<Utc>) -> Timestamp {
    Timestamp::from_unix_millis(t.timestamp_millis())
}

fn to_fsrs_rating(r: Rating) -> rs_fsrs::Rating {
    match r {
        Rating::Again => rs_fsrs::Rating::Again,
        Rating::Hard => rs_fsrs::Rating::Hard,
        Rating::Good => rs_fsrs::Rating::Good,
        Rating::Easy => rs_fsrs::Rating::Easy,
    }
}

/// Our card as the crate's. A card the formulas cannot resume from (FSRS divides by stability)
/// is passed as new, keeping its counts.
fn to_fsrs(card: Option<&CardState>) -> rs_fsrs::Card {
    let Some(c) = card else {
        return rs_fsrs::Card::default();
    };
    let usable = c.stability.is_finite()
        && c.stability > 0.0
        && c.difficulty.is_finite()
        && c.difficulty > 0.0
        && c.last_review.is_some();
    let state = match c.state {
        _ if !usable => rs_fsrs::State::New,
        CardPhase::New => rs_fsrs::State::New,
        CardPhase::Learning => rs_fsrs::State::Learning,
        CardPhase::Review => rs_fsrs::State::Review,
        CardPhase::Relearning => rs_fsrs::State::Relearning,
    };
    rs_fsrs::Card {
        due: to_chrono(c.due),
        stability: c.stability,
        difficulty: c.difficulty,
        elapsed_days: 0,
        scheduled_days: 0,
        reps: i32::try_from(c.reps).unwrap_or(i32::MAX - 1),
        lapses: i32::try_from(c.lapses).unwrap_or(i32::MAX - 1),
        state,
        last_review: to_chrono(c.last_review.unwrap_or(c.due)),
    }
}

#[cfg(test)]
mod tests;

/// Records one graded answer and moves the question's scheduler card on: every screen that asks
/// questions (quiz, drill, plain mode) goes through here, so the schedule never misses an answer.
pub fn record(
    progress: &mut Progress,
    id: &str,
    question: &Question,
    at: Timestamp,
    answer: crate::quiz::Answered,
) {
    let before = progress
        .questions
        .get(id)
        .and_then(|r| card_for(question, r));
    let rating = rating_from(
        answer.outcome.correct,
        answer.elapsed.as_secs_f64(),
        expected_seconds(question),
    );
    let card = review(before.as_ref(), rating, at);
    progress.record_answer(
        id,
        AnswerRecord::new(at, answer.response, &answer.outcome, answer.elapsed),
    );
    if let Some(r) = progress.questions.get_mut(id) {
        r.card = Some(card);
    }
}
