//! Grading: what a learner answered ([`Response`]) checked against what is right ([`Kind`]).
//!
//! Grading always works in *original* indices (the order of the quiz file); the shuffled order the
//! learner saw is mapped back by [`super::shuffle::PresentedQuestion::to_original`] first, so a
//! shuffle can never change a grade.
//!
//! Partial credit (the `score` of an [`Outcome`], always in `0.0..=1.0`):
//!
//! | kind | `correct` when | `score` |
//! |---|---|---|
//! | single, true/false, numeric | the answer is right | 1 or 0 |
//! | multi | the chosen set is exactly the right set | (right picks − wrong picks) / number of right choices, at least 0 |
//! | order | every position holds the right item | 1 − (adjacent swaps needed) / (swaps needed to fix the reverse order) |
//! | match | every item is in its category | items in the right category / items |
//!
//! The multi rule means ticking every box scores (nearly) nothing, and ticking nothing scores 0,
//! so neither shortcut is rewarded. The order rule (a normalised Kendall tau distance) gives credit
//! for items in the right *relative* order: one item off by one place costs one swap, not two
//! wrong positions.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::content::Kind;

/// What a learner answered, one variant per question kind, in *original* indices.
///
/// It is serialised into the progress file (answer history), so variants and fields are named
/// explicitly and are part of the file format: add, never rename.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// The index of the chosen choice.
    Single { choice: usize },
    /// The indices of the chosen choices (a set: order and repeats do not matter).
    Multi { choices: BTreeSet<usize> },
    /// True or false.
    TrueFalse { answer: bool },
    /// The item indices in the order the learner put them: `order[position] = item`.
    Order { order: Vec<usize> },
    /// The category chosen for each item, indexed by item; `None` for an item left unplaced.
    Match { categories: Vec<Option<usize>> },
    /// The number the learner gave (see [`parse_answer`] for text input). A non-finite value is
    /// stored as `null` (JSON has no NaN) and is always wrong.
    Numeric {
        #[serde(with = "finite_or_null")]
        value: f64,
    },
}

impl Response {
    /// The question kind name this response answers (same names as [`Kind::name`]), so a UI or a
    /// log can say "a `multi` answer to a `single` question".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Response::Single { .. } => "single",
            Response::Multi { .. } => "multi",
            Response::TrueFalse { .. } => "true_false",
            Response::Order { .. } => "order",
            Response::Match { .. } => "match",
            Response::Numeric { .. } => "numeric",
        }
    }
}

/// The result of grading one response: enough for the UI to mark each choice or item, not just
/// "wrong".
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Fully right.
    pub correct: bool,
    /// Credit in `0.0..=1.0`; see the module docs for the partial-credit rules.
    pub score: f32,
    /// Which parts were right or wrong, in original indices.
    pub detail: Detail,
}

impl Outcome {
    fn all_or_nothing(correct: bool, detail: Detail) -> Self {
        Outcome {
            correct,
            score: if correct { 1.0 } else { 0.0 },
            detail,
        }
    }

    fn malformed(reason: &'static str) -> Self {
        Self::all_or_nothing(false, Detail::Malformed { reason })
    }
}

/// Per-part feedback, so the UI can highlight exactly what to fix. All indices are original ones
/// (map them to display positions with the presentation's permutation).
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Single and true/false: the answer itself is the whole story.
    Plain,
    /// Multi: choices ticked that are not right, and right choices not ticked.
    Choices {
        wrong: Vec<usize>,
        missed: Vec<usize>,
    },
    /// Order: positions (0-based, in the learner's order) holding the wrong item, and how many
    /// adjacent swaps would fix the order.
    Order {
        wrong_positions: Vec<usize>,
        swaps_needed: usize,
    },
    /// Match: items not in their category (including items left unplaced).
    Match { misplaced: Vec<usize> },
    /// Numeric: signed distance from the answer (`given − answer`; NaN when the value was not a
    /// number), so the UI can say "too high by 20".
    Numeric { difference: f64 },
    /// The response does not fit the question (wrong kind, index out of range, wrong length). It
    /// is graded wrong rather than panicking: a stale or hand-edited answer must not crash a
    /// session.
    Malformed { reason: &'static str },
}

