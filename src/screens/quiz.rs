//! The quiz runner: one session, the answer being built for the current question (an interaction
//! per kind), the feedback after answering, and how keys change them. The result at the end is
//! `results`; a drill (`drill`) is a quiz run over the scheduler's queue.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::drill::DrillRun;
use super::keymap::Action;
use super::line_input::LineInput;
use super::reader::park_reader;
use super::state::{App, Screen, Status};
use crate::content::{Kind, Question};
use crate::progress::QuizAttempt;
use crate::progress::drill::{self, Undo};
use crate::quiz::{Outcome, Response, Session, Summary};

/// The answer being put together for the question on screen, shaped by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Draft {
    /// Single, multi and true/false: a cursor over the shown choices and, for multi, the ticks.
    Choices {
        cursor: usize,
        ticked: BTreeSet<usize>,
    },
    /// Order: the shown items in the learner's current order (display indices); `held` when the
    /// item under the cursor moves with it.
    Order {
        cursor: usize,
        order: Vec<usize>,
        held: bool,
    },
    /// Match: a category (or none yet) for each shown item.
    Match {
        cursor: usize,
        placed: Vec<Option<usize>>,
    },
    /// Numeric: the text typed so far, and why the last try could not be read.
    Number {
        input: LineInput,
        error: Option<String>,
    },
}

impl Draft {
    /// A fresh draft for a question with `n` shown choices or items.
    pub fn for_kind(kind: &Kind, n: usize) -> Draft {
        match kind {
            Kind::Single { .. } | Kind::Multi { .. } | Kind::TrueFalse { .. } => Draft::Choices {
                cursor: 0,
                ticked: BTreeSet::new(),
            },
            Kind::Order { .. } => Draft::Order {
                cursor: 0,
                order: (0..n).collect(),
                held: false,
            },
            Kind::Match { .. } => Draft::Match {
                cursor: 0,
                placed: vec![None; n],
            },
            Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => Draft::Number {
                input: LineInput::default(),
                error: None,
            },
        }
    }
}

/// Where a quiz goes back to when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnTo {
    Home,
    /// The reader it was opened from (a checkpoint or the end-of-lesson offer).
    Reader,
    /// The progress screen it was opened from (`d` or `c` there).
    Progress,
    /// Nowhere: it was the command line's request (`cloudtutor drill`), so leaving it ends the
    /// program, back at the shell prompt.
    Exit,
}

/// A quiz being taken.
#[derive(Debug)]
pub struct QuizRun {
    /// The quiz id, for the saved attempt; `None` for a checkpoint or drill mix.
    pub quiz_id: Option<String>,
    pub title: String,
    pub session: Session,
    pub draft: Draft,
    /// The outcome of the current question once answered: feedback shows until the learner moves on.
    pub feedback: Option<Outcome>,
    /// When the current question appeared.
    pub shown_at: Instant,
    /// When the quiz started, for the total time.
    pub started: Instant,
    /// The result, once the last question is done.
    pub result: Option<Summary>,
    /// Selected missed question on the result screen, and whether it is open for review.
    pub review: usize,
    pub reviewing: bool,
    pub return_to: ReturnTo,
    /// Wall time the quiz took (for the result screen).
    pub elapsed: Duration,
    /// For a timed drill: when time is up, and how long it was.
    pub deadline: Option<(Instant, Duration)>,
    /// For a drill: the plan the questions come from (the session then holds the one on screen).
    pub drill: Option<Box<DrillRun>>,
    /// For a quiz: what taking back each recorded answer needs, oldest first (`u`).
    pub undo: Vec<Undo>,
    /// First row of the body shown while the feedback is on screen (it scrolls when the
    /// explanation does not fit; see `quiz_body::max_scroll`).
    pub scroll: usize,
    /// Whether the learner left with `q`/`Esc` before the end: the result then shows what was
    /// answered so far (a quiz stopped early is not saved as an attempt).
    pub stopped: bool,
}

impl QuizRun {
    /// Starts a session at `now` (the event's time, from the shell).
    pub fn new(
        quiz_id: Option<String>,
        title: String,
        session: Session,
        return_to: ReturnTo,
        now: Instant,
    ) -> QuizRun {
        let mut run = QuizRun {
            quiz_id,
            title,
            session,
            draft: Draft::Number {
                input: LineInput::default(),
                error: None,
            },
            feedback: None,
            shown_at: now,
            started: now,
            result: None,
            review: 0,
            reviewing: false,
            return_to,
            elapsed: Duration::ZERO,
            deadline: None,
            drill: None,
            undo: Vec::new(),
            scroll: 0,
            stopped: false,
        };
        run.reset_draft(now);
        run
    }

