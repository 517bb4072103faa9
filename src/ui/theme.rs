//! Colours and text styles of the TUI, as plain data. The markdown styles are derived from the same
//! theme so lessons match the chrome around them.
use ratatui::style::{Color, Modifier, Style};

use crate::markdown::Styles;

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
        Theme {
            base: Style::default(),
            title: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            muted: Style::default().fg(Color::Gray),
            accent: Style::default().fg(Color::Magenta),
            selected: Style::default().fg(Color::White).bg(Color::Blue),
            done: Style::default().fg(Color::Green),
            warning: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            footer: Style::default()
                .fg(Color::Black)
                .bg(Color::Rgb(220, 224, 232)),
            footer_key: Style::default()
                .fg(Color::Blue)
                .bg(Color::Rgb(220, 224, 232))
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::Gray),
            search_match: Style::default().fg(Color::Black).bg(Color::LightYellow),
            search_current: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
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
