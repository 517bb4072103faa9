//! The drill: the core's [`DrillPlan`] run full screen, the same plan `drill --plain` follows (due
//! reviews most overdue first, then new questions interleaved across lessons; or a cram). A wrong
//! answer comes back a few questions later marked "again" until it is answered right; `u` takes
//! the last answer back; generated questions show their worked sum faded to the learner's level
//! ([`drill::fade_for`]). The screen is a [`QuizRun`] asking one question at a time from the plan.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::quiz::{QuizRun, ReturnTo, next_seed};
use super::state::{App, Screen, Status};
use crate::content::{Catalog, Question};
use crate::progress::days::{self, Zone};
use crate::progress::plan::{DrillPlan, PlanItem, PlanOptions};
use crate::progress::{Progress, Timestamp, drill};
use crate::quiz::generate::instantiate_faded;
use crate::quiz::{Answered, Response, Session, Summary};

/// A drill in progress: the plan, and what the screen and the result need besides it.
#[derive(Debug)]
pub struct DrillRun {
    /// The queue, the counts and the undo history (the core's).
    pub plan: DrillPlan,
    /// Arranges choices and draws generated numbers; a retry adds its retry count, so it asks
    /// for the skill with other numbers rather than for the answer just shown.
    pub seed: u64,
    /// The question on screen. The plan drops it from its queue once answered, so the feedback
    /// reads its "again" mark from here.
    pub shown: PlanItem,
    /// Whether the answer on screen put the question back to be relearned.
    pub requeued: bool,
    /// Every answer in order: id, the question as asked (numbers filled in), the answer.
    pub log: Vec<(String, Question, Answered)>,
    /// Set when the learner stops the drill with questions still to relearn: when the first of
    /// them comes back for review, as "2026-12-02 (in 2 days)" (the scheduler's date).
    pub relearn_on: Option<String>,
}

impl DrillRun {
    /// `(number of the question on screen, questions in the drill so far)` for the title:
    /// answers given plus the queue, so a retry put back makes the total grow by one.
    pub fn position(&self, answered: bool) -> (usize, usize) {
        let s = self.plan.summary();
        let total = s.answers + s.remaining;
        if answered {
            (s.answers, total)
        } else {
            (s.answers + 1, total)
        }
    }

    /// The question as first asked in this drill, by id (for the result's review).
    pub fn asked(&self, id: &str) -> Option<&Question> {
        self.log.iter().find(|(i, _, _)| i == id).map(|(_, q, _)| q)
    }

    /// The first answer given to a question in this drill.
    pub fn given(&self, id: &str) -> Option<&Response> {
        self.log
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, _, a)| &a.response)
    }

    /// The result: right means right at the first asking (as `score: N/M` in the plain drill);
    /// the questions to review are those missed at their first asking, relearned or not, in the
    /// order asked.
    pub fn summary(&self) -> Summary {
        let s = self.plan.summary();
        let mut seen = BTreeSet::new();
        let missed: Vec<String> = self
            .log
            .iter()
            .filter(|(id, _, a)| seen.insert(id.as_str()) && !a.outcome.correct)
            .map(|(id, _, _)| id.clone())
            .collect();
        Summary {
            score: if s.questions == 0 {
                0.0
            } else {
                s.right_first_time as f32 / s.questions as f32
            },
            correct: s.right_first_time,
            total: s.questions,
            duration: self.log.iter().map(|(_, _, a)| a.elapsed).sum(),
            missed,
        }
    }
}

/// The one-question session for `item`: asked as the learner's card says (a generated question
/// faded by [`drill::fade_for`]), arranged from `seed` plus its retry count. `None` for an id the
/// catalog lacks (plans are built from it, so only after a content change).
fn session_for(
    catalog: &Catalog,
    progress: &Progress,
    now: Timestamp,
    item: &PlanItem,
    seed: u64,
) -> Option<Session> {
    let (_, original) = catalog.question(&item.id)?;
    let card = progress
        .questions
        .get(&item.id)
        .and_then(|r| drill::card_at(original, r, now));
    let seed = seed.wrapping_add(u64::from(item.retry));
    let asked = instantiate_faded(original, seed, &item.id, drill::fade_for(card.as_ref()));
    Some(Session::from_questions(
        vec![(item.id.clone(), asked)],
        seed,
    ))
}

