//! The `scaling` model: the same traffic served by on-prem servers, a fixed EC2 fleet, an EC2 Auto
//! Scaling group (target tracking) and AWS Lambda.
//!
//! Each deployment is its own discrete-event simulation with its own event heap, but all of them
//! draw arrivals from identically seeded streams, so every deployment sees exactly the same
//! arrival sequence (common random numbers): differences in the results come from the
//! deployments, not from luck.
//!
//! Fleet deployments (on-prem, fixed, ASG) are a multi-server queue: `slots` requests in service
//! per instance, one shared FIFO queue per deployment (a load balancer in front), `queue_limit`
//! (0 = unbounded). With `slots = 1`, Poisson arrivals and exponential service this is exactly
//! M/M/c, which the tests check against Erlang C.
use std::collections::VecDeque;

use super::cost::{self, Arch, INSTANCE_TYPES};
use super::engine::EventQueue;
use super::params::{Kind, ParamError, ParamSet, ParamSpec};
use super::report::{Gauge, Recorder, RequestStats, Summary};
use super::rng::{SimRng, Stream};
use super::traffic::{ArrivalGen, Traffic, load_trace};

/// The deployments the scaling model can compare, in display order.
pub const DEPLOYMENTS: &[&str] = &["onprem", "fixed", "asg", "lambda"];

/// Parameters of the `scaling` model.
pub const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "traffic",
        unit: "",
        default: "spike",
        kind: Kind::Choice(&["poisson", "diurnal", "spike", "step", "trace"]),
        doc: "shape of the offered load (all Poisson arrivals)",
        source: "illustrative",
    },
    ParamSpec {
        name: "trace",
        unit: "",
        default: "flash-sale",
        kind: Kind::Trace,
        doc: "rate trace for traffic=trace: assets/traffic/NAME.csv or a path",
        source: "synthetic (assets/traffic/README.md)",
    },
    ParamSpec {
        name: "rate",
        unit: "req/s",
        default: "50",
        kind: Kind::Float { min: 0.0, max: 1e6 },
        doc: "base arrival rate",
        source: "illustrative",
    },
    ParamSpec {
        name: "peak",
        unit: "req/s",
        default: "500",
        kind: Kind::Float { min: 0.0, max: 1e6 },
        doc: "rate at the peak (diurnal), during the spike, or after the step",
        source: "illustrative",
    },
    ParamSpec {
        name: "spike_at_s",
        unit: "s",
        default: "300",
        kind: Kind::Float { min: 0.0, max: 1e8 },
        doc: "start of the spike or time of the step",
        source: "illustrative",
    },
    ParamSpec {
        name: "spike_len_s",
        unit: "s",
        default: "600",
        kind: Kind::Float { min: 0.0, max: 1e8 },
        doc: "length of the spike",
        source: "illustrative",
    },
    ParamSpec {
        name: "period_s",
        unit: "s",
        default: "86400",
        kind: Kind::Float { min: 1.0, max: 1e8 },
        doc: "period of the diurnal cycle (trough at 0, peak at half a period)",
        source: "a day",
    },
    ParamSpec {
        name: "service_ms",
        unit: "ms",
        default: "100",
        kind: Kind::Float {
            min: 0.001,
            max: 900_000.0,
        },
        doc: "mean service time of one request",
        source: "illustrative",
    },
    ParamSpec {
        name: "service_dist",
        unit: "",
        default: "lognormal",
        kind: Kind::Choice(&["fixed", "exp", "lognormal"]),
        doc: "service-time distribution (exp gives M/M/c)",
        source: "illustrative",
    },
    ParamSpec {
        name: "service_sigma",
        unit: "",
        default: "0.5",
        kind: Kind::Float {
            min: 0.01,
            max: 3.0,
        },
        doc: "shape of the lognormal: standard deviation of ln(service time)",
        source: "illustrative",
    },
    ParamSpec {
        name: "instances",
        unit: "",
        default: "2",
        kind: Kind::Int {
            min: 0,
            max: 100_000,
        },
        doc: "size of the fixed EC2 fleet and of the on-prem fleet",
        source: "illustrative",
    },
    ParamSpec {
        name: "slots",
        unit: "req",
        default: "10",
        kind: Kind::Int {
            min: 1,
            max: 100_000,
        },
        doc: "requests in service at once per instance",
        source: "illustrative",
    },
    ParamSpec {
        name: "queue_limit",
        unit: "req",
        default: "0",
        kind: Kind::Int {
            min: 0,
            max: QUEUE_SAFETY_CAP as i64,
        },
        doc: "queued requests allowed per deployment before dropping (0 = up to the 2,000,000 safety cap)",
        source: "M/M/c (F)",
    },
    ParamSpec {
        name: "asg_min",
        unit: "",
        default: "1",
        kind: Kind::Int {
            min: 0,
            max: 100_000,
        },
        doc: "Auto Scaling minimum capacity",
        source: "illustrative",
    },
    ParamSpec {
        name: "asg_max",
        unit: "",
        default: "10",
        kind: Kind::Int {
            min: 1,
            max: 100_000,
        },
        doc: "Auto Scaling maximum capacity",
        source: "illustrative",
    },
    ParamSpec {
        name: "target_util",
        unit: "%",
        default: "50",
        kind: Kind::Float {
            min: 1.0,
            max: 100.0,
        },
        doc: "target tracking: desired average utilisation (1-minute metrics)",
        source: "S34 (mechanism); value illustrative",
    },
    ParamSpec {
        name: "launch_s",
        unit: "s",
        default: "120",
        kind: Kind::Float {
            min: 0.0,
            max: 3600.0,
        },
        doc: "launch to in service (boot, app start, health checks)",
        source: "S35 (1–5 min realistic)",
    },
    ParamSpec {
        name: "warmup_s",
        unit: "s",
        default: "300",
        kind: Kind::Float {
            min: 0.0,
            max: 3600.0,
        },
        doc: "new instances' metrics are ignored for this long",
        source: "S32, S33 (unset warmup = 300 s default cooldown)",
    },
    ParamSpec {
        name: "scaling_policy",
        unit: "",
        default: "target-tracking",
        kind: Kind::Choice(&["target-tracking", "simple"]),
        doc: "target-tracking: no cooldown, gradual scale-in; simple: waits out cooldown_s after every activity",
        source: "S33, S34",
    },
    ParamSpec {
        name: "cooldown_s",
        unit: "s",
        default: "300",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "simple policy only: wait after a scaling activity completes before the next",
        source: "S33",
    },
    ParamSpec {
        name: "lambda_quota",
        unit: "",
        default: "1000",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        doc: "account concurrency quota (new accounts may have 10 or 50)",
        source: "S3, S18",
    },
    ParamSpec {
        name: "lambda_scale_per_10s",
        unit: "envs",
        default: "1000",
        kind: Kind::Int {
            min: 1,
            max: 1_000_000,
        },
        doc: "new execution environments allowed per 10 s (unused rate does not accrue)",
        source: "S5, S6",
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
        source: "B, G (Python/Node 150–500 ms), S22",
    },
    ParamSpec {
        name: "keep_alive_s",
        unit: "s",
        default: "420",
        kind: Kind::Float {
            min: 0.0,
            max: 86_400.0,
        },
        doc: "idle time before an environment is reclaimed (undocumented; 5–10 min observed)",
        source: "B: S22, S23 ⚠️",
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
    ParamSpec {
        name: "arch",
        unit: "",
        default: "x86",
        kind: Kind::Choice(&["x86", "arm"]),
        doc: "Lambda architecture (price per GB-s)",
        source: "S1, S2",
    },
    ParamSpec {
        name: "instance",
        unit: "",
        default: "t4g.small",
        kind: Kind::Choice(INSTANCE_TYPES),
        doc: "EC2 instance type (price per second, 60 s minimum)",
        source: "S30, S31",
    },
    ParamSpec {
        name: "server_usd",
        unit: "USD",
        default: "750",
        kind: Kind::Float { min: 0.0, max: 1e7 },
        doc: "upfront price of one on-prem server",
        source: "illustrative (lesson 3: 24,000 for 32)",
    },
    ParamSpec {
        name: "server_monthly_usd",
        unit: "USD/month",
        default: "22",
        kind: Kind::Float { min: 0.0, max: 1e6 },
        doc: "running cost of one on-prem server",
        source: "illustrative (lesson 3: 700/month for 32)",
    },
    ParamSpec {
        name: "onprem_years",
        unit: "years",
        default: "3",
        kind: Kind::Float {
            min: 0.5,
            max: 20.0,
        },
        doc: "years over which on-prem servers are amortised",
        source: "illustrative",
    },
    ParamSpec {
        name: "deployments",
        unit: "",
        default: "onprem,fixed,asg,lambda",
        kind: Kind::Set(DEPLOYMENTS),
        doc: "which deployments serve the traffic",
        source: "-",
    },
];

