//! Plain mode end to end: the real binary, answers piped into stdin, `--seed 7`, a temporary
//! data folder. What to type is computed from the library with the same seed, so the tests know
//! which labels are right.
#[path = "plain/answers.rs"]
mod answers;

use answers::{
    Mode, cloudtutor, line_for, quiz_lines, score, stderr, stdout, write, write_mini_course,
};
use cloudtutor::api::content::{Catalog, ContentSource};
use cloudtutor::api::progress::Progress;
use cloudtutor::api::quiz::Session;

const SEED: u64 = 7;

fn progress(data: &std::path::Path) -> Progress {
    let text = std::fs::read_to_string(data.join("progress.json")).expect("progress.json saved");
    serde_json::from_str(&text).expect("progress.json is valid")
}

fn no_escapes(text: &str) {
    assert!(
        !text.chars().any(|c| c == '\u{1b}' || c == '\u{9b}'),
        "escape codes in plain output:\n{text}"
    );
}

#[test]
fn every_shipped_quiz_all_right() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    assert!(!catalog.quizzes.is_empty());
    for quiz in &catalog.quizzes {
        let data = tempfile::tempdir().expect("tempdir");
        let (lines, ids) = quiz_lines(quiz, SEED, Mode::Right);
        let input = lines.join("\n") + "\n";
        let out = cloudtutor(
            &["quiz", &quiz.id, "--plain", "--seed", "7"],
            data.path(),
            &input,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        no_escapes(&text);
        let n = quiz.questions.len();
        assert_eq!(score(&out), (n, n), "quiz {}:\n{text}", quiz.id);
        assert_eq!(text.lines().filter(|l| *l == "right").count(), n);
        assert!(!text.contains("wrong:"), "{text}");
        assert!(text.contains(&format!("question {n} of {n}")));

        let p = progress(data.path());
        for id in &ids {
            let record = &p.questions[id];
            assert_eq!(record.answers.len(), 1, "{id}");
            assert!(record.answers[0].correct, "{id}");
            assert!(record.answers[0].response.known().is_some(), "{id}");
            let card = record.card.as_ref().expect("a scheduler card");
            assert_eq!(card.reps, 1);
            assert!(card.due > record.answers[0].at, "due later");
        }
        assert_eq!(p.questions.len(), n);
        let attempts = &p.quizzes[&quiz.id].attempts;
        assert_eq!(attempts.len(), 1);
        assert_eq!(
            (attempts[0].correct, attempts[0].total),
            (n as u32, n as u32)
        );
        assert_eq!(p.quizzes[&quiz.id].best_score, 1.0);
    }
}

#[test]
fn all_wrong_with_feedback_and_explanations() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let quiz = catalog.quiz("api-design").expect("shipped quiz");
    let data = tempfile::tempdir().expect("tempdir");
    let (lines, ids) = quiz_lines(quiz, SEED, Mode::Wrong);
    let out = cloudtutor(
        &["quiz", "api-design", "--plain", "--seed", "7"],
        data.path(),
        &(lines.join("\n") + "\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let n = quiz.questions.len();
    assert_eq!(score(&out), (0, n), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("wrong: the answer is "))
            .count(),
        n
    );
    let first = quiz
        .question(ids[0].split('/').nth(1).expect("id"))
        .expect("q");
    let explanation_start: String = first.explanation.chars().take(20).collect();
    assert!(text.contains(&explanation_start), "{text}");
    let p = progress(data.path());
    assert!(
        ids.iter()
            .all(|id| p.questions[id].answers.len() == 1 && !p.questions[id].answers[0].correct)
    );
    assert_eq!(p.quizzes["api-design"].attempts[0].correct, 0);
}

#[test]
fn eof_midway_counts_the_rest_and_saves_what_was_answered() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let quiz = catalog.quiz("ec2").expect("shipped quiz");
    let data = tempfile::tempdir().expect("tempdir");
    let (lines, ids) = quiz_lines(quiz, SEED, Mode::Right);
    // Three right answers, then an invalid line (asked again, not counted), then end of input.
    let input = format!("{}\nnot an answer at all 999\n", lines[..3].join("\n"));
    let out = cloudtutor(
        &["quiz", "ec2", "--plain", "--seed", "7"],
        data.path(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0));
    let n = quiz.questions.len();
    assert_eq!(score(&out), (3, n));
    let text = stdout(&out);
    assert!(text.contains(&format!("{} unanswered", n - 3)), "{text}");
    let p = progress(data.path());
    let answered: Vec<&String> = p
        .questions
        .iter()
        .filter(|(_, r)| !r.answers.is_empty())
        .map(|(id, _)| id)
        .collect();
    assert_eq!(answered.len(), 3);
    for id in &ids[..3] {
        assert!(p.questions[id].answers[0].correct);
    }
    let attempt = &p.quizzes["ec2"].attempts[0];
    assert_eq!((attempt.correct, attempt.total), (3, n as u32));
}