    /// `(number of the question on screen, number of questions)`, for "3/10": a drill counts
    /// its retries, which come on top of the questions planned.
    pub fn position(&self) -> (usize, usize) {
        match &self.drill {
            Some(d) => d.position(self.feedback.is_some()),
            None => (self.session.position() + 1, self.session.len()),
        }
    }

    /// Whether there is an answer to take back with `u` (the footer offers it only then).
    pub fn can_undo(&self) -> bool {
        match &self.drill {
            Some(d) => d.plan.can_undo(),
            None => !self.undo.is_empty(),
        }
    }

    /// A question as it was asked (a generated one with its numbers), by full id.
    pub fn asked(&self, id: &str) -> Option<&Question> {
        match &self.drill {
            Some(d) => d.asked(id),
            None => self.session.question(id),
        }
    }

    /// The learner's answer to a question (the first one, in a drill), in original indices.
    pub fn given(&self, id: &str) -> Option<&Response> {
        match &self.drill {
            Some(d) => d.given(id),
            None => self
                .session
                .answered()
                .find(|(qid, _)| *qid == id)
                .map(|(_, a)| &a.response),
        }
    }

    /// Time left in a timed drill, if it is one.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        self.deadline
            .map(|(end, _)| end.saturating_duration_since(now))
    }

    /// Whether the screen changes by itself (a countdown), so the event loop must tick.
    pub fn animating(&self) -> bool {
        self.deadline.is_some() && self.result.is_none()
    }

    /// Prepares the draft for the question now on screen.
    pub fn reset_draft(&mut self, now: Instant) {
        if let Some(cur) = self.session.current() {
            let n = cur.presented.labels(&cur.question.kind).len();
            self.draft = Draft::for_kind(&cur.question.kind, n);
        }
        self.feedback = None;
        self.shown_at = now;
        self.scroll = 0;
    }

    /// The shown choice texts of the current question (True/False for true_false).
    pub fn labels(&self) -> Vec<String> {
        match self.session.current() {
            Some(cur) => match &cur.question.kind {
                Kind::TrueFalse { .. } => vec!["True".into(), "False".into()],
                kind => cur
                    .presented
                    .labels(kind)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            },
            None => Vec::new(),
        }
    }

    /// The response the draft stands for, in display positions, or why it is not ready.
    pub fn response(&self, question: &Question) -> Result<Response, String> {
        match (&self.draft, &question.kind) {
            (Draft::Choices { cursor, .. }, Kind::Single { .. }) => {
                Ok(Response::Single { choice: *cursor })
            }
            (Draft::Choices { cursor, .. }, Kind::TrueFalse { .. }) => Ok(Response::TrueFalse {
                answer: *cursor == 0,
            }),
            (Draft::Choices { ticked, .. }, Kind::Multi { .. }) => {
                if ticked.is_empty() {
                    Err("tick at least one choice with Space".into())
                } else {
                    Ok(Response::Multi {
                        choices: ticked.clone(),
                    })
                }
            }
            (Draft::Order { order, .. }, Kind::Order { .. }) => Ok(Response::Order {
                order: order.clone(),
            }),
            (Draft::Match { placed, .. }, Kind::Match { .. }) => {
                if placed.iter().any(Option::is_none) {
                    Err("put every item in a category first (← → or a number)".into())
                } else {
                    Ok(Response::Match {
                        categories: placed.clone(),
                    })
                }
            }
            (Draft::Number { input, .. }, Kind::Numeric { unit, .. }) => {
                let text = input.value();
                match crate::quiz::parse_answer(text, unit) {
                    Some(value) => Ok(Response::Numeric { value }),
                    None if text.trim().is_empty() => Err("type a number".into()),
                    None => Err(format!("“{text}” is not a number")),
                }
            }
            _ => Err("this answer does not fit the question".into()),
        }
    }
}

/// Longest numeric answer, in characters.
const NUMBER_MAX: usize = 40;

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
    let Draft::Number { input, error } = &mut q.draft else {
        return false;
    };
    let used = input.edit(key, NUMBER_MAX, numeric_char);
    if used {
        *error = None;
    }
    used
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
        (Draft::Match { .. }, Some(Kind::Match { categories, .. })) => {
            app.note(format!("no category {d}: there are {}", categories.len()))
        }
        (Draft::Choices { .. }, Some(_)) => app.note(format!("no choice {d}: there are {n}")),
        (_, Some(kind)) => app.note(format!(
            "number keys do nothing in {}: {}",
            kind_words(&kind),
            how_to_answer(&kind)
        )),
        (_, None) => {}
    }
}

