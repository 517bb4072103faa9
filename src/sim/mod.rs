//! Simulation engine and models: pure Rust, no terminal types.
//!
//! Why a separate core: the same models run headless (`cloudtutor sim --headless`, tests,
//! benchmarks) and live in the tutor (through [`live::LiveSim`]); the UI only draws what a
//! snapshot hands it.
//!
//! - [`engine`]: the event heap; [`rng`]: deterministic random streams; [`stats`]: streaming
//!   statistics; [`traffic`]: arrival processes; [`theory`]: closed forms; [`cost`]: prices.
//! - Models: [`scaling`], [`cold_start`], [`db_connections`], and the `cost` model in [`cost`].
//!   The three that run Lambda share one execution-environment pool, [`env_pool`], and every
//!   time model runs on the one event loop in `driver`.
//! - [`params`]: the parameter tables (single source of truth); [`report`]: summaries and
//!   per-second series; [`live`]: the API the UI drives ([`live::LiveSim`]).
#![warn(missing_docs)]

pub mod cold_start;
pub mod cost;
pub mod db_connections;
mod driver;
pub mod engine;
pub mod env_pool;
pub mod expect;
pub mod live;
pub mod nudge;
pub mod params;
#[cfg(test)]
mod proptests;
pub mod report;
pub mod rng;
pub mod scaling;
pub mod stats;
pub mod theory;
pub mod traffic;

use serde::ser::{SerializeMap, Serializer};

pub use params::{ParamError, ParamSet, ParamSpec};
pub use report::Summary;

/// The models a ```` ```sim MODEL ```` block or `cloudtutor sim MODEL` may name.
pub const MODELS: &[&str] = &["scaling", "cold-start", "db-connections", "cost"];

/// A simulation model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// On-prem vs fixed EC2 vs Auto Scaling vs Lambda under the same traffic.
    Scaling,
    /// One Lambda function's environments and cold starts.
    ColdStart,
    /// Lambda against a database connection limit.
    DbConnections,
    /// Monthly cost comparison and break-even.
    Cost,
}

impl Model {
    /// Every model, in the order of [`MODELS`].
    pub const ALL: [Model; 4] = [
        Model::Scaling,
        Model::ColdStart,
        Model::DbConnections,
        Model::Cost,
    ];

    /// Parses a model name, or an error listing the valid ones.
    pub fn from_name(name: &str) -> Result<Model, ParamError> {
        Model::ALL
            .into_iter()
            .find(|m| m.name() == name.trim())
            .ok_or_else(|| ParamError::UnknownModel {
                model: name.into(),
                valid: MODELS.join(", "),
            })
    }

