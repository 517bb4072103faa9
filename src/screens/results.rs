//! The result screen at the end of a quiz: the score, the missed questions to review, and a retake.
use super::keymap::Action;
use super::quiz::{QuizRun, end_quiz, next_seed};
use super::state::{App, Screen};
use crate::quiz::Session;

/// The result screen's keys.
pub fn apply(app: &mut App, action: Action) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let Some(result) = &q.result else { return };
    let missed = result.missed.len();
    let max = super::quiz_body::review_max_scroll(q, app.size.0, app.size.1);
    match action {
        Action::Quit | Action::Back if q.reviewing => q.reviewing = false,
        Action::Quit | Action::Back => end_quiz(app),
        Action::Up => {
            q.review = q.review.saturating_sub(1);
            q.scroll = 0;
        }
        Action::Down => {
            q.review = (q.review + 1).min(missed.saturating_sub(1));
            q.scroll = 0;
        }
        Action::PageDown | Action::PageUp if !q.reviewing => {
            app.note("nothing to scroll: Enter opens the missed question")
        }
        Action::PageDown | Action::PageUp if max == 0 => app.note("all of the review is on screen"),
        Action::PageDown => q.scroll = (q.scroll + 1).min(max),
        Action::PageUp => q.scroll = q.scroll.min(max).saturating_sub(1),
        Action::Open if missed > 0 => {
            q.reviewing = !q.reviewing;
            q.scroll = 0;
        }
        Action::Open => app.note("nothing to review: every answer was right"),
        Action::Retake if q.drill.is_some() => {
            app.note("a drill is not retaken: d plans the next one from what is due")
        }
        Action::Retake if q.quiz_id.is_none() => {
            app.note("a checkpoint is not retaken: q goes back to the lesson")
        }
        Action::Retake => retake(app),
        _ => {}
    }
}

/// Starts the same quiz again with a new order.
fn retake(app: &mut App) {
    let Screen::Quiz(q) = &app.screen else { return };
    let Some(id) = q.quiz_id.clone() else { return };
    let return_to = q.return_to;
    let Some(quiz) = app.catalog.quiz(&id) else {
        return;
    };
    let seed = next_seed(&mut app.seed);
    let run = QuizRun::new(
        Some(id),
        quiz.title.clone(),
        Session::new(quiz, seed),
        return_to,
        app.instant,
    );
    app.screen = Screen::Quiz(Box::new(run));
}
