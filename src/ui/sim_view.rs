//! The live simulation view: the block's chosen view (capacity against offered load, cold share,
//! open connections, monthly cost, the environment timeline, ...) gets the space, with one line of
//! the numbers a learner watches, the parameters and, when wide, a summary per deployment. The
//! same drawing serves the full-screen view, the panel inside a lesson and the panel on a slide.
//!
//! Charts keep their legend on the title row (never over the data), carry units on their axes or
//! title, and tell series apart by marker as well as colour, so they still read under NO_COLOR.
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Row, Table, Widget,
};

use super::footer_line;
use super::home::truncate;
use super::theme::Theme;
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::sim::{SPEEDS, SimRun};
use crate::sim::cold_start::EnvState;
use crate::sim::live::{Chart as SimChart, Snapshot};

/// Line colours, in order, when the theme has colour.
const PALETTE: &[Color] = &[
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::LightRed,
];

/// Markers of measured series, in order: each line differs by shape as well as by colour.
const MARKERS: &[(Marker, &str)] = &[
    (Marker::Braille, "⣀⣀"),
    (Marker::Bar, "▄▄"),
    (Marker::Block, "██"),
    (Marker::Dot, "••"),
];

/// Reference lines (the offered load, the e^(-λT) estimate, a limit) are dotted.
const REFERENCE: (Marker, &str) = (Marker::Dot, "••");

/// Whether a line is a reference for the measured ones rather than a measurement.
fn is_reference(label: &str) -> bool {
    matches!(label, "offered" | "e^(-λT)")
}

/// "1:02:03" for a simulated time.
fn clock(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// "1000x", "3.2x".
fn speed_text(x: f64) -> String {
    if x >= 10.0 || x.fract() == 0.0 {
        format!("{x:.0}x")
    } else {
        format!("{x:.1}x")
    }
}

/// The status line: a glyph for running or paused, the model, time, the speed really achieved,
/// running or paused. The cost model has no time, so none of that: no glyph, and it says it is
/// computed.
fn status_line(run: &SimRun, compact: bool, theme: &Theme) -> Line<'static> {
    let snap = &run.snapshot;
    // "▶" while time runs, "‖" while paused, no glyph for a model without time.
    let glyph = match (run.timed(), run.paused) {
        (false, _) => "",
        (true, false) => "▶ ",
        (true, true) => "‖ ",
    };
    let mut spans = vec![Span::styled(
        format!(" {glyph}{} ", snap.model),
        theme.title,
    )];
    if !run.timed() {
        spans.push(Span::styled(
            format!(" monthly costs, computed  ·  view {}", snap.view),
            theme.muted,
        ));
        return Line::from(spans);
    }
    let state = if run.paused { "paused" } else { "running" };
    let (speed, short) = run.shown_speed();
    spans.push(Span::styled(
        format!(" t = {}  ·  ", clock(snap.now_ms)),
        theme.muted,
    ));
    if short && !run.paused {
        spans.push(Span::styled(
            format!(
                "{} ({} asked)",
                speed_text(speed),
                speed_text(SPEEDS[run.speed])
            ),
            theme.warning,
        ));
    } else {
        spans.push(Span::styled(speed_text(SPEEDS[run.speed]), theme.muted));
    }
    let seed = if compact {
        String::new()
    } else {
        format!("  ·  seed {}", snap.seed)
    };
    spans.push(Span::styled(format!("  ·  {state}{seed}"), theme.muted));
    Line::from(spans)
}

