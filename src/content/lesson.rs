//! Lessons: TOML front matter between `+++` lines, then a Markdown body parsed into typed blocks.
use super::Unloaded;
use super::diagnostics::{Diagnostic, LineIndex};
use super::fields::{self, Fields, Source};
use crate::markdown::{self, Document};

/// A lesson, parsed and with its body already in the typed block model, so the reader and the
/// validator both work from the same structure.
#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub order: u32,
    pub summary: Option<String>,
    pub minutes: Option<u32>,
    pub quiz: Option<String>,
    pub objectives: Vec<String>,
    /// The file it came from, as shown in diagnostics.
    pub path: String,
    /// Lines of the front matter keys, for diagnostics raised after parsing (e.g. a missing quiz).
    pub id_line: usize,
    pub quiz_line: usize,
    pub body: Document,
    /// The Markdown body as written, and the file line it starts on: slides are cut from it.
    pub source: String,
    pub source_line: usize,
}

/// The front matter keys a lesson may have.
const KEYS: &[&str] = &[
    "id",
    "title",
    "order",
    "summary",
    "minutes",
    "quiz",
    "objectives",
];

/// Splits a lesson file into front matter and body. Returns the TOML text, its first line, the body
/// and the body's first line.
fn split_front_matter<'a>(
    path: &str,
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(&'a str, usize, &'a str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        diags.push(Diagnostic::at(
            path,
            1,
            "missing front matter: a lesson must start with a `+++` line, then TOML, then `+++`",
        ));
        return None;
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for (line_no, line) in (2..).zip(lines) {
        if line.trim_end() == "+++" {
            let toml = &text[toml_start..offset];
            let body = &text[offset + line.len()..];
            return Some((toml, 2, body, line_no + 1));
        }
        offset += line.len();
    }
    diags.push(Diagnostic::at(
        path,
        1,
        "unclosed front matter: no closing `+++` line",
    ));
    None
}