#[test]
fn empty_input_scores_zero_and_saves_no_attempt() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(&["quiz", "ec2", "--plain", "--seed", "7"], data.path(), "");
    assert_eq!(out.status.code(), Some(0));
    let (n, m) = score(&out);
    assert_eq!(n, 0);
    assert!(m > 0);
    if data.path().join("progress.json").exists() {
        assert!(progress(data.path()).quizzes.is_empty());
    }
}

#[test]
fn same_seed_same_order() {
    let run = || {
        let data = tempfile::tempdir().expect("tempdir");
        let out = cloudtutor(&["quiz", "ec2", "--plain", "--seed", "7"], data.path(), "");
        stdout(&out)
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert!(a.contains("seed 7"));
}

#[test]
fn unknown_quiz_exits_2_with_the_list() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(&["quiz", "nope", "--plain"], data.path(), "");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("nope"), "{err}");
    assert!(err.contains("api-design") && err.contains("ec2"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn own_course_with_every_kind_and_retries() {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let catalog = Catalog::load(&ContentSource::Dir(course.path().to_path_buf()));
    assert!(catalog.diagnostics.is_empty(), "{:?}", catalog.diagnostics);
    let quiz = catalog.quiz("mini").expect("mini quiz");
    let mut s = Session::new(quiz, SEED);
    let mut input = String::new();
    while let Some(c) = s.current() {
        // A bad line before each answer: explained, asked again, not counted.
        input.push_str("zz 42 ??\n");
        input.push_str(&line_for(&c, Mode::Right));
        input.push('\n');
        s.next();
    }
    let data = tempfile::tempdir().expect("tempdir");
    let dir = course.path().to_str().expect("utf-8 path");
    let out = cloudtutor(
        &["quiz", "mini", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    no_escapes(&text);
    assert_eq!(score(&out), (6, 6), "{text}");
    assert!(
        text.starts_with("quiz: Mini quiz (6 questions, seed 7"),
        "{text}"
    );
    assert!(text.contains("categories:\n1) IaaS\n2) FaaS\n"), "{text}");
    assert!(text.contains("Answer with a number in ms."), "{text}");
    assert_eq!(
        text.matches("please").count() + text.matches("is not").count(),
        6,
        "{text}"
    );
    let p = progress(data.path());
    assert_eq!(p.questions.len(), 6);
    assert!(p.questions.values().all(|q| q.answers.len() == 1));
}

#[test]
fn drill_asks_new_questions_then_nothing_is_due() {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let dir = course.path().to_str().expect("utf-8 path");
    let catalog = Catalog::load(&ContentSource::Dir(course.path().to_path_buf()));
    let quiz = catalog.quiz("mini").expect("mini quiz");
    // A fresh learner: every question is new, in file order, each arranged by the seed.
    let input: String = quiz
        .questions
        .iter()
        .map(|q| {
            let s = Session::from_questions(vec![(format!("mini/{}", q.id), q.clone())], SEED);
            let c = s.current().expect("one question");
            line_for(&c, Mode::Right) + "\n"
        })
        .collect();
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(
        &["drill", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    no_escapes(&text);
    assert!(text.starts_with("drill: 0 due, 6 new"), "{text}");
    assert_eq!(score(&out), (6, 6), "{text}");
    assert!(text.find("Which one is a region?") < text.find("How many ms"));

    // Everything answered and nothing due yet: say so, score 0/0.
    let out = cloudtutor(&["drill", "--plain", "--content", dir], data.path(), "");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("nothing is due"), "{text}");
    assert!(text.contains("next question is due on 20"), "{text}");
    assert_eq!(score(&out), (0, 0));
}

#[test]
fn drill_asks_overdue_questions_first() {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    // Saved progress: `mini/cost` was learned long ago and is overdue.
    write(
        data.path(),
        "progress.json",
        r#"{"version": 1, "questions": {"mini/cost": {
            "answers": [{"at": "2020-01-01T10:00:00Z", "response": {"kind": "numeric", "value": 1000}, "correct": true, "score": 1, "seconds": 6}],
            "card": {"stability": 3.0, "difficulty": 5.0, "due": "2020-01-04T10:00:00Z", "last_review": "2020-01-01T10:00:00Z", "reps": 1, "lapses": 0, "state": "review"}
        }}}"#,
    );
    let out = cloudtutor(
        &["drill", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        "1000 ms\n",
    );
    let text = stdout(&out);
    assert!(text.starts_with("drill: 1 due, 5 new"), "{text}");
    let first = text.find("question 1 of 6").expect("first question");
    assert!(
        text[first..].lines().nth(1) == Some("How many ms in a second?"),
        "{text}"
    );
    assert_eq!(score(&out), (1, 6));
    let p = progress(data.path());
    let cost = &p.questions["mini/cost"];
    assert_eq!(cost.answers.len(), 2);
    let card = cost.card.as_ref().expect("card");
    assert_eq!(card.reps, 2);
    assert!(
        card.stability > 3.0,
        "a late right answer strengthens memory"
    );
}

/// The mini course's questions as the plain drill asks them: `(full id, what to type)` for the
/// question with `retry` earlier wrong answers in this drill (a retry is arranged with seed + 1).
fn drill_line(catalog: &Catalog, id: &str, retry: u64, mode: Mode) -> String {
    let (_, q) = catalog.question(id).expect("question");
    let s = Session::from_questions(vec![(id.to_string(), q.clone())], SEED + retry);
    line_for(&s.current().expect("one question"), mode) + "\n"
}

fn mini() -> (tempfile::TempDir, Catalog) {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let catalog = Catalog::load(&ContentSource::Dir(course.path().to_path_buf()));
    (course, catalog)
}

const MINI: [&str; 6] = [
    "mini/pick",
    "mini/many",
    "mini/tf",
    "mini/steps",
    "mini/sort",
    "mini/cost",
];

#[test]
fn drill_brings_a_wrong_answer_back_in_the_same_session() {
    let (course, catalog) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    // Wrong on the first question; it comes back after three others, then right.
    let mut input = drill_line(&catalog, MINI[0], 0, Mode::Wrong);
    for id in &MINI[1..4] {
        input += &drill_line(&catalog, id, 0, Mode::Right);
    }
    input += &drill_line(&catalog, MINI[0], 1, Mode::Right);
    for id in &MINI[4..] {
        input += &drill_line(&catalog, id, 0, Mode::Right);
    }
    let out = cloudtutor(
        &["drill", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    no_escapes(&text);
    assert!(text.starts_with("drill: 0 due, 6 new"), "{text}");
    assert_eq!(
        text.matches("this question comes back in a few questions")
            .count(),
        1
    );
    let again = text
        .find("question 5 of 7 (again, choose one)")
        .expect("the retry");
    assert!(
        text[again..].lines().nth(1) == Some("Which one is a region?"),
        "{text}"
    );
    assert!(
        text.contains(" 6 questions, 5 right first time, 1 relearned;"),
        "{text}"
    );
    assert_eq!(score(&out), (5, 6), "{text}");
    let p = progress(data.path());
    let pick = &p.questions["mini/pick"];
    assert_eq!(pick.answers.len(), 2);
    assert!(!pick.answers[0].correct && pick.answers[1].correct);
    assert_eq!(
        pick.answers[1].practice,
        cloudtutor::api::progress::Practice::Relearn
    );
    let card = pick.card.as_ref().expect("card");
    assert_eq!(card.reps, 1, "the retry is not a second review");
    assert!(
        card.due > pick.answers[1].at,
        "due from the first, wrong answer: tomorrow"
    );
}

#[test]
fn drill_limit_caps_the_session() {
    let (course, catalog) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    let input: String = MINI[..2]
        .iter()
        .map(|id| drill_line(&catalog, id, 0, Mode::Right))
        .collect();
    let out = cloudtutor(
        &[
            "drill",
            "--plain",
            "--limit",
            "2",
            "--seed",
            "7",
            "--content",
            dir,
        ],
        data.path(),
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("drill: 0 due, 2 new"), "{text}");
    assert_eq!(score(&out), (2, 2), "{text}");
    assert_eq!(progress(data.path()).questions.len(), 2);
}

#[test]
fn new_per_day_is_remembered() {
    let (course, _) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(
        &["drill", "--plain", "--new-per-day", "3", "--content", dir],
        data.path(),
        "",
    );
    assert!(
        stdout(&out).starts_with("drill: 0 due, 3 new"),
        "{}",
        stdout(&out)
    );
    assert_eq!(progress(data.path()).settings.new_per_day, Some(3));
    // A later drill without the flag keeps the setting.
    let out = cloudtutor(&["drill", "--plain", "--content", dir], data.path(), "");
    assert!(
        stdout(&out).starts_with("drill: 0 due, 3 new"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn cram_asks_weakest_first_and_leaves_the_schedule_alone() {
    let (course, catalog) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    // A first drill: `mini/tf` wrong (and never retried: input ends), the rest right.
    let mut input = String::new();
    for id in MINI {
        let mode = if id == "mini/tf" {
            Mode::Wrong
        } else {
            Mode::Right
        };
        input += &drill_line(&catalog, id, 0, mode);
    }
    let out = cloudtutor(
        &["drill", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        &input,
    );
    assert_eq!(score(&out), (5, 6), "{}", stdout(&out));
    let before = progress(data.path());
    let cards = |p: &Progress| {
        serde_json::to_string(
            &p.questions
                .iter()
                .map(|(id, r)| (id.clone(), r.card.clone()))
                .collect::<Vec<_>>(),
        )
        .expect("json")
    };

    // Cram the missed ones: only `mini/tf` (its last answer was wrong), answered right.
    let out = cloudtutor(
        &[
            "drill",
            "--plain",
            "--cram",
            "--missed",
            "--seed",
            "7",
            "--content",
            dir,
        ],
        data.path(),
        &drill_line(&catalog, "mini/tf", 0, Mode::Right),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("cram: 1 question, missed and weakest first"),
        "{text}"
    );
    assert!(text.contains("S3 is object storage."), "{text}");
    assert!(text.contains("cram done on "), "{text}");
    assert_eq!(score(&out), (1, 1), "{text}");
    let after = progress(data.path());
    assert_eq!(
        cards(&after),
        cards(&before),
        "the schedule is byte for byte the same"
    );
    let tf = &after.questions["mini/tf"].answers;
    assert_eq!(tf.len(), 2, "the cram answer is in the history");
    assert_eq!(tf[1].practice, cloudtutor::api::progress::Practice::Cram);

    // --lesson with an unknown lesson is refused with the list.
    let out = cloudtutor(
        &[
            "drill",
            "--plain",
            "--cram",
            "--lesson",
            "nope",
            "--content",
            dir,
        ],
        data.path(),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no lesson `nope`. Lessons: mini"),
        "{}",
        stderr(&out)
    );
    // --missed without --cram is a usage error; --cram without a terminal (the full-screen
    // cram, tested in tests/tui.rs) points at --plain.
    let out = cloudtutor(&["drill", "--plain", "--missed"], data.path(), "");
    assert_eq!(out.status.code(), Some(2));
    let out = cloudtutor(&["drill", "--cram"], data.path(), "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cloudtutor drill --plain"),
        "{}",
        stderr(&out)
    );
}

/// Seconds since the epoch now, from the system clock (the binary reads the same clock).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

fn stamp(ms: i64) -> String {
    cloudtutor::api::progress::Timestamp::from_unix_millis(ms).to_string()
}

/// Runs the plain drill on the mini course with `TZ` set, no input.
fn drill_in_zone(tz: &str, data: &std::path::Path, dir: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["drill", "--plain", "--content", dir, "--data-dir"])
        .arg(data)
        .env("TZ", tz)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn due_today_is_decided_by_the_local_day() {
    let (course, _) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    // In a zone 8 hours behind UTC (no daylight saving), a card due later today, local time.
    const DAY: i64 = 86_400_000;
    let now = now_ms();
    let offset = -8 * 3_600_000;
    let next_midnight = (now + offset).div_euclid(DAY) * DAY + DAY - offset;
    let due = now + (next_midnight - now) / 2;
    let card = format!(
        r#"{{"version": 1, "questions": {{"mini/cost": {{
            "answers": [{{"at": "{last}", "response": {{"kind": "numeric", "value": 1000}}, "correct": true, "score": 1, "seconds": 6}}],
            "card": {{"stability": 3.0, "difficulty": 5.0, "due": "{due}", "last_review": "{last}", "reps": 1, "lapses": 0, "state": "review"}}
        }}}}}}"#,
        last = stamp(due - 3 * DAY),
        due = stamp(due)
    );
    write(data.path(), "progress.json", &card);
    let out = drill_in_zone("PST8", data.path(), dir);
    let text = stdout(&out);
    assert!(text.starts_with("drill: 1 due, 5 new"), "{text}");
}

#[test]
fn streak_and_summary_use_local_days() {
    let (course, _) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    // Two answers on consecutive days in a zone 8 hours behind UTC, two UTC days apart: the
    // day-before-yesterday at 19:00 UTC (11:00 local) and today at 01:00 UTC (17:00 local
    // yesterday), or now if that is still to come.
    const DAY: i64 = 86_400_000;
    let now = now_ms();
    let midnight = now.div_euclid(DAY) * DAY;
    let first = midnight - 29 * 3_600_000;
    let second = (midnight + 3_600_000).min(now - 1000);
    let answer = |at: i64| {
        format!(
            r#"{{"at": "{}", "response": {{"kind": "true_false", "answer": true}}, "correct": true, "score": 1, "seconds": 3}}"#,
            stamp(at)
        )
    };
    write(
        data.path(),
        "progress.json",
        &format!(
            r#"{{"version": 1, "questions": {{"mini/tf": {{"answers": [{}, {}]}}}}}}"#,
            answer(first),
            answer(second)
        ),
    );
    let text = stdout(&drill_in_zone("PST8", data.path(), dir));
    assert!(text.contains("; streak 2 days;"), "{text}");
    let text = stdout(&drill_in_zone("UTC0", data.path(), dir));
    assert!(text.contains("; streak 1 day;"), "{text}");
}

#[test]
fn a_time_from_the_future_is_warned_once_and_scheduled_from_now() {
    let (course, _) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    write(
        data.path(),
        "progress.json",
        r#"{"version": 1, "questions": {"mini/cost": {
            "answers": [{"at": "2099-01-01T10:00:00Z", "response": {"kind": "numeric", "value": 1000}, "correct": true, "score": 1, "seconds": 6}],
            "card": {"stability": 3.0, "difficulty": 5.0, "due": "2099-01-04T10:00:00Z", "last_review": "2099-01-01T10:00:00Z", "reps": 1, "lapses": 0, "state": "review"}
        }}}"#,
    );
    let out = cloudtutor(
        &["drill", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        "1000\n",
    );
    let err = stderr(&out);
    assert_eq!(
        err.matches("later than this computer's clock").count(),
        1,
        "{err}"
    );
    let text = stdout(&out);
    assert!(text.starts_with("drill: 1 due, 5 new"), "{text}");
    assert!(
        text[..text.find("question 2").unwrap_or(text.len())].contains("How many ms"),
        "{text}"
    );
    let p = progress(data.path());
    let card = p.questions["mini/cost"].card.as_ref().expect("card");
    assert!(
        card.due.to_string().as_str() < "2099",
        "scheduled from now: {}",
        card.due
    );
}

