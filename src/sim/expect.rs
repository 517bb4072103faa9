//! Expectations a lesson states about its simulation: `expect PATH OP VALUE` lines in a
//! ```` ```sim ```` block, checked by `cloudtutor check` against a headless run.
//!
//! Why here and not in `content`: what a path means (the headless JSON report) and how a run is
//! fixed (duration, seed) belong to the simulation core; `content` only places the lines in files.
//!
//! Grammar (whitespace-separated): `expect PATH OP VALUE`, or `expect PATH ~ VALUE +- TOL`.
//! PATH is a dotted path into the JSON that `cloudtutor sim MODEL --headless --json` prints
//! (`summary.p_wait`, `summary.deployments.asg.latency_ms.p95`); OP is `<`, `<=`, `>`, `>=`,
//! or `~` (within TOL, inclusive).
use std::fmt;

use serde_json::Value as Json;

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Strictly less.
    Lt,
    /// Less or equal.
    Le,
    /// Strictly greater.
    Gt,
    /// Greater or equal.
    Ge,
    /// Within a tolerance (absolute, same unit as the value).
    Near {
        /// Largest accepted |actual − value|.
        tol: f64,
    },
}

/// One parsed `expect` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// Dotted path into the headless JSON report, e.g. `summary.peak_connections`.
    pub path: String,
    /// The comparison.
    pub op: Op,
    /// The number compared with.
    pub value: f64,
}

/// Why an `expect` line could not be parsed (shown after `PATH:LINE: error:`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} (write `expect PATH OP VALUE`, OP one of < <= > >= ~, and `~ VALUE +- TOL`)")]
pub struct ExpectError(String);

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = super::params::fmt_num(self.value);
        match self.op {
            Op::Lt => write!(f, "{} < {v}", self.path),
            Op::Le => write!(f, "{} <= {v}", self.path),
            Op::Gt => write!(f, "{} > {v}", self.path),
            Op::Ge => write!(f, "{} >= {v}", self.path),
            Op::Near { tol } => write!(f, "{} ~ {v} +- {}", self.path, super::params::fmt_num(tol)),
        }
    }
}

fn number(word: &str, what: &str) -> Result<f64, ExpectError> {
    match word.replace('_', "").parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(ExpectError(format!(
            "{what} `{word}` is not a finite number"
        ))),
    }
}

fn valid_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