/// Relative tolerance added to every numeric comparison so that float noise (`0.1 + 0.2`) never
/// turns a right answer wrong.
pub const RELATIVE_EPSILON: f64 = 1e-9;

/// Grades `response` against `kind`. Never panics; a response of the wrong shape is simply wrong
/// (with [`Detail::Malformed`]).
pub fn grade(kind: &Kind, response: &Response) -> Outcome {
    match (kind, response) {
        (Kind::Single { choices, answer }, Response::Single { choice }) => {
            if *choice >= choices.len() {
                return Outcome::malformed("choice out of range");
            }
            Outcome::all_or_nothing(choice == answer, Detail::Plain)
        }
        (Kind::Multi { choices, answers }, Response::Multi { choices: chosen }) => {
            grade_multi(choices.len(), answers, chosen)
        }
        (Kind::TrueFalse { answer }, Response::TrueFalse { answer: given }) => {
            Outcome::all_or_nothing(answer == given, Detail::Plain)
        }
        (Kind::Order { items }, Response::Order { order }) => grade_order(items, order),
        (Kind::Match { categories, items }, Response::Match { categories: given }) => {
            grade_match(categories.len(), items, given)
        }
        (
            Kind::Numeric {
                answer, tolerance, ..
            },
            Response::Numeric { value },
        ) => {
            let correct = within_tolerance(*value, *answer, *tolerance);
            let difference = if value.is_finite() {
                value - answer
            } else {
                f64::NAN
            };
            Outcome::all_or_nothing(correct, Detail::Numeric { difference })
        }
        _ => Outcome::malformed("response does not match the question kind"),
    }
}

fn grade_multi(len: usize, answers: &[usize], chosen: &BTreeSet<usize>) -> Outcome {
    if chosen.iter().any(|&c| c >= len) {
        return Outcome::malformed("choice out of range");
    }
    let right: BTreeSet<usize> = answers.iter().copied().collect();
    let wrong: Vec<usize> = chosen.difference(&right).copied().collect();
    let missed: Vec<usize> = right.difference(chosen).copied().collect();
    let hits = chosen.intersection(&right).count();
    let correct = wrong.is_empty() && missed.is_empty();
    let score = if correct {
        1.0
    } else if right.is_empty() {
        0.0
    } else {
        (hits.saturating_sub(wrong.len()) as f32 / right.len() as f32).clamp(0.0, 1.0)
    };
    Outcome {
        correct,
        score,
        detail: Detail::Choices { wrong, missed },
    }
}

fn grade_order(items: &[String], order: &[usize]) -> Outcome {
    let n = items.len();
    if order.len() != n {
        return Outcome::malformed("order has the wrong number of items");
    }
    let mut seen = vec![false; n];
    for &i in order {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => return Outcome::malformed("order is not a permutation of the items"),
        }
    }
    let rank = |item: usize| order_rank(items, item);
    let ranks: Vec<usize> = order.iter().map(|&i| rank(i)).collect();
    let wrong_positions: Vec<usize> = (0..n).filter(|&p| ranks[p] != rank(p)).collect();
    let (right_pairs, max_swaps) = pairs_in_order(&ranks);
    let swaps_needed = max_swaps - right_pairs;
    let correct = wrong_positions.is_empty();
    let score = if correct || max_swaps == 0 {
        1.0
    } else {
        1.0 - swaps_needed as f32 / max_swaps as f32
    };
    Outcome {
        correct,
        score,
        detail: Detail::Order {
            wrong_positions,
            swaps_needed,
        },
    }
}

