//! The pool against a plain reference: random operation sequences checked step by step.
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use proptest::prelude::*;

use super::*;
use crate::sim::rng::Stream;

fn cfg(keep: f64, jitter: f64) -> PoolConfig {
    PoolConfig {
        keep_alive_ms: keep,
        jitter_ms: jitter,
        init_ms: 250.0,
        quota: UNLIMITED,
        scale_per_10s: UNLIMITED,
        max_environments: UNLIMITED,
    }
}

fn pool(c: PoolConfig) -> EnvPool<u32> {
    EnvPool::new(c, SimRng::new(1, Stream::Misc))
}

/// Runs the reclaim timers due by `t` the way a model does, returning (time, env) reclaimed.
fn fire(p: &mut EnvPool<u32>, timers: &mut BinaryHeap<Reverse<u64>>, t: f64) -> Vec<(f64, u32)> {
    let mut out = Vec::new();
    while let Some(&Reverse(k)) = timers.peek() {
        let at = f64::from_bits(k);
        if at > t {
            break;
        }
        timers.pop();
        while let Some(r) = p.reclaim_due(at) {
            out.push((at, r.env));
        }
        if let Some(next) = p.rearm(at) {
            timers.push(Reverse(next.to_bits()));
        }
    }
    out
}

#[test]
fn warm_reuse_takes_the_most_recently_idle_and_cold_runs_init() {
    let mut p = pool(cfg(1000.0, 0.0));
    let a = p.acquire(0.0).unwrap();
    let b = p.acquire(1.0).unwrap();
    assert!(a.cold && b.cold && a.init_ms == 250.0);
    assert_eq!(p.release(a.env, 10.0), Some(1010.0));
    // A later deadline while one is pending: no second timer.
    assert_eq!(p.release(b.env, 20.0), None);
    let c = p.acquire(30.0).unwrap();
    assert_eq!(
        (c.env, c.cold, c.init_ms, c.idle_since_ms),
        (b.env, false, 0.0, 20.0)
    );
    assert_eq!((p.busy(), p.alive(), p.created()), (1, 2, 2));
    // The timer at 1010 reclaims a only; then nothing is left idle to time.
    assert_eq!(p.reclaim_due(1010.0).map(|r| r.env), Some(a.env));
    assert!(p.reclaim_due(1010.0).is_none());
    assert_eq!(p.rearm(1010.0), None);
    assert_eq!(p.alive(), 1);
    // The freed slot is reused by the next new environment, with a new number.
    let d = p.acquire(2000.0).unwrap();
    assert!(d.cold);
    assert_eq!(d.env, a.env);
    assert_eq!(p.env(d.env).number(), 3);
}

#[test]
fn limits_throttle_in_order_quota_then_rate_then_capacity() {
    let mut c = cfg(1000.0, 0.0);
    c.quota = 3;
    c.scale_per_10s = 2;
    let mut p = pool(c);
    assert!(p.acquire(0.0).is_ok());
    assert!(p.acquire(0.0).is_ok());
    assert_eq!(p.acquire(0.0), Err(Throttle::ScalingRate));
    // A new window allows two more; the quota stops the fourth busy one.
    assert!(p.acquire(10_000.0).is_ok());
    assert_eq!(p.acquire(10_000.0), Err(Throttle::Quota));
    let mut c = cfg(1000.0, 0.0);
    c.max_environments = 1;
    let mut p = pool(c);
    let a = p.acquire(0.0).unwrap();
    assert_eq!(p.acquire(0.0), Err(Throttle::Capacity));
    p.release(a.env, 1.0);
    // An idle environment is reused whatever the caps.
    assert!(!p.acquire(2.0).unwrap().cold);
}

#[test]
fn provisioned_environments_are_taken_first_and_never_reclaimed() {
    let mut p = pool(cfg(10.0, 0.0));
    p.provision(2, 0.0);
    assert_eq!((p.alive(), p.busy(), p.created()), (2, 0, 2));
    let a = p.acquire(5.0).unwrap();
    assert!(!a.cold && p.env(a.env).provisioned());
    assert_eq!(p.release(a.env, 6.0), None);
    let mut timers = BinaryHeap::new();
    assert!(fire(&mut p, &mut timers, 1e9).is_empty());
    assert_eq!(p.alive(), 2);
}

