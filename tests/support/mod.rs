//! A pseudo-terminal harness: runs the real binary in a pty, feeds its output to a vt100 parser, and
//! lets a test type keys and read the screen as a user would see it.
#![allow(dead_code)]
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

#[cfg(feature = "classroom")]
pub mod ssh_client;

/// A running tutor in a pseudo-terminal.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the tutor wrote, for sequences the screen model does not keep (OSC 8).
    raw: Arc<Mutex<Vec<u8>>>,
    /// The HOME of a program that must not read the tester's (ssh), removed with the Pty.
    _home: Option<tempfile::TempDir>,
}

/// The real OpenSSH client, when this machine has one: what students type to join a class.
pub fn ssh_binary() -> Option<std::path::PathBuf> {
    [
        "/usr/bin/ssh",
        "/usr/local/bin/ssh",
        "/opt/homebrew/bin/ssh",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())
}

/// OpenSSH's options for a throwaway client of `127.0.0.1:port`: no config file, no host-key
/// prompt, no known-hosts file, no keys offered.
pub fn openssh_args(port: u16) -> Vec<String> {
    [
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "PubkeyAuthentication=no",
        "-p",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([port.to_string()])
    .collect()
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap_or(NonZeroU16::MIN)
}

impl Pty {
    /// Starts `cloudtutor ARGS` in a `cols` x `rows` terminal with the given extra environment.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)], cwd: &Path) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cloudtutor"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // Never the learner's real progress: each run keeps its own, under its working folder.
        cmd.env("CLOUDTUTOR_DATA_DIR", cwd.join("progress-data"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        Pty::start(cmd, cols, rows, None)
    }

    /// A student joining a class on `127.0.0.1:port` as `user` with the real OpenSSH client
    /// `ssh` in a `cols` x `rows` terminal: a throwaway client ([`openssh_args`]) with a HOME of
    /// its own, so the tester's config and keys never take part.
    pub fn openssh(ssh: &Path, port: u16, user: &str, cols: u16, rows: u16) -> Pty {
        let home = tempfile::tempdir().expect("tempdir for ssh's HOME");
        let mut cmd = CommandBuilder::new(ssh);
        cmd.env("HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.args(openssh_args(port));
        cmd.args(["-o", "LogLevel=ERROR", &format!("{user}@127.0.0.1")]);
        Pty::start(cmd, cols, rows, Some(home))
    }

    fn start(cmd: CommandBuilder, cols: u16, rows: u16, home: Option<tempfile::TempDir>) -> Pty {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut p) = sink.lock() {
                            p.process(&buf[..n]);
                        }
                        if let Ok(mut r) = raw_sink.lock() {
                            r.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        Pty {
            child,
            master: pair.master,
            writer,
            parser,
            raw,
            _home: home,
        }
    }

    /// Everything written to the terminal so far, as raw bytes.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Types raw bytes (keys) into the terminal.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// The visible screen as text.
    pub fn contents(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// The foreground and background colour of every cell, row by row: what a theme changes.
    pub fn colours(&self) -> Vec<(vt100::Color, vt100::Color)> {
        let Ok(p) = self.parser.lock() else {
            return Vec::new();
        };
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter_map(|(r, c)| {
                screen
                    .cell(r, c)
                    .map(|cell| (cell.fgcolor(), cell.bgcolor()))
            })
            .collect()
    }

    /// Whether the program is showing the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    }

    /// Waits until the screen contains `needle`; panics with the screen after `timeout`.
    pub fn wait_for(&self, needle: &str, timeout: Duration) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.contents().contains(needle) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {needle:?}; screen was:\n{}",
            self.contents()
        );
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(nz(rows), nz(cols));
        }
    }

    /// Waits for the program to exit and returns its exit code (or signal), panicking after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader thread drain the last bytes (the restore sequence).
                thread::sleep(Duration::from_millis(100));
                return status;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the program did not exit; screen was:\n{}", self.contents());
    }

    /// Sends a signal to the program.
    pub fn signal(&self, sig: nix::sys::signal::Signal) {
        let pid = self.child.process_id().expect("child pid");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), sig).expect("kill");
    }

    /// Whether the terminal is back in cooked mode (echo and line editing on), as a shell needs it.
    pub fn cooked_mode(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        match self.master.get_termios() {
            Some(t) => t
                .local_flags
                .contains(LocalFlags::ECHO | LocalFlags::ICANON),
            None => false,
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
