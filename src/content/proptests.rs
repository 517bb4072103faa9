//! Property tests of the content parsers: any bytes as a lesson or a quiz file give diagnostics,
//! never a panic, and every diagnostic names its file and a line inside it.
use proptest::prelude::*;

use super::Catalog;
use super::source::{RawCourse, RawFile};

/// Strings that look like content: front-matter fences, TOML keys, brackets, quotes, Markdown,
/// fenced blocks and control characters, mixed with anything at all.
fn contentish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "+++\n",
        "id = \"a\"\n",
        "title = \"T\"\n",
        "order = 1\n",
        "quiz = \"q\"\n",
        "[[question]]\n",
        "kind = \"single\"\n",
        "kind = \"generated\"\n",
        "kind = \"predict\"\n",
        "choices = [\"x\", \"y\"]\n",
        "answer = 1\n",
        "answers = [0, 9]\n",
        "prompt = \"p\"\n",
        "explanation = \"e\"\n",
        "items = [{ text = \"t\", category = \"c\" }]\n",
        "[question.vars]\n",
        "[question.params]\n",
        "model = \"lambda_cost\"\n",
        "sim = \"cold-start\"\n",
        "metric = \"p_wait\"\n",
        "```sim scaling\nrate = 5\n```\n",
        "```quiz q/q1\n```\n",
        "# H\n",
        "| a | b |\n|---|---|\n",
        "\"\"\"\n",
        "{",
        "}",
        "\u{1b}[2J",
        "\u{202e}",
        "\r\n",
        "\t",
        "=",
        "\"",
        "\n",
    ]);
    (prop::collection::vec(pieces, 0..40), any::<String>()).prop_map(|(parts, noise)| {
        let mut s: String = parts.concat();
        s.push_str(&noise);
        s
    })
}

fn check(lessons: Vec<String>, quizzes: Vec<String>) -> Result<(), TestCaseError> {
    let raw = RawCourse {
        lessons: lessons
            .iter()
            .enumerate()
            .map(|(i, t)| RawFile {
                path: format!("lessons/{i}.md"),
                bytes: t.clone().into_bytes(),
            })
            .collect(),
        quizzes: quizzes
            .iter()
            .enumerate()
            .map(|(i, t)| RawFile {
                path: format!("quizzes/{i}.toml"),
                bytes: t.clone().into_bytes(),
            })
            .collect(),
    };
    let catalog = Catalog::from_raw(&raw, Vec::new());
    for d in &catalog.diagnostics {
        let text = if d.path.starts_with("lessons/") {
            &lessons
        } else {
            &quizzes
        };
        let idx: usize = d
            .path
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap_or(0);
        let lines = text.get(idx).map_or(1, |t| t.split('\n').count().max(1));
        if let Some(line) = d.line {
            prop_assert!(
                line >= 1 && line <= lines + 1,
                "{} (file has {} lines)",
                d,
                lines
            );
        }
        prop_assert!(
            !d.message
                .chars()
                .any(crate::markdown::sanitize::is_forbidden),
            "control character in {:?}",
            d.message
        );
    }
    for l in &catalog.lessons {
        prop_assert!(!l.title.chars().any(crate::markdown::sanitize::is_forbidden));
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_lesson_or_quiz_text_gives_diagnostics_not_panics(
        lessons in prop::collection::vec(contentish(), 0..3),
        quizzes in prop::collection::vec(contentish(), 0..3),
    ) {
        check(lessons, quizzes)?;
    }

    #[test]
    fn a_valid_lesson_with_noise_in_its_body_still_loads(noise in any::<String>()) {
        let lesson = format!("+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\n{noise}");
        let raw = RawCourse { lessons: vec![RawFile { path: "lessons/0.md".into(), bytes: lesson.into_bytes() }], quizzes: vec![] };
        let catalog = Catalog::from_raw(&raw, Vec::new());
        prop_assert_eq!(catalog.lessons.len(), 1);
    }
}
