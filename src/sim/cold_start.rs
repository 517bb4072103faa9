//! The `cold-start` model: one Lambda function under Poisson traffic, its execution environments
//! (initialising, busy, idle, reclaimed), keep-alive, provisioned concurrency and keep-warm pings.
//!
//! Model: a request takes an idle provisioned environment if there is one, else the most recently
//! idle on-demand environment (LIFO, so surplus environments age out), else a new environment that
//! first runs INIT (`init_ms`): a cold start. An on-demand environment idle for `keep_alive_s`
//! (± uniform `keep_alive_jitter_s`, drawn per idle period) is reclaimed. Provisioned environments
//! are initialised before the run and never reclaimed (S10). A keep-warm ping is a request every
//! `keep_warm_s` that lasts [`PING_MS`]; it keeps one environment warm.
//!
//! INIT time derivation (when `init_ms` is 0): a base per runtime for a small package at 512 MB —
//! the midpoints of fact G's ranges (Python/Node 150–500 ms → 300, Go/Rust 50–250 → 150,
//! .NET 0.6–1.2 s → 900, Java 1–4 s without SnapStart → 2500) — plus [`INIT_MS_PER_MB`] per MB of
//! deployment package, calibrated on fact B's "many dependencies make it 5–10× slower" (S22):
//! a 60 MB package makes a Python function 5× slower and a Go one 9× slower. Memory size is
//! ignored ("matters little except for .NET", S22).
//!
//! The environments are an [`EnvPool`]: a constant keep-alive keeps its idle list in deadline
//! order, a jittered one uses its deadline heap.
use std::collections::VecDeque;

use super::cost;
use super::driver::{self, Driven};
use super::engine::EventQueue;
use super::env_pool::{EnvPool, Phase, PoolConfig, UNLIMITED};
use super::params::{Kind, ParamError, ParamSet, ParamSpec};
use super::report::{Gauge, Recorder, RequestStats, Summary};
use super::rng::{SimRng, Stream};
use super::stats::{Sketch, Welford};
use super::theory;
use super::traffic::{ArrivalGen, Traffic};

/// Runtimes with a known INIT base.
pub const RUNTIMES: &[&str] = &["python", "node", "go", "java", "dotnet", "rust"];
/// INIT cost per MB of deployment package, ms (calibrated on B: 5–10× with many dependencies).
pub const INIT_MS_PER_MB: f64 = 20.0;
/// Duration of a keep-warm ping, ms (the handler returns at once).
pub const PING_MS: f64 = 1.0;
/// Closed timeline segments kept for the live view.
pub const TIMELINE_CAP: usize = 4096;
/// Most execution environments alive at once (a concurrency quota, and the memory bound at any
/// rate × service time in range: about 40 MB); requests beyond it are throttled and dropped.
/// Far above the default account quota of 1,000 (S3), so it never shapes a teaching scenario.
pub const MAX_ENVIRONMENTS: u32 = 100_000;

/// INIT base of a runtime for a small package at 512 MB, ms (fact G midpoints, S22).
pub fn runtime_base_ms(runtime: &str) -> f64 {
    match runtime {
        "go" | "rust" => 150.0,
        "dotnet" => 900.0,
        "java" => 2500.0,
        _ => 300.0, // python, node
    }
}

/// INIT time derived from runtime and package size, ms.
pub fn derived_init_ms(runtime: &str, package_mb: f64) -> f64 {
    runtime_base_ms(runtime) + INIT_MS_PER_MB * package_mb
}

