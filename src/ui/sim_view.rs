//! The live simulation view: charts of the running model, a summary per deployment, the cold-start
//! timeline, and the parameters with the one the arrow keys change. The same drawing serves the
//! full-screen view and the panel inside a lesson (a compact form when space is short).
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Row, Table};

use super::footer_line;
use super::home::truncate;
use super::theme::Theme;
use crate::screens::keymap::{self, footers};
use crate::screens::line_input::LineInput;
use crate::screens::sim::{SPEEDS, SimRun};
use crate::sim::cold_start::EnvState;
use crate::sim::live::{Chart as SimChart, Snapshot};

/// Line colours, in order (each chart's lines are distinguished by colour and a legend).
const PALETTE: &[Color] = &[
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::LightRed,
];

/// "1:02:03" for a simulated time.
fn clock(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// The status line: model, time, speed, running or paused.
fn status_line(run: &SimRun, theme: &Theme) -> Line<'static> {
    let snap = &run.snapshot;
    let state = if run.live.model() == crate::sim::Model::Cost {
        "computed".to_string()
    } else if run.paused {
        "paused".to_string()
    } else {
        "running".to_string()
    };
    Line::from(vec![
        Span::styled(format!(" ▶ {} ", snap.model), theme.title),
        Span::styled(
            format!(
                " t = {}  ·  {}x  ·  {state}  ·  seed {}",
                clock(snap.now_ms),
                SPEEDS[run.speed],
                snap.seed
            ),
            theme.muted,
        ),
    ])
}

/// Draws the full-screen view.
pub fn draw(frame: &mut Frame, area: Rect, run: &SimRun, theme: &Theme) {
    let [title, body, params, msg, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(param_rows_height(run, area)),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(status_line(run, theme)), title);
    draw_body(frame, body, &run.snapshot, theme);
    draw_params(frame, params, run, theme);
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
    frame.render_widget(Paragraph::new(text), msg);
    let keys = if run.input.is_some() {
        LineInput::focus_hints("set")
    } else {
        keymap::footer_pairs(footers::SIM)
    };
    frame.render_widget(
        Paragraph::new(footer_line(&keys, theme)).style(theme.footer),
        foot,
    );
}

/// Draws the compact view into a panel's reserved cells (`area`, in rows of the rendered text)
/// within `view`, the screen rectangle showing that text from row `scroll`. Only a panel whose top
/// is on screen is drawn, clipped at the bottom. `context` is the screen's key context: the panel
/// names the key that opens it full screen only where there is one.
pub fn draw_in_panel(
    frame: &mut Frame,
    view: Rect,
    scroll: usize,
    area: &crate::markdown::LiveArea,
    run: &SimRun,
    context: keymap::Context,
    theme: &Theme,
) {
    if area.height == 0 || area.row < scroll || area.row - scroll >= usize::from(view.height) {
        return;
    }
    let top = area.row - scroll;
    let x = view.x + u16::try_from(area.col).unwrap_or(u16::MAX).min(view.width);
    let rect = Rect {
        x,
        y: view.y + top as u16,
        width: u16::try_from(area.width)
            .unwrap_or(u16::MAX)
            .min(view.x + view.width - x),
        height: area.height.min(usize::from(view.height) - top) as u16,
    };
    draw_compact(frame, rect, run, context, theme);
}

/// The panel's hint for opening the simulation full screen.
const OPEN_FULL_SCREEN: keymap::Hint = keymap::Hint {
    actions: &[keymap::Action::OpenSim],
    label: "full screen",
    keys: 1,
};

