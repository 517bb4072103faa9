//! Snapshots of the presenter serving a live class: the lobby, and a question open, locked and
//! revealed (one round, then both side by side), at 80x24 and 160x48. The class itself is played
//! by hand here (the updates the shell would hand over); the end-to-end test in
//! `tests/classroom.rs` drives a real one.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::content::Catalog;
use crate::quiz::spread::{Bar, Spread};
use crate::screens::class::{ClassCommand, ClassInfo, ClassUpdate};
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

fn buckets(counts: [usize; 3]) -> Spread {
    Spread::Bars(
        ["EC2", "Lambda", "EBS"]
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(i, (l, count))| Bar {
                label: l.to_string(),
                count,
                correct: Some(i == 1),
                low: None,
            })
            .collect(),
    )
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
        assert!(
            one.contains("o ask again") && !one.contains("R round 2"),
            "after a reveal the footer offers asking again, not round 2:\n{one}"
        );

        // Round 2 belongs between the lock and the reveal: once the answer is out, R says so.
        assert!(press(&mut app, KeyCode::Char('R')).is_empty());
        let refused = shot(&app, w, h);
        assert!(
            refused.contains("the answer is out: R works between l and r"),
            "{refused}"
        );
        // Asking again replaces the three answers: the first o warns, the second asks.
        assert!(press(&mut app, KeyCode::Char('o')).is_empty());
        let warned = shot(&app, w, h);
        assert!(
            warned.contains("asking again replaces its 3 answers: o again to ask afresh"),
            "{warned}"
        );
        assert!(
            matches!(
                press(&mut app, KeyCode::Char('o')).as_slice(),
                [ClassCommand::Open { .. }]
            ),
            "the second o asks afresh"
        );
        hand(&mut app, ClassUpdate::Answers { answered: 3, of: 3 });
        assert_eq!(
            press(&mut app, KeyCode::Char('l')),
            vec![ClassCommand::Lock]
        );
        let locked = shot(&app, w, h);
        for key in ["R round 2", "← back", "q end", "? help"] {
            assert!(locked.contains(key), "locked footer has {key}:\n{locked}");
        }
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
        assert!(two.contains("o ask again"), "{two}");
        // After both rounds the warning names them; any other key disarms it.
        assert!(press(&mut app, KeyCode::Char('o')).is_empty());
        let warned = shot(&app, w, h);
        assert!(
            warned.contains("asking again replaces its 6 answers (both rounds): o again"),
            "{warned}"
        );
        press(&mut app, KeyCode::Char('j'));
        assert!(
            press(&mut app, KeyCode::Char('o')).is_empty(),
            "another key in between disarms the second o"
        );

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

