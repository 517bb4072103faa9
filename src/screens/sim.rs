//! A live simulation on screen: the running model, its last snapshot, and the controls (pause,
//! speed, the selected parameter, a value being typed).
use std::time::Instant;

use crate::sim::live::{LiveSim, Snapshot};
use ratatui::crossterm::event::KeyEvent;

use super::keymap::Action;
use super::line_input::{Edit, LineInput};
use super::state::{App, Screen};
use crate::sim::{Model, nudge};

/// Speeds the learner can pick: simulated time per real second.
pub const SPEEDS: &[f64] = &[1.0, 10.0, 100.0, 1000.0];

/// Frames per second while a simulation runs (the cap is 30).
pub const FPS: u64 = 30;

/// "35k s", "950 s": a change's time for a chart's legend.
fn short_seconds(s: f64) -> String {
    if s >= 10_000.0 {
        format!("{:.0}k s", s / 1000.0)
    } else {
        format!("{s:.0} s")
    }
}

/// A simulation being watched.
#[derive(Debug)]
pub struct SimRun {
    pub live: LiveSim,
    pub snapshot: Snapshot,
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The parameter the arrow keys change (index into the snapshot's params).
    pub selected: usize,
    /// A value being typed for the selected parameter.
    pub input: Option<LineInput>,
    /// What the last change did, or why it was refused.
    pub message: Option<String>,
    /// When the simulation last advanced (`None` until its first tick), to turn real time into
    /// simulated time.
    pub last: Option<Instant>,
    /// Whether this run came from a lesson (q goes back to it).
    pub from_lesson: bool,
    /// The lesson or slide panel this run was taken from when opened full screen (index among
    /// the lesson's or slide's live blocks): going back hands the run, its parameters and its
    /// view back to it.
    pub panel: Option<usize>,
    /// The parameters its sim block sets, as (name, the block's text, the value's display when
    /// the run started), in the block's order: what its panel shows (see [`SimRun::panel_params`]).
    pub block_params: Vec<(String, String, String)>,
    /// Parameters changed in this run that the block does not set, in the order changed.
    pub extra_changed: Vec<&'static str>,
    /// Changes applied "from now on" since the run last started from time 0: (simulated
    /// seconds, "name=value"). Each becomes a labelled mark on the time charts, so a history
    /// that mixes two settings says where one gave way to the other.
    pub changes: Vec<(f64, String)>,
}

/// One `name=value` pair of a lesson panel's parameter rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelParam {
    /// Parameter name.
    pub name: String,
    /// The value the run uses now: the block's own text while unchanged.
    pub value: String,
    /// Whether the run's value differs from the block's.
    pub changed: bool,
}

impl SimRun {
    /// Starts a model with `(key, value)` parameters (from a lesson block or `--set`).
    pub fn new(
        model: &str,
        params: &[(String, String)],
        seed: u64,
        from_lesson: bool,
    ) -> Result<SimRun, String> {
        let live = LiveSim::new(
            model,
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            seed,
        )
        .map_err(|e| e.to_string())?;
        // Slow processes (a day of cold starts) need more speed to be watchable than a burst.
        let speed = match live.model() {
            Model::ColdStart => 3,
            Model::Scaling | Model::DbConnections => 1,
            Model::Cost => 0,
        };
        let snapshot = live.snapshot();
        Ok(SimRun {
            live,
            snapshot,
            paused: false,
            speed,
            selected: 0,
            input: None,
            message: None,
            last: None,
            from_lesson,
            panel: None,
            block_params: Vec::new(),
            extra_changed: Vec::new(),
            changes: Vec::new(),
        })
    }

    /// Starts a lesson's or slide's sim block: its parameters, and the chart its `view` names
    /// first (an unknown view was reported by `check`; the model's first view is kept then).
    pub fn from_block(block: &crate::markdown::SimBlock, seed: u64) -> Result<SimRun, String> {
        let params: Vec<(String, String)> = block
            .params
            .iter()
            .map(|p| (p.key.clone(), p.value.clone()))
            .collect();
        let mut run = SimRun::new(&block.model, &params, seed, true)?;
        run.block_params = params
            .into_iter()
            .map(|(k, v)| {
                let name = k.trim().to_string();
                let shown = run.current_value(&name).unwrap_or_default();
                (name, v, shown)
            })
            .collect();
        if let Some(view) = block.setting("view") {
            let _ = run.live.set_view(&view.value);
            run.refresh();
        }
        Ok(run)
    }

