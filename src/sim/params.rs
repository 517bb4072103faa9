//! Parameter tables: the single source of truth for every model's knobs.
//!
//! Each model declares a `&'static [ParamSpec]`. That one table drives `--set KEY=VALUE` parsing,
//! lesson ```` ```sim ```` block validation ([`crate::sim::check_param`]), the typed `params`
//! object of the headless JSON, the footer of the live view and the Markdown table in the README
//! ([`crate::sim::params_markdown`]). Defaults are written as strings and parsed by the same code
//! as user input, so a default can never disagree with the validator (a test parses them all).
use std::fmt::Write as _;

use serde::ser::{SerializeMap, Serializer};

use super::traffic::{self, TraceError};

/// What values a parameter accepts.
///
/// Why an enum and not free-form validators: the same description must be rendered in error
/// messages, in the README table and in the live footer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number in `[min, max]`.
    Float {
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// A whole number in `[min, max]`.
    Int {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// `true` or `false`.
    Bool,
    /// Exactly one of the listed words.
    Choice(&'static [&'static str]),
    /// A comma-separated, non-empty list of distinct listed words.
    Set(&'static [&'static str]),
    /// A traffic trace: a shipped trace name (see `assets/traffic/`) or a path to a `.csv` file.
    Trace,
}

/// One row of a model's parameter table.
///
/// Why public: the UI footer and the README generator read the table directly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// Public name, as written in lessons and `--set` (never rename: lessons depend on it).
    pub name: &'static str,
    /// Unit shown next to the value (`req/s`, `ms`, `%`, ...); empty when unitless.
    pub unit: &'static str,
    /// Default, written like user input and parsed by the same code.
    pub default: &'static str,
    /// Accepted values.
    pub kind: Kind,
    /// One-line meaning, for the footer, errors and the README.
    pub doc: &'static str,
    /// Where the default comes from: a fact-sheet source key (`S5`, `B`, ...) or `illustrative`.
    pub source: &'static str,
}

/// A parsed, validated parameter value.
///
/// Why typed: the headless JSON must print numbers as numbers and booleans as booleans.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A real number.
    Float(f64),
    /// A whole number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A word (choice or trace name).
    Text(String),
    /// A list of words.
    List(Vec<String>),
}

impl Value {
    /// The value as a number (booleans as 0/1, words as NaN): models read numbers this way.
    pub fn as_f64(&self) -> f64 {
        match self {
            Value::Float(x) => *x,
            Value::Int(i) => *i as f64,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Text(_) | Value::List(_) => f64::NAN,
        }
    }

    /// Renders the value the way a user would type it (for the footer and tables).
    pub fn display(&self) -> String {
        match self {
            Value::Float(x) => fmt_num(*x),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => s.clone(),
            Value::List(v) => v.join(","),
        }
    }
}

/// Formats a number without a trailing `.0` for whole values (so `rate=50`, not `rate=50.0`).
pub fn fmt_num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Why a parameter (or a model name, or a whole set of parameters) was rejected.
///
/// Every variant carries the offending key and value, and lists what would have been valid, so a
/// lesson author or CLI user can fix the input without reading the source.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// The model name is not one of [`crate::sim::MODELS`].
    #[error("unknown sim model `{model}` (valid: {valid})")]
    UnknownModel {
        /// What was asked for.
        model: String,
        /// The valid model names.
        valid: String,
    },
    /// The key is not in the model's parameter table.
    #[error("unknown parameter `{key}` for sim {model} (valid: {valid})")]
    UnknownKey {
        /// The model.
        model: String,
        /// The unknown key.
        key: String,
        /// The valid keys.
        valid: String,
    },
    /// The value does not parse or is out of range.
    #[error("bad value `{value}` for `{key}`: expected {expected}")]
    BadValue {
        /// The parameter.
        key: String,
        /// The rejected value.
        value: String,
        /// What the parameter accepts.
        expected: String,
    },
    /// Two parameters are each valid but contradict each other.
    #[error("`{key}` = {value} conflicts with {reason}")]
    Conflict {
        /// The parameter that was checked.
        key: String,
        /// Its value.
        value: String,
        /// The other side of the conflict.
        reason: String,
    },
    /// A `--set` argument without `=`.
    #[error("`{arg}` is not KEY=VALUE (valid keys: {valid})")]
    NotKeyValue {
        /// The argument as given.
        arg: String,
        /// The valid keys.
        valid: String,
    },
    /// A traffic trace file failed to load (carries path:line).
    #[error(transparent)]
    Trace(#[from] TraceError),
}

