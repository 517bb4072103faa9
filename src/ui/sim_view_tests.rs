//! The simulation views' fixes, each checked on the drawn cells: every cost option on a row of
//! its own with its bill, numbers that wrap instead of losing a figure, one chart per deployment
//! for instances, a line at its limit on the limit's row, time axes from 0 s, a cold share
//! before the first request, a panel's parameters after a full-screen change, lines broken
//! across intervals with no point, and a time axis under each small per-deployment chart.
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
        // On-prem and the fixed fleet have the same capacity here: one chart names both.
        for name in ["onprem = fixed", "asg", "lambda"] {
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
    // e^(-0.0167 x 300) = 0.0067: one decimal under 1 %.
    assert_eq!(parts[1], "e^(-λT) estimate 0.7%", "{parts:?}");
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

/// A log-scaled cost chart over `decades` decades from $0.01, with flat lines at `values`.
fn log_chart(values: &[f64], decades: i32) -> SimChart {
    let top = 10f64.powi(decades - 2);
    let xs = [1e4, 1e10];
    let mut lines = vec![SimLine {
        label: "lambda".into(),
        points: vec![(xs[0], 0.01), (xs[1], top)],
    }];
    for (i, v) in values.iter().enumerate() {
        lines.push(SimLine {
            label: format!("flat{i}"),
            points: vec![(xs[0], *v), (xs[1], *v)],
        });
    }
    SimChart {
        id: "cost_vs_requests",
        title: "Monthly cost by request volume",
        unit: "USD/month",
        x_unit: "req/month",
        log_x: true,
        log_y: true,
        limit: None,
        marks: Vec::new(),
        lines,
    }
}

#[test]
fn a_value_equal_to_a_log_label_sits_on_that_labels_row() {
    for decades in [3, 6, 7] {
        for height in 5..=30u16 {
            for exp in 0..decades {
                let v = 10f64.powi(exp - 2);
                let chart = log_chart(&[v], decades);
                let area = Rect::new(0, 0, 70, height);
                let mut buf = Buffer::empty(area);
                draw_chart(&mut buf, area, &chart, &Theme::plain());
                let drawn = rows(&buf);
                // The flat line is the one drawn with "▄" (the second measured series).
                let Some(line_row) = drawn.iter().position(|r| r.matches('▄').count() >= 20)
                else {
                    panic!("no flat line for {v} at {height}:\n{}", drawn.join("\n"));
                };
                let label = format!("${}", compact(v));
                let label_row = drawn.iter().position(|r| {
                    r.trim_start().starts_with(&format!("{label} "))
                        || r.trim_start().starts_with(&format!("{label}│"))
                });
                // A decade without a label (fewer rows than decades) is not checked; every
                // label there is must name its own row.
                if let Some(label_row) = label_row {
                    assert_eq!(
                        line_row,
                        label_row,
                        "{v} with {decades} decades at {height} rows:\n{}",
                        drawn.join("\n")
                    );
                }
            }
            // Every label names the row of its value: none is stranded between rows.
            let chart = log_chart(&[], decades);
            let area = Rect::new(0, 0, 70, height);
            let mut buf = Buffer::empty(area);
            draw_chart(&mut buf, area, &chart, &Theme::plain());
            let labels: Vec<String> = rows(&buf)
                .iter()
                .filter_map(|r| r.split('│').next().map(|l| l.trim().to_string()))
                .filter(|l| l.starts_with('$'))
                .collect();
            let mut sorted = labels.clone();
            sorted.dedup();
            assert_eq!(labels, sorted, "no label twice at {height}");
        }
    }
}

#[test]
fn the_office_hours_fleet_and_owning_both_show_on_the_cost_chart() {
    let block = &shipped_blocks("why-cloud")
        .into_iter()
        .filter(|b| b.model == "cost")
        .collect::<Vec<_>>()[1];
    for (w, h) in [
        (80u16, 24u16),
        (PANEL_W, crate::screens::reader::SIM_PANEL_ROWS),
    ] {
        let run = SimRun::from_block(block, 7).expect("the block starts");
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
        let drawn = rows(&buf);
        // The chart's rows: those with the y axis.
        let plot: Vec<&String> = drawn.iter().filter(|r| r.contains('│')).collect();
        let has = |c: char| plot.iter().any(|r| r.matches(c).count() >= 10);
        assert!(
            has('▄') && has('█'),
            "EC2 and on-prem at {w}x{h}:\n{}",
            drawn.join("\n")
        );
    }
}

#[test]
fn a_flat_line_under_another_on_its_row_alternates_with_it() {
    // $12 and $19 share a row on a three-row axis over six decades.
    let chart = log_chart(&[12.0, 19.0], 6);
    let area = Rect::new(0, 0, 70, 5);
    let mut buf = Buffer::empty(area);
    draw_chart(&mut buf, area, &chart, &Theme::plain());
    let drawn = rows(&buf);
    let row = drawn
        .iter()
        .find(|r| r.matches('█').count() >= 10)
        .unwrap_or_else(|| panic!("no shared row:\n{}", drawn.join("\n")));
    assert!(row.contains("▄█▄█"), "{}", drawn.join("\n"));
}

#[test]
fn latency_and_queue_give_each_deployment_its_own_scale_and_name_coinciding_ones() {
    let block = &shipped_blocks("ec2")
        .into_iter()
        .find(|b| b.model == "scaling")
        .expect("lesson 5's scaling block");
    let mut run = SimRun::from_block(block, 7).expect("the block starts");
    run.paused = true;
    run.live.advance(1_500_000.0);
    for view in ["latency", "queue"] {
        run.live.set_view(view).expect("view");
        run.refresh();
        let area = Rect::new(0, 0, 80, 16);
        let mut buf = Buffer::empty(area);
        draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
        let drawn = rows(&buf);
        let text = drawn.join("\n");
        assert!(text.contains("onprem = fixed now"), "{view}:\n{text}");
        assert!(text.contains("asg now"), "{view}:\n{text}");
        assert!(text.contains("each on its own scale"), "{view}:\n{text}");
        // The ASG's hump fills its own chart: braille on more than two rows of it.
        let asg_col = drawn
            .iter()
            .find_map(|r| r.find("asg now").map(|b| r[..b].chars().count()))
            .expect("asg's chart");
        let asg_rows = drawn
            .iter()
            .filter(|r| {
                r.chars()
                    .skip(asg_col + 4)
                    .any(|c| is_braille(&c.to_string()))
            })
            .count();
        assert!(asg_rows >= 3, "{view}:\n{text}");
    }
}

#[test]
fn a_live_change_is_marked_where_it_happened_and_a_reset_clears_it() {
    let params = [("rate".to_string(), "0.0017".to_string())];
    let mut run = SimRun::new("cold-start", &params, 3, false).expect("model starts");
    run.paused = true;
    run.live.advance(20_000_000.0);
    run.selected = 0;
    run.set_selected("0.02");
    let message = run.message.clone().unwrap_or_default();
    assert!(message.contains("from now on"), "{message}");
    let marks = |run: &SimRun| {
        run.snapshot
            .charts
            .iter()
            .find(|c| c.id == "cold_share")
            .map(|c| c.marks.clone())
            .unwrap_or_default()
    };
    assert_eq!(marks(&run).len(), 1);
    assert_eq!(marks(&run)[0].x, 20_000.0);
    run.live.advance(20_000_000.0);
    run.refresh();
    let area = Rect::new(0, 0, 80, 16);
    let mut buf = Buffer::empty(area);
    draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
    let text = rows(&buf).join("\n");
    assert!(text.contains("changed (s): │ rate=0.02 at 20k s"), "{text}");
    run.reset();
    assert!(marks(&run).is_empty());
}

#[test]
fn the_cost_model_is_recomputed_not_restarted_and_has_no_play_glyph() {
    let mut run = SimRun::new("cost", &[], 3, false).expect("model starts");
    for (name, value) in [("api_gateway", "1"), ("free_tier", "false")] {
        run.selected = run
            .snapshot
            .params
            .iter()
            .position(|p| p.name == name)
            .expect("param");
        run.set_selected(value);
        assert_eq!(
            run.message.as_deref(),
            Some(format!("{name} = {value} (recomputed)").as_str())
        );
    }
    let line = status_line(&run, false, &Theme::plain());
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    assert!(text.starts_with(" cost "), "{text}");
    let mut timed = SimRun::new("scaling", &[], 3, false).expect("model starts");
    let glyph = |run: &SimRun| -> String {
        status_line(run, false, &Theme::plain()).spans[0]
            .content
            .to_string()
    };
    assert!(glyph(&timed).starts_with(" ▶ "));
    timed.paused = true;
    assert!(glyph(&timed).starts_with(" ‖ "));
    // 160x48: the cost model's side panel says what its figures are.
    let area = Rect::new(0, 0, 60, 8);
    let mut buf = Buffer::empty(area);
    draw_summary(&mut buf, area, &run.snapshot, &Theme::plain());
    assert!(rows(&buf)[0].contains("Monthly bills at this volume"));
}

#[test]
fn small_shares_keep_a_decimal() {
    assert_eq!(percent(0.0026), "0.3%");
    assert_eq!(percent(0.0002), "<0.1%");
    assert_eq!(percent(0.0), "0%");
    assert_eq!(percent(0.606), "61%");
    assert_eq!(percent(0.0096), "1%");
}

#[test]
fn a_changed_parameter_comes_first_in_a_full_panel() {
    let block = &shipped_blocks("ec2-vs-lambda")[0];
    let mut run = SimRun::from_block(block, 7).expect("the block starts");
    run.selected = run
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "api_gateway")
        .expect("api_gateway");
    run.set_selected("1");
    // The panel as the lesson lays it out: a title row, one parameter row, then the chart.
    let panel = crate::markdown::LiveRow {
        row: 0,
        height: 12,
        block: 0,
        area: crate::markdown::LiveArea {
            row: 2,
            col: 1,
            width: 78,
            height: 9,
        },
    };
    let view = Rect::new(0, 0, 80, 14);
    let backend = ratatui::backend::TestBackend::new(80, 14);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| draw_panel_params(f, view, 0, &panel, &run, &Theme::plain()))
        .expect("draw");
    let drawn = rows(terminal.backend().buffer());
    assert!(drawn[1].contains("api_gateway=1"), "{}", drawn.join("\n"));
}

