//! Classroom slides: a clean, large layout with the slide count, the slide text (scrolling, with a
//! "more" mark, when it does not fit) and under it the question box the screen module lays out
//! (prompt, choices with the room's votes as bars, the answer once revealed).
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::footer_line;
use super::home::truncate;
use super::theme::Theme;
use crate::screens::class::{ClassInfo, LivePhase};
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::slides::{Present, Tone, slide_width};
use crate::screens::state::App;

/// Draws the presenter screen.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Present, theme: &Theme) {
    let [top, body, _status_row, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // The status row is drawn by the chrome (`chrome::draw_status`).
    let lesson = app
        .catalog
        .lessons
        .get(p.lesson)
        .map_or("", |l| l.title.as_str());
    let count = if p.lobby {
        format!("lobby · {} slides ", p.slides.len())
    } else {
        format!("slide {}/{} ", p.index + 1, p.slides.len().max(1))
    };
    let name = truncate(
        lesson,
        usize::from(area.width).saturating_sub(count.len() + 3),
    );
    let pad = usize::from(area.width).saturating_sub(
        unicode_width::UnicodeWidthStr::width(name.as_str()) + count.chars().count() + 1,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {name}"), theme.muted),
            Span::raw(" ".repeat(pad)),
            Span::styled(count, theme.accent),
        ])),
        top,
    );
    if p.lobby
        && let Some(class) = &p.class
    {
        let mut line = match &p.goto_input {
            Some(input) => {
                let mut l = footer_line(&LineInput::focus_hints("go"), foot.width, theme);
                l.spans.insert(
                    0,
                    Span::styled(
                        format!(" go to slide: {}  ", input.with_cursor()),
                        theme.footer_key,
                    ),
                );
                l
            }
            None => footer_line(
                &keymap::footer_pairs(footers::SLIDES_LOBBY),
                foot.width,
                theme,
            ),
        };
        line.style = theme.footer;
        frame.render_widget(Paragraph::new(line).style(theme.footer), foot);
        draw_lobby(frame, body, class, theme);
        return;
    }
    let split = p.split((area.width, area.height));
    let keys = if p.vote_input.is_some() {
        LineInput::focus_hints("show votes")
    } else if p.goto_input.is_some() {
        LineInput::focus_hints("go")
    } else {
        let live = p.live().map(|l| (l.phase, l.round));
        // A prediction whose simulation has not run yet: the lock starts it.
        let predicting = p.live().is_some_and(|l| l.prediction) && p.watching().is_none();
        let running = p.watching().is_some_and(|o| !o.done());
        let footer = match (p.checkpoint().is_some(), p.class.is_some(), live) {
            (true, true, Some((LivePhase::Open, _))) if predicting => footers::SLIDES_OPEN_PREDICT,
            (true, true, Some((LivePhase::Open, _))) => footers::SLIDES_OPEN,
            (true, true, Some((LivePhase::Locked, 1))) if running => footers::SLIDES_RUNNING,
            (true, true, Some((LivePhase::Locked, _))) if running => footers::SLIDES_RUNNING_TWO,
            (true, true, Some((LivePhase::Locked, 1))) => footers::SLIDES_LOCKED,
            (true, true, Some((LivePhase::Revealed, _))) => footers::SLIDES_REVEALED,
            (true, true, Some((LivePhase::Locked, _))) => footers::SLIDES_LOCKED_TWO,
            (true, true, _) => footers::SLIDES_CLASS,
            (true, false, _) => footers::SLIDES_QUESTION,
            (false, ..) => footers::SLIDES,
        };
        let mut keys = keymap::footer_pairs(footer);
        if p.sim.is_some() && p.watching().is_none() {
            keys.splice(2..2, keymap::footer_pairs(footers::SLIDES_SIM));
        }
        if split.overflows && p.watching().is_none() {
            keys.splice(2..2, keymap::footer_pairs(footers::SLIDES_SCROLL));
        }
        keys
    };
    let mut foot_line = footer_line(&keys, foot.width, theme);
    let field = match (&p.vote_input, &p.goto_input) {
        (Some(input), _) => Some(format!(" votes: {}  ", input.with_cursor())),
        (None, Some(input)) => Some(format!(" go to slide: {}  ", input.with_cursor())),
        _ => None,
    };
    if let Some(field) = field {
        foot_line
            .spans
            .insert(0, Span::styled(field, theme.footer_key));
    }
    frame.render_widget(Paragraph::new(foot_line).style(theme.footer), foot);

    let width = slide_width(area.width).min(body.width);
    let slide = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: body.height.saturating_sub(1),
    };
    let [title_area, inner] =
        Layout::vertical([Constraint::Length(split.title), Constraint::Min(0)]).areas(slide);
    if let Some(title) = p.big_title((area.width, area.height)) {
        frame.render_widget(
            tui_big_text::BigText::builder()
                .pixel_size(tui_big_text::PixelSize::Quadrant)
                .style(theme.title)
                .lines(vec![Line::from(title.to_string())])
                .build(),
            title_area,
        );
    }
    // A prediction's run takes the text's place while the room watches it.
    let watching = p.watching();
    // A slide that fits has its question box right under its text, not at the bottom.
    let text_rows = if split.overflows || watching.is_some() {
        split.text
    } else {
        split.text.min(
            u16::try_from(p.rendered.text.lines.len().saturating_sub(split.skip))
                .unwrap_or(u16::MAX),
        )
    };
    let [text_area, q_area] = Layout::vertical([
        Constraint::Length(text_rows.min(inner.height)),
        Constraint::Length(split.question),
    ])
    .areas(inner);
    if let Some(run) = watching {
        let state = if run.done() { "ended" } else { "running" };
        let header = Line::from(vec![
            Span::styled(format!(" ▶ {} ", run.prediction.sim), theme.title),
            Span::styled(
                format!(
                    " the prediction's simulation: {}  ·  {state}",
                    run.progress()
                ),
                theme.muted,
            ),
        ]);
        super::sim_view::draw_watched(frame.buffer_mut(), text_area, &run.run, header, theme);
    }
    let shown = if watching.is_some() {
        0
    } else {
        usize::from(text_area.height).saturating_sub(usize::from(split.overflows))
    };
    let scroll = p.scroll.min(split.max_scroll);
    let lines: Vec<Line> = p
        .rendered
        .text
        .lines
        .iter()
        .skip(split.skip + scroll)
        .take(shown)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    if split.overflows && text_area.height > 0 && watching.is_none() {
        let above = scroll > 0;
        let below = scroll < split.max_scroll;
        let mark = match (above, below) {
            (true, true) => "▲▼ more",
            (true, false) => "▲ more above",
            _ => "▼ more below",
        };
        let row = Rect {
            y: text_area.y + text_area.height - 1,
            height: 1,
            ..text_area
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(mark, theme.accent)))
                .alignment(ratatui::layout::Alignment::Right),
            row,
        );
    }

    // The slide's simulation, live in its panel (in the text's part of the screen only).
    if let Some((block, run)) = &p.sim
        && watching.is_none()
        && let Some(live) = p.rendered.live.iter().find(|l| l.block == *block)
    {
        let sim_area = Rect {
            height: u16::try_from(shown).unwrap_or(u16::MAX),
            ..text_area
        };
        super::sim_view::draw_in_panel(
            frame,
            sim_area,
            split.skip + scroll,
            live,
            run,
            keymap::Context::Present,
            theme,
        );
    }

    if q_area.height > 0 {
        let rows = p.question_rows(
            usize::from(q_area.width.saturating_sub(2)).max(1),
            usize::from(q_area.height.saturating_sub(2)),
        );
        let lines: Vec<Line> = rows
            .into_iter()
            .map(|r| {
                let style = match r.tone {
                    Tone::Prompt => theme.title,
                    Tone::Plain => theme.base,
                    Tone::Right => theme.done,
                    Tone::Muted => theme.muted,
                    Tone::Accent => theme.accent,
                };
                Line::from(Span::styled(r.text, style))
            })
            .collect();
        frame.render_widget(ratatui::widgets::Clear, q_area);
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.accent)
                    .title(Span::styled(" Question ", theme.title)),
            ),
            q_area,
        );
    }
}

