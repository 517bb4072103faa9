//! The typed model to ratatui `Text` at a display width.
//!
//! Blocks are drawn top to bottom into one list of lines. Lists and quotes push a *prefix* (a
//! bullet then a hanging indent, or a `│ ` bar) that every line emitted inside them starts with, so
//! nested content only ever sees its own available width. A prefix is only pushed when at least
//! [`MIN_INNER`] columns remain inside it; deeper content is drawn flat, which (with the parser's
//! nesting cap) keeps every line within `max(width, MIN_WIDTH)`.
use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

use super::boxes::{code_box, panel, panel_body_width};
use super::inline::push_inlines;
use super::model::{Block, CheckpointBlock, Details, Document, List, SimBlock, walk_blocks};
use super::style::Styles;
use super::table::render_table;
use super::wrap::{Row, Wrapper};
use super::{
    DetailsRow, Disclosure, HeadingRow, LinkSpan, LiveArea, LiveRow, RenderOptions, Rendered,
    RowJoin,
};

/// Columns that must remain inside a list or quote prefix for it to be drawn: enough for the
/// widest cluster, so indentation can never push text past the width.
const MIN_INNER: usize = 4;

/// Bullets by list depth, cycling.
const BULLETS: [&str; 3] = ["• ", "◦ ", "▪ "];

/// The hint under a checkpoint question.
pub const CHECKPOINT_HINT: &str = "(press c to answer it here)";

struct Prefix {
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
    width: usize,
    /// The first line has not been emitted yet (it gets `first`, e.g. the bullet).
    fresh: bool,
}

struct Renderer<'o, 'a> {
    opts: &'o RenderOptions<'a>,
    styles: &'a Styles,
    width: usize,
    indent: usize,
    prefixes: Vec<Prefix>,
    list_depth: usize,
    lines: Vec<Line<'static>>,
    headings: Vec<HeadingRow>,
    live: Vec<LiveRow>,
    /// Index of the next live block in document order, hidden ones counted.
    next_live: usize,
    disclosure: &'o Disclosure,
    details: Vec<DetailsRow>,
    /// Index of the next `<details>` in document order, hidden ones counted.
    next_details: usize,
    links: Vec<LinkSpan>,
    joins: Vec<RowJoin>,
}

/// Renders a document, `<details>` as written; see [`super::render`].
pub fn render_document(doc: &Document, opts: &RenderOptions) -> Rendered {
    render_disclosed(doc, opts, &Disclosure::AsWritten)
}

/// Renders a document with the given `<details>` open; see [`super::render_disclosed`].
pub fn render_disclosed(doc: &Document, opts: &RenderOptions, disclosure: &Disclosure) -> Rendered {
    let mut r = Renderer {
        opts,
        styles: opts.styles,
        width: usize::from(opts.width).max(1),
        indent: 0,
        prefixes: Vec::new(),
        list_depth: 0,
        lines: Vec::new(),
        headings: Vec::new(),
        live: Vec::new(),
        next_live: 0,
        disclosure,
        details: Vec::new(),
        next_details: 0,
        links: Vec::new(),
        joins: Vec::new(),
    };
    r.blocks(&doc.blocks, false, opts.styles.text);
    Rendered {
        text: Text::from(r.lines),
        headings: r.headings,
        live: r.live,
        details: r.details,
        links: r.links,
        joins: r.joins,
    }
}

impl Renderer<'_, '_> {
    fn avail(&self) -> usize {
        self.width.saturating_sub(self.indent).max(1)
    }

    fn row(&self) -> usize {
        self.lines.len()
    }

