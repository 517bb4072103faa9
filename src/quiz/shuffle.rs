//! Deterministic presentation order: which question comes first and in which order each
//! question's choices or items are shown, all derived from one `u64` seed.
//!
//! Why a seed: `--seed N` must replay a quiz exactly (bug reports, teaching a class the same
//! quiz), and tests must be reproducible. Why our own Fisher–Yates over the raw generator instead
//! of `SliceRandom::shuffle`: rand documents value stability of its algorithms only within a patch
//! series, while `Xoshiro256PlusPlus` is a published algorithm with fixed output (its
//! `seed_from_u64` is SplitMix64, pinned by rand's own tests). Depending on nothing else keeps a
//! seed meaningful across rand upgrades; `golden_order_is_stable` pins it.
//!
//! Each question's arrangement uses its own stream, derived from the seed and the question id,
//! so editing one question or reordering a quiz file does not reshuffle the choices of the
//! others.
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};

use super::grade::Response;
use crate::content::{Kind, Question};

/// A permutation from display positions to original indices (and back), so the UI can work in
/// what it shows while grading and saving always use the quiz file's indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permutation {
    to_original: Vec<usize>,
    to_display: Vec<usize>,
}

impl Permutation {
    /// The order of the file, for questions with nothing to shuffle.
    pub fn identity(len: usize) -> Self {
        let order: Vec<usize> = (0..len).collect();
        Permutation {
            to_display: order.clone(),
            to_original: order,
        }
    }

    /// Builds a permutation from "original index shown at each position"; `None` unless it is
    /// a permutation of `0..len`, so an invalid one can never exist.
    pub fn from_display_order(to_original: Vec<usize>) -> Option<Self> {
        let mut to_display = vec![usize::MAX; to_original.len()];
        for (display, &original) in to_original.iter().enumerate() {
            let slot = to_display.get_mut(original)?;
            if *slot != usize::MAX {
                return None;
            }
            *slot = display;
        }
        Some(Permutation {
            to_original,
            to_display,
        })
    }

    /// Number of positions.
    pub fn len(&self) -> usize {
        self.to_original.len()
    }

    /// True for questions with nothing to arrange (true/false, numeric).
    pub fn is_empty(&self) -> bool {
        self.to_original.is_empty()
    }

    /// The original index shown at display position `display`.
    pub fn original(&self, display: usize) -> Option<usize> {
        self.to_original.get(display).copied()
    }

    /// The display position of original index `original` (to highlight a graded item).
    pub fn display(&self, original: usize) -> Option<usize> {
        self.to_display.get(original).copied()
    }

    /// Original indices in display order.
    pub fn display_order(&self) -> &[usize] {
        &self.to_original
    }

    /// Whether nothing moved.
    pub fn is_identity(&self) -> bool {
        self.to_original.iter().enumerate().all(|(d, &o)| d == o)
    }

    /// Maps a display position to an original index; a position outside the permutation maps
    /// to `len()`, still out of range, so grading reports it as malformed instead of guessing.
    fn map(&self, display: usize) -> usize {
        self.original(display).unwrap_or(self.len())
    }
}

/// How one question is shown: which question (index into the quiz's questions) and the
/// arrangement of its choices (single, multi) or items (order, match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentedQuestion {
    /// Index of the question in the list the presentation was built from.
    pub question: usize,
    /// Display position → original index of choices or items; empty for true/false and numeric.
    pub arrangement: Permutation,
}

impl PresentedQuestion {
    /// The choice or item texts in display order (empty for true/false and numeric), so the UI
    /// never indexes the question itself with a display position.
    pub fn labels<'a>(&self, kind: &'a Kind) -> Vec<&'a str> {
        let texts: Vec<&str> = match kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => {
                choices.iter().map(String::as_str).collect()
            }
            Kind::Order { items } => items.iter().map(String::as_str).collect(),
            Kind::Match { items, .. } => items.iter().map(|i| i.text.as_str()).collect(),
            Kind::TrueFalse { .. }
            | Kind::Numeric { .. }
            | Kind::Generated(_)
            | Kind::Predict(_) => Vec::new(),
        };
        self.arrangement
            .display_order()
            .iter()
            .filter_map(|&o| texts.get(o).copied())
            .collect()
    }

    /// Translates a response given in display positions into original indices, for grading and
    /// saving. For order, `shown.order[p]` is the display position of the item the learner put
    /// at position `p`; for match, `shown.categories[d]` is the category of the item shown at
    /// `d` (categories themselves are not shuffled). A response that does not fit keeps its bad
    /// shape, so [`super::grade::grade`] reports it as malformed.
    pub fn to_original(&self, shown: &Response) -> Response {
        let perm = &self.arrangement;
        match shown {
            Response::Single { choice } => Response::Single {
                choice: perm.map(*choice),
            },
            Response::Multi { choices } => Response::Multi {
                choices: choices.iter().map(|&d| perm.map(d)).collect(),
            },
            Response::Order { order } => Response::Order {
                order: order.iter().map(|&d| perm.map(d)).collect(),
            },
            Response::Match { categories } if categories.len() == perm.len() => {
                let mut out = vec![None; perm.len()];
                for (display, category) in categories.iter().enumerate() {
                    out[perm.map(display)] = *category;
                }
                Response::Match { categories: out }
            }
            other => other.clone(),
        }
    }
}