    /// Takes a panel's run full screen (a lesson panel's or a slide's): the run remembers its
    /// panel (`block`, its index among the live blocks) so going back hands it there with its
    /// time, parameters and view ([`SimRun::into_panel`]).
    pub fn into_full_screen(mut self, block: usize) -> SimRun {
        self.panel = Some(block);
        self.input = None;
        self
    }

    /// The run leaving the full screen for the panel it was taken from: that panel's block index
    /// and the run, or `None` when it was not taken from a panel (`cloudtutor sim`). Its time
    /// starts again when the panel is seen (time off screen does not count).
    pub fn into_panel(mut self) -> Option<(usize, SimRun)> {
        let block = self.panel.take()?;
        self.last = None;
        self.input = None;
        Some((block, self))
    }

    /// Takes a new snapshot of the model and marks on its time charts (x in seconds) the
    /// changes applied since time 0 (see [`SimRun::changes`]).
    pub fn refresh(&mut self) {
        self.snapshot = self.live.snapshot();
        for chart in self.snapshot.charts.iter_mut().filter(|c| c.x_unit == "s") {
            for (at_s, what) in &self.changes {
                chart.marks.push(crate::sim::live::Mark {
                    x: *at_s,
                    label: format!("{what} at {}", short_seconds(*at_s)),
                });
            }
        }
    }

    /// The current value of parameter `name` as the parameter grid shows it.
    fn current_value(&self, name: &str) -> Option<String> {
        self.snapshot
            .params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.clone())
    }

    /// A lesson panel's parameter pairs: the block's, with the run's values (changed full screen
    /// and handed back), then those the learner changed that the block does not set.
    pub fn panel_params(&self) -> Vec<PanelParam> {
        let mut out: Vec<PanelParam> = self
            .block_params
            .iter()
            .map(|(name, text, start)| match self.current_value(name) {
                Some(now) if now != *start => PanelParam {
                    name: name.clone(),
                    value: now,
                    changed: true,
                },
                _ => PanelParam {
                    name: name.clone(),
                    value: text.clone(),
                    changed: false,
                },
            })
            .collect();
        for name in &self.extra_changed {
            if let Some(value) = self.current_value(name) {
                out.push(PanelParam {
                    name: (*name).to_string(),
                    value,
                    changed: true,
                });
            }
        }
        out
    }

    /// Whether the model runs in time (every model but cost, a closed form recomputed on change).
    pub fn timed(&self) -> bool {
        self.live.model() != Model::Cost
    }

    /// Shows the model's next view (wrapping), keeping the run.
    pub fn next_view(&mut self) {
        let views = self.live.model().views();
        let at = views
            .iter()
            .position(|v| *v == self.live.view())
            .unwrap_or(0);
        let next = views[(at + 1) % views.len()];
        if self.live.set_view(next).is_ok() {
            self.refresh();
            self.message = Some(format!(
                "view: {next} ({} of {})",
                (at + 1) % views.len() + 1,
                views.len()
            ));
        }
    }

    /// The speed shown in the header: the one really achieved over the last frames (lower than
    /// the one asked for when the model cannot keep up), and whether it fell short.
    pub fn shown_speed(&self) -> (f64, bool) {
        let asked = SPEEDS[self.speed];
        let got = self.live.achieved_speed(asked);
        // Within 5% counts as keeping up: a frame's rounding is not a slowdown.
        (got, got < asked * 0.95)
    }

    /// Whether the view changes by itself: a running, time-based model.
    pub fn animating(&self) -> bool {
        !self.paused && self.live.model() != Model::Cost
    }

    /// Advances simulated time by the real time since the last call, at the chosen speed.
    pub fn tick(&mut self, now: Instant) {
        // The first tick only notes the time: a run starts counting when it is first seen.
        let real = self.last.map_or(0.0, |last| {
            now.saturating_duration_since(last).as_secs_f64()
        });
        self.last = Some(now);
        if self.animating() {
            // A long gap (suspended, off screen) is not caught up in one jump.
            let real = real.min(0.5);
            // Half a frame of wall time at most: at high rates and speeds the simulation falls
            // behind real time rather than freezing the screen.
            let budget = std::time::Duration::from_millis(500 / FPS);
            self.live
                .advance_budgeted(real * 1000.0 * SPEEDS[self.speed], budget);
            self.refresh();
        }
    }

    /// One simulated second forward (the single-step key, meant for a paused run).
    pub fn step(&mut self) {
        self.live.advance(1000.0);
        self.refresh();
    }

    /// Starts the run again from time 0.
    pub fn reset(&mut self) {
        self.live.reset();
        self.changes.clear();
        self.refresh();
        self.message = Some("reset to time 0".into());
    }

    /// Sets the selected parameter to `value`, reporting what happened.
    pub fn set_selected(&mut self, value: &str) {
        let Some(row) = self.snapshot.params.get(self.selected) else {
            return;
        };
        let name = row.name;
        let result = self.live.set(name, value);
        if result.is_ok()
            && !self.block_params.iter().any(|(n, _, _)| n == name)
            && !self.extra_changed.contains(&name)
        {
            self.extra_changed.push(name);
        }
        self.message = Some(match result {
            // A model without time is recomputed: neither "from now on" nor a restart.
            Ok(_) if !self.timed() => format!("{name} = {value} (recomputed)"),
            Ok(crate::sim::live::SetEffect::Applied) => {
                let at_s = self.live.now_ms() / 1000.0;
                self.changes.push((at_s, format!("{name}={value}")));
                format!("{name} = {value} (from now on, marked on the charts)")
            }
            Ok(crate::sim::live::SetEffect::Reset) => {
                self.changes.clear();
                format!("{name} = {value} (restarted from time 0)")
            }
            Err(e) => e.to_string(),
        });
        self.refresh();
    }

    /// Steps the selected parameter up or down one notch.
    pub fn nudge(&mut self, up: bool) {
        let Some(row) = self.snapshot.params.get(self.selected) else {
            return;
        };
        let name = row.name;
        let next = self
            .live
            .params()
            .iter()
            .find(|(spec, _)| spec.name == name)
            .and_then(|(spec, v)| nudge::nudged(spec, v, up));
        match next {
            Some(v) => self.set_selected(&v),
            None => {
                self.message = Some(format!(
                    "{name}: type a value with Enter (no step for it here)"
                ))
            }
        }
    }
}

