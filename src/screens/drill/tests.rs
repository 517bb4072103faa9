//! The full-screen drill and the quiz runner's undo, driven by keys with a real store in a
//! temporary directory: the plan's order, relearning, undo (in memory and on disk), faded worked
//! sums and cram from the progress screen.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::progress::days::Zone;
use crate::progress::plan::{DrillPlan, PlanOptions};
use crate::progress::{Practice, Store, Timestamp, drill};
use crate::quiz::{Answered, Response};
use crate::screens::state::{App, Screen};
use crate::screens::update;
use crate::testkit::Course;

/// Six true/false questions, every answer true: `1` answers right, `2` wrong.
fn tf_quiz(n: usize) -> String {
    let mut toml = "id = \"k\"\ntitle = \"Kinds\"\nlesson = \"l\"\n".to_string();
    for i in 1..=n {
        toml.push_str(&format!(
            "\n[[question]]\nkind = \"true_false\"\nprompt = \"Statement {i} is true?\"\nexplanation = \"Yes, {i} is.\"\nanswer = true\n"
        ));
    }
    toml
}

fn app(data: &std::path::Path) -> App {
    let catalog = Course::new()
        .lesson("l", "L", Some("k"), "# L\n\n## One\n\nText.\n")
        .quiz("k", &tf_quiz(6))
        .build();
    let mut app = App::new(catalog, (80, 24), crate::markdown::Styles::plain());
    app.store = Some(Store::new(data));
    app.seed = Some(42);
    app
}

/// A key pressed a second after the one before, saved as the shell would. (Answers are kept by
/// their time: two in the same millisecond would be one.)
fn press(app: &mut App, code: KeyCode) {
    app.clock = Timestamp::from_unix_millis(app.clock.unix_millis() + 1000);
    let effects = update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
    app.perform_saves(effects);
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The id of the question on screen.
fn current(app: &App) -> String {
    match &app.screen {
        Screen::Quiz(q) => q
            .session
            .current()
            .map(|c| c.id.to_string())
            .unwrap_or_default(),
        _ => panic!("not on the quiz screen"),
    }
}

fn file(dir: &std::path::Path) -> Vec<u8> {
    std::fs::read(dir.join("progress.json")).unwrap_or_default()
}

#[test]
fn the_tui_drill_asks_in_the_plans_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    let ids: Vec<String> = drill::course_order(&app.catalog)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    // Wrong answers long ago, the last question of the file first: it is the most overdue, then
    // the first, then the third; the rest are new.
    let day = 86_400_000;
    for (n, i) in [5, 0, 2].into_iter().enumerate() {
        let (_, q) = app.catalog.question(&ids[i]).expect("question");
        let q = q.clone();
        let response = Response::TrueFalse { answer: false };
        let answered = Answered {
            outcome: crate::quiz::grade(&q.kind, &response),
            response,
            elapsed: std::time::Duration::from_secs(5),
        };
        let at = Timestamp::from_unix_millis(1_700_000_000_000 + n as i64 * day);
        drill::record(&mut app.progress, &ids[i], &q, at, answered);
    }
    let plan = DrillPlan::new(
        &app.catalog,
        &app.progress,
        app.now(),
        Zone::System,
        &PlanOptions::default(),
    );
    let planned: Vec<String> = plan.queue().map(|i| i.id.clone()).collect();
    assert_eq!(
        planned[..3],
        [ids[5].clone(), ids[0].clone(), ids[2].clone()]
    );
    chars(&mut app, "d");
    let mut asked = Vec::new();
    while matches!(&app.screen, Screen::Quiz(q) if q.result.is_none()) {
        asked.push(current(&app));
        chars(&mut app, "1");
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(asked, planned);
}

#[test]
fn a_wrong_answer_comes_back_marked_again_and_counts_as_relearned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "d");
    let first = current(&app);
    chars(&mut app, "2");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(s.contains("comes back in a few questions"), "{s}");
    assert!(s.contains("1/7"), "the retry counts in the total:\n{s}");
    press(&mut app, KeyCode::Enter);
    for _ in 0..crate::progress::plan::RELEARN_AFTER {
        assert_ne!(current(&app), first);
        chars(&mut app, "1");
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(current(&app), first, "back after three others");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(s.contains("↻ again"), "{s}");
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    while matches!(&app.screen, Screen::Quiz(q) if q.result.is_none()) {
        chars(&mut app, "1");
        press(&mut app, KeyCode::Enter);
    }
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(
        s.contains("6 questions · 5 right first time · 1 relearned"),
        "{s}"
    );
    // One scheduled review and one relearning retry: the card saw one answer, a wrong one.
    let saved = Store::new(dir.path()).load().expect("load").progress;
    let record = &saved.questions[&first];
    let practices: Vec<Practice> = record.answers.iter().map(|a| a.practice).collect();
    assert_eq!(practices, [Practice::Review, Practice::Relearn]);
    assert_eq!(record.card.as_ref().map(|c| c.reps), Some(1));
}

