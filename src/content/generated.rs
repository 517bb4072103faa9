//! The `generated` question kind: a template whose numbers are drawn fresh each time it is asked,
//! with the answer computed by the project's own cost and capacity models, so a learner can drill
//! the same skill on new numbers instead of memorising one answer.
use super::diagnostics::Diagnostic;
use super::fields::Fields;

/// The computations a generated question can ask for. Each takes named inputs and produces named
/// outputs (usable as `{placeholders}` in the prompt and explanation) and an `answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Monthly Lambda bill: inputs `memory_mb`, `duration_ms`, `requests`; set `arch` and
    /// `free_tier` on the question. Outputs `gb_seconds`, `billable_gb_seconds`,
    /// `billable_requests`, `request_cost`, `duration_cost`, `gb_second_price`.
    LambdaCost,
    /// Instances for a load at a target utilisation: inputs `rate` (req/s), `service_ms`, `slots`,
    /// `target_util` (percent). Outputs `per_instance` (req/s one instance serves at 100 %),
    /// `usable` (at the target), `exact` (instances before rounding up).
    InstancesNeeded,
    /// Little's law, mean concurrency = rate x time in system: inputs `rate` (req/s),
    /// `duration_ms`. Output `duration_s`.
    Concurrency,
    /// Monthly EC2 bill: inputs `instances`, `hours`; set `instance` (type) on the question.
    /// Outputs `hourly`.
    Ec2Monthly,
}

impl Model {
    /// Every model with its name in quiz files.
    pub const ALL: &'static [(Model, &'static str)] = &[
        (Model::LambdaCost, "lambda_cost"),
        (Model::InstancesNeeded, "instances_needed"),
        (Model::Concurrency, "concurrency"),
        (Model::Ec2Monthly, "ec2_monthly"),
    ];

    /// The name used in quiz files.
    pub fn name(self) -> &'static str {
        Model::ALL
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("?", |(_, n)| n)
    }

    /// The inputs the model needs, each drawn from a `[question.vars]` entry.
    pub fn inputs(self) -> &'static [&'static str] {
        match self {
            Model::LambdaCost => &["memory_mb", "duration_ms", "requests"],
            Model::InstancesNeeded => &["rate", "service_ms", "slots", "target_util"],
            Model::Concurrency => &["rate", "duration_ms"],
            Model::Ec2Monthly => &["instances", "hours"],
        }
    }

    /// The values the model computes besides `answer`.
    pub fn outputs(self) -> &'static [&'static str] {
        match self {
            Model::LambdaCost => &[
                "gb_seconds",
                "billable_gb_seconds",
                "billable_requests",
                "request_cost",
                "duration_cost",
                "gb_second_price",
                "memory_gb",
                "duration_s",
            ],
            Model::InstancesNeeded => &["per_instance", "usable", "exact"],
            Model::Concurrency => &["duration_s"],
            Model::Ec2Monthly => &["hourly"],
        }
    }
}

/// Where a variable's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// One of these, equally likely.
    List(Vec<f64>),
    /// `min`, `min + step`, ... up to `max`, equally likely.
    Range { min: f64, max: f64, step: f64 },
}

impl Values {
    /// How many values there are to draw from.
    pub fn count(&self) -> u64 {
        match self {
            Values::List(v) => v.len() as u64,
            Values::Range { min, max, step } => ((max - min) / step).floor() as u64 + 1,
        }
    }

    /// The `i`-th value (`i < count()`).
    pub fn nth(&self, i: u64) -> f64 {
        match self {
            Values::List(v) => v.get(i as usize).copied().unwrap_or(0.0),
            Values::Range { min, step, .. } => min + step * i as f64,
        }
    }
}

/// A generated question's recipe, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    pub model: Model,
    /// Each input with its values, in the order of [`Model::inputs`].
    pub vars: Vec<(String, Values)>,
    pub unit: String,
    /// Answers within this distance count as right.
    pub tolerance: f64,
    /// `lambda_cost`: Arm pricing instead of x86.
    pub arm: bool,
    /// `lambda_cost`: subtract the Always-Free allowance.
    pub free_tier: bool,
    /// `ec2_monthly`: the instance type, priced from the dated table in `assets/`.
    pub instance: Option<String>,
}

/// The keys a `generated` question may have besides the common ones.
pub const KEYS: &[&str] = &[
    "model",
    "vars",
    "unit",
    "tolerance",
    "arch",
    "free_tier",
    "instance",
];