#[test]
fn per_deployment_titles_and_parameters_are_not_cut_at_80_columns() {
    let mut run =
        SimRun::new("scaling", &[("rate".into(), "1290".into())], 7, false).expect("model starts");
    run.paused = true;
    run.live.advance(200_000.0);
    run.live.set_view("capacity").expect("view");
    run.refresh();
    let area = Rect::new(0, 0, 80, 12);
    let mut buf = Buffer::empty(area);
    draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
    let text = rows(&buf).join("\n");
    let now = run
        .snapshot
        .charts
        .iter()
        .find(|c| c.id == "capacity")
        .and_then(|c| c.lines.iter().find(|l| l.label == "lambda"))
        .and_then(|l| l.points.last())
        .map(|p| format!("{}/s", compact(p.1)))
        .expect("lambda's capacity");
    assert!(
        text.contains(&format!("lambda {now}")) || text.contains(&format!("lambda now {now}")),
        "{now}:\n{text}"
    );
    let run = SimRun::new(
        "scaling",
        &[("service_dist".into(), "lognormal".into())],
        7,
        false,
    )
    .expect("model starts");
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| draw(f, f.area(), &run, &Theme::plain()))
        .expect("draw");
    let mut run = run;
    let at = run
        .snapshot
        .params
        .iter()
        .position(|p| p.name == "service_dist")
        .expect("service_dist");
    run.selected = at;
    terminal
        .draw(|f| draw(f, f.area(), &run, &Theme::plain()))
        .expect("draw");
    let text = rows(terminal.backend().buffer()).join("\n");
    assert!(text.contains("service_dist = lognormal"), "{text}");
}