/// Items with the same text are interchangeable: an item ranks at the first position its text
/// has in the right order, so swapping two identical items is never "wrong".
fn order_rank(items: &[String], item: usize) -> usize {
    items.iter().position(|t| *t == items[item]).unwrap_or(item)
}

/// Of the pairs of items with different ranks, `(in the right relative order, all)`: the
/// partial score of an order is their ratio, and each pair out of order is one adjacent swap.
fn pairs_in_order(ranks: &[usize]) -> (usize, usize) {
    let (mut right, mut all) = (0, 0);
    for (a, ra) in ranks.iter().enumerate() {
        for rb in &ranks[a + 1..] {
            if ra != rb {
                all += 1;
                if ra < rb {
                    right += 1;
                }
            }
        }
    }
    (right, all)
}

/// What an order question's partial score counts, for saying it in words: `(pairs of items
/// in the right relative order, pairs compared)`. `None` when `order` is not a permutation of
/// `items` (such an answer is graded wrong as malformed). Only the live classroom's reveal says
/// it today, so a build without the `classroom` feature does not call it.
#[cfg_attr(not(feature = "classroom"), allow(dead_code))]
pub fn order_pairs(items: &[String], order: &[usize]) -> Option<(usize, usize)> {
    let mut seen = vec![false; items.len()];
    if order.len() != items.len() {
        return None;
    }
    for &i in order {
        match seen.get_mut(i) {
            Some(s) if !*s => *s = true,
            _ => return None,
        }
    }
    let ranks: Vec<usize> = order.iter().map(|&i| order_rank(items, i)).collect();
    Some(pairs_in_order(&ranks))
}

fn grade_match(
    categories: usize,
    items: &[crate::content::MatchItem],
    given: &[Option<usize>],
) -> Outcome {
    if given.len() != items.len() {
        return Outcome::malformed("match has the wrong number of items");
    }
    if given.iter().flatten().any(|&c| c >= categories) {
        return Outcome::malformed("category out of range");
    }
    let misplaced: Vec<usize> = items
        .iter()
        .zip(given)
        .enumerate()
        .filter(|(_, (item, g))| **g != Some(item.category))
        .map(|(i, _)| i)
        .collect();
    let correct = misplaced.is_empty();
    let score = if items.is_empty() {
        1.0
    } else {
        (items.len() - misplaced.len()) as f32 / items.len() as f32
    };
    Outcome {
        correct,
        score,
        detail: Detail::Match { misplaced },
    }
}

/// Whether `value` is within `tolerance` of `answer` (inclusive), with a relative slack of
/// [`RELATIVE_EPSILON`] so `0.3 ± 0.1` accepts `0.4` even though `0.4 − 0.3` is not exactly
/// `0.1` in floating point. Non-finite values are never within tolerance.
pub fn within_tolerance(value: f64, answer: f64, tolerance: f64) -> bool {
    if !value.is_finite() || !answer.is_finite() {
        return false;
    }
    let tolerance = if tolerance.is_finite() {
        tolerance.max(0.0)
    } else {
        0.0
    };
    let diff = (value - answer).abs();
    let slack = RELATIVE_EPSILON * answer.abs().max(value.abs()).max(tolerance);
    diff <= tolerance + slack
}

/// Parses a number typed by a learner, with no unit. See [`parse_answer`].
#[cfg(test)]
pub fn parse_number(text: &str) -> Option<f64> {
    parse_answer(text, "")
}

