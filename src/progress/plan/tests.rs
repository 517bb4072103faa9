//! Drill plan tests: fixed times, the two-lesson catalog of the scheduler tests.
use std::time::Duration;

use super::*;
use crate::progress::drill::tests::{at_hours, catalog, day};
use crate::quiz::{Response, grade};

/// A true/false answer (every test question's answer is `true`).
fn tf(right: bool) -> Answered {
    let response = Response::TrueFalse { answer: right };
    Answered {
        outcome: grade(&crate::content::Kind::TrueFalse { answer: true }, &response),
        response,
        elapsed: Duration::from_secs(5),
    }
}

/// Answers the current question of `plan` at `at`; returns its id.
fn answer(
    plan: &mut DrillPlan,
    c: &Catalog,
    p: &mut Progress,
    at: Timestamp,
    right: bool,
) -> String {
    let id = plan.current().expect("a question").id.clone();
    let (_, q) = c.question(&id).expect("in the catalog");
    plan.answer(p, q, at, tf(right)).expect("a step");
    id
}

fn ids(plan: &DrillPlan) -> Vec<String> {
    plan.queue().map(|i| i.id.clone()).collect()
}

#[test]
fn a_wrong_answer_comes_back_after_three_others_until_right_and_lapses_once() {
    let c = catalog(6, 0);
    let mut p = Progress::new();
    let mut plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    assert_eq!(plan.counts(), (0, 6));
    let first = answer(&mut plan, &c, &mut p, at_hours(1.0), false);
    assert_eq!(first, "qa/q1");
    assert_eq!(ids(&plan)[3], "qa/q1", "back after three others");
    assert_eq!(plan.queue().nth(3).unwrap().retry, 1);
    for h in 2..5 {
        answer(&mut plan, &c, &mut p, at_hours(f64::from(h)), true);
    }
    // Wrong again on the retry, then right on the next.
    assert_eq!(answer(&mut plan, &c, &mut p, at_hours(5.0), false), "qa/q1");
    while plan.current().is_some_and(|i| i.id != "qa/q1") {
        let n = plan.summary().answers as f64;
        answer(&mut plan, &c, &mut p, at_hours(6.0 + n), true);
    }
    assert_eq!(answer(&mut plan, &c, &mut p, at_hours(20.0), true), "qa/q1");
    assert!(plan.current().is_none());

    let record = &p.questions["qa/q1"];
    assert_eq!(record.answers.len(), 3);
    let practices: Vec<Practice> = record.answers.iter().map(|a| a.practice).collect();
    assert_eq!(
        practices,
        [Practice::Review, Practice::Relearn, Practice::Relearn]
    );
    let card = record.card.as_ref().unwrap();
    assert_eq!(
        (card.reps, card.lapses),
        (1, 0),
        "one review; retries do not count"
    );
    // The card is still consistent with the history (no replay that would count retries).
    let (_, q) = c.question("qa/q1").unwrap();
    assert_eq!(drill::card_for(q, record).as_ref(), Some(card));
    assert_eq!(
        card.due,
        at_hours(25.0),
        "the first wrong answer set tomorrow's review"
    );

    let s = plan.summary();
    assert_eq!(s.questions, 6);
    assert_eq!(s.right_first_time, 5);
    assert_eq!(s.relearned, 1);
    assert_eq!(s.still_missed, 0);
    assert_eq!(s.answers, 8);
}

#[test]
fn a_lapse_of_a_learned_card_is_counted_once_however_many_retries() {
    let c = catalog(1, 0);
    let mut p = Progress::new();
    let mut plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    answer(&mut plan, &c, &mut p, day(0.0), true);
    let due = p.questions["qa/q1"].card.as_ref().unwrap().due;
    let mut plan = DrillPlan::new(&c, &p, due, Zone::UTC, &PlanOptions::default());
    assert_eq!(plan.counts(), (1, 0));
    for k in 0..4 {
        answer(
            &mut plan,
            &c,
            &mut p,
            due.plus(Duration::from_secs(60 * k)),
            false,
        );
    }
    answer(
        &mut plan,
        &c,
        &mut p,
        due.plus(Duration::from_secs(600)),
        true,
    );
    assert!(plan.current().is_none());
    let card = p.questions["qa/q1"].card.as_ref().unwrap();
    assert_eq!(card.lapses, 1);
    assert_eq!(card.reps, 2);
    assert_eq!(plan.summary().relearned, 1);
    assert!(
        drill::leeches(&c, &p).is_empty(),
        "four misses in one sitting do not make a leech"
    );
}

#[test]
fn a_retry_goes_to_the_end_when_fewer_than_three_remain() {
    let c = catalog(2, 0);
    let mut p = Progress::new();
    let mut plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    answer(&mut plan, &c, &mut p, at_hours(1.0), false);
    assert_eq!(ids(&plan), ["qa/q2", "qa/q1"]);
    answer(&mut plan, &c, &mut p, at_hours(2.0), true);
    answer(&mut plan, &c, &mut p, at_hours(3.0), false);
    assert_eq!(ids(&plan), ["qa/q1"], "until answered right");
    assert_eq!(plan.summary().still_missed, 1);
}