/// A prediction, as issue 14 has it: `o` opens predictions, `l` locks them and the question's
/// own simulation runs live on the projector (the presentation's seed, as the lesson's sim
/// blocks), then `r` reveals the predictions, as ranges, against the value the run ended on.
/// The footer and the status line say what the next key does at each step.
#[test]
fn a_prediction_locks_runs_its_simulation_on_the_projector_then_reveals() {
    use crate::quiz::Response;
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let suffix = format!("{w}x{h}");
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let lesson = catalog
            .lessons
            .iter()
            .position(|l| l.id == "cold-starts")
            .expect("lesson");
        let mut app = App::new(catalog, (w, h), Theme::plain().markdown);
        let mut p = Present::new(&app.catalog, lesson, w, &app.styles);
        p.serve(info(&["ada", "bob"]));
        let slide = p
            .slides
            .iter()
            .position(|s| s.question.as_deref() == Some("cold-starts/predict-cold"))
            .expect("the prediction's slide");
        p.lobby = false;
        p.go(slide);
        p.step = p.slides[slide].step_count() - 1;
        p.render(&app.catalog, w, &app.styles);
        app.screen = Screen::Present(Box::new(p));

        let opened = press(&mut app, KeyCode::Char('o'));
        let [ClassCommand::Open { question, .. }] = opened.as_slice() else {
            panic!("{opened:?}")
        };
        let crate::content::Kind::Predict(prediction) = &question.kind else {
            panic!("graded at the reveal: {:?}", question.kind)
        };
        assert!(
            !question.explanation.contains('{'),
            "{}",
            question.explanation
        );
        let headless = crate::quiz::generate::observe(prediction, 1).expect("runs")["answer"];
        let open = shot(&app, w, h);
        assert!(open.contains("l lock & run the simulation"), "{open}");
        assert!(
            open.contains("predictions open: l locks them and runs the simulation"),
            "{open}"
        );

        assert_eq!(
            press(&mut app, KeyCode::Char('l')),
            vec![ClassCommand::Lock]
        );
        let t0 = std::time::Instant::now();
        update::on_tick(&mut app, t0);
        let Screen::Present(p) = &mut app.screen else {
            unreachable!()
        };
        assert!(p.observing(), "the run starts at the lock");
        // Half-way, set directly (a frame's share depends on the machine; the state at a
        // simulated time does not).
        let (_, watch) = p.observation.as_mut().expect("a run");
        let half = watch.run.until_ms / 2.0;
        watch.run.run.live.advance(half);
        watch.run.run.snapshot = watch.run.run.live.snapshot();
        let running = shot(&app, w, h);
        assert!(
            running.contains("the prediction's simulation: day 15 of 30")
                && running.contains("running"),
            "{running}"
        );
        assert!(running.contains("r reveal now"), "{running}");
        insta::assert_snapshot!(format!("class_predict_running_{suffix}"), running);

        // The run ends by itself (bounded: far more ticks than its watch time needs).
        let frame = std::time::Duration::from_millis(33);
        let mut tick = 1;
        while matches!(&app.screen, Screen::Present(p) if p.observing()) && tick < 100_000 {
            update::on_tick(&mut app, t0 + frame * tick);
            tick += 1;
        }
        let ended = shot(&app, w, h);
        assert!(
            ended.contains("the run ended (day 30 of 30): r reveals the predictions against it"),
            "{ended}"
        );

        let revealed = press(&mut app, KeyCode::Char('r'));
        let [ClassCommand::Reveal { observed: Some(v) }] = revealed.as_slice() else {
            panic!("{revealed:?}")
        };
        assert_eq!(*v, headless, "the value the run ended on");
        let graded = crate::content::Kind::Numeric {
            answer: *v,
            tolerance: prediction.tolerance,
            unit: prediction.unit.clone(),
        };
        let guesses: Vec<Response> = [55.0, 60.0, 5.0, 30.0, 95.0]
            .into_iter()
            .map(|value| Response::Numeric { value })
            .collect();
        let given: Vec<&Response> = guesses.iter().collect();
        let spread =
            crate::quiz::spread::spread(&question.kind, Some(&graded), &given, &|_| String::new());
        hand(
            &mut app,
            ClassUpdate::Revealed {
                rounds: vec![spread],
                observed: Some(*v),
            },
        );
        let s = shot(&app, w, h);
        assert!(
            s.contains(&format!("Observed in the simulation: {v} %")),
            "{s}"
        );
        assert!(
            s.contains("(a prediction within 10 percentage points of it counts as right)"),
            "{s}"
        );
        assert!(!s.contains("± 10"), "{s}");
        insta::assert_snapshot!(format!("class_predict_revealed_{suffix}"), s);
    }
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

/// Students follow the projector: a question left open is locked at the second → and students
/// see the next slide's title; back on the question step they see it locked again, and the
/// presenter reveals it there.
#[test]
fn students_follow_the_projector_off_an_unrevealed_question_and_back() {
    let mut app = served(80, 24);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    assert!(matches!(
        press(&mut app, KeyCode::Char('o')).as_slice(),
        [ClassCommand::Open { .. }]
    ));
    assert!(
        press(&mut app, KeyCode::Right).is_empty(),
        "the first → only says what the second does"
    );
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::Lock, ClassCommand::ShowSlide("After".into())],
        "left open: locked, and students see the new slide's title"
    );
    assert!(shot(&app, 80, 24).contains("The end."));
    assert_eq!(
        press(&mut app, KeyCode::Left),
        vec![ClassCommand::ShowSlide("Servers".into())],
        "the question's slide, before its question step: its title"
    );
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::ShowQuestion {
            key: "k/q1".into(),
            title: "Servers".into()
        }],
        "back on the question: students see it as it was left"
    );
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