/// Service-time distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ServiceDist {
    /// Always the same.
    Fixed(f64),
    /// Exponential with this mean.
    Exp(f64),
    /// Lognormal with `E = exp(mu + sigma²/2)` equal to the requested mean.
    LogNormal {
        /// Mean of ln(X).
        mu: f64,
        /// Standard deviation of ln(X).
        sigma: f64,
    },
}

impl ServiceDist {
    /// Builds the distribution from a name, a mean (ms) and a lognormal sigma.
    pub fn new(kind: &str, mean_ms: f64, sigma: f64) -> ServiceDist {
        match kind {
            "fixed" => ServiceDist::Fixed(mean_ms),
            "exp" => ServiceDist::Exp(mean_ms),
            _ => ServiceDist::LogNormal {
                mu: mean_ms.ln() - sigma * sigma / 2.0,
                sigma,
            },
        }
    }

    /// The mean service time, ms.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            ServiceDist::Fixed(ms) | ServiceDist::Exp(ms) => ms,
            ServiceDist::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
        }
    }

    /// Draws one service time, ms.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        match *self {
            ServiceDist::Fixed(ms) => ms,
            ServiceDist::Exp(mean) => rng.exp(mean),
            ServiceDist::LogNormal { mu, sigma } => (mu + sigma * rng.normal()).exp(),
        }
    }
}

/// Builds the traffic shape from the parameters shared by the scaling and other models.
pub fn traffic_from(p: &ParamSet) -> Result<Traffic, ParamError> {
    let (rate, peak) = (p.num("rate"), p.num("peak"));
    Ok(match p.text("traffic") {
        "poisson" => Traffic::Poisson { rate },
        "diurnal" => Traffic::Diurnal {
            rate,
            peak,
            period_s: p.num("period_s"),
        },
        "step" => Traffic::Step {
            rate,
            peak,
            at_s: p.num("spike_at_s"),
        },
        "trace" => Traffic::Trace(load_trace(p.text("trace"))?),
        _ => Traffic::Spike {
            rate,
            peak,
            at_s: p.num("spike_at_s"),
            len_s: p.num("spike_len_s"),
        },
    })
}

/// Auto Scaling settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AsgCfg {
    /// Minimum capacity.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
    /// Target utilisation, fraction.
    pub target: f64,
    /// Launch to in-service, ms.
    pub launch_ms: f64,
    /// Warmup, ms.
    pub warmup_ms: f64,
    /// Which scaling policy drives the group.
    pub policy: ScalingPolicy,
    /// Cooldown of the simple policy, ms (target tracking has none).
    pub cooldown_ms: f64,
}