/// Starts a drill as `options` say (optionally timed): the plan's first question on screen, and
/// `return_to` when it ends. With nothing to ask, says why and stays where it is.
pub fn start_drill(
    app: &mut App,
    minutes: Option<u32>,
    options: &PlanOptions,
    return_to: ReturnTo,
) {
    let now = app.now();
    let plan = DrillPlan::new(&app.catalog, &app.progress, now, Zone::System, options);
    let Some(first) = plan.current().cloned() else {
        let text = if plan.is_cram() {
            "No question to cram: none matches (with --missed, none was last answered wrong)"
                .to_string()
        } else if let Some(limit) =
            drill::new_limit_reached(&app.catalog, &app.progress, now, Zone::System)
        {
            // One status row: fits 80 columns for a limit under 100.
            match limit {
                0 => "Nothing due; new questions are off: drill --new-per-day N, or cram (a, c)"
                    .to_string(),
                n => format!(
                    "Nothing due; today's {n} new are used up: drill --new-per-day N, or cram (a, c)"
                ),
            }
        } else {
            "Nothing is due for review now: come back later, or take a quiz".to_string()
        };
        app.status = Some(Status {
            text,
            is_error: false,
        });
        return;
    };
    let seed = next_seed(&mut app.seed);
    let Some(session) = session_for(&app.catalog, &app.progress, now, &first, seed) else {
        return;
    };
    let n = plan.queue().count();
    let questions = format!("{n} question{}", if n == 1 { "" } else { "s" });
    let title = match minutes {
        _ if plan.is_cram() => format!("Cram · {questions} · schedule unchanged"),
        Some(m) => format!("Timed drill · {m} min"),
        None => format!("Drill · {questions}"),
    };
    let mut run = QuizRun::new(None, title, session, return_to, app.instant);
    if let Some(m) = minutes {
        let total = Duration::from_secs(u64::from(m) * 60);
        run.deadline = Some((app.instant + total, total));
    }
    run.drill = Some(Box::new(DrillRun {
        plan,
        seed,
        shown: first,
        requeued: false,
        log: Vec::new(),
        relearn_on: None,
    }));
    app.status = None;
    app.screen = Screen::Quiz(Box::new(run));
}

/// Records the answer to the question on screen through the plan (a scheduled review, a
/// relearning retry or a cram answer, as the plan decides); a wrong one is put back.
pub(super) fn record(
    d: &mut DrillRun,
    progress: &mut Progress,
    id: &str,
    question: &Question,
    at: Timestamp,
    answered: Answered,
) {
    if let Some(step) = d.plan.answer(progress, question, at, answered.clone()) {
        d.requeued = step.requeued;
        d.log.push((id.to_string(), question.clone(), answered));
    }
}

/// Past the feedback: the plan's next question (a retry included), or the result when the queue
/// is empty.
pub(super) fn advance(app: &mut App) {
    let (now, clock) = (app.instant, app.clock);
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let Some(d) = &mut q.drill else { return };
    let next = d.plan.current().cloned().and_then(|item| {
        let session = session_for(&app.catalog, &app.progress, clock, &item, d.seed)?;
        Some((item, session))
    });
    match next {
        Some((item, session)) => {
            d.shown = item;
            d.requeued = false;
            q.session = session;
            q.reset_draft(now);
        }
        None => finish(q, now),
    }
    app.request_save();
}

/// `q` before the end: the result of what was answered, with the day the first question still
/// to relearn comes back (read from its card now, so the screen need not ask the scheduler).
pub(super) fn stop(app: &mut App) {
    let (now, clock) = (app.instant, app.clock);
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let Some(d) = &mut q.drill else { return };
    d.relearn_on = d
        .plan
        .relearn_due(&app.catalog, &app.progress, clock)
        .map(|due| {
            let zone = Zone::System;
            format!(
                "{} ({})",
                zone.date(due),
                days::in_days(zone.day(due) - zone.day(clock))
            )
        });
    finish(q, now);
}

/// Ends the drill: the result screen with the plan's counts.
pub(super) fn finish(q: &mut QuizRun, now: Instant) {
    let Some(d) = &q.drill else { return };
    q.result = Some(d.summary());
    q.elapsed = now.saturating_duration_since(q.started);
    q.feedback = None;
}

/// `u`: takes the last answer of the drill back. The plan returns to before it (that question on
/// screen again, unanswered), and so do its record and card, in memory now and on disk at the
/// next save.
pub(super) fn undo(app: &mut App) {
    let (now, clock) = (app.instant, app.clock);
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let Some(d) = &mut q.drill else { return };
    let Some(undo) = d
        .plan
        .can_undo()
        .then(|| d.plan.undo(&mut app.progress))
        .flatten()
    else {
        app.status = Some(Status {
            text: "Nothing to undo: no answer given yet in this drill".into(),
            is_error: false,
        });
        return;
    };
    d.log.pop();
    let item = d.plan.current().cloned();
    if let Some(item) = item
        && let Some(session) = session_for(&app.catalog, &app.progress, clock, &item, d.seed)
    {
        d.shown = item;
        d.requeued = false;
        q.session = session;
        q.reset_draft(now);
    }
    // The plan put the record back already (taking back is idempotent); this saves it so.
    app.take_back(undo);
    app.status = Some(Status {
        text: "Answer taken back: it is as if it was never given".into(),
        is_error: false,
    });
}

/// Ends a timed drill whose time is up: the result counts the questions answered; the rest stay
/// due for next time.
pub fn tick(app: &mut App, now: Instant) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.drill.is_none() || !q.animating() || q.remaining(now).is_some_and(|r| !r.is_zero()) {
        return;
    }
    finish(q, now);
    app.request_save();
}

#[cfg(test)]
mod tests;
