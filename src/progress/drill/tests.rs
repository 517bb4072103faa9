//! Scheduler tests: all with fixed times, no clock.
use std::time::Duration;

use super::*;
use crate::content::source::{RawCourse, RawFile};
use crate::quiz::{Response, grade};

/// 2026-11-28T00:00:00Z plus `hours`.
pub(crate) fn at_hours(hours: f64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_824_000_000 + (hours * 3_600_000.0) as i64)
}

pub(crate) fn day(d: f64) -> Timestamp {
    at_hours(d * 24.0)
}

fn file(path: &str, text: &str) -> RawFile {
    RawFile {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Two lessons (`b` ordered before `a`), quiz `qa` of lesson `a` with `na` true/false
/// questions and quiz `qb` of lesson `b` with `nb`.
pub(crate) fn catalog(na: usize, nb: usize) -> Catalog {
    let quiz = |id: &str, lesson: &str, n: usize| {
        let mut text = format!("id = \"{id}\"\ntitle = \"T\"\nlesson = \"{lesson}\"\n");
        for i in 0..n {
            text.push_str(&format!(
                "[[question]]\nkind = \"true_false\"\nprompt = \"Statement {i}\"\nexplanation = \"e\"\nanswer = true\n"
            ));
        }
        file(&format!("quizzes/{id}.toml"), &text)
    };
    let lesson = |id: &str, order: u32, quiz: Option<&str>| {
        let quiz = quiz
            .map(|q| format!("quiz = \"{q}\"\n"))
            .unwrap_or_default();
        file(
            &format!("lessons/{id}.md"),
            &format!("+++\nid = \"{id}\"\ntitle = \"T\"\norder = {order}\n{quiz}+++\n# {id}\n"),
        )
    };
    let mut quizzes = vec![quiz("qa", "a", na)];
    if nb > 0 {
        quizzes.push(quiz("qb", "b", nb));
    }
    let raw = RawCourse {
        lessons: vec![
            lesson("a", 2, Some("qa")),
            lesson("b", 1, (nb > 0).then_some("qb")),
        ],
        quizzes,
    };
    let c = Catalog::from_raw(&raw, Vec::new());
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    c
}

fn tf_answer(at: Timestamp, correct: bool, seconds: f32) -> AnswerRecord {
    let kind = Kind::TrueFalse { answer: true };
    let response = Response::TrueFalse { answer: correct };
    let outcome = grade(&kind, &response);
    AnswerRecord::new(at, response, &outcome, Duration::from_secs_f32(seconds))
}

/// Records an answer and updates the card the way the quiz screens do.
fn answer(p: &mut Progress, c: &Catalog, id: &str, at: Timestamp, correct: bool) {
    let (_, q) = c.question(id).expect("question exists");
    let record = p.questions.entry(id.to_string()).or_default();
    let before = card_for(q, record);
    let rating = rating_from(correct, 5.0, expected_seconds(q));
    let card = review(before.as_ref(), rating, at);
    p.record_answer(id, tf_answer(at, correct, 5.0));
    if let Some(r) = p.questions.get_mut(id) {
        r.card = Some(card);
    }
}

#[test]
fn rating_thresholds() {
    assert_eq!(rating_from(false, 1.0, 10.0), Rating::Again);
    assert_eq!(rating_from(false, 100.0, 10.0), Rating::Again);
    assert_eq!(rating_from(true, 4.9, 10.0), Rating::Easy);
    assert_eq!(rating_from(true, 5.0, 10.0), Rating::Good);
    assert_eq!(rating_from(true, 20.0, 10.0), Rating::Good);
    assert_eq!(rating_from(true, 20.1, 10.0), Rating::Hard);
    for unknown in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(rating_from(true, unknown, 10.0), Rating::Good);
        assert_eq!(rating_from(true, 3.0, unknown), Rating::Good);
    }
}

#[test]
fn expected_time_grows_with_reading() {
    let c = catalog(1, 0);
    let (_, tf) = c.question("qa/q1").unwrap();
    // "Statement 0": 2 words at 4 words/s plus 4 s to think.
    assert!((expected_seconds(tf) - 4.5).abs() < 1e-9);
    let long = Question {
        prompt: "word ".repeat(40),
        ..tf.clone()
    };
    assert!(expected_seconds(&long) > expected_seconds(tf) + 9.0);
}

#[test]
fn intervals_grow_on_repeated_success() {
    let mut card = review(None, Rating::Good, day(0.0));
    assert_eq!(card.reps, 1);
    assert_eq!(card.state, CardPhase::Review);
    let mut last = interval_days(&card);
    assert!(last >= 1.0, "{last}");
    for _ in 0..6 {
        let now = card.due;
        card = review(Some(&card), Rating::Good, now);
        let interval = interval_days(&card);
        assert!(interval > last, "{interval} should exceed {last}");
        last = interval;
    }
    assert_eq!(card.reps, 7);
    assert_eq!(card.lapses, 0);
    assert!(last > 60.0, "after 7 good reviews: {last} days");
}

#[test]
fn easy_beats_good_beats_hard() {
    let base = review(None, Rating::Good, day(0.0));
    let next = |r| interval_days(&review(Some(&base), r, base.due));
    assert!(next(Rating::Easy) > next(Rating::Good));
    assert!(next(Rating::Good) > next(Rating::Hard));
    assert!(next(Rating::Hard) > next(Rating::Again));
}

#[test]
fn a_lapse_shrinks_the_interval_and_counts() {
    let mut card = review(None, Rating::Good, day(0.0));
    for _ in 0..3 {
        card = review(Some(&card), Rating::Good, card.due);
    }
    let before = interval_days(&card);
    let stability = card.stability;
    let lapsed = review(Some(&card), Rating::Again, card.due);
    assert_eq!(lapsed.lapses, 1);
    assert!(interval_days(&lapsed) < before / 2.0);
    assert!(interval_days(&lapsed) >= 1.0, "never less than a day");
    assert!(lapsed.stability < stability);
    // Wrong on the very first answer: not learned yet, so not a lapse.
    let first = review(None, Rating::Again, day(0.0));
    assert_eq!(first.lapses, 0);
    assert_eq!(interval_days(&first), 1.0);
}

#[test]
fn due_date_is_last_review_plus_whole_days() {
    let now = at_hours(13.5);
    let card = review(None, Rating::Good, now);
    assert_eq!(card.last_review, Some(now));
    let days = interval_days(&card);
    assert_eq!(days.fract(), 0.0);
    assert_eq!(
        card.due.unix_millis() - now.unix_millis(),
        days as i64 * DAY_MS
    );
}

#[test]
fn review_is_deterministic_and_replay_matches() {
    let c = catalog(1, 0);
    let (_, q) = c.question("qa/q1").unwrap();
    let mut p = Progress::new();
    let times = [0.0, 1.0, 4.0, 4.5, 20.0];
    let results = [true, true, false, true, true];
    for (&d, &ok) in times.iter().zip(&results) {
        answer(&mut p, &c, "qa/q1", day(d), ok);
    }
    let record = &p.questions["qa/q1"];
    let stored = record.card.clone().unwrap();
    assert_eq!(replay(q, &record.answers), Some(stored.clone()));
    assert_eq!(card_for(q, record), Some(stored.clone()));
    let again = review(Some(&stored), Rating::Good, day(30.0));
    assert_eq!(again, review(Some(&stored), Rating::Good, day(30.0)));
}

#[test]
fn card_for_rebuilds_a_stale_card_from_history() {
    let c = catalog(1, 0);
    let (_, q) = c.question("qa/q1").unwrap();
    let mut p = Progress::new();
    answer(&mut p, &c, "qa/q1", day(0.0), true);
    // Another instance's answer arrives by merge, without its card.
    p.record_answer("qa/q1", tf_answer(day(3.0), false, 5.0));
    let record = &p.questions["qa/q1"];
    let card = card_for(q, record).unwrap();
    assert_eq!(card.reps, 2);
    assert_eq!(card.last_review, Some(day(3.0)));
    // Answers saved without any card (a screen that does not schedule) are replayed too.
    let bare = QuestionRecord {
        answers: record.answers.clone(),
        card: None,
        ..QuestionRecord::default()
    };
    assert_eq!(card_for(q, &bare), Some(card));
    assert_eq!(card_for(q, &QuestionRecord::default()), None);
}

#[test]
fn unusable_card_starts_over_and_clock_skew_is_harmless() {
    let broken = CardState {
        stability: 0.0,
        difficulty: f64::NAN,
        state: CardPhase::Review,
        reps: 5,
        lapses: 2,
        last_review: Some(day(0.0)),
        ..CardState::default()
    };
    let card = review(Some(&broken), Rating::Good, day(1.0));
    assert!(card.stability > 0.0 && card.stability.is_finite());
    assert!(card.difficulty.is_finite());
    assert_eq!((card.reps, card.lapses), (6, 2));

    let good = review(None, Rating::Good, day(10.0));
    let back = review(Some(&good), Rating::Good, day(9.0));
    assert_eq!(back.last_review, Some(day(10.0)));
    assert!(back.stability.is_finite() && back.stability > 0.0);
}

/// `due_reviews` then `new_questions` with a new allowance, in UTC days.
fn due_then_new(c: &Catalog, p: &Progress, now: Timestamp, new: usize) -> Vec<DueItem> {
    let mut items = due_reviews(c, p, now, Zone::UTC);
    items.extend(new_questions(c, p, new));
    items
}

#[test]
fn due_reviews_then_interleaved_new() {
    let c = catalog(8, 8);
    let mut p = Progress::new();
    // Answered right on day 0: due some days later. qa/q2 answered wrong on day 0: due day 1.
    answer(&mut p, &c, "qa/q1", day(0.0), true);
    answer(&mut p, &c, "qa/q2", day(0.0), false);
    answer(&mut p, &c, "qb/q1", day(0.5), false);

    // Day 0.9: nothing due yet, only new questions, interleaved across the two lessons (lesson b
    // comes first in the course).
    assert_eq!(
        NEW_PER_DRILL, 10,
        "README and drill --help say the default is 10"
    );
    let items = due_then_new(&c, &p, day(0.9), NEW_PER_DRILL);
    assert_eq!(items.len(), NEW_PER_DRILL);
    assert!(items.iter().all(DueItem::is_new));
    let ids: Vec<&str> = items.iter().take(5).map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["qb/q2", "qa/q3", "qb/q3", "qa/q4", "qb/q4"]);

    // Day 2: the two wrong ones are due, the earlier due first, then new ones.
    let items = due_then_new(&c, &p, day(2.0), 3);
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["qa/q2", "qb/q1", "qb/q2", "qa/q3", "qb/q3"]);
    assert_eq!(items[0].due, Some(day(1.0)));
    assert_eq!(items[0].overdue_days, 1);
    assert_eq!(
        items[1].overdue_days, 1,
        "due on day 1 at noon: one day overdue on day 2"
    );
    assert!(items[2].is_new());

    // Due by day: the whole day a card falls due counts, the day before does not.
    let due = p.questions["qa/q2"].card.as_ref().unwrap().due;
    let day_before = Timestamp::from_unix_millis(due.unix_millis() - 1);
    assert!(
        !due_reviews(&c, &p, day_before, Zone::UTC)
            .iter()
            .any(|i| i.id == "qa/q2")
    );
    assert!(
        due_reviews(&c, &p, due, Zone::UTC)
            .iter()
            .any(|i| i.id == "qa/q2")
    );

    // Far later, everything answered is due; with no new allowance only those come.
    assert_eq!(due_then_new(&c, &p, day(400.0), 0).len(), 3);
    assert_eq!(due_then_new(&c, &p, day(0.6), 100).len(), 13);
}

