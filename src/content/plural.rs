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

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "lesson", "lessons"), "1 lesson");
        assert_eq!(count(0, "quiz", "quizzes"), "0 quizzes");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
        assert_eq!(count(11, "day", "days"), "11 days");
    }
}