/// Parameters of the `cold-start` model.
pub const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "rate",
        unit: "req/s",
        default: "0.05",
        kind: Kind::Float {
            min: 0.0,
            max: 100_000.0,
        },
        doc: "Poisson arrival rate",
        source: "illustrative",
    },
    ParamSpec {
        name: "keep_alive_s",
        unit: "s",
        default: "420",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "idle time before an environment is reclaimed (undocumented; 5–60 min reported over the years)",
        source: "B: S22, S23 ⚠️",
    },
    ParamSpec {
        name: "keep_alive_jitter_s",
        unit: "s",
        default: "0",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "keep-alive varies uniformly by ± this much per idle period",
        source: "B (\"with jitter\")",
    },
    ParamSpec {
        name: "runtime",
        unit: "",
        default: "python",
        kind: Kind::Choice(RUNTIMES),
        doc: "runtime, for the derived INIT time",
        source: "G, S22",
    },
    ParamSpec {
        name: "package_mb",
        unit: "MB",
        default: "5",
        kind: Kind::Float {
            min: 0.0,
            max: 10_240.0,
        },
        doc: "deployment package size, for the derived INIT time (20 ms/MB)",
        source: "B (5–10× with many dependencies), S22",
    },
    ParamSpec {
        name: "init_ms",
        unit: "ms",
        default: "0",
        kind: Kind::Float {
            min: 0.0,
            max: 130_000.0,
        },
        doc: "INIT (cold start) time; 0 = derive from runtime and package_mb",
        source: "S8 (10 s on demand; with PC/SnapStart up to 130 s or the timeout, whichever is higher)",
    },
    ParamSpec {
        name: "service_ms",
        unit: "ms",
        default: "100",
        kind: Kind::Float {
            min: 0.001,
            max: 900_000.0,
        },
        doc: "handler duration of one request",
        source: "illustrative",
    },
    ParamSpec {
        name: "memory_mb",
        unit: "MB",
        default: "512",
        kind: Kind::Int {
            min: 128,
            max: 10_240,
        },
        doc: "memory (for GB-second billing)",
        source: "S4; G (512 MB data)",
    },
    ParamSpec {
        name: "provisioned",
        unit: "envs",
        default: "0",
        kind: Kind::Int {
            min: 0,
            max: 10_000,
        },
        doc: "provisioned concurrency: always-warm environments (billed while idle)",
        source: "S10, S1",
    },
    ParamSpec {
        name: "keep_warm_s",
        unit: "s",
        default: "0",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "interval of keep-warm pings (0 = off); a ping keeps one environment warm",
        source: "illustrative",
    },
];

/// State of an execution environment in the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvState {
    /// Running INIT (cold start).
    Initialising,
    /// Running a request.
    Busy,
    /// Frozen, waiting for the next request.
    Idle,
    /// Reclaimed by the platform (a zero-length marker).
    Reclaimed,
}

/// One interval of one environment's life, for the timeline view.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EnvSegment {
    /// Environment number (1, 2, ... in creation order).
    pub env: u64,
    /// Whether it is a provisioned environment.
    pub provisioned: bool,
    /// State during the interval.
    pub state: EnvState,
    /// Start, ms.
    pub start_ms: f64,
    /// End, ms (for open segments: now).
    pub end_ms: f64,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Ev {
    Finish {
        env: u32,
        arrived: f64,
        cold: bool,
        ping: bool,
    },
    /// The pool's reclaim timer.
    Reclaim,
    /// A keep-warm ping; pings of an older `epoch` (interval changed since) are ignored.
    Ping { epoch: u32 },
}

/// What the model keeps per environment beside the pool's state: when its INIT ends (for the
/// timeline's initialising segment), ms.
#[derive(Debug, Clone, Copy, Default)]
struct InitEnd(f64);

/// Resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ColdStartConfig {
    /// Arrival rate, req/s.
    pub rate: f64,
    /// Keep-alive, ms.
    pub keep_alive_ms: f64,
    /// Jitter, ms.
    pub jitter_ms: f64,
    /// Effective INIT time, ms.
    pub init_ms: f64,
    /// Handler time, ms.
    pub service_ms: f64,
    /// Memory, MB.
    pub memory_mb: f64,
    /// Provisioned environments.
    pub provisioned: u32,
    /// Ping interval, ms (0 = off).
    pub keep_warm_ms: f64,
}

impl ColdStartConfig {
    /// The pool settings: keep-alive with its jitter, INIT, no quota or scaling rate (one
    /// function far below them), and [`MAX_ENVIRONMENTS`] as the memory bound.
    fn pool(&self) -> PoolConfig {
        PoolConfig {
            keep_alive_ms: self.keep_alive_ms,
            jitter_ms: self.jitter_ms,
            init_ms: self.init_ms,
            quota: UNLIMITED,
            scale_per_10s: UNLIMITED,
            max_environments: MAX_ENVIRONMENTS,
        }
    }

