//! Any bytes as a lesson file (front matter and body): diagnostics, never a panic, and no control
//! character in what the reader would show.
#![no_main]
use cloudtutor::api::content::Catalog;
use cloudtutor::api::content::source::{RawCourse, RawFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = RawCourse {
        lessons: vec![RawFile {
            path: "lessons/f.md".into(),
            bytes: data.to_vec(),
        }],
        quizzes: vec![],
    };
    let catalog = Catalog::from_raw(&raw, Vec::new());
    for l in &catalog.lessons {
        assert!(
            !l.title
                .chars()
                .any(cloudtutor::api::markdown::sanitize::is_forbidden)
        );
    }
    for d in &catalog.diagnostics {
        assert!(
            !d.message
                .chars()
                .any(cloudtutor::api::markdown::sanitize::is_forbidden)
        );
    }
});
