//! Course content: lessons and quizzes, loaded, parsed and cross-checked into one [`Catalog`].
//!
//! Loading never fails as a whole: each bad file or bad question becomes a [`Diagnostic`] and
//! everything good still loads, so a typo in one quiz never hides the rest of the course.
pub mod diagnostics;
mod embedded;
pub mod expectations;
mod fields;
pub mod generated;
pub mod lesson;
pub mod lint;
pub mod plural;
#[cfg(test)]
mod proptests;
pub mod quiz;
pub mod slides;
pub mod source;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

pub use diagnostics::Diagnostic;
pub use lesson::Lesson;
pub use quiz::{Kind, MatchItem, Question, Quiz};
pub use source::ContentSource;

/// Everything the tutor can teach, plus every problem found while loading it.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Lessons sorted by `order`, then id.
    pub lessons: Vec<Lesson>,
    /// Quizzes sorted by id.
    pub quizzes: Vec<Quiz>,
    /// Errors, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings: content that loads but will not show as its author wrote it (raw HTML).
    pub warnings: Vec<Diagnostic>,
    /// What the course holds but errors kept out (the errors are in `diagnostics`).
    pub unloaded: Unloaded,
}

/// Lessons, quizzes and questions that exist in the course but did not load because of errors
/// already reported. A reference to one of them is not reported again as "does not exist": that
/// would blame the file that names it, and `list` would hide that the thing is there at all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unloaded {
    /// Ids of lessons whose front matter had errors.
    pub lessons: BTreeSet<String>,
    /// Ids of quizzes with errors and no usable question, or a required key missing.
    pub quizzes: BTreeSet<String>,
    /// `QUIZ/QUESTION` of each question dropped from a quiz that did load.
    pub questions: BTreeSet<String>,
    /// Lesson files whose id could not even be read (not UTF-8, no front matter, broken TOML).
    pub lesson_files: Vec<String>,
    /// Quiz files whose id could not even be read.
    pub quiz_files: Vec<String>,
}

impl Unloaded {
    fn note_lesson(&mut self, path: &str, id: Option<String>) {
        match id {
            Some(id) => {
                self.lessons.insert(id);
            }
            None => self.lesson_files.push(path.to_string()),
        }
    }

    fn note_quiz(&mut self, path: &str, id: Option<String>) {
        match id {
            Some(id) => {
                self.quizzes.insert(id);
            }
            None => self.quiz_files.push(path.to_string()),
        }
    }

    /// True when nothing was kept out.
    pub fn is_empty(&self) -> bool {
        *self == Unloaded::default()
    }
}

/// The end of a message about a reference to `what` `id` that did not resolve: "does not exist",
/// unless files of that kind (`whats`, the plural) failed before their id could be read, in which
/// case one of them may be it and the message says so instead of flatly blaming the reference.
fn not_found(what: &str, whats: &str, id: &str, unreadable: &[String]) -> String {
    if unreadable.is_empty() {
        return format!("{what} `{id}`, which does not exist");
    }
    format!(
        "{what} `{id}`, which is not among the {whats} that loaded; {} {} errors (see above) and may be it",
        unreadable.join(", "),
        if unreadable.len() == 1 { "has" } else { "have" }
    )
}

impl Catalog {
    /// Loads and validates a whole course.
    pub fn load(source: &ContentSource) -> Catalog {
        let mut diags = Vec::new();
        let raw = source.read(&mut diags);
        Self::from_raw(&raw, diags)
    }

    /// Parses and validates files already read (tests and fuzzing start here).
    pub fn from_raw(raw: &source::RawCourse, mut diags: Vec<Diagnostic>) -> Catalog {
        let mut unloaded = Unloaded::default();
        let mut lessons = Vec::new();
        for file in &raw.lessons {
            match source::utf8(file, &mut diags) {
                Some(text) => lessons.extend(lesson::parse_noting(
                    &file.path,
                    text,
                    &mut diags,
                    &mut unloaded,
                )),
                None => unloaded.lesson_files.push(file.path.clone()),
            }
        }
        let mut quizzes = Vec::new();
        for file in &raw.quizzes {
            match source::utf8(file, &mut diags) {
                Some(text) => quizzes.extend(quiz::parse_noting(
                    &file.path,
                    text,
                    &mut diags,
                    &mut unloaded,
                )),
                None => unloaded.quiz_files.push(file.path.clone()),
            }
        }
        Self::assemble(lessons, quizzes, diags, unloaded)
    }

