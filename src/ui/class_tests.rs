//! Snapshots of the presenter serving a live class: the lobby, and a question open, locked and
//! revealed (one round, then both side by side), at 80x24 and 160x48. The class itself is played
//! by hand here (the updates the shell would hand over); the end-to-end test in
//! `tests/classroom.rs` drives a real one.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::content::Catalog;
use crate::screens::class::{ClassCommand, ClassInfo, ClassUpdate, LiveBucket};
use crate::screens::slides::Present;
use crate::screens::state::{App, Effect, Screen};
use crate::screens::update;
use crate::testkit::{self, Course};

fn course() -> Catalog {
    let quiz = r#"id = "k"
title = "K"
lesson = "intro"

[[question]]
kind = "single"
prompt = "Which service runs code without servers to manage?"
explanation = "Lambda runs your function on demand; EC2 is a virtual server you manage."
choices = ["EC2", "Lambda", "EBS"]
answer = 1
"#;
    Course::new()
        .lesson_file(
            "intro",
            "+++\nid = \"intro\"\ntitle = \"Introduction\"\norder = 1\nquiz = \"k\"\n+++\n# Introduction\n\n## Servers\n\nA **server** is a computer.\n\n```quiz k/q1\n```\n\n## After\n\nThe end.\n",
        )
        .quiz("k", quiz)
        .build()
}

fn info(names: &[&str]) -> ClassInfo {
    ClassInfo {
        join_lines: vec![
            "ssh -p 2222 class@192.168.1.20".into(),
            "ssh -p 2222 class@10.0.0.7".into(),
        ],
        fingerprint: "SHA256:6IKy3q4Yq+yqVVyQdepDaMivaA3vIJbL5aqVkoICGA0".into(),
        code: "4821".into(),
        session_id: "20261130-090000".into(),
        anonymous: false,
        names: names.iter().map(|n| n.to_string()).collect(),
        connected: names.len(),
    }
}

fn served(w: u16, h: u16) -> App {
    let mut app = App::new(course(), (w, h), Theme::plain().markdown);
    let mut p = Present::new(&app.catalog, 0, w, &app.styles);
    p.serve(info(&["ada", "bob", "cyd"]));
    app.screen = Screen::Present(Box::new(p));
    app
}