#[test]
fn keep_alive_change_reaches_idle_environments() {
    let mut p = pool(cfg(600_000.0, 0.0));
    let a = p.acquire(0.0).unwrap();
    assert_eq!(p.release(a.env, 100.0), Some(600_100.0));
    // Shorter: overdue now, so a timer now.
    assert_eq!(p.set_config(cfg(50.0, 0.0), 1000.0), Some(1000.0));
    assert_eq!(p.reclaim_due(1000.0).map(|r| r.env), Some(a.env));
    assert_eq!(p.rearm(1000.0), None);
    // Unchanged timing: nothing to schedule.
    assert_eq!(p.set_config(cfg(50.0, 0.0), 1000.0), None);
    let b = p.acquire(2000.0).unwrap();
    assert_eq!(p.release(b.env, 2000.0), Some(2050.0));
    // Longer: the pending timer at 2050 fires early and re-arms, nothing new now.
    assert_eq!(p.set_config(cfg(100.0, 0.0), 2000.0), None);
    assert_eq!(p.reclaim_due(2050.0), None);
    assert_eq!(p.rearm(2050.0), Some(2100.0));
    // Shorter again, then to jitter: the heap is built from the idle list.
    assert_eq!(p.set_config(cfg(60.0, 0.0), 2050.0), Some(2060.0));
    assert_eq!(p.set_config(cfg(100.0, 40.0), 2050.0), None);
    assert!(p.deadlines.is_some());
    // And back to a constant keep-alive: the heap is dropped.
    assert_eq!(p.set_config(cfg(100.0, 0.0), 2050.0), None);
    assert!(p.deadlines.is_none());
    assert_eq!(p.reclaim_due(2100.0).map(|r| r.env), Some(b.env));
}

#[test]
fn the_jitter_heap_stays_bounded() {
    // One environment reused 100,000 times leaves stale heap entries behind; they are pruned.
    let mut p = pool(cfg(1e9, 1e8));
    let mut t = 0.0;
    for _ in 0..100_000 {
        let s = p.acquire(t).unwrap();
        t += 1.0;
        p.release(s.env, t);
    }
    assert_eq!(p.alive(), 1);
    assert!(p.deadlines.as_ref().is_some_and(|h| h.len() <= 2 + 64));
}

/// One step of a random run: advance the clock by a gap, then start a request or end one.
#[derive(Debug, Clone)]
enum Op {
    Arrive(f64),
    Finish(f64, usize),
}

