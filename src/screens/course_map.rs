//! The course map (home screen): the lessons in order with what was read and what is due, and the
//! keys that open a lesson, its quiz, a drill, the progress screen or the content's problems.
use super::keymap::Action;
use super::quiz::{ReturnTo, start_quiz};
use super::reader::open_lesson;
use super::state::{App, Overlay, Screen};

/// The course map's keys.
pub fn apply(app: &mut App, action: Action) {
    let lesson_count = app.catalog.lessons.len();
    match action {
        Action::Quit => {
            app.request_save();
            app.should_quit = true;
        }
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(lesson_count.saturating_sub(1)),
        Action::Top => app.selected = 0,
        Action::Bottom => app.selected = lesson_count.saturating_sub(1),
        Action::Open if lesson_count > 0 => open_lesson(app, app.selected),
        Action::Drill => super::drill::start_drill(
            app,
            None,
            &crate::progress::plan::PlanOptions::default(),
            super::quiz::ReturnTo::Home,
        ),
        Action::Stats => app.screen = Screen::Stats(0),
        Action::TakeQuiz => {
            let quiz = app
                .catalog
                .lessons
                .get(app.selected)
                .and_then(|l| l.quiz.clone());
            match quiz {
                Some(quiz) => start_quiz(app, &quiz, ReturnTo::Home),
                None => app.note("this lesson has no quiz: d drills what is due"),
            }
        }
        Action::Back => app.note("this is the course map: q quits"),
        Action::Problems
            if !app.catalog.diagnostics.is_empty() || !app.catalog.warnings.is_empty() =>
        {
            app.overlay = Some(Overlay::Problems { scroll: 0 })
        }
        Action::Problems => app
            .note("no problems found loading the content; `cloudtutor check` also tests the sims"),
        _ => {}
    }
}
