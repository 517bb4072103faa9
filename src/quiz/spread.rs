//! How a room answered one question, as a projector draws it and the after-class report prints
//! it: plain data, no terminal.
//!
//! - Choices (single, true/false) get one bar per choice in file order; a multi question one bar
//!   per set of choices given.
//! - Numbers get a handful of ranges, not one bar per distinct value (a room of 30 types 30
//!   different numbers): the tolerance band around the right answer is one range, marked right,
//!   with up to two ranges of the same width on each side and the rest in "under" / "over"
//!   ranges. Before a prediction is observed there is no answer yet: the ranges then have round
//!   bounds (a step of 1, 2 or 5 times a power of ten) across what was given.
//! - Order and match get a row per item: how many placed it right, and the wrong pick made most
//!   often (a whole joined answer string is unreadable on a projector).
//!
//! The most common wrong answer names every answer tied for it, so the choice between equals is
//! never arbitrary.
use serde::{Deserialize, Serialize};

/// One bar: an answer (or a range of numbers) as a person reads it, how many gave it, and
/// whether it is right (`None` when it cannot be graded yet: a prediction before its run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub correct: Option<bool>,
    /// Where a number question's bar sits on the number line: the low end of its range, or its
    /// exact value. `None` for choices, sets and answers that are not numbers. Only for
    /// ordering bars of several rounds ([`ordered_bars`]); the label says what the range is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
}

/// One item of an order or match question across the room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The item's text.
    pub item: String,
    /// Its right place: a category (match) or a position such as "1st" (order).
    pub right: String,
    /// Answers that include this item (every answer, for order and match).
    pub answered: usize,
    /// Of those, how many put it in its right place.
    pub right_count: usize,
    /// The wrong place chosen most often for it (a blank match counts as "(blank)").
    pub top_wrong: Option<TopWrong>,
}

/// The wrong answer given most often: every answer tied for the top count, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopWrong {
    pub labels: Vec<String>,
    pub count: usize,
}

impl TopWrong {
    /// The most frequent of `(label, count)`, all ties kept (labels in the order given);
    /// `None` when nothing was counted.
    pub fn of<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>) -> Option<TopWrong> {
        let mut best: Option<TopWrong> = None;
        for (label, count) in counts {
            if count == 0 {
                continue;
            }
            match &mut best {
                Some(b) if count < b.count => {}
                Some(b) if count == b.count => b.labels.push(label.to_string()),
                _ => {
                    best = Some(TopWrong {
                        labels: vec![label.to_string()],
                        count,
                    })
                }
            }
        }
        best
    }

    /// "EC2 (2)", or for a tie "EC2 / EBS (tie, 1 each)".
    pub fn describe(&self) -> String {
        if self.labels.len() > 1 {
            format!("{} (tie, {} each)", self.labels.join(" / "), self.count)
        } else {
            format!("{} ({})", self.labels.join(""), self.count)
        }
    }
}

/// How a room answered one question in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "shape", content = "rows", rename_all = "snake_case")]
pub enum Spread {
    /// Choices in file order, sets of choices most frequent first, or number ranges low to high.
    Bars(Vec<Bar>),
    /// Order and match: one row per item.
    Items(Vec<ItemRow>),
}

impl Spread {
    /// The answers counted.
    pub fn answers(&self) -> usize {
        match self {
            Spread::Bars(bars) => bars.iter().map(|b| b.count).sum(),
            Spread::Items(items) => items.iter().map(|i| i.answered).max().unwrap_or(0),
        }
    }

    /// The wrong bar chosen most often (ties all named); per-item rows carry their own.
    pub fn top_wrong(&self) -> Option<TopWrong> {
        match self {
            Spread::Bars(bars) => TopWrong::of(
                bars.iter()
                    .filter(|b| b.correct == Some(false))
                    .map(|b| (b.label.as_str(), b.count)),
            ),
            Spread::Items(_) => None,
        }
    }
}

