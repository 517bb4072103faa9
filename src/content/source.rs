//! Where content files come from: the copy built into the binary, or a folder given with `--content`.
use std::fs;
use std::path::{Path, PathBuf};

use super::diagnostics::Diagnostic;
use super::embedded;

/// A content file before parsing: its display path and raw bytes (UTF-8 is checked when parsing,
/// so a bad file is a diagnostic, not a crash).
#[derive(Debug, Clone)]
pub struct RawFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The content location the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The course shipped inside the binary.
    Embedded,
    /// A folder with `lessons/` and `quizzes/` inside (`--content DIR`).
    Dir(PathBuf),
}

/// The files of one course, read but not parsed.
#[derive(Debug, Default)]
pub struct RawCourse {
    pub lessons: Vec<RawFile>,
    pub quizzes: Vec<RawFile>,
}

impl ContentSource {
    /// Reads every lesson (`*.md`) and quiz (`*.toml`), sorted by file name. A missing or unreadable
    /// folder or file becomes a diagnostic; whatever can be read is returned.
    pub fn read(&self, diags: &mut Vec<Diagnostic>) -> RawCourse {
        match self {
            ContentSource::Embedded => RawCourse {
                lessons: from_table(embedded::LESSONS),
                quizzes: from_table(embedded::QUIZZES),
            },
            ContentSource::Dir(dir) => {
                if !dir.is_dir() {
                    diags.push(Diagnostic::file(&dir.display().to_string(), "content folder not found (expected a folder with lessons/ and quizzes/ inside)"));
                    return RawCourse::default();
                }
                RawCourse {
                    lessons: read_dir(&dir.join("lessons"), "md", diags),
                    quizzes: read_dir(&dir.join("quizzes"), "toml", diags),
                }
            }
        }
    }
}

fn from_table(table: &[(&str, &[u8])]) -> Vec<RawFile> {
    table
        .iter()
        .map(|(path, bytes)| RawFile {
            path: (*path).to_string(),
            bytes: bytes.to_vec(),
        })
        .collect()
}

fn read_dir(dir: &Path, ext: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawFile> {
    let shown = dir.display().to_string();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::file(&shown, format!("cannot read folder: {e}")));
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext) && p.is_file())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match fs::read(&path) {
            Ok(bytes) => out.push(RawFile { path: shown, bytes }),
            Err(e) => diags.push(Diagnostic::file(&shown, format!("cannot read file: {e}"))),
        }
    }
    out
}

/// Decodes a file as UTF-8, or reports the line of the first bad byte.
pub fn utf8<'a>(file: &'a RawFile, diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let good = &file.bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            diags.push(Diagnostic::at(
                &file.path,
                line,
                format!("not valid UTF-8 (bad byte at offset {})", e.valid_up_to()),
            ));
            None
        }
    }
}