/// A served course with one match question (long item texts, as in the shipped lessons) and one
/// numeric question, each on a slide of its own.
fn match_and_number_course() -> Catalog {
    let quiz = r#"id = "m"
title = "M"
lesson = "models"

[[question]]
kind = "match"
prompt = "Match each product to its service model."
categories = ["IaaS", "PaaS", "FaaS", "SaaS"]
items = [
  { text = "An EC2 virtual machine you install Linux on", category = "IaaS" },
  { text = "Pushing app code to Heroku or Elastic Beanstalk", category = "PaaS" },
  { text = "A Lambda function run on each HTTP request", category = "FaaS" },
  { text = "An online office suite", category = "SaaS" },
]
explanation = "Ask how many layers you run."

[[question]]
kind = "numeric"
prompt = "How many environments serve 500 req/s at 0.4 s each?"
explanation = "500 x 0.4 = 200."
answer = 200
tolerance = 20
unit = "environments"
"#;
    Course::new()
        .lesson_file(
            "models",
            "+++\nid = \"models\"\ntitle = \"Models\"\norder = 1\nquiz = \"m\"\n+++\n# Models\n\n## Match\n\nLayers.\n\n```quiz m/q1\n```\n\n## Count\n\nLittle's law.\n\n```quiz m/q2\n```\n",
        )
        .quiz("m", quiz)
        .build()
}

/// Opens the question of the current slide, locks, reveals and hands over `rounds` as the class
/// would report them.
fn reveal_with(app: &mut App, rounds: Vec<Spread>) {
    let opened = press(app, KeyCode::Char('o'));
    assert!(
        matches!(opened.as_slice(), [ClassCommand::Open { .. }]),
        "{opened:?}"
    );
    press(app, KeyCode::Char('l'));
    press(app, KeyCode::Char('r'));
    hand(
        app,
        ClassUpdate::Revealed {
            rounds,
            observed: None,
        },
    );
}

/// The spread of `answers` to question `id` of the course, as the class computes it.
fn spread_of(catalog: &Catalog, id: &str, answers: &[crate::quiz::Response]) -> Spread {
    let (_, q) = catalog.question(id).expect("question");
    let given: Vec<&crate::quiz::Response> = answers.iter().collect();
    crate::quiz::spread::spread(&q.kind, Some(&q.kind), &given, &|r| format!("{r:?}"))
}

/// A fresh teacher could not read a match reveal: each bar was labelled with the whole joined
/// answer, cut at the box edge with its ✓. Now each item has a row of its own, cut to fit, with
/// its right place and ✓ always in view and the most common wrong pick beside it.
#[test]
fn a_match_reveal_shows_each_item_with_its_right_place_in_view() {
    use crate::quiz::Response;
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let catalog = match_and_number_course();
        let m = |c: [Option<usize>; 4]| Response::Match {
            categories: c.to_vec(),
        };
        let answers = [
            m([Some(0), Some(1), Some(2), Some(3)]),
            m([Some(0), Some(2), Some(1), Some(3)]),
            m([Some(1), Some(2), Some(2), None]),
        ];
        let spread = spread_of(&catalog, "m/q1", &answers);
        let mut app = App::new(catalog, (w, h), Theme::plain().markdown);
        let mut p = Present::new(&app.catalog, 0, w, &app.styles);
        p.serve(info(&["ada", "bob", "cyd"]));
        p.lobby = false;
        p.go(1);
        p.step = p.slides[1].step_count() - 1;
        p.render(&app.catalog, w, &app.styles);
        app.screen = Screen::Present(Box::new(p));
        reveal_with(&mut app, vec![spread]);
        let s = shot(&app, w, h);
        for want in [" → IaaS ✓", " → PaaS ✓", " → FaaS ✓", " → SaaS ✓"] {
            assert_eq!(
                s.lines().filter(|l| l.contains(want)).count(),
                1,
                "{want} once, in view:\n{s}"
            );
        }
        assert!(s.contains(" 2/3 "), "share right per item:\n{s}");
        assert!(s.contains("✗ FaaS (2)"), "the most common wrong pick:\n{s}");
        assert!(!s.contains("; "), "no joined answer strings:\n{s}");
        insta::assert_snapshot!(format!("class_revealed_match_{w}x{h}"), s);
    }
}

