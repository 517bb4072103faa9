//! Per-deployment request statistics and the summary every model reports (headless JSON, table,
//! live view).
//!
//! Why one shape for every model: the JSON schema promised to lesson authors and tests is the same
//! for scaling, cold-start and db-connections, so one accumulator and one summary type serve all.
use serde::ser::{SerializeMap, Serializer};

use super::stats::{Merge, Series, Sketch, Welford};

/// Request counters, latency and wait statistics, and time integrals of one deployment.
#[derive(Debug, Clone)]
pub struct RequestStats {
    /// Arrivals.
    pub requests: u64,
    /// Requests that completed.
    pub served: u64,
    /// Requests rejected (queue full, throttled with 429, connection refused).
    pub dropped: u64,
    /// Requests that had to wait (queued, or waited for a cold start).
    pub queued: u64,
    /// Cold starts caused by requests.
    pub cold_starts: u64,
    /// Latency (arrival to completion) of served requests, ms.
    pub latency: Welford,
    /// Latency quantiles, ms.
    pub sketch: Sketch,
    /// Wait (arrival to start of service) of started requests, ms.
    pub wait: Welford,
    /// ∫ requests in system dt (ms·requests), for the time-average concurrency.
    pub area_sys: f64,
    /// Largest number of requests in the system at once.
    pub peak_sys: u64,
    /// ∫ busy slots dt.
    pub busy_area: f64,
    /// ∫ capacity (available slots or live environments) dt.
    pub cap_area: f64,
}

impl Default for RequestStats {
    fn default() -> Self {
        RequestStats {
            requests: 0,
            served: 0,
            dropped: 0,
            queued: 0,
            cold_starts: 0,
            latency: Welford::default(),
            sketch: Sketch::new(),
            wait: Welford::default(),
            area_sys: 0.0,
            peak_sys: 0,
            busy_area: 0.0,
            cap_area: 0.0,
        }
    }
}

impl RequestStats {
    /// Adds `dt` ms at the current state to the time integrals: `in_system` requests in the
    /// system, `busy` slots or environments serving, `capacity` slots or live environments.
    #[inline]
    pub fn accumulate(&mut self, in_system: f64, busy: f64, capacity: f64, dt: f64) {
        self.area_sys += in_system * dt;
        self.busy_area += busy * dt;
        self.cap_area += capacity * dt;
    }

    /// Records a completed request.
    #[inline]
    pub fn served(&mut self, latency_ms: f64) {
        self.served += 1;
        self.latency.push(latency_ms);
        self.sketch.push(latency_ms);
    }

    /// Cold starts / requests so far, in [0, 1] (0 before the first request).
    pub fn cold_share(&self) -> f64 {
        if self.requests > 0 {
            (self.cold_starts as f64 / self.requests as f64).min(1.0)
        } else {
            0.0
        }
    }

    /// Builds the summary at time `now_ms` with the cost so far; `in_flight` is the number of
    /// requests admitted and not yet finished (in service, starting, or queued) at `now_ms`.
    pub fn summary(&self, now_ms: f64, cost_usd: f64, in_flight: u64) -> Summary {
        // Denominator: every arrival. A request causes at most one cold start and waits at most
        // once, so both ratios stay in [0, 1] even when requests are dropped after waiting.
        let ratio = |x: u64| {
            if self.requests > 0 {
                (x as f64 / self.requests as f64).min(1.0)
            } else {
                0.0
            }
        };
        Summary {
            requests: self.requests,
            served: self.served,
            dropped: self.dropped,
            in_flight,
            queued: self.queued,
            cold_starts: self.cold_starts,
            cold_start_ratio: ratio(self.cold_starts),
            latency_ms: Latency {
                mean: self.latency.mean(),
                p50: self.sketch.quantile(0.50),
                p95: self.sketch.quantile(0.95),
                p99: self.sketch.quantile(0.99),
            },
            mean_wait_ms: self.wait.mean(),
            p_wait: ratio(self.queued),
            mean_concurrency: if now_ms > 0.0 {
                self.area_sys / now_ms
            } else {
                0.0
            },
            peak_concurrency: self.peak_sys,
            utilization: if self.cap_area > 0.0 {
                self.busy_area / self.cap_area
            } else {
                0.0
            },
            cost_usd,
            extra: Vec::new(),
        }
    }
}

/// Latency statistics of served requests, ms (`None` before the first one).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Latency {
    /// Mean.
    pub mean: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
    /// 99th percentile.
    pub p99: Option<f64>,
}

