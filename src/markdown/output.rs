//! Rendered `Text` to strings for stdout: plain for pipes and `NO_COLOR`, ANSI for terminals.
//!
//! We generate the SGR codes ourselves from the styles, so no escape sequence in the output can
//! come from anything but a `Style`; span text is sanitised once more on the way out.
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

use super::sanitize;

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
pub fn to_ansi_string(text: &Text) -> String {
    let mut out = String::new();
    for (i, line) in text.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line_style = text.style.patch(line.style);
        let mut active: Option<Style> = None;
        for span in &line.spans {
            let style = effective(line_style.patch(span.style));
            if active != Some(style) {
                if active.is_some_and(|a| a != Style::default()) {
                    out.push_str("\x1b[0m");
                }
                push_sgr(&mut out, style);
                active = Some(style);
            }
            out.push_str(&sanitize::clean(&span.content));
        }
        if active.is_some_and(|a| a != Style::default()) {
            out.push_str("\x1b[0m");
        }
    }
    out
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

    #[test]
    fn foreign_escapes_in_spans_are_stripped() {
        let text = Text::from(Line::from("a\u{1b}[31mb\u{9b}c"));
        assert_eq!(to_ansi_string(&text), "a[31mbc");
        assert_eq!(to_plain_string(&text), "a[31mbc");
    }
}
