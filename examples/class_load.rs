//! Load test of the live classroom, on loopback only, bounded in count and time; it stops by
//! itself.
//!
//! ```sh
//! cargo run --release --example class_load -- [STUDENTS] [STALL_SECONDS]    # defaults: 100, 60
//! ```
//!
//! This process is the teacher's side (the SSH server and the class); the students are a child
//! process (this same program with `--clients`), so the figures below are the server's alone:
//! - peak RSS and CPU seconds of the server process for the whole class (`getrusage`);
//! - the time from the last student's answer leaving its client to the teacher's count showing
//!   every answer (both sides read the system clock of the same machine);
//! - then one more client that never reads while the teacher changes slides ten times a second
//!   for STALL_SECONDS: the server's RSS, sampled every 5 s, should stay flat.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cloudtutor::api::classroom::{ClassConfig, ClassEvent, ClassHandle, Tally};
use cloudtutor::api::content::{Kind, Question};

/// Longest any phase may take before the test gives up (it stops by itself).
const PHASE_LIMIT: Duration = Duration::from_secs(120);
const CODE: &str = "1234";
const PROMPT: &str = "Load question: which one is right?";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--clients") {
        clients::main(&args[2..]);
        return;
    }
    let students: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let stall_s: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(60);
    teacher(students.clamp(1, 1000), stall_s.min(600));
}

fn now_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Current resident memory of this process in KiB (Linux), else 0.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn usage() -> (f64, u64) {
    use nix::sys::resource::{UsageWho, getrusage};
    match getrusage(UsageWho::RUSAGE_SELF) {
        Ok(u) => {
            let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
            (
                secs(u.user_time()) + secs(u.system_time()),
                u.max_rss() as u64,
            )
        }
        Err(_) => (0.0, 0),
    }
}