/// What a run (or a deployment of the scaling model) reports.
///
/// Why a fixed set of fields plus `extra`: the common fields are the promised JSON schema; models
/// add their own (`peak_connections`, `init_ms`, ...) without a type per model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Arrivals.
    pub requests: u64,
    /// Completed requests.
    pub served: u64,
    /// Rejected requests.
    pub dropped: u64,
    /// Requests admitted and not finished at the end of the run (in service, starting, queued):
    /// `requests = served + dropped + in_flight`.
    pub in_flight: u64,
    /// Requests that waited (in a queue or for a cold start).
    pub queued: u64,
    /// Cold starts caused by requests.
    pub cold_starts: u64,
    /// Cold starts caused by requests / requests (arrivals), in [0, 1].
    pub cold_start_ratio: f64,
    /// Latency statistics.
    pub latency_ms: Latency,
    /// Mean wait of started requests.
    pub mean_wait_ms: Option<f64>,
    /// Requests that waited / requests (arrivals), in [0, 1].
    pub p_wait: f64,
    /// Time-average number of requests in the system.
    pub mean_concurrency: f64,
    /// Largest number of requests in the system.
    pub peak_concurrency: u64,
    /// ∫ busy slots dt / ∫ available slots dt over the run, in [0, 1].
    pub utilization: f64,
    /// Cost so far, USD.
    pub cost_usd: f64,
    /// Model-specific figures, in order.
    pub extra: Vec<(&'static str, Figure)>,
}

/// A model-specific summary figure: a count (written as an integer in JSON) or a real number
/// (`null` in JSON when undefined, e.g. a latency before the first request).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// Things counted: connections, environments, requests.
    Count(u64),
    /// Measured or derived quantities: milliseconds, ratios, means.
    Real(f64),
}

impl Figure {
    /// The value as a number (a count converts exactly up to 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            Figure::Count(n) => n as f64,
            Figure::Real(x) => x,
        }
    }
}

impl serde::Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Figure::Count(n) => serializer.serialize_u64(n),
            Figure::Real(x) if x.is_finite() => serializer.serialize_f64(x),
            Figure::Real(_) => serializer.serialize_none(),
        }
    }
}

impl serde::Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("requests", &self.requests)?;
        m.serialize_entry("served", &self.served)?;
        m.serialize_entry("dropped", &self.dropped)?;
        m.serialize_entry("in_flight", &self.in_flight)?;
        m.serialize_entry("queued", &self.queued)?;
        m.serialize_entry("cold_starts", &self.cold_starts)?;
        m.serialize_entry("cold_start_ratio", &self.cold_start_ratio)?;
        m.serialize_entry("latency_ms", &self.latency_ms)?;
        m.serialize_entry("mean_wait_ms", &self.mean_wait_ms)?;
        m.serialize_entry("p_wait", &self.p_wait)?;
        m.serialize_entry("mean_concurrency", &self.mean_concurrency)?;
        m.serialize_entry("peak_concurrency", &self.peak_concurrency)?;
        m.serialize_entry("utilization", &self.utilization)?;
        m.serialize_entry("cost_usd", &self.cost_usd)?;
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Summary {
    /// Appends a count figure.
    pub fn push_count(&mut self, name: &'static str, n: u64) {
        self.extra.push((name, Figure::Count(n)));
    }

    /// Appends a real-valued figure (NaN: undefined, written as `null`).
    pub fn push_real(&mut self, name: &'static str, x: f64) {
        self.extra.push((name, Figure::Real(x)));
    }

    /// A model-specific figure by name, as a number.
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.extra
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_f64())
    }

    /// (label, value) rows for the plain-text table, in a stable order.
    pub fn rows(&self) -> Vec<(String, String)> {
        let opt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"));
        let mut rows = vec![
            ("requests".to_string(), self.requests.to_string()),
            ("served".into(), self.served.to_string()),
            ("dropped".into(), self.dropped.to_string()),
            ("in flight".into(), self.in_flight.to_string()),
            ("queued".into(), self.queued.to_string()),
            ("cold starts".into(), self.cold_starts.to_string()),
            (
                "cold-start ratio".into(),
                format!("{:.4}", self.cold_start_ratio),
            ),
            ("latency mean ms".into(), opt(self.latency_ms.mean)),
            ("latency p50 ms".into(), opt(self.latency_ms.p50)),
            ("latency p95 ms".into(), opt(self.latency_ms.p95)),
            ("latency p99 ms".into(), opt(self.latency_ms.p99)),
            ("mean wait ms".into(), opt(self.mean_wait_ms)),
            ("P(wait)".into(), format!("{:.4}", self.p_wait)),
            (
                "mean concurrency".into(),
                format!("{:.2}", self.mean_concurrency),
            ),
            ("peak concurrency".into(), self.peak_concurrency.to_string()),
            (
                "utilisation".into(),
                format!("{:.1} %", self.utilization * 100.0),
            ),
            ("cost USD".into(), format!("{:.4}", self.cost_usd)),
        ];
        for (k, v) in &self.extra {
            let shown = match *v {
                Figure::Count(n) => n.to_string(),
                Figure::Real(x) if x.is_finite() => real_cell(x),
                Figure::Real(_) => "-".to_string(),
            };
            rows.push((k.replace('_', " "), shown));
        }
        rows
    }
}

/// A real figure for the plain-text table: 4 decimals, but a small nonzero value keeps its
/// magnitude (an e^(-λT) estimate of 3e-9 must not print as a flat `0`).
fn real_cell(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:.2e}")
    } else {
        super::params::fmt_num((x * 1e4).round() / 1e4)
    }
}

