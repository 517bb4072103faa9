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
//! day, because a drill is a once-a-day habit and the streak counts days; a question missed in a
//! drill is relearned in that same drill by [`super::plan::DrillPlan`], outside the card), no fuzz (so the same
//! history always gives the same dates: replayable and testable), 90% desired retention,
//! default FSRS-5 weights. `rs-fsrs` reads the clock once to seed its fuzz generator, which is
//! off, so no result depends on it.
//!
//! The card is derivable from the answer history ([`card_for`] replays it when the stored card
//! disagrees with the history, e.g. after two instances merged their answers, or answers were
//! recorded by a screen that does not schedule), so the history stays the source of truth. Only
//! scheduled answers count ([`Practice::Review`]); relearning retries and cram answers are
//! history only. Days (due today, streak) are the learner's local calendar days
//! ([`super::days::Zone`]); stored times stay UTC.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::days::Zone;
use super::model::CardPhase;
use super::model::Practice;
use super::{AnswerRecord, CardState, Progress, QuestionRecord, Timestamp};
use crate::content::{Catalog, Kind, Question, Quiz};
use crate::quiz::generate::Fade;

/// The recall probability intervals are planned for (FSRS's default): a question comes back
/// when the learner is predicted to have a 90% chance of still knowing it.
pub const DESIRED_RETENTION: f64 = 0.9;

/// New (never answered) questions introduced per local day unless the learner set another
/// number (`drill --new-per-day`, [`super::Settings::new_per_day`]), so a first drill is not the
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

#[cfg(test)]
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

/// The card a question's answer history leads to: each scheduled answer (not relearning retries
/// or cram answers, see [`Practice`]) rated with [`rating_from`] (with [`expected_seconds`] of
/// `question`) and reviewed in time order. `None` for no scheduled answers.
/// Why: the history is what merges safely between instances; the card is a cache of it.
pub fn replay(question: &Question, answers: &[AnswerRecord]) -> Option<CardState> {
    replay_until(question, answers, Timestamp::from_unix_millis(i64::MAX))
}

/// [`replay`] with every answer time later than `now` read as `now`: a stamp from a clock that
/// ran ahead schedules from now instead of from next year.
fn replay_until(
    question: &Question,
    answers: &[AnswerRecord],
    now: Timestamp,
) -> Option<CardState> {
    let expected = expected_seconds(question);
    let mut sorted: Vec<&AnswerRecord> =
        answers.iter().filter(|a| a.practice.is_review()).collect();
    sorted.sort_by_key(|a| a.at);
    sorted.into_iter().fold(None, |card, a| {
        let rating = rating_from(a.correct, f64::from(a.seconds), expected);
        Some(review(card.as_ref(), rating, a.at.min(now)))
    })
}

/// The card to schedule `question` by: the stored one when it accounts for every scheduled
/// answer (its `reps` equals their number), else one rebuilt from the history with [`replay`].
/// `None` for a question never answered. Call this before [`review`] so a new answer builds on
/// the whole history.
pub fn card_for(question: &Question, record: &QuestionRecord) -> Option<CardState> {
    match &record.card {
        Some(card)
            if card.state != CardPhase::New
                && usize::try_from(card.reps).is_ok_and(|r| r == scheduled_answers(record)) =>
        {
            Some(card.clone())
        }
        _ => replay(question, &record.answers),
    }
}

/// [`card_for`] as seen at `now`: a card or answer stamped later than `now` (a clock that was
/// wrong and later corrected) is rebuilt with those times read as `now` and is due now, so the
/// question comes back in today's drill and its next answer schedules it from then, instead of
/// waiting for the future stamp's date (which could be next year).
pub fn card_at(question: &Question, record: &QuestionRecord, now: Timestamp) -> Option<CardState> {
    let card = card_for(question, record)?;
    let future = card.last_review.is_some_and(|t| t > now)
        || record
            .answers
            .iter()
            .any(|a| a.practice.is_review() && a.at > now);
    if future {
        replay_until(question, &record.answers, now).map(|c| CardState { due: now, ..c })
    } else {
        Some(card)
    }
}

