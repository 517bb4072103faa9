//! The drill: the questions the scheduler says are due, asked in its order (most overdue first,
//! the same order as `drill --plain`), optionally against a countdown.
use std::time::{Duration, Instant};

use super::quiz::{QuizRun, ReturnTo, next_seed};
use super::state::{App, Screen, Status};
use crate::quiz::{Session, drill};

/// Starts a drill of the questions due now (optionally timed). With nothing due, says when the
/// next review is and stays where it is.
pub fn start_drill(app: &mut App, minutes: Option<u32>) {
    let now = app.now();
    let due = drill::due_questions(&app.catalog, &app.progress, now);
    let questions: Vec<(String, crate::content::Question)> = due
        .iter()
        .filter_map(|d| {
            app.catalog
                .question(&d.id)
                .map(|(_, q)| (d.id.clone(), q.clone()))
        })
        .collect();
    if questions.is_empty() {
        app.status = Some(Status {
            text: "Nothing is due for review now: come back later, or take a quiz".into(),
            is_error: false,
        });
        return;
    }
    let n = questions.len();
    // The scheduler's order (most overdue first), as in the plain drill: no shuffle.
    let session = Session::in_order(questions, next_seed(&mut app.seed));
    let title = match minutes {
        Some(m) => format!("Timed drill · {m} min"),
        None => format!("Drill · {n} question{}", if n == 1 { "" } else { "s" }),
    };
    let mut run = QuizRun::new(None, title, session, ReturnTo::Home, app.instant);
    if let Some(m) = minutes {
        let total = Duration::from_secs(u64::from(m) * 60);
        run.deadline = Some((app.instant + total, total));
    }
    app.status = None;
    app.screen = Screen::Quiz(Box::new(run));
}

/// Ends a timed drill whose time is up: the summary counts only the questions answered.
pub fn tick(app: &mut App, now: Instant) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if !q.animating() || q.remaining(now).is_some_and(|r| !r.is_zero()) {
        return;
    }
    let mut summary = q.session.summary();
    let answered: Vec<String> = q.session.answered().map(|(id, _)| id.to_string()).collect();
    summary.missed.retain(|id| answered.contains(id));
    summary.total = answered.len();
    summary.score = if answered.is_empty() {
        0.0
    } else {
        summary.correct as f32 / answered.len() as f32
    };
    q.elapsed = now.saturating_duration_since(q.started);
    q.feedback = None;
    q.result = Some(summary);
    app.request_save();
}
