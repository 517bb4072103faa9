//! `cloudtutor sim`: headless runs of the simulation models (a thin shell over `crate::sim`).
use std::process::ExitCode;

use crate::sim::{self, Model, ParamError};

/// Arguments of `cloudtutor sim`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SimArgs {
    /// Model to run: scaling, cold-start, db-connections or cost.
    pub model: String,
    /// Run to the end without a terminal UI and print the result.
    #[arg(long)]
    pub headless: bool,
    /// With --headless, print one JSON object instead of a table.
    #[arg(long, requires = "headless")]
    pub json: bool,
    /// Seed for the random number generator (the global `--seed`, default 1): the same seed
    /// gives the same run.
    #[arg(skip = 1u64)]
    pub seed: u64,
    /// Simulated seconds to run (default: scaling 1800, cold-start 86400, db-connections 300;
    /// `cost` has no time and refuses it).
    #[arg(long)]
    pub duration: Option<f64>,
    /// Set a parameter, e.g. --set rate=20 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// With --headless --json, also print the per-second series (bounded, downsampled) as
    /// `charts`, and the environment timeline of the cold-start model. A latency percentile has
    /// no point for an interval in which no request completed.
    #[arg(long, requires = "json")]
    pub series: bool,
    /// Print the model's parameter table (Markdown: name, unit, default, range, meaning, source)
    /// and exit.
    #[arg(long)]
    pub params: bool,
}

/// Longest run accepted, simulated seconds (about three years): beyond that a typo is likelier
/// than an intent, and the run would take very long.
pub const MAX_DURATION_S: f64 = 1e8;

/// Why `cloudtutor sim` could not run; printed on stderr, exit code 2.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimCliError {
    /// A model name, key or value was rejected.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// `--duration` given to a model with no time (`cost`).
    #[error("`--duration` does not apply: sim {0} is not a time simulation")]
    DurationNotApplicable(String),
    /// `--duration` out of range.
    #[error("bad --duration `{0}`: expected seconds, greater than 0 and at most 100000000")]
    Duration(String),
    /// No terminal UI here.
    #[error(
        "the live view of `{0}` needs the tutor's terminal UI: open a lesson with a sim block in \
         `cloudtutor`, or run `cloudtutor sim {0} --headless` to run to the end and print the result"
    )]
    NeedsTerminal(String),
}

/// Runs `cloudtutor sim` and returns the text to print on stdout.
pub fn execute(args: &SimArgs) -> Result<String, SimCliError> {
    let model = Model::from_name(&args.model)?;
    if args.params {
        let mut out = String::new();
        sim::params::markdown_table(&mut out, model.params());
        return Ok(out);
    }
    let pairs = sim::parse_assignments(model, &args.set)?;
    let params = sim::resolve_params(model, pairs)?;
    if args.duration.is_some() && model.default_duration_s().is_none() {
        return Err(SimCliError::DurationNotApplicable(model.name().into()));
    }
    if let Some(d) = args.duration
        && !(d > 0.0 && d <= MAX_DURATION_S)
    {
        return Err(SimCliError::Duration(d.to_string()));
    }
    if !args.headless {
        return Err(SimCliError::NeedsTerminal(model.name().into()));
    }
    let report = sim::run_headless_with(
        model,
        &params,
        args.seed,
        args.duration,
        args.series && args.json,
    )?;
    if args.json {
        // Serializing plain data to a String cannot fail; fall back to the table if it ever does.
        Ok(serde_json::to_string(&report).map_or_else(|_| report.to_table(), |s| s + "\n"))
    } else {
        Ok(report.to_table())
    }
}

