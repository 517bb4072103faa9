//! Lesson and quiz text is untrusted: nothing in it may reach the terminal as a control sequence.
use std::borrow::Cow;

/// True for characters that must never be written to the terminal from content: C0 and C1 controls
/// (ESC starts every escape sequence), DEL, the bidi overrides and isolates that can make text
/// display differently from what it says, and the Unicode line/paragraph separators, which some
/// terminals treat as line breaks and which would desynchronise our row bookkeeping.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{feff}'
        | '\u{2028}' | '\u{2029}')
}

/// Strips forbidden characters from one line of text. A tab becomes a space, since its display
/// width depends on the terminal. Borrows when the text is already clean, which is nearly always.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(is_forbidden) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if is_forbidden(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_bidi() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m"), "a[31mred[0m");
        assert_eq!(clean("x\u{202e}y\u{9b}z"), "xyz");
        assert_eq!(clean("tab\there"), "tab here");
        assert_eq!(clean("a\u{2028}b\u{2066}c\u{7f}d\r\n"), "abcd");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(clean("plain ✓ 漢字"), Cow::Borrowed(_)));
    }
}
