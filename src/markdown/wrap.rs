//! Display-width measurement and word wrapping.
//!
//! Everything here measures *display clusters*: a character plus the zero-width characters and
//! ligating characters that follow it (combining marks, variation selectors, emoji ZWJ sequences,
//! skin-tone modifiers). A cluster is never split, so a wrapped line never cuts an emoji or a
//! combining sequence in half, and its width is measured as one string with unicode-width 0.2, the
//! same function ratatui's `Line::width` uses. Splitting text only between clusters never makes the
//! sum of the pieces narrower than the whole, so a line we measure as fitting does fit.
use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::sanitize;

/// Widest single cluster unicode-width 0.2 reports (U+17D8 KHMER SIGN BEYYAL is 3 columns; CJK and
/// emoji are 2). Text can only overflow a line narrower than this.
pub const MAX_CLUSTER_WIDTH: usize = 3;

/// Padding source, so most padding spans borrow instead of allocating.
const SPACES: &str = match std::str::from_utf8(&[b' '; 256]) {
    Ok(s) => s,
    Err(_) => "",
};

/// Longest cluster we build, in chars. Bounds the cost of pathological runs of combining marks.
const MAX_CLUSTER_CHARS: usize = 32;

/// Display width of a string, as ratatui measures a span.
pub fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Iterates over the display clusters of a string, with their widths. Cheap for ASCII.
pub fn clusters(s: &str) -> Clusters<'_> {
    Clusters { rest: s }
}

/// See [`clusters`].
pub struct Clusters<'a> {
    rest: &'a str,
}

fn ascii_width(b: u8) -> usize {
    if (0x20..0x7f).contains(&b) { 1 } else { 0 }
}

/// Characters that never start a ligature or extend the cluster before them (box drawing, common
/// punctuation, CJK, Hangul syllables, fullwidth forms): lets the common non-ASCII text skip the
/// joining check.
fn never_joins(c: char) -> bool {
    matches!(c as u32,
        0x2010..=0x2017 | 0x2020..=0x2027 | 0x2030..=0x205E | 0x2190..=0x21FF | 0x2500..=0x25FF
        | 0x3000..=0x303F | 0x3041..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 | 0xFF01..=0xFF60)
}

impl<'a> Iterator for Clusters<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<(&'a str, usize)> {
        let rest = self.rest;
        let first = rest.chars().next()?;
        let mut end = first.len_utf8();
        let bytes = rest.as_bytes();
        if first.is_ascii() && bytes.get(end).is_none_or(|b| b.is_ascii()) {
            self.rest = &rest[end..];
            return Some((&rest[..end], ascii_width(bytes[0])));
        }
        let mut width = match first.width() {
            Some(w) => w,
            None => str_width(&rest[..end]),
        };
        let mut count = 1;
        while count < MAX_CLUSTER_CHARS {
            let Some(next) = rest[end..].chars().next() else {
                break;
            };
            let zero = next.width().unwrap_or(0) == 0;
            if !zero
                && (next.is_ascii() || (never_joins(next) && !rest[..end].ends_with('\u{200d}')))
            {
                break;
            }
            let next_end = end + next.len_utf8();
            let joined = str_width(&rest[..next_end]);
            if zero || joined <= width {
                end = next_end;
                width = joined;
                count += 1;
            } else {
                break;
            }
        }
        self.rest = &rest[end..];
        Some((&rest[..end], width))
    }
}

/// Width of a string as the sum of its clusters: what the wrapper accounts with.
pub fn text_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| (0x20..0x7f).contains(b)).count();
    }
    clusters(s).map(|(_, w)| w).sum()
}

/// Ideographs and kana: a line may break between any two of them, as CJK text has no spaces.
fn breaks_anywhere(cluster: &str) -> bool {
    cluster.chars().next().is_some_and(|c| {
        matches!(c as u32,
            0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF | 0xFF01..=0xFF60 | 0x20000..=0x3FFFF)
    })
}

/// Appends text to a span list, merging into the last span when the style matches and the text
/// starts with a character that cannot join the previous cluster (so measurements stay additive).
pub fn push_span(spans: &mut Vec<Span<'static>>, text: &str, style: Style) {
    push_span_with_capacity(spans, text, style, 48);
}