/// A two-round match reveal keeps what its legend promises: each round's most common wrong
/// pick per item ("✗ r1 … · r2 …"), as `results --report` lists them per round, even where the
/// item's row has no room for it (then it takes a row of its own).
#[test]
fn a_two_round_match_reveal_names_each_rounds_wrong_pick() {
    use crate::quiz::Response;
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let catalog = match_and_number_course();
        let m = |c: [Option<usize>; 4]| Response::Match {
            categories: c.to_vec(),
        };
        let round1 = spread_of(
            &catalog,
            "m/q1",
            &[
                m([Some(0), Some(1), Some(2), Some(3)]),
                m([Some(0), Some(2), Some(1), Some(2)]),
                m([Some(1), Some(2), Some(2), None]),
            ],
        );
        let round2 = spread_of(
            &catalog,
            "m/q1",
            &[
                m([Some(0), Some(1), Some(2), Some(3)]),
                m([Some(0), Some(1), Some(2), Some(3)]),
                m([Some(0), Some(2), Some(2), Some(3)]),
            ],
        );
        let mut app = App::new(catalog, (w, h), Theme::plain().markdown);
        let mut p = Present::new(&app.catalog, 0, w, &app.styles);
        p.serve(info(&["ada", "bob", "cyd"]));
        p.lobby = false;
        p.go(1);
        p.step = p.slides[1].step_count() - 1;
        p.render(&app.catalog, w, &app.styles);
        app.screen = Screen::Present(Box::new(p));
        reveal_with(&mut app, vec![round1, round2]);
        let s = shot(&app, w, h);
        assert!(s.contains("✗ most common wrong pick"), "the legend:\n{s}");
        // Item 2 (PaaS): FaaS twice in round 1, once in round 2.
        assert!(s.contains("✗ r1 FaaS (2) · r2 FaaS (1)"), "{s}");
        // Item 4 (SaaS): a tie in round 1, all right in round 2.
        assert!(s.contains("✗ r1 FaaS / (blank) (tie, 1 each)"), "{s}");
        insta::assert_snapshot!(format!("class_revealed_match_two_rounds_{w}x{h}"), s);
    }
}

/// Numbers are revealed as a few ranges around the right band, not one bar per value typed.
#[test]
fn a_numeric_reveal_groups_answers_into_ranges_with_the_band_marked() {
    use crate::quiz::Response;
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let catalog = match_and_number_course();
        let answers: Vec<Response> = [200.0, 190.0, 215.0, 150.0, 170.0, 20.0, 230.0, 400.0, 201.0]
            .into_iter()
            .map(|value| Response::Numeric { value })
            .collect();
        let spread = spread_of(&catalog, "m/q2", &answers);
        let mut app = App::new(catalog, (w, h), Theme::plain().markdown);
        let mut p = Present::new(&app.catalog, 0, w, &app.styles);
        p.serve(info(&["ada", "bob", "cyd"]));
        p.lobby = false;
        p.go(2);
        p.step = p.slides[2].step_count() - 1;
        p.render(&app.catalog, w, &app.styles);
        app.screen = Screen::Present(Box::new(p));
        reveal_with(&mut app, vec![spread]);
        let s = shot(&app, w, h);
        assert!(s.contains("180 to 220 environments ✓"), "{s}");
        assert!(s.contains("under 100 environments"), "{s}");
        let bars = s
            .lines()
            .filter(|l| l.contains('█') && l.contains("environments"))
            .count();
        assert!(bars <= 6, "a handful of ranges, not 9 bars:\n{s}");
        insta::assert_snapshot!(format!("class_revealed_ranges_{w}x{h}"), s);
    }
}

