//! `cloudtutor render`: a lesson rendered for the terminal, on stdout.
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::content::{Catalog, ContentSource, Diagnostic, lesson};
use crate::markdown::{self, Disclosure, RenderOptions, Styles};

/// Renders a lesson given by id or by the path of a `.md` file.
pub fn run(source: &ContentSource, which: &str, width: Option<u16>) -> ExitCode {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = width.unwrap_or_else(|| {
        if tty {
            ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w)
        } else {
            80
        }
    });

    let looks_like_path =
        which.ends_with(".md") || which.contains(std::path::MAIN_SEPARATOR) || which.contains('/');
    let catalog;
    let lesson_owned;
    let lesson = if looks_like_path && Path::new(which).is_file() {
        match load_file(which) {
            Ok(l) => {
                catalog = None;
                lesson_owned = l;
                &lesson_owned
            }
            Err(diags) => {
                for d in diags {
                    eprintln!("{d}");
                }
                return ExitCode::from(1);
            }
        }
    } else {
        catalog = Some(Catalog::load(source));
        let Some(l) = catalog.as_ref().and_then(|c| c.lesson(which)) else {
            if catalog
                .as_ref()
                .is_some_and(|c| c.unloaded.lessons.contains(which))
            {
                eprintln!(
                    "cloudtutor: lesson `{which}` has errors and cannot be shown; run `cloudtutor check` to see them"
                );
                return ExitCode::from(2);
            }
            let ids: Vec<&str> = catalog
                .iter()
                .flat_map(|c| c.lessons.iter().map(|l| l.id.as_str()))
                .collect();
            eprintln!(
                "cloudtutor: no lesson `{which}` (lessons: {})",
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            );
            return ExitCode::from(2);
        };
        l
    };

    let styles = if color {
        Styles::default()
    } else {
        Styles::plain()
    };
    let lookup = |target: &str| {
        catalog
            .as_ref()
            .and_then(|c| c.question(target))
            .map(|(_, q)| q.prompt.clone())
    };
    let opts = RenderOptions {
        width,
        styles: &styles,
        checkpoint: Some(&lookup),
        sim_rows: 0,
    };
    // Nobody can click printed text open: every `<details>` body is shown under its summary.
    let rendered = markdown::render_disclosed(&lesson.body, &opts, &Disclosure::AllOpen);
    // Colour and hyperlinks only for a terminal with NO_COLOR unset; a pipe gets plain text.
    let mut out = if color {
        markdown::to_ansi_string_linked(&rendered.text, &rendered.links)
    } else {
        markdown::to_plain_string(&rendered.text)
    };
    // The strings join lines without a final newline; a command's output ends with one, or the
    // shell prompt lands on the lesson's last line.
    out.push('\n');
    let mut lock = stdout.lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = lock.write_all(out.as_bytes()).and_then(|_| lock.flush());
    ExitCode::SUCCESS
}

/// Reads and parses a single lesson file outside any course.
fn load_file(path: &str) -> Result<lesson::Lesson, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(vec![Diagnostic::file(
                path,
                format!("cannot read file: {e}"),
            )]);
        }
    };
    let file = crate::content::source::RawFile {
        path: path.to_string(),
        bytes,
    };
    let Some(text) = crate::content::source::utf8(&file, &mut diags) else {
        return Err(diags);
    };
    match lesson::parse(path, text, &mut diags) {
        Some(l) => {
            // Problems that still let the lesson show (each says whether it is an error).
            for d in &diags {
                eprintln!("{d}");
            }
            Ok(l)
        }
        None => Err(diags),
    }
}