/// The bars of one or more rounds as one list of rows, each label once: number ranges (and
/// exact values) low to high with "(not a number)" last, any other answers in the order first
/// met. The projector (both rounds side by side) and `results --report` (one round at a time)
/// both list bars through this, so a range reads in the same place in each.
pub fn ordered_bars<'a>(rounds: &[&'a [Bar]]) -> Vec<&'a Bar> {
    let mut merged: Vec<&Bar> = Vec::new();
    for bar in rounds.iter().flat_map(|r| r.iter()) {
        if !merged.iter().any(|m| m.label == bar.label) {
            merged.push(bar);
        }
    }
    // Number bars carry their place on the number line; choices and "(not a number)" carry
    // none and keep the order they came in, after every number (the sort is stable).
    if merged.iter().any(|b| b.low.is_some()) {
        merged.sort_by(|a, b| match (a.low, b.low) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    merged
}

/// Computing a spread: only a live class asks for one (the report reads spreads saved with the
/// class), so without the `classroom` feature only the types above are built.
#[cfg(any(feature = "classroom", test))]
mod build {
    use std::cmp::Ordering;
    use std::collections::BTreeMap;

    use super::super::Response;
    use super::super::describe::number;
    use super::super::grade::{grade, within_tolerance};
    use super::{Bar, ItemRow, Spread, TopWrong};
    use crate::content::Kind;

    /// The label of the bar that counts answers which are not numbers.
    const NOT_A_NUMBER: &str = "(not a number)";

    /// Most ranges on either side of the right band: two of its width, then one open range.
    const SIDE_RANGES: i64 = 2;

    /// Ranges of round width across the answers when there is no band (one more when the lowest
    /// answer sits just above a round bound; with an exact answer's own bar, eight at most).
    const FREE_RANGES: f64 = 5.0;

    /// The spread of `answers` to a question of kind `asked`, graded against `graded` (the kind the
    /// answers are graded against: `None` before a prediction is observed). `label` words an answer
    /// (the choice text, the set, the number with its unit).
    pub fn spread(
        asked: &Kind,
        graded: Option<&Kind>,
        answers: &[&Response],
        label: &dyn Fn(&Response) -> String,
    ) -> Spread {
        match asked {
            Kind::Single { choices, answer } => {
                let mut counts = vec![0; choices.len()];
                for r in answers {
                    if let Response::Single { choice } = r
                        && let Some(c) = counts.get_mut(*choice)
                    {
                        *c += 1;
                    }
                }
                Spread::Bars(
                    choices
                        .iter()
                        .zip(counts)
                        .enumerate()
                        .map(|(i, (label, count))| Bar {
                            label: label.clone(),
                            count,
                            correct: Some(i == *answer),
                            low: None,
                        })
                        .collect(),
                )
            }
            Kind::TrueFalse { answer } => {
                let count = |want: bool| {
                    answers
                        .iter()
                        .filter(|r| matches!(r, Response::TrueFalse { answer } if *answer == want))
                        .count()
                };
                Spread::Bars(vec![
                    Bar {
                        label: "True".into(),
                        count: count(true),
                        correct: Some(*answer),
                        low: None,
                    },
                    Bar {
                        label: "False".into(),
                        count: count(false),
                        correct: Some(!*answer),
                        low: None,
                    },
                ])
            }
            Kind::Order { items } => Spread::Items(order_items(items, answers)),
            Kind::Match { categories, items } => {
                let rows = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let mut picks: BTreeMap<Option<usize>, usize> = BTreeMap::new();
                        for r in answers {
                            if let Response::Match { categories: given } = r {
                                *picks.entry(given.get(i).copied().flatten()).or_default() += 1;
                            }
                        }
                        let name = |c: Option<usize>| match c {
                            Some(c) => categories
                                .get(c)
                                .cloned()
                                .unwrap_or_else(|| format!("#{c}")),
                            None => "(blank)".to_string(),
                        };
                        // Categories in file order, a blank last.
                        let mut wrong: Vec<(Option<usize>, usize)> = picks
                            .iter()
                            .filter(|(c, _)| **c != Some(item.category))
                            .map(|(c, n)| (*c, *n))
                            .collect();
                        wrong.sort_by_key(|(c, _)| c.map_or(usize::MAX, |c| c));
                        let wrong: Vec<(String, usize)> =
                            wrong.into_iter().map(|(c, n)| (name(c), n)).collect();
                        ItemRow {
                            item: item.text.clone(),
                            right: name(Some(item.category)),
                            answered: picks.values().sum(),
                            right_count: picks.get(&Some(item.category)).copied().unwrap_or(0),
                            top_wrong: TopWrong::of(wrong.iter().map(|(l, n)| (l.as_str(), *n))),
                        }
                    })
                    .collect();
                Spread::Items(rows)
            }
            Kind::Numeric { .. } | Kind::Predict(_) | Kind::Generated(_) => {
                let values: Vec<f64> = answers
                    .iter()
                    .filter_map(|r| match r {
                        Response::Numeric { value } => Some(*value),
                        _ => None,
                    })
                    .collect();
                let (key, unit) = match (graded, asked) {
                    (
                        Some(Kind::Numeric {
                            answer,
                            tolerance,
                            unit,
                        }),
                        _,
                    ) => (Some((*answer, *tolerance)), unit.as_str()),
                    (_, Kind::Numeric { unit, .. }) => (None, unit.as_str()),
                    (_, Kind::Predict(p)) => (None, p.unit.as_str()),
                    (_, Kind::Generated(g)) => (None, g.unit.as_str()),
                    _ => (None, ""),
                };
                Spread::Bars(number_bars(&values, key, unit))
            }
            Kind::Multi { .. } => {
                let mut bars: Vec<Bar> = Vec::new();
                for r in answers {
                    let text = label(r);
                    match bars.iter_mut().find(|b| b.label == text) {
                        Some(b) => b.count += 1,
                        None => bars.push(Bar {
                            label: text,
                            count: 1,
                            correct: graded.map(|k| grade(k, r).correct),
                            low: None,
                        }),
                    }
                }
                bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
                Spread::Bars(bars)
            }
        }
    }

    /// "1st", "2nd", "3rd", "4th", ... "11th", "12th", "13th", "21st".
    pub(super) fn ordinal(n: usize) -> String {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{n}{suffix}")
    }

    /// Per item of an order question (stored in the right order): placed at its position or not,
    /// and the wrong position chosen most often.
    fn order_items(items: &[String], answers: &[&Response]) -> Vec<ItemRow> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mut at: BTreeMap<usize, usize> = BTreeMap::new();
                for r in answers {
                    if let Response::Order { order } = r
                        && let Some(pos) = order.iter().position(|x| *x == i)
                    {
                        *at.entry(pos).or_default() += 1;
                    }
                }
                // Items that read the same are interchangeable (as grading has it).
                let right_at = |pos: usize| items.get(pos).is_some_and(|x| x == item) || pos == i;
                let right_count = at
                    .iter()
                    .filter(|(p, _)| right_at(**p))
                    .map(|(_, n)| n)
                    .sum();
                let wrong: Vec<(String, usize)> = at
                    .iter()
                    .filter(|(p, _)| !right_at(**p))
                    .map(|(p, n)| (ordinal(p + 1), *n))
                    .collect();
                ItemRow {
                    item: item.clone(),
                    right: ordinal(i + 1),
                    answered: at.values().sum(),
                    right_count,
                    top_wrong: TopWrong::of(wrong.iter().map(|(l, n)| (l.as_str(), *n))),
                }
            })
            .collect()
    }

    /// A number rounded to three significant digits, written as a person writes it.
    fn short(v: f64) -> String {
        if v == 0.0 || !v.is_finite() {
            return number(v);
        }
        let digits = 2 - v.abs().log10().floor() as i32;
        let scale = 10f64.powi(digits);
        number((v * scale).round() / scale)
    }

    fn with_unit(text: String, unit: &str) -> String {
        if unit.is_empty() {
            text
        } else {
            format!("{text} {unit}")
        }
    }

    /// The smallest of 1, 2, 5 or 10 times a power of ten at least `x` (> 0).
    fn nice_step(x: f64) -> f64 {
        let p = 10f64.powf(x.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * p)
            .find(|s| *s >= x * (1.0 - 1e-12))
            .unwrap_or(10.0 * p)
    }

    /// Ranges over `values`: around the right band when there is an answer (`key` is the answer and
    /// its tolerance), else with round bounds. Answers that are not numbers get a bar of their own.
    fn number_bars(values: &[f64], key: Option<(f64, f64)>, unit: &str) -> Vec<Bar> {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let nan = values.len() - finite.len();
        let mut bars = match key {
            Some((answer, tolerance)) if answer.is_finite() && tolerance > 0.0 => {
                band_bars(&finite, answer, tolerance, unit)
            }
            Some((answer, _)) if answer.is_finite() => {
                // No tolerance: the right answer is one exact value; the rest get round ranges.
                let (right, rest): (Vec<f64>, Vec<f64>) = finite
                    .iter()
                    .partition(|v| within_tolerance(**v, answer, 0.0));
                let mut bars = free_bars(&rest, unit, Some(false));
                bars.push(Bar {
                    label: with_unit(number(answer), unit),
                    count: right.len(),
                    correct: Some(true),
                    low: Some(answer),
                });
                // Stable, over finite lows: the right value goes after a range that starts at it.
                bars.sort_by(|a, b| a.low.partial_cmp(&b.low).unwrap_or(Ordering::Equal));
                bars
            }
            Some(_) => free_bars(&finite, unit, Some(false)),
            None => free_bars(&finite, unit, None),
        };
        if nan > 0 {
            bars.push(Bar {
                label: NOT_A_NUMBER.into(),
                count: nan,
                correct: key.map(|_| false),
                low: None,
            });
        }
        bars
    }

    /// The right band `answer ± tolerance` as one range, ranges of the same width beside it where
    /// answers fell, and open ranges beyond.
    fn band_bars(values: &[f64], answer: f64, tolerance: f64, unit: &str) -> Vec<Bar> {
        let width = 2.0 * tolerance;
        let (lo, hi) = (answer - tolerance, answer + tolerance);
        let index = |v: f64| -> i64 {
            if within_tolerance(v, answer, tolerance) {
                0
            } else if v < lo {
                -(((lo - v) / width).ceil() as i64).clamp(1, SIDE_RANGES + 1)
            } else {
                (((v - hi) / width).ceil() as i64).clamp(1, SIDE_RANGES + 1)
            }
        };
        let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
        counts.insert(0, 0);
        for v in values {
            *counts.entry(index(*v)).or_default() += 1;
        }
        // Ranges stop at what the unit allows (0 to 100 for a percentage): a range past a
        // bound is cut to it, one wholly past it reads "over 100" (answers typed out of bounds
        // still count somewhere), and ranges that end up with the same label are merged.
        let (min, max) = bounds(unit, answer);
        let mut bars: Vec<Bar> = Vec::new();
        for (k, count) in counts {
            let from = lo + (k as f64) * width;
            let to = from + width;
            let label = if k > SIDE_RANGES || from >= max {
                format!("over {}", short(from.min(max)))
            } else if k < -SIDE_RANGES || to <= min {
                format!("under {}", short(to.max(min)))
            } else {
                format!("{} to {}", short(from.max(min)), short(to.min(max)))
            };
            let label = with_unit(label, unit);
            match bars.last_mut() {
                Some(last) if last.label == label && k != 0 && last.correct != Some(true) => {
                    last.count += count;
                }
                _ => bars.push(Bar {
                    label,
                    count,
                    correct: Some(k == 0),
                    low: Some(from),
                }),
            }
        }
        bars
    }

    /// The values an answer in `unit` can take: 0 to 100 for a percentage (a share, unless the
    /// right answer itself lies outside), unbounded otherwise.
    fn bounds(unit: &str, answer: f64) -> (f64, f64) {
        if unit == "%" && (0.0..=100.0).contains(&answer) {
            (0.0, 100.0)
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        }
    }

    /// At most [`FREE_RANGES`] + 1 ranges with round bounds from the lowest answer to the highest.
    fn free_bars(values: &[f64], unit: &str, correct: Option<bool>) -> Vec<Bar> {
        let (Some(min), Some(max)) = (
            values.iter().copied().reduce(f64::min),
            values.iter().copied().reduce(f64::max),
        ) else {
            return Vec::new();
        };
        if min == max {
            return vec![Bar {
                label: with_unit(number(min), unit),
                count: values.len(),
                correct,
                low: Some(min),
            }];
        }
        let step = nice_step((max - min) / FREE_RANGES);
        let start = (min / step).floor() * step;
        let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
        for v in values {
            *counts
                .entry(((v - start) / step).floor() as i64)
                .or_default() += 1;
        }
        let last = counts.keys().next_back().copied().unwrap_or(0);
        (0..=last)
            .map(|k| {
                let from = start + k as f64 * step;
                Bar {
                    label: with_unit(format!("{} to {}", short(from), short(from + step)), unit),
                    count: counts.get(&k).copied().unwrap_or(0),
                    correct,
                    low: Some(from),
                }
            })
            .collect()
    }
}