/// Parses a number typed by a learner, the way people write numbers in a cloud bill or a
/// dashboard, so a right answer is not rejected for its formatting. Never panics; `None` means
/// "not a number I can be sure of".
///
/// Accepted, in this order (surrounding whitespace ignored everywhere):
/// 1. a trailing `unit` equal to the question's unit, ignoring case (`"12.26 USD"`, `"250ms"`);
/// 2. a trailing `%` (`"45%"` is 45: percent questions keep their answers in percent);
/// 3. one sign (`-`, `+` or `−`), before or after a leading currency symbol `$ € £ ¥`
///    (`"-$3"`, `"$-3"`, `"$12.26"`);
/// 4. digits with optional thousands commas in groups of three (`"1,234.5"`; `"1,23"` is
///    rejected because it could be a European decimal comma), an optional fraction and an
///    optional exponent (`"1.2e6"`).
///
/// `inf`, `NaN`, hex and anything overflowing to infinity are rejected.
pub fn parse_answer(text: &str, unit: &str) -> Option<f64> {
    let mut s = text.trim();
    let unit = unit.trim();
    if !unit.is_empty()
        && let Some(rest) = strip_suffix_ignore_case(s, unit)
    {
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim_end();
    }
    let (sign1, rest) = take_sign(s);
    let rest = rest.trim_start();
    let (had_currency, rest) = match rest.chars().next() {
        Some(c @ ('$' | '€' | '£' | '¥')) => (true, rest[c.len_utf8()..].trim_start()),
        _ => (false, rest),
    };
    let (sign2, rest) = if had_currency {
        take_sign(rest)
    } else {
        (None, rest)
    };
    let negative = match (sign1, sign2) {
        (Some(_), Some(_)) => return None,
        (Some(neg), None) | (None, Some(neg)) => neg,
        (None, None) => false,
    };
    let plain = plain_number(rest)?;
    let value: f64 = plain.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// `Some(true)` for a minus sign, `Some(false)` for a plus, and the rest of the text.
fn take_sign(s: &str) -> (Option<bool>, &str) {
    match s.chars().next() {
        Some(c @ ('-' | '−')) => (Some(true), &s[c.len_utf8()..]),
        Some('+') => (Some(false), &s[1..]),
        _ => (None, s),
    }
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let n = suffix.chars().count();
    let start = if n == 0 {
        s.len()
    } else {
        s.char_indices().rev().nth(n - 1)?.0
    };
    (s[start..].to_lowercase() == suffix.to_lowercase()).then(|| &s[..start])
}

/// Checks the digits-commas-fraction-exponent shape and returns it without commas, ready for
/// `str::parse::<f64>` (which alone would also accept `inf`, `NaN` and reject commas).
fn plain_number(s: &str) -> Option<String> {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let int_digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len()) && all_digits(groups[0]);
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
        if !(first_ok && rest_ok) {
            return None;
        }
        groups.concat()
    } else if all_digits(int_part) {
        int_part.to_string()
    } else {
        return None;
    };
    let frac = frac_part.unwrap_or("");
    if !all_digits(frac) || (int_digits.is_empty() && frac.is_empty()) {
        return None;
    }
    let mut out = int_digits;
    if frac_part.is_some() {
        out.push('.');
        out.push_str(frac);
    }
    if let Some(exp) = exponent {
        let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        out.push('e');
        out.push_str(exp);
    }
    if out.starts_with('.') {
        out.insert(0, '0');
    }
    Some(out)
}

