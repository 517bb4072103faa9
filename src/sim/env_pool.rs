//! The execution-environment pool of AWS Lambda, shared by every model that runs Lambda: the
//! scaling model's Lambda deployment, `cold-start` and `db-connections`.
//!
//! What Lambda does (fact sheet, sections A, B and I): in a standard (on-demand) function each
//! concurrent request runs in its own execution environment (Lambda Managed Instances and
//! response-streaming web functions can serve several per environment; they are not modelled). A
//! request that finds an idle environment reuses it (a warm start); otherwise a new environment is
//! created and first runs INIT (a cold start), subject to the account's concurrency quota (S3)
//! and the scaling rate of new environments per 10 s (S5, S6). An idle environment is reclaimed
//! after a keep-alive that AWS does not document (5–60 min reported over the years, with jitter:
//! S22, S23); provisioned environments are initialised ahead and never reclaimed (S10).
//!
//! What the pool owns: which environments are busy, idle or reclaimed; the order idle ones are
//! reused in (the most recently idle first, so surplus environments age out); reclaim deadlines;
//! provisioned environments; the quota, scaling-rate and safety caps; and which starts are cold
//! (and the INIT they run). A model keeps its own per-environment state in the `S` of
//! [`EnvPool<S>`] (the db-connections model keeps an environment's client connections there), so
//! there is one pool.
//!
//! Reclaim deadlines, and why two structures: idle environments sit in an intrusive doubly-linked
//! list ordered by the time they went idle (newest at the tail, taken first; removal from the
//! middle is O(1)). With a constant keep-alive, deadlines are `idle since + keep-alive`, which
//! grow along the list, so the list's head is always the next to expire: O(1) with no extra
//! memory. With jitter (a keep-alive drawn per idle period) that order breaks, and a min-heap of
//! deadlines takes over, with lazy invalidation: an entry carries the environment's generation
//! and is skipped when the environment has been reused or reclaimed since. The pool picks the
//! structure from its configuration ([`PoolConfig::jitter_ms`]).
//!
//! Reclaim timing: the pool keeps no clock. It tells the model when to schedule a reclaim timer
//! on the model's own event queue ([`EnvPool::release`], [`EnvPool::rearm`]), one pending timer
//! for the earliest deadline instead of an event per idle period (at 500 req/s and a 7-minute
//! keep-alive that would be 210,000 mostly stale events). When the timer fires, the model drains
//! [`EnvPool::reclaim_due`]: every environment is reclaimed exactly at its deadline.
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::rng::SimRng;

/// No limit, for [`PoolConfig`]'s quota, scaling rate and environment cap.
pub const UNLIMITED: u32 = u32::MAX;

/// Length of the window in which [`PoolConfig::scale_per_10s`] new environments may be created,
/// ms (fact A: since Nov 2023 each function may add 1,000 environments every 10 s, S5, S6).
pub const SCALING_WINDOW_MS: f64 = 10_000.0;

/// End of a list link.
const NIL: u32 = u32::MAX;

/// Settings of a pool. Times in ms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoolConfig {
    /// Idle time after which an on-demand environment is reclaimed, ms (undocumented by AWS;
    /// 5–60 min reported, fact B: S22, S23).
    pub keep_alive_ms: f64,
    /// Each idle period's keep-alive varies uniformly by ± this much, ms (0 = constant). Must
    /// not exceed `keep_alive_ms` (a negative keep-alive is meaningless); larger values are
    /// treated as `keep_alive_ms`.
    pub jitter_ms: f64,
    /// INIT time of a new environment, ms (fact G, S22).
    pub init_ms: f64,
    /// Most environments busy at once (the account concurrency quota, S3), or [`UNLIMITED`].
    pub quota: u32,
    /// New environments allowed per [`SCALING_WINDOW_MS`] (S5, S6), or [`UNLIMITED`].
    pub scale_per_10s: u32,
    /// Most environments alive at once (a memory bound), or [`UNLIMITED`].
    pub max_environments: u32,
}

