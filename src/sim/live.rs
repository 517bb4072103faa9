//! The live API the tutor's UI drives: step a model a little at a time, change parameters while
//! it runs, and take plain-data snapshots for charts and the footer.
//!
//! Why a separate type: the UI must not know how each model is built or which parameter changes
//! can be applied to a running simulation. `LiveSim` owns that knowledge and hands out only plain
//! data (numbers, strings, points), so the core stays free of terminal types and the UI stays free
//! of simulation logic.
use serde::Serialize;

use super::cold_start::{ColdStartConfig, EnvSegment};
use super::cost::CostReport;
use super::db_connections::DbConfig;
use super::params::{ParamError, ParamSet};
use super::report::{Recorder, Summary};
use super::scaling::{self, ScalingConfig};
use super::stats::Series;
use super::{Model, Sim, resolve_params};

/// Parameters of each model that a running simulation applies from "now" on. Changing any other
/// parameter restarts the run (it changes something already bought, built or billed).
pub fn live_keys(model: Model) -> &'static [&'static str] {
    match model {
        Model::Scaling => &[
            "traffic",
            "trace",
            "rate",
            "peak",
            "spike_at_s",
            "spike_len_s",
            "period_s",
            "service_ms",
            "service_dist",
            "service_sigma",
            "queue_limit",
            "asg_min",
            "asg_max",
            "target_util",
            "launch_s",
            "warmup_s",
            "scaling_policy",
            "cooldown_s",
            "lambda_quota",
            "lambda_scale_per_10s",
            "cold_ms",
            "keep_alive_s",
        ],
        Model::ColdStart => &[
            "rate",
            "keep_alive_s",
            "keep_alive_jitter_s",
            "runtime",
            "package_mb",
            "init_ms",
            "service_ms",
            "keep_warm_s",
        ],
        Model::DbConnections => &[
            "rate",
            "service_ms",
            "close_client",
            "borrow_timeout_s",
            "db_limit",
            "conn_idle_s",
            "connect_ms",
            "cold_ms",
            "keep_alive_s",
            "lambda_quota",
            "lambda_scale_per_10s",
        ],
        // A closed form: every change simply recomputes.
        Model::Cost => &[
            "requests",
            "memory_mb",
            "duration_ms",
            "arch",
            "free_tier",
            "instance",
            "instances",
            "hours",
            "onprem_upfront",
            "onprem_years",
            "onprem_monthly",
        ],
    }
}

/// What a [`LiveSim::set`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SetEffect {
    /// The change applies from now on; the run continues.
    Applied,
    /// The change needed a fresh run: time is back at 0 with the new value.
    Reset,
}

/// One footer entry: a parameter and its current value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamRow {
    /// Parameter name (what `set` takes).
    pub name: &'static str,
    /// Current value as a user would type it.
    pub value: String,
    /// Unit.
    pub unit: &'static str,
    /// Accepted values, short form.
    pub range: String,
    /// Meaning.
    pub doc: &'static str,
    /// Whether a change applies without restarting the run.
    pub live: bool,
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Legend label (a deployment name, or "offered"/"observed").
    pub label: String,
    /// (x, y) points, oldest first; x is simulated seconds unless the chart says otherwise.
    pub points: Vec<(f64, f64)>,
}

/// A chart's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Stable identifier (`arrivals`, `instances`, `concurrency`, `queue`, `latency_p50`,
    /// `latency_p95`, `latency_p99`, `cost`, `connections`, `cost_vs_requests`).
    pub id: &'static str,
    /// Title to show.
    pub title: &'static str,
    /// Unit of the y axis.
    pub unit: &'static str,
    /// Unit of the x axis.
    pub x_unit: &'static str,
    /// Whether the x axis should be logarithmic.
    pub log_x: bool,
    /// Whether the y axis should be logarithmic (costs spanning several orders of magnitude).
    pub log_y: bool,
    /// A horizontal limit to draw (the database connection limit).
    pub limit: Option<f64>,
    /// Vertical marks to draw and label (the break-even volume), in x units.
    pub marks: Vec<Mark>,
    /// The lines.
    pub lines: Vec<Line>,
}

/// A labelled vertical mark on a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// Position, in the chart's x unit.
    pub x: f64,
    /// Label, e.g. `break-even vs ec2: 14.2M req/month`.
    pub label: String,
}

/// Everything the UI needs to draw one frame, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// Model name.
    pub model: &'static str,
    /// Simulated time, ms.
    pub now_ms: f64,
    /// Seed of the current run.
    pub seed: u64,
    /// Footer: every parameter with its current value.
    pub params: Vec<ParamRow>,
    /// Charts (bounded series: at most [`super::report::SERIES_CAP`] points per line).
    pub charts: Vec<Chart>,
    /// Summary so far, per deployment (scaling) or one entry named after the model.
    pub summaries: Vec<(String, Summary)>,
    /// Cold-start model: the execution-environment timeline (bounded); empty otherwise.
    pub timeline: Vec<EnvSegment>,
    /// Cost model: the monthly comparison; `None` otherwise.
    pub cost: Option<CostReport>,
    /// The view the screen shows first (a name from [`Model::views`]).
    pub view: &'static str,
    /// The id of the chart that view shows (`None` for `timeline`, drawn from `timeline`).
    pub view_chart: Option<&'static str>,
}

/// Calls remembered by [`Pace`].
const PACE_WINDOW: usize = 32;

