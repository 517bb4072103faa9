//! One student's SSH session: a task that reads the channel (keys, window sizes), follows the
//! class, and draws the student's screen into a ratatui `Terminal` of its own.
//!
//! Output path: a frame is drawn only when the writer can take it (a queue of one frame), so a
//! client that stops reading holds at most one queued frame plus one being sent (russh's
//! channel writer waits for the SSH window), and the server's memory stays flat. Redraws are at
//! most one per [`FRAME_INTERVAL`]; changes in between merge into the next frame.
//!
//! Panics: keys and draws run inside `catch_unwind`; a panic ends this session only (the
//! student sees a one-line apology) and is counted. A panic hook filter keeps such caught
//! panics away from the teacher's terminal (the presenter's hook would restore it).
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Once};
use std::time::Duration;

use ratatui::layout::Size;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::server::Msg;
use russh::{Channel, ChannelMsg};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::backend::{ChannelBackend, clamp_size};
use super::class::Phase;
use super::input::KeyReader;
use super::student::{Effect, StudentApp};
use super::{ClassEvent, Shared};

/// The shortest time between two frames of one student (at most ~10 redraws a second).
pub const FRAME_INTERVAL: Duration = Duration::from_millis(100);

/// Enter the alternate screen, hide the cursor, clear.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[2J";
/// Leave it and show the cursor again, so the student's terminal is as it was.
const LEAVE: &[u8] = b"\x1b[?25h\x1b[?1049l";

/// What the writer task sends.
enum Out {
    Frame(Vec<u8>),
    /// Last bytes, then exit status 0, EOF and close.
    Close(Vec<u8>),
}

thread_local! {
    static IN_SESSION: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent for panics inside a student session (they are
/// caught and end that session) and hands every other panic to the hook that was there before.
pub fn install_panic_filter() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The class runtime's threads run only class code: a panic there ends a session
            // (caught, or unwinding its task), never the teacher's screen.
            let on_class_thread = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with(super::THREAD_NAME));
            if !IN_SESSION.with(Cell::get) && !on_class_thread {
                previous(info);
            }
        }));
    });
}

/// Runs `f` as session code: a panic becomes `None`.
fn guarded<R>(f: impl FnOnce() -> R) -> Option<R> {
    IN_SESSION.with(|s| s.set(true));
    let r = catch_unwind(AssertUnwindSafe(f)).ok();
    IN_SESSION.with(|s| s.set(false));
    r
}

/// Starts the task of one session channel.
pub fn spawn(shared: Arc<Shared>, channel: Channel<Msg>, user: String) {
    shared.sessions.fetch_add(1, Ordering::SeqCst);
    tokio::spawn(async move {
        let (read, write) = channel.split();
        let (tx, mut rx) = mpsc::channel::<Out>(1);
        let writer = tokio::spawn(async move {
            while let Some(out) = rx.recv().await {
                match out {
                    Out::Frame(bytes) => {
                        if write.data_bytes(bytes).await.is_err() {
                            break;
                        }
                    }
                    Out::Close(bytes) => {
                        let _ = write.data_bytes(bytes).await;
                        let _ = write.exit_status(0).await;
                        let _ = write.eof().await;
                        let _ = write.close().await;
                        break;
                    }
                }
            }
        });
        // Counted down and the student's seat freed even if this task unwinds.
        let _open = OpenSession(shared.clone());
        let mut session = StudentSession::new(shared.clone(), &user);
        let farewell = session.run(read, &tx).await;
        if let Some(bytes) = farewell {
            // Bounded: a client that stopped reading does not keep the task forever.
            let _ = tokio::time::timeout(Duration::from_secs(5), tx.send(Out::Close(bytes))).await;
        }
        drop(tx);
        let abort = writer.abort_handle();
        if tokio::time::timeout(Duration::from_secs(5), writer)
            .await
            .is_err()
        {
            abort.abort();
        }
    });
}

/// Counts an open session for as long as it lives.
struct OpenSession(Arc<Shared>);

