//! Student keystrokes: the raw bytes an SSH client sends, turned into keys.
//!
//! Parsing is termwiz's `InputParser` (maintained with the WezTerm terminal, and it knows the
//! escape sequences of xterm, VT220, the Linux console and Windows Terminal); crossterm's own
//! parser is private. What we add is only the mapping to the few keys a student screen uses and
//! the caps: at most [`MAX_INPUT_BYTES`] of one SSH data message are parsed, and pasted text is
//! cut to [`MAX_PASTE_CHARS`] characters with control characters dropped.
//!
//! Cost, measured (BENCHMARKS.md): each `InputParser` builds termwiz's whole table of key
//! sequences, about 760 KB per session, most of a session's memory, and termwiz adds 62 crates.
//! `terminput` (MSRV-compatible at 0.5.0) would be the lighter maintained alternative to try.
use termwiz::input::{InputEvent, InputParser, KeyCode, KeyEvent, Modifiers};

/// Bytes of one SSH data message that are parsed; the rest is dropped. A person types a few
/// bytes at a time; a paste of a whole file into a class session is not an answer.
pub const MAX_INPUT_BYTES: usize = 512;

/// Characters kept from one paste.
pub const MAX_PASTE_CHARS: usize = 64;

/// A key a student screen understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudentKey {
    /// A printable character (never a control character).
    Char(char),
    Enter,
    Backspace,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    /// Scroll a page (a question or explanation longer than a small window).
    PageUp,
    PageDown,
    /// Ctrl-C or Ctrl-D: leave the class (only this student's session ends).
    Leave,
}

/// The parser of one session (it keeps a partial escape sequence between messages).
pub struct KeyReader {
    parser: InputParser,
}

impl Default for KeyReader {
    fn default() -> Self {
        KeyReader {
            parser: InputParser::new(),
        }
    }
}

impl KeyReader {
    /// Parses one SSH data message into keys. Mouse reports, resizes and unknown keys are
    /// dropped.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<StudentKey> {
        let bytes = &bytes[..bytes.len().min(MAX_INPUT_BYTES)];
        let mut keys = Vec::new();
        // `maybe_more = false`: an SSH message carries whole key sequences, so a lone ESC is the
        // Escape key, not the start of a sequence still to come.
        self.parser.parse(
            bytes,
            |event| match event {
                InputEvent::Key(key) => keys.extend(map_key(&key)),
                InputEvent::Paste(text) => keys.extend(
                    text.chars()
                        .filter(|c| !c.is_control())
                        .take(MAX_PASTE_CHARS)
                        .map(StudentKey::Char),
                ),
                _ => {}
            },
            false,
        );
        keys
    }
}