/// `→` with answering open used to lock the question and move on without a word (and was in no
/// footer). Now the first `→` says what the second does; the second locks and moves on. Any
/// other key in between disarms it, and the note goes with the next key.
#[test]
fn right_with_answering_open_asks_first_then_locks_and_moves_on() {
    let mut app = served(80, 24);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Char('o'));
    hand(&mut app, ClassUpdate::Answers { answered: 2, of: 3 });
    let open = shot(&app, 80, 24);
    assert!(
        open.contains("→ twice: lock & next"),
        "in the footer:\n{open}"
    );
    assert!(open.contains("? help"), "{open}");
    assert!(press(&mut app, KeyCode::Right).is_empty());
    let asked = shot(&app, 80, 24);
    assert!(
        asked.contains("answering is open: → again locks it and moves on"),
        "{asked}"
    );
    assert!(asked.contains("slide 2/3"), "still here:\n{asked}");
    // Another key disarms: the next → asks again.
    press(&mut app, KeyCode::Char('j'));
    assert!(
        !shot(&app, 80, 24).contains("answering is open"),
        "the note went"
    );
    assert!(press(&mut app, KeyCode::Right).is_empty(), "asks again");
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::Lock, ClassCommand::ShowSlide("After".into())]
    );
    let moved = shot(&app, 80, 24);
    assert!(
        moved.contains("slide 3/3") && !moved.contains("answering is open"),
        "moved on, the note cleared:\n{moved}"
    );
    assert!(press(&mut app, KeyCode::Right).is_empty());
    assert!(
        shot(&app, 80, 24).contains("this is the last slide: q ends the class for everyone"),
        "the last slide says so"
    );
}

/// A latecomer needs the join line and code: `Home` and `g 0` bring the lobby back in a class,
/// and the `g` prompt's range says 0 is the lobby. A wrong number's note goes with the next key.
#[test]
fn home_and_g_0_reach_the_lobby_in_a_class() {
    let mut app = served(80, 24);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert!(shot(&app, 80, 24).contains("slide 2/3"));
    press(&mut app, KeyCode::Home);
    assert!(
        shot(&app, 80, 24).contains("Join the class"),
        "Home: the lobby"
    );
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('9'));
    press(&mut app, KeyCode::Enter);
    assert!(
        shot(&app, 80, 24).contains("slides are numbered 1 to 3; 0 is the lobby"),
        "{}",
        shot(&app, 80, 24)
    );
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('0'));
    press(&mut app, KeyCode::Enter);
    let lobby = shot(&app, 80, 24);
    assert!(
        lobby.contains("Join the class") && !lobby.contains("numbered"),
        "{lobby}"
    );
}

/// In a class, `q` and Ctrl-C end it for everyone: the help says so, and the footer shows `?`.
#[test]
fn help_in_a_class_says_q_and_ctrl_c_end_it_for_everyone() {
    let mut app = served(80, 24);
    assert!(shot(&app, 80, 24).contains("? help"), "the lobby's footer");
    press(&mut app, KeyCode::Right);
    assert!(shot(&app, 80, 24).contains("? help"), "a slide's footer");
    press(&mut app, KeyCode::Char('?'));
    let help = shot(&app, 160, 48);
    for want in [
        "end the class for everyone (students see their score)",
        "end the class for everyone, at once",
        "close a prompt (never ends the class)",
        "revealed: twice asks again, replacing both rounds",
        "between lock and reveal, a second round",
    ] {
        assert!(help.contains(want), "{want}:\n{help}");
    }
    assert!(!help.contains("quit at once"), "{help}");
    // Without a class the help is the usual one.
    let mut app = App::new(course(), (80, 24), Theme::plain().markdown);
    let p = Present::new(&app.catalog, 0, 80, &app.styles);
    app.screen = Screen::Present(Box::new(p));
    press(&mut app, KeyCode::Char('?'));
    let help = shot(&app, 160, 48);
    assert!(
        help.contains("quit at once") && !help.contains("for everyone"),
        "{help}"
    );
}

