//! Rendering tests of each screen on a TestBackend, at 80x24 and 160x48, plus every size down to 1x1.
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::app::state::App;
use crate::app::update;
use crate::content::source::{RawCourse, RawFile};
use crate::content::{Catalog, ContentSource};

fn fixture() -> Catalog {
    let lesson = |n: u32, id: &str, title: &str, body: &str| {
        RawFile {
        path: format!("lessons/{n:02}-{id}.md"),
        bytes: format!(
            "+++\nid = \"{id}\"\ntitle = \"{title}\"\norder = {n}\nminutes = {m}\nsummary = \"What {title} is about.\"\nobjectives = [\"Explain it\", \"Use it\"]\n+++\n{body}",
            m = n + 4
        )
        .into_bytes(),
    }
    };
    let body = (1..=40)
        .map(|i| format!("## Part {i}\n\nParagraph {i} about servers and cold starts.\n\n"))
        .collect::<String>();
    let raw = RawCourse {
        lessons: vec![
            lesson(1, "intro", "Introduction", &body),
            lesson(2, "next", "The next step", "# Next\n\nShort.\n"),
        ],
        quizzes: vec![],
    };
    Catalog::from_raw(&raw, Vec::new())
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    let theme = Theme::dark();
    terminal
        .draw(|f| super::draw(f, app, &theme))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn key(app: &mut App, code: KeyCode) {
    update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
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
    for (keys, help) in crate::app::keymap::help_rows(crate::app::keymap::Context::Home) {
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