/// Draws a compact view into a lesson's sim panel: the status, then charts as room allows.
pub fn draw_compact(
    frame: &mut Frame,
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
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let mut line = status_line(run, theme);
    if let Some(key) = keymap::hint_keys(context, &OPEN_FULL_SCREEN) {
        line.spans.push(Span::styled(
            format!("  ({key}: {})", OPEN_FULL_SCREEN.label),
            theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(line), title);
    frame.render_widget(
        Paragraph::new(Span::styled(key_numbers(&run.snapshot), theme.accent)),
        numbers,
    );
    draw_chart_only(frame, body, &run.snapshot, theme);
}

/// The few numbers a learner watches, on one line: per deployment, what was served, dropped and
/// cold, and the tail latency; for the cost model, the three bills.
fn key_numbers(snap: &Snapshot) -> String {
    if let Some(c) = &snap.cost {
        return format!(
            " Lambda ${:.2} · EC2 ${:.2} · on-prem ${:.2} a month · break-even {} req/month",
            c.lambda_usd,
            c.ec2_usd,
            c.onprem_usd,
            compact(c.break_even_requests_per_month)
        );
    }
    let parts: Vec<String> = snap
        .summaries
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
                p.push_str(&format!(", p95 {} ms", compact(p95)));
            }
            p
        })
        .collect();
    format!(" {}", parts.join(" · "))
}

/// The first chart only, across the whole area (the compact panel has no room for more).
fn draw_chart_only(frame: &mut Frame, area: Rect, snap: &Snapshot, theme: &Theme) {
    if area.height >= 3
        && let Some(chart) = snap.charts.first()
    {
        draw_chart(frame, area, chart, theme);
    }
}

fn param_rows_height(run: &SimRun, area: Rect) -> u16 {
    let cols = (area.width / 34).max(1) as usize;
    let rows = run.snapshot.params.len().div_ceil(cols) as u16;
    // At most a third of the screen: charts first, the rest scrolls with the selection.
    rows.min(area.height / 4).clamp(2, 10) + 1
}