    /// Resolves the parameters.
    pub fn from_params(p: &ParamSet) -> ColdStartConfig {
        let init = p.num("init_ms");
        ColdStartConfig {
            rate: p.num("rate"),
            keep_alive_ms: p.num("keep_alive_s") * 1000.0,
            jitter_ms: p.num("keep_alive_jitter_s").min(p.num("keep_alive_s")) * 1000.0,
            init_ms: if init > 0.0 {
                init
            } else {
                derived_init_ms(p.text("runtime"), p.num("package_mb"))
            },
            service_ms: p.num("service_ms"),
            memory_mb: p.num("memory_mb"),
            provisioned: p.count("provisioned") as u32,
            keep_warm_ms: p.num("keep_warm_s") * 1000.0,
        }
    }
}

/// The cold-start simulation.
#[derive(Debug, Clone)]
pub struct ColdStartSim {
    /// Configuration in force.
    pub cfg: ColdStartConfig,
    arrivals: ArrivalGen,
    events: EventQueue<Ev>,
    next_arrival: f64,
    now: f64,
    pool: EnvPool<InitEnd>,
    ondemand_ms: f64,
    prov_exec_ms: f64,
    invocations: u64,
    pings: u64,
    /// Requests refused at [`MAX_ENVIRONMENTS`].
    throttled: u64,
    /// Busy environments serving a keep-warm ping (not a request), now.
    pings_busy: u32,
    ping_cold: u64,
    ping_epoch: u32,
    cold_lat: Welford,
    cold_sketch: Sketch,
    warm_lat: Welford,
    warm_sketch: Sketch,
    timeline: VecDeque<EnvSegment>,
    st: RequestStats,
    rec: Option<Box<Recorder>>,
}

impl ColdStartSim {
    /// Builds the model from its parameters.
    pub fn new(p: &ParamSet, seed: u64, record: bool) -> Result<ColdStartSim, ParamError> {
        let cfg = ColdStartConfig::from_params(p);
        let mut arrivals = ArrivalGen::new(
            Traffic::Poisson { rate: cfg.rate },
            SimRng::new(seed, Stream::Arrivals),
        );
        let next_arrival = arrivals.next_arrival();
        let mut pool = EnvPool::new(cfg.pool(), SimRng::new(seed, Stream::Misc));
        pool.provision(cfg.provisioned, 0.0);
        let mut sim = ColdStartSim {
            cfg,
            arrivals,
            events: EventQueue::new(),
            next_arrival,
            now: 0.0,
            pool,
            ondemand_ms: 0.0,
            prov_exec_ms: 0.0,
            invocations: 0,
            pings: 0,
            throttled: 0,
            pings_busy: 0,
            ping_cold: 0,
            ping_epoch: 0,
            cold_lat: Welford::default(),
            cold_sketch: Sketch::new(),
            warm_lat: Welford::default(),
            warm_sketch: Sketch::new(),
            timeline: VecDeque::new(),
            st: RequestStats::default(),
            rec: record.then(Box::default),
        };
        if sim.cfg.keep_warm_ms > 0.0 {
            sim.events.push(sim.cfg.keep_warm_ms, Ev::Ping { epoch: 0 });
        }
        Ok(sim)
    }

    fn segment(&mut self, env: u32, state: EnvState, start_ms: f64, end_ms: f64) {
        if self.timeline.len() == TIMELINE_CAP {
            self.timeline.pop_front();
        }
        let x = self.pool.env(env);
        self.timeline.push_back(EnvSegment {
            env: x.number(),
            provisioned: x.provisioned(),
            state,
            start_ms,
            end_ms,
        });
    }

    fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            let busy = f64::from(self.pool.busy());
            self.st
                .accumulate(busy, busy, f64::from(self.pool.alive()), dt);
            self.now = t;
        }
    }

    fn invoke(&mut self, t: f64, ping: bool) {
        let Ok(start) = self.pool.acquire(t) else {
            // The environment cap (the only limit set): refused, as Lambda throttles at a quota.
            if !ping {
                self.st.dropped += 1;
                self.throttled += 1;
            }
            return;
        };
        let (e, cold, init) = (start.env, start.cold, start.init_ms);
        if !cold {
            self.segment(e, EnvState::Idle, start.idle_since_ms, t);
        }
        let work = if ping { PING_MS } else { self.cfg.service_ms };
        self.pool.data_mut(e).0 = t + init;
        if self.pool.env(e).provisioned() {
            self.prov_exec_ms += work;
        } else {
            // INIT is billed for every configuration since 1 Aug 2025 (S9).
            self.ondemand_ms += init + work;
        }
        self.invocations += 1;
        if ping {
            self.pings += 1;
            self.pings_busy += 1;
            self.ping_cold += u64::from(cold);
        } else {
            self.st.wait.push(init);
            if cold {
                self.st.cold_starts += 1;
                self.st.queued += 1;
            }
            let busy = u64::from(self.pool.busy());
            self.st.peak_sys = self.st.peak_sys.max(busy);
            if let Some(r) = self.rec.as_deref_mut() {
                r.interval_peak = r.interval_peak.max(busy);
            }
        }
        self.events.push(
            t + init + work,
            Ev::Finish {
                env: e,
                arrived: t,
                cold,
                ping,
            },
        );
    }

    fn on_finish(&mut self, t: f64, e: u32, arrived: f64, cold: bool, ping: bool) {
        if ping {
            self.pings_busy -= 1;
        }
        if cold {
            let init_end = self.pool.env(e).data.0;
            self.segment(e, EnvState::Initialising, arrived, init_end);
            self.segment(e, EnvState::Busy, init_end, t);
        } else {
            self.segment(e, EnvState::Busy, arrived, t);
        }
        if !ping {
            let lat = t - arrived;
            self.st.served(lat);
            if cold {
                self.cold_lat.push(lat);
                self.cold_sketch.push(lat);
            } else {
                self.warm_lat.push(lat);
                self.warm_sketch.push(lat);
            }
            if let Some(r) = self.rec.as_deref_mut() {
                r.window.push(lat);
            }
        }
        if let Some(at) = self.pool.release(e, t) {
            self.events.push(at, Ev::Reclaim);
        }
    }

    /// The reclaim timer fired: each environment whose keep-alive ran out closes its idle segment
    /// with a reclaim marker.
    fn on_reclaim(&mut self, t: f64) {
        while let Some(r) = self.pool.reclaim_due(t) {
            self.segment(r.env, EnvState::Idle, r.idle_since_ms, t);
            self.segment(r.env, EnvState::Reclaimed, t, t);
        }
        if let Some(at) = self.pool.rearm(t) {
            self.events.push(at, Ev::Reclaim);
        }
    }

    /// Cost so far: requests, on-demand GB-seconds (with INIT), provisioned concurrency.
    pub fn cost_usd(&self) -> f64 {
        let gb = self.cfg.memory_mb / 1024.0;
        self.invocations as f64 * cost::LAMBDA_REQUEST_USD
            + cost::duration_cost_usd(self.ondemand_ms / 1000.0 * gb, cost::Arch::X86)
            + f64::from(self.cfg.provisioned) * gb * self.now / 1000.0 * cost::PC_CONFIGURED_GBS_USD
            + self.prov_exec_ms / 1000.0 * gb * cost::PC_EXECUTING_GBS_USD
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

    /// Changes the arrival rate from now on.
    pub fn set_rate(&mut self, rate: f64) {
        self.cfg.rate = rate;
        self.arrivals.retarget(Traffic::Poisson { rate }, self.now);
        self.next_arrival = self.arrivals.next_arrival();
    }

    /// Replaces timing settings from now on (keep-alive, INIT, service, memory).
    pub fn set_config(&mut self, cfg: ColdStartConfig) {
        let rate = cfg.rate;
        let ping_changed = cfg.keep_warm_ms != self.cfg.keep_warm_ms;
        self.cfg = ColdStartConfig {
            provisioned: self.cfg.provisioned,
            ..cfg
        };
        if let Some(at) = self.pool.set_config(self.cfg.pool(), self.now) {
            self.events.push(at, Ev::Reclaim);
        }
        if rate != self.arrivals_rate() {
            self.set_rate(rate);
        }
        if ping_changed {
            // Start a new ping chain at the new interval; the old chain dies out.
            self.ping_epoch = self.ping_epoch.wrapping_add(1);
            if self.cfg.keep_warm_ms > 0.0 {
                let epoch = self.ping_epoch;
                self.events
                    .push(self.now + self.cfg.keep_warm_ms, Ev::Ping { epoch });
            }
        }
    }

    fn arrivals_rate(&self) -> f64 {
        self.arrivals.traffic().rate_at(0.0)
    }

    /// Expected cold-start ratio from theory, when it applies (no provisioned concurrency,
    /// no pings): `E[e^(−λT)]` over the keep-alive jitter.
    pub fn expected_cold_start_ratio(&self) -> Option<f64> {
        (self.cfg.provisioned == 0 && self.cfg.keep_warm_ms <= 0.0).then(|| {
            theory::cold_start_probability_jitter(
                self.cfg.rate,
                self.cfg.keep_alive_ms / 1000.0,
                self.cfg.jitter_ms / 1000.0,
            )
        })
    }

    /// The environment timeline: kept closed segments plus the open segment of every live
    /// environment (ending now).
    pub fn timeline(&self) -> Vec<EnvSegment> {
        let mut out: Vec<EnvSegment> = self.timeline.iter().copied().collect();
        for env in self.pool.alive_envs() {
            let state = if env.phase() == Phase::Idle {
                EnvState::Idle
            } else if self.now < env.data.0 {
                EnvState::Initialising
            } else {
                EnvState::Busy
            };
            out.push(EnvSegment {
                env: env.number(),
                provisioned: env.provisioned(),
                state,
                start_ms: env.since_ms(),
                end_ms: self.now,
            });
        }
        out
    }

    /// Per-second series, if recording.
    pub fn recorder(&self) -> Option<&Recorder> {
        self.rec.as_deref()
    }

    /// Summary so far.
    pub fn summary(&self) -> Summary {
        let mut s = self.st.summary(
            self.now,
            self.cost_usd(),
            u64::from(self.pool.busy() - self.pings_busy),
        );
        let nan = f64::NAN;
        s.push_real("init_ms", self.cfg.init_ms);
        s.push_real(
            "expected_cold_start_ratio",
            self.expected_cold_start_ratio().unwrap_or(nan),
        );
        s.push_real("cold_latency_mean_ms", self.cold_lat.mean().unwrap_or(nan));
        s.push_real(
            "cold_latency_p99_ms",
            self.cold_sketch.quantile(0.99).unwrap_or(nan),
        );
        s.push_real("warm_latency_mean_ms", self.warm_lat.mean().unwrap_or(nan));
        s.push_real(
            "warm_latency_p99_ms",
            self.warm_sketch.quantile(0.99).unwrap_or(nan),
        );
        s.push_count("throttled", self.throttled);
        s.push_count("pings", self.pings);
        s.push_count("ping_cold_starts", self.ping_cold);
        s.push_count("environments_now", u64::from(self.pool.alive()));
        s.push_count("environments_created", self.pool.created());
        s
    }
}

