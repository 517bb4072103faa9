//! One drill, planned and run: the single plan both the plain drill and the full-screen drill
//! follow, so the two can never ask in different orders.
//!
//! A plan starts as a queue: the due reviews in the scheduler's order (most overdue first), then
//! the new questions allowed today, interleaved across lessons ([`drill::new_questions`]); or,
//! in cram mode, the chosen questions missed and weakest first. `limit` caps the opening queue.
//! While it runs:
//! * a wrong answer puts the question back after [`RELEARN_AFTER`] others (at the end when fewer
//!   remain) until it is answered right. Only the first answer of a question is a scheduled
//!   review; retries are recorded as [`Practice::Relearn`], so the card counts one lapse however
//!   many retries it takes;
//! * in cram mode every answer is recorded as [`Practice::Cram`]: the history grows, the
//!   schedule does not move;
//! * the last answer can be taken back ([`DrillPlan::undo`]): the plan, the record and the card
//!   return to exactly what they were.
//!
//! Pure: the caller passes the time of each answer and saves the progress afterwards.
use std::collections::{BTreeSet, VecDeque};

use super::days::Zone;
use super::drill::{self, Undo};
use super::{Practice, Progress, Timestamp};
use crate::content::{Catalog, Question};
use crate::quiz::Answered;

/// A question answered wrong comes back after this many other questions (or at the end of the
/// drill when fewer are left). Why 3: far enough that the retry is recalled from memory rather
/// than read off the feedback just shown (about a minute at 15–20 s a question, like a first
/// learning step in Anki), near enough to happen in the same sitting.
pub const RELEARN_AFTER: usize = 3;

/// Which questions a cram session asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cram {
    /// Only questions of these lessons' quizzes; empty means every lesson.
    pub lessons: Vec<String>,
    /// Only questions whose last answer was wrong.
    pub missed_only: bool,
}

/// How to build a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// At most this many questions in the opening queue (retries come on top).
    pub limit: Option<usize>,
    /// Cram instead of the scheduled drill.
    pub cram: Option<Cram>,
}

/// One question in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// `QUIZ/QUESTION`.
    pub id: String,
    /// Never answered before this drill.
    pub is_new: bool,
    /// Whole local days past due (0 for new, due today, or cram).
    pub overdue_days: u32,
    /// How many times it was already answered wrong in this drill (0 for the first asking).
    pub retry: u32,
}

/// The end-of-drill report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanSummary {
    /// Distinct questions answered at least once.
    pub questions: usize,
    /// Questions right at their first asking.
    pub right_first_time: usize,
    /// Questions answered wrong and later right in this drill.
    pub relearned: usize,
    /// Questions answered wrong and not yet right (the drill was left early).
    pub still_missed: usize,
    /// Every answer, retries included.
    pub answers: usize,
    /// Questions still in the queue (left for next time).
    pub remaining: usize,
}

/// What one answer did to the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Whether the answer was right.
    pub correct: bool,
    /// Whether the question was put back in the queue to be relearned.
    pub requeued: bool,
    /// How the answer was recorded.
    pub practice: Practice,
    /// What [`drill::undo`] (and [`super::Store::save_undone`]) needs to take it back.
    pub undo: Undo,
}

/// The queue and the counts; cloned before each answer so undo can restore it exactly.
#[derive(Debug, Clone, PartialEq, Default)]
struct State {
    queue: VecDeque<PlanItem>,
    asked: BTreeSet<String>,
    right_first_time: usize,
    missed: BTreeSet<String>,
    relearned: BTreeSet<String>,
    answers: usize,
}

/// A drill in progress; see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillPlan {
    state: State,
    cram: bool,
    /// The state before each answer, with that answer's undo, newest last.
    history: Vec<(State, Undo)>,
}

impl DrillPlan {
    /// Plans a drill at `now` (days cut in `zone`) over `catalog` with the learner's `progress`.
    pub fn new(
        catalog: &Catalog,
        progress: &Progress,
        now: Timestamp,
        zone: Zone,
        options: &PlanOptions,
    ) -> Self {
        let mut items: Vec<PlanItem> = match &options.cram {
            None => {
                let mut due = drill::due_reviews(catalog, progress, now, zone);
                let allowed = drill::new_allowed_today(progress, now, zone);
                due.extend(drill::new_questions(catalog, progress, allowed));
                due.into_iter()
                    .map(|d| PlanItem {
                        is_new: d.is_new(),
                        id: d.id,
                        overdue_days: d.overdue_days,
                        retry: 0,
                    })
                    .collect()
            }
            Some(cram) => cram_order(catalog, progress, now, cram),
        };
        if let Some(limit) = options.limit {
            items.truncate(limit);
        }
        DrillPlan {
            state: State {
                queue: items.into(),
                ..State::default()
            },
            cram: options.cram.is_some(),
            history: Vec::new(),
        }
    }