fn ops(keep: f64) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            (0.0..keep * 1.5).prop_map(Op::Arrive),
            (0.0..keep * 1.5, any::<usize>()).prop_map(|(g, i)| Op::Finish(g, i)),
            // Simultaneous events, as a burst makes.
            Just(Op::Arrive(0.0)),
            any::<usize>().prop_map(|i| Op::Finish(0.0, i)),
        ],
        0..300,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Against a reference that knows each idle environment's deadline (it replays the jitter
    /// from a clone of the pool's random stream): every environment is busy xor idle xor
    /// reclaimed; provisioned ones are never reclaimed; cold starts plus provisioned equal the
    /// environments created; reuse takes a provisioned one, else the most recently idle; and
    /// every reclaim happens exactly at its deadline, none late.
    #[test]
    fn pool_invariants_hold_over_random_operations(
        keep in prop::sample::select(vec![0.0, 5.0, 1000.0]),
        jitter_share in prop::sample::select(vec![0.0, 0.0, 0.5, 1.0]),
        prov in 0u32..3,
        quota in prop::sample::select(vec![2u32, 6, UNLIMITED]),
        rate in prop::sample::select(vec![1u32, 4, UNLIMITED]),
        cap in prop::sample::select(vec![3u32, UNLIMITED]),
        seed in any::<u64>(),
        steps in ops(1000.0),
    ) {
        let jitter = keep * jitter_share;
        let c = PoolConfig {
            quota,
            scale_per_10s: rate,
            max_environments: cap,
            ..cfg(keep, jitter)
        };
        let mut p: EnvPool<u32> = EnvPool::new(c, SimRng::new(seed, Stream::Misc));
        let mut draws = SimRng::new(seed, Stream::Misc);
        p.provision(prov, 0.0);
        let mut timers = BinaryHeap::new();
        let mut busy: Vec<u32> = Vec::new();
        // Reference: on-demand idle environments in release order, with their deadlines.
        let mut idle: Vec<(u32, f64)> = Vec::new();
        let mut prov_idle: Vec<u32> = (0..prov).collect();
        let mut reclaimed: BTreeMap<u32, u64> = BTreeMap::new();
        let (mut cold, mut t) = (0u64, 0.0f64);
        for op in steps {
            let gap = match op { Op::Arrive(g) | Op::Finish(g, _) => g };
            t += gap;
            for (at, e) in fire(&mut p, &mut timers, t) {
                let i = idle.iter().position(|x| x.0 == e);
                prop_assert!(i.is_some(), "reclaimed {e}, not idle on-demand");
                let (_, deadline) = idle.remove(i.unwrap_or(0));
                prop_assert_eq!(at, deadline, "reclaimed at {} not at its deadline", at);
                prop_assert!(!p.env(e).provisioned());
                reclaimed.insert(e, p.env(e).number());
            }
            // Nothing overdue is left idle.
            prop_assert!(idle.iter().all(|(_, d)| *d > t), "late reclaim at {t}: {idle:?}");
            match op {
                Op::Arrive(_) => match p.acquire(t) {
                    Ok(s) => {
                        if let Some(e) = prov_idle.pop() {
                            prop_assert_eq!((s.env, s.cold), (e, false));
                        } else if let Some((e, _)) = idle.pop() {
                            prop_assert_eq!((s.env, s.cold), (e, false));
                        } else {
                            prop_assert!(s.cold && s.init_ms == 250.0);
                            cold += 1;
                            reclaimed.remove(&s.env);
                        }
                        busy.push(s.env);
                    }
                    Err(Throttle::Quota) => prop_assert!(p.busy() >= quota),
                    Err(Throttle::Capacity) => {
                        prop_assert!(idle.is_empty() && prov_idle.is_empty() && p.alive() >= cap)
                    }
                    Err(Throttle::ScalingRate) => {
                        prop_assert!(idle.is_empty() && prov_idle.is_empty() && rate != UNLIMITED)
                    }
                },
                Op::Finish(_, i) if !busy.is_empty() => {
                    let e = busy.swap_remove(i % busy.len());
                    if let Some(at) = p.release(e, t) {
                        timers.push(Reverse(at.to_bits()));
                    }
                    if p.env(e).provisioned() {
                        prov_idle.push(e);
                    } else {
                        let off = if jitter > 0.0 {
                            jitter * (2.0 * draws.uniform() - 1.0)
                        } else {
                            0.0
                        };
                        idle.push((e, t + (keep + off)));
                    }
                }
                Op::Finish(..) => {}
            }
            // Busy xor idle xor reclaimed, slot by slot, and the counts agree.
            for (e, x) in p.envs.iter().enumerate() {
                let e = e as u32;
                let states = [
                    busy.contains(&e),
                    idle.iter().any(|i| i.0 == e) || prov_idle.contains(&e),
                    reclaimed.contains_key(&e),
                ];
                prop_assert_eq!(states.iter().filter(|s| **s).count(), 1, "env {} {:?}", e, states);
                let phase = if states[0] {
                    Phase::Busy
                } else if states[1] {
                    Phase::Idle
                } else {
                    Phase::Reclaimed
                };
                prop_assert_eq!(x.phase(), phase);
            }
            prop_assert_eq!(p.busy() as usize, busy.len());
            prop_assert_eq!(p.alive() as usize, busy.len() + idle.len() + prov_idle.len());
            prop_assert_eq!(p.created(), cold + u64::from(prov));
            let provisioned = p.envs.iter().filter(|x| x.provisioned());
            prop_assert!(provisioned.clone().all(|x| x.phase() != Phase::Reclaimed));
            prop_assert_eq!(provisioned.count(), prov as usize);
        }
    }
}
