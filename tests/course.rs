//! The shipped course: complete, valid, and using every question kind.
use std::collections::BTreeSet;

use cloudtutor::api::content::{Catalog, ContentSource};

#[test]
fn the_shipped_course_is_complete_and_valid() {
    let c = Catalog::load(&ContentSource::Embedded);
    let problems: Vec<String> = c.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let advice: Vec<String> = cloudtutor::api::content::lint::warnings(&c.quizzes)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        advice.is_empty(),
        "every choice explanation says why a wrong choice is wrong: {advice:#?}"
    );
    assert_eq!(c.lessons.len(), 10, "ten lessons");
    assert_eq!(c.quizzes.len(), 10, "ten quizzes");
    assert!(
        c.question_count() >= 100,
        "100+ questions, found {}",
        c.question_count()
    );
    let kinds: BTreeSet<&str> = c
        .quizzes
        .iter()
        .flat_map(|q| q.questions.iter().map(|q| q.kind.name()))
        .collect();
    for kind in cloudtutor::api::content::quiz::KIND_NAMES {
        assert!(kinds.contains(kind), "kind {kind} is never used");
    }
    for (i, lesson) in c.lessons.iter().enumerate() {
        assert_eq!(
            lesson.order as usize,
            i + 1,
            "lessons are numbered 1 to 10 in order"
        );
        let quiz = lesson.quiz.as_deref().and_then(|id| c.quiz(id));
        let quiz = quiz.unwrap_or_else(|| panic!("lesson {} has a quiz", lesson.id));
        assert!(
            quiz.questions.len() >= 8,
            "quiz {} has {} questions",
            quiz.id,
            quiz.questions.len()
        );
        assert_eq!(quiz.lesson, lesson.id);
        let minutes = lesson.minutes.unwrap_or(0);
        assert!(
            (5..=12).contains(&minutes),
            "lesson {} is {minutes} minutes",
            lesson.id
        );
        let live = lesson.body.sims().count() + lesson.body.checkpoints().count();
        assert!(live > 0, "lesson {} has no sim or checkpoint", lesson.id);
    }
}

/// A prediction is asked before its answer is shown: in the cold-starts lesson the
/// `predict-cold` checkpoint comes before the e^(-λT) formula and the worked example's 61 %,
/// in a section (so on a slide) of its own that says to predict first.
#[test]
fn the_cold_start_prediction_comes_before_its_worked_answer() {
    let lesson = include_str!("../lessons/07-cold-starts.md");
    let at = |needle: &str| {
        lesson
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in lessons/07-cold-starts.md"))
    };
    let ask = at("```quiz cold-starts/predict-cold");
    let section = lesson[..ask]
        .rfind("\n## ")
        .expect("a section holds the question");
    let heading = &lesson[section + 4..];
    assert!(
        heading.starts_with("Predict first"),
        "{}",
        heading.lines().next().unwrap_or("")
    );
    for answer in ["P(cold) = e^(-λT)", "e^(-0.5)", "61%"] {
        let shown = at(answer);
        assert!(ask < shown, "{answer:?} is shown before the prediction");
        assert!(
            lesson[ask..shown].contains("\n## "),
            "{answer:?} is on the prediction's own slide"
        );
    }
}