/// [`push_span`] with a capacity hint for a new span (a wrapped line's expected length).
fn push_span_with_capacity(
    spans: &mut Vec<Span<'static>>,
    text: &str,
    style: Style,
    capacity: usize,
) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut()
        && last.style == style
        && can_append(&last.content, text)
    {
        last.content.to_mut().push_str(text);
        return;
    }
    // Spans usually grow word by word: start with room for a few words.
    let mut owned = String::with_capacity(text.len().max(capacity));
    owned.push_str(text);
    spans.push(Span::styled(owned, style));
}

/// Like [`push_span`] for an owned string, which is moved in when it starts a new span.
fn push_owned(spans: &mut Vec<Span<'static>>, text: String, style: Style) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut()
        && last.style == style
        && can_append(&last.content, &text)
    {
        last.content.to_mut().push_str(&text);
        return;
    }
    spans.push(Span::styled(text, style));
}

/// Whether `next` can share a span with `prev` without the joined string measuring wider than the
/// two apart: true when `next` starts with a character that never extends a cluster.
fn can_append(prev: &str, next: &str) -> bool {
    next.chars()
        .next()
        .is_some_and(|c| c.is_ascii() || (never_joins(c) && !prev.ends_with('\u{200d}')))
}

/// One output row: its spans and its width as the wrapper measured it.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub spans: Vec<Span<'static>>,
    pub width: usize,
    /// The columns of this row that belong to links, left to right.
    pub links: Vec<RowLink>,
    /// How this row continues the one before it when the wrapper broke a line here (`None` for
    /// the first row of a text, after a hard break, and for rows built by hand): what search needs
    /// to read wrapped text as the sentence it was.
    pub join: Option<Join>,
}

/// How a wrapped row continues the previous row of the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// The line broke at a space, which is not drawn: the text reads "previous row, a space, this
    /// row".
    Space,
    /// The line broke inside a word or URL: the text reads on with nothing between.
    Direct,
}

/// Columns of a row that show (part of) a link, and where the link goes: what a terminal
/// hyperlink (OSC 8) needs, since spans only carry styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowLink {
    /// Display columns within the row.
    pub cols: std::ops::Range<usize>,
    /// The link's destination as written (sanitised).
    pub url: String,
}

/// Adds `cols` of `url` to a row's links, extending the last one when it is the same link and
/// only a separator of `gap` columns lies between them.
fn add_link(links: &mut Vec<RowLink>, cols: std::ops::Range<usize>, url: &str, gap: usize) {
    if cols.is_empty() {
        return;
    }
    if let Some(last) = links.last_mut()
        && last.url == url
        && (last.cols.end == cols.start || last.cols.end + gap == cols.start)
    {
        last.cols.end = cols.end;
        return;
    }
    links.push(RowLink {
        cols,
        url: url.to_string(),
    });
}

impl Row {
    /// A row of one span.
    pub fn single(text: impl Into<String>, style: Style) -> Row {
        let text = text.into();
        let width = text_width(&text);
        Row {
            spans: vec![Span::styled(text, style)],
            width,
            links: Vec::new(),
            join: None,
        }
    }

    /// A row of one borrowed span: no allocation, and free to clone (list and quote prefixes).
    pub fn from_static(text: &'static str, style: Style) -> Row {
        Row {
            spans: vec![Span::styled(text, style)],
            width: text_width(text),
            links: Vec::new(),
            join: None,
        }
    }

    /// `n` spaces, borrowed when short (the hanging indent of list items).
    pub fn spaces(n: usize, style: Style) -> Row {
        let mut row = Row::default();
        row.repeat(' ', n, style);
        row
    }

    /// Appends a static string (a border piece) without allocating unless it merges into an owned
    /// span of the same style.
    pub fn push_static(&mut self, text: &'static str, style: Style) {
        if text.is_empty() {
            return;
        }
        self.width += text_width(text);
        if let Some(last) = self.spans.last_mut()
            && let Cow::Owned(content) = &mut last.content
            && last.style == style
            && can_append(content, text)
        {
            content.push_str(text);
            return;
        }
        self.spans.push(Span::styled(text, style));
    }

    /// Appends text (measured by clusters) to the row.
    pub fn push(&mut self, text: &str, style: Style) {
        self.width += text_width(text);
        push_span(&mut self.spans, text, style);
    }

