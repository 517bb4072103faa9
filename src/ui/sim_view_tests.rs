//! The simulation views' fixes, each checked on the drawn cells: every cost option on a row of
//! its own with its bill, numbers that wrap instead of losing a figure, one chart per deployment
//! for instances, a line at its limit on the limit's row, time axes from 0 s, a cold share
//! before the first request, and a panel's parameters after a full-screen change.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::*;
use crate::content::{Catalog, ContentSource};
use crate::markdown::{LiveBlock, SimBlock};
use crate::screens::sim::SimRun;
use crate::sim::live::{Chart as SimChart, Line as SimLine};

/// Width of a lesson panel's drawing area at 80 columns (the border and paddings take 4).
const PANEL_W: u16 = 76;

/// The shipped course's sim blocks of lesson `id`, in order.
fn shipped_blocks(id: &str) -> Vec<SimBlock> {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let lesson = catalog
        .lessons
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no lesson {id}"));
    lesson
        .body
        .live_blocks()
        .filter_map(|b| match b {
            LiveBlock::Sim(s) => Some(s.clone()),
            LiveBlock::Checkpoint(_) => None,
        })
        .collect()
}

fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.y..area.y + area.height)
        .map(|y| {
            (area.x..area.x + area.width)
                .map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol()))
                .collect()
        })
        .collect()
}

/// A block's run, paused `seconds` in, drawn as in its lesson panel (12 rows at 80 columns).
fn panel(block: &SimBlock, seconds: f64) -> (SimRun, Vec<String>) {
    let mut run = SimRun::from_block(block, 7).expect("the block starts");
    run.paused = true;
    run.live.advance(seconds * 1000.0);
    run.snapshot = run.live.snapshot();
    let area = Rect::new(0, 0, PANEL_W, crate::screens::reader::SIM_PANEL_ROWS);
    let mut buf = Buffer::empty(area);
    draw_compact(
        &mut buf,
        area,
        &run,
        keymap::Context::Reader,
        &Theme::plain(),
    );
    let drawn = rows(&buf);
    (run, drawn)
}

#[test]
fn every_cost_option_has_its_own_row_and_bill_in_the_panel() {
    let mut blocks = shipped_blocks("why-cloud")
        .into_iter()
        .filter(|b| b.model == "cost")
        .collect::<Vec<_>>();
    blocks.extend(shipped_blocks("ec2-vs-lambda"));
    assert!(
        blocks.len() >= 3,
        "lesson 3's two cost blocks and lesson 10's"
    );
    for block in &blocks {
        let (run, drawn) = panel(block, 0.0);
        let cost = run.snapshot.cost.clone().expect("a cost report");
        let mut seen = Vec::new();
        for (name, usd) in [
            ("Lambda", cost.lambda_usd),
            ("EC2", cost.ec2_usd),
            ("on-prem", cost.onprem_usd),
        ] {
            let bill = format!("{}/month", money(usd));
            let row = drawn
                .iter()
                .position(|r| r.trim_start().starts_with(name) && r.contains(&bill))
                .unwrap_or_else(|| panic!("no row for {name} {bill}:\n{}", drawn.join("\n")));
            seen.push(row);
        }
        seen.dedup();
        assert_eq!(seen.len(), 3, "one row each:\n{}", drawn.join("\n"));
    }
    // Lesson 3's renting-against-owning block: the two bills it compares, apart.
    let (_, drawn) = panel(&shipped_blocks("why-cloud")[2], 0.0);
    let text = drawn.join("\n");
    assert!(
        text.contains("$1,906/month") && text.contains("$1,367/month"),
        "{text}"
    );
}

#[test]
fn the_numbers_keep_every_figure_at_80_columns() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    for lesson in &catalog.lessons {
        for b in lesson.body.live_blocks() {
            let LiveBlock::Sim(block) = b else { continue };
            let seconds = if block.model == "cost" { 0.0 } else { 300.0 };
            let (run, drawn) = panel(block, seconds);
            let text = drawn.join("\n");
            for part in key_numbers(&run.snapshot) {
                assert!(
                    text.contains(&part),
                    "{} {}: '{part}' cut:\n{text}",
                    lesson.id,
                    block.model
                );
            }
        }
    }
    // Every deployment dropping, cold and slow: four long summaries, one row each.
    let params = [
        ("rate".to_string(), "20000".to_string()),
        ("queue_limit".to_string(), "1000".to_string()),
    ];
    let mut run = SimRun::new("scaling", &params, 7, false).expect("model starts");
    run.live.advance(20_000.0);
    run.snapshot = run.live.snapshot();
    let parts = key_numbers(&run.snapshot);
    assert_eq!(parts.len(), 4);
    assert!(parts.iter().all(|p| p.contains("dropped")), "{parts:?}");
    for width in [PANEL_W, 80] {
        let area = Rect::new(0, 0, width, 16);
        let mut buf = Buffer::empty(area);
        draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
        let text = rows(&buf).join("\n");
        for part in &parts {
            assert!(text.contains(part.as_str()), "'{part}' cut:\n{text}");
        }
    }
    // Lesson 6 asks what share a quota turns away: Lambda's drops are on screen.
    let (_, drawn) = panel(&shipped_blocks("serverless")[0], 300.0);
    assert!(
        drawn
            .iter()
            .any(|r| r.contains("lambda:") && r.contains("dropped")),
        "{}",
        drawn.join("\n")
    );
}