/// The presentation of a whole quiz (or a drill's list of questions) for one seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// The seed it was built from, shown to the learner so `--seed` can replay it.
    pub seed: u64,
    /// Questions in the order they are asked.
    pub questions: Vec<PresentedQuestion>,
}

impl Presentation {
    /// Shuffles any list of questions (a drill mixes quizzes); question ids should be unique
    /// within the list (full `QUIZ/QUESTION` ids are not needed: the id only picks a stream).
    pub fn new(questions: &[Question], seed: u64) -> Self {
        let mut order: Vec<usize> = (0..questions.len()).collect();
        shuffle(&mut order, &mut stream(seed, 0));
        let questions = order
            .into_iter()
            .map(|i| PresentedQuestion {
                question: i,
                arrangement: arrange(&questions[i], seed),
            })
            .collect();
        Presentation { seed, questions }
    }
}

/// The order in which a live class lists an order question's items (original indices, first
/// shown first), the same one for every student and the projector, so the teacher can point at
/// an item. It is the arrangement the quiz runner gives the question keyed `key`
/// (`QUIZ/QUESTION`) for `seed`, so `present --seed N` and `quiz --seed N` agree, and it is never
/// the solved order when the items read differently. Empty for every other kind: their choices
/// keep the file's order in class, where the projector names them by letter and draws one bar
/// per choice.
pub fn class_order(key: &str, question: &Question, seed: u64) -> Vec<usize> {
    match question.kind {
        Kind::Order { .. } => {
            let keyed = Question {
                id: key.to_string(),
                ..question.clone()
            };
            arrange(&keyed, seed).display_order().to_vec()
        }
        _ => Vec::new(),
    }
}

/// A fresh random seed for when the learner gave none.
pub fn random_seed() -> u64 {
    rand::random()
}

/// The arrangement of one question. Order questions are never shown already solved (when two
/// or more items read differently): shuffles that leave the texts in the right order are
/// redrawn, and after 64 unlucky draws (impossible in practice: each has probability ≤ 1/2) the
/// first two distinct items are swapped.
fn arrange(question: &Question, seed: u64) -> Permutation {
    let mut rng = stream(seed, fnv1a(question.id.as_bytes()));
    let len = match &question.kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.len(),
        Kind::Match { items, .. } => items.len(),
        Kind::Order { items } => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            let solved = |o: &[usize]| o.iter().enumerate().all(|(p, &i)| items[i] == items[p]);
            for _ in 0..64 {
                shuffle(&mut order, &mut rng);
                if !solved(&order) {
                    break;
                }
            }
            if solved(&order)
                && let Some(j) = (1..items.len()).find(|&j| items[order[j]] != items[order[0]])
            {
                order.swap(0, j);
            }
            return Permutation::from_display_order(order)
                .unwrap_or_else(|| Permutation::identity(items.len()));
        }
        Kind::TrueFalse { .. } | Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => 0,
    };
    let mut order: Vec<usize> = (0..len).collect();
    shuffle(&mut order, &mut rng);
    Permutation::from_display_order(order).unwrap_or_else(|| Permutation::identity(len))
}

