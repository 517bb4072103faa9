//! Rendering tests of each screen on a TestBackend, at 80x24 and 160x48, plus every size down to 1x1.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::content::source::{RawCourse, RawFile};
use crate::content::{Catalog, ContentSource};
use crate::screens::state::App;
use crate::screens::update;
use crate::testkit::{self, Course, long_body};

fn fixture() -> Catalog {
    Course::new()
        .lesson("intro", "Introduction", None, &long_body(40))
        .lesson("next", "The next step", None, "# Next\n\nShort.\n")
        .build()
}

fn screen(app: &App, w: u16, h: u16) -> String {
    testkit::screen(app, w, h, &Theme::dark())
}

fn key(app: &mut App, code: KeyCode) {
    // Saves as the shell would, so tests can look at the disk.
    let effects = update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
    app.perform_saves(effects);
}

#[test]
fn home_lists_lessons_at_both_sizes() {
    for (w, h) in [(80, 24), (160, 48)] {
        let app = App::new(fixture(), (w, h), Theme::dark().markdown);
        let s = screen(&app, w, h);
        assert!(s.contains("Introduction"), "{s}");
        assert!(s.contains("The next step"), "{s}");
        assert!(s.contains("Enter open"), "{s}");
        if w >= 100 {
            assert!(
                s.contains("You will be able to:"),
                "the wide layout shows details:\n{s}"
            );
        }
    }
}

