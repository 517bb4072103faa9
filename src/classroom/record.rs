//! A class turned into what the teacher's progress keeps ([`ClassRecord`]), and saved.
//!
//! The presenter calls [`ClassHandle::record`](super::ClassHandle::record) after a reveal and at
//! the end of the class and saves it with [`save`]: disk writes stay at the edge, and a record
//! taken twice replaces the earlier one (same session id, later time).
use crate::progress::{
    ClassAnswer, ClassQuestionRecord, ClassRecord, Progress, Store, StoreError, StoredResponse,
    Timestamp,
};

use super::class::{Class, answer_label};

/// Every answer of `class`, by question and round (one entry per question: asking one again
/// replaced its earlier sitting in the class), names left out in an anonymous class, with
/// each round's spread as the projector shows it (ranges, per-item rows) for the report.
pub fn record(class: &Class, at: Timestamp) -> ClassRecord {
    let anonymous = class.settings.anonymous;
    let questions = class
        .asked()
        .iter()
        .enumerate()
        .map(|(index, q)| {
            let mut answers = Vec::new();
            for (round, given) in q.rounds.iter().enumerate() {
                for (student, response) in given {
                    let outcome = q.grade(response);
                    answers.push(ClassAnswer {
                        student: (!anonymous)
                            .then(|| class.students().get(*student).map(|s| s.name.clone()))
                            .flatten(),
                        round: round as u32 + 1,
                        response: StoredResponse::Known(response.clone()),
                        answer: answer_label(&q.question, response),
                        correct: outcome.as_ref().map(|o| o.correct),
                        score: outcome.as_ref().map(|o| o.score),
                        extra: Default::default(),
                    });
                }
            }
            ClassQuestionRecord {
                key: q.key.clone(),
                kind: q.question.kind.name().to_string(),
                prompt: q.question.prompt.clone(),
                rounds: q.rounds.len() as u32,
                answers,
                spread: (0..q.rounds.len())
                    .map(|round| class.distribution(index, round))
                    .collect(),
                extra: Default::default(),
            }
        })
        .collect();
    ClassRecord {
        at,
        anonymous,
        questions,
        extra: Default::default(),
    }
}

/// Adds `record` under `session_id` to `progress` and saves it (merging with what other
/// instances saved). Returns the progress written.
pub fn save(
    store: &Store,
    progress: &mut Progress,
    session_id: &str,
    record: ClassRecord,
) -> Result<(), StoreError> {
    progress.classes.insert(session_id.to_string(), record);
    let written = store.save(progress)?;
    *progress = written.progress;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::class::ClassSettings;
    use crate::content::{Kind, Question};
    use crate::quiz::Response;

    fn class(anonymous: bool) -> Class {
        let mut c = Class::new(ClassSettings {
            code: "1".into(),
            max_students: 9,
            anonymous,
        });
        let a = c.join("ada").unwrap();
        let b = c.join("bob").unwrap();
        c.open_question(
            "aws/q1",
            Question {
                id: "q1".into(),
                prompt: "Queue?".into(),
                explanation: String::new(),
                kind: Kind::TrueFalse { answer: true },
                line: 1,
            },
        );
        c.answer(a, Response::TrueFalse { answer: false }).unwrap();
        c.answer(b, Response::TrueFalse { answer: true }).unwrap();
        c.lock();
        c.open_round_two();
        c.answer(a, Response::TrueFalse { answer: true }).unwrap();
        c
    }

    #[test]
    fn every_answer_of_both_rounds_with_its_name_and_none_when_anonymous() {
        let at = Timestamp::from_unix_millis(1_795_874_592_000);
        let r = record(&class(false), at);
        let q = &r.questions[0];
        assert_eq!(
            (q.key.as_str(), q.rounds, q.answers.len()),
            ("aws/q1", 2, 3)
        );
        let rows: Vec<_> = q
            .answers
            .iter()
            .map(|a| (a.student.as_deref(), a.round, a.answer.as_str(), a.correct))
            .collect();
        assert_eq!(
            rows,
            [
                (Some("ada"), 1, "False", Some(false)),
                (Some("bob"), 1, "True", Some(true)),
                (Some("ada"), 2, "True", Some(true)),
            ]
        );
        let anon = record(&class(true), at);
        assert!(anon.anonymous);
        assert!(
            anon.questions[0]
                .answers
                .iter()
                .all(|a| a.student.is_none())
        );
    }

    #[test]
    fn saving_twice_keeps_one_record_per_session() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut progress = Progress::new();
        let t = |ms: i64| Timestamp::from_unix_millis(1_795_874_592_000 + ms);
        save(
            &store,
            &mut progress,
            "20261130-090000",
            record(&class(false), t(0)),
        )
        .unwrap();
        save(
            &store,
            &mut progress,
            "20261130-090000",
            record(&class(false), t(5)),
        )
        .unwrap();
        let loaded = store.load().unwrap().progress;
        assert_eq!(loaded.classes.len(), 1);
        assert_eq!(loaded.classes["20261130-090000"].at, t(5));
    }
}
