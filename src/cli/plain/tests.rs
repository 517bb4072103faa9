//! Plain mode driven in memory: parsing, feedback, the run loop with a fake clock.
use std::io::Cursor;

use super::*;
use crate::content::{MatchItem, Quiz};
use crate::progress::days::Zone;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn question(id: &str, kind: Kind) -> Question {
    Question {
        id: id.into(),
        prompt: format!("Prompt {id}"),
        explanation: format!("Because {id}."),
        kind,
        line: 1,
    }
}

fn quiz() -> Quiz {
    Quiz {
        id: "t".into(),
        title: "Test".into(),
        lesson: "t".into(),
        path: "quizzes/t.toml".into(),
        lesson_line: 1,
        lint_explanations: true,
        questions: vec![
            question("tf", Kind::TrueFalse { answer: true }),
            question(
                "one",
                Kind::Single {
                    choices: strings(&["x", "y", "z"]),
                    answer: 2,
                },
            ),
            question(
                "num",
                Kind::Numeric {
                    answer: 250.0,
                    tolerance: 0.0,
                    unit: "ms".into(),
                },
            ),
        ],
    }
}

/// A clock that advances `step` on every look.
struct FakeClock {
    now: Duration,
    step: Duration,
}

impl Clock for FakeClock {
    fn now(&mut self) -> Timestamp {
        Timestamp::from_unix_millis(1_795_874_592_000 + self.elapsed().as_millis() as i64)
    }
    fn elapsed(&mut self) -> Duration {
        self.now += self.step;
        self.now
    }
}

fn run_text(plan: Plan, input: &str, step: Duration) -> (Score, String) {
    let mut input = Cursor::new(input.as_bytes().to_vec());
    let mut out = Vec::new();
    let mut saver = Saver {
        store: None,
        warned: false,
        err: Box::new(io::sink()),
    };
    let mut clock = FakeClock {
        now: Duration::ZERO,
        step,
    };
    let score = run(
        plan,
        Progress::new(),
        &mut input,
        &mut out,
        &mut saver,
        &mut clock,
    );
    (score, String::from_utf8(out).expect("utf-8 output"))
}

/// The right answer to the current question of a session, as typed.
fn right_line(s: &Session) -> String {
    let c = s.current().expect("a question");
    match &c.question.kind {
        Kind::TrueFalse { answer } => answer.to_string(),
        Kind::Single { answer, .. } => label(c.presented.arrangement.display(*answer).unwrap()),
        Kind::Numeric { answer, unit, .. } => format!("{answer} {unit}"),
        _ => unreachable!(),
    }
}

#[test]
fn labels_run_past_z() {
    assert_eq!(label(0), "a");
    assert_eq!(label(25), "z");
    assert_eq!(label(26), "aa");
    assert_eq!(label(27), "ab");
}

