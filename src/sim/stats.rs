//! Streaming statistics with bounded memory: counts, Welford mean/variance, a log-bucketed
//! quantile sketch and downsampling time series.
//!
//! Why streaming: a headless run can serve hundreds of millions of requests; nothing here may keep
//! one value per request.

/// Running mean and variance (Welford's algorithm): numerically stable, O(1) per sample.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// Adds one sample.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        // Via i64: a u64 → f64 conversion costs several instructions on x86-64.
        self.mean += d / self.n as i64 as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Number of samples.
    #[cfg(test)]
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean, or `None` before the first sample.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    /// Sample variance (n-1), or 0 with fewer than two samples.
    #[cfg(test)]
    pub fn variance(&self) -> f64 {
        if self.n > 1 {
            self.m2 / (self.n - 1) as f64
        } else {
            0.0
        }
    }
}

/// Sub-buckets per power of two: 2^6 = 64, so a bucket spans at most 1/64 of its lower edge and
/// its midpoint is within 1/128 (0.78 %) of any value in it.
const SUB_BITS: u32 = 6;
const SUB: usize = 1 << SUB_BITS;
/// Smallest tracked power of two (2^-10 ms ≈ 1 µs); smaller values share bucket 0.
const MIN_EXP: i64 = -10;
/// Largest tracked power of two (2^40 ms ≈ 35 years); larger values share the last bucket.
const MAX_EXP: i64 = 40;
const BUCKETS: usize = (MAX_EXP - MIN_EXP + 1) as usize * SUB + 2;

/// Largest relative error of [`Sketch::quantile`] for values inside the tracked range.
#[cfg(test)]
pub const SKETCH_RELATIVE_ERROR: f64 = 1.0 / (2 * SUB) as f64;

/// A log-linear histogram (the HDR-histogram idea): bucket = (binary exponent, top 6 mantissa
/// bits), found with bit operations only. Fixed memory (about 26 KB) whatever the sample count,
/// about 0.8 % relative error on quantiles.
///
/// Why not t-digest or exact sorting: O(1) inserts with no allocation, mergeable, and a cheap
/// `clear` of only the touched range, so the live view can keep one per second for windowed
/// percentiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Sketch {
    counts: Vec<u64>,
    total: u64,
    lo: usize,
    hi: usize,
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch::new()
    }
}

#[inline]
fn bucket_of(x: f64) -> usize {
    if x.is_nan() || x <= 0.0 {
        return 0;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    if exp < MIN_EXP {
        0
    } else if exp > MAX_EXP {
        BUCKETS - 1
    } else {
        let sub = ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1);
        1 + ((exp - MIN_EXP) as usize) * SUB + sub
    }
}

fn bucket_mid(i: usize) -> f64 {
    if i == 0 {
        return 0.0;
    }
    if i >= BUCKETS - 1 {
        return f64::INFINITY;
    }
    let j = i - 1;
    let exp = (j / SUB) as i64 + MIN_EXP;
    let sub = (j % SUB) as f64;
    let base = (2.0f64).powi(exp as i32);
    base * (1.0 + (sub + 0.5) / SUB as f64)
}

impl Sketch {
    /// An empty sketch (allocates its fixed bucket array once).
    pub fn new() -> Sketch {
        Sketch {
            counts: vec![0; BUCKETS],
            total: 0,
            lo: usize::MAX,
            hi: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Adds one value (ms). O(1), no allocation.
    #[inline]
    pub fn push(&mut self, x: f64) {
        let i = bucket_of(x);
        self.counts[i] += 1;
        self.total += 1;
        self.lo = self.lo.min(i);
        self.hi = self.hi.max(i);
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Bytes of memory held (constant: proves the memory bound in tests).
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>() + self.counts.capacity() * std::mem::size_of::<u64>()
    }

    /// The q-quantile (0 ≤ q ≤ 1, nearest rank), within [`SKETCH_RELATIVE_ERROR`]; `None` if empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0u64;
        for i in self.lo..=self.hi {
            seen += self.counts[i];
            if seen >= rank {
                return Some(bucket_mid(i).clamp(self.min, self.max));
            }
        }
        Some(self.max)
    }

    /// Empties the sketch, touching only the buckets that were used.
    pub fn clear(&mut self) {
        if self.total > 0 {
            self.counts[self.lo..=self.hi].fill(0);
        }
        self.total = 0;
        self.lo = usize::MAX;
        self.hi = 0;
        self.min = f64::INFINITY;
        self.max = f64::NEG_INFINITY;
    }
}

/// How a [`Series`] merges two neighbouring points when it halves its resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Keep the mean over the samples merged (rates, utilisation, cost).
    Mean,
    /// Keep the maximum (peaks must stay visible: concurrency, open connections, p99).
    Max,
    /// Keep the mean weighted by each sample's weight (latency percentiles, weighted by the
    /// requests that completed in the interval). Why not a plain mean: a second in which one
    /// request completed would count as much as a second with a thousand, and an empty second
    /// would pull the value towards 0. Weighted by requests, a merged point reads as the
    /// percentile a typical request of that span saw; it is an estimate (percentiles do not
    /// add), within the spread of the intervals merged.
    Weighted,
}

