//! `cloudtutor list`: what the course holds, as a table or JSON.
use std::process::ExitCode;

use serde_json::json;

use crate::content::{Catalog, ContentSource};

/// Prints lessons and quizzes. Problems in the content are summarised on stderr; the good content
/// is still listed. What errors kept out is named too: as `(has errors …)` rows in the table, and
/// in JSON under `errors` (see [`errors_json`]), so a script never mistakes it for missing.
pub fn run(source: &ContentSource, as_json: bool) -> ExitCode {
    let catalog = Catalog::load(source);
    if as_json {
        let lessons: Vec<_> = catalog
            .lessons
            .iter()
            .map(|l| json!({ "id": l.id, "title": l.title, "order": l.order, "minutes": l.minutes, "quiz": l.quiz }))
            .collect();
        let quizzes: Vec<_> = catalog
            .quizzes
            .iter()
            .map(|q| json!({ "id": q.id, "title": q.title, "lesson": q.lesson, "questions": q.questions.len() }))
            .collect();
        let errors = errors_json(&catalog);
        println!(
            "{}",
            json!({ "lessons": lessons, "quizzes": quizzes, "errors": errors })
        );
    } else {
        print!("{}", table(&catalog));
    }
    if let Some(note) = super::check::loading_note(catalog.diagnostics.len()) {
        eprintln!("{note}");
    }
    ExitCode::SUCCESS
}

/// The `errors` object of `list --json`: `problems` (how many errors loading found, the count
/// `list` prints on stderr), then the ids of the `lessons` and `quizzes` that errors kept out of
/// the listing, the `QUIZ/QUESTION` ids of `questions` dropped from a quiz that did load, and the
/// paths of `files` whose id could not even be read. Empty lists and 0 when the course is clean.
fn errors_json(catalog: &Catalog) -> serde_json::Value {
    let u = &catalog.unloaded;
    let files: Vec<&String> = u.lesson_files.iter().chain(&u.quiz_files).collect();
    json!({
        "problems": catalog.diagnostics.len(),
        "lessons": u.lessons,
        "quizzes": u.quizzes,
        "questions": u.questions,
        "files": files,
    })
}

/// The human-readable listing.
fn table(catalog: &Catalog) -> String {
    let mut out = String::from("LESSONS\n");
    let id_w = catalog
        .lessons
        .iter()
        .map(|l| &l.id)
        .chain(&catalog.unloaded.lessons)
        .map(|id| id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    out.push_str(&format!(
        "  {:>2}  {:<id_w$}  {:>4}  {:<22}  TITLE\n",
        "#", "ID", "MIN", "QUIZ"
    ));
    for l in &catalog.lessons {
        let minutes = l.minutes.map_or("-".to_string(), |m| m.to_string());
        let quiz = l.quiz.as_deref().unwrap_or("-");
        out.push_str(&format!(
            "  {:>2}  {:<id_w$}  {:>4}  {:<22}  {}\n",
            l.order, l.id, minutes, quiz, l.title
        ));
    }
    for id in &catalog.unloaded.lessons {
        out.push_str(&format!("  {:>2}  {:<id_w$}  {HAS_ERRORS}\n", "-", id));
    }
    out.push_str("\nQUIZZES\n");
    let qid_w = catalog
        .quizzes
        .iter()
        .map(|q| &q.id)
        .chain(&catalog.unloaded.quizzes)
        .map(|id| id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    out.push_str(&format!("  {:<qid_w$}  {:>9}  TITLE\n", "ID", "QUESTIONS"));
    for q in &catalog.quizzes {
        out.push_str(&format!(
            "  {:<qid_w$}  {:>9}  {}\n",
            q.id,
            q.questions.len(),
            q.title
        ));
    }
    for id in &catalog.unloaded.quizzes {
        out.push_str(&format!("  {:<qid_w$}  {:>9}  {HAS_ERRORS}\n", id, "-"));
    }
    out
}

/// Shown in place of the details of a lesson or quiz that errors kept out: it exists, and the
/// reader is told where to look rather than left to think it is missing.
const HAS_ERRORS: &str = "(has errors: run `cloudtutor check`)";