    /// Appends `n` copies of a one-column character, e.g. padding or a border.
    /// `c` must be a character that does not combine with its neighbours (space, box drawing).
    pub fn repeat(&mut self, c: char, n: usize, style: Style) {
        if n == 0 {
            return;
        }
        if c == ' '
            && let Some(spaces) = SPACES.get(..n)
        {
            self.push_static(spaces, style);
            return;
        }
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf).repeat(n);
        self.width += n * c.width().unwrap_or(0);
        push_owned(&mut self.spans, s, style);
    }

    /// Appends another row's spans (and its links, moved to where they now are).
    pub fn append(&mut self, other: Row) {
        let offset = self.width;
        self.links.extend(other.links.into_iter().map(|l| RowLink {
            cols: l.cols.start + offset..l.cols.end + offset,
            url: l.url,
        }));
        self.width += other.width;
        for span in other.spans {
            push_span(&mut self.spans, &span.content, span.style);
        }
    }
}

/// A run of a word in one style (and link): where it ends in the word, and its width.
#[derive(Debug, Clone, Copy)]
struct Part {
    end: usize,
    style: Style,
    /// Index into `Wrapper::urls` of the link it belongs to.
    link: Option<usize>,
    width: usize,
}

#[derive(Debug, Clone, Copy)]
enum Sep {
    None,
    Space(Style),
    Break,
}

/// Greedy word wrapper over styled text at a fixed display width. Words may span several styled
/// pushes (`**bold**text` is one word); runs of spaces collapse to one; a word wider than the line
/// is broken between clusters. A URL may also break before its `/`, `?`, `&` and `-`, so it is
/// cut between clusters only when one of its pieces is wider than a line. Text pushed between
/// [`Wrapper::link_start`] and [`Wrapper::link_end`] is recorded in each row's `links`. Linear in
/// the input.
pub struct Wrapper {
    width: usize,
    rows: Vec<Row>,
    cur: Row,
    /// The word being collected: its text, and each styled part of it.
    word: String,
    word_parts: Vec<Part>,
    /// Destinations of the links seen, and the one open now.
    urls: Vec<String>,
    link: Option<usize>,
    word_w: usize,
    sep: Sep,
    max_cluster: usize,
    max_word: usize,
}

impl Wrapper {
    /// A wrapper for lines of at most `width` columns (at least 1).
    pub fn new(width: usize) -> Wrapper {
        Wrapper {
            width: width.max(1),
            rows: Vec::new(),
            cur: Row::default(),
            word: String::new(),
            word_parts: Vec::new(),
            urls: Vec::new(),
            link: None,
            word_w: 0,
            sep: Sep::None,
            max_cluster: 0,
            max_word: 0,
        }
    }

    /// Text pushed from now until [`Wrapper::link_end`] shows a link to `url`.
    pub fn link_start(&mut self, url: &str) {
        self.urls.push(url.to_string());
        self.link = Some(self.urls.len() - 1);
    }

    /// Ends the link started last.
    pub fn link_end(&mut self) {
        self.link = None;
    }

    /// Adds text in a style. The text is sanitised here, so nothing unclean reaches a span.
    pub fn push(&mut self, text: &str, style: Style) {
        let text = sanitize::clean(text);
        let mut segments = text.split(' ').peekable();
        let mut first = true;
        while let Some(segment) = segments.next() {
            if !first {
                self.space(style);
            }
            first = false;
            let space_follows = segments.peek().is_some();
            if looks_like_url(segment) {
                let mut pieces = url_pieces(segment).peekable();
                while let Some(piece) = pieces.next() {
                    let more = pieces.peek().is_some();
                    self.push_segment(piece, style, space_follows && !more);
                    if more {
                        self.break_opportunity();
                    }
                }
            } else {
                self.push_segment(segment, style, space_follows);
            }
        }
    }

    /// A place where the line may break with no space shown (between the pieces of a URL).
    fn break_opportunity(&mut self) {
        self.flush_word();
        if matches!(self.sep, Sep::None) {
            self.sep = Sep::Break;
        }
    }