/// `line` fitted to `width` columns: as it is when it fits, else with its wide separators
/// ("  ·  ") narrowed, else without its last span (a key hint), so the time, the speed and the
/// running state stay readable at 80 columns.
fn fit_status(line: Line<'static>, width: u16, hint: bool) -> Line<'static> {
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut after_space = false;
    for s in line.spans {
        let mut text = s.content.replace("  ·  ", " · ").replace("  ", " ");
        // One space where two spans meet with a space each.
        if after_space && text.starts_with(' ') {
            text.remove(0);
        }
        after_space = text.ends_with(' ');
        spans.push(Span::styled(text, s.style));
    }
    if hint && Line::from(spans.clone()).width() > width {
        spans.pop();
    }
    Line::from(spans)
}

/// Draws the full-screen view.
pub fn draw(frame: &mut Frame, area: Rect, run: &SimRun, theme: &Theme) {
    let [title, numbers, body, params, msg, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(numbers_height(&run.snapshot, area.width)),
        Constraint::Min(6),
        Constraint::Length(param_rows_height(run, area)),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let buf = frame.buffer_mut();
    Paragraph::new(fit_status(
        status_line(run, false, theme),
        title.width,
        false,
    ))
    .render(title, buf);
    draw_numbers(buf, numbers, &run.snapshot, theme);
    draw_body(buf, body, &run.snapshot, theme);
    draw_params(buf, params, run, theme);
    let text = match (&run.input, &run.message) {
        (Some(input), _) => {
            let name = run.snapshot.params.get(run.selected).map_or("", |p| p.name);
            Line::from(vec![
                Span::styled(format!(" {name} = "), theme.accent),
                Span::styled(input.with_cursor(), theme.selected),
            ])
        }
        (None, Some(m)) => Line::from(Span::styled(format!(" {m}"), theme.muted)),
        _ => Line::from(""),
    };
    Paragraph::new(text).render(msg, buf);
    let keys = if run.input.is_some() {
        LineInput::focus_hints("set")
    } else if run.timed() {
        keymap::footer_pairs(footers::SIM)
    } else {
        keymap::footer_pairs(footers::SIM_UNTIMED)
    };
    Paragraph::new(footer_line(&keys, foot.width, theme))
        .style(theme.footer)
        .render(foot, buf);
}

/// Draws the compact view into a panel's reserved cells (`panel.area`, in rows of the rendered
/// text) within `view`, the screen rectangle showing that text from row `scroll`, and the
/// panel's parameter rows with the run's values once they differ from the block's. Whatever part of the
/// panel is on screen is drawn: the panel is drawn whole off screen and its visible rows copied,
/// so a chart whose title has scrolled away still shows. `context` is the screen's key context:
/// the panel names the key that opens it full screen only where there is one.
pub fn draw_in_panel(
    frame: &mut Frame,
    view: Rect,
    scroll: usize,
    panel: &crate::markdown::LiveRow,
    run: &SimRun,
    context: keymap::Context,
    theme: &Theme,
) {
    draw_panel_params(frame, view, scroll, panel, run, theme);
    let area = &panel.area;
    let bottom = scroll + usize::from(view.height);
    let (top, end) = (area.row, area.row + area.height);
    if area.height == 0 || end <= scroll || top >= bottom {
        return;
    }
    let x = view.x + u16::try_from(area.col).unwrap_or(u16::MAX).min(view.width);
    let width = u16::try_from(area.width)
        .unwrap_or(u16::MAX)
        .min(view.x + view.width - x);
    let height = u16::try_from(area.height).unwrap_or(u16::MAX);
    let whole = Rect::new(0, 0, width, height);
    let mut off = Buffer::empty(whole);
    // Keep the lesson's styling under the panel where the panel draws nothing.
    off.set_style(whole, theme.base);
    draw_compact(&mut off, whole, run, context, theme);
    let first = scroll.max(top);
    let last = bottom.min(end);
    let out = frame.buffer_mut();
    for row in first..last {
        let src_y = (row - top) as u16;
        let dst_y = view.y + (row - scroll) as u16;
        for col in 0..width {
            if let (Some(src), Some(dst)) = (off.cell((col, src_y)), out.cell_mut((x + col, dst_y)))
            {
                *dst = src.clone();
            }
        }
    }
}

/// Rewrites a panel's parameter rows (between its title border and its reserved area, as the
/// lesson rendered them from the block) with the run's current values, once a change (made full
/// screen, then handed back) makes the block's text wrong. Changed values come first and are
/// highlighted; a parameter the block does not set but the learner changed is added. Rows that
/// do not hold every pair end in "…", which only ever hides unchanged ones.
fn draw_panel_params(
    frame: &mut Frame,
    view: Rect,
    scroll: usize,
    panel: &crate::markdown::LiveRow,
    run: &SimRun,
    theme: &Theme,
) {
    let mut pairs = run.panel_params();
    if !pairs.iter().any(|p| p.changed) {
        return;
    }
    // Stable: the changed in the order they come, then the block's others in its order.
    pairs.sort_by_key(|p| !p.changed);
    let first = panel.row + 1;
    let rows = panel.area.row.saturating_sub(first);
    // The text between the panel's one-column paddings.
    let width = panel.area.width.saturating_sub(2);
    if rows == 0 || width == 0 {
        return;
    }
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
    let mut used = 0;
    for (i, p) in pairs.iter().enumerate() {
        let pair = w(&p.name) + 1 + w(&p.value);
        let sep = if i == 0 { 0 } else { 3 };
        let mut line_used = used;
        if i > 0 && used + sep + pair > width {
            lines.push(Vec::new());
            line_used = 0;
        }
        let line = lines.last_mut().expect("one line at least");
        if line_used > 0 {
            line.push(Span::styled(" · ", theme.muted));
            line_used += 3;
        }
        line.push(Span::styled(format!("{}=", p.name), theme.muted));
        let style = if p.changed { theme.accent } else { theme.base };
        line.push(Span::styled(p.value.clone(), style));
        used = line_used + pair;
    }
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            last.push(Span::styled(" …", theme.muted));
        }
    }
    let x = view.x + u16::try_from(panel.area.col + 1).unwrap_or(u16::MAX);
    let right = view.x + view.width;
    if x >= right {
        return;
    }
    let cols = u16::try_from(width).unwrap_or(u16::MAX).min(right - x);
    let buf = frame.buffer_mut();
    for r in 0..rows {
        let Some(screen_row) = (first + r).checked_sub(scroll) else {
            continue;
        };
        if screen_row >= usize::from(view.height) {
            continue;
        }
        let y = view.y + screen_row as u16;
        let row = Rect::new(x, y, cols, 1);
        buf.set_style(row, theme.base);
        for col in x..x + cols {
            if let Some(cell) = buf.cell_mut((col, y)) {
                cell.set_symbol(" ");
            }
        }
        if let Some(spans) = lines.get(r) {
            let text = Line::from(spans.clone());
            Paragraph::new(text).render(row, buf);
        }
    }
}

/// The panel's hint for opening the simulation full screen.
const OPEN_FULL_SCREEN: keymap::Hint = keymap::Hint {
    actions: &[keymap::Action::OpenSim],
    label: "full screen",
    keys: 1,
};