#[test]
fn undo_in_the_drill_restores_the_plan_the_record_and_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "u");
    assert!(matches!(app.screen, Screen::Home), "u does nothing at home");
    chars(&mut app, "d");
    chars(&mut app, "u");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.starts_with("Nothing to undo")),
        "{:?}",
        app.status
    );
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    let before = file(dir.path());
    let progress_before = app.progress.clone();
    let second = current(&app);
    chars(&mut app, "2");
    assert_ne!(file(dir.path()), before, "the wrong answer was saved");
    chars(&mut app, "u");
    assert_eq!(current(&app), second);
    let Screen::Quiz(q) = &app.screen else {
        panic!("left the drill")
    };
    assert!(q.feedback.is_none(), "the question is unanswered again");
    assert_eq!(q.position(), (2, 6), "and not put back for relearning");
    assert_eq!(app.progress, progress_before);
    assert_eq!(file(dir.path()), before, "the file is what it was");
    // Answered right now, it is a plain review; undo after moving on works too.
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "u");
    assert_eq!(current(&app), second);
    assert_eq!(file(dir.path()), before);
}

#[test]
fn undo_in_the_quiz_runner_takes_answers_back_one_by_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "z");
    chars(&mut app, "u");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text == "Nothing to undo: no answer given yet in this quiz")
    );
    let first = current(&app);
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    let before = file(dir.path());
    let progress_before = app.progress.clone();
    let second = current(&app);
    chars(&mut app, "2");
    chars(&mut app, "u");
    let Screen::Quiz(q) = &app.screen else {
        panic!("left the quiz")
    };
    assert!(q.feedback.is_none());
    assert_eq!(current(&app), second);
    assert_eq!(app.progress, progress_before);
    assert_eq!(file(dir.path()), before);
    // After moving on: the one before comes back.
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_ne!(current(&app), second);
    chars(&mut app, "u");
    assert_eq!(current(&app), second);
    assert_eq!(file(dir.path()), before);
    chars(&mut app, "u");
    assert_eq!(current(&app), first);
    assert!(!app.progress.questions.contains_key(&first));
    let saved = Store::new(dir.path()).load().expect("load").progress;
    assert!(saved.questions.is_empty(), "{saved:?}");
}

