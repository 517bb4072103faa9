//! The SSH side: russh configuration, one handler per connection, and the limits a classroom
//! server needs (connection rate per address, one PTY shell session per connection, nothing
//! else served).
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::keys::PrivateKey;
use russh::server::{Auth, Config, Handler, Msg, Server, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};

use super::Shared;
use super::session;

/// New connections allowed per address within [`RATE_WINDOW`]; more are dropped before
/// authentication. A class behind one NAT address connects over a minute or so, not in a burst.
pub const RATE_LIMIT: usize = 5;
pub const RATE_WINDOW: Duration = Duration::from_secs(10);

/// Keepalive period; three unanswered ones (~90 s) drop a client whose laptop was closed.
pub const KEEPALIVE: Duration = Duration::from_secs(30);

/// Shown (as the SSH authentication banner, which OpenSSH prints) to a connection over the
/// per-address limit, before it is closed: a room behind one NAT address learns why.
pub const RATE_LIMITED: &str =
    "Too many connections from your address in the last 10 s: wait a few seconds and try again.\n";

/// The flow-control window a client may fill before we read: small, since a student sends keys.
const WINDOW: u32 = 64 * 1024;

/// The russh configuration for a class.
pub fn config(key: PrivateKey) -> Config {
    Config {
        // OpenSSH tries `none` first; answering it at once avoids a visible pause.
        auth_rejection_time: Duration::from_millis(200),
        auth_rejection_time_initial: Some(Duration::ZERO),
        methods: MethodSet::from(&[MethodKind::None][..]),
        keys: vec![key],
        // A class lasts longer than russh's 10-minute default; keepalives find dead peers.
        inactivity_timeout: None,
        keepalive_interval: Some(KEEPALIVE),
        keepalive_max: 3,
        window_size: WINDOW,
        nodelay: true,
        ..Default::default()
    }
}

/// Runs the server on `listener` until `stop` fires, then lets sessions close (at most
/// ~3 s) and stops.
pub async fn serve(
    listener: std::net::TcpListener,
    key: PrivateKey,
    shared: Arc<Shared>,
    rate_limit: usize,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let mut server = ClassServer {
        shared: shared.clone(),
        limiter: RateLimiter::new(rate_limit),
    };
    let running = server.run_on_socket(Arc::new(config(key)), &listener);
    let handle = running.handle();
    tokio::select! {
        _ = running => {}
        _ = stop => {
            // Sessions saw the class end; give them a moment to send the final screen.
            for _ in 0..30 {
                if shared.sessions.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            handle.shutdown("class ended".into());
        }
    }
}

struct ClassServer {
    shared: Arc<Shared>,
    limiter: RateLimiter,
}

/// Counts new connections per address over the last [`RATE_WINDOW`].
pub struct RateLimiter {
    limit: usize,
    recent: HashMap<IpAddr, VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(limit: usize) -> Self {
        RateLimiter {
            limit,
            recent: HashMap::new(),
        }
    }

    /// Records a connection from `ip` at `now`; false when it is over the limit (a refused
    /// connection does not count, so a client retrying slowly gets in).
    pub fn admit(&mut self, ip: IpAddr, now: Instant) -> bool {
        self.recent.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let times = self.recent.entry(ip).or_default();
        if times.len() >= self.limit {
            return false;
        }
        times.push_back(now);
        true
    }
}

impl Server for ClassServer {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        let admitted = peer.is_none_or(|p| self.limiter.admit(p.ip(), Instant::now()));
        Connection {
            shared: self.shared.clone(),
            admitted,
            user: String::new(),
            has_session: false,
        }
    }
}

/// One SSH connection.
pub struct Connection {
    shared: Arc<Shared>,
    admitted: bool,
    user: String,
    has_session: bool,
}

impl Handler for Connection {
    type Error = russh::Error;

    /// Sent before authentication: the one place the protocol lets a server say why it is about
    /// to close a connection that OpenSSH shows (a disconnect reason needs the session, which
    /// `auth_none` does not get; the banner is printed at OpenSSH's default log level).
    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok((!self.admitted).then(|| RATE_LIMITED.to_string()))
    }

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if !self.admitted {
            // Over the rate limit: end the connection before any work is done for it.
            return Err(russh::Error::Disconnect);
        }
        self.user = user.chars().take(64).collect();
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.has_session {
            // One student, one session: a second channel on the same connection is refused.
            return Ok(());
        }
        self.has_session = true;
        reply.accept().await;
        session::spawn(self.shared.clone(), channel, self.user.clone());
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    /// `ssh HOST command`: nothing is run. The request is answered, then the channel gets the
    /// one-line hint on stderr, exit status 1 and is closed. (A channel failure would be the
    /// protocol's refusal, but OpenSSH treats a failed exec as fatal: it says only "exec request
    /// failed on channel 0" and exits with 255, and a hint sent alongside may never be shown.)
    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        let hint = format!(
            "This class needs an interactive terminal: run {}\n",
            self.shared.ssh_hint
        );
        session.extended_data(channel, 1, hint.into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The session reads the new size from its channel.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_never_cuts_an_idle_class_and_answers_none_at_once() {
        let key = PrivateKey::from(russh::keys::ssh_key::private::Ed25519Keypair::from_seed(
            &[7; 32],
        ));
        let c = config(key);
        assert_eq!(c.inactivity_timeout, None);
        assert_eq!(c.keepalive_interval, Some(KEEPALIVE));
        assert_eq!(c.auth_rejection_time_initial, Some(Duration::ZERO));
    }

    #[test]
    fn five_connections_per_address_per_ten_seconds() {
        let mut limiter = RateLimiter::new(RATE_LIMIT);
        let t0 = Instant::now();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for i in 0..5 {
            assert!(limiter.admit(a, t0 + Duration::from_secs(i)));
        }
        assert!(!limiter.admit(a, t0 + Duration::from_secs(5)));
        assert!(limiter.admit(b, t0 + Duration::from_secs(5)), "per address");
        assert!(limiter.admit(a, t0 + RATE_WINDOW), "the oldest one expired");
        assert!(!limiter.admit(a, t0 + RATE_WINDOW));
    }
}