    /// The public name.
    pub fn name(self) -> &'static str {
        match self {
            Model::Scaling => "scaling",
            Model::ColdStart => "cold-start",
            Model::DbConnections => "db-connections",
            Model::Cost => "cost",
        }
    }

    /// The parameter table.
    pub fn params(self) -> &'static [ParamSpec] {
        match self {
            Model::Scaling => scaling::PARAMS,
            Model::ColdStart => cold_start::PARAMS,
            Model::DbConnections => db_connections::PARAMS,
            Model::Cost => cost::PARAMS,
        }
    }

    /// Simulated seconds of a run when `--duration` is not given (None: not a time simulation).
    pub fn default_duration_s(self) -> Option<f64> {
        match self {
            Model::Scaling => Some(1800.0),
            Model::ColdStart => Some(86_400.0),
            Model::DbConnections => Some(300.0),
            Model::Cost => None,
        }
    }

    /// The views a sim block may open on (`view = NAME`), the first being the default. Each
    /// names one chart the model produces ([`Model::view_chart`]) or, for `timeline`, the
    /// cold-start model's environment timeline.
    pub fn views(self) -> &'static [&'static str] {
        match self {
            Model::Scaling => &[
                "capacity",
                "instances",
                "arrivals",
                "concurrency",
                "queue",
                "latency",
                "cost",
            ],
            Model::ColdStart => &[
                "cold-share",
                "timeline",
                "arrivals",
                "instances",
                "latency",
                "cost",
            ],
            Model::DbConnections => &[
                "connections",
                "arrivals",
                "instances",
                "concurrency",
                "latency",
                "cost",
            ],
            Model::Cost => &["cost"],
        }
    }

    /// The view a block opens on when it names none.
    pub fn default_view(self) -> &'static str {
        self.views()[0]
    }

    /// Checks a view name, returning its static form, or an error listing the valid ones.
    pub fn view(self, name: &str) -> Result<&'static str, String> {
        let name = name.trim();
        self.views()
            .iter()
            .copied()
            .find(|v| *v == name)
            .ok_or_else(|| {
                format!(
                    "unknown view `{name}` for sim {} (valid: {})",
                    self.name(),
                    self.views().join(", ")
                )
            })
    }

    /// The id of the [`live::Chart`] a view shows first (`None` for `timeline`, which is not a
    /// chart but the environment timeline of the snapshot).
    pub fn view_chart(self, view: &str) -> Option<&'static str> {
        Some(match (self, view) {
            (_, "timeline") => return None,
            (Model::Cost, "cost") => "cost_vs_requests",
            (_, "capacity") => "capacity",
            (_, "cold-share") => "cold_share",
            (_, "connections") => "connections",
            (_, "instances") => "instances",
            (_, "arrivals") => "arrivals",
            (_, "concurrency") => "concurrency",
            (_, "queue") => "queue",
            (_, "latency") => "latency_p95",
            (_, "cost") => "cost",
            _ => return None,
        })
    }

    /// One line saying what the model shows.
    pub fn blurb(self) -> &'static str {
        match self {
            Model::Scaling => {
                "the same traffic on on-prem servers, a fixed EC2 fleet, an Auto Scaling group and Lambda"
            }
            Model::ColdStart => {
                "one Lambda function: execution environments, keep-alive and cold starts"
            }
            Model::DbConnections => {
                "a Lambda burst against a database connection limit, with and without a proxy"
            }
            Model::Cost => {
                "monthly cost of Lambda, EC2 and on-prem, and the break-even request volume"
            }
        }
    }
}

/// Checks one `key = value` parameter of a model, for `cloudtutor check` and lesson sim blocks.
/// The error lists the valid models, keys or values.
pub fn check_param(model: &str, key: &str, value: &str) -> Result<(), String> {
    let m = Model::from_name(model).map_err(|e| e.to_string())?;
    let mut p = ParamSet::defaults(m.params());
    p.set(m.name(), key, value).map_err(|e| e.to_string())
}

/// Resolves a model's parameters: defaults overridden by `(key, value)` pairs, then the
/// cross-parameter checks of the model (e.g. `asg_min ≤ asg_max`).
pub fn resolve_params<K: AsRef<str>, V: AsRef<str>>(
    model: Model,
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Result<ParamSet, ParamError> {
    let mut p = ParamSet::defaults(model.params());
    for (k, v) in pairs {
        p.set(model.name(), k.as_ref(), v.as_ref())?;
    }
    if model == Model::Scaling {
        scaling::ScalingConfig::from_params(&p)?;
    }
    Ok(p)
}

/// Parses `KEY=VALUE` arguments (from `--set`) into pairs, or an error listing the valid keys.
pub fn parse_assignments(
    model: Model,
    args: &[String],
) -> Result<Vec<(String, String)>, ParamError> {
    args.iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| ParamError::NotKeyValue {
                    arg: a.clone(),
                    valid: model
                        .params()
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        })
        .collect()
}

/// A built model, ready to run.
#[derive(Debug, Clone)]
pub enum Sim {
    /// Scaling model.
    Scaling(Box<scaling::ScalingSim>),
    /// Cold-start model.
    ColdStart(Box<cold_start::ColdStartSim>),
    /// DB-connections model.
    Db(Box<db_connections::DbSim>),
    /// Cost model (closed form; time does not matter).
    Cost(Box<cost::CostReport>),
}

