//! Links in `cloudtutor render`: clickable (OSC 8, full target on every row a link covers) when
//! stdout is a terminal, never when it is a pipe or NO_COLOR is set; and a long URL wraps before
//! its `/`, `?`, `&` or `-`, not in the middle of a word.
use std::io::Read;
use std::path::Path;
use std::process::Command;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// 100 characters.
const URL: &str = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html?tab=console&lang=en-gb-x12";

fn course(dir: &Path) {
    let lessons = dir.join("lessons");
    std::fs::create_dir_all(&lessons).expect("mkdir");
    std::fs::create_dir_all(dir.join("quizzes")).expect("mkdir");
    let body = format!(
        "+++\nid = \"l\"\ntitle = \"L\"\norder = 1\n+++\n# L\n\nRead [the memory page]({URL}) first.\n\nOr {URL} itself.\n\nNot \u{1b}]8;;https://evil.example\u{1b}\\\\this\u{1b}]8;;\u{1b}\\\\ one.\n"
    );
    std::fs::write(lessons.join("01-l.md"), body).expect("write");
}

/// Runs `cloudtutor ARGS` in a pseudo-terminal and returns every byte it wrote, once it exits.
fn in_a_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cloudtutor"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn in pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // Ends when the child has exited and its side of the terminal is closed (0 or EIO).
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    assert!(child.wait().expect("exits").success());
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn links_are_hyperlinks_in_a_terminal_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    course(dir.path());
    let content = dir.path().to_str().expect("utf-8 path");
    let args = ["render", "l", "--content", content, "--width", "40"];

    let tty = in_a_terminal(&args, &[]);
    let open = format!("\u{1b}]8;;{URL}\u{1b}\\");
    // The link text and its URL, both wrapped over several rows: each row opens the same target.
    let opens = tty.matches(&open).count();
    assert!(opens >= 4, "{opens} hyperlink rows in {tty:?}");
    assert_eq!(
        tty.matches("\u{1b}]8;;\u{1b}\\").count(),
        opens,
        "each one closed"
    );
    // Only the renderer writes OSC 8: the one in the lesson text is stripped to plain text.
    assert!(!tty.contains("\u{1b}]8;;https://evil"), "{tty:?}");
    assert!(
        tty.contains("]8;;https://evil.example\\this"),
        "shown as text: {tty:?}"
    );

    let no_color = in_a_terminal(&args, &[("NO_COLOR", "1")]);
    assert!(!no_color.contains("\u{1b}]8"), "{no_color:?}");

    let piped = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&piped.stdout);
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn a_long_url_wraps_before_its_separators() {
    let dir = tempfile::tempdir().expect("tempdir");
    course(dir.path());
    let content = dir.path().to_str().expect("utf-8 path");
    for width in ["40", "60", "80"] {
        let out = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
            .args(["render", "l", "--content", content, "--width", width])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let start = text.find("Or https://").expect("the bare URL") + 3;
        let end = text[start..].find("itself").expect("the end") + start;
        let rows: Vec<&str> = text[start..end].trim_end().split('\n').collect();
        if width == "40" {
            assert!(rows.len() >= 3, "{rows:?}");
        }
        assert_eq!(rows.concat(), URL, "width {width}: nothing lost");
        for row in &rows[1..] {
            assert!(
                row.starts_with(['/', '?', '&', '-']),
                "width {width}: a row starts mid-word: {rows:?}"
            );
        }
    }
}