/// An independent generator for `(seed, stream)`.
pub(crate) fn stream(seed: u64, stream: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(splitmix64(seed ^ splitmix64(stream)))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a: a tiny hash that, unlike `std`'s `DefaultHasher`, is specified and never changes.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Fisher–Yates with an unbiased bounded draw.
fn shuffle<T>(items: &mut [T], rng: &mut impl Rng) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// A uniform integer in `0..n` (`n > 0`), by Lemire's multiply-and-reject method.
pub(crate) fn below(rng: &mut impl Rng, n: u64) -> u64 {
    let mut m = u128::from(rng.next_u64()) * u128::from(n);
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = u128::from(rng.next_u64()) * u128::from(n);
        }
    }
    (m >> 64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::MatchItem;
    use crate::quiz::grade::grade;
    use proptest::prelude::*;
    use std::collections::{BTreeSet, HashSet};

    fn q(id: &str, kind: Kind) -> Question {
        Question {
            id: id.into(),
            prompt: format!("prompt {id}"),
            explanation: String::new(),
            kind,
            line: 1,
        }
    }

    fn strings(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("item {i}")).collect()
    }

    fn sample_questions() -> Vec<Question> {
        vec![
            q(
                "single",
                Kind::Single {
                    choices: strings(4),
                    answer: 2,
                },
            ),
            q(
                "multi",
                Kind::Multi {
                    choices: strings(5),
                    answers: vec![0, 3],
                },
            ),
            q("tf", Kind::TrueFalse { answer: true }),
            q("order", Kind::Order { items: strings(4) }),
            q("order2", Kind::Order { items: strings(2) }),
            q(
                "match",
                Kind::Match {
                    categories: vec!["a".into(), "b".into()],
                    items: (0..4)
                        .map(|i| MatchItem {
                            text: format!("m{i}"),
                            category: i % 2,
                        })
                        .collect(),
                },
            ),
            q(
                "num",
                Kind::Numeric {
                    answer: 3.0,
                    tolerance: 0.0,
                    unit: "s".into(),
                },
            ),
        ]
    }

    /// The response a perfect learner gives in display coordinates.
    fn right_shown(question: &Question, p: &PresentedQuestion) -> Response {
        let perm = &p.arrangement;
        let d = |o: usize| perm.display(o).unwrap();
        match &question.kind {
            Kind::Single { answer, .. } => Response::Single { choice: d(*answer) },
            Kind::Multi { answers, .. } => Response::Multi {
                choices: answers.iter().map(|&a| d(a)).collect(),
            },
            Kind::TrueFalse { answer } => Response::TrueFalse { answer: *answer },
            Kind::Order { items } => Response::Order {
                order: (0..items.len()).map(d).collect(),
            },
            Kind::Match { items, .. } => Response::Match {
                categories: (0..items.len())
                    .map(|disp| Some(items[perm.original(disp).unwrap()].category))
                    .collect(),
            },
            Kind::Numeric { answer, .. } => Response::Numeric { value: *answer },
            Kind::Generated(_) | Kind::Predict(_) => Response::Numeric { value: f64::NAN },
        }
    }

    #[test]
    fn same_seed_same_presentation() {
        let qs = sample_questions();
        for seed in [0, 1, 42, u64::MAX] {
            assert_eq!(Presentation::new(&qs, seed), Presentation::new(&qs, seed));
        }
    }

    #[test]
    fn different_seeds_differ() {
        let qs = sample_questions();
        let distinct: HashSet<Vec<usize>> = (0..200)
            .map(|seed| {
                Presentation::new(&qs, seed)
                    .questions
                    .iter()
                    .map(|p| p.question)
                    .collect()
            })
            .collect();
        // 7! = 5040 orders; 200 seeds landing on fewer than 150 distinct ones would mean a
        // broken shuffle.
        assert!(
            distinct.len() > 150,
            "only {} distinct orders",
            distinct.len()
        );
        let choice_orders: HashSet<Vec<usize>> = (0..200)
            .map(|seed| {
                let p = Presentation::new(&qs, seed);
                let single = p.questions.iter().find(|p| p.question == 0).unwrap();
                single.arrangement.display_order().to_vec()
            })
            .collect();
        assert_eq!(choice_orders.len(), 24, "all 4! choice orders appear");
    }

    #[test]
    fn golden_order_is_stable() {
        // Pins the exact output for a seed: if this changes, `--seed` no longer replays old
        // sessions. Change it only on purpose (and say so in the changelog).
        let qs = sample_questions();
        let p = Presentation::new(&qs, 2026);
        let order: Vec<usize> = p.questions.iter().map(|p| p.question).collect();
        let single = &p
            .questions
            .iter()
            .find(|p| p.question == 0)
            .unwrap()
            .arrangement;
        assert_eq!(
            order,
            [6, 4, 3, 5, 2, 1, 0],
            "seeded question order changed"
        );
        assert_eq!(
            single.display_order(),
            [1, 3, 0, 2],
            "seeded choice order changed"
        );
    }

    #[test]
    fn arrangements_are_valid_permutations_of_the_right_size() {
        let qs = sample_questions();
        for seed in 0..500 {
            let p = Presentation::new(&qs, seed);
            let order: BTreeSet<usize> = p.questions.iter().map(|p| p.question).collect();
            assert_eq!(order, (0..qs.len()).collect());
            for pq in &p.questions {
                let question = &qs[pq.question];
                let want = match &question.kind {
                    Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.len(),
                    Kind::Order { items } => items.len(),
                    Kind::Match { items, .. } => items.len(),
                    _ => 0,
                };
                let perm = &pq.arrangement;
                assert_eq!(perm.len(), want);
                let seen: BTreeSet<usize> = perm.display_order().iter().copied().collect();
                assert_eq!(seen, (0..want).collect());
                for d in 0..want {
                    assert_eq!(perm.display(perm.original(d).unwrap()), Some(d));
                }
                assert_eq!(pq.labels(&question.kind).len(), want);
            }
        }
    }

    #[test]
    fn order_questions_are_never_shown_solved() {
        let qs = sample_questions();
        for seed in 0..2000 {
            for pq in Presentation::new(&qs, seed).questions {
                if let Kind::Order { items } = &qs[pq.question].kind {
                    let shown = pq.labels(&qs[pq.question].kind);
                    let right: Vec<&str> = items.iter().map(String::as_str).collect();
                    assert_ne!(shown, right, "seed {seed} shows order question solved");
                }
            }
        }
    }

    #[test]
    fn class_order_is_the_runners_arrangement_and_never_solved() {
        let qs = sample_questions();
        for seed in 0..500 {
            let p = Presentation::new(&qs, seed);
            for (i, question) in qs.iter().enumerate() {
                let order = class_order(&question.id, question, seed);
                if matches!(question.kind, Kind::Order { .. }) {
                    let runner = p.questions.iter().find(|p| p.question == i).unwrap();
                    assert_eq!(order, runner.arrangement.display_order());
                    assert!(
                        !Permutation::from_display_order(order)
                            .unwrap()
                            .is_identity()
                    );
                } else {
                    assert!(order.is_empty(), "{} keeps its file order", question.id);
                }
            }
        }
    }

    #[test]
    fn order_with_duplicate_texts_is_not_shown_solved_when_possible() {
        let items = vec!["a".to_string(), "a".to_string(), "b".to_string()];
        let qs = vec![q(
            "dup",
            Kind::Order {
                items: items.clone(),
            },
        )];
        for seed in 0..500 {
            let p = Presentation::new(&qs, seed);
            assert_ne!(p.questions[0].labels(&qs[0].kind), vec!["a", "a", "b"]);
        }
        // All identical: impossible to unsolve, must not loop or panic.
        let same = vec![q(
            "same",
            Kind::Order {
                items: vec!["x".into(), "x".into()],
            },
        )];
        assert_eq!(
            Presentation::new(&same, 7).questions[0].arrangement.len(),
            2
        );
    }

    #[test]
    fn right_answers_through_the_mapping_grade_right() {
        let qs = sample_questions();
        for seed in 0..300 {
            for pq in Presentation::new(&qs, seed).questions {
                let question = &qs[pq.question];
                let original = pq.to_original(&right_shown(question, &pq));
                let out = grade(&question.kind, &original);
                assert!(out.correct, "seed {seed} {}: {out:?}", question.id);
            }
        }
    }

    #[test]
    fn display_positions_map_to_original_choices() {
        let qs = sample_questions();
        let p = Presentation::new(&qs, 99);
        let pq = p.questions.iter().find(|p| p.question == 0).unwrap();
        let labels = pq.labels(&qs[0].kind);
        for (d, label) in labels.iter().enumerate() {
            let Response::Single { choice } = pq.to_original(&Response::Single { choice: d })
            else {
                panic!("shape changed");
            };
            assert_eq!(format!("item {choice}"), *label);
        }
        // Out of range stays out of range, graded malformed.
        let bad = pq.to_original(&Response::Single { choice: 17 });
        assert!(!grade(&qs[0].kind, &bad).correct);
    }

    #[test]
    fn permutation_rejects_non_permutations() {
        assert!(Permutation::from_display_order(vec![0, 0]).is_none());
        assert!(Permutation::from_display_order(vec![0, 2]).is_none());
        assert!(Permutation::from_display_order(vec![1, 0]).is_some());
        assert!(Permutation::identity(3).is_identity());
    }

    proptest! {
        #[test]
        fn below_is_in_range(seed in any::<u64>(), n in 1u64..1000) {
            let mut rng = stream(seed, 1);
            prop_assert!(below(&mut rng, n) < n);
        }

        #[test]
        fn shuffle_is_a_permutation(seed in any::<u64>(), len in 0usize..40) {
            let mut v: Vec<usize> = (0..len).collect();
            shuffle(&mut v, &mut stream(seed, 3));
            prop_assert!(Permutation::from_display_order(v).is_some());
        }
    }
}