fn scheduled_answers(record: &QuestionRecord) -> usize {
    record
        .answers
        .iter()
        .filter(|a| a.practice.is_review())
        .count()
}

/// How many stored times (answers, lesson openings, quiz attempts) are later than `now`: more
/// than zero means a clock ran ahead when they were written. The store warns once when it loads
/// such a file; the scheduler reads those times as `now` ([`card_at`], [`streak_in`]).
pub fn future_stamps(progress: &Progress, now: Timestamp) -> usize {
    let answers = progress
        .questions
        .values()
        .flat_map(|q| &q.answers)
        .filter(|a| a.at > now)
        .count();
    let lessons = progress
        .lessons
        .values()
        .filter(|l| l.last_opened.is_some_and(|t| t > now))
        .count();
    let attempts = progress
        .quizzes
        .values()
        .flat_map(|q| &q.attempts)
        .filter(|a| a.at > now)
        .count();
    answers + lessons + attempts
}

/// Below this stability (days) a generated question shows its whole worked sum: a new question,
/// one just failed (stability under a day), and one answered right only once (FSRS-5 gives about
/// 3 days after a first right answer) are still being learned.
pub const FADE_ONE_STEP_DAYS: f64 = 5.0;

/// From this stability (days) on, a generated question shows only the answer check: 21 days is
/// the interval from which Anki calls a card "mature", i.e. known.
pub const FADE_ANSWER_ONLY_DAYS: f64 = 21.0;

