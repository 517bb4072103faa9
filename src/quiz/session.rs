//! One sitting of a quiz as a pure state machine: which question is up, what was answered and how
//! long it took. The caller passes elapsed times in (no clock is read here) so every transition is
//! testable and replayable, and the UI only draws what this says.
use std::time::Duration;

use thiserror::Error;

use super::grade::{Outcome, Response, grade};
use super::shuffle::{Presentation, PresentedQuestion};
use crate::content::{Question, Quiz};

/// Why an answer was refused. The UI should not offer these actions, but a stray key press must
/// not corrupt the session either.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SessionError {
    #[error("the session is finished: there is no current question")]
    Finished,
    #[error("question `{0}` has already been answered")]
    AlreadyAnswered(String),
}

/// An answer as recorded: the response in original indices (what the progress file keeps), its
/// grade and the time the learner took.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub response: Response,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

/// The question on screen, with everything needed to draw it.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    /// Full `QUIZ/QUESTION` id.
    pub id: &'a str,
    pub question: &'a Question,
    /// Display arrangement of its choices or items.
    pub presented: &'a PresentedQuestion,
    /// 1-based position in the session, for "3 / 10".
    pub number: usize,
    /// The answer, once given (to show feedback before moving on).
    pub answered: Option<&'a Answered>,
}

/// The end-of-quiz report.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Mean score over all questions (unanswered ones count 0), in `0.0..=1.0`.
    pub score: f32,
    /// Questions answered fully right.
    pub correct: usize,
    pub total: usize,
    /// Sum of the time taken on answered questions.
    pub duration: Duration,
    /// Full ids of questions not fully right (wrong, partial or unanswered), in the order asked:
    /// what a drill should bring back.
    pub missed: Vec<String>,
}

/// A quiz in progress.
#[derive(Debug, Clone)]
pub struct Session {
    /// `(full id, question)` in the original order; the presentation indexes into it.
    questions: Vec<(String, Question)>,
    presentation: Presentation,
    /// Index into `presentation.questions`.
    position: usize,
    /// Per presented position.
    answers: Vec<Option<Answered>>,
}

impl Session {
    /// Starts a quiz; ids become `QUIZ/QUESTION`. Pass `super::shuffle::random_seed` when the
    /// learner gave no `--seed`.
    pub fn new(quiz: &Quiz, seed: u64) -> Self {
        let questions = quiz
            .questions
            .iter()
            .map(|q| (format!("{}/{}", quiz.id, q.id), q.clone()))
            .collect();
        Self::from_questions(questions, seed)
    }

    /// Starts a session over any `(full id, question)` list, e.g. a drill mixing quizzes.
    pub fn from_questions(questions: Vec<(String, Question)>, seed: u64) -> Self {
        // Generated questions get their numbers now, so the rest of the session (presentation,
        // grading, review) sees an ordinary numeric question.
        let questions: Vec<(String, Question)> = questions
            .into_iter()
            .map(|(id, q)| {
                let asked = super::generate::instantiate(&q, seed, &id);
                (id, asked)
            })
            .collect();
        // The full id picks each question's shuffle stream, so the same question is arranged
        // the same way in a quiz and in a drill with the same seed only if ids match; that is
        // fine, what matters is that a seed replays a session.
        let keyed: Vec<Question> = questions
            .iter()
            .map(|(id, q)| Question {
                id: id.clone(),
                ..q.clone()
            })
            .collect();
        let presentation = Presentation::new(&keyed, seed);
        let answers = vec![None; presentation.questions.len()];
        Session {
            questions,
            presentation,
            position: 0,
            answers,
        }
    }

    /// Like [`Session::from_questions`], but asks the questions in the order given (a drill's
    /// queue, most overdue first); only each question's choices are arranged from the seed.
    pub fn in_order(questions: Vec<(String, Question)>, seed: u64) -> Self {
        let mut session = Self::from_questions(questions, seed);
        session.presentation.questions.sort_by_key(|p| p.question);
        session
    }