#[test]
fn reader_scrolls_and_shows_position() {
    let mut app = App::new(fixture(), (80, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    let first = screen(&app, 80, 24);
    assert!(
        first.contains("Introduction") && first.contains("1/2"),
        "{first}"
    );
    key(&mut app, KeyCode::End);
    let last = screen(&app, 80, 24);
    assert!(last.contains("100%"), "{last}");
    assert!(last.contains("Part 40"), "{last}");
}

#[test]
fn help_overlay_comes_from_the_key_table() {
    let mut app = App::new(fixture(), (80, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    for (keys, help) in crate::screens::keymap::help_rows(crate::screens::keymap::Context::Home) {
        assert!(s.contains(help), "help misses {keys} {help}:\n{s}");
    }
}

#[test]
fn too_small_asks_for_more_room_and_nothing_panics_down_to_1x1() {
    let mut app = App::new(fixture(), (80, 24), Theme::dark().markdown);
    let s = screen(&app, 30, 8);
    assert!(s.contains("Enlarge"), "{s}");
    for screen_kind in 0..2 {
        if screen_kind == 1 {
            key(&mut app, KeyCode::Enter);
        }
        for w in [1u16, 2, 5, 39, 40, 41, 80, 200] {
            for h in [1u16, 2, 9, 10, 11, 24, 60] {
                update::on_resize(&mut app, w, h);
                screen(&app, w, h);
            }
        }
    }
}

#[test]
fn embedded_course_loads_into_the_home_screen() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let first = catalog
        .lessons
        .first()
        .map(|l| l.title.clone())
        .unwrap_or_default();
    let app = App::new(catalog, (80, 24), Theme::dark().markdown);
    assert!(screen(&app, 80, 24).contains(&first));
}

/// A course with one quiz of every kind, for screen snapshots.
fn quiz_fixture() -> Catalog {
    let quiz = r#"id = "k"
title = "Every kind"
lesson = "intro"

[[question]]
kind = "single"
prompt = "Which service runs code without servers to manage?"
explanation = "Lambda runs your function on demand; EC2 is a virtual server you manage."
choices = ["EC2", "Lambda", "EBS"]
answer = 1

[[question]]
kind = "order"
prompt = "Put the steps of a cold start in order."
explanation = "Code is fetched, the runtime starts, init code runs, then the handler."
items = ["Fetch the code", "Start the runtime", "Run init code", "Run the handler"]

[[question]]
kind = "match"
prompt = "Who manages it on EC2?"
explanation = "Shared responsibility."
categories = ["You", "AWS"]
items = [{ text = "Guest OS patches", category = "You" }, { text = "Physical racks", category = "AWS" }]

[[question]]
kind = "numeric"
prompt = "What does a t3.micro cost for 730 hours at $0.0104/h?"
explanation = "730 x 0.0104 = 7.592"
answer = 7.59
tolerance = 0.01
unit = "USD"
"#;
    Course::new()
        .lesson_file(
            "intro",
            "+++\nid = \"intro\"\ntitle = \"Introduction\"\norder = 1\nquiz = \"k\"\nsummary = \"Start here.\"\n+++\n# Introduction\n\n## Servers\n\nA **server** is a computer.\n\n<!-- pause -->\n\n| Model | You manage |\n|---|---|\n| IaaS | OS and up |\n| SaaS | nothing |\n\n```quiz k/q1\n```\n",
        )
        .lesson_file(
            "next",
            "+++\nid = \"next\"\ntitle = \"Next\"\norder = 2\n+++\n# Next\n",
        )
        .quiz("k", quiz)
        .build()
}

fn snapshot_app(w: u16, h: u16) -> App {
    let mut app = App::new(quiz_fixture(), (w, h), Theme::plain().markdown);
    app.seed = Some(7);
    app
}

fn plain_screen(app: &App, w: u16, h: u16) -> String {
    testkit::screen(app, w, h, &Theme::plain())
}

/// Snapshots of every screen at 80x24 and 160x48.
#[test]
fn screens_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let suffix = format!("{w}x{h}");
        let mut app = snapshot_app(w, h);
        insta::assert_snapshot!(format!("home_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(format!("reader_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Char('t'));
        insta::assert_snapshot!(format!("contents_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Char('z'));
        // Walk the quiz: snapshot each question, answer it with the first option, snapshot feedback.
        for n in 0..4 {
            insta::assert_snapshot!(format!("quiz_q{n}_{suffix}"), plain_screen(&app, w, h));
            if let crate::screens::state::Screen::Quiz(q) = &app.screen
                && matches!(
                    q.session.current().map(|c| &c.question.kind),
                    Some(crate::content::Kind::Numeric { .. })
                )
            {
                for c in "7.6".chars() {
                    key(&mut app, KeyCode::Char(c));
                }
            } else if let crate::screens::state::Screen::Quiz(q) = &app.screen
                && matches!(
                    q.session.current().map(|c| &c.question.kind),
                    Some(crate::content::Kind::Match { .. })
                )
            {
                key(&mut app, KeyCode::Char('1'));
                key(&mut app, KeyCode::Char('2'));
            }
            key(&mut app, KeyCode::Enter);
            insta::assert_snapshot!(format!("feedback_q{n}_{suffix}"), plain_screen(&app, w, h));
            key(&mut app, KeyCode::Enter);
        }
        insta::assert_snapshot!(format!("result_{suffix}"), plain_screen(&app, w, h));

        let mut app = snapshot_app(w, h);
        let p = crate::screens::slides::Present::new(&app.catalog, 0, w, &app.styles);
        app.screen = crate::screens::state::Screen::Present(Box::new(p));
        insta::assert_snapshot!(format!("present_title_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Char(' '));
        key(&mut app, KeyCode::Char(' '));
        // The question comes on a step of its own, after the slide's text.
        key(&mut app, KeyCode::Char(' '));
        key(&mut app, KeyCode::Char('r'));
        key(&mut app, KeyCode::Char('v'));
        for c in "3 12 1".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(format!("present_votes_{suffix}"), plain_screen(&app, w, h));
    }
}

/// The live simulation view of each model, stepped a fixed number of simulated seconds while
/// paused, so the picture is the same on every run.
#[test]
fn simulation_views_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        for (model, steps) in [
            ("scaling", 400),
            ("cold-start", 600),
            ("db-connections", 60),
            ("cost", 0),
        ] {
            let mut run =
                crate::screens::sim::SimRun::new(model, &[], 7, false).expect("model starts");
            run.paused = true;
            for _ in 0..steps {
                run.step();
            }
            let mut app = snapshot_app(w, h);
            app.screen = crate::screens::state::Screen::Sim(Box::new(run));
            insta::assert_snapshot!(format!("sim_{model}_{w}x{h}"), plain_screen(&app, w, h));
        }
    }
}

/// The progress screen with answers on record: a lesson's accuracy bar and a leech that points
/// back to the section holding its checkpoint.
#[test]
fn progress_screen_shows_accuracy_and_leeches() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut app = snapshot_app(w, h);
        let (_, q) = app
            .catalog
            .question("k/q1")
            .map(|(a, b)| (a.clone(), b.clone()))
            .expect("question");
        // Six wrong answers a day apart, then one right: missed again and again.
        let day = 86_400_000;
        for i in 0..7i64 {
            let wrong = i < 6;
            let response = crate::quiz::Response::Single {
                choice: if wrong { 0 } else { 1 },
            };
            let outcome = crate::quiz::grade(&q.kind, &response);
            let answered = crate::quiz::Answered {
                response,
                outcome,
                elapsed: std::time::Duration::from_secs(5),
            };
            let at = crate::progress::Timestamp::from_unix_millis(1_700_000_000_000 + i * day);
            crate::progress::drill::record(&mut app.progress, "k/q1", &q, at, answered);
        }
        app.screen = crate::screens::state::Screen::Stats(0);
        crate::screens::progress::refresh(&mut app);
        let s = plain_screen(&app, w, h);
        assert!(s.contains("Leeches"), "{s}");
        assert!(
            s.contains("Which service runs code"),
            "the leech is listed:\n{s}"
        );
        assert!(
            s.contains("Introduction › Servers"),
            "with the section that teaches it:\n{s}"
        );
        key(&mut app, KeyCode::Enter);
        let crate::screens::state::Screen::Reader(r) = &app.screen else {
            panic!("Enter opens the lesson")
        };
        let visible = r.scroll..r.scroll + crate::screens::state::text_height(h);
        assert!(
            r.rendered
                .headings
                .iter()
                .any(|x| x.title == "Servers" && visible.contains(&x.row)),
            "the section is on screen"
        );
    }
}

/// A status message set on any screen is visible on that screen (today's messages: a failed save,
/// "no simulation on screen", a vote count that does not parse).
#[test]
fn a_status_message_is_visible_on_every_screen() {
    use crate::screens::state::{Screen, Status};
    let catalog = || {
        Course::new()
            .lesson("l", "L", Some("k"), "# L\n\n## One\n\nText.\n")
            .quiz(
                "k",
                "id = \"k\"\ntitle = \"K\"\nlesson = \"l\"\n\n[[question]]\nkind = \"true_false\"\nprompt = \"True?\"\nexplanation = \"e\"\nanswer = true\n",
            )
            .build()
    };
    type Open = Box<dyn Fn(&mut App)>;
    let screens: Vec<(&str, Open)> = vec![
        ("course map", Box::new(|_: &mut App| {})),
        (
            "reader",
            Box::new(|a: &mut App| crate::screens::reader::open_lesson(a, 0)),
        ),
        (
            "quiz",
            Box::new(|a: &mut App| {
                crate::screens::quiz::start_quiz(a, "k", crate::screens::quiz::ReturnTo::Home)
            }),
        ),
        (
            "slides",
            Box::new(|a: &mut App| {
                let p = crate::screens::slides::Present::new(&a.catalog, 0, a.size.0, &a.styles);
                a.screen = Screen::Present(Box::new(p));
            }),
        ),
        (
            "simulation",
            Box::new(|a: &mut App| {
                let run = crate::screens::sim::SimRun::new("scaling", &[], 1, false).expect("sim");
                a.screen = Screen::Sim(Box::new(run));
            }),
        ),
        (
            "progress",
            Box::new(|a: &mut App| a.screen = Screen::Stats(0)),
        ),
    ];
    for (name, open) in screens {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut app = App::new(catalog(), (w, h), Theme::dark().markdown);
            open(&mut app);
            app.status = Some(Status {
                text: "could not save progress: disk full".into(),
                is_error: true,
            });
            let s = screen(&app, w, h);
            assert!(
                s.contains("could not save progress: disk full"),
                "{name} at {w}x{h} hides the status:\n{s}"
            );
        }
    }
}

/// The status line covers its whole row: no lesson text shows through after the message.
#[test]
fn the_status_line_hides_the_row_below_it() {
    use crate::screens::state::Status;
    let mut app = App::new(fixture(), (80, 24), Theme::dark().markdown);
    crate::screens::reader::open_lesson(&mut app, 0);
    app.status = Some(Status {
        text: "short note".into(),
        is_error: false,
    });
    let s = screen(&app, 80, 24);
    let row = s.lines().nth(22).expect("row 22");
    assert_eq!(row, " short note", "{s}");
}

/// Snapshots of the screens the walk above does not reach: progress (after a quiz), drill,
/// search results and the problems overlay, at 80x24 and 160x48.
#[test]
fn more_screens_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let suffix = format!("{w}x{h}");
        let mut app = snapshot_app(w, h);
        // One answer (the first option, submitted), so the progress screen has something to show.
        key(&mut app, KeyCode::Char('z'));
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Enter);
        // `q` shows the result so far; a second `q` goes back to the course map.
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Char('a'));
        insta::assert_snapshot!(format!("progress_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Char('d'));
        insta::assert_snapshot!(format!("drill_{suffix}"), plain_screen(&app, w, h));
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('/'));
        for c in "server".chars() {
            key(&mut app, KeyCode::Char(c));
        }
        key(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(format!("search_{suffix}"), plain_screen(&app, w, h));

        let broken = RawCourse {
            lessons: vec![RawFile {
                path: "lessons/01-l.md".into(),
                bytes: b"+++\nid = \"l\"\ntitle = \"L\"\norder = 1\nquiz = \"missing\"\n+++\n# L\n"
                    .to_vec(),
            }],
            quizzes: vec![],
        };
        let mut app = App::new(
            Catalog::from_raw(&broken, Vec::new()),
            (w, h),
            Theme::plain().markdown,
        );
        key(&mut app, KeyCode::Char('!'));
        insta::assert_snapshot!(format!("problems_{suffix}"), plain_screen(&app, w, h));
    }
}

