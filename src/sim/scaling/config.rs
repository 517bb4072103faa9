//! Resolved configuration of the `scaling` model: service time, traffic, the Auto Scaling policy,
//! Lambda settings, and the cross-parameter checks.
use crate::sim::cost::{self, Arch};
use crate::sim::params::{ParamError, ParamSet};
use crate::sim::rng::SimRng;
use crate::sim::traffic::{Traffic, load_trace};

use super::DEPLOYMENTS;

/// Service-time distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ServiceDist {
    /// Always the same.
    Fixed(f64),
    /// Exponential with this mean.
    Exp(f64),
    /// Lognormal with `E = exp(mu + sigma²/2)` equal to the requested mean.
    LogNormal {
        /// Mean of ln(X).
        mu: f64,
        /// Standard deviation of ln(X).
        sigma: f64,
    },
}

impl ServiceDist {
    /// Builds the distribution from a name, a mean (ms) and a lognormal sigma.
    pub fn new(kind: &str, mean_ms: f64, sigma: f64) -> ServiceDist {
        match kind {
            "fixed" => ServiceDist::Fixed(mean_ms),
            "exp" => ServiceDist::Exp(mean_ms),
            _ => ServiceDist::LogNormal {
                mu: mean_ms.ln() - sigma * sigma / 2.0,
                sigma,
            },
        }
    }

    /// The mean service time, ms.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            ServiceDist::Fixed(ms) | ServiceDist::Exp(ms) => ms,
            ServiceDist::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
        }
    }

    /// Draws one service time, ms.
    #[inline]
    pub fn sample(&self, rng: &mut SimRng) -> f64 {
        match *self {
            ServiceDist::Fixed(ms) => ms,
            ServiceDist::Exp(mean) => rng.exp(mean),
            ServiceDist::LogNormal { mu, sigma } => (mu + sigma * rng.normal()).exp(),
        }
    }
}

/// Builds the traffic shape from the parameters shared by the scaling and other models.
pub fn traffic_from(p: &ParamSet) -> Result<Traffic, ParamError> {
    let (rate, peak) = (p.num("rate"), p.num("peak"));
    Ok(match p.text("traffic") {
        "poisson" => Traffic::Poisson { rate },
        "diurnal" => Traffic::Diurnal {
            rate,
            peak,
            period_s: p.num("period_s"),
        },
        "step" => Traffic::Step {
            rate,
            peak,
            at_s: p.num("spike_at_s"),
        },
        "trace" => Traffic::Trace(load_trace(p.text("trace"))?),
        _ => Traffic::Spike {
            rate,
            peak,
            at_s: p.num("spike_at_s"),
            len_s: p.num("spike_len_s"),
        },
    })
}

/// Auto Scaling settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AsgCfg {
    /// Minimum capacity.
    pub min: u32,
    /// Maximum capacity.
    pub max: u32,
    /// Target utilisation, fraction.
    pub target: f64,
    /// Launch to in-service, ms.
    pub launch_ms: f64,
    /// Warmup, ms.
    pub warmup_ms: f64,
    /// Which scaling policy drives the group.
    pub policy: ScalingPolicy,
    /// Cooldown of the simple policy, ms (target tracking has none).
    pub cooldown_ms: f64,
}

/// An Auto Scaling group's dynamic scaling policy (S33, S34).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingPolicy {
    /// Target tracking: scales out after `SCALE_OUT_PERIODS` high periods, in after
    /// `SCALE_IN_PERIODS` low ones, at most 10 % per step; no cooldown, new instances'
    /// metrics are left out during their warmup.
    TargetTracking,
    /// Simple scaling: the same alarms, but after each scaling activity completes (instances in
    /// service, or drained) the group ignores alarms for the cooldown.
    Simple,
}

/// Consecutive 1-minute periods above target before scaling out (⚠️ common alarm shape, S34).
pub const SCALE_OUT_PERIODS: usize = 3;
/// Consecutive 1-minute periods below target before scaling in (⚠️ common alarm shape, S34).
pub const SCALE_IN_PERIODS: usize = 15;
/// Metric period of target tracking, ms (1-minute metrics, S34).
pub const METRIC_PERIOD_MS: f64 = 60_000.0;
/// Most request slots one fleet may have (instances × slots): one 8-byte token per free slot
/// and one event per busy one keep a fleet's memory within tens of MB.
pub const MAX_FLEET_SLOTS: u64 = 1_000_000;
/// Safety cap on a fleet's queue, also the largest `queue_limit`: 8 bytes per entry, at most
/// 16 MiB per fleet (three fleets stay far under 200 MB at any arrival rate); beyond it requests
/// are dropped. Two million waiting requests is already hours of wait at any fleet size here.
pub const QUEUE_SAFETY_CAP: usize = 2_000_000;