impl Drop for OpenSession {
    fn drop(&mut self) {
        self.0.sessions.fetch_sub(1, Ordering::SeqCst);
    }
}

struct StudentSession {
    shared: Arc<Shared>,
    app: StudentApp,
    reader: KeyReader,
    terminal: Option<Terminal<ChannelBackend>>,
    size: Option<Size>,
    started: bool,
    dirty: bool,
    last_draw: Option<Instant>,
    /// The alternate screen was entered (first frame sent).
    entered: bool,
}

impl StudentSession {
    fn new(shared: Arc<Shared>, user: &str) -> Self {
        StudentSession {
            shared,
            app: StudentApp::new(user),
            reader: KeyReader::default(),
            terminal: None,
            size: None,
            started: false,
            dirty: false,
            last_draw: None,
            entered: false,
        }
    }

    /// The session loop. Returns the bytes to send before closing (`None`: the client is gone).
    async fn run(
        &mut self,
        mut read: russh::ChannelReadHalf,
        tx: &mpsc::Sender<Out>,
    ) -> Option<Vec<u8>> {
        let mut changes = self.shared.subscribe();
        loop {
            let due = self
                .last_draw
                .map_or_else(Instant::now, |t| t + FRAME_INTERVAL);
            let want_draw = self.started && self.dirty;
            tokio::select! {
                msg = read.wait() => {
                    let msg = msg?;
                    if let Some(done) = self.on_message(msg) {
                        return done;
                    }
                }
                changed = changes.changed() => {
                    if changed.is_err() {
                        return Some(self.farewell("The class has ended."));
                    }
                    self.dirty = true;
                }
                permit = tx.reserve(), if want_draw && Instant::now() >= due => {
                    let Ok(permit) = permit else { return None };
                    match self.draw() {
                        Some(frame) => permit.send(Out::Frame(frame)),
                        None => return Some(self.crashed()),
                    }
                    if self.shared.lock().phase() == Phase::Ended {
                        let line = match self.app.student() {
                            Some(_) => {
                                let (score, of) = self.view_score();
                                format!("Class ended. Your score: {} / {of}", trim_float(score))
                            }
                            None => "The class has ended.".to_string(),
                        };
                        return Some(self.farewell(&line));
                    }
                }
                _ = tokio::time::sleep_until(due), if want_draw && Instant::now() < due => {}
            }
        }
    }

    /// Handles one channel message; `Some` ends the session with those final bytes.
    fn on_message(&mut self, msg: ChannelMsg) -> Option<Option<Vec<u8>>> {
        match msg {
            ChannelMsg::RequestPty {
                col_width,
                row_height,
                ..
            } => {
                self.size = Some(clamp_size(col_width, row_height));
            }
            ChannelMsg::WindowChange {
                col_width,
                row_height,
                ..
            } => {
                let size = clamp_size(col_width, row_height);
                self.size = Some(size);
                if let Some(t) = self.terminal.as_mut() {
                    t.backend_mut().set_size(size);
                    let _ = t.resize(size.into());
                }
                self.dirty = true;
            }
            ChannelMsg::RequestShell { .. } => {
                let Some(size) = self.size else {
                    let hint = format!(
                        "This class needs a terminal. run: {}\r\n",
                        self.shared.ssh_hint
                    );
                    return Some(Some(hint.into_bytes()));
                };
                {
                    let class = self.shared.lock();
                    if class.connected() >= class.settings.max_students {
                        let n = class.settings.max_students;
                        return Some(Some(
                            format!("The class is full ({n} students).\r\n").into_bytes(),
                        ));
                    }
                }
                let mut terminal = Terminal::with_options(
                    ChannelBackend::new(size),
                    TerminalOptions {
                        viewport: Viewport::Fixed(size.into()),
                    },
                )
                .ok()?;
                let _ = terminal.hide_cursor();
                terminal.backend_mut().take_frame();
                self.terminal = Some(terminal);
                self.started = true;
                self.dirty = true;
            }
            ChannelMsg::Exec { .. } => {
                // The handler answers it with the hint, exit status 1 and a close.
                return Some(None);
            }
            ChannelMsg::RequestSubsystem { .. } => {
                // Refused by the handler (channel failure); nothing else is served here.
                return Some(Some(b"Only an interactive session is served.\r\n".to_vec()));
            }
            ChannelMsg::Data { data } => {
                if !self.started {
                    return None;
                }
                for key in self.reader.feed(&data) {
                    let effect = {
                        let app = &mut self.app;
                        let shared = &self.shared;
                        guarded(|| shared.update(|class| app.on_key(key, class)))
                    };
                    match effect {
                        None => return Some(Some(self.crashed())),
                        Some(Effect::Close(line)) => return Some(Some(self.farewell(&line))),
                        Some(Effect::Joined { name, .. }) => {
                            let (connected, anonymous) = {
                                let c = self.shared.lock();
                                (c.connected(), c.settings.anonymous)
                            };
                            self.shared.emit(ClassEvent::Joined {
                                name: (!anonymous).then_some(name),
                                connected,
                            });
                        }
                        Some(Effect::Answered) => self.report_tally(),
                        Some(Effect::Redraw) => {}
                    }
                    self.dirty = true;
                }
            }
            ChannelMsg::Eof | ChannelMsg::Close => return Some(None),
            _ => {}
        }
        None
    }

