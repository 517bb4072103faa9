//! Cloud prices and cost formulas: Lambda (requests + tiered GB-seconds, free tier, INIT billing),
//! EC2 (per-second billing with a 60 s minimum, dated price table), on-prem (amortised), and the
//! `cost` model (monthly comparison and break-even volume).
//!
//! Why a plain module: the scaling and cold-start simulations, the `cost` model and the quiz
//! question generators must all price things the same way. Every constant cites its fact-sheet
//! source key.
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::params::{Kind, ParamError, ParamSet, ParamSpec};

/// Lambda price per request: $0.20 per million (x86 and Arm). // S1
pub const LAMBDA_REQUEST_USD: f64 = 0.20 / 1_000_000.0;
/// Lambda x86 duration price, first tier, per GB-second. // S1, S2
pub const LAMBDA_GBS_X86_USD: f64 = 0.000_016_666_7;
/// Lambda Arm duration price, first tier, per GB-second (20 % below x86). // S2, S30 ⚠️
pub const LAMBDA_GBS_ARM_USD: f64 = 0.000_013_333_4;
/// Always-free requests per month (never a 12-month offer). // S1, S17
pub const FREE_REQUESTS: f64 = 1_000_000.0;
/// Always-free GB-seconds per month. // S1, S17
pub const FREE_GBS: f64 = 400_000.0;
/// x86 duration tiers: first 6B GB-s at the full rate, next 9B at 10 % off, the rest 20 % off. // S1, S2
pub const TIERS_X86_GBS: [f64; 2] = [6e9, 9e9];
/// Arm duration tiers: first 7.5B GB-s, next 11.25B, then the rest (same discounts). // S2 ⚠️
pub const TIERS_ARM_GBS: [f64; 2] = [7.5e9, 11.25e9];
/// Price multipliers of the three duration tiers. // S2
pub const TIER_FACTORS: [f64; 3] = [1.0, 0.9, 0.8];
/// Provisioned concurrency (x86): price per GB-second configured, billed even when idle. // S1, S10
pub const PC_CONFIGURED_GBS_USD: f64 = 0.000_004_166_7;
/// Provisioned concurrency (x86): duration price per GB-second while executing. // S1, S10
pub const PC_EXECUTING_GBS_USD: f64 = 0.000_009_722_2;
/// EC2 Linux minimum billed time per instance start, seconds (per-second billing). // S31
pub const EC2_MIN_BILLED_S: f64 = 60.0;
/// API Gateway HTTP API price per million requests, first tier (first 300 million a month).
/// Only a reference point for lessons and tests: the `cost` model takes the gateway price as its
/// `api_gateway` parameter, because REST APIs ($3.50) and HTTP APIs ($1.00) differ. Source:
/// docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html
#[cfg(test)]
pub const API_GATEWAY_HTTP_PER_MILLION_USD: f64 = 1.00;
/// Hours in a billing month as used by the price tables (0.0168 $/h × 730 = $12.26). // S30
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Instance types in `assets/prices/ec2-us-east-1.toml` (a test keeps the two in sync).
pub const INSTANCE_TYPES: &[&str] = &[
    "t3.micro",
    "t3.small",
    "t4g.micro",
    "t4g.small",
    "m7g.large",
    "m5.large",
];

const PRICE_FILE: &str = "assets/prices/ec2-us-east-1.toml";
const PRICE_TOML: &str = include_str!("../../assets/prices/ec2-us-east-1.toml");

/// The dated EC2 price table (`assets/prices/ec2-us-east-1.toml`, embedded in the binary).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PriceTable {
    /// Date the prices were read.
    pub as_of: String,
    /// Where they come from (fact-sheet key S30).
    pub source: String,
    /// AWS Region.
    pub region: String,
    /// Currency of every price.
    pub currency: String,
    /// Hours in a month used to quote monthly prices.
    pub hours_per_month: f64,
    /// On-demand Linux price per instance type.
    pub instances: BTreeMap<String, InstancePrice>,
}

