//! A student joining a class with russh's client, in the test's own process: what the server
//! sends goes into a vt100 screen, read as a person would read it. Every wait is bounded by
//! [`WAIT`] (a hang fails instead of stalling CI) and waits for text, never for time to pass.
use std::sync::Arc;
use std::time::Duration;

use russh::client::{self, Msg};
use russh::{Channel, ChannelMsg};

/// Longest wait for a student's screen to show something.
pub const WAIT: Duration = Duration::from_secs(20);

/// Accepts whatever host key the class presents (a fresh one per test).
pub struct Accept;

impl client::Handler for Accept {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Connects to the class on `127.0.0.1:port` as `user` (auth `none`) and opens a session
/// channel, with no pty and no shell requested yet.
pub async fn connect(port: u16, user: &str) -> (client::Handle<Accept>, Channel<Msg>) {
    let config = Arc::new(client::Config::default());
    let mut session = client::connect(config, ("127.0.0.1", port), Accept)
        .await
        .expect("connect");
    let auth = session.authenticate_none(user).await.expect("auth");
    assert!(matches!(auth, client::AuthResult::Success), "{auth:?}");
    let channel = session
        .channel_open_session()
        .await
        .expect("session channel");
    (session, channel)
}

/// A student with a `cols` x `rows` terminal: what the server sent, as a screen.
pub struct Student {
    _session: client::Handle<Accept>,
    pub channel: Channel<Msg>,
    pub screen: vt100::Parser,
    closed: bool,
}

impl Student {
    /// Joins as `user` with a pty of `cols` x `rows` and a shell: the class's first screen.
    pub async fn join(port: u16, user: &str, cols: u16, rows: u16) -> Student {
        let (session, channel) = connect(port, user).await;
        channel
            .request_pty(true, "xterm-256color", cols.into(), rows.into(), 0, 0, &[])
            .await
            .expect("pty");
        channel.request_shell(true).await.expect("shell");
        let nz = |n: u16| std::num::NonZeroU16::new(n).expect("a non-zero size");
        Student {
            _session: session,
            channel,
            screen: vt100::Parser::new(nz(rows), nz(cols), 0),
            closed: false,
        }
    }

    /// Types `bytes` (keys) into the session.
    pub async fn send(&self, bytes: &[u8]) {
        self.channel.data(bytes).await.expect("send");
    }

    /// The screen as text.
    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads until the screen shows `needle`.
    pub async fn wait_for(&mut self, needle: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self.text().contains(needle) {
            assert!(
                !self.closed,
                "closed before showing {needle:?}:\n{}",
                self.text()
            );
            let msg = tokio::time::timeout_at(deadline, self.channel.wait())
                .await
                .unwrap_or_else(|_| panic!("never showed {needle:?}; screen:\n{}", self.text()));
            self.take(msg);
        }
    }

    /// Reads until the server closes the channel.
    pub async fn wait_closed(&mut self) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self.closed {
            let msg = tokio::time::timeout_at(deadline, self.channel.wait())
                .await
                .unwrap_or_else(|_| panic!("never closed; screen:\n{}", self.text()));
            self.take(msg);
        }
    }

    fn take(&mut self, msg: Option<ChannelMsg>) {
        match msg {
            Some(ChannelMsg::Data { data }) => self.screen.process(&data),
            Some(ChannelMsg::Close) | None => self.closed = true,
            _ => {}
        }
    }
}