/// The lobby of a live class: how to join (one `ssh` line per address), the class code, the host
/// key's fingerprint, and who has joined so far.
fn draw_lobby(frame: &mut Frame, body: Rect, class: &ClassInfo, theme: &Theme) {
    let width = slide_width(body.width).min(body.width);
    let inner = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: body.height.saturating_sub(1),
    };
    let w = usize::from(width).max(1);
    let mut lines = vec![
        Line::from(Span::styled("Join the class", theme.title)),
        Line::from(""),
        Line::from(Span::styled("In a terminal, type:", theme.base)),
    ];
    for l in &class.join_lines {
        lines.push(Line::from(Span::styled(format!("  {l}"), theme.accent)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("Class code: ", theme.base),
        Span::styled(class.code.clone(), theme.title),
    ]));
    // On a tall screen the code also comes in big digits, to be read from the back of the room.
    let mut big_code = None;
    if body.height + 4 >= crate::screens::slides::BIG_TITLE_MIN_ROWS {
        let row = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let big = Rect {
            y: inner.y.saturating_add(row).min(inner.bottom()),
            height: 4.min(inner.height.saturating_sub(row)),
            ..inner
        };
        lines.extend(std::iter::repeat_n(Line::from(""), usize::from(big.height)));
        big_code = Some(big);
    }
    lines.push(Line::from(Span::styled(
        format!("Host key: {}", class.fingerprint),
        theme.muted,
    )));
    lines.push(Line::from(""));
    let joined = if class.anonymous {
        format!("Joined: {} (anonymous class: no names)", class.connected)
    } else {
        format!("Joined: {}", class.connected)
    };
    lines.push(Line::from(Span::styled(joined, theme.accent)));
    let names = class.names.join(" · ");
    for row in crate::markdown::wrap_plain(&names, w) {
        if !row.is_empty() {
            lines.push(Line::from(Span::styled(row, theme.base)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(big) = big_code {
        frame.render_widget(
            tui_big_text::BigText::builder()
                .pixel_size(tui_big_text::PixelSize::Quadrant)
                .style(theme.title)
                .lines(vec![Line::from(class.code.clone())])
                .build(),
            big,
        );
    }
}
