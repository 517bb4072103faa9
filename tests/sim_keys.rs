//! End-to-end: a lesson's live simulation panel driven through the real binary in a
//! pseudo-terminal. `s` takes the panel's run full screen, where `v` cycles the views, Space
//! pauses, `.` steps, `r` resets and a typed value changes a parameter; `q` hands the run back to
//! the panel with its view and parameters, and `s` again finds the same run.
mod support;

use std::time::Duration;

use support::Pty;

const T: Duration = Duration::from_secs(20);

const LESSON: &str = "+++\nid = \"keys\"\ntitle = \"Panel keys\"\norder = 1\n+++\n# Panel keys\n\n\
Watch the fleet.\n\n```sim scaling\nrate = 50\ninstances = 2\nview = capacity\n```\n";

/// The screen's row holding `needle`, for a clearer failure than the whole screen.
fn row_with(pty: &Pty, needle: &str) -> String {
    pty.contents()
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn panel_keys_view_pause_step_reset_and_the_full_screen_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("course/lessons")).expect("lessons dir");
    std::fs::create_dir_all(dir.path().join("course/quizzes")).expect("quizzes dir");
    std::fs::write(dir.path().join("course/lessons/01-keys.md"), LESSON).expect("lesson");
    let content = dir.path().join("course");
    let content = content.to_str().expect("utf-8 path");
    let mut pty = Pty::spawn(
        &["--content", content, "--seed", "3"],
        80,
        24,
        &[],
        dir.path(),
    );
    pty.wait_for("Panel keys", T);
    pty.send(b"\r");
    // The panel runs in the lesson and names the key that opens it.
    pty.wait_for("(s: full screen)", T);
    pty.wait_for("instances=2", T);

    pty.send(b"s");
    pty.wait_for("Parameters (", T);
    pty.wait_for("Capacity against offered load", T);
    // v: the next view, on the same run.
    pty.send(b"v");
    pty.wait_for("view: instances (2 of 7)", T);
    pty.wait_for("Instances / environments", T);
    // Space pauses; `.` steps one simulated second; r starts again from 0.
    pty.send(b" ");
    pty.wait_for("paused", T);
    pty.send(b"r");
    pty.wait_for("reset to time 0", T);
    pty.wait_for("t = 0:00:00", T);
    pty.send(b".");
    pty.wait_for("t = 0:00:01", T);
    // instances is the 11th parameter: ↓ ten times, Enter, type 7, Enter.
    for _ in 0..10 {
        pty.send(b"\x1b[B");
    }
    pty.send(b"\r");
    pty.wait_for("instances = ", T);
    pty.send(b"7\r");
    pty.wait_for("instances = 7 (restarted from time 0)", T);
    pty.send(b".");
    pty.wait_for("t = 0:00:01", T);

    // q hands the run back: the panel shows the new value, the view and the paused time.
    pty.send(b"q");
    pty.wait_for("(s: full screen)", T);
    pty.wait_for("instances=7", T);
    assert!(
        !pty.contents().contains("instances=2"),
        "the panel still shows the block's old value:\n{}",
        pty.contents()
    );
    pty.wait_for("Instances / environments", T);
    let status = row_with(&pty, "‖ scaling");
    assert!(
        status.contains("t = 0:00:01") && status.contains("paused"),
        "the panel keeps the paused run: {status}"
    );

    // s again: the same run, not a fresh one.
    pty.send(b"s");
    pty.wait_for("Parameters (", T);
    pty.wait_for("instances = 7", T);
    let status = row_with(&pty, "‖ scaling");
    assert!(status.contains("t = 0:00:01"), "{status}");
    pty.wait_for("Instances / environments", T);

    pty.send(b"q");
    pty.wait_for("(s: full screen)", T);
    pty.send(b"q");
    pty.wait_for("Enter open", T);
    pty.send(b"q");
    assert!(pty.wait_exit(T).success());
    assert!(!pty.alternate_screen(), "{}", pty.contents());
    assert!(pty.cooked_mode(), "terminal left in raw mode");
}