#[test]
fn numbers_wrap_by_part_and_cut_only_past_four_rows() {
    let parts: Vec<String> = ["aaaa aaaa", "bbbb", "cccc cccc cc"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        numbers_lines(&parts, 80),
        [" aaaa aaaa · bbbb · cccc cccc cc"]
    );
    assert_eq!(
        numbers_lines(&parts, 17),
        [" aaaa aaaa · bbbb", " cccc cccc cc"]
    );
    let many: Vec<String> = (0..6).map(|i| format!("part{i}")).collect();
    let lines = numbers_lines(&many, 6);
    assert_eq!(lines.len(), NUMBERS_MAX_ROWS);
    assert!(lines.iter().all(|l| l.chars().count() <= 6), "{lines:?}");
    assert_eq!(money(12.26), "$12.26");
    assert_eq!(money(1906.18), "$1,906");
    assert_eq!(money(1_234_567.0), "$1,234,567");
    assert_eq!(duration(120.0), "120 ms");
    assert_eq!(duration(2064.0), "2.1 s");
}

#[test]
fn the_capacity_and_instances_views_give_each_deployment_its_own_scale() {
    let mut run = SimRun::new("scaling", &[], 7, false).expect("model starts");
    run.paused = true;
    run.live.advance(400_000.0);
    for view in ["capacity", "instances"] {
        run.live.set_view(view).expect("view");
        run.snapshot = run.live.snapshot();
        let area = Rect::new(0, 0, 80, 16);
        let mut buf = Buffer::empty(area);
        draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
        let drawn = rows(&buf);
        let text = drawn.join("\n");
        for name in ["onprem", "fixed", "asg", "lambda"] {
            assert!(
                text.contains(&format!("{name} now ")),
                "{view} {name}:\n{text}"
            );
        }
        // Small charts side by side, each with its own y axis: rows with two axes, not one.
        let paired = drawn.iter().filter(|r| r.matches('│').count() >= 2).count();
        assert!(paired >= 4, "{view}:\n{text}");
    }
}

/// Open connections climbing to the limit and staying there, as lesson 8 shows.
fn at_limit_chart(limit: f64) -> SimChart {
    let points = (1..=60)
        .map(|t| (f64::from(t), (f64::from(t) * limit / 10.0).min(limit)))
        .collect();
    SimChart {
        id: "connections",
        title: "Open database connections",
        unit: "conns",
        x_unit: "s",
        log_x: false,
        log_y: false,
        limit: Some(limit),
        marks: Vec::new(),
        lines: vec![SimLine {
            label: "open".into(),
            points,
        }],
    }
}

