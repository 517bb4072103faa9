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
    }
    if t_end.is_finite() {
        sample_until(m, t_end);
        m.integrate(t_end);
    }
}