#[test]
fn due_today_means_the_local_day_not_the_instant() {
    // Issue 13.7: a card due at 08:00 today is due at 06:31 today.
    let c = catalog(1, 0);
    let mut p = Progress::new();
    answer(&mut p, &c, "qa/q1", at_hours(8.0), false);
    let due = p.questions["qa/q1"].card.as_ref().unwrap().due;
    assert_eq!(due, at_hours(32.0), "a lapse is due a day later, at 08:00");
    let early = at_hours(30.5);
    assert_eq!(due_reviews(&c, &p, early, Zone::UTC).len(), 1);
    assert_eq!(due_counts_in(&c, &p, early, Zone::UTC).get("a"), Some(&1));
    // In Los Angeles 08:00 UTC on day 1 is still day 0 (00:00 PST): not due at 06:31 UTC+0 of
    // day 1, which is the evening before there.
    let la = Zone::Fixed(-8 * 60);
    assert_eq!(due_reviews(&c, &p, early, la).len(), 0);
    assert_eq!(due_reviews(&c, &p, at_hours(32.0 + 16.0), la).len(), 1);
}

#[test]
fn new_per_day_counts_questions_introduced_today() {
    let c = catalog(5, 0);
    let mut p = Progress::new();
    p.settings.new_per_day = Some(3);
    assert_eq!(new_allowed_today(&p, at_hours(1.0), Zone::UTC), 3);
    answer(&mut p, &c, "qa/q1", at_hours(1.0), true);
    answer(&mut p, &c, "qa/q2", at_hours(2.0), true);
    assert_eq!(new_allowed_today(&p, at_hours(3.0), Zone::UTC), 1);
    // A second answer today to qa/q1 does not introduce anything new.
    answer(&mut p, &c, "qa/q1", at_hours(4.0), true);
    assert_eq!(new_allowed_today(&p, at_hours(5.0), Zone::UTC), 1);
    // Tomorrow the allowance is whole again.
    assert_eq!(new_allowed_today(&p, at_hours(25.0), Zone::UTC), 3);
}