fn map_key(key: &KeyEvent) -> Option<StudentKey> {
    let ctrl = key.modifiers.contains(Modifiers::CTRL);
    // termwiz reports the C0 bytes as Ctrl + letter (0x0d is Ctrl-M, 0x09 Ctrl-I, 0x08 Ctrl-H),
    // and the CSI-u / modifyOtherKeys forms as Enter, Tab, Backspace, Escape.
    Some(match key.key {
        KeyCode::Char('c' | 'C' | 'd' | 'D') if ctrl => StudentKey::Leave,
        KeyCode::Char('m' | 'M' | 'j' | 'J') if ctrl => StudentKey::Enter,
        KeyCode::Char('h' | 'H') if ctrl => StudentKey::Backspace,
        KeyCode::Char('i' | 'I') if ctrl => StudentKey::Tab,
        KeyCode::Char('\u{3}' | '\u{4}') => StudentKey::Leave,
        KeyCode::Char('\r' | '\n') | KeyCode::Enter => StudentKey::Enter,
        KeyCode::Char('\u{8}' | '\u{7f}') | KeyCode::Backspace => StudentKey::Backspace,
        KeyCode::Char('\u{1b}') | KeyCode::Escape => StudentKey::Esc,
        KeyCode::Char('\t') | KeyCode::Tab if key.modifiers.contains(Modifiers::SHIFT) => {
            StudentKey::BackTab
        }
        KeyCode::Char('\t') | KeyCode::Tab => StudentKey::Tab,
        KeyCode::UpArrow | KeyCode::ApplicationUpArrow => StudentKey::Up,
        KeyCode::DownArrow | KeyCode::ApplicationDownArrow => StudentKey::Down,
        KeyCode::LeftArrow | KeyCode::ApplicationLeftArrow => StudentKey::Left,
        KeyCode::RightArrow | KeyCode::ApplicationRightArrow => StudentKey::Right,
        KeyCode::Home => StudentKey::Home,
        KeyCode::End => StudentKey::End,
        KeyCode::PageUp | KeyCode::KeyPadPageUp => StudentKey::PageUp,
        KeyCode::PageDown | KeyCode::KeyPadPageDown => StudentKey::PageDown,
        KeyCode::Char(_) if ctrl || key.modifiers.contains(Modifiers::ALT) => return None,
        KeyCode::Char(c) if !c.is_control() => StudentKey::Char(c),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(bytes: &[u8]) -> Vec<StudentKey> {
        KeyReader::default().feed(bytes)
    }

    #[test]
    fn common_keys_from_an_ssh_client() {
        assert_eq!(keys(b"a"), vec![StudentKey::Char('a')]);
        assert_eq!(keys(b"\r"), vec![StudentKey::Enter]);
        assert_eq!(keys(b"\x7f"), vec![StudentKey::Backspace]);
        assert_eq!(keys(b"\x1b[A"), vec![StudentKey::Up]);
        assert_eq!(keys(b"\x1bOB"), vec![StudentKey::Down]);
        assert_eq!(keys(b"\x1b"), vec![StudentKey::Esc]);
        assert_eq!(keys(b"\x03"), vec![StudentKey::Leave]);
        assert_eq!(keys(b"\x04"), vec![StudentKey::Leave]);
        assert_eq!(keys(b"\t"), vec![StudentKey::Tab]);
        assert_eq!(keys(b"\x08"), vec![StudentKey::Backspace]);
        assert_eq!(keys(b"\n"), vec![StudentKey::Enter]);
        assert_eq!(keys(b"\x1b[Z"), vec![StudentKey::BackTab]);
        assert_eq!(keys(b"\x1b[5~"), vec![StudentKey::PageUp]);
        assert_eq!(keys(b"\x1b[6~"), vec![StudentKey::PageDown]);
        assert_eq!(
            keys("é4".as_bytes()),
            vec![StudentKey::Char('é'), StudentKey::Char('4')]
        );
    }

    #[test]
    fn a_sequence_split_across_messages_is_joined() {
        let mut reader = KeyReader::default();
        let mut got = reader.feed(b"\x1b[");
        got.extend(reader.feed(b"B"));
        // Either the parser waits for the rest, or it gave up on the prefix; it must never
        // produce a control character as text.
        assert!(
            got.iter()
                .all(|k| !matches!(k, StudentKey::Char(c) if c.is_control()))
        );
    }

    #[test]
    fn pastes_are_cut_and_cleaned() {
        let mut paste = b"\x1b[200~".to_vec();
        paste.extend(std::iter::repeat_n(b'x', 100));
        paste.extend(b"\x1b]0;evil\x07");
        paste.extend(b"\x1b[201~");
        let got = keys(&paste);
        assert!(got.len() <= MAX_PASTE_CHARS);
        assert!(
            got.iter()
                .all(|k| matches!(k, StudentKey::Char(c) if !c.is_control()))
        );
    }

    #[test]
    fn oversized_messages_are_capped() {
        let got = keys(&[b'z'; 10_000]);
        assert_eq!(got.len(), MAX_INPUT_BYTES);
    }

    proptest! {
        #[test]
        fn any_bytes_parse_without_panic_and_never_yield_control_text(
            chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..8)
        ) {
            let mut reader = KeyReader::default();
            let mut total = 0;
            for chunk in &chunks {
                let got = reader.feed(chunk);
                total += got.len();
                for key in got {
                    if let StudentKey::Char(c) = key {
                        prop_assert!(!c.is_control());
                    }
                }
            }
            prop_assert!(total <= chunks.iter().map(|c| c.len().min(MAX_INPUT_BYTES) + MAX_PASTE_CHARS).sum::<usize>());
        }
    }
}