impl Driven for ColdStartSim {
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
        ColdStartSim::integrate(self, t);
    }

    #[inline]
    fn handle(&mut self, t: f64, ev: Ev) {
        match ev {
            Ev::Finish {
                env,
                arrived,
                cold,
                ping,
            } => self.on_finish(t, env, arrived, cold, ping),
            Ev::Reclaim => self.on_reclaim(t),
            Ev::Ping { epoch } => {
                if epoch == self.ping_epoch && self.cfg.keep_warm_ms > 0.0 {
                    self.events
                        .push(t + self.cfg.keep_warm_ms, Ev::Ping { epoch });
                    self.invoke(t, true);
                }
            }
        }
    }

    #[inline]
    fn arrive(&mut self, t: f64) {
        self.next_arrival = self.arrivals.next_arrival();
        self.st.requests += 1;
        if let Some(r) = self.rec.as_deref_mut() {
            r.arrivals += 1;
        }
        self.invoke(t, false);
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
            queue: 0,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(pairs: &[(&str, &str)], seed: u64) -> ColdStartSim {
        let mut p = ParamSet::defaults(PARAMS);
        for (k, v) in pairs {
            p.set("cold-start", k, v).unwrap();
        }
        ColdStartSim::new(&p, seed, false).unwrap()
    }

    #[test]
    fn init_time_derivation() {
        assert_eq!(derived_init_ms("python", 5.0), 400.0);
        assert_eq!(derived_init_ms("java", 0.0), 2500.0);
        let s = sim(&[("runtime", "go"), ("package_mb", "10")], 1);
        assert_eq!(s.cfg.init_ms, 350.0);
        let s = sim(&[("runtime", "go"), ("init_ms", "42")], 1);
        assert_eq!(s.cfg.init_ms, 42.0);
        // Many dependencies make it 5–10× slower (B): 60 MB.
        for rt in ["python", "node", "go", "rust"] {
            let k = derived_init_ms(rt, 60.0) / runtime_base_ms(rt);
            assert!((5.0..=10.0).contains(&k), "{rt}: {k}");
        }
    }

    /// Fact sheet F: λ = 0.1/min, T = 5 min → e^(−0.5) = 0.6065. Each request is cold
    /// independently (memoryless gaps), so the standard error is the binomial one.
    #[test]
    fn cold_fraction_matches_exp_minus_lambda_t() {
        for (rate_per_min, t_min) in [(0.1, 5.0), (1.0 / 60.0, 10.0)] {
            let mut s = sim(
                &[
                    ("rate", &(rate_per_min / 60.0).to_string()),
                    ("keep_alive_s", &(t_min * 60.0).to_string()),
                    ("service_ms", "100"),
                    ("init_ms", "100"),
                ],
                11,
            );
            let n_target = 60_000.0;
            s.advance_to(n_target / (rate_per_min / 60.0) * 1000.0);
            let sum = s.summary();
            let n = sum.requests as f64;
            let p = sum.cold_start_ratio;
            let expected = theory::cold_start_probability(rate_per_min, t_min);
            let se = (p * (1.0 - p) / n).sqrt();
            assert!(
                (p - expected).abs() < 4.0 * se,
                "p={p} expected={expected} se={se}"
            );
            assert_eq!(s.expected_cold_start_ratio(), Some(expected));
        }
    }

    #[test]
    fn jitter_matches_the_expectation() {
        let mut s = sim(
            &[
                ("rate", &(0.1 / 60.0).to_string()),
                ("keep_alive_s", "300"),
                ("keep_alive_jitter_s", "240"),
                ("init_ms", "100"),
            ],
            12,
        );
        s.advance_to(50_000.0 / (0.1 / 60.0) * 1000.0);
        let sum = s.summary();
        let (n, p) = (sum.requests as f64, sum.cold_start_ratio);
        let expected = theory::cold_start_probability_jitter(0.1, 5.0, 4.0);
        let se = (p * (1.0 - p) / n).sqrt();
        assert!((p - expected).abs() < 4.0 * se, "p={p} expected={expected}");
    }

    #[test]
    fn provisioned_and_pings_prevent_cold_starts() {
        let mut s = sim(
            &[("rate", "0.001"), ("provisioned", "1"), ("init_ms", "300")],
            3,
        );
        s.advance_to(86_400_000.0);
        let sum = s.summary();
        assert!(sum.requests > 30);
        assert_eq!(sum.cold_starts, 0);
        assert!(sum.cost_usd > 0.0);
        let mut s = sim(
            &[
                ("rate", "0.001"),
                ("keep_warm_s", "300"),
                ("keep_alive_s", "420"),
            ],
            3,
        );
        s.advance_to(86_400_000.0);
        let sum = s.summary();
        assert!(sum.requests > 30);
        // One environment for the whole day: only its creation was cold (by a ping or by the
        // first request, whichever came first).
        assert_eq!(sum.cold_starts + s.ping_cold, 1, "{sum:?}");
        assert!(s.pings > 200);
        assert_eq!(s.pool.created(), 1);
    }

    #[test]
    fn cold_requests_are_slower_and_timeline_is_bounded() {
        let mut s = sim(
            &[("rate", "2"), ("keep_alive_s", "1"), ("init_ms", "300")],
            5,
        );
        s.advance_to(3_600_000.0);
        let sum = s.summary();
        assert!(sum.cold_starts > 100 && sum.cold_starts < sum.requests);
        let cold = s.cold_lat.mean().unwrap();
        let warm = s.warm_lat.mean().unwrap();
        assert!((cold - warm - 300.0).abs() < 1e-6, "{cold} {warm}");
        let tl = s.timeline();
        assert!(tl.len() <= TIMELINE_CAP + s.pool.alive() as usize);
        assert!(tl.iter().all(|seg| seg.end_ms >= seg.start_ms));
        assert!(tl.iter().any(|seg| seg.state == EnvState::Reclaimed));
        assert!(tl.iter().any(|seg| seg.state == EnvState::Initialising));
    }

    #[test]
    fn overlapping_requests_open_more_environments() {
        // λS not small: a second environment is needed now and then (the formula's limit).
        let mut s = sim(
            &[("rate", "5"), ("service_ms", "1000"), ("init_ms", "10")],
            6,
        );
        s.advance_to(600_000.0);
        let sum = s.summary();
        assert!(s.pool.created() > 5, "{}", s.pool.created());
        assert!(sum.peak_concurrency >= 5);
    }
}
