//! One key press's change to a parameter: the arrow keys of the live view step a number by about a
//! quarter (so a few presses cover an order of magnitude), flip a switch, or move to the next choice.
use super::params::{Kind, ParamSpec, Value, fmt_num};

/// The value one step up (or down) from `value`, as the user would type it; `None` when the
/// parameter cannot be stepped (a trace file, a list) or is already at its limit.
pub fn nudged(spec: &ParamSpec, value: &Value, up: bool) -> Option<String> {
    match (&spec.kind, value) {
        (Kind::Float { min, max }, v) => {
            let x = v.as_f64();
            let next = if x == 0.0 {
                if up {
                    (max - min).abs().clamp(f64::MIN_POSITIVE, 1.0)
                } else {
                    0.0
                }
            } else if up {
                x * 1.25
            } else {
                x / 1.25
            };
            let next = round_sig(next.clamp(*min, *max));
            (next != x).then(|| fmt_num(next))
        }
        (Kind::Int { min, max }, v) => {
            let x = v.as_f64() as i64;
            let step = ((x.abs() as f64) * 0.25).round().max(1.0) as i64;
            let next = if up {
                x.saturating_add(step)
            } else {
                x.saturating_sub(step)
            }
            .clamp(*min, *max);
            (next != x).then(|| next.to_string())
        }
        (Kind::Bool, Value::Bool(b)) => Some((!b).to_string()),
        (Kind::Choice(choices), Value::Text(t)) => {
            let i = choices.iter().position(|c| c == t).unwrap_or(0);
            let n = choices.len();
            let j = if up { (i + 1) % n } else { (i + n - 1) % n };
            Some(choices[j].to_string())
        }
        _ => None,
    }
}

/// Rounds to three significant digits, so repeated steps give readable values (12.5, not 12.5000001).
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = x.abs().log10().floor() as i32 - 2;
    if digits < 0 {
        // Divide by an exact power of ten (781 / 10 is the double nearest 78.1); multiplying by
        // 0.1, which is not exact, gave 78.10000000000001.
        let scale = 10f64.powi(-digits);
        (x * scale).round() / scale
    } else {
        let mag = 10f64.powi(digits);
        (x / mag).round() * mag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: Kind) -> ParamSpec {
        ParamSpec {
            name: "k",
            unit: "",
            default: "1",
            kind,
            doc: "",
            source: "",
        }
    }

    #[test]
    fn numbers_step_by_a_quarter_within_their_range() {
        let f = spec(Kind::Float {
            min: 0.0,
            max: 100.0,
        });
        assert_eq!(
            nudged(&f, &Value::Float(10.0), true).as_deref(),
            Some("12.5")
        );
        assert_eq!(nudged(&f, &Value::Float(10.0), false).as_deref(), Some("8"));
        assert_eq!(nudged(&f, &Value::Float(100.0), true), None, "at the limit");
        assert_eq!(nudged(&f, &Value::Float(0.0), true).as_deref(), Some("1"));
        let i = spec(Kind::Int { min: 1, max: 50 });
        assert_eq!(nudged(&i, &Value::Int(1), true).as_deref(), Some("2"));
        assert_eq!(nudged(&i, &Value::Int(40), true).as_deref(), Some("50"));
        assert_eq!(nudged(&i, &Value::Int(1), false), None);
    }

    #[test]
    fn stepped_values_print_without_float_noise() {
        let s = spec(Kind::Float { min: 0.0, max: 1e6 });
        // 62.5 × 1.25 = 78.125 → three significant digits; a fresh learner saw
        // "78.10000000000001" here.
        assert_eq!(
            nudged(&s, &Value::Float(62.5), true).as_deref(),
            Some("78.1")
        );
        let mut v = 50.0;
        for _ in 0..40 {
            let next = nudged(&s, &Value::Float(v), true).expect("steps up");
            assert!(next.len() <= 8, "{next}");
            v = next.parse().expect("a number");
        }
    }

    #[test]
    fn switches_flip_and_choices_cycle() {
        assert_eq!(
            nudged(&spec(Kind::Bool), &Value::Bool(true), true).as_deref(),
            Some("false")
        );
        let c = spec(Kind::Choice(&["a", "b", "c"]));
        assert_eq!(
            nudged(&c, &Value::Text("c".into()), true).as_deref(),
            Some("a")
        );
        assert_eq!(
            nudged(&c, &Value::Text("a".into()), false).as_deref(),
            Some("c")
        );
        assert_eq!(
            nudged(&spec(Kind::Trace), &Value::Text("x".into()), true),
            None
        );
    }
}