impl Sim {
    /// Builds `model` from resolved parameters. `record` turns on per-second series (the live view
    /// and `--series` need them; plain headless runs skip the cost).
    pub fn new(model: Model, p: &ParamSet, seed: u64, record: bool) -> Result<Sim, ParamError> {
        Ok(match model {
            Model::Scaling => Sim::Scaling(Box::new(scaling::ScalingSim::new(p, seed, record)?)),
            Model::ColdStart => {
                Sim::ColdStart(Box::new(cold_start::ColdStartSim::new(p, seed, record)?))
            }
            Model::DbConnections => Sim::Db(Box::new(db_connections::DbSim::new(p, seed, record)?)),
            Model::Cost => Sim::Cost(Box::new(cost::cost_report(p)?)),
        })
    }

    /// Runs to `t_ms` of simulated time.
    pub fn advance_to(&mut self, t_ms: f64) {
        match self {
            Sim::Scaling(s) => s.advance_to(t_ms),
            Sim::ColdStart(s) => s.advance_to(t_ms),
            Sim::Db(s) => s.advance_to(t_ms),
            Sim::Cost(_) => {}
        }
    }

    /// Events waiting in the run's queues, all deployments together (tests count it to prove
    /// the memory bound; the cost model has none).
    #[cfg(test)]
    pub(crate) fn pending_events(&self) -> usize {
        match self {
            Sim::Scaling(s) => s.deployments.iter().map(|(_, d)| d.pending_events()).sum(),
            Sim::ColdStart(s) => s.pending_events(),
            Sim::Db(s) => s.pending_events(),
            Sim::Cost(_) => 0,
        }
    }

    /// The run's summary so far.
    pub fn summary(&self) -> RunSummary {
        match self {
            Sim::Scaling(s) => RunSummary::Deployments(s.summaries()),
            Sim::ColdStart(s) => RunSummary::Single(s.summary()),
            Sim::Db(s) => RunSummary::Single(s.summary()),
            Sim::Cost(c) => RunSummary::Cost((**c).clone()),
        }
    }
}

/// The `summary` of a headless run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunSummary {
    /// Models with one system.
    Single(Summary),
    /// The scaling model: one summary per deployment, in display order.
    Deployments(Vec<(&'static str, Summary)>),
    /// The cost model.
    Cost(cost::CostReport),
}

impl serde::Serialize for RunSummary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RunSummary::Single(s) => s.serialize(serializer),
            RunSummary::Cost(c) => c.serialize(serializer),
            RunSummary::Deployments(d) => {
                struct Deps<'a>(&'a [(&'static str, Summary)]);
                impl serde::Serialize for Deps<'_> {
                    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        let mut m = s.serialize_map(Some(self.0.len()))?;
                        for (k, v) in self.0 {
                            m.serialize_entry(k, v)?;
                        }
                        m.end()
                    }
                }
                let mut m = serializer.serialize_map(Some(1))?;
                m.serialize_entry("deployments", &Deps(d))?;
                m.end()
            }
        }
    }
}

/// The result of a headless run: what `cloudtutor sim --headless --json` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunReport {
    /// Model name.
    pub model: &'static str,
    /// Seed.
    pub seed: u64,
    /// Simulated seconds (null for the cost model, which is not a time simulation).
    pub duration_s: Option<f64>,
    /// Every parameter with its resolved value, typed.
    pub params: ParamSet,
    /// Results.
    pub summary: RunSummary,
    /// With `--series`: the per-second series as charts (bounded, downsampled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charts: Option<Vec<live::Chart>>,
    /// With `--series`, cold-start model: the execution-environment timeline (bounded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<cold_start::EnvSegment>>,
}

/// Runs a model to the end without a UI. `duration_s` defaults to the model's.
pub fn run_headless(
    model: Model,
    params: &ParamSet,
    seed: u64,
    duration_s: Option<f64>,
) -> Result<RunReport, ParamError> {
    run_headless_with(model, params, seed, duration_s, false)
}

/// As [`run_headless`]; `series` also records the per-second series (slower at low rates) and
/// returns them as charts, plus the environment timeline for the cold-start model.
pub fn run_headless_with(
    model: Model,
    params: &ParamSet,
    seed: u64,
    duration_s: Option<f64>,
    series: bool,
) -> Result<RunReport, ParamError> {
    let mut sim = Sim::new(model, params, seed, series)?;
    let duration_s = duration_s
        .or(model.default_duration_s())
        .filter(|_| model != Model::Cost);
    if let Some(d) = duration_s {
        sim.advance_to(d * 1000.0);
    }
    let timeline = match &sim {
        Sim::ColdStart(s) if series => Some(s.timeline()),
        _ => None,
    };
    Ok(RunReport {
        model: model.name(),
        seed,
        duration_s,
        params: params.clone(),
        summary: sim.summary(),
        charts: series.then(|| live::charts(&sim)),
        timeline,
    })
}