/// A simulation panel names the key that opens it full screen, in the reader and on a slide
/// (both have `s`).
#[test]
fn a_sim_panel_offers_full_screen_in_the_reader_and_on_slides() {
    let course = || {
        Course::new()
            .lesson("l", "L", None, "# L\n\n## Live\n\n```sim scaling\n```\n")
            .build()
    };
    let mut app = App::new(course(), (100, 40), Theme::dark().markdown);
    crate::screens::reader::open_lesson(&mut app, 0);
    let s = screen(&app, 100, 40);
    assert!(
        s.contains("▶ scaling") && s.contains("(s: full screen)"),
        "{s}"
    );

    let mut app = App::new(course(), (100, 40), Theme::dark().markdown);
    let p = crate::screens::slides::Present::new(&app.catalog, 0, 100, &app.styles);
    app.screen = crate::screens::state::Screen::Present(Box::new(p));
    key(&mut app, KeyCode::Char(' '));
    let s = screen(&app, 100, 40);
    assert!(s.contains("▶ scaling"), "no panel on the slide:\n{s}");
    assert!(s.contains("(s: full screen)"), "{s}");
}

/// A slide running a simulation: its footer offers `s simulation`, and after `s`, a parameter
/// raised full screen and `q`, its panel shows the new value (`instances=3`, was 2). The run is
/// paused before any tick, so the picture is the same on every run.
#[test]
fn a_sim_slide_footer_and_its_panel_after_the_full_screen_round_trip() {
    let body = "# L\n\n## Live\n\nWhat would one more instance change?\n\n\
                ```sim scaling\nrate = 50\ninstances = 2\n```\n";
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut app = App::new(
            Course::new().lesson("l", "L", None, body).build(),
            (w, h),
            Theme::plain().markdown,
        );
        let mut p = crate::screens::slides::Present::new(&app.catalog, 0, w, &app.styles);
        p.seed = 3;
        app.screen = crate::screens::state::Screen::Present(Box::new(p));
        key(&mut app, KeyCode::Char(' '));
        let before = plain_screen(&app, w, h);
        let footer = before.lines().last().unwrap_or_default().to_string();
        assert!(footer.contains("s simulation"), "{footer}");
        assert!(before.contains("instances=2"), "{before}");
        key(&mut app, KeyCode::Char('s'));
        key(&mut app, KeyCode::Char(' '));
        let at = match &app.screen {
            crate::screens::state::Screen::Sim(run) => run
                .snapshot
                .params
                .iter()
                .position(|p| p.name == "instances")
                .expect("instances"),
            _ => panic!("s did not open the simulation"),
        };
        for _ in 0..at {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Right);
        key(&mut app, KeyCode::Char('.'));
        key(&mut app, KeyCode::Char('q'));
        insta::assert_snapshot!(
            format!("present_sim_slide_{w}x{h}"),
            plain_screen(&app, w, h)
        );
    }
}

