//! Turning a `generated` question into a concrete numeric one: draw its numbers with a seeded
//! generator, compute the answer with the same cost and capacity models the simulations use, and
//! fill the prompt and the worked explanation.
use std::collections::BTreeMap;

use crate::content::generated::{Generator, Model, Prediction};
use crate::content::{Kind, Question};
use crate::quiz::describe::number;
use crate::quiz::shuffle::{below, fnv1a, stream};
use crate::sim::cost::{self, Arch, LambdaUsage};

/// Keeps generated numbers apart from the shuffle streams of the same seed.
const GENERATE_STREAM: u64 = 0x67_656e_6572_6174;

/// The drawn inputs and every computed value, by name.
pub type Values = BTreeMap<String, f64>;

/// Computes a model's outputs and `answer` from its inputs.
pub fn compute(g: &Generator, inputs: &Values) -> Values {
    let get = |k: &str| inputs.get(k).copied().unwrap_or(0.0);
    let mut out = inputs.clone();
    let mut set = |k: &str, v: f64| {
        out.insert(k.to_string(), v);
    };
    match g.model {
        Model::LambdaCost => {
            let (memory, duration, requests) =
                (get("memory_mb"), get("duration_ms"), get("requests"));
            let arch = if g.arm { Arch::Arm } else { Arch::X86 };
            let gbs = cost::gb_seconds(requests, duration, memory);
            let (free_req, free_gbs) = if g.free_tier {
                (1_000_000.0, 400_000.0)
            } else {
                (0.0, 0.0)
            };
            let billable_gbs = (gbs - free_gbs).max(0.0);
            let billable_req = (requests - free_req).max(0.0);
            let total = cost::lambda_monthly_usd(&LambdaUsage {
                requests,
                duration_ms: duration,
                memory_mb: memory,
                arch,
                free_tier: g.free_tier,
            });
            let duration_cost = cost::duration_cost_usd(billable_gbs, arch);
            set("memory_gb", memory / 1024.0);
            set("duration_s", duration / 1000.0);
            set("gb_seconds", gbs);
            set("billable_gb_seconds", billable_gbs);
            set("billable_requests", billable_req);
            set("request_cost", total - duration_cost);
            set("duration_cost", duration_cost);
            set("gb_second_price", cost::duration_cost_usd(1.0, arch));
            set("answer", (total * 100.0).round() / 100.0);
        }
        Model::InstancesNeeded => {
            let per_instance = get("slots") * 1000.0 / get("service_ms").max(1e-9);
            let usable = per_instance * get("target_util") / 100.0;
            let exact = get("rate") / usable.max(1e-9);
            set("per_instance", per_instance);
            set("usable", usable);
            set("exact", exact);
            set("answer", exact.ceil());
        }
        Model::Concurrency => {
            let duration_s = get("duration_ms") / 1000.0;
            set("duration_s", duration_s);
            set("answer", get("rate") * duration_s);
        }
        Model::Ec2Monthly => {
            let hourly = g
                .instance
                .as_deref()
                .and_then(|i| cost::ec2_hourly_usd(i).ok())
                .unwrap_or(0.0);
            set("hourly", hourly);
            set(
                "answer",
                (cost::ec2_monthly_usd(hourly, get("instances"), get("hours")) * 100.0).round()
                    / 100.0,
            );
        }
    }
    out
}