    /// A question of this session as it was asked (generated ones with their numbers), by full id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions
            .iter()
            .find(|(qid, _)| qid == id)
            .map(|(_, q)| q)
    }

    /// The seed, to show as "replay with --seed N".
    pub fn seed(&self) -> u64 {
        self.presentation.seed
    }

    /// Number of questions.
    pub fn len(&self) -> usize {
        self.presentation.questions.len()
    }

    /// True for a session with no questions (already finished).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// 0-based index of the current question in the presented order (`len()` once finished).
    pub fn position(&self) -> usize {
        self.position
    }

    /// Whether every question has been passed.
    pub fn finished(&self) -> bool {
        self.position >= self.len()
    }

    /// The question on screen, or `None` once finished.
    pub fn current(&self) -> Option<Current<'_>> {
        let presented = self.presentation.questions.get(self.position)?;
        let (id, question) = self.questions.get(presented.question)?;
        Some(Current {
            id,
            question,
            presented,
            number: self.position + 1,
            answered: self.answers.get(self.position).and_then(Option::as_ref),
        })
    }

    /// Answers the current question. `shown` is in *display* positions (what the UI knows); it is
    /// mapped to original indices, graded, and kept with `elapsed` (the time the learner spent on
    /// this question, measured by the caller). The first answer counts: answering twice is an
    /// error, so a double key press cannot overwrite a grade.
    pub fn answer(&mut self, shown: Response, elapsed: Duration) -> Result<Outcome, SessionError> {
        let presented = self
            .presentation
            .questions
            .get(self.position)
            .ok_or(SessionError::Finished)?;
        let (id, question) = self
            .questions
            .get(presented.question)
            .ok_or(SessionError::Finished)?;
        let slot = self
            .answers
            .get_mut(self.position)
            .ok_or(SessionError::Finished)?;
        if slot.is_some() {
            return Err(SessionError::AlreadyAnswered(id.clone()));
        }
        let response = presented.to_original(&shown);
        let outcome = grade(&question.kind, &response);
        *slot = Some(Answered {
            response,
            outcome: outcome.clone(),
            elapsed,
        });
        Ok(outcome)
    }

    /// Moves to the next question, answered or not (skipping counts as missed). Returns whether
    /// there is a current question afterwards.
    #[expect(
        clippy::should_implement_trait,
        reason = "a session step, not an iterator: it yields nothing"
    )]
    pub fn next(&mut self) -> bool {
        if self.position < self.len() {
            self.position += 1;
        }
        !self.finished()
    }

    /// Takes back the last answer (the answered question furthest along): it is current again,
    /// unanswered, and the questions after it are as they were. Returns its full id, `None` when
    /// nothing was answered. Why: a slip of the finger (a digit submits at once) should not stand
    /// as a wrong answer; the caller takes the record back from the progress too.
    pub fn take_back(&mut self) -> Option<String> {
        let last = self.answers.iter().rposition(Option::is_some)?;
        self.answers[last] = None;
        self.position = last;
        let presented = self.presentation.questions.get(last)?;
        self.questions
            .get(presented.question)
            .map(|(id, _)| id.clone())
    }

    /// Every answer given so far, with its full question id, in the order asked: what gets saved
    /// to progress.
    pub fn answered(&self) -> impl Iterator<Item = (&str, &Answered)> {
        self.presentation
            .questions
            .iter()
            .zip(&self.answers)
            .filter_map(|(p, a)| Some((self.questions.get(p.question)?.0.as_str(), a.as_ref()?)))
    }

    /// The report so far (final once [`Session::finished`]).
    pub fn summary(&self) -> Summary {
        let total = self.len();
        let mut score = 0.0f32;
        let mut correct = 0;
        let mut duration = Duration::ZERO;
        let mut missed = Vec::new();
        for (p, answer) in self.presentation.questions.iter().zip(&self.answers) {
            let id = self
                .questions
                .get(p.question)
                .map(|(id, _)| id.clone())
                .unwrap_or_default();
            match answer {
                Some(a) => {
                    score += a.outcome.score;
                    duration += a.elapsed;
                    if a.outcome.correct {
                        correct += 1;
                    } else {
                        missed.push(id);
                    }
                }
                None => missed.push(id),
            }
        }
        Summary {
            score: if total == 0 {
                0.0
            } else {
                (score / total as f32).clamp(0.0, 1.0)
            },
            correct,
            total,
            duration,
            missed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;

    fn quiz() -> Quiz {
        let q = |id: &str, kind: Kind| Question {
            id: id.into(),
            prompt: id.into(),
            explanation: String::new(),
            kind,
            line: 1,
        };
        Quiz {
            id: "iam".into(),
            title: "IAM".into(),
            lesson: "iam".into(),
            path: "quizzes/iam.toml".into(),
            lesson_line: 1,
            lint_explanations: true,
            questions: vec![
                q("tf", Kind::TrueFalse { answer: true }),
                q(
                    "pick",
                    Kind::Single {
                        choices: vec!["a".into(), "b".into(), "c".into()],
                        answer: 1,
                    },
                ),
                q(
                    "num",
                    Kind::Numeric {
                        answer: 10.0,
                        tolerance: 0.5,
                        unit: "ms".into(),
                    },
                ),
            ],
        }
    }

    /// Answers the current question right (in display positions).
    fn right(s: &Session) -> Response {
        let c = s.current().unwrap();
        match &c.question.kind {
            Kind::TrueFalse { answer } => Response::TrueFalse { answer: *answer },
            Kind::Single { answer, .. } => Response::Single {
                choice: c.presented.arrangement.display(*answer).unwrap(),
            },
            Kind::Numeric { answer, .. } => Response::Numeric { value: *answer },
            _ => unreachable!(),
        }
    }

    #[test]
    fn all_right() {
        let mut s = Session::new(&quiz(), 5);
        assert_eq!(s.len(), 3);
        while !s.finished() {
            let r = right(&s);
            assert!(s.answer(r, Duration::from_secs(2)).unwrap().correct);
            s.next();
        }
        let sum = s.summary();
        assert_eq!(sum.correct, 3);
        assert_eq!(sum.total, 3);
        assert_eq!(sum.score, 1.0);
        assert_eq!(sum.duration, Duration::from_secs(6));
        assert!(sum.missed.is_empty());
        assert!(s.current().is_none());
        assert_eq!(s.answered().count(), 3);
    }

    #[test]
    fn wrong_skipped_and_errors() {
        let mut s = Session::new(&quiz(), 11);
        let first = s.current().unwrap().id.to_string();
        assert!(first.starts_with("iam/"));
        // Wrong shape for whatever comes first except numeric: use a numeric answer far off.
        let wrong = match s.current().unwrap().question.kind {
            Kind::Numeric { .. } => Response::Numeric { value: 99.0 },
            _ => Response::Numeric { value: 1.0 },
        };
        assert!(!s.answer(wrong, Duration::from_secs(1)).unwrap().correct);
        assert_eq!(
            s.answer(Response::TrueFalse { answer: true }, Duration::ZERO),
            Err(SessionError::AlreadyAnswered(first.clone()))
        );
        assert!(s.current().unwrap().answered.is_some());
        assert!(s.next());
        // Skip the second question.
        assert!(s.next());
        let r = right(&s);
        s.answer(r, Duration::from_millis(1500)).unwrap();
        assert!(!s.next());
        assert!(s.finished());
        assert!(!s.next());
        assert_eq!(
            s.answer(Response::TrueFalse { answer: true }, Duration::ZERO),
            Err(SessionError::Finished)
        );
        let sum = s.summary();
        assert_eq!(sum.correct, 1);
        assert_eq!(sum.missed.len(), 2);
        assert_eq!(sum.missed[0], first);
        assert!((sum.score - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(sum.duration, Duration::from_millis(2500));
    }

    #[test]
    fn seed_replays_the_same_session() {
        let order = |seed| {
            let mut s = Session::new(&quiz(), seed);
            let mut ids = Vec::new();
            while let Some(c) = s.current() {
                ids.push(c.id.to_string());
                s.next();
            }
            ids
        };
        assert_eq!(order(3), order(3));
        assert_eq!(Session::new(&quiz(), 3).seed(), 3);
    }

    #[test]
    fn take_back_makes_the_last_answer_current_and_unanswered() {
        let mut s = Session::new(&quiz(), 5);
        assert_eq!(s.take_back(), None, "nothing answered yet");
        let first = s.current().unwrap().id.to_string();
        let r = right(&s);
        s.answer(r, Duration::from_secs(1)).unwrap();
        s.next();
        let second = s.current().unwrap().id.to_string();
        let r = right(&s);
        s.answer(r, Duration::from_secs(1)).unwrap();
        // Taken back while its feedback shows, then the one before after moving on.
        assert_eq!(s.take_back(), Some(second.clone()));
        assert_eq!(s.position(), 1);
        assert!(s.current().unwrap().answered.is_none());
        assert_eq!(s.take_back(), Some(first.clone()));
        assert_eq!((s.position(), s.answered().count()), (0, 0));
        // It can be answered again, differently.
        let r = right(&s);
        assert!(s.answer(r, Duration::from_secs(2)).unwrap().correct);
        assert_eq!(s.current().unwrap().id, first);
    }

    #[test]
    fn empty_session_is_finished() {
        let s = Session::from_questions(Vec::new(), 1);
        assert!(s.finished());
        assert!(s.is_empty());
        let sum = s.summary();
        assert_eq!((sum.total, sum.score), (0, 0.0));
    }
}