    fn emit(&mut self, row: Row) {
        // Prefixes (bullets, quote bars, indents) take exactly `indent` columns before the row.
        let at = self.lines.len();
        self.links.extend(row.links.into_iter().map(|l| LinkSpan {
            row: at,
            cols: l.cols.start + self.indent..l.cols.end + self.indent,
            url: l.url,
        }));
        if let Some(join) = row.join {
            let skip = self
                .prefixes
                .iter()
                .flat_map(|p| if p.fresh { &p.first } else { &p.rest })
                .map(|s| s.content.chars().count())
                .sum();
            self.joins.push(RowJoin {
                row: at,
                skip,
                join,
            });
        }
        if self.prefixes.is_empty() {
            self.lines.push(Line::from(row.spans));
            return;
        }
        let mut spans = Vec::with_capacity(self.prefixes.len() * 2 + row.spans.len());
        for p in &mut self.prefixes {
            if p.fresh {
                p.fresh = false;
                spans.extend(p.first.iter().cloned());
            } else {
                spans.extend(p.rest.iter().cloned());
            }
        }
        spans.extend(row.spans);
        self.lines.push(Line::from(spans));
    }

    fn emit_all(&mut self, rows: Vec<Row>) {
        for row in rows {
            self.emit(row);
        }
    }

    /// A separator line: the prefixes' continuation with trailing blanks trimmed (a quote keeps its
    /// bar, a list indent disappears). Does not use up a pending bullet.
    fn blank(&mut self) {
        let mut spans: Vec<Span<'static>> = self
            .prefixes
            .iter()
            .flat_map(|p| p.rest.iter().cloned())
            .collect();
        while let Some(last) = spans.last_mut() {
            let trimmed = last.content.trim_end().len();
            if trimmed == 0 {
                spans.pop();
            } else {
                match &mut last.content {
                    Cow::Borrowed(s) => *s = &s[..trimmed],
                    Cow::Owned(s) => s.truncate(trimmed),
                }
                break;
            }
        }
        self.lines.push(Line::from(spans));
    }

    /// Pushes a prefix if enough room remains inside it; returns whether it was pushed.
    fn push_prefix(&mut self, first: Row, rest: Row) -> bool {
        let width = first.width.max(rest.width);
        if self.avail() < width + MIN_INNER {
            return false;
        }
        self.indent += width;
        self.prefixes.push(Prefix {
            first: first.spans,
            rest: rest.spans,
            width,
            fresh: true,
        });
        true
    }