#[test]
fn lesson_10s_http_api_break_evens_are_what_its_text_says() {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let lesson = catalog
        .lessons
        .iter()
        .find(|l| l.id == "ec2-vs-lambda")
        .expect("lesson 10");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/lessons/10-ec2-vs-lambda.md"
    ))
    .expect("lesson 10's file");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("near 9.5 million") && text.contains("about 6.6 million"),
        "the text names both crossings"
    );
    let block = &shipped_blocks(&lesson.id)[0];
    let mut run = SimRun::from_block(block, 7).expect("the block starts");
    let set = |run: &mut SimRun, name: &str, value: &str| {
        run.selected = run
            .snapshot
            .params
            .iter()
            .position(|p| p.name == name)
            .expect("param");
        run.set_selected(value);
        run.snapshot
            .cost
            .as_ref()
            .expect("a cost report")
            .break_even_requests_per_month
    };
    // The block's own free tier, then the next section's table without it.
    let with_free_tier = set(&mut run, "api_gateway", "1");
    assert!(
        (with_free_tier / 1e6 - 9.5).abs() < 0.05,
        "{with_free_tier}"
    );
    let without = set(&mut run, "free_tier", "false");
    assert!((without / 1e6 - 6.6).abs() < 0.05, "{without}");
}

/// The full-screen summary beside the view is a third of the screen: at 120 columns its table
/// squeezed "function" to "functi". The name stays whole at every side width from 100 to 176
/// columns, and a column that has no room is left out, not cut.
#[test]
fn the_summary_table_keeps_the_deployment_name_whole() {
    let block = shipped_blocks("cold-starts")
        .into_iter()
        .next()
        .expect("a cold-start block");
    let (run, _) = panel(&block, 600.0);
    let headers = ["served", "drop", "cold", "p95ms", "util", "cost$"];
    for screen in (100u16..=176).step_by(4) {
        let side = screen - screen * 66 / 100;
        let area = Rect::new(0, 0, side, 6);
        let mut buf = Buffer::empty(area);
        draw_summary(&mut buf, area, &run.snapshot, &Theme::plain());
        let drawn = rows(&buf);
        let row = drawn
            .iter()
            .find(|r| r.trim_start().starts_with("functi"))
            .unwrap_or_else(|| panic!("a row for the function at {screen}: {drawn:?}"));
        assert!(row.starts_with("function "), "{screen}: {row:?}");
        let header = drawn[1].replace("cost $", "cost$");
        let words: Vec<&str> = header.split_whitespace().collect();
        assert!(words.len() >= 3, "{screen}: {header:?}");
        for w in words {
            assert!(headers.contains(&w), "{screen}: cut {w:?} in {header:?}");
        }
    }
}