    /// Cross-checks parsed lessons and quizzes: unique ids, links between them, live blocks. A
    /// link to something in `unloaded` is not reported: the error that kept it out already is.
    pub fn assemble(
        lessons: Vec<Lesson>,
        quizzes: Vec<Quiz>,
        mut diags: Vec<Diagnostic>,
        unloaded: Unloaded,
    ) -> Catalog {
        let lessons = dedupe(
            lessons,
            |l| (&l.id, &l.path, l.id_line),
            "lesson",
            &mut diags,
        );
        let mut quizzes = dedupe(quizzes, |q| (&q.id, &q.path, 1), "quiz", &mut diags);
        quizzes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut lessons = lessons;
        lessons.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));

        let quiz_ids: HashMap<&str, &Quiz> = quizzes.iter().map(|q| (q.id.as_str(), q)).collect();
        for quiz in &quizzes {
            if !lessons.iter().any(|l| l.id == quiz.lesson)
                && !unloaded.lessons.contains(&quiz.lesson)
            {
                diags.push(Diagnostic::at(
                    &quiz.path,
                    quiz.lesson_line,
                    format!(
                        "quiz `{}` names {}",
                        quiz.id,
                        not_found("lesson", "lessons", &quiz.lesson, &unloaded.lesson_files)
                    ),
                ));
            }
        }
        for lesson in &lessons {
            if let Some(q) = &lesson.quiz
                && !quiz_ids.contains_key(q.as_str())
                && !unloaded.quizzes.contains(q)
            {
                diags.push(Diagnostic::at(
                    &lesson.path,
                    lesson.quiz_line,
                    format!(
                        "lesson `{}` names {}",
                        lesson.id,
                        not_found("quiz", "quizzes", q, &unloaded.quiz_files)
                    ),
                ));
            }
            for cp in lesson.body.checkpoints() {
                if let Err(msg) = resolve_checkpoint(&quiz_ids, &unloaded, &cp.target) {
                    diags.push(Diagnostic::at(&lesson.path, cp.line, msg));
                }
            }
            for sim in lesson.body.sims() {
                if !crate::sim::MODELS.contains(&sim.model.as_str()) {
                    diags.push(Diagnostic::at(
                        &lesson.path,
                        sim.line,
                        format!(
                            "unknown sim `{}` (expected one of: {})",
                            sim.model,
                            crate::sim::MODELS.join(", ")
                        ),
                    ));
                    continue;
                }
                for p in &sim.params {
                    if let Err(msg) = crate::sim::check_param(&sim.model, &p.key, &p.value) {
                        diags.push(Diagnostic::at(
                            &lesson.path,
                            p.line,
                            format!("sim {}: {msg}", sim.model),
                        ));
                    }
                }
                for (line, msg) in expectations::block_problems(sim) {
                    diags.push(Diagnostic::at(
                        &lesson.path,
                        line,
                        format!("sim {}: {msg}", sim.model),
                    ));
                }
            }
        }
        let (warnings, diagnostics) = diags
            .into_iter()
            .partition(|d| d.severity == diagnostics::Severity::Warning);
        Catalog {
            lessons,
            quizzes,
            diagnostics,
            warnings,
            unloaded,
        }
    }

    /// Finds a lesson by id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// Finds a quiz by id.
    pub fn quiz(&self, id: &str) -> Option<&Quiz> {
        self.quizzes.iter().find(|q| q.id == id)
    }

    /// Finds a question by its `QUIZ/QUESTION` reference.
    pub fn question(&self, target: &str) -> Option<(&Quiz, &Question)> {
        let (quiz_id, question_id) = target.split_once('/')?;
        let quiz = self.quiz(quiz_id)?;
        Some((quiz, quiz.question(question_id)?))
    }

    /// The number of questions across all quizzes.
    pub fn question_count(&self) -> usize {
        self.quizzes.iter().map(|q| q.questions.len()).sum()
    }
}

/// Checks a checkpoint's `QUIZ/QUESTION`. A quiz or question kept out by its own errors is fine
/// here (those errors are reported where they are).
fn resolve_checkpoint(
    quizzes: &HashMap<&str, &Quiz>,
    unloaded: &Unloaded,
    target: &str,
) -> Result<(), String> {
    let Some((quiz_id, question_id)) = target.split_once('/') else {
        return Err(format!(
            "checkpoint `{target}` must be written QUIZ/QUESTION, e.g. serverless/q3"
        ));
    };
    if unloaded.quizzes.contains(quiz_id) || unloaded.questions.contains(target) {
        return Ok(());
    }
    let Some(quiz) = quizzes.get(quiz_id) else {
        return Err(format!(
            "checkpoint `{target}` names {}",
            not_found("quiz", "quizzes", quiz_id, &unloaded.quiz_files)
        ));
    };
    if quiz.question(question_id).is_none() {
        let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
        return Err(format!(
            "checkpoint `{target}`: quiz `{quiz_id}` has no question `{question_id}` (it has: {})",
            ids.join(", ")
        ));
    }
    Ok(())
}

/// Keeps the first item with each id and reports the others, naming both places.
fn dedupe<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> (&String, &String, usize),
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    let mut out = Vec::new();
    for item in items {
        let (id, path, line) = key(&item);
        if let Some((first_path, first_line)) = seen.get(id) {
            diags.push(Diagnostic::at(
                path,
                line,
                format!("duplicate {what} id `{id}` (first defined at {first_path}:{first_line})"),
            ));
            continue;
        }
        seen.insert(id.clone(), (path.clone(), line));
        out.push(item);
    }
    out
}
