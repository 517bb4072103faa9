//! The Lambda deployment of the `scaling` model: execution environments (from the shared
//! [`EnvPool`]), cold starts, keep-alive, the scaling rate and the account quota.
use crate::sim::cost;
use crate::sim::driver::{self, Driven};
use crate::sim::engine::EventQueue;
use crate::sim::env_pool::{EnvPool, PoolConfig, Throttle, UNLIMITED};
use crate::sim::report::{Gauge, Recorder, RequestStats, Summary};
use crate::sim::rng::{SimRng, Stream};
use crate::sim::traffic::ArrivalGen;

use super::ScalingConfig;

#[derive(Debug, Clone, Copy)]
pub(crate) enum LamEv {
    Finish {
        env: u32,
        arrived: f64,
    },
    /// The pool's reclaim timer: reclaim every idle environment whose keep-alive has run out.
    Reclaim,
}

/// The pool settings of the scaling model's Lambda: one keep-alive for all (no jitter), the
/// quota and the scaling rate.
pub(super) fn pool_config(cfg: &ScalingConfig) -> PoolConfig {
    let lc = cfg.lambda;
    PoolConfig {
        keep_alive_ms: lc.keep_alive_ms,
        jitter_ms: 0.0,
        init_ms: lc.cold_ms,
        quota: lc.quota,
        scale_per_10s: lc.scale_per_10s,
        max_environments: UNLIMITED,
    }
}

/// AWS Lambda: one execution environment per concurrent request, cold starts, keep-alive,
/// the scaling-rate limit and the account quota; excess requests are throttled (429), not queued.
///
/// Cost so far: requests plus GB-seconds including INIT (S9), at the first-tier rate, without the
/// monthly free tier (a run is not a month; the `cost` model applies it).
///
/// The environments are an [`EnvPool`] with a constant keep-alive, so its idle list is ordered by
/// deadline and one pending reclaim timer suffices.
#[derive(Debug, Clone)]
pub struct LambdaFleet {
    pub(super) cfg: ScalingConfig,
    pub(super) arrivals: ArrivalGen,
    pub(super) svc_rng: SimRng,
    pub(super) events: EventQueue<LamEv>,
    pub(super) next_arrival: f64,
    pub(super) now: f64,
    pub(super) pool: EnvPool<()>,
    pub(super) billed_ms: f64,
    pub(super) invocations: u64,
    pub(super) throttled_quota: u64,
    pub(super) throttled_rate: u64,
    pub(super) st: RequestStats,
    pub(super) rec: Option<Box<Recorder>>,
}

impl LambdaFleet {
    pub(super) fn new(cfg: &ScalingConfig, seed: u64, record: bool) -> LambdaFleet {
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
            pool: EnvPool::new(pool_config(cfg), SimRng::new(seed, Stream::Misc)),
            billed_ms: 0.0,
            invocations: 0,
            throttled_quota: 0,
            throttled_rate: 0,
            st: RequestStats::default(),
            rec: record.then(Box::default),
        }
    }

    #[inline]
    pub(super) fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            let busy = f64::from(self.pool.busy());
            self.st
                .accumulate(busy, busy, f64::from(self.pool.alive()), dt);
            self.now = t;
        }
    }

    pub(super) fn on_arrival(&mut self, t: f64) {
        self.st.requests += 1;
        if let Some(r) = self.rec.as_deref_mut() {
            r.arrivals += 1;
        }
        let start = match self.pool.acquire(t) {
            Ok(s) => s,
            Err(why) => {
                self.st.dropped += 1;
                match why {
                    Throttle::Quota => self.throttled_quota += 1,
                    Throttle::ScalingRate | Throttle::Capacity => self.throttled_rate += 1,
                }
                return;
            }
        };
        if start.cold {
            self.st.cold_starts += 1;
            self.st.queued += 1;
        }
        self.st.wait.push(start.init_ms);
        let dur = start.init_ms + self.cfg.service.sample(&mut self.svc_rng);
        // INIT is billed for every configuration since 1 Aug 2025 (S9).
        self.billed_ms += dur;
        self.invocations += 1;
        self.events.push(
            t + dur,
            LamEv::Finish {
                env: start.env,
                arrived: t,
            },
        );
        let busy = u64::from(self.pool.busy());
        self.st.peak_sys = self.st.peak_sys.max(busy);
        if let Some(r) = self.rec.as_deref_mut() {
            r.interval_peak = r.interval_peak.max(busy);
        }
    }

    pub(super) fn on_finish(&mut self, t: f64, e: u32, arrived: f64) {
        let lat = t - arrived;
        self.st.served(lat);
        if let Some(r) = self.rec.as_deref_mut() {
            r.window.push(lat);
        }
        if let Some(at) = self.pool.release(e, t) {
            self.events.push(at, LamEv::Reclaim);
        }
    }

    /// Reclaims the environments idle for at least the keep-alive, then re-arms the timer for
    /// the next deadline.
    pub(super) fn on_reclaim(&mut self, t: f64) {
        while self.pool.reclaim_due(t).is_some() {}
        if let Some(at) = self.pool.rearm(t) {
            self.events.push(at, LamEv::Reclaim);
        }
    }

    /// Applies new settings from now on (a new keep-alive reaches idle environments at once).
    pub(super) fn set_config(&mut self, cfg: &ScalingConfig) {
        self.cfg = cfg.clone();
        if let Some(at) = self.pool.set_config(pool_config(cfg), self.now) {
            self.events.push(at, LamEv::Reclaim);
        }
    }

    pub(super) fn cost_usd(&self) -> f64 {
        let lc = self.cfg.lambda;
        self.invocations as f64 * cost::LAMBDA_REQUEST_USD
            + cost::duration_cost_usd(cost::gb_seconds(1.0, self.billed_ms, lc.memory_mb), lc.arch)
    }

    /// Runs every event up to and including `t_end` (ms).
    pub fn advance_to(&mut self, t_end: f64) {
        driver::advance_to(self, t_end);
    }

    pub(super) fn summary(&self) -> Summary {
        let mut s = self
            .st
            .summary(self.now, self.cost_usd(), u64::from(self.pool.busy()));
        s.push_count("throttled_quota", self.throttled_quota);
        s.push_count("throttled_rate", self.throttled_rate);
        s.push_count("environments_now", u64::from(self.pool.alive()));
        s.push_real(
            "gb_seconds",
            cost::gb_seconds(1.0, self.billed_ms, self.cfg.lambda.memory_mb),
        );
        s
    }
}

impl Driven for LambdaFleet {
    type Ev = LamEv;

    #[inline]
    fn queue(&mut self) -> &mut EventQueue<LamEv> {
        &mut self.events
    }

    #[inline]
    fn next_arrival_ms(&self) -> f64 {
        self.next_arrival
    }

    #[inline]
    fn integrate(&mut self, t: f64) {
        LambdaFleet::integrate(self, t);
    }

    #[inline]
    fn handle(&mut self, t: f64, ev: LamEv) {
        match ev {
            LamEv::Finish { env, arrived } => self.on_finish(t, env, arrived),
            LamEv::Reclaim => self.on_reclaim(t),
        }
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
            queue: 0,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(),
        }
    }
}