/// Parses one lesson file. Problems go to `diags`; `None` when the lesson cannot be used at all
/// (no front matter, or a required key missing).
pub fn parse(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Lesson> {
    parse_noting(path, text, diags, &mut Unloaded::default())
}

/// [`parse`], noting in `unloaded` the id of a lesson that errors keep out (or the file, when not
/// even its id can be read), so references to it are not reported as missing.
pub(crate) fn parse_noting(
    path: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    unloaded: &mut Unloaded,
) -> Option<Lesson> {
    let Some((toml_text, toml_line, body_text, body_line)) = split_front_matter(path, text, diags)
    else {
        unloaded.lesson_files.push(path.to_string());
        return None;
    };
    let src = Source {
        path,
        lines: LineIndex::new(toml_text, toml_line),
    };
    let Some(table) = fields::parse_table(toml_text, &src, diags) else {
        unloaded.lesson_files.push(path.to_string());
        return None;
    };
    let f = Fields::new(table.get_ref(), &src, 1, "front matter");
    f.unknown_keys(KEYS, diags);
    let id = f.req_str("id", diags);
    let title = f.req_str("title", diags);
    let order = f.req_u32("order", diags);
    let summary = f.opt_str("summary", diags);
    let minutes = f.opt_u32("minutes", diags);
    let quiz = f.opt_str("quiz", diags);
    let objectives = f.opt_str_list("objectives", diags).unwrap_or_default();
    let id_line = f.line_of("id");
    let quiz_line = f.line_of("quiz");

    lint_wide_sequences(path, body_text, body_line, diags);
    let (body, issues) = markdown::parse(body_text, body_line);
    for issue in issues {
        diags.push(match issue.severity {
            markdown::Severity::Error => Diagnostic::at(path, issue.line, issue.message),
            markdown::Severity::Warning => Diagnostic::warning_at(path, issue.line, issue.message),
        });
    }
    let (Some(id), Some(title), Some(order)) = (id.clone(), title, order) else {
        unloaded.note_lesson(path, id);
        return None;
    };
    Some(Lesson {
        id,
        title,
        order,
        summary,
        minutes,
        quiz,
        objectives,
        path: path.to_string(),
        id_line,
        quiz_line,
        body,
        source: body_text.to_string(),
        source_line: body_line,
    })
}

/// Flags emoji built from several code points (ZWJ sequences, variation selector 16, flags).
/// Terminals disagree on how wide they are, so they break table borders and wrapping on some
/// terminals however carefully we measure.
fn lint_wide_sequences(path: &str, body: &str, first_line: usize, diags: &mut Vec<Diagnostic>) {
    for (i, line) in body.lines().enumerate() {
        if let Some(c) = line
            .chars()
            .find(|c| matches!(c, '\u{200d}' | '\u{fe0f}' | '\u{1f1e6}'..='\u{1f1ff}'))
        {
            diags.push(Diagnostic::at(
                path,
                first_line + i,
                format!(
                    "emoji sequence with U+{:04X}: terminals disagree on its width; use a single-code-point emoji or none",
                    u32::from(c)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Option<Lesson>, Vec<String>) {
        let mut diags = Vec::new();
        let lesson = parse("lessons/x.md", text, &mut diags);
        (lesson, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_front_matter_and_body() {
        let text = "+++\nid = \"a\"\ntitle = \"A\"\norder = 2\nminutes = 7\nquiz = \"qa\"\nobjectives = [\"one\", \"two\"]\n+++\n# Hello\n\nText.\n";
        let (lesson, diags) = parse_ok(text);
        assert!(diags.is_empty(), "{diags:?}");
        let lesson = lesson.expect("lesson parses");
        assert_eq!(lesson.id, "a");
        assert_eq!(lesson.order, 2);
        assert_eq!(lesson.minutes, Some(7));
        assert_eq!(lesson.quiz.as_deref(), Some("qa"));
        assert_eq!(lesson.objectives, vec!["one", "two"]);
        assert_eq!(lesson.quiz_line, 6);
        let heading_line = lesson.body.headings().next().map(|h| h.line);
        assert_eq!(heading_line, Some(9));
    }

    #[test]
    fn missing_front_matter() {
        let (lesson, diags) = parse_ok("# Just markdown\n");
        assert!(lesson.is_none());
        assert_eq!(
            diags,
            vec![
                "lessons/x.md:1: error: missing front matter: a lesson must start with a `+++` line, then TOML, then `+++`"
            ]
        );
    }

    #[test]
    fn unclosed_front_matter() {
        let (lesson, diags) = parse_ok("+++\nid = \"a\"\n# body\n");
        assert!(lesson.is_none());
        assert_eq!(
            diags,
            vec!["lessons/x.md:1: error: unclosed front matter: no closing `+++` line"]
        );
    }

    #[test]
    fn toml_syntax_error_has_its_line() {
        let (lesson, diags) = parse_ok("+++\nid = \"a\"\ntitle = \"A\norder = 1\n+++\n");
        assert!(lesson.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].starts_with("lessons/x.md:3: error: TOML syntax error"),
            "{diags:?}"
        );
    }

    #[test]
    fn missing_keys_and_wrong_types_are_all_reported() {
        let (lesson, diags) = parse_ok(
            "+++\nid = 3\norder = \"first\"\nminutes = -2\nobjectives = \"x\"\ncolour = 1\n+++\n",
        );
        assert!(lesson.is_none());
        assert_eq!(
            diags,
            vec![
                "lessons/x.md:6: error: front matter: unknown key `colour` (expected one of: id, title, order, summary, minutes, quiz, objectives)",
                "lessons/x.md:2: error: front matter: `id` must be a string, found an integer",
                "lessons/x.md:1: error: front matter: missing required key `title`",
                "lessons/x.md:3: error: front matter: `order` must be a whole number, found a string",
                "lessons/x.md:4: error: front matter: `minutes` must be a whole number from 0 to 4294967295",
                "lessons/x.md:5: error: front matter: `objectives` must be an array of strings, found a string",
            ]
        );
    }

    #[test]
    fn multi_code_point_emoji_are_flagged() {
        let (_, diags) =
            parse_ok("+++\nid = \"a\"\ntitle = \"A\"\norder = 1\n+++\nok ✅\nbad ❤\u{fe0f}\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].starts_with("lessons/x.md:7: error: emoji sequence with U+FE0F"),
            "{diags:?}"
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let (lesson, diags) =
            parse_ok("\u{feff}+++\r\nid = \"a\"\r\ntitle = \"A\"\r\norder = 1\r\n+++\r\nBody\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lesson.map(|l| l.title), Some("A".to_string()));
    }

    #[test]
    fn control_characters_in_titles_are_stripped() {
        let (lesson, _) = parse_ok("+++\nid = \"a\"\ntitle = \"A\\u001b[2J\"\norder = 1\n+++\n");
        assert_eq!(lesson.map(|l| l.title), Some("A[2J".to_string()));
    }
}
