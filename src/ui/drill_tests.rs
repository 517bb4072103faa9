//! Snapshots of the drill's relearning and undo states, the quiz runner after an undo, the
//! drill's result, and the progress screen with the two-week forecast (80x24; the progress screen
//! at 160x48 too, where the charts sit side by side).
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::theme::Theme;
use crate::progress::{Timestamp, drill};
use crate::quiz::{Answered, Response};
use crate::screens::state::{App, Screen};
use crate::screens::update;
use crate::testkit::{self, Course};

const DAY: i64 = 86_400_000;

/// 2023-11-14 12:00 UTC: noon, so the local day of every stamp below is the same in any time
/// zone within 12 hours of UTC and the forecast does not depend on the machine's zone.
const NOON: i64 = 1_699_963_200_000;

/// Six true/false statements about the cloud, every answer true: `1` is right, `2` wrong.
fn course() -> crate::content::Catalog {
    let statements = [
        "EC2 bills Linux instances per second.",
        "Lambda scales by running more copies of a function.",
        "S3 stores objects, not blocks.",
        "A region holds several availability zones.",
        "IAM policies are JSON documents.",
        "A cold start includes loading the function's code.",
    ];
    let mut toml = "id = \"k\"\ntitle = \"Cloud facts\"\nlesson = \"l\"\n".to_string();
    for s in statements {
        toml.push_str(&format!(
            "\n[[question]]\nkind = \"true_false\"\nprompt = \"{s}\"\nexplanation = \"True.\"\nanswer = true\n"
        ));
    }
    Course::new()
        .lesson(
            "l",
            "Cloud basics",
            Some("k"),
            "# Cloud basics\n\n## One\n\nText.\n",
        )
        .quiz("k", &toml)
        .build()
}

fn new_app(w: u16, h: u16) -> App {
    let mut app = App::new(course(), (w, h), Theme::plain().markdown);
    app.seed = Some(7);
    app.clock = Timestamp::from_unix_millis(NOON);
    app
}

/// A key a second after the one before (answers are kept by their time).
fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        app.clock = Timestamp::from_unix_millis(app.clock.unix_millis() + 1000);
        update::on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn screen(app: &App, w: u16, h: u16) -> String {
    testkit::screen(app, w, h, &Theme::plain())
}

#[test]
fn drill_relearning_states_at_80x24() {
    let mut app = new_app(80, 24);
    keys(&mut app, "d2");
    let s = screen(&app, 80, 24);
    assert!(s.contains("comes back in a few questions"), "{s}");
    insta::assert_snapshot!("drill_missed_80x24", s);
    keys(&mut app, "\n1\n1\n1\n");
    let s = screen(&app, 80, 24);
    assert!(s.contains("↻ again"), "{s}");
    insta::assert_snapshot!("drill_again_80x24", s);
    keys(&mut app, "1\n1\n1\n");
    let s = screen(&app, 80, 24);
    assert!(s.contains("1 relearned"), "{s}");
    insta::assert_snapshot!("drill_result_80x24", s);
}

#[test]
fn undo_states_at_80x24() {
    let mut app = new_app(80, 24);
    keys(&mut app, "d1\n2u");
    let s = screen(&app, 80, 24);
    assert!(s.contains("Answer taken back") && s.contains("2/6"), "{s}");
    insta::assert_snapshot!("drill_undone_80x24", s);

    let mut app = new_app(80, 24);
    keys(&mut app, "z2u");
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("Answer taken back") && !s.contains("Not quite"),
        "{s}"
    );
    insta::assert_snapshot!("quiz_undone_80x24", s);
    keys(&mut app, "u");
    insta::assert_snapshot!("quiz_nothing_to_undo_80x24", screen(&app, 80, 24));
}

/// A week of history: every question learned 4 to 9 days ago and reviewed whenever due, two of
/// them missed at their first review; the forecast counts what falls due in the next two weeks
/// and the retention the share of reviews right.
#[test]
fn progress_forecast_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut app = new_app(w, h);
        let ids: Vec<(String, crate::content::Question)> = drill::course_order(&app.catalog)
            .into_iter()
            .map(|(id, _, q)| (id, q.clone()))
            .collect();
        for (i, (id, q)) in ids.iter().enumerate() {
            let mut at = Timestamp::from_unix_millis(NOON - (4 + i as i64) * DAY);
            let mut reviews = 0;
            while at.unix_millis() < NOON {
                let right = !(reviews == 1 && i % 3 == 1);
                let response = Response::TrueFalse { answer: right };
                let answered = Answered {
                    outcome: crate::quiz::grade(&q.kind, &response),
                    response,
                    elapsed: std::time::Duration::from_secs(5),
                };
                drill::record(&mut app.progress, id, q, at, answered);
                at = app.progress.questions[id]
                    .card
                    .as_ref()
                    .map_or(Timestamp::from_unix_millis(NOON), |c| c.due);
                reviews += 1;
            }
        }
        app.screen = Screen::Stats(0);
        crate::screens::progress::refresh(&mut app);
        let view = &app.schedule;
        assert!(
            view.retention.is_some_and(|r| r > 0.0 && r < 1.0),
            "{view:?}"
        );
        assert_eq!(
            view.due_per_day.iter().sum::<usize>(),
            6,
            "every card falls due within two weeks: {view:?}"
        );
        let s = screen(&app, w, h);
        assert!(s.contains("Reviews due per day · retention"), "{s}");
        insta::assert_snapshot!(format!("progress_forecast_{w}x{h}"), s);
    }
}