/// An Auto Scaling group's dynamic scaling policy (S33, S34).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingPolicy {
    /// Target tracking: scales out after `SCALE_OUT_PERIODS` high periods, in after
    /// `SCALE_IN_PERIODS` low ones, at most 10 % per step; no cooldown, new instances'
    /// metrics are left out during their warmup.
    TargetTracking,
    /// Simple scaling: the same alarms, but after each scaling activity completes (instances in
    /// service, or drained) the group ignores alarms for the cooldown.
    Simple,
}

/// Consecutive 1-minute periods above target before scaling out (⚠️ common alarm shape, S34).
pub const SCALE_OUT_PERIODS: usize = 3;
/// Consecutive 1-minute periods below target before scaling in (⚠️ common alarm shape, S34).
pub const SCALE_IN_PERIODS: usize = 15;
/// Metric period of target tracking, ms (1-minute metrics, S34).
pub const METRIC_PERIOD_MS: f64 = 60_000.0;
/// Most request slots one fleet may have (instances × slots): one 8-byte token per free slot
/// and one event per busy one keep a fleet's memory within tens of MB.
pub const MAX_FLEET_SLOTS: u64 = 1_000_000;
/// Safety cap on a fleet's queue, also the largest `queue_limit`: 8 bytes per entry, at most
/// 16 MiB per fleet (three fleets stay far under 200 MB at any arrival rate); beyond it requests
/// are dropped. Two million waiting requests is already hours of wait at any fleet size here.
pub const QUEUE_SAFETY_CAP: usize = 2_000_000;

/// Lambda settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LambdaCfg {
    /// Account concurrency quota.
    pub quota: u32,
    /// New environments per 10 s window.
    pub scale_per_10s: u32,
    /// Cold start (INIT) time, ms.
    pub cold_ms: f64,
    /// Idle time before reclaim, ms.
    pub keep_alive_ms: f64,
    /// Memory, MB.
    pub memory_mb: f64,
    /// Architecture.
    pub arch: Arch,
}

/// Everything the scaling model needs, resolved and cross-checked from its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingConfig {
    /// Offered load.
    pub traffic: Traffic,
    /// Service time.
    pub service: ServiceDist,
    /// Fixed / on-prem fleet size.
    pub instances: u32,
    /// Slots per instance.
    pub slots: u32,
    /// Max queue length (0 = unbounded).
    pub queue_limit: usize,
    /// ASG.
    pub asg: AsgCfg,
    /// Lambda.
    pub lambda: LambdaCfg,
    /// EC2 price per hour.
    pub hourly_usd: f64,
    /// On-prem cost per server-second (amortised + running).
    pub onprem_usd_per_server_s: f64,
    /// Deployments to run, in display order.
    pub deployments: Vec<&'static str>,
}

