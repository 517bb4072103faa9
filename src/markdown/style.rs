//! The named styles the renderer draws with.
use ratatui::style::{Color, Modifier, Style};

/// Styles the renderer uses, one per construct, so the UI can map any theme onto a lesson without
/// the renderer knowing about themes. [`Styles::default`] is a dark-terminal scheme in named ANSI
/// colours; [`Styles::plain`] has no colours or modifiers at all, for `NO_COLOR` and pipes.
#[derive(Debug, Clone, PartialEq)]
pub struct Styles {
    /// Body text; every other style is patched on top of it.
    pub text: Style,
    /// `#` title and its `═` underline.
    pub heading1: Style,
    /// `##` section and its `─` underline.
    pub heading2: Style,
    /// `###`.
    pub heading3: Style,
    /// `####` to `######`.
    pub heading4: Style,
    /// `*emphasis*`.
    pub emphasis: Style,
    /// `**strong**`.
    pub strong: Style,
    /// `~~strikethrough~~`.
    pub strike: Style,
    /// `` `inline code` ``.
    pub code_inline: Style,
    /// Text inside code boxes.
    pub code_block: Style,
    /// Code box borders and the wrap marker.
    pub code_border: Style,
    /// The language shown in a code box's top border.
    pub code_title: Style,
    /// Text inside block quotes (patched over `text`).
    pub quote: Style,
    /// The `│` bar in front of quoted lines.
    pub quote_bar: Style,
    /// Link text.
    pub link: Style,
    /// The ` (url)` after link text.
    pub link_url: Style,
    /// `───` thematic breaks.
    pub rule: Style,
    /// Table borders and the stacked layout's separators.
    pub table_border: Style,
    /// Header cells (and labels in the stacked layout).
    pub table_header: Style,
    /// Bullets and numbers of list items.
    pub list_marker: Style,
    /// Border of a sim panel.
    pub sim_panel: Style,
    /// `▶ Live simulation: MODEL` title.
    pub sim_title: Style,
    /// Border of a checkpoint panel.
    pub checkpoint_panel: Style,
    /// `? Checkpoint` title.
    pub checkpoint_title: Style,
    /// Secondary text: sim parameter keys, the checkpoint hint line.
    pub hint: Style,
}

impl Default for Styles {
    /// A dark-terminal scheme using only named ANSI colours, so it follows the user's palette.
    fn default() -> Self {
        let fg = |c: Color| Style::default().fg(c);
        Styles {
            text: Style::default(),
            heading1: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading2: fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            heading3: fg(Color::Green).add_modifier(Modifier::BOLD),
            heading4: Style::default().add_modifier(Modifier::BOLD | Modifier::ITALIC),
            emphasis: Style::default().add_modifier(Modifier::ITALIC),
            strong: Style::default().add_modifier(Modifier::BOLD),
            strike: Style::default().add_modifier(Modifier::CROSSED_OUT),
            code_inline: fg(Color::Yellow),
            code_block: fg(Color::LightYellow),
            code_border: fg(Color::DarkGray),
            code_title: fg(Color::Cyan).add_modifier(Modifier::ITALIC),
            quote: fg(Color::Gray).add_modifier(Modifier::ITALIC),
            quote_bar: fg(Color::DarkGray),
            link: fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            link_url: fg(Color::DarkGray),
            rule: fg(Color::DarkGray),
            table_border: fg(Color::DarkGray),
            table_header: Style::default().add_modifier(Modifier::BOLD),
            list_marker: fg(Color::Cyan),
            sim_panel: fg(Color::Green),
            sim_title: fg(Color::Green).add_modifier(Modifier::BOLD),
            checkpoint_panel: fg(Color::Magenta),
            checkpoint_title: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            hint: fg(Color::DarkGray),
        }
    }
}

impl Styles {
    /// No colours and no modifiers: a render with these styles is pure text.
    pub fn plain() -> Self {
        let s = Style::default();
        Styles {
            text: s,
            heading1: s,
            heading2: s,
            heading3: s,
            heading4: s,
            emphasis: s,
            strong: s,
            strike: s,
            code_inline: s,
            code_block: s,
            code_border: s,
            code_title: s,
            quote: s,
            quote_bar: s,
            link: s,
            link_url: s,
            rule: s,
            table_border: s,
            table_header: s,
            list_marker: s,
            sim_panel: s,
            sim_title: s,
            checkpoint_panel: s,
            checkpoint_title: s,
            hint: s,
        }
    }

