//! Tests of the public surface: parameter tables, check_param, headless runs, determinism.
use super::*;

#[test]
fn every_default_parses_and_every_table_is_documented() {
    for m in Model::ALL {
        for s in m.params() {
            assert!(
                s.parse(s.default).is_ok(),
                "{}: default of {} does not parse",
                m.name(),
                s.name
            );
            assert!(
                !s.doc.is_empty() && !s.source.is_empty(),
                "{}.{}",
                m.name(),
                s.name
            );
        }
        let mut names: Vec<&str> = m.params().iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            m.params().len(),
            "duplicate parameter in {}",
            m.name()
        );
        // Every model builds and runs a little with its defaults.
        let p = resolve_params(m, Vec::<(String, String)>::new()).unwrap();
        run_headless(m, &p, 1, Some(5.0)).unwrap();
    }
}

#[test]
fn brief_parameter_names_exist() {
    let want: &[(&str, &[&str])] = &[
        (
            "scaling",
            &[
                "traffic",
                "trace",
                "rate",
                "peak",
                "spike_at_s",
                "spike_len_s",
                "service_ms",
                "service_dist",
                "instances",
                "slots",
                "queue_limit",
                "asg_min",
                "asg_max",
                "target_util",
                "launch_s",
                "warmup_s",
                "scaling_policy",
                "cooldown_s",
                "lambda_quota",
                "lambda_scale_per_10s",
                "cold_ms",
                "keep_alive_s",
                "memory_mb",
                "instance",
                "deployments",
            ],
        ),
        (
            "cold-start",
            &[
                "rate",
                "keep_alive_s",
                "keep_alive_jitter_s",
                "runtime",
                "package_mb",
                "init_ms",
                "service_ms",
                "memory_mb",
                "provisioned",
                "keep_warm_s",
            ],
        ),
        (
            "db-connections",
            &[
                "rate",
                "burst",
                "service_ms",
                "client",
                "pool",
                "proxy",
                "db_limit",
                "proxy_connections",
            ],
        ),
        (
            "cost",
            &[
                "memory_mb",
                "duration_ms",
                "arch",
                "free_tier",
                "instance",
                "instances",
                "hours",
                "onprem_upfront",
                "onprem_years",
                "onprem_monthly",
                "requests",
            ],
        ),
    ];
    for (model, keys) in want {
        let m = Model::from_name(model).unwrap();
        for k in *keys {
            assert!(
                m.params().iter().any(|s| s.name == *k),
                "{model}: missing {k}"
            );
        }
    }
    // Defaults the brief pins.
    let scale = ParamSet::defaults(scaling::PARAMS);
    assert_eq!(scale.num("lambda_scale_per_10s"), 1000.0);
}

#[test]
fn check_param_reports_model_key_and_value() {
    assert!(check_param("scaling", "rate", "20").is_ok());
    let e = check_param("nope", "rate", "1").unwrap_err();
    assert!(
        e.contains("unknown sim model `nope`") && e.contains("db-connections"),
        "{e}"
    );
    let e = check_param("cold-start", "ratee", "1").unwrap_err();
    assert!(e.contains("`ratee`") && e.contains("keep_alive_s"), "{e}");
    let e = check_param("cold-start", "runtime", "cobol").unwrap_err();
    assert!(
        e.contains("`cobol`") && e.contains("python, node, go, java, dotnet, rust"),
        "{e}"
    );
    let e = check_param("cost", "memory_mb", "64").unwrap_err();
    assert!(e.contains("128 to 10240"), "{e}");
    let e = check_param("scaling", "trace", "nope").unwrap_err();
    assert!(e.contains("flash-sale"), "{e}");
    assert!(check_param("db-connections", "proxy", "true").is_ok());
}

