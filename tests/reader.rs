//! End-to-end: the real tutor's reader in a pseudo-terminal. Links reach the terminal as OSC 8
//! hyperlinks (and not with NO_COLOR), a phrase split by wrapping is found at 40 columns, and a
//! `<details>` section opens with its key.
mod support;

use std::time::{Duration, Instant};

use support::Pty;

const T: Duration = Duration::from_secs(10);

const LESSON: &str = "+++\nid = \"l\"\ntitle = \"Links\"\norder = 1\n+++\n# Links\n\n\
Caches keep hot keys in memory for a while so that repeated reads are cheap, and then they forget them.\n\n\
See [the docs](<https://example.com/a b>) for more.\n\n\
<details><summary>Show answer</summary> The hidden answer is 42. </details>\n";

fn start(cols: u16, rows: u16, env: &[(&str, &str)]) -> (Pty, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("course");
    std::fs::create_dir_all(content.join("lessons")).expect("lessons dir");
    std::fs::create_dir_all(content.join("quizzes")).expect("quizzes dir");
    std::fs::write(content.join("lessons/01-l.md"), LESSON).expect("lesson");
    let arg = content.to_string_lossy().into_owned();
    let pty = Pty::spawn(&["--content", &arg], cols, rows, env, dir.path());
    pty.wait_for("Links", T);
    (pty, dir)
}

/// Waits until the raw output contains `needle`.
fn wait_raw(pty: &Pty, needle: &[u8]) -> bool {
    let end = Instant::now() + T;
    while Instant::now() < end {
        if pty.raw().windows(needle.len()).any(|w| w == needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

fn quit(mut pty: Pty) {
    pty.send(b"q");
    pty.wait_for("Enter open", T);
    pty.send(b"q");
    assert!(pty.wait_exit(T).success());
}

#[test]
fn links_are_hyperlinks_unless_no_color() {
    let (mut pty, _dir) = start(80, 24, &[]);
    pty.send(b"\r");
    pty.wait_for("the docs", T);
    assert!(
        wait_raw(
            &pty,
            b"\x1b]8;id=cloudtutor-0;https://example.com/a%20b\x1b\\the docs\x1b]8;;\x1b\\"
        ),
        "no hyperlink in:\n{}",
        String::from_utf8_lossy(&pty.raw()).escape_debug()
    );
    quit(pty);

    let (mut pty, _dir) = start(80, 24, &[("NO_COLOR", "1")]);
    pty.send(b"\r");
    pty.wait_for("the docs", T);
    let raw = pty.raw();
    assert!(
        !raw.windows(4).any(|w| w == b"\x1b]8;"),
        "NO_COLOR wrote a hyperlink"
    );
    quit(pty);
}

#[test]
fn search_finds_a_wrapped_phrase_and_o_opens_a_section_at_40_columns() {
    let (mut pty, _dir) = start(40, 12, &[]);
    pty.send(b"\r");
    pty.wait_for("Caches keep", T);
    pty.send(b"/for a while\r");
    pty.wait_for("match 1/1", T);
    // Esc clears the search (wait for it, so Esc and G do not arrive as one Alt-G).
    pty.send(b"\x1b");
    // The reader's own footer is back (at 40 columns it keeps `? help` and drops `/ search`).
    pty.wait_for("? help", T);
    pty.send(b"G");
    pty.wait_for("▸ Show answer", T);
    assert!(!pty.contents().contains("42"), "{}", pty.contents());
    pty.send(b"o");
    pty.wait_for("The hidden answer is 42.", T);
    quit(pty);
}
