//! End-to-end: a presenter drives a slide's live simulation through the real binary in a
//! pseudo-terminal. `s` takes the slide's run full screen, a parameter changed there comes back
//! with the run on `q`, and the slide's panel then shows the new value.
mod support;

use std::time::Duration;

use support::Pty;

const T: Duration = Duration::from_secs(20);

const LESSON: &str = "+++\nid = \"quota\"\ntitle = \"Quota\"\norder = 1\n+++\n# Quota\n\n\
Slides ahead.\n\n## Try it\n\nWhat would more instances turn away?\n\n\
```sim scaling\nrate = 50\ninstances = 2\nview = capacity\n```\n";

#[test]
fn present_s_drives_the_slide_simulation_and_q_brings_its_changes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("course/lessons")).expect("lessons dir");
    std::fs::create_dir_all(dir.path().join("course/quizzes")).expect("quizzes dir");
    std::fs::write(dir.path().join("course/lessons/01-quota.md"), LESSON).expect("lesson");
    let content = dir.path().join("course");
    let content = content.to_str().expect("utf-8 path");

    // `present --help` names the key.
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["present", "--help"])
        .output()
        .expect("present --help");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("s takes the slide's") && help.contains("simulation full screen"),
        "{help}"
    );

    let mut pty = Pty::spawn(
        &["present", "quota", "--content", content, "--seed", "3"],
        80,
        24,
        &[],
        dir.path(),
    );
    pty.wait_for("slide 1/2", T);
    pty.send(b" ");
    pty.wait_for("slide 2/2", T);
    // The slide runs its simulation, names the key, and its footer offers it.
    pty.wait_for("(s: full screen)", T);
    pty.wait_for("s simulation", T);
    pty.wait_for("instances=2", T);

    pty.send(b"s");
    pty.wait_for("Parameters (", T);
    pty.send(b" ");
    pty.wait_for("paused", T);
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

    // q hands the run back to the slide: the panel shows the new value and the paused time.
    pty.send(b"q");
    pty.wait_for("slide 2/2", T);
    pty.wait_for("instances=7", T);
    let screen = pty.contents();
    assert!(!screen.contains("instances=2"), "{screen}");
    let status = screen
        .lines()
        .find(|l| l.contains("‖ scaling"))
        .unwrap_or_default()
        .to_string();
    assert!(
        status.contains("t = 0:00:01") && status.contains("paused"),
        "the slide keeps the paused run: {status}"
    );

    // q on the slide ends the presentation; the terminal is restored.
    pty.send(b"q");
    assert!(pty.wait_exit(T).success());
    assert!(!pty.alternate_screen(), "{}", pty.contents());
    assert!(pty.cooked_mode(), "terminal left in raw mode");
}
