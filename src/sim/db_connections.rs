//! The `db-connections` model: Lambda invocations against a database with a connection limit.
//!
//! Why connections run out (fact D): each execution environment serves one request at a time and
//! keeps its own client, so open connections ≈ environments × pool size, and connections can
//! outlive the request. The model:
//!
//! - Background Poisson traffic at `rate`, plus `burst` requests arriving together at
//!   `burst_at_s`. Environments come from the shared [`EnvPool`], as in the scaling model: reuse
//!   the most recently idle one, else a new one (cold start `cold_ms`), subject to the quota and
//!   the scaling rate (S3, S5); excess requests are throttled. The model keeps each
//!   environment's client connections as the pool's per-environment state.
//! - `client = outside`: the client is created once per environment and opens `pool` connections
//!   the first time it is used; they stay open while the environment lives (S40's advice).
//!   `client = inside`: every invocation creates a client that opens `pool` connections; with
//!   `close_client = true` it closes them when the invocation ends, otherwise they leak until
//!   the environment is reclaimed or the database's idle timeout closes them.
//! - The database refuses connections beyond `db_limit`. A client that gets none fails its
//!   request (counted as dropped); one that gets some proceeds.
//! - `proxy = true`: clients connect to a proxy (RDS Proxy, S44), which holds at most
//!   `proxy_connections` database connections and lends one to each query; queries wait for a
//!   free one, up to `borrow_timeout_s`.
//! - Connections idle for `conn_idle_s` are closed by the database (0 = never).
//!
//! Connections are counted from the start of the invocation (including its INIT), a
//! simplification that does not change peaks much.
use std::collections::VecDeque;

use super::cost;
use super::driver::{self, Driven};
use super::engine::EventQueue;
use super::env_pool::{EnvPool, Phase, PoolConfig, UNLIMITED};
use super::params::{Kind, ParamError, ParamSet, ParamSpec};
use super::report::{Gauge, Recorder, RequestStats, SERIES_CAP, Summary};
use super::rng::{SimRng, Stream};
use super::stats::{Merge, Series};
use super::traffic::{ArrivalGen, Traffic};