/// What the time keys say on a model without time.
pub const NO_TIME: &str =
    "the cost model has no time to run: it recomputes when a parameter changes";

/// Longest typed parameter value, in characters.
const VALUE_MAX: usize = 60;

/// The simulation screen's keys: pause, step, speed, choosing and changing parameters, reset, and
/// back to the lesson or slide it came from (or quit when it was started with `cloudtutor sim`).
pub fn apply(app: &mut App, action: Action) {
    let now = app.instant;
    let Screen::Sim(run) = &mut app.screen else {
        return;
    };
    match action {
        Action::Quit | Action::Back => {
            let back = run.from_lesson;
            let handed = match std::mem::replace(&mut app.screen, Screen::Home) {
                Screen::Sim(run) => run.into_panel(),
                _ => None,
            };
            // Taken from a slide: the presenter gets the run back on that slide.
            if let Some(p) = app.parked_present.take() {
                super::slides::sim_returned(app, p, handed);
                return;
            }
            app.screen = match (back, app.parked_reader.take()) {
                (true, Some(mut r)) => {
                    if let Some((block, run)) = handed {
                        r.inline.retain(|i| i.block != block);
                        r.inline.push(super::reader::InlineSim {
                            block,
                            run,
                            visible: false,
                        });
                    }
                    Screen::Reader(r)
                }
                _ if back => Screen::Home,
                _ => {
                    app.should_quit = true;
                    Screen::Home
                }
            };
            super::reader::sync_inline(app);
        }
        Action::View => run.next_view(),
        Action::Pause | Action::Step | Action::Faster | Action::Slower if !run.timed() => {
            run.message = Some(NO_TIME.into());
        }
        Action::Pause => {
            run.paused = !run.paused;
            run.last = Some(now);
        }
        Action::Step => {
            run.paused = true;
            run.step();
        }
        Action::Faster => run.speed = (run.speed + 1).min(SPEEDS.len() - 1),
        Action::Slower => run.speed = run.speed.saturating_sub(1),
        Action::Up => run.selected = run.selected.saturating_sub(1),
        Action::Down => {
            run.selected = (run.selected + 1).min(run.snapshot.params.len().saturating_sub(1))
        }
        Action::Left => run.nudge(false),
        Action::Right => run.nudge(true),
        Action::Submit => run.input = Some(LineInput::default()),
        Action::Reset => run.reset(),
        _ => {}
    }
}

/// Keys typed into a parameter's value field (after Enter). Returns whether the key was used.
pub fn value_input(app: &mut App, key: &KeyEvent) -> bool {
    let Screen::Sim(run) = &mut app.screen else {
        return false;
    };
    let Some(input) = &mut run.input else {
        return false;
    };
    match input.handle(key, VALUE_MAX, |_| true) {
        Edit::Submit(value) => {
            run.input = None;
            run.set_selected(value.trim());
        }
        Edit::Cancel => run.input = None,
        Edit::Quit => app.should_quit = true,
        Edit::Changed | Edit::Ignored => {}
    }
    true
}
