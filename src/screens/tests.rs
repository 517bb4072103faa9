//! Update logic driven by key events, with no terminal: taking a quiz of every kind, recording
//! progress, the reader's place, and the lesson offer.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::quiz::Draft;
use super::state::{App, Screen};
use super::update;
use crate::content::Kind;
use crate::progress::{ReadState, Store};
use crate::testkit::Course;

const QUIZ: &str = r#"id = "k"
title = "Kinds"
lesson = "l"

[[question]]
kind = "single"
prompt = "Pick b"
explanation = "b it is"
choices = ["a", "b", "c"]
answer = 1

[[question]]
kind = "multi"
prompt = "Pick a and c"
explanation = "e"
choices = ["a", "b", "c"]
answers = [0, 2]

[[question]]
kind = "true_false"
prompt = "True?"
explanation = "e"
answer = true

[[question]]
kind = "order"
prompt = "Order"
explanation = "e"
items = ["one", "two", "three", "four"]

[[question]]
kind = "match"
prompt = "Match"
explanation = "e"
categories = ["You", "AWS"]
items = [{ text = "OS", category = "You" }, { text = "Racks", category = "AWS" }, { text = "Data", category = "You" }]

[[question]]
kind = "numeric"
prompt = "How much"
explanation = "e"
answer = 7.59
tolerance = 0.01
unit = "USD"
"#;

fn app(data: &std::path::Path) -> App {
    let body: String = (1..=30)
        .map(|i| format!("## Part {i}\n\nText {i}.\n\n"))
        .collect();
    let catalog = Course::new()
        .lesson("l", "L", Some("k"), &body)
        .quiz("k", QUIZ)
        .build();
    let mut app = App::new(catalog, (80, 24), crate::markdown::Styles::plain());
    app.store = Some(Store::new(data));
    app.seed = Some(42);
    app
}

fn press(app: &mut App, code: KeyCode) {
    // Saves as the shell would, so tests can look at the disk.
    let effects = update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
    app.perform_saves(effects);
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Answers the question on screen correctly, with the keys a learner would use.
fn answer_right(app: &mut App) {
    let Screen::Quiz(q) = &app.screen else {
        panic!("not in a quiz")
    };
    let cur = q.session.current().expect("a question");
    let perm = cur.presented.arrangement.clone();
    match cur.question.kind.clone() {
        Kind::Single { answer, .. } => {
            let d = perm.display(answer).expect("shown");
            chars(app, &(d + 1).to_string());
        }
        Kind::Multi { answers, .. } => {
            for a in answers {
                chars(app, &(perm.display(a).expect("shown") + 1).to_string());
            }
            press(app, KeyCode::Enter);
        }
        Kind::TrueFalse { answer } => chars(app, if answer { "1" } else { "2" }),
        Kind::Order { items } => {
            // Selection sort with the keys: bring each item to its place with K (move up).
            for target in 0..items.len() {
                let Screen::Quiz(q) = &app.screen else { return };
                let Draft::Order { order, .. } = &q.draft else {
                    panic!("order draft")
                };
                let want = perm.display(target).expect("shown");
                let at = order.iter().position(|d| *d == want).expect("present");
                // Move the cursor to `at`, then carry the item up to `target`.
                for _ in 0..10 {
                    press(app, KeyCode::Up);
                }
                for _ in 0..at {
                    press(app, KeyCode::Down);
                }
                for _ in target..at {
                    chars(app, "K");
                }
            }
            press(app, KeyCode::Enter);
        }
        Kind::Match { items, .. } => {
            for shown in 0..items.len() {
                let original = perm.original(shown).expect("an item");
                chars(app, &(items[original].category + 1).to_string());
            }
            press(app, KeyCode::Enter);
        }
        Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => {
            chars(app, "$7.59");
            press(app, KeyCode::Enter);
        }
    }
}

#[test]
fn a_quiz_of_every_kind_answered_right_scores_full_and_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "z");
    for _ in 0..6 {
        answer_right(&mut app);
        let Screen::Quiz(q) = &app.screen else {
            panic!("left the quiz")
        };
        let outcome = q.feedback.as_ref().expect("feedback after answering");
        assert!(
            outcome.correct,
            "{:?} {:?}",
            q.session.current().map(|c| c.question.prompt.clone()),
            outcome
        );
        press(&mut app, KeyCode::Enter);
    }
    let Screen::Quiz(q) = &app.screen else {
        panic!("left the quiz")
    };
    let result = q.result.as_ref().expect("a result");
    assert_eq!((result.correct, result.total), (6, 6));
    assert!(result.missed.is_empty());

    let saved = Store::new(dir.path()).load().expect("load").progress;
    assert_eq!(saved.quizzes["k"].best_score, 1.0);
    assert_eq!(saved.questions.len(), 6);
    press(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.screen, Screen::Home));
}

