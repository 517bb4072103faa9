//! `cloudtutor results --session ID`: one live class, per student per question and round
//! (`--format csv|json`), or `--report`: per question, the distribution, the share right in each
//! round and the most-chosen wrong answer.
use std::fmt::Write as _;

use serde::Serialize;

use super::{Format, csv_field};
use crate::progress::{ClassRecord, Progress};
use crate::quiz::spread::Spread;

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

/// `label  count ###` rows, labels padded to one width.
fn write_bars(out: &mut String, rows: &[(String, usize)]) {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, n) in rows {
        let pad = width - label.chars().count();
        let _ = writeln!(
            out,
            "     {label}{}  {n:>3} {}",
            " ".repeat(pad),
            "#".repeat(*n)
        );
    }
}

/// The after-class report as text: per question and round, the answers (as ranges for numbers,
/// per item for order and match, when the record kept how the projector showed them), the share
/// right and the most chosen wrong answer (every tie named).
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
            let wrong = match (&r.spread, &r.top_wrong) {
                (Some(Spread::Items(_)), _) => "per item:".to_string(),
                (_, Some(top)) => format!("most chosen wrong answer: {}", top.describe()),
                (_, None) => "no wrong answer".to_string(),
            };
            let _ = writeln!(
                out,
                "   round {}: {} answer{}, {right}; {wrong}",
                r.round,
                r.answers,
                if r.answers == 1 { "" } else { "s" }
            );
            match &r.spread {
                Some(Spread::Bars(bars)) => {
                    let rows: Vec<(String, usize)> = crate::quiz::spread::ordered_bars(&[bars])
                        .into_iter()
                        .map(|b| {
                            let mark = if b.correct == Some(true) { " ✓" } else { "" };
                            (format!("{}{mark}", b.label), b.count)
                        })
                        .collect();
                    write_bars(&mut out, &rows);
                }
                Some(Spread::Items(items)) => {
                    for i in items {
                        let wrong = i
                            .top_wrong
                            .as_ref()
                            .map(|w| format!("; most chosen wrong: {}", w.describe()))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "     {} → {} ✓: {}/{} right{wrong}",
                            i.item, i.right, i.right_count, i.answered
                        );
                    }
                }
                None => write_bars(&mut out, &r.distribution),
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

    /// The report shows a match question per item and numbers as ranges, as the projector did,
    /// not one line per joined answer string or per number typed.
    #[test]
    fn report_breaks_match_down_per_item_and_numbers_into_ranges() {
        use crate::content::{Kind, MatchItem};
        use crate::quiz::Response;
        let matching = Kind::Match {
            categories: vec!["IaaS".into(), "PaaS".into()],
            items: vec![
                MatchItem {
                    text: "An EC2 virtual machine you install Linux on".into(),
                    category: 0,
                },
                MatchItem {
                    text: "Pushing app code to Heroku".into(),
                    category: 1,
                },
            ],
        };
        let m = |a, b| Response::Match {
            categories: vec![a, b],
        };
        let given = [m(Some(0), Some(1)), m(Some(1), Some(1)), m(Some(0), None)];
        let refs: Vec<&Response> = given.iter().collect();
        let items = crate::quiz::spread::spread(&matching, Some(&matching), &refs, &|_| "x".into());
        let numeric = Kind::Numeric {
            answer: 200.0,
            tolerance: 20.0,
            unit: "ms".into(),
        };
        let numbers: Vec<Response> = [190.0, 205.0, 150.0, 900.0]
            .into_iter()
            .map(|value| Response::Numeric { value })
            .collect();
        let refs: Vec<&Response> = numbers.iter().collect();
        let ranges = crate::quiz::spread::spread(&numeric, Some(&numeric), &refs, &|_| "x".into());
        let record = ClassRecord {
            questions: vec![
                ClassQuestionRecord {
                    key: "m/q1".into(),
                    kind: "match".into(),
                    rounds: 1,
                    spread: vec![items],
                    ..Default::default()
                },
                ClassQuestionRecord {
                    key: "m/q2".into(),
                    kind: "numeric".into(),
                    rounds: 1,
                    spread: vec![ranges],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let text = report("S1", &record);
        assert!(
            text.contains(
                "     An EC2 virtual machine you install Linux on → IaaS ✓: 2/3 right; most chosen wrong: PaaS (1)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("     Pushing app code to Heroku → PaaS ✓: 2/3 right; most chosen wrong: (blank) (1)\n"),
            "{text}"
        );
        assert!(text.contains("     180 to 220 ms ✓    2 ##\n"), "{text}");
        assert!(text.contains("     over 300 ms        1 #\n"), "{text}");
        assert!(
            text.contains("most chosen wrong answer: 140 to 180 ms / over 300 ms (tie, 1 each)"),
            "{text}"
        );
    }

    /// Ranges saved in any order are listed low to high, as the projector shows them (both go
    /// through `spread::ordered_bars`).
    #[test]
    fn the_report_lists_ranges_low_to_high() {
        let bar = |label: &str, count, correct, low| crate::quiz::spread::Bar {
            label: label.into(),
            count,
            correct: Some(correct),
            low: Some(low),
        };
        let record = ClassRecord {
            questions: vec![ClassQuestionRecord {
                key: "c/q9".into(),
                kind: "numeric".into(),
                rounds: 1,
                spread: vec![Spread::Bars(vec![
                    bar("over 42 %", 1, false, 42.0),
                    bar("36 to 38 %", 2, true, 36.0),
                    bar("under 32 %", 1, false, 30.0),
                    bar("38 to 40 %", 1, false, 38.0),
                ])],
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = report("S1", &record);
        // The rows, not the "most chosen wrong answer" line above them.
        let at = |label: &str| {
            text.find(&format!("\n     {label}"))
                .unwrap_or_else(|| panic!("{label}: {text}"))
        };
        assert!(
            at("under 32 %") < at("36 to 38 % ✓")
                && at("36 to 38 % ✓") < at("38 to 40 %")
                && at("38 to 40 %") < at("over 42 %"),
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
