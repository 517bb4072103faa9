//! Drawn-screen tests of the reader's search and `<details>` sections, the problems overlay and
//! the counts on the course map (issue 13's faults, as a learner sees them).
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::screens::state::App;
use crate::screens::update;
use crate::testkit::{self, Course};

fn screen(app: &App, w: u16, h: u16) -> String {
    testkit::screen(app, w, h, &Theme::dark())
}

fn key(app: &mut App, code: KeyCode) {
    let effects = update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
    app.perform_saves(effects);
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

const PHRASE: &str = "# Caches\n\nCaches keep hot keys in memory for a while so that repeated reads \
                      are cheap, and then they forget them.\n";

/// The issue's case: at 40 columns "for a while" wraps between "a" and "while"; the search finds
/// it and highlights both rows.
#[test]
fn search_finds_a_phrase_split_by_wrapping_at_every_terminal_width() {
    for cols in [40u16, 41, 50, 60, 80, 100, 160] {
        let catalog = Course::new().lesson("c", "C", None, PHRASE).build();
        let mut app = App::new(catalog, (cols, 24), Theme::dark().markdown);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "for a while");
        key(&mut app, KeyCode::Enter);
        let s = screen(&app, cols, 24);
        assert!(s.contains("match 1/1"), "at {cols} columns:\n{s}");
    }
    // At 40 columns the phrase is on two rows, and both carry the current-match style.
    let catalog = Course::new().lesson("c", "C", None, PHRASE).build();
    let mut app = App::new(catalog, (40, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "for a while");
    key(&mut app, KeyCode::Enter);
    let theme = Theme::dark();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 24)).expect("test backend");
    terminal
        .draw(|f| super::draw(f, &app, &theme))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let highlighted: Vec<String> = (0..24)
        .map(|y| {
            (0..40)
                .filter(|&x| buf[(x, y)].bg == theme.search_current.bg.expect("a background"))
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .filter(|row| !row.is_empty())
        .collect();
    assert_eq!(highlighted.len(), 2, "{highlighted:?}");
    assert_eq!(highlighted.concat().replace(' ', ""), "forawhile");
}

const DETAILS: &str = "# Quiz yourself\n\nThink first.\n\n\
                       <details><summary>Show answer</summary> The hidden answer is 42. </details>\n\n\
                       After.\n";

/// `<details>` is a closed "▸ summary" in the reader, `o` opens it and closes it again, and the
/// summary line names the key.
#[test]
fn a_details_section_opens_and_closes_with_its_key() {
    for (w, h) in [(80, 24), (40, 10), (160, 48)] {
        let catalog = Course::new().lesson("d", "D", None, DETAILS).build();
        let mut app = App::new(catalog, (w, h), Theme::dark().markdown);
        key(&mut app, KeyCode::Enter);
        let closed = screen(&app, w, h);
        assert!(closed.contains("▸ Show answer"), "{w}x{h}:\n{closed}");
        assert!(closed.contains("(o: open)"), "{w}x{h}:\n{closed}");
        assert!(!closed.contains("42"), "{w}x{h}:\n{closed}");
        key(&mut app, KeyCode::Char('o'));
        let open = screen(&app, w, h);
        assert!(open.contains("▾ Show answer"), "{w}x{h}:\n{open}");
        assert!(
            open.contains("The hidden answer is 42."),
            "{w}x{h}:\n{open}"
        );
        key(&mut app, KeyCode::Char('o'));
        assert_eq!(screen(&app, w, h), closed, "{w}x{h}: o closes it again");
        // Opened, then resized: it stays open.
        key(&mut app, KeyCode::Char('o'));
        let _ = update::on_resize(&mut app, w + 7, h);
        assert!(screen(&app, w + 7, h).contains("42"));
    }
}

/// `o` with no section on screen says why in the status line.
#[test]
fn o_without_a_section_says_why() {
    let catalog = Course::new()
        .lesson("p", "P", None, "# Plain\n\nNo sections.\n")
        .build();
    let mut app = App::new(catalog, (80, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('o'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("no hidden section on screen"), "{s}");
    // The note answers that key only.
    key(&mut app, KeyCode::Down);
    assert!(!screen(&app, 80, 24).contains("no hidden section"));
}

/// Warnings (content that loads but will not look as written) are on the course map and in the
/// problems overlay, with their lines; `!` with nothing to show says so.
#[test]
fn the_problems_overlay_shows_warnings_and_an_empty_one_says_so() {
    let catalog = Course::new()
        .lesson("w", "W", None, "# W\n\nPress <kbd>q</kbd> to quit.\n")
        .build();
    assert_eq!(catalog.warnings.len(), 1, "{:?}", catalog.warnings);
    let mut app = App::new(catalog, (80, 24), Theme::dark().markdown);
    let home = screen(&app, 80, 24);
    assert!(home.contains("1 warning about the content"), "{home}");
    assert!(home.contains("! problems"), "{home}");
    key(&mut app, KeyCode::Char('!'));
    let overlay = screen(&app, 80, 24);
    assert!(overlay.contains("warning:"), "{overlay}");
    assert!(overlay.contains("01-w.md:"), "{overlay}");

    let catalog = Course::new()
        .lesson("c", "C", None, "# C\n\nClean.\n")
        .build();
    let mut app = App::new(catalog, (80, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("no problems found loading the content"), "{s}");
}

/// One broken quiz: the course map's banner counts one problem, refers to it as "it", and the
/// `!` panel's title says the count comes from loading (what `list` counts too).
#[test]
fn one_problem_is_singular_on_the_course_map() {
    let catalog = Course::new()
        .lesson("c", "C", None, "# C\n\nClean.\n")
        .build();
    let mut catalog = catalog;
    catalog.diagnostics.push(crate::content::Diagnostic::at(
        "quizzes/t.toml",
        3,
        "broken",
    ));
    let mut app = App::new(catalog, (100, 24), Theme::dark().markdown);
    let s = screen(&app, 100, 24);
    assert!(
        s.contains("1 problem in the content; the good lessons are below (press ! to see it)"),
        "{s}"
    );
    key(&mut app, KeyCode::Char('!'));
    let s = screen(&app, 100, 24);
    assert!(s.contains("Problems found loading the content"), "{s}");
}

/// Counts on the screens use the singular for one.
#[test]
fn counts_of_one_are_singular() {
    let catalog = Course::new()
        .lesson("c", "C", None, "# C\n\nClean.\n")
        .build();
    let app = App::new(catalog, (120, 24), Theme::dark().markdown);
    let s = screen(&app, 120, 24);
    assert!(s.contains("· 1 lesson ·"), "{s}");
    assert!(s.contains("0 questions"), "{s}");
    assert!(s.contains("streak 0 days"), "{s}");
    assert!(s.contains("0 of 1 lesson read"), "{s}");
}

/// The issue's case: at 40x12 the course map kept numbers and status and dropped every title. Now
/// titles come first at every size from 40x10: decorations go, and lessons that do not fit are
/// counted on the list's top rule ("↓ N more").
#[test]
fn the_course_map_keeps_lesson_titles_at_small_sizes() {
    use crate::content::{Catalog, ContentSource};
    let catalog = Catalog::load(&ContentSource::Embedded);
    let titles: Vec<String> = catalog.lessons.iter().map(|l| l.title.clone()).collect();
    assert!(titles.len() > 6, "the embedded course has lessons");
    for (w, h) in [(40u16, 10u16), (40, 12), (50, 14), (80, 24), (160, 48)] {
        let app = App::new(
            Catalog::load(&ContentSource::Embedded),
            (w, h),
            Theme::dark().markdown,
        );
        let s = screen(&app, w, h);
        // Every lesson row on screen starts with the lesson's title (at least its first word).
        let first_words: Vec<&str> = titles
            .iter()
            .map(|t| t.split_whitespace().next().unwrap_or(""))
            .collect();
        let shown = first_words.iter().filter(|t| s.contains(*t)).count();
        assert!(shown >= 2, "{w}x{h}: titles missing:\n{s}");
        assert!(
            s.contains(&titles[0][..titles[0].len().min(15)]),
            "{w}x{h}:\n{s}"
        );
        let rows_for_list = usize::from(h) - 6;
        if titles.len() > rows_for_list {
            assert!(s.contains("more"), "{w}x{h}: no more mark:\n{s}");
        }
    }
}

/// The issue's case: at 80x24 the explanation of a match question with many items was cut off
/// with no way to scroll. Now the body says how much more there is, j/↓ scrolls to the end of the
/// explanation (and no further), k/↑ back; and at 40x10 the question stays on screen.
#[test]
fn a_long_feedback_scrolls_to_the_end_of_the_explanation() {
    let items: Vec<String> = (1..=12)
        .map(|i| {
            format!(
                "{{ text = \"Item number {i}\", category = \"{}\" }}",
                if i % 2 == 0 { "B" } else { "A" }
            )
        })
        .collect();
    let quiz = format!(
        "id = \"m\"\ntitle = \"M\"\nlesson = \"l\"\n\n[[question]]\nkind = \"match\"\nprompt = \"Sort the twelve items\"\n\
         explanation = \"Even items go to B and odd ones to A. This sentence pads the explanation. The last words are: END OF EXPLANATION.\"\n\
         categories = [\"A\", \"B\"]\nitems = [{}]\n",
        items.join(", ")
    );
    for (w, h) in [(80u16, 24u16), (40, 10), (160, 48)] {
        let catalog = Course::new()
            .lesson("l", "L", Some("m"), "# L\n\nText.\n")
            .quiz("m", &quiz)
            .build();
        let mut app = App::new(catalog, (w, h), Theme::dark().markdown);
        app.seed = Some(3);
        key(&mut app, KeyCode::Char('z'));
        let asking = screen(&app, w, h);
        assert!(
            asking.contains("Sort the twelve items"),
            "{w}x{h}:\n{asking}"
        );
        // Move the cursor to the last item: it stays in view.
        for _ in 0..11 {
            key(&mut app, KeyCode::Down);
        }
        let s = screen(&app, w, h);
        assert!(
            s.contains("› Item number"),
            "{w}x{h}: cursor out of view:\n{s}"
        );
        for _ in 0..11 {
            key(&mut app, KeyCode::Up);
        }
        for _ in 0..12 {
            key(&mut app, KeyCode::Char('1'));
        }
        key(&mut app, KeyCode::Enter);
        let first = screen(&app, w, h);
        assert!(first.contains("Partly right"), "{w}x{h}:\n{first}");
        if h >= 48 {
            assert!(first.contains("EXPLANATION."), "{w}x{h}:\n{first}");
            continue;
        }
        assert!(!first.contains("EXPLANATION."), "{w}x{h}:\n{first}");
        assert!(
            first.contains("↓") && first.contains("more"),
            "{w}x{h}:\n{first}"
        );
        assert!(
            first.contains("scroll"),
            "{w}x{h}: footer names the keys:\n{first}"
        );
        let mut presses = 0;
        while !screen(&app, w, h).contains("EXPLANATION.") {
            key(&mut app, KeyCode::Char('j'));
            presses += 1;
            assert!(presses < 80, "{w}x{h}: never reached the end");
        }
        let end = screen(&app, w, h);
        key(&mut app, KeyCode::Down);
        assert_eq!(screen(&app, w, h), end, "{w}x{h}: scrolls past the end");
        key(&mut app, KeyCode::Char('k'));
        assert_ne!(screen(&app, w, h), end, "{w}x{h}: k scrolls back");
    }
}

/// Whether a screen says there are rows below ("↓ 3 more").
fn more_below(s: &str) -> bool {
    s.match_indices("↓ ")
        .any(|(i, m)| s[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Scrolls an overlay down with j until nothing is left below and `last` shows (at most 80
/// presses), then checks that more presses change nothing and k scrolls back.
fn scroll_to(app: &mut App, w: u16, h: u16, last: &str) {
    scroll_with(app, w, h, last, KeyCode::Char('j'), KeyCode::Char('k'));
}

/// [`scroll_to`] with other keys.
fn scroll_with(app: &mut App, w: u16, h: u16, last: &str, down: KeyCode, up: KeyCode) {
    let first = screen(app, w, h);
    assert!(more_below(&first), "{w}x{h}: no more mark:\n{first}");
    let mut presses = 0;
    while more_below(&screen(app, w, h)) {
        key(app, down);
        presses += 1;
        assert!(
            presses < 80,
            "{w}x{h}: never reached the end:\n{}",
            screen(app, w, h)
        );
    }
    let end = screen(app, w, h);
    assert!(
        end.contains(last),
        "{w}x{h}: the end is not {last:?}:\n{end}"
    );
    key(app, down);
    assert_eq!(screen(app, w, h), end, "{w}x{h}: scrolls past the end");
    key(app, up);
    assert_ne!(screen(app, w, h), end, "{w}x{h}: k scrolls back");
}

/// At 40x10 the help and the problems overlays do not fit: they say so and scroll to their last
/// line.
#[test]
fn overlays_scroll_at_the_smallest_size() {
    let (w, h) = (40, 10);
    let catalog = Course::new()
        .lesson("r", "R", None, "# R\n\nText.\n")
        .build();
    let mut app = App::new(catalog, (w, h), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('?'));
    scroll_to(&mut app, w, h, "back / close");

    let mut course = Course::new();
    for i in 0..8 {
        course = course.lesson(
            &format!("w{i}"),
            "W",
            None,
            &format!("# W\n\nPress <kbd>{i}</kbd> now.\n"),
        );
    }
    let mut app = App::new(course.build(), (w, h), Theme::dark().markdown);
    key(&mut app, KeyCode::Char('!'));
    scroll_to(&mut app, w, h, "Markdown");
}

/// The review of a missed question at 40x10 and 80x24: its explanation scrolls into view with
/// Space (PgDn), back with b (PgUp).
#[test]
fn the_review_of_a_missed_question_scrolls_to_its_explanation() {
    let quiz = "id = \"t\"\ntitle = \"T\"\nlesson = \"l\"\n\n[[question]]\nkind = \"true_false\"\n\
                prompt = \"Is a region a single data centre?\"\nanswer = false\n\
                explanation = \"No. A region holds several availability zones, each one or more data \
                centres with their own power and network, far enough apart that one flood or fire does \
                not take two of them, and close enough for fast links. THE LAST WORDS.\"\n";
    for (w, h) in [(40u16, 10u16), (80, 12)] {
        let catalog = Course::new()
            .lesson("l", "L", Some("t"), "# L\n\nText.\n")
            .quiz("t", quiz)
            .build();
        let mut app = App::new(catalog, (w, h), Theme::dark().markdown);
        key(&mut app, KeyCode::Char('z'));
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        let review = screen(&app, w, h);
        assert!(review.contains("Review"), "{w}x{h}:\n{review}");
        assert!(!review.contains("WORDS."), "{w}x{h}:\n{review}");
        scroll_with(
            &mut app,
            w,
            h,
            "WORDS.",
            KeyCode::Char(' '),
            KeyCode::Char('b'),
        );
    }
}

/// Links in the reader are OSC 8 hyperlinks in a colour theme: one cell carries the sequence, the
/// link's text and the close, with `ForcedWidth` of the text's columns; the URL is
/// percent-encoded; escapes written in the lesson never reach a cell. NO_COLOR (the plain theme)
/// and an open overlay write none.
#[test]
fn reader_links_are_osc8_hyperlinks_unless_plain() {
    use super::theme::ThemeName;
    use ratatui::buffer::CellDiffOption;
    let body = "# Links\n\nSee [the docs](<https://example.com/a b?q=é>) and <https://example.org/x> \
                for more.\n\nEvil \u{1b}]8;;http://evil.invalid\u{1b}\\ text and [local](file:///etc/passwd).\n";
    let catalog = Course::new().lesson("l", "L", None, body).build();
    let mut app = App::new(catalog, (80, 24), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    let escaped = |theme: &Theme, app: &App| -> Vec<(String, CellDiffOption)> {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
            .expect("test backend");
        let frame = terminal.draw(|f| super::draw(f, app, theme)).expect("draw");
        frame
            .buffer
            .content()
            .iter()
            .filter(|c| c.symbol().contains('\u{1b}'))
            .map(|c| (c.symbol().to_string(), c.diff_option))
            .collect()
    };
    let linked = escaped(&Theme::pick(ThemeName::Dark, false), &app);
    // The docs link is drawn as its text, then its URL: three runs of cells (text, the space in
    // another style, the URL), each a hyperlink to the same place; then the bare URL.
    assert_eq!(linked.len(), 4, "{linked:?}");
    let (docs, width) = &linked[0];
    assert_eq!(
        docs,
        "\u{1b}]8;id=cloudtutor-0;https://example.com/a%20b?q=%C3%A9\u{1b}\\the docs\u{1b}]8;;\u{1b}\\"
    );
    assert_eq!(
        *width,
        CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(8).expect("8"))
    );
    assert!(
        linked[2]
            .0
            .contains("\\(https://example.com/a b?q=é)\u{1b}"),
        "{linked:?}"
    );
    assert!(
        linked[3]
            .0
            .contains(";https://example.org/x\u{1b}\\https://example.org/x\u{1b}]8;;"),
        "{linked:?}"
    );
    for (s, _) in &linked {
        assert!(s.starts_with("\u{1b}]8;id=cloudtutor-"), "{s:?}");
        assert!(!s.contains("evil") && !s.contains("file:"), "{s:?}");
    }
    assert!(
        escaped(&Theme::pick(ThemeName::Dark, true), &app).is_empty(),
        "NO_COLOR"
    );
    key(&mut app, KeyCode::Char('?'));
    assert!(
        escaped(&Theme::pick(ThemeName::Dark, false), &app).is_empty(),
        "under help"
    );
}

/// The table of contents at 40x10 says how many headings are outside its window, and follows the
/// selection to the last one.
#[test]
fn the_contents_say_what_is_outside_their_window() {
    let catalog = Course::new()
        .lesson("l", "L", None, &testkit::long_body(20))
        .build();
    let mut app = App::new(catalog, (40, 10), Theme::dark().markdown);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('t'));
    let s = screen(&app, 40, 10);
    assert!(more_below(&s), "{s}");
    for _ in 0..30 {
        key(&mut app, KeyCode::Down);
    }
    let s = screen(&app, 40, 10);
    assert!(
        s.contains("Part 20") && !more_below(&s) && s.contains("↑"),
        "{s}"
    );
}