#[test]
fn parses_every_kind_and_explains_mistakes() {
    let single = Kind::Single {
        choices: strings(&["a", "b", "c"]),
        answer: 0,
    };
    assert_eq!(
        parse_response(&single, 3, " B \n"),
        Ok(Response::Single { choice: 1 })
    );
    assert_eq!(
        parse_response(&single, 3, "b)"),
        Ok(Response::Single { choice: 1 })
    );
    assert!(
        parse_response(&single, 3, "ab")
            .unwrap_err()
            .contains("one letter")
    );
    assert!(
        parse_response(&single, 3, "d")
            .unwrap_err()
            .contains("a to c")
    );
    assert!(parse_response(&single, 3, "").is_err());

    let multi = Kind::Multi {
        choices: strings(&["a", "b", "c", "d"]),
        answers: vec![0],
    };
    let set = |v: &[usize]| Response::Multi {
        choices: v.iter().copied().collect(),
    };
    assert_eq!(parse_response(&multi, 4, "a,c"), Ok(set(&[0, 2])));
    assert_eq!(parse_response(&multi, 4, "ac"), Ok(set(&[0, 2])));
    assert_eq!(parse_response(&multi, 4, "c, a d"), Ok(set(&[0, 2, 3])));
    assert!(parse_response(&multi, 4, "ax").is_err());

    let tf = Kind::TrueFalse { answer: true };
    for (text, want) in [("t", true), ("TRUE", true), ("f", false), ("false", false)] {
        assert_eq!(
            parse_response(&tf, 0, text),
            Ok(Response::TrueFalse { answer: want })
        );
    }
    assert!(parse_response(&tf, 0, "yes").is_err());

    let order = Kind::Order {
        items: strings(&["1", "2", "3"]),
    };
    let ord = |v: &[usize]| Response::Order { order: v.to_vec() };
    assert_eq!(parse_response(&order, 3, "c a b"), Ok(ord(&[2, 0, 1])));
    assert_eq!(parse_response(&order, 3, "cab"), Ok(ord(&[2, 0, 1])));
    assert_eq!(parse_response(&order, 3, "c,a,b"), Ok(ord(&[2, 0, 1])));
    assert!(
        parse_response(&order, 3, "c a")
            .unwrap_err()
            .contains("exactly once")
    );
    assert!(parse_response(&order, 3, "c a a").is_err());

    let matching = Kind::Match {
        categories: strings(&["x", "y"]),
        items: vec![
            MatchItem {
                text: "i".into(),
                category: 0,
            };
            3
        ],
    };
    let cats = |v: &[usize]| Response::Match {
        categories: v.iter().map(|&c| Some(c)).collect(),
    };
    assert_eq!(parse_response(&matching, 3, "1 2 1"), Ok(cats(&[0, 1, 0])));
    assert_eq!(parse_response(&matching, 3, "121"), Ok(cats(&[0, 1, 0])));
    assert!(
        parse_response(&matching, 3, "1 3 1")
            .unwrap_err()
            .contains("1 to 2")
    );
    assert!(
        parse_response(&matching, 3, "1 2")
            .unwrap_err()
            .contains("3 items")
    );

    let numeric = Kind::Numeric {
        answer: 1.0,
        tolerance: 0.0,
        unit: "ms".into(),
    };
    assert_eq!(
        parse_response(&numeric, 0, "1,250 ms"),
        Ok(Response::Numeric { value: 1250.0 })
    );
    assert!(
        parse_response(&numeric, 0, "fast")
            .unwrap_err()
            .contains("ms")
    );
}

#[test]
fn right_answers_use_the_shown_labels() {
    let perm = Permutation::from_display_order(vec![2, 0, 1]).unwrap();
    let single = Kind::Single {
        choices: strings(&["x", "y", "z"]),
        answer: 0,
    };
    // Original 0 is shown second.
    assert_eq!(right_answer(&single, &perm), "b) x");
    let order = Kind::Order {
        items: strings(&["x", "y", "z"]),
    };
    assert_eq!(right_answer(&order, &perm), "b c a: x, then y, then z");
    let matching = Kind::Match {
        categories: strings(&["P", "Q"]),
        items: vec![
            MatchItem {
                text: "x".into(),
                category: 0,
            },
            MatchItem {
                text: "y".into(),
                category: 1,
            },
            MatchItem {
                text: "z".into(),
                category: 1,
            },
        ],
    };
    assert_eq!(
        right_answer(&matching, &perm),
        "2 1 2 (a) z in 2 Q; b) x in 1 P; c) y in 2 Q)"
    );
    let numeric = Kind::Numeric {
        answer: 0.5,
        tolerance: 0.1,
        unit: "GB".into(),
    };
    assert_eq!(
        right_answer(&numeric, &Permutation::identity(0)),
        "0.5 GB (within 0.1)"
    );
}