/// Price of one instance type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct InstancePrice {
    /// On-demand Linux price per hour, USD.
    pub hourly_usd: f64,
}

/// The embedded price table did not parse (a build-time mistake, reported with path:line).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct PriceError {
    /// The price file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The EC2 price table, parsed once.
pub fn price_table() -> Result<&'static PriceTable, PriceError> {
    static TABLE: OnceLock<Result<PriceTable, PriceError>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            toml::from_str::<PriceTable>(PRICE_TOML).map_err(|e| PriceError {
                path: PRICE_FILE.into(),
                line: e
                    .span()
                    .map_or(0, |s| PRICE_TOML[..s.start].lines().count().max(1)),
                message: e.message().to_string(),
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// On-demand hourly price of `instance`, or an error listing the known types.
pub fn ec2_hourly_usd(instance: &str) -> Result<f64, ParamError> {
    let table = price_table().map_err(|e| ParamError::BadValue {
        key: "instance".into(),
        value: instance.into(),
        expected: format!("a valid price table ({e})"),
    })?;
    table
        .instances
        .get(instance)
        .map(|p| p.hourly_usd)
        .ok_or_else(|| ParamError::BadValue {
            key: "instance".into(),
            value: instance.into(),
            expected: format!(
                "one of: {}",
                table
                    .instances
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// Lambda CPU architecture (Arm is 20 % cheaper per GB-second, S2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    /// x86_64.
    X86,
    /// arm64 (Graviton).
    Arm,
}

impl Arch {
    /// Parses `x86` or `arm` (as validated by the parameter tables).
    pub fn from_name(s: &str) -> Arch {
        if s == "arm" { Arch::Arm } else { Arch::X86 }
    }
}

/// GB-seconds of `requests` invocations of `duration_ms` each at `memory_mb`.
pub fn gb_seconds(requests: f64, duration_ms: f64, memory_mb: f64) -> f64 {
    requests * (duration_ms / 1000.0) * (memory_mb / 1024.0)
}

/// Duration cost of `gbs` GB-seconds in one month, with the tiered discounts (S1, S2).
pub fn duration_cost_usd(gbs: f64, arch: Arch) -> f64 {
    let (rate, tiers) = match arch {
        Arch::X86 => (LAMBDA_GBS_X86_USD, TIERS_X86_GBS),
        Arch::Arm => (LAMBDA_GBS_ARM_USD, TIERS_ARM_GBS),
    };
    let t1 = gbs.min(tiers[0]);
    let t2 = (gbs - tiers[0]).clamp(0.0, tiers[1]);
    let t3 = (gbs - tiers[0] - tiers[1]).max(0.0);
    rate * (t1 * TIER_FACTORS[0] + t2 * TIER_FACTORS[1] + t3 * TIER_FACTORS[2])
}

/// One month of Lambda use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LambdaUsage {
    /// Invocations per month.
    pub requests: f64,
    /// Billed duration per invocation, ms (1 ms granularity, S2; include INIT when cold, S9).
    pub duration_ms: f64,
    /// Configured memory, MB (128–10,240, S4).
    pub memory_mb: f64,
    /// Architecture.
    pub arch: Arch,
    /// Apply the Always-Free allowance (1M requests + 400,000 GB-s, S1).
    pub free_tier: bool,
}

/// Monthly Lambda bill: requests + tiered GB-seconds, minus the free tier when asked.
pub fn lambda_monthly_usd(u: &LambdaUsage) -> f64 {
    let (free_req, free_gbs) = if u.free_tier {
        (FREE_REQUESTS, FREE_GBS)
    } else {
        (0.0, 0.0)
    };
    let req = (u.requests - free_req).max(0.0) * LAMBDA_REQUEST_USD;
    let gbs = (gb_seconds(u.requests, u.duration_ms, u.memory_mb) - free_gbs).max(0.0);
    req + duration_cost_usd(gbs, u.arch)
}

/// Cost of one Lambda request without free tier or tier discounts (the marginal price).
pub fn lambda_per_request_usd(duration_ms: f64, memory_mb: f64, arch: Arch) -> f64 {
    let rate = match arch {
        Arch::X86 => LAMBDA_GBS_X86_USD,
        Arch::Arm => LAMBDA_GBS_ARM_USD,
    };
    LAMBDA_REQUEST_USD + gb_seconds(1.0, duration_ms, memory_mb) * rate
}

/// Monthly EC2 bill of `instances` running `hours` each at `hourly_usd`.
pub fn ec2_monthly_usd(hourly_usd: f64, instances: f64, hours: f64) -> f64 {
    hourly_usd * instances * hours
}

/// Bill of one instance that ran `seconds`: per-second billing with a 60 s minimum (S31).
#[cfg(test)]
pub fn ec2_instance_usd(hourly_usd: f64, seconds: f64) -> f64 {
    hourly_usd / 3600.0 * seconds.max(EC2_MIN_BILLED_S)
}

/// Monthly cost of owning servers: the upfront price spread over `years`, plus running costs
/// (power, space, support) per month.
pub fn onprem_monthly_usd(upfront_usd: f64, years: f64, monthly_usd: f64) -> f64 {
    let amortised = if years > 0.0 {
        upfront_usd / (years * 12.0)
    } else {
        upfront_usd
    };
    amortised + monthly_usd
}

/// The request volume per month at which Lambda costs `target_usd`, by bisection on the
/// (monotone, piecewise-linear) Lambda bill. Returns 0 if even 0 requests cost more.
#[cfg(test)]
pub fn break_even_requests(
    duration_ms: f64,
    memory_mb: f64,
    arch: Arch,
    free_tier: bool,
    target_usd: f64,
) -> f64 {
    break_even(
        |n| {
            lambda_monthly_usd(&LambdaUsage {
                requests: n,
                duration_ms,
                memory_mb,
                arch,
                free_tier,
            })
        },
        target_usd,
    )
}

/// Monthly API Gateway bill for `requests` at `usd_per_million` (no free offer: API Gateway's
/// is a 12-month one that newer accounts do not get).
pub fn api_gateway_monthly_usd(requests: f64, usd_per_million: f64) -> f64 {
    requests / 1_000_000.0 * usd_per_million
}

/// The volume at which a monotone monthly bill `cost(requests)` reaches `target_usd`, by
/// bisection. Returns 0 if even 0 requests cost more.
fn break_even(cost: impl Fn(f64) -> f64, target_usd: f64) -> f64 {
    if cost(0.0) >= target_usd {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while cost(hi) < target_usd && hi < 1e30 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cost(mid) < target_usd {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= hi * 1e-13 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Parameters of the `cost` model.
pub const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "requests",
        unit: "req/month",
        default: "10000000",
        kind: Kind::Float {
            min: 0.0,
            max: 1e13,
        },
        doc: "Lambda invocations per month",
        source: "illustrative",
    },
    ParamSpec {
        name: "memory_mb",
        unit: "MB",
        default: "512",
        kind: Kind::Int {
            min: 128,
            max: 10240,
        },
        doc: "Lambda memory (CPU scales with it; 1,769 MB = 1 vCPU)",
        source: "S4; F (worked test)",
    },
    ParamSpec {
        name: "duration_ms",
        unit: "ms",
        default: "100",
        kind: Kind::Float {
            min: 1.0,
            max: 900_000.0,
        },
        doc: "billed duration per invocation (1 ms granularity; max 900 s)",
        source: "S2, S3; F (worked test)",
    },
    ParamSpec {
        name: "arch",
        unit: "",
        default: "arm",
        kind: Kind::Choice(&["x86", "arm"]),
        doc: "Lambda architecture (Arm is 20 % cheaper per GB-s)",
        source: "S2; F (worked test)",
    },
    ParamSpec {
        name: "free_tier",
        unit: "",
        default: "true",
        kind: Kind::Bool,
        doc: "subtract the Always-Free 1M requests + 400,000 GB-s per month",
        source: "S1, S17",
    },
    ParamSpec {
        name: "api_gateway",
        unit: "USD/M req",
        default: "0",
        kind: Kind::Float {
            min: 0.0,
            max: 100.0,
        },
        doc: "API Gateway price per million requests, added to the Lambda side (0 = no gateway; HTTP API 1.00, REST API 3.50)",
        source: "API Gateway pricing, first tier (lesson 9 source)",
    },
    ParamSpec {
        name: "instance",
        unit: "",
        default: "t4g.small",
        kind: Kind::Choice(INSTANCE_TYPES),
        doc: "EC2 instance type (us-east-1 on-demand Linux price)",
        source: "S30; F (worked test)",
    },
    ParamSpec {
        name: "instances",
        unit: "",
        default: "1",
        kind: Kind::Int {
            min: 0,
            max: 100_000,
        },
        doc: "EC2 instances running",
        source: "F (worked test)",
    },
    ParamSpec {
        name: "hours",
        unit: "h/month",
        default: "730",
        kind: Kind::Float {
            min: 0.0,
            max: 744.0,
        },
        doc: "hours each instance runs per month",
        source: "S30",
    },
    ParamSpec {
        name: "onprem_upfront",
        unit: "USD",
        default: "3000",
        kind: Kind::Float {
            min: 0.0,
            max: 1e10,
        },
        doc: "price of the servers bought upfront",
        source: "illustrative",
    },
    ParamSpec {
        name: "onprem_years",
        unit: "years",
        default: "3",
        kind: Kind::Float {
            min: 0.5,
            max: 20.0,
        },
        doc: "years over which the servers are amortised",
        source: "illustrative",
    },
    ParamSpec {
        name: "onprem_monthly",
        unit: "USD/month",
        default: "50",
        kind: Kind::Float { min: 0.0, max: 1e9 },
        doc: "running cost of the servers (power, space, support)",
        source: "illustrative",
    },
];

/// One point of the cost-versus-volume chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostPoint {
    /// Requests per month.
    pub requests: f64,
    /// Lambda bill.
    pub lambda_usd: f64,
    /// EC2 bill (flat in volume).
    pub ec2_usd: f64,
    /// On-prem cost (flat in volume).
    pub onprem_usd: f64,
}

/// The result of the `cost` model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    /// Monthly bill of the serverless side at `requests`: Lambda plus API Gateway (when the
    /// `api_gateway` price is above 0).
    pub lambda_usd: f64,
    /// The API Gateway part of `lambda_usd`, USD per month (0 without a gateway).
    pub api_gateway_usd: f64,
    /// Monthly EC2 bill.
    pub ec2_usd: f64,
    /// Monthly on-prem cost (amortised upfront + running).
    pub onprem_usd: f64,
    /// Marginal cost of one request on the serverless side (no free tier, first tier, API
    /// Gateway included).
    pub lambda_per_request_usd: f64,
    /// Requests per month at which the serverless side (API Gateway included) costs as much as EC2.
    pub break_even_requests_per_month: f64,
    /// The same as a steady rate over a 730-hour month, req/s.
    pub break_even_req_per_s: f64,
    /// Requests per month at which Lambda costs as much as on-prem.
    pub break_even_onprem_requests_per_month: f64,
    /// Cost of each option across request volume (log-spaced, 10 points per decade).
    #[serde(skip)]
    pub series: Vec<CostPoint>,
}

/// Computes the `cost` model from its resolved parameters.
pub fn cost_report(p: &ParamSet) -> Result<CostReport, ParamError> {
    let arch = Arch::from_name(p.text("arch"));
    let (dur, mem, free) = (
        p.num("duration_ms"),
        p.num("memory_mb"),
        p.flag("free_tier"),
    );
    let hourly = ec2_hourly_usd(p.text("instance"))?;
    let ec2 = ec2_monthly_usd(hourly, p.num("instances"), p.num("hours"));
    let onprem = onprem_monthly_usd(
        p.num("onprem_upfront"),
        p.num("onprem_years"),
        p.num("onprem_monthly"),
    );
    let gateway = p.num("api_gateway");
    let lambda = |n: f64| {
        lambda_monthly_usd(&LambdaUsage {
            requests: n,
            duration_ms: dur,
            memory_mb: mem,
            arch,
            free_tier: free,
        }) + api_gateway_monthly_usd(n, gateway)
    };
    let be = break_even(lambda, ec2);
    let series = (0..=60)
        .map(|i| {
            let n = 10f64.powf(4.0 + f64::from(i) / 10.0);
            CostPoint {
                requests: n,
                lambda_usd: lambda(n),
                ec2_usd: ec2,
                onprem_usd: onprem,
            }
        })
        .collect();
    Ok(CostReport {
        lambda_usd: lambda(p.num("requests")),
        api_gateway_usd: api_gateway_monthly_usd(p.num("requests"), gateway),
        ec2_usd: ec2,
        onprem_usd: onprem,
        lambda_per_request_usd: lambda_per_request_usd(dur, mem, arch)
            + api_gateway_monthly_usd(1.0, gateway),
        break_even_requests_per_month: be,
        break_even_req_per_s: be / (HOURS_PER_MONTH * 3600.0),
        break_even_onprem_requests_per_month: break_even(lambda, onprem),
        series,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_table_parses_and_matches_the_choices() {
        let t = price_table().unwrap();
        assert_eq!(t.as_of, "2026-09-16");
        assert!(t.source.contains("S30"));
        let keys: Vec<&str> = t.instances.keys().map(String::as_str).collect();
        let mut want = INSTANCE_TYPES.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        assert_eq!(ec2_hourly_usd("t4g.small").unwrap(), 0.0168);
        assert_eq!(ec2_hourly_usd("t3.micro").unwrap(), 0.0104);
        let e = ec2_hourly_usd("x1.huge").unwrap_err().to_string();
        assert!(e.contains("t4g.small"), "{e}");
        // The fact sheet's monthly figures (S30): t3.micro ~$7.59, t4g.small $12.26.
        assert!((ec2_monthly_usd(0.0104, 1.0, 730.0) - 7.592).abs() < 1e-9);
        assert!((ec2_monthly_usd(0.0168, 1.0, 730.0) - 12.264).abs() < 1e-9);
    }

    #[test]
    fn worked_cost_test_from_the_fact_sheet() {
        // Lambda Arm, 512 MB, 100 ms = $8.667e-7 per request (F).
        let per = lambda_per_request_usd(100.0, 512.0, Arch::Arm);
        assert!((per - 8.667e-7).abs() < 5e-11, "{per}");
        let ec2 = ec2_monthly_usd(ec2_hourly_usd("t4g.small").unwrap(), 1.0, 730.0);
        let without = break_even_requests(100.0, 512.0, Arch::Arm, false, ec2);
        assert!((without / 1e6 - 14.15).abs() < 0.005, "{without}");
        let with = break_even_requests(100.0, 512.0, Arch::Arm, true, ec2);
        assert!((with / 1e6 - 20.5).abs() < 0.05, "{with}");
        // 5.4 and 7.8 req/s.
        assert!((without / (730.0 * 3600.0) - 5.4).abs() < 0.05);
        assert!((with / (730.0 * 3600.0) - 7.8).abs() < 0.05);
    }

    #[test]
    fn free_tier_and_tiers() {
        let u = |requests, free_tier, arch| LambdaUsage {
            requests,
            duration_ms: 100.0,
            memory_mb: 128.0,
            arch,
            free_tier,
        };
        // 1M requests of 100 ms at 128 MB = 12,500 GB-s: entirely free.
        assert_eq!(lambda_monthly_usd(&u(1e6, true, Arch::X86)), 0.0);
        assert!(lambda_monthly_usd(&u(1e6, false, Arch::X86)) > 0.0);
        // Past 6B GB-s the x86 rate drops by 10 %, past 15B by 20 %.
        let a = duration_cost_usd(6e9, Arch::X86);
        let b = duration_cost_usd(7e9, Arch::X86);
        assert!(((b - a) - 1e9 * LAMBDA_GBS_X86_USD * 0.9).abs() < 1e-3);
        let c = duration_cost_usd(16e9, Arch::X86) - duration_cost_usd(15e9, Arch::X86);
        assert!((c - 1e9 * LAMBDA_GBS_X86_USD * 0.8).abs() < 1e-3);
        let d = duration_cost_usd(8e9, Arch::Arm) - duration_cost_usd(7.5e9, Arch::Arm);
        assert!((d - 0.5e9 * LAMBDA_GBS_ARM_USD * 0.9).abs() < 1e-3);
    }

    #[test]
    fn ec2_minimum_and_onprem() {
        assert!((ec2_instance_usd(3.6, 10.0) - 0.06).abs() < 1e-12);
        assert!((ec2_instance_usd(3.6, 120.0) - 0.12).abs() < 1e-12);
        assert!((onprem_monthly_usd(3600.0, 3.0, 50.0) - 150.0).abs() < 1e-12);
    }

    #[test]
    fn cost_model_report_and_series() {
        let p = ParamSet::defaults(PARAMS);
        let r = cost_report(&p).unwrap();
        assert!((r.ec2_usd - 12.264).abs() < 1e-9);
        assert!((r.break_even_requests_per_month / 1e6 - 20.5).abs() < 0.05);
        assert_eq!(r.series.len(), 61);
        assert!(
            r.series
                .windows(2)
                .all(|w| w[1].lambda_usd >= w[0].lambda_usd)
        );
        assert!(r.break_even_onprem_requests_per_month > r.break_even_requests_per_month);
        assert_eq!(r.api_gateway_usd, 0.0, "no gateway by default");
    }

    #[test]
    fn api_gateway_moves_the_break_even_down() {
        // Lesson 10: an HTTP API at $1.00 per million raises the Arm 512 MB 100 ms request from
        // $0.87 to about $1.87 per million, and the break-even with a t4g.small (no free tier)
        // falls from 14.15 million to about 6.6 million requests a month.
        let mut p = ParamSet::defaults(PARAMS);
        p.set("cost", "free_tier", "false").unwrap();
        p.set(
            "cost",
            "api_gateway",
            &API_GATEWAY_HTTP_PER_MILLION_USD.to_string(),
        )
        .unwrap();
        p.set("cost", "requests", "10000000").unwrap();
        let r = cost_report(&p).unwrap();
        assert!(
            (r.api_gateway_usd - 10.0).abs() < 1e-9,
            "{}",
            r.api_gateway_usd
        );
        assert!((r.lambda_per_request_usd * 1e6 - 1.8667).abs() < 1e-3);
        let be = r.break_even_requests_per_month / 1e6;
        assert!((be - 6.57).abs() < 0.01, "{be}");
        // The gateway is part of the serverless side of the bill.
        let lambda_only = lambda_monthly_usd(&LambdaUsage {
            requests: 1e7,
            duration_ms: 100.0,
            memory_mb: 512.0,
            arch: Arch::Arm,
            free_tier: false,
        });
        assert!((r.lambda_usd - lambda_only - 10.0).abs() < 1e-9);
        // A REST API ($3.50) pulls it lower still.
        p.set("cost", "api_gateway", "3.5").unwrap();
        let rest = cost_report(&p).unwrap().break_even_requests_per_month;
        assert!(rest < r.break_even_requests_per_month);
    }
}
