//! Counts in the words a reader expects: "1 lesson", "2 lessons", "0 quizzes".
//!
//! English needs only the two forms, and the plural is not always the singular plus `s`
//! (`quiz`/`quizzes`, `entry`/`entries`), so callers give both. Lives with the content because
//! every layer above (the commands, the screens) counts lessons, quizzes and questions.

/// `n` followed by `one` when `n` is 1, else by `many`: `count(1, "lesson", "lessons")` is
/// `"1 lesson"`, `count(0, "quiz", "quizzes")` is `"0 quizzes"`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The pronoun that refers back to `n` things: `"it"` for 1, `"them"` otherwise, for sentences
/// such as "1 problem ...; run `cloudtutor check` to see it".
pub fn it_or_them(n: usize) -> &'static str {
    if n == 1 { "it" } else { "them" }
}

#[cfg(test)]
mod tests {
    use super::{count, it_or_them};

    #[test]
    fn the_pronoun_agrees_with_the_count() {
        assert_eq!(it_or_them(1), "it");
        assert_eq!(it_or_them(0), "them");
        assert_eq!(it_or_them(2), "them");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "lesson", "lessons"), "1 lesson");
        assert_eq!(count(0, "quiz", "quizzes"), "0 quizzes");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
        assert_eq!(count(11, "day", "days"), "11 days");
    }
}