impl ScalingConfig {
    /// Resolves the parameters; reports contradictions such as `asg_min > asg_max`.
    pub fn from_params(p: &ParamSet) -> Result<ScalingConfig, ParamError> {
        let asg = AsgCfg {
            min: p.count("asg_min") as u32,
            max: p.count("asg_max") as u32,
            target: p.num("target_util") / 100.0,
            launch_ms: p.num("launch_s") * 1000.0,
            warmup_ms: p.num("warmup_s") * 1000.0,
            policy: if p.text("scaling_policy") == "simple" {
                ScalingPolicy::Simple
            } else {
                ScalingPolicy::TargetTracking
            },
            cooldown_ms: p.num("cooldown_s") * 1000.0,
        };
        let slots = p.count("slots");
        for key in ["instances", "asg_max"] {
            let n = p.count(key);
            if n.saturating_mul(slots) > MAX_FLEET_SLOTS {
                return Err(ParamError::Conflict {
                    key: "slots".into(),
                    value: slots.to_string(),
                    reason: format!(
                        "{key} = {n} (a fleet may have at most {MAX_FLEET_SLOTS} slots in all: {key} × slots)"
                    ),
                });
            }
        }
        if asg.min > asg.max {
            return Err(ParamError::Conflict {
                key: "asg_min".into(),
                value: asg.min.to_string(),
                reason: format!("asg_max = {} (asg_min must be ≤ asg_max)", asg.max),
            });
        }
        let monthly_s = cost::HOURS_PER_MONTH * 3600.0;
        let server_monthly = cost::onprem_monthly_usd(
            p.num("server_usd"),
            p.num("onprem_years"),
            p.num("server_monthly_usd"),
        );
        let deployments = DEPLOYMENTS
            .iter()
            .copied()
            .filter(|d| p.list("deployments").iter().any(|x| x == d))
            .collect();
        Ok(ScalingConfig {
            traffic: traffic_from(p)?,
            service: ServiceDist::new(
                p.text("service_dist"),
                p.num("service_ms"),
                p.num("service_sigma"),
            ),
            instances: p.count("instances") as u32,
            slots: p.count("slots").max(1) as u32,
            queue_limit: p.count("queue_limit") as usize,
            asg,
            lambda: LambdaCfg {
                quota: p.count("lambda_quota") as u32,
                scale_per_10s: p.count("lambda_scale_per_10s") as u32,
                cold_ms: p.num("cold_ms"),
                keep_alive_ms: p.num("keep_alive_s") * 1000.0,
                memory_mb: p.num("memory_mb"),
                arch: Arch::from_name(p.text("arch")),
            },
            hourly_usd: cost::ec2_hourly_usd(p.text("instance"))?,
            onprem_usd_per_server_s: server_monthly / monthly_s,
            deployments,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FleetKind {
    OnPrem,
    Fixed,
    Asg,
}

#[derive(Debug, Clone, Copy)]
enum FleetEv {
    Depart { inst: u32, arrived: f64 },
    Ready { inst: u32, epoch: u32 },
    Warm { inst: u32, epoch: u32 },
    Tick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InstState {
    Pending,
    Warming,
    Warm,
    Draining,
    Gone,
}

#[derive(Debug, Clone, Copy)]
struct Instance {
    state: InstState,
    busy: u32,
    epoch: u32,
    launched_ms: f64,
}

/// A fleet of servers behind one FIFO queue: on-prem, fixed EC2, or an Auto Scaling group.
#[derive(Debug, Clone)]
pub struct Fleet {
    kind: FleetKind,
    cfg: ScalingConfig,
    arrivals: ArrivalGen,
    svc_rng: SimRng,
    events: EventQueue<FleetEv>,
    next_arrival: f64,
    now: f64,
    queue: VecDeque<f64>,
    /// One token per free slot: (instance, generation); stale tokens are skipped lazily.
    tokens: Vec<(u32, u32)>,
    insts: Vec<Instance>,
    free_insts: Vec<u32>,
    accepting: u32,
    serving: u32,
    /// Most instances in service at once (the `peak_instances` figure).
    peak_serving: u32,
    n_warm: u32,
    n_pending: u32,
    busy: u64,
    busy_warm: u64,
    metric_busy: f64,
    metric_cap: f64,
    history: VecDeque<f64>,
    /// Simple policy: alarms are ignored before this instant (activity end + cooldown), ms.
    quiet_until_ms: f64,
    billed_gone_s: f64,
    st: RequestStats,
    rec: Option<Box<Recorder>>,
}

impl Fleet {
    fn new(kind: FleetKind, cfg: &ScalingConfig, seed: u64, record: bool) -> Fleet {
        let mut arrivals =
            ArrivalGen::new(cfg.traffic.clone(), SimRng::new(seed, Stream::Arrivals));
        let next_arrival = arrivals.next_arrival();
        let mut f = Fleet {
            kind,
            cfg: cfg.clone(),
            arrivals,
            svc_rng: SimRng::new(seed, Stream::Service),
            events: EventQueue::new(),
            next_arrival,
            now: 0.0,
            queue: VecDeque::new(),
            tokens: Vec::new(),
            insts: Vec::new(),
            free_insts: Vec::new(),
            accepting: 0,
            serving: 0,
            peak_serving: 0,
            n_warm: 0,
            n_pending: 0,
            busy: 0,
            busy_warm: 0,
            metric_busy: 0.0,
            metric_cap: 0.0,
            history: VecDeque::new(),
            quiet_until_ms: f64::NEG_INFINITY,
            billed_gone_s: 0.0,
            st: RequestStats::default(),
            rec: record.then(Box::default),
        };
        let initial = match kind {
            FleetKind::OnPrem | FleetKind::Fixed => cfg.instances,
            FleetKind::Asg => cfg.asg.min,
        };
        for _ in 0..initial {
            let i = f.alloc(0.0);
            f.n_pending -= 1;
            f.make_ready(i, 0.0, true);
        }
        if kind == FleetKind::Asg {
            f.events.push(METRIC_PERIOD_MS, FleetEv::Tick);
        }
        f
    }

    fn alloc(&mut self, t: f64) -> u32 {
        let inst = Instance {
            state: InstState::Pending,
            busy: 0,
            epoch: 0,
            launched_ms: t,
        };
        self.n_pending += 1;
        match self.free_insts.pop() {
            Some(i) => {
                let epoch = self.insts[i as usize].epoch.wrapping_add(1);
                self.insts[i as usize] = Instance { epoch, ..inst };
                i
            }
            None => {
                self.insts.push(inst);
                (self.insts.len() - 1) as u32
            }
        }
    }

    /// Pending → in service (warm at once when `warm` or there is no warmup).
    fn make_ready(&mut self, i: u32, t: f64, warm: bool) {
        let warmup = self.cfg.asg.warmup_ms;
        let slots = self.cfg.slots;
        let inst = &mut self.insts[i as usize];
        if warm || self.kind != FleetKind::Asg || warmup <= 0.0 {
            inst.state = InstState::Warm;
            self.n_warm += 1;
        } else {
            inst.state = InstState::Warming;
            self.events.push(
                t + warmup,
                FleetEv::Warm {
                    inst: i,
                    epoch: inst.epoch,
                },
            );
        }
        let epoch = inst.epoch;
        self.accepting += 1;
        self.serving += 1;
        self.peak_serving = self.peak_serving.max(self.serving);
        for _ in 0..slots {
            match self.queue.pop_front() {
                Some(a) => self.start(i, a, t),
                None => self.tokens.push((i, epoch)),
            }
        }
    }

    #[inline(always)]
    fn start(&mut self, i: u32, arrived: f64, t: f64) {
        self.st.wait.push(t - arrived);
        let inst = &mut self.insts[i as usize];
        inst.busy += 1;
        self.busy += 1;
        if inst.state == InstState::Warm {
            self.busy_warm += 1;
        }
        let s = self.cfg.service.sample(&mut self.svc_rng);
        self.events
            .push(t + s, FleetEv::Depart { inst: i, arrived });
    }

    #[inline]
    fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            // Signed conversions: u64 → f64 is a multi-instruction sequence on x86-64, i64 → f64
            // is one instruction, and this runs on every event.
            let busy = self.busy as i64 as f64;
            self.st.area_sys += (busy + self.queue.len() as i64 as f64) * dt;
            self.st.busy_area += busy * dt;
            self.st.cap_area += f64::from(self.accepting * self.cfg.slots) * dt;
            if self.kind == FleetKind::Asg {
                self.metric_busy += self.busy_warm as i64 as f64 * dt;
                self.metric_cap += f64::from(self.n_warm * self.cfg.slots) * dt;
            }
            self.now = t;
        }
    }

    #[inline(always)]
    fn on_arrival(&mut self, t: f64) {
        self.st.requests += 1;
        if let Some(r) = self.rec.as_deref_mut() {
            r.arrivals += 1;
        }
        while let Some((i, g)) = self.tokens.pop() {
            let inst = &self.insts[i as usize];
            if inst.epoch == g && matches!(inst.state, InstState::Warm | InstState::Warming) {
                self.start(i, t, t);
                self.note_peak();
                return;
            }
        }
        let limit = if self.cfg.queue_limit == 0 {
            QUEUE_SAFETY_CAP
        } else {
            self.cfg.queue_limit
        };
        if self.queue.len() < limit {
            self.queue.push_back(t);
            self.st.queued += 1;
            self.note_peak();
        } else {
            self.st.dropped += 1;
        }
    }

    #[inline]
    fn note_peak(&mut self) {
        let in_sys = self.busy + self.queue.len() as u64;
        self.st.peak_sys = self.st.peak_sys.max(in_sys);
        if let Some(r) = self.rec.as_deref_mut() {
            r.interval_peak = r.interval_peak.max(in_sys);
        }
    }

    #[inline(always)]
    fn on_depart(&mut self, t: f64, i: u32, arrived: f64) {
        let lat = t - arrived;
        self.st.served(lat);
        if let Some(r) = self.rec.as_deref_mut() {
            r.window.push(lat);
        }
        let inst = &mut self.insts[i as usize];
        inst.busy -= 1;
        self.busy -= 1;
        match inst.state {
            InstState::Warm | InstState::Warming => {
                if inst.state == InstState::Warm {
                    self.busy_warm -= 1;
                }
                let epoch = inst.epoch;
                match self.queue.pop_front() {
                    Some(a) => self.start(i, a, t),
                    None => self.tokens.push((i, epoch)),
                }
            }
            InstState::Draining => {
                if inst.busy == 0 {
                    self.terminate(i, t);
                }
            }
            InstState::Pending | InstState::Gone => {}
        }
    }

    fn terminate(&mut self, i: u32, t: f64) {
        let inst = &mut self.insts[i as usize];
        if inst.state == InstState::Pending {
            self.n_pending -= 1;
        } else {
            self.serving -= 1;
        }
        inst.state = InstState::Gone;
        inst.epoch = inst.epoch.wrapping_add(1);
        self.billed_gone_s += ((t - inst.launched_ms) / 1000.0).max(cost::EC2_MIN_BILLED_S);
        self.free_insts.push(i);
    }

    /// Stops sending work to one instance (pending first, then the least busy, newest first).
    fn drain_one(&mut self, t: f64) -> bool {
        let pick = self
            .insts
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                matches!(
                    x.state,
                    InstState::Pending | InstState::Warming | InstState::Warm
                )
            })
            .min_by(|(_, a), (_, b)| {
                let rank = |x: &Instance| u8::from(x.state != InstState::Pending);
                (rank(a), a.busy)
                    .cmp(&(rank(b), b.busy))
                    .then(b.launched_ms.total_cmp(&a.launched_ms))
            })
            .map(|(i, _)| i as u32);
        let Some(i) = pick else { return false };
        let inst = &mut self.insts[i as usize];
        match inst.state {
            InstState::Pending => self.terminate(i, t),
            _ => {
                if inst.state == InstState::Warm {
                    self.n_warm -= 1;
                    self.busy_warm -= u64::from(inst.busy);
                }
                inst.state = InstState::Draining;
                inst.epoch = inst.epoch.wrapping_add(1);
                self.accepting -= 1;
                if inst.busy == 0 {
                    self.terminate(i, t);
                }
            }
        }
        true
    }

    fn launch(&mut self, n: u32, t: f64) {
        for _ in 0..n {
            let i = self.alloc(t);
            let epoch = self.insts[i as usize].epoch;
            self.events.push(
                t + self.cfg.asg.launch_ms,
                FleetEv::Ready { inst: i, epoch },
            );
        }
    }

    /// Capacity the group counts as its own: pending, warming and warm instances.
    fn capacity(&self) -> u32 {
        self.accepting + self.n_pending
    }

    /// Target tracking, once per 1-minute metric period.
    fn on_tick(&mut self, t: f64) {
        self.events.push(t + METRIC_PERIOD_MS, FleetEv::Tick);
        let util = if self.metric_cap > 0.0 {
            self.metric_busy / self.metric_cap
        } else if !self.queue.is_empty() {
            1.0
        } else {
            0.0
        };
        self.metric_busy = 0.0;
        self.metric_cap = 0.0;
        self.history.push_back(util);
        if self.history.len() > SCALE_IN_PERIODS {
            self.history.pop_front();
        }
        let asg = self.cfg.asg;
        let cap = self.capacity();
        let desired = (f64::from(self.n_warm) * util / asg.target).ceil() as u32;
        let recent = |n: usize| self.history.iter().rev().take(n);
        let high = self.history.len() >= SCALE_OUT_PERIODS
            && recent(SCALE_OUT_PERIODS).all(|u| *u > asg.target);
        let low = self.history.len() >= SCALE_IN_PERIODS
            && recent(SCALE_IN_PERIODS).all(|u| *u < asg.target);
        let quiet = asg.policy == ScalingPolicy::Simple && t < self.quiet_until_ms;
        if quiet {
            // Simple scaling: alarms are not acted on until the last activity and its cooldown end.
        } else if high && self.n_warm > 0 && desired.min(asg.max) > cap {
            self.launch(desired.min(asg.max) - cap, t);
            self.quiet_until_ms = t + asg.launch_ms + asg.cooldown_ms;
        } else if low && cap > asg.min {
            // Scale in gradually: at most 10 % of the group (at least one) per action.
            let goal = desired.max(asg.min);
            let step = (cap / 10).max(1);
            let remove = cap.saturating_sub(goal).min(step);
            for _ in 0..remove {
                self.drain_one(t);
            }
            if remove > 0 {
                self.quiet_until_ms = t + asg.cooldown_ms;
            }
        }
        // Bounds changed while running (live `set`): enforce them.
        let cap = self.capacity();
        if cap < asg.min {
            self.launch(asg.min - cap, t);
        }
        let mut cap = self.capacity();
        while cap > asg.max && self.drain_one(t) {
            cap -= 1;
        }
    }

    fn cost_usd(&self, t: f64) -> f64 {
        match self.kind {
            FleetKind::OnPrem => {
                self.cfg.onprem_usd_per_server_s * f64::from(self.cfg.instances) * t / 1000.0
            }
            FleetKind::Fixed | FleetKind::Asg => {
                let alive: f64 = self
                    .insts
                    .iter()
                    .filter(|x| x.state != InstState::Gone)
                    .map(|x| ((t - x.launched_ms) / 1000.0).max(cost::EC2_MIN_BILLED_S))
                    .sum();
                self.cfg.hourly_usd / 3600.0 * (self.billed_gone_s + alive)
            }
        }
    }

    fn sample_until(&mut self, t: f64) {
        while let Some(next) = self.rec.as_deref().map(|r| r.next_sample_ms) {
            if next > t {
                break;
            }
            let g = Gauge {
                instances: f64::from(self.serving),
                in_system: self.busy + self.queue.len() as u64,
                queue: self.queue.len() as u64,
                cold_share: self.st.cold_share(),
                cost: self.cost_usd(next),
            };
            if let Some(r) = self.rec.as_deref_mut() {
                r.sample(g);
            }
        }
    }

    /// Runs every event up to and including `t_end` (ms).
    pub fn advance_to(&mut self, t_end: f64) {
        let recording = self.rec.is_some();
        loop {
            let te = self.events.peek_time();
            let ta = self.next_arrival;
            let t = if te <= ta { te } else { ta };
            if t > t_end {
                break;
            }
            if recording {
                self.sample_until(t);
            }
            self.integrate(t);
            if te <= ta {
                let Some((_, ev)) = self.events.pop() else {
                    break;
                };
                match ev {
                    FleetEv::Depart { inst, arrived } => self.on_depart(t, inst, arrived),
                    FleetEv::Ready { inst, epoch } => {
                        let x = self.insts[inst as usize];
                        if x.epoch == epoch && x.state == InstState::Pending {
                            self.n_pending -= 1;
                            self.make_ready(inst, t, false);
                        }
                    }
                    FleetEv::Warm { inst, epoch } => {
                        let x = &mut self.insts[inst as usize];
                        if x.epoch == epoch && x.state == InstState::Warming {
                            x.state = InstState::Warm;
                            self.n_warm += 1;
                            self.busy_warm += u64::from(x.busy);
                        }
                    }
                    FleetEv::Tick => self.on_tick(t),
                }
            } else {
                self.next_arrival = self.arrivals.next_arrival();
                self.on_arrival(t);
            }
        }
        if t_end.is_finite() {
            if recording {
                self.sample_until(t_end);
            }
            self.integrate(t_end);
        }
    }

    fn summary(&self) -> Summary {
        let mut s = self.st.summary(
            self.now,
            self.cost_usd(self.now),
            self.busy + self.queue.len() as u64,
        );
        s.push_count("instances_now", u64::from(self.serving + self.n_pending));
        s.push_count("peak_instances", u64::from(self.peak_serving));
        s.push_count("queue_now", self.queue.len() as u64);
        s
    }
}

#[derive(Debug, Clone, Copy)]
enum LamEv {
    Finish {
        env: u32,
        arrived: f64,
    },
    /// Reclaim every idle environment whose keep-alive has run out (timers of an older epoch,
    /// from before a live keep-alive change, are ignored).
    ReclaimCheck {
        epoch: u32,
    },
}

#[derive(Debug, Clone, Copy, Default)]
struct Env {
    alive: bool,
    busy: bool,
}

/// AWS Lambda: one execution environment per concurrent request, cold starts, keep-alive,
/// the scaling-rate limit and the account quota; excess requests are throttled (429), not queued.
///
/// Cost so far: requests plus GB-seconds including INIT (S9), at the first-tier rate, without the
/// monthly free tier (a run is not a month; the `cost` model applies it).
///
/// Idle environments live in a deque ordered by the time they went idle: a request takes the
/// most recently idle one (back), and reclaiming takes the oldest (front). Because keep-alive is
/// the same for all, the front always expires first, so one pending timer suffices instead of a
/// heap event per request (which at 500 req/s and a 7-minute keep-alive would hold 210,000
/// mostly stale events).
#[derive(Debug, Clone)]
pub struct LambdaFleet {
    cfg: ScalingConfig,
    arrivals: ArrivalGen,
    svc_rng: SimRng,
    events: EventQueue<LamEv>,
    next_arrival: f64,
    now: f64,
    envs: Vec<Env>,
    free_envs: Vec<u32>,
    idle: VecDeque<(u32, f64)>,
    reclaim_timer: bool,
    reclaim_epoch: u32,
    n_busy: u32,
    n_alive: u32,
    window_start: f64,
    window_new: u32,
    billed_ms: f64,
    invocations: u64,
    throttled_quota: u64,
    throttled_rate: u64,
    st: RequestStats,
    rec: Option<Box<Recorder>>,
}

impl LambdaFleet {
    fn new(cfg: &ScalingConfig, seed: u64, record: bool) -> LambdaFleet {
        let mut arrivals =
            ArrivalGen::new(cfg.traffic.clone(), SimRng::new(seed, Stream::Arrivals));
        let next_arrival = arrivals.next_arrival();
        LambdaFleet {
            cfg: cfg.clone(),
            arrivals,
            svc_rng: SimRng::new(seed, Stream::Service),
            events: EventQueue::new(),
            next_arrival,
            now: 0.0,
            envs: Vec::new(),
            free_envs: Vec::new(),
            idle: VecDeque::new(),
            reclaim_timer: false,
            reclaim_epoch: 0,
            n_busy: 0,
            n_alive: 0,
            window_start: 0.0,
            window_new: 0,
            billed_ms: 0.0,
            invocations: 0,
            throttled_quota: 0,
            throttled_rate: 0,
            st: RequestStats::default(),
            rec: record.then(Box::default),
        }
    }

