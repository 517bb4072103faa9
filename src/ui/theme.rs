//! Colours and text styles of the TUI, as plain data. The markdown styles are derived from the same
//! theme so lessons match the chrome around them.
use ratatui::style::{Color, Modifier, Style};

use crate::markdown::Styles;

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
            markdown: Styles::plain(),
        }
    }
}