    fn pop_prefix(&mut self) {
        if let Some(p) = self.prefixes.pop() {
            if p.fresh {
                // An empty item: still show its bullet.
                self.prefixes.push(p);
                self.emit(Row::default());
                let Some(p) = self.prefixes.pop() else { return };
                self.indent -= p.width;
                return;
            }
            self.indent -= p.width;
        }
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool, base: Style) {
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 && !tight {
                self.blank();
            }
            self.block(block, base);
        }
    }

    fn block(&mut self, block: &Block, base: Style) {
        let avail = self.avail();
        match block {
            Block::Heading {
                level,
                text,
                content,
                ..
            } => {
                self.headings.push(HeadingRow {
                    row: self.row(),
                    level: *level,
                    title: text.clone(),
                });
                let style = base.patch(self.styles.heading(*level));
                let mut w = Wrapper::new(avail);
                push_inlines(&mut w, content, style, self.styles);
                let rows = w.finish();
                let underline = rows.iter().map(|r| r.width).max().unwrap_or(0);
                self.emit_all(rows);
                let rule = match level {
                    1 => Some('═'),
                    2 => Some('─'),
                    _ => None,
                };
                if let Some(c) = rule
                    && underline > 0
                {
                    let mut row = Row::default();
                    row.repeat(c, underline, style);
                    self.emit(row);
                }
            }
            Block::Paragraph { content, .. } => {
                let mut w = Wrapper::new(avail);
                push_inlines(&mut w, content, base, self.styles);
                let rows = w.finish();
                self.emit_all(rows);
            }
            Block::Code(code) => {
                let rows = code_box(code, avail, self.styles, base);
                self.emit_all(rows);
            }
            Block::List(list) => self.list(list, base),
            Block::Quote { blocks, .. } => {
                let bar = Row::from_static("│ ", base.patch(self.styles.quote_bar));
                let pushed = self.push_prefix(bar.clone(), bar);
                self.blocks(blocks, false, base.patch(self.styles.quote));
                if pushed {
                    self.pop_prefix();
                }
            }
            Block::Rule { .. } => {
                let mut row = Row::default();
                row.repeat('─', avail, base.patch(self.styles.rule));
                self.emit(row);
            }
            Block::Table(table) => {
                let rows = render_table(table, avail, self.styles, base);
                self.emit_all(rows);
            }
            Block::Sim(sim) => self.sim(sim, base),
            Block::Checkpoint(cp) => self.checkpoint(cp, base),
            Block::Details(details) => self.details(details, base),
        }
    }

    /// `▸ summary` (closed) or `▾ summary` then the body indented under it (open). A closed body
    /// is not drawn, but its live blocks and nested `<details>` still take their numbers, so
    /// indices stay those of the document.
    fn details(&mut self, details: &Details, base: Style) {
        let index = self.next_details;
        self.next_details += 1;
        let open = self.disclosure.is_open(index, details.open);
        let marker_style = base.patch(self.styles.list_marker);
        let marker = if open { "▾ " } else { "▸ " };
        let row = self.row();
        let pushed = self.push_prefix(Row::from_static(marker, marker_style), Row::spaces(2, base));
        let mut w = Wrapper::new(self.avail());
        push_inlines(
            &mut w,
            &details.summary,
            base.patch(self.styles.strong),
            self.styles,
        );
        let rows = w.finish();
        self.emit_all(rows);
        if pushed {
            self.pop_prefix();
        }
        let start = self.row();
        if open && !details.blocks.is_empty() {
            let pushed = self.push_prefix(Row::spaces(2, base), Row::spaces(2, base));
            self.blocks(&details.blocks, false, base);
            if pushed {
                self.pop_prefix();
            }
        } else if !open {
            for block in walk_blocks(&details.blocks) {
                match block {
                    Block::Sim(_) | Block::Checkpoint(_) => self.next_live += 1,
                    Block::Details(_) => self.next_details += 1,
                    _ => {}
                }
            }
        }
        // Rows of this element come before those of any nested one.
        let at = self
            .details
            .iter()
            .position(|d| d.index > index)
            .unwrap_or(self.details.len());
        self.details.insert(
            at,
            DetailsRow {
                index,
                row,
                open,
                body: start..self.row(),
            },
        );
    }

    fn list(&mut self, list: &List, base: Style) {
        let marker_style = base.patch(self.styles.list_marker);
        let digits = list.start.map(|s| {
            s.saturating_add(list.items.len().saturating_sub(1) as u64)
                .to_string()
                .len()
        });
        let bullet = BULLETS[self.list_depth % BULLETS.len()];
        self.list_depth += 1;
        for (i, item) in list.items.iter().enumerate() {
            if i > 0 && !list.tight {
                self.blank();
            }
            let first = match (list.start, digits) {
                (Some(start), Some(d)) => Row::single(
                    format!("{:>d$}. ", start.saturating_add(i as u64)),
                    marker_style,
                ),
                _ => Row::from_static(bullet, marker_style),
            };
            let rest = Row::spaces(first.width, base);
            let pushed = self.push_prefix(first, rest);
            self.blocks(&item.blocks, list.tight, base);
            if pushed {
                self.pop_prefix();
            }
        }
        self.list_depth -= 1;
    }

    fn push_live(
        &mut self,
        top: usize,
        panel: &super::boxes::Panel,
        area_row: usize,
        area_height: usize,
    ) {
        let block = self.next_live;
        self.next_live += 1;
        self.live.push(LiveRow {
            row: top,
            height: panel.rows.len(),
            block,
            area: LiveArea {
                row: top + area_row,
                col: self.indent + panel.inner_col,
                width: panel.inner_width,
                height: area_height,
            },
        });
    }

    fn sim(&mut self, sim: &SimBlock, base: Style) {
        let avail = self.avail();
        let s = self.styles;
        let model = super::sanitize::clean(&sim.model);
        let mut title = Row::single(
            format!("▶ Live simulation: {model}"),
            base.patch(s.sim_title),
        );
        if title.width + 5 > avail {
            title = Row::single(format!("▶ {model}"), base.patch(s.sim_title));
        }
        let mut w = Wrapper::new(panel_body_width(avail));
        for (i, p) in sim.params.iter().enumerate() {
            if i > 0 {
                w.space(base);
                w.push("·", base.patch(s.hint));
                w.space(base);
            }
            w.push(&p.key, base.patch(s.hint));
            w.push("=", base.patch(s.hint));
            w.push(&p.value, base);
        }
        let body = if sim.params.is_empty() {
            Vec::new()
        } else {
            w.finish()
        };
        let reserved = usize::from(self.opts.sim_rows);
        let panel = panel(title, base.patch(s.sim_panel), body, reserved, avail);
        let top = self.row();
        self.push_live(top, &panel, panel.reserved_row, reserved);
        self.emit_all(panel.rows);
    }

    fn checkpoint(&mut self, cp: &CheckpointBlock, base: Style) {
        let avail = self.avail();
        let s = self.styles;
        let title = Row::single("? Checkpoint", base.patch(s.checkpoint_title));
        let prompt = self
            .opts
            .checkpoint
            .and_then(|f| f(&cp.target))
            .unwrap_or_else(|| cp.target.clone());
        let mut w = Wrapper::new(panel_body_width(avail));
        for (i, line) in prompt.lines().enumerate() {
            if i > 0 {
                w.hard_break();
            }
            w.push(line, base);
        }
        w.hard_break();
        w.push(CHECKPOINT_HINT, base.patch(s.hint));
        let body = w.finish();
        let body_rows = body.len();
        let panel = panel(title, base.patch(s.checkpoint_panel), body, 0, avail);
        let top = self.row();
        self.push_live(top, &panel, panel.body_row, body_rows);
        self.emit_all(panel.rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MIN_WIDTH, parse, to_plain_string};

    fn opts(width: u16, styles: &Styles) -> RenderOptions<'_> {
        RenderOptions {
            width,
            styles,
            checkpoint: None,
            sim_rows: 3,
        }
    }

    fn plain(src: &str, width: u16) -> String {
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        let r = render_document(&doc, &opts(width, &styles));
        to_plain_string(&r.text)
    }

    fn assert_fits(text: &Text, width: usize) {
        for line in &text.lines {
            assert!(
                line.width() <= width.max(MIN_WIDTH),
                "line too wide for {width}: {line:?}"
            );
        }
    }

    const PARA: &str = "Serverless functions scale to zero when idle, so the first request after a quiet spell pays a cold start.";

    #[test]
    fn paragraphs_wrap_at_several_widths() {
        assert_eq!(
            plain(PARA, 40),
            "Serverless functions scale to zero when\nidle, so the first request after a quiet\nspell pays a cold start."
        );
        assert_eq!(plain(PARA, 200), PARA);
        for width in [1u16, 2, 3, 7, 10, 25, 80] {
            let (doc, _) = parse(PARA, 1);
            let styles = Styles::default();
            let r = render_document(&doc, &opts(width, &styles));
            assert_fits(&r.text, width.into());
            let joined: String = to_plain_string(&r.text).split_whitespace().collect();
            let expected: String = PARA.split_whitespace().collect();
            assert_eq!(joined, expected, "width {width}");
        }
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        assert_eq!(plain("a\n\n\n\nb\n\n---\n", 10), "a\n\nb\n\n──────────");
    }

    #[test]
    fn headings_have_distinct_styles_and_rows() {
        let styles = Styles::default();
        let (doc, _) = parse("# Title\n\nText\n\n## Section\n\n### Sub\n", 1);
        let r = render_document(&doc, &opts(40, &styles));
        assert_eq!(
            to_plain_string(&r.text),
            "Title\n═════\n\nText\n\nSection\n───────\n\nSub"
        );
        let rows: Vec<_> = r
            .headings
            .iter()
            .map(|h| (h.row, h.level, h.title.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![(0, 1, "Title"), (5, 2, "Section"), (8, 3, "Sub")]
        );
        assert_eq!(r.text.lines[0].spans[0].style, styles.heading1);
        assert_eq!(r.text.lines[5].spans[0].style, styles.heading2);
        assert_eq!(r.text.lines[8].spans[0].style, styles.heading3);
        assert_ne!(styles.heading1, styles.heading2);
        assert_ne!(styles.heading2, styles.heading3);
    }

    #[test]
    fn inline_styles_are_applied() {
        let styles = Styles::default();
        let (doc, _) = parse("*e* **s** ~~x~~ `c`", 1);
        let r = render_document(&doc, &opts(40, &styles));
        let spans = &r.text.lines[0].spans;
        let style_of = |t: &str| spans.iter().find(|s| s.content == t).map(|s| s.style);
        assert_eq!(style_of("e"), Some(styles.emphasis));
        assert_eq!(style_of("s"), Some(styles.strong));
        assert_eq!(style_of("x"), Some(styles.strike));
        assert_eq!(style_of("c"), Some(styles.code_inline));
    }

    #[test]
    fn links_show_their_url_dimmer() {
        let styles = Styles::default();
        let (doc, _) = parse(
            "See [the docs](https://aws.amazon.com/lambda/) or <https://x.io>.",
            1,
        );
        let r = render_document(&doc, &opts(80, &styles));
        assert_eq!(
            to_plain_string(&r.text),
            "See the docs (https://aws.amazon.com/lambda/) or https://x.io."
        );
        let url = r.text.lines[0]
            .spans
            .iter()
            .find(|s| s.content.contains("(https://aws"))
            .map(|s| s.style);
        assert_eq!(url, Some(styles.link_url));
    }

    #[test]
    fn nested_lists_three_levels_with_hanging_indents() {
        let src = "- one is a long item that wraps\n  - two\n    - three\n      - four\n- back\n\n3. c\n4. d\n";
        assert_eq!(
            plain(src, 20),
            [
                "• one is a long item",
                "  that wraps",
                "  ◦ two",
                "    ▪ three",
                "      • four",
                "• back",
                "",
                "3. c",
                "4. d",
            ]
            .join("\n")
        );
    }

    #[test]
    fn numbered_lists_align_their_numbers() {
        let src = (1..=10)
            .map(|i| format!("{i}. item {i}\n"))
            .collect::<String>();
        let out = plain(&src, 40);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines[0], " 1. item 1");
        assert_eq!(lines[9], "10. item 10");
    }

    #[test]
    fn loose_lists_and_multi_block_items() {
        let src = "1. first\n\n   more text\n\n2. second\n";
        assert_eq!(plain(src, 40), "1. first\n\n   more text\n\n2. second");
    }

    #[test]
    fn quotes_have_a_bar_on_every_line() {
        let src = "> quoted text that wraps around\n>\n> > nested\n";
        assert_eq!(
            plain(src, 16),
            "│ quoted text\n│ that wraps\n│ around\n│\n│ │ nested"
        );
    }

    #[test]
    fn code_blocks_are_boxed_inside_lists() {
        let src = "- run:\n\n  ```sh\n  ls\n  ```\n";
        assert_eq!(
            plain(src, 40),
            "• run:\n\n  ┌─ sh ─┐\n  │ ls   │\n  └──────┘"
        );
    }

    #[test]
    fn esc_and_bidi_never_reach_the_output() {
        let src = "# T\u{1b}]0;pwn\u{7}\n\nhi \u{1b}[31mred\u{202e} \u{2066}x\n\n```\n\u{1b}[2J\u{9b}\n```\n\n| a\u{1b} |\n|---|\n| \u{202d}b |\n";
        let (doc, _) = parse(src, 1);
        let r = render_document(&doc, &opts(40, &Styles::default()));
        for line in &r.text.lines {
            for span in &line.spans {
                assert!(
                    !span
                        .content
                        .chars()
                        .any(crate::markdown::sanitize::is_forbidden),
                    "{span:?}"
                );
            }
        }
        let out = to_plain_string(&r.text);
        assert!(out.contains("hi [31mred x"));
    }

    #[test]
    fn tables_with_emoji_and_cjk_align_and_fit() {
        let src = "| Service | 状态 | Notes |\n|:--|:-:|--:|\n| Lambda | ✅ | fast 🚀 |\n| 数据库 | ❌ | slow to start after idle periods |\n";
        for width in [100u16, 40, 30, 20, 12] {
            let (doc, _) = parse(src, 1);
            let r = render_document(&doc, &opts(width, &Styles::default()));
            let w0 = r.text.lines[0].width();
            assert!(w0 <= width.into(), "width {width}");
            if r.text.lines[0].spans[0].content.starts_with('┌') {
                for line in &r.text.lines {
                    assert_eq!(
                        line.width(),
                        w0,
                        "width {width}:\n{}",
                        to_plain_string(&r.text)
                    );
                }
            }
        }
        assert_eq!(
            plain(src, 100),
            [
                "┌─────────┬──────┬──────────────────────────────────┐",
                "│ Service │ 状态 │                            Notes │",
                "╞═════════╪══════╪══════════════════════════════════╡",
                "│ Lambda  │  ✅  │                          fast 🚀 │",
                "│ 数据库  │  ❌  │ slow to start after idle periods │",
                "└─────────┴──────┴──────────────────────────────────┘",
            ]
            .join("\n")
        );
    }

    #[test]
    fn sim_panels_record_live_rows() {
        let src = "# Cold starts\n\nIntro.\n\n```sim cold-start\nrate = 20\nmemory = 512\n```\n\n```quiz lambda/q1\n```\n";
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        let lookup = |t: &str| (t == "lambda/q1").then(|| "What causes a cold start?".to_string());
        let o = RenderOptions {
            width: 40,
            styles: &styles,
            checkpoint: Some(&lookup),
            sim_rows: 2,
        };
        let r = render_document(&doc, &o);
        let out = to_plain_string(&r.text);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(
            &lines[5..],
            &[
                "┌ ▶ Live simulation: cold-start ───────┐",
                "│ rate=20 · memory=512                 │",
                "│                                      │",
                "│                                      │",
                "└──────────────────────────────────────┘",
                "",
                "┌ ? Checkpoint ────────────────────────┐",
                "│ What causes a cold start?            │",
                "│ (press c to answer it here)          │",
                "└──────────────────────────────────────┘",
            ]
        );
        assert_eq!(
            r.live,
            vec![
                LiveRow {
                    row: 5,
                    height: 5,
                    block: 0,
                    area: LiveArea {
                        row: 7,
                        col: 1,
                        width: 38,
                        height: 2
                    }
                },
                LiveRow {
                    row: 11,
                    height: 4,
                    block: 1,
                    area: LiveArea {
                        row: 12,
                        col: 1,
                        width: 38,
                        height: 2
                    }
                },
            ]
        );
        // without a lookup the target is shown
        let r = render_document(&doc, &opts(40, &styles));
        assert!(to_plain_string(&r.text).contains("│ lambda/q1"));
    }

    #[test]
    fn live_rows_inside_lists_report_their_column() {
        let src = "- item\n\n  ```sim scaling\n  ```\n";
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        let r = render_document(&doc, &opts(30, &styles));
        assert_eq!(r.live.len(), 1);
        assert_eq!(r.live[0].row, 2);
        assert_eq!(
            r.live[0].area,
            LiveArea {
                row: 3,
                col: 3,
                width: 26,
                height: 3
            }
        );
        assert!(
            r.text.lines[2]
                .spans
                .iter()
                .any(|s| s.content.contains('┌'))
        );
    }

    #[test]
    fn deep_nesting_renders_flat() {
        for src in [
            ">".repeat(10_000) + " x",
            "- ".repeat(10_000) + "x",
            "1. ".repeat(10_000) + "x",
        ] {
            let (doc, _) = parse(&src, 1);
            for width in [1u16, 20, 80] {
                let r = render_document(&doc, &opts(width, &Styles::plain()));
                assert_fits(&r.text, width.into());
            }
        }
        // separate 10,000-line nested list, one level per line
        let src: String = (0..10_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i.min(40))))
            .collect();
        let (doc, _) = parse(&src, 1);
        let r = render_document(&doc, &opts(80, &Styles::plain()));
        assert_fits(&r.text, 80);
        // Flat: nesting past the renderer's cap adds no indent, so 10,000 one-line items are
        // 10,000 rows (counted, not timed).
        assert!(
            r.text.lines.len() <= 10_000 + 10,
            "{} rows",
            r.text.lines.len()
        );
    }

    #[test]
    fn empty_items_still_show_their_bullet() {
        assert_eq!(plain("- \n- b\n", 10), "•\n• b");
    }

    #[test]
    fn links_land_where_their_text_is_drawn_prefixes_included() {
        let src = "> - see [the docs](https://x.io/a) and more\n";
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        let r = render_document(&doc, &opts(80, &styles));
        let line = to_plain_string(&r.text);
        assert_eq!(line, "│ • see the docs (https://x.io/a) and more");
        assert_eq!(r.links.len(), 1);
        let l = &r.links[0];
        assert_eq!((l.row, l.url.as_str()), (0, "https://x.io/a"));
        let shown: String = line.chars().skip(l.cols.start).take(l.cols.len()).collect();
        assert_eq!(shown, "the docs (https://x.io/a)");
    }

    #[test]
    fn details_are_closed_in_the_reader_and_open_for_print() {
        let src = "<details><summary>Show answer</summary> The hidden answer is 42. </details>\n\nAfter.\n";
        let (doc, _) = parse(src, 1);
        let styles = Styles::plain();
        let closed = render_document(&doc, &opts(40, &styles));
        assert_eq!(to_plain_string(&closed.text), "▸ Show answer\n\nAfter.");
        assert_eq!(
            closed.details,
            vec![DetailsRow {
                index: 0,
                row: 0,
                open: false,
                body: 1..1
            }]
        );
        let open = render_disclosed(&doc, &opts(40, &styles), &Disclosure::AllOpen);
        assert_eq!(
            to_plain_string(&open.text),
            "▾ Show answer\n  The hidden answer is 42.\n\nAfter."
        );
        assert_eq!(open.details[0].body, 1..2);
        let chosen = Disclosure::Open([0].into_iter().collect());
        let reopened = render_disclosed(&doc, &opts(40, &styles), &chosen);
        assert_eq!(reopened.text, open.text);
        assert_eq!(
            render_disclosed(
                &doc,
                &opts(40, &styles),
                &Disclosure::Open(Default::default())
            )
            .text,
            closed.text
        );
    }

    #[test]
    fn closed_details_keep_the_document_numbers_of_later_blocks() {
        let src = "<details>\n<summary>S</summary>\n\n```sim cost\n```\n\n<details><summary>T</summary>x</details>\n\n</details>\n\n<details open><summary>U</summary>y</details>\n\n```quiz q/one\n```\n";
        let (doc, issues) = parse(src, 1);
        assert!(issues.is_empty(), "{issues:?}");
        let styles = Styles::plain();
        let r = render_document(&doc, &opts(40, &styles));
        let live: Vec<_> = r.live.iter().map(|l| l.block).collect();
        assert_eq!(
            live,
            vec![1],
            "the checkpoint is live block 1; the hidden sim is 0"
        );
        let shown: Vec<_> = r.details.iter().map(|d| (d.index, d.open)).collect();
        assert_eq!(
            shown,
            vec![(0, false), (2, true)],
            "the nested one is index 1"
        );
        let all = render_disclosed(&doc, &opts(40, &styles), &Disclosure::AllOpen);
        let shown: Vec<_> = all.details.iter().map(|d| d.index).collect();
        assert_eq!(shown, vec![0, 1, 2]);
        assert!(all.details[0].body.contains(&all.details[1].row));
        assert_eq!(
            all.live.iter().map(|l| l.block).collect::<Vec<_>>(),
            vec![0, 1]
        );
    }
}