/// Charts on the left, the numbers on the right (stacked when narrow).
fn draw_body(frame: &mut Frame, area: Rect, snap: &Snapshot, theme: &Theme) {
    if area.height < 3 {
        return;
    }
    let wide = area.width >= 100;
    let (charts_area, side) = if wide {
        let [a, b] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
            .areas(area);
        (a, Some(b))
    } else if area.height >= 14 {
        let [a, b] =
            Layout::vertical([Constraint::Min(6), Constraint::Length(summary_height(snap))])
                .areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let mut charts: Vec<&SimChart> = snap.charts.iter().collect();
    let timeline = !snap.timeline.is_empty();
    let slots: usize = if charts_area.height >= 16 { 2 } else { 1 };
    charts.truncate(if timeline {
        slots.saturating_sub(1).max(1)
    } else {
        slots
    });
    let mut constraints: Vec<Constraint> = charts.iter().map(|_| Constraint::Fill(1)).collect();
    if timeline && charts_area.height >= 12 {
        constraints.push(Constraint::Length((charts_area.height / 2).min(12)));
    }
    let areas = Layout::vertical(constraints).split(charts_area);
    for (i, chart) in charts.iter().enumerate() {
        if let Some(a) = areas.get(i) {
            draw_chart(frame, *a, chart, theme);
        }
    }
    if timeline
        && charts_area.height >= 12
        && let Some(a) = areas.last()
    {
        draw_timeline(frame, *a, snap, theme);
    }
    if let Some(side) = side {
        draw_summary(frame, side, snap, theme);
    }
}

fn summary_height(snap: &Snapshot) -> u16 {
    if snap.cost.is_some() {
        6
    } else {
        (snap.summaries.len() as u16 + 3).min(8)
    }
}

fn draw_chart(frame: &mut Frame, area: Rect, chart: &SimChart, theme: &Theme) {
    let tx = |x: f64| if chart.log_x { x.max(1e-9).log10() } else { x };
    let data: Vec<Vec<(f64, f64)>> = chart
        .lines
        .iter()
        .map(|l| l.points.iter().map(|(x, y)| (tx(*x), *y)).collect())
        .collect();
    let (mut x0, mut x1, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for p in data.iter().flatten() {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    if let Some(limit) = chart.limit {
        y1 = y1.max(limit);
    }
    if !x0.is_finite() || !x1.is_finite() {
        x0 = 0.0;
        x1 = 1.0;
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let y1 = if y1 <= 0.0 { 1.0 } else { y1 * 1.1 };
    let limit_line: Vec<(f64, f64)> = chart
        .limit
        .map(|l| vec![(x0, l), (x1, l)])
        .unwrap_or_default();
    let mut datasets: Vec<Dataset> = chart
        .lines
        .iter()
        .zip(&data)
        .enumerate()
        .map(|(i, (l, d))| {
            Dataset::default()
                .name(l.label.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(
                    Style::default()
                        .fg(PALETTE[i % PALETTE.len()])
                        .patch(theme.base),
                )
                .data(d)
        })
        .collect();
    if !limit_line.is_empty() {
        datasets.push(
            Dataset::default()
                .name("limit")
                .marker(Marker::Dot)
                .graph_type(GraphType::Line)
                .style(theme.warning)
                .data(&limit_line),
        );
    }
    let fmt_x = |x: f64| {
        if chart.log_x {
            format!("{:.0e}", 10f64.powf(x))
        } else {
            compact(x)
        }
    };
    let title = if chart.unit.is_empty() {
        format!(" {} ", chart.title)
    } else {
        format!(" {} ({}) ", chart.title, chart.unit)
    };
    let widget = Chart::new(datasets)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(Span::styled(
                    truncate(&title, usize::from(area.width)),
                    theme.accent,
                )),
        )
        .x_axis(
            Axis::default()
                .bounds([x0, x1])
                .labels([
                    Span::raw(fmt_x(x0)),
                    Span::raw(format!("{} {}", fmt_x(x1), chart.x_unit)),
                ])
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, y1])
                .labels([Span::raw("0"), Span::raw(compact(y1))])
                .style(theme.muted),
        )
        .legend_position(Some(ratatui::widgets::LegendPosition::TopLeft))
        .hidden_legend_constraints((Constraint::Percentage(100), Constraint::Percentage(100)));
    frame.render_widget(widget, area);
}

/// A short number label: 1.2k, 3.4M.
fn compact(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.1}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// Execution environments over the recent past: one row each, INIT, busy and idle by colour.
fn draw_timeline(frame: &mut Frame, area: Rect, snap: &Snapshot, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            " Environments: ▓ init  █ busy  ░ idle  · gone ",
            theme.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
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
                EnvState::Initialising => ('▓', Style::default().fg(Color::Yellow)),
                EnvState::Busy => ('█', Style::default().fg(Color::Green)),
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
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The numbers: one row per deployment, or the cost comparison.
fn draw_summary(frame: &mut Frame, area: Rect, snap: &Snapshot, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(" Results so far ", theme.accent));
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
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let header =
        Row::new(["", "served", "drop", "cold", "p95ms", "util", "cost $"]).style(theme.muted);
    let rows: Vec<Row> = snap
        .summaries
        .iter()
        .map(|(name, s)| {
            Row::new(vec![
                name.clone(),
                compact(s.served as f64),
                compact(s.dropped as f64),
                compact(s.cold_starts as f64),
                s.latency_ms.p95.map_or("-".into(), compact),
                format!("{:.0}%", s.utilization * 100.0),
                format!("{:.2}", s.cost_usd),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(8),
    ];
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .block(block),
        area,
    );
}

/// The parameters in columns, the selected one highlighted, live-changeable ones marked.
fn draw_params(frame: &mut Frame, area: Rect, run: &SimRun, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            " Parameters (↑↓ choose, ←→ change) ",
            theme.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let params = &run.snapshot.params;
    let rows = usize::from(inner.height).max(1);
    let cols = params.len().div_ceil(rows).max(1);
    let col_w = usize::from(inner.width) / cols;
    // Keep the selected parameter visible when there are more than fit.
    let per_screen = rows * (usize::from(inner.width) / 24).max(1);
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
    frame.render_widget(
        Paragraph::new(lines.into_iter().map(Line::from).collect::<Vec<_>>()),
        inner,
    );
}
