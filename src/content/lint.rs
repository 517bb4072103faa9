//! Advice for authors that is not an error: `cloudtutor check` prints these as warnings and still
//! exits 0.
//!
//! The one lint so far: the explanation of a `single` or `multi` question should say why a
//! tempting wrong choice is wrong, not only why the right one is right, because a learner who
//! picked a wrong choice reads the explanation to find out what was wrong with it. A quiz opts
//! out with `lint_explanations = false` at its top level.
//!
//! Deciding whether prose "mentions" a choice is fuzzy, so the test is deliberately lenient and
//! only catches explanations that ignore every wrong choice: a wrong choice counts as mentioned
//! when two, or at least half, of its distinctive words (words it does not share with the right
//! choices or the prompt; a final "s" is dropped and words of five letters or more are compared
//! on their first five, so "throttled" finds "throttle") appear in the explanation. A wrong
//! choice with no distinctive word cannot be told apart and is skipped.
use std::collections::BTreeSet;
use std::fmt;

use super::quiz::{Kind, Question, Quiz};

/// One piece of advice about one content file, shown as `PATH:LINE: warning: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The quiz file, as the user knows it.
    pub path: String,
    /// 1-based line of the question.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning: {}", self.path, self.line, self.message)
    }
}

/// Every warning for the quizzes given, in quiz then question order.
pub fn warnings(quizzes: &[Quiz]) -> Vec<Warning> {
    let mut out = Vec::new();
    for quiz in quizzes.iter().filter(|q| q.lint_explanations) {
        for q in &quiz.questions {
            if !explains_a_wrong_choice(q) {
                out.push(Warning {
                    path: quiz.path.clone(),
                    line: q.line,
                    message: format!(
                        "question `{}`: the explanation mentions none of the wrong choices; say \
                         why a tempting one is wrong (or set `lint_explanations = false` in the quiz)",
                        q.id
                    ),
                });
            }
        }
    }
    out
}

/// True when the question is not a choice question, has no checkable wrong choice, or its
/// explanation mentions at least one wrong choice.
pub fn explains_a_wrong_choice(q: &Question) -> bool {
    let (choices, right): (&[String], Vec<usize>) = match &q.kind {
        Kind::Single { choices, answer } => (choices, vec![*answer]),
        Kind::Multi { choices, answers } => (choices, answers.clone()),
        _ => return true,
    };
    let mut known: BTreeSet<String> = words(&q.prompt).into_iter().collect();
    for &i in &right {
        if let Some(c) = choices.get(i) {
            known.extend(words(c));
        }
    }
    let explained: Vec<String> = words(&q.explanation);
    let mut checkable = false;
    for (i, choice) in choices.iter().enumerate() {
        if right.contains(&i) {
            continue;
        }
        let distinctive: BTreeSet<String> = words(choice)
            .into_iter()
            .filter(|w| !known.iter().any(|k| same_word(k, w)))
            .collect();
        if distinctive.is_empty() {
            continue;
        }
        checkable = true;
        let found = distinctive
            .iter()
            .filter(|w| explained.iter().any(|e| same_word(e, w)))
            .count();
        if found >= 2 || found * 2 >= distinctive.len() {
            return true;
        }
    }
    !checkable
}

/// Words short enough to carry no meaning of their own.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "are", "was", "you", "your", "its", "not", "but",
    "from", "into", "than", "then", "one", "has", "have", "can", "will", "each", "any", "all",
    "only", "what", "which", "when", "who", "how", "does", "did", "per", "there", "their", "they",
    "them", "out", "our", "more", "most", "less", "least", "also", "just", "been", "being",
];

/// Lower-case words of `text`: runs of letters and digits, kept if they hold a digit or have at
/// least three letters and are not a stop word; a plural "s" is dropped from words of four
/// letters or more (keys -> key).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            !w.is_empty()
                && (w.chars().any(|c| c.is_ascii_digit())
                    || (w.chars().count() >= 3 && !STOPWORDS.contains(&w.as_str())))
        })
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w,
        })
        .collect()
}

