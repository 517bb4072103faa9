//! The `scaling` model: the same traffic served by on-prem servers, a fixed EC2 fleet, an EC2 Auto
//! Scaling group (target tracking) and AWS Lambda.
//!
//! Each deployment is its own discrete-event simulation with its own event heap, but all of them
//! draw arrivals from identically seeded streams, so every deployment sees exactly the same
//! arrival sequence (common random numbers): differences in the results come from the
//! deployments, not from luck.
//!
//! Fleet deployments (on-prem, fixed, ASG) are a multi-server queue: `slots` requests in service
//! per instance, one shared FIFO queue per deployment (a load balancer in front), `queue_limit`
//! (0 = up to a safety cap). With `slots = 1`, Poisson arrivals and exponential service this is exactly
//! M/M/c, which the tests check against Erlang C.
//!
//! Split by part: `params` (the parameter table), `config` (resolved settings and policies),
//! `fleet` (on-prem, fixed and Auto Scaling fleets), `lambda` (the Lambda deployment); this
//! file ties them into one [`ScalingSim`].
mod config;
mod fleet;
mod lambda;
mod params;

pub use config::*;
pub use fleet::Fleet;
pub use lambda::LambdaFleet;
pub use params::PARAMS;

use fleet::FleetKind;

use super::params::{ParamError, ParamSet};
use super::report::{Recorder, Summary};
use super::traffic::Traffic;

/// The deployments the scaling model can compare, in display order.
pub const DEPLOYMENTS: &[&str] = &["onprem", "fixed", "asg", "lambda"];

/// One deployment of the scaling model.
#[derive(Debug, Clone)]
pub enum Deployment {
    /// On-prem, fixed or Auto Scaling fleet.
    Fleet(Box<Fleet>),
    /// Lambda.
    Lambda(Box<LambdaFleet>),
}

impl Deployment {
    /// Runs to `t_end` ms.
    pub fn advance_to(&mut self, t_end: f64) {
        match self {
            Deployment::Fleet(f) => f.advance_to(t_end),
            Deployment::Lambda(l) => l.advance_to(t_end),
        }
    }

    /// Summary so far.
    pub fn summary(&self) -> Summary {
        match self {
            Deployment::Fleet(f) => f.summary(),
            Deployment::Lambda(l) => l.summary(),
        }
    }

    /// Events in the deployment's queue (tests count it to prove the memory bound).
    #[cfg(test)]
    pub(crate) fn pending_events(&self) -> usize {
        match self {
            Deployment::Fleet(f) => f.events.scheduled(),
            Deployment::Lambda(l) => l.events.scheduled(),
        }
    }

    /// Per-second series, if recording.
    pub fn recorder(&self) -> Option<&Recorder> {
        match self {
            Deployment::Fleet(f) => f.rec.as_deref(),
            Deployment::Lambda(l) => l.rec.as_deref(),
        }
    }

    /// Retargets the arrival process from `now_ms` (live parameter change).
    pub fn set_traffic(&mut self, traffic: Traffic, now_ms: f64) {
        let (epoch, next) = match self {
            Deployment::Fleet(f) => (&mut f.arrivals, &mut f.next_arrival),
            Deployment::Lambda(l) => (&mut l.arrivals, &mut l.next_arrival),
        };
        epoch.retarget(traffic, now_ms);
        *next = epoch.next_arrival();
    }

    /// Replaces the configuration from now on (service, ASG and Lambda settings).
    pub fn set_config(&mut self, cfg: &ScalingConfig) {
        match self {
            Deployment::Fleet(f) => {
                f.cfg = ScalingConfig {
                    instances: f.cfg.instances,
                    ..cfg.clone()
                }
            }
            Deployment::Lambda(l) => l.set_config(cfg),
        }
    }
}

/// The scaling model: every selected deployment, advanced in lock-step.
#[derive(Debug, Clone)]
pub struct ScalingSim {
    /// Resolved configuration.
    pub cfg: ScalingConfig,
    /// (name, deployment) in display order.
    pub deployments: Vec<(&'static str, Deployment)>,
    now_ms: f64,
}

impl ScalingSim {
    /// Builds the model; `record` turns on per-second series.
    pub fn new(p: &ParamSet, seed: u64, record: bool) -> Result<ScalingSim, ParamError> {
        let cfg = ScalingConfig::from_params(p)?;
        let deployments = cfg
            .deployments
            .iter()
            .map(|name| {
                let d = match *name {
                    "onprem" => Deployment::Fleet(Box::new(Fleet::new(
                        FleetKind::OnPrem,
                        &cfg,
                        seed,
                        record,
                    ))),
                    "fixed" => Deployment::Fleet(Box::new(Fleet::new(
                        FleetKind::Fixed,
                        &cfg,
                        seed,
                        record,
                    ))),
                    "asg" => {
                        Deployment::Fleet(Box::new(Fleet::new(FleetKind::Asg, &cfg, seed, record)))
                    }
                    _ => Deployment::Lambda(Box::new(LambdaFleet::new(&cfg, seed, record))),
                };
                (*name, d)
            })
            .collect();
        Ok(ScalingSim {
            cfg,
            deployments,
            now_ms: 0.0,
        })
    }

    /// Runs every deployment to `t_ms`.
    pub fn advance_to(&mut self, t_ms: f64) {
        for (_, d) in &mut self.deployments {
            d.advance_to(t_ms);
        }
        self.now_ms = self.now_ms.max(t_ms);
    }

    /// Current simulated time, ms.
    pub fn now_ms(&self) -> f64 {
        self.now_ms
    }

    /// Summaries per deployment.
    pub fn summaries(&self) -> Vec<(&'static str, Summary)> {
        self.deployments
            .iter()
            .map(|(n, d)| (*n, d.summary()))
            .collect()
    }
}

#[cfg(test)]
mod tests;
