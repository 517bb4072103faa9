//! Rendered `Text` to strings for stdout: plain for pipes and `NO_COLOR`, ANSI for terminals.
//!
//! We generate the SGR codes ourselves from the styles, and the OSC 8 hyperlinks ourselves from
//! the links the renderer recorded, so no escape sequence in the output can come from anything
//! but a `Style` or a link's destination, percent-encoded; span text is sanitised once more on the
//! way out.
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

use super::LinkSpan;
use super::sanitize;
use super::wrap::clusters;

/// Lines joined with `\n` (no trailing newline), trailing spaces trimmed, styles dropped.
pub fn to_plain_string(text: &Text) -> String {
    let mut out = String::new();
    for (i, line) in text.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let start = out.len();
        for span in &line.spans {
            out.push_str(&sanitize::clean(&span.content));
        }
        let trimmed = out[start..].trim_end_matches(' ').len();
        out.truncate(start + trimmed);
    }
    out
}

/// Lines joined with `\n`, each span preceded by the SGR codes of its style (text, line and span
/// styles patched together) and every styled line ending with a reset, so a line cut off by a pager
/// never bleeds colour into the next.
#[cfg(test)]
pub fn to_ansi_string(text: &Text) -> String {
    to_ansi_string_linked(text, &[])
}

/// [`to_ansi_string`], with each link in `links` (sorted by row, as [`super::Rendered::links`]
/// is) written as an OSC 8 hyperlink, so terminals that support them make it clickable and the
/// others show the text unchanged. Only `http`, `https` and `mailto` destinations become
/// hyperlinks (a lesson has no business making `file:` or custom schemes clickable); the
/// destination is percent-encoded, so it holds printable ASCII only and cannot end the sequence
/// early. A link wrapped over several rows is one hyperlink per row, each closed before the
/// newline.
pub fn to_ansi_string_linked(text: &Text, links: &[LinkSpan]) -> String {
    let mut out = String::new();
    let mut next_link = 0;
    for (i, line) in text.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        while links.get(next_link).is_some_and(|l| l.row < i) {
            next_link += 1;
        }
        let first = next_link;
        while links.get(next_link).is_some_and(|l| l.row == i) {
            next_link += 1;
        }
        let row_links: Vec<(&LinkSpan, String)> = links[first..next_link]
            .iter()
            .filter_map(|l| osc8_target(&l.url).map(|t| (l, t)))
            .collect();
        let line_style = text.style.patch(line.style);
        let mut active: Option<Style> = None;
        let mut col = 0;
        let mut open: Option<usize> = None;
        for span in &line.spans {
            let style = effective(line_style.patch(span.style));
            if active != Some(style) {
                if active.is_some_and(|a| a != Style::default()) {
                    out.push_str("\x1b[0m");
                }
                push_sgr(&mut out, style);
                active = Some(style);
            }
            let content = sanitize::clean(&span.content);
            if row_links.is_empty() {
                out.push_str(&content);
                continue;
            }
            for (c, w) in clusters(&content) {
                let here = row_links
                    .iter()
                    .position(|(l, _)| l.cols.start <= col && col < l.cols.end);
                if open.is_some() && open != here {
                    out.push_str(OSC8_CLOSE);
                    open = None;
                }
                if open.is_none()
                    && let Some(k) = here
                {
                    out.push_str("\x1b]8;;");
                    out.push_str(&row_links[k].1);
                    out.push_str("\x1b\\");
                    open = Some(k);
                }
                out.push_str(c);
                col += w;
            }
        }
        if open.is_some() {
            out.push_str(OSC8_CLOSE);
        }
        if active.is_some_and(|a| a != Style::default()) {
            out.push_str("\x1b[0m");
        }
    }
    out
}

/// Ends an OSC 8 hyperlink (an empty destination), with ST (`ESC \\`) as terminator.
const OSC8_CLOSE: &str = "\x1b]8;;\x1b\\";