/// A question kind as the learner calls it, with its article.
fn kind_words(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "a single-choice question",
        Kind::Multi { .. } => "a multiple-choice question",
        Kind::TrueFalse { .. } => "a true/false question",
        Kind::Order { .. } => "an order question",
        Kind::Match { .. } => "a match question",
        Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => "a number question",
    }
}

/// How a question of this kind is answered, in the keys of the table.
fn how_to_answer(kind: &Kind) -> String {
    use super::keymap::{Context, Hint, hint_keys};
    let keys = |actions: &'static [Action]| {
        hint_keys(
            Context::Quiz,
            &Hint {
                actions,
                label: "",
                keys: 1,
            },
        )
        .unwrap_or_default()
    };
    match kind {
        Kind::Single { .. } | Kind::TrueFalse { .. } => {
            format!("press the choice's number ({})", keys(&[Action::Digit]))
        }
        Kind::Multi { .. } => format!(
            "tick choices with their numbers or {}, then Enter",
            keys(&[Action::Toggle])
        ),
        Kind::Order { .. } => format!(
            "move the item under the cursor with {}",
            keys(&[Action::MoveUp, Action::MoveDown])
        ),
        Kind::Match { .. } => format!(
            "give each item a category with its number or {}",
            keys(&[Action::Left, Action::Right])
        ),
        Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => {
            "type the number, then Enter".to_string()
        }
    }
}

/// Grades the draft, records the answer and shows feedback; or explains why it cannot be graded yet.
pub(super) fn submit(app: &mut App) {
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
                app.status = Some(Status {
                    text: why,
                    is_error: false,
                });
            }
            return;
        }
    };
    let elapsed = app.instant.saturating_duration_since(q.shown_at);
    let Ok(outcome) = q.session.answer(response, elapsed) else {
        return;
    };
    let answered = q.session.current().and_then(|c| c.answered.cloned());
    q.feedback = Some(outcome);
    q.scroll = super::quiz_body::feedback_scroll(q, app.size.0, app.size.1);
    app.status = None;
    if let Some(answered) = answered {
        match &mut q.drill {
            Some(d) => {
                super::drill::record(d, &mut app.progress, &id, &question, app.clock, answered)
            }
            None => {
                let undo = drill::record(&mut app.progress, &id, &question, app.clock, answered);
                q.undo.push(undo);
            }
        }
        app.dirty = true;
        app.request_save();
    }
}

/// `u`: takes the last answer back, while its feedback shows or after moving on: that question
/// is on screen again, unanswered, and its record and scheduler card are what they were before
/// (on disk too, at the save this asks for). Says so when there is nothing to take back.
pub fn undo(app: &mut App) {
    let now = app.instant;
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.drill.is_some() {
        super::drill::undo(app);
        return;
    }
    let Some(undo) = q.undo.pop() else {
        app.status = Some(Status {
            text: "Nothing to undo: no answer given yet in this quiz".into(),
            is_error: false,
        });
        return;
    };
    q.session.take_back();
    q.reset_draft(now);
    app.take_back(undo);
    app.status = Some(Status {
        text: "Answer taken back: it is as if it was never given".into(),
        is_error: false,
    });
}

/// Moves past the feedback to the next question, or to the result.
pub fn advance(app: &mut App) {
    let now = app.instant;
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.drill.is_some() {
        super::drill::advance(app);
        return;
    }
    if q.session.next() {
        q.reset_draft(now);
        return;
    }
    let summary = q.session.summary();
    q.elapsed = now.saturating_duration_since(q.started);
    q.feedback = None;
    if let Some(id) = &q.quiz_id {
        app.progress
            .record_attempt(id, QuizAttempt::from_summary(app.clock, &summary));
        app.dirty = true;
    }
    q.result = Some(summary);
    app.request_save();
}

