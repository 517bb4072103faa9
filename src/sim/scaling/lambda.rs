//! The Lambda deployment of the `scaling` model: execution environments, cold starts, keep-alive,
//! the scaling rate and the account quota.
use std::collections::VecDeque;

use crate::sim::cost;
use crate::sim::driver::{self, Driven};
use crate::sim::engine::EventQueue;
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
    /// Reclaim every idle environment whose keep-alive has run out (timers of an older epoch,
    /// from before a live keep-alive change, are ignored).
    ReclaimCheck {
        epoch: u32,
    },
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Env {
    pub(super) alive: bool,
    pub(super) busy: bool,
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
    pub(super) cfg: ScalingConfig,
    pub(super) arrivals: ArrivalGen,
    pub(super) svc_rng: SimRng,
    pub(super) events: EventQueue<LamEv>,
    pub(super) next_arrival: f64,
    pub(super) now: f64,
    pub(super) envs: Vec<Env>,
    pub(super) free_envs: Vec<u32>,
    pub(super) idle: VecDeque<(u32, f64)>,
    pub(super) reclaim_timer: bool,
    pub(super) reclaim_epoch: u32,
    pub(super) n_busy: u32,
    pub(super) n_alive: u32,
    pub(super) window_start: f64,
    pub(super) window_new: u32,
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
    pub(super) fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            self.st.area_sys += f64::from(self.n_busy) * dt;
            self.st.busy_area += f64::from(self.n_busy) * dt;
            self.st.cap_area += f64::from(self.n_alive) * dt;
            self.now = t;
        }
    }

    pub(super) fn take_idle(&mut self) -> Option<u32> {
        self.idle.pop_back().map(|(e, _)| e)
    }

    pub(super) fn on_arrival(&mut self, t: f64) {
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

    pub(super) fn on_finish(&mut self, t: f64, e: u32, arrived: f64) {
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
    pub(super) fn on_reclaim_check(&mut self, t: f64, epoch: u32) {
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
            LamEv::ReclaimCheck { epoch } => self.on_reclaim_check(t, epoch),
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
            instances: f64::from(self.n_alive),
            in_system: u64::from(self.n_busy),
            queue: 0,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(),
        }
    }
}