    /// Adds text without spaces; `space_follows` lets a whole ASCII word skip the word buffer.
    fn push_segment(&mut self, segment: &str, style: Style, space_follows: bool) {
        if segment.is_ascii() {
            // Clean ASCII is printable: one column per byte, no clusters to find.
            if segment.is_empty() {
                return;
            }
            self.max_cluster = self.max_cluster.max(1);
            if self.word.is_empty() && space_follows {
                // A whole word (a space follows): place it without buffering.
                let part = Part {
                    end: segment.len(),
                    style,
                    link: self.link,
                    width: segment.len(),
                };
                self.place(segment, &[part], segment.len());
            } else {
                self.push_word(segment, segment.len(), style);
            }
            return;
        }
        self.push_clusters(segment, style);
    }

    fn push_clusters(&mut self, segment: &str, style: Style) {
        for (c, w) in clusters(segment) {
            self.max_cluster = self.max_cluster.max(w);
            if breaks_anywhere(c) {
                self.flush_word();
                if matches!(self.sep, Sep::None) {
                    self.sep = Sep::Break;
                }
                self.push_word(c, w, style);
                self.flush_word();
                self.sep = Sep::Break;
            } else {
                self.push_word(c, w, style);
            }
        }
    }

    /// A breakable space in a style (also what a soft break becomes).
    pub fn space(&mut self, style: Style) {
        self.flush_word();
        if !matches!(self.sep, Sep::Space(_)) {
            self.sep = Sep::Space(style);
        }
    }

    /// Ends the current line.
    pub fn hard_break(&mut self) {
        self.flush_word();
        self.newline();
        self.sep = Sep::None;
    }

    /// Widest cluster seen so far: the narrowest width this text can be wrapped to without overflow.
    pub fn max_cluster(&self) -> usize {
        self.max_cluster
    }

    /// Widest word seen so far (words are flushed when a space or the end is reached): the width
    /// below which wrapping has to break words.
    pub fn max_word(&self) -> usize {
        self.max_word.max(self.word_w)
    }

    /// The wrapped rows (at least one, possibly empty).
    pub fn finish(mut self) -> Vec<Row> {
        self.flush_word();
        if !self.cur.spans.is_empty() || self.rows.is_empty() {
            self.newline();
        }
        self.rows
    }

    fn push_word(&mut self, c: &str, w: usize, style: Style) {
        self.word_w += w;
        let start = self.word_parts.last().map_or(0, |p| p.end);
        let link = self.link;
        let merge = self.word_parts.last().is_some_and(|p| {
            p.style == style && p.link == link && can_append(&self.word[start..], c)
        });
        self.word.push_str(c);
        match self.word_parts.last_mut() {
            Some(last) if merge => {
                last.end = self.word.len();
                last.width += w;
            }
            _ => self.word_parts.push(Part {
                end: self.word.len(),
                style,
                link,
                width: w,
            }),
        }
    }

    fn newline(&mut self) {
        self.rows.push(std::mem::take(&mut self.cur));
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let parts = std::mem::take(&mut self.word_parts);
        self.place(&word, &parts, self.word_w);
        // Hand the buffers back, keeping their capacity.
        self.word = word;
        self.word.clear();
        self.word_parts = parts;
        self.word_parts.clear();
        self.word_w = 0;
    }

    /// Puts a complete word (its text, styled parts and width) on the current line or a new one,
    /// breaking it between clusters when it is wider than a whole line.
    fn place(&mut self, word: &str, parts: &[Part], word_w: usize) {
        self.max_word = self.max_word.max(word_w);
        let mut gap = 0;
        if !self.cur.spans.is_empty() {
            let sep_w = usize::from(matches!(self.sep, Sep::Space(_)));
            if self.cur.width + sep_w + word_w <= self.width {
                if let Sep::Space(style) = self.sep {
                    self.cur.width += 1;
                    push_span(&mut self.cur.spans, " ", style);
                    gap = 1;
                }
            } else {
                let join = if matches!(self.sep, Sep::Space(_)) {
                    Join::Space
                } else {
                    Join::Direct
                };
                self.newline();
                self.cur.join = Some(join);
            }
        }
        let fits = self.cur.width + word_w <= self.width;
        let mut start = 0;
        for &Part {
            end,
            style,
            link,
            width,
        } in parts
        {
            let part = &word[start..end];
            start = end;
            let url = link.and_then(|i| self.urls.get(i));
            if fits {
                let from = self.cur.width;
                self.cur.width += width;
                if let Some(url) = url {
                    add_link(&mut self.cur.links, from..self.cur.width, url, gap);
                }
                push_span_with_capacity(&mut self.cur.spans, part, style, self.width.min(256));
                gap = 0;
                continue;
            }
            for (c, w) in clusters(part) {
                if self.cur.width + w > self.width && !self.cur.spans.is_empty() {
                    self.rows.push(std::mem::take(&mut self.cur));
                    self.cur.join = Some(Join::Direct);
                }
                if let Some(url) = url {
                    add_link(
                        &mut self.cur.links,
                        self.cur.width..self.cur.width + w,
                        url,
                        gap,
                    );
                }
                gap = 0;
                self.cur.width += w;
                push_span(&mut self.cur.spans, c, style);
            }
        }
        self.sep = Sep::None;
    }
}