/// Parameters of the `db-connections` model.
pub const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "rate",
        unit: "req/s",
        default: "50",
        kind: Kind::Float {
            min: 0.0,
            max: 100_000.0,
        },
        doc: "background Poisson arrival rate",
        source: "illustrative",
    },
    ParamSpec {
        name: "burst",
        unit: "req",
        default: "400",
        kind: Kind::Int {
            min: 0,
            max: 1_000_000,
        },
        doc: "requests arriving at the same moment at burst_at_s",
        source: "illustrative",
    },
    ParamSpec {
        name: "burst_at_s",
        unit: "s",
        default: "60",
        kind: Kind::Float { min: 0.0, max: 1e7 },
        doc: "time of the burst",
        source: "illustrative",
    },
    ParamSpec {
        name: "service_ms",
        unit: "ms",
        default: "200",
        kind: Kind::Float {
            min: 0.001,
            max: 900_000.0,
        },
        doc: "handler time, holding one database connection",
        source: "illustrative",
    },
    ParamSpec {
        name: "client",
        unit: "",
        default: "outside",
        kind: Kind::Choice(&["inside", "outside"]),
        doc: "where the database client is created: per invocation, or once per environment",
        source: "S40 (create it outside the handler)",
    },
    ParamSpec {
        name: "close_client",
        unit: "",
        default: "true",
        kind: Kind::Bool,
        doc: "client=inside: close the client at the end of each invocation (false = leak)",
        source: "illustrative",
    },
    ParamSpec {
        name: "pool",
        unit: "conns",
        default: "5",
        kind: Kind::Int { min: 1, max: 1000 },
        doc: "connections each client opens (pool size)",
        source: "D (example: 1,000 envs × 5), S40",
    },
    ParamSpec {
        name: "proxy",
        unit: "",
        default: "false",
        kind: Kind::Bool,
        doc: "connect through a proxy that multiplexes onto proxy_connections",
        source: "S43, S44",
    },
    ParamSpec {
        name: "proxy_connections",
        unit: "conns",
        default: "100",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        doc: "database connections the proxy keeps and lends to queries",
        source: "illustrative",
    },
    ParamSpec {
        name: "borrow_timeout_s",
        unit: "s",
        default: "120",
        kind: Kind::Float {
            min: 0.0,
            max: 3600.0,
        },
        doc: "how long a query waits for a proxy connection before failing",
        source: "S44 (RDS Proxy default) ⚠️",
    },
    ParamSpec {
        name: "db_limit",
        unit: "conns",
        default: "500",
        kind: Kind::Int {
            min: 1,
            max: 10_000_000,
        },
        doc: "database connection limit (Atlas M0 500, M10 1,500; RDS db.t3.micro ~60–90)",
        source: "D: S41, S42 ⚠️",
    },
    ParamSpec {
        name: "conn_idle_s",
        unit: "s",
        default: "600",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "the database closes connections idle this long (0 = never)",
        source: "illustrative",
    },
    ParamSpec {
        name: "connect_ms",
        unit: "ms",
        default: "20",
        kind: Kind::Float {
            min: 0.0,
            max: 10_000.0,
        },
        doc: "time to open connections (TCP, TLS, authentication)",
        source: "illustrative",
    },
    ParamSpec {
        name: "cold_ms",
        unit: "ms",
        default: "300",
        kind: Kind::Float {
            min: 0.0,
            max: 10_000.0,
        },
        doc: "cold start (INIT) time of a new environment",
        source: "B, G, S22",
    },
    ParamSpec {
        name: "keep_alive_s",
        unit: "s",
        default: "420",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "idle time before an environment (and its connections) is reclaimed",
        source: "B: S22, S23 ⚠️",
    },
    ParamSpec {
        name: "lambda_quota",
        unit: "",
        default: "1000",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        doc: "account concurrency quota",
        source: "S3",
    },
    ParamSpec {
        name: "lambda_scale_per_10s",
        unit: "envs",
        default: "1000",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        doc: "new execution environments allowed per 10 s",
        source: "S5, S6",
    },
    ParamSpec {
        name: "memory_mb",
        unit: "MB",
        default: "512",
        kind: Kind::Int {
            min: 128,
            max: 10_240,
        },
        doc: "Lambda memory (for GB-second billing)",
        source: "S4",
    },
];

/// Resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct DbConfig {
    /// Background rate, req/s.
    pub rate: f64,
    /// Burst size.
    pub burst: u32,
    /// Burst time, ms.
    pub burst_at_ms: f64,
    /// Handler time, ms.
    pub service_ms: f64,
    /// Client created per invocation.
    pub inside: bool,
    /// Inside clients are closed after each invocation.
    pub close_client: bool,
    /// Connections per client.
    pub pool: u32,
    /// Use a proxy.
    pub proxy: bool,
    /// Proxy's database connections.
    pub proxy_connections: u32,
    /// Borrow timeout, ms.
    pub borrow_timeout_ms: f64,
    /// Database connection limit.
    pub db_limit: u32,
    /// Database idle timeout, ms (0 = never).
    pub conn_idle_ms: f64,
    /// Connection set-up time, ms.
    pub connect_ms: f64,
    /// Cold start, ms.
    pub cold_ms: f64,
    /// Keep-alive, ms.
    pub keep_alive_ms: f64,
    /// Quota.
    pub quota: u32,
    /// New environments per 10 s.
    pub scale_per_10s: u32,
    /// Memory, MB.
    pub memory_mb: f64,
}

impl DbConfig {
    /// The pool settings: one keep-alive (no jitter), the cold start, the quota and the scaling
    /// rate.
    fn pool(&self) -> PoolConfig {
        PoolConfig {
            keep_alive_ms: self.keep_alive_ms,
            jitter_ms: 0.0,
            init_ms: self.cold_ms,
            quota: self.quota,
            scale_per_10s: self.scale_per_10s,
            max_environments: UNLIMITED,
        }
    }

