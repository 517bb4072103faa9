//! The live classroom: students join the teacher's lesson over SSH, from their own terminals.
//!
//! One process. The presenter stays the synchronous event loop it is and drives the class
//! through a [`ClassHandle`]; a background thread runs a small tokio runtime with the SSH server
//! (russh). The class itself ([`class::Class`]) is plain data behind a mutex; every change bumps
//! a `watch` counter that student sessions wait on, which merges bursts of changes into one
//! redraw. Events for the presenter ([`ClassEvent`]) go over the std `mpsc` channel it gives.
//!
//! Modules: [`class`] (the pure core), [`student`] (one student's screen), [`input`] (keys from
//! raw bytes), [`backend`] (a ratatui backend writing into an SSH channel), [`hostkey`], and the
//! private `server` and `session` (network and per-student task).
pub mod backend;
pub mod class;
pub mod hostkey;
pub mod input;
pub mod record;
mod server;
mod session;
pub mod student;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::content::Question;
pub use class::{Class, ClassSettings, Tally};

/// The name of the class runtime's threads (the panic filter recognises them).
const THREAD_NAME: &str = "cloudtutor-class";

/// The port students connect to unless the teacher picks another.
pub const DEFAULT_PORT: u16 = 2222;
/// Students at most unless the teacher picks another.
pub const DEFAULT_MAX_STUDENTS: usize = 100;

/// How a class is served.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassConfig {
    /// TCP port; 0 picks a free one (tests).
    pub port: u16,
    /// Address to listen on; `0.0.0.0` for a classroom LAN.
    pub bind: IpAddr,
    /// The class code; a random 4-digit code when `None`.
    pub code: Option<String>,
    pub max_students: usize,
    /// No names on the projector or in the results.
    pub anonymous: bool,
    /// Where the host key lives (the progress data dir).
    pub data_dir: PathBuf,
    /// New connections allowed per address per 10 s (5; a load test on one address lifts it).
    pub connections_per_address: usize,
}

impl ClassConfig {
    /// Defaults for a classroom LAN: port 2222 on every IPv4 address, 100 students, a random code.
    pub fn new(data_dir: PathBuf) -> Self {
        ClassConfig {
            port: DEFAULT_PORT,
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            code: None,
            max_students: DEFAULT_MAX_STUDENTS,
            anonymous: false,
            data_dir,
            connections_per_address: server::RATE_LIMIT,
        }
    }
}

/// What the presenter hears from the class.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassEvent {
    /// A student joined (or came back). `name` is `None` in anonymous mode.
    Joined {
        name: Option<String>,
        connected: usize,
    },
    /// A student's session ended.
    Left {
        name: Option<String>,
        connected: usize,
    },
    /// The count of the open question changed ("answered 17 / 23").
    Answers(Tally),
}

/// Starting a class failed.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    HostKey(#[from] hostkey::HostKeyError),
    #[error("cannot start the SSH server's runtime: {0}")]
    Runtime(std::io::Error),
}

/// State shared by the handle and every session.
pub(crate) struct Shared {
    class: Mutex<Class>,
    /// Bumped after every change of `class`; sessions redraw on it.
    changes: tokio::sync::watch::Sender<u64>,
    events: Box<dyn Fn(ClassEvent) + Send + Sync>,
    /// Open SSH sessions (with or without a joined student).
    pub(crate) sessions: AtomicUsize,
    /// Sessions ended by a panic, for tests and the teacher's status line.
    pub(crate) panics: AtomicUsize,
    /// Shown to a client that connects without a terminal.
    pub(crate) ssh_hint: String,
}

impl Shared {
    /// The class, even if a panicking session left the lock poisoned: the class is plain data
    /// changed by short methods, and one student's crash must not stop the others.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Class> {
        self.class.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the class and wakes every session.
    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut Class) -> R) -> R {
        let r = f(&mut self.lock());
        self.changes.send_modify(|v| *v = v.wrapping_add(1));
        r
    }

    pub(crate) fn emit(&self, event: ClassEvent) {
        (self.events)(event);
    }

    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }
}