/// Presses `c`; returns the class commands the update asked for.
fn press(app: &mut App, code: KeyCode) -> Vec<ClassCommand> {
    update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE))
        .into_iter()
        .filter_map(|e| match e {
            Effect::Class(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn hand(app: &mut App, update: ClassUpdate) {
    if let Screen::Present(p) = &mut app.screen {
        p.class_update(update);
    }
}

fn buckets(counts: [usize; 3]) -> Vec<LiveBucket> {
    ["EC2", "Lambda", "EBS"]
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (l, count))| LiveBucket {
            label: l.to_string(),
            count,
            correct: Some(i == 1),
        })
        .collect()
}

fn shot(app: &App, w: u16, h: u16) -> String {
    testkit::screen(app, w, h, &Theme::plain())
}

#[test]
fn lobby_and_a_question_open_locked_and_revealed_in_two_rounds() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let suffix = format!("{w}x{h}");
        let mut app = served(w, h);
        let lobby = shot(&app, w, h);
        for want in [
            "ssh -p 2222 class@192.168.1.20",
            "ssh -p 2222 class@10.0.0.7",
            "4821",
            "SHA256:6IKy3q4Yq",
            "ada · bob · cyd",
        ] {
            assert!(lobby.contains(want), "{want} missing:\n{lobby}");
        }
        insta::assert_snapshot!(format!("class_lobby_{suffix}"), lobby);

        // Leaving the lobby: students follow the slide.
        assert_eq!(
            press(&mut app, KeyCode::Right),
            vec![ClassCommand::ShowSlide("Introduction".into())]
        );
        assert_eq!(
            press(&mut app, KeyCode::Right),
            vec![ClassCommand::ShowSlide("Servers".into())]
        );
        assert!(
            press(&mut app, KeyCode::Char('o')).is_empty(),
            "no question on the text step"
        );
        assert!(
            press(&mut app, KeyCode::Right).is_empty(),
            "the question step is the same slide"
        );
        let opened = press(&mut app, KeyCode::Char('o'));
        assert!(
            matches!(opened.as_slice(), [ClassCommand::Open { key, .. }] if key == "k/q1"),
            "{opened:?}"
        );
        hand(&mut app, ClassUpdate::Answers { answered: 2, of: 3 });
        let open = shot(&app, w, h);
        assert!(open.contains("answered 2 / 3"), "{open}");
        let choice_rows = open
            .lines()
            .filter(|l| l.contains("EC2") || l.contains("Lambda"));
        assert!(
            !open.contains("✓")
                && choice_rows.clone().count() == 2
                && choice_rows.into_iter().all(|l| !l.contains('█')),
            "nothing of the distribution while open:\n{open}"
        );
        insta::assert_snapshot!(format!("class_open_{suffix}"), open);

        assert_eq!(
            press(&mut app, KeyCode::Char('l')),
            vec![ClassCommand::Lock]
        );
        let locked = shot(&app, w, h);
        assert!(locked.contains("locked: 2 / 3 answered"), "{locked}");
        insta::assert_snapshot!(format!("class_locked_{suffix}"), locked);

        assert_eq!(
            press(&mut app, KeyCode::Char('r')),
            vec![ClassCommand::Reveal { observed: None }]
        );
        hand(
            &mut app,
            ClassUpdate::Revealed {
                rounds: vec![buckets([1, 1, 1])],
                observed: None,
            },
        );
        let one = shot(&app, w, h);
        assert!(
            one.contains("Lambda ✓") && one.contains("Lambda runs your function"),
            "{one}"
        );
        insta::assert_snapshot!(format!("class_revealed_{suffix}"), one);

        assert_eq!(
            press(&mut app, KeyCode::Char('R')),
            vec![ClassCommand::RoundTwo]
        );
        hand(&mut app, ClassUpdate::Answers { answered: 3, of: 3 });
        assert!(shot(&app, w, h).contains("answered 3 / 3 (round 2)"));
        assert_eq!(
            press(&mut app, KeyCode::Char('l')),
            vec![ClassCommand::Lock]
        );
        assert_eq!(
            press(&mut app, KeyCode::Char('r')),
            vec![ClassCommand::Reveal { observed: None }]
        );
        hand(
            &mut app,
            ClassUpdate::Revealed {
                rounds: vec![buckets([1, 1, 1]), buckets([0, 3, 0])],
                observed: None,
            },
        );
        let two = shot(&app, w, h);
        assert!(two.contains("round 1") && two.contains("round 2"), "{two}");
        insta::assert_snapshot!(format!("class_revealed_two_rounds_{suffix}"), two);

        // Away and back: the reveal stays (and, revealed, the class follows again); q ends the
        // class.
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Left);
        press(&mut app, KeyCode::Right);
        assert!(shot(&app, w, h).contains("round 2"));
        assert_eq!(press(&mut app, KeyCode::Char('q')), vec![ClassCommand::End]);
    }
}

#[test]
fn class_keys_do_nothing_without_a_class() {
    let mut app = App::new(course(), (80, 24), Theme::plain().markdown);
    let p = Present::new(&app.catalog, 0, 80, &app.styles);
    app.screen = Screen::Present(Box::new(p));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    for k in ['o', 'l', 'R'] {
        assert!(press(&mut app, KeyCode::Char(k)).is_empty(), "{k}");
        let s = shot(&app, 80, 24);
        assert!(
            s.contains("start one with `present --serve`"),
            "{k} says why:\n{s}"
        );
        assert!(
            !s.contains("o open") && !s.contains("l lock"),
            "class keys only in the footer when serving:\n{s}"
        );
    }
    assert!(press(&mut app, KeyCode::Char('q')).is_empty());
}

