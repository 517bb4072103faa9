//! Markdown lessons to ratatui `Text`. INTERFACE STUB: replaced by the markdown work.
pub mod sanitize;
use ratatui::style::Style;
use ratatui::text::{Line, Text};

/// A parsed lesson body: typed blocks, so the reader and the validator never see raw parser events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    /// Every sim block, however deeply nested.
    pub fn sims(&self) -> impl Iterator<Item = &SimBlock> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Sim(s) => Some(s),
            _ => None,
        })
    }

    /// Every checkpoint block, however deeply nested.
    pub fn checkpoints(&self) -> impl Iterator<Item = &CheckpointBlock> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Checkpoint(c) => Some(c),
            _ => None,
        })
    }

    /// Every heading: (level, line, title).
    pub fn headings(&self) -> impl Iterator<Item = (u8, usize, &str)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { level, text, line } => Some((*level, *line, text.as_str())),
            _ => None,
        })
    }
}

/// One block of a lesson body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
    },
    Sim(SimBlock),
    Checkpoint(CheckpointBlock),
}

/// A ```` ```sim MODEL ```` block: a live simulation placed in a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct SimBlock {
    pub model: String,
    pub params: Vec<SimParam>,
    pub line: usize,
}

/// One `key = value` line of a sim block.
#[derive(Debug, Clone, PartialEq)]
pub struct SimParam {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// A ```` ```quiz QUIZ/QUESTION ```` block: a checkpoint question inside a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointBlock {
    pub target: String,
    pub line: usize,
}

/// A problem found while parsing a body (e.g. a sim line without `=`).
#[derive(Debug, Clone, PartialEq)]
pub struct ParseIssue {
    pub line: usize,
    pub message: String,
}

/// Styles the renderer uses; the UI theme fills it, `Styles::plain()` is for NO_COLOR and pipes.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub text: Style,
}

impl Styles {
    pub fn plain() -> Self {
        Self::default()
    }

    pub fn light() -> Self {
        Self::default()
    }

    pub fn high_contrast() -> Self {
        Self::default()
    }
}

/// What the reader needs from a rendered lesson.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub text: Text<'static>,
    pub headings: Vec<HeadingRow>,
    pub live: Vec<LiveRow>,
}

/// Where a heading landed, for the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingRow {
    pub row: usize,
    pub level: u8,
    pub title: String,
}

/// Where a live block (sim or checkpoint) landed, so the UI can draw over it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveRow {
    pub row: usize,
    pub height: usize,
    pub block: usize,
}

/// Parses a lesson body. `first_line` is the 1-based file line the body starts on.
pub fn parse(src: &str, first_line: usize) -> (Document, Vec<ParseIssue>) {
    let mut doc = Document::default();
    for (i, l) in src.lines().enumerate() {
        if let Some(t) = l.strip_prefix("# ") {
            doc.blocks.push(Block::Heading {
                level: 1,
                text: t.to_string(),
                line: first_line + i,
            });
        } else if !l.is_empty() {
            doc.blocks.push(Block::Paragraph {
                text: l.to_string(),
            });
        }
    }
    (doc, Vec::new())
}

/// Looks up the prompt of a checkpoint question.
pub type CheckpointLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// How to render: the width, the styles, and how to show checkpoint questions.
pub struct RenderOptions<'a> {
    pub width: u16,
    pub styles: &'a Styles,
    /// Looks up the prompt of a checkpoint `QUIZ/QUESTION`; `None` draws the target only.
    pub checkpoint: Option<CheckpointLookup<'a>>,
    /// Blank rows reserved inside each sim panel, where the live widget is drawn later.
    pub sim_rows: u16,
}

/// Renders a document at a display width.
pub fn render(doc: &Document, opts: &RenderOptions) -> Rendered {
    let _ = opts;
    let mut lines = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text } => {
                lines.push(Line::from(text.clone()))
            }
            _ => {}
        }
    }
    Rendered {
        text: Text::from(lines),
        ..Default::default()
    }
}

/// Plain text of rendered output, for pipes and NO_COLOR.
pub fn to_plain_string(text: &Text) -> String {
    let mut out = String::new();
    for line in &text.lines {
        let s: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.push_str(s.trim_end());
        out.push('\n');
    }
    out
}

/// Styled text for a terminal.
pub fn to_ansi_string(text: &Text) -> String {
    to_plain_string(text)
}