    #[inline]
    fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            self.st.area_sys += f64::from(self.n_busy) * dt;
            self.st.busy_area += f64::from(self.n_busy) * dt;
            self.st.cap_area += f64::from(self.n_alive) * dt;
            self.now = t;
        }
    }

    fn take_idle(&mut self) -> Option<u32> {
        self.idle.pop_back().map(|(e, _)| e)
    }

    fn on_arrival(&mut self, t: f64) {
        self.st.requests += 1;
        if let Some(r) = self.rec.as_deref_mut() {
            r.arrivals += 1;
        }
        let lc = self.cfg.lambda;
        if self.n_busy >= lc.quota {
            self.st.dropped += 1;
            self.throttled_quota += 1;
            return;
        }
        let (e, cold) = match self.take_idle() {
            Some(e) => (e, false),
            None => {
                if t >= self.window_start + 10_000.0 {
                    self.window_start = (t / 10_000.0).floor() * 10_000.0;
                    self.window_new = 0;
                }
                if self.window_new >= lc.scale_per_10s {
                    self.st.dropped += 1;
                    self.throttled_rate += 1;
                    return;
                }
                self.window_new += 1;
                self.n_alive += 1;
                let e = match self.free_envs.pop() {
                    Some(e) => e,
                    None => {
                        self.envs.push(Env::default());
                        (self.envs.len() - 1) as u32
                    }
                };
                self.envs[e as usize].alive = true;
                (e, true)
            }
        };
        self.envs[e as usize].busy = true;
        self.n_busy += 1;
        let init = if cold { lc.cold_ms } else { 0.0 };
        if cold {
            self.st.cold_starts += 1;
            self.st.queued += 1;
        }
        self.st.wait.push(init);
        let dur = init + self.cfg.service.sample(&mut self.svc_rng);
        // INIT is billed for every configuration since 1 Aug 2025 (S9).
        self.billed_ms += dur;
        self.invocations += 1;
        self.events
            .push(t + dur, LamEv::Finish { env: e, arrived: t });
        self.st.peak_sys = self.st.peak_sys.max(u64::from(self.n_busy));
        if let Some(r) = self.rec.as_deref_mut() {
            r.interval_peak = r.interval_peak.max(u64::from(self.n_busy));
        }
    }

    fn on_finish(&mut self, t: f64, e: u32, arrived: f64) {
        let lat = t - arrived;
        self.st.served(lat);
        if let Some(r) = self.rec.as_deref_mut() {
            r.window.push(lat);
        }
        self.envs[e as usize].busy = false;
        self.n_busy -= 1;
        self.idle.push_back((e, t));
        if !self.reclaim_timer {
            self.reclaim_timer = true;
            let epoch = self.reclaim_epoch;
            self.events.push(
                t + self.cfg.lambda.keep_alive_ms,
                LamEv::ReclaimCheck { epoch },
            );
        }
    }

    /// Reclaims the environments idle for at least the keep-alive, then re-arms the timer for
    /// the next oldest.
    fn on_reclaim_check(&mut self, t: f64, epoch: u32) {
        if epoch != self.reclaim_epoch {
            return;
        }
        self.reclaim_timer = false;
        let keep = self.cfg.lambda.keep_alive_ms;
        while let Some(&(e, since)) = self.idle.front() {
            if since + keep > t {
                break;
            }
            self.idle.pop_front();
            self.envs[e as usize] = Env::default();
            self.n_alive -= 1;
            self.free_envs.push(e);
        }
        if let Some(&(_, since)) = self.idle.front() {
            self.reclaim_timer = true;
            self.events
                .push(since + keep, LamEv::ReclaimCheck { epoch });
        }
    }

    fn cost_usd(&self) -> f64 {
        let lc = self.cfg.lambda;
        self.invocations as f64 * cost::LAMBDA_REQUEST_USD
            + cost::duration_cost_usd(cost::gb_seconds(1.0, self.billed_ms, lc.memory_mb), lc.arch)
    }

    /// Runs every event up to and including `t_end` (ms).
    pub fn advance_to(&mut self, t_end: f64) {
        loop {
            let te = self.events.peek_time();
            let ta = self.next_arrival;
            let t = if te <= ta { te } else { ta };
            if t > t_end {
                break;
            }
            self.sample_until(t);
            self.integrate(t);
            if te <= ta {
                let Some((_, ev)) = self.events.pop() else {
                    break;
                };
                match ev {
                    LamEv::Finish { env, arrived } => self.on_finish(t, env, arrived),
                    LamEv::ReclaimCheck { epoch } => self.on_reclaim_check(t, epoch),
                }
            } else {
                self.next_arrival = self.arrivals.next_arrival();
                self.on_arrival(t);
            }
        }
        if t_end.is_finite() {
            self.sample_until(t_end);
            self.integrate(t_end);
        }
    }

    fn sample_until(&mut self, t: f64) {
        if self.rec.as_deref().is_none_or(|r| r.next_sample_ms > t) {
            return;
        }
        let g = Gauge {
            instances: f64::from(self.n_alive),
            in_system: u64::from(self.n_busy),
            queue: 0,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(),
        };
        if let Some(r) = self.rec.as_deref_mut() {
            while r.next_sample_ms <= t {
                r.sample(g);
            }
        }
    }

    fn summary(&self) -> Summary {
        let mut s = self
            .st
            .summary(self.now, self.cost_usd(), u64::from(self.n_busy));
        s.push_count("throttled_quota", self.throttled_quota);
        s.push_count("throttled_rate", self.throttled_rate);
        s.push_count("environments_now", u64::from(self.n_alive));
        s.push_real(
            "gb_seconds",
            cost::gb_seconds(1.0, self.billed_ms, self.cfg.lambda.memory_mb),
        );
        s
    }
}

