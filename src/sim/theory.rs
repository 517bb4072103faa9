//! Closed-form results the simulations are tested against (and that lessons can quote).
//!
//! Why here and not only in tests: quiz generators and lessons compute the same numbers, and a
//! single implementation keeps them consistent with the fact sheet's section F.

/// Erlang C: the probability that an arrival to an M/M/c queue has to wait, with `c` servers and
/// offered load `a = λ/μ` (in Erlangs). Returns 1 when `a ≥ c` (the queue is unstable).
///
/// Computed through the Erlang B recursion `B(k) = a·B(k−1) / (k + a·B(k−1))`, which is stable for
/// large `c` where `aᶜ/c!` would overflow, then `C = B / (1 − ρ(1 − B))` with `ρ = a/c`.
#[cfg(test)]
pub fn erlang_c(c: u32, a: f64) -> f64 {
    if c == 0 || a >= f64::from(c) {
        return 1.0;
    }
    if a <= 0.0 {
        return 0.0;
    }
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let rho = a / f64::from(c);
    b / (1.0 - rho * (1.0 - b))
}

/// Steady-state metrics of an M/M/c queue (times in the unit of 1/μ).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg(test)]
pub struct Mmc {
    /// P(wait) = Erlang C.
    pub p_wait: f64,
    /// Mean wait in the queue, `Wq = C / (cμ − λ)`.
    pub wq: f64,
    /// Mean time in system, `W = Wq + 1/μ`.
    pub w: f64,
    /// Mean queue length, `Lq = λ·Wq`.
    pub lq: f64,
    /// Mean number in system, `L = λ·W` (Little's law).
    pub l: f64,
    /// Server utilisation `ρ = λ/(cμ)`.
    pub rho: f64,
}

/// M/M/c metrics for `c` servers, arrival rate `lambda` and service rate `mu` per server, or
/// `None` if the queue is unstable (`λ ≥ cμ`) or a parameter is not positive.
#[cfg(test)]
pub fn mmc(c: u32, lambda: f64, mu: f64) -> Option<Mmc> {
    if c == 0 || lambda <= 0.0 || mu <= 0.0 || lambda >= f64::from(c) * mu {
        return None;
    }
    let a = lambda / mu;
    let p_wait = erlang_c(c, a);
    let wq = p_wait / (f64::from(c) * mu - lambda);
    let w = wq + 1.0 / mu;
    Some(Mmc {
        p_wait,
        wq,
        w,
        lq: lambda * wq,
        l: lambda * w,
        rho: a / f64::from(c),
    })
}

/// Probability that a request is a cold start for one function with Poisson arrivals at rate
/// `lambda` and an environment reclaimed exactly `keep_alive` after it goes idle (same time unit):
/// `e^(−λT)`. Valid when service time ≪ 1/λ (fact sheet F).
pub fn cold_start_probability(lambda: f64, keep_alive: f64) -> f64 {
    (-lambda * keep_alive).exp()
}

/// As [`cold_start_probability`] with the keep-alive uniform on `[T − j, T + j]`:
/// `E[e^(−λT')] = e^(−λT)·sinh(λj)/(λj)` (the fact sheet's "use E[e^(−λT)]" for a random T).
pub fn cold_start_probability_jitter(lambda: f64, keep_alive: f64, jitter: f64) -> f64 {
    let j = jitter.min(keep_alive).max(0.0);
    let x = lambda * j;
    let factor = if x < 1e-8 { 1.0 } else { x.sinh() / x };
    (-lambda * keep_alive).exp() * factor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn fact_sheet_test_vectors() {
        // Section F of the fact sheet.
        let m = mmc(1, 0.5, 1.0).unwrap();
        assert!(close(m.p_wait, 0.5, 1e-12) && close(m.wq, 1.0, 1e-12) && close(m.l, 1.0, 1e-12));
        let m = mmc(2, 1.5, 1.0).unwrap();
        assert!(close(m.p_wait, 9.0 / 14.0, 1e-12));
        assert!(close(m.wq, 9.0 / 7.0, 1e-12));
        assert!(close(m.lq, 1.928571, 1e-6) && close(m.w, 2.285714, 1e-6));
        assert!(close(m.l, 3.428571, 1e-6));
        let m = mmc(3, 2.0, 1.0).unwrap();
        assert!(close(m.p_wait, 4.0 / 9.0, 1e-12) && close(m.wq, 4.0 / 9.0, 1e-12));
        assert!(close(m.l, 2.888889, 1e-6));
        let m = mmc(10, 8.0, 1.0).unwrap();
        assert!(close(m.p_wait, 0.409180, 1e-6) && close(m.wq, 0.204590, 1e-6));
        assert!(close(m.lq, 1.636721, 1e-6) && close(m.l, 9.636721, 1e-6));
    }

    #[test]
    fn erlang_c_edges_and_large_c() {
        assert_eq!(erlang_c(2, 2.0), 1.0);
        assert_eq!(erlang_c(2, 0.0), 0.0);
        assert_eq!(erlang_c(0, 1.0), 1.0);
        let p = erlang_c(1000, 950.0);
        assert!(p > 0.0 && p < 1.0 && p.is_finite(), "{p}");
    }

    #[test]
    fn cold_start_vectors() {
        assert!(close(cold_start_probability(0.1, 5.0), 0.6065, 1e-4));
        assert!(close(
            cold_start_probability(1.0 / 60.0, 10.0),
            0.8465,
            1e-4
        ));
        assert!(close(cold_start_probability(1.0, 10.0), 4.5e-5, 1e-6));
        assert_eq!(
            cold_start_probability_jitter(0.1, 5.0, 0.0),
            cold_start_probability(0.1, 5.0)
        );
        // Jensen: a random keep-alive with the same mean gives more cold starts.
        assert!(cold_start_probability_jitter(0.1, 5.0, 3.0) > cold_start_probability(0.1, 5.0));
    }
}