impl Expectation {
    /// Parses the text after the word `expect` (leading and trailing spaces ignored).
    pub fn parse(text: &str) -> Result<Expectation, ExpectError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (path, op, value, rest) = match words.as_slice() {
            [path, op, value, rest @ ..] => (*path, *op, *value, rest),
            _ => return Err(ExpectError("incomplete expectation".into())),
        };
        if !valid_path(path) {
            return Err(ExpectError(format!(
                "`{path}` is not a dotted path of names"
            )));
        }
        let value = number(value, "value")?;
        let op = match (op, rest) {
            ("<", []) => Op::Lt,
            ("<=", []) => Op::Le,
            (">", []) => Op::Gt,
            (">=", []) => Op::Ge,
            ("~", ["+-", tol]) => {
                let tol = number(tol, "tolerance")?;
                if tol < 0.0 {
                    return Err(ExpectError(format!("tolerance {tol} is negative")));
                }
                Op::Near { tol }
            }
            ("~", _) => return Err(ExpectError("`~` needs `+- TOL` after its value".into())),
            ("<" | "<=" | ">" | ">=", _) => {
                return Err(ExpectError(format!(
                    "unexpected `{}` after the value",
                    rest.join(" ")
                )));
            }
            (other, _) => return Err(ExpectError(format!("unknown comparison `{other}`"))),
        };
        Ok(Expectation {
            path: path.to_string(),
            op,
            value,
        })
    }

    /// Whether `actual` satisfies the expectation.
    pub fn holds(&self, actual: f64) -> bool {
        match self.op {
            Op::Lt => actual < self.value,
            Op::Le => actual <= self.value,
            Op::Gt => actual > self.value,
            Op::Ge => actual >= self.value,
            Op::Near { tol } => (actual - self.value).abs() <= tol,
        }
    }

    /// Checks the expectation against a report's JSON; `Err` is the message of a miss
    /// (`expected ... but the simulation gave ...`).
    pub fn check(&self, report: &Json) -> Result<(), String> {
        let found = self.path.split('.').try_fold(report, |v, key| v.get(key));
        match found {
            None => Err(format!(
                "expected {self} but the report has no `{}`",
                self.path
            )),
            Some(v) => match v.as_f64() {
                Some(actual) if self.holds(actual) => Ok(()),
                Some(actual) => Err(format!(
                    "expected {self} but the simulation gave {}",
                    super::params::fmt_num((actual * 1e6).round() / 1e6)
                )),
                None => Err(format!(
                    "expected {self} but the simulation gave {v} (not a number)"
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_every_operator() {
        let e = Expectation::parse("summary.p_wait < 0.5").unwrap();
        assert_eq!(e.op, Op::Lt);
        assert_eq!(Expectation::parse("a <= 1").unwrap().op, Op::Le);
        assert_eq!(Expectation::parse("a > 1").unwrap().op, Op::Gt);
        assert_eq!(Expectation::parse("a >= 1_500").unwrap().value, 1500.0);
        let near =
            Expectation::parse(" summary.deployments.lambda.cold_start_ratio ~ 0.61 +- 0.06 ")
                .unwrap();
        assert_eq!(near.op, Op::Near { tol: 0.06 });
        assert_eq!(near.path, "summary.deployments.lambda.cold_start_ratio");
        assert_eq!(
            near.to_string(),
            "summary.deployments.lambda.cold_start_ratio ~ 0.61 +- 0.06"
        );
    }

    #[test]
    fn rejects_malformed_lines_with_a_reason() {
        for (line, says) in [
            ("", "incomplete"),
            ("a >", "incomplete"),
            ("a => 1", "unknown comparison `=>`"),
            ("a ~ 1", "needs `+- TOL`"),
            ("a ~ 1 +- -2", "negative"),
            ("a < 1 +- 2", "unexpected `+- 2`"),
            ("a < NaN", "not a finite number"),
            ("a < inf", "not a finite number"),
            ("a..b < 1", "dotted path"),
            ("a < x", "value `x`"),
        ] {
            let err = Expectation::parse(line).unwrap_err().to_string();
            assert!(err.contains(says), "{line:?}: {err}");
            assert!(err.contains("expect PATH OP VALUE"), "{err}");
        }
    }

    #[test]
    fn checks_against_a_report() {
        let report = serde_json::json!({"summary": {"p_wait": 0.25, "latency_ms": {"p95": null}}});
        assert!(
            Expectation::parse("summary.p_wait ~ 0.3 +- 0.05")
                .unwrap()
                .check(&report)
                .is_ok()
        );
        let miss = Expectation::parse("summary.p_wait > 0.5")
            .unwrap()
            .check(&report)
            .unwrap_err();
        assert_eq!(
            miss,
            "expected summary.p_wait > 0.5 but the simulation gave 0.25"
        );
        let missing = Expectation::parse("summary.nope > 0")
            .unwrap()
            .check(&report)
            .unwrap_err();
        assert!(missing.contains("has no `summary.nope`"), "{missing}");
        let null = Expectation::parse("summary.latency_ms.p95 > 0")
            .unwrap()
            .check(&report)
            .unwrap_err();
        assert!(null.contains("not a number"), "{null}");
    }

    proptest! {
        #[test]
        fn parser_never_panics(text in any::<String>()) {
            let _ = Expectation::parse(&text);
        }

        #[test]
        fn well_formed_lines_round_trip(
            path in "[a-z_]{1,8}(\\.[a-z_0-9]{1,8}){0,3}",
            op in prop::sample::select(vec!["<", "<=", ">", ">=", "~"]),
            value in -1e9f64..1e9,
            tol in 0.0f64..1e6,
        ) {
            let line = if op == "~" {
                format!("{path} {op} {value} +- {tol}")
            } else {
                format!("{path} {op} {value}")
            };
            let e = Expectation::parse(&line).expect("well-formed");
            prop_assert_eq!(&e.path, &path);
            prop_assert_eq!(e.value, value);
            // What we print parses back to the same comparison.
            let again = Expectation::parse(&e.to_string()).expect("printed form parses");
            prop_assert_eq!(&again.path, &e.path);
        }

        #[test]
        fn near_holds_exactly_within_the_tolerance(value in -1e6f64..1e6, tol in 0.0f64..1e3, off in -2e3f64..2e3) {
            let e = Expectation { path: "x".into(), op: Op::Near { tol }, value };
            prop_assert_eq!(e.holds(value + off), ((value + off) - value).abs() <= tol);
        }
    }
}