/// When the day's new-question limit is what keeps new questions out, the drill says so and
/// names --new-per-day and --cram (a trial got only "nothing is due" with ~100 questions unseen).
#[test]
fn a_used_up_new_question_limit_is_named() {
    let (course, catalog) = mini();
    let dir = course.path().to_str().expect("utf-8 path");
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(
        &["drill", "--plain", "--new-per-day", "1", "--content", dir],
        data.path(),
        &drill_line(&catalog, MINI[0], 0, Mode::Right),
    );
    assert!(
        stdout(&out).starts_with("drill: 0 due, 1 new"),
        "{}",
        stdout(&out)
    );
    let out = cloudtutor(&["drill", "--plain", "--content", dir], data.path(), "");
    let text = stdout(&out);
    assert!(text.contains("drill: nothing is due"), "{text}");
    assert!(
        text.contains(
            "drill: no new question either: today's 1 new question is used up \
             (answers in quizzes count too). --new-per-day N allows more a day; --cram \
             practises without moving the schedule."
        ),
        "{text}"
    );
    let out = cloudtutor(
        &["drill", "--plain", "--new-per-day", "0", "--content", dir],
        data.path(),
        "",
    );
    assert!(
        stdout(&out).contains("new questions are off (--new-per-day 0)"),
        "{}",
        stdout(&out)
    );
}
