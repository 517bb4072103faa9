//! Property tests of the simulation's parsers: `--set KEY=VALUE` arguments, lesson block
//! parameters and traffic traces never panic on any input, and errors name what was wrong.
use proptest::prelude::*;

use super::traffic::Trace;
use super::{MODELS, Model, check_param, parse_assignments, resolve_params};

fn assignment() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "rate",
        "peak",
        "traffic",
        "instances",
        "slots",
        "keep_alive_s",
        "runtime",
        "memory_mb",
        "client",
        "proxy",
        "requests",
        "arch",
        "free_tier",
        "instance",
        "deployments",
        "trace",
        "nope",
        "",
    ]);
    let values = prop::sample::select(vec![
        "1",
        "0",
        "-1",
        "1e308",
        "NaN",
        "inf",
        "0.5",
        "true",
        "maybe",
        "spike",
        "arm",
        "t4g.small",
        "onprem,lambda",
        "lambda,lambda",
        "",
        " 7 ",
        "1_000",
    ]);
    prop_oneof![
        (keys, values).prop_map(|(k, v)| format!("{k}={v}")),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn set_arguments_never_panic(model in prop::sample::select(MODELS.to_vec()), args in prop::collection::vec(assignment(), 0..6)) {
        let m = Model::from_name(model).expect("a listed model");
        if let Ok(pairs) = parse_assignments(m, &args) {
            let _ = resolve_params(m, pairs);
        }
    }

    #[test]
    fn block_parameters_never_panic(model in any::<String>(), key in any::<String>(), value in any::<String>()) {
        let r = check_param(&model, &key, &value);
        if !MODELS.contains(&model.as_str()) {
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn traces_never_panic(text in any::<String>(), lines in prop::collection::vec("[0-9.,-]{0,12}", 0..20)) {
        let _ = Trace::parse("t.csv", &text);
        let csv = format!("second,rate\n{}", lines.join("\n"));
        if let Err(e) = Trace::parse("t.csv", &csv) {
            prop_assert!(e.to_string().contains("t.csv"), "{e}");
        }
    }
}

/// Parameters of the time models drawn from ranges wide enough to reach drops, throttling,
/// leaks, cold starts and long queues, yet small enough to run a few hundred cases quickly.
fn model_run() -> impl Strategy<Value = (Model, Vec<(String, String)>, f64, u64)> {
    let scaling = (
        0.0f64..400.0,
        0.0f64..2000.0,
        1u32..400,
        1u32..4,
        0u32..50,
        prop::sample::select(vec!["poisson", "spike", "step"]),
        prop::sample::select(vec!["target-tracking", "simple"]),
        1u32..300,
    )
        .prop_map(
            |(rate, peak, service, inst, queue, traffic, policy, quota)| {
                (
                    Model::Scaling,
                    vec![
                        ("traffic".into(), traffic.into()),
                        ("rate".into(), format!("{rate}")),
                        ("peak".into(), format!("{peak}")),
                        ("spike_at_s".into(), "20".into()),
                        ("spike_len_s".into(), "40".into()),
                        ("service_ms".into(), format!("{service}")),
                        ("instances".into(), format!("{inst}")),
                        ("queue_limit".into(), format!("{queue}")),
                        ("scaling_policy".into(), policy.into()),
                        ("asg_min".into(), "1".into()),
                        ("lambda_quota".into(), format!("{quota}")),
                    ],
                )
            },
        );
    let cold =
        (0.0f64..20.0, 0.0f64..30.0, 0u32..3, 0.0f64..20.0).prop_map(|(rate, keep, prov, ping)| {
            (
                Model::ColdStart,
                vec![
                    ("rate".into(), format!("{rate}")),
                    ("keep_alive_s".into(), format!("{keep}")),
                    ("provisioned".into(), format!("{prov}")),
                    ("keep_warm_s".into(), format!("{ping}")),
                ],
            )
        });
    let db = (
        0.0f64..300.0,
        0u32..800,
        prop::sample::select(vec!["inside", "outside"]),
        any::<bool>(),
        any::<bool>(),
        1u32..600,
        1u32..8,
        1u32..300,
    )
        .prop_map(|(rate, burst, client, close, proxy, limit, pool, quota)| {
            (
                Model::DbConnections,
                vec![
                    ("rate".into(), format!("{rate}")),
                    ("burst".into(), format!("{burst}")),
                    ("burst_at_s".into(), "5".into()),
                    ("client".into(), client.into()),
                    ("close_client".into(), format!("{close}")),
                    ("proxy".into(), format!("{proxy}")),
                    ("db_limit".into(), format!("{limit}")),
                    ("pool".into(), format!("{pool}")),
                    ("proxy_connections".into(), "20".into()),
                    ("borrow_timeout_s".into(), "2".into()),
                    ("lambda_quota".into(), format!("{quota}")),
                ],
            )
        });
    (prop_oneof![scaling, cold, db], 1.0f64..120.0, any::<u64>())
        .prop_map(|((m, p), d, seed)| (m, p, d, seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every ratio lies in [0, 1], and every request is accounted for at the end of a run:
    /// `requests = served + dropped + in_flight`.
    #[test]
    fn ratios_are_bounded_and_requests_are_conserved((model, pairs, secs, seed) in model_run()) {
        let p = resolve_params(model, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .expect("parameters inside their ranges");
        let report = super::run_headless(model, &p, seed, Some(secs)).expect("a run");
        let sums = match report.summary {
            super::RunSummary::Single(s) => vec![("single", s)],
            super::RunSummary::Deployments(d) => d,
            super::RunSummary::Cost(_) => vec![],
        };
        for (name, s) in sums {
            for (label, r) in [
                ("cold_start_ratio", s.cold_start_ratio),
                ("p_wait", s.p_wait),
                ("utilization", s.utilization),
            ] {
                prop_assert!((0.0..=1.0).contains(&r), "{name}: {label} = {r} ({pairs:?})");
            }
            prop_assert_eq!(
                s.requests,
                s.served + s.dropped + s.in_flight,
                "{}: {:?}",
                name,
                pairs
            );
            // Every environment the pool created was either provisioned or a cold start (of a
            // request or of a keep-warm ping).
            if model == Model::ColdStart {
                let fig = |k: &str| s.figure(k).unwrap_or(f64::NAN);
                prop_assert_eq!(
                    fig("environments_created"),
                    s.cold_starts as f64 + fig("ping_cold_starts") + p.count("provisioned") as f64,
                    "{:?}",
                    pairs
                );
            }
        }
    }
}