/// How much of the requested simulated time the last few [`LiveSim::advance_budgeted`] calls
/// really covered. Why: when a model cannot keep up (a million requests per second), the frame
/// budget stops it early; the header must show the speed achieved, not the one asked for.
#[derive(Debug, Clone, Default)]
struct Pace {
    requested: [f64; PACE_WINDOW],
    advanced: [f64; PACE_WINDOW],
    next: usize,
}

impl Pace {
    fn record(&mut self, requested_ms: f64, advanced_ms: f64) {
        self.requested[self.next] = requested_ms;
        self.advanced[self.next] = advanced_ms;
        self.next = (self.next + 1) % PACE_WINDOW;
    }

    /// Advanced / requested over the window, in [0, 1]; 1 before any call.
    fn ratio(&self) -> f64 {
        let req: f64 = self.requested.iter().sum();
        if req > 0.0 {
            (self.advanced.iter().sum::<f64>() / req).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }
}

/// A simulation the UI can run, tune and reset while it is on screen.
#[derive(Debug, Clone)]
pub struct LiveSim {
    model: Model,
    params: ParamSet,
    seed: u64,
    sim: Sim,
    now_ms: f64,
    view: &'static str,
    pace: Pace,
    /// The e^(-λT) reference of a cold-start run as it stood over time: `(from_s, value)` in
    /// order, one entry from 0 s and one per live change, so the chart draws each interval
    /// against the estimate in force then rather than redrawing history at the new value.
    reference: Vec<(f64, Option<f64>)>,
}

impl LiveSim {
    /// Builds a live run of `model` with `(key, value)` overrides (e.g. from a lesson's
    /// ```` ```sim ```` block), or the error naming the bad model, key or value.
    pub fn new<K: AsRef<str>, V: AsRef<str>>(
        model: &str,
        params: impl IntoIterator<Item = (K, V)>,
        seed: u64,
    ) -> Result<LiveSim, ParamError> {
        let model = Model::from_name(model)?;
        let params = resolve_params(model, params)?;
        let sim = Sim::new(model, &params, seed, true)?;
        let reference = vec![(0.0, expected_cold_share(&sim))];
        Ok(LiveSim {
            model,
            params,
            seed,
            sim,
            now_ms: 0.0,
            view: model.default_view(),
            pace: Pace::default(),
            reference,
        })
    }

    /// Opens on `view` (a sim block's `view = NAME`), or the error listing the model's views.
    pub fn set_view(&mut self, view: &str) -> Result<(), String> {
        self.view = self.model.view(view)?;
        Ok(())
    }

    /// The view shown first.
    pub fn view(&self) -> &'static str {
        self.view
    }

    /// The speed really achieved over the last few frames, given the speed asked for (same unit,
    /// e.g. 1000 for "1000x"): lower than `requested` when the frame budget stopped
    /// [`LiveSim::advance_budgeted`] early. Equal to `requested` before any advance.
    pub fn achieved_speed(&self, requested: f64) -> f64 {
        requested * self.pace.ratio()
    }

    /// The model.
    pub fn model(&self) -> Model {
        self.model
    }

    /// Current parameter values.
    pub fn params(&self) -> &ParamSet {
        &self.params
    }

    /// Simulated time, ms.
    pub fn now_ms(&self) -> f64 {
        self.now_ms
    }

    /// Runs every event up to `now + sim_ms`. Cost is proportional to the events in that span,
    /// with no per-call allocation beyond amortised growth: at 1000× speed and 30 calls a second
    /// each call covers 33 simulated seconds (about 7 ms for all four scaling deployments at
    /// 500 req/s, see `cargo bench --bench sim -- live`). A frame loop should prefer
    /// [`LiveSim::advance_budgeted`], which cannot overrun the frame.
    pub fn advance(&mut self, sim_ms: f64) {
        if !(sim_ms.is_finite() && sim_ms > 0.0) {
            return;
        }
        self.now_ms += sim_ms;
        self.sim.advance_to(self.now_ms);
    }

    /// Like [`LiveSim::advance`], but stops early once `budget` of wall time is spent, so a frame
    /// never freezes the UI whatever the parameters (a million requests per second at 1000× is
    /// 33 million events per frame). Works in 1-simulated-second steps and returns the simulated
    /// ms actually advanced; the run stays deterministic in simulated time, only its pace drops.
    pub fn advance_budgeted(&mut self, sim_ms: f64, budget: std::time::Duration) -> f64 {
        if !(sim_ms.is_finite() && sim_ms > 0.0) {
            return 0.0;
        }
        let start = std::time::Instant::now();
        self.advance_until(sim_ms, || start.elapsed() >= budget)
    }

    /// The loop of [`LiveSim::advance_budgeted`] with the budget as a predicate, checked after each
    /// simulated second (tests pass a counter: no test depends on machine speed).
    fn advance_until(&mut self, sim_ms: f64, mut spent: impl FnMut() -> bool) -> f64 {
        let from = self.now_ms;
        let target = self.now_ms + sim_ms;
        while self.now_ms < target {
            let next = (self.now_ms + 1000.0).min(target);
            self.sim.advance_to(next);
            self.now_ms = next;
            if spent() {
                break;
            }
        }
        let advanced = self.now_ms - from;
        self.pace.record(sim_ms, advanced);
        advanced
    }

