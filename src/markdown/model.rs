//! The typed lesson model that `parse` builds and `render` draws.
//!
//! The reader, the validator and the renderer all work on these types instead of raw parser events,
//! so each of them sees the same structure. Nesting is capped while parsing (see
//! [`MAX_NESTING`] and [`MAX_INLINE_NESTING`]), so every recursive walk, derive and drop over this
//! model is shallow whatever the input.

/// Deepest list / block-quote nesting kept as structure. Containers opened deeper than this are
/// flattened into the deepest kept container, so hostile input (10,000 `>`s) cannot make the model,
/// and every recursive pass over it, arbitrarily deep. Lessons never come close.
pub const MAX_NESTING: usize = 16;

/// Deepest emphasis / strong / strikethrough / link nesting kept; deeper markup is flattened into
/// the innermost kept span (it would not look different anyway).
pub const MAX_INLINE_NESTING: usize = 32;

/// A parsed lesson body: typed blocks, so the reader and the validator never see raw parser events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The top-level blocks, in source order. Nested blocks live inside lists and quotes; use
    /// [`Document::walk`] and friends to visit every block.
    pub blocks: Vec<Block>,
}

/// One block of a lesson body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `#`..`######` or setext heading. `text` is the plain title (for the table of contents and
    /// validators); `content` keeps the inline markup for rendering.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Plain title, markup removed.
        text: String,
        /// The title with its inline markup.
        content: Vec<Inline>,
        /// 1-based source line.
        line: usize,
    },
    /// A paragraph. `text` is its plain text (for search and validators); `content` is what is drawn.
    Paragraph {
        /// Plain text, markup removed, line breaks as spaces.
        text: String,
        /// The text with its inline markup.
        content: Vec<Inline>,
        /// 1-based line of the first source line.
        line: usize,
    },
    /// A fenced or indented code block that is not a sim or quiz block.
    Code(CodeBlock),
    /// A bullet or numbered list; its items hold blocks, so lists nest.
    List(List),
    /// A `>` block quote holding blocks.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// 1-based line of the first `>`.
        line: usize,
    },
    /// A thematic break (`---`).
    Rule {
        /// 1-based source line.
        line: usize,
    },
    /// A GFM table.
    Table(Table),
    /// A ```` ```sim MODEL ```` block: a live simulation.
    Sim(SimBlock),
    /// A ```` ```quiz QUIZ/QUESTION ```` block: a checkpoint question.
    Checkpoint(CheckpointBlock),
    /// `<details><summary>…</summary> … </details>`: a summary line whose body the reader keeps
    /// hidden until it is opened (the one piece of raw HTML lessons commonly use for hidden
    /// answers, so it gets a real element instead of being dropped).
    Details(Details),
}

/// A disclosure element: a summary always shown, a body shown only when open.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// The `<summary>` text (tags removed, entities decoded, sanitised); "Details" when the
    /// element has no summary, as browsers show.
    pub summary: Vec<Inline>,
    /// The body: Markdown blocks between the summary and `</details>`, or the text written inline.
    pub blocks: Vec<Block>,
    /// `<details open>`: shown open until the reader closes it.
    pub open: bool,
    /// 1-based line of the `<details>` tag.
    pub line: usize,
}

/// Inline content of paragraphs, headings and table cells. Text is already sanitised.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text (image alt text lands here too, since a terminal cannot show the image).
    Text(String),
    /// `` `inline code` ``.
    Code(String),
    /// `*emphasis*`.
    Emphasis(Vec<Inline>),
    /// `**strong**`.
    Strong(Vec<Inline>),
    /// `~~strikethrough~~`.
    Strikethrough(Vec<Inline>),
    /// `[text](url)`: drawn as the text followed by the URL, since terminals cannot click.
    Link {
        /// The link text.
        content: Vec<Inline>,
        /// The destination, sanitised.
        url: String,
    },
    /// A line break in the source: drawn as a space and wrapped.
    SoftBreak,
    /// A forced line break (two trailing spaces, `\`, or `<br>`).
    HardBreak,
}

