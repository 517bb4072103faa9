//! Every key of every screen's table, pressed in states where it can act and in states where it
//! cannot: each press must change what is drawn (the screen, its footer or the status line), quit,
//! or ask the shell for something. A key that does nothing and says nothing fails here, with the
//! screen, the state and the key named.
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{Action, BINDINGS, Context};
use super::quiz::{ReturnTo, start_quiz};
use super::reader::open_lesson;
use super::state::{App, Screen};
use super::update;
use crate::testkit::Course;
use crate::ui::theme::Theme;

const SIZE: (u16, u16) = (80, 24);

fn question(kind: &str) -> &'static str {
    match kind {
        "single" => {
            "[[question]]\nkind = \"single\"\nprompt = \"Pick b\"\nexplanation = \"b\"\nchoices = [\"a\", \"b\", \"c\"]\nanswer = 1\n"
        }
        "multi" => {
            "[[question]]\nkind = \"multi\"\nprompt = \"Pick a, c\"\nexplanation = \"e\"\nchoices = [\"a\", \"b\", \"c\"]\nanswers = [0, 2]\n"
        }
        "true_false" => {
            "[[question]]\nkind = \"true_false\"\nprompt = \"True?\"\nexplanation = \"e\"\nanswer = true\n"
        }
        "order" => {
            "[[question]]\nkind = \"order\"\nprompt = \"Order\"\nexplanation = \"e\"\nitems = [\"one\", \"two\", \"three\", \"four\"]\n"
        }
        "match" => {
            "[[question]]\nkind = \"match\"\nprompt = \"Match\"\nexplanation = \"e\"\ncategories = [\"You\", \"AWS\"]\nitems = [{ text = \"OS\", category = \"You\" }, { text = \"Racks\", category = \"AWS\" }, { text = \"Data\", category = \"You\" }]\n"
        }
        _ => {
            "[[question]]\nkind = \"numeric\"\nprompt = \"How much\"\nexplanation = \"e\"\nanswer = 7.59\ntolerance = 0.01\nunit = \"USD\"\n"
        }
    }
}

/// Three lessons: a short first one, a long middle one with everything a lesson can hold (and a
/// quiz of `kinds`), and a last one with no heading and no quiz.
fn course(kinds: &[&str]) -> crate::content::Catalog {
    let mut middle = String::from("# Middle\n\n");
    for i in 1..=12 {
        middle.push_str(&format!(
            "## Part {i}\n\nServers and cold starts, part {i}.\n\n"
        ));
        if i == 6 {
            middle.push_str(
                "```sim scaling\n```\n\n```quiz k/q1\n```\n\n\
                 <details><summary>Show answer</summary> 42. </details>\n\n",
            );
        }
    }
    let mut quiz = String::from("id = \"k\"\ntitle = \"K\"\nlesson = \"b\"\n\n");
    for (i, k) in kinds.iter().enumerate() {
        quiz.push_str(&question(k).replace(
            "[[question]]\n",
            &format!("[[question]]\nid = \"q{}\"\n", i + 1),
        ));
        quiz.push('\n');
    }
    Course::new()
        .lesson("a", "First", None, "# First\n\n## One\n\nShort.\n")
        .lesson("b", "Middle", Some("k"), &middle)
        .lesson("c", "Last", None, "Just text, no heading, no quiz.\n")
        .quiz("k", &quiz)
        .build()
}

fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test backend");
    terminal
        .draw(|f| crate::ui::draw(f, app, &Theme::dark()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn press(app: &mut App, code: KeyCode) -> Vec<super::state::Effect> {
    update::on_key(
        app,
        KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE),
    )
}

/// Actions that move a cursor or a view: at the edge of what they move over, doing nothing is
/// their answer (the view shows the edge), so the states at an edge do not ask them to act.
fn moves(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::MoveUp
            | Action::MoveDown
    )
}

/// A state to press keys in: its name, how to reach it, and whether it is at an edge.
struct State {
    name: &'static str,
    build: Box<dyn Fn() -> App>,
    at_edge: bool,
}

fn state(name: &'static str, at_edge: bool, build: impl Fn() -> App + 'static) -> State {
    State {
        name,
        build: Box::new(build),
        at_edge,
    }
}

fn app_with(kinds: &'static [&'static str]) -> App {
    let mut app = App::new(course(kinds), SIZE, crate::markdown::Styles::plain());
    app.seed = Some(7);
    app
}

fn quiz_on(kind: &'static str) -> impl Fn() -> App {
    move || {
        let kinds: &'static [&'static str] = match kind {
            "single" => &["single"],
            "multi" => &["multi"],
            "true_false" => &["true_false"],
            "order" => &["order"],
            "match" => &["match"],
            _ => &["numeric"],
        };
        let mut app = app_with(kinds);
        start_quiz(&mut app, "k", ReturnTo::Home);
        app
    }
}

fn in_reader(lesson: usize, scroll_to: Option<&'static str>) -> impl Fn() -> App {
    move || {
        let mut app = app_with(&["single", "single"]);
        open_lesson(&mut app, lesson);
        if let Some(heading) = scroll_to
            && let Screen::Reader(r) = &mut app.screen
        {
            let row = r
                .rendered
                .headings
                .iter()
                .find(|h| h.title == heading)
                .map_or(0, |h| h.row);
            r.scroll = row;
        }
        super::reader::sync_inline(&mut app);
        app
    }
}