/// Draws a compact view into a lesson's sim panel: the status, the watched numbers, then the
/// block's view across the rest.
pub fn draw_compact(
    buf: &mut Buffer,
    area: Rect,
    run: &SimRun,
    context: keymap::Context,
    theme: &Theme,
) {
    if area.height == 0 || area.width < 10 {
        return;
    }
    let [title, numbers, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(numbers_height(&run.snapshot, area.width)),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut line = status_line(run, true, theme);
    let hint = keymap::hint_keys(context, &OPEN_FULL_SCREEN);
    if let Some(key) = &hint {
        line.spans.push(Span::styled(
            format!("  ({key}: {})", OPEN_FULL_SCREEN.label),
            theme.muted,
        ));
    }
    let line = fit_status(line, title.width, hint.is_some());
    Paragraph::new(line).render(title, buf);
    draw_numbers(buf, numbers, &run.snapshot, theme);
    draw_view(buf, body, &run.snapshot, theme);
}

/// Draws a run the room watches rather than drives (a prediction's simulation on the projector):
/// `header` (what runs and how far it is) in place of the speed line, then the watched numbers
/// and the model's view.
pub fn draw_watched(
    buf: &mut Buffer,
    area: Rect,
    run: &SimRun,
    header: Line<'static>,
    theme: &Theme,
) {
    if area.height == 0 || area.width < 10 {
        return;
    }
    let [title, numbers, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(numbers_height(&run.snapshot, area.width)),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(header).render(title, buf);
    draw_numbers(buf, numbers, &run.snapshot, theme);
    draw_view(buf, body, &run.snapshot, theme);
}

/// A count, or 0 when the summary does not carry it.
fn extra(s: &crate::sim::report::Summary, name: &str) -> f64 {
    s.extra
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0.0, |(_, f)| f.as_f64())
}

/// The few numbers a learner watches, as parts joined by " · " and wrapped by
/// [`numbers_lines`], chosen by the view: cold share against its estimate, connections against
/// the limit, the break-even volumes, or per deployment what was served, dropped and cold.
fn key_numbers(snap: &Snapshot) -> Vec<String> {
    if let Some(c) = &snap.cost {
        let requests = snap
            .params
            .iter()
            .find(|p| p.name == "requests")
            .and_then(|p| p.value.parse::<f64>().ok());
        let mut parts = Vec::new();
        if let Some(r) = requests {
            parts.push(format!("at {} req/month", compact(r)));
        }
        let mut even = format!(
            "break-even: EC2 at {}",
            compact(c.break_even_requests_per_month)
        );
        if c.break_even_onprem_requests_per_month.is_finite() {
            even.push_str(&format!(
                ", on-prem at {}",
                compact(c.break_even_onprem_requests_per_month)
            ));
        }
        even.push_str(" req/month");
        parts.push(even);
        return parts;
    }
    if let (Some((_, s)), Some(chart)) = (
        snap.summaries.first(),
        snap.charts.iter().find(|c| c.id == "cold_share"),
    ) && matches!(snap.view, "cold-share" | "timeline")
    {
        // The estimate depends on the parameters, not on the run: it shows before the first
        // request too (after a reset).
        let estimate = s
            .figure("expected_cold_start_ratio")
            .filter(|p| p.is_finite())
            .or_else(|| {
                chart
                    .lines
                    .iter()
                    .find(|l| l.label == "e^(-λT)")
                    .and_then(|l| l.points.last())
                    .map(|p| p.1)
            })
            .map(|p| format!("e^(-λT) estimate {}", percent(p)));
        let observed = if s.requests == 0 {
            "no requests yet".to_string()
        } else {
            format!(
                "{} of {} requests started cold ({})",
                compact(s.cold_starts as f64),
                compact(s.requests as f64),
                percent(s.cold_start_ratio)
            )
        };
        return std::iter::once(observed).chain(estimate).collect();
    }
    if snap.model == "db-connections"
        && let Some((_, s)) = snap.summaries.first()
    {
        return vec![
            format!(
                "open {} · peak {} of db_limit {}",
                compact(extra(s, "open_connections_now")),
                compact(extra(s, "peak_connections")),
                compact(extra(s, "db_limit")),
            ),
            format!("{} refused", compact(extra(s, "refused_connections"))),
            format!("{} failed requests", compact(extra(s, "failed_requests"))),
        ];
    }
    snap.summaries
        .iter()
        .map(|(name, s)| {
            let mut p = format!("{name}: {} served", compact(s.served as f64));
            if s.dropped > 0 {
                p.push_str(&format!(", {} dropped", compact(s.dropped as f64)));
            }
            if s.cold_starts > 0 {
                p.push_str(&format!(", {:.1}% cold", s.cold_start_ratio * 100.0));
            }
            if let Some(p95) = s.latency_ms.p95 {
                p.push_str(&format!(", p95 {}", duration(p95)));
            }
            p
        })
        .collect()
}

/// A share as a percentage: whole percents, one decimal under 1 % so a small share never reads
/// as "0%" (0.0025 -> "0.3%"), "<0.1%" below that, and "0%" only for none at all.
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 0.05 {
        "<0.1%".to_string()
    } else if p > 0.0 && p < 0.95 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// Most rows the numbers may wrap to before the last is cut: one per deployment of the scaling
/// model, whose four summaries each take a row at 80 columns at extreme settings.
const NUMBERS_MAX_ROWS: usize = 4;

/// The parts of [`key_numbers`] joined by " · " into lines of at most `width` columns (a part
/// never split across lines), at most [`NUMBERS_MAX_ROWS`] of them; only a part longer than a
/// whole line, or more parts than the rows hold, is cut.
fn numbers_lines(parts: &[String], width: usize) -> Vec<String> {
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(line) if w(line) + 3 + w(part) <= width => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ => lines.push(format!(" {part}")),
        }
    }
    if lines.len() > NUMBERS_MAX_ROWS {
        let rest = lines.split_off(NUMBERS_MAX_ROWS - 1).join(" · ");
        lines.push(rest);
    }
    lines.into_iter().map(|l| truncate(&l, width)).collect()
}

/// A latency for the numbers line: "120 ms", "2.1 s", "930 s".
fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{} s", compact(ms / 1000.0))
    }
}

/// Rows the numbers take at `width` (at least one).
fn numbers_height(snap: &Snapshot, width: u16) -> u16 {
    numbers_lines(&key_numbers(snap), usize::from(width))
        .len()
        .max(1) as u16
}

/// Draws the numbers lines into `area`.
fn draw_numbers(buf: &mut Buffer, area: Rect, snap: &Snapshot, theme: &Theme) {
    let lines: Vec<Line> = numbers_lines(&key_numbers(snap), usize::from(area.width))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.accent)))
        .collect();
    Paragraph::new(lines).render(area, buf);
}

fn param_rows_height(run: &SimRun, area: Rect) -> u16 {
    let cols = (area.width / 34).max(1) as usize;
    let rows = run.snapshot.params.len().div_ceil(cols) as u16;
    // The view gets the space: a sixth of the screen for parameters (they scroll with the
    // selection), at least two rows.
    rows.min(area.height / 6).clamp(2, 10) + 1
}

/// The view across the body; when wide, the summary on the right.
fn draw_body(buf: &mut Buffer, area: Rect, snap: &Snapshot, theme: &Theme) {
    if area.height < 3 {
        return;
    }
    let (view, side) = if area.width >= 100 {
        let [view, side] =
            Layout::horizontal([Constraint::Percentage(66), Constraint::Percentage(34)])
                .areas(area);
        (view, Some(side))
    } else {
        (area, None)
    };
    match companion(snap.view) {
        // Tall enough for two: the view first, a chart that explains it below.
        Some(second) if view.height >= 28 => {
            let [a, b] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(view);
            draw_named_view(buf, a, snap, snap.view, theme);
            draw_named_view(buf, b, snap, second, theme);
        }
        _ => draw_view(buf, view, snap, theme),
    }
    if let Some(side) = side {
        draw_summary(buf, side, snap, theme);
    }
}

/// The view drawn under `view` when the screen is tall: the environments behind a cold share and
/// the cold share behind the environments, the latency a capacity shortfall causes, the requests
/// in flight that hold connections.
fn companion(view: &str) -> Option<&'static str> {
    match view {
        "timeline" => Some("cold-share"),
        "cold-share" => Some("timeline"),
        "capacity" => Some("latency"),
        "connections" => Some("concurrency"),
        _ => None,
    }
}

/// Draws the snapshot's view: the timeline, capacity per deployment, or the view's chart (the
/// first chart when the view has none yet).
fn draw_view(buf: &mut Buffer, area: Rect, snap: &Snapshot, theme: &Theme) {
    draw_named_view(buf, area, snap, snap.view, theme);
}

