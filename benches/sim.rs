//! Simulation throughput: simulated requests per second of wall time on one core.
//!
//! Run: `cargo bench --bench sim`. The M/M/c case is the brief's target (≥ 10 M requests/s): a
//! fixed fleet of c = 10 single-slot servers, Poisson arrivals, exponential service, unbounded
//! queue, at ρ = 0.8. Throughput is reported per simulated request (criterion's "elements").
use std::hint::black_box;

use cloudtutor::api::content::{Catalog, ContentSource, expectations};
use cloudtutor::api::sim::live::LiveSim;
use cloudtutor::api::sim::{Model, Sim, resolve_params};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Simulated seconds per iteration and the requests they contain on average.
fn case(c: &mut Criterion, name: &str, model: Model, pairs: &[(&str, &str)], secs: f64, reqs: u64) {
    let p = match resolve_params(model, pairs.iter().copied()) {
        Ok(p) => p,
        Err(e) => panic!("benchmark parameters: {e}"),
    };
    let mut g = c.benchmark_group("sim");
    g.throughput(Throughput::Elements(reqs));
    g.sample_size(20);
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut sim = match Sim::new(model, &p, 1, false) {
                Ok(s) => s,
                Err(e) => panic!("{e}"),
            };
            sim.advance_to(secs * 1000.0);
            black_box(sim.summary())
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    // M/M/10, λ = 8000/s, μ = 1000/s (1 ms mean service): 1 s of sim time = 8,000 requests.
    let mmc = [
        ("deployments", "fixed"),
        ("instances", "10"),
        ("slots", "1"),
        ("traffic", "poisson"),
        ("rate", "8000"),
        ("service_dist", "exp"),
        ("service_ms", "1"),
        ("queue_limit", "0"),
    ];
    case(
        c,
        "mmc_c10_rho0.8_1M_requests",
        Model::Scaling,
        &mmc,
        125.0,
        1_000_000,
    );
    // The same queue in seconds-scale units (λ = 8/s, μ = 1/s), as in the fact sheet.
    let mmc_slow = [
        ("deployments", "fixed"),
        ("instances", "10"),
        ("slots", "1"),
        ("traffic", "poisson"),
        ("rate", "8"),
        ("service_dist", "exp"),
        ("service_ms", "1000"),
        ("queue_limit", "0"),
    ];
    case(
        c,
        "mmc_c10_lambda8_mu1_1M_requests",
        Model::Scaling,
        &mmc_slow,
        125_000.0,
        1_000_000,
    );
    // All four deployments under the default spike (for the live view's budget).
    let spike = [
        ("rate", "50"),
        ("peak", "500"),
        ("spike_at_s", "300"),
        ("spike_len_s", "600"),
    ];
    case(
        c,
        "scaling_4_deployments_default_1800s",
        Model::Scaling,
        &spike,
        1800.0,
        4 * 360_000,
    );
    pool(c);
    live(c);
    expectations(c);
}

/// The execution-environment pool under load, one case per way it keeps reclaim deadlines:
/// Lambda alone in the scaling model (constant keep-alive: the idle list's head is next),
/// cold-start with jitter (the deadline heap), db-connections (the list, plus the model's own
/// connection timers). 2,000 req/s for 10 simulated minutes: 1.2 M requests each.
fn pool(c: &mut Criterion) {
    let lambda = [
        ("deployments", "lambda"),
        ("traffic", "poisson"),
        ("rate", "2000"),
        ("keep_alive_s", "60"),
    ];
    case(
        c,
        "pool_lambda_2000rps_600s",
        Model::Scaling,
        &lambda,
        600.0,
        1_200_000,
    );
    let jitter = [
        ("rate", "2000"),
        ("keep_alive_s", "5"),
        ("keep_alive_jitter_s", "4"),
    ];
    case(
        c,
        "pool_cold_start_jitter_2000rps_600s",
        Model::ColdStart,
        &jitter,
        600.0,
        1_200_000,
    );
    let db = [
        ("rate", "2000"),
        ("burst", "0"),
        ("client", "outside"),
        ("db_limit", "100000"),
    ];
    case(
        c,
        "pool_db_connections_2000rps_600s",
        Model::DbConnections,
        &db,
        600.0,
        1_200_000,
    );
}

/// What `cloudtutor check` spends on simulations: every shipped sim block that states `expect`
/// lines, run headless with its duration and seed, and its lines checked.
fn expectations(c: &mut Criterion) {
    let catalog = Catalog::load(&ContentSource::Embedded);
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.bench_function("shipped_sim_expectations", |b| {
        b.iter(|| {
            let run = expectations::run_all(&catalog);
            assert!(run.misses.is_empty(), "{:?}", run.misses);
            black_box(run.expectations)
        })
    });
    g.finish();
}

/// The live view's budget: one frame at 1000× speed and 30 frames/s is 33.3 simulated seconds,
/// here at a steady 500 req/s on all four deployments (recording series), plus a snapshot.
fn live(c: &mut Criterion) {
    let pairs = [("traffic", "poisson"), ("rate", "500"), ("asg_max", "20")];
    let mut sim = match LiveSim::new("scaling", pairs, 1) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    sim.advance(600_000.0);
    let mut g = c.benchmark_group("live");
    g.sample_size(30);
    g.bench_function("advance_one_frame_1000x_scaling_500rps", |b| {
        b.iter(|| sim.advance(1000.0 * 1000.0 / 30.0))
    });
    g.bench_function("snapshot_scaling", |b| b.iter(|| black_box(sim.snapshot())));
    g.finish();
}

criterion_group!(sim_benches, benches);
criterion_main!(sim_benches);