#[test]
fn new_questions_come_from_opened_lessons_once_any_is_opened() {
    let c = catalog(2, 2);
    let mut p = Progress::new();
    assert_eq!(
        new_questions(&c, &p, 10).len(),
        4,
        "nothing opened: every lesson"
    );
    p.open_lesson("a", day(0.0));
    let ids: Vec<String> = new_questions(&c, &p, 10)
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, ["qa/q1", "qa/q2"]);
}

#[test]
fn future_stamps_are_scheduled_from_now_and_keep_the_streak() {
    // Issue 13.8: one answer stamped a year ahead.
    let c = catalog(2, 0);
    let mut p = Progress::new();
    answer(&mut p, &c, "qa/q1", day(0.0), true);
    answer(&mut p, &c, "qa/q2", day(365.0), false);
    let now = day(1.5);
    assert_eq!(future_stamps(&p, now), 1);
    assert_eq!(future_stamps(&p, day(400.0)), 0);
    // The stored card says "due next year"; seen now, it was answered now and is due now.
    assert!(p.questions["qa/q2"].card.as_ref().unwrap().due > day(365.0));
    let card = card_at(c.question("qa/q2").unwrap().1, &p.questions["qa/q2"], now).unwrap();
    assert_eq!(card.last_review, Some(now));
    assert_eq!(card.due, now);
    assert!(
        due_reviews(&c, &p, now, Zone::UTC)
            .iter()
            .any(|i| i.id == "qa/q2")
    );
    assert!(
        due_reviews(&c, &p, day(20.0), Zone::UTC)
            .iter()
            .any(|i| i.id == "qa/q2")
    );
    // The future answer counts as today: the streak is days 0 and 1, not zero.
    assert_eq!(streak_in(&p, now, Zone::UTC), 2);
    // A new answer now is reviewed from now, not from next year.
    let (_, q) = c.question("qa/q2").unwrap();
    let outcome = grade(&q.kind, &Response::TrueFalse { answer: true });
    record(
        &mut p,
        "qa/q2",
        q,
        now,
        crate::quiz::Answered {
            response: Response::TrueFalse { answer: true },
            outcome,
            elapsed: Duration::from_secs(5),
        },
    );
    let card = p.questions["qa/q2"].card.as_ref().unwrap();
    assert!(card.due < day(30.0), "scheduled from now: {}", card.due);
}

