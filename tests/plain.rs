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
    assert!(text.contains("next question is due at"), "{text}");
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