/// Reads and checks a `generated` question's recipe: a known model, a value source for each input,
/// and only known `{placeholders}` in its texts.
pub fn parse(
    f: &Fields<'_, '_>,
    prompt: Option<&str>,
    explanation: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Generator> {
    let names: Vec<&str> = Model::ALL.iter().map(|(_, n)| *n).collect();
    let model_name = f.req_str("model", diags)?;
    let Some(model) = Model::ALL
        .iter()
        .find(|(_, n)| *n == model_name)
        .map(|(m, _)| *m)
    else {
        f.error(
            "model",
            format!(
                "unknown generator model `{model_name}` (expected one of: {})",
                names.join(", ")
            ),
            diags,
        );
        return None;
    };
    let unit = f.req_str("unit", diags);
    let tolerance = f.opt_f64("tolerance", diags).unwrap_or(0.0);
    if tolerance < 0.0 {
        f.error("tolerance", "`tolerance` must not be negative", diags);
        return None;
    }
    let arm = match f.opt_str("arch", diags).as_deref() {
        None | Some("x86") => false,
        Some("arm") => true,
        Some(other) => {
            f.error(
                "arch",
                format!("`arch` must be x86 or arm, not `{other}`"),
                diags,
            );
            return None;
        }
    };
    let free_tier = f.opt_bool("free_tier", diags).unwrap_or(true);
    let instance = f.opt_str("instance", diags);
    if model == Model::Ec2Monthly {
        match &instance {
            None => {
                f.error(
                    "instance",
                    "the ec2_monthly model needs `instance`, e.g. \"t4g.small\"",
                    diags,
                );
                return None;
            }
            Some(i) => {
                if let Err(e) = crate::sim::cost::ec2_hourly_usd(i) {
                    f.error("instance", e, diags);
                    return None;
                }
            }
        }
    }
    let Some(vars_table) = f.table("vars", diags) else {
        f.error(
            "vars",
            format!(
                "missing required key `vars`: a table giving values for {}",
                model.inputs().join(", ")
            ),
            diags,
        );
        return None;
    };
    let mut vars = Vec::new();
    let mut ok = true;
    for input in model.inputs() {
        match vars_table.var(input, diags) {
            Some(v) => vars.push(((*input).to_string(), v)),
            None => ok = false,
        }
    }
    vars_table.unknown_keys(model.inputs(), diags);
    let known: Vec<&str> = model
        .inputs()
        .iter()
        .chain(model.outputs())
        .copied()
        .chain(["answer", "unit"])
        .collect();
    for (key, text) in [("prompt", prompt), ("explanation", explanation)] {
        for name in text.map(placeholders).unwrap_or_default() {
            if !known.contains(&name.as_str()) {
                f.error(
                    key,
                    format!(
                        "unknown placeholder `{{{name}}}` (known: {})",
                        known.join(", ")
                    ),
                    diags,
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    Some(Generator {
        model,
        vars,
        unit: unit?,
        tolerance,
        arm,
        free_tier,
        instance,
    })
}

/// The `{name}` placeholders in a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].trim().to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// A "predict, then observe" question: the learner predicts a number, then a simulation runs and
/// its result is the answer the prediction is judged against.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The simulation model (`cold-start`, `scaling`, ...).
    pub sim: String,
    /// Its parameters, as a lesson's sim block would set them.
    pub params: Vec<(String, String)>,
    /// The summary field observed, e.g. `cold_start_ratio` or `latency_ms.p95`.
    pub metric: String,
    /// For models with several deployments (scaling): which one.
    pub deployment: Option<String>,
    /// Simulated seconds to run (the model's default when absent).
    pub duration_s: Option<f64>,
    /// The observed value is multiplied by this before comparing (100 turns a ratio into percent).
    pub scale: f64,
    pub unit: String,
    pub tolerance: f64,
}

/// The simulation results a prediction can be judged on (fields of the headless summary).
pub const METRICS: &[&str] = &[
    "requests",
    "served",
    "dropped",
    "cold_starts",
    "cold_start_ratio",
    "latency_ms.mean",
    "latency_ms.p50",
    "latency_ms.p95",
    "latency_ms.p99",
    "mean_wait_ms",
    "p_wait",
    "mean_concurrency",
    "peak_concurrency",
    "utilization",
    "cost_usd",
];

/// The keys a `predict` question may have besides the common ones.
pub const PREDICT_KEYS: &[&str] = &[
    "sim",
    "params",
    "metric",
    "deployment",
    "duration_s",
    "scale",
    "unit",
    "tolerance",
];

/// Reads and checks a `predict` question: a known model, valid parameters, a metric and unit.
pub fn parse_prediction(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Prediction> {
    let sim = f.req_str("sim", diags)?;
    if !crate::sim::MODELS.contains(&sim.as_str()) {
        f.error(
            "sim",
            format!(
                "unknown sim `{sim}` (expected one of: {})",
                crate::sim::MODELS.join(", ")
            ),
            diags,
        );
        return None;
    }
    let mut params = Vec::new();
    if let Some(table) = f.table("params", diags) {
        for (key, value) in table.scalars(diags) {
            if let Err(e) = crate::sim::check_param(&sim, &key, &value) {
                f.error("params", e, diags);
                return None;
            }
            params.push((key, value));
        }
    }
    let metric = f.req_str("metric", diags)?;
    if !METRICS.contains(&metric.as_str()) {
        f.error(
            "metric",
            format!(
                "unknown metric `{metric}` (expected one of: {})",
                METRICS.join(", ")
            ),
            diags,
        );
        return None;
    }
    let unit = f.req_str("unit", diags)?;
    let deployment = f.opt_str("deployment", diags);
    let deployments = crate::sim::live::scaling_deployments();
    match (&deployment, sim.as_str()) {
        (None, "scaling") => {
            f.error(
                "deployment",
                format!(
                    "the scaling sim compares deployments: name one with `deployment` ({})",
                    deployments.join(", ")
                ),
                diags,
            );
            return None;
        }
        (Some(d), "scaling") if !deployments.contains(&d.as_str()) => {
            f.error(
                "deployment",
                format!(
                    "unknown deployment `{d}` (expected one of: {})",
                    deployments.join(", ")
                ),
                diags,
            );
            return None;
        }
        (Some(_), other) if other != "scaling" => {
            f.error(
                "deployment",
                format!("the {other} sim has no deployments"),
                diags,
            );
            return None;
        }
        _ => {}
    }
    let duration_s = f.opt_f64("duration_s", diags);
    if duration_s.is_some_and(|d| !(d > 0.0 && d <= 1e7)) {
        f.error(
            "duration_s",
            "`duration_s` must be more than 0 and at most 10,000,000 seconds",
            diags,
        );
        return None;
    }
    let scale = f.opt_f64("scale", diags).unwrap_or(1.0);
    let tolerance = f.opt_f64("tolerance", diags).unwrap_or(0.0).max(0.0);
    Some(Prediction {
        sim,
        params,
        metric,
        deployment,
        duration_s,
        scale,
        unit,
        tolerance,
    })
}
