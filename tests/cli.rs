//! The real binary, run as a user would: `check`, `list`, `render`, `--help`.
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn cloudtutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, bytes).expect("write");
}

#[test]
fn shipped_content_passes_check() {
    let out = cloudtutor(&["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    // No warnings at all: in particular, every slide fits a 100x30 projector without scrolling.
    let text = stdout(&out);
    let mut lines = text.lines();
    assert!(
        lines.next().is_some_and(|l| l.starts_with("ok: ")),
        "{text}"
    );
    assert!(lines.next().is_none(), "{text}");
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn check_reports_every_broken_file_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "lessons/01-good.md",
        b"+++\nid = \"good\"\ntitle = \"Good\"\norder = 1\nquiz = \"good\"\n+++\n# Good\n",
    );
    write(d, "lessons/02-binary.md", b"+++\nid = \"\xfe\xff\"\n");
    write(d, "lessons/03-unclosed.md", b"+++\nid = \"u\"\n");
    write(d, "lessons/04-sim.md", b"+++\nid = \"s\"\ntitle = \"S\"\norder = 4\nquiz = \"missing\"\n+++\n```sim teleport\n```\n");
    write(d, "quizzes/good.toml", b"id = \"good\"\ntitle = \"G\"\nlesson = \"good\"\n[[question]]\nkind = \"true_false\"\nprompt = \"p\"\nexplanation = \"e\"\nanswer = true\n");
    write(d, "quizzes/syntax.toml", b"id = \"x\ntitle = 1\n");
    write(
        d,
        "quizzes/empty.toml",
        b"id = \"e\"\ntitle = \"E\"\nlesson = \"nowhere\"\n",
    );
    write(d, "quizzes/kind.toml", b"id = \"k\"\ntitle = \"K\"\nlesson = \"good\"\n[[question]]\nkind = \"essay\"\nprompt = \"p\"\n");
    let out = cloudtutor(&["check", "--content", d.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for file in [
        "02-binary.md",
        "03-unclosed.md",
        "04-sim.md",
        "syntax.toml",
        "empty.toml",
        "kind.toml",
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(file) && l.contains(": error: ")),
            "{file} not named in:\n{text}"
        );
    }
    for line in text.lines() {
        let mut parts = line.splitn(3, ':');
        let (path, lineno) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        assert!(path.starts_with(d.to_str().unwrap_or("")), "{line}");
        assert!(lineno.parse::<usize>().is_ok(), "no line number in {line}");
    }
    assert!(!text.contains("01-good.md"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("problems in 6 files"));
}

#[test]
fn check_warns_about_explanations_that_ignore_the_wrong_choices_unless_the_quiz_opts_out() {
    let quiz = |opt_out: &str| {
        format!(
            "id = \"good\"\ntitle = \"G\"\nlesson = \"good\"\n{opt_out}\n[[question]]\nkind = \"single\"\n\
             prompt = \"Where do photos go?\"\nexplanation = \"S3 is durable.\"\n\
             choices = [\"S3\", \"The local disk of one instance\"]\nanswer = 0\n"
        )
    };
    let lesson: &[u8] =
        b"+++\nid = \"good\"\ntitle = \"Good\"\norder = 1\nquiz = \"good\"\n+++\n# Good\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "lessons/01-good.md", lesson);
    write(d, "quizzes/good.toml", quiz("").as_bytes());
    let out = cloudtutor(&["check", "--content", d.to_str().expect("utf-8 path")]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "a warning does not fail check: {text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("good.toml:5: warning: question `q1`")
                && l.contains("lint_explanations = false")),
        "{text}"
    );
    assert!(text.contains("ok: 1 lesson, 1 quiz, 1 question"), "{text}");
    assert!(text.trim_end().ends_with("(1 warning above)"), "{text}");

    write(
        d,
        "quizzes/good.toml",
        quiz("lint_explanations = false").as_bytes(),
    );
    let out = cloudtutor(&["check", "--content", d.to_str().expect("utf-8 path")]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn check_runs_sim_expectations_and_reports_misses_at_path_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let lesson = "+++\nid = \"e\"\ntitle = \"E\"\norder = 1\nquiz = \"e\"\n+++\n# E\n\n\
        ```sim cost\ninstance = t3.micro\nview = cost\nexpect summary.ec2_usd ~ 7.59 +- 0.01\n\
        expect summary.ec2_usd > 100\n```\n\n\
        ```sim db-connections\nburst = 300\nburst_at_s = 5\ndb_limit = 500\nduration = 30\nseed = 7\n\
        expect summary.peak_connections >= 500\nexpect summary.nope < 1\n```\n\n\
        ```sim cold-start\nview = spaghetti\nexpect summary.cold_start_ratio => 1\n```\n";
    write(d, "lessons/01-e.md", lesson.as_bytes());
    write(d, "quizzes/e.toml", b"id = \"e\"\ntitle = \"E\"\nlesson = \"e\"\n[[question]]\nkind = \"true_false\"\nprompt = \"p\"\nexplanation = \"e\"\nanswer = true\n");
    let out = cloudtutor(&["check", "--content", d.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let path = "01-e.md";
    for want in [
        format!("{path}:13: error: expected summary.ec2_usd > 100 but the simulation gave 7.592"),
        format!("{path}:23: error: expected summary.nope < 1 but the report has no `summary.nope`"),
        format!("{path}:27: error: sim cold-start: unknown view `spaghetti`"),
        format!("{path}:28: error: sim cold-start: unknown comparison `=>`"),
    ] {
        assert!(text.contains(&want), "missing {want:?} in:\n{text}");
    }
    // Lines that hold stay quiet.
    assert!(!text.contains(":12:") && !text.contains(":22:"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains(": error:")).count(),
        4,
        "{text}"
    );
}

#[test]
fn check_of_a_missing_folder_is_an_error() {
    let out = cloudtutor(&["check", "--content", "/nonexistent/cloudtutor-course"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("content folder not found"));
}

#[test]
fn list_json_describes_lessons_and_quizzes() {
    let out = cloudtutor(&["list", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let lessons = v["lessons"].as_array().expect("lessons array");
    assert!(lessons.len() >= 2);
    assert!(
        lessons
            .iter()
            .any(|l| l["id"] == "what-is-cloud" && l["quiz"] == "what-is-cloud")
    );
    let quizzes = v["quizzes"].as_array().expect("quizzes array");
    assert!(
        quizzes
            .iter()
            .all(|q| q["questions"].as_u64().unwrap_or(0) > 0)
    );
}

#[test]
fn render_to_a_pipe_is_plain_and_fits_the_width() {
    let out = cloudtutor(&["render", "ec2-vs-lambda", "--width", "80"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("EC2"));
    assert!(!text.contains('\u{1b}'), "escape codes in piped output");
    assert!(!text.contains("<!--"), "HTML comments must not show");
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
}

#[test]
fn render_accepts_a_file_path_and_rejects_unknown_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mine.md",
        b"+++\nid = \"mine\"\ntitle = \"Mine\"\norder = 1\n+++\n# Hello \x1b[31mthere\n",
    );
    let path = dir.path().join("mine.md");
    let out = cloudtutor(&["render", path.to_str().expect("utf-8"), "--width", "40"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Hello"));
    assert!(!stdout(&out).contains('\u{1b}'));

    let out = cloudtutor(&["render", "no-such-lesson"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("what-is-cloud"),
        "lists the valid ids"
    );
}

#[test]
fn every_command_has_help_and_there_is_a_version() {
    for cmd in ["list", "check", "render", "sim"] {
        let out = cloudtutor(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help");
        assert!(stdout(&out).contains("Usage: cloudtutor"), "{cmd}");
    }
    let out = cloudtutor(&["--version"]);
    assert!(stdout(&out).starts_with("cloudtutor "));
    // `check` does more than validate files: its help says so, since both behaviours are tested
    // above (a missed expectation, a too-tall slide).
    let help = stdout(&cloudtutor(&["check", "--help"]));
    for claim in ["`expect` lines", "100x30", "PATH:LINE"] {
        assert!(
            help.contains(claim),
            "check --help lacks {claim:?}:\n{help}"
        );
    }
}

/// The global options are accepted by every command; where one does nothing (`--theme` on
/// `render`, `--seed` on `list`, ...) every command's help says where it applies instead.
#[test]
fn every_command_help_says_where_each_global_option_applies() {
    let commands = [
        "list", "check", "render", "sim", "quiz", "drill", "export", "results", "present",
    ];
    for cmd in commands {
        let out = cloudtutor(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help");
        let help = stdout(&out)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for scope in [
            "instead of the built-in course (every command but `sim`",
            "Used by the tutor, quiz, drill, present and results; the other commands keep no progress",
            "Colour theme of the full-screen views only",
            "printed output such as `render` keeps the terminal's own colours",
            "Other commands ignore it",
        ] {
            assert!(help.contains(scope), "{cmd} --help lacks {scope:?}: {help}");
        }
    }
}

/// Mistakes in the command line are named before "needs a terminal": an unknown lesson for
/// `present`, `--json` without `--headless` (and `--series` without `--json`) for `sim`.
#[test]
fn usage_mistakes_come_before_the_terminal_check() {
    let out = cloudtutor(&["present", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no lesson `nope` (lessons: what-is-cloud"),
        "{err}"
    );
    assert!(!err.contains("needs a terminal"), "{err}");

    for args in [
        &["sim", "scaling", "--json"][..],
        &["sim", "scaling", "--headless", "--series"][..],
    ] {
        let out = cloudtutor(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("required arguments were not provided"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("needs a terminal"), "{args:?}: {err}");
    }
}

/// The README's picture of the course map matches the built-in course: the question count in
/// its header and each lesson's minutes.
#[test]
fn the_readme_course_map_matches_the_course() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let out = cloudtutor(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let lessons = v["lessons"].as_array().expect("lessons");
    let questions: u64 = v["quizzes"]
        .as_array()
        .expect("quizzes")
        .iter()
        .map(|q| q["questions"].as_u64().expect("a count"))
        .sum();
    let header = format!(
        " cloudtutor · {} lessons · {questions} questions · ",
        lessons.len()
    );
    assert!(readme.contains(&header), "README lacks {header:?}");
    for l in lessons {
        let title = l["title"].as_str().expect("title");
        let row = readme
            .lines()
            .find(|r| r.contains(&format!("  {title}  ")) && r.ends_with("unread"))
            .unwrap_or_else(|| panic!("README course map lacks {title}"));
        let minutes = format!(" {} min  unread", l["minutes"]);
        assert!(
            row.ends_with(&minutes),
            "{row:?} should end with {minutes:?}"
        );
    }
}

/// Every command's own errors start the same way, `cloudtutor: `, whichever command found them.
#[test]
fn errors_share_one_prefix() {
    for args in [
        &["render", "nope"][..],
        &["quiz", "nope", "--plain"][..],
        &["sim", "nope", "--headless"][..],
        &["present", "nope"][..],
    ] {
        let out = cloudtutor(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("cloudtutor: "), "{args:?}: {err}");
    }
}

#[test]
fn the_tui_refuses_politely_without_a_terminal() {
    let out = cloudtutor(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

/// A quiz whose only question is broken: one error, in the quiz file; no follow-on errors that
/// blame the lesson naming it; `list` still shows that the quiz exists; counts read "1 problem".
#[test]
fn a_broken_quiz_is_one_error_and_still_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "lessons/01-t.md",
        b"+++\nid = \"t\"\ntitle = \"T\"\norder = 1\nquiz = \"t\"\n+++\n# T\n\n```quiz t/q1\n```\n",
    );
    write(
        d,
        "quizzes/t.toml",
        b"id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nid = \"q1\"\nkind = \"single\"\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 5\nexplanation = \"e\"\n",
    );
    let dir_arg = d.to_str().expect("utf-8 path");
    let out = cloudtutor(&["check", "--content", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("t.toml:9: error: question `q1`: `answer` = 5"),
        "{text}"
    );
    assert!(!text.contains("does not exist"), "{text}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "1 problem in 1 file\n"
    );

    let out = cloudtutor(&["list", "--content", dir_arg]);
    let text = stdout(&out);
    let quizzes = text.split("QUIZZES").nth(1).expect("a quiz section");
    assert!(
        quizzes
            .lines()
            .any(|l| l.trim_start().starts_with("t ") && l.contains("has errors")),
        "{text}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cloudtutor: 1 problem found loading the content; run `cloudtutor check` to see it \
         (check also runs the simulations' `expect` lines)\n"
    );

    // JSON names the quiz errors kept out, with the same count as the text listing.
    let out = cloudtutor(&["list", "--json", "--content", dir_arg]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("list --json is JSON");
    assert_eq!(v["quizzes"], serde_json::json!([]));
    assert_eq!(v["errors"]["problems"], 1, "{v}");
    assert_eq!(v["errors"]["quizzes"], serde_json::json!(["t"]), "{v}");
    assert_eq!(v["errors"]["lessons"], serde_json::json!([]), "{v}");

    let out = cloudtutor(&["quiz", "t", "--plain", "--content", dir_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("quiz `t` has errors"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `check` runs the sims' `expect` lines and `list` does not: `check`'s count says how it splits,
/// so it adds up to the count `list` (and the tutor's `!` panel) gives.
#[test]
fn check_splits_its_count_into_loading_and_simulation_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "lessons/01-t.md",
        b"+++\nid = \"t\"\ntitle = \"T\"\norder = 1\nquiz = \"t\"\n+++\n# T\n\n```sim cold-start\nexpect summary.cold_start_ratio ~ 0.99 +- 0.01\n```\n",
    );
    write(
        d,
        "quizzes/t.toml",
        b"id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nid = \"q1\"\nkind = \"single\"\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 5\nexplanation = \"e\"\n",
    );
    let dir_arg = d.to_str().expect("utf-8 path");
    let out = cloudtutor(&["check", "--content", dir_arg]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "2 problems in 2 files (1 found loading the content, 1 simulation expectation missed)\n"
    );
    let out = cloudtutor(&["list", "--content", dir_arg]);
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("cloudtutor: 1 problem found loading"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "lessons/01-t.md",
        b"+++\nid = \"t\"\ntitle = \"T\"\norder = 1\nquiz = \"t\"\n+++\n# T\n",
    );
    write(
        d,
        "quizzes/t.toml",
        b"id = \"t\"\ntitle = \"T\"\nlesson = \"t\"\n[[question]]\nkind = \"true_false\"\nprompt = \"p\"\nanswer = true\nexplanation = \"e\"\n",
    );
    let dir_arg = d.to_str().expect("utf-8 path");
    let out = cloudtutor(&["check", "--content", dir_arg]);
    assert!(
        stdout(&out).starts_with("ok: 1 lesson, 1 quiz, 1 question checked in "),
        "{}",
        stdout(&out)
    );
    let data = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["quiz", "t", "--plain", "--content", dir_arg, "--data-dir"])
        .arg(data.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(text.starts_with("quiz: T (1 question, seed "), "{text}");
    assert!(
        text.contains("end of input: 1 unanswered question counts as missed"),
        "{text}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args([
            "drill",
            "--plain",
            "--cram",
            "--content",
            dir_arg,
            "--data-dir",
        ])
        .arg(data.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.starts_with("cram: 1 question, missed and weakest first"),
        "{text}"
    );
}

/// Raw HTML: `<details>` is shown as a summary with its body under it (printed output cannot be
/// clicked open), and any HTML the tutor cannot show is a warning with its line; warnings alone
/// let `check` pass.
#[test]
fn details_render_under_their_summary_and_other_html_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "lessons/01-h.md",
        b"+++\nid = \"h\"\ntitle = \"H\"\norder = 1\n+++\n# H\n\n<details><summary>Show answer</summary> The hidden answer is 42. </details>\n\n<div align=\"center\">\nCentred\n</div>\n",
    );
    write(d, "quizzes/.keep", b"");
    let dir_arg = d.to_str().expect("utf-8 path");
    let out = cloudtutor(&["render", "h", "--content", dir_arg, "--width", "40"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("▾ Show answer\n  The hidden answer is 42.\n"),
        "{text}"
    );

    let out = cloudtutor(&["check", "--content", dir_arg]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let warning = format!(
        "{}:10: warning: raw HTML `<div>`",
        d.join("lessons/01-h.md").display()
    );
    assert!(text.starts_with(&warning), "{text}");
    assert_eq!(text.lines().count(), 2, "no warning for <details>: {text}");
    assert!(
        text.lines().nth(1).is_some_and(
            |l| l.starts_with("ok: 1 lesson, 0 quizzes") && l.ends_with("(1 warning above)")
        ),
        "{text}"
    );
}