    /// Starts the run again from time 0 with the current parameters and seed.
    pub fn reset(&mut self) {
        // Parameters were validated when they were set, so building cannot fail; keep the old run
        // if it somehow does.
        if let Ok(sim) = Sim::new(self.model, &self.params, self.seed, true) {
            self.reference = vec![(0.0, expected_cold_share(&sim))];
            self.sim = sim;
            self.now_ms = 0.0;
            self.pace = Pace::default();
        }
    }

    /// Starts again with another seed (a "reroll" key in the UI).
    pub fn reseed(&mut self, seed: u64) {
        self.seed = seed;
        self.reset();
    }

    /// Changes one parameter while running. Parameters in `live_keys` apply from now on;
    /// others restart the run with the new value. Invalid input changes nothing.
    pub fn set(&mut self, key: &str, value: &str) -> Result<SetEffect, ParamError> {
        let mut next = self.params.clone();
        next.set(self.model.name(), key, value)?;
        // Cross-parameter checks (asg_min ≤ asg_max, trace files, instance prices).
        let fresh = Sim::new(self.model, &next, self.seed, true)?;
        let key = key.trim();
        let live = live_keys(self.model).contains(&key);
        self.params = next;
        if !live {
            self.reference = vec![(0.0, expected_cold_share(&fresh))];
            self.sim = fresh;
            self.now_ms = 0.0;
            return Ok(SetEffect::Reset);
        }
        match &mut self.sim {
            Sim::Scaling(s) => {
                let cfg = ScalingConfig::from_params(&self.params)?;
                let traffic_changed = cfg.traffic != s.cfg.traffic;
                for (_, d) in &mut s.deployments {
                    d.set_config(&cfg);
                    if traffic_changed {
                        d.set_traffic(cfg.traffic.clone(), self.now_ms);
                    }
                }
                s.cfg = cfg;
            }
            Sim::ColdStart(s) => s.set_config(ColdStartConfig::from_params(&self.params)),
            Sim::Db(s) => s.set_config(DbConfig::from_params(&self.params)),
            Sim::Cost(_) => self.sim = fresh,
        }
        let expected = expected_cold_share(&self.sim);
        if self.reference.last().map(|r| r.1) != Some(expected) {
            self.reference.push((self.now_ms / 1000.0, expected));
        }
        Ok(SetEffect::Applied)
    }

    /// The footer rows: every parameter with its current value.
    pub fn param_rows(&self) -> Vec<ParamRow> {
        let live = live_keys(self.model);
        self.params
            .iter()
            .map(|(spec, v)| ParamRow {
                name: spec.name,
                value: v.display(),
                unit: spec.unit,
                range: spec.kind.range_text().replace("\\|", "|"),
                doc: spec.doc,
                live: live.contains(&spec.name),
            })
            .collect()
    }

    /// Plain data for one frame: series, summaries, timeline, cost, footer.
    pub fn snapshot(&self) -> Snapshot {
        let (summaries, timeline, cost) = match &self.sim {
            Sim::Scaling(s) => (
                s.summaries()
                    .into_iter()
                    .map(|(n, x)| (n.to_string(), x))
                    .collect(),
                Vec::new(),
                None,
            ),
            Sim::ColdStart(s) => (vec![("function".into(), s.summary())], s.timeline(), None),
            Sim::Db(s) => (vec![("lambda".into(), s.summary())], Vec::new(), None),
            Sim::Cost(c) => (Vec::new(), Vec::new(), Some((**c).clone())),
        };
        let mut charts = charts(&self.sim);
        if let Some(c) = charts.iter_mut().find(|c| c.id == "cold_share") {
            redraw_reference(c, &self.reference);
        }
        Snapshot {
            model: self.model.name(),
            now_ms: self.now_ms,
            seed: self.seed,
            params: self.param_rows(),
            charts,
            summaries,
            timeline,
            cost,
            view: self.view,
            view_chart: self.model.view_chart(self.view),
        }
    }
}

/// The charts of a run that records series (a live run, or a headless run with `--series`).
pub fn charts(sim: &Sim) -> Vec<Chart> {
    let mut charts = Vec::new();
    match sim {
        Sim::Scaling(s) => {
            let recs: Vec<(&str, &Recorder)> = s
                .deployments
                .iter()
                .filter_map(|(n, d)| d.recorder().map(|r| (*n, r)))
                .collect();
            let fleets: Vec<(&str, &Recorder)> = recs
                .iter()
                .copied()
                .filter(|(n, _)| *n != "lambda")
                .collect();
            if !recs.is_empty() {
                charts.push(arrivals_chart(&recs, |t| s.cfg.traffic.rate_at(t)));
                charts.extend(standard_charts(&recs, &fleets));
                // Last, so screens that show charts in order keep their layout; a screen opens
                // on a block's view through `Snapshot::view_chart`.
                charts.push(capacity_chart(s, &recs));
            }
        }
        Sim::ColdStart(s) => {
            if let Some(r) = s.recorder() {
                let recs = [("function", r)];
                let rate = s.cfg.rate;
                charts.push(arrivals_chart(&recs, |_| rate));
                charts.extend(standard_charts(&recs, &[]));
                charts.push(cold_share_chart(r, s.expected_cold_start_ratio()));
            }
        }
        Sim::Db(s) => {
            if let Some(r) = s.recorder() {
                let recs = [("lambda", r)];
                let rate = s.cfg.rate;
                charts.push(arrivals_chart(&recs, |_| rate));
                charts.push(Chart {
                    id: "connections",
                    title: "Open database connections",
                    unit: "conns",
                    x_unit: "s",
                    log_x: false,
                    log_y: false,
                    limit: Some(f64::from(s.cfg.db_limit)),
                    marks: Vec::new(),
                    lines: vec![line("open", s.connection_series())],
                });
                let proxy_queue = [("proxy queue", r)];
                let queues: &[(&str, &Recorder)] = if s.cfg.proxy { &proxy_queue } else { &[] };
                charts.extend(standard_charts(&recs, queues));
            }
        }
        Sim::Cost(c) => {
            let pick = |f: fn(&super::cost::CostPoint) -> f64| {
                c.series
                    .iter()
                    .map(|p| (p.requests, f(p)))
                    .collect::<Vec<_>>()
            };
            charts.push(Chart {
                id: "cost_vs_requests",
                title: "Monthly cost by request volume",
                unit: "USD/month",
                x_unit: "req/month",
                log_x: true,
                log_y: true,
                limit: None,
                marks: break_even_marks(c),
                lines: vec![
                    Line {
                        label: "lambda".into(),
                        points: pick(|p| p.lambda_usd),
                    },
                    Line {
                        label: "ec2".into(),
                        points: pick(|p| p.ec2_usd),
                    },
                    Line {
                        label: "onprem".into(),
                        points: pick(|p| p.onprem_usd),
                    },
                ],
            });
        }
    }
    charts
}