#[test]
fn every_sim_block_in_the_shipped_lessons_is_valid() {
    // The parameters the lessons on main use (copied here so the test runs on this branch).
    let blocks: &[(&str, &[(&str, &str)])] = &[
        (
            "scaling",
            &[
                ("traffic", "spike"),
                ("rate", "50"),
                ("peak", "500"),
                ("spike_at_s", "300"),
                ("spike_len_s", "900"),
                ("service_ms", "100"),
                ("slots", "10"),
                ("instances", "2"),
                ("asg_min", "1"),
                ("asg_max", "8"),
                ("target_util", "60"),
                ("launch_s", "90"),
                ("warmup_s", "60"),
                ("cooldown_s", "300"),
                ("lambda_quota", "1000"),
                ("cold_ms", "300"),
            ],
        ),
        (
            "cost",
            &[
                ("requests", "14000000"),
                ("memory_mb", "512"),
                ("duration_ms", "100"),
                ("arch", "arm"),
                ("free_tier", "false"),
                ("instance", "t4g.small"),
                ("instances", "32"),
                ("hours", "730"),
                ("onprem_upfront", "24000"),
                ("onprem_years", "3"),
                ("onprem_monthly", "700"),
            ],
        ),
        (
            "cold-start",
            &[
                ("rate", "0.001"),
                ("keep_alive_s", "600"),
                ("runtime", "python"),
                ("package_mb", "15"),
                ("init_ms", "300"),
                ("service_ms", "50"),
                ("memory_mb", "512"),
                ("keep_warm_s", "0"),
                ("provisioned", "0"),
            ],
        ),
        (
            "db-connections",
            &[
                ("rate", "200"),
                ("burst", "1000"),
                ("service_ms", "50"),
                ("client", "inside"),
                ("pool", "5"),
                ("proxy", "false"),
                ("db_limit", "80"),
                ("proxy_connections", "40"),
            ],
        ),
    ];
    for (model, pairs) in blocks {
        for (k, v) in *pairs {
            check_param(model, k, v).unwrap_or_else(|e| panic!("{model} {k}={v}: {e}"));
        }
    }
}

#[test]
fn markdown_lists_every_parameter() {
    let md = params_markdown();
    for m in Model::ALL {
        assert!(md.contains(&format!("### `{}`", m.name())));
        for s in m.params() {
            assert!(md.contains(&format!("| `{}` |", s.name)), "{}", s.name);
        }
    }
    assert!(md.contains("S5, S6"));
}

fn json(model: Model, pairs: &[(&str, &str)], seed: u64, secs: f64) -> String {
    let p = resolve_params(model, pairs.iter().copied()).unwrap();
    serde_json::to_string(&run_headless(model, &p, seed, Some(secs)).unwrap()).unwrap()
}

#[test]
fn same_seed_same_json_different_seed_different_json() {
    for m in [Model::Scaling, Model::ColdStart, Model::DbConnections] {
        let secs = if m == Model::ColdStart {
            20_000.0
        } else {
            400.0
        };
        let a = json(m, &[], 42, secs);
        let b = json(m, &[], 42, secs);
        let c = json(m, &[], 43, secs);
        assert_eq!(a, b, "{}", m.name());
        assert_ne!(a, c, "{}", m.name());
    }
}

#[test]
fn mmc_is_expressible_in_the_public_parameters() {
    let p = resolve_params(
        Model::Scaling,
        [
            ("deployments", "fixed"),
            ("instances", "2"),
            ("slots", "1"),
            ("traffic", "poisson"),
            ("rate", "1.5"),
            ("service_dist", "exp"),
            ("service_ms", "1000"),
            ("queue_limit", "0"),
        ],
    )
    .unwrap();
    let r = run_headless(Model::Scaling, &p, 1, Some(20_000.0)).unwrap();
    let RunSummary::Deployments(d) = &r.summary else {
        panic!("scaling has deployments")
    };
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].0, "fixed");
    let s = &d[0].1;
    // The statistical comparison with Erlang C is `scaling::tests::erlang_c_fact_sheet_vectors`
    // (batch means); here: the run is a two-server queue that waits and drops nothing.
    assert_eq!(s.dropped, 0);
    assert!(s.queued > 0 && s.served > 0);
    assert_eq!(r.params.num("slots"), 1.0);
}