/// One deployment of the scaling model.
#[derive(Debug, Clone)]
pub enum Deployment {
    /// On-prem, fixed or Auto Scaling fleet.
    Fleet(Box<Fleet>),
    /// Lambda.
    Lambda(Box<LambdaFleet>),
}

impl Deployment {
    /// Runs to `t_end` ms.
    pub fn advance_to(&mut self, t_end: f64) {
        match self {
            Deployment::Fleet(f) => f.advance_to(t_end),
            Deployment::Lambda(l) => l.advance_to(t_end),
        }
    }

    /// Summary so far.
    pub fn summary(&self) -> Summary {
        match self {
            Deployment::Fleet(f) => f.summary(),
            Deployment::Lambda(l) => l.summary(),
        }
    }

    /// Per-second series, if recording.
    pub fn recorder(&self) -> Option<&Recorder> {
        match self {
            Deployment::Fleet(f) => f.rec.as_deref(),
            Deployment::Lambda(l) => l.rec.as_deref(),
        }
    }

    /// Retargets the arrival process from `now_ms` (live parameter change).
    pub fn set_traffic(&mut self, traffic: Traffic, now_ms: f64) {
        let (epoch, next) = match self {
            Deployment::Fleet(f) => (&mut f.arrivals, &mut f.next_arrival),
            Deployment::Lambda(l) => (&mut l.arrivals, &mut l.next_arrival),
        };
        epoch.retarget(traffic, now_ms);
        *next = epoch.next_arrival();
    }

