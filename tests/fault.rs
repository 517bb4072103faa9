//! Fault injection: the tutor killed with SIGKILL while it saves progress. Every time, the
//! progress file must parse and hold every answer whose feedback was printed (plain mode saves an
//! answer before printing its feedback), plus at most the one being saved: never lost, never torn.
//!
//! Nothing here depends on the machine's speed: each round gives the tutor a counted number of
//! answers, waits (by reading its output) until all but the last have been saved, and kills it
//! while it handles the last one, with stdin still open so it cannot have finished.
#[path = "plain/answers.rs"]
mod answers;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use answers::{Mode, quiz_lines};
use cloudtutor::api::content::{Catalog, ContentSource};

/// Answers recorded in a progress file, over all questions.
fn answers_saved(json: &serde_json::Value) -> usize {
    json["questions"].as_object().map_or(0, |q| {
        q.values()
            .map(|r| r["answers"].as_array().map_or(0, Vec::len))
            .sum()
    })
}

#[test]
fn sigkill_while_saving_never_loses_or_tears_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let catalog = Catalog::load(&ContentSource::Embedded);
    let quiz = catalog.quiz("what-is-cloud").expect("shipped quiz");
    let (lines, _) = quiz_lines(quiz, 3, Mode::Right);
    assert!(lines.len() >= 2, "the quiz has room for a kill midway");
    let mut previous = 0usize;
    // Deterministic "random" answer counts, so kills fall on different questions and saves.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..25 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        // 1 to len-1 answers: never the last question, so the quiz is still running when killed.
        let given = 1 + (x % (lines.len() as u64 - 1)) as usize;
        let mut child = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
            .args([
                "quiz",
                "what-is-cloud",
                "--plain",
                "--seed",
                "3",
                "--data-dir",
            ])
            .arg(&data)
            .env_remove("CLOUDTUTOR_DATA_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let typed: String = lines[..given].iter().map(|l| format!("{l}\n")).collect();
        stdin.write_all(typed.as_bytes()).expect("the tutor reads");
        // Wait until the feedback of all answers but the last is out: those are saved.
        let mut out = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut acknowledged = 0;
        let mut line = String::new();
        while acknowledged < given - 1 {
            line.clear();
            let n = out.read_line(&mut line).expect("readable output");
            assert!(
                n > 0,
                "round {round}: the tutor ended before answer {acknowledged}"
            );
            let l = line.trim_end();
            if l == "right" || l.starts_with("wrong: the answer is ") {
                acknowledged += 1;
            }
        }
        assert!(
            matches!(child.try_wait(), Ok(None)),
            "round {round}: the tutor ended with questions left and stdin open"
        );
        child.kill().expect("kill");
        let _ = child.wait();
        drop(stdin);
        let path = data.join("progress.json");
        if !path.exists() {
            assert_eq!(
                given - 1 + previous,
                0,
                "round {round}: progress.json missing"
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: torn file ({e}):\n{text}"));
        let saved = answers_saved(&json);
        assert!(
            (previous + given - 1..=previous + given).contains(&saved),
            "round {round}: {saved} answers saved, expected {} or {} after {previous}",
            previous + given - 1,
            previous + given
        );
        previous = saved;
        let leftovers: Vec<_> = std::fs::read_dir(&data)
            .expect("data dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("corrupt") || n.contains("newer"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "round {round}: a good file was moved aside: {leftovers:?}"
        );
    }
    assert!(previous > 0, "no round saved anything");
}

#[test]
fn an_unwritable_data_dir_is_reported_and_the_score_still_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A file where the data folder should be: saving must fail for any user, root included.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args([
            "quiz",
            "what-is-cloud",
            "--plain",
            "--seed",
            "1",
            "--data-dir",
        ])
        .arg(blocker.join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"t\na\n");
    }
    let out = child.wait_with_output().expect("runs");
    assert!(out.status.success(), "a failed save does not end the quiz");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("score: ")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not-a-folder"),
        "the warning names the path: {stderr}"
    );
}

/// Unmounts a test filesystem however the test ends.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A full disk: the data folder is a 4 KB filesystem (one page), so saves start failing with "no space"
/// partway through a quiz. The quiz goes on, the failure is reported, and the file on disk stays
/// a complete earlier state. Needs root to mount; as another user it says so and checks nothing.
#[test]
fn a_full_disk_keeps_the_last_good_progress_and_the_quiz_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir_all(&mnt).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
        assert!(!root, "running as root but could not mount a tmpfs");
        eprintln!("skipped: mounting a small filesystem needs root");
        return;
    }
    let _guard = Mount(mnt.clone());
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudtutor"))
        .args(["quiz", "ec2", "--plain", "--seed", "2", "--data-dir"])
        .arg(&mnt)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let answers: String = (0..300)
            .map(|i| ["t\n", "a\n", "a b c d e\n", "1 2 1 2 1 2\n", "5\n"][i % 5])
            .collect();
        let _ = stdin.write_all(answers.as_bytes());
    }
    let out = child.wait_with_output().expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("score: ")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.to_lowercase().contains("space"),
        "the failure is reported: {stderr}"
    );
    let text =
        std::fs::read_to_string(mnt.join("progress.json")).expect("an earlier save is there");
    let json: serde_json::Value = serde_json::from_str(&text).expect("complete, not torn");
    assert!(
        json["questions"].as_object().is_some_and(|q| !q.is_empty()),
        "it holds the answers saved before the disk filled"
    );
}
