//! Property tests: any input, any width: no panic, no over-wide line, no forbidden character.
use proptest::prelude::*;

use super::sanitize::is_forbidden;
use super::{
    Disclosure, MIN_WIDTH, RenderOptions, Styles, parse, render_disclosed, to_ansi_string,
    to_plain_string,
};

/// Markdown punctuation, control characters, wide and combining characters, in fragments.
fn markdownish() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "# ",
        "## ",
        "### ",
        "- ",
        "* ",
        "1. ",
        "12. ",
        "> ",
        ">",
        "```",
        "```sim cost\n",
        "```quiz q/1\n",
        "```sim\n",
        "```rust\n",
        "    ",
        "|",
        "| a | b |\n|---|:-:|\n",
        "|---|",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "[",
        "](",
        ")",
        "![",
        "<br>",
        "<!-- c -->",
        "<div>",
        "\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "\u{1b}",
        "\u{1b}[31m",
        "\u{202e}",
        "\u{2066}",
        "\u{9b}",
        "\u{0}",
        "\u{7f}",
        "\r\n",
        "\u{2028}",
        "漢字",
        "🚀",
        "✅",
        "✔\u{fe0f}",
        "👨\u{200d}👩\u{200d}👧",
        "e\u{301}",
        "\u{fe0f}",
        "\u{200d}",
        "\u{17d8}",
        "ل",
        "ا",
        "word ",
        "averyveryverylongwordwithoutanyspaces",
        "a = b\n",
        "= x\n",
        "\\",
        ":",
        "---\n",
        "<https://x.io>",
        "[t](https://x.io/a-b?c=d&e=f)",
        "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        "&amp;",
        "&#27;",
        "<details>",
        "<details open>\n",
        "<summary>",
        "</summary>",
        "</details>",
        "\n</details>\n",
        "<script>",
        "&#x202e;",
    ]);
    prop::collection::vec(fragments, 0..60).prop_map(|v| v.concat())
}

fn check(src: &str, width: u16) -> Result<(), TestCaseError> {
    let (doc, _) = parse(src, 1);
    let cases = [
        (Styles::plain(), Disclosure::AllOpen),
        (Styles::default(), Disclosure::AsWritten),
    ];
    for (styles, disclosure) in cases {
        let lookup = |t: &str| Some(format!("prompt for {t}\u{1b}[2J"));
        let opts = RenderOptions {
            width,
            styles: &styles,
            checkpoint: Some(&lookup),
            sim_rows: 2,
        };
        let r = render_disclosed(&doc, &opts, &disclosure);
        let limit = usize::from(width).max(MIN_WIDTH);
        for line in &r.text.lines {
            prop_assert!(
                line.width() <= limit,
                "width {} > {}: {:?}",
                line.width(),
                limit,
                line
            );
            for span in &line.spans {
                prop_assert!(
                    !span.content.chars().any(is_forbidden),
                    "forbidden char in {:?}",
                    span
                );
            }
        }
        let rows = r.text.lines.len();
        prop_assert!(r.headings.iter().all(|h| h.row < rows));
        prop_assert!(
            r.live
                .iter()
                .all(|l| l.row + l.height <= rows && l.area.row + l.area.height <= rows)
        );
        // Every live block is drawn when every `<details>` is open; when some are closed, those
        // drawn keep their document numbers.
        let live_blocks = doc.live_blocks().count();
        if disclosure == Disclosure::AllOpen {
            prop_assert_eq!(r.live.len(), live_blocks);
        }
        prop_assert!(r.live.windows(2).all(|w| w[0].block < w[1].block));
        prop_assert!(r.live.iter().all(|l| l.block < live_blocks));
        let details = doc
            .walk()
            .filter(|b| matches!(b, super::Block::Details(_)))
            .count();
        prop_assert!(r.details.windows(2).all(|w| w[0].index < w[1].index));
        prop_assert!(r.links.windows(2).all(|w| w[0].row <= w[1].row));
        prop_assert!(r.links.iter().all(|l| l.row < rows
            && !l.cols.is_empty()
            && l.cols.end <= r.text.lines[l.row].width()));
        prop_assert!(r.details.iter().all(|d| d.index < details
            && d.row < d.body.start
            && d.body.end <= rows
            && (d.open || d.body.is_empty())));
        prop_assert!(
            !to_plain_string(&r.text)
                .chars()
                .any(|c| c != '\n' && is_forbidden(c))
        );
        let ansi = to_ansi_string(&r.text);
        let mut rest = ansi.as_str();
        while let Some(i) = rest.find('\u{1b}') {
            let tail = &rest[i + 1..];
            let end = tail.find('m').unwrap_or(0);
            prop_assert!(
                tail.starts_with('[')
                    && tail[1..end].chars().all(|c| c.is_ascii_digit() || c == ';')
            );
            rest = &tail[end..];
        }
    }
    Ok(())
}

// 256 cases each by default; `PROPTEST_CASES=20000` for a longer hunt.
proptest! {
    #[test]
    fn arbitrary_strings_render_safely(src in any::<String>(), width in 1u16..300) {
        check(&src, width)?;
    }

    #[test]
    fn markdownish_strings_render_safely(src in markdownish(), width in 1u16..300) {
        check(&src, width)?;
    }

    #[test]
    fn markdownish_strings_at_tiny_widths(src in markdownish(), width in 1u16..12) {
        check(&src, width)?;
    }
}
