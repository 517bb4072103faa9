//! End-to-end: the real tutor in a pseudo-terminal, driven by keys and signals. After every way
//! of leaving, the terminal must be back to normal: main screen, echo and line editing on.
mod support;

use std::time::Duration;

use nix::sys::signal::Signal;
use support::Pty;

const T: Duration = Duration::from_secs(10);

fn start(cols: u16, rows: u16, env: &[(&str, &str)]) -> (Pty, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let pty = Pty::spawn(&[], cols, rows, env, dir.path());
    pty.wait_for("cloudtutor", T);
    (pty, dir)
}

fn assert_restored(pty: &Pty) {
    assert!(
        !pty.alternate_screen(),
        "still on the alternate screen:\n{}",
        pty.contents()
    );
    assert!(pty.cooked_mode(), "terminal left in raw mode");
}

#[test]
fn open_a_lesson_scroll_and_quit() {
    let (mut pty, _dir) = start(80, 24, &[]);
    pty.wait_for("What cloud computing is", T);
    pty.send(b"\r");
    pty.wait_for("1/", T);
    pty.send(b"G");
    pty.wait_for("100%", T);
    pty.send(b"q");
    pty.wait_for("Enter open", T);
    pty.send(b"q");
    let status = pty.wait_exit(T);
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let (mut pty, _dir) = start(100, 30, &[]);
    pty.send(b"\r");
    pty.wait_for("contents", T);
    pty.send(b"\x03");
    assert!(pty.wait_exit(T).success());
    assert_restored(&pty);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for sig in [Signal::SIGTERM, Signal::SIGHUP] {
        let (mut pty, _dir) = start(80, 24, &[]);
        pty.send(b"\r");
        pty.wait_for("contents", T);
        pty.signal(sig);
        let status = pty.wait_exit(T);
        assert!(!status.success(), "{sig:?} should end with a failure code");
        assert_restored(&pty);
    }
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    let (mut pty, _dir) = start(
        80,
        24,
        &[("CLOUDTUTOR_TEST_PANIC_KEY", "%"), ("RUST_BACKTRACE", "0")],
    );
    pty.send(b"%");
    let status = pty.wait_exit(T);
    assert!(!status.success());
    assert_restored(&pty);
    assert!(
        pty.contents().contains("panicked"),
        "the panic message is readable:\n{}",
        pty.contents()
    );
}

#[test]
fn resize_storm_reflows_without_crashing() {
    let (mut pty, _dir) = start(80, 24, &[]);
    pty.send(b"\r");
    pty.wait_for("contents", T);
    for i in 0..60u16 {
        let (w, h) = (1 + (i * 37) % 220, 1 + (i * 13) % 70);
        pty.resize(w, h);
    }
    pty.resize(90, 28);
    pty.wait_for("contents", T);
    pty.send(b"q");
    pty.send(b"q");
    assert!(pty.wait_exit(T).success());
    assert_restored(&pty);
}