/// Draws one of the model's views by name (see [`draw_view`]).
fn draw_named_view(buf: &mut Buffer, area: Rect, snap: &Snapshot, view: &str, theme: &Theme) {
    if area.height < 3 {
        return;
    }
    if view == "timeline" {
        if !snap.timeline.is_empty() {
            draw_timeline(buf, area, snap, theme);
        }
        return;
    }
    let id = crate::sim::Model::from_name(snap.model)
        .ok()
        .and_then(|m| m.view_chart(view));
    let chart = id
        .and_then(|id| snap.charts.iter().find(|c| c.id == id))
        .or_else(|| snap.charts.first());
    match chart {
        Some(c) if per_deployment(c) => draw_per_deployment(buf, area, c, theme),
        Some(c) if c.id == "cost_vs_requests" => match &snap.cost {
            Some(cost) => draw_cost(buf, area, c, cost, theme),
            None => draw_chart(buf, area, c, theme),
        },
        Some(c) => draw_chart(buf, area, c, theme),
        None => {}
    }
}

/// Colour of the `i`-th line, or none without colour.
fn colour(i: usize, theme: &Theme) -> Style {
    if theme.has_color() {
        Style::default().fg(PALETTE[i % PALETTE.len()])
    } else {
        Style::default()
    }
}

