//! `cloudtutor check`: every problem in a course, one line each, for authors and CI. Besides
//! loading and validating every file, it runs each sim block that states `expect` lines and
//! reports every expectation the simulation does not meet.
use std::process::ExitCode;
use std::time::Instant;

use crate::content::plural::count;
use crate::content::{Catalog, ContentSource, expectations, lint};

/// Loads and validates the course and runs the sim blocks' expectations; prints errors, then
/// warnings, to stdout; exit 1 if there is any error or missed expectation. Warnings (HTML the
/// tutor cannot show faithfully, advice from [`lint`] such as an explanation that ignores every
/// wrong choice, and slides taller than a 100x30 screen) are printed as `PATH:LINE: warning: MESSAGE` but do not fail the check.
pub fn run(source: &ContentSource) -> ExitCode {
    let start = Instant::now();
    let catalog = Catalog::load(source);
    let warnings = lint::warnings(&catalog.quizzes);
    // Slides a projector cannot show in one screen (the presenter scrolls them).
    let tall = crate::screens::slides::tall_slides(&catalog, crate::screens::slides::CHECK_SIZE);
    let sims = expectations::run_all(&catalog);
    let elapsed = start.elapsed();
    let problems: Vec<_> = catalog.diagnostics.iter().chain(&sims.misses).collect();
    for d in problems.iter().copied().chain(&catalog.warnings) {
        println!("{d}");
    }
    for w in &warnings {
        println!("{w}");
    }
    for w in &tall {
        println!("{w}");
    }
    let n = problems.len();
    if n > 0 {
        let files: std::collections::BTreeSet<&str> =
            problems.iter().map(|d| d.path.as_str()).collect();
        // Split when the simulations found some, so the count `list` and the tutor show (loading
        // only) visibly adds up to this one.
        let split = if sims.misses.is_empty() {
            String::new()
        } else {
            format!(
                " ({} found loading the content, {})",
                catalog.diagnostics.len(),
                count(
                    sims.misses.len(),
                    "simulation expectation missed",
                    "simulation expectations missed"
                )
            )
        };
        eprintln!(
            "{} in {}{split}",
            count(n, "problem", "problems"),
            count(files.len(), "file", "files")
        );
        return ExitCode::from(1);
    }
    let warned = catalog.warnings.len() + warnings.len() + tall.len();
    let warnings = if warned == 0 {
        String::new()
    } else {
        format!(" ({} above)", count(warned, "warning", "warnings"))
    };
    // Said only when there is something to say: a course without expectations has no sim line.
    let expected = if sims.blocks == 0 {
        String::new()
    } else {
        format!(
            ", {} in {}",
            count(sims.expectations, "expectation", "expectations"),
            count(sims.blocks, "sim block", "sim blocks")
        )
    };
    println!(
        "ok: {}, {}, {}{} checked in {:.1} ms{warnings}",
        count(catalog.lessons.len(), "lesson", "lessons"),
        count(catalog.quizzes.len(), "quiz", "quizzes"),
        count(catalog.question_count(), "question", "questions"),
        expected,
        elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

/// The stderr line of the commands that load the course without running its simulations (`list`,
/// `export`, the plain quiz and drill) when loading found `errors` errors; `None` for 0. It counts
/// what loading found, as the tutor's `!` panel does, and says that `check` also runs the sim
/// blocks' `expect` lines, so a larger count from `check` is explained rather than contradictory.
pub fn loading_note(errors: usize) -> Option<String> {
    (errors > 0).then(|| {
        format!(
            "cloudtutor: {} found loading the content; run `cloudtutor check` to see {} \
             (check also runs the simulations' `expect` lines)",
            count(errors, "problem", "problems"),
            crate::content::plural::it_or_them(errors)
        )
    })
}