/// Simulated seconds a shipped block's snapshot runs before it is drawn: the block's `duration`
/// (what `check` verifies), capped for the scaling model so the test stays quick in debug builds.
fn snapshot_seconds(block: &crate::markdown::SimBlock) -> f64 {
    let duration = block
        .setting("duration")
        .and_then(|d| d.value.parse::<f64>().ok());
    match block.model.as_str() {
        "scaling" => duration.unwrap_or(1200.0).min(1200.0),
        "db-connections" => 60.0,
        _ => duration.unwrap_or(0.0),
    }
}

/// Pauses a run and moves it `seconds` of simulated time forward, so its picture is the same on
/// every run.
fn settle(run: &mut crate::screens::sim::SimRun, seconds: f64) {
    run.paused = true;
    run.live.advance(seconds * 1000.0);
    run.snapshot = run.live.snapshot();
}

/// Every sim block of the shipped course, on its first view: in its lesson panel at 80x24, then
/// opened full screen (`s`, the same run) at 80x24 and 160x48. Each lesson's point must be on
/// screen: these snapshots are what was looked at.
#[test]
fn shipped_sim_blocks_show_their_view() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let mut seen = 0;
    for (lesson, l) in catalog.lessons.iter().enumerate() {
        let blocks: Vec<(usize, crate::markdown::SimBlock)> = l
            .body
            .live_blocks()
            .enumerate()
            .filter_map(|(i, b)| match b {
                crate::markdown::LiveBlock::Sim(s) => Some((i, s.clone())),
                _ => None,
            })
            .collect();
        for (n, (index, block)) in blocks.iter().enumerate() {
            seen += 1;
            let name = format!("shipped_{}_{}", l.id, n + 1);
            for (w, h) in [(80u16, 24u16), (160, 48)] {
                let mut app = App::new(
                    Catalog::load(&ContentSource::Embedded),
                    (w, h),
                    Theme::plain().markdown,
                );
                app.seed = Some(7);
                crate::screens::reader::open_lesson(&mut app, lesson);
                let crate::screens::state::Screen::Reader(r) = &mut app.screen else {
                    panic!("no reader");
                };
                let row = r
                    .rendered
                    .live
                    .iter()
                    .find(|x| x.block == *index)
                    .map(|x| x.row)
                    .expect("panel rendered");
                r.scroll = row.saturating_sub(1).min(r.max_scroll(h));
                crate::screens::reader::sync_inline(&mut app);
                let crate::screens::state::Screen::Reader(r) = &mut app.screen else {
                    panic!("no reader");
                };
                let inline = r
                    .inline
                    .iter_mut()
                    .find(|i| i.block == *index)
                    .expect("the panel's run started");
                assert_eq!(
                    inline.run.live.view(),
                    block.setting("view").map_or("", |v| v.value.as_str()),
                    "{name}"
                );
                settle(&mut inline.run, snapshot_seconds(block));
                if w == 80 {
                    insta::assert_snapshot!(
                        format!("{name}_panel_80x24"),
                        plain_screen(&app, w, h)
                    );
                }
                key(&mut app, KeyCode::Char('s'));
                assert!(
                    matches!(app.screen, crate::screens::state::Screen::Sim(_)),
                    "{name}: s opens full screen"
                );
                insta::assert_snapshot!(format!("{name}_full_{w}x{h}"), plain_screen(&app, w, h));
            }
        }
    }
    assert_eq!(seen, 12, "the shipped course's sim blocks");
}

