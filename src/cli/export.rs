//! `cloudtutor export --anki FILE.txt [--lesson ID]...`: the course's questions as a file Anki
//! imports as it is (File → Import), in Anki's text format with file headers (Anki 2.1.55+):
//!
//! ```text
//! #separator:tab
//! #html:true
//! #notetype column:1
//! #deck column:2
//! #tags column:5
//! #guid column:6
//! Basic<TAB>cloudtutor::01 What cloud computing is<TAB>FRONT<TAB>BACK<TAB>cloudtutor kind::single lesson::what-is-cloud<TAB>cloudtutor/what-is-cloud/q1
//! ```
//!
//! One note per question, of the stock `Basic` note type; one deck per lesson (under a
//! `cloudtutor` parent deck, numbered in course order); tags for the question kind and lesson;
//! a stable GUID per question so importing a newer export updates the notes instead of adding
//! copies. How each kind becomes a front and a back:
//! * single, multi: the prompt and the lettered choices on the front; the right letter(s) with
//!   their text, then the explanation, on the back;
//! * true/false: "True or false:" and the statement; "true"/"false" and the explanation;
//! * order: the items lettered in a fixed mixed order; the letters in the right order;
//! * match: the categories numbered and the items lettered; each item's category;
//! * numeric: the prompt (with its unit); the number (and tolerance);
//! * generated and predict: one instance with fixed numbers (seed [`EXPORT_SEED`]), since Anki
//!   cannot draw new numbers or run a simulation; tagged so a learner knows the numbers change
//!   in cloudtutor.
//!
//! Every field is HTML (`#html:true`): `&`, `<`, `>` and `"` are written as entities (so no field
//! can start a quoted CSV field or a tag), line breaks as `<br>`, tabs as spaces, and control
//! characters are dropped, so no field holds a tab or a newline.
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::plain::{label, right_answer};
use crate::content::{Catalog, ContentSource, Kind, Question, Quiz};
use crate::markdown::sanitize::clean;
use crate::quiz::Session;

/// The seed that fixes choice order and generated numbers in an export, so two exports of the
/// same course are the same file.
pub const EXPORT_SEED: u64 = 1;

/// Options of `cloudtutor export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Write an Anki text-import file (tab-separated, with Anki's file headers) to FILE.
    #[arg(long, value_name = "FILE", required = true)]
    pub anki: PathBuf,
    /// Only this lesson's questions (repeat for several lessons; default: every lesson).
    #[arg(long = "lesson", value_name = "ID")]
    pub lessons: Vec<String>,
}

/// Writes the export. Exit 2 for an unknown lesson (with the list), 1 if the file cannot be
/// written (with its path), 0 otherwise; the note count goes to stdout.
pub fn run(source: &ContentSource, args: &ExportArgs) -> ExitCode {
    let catalog = Catalog::load(source);
    if let Some(note) = super::check::loading_note(catalog.diagnostics.len()) {
        eprintln!("{note}");
    }
    if let Some(unknown) = args.lessons.iter().find(|l| catalog.lesson(l).is_none()) {
        let ids: Vec<&str> = catalog.lessons.iter().map(|l| l.id.as_str()).collect();
        eprintln!(
            "cloudtutor: no lesson `{}`. Lessons: {}",
            clean(unknown),
            ids.join(", ")
        );
        return ExitCode::from(2);
    }
    let (text, notes) = anki(&catalog, &args.lessons);
    if let Err(e) = std::fs::write(&args.anki, text) {
        eprintln!("cloudtutor: could not write {}: {e}", args.anki.display());
        return ExitCode::from(1);
    }
    println!(
        "wrote {notes} note{} to {}",
        if notes == 1 { "" } else { "s" },
        args.anki.display()
    );
    ExitCode::SUCCESS
}

