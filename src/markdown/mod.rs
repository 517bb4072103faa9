//! Markdown lessons to ratatui `Text`.
//!
//! Two steps, so the reader, the validator and `cloudtutor render` share one model:
//! [`parse`] turns a lesson body into a typed [`Document`] (pulldown-cmark events, HTML dropped,
//! ```` ```sim ```` / ```` ```quiz ```` fences turned into live blocks, problems reported as
//! [`ParseIssue`]s), and [`render`] draws it at a display width into [`Rendered`] text plus the rows
//! of headings and live blocks. All content text is sanitised before it reaches a span.
//!
//! Files: `model.rs` (the typed model and tree walks), `parse.rs` (events to model), `render.rs`
//! (model to lines), `inline.rs` (inline styling), `wrap.rs` (display width and word wrapping),
//! `table.rs`, `boxes.rs` (code boxes and live panels), `style.rs` ([`Styles`]), `output.rs`
//! (plain / ANSI strings), `sanitize.rs`.
//!
//! Width guarantee: every rendered line is at most `max(width, MIN_WIDTH)` columns wide, as
//! measured by ratatui's `Line::width`.
#![warn(missing_docs)]
mod boxes;
mod html;
mod inline;
mod model;
mod output;
mod parse;
mod render;
pub mod sanitize;
mod style;
mod table;
mod wrap;

#[cfg(test)]
mod proptests;

use ratatui::text::Text;

#[cfg(test)]
pub use model::Block;
pub use model::{Document, LiveBlock, ParseIssue, Severity, SimBlock};
#[cfg(test)]
pub use output::to_ansi_string;
pub use output::{osc8_target, to_ansi_string_linked, to_plain_string};
pub use style::{Styles, light as light_palette};
pub use wrap::Join;

/// Narrowest width the renderer fully honours: below it, a line may be as wide as this (the widest
/// single character cluster, U+17D8, is 3 columns; CJK and emoji are 2). Decorations (boxes,
/// indents, bullets) are dropped long before, so only bare text can reach this bound.
pub const MIN_WIDTH: usize = wrap::MAX_CLUSTER_WIDTH;

/// Parses a lesson body. `first_line` is the 1-based file line the body starts on, so line numbers
/// in blocks and issues point into the real file. Never fails: problems become `ParseIssue`s.
pub fn parse(src: &str, first_line: usize) -> (Document, Vec<ParseIssue>) {
    parse::parse(src, first_line)
}

/// Plain text (no Markdown) wrapped at `width` display columns the way lesson text is, for panels
/// drawn outside a lesson (the presenter's question box). Each line of `text` starts a new row;
/// the result has at least one row.
pub fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let mut w = wrap::Wrapper::new(width);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            w.hard_break();
        }
        w.push(line, ratatui::style::Style::default());
    }
    w.finish()
        .into_iter()
        .map(|row| row.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// Looks up a checkpoint's question prompt from its `QUIZ/QUESTION` target (the reader passes a
/// closure over the loaded quizzes, so the renderer needs no quiz types).
pub type CheckpointLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// How to render: the width, the styles, and how to show checkpoint questions.
pub struct RenderOptions<'a> {
    /// Display columns (1 to 1000; 0 is treated as 1).
    pub width: u16,
    /// The styles to draw with ([`Styles::plain`] for pure text).
    pub styles: &'a Styles,
    /// Looks up the prompt of a checkpoint `QUIZ/QUESTION`; `None` draws the target only.
    pub checkpoint: Option<CheckpointLookup<'a>>,
    /// Blank rows reserved inside each sim panel, where the live widget is drawn later.
    pub sim_rows: u16,
}

impl<'a> RenderOptions<'a> {
    /// Options with no checkpoint lookup and 8 reserved sim rows: what `cloudtutor render` needs.
    pub fn new(width: u16, styles: &'a Styles) -> Self {
        RenderOptions {
            width,
            styles,
            checkpoint: None,
            sim_rows: 8,
        }
    }
}

/// What the reader needs from a rendered lesson.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The lines, each at most `max(width, MIN_WIDTH)` columns wide.
    pub text: Text<'static>,
    /// Every heading (nested ones too) in document order, for the table of contents.
    pub headings: Vec<HeadingRow>,
    /// Every sim and checkpoint panel on screen, in document order (those inside a closed
    /// `<details>` are not drawn, so they have no row).
    pub live: Vec<LiveRow>,
    /// Every `<details>` element drawn (those inside a closed one are not), in document order.
    pub details: Vec<DetailsRow>,
    /// Where links landed, in row order: for terminal hyperlinks ([`to_ansi_string_linked`]).
    pub links: Vec<LinkSpan>,
    /// Every row that continues the text of the row above it because a line was wrapped there,
    /// in row order: so the reader's search finds a phrase however the width wraps it.
    pub joins: Vec<RowJoin>,
}

