//! Measures how long the real tutor takes from process start to its first frame on screen, in a
//! pseudo-terminal, as a learner would see it. Build the release binary first, then run
//! `cargo run --release --example first_frame -- [RUNS]`.
use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent().map(|d| d.join("cloudtutor")));
    let Some(exe) = exe.filter(|p| p.exists()) else {
        eprintln!("build the binary first: cargo build --release");
        std::process::exit(2);
    };
    let data = std::env::temp_dir().join("cloudtutor-first-frame");
    let mut times = Vec::new();
    for _ in 0..runs {
        let pty = native_pty_system();
        let Ok(pair) = pty.openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        }) else {
            eprintln!("cannot open a pseudo-terminal");
            std::process::exit(1);
        };
        let mut cmd = CommandBuilder::new(&exe);
        cmd.arg("--data-dir");
        cmd.arg(&data);
        cmd.env("TERM", "xterm-256color");
        let start = Instant::now();
        let Ok(mut child) = pair.slave.spawn_command(cmd) else {
            continue;
        };
        drop(pair.slave);
        let Ok(mut reader) = pair.master.try_clone_reader() else {
            continue;
        };
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        // The first frame is drawn when the course title appears.
        while !String::from_utf8_lossy(&seen).contains("lessons") {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
            if start.elapsed() > Duration::from_secs(5) {
                break;
            }
        }
        times.push(start.elapsed());
        let _ = child.kill();
        let _ = child.wait();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if times.is_empty() {
        eprintln!("no run succeeded");
        std::process::exit(1);
    }
    println!(
        "first frame over {} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        times.len(),
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