/// A running class: the SSH server in its background thread, and the commands the presenter
/// calls. Dropping it ends the class and stops the server.
pub struct ClassHandle {
    shared: Arc<Shared>,
    join_lines: Vec<String>,
    fingerprint: String,
    code: String,
    addr: SocketAddr,
    session_id: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ClassHandle {
    /// Binds the port, loads (or makes) the host key and starts the server. Events go to
    /// `events`, converted into the presenter's own event type.
    ///
    /// Call it after the teacher's terminal has installed its panic hook: `start` wraps the hook
    /// in place so that a panic caught inside a student's session (which ends that session only)
    /// does not reach it and restore the teacher's terminal; every other panic still does.
    pub fn start<T>(config: ClassConfig, events: mpsc::Sender<T>) -> Result<ClassHandle, ClassError>
    where
        T: From<ClassEvent> + Send + 'static,
    {
        let key = hostkey::load_or_create(&config.data_dir)?;
        let fingerprint = hostkey::fingerprint(&key);
        let want = SocketAddr::new(config.bind, config.port);
        let listener = std::net::TcpListener::bind(want)
            .map_err(|source| ClassError::Bind { addr: want, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ClassError::Bind { addr: want, source })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| ClassError::Bind { addr: want, source })?;
        let code = config.code.clone().unwrap_or_else(random_code);
        let join_lines = join_lines(addr);
        let ssh_hint = match join_lines.first() {
            Some(line) => line.replacen("ssh ", "ssh -t ", 1),
            None => format!("ssh -t -p {} class@HOST", addr.port()),
        };
        let settings = ClassSettings {
            code: code.clone(),
            max_students: config.max_students,
            anonymous: config.anonymous,
        };
        let events = Mutex::new(events);
        let shared = Arc::new(Shared {
            class: Mutex::new(Class::new(settings)),
            changes: tokio::sync::watch::channel(0).0,
            events: Box::new(move |e| {
                let tx = events.lock().unwrap_or_else(|e| e.into_inner());
                // A presenter that stopped listening does not stop the class.
                let _ = tx.send(T::from(e));
            }),
            sessions: AtomicUsize::new(0),
            panics: AtomicUsize::new(0),
            ssh_hint,
        });
        session::install_panic_filter();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(THREAD_NAME)
            .enable_all()
            .build()
            .map_err(ClassError::Runtime)?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
        let rate_limit = config.connections_per_address;
        let server_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("{THREAD_NAME}-main"))
            .spawn(move || {
                runtime.block_on(server::serve(
                    listener,
                    key,
                    server_shared,
                    rate_limit,
                    stop_rx,
                ));
                runtime.shutdown_timeout(Duration::from_secs(1));
            })
            .map_err(ClassError::Runtime)?;
        Ok(ClassHandle {
            shared,
            join_lines,
            fingerprint,
            code,
            addr,
            session_id: session_id(),
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// `ssh -p PORT class@ADDR`, one line per address students can reach.
    pub fn join_lines(&self) -> &[String] {
        &self.join_lines
    }

    /// The host key's fingerprint, `SHA256:...`, for the lobby slide.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The class code students type.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The address the server listens on (with the port it got, when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The id answers of this class are stored under (UTC start time, `YYYYMMDD-HHMMSS`).
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// A new slide without an open question: students see its title.
    pub fn show_slide(&self, title: &str) {
        self.shared.update(|c| c.show_slide(title));
    }

    /// The lobby is on the projector again: students see the lobby's waiting screen.
    pub fn show_lobby(&self) {
        self.shared.update(Class::show_lobby);
    }

    /// The projector is back on the question asked under `key` (on slide `title`): students see
    /// it as it was left (locked or revealed). False when it was never asked.
    pub fn show_question(&self, key: &str, title: &str) -> bool {
        self.shared.update(|c| c.show_question(key, title))
    }

    /// Opens `question` (keyed `QUIZ/QUESTION`) for answering, items in the file's order.
    pub fn open_question(&self, key: &str, question: Question) {
        self.open_question_shown(key, question, Vec::new());
    }

    /// Opens `question` for answering, an order question's items starting in the order `shown`
    /// (original indices, the order the projector lists; empty: the file's order).
    pub fn open_question_shown(&self, key: &str, question: Question, shown: Vec<usize>) {
        self.shared
            .update(|c| c.open_question_shown(key, question, shown));
    }

    /// Freezes the answers.
    pub fn lock(&self) {
        self.shared.update(Class::lock);
    }

    /// Shows the right answer; `observed` is a prediction's simulated value.
    pub fn reveal(&self, observed: Option<f64>) {
        self.shared.update(|c| c.reveal(observed));
    }

    /// Peer instruction: opens round 2 of the locked question. False when it cannot.
    pub fn open_round_two(&self) -> bool {
        self.shared.update(Class::open_round_two)
    }

    /// Ends the class: students see their score and their sessions close.
    pub fn end(&self) {
        self.shared.update(Class::end);
    }

    /// The count of the open question.
    pub fn tally(&self) -> Tally {
        self.shared.lock().tally()
    }

    /// A copy of the whole class (roster, questions, answers) for drawing or saving.
    pub fn snapshot(&self) -> Class {
        self.shared.lock().clone()
    }

    /// Every answer so far, for the teacher's progress (save it with [`record::save`] under
    /// [`ClassHandle::session_id`]).
    pub fn record(&self, at: crate::progress::Timestamp) -> crate::progress::ClassRecord {
        record::record(&self.shared.lock(), at)
    }

    /// Open SSH sessions now.
    pub fn sessions(&self) -> usize {
        self.shared.sessions.load(Ordering::SeqCst)
    }

    /// Sessions that ended in a panic so far.
    pub fn panicked_sessions(&self) -> usize {
        self.shared.panics.load(Ordering::SeqCst)
    }

    /// Ends the class, lets students' sessions show their score and close (waiting at most a
    /// few seconds for slow clients), then stops the server and its thread.
    pub fn shutdown(mut self) {
        self.stop_server();
    }

    fn stop_server(&mut self) {
        self.end();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ClassHandle {
    fn drop(&mut self) {
        self.stop_server();
    }
}

/// Four random digits.
fn random_code() -> String {
    format!("{:04}", rand::random_range(0..10_000u32))
}

fn session_id() -> String {
    chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string()
}

/// The join commands for a server listening on `addr`: its own address when it is a specific
/// one, else every non-loopback address of the machine in the same family (the loopback one
/// only when there is nothing else, so a test class still prints a working line).
fn join_lines(addr: SocketAddr) -> Vec<String> {
    let line = |ip: IpAddr| format!("ssh -p {} class@{ip}", addr.port());
    if !addr.ip().is_unspecified() {
        return vec![line(addr.ip())];
    }
    let mut ips: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == addr.is_ipv4())
        .filter(|ip| match ip {
            IpAddr::V6(v6) => !v6.is_unicast_link_local(),
            IpAddr::V4(v4) => !v4.is_link_local(),
        })
        .collect();
    ips.sort();
    ips.dedup();
    if ips.is_empty() {
        ips.push(if addr.is_ipv4() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)
        });
    }
    ips.into_iter().map(line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_lines_name_the_port_and_a_specific_bind_address() {
        let lines = join_lines("192.168.1.20:2222".parse().unwrap());
        assert_eq!(lines, vec!["ssh -p 2222 class@192.168.1.20"]);
        let any = join_lines("0.0.0.0:2300".parse().unwrap());
        assert!(!any.is_empty());
        assert!(any.iter().all(|l| l.starts_with("ssh -p 2300 class@")));
    }

    #[test]
    fn random_codes_are_four_digits() {
        for _ in 0..50 {
            let c = random_code();
            assert_eq!(c.len(), 4);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