#[test]
fn g_then_a_number_goes_to_that_slide_and_a_wrong_number_says_the_range() {
    let mut app = served(80, 24);
    press(&mut app, KeyCode::Char('g'));
    assert!(shot(&app, 80, 24).contains("go to slide:"));
    press(&mut app, KeyCode::Char('3'));
    let moved = press(&mut app, KeyCode::Enter);
    assert_eq!(
        moved,
        vec![ClassCommand::ShowSlide("After".into())],
        "the class follows"
    );
    assert!(shot(&app, 80, 24).contains("slide 3/3"));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('9'));
    press(&mut app, KeyCode::Enter);
    let s = shot(&app, 80, 24);
    assert!(
        s.contains("slide 3/3") && s.contains("slides are numbered 1 to 3"),
        "{s}"
    );
}

#[test]
fn a_tall_slide_shows_more_and_scrolls_with_j_and_k() {
    let body: String = (1..=40).map(|i| format!("Line {i}.\n\n")).collect();
    let catalog = Course::new()
        .lesson("l", "L", None, &format!("# L\n\n## Tall\n\n{body}"))
        .build();
    let mut app = App::new(catalog, (80, 24), Theme::plain().markdown);
    let p = Present::new(&app.catalog, 0, 80, &app.styles);
    app.screen = Screen::Present(Box::new(p));
    press(&mut app, KeyCode::Right);
    let top = shot(&app, 80, 24);
    assert!(
        top.contains("▼ more below") && top.contains("↓↑ scroll"),
        "{top}"
    );
    assert!(!top.contains("Line 40."));
    for _ in 0..100 {
        press(&mut app, KeyCode::Char('j'));
    }
    let bottom = shot(&app, 80, 24);
    assert!(
        bottom.contains("Line 40.") && bottom.contains("▲ more above"),
        "{bottom}"
    );
    press(&mut app, KeyCode::Char('k'));
    assert!(shot(&app, 80, 24).contains("▲▼ more"));
}

/// A prediction: the class's guesses are locked, then graded against the simulation's result,
/// which the reveal sends and the projector shows under the guesses.
#[test]
fn a_prediction_is_revealed_against_what_the_simulation_gave() {
    let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
    let lesson = catalog
        .lessons
        .iter()
        .position(|l| l.id == "cold-starts")
        .expect("lesson");
    let mut app = App::new(catalog, (120, 40), Theme::plain().markdown);
    let mut p = Present::new(&app.catalog, lesson, 120, &app.styles);
    p.serve(info(&["ada"]));
    let slide = p
        .slides
        .iter()
        .position(|s| s.question.as_deref() == Some("cold-starts/predict-cold"))
        .expect("the prediction's slide");
    p.lobby = false;
    p.go(slide);
    p.step = p.slides[slide].step_count() - 1;
    p.render(&app.catalog, 120, &app.styles);
    app.screen = Screen::Present(Box::new(p));
    let opened = press(&mut app, KeyCode::Char('o'));
    let [ClassCommand::Open { question, .. }] = opened.as_slice() else {
        panic!("{opened:?}")
    };
    assert!(
        matches!(question.kind, crate::content::Kind::Predict(_)),
        "graded at the reveal"
    );
    assert!(
        !question.explanation.contains('{'),
        "numbers filled in: {}",
        question.explanation
    );
    press(&mut app, KeyCode::Char('l'));
    let revealed = press(&mut app, KeyCode::Char('r'));
    let [ClassCommand::Reveal { observed: Some(v) }] = revealed.as_slice() else {
        panic!("{revealed:?}")
    };
    assert!((50.0..70.0).contains(v), "{v}");
    let guess = |label: &str, correct| LiveBucket {
        label: label.into(),
        count: 1,
        correct: Some(correct),
    };
    hand(
        &mut app,
        ClassUpdate::Revealed {
            rounds: vec![vec![guess("55 %", true), guess("5 %", false)]],
            observed: Some(*v),
        },
    );
    let s = shot(&app, 120, 40);
    assert!(
        s.contains("55 % ✓") && s.contains("Observed in the simulation:"),
        "{s}"
    );
}