/// Whether a space-free piece of text is a URL, whose lines may break inside it.
fn looks_like_url(segment: &str) -> bool {
    segment.len() > 8
        && (segment.contains("://")
            || segment.starts_with("www.")
            || segment.starts_with("mailto:"))
}

/// A URL cut before each `/`, `?`, `&` and `-` (not inside `://` or a run of them, and never
/// leaving an empty piece): the places where a wrapped URL still reads as one. Concatenated, the
/// pieces are the URL.
fn url_pieces(url: &str) -> impl Iterator<Item = &str> {
    let mut rest = url;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let cut = (1..bytes.len())
            .find(|&i| {
                matches!(bytes[i], b'/' | b'?' | b'&' | b'-')
                    && !matches!(bytes[i - 1], b'/' | b':' | b'?' | b'&' | b'-')
            })
            .unwrap_or(bytes.len());
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Splits off the longest prefix of `s` that fits in `max` columns (at least one cluster, so
/// progress is always made). Returns the prefix, its width and the rest.
pub fn split_at_width(s: &str, max: usize) -> (&str, usize, &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let end = max.max(1).min(s.len());
        return (&s[..end], end, &s[end..]);
    }
    let mut end = 0;
    let mut width = 0;
    for (c, w) in clusters(s) {
        if width + w > max && end > 0 {
            break;
        }
        end += c.len();
        width += w;
    }
    (&s[..end], width, &s[end..])
}

/// Shortens a row to `max` columns, ending it with `…` when something was cut.
pub fn truncate(row: Row, max: usize) -> Row {
    if row.width <= max {
        return row;
    }
    let mut out = Row::default();
    let budget = max.saturating_sub(1);
    let mut last_style = Style::default();
    'outer: for span in &row.spans {
        last_style = span.style;
        for (c, w) in clusters(&span.content) {
            if out.width + w > budget {
                break 'outer;
            }
            out.width += w;
            push_span(&mut out.spans, c, span.style);
        }
    }
    if max > 0 {
        out.push("…", last_style);
    }
    out
}