/// A generated question shows its whole worked sum while new, and only the answer check once its
/// card is mature (stability of 21 days or more).
#[test]
fn generated_questions_fade_with_the_cards_stability() {
    let quiz = r#"id = "g"
title = "G"
lesson = "l"

[[question]]
id = "gen"
kind = "generated"
model = "instances_needed"
unit = "instances"
tolerance = 0
prompt = "Each instance handles {slots} requests at a time and a request takes {service_ms} ms. Auto Scaling targets {target_util}% utilisation. How many instances for {rate} requests per second?"
explanation = "One instance serves {slots} x 1000 / {service_ms} = {per_instance} requests per second at 100%. At {target_util}% it carries {usable}. {rate} / {usable} = {exact}, rounded up to {answer}."

[question.vars]
rate = { min = 100, max = 2000, step = 50 }
service_ms = [50, 100, 200, 250]
slots = [4, 8, 10, 16]
target_util = [50, 60, 70]
"#;
    let catalog = || {
        Course::new()
            .lesson("l", "L", Some("g"), "# L\n")
            .quiz("g", quiz)
            .build()
    };
    let feedback = |app: &mut App| {
        chars(app, "d");
        chars(app, "0");
        press(app, KeyCode::Enter);
        crate::testkit::screen(app, 100, 40, &crate::ui::theme::Theme::plain())
    };
    let mut app = App::new(catalog(), (100, 40), crate::markdown::Styles::plain());
    app.seed = Some(3);
    let s = feedback(&mut app);
    assert!(s.contains("One instance serves"), "new: the whole sum\n{s}");

    // Right answers at each due date until the card is mature.
    let mut app = App::new(catalog(), (100, 40), crate::markdown::Styles::plain());
    app.seed = Some(3);
    let (_, original) = app.catalog.question("g/gen").expect("question");
    let original = original.clone();
    let mut at = Timestamp::from_unix_millis(1_700_000_000_000);
    loop {
        let asked = crate::quiz::generate::instantiate(&original, 1, "g/gen");
        let crate::content::Kind::Numeric { answer, .. } = asked.kind else {
            panic!("generated questions are asked as numeric")
        };
        let response = Response::Numeric { value: answer };
        let answered = Answered {
            outcome: crate::quiz::grade(&asked.kind, &response),
            response,
            elapsed: std::time::Duration::from_secs(20),
        };
        drill::record(&mut app.progress, "g/gen", &original, at, answered);
        let card = app.progress.questions["g/gen"].card.clone().expect("card");
        at = card.due;
        if card.stability >= drill::FADE_ANSWER_ONLY_DAYS {
            break;
        }
    }
    app.clock = at;
    let s = feedback(&mut app);
    assert!(s.contains("✗ Not quite"), "{s}");
    assert!(!s.contains("One instance serves"), "mature: no sum\n{s}");
}

/// `c` on the progress screen crams: every question, answers kept in the history, the schedule
/// untouched.
#[test]
fn cram_from_the_progress_screen_leaves_the_schedule_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "z");
    for _ in 0..6 {
        chars(&mut app, "1");
        press(&mut app, KeyCode::Enter);
    }
    chars(&mut app, "q");
    let cards: Vec<_> = app
        .progress
        .questions
        .values()
        .map(|r| r.card.clone())
        .collect();
    chars(&mut app, "a");
    chars(&mut app, "c");
    let Screen::Quiz(q) = &app.screen else {
        panic!("c did not start a cram: {:?}", app.status)
    };
    assert!(q.title.starts_with("Cram · 6 questions"), "{}", q.title);
    chars(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "1");
    let after: Vec<_> = app
        .progress
        .questions
        .values()
        .map(|r| r.card.clone())
        .collect();
    assert_eq!(after, cards, "the schedule did not move");
    let crams = app
        .progress
        .questions
        .values()
        .flat_map(|r| &r.answers)
        .filter(|a| a.practice == Practice::Cram)
        .count();
    assert_eq!(crams, 2, "both answers are in the history");
}

/// A timed drill ends when its time is up: the result counts the questions answered, and says
/// the rest stay due.
#[test]
fn a_timed_drill_ends_with_the_questions_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    super::start_drill(
        &mut app,
        Some(1),
        &PlanOptions::default(),
        crate::screens::quiz::ReturnTo::Home,
    );
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "2");
    let later = app.instant + std::time::Duration::from_secs(61);
    let effects = update::on_tick(&mut app, later);
    app.perform_saves(effects);
    let Screen::Quiz(q) = &app.screen else {
        panic!("left the drill")
    };
    let result = q.result.as_ref().expect("time is up");
    assert_eq!((result.correct, result.total), (1, 2));
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(
        s.contains("Time is up: the questions not reached stay due"),
        "{s}"
    );
    assert!(s.contains("1 still to relearn"), "{s}");
}