#[test]
fn all_right_with_a_retry_and_escape_free_output() {
    let q = quiz();
    let mut s = Session::new(&q, 7);
    let mut lines = vec!["what?".to_string()];
    while s.current().is_some() {
        lines.push(right_line(&s));
        s.next();
    }
    let plan = Plan {
        header: "quiz".into(),
        sessions: vec![Session::new(&q, 7)],
        quiz: Some("t".into()),
        time_limit: None,
    };
    let (score, out) = run_text(plan, &(lines.join("\n") + "\n"), Duration::from_secs(1));
    assert_eq!(
        score,
        Score {
            correct: 3,
            total: 3
        }
    );
    assert_eq!(out.lines().last(), Some("score: 3/3"));
    assert_eq!(out.matches("\nright\n").count(), 3, "{out}");
    assert!(out.contains("question 1 of 3"), "{out}");
    assert!(out.contains("Because tf."), "{out}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn eof_midway_counts_the_rest_as_missed() {
    let q = quiz();
    let s = Session::new(&q, 3);
    let first = right_line(&s);
    let plan = Plan {
        header: "quiz".into(),
        sessions: vec![Session::new(&q, 3)],
        quiz: Some("t".into()),
        time_limit: None,
    };
    let (score, out) = run_text(plan, &first, Duration::from_secs(1));
    assert_eq!(
        score,
        Score {
            correct: 1,
            total: 3
        }
    );
    assert!(out.contains("2 unanswered"), "{out}");
    assert!(out.ends_with("score: 1/3\n"), "{out}");
}

#[test]
fn time_limit_stops_before_the_next_question() {
    let q = quiz();
    let sessions: Vec<Session> = q
        .questions
        .iter()
        .map(|x| Session::from_questions(vec![(format!("t/{}", x.id), x.clone())], 1))
        .collect();
    let answers: Vec<String> = sessions.iter().map(right_line).collect();
    let plan = Plan {
        header: "drill".into(),
        sessions,
        quiz: None,
        time_limit: Some(Duration::from_secs(60)),
    };
    // Each look at the clock moves it 25 s: the first question is asked at 25 s, answered
    // at 50 s; the check before the second one reads 100 s.
    let (score, out) = run_text(plan, &(answers.join("\n") + "\n"), Duration::from_secs(25));
    assert_eq!(
        score,
        Score {
            correct: 1,
            total: 1
        }
    );
    assert!(out.contains("time is up"), "{out}");
    assert!(out.ends_with("score: 1/1\n"), "{out}");
}

#[test]
fn hostile_text_is_cleaned() {
    let mut q = quiz();
    q.questions[0].prompt = "evil \u{1b}[2J prompt".into();
    q.questions[0].explanation = "line one\n\u{1b}]0;title\u{7}line two".into();
    q.questions.truncate(1);
    let plan = Plan {
        header: "quiz".into(),
        sessions: vec![Session::new(&q, 1)],
        quiz: None,
        time_limit: None,
    };
    let (_, out) = run_text(plan, "f\n", Duration::from_secs(1));
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(out.contains("wrong: the answer is true"), "{out}");
}

/// Runs the plain drill over [`quiz`] (a catalog of that one quiz, no lessons) from a fresh
/// progress, with the fake clock.
fn drill_text(input: &str, step: Duration, minutes: Option<u64>) -> (Score, String) {
    drill_text_from(Progress::new(), input, step, minutes)
}

/// [`drill_text`] starting from `progress` (a history of answers).
fn drill_text_from(
    progress: Progress,
    input: &str,
    step: Duration,
    minutes: Option<u64>,
) -> (Score, String) {
    use crate::progress::plan::{DrillPlan, PlanOptions};
    let catalog = Catalog {
        quizzes: vec![quiz()],
        ..Catalog::default()
    };
    let mut clock = FakeClock {
        now: Duration::ZERO,
        step,
    };
    let plan = DrillPlan::new(
        &catalog,
        &progress,
        clock.now(),
        Zone::UTC,
        &PlanOptions::default(),
    );
    let run = drill_run::DrillRun {
        catalog: &catalog,
        seed: 1,
        zone: Zone::UTC,
        header: "drill".into(),
        time_limit: minutes.map(|m| Duration::from_secs(m * 60)),
    };
    let mut input = Cursor::new(input.as_bytes().to_vec());
    let mut out = Vec::new();
    let mut saver = Saver {
        store: None,
        warned: false,
        err: Box::new(io::sink()),
    };
    let score = drill_run::run_drill(
        &run, plan, progress, &mut input, &mut out, &mut saver, &mut clock,
    );
    (score, String::from_utf8(out).expect("utf-8 output"))
}

/// What to type for question `id` of [`quiz`] in the drill (seed 1 + retries).
fn drill_answer(id: &str, retry: u64) -> String {
    let q = quiz();
    let question = q
        .questions
        .iter()
        .find(|x| format!("t/{}", x.id) == id)
        .unwrap();
    right_line(&Session::from_questions(
        vec![(id.to_string(), question.clone())],
        1 + retry,
    ))
}

#[test]
fn drill_time_limit_stops_before_the_next_question() {
    // Each look at the clock moves it 25 s: the check before the second question reads past 60 s.
    let input = format!(
        "{}\n{}\n",
        drill_answer("t/tf", 0),
        drill_answer("t/one", 0)
    );
    let (score, out) = drill_text(&input, Duration::from_secs(25), Some(1));
    assert_eq!(
        score,
        Score {
            correct: 1,
            total: 1
        }
    );
    assert!(
        out.contains("time is up: the remaining 2 questions"),
        "{out}"
    );
    assert!(out.ends_with("score: 1/1\n"), "{out}");
}

#[test]
fn drill_relearns_in_memory_and_reports_it() {
    // tf wrong, then one and num right; tf comes back (at the end: fewer than three remain).
    let input = format!(
        "f\n{}\n{}\n{}\n",
        drill_answer("t/one", 0),
        drill_answer("t/num", 0),
        drill_answer("t/tf", 1)
    );
    let (score, out) = drill_text(&input, Duration::from_secs(1), None);
    assert!(
        out.contains("question 4 of 4 (again, true or false)"),
        "{out}"
    );
    assert!(
        out.contains(" 3 questions, 2 right first time, 1 relearned;"),
        "{out}"
    );
    assert!(out.ends_with("score: 2/3\n"), "{out}");
    assert_eq!(
        score,
        Score {
            correct: 2,
            total: 3
        }
    );
    // Input ending before the retry: said so, and the score is unchanged.
    let input = format!(
        "f\n{}\n{}\n",
        drill_answer("t/one", 0),
        drill_answer("t/num", 0)
    );
    let (_, out) = drill_text(&input, Duration::from_secs(1), None);
    assert!(
        out.contains("end of input: 1 missed question not relearned yet"),
        "{out}"
    );
}

/// A review card missed and not relearned before the input ends: the line about it names the
/// day the scheduler set, and agrees with the summary's "due tomorrow" count (the trial saw
/// "they are due tomorrow" next to "due tomorrow: 0" for a card due in two days).
#[test]
fn a_missed_review_left_at_end_of_input_names_its_real_due_day() {
    use crate::progress::drill;
    use crate::quiz::{Answered, Response};
    let q = quiz();
    let tf = q.questions[0].clone();
    let mut progress = Progress::new();
    progress.settings.new_per_day = Some(0);
    let response = Response::TrueFalse { answer: true };
    let answered = Answered {
        outcome: crate::quiz::grade(&tf.kind, &response),
        response,
        elapsed: Duration::from_secs(5),
    };
    // One right answer a month before the fake clock's start: due now.
    let month_ago = Timestamp::from_unix_millis(1_795_874_592_000 - 30 * 86_400_000);
    drill::record(&mut progress, "t/tf", &tf, month_ago, answered);
    let (_, out) = drill_text_from(progress, "f\n", Duration::from_secs(1), None);
    assert!(!out.contains("they are due tomorrow"), "{out}");
    // The scheduler puts the lapsed card two days ahead: the line and the summary both say so.
    assert!(
        out.contains(
            "end of input: 1 missed question not relearned yet; \
             the first comes back for review on 2026-11-30 (in 2 days)"
        ),
        "{out}"
    );
    assert!(out.contains("; due tomorrow: 0\n"), "{out}");
}
