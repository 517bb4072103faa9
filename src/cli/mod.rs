//! Command-line interface: clap definitions and the non-TUI commands.
pub mod sim;

use std::process::ExitCode;

/// Entry point of the binary.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