#[cfg(any(feature = "classroom", test))]
pub use build::spread;

#[cfg(test)]
mod order_tests {
    use super::{Bar, ordered_bars};

    /// Bars as the builder makes them: a label, and for a number bar its place on the line.
    fn bars(labels: &[(&str, Option<f64>)]) -> Vec<Bar> {
        labels
            .iter()
            .map(|(l, low)| Bar {
                label: (*l).into(),
                count: 1,
                correct: None,
                low: *low,
            })
            .collect()
    }

    fn labels(out: Vec<&Bar>) -> Vec<&str> {
        out.into_iter().map(|b| b.label.as_str()).collect()
    }

    #[test]
    fn ranges_of_every_round_merge_low_to_high_with_non_numbers_last() {
        let one = bars(&[
            ("(not a number)", None),
            ("over 1,200 ms", Some(1200.0)),
            ("1,000 to 1,200 ms", Some(1000.0)),
        ]);
        let two = bars(&[
            ("under 800 ms", Some(600.0)),
            ("1,000 to 1,200 ms", Some(1000.0)),
            ("950 ms", Some(950.0)),
            ("800 to 1,000 ms", Some(800.0)),
        ]);
        assert_eq!(
            labels(ordered_bars(&[&one, &two])),
            [
                "under 800 ms",
                "800 to 1,000 ms",
                "950 ms",
                "1,000 to 1,200 ms",
                "over 1,200 ms",
                "(not a number)"
            ]
        );
    }

