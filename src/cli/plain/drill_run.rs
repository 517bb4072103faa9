//! The plain drill's loop: asks what the core's [`DrillPlan`] says, in its order, line by line.
//! A wrong answer is put back by the plan and asked again a few questions later; generated
//! questions show their worked sum faded to the learner's level ([`drill::fade_for`]).
use std::io::{BufRead, Write};
use std::time::Duration;

use super::{Clock, Saver, Score, ask, feedback, read_answer};
use crate::content::Catalog;
use crate::content::plural::count;
use crate::progress::days::{self, Zone};
use crate::progress::forecast::forecast;
use crate::progress::plan::DrillPlan;
use crate::progress::{Progress, drill};
use crate::quiz::Session;
use crate::quiz::generate::instantiate_faded;

/// What the plain drill needs besides the plan: the course, the seed that arranges choices and
/// draws generated numbers, the zone for days, the header line and an optional time limit.
pub(crate) struct DrillRun<'a> {
    pub catalog: &'a Catalog,
    pub seed: u64,
    pub zone: Zone,
    pub header: String,
    pub time_limit: Option<Duration>,
}

/// Runs `plan`: asks, grades, records (through the plan) and saves every answer, then prints the
/// drill summary and `score: N/M` last, where N is the questions right at their first asking and
/// M the questions planned (those reached, when the time limit stopped the drill).
pub(crate) fn run_drill(
    run: &DrillRun<'_>,
    mut plan: DrillPlan,
    mut progress: Progress,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    saver: &mut Saver,
    clock: &mut dyn Clock,
) -> Score {
    let planned = plan.queue().count();
    let mut eof = writeln!(out, "{}", run.header).is_err();
    let mut timed_out = false;
    let mut number = 0;
    while !eof {
        let Some(item) = plan.current().cloned() else {
            break;
        };
        if let Some(limit) = run.time_limit
            && clock.elapsed() >= limit
        {
            let _ = writeln!(
                out,
                "time is up: the remaining {} stay due for next time",
                count(plan.queue().count(), "question", "questions")
            );
            timed_out = true;
            break;
        }
        let Some((_, original)) = run.catalog.question(&item.id) else {
            // Plans are built from this catalog; skip rather than crash.
            break;
        };
        let card = progress
            .questions
            .get(&item.id)
            .and_then(|r| drill::card_at(original, r, clock.now()));
        let fade = drill::fade_for(card.as_ref());
        // A retry gets other numbers and another arrangement: it asks for the skill, not for the
        // answer just shown.
        let seed = run.seed.wrapping_add(u64::from(item.retry));
        let asked = instantiate_faded(original, seed, &item.id, fade);
        let mut session = Session::from_questions(vec![(item.id.clone(), asked.clone())], seed);
        let Some(current) = session.current() else {
            break;
        };
        let labels: Vec<String> = current
            .presented
            .labels(&asked.kind)
            .into_iter()
            .map(String::from)
            .collect();
        let arrangement = current.presented.arrangement.clone();
        number += 1;
        let total = plan.summary().answers + plan.queue().count();
        if ask(out, number, total, &asked, &labels, item.retry > 0).is_err() {
            eof = true;
            break;
        }
        let started = clock.elapsed();
        let Some(shown) = read_answer(input, out, &asked, labels.len()) else {
            eof = true;
            break;
        };
        let elapsed = clock.elapsed().saturating_sub(started);
        let at = clock.now();
        let Ok(outcome) = session.answer(shown, elapsed) else {
            break;
        };
        let Some(answered) = session.current().and_then(|c| c.answered.cloned()) else {
            break;
        };
        let Some(step) = plan.answer(&mut progress, &asked, at, answered) else {
            break;
        };
        saver.save(&mut progress);
        let mut text = feedback(&asked, &arrangement, outcome.correct);
        if step.requeued {
            text.push_str("\nthis question comes back in a few questions");
        }
        if writeln!(out, "{text}").is_err() {
            eof = true;
        }
    }
    let summary = plan.summary();
    let unanswered = planned.saturating_sub(summary.questions);
    if eof && unanswered > 0 {
        let _ = writeln!(
            out,
            "end of input: {} count as missed",
            count(unanswered, "unanswered question", "unanswered questions")
        );
    } else if eof && summary.still_missed > 0 {
        let when = match plan.relearn_due(run.catalog, &progress, clock.now()) {
            Some(due) => format!(
                "the first comes back for review on {} ({})",
                run.zone.date(due),
                days::in_days(run.zone.day(due) - run.zone.day(clock.now()))
            ),
            None => "they stay as they were (a cram leaves the schedule alone)".to_string(),
        };
        let _ = writeln!(
            out,
            "end of input: {} not relearned yet; {when}",
            count(summary.still_missed, "missed question", "missed questions")
        );
    }
    let now = clock.now();
    let ahead = forecast(run.catalog, &progress, now, run.zone);
    let tomorrow = ahead.due_per_day.get(1).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "{} done on {}: {}, {} right first time, {} relearned; streak {}; due tomorrow: {}",
        if plan.is_cram() { "cram" } else { "drill" },
        run.zone.date(now),
        count(summary.questions, "question", "questions"),
        summary.right_first_time,
        summary.relearned,
        days(drill::streak_in(&progress, now, run.zone)),
        tomorrow
    );
    let total = if timed_out {
        summary.questions
    } else {
        planned
    };
    let _ = writeln!(out, "score: {}/{total}", summary.right_first_time);
    let _ = out.flush();
    Score {
        correct: summary.right_first_time,
        total,
    }
}

/// "1 day", "3 days".
fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}