fn teacher(students: usize, stall_s: u64) {
    let data = std::env::temp_dir().join(format!("cloudtutor-class-load-{}", std::process::id()));
    let mut config = ClassConfig::new(data.clone());
    config.port = 0;
    config.bind = "127.0.0.1".parse().expect("loopback");
    config.code = Some(CODE.into());
    config.max_students = students + 1;
    config.connections_per_address = students + 10;
    let (tx, events) = mpsc::channel::<ClassEvent>();
    let class = match ClassHandle::start(config, tx) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("class_load: {e}");
            std::process::exit(1);
        }
    };
    class.show_slide("Load test");
    let (cpu0, _) = usage();
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args([
            "--clients",
            &students.to_string(),
            &class.local_addr().port().to_string(),
            &stall_s.to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the clients");
    let (line_tx, lines) = mpsc::channel::<String>();
    let out = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = line_tx.send(line);
        }
    });

    // Everyone joins.
    let start = Instant::now();
    while class.snapshot().connected() < students {
        assert!(start.elapsed() < PHASE_LIMIT, "students did not all join");
        let _ = events.recv_timeout(Duration::from_millis(200));
    }
    let joined_in = start.elapsed();
    while events.try_recv().is_ok() {}

    // Everyone answers; the teacher's count is what the presenter would show.
    class.open_question(
        "load/q1",
        Question {
            id: "q1".into(),
            prompt: PROMPT.into(),
            explanation: "The second one.".into(),
            kind: Kind::Single {
                choices: vec!["first".into(), "second".into(), "third".into()],
                answer: 1,
            },
            line: 1,
        },
    );
    let mut seen_all = None;
    let start = Instant::now();
    while seen_all.is_none() {
        assert!(start.elapsed() < PHASE_LIMIT, "answers did not all arrive");
        if let Ok(ClassEvent::Answers(Tally { answered, .. })) =
            events.recv_timeout(Duration::from_millis(200))
            && answered >= students
        {
            seen_all = Some(now_nanos());
        }
    }
    let last_sent = loop {
        let line = lines.recv_timeout(PHASE_LIMIT).expect("the clients report");
        if let Some(v) = line.strip_prefix("last_answer_sent_ns=") {
            break v.parse::<u128>().unwrap_or(0);
        }
    };
    let latency_ms = seen_all.unwrap_or(0).saturating_sub(last_sent) as f64 / 1e6;
    class.lock();
    class.reveal(None);
    std::thread::sleep(Duration::from_millis(500));
    let (cpu1, peak_kib) = usage();

    // A client that never reads, while every student's screen keeps changing.
    let before = rss_kib();
    let mut samples = vec![before];
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(stall_s) {
        n += 1;
        class.show_slide(&format!(
            "Slide {n}: the stalled client must not grow memory"
        ));
        std::thread::sleep(Duration::from_millis(100));
        if n.is_multiple_of(50) {
            samples.push(rss_kib());
        }
    }
    let (cpu2, peak_after_stall) = usage();
    class.end();
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if start.elapsed() > PHASE_LIMIT {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    class.shutdown();
    let _ = std::fs::remove_dir_all(&data);

    println!("students: {students}");
    println!("all joined in: {:.2} s", joined_in.as_secs_f64());
    println!(
        "server CPU for the class (join, answer, reveal): {:.2} s",
        cpu1 - cpu0
    );
    println!(
        "server peak RSS during the class: {:.1} MB",
        peak_kib as f64 / 1024.0
    );
    println!("last answer sent -> teacher's count shows it: {latency_ms:.1} ms");
    println!(
        "stalled client, {stall_s} s of slide changes every 100 ms ({n} slides): RSS samples every 5 s (MB): {}",
        samples
            .iter()
            .map(|k| format!("{:.1}", *k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "server CPU during the stall phase: {:.2} s; peak RSS after it: {:.1} MB",
        cpu2 - cpu1,
        peak_after_stall as f64 / 1024.0
    );
    println!("clients exited: {status:?}");
}

/// The students: one russh client per student, each with a vt100 screen, in this child process.
mod clients {
    use super::*;
    use russh::client::{self, Msg};
    use russh::{Channel, ChannelMsg};

    struct Accept;

    impl client::Handler for Accept {
        type Error = russh::Error;
        async fn check_server_key(
            &mut self,
            _key: &russh::keys::PublicKeyOrCertificate,
        ) -> Result<bool, Self::Error> {
            Ok(true)
        }
    }

    async fn open(port: u16, user: &str) -> Option<(client::Handle<Accept>, Channel<Msg>)> {
        let config = Arc::new(client::Config::default());
        let mut session = client::connect(config, ("127.0.0.1", port), Accept)
            .await
            .ok()?;
        session.authenticate_none(user).await.ok()?;
        let channel = session.channel_open_session().await.ok()?;
        channel
            .request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .ok()?;
        channel.request_shell(true).await.ok()?;
        Some((session, channel))
    }

    /// One student: join, answer the second choice once the question shows (reporting when it
    /// was sent, ns since the epoch), then read until the class closes the session.
    async fn student(port: u16, i: usize, report: tokio::sync::mpsc::Sender<u128>) -> Option<()> {
        let (_session, mut channel) = open(port, &format!("student{i:03}")).await?;
        let mut screen = vt100::Parser::new(
            std::num::NonZeroU16::new(24)?,
            std::num::NonZeroU16::new(80)?,
            0,
        );
        let mut step = 0;
        while let Some(msg) = channel.wait().await {
            match msg {
                ChannelMsg::Data { data } => screen.process(&data),
                ChannelMsg::Close => break,
                _ => continue,
            }
            let text = screen.screen().contents();
            if step == 0 && text.contains("Class code") {
                channel.data(format!("{CODE}\r").as_bytes()).await.ok()?;
                step = 1;
            } else if step == 1 && text.contains("Name:") {
                channel.data(&b"\r"[..]).await.ok()?;
                step = 2;
            } else if step == 2 && text.contains("Load question") {
                channel.data(&b"2"[..]).await.ok()?;
                let _ = report.send(now_nanos()).await;
                step = 3;
            }
        }
        Some(())
    }

    pub fn main(args: &[String]) {
        let students: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
        let port: u16 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            // The stalled one: joins blind, then never reads again.
            let stalled = tokio::spawn(async move {
                let (session, channel) = open(port, "stalled").await?;
                channel.data(format!("{CODE}\r").as_bytes()).await.ok()?;
                channel.data(&b"\r"[..]).await.ok()?;
                Some((session, channel))
            });
            let (report_tx, mut report_rx) = tokio::sync::mpsc::channel(students.max(1));
            let tasks: Vec<_> = (0..students)
                .map(|i| tokio::spawn(student(port, i, report_tx.clone())))
                .collect();
            drop(report_tx);
            let keep = stalled.await.ok().flatten();
            let mut last = 0u128;
            for _ in 0..students {
                match report_rx.recv().await {
                    Some(t) => last = last.max(t),
                    None => break,
                }
            }
            println!("last_answer_sent_ns={last}");
            // Students keep reading until the class ends; the stalled one is dropped with them.
            for t in tasks {
                let _ = t.await;
            }
            drop(keep);
        });
    }
}