    /// Replaces the configuration from now on (service, ASG and Lambda settings).
    pub fn set_config(&mut self, cfg: &ScalingConfig) {
        match self {
            Deployment::Fleet(f) => {
                f.cfg = ScalingConfig {
                    instances: f.cfg.instances,
                    ..cfg.clone()
                }
            }
            Deployment::Lambda(l) => {
                l.cfg = cfg.clone();
                // The keep-alive may have changed: start a new timer chain now (it re-arms
                // itself for the oldest idle environment); the old chain is ignored.
                l.reclaim_epoch = l.reclaim_epoch.wrapping_add(1);
                let epoch = l.reclaim_epoch;
                l.events.push(l.now, LamEv::ReclaimCheck { epoch });
                l.reclaim_timer = true;
            }
        }
    }
}

/// The scaling model: every selected deployment, advanced in lock-step.
#[derive(Debug, Clone)]
pub struct ScalingSim {
    /// Resolved configuration.
    pub cfg: ScalingConfig,
    /// (name, deployment) in display order.
    pub deployments: Vec<(&'static str, Deployment)>,
    now_ms: f64,
}

impl ScalingSim {
    /// Builds the model; `record` turns on per-second series.
    pub fn new(p: &ParamSet, seed: u64, record: bool) -> Result<ScalingSim, ParamError> {
        let cfg = ScalingConfig::from_params(p)?;
        let deployments = cfg
            .deployments
            .iter()
            .map(|name| {
                let d = match *name {
                    "onprem" => Deployment::Fleet(Box::new(Fleet::new(
                        FleetKind::OnPrem,
                        &cfg,
                        seed,
                        record,
                    ))),
                    "fixed" => Deployment::Fleet(Box::new(Fleet::new(
                        FleetKind::Fixed,
                        &cfg,
                        seed,
                        record,
                    ))),
                    "asg" => {
                        Deployment::Fleet(Box::new(Fleet::new(FleetKind::Asg, &cfg, seed, record)))
                    }
                    _ => Deployment::Lambda(Box::new(LambdaFleet::new(&cfg, seed, record))),
                };
                (*name, d)
            })
            .collect();
        Ok(ScalingSim {
            cfg,
            deployments,
            now_ms: 0.0,
        })
    }

    /// Runs every deployment to `t_ms`.
    pub fn advance_to(&mut self, t_ms: f64) {
        for (_, d) in &mut self.deployments {
            d.advance_to(t_ms);
        }
        self.now_ms = self.now_ms.max(t_ms);
    }

    /// Current simulated time, ms.
    pub fn now_ms(&self) -> f64 {
        self.now_ms
    }

    /// Summaries per deployment.
    pub fn summaries(&self) -> Vec<(&'static str, Summary)> {
        self.deployments
            .iter()
            .map(|(n, d)| (*n, d.summary()))
            .collect()
    }
}

#[cfg(test)]
mod tests;
