//! pulldown-cmark events to the typed model.
//!
//! The builder is a loop over events with explicit stacks (containers, inline spans), never
//! recursion, and it caps nesting at [`MAX_NESTING`] / [`MAX_INLINE_NESTING`]: containers opened
//! deeper are "transparent", so their content lands in the deepest kept container. Since the
//! transparent containers are always the innermost ones, a counter is enough to match their ends.
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::html::{self, Token};
use super::model::{
    Alignment, Block, Cell, CheckpointBlock, CodeBlock, Details, Document, Inline, List, ListItem,
    MAX_INLINE_NESTING, MAX_NESTING, ParseIssue, SIM_BLOCK_KEYS, Severity, SimBlock, SimExpect,
    SimParam, Table, plain_text,
};
use super::sanitize;

/// Parses a lesson body. `first_line` is the 1-based file line the body starts on (after front
/// matter), so every line number in the model and in issues points into the real file.
pub fn parse(src: &str, first_line: usize) -> (Document, Vec<ParseIssue>) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::new(src, first_line);
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        builder.event(event, range.start);
    }
    builder.finish()
}

/// Byte offset to 1-based line number, by binary search over newline offsets.
struct LineIndex {
    newlines: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(src: &str, first_line: usize) -> LineIndex {
        let newlines = src
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex {
            newlines,
            first_line,
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line
            .saturating_add(self.newlines.partition_point(|&p| p < offset))
    }
}

enum Container {
    Root,
    Quote {
        line: usize,
    },
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<ListItem>,
        line: usize,
    },
    Item {
        line: usize,
    },
}

struct Frame {
    kind: Container,
    blocks: Vec<Block>,
    /// `<details>` tags seen in this frame and not closed yet, innermost last. A `<details>` and
    /// its `</details>` are separate HTML blocks with Markdown between them, so the element is
    /// built when the closing tag arrives, from the blocks pushed since the opening one.
    details: Vec<OpenDetails>,
}

impl Frame {
    fn new(kind: Container) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            details: Vec::new(),
        }
    }
}

struct OpenDetails {
    /// `blocks.len()` of the frame when the tag was seen: the body starts here.
    at: usize,
    summary: Option<Vec<Inline>>,
    open: bool,
    line: usize,
}

enum Span {
    Root,
    Emphasis,
    Strong,
    Strike,
    Link(String),
    /// Images (alt text) and markup we show as plain text: children are spliced into the parent.
    Splice,
}

/// Builds nested inline content with a stack; nesting beyond the cap is flattened.
struct Inlines {
    stack: Vec<(Span, Vec<Inline>)>,
    skipped: usize,
}

impl Inlines {
    fn new() -> Inlines {
        Inlines {
            stack: vec![(Span::Root, Vec::new())],
            skipped: 0,
        }
    }

    fn open(&mut self, span: Span) {
        if self.skipped > 0 || self.stack.len() > MAX_INLINE_NESTING {
            self.skipped += 1;
        } else {
            self.stack.push((span, Vec::new()));
        }
    }

    fn close(&mut self) {
        if self.skipped > 0 {
            self.skipped -= 1;
            return;
        }
        if self.stack.len() <= 1 {
            return;
        }
        let Some((span, children)) = self.stack.pop() else {
            return;
        };
        let node = match span {
            Span::Emphasis => Inline::Emphasis(children),
            Span::Strong => Inline::Strong(children),
            Span::Strike => Inline::Strikethrough(children),
            Span::Link(url) => Inline::Link {
                content: children,
                url,
            },
            Span::Root | Span::Splice => {
                for child in children {
                    self.push(child);
                }
                return;
            }
        };
        self.push(node);
    }

    fn push(&mut self, inline: Inline) {
        let Some((_, children)) = self.stack.last_mut() else {
            return;
        };
        if let (Inline::Text(new), Some(Inline::Text(last))) = (&inline, children.last_mut()) {
            last.push_str(new);
            return;
        }
        children.push(inline);
    }

    /// Appends text, extending the previous text node when there is one (pulldown-cmark splits
    /// text at escapes and entities).
    fn push_text(&mut self, text: &str) {
        let Some((_, children)) = self.stack.last_mut() else {
            return;
        };
        match children.last_mut() {
            Some(Inline::Text(last)) => last.push_str(text),
            _ => children.push(Inline::Text(text.to_string())),
        }
    }

    fn finish(mut self) -> Vec<Inline> {
        self.skipped = 0;
        while self.stack.len() > 1 {
            self.close();
        }
        self.stack.pop().map(|(_, c)| c).unwrap_or_default()
    }
}

struct TableBuilder {
    alignments: Vec<Alignment>,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Option<Inlines>,
    line: usize,
}

