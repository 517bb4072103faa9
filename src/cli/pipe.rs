//! What happens when the reader of stdout goes away (`cloudtutor list | head -1`).
//!
//! Rust programs start with SIGPIPE ignored, so a write to a closed pipe returns `EPIPE` and
//! `println!` turns that into a panic ("failed printing to stdout: Broken pipe", exit 101). Every
//! command-line tool a shell user knows instead just stops: the kernel ends it with SIGPIPE, which
//! the shell shows as status 141 and which prints nothing. We restore that default once, before
//! any command prints, instead of checking the result of every `print!` in every command: a
//! `print!` added later is covered too.
//!
//! Only the printing commands get it. The full-screen tutor writes to a terminal, where a closed
//! reader shows up as a hang-up (SIGHUP) rather than a broken pipe, and it keeps Rust's default so
//! that nothing it may ever write to a pipe or socket can end it without restoring the terminal.
//!
//! Progress is written atomically (see `progress::store`), so being ended by SIGPIPE between two
//! answers of `quiz --plain` loses nothing already saved and never leaves a torn file.

/// Makes a write to a closed stdout (or stderr) end the process quietly with SIGPIPE, as in any
/// C program. Call it on the main thread before printing. A no-op where there is no SIGPIPE
/// (Windows).
pub fn end_quietly_when_the_reader_goes_away() {
    #[cfg(unix)]
    // SAFETY: `signal` with `SIG_DFL` installs no handler of ours, so no code of ours ever runs
    // in signal context; it only changes the process's disposition for SIGPIPE back to the
    // kernel's default. Called from `cli::main` before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