/// Why a request got no environment (Lambda throttles with a 429; nothing is queued).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// [`PoolConfig::quota`] environments are busy.
    Quota,
    /// No idle environment, and this window's [`PoolConfig::scale_per_10s`] are used.
    ScalingRate,
    /// No idle environment, and [`PoolConfig::max_environments`] are alive.
    Capacity,
}

/// Where an environment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Running an invocation (including its INIT on a cold start).
    Busy,
    /// Frozen between invocations.
    Idle,
    /// Reclaimed: the slot is free for a new environment.
    Reclaimed,
}

/// One execution environment, with the model's own state `S`.
#[derive(Debug, Clone, Copy)]
pub struct Env<S> {
    phase: Phase,
    provisioned: bool,
    /// Bumped when it goes idle, is reclaimed or is created in a reused slot (not when it is
    /// taken: the phase already says busy), so an idle period is (slot, generation).
    generation: u32,
    /// 1, 2, ... in creation order (provisioned ones first).
    number: u64,
    /// When the current phase began, ms.
    since_ms: f64,
    /// This idle period's jitter, ms (the deadline is `since + (keep_alive + jitter)`).
    jitter_ms: f64,
    prev: u32,
    next: u32,
    /// The model's state of this environment. The pool never resets it: a model that needs a
    /// fresh state for a new environment sets it after a cold [`Start`].
    pub data: S,
}

impl<S> Env<S> {
    /// Where it is in its life.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether it is a provisioned (never reclaimed) environment.
    pub fn provisioned(&self) -> bool {
        self.provisioned
    }

    /// Its number, 1, 2, ... in creation order: unique over the whole run, unlike the slot index
    /// (which a new environment reuses after a reclaim).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// When its current phase (busy or idle) began, ms.
    pub fn since_ms(&self) -> f64 {
        self.since_ms
    }

    /// A counter that names the current idle period together with the slot (see
    /// [`EnvPool::still_idle`]). A model's timer that saved it is stale when it differs (e.g. a
    /// connection idle timer of an idle period that has ended).
    pub fn generation(&self) -> u32 {
        self.generation
    }
}

/// A request got an environment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// Its slot index (the key for [`EnvPool::env`] and the model's events).
    pub env: u32,
    /// Whether it was created for this request (a cold start: INIT runs first).
    pub cold: bool,
    /// INIT time this request runs before its handler, ms: [`PoolConfig::init_ms`] when cold,
    /// else 0.
    pub init_ms: f64,
    /// For a warm start, when the environment's idle period began, ms (for a cold one, now).
    pub idle_since_ms: f64,
}

/// An environment reclaimed by [`EnvPool::reclaim_due`]. Its slot keeps its number and the
/// model's state ([`EnvPool::env`]) until a new environment takes the slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reclaimed {
    /// Its slot index.
    pub env: u32,
    /// When its last idle period began, ms.
    pub idle_since_ms: f64,
}

/// A deadline in the jitter heap: (deadline key, release sequence, slot, generation); the
/// sequence breaks ties in release order, as an event queue would.
type Deadline = Reverse<(u64, u64, u32, u32)>;

/// The ordering key of a non-negative time (its bit pattern sorts like the number).
#[inline]
fn key_of(t_ms: f64) -> u64 {
    (t_ms.max(0.0) + 0.0).to_bits()
}

/// The execution environments of one Lambda function. See the module documentation.
///
/// Shapes: environments are slots in a `Vec`, indexed by `u32`; a reclaimed slot is reused by
/// the next new environment (memory stays at the peak number alive, at most
/// [`PoolConfig::max_environments`] or [`PoolConfig::quota`] when those are set).
#[derive(Debug, Clone)]
pub struct EnvPool<S> {
    cfg: PoolConfig,
    envs: Vec<Env<S>>,
    free: Vec<u32>,
    /// On-demand idle environments, oldest idle at `head`, newest at `tail`.
    head: u32,
    tail: u32,
    /// Idle provisioned environments (a stack: the most recently idle is reused first).
    prov_idle: Vec<u32>,
    /// Deadlines when the keep-alive is jittered; `None` with a constant keep-alive.
    deadlines: Option<BinaryHeap<Deadline>>,
    release_seq: u64,
    /// The earliest reclaim timer the model has pending, ms (+inf when none).
    armed: f64,
    jitter_rng: SimRng,
    n_busy: u32,
    n_idle: u32,
    n_alive: u32,
    created: u64,
    window_start: f64,
    window_new: u32,
}

