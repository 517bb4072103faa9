//! How keys change a quiz run: moving through choices, building the answer for each kind,
//! submitting it (graded, recorded in progress), feedback, and the result screen.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::Action;
use super::quiz::{Draft, QuizRun};
use super::state::{App, Screen};
use super::update::end_quiz;
use crate::content::Kind;
use crate::progress::QuizAttempt;
use crate::quiz::Session;
use crate::quiz::drill;

/// Ticks or unticks a choice.
fn toggle(ticked: &mut std::collections::BTreeSet<usize>, choice: usize) {
    if !ticked.remove(&choice) {
        ticked.insert(choice);
    }
}

/// Characters a numeric answer may contain (digits, separators, sign, exponent, currency, percent).
fn numeric_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | 'e' | 'E' | '$' | '%' | ' ' | '_')
}

/// Typing into a numeric answer. Returns whether the key was used.
pub fn number_input(q: &mut QuizRun, key: &KeyEvent) -> bool {
    if q.feedback.is_some() || q.result.is_some() || key.modifiers.contains(KeyModifiers::CONTROL) {
        return false;
    }
    let Draft::Number { text, error } = &mut q.draft else {
        return false;
    };
    match key.code {
        KeyCode::Char(c) if numeric_char(c) && text.chars().count() < 40 => {
            text.push(c);
            *error = None;
            true
        }
        KeyCode::Backspace => {
            text.pop();
            *error = None;
            true
        }
        _ => false,
    }
}

/// A number key: choose and submit (single, true/false), tick (multi), or set the category of the
/// item under the cursor and move on (match).
pub fn digit(app: &mut App, d: usize) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.feedback.is_some() || q.result.is_some() || d == 0 {
        return;
    }
    let n = q.labels().len();
    let kind = q.session.current().map(|c| c.question.kind.clone());
    match (&mut q.draft, kind) {
        (Draft::Choices { cursor, ticked }, Some(Kind::Multi { .. })) if d <= n => {
            *cursor = d - 1;
            toggle(ticked, d - 1);
        }
        (Draft::Choices { cursor, .. }, Some(_)) if d <= n => {
            *cursor = d - 1;
            submit(app);
        }
        (Draft::Match { cursor, placed }, Some(Kind::Match { categories, .. }))
            if d <= categories.len() =>
        {
            if let Some(p) = placed.get_mut(*cursor) {
                *p = Some(d - 1);
            }
            if *cursor + 1 < placed.len() {
                *cursor += 1;
            }
        }
        _ => {}
    }
}

/// Grades the draft, records the answer and shows feedback; or explains why it cannot be graded yet.
fn submit(app: &mut App) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let Some(cur) = q.session.current() else {
        return;
    };
    let question = cur.question.clone();
    let id = cur.id.to_string();
    let response = match q.response(&question) {
        Ok(r) => r,
        Err(why) => {
            if let Draft::Number { error, .. } = &mut q.draft {
                *error = Some(why);
            } else {
                app.status = Some(super::state::Status {
                    text: why,
                    is_error: false,
                });
            }
            return;
        }
    };
    let elapsed = q.shown_at.elapsed();
    let Ok(outcome) = q.session.answer(response, elapsed) else {
        return;
    };
    let answered = q.session.current().and_then(|c| c.answered.cloned());
    q.feedback = Some(outcome);
    app.status = None;
    if let Some(answered) = answered {
        drill::record(&mut app.progress, &id, &question, App::now(), answered);
        app.dirty = true;
        app.save();
    }
}

/// Moves past the feedback to the next question, or to the result.
fn advance(app: &mut App) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.session.next() {
        q.reset_draft();
        return;
    }
    let summary = q.session.summary();
    q.elapsed = q.started.elapsed();
    q.feedback = None;
    if let Some(id) = &q.quiz_id {
        app.progress
            .record_attempt(id, QuizAttempt::from_summary(App::now(), &summary));
        app.dirty = true;
    }
    q.result = Some(summary);
    app.save();
}

/// Ends a timed drill whose time is up: the summary counts only the questions answered.
pub fn tick(app: &mut App, now: std::time::Instant) {
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
    q.elapsed = q.started.elapsed();
    q.feedback = None;
    q.result = Some(summary);
    app.save();
}