/// Replaces `{name}` with its value, written as a person would; `{unit}` with the unit.
pub fn fill(text: &str, values: &Values, unit: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match (name, values.get(name)) {
            ("unit", _) => out.push_str(unit),
            // Worked numbers read best with at most two decimals; small prices keep their digits.
            (_, Some(v)) if v.abs() >= 1.0 => out.push_str(&number((v * 100.0).round() / 100.0)),
            (_, Some(v)) => out.push_str(&number(*v)),
            (_, None) => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Draws the inputs for one asking of `question` (id `full_id`) with `seed`.
pub fn draw(g: &Generator, seed: u64, full_id: &str) -> Values {
    let mut rng = stream(seed ^ GENERATE_STREAM, fnv1a(full_id.as_bytes()));
    g.vars
        .iter()
        .map(|(name, values)| {
            (
                name.clone(),
                values.nth(below(&mut rng, values.count().max(1))),
            )
        })
        .collect()
}

/// Runs a prediction's simulation and reads what it observed: `observed` (the metric, scaled),
/// the run's `requests`, `served`, `cold_starts`, and for the cold-start model the `theory` value
/// e^(-λT) on the same scale, so the explanation can compare prediction, simulation and formula.
pub fn observe(p: &Prediction, seed: u64) -> Option<Values> {
    let model = crate::sim::Model::from_name(&p.sim).ok()?;
    let params = crate::sim::resolve_params(
        model,
        p.params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .ok()?;
    let report = crate::sim::run_headless(model, &params, seed, p.duration_s).ok()?;
    let json = serde_json::to_value(&report).ok()?;
    let summary = match &p.deployment {
        Some(d) => json.get("summary")?.get("deployments")?.get(d)?,
        None => json.get("summary")?,
    };
    read_observation(p, model, &params, summary)
}

/// What a live run of a prediction's simulation (the one the projector shows) observed so far,
/// read as [`observe`] reads a headless run: the same numbers once the live run has reached the
/// prediction's duration with the same seed.
pub fn observe_live(p: &Prediction, live: &crate::sim::live::LiveSim) -> Option<Values> {
    let snapshot = live.snapshot();
    let (_, summary) = match &p.deployment {
        Some(d) => snapshot.summaries.iter().find(|(name, _)| name == d)?,
        None => snapshot.summaries.first()?,
    };
    let json = serde_json::to_value(summary).ok()?;
    read_observation(p, live.model(), live.params(), &json)
}

/// The observed metric (scaled), the counts and for the cold-start model the e^(-λT) value, from
/// a run's summary as JSON.
fn read_observation(
    p: &Prediction,
    model: crate::sim::Model,
    params: &crate::sim::ParamSet,
    summary: &serde_json::Value,
) -> Option<Values> {
    let metric = p
        .metric
        .split('.')
        .try_fold(summary, |v, k| v.get(k))?
        .as_f64()?;
    let mut out = Values::new();
    out.insert("observed".into(), metric * p.scale);
    out.insert(
        "answer".into(),
        ((metric * p.scale) * 100.0).round() / 100.0,
    );
    for key in ["requests", "served", "dropped", "cold_starts"] {
        if let Some(v) = summary.get(key).and_then(serde_json::Value::as_f64) {
            out.insert(key.into(), v);
        }
    }
    if model == crate::sim::Model::ColdStart {
        let rate = params.num("rate");
        let keep_alive = params.num("keep_alive_s");
        out.insert(
            "theory".into(),
            crate::sim::theory::cold_start_probability(rate, keep_alive) * p.scale,
        );
    }
    Some(out)
}

/// How much of a generated question's worked sum the feedback shows. Worked examples help a
/// novice and stop helping (even get in the way) as skill grows, so the sum fades: the scheduler
/// picks the level from the question's card (`progress::drill::fade_for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fade {
    /// The whole worked sum.
    Full,
    /// The worked sum with its last computed step before the answer shown as `?`, for the
    /// learner to fill in.
    OneStep,
    /// No worked sum: only whether the answer was right, and the right answer.
    AnswerOnly,
}

/// [`instantiate`] with the explanation of a generated question faded to `fade`; any other kind
/// (and [`Fade::Full`]) is exactly [`instantiate`].
pub fn instantiate_faded(question: &Question, seed: u64, full_id: &str, fade: Fade) -> Question {
    let asked = instantiate(question, seed, full_id);
    let Kind::Generated(g) = &question.kind else {
        return asked;
    };
    match fade {
        Fade::Full => asked,
        Fade::AnswerOnly => Question {
            explanation: String::new(),
            ..asked
        },
        Fade::OneStep => {
            let values = compute(g, &draw(g, seed, full_id));
            Question {
                explanation: blank_last_step(
                    &question.explanation,
                    g.model.outputs(),
                    &values,
                    &g.unit,
                ),
                ..asked
            }
        }
    }
}

/// The line under a faded sum. The explanation is shown after the answer and there is nothing
/// to type for the `?`, so it asks for a step in the head, not for input (the trial read "work out
/// the ?" as a prompt with nowhere to type).
const LEFT_FOR_YOU: &str =
    "The ? is a step left out for you to redo in your head (nothing to type).";

/// The explanation filled in with the last computed value before the answer (the last
/// placeholder naming one of `outputs`) written as `?`, plus a line saying so. Without such a
/// placeholder the whole sum is shown.
fn blank_last_step(text: &str, outputs: &[&str], values: &Values, unit: &str) -> String {
    let last = crate::content::generated::placeholders(text)
        .into_iter()
        .rfind(|name| outputs.contains(&name.as_str()));
    let Some(name) = last else {
        return fill(text, values, unit);
    };
    let mut kept = values.clone();
    kept.remove(&name);
    let filled = fill(text, &kept, unit).replace(&format!("{{{name}}}"), "?");
    format!("{filled}\n{LEFT_FOR_YOU}")
}

/// The question as it will be asked: a generated one becomes numeric with its numbers filled in,
/// a prediction becomes numeric with the simulation's result as its answer; any other kind is
/// returned unchanged.
pub fn instantiate(question: &Question, seed: u64, full_id: &str) -> Question {
    if let Kind::Predict(p) = &question.kind {
        let values = observe(p, seed).unwrap_or_default();
        return Question {
            prompt: fill(&question.prompt, &values, &p.unit),
            explanation: fill(&question.explanation, &values, &p.unit),
            kind: Kind::Numeric {
                answer: values.get("answer").copied().unwrap_or(f64::NAN),
                tolerance: p.tolerance,
                unit: p.unit.clone(),
            },
            ..question.clone()
        };
    }
    let Kind::Generated(g) = &question.kind else {
        return question.clone();
    };
    let values = compute(g, &draw(g, seed, full_id));
    Question {
        prompt: fill(&question.prompt, &values, &g.unit),
        explanation: fill(&question.explanation, &values, &g.unit),
        kind: Kind::Numeric {
            answer: values.get("answer").copied().unwrap_or(0.0),
            tolerance: g.tolerance,
            unit: g.unit.clone(),
        },
        ..question.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(seed: u64) -> (Question, Question, Question) {
        let catalog = crate::content::Catalog::load(&crate::content::ContentSource::Embedded);
        let (_, q) = catalog
            .question("ec2/gen-instances")
            .expect("shipped generated question");
        let q = q.clone();
        assert_eq!(
            instantiate_faded(&q, seed, "ec2/gen-instances", Fade::Full),
            instantiate(&q, seed, "ec2/gen-instances")
        );
        (
            instantiate_faded(&q, seed, "ec2/gen-instances", Fade::Full),
            instantiate_faded(&q, seed, "ec2/gen-instances", Fade::OneStep),
            instantiate_faded(&q, seed, "ec2/gen-instances", Fade::AnswerOnly),
        )
    }

    #[test]
    fn the_worked_sum_fades_in_three_levels() {
        let (full, one, none) = generated(3);
        assert!(!full.explanation.contains('?'), "{}", full.explanation);
        assert!(
            one.explanation.contains(" = ?, rounded up"),
            "{}",
            one.explanation
        );
        assert!(
            one.explanation.ends_with(
                "\nThe ? is a step left out for you to redo in your head (nothing to type)."
            ),
            "{}",
            one.explanation
        );
        assert!(none.explanation.is_empty());
        // The question and its answer do not change with the level.
        for q in [&one, &none] {
            assert_eq!(q.prompt, full.prompt);
            assert_eq!(q.kind, full.kind);
        }
    }
    use crate::content::generated::Values as Range;

    fn lambda_gen(free_tier: bool, arm: bool) -> Generator {
        Generator {
            model: Model::LambdaCost,
            vars: vec![
                ("memory_mb".into(), Range::List(vec![512.0])),
                ("duration_ms".into(), Range::List(vec![120.0])),
                (
                    "requests".into(),
                    Range::Range {
                        min: 1_000_000.0,
                        max: 5_000_000.0,
                        step: 1_000_000.0,
                    },
                ),
            ],
            unit: "USD".into(),
            tolerance: 0.01,
            arm,
            free_tier,
            instance: None,
        }
    }

    #[test]
    fn lambda_cost_matches_the_cost_model_and_the_fact_sheet() {
        // 3M requests, 512 MB, 120 ms, x86, free tier: 180,000 GB-s (inside 400,000), 2M billable
        // requests at $0.20 per million = $0.40.
        let g = lambda_gen(true, false);
        let inputs: Values = [
            ("memory_mb", 512.0),
            ("duration_ms", 120.0),
            ("requests", 3_000_000.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let v = compute(&g, &inputs);
        assert!((v["gb_seconds"] - 180_000.0).abs() < 1e-6);
        assert_eq!(v["answer"], 0.40);
        // Without the free tier, Arm: the fact sheet's $8.667e-7 per request at 100 ms.
        let g = lambda_gen(false, true);
        let inputs: Values = [
            ("memory_mb", 512.0),
            ("duration_ms", 100.0),
            ("requests", 1_000_000.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(compute(&g, &inputs)["answer"], 0.87);
    }

    #[test]
    fn instances_and_concurrency() {
        let g = Generator {
            model: Model::InstancesNeeded,
            vars: vec![],
            unit: "instances".into(),
            tolerance: 0.0,
            arm: false,
            free_tier: false,
            instance: None,
        };
        let inputs: Values = [
            ("rate", 450.0),
            ("service_ms", 100.0),
            ("slots", 10.0),
            ("target_util", 60.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let v = compute(&g, &inputs);
        assert_eq!(v["per_instance"], 100.0);
        assert_eq!(v["answer"], 8.0, "450 / 60 = 7.5, rounded up");
        let g = Generator {
            model: Model::Concurrency,
            ..g
        };
        let inputs: Values = [("rate", 200.0), ("duration_ms", 250.0)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(compute(&g, &inputs)["answer"], 50.0);
    }

    #[test]
    fn fresh_numbers_per_seed_and_the_same_for_the_same_seed() {
        let g = lambda_gen(true, false);
        let q = Question {
            id: "g".into(),
            prompt: "{requests} calls at {memory_mb} MB for {duration_ms} ms?".into(),
            explanation: "GB-s = {gb_seconds}; answer {answer} {unit}".into(),
            kind: Kind::Generated(g),
            line: 1,
        };
        let a = instantiate(&q, 1, "k/g");
        assert_eq!(a.prompt, instantiate(&q, 1, "k/g").prompt);
        let distinct: std::collections::BTreeSet<String> =
            (0..40).map(|s| instantiate(&q, s, "k/g").prompt).collect();
        assert!(distinct.len() > 1, "different seeds draw different numbers");
        assert!(!a.prompt.contains('{'), "{}", a.prompt);
        assert!(matches!(a.kind, Kind::Numeric { .. }));
        assert!(a.explanation.ends_with(" USD"), "{}", a.explanation);
    }

    #[test]
    fn a_prediction_is_judged_against_the_simulation() {
        let p = Prediction {
            sim: "cold-start".into(),
            params: vec![
                ("rate".into(), "0.0016667".into()),
                ("keep_alive_s".into(), "300".into()),
            ],
            metric: "cold_start_ratio".into(),
            deployment: None,
            duration_s: Some(30.0 * 86400.0),
            scale: 100.0,
            unit: "%".into(),
            tolerance: 10.0,
        };
        let v = observe(&p, 3).expect("the simulation runs");
        // λT = 0.5: theory says e^-0.5 = 60.65 % of requests are cold.
        assert!((v["theory"] - 60.65).abs() < 0.1, "{v:?}");
        assert!(
            (v["observed"] - v["theory"]).abs() < 5.0,
            "simulation agrees with theory: {v:?}"
        );
        let q = Question {
            id: "p".into(),
            prompt: "Predict the cold share.".into(),
            explanation: "Observed {observed}{unit}; theory {theory}{unit}.".into(),
            kind: Kind::Predict(p),
            line: 1,
        };
        let asked = instantiate(&q, 3, "k/p");
        let Kind::Numeric {
            answer, tolerance, ..
        } = asked.kind
        else {
            panic!("asked as numeric")
        };
        assert_eq!(answer, (v["observed"] * 100.0).round() / 100.0);
        assert_eq!(tolerance, 10.0);
        assert!(!asked.explanation.contains('{'), "{}", asked.explanation);
    }

    #[test]
    fn fill_leaves_unknown_names_and_lone_braces() {
        let v: Values = [("x".to_string(), 1500.0)].into_iter().collect();
        assert_eq!(fill("{x} and {y} and {", &v, "u"), "1,500 and {y} and {");
    }
}
