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
#[cfg(test)]
mod proptests;
pub mod quiz;
pub mod slides;
pub mod source;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

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
    pub diagnostics: Vec<Diagnostic>,
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
        let mut lessons = Vec::new();
        for file in &raw.lessons {
            if let Some(text) = source::utf8(file, &mut diags) {
                lessons.extend(lesson::parse(&file.path, text, &mut diags));
            }
        }
        let mut quizzes = Vec::new();
        for file in &raw.quizzes {
            if let Some(text) = source::utf8(file, &mut diags) {
                quizzes.extend(quiz::parse(&file.path, text, &mut diags));
            }
        }
        Self::assemble(lessons, quizzes, diags)
    }

    /// Cross-checks parsed lessons and quizzes: unique ids, links between them, live blocks.
    pub fn assemble(
        lessons: Vec<Lesson>,
        quizzes: Vec<Quiz>,
        mut diags: Vec<Diagnostic>,
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
            if !lessons.iter().any(|l| l.id == quiz.lesson) {
                diags.push(Diagnostic::at(
                    &quiz.path,
                    quiz.lesson_line,
                    format!(
                        "quiz `{}` names lesson `{}`, which does not exist",
                        quiz.id, quiz.lesson
                    ),
                ));
            }
        }
        for lesson in &lessons {
            if let Some(q) = &lesson.quiz
                && !quiz_ids.contains_key(q.as_str())
            {
                diags.push(Diagnostic::at(
                    &lesson.path,
                    lesson.quiz_line,
                    format!(
                        "lesson `{}` names quiz `{q}`, which does not exist",
                        lesson.id
                    ),
                ));
            }
            for cp in lesson.body.checkpoints() {
                if let Err(msg) = resolve_checkpoint(&quiz_ids, &cp.target) {
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
        Catalog {
            lessons,
            quizzes,
            diagnostics: diags,
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

fn resolve_checkpoint(quizzes: &HashMap<&str, &Quiz>, target: &str) -> Result<(), String> {
    let Some((quiz_id, question_id)) = target.split_once('/') else {
        return Err(format!(
            "checkpoint `{target}` must be written QUIZ/QUESTION, e.g. serverless/q3"
        ));
    };
    let Some(quiz) = quizzes.get(quiz_id) else {
        return Err(format!(
            "checkpoint `{target}` names quiz `{quiz_id}`, which does not exist"
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