/// How much of a generated question's worked sum to show, from its card before this asking
/// (`None` for a question never answered): [`Fade::Full`] below [`FADE_ONE_STEP_DAYS`] of
/// stability, [`Fade::OneStep`] below [`FADE_ANSWER_ONLY_DAYS`], [`Fade::AnswerOnly`] from then on.
/// Why stability: it is the scheduler's own measure of how well the learner knows the question,
/// and it falls after a lapse, so the sum comes back when it is needed again.
pub fn fade_for(card: Option<&CardState>) -> Fade {
    match card.map(|c| c.stability) {
        Some(s) if s >= FADE_ANSWER_ONLY_DAYS => Fade::AnswerOnly,
        Some(s) if s >= FADE_ONE_STEP_DAYS => Fade::OneStep,
        _ => Fade::Full,
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

/// Every question whose card falls due on or before the local day of `now` (a card due at 08:00
/// today is due at 06:31), most overdue first (then in course order): the scheduler's order.
/// Questions answered and due on a later day, and new questions, are left out.
pub fn due_reviews(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    zone: Zone,
) -> Vec<DueItem> {
    let today = zone.day(now);
    let mut due = Vec::new();
    for (id, _, question) in course_order(catalog) {
        let Some(card) = progress
            .questions
            .get(&id)
            .and_then(|r| card_at(question, r, now))
        else {
            continue;
        };
        let day = zone.day(card.due);
        if day <= today {
            due.push(DueItem {
                id,
                due: Some(card.due),
                overdue_days: u32::try_from(today - day).unwrap_or(u32::MAX),
            });
        }
    }
    // Stable: equal due times keep course order.
    due.sort_by_key(|d| d.due);
    due
}

/// How many new questions may still be introduced on the local day of `now`: the learner's
/// new-per-day setting (default [`NEW_PER_DRILL`]) minus the questions first answered today.
pub fn new_allowed_today(progress: &Progress, now: Timestamp, zone: Zone) -> usize {
    let limit = progress
        .settings
        .new_per_day
        .map_or(NEW_PER_DRILL, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let today = zone.day(now);
    let introduced = progress
        .questions
        .values()
        .filter_map(|q| q.answers.iter().map(|a| a.at.min(now)).min())
        .filter(|first| zone.day(*first) == today)
        .count();
    limit.saturating_sub(introduced)
}

/// The day's new-question limit when it is what keeps new questions out of a drill: questions
/// never answered remain, but the limit is used up today (questions first answered in a quiz
/// count towards it too). `None` when the limit still allows some or nothing new is left.
pub fn new_limit_reached(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    zone: Zone,
) -> Option<usize> {
    if new_allowed_today(progress, now, zone) > 0 || new_questions(catalog, progress, 1).is_empty()
    {
        return None;
    }
    Some(
        progress
            .settings
            .new_per_day
            .map_or(NEW_PER_DRILL, |n| usize::try_from(n).unwrap_or(usize::MAX)),
    )
}

/// Up to `limit` questions never answered, interleaved across lessons: the first new question
/// of each lesson in course order, then the second of each, and so on. Why: mixing topics
/// (interleaving) helps learners tell problems apart and remember them longer than finishing one
/// topic before the next. Drawn from the lessons the learner has opened; when none is opened yet
/// (a learner who reads with `render` or elsewhere), from every lesson.
pub fn new_questions(catalog: &Catalog, progress: &Progress, limit: usize) -> Vec<DueItem> {
    let opened = |lesson: &str| {
        progress
            .lessons
            .get(lesson)
            .is_some_and(|l| l.state != super::model::ReadState::Unread)
    };
    let any_opened = catalog.quizzes.iter().any(|q| opened(&q.lesson));
    // Per lesson, in course order, its unanswered questions in course order.
    let mut lanes: Vec<(String, Vec<String>)> = Vec::new();
    for (id, quiz, _) in course_order(catalog) {
        if any_opened && !opened(&quiz.lesson) {
            continue;
        }
        if progress
            .questions
            .get(&id)
            .is_some_and(|r| !r.answers.is_empty())
        {
            continue;
        }
        match lanes.iter_mut().find(|(l, _)| *l == quiz.lesson) {
            Some((_, ids)) => ids.push(id),
            None => lanes.push((quiz.lesson.clone(), vec![id])),
        }
    }
    let mut out = Vec::new();
    let longest = lanes.iter().map(|(_, ids)| ids.len()).max().unwrap_or(0);
    'rounds: for round in 0..longest {
        for (_, ids) in &lanes {
            if out.len() >= limit {
                break 'rounds;
            }
            if let Some(id) = ids.get(round) {
                out.push(DueItem {
                    id: id.clone(),
                    due: None,
                    overdue_days: 0,
                });
            }
        }
    }
    out
}

/// How many questions are due today (machine zone) in each lesson; see [`due_counts_in`].
pub fn due_counts_per_lesson(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
) -> BTreeMap<String, usize> {
    due_counts_in(catalog, progress, now, Zone::System)
}

/// How many questions are due on the local day of `now` in each lesson (by the quizzes that name
/// it), for the home screen's "3 due" badges: the same rule as [`due_reviews`]. New questions are
/// not counted: they are not reviews. Every lesson that has a quiz appears, with 0 when nothing
/// is due, so a screen can show every count without guessing what a missing key means.
pub fn due_counts_in(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    zone: Zone,
) -> BTreeMap<String, usize> {
    let today = zone.day(now);
    let mut counts = BTreeMap::new();
    for (id, quiz, question) in course_order(catalog) {
        let n = counts.entry(quiz.lesson.clone()).or_insert(0);
        let card = progress
            .questions
            .get(&id)
            .and_then(|r| card_at(question, r, now));
        if card.is_some_and(|c| zone.day(c.due) <= today) {
            *n += 1;
        }
    }
    counts
}

/// The learner's streak in the machine's zone; see [`streak_in`].
pub fn streak(progress: &Progress, today: Timestamp) -> u32 {
    streak_in(progress, today, Zone::System)
}

/// The learner's streak at `now`: how many consecutive local calendar days, ending today, have at
/// least one answer (quiz or drill). A streak is not broken until a whole day passes without an
/// answer: with nothing yet today, the streak that ended yesterday still counts (the learner has
/// until local midnight to keep it). An answer stamped later than `now` (a clock that ran ahead)
/// counts as today, so one bad stamp cannot zero the streak.
pub fn streak_in(progress: &Progress, now: Timestamp, zone: Zone) -> u32 {
    let days: BTreeSet<i64> = progress
        .questions
        .values()
        .flat_map(|q| &q.answers)
        .map(|a| zone.day(a.at.min(now)))
        .collect();
    let today = zone.day(now);
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
/// least [`LEECH_WRONG`] wrong answers among the last [`LEECH_WINDOW`] (relearning retries not
/// counted). Why: drilling a leech
/// again rarely helps; rereading the section that teaches it does, so each comes with a link
/// back to its lesson section. Most lapses first, then course order.
pub fn leeches(catalog: &Catalog, progress: &Progress) -> Vec<Leech> {
    let mut out = Vec::new();
    for (id, quiz, question) in course_order(catalog) {
        let Some(record) = progress.questions.get(&id) else {
            continue;
        };
        let lapses = card_for(question, record).map_or(0, |c| c.lapses);
        // Relearning retries are left out: four misses in one sitting are one bad day, not a
        // question that keeps failing.
        let mut recent: Vec<&AnswerRecord> = record
            .answers
            .iter()
            .filter(|a| a.practice != Practice::Relearn)
            .collect();
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
pub(crate) mod tests;

/// Records one graded answer and moves the question's scheduler card on: every screen that asks
/// questions (quiz, drill, plain mode) goes through here, so the schedule never misses an answer.
/// Returns what [`undo`] needs to take the answer back.
pub fn record(
    progress: &mut Progress,
    id: &str,
    question: &Question,
    at: Timestamp,
    answer: crate::quiz::Answered,
) -> Undo {
    record_as(progress, id, question, at, answer, Practice::Review)
}

/// [`record`] for any [`Practice`]: a scheduled answer reviews the card (built with [`card_at`],
/// so a future stamp is scheduled from `at`); a relearning retry or a cram answer is added to the
/// history and leaves the card exactly as it was.
pub fn record_as(
    progress: &mut Progress,
    id: &str,
    question: &Question,
    at: Timestamp,
    answer: crate::quiz::Answered,
    practice: Practice,
) -> Undo {
    let existing = progress.questions.get(id);
    let undo = Undo {
        id: id.to_string(),
        at,
        card_before: existing.and_then(|r| r.card.clone()),
        had_record: existing.is_some(),
        added: !existing.is_some_and(|r| r.answers.iter().any(|a| a.at == at)),
    };
    let rating = rating_from(
        answer.outcome.correct,
        answer.elapsed.as_secs_f64(),
        expected_seconds(question),
    );
    let card = if practice.is_review() {
        let before = existing.and_then(|r| card_at(question, r, at));
        Some(review(before.as_ref(), rating, at))
    } else {
        None
    };
    let mut record = AnswerRecord::new(at, answer.response, &answer.outcome, answer.elapsed);
    record.practice = practice;
    progress.record_answer(id, record);
    if let (Some(card), Some(r)) = (card, progress.questions.get_mut(id)) {
        r.card = Some(card);
    }
    undo
}

/// What recording one answer changed, so it can be taken back exactly: the question, the
/// answer's time (with the id, the merge key), the stored card before it, and whether the
/// question had a record at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// `QUIZ/QUESTION`.
    pub id: String,
    /// When the undone answer was given.
    pub at: Timestamp,
    /// The stored card before the answer (`None` if there was none).
    pub card_before: Option<CardState>,
    /// Whether the question had a record before the answer.
    pub had_record: bool,
    /// Whether the answer was new (an answer with the same time was already there: then undo
    /// leaves the history alone).
    pub added: bool,
}

/// Takes back one recorded answer: removes it from the history and puts the stored card back,
/// so the question's record is equal to what it was before ([`record`] / [`record_as`]). Also
/// applied by [`super::Store::save_undone`] after merging with the file, so the answer does not
/// come back from disk. Idempotent.
pub fn undo(progress: &mut Progress, undo: &Undo) {
    let Some(record) = progress.questions.get_mut(&undo.id) else {
        return;
    };
    if undo.added {
        record.answers.retain(|a| a.at != undo.at);
    }
    record.card = undo.card_before.clone();
    if !undo.had_record && record.answers.is_empty() && record.extra.is_empty() {
        progress.questions.remove(&undo.id);
    }
}