impl<S: Copy + Default> EnvPool<S> {
    /// An empty pool. `jitter_rng` draws each idle period's keep-alive jitter (only when
    /// [`PoolConfig::jitter_ms`] > 0, one uniform per on-demand idle period).
    pub fn new(cfg: PoolConfig, jitter_rng: SimRng) -> EnvPool<S> {
        let mut pool = EnvPool {
            cfg,
            envs: Vec::new(),
            free: Vec::new(),
            head: NIL,
            tail: NIL,
            prov_idle: Vec::new(),
            deadlines: None,
            release_seq: 0,
            armed: f64::INFINITY,
            jitter_rng,
            n_busy: 0,
            n_idle: 0,
            n_alive: 0,
            created: 0,
            window_start: 0.0,
            window_new: 0,
        };
        pool.cfg.jitter_ms = pool.cfg.jitter_ms.min(pool.cfg.keep_alive_ms);
        if pool.cfg.jitter_ms > 0.0 {
            pool.deadlines = Some(BinaryHeap::new());
        }
        pool
    }

    /// Creates `n` provisioned environments, initialised and idle at `t_ms` (S10: INIT runs
    /// before traffic, so their requests are never cold). They are never reclaimed and do not
    /// count against the scaling rate.
    pub fn provision(&mut self, n: u32, t_ms: f64) {
        for _ in 0..n {
            let e = self.create(t_ms, true);
            self.envs[e as usize].phase = Phase::Idle;
            self.n_idle += 1;
            self.prov_idle.push(e);
        }
    }

    fn create(&mut self, t_ms: f64, provisioned: bool) -> u32 {
        self.created += 1;
        self.n_alive += 1;
        let env = Env {
            phase: Phase::Busy,
            provisioned,
            generation: 0,
            number: self.created,
            since_ms: t_ms,
            jitter_ms: 0.0,
            prev: NIL,
            next: NIL,
            data: S::default(),
        };
        match self.free.pop() {
            Some(e) => {
                let old = &mut self.envs[e as usize];
                *old = Env {
                    generation: old.generation.wrapping_add(1),
                    data: old.data,
                    ..env
                };
                e
            }
            None => {
                self.envs.push(env);
                (self.envs.len() - 1) as u32
            }
        }
    }

    /// A request arrives at `t_ms`: it takes an idle provisioned environment, else the most
    /// recently idle on-demand one, else a new one (a cold start), in that order. Refused when
    /// the quota is busy, or when a new environment is needed and the scaling rate or the
    /// environment cap forbids it.
    #[inline]
    pub fn acquire(&mut self, t_ms: f64) -> Result<Start, Throttle> {
        if self.n_busy >= self.cfg.quota {
            return Err(Throttle::Quota);
        }
        let warm = match self.prov_idle.pop() {
            Some(e) => Some(e),
            None if self.tail != NIL => {
                let e = self.tail;
                self.unlink(e);
                Some(e)
            }
            None => None,
        };
        let start = match warm {
            Some(e) => {
                self.n_idle -= 1;
                let env = &mut self.envs[e as usize];
                let idle_since_ms = env.since_ms;
                env.phase = Phase::Busy;
                env.since_ms = t_ms;
                Start {
                    env: e,
                    cold: false,
                    init_ms: 0.0,
                    idle_since_ms,
                }
            }
            None => {
                if self.n_alive >= self.cfg.max_environments {
                    return Err(Throttle::Capacity);
                }
                if t_ms >= self.window_start + SCALING_WINDOW_MS {
                    self.window_start = (t_ms / SCALING_WINDOW_MS).floor() * SCALING_WINDOW_MS;
                    self.window_new = 0;
                }
                if self.window_new >= self.cfg.scale_per_10s {
                    return Err(Throttle::ScalingRate);
                }
                self.window_new += 1;
                Start {
                    env: self.create(t_ms, false),
                    cold: true,
                    init_ms: self.cfg.init_ms,
                    idle_since_ms: t_ms,
                }
            }
        };
        self.n_busy += 1;
        Ok(start)
    }