/// Expands tabs to spaces at tab stops of 4 columns, for code blocks.
pub fn expand_tabs(line: &str) -> Cow<'_, str> {
    if !line.contains('\t') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += c.width().unwrap_or(0);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut w = Wrapper::new(width);
        w.push(text, Style::default());
        w.finish()
            .into_iter()
            .map(|r| r.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn clusters_keep_combining_and_emoji_sequences_whole() {
        let c: Vec<_> = clusters("ae\u{301}✔\u{fe0f}👨\u{200d}👩\u{200d}👧漢x").collect();
        assert_eq!(
            c,
            vec![
                ("a", 1),
                ("e\u{301}", 1),
                ("✔\u{fe0f}", 2),
                ("👨\u{200d}👩\u{200d}👧", 2),
                ("漢", 2),
                ("x", 1)
            ]
        );
        assert_eq!(text_width("🚀✅漢字abc"), 11);
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("the quick brown fox", 10),
            vec!["the quick", "brown fox"]
        );
        assert_eq!(
            wrap("the quick brown fox", 9),
            vec!["the quick", "brown fox"]
        );
        assert_eq!(
            wrap("the quick brown fox", 5),
            vec!["the", "quick", "brown", "fox"]
        );
        assert_eq!(wrap("  a   b  ", 10), vec!["a b"]);
    }

    #[test]
    fn breaks_long_words_by_width_never_inside_a_char() {
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("🚀🚀🚀", 3), vec!["🚀", "🚀", "🚀"]);
        assert_eq!(wrap("🚀🚀🚀", 4), vec!["🚀🚀", "🚀"]);
        // a 2-column char on a 1-column line overflows alone instead of looping
        assert_eq!(wrap("🚀a", 1), vec!["🚀", "a"]);
    }

    #[test]
    fn cjk_breaks_between_ideographs() {
        assert_eq!(wrap("漢字漢字漢字", 5), vec!["漢字", "漢字", "漢字"]);
        assert_eq!(wrap("see 漢字", 6), vec!["see 漢", "字"]);
    }

    #[test]
    fn words_span_styles() {
        let mut w = Wrapper::new(6);
        w.push("ab", Style::default());
        w.push("cd", Style::default().bold());
        w.push(" ef", Style::default());
        let rows = w.finish();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].width, 4);
        assert_eq!(rows[0].spans.len(), 2);
    }

    #[test]
    fn hard_breaks_and_sanitising() {
        let mut w = Wrapper::new(20);
        w.push("a\u{1b}[31mb", Style::default());
        w.hard_break();
        w.push("c", Style::default());
        let rows = w.finish();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].spans[0].content, "a[31mb");
    }

    #[test]
    fn splitting_and_truncating() {
        assert_eq!(split_at_width("ab漢c", 3), ("ab", 2, "漢c"));
        assert_eq!(split_at_width("漢c", 1), ("漢", 2, "c"));
        let r = truncate(Row::single("hello world", Style::default()), 6);
        assert_eq!(r.width, 6);
        assert_eq!(
            r.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>(),
            "hello…"
        );
    }

    #[test]
    fn tabs_expand_to_stops_of_four() {
        assert_eq!(expand_tabs("\tx"), "    x");
        assert_eq!(expand_tabs("ab\tc\td"), "ab  c   d");
        assert_eq!(expand_tabs("none"), "none");
    }

    const URL: &str =
        "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html?x=1&y=2";

    #[test]
    fn urls_break_only_before_their_separators() {
        let pieces: Vec<&str> = url_pieces(URL).collect();
        assert_eq!(
            pieces,
            vec![
                "https://docs.aws.amazon.com",
                "/lambda",
                "/latest",
                "/dg",
                "/gettingstarted",
                "-limits.html",
                "?x=1",
                "&y=2"
            ]
        );
        assert_eq!(pieces.concat(), URL);
        assert_eq!(
            url_pieces("https://a.io//b--c").collect::<Vec<_>>(),
            vec!["https://a.io", "//b", "--c"],
            "a run of separators stays together"
        );
        for width in [20, 28, 30, 40, 60] {
            let rows = wrap(&format!("see {URL} now"), width);
            assert_eq!(rows.concat().replace(' ', ""), format!("see{URL}now"));
            for row in &rows {
                assert!(str_width(row) <= width, "{row:?} wider than {width}");
            }
            if width < 27 {
                // The host alone is wider than the line: it has to be cut somewhere.
                continue;
            }
            // Each row starts a word or a piece of the URL after a separator: never mid-piece.
            for row in &rows[1..] {
                assert!(
                    row.starts_with(['/', '?', '&', '-'])
                        || row.starts_with("https://")
                        || row.starts_with("now"),
                    "width {width}: {rows:?}"
                );
            }
        }
        // A piece wider than the line is still cut between clusters, never lost.
        let rows = wrap(URL, 10);
        assert_eq!(rows.concat(), URL);
        // Ordinary hyphenated words are not URLs.
        assert_eq!(wrap("a well-known", 11), vec!["a", "well-known"]);
    }

    #[test]
    fn links_are_recorded_per_row_with_their_columns() {
        let mut w = Wrapper::new(12);
        w.push("see the", Style::default());
        w.space(Style::default());
        w.link_start("https://x.io/a/b");
        w.push("docs page", Style::default());
        w.link_end();
        w.push(".", Style::default());
        let rows = w.finish();
        let links: Vec<_> = rows
            .iter()
            .map(|r| {
                r.links
                    .iter()
                    .map(|l| (l.cols.clone(), l.url.as_str()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            links,
            vec![
                vec![(8..12, "https://x.io/a/b")],
                vec![(0..4, "https://x.io/a/b")]
            ],
            "a link wrapped over two rows is on both, the space between its words included"
        );
        let mut row = Row::single("│ ", Style::default());
        row.append(rows[1].clone());
        assert_eq!(row.links[0].cols, 2..6, "appending moves links along");
    }
}
