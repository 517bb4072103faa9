//! Answers in words: the right answer to a question and what a learner gave, for feedback screens,
//! plain mode and exported results.
use crate::content::Kind;
use crate::quiz::Response;

/// A numeric question's tolerance in words, as the absolute amount it is ("10 percentage points",
/// "0.5 ms", "3"): grading compares `|value - answer| <= tolerance` in the answer's own unit, so
/// for a percentage a tolerance of 10 is ten points either side, never "10 %" (which reads as
/// a share of the answer).
pub fn tolerance_words(tolerance: f64, unit: &str) -> String {
    let n = number((tolerance * 100.0).round() / 100.0);
    match unit {
        "" => n,
        "%" if tolerance == 1.0 => format!("{n} percentage point"),
        "%" => format!("{n} percentage points"),
        unit => format!("{n} {unit}"),
    }
}

/// Formats a number the way a person writes it: no trailing zeros, thousands grouped.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "not a number".to_string();
    }
    if value != 0.0 && value.abs() < 0.001 {
        // Per-request prices are tiny: keep their significant digits.
        let sci = format!("{value:.3e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exp}");
    }
    let rounded = (value * 1e6).round() / 1e6;
    let text = format!("{rounded}");
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The right answer, one line per part (a choice, an item in order, an item and its category).
pub fn right_answer(kind: &Kind) -> Vec<String> {
    match kind {
        Kind::Single { choices, answer } => vec![choices.get(*answer).cloned().unwrap_or_default()],
        Kind::Multi { choices, answers } => answers
            .iter()
            .filter_map(|i| choices.get(*i).cloned())
            .collect(),
        Kind::TrueFalse { answer } => vec![if *answer { "True" } else { "False" }.to_string()],
        Kind::Order { items } => items
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect(),
        Kind::Match { categories, items } => items
            .iter()
            .map(|i| {
                format!(
                    "{} → {}",
                    i.text,
                    categories.get(i.category).map_or("?", String::as_str)
                )
            })
            .collect(),
        Kind::Generated(g) => vec![format!(
            "a number in {}, computed from fresh values each time",
            g.unit
        )],
        Kind::Predict(p) => vec![format!(
            "what the {} simulation shows, in {}",
            p.sim, p.unit
        )],
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let tol = if *tolerance > 0.0 {
                format!(" (± {})", number(*tolerance))
            } else {
                String::new()
            };
            vec![format!("{} {unit}{tol}", number(*answer))]
        }
    }
}

/// What a response (in original indices) says, in one line.
pub fn response(kind: &Kind, r: &Response) -> String {
    match (kind, r) {
        (Kind::Single { choices, .. }, Response::Single { choice }) => {
            choices.get(*choice).cloned().unwrap_or_default()
        }
        (Kind::Multi { choices, .. }, Response::Multi { choices: picked }) => picked
            .iter()
            .filter_map(|i| choices.get(*i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        (_, Response::TrueFalse { answer }) => if *answer { "True" } else { "False" }.to_string(),
        (Kind::Order { items }, Response::Order { order }) => order
            .iter()
            .filter_map(|i| items.get(*i).cloned())
            .collect::<Vec<_>>()
            .join(" > "),
        (Kind::Match { categories, items }, Response::Match { categories: placed }) => items
            .iter()
            .zip(placed)
            .map(|(item, c)| {
                format!(
                    "{} → {}",
                    item.text,
                    c.and_then(|c| categories.get(c))
                        .map_or("?", String::as_str)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        (Kind::Numeric { unit, .. }, Response::Numeric { value }) => {
            format!("{} {unit}", number(*value))
        }
        _ => "(an answer that does not fit this question)".to_string(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_percentage_tolerance_is_in_percentage_points() {
        assert_eq!(tolerance_words(10.0, "%"), "10 percentage points");
        assert_eq!(tolerance_words(1.0, "%"), "1 percentage point");
        assert_eq!(tolerance_words(0.5, "ms"), "0.5 ms");
        assert_eq!(tolerance_words(3.0, ""), "3");
    }

    use super::*;
    use crate::content::MatchItem;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(14_150_000.0), "14,150,000");
        assert_eq!(number(12.26), "12.26");
        assert_eq!(number(-1234.5), "-1,234.5");
        assert_eq!(number(0.000000866), "8.66e-7");
        assert_eq!(number(f64::NAN), "not a number");
    }

    #[test]
    fn answers_in_words() {
        let kind = Kind::Match {
            categories: vec!["You".into(), "AWS".into()],
            items: vec![MatchItem {
                text: "Guest OS".into(),
                category: 0,
            }],
        };
        assert_eq!(right_answer(&kind), vec!["Guest OS → You"]);
        assert_eq!(
            response(
                &kind,
                &Response::Match {
                    categories: vec![Some(1)]
                }
            ),
            "Guest OS → AWS"
        );
        let n = Kind::Numeric {
            answer: 7.59,
            tolerance: 0.05,
            unit: "USD".into(),
        };
        assert_eq!(right_answer(&n), vec!["7.59 USD (± 0.05)"]);
    }
}