#[test]
fn wrong_answers_are_listed_for_review_and_bad_input_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    super::quiz::start_quiz(&mut app, "k", super::quiz::ReturnTo::Home);
    loop {
        let Screen::Quiz(q) = &app.screen else {
            panic!("left the quiz")
        };
        if q.result.is_some() {
            break;
        }
        let kind = q
            .session
            .current()
            .map(|c| c.question.kind.clone())
            .expect("question");
        match kind {
            Kind::Numeric { .. } => {
                chars(&mut app, "abc");
                press(&mut app, KeyCode::Enter);
                let Screen::Quiz(q) = &app.screen else {
                    panic!()
                };
                assert!(
                    matches!(&q.draft, Draft::Number { error: Some(_), .. }),
                    "empty input is explained"
                );
                chars(&mut app, "1000");
                press(&mut app, KeyCode::Enter);
            }
            Kind::Multi { .. } => {
                press(&mut app, KeyCode::Enter);
                let Screen::Quiz(q) = &app.screen else {
                    panic!()
                };
                assert!(q.feedback.is_none(), "nothing ticked: not submitted");
                chars(&mut app, "2");
                press(&mut app, KeyCode::Enter);
            }
            Kind::Match { .. } => {
                press(&mut app, KeyCode::Enter);
                assert!(app.status.is_some(), "unplaced items are explained");
                for _ in 0..3 {
                    press(&mut app, KeyCode::Right);
                    press(&mut app, KeyCode::Down);
                }
                press(&mut app, KeyCode::Enter);
            }
            _ => answer_right(&mut app),
        }
        press(&mut app, KeyCode::Enter);
    }
    let Screen::Quiz(q) = &app.screen else {
        panic!()
    };
    let missed = q
        .result
        .as_ref()
        .map(|r| r.missed.clone())
        .unwrap_or_default();
    assert!(
        missed.contains(&"k/q6".to_string()) && missed.contains(&"k/q2".to_string()),
        "{missed:?}"
    );
    press(&mut app, KeyCode::Enter);
    let Screen::Quiz(q) = &app.screen else {
        panic!()
    };
    assert!(q.reviewing);
}

#[test]
fn the_reader_remembers_its_place_and_marks_the_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    press(&mut app, KeyCode::Enter);
    for _ in 0..20 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('q'));
    let saved = Store::new(dir.path()).load().expect("load").progress;
    let l = &saved.lessons["l"];
    assert_eq!(l.state, ReadState::Reading);
    assert!(l.position > 0.0 && l.position < 1.0, "{}", l.position);
    assert!(l.anchor.is_some());

    press(&mut app, KeyCode::Enter);
    let Screen::Reader(r) = &app.screen else {
        panic!("reader")
    };
    assert!(r.scroll >= 19, "reopened where it was left: {}", r.scroll);
    press(&mut app, KeyCode::End);
    assert_eq!(app.progress.lessons["l"].state, ReadState::Done);
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::Quiz(_)),
        "Enter at the end takes the quiz"
    );
    press(&mut app, KeyCode::Char('q'));
    assert!(
        matches!(app.screen, Screen::Reader(_)),
        "back to the lesson"
    );
}

#[test]
fn a_failing_save_keeps_progress_in_memory_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").expect("write");
    let mut app = app(&file);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('q'));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.is_error && s.text.contains("could not save"))
    );
    assert!(app.dirty);
    assert_eq!(app.progress.lessons["l"].state, ReadState::Reading);
}

#[test]
fn every_home_key_in_the_table_does_something() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    chars(&mut app, "a");
    assert!(
        matches!(app.screen, Screen::Stats(_)),
        "a opens the progress screen"
    );
    press(&mut app, KeyCode::Char('q'));
    chars(&mut app, "d");
    assert!(
        matches!(app.screen, Screen::Quiz(_)),
        "d starts a drill (new questions on a fresh course)"
    );
    press(&mut app, KeyCode::Char('q'));
    chars(&mut app, "z");
    assert!(matches!(app.screen, Screen::Quiz(_)), "z takes the quiz");
}

#[test]
fn updates_ask_for_saves_and_leave_the_disk_to_the_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    let effects = update::on_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(effects, vec![super::state::Effect::Save]);
    assert!(
        !dir.path().join("progress.json").exists()
            && std::fs::read_dir(dir.path()).is_ok_and(|d| d.count() == 0),
        "an update wrote to disk"
    );
    app.perform_saves(effects);
    assert!(!app.dirty, "the shell's save went through");
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(
        update::on_key(&mut app, ctrl_z),
        vec![super::state::Effect::Suspend]
    );
}

