//! The progress screen: accuracy per lesson, the streak, what is due, the reviews coming in the
//! next two weeks and the retention of the last month, and the leeches (questions missed again
//! and again) with a key to open the section that teaches each; `d` drills, `c` crams.
use std::collections::BTreeMap;

use super::keymap::Action;
use super::quiz::ReturnTo;
use super::state::{App, Screen};
use crate::content::Catalog;
use crate::progress::days::Zone;
use crate::progress::drill::{self, Accuracy, Leech};
use crate::progress::forecast::forecast;
use crate::progress::plan::{Cram, PlanOptions};
use crate::progress::{Progress, Timestamp};

/// What the course map and the progress screen show about the schedule: computed after an update
/// (from the progress and the event's time), so drawing never queries the scheduler or the clock.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleView {
    /// Reviews due per lesson id (every lesson with a quiz, 0 included).
    pub due: BTreeMap<String, usize>,
    /// Reviews due in the whole course.
    pub due_total: usize,
    /// Days in a row with at least one answer, up to today.
    pub streak: u32,
    /// Answers and right answers per lesson id.
    pub accuracy: BTreeMap<String, Accuracy>,
    /// Questions missed again and again, worst first.
    pub leeches: Vec<Leech>,
    /// Reviews due per local day, `[0]` today (overdue included) to `[13]`
    /// ([`crate::progress::forecast::FORECAST_DAYS`] entries).
    pub due_per_day: Vec<usize>,
    /// Scheduled reviews answered in the last 30 local days
    /// ([`crate::progress::forecast::RETENTION_DAYS`]).
    pub reviews: usize,
    /// The share of those answered right; `None` with no reviews.
    pub retention: Option<f64>,
}

impl ScheduleView {
    /// The view at `now`.
    pub fn of(catalog: &Catalog, progress: &Progress, now: Timestamp) -> ScheduleView {
        let due = drill::due_counts_per_lesson(catalog, progress, now);
        let ahead = forecast(catalog, progress, now, Zone::System);
        ScheduleView {
            retention: ahead.retention(),
            reviews: ahead.reviews,
            due_per_day: ahead.due_per_day,
            due_total: due.values().sum(),
            due,
            streak: drill::streak(progress, now),
            accuracy: drill::accuracy_per_lesson(catalog, progress),
            leeches: drill::leeches(catalog, progress),
        }
    }
}

/// Recomputes the schedule view for the screens that show it (course map, progress).
pub fn refresh(app: &mut App) {
    if matches!(app.screen, Screen::Home | Screen::Stats(_)) {
        app.schedule = ScheduleView::of(&app.catalog, &app.progress, app.clock);
    }
}

/// The progress screen's keys; `Screen::Stats` holds the highlighted leech.
pub fn apply(app: &mut App, action: Action) {
    let Screen::Stats(sel) = &mut app.screen else {
        return;
    };
    let leeches = &app.schedule.leeches;
    match action {
        Action::Quit | Action::Back => app.screen = Screen::Home,
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Down => *sel = (*sel + 1).min(leeches.len().saturating_sub(1)),
        Action::Drill => {
            super::drill::start_drill(app, None, &PlanOptions::default(), ReturnTo::Progress)
        }
        Action::Cram => super::drill::start_drill(
            app,
            None,
            &PlanOptions {
                limit: None,
                cram: Some(Cram::default()),
            },
            ReturnTo::Progress,
        ),
        Action::Open => match leeches.get(*sel).cloned() {
            Some(leech) => super::reader::open_leech(app, &leech.lesson, leech.heading.as_deref()),
            None => app.note("no leech to open: questions missed again and again show here"),
        },
        _ => {}
    }
}
