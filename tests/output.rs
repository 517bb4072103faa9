//! What every printing command writes to stdout, whoever reads it: it ends with a newline (so the
//! shell prompt starts on its own line), and when the reader has gone away (`| head -c 10`) the
//! command ends quietly, with status 0 or SIGPIPE (the shell's 141), never a panic.
//!
//! The closed pipe is made deterministic: the read end is dropped before the binary starts, so
//! its very first write meets a pipe with no reader, however fast or slow the machine is.
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// One printing command: its arguments and what it reads on stdin.
struct Case {
    args: Vec<String>,
    stdin: &'static str,
}

/// Answers for a plain quiz or drill, valid or not for any kind: invalid lines are asked again.
const ANSWERS: &str = "t\na\n1\n";

/// A course whose only lesson ends in a table (no text after it), and a quiz for it.
fn course(dir: &Path) {
    let lesson = "+++\nid = \"t\"\ntitle = \"T\"\norder = 1\nquiz = \"t\"\n+++\n# T\n\n\
                  | model | who patches |\n|---|---|\n| IaaS | you |\n| SaaS | the provider |";
    let quiz = "id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nkind = \"true_false\"\n\
                prompt = \"p\"\nexplanation = \"e\"\nanswer = true\n";
    for (rel, text) in [("lessons/01-t.md", lesson), ("quizzes/t.toml", quiz)] {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    // And a broken course, for `check` with problems to print.
    let path = dir.join("broken/lessons/01-b.md");
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, "+++\nid = \"b\"\n").expect("write");
}

/// Every printing command, with the content folder and data folder it should use.
fn cases(content: &Path, data: &Path) -> Vec<Case> {
    let c = content.to_string_lossy().into_owned();
    let broken = content.join("broken").to_string_lossy().into_owned();
    let d = data.to_string_lossy().into_owned();
    let lesson_file = content
        .join("lessons/01-t.md")
        .to_string_lossy()
        .into_owned();
    let plain: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["list", "--content", &c],
        &["check"],
        &["check", "--content", &broken],
        &["render", "what-is-cloud"],
        &["render", "what-is-cloud", "--width", "40"],
        &["render", "t", "--content", &c],
        &["render", &lesson_file, "--width", "30"],
        &["sim", "cost", "--headless"],
        &["sim", "scaling", "--headless", "--json"],
        &["sim", "cold-start", "--params"],
        &["results", "--data-dir", &d],
        &["results", "--data-dir", &d, "--format", "json"],
        &["--help"],
        &["help"],
        &["help", "results"],
        &["render", "--help"],
        &["--version"],
    ];
    let mut cases: Vec<Case> = plain
        .iter()
        .map(|a| Case {
            args: a.iter().map(|s| s.to_string()).collect(),
            stdin: "",
        })
        .collect();
    for args in [
        vec!["quiz", "what-is-cloud", "--plain", "--data-dir", &d],
        vec!["quiz", "t", "--plain", "--content", &c, "--data-dir", &d],
        vec!["drill", "--plain", "--data-dir", &d],
    ] {
        cases.push(Case {
            args: args.iter().map(|s| s.to_string()).collect(),
            stdin: ANSWERS,
        });
    }
    cases
}

fn command(case: &Case) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cloudtutor"));
    cmd.args(&case.args)
        .env_remove("CLOUDTUTOR_DATA_DIR")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Feeds `stdin`, ignoring a reader that stopped early, and closes it.
fn feed(child: &mut std::process::Child, stdin: &str) {
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.as_bytes());
    }
}

/// Status 0, or ended by SIGPIPE (what a shell shows as 141).
fn quiet(status: ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(13) {
            return true;
        }
    }
    matches!(status.code(), Some(0 | 141))
}

/// A data folder with some answers in it, so `results` and `drill` have something to print.
fn with_answers(data: &Path) {
    let case = Case {
        args: [
            "quiz",
            "what-is-cloud",
            "--plain",
            "--seed",
            "1",
            "--data-dir",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([data.to_string_lossy().into_owned()])
        .collect(),
        stdin: "t\na\nt\na\n",
    };
    let mut child = command(&case)
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");
    feed(&mut child, case.stdin);
    assert!(child.wait().expect("finishes").success());
}

#[test]
fn every_command_ends_quietly_when_the_reader_of_stdout_has_gone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    course(dir.path());
    with_answers(&data);
    let mut failures = Vec::new();
    for case in cases(dir.path(), &data) {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut child = command(&case)
            .stdout(writer)
            .spawn()
            .expect("the binary starts");
        feed(&mut child, case.stdin);
        let out = child.wait_with_output().expect("finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !quiet(out.status) || stderr.contains("panicked") || stderr.contains("Broken pipe") {
            failures.push(format!("{:?}: {} {stderr}", case.args, out.status));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_command_output_ends_with_a_newline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    course(dir.path());
    with_answers(&data);
    let mut failures = Vec::new();
    for case in cases(dir.path(), &data) {
        let mut child = command(&case)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        feed(&mut child, case.stdin);
        let out = child.wait_with_output().expect("finishes");
        if out.stdout.is_empty() {
            failures.push(format!("{:?}: printed nothing", case.args));
        } else if !out.stdout.ends_with(b"\n") {
            let tail = String::from_utf8_lossy(&out.stdout[out.stdout.len().saturating_sub(40)..])
                .into_owned();
            failures.push(format!("{:?}: ends with {tail:?}", case.args));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lesson_ending_in_a_table_leaves_the_prompt_on_a_line_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    course(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["render", "t", "--content"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("provider") && text.ends_with("┘\n") && !text.ends_with("\n\n"),
        "the table's bottom border, then one newline: {text:?}"
    );
}