/// The cost view: one row per option with its bar and monthly bill at the block's volume (so
/// every option has a row of its own and a readable figure, however close two bills are), then
/// the log–log chart of cost by volume below when there is room for it.
fn draw_cost(
    buf: &mut Buffer,
    area: Rect,
    chart: &SimChart,
    cost: &crate::sim::cost::CostReport,
    theme: &Theme,
) {
    let options = [
        ("Lambda", cost.lambda_usd),
        ("EC2", cost.ec2_usd),
        ("on-prem", cost.onprem_usd),
    ];
    let rows = (options.len() as u16).min(area.height);
    let [bars, rest] = Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
    let cheapest = options.iter().map(|o| o.1).fold(f64::INFINITY, f64::min);
    let top = options.iter().map(|o| o.1).fold(0.0f64, f64::max);
    let figures: Vec<String> = options.iter().map(|o| money(o.1)).collect();
    let figure_w = figures.iter().map(|f| f.len()).max().unwrap_or(0);
    // " on-prem  ████…  $1,367/month  cheapest"
    let fixed = 1 + 8 + 1 + figure_w + "/month".len() + "  cheapest".len();
    let bar_w = usize::from(bars.width).saturating_sub(fixed + 1).max(1);
    let lines: Vec<Line> = options
        .iter()
        .zip(&figures)
        .enumerate()
        .map(|(i, ((name, usd), figure))| {
            let len = if top > 0.0 {
                ((usd / top) * bar_w as f64).round() as usize
            } else {
                0
            };
            // A bill above zero always shows at least one cell.
            let len = if *usd > 0.0 { len.max(1) } else { 0 };
            let mut spans = vec![
                Span::styled(format!(" {name:<8}"), theme.muted),
                Span::styled("█".repeat(len), colour(i, theme)),
                Span::raw(" ".repeat(bar_w - len.min(bar_w) + 1)),
                Span::styled(format!("{figure:>figure_w$}/month"), theme.base),
            ];
            if *usd <= cheapest {
                spans.push(Span::styled("  cheapest", theme.accent));
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(bars, buf);
    if rest.height >= 5 {
        draw_chart(buf, rest, chart, theme);
    }
}

/// Dollars for a bill: "$12.26", "$1,906", "$0.00".
fn money(usd: f64) -> String {
    if usd.abs() < 1000.0 {
        return format!("${usd:.2}");
    }
    let whole = format!("{:.0}", usd.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}${out}", if usd < 0.0 { "-" } else { "" })
}

/// One drawn series: label, marker, legend symbol, style and points in plot coordinates.
struct Series<'a> {
    label: String,
    marker: Marker,
    symbol: &'static str,
    style: Style,
    points: std::borrow::Cow<'a, [(f64, f64)]>,
}

/// The legend as spans: each series' symbol in its style, then its label.
fn legend(series: &[Series], theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for s in series {
        spans.push(Span::styled(format!(" {}", s.symbol), s.style));
        spans.push(Span::styled(format!(" {} ", s.label), theme.muted));
    }
    spans
}

/// A y axis: bounds and labels, linear from 0 or by decades when `log`.
///
/// A log axis gets one label slot per plot row (`rows` of them), so that ratatui puts label `i`
/// on row `i` from the bottom, the row a value equal to that label is drawn on: with room, a
/// whole number of rows per decade (decades on every `r`-th row, the rows between unlabelled);
/// without, a whole number of decades per row. The top bound is stretched to fit, so a decade
/// never falls between rows. Why: with fewer labels than rows ratatui spreads them by integer
/// division and they drift a row from the values they name.
fn y_axis(lo: f64, hi: f64, log: bool, rows: u16, unit: &str) -> ([f64; 2], Vec<String>) {
    let money = unit.starts_with("USD");
    let fmt = |v: f64| {
        if money {
            format!("${}", compact(v))
        } else {
            compact(v)
        }
    };
    if log {
        // Cents are the smallest money worth a row.
        let lo = if money { lo.max(-2.0) } else { lo };
        let (a, b) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
        let decades = (b - a) as usize;
        let rows = usize::from(rows.max(2));
        let steps = rows - 1;
        if decades <= steps {
            let per = steps / decades;
            let labels = (0..rows)
                .map(|i| {
                    if i % per == 0 {
                        fmt(10f64.powf(a + (i / per) as f64))
                    } else {
                        String::new()
                    }
                })
                .collect();
            ([a, a + steps as f64 / per as f64], labels)
        } else {
            let per = decades.div_ceil(steps);
            let labels = (0..rows)
                .map(|i| fmt(10f64.powf(a + (i * per) as f64)))
                .collect();
            ([a, a + (steps * per) as f64], labels)
        }
    } else {
        let top = if hi <= 0.0 { 1.0 } else { hi };
        let labels = if rows >= 6 {
            vec![fmt(0.0), fmt(top / 2.0), fmt(top)]
        } else {
            vec![fmt(0.0), fmt(top)]
        };
        ([0.0, top], labels)
    }
}

/// The top of a linear y axis from 0 that holds `top` and puts `limit` exactly on a row of a
/// `rows`-row plot. Why: a chart maps a value to a row by rounding, and a braille line (four
/// dots a row) and a dotted line (one a row) round differently unless the value falls on a row
/// boundary; there, a line at the limit and the limit line share a row.
fn limit_top(limit: f64, top: f64, rows: u16) -> f64 {
    let last = f64::from(rows.saturating_sub(1));
    let top = top.max(limit * 1.1);
    if last < 2.0 {
        return top;
    }
    // Rows from the top down to the limit, at least one so the limit never sits on the top edge.
    let from_top = ((1.0 - limit / top) * last).ceil().max(1.0);
    if from_top >= last {
        return top;
    }
    limit * last / (last - from_top)
}

/// Draws one chart: the title, units and legend on the top row, the lines below (measured ones
/// solid, references dotted), a limit as a dotted horizontal line and marks as labelled vertical
/// lines. A log-scaled axis is labelled by decades.
fn draw_chart(buf: &mut Buffer, area: Rect, chart: &SimChart, theme: &Theme) {
    let tx = |x: f64| if chart.log_x { x.max(1e-9).log10() } else { x };
    let ty = |y: f64| {
        if chart.log_y { y.max(1e-3).log10() } else { y }
    };
    let mut series: Vec<Series> = Vec::new();
    let mut measured = 0;
    let all: Vec<&crate::sim::live::Line> = chart.lines.iter().collect();
    for (i, (label, l)) in merge_identical(&all).into_iter().enumerate() {
        let (marker, symbol) = if is_reference(&l.label) {
            REFERENCE
        } else {
            measured += 1;
            MARKERS[(measured - 1) % MARKERS.len()]
        };
        series.push(Series {
            label,
            marker,
            symbol,
            style: colour(i, theme),
            points: l.points.iter().map(|(x, y)| (tx(*x), ty(*y))).collect(),
        });
    }
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
    for p in series.iter().flat_map(|s| s.points.iter()) {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    if let Some(limit) = chart.limit {
        y1 = y1.max(ty(limit));
    }
    if !x0.is_finite() || !x1.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    // Time charts keep the whole run (coarser as it grows), so their axis starts at 0 s, not at
    // the end of the first stored interval.
    if !chart.log_x && chart.x_unit == "s" {
        x0 = x0.min(0.0);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    if !y1.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if chart.unit == "share" {
        y1 = 1.0;
    } else if !chart.log_y {
        y1 *= 1.1;
    }
    if let Some(limit) = chart.limit {
        series.push(Series {
            label: format!("limit {}", compact(limit)),
            marker: REFERENCE.0,
            symbol: REFERENCE.1,
            style: theme.warning,
            points: vec![(x0, ty(limit)), (x1, ty(limit))].into(),
        });
    }
    let lines = series.len();
    for m in &chart.marks {
        series.push(Series {
            // "break-even vs ec2: 14.2M req/month" -> "ec2 14.2M": the head says the rest.
            label: m
                .label
                .trim_start_matches("break-even vs ")
                .trim_end_matches(" req/month")
                .replace(':', ""),
            marker: Marker::Braille,
            symbol: "│",
            style: theme.warning,
            // Placed once the y bounds are known.
            points: Vec::new().into(),
        });
    }
    let title = if chart.unit.is_empty() || chart.unit == "share" {
        format!(" {} ", chart.title)
    } else {
        format!(" {} ({}) ", chart.title, chart.unit)
    };
    let width = usize::from(area.width);
    let spans_width = |k: &[Span]| k.iter().map(|s| s.width()).sum::<usize>();
    let mut key = legend(&series[..lines], theme);
    if !chart.marks.is_empty() {
        // Marks on a time axis are live changes (see `SimRun::refresh`); elsewhere, break-evens.
        let (what, short) = if chart.x_unit == "s" {
            (" changed (s):", " changed ")
        } else {
            (" break-even (req/month):", " break-even ")
        };
        let mut long = key.clone();
        long.push(Span::styled(what, theme.muted));
        long.extend(legend(&series[lines..], theme));
        if spans_width(&long) <= width {
            key = long;
        } else {
            // The volumes are on the numbers line; the chart says which lines they are.
            key.push(Span::styled(" │", theme.warning));
            key.push(Span::styled(short, theme.muted));
        }
    }
    let mut head = vec![Span::styled(title.clone(), theme.accent)];
    let key_width = spans_width(&key);
    let [head_area, rest] = if title.chars().count() + key_width <= width {
        head.extend(key);
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area)
    } else if area.height >= 8 {
        let [a, b, c] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Line::from(key)).render(b, buf);
        [a, c]
    } else {
        // Too short for two rows: the legend (what tells the lines apart) wins over the title.
        head = key;
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area)
    };
    // The plot's rows: the rest less the x axis and its labels.
    let graph_rows = rest.height.saturating_sub(2);
    if let Some(limit) = chart.limit.filter(|l| *l > 0.0 && !chart.log_y) {
        y1 = limit_top(limit, y1, graph_rows);
    }
    let (y_bounds, y_labels) = y_axis(y0, y1, chart.log_y, graph_rows, chart.unit);
    for (s, m) in series[lines..].iter_mut().zip(&chart.marks) {
        s.points = vec![(tx(m.x), y_bounds[0]), (tx(m.x), y_bounds[1])].into();
    }
    Paragraph::new(Line::from(head)).render(head_area, buf);
    let fmt_x = |x: f64| {
        if chart.log_x {
            compact(10f64.powf(x))
        } else {
            compact(x)
        }
    };
    // A limit is drawn first, so that a line at the limit covers the dotted row it sits on
    // rather than vanishing under it.
    let is_limit = |s: &&Series| s.label.starts_with("limit ");
    // On a time axis an interval with nothing to report has no point; the line breaks there
    // rather than drawing a slope across the empty intervals (see `gap_segments`).
    let time_axis = !chart.log_x && chart.x_unit == "s";
    let datasets: Vec<Dataset> = series
        .iter()
        .filter(is_limit)
        .chain(series.iter().filter(|s| !is_limit(s)))
        .flat_map(|s| {
            let parts = if time_axis {
                gap_segments(&s.points)
            } else {
                vec![&s.points[..]]
            };
            parts.into_iter().map(|part| {
                Dataset::default()
                    .marker(s.marker)
                    .graph_type(GraphType::Line)
                    .style(s.style)
                    .data(part)
            })
        })
        .collect();
    let x_labels = if chart.log_x {
        let (a, b) = (x0.ceil() as i32, x1.floor() as i32);
        let decades: Vec<String> = (a..=b).map(|d| fmt_x(f64::from(d))).collect();
        let fits = decades.iter().map(|d| d.len() + 2).sum::<usize>() + chart.x_unit.len()
            < usize::from(rest.width) / 2;
        if fits
            && decades.len() >= 2
            && (a as f64 - x0).abs() < 1e-9
            && (b as f64 - x1).abs() < 1e-9
        {
            let mut d = decades;
            if let Some(last) = d.last_mut() {
                last.push_str(&format!(" {}", chart.x_unit));
            }
            d
        } else {
            vec![fmt_x(x0), format!("{} {}", fmt_x(x1), chart.x_unit)]
        }
    } else {
        vec![fmt_x(x0), format!("{} {}", fmt_x(x1), chart.x_unit)]
    };
    let widget = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([x0, x1])
                .labels(x_labels)
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds(y_bounds)
                .labels(y_labels)
                .style(theme.muted),
        )
        .legend_position(None);
    widget.render(rest, buf);
    interleave_shared_rows(buf, rest, graph_rows, y_bounds, &series[..lines]);
}