#[test]
fn a_latency_line_breaks_across_intervals_with_no_request() {
    // Low traffic, 1 s intervals: a fast start and end, and two slow requests 60 s apart with
    // nothing completed between them (no points, as the model stores it).
    let mut chart = at_limit_chart(100.0);
    chart.limit = None;
    chart.id = "latency";
    chart.title = "Response time";
    chart.unit = "ms";
    chart.lines[0].label = "p95".into();
    chart.lines[0].points = vec![
        (1.0, 10.0),
        (2.0, 10.0),
        (20.0, 1000.0),
        (80.0, 1000.0),
        (99.0, 10.0),
        (100.0, 10.0),
    ];
    let area = Rect::new(0, 0, 60, 12);
    let mut buf = Buffer::empty(area);
    draw_chart(&mut buf, area, &chart, &Theme::plain());
    let drawn = rows(&buf);
    // Columns 28..36 sit near 50 s, well inside the empty stretch: nothing is drawn there.
    for y in 1..area.height - 2 {
        for x in 28..36 {
            let symbol = buf.cell((x, y)).map_or(" ", |c| c.symbol());
            assert!(!is_braille(symbol), "({x}, {y}):\n{}", drawn.join("\n"));
        }
    }
    // Each slow request is still drawn, as a dot on its own.
    let top = drawn.iter().find(|r| is_braille(r)).expect("a drawn row");
    assert!(
        top.chars().filter(|c| is_braille(&c.to_string())).count() >= 2,
        "{}",
        drawn.join("\n")
    );
    // Four stretches: the start, each slow request alone, the end.
    assert_eq!(gap_segments(&chart.lines[0].points).len(), 4);
}

#[test]
fn gap_segments_split_only_where_intervals_are_skipped() {
    let even: Vec<(f64, f64)> = (1..=10).map(|i| (f64::from(i) * 4.0, 1.0)).collect();
    assert_eq!(gap_segments(&even).len(), 1);
    let gapped = [
        (4.0, 1.0),
        (8.0, 1.0),
        (20.0, 1.0),
        (24.0, 1.0),
        (40.0, 2.0),
    ];
    let parts: Vec<usize> = gap_segments(&gapped).iter().map(|p| p.len()).collect();
    assert_eq!(parts, vec![2, 2, 1]);
    assert_eq!(gap_segments(&[(3.0, 1.0)]).len(), 1);
    assert_eq!(gap_segments(&[]).len(), 1);
}

#[test]
fn small_time_labels_put_start_middle_and_end_in_seconds() {
    assert_eq!(time_labels(1200.0, 20), "0        600  1200 s");
    // Too narrow for the middle: the start and end stay.
    assert_eq!(time_labels(1200.0, 18), "0       600 1200 s");
    assert_eq!(time_labels(7152.0, 10), "0   7152 s");
    assert_eq!(time_labels(7152.0, 4), "0   ");
}

#[test]
fn each_small_chart_has_a_time_axis_in_seconds() {
    let mut run = SimRun::new("scaling", &[], 7, false).expect("model starts");
    run.paused = true;
    run.live.advance(1_200_000.0);
    for view in ["capacity", "latency"] {
        run.live.set_view(view).expect("view");
        run.snapshot = run.live.snapshot();
        for (w, h) in [(80, 24), (160, 48), (PANEL_W, 16)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            draw_compact(&mut buf, area, &run, keymap::Context::Sim, &Theme::plain());
            let drawn = rows(&buf);
            let text = drawn.join("\n");
            // Under the charts: "0", the middle and "1200 s", once per chart in the row.
            let axes: usize = drawn
                .iter()
                .filter(|r| !r.contains('│'))
                .map(|r| r.matches("600").count().min(r.matches("1200 s").count()))
                .sum();
            assert!(axes >= 3, "{view} at {w}x{h}: {axes} time axes\n{text}");
        }
    }
}