/// Lambda settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LambdaCfg {
    /// Account concurrency quota.
    pub quota: u32,
    /// New environments per 10 s window.
    pub scale_per_10s: u32,
    /// Cold start (INIT) time, ms.
    pub cold_ms: f64,
    /// Idle time before reclaim, ms.
    pub keep_alive_ms: f64,
    /// Memory, MB.
    pub memory_mb: f64,
    /// Architecture.
    pub arch: Arch,
}

/// Everything the scaling model needs, resolved and cross-checked from its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingConfig {
    /// Offered load.
    pub traffic: Traffic,
    /// Service time.
    pub service: ServiceDist,
    /// Fixed / on-prem fleet size.
    pub instances: u32,
    /// Slots per instance.
    pub slots: u32,
    /// Max queue length (0 = unbounded).
    pub queue_limit: usize,
    /// ASG.
    pub asg: AsgCfg,
    /// Lambda.
    pub lambda: LambdaCfg,
    /// EC2 price per hour.
    pub hourly_usd: f64,
    /// On-prem cost per server-second (amortised + running).
    pub onprem_usd_per_server_s: f64,
    /// Deployments to run, in display order.
    pub deployments: Vec<&'static str>,
}

impl ScalingConfig {
    /// Resolves the parameters; reports contradictions such as `asg_min > asg_max`.
    pub fn from_params(p: &ParamSet) -> Result<ScalingConfig, ParamError> {
        let asg = AsgCfg {
            min: p.count("asg_min") as u32,
            max: p.count("asg_max") as u32,
            target: p.num("target_util") / 100.0,
            launch_ms: p.num("launch_s") * 1000.0,
            warmup_ms: p.num("warmup_s") * 1000.0,
            policy: if p.text("scaling_policy") == "simple" {
                ScalingPolicy::Simple
            } else {
                ScalingPolicy::TargetTracking
            },
            cooldown_ms: p.num("cooldown_s") * 1000.0,
        };
        let slots = p.count("slots");
        for key in ["instances", "asg_max"] {
            let n = p.count(key);
            if n.saturating_mul(slots) > MAX_FLEET_SLOTS {
                return Err(ParamError::Conflict {
                    key: "slots".into(),
                    value: slots.to_string(),
                    reason: format!(
                        "{key} = {n} (a fleet may have at most {MAX_FLEET_SLOTS} slots in all: {key} × slots)"
                    ),
                });
            }
        }
        if asg.min > asg.max {
            return Err(ParamError::Conflict {
                key: "asg_min".into(),
                value: asg.min.to_string(),
                reason: format!("asg_max = {} (asg_min must be ≤ asg_max)", asg.max),
            });
        }
        let monthly_s = cost::HOURS_PER_MONTH * 3600.0;
        let server_monthly = cost::onprem_monthly_usd(
            p.num("server_usd"),
            p.num("onprem_years"),
            p.num("server_monthly_usd"),
        );
        let deployments = DEPLOYMENTS
            .iter()
            .copied()
            .filter(|d| p.list("deployments").iter().any(|x| x == d))
            .collect();
        Ok(ScalingConfig {
            traffic: traffic_from(p)?,
            service: ServiceDist::new(
                p.text("service_dist"),
                p.num("service_ms"),
                p.num("service_sigma"),
            ),
            instances: p.count("instances") as u32,
            slots: p.count("slots").max(1) as u32,
            queue_limit: p.count("queue_limit") as usize,
            asg,
            lambda: LambdaCfg {
                quota: p.count("lambda_quota") as u32,
                scale_per_10s: p.count("lambda_scale_per_10s") as u32,
                cold_ms: p.num("cold_ms"),
                keep_alive_ms: p.num("keep_alive_s") * 1000.0,
                memory_mb: p.num("memory_mb"),
                arch: Arch::from_name(p.text("arch")),
            },
            hourly_usd: cost::ec2_hourly_usd(p.text("instance"))?,
            onprem_usd_per_server_s: server_monthly / monthly_s,
            deployments,
        })
    }
}