/// A row that continues the text of the row above it (the wrapper broke the line there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowJoin {
    /// Row in `Rendered::text`.
    pub row: usize,
    /// Characters at the start of the row that are decoration, not text (list indents, quote
    /// bars): the text resumes after them.
    pub skip: usize,
    /// What lies between the end of the row above and the text of this one.
    pub join: Join,
}

/// The columns of one row that show a link (its text or its URL), and its destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    /// Row in `Rendered::text`.
    pub row: usize,
    /// Display columns of that row.
    pub cols: std::ops::Range<usize>,
    /// The destination as written in the lesson (sanitised, not encoded).
    pub url: String,
}

/// Where a `<details>` element landed and whether its body is shown, so the reader can open and
/// close it (re-rendering with a different [`Disclosure`]) and keep its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsRow {
    /// Index among the document's `<details>` elements in document order (the index
    /// [`Disclosure::Open`] takes), counting those inside closed ones too.
    pub index: usize,
    /// Row of the "▸ summary" line in `Rendered::text`.
    pub row: usize,
    /// Whether the body is drawn.
    pub open: bool,
    /// Rows of the body in `Rendered::text`: empty (starting after the summary) when closed.
    pub body: std::ops::Range<usize>,
}

/// Which `<details>` elements are drawn open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Disclosure {
    /// As written: open only those with the `open` attribute. Where the reader starts.
    #[default]
    AsWritten,
    /// All open: for `cloudtutor render`, whose output nobody can click.
    AllOpen,
    /// Exactly these, by [`DetailsRow::index`]: the reader after the learner opens some.
    Open(std::collections::BTreeSet<usize>),
}

impl Disclosure {
    /// Whether the `index`-th `<details>` element (`open`: its attribute) is drawn open.
    pub fn is_open(&self, index: usize, open: bool) -> bool {
        match self {
            Disclosure::AsWritten => open,
            Disclosure::AllOpen => true,
            Disclosure::Open(set) => set.contains(&index),
        }
    }

    /// This disclosure with the `index`-th `<details>` element of `doc` (see
    /// [`DetailsRow::index`]) open or closed and every other one as it was: what the reader keeps
    /// after the learner opens or closes a section. Always an [`Disclosure::Open`] set.
    pub fn set(&self, doc: &Document, index: usize, open: bool) -> Disclosure {
        let mut shown: std::collections::BTreeSet<usize> = doc
            .walk()
            .filter_map(|b| match b {
                model::Block::Details(d) => Some(d.open),
                _ => None,
            })
            .enumerate()
            .filter(|&(i, attr)| self.is_open(i, attr))
            .map(|(i, _)| i)
            .collect();
        if open {
            shown.insert(index);
        } else {
            shown.remove(&index);
        }
        Disclosure::Open(shown)
    }
}

/// Where a heading landed, for the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingRow {
    /// Row of the heading's first line in `Rendered::text`.
    pub row: usize,
    /// 1 to 6.
    pub level: u8,
    /// Plain title (markup removed).
    pub title: String,
}

/// Where a live block (sim or checkpoint) landed, so the UI can draw over it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveRow {
    /// First row of the panel (its top border) in `Rendered::text`.
    pub row: usize,
    /// Rows the panel takes, borders included.
    pub height: usize,
    /// Index of the block among the document's live blocks ([`Document::live_blocks`]): the n-th
    /// sim or checkpoint block in document order.
    pub block: usize,
    /// The region inside the panel meant for the UI (absolute rows and columns of the text).
    pub area: LiveArea,
}

/// A rectangle of the rendered text, in rows and display columns. For a sim panel it is the
/// `sim_rows` blank rows inside the border; for a checkpoint, the prompt and hint rows. Its columns
/// exclude the border but include the one-column padding, and account for list / quote indentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LiveArea {
    /// First row, in `Rendered::text`.
    pub row: usize,
    /// First display column.
    pub col: usize,
    /// Columns.
    pub width: usize,
    /// Rows (0 when `sim_rows` is 0).
    pub height: usize,
}

/// Renders a document at `opts.width` display columns, `<details>` elements as written (closed
/// unless marked `open`). Pure and cheap (well under a millisecond for a long lesson), so the
/// reader simply re-renders on resize.
pub fn render(doc: &Document, opts: &RenderOptions) -> Rendered {
    render::render_document(doc, opts)
}

/// [`render`] with a choice of which `<details>` elements are open.
pub fn render_disclosed(doc: &Document, opts: &RenderOptions, disclosure: &Disclosure) -> Rendered {
    render::render_disclosed(doc, opts, disclosure)
}