    #[test]
    fn choices_and_sets_keep_the_order_they_came_in() {
        let sets = bars(&[
            ("30 + 10", None),
            ("10 ms", None),
            ("5 to 9 apples are not a range", None),
        ]);
        assert_eq!(
            labels(ordered_bars(&[&sets])),
            ["30 + 10", "10 ms", "5 to 9 apples are not a range"]
        );
        let numbers = bars(&[("100", None), ("10", None), ("50", None)]);
        assert_eq!(labels(ordered_bars(&[&numbers])), ["100", "10", "50"]);
    }
}

#[cfg(test)]
mod tests {
    use super::build::ordinal;
    use super::*;
    use crate::content::Kind;
    use crate::content::MatchItem;
    use crate::quiz::Response;
    use crate::quiz::grade::within_tolerance;
    use proptest::prelude::*;

    fn numbers(values: &[f64]) -> Vec<Response> {
        values
            .iter()
            .map(|v| Response::Numeric { value: *v })
            .collect()
    }

    fn numeric(answer: f64, tolerance: f64) -> Kind {
        Kind::Numeric {
            answer,
            tolerance,
            unit: "%".into(),
        }
    }

    fn run(kind: &Kind, answers: &[Response]) -> Spread {
        let refs: Vec<&Response> = answers.iter().collect();
        spread(kind, Some(kind), &refs, &|r| format!("{r:?}"))
    }