/// Two answers taken back before the next save (as after a save that failed): the save takes
/// both back on disk, though the file still holds them.
#[test]
fn answers_taken_back_between_saves_stay_taken_back_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "z1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "2");
    let saved = Store::new(dir.path()).load().expect("load").progress;
    assert_eq!(saved.questions.len(), 2);
    for _ in 0..2 {
        app.clock = Timestamp::from_unix_millis(app.clock.unix_millis() + 1000);
        let _unsaved = update::on_key(
            &mut app,
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE),
        );
    }
    assert_eq!(app.undone.len(), 2);
    app.save();
    assert!(app.undone.is_empty() && !app.dirty);
    let saved = Store::new(dir.path()).load().expect("load").progress;
    assert!(saved.questions.is_empty(), "{saved:?}");
}

/// `q` in the middle of a drill ends with its result (right first time, relearned, still to
/// relearn) rather than silently; a second `q` goes back to the course map.
#[test]
fn q_in_a_drill_shows_the_result_with_what_is_still_to_relearn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "d");
    chars(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "q");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    // The day the missed card comes back, as its card says (not a fixed "tomorrow").
    let Screen::Quiz(q) = &app.screen else {
        panic!("left the drill")
    };
    let on = q
        .drill
        .as_ref()
        .and_then(|d| d.relearn_on.clone())
        .expect("a question is left to relearn");
    assert!(
        s.contains(&format!(
            "Drill stopped: the first to relearn is back on {on}"
        )),
        "{s}"
    );
    assert!(
        s.contains("2 questions · 1 right first time · 0 relearned · 1 still to relearn"),
        "{s}"
    );
    assert!(s.contains("To review:"), "{s}");
    chars(&mut app, "q");
    assert!(matches!(app.screen, Screen::Home));
}

/// `q` before any answer leaves at once: there is nothing to sum up.
#[test]
fn q_before_any_answer_leaves_the_drill_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "dq");
    assert!(matches!(app.screen, Screen::Home));
}

/// `q` in a quiz after some answers shows the score over those, and records no attempt.
#[test]
fn q_in_a_quiz_shows_the_score_so_far_and_saves_no_attempt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "z1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "2q");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(
        s.contains("Quiz stopped after 2 of 6 questions: not saved as an attempt"),
        "{s}"
    );
    assert!(s.contains("1 of 2 answered right · score 50%"), "{s}");
    assert!(
        app.progress.quizzes.is_empty(),
        "{:?}",
        app.progress.quizzes
    );
}

/// `d` with nothing due and the day's new questions used up says so, within 80 columns, and
/// names --new-per-day and cram; with new questions turned off, says that.
#[test]
fn d_names_the_new_question_limit_when_it_keeps_new_questions_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    app.progress.settings.new_per_day = Some(1);
    chars(&mut app, "d1");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(&app.screen, Screen::Quiz(q) if q.result.is_some()));
    chars(&mut app, "qd");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(
        s.contains(
            " Nothing due; today's 1 new are used up: drill --new-per-day N, or cram (a, c)"
        ),
        "{s}"
    );
    app.progress.settings.new_per_day = Some(0);
    chars(&mut app, "d");
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    assert!(
        s.contains(" Nothing due; new questions are off: drill --new-per-day N, or cram (a, c)"),
        "{s}"
    );
}

/// `r` (retake) on a drill's result says why it does nothing instead of staying silent.
#[test]
fn r_on_a_drill_result_says_a_drill_is_not_retaken() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "d1");
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "qr");
    assert!(matches!(&app.screen, Screen::Quiz(q) if q.result.is_some()));
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("a drill is not retaken: d plans the next one from what is due")
    );
}

/// A drill or cram started on the progress screen goes back there when it ends.
#[test]
fn a_drill_from_the_progress_screen_returns_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    for start in ["ad", "ac"] {
        chars(&mut app, start);
        chars(&mut app, "1");
        press(&mut app, KeyCode::Enter);
        chars(&mut app, "qq");
        assert!(matches!(app.screen, Screen::Stats(_)), "after {start}");
        chars(&mut app, "q");
        assert!(matches!(app.screen, Screen::Home));
    }
}