/// Starts a drill of the questions due now (optionally timed). With nothing due, says when the
/// next review is and stays where it is.
pub fn start_drill(app: &mut App, minutes: Option<u32>) {
    let now = App::now();
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
        app.status = Some(super::state::Status {
            text: "Nothing is due for review now: come back later, or take a quiz".into(),
            is_error: false,
        });
        return;
    }
    let n = questions.len();
    // The scheduler's order (most overdue first), as in the plain drill: no shuffle.
    let session = Session::in_order(questions, super::update::next_seed(&mut app.seed));
    let title = match minutes {
        Some(m) => format!("Timed drill · {m} min"),
        None => format!("Drill · {n} question{}", if n == 1 { "" } else { "s" }),
    };
    let mut run = QuizRun::new(None, title, session, super::quiz::ReturnTo::Home);
    if let Some(m) = minutes {
        let total = std::time::Duration::from_secs(u64::from(m) * 60);
        run.deadline = Some((std::time::Instant::now() + total, total));
    }
    app.status = None;
    app.screen = Screen::Quiz(Box::new(run));
}

/// Starts the same quiz again with a new order.
fn retake(app: &mut App) {
    let Screen::Quiz(q) = &app.screen else { return };
    let Some(id) = q.quiz_id.clone() else { return };
    let return_to = q.return_to;
    let Some(quiz) = app.catalog.quiz(&id) else {
        return;
    };
    let seed = super::update::next_seed(&mut app.seed);
    let run = QuizRun::new(
        Some(id),
        quiz.title.clone(),
        Session::new(quiz, seed),
        return_to,
    );
    app.screen = Screen::Quiz(Box::new(run));
}

/// Applies an action on the quiz screen.
pub fn apply(app: &mut App, action: Action) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if let Some(result) = &q.result {
        let missed = result.missed.len();
        match action {
            Action::Quit | Action::Back if q.reviewing => q.reviewing = false,
            Action::Quit | Action::Back => end_quiz(app),
            Action::Up => q.review = q.review.saturating_sub(1),
            Action::Down => q.review = (q.review + 1).min(missed.saturating_sub(1)),
            Action::Open if missed > 0 => q.reviewing = !q.reviewing,
            Action::Retake => retake(app),
            _ => {}
        }
        return;
    }
    if q.feedback.is_some() {
        match action {
            Action::Submit => advance(app),
            Action::Quit | Action::Back => end_quiz(app),
            _ => {}
        }
        return;
    }
    let n = q.labels().len();
    let categories = match q.session.current().map(|c| &c.question.kind) {
        Some(Kind::Match { categories, .. }) => categories.len(),
        _ => 0,
    };
    match (action, &mut q.draft) {
        (Action::Quit | Action::Back, _) => end_quiz(app),
        (Action::Submit, _) => submit(app),
        (Action::Up, Draft::Choices { cursor, .. } | Draft::Match { cursor, .. }) => {
            *cursor = cursor.saturating_sub(1)
        }
        (Action::Down, Draft::Choices { cursor, .. } | Draft::Match { cursor, .. }) => {
            *cursor = (*cursor + 1).min(n.saturating_sub(1))
        }
        (Action::Toggle, Draft::Choices { cursor, ticked }) => {
            toggle(ticked, *cursor);
        }
        (
            Action::Up | Action::Down | Action::MoveUp | Action::MoveDown,
            Draft::Order {
                cursor,
                order,
                held,
            },
        ) => {
            let up = matches!(action, Action::Up | Action::MoveUp);
            let carry = *held || matches!(action, Action::MoveUp | Action::MoveDown);
            let target = if up {
                cursor.checked_sub(1)
            } else {
                Some(*cursor + 1).filter(|t| *t < order.len())
            };
            if let Some(t) = target {
                if carry {
                    order.swap(*cursor, t);
                }
                *cursor = t;
            }
        }
        (Action::Toggle, Draft::Order { held, .. }) => *held = !*held,
        (Action::Left | Action::Right, Draft::Match { cursor, placed }) if categories > 0 => {
            if let Some(p) = placed.get_mut(*cursor) {
                *p = Some(match (*p, action) {
                    (None, Action::Right) => 0,
                    (None, _) => categories - 1,
                    (Some(c), Action::Right) => (c + 1) % categories,
                    (Some(c), _) => (c + categories - 1) % categories,
                });
            }
        }
        _ => {}
    }
}