/// A time series sampled every sim second, with bounded length: when it reaches its capacity it
/// halves its resolution by merging neighbours, so a long run keeps its whole history, coarser.
///
/// Gaps: a sample of weight 0 ([`Series::push_gap`], or a latency percentile of an interval in
/// which no request completed) has no value. It is not averaged in; a stored point made of gaps
/// only is left out of [`Series::points`], so a chart shows a gap, not a 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// (value, weight) per stored point; weight 0 marks a gap. For `Mean` and `Max` the weight
    /// counts the samples with a value.
    values: Vec<(f64, f64)>,
    cap: usize,
    /// Seconds between stored points.
    step_s: f64,
    merge: Merge,
    /// The point being accumulated, as (value, weight).
    acc: (f64, f64),
    acc_n: u32,
    per_point: u32,
}

impl Series {
    /// A series holding at most `cap` points (cap is rounded up to an even number ≥ 2).
    pub fn new(cap: usize, merge: Merge) -> Series {
        let cap = cap.max(2).next_multiple_of(2);
        Series {
            values: Vec::with_capacity(cap),
            cap,
            step_s: 1.0,
            merge,
            acc: (0.0, 0.0),
            acc_n: 0,
            per_point: 1,
        }
    }

    /// Merges two (value, weight) pairs; a pair of weight 0 is a gap and leaves the other as is.
    fn combine(&self, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
        if a.1 <= 0.0 {
            return b;
        }
        if b.1 <= 0.0 {
            return a;
        }
        let w = a.1 + b.1;
        match self.merge {
            Merge::Max => (a.0.max(b.0), w),
            Merge::Mean | Merge::Weighted => ((a.0 * a.1 + b.0 * b.1) / w, w),
        }
    }

    /// Appends the sample of the next second.
    pub fn push(&mut self, v: f64) {
        self.push_weighted(v, 1.0);
    }

    /// Appends a second with no value (nothing to measure in it): a gap.
    pub fn push_gap(&mut self) {
        self.push_weighted(0.0, 0.0);
    }

    /// Appends the sample of the next second with weight `w` (for [`Merge::Weighted`]: the
    /// requests it summarises). `w` ≤ 0, or a value that is not finite, is a gap. `Mean` and
    /// `Max` series count any positive weight as 1.
    pub fn push_weighted(&mut self, v: f64, w: f64) {
        let w = if !(w > 0.0 && v.is_finite()) {
            0.0
        } else if self.merge == Merge::Weighted {
            w
        } else {
            1.0
        };
        let sample = if w > 0.0 { (v, w) } else { (0.0, 0.0) };
        self.acc = if self.acc_n == 0 {
            sample
        } else {
            self.combine(self.acc, sample)
        };
        self.acc_n += 1;
        if self.acc_n < self.per_point {
            return;
        }
        let point = self.acc;
        self.acc_n = 0;
        if self.values.len() == self.cap {
            let half: Vec<(f64, f64)> = self
                .values
                .chunks_exact(2)
                .map(|p| self.combine(p[0], p[1]))
                .collect();
            self.values.clear();
            self.values.extend_from_slice(&half);
            self.step_s *= 2.0;
            self.per_point *= 2;
            // The point just completed covers only half a new step: start accumulating again.
            self.acc_n = self.per_point / 2;
            self.acc = point;
            return;
        }
        self.values.push(point);
    }

    /// (time in seconds at the end of the point's interval, value) pairs, oldest first; gaps
    /// are left out.
    pub fn points(&self) -> Vec<(f64, f64)> {
        self.values
            .iter()
            .enumerate()
            .filter(|(_, (_, w))| *w > 0.0)
            .map(|(i, (v, _))| ((i as f64 + 1.0) * self.step_s, *v))
            .collect()
    }

