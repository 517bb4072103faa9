//! The one event loop every time model runs: the next event or the next arrival, whichever comes
//! first, with the per-second recorder sampled on the way.
//!
//! Why one loop: the scaling fleets, the scaling model's Lambda, the cold-start model and the
//! database-connections model all advance the same way (an event heap plus one arrival stream,
//! time integrals updated before each change, samples taken at whole seconds). Written once, a
//! fix to the loop (ordering of ties, sampling at the end of a run) reaches every model. Generic,
//! so each model gets its own monomorphised copy: no dynamic dispatch per event.
use super::engine::EventQueue;
use super::report::{Gauge, Recorder};

/// A model the loop can drive.
pub(crate) trait Driven {
    /// The model's event type.
    type Ev: Copy;
    /// The event heap.
    fn queue(&mut self) -> &mut EventQueue<Self::Ev>;
    /// Time of the next arrival, ms (`f64::INFINITY` when none is due).
    fn next_arrival_ms(&self) -> f64;
    /// Accumulates time integrals (busy time, capacity, requests in system) up to `t` and moves
    /// the model's clock there.
    fn integrate(&mut self, t: f64);
    /// Handles one event at `t`.
    fn handle(&mut self, t: f64, ev: Self::Ev);
    /// Handles the arrival due at `t`, drawing the one after it.
    fn arrive(&mut self, t: f64);
    /// The recorder, when series are being recorded.
    fn rec(&self) -> Option<&Recorder>;
    /// The same, mutable.
    fn rec_mut(&mut self) -> Option<&mut Recorder>;
    /// The state to record for the sample due at `at_ms`.
    fn gauge(&self, at_ms: f64) -> Gauge;
    /// Called after each sample (a model with its own series records them here).
    fn sampled(&mut self) {}
    /// True when handling `ev` now or at any later time would change nothing (a timer about an
    /// environment reused or reclaimed since it was set). The loop drops such events when the
    /// queue has doubled (see [`EventQueue::retain`]), which bounds the memory of models that
    /// set a timer per idle period. Only conditions that cannot turn false again may count, so
    /// dropping an event changes no state (time integrals are then summed over one span instead
    /// of two: equal up to rounding). Default: nothing is stale.
    fn is_stale(&self, _ev: &Self::Ev) -> bool {
        false
    }
}

/// Drops every stale event (see [`Driven::is_stale`]) from the model's queue.
#[cold]
fn compact<M: Driven>(m: &mut M) {
    // Moved out while the model is read; the queue keeps its sequence counter.
    let mut q = std::mem::take(m.queue());
    q.retain(|ev| !m.is_stale(ev));
    *m.queue() = q;
}

/// Records every per-second sample due at or before `t`.
#[inline]
pub(crate) fn sample_until<M: Driven>(m: &mut M, t: f64) {
    while let Some(next) = m.rec().map(|r| r.next_sample_ms) {
        if next > t {
            break;
        }
        let g = m.gauge(next);
        if let Some(r) = m.rec_mut() {
            r.sample(g);
        }
        m.sampled();
    }
}

/// Runs every event and arrival up to and including `t_end` (ms); an event and an arrival at the
/// same instant: the event first. With a finite `t_end`, samples and integrals reach `t_end`.
#[inline]
pub(crate) fn advance_to<M: Driven>(m: &mut M, t_end: f64) {
    // Whether series are recorded is fixed when a model is built: test it once, not per event.
    let recording = m.rec().is_some();
    loop {
        let te = m.queue().peek_time();
        let ta = m.next_arrival_ms();
        let t = if te <= ta { te } else { ta };
        if t > t_end {
            break;
        }
        if recording {
            sample_until(m, t);
        }
        m.integrate(t);
        if te <= ta {
            let Some((_, ev)) = m.queue().pop() else {
                break;
            };
            m.handle(t, ev);
        } else {
            m.arrive(t);
        }
        if m.queue().needs_compaction() {
            compact(m);
        }
    }
    if t_end.is_finite() {
        sample_until(m, t_end);
        m.integrate(t_end);
    }
}
