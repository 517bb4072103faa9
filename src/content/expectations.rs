//! A sim block's own settings (`view`, `duration`, `seed`) and its `expect` lines: validated
//! when the course loads, and run by `cloudtutor check`.
//!
//! Why in `content`: this module knows lessons and their paths and lines; what the numbers mean
//! (the headless report, the comparison) stays in [`crate::sim::expect`].
use crate::markdown::SimBlock;
use crate::sim::expect::Expectation;
use crate::sim::{Model, resolve_params, run_headless};

use super::{Catalog, Diagnostic};

/// Longest simulated run a block may ask `check` for, seconds (30 days): keeps `check` quick.
pub const MAX_DURATION_S: f64 = 30.0 * 86_400.0;

/// Seed of a block's run when it names none (the same default as `cloudtutor sim`).
pub const DEFAULT_SEED: u64 = 1;

/// Problems with a block's settings and `expect` lines, as (line, message). Model parameters are
/// checked elsewhere; a block with an unknown model has no problems here.
pub fn block_problems(sim: &SimBlock) -> Vec<(usize, String)> {
    let Ok(model) = Model::from_name(&sim.model) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &sim.settings {
        let problem = match s.key.as_str() {
            "view" => model.view(&s.value).err(),
            "duration" if model.default_duration_s().is_none() => Some(format!(
                "`duration` does not apply: sim {} is not a time simulation",
                model.name()
            )),
            "duration" => duration(&s.value).err(),
            "seed" => seed(&s.value).err(),
            _ => None,
        };
        if let Some(msg) = problem {
            out.push((s.line, msg));
        }
    }
    for e in &sim.expects {
        if let Err(err) = Expectation::parse(&e.text) {
            out.push((e.line, err.to_string()));
        }
    }
    out
}

fn duration(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(d) if d.is_finite() && d > 0.0 && d <= MAX_DURATION_S => Ok(d),
        _ => Err(format!(
            "duration `{raw}` must be simulated seconds, above 0 and at most {MAX_DURATION_S}"
        )),
    }
}

fn seed(raw: &str) -> Result<u64, String> {
    raw.trim()
        .parse::<u64>()
        .map_err(|_| format!("seed `{raw}` must be a whole number from 0 to {}", u64::MAX))
}

/// What `check` did with expectations.
#[derive(Debug, Default)]
pub struct ExpectationRun {
    /// Blocks with at least one `expect` line that were run.
    pub blocks: usize,
    /// `expect` lines evaluated.
    pub expectations: usize,
    /// Each miss, at the `expect` line's `PATH:LINE`.
    pub misses: Vec<Diagnostic>,
}

/// One block to run: its lesson's path, the block, and its parsed `expect` lines with their lines.
type Job<'a> = (&'a str, &'a SimBlock, Vec<(usize, Expectation)>);

/// Runs every sim block that has `expect` lines headless (its `duration` and `seed`, else the
/// model's default duration and seed 1) and checks each line. Blocks whose parameters or lines
/// are invalid are skipped: loading already reported them. Blocks are independent runs, so they
/// are spread over the available cores (results come back in course order).
pub fn run_all(catalog: &Catalog) -> ExpectationRun {
    let mut jobs: Vec<Job> = Vec::new();
    for lesson in &catalog.lessons {
        for sim in lesson.body.sims() {
            if sim.expects.is_empty() || !block_problems(sim).is_empty() {
                continue;
            }
            let checks: Result<Vec<_>, _> = sim
                .expects
                .iter()
                .map(|e| Expectation::parse(&e.text).map(|x| (e.line, x)))
                .collect();
            if let Ok(checks) = checks {
                jobs.push((lesson.path.as_str(), sim, checks));
            }
        }
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut reports: Vec<Option<serde_json::Value>> = vec![None; jobs.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, sim, checks)) = jobs.get(i) else {
                            break;
                        };
                        done.push((i, run_block(sim, checks)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            // A panicking run loses only its own blocks' results (they count as not run).
            for (i, r) in h.join().unwrap_or_default() {
                reports[i] = r;
            }
        }
    });
    let mut run = ExpectationRun::default();
    for ((path, _, checks), json) in jobs.iter().zip(reports) {
        let Some(json) = json else {
            continue;
        };
        run.blocks += 1;
        for (line, e) in checks {
            run.expectations += 1;
            if let Err(msg) = e.check(&json) {
                run.misses.push(Diagnostic::at(path, *line, msg));
            }
        }
    }
    run
}

/// The scaling deployments `checks` look at, when every check names one
/// (`summary.deployments.NAME...`) and the block does not choose its deployments itself.
///
/// Why: the deployments of a scaling run are independent (each has its own event queue and
/// random stream from the same seed, see `sim::scaling`), so running only the ones an
/// expectation reads gives the same numbers in less time. A test in `sim::tests` holds this.
fn deployments_read(sim: &SimBlock, checks: &[(usize, Expectation)]) -> Option<String> {
    if sim.params.iter().any(|p| p.key == "deployments") {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    for (_, e) in checks {
        let name = e
            .path
            .strip_prefix("summary.deployments.")?
            .split('.')
            .next()?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| names.join(","))
}

/// The headless JSON report of one block's run, or `None` if its parameters do not resolve.
/// For a scaling block, only the deployments that `checks` read are run.
pub fn run_block(sim: &SimBlock, checks: &[(usize, Expectation)]) -> Option<serde_json::Value> {
    let model = Model::from_name(&sim.model).ok()?;
    let only = (model == Model::Scaling)
        .then(|| deployments_read(sim, checks))
        .flatten();
    let params = resolve_params(
        model,
        sim.params
            .iter()
            .map(|p| (p.key.as_str(), p.value.as_str()))
            .chain(only.as_deref().map(|d| ("deployments", d))),
    )
    .ok()?;
    let duration_s = match sim.setting("duration") {
        Some(d) => Some(duration(&d.value).ok()?),
        None => None,
    };
    let seed = match sim.setting("seed") {
        Some(s) => seed(&s.value).ok()?,
        None => DEFAULT_SEED,
    };
    let report = run_headless(model, &params, seed, duration_s).ok()?;
    serde_json::to_value(&report).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(src: &str) -> SimBlock {
        let (doc, issues) = crate::markdown::parse(src, 1);
        assert!(issues.is_empty(), "{issues:?}");
        doc.sims().next().expect("a sim block").clone()
    }

    #[test]
    fn settings_are_checked_with_their_lines() {
        let b = block("```sim cost\nview = cost\nduration = 60\n```\n\n");
        let p = block_problems(&b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 3);
        assert!(p[0].1.contains("not a time simulation"), "{}", p[0].1);
        let b = block(
            "```sim scaling\nduration = -5\nseed = x\nview = cold-share\nexpect summary.p_wait >< 1\n```\n",
        );
        let lines: Vec<usize> = block_problems(&b).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        // Block keys never reach the model's parameters.
        assert!(b.params.is_empty());
        assert_eq!(b.settings.len(), 3);
    }

    #[test]
    fn a_block_runs_with_its_duration_and_seed() {
        let b = block(
            "```sim cold-start\nrate = 1\nduration = 100\nseed = 42\nexpect summary.requests > 50\n```\n",
        );
        let checks = vec![(5, Expectation::parse("summary.requests > 50").unwrap())];
        let json = run_block(&b, &checks).unwrap();
        assert_eq!(json["duration_s"], 100.0);
        assert_eq!(json["seed"], 42);
        assert_eq!(checks[0].1.check(&json), Ok(()));
    }
}