    /// The question to ask now, `None` when the drill is over.
    pub fn current(&self) -> Option<&PlanItem> {
        self.state.queue.front()
    }

    /// The questions still to ask, the current one first (retries included).
    pub fn queue(&self) -> impl Iterator<Item = &PlanItem> {
        self.state.queue.iter()
    }

    /// Whether this is a cram session (answers leave the schedule alone).
    pub fn is_cram(&self) -> bool {
        self.cram
    }

    /// How many due reviews and new questions the queue holds (for a header: "3 due, 5 new").
    pub fn counts(&self) -> (usize, usize) {
        let new = self.state.queue.iter().filter(|i| i.is_new).count();
        (self.state.queue.len() - new, new)
    }

    /// Records the answer to the current question (asked as `question`, answered at `at`) in
    /// `progress`, and moves on: a wrong answer is put back [`RELEARN_AFTER`] places later. The
    /// first answer to a question is a scheduled review (a cram answer in cram mode); later ones
    /// are relearning retries. `None` when the drill is over.
    pub fn answer(
        &mut self,
        progress: &mut Progress,
        question: &Question,
        at: Timestamp,
        answered: Answered,
    ) -> Option<Step> {
        let before = self.state.clone();
        let item = self.state.queue.pop_front()?;
        let correct = answered.outcome.correct;
        let practice = if self.cram {
            Practice::Cram
        } else if item.retry > 0 {
            Practice::Relearn
        } else {
            Practice::Review
        };
        let undo = drill::record_as(progress, &item.id, question, at, answered, practice);
        let s = &mut self.state;
        s.answers += 1;
        let first = s.asked.insert(item.id.clone());
        if first && correct {
            s.right_first_time += 1;
        }
        if correct {
            if s.missed.remove(&item.id) {
                s.relearned.insert(item.id.clone());
            }
        } else {
            s.missed.insert(item.id.clone());
            let at = RELEARN_AFTER.min(s.queue.len());
            s.queue.insert(
                at,
                PlanItem {
                    retry: item.retry + 1,
                    ..item
                },
            );
        }
        self.history.push((before, undo.clone()));
        Some(Step {
            correct,
            requeued: !correct,
            practice,
            undo,
        })
    }

    /// Takes back the last answer: the plan returns to where it was before it (the question is
    /// current again) and `progress` to what it held, record and card. Returns the undo so the
    /// caller can save it with [`super::Store::save_undone`]; `None` when nothing was answered.
    pub fn undo(&mut self, progress: &mut Progress) -> Option<Undo> {
        let (state, undo) = self.history.pop()?;
        drill::undo(progress, &undo);
        self.state = state;
        Some(undo)
    }

    /// Whether there is an answer to take back.
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// When the first of the questions still to relearn (answered wrong, not yet right: the drill
    /// was left early) comes back for review: the earliest due time of their cards as the
    /// scheduler set it at the lapse. `None` when none is left to relearn (or in cram mode,
    /// which leaves the schedule alone, when the cards were never scheduled).
    pub fn relearn_due(
        &self,
        catalog: &Catalog,
        progress: &Progress,
        now: Timestamp,
    ) -> Option<Timestamp> {
        self.state
            .missed
            .iter()
            .filter_map(|id| {
                let (_, question) = catalog.question(id)?;
                drill::card_at(question, progress.questions.get(id)?, now).map(|c| c.due)
            })
            .min()
    }

    /// The counts so far.
    pub fn summary(&self) -> PlanSummary {
        let s = &self.state;
        PlanSummary {
            questions: s.asked.len(),
            right_first_time: s.right_first_time,
            relearned: s.relearned.len(),
            still_missed: s.missed.len(),
            answers: s.answers,
            remaining: s.queue.len(),
        }
    }
}

/// The cram queue: the chosen lessons' questions, those whose last answer was wrong first, then
/// the weakest (lowest stability; never answered counts as 0), then course order.
fn cram_order(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    cram: &Cram,
) -> Vec<PlanItem> {
    let mut picked: Vec<(bool, f64, PlanItem)> = Vec::new();
    for (id, quiz, question) in drill::course_order(catalog) {
        if !cram.lessons.is_empty() && !cram.lessons.contains(&quiz.lesson) {
            continue;
        }
        let record = progress.questions.get(&id);
        let missed = record
            .and_then(|r| r.answers.iter().max_by_key(|a| a.at))
            .is_some_and(|a| !a.correct);
        if cram.missed_only && !missed {
            continue;
        }
        let stability = record
            .and_then(|r| drill::card_at(question, r, now))
            .map_or(0.0, |c| c.stability);
        let is_new = record.is_none_or(|r| r.answers.is_empty());
        picked.push((
            missed,
            stability,
            PlanItem {
                id,
                is_new,
                overdue_days: 0,
                retry: 0,
            },
        ));
    }
    // Stable: ties keep course order.
    picked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
    picked.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests;