enum Leaf {
    Paragraph {
        inlines: Inlines,
        line: usize,
    },
    Heading {
        level: u8,
        inlines: Inlines,
        line: usize,
    },
    Code {
        info: Option<String>,
        text: String,
        line: usize,
    },
    Table(TableBuilder),
    /// An HTML block, collected whole and read at its end (see [`Builder::finish_html`]).
    Html {
        text: String,
        line: usize,
    },
    /// Metadata blocks: everything up to the end tag is dropped.
    Skip,
}

struct Builder {
    lines: LineIndex,
    stack: Vec<Frame>,
    /// Containers opened beyond the nesting cap and not yet closed (always the innermost ones).
    transparent: usize,
    /// Open list and quote frames (not counting transparent ones).
    depth: usize,
    leaf: Option<Leaf>,
    issues: Vec<ParseIssue>,
    /// Line of the last inline-HTML warning, so `<kbd>x</kbd>` warns once, not per tag.
    inline_html_warned: Option<usize>,
}

impl Builder {
    fn new(src: &str, first_line: usize) -> Builder {
        Builder {
            lines: LineIndex::new(src, first_line),
            stack: vec![Frame::new(Container::Root)],
            transparent: 0,
            depth: 0,
            leaf: None,
            issues: Vec::new(),
            inline_html_warned: None,
        }
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text, offset),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                self.inline(Inline::Code(sanitize::clean(&code).into_owned()), offset)
            }
            Event::Html(html) => {
                if let Some(Leaf::Html { text, .. }) = &mut self.leaf {
                    text.push_str(&html);
                }
            }
            Event::InlineHtml(html) => {
                if is_br(&html) {
                    self.inline(Inline::HardBreak, offset);
                } else {
                    self.inline_html(&html, offset);
                }
            }
            Event::SoftBreak => self.inline(Inline::SoftBreak, offset),
            Event::HardBreak => self.inline(Inline::HardBreak, offset),
            Event::Rule => {
                self.close_leaf();
                let line = self.lines.line(offset);
                self.push_block(Block::Rule { line });
            }
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]"), offset),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, offset),
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        let line = self.lines.line(offset);
        match tag {
            Tag::Emphasis => self.open_inline(Span::Emphasis, offset),
            Tag::Strong => self.open_inline(Span::Strong, offset),
            Tag::Strikethrough => self.open_inline(Span::Strike, offset),
            Tag::Link { dest_url, .. } => {
                self.open_inline(Span::Link(sanitize::clean(&dest_url).into_owned()), offset)
            }
            Tag::Image { .. } | Tag::Superscript | Tag::Subscript => {
                self.open_inline(Span::Splice, offset)
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(Leaf::Table(t)) = &mut self.leaf {
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                if let Some(Leaf::Table(t)) = &mut self.leaf {
                    t.cell = Some(Inlines::new());
                }
            }
            Tag::Paragraph => {
                self.close_leaf();
                self.mark_loose();
                self.leaf = Some(Leaf::Paragraph {
                    inlines: Inlines::new(),
                    line,
                });
            }
            Tag::Heading { level, .. } => {
                self.close_leaf();
                let level = level as u8;
                self.leaf = Some(Leaf::Heading {
                    level,
                    inlines: Inlines::new(),
                    line,
                });
            }
            Tag::CodeBlock(kind) => {
                self.close_leaf();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                self.leaf = Some(Leaf::Code {
                    info,
                    text: String::new(),
                    line,
                });
            }
            Tag::HtmlBlock => {
                self.close_leaf();
                self.leaf = Some(Leaf::Html {
                    text: String::new(),
                    line,
                });
            }
            Tag::MetadataBlock(_) => {
                self.close_leaf();
                self.leaf = Some(Leaf::Skip);
            }
            Tag::Table(alignments) => {
                self.close_leaf();
                let alignments = alignments.iter().map(|a| convert_alignment(*a)).collect();
                self.leaf = Some(Leaf::Table(TableBuilder {
                    alignments,
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    cell: None,
                    line,
                }));
            }
            Tag::BlockQuote(_) => {
                self.close_leaf();
                self.open_container(Container::Quote { line });
            }
            Tag::List(start) => {
                self.close_leaf();
                self.open_container(Container::List {
                    start,
                    tight: true,
                    items: Vec::new(),
                    line,
                });
            }
            Tag::Item => {
                self.close_leaf();
                self.open_container(Container::Item { line });
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.close_leaf(),
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript => self.close_inline(),
            TagEnd::TableCell => {
                if let Some(Leaf::Table(t)) = &mut self.leaf
                    && let Some(cell) = t.cell.take()
                {
                    t.row.push(cell.finish());
                }
            }
            TagEnd::TableHead => {
                if let Some(Leaf::Table(t)) = &mut self.leaf {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(Leaf::Table(t)) = &mut self.leaf {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.close_leaf(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.close_leaf();
                self.close_container();
            }
        }
    }

    fn text(&mut self, text: &str, offset: usize) {
        match &mut self.leaf {
            Some(Leaf::Code { text: code, .. }) => {
                let keep = |c: char| c == '\t' || c == '\n' || !sanitize::is_forbidden(c);
                if text.chars().all(keep) {
                    code.push_str(text);
                } else {
                    code.extend(text.chars().filter(|&c| keep(c)));
                }
            }
            Some(Leaf::Skip) => {}
            Some(Leaf::Html { text: html, .. }) => html.push_str(text),
            _ => {
                if let Some(inlines) = self.inlines(offset) {
                    inlines.push_text(&sanitize::clean(text));
                }
            }
        }
    }

    /// The inline builder receiving content now, opening an implicit paragraph for the bare text
    /// of tight list items.
    fn inlines(&mut self, offset: usize) -> Option<&mut Inlines> {
        if self.leaf.is_none() {
            let line = self.lines.line(offset);
            self.leaf = Some(Leaf::Paragraph {
                inlines: Inlines::new(),
                line,
            });
        }
        match &mut self.leaf {
            Some(Leaf::Paragraph { inlines, .. } | Leaf::Heading { inlines, .. }) => Some(inlines),
            Some(Leaf::Table(t)) => t.cell.as_mut(),
            _ => None,
        }
    }

    fn inline(&mut self, inline: Inline, offset: usize) {
        if let Some(inlines) = self.inlines(offset) {
            inlines.push(inline);
        }
    }

    fn open_inline(&mut self, span: Span, offset: usize) {
        if let Some(inlines) = self.inlines(offset) {
            inlines.open(span);
        }
    }

    fn close_inline(&mut self) {
        match &mut self.leaf {
            Some(Leaf::Paragraph { inlines, .. } | Leaf::Heading { inlines, .. }) => {
                inlines.close()
            }
            Some(Leaf::Table(TableBuilder {
                cell: Some(inlines),
                ..
            })) => inlines.close(),
            _ => {}
        }
    }

    /// A `Paragraph` tag directly in a list item means the list is loose.
    fn mark_loose(&mut self) {
        if self.transparent > 0 {
            return;
        }
        let n = self.stack.len();
        if n >= 2
            && matches!(self.stack[n - 1].kind, Container::Item { .. })
            && let Container::List { tight, .. } = &mut self.stack[n - 2].kind
        {
            *tight = false;
        }
    }

    fn open_container(&mut self, kind: Container) {
        let nests = matches!(kind, Container::Quote { .. } | Container::List { .. });
        if self.transparent > 0 || (nests && self.depth >= MAX_NESTING) {
            self.transparent += 1;
            return;
        }
        if nests {
            self.depth += 1;
        }
        self.stack.push(Frame::new(kind));
    }

    fn close_container(&mut self) {
        if self.transparent > 0 {
            self.transparent -= 1;
            return;
        }
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        self.close_unclosed_details(&mut frame);
        match frame.kind {
            Container::Root => {}
            Container::Quote { line } => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block::Quote {
                    blocks: frame.blocks,
                    line,
                });
            }
            Container::List {
                start,
                tight,
                items,
                line,
            } => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block::List(List {
                    start,
                    tight,
                    items,
                    line,
                }));
            }
            Container::Item { line } => match self.stack.last_mut() {
                Some(Frame {
                    kind: Container::List { items, .. },
                    ..
                }) => {
                    items.push(ListItem {
                        blocks: frame.blocks,
                        line,
                    });
                }
                Some(parent) => parent.blocks.extend(frame.blocks),
                None => {}
            },
        }
    }

    fn push_block(&mut self, block: Block) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        match &mut frame.kind {
            Container::List { items, line, .. } => {
                items.push(ListItem {
                    blocks: vec![block],
                    line: *line,
                });
            }
            _ => frame.blocks.push(block),
        }
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else { return };
        match leaf {
            Leaf::Paragraph { inlines, line } => {
                let content = inlines.finish();
                let text = plain_text(&content);
                if !text.trim().is_empty() {
                    self.push_block(Block::Paragraph {
                        text,
                        content,
                        line,
                    });
                }
            }
            Leaf::Heading {
                level,
                inlines,
                line,
            } => {
                let content = inlines.finish();
                let text = plain_text(&content).trim().to_string();
                self.push_block(Block::Heading {
                    level,
                    text,
                    content,
                    line,
                });
            }
            Leaf::Code { info, text, line } => self.finish_code(info, text, line),
            Leaf::Table(t) => self.finish_table(t),
            Leaf::Html { text, line } => self.finish_html(&text, line),
            Leaf::Skip => {}
        }
    }

    fn issue(&mut self, line: usize, message: impl Into<String>) {
        self.issues.push(ParseIssue {
            line,
            message: message.into(),
            severity: Severity::Error,
        });
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.issues.push(ParseIssue {
            line,
            message: message.into(),
            severity: Severity::Warning,
        });
    }

    /// Reads an HTML block: `<details>`, `<summary>` and `</details>` build a [`Details`] element
    /// (across blocks, see [`Frame::details`]); text between tags becomes paragraphs (`<p>` and
    /// `<br>` split them); comments are never shown. Any other tag cannot be shown in a terminal:
    /// it is left out (with the text of `<script>`, `<style>` and `<template>`) and reported as a
    /// warning with its line, once per block.
    fn finish_html(&mut self, html: &str, line: usize) {
        let line_at = |offset: usize| line + html[..offset].matches('\n').count();
        let mut unsupported: Option<(String, usize)> = None;
        let mut text = String::new();
        let mut text_line = line;
        let mut summary: Option<(String, usize)> = None;
        let mut skip_until: Option<String> = None;
        for (offset, token) in html::tokens(html) {
            if let Some(end) = &skip_until {
                if token == Token::Close(end.clone()) {
                    skip_until = None;
                }
                continue;
            }
            match token {
                Token::Comment => {}
                Token::Text(t) => match &mut summary {
                    Some((s, _)) => s.push_str(&t),
                    None => {
                        if text.trim().is_empty() {
                            text_line = line_at(offset) + leading_newlines(&t);
                        }
                        text.push_str(&t);
                    }
                },
                Token::Open { name, open_attr } => match name.as_str() {
                    "details" => {
                        self.html_text(&mut text, text_line);
                        self.open_details(open_attr, line_at(offset));
                    }
                    "summary" => {
                        self.html_text(&mut text, text_line);
                        summary = Some((String::new(), line_at(offset)));
                    }
                    "br" | "p" => self.html_text(&mut text, text_line),
                    _ => {
                        if matches!(name.as_str(), "script" | "style" | "template") {
                            skip_until = Some(name.clone());
                        }
                        unsupported.get_or_insert((name, line_at(offset)));
                    }
                },
                Token::Close(name) => match name.as_str() {
                    "details" => {
                        self.html_text(&mut text, text_line);
                        self.close_details(line_at(offset));
                    }
                    "summary" => {
                        if let Some((s, at)) = summary.take() {
                            self.set_summary(&s, at);
                        }
                    }
                    "p" => self.html_text(&mut text, text_line),
                    _ => {
                        unsupported.get_or_insert((format!("/{name}"), line_at(offset)));
                    }
                },
                Token::Declaration => {
                    unsupported.get_or_insert(("!".to_string(), line_at(offset)));
                }
            }
        }
        if let Some((s, at)) = summary.take() {
            self.set_summary(&s, at);
        }
        self.html_text(&mut text, text_line);
        if let Some((tag, at)) = unsupported {
            self.warn(
                at,
                format!(
                    "raw HTML `<{tag}>` cannot be shown in a terminal: its tags are left out and \
                     only the text between them is shown (the tutor understands <details>, \
                     <summary>, <p>, <br> and comments); write it in Markdown"
                ),
            );
        }
    }

    /// An inline tag other than `<br>`: comments vanish by design; any other tag is left out
    /// (the text around it stays) and reported once per line, like an HTML block.
    fn inline_html(&mut self, html: &str, offset: usize) {
        let tag = html::tokens(html).into_iter().find_map(|(_, t)| match t {
            Token::Open { name, .. } => Some(name),
            Token::Close(name) => Some(format!("/{name}")),
            Token::Declaration => Some("!".to_string()),
            Token::Comment | Token::Text(_) => None,
        });
        let line = self.lines.line(offset);
        if let Some(tag) = tag
            && self.inline_html_warned != Some(line)
        {
            self.inline_html_warned = Some(line);
            self.warn(
                line,
                format!(
                    "inline HTML `<{tag}>` cannot be shown in a terminal: the tag is left out and \
                     the text around it stays; write it in Markdown"
                ),
            );
        }
    }

    /// Text gathered from an HTML block, as a paragraph (whitespace collapsed, sanitised).
    fn html_text(&mut self, text: &mut String, line: usize) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if !words.is_empty() {
            let plain = sanitize::clean(&words.join(" ")).into_owned();
            self.push_block(Block::Paragraph {
                text: plain.clone(),
                content: vec![Inline::Text(plain)],
                line,
            });
        }
        text.clear();
    }

    /// The frame `<details>` markers live in, unless it is a bare list (content always arrives
    /// inside its items, so a marker there could never be matched).
    fn details_frame(&mut self) -> Option<&mut Frame> {
        self.stack
            .last_mut()
            .filter(|f| !matches!(f.kind, Container::List { .. }))
    }

    fn open_details(&mut self, open: bool, line: usize) {
        match self.details_frame() {
            Some(frame) => {
                let at = frame.blocks.len();
                frame.details.push(OpenDetails {
                    at,
                    summary: None,
                    open,
                    line,
                });
            }
            None => self.warn(
                line,
                "`<details>` here cannot be shown: put it in a list item",
            ),
        }
    }

    fn set_summary(&mut self, text: &str, line: usize) {
        let mut summary =
            sanitize::clean(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
        if summary.is_empty() {
            // What browsers show for an empty summary; the line is never blank.
            summary = "Details".to_string();
        }
        let target = self
            .details_frame()
            .and_then(|f| f.details.last_mut())
            .filter(|d| d.summary.is_none());
        match target {
            Some(d) => d.summary = Some(vec![Inline::Text(summary)]),
            None => self.warn(
                line,
                "`<summary>` outside a `<details>` (or a second one) is left out",
            ),
        }
    }

    fn close_details(&mut self, line: usize) {
        let Some(frame) = self.details_frame() else {
            return;
        };
        let Some(open) = frame.details.pop() else {
            self.warn(
                line,
                "`</details>` without a `<details>` before it in the same list item or quote",
            );
            return;
        };
        fold_details(frame, open);
    }

    /// A frame is closing: any `<details>` still open in it ends here, with a warning.
    fn close_unclosed_details(&mut self, frame: &mut Frame) {
        while let Some(open) = frame.details.pop() {
            self.warn(
                open.line,
                "`<details>` is not closed: add `</details>` (in the same list item or quote)",
            );
            fold_details(frame, open);
        }
    }

    /// Sim and quiz fences become live blocks; a malformed one stays a visible code block (so the
    /// author sees it) and is reported.
    fn finish_code(&mut self, info: Option<String>, text: String, line: usize) {
        let info = info.unwrap_or_default();
        let mut words = info.split_whitespace();
        let first = words.next();
        match first {
            Some("sim") => match words.next() {
                Some(model) => {
                    let (params, settings, expects) = self.sim_params(&text, line);
                    let model = sanitize::clean(model).into_owned();
                    self.push_block(Block::Sim(SimBlock {
                        model,
                        params,
                        settings,
                        expects,
                        line,
                    }));
                    return;
                }
                None => self.issue(line, "sim block has no model name: write ```sim MODEL"),
            },
            Some("quiz") => match words.next() {
                Some(target) => {
                    let target = sanitize::clean(target).into_owned();
                    self.push_block(Block::Checkpoint(CheckpointBlock { target, line }));
                    return;
                }
                None => self.issue(
                    line,
                    "quiz block has no target: write ```quiz QUIZ/QUESTION",
                ),
            },
            _ => {}
        }
        let lang = first.map(|l| sanitize::clean(l).into_owned());
        self.push_block(Block::Code(CodeBlock { lang, text, line }));
    }

    /// Splits a sim block's body into model parameters, block settings and `expect` lines.
    fn sim_params(
        &mut self,
        body: &str,
        fence_line: usize,
    ) -> (Vec<SimParam>, Vec<SimParam>, Vec<SimExpect>) {
        let mut params: Vec<SimParam> = Vec::new();
        let mut settings: Vec<SimParam> = Vec::new();
        let mut expects: Vec<SimExpect> = Vec::new();
        for (i, raw) in body.lines().enumerate() {
            let line = fence_line.saturating_add(1 + i);
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            // `expect` lines contain `=` in `>=`, so they are recognised before `key = value`.
            if let Some(rest) = trimmed.strip_prefix("expect")
                && (rest.is_empty() || rest.starts_with(char::is_whitespace))
            {
                expects.push(SimExpect {
                    text: sanitize::clean(rest.trim()).into_owned(),
                    line,
                });
                continue;
            }
            let shown = sanitize::clean(trimmed);
            let Some((key, value)) = trimmed.split_once('=') else {
                self.issue(
                    line,
                    format!("sim parameter `{shown}` is not `key = value`"),
                );
                continue;
            };
            let key = sanitize::clean(key.trim()).into_owned();
            if key.is_empty() {
                self.issue(line, format!("sim parameter `{shown}` has an empty key"));
                continue;
            }
            let value = sanitize::clean(value.trim()).into_owned();
            let list = if SIM_BLOCK_KEYS.contains(&key.as_str()) {
                &mut settings
            } else {
                &mut params
            };
            if list.iter().any(|p| p.key == key) {
                self.issue(line, format!("sim parameter `{key}` is set twice"));
            }
            list.push(SimParam { key, value, line });
        }
        (params, settings, expects)
    }

    fn finish_table(&mut self, t: TableBuilder) {
        let TableBuilder {
            mut alignments,
            mut header,
            mut rows,
            line,
            ..
        } = t;
        let columns = rows.iter().map(Vec::len).fold(header.len(), usize::max);
        header.resize_with(columns, Vec::new);
        for row in &mut rows {
            row.resize_with(columns, Vec::new);
        }
        alignments.resize(columns, Alignment::None);
        self.push_block(Block::Table(Table {
            alignments,
            header,
            rows,
            line,
        }));
    }

    fn finish(mut self) -> (Document, Vec<ParseIssue>) {
        self.close_leaf();
        self.transparent = 0;
        while self.stack.len() > 1 {
            self.close_container();
        }
        let blocks = match self.stack.pop() {
            Some(mut root) => {
                self.close_unclosed_details(&mut root);
                root.blocks
            }
            None => Vec::new(),
        };
        (Document { blocks }, self.issues)
    }
}