    /// The invocation in `env` ends at `t_ms`: it becomes idle. Returns `Some(at)` when the model
    /// must schedule a reclaim timer at `at` ms (its new deadline is the earliest, and no timer
    /// that early is pending); the model then calls [`EnvPool::reclaim_due`] and
    /// [`EnvPool::rearm`] when the timer fires.
    #[inline]
    pub fn release(&mut self, env: u32, t_ms: f64) -> Option<f64> {
        self.n_busy -= 1;
        self.n_idle += 1;
        let x = &mut self.envs[env as usize];
        debug_assert_eq!(x.phase, Phase::Busy);
        x.phase = Phase::Idle;
        x.generation = x.generation.wrapping_add(1);
        x.since_ms = t_ms;
        if x.provisioned {
            self.prov_idle.push(env);
            return None;
        }
        let j = self.cfg.jitter_ms;
        x.jitter_ms = if j > 0.0 {
            j * (2.0 * self.jitter_rng.uniform() - 1.0)
        } else {
            0.0
        };
        let generation = x.generation;
        let deadline = t_ms + (self.cfg.keep_alive_ms + x.jitter_ms);
        self.link_tail(env);
        if let Some(heap) = &mut self.deadlines {
            self.release_seq += 1;
            heap.push(Reverse((
                key_of(deadline),
                self.release_seq,
                env,
                generation,
            )));
            // Stale entries (environments reused since) are dropped when they outnumber the
            // live ones, so the heap stays within about twice the idle environments.
            if heap.len() > 2 * self.n_idle as usize + 64 {
                let envs = &self.envs;
                heap.retain(|Reverse((_, _, e, g))| {
                    let x = &envs[*e as usize];
                    x.phase == Phase::Idle && x.generation == *g
                });
            }
        }
        self.arm(deadline)
    }

    /// Reclaims one on-demand environment whose deadline is at or before `t_ms`, if any. Call it
    /// until it returns `None` when a reclaim timer fires, then [`EnvPool::rearm`].
    #[inline]
    pub fn reclaim_due(&mut self, t_ms: f64) -> Option<Reclaimed> {
        let e = self.earliest()?;
        if self.deadline(self.envs[e as usize]) > t_ms {
            return None;
        }
        if let Some(heap) = &mut self.deadlines {
            heap.pop();
        }
        self.unlink(e);
        self.n_idle -= 1;
        self.n_alive -= 1;
        self.free.push(e);
        let x = &mut self.envs[e as usize];
        x.phase = Phase::Reclaimed;
        x.generation = x.generation.wrapping_add(1);
        Some(Reclaimed {
            env: e,
            idle_since_ms: x.since_ms,
        })
    }

    /// After a reclaim timer fired at `t_ms` and [`EnvPool::reclaim_due`] was drained: returns
    /// `Some(at)` when the model must schedule the next timer at `at` ms.
    #[inline]
    pub fn rearm(&mut self, t_ms: f64) -> Option<f64> {
        if self.armed <= t_ms {
            self.armed = f64::INFINITY;
        }
        let e = self.earliest()?;
        let d = self.deadline(self.envs[e as usize]);
        self.arm(d.max(t_ms))
    }