/// `assets/sim-params.md` is the generated parameter reference for the README; it must match the
/// tables. Regenerate with `UPDATE_SIM_PARAMS=1 cargo test --lib sim::tests::params_reference`.
#[test]
fn params_reference_file_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sim-params.md");
    let want = format!(
        "<!-- Generated by cloudtutor::sim::params_markdown(); do not edit by hand. -->\n\n{}",
        params_markdown()
    );
    if std::env::var_os("UPDATE_SIM_PARAMS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "assets/sim-params.md is stale: run UPDATE_SIM_PARAMS=1 cargo test --lib sim::tests::params_reference"
    );
}

/// `cloudtutor check` runs only the scaling deployments an expectation reads; that is sound only
/// if a deployment's results do not depend on which others run beside it.
#[test]
fn scaling_deployments_are_independent_of_each_other() {
    let base = [
        ("traffic", "spike"),
        ("rate", "50"),
        ("peak", "400"),
        ("spike_at_s", "60"),
        ("spike_len_s", "120"),
    ];
    let run = |deps: &str| {
        let p = resolve_params(
            Model::Scaling,
            base.iter().copied().chain([("deployments", deps)]),
        )
        .unwrap();
        match run_headless(Model::Scaling, &p, 9, Some(400.0))
            .unwrap()
            .summary
        {
            crate::sim::RunSummary::Deployments(d) => d,
            other => panic!("{other:?}"),
        }
    };
    let all = run("onprem,fixed,asg,lambda");
    for (name, summary) in &all {
        let alone = run(name);
        assert_eq!(&alone[0].1, summary, "{name}");
    }
}

/// The points of one line of one chart of a headless run with series.
fn series_points(model: Model, pairs: &[(&str, &str)], secs: f64, id: &str) -> Vec<(f64, f64)> {
    let p = resolve_params(model, pairs.iter().copied()).unwrap();
    let report = run_headless_with(model, &p, 1, Some(secs), true).unwrap();
    let charts = report.charts.unwrap();
    let chart = charts.iter().find(|c| c.id == id).unwrap();
    chart.lines[0].points.clone()
}

#[test]
fn latency_series_at_low_traffic_have_gaps_not_zeros() {
    // Half a request a second, 100 ms each, never cold after the first: most seconds see no
    // completed request. Their percentile is a gap; every point read is about 100 ms (it read
    // 50 ms as a median when empty seconds counted as 0).
    let warm = [
        ("rate", "0.5"),
        ("service_ms", "100"),
        ("keep_alive_s", "3600"),
    ];
    let pts = series_points(Model::ColdStart, &warm, 3600.0, "latency_p50");
    assert!(!pts.is_empty());
    assert!(
        pts.len() < 2048,
        "empty seconds left no gap: {} points",
        pts.len()
    );
    let warm_points = pts.iter().filter(|p| (p.1 - 100.0).abs() <= 1.0).count();
    assert!(
        warm_points + 1 >= pts.len(),
        "{} of {} points off 100 ms, e.g. {:?}",
        pts.len() - warm_points,
        pts.len(),
        pts.iter().find(|p| (p.1 - 100.0).abs() > 1.0)
    );
    // One request every 200 s, 80 ms warm and 480 ms cold (INIT 400 ms): a day's series is
    // halved to 64 s points, and each must still read 80 or 480, never 480/64 or 80/64.
    let sparse = [
        ("rate", "0.005"),
        ("package_mb", "15"),
        ("init_ms", "400"),
        ("service_ms", "80"),
        ("keep_alive_s", "300"),
    ];
    for id in ["latency_p50", "latency_p95", "latency_p99"] {
        let pts = series_points(Model::ColdStart, &sparse, 86_400.0, id);
        assert!(pts.len() > 100, "{id}: {}", pts.len());
        assert!(
            pts.iter().all(|p| p.1 >= 79.0 && p.1 <= 485.0),
            "{id}: {:?}",
            pts.iter().find(|p| p.1 < 79.0 || p.1 > 485.0)
        );
    }
}
