//! Shared by `tests/plain.rs` and `tests/results.rs`: runs the real binary with piped input,
//! and computes what to type for each question from the library (the same catalog, seed and
//! presentation as the binary), so tests know which labels are right.
#![allow(dead_code)]
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use cloudtutor::api::content::{Kind, Quiz};
use cloudtutor::api::quiz::{Current, Session};

/// Runs `cloudtutor ARGS --data-dir DATA` with `stdin` piped in, and waits for it.
pub fn cloudtutor(args: &[&str], data: &Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("CLOUDTUTOR_DATA_DIR")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // The binary may stop reading early (e.g. an unknown quiz): a broken pipe is fine.
        let _ = pipe.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("the binary finishes")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `N/M` of the last line, which must be `score: N/M`.
pub fn score(o: &Output) -> (usize, usize) {
    let text = stdout(o);
    let last = text.lines().last().unwrap_or("");
    let rest = last
        .strip_prefix("score: ")
        .unwrap_or_else(|| panic!("last line is not a score: {last:?}\n{text}"));
    let (n, m) = rest.split_once('/').expect("N/M");
    (
        n.parse().expect("N is a number"),
        m.parse().expect("M is a number"),
    )
}

/// The label plain mode shows at display position `i`.
pub fn letter(i: usize) -> String {
    assert!(i < 26, "test content has at most 26 choices");
    char::from(b'a' + i as u8).to_string()
}

/// What to type: the right answer, or one that is surely wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Right,
    Wrong,
}

/// The line to type for the question on screen, in the labels plain mode shows.
pub fn line_for(c: &Current<'_>, mode: Mode) -> String {
    let perm = &c.presented.arrangement;
    let shown = |original: usize| letter(perm.display(original).expect("in range"));
    let right = mode == Mode::Right;
    match &c.question.kind {
        Kind::Single { choices, answer } => {
            let pick = if right {
                *answer
            } else {
                (answer + 1) % choices.len()
            };
            shown(pick)
        }
        Kind::Multi { choices, answers } => {
            if right {
                answers
                    .iter()
                    .map(|&a| shown(a))
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                // One wrong choice if there is one, else only the first right one.
                let wrong = (0..choices.len()).find(|i| !answers.contains(i));
                match (wrong, answers.len()) {
                    (Some(w), _) => shown(w),
                    (None, n) if n > 1 => shown(answers[0]),
                    _ => unreachable!("a multi question with a single choice"),
                }
            }
        }
        Kind::TrueFalse { answer } => if *answer == right { "t" } else { "f" }.to_string(),
        Kind::Generated(_) | Kind::Predict(_) => {
            unreachable!("sessions ask generated questions as numeric ones")
        }
        Kind::Order { items } => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            if !right {
                let j = (1..items.len())
                    .find(|&j| items[j] != items[0])
                    .expect("distinct items");
                order.swap(0, j);
            }
            order
                .iter()
                .map(|&i| shown(i))
                .collect::<Vec<_>>()
                .join(" ")
        }
        Kind::Match { categories, items } => (0..items.len())
            .map(|d| {
                let item = &items[perm.original(d).expect("in range")];
                let cat = if right {
                    item.category
                } else {
                    (item.category + 1) % categories.len()
                };
                (cat + 1).to_string()
            })
            .collect::<Vec<_>>()
            .join(" "),
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let value = if right {
                *answer
            } else {
                answer + tolerance * 2.0 + answer.abs() + 1000.0
            };
            format!("{value} {unit}")
        }
    }
}

/// The lines to type for a whole quiz session with `seed`, and the full ids in the order asked.
pub fn quiz_lines(quiz: &Quiz, seed: u64, mode: Mode) -> (Vec<String>, Vec<String>) {
    let mut s = Session::new(quiz, seed);
    let mut lines = Vec::new();
    let mut ids = Vec::new();
    while let Some(c) = s.current() {
        lines.push(line_for(&c, mode));
        ids.push(c.id.to_string());
        s.next();
    }
    (lines, ids)
}

/// Writes `text` to `dir/rel`, creating folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A small course (load it with `--content DIR`): one lesson and a quiz `mini` of six
/// questions, one of each kind.
pub fn write_mini_course(dir: &Path) {
    write(
        dir,
        "lessons/01-mini.md",
        "+++\nid = \"mini\"\ntitle = \"Mini\"\norder = 1\nquiz = \"mini\"\n+++\n# Mini\n\nA tiny lesson.\n",
    );
    write(
        dir,
        "quizzes/mini.toml",
        r#"id = "mini"
title = "Mini quiz"
lesson = "mini"

[[question]]
id = "pick"
kind = "single"
prompt = "Which one is a region?"
choices = ["eu-west-1", "t3.micro", "gp3, the volume type"]
answer = 0
explanation = "Regions are named like eu-west-1."

[[question]]
id = "many"
kind = "multi"
prompt = "Which are compute services?"
choices = ["EC2", "S3", "Lambda", "Route 53"]
answers = [0, 2]
explanation = "EC2 and Lambda run code."

[[question]]
id = "tf"
kind = "true_false"
prompt = "S3 is object storage."
answer = true
explanation = "It is."

[[question]]
id = "steps"
kind = "order"
prompt = "Order a request's path."
items = ["DNS lookup", "Load balancer", "Instance"]
explanation = "Name, then balancer, then server."

[[question]]
id = "sort"
kind = "match"
prompt = "Match each to its model."
categories = ["IaaS", "FaaS"]
items = [
  { text = "EC2", category = "IaaS" },
  { text = "Lambda", category = "FaaS" },
  { text = "EBS", category = "IaaS" },
]
explanation = "Servers versus functions."

[[question]]
id = "cost"
kind = "numeric"
prompt = "How many ms in a second?"
answer = 1000
tolerance = 0
unit = "ms"
explanation = "1000."
"#,
    );
}