    /// Number of stored points, gaps included (the memory bound: at most the capacity).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True before the first completed point.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The latest stored point with a value.
    pub fn last(&self) -> Option<f64> {
        self.values
            .iter()
            .rev()
            .find(|(_, w)| *w > 0.0)
            .map(|p| p.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::{SimRng, Stream};

    #[test]
    fn welford_matches_two_pass() {
        let xs = [1.0, 4.0, 9.0, 16.0, 25.0];
        let mut w = Welford::default();
        xs.iter().for_each(|x| w.push(*x));
        let mean = xs.iter().sum::<f64>() / 5.0;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 4.0;
        assert!((w.mean().unwrap() - mean).abs() < 1e-12);
        assert!((w.variance() - var).abs() < 1e-9);
    }

    #[test]
    fn sketch_quantiles_within_relative_error() {
        let mut r = SimRng::new(5, Stream::Misc);
        let mut xs: Vec<f64> = (0..100_000)
            .map(|_| (r.normal() * 1.5).exp() * 100.0)
            .collect();
        let mut s = Sketch::new();
        xs.iter().for_each(|x| s.push(*x));
        xs.sort_by(f64::total_cmp);
        for q in [0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0] {
            let rank = ((q * xs.len() as f64).ceil() as usize).max(1);
            let exact = xs[rank - 1];
            let got = s.quantile(q).unwrap();
            assert!(
                ((got - exact) / exact).abs() <= SKETCH_RELATIVE_ERROR + 1e-12,
                "q={q}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn sketch_memory_is_flat_after_ten_million_samples() {
        let mut s = Sketch::new();
        let before = s.memory_bytes();
        let mut x = 0.001;
        for _ in 0..10_000_000u32 {
            s.push(x);
            x = if x > 1e12 { 0.001 } else { x * 1.000_01 + 0.5 };
        }
        assert_eq!(s.count(), 10_000_000);
        assert_eq!(s.memory_bytes(), before);
        assert!(before < 32 * 1024, "{before}");
    }

    #[test]
    fn sketch_edges_and_clear() {
        let mut s = Sketch::new();
        assert_eq!(s.quantile(0.5), None);
        s.push(0.0);
        s.push(1e-9);
        s.push(1e30);
        assert_eq!(s.quantile(0.0), Some(0.0));
        assert_eq!(s.quantile(1.0), Some(1e30));
        s.clear();
        assert_eq!(s.count(), 0);
        assert_eq!(s.quantile(0.5), None);
        s.push(10.0);
        let q = s.quantile(0.5).unwrap();
        assert!((q - 10.0).abs() / 10.0 <= SKETCH_RELATIVE_ERROR);
    }

    #[test]
    fn series_stays_bounded_and_keeps_peaks() {
        let mut s = Series::new(8, Merge::Max);
        for i in 0..1000 {
            s.push(if i == 500 { 99.0 } else { 1.0 });
        }
        assert!(s.len() <= 8);
        assert!(s.points().iter().any(|(_, v)| *v == 99.0));
        let last_t = s.points().last().unwrap().0;
        assert!(last_t <= 1000.0 && last_t > 500.0, "{last_t}");
        let mut m = Series::new(4, Merge::Mean);
        for i in 0..16 {
            m.push(i as f64);
        }
        let pts = m.points();
        assert_eq!(pts.len(), 4);
        assert_eq!(pts[0], (4.0, 1.5));
        assert_eq!(pts[3], (16.0, 13.5));
    }

    #[test]
    fn empty_intervals_are_gaps_not_zeros() {
        let mut s = Series::new(8, Merge::Weighted);
        s.push_weighted(480.0, 1.0);
        s.push_gap();
        s.push_weighted(80.0, 3.0);
        assert_eq!(s.points(), vec![(1.0, 480.0), (3.0, 80.0)]);
        assert_eq!(s.len(), 3);
        assert_eq!(s.last(), Some(80.0));
        let mut g = Series::new(4, Merge::Max);
        g.push_gap();
        assert!(g.points().is_empty());
        assert_eq!(g.last(), None);
    }

    #[test]
    fn halving_never_averages_a_percentile_with_empty_intervals() {
        // One request every 64 s, 480 ms each: merged points must read 480, not 480/64.
        for merge in [Merge::Weighted, Merge::Max, Merge::Mean] {
            let mut s = Series::new(8, merge);
            for i in 0..1024 {
                if i % 64 == 0 {
                    s.push_weighted(480.0, 1.0);
                } else {
                    s.push_gap();
                }
            }
            assert!(s.len() <= 8);
            let pts = s.points();
            assert!(!pts.is_empty());
            assert!(pts.iter().all(|p| p.1 == 480.0), "{merge:?}: {pts:?}");
        }
    }

    #[test]
    fn weighted_merge_counts_requests() {
        let mut s = Series::new(2, Merge::Weighted);
        s.push_weighted(100.0, 3.0);
        s.push_weighted(500.0, 1.0);
        // Full: the next completed point halves the series, merging the first two by weight.
        s.push_weighted(10.0, 1.0);
        s.push_weighted(10.0, 1.0);
        assert_eq!(s.points(), vec![(2.0, 200.0), (4.0, 10.0)]);
    }
}