/// Per-second series of one deployment, recorded only when someone will look (the live view or
/// `--series`): sampling costs time when the arrival rate is low.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// Next sampling instant, ms.
    pub next_sample_ms: f64,
    /// Arrivals since the last sample.
    pub arrivals: u64,
    /// Peak requests-in-system since the last sample.
    pub interval_peak: u64,
    /// Latencies since the last sample.
    pub window: Sketch,
    /// Observed arrival rate, req/s.
    pub arrival_rate: Series,
    /// Instances in service (fleets) or live environments (Lambda).
    pub instances: Series,
    /// Peak requests in the system per interval.
    pub concurrency: Series,
    /// Queue length at each sample.
    pub queue: Series,
    /// Latency percentiles of requests completed in each interval, ms. An interval with no
    /// completed request is a gap (no point); merged intervals are weighted by their completed
    /// requests ([`Merge::Weighted`]).
    pub p50: Series,
    /// 95th percentile.
    pub p95: Series,
    /// 99th percentile; merged intervals keep the maximum, so a tail spike stays visible.
    pub p99: Series,
    /// Cumulative cost, USD.
    pub cost: Series,
    /// Cold starts / requests since the start of the run, in [0, 1] (converges to the
    /// e^(-λT) estimate in the cold-start model).
    pub cold_share: Series,
}

/// Points kept per series before halving the resolution.
pub const SERIES_CAP: usize = 2048;

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            next_sample_ms: 1000.0,
            arrivals: 0,
            interval_peak: 0,
            window: Sketch::new(),
            arrival_rate: Series::new(SERIES_CAP, Merge::Mean),
            instances: Series::new(SERIES_CAP, Merge::Mean),
            concurrency: Series::new(SERIES_CAP, Merge::Max),
            queue: Series::new(SERIES_CAP, Merge::Max),
            p50: Series::new(SERIES_CAP, Merge::Weighted),
            p95: Series::new(SERIES_CAP, Merge::Weighted),
            p99: Series::new(SERIES_CAP, Merge::Max),
            cost: Series::new(SERIES_CAP, Merge::Max),
            cold_share: Series::new(SERIES_CAP, Merge::Mean),
        }
    }
}

/// Instantaneous state handed to [`Recorder::sample`].
#[derive(Debug, Clone, Copy)]
pub struct Gauge {
    /// Instances / environments.
    pub instances: f64,
    /// Requests in the system now.
    pub in_system: u64,
    /// Queue length now.
    pub queue: u64,
    /// Cumulative cost now.
    pub cost: f64,
    /// Cold starts / requests since the start, now ([`RequestStats::cold_share`]).
    pub cold_share: f64,
}

impl Recorder {
    /// Records one second's sample and resets the interval accumulators.
    pub fn sample(&mut self, g: Gauge) {
        self.arrival_rate.push(self.arrivals as f64);
        self.instances.push(g.instances);
        self.concurrency
            .push(self.interval_peak.max(g.in_system) as f64);
        self.queue.push(g.queue as f64);
        // An interval in which no request completed has no percentile: a gap, never 0 ms.
        let done = self.window.count() as f64;
        let q = |s: &Sketch, x: f64| s.quantile(x).unwrap_or(f64::NAN);
        self.p50.push_weighted(q(&self.window, 0.50), done);
        self.p95.push_weighted(q(&self.window, 0.95), done);
        self.p99.push_weighted(q(&self.window, 0.99), done);
        self.cost.push(g.cost);
        self.cold_share.push(g.cold_share);
        self.window.clear();
        self.arrivals = 0;
        self.interval_peak = g.in_system;
        self.next_sample_ms += 1000.0;
    }
}

/// Renders (label, columns...) rows as an aligned plain-text table.
pub fn aligned_table(header: &[String], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        for (i, c) in cells.iter().enumerate().take(cols) {
            let pad = widths[i] - c.chars().count();
            if i == 0 {
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str("  ");
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            }
        }
        out.push('\n');
    };
    line(header, &mut out);
    line(
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
        &mut out,
    );
    for r in rows {
        line(r, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_figures_keep_their_magnitude_and_counts_are_whole() {
        let mut s = Summary::default();
        s.push_real("expected_cold_start_ratio", (-0.1f64 * 420.0).exp());
        s.push_real("init_ms", 312.34567);
        s.push_real("nothing_yet", f64::NAN);
        s.push_count("pings", 3);
        let rows = s.rows();
        let cell = |k: &str| {
            rows.iter()
                .find(|(l, _)| l == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(cell("expected cold start ratio"), "5.75e-19");
        assert_eq!(cell("init ms"), "312.3457");
        assert_eq!(cell("nothing yet"), "-");
        assert_eq!(cell("pings"), "3");
        let json = serde_json::to_value(&s).unwrap();
        assert!(json["pings"].is_u64());
        assert!(json["nothing_yet"].is_null());
    }
}