/// The reader's sim panel and its full-screen view are one run: `s` takes the panel's time,
/// parameters and view full screen, and going back hands the changes made there to the panel.
#[test]
fn full_screen_sim_keeps_the_panels_run_and_hands_it_back() {
    use super::reader::{open_lesson, sync_inline};
    let body = "# L\n\n```sim scaling\nrate = 20\nview = capacity\n```\n";
    let catalog = Course::new().lesson("l", "L", None, body).build();
    let mut app = App::new(catalog, (80, 24), crate::markdown::Styles::plain());
    open_lesson(&mut app, 0);
    sync_inline(&mut app);
    let Screen::Reader(r) = &mut app.screen else {
        panic!("no reader");
    };
    let panel = &mut r.inline[0].run;
    assert_eq!(panel.live.view(), "capacity");
    panel.live.advance(5_000.0);
    panel.selected = panel
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "peak")
        .expect("peak");
    panel.set_selected("700");
    let press = |app: &mut App, c: char| {
        update::on_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    };
    press(&mut app, 's');
    let Screen::Sim(run) = &mut app.screen else {
        panic!("s did not open the simulation");
    };
    assert_eq!(run.live.now_ms(), 5_000.0, "the run goes on, not from 0");
    assert_eq!(
        run.live.params().get("rate").map(|v| v.display()),
        Some("20".into())
    );
    assert_eq!(
        run.live.params().get("peak").map(|v| v.display()),
        Some("700".into())
    );
    assert_eq!(run.live.view(), "capacity");
    // Changes made full screen: another view, time, a parameter.
    press(&mut app, 'v');
    press(&mut app, '.');
    let Screen::Sim(run) = &mut app.screen else {
        panic!("left the simulation");
    };
    let view = run.live.view();
    assert_ne!(view, "capacity");
    run.selected = run
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "rate")
        .expect("rate");
    run.set_selected("30");
    let now = run.live.now_ms();
    assert_eq!(now, 6_000.0);
    press(&mut app, 'q');
    let Screen::Reader(r) = &app.screen else {
        panic!("q goes back to the lesson");
    };
    assert_eq!(r.inline.len(), 1, "one run for the panel");
    let back = &r.inline[0];
    assert!(back.visible, "the panel is on screen and drawn");
    assert_eq!(back.run.live.now_ms(), now);
    assert_eq!(back.run.live.view(), view);
    assert_eq!(
        back.run.live.params().get("rate").map(|v| v.display()),
        Some("30".into())
    );
    assert_eq!(
        back.run.live.params().get("peak").map(|v| v.display()),
        Some("700".into())
    );
    assert_eq!(back.run.panel, None);
}

/// The cost model has no time: its time keys change nothing and say why, and its footer does
/// not offer them.
#[test]
fn cost_sim_has_no_time_controls() {
    let mut app = App::new(
        Course::new().build(),
        (80, 24),
        crate::markdown::Styles::plain(),
    );
    let run = super::sim::SimRun::new("cost", &[], 1, false).expect("cost");
    app.screen = Screen::Sim(Box::new(run));
    for c in [' ', 'p', '.', '+', '-'] {
        update::on_key(
            &mut app,
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        );
        let Screen::Sim(run) = &app.screen else {
            panic!("left the simulation");
        };
        assert!(!run.paused, "{c}");
        assert_eq!(run.live.now_ms(), 0.0, "{c}");
        assert_eq!(run.message.as_deref(), Some(super::sim::NO_TIME), "{c}");
    }
    let keys = super::keymap::footer_pairs(super::keymap::footers::SIM_UNTIMED);
    for word in ["pause", "step", "speed"] {
        assert!(!keys.iter().any(|(_, d)| *d == word), "{word} in {keys:?}");
    }
}

/// `c` answers the checkpoint the learner sees, not one scrolled almost away above it whose
/// bottom border still touches the view (the trial opened the "fire" checkpoint from the end of
/// lesson 2, where only the "6 hours" one was readable).
#[test]
fn c_opens_the_checkpoint_that_is_on_screen_not_the_border_of_the_one_above() {
    let dir = tempfile::tempdir().expect("tempdir");
    let filler: String = (0..30).map(|i| format!("Line {i}.\n\n")).collect();
    let body = format!("# L\n\n```quiz k/q1\n```\n\nBetween.\n\n```quiz k/q3\n```\n\n{filler}");
    let catalog = Course::new()
        .lesson("l", "L", Some("k"), &body)
        .quiz("k", QUIZ)
        .build();
    let mut app = App::new(catalog, (80, 24), crate::markdown::Styles::plain());
    app.store = Some(Store::new(dir.path()));
    super::reader::open_lesson(&mut app, 0);
    let Screen::Reader(r) = &mut app.screen else {
        panic!("not in the reader")
    };
    let first = r.rendered.live[0].clone();
    assert!(r.rendered.live.len() >= 2, "two checkpoints drawn");
    // Only the first panel's bottom border is left at the top of the view.
    r.scroll = first.row + first.height - 1;
    chars(&mut app, "c");
    let Screen::Quiz(q) = &app.screen else {
        panic!("c opened no checkpoint")
    };
    assert_eq!(q.session.current().map(|c| c.id), Some("k/q3"));
}