/// Runs `cloudtutor sim`: prints the result, or the error on stderr with exit code 2.
pub fn run(args: &SimArgs) -> ExitCode {
    match execute(args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cloudtutor: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(model: &str, set: &[&str]) -> SimArgs {
        SimArgs {
            model: model.into(),
            headless: true,
            json: true,
            seed: 1,
            duration: Some(60.0),
            set: set.iter().map(|s| s.to_string()).collect(),
            params: false,
            series: false,
        }
    }

    #[test]
    fn json_has_the_promised_shape() {
        let out = execute(&args("scaling", &["rate=20", "peak=40"])).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["model"], "scaling");
        assert_eq!(v["seed"], 1);
        assert_eq!(v["duration_s"], 60.0);
        assert_eq!(v["params"]["rate"], 20.0);
        assert_eq!(v["params"]["instances"], 2);
        assert_eq!(v["params"]["deployments"][3], "lambda");
        for d in ["onprem", "fixed", "asg", "lambda"] {
            let s = &v["summary"]["deployments"][d];
            for k in [
                "requests",
                "served",
                "dropped",
                "cold_starts",
                "cold_start_ratio",
                "mean_wait_ms",
                "p_wait",
                "mean_concurrency",
                "peak_concurrency",
                "utilization",
                "cost_usd",
            ] {
                assert!(s.get(k).is_some(), "{d}.{k} missing in {s}");
            }
            for k in ["mean", "p50", "p95", "p99"] {
                assert!(s["latency_ms"][k].is_number(), "{d} latency {k}");
            }
        }
        let out = execute(&args("cold-start", &[])).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["summary"]["cold_start_ratio"].is_number());
        let cost = SimArgs {
            duration: None,
            ..args("cost", &[])
        };
        let out = execute(&cost).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["duration_s"].is_null());
        for k in [
            "lambda_usd",
            "ec2_usd",
            "onprem_usd",
            "break_even_requests_per_month",
        ] {
            assert!(v["summary"][k].is_number(), "{k}");
        }
    }

    #[test]
    fn series_flag_adds_bounded_charts() {
        let mut a = args("scaling", &["deployments=fixed,lambda"]);
        a.series = true;
        let v: serde_json::Value = serde_json::from_str(&execute(&a).unwrap()).unwrap();
        let charts = v["charts"].as_array().unwrap();
        let inst = charts.iter().find(|c| c["id"] == "instances").unwrap();
        assert_eq!(inst["lines"].as_array().unwrap().len(), 2);
        assert_eq!(inst["lines"][0]["points"].as_array().unwrap().len(), 60);
        let mut a = args("cold-start", &["rate=1", "keep_alive_s=5"]);
        a.series = true;
        let v: serde_json::Value = serde_json::from_str(&execute(&a).unwrap()).unwrap();
        assert!(!v["timeline"].as_array().unwrap().is_empty());
        // Without the flag the JSON stays small.
        let v: serde_json::Value =
            serde_json::from_str(&execute(&args("scaling", &[])).unwrap()).unwrap();
        assert!(v.get("charts").is_none());
    }

    #[test]
    fn errors_list_the_valid_choices() {
        let e = execute(&args("scaleing", &[])).unwrap_err().to_string();
        assert!(
            e.contains("scaling, cold-start, db-connections, cost"),
            "{e}"
        );
        let e = execute(&args("scaling", &["rat=1"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown parameter `rat`") && e.contains("valid: traffic, trace, rate"));
        let e = execute(&args("scaling", &["traffic=wave"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("poisson, diurnal, spike, step, trace"), "{e}");
        let e = execute(&args("scaling", &["rate"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not KEY=VALUE"), "{e}");
        let e = execute(&args("scaling", &["asg_min=5", "asg_max=2"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("asg_max"), "{e}");
        let mut a = args("scaling", &[]);
        a.duration = Some(-1.0);
        assert!(matches!(execute(&a), Err(SimCliError::Duration(_))));
        a.duration = None;
        a.headless = false;
        let e = execute(&a).unwrap_err().to_string();
        assert!(e.contains("--headless"), "{e}");
    }

    /// `cost` has no simulated time: a `--duration` is refused rather than silently ignored.
    #[test]
    fn duration_is_refused_by_a_model_with_no_time() {
        assert_eq!(
            execute(&args("cost", &[])),
            Err(SimCliError::DurationNotApplicable("cost".into()))
        );
        let e = execute(&args("cost", &[])).unwrap_err().to_string();
        assert_eq!(
            e,
            "`--duration` does not apply: sim cost is not a time simulation"
        );
    }

    #[test]
    fn table_output_is_aligned() {
        let mut a = args("scaling", &["deployments=fixed,lambda"]);
        a.json = false;
        let out = execute(&a).unwrap();
        assert!(out.contains("metric"), "{out}");
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("requests")).collect();
        assert_eq!(lines.len(), 1);
        let mut a = args("cost", &[]);
        a.json = false;
        a.duration = None;
        assert!(execute(&a).unwrap().contains("break-even vs EC2 req/month"));
        let mut a = args("cost", &[]);
        a.params = true;
        assert!(execute(&a).unwrap().contains("| `requests` |"));
    }
}