#[test]
fn undo_restores_plan_record_and_card_exactly() {
    let c = catalog(3, 0);
    let mut p = Progress::new();
    let mut plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    answer(&mut plan, &c, &mut p, at_hours(1.0), true);
    let (p_before, plan_before) = (p.clone(), plan.clone());
    // A slip: wrong, which requeues and records a lapse-making review.
    answer(&mut plan, &c, &mut p, at_hours(2.0), false);
    assert_ne!(p, p_before);
    let undo = plan.undo(&mut p).expect("something to undo");
    assert_eq!(undo.id, "qa/q2");
    assert_eq!(
        p, p_before,
        "record and card as before, new question removed"
    );
    assert_eq!(plan.current(), plan_before.current());
    assert_eq!(plan.summary(), plan_before.summary());
    // Undo of an answer to a card that existed before puts that card back.
    answer(&mut plan, &c, &mut p, at_hours(3.0), true);
    let due = p.questions["qa/q1"].card.as_ref().unwrap().due;
    let mut later = DrillPlan::new(&c, &p, due, Zone::UTC, &PlanOptions::default());
    let before = p.clone();
    answer(&mut later, &c, &mut p, due, false);
    later.undo(&mut p);
    assert_eq!(p, before);
    assert!(!later.can_undo());
    assert!(later.undo(&mut p).is_none());
}

#[test]
fn limit_caps_the_opening_queue_and_new_per_day_is_a_setting() {
    let c = catalog(8, 8);
    let mut p = Progress::new();
    let options = PlanOptions {
        limit: Some(4),
        ..PlanOptions::default()
    };
    assert_eq!(
        DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &options).counts(),
        (0, 4)
    );
    p.settings.new_per_day = Some(2);
    let plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    assert_eq!(plan.counts(), (0, 2));
}

#[test]
fn interleaving_mixes_lessons() {
    let c = catalog(5, 5);
    let p = Progress::new();
    let plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &PlanOptions::default());
    let lessons: Vec<char> = plan.queue().map(|i| i.id.chars().nth(1).unwrap()).collect();
    assert_eq!(lessons.iter().collect::<String>(), "bababababa");
}

#[test]
fn cram_leaves_the_schedule_byte_for_byte_and_orders_missed_then_weakest() {
    let c = catalog(4, 2);
    let mut p = Progress::new();
    let four = PlanOptions {
        limit: Some(4),
        ..PlanOptions::default()
    };
    let mut plan = DrillPlan::new(&c, &p, day(0.0), Zone::UTC, &four);
    // Day 0: qb/q1 right, qb/q2 wrong, qa/q1 right, qa/q2 right (then qb/q2 relearned).
    while plan.current().is_some() {
        let right = plan
            .current()
            .is_some_and(|i| i.id != "qb/q2" || i.retry > 0);
        let n = plan.summary().answers as f64;
        answer(&mut plan, &c, &mut p, at_hours(1.0 + n), right);
    }
    let cards = |p: &Progress| {
        let cards: Vec<_> = p
            .questions
            .iter()
            .filter(|(_, r)| r.card.is_some())
            .map(|(id, r)| (id.clone(), r.card.clone()))
            .collect();
        serde_json::to_string(&cards).unwrap()
    };
    let schedule = cards(&p);
    let cram = PlanOptions {
        cram: Some(Cram::default()),
        ..PlanOptions::default()
    };
    let mut plan = DrillPlan::new(&c, &p, day(0.5), Zone::UTC, &cram);
    assert!(plan.is_cram());
    // qb/q2's last answer was right (relearned), so nothing is "missed"; the weakest first:
    // never answered (stability 0), then the lapsed qb/q2, then the rest.
    let order = ids(&plan);
    assert_eq!(order.len(), 6);
    assert_eq!(&order[..2], ["qa/q3", "qa/q4"]);
    assert_eq!(order[2], "qb/q2");
    while plan.current().is_some() {
        let n = plan.summary().answers as f64;
        answer(
            &mut plan,
            &c,
            &mut p,
            at_hours(13.0 + n),
            (n as usize).is_multiple_of(2),
        );
    }
    assert_eq!(cards(&p), schedule, "cram moved no card");
    assert!(p.questions["qa/q3"].card.is_none());
    assert!(
        p.questions["qa/q3"]
            .answers
            .iter()
            .all(|a| a.practice == Practice::Cram),
        "cram answers are in the history"
    );

    // --missed: only questions whose last answer was wrong, and --lesson narrows to a lesson.
    for id in ["qa/q2", "qb/q1"] {
        let (_, q) = c.question(id).unwrap();
        drill::record_as(&mut p, id, q, at_hours(30.0), tf(false), Practice::Cram);
    }
    let missed = PlanOptions {
        cram: Some(Cram {
            lessons: vec!["a".into()],
            missed_only: true,
        }),
        ..PlanOptions::default()
    };
    let plan = DrillPlan::new(&c, &p, day(0.6), Zone::UTC, &missed);
    assert_eq!(ids(&plan), ["qa/q2"]);
}