/// Two words are the same if equal, or if both have at least five letters and share the first
/// five (a crude stem: throttle / throttled, instance / instances).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a5, b5): (String, String) = (a.chars().take(5).collect(), b.chars().take(5).collect());
    a5.chars().count() == 5 && a5 == b5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(prompt: &str, choices: &[&str], answer: usize, explanation: &str) -> Question {
        Question {
            id: "q1".into(),
            prompt: prompt.into(),
            explanation: explanation.into(),
            kind: Kind::Single {
                choices: choices.iter().map(|c| c.to_string()).collect(),
                answer,
            },
            line: 7,
        }
    }

    fn quiz(questions: Vec<Question>, lint: bool) -> Quiz {
        Quiz {
            id: "z".into(),
            title: "Z".into(),
            lesson: "a".into(),
            questions,
            path: "quizzes/z.toml".into(),
            lesson_line: 3,
            lint_explanations: lint,
        }
    }

    const CHOICES: &[&str] = &[
        "An S3 bucket",
        "The local disk of one instance",
        "The function's /tmp directory",
    ];

    #[test]
    fn an_explanation_of_the_right_choice_only_is_flagged() {
        let q = single(
            "Where do uploaded photos go?",
            CHOICES,
            0,
            "S3 is designed for eleven nines of durability and any server can reach it.",
        );
        assert!(!explains_a_wrong_choice(&q));
        let w = warnings(&[quiz(vec![q], true)]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].to_string(),
            "quizzes/z.toml:7: warning: question `q1`: the explanation mentions none of the wrong \
             choices; say why a tempting one is wrong (or set `lint_explanations = false` in the quiz)"
        );
    }

    #[test]
    fn naming_one_wrong_choice_is_enough_and_stems_match() {
        let q = single(
            "Where do uploaded photos go?",
            CHOICES,
            0,
            "S3 lasts. An instance's local disks vanish with the instance.",
        );
        assert!(explains_a_wrong_choice(&q));
        let q = single(
            "Where do uploaded photos go?",
            CHOICES,
            0,
            "S3 lasts; a function's /tmp is wiped with its environment.",
        );
        assert!(
            explains_a_wrong_choice(&q),
            "two of function, tmp, directory"
        );
    }

    #[test]
    fn words_shared_with_the_right_choice_or_prompt_do_not_count() {
        // "bucket" is in the right choice; "photos" in the prompt: neither says anything about
        // the wrong choices.
        let q = single(
            "Where do photos go?",
            &["One S3 bucket", "A second bucket for photos", "A disk"],
            0,
            "One bucket holds all the photos.",
        );
        assert!(!explains_a_wrong_choice(&q));
    }

    #[test]
    fn two_words_of_a_long_choice_are_enough_and_plurals_match() {
        let q = single(
            "Which are good practices?",
            &[
                "Use roles for code",
                "Put an access key in the code so the app can call S3",
            ],
            0,
            "Roles hand out short-lived credentials, so no secret is put anywhere.",
        );
        // Distinctive words: put, access, key, app, call, s3 ("code" is in the right choice).
        // Only "put" is found: one of six is not enough.
        assert!(!explains_a_wrong_choice(&q));
        let q = single(
            q.prompt.as_str(),
            &[
                "Use roles for code",
                "Put an access key in the code so the app can call S3",
            ],
            0,
            "Roles hand out short-lived credentials. Keys put in code leak.",
        );
        assert!(explains_a_wrong_choice(&q), "key and put: two words");
    }

    #[test]
    fn numbers_count_as_words() {
        let q = single(
            "How many start cold?",
            &["0", "1", "19", "20"],
            2,
            "One ping keeps one warm; the other nineteen start cold. Answering 0 is the trap.",
        );
        assert!(explains_a_wrong_choice(&q));
    }

    #[test]
    fn multi_questions_are_checked_and_other_kinds_are_not() {
        let multi = Question {
            kind: Kind::Multi {
                choices: vec!["Memory".into(), "Timeout".into(), "vCPU count".into()],
                answers: vec![0, 1],
            },
            ..single("Which do you set?", &["x", "y"], 0, "Memory and timeout.")
        };
        assert!(!explains_a_wrong_choice(&multi));
        let tf = Question {
            kind: Kind::TrueFalse { answer: true },
            ..single("True?", &["x", "y"], 0, "Yes.")
        };
        assert!(explains_a_wrong_choice(&tf));
        // Every choice right: nothing to explain away.
        let all_right = Question {
            kind: Kind::Multi {
                choices: vec!["Memory".into(), "Timeout".into()],
                answers: vec![0, 1],
            },
            ..single("Which do you set?", &["x", "y"], 0, "Both.")
        };
        assert!(explains_a_wrong_choice(&all_right));
    }

    #[test]
    fn a_quiz_can_opt_out() {
        let q = single("Where?", CHOICES, 0, "S3 is durable.");
        assert!(warnings(&[quiz(vec![q.clone()], false)]).is_empty());
        assert_eq!(warnings(&[quiz(vec![q], true)]).len(), 1);
    }
}