impl Kind {
    /// Human description of the accepted values, used in errors and tables.
    pub fn describe(&self, unit: &str) -> String {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        match self {
            Kind::Float { min, max } => {
                format!("a number from {} to {}{unit}", fmt_num(*min), fmt_num(*max))
            }
            Kind::Int { min, max } => format!("a whole number from {min} to {max}{unit}"),
            Kind::Bool => "true or false".into(),
            Kind::Choice(c) => format!("one of: {}", c.join(", ")),
            Kind::Set(c) => format!("a comma-separated list of: {}", c.join(", ")),
            Kind::Trace => format!(
                "a shipped trace ({}) or a path to a .csv file of `second,rate` rows",
                traffic::SHIPPED_TRACES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Short range text for tables (`0–1000`, `a|b|c`).
    pub fn range_text(&self) -> String {
        match self {
            Kind::Float { min, max } => format!("{}–{}", fmt_num(*min), fmt_num(*max)),
            Kind::Int { min, max } => format!("{min}–{max}"),
            Kind::Bool => "true\\|false".into(),
            Kind::Choice(c) => c.join("\\|"),
            Kind::Set(c) => format!("list of {}", c.join(",")),
            Kind::Trace => "trace name or .csv path".into(),
        }
    }
}

impl ParamSpec {
    /// Parses and validates one value for this parameter.
    pub fn parse(&self, raw: &str) -> Result<Value, ParamError> {
        let raw = raw.trim();
        let bad = || ParamError::BadValue {
            key: self.name.into(),
            value: raw.into(),
            expected: self.kind.describe(self.unit),
        };
        match self.kind {
            Kind::Float { min, max } => {
                let x: f64 = parse_number(raw).ok_or_else(bad)?;
                if x.is_finite() && x >= min && x <= max {
                    Ok(Value::Float(x))
                } else {
                    Err(bad())
                }
            }
            Kind::Int { min, max } => {
                let x: f64 = parse_number(raw).ok_or_else(bad)?;
                if x.is_finite() && x.fract() == 0.0 && x >= min as f64 && x <= max as f64 {
                    Ok(Value::Int(x as i64))
                } else {
                    Err(bad())
                }
            }
            Kind::Bool => match raw.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Ok(Value::Bool(true)),
                "false" | "no" | "off" => Ok(Value::Bool(false)),
                _ => Err(bad()),
            },
            Kind::Choice(choices) => {
                let lower = raw.to_ascii_lowercase();
                choices
                    .iter()
                    .find(|c| **c == lower)
                    .map(|c| Value::Text((*c).to_string()))
                    .ok_or_else(bad)
            }
            Kind::Set(choices) => {
                let mut out: Vec<String> = Vec::new();
                for part in raw.split(',') {
                    let p = part.trim().to_ascii_lowercase();
                    if !choices.contains(&p.as_str()) || out.contains(&p) {
                        return Err(bad());
                    }
                    out.push(p);
                }
                if out.is_empty() {
                    Err(bad())
                } else {
                    Ok(Value::List(out))
                }
            }
            Kind::Trace => {
                if raw.is_empty() {
                    return Err(bad());
                }
                // Loading validates the file (path:line errors) before a run starts.
                traffic::load_trace(raw)?;
                Ok(Value::Text(raw.to_string()))
            }
        }
    }
}

/// Parses a number, accepting `_` separators (`14_000_000`) as lesson authors write them.
fn parse_number(raw: &str) -> Option<f64> {
    let cleaned: String = raw.chars().filter(|c| *c != '_').collect();
    cleaned.parse::<f64>().ok()
}

/// A full set of resolved values for one model, in table order.
///
/// Why a struct and not a map: the order of the table is the order of the footer and of the JSON,
/// and lookups by name are only done once when a model is built.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSet {
    specs: &'static [ParamSpec],
    values: Vec<Value>,
}

impl ParamSet {
    /// All defaults of a table. Defaults are tested to parse, so this cannot fail in practice;
    /// an invalid default falls back to its raw text (and the model build then reports it).
    pub fn defaults(specs: &'static [ParamSpec]) -> ParamSet {
        let values = specs
            .iter()
            .map(|s| {
                s.parse(s.default)
                    .unwrap_or_else(|_| Value::Text(s.default.to_string()))
            })
            .collect();
        ParamSet { specs, values }
    }

    /// The table these values belong to.
    pub fn specs(&self) -> &'static [ParamSpec] {
        self.specs
    }

