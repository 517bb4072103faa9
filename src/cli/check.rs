//! `cloudtutor check`: every problem in a course, one line each, for authors and CI.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::plural::count;
use crate::content::{Catalog, ContentSource};

/// Loads and validates the course; prints problems to stdout; exit 1 if any.
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let elapsed = start.elapsed();
    for d in &catalog.diagnostics {
        println!("{d}");
    }
    let n = catalog.diagnostics.len();
    if n > 0 {
        let files: std::collections::BTreeSet<&str> = catalog
            .diagnostics
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        eprintln!(
            "{} in {}",
            count(n, "problem", "problems"),
            count(files.len(), "file", "files")
        );
        return ExitCode::from(1);
    }
    println!(
        "ok: {}, {}, {} checked in {:.1} ms",
        count(catalog.lessons.len(), "lesson", "lessons"),
        count(catalog.quizzes.len(), "quiz", "quizzes"),
        count(catalog.question_count(), "question", "questions"),
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