/// A time series split where it skips intervals: the model stores no point for an interval in
/// which nothing was measured (README: "a gap, not 0 ms"), so consecutive points more than one
/// series step apart have an empty stretch between them and must not be joined. The step is the
/// smallest spacing between consecutive x values (seconds); a jump beyond 1.5 steps breaks the
/// line. A lone point between gaps stays a segment of one, which the chart draws as a dot.
fn gap_segments(points: &[(f64, f64)]) -> Vec<&[(f64, f64)]> {
    let step = points
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !step.is_finite() {
        return vec![points];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..points.len() {
        if points[i].0 - points[i - 1].0 > step * 1.5 {
            parts.push(&points[start..i]);
            start = i;
        }
    }
    parts.push(&points[start..]);
    parts
}

/// Two flat lines drawn with character markers on the same plot row (EC2 and on-prem costs a
/// few dollars apart on a short log axis) would show only the one drawn last: on that row their
/// cells alternate instead ("▄█▄█"), so each stays visible. `rows` is the plot's height from
/// the top of `area` and `bounds` its y bounds, as the chart was drawn.
fn interleave_shared_rows(
    buf: &mut Buffer,
    area: Rect,
    rows: u16,
    bounds: [f64; 2],
    series: &[Series],
) {
    let span = bounds[1] - bounds[0];
    if rows == 0 || span <= 0.0 {
        return;
    }
    let flat: Vec<(u16, char, Style)> = series
        .iter()
        .filter(|s| s.marker != Marker::Braille && !is_reference(&s.label))
        .filter_map(|s| {
            let y = s.points.first()?.1;
            if s.points.iter().any(|p| (p.1 - y).abs() > 1e-9) {
                return None;
            }
            let row = ((bounds[1] - y) / span * f64::from(rows - 1)).round();
            if !(0.0..f64::from(rows)).contains(&row) {
                return None;
            }
            Some((row as u16, s.symbol.chars().next()?, s.style))
        })
        .collect();
    for (i, (row, _, _)) in flat.iter().enumerate() {
        // The line drawn last on this row covers the others: alternate its cells with the
        // first one drawn there.
        let Some(last) = flat[i + 1..].iter().rev().find(|f| f.0 == *row) else {
            continue;
        };
        if flat[..i].iter().any(|f| f.0 == *row) {
            continue;
        }
        let (ch, style) = (flat[i].1, flat[i].2);
        let y = area.y + row;
        let mut k = 0;
        for x in area.x..area.right() {
            if let Some(cell) = buf.cell_mut((x, y))
                && cell.symbol().starts_with(last.1)
            {
                if k % 2 == 0 {
                    cell.set_char(ch).set_style(style);
                }
                k += 1;
            }
        }
    }
}

/// Whether `view`'s chart is drawn one small chart per deployment: capacity and instances
/// always, queue and latency when several deployments share them (a fixed fleet's queue of
/// minutes would otherwise flatten the Auto Scaling group's hump into the bottom row).
fn per_deployment(chart: &SimChart) -> bool {
    match chart.id {
        "capacity" | "instances" => true,
        "queue" | "latency_p50" | "latency_p95" | "latency_p99" => {
            chart
                .lines
                .iter()
                .filter(|l| !is_reference(&l.label))
                .count()
                > 1
        }
        _ => false,
    }
}

/// `lines` with those equal point for point to an earlier one folded into it, its label naming
/// both ("onprem = fixed"): two deployments with the same data are said to coincide rather than
/// one hiding under the other.
fn merge_identical<'a>(
    lines: &[&'a crate::sim::live::Line],
) -> Vec<(String, &'a crate::sim::live::Line)> {
    let mut out: Vec<(String, &crate::sim::live::Line)> = Vec::new();
    for l in lines {
        match out
            .iter_mut()
            .find(|(_, o)| o.points == l.points && !o.points.is_empty())
        {
            Some((label, _)) => {
                label.push_str(" = ");
                label.push_str(&l.label);
            }
            None => out.push((l.label.clone(), l)),
        }
    }
    out
}

/// One small chart per deployment, each on its own scale, so Lambda's hundreds of environments
/// do not flatten a fleet of a few instances: capacity (req/s) against the offered load, the
/// instances / environments count, the queue (req) or a latency percentile (ms). A shared
/// legend and time range on the top row; a 2x2 grid when tall enough, else side by side.
/// Deployments with identical series share one chart ("onprem = fixed").
fn draw_per_deployment(buf: &mut Buffer, area: Rect, chart: &SimChart, theme: &Theme) {
    let offered = chart.lines.iter().find(|l| l.label == "offered");
    let deployments: Vec<&crate::sim::live::Line> = chart
        .lines
        .iter()
        .filter(|l| l.label != "offered")
        .collect();
    let deployments = merge_identical(&deployments);
    if deployments.is_empty() {
        return;
    }
    let t_end = chart
        .lines
        .iter()
        .filter_map(|l| l.points.last())
        .map(|p| p.0)
        .fold(0.0f64, f64::max);
    let [head, grid] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let unit = if chart.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", chart.unit)
    };
    let mut head_title = format!(" {}{unit}, 0-{} s", chart.title, compact(t_end));
    // ": ⣀⣀ capacity  •• offered " takes 26 columns: when the whole title leaves less, its first
    // word says enough ("Capacity (req/s), 0-86k s:").
    if offered.is_some() && head_title.chars().count() + 26 > usize::from(area.width) {
        let word = chart.title.split(' ').next().unwrap_or(chart.title);
        head_title = format!(" {word}{unit}, 0-{} s", compact(t_end));
    }
    let mut spans = vec![Span::styled(head_title.clone(), theme.accent)];
    if offered.is_some() {
        spans.push(Span::styled(":", theme.accent));
        spans.push(Span::styled(format!(" {}", MARKERS[0].1), colour(0, theme)));
        spans.push(Span::styled(" capacity ", theme.muted));
        spans.push(Span::styled(format!(" {}", REFERENCE.1), colour(1, theme)));
        spans.push(Span::styled(" offered ", theme.muted));
    } else if head_title.chars().count() + 20 <= usize::from(area.width) {
        spans.push(Span::styled(", each on its own scale", theme.muted));
    }
    if !chart.marks.is_empty() {
        // Live changes, as on a single chart; their values are in the parameter grid.
        spans.push(Span::styled(" │", theme.warning));
        spans.push(Span::styled(" changed ", theme.muted));
    }
    Paragraph::new(Line::from(spans)).render(head, buf);
    // "now 700/s" under capacity, "now 12" under a count, "now 480 ms" under a latency.
    let per = match chart.unit {
        "req/s" => "/s".to_string(),
        "" => String::new(),
        u => format!(" {u}"),
    };
    let n = deployments.len();
    let cells: Vec<Rect> = if grid.height >= 12 && n > 2 {
        let rows = n.div_ceil(2);
        let row_areas = Layout::vertical(vec![Constraint::Fill(1); rows]).split(grid);
        row_areas
            .iter()
            .flat_map(|r| {
                Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                    .spacing(2)
                    .split(*r)
                    .to_vec()
            })
            .collect()
    } else {
        Layout::horizontal(vec![Constraint::Fill(1); n])
            .spacing(2)
            .split(grid)
            .to_vec()
    };
    for ((label, line), cell) in deployments.iter().zip(cells) {
        let cap: Vec<(f64, f64)> = line.points.clone();
        let off: Vec<(f64, f64)> = offered.map(|l| l.points.clone()).unwrap_or_default();
        let top = cap.iter().chain(&off).map(|p| p.1).fold(0.0f64, f64::max) * 1.1;
        let top = if top > 0.0 { top } else { 1.0 };
        let now = cap.last().map_or(0.0, |p| p.1);
        let [title, plot] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(cell);
        // A row of time labels under the plot once it keeps at least four rows of data.
        let (plot, time_row) = if plot.height >= 5 {
            let [p, t] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(plot);
            (p, Some(t))
        } else {
            (plot, None)
        };
        // " lambda now 1290/s", or without "now" where the cell is too narrow for it.
        let value = format!("{}{per}", compact(now));
        let label_w = unicode_width::UnicodeWidthStr::width(label.as_str());
        let now_text = if 1 + label_w + 5 + value.len() <= usize::from(cell.width) {
            format!(" now {value}")
        } else {
            format!(" {value}")
        };
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {label}"), theme.title),
            Span::styled(now_text, theme.muted),
        ]))
        .render(title, buf);
        // Each deployment's series may end a sampling interval apart; its own end keeps the
        // capacity and offered lines side by side to the right edge.
        let end = cap
            .last()
            .map_or(0.0, |p| p.0)
            .max(off.last().map_or(0.0, |p| p.0));
        let x1 = if end > 0.0 { end } else { 1.0 };
        let marks: Vec<[(f64, f64); 2]> = chart
            .marks
            .iter()
            .map(|m| [(m.x, 0.0), (m.x, top)])
            .collect();
        let mut datasets: Vec<Dataset> = marks
            .iter()
            .map(|m| {
                Dataset::default()
                    .marker(Marker::Braille)
                    .graph_type(GraphType::Line)
                    .style(theme.warning)
                    .data(m)
            })
            .collect();
        datasets.extend([Dataset::default()
            .marker(REFERENCE.0)
            .graph_type(GraphType::Line)
            .style(colour(1, theme))
            .data(&off)]);
        // Latency and queue series leave empty intervals out, as on a single chart.
        datasets.extend(gap_segments(&cap).into_iter().map(|part| {
            Dataset::default()
                .marker(MARKERS[0].0)
                .graph_type(GraphType::Line)
                .style(colour(0, theme))
                .data(part)
        }));
        let y_labels = [compact(0.0), compact(top)];
        // Where the chart puts its y axis: after the widest y label (at most a third of the width).
        let label_w = y_labels.iter().map(String::len).max().unwrap_or(0) as u16;
        let graph_x = plot.x + label_w.min(plot.width / 3) + 1;
        Chart::new(datasets)
            .x_axis(Axis::default().bounds([0.0, x1]))
            .y_axis(
                Axis::default()
                    .bounds([0.0, top])
                    .labels(y_labels)
                    .style(theme.muted),
            )
            .legend_position(None)
            .render(plot, buf);
        if let Some(row) = time_row {
            let graph = Rect::new(graph_x, row.y, plot.right().saturating_sub(graph_x), 1);
            Paragraph::new(time_labels(x1, graph.width))
                .style(theme.muted)
                .render(graph, buf);
        }
    }
}

