//! `cloudtutor sim`: headless runs of the simulation models. INTERFACE STUB: replaced by the simulation work.
use std::process::ExitCode;

/// Arguments of `cloudtutor sim`.
#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Model to run: scaling, cold-start, db-connections or cost.
    pub model: String,
    /// Run to the end without a terminal UI and print the result.
    #[arg(long)]
    pub headless: bool,
    /// With --headless, print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Simulated seconds to run.
    #[arg(long)]
    pub duration: Option<f64>,
    /// Set a parameter, e.g. --set rate=20 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Runs `cloudtutor sim`.
pub fn run(args: &SimArgs) -> ExitCode {
    eprintln!("cloudtutor sim {}: not built yet", args.model);
    ExitCode::from(2)
}