/// The Anki file for the quizzes of `lessons` (every lesson when empty), in course order, and
/// the number of notes in it.
pub fn anki(catalog: &Catalog, lessons: &[String]) -> (String, usize) {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:5\n#guid column:6\n",
    );
    let mut notes = 0;
    for (id, quiz, question) in crate::progress::drill::course_order(catalog) {
        if !lessons.is_empty() && !lessons.contains(&quiz.lesson) {
            continue;
        }
        let (front, back) = sides(&id, question);
        let _ = writeln!(
            out,
            "Basic\t{}\t{}\t{}\t{}\t{}",
            plain_cell(&deck(catalog, quiz)),
            front,
            back,
            plain_cell(&tags(quiz, question)),
            plain_cell(&format!("cloudtutor/{id}"))
        );
        notes += 1;
    }
    (out, notes)
}

/// `cloudtutor::NN Lesson title`, or the quiz title for a quiz of no known lesson.
fn deck(catalog: &Catalog, quiz: &Quiz) -> String {
    let name = match catalog.lessons.iter().position(|l| l.id == quiz.lesson) {
        Some(i) => format!("{:02} {}", i + 1, catalog.lessons[i].title),
        None => quiz.title.clone(),
    };
    // `::` nests decks in Anki; a title must not create levels of its own.
    format!("cloudtutor::{}", name.replace("::", ":"))
}

fn tags(quiz: &Quiz, question: &Question) -> String {
    let kind = question.kind.name();
    let lesson: String = quiz
        .lesson
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    format!("cloudtutor kind::{kind} lesson::{lesson}")
}

/// Front and back of one question, as HTML fields.
fn sides(id: &str, question: &Question) -> (String, String) {
    let session = Session::from_questions(vec![(id.to_string(), question.clone())], EXPORT_SEED);
    let Some(current) = session.current() else {
        return (html(&question.prompt), html(&question.explanation));
    };
    let asked = current.question;
    let labels = current.presented.labels(&asked.kind);
    let mut front = match &asked.kind {
        Kind::TrueFalse { .. } => format!("True or false: {}", html(&asked.prompt)),
        _ => html(&asked.prompt),
    };
    let lettered = |front: &mut String| {
        for (i, text) in labels.iter().enumerate() {
            let _ = write!(front, "<br>{}) {}", label(i), html(text));
        }
    };
    match &asked.kind {
        Kind::Single { .. } => {
            front.push_str("<br>");
            lettered(&mut front);
        }
        Kind::Multi { .. } => {
            front.push_str("<br><i>(choose all that apply)</i><br>");
            lettered(&mut front);
        }
        Kind::Order { .. } => {
            front.push_str("<br><i>(put in order, first to last)</i><br>");
            lettered(&mut front);
        }
        Kind::Match { categories, .. } => {
            front.push_str("<br><i>Categories:</i>");
            for (i, c) in categories.iter().enumerate() {
                let _ = write!(front, "<br>{}) {}", i + 1, html(c));
            }
            front.push_str("<br><i>Items:</i>");
            lettered(&mut front);
        }
        Kind::Numeric { unit, .. } if !unit.trim().is_empty() => {
            let _ = write!(front, "<br><i>(a number in {})</i>", html(unit.trim()));
        }
        _ => {}
    }
    if matches!(question.kind, Kind::Generated(_) | Kind::Predict(_)) {
        front.push_str("<br><i>(in cloudtutor the numbers change every time)</i>");
    }
    let mut back = html(&right_answer(&asked.kind, &current.presented.arrangement));
    if !asked.explanation.trim().is_empty() {
        let _ = write!(back, "<br><br>{}", html(asked.explanation.trim()));
    }
    (front, back)
}