    /// Tells the presenter the count after each answer. Never filtered here: a per-session
    /// "same as last time" check once dropped the first answers to a second question whenever
    /// they matched this student's last count on an earlier one (or on the same question asked
    /// again); an answer is a keypress, so the events stay few.
    fn report_tally(&self) {
        let tally = self.shared.lock().tally();
        self.shared.emit(ClassEvent::Answers(tally));
    }

    /// Draws a frame; `None` when the draw panicked.
    fn draw(&mut self) -> Option<Vec<u8>> {
        self.dirty = false;
        self.last_draw = Some(Instant::now());
        let view = self
            .app
            .student()
            .map(|id| self.shared.lock().student_view(id));
        let terminal = self.terminal.as_mut()?;
        let app = &mut self.app;
        guarded(|| {
            let _ = terminal.draw(|f| app.draw(f, view.as_ref()));
        })?;
        let frame = terminal.backend_mut().take_frame();
        if self.entered {
            return Some(frame);
        }
        self.entered = true;
        let mut first = ENTER.to_vec();
        first.extend(frame);
        Some(first)
    }

    fn view_score(&self) -> (f32, usize) {
        match self.app.student() {
            Some(id) => self.shared.lock().score(id),
            None => (0.0, 0),
        }
    }

    /// Leave the alternate screen and print `line` where it stays readable.
    fn farewell(&self, line: &str) -> Vec<u8> {
        let mut bytes = if self.started {
            LEAVE.to_vec()
        } else {
            Vec::new()
        };
        bytes.extend(crate::markdown::sanitize::clean(line).as_bytes());
        bytes.extend(b"\r\n");
        bytes
    }

    fn crashed(&self) -> Vec<u8> {
        self.shared.panics.fetch_add(1, Ordering::SeqCst);
        self.farewell("Sorry: this session hit an internal error and was closed. Join again.")
    }
}

impl Drop for StudentSession {
    /// The student's seat is free again; their answers stay.
    fn drop(&mut self) {
        let Some(id) = self.app.student() else { return };
        let (name, connected, anonymous) = self.shared.update(|c| {
            c.leave(id);
            (
                c.students()[id].name.clone(),
                c.connected(),
                c.settings.anonymous,
            )
        });
        self.shared.emit(ClassEvent::Left {
            name: (!anonymous).then_some(name),
            connected,
        });
    }
}

fn trim_float(x: f32) -> String {
    if (x - x.round()).abs() < 1e-4 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_session_code_is_caught_and_reported_as_none() {
        install_panic_filter();
        assert_eq!(guarded(|| 7), Some(7));
        let caught: Option<()> = guarded(|| panic!("a student's screen broke"));
        assert_eq!(caught, None);
        assert!(
            !IN_SESSION.with(Cell::get),
            "the flag is reset after a panic"
        );
    }
}