/// Capacity (requests per second the deployment can serve: instances × slots / mean service
/// time; Lambda: live environments / mean service time) against the offered load. One line per
/// deployment plus `offered`; a UI draws each deployment with the offered line on its own scale.
fn capacity_chart(s: &scaling::ScalingSim, recs: &[(&str, &Recorder)]) -> Chart {
    let per_s = 1000.0 / s.cfg.service.mean_ms().max(1e-9);
    let slots = f64::from(s.cfg.slots);
    let mut lines = Vec::new();
    if let Some((_, r)) = recs.first() {
        let step = r.instances.points().first().map_or(1.0, |p| p.0);
        lines.push(Line {
            label: "offered".into(),
            points: r
                .instances
                .points()
                .iter()
                .map(|(t, _)| (*t, s.cfg.traffic.rate_at(t - step / 2.0)))
                .collect(),
        });
    }
    for (name, r) in recs {
        let per_unit = if *name == "lambda" {
            per_s
        } else {
            per_s * slots
        };
        lines.push(Line {
            label: (*name).to_string(),
            points: r
                .instances
                .points()
                .into_iter()
                .map(|(t, n)| (t, n * per_unit))
                .collect(),
        });
    }
    Chart {
        id: "capacity",
        title: "Capacity against offered load",
        unit: "req/s",
        x_unit: "s",
        log_x: false,
        log_y: false,
        limit: None,
        marks: Vec::new(),
        lines,
    }
}

/// The cold-start model's e^(-λT) estimate of the cold share under its current parameters, when
/// theory applies; `None` for other models.
fn expected_cold_share(sim: &Sim) -> Option<f64> {
    match sim {
        Sim::ColdStart(s) => s.expected_cold_start_ratio(),
        _ => None,
    }
}

/// Replaces the cold-share chart's reference line by the one `history` (`(from_s, value)` in
/// time order) gives: each observed point takes the estimate in force in the middle of its
/// interval, and intervals without one (theory did not apply) have no point.
fn redraw_reference(chart: &mut Chart, history: &[(f64, Option<f64>)]) {
    let Some(observed) = chart.lines.iter().find(|l| l.label == "observed") else {
        return;
    };
    let step = observed.points.first().map_or(1.0, |p| p.0);
    let points: Vec<(f64, f64)> = observed
        .points
        .iter()
        .filter_map(|(t, _)| {
            let mid = t - step / 2.0;
            history
                .iter()
                .rev()
                .find(|(from, _)| *from <= mid)
                .or(history.first())
                .and_then(|(_, v)| v.map(|v| (*t, v)))
        })
        .collect();
    chart.lines.retain(|l| l.label != "e^(-λT)");
    if !points.is_empty() {
        chart.lines.insert(
            0,
            Line {
                label: "e^(-λT)".into(),
                points,
            },
        );
    }
}

/// Share of requests that started cold so far, with the e^(-λT) estimate as a flat reference
/// line when theory applies (no provisioned concurrency, no pings).
fn cold_share_chart(r: &Recorder, expected: Option<f64>) -> Chart {
    let observed = r.cold_share.points();
    let mut lines = Vec::new();
    if let Some(p) = expected {
        lines.push(Line {
            label: "e^(-λT)".into(),
            points: observed.iter().map(|(t, _)| (*t, p)).collect(),
        });
    }
    lines.push(Line {
        label: "observed".into(),
        points: observed,
    });
    Chart {
        id: "cold_share",
        title: "Share of requests that started cold",
        unit: "share",
        x_unit: "s",
        log_x: false,
        log_y: false,
        limit: None,
        marks: Vec::new(),
        lines,
    }
}

/// The break-even volumes of the cost model as marks, when they fall on the chart.
fn break_even_marks(c: &CostReport) -> Vec<Mark> {
    let millions = |x: f64| format!("{:.1}M req/month", x / 1e6);
    let range = c
        .series
        .first()
        .zip(c.series.last())
        .map(|(a, b)| (a.requests, b.requests));
    [
        ("ec2", c.break_even_requests_per_month),
        ("onprem", c.break_even_onprem_requests_per_month),
    ]
    .into_iter()
    .filter(|(_, x)| x.is_finite() && range.is_some_and(|(lo, hi)| (lo..=hi).contains(x)))
    .map(|(what, x)| Mark {
        x,
        label: format!("break-even vs {what}: {}", millions(x)),
    })
    .collect()
}

