//! The shared test kit: one builder for fixture courses and one helper that draws a screen into a
//! `TestBackend` and returns its text. Tests that need a course or a screen use these instead of
//! building their own.
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::content::Catalog;
use crate::content::source::{RawCourse, RawFile};
use crate::screens::state::App;
use crate::ui::theme::Theme;

/// A course made of lessons and quizzes given as text, in the order added.
#[derive(Debug, Default)]
pub struct Course {
    raw: RawCourse,
}

impl Course {
    pub fn new() -> Course {
        Course::default()
    }

    /// Adds a lesson `id` with front matter (order = its position, `minutes` and a summary) and
    /// `body`; `quiz` names its quiz, if any.
    pub fn lesson(mut self, id: &str, title: &str, quiz: Option<&str>, body: &str) -> Course {
        let n = self.raw.lessons.len() + 1;
        let quiz = quiz.map_or(String::new(), |q| format!("quiz = \"{q}\"\n"));
        self.raw.lessons.push(RawFile {
            path: format!("lessons/{n:02}-{id}.md"),
            bytes: format!(
                "+++\nid = \"{id}\"\ntitle = \"{title}\"\norder = {n}\nminutes = {m}\n\
                 summary = \"What {title} is about.\"\nobjectives = [\"Explain it\", \"Use it\"]\n\
                 {quiz}+++\n{body}",
                m = n + 4
            )
            .into_bytes(),
        });
        self
    }

    /// Adds a lesson file written in full (front matter included), as `lessons/NN-ID.md`.
    pub fn lesson_file(mut self, id: &str, text: &str) -> Course {
        let n = self.raw.lessons.len() + 1;
        self.raw.lessons.push(RawFile {
            path: format!("lessons/{n:02}-{id}.md"),
            bytes: text.as_bytes().to_vec(),
        });
        self
    }

    /// Adds a quiz file `quizzes/ID.toml` with the given TOML text.
    pub fn quiz(mut self, id: &str, toml: &str) -> Course {
        self.raw.quizzes.push(RawFile {
            path: format!("quizzes/{id}.toml"),
            bytes: toml.as_bytes().to_vec(),
        });
        self
    }

    /// The catalog, checked: a fixture with problems is a broken test.
    pub fn build(self) -> Catalog {
        let catalog = Catalog::from_raw(&self.raw, Vec::new());
        assert!(
            catalog.diagnostics.is_empty(),
            "fixture course has problems: {:?}",
            catalog.diagnostics
        );
        catalog
    }
}

/// A lesson body of `parts` sections, long enough to scroll.
pub fn long_body(parts: usize) -> String {
    (1..=parts)
        .map(|i| format!("## Part {i}\n\nParagraph {i} about servers and cold starts.\n\n"))
        .collect()
}

/// Draws `app` at `w` x `h` with `theme` and returns the screen's text, one line per row with
/// trailing spaces removed.
pub fn screen(app: &App, w: u16, h: u16, theme: &Theme) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|f| crate::ui::draw(f, app, theme))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