/// A match item is cut only when the column has no room for it (not at a fixed 50 columns), and
/// the one under the cursor is then shown whole under the list.
#[test]
fn match_items_use_the_room_there_is_and_show_whole_when_cut() {
    let long = "RDS applies a minor engine patch in your maintenance window overnight";
    let quiz = format!(
        "id = \"k\"\ntitle = \"K\"\nlesson = \"l\"\n\n[[question]]\nkind = \"match\"\nprompt = \"Match\"\nexplanation = \"e\"\ncategories = [\"Managed updates\", \"Elasticity\"]\nitems = [{{ text = \"{long}\", category = \"Managed updates\" }}, {{ text = \"Grows for a sale\", category = \"Elasticity\" }}]\n"
    );
    let theme = crate::ui::theme::Theme::plain();
    for (w, h, cut) in [(160u16, 48u16, false), (80, 24, true)] {
        let catalog = Course::new()
            .lesson("l", "L", Some("k"), "# L\n\nText.\n")
            .quiz("k", &quiz)
            .build();
        let mut app = App::new(catalog, (w, h), crate::markdown::Styles::plain());
        app.seed = Some(1);
        chars(&mut app, "z");
        // The long item under the cursor.
        let Screen::Quiz(q) = &mut app.screen else {
            panic!("not in the quiz")
        };
        let at = q.labels().iter().position(|l| l == long).expect("item");
        if let Draft::Match { cursor, .. } = &mut q.draft {
            *cursor = at;
        }
        let s = crate::testkit::screen(&app, w, h, &theme);
        let listed = s.lines().any(|l| l.contains(&format!("› {long}  → ·")));
        assert_eq!(listed, !cut, "{w}x{h}:\n{s}");
        let whole: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            whole.contains(&format!("› in full: {long}")),
            cut,
            "{w}x{h}:\n{s}"
        );
        assert!(whole.contains(long), "{w}x{h}:\n{s}");
    }
}

/// The footer of a multi question names the digits that tick a choice (they work; the trial
/// found them missing from the footer), and a digit does tick.
#[test]
fn the_multi_footer_names_the_digits_that_tick() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    super::quiz::start_quiz(&mut app, "k", super::quiz::ReturnTo::Home);
    let theme = crate::ui::theme::Theme::plain();
    for _ in 0..QUIZ.matches("[[question]]").count() {
        let is_multi = matches!(&app.screen, Screen::Quiz(q)
            if matches!(q.session.current().map(|c| &c.question.kind), Some(Kind::Multi { .. })));
        if is_multi {
            let s = crate::testkit::screen(&app, 80, 24, &theme);
            assert!(s.contains("Space/1-9 tick"), "{s}");
            chars(&mut app, "1");
            let Screen::Quiz(q) = &app.screen else {
                panic!("left the quiz")
            };
            assert!(matches!(&q.draft, Draft::Choices { ticked, .. } if ticked.len() == 1));
            return;
        }
        answer_right(&mut app);
        press(&mut app, KeyCode::Enter);
    }
    panic!("no multi question met");
}

/// After a match answer, each item is marked right (✓) or wrong (✗), so the mistakes stand out.
#[test]
fn match_feedback_marks_each_item_right_or_wrong() {
    let quiz = "id = \"k\"\ntitle = \"K\"\nlesson = \"l\"\n\n[[question]]\nkind = \"match\"\nprompt = \"Match\"\nexplanation = \"e\"\ncategories = [\"Managed updates\", \"Elasticity\"]\nitems = [{ text = \"Engine patch\", category = \"Managed updates\" }, { text = \"Grows for a sale\", category = \"Elasticity\" }]\n";
    let catalog = Course::new()
        .lesson("l", "L", Some("k"), "# L\n\nText.\n")
        .quiz("k", quiz)
        .build();
    let mut app = App::new(catalog, (80, 24), crate::markdown::Styles::plain());
    app.seed = Some(1);
    // Both items in category 1 ("Managed updates"): one right, one wrong.
    chars(&mut app, "z");
    for _ in 0..2 {
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let s = crate::testkit::screen(&app, 80, 24, &crate::ui::theme::Theme::plain());
    let line = |item: &str| {
        s.lines()
            .find(|l| l.contains(item) && l.contains("→ Managed updates"))
            .unwrap_or_else(|| panic!("{item} not listed:\n{s}"))
            .trim_end()
            .to_string()
    };
    assert!(line("Engine patch").ends_with("✓"), "{s}");
    assert!(line("Grows for a sale").ends_with("✗"), "{s}");
}