#[test]
fn due_counts_per_lesson_counts_reviews_only() {
    let c = catalog(3, 2);
    let mut p = Progress::new();
    answer(&mut p, &c, "qa/q1", day(0.0), false);
    answer(&mut p, &c, "qa/q2", day(0.0), false);
    answer(&mut p, &c, "qb/q1", day(0.0), true);
    let counts = due_counts_per_lesson(&c, &p, day(1.5));
    assert_eq!(counts.get("a"), Some(&2));
    assert_eq!(counts.get("b"), Some(&0));
    assert_eq!(counts.len(), 2);
}

#[test]
fn streak_counts_local_days_across_midnight() {
    let c = catalog(3, 0);
    let mut p = Progress::new();
    assert_eq!(streak_in(&p, day(0.0), Zone::UTC), 0);
    // 23:59 on day 0 and 00:01 on day 1: two days, two minutes apart.
    answer(&mut p, &c, "qa/q1", at_hours(23.0 + 59.0 / 60.0), true);
    answer(&mut p, &c, "qa/q2", at_hours(24.0 + 1.0 / 60.0), true);
    assert_eq!(streak_in(&p, at_hours(24.5), Zone::UTC), 2);
    // Nothing yet on day 2: the streak is still alive until day 2 ends.
    assert_eq!(streak_in(&p, at_hours(47.9), Zone::UTC), 2);
    // A whole day (day 2) without answers breaks it.
    assert_eq!(streak_in(&p, at_hours(72.1), Zone::UTC), 0);
    // An answer on day 3 starts a new streak of 1; the gap on day 2 stops the count.
    answer(&mut p, &c, "qa/q3", at_hours(72.5), true);
    assert_eq!(streak_in(&p, at_hours(73.0), Zone::UTC), 1);
    // Several answers on one day count once.
    answer(&mut p, &c, "qa/q1", at_hours(73.0), true);
    assert_eq!(streak_in(&p, at_hours(74.0), Zone::UTC), 1);
}