    /// Finds the spec of `key`, or an error listing the valid keys.
    pub fn spec(&self, model: &str, key: &str) -> Result<(usize, &'static ParamSpec), ParamError> {
        let key = key.trim();
        self.specs
            .iter()
            .enumerate()
            .find(|(_, s)| s.name == key)
            .ok_or_else(|| ParamError::UnknownKey {
                model: model.into(),
                key: key.into(),
                valid: self
                    .specs
                    .iter()
                    .map(|s| s.name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Sets one parameter from its text form.
    pub fn set(&mut self, model: &str, key: &str, raw: &str) -> Result<(), ParamError> {
        let (i, spec) = self.spec(model, key)?;
        self.values[i] = spec.parse(raw)?;
        Ok(())
    }

    /// The current value of `key`, if the table has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.specs
            .iter()
            .position(|s| s.name == key)
            .map(|i| &self.values[i])
    }

    /// The numeric value of `key` (NaN if missing or not a number; tests cover every lookup).
    pub fn num(&self, key: &str) -> f64 {
        debug_assert!(self.get(key).is_some(), "no parameter {key}");
        self.get(key).map_or(f64::NAN, Value::as_f64)
    }

    /// The numeric value of `key` as a count (negative or NaN become 0).
    pub fn count(&self, key: &str) -> u64 {
        let x = self.num(key);
        if x.is_finite() && x > 0.0 {
            x as u64
        } else {
            0
        }
    }

    /// The boolean value of `key` (false if missing).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Value::Bool(true)))
    }

    /// The text value of `key` (empty if missing or not text).
    pub fn text(&self, key: &str) -> &str {
        match self.get(key) {
            Some(Value::Text(s)) => s,
            _ => "",
        }
    }

    /// The list value of `key` (empty if missing or not a list).
    pub fn list(&self, key: &str) -> &[String] {
        match self.get(key) {
            Some(Value::List(v)) => v,
            _ => &[],
        }
    }

    /// Pairs of (spec, value), in table order: what the footer and the JSON iterate over.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ParamSpec, &Value)> {
        self.specs.iter().zip(self.values.iter())
    }
}

impl serde::Serialize for ParamSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (spec, value) in self.iter() {
            match value {
                Value::Float(x) => map.serialize_entry(spec.name, x)?,
                Value::Int(i) => map.serialize_entry(spec.name, i)?,
                Value::Bool(b) => map.serialize_entry(spec.name, b)?,
                Value::Text(s) => map.serialize_entry(spec.name, s)?,
                Value::List(v) => map.serialize_entry(spec.name, v)?,
            }
        }
        map.end()
    }
}

/// Renders one model's table as Markdown (name, unit, default, range, meaning, source).
pub fn markdown_table(out: &mut String, specs: &[ParamSpec]) {
    out.push_str("| name | unit | default | range | meaning | source |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for s in specs {
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} | {} | {} |",
            s.name,
            s.unit,
            s.default,
            s.kind.range_text(),
            s.doc.replace('|', "\\|"),
            s.source
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ParamSpec] = &[
        ParamSpec {
            name: "rate",
            unit: "req/s",
            default: "5",
            kind: Kind::Float {
                min: 0.0,
                max: 100.0,
            },
            doc: "d",
            source: "illustrative",
        },
        ParamSpec {
            name: "n",
            unit: "",
            default: "2",
            kind: Kind::Int { min: 1, max: 10 },
            doc: "d",
            source: "illustrative",
        },
        ParamSpec {
            name: "mode",
            unit: "",
            default: "a",
            kind: Kind::Choice(&["a", "b"]),
            doc: "d",
            source: "illustrative",
        },
        ParamSpec {
            name: "set",
            unit: "",
            default: "a,b",
            kind: Kind::Set(&["a", "b", "c"]),
            doc: "d",
            source: "illustrative",
        },
        ParamSpec {
            name: "on",
            unit: "",
            default: "false",
            kind: Kind::Bool,
            doc: "d",
            source: "illustrative",
        },
    ];

    #[test]
    fn parses_and_rejects_with_the_valid_range() {
        let mut p = ParamSet::defaults(SPECS);
        assert_eq!(p.num("rate"), 5.0);
        p.set("m", "rate", "1_000e-1").unwrap();
        assert_eq!(p.num("rate"), 100.0);
        let err = p.set("m", "rate", "101").unwrap_err().to_string();
        assert!(
            err.contains("`rate`") && err.contains("0 to 100 req/s"),
            "{err}"
        );
        let err = p.set("m", "n", "2.5").unwrap_err().to_string();
        assert!(err.contains("whole number from 1 to 10"), "{err}");
        p.set("m", "n", "1e1").unwrap();
        assert_eq!(p.get("n"), Some(&Value::Int(10)));
        let err = p.set("m", "mode", "z").unwrap_err().to_string();
        assert!(err.contains("one of: a, b"), "{err}");
        let err = p.set("m", "bogus", "1").unwrap_err().to_string();
        assert!(err.contains("valid: rate, n, mode, set, on"), "{err}");
        assert!(p.set("m", "set", "a,a").is_err());
        assert!(p.set("m", "set", "").is_err());
        p.set("m", "set", "c, a").unwrap();
        assert_eq!(p.list("set"), ["c".to_string(), "a".to_string()]);
        assert!(p.set("m", "rate", "NaN").is_err());
        assert!(p.set("m", "rate", "inf").is_err());
        p.set("m", "on", "TRUE").unwrap();
        assert!(p.flag("on"));
    }

    #[test]
    fn serializes_typed_in_table_order() {
        let p = ParamSet::defaults(SPECS);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"rate":5.0,"n":2,"mode":"a","set":["a","b"],"on":false}"#
        );
    }
}
