//! The quiz runner's state: one session, the answer being built for the current question (an
//! interaction per kind), the feedback after answering, and the result at the end.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::content::{Kind, Question};
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
    Number { text: String, error: Option<String> },
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
                text: String::new(),
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
}

impl QuizRun {
    /// Starts a session.
    pub fn new(
        quiz_id: Option<String>,
        title: String,
        session: Session,
        return_to: ReturnTo,
    ) -> QuizRun {
        let now = Instant::now();
        let mut run = QuizRun {
            quiz_id,
            title,
            session,
            draft: Draft::Number {
                text: String::new(),
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
        };
        run.reset_draft();
        run
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
    pub fn reset_draft(&mut self) {
        if let Some(cur) = self.session.current() {
            let n = cur.presented.labels(&cur.question.kind).len();
            self.draft = Draft::for_kind(&cur.question.kind, n);
        }
        self.feedback = None;
        self.shown_at = Instant::now();
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
            (Draft::Number { text, .. }, Kind::Numeric { unit, .. }) => {
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