    fn bars(s: &Spread) -> Vec<(String, usize, Option<bool>)> {
        match s {
            Spread::Bars(b) => b
                .iter()
                .map(|b| (b.label.clone(), b.count, b.correct))
                .collect(),
            Spread::Items(_) => panic!("items"),
        }
    }

    #[test]
    fn numbers_fall_in_a_few_ranges_around_the_tolerance_band() {
        let answers = numbers(&[30.0, 50.0, 55.0, 60.0, 61.0, 70.0, 72.0, 90.0, 5.0, 400.0]);
        let got = bars(&run(&numeric(61.43, 10.0), &answers));
        assert_eq!(
            got,
            vec![
                ("under 11.4 %".to_string(), 1, Some(false)),
                ("11.4 to 31.4 %".to_string(), 1, Some(false)),
                ("31.4 to 51.4 %".to_string(), 1, Some(false)),
                ("51.4 to 71.4 %".to_string(), 4, Some(true)),
                ("71.4 to 91.4 %".to_string(), 2, Some(false)),
                ("over 100 %".to_string(), 1, Some(false)),
            ]
        );
    }

    /// A percentage's ranges stop at 0 and 100: the band around 98 % reads "88 to 100 %",
    /// and answers typed past 100 land in "over 100 %", counted once.
    #[test]
    fn percentage_ranges_stay_within_0_and_100() {
        let got = bars(&run(
            &numeric(98.0, 10.0),
            &numbers(&[70.0, 90.0, 99.0, 100.0, 130.0, 170.0]),
        ));
        assert_eq!(
            got,
            vec![
                ("68 to 88 %".to_string(), 1, Some(false)),
                ("88 to 100 %".to_string(), 3, Some(true)),
                ("over 100 %".to_string(), 2, Some(false)),
            ]
        );
        let low = bars(&run(&numeric(3.0, 5.0), &numbers(&[0.0, 4.0, 20.0])));
        assert_eq!(low[0], ("0 to 8 %".to_string(), 2, Some(true)), "{low:?}");
        for (label, ..) in got.iter().chain(&low) {
            assert!(!label.contains('-'), "no negative share: {label}");
        }
        // Another unit is not bounded.
        let ms = Kind::Numeric {
            answer: 98.0,
            tolerance: 10.0,
            unit: "ms".into(),
        };
        let got = bars(&run(&ms, &numbers(&[99.0])));
        assert_eq!(got, vec![("88 to 108 ms".to_string(), 1, Some(true))]);
    }

