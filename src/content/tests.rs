//! Course-level validation: every error `cloudtutor check` promises, each naming its file and line.
use super::source::{RawCourse, RawFile};
use super::*;

fn file(path: &str, text: &str) -> RawFile {
    RawFile {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn catalog(lessons: &[(&str, &str)], quizzes: &[(&str, &str)]) -> Catalog {
    let raw = RawCourse {
        lessons: lessons.iter().map(|(p, t)| file(p, t)).collect(),
        quizzes: quizzes.iter().map(|(p, t)| file(p, t)).collect(),
    };
    Catalog::from_raw(&raw, Vec::new())
}

fn messages(c: &Catalog) -> Vec<String> {
    c.diagnostics.iter().map(|d| d.to_string()).collect()
}

const LESSON_A: &str = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\nquiz = \"qa\"\n+++\n# A\n";
const QUIZ_A: &str = r#"id = "qa"
title = "Quiz A"
lesson = "a"

[[question]]
kind = "single"
prompt = "Pick one"
explanation = "Because."
choices = ["x", "y"]
answer = 1
"#;

#[test]
fn a_clean_course_has_no_diagnostics() {
    let c = catalog(
        &[("lessons/a.md", LESSON_A)],
        &[("quizzes/qa.toml", QUIZ_A)],
    );
    assert!(c.diagnostics.is_empty(), "{:?}", messages(&c));
    assert_eq!(c.lessons.len(), 1);
    assert_eq!(
        c.quizzes[0].questions[0].id, "q1",
        "ids are derived from the position"
    );
    assert!(c.question("qa/q1").is_some());
}

#[test]
fn not_utf8_names_file_and_line() {
    let raw = RawCourse {
        lessons: vec![RawFile {
            path: "lessons/bad.md".into(),
            bytes: b"+++\nid = \"\xff\"\n".to_vec(),
        }],
        quizzes: vec![],
    };
    let c = Catalog::from_raw(&raw, Vec::new());
    assert_eq!(
        messages(&c),
        vec!["lessons/bad.md:2: error: not valid UTF-8 (bad byte at offset 10)"]
    );
}

#[test]
fn every_kind_of_quiz_problem_is_reported_with_its_line() {
    let quiz = r#"id = "qa"
title = "Quiz A"
lesson = "nope"

[[question]]
kind = "single"
prompt = "Out of range"
explanation = "x"
choices = ["a", "b"]
answer = 2

[[question]]
kind = "multi"
prompt = "Empty answers"
explanation = "x"
choices = ["a", "b"]
answers = []

[[question]]
kind = "single"
prompt = "No explanation"
choices = ["a", "b"]
answer = 0

[[question]]
kind = "essay"
prompt = "Unknown kind"
explanation = "x"

[[question]]
id = "q1"
kind = "true_false"
prompt = "Duplicate id of a question that failed above; fine"
explanation = "x"
answer = true

[[question]]
id = "q1"
kind = "true_false"
prompt = "Now a real duplicate"
explanation = "x"
answer = false

[[question]]
kind = "match"
prompt = "Bad category"
explanation = "x"
categories = ["You", "AWS"]
items = [{ text = "Patch the OS", category = "Nobody" }]

[[question]]
kind = "numeric"
prompt = "Wrong type"
explanation = "x"
answer = "ten"
unit = "USD"
"#;
    let c = catalog(&[], &[("quizzes/qa.toml", quiz)]);
    assert_eq!(
        messages(&c),
        vec![
            "quizzes/qa.toml:10: error: question `q1`: `answer` = 2 does not fit `choices`: it has 2 entries, so valid indices are 0 to 1",
            "quizzes/qa.toml:17: error: question `q2`: `answers` must list at least one right choice",
            "quizzes/qa.toml:19: error: question `q3`: missing required key `explanation`",
            "quizzes/qa.toml:26: error: question `q4`: unknown question kind `essay` (expected one of: single, multi, true_false, order, match, numeric, generated, predict)",
            "quizzes/qa.toml:37: error: duplicate question id `q1` (first used on line 30)",
            "quizzes/qa.toml:49: error: match item: category `Nobody` is not one of `categories` (You, AWS)",
            "quizzes/qa.toml:55: error: question `q8`: `answer` must be a number, found a string",
            "quizzes/qa.toml:3: error: quiz `qa` names lesson `nope`, which does not exist",
        ]
    );
    assert_eq!(
        c.quizzes[0].questions.len(),
        1,
        "the one good question still loads"
    );
}

#[test]
fn quiz_without_questions() {
    let c = catalog(
        &[],
        &[(
            "quizzes/e.toml",
            "id = \"e\"\ntitle = \"E\"\nlesson = \"a\"\n",
        )],
    );
    assert_eq!(
        messages(&c),
        vec!["quizzes/e.toml:1: error: quiz has no questions: add at least one [[question]] table"]
    );
    assert!(c.quizzes.is_empty());
}

#[test]
fn duplicate_ids_and_missing_links() {
    let lesson_b = "+++\nid = \"a\"\ntitle = \"B\"\norder = 2\n+++\n";
    let lesson_c = "+++\nid = \"c\"\ntitle = \"C\"\norder = 3\nquiz = \"ghost\"\n+++\n";
    let c = catalog(
        &[
            ("lessons/a.md", LESSON_A),
            ("lessons/b.md", lesson_b),
            ("lessons/c.md", lesson_c),
        ],
        &[("quizzes/qa.toml", QUIZ_A), ("quizzes/qa2.toml", QUIZ_A)],
    );
    assert_eq!(
        messages(&c),
        vec![
            "lessons/b.md:2: error: duplicate lesson id `a` (first defined at lessons/a.md:2)",
            "quizzes/qa2.toml:1: error: duplicate quiz id `qa` (first defined at quizzes/qa.toml:1)",
            "lessons/c.md:5: error: lesson `c` names quiz `ghost`, which does not exist",
        ]
    );
    assert_eq!(c.lessons.len(), 2);
}

#[test]
fn live_blocks_are_checked() {
    let lesson = "+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\n# A\n\n```sim warp-drive\nspeed = 9\n```\n\n```quiz qa/q9\n```\n\n```quiz nowhere/q1\n```\n\n```quiz qa/q1\n```\n";
    let c = catalog(&[("lessons/a.md", lesson)], &[("quizzes/qa.toml", QUIZ_A)]);
    assert_eq!(
        messages(&c),
        vec![
            "lessons/a.md:12: error: checkpoint `qa/q9`: quiz `qa` has no question `q9` (it has: q1)",
            "lessons/a.md:15: error: checkpoint `nowhere/q1` names quiz `nowhere`, which does not exist",
            "lessons/a.md:8: error: unknown sim `warp-drive` (expected one of: scaling, cold-start, db-connections, cost)",
        ]
    );
}

#[test]
fn a_bad_file_never_stops_good_ones() {
    let c = catalog(
        &[
            ("lessons/a.md", LESSON_A),
            ("lessons/z.md", "no front matter"),
        ],
        &[
            ("quizzes/qa.toml", QUIZ_A),
            ("quizzes/broken.toml", "id = "),
        ],
    );
    assert_eq!(c.diagnostics.len(), 2, "{:?}", messages(&c));
    assert_eq!(c.lessons.len(), 1);
    assert_eq!(c.quizzes.len(), 1);
}

#[test]
fn every_kind_parses() {
    let quiz = r#"id = "k"
title = "Kinds"
lesson = "a"

[[question]]
kind = "multi"
prompt = "p"
explanation = "e"
choices = ["a", "b", "c"]
answers = [0, 2]

[[question]]
kind = "true_false"
prompt = "p"
explanation = "e"
answer = false

[[question]]
kind = "order"
prompt = "p"
explanation = "e"
items = ["first", "second", "third"]

[[question]]
kind = "match"
prompt = "p"
explanation = "e"
categories = ["You", "AWS"]
items = [{ text = "Guest OS patches", category = "You" }, { text = "Hypervisor", category = "AWS" }]

[[question]]
id = "cost"
kind = "numeric"
prompt = "p"
explanation = "e"
answer = 7.59
tolerance = 0.05
unit = "USD"
"#;
    let c = catalog(
        &[("lessons/a.md", LESSON_A)],
        &[("quizzes/qa.toml", QUIZ_A), ("quizzes/k.toml", quiz)],
    );
    assert!(c.diagnostics.is_empty(), "{:?}", messages(&c));
    let q = c.quiz("k").expect("quiz k");
    let kinds: Vec<&str> = q.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(
        kinds,
        vec!["multi", "true_false", "order", "match", "numeric"]
    );
    assert_eq!(q.questions[4].id, "cost");
    assert_eq!(
        q.questions[4].kind,
        Kind::Numeric {
            answer: 7.59,
            tolerance: 0.05,
            unit: "USD".into()
        }
    );
    assert_eq!(
        q.questions[3].kind,
        Kind::Match {
            categories: vec!["You".into(), "AWS".into()],
            items: vec![
                MatchItem {
                    text: "Guest OS patches".into(),
                    category: 0
                },
                MatchItem {
                    text: "Hypervisor".into(),
                    category: 1
                }
            ],
        }
    );
}

#[test]
fn generated_questions_are_checked() {
    let quiz = r#"id = "g"
title = "G"
lesson = "a"

[[question]]
kind = "generated"
model = "lambda_cost"
unit = "USD"
prompt = "{memory_mb} MB, {colour}?"
explanation = "{answer}"
[question.vars]
memory_mb = [128]
duration_ms = { min = 5, max = 1 }
requests = []

[[question]]
kind = "generated"
model = "warp"
unit = "USD"
prompt = "p"
explanation = "e"

[[question]]
kind = "generated"
model = "concurrency"
unit = "environments"
prompt = "{rate} per second for {duration_ms} ms?"
explanation = "{rate} x {duration_s} = {answer}"
[question.vars]
rate = [10, 20]
duration_ms = { min = 100, max = 500, step = 100 }
"#;
    let c = catalog(
        &[("lessons/a.md", LESSON_A)],
        &[("quizzes/qa.toml", QUIZ_A), ("quizzes/g.toml", quiz)],
    );
    assert_eq!(
        messages(&c),
        vec![
            "quizzes/g.toml:13: error: question `q1` vars: `duration_ms` needs min <= max and a step > 0 (at most 1e9 steps)",
            "quizzes/g.toml:14: error: question `q1` vars: `requests` must be a non-empty array of numbers",
            "quizzes/g.toml:9: error: question `q1`: unknown placeholder `{colour}` (known: memory_mb, duration_ms, requests, gb_seconds, billable_gb_seconds, billable_requests, request_cost, duration_cost, gb_second_price, memory_gb, duration_s, answer, unit)",
            "quizzes/g.toml:18: error: question `q2`: unknown generator model `warp` (expected one of: lambda_cost, instances_needed, concurrency, ec2_monthly)",
        ]
    );
    let g = c.quiz("g").expect("quiz g loads with its good question");
    assert_eq!(g.questions.len(), 1);
    assert_eq!(g.questions[0].kind.name(), "generated");
}

/// Issue 13, item 3: something that exists but has errors is never reported as missing by the
/// files that name it, and is known to exist (so `list` can show it).
mod things_with_errors_are_not_missing {
    use super::*;

    const LESSON_T: &str =
        "+++\nid = \"t\"\ntitle = \"T\"\norder = 1\nquiz = \"t\"\n+++\n# T\n\n```quiz t/q1\n```\n";
    const QUIZ_T_BAD: &str = "id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nid = \"q1\"\n\
        kind = \"single\"\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 5\nexplanation = \"e\"\n";

    #[test]
    fn a_quiz_whose_only_question_is_broken_gets_one_error_and_no_follow_ons() {
        let c = catalog(
            &[("lessons/t.md", LESSON_T)],
            &[("quizzes/t.toml", QUIZ_T_BAD)],
        );
        assert_eq!(
            messages(&c),
            vec![
                "quizzes/t.toml:9: error: question `q1`: `answer` = 5 does not fit `choices`: it has 2 entries, so valid indices are 0 to 1"
            ]
        );
        assert!(c.quizzes.is_empty());
        assert!(c.unloaded.quizzes.contains("t"), "{:?}", c.unloaded);
    }

    #[test]
    fn a_checkpoint_on_a_broken_question_of_a_good_quiz_is_not_missing() {
        let quiz = format!(
            "{QUIZ_T_BAD}[[question]]\nid = \"q2\"\nkind = \"true_false\"\nprompt = \"p\"\nanswer = true\nexplanation = \"e\"\n"
        );
        let c = catalog(&[("lessons/t.md", LESSON_T)], &[("quizzes/t.toml", &quiz)]);
        assert_eq!(messages(&c).len(), 1, "{:?}", messages(&c));
        assert!(c.unloaded.questions.contains("t/q1"));
        assert_eq!(c.quizzes[0].questions.len(), 1);
    }

    #[test]
    fn a_quiz_naming_a_lesson_with_errors_adds_nothing() {
        let lesson = "+++\nid = \"t\"\norder = 1\nquiz = \"t\"\n+++\n# T\n";
        let quiz = "id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nkind = \"true_false\"\nprompt = \"p\"\nanswer = true\nexplanation = \"e\"\n";
        let c = catalog(&[("lessons/t.md", lesson)], &[("quizzes/t.toml", quiz)]);
        assert_eq!(
            messages(&c),
            vec!["lessons/t.md:1: error: front matter: missing required key `title`"]
        );
        assert!(c.unloaded.lessons.contains("t"));
    }

    #[test]
    fn an_unreadable_quiz_file_may_be_the_one_named_and_the_message_says_so() {
        let c = catalog(
            &[("lessons/t.md", LESSON_T)],
            &[("quizzes/t.toml", "id = \"t\ntitle = 1\n")],
        );
        let m = messages(&c);
        assert!(
            m[0].starts_with("quizzes/t.toml:1: error: TOML syntax error"),
            "{m:?}"
        );
        assert!(
            m.iter().skip(1).all(|l| !l.contains("does not exist")
                && l.contains("not among the quizzes that loaded; quizzes/t.toml has errors")),
            "{m:?}"
        );
        assert_eq!(c.unloaded.quiz_files, ["quizzes/t.toml"]);
    }

    #[test]
    fn what_is_truly_missing_still_does_not_exist() {
        let c = catalog(&[("lessons/t.md", LESSON_T)], &[]);
        assert_eq!(
            messages(&c),
            vec![
                "lessons/t.md:5: error: lesson `t` names quiz `t`, which does not exist",
                "lessons/t.md:9: error: checkpoint `t/q1` names quiz `t`, which does not exist",
            ]
        );
        assert!(c.unloaded.is_empty());
    }

    #[test]
    fn index_errors_use_the_right_number() {
        let quiz = "id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nkind = \"multi\"\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswers = [3]\nexplanation = \"e\"\n";
        let c = catalog(&[("lessons/t.md", LESSON_T)], &[("quizzes/t.toml", quiz)]);
        assert!(
            messages(&c)[0].ends_with("it has 2 entries, so valid indices are 0 to 1"),
            "{:?}",
            messages(&c)
        );
        assert_eq!(
            super::super::fields::valid_indices(1),
            "it has 1 entry, so the only valid index is 0"
        );
        assert_eq!(
            super::super::fields::valid_indices(0),
            "it is empty, so no index is valid"
        );
    }
}
