//! The one line editor of the tutor: reader search, a simulation parameter's typed value, the
//! room's vote counts and numeric answers. Editing (cursor, Home/End, Ctrl-W, Ctrl-U, ...) is the
//! `tui-input` crate's; this module adds what each field needs on top: a length cap, a filter of
//! the characters it accepts, and Enter/Esc/Ctrl-C meaning submit/cancel/quit.
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// What a key did to a field that has focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Enter: the text, trimmed of nothing (the caller decides).
    Submit(String),
    /// Esc: the field closes without a value.
    Cancel,
    /// Ctrl-C: quit the tutor.
    Quit,
    /// The text or the cursor changed.
    Changed,
    /// The key means nothing here (a character the field refuses, a full field).
    Ignored,
}

/// A single-line text field.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    input: Input,
}

/// Two fields are equal when they hold the same text with the cursor at the same place.
impl PartialEq for LineInput {
    fn eq(&self, other: &LineInput) -> bool {
        self.input.value() == other.input.value() && self.input.cursor() == other.input.cursor()
    }
}

impl LineInput {
    /// A field holding `text`, with the cursor at its end.
    pub fn with_text(text: &str) -> LineInput {
        LineInput {
            input: Input::new(text.to_string()),
        }
    }

    /// Footer hints while a field has focus: the keys [`LineInput::handle`] gives meaning to.
    pub fn focus_hints(submit: &'static str) -> Vec<(String, &'static str)> {
        vec![("Enter".into(), submit), ("Esc".into(), "cancel")]
    }

    /// Footer hints for typing into a field whose Enter belongs to the screen: `chars` says what
    /// may be typed.
    pub fn typing_hints(chars: &'static str) -> Vec<(String, &'static str)> {
        vec![(chars.into(), "type"), ("Bksp".into(), "erase")]
    }

    /// The text typed so far.
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The text with a thin bar where the cursor is, for drawing.
    pub fn with_cursor(&self) -> String {
        let cursor = self.input.cursor();
        let value = self.input.value();
        let at = value
            .char_indices()
            .nth(cursor)
            .map_or(value.len(), |(i, _)| i);
        format!("{}▏{}", &value[..at], &value[at..])
    }

    /// A key for a field with focus: Enter submits, Esc cancels, Ctrl-C quits; anything else
    /// edits. At most `max` characters are kept, and only those `accept` allows.
    pub fn handle(&mut self, key: &KeyEvent, max: usize, accept: impl Fn(char) -> bool) -> Edit {
        match key.code {
            KeyCode::Enter => Edit::Submit(self.input.value_and_reset()),
            KeyCode::Esc => Edit::Cancel,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Edit::Quit,
            _ if self.edit(key, max, accept) => Edit::Changed,
            _ => Edit::Ignored,
        }
    }

    /// Only the editing keys (for a field whose Enter and Esc belong to the screen, like a numeric
    /// answer). Returns whether the key was used.
    pub fn edit(&mut self, key: &KeyEvent, max: usize, accept: impl Fn(char) -> bool) -> bool {
        let Some(request) = to_input_request(&Event::Key(*key)) else {
            return false;
        };
        if let InputRequest::InsertChar(c) = request
            && (!accept(c) || self.input.value().chars().count() >= max)
        {
            return false;
        }
        self.input.handle(request);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_editing_and_submitting() {
        let mut f = LineInput::default();
        for c in "cold strat".chars() {
            assert_eq!(
                f.handle(&key(KeyCode::Char(c)), 60, |_| true),
                Edit::Changed
            );
        }
        // Fix the typo in the middle: the cursor moves, the text is edited where it is.
        f.handle(&key(KeyCode::Left), 60, |_| true);
        f.handle(&key(KeyCode::Backspace), 60, |_| true);
        f.handle(&key(KeyCode::Backspace), 60, |_| true);
        f.handle(&key(KeyCode::Char('a')), 60, |_| true);
        f.handle(&key(KeyCode::Char('r')), 60, |_| true);
        assert_eq!(f.value(), "cold start");
        assert_eq!(f.with_cursor(), "cold star▏t");
        let ctrl_w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        f.handle(&key(KeyCode::End), 60, |_| true);
        f.handle(&ctrl_w, 60, |_| true);
        assert_eq!(f.value(), "cold ");
        assert_eq!(
            f.handle(&key(KeyCode::Enter), 60, |_| true),
            Edit::Submit("cold ".into())
        );
        assert_eq!(f.handle(&key(KeyCode::Esc), 60, |_| true), Edit::Cancel);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(f.handle(&ctrl_c, 60, |_| true), Edit::Quit);
    }

    #[test]
    fn the_filter_and_the_cap_refuse_characters() {
        let mut f = LineInput::default();
        let digits = |c: char| c.is_ascii_digit() || c == ' ';
        assert_eq!(f.handle(&key(KeyCode::Char('x')), 3, digits), Edit::Ignored);
        for c in "1234".chars() {
            f.handle(&key(KeyCode::Char(c)), 3, digits);
        }
        assert_eq!(f.value(), "123");
    }

    proptest! {
        /// Whatever is typed, the field never holds more than its cap nor a refused character,
        /// and the cursor mark is always inside the text.
        #[test]
        fn any_keys_keep_the_field_within_its_rules(
            keys in proptest::collection::vec(
                prop_oneof![
                    any::<char>().prop_map(KeyCode::Char),
                    Just(KeyCode::Backspace),
                    Just(KeyCode::Delete),
                    Just(KeyCode::Left),
                    Just(KeyCode::Right),
                    Just(KeyCode::Home),
                    Just(KeyCode::End),
                ],
                0..80,
            )
        ) {
            let mut f = LineInput::default();
            let accept = |c: char| c.is_ascii_alphanumeric();
            for code in keys {
                f.edit(&key(code), 10, accept);
            }
            prop_assert!(f.value().chars().count() <= 10);
            prop_assert!(f.value().chars().all(accept));
            prop_assert_eq!(f.with_cursor().replace('▏', ""), f.value());
        }
    }
}
