//! `cloudtutor results --session ID`: one live class, per student per question and round
//! (`--format csv|json`), or `--report`: per question, the distribution, the share right in each
//! round and the most-chosen wrong answer.
use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, csv_field};
use crate::progress::{ClassRecord, Progress};

/// One exported class answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    pub session: String,
    /// Display name; empty in an anonymous class.
    pub student: String,
    pub quiz: String,
    pub question: String,
    /// 1, or 2 with peer instruction.
    pub round: u32,
    pub kind: String,
    pub answer: String,
    /// Empty when the answer could not be graded (a prediction never observed).
    pub correct: Option<bool>,
    pub score: Option<f32>,
}

/// The class stored under `session`, or a message listing the sessions there are.
pub fn find<'a>(progress: &'a Progress, session: &str) -> Result<&'a ClassRecord, String> {
    progress.classes.get(session).ok_or_else(|| {
        if progress.classes.is_empty() {
            format!("no class session {session:?}: no class has been saved yet")
        } else {
            let known: Vec<&str> = progress.classes.keys().map(String::as_str).collect();
            format!(
                "no class session {session:?}; saved sessions: {}",
                known.join(", ")
            )
        }
    })
}

/// The rows of one class, in the order questions were asked, then round, then student.
pub fn rows(session: &str, record: &ClassRecord) -> Vec<ClassRow> {
    let mut rows = Vec::new();
    for q in &record.questions {
        let (quiz, question) = q.key.split_once('/').unwrap_or(("", q.key.as_str()));
        let mut answers: Vec<_> = q.answers.iter().collect();
        answers.sort_by(|a, b| {
            a.round
                .cmp(&b.round)
                .then_with(|| a.student.cmp(&b.student))
        });
        for a in answers {
            rows.push(ClassRow {
                session: session.to_string(),
                student: a.student.clone().unwrap_or_default(),
                quiz: quiz.to_string(),
                question: question.to_string(),
                round: a.round,
                kind: q.kind.clone(),
                answer: a.answer.clone(),
                correct: a.correct,
                score: a.score,
            });
        }
    }
    rows
}

/// The export in `format`.
pub fn export(rows: &[ClassRow], format: Format) -> Result<String, String> {
    match format {
        Format::Json => serde_json::to_string_pretty(rows)
            .map(|s| s + "\n")
            .map_err(|e| format!("cannot encode JSON: {e}")),
        Format::Csv => {
            let mut out =
                String::from("session,student,quiz,question,round,kind,answer,correct,score\n");
            for r in rows {
                let opt = |v: Option<String>| v.unwrap_or_default();
                let fields = [
                    csv_field(&r.session),
                    csv_field(&r.student),
                    csv_field(&r.quiz),
                    csv_field(&r.question),
                    r.round.to_string(),
                    csv_field(&r.kind),
                    csv_field(&r.answer),
                    opt(r.correct.map(|c| c.to_string())),
                    opt(r.score.map(|s| s.to_string())),
                ];
                out.push_str(&fields.join(","));
                out.push('\n');
            }
            Ok(out)
        }
    }
}

/// The after-class report as text.
pub fn report(session: &str, record: &ClassRecord) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Class {session}: {} question{} asked{}",
        record.questions.len(),
        if record.questions.len() == 1 { "" } else { "s" },
        if record.anonymous { " (anonymous)" } else { "" }
    );
    for (i, q) in record.questions.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {} ({}): {}", i + 1, q.key, q.kind, q.prompt);
        for r in q.report() {
            let right = r.share_right.map_or_else(
                || "not graded".to_string(),
                |s| format!("{:.0}% right", s * 100.0),
            );
            let wrong = r.top_wrong.as_ref().map_or_else(
                || "no wrong answer".to_string(),
                |(label, n)| format!("most chosen wrong answer: {label} ({n})"),
            );
            let _ = writeln!(
                out,
                "   round {}: {} answer{}, {right}; {wrong}",
                r.round,
                r.answers,
                if r.answers == 1 { "" } else { "s" }
            );
            let width = r
                .distribution
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (label, n) in &r.distribution {
                let pad = width - label.chars().count();
                let _ = writeln!(
                    out,
                    "     {label}{}  {n:>3} {}",
                    " ".repeat(pad),
                    "#".repeat(*n)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{ClassAnswer, ClassQuestionRecord};

    fn record() -> ClassRecord {
        let a = |student: &str, round, answer: &str, correct| ClassAnswer {
            student: Some(student.into()),
            round,
            answer: answer.into(),
            correct: Some(correct),
            score: Some(if correct { 1.0 } else { 0.0 }),
            ..Default::default()
        };
        ClassRecord {
            questions: vec![ClassQuestionRecord {
                key: "aws/q1".into(),
                kind: "single".into(),
                prompt: "Managed queue?".into(),
                rounds: 2,
                answers: vec![
                    a("bob", 1, "EC2, the big one", false),
                    a("ada", 1, "SQS", true),
                    a("bob", 2, "SQS", true),
                ],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn csv_has_a_row_per_student_question_and_round() {
        let rows = rows("S1", &record());
        let csv = export(&rows, Format::Csv).unwrap();
        assert_eq!(
            csv,
            "session,student,quiz,question,round,kind,answer,correct,score\n\
             S1,ada,aws,q1,1,single,SQS,true,1\n\
             S1,bob,aws,q1,1,single,\"EC2, the big one\",false,0\n\
             S1,bob,aws,q1,2,single,SQS,true,1\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&export(&rows, Format::Json).unwrap()).unwrap();
        assert_eq!(json[2]["round"], 2);
        assert_eq!(json[0]["student"], "ada");
    }

    #[test]
    fn report_names_share_right_and_top_wrong_answer_per_round() {
        let text = report("S1", &record());
        assert!(
            text.contains("1. aws/q1 (single): Managed queue?"),
            "{text}"
        );
        assert!(
            text.contains(
                "round 1: 2 answers, 50% right; most chosen wrong answer: EC2, the big one (1)"
            ),
            "{text}"
        );
        assert!(
            text.contains("round 2: 1 answer, 100% right; no wrong answer"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_session_lists_the_saved_ones() {
        let mut p = Progress::new();
        assert!(
            find(&p, "x")
                .unwrap_err()
                .contains("no class has been saved")
        );
        p.classes.insert("S1".into(), record());
        assert!(find(&p, "x").unwrap_err().contains("saved sessions: S1"));
        assert!(find(&p, "S1").is_ok());
    }
}
