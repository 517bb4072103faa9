//! A live class as saved in the teacher's progress: every answer of every student, per question
//! and round, under the class-session id.
//!
//! Answers are stored with their text (`answer`) as well as the raw response, so an export or a
//! report reads the same after the quiz file changed. Like the rest of the progress file, every
//! struct takes defaults for missing fields and keeps unknown ones (`extra`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Extra, StoredResponse};
use super::time::Timestamp;
use crate::quiz::spread::{Spread, TopWrong};

/// One class session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassRecord {
    /// When the record was taken (the end of the class, or the last save during it).
    pub at: Timestamp,
    /// Names were not kept (`--anonymous`).
    pub anonymous: bool,
    /// Every question asked, in order (a question asked twice appears twice).
    pub questions: Vec<ClassQuestionRecord>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One question as asked in a class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassQuestionRecord {
    /// `QUIZ/QUESTION`.
    pub key: String,
    /// The kind name (`single`, `numeric`, ...).
    pub kind: String,
    pub prompt: String,
    /// Rounds opened: 1, or 2 with peer instruction.
    pub rounds: u32,
    pub answers: Vec<ClassAnswer>,
    /// How the class answered, per round, as the projector showed it at the reveal: number
    /// ranges, per-item rows (order, match). Empty in records saved before it was kept; the
    /// report then counts the answer texts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spread: Vec<Spread>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One student's answer in one round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassAnswer {
    /// The display name; `None` in an anonymous class.
    pub student: Option<String>,
    /// 1 or 2.
    pub round: u32,
    pub response: StoredResponse,
    /// The answer as a person reads it.
    pub answer: String,
    /// `None` when it could not be graded (a prediction never observed).
    pub correct: Option<bool>,
    /// Partial credit, `0.0..=1.0`.
    pub score: Option<f32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a teacher looks at after class, for one round of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundReport {
    pub round: u32,
    /// Answer text and count, most frequent first (ties by text).
    pub distribution: Vec<(String, usize)>,
    /// The round as the projector showed it, when the record kept it.
    pub spread: Option<Spread>,
    pub answers: usize,
    /// Share of the round's answers that were right, `0.0..=1.0`; `None` with no gradable answer.
    pub share_right: Option<f64>,
    /// The wrong answer given most often, with its count; every answer tied for it is named.
    pub top_wrong: Option<TopWrong>,
}

impl ClassQuestionRecord {
    /// The report of each round.
    pub fn report(&self) -> Vec<RoundReport> {
        (1..=self.rounds.max(1))
            .map(|round| {
                let answers: Vec<&ClassAnswer> =
                    self.answers.iter().filter(|a| a.round == round).collect();
                let mut counts: BTreeMap<&str, (usize, Option<bool>)> = BTreeMap::new();
                for a in &answers {
                    let e = counts.entry(a.answer.as_str()).or_insert((0, a.correct));
                    e.0 += 1;
                }
                let mut distribution: Vec<(String, usize)> = counts
                    .iter()
                    .map(|(label, (n, _))| (label.to_string(), *n))
                    .collect();
                distribution.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let graded = answers.iter().filter(|a| a.correct.is_some()).count();
                let right = answers.iter().filter(|a| a.correct == Some(true)).count();
                let spread = self.spread.get(round as usize - 1).cloned();
                let top_wrong = match &spread {
                    Some(s) => s.top_wrong(),
                    // Labels in text order, so ties read the same every time.
                    None => TopWrong::of(
                        counts
                            .iter()
                            .filter(|(_, (_, c))| *c == Some(false))
                            .map(|(label, (n, _))| (*label, *n)),
                    ),
                };
                RoundReport {
                    round,
                    distribution,
                    spread,
                    answers: answers.len(),
                    share_right: (graded > 0).then(|| right as f64 / graded as f64),
                    top_wrong,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(round: u32, text: &str, correct: bool) -> ClassAnswer {
        ClassAnswer {
            student: Some("x".into()),
            round,
            answer: text.into(),
            correct: Some(correct),
            score: Some(if correct { 1.0 } else { 0.0 }),
            ..ClassAnswer::default()
        }
    }

    /// Two wrong answers given as often: both are named, in text order, whatever order the
    /// answers came in.
    #[test]
    fn a_tie_for_the_most_chosen_wrong_answer_names_both() {
        for answers in [
            vec![answer(1, "50 %", false), answer(1, "30 %", false)],
            vec![answer(1, "30 %", false), answer(1, "50 %", false)],
        ] {
            let q = ClassQuestionRecord {
                rounds: 1,
                answers,
                ..Default::default()
            };
            let top = q.report()[0].top_wrong.clone().unwrap();
            assert_eq!(top.describe(), "30 % / 50 % (tie, 1 each)");
        }
    }

    #[test]
    fn report_per_round_with_share_right_and_the_most_chosen_wrong_answer() {
        let q = ClassQuestionRecord {
            key: "aws/q1".into(),
            kind: "single".into(),
            prompt: "Managed queue?".into(),
            rounds: 2,
            answers: vec![
                answer(1, "EC2", false),
                answer(1, "EC2", false),
                answer(1, "SQS", true),
                answer(1, "EBS", false),
                answer(2, "SQS", true),
                answer(2, "SQS", true),
                answer(2, "EC2", false),
            ],
            ..Default::default()
        };
        let r = q.report();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].distribution[0], ("EC2".into(), 2));
        assert_eq!(r[0].share_right, Some(0.25));
        assert_eq!(r[0].top_wrong.as_ref().unwrap().describe(), "EC2 (2)");
        assert_eq!(r[1].answers, 3);
        assert_eq!(r[1].top_wrong.as_ref().unwrap().describe(), "EC2 (1)");
        let json = serde_json::to_string(&q).unwrap();
        let back: ClassQuestionRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, q);
    }
}
