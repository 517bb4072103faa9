//! `cloudtutor check`: every problem in a course, one line each, for authors and CI. Besides
//! loading and validating every file, it runs each sim block that states `expect` lines and
//! reports every expectation the simulation does not meet.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::{Catalog, ContentSource, expectations};

/// Loads and validates the course, runs the sim blocks' expectations; prints problems to stdout;
/// exit 1 if any.
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let sims = expectations::run_all(&catalog);
    let elapsed = start.elapsed();
    let problems: Vec<_> = catalog.diagnostics.iter().chain(&sims.misses).collect();
    for d in &problems {
        println!("{d}");
    }
    let n = problems.len();
    if n > 0 {
        let files: std::collections::BTreeSet<&str> =
            problems.iter().map(|d| d.path.as_str()).collect();
        eprintln!(
            "{n} problem{} in {} file{}",
            plural(n),
            files.len(),
            plural(files.len())
        );
        return ExitCode::from(1);
    }
    println!(
        "ok: {} lessons, {} quizzes, {} questions, {} expectation{} in {} sim block{} checked in {:.1} ms",
        catalog.lessons.len(),
        catalog.quizzes.len(),
        catalog.question_count(),
        sims.expectations,
        plural(sims.expectations),
        sims.blocks,
        plural(sims.blocks),
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