/// Peer instruction on a prediction: round 2 follows the discussion, not the answer, so `R`
/// takes the finished run off the projector (no observed value on the wall while the class
/// predicts again); the round-2 lock runs it again (the same seed: the same run) and the reveal
/// after round 2 sends the value it ended on.
#[test]
fn a_second_round_of_predictions_hides_the_run_until_its_own_lock() {
    let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
    let lesson = catalog
        .lessons
        .iter()
        .position(|l| l.id == "cold-starts")
        .expect("lesson");
    let mut app = App::new(catalog, (80, 24), Theme::plain().markdown);
    let mut p = Present::new(&app.catalog, lesson, 80, &app.styles);
    p.serve(info(&["ada"]));
    let slide = p
        .slides
        .iter()
        .position(|s| s.question.as_deref() == Some("cold-starts/predict-cold"))
        .expect("the prediction's slide");
    p.lobby = false;
    p.go(slide);
    p.step = p.slides[slide].step_count() - 1;
    p.render(&app.catalog, 80, &app.styles);
    app.screen = Screen::Present(Box::new(p));
    // What the run ends on with this seed: what both rounds are graded against.
    let ended_on = {
        let Screen::Present(p) = &app.screen else {
            unreachable!()
        };
        let Some((_, q)) = app.catalog.question("cold-starts/predict-cold") else {
            panic!("the prediction")
        };
        let crate::content::Kind::Predict(pr) = &q.kind else {
            panic!("a prediction")
        };
        let mut run = crate::screens::observe::Observation::start(pr, p.seed).expect("runs");
        run.finish();
        run.observed()
    };
    assert!(ended_on.is_some());
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('l'));
    assert!(
        shot(&app, 80, 24).contains("predictions locked, the simulation runs"),
        "round 1's lock runs it"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('R')),
        vec![ClassCommand::RoundTwo]
    );
    let two = shot(&app, 80, 24);
    assert!(
        !two.contains("the prediction's simulation") && !two.contains("Observed"),
        "round 2 is predicted without the answer on the wall:\n{two}"
    );
    assert!(two.contains("lock & run"), "{two}");
    assert_eq!(
        press(&mut app, KeyCode::Char('l')),
        vec![ClassCommand::Lock]
    );
    assert!(
        shot(&app, 80, 24).contains("predictions locked, the simulation runs"),
        "the round-2 lock runs it again"
    );
    let revealed = press(&mut app, KeyCode::Char('r'));
    let Screen::Present(p) = &app.screen else {
        unreachable!()
    };
    let (_, watch) = p.observation.as_ref().expect("the run");
    assert!(watch.run.done(), "revealed: the run went to its end");
    assert_eq!(
        revealed,
        vec![ClassCommand::Reveal {
            observed: watch.run.observed()
        }]
    );
    assert!(watch.run.observed().is_some());
    assert_eq!(watch.run.observed(), ended_on, "the same run as round 1's");
}

/// Types `g`, the number and Enter; returns the class commands of the Enter.
fn go_to(app: &mut App, slide: char) -> Vec<ClassCommand> {
    press(app, KeyCode::Char('g'));
    press(app, KeyCode::Char(slide));
    press(app, KeyCode::Enter)
}