fn line(label: &str, s: &Series) -> Line {
    Line {
        label: label.to_string(),
        points: s.points(),
    }
}

/// Observed arrivals per second (from the first recorder: every deployment sees the same
/// arrivals) and the offered rate at the same instants.
fn arrivals_chart(recs: &[(&str, &Recorder)], offered: impl Fn(f64) -> f64) -> Chart {
    let mut lines = Vec::new();
    if let Some((_, r)) = recs.first() {
        let observed = r.arrival_rate.points();
        // The offered rate in the middle of each point's interval.
        let step = observed.first().map_or(1.0, |p| p.0);
        let offered_pts = observed
            .iter()
            .map(|(t, _)| (*t, offered(t - step / 2.0)))
            .collect();
        lines.push(Line {
            label: "offered".into(),
            points: offered_pts,
        });
        lines.push(Line {
            label: "observed".into(),
            points: observed,
        });
    }
    Chart {
        id: "arrivals",
        title: "Arrival rate",
        unit: "req/s",
        x_unit: "s",
        log_x: false,
        log_y: false,
        limit: None,
        marks: Vec::new(),
        lines,
    }
}

/// Instances, concurrency, queue, latency percentiles and cost, one line per recorder.
fn standard_charts(recs: &[(&str, &Recorder)], queues: &[(&str, &Recorder)]) -> Vec<Chart> {
    let chart =
        |id, title, unit, pick: fn(&Recorder) -> &Series, from: &[(&str, &Recorder)]| Chart {
            id,
            title,
            unit,
            x_unit: "s",
            log_x: false,
            log_y: false,
            limit: None,
            marks: Vec::new(),
            lines: from.iter().map(|(n, r)| line(n, pick(r))).collect(),
        };
    let mut out = vec![
        chart(
            "instances",
            "Instances / environments",
            "",
            |r| &r.instances,
            recs,
        ),
        chart(
            "concurrency",
            "Requests in the system (peak per interval)",
            "req",
            |r| &r.concurrency,
            recs,
        ),
    ];
    if !queues.is_empty() {
        out.push(chart("queue", "Queue length", "req", |r| &r.queue, queues));
    }
    out.push(chart("latency_p50", "Latency p50", "ms", |r| &r.p50, recs));
    out.push(chart("latency_p95", "Latency p95", "ms", |r| &r.p95, recs));
    out.push(chart("latency_p99", "Latency p99", "ms", |r| &r.p99, recs));
    out.push(chart("cost", "Cost so far", "USD", |r| &r.cost, recs));
    out
}