    #[test]
    fn the_right_band_shows_even_when_nobody_was_in_it() {
        let got = bars(&run(&numeric(200.0, 20.0), &numbers(&[10.0])));
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("180 to 220 %".to_string(), 0, Some(true)));
        assert_eq!(got[0].0, "under 100 %");
    }

    #[test]
    fn before_the_answer_is_known_ranges_have_round_bounds() {
        let kind = Kind::Numeric {
            answer: 0.0,
            tolerance: 0.0,
            unit: "ms".into(),
        };
        let refs_owned = numbers(&[120.0, 180.0, 310.0, 95.0]);
        let refs: Vec<&Response> = refs_owned.iter().collect();
        let got = spread(&kind, None, &refs, &|_| String::new());
        assert_eq!(
            bars(&got),
            vec![
                ("50 to 100 ms".to_string(), 1, None),
                ("100 to 150 ms".to_string(), 1, None),
                ("150 to 200 ms".to_string(), 1, None),
                ("200 to 250 ms".to_string(), 0, None),
                ("250 to 300 ms".to_string(), 0, None),
                ("300 to 350 ms".to_string(), 1, None),
            ]
        );
    }

    #[test]
    fn an_exact_answer_is_its_own_bar_among_round_ranges() {
        let got = bars(&run(
            &numeric(42.0, 0.0),
            &numbers(&[42.0, 42.0, 10.0, 90.0]),
        ));
        assert!(
            got.contains(&("42 %".to_string(), 2, Some(true))),
            "{got:?}"
        );
        assert_eq!(got.iter().map(|b| b.1).sum::<usize>(), 4);
        assert!(got.iter().filter(|b| b.2 == Some(true)).count() == 1);
    }

    #[test]
    fn match_and_order_break_down_per_item_with_ties_named() {
        let kind = Kind::Match {
            categories: vec!["IaaS".into(), "PaaS".into(), "SaaS".into()],
            items: vec![
                MatchItem {
                    text: "EC2".into(),
                    category: 0,
                },
                MatchItem {
                    text: "Heroku".into(),
                    category: 1,
                },
            ],
        };
        let m = |a: Option<usize>, b: Option<usize>| Response::Match {
            categories: vec![a, b],
        };
        let s = run(
            &kind,
            &[m(Some(0), Some(2)), m(Some(0), Some(0)), m(Some(1), None)],
        );
        let Spread::Items(rows) = s else {
            panic!("items")
        };
        assert_eq!(
            (
                rows[0].right.as_str(),
                rows[0].right_count,
                rows[0].answered
            ),
            ("IaaS", 2, 3)
        );
        assert_eq!(rows[0].top_wrong.as_ref().unwrap().describe(), "PaaS (1)");
        assert_eq!(rows[1].right_count, 0);
        assert_eq!(
            rows[1].top_wrong.as_ref().unwrap().describe(),
            "IaaS / SaaS / (blank) (tie, 1 each)"
        );

        let order = Kind::Order {
            items: vec!["a".into(), "b".into(), "c".into()],
        };
        let o = |v: [usize; 3]| Response::Order { order: v.to_vec() };
        let Spread::Items(rows) = run(&order, &[o([0, 1, 2]), o([1, 0, 2]), o([1, 0, 2])]) else {
            panic!("items")
        };
        assert_eq!((rows[0].right.as_str(), rows[0].right_count), ("1st", 1));
        assert_eq!(rows[0].top_wrong.as_ref().unwrap().describe(), "2nd (2)");
        assert_eq!(rows[2].right_count, 3);
        assert_eq!(rows[2].top_wrong, None);
    }

    #[test]
    fn the_most_chosen_wrong_choice_names_every_tie() {
        let kind = Kind::Single {
            choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
            answer: 1,
        };
        let s = |c: usize| Response::Single { choice: c };
        let tied = run(&kind, &[s(0), s(2), s(1)]);
        assert_eq!(
            tied.top_wrong().unwrap().describe(),
            "EC2 / EBS (tie, 1 each)"
        );
        let one = run(&kind, &[s(0), s(2), s(2)]);
        assert_eq!(one.top_wrong().unwrap().describe(), "EBS (2)");
        assert_eq!(run(&kind, &[s(1)]).top_wrong(), None);
    }

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal).to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"
            ]
        );
    }

    proptest! {
        /// Every answer lands in exactly one range, there are a handful of ranges whatever the
        /// room typed, and exactly one is marked right when the answer is known.
        #[test]
        fn every_number_is_counted_once_in_a_handful_of_ranges(
            values in proptest::collection::vec(-1e6f64..1e6, 0..60),
            answer in -1e3f64..1e3,
            tolerance in 0.0f64..100.0,
            known in any::<bool>(),
        ) {
            let kind = numeric(answer, tolerance);
            let answers = numbers(&values);
            let refs: Vec<&Response> = answers.iter().collect();
            let graded = known.then_some(&kind);
            let got = bars(&spread(&kind, graded, &refs, &|_| String::new()));
            prop_assert_eq!(got.iter().map(|b| b.1).sum::<usize>(), values.len());
            prop_assert!(got.len() <= 8, "{:?}", got);
            if known {
                prop_assert_eq!(got.iter().filter(|b| b.2 == Some(true)).count(), 1);
                let right = values.iter().filter(|v| within_tolerance(**v, answer, tolerance)).count();
                let marked = got.iter().find(|b| b.2 == Some(true)).map_or(0, |b| b.1);
                prop_assert_eq!(marked, right);
            }
        }
    }
}