impl RunReport {
    /// A readable, aligned plain-text rendering (the CLI's output without `--json`).
    pub fn to_table(&self) -> String {
        let mut out = format!("cloudtutor sim {}  seed={}", self.model, self.seed);
        if let Some(d) = self.duration_s {
            out.push_str(&format!("  duration={} s", params::fmt_num(d)));
        }
        out.push('\n');
        let set: Vec<String> = self
            .params
            .iter()
            .map(|(s, v)| format!("{}={}", s.name, v.display()))
            .collect();
        out.push_str(&wrap_words(&set, 100));
        out.push('\n');
        match &self.summary {
            RunSummary::Single(s) => {
                let rows: Vec<Vec<String>> =
                    s.rows().into_iter().map(|(k, v)| vec![k, v]).collect();
                out.push_str(&report::aligned_table(
                    &["metric".into(), "value".into()],
                    &rows,
                ));
            }
            RunSummary::Deployments(deps) => {
                let mut header = vec!["metric".to_string()];
                header.extend(deps.iter().map(|(n, _)| n.to_string()));
                let per: Vec<Vec<(String, String)>> = deps.iter().map(|(_, s)| s.rows()).collect();
                let mut labels: Vec<String> = Vec::new();
                for rows in &per {
                    for (k, _) in rows {
                        if !labels.contains(k) {
                            labels.push(k.clone());
                        }
                    }
                }
                let rows: Vec<Vec<String>> = labels
                    .iter()
                    .map(|l| {
                        let mut r = vec![l.clone()];
                        for rows in &per {
                            r.push(
                                rows.iter()
                                    .find(|(k, _)| k == l)
                                    .map_or("-".into(), |(_, v)| v.clone()),
                            );
                        }
                        r
                    })
                    .collect();
                out.push_str(&report::aligned_table(&header, &rows));
            }
            RunSummary::Cost(c) => {
                let money = |x: f64| format!("{x:.2}");
                let rows = vec![
                    vec!["Lambda per month USD".into(), money(c.lambda_usd)],
                    vec!["of which API Gateway USD".into(), money(c.api_gateway_usd)],
                    vec!["EC2 per month USD".into(), money(c.ec2_usd)],
                    vec!["on-prem per month USD".into(), money(c.onprem_usd)],
                    vec![
                        "Lambda per request USD".into(),
                        format!("{:.4e}", c.lambda_per_request_usd),
                    ],
                    vec![
                        "break-even vs EC2 req/month".into(),
                        format!("{:.0}", c.break_even_requests_per_month),
                    ],
                    vec![
                        "break-even vs EC2 req/s".into(),
                        format!("{:.2}", c.break_even_req_per_s),
                    ],
                    vec![
                        "break-even vs on-prem req/month".into(),
                        format!("{:.0}", c.break_even_onprem_requests_per_month),
                    ],
                ];
                out.push_str(&report::aligned_table(
                    &["metric".into(), "value".into()],
                    &rows,
                ));
            }
        }
        out
    }
}

fn wrap_words(words: &[String], width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(&line);
    out
}

/// The parameter tables of every model as Markdown, for the README ("Simulation parameters").
#[cfg(test)]
pub fn params_markdown() -> String {
    let mut out = String::new();
    for m in Model::ALL {
        out.push_str(&format!(
            "### `{}`\n\n{}.\n\n",
            m.name(),
            upper_first(m.blurb())
        ));
        params::markdown_table(&mut out, m.params());
        out.push('\n');
    }
    out.push_str(
        "Sources are keys of the project's fact sheet (`S5` = AWS Lambda scaling behaviour, ...); \
         `illustrative` marks a teaching value with no sourced figure behind it.\n",
    );
    out
}

#[cfg(test)]
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

#[cfg(test)]
mod tests;