/// The destination to put in an OSC 8 sequence, or `None` when it should not be clickable: only
/// `http:`, `https:` and `mailto:` (any case), with every byte outside printable ASCII, and the
/// space, written as `%XX`.
pub fn osc8_target(url: &str) -> Option<String> {
    let scheme = url.split_once(':')?.0;
    if !["http", "https", "mailto"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if (0x21..0x7f).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// What actually shows after a reset: colours and added modifiers.
fn effective(style: Style) -> Style {
    let mut s = Style::default().add_modifier(style.add_modifier);
    s.fg = style.fg.filter(|c| *c != Color::Reset);
    s.bg = style.bg.filter(|c| *c != Color::Reset);
    s
}

fn push_sgr(out: &mut String, style: Style) {
    let mut codes: Vec<String> = Vec::new();
    const MODS: [(Modifier, &str); 9] = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (m, code) in MODS {
        if style.add_modifier.contains(m) {
            codes.push(code.to_string());
        }
    }
    if let Some(c) = style.fg {
        codes.push(color_code(c, false));
    }
    if let Some(c) = style.bg {
        codes.push(color_code(c, true));
    }
    if !codes.is_empty() {
        out.push_str("\x1b[");
        out.push_str(&codes.join(";"));
        out.push('m');
    }
}

fn color_code(color: Color, background: bool) -> String {
    let base = |n: u8| (if background { n + 10 } else { n }).to_string();
    match color {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(i) => format!("{};5;{i}", if background { 48 } else { 38 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if background { 48 } else { 38 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::{Line, Span};

    #[test]
    fn plain_trims_and_joins() {
        let text = Text::from(vec![
            Line::from("a  "),
            Line::from(""),
            Line::from(vec![Span::raw("b"), Span::raw(" c ")]),
        ]);
        assert_eq!(to_plain_string(&text), "a\n\nb c");
    }

    #[test]
    fn ansi_codes_come_from_styles_and_reset_per_line() {
        let bold_cyan = Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD);
        let text = Text::from(vec![
            Line::from(vec![Span::styled("T", bold_cyan), Span::raw(" x")]),
            Line::from("plain"),
            Line::from(Span::styled(
                "bg",
                Style::default()
                    .bg(Color::Indexed(8))
                    .fg(Color::Rgb(1, 2, 3)),
            )),
        ]);
        assert_eq!(
            to_ansi_string(&text),
            "\x1b[1;36mT\x1b[0m x\nplain\n\x1b[38;2;1;2;3;48;5;8mbg\x1b[0m"
        );
    }

    fn link(row: usize, cols: std::ops::Range<usize>, url: &str) -> LinkSpan {
        LinkSpan {
            row,
            cols,
            url: url.into(),
        }
    }

    #[test]
    fn links_become_osc8_hyperlinks_with_encoded_targets() {
        let text = Text::from(vec![
            Line::from(vec![
                Span::raw("see "),
                Span::raw("docs page"),
                Span::raw("."),
            ]),
            Line::from("x https://é.example/a b"),
        ]);
        let links = [
            link(0, 4..13, "https://x.io/a?b=1&c"),
            link(1, 2..24, "https://é.example/a b"),
        ];
        assert_eq!(
            to_ansi_string_linked(&text, &links),
            "see \x1b]8;;https://x.io/a?b=1&c\x1b\\docs page\x1b]8;;\x1b\\.\n\
             x \x1b]8;;https://%C3%A9.example/a%20b\x1b\\https://é.example/a b\x1b]8;;\x1b\\"
        );
        // Plain output never has them.
        assert_eq!(
            to_plain_string(&text),
            "see docs page.\nx https://é.example/a b"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_clickable() {
        let text = Text::from(Line::from("abc"));
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "02-next.md",
            "x",
        ] {
            assert_eq!(to_ansi_string_linked(&text, &[link(0, 0..3, url)]), "abc");
        }
        assert_eq!(
            to_ansi_string_linked(&text, &[link(0, 0..3, "MAILTO:a@b.c")]),
            "\x1b]8;;MAILTO:a@b.c\x1b\\abc\x1b]8;;\x1b\\"
        );
        // A destination can never carry an escape of its own into the sequence.
        assert_eq!(
            osc8_target("https://x.io/\u{1b}\\\u{7}"),
            Some("https://x.io/%1B\\%07".to_string())
        );
    }

    #[test]
    fn foreign_escapes_in_spans_are_stripped() {
        let text = Text::from(Line::from("a\u{1b}[31mb\u{9b}c"));
        assert_eq!(to_ansi_string(&text), "a[31mbc");
        assert_eq!(to_plain_string(&text), "a[31mbc");
    }
}
