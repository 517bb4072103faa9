//! `cloudtutor export --anki` and the drill's new flags, run as a user would; the README's
//! sample of the export is checked against a real export so it cannot go stale.
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

#[test]
fn anki_export_writes_the_file_with_headers_and_a_deck_per_lesson() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("cloudtutor.txt");
    let path = file.to_str().expect("utf-8 path");
    let out = cloudtutor(&["export", "--anki", path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.starts_with(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:5\n"
    ));
    let notes = text.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(stdout(&out), format!("wrote {notes} notes to {path}\n"));
    assert!(notes > 50, "{notes}");

    // --lesson narrows to that lesson's deck.
    let out = cloudtutor(&["export", "--anki", path, "--lesson", "ec2"]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&file).expect("written");
    let decks: std::collections::BTreeSet<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    assert_eq!(decks.len(), 1, "{decks:?}");
    assert!(decks.iter().all(|d| d.contains("EC2")), "{decks:?}");

    // An unknown lesson is a usage error with the list; an unwritable path names the path.
    let out = cloudtutor(&["export", "--anki", path, "--lesson", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no lesson `nope`"));
    let bad = dir.path().join("no/such/dir/x.txt");
    let out = cloudtutor(&["export", "--anki", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir/x.txt"));
    // --anki is required.
    assert_eq!(cloudtutor(&["export"]).status.code(), Some(2));
}

#[test]
fn readme_sample_is_a_real_export() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md exists");
    let start = readme
        .find("```text\n#separator:tab")
        .expect("README shows a sample export");
    let sample = &readme[start + "```text\n".len()..];
    let sample = &sample[..sample.find("```").expect("closed block")];
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("x.txt");
    let out = cloudtutor(&[
        "export",
        "--anki",
        file.to_str().expect("utf-8"),
        "--lesson",
        "what-is-cloud",
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&file).expect("written");
    for line in sample.lines() {
        assert!(
            text.lines().any(|l| l == line),
            "README line not in a real export: {line}"
        );
    }
}

#[test]
fn help_lists_every_new_flag() {
    let help = stdout(&cloudtutor(&["export", "--help"]));
    for flag in ["--anki <FILE>", "--lesson <ID>"] {
        assert!(help.contains(flag), "export --help lacks {flag}:\n{help}");
    }
    let help = stdout(&cloudtutor(&["drill", "--help"]));
    for flag in [
        "--plain",
        "--minutes <N>",
        "--limit <N>",
        "--new-per-day <N>",
        "--cram",
        "--lesson <ID>",
        "--missed",
    ] {
        assert!(help.contains(flag), "drill --help lacks {flag}:\n{help}");
    }
    let help = stdout(&cloudtutor(&["--help"]));
    assert!(help.contains("export"), "{help}");
}
