//! Any bytes as what an SSH client sends in a live class: split into messages (the first byte of
//! each says how long it is), parsed into keys, and played on a student's screen through the
//! whole class (code, name, every question kind). Never a panic, never a control character as
//! typed text, never an answer the class refuses as malformed.
#![no_main]
use cloudtutor::api::classroom::class::{Class, ClassSettings};
use cloudtutor::api::classroom::input::{KeyReader, StudentKey};
use cloudtutor::api::classroom::student::StudentApp;
use cloudtutor::api::content::{Kind, MatchItem, Question};
use libfuzzer_sys::fuzz_target;

fn questions() -> Vec<Kind> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        Kind::Single { choices: s(&["a", "b", "c"]), answer: 1 },
        Kind::Multi { choices: s(&["a", "b", "c"]), answers: vec![0, 2] },
        Kind::TrueFalse { answer: true },
        Kind::Order { items: s(&["x", "y", "z"]) },
        Kind::Match {
            categories: s(&["p", "q"]),
            items: vec![
                MatchItem { text: "i".into(), category: 0 },
                MatchItem { text: "j".into(), category: 1 },
            ],
        },
        Kind::Numeric { answer: 3.0, tolerance: 0.5, unit: "ms".into() },
    ]
}

fuzz_target!(|data: &[u8]| {
    let mut class = Class::new(ClassSettings {
        code: "1".into(),
        max_students: 4,
        anonymous: false,
    });
    let mut app = StudentApp::new("fuzz");
    let mut reader = KeyReader::default();
    let kinds = questions();
    let mut rest = data;
    let mut step = 0usize;
    while let Some((&len, tail)) = rest.split_first() {
        let n = usize::from(len).min(tail.len());
        let (msg, next) = tail.split_at(n);
        rest = next;
        for key in reader.feed(msg) {
            if let StudentKey::Char(c) = key {
                assert!(!c.is_control());
            }
            let _ = app.on_key(key, &mut class);
        }
        // The teacher moves on every few messages: a new question of the next kind, a lock, a
        // reveal, a second round.
        step += 1;
        match step % 4 {
            0 => class.open_question(
                "f/q",
                Question {
                    id: "q".into(),
                    prompt: "p".into(),
                    explanation: String::new(),
                    kind: kinds[(step / 4) % kinds.len()].clone(),
                    line: 1,
                },
            ),
            2 => class.lock(),
            3 => {
                let _ = class.open_round_two();
            }
            _ => {}
        }
    }
    class.reveal(None);
    if let Some(id) = app.student() {
        let (score, of) = class.score(id);
        assert!(score >= 0.0 && score <= of as f32 + 1e-3);
    }
});