/// The time axis of a small chart as one row `width` columns wide under its plot: "0" at the
/// left edge, the end ("7152 s") at the right and the middle between them when it fits with a
/// space on each side. `end` is in seconds, labelled as the single charts label theirs.
fn time_labels(end: f64, width: u16) -> String {
    let width = usize::from(width);
    let last = format!("{} s", compact(end));
    let mut row: Vec<char> = vec![' '; width];
    let put = |row: &mut Vec<char>, at: usize, text: &str| {
        for (i, c) in text.chars().enumerate() {
            if let Some(cell) = row.get_mut(at + i) {
                *cell = c;
            }
        }
    };
    if width < last.len() + 2 {
        put(&mut row, 0, "0");
        return row.into_iter().collect();
    }
    put(&mut row, 0, "0");
    let end_at = width - last.len();
    let mid = compact(end / 2.0);
    let mid_at = (width / 2).saturating_sub(mid.len() / 2);
    if mid_at >= 2 && mid_at + mid.len() < end_at {
        put(&mut row, mid_at, &mid);
    }
    put(&mut row, end_at, &last);
    row.into_iter().collect()
}

/// A short number label: 1.2M, 35k, 550, 2.5, 0.61.
fn compact(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.1}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 10.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else if a >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Execution environments over the recent past: one row each, INIT, busy and idle by colour.
fn draw_timeline(buf: &mut Buffer, area: Rect, snap: &Snapshot, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            " Environments: ▓ init  █ busy  ░ idle  · gone ",
            theme.accent,
        ));
    let inner = block.inner(area);
    (block).render(area, buf);
    let width = usize::from(inner.width.saturating_sub(6)).max(1);
    let window = (snap.now_ms).clamp(60_000.0, 7_200_000.0);
    let start = snap.now_ms - window;
    let mut envs: Vec<u64> = snap
        .timeline
        .iter()
        .filter(|s| s.end_ms >= start)
        .map(|s| s.env)
        .collect();
    envs.sort_unstable();
    envs.dedup();
    // States differ by character; colour only adds to that when the theme has it.
    let tint = |c: Color| {
        if theme.has_color() {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    };
    let rows = usize::from(inner.height);
    let shown: Vec<u64> = envs.iter().rev().take(rows).rev().copied().collect();
    let mut lines = Vec::new();
    for env in shown {
        let mut cells = vec![('·', theme.muted); width];
        for seg in snap
            .timeline
            .iter()
            .filter(|s| s.env == env && s.end_ms >= start)
        {
            let a = (((seg.start_ms - start) / window) * width as f64)
                .floor()
                .max(0.0) as usize;
            let b = ((((seg.end_ms - start) / window) * width as f64).ceil() as usize).min(width);
            let (c, style) = match seg.state {
                EnvState::Initialising => ('▓', tint(Color::Yellow)),
                EnvState::Busy => ('█', tint(Color::Green)),
                EnvState::Idle => ('░', theme.muted),
                EnvState::Reclaimed => ('·', theme.muted),
            };
            for cell in cells
                .iter_mut()
                .take(b.max(a + 1).min(width))
                .skip(a.min(width.saturating_sub(1)))
            {
                *cell = (c, style);
            }
        }
        let mut spans = vec![Span::styled(format!("{env:>4} "), theme.muted)];
        spans.extend(
            cells
                .into_iter()
                .map(|(c, s)| Span::styled(c.to_string(), s)),
        );
        lines.push(Line::from(spans));
    }
    (Paragraph::new(lines)).render(inner, buf);
}