fn is_braille(s: &str) -> bool {
    s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

#[test]
fn a_line_at_its_limit_sits_on_the_limit_row() {
    for limit in [500.0, 1500.0, 1000.0, 37.0] {
        for height in 7..=40u16 {
            let area = Rect::new(0, 0, 70, height);
            let mut buf = Buffer::empty(area);
            draw_chart(&mut buf, area, &at_limit_chart(limit), &Theme::plain());
            let drawn = rows(&buf);
            // The dotted limit: the row with a run of dots (the legend has only two).
            let limit_row = drawn
                .iter()
                .position(|r| r.matches('•').count() >= 5)
                .unwrap_or_else(|| panic!("no limit row at {height}:\n{}", drawn.join("\n")));
            let last = area.width - 1;
            let line_row = (0..height)
                .find(|y| buf.cell((last, *y)).is_some_and(|c| is_braille(c.symbol())))
                .unwrap_or_else(|| panic!("no line at the right edge:\n{}", drawn.join("\n")));
            assert_eq!(
                usize::from(line_row),
                limit_row,
                "limit {limit}, {height} rows:\n{}",
                drawn.join("\n")
            );
        }
    }
}

#[test]
fn time_axes_start_at_zero() {
    let mut chart = at_limit_chart(100.0);
    chart.limit = None;
    // A long run's series, coarsened: its first point ends at 4 s.
    chart.lines[0].points = (1..=100).map(|i| (f64::from(i) * 4.0, 1.0)).collect();
    let area = Rect::new(0, 0, 60, 12);
    let mut buf = Buffer::empty(area);
    draw_chart(&mut buf, area, &chart, &Theme::plain());
    let drawn = rows(&buf);
    let labels = drawn.last().expect("rows");
    assert_eq!(
        labels.split_whitespace().next(),
        Some("0"),
        "{}",
        drawn.join("\n")
    );
    assert!(labels.contains("400 s"), "{labels}");
}

#[test]
fn the_cold_share_says_no_requests_yet_after_a_reset() {
    let params = [
        ("rate".to_string(), "0.0167".to_string()),
        ("keep_alive_s".to_string(), "300".to_string()),
    ];
    let mut run = SimRun::new("cold-start", &params, 3, false).expect("model starts");
    run.live.advance(3_600_000.0);
    run.snapshot = run.live.snapshot();
    assert!(key_numbers(&run.snapshot)[0].contains("requests started cold"));
    run.reset();
    let parts = key_numbers(&run.snapshot);
    assert_eq!(parts[0], "no requests yet", "{parts:?}");
    assert_eq!(parts[1], "e^(-λT) estimate 1%", "{parts:?}");
}

#[test]
fn a_panel_shows_the_values_its_run_uses() {
    let block = &shipped_blocks("life-without-cloud")[0];
    let mut run = SimRun::from_block(block, 7).expect("the block starts");
    let unchanged = run.panel_params();
    assert!(unchanged.iter().all(|p| !p.changed));
    let text = |run: &SimRun, name: &str| {
        run.panel_params()
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| (p.value, p.changed))
    };
    assert_eq!(text(&run, "instances"), Some(("2".into(), false)));
    run.selected = run
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "instances")
        .expect("instances");
    run.set_selected("7");
    assert_eq!(text(&run, "instances"), Some(("7".into(), true)));
    assert_eq!(text(&run, "rate"), Some(("50".into(), false)));
    // A parameter the block does not set joins the panel once changed.
    run.selected = run
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "asg_max")
        .expect("asg_max");
    run.set_selected("9");
    assert_eq!(
        run.panel_params()
            .last()
            .map(|p| (p.name.as_str(), p.value.as_str())),
        Some(("asg_max", "9"))
    );
}

#[test]
fn the_status_and_capacity_head_fit_a_panel_when_the_model_falls_behind() {
    // A frame budget spent at once: one simulated second of the 33 asked, so the header shows
    // the speed achieved beside the one asked for.
    let mut run = SimRun::new("db-connections", &[], 7, false).expect("model starts");
    run.speed = 3;
    run.live
        .advance_budgeted(33_333.0, std::time::Duration::ZERO);
    run.live.advance(3_000_000.0);
    run.snapshot = run.live.snapshot();
    assert!(run.shown_speed().1, "the run fell behind");
    let area = Rect::new(0, 0, PANEL_W, 12);
    let mut buf = Buffer::empty(area);
    draw_compact(
        &mut buf,
        area,
        &run,
        keymap::Context::Reader,
        &Theme::plain(),
    );
    let status = rows(&buf).remove(0);
    for needed in [
        "t = 0:50:01",
        "(1000x asked)",
        "running",
        "(s: full screen)",
    ] {
        assert!(status.contains(needed), "'{needed}' cut: {status}");
    }
    // A narrower panel (a list's indent, a narrow terminal): the capacity head keeps its legend.
    let mut run = SimRun::new("scaling", &[], 7, false).expect("model starts");
    run.paused = true;
    run.live.advance(6_000_000.0);
    run.snapshot = run.live.snapshot();
    let narrow = Rect::new(0, 0, 60, 12);
    let mut buf = Buffer::empty(narrow);
    draw_compact(
        &mut buf,
        narrow,
        &run,
        keymap::Context::Reader,
        &Theme::plain(),
    );
    let drawn = rows(&buf);
    let head = drawn
        .iter()
        .find(|r| r.contains("Capacity"))
        .expect("capacity head");
    assert!(
        head.contains("6000 s") && head.contains("offered"),
        "{head}"
    );
}
