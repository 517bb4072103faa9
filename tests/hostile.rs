//! Hostile lessons: escape sequences, bidi overrides, a very long line, deep nesting and a huge
//! table. `render` must finish with output that grows at most linearly with the input (counted in
//! bytes, not timed: a test here may not depend on the machine's speed), and nothing it prints may
//! carry a control character from the lesson. (CI sizes; the full-size runs are in the closing
//! notes.)
use std::process::Command;

fn render(dir: &std::path::Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("+++\nid = \"h\"\ntitle = \"H\"\norder = 1\n+++\n{body}"),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["render", path.to_str().expect("utf-8"), "--width", "80"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_clean(name: &str, text: &str) {
    let bad = text
        .chars()
        .find(|c| *c != '\n' && cloudtutor::api::markdown::sanitize::is_forbidden(*c));
    assert!(
        bad.is_none(),
        "{name}: control character {bad:?} in the output"
    );
}

#[test]
fn hostile_lessons_render_cleanly_and_with_bounded_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: Vec<(&str, String)> = vec![
        (
            "escapes.md",
            "# \u{1b}[31mred\u{1b}[0m \u{202e}evil\u{202c}\n\n\u{1b}]0;title\u{7} text \u{9b}2J\n"
                .to_string(),
        ),
        ("long-line.md", "word ".repeat(200_000)),
        (
            "nested.md",
            (0..2_000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
        ("quotes.md", format!("{} deep\n", ">".repeat(10_000))),
        ("table.md", {
            let head = format!(
                "| {} |\n|{}\n",
                (0..40)
                    .map(|i| format!("h{i}"))
                    .collect::<Vec<_>>()
                    .join(" | "),
                "---|".repeat(40)
            );
            let row = format!("| {} |\n", vec!["cell"; 40].join(" | "));
            head + &row.repeat(300)
        }),
    ];
    for (name, body) in cases {
        let out = render(dir.path(), name, &body);
        assert_clean(name, &out);
        assert!(
            out.len() <= 16 * body.len() + 100_000,
            "{name}: {} bytes of output for {} bytes of lesson",
            out.len(),
            body.len()
        );
        for line in out.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{name}: a line wider than 80"
            );
        }
    }
}

#[test]
fn check_reports_hostile_front_matter_without_echoing_escapes() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("lessons")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("quizzes")).expect("mkdir");
    std::fs::write(
        dir.path().join("lessons/01-x.md"),
        "+++\nid = \"x\"\ntitle = \"X\"\norder = 1\n\u{1b}[2J = 1\n+++\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["check", "--content", dir.path().to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("01-x.md:5: error"), "{text}");
    assert_clean("check output", &text);
}