/// Names of the scaling model's deployments, for UIs that label lanes before the first frame.
pub fn scaling_deployments() -> &'static [&'static str] {
    scaling::DEPLOYMENTS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cold_start::EnvState;

    fn chart<'a>(s: &'a Snapshot, id: &str) -> &'a Chart {
        s.charts
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no chart {id}"))
    }

    fn last(c: &Chart, label: &str) -> f64 {
        let l = c.lines.iter().find(|l| l.label == label).unwrap();
        l.points.last().map_or(f64::NAN, |p| p.1)
    }

    #[test]
    fn new_rejects_bad_input_with_the_valid_choices() {
        let e = LiveSim::new("scale", [("rate", "1")], 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("scaling, cold-start"), "{e}");
        let e = LiveSim::new("scaling", [("nope", "1")], 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("valid: traffic"), "{e}");
        let e = LiveSim::new("scaling", [("asg_min", "9"), ("asg_max", "3")], 1).unwrap_err();
        assert!(matches!(e, ParamError::Conflict { .. }));
    }

    #[test]
    fn advance_in_frames_equals_one_headless_run() {
        // 30 frames a second at 1000×: 33.3 s of simulated time per call.
        let pairs = [
            ("rate", "40"),
            ("peak", "300"),
            ("spike_at_s", "60"),
            ("spike_len_s", "120"),
        ];
        let mut live = LiveSim::new("scaling", pairs, 7).unwrap();
        for _ in 0..30 * 12 {
            live.advance(1000.0 * 1000.0 / 30.0);
        }
        let now = live.now_ms();
        let p = resolve_params(Model::Scaling, pairs).unwrap();
        let mut sim = Sim::new(Model::Scaling, &p, 7, false).unwrap();
        sim.advance_to(now);
        let super::super::RunSummary::Deployments(d) = sim.summary() else {
            panic!()
        };
        let snap = live.snapshot();
        assert_eq!(snap.summaries.len(), 4);
        for ((n1, a), (n2, b)) in snap.summaries.iter().zip(d.iter()) {
            assert_eq!(n1, n2);
            assert_eq!(a.requests, b.requests);
            assert_eq!(a.served, b.served);
            assert_eq!(a.latency_ms, b.latency_ms);
        }
    }

    #[test]
    fn budgeted_advance_stops_early_and_stays_deterministic() {
        let pairs = [
            ("traffic", "poisson"),
            ("rate", "200000"),
            ("deployments", "fixed"),
        ];
        let mut live = LiveSim::new("scaling", pairs, 1).unwrap();
        let done = live.advance_budgeted(3_600_000.0, std::time::Duration::from_millis(1));
        assert!((1000.0..3_600_000.0).contains(&done), "{done}");
        assert_eq!(live.now_ms(), done);
        // The same simulated time reached in one go gives the same state.
        let mut other = LiveSim::new("scaling", pairs, 1).unwrap();
        other.advance(done);
        assert_eq!(live.snapshot().summaries, other.snapshot().summaries);
        let mut quiet = LiveSim::new("cold-start", [("rate", "0.01")], 1).unwrap();
        let done = quiet.advance_budgeted(33_333.0, std::time::Duration::from_secs(5));
        assert_eq!(done, 33_333.0);
    }

    #[test]
    fn snapshot_has_every_chart_and_the_footer() {
        let mut live = LiveSim::new("scaling", [("rate", "20"), ("peak", "200")], 1).unwrap();
        live.advance(600_000.0);
        let s = live.snapshot();
        for id in [
            "arrivals",
            "instances",
            "concurrency",
            "queue",
            "latency_p50",
            "latency_p95",
            "latency_p99",
            "cost",
        ] {
            let c = chart(&s, id);
            assert!(!c.lines.is_empty(), "{id}");
            assert!(c.lines.iter().all(|l| !l.points.is_empty()), "{id}");
        }
        assert_eq!(chart(&s, "instances").lines.len(), 4);
        assert_eq!(
            chart(&s, "queue").lines.len(),
            3,
            "no queue line for Lambda"
        );
        let arrivals = chart(&s, "arrivals");
        assert_eq!(
            arrivals.lines[0].points[0].1, 20.0,
            "offered rate before the spike"
        );
        assert_eq!(s.params.len(), scaling::PARAMS.len());
        let rate = s.params.iter().find(|r| r.name == "rate").unwrap();
        assert_eq!(rate.value, "20");
        assert!(rate.live);
        assert!(
            !s.params
                .iter()
                .find(|r| r.name == "instances")
                .unwrap()
                .live
        );
        assert!(last(chart(&s, "cost"), "fixed") > 0.0);
        // Plain data: it serializes (the UI or a debug dump can print it).
        assert!(
            serde_json::to_string(&s)
                .unwrap()
                .contains("\"latency_p95\"")
        );
    }

    #[test]
    fn live_set_applies_from_now_and_structural_set_resets() {
        let mut live = LiveSim::new(
            "scaling",
            [
                ("traffic", "poisson"),
                ("rate", "10"),
                ("deployments", "fixed,lambda"),
            ],
            3,
        )
        .unwrap();
        live.advance(100_000.0);
        assert_eq!(live.set("rate", "100").unwrap(), SetEffect::Applied);
        assert_eq!(live.now_ms(), 100_000.0);
        live.advance(100_000.0);
        let s = live.snapshot();
        let n = s.summaries[0].1.requests as f64;
        // About 10 × 100 + 100 × 100 arrivals.
        let expected = 11_000.0;
        assert!((n - expected).abs() < 4.0 * expected.sqrt(), "{n}");
        let observed = &chart(&s, "arrivals").lines[1].points;
        assert!(observed[50].1 < 30.0 && observed[150].1 > 60.0);
        // Both deployments still see the same arrivals after the change.
        assert_eq!(s.summaries[0].1.requests, s.summaries[1].1.requests);
        assert_eq!(live.set("instances", "5").unwrap(), SetEffect::Reset);
        assert_eq!(live.now_ms(), 0.0);
        assert_eq!(live.params().num("instances"), 5.0);
        // Invalid input changes nothing.
        assert!(live.set("rate", "-1").is_err());
        assert!(live.set("asg_min", "50").is_err());
        assert_eq!(live.params().num("rate"), 100.0);
        live.advance(10_000.0);
        live.reset();
        assert_eq!(live.now_ms(), 0.0);
        assert_eq!(live.snapshot().summaries[0].1.requests, 0);
    }

    #[test]
    fn lambda_keep_alive_change_applies_to_idle_environments() {
        let mut live = LiveSim::new(
            "scaling",
            [
                ("deployments", "lambda"),
                ("traffic", "spike"),
                ("rate", "0"),
                ("peak", "50"),
                ("spike_at_s", "0"),
                ("spike_len_s", "20"),
                ("keep_alive_s", "600"),
            ],
            1,
        )
        .unwrap();
        live.advance(60_000.0);
        assert!(last(chart(&live.snapshot(), "instances"), "lambda") > 0.0);
        assert_eq!(live.set("keep_alive_s", "10").unwrap(), SetEffect::Applied);
        live.advance(2_000.0);
        assert_eq!(last(chart(&live.snapshot(), "instances"), "lambda"), 0.0);
    }

    #[test]
    fn asg_bounds_change_live() {
        let mut live = LiveSim::new(
            "scaling",
            [
                ("traffic", "poisson"),
                ("rate", "20"),
                ("deployments", "asg"),
                ("launch_s", "30"),
            ],
            1,
        )
        .unwrap();
        live.advance(120_000.0);
        assert_eq!(live.set("asg_min", "4").unwrap(), SetEffect::Applied);
        live.advance(200_000.0);
        let s = live.snapshot();
        assert!(last(chart(&s, "instances"), "asg") >= 4.0);
    }

    #[test]
    fn cold_start_timeline_and_live_keep_warm() {
        let mut live = LiveSim::new(
            "cold-start",
            [("rate", "0.01"), ("keep_alive_s", "60"), ("init_ms", "500")],
            2,
        )
        .unwrap();
        live.advance(3_600_000.0);
        let s = live.snapshot();
        assert!(s.summaries[0].1.cold_starts > 5);
        assert!(s.timeline.iter().any(|x| x.state == EnvState::Initialising));
        assert!(s.timeline.iter().any(|x| x.state == EnvState::Reclaimed));
        let cold_before = s.summaries[0].1.cold_starts;
        // Ping every 30 s: from now on the one environment never goes cold.
        assert_eq!(live.set("keep_warm_s", "30").unwrap(), SetEffect::Applied);
        live.advance(7_200_000.0);
        let s = live.snapshot();
        assert!(s.summaries[0].1.cold_starts <= cold_before + 1);
        // Turning pings off stops them.
        live.set("keep_warm_s", "0").unwrap();
        let pings = |s: &Snapshot| s.summaries[0].1.figure("pings").unwrap();
        let before = pings(&live.snapshot());
        live.advance(3_600_000.0);
        assert_eq!(pings(&live.snapshot()), before);
        assert_eq!(live.set("provisioned", "2").unwrap(), SetEffect::Reset);
    }

    #[test]
    fn db_snapshot_shows_connections_against_the_limit() {
        let mut live = LiveSim::new(
            "db-connections",
            [
                ("rate", "0"),
                ("burst", "300"),
                ("burst_at_s", "5"),
                ("db_limit", "500"),
            ],
            1,
        )
        .unwrap();
        live.advance(30_000.0);
        let s = live.snapshot();
        let c = chart(&s, "connections");
        assert_eq!(c.limit, Some(500.0));
        let peak = c.lines[0].points.iter().map(|p| p.1).fold(0.0, f64::max);
        assert_eq!(peak, 500.0);
        assert!(s.summaries[0].1.dropped > 0);
        assert_eq!(live.set("db_limit", "2000").unwrap(), SetEffect::Applied);
        assert_eq!(live.set("proxy", "true").unwrap(), SetEffect::Reset);
        live.advance(30_000.0);
        let s = live.snapshot();
        assert!(s.charts.iter().any(|c| c.id == "queue"));
        assert_eq!(s.summaries[0].1.dropped, 0);
    }

    #[test]
    fn cost_snapshot_recomputes() {
        let mut live = LiveSim::new("cost", [("free_tier", "false")], 1).unwrap();
        let s = live.snapshot();
        let c = s.cost.clone().unwrap();
        assert!((c.break_even_requests_per_month / 1e6 - 14.15).abs() < 0.01);
        let chart = chart(&s, "cost_vs_requests");
        assert!(chart.log_x);
        assert_eq!(chart.lines.len(), 3);
        assert_eq!(live.set("instances", "2").unwrap(), SetEffect::Applied);
        let c2 = live.snapshot().cost.unwrap();
        assert!((c2.ec2_usd - 2.0 * c.ec2_usd).abs() < 1e-9);
    }

    #[test]
    fn achieved_speed_reports_what_the_budget_allowed() {
        let mut live = LiveSim::new("scaling", [("rate", "50")], 1).unwrap();
        assert_eq!(live.achieved_speed(1000.0), 1000.0);
        // Every frame asks for 10 simulated seconds but the budget stops after 3.
        for _ in 0..40 {
            let mut seconds = 0;
            let got = live.advance_until(10_000.0, || {
                seconds += 1;
                seconds >= 3
            });
            assert_eq!(got, 3000.0);
        }
        assert!((live.achieved_speed(1000.0) - 300.0).abs() < 1e-9);
        // A model that keeps up runs at the requested speed again.
        for _ in 0..40 {
            live.advance_until(2000.0, || false);
        }
        assert_eq!(live.achieved_speed(1000.0), 1000.0);
        live.reset();
        assert_eq!(live.achieved_speed(10.0), 10.0);
    }

    /// The live loop at the top of the rate range, frame after frame, as a UI at 1000x drives it
    /// (each frame asks for 33 simulated seconds; the budget stops it after one): the event queues
    /// stay within their bound. Counted, not timed. Before stale timers were dropped, the
    /// db-connections queue held one idle-close timer per request, 600 s ahead: about 50,000 more
    /// per simulated second at these settings.
    #[test]
    fn event_queues_stay_bounded_at_the_top_of_the_rate_range() {
        use crate::sim::engine::COMPACT_MIN;
        let quota = 1000; // db-connections' default lambda_quota: at most this many busy
        for (model, rate) in [("db-connections", "100000"), ("cold-start", "100000")] {
            let mut live = LiveSim::new(model, [("rate", rate)], 1).unwrap();
            let mut peak = 0;
            for _ in 0..6 {
                let mut seconds = 0;
                let got = live.advance_until(33_000.0, || {
                    seconds += 1;
                    seconds >= 1
                });
                assert_eq!(got, 1000.0);
                peak = peak.max(live.sim.pending_events());
            }
            match &live.sim {
                // Live events: one per busy environment (its end), one idle-close timer per idle
                // environment, a reclaim timer; stale ones at most double that before a pass.
                Sim::Db(s) => {
                    assert!(s.summary().requests > 500_000);
                    let cap = 2 * (2 * quota + 64) + COMPACT_MIN;
                    assert!(peak <= cap, "{model}: {peak} events pending, cap {cap}");
                }
                // No stale timers here: one end event per busy environment, plus a timer or two.
                Sim::ColdStart(s) => {
                    let cap = 2 * s.summary().peak_concurrency as usize + COMPACT_MIN;
                    assert!(peak <= cap, "{model}: {peak} events pending, cap {cap}");
                }
                _ => unreachable!(),
            }
        }
    }

    #[test]
    fn a_block_view_is_validated_and_carried_in_snapshots() {
        let mut live = LiveSim::new("cold-start", [("rate", "1")], 1).unwrap();
        assert_eq!(live.snapshot().view, "cold-share");
        assert!(
            live.set_view("connections")
                .unwrap_err()
                .contains("unknown view")
        );
        live.set_view("timeline").unwrap();
        let s = live.snapshot();
        assert_eq!((s.view, s.view_chart), ("timeline", None));
        for m in Model::ALL {
            let mut live = LiveSim::new(m.name(), Vec::<(String, String)>::new(), 1).unwrap();
            live.advance(5_000.0);
            for v in m.views() {
                live.set_view(v).unwrap();
                let s = live.snapshot();
                if let Some(id) = s.view_chart {
                    assert!(
                        s.charts.iter().any(|c| c.id == id),
                        "{} view {v}: no chart {id}",
                        m.name()
                    );
                }
            }
        }
    }

    #[test]
    fn the_cold_share_reference_keeps_its_value_before_a_live_change() {
        let mut live = LiveSim::new(
            "cold-start",
            [("rate", "0.0167"), ("keep_alive_s", "300")],
            3,
        )
        .unwrap();
        live.advance(600_000.0);
        let before = last(chart(&live.snapshot(), "cold_share"), "e^(-λT)");
        assert_eq!(live.set("rate", "1").unwrap(), SetEffect::Applied);
        live.advance(600_000.0);
        let s = live.snapshot();
        let line = chart(&s, "cold_share")
            .lines
            .iter()
            .find(|l| l.label == "e^(-λT)")
            .unwrap();
        let after = line.points.last().unwrap().1;
        assert!(after < before / 2.0, "{before} -> {after}");
        // The first ten minutes keep the estimate they had; the last ten show the new one.
        for (t, v) in &line.points {
            let want = if *t <= 600.0 { before } else { after };
            assert!((v - want).abs() < 1e-12, "at {t} s: {v}, want {want}");
        }
        assert!(line.points.iter().any(|p| p.0 > 600.0));
        // A reset starts the history again at the current estimate.
        live.reset();
        live.advance(60_000.0);
        let s = live.snapshot();
        assert!((last(chart(&s, "cold_share"), "e^(-λT)") - after).abs() < 1e-12);
    }

    #[test]
    fn the_lesson_points_are_plain_data_series() {
        // Capacity against offered load, per deployment: 2 instances × 10 slots / 100 ms.
        let mut live = LiveSim::new(
            "scaling",
            [("service_ms", "100"), ("slots", "10"), ("instances", "2")],
            1,
        )
        .unwrap();
        live.advance(60_000.0);
        let s = live.snapshot();
        let cap = chart(&s, "capacity");
        let labels: Vec<&str> = cap.lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["offered", "onprem", "fixed", "asg", "lambda"]);
        assert!((last(cap, "fixed") - 200.0).abs() < 1e-6);
        assert!((last(cap, "offered") - 50.0).abs() < 1e-9);
        // Cold share converges on e^(-λT): 1 req/min, T = 5 min.
        let mut live = LiveSim::new(
            "cold-start",
            [("rate", "0.0167"), ("keep_alive_s", "300")],
            3,
        )
        .unwrap();
        live.advance(20.0 * 86_400_000.0);
        let s = live.snapshot();
        let cs = chart(&s, "cold_share");
        let theory = last(cs, "e^(-λT)");
        assert!(
            (theory - (-0.0167f64 * 300.0).exp()).abs() < 0.01,
            "{theory}"
        );
        assert!((last(cs, "observed") - theory).abs() < 0.02);
        assert!(
            cs.lines
                .iter()
                .all(|l| l.points.iter().all(|p| (0.0..=1.0).contains(&p.1)))
        );
        // Break-even marked on the log-log cost chart.
        let live = LiveSim::new("cost", [("free_tier", "false")], 1).unwrap();
        let s = live.snapshot();
        let c = chart(&s, "cost_vs_requests");
        assert!(c.log_x && c.log_y);
        let mark = c.marks.iter().find(|m| m.label.contains("vs ec2")).unwrap();
        assert!((mark.x / 1e6 - 14.15).abs() < 0.01);
        assert!(mark.label.contains("14.2M"), "{}", mark.label);
    }

    #[test]
    fn long_live_runs_stay_bounded() {
        let mut live = LiveSim::new("scaling", [("traffic", "poisson"), ("rate", "2")], 1).unwrap();
        for _ in 0..100 {
            live.advance(100_000.0);
        }
        let s = live.snapshot();
        for c in &s.charts {
            for l in &c.lines {
                assert!(
                    l.points.len() <= crate::sim::report::SERIES_CAP,
                    "{} {}",
                    c.id,
                    l.label
                );
            }
        }
        let mut cs = LiveSim::new("cold-start", [("rate", "1"), ("keep_alive_s", "1")], 1).unwrap();
        cs.advance(36_000_000.0);
        let s = cs.snapshot();
        assert!(s.timeline.len() <= crate::sim::cold_start::TIMELINE_CAP + 16);
    }
}