/// JSON has no NaN or infinity: store them as `null` and read `null` back as NaN, so a strange
/// numeric answer can never make the progress file unreadable.
mod finite_or_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            s.serialize_f64(*value)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::MatchItem;
    use proptest::prelude::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn set(v: &[usize]) -> BTreeSet<usize> {
        v.iter().copied().collect()
    }

    #[test]
    fn single_right_wrong_and_out_of_range() {
        let kind = Kind::Single {
            choices: strings(&["a", "b", "c"]),
            answer: 1,
        };
        assert!(grade(&kind, &Response::Single { choice: 1 }).correct);
        let wrong = grade(&kind, &Response::Single { choice: 0 });
        assert!(!wrong.correct);
        assert_eq!(wrong.score, 0.0);
        assert!(matches!(
            grade(&kind, &Response::Single { choice: 9 }).detail,
            Detail::Malformed { .. }
        ));
    }

    #[test]
    fn multi_partial_credit() {
        let kind = Kind::Multi {
            choices: strings(&["a", "b", "c", "d", "e"]),
            answers: vec![0, 2, 4],
        };
        let exact = grade(
            &kind,
            &Response::Multi {
                choices: set(&[4, 0, 2]),
            },
        );
        assert!(exact.correct);
        assert_eq!(exact.score, 1.0);

        let partial = grade(
            &kind,
            &Response::Multi {
                choices: set(&[0, 1, 2]),
            },
        );
        assert!(!partial.correct);
        assert!((partial.score - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(
            partial.detail,
            Detail::Choices {
                wrong: vec![1],
                missed: vec![4]
            }
        );

        let everything = grade(
            &kind,
            &Response::Multi {
                choices: set(&[0, 1, 2, 3, 4]),
            },
        );
        assert!((everything.score - 1.0 / 3.0).abs() < 1e-6);
        let nothing = grade(&kind, &Response::Multi { choices: set(&[]) });
        assert_eq!(nothing.score, 0.0);
        let only_wrong = grade(
            &kind,
            &Response::Multi {
                choices: set(&[1, 3]),
            },
        );
        assert_eq!(only_wrong.score, 0.0);
        assert!(matches!(
            grade(&kind, &Response::Multi { choices: set(&[5]) }).detail,
            Detail::Malformed { .. }
        ));
    }

    #[test]
    fn true_false() {
        let kind = Kind::TrueFalse { answer: false };
        assert!(grade(&kind, &Response::TrueFalse { answer: false }).correct);
        assert!(!grade(&kind, &Response::TrueFalse { answer: true }).correct);
    }

    #[test]
    fn order_partial_credit_and_positions() {
        let kind = Kind::Order {
            items: strings(&["a", "b", "c", "d"]),
        };
        let right = grade(
            &kind,
            &Response::Order {
                order: vec![0, 1, 2, 3],
            },
        );
        assert!(right.correct);
        assert_eq!(right.score, 1.0);

        let one_swap = grade(
            &kind,
            &Response::Order {
                order: vec![1, 0, 2, 3],
            },
        );
        assert!(!one_swap.correct);
        assert!((one_swap.score - (1.0 - 1.0 / 6.0)).abs() < 1e-6);
        assert_eq!(
            one_swap.detail,
            Detail::Order {
                wrong_positions: vec![0, 1],
                swaps_needed: 1
            }
        );

        let reversed = grade(
            &kind,
            &Response::Order {
                order: vec![3, 2, 1, 0],
            },
        );
        assert_eq!(reversed.score, 0.0);

        for bad in [vec![0, 1, 2], vec![0, 0, 1, 2], vec![0, 1, 2, 7]] {
            assert!(matches!(
                grade(&kind, &Response::Order { order: bad }).detail,
                Detail::Malformed { .. }
            ));
        }
    }

    #[test]
    fn order_with_identical_items_accepts_either() {
        let kind = Kind::Order {
            items: strings(&["x", "y", "x"]),
        };
        // Items 0 and 2 read the same: swapping them is indistinguishable, so still right.
        assert!(
            grade(
                &kind,
                &Response::Order {
                    order: vec![2, 1, 0]
                }
            )
            .correct
        );
        assert!(
            !grade(
                &kind,
                &Response::Order {
                    order: vec![1, 0, 2]
                }
            )
            .correct
        );
    }

    /// `order_pairs` names what the partial score is: right pairs over pairs compared.
    #[test]
    fn order_pairs_are_what_the_score_counts() {
        let items = strings(&["a", "b", "c", "d", "x", "x"]);
        let kind = Kind::Order {
            items: items.clone(),
        };
        for order in [
            vec![0, 1, 2, 3, 4, 5],
            vec![5, 4, 3, 2, 1, 0],
            vec![1, 0, 2, 3, 5, 4],
            vec![3, 0, 5, 1, 4, 2],
        ] {
            let (right, all) = order_pairs(&items, &order).unwrap();
            // Two identical items make one pair that is never compared.
            assert_eq!(all, 14);
            let score = grade(&kind, &Response::Order { order }).score;
            assert!((score - right as f32 / all as f32).abs() < 1e-6);
        }
        assert_eq!(order_pairs(&items, &[0, 1, 2, 3, 4, 4]), None);
        assert_eq!(order_pairs(&items, &[0, 1]), None);
    }

    #[test]
    fn match_partial_credit() {
        let kind = Kind::Match {
            categories: strings(&["compute", "storage"]),
            items: vec![
                MatchItem {
                    text: "EC2".into(),
                    category: 0,
                },
                MatchItem {
                    text: "S3".into(),
                    category: 1,
                },
                MatchItem {
                    text: "Lambda".into(),
                    category: 0,
                },
                MatchItem {
                    text: "EBS".into(),
                    category: 1,
                },
            ],
        };
        let right = Response::Match {
            categories: vec![Some(0), Some(1), Some(0), Some(1)],
        };
        assert!(grade(&kind, &right).correct);
        let partial = grade(
            &kind,
            &Response::Match {
                categories: vec![Some(0), Some(0), None, Some(1)],
            },
        );
        assert!(!partial.correct);
        assert_eq!(partial.score, 0.5);
        assert_eq!(
            partial.detail,
            Detail::Match {
                misplaced: vec![1, 2]
            }
        );
        assert!(matches!(
            grade(
                &kind,
                &Response::Match {
                    categories: vec![Some(0)]
                }
            )
            .detail,
            Detail::Malformed { .. }
        ));
        assert!(matches!(
            grade(
                &kind,
                &Response::Match {
                    categories: vec![Some(0), Some(1), Some(0), Some(2)]
                }
            )
            .detail,
            Detail::Malformed { .. }
        ));
    }

    #[test]
    fn numeric_tolerance_is_inclusive_and_noise_proof() {
        let kind = Kind::Numeric {
            answer: 0.3,
            tolerance: 0.1,
            unit: "s".into(),
        };
        assert!(grade(&kind, &Response::Numeric { value: 0.4 }).correct);
        assert!(grade(&kind, &Response::Numeric { value: 0.2 }).correct);
        assert!(!grade(&kind, &Response::Numeric { value: 0.41 }).correct);
        assert!(!grade(&kind, &Response::Numeric { value: f64::NAN }).correct);
        let exact = Kind::Numeric {
            answer: 0.3,
            tolerance: 0.0,
            unit: "s".into(),
        };
        assert!(grade(&exact, &Response::Numeric { value: 0.1 + 0.2 }).correct);
        let out = grade(&exact, &Response::Numeric { value: 1.3 });
        match out.detail {
            Detail::Numeric { difference } => assert!((difference - 1.0).abs() < 1e-12),
            other => panic!("unexpected detail {other:?}"),
        }
    }

    #[test]
    fn wrong_shape_is_wrong_not_a_panic() {
        let kind = Kind::TrueFalse { answer: true };
        let out = grade(&kind, &Response::Single { choice: 0 });
        assert!(!out.correct);
        assert_eq!(out.score, 0.0);
        assert!(matches!(out.detail, Detail::Malformed { .. }));
    }

    #[test]
    fn parse_number_examples() {
        let cases: &[(&str, &str, Option<f64>)] = &[
            ("1,234.5", "", Some(1234.5)),
            ("1234", "", Some(1234.0)),
            ("$12.26", "USD", Some(12.26)),
            ("12.26 USD", "USD", Some(12.26)),
            ("12.26 usd", "USD", Some(12.26)),
            ("1.2e6", "", Some(1.2e6)),
            ("45%", "", Some(45.0)),
            ("45 %", "%", Some(45.0)),
            ("  -3.5  ", "", Some(-3.5)),
            ("-$3", "", Some(-3.0)),
            ("$-3", "", Some(-3.0)),
            ("−7", "", Some(-7.0)),
            ("250ms", "ms", Some(250.0)),
            (".5", "", Some(0.5)),
            ("5.", "", Some(5.0)),
            ("1,000,000", "", Some(1e6)),
            ("12 GB", "ms", None),
            ("1,23", "", None),
            ("1,2345", "", None),
            (",123", "", None),
            ("inf", "", None),
            ("NaN", "", None),
            ("1e400", "", None),
            ("0x10", "", None),
            ("", "", None),
            ("$", "", None),
            ("-", "", None),
            ("--3", "", None),
            ("-$-3", "", None),
            ("1e", "", None),
            ("1.2.3", "", None),
            ("€", "€", None),
        ];
        for (text, unit, want) in cases {
            assert_eq!(
                parse_answer(text, unit),
                *want,
                "parse_answer({text:?}, {unit:?})"
            );
        }
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
    }

    #[test]
    fn response_json_round_trip_including_nan() {
        let all = vec![
            Response::Single { choice: 2 },
            Response::Multi {
                choices: set(&[0, 3]),
            },
            Response::TrueFalse { answer: true },
            Response::Order {
                order: vec![2, 0, 1],
            },
            Response::Match {
                categories: vec![Some(1), None],
            },
            Response::Numeric { value: 12.5 },
        ];
        for r in all {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(
                serde_json::from_str::<Response>(&json).unwrap(),
                r,
                "{json}"
            );
        }
        let json = serde_json::to_string(&Response::Numeric { value: f64::NAN }).unwrap();
        assert_eq!(json, r#"{"kind":"numeric","value":null}"#);
        match serde_json::from_str::<Response>(&json).unwrap() {
            Response::Numeric { value } => assert!(value.is_nan()),
            other => panic!("unexpected {other:?}"),
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>(), unit in any::<String>()) {
            let _ = parse_answer(&text, &unit);
            let _ = parse_number(&text);
        }

        #[test]
        fn parse_never_panics_on_numberish_text(text in "[-+−$€ 0-9.,eE%a-zA-Z]{0,16}", unit in "[a-zA-Z%$]{0,4}") {
            if let Some(v) = parse_answer(&text, &unit) {
                prop_assert!(v.is_finite());
            }
        }

        #[test]
        fn display_round_trips(v in any::<f64>().prop_filter("finite", |v| v.is_finite())) {
            prop_assert_eq!(parse_number(&v.to_string()), Some(v));
            prop_assert_eq!(parse_number(&format!("{v:e}")), Some(v));
        }

        #[test]
        fn thousands_separators_round_trip(n in 0u64..10_000_000_000, unit in "(USD|ms|GB)") {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let want = Some(n as f64);
            prop_assert_eq!(parse_number(&grouped), want);
            prop_assert_eq!(parse_answer(&format!("{grouped} {}", unit.to_lowercase()), &unit), want);
            prop_assert_eq!(parse_answer(&format!("${grouped}"), &unit), want);
        }

        #[test]
        fn grading_never_panics_and_score_in_range(
            answer in 0usize..6, len in 2usize..6, picks in proptest::collection::btree_set(0usize..8, 0..6),
            order in proptest::collection::vec(0usize..6, 0..7),
        ) {
            let choices: Vec<String> = (0..len).map(|i| i.to_string()).collect();
            let single = Kind::Single { choices: choices.clone(), answer: answer % len };
            let multi = Kind::Multi { choices: choices.clone(), answers: vec![answer % len] };
            let ord = Kind::Order { items: choices };
            for (kind, response) in [
                (&single, Response::Single { choice: answer }),
                (&multi, Response::Multi { choices: picks.clone() }),
                (&ord, Response::Order { order: order.clone() }),
                (&ord, Response::Multi { choices: picks.clone() }),
            ] {
                let out = grade(kind, &response);
                prop_assert!((0.0..=1.0).contains(&out.score));
                prop_assert_eq!(out.correct, out.score == 1.0);
            }
        }
    }
}