    /// The style of a heading level (1-6).
    pub fn heading(&self, level: u8) -> Style {
        match level {
            1 => self.heading1,
            2 => self.heading2,
            3 => self.heading3,
            _ => self.heading4,
        }
    }
}

impl Styles {
    /// Applies `f` to every style: how the themes derive from one scheme without listing every
    /// construct again.
    pub fn map(self, f: impl Fn(Style) -> Style) -> Styles {
        Styles {
            text: f(self.text),
            heading1: f(self.heading1),
            heading2: f(self.heading2),
            heading3: f(self.heading3),
            heading4: f(self.heading4),
            emphasis: f(self.emphasis),
            strong: f(self.strong),
            strike: f(self.strike),
            code_inline: f(self.code_inline),
            code_block: f(self.code_block),
            code_border: f(self.code_border),
            code_title: f(self.code_title),
            quote: f(self.quote),
            quote_bar: f(self.quote_bar),
            link: f(self.link),
            link_url: f(self.link_url),
            rule: f(self.rule),
            table_border: f(self.table_border),
            table_header: f(self.table_header),
            list_marker: f(self.list_marker),
            sim_panel: f(self.sim_panel),
            sim_title: f(self.sim_title),
            checkpoint_panel: f(self.checkpoint_panel),
            checkpoint_title: f(self.checkpoint_title),
            hint: f(self.hint),
        }
    }

    /// Bold, italic and underline but no colour: for `NO_COLOR` in the TUI, where structure still
    /// needs to show.
    pub fn monochrome() -> Self {
        Styles::default().map(|s| Style {
            fg: None,
            bg: None,
            ..s
        })
    }

    /// For light terminal backgrounds: the dark scheme's pale colours swapped for deep ones from
    /// [`light`], given as RGB because palette colours (grey 7 above all) are pale on most light
    /// palettes and their contrast cannot be known.
    pub fn light() -> Self {
        Styles::default().map(|s| match s.fg {
            Some(Color::Cyan | Color::LightBlue) => s.fg(light::BLUE),
            Some(Color::Yellow | Color::LightYellow) => s.fg(light::RED),
            Some(Color::DarkGray) => s.fg(light::LINE),
            Some(Color::Gray) => s.fg(light::GREY),
            Some(Color::Green) => s.fg(light::GREEN),
            Some(Color::Magenta) => s.fg(light::MAGENTA),
            _ => s,
        })
    }

    /// Black and white with bold structure, for projectors: white text on black, no hues.
    pub fn high_contrast() -> Self {
        let base = Style::default().fg(Color::White).bg(Color::Black);
        Styles::default().map(|s| {
            let m = s.add_modifier;
            base.add_modifier(if s.fg.is_some() {
                m | Modifier::BOLD
            } else {
                m
            })
        })
    }
}

/// Text colours of the light theme, chosen for a contrast ratio of at least 4.5:1 (WCAG 2.x, AA
/// for body text) against a white background; the ratios, computed with the WCAG relative
/// luminance formula, are in each comment and checked by the theme's tests.
pub mod light {
    use ratatui::style::Color;

    /// Titles, links, headings, list markers (8.0:1 on white).
    pub const BLUE: Color = Color::Rgb(11, 79, 156);
    /// Warnings and code (8.1:1).
    pub const RED: Color = Color::Rgb(164, 0, 0);
    /// Done marks, sim panels (6.6:1).
    pub const GREEN: Color = Color::Rgb(26, 107, 26);
    /// Checkpoint panels, the accent (8.5:1).
    pub const MAGENTA: Color = Color::Rgb(139, 0, 139);
    /// Secondary text: stats, minutes, "unread", quotes (7.0:1).
    pub const GREY: Color = Color::Rgb(89, 89, 89);
    /// Borders, rules and hints: lighter than text yet still 4.5:1 (4.6:1).
    pub const LINE: Color = Color::Rgb(117, 117, 117);
}
