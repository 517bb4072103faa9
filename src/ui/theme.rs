//! Colours and text styles of the TUI, as plain data. The markdown styles are derived from the same
//! theme so lessons match the chrome around them.
use ratatui::style::{Color, Modifier, Style};

use crate::markdown::Styles;
use crate::markdown::light_palette as light;

/// The themes a learner can pick (`--theme` in the CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Light text on a dark terminal (the default).
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Maximum contrast: pure black and white with bold accents, for projectors and low vision.
    HighContrast,
}

/// A complete look for the TUI.
#[derive(Debug, Clone)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub muted: Style,
    pub accent: Style,
    pub selected: Style,
    pub done: Style,
    pub warning: Style,
    pub footer: Style,
    pub footer_key: Style,
    pub border: Style,
    pub search_match: Style,
    pub search_current: Style,
    pub markdown: Styles,
    /// Links in the reader are written as OSC 8 hyperlinks (clickable in terminals that know
    /// them). Off in every theme as built, so test screens hold plain text; [`Theme::pick`] turns
    /// it on for the tutor unless NO_COLOR asks for plain output.
    pub hyperlinks: bool,
}

impl Theme {
    /// The default: light text on the terminal's own dark background.
    pub fn dark() -> Theme {
        Theme {
            base: Style::default(),
            title: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            muted: Style::default().fg(Color::DarkGray),
            accent: Style::default().fg(Color::Yellow),
            selected: Style::default().fg(Color::Black).bg(Color::Cyan),
            done: Style::default().fg(Color::Green),
            warning: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            footer: Style::default().fg(Color::Gray).bg(Color::Rgb(30, 34, 42)),
            footer_key: Style::default()
                .fg(Color::Cyan)
                .bg(Color::Rgb(30, 34, 42))
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            search_match: Style::default().fg(Color::Black).bg(Color::Yellow),
            search_current: Style::default()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            markdown: Styles::default(),
            hyperlinks: false,
        }
    }

    /// Whether the theme draws in colour (every theme but the NO_COLOR one, whose title has no
    /// foreground): charts then tell their lines apart by marker alone.
    pub fn has_color(&self) -> bool {
        self.title.fg.is_some()
    }

    /// The theme for a name, or the colourless one when `no_color` (NO_COLOR wins over --theme).
    pub fn pick(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::plain();
        }
        let theme = match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::HighContrast => Theme::high_contrast(),
        };
        Theme {
            hyperlinks: true,
            ..theme
        }
    }

    /// Dark text for a light terminal background: the dark theme's pale accents would vanish.
    pub fn light() -> Theme {
        // Exact black and white: palette 0 and 15 are themselves remapped by some light palettes.
        const WHITE: Color = Color::Rgb(255, 255, 255);
        const BLACK: Color = Color::Rgb(0, 0, 0);
        Theme {
            base: Style::default(),
            title: Style::default()
                .fg(light::BLUE)
                .add_modifier(Modifier::BOLD),
            muted: Style::default().fg(light::GREY),
            accent: Style::default().fg(light::MAGENTA),
            selected: Style::default().fg(WHITE).bg(light::BLUE),
            done: Style::default().fg(light::GREEN),
            warning: Style::default().fg(light::RED).add_modifier(Modifier::BOLD),
            footer: Style::default().fg(BLACK).bg(Color::Rgb(220, 224, 232)),
            footer_key: Style::default()
                .fg(light::BLUE)
                .bg(Color::Rgb(220, 224, 232))
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(light::LINE),
            search_match: Style::default().fg(BLACK).bg(Color::Rgb(255, 236, 139)),
            search_current: Style::default()
                .fg(WHITE)
                .bg(light::RED)
                .add_modifier(Modifier::BOLD),
            markdown: Styles::light(),
            hyperlinks: false,
        }
    }

    /// Black and white only, with bold and reverse video for structure: readable on any projector.
    pub fn high_contrast() -> Theme {
        let w = Style::default().fg(Color::White).bg(Color::Black);
        Theme {
            base: w,
            title: w.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            muted: w,
            accent: w.add_modifier(Modifier::BOLD),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            done: w.add_modifier(Modifier::BOLD),
            warning: Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            footer: Style::default().fg(Color::Black).bg(Color::White),
            footer_key: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: w,
            search_match: Style::default().fg(Color::Black).bg(Color::Yellow),
            search_current: Style::default()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD),
            markdown: Styles::high_contrast(),
            hyperlinks: false,
        }
    }

    /// No colour at all, for NO_COLOR: structure shown with bold, reverse and underline only.
    pub fn plain() -> Theme {
        let none = Style::default();
        Theme {
            base: none,
            title: none.add_modifier(Modifier::BOLD),
            muted: none,
            accent: none,
            selected: none.add_modifier(Modifier::REVERSED),
            done: none,
            warning: none.add_modifier(Modifier::BOLD),
            footer: none.add_modifier(Modifier::REVERSED),
            footer_key: none.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            border: none,
            search_match: none.add_modifier(Modifier::UNDERLINED),
            search_current: none.add_modifier(Modifier::REVERSED),
            markdown: Styles::monochrome(),
            hyperlinks: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.x relative luminance of an sRGB colour (0 = black, 1 = white).
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG contrast ratio, 1 to 21.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The RGB of a colour whose value is known; `None` (the terminal's own colour) gives
    /// `default`. A palette colour other than black and white has no known value: it fails.
    fn rgb(c: Option<Color>, default: (u8, u8, u8), what: &str) -> (u8, u8, u8) {
        match c {
            None | Some(Color::Reset) => default,
            Some(Color::Rgb(r, g, b)) => (r, g, b),
            Some(Color::Black) => (0, 0, 0),
            Some(Color::White) => (255, 255, 255),
            Some(other) => panic!("{what}: palette colour {other:?} has no known contrast"),
        }
    }

    #[test]
    fn wcag_ratios_match_known_values() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        // #767676 on white is the usual example of the lightest grey that passes 4.5:1.
        let grey = contrast((118, 118, 118), (255, 255, 255));
        assert!((4.5..4.6).contains(&grey), "{grey}");
    }

    /// Every style of the light theme that draws text, chrome and lesson alike, is at least 4.5:1
    /// against its background: its own, or white for the terminal's (light) one. The terminal's
    /// own foreground is taken as black.
    #[test]
    fn light_theme_text_has_at_least_4_5_to_1_contrast_on_white() {
        let t = Theme::light();
        let mut styles = vec![
            ("base", t.base),
            ("title", t.title),
            ("muted", t.muted),
            ("accent", t.accent),
            ("selected", t.selected),
            ("done", t.done),
            ("warning", t.warning),
            ("footer", t.footer),
            ("footer_key", t.footer_key),
            ("border", t.border),
            ("search_match", t.search_match),
            ("search_current", t.search_current),
        ];
        let markdown = std::cell::RefCell::new(Vec::new());
        let _ = t.markdown.map(|s| {
            markdown.borrow_mut().push(("markdown", s));
            s
        });
        styles.extend(markdown.into_inner());
        assert!(styles.len() > 30, "every markdown style is checked too");
        for (name, s) in styles {
            let bg = rgb(s.bg, (255, 255, 255), name);
            let fg = rgb(s.fg, (0, 0, 0), name);
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{name} {s:?}: {ratio:.2}:1");
        }
    }
}
