//! Server fleets behind one FIFO queue: on-prem, a fixed EC2 fleet, and an EC2 Auto Scaling group
//! with its target-tracking or simple scaling policy.
use std::collections::VecDeque;

use crate::sim::cost;
use crate::sim::driver::{self, Driven};
use crate::sim::engine::EventQueue;
use crate::sim::report::{Gauge, Recorder, RequestStats, Summary};
use crate::sim::rng::{SimRng, Stream};
use crate::sim::traffic::ArrivalGen;

use super::{
    METRIC_PERIOD_MS, QUEUE_SAFETY_CAP, SCALE_IN_PERIODS, SCALE_OUT_PERIODS, ScalingConfig,
    ScalingPolicy,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FleetKind {
    OnPrem,
    Fixed,
    Asg,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum FleetEv {
    Depart { inst: u32, arrived: f64 },
    Ready { inst: u32, epoch: u32 },
    Warm { inst: u32, epoch: u32 },
    Tick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InstState {
    Pending,
    Warming,
    Warm,
    Draining,
    Gone,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Instance {
    pub(super) state: InstState,
    pub(super) busy: u32,
    pub(super) epoch: u32,
    pub(super) launched_ms: f64,
}

/// A fleet of servers behind one FIFO queue: on-prem, fixed EC2, or an Auto Scaling group.
#[derive(Debug, Clone)]
pub struct Fleet {
    pub(super) kind: FleetKind,
    pub(super) cfg: ScalingConfig,
    pub(super) arrivals: ArrivalGen,
    pub(super) svc_rng: SimRng,
    pub(super) events: EventQueue<FleetEv>,
    pub(super) next_arrival: f64,
    pub(super) now: f64,
    pub(super) queue: VecDeque<f64>,
    /// One token per free slot: (instance, generation); stale tokens are skipped lazily.
    pub(super) tokens: Vec<(u32, u32)>,
    pub(super) insts: Vec<Instance>,
    pub(super) free_insts: Vec<u32>,
    pub(super) accepting: u32,
    pub(super) serving: u32,
    /// Most instances in service at once (the `peak_instances` figure).
    pub(super) peak_serving: u32,
    pub(super) n_warm: u32,
    pub(super) n_pending: u32,
    pub(super) busy: u64,
    pub(super) busy_warm: u64,
    pub(super) metric_busy: f64,
    pub(super) metric_cap: f64,
    pub(super) history: VecDeque<f64>,
    /// Simple policy: alarms are ignored before this instant (activity end + cooldown), ms.
    pub(super) quiet_until_ms: f64,
    pub(super) billed_gone_s: f64,
    pub(super) st: RequestStats,
    pub(super) rec: Option<Box<Recorder>>,
}

impl Fleet {
    pub(super) fn new(kind: FleetKind, cfg: &ScalingConfig, seed: u64, record: bool) -> Fleet {
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

    pub(super) fn alloc(&mut self, t: f64) -> u32 {
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
    pub(super) fn make_ready(&mut self, i: u32, t: f64, warm: bool) {
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
    pub(super) fn start(&mut self, i: u32, arrived: f64, t: f64) {
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
    pub(super) fn integrate(&mut self, t: f64) {
        let dt = t - self.now;
        if dt > 0.0 {
            // Signed conversions: u64 → f64 is a multi-instruction sequence on x86-64, i64 → f64
            // is one instruction, and this runs on every event.
            let busy = self.busy as i64 as f64;
            self.st.accumulate(
                busy + self.queue.len() as i64 as f64,
                busy,
                f64::from(self.accepting * self.cfg.slots),
                dt,
            );
            if self.kind == FleetKind::Asg {
                self.metric_busy += self.busy_warm as i64 as f64 * dt;
                self.metric_cap += f64::from(self.n_warm * self.cfg.slots) * dt;
            }
            self.now = t;
        }
    }

    #[inline(always)]
    pub(super) fn on_arrival(&mut self, t: f64) {
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
    pub(super) fn note_peak(&mut self) {
        let in_sys = self.busy + self.queue.len() as u64;
        self.st.peak_sys = self.st.peak_sys.max(in_sys);
        if let Some(r) = self.rec.as_deref_mut() {
            r.interval_peak = r.interval_peak.max(in_sys);
        }
    }

    #[inline(always)]
    pub(super) fn on_depart(&mut self, t: f64, i: u32, arrived: f64) {
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

    pub(super) fn terminate(&mut self, i: u32, t: f64) {
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
    pub(super) fn drain_one(&mut self, t: f64) -> bool {
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

    pub(super) fn launch(&mut self, n: u32, t: f64) {
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
    pub(super) fn capacity(&self) -> u32 {
        self.accepting + self.n_pending
    }

    /// Target tracking, once per 1-minute metric period.
    pub(super) fn on_tick(&mut self, t: f64) {
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

    pub(super) fn cost_usd(&self, t: f64) -> f64 {
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

    /// Runs every event up to and including `t_end` (ms).
    pub fn advance_to(&mut self, t_end: f64) {
        driver::advance_to(self, t_end);
    }

    pub(super) fn summary(&self) -> Summary {
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

impl Driven for Fleet {
    type Ev = FleetEv;

    #[inline]
    fn queue(&mut self) -> &mut EventQueue<FleetEv> {
        &mut self.events
    }

    #[inline]
    fn next_arrival_ms(&self) -> f64 {
        self.next_arrival
    }

    #[inline]
    fn integrate(&mut self, t: f64) {
        Fleet::integrate(self, t);
    }

    #[inline]
    fn handle(&mut self, t: f64, ev: FleetEv) {
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

    fn gauge(&self, at_ms: f64) -> Gauge {
        Gauge {
            instances: f64::from(self.serving),
            in_system: self.busy + self.queue.len() as u64,
            queue: self.queue.len() as u64,
            cold_share: self.st.cold_share(),
            cost: self.cost_usd(at_ms),
        }
    }
}