#[test]
fn slide_titles_are_big_where_there_is_room() {
    let mut app = served(160, 48);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    let tall = shot(&app, 160, 48);
    assert!(
        !tall.contains("───────"),
        "the heading's rule gives way:\n{tall}"
    );
    assert!(tall.contains('▀') || tall.contains('▄'), "{tall}");
    let mut app = served(80, 24);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    let small = shot(&app, 80, 24);
    assert!(
        small.contains("Servers\n") || small.contains("Servers "),
        "{small}"
    );
    assert!(small.contains("───────"), "{small}");
}

/// A question asked and not revealed stays on the students' screens while the presenter moves
/// on (left open, it is locked): a prediction's simulation runs on the next slide, then the
/// presenter comes back and reveals.
#[test]
fn an_unrevealed_question_stays_with_the_class_until_revealed() {
    let mut app = served(80, 24);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    assert!(matches!(
        press(&mut app, KeyCode::Char('o')).as_slice(),
        [ClassCommand::Open { .. }]
    ));
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::Lock],
        "left open: locked"
    );
    assert!(shot(&app, 80, 24).contains("The end."));
    assert!(
        press(&mut app, KeyCode::Left).is_empty(),
        "the class keeps the locked question"
    );
    press(&mut app, KeyCode::Right);
    assert!(shot(&app, 80, 24).contains("locked: 0 / 3 answered"));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        vec![ClassCommand::Reveal { observed: None }]
    );
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::ShowSlide("After".into())]
    );
}

/// A plain numeric question is not a prediction: its reveal sends no observed value and the
/// projector says "Answer".
#[test]
fn a_numeric_question_reveals_its_answer_not_an_observation() {
    let quiz = "id = \"k\"\ntitle = \"K\"\nlesson = \"l\"\n[[question]]\nkind = \"numeric\"\nprompt = \"500 req/s x 0.4 s?\"\nexplanation = \"500 x 0.4 = 200.\"\nanswer = 200\nunit = \"environments\"\n";
    let catalog = Course::new()
        .lesson(
            "l",
            "L",
            Some("k"),
            "# L\n\n## Ask\n\nText.\n\n```quiz k/q1\n```\n",
        )
        .quiz("k", quiz)
        .build();
    let mut app = App::new(catalog, (80, 24), Theme::plain().markdown);
    let mut p = Present::new(&app.catalog, 0, 80, &app.styles);
    p.serve(info(&["ada"]));
    app.screen = Screen::Present(Box::new(p));
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        vec![ClassCommand::Reveal { observed: None }]
    );
    let s = shot(&app, 80, 24);
    assert!(s.contains("Answer:") && !s.contains("Observed"), "{s}");
}

/// A fresh teacher ended a whole class with a stray Esc: with a class in the room, Esc and
/// Backspace say how to end it instead; `q` still ends it for everyone.
#[test]
fn esc_never_ends_a_class_but_q_does() {
    let mut app = served(80, 24);
    for code in [KeyCode::Esc, KeyCode::Backspace] {
        let commands = press(&mut app, code);
        assert!(commands.is_empty(), "{code:?} sent {commands:?}");
        assert!(!app.should_quit, "{code:?} ended the class");
        assert!(
            shot(&app, 80, 24).contains("q ends it for everyone"),
            "{code:?} says nothing"
        );
    }
    let commands = press(&mut app, KeyCode::Char('q'));
    assert!(
        commands.iter().any(|c| matches!(c, ClassCommand::End)),
        "{commands:?}"
    );
    assert!(app.should_quit);
}