/// The numbers: one row per deployment, or the cost comparison.
fn draw_summary(buf: &mut Buffer, area: Rect, snap: &Snapshot, theme: &Theme) {
    // The cost model has no run: its figures are the month's bills at the block's volume.
    let title = if snap.cost.is_some() {
        " Monthly bills at this volume "
    } else {
        " Results so far "
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(title, theme.accent));
    if let Some(c) = &snap.cost {
        let lines = vec![
            Line::from(format!("Lambda   ${:>12.2} / month", c.lambda_usd)),
            Line::from(format!("EC2      ${:>12.2} / month", c.ec2_usd)),
            Line::from(format!("On-prem  ${:>12.2} / month", c.onprem_usd)),
            Line::from(Span::styled(
                format!(
                    "break-even {} requests/month ({:.1}/s)",
                    compact(c.break_even_requests_per_month),
                    c.break_even_req_per_s
                ),
                theme.accent,
            )),
        ];
        (Paragraph::new(lines).block(block)).render(area, buf);
        return;
    }
    // The deployment's name keeps its whole width ("function", not "functi"); columns that do
    // not fit beside it are left out from the right rather than squeezed into cut labels.
    let name_w = snap
        .summaries
        .iter()
        .map(|(name, _)| unicode_width::UnicodeWidthStr::width(name.as_str()))
        .max()
        .unwrap_or(0)
        .clamp(8, 16) as u16;
    let all_widths = [name_w, 6, 5, 5, 5, 4, 8];
    let inner_w = block.inner(area).width;
    let mut keep = 0;
    let mut used = 0u16;
    for w in all_widths {
        let need = if keep == 0 { w } else { w + 1 };
        if keep > 0 && used + need > inner_w {
            break;
        }
        used += need;
        keep += 1;
    }
    let header = Row::new(
        ["", "served", "drop", "cold", "p95ms", "util", "cost $"]
            .into_iter()
            .take(keep),
    )
    .style(theme.muted);
    let rows: Vec<Row> = snap
        .summaries
        .iter()
        .map(|(name, s)| {
            Row::new(
                [
                    name.clone(),
                    compact(s.served as f64),
                    compact(s.dropped as f64),
                    compact(s.cold_starts as f64),
                    s.latency_ms.p95.map_or("-".into(), compact),
                    format!("{:.0}%", s.utilization * 100.0),
                    format!("{:.2}", s.cost_usd),
                ]
                .into_iter()
                .take(keep),
            )
        })
        .collect();
    let widths: Vec<Constraint> = all_widths
        .into_iter()
        .take(keep)
        .map(Constraint::Length)
        .collect();
    (Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(block))
    .render(area, buf);
}

/// The parameters in columns, the selected one highlighted, live-changeable ones marked. A
/// column is at least as wide as the longest `name = value`, so only a unit is ever cut
/// (`service_dist = lognormal`, not `lognorma…`); fewer columns page with the selection.
fn draw_params(buf: &mut Buffer, area: Rect, run: &SimRun, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            " Parameters (↑↓ choose, ←→ change) ",
            theme.accent,
        ));
    let inner = block.inner(area);
    (block).render(area, buf);
    let params = &run.snapshot.params;
    let rows = usize::from(inner.height).max(1);
    let cols = params.len().div_ceil(rows).max(1);
    let col_w = usize::from(inner.width) / cols;
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    // " name = value" and a space after it.
    let longest = params
        .iter()
        .map(|p| w(p.name) + w(&p.value) + 5)
        .max()
        .unwrap_or(1);
    let fit = (usize::from(inner.width) / longest)
        .min(usize::from(inner.width) / 24)
        .max(1);
    // Keep the selected parameter visible when there are more than fit.
    let per_screen = rows * fit;
    let first = (run.selected / per_screen) * per_screen;
    let visible: Vec<(usize, &crate::sim::live::ParamRow)> = params
        .iter()
        .enumerate()
        .skip(first)
        .take(per_screen)
        .collect();
    let cols = visible.len().div_ceil(rows).max(1);
    let col_w = col_w.max(usize::from(inner.width) / cols);
    let mut lines = vec![Vec::new(); rows];
    for (n, (i, p)) in visible.iter().enumerate() {
        let text = truncate(
            &format!(" {} = {} {}", p.name, p.value, p.unit),
            col_w.saturating_sub(1),
        );
        let style = if *i == run.selected {
            theme.selected
        } else if p.live {
            theme.base
        } else {
            theme.muted
        };
        let pad = col_w.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
        lines[n % rows].push(Span::styled(text, style));
        lines[n % rows].push(Span::raw(" ".repeat(pad)));
    }
    (Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>())).render(inner, buf);
}

#[cfg(test)]
#[path = "sim_view_tests.rs"]
mod tests;