/// Turns the blocks pushed since `open` into one [`Details`] block of `frame`.
fn fold_details(frame: &mut Frame, open: OpenDetails) {
    let at = open.at.min(frame.blocks.len());
    let blocks = frame.blocks.split_off(at);
    frame.blocks.push(Block::Details(Details {
        summary: open
            .summary
            .unwrap_or_else(|| vec![Inline::Text("Details".into())]),
        blocks,
        open: open.open,
        line: open.line,
    }));
}

/// Newlines before the first non-blank character of `s`: text in an HTML block often starts on
/// the line after its tag.
fn leading_newlines(s: &str) -> usize {
    let blank = s.len() - s.trim_start().len();
    s[..blank].matches('\n').count()
}

fn convert_alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}

/// `<br>`, `<br/>`, `<br />` (any case): the one inline HTML tag worth honouring, common in tables.
fn is_br(html: &str) -> bool {
    let t = html.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.trim_end_matches('/').trim();
    inner.eq_ignore_ascii_case("br")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<Block> {
        let (doc, issues) = parse(src, 1);
        assert!(issues.is_empty(), "{issues:?}");
        doc.blocks
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn headings_with_levels_lines_and_inline_content() {
        let b = blocks("# One\n\nSetext\n------\n\n### Three *em*\n");
        assert_eq!(
            b[0],
            Block::Heading {
                level: 1,
                text: "One".into(),
                content: vec![text("One")],
                line: 1
            }
        );
        assert!(
            matches!(&b[1], Block::Heading { level: 2, text, line: 3, .. } if text == "Setext")
        );
        match &b[2] {
            Block::Heading {
                level: 3,
                text,
                content,
                line: 6,
            } => {
                assert_eq!(text, "Three em");
                assert_eq!(content[1], Inline::Emphasis(vec![self::text("em")]));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn first_line_offsets_every_line_number() {
        let (doc, _) = parse("para\n\n## H\n", 10);
        assert!(matches!(doc.blocks[0], Block::Paragraph { line: 10, .. }));
        assert!(matches!(doc.blocks[1], Block::Heading { line: 12, .. }));
    }

    #[test]
    fn inline_spans() {
        let b = blocks("a *e* **s** ~~x~~ `c` [t](http://u) \\\nb\nc");
        let Block::Paragraph {
            content,
            text: plain,
            ..
        } = &b[0]
        else {
            panic!()
        };
        assert_eq!(
            content,
            &vec![
                text("a "),
                Inline::Emphasis(vec![text("e")]),
                text(" "),
                Inline::Strong(vec![text("s")]),
                text(" "),
                Inline::Strikethrough(vec![text("x")]),
                text(" "),
                Inline::Code("c".into()),
                text(" "),
                Inline::Link {
                    content: vec![text("t")],
                    url: "http://u".into()
                },
                text(" "),
                Inline::HardBreak,
                text("b"),
                Inline::SoftBreak,
                text("c"),
            ]
        );
        assert_eq!(plain, "a e s x c t  b c");
    }

    #[test]
    fn code_blocks_fenced_and_indented() {
        let b = blocks("```rust extra\nfn main() {}\n\tx\n```\n\n    indented\n");
        assert_eq!(
            b[0],
            Block::Code(CodeBlock {
                lang: Some("rust".into()),
                text: "fn main() {}\n\tx\n".into(),
                line: 1
            })
        );
        assert_eq!(
            b[1],
            Block::Code(CodeBlock {
                lang: None,
                text: "indented\n".into(),
                line: 6
            })
        );
    }

    #[test]
    fn nested_lists_with_start_numbers() {
        let b = blocks("- a\n  - b\n    1. c\n- d\n\n7. x\n8. y\n");
        let Block::List(outer) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(outer.start, None);
        assert!(outer.tight);
        assert_eq!(outer.items.len(), 2);
        let Block::List(mid) = &outer.items[0].blocks[1] else {
            panic!()
        };
        let Block::List(inner) = &mid.items[0].blocks[1] else {
            panic!()
        };
        assert_eq!(inner.start, Some(1));
        assert!(
            matches!(&inner.items[0].blocks[0], Block::Paragraph { text, line: 3, .. } if text == "c")
        );
        let Block::List(numbered) = &b[1] else {
            panic!()
        };
        assert_eq!(numbered.start, Some(7));
        assert_eq!(numbered.items.len(), 2);
    }

    #[test]
    fn loose_lists_are_marked() {
        let b = blocks("- a\n\n- b\n");
        let Block::List(l) = &b[0] else { panic!() };
        assert!(!l.tight);
    }

    #[test]
    fn quotes_rules_and_tables() {
        let b = blocks("> q\n> > deeper\n\n---\n\n| A | B | C |\n|:--|:-:|--:|\n| 1 | **2** |\n");
        let Block::Quote {
            blocks: inner,
            line: 1,
        } = &b[0]
        else {
            panic!()
        };
        assert!(matches!(inner[1], Block::Quote { .. }));
        assert_eq!(b[1], Block::Rule { line: 4 });
        let Block::Table(t) = &b[2] else { panic!() };
        assert_eq!(
            t.alignments,
            vec![Alignment::Left, Alignment::Center, Alignment::Right]
        );
        assert_eq!(t.header.len(), 3);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][1], vec![Inline::Strong(vec![text("2")])]);
        assert_eq!(t.rows[0][2], Vec::<Inline>::new());
        assert_eq!(t.line, 6);
    }

    #[test]
    fn html_comments_vanish_other_html_keeps_its_text_and_images_show_alt_text() {
        let (doc, issues) = parse(
            "<!-- source: x -->\n\nA <!-- hidden --> b<br>c ![alt text](i.png)\n\n<div>\nx &amp; y\n</div>\n",
            1,
        );
        let b = doc.blocks;
        assert_eq!(b.len(), 2);
        let Block::Paragraph { text, content, .. } = &b[0] else {
            panic!()
        };
        assert_eq!(text, "A  b c alt text");
        assert!(content.contains(&Inline::HardBreak));
        let Block::Paragraph { text, line, .. } = &b[1] else {
            panic!("{:?}", b[1])
        };
        assert_eq!((text.as_str(), *line), ("x & y", 6));
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].line, 5);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert!(issues[0].message.contains("`<div>`"), "{issues:?}");
    }

    #[test]
    fn sim_blocks_with_params_and_lines() {
        let src = "intro\n\n```sim cold-start\n# comment\nrate = 20\n\n memory=512 \n```\n";
        let (doc, issues) = parse(src, 5);
        assert!(issues.is_empty());
        let sims: Vec<_> = doc.sims().collect();
        assert_eq!(sims.len(), 1);
        assert_eq!(sims[0].model, "cold-start");
        assert_eq!(sims[0].line, 7);
        assert_eq!(
            sims[0].params,
            vec![
                SimParam {
                    key: "rate".into(),
                    value: "20".into(),
                    line: 9
                },
                SimParam {
                    key: "memory".into(),
                    value: "512".into(),
                    line: 11
                },
            ]
        );
    }

    #[test]
    fn sim_issues() {
        let src = "```sim scaling\nrate 20\n = 3\nok = 1\nok = 2\n```\n\n```sim\nx = 1\n```\n";
        let (doc, issues) = parse(src, 1);
        let lines: Vec<_> = issues.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![2, 3, 5, 8], "{issues:?}");
        assert!(issues[0].message.contains("key = value"));
        assert!(issues[1].message.contains("empty key"));
        assert!(issues[3].message.contains("model"));
        assert_eq!(doc.sims().count(), 1);
        // the malformed fence stays visible as code
        assert!(matches!(&doc.blocks[1], Block::Code(c) if c.lang.as_deref() == Some("sim")));
    }

    #[test]
    fn checkpoints_and_issues() {
        let (doc, issues) = parse("```quiz lambda/cold-start\n```\n\n```quiz\n```\n", 1);
        let c: Vec<_> = doc.checkpoints().collect();
        assert_eq!(
            c,
            vec![&CheckpointBlock {
                target: "lambda/cold-start".into(),
                line: 1
            }]
        );
        assert_eq!(
            issues,
            vec![ParseIssue {
                line: 4,
                message: issues[0].message.clone(),
                severity: Severity::Error,
            }]
        );
        assert!(issues[0].message.contains("target"));
    }

    #[test]
    fn nested_live_blocks_and_headings_are_found() {
        let src =
            "# T\n\n- item\n\n  ```sim cost\n  a = 1\n  ```\n\n> ## Q\n>\n> ```quiz q/one\n> ```\n";
        let (doc, issues) = parse(src, 1);
        assert!(issues.is_empty());
        let sim = doc.sims().next().expect("nested sim");
        assert_eq!(
            (sim.model.as_str(), sim.line, sim.params[0].line),
            ("cost", 5, 6)
        );
        assert_eq!(doc.checkpoints().next().map(|c| c.line), Some(11));
        assert_eq!(doc.live_blocks().count(), 2);
        let h: Vec<_> = doc.headings().map(|h| (h.level, h.title, h.line)).collect();
        assert_eq!(h, vec![(1, "T", 1), (2, "Q", 9)]);
    }

    #[test]
    fn control_characters_are_stripped_in_the_model() {
        let b = blocks("a\u{1b}[2Jb \u{202e}c\n\n```\nx\u{1b}y\tz\n```\n");
        assert!(matches!(&b[0], Block::Paragraph { text, .. } if text == "a[2Jb c"));
        assert!(matches!(&b[1], Block::Code(c) if c.text == "xy\tz\n"));
    }

    #[test]
    fn deep_nesting_is_capped_without_recursion() {
        let quotes = ">".repeat(10_000) + " deep";
        let (doc, _) = parse(&quotes, 1);
        let mut depth = 0;
        let mut blocks = &doc.blocks;
        while let Some(Block::Quote { blocks: inner, .. }) = blocks.first() {
            depth += 1;
            blocks = inner;
        }
        assert_eq!(depth, MAX_NESTING);
        assert!(matches!(&blocks[0], Block::Paragraph { text, .. } if text == "deep"));

        let list = "- ".repeat(10_000) + "x";
        let (doc, _) = parse(&list, 1);
        assert_eq!(
            doc.walk().filter(|b| matches!(b, Block::List(_))).count(),
            MAX_NESTING
        );

        let emph = "*".repeat(5_000) + "x" + &"*".repeat(5_000);
        let (doc, _) = parse(&emph, 1);
        assert_eq!(doc.blocks.len(), 1);
    }

    fn details(b: &Block) -> &Details {
        match b {
            Block::Details(d) => d,
            other => panic!("not details: {other:?}"),
        }
    }

    #[test]
    fn details_on_one_line_keep_summary_and_hidden_body() {
        let b =
            blocks("<details><summary>Show answer</summary> The hidden answer is 42. </details>\n");
        assert_eq!(b.len(), 1);
        let d = details(&b[0]);
        assert_eq!(d.summary, vec![text("Show answer")]);
        assert!(!d.open);
        assert_eq!(d.line, 1);
        assert!(
            matches!(&d.blocks[..], [Block::Paragraph { text, .. }] if text == "The hidden answer is 42.")
        );
    }

    #[test]
    fn details_around_markdown_hold_its_blocks_and_live_blocks() {
        let src = "Intro\n\n<details open>\n<summary>Why &amp; how</summary>\n\nBecause *so*.\n\n```quiz q/one\n```\n\n</details>\n\nAfter\n";
        let (doc, issues) = parse(src, 10);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(doc.blocks.len(), 3);
        let d = details(&doc.blocks[1]);
        assert!(d.open);
        assert_eq!(d.line, 12);
        assert_eq!(d.summary, vec![text("Why & how")]);
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(doc.checkpoints().count(), 1, "walks into the body");
        assert!(matches!(&doc.blocks[2], Block::Paragraph { text, .. } if text == "After"));
    }

    #[test]
    fn details_nest_and_live_in_list_items() {
        let src = "- <details><summary>A</summary>\n\n  <details><summary>B</summary>inner</details>\n\n  </details>\n- next\n";
        let b = blocks(src);
        let Block::List(list) = &b[0] else {
            panic!("{b:?}")
        };
        let outer = details(&list.items[0].blocks[0]);
        assert_eq!(outer.summary, vec![text("A")]);
        let inner = details(&outer.blocks[0]);
        assert_eq!(inner.summary, vec![text("B")]);
        assert_eq!(list.items.len(), 2);
    }

    #[test]
    fn inline_html_other_than_br_and_comments_warns_once_per_line() {
        let (doc, issues) = parse(
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.\nA <!-- note --> b<br>c\n\n![x](y.png) <img src=\"d.png\">\n",
            1,
        );
        assert_eq!(doc.blocks.len(), 2);
        let lines: Vec<_> = issues.iter().map(|i| (i.line, i.severity)).collect();
        assert_eq!(lines, vec![(1, Severity::Warning), (4, Severity::Warning)]);
        assert!(issues[0].message.contains("`<kbd>`"), "{issues:?}");
        assert!(issues[1].message.contains("`<img>`"), "{issues:?}");
    }

    #[test]
    fn unmatched_details_tags_are_warnings_with_lines() {
        let (doc, issues) = parse("<details>\n\nbody\n", 1);
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(details(&doc.blocks[0]).summary, vec![text("Details")]);
        assert_eq!(issues.len(), 1);
        assert_eq!((issues[0].line, issues[0].severity), (1, Severity::Warning));
        assert!(issues[0].message.contains("not closed"));

        let (doc, issues) = parse("a\n\n</details>\n\n<summary>x</summary>\n", 1);
        assert_eq!(doc.blocks.len(), 1);
        let lines: Vec<_> = issues.iter().map(|i| (i.line, i.severity)).collect();
        assert_eq!(lines, vec![(3, Severity::Warning), (5, Severity::Warning)]);
    }

    #[test]
    fn html_text_is_sanitised_after_decoding_and_scripts_are_dropped() {
        let (doc, issues) = parse(
            "<p>red&#27;[31m &#x202e;x</p>\n<script>alert(1)</script>\n",
            1,
        );
        assert_eq!(
            doc.blocks,
            vec![Block::Paragraph {
                text: "red[31m x".into(),
                content: vec![text("red[31m x")],
                line: 1,
            }]
        );
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("`<script>`"), "{issues:?}");
    }
}