    /// Resolves the parameters.
    pub fn from_params(p: &ParamSet) -> DbConfig {
        DbConfig {
            rate: p.num("rate"),
            burst: p.count("burst") as u32,
            burst_at_ms: p.num("burst_at_s") * 1000.0,
            service_ms: p.num("service_ms"),
            inside: p.text("client") == "inside",
            close_client: p.flag("close_client"),
            pool: p.count("pool").max(1) as u32,
            proxy: p.flag("proxy"),
            proxy_connections: p.count("proxy_connections") as u32,
            borrow_timeout_ms: p.num("borrow_timeout_s") * 1000.0,
            db_limit: p.count("db_limit") as u32,
            conn_idle_ms: p.num("conn_idle_s") * 1000.0,
            connect_ms: p.num("connect_ms"),
            cold_ms: p.num("cold_ms"),
            keep_alive_ms: p.num("keep_alive_s") * 1000.0,
            quota: p.count("lambda_quota") as u32,
            scale_per_10s: p.count("lambda_scale_per_10s") as u32,
            memory_mb: p.num("memory_mb"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Ev {
    /// The invocation ends (ok = it ran its query).
    Finish {
        env: u32,
        arrived: f64,
        ok: bool,
        proxy_conn: bool,
    },
    /// Start the query after INIT / connect (proxy mode: borrow a connection).
    Query {
        env: u32,
        arrived: f64,
    },
    /// The pool's reclaim timer (a reclaimed environment's connections close with it).
    Reclaim,
    /// The database closes the connections of an environment idle since `generation`.
    IdleClose {
        env: u32,
        generation: u32,
    },
    LeakClose {
        env: u32,
        life: u32,
        count: u32,
    },
    Burst,
}

/// An environment's client, kept as the pool's per-environment state.
#[derive(Debug, Clone, Copy, Default)]
struct Client {
    /// Incarnation counter of the slot: events about leaked connections of an earlier life are
    /// ignored.
    life: u32,
    /// Connections of the client in use (or kept, for a client created outside the handler).
    conns: u32,
    /// Connections left open by earlier invocations (inside clients not closed).
    leaked: u32,
}

/// The db-connections simulation.
#[derive(Debug, Clone)]
pub struct DbSim {
    /// Configuration in force.
    pub cfg: DbConfig,
    arrivals: ArrivalGen,
    events: EventQueue<Ev>,
    next_arrival: f64,
    now: f64,
    pool: EnvPool<Client>,
    /// Busy environments whose request already failed (no connection), until the attempt ends.
    failing: u32,
    /// Open database connections (direct clients or the proxy's).
    open: u32,
    peak_open: u32,
    client_conns: u32,
    proxy_open: u32,
    proxy_busy: u32,
    proxy_queue: VecDeque<(u32, f64, f64)>,
    refused: u64,
    failed: u64,
    throttled: u64,
    proxy_timeouts: u64,
    billed_ms: f64,
    invocations: u64,
    open_area: f64,
    st: RequestStats,
    rec: Option<Box<Recorder>>,
    connections: Series,
    interval_peak_open: u32,
}

impl DbSim {
    /// Builds the model from its parameters.
    pub fn new(p: &ParamSet, seed: u64, record: bool) -> Result<DbSim, ParamError> {
        let cfg = DbConfig::from_params(p);
        let mut arrivals = ArrivalGen::new(
            Traffic::Poisson { rate: cfg.rate },
            SimRng::new(seed, Stream::Arrivals),
        );
        let next_arrival = arrivals.next_arrival();
        let mut events = EventQueue::new();
        if cfg.burst > 0 {
            events.push(cfg.burst_at_ms, Ev::Burst);
        }
        Ok(DbSim {
            pool: EnvPool::new(cfg.pool(), SimRng::new(seed, Stream::Misc)),
            cfg,
            arrivals,
            events,
            next_arrival,
            now: 0.0,
            failing: 0,
            open: 0,
            peak_open: 0,
            client_conns: 0,
            proxy_open: 0,
            proxy_busy: 0,
            proxy_queue: VecDeque::new(),
            refused: 0,
            failed: 0,
            throttled: 0,
            proxy_timeouts: 0,
            billed_ms: 0.0,
            invocations: 0,
            open_area: 0.0,
            st: RequestStats::default(),
            rec: record.then(Box::default),
            connections: Series::new(SERIES_CAP, Merge::Max),
            interval_peak_open: 0,
        })
    }

    fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            let busy = f64::from(self.pool.busy());
            self.st
                .accumulate(busy, busy, f64::from(self.pool.alive()), dt);
            self.open_area += f64::from(self.open) * dt;
            self.now = t;
        }
    }

    /// Opens up to `n` database connections; returns how many the database accepted.
    fn open_db(&mut self, n: u32) -> u32 {
        let k = n.min(self.cfg.db_limit.saturating_sub(self.open));
        self.refused += u64::from(n - k);
        self.open += k;
        self.peak_open = self.peak_open.max(self.open);
        self.interval_peak_open = self.interval_peak_open.max(self.open);
        k
    }

    fn close_db(&mut self, n: u32) {
        self.open -= n.min(self.open);
    }

    fn on_arrival(&mut self, t: f64) {
        self.st.requests += 1;
        if let Some(r) = self.rec.as_deref_mut() {
            r.arrivals += 1;
        }
        let Ok(start) = self.pool.acquire(t) else {
            self.st.dropped += 1;
            self.throttled += 1;
            return;
        };
        let (e, cold, init) = (start.env, start.cold, start.init_ms);
        if cold {
            // A new environment: a new client, none of its connections open.
            let c = self.pool.data_mut(e);
            *c = Client {
                life: c.life.wrapping_add(1),
                ..Client::default()
            };
        }
        self.invocations += 1;
        let busy = u64::from(self.pool.busy());
        self.st.peak_sys = self.st.peak_sys.max(busy);
        if let Some(r) = self.rec.as_deref_mut() {
            r.interval_peak = r.interval_peak.max(busy);
        }
        if cold {
            self.st.cold_starts += 1;
            self.st.queued += 1;
        }
        // Open the client's connections if it has none (outside: first use or after the
        // database closed them; inside: always a fresh client).
        let needs_client = self.cfg.inside || self.pool.env(e).data.conns == 0;
        let mut delay = init;
        if needs_client {
            delay += self.cfg.connect_ms;
            let want = self.cfg.pool;
            let got = if self.cfg.proxy {
                self.client_conns += want;
                want
            } else {
                self.open_db(want)
            };
            if got == 0 {
                // Failed (and dropped) now; its environment stays busy until the attempt ends,
                // so it is not in flight either (`failing` keeps the two apart).
                self.failed += 1;
                self.st.dropped += 1;
                self.failing += 1;
                self.st.wait.push(init);
                self.events.push(
                    t + delay,
                    Ev::Finish {
                        env: e,
                        arrived: t,
                        ok: false,
                        proxy_conn: false,
                    },
                );
                return;
            }
            self.pool.data_mut(e).conns += got;
        }
        self.st.wait.push(init);
        if self.cfg.proxy {
            self.events
                .push(t + delay, Ev::Query { env: e, arrived: t });
        } else {
            self.events.push(
                t + delay + self.cfg.service_ms,
                Ev::Finish {
                    env: e,
                    arrived: t,
                    ok: true,
                    proxy_conn: false,
                },
            );
        }
    }

    /// Proxy mode: a query needs one of the proxy's database connections.
    fn on_query(&mut self, t: f64, e: u32, arrived: f64) {
        if self.proxy_busy < self.proxy_open {
            self.proxy_busy += 1;
            self.events.push(
                t + self.cfg.service_ms,
                Ev::Finish {
                    env: e,
                    arrived,
                    ok: true,
                    proxy_conn: true,
                },
            );
        } else if self.proxy_open < self.cfg.proxy_connections && self.open_db(1) == 1 {
            self.proxy_open += 1;
            self.proxy_busy += 1;
            self.events.push(
                t + self.cfg.connect_ms + self.cfg.service_ms,
                Ev::Finish {
                    env: e,
                    arrived,
                    ok: true,
                    proxy_conn: true,
                },
            );
        } else {
            self.proxy_queue.push_back((e, arrived, t));
        }
    }

    fn on_finish(&mut self, t: f64, e: u32, arrived: f64, ok: bool, proxy_conn: bool) {
        // Billed duration includes INIT (S9) and time spent waiting for connections.
        self.billed_ms += t - arrived;
        if ok {
            let lat = t - arrived;
            self.st.served(lat);
            if let Some(r) = self.rec.as_deref_mut() {
                r.window.push(lat);
            }
        } else {
            self.failing -= 1;
        }
        if proxy_conn {
            self.proxy_busy -= 1;
            // Lend the connection to the next waiting query that has not timed out.
            while let Some((qe, qa, since)) = self.proxy_queue.pop_front() {
                if t - since > self.cfg.borrow_timeout_ms {
                    self.proxy_timeouts += 1;
                    self.failed += 1;
                    self.st.dropped += 1;
                    self.billed_ms += t - qa;
                    self.release_env(t, qe);
                    continue;
                }
                self.proxy_busy += 1;
                self.events.push(
                    t + self.cfg.service_ms,
                    Ev::Finish {
                        env: qe,
                        arrived: qa,
                        ok: true,
                        proxy_conn: true,
                    },
                );
                break;
            }
        }
        self.release_env(t, e);
    }

    /// The invocation in `e` is over: handle its client's connections and make it idle.
    fn release_env(&mut self, t: f64, e: u32) {
        let c = self.pool.env(e).data;
        if self.cfg.inside && c.conns > 0 {
            if self.cfg.proxy {
                self.client_conns -= c.conns.min(self.client_conns);
            } else if self.cfg.close_client {
                self.close_db(c.conns);
            } else {
                self.pool.data_mut(e).leaked += c.conns;
                if self.cfg.conn_idle_ms > 0.0 {
                    self.events.push(
                        t + self.cfg.conn_idle_ms,
                        Ev::LeakClose {
                            env: e,
                            life: c.life,
                            count: c.conns,
                        },
                    );
                }
            }
            self.pool.data_mut(e).conns = 0;
        }
        if let Some(at) = self.pool.release(e, t) {
            self.events.push(at, Ev::Reclaim);
        }
        if !self.cfg.inside && self.cfg.conn_idle_ms > 0.0 {
            let generation = self.pool.env(e).generation();
            self.events.push(
                t + self.cfg.conn_idle_ms,
                Ev::IdleClose { env: e, generation },
            );
        }
    }

    /// Closes the connections of the client in `e` (its open and leaked ones).
    fn drop_client_conns(&mut self, e: u32) {
        let c = self.pool.env(e).data;
        if self.cfg.proxy {
            self.client_conns -= c.conns.min(self.client_conns);
        } else {
            self.close_db(c.conns + c.leaked);
        }
        let c = self.pool.data_mut(e);
        c.conns = 0;
        c.leaked = 0;
    }

    fn on_event(&mut self, t: f64, ev: Ev) {
        match ev {
            Ev::Finish {
                env,
                arrived,
                ok,
                proxy_conn,
            } => self.on_finish(t, env, arrived, ok, proxy_conn),
            Ev::Query { env, arrived } => self.on_query(t, env, arrived),
            Ev::Reclaim => {
                while let Some(r) = self.pool.reclaim_due(t) {
                    self.drop_client_conns(r.env);
                }
                if let Some(at) = self.pool.rearm(t) {
                    self.events.push(at, Ev::Reclaim);
                }
            }
            Ev::IdleClose { env, generation } => {
                if self.pool.still_idle(env, generation) {
                    self.drop_client_conns(env);
                }
            }
            Ev::LeakClose { env, life, count } => {
                let x = self.pool.env(env);
                if x.phase() != Phase::Reclaimed && x.data.life == life {
                    let n = count.min(x.data.leaked);
                    self.pool.data_mut(env).leaked -= n;
                    self.close_db(n);
                }
            }
            Ev::Burst => {
                for _ in 0..self.cfg.burst {
                    self.on_arrival(t);
                }
            }
        }
    }

    /// Lambda cost so far (requests + GB-seconds including INIT, S9).
    pub fn cost_usd(&self) -> f64 {
        self.invocations as f64 * cost::LAMBDA_REQUEST_USD
            + cost::duration_cost_usd(
                cost::gb_seconds(1.0, self.billed_ms, self.cfg.memory_mb),
                cost::Arch::X86,
            )
    }

    /// Events in the queue (tests count it to prove the memory bound).
    #[cfg(test)]
    pub(crate) fn pending_events(&self) -> usize {
        self.events.scheduled()
    }

    /// Runs every event up to and including `t_end` (ms).
    pub fn advance_to(&mut self, t_end: f64) {
        driver::advance_to(self, t_end);
    }

    /// Current time, ms.
    pub fn now_ms(&self) -> f64 {
        self.now
    }

    /// Open database connections now.
    pub fn open_connections(&self) -> u32 {
        self.open
    }

    /// Open connections per second (peak within each second), if recording.
    pub fn connection_series(&self) -> &Series {
        &self.connections
    }

    /// Per-second series, if recording.
    pub fn recorder(&self) -> Option<&Recorder> {
        self.rec.as_deref()
    }

    /// Replaces timing and limit settings from now on (the client shape, pool, proxy, burst and
    /// memory are structural: the live view resets the run for those).
    pub fn set_config(&mut self, cfg: DbConfig) {
        let rate = cfg.rate;
        self.cfg = cfg;
        if let Some(at) = self.pool.set_config(self.cfg.pool(), self.now) {
            self.events.push(at, Ev::Reclaim);
        }
        if rate != self.arrivals.traffic().rate_at(0.0) {
            self.set_rate(rate);
        }
    }

    /// Changes the background rate from now on.
    pub fn set_rate(&mut self, rate: f64) {
        self.cfg.rate = rate;
        self.arrivals.retarget(Traffic::Poisson { rate }, self.now);
        self.next_arrival = self.arrivals.next_arrival();
    }

    /// Summary so far.
    pub fn summary(&self) -> Summary {
        let in_flight = u64::from(self.pool.busy() - self.failing);
        let mut s = self.st.summary(self.now, self.cost_usd(), in_flight);
        s.push_count("db_limit", u64::from(self.cfg.db_limit));
        s.push_count("peak_connections", u64::from(self.peak_open));
        s.push_count("open_connections_now", u64::from(self.open));
        s.push_real(
            "mean_connections",
            if self.now > 0.0 {
                self.open_area / self.now
            } else {
                0.0
            },
        );
        s.push_count("refused_connections", self.refused);
        s.push_count("failed_requests", self.failed);
        s.push_count("throttled", self.throttled);
        s.push_count("proxy_timeouts", self.proxy_timeouts);
        s.push_count("client_connections_now", u64::from(self.client_conns));
        s.push_count("environments_now", u64::from(self.pool.alive()));
        s
    }
}

impl Driven for DbSim {
    type Ev = Ev;

    #[inline]
    fn queue(&mut self) -> &mut EventQueue<Ev> {
        &mut self.events
    }

    #[inline]
    fn next_arrival_ms(&self) -> f64 {
        self.next_arrival
    }

    #[inline]
    fn integrate(&mut self, t: f64) {
        DbSim::integrate(self, t);
    }

    #[inline]
    fn handle(&mut self, t: f64, ev: Ev) {
        self.on_event(t, ev);
    }

    #[inline]
    fn arrive(&mut self, t: f64) {
        self.next_arrival = self.arrivals.next_arrival();
        self.on_arrival(t);
    }

    fn rec(&self) -> Option<&Recorder> {
        self.rec.as_deref()
    }

    fn rec_mut(&mut self) -> Option<&mut Recorder> {
        self.rec.as_deref_mut()
    }

    fn gauge(&self, _at_ms: f64) -> Gauge {
        Gauge {
            instances: f64::from(self.pool.alive()),
            in_system: u64::from(self.pool.busy()),
            queue: self.proxy_queue.len() as u64,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(),
        }
    }

    /// Idle-close timers are set at every release (one per idle period, 600 s ahead by default):
    /// at 100,000 req/s tens of millions of them would wait in the queue, almost all about an
    /// environment reused since. Stale: the environment is no longer in that idle period (its
    /// generation moves on every reuse or reclaim and never returns), or the leaked connections
    /// belong to a client whose environment was reclaimed or replaced (`life` only grows).
    fn is_stale(&self, ev: &Ev) -> bool {
        match *ev {
            Ev::IdleClose { env, generation } => !self.pool.still_idle(env, generation),
            Ev::LeakClose { env, life, .. } => {
                let x = self.pool.env(env);
                x.phase() == Phase::Reclaimed || x.data.life != life
            }
            _ => false,
        }
    }

    /// The connections series is sampled with the recorder: peak open per interval.
    fn sampled(&mut self) {
        self.connections
            .push(f64::from(self.interval_peak_open.max(self.open)));
        self.interval_peak_open = self.open;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pairs: &[(&str, &str)], secs: f64) -> DbSim {
        let mut p = ParamSet::defaults(PARAMS);
        for (k, v) in pairs {
            p.set("db-connections", k, v).unwrap();
        }
        let mut s = DbSim::new(&p, 1, true).unwrap();
        s.advance_to(secs * 1000.0);
        s
    }

    #[test]
    fn burst_exhausts_a_small_database_without_proxy() {
        let s = run(
            &[
                ("rate", "0"),
                ("burst", "1000"),
                ("pool", "5"),
                ("db_limit", "1500"),
            ],
            120.0,
        );
        // 1,000 environments × 5 = 5,000 wanted; the database stops at 1,500 (fact D).
        assert_eq!(s.peak_open, 1500);
        assert_eq!(s.failed, 1000 - 300);
        assert_eq!(s.refused, 5000 - 1500);
        assert_eq!(s.st.served, 300);
        assert!(
            s.connection_series()
                .points()
                .iter()
                .any(|(_, v)| *v == 1500.0)
        );
    }

    #[test]
    fn proxy_keeps_connections_under_its_cap() {
        let s = run(
            &[
                ("rate", "0"),
                ("burst", "1000"),
                ("pool", "5"),
                ("db_limit", "1500"),
                ("proxy", "true"),
                ("proxy_connections", "100"),
            ],
            120.0,
        );
        assert_eq!(s.peak_open, 100);
        assert_eq!(s.failed, 0);
        assert_eq!(s.st.served, 1000);
        // 1000 queries of 200 ms through 100 connections: the last waits about 1.8 s.
        let p99 = s.st.sketch.quantile(1.0).unwrap();
        assert!(p99 > 1800.0 && p99 < 2600.0, "{p99}");
    }

    #[test]
    fn outside_client_reuses_connections_inside_without_close_leaks() {
        let outside = run(
            &[("rate", "20"), ("burst", "0"), ("client", "outside")],
            300.0,
        );
        let envs = outside.pool.alive();
        assert!(outside.open <= envs * 5);
        assert_eq!(outside.failed, 0);
        let leaky = run(
            &[
                ("rate", "20"),
                ("burst", "0"),
                ("client", "inside"),
                ("close_client", "false"),
                ("conn_idle_s", "0"),
            ],
            300.0,
        );
        // Every invocation leaves 5 connections behind: the limit is hit and requests fail.
        assert_eq!(leaky.peak_open, 500);
        assert!(leaky.failed > 0 && leaky.refused > 0);
        let closed = run(
            &[("rate", "20"), ("burst", "0"), ("client", "inside")],
            300.0,
        );
        assert_eq!(closed.failed, 0);
        assert!(closed.peak_open < 100);
    }

    #[test]
    fn idle_connections_are_closed_and_environments_reclaimed() {
        let s = run(
            &[
                ("rate", "0"),
                ("burst", "50"),
                ("burst_at_s", "1"),
                ("conn_idle_s", "30"),
            ],
            60.0,
        );
        assert_eq!(s.peak_open, 250);
        assert_eq!(s.open, 0);
        let s = run(
            &[
                ("rate", "0"),
                ("burst", "50"),
                ("burst_at_s", "1"),
                ("conn_idle_s", "0"),
                ("keep_alive_s", "20"),
            ],
            60.0,
        );
        assert_eq!(s.open, 0);
        assert_eq!(s.pool.alive(), 0);
    }

    #[test]
    fn quota_throttles_the_burst() {
        let s = run(
            &[("rate", "0"), ("burst", "300"), ("lambda_quota", "100")],
            120.0,
        );
        assert_eq!(s.throttled, 200);
        assert_eq!(s.st.served, 100);
    }
}
