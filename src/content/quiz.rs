//! Quizzes: a TOML file of `[[question]]` tables, each of one kind with the answer keys that kind needs.
use toml::de::DeTable;

use super::Unloaded;
use super::diagnostics::{Diagnostic, LineIndex};
use super::fields::{self, Fields, Source};

/// A quiz, validated: every question in it can be asked and graded.
#[derive(Debug, Clone)]
pub struct Quiz {
    pub id: String,
    pub title: String,
    pub lesson: String,
    pub questions: Vec<Question>,
    pub path: String,
    pub lesson_line: usize,
    /// Whether `check` lints the explanations of this quiz's choice questions (see
    /// [`super::lint`]); a quiz turns it off with `lint_explanations = false`.
    pub lint_explanations: bool,
}

impl Quiz {
    /// Finds a question by its id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// One question. Its id is stable (explicit, or `q` + its position) so progress and drills can
/// refer to it as `QUIZ/QUESTION`.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub explanation: String,
    pub kind: Kind,
    pub line: usize,
}

/// An item of a `match` question and the index of the category it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchItem {
    pub text: String,
    pub category: usize,
}

/// What is asked and what is right. Each kind carries exactly the keys it needs, so grading can
/// never meet a half-specified question.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Several choices, one right.
    Single { choices: Vec<String>, answer: usize },
    /// Several choices, one or more right.
    Multi {
        choices: Vec<String>,
        answers: Vec<usize>,
    },
    /// A statement that is true or false.
    TrueFalse { answer: bool },
    /// Items to put in order; stored in the right order.
    Order { items: Vec<String> },
    /// Items to sort into categories.
    Match {
        categories: Vec<String>,
        items: Vec<MatchItem>,
    },
    /// A number within a tolerance, in a unit.
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: String,
    },
    /// A numeric question made fresh each time from a recipe; asked as [`Kind::Numeric`] once its
    /// numbers are drawn (see `quiz::generate`).
    Generated(super::generated::Generator),
    /// Predict, then observe: a number the learner predicts before a simulation runs; the
    /// simulation's result is the answer (asked as [`Kind::Numeric`] once it has run).
    Predict(super::generated::Prediction),
}

/// The kind names a quiz file may use, for the "unknown kind" message.
pub const KIND_NAMES: &[&str] = &[
    "single",
    "multi",
    "true_false",
    "order",
    "match",
    "numeric",
    "generated",
    "predict",
];

impl Kind {
    /// The name used in quiz files.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Single { .. } => "single",
            Kind::Multi { .. } => "multi",
            Kind::TrueFalse { .. } => "true_false",
            Kind::Order { .. } => "order",
            Kind::Match { .. } => "match",
            Kind::Numeric { .. } => "numeric",
            Kind::Generated(_) => "generated",
            Kind::Predict(_) => "predict",
        }
    }
}

const QUIZ_KEYS: &[&str] = &["id", "title", "lesson", "lint_explanations", "question"];
const COMMON_KEYS: &[&str] = &["id", "kind", "prompt", "explanation"];

fn kind_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single" => &["choices", "answer"],
        "multi" => &["choices", "answers"],
        "true_false" => &["answer"],
        "order" => &["items"],
        "match" => &["categories", "items"],
        "numeric" => &["answer", "tolerance", "unit"],
        "generated" => super::generated::KEYS,
        "predict" => super::generated::PREDICT_KEYS,
        _ => &[],
    }
}