#[test]
fn streak_in_los_angeles_counts_saturday_and_sunday_evening() {
    // Issue 13.6: Saturday noon and Sunday 21:00 in Los Angeles (PST, UTC-8).
    let c = catalog(2, 0);
    let mut p = Progress::new();
    let t = |s: &str| Timestamp::parse_rfc3339(s).unwrap();
    answer(&mut p, &c, "qa/q1", t("2026-11-28T20:00:00Z"), true);
    answer(&mut p, &c, "qa/q2", t("2026-11-30T05:00:00Z"), true);
    let now = t("2026-11-30T05:30:00Z");
    assert_eq!(streak_in(&p, now, Zone::Fixed(-8 * 60)), 2);
    assert_eq!(
        streak_in(&p, now, Zone::UTC),
        1,
        "UTC days see a gap on Sunday"
    );
}

#[test]
fn accuracy_per_lesson_from_history() {
    let c = catalog(2, 1);
    let mut p = Progress::new();
    answer(&mut p, &c, "qa/q1", day(0.0), true);
    answer(&mut p, &c, "qa/q1", day(1.0), false);
    answer(&mut p, &c, "qa/q2", day(1.0), true);
    p.record_answer("gone/q1", tf_answer(day(1.0), true, 1.0));
    let acc = accuracy_per_lesson(&c, &p);
    assert_eq!(
        acc.get("a"),
        Some(&Accuracy {
            correct: 2,
            answered: 3
        })
    );
    assert!(!acc.contains_key("b"));
    assert!((acc["a"].ratio().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(Accuracy::default().ratio(), None);
}

#[test]
fn leeches_by_lapses_or_recent_failures() {
    let c = catalog(3, 0);
    let mut p = Progress::new();
    // qa/q1: learned, then forgotten four times.
    let mut t = 0.0;
    answer(&mut p, &c, "qa/q1", day(t), true);
    for _ in 0..4 {
        t += 10.0;
        answer(&mut p, &c, "qa/q1", day(t), false);
        t += 1.0;
        answer(&mut p, &c, "qa/q1", day(t), true);
    }
    // qa/q2: wrong from the first answer on: 4 wrong of its last 6 but only 3 lapses (the
    // first answer cannot be a lapse).
    for (i, ok) in [false, false, false, false].into_iter().enumerate() {
        answer(&mut p, &c, "qa/q2", day(i as f64), ok);
    }
    // qa/q3: wrong 3 of the last 6: not a leech.
    for (i, ok) in [false, false, false, true, true, true]
        .into_iter()
        .enumerate()
    {
        answer(&mut p, &c, "qa/q3", day(i as f64), ok);
    }
    assert_eq!(p.questions["qa/q1"].card.as_ref().unwrap().lapses, 4);
    let found = leeches(&c, &p);
    let ids: Vec<&str> = found.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["qa/q1", "qa/q2"]);
    assert_eq!(found[0].lapses, 4);
    assert_eq!(found[0].lesson, "a");
    assert_eq!(
        found[0].heading, None,
        "no checkpoint: from the lesson start"
    );
    assert_eq!(found[1].lapses, 3);
}

#[test]
fn section_heading_is_the_last_heading_before_the_line() {
    let headings = [
        (1u8, 3usize, "Intro"),
        (2, 10, "Roles"),
        (2, 20, "Policies"),
    ];
    let find = |line| section_heading(headings.iter().copied(), line);
    assert_eq!(find(2), None);
    assert_eq!(find(3).as_deref(), Some("Intro"));
    assert_eq!(find(15).as_deref(), Some("Roles"));
    assert_eq!(find(99).as_deref(), Some("Policies"));
}

#[test]
fn card_state_file_format() {
    let card = review(None, Rating::Good, day(0.0));
    let json = serde_json::to_string(&card).unwrap();
    assert!(json.contains("\"state\":\"review\""), "{json}");
    let back: CardState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, card);
    // An old placeholder card loads as a new one; a null number reads as 0.
    let old: CardState = serde_json::from_str("{}").unwrap();
    assert_eq!(old, CardState::default());
    let odd: CardState =
        serde_json::from_str(r#"{"stability": null, "state": "suspended", "flag": 1}"#).unwrap();
    assert_eq!(odd.stability, 0.0);
    assert_eq!(odd.state, CardPhase::Review);
    assert_eq!(odd.extra["flag"], 1);
    let nan = CardState {
        stability: f64::NAN,
        ..CardState::default()
    };
    let text = serde_json::to_string(&nan).unwrap();
    assert!(text.contains("\"stability\":null"), "{text}");
    assert!(serde_json::from_str::<CardState>(&text).is_ok());
}

#[test]
fn worked_sums_fade_as_stability_grows() {
    let c = catalog(1, 0);
    let mut p = Progress::new();
    assert_eq!(fade_for(None), Fade::Full);
    // Right answers at each due date: full, full, one step, ..., answer only.
    let mut levels = Vec::new();
    let mut at = day(0.0);
    for _ in 0..6 {
        let card = p.questions.get("qa/q1").and_then(|r| r.card.clone());
        levels.push(fade_for(card.as_ref()));
        answer(&mut p, &c, "qa/q1", at, true);
        at = p.questions["qa/q1"].card.as_ref().unwrap().due;
    }
    assert_eq!(levels[..2], [Fade::Full, Fade::Full]);
    assert!(levels.contains(&Fade::OneStep), "{levels:?}");
    assert_eq!(levels.last(), Some(&Fade::AnswerOnly), "{levels:?}");
    // A lapse of a known question brings the worked sum back (FSRS keeps some stability, so
    // with one step to fill); a lapse of a young one brings the whole sum back.
    answer(&mut p, &c, "qa/q1", at, false);
    assert_eq!(fade_for(p.questions["qa/q1"].card.as_ref()), Fade::OneStep);
    let mut young = Progress::new();
    answer(&mut young, &c, "qa/q1", day(0.0), true);
    let due = young.questions["qa/q1"].card.as_ref().unwrap().due;
    answer(&mut young, &c, "qa/q1", due, false);
    assert_eq!(fade_for(young.questions["qa/q1"].card.as_ref()), Fade::Full);
}