    /// Replaces the settings from `t_ms` on. A new keep-alive or jitter applies to idle
    /// environments at once (their deadlines move; overdue ones are reclaimed at `t_ms`).
    /// Returns `Some(at)` when the model must schedule a reclaim timer at `at` ms.
    pub fn set_config(&mut self, cfg: PoolConfig, t_ms: f64) -> Option<f64> {
        let jitter_ms = cfg.jitter_ms.min(cfg.keep_alive_ms);
        let timing_changed =
            cfg.keep_alive_ms != self.cfg.keep_alive_ms || jitter_ms != self.cfg.jitter_ms;
        self.cfg = PoolConfig { jitter_ms, ..cfg };
        if !timing_changed {
            return None;
        }
        if jitter_ms > 0.0 {
            // Rebuild the heap from the idle list with the new deadlines.
            let mut heap = BinaryHeap::with_capacity(self.n_idle as usize);
            let mut e = self.head;
            while e != NIL {
                let x = self.envs[e as usize];
                self.release_seq += 1;
                heap.push(Reverse((
                    key_of(self.deadline(x)),
                    self.release_seq,
                    e,
                    x.generation,
                )));
                e = x.next;
            }
            self.deadlines = Some(heap);
        } else {
            // Constant keep-alive: drop the drawn jitter so deadlines follow the list again.
            self.deadlines = None;
            let mut e = self.head;
            while e != NIL {
                self.envs[e as usize].jitter_ms = 0.0;
                e = self.envs[e as usize].next;
            }
        }
        let e = self.earliest()?;
        let d = self.deadline(self.envs[e as usize]).max(t_ms);
        self.arm(d)
    }

    /// Records a timer at `d` if it is earlier than the one pending.
    #[inline]
    fn arm(&mut self, d: f64) -> Option<f64> {
        (d < self.armed).then(|| {
            self.armed = d;
            d
        })
    }

    /// The reclaim deadline of an idle on-demand environment, ms.
    #[inline]
    fn deadline(&self, x: Env<S>) -> f64 {
        x.since_ms + (self.cfg.keep_alive_ms + x.jitter_ms)
    }

    /// The idle on-demand environment with the earliest deadline (dropping stale heap entries).
    #[inline]
    fn earliest(&mut self) -> Option<u32> {
        match &mut self.deadlines {
            None => (self.head != NIL).then_some(self.head),
            Some(heap) => {
                while let Some(&Reverse((_, _, e, g))) = heap.peek() {
                    let x = &self.envs[e as usize];
                    if x.phase == Phase::Idle && x.generation == g {
                        return Some(e);
                    }
                    heap.pop();
                }
                None
            }
        }
    }

    #[inline]
    fn link_tail(&mut self, e: u32) {
        let t = self.tail;
        {
            let x = &mut self.envs[e as usize];
            x.prev = t;
            x.next = NIL;
        }
        if t == NIL {
            self.head = e;
        } else {
            self.envs[t as usize].next = e;
        }
        self.tail = e;
    }

    #[inline]
    fn unlink(&mut self, e: u32) {
        let (p, n) = {
            let x = &self.envs[e as usize];
            (x.prev, x.next)
        };
        if p == NIL {
            self.head = n;
        } else {
            self.envs[p as usize].next = n;
        }
        if n == NIL {
            self.tail = p;
        } else {
            self.envs[n as usize].prev = p;
        }
    }
}

impl<S> EnvPool<S> {
    /// The environment in slot `env` (alive or reclaimed).
    #[inline]
    pub fn env(&self, env: u32) -> &Env<S> {
        &self.envs[env as usize]
    }

    /// The model's state of the environment in slot `env`.
    #[inline]
    pub fn data_mut(&mut self, env: u32) -> &mut S {
        &mut self.envs[env as usize].data
    }

    /// Whether `env` is still in the idle period that had `generation` (for a model's own
    /// timers on idle environments).
    #[inline]
    pub fn still_idle(&self, env: u32, generation: u32) -> bool {
        let x = &self.envs[env as usize];
        x.phase == Phase::Idle && x.generation == generation
    }

    /// Alive environments (busy or idle), in slot order.
    pub fn alive_envs(&self) -> impl Iterator<Item = &Env<S>> {
        self.envs.iter().filter(|x| x.phase != Phase::Reclaimed)
    }

    /// Environments running an invocation now.
    #[inline]
    pub fn busy(&self) -> u32 {
        self.n_busy
    }

    /// Environments alive now (busy or idle, provisioned included).
    #[inline]
    pub fn alive(&self) -> u32 {
        self.n_alive
    }

    /// Environments created so far, provisioned ones included.
    pub fn created(&self) -> u64 {
        self.created
    }
}

#[cfg(test)]
mod tests;