/// Applies an action on the quiz screen.
pub fn apply(app: &mut App, action: Action) {
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    if q.result.is_some() {
        super::results::apply(app, action);
        return;
    }
    if action == Action::Undo {
        undo(app);
        return;
    }
    if q.feedback.is_some() {
        let (cols, rows) = app.size;
        let max = super::quiz_body::max_scroll(q, cols, rows);
        match action {
            Action::Submit => advance(app),
            Action::Quit | Action::Back => stop(app),
            Action::Up | Action::Down if max == 0 => {
                app.note("all of the explanation is on screen")
            }
            Action::Up => q.scroll = q.scroll.min(max).saturating_sub(1),
            Action::Down => q.scroll = (q.scroll + 1).min(max),
            _ => {}
        }
        return;
    }
    let n = q.labels().len();
    let categories = match q.session.current().map(|c| &c.question.kind) {
        Some(Kind::Match { categories, .. }) => categories.len(),
        _ => 0,
    };
    let multi = matches!(
        q.session.current().map(|c| &c.question.kind),
        Some(Kind::Multi { .. })
    );
    match (action, &mut q.draft) {
        (Action::Quit | Action::Back, _) => stop(app),
        (Action::Submit, _) => submit(app),
        (Action::Up, Draft::Choices { cursor, .. } | Draft::Match { cursor, .. }) => {
            *cursor = cursor.saturating_sub(1)
        }
        (Action::Down, Draft::Choices { cursor, .. } | Draft::Match { cursor, .. }) => {
            *cursor = (*cursor + 1).min(n.saturating_sub(1))
        }
        (Action::Toggle, Draft::Choices { cursor, ticked }) if multi => {
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
        _ => {
            // A key of another kind of question: say how this one is answered.
            if let Some(kind) = q.session.current().map(|c| c.question.kind.clone()) {
                app.note(format!(
                    "that key does nothing in {}: {}",
                    kind_words(&kind),
                    how_to_answer(&kind)
                ));
            }
        }
    }
}

/// Starts a quiz by id, from the home screen or the reader.
pub fn start_quiz(app: &mut App, quiz_id: &str, return_to: ReturnTo) {
    let Some(quiz) = app.catalog.quiz(quiz_id) else {
        return;
    };
    let session = Session::new(quiz, next_seed(&mut app.seed));
    let run = QuizRun::new(
        Some(quiz.id.clone()),
        quiz.title.clone(),
        session,
        return_to,
        app.instant,
    );
    park_reader(app, return_to);
    app.screen = Screen::Quiz(Box::new(run));
}

/// The seed for the next quiz: `--seed` repeats orders exactly, otherwise a fresh random one.
pub fn next_seed(seed: &mut Option<u64>) -> u64 {
    match seed {
        Some(s) => {
            let this = *s;
            *s = s.wrapping_add(1);
            this
        }
        None => crate::quiz::random_seed(),
    }
}

/// `q`/`Esc` before the end: with at least one answer given, the result of what was answered
/// (a drill's relearned and still-to-relearn counts, a quiz's score over the questions
/// answered), so leaving early is never silent; with none, straight back where it came from.
/// A quiz stopped early records no attempt: its score would not be comparable with a whole one.
fn stop(app: &mut App) {
    let now = app.instant;
    let Screen::Quiz(q) = &mut app.screen else {
        return;
    };
    let answered = match &q.drill {
        Some(d) => d.plan.summary().answers > 0,
        None => q.session.answered().next().is_some(),
    };
    if !answered {
        end_quiz(app);
        return;
    }
    q.stopped = true;
    q.scroll = 0;
    if q.drill.is_some() {
        super::drill::stop(app);
    } else {
        q.result = Some(answered_summary(&q.session));
        q.elapsed = now.saturating_duration_since(q.started);
        q.feedback = None;
    }
    app.status = None;
    app.request_save();
}

/// The result over the questions answered so far (a quiz left early): the score is their mean,
/// the questions to review those of them not fully right.
fn answered_summary(session: &Session) -> Summary {
    let mut summary = Summary {
        score: 0.0,
        correct: 0,
        total: 0,
        duration: Duration::ZERO,
        missed: Vec::new(),
    };
    let mut points = 0.0f32;
    for (id, a) in session.answered() {
        summary.total += 1;
        points += a.outcome.score;
        summary.duration += a.elapsed;
        if a.outcome.correct {
            summary.correct += 1;
        } else {
            summary.missed.push(id.to_string());
        }
    }
    if summary.total > 0 {
        summary.score = (points / summary.total as f32).clamp(0.0, 1.0);
    }
    summary
}

/// Leaves a quiz for where it came from.
pub fn end_quiz(app: &mut App) {
    let return_to = match &app.screen {
        Screen::Quiz(q) => q.return_to,
        _ => ReturnTo::Home,
    };
    app.request_save();
    app.screen = match (return_to, app.parked_reader.take()) {
        (ReturnTo::Reader, Some(r)) => Screen::Reader(r),
        (ReturnTo::Progress, _) => Screen::Stats(0),
        (ReturnTo::Exit, _) => {
            app.should_quit = true;
            Screen::Home
        }
        _ => Screen::Home,
    };
}
