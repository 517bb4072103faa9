//! Problems found in course content, reported as `PATH:LINE: error: MESSAGE` so editors can jump to them.
use std::fmt;

pub use crate::markdown::Severity;

/// One problem in one content file. Content loading never stops at the first problem: it collects
/// all of them, so a teacher fixes a whole course in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user knows it (`lessons/01-x.md`, or the path under `--content`).
    pub path: String,
    /// 1-based line, when it is knowable.
    pub line: Option<usize>,
    pub message: String,
    /// Errors fail `cloudtutor check`; warnings are shown and let it pass.
    pub severity: Severity,
}

impl Diagnostic {
    /// A problem at a known line.
    pub fn at(path: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line: Some(line),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// Something at a known line that loads but will not show as written.
    pub fn warning_at(path: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::at(path, line, message)
        }
    }

    /// A problem with the file as a whole.
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line: None,
            message: message.into(),
            severity: Severity::Error,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {severity}: {}", self.path, self.message),
            None => write!(f, "{}: {severity}: {}", self.path, self.message),
        }
    }
}

/// Maps byte offsets of a text to 1-based line numbers, offset by where the text starts in its file
/// (front matter starts on line 2 of a lesson).
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, first_line }
    }

    /// The file line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        idx + self.first_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_and_without_line() {
        assert_eq!(
            Diagnostic::at("a.md", 3, "bad").to_string(),
            "a.md:3: error: bad"
        );
        assert_eq!(
            Diagnostic::file("a.md", "bad").to_string(),
            "a.md: error: bad"
        );
    }

    #[test]
    fn line_index_counts_from_first_line() {
        let idx = LineIndex::new("ab\ncd\n\nef", 2);
        assert_eq!(idx.line(0), 2);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(3), 3);
        assert_eq!(idx.line(6), 4);
        assert_eq!(idx.line(7), 5);
        assert_eq!(idx.line(100), 5);
    }
}