/// A panel whose top rows have scrolled off still draws the rows that are on screen: the same
/// cells as when it was whole, moved up.
#[test]
fn a_partly_scrolled_panel_draws_its_visible_part() {
    let body = format!(
        "# L\n\n{}\n\n```sim cost\nview = cost\n```\n\n{}",
        long_body(3),
        long_body(20)
    );
    let catalog = Course::new().lesson("l", "L", None, &body).build();
    let mut app = App::new(catalog, (80, 24), Theme::plain().markdown);
    crate::screens::reader::open_lesson(&mut app, 0);
    let crate::screens::state::Screen::Reader(r) = &mut app.screen else {
        panic!("no reader");
    };
    let live = r.rendered.live[0].clone();
    r.scroll = live.row;
    crate::screens::reader::sync_inline(&mut app);
    let whole: Vec<String> = plain_screen(&app, 80, 24)
        .lines()
        .map(String::from)
        .collect();
    let crate::screens::state::Screen::Reader(r) = &mut app.screen else {
        panic!("no reader");
    };
    // Past the panel's title, parameter line, status and numbers rows.
    let cut = live.area.row - live.row + 4;
    r.scroll = live.row + cut;
    crate::screens::reader::sync_inline(&mut app);
    let part: Vec<String> = plain_screen(&app, 80, 24)
        .lines()
        .map(String::from)
        .collect();
    let chart_rows = live.area.row + live.area.height - (live.row + cut);
    assert!(chart_rows >= 5, "the test keeps a chart on screen");
    // The reader's text starts on the screen's second row (the title bar is the first).
    for i in 0..chart_rows {
        assert_eq!(
            part[1 + i],
            whole[1 + cut + i],
            "row {i}:\n{}",
            part.join("\n")
        );
    }
    assert!(
        part.iter().any(|l| l.contains("req/month")),
        "{}",
        part.join("\n")
    );
}

