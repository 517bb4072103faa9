//! Any text rendered at any width: never a panic, never a line wider than the width (beyond the
//! documented minimum), never a control character out.
#![no_main]
use cloudtutor::api::markdown::{self, RenderOptions, Styles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &str)| {
    let (w, text) = input;
    let width = w % 300 + 1;
    let (doc, _) = markdown::parse(text, 1);
    let styles = Styles::plain();
    let opts = RenderOptions {
        width,
        styles: &styles,
        checkpoint: None,
        sim_rows: 3,
    };
    let out = markdown::to_plain_string(&markdown::render(&doc, &opts).text);
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line)
                <= usize::from(width).max(markdown::MIN_WIDTH)
        );
        assert!(!line.chars().any(markdown::sanitize::is_forbidden));
    }
});
