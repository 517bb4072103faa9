//! A prediction's simulation, run live on the projector between the lock and the reveal: the
//! class predicted, the room watches what happens, then the predictions are shown against what
//! the run observed.
//!
//! The run is the question's own simulation (its model, parameters and duration) with the
//! presentation's seed, the seed the lesson's sim blocks use, so the value revealed is the one
//! the run on screen ends with (and the one `quiz::generate::observe` computes headless: a test
//! holds them equal). It is paced to take [`WATCH_SECONDS`] of wall time whatever its simulated
//! length (30 simulated days of cold starts, or half an hour of a scaling burst), and each frame's
//! share is budgeted, so a heavy model slows the run, never the screen.
use std::time::{Duration, Instant};

use super::sim::{FPS, SimRun};
use crate::content::generated::Prediction;
use crate::quiz::generate::observe_live;

/// Wall-clock seconds a whole prediction run takes on the projector: long enough to watch the
/// curve settle, short enough for a lecture.
pub const WATCH_SECONDS: f64 = 8.0;

/// The longest real gap one tick catches up (a suspended presenter does not jump to the end).
const MAX_GAP_SECONDS: f64 = 0.5;

/// A prediction's simulation being watched.
#[derive(Debug)]
pub struct Observation {
    pub run: SimRun,
    pub prediction: Prediction,
    /// Simulated time the run stops at, ms (the prediction's duration or the model's default).
    pub until_ms: f64,
    /// The time of the last tick (`None` before the first: a run starts counting when seen).
    last: Option<Instant>,
}

impl Observation {
    /// Builds the run of `prediction` with `seed`, or why it cannot run (a model or parameter the
    /// content check would have reported).
    pub fn start(prediction: &Prediction, seed: u64) -> Result<Observation, String> {
        let mut run = SimRun::new(&prediction.sim, &prediction.params, seed, false)?;
        let duration_s = prediction
            .duration_s
            .or(run.live.model().default_duration_s())
            .unwrap_or(0.0);
        run.snapshot = run.live.snapshot();
        run.paused = false;
        Ok(Observation {
            run,
            prediction: prediction.clone(),
            until_ms: duration_s * 1000.0,
            last: None,
        })
    }

    /// Whether the run reached its end.
    pub fn done(&self) -> bool {
        self.run.live.now_ms() >= self.until_ms
    }

    /// Advances the run by its share of the real time since the last tick.
    pub fn tick(&mut self, now: Instant) {
        let real = self.last.map_or(0.0, |last| {
            now.saturating_duration_since(last)
                .as_secs_f64()
                .min(MAX_GAP_SECONDS)
        });
        self.last = Some(now);
        if self.done() || real <= 0.0 {
            return;
        }
        let want = (self.until_ms * real / WATCH_SECONDS).min(self.left_ms());
        self.run
            .live
            .advance_budgeted(want, Duration::from_millis(500 / FPS));
        self.run.snapshot = self.run.live.snapshot();
    }

    /// Runs to the end at once (the presenter revealed before the run ended).
    pub fn finish(&mut self) {
        if !self.done() {
            let left = self.left_ms();
            self.run.live.advance(left);
            self.run.snapshot = self.run.live.snapshot();
        }
    }

    fn left_ms(&self) -> f64 {
        (self.until_ms - self.run.live.now_ms()).max(0.0)
    }

    /// What the run observed (the prediction's metric, scaled), once it has ended.
    pub fn observed(&self) -> Option<f64> {
        if !self.done() {
            return None;
        }
        observe_live(&self.prediction, &self.run.live)?
            .get("answer")
            .copied()
    }

    /// How far the run is, as a person reads it: "day 12 of 30", "9 of 30 minutes".
    pub fn progress(&self) -> String {
        let now = self.run.live.now_ms().min(self.until_ms) / 1000.0;
        let until = self.until_ms / 1000.0;
        let (unit, size) = if until >= 2.0 * 86_400.0 {
            ("day", 86_400.0)
        } else if until >= 2.0 * 3600.0 {
            ("hour", 3600.0)
        } else if until >= 120.0 {
            ("minute", 60.0)
        } else {
            ("second", 1.0)
        };
        format!(
            "{unit} {} of {}",
            (now / size).floor() as u64,
            (until / size).round() as u64
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Catalog, ContentSource, Kind};

    fn predict_cold() -> Prediction {
        let catalog = Catalog::load(&ContentSource::Embedded);
        let (_, q) = catalog
            .question("cold-starts/predict-cold")
            .expect("shipped prediction");
        let Kind::Predict(p) = &q.kind else {
            panic!("a prediction")
        };
        p.clone()
    }

    /// The value revealed is the one the run on the projector ends with, and the same as the
    /// headless run the question's text was filled from (same model, parameters, seed, length).
    #[test]
    fn the_live_run_observes_what_the_headless_run_does() {
        let p = predict_cold();
        for seed in [1, 7] {
            let mut o = Observation::start(&p, seed).unwrap();
            assert_eq!(o.observed(), None, "nothing before the run ends");
            o.finish();
            let headless = crate::quiz::generate::observe(&p, seed).unwrap()["answer"];
            assert_eq!(o.observed(), Some(headless), "seed {seed}");
        }
    }

    /// Paced by ticks of the (here virtual) clock, not by the machine: a frame's share can fall
    /// short on a slow machine (the run then takes longer) but never runs ahead, so the run is
    /// not over before WATCH_SECONDS x 30 ticks.
    #[test]
    fn the_run_is_not_over_before_its_watch_time() {
        let p = predict_cold();
        let mut o = Observation::start(&p, 1).unwrap();
        let t0 = Instant::now();
        let frame = Duration::from_millis(1000 / FPS);
        let frames = (WATCH_SECONDS * FPS as f64) as u32;
        o.tick(t0);
        for tick in 1..frames - 1 {
            o.tick(t0 + frame * tick);
        }
        assert!(!o.done(), "{}", o.progress());
        assert_eq!(o.observed(), None);
        o.finish();
        assert!(o.done());
        assert_eq!(o.progress(), "day 30 of 30");
    }
}
