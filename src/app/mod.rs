//! The interactive tutor. STUB
use std::process::ExitCode;

use crate::content::ContentSource;

/// Opens the TUI.
pub fn run(source: &ContentSource) -> ExitCode {
    let _ = source;
    ExitCode::SUCCESS
}