/// Text as one HTML field: entities for `& < > "`, `<br>` for line breaks, no control
/// characters (tabs become spaces).
fn html(text: &str) -> String {
    text.lines()
        .map(|line| {
            clean(line)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A cell that is not a note field (deck, tags, GUID): one line, no tabs, no quotes.
fn plain_cell(text: &str) -> String {
    text.lines()
        .map(|l| clean(l).replace('"', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads an export back by the rules of Anki's file headers: `#key:value` lines first, then
    /// one record a line, fields split at tabs.
    fn parse(text: &str) -> (Vec<(String, String)>, Vec<Vec<String>>) {
        let mut headers = Vec::new();
        let mut rows = Vec::new();
        for line in text.lines() {
            if rows.is_empty()
                && let Some(h) = line.strip_prefix('#')
            {
                let (k, v) = h.split_once(':').expect("a header is key:value");
                headers.push((k.to_string(), v.to_string()));
                continue;
            }
            rows.push(line.split('\t').map(String::from).collect());
        }
        (headers, rows)
    }

    #[test]
    fn shipped_course_round_trips() {
        let catalog = Catalog::load(&ContentSource::Embedded);
        let (text, notes) = anki(&catalog, &[]);
        assert!(text.ends_with('\n'));
        let (headers, rows) = parse(&text);
        let h = |k: &str| {
            headers
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("header {k}"))
        };
        assert_eq!(h("separator"), "tab");
        assert_eq!(h("html"), "true");
        let col = |k: &str| h(k).parse::<usize>().expect("a column number") - 1;
        let (notetype, deck, tags, guid) = (
            col("notetype column"),
            col("deck column"),
            col("tags column"),
            col("guid column"),
        );
        let total: usize = catalog.quizzes.iter().map(|q| q.questions.len()).sum();
        assert_eq!(rows.len(), total);
        assert_eq!(notes, total);
        let mut guids: Vec<&str> = rows.iter().map(|r| r[guid].as_str()).collect();
        guids.sort_unstable();
        guids.dedup();
        assert_eq!(guids.len(), total, "every question once");
        for (id, _, _) in crate::progress::drill::course_order(&catalog) {
            assert!(guids.contains(&format!("cloudtutor/{id}").as_str()), "{id}");
        }
        for row in &rows {
            assert_eq!(row.len(), 6, "{row:?}");
            assert_eq!(row[notetype], "Basic");
            assert!(row[deck].starts_with("cloudtutor::"), "{row:?}");
            assert!(row[tags].contains("kind::"), "{row:?}");
            for field in row {
                assert!(!field.contains(['\t', '\n', '\r']), "{field:?}");
                assert!(
                    !field.contains('"'),
                    "a quote would start a quoted field: {field:?}"
                );
                assert!(!field.is_empty(), "{row:?}");
            }
            // Fields are HTML: only our own tags and entities.
            for field in [&row[2], &row[3]] {
                let stripped = field
                    .replace("<br>", "")
                    .replace("<i>", "")
                    .replace("</i>", "");
                assert!(!stripped.contains(['<', '>']), "unescaped HTML: {field:?}");
            }
        }
        // One deck per lesson with a quiz.
        let mut decks: Vec<&str> = rows.iter().map(|r| r[deck].as_str()).collect();
        decks.sort_unstable();
        decks.dedup();
        assert_eq!(decks.len(), catalog.quizzes.len());
    }

    #[test]
    fn fields_escape_html_and_line_breaks() {
        assert_eq!(
            html("a < b & \"c\" > d\nnext\tline"),
            "a &lt; b &amp; &quot;c&quot; &gt; d<br>next line"
        );
        assert_eq!(plain_cell("x\ty\n\"z\""), "x y 'z'");
    }

    #[test]
    fn kinds_become_basic_notes() {
        let catalog = Catalog::load(&ContentSource::Embedded);
        let (text, _) = anki(&catalog, &["ec2".to_string()]);
        let (_, rows) = parse(&text);
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r[4].contains("lesson::ec2")));
        let tf = rows
            .iter()
            .find(|r| r[4].contains("kind::true_false"))
            .expect("a true/false question in ec2");
        assert!(tf[2].starts_with("True or false: "), "{tf:?}");
        assert!(
            tf[3].starts_with("true") || tf[3].starts_with("false"),
            "{tf:?}"
        );
        let single = rows
            .iter()
            .find(|r| r[4].contains("kind::single"))
            .expect("a single-choice question");
        assert!(single[2].contains("<br>a) "), "{single:?}");
        assert!(single[3].contains(") "), "{single:?}");
        let generated = rows
            .iter()
            .find(|r| r[4].contains("kind::generated"))
            .expect("a generated question");
        assert!(
            !generated[2].contains('{'),
            "numbers filled in: {generated:?}"
        );
    }
}
