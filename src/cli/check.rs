//! `cloudtutor check`: every problem in a course, one line each, for authors and CI.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::plural::count;
use crate::content::{Catalog, ContentSource};

/// Loads and validates the course; prints errors, then warnings, to stdout; exit 1 if there is
/// any error (warnings alone pass).
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let elapsed = start.elapsed();
    for d in catalog.diagnostics.iter().chain(&catalog.warnings) {
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
    let warnings = if catalog.warnings.is_empty() {
        String::new()
    } else {
        format!(
            " ({} above)",
            count(catalog.warnings.len(), "warning", "warnings")
        )
    };
    println!(
        "ok: {}, {}, {} checked in {:.1} ms{warnings}",
        count(catalog.lessons.len(), "lesson", "lessons"),
        count(catalog.quizzes.len(), "quiz", "quizzes"),
        count(catalog.question_count(), "question", "questions"),
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