#[cfg(test)]
mod dev {
    use super::*;
    use crate::markdown::{parse, to_ansi_string};

    /// `MD_FILE=path MD_WIDTH=80 cargo test --lib print_file -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn print_file() {
        let path = std::env::var("MD_FILE").unwrap_or_default();
        let width: u16 = std::env::var("MD_WIDTH")
            .ok()
            .and_then(|w| w.parse().ok())
            .unwrap_or(80);
        let src = std::fs::read_to_string(path).unwrap_or_default();
        let (doc, issues) = parse(&src, 1);
        let styles = Styles::default();
        let o = RenderOptions {
            width,
            styles: &styles,
            checkpoint: None,
            sim_rows: 2,
        };
        let r = render_document(&doc, &o);
        println!("{}", to_ansi_string(&r.text));
        println!("{issues:?}\n{:?}\n{:?}", r.headings, r.live);
    }

    /// A lesson-like document of about 18 KB: every construct, repeated.
    pub(crate) fn large_lesson() -> String {
        let chunk = r#"## Section NUM: cold starts and **warm** starts

A *cold start* happens when no idle environment is available, so Lambda must build a new
one before your handler can run. See [the docs](https://docs.aws.amazon.com/lambda/) and
`provisioned concurrency` for details. ~~Myths~~ aside, it matters for 漢字 users too 🚀.

<!-- source: S8, checked Nov 2026 -->

- **INIT**: fetch code, start the runtime, run init code
  - imports and SDK clients
    - database connections
- **INVOKE**: run the handler
1. first
2. second

| Setting | Value | Note |
|:--|--:|:-:|
| Memory | 128 MB to 10,240 MB | CPU grows with it ✅ |
| Timeout | 15 minutes | per invocation |

```python
import json          # INIT: runs once per environment
def handler(event, context):   # INVOKE: runs on every request
	return {"statusCode": 200, "body": json.dumps(event)}
```

> Warm means reuse of a live environment, not a request after a long quiet spell.

```sim cold-start
rate = 0.001
runtime = python
```

```quiz cold-starts/qNUM
```

---

"#;
        let mut out = String::from("# Cold starts\n\n");
        let mut n = 0;
        while out.len() < 18 * 1024 {
            n += 1;
            out.push_str(&chunk.replace("NUM", &n.to_string()));
        }
        out
    }

    /// `cargo test --release --lib render_timing -- --ignored --nocapture`. Reports the best of
    /// several batches, since the machine may be busy.
    #[test]
    #[ignore]
    fn render_timing() {
        let src = match std::env::var("MD_FILE") {
            Ok(path) => std::fs::read_to_string(path).unwrap_or_default(),
            Err(_) => large_lesson(),
        };
        let styles = Styles::default();
        let o = RenderOptions {
            width: 200,
            styles: &styles,
            checkpoint: None,
            sim_rows: 8,
        };
        let (doc, _) = parse(&src, 1);
        let lines = render_document(&doc, &o).text.lines.len();
        let best = |f: &dyn Fn()| {
            (0..20)
                .map(|_| {
                    let t = std::time::Instant::now();
                    for _ in 0..20 {
                        f();
                    }
                    t.elapsed() / 20
                })
                .min()
                .unwrap_or_default()
        };
        let parse_t = best(&|| {
            std::hint::black_box(parse(std::hint::black_box(&src), 1));
        });
        let render_t = best(&|| {
            std::hint::black_box(render_document(std::hint::black_box(&doc), &o));
        });
        let events_t = best(&|| {
            let opts = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            std::hint::black_box(
                pulldown_cmark::Parser::new_ext(std::hint::black_box(&src), opts).count(),
            );
        });
        println!(
            "{} bytes, {lines} lines: parse {parse_t:?} (pulldown-cmark alone {events_t:?}), render at 200 cols {render_t:?}",
            src.len()
        );
    }
}