/// Under NO_COLOR (the plain theme) a simulation draws no colour at all: its lines differ by
/// marker, the environment states by character.
#[test]
fn simulations_draw_no_colour_under_no_color() {
    use ratatui::style::Color;
    for (model, view) in [
        ("scaling", "capacity"),
        ("scaling", "instances"),
        ("cold-start", "timeline"),
        ("cost", "cost"),
    ] {
        let mut run = crate::screens::sim::SimRun::new(model, &[], 7, false).expect("model starts");
        run.live.set_view(view).expect("view");
        run.paused = true;
        run.live.advance(400_000.0);
        run.snapshot = run.live.snapshot();
        let mut app = snapshot_app(80, 24);
        app.screen = crate::screens::state::Screen::Sim(Box::new(run));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("backend");
        terminal
            .draw(|f| crate::ui::draw(f, &app, &Theme::plain()))
            .expect("draw");
        let buf = terminal.backend().buffer();
        let coloured = buf
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count();
        assert_eq!(coloured, 0, "{model} {view}: {coloured} coloured cells");
    }
}

/// Issue 13 (small terminals): at 40 columns every screen's footer still ends with `? help` and
/// the way out, dropping the other hints first; at 160 columns nothing is dropped.
#[test]
fn narrow_footers_keep_help_and_the_way_out() {
    let app = App::new(fixture(), (40, 12), Theme::dark().markdown);
    let narrow = screen(&app, 40, 12);
    let last = narrow.lines().last().unwrap_or_default().to_string();
    assert!(last.contains("? help"), "{last}");
    assert!(last.contains("q quit"), "{last}");
    assert!(
        !last.contains("a progress"),
        "decoration goes first: {last}"
    );
    let app = App::new(fixture(), (160, 48), Theme::dark().markdown);
    let wide = screen(&app, 160, 48);
    let last = wide.lines().last().unwrap_or_default().to_string();
    assert!(
        last.contains("a progress") && last.contains("? help"),
        "{last}"
    );

    let pairs: Vec<(String, &'static str)> = vec![
        ("↑↓".into(), "scroll"),
        ("?".into(), "help"),
        ("t".into(), "contents"),
        ("q".into(), "back"),
    ];
    let keys = |width| -> Vec<String> {
        super::fit_hints(&pairs, width)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    };
    assert_eq!(keys(26), ["↑↓", "?", "q"], "dropped from the right first");
    assert_eq!(keys(16), ["?", "q"], "essentials kept to the last");
    assert_eq!(super::fit_hints(&pairs, 200).len(), 4);
}