/// A code block with its language (first word of the info string, if any) and raw text.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// Language from the fence's info string; `None` for indented blocks and bare fences.
    pub lang: Option<String>,
    /// The code, lines separated by `\n`. Tabs are kept here and expanded when rendering.
    pub text: String,
    /// 1-based line of the opening fence (or first line of an indented block).
    pub line: usize,
}

/// A bullet or numbered list.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// `Some(n)` for a numbered list starting at `n`; `None` for bullets.
    pub start: Option<u64>,
    /// Tight lists (no blank lines between items in the source) render without blank lines.
    pub tight: bool,
    /// The items, each a sequence of blocks.
    pub items: Vec<ListItem>,
    /// 1-based line of the first item.
    pub line: usize,
}

/// One list item: any blocks, including nested lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// The item's content; a tight item's text is a `Paragraph` here too.
    pub blocks: Vec<Block>,
    /// 1-based line of the item's marker.
    pub line: usize,
}

/// Column alignment of a table, from the `:---:` delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Alignment {
    /// No colon: drawn left-aligned.
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A table cell: inline content.
pub type Cell = Vec<Inline>;

/// A GFM table. Rows are padded to the header's column count when parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One per column.
    pub alignments: Vec<Alignment>,
    /// The header cells, one per column.
    pub header: Vec<Cell>,
    /// Body rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// 1-based line of the header row.
    pub line: usize,
}

/// A ```` ```sim MODEL ```` block: a live simulation placed in a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct SimBlock {
    /// The model name: the info string's second word (checked against `sim::MODELS` elsewhere).
    pub model: String,
    /// The body's `key = value` lines that set model parameters, in order (duplicates kept,
    /// and reported).
    pub params: Vec<SimParam>,
    /// The block's own settings, `key = value` lines whose key is one of [`SIM_BLOCK_KEYS`]
    /// (`view`, `duration`, `seed`): not model parameters, so kept apart from `params`.
    pub settings: Vec<SimParam>,
    /// `expect ...` lines: the text after `expect`, checked elsewhere (`sim::expect`).
    pub expects: Vec<SimExpect>,
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// Keys of a sim block that configure the block rather than the model: `view` (the chart it
/// opens on), `duration` (simulated seconds of the run `check` makes) and `seed`.
pub const SIM_BLOCK_KEYS: &[&str] = &["view", "duration", "seed"];

impl SimBlock {
    /// The value of one of the block's own settings ([`SIM_BLOCK_KEYS`]), if set.
    pub fn setting(&self, key: &str) -> Option<&SimParam> {
        self.settings.iter().find(|p| p.key == key)
    }
}

/// One `expect PATH OP VALUE` line of a sim block, unparsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SimExpect {
    /// Trimmed text after the word `expect`.
    pub text: String,
    /// 1-based source line, for error messages.
    pub line: usize,
}

/// One `key = value` line of a sim block.
#[derive(Debug, Clone, PartialEq)]
pub struct SimParam {
    /// Trimmed text before the first `=`; never empty.
    pub key: String,
    /// Trimmed text after the first `=`; may be empty.
    pub value: String,
    /// 1-based source line, for error messages.
    pub line: usize,
}

/// A ```` ```quiz QUIZ/QUESTION ```` block: a checkpoint question inside a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointBlock {
    /// `QUIZ/QUESTION`: the info string's second word.
    pub target: String,
    /// 1-based line of the opening fence.
    pub line: usize,
}

/// A problem found while parsing a body (e.g. a sim line without `=`), for `cloudtutor check`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseIssue {
    /// 1-based file line the problem is on.
    pub line: usize,
    /// What is wrong, in words an author can act on.
    pub message: String,
    /// An error (the lesson is wrong) or a warning (it loads, but is not shown as written).
    pub severity: Severity,
}

/// How serious a problem in content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The content is wrong: `cloudtutor check` fails.
    #[default]
    Error,
    /// The content loads but will not look as its author wrote it (e.g. raw HTML the terminal
    /// cannot show): `check` reports it and still passes.
    Warning,
}

