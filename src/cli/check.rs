//! `cloudtutor check`: every problem in a course, one line each, for authors and CI.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::plural::count;
use crate::content::{Catalog, ContentSource, lint};

/// Loads and validates the course; prints errors, then warnings, to stdout; exit 1 if there is
/// any error. Warnings (HTML the tutor cannot show faithfully, and advice from [`lint`] such as an
/// explanation that ignores every wrong choice) are printed as `PATH:LINE: warning: MESSAGE` but
/// do not fail the check.
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let warnings = lint::warnings(&catalog.quizzes);
    let elapsed = start.elapsed();
    for d in catalog.diagnostics.iter().chain(&catalog.warnings) {
        println!("{d}");
    }
    for w in &warnings {
        println!("{w}");
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
    let warned = catalog.warnings.len() + warnings.len();
    let warnings = if warned == 0 {
        String::new()
    } else {
        format!(" ({} above)", count(warned, "warning", "warnings"))
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