/// Parses one quiz file. Problems go to `diags`. A bad question is left out and the rest of the
/// quiz still loads; `None` only when the quiz itself is unusable. Notes in `unloaded` what errors keep out: the quiz's id when the whole quiz is
/// unusable (or the file, when not even its id can be read), and `QUIZ/QUESTION` of each question
/// dropped from a quiz, so references to them are not reported as missing.
pub(crate) fn parse_noting(
    path: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    unloaded: &mut Unloaded,
) -> Option<Quiz> {
    let src = Source {
        path,
        lines: LineIndex::new(text, 1),
    };
    let Some(table) = fields::parse_table(text, &src, diags) else {
        unloaded.quiz_files.push(path.to_string());
        return None;
    };
    let f = Fields::new(table.get_ref(), &src, 1, "quiz");
    f.unknown_keys(QUIZ_KEYS, diags);
    let id = f.req_str("id", diags);
    let title = f.req_str("title", diags);
    let lesson = f.req_str("lesson", diags);
    let lesson_line = f.line_of("lesson");
    let lint_explanations = if f.has("lint_explanations") {
        f.req_bool("lint_explanations", diags).unwrap_or(true)
    } else {
        true
    };
    let tables = f.tables("question", diags).unwrap_or_default();
    if tables.is_empty() {
        diags.push(Diagnostic::at(
            path,
            1,
            "quiz has no questions: add at least one [[question]] table",
        ));
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut dropped = Vec::new();
    for (n, (line, table)) in tables.into_iter().enumerate() {
        let q = match parse_question(table, &src, line, n + 1, diags) {
            Ok(q) => q,
            Err(question_id) => {
                dropped.push(question_id);
                continue;
            }
        };
        if let Some(first) = questions.iter().find(|other| other.id == q.id) {
            diags.push(Diagnostic::at(
                path,
                q.line,
                format!(
                    "duplicate question id `{}` (first used on line {})",
                    q.id, first.line
                ),
            ));
            continue;
        }
        questions.push(q);
    }
    let (Some(id), Some(title), Some(lesson), false) =
        (id.clone(), title, lesson, questions.is_empty())
    else {
        unloaded.note_quiz(path, id);
        return None;
    };
    for question_id in dropped {
        unloaded.questions.insert(format!("{id}/{question_id}"));
    }
    Some(Quiz {
        id,
        title,
        lesson,
        questions,
        path: path.to_string(),
        lesson_line,
        lint_explanations,
    })
}

fn parse_question(
    table: &DeTable<'_>,
    src: &Source<'_>,
    line: usize,
    position: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<Question, String> {
    let mut f = Fields::new(table, src, line, format!("question {position}"));
    let id = f
        .opt_str("id", diags)
        .unwrap_or_else(|| format!("q{position}"));
    if id.contains(char::is_whitespace) || id.contains('/') {
        f.error(
            "id",
            format!("question id `{id}` must not contain spaces or `/`"),
            diags,
        );
        return Err(id);
    }
    f.rename(format!("question `{id}`"));
    let kind_name = f.req_str("kind", diags);
    let prompt = f.req_str("prompt", diags);
    let explanation = f.req_str("explanation", diags);
    let kind = match kind_name.as_deref() {
        Some(k) if KIND_NAMES.contains(&k) => {
            let allowed: Vec<&str> = COMMON_KEYS.iter().chain(kind_keys(k)).copied().collect();
            f.unknown_keys(&allowed, diags);
            if k == "predict" {
                super::generated::parse_prediction(&f, diags).map(Kind::Predict)
            } else if k == "generated" {
                super::generated::parse(&f, prompt.as_deref(), explanation.as_deref(), diags)
                    .map(Kind::Generated)
            } else {
                parse_kind(k, &f, diags)
            }
        }
        Some(k) => {
            f.error(
                "kind",
                format!(
                    "unknown question kind `{k}` (expected one of: {})",
                    KIND_NAMES.join(", ")
                ),
                diags,
            );
            None
        }
        None => None,
    };
    match (prompt, explanation, kind) {
        (Some(prompt), Some(explanation), Some(kind)) => Ok(Question {
            id,
            prompt,
            explanation,
            kind,
            line,
        }),
        _ => Err(id),
    }
}

fn parse_kind(kind: &str, f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    match kind {
        "single" => {
            let choices = choices(f, diags)?;
            let answer = f.req_index("answer", choices.len(), "choices", diags)?;
            Some(Kind::Single { choices, answer })
        }
        "multi" => {
            let choices = choices(f, diags)?;
            let answers = f.req_index_list("answers", choices.len(), "choices", diags)?;
            Some(Kind::Multi { choices, answers })
        }
        "true_false" => Some(Kind::TrueFalse {
            answer: f.req_bool("answer", diags)?,
        }),
        "order" => {
            let items = f.req_str_list("items", diags)?;
            if items.len() < 2 {
                f.error("items", "an order question needs at least 2 items", diags);
                return None;
            }
            Some(Kind::Order { items })
        }
        "match" => parse_match(f, diags),
        "numeric" => {
            let answer = f.req_f64("answer", diags);
            let unit = f.req_str("unit", diags);
            let tolerance = f.opt_f64("tolerance", diags).unwrap_or(0.0);
            if tolerance < 0.0 {
                f.error("tolerance", "`tolerance` must not be negative", diags);
                return None;
            }
            Some(Kind::Numeric {
                answer: answer?,
                tolerance,
                unit: unit?,
            })
        }
        _ => None,
    }
}

fn choices(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let choices = f.req_str_list("choices", diags)?;
    if choices.len() < 2 {
        f.error(
            "choices",
            "a choice question needs at least 2 choices",
            diags,
        );
        return None;
    }
    Some(choices)
}

fn parse_match(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    let categories = f.req_str_list("categories", diags);
    if !f.has("items") {
        f.error("items", "missing required key `items`", diags);
        return None;
    }
    let tables = f.tables("items", diags)?;
    let categories = categories?;
    if categories.len() < 2 {
        f.error(
            "categories",
            "a match question needs at least 2 categories",
            diags,
        );
        return None;
    }
    if tables.is_empty() {
        f.error("items", "`items` must not be empty", diags);
        return None;
    }
    let mut items = Vec::new();
    let mut ok = true;
    for (line, table) in tables {
        let item = f.child(table, line, "match item");
        item.unknown_keys(&["text", "category"], diags);
        let text = item.req_str("text", diags);
        let category = item.req_str("category", diags);
        match (text, category) {
            (Some(text), Some(category)) => match categories.iter().position(|c| *c == category) {
                Some(i) => items.push(MatchItem { text, category: i }),
                None => {
                    item.error(
                        "category",
                        format!(
                            "category `{category}` is not one of `categories` ({})",
                            categories.join(", ")
                        ),
                        diags,
                    );
                    ok = false;
                }
            },
            _ => ok = false,
        }
    }
    ok.then_some(Kind::Match { categories, items })
}