/// A sim or checkpoint block, in document order: the numbering `LiveRow::block` refers to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiveBlock<'a> {
    /// A ```` ```sim ```` block.
    Sim(&'a SimBlock),
    /// A ```` ```quiz ```` block.
    Checkpoint(&'a CheckpointBlock),
}

/// A heading anywhere in the document, for a table of contents and validators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingRef<'a> {
    /// 1 to 6.
    pub level: u8,
    /// Plain title.
    pub title: &'a str,
    /// 1-based source line.
    pub line: usize,
}

impl Document {
    /// Every block, nested ones included, in document (pre-)order. Sim and checkpoint blocks inside
    /// lists, quotes and `<details>` bodies (open or not) are found this way; it is also the order `render` numbers live blocks in.
    /// Uses an explicit stack, not recursion.
    pub fn walk(&self) -> Walk<'_> {
        walk_blocks(&self.blocks)
    }

    /// All sim blocks, nested ones included, in document order.
    pub fn sims(&self) -> impl Iterator<Item = &SimBlock> + '_ {
        self.walk().filter_map(|b| match b {
            Block::Sim(s) => Some(s),
            _ => None,
        })
    }

    /// All checkpoint blocks, nested ones included, in document order.
    pub fn checkpoints(&self) -> impl Iterator<Item = &CheckpointBlock> + '_ {
        self.walk().filter_map(|b| match b {
            Block::Checkpoint(c) => Some(c),
            _ => None,
        })
    }

    /// Sim and checkpoint blocks together, in document order: `LiveRow::block` indexes this.
    pub fn live_blocks(&self) -> impl Iterator<Item = LiveBlock<'_>> + '_ {
        self.walk().filter_map(|b| match b {
            Block::Sim(s) => Some(LiveBlock::Sim(s)),
            Block::Checkpoint(c) => Some(LiveBlock::Checkpoint(c)),
            _ => None,
        })
    }

    /// All headings, nested ones included, in document order (same order as `Rendered::headings`).
    pub fn headings(&self) -> impl Iterator<Item = HeadingRef<'_>> + '_ {
        self.walk().filter_map(|b| match b {
            Block::Heading {
                level, text, line, ..
            } => Some(HeadingRef {
                level: *level,
                title: text.as_str(),
                line: *line,
            }),
            _ => None,
        })
    }
}

enum Frame<'a> {
    Blocks(std::slice::Iter<'a, Block>),
    Items(std::slice::Iter<'a, ListItem>),
}

/// Every block of `blocks` and inside them, in pre-order, like [`Document::walk`].
pub fn walk_blocks(blocks: &[Block]) -> Walk<'_> {
    Walk {
        stack: vec![Frame::Blocks(blocks.iter())],
    }
}

/// Pre-order iterator over all blocks of a [`Document`]; see [`Document::walk`].
pub struct Walk<'a> {
    stack: Vec<Frame<'a>>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Block;

    fn next(&mut self) -> Option<&'a Block> {
        loop {
            let top = self.stack.last_mut()?;
            match top {
                Frame::Blocks(it) => match it.next() {
                    Some(block) => {
                        match block {
                            Block::List(list) => self.stack.push(Frame::Items(list.items.iter())),
                            Block::Quote { blocks, .. }
                            | Block::Details(Details { blocks, .. }) => {
                                self.stack.push(Frame::Blocks(blocks.iter()))
                            }
                            _ => {}
                        }
                        return Some(block);
                    }
                    None => {
                        self.stack.pop();
                    }
                },
                Frame::Items(it) => match it.next() {
                    Some(item) => self.stack.push(Frame::Blocks(item.blocks.iter())),
                    None => {
                        self.stack.pop();
                    }
                },
            }
        }
    }
}

/// Plain text of inline content: what a heading title or search index wants.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(content, &mut out);
    out
}

fn push_plain(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                push_plain(c, out)
            }
            Inline::Link { content, .. } => push_plain(content, out),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}