/// `←` twice with answering open locks the question and goes back, as its note says; back on the
/// question step students see it again (locked); after `g 3`, `g 2` and `→` they see it again
/// (still locked) and `R` reaches them; `Home` twice with round 2 open locks it and shows the lobby.
#[test]
fn leaving_an_open_question_any_way_locks_it_and_coming_back_shows_it_again() {
    let mut app = served(80, 24);
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    let question = || ClassCommand::ShowQuestion {
        key: "k/q1".into(),
        title: "Servers".into(),
    };
    assert!(matches!(
        press(&mut app, KeyCode::Char('o')).as_slice(),
        [ClassCommand::Open { .. }]
    ));
    assert!(press(&mut app, KeyCode::Left).is_empty());
    let asked = shot(&app, 80, 24);
    assert!(
        asked.contains("answering is open: ← again locks it and goes back"),
        "{asked}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Left),
        vec![
            ClassCommand::Lock,
            ClassCommand::ShowSlide("Servers".into())
        ],
        "← again locks it and goes back"
    );
    assert!(shot(&app, 80, 24).contains("slide 2/3"));
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![question()],
        "locked, so → needs no second press"
    );
    assert!(shot(&app, 80, 24).contains("locked: 0 / 3 answered"));
    assert_eq!(
        go_to(&mut app, '3'),
        vec![ClassCommand::ShowSlide("After".into())]
    );
    assert_eq!(
        go_to(&mut app, '2'),
        vec![ClassCommand::ShowSlide("Servers".into())]
    );
    assert_eq!(press(&mut app, KeyCode::Right), vec![question()]);
    assert_eq!(
        press(&mut app, KeyCode::Char('R')),
        vec![ClassCommand::RoundTwo],
        "round 2 of the question shown again"
    );
    assert!(shot(&app, 80, 24).contains("answered 0 / 3 (round 2)"));
    assert!(press(&mut app, KeyCode::Home).is_empty(), "asks first");
    assert_eq!(
        press(&mut app, KeyCode::Home),
        vec![ClassCommand::Lock, ClassCommand::ShowLobby]
    );
    assert_eq!(
        press(&mut app, KeyCode::Right),
        vec![ClassCommand::ShowSlide("Introduction".into())]
    );
}

/// An order question goes to the class in the order the presenter's seed gives it (never the
/// solved one), and the projector lists its items in that same order, so the teacher can point
/// at "the third item" and every student sees the same list.
#[test]
fn an_order_question_is_listed_and_sent_in_the_class_order() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let lesson = catalog
            .lessons
            .iter()
            .position(|l| l.id == "ec2")
            .expect("lesson");
        let mut app = App::new(catalog, (w, h), Theme::plain().markdown);
        let mut p = Present::new(&app.catalog, lesson, w, &app.styles);
        p.serve(info(&["ada", "bob"]));
        let slide = p
            .slides
            .iter()
            .position(|s| s.question.as_deref() == Some("ec2/q6"))
            .expect("the order question's slide");
        p.lobby = false;
        p.go(slide);
        p.step = p.slides[slide].step_count() - 1;
        p.render(&app.catalog, w, &app.styles);
        let seed = p.seed;
        app.screen = Screen::Present(Box::new(p));

        let opened = press(&mut app, KeyCode::Char('o'));
        let [
            ClassCommand::Open {
                question, shown, ..
            },
        ] = opened.as_slice()
        else {
            panic!("{opened:?}")
        };
        let crate::content::Kind::Order { items } = &question.kind else {
            panic!("an order question: {:?}", question.kind)
        };
        assert_eq!(
            *shown,
            crate::quiz::shuffle::class_order("ec2/q6", question, seed),
            "the presenter's seed"
        );
        assert_eq!(shown.len(), items.len());
        assert_ne!(*shown, (0..items.len()).collect::<Vec<_>>(), "not solved");
        let open = shot(&app, w, h);
        // The projector's bullets, in the order they are listed, as indices of the file's items
        // (each item's first 30 characters identify it).
        let listed: Vec<usize> = open
            .lines()
            .filter(|r| r.contains("•  "))
            .filter_map(|r| {
                items
                    .iter()
                    .position(|item| r.contains(&item.chars().take(30).collect::<String>()))
            })
            .collect();
        assert!(!listed.is_empty(), "{open}");
        assert_eq!(
            listed[..],
            shown[..listed.len()],
            "the projector lists the students' order:\n{open}"
        );
        if h >= 48 {
            assert_eq!(listed.len(), items.len(), "all listed:\n{open}");
        }
        insta::assert_snapshot!(format!("class_order_open_{w}x{h}"), open);
    }
}
