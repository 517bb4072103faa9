//! `cloudtutor check`: every problem in a course, one line each, for authors and CI.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::{Catalog, ContentSource, lint};

/// Loads and validates the course; prints problems to stdout; exit 1 if any. Warnings (advice
/// from [`lint`], such as an explanation that ignores every wrong choice) are printed too, as
/// `PATH:LINE: warning: MESSAGE`, but do not fail the check.
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let warnings = lint::warnings(&catalog.quizzes);
    let elapsed = start.elapsed();
    for d in &catalog.diagnostics {
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
            "{n} problem{} in {} file{}",
            plural(n),
            files.len(),
            plural(files.len())
        );
        return ExitCode::from(1);
    }
    println!(
        "ok: {} lessons, {} quizzes, {} questions checked in {:.1} ms{}",
        catalog.lessons.len(),
        catalog.quizzes.len(),
        catalog.question_count(),
        elapsed.as_secs_f64() * 1000.0,
        match warnings.len() {
            0 => String::new(),
            n => format!(", {n} warning{}", plural(n)),
        }
    );
    ExitCode::SUCCESS
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
