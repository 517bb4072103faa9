//! `cloudtutor sim` as a standalone binary, so a headless run can be timed with
//! `/usr/bin/time -v` on this branch (the main CLI dispatches to the same `cli::sim::run`).
//!
//! Build and run: `cargo bench --bench headless -- MODEL --headless [--json] [--set K=V]...`,
//! or run `target/release/deps/headless-*` directly.
use std::process::ExitCode;

use clap::Parser;
use cloudtutor::api::cli::sim::{SimArgs, run};

#[derive(Debug, Parser)]
#[command(name = "cloudtutor-sim")]
struct Cli {
    #[command(flatten)]
    args: SimArgs,
}

fn main() -> ExitCode {
    // `cargo bench` appends `--bench`; it is not one of ours.
    let argv = std::env::args().filter(|a| a != "--bench");
    match Cli::try_parse_from(argv) {
        Ok(cli) => run(&cli.args),
        Err(e) => {
            let _ = e.print();
            ExitCode::from(2)
        }
    }
}