/// Answers the one question on screen wrong (`wrong`) or right, and ends the quiz.
fn finished(wrong: usize) -> impl Fn() -> App {
    move || {
        let mut app = app_with(&["true_false", "true_false", "true_false"]);
        start_quiz(&mut app, "k", ReturnTo::Home);
        for i in 0..3 {
            // Every answer is "true"; `2` picks "False".
            press(&mut app, KeyCode::Char(if i < wrong { '2' } else { '1' }));
            press(&mut app, KeyCode::Enter);
        }
        app
    }
}

fn states() -> Vec<(Context, State)> {
    vec![
        (
            Context::Home,
            state("course map, middle lesson (with a quiz)", false, || {
                let mut app = app_with(&["single"]);
                app.selected = 1;
                app
            }),
        ),
        (
            Context::Home,
            state(
                "course map, first lesson (no quiz), nothing due, no problems",
                true,
                || app_with(&["single"]),
            ),
        ),
        (
            Context::Reader,
            state(
                "reader, middle of a lesson with a sim, a checkpoint and a section on screen",
                false,
                in_reader(1, Some("Part 6")),
            ),
        ),
        (
            Context::Reader,
            state("reader, middle lesson after a search", false, || {
                let mut app = in_reader(1, Some("Part 3"))();
                press(&mut app, KeyCode::Char('/'));
                for c in "cold".chars() {
                    press(&mut app, KeyCode::Char(c));
                }
                press(&mut app, KeyCode::Enter);
                app
            }),
        ),
        (
            Context::Reader,
            state(
                "reader, last lesson: no heading, quiz, sim or section",
                true,
                in_reader(2, None),
            ),
        ),
        (
            Context::Reader,
            state("reader, first lesson", true, in_reader(0, None)),
        ),
        (
            Context::Toc,
            state("table of contents, middle heading", false, || {
                let mut app = in_reader(1, Some("Part 6"))();
                press(&mut app, KeyCode::Char('t'));
                app
            }),
        ),
        (
            Context::Quiz,
            state("single question", true, quiz_on("single")),
        ),
        (
            Context::Quiz,
            state("multi question", true, quiz_on("multi")),
        ),
        (
            Context::Quiz,
            state("true/false question", true, quiz_on("true_false")),
        ),
        (
            Context::Quiz,
            state("order question", true, quiz_on("order")),
        ),
        (
            Context::Quiz,
            state("match question", true, quiz_on("match")),
        ),
        (
            Context::Quiz,
            state("numeric question", true, quiz_on("numeric")),
        ),
        (
            Context::Feedback,
            state("feedback on an answer", false, || {
                let mut app = quiz_on("single")();
                press(&mut app, KeyCode::Char('1'));
                app
            }),
        ),
        (
            Context::Result,
            state("result, every answer right", true, finished(0)),
        ),
        (
            Context::Result,
            state(
                "result, three missed, the middle one selected",
                false,
                || {
                    let mut app = finished(3)();
                    press(&mut app, KeyCode::Down);
                    app
                },
            ),
        ),
        (
            Context::Sim,
            state("simulation, middle parameter at 10x", false, || {
                let mut app = app_with(&["single"]);
                let mut run = super::sim::SimRun::new("scaling", &[], 1, false).expect("sim");
                run.speed = 1;
                run.selected = 1;
                app.screen = Screen::Sim(Box::new(run));
                app
            }),
        ),
        (
            Context::Present,
            state("slides of the middle lesson, first slide", true, || {
                let mut app = app_with(&["single"]);
                let p = super::slides::Present::new(&app.catalog, 1, SIZE.0, &app.styles);
                app.screen = Screen::Present(Box::new(p));
                app
            }),
        ),
        (
            Context::Stats,
            state("progress, no answers yet", true, || {
                let mut app = app_with(&["single"]);
                app.screen = Screen::Stats(0);
                update::on_resize(&mut app, SIZE.0, SIZE.1);
                app
            }),
        ),
    ]
}

/// The keys of a context's table rows and of the global rows, each with its action.
fn keys_of(context: Context) -> Vec<(KeyEvent, Action)> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context || b.context == Context::Global)
        .flat_map(|b| {
            b.keys
                .iter()
                .map(move |k| (KeyEvent::new(k.code, k.mods), b.action))
        })
        .collect()
}

#[test]
fn every_key_of_every_screen_acts_or_says_why_not() {
    let mut silent = Vec::new();
    for (context, st) in states() {
        let probe = (st.build)();
        assert_eq!(
            update::context(&probe),
            context,
            "state `{}` is not in {context:?}",
            st.name
        );
        for (key, action) in keys_of(context) {
            if st.at_edge && moves(action) {
                continue;
            }
            // A number question's answer field has focus: arrows and Backspace edit it (moving
            // the cursor, deleting), as in every text field, before the table sees them.
            if st.name == "numeric question"
                && matches!(
                    key.code,
                    KeyCode::Left | KeyCode::Right | KeyCode::Backspace
                )
            {
                continue;
            }
            let mut app = (st.build)();
            let before = draw(&app);
            let effects = update::on_key(&mut app, key);
            let acted = app.should_quit
                || effects.contains(&super::state::Effect::Suspend)
                || draw(&app) != before;
            if !acted {
                silent.push(format!(
                    "{context:?} · {} · {} ({action:?})",
                    st.name,
                    super::keymap::key_label(&super::keymap::Key {
                        code: key.code,
                        mods: key.modifiers
                    })
                ));
            }
        }
    }
    assert!(
        silent.is_empty(),
        "keys that do nothing and say nothing:\n{}",
        silent.join("\n")
    );
}
