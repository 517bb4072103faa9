//! The lesson reader: the rendered lesson and where the learner is in it, the table of contents,
//! search, the simulations running in the lesson's panels, and what its keys do.
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

use super::keymap::Action;
use super::line_input::{Edit, LineInput};
use super::quiz::{QuizRun, ReturnTo, next_seed, start_quiz};
use super::search::{self, Match};
use super::sim::SimRun;
use super::state::{App, Screen, Status, text_height, text_width};
use crate::markdown::{Disclosure, Rendered};
use crate::quiz::Session;

/// Rows a mouse wheel notch scrolls.
const WHEEL_ROWS: usize = 3;

/// Longest search query, in characters.
const SEARCH_MAX: usize = 200;

/// Rows reserved inside a lesson's sim panel for the live view: a status line, the watched
/// numbers and the view (room at 80x24 for a log-scale cost chart to separate its lines).
pub const SIM_PANEL_ROWS: u16 = 12;

/// A simulation running inside a lesson's panel.
#[derive(Debug)]
pub struct InlineSim {
    /// The live block it belongs to (index into `Document::live_blocks`).
    pub block: usize,
    pub run: SimRun,
    /// On screen now: only visible simulations advance.
    pub visible: bool,
}

/// The lesson reader.
#[derive(Debug)]
pub struct Reader {
    /// Index into `catalog.lessons`.
    pub lesson: usize,
    /// First visible row of the rendered text.
    pub scroll: usize,
    pub rendered: Rendered,
    /// Which `<details>` sections are open: as written until the learner opens or closes one.
    pub disclosure: Disclosure,
    /// The width `rendered` was made for; a resize re-renders.
    pub rendered_width: u16,
    /// The table of contents, open with the selected heading.
    pub toc: Option<usize>,
    /// Text being typed after `/`.
    pub search_input: Option<LineInput>,
    pub query: String,
    pub matches: Vec<Match>,
    pub current_match: usize,
    /// Simulations started in this lesson's panels (created when first scrolled into view).
    pub inline: Vec<InlineSim>,
}

impl Reader {
    /// The last row that can be the top of the view.
    pub fn max_scroll(&self, rows: u16) -> usize {
        self.rendered
            .text
            .lines
            .len()
            .saturating_sub(text_height(rows))
    }

    /// The live panels (sims and checkpoints) that are at least partly on screen, top first: what
    /// `c` answers, `s` opens and the inline simulations run for.
    pub fn live_on_screen(&self, rows: u16) -> impl Iterator<Item = &crate::markdown::LiveRow> {
        let (top, bottom) = (self.scroll, self.scroll + text_height(rows));
        self.rendered
            .live
            .iter()
            .filter(move |l| l.row < bottom && l.row + l.height > top)
    }

    /// How far through the lesson the view is, 0 to 1, for the progress label and for keeping the
    /// place across a reflow.
    pub fn fraction(&self, rows: u16) -> f64 {
        let max = self.max_scroll(rows);
        if max == 0 {
            1.0
        } else {
            self.scroll as f64 / max as f64
        }
    }
}

/// The reader's keys: scrolling, the table of contents, search, moving between lessons, and
/// opening the quiz, checkpoint or simulation on screen.
pub fn apply(app: &mut App, action: Action) {
    let rows = app.size.1;
    let lesson_count = app.catalog.lessons.len();
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
    if r.toc.is_some() {
        let headings = r.rendered.headings.len();
        let sel = r.toc.unwrap_or(0);
        match action {
            Action::Up => r.toc = Some(sel.saturating_sub(1)),
            Action::Down => r.toc = Some((sel + 1).min(headings.saturating_sub(1))),
            Action::Open => {
                if let Some(h) = r.rendered.headings.get(sel) {
                    r.scroll = h.row.min(r.max_scroll(rows));
                }
                r.toc = None;
            }
            Action::Back | Action::Quit | Action::Toc => r.toc = None,
            _ => {}
        }
        return;
    }
    let page = text_height(rows).saturating_sub(2).max(1);
    let max = r.max_scroll(rows);
    match action {
        Action::Back if !r.query.is_empty() => {
            r.query.clear();
            r.matches.clear();
        }
        Action::Quit | Action::Back => {
            leave_reader(app);
            app.screen = Screen::Home;
        }
        Action::Up => r.scroll = r.scroll.saturating_sub(1),
        Action::Down => r.scroll = (r.scroll + 1).min(max),
        Action::PageUp => r.scroll = r.scroll.saturating_sub(page),
        Action::PageDown => r.scroll = (r.scroll + page).min(max),
        Action::Top => r.scroll = 0,
        Action::Bottom => r.scroll = max,
        Action::Toc if !r.rendered.headings.is_empty() => {
            let current = r
                .rendered
                .headings
                .iter()
                .rposition(|h| h.row <= r.scroll)
                .unwrap_or(0);
            r.toc = Some(current);
        }
        Action::Toc => app.note("this lesson has no headings"),
        Action::Search => r.search_input = Some(LineInput::default()),
        Action::NextMatch | Action::PrevMatch if !r.matches.is_empty() => {
            let n = r.matches.len();
            r.current_match = if action == Action::NextMatch {
                (r.current_match + 1) % n
            } else {
                (r.current_match + n - 1) % n
            };
            let row = r.matches[r.current_match].row();
            reveal(r, row, rows);
        }
        Action::NextMatch | Action::PrevMatch if r.query.is_empty() => {
            app.note("no search yet: / searches the lesson")
        }
        Action::NextMatch | Action::PrevMatch => {
            let query = r.query.clone();
            app.note(format!("no match for “{query}” to go to"))
        }
        Action::NextLesson => {
            let next = r.lesson + 1;
            if next < lesson_count {
                open_lesson(app, next);
            } else {
                app.note("this is the last lesson");
            }
        }
        Action::PrevLesson => match r.lesson.checked_sub(1) {
            Some(prev) => open_lesson(app, prev),
            None => app.note("this is the first lesson"),
        },
        Action::TakeQuiz => {
            let quiz = app
                .catalog
                .lessons
                .get(r.lesson)
                .and_then(|l| l.quiz.clone());
            match quiz {
                Some(quiz) => start_quiz(app, &quiz, ReturnTo::Reader),
                None => app.note("this lesson has no quiz"),
            }
        }
        Action::OpenSim => open_sim_in_view(app),
        Action::Disclose => disclose_in_view(app),
        Action::Checkpoint => match checkpoint_in_view(&app.catalog, rows, r) {
            Some(target) => start_checkpoint(app, &target),
            None => app.note("no checkpoint on screen: scroll to a ? Checkpoint panel"),
        },
        _ => {}
    }
    note_end_of_lesson(app);
    sync_inline(app);
}

/// Keys typed into the search field after `/`. Returns whether the key was used.
pub fn search_input(app: &mut App, key: &KeyEvent) -> bool {
    let rows = app.size.1;
    let Screen::Reader(r) = &mut app.screen else {
        return false;
    };
    let Some(input) = &mut r.search_input else {
        return false;
    };
    match input.handle(key, SEARCH_MAX, |_| true) {
        Edit::Submit(query) => {
            r.search_input = None;
            run_search(r, &query, rows);
        }
        Edit::Cancel => r.search_input = None,
        Edit::Quit => app.should_quit = true,
        Edit::Changed | Edit::Ignored => {}
    }
    true
}

/// After a resize: re-renders the reader (on screen or parked behind a quiz) at the new width,
/// keeping its place.
pub fn reflow(app: &mut App, old_rows: u16) {
    let (cols, rows) = app.size;
    let width = text_width(cols);
    let stale = match &app.screen {
        Screen::Reader(r) if r.rendered_width != width => Some((r.lesson, r.fraction(old_rows))),
        _ => None,
    };
    if let Some((lesson, fraction)) = stale {
        let disclosure = match &app.screen {
            Screen::Reader(r) => r.disclosure.clone(),
            _ => Disclosure::AsWritten,
        };
        let rendered = app.render_lesson(lesson, &disclosure);
        if let Screen::Reader(r) = &mut app.screen {
            r.rendered = rendered;
            r.rendered_width = width;
            r.scroll = (fraction * r.max_scroll(rows) as f64).round() as usize;
            let query = r.query.clone();
            run_search(r, &query, rows);
        }
    } else if let Screen::Reader(r) = &mut app.screen {
        r.scroll = r.scroll.min(r.max_scroll(rows));
    }
    sync_inline(app);
    if let Some(parked) = &mut app.parked_reader
        && parked.rendered_width != width
    {
        let fraction = parked.fraction(old_rows);
        let lesson = parked.lesson;
        let disclosure = parked.disclosure.clone();
        let rendered = app.render_lesson(lesson, &disclosure);
        if let Some(parked) = &mut app.parked_reader {
            parked.rendered = rendered;
            parked.rendered_width = width;
            parked.scroll = (fraction * parked.max_scroll(rows) as f64).round() as usize;
        }
    }
}

/// Starts the simulations whose panels have scrolled into view and marks which are visible, so
/// only those advance (no CPU for what is off screen).
pub fn sync_inline(app: &mut App) {
    let rows = app.size.1;
    let seed = app.seed;
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
    let Some(lesson) = app.catalog.lessons.get(r.lesson) else {
        return;
    };
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    let now = app.instant;
    for i in r.inline.iter_mut() {
        i.visible = false;
    }
    let rows_on_screen: Vec<crate::markdown::LiveRow> = r
        .live_on_screen(rows)
        .filter(|l| l.area.height > 0)
        .cloned()
        .collect();
    for row in &rows_on_screen {
        let Some(crate::markdown::LiveBlock::Sim(block)) = live.get(row.block) else {
            continue;
        };
        if let Some(existing) = r.inline.iter_mut().find(|i| i.block == row.block) {
            if !existing.visible {
                // Back on screen: time off screen does not count.
                existing.run.last = Some(now);
            }
            existing.visible = true;
            continue;
        }
        if let Ok(run) = SimRun::from_block(block, block_seed(block, seed)) {
            r.inline.push(InlineSim {
                block: row.block,
                run,
                visible: true,
            });
        }
    }
}

/// The seed a block's live run starts from: `--seed` when given, else the block's own `seed`
/// (the run `check` verified), else 1.
fn block_seed(block: &crate::markdown::SimBlock, cli: Option<u64>) -> u64 {
    cli.or_else(|| {
        block
            .setting("seed")
            .and_then(|s| s.value.trim().parse().ok())
    })
    .unwrap_or(1)
}

/// Opens the first simulation on screen full screen. The panel's run moves there as it is (time,
/// parameters, view) and comes back to the panel on return; a panel not started yet starts with
/// the block's parameters.
fn open_sim_in_view(app: &mut App) {
    let Screen::Reader(r) = &mut app.screen else {
        return;
    };
    let Some(lesson) = app.catalog.lessons.get(r.lesson) else {
        return;
    };
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    let found = r
        .live_on_screen(app.size.1)
        .find_map(|l| match live.get(l.block) {
            Some(crate::markdown::LiveBlock::Sim(s)) => Some((l.block, *s)),
            _ => None,
        });
    let Some((index, block)) = found else {
        app.status = Some(Status {
            text: "no simulation on screen: scroll to a ▶ Live simulation panel".into(),
            is_error: false,
        });
        return;
    };
    let taken = r
        .inline
        .iter()
        .position(|i| i.block == index)
        .map(|at| r.inline.remove(at).run);
    let started = match taken {
        Some(run) => Ok(run),
        None => SimRun::from_block(block, block_seed(block, app.seed)),
    };
    match started {
        Ok(run) => {
            park_reader(app, ReturnTo::Reader);
            app.status = None;
            app.screen = Screen::Sim(Box::new(run.into_full_screen(index)));
        }
        Err(e) => {
            app.status = Some(Status {
                text: e,
                is_error: true,
            })
        }
    }
}

/// Opens the first closed `<details>` section whose "▸ summary" line is on screen; when every one
/// on screen is open, closes them. The rows above the view do not change, so the place is kept;
/// a search is run again over the new rows.
fn disclose_in_view(app: &mut App) {
    let rows = app.size.1;
    let Screen::Reader(r) = &app.screen else {
        return;
    };
    let (top, bottom) = (r.scroll, r.scroll + text_height(rows));
    let on_screen: Vec<(usize, bool)> = r
        .rendered
        .details
        .iter()
        .filter(|d| d.row >= top && d.row < bottom)
        .map(|d| (d.index, d.open))
        .collect();
    let Some(lesson) = app.catalog.lessons.get(r.lesson) else {
        return;
    };
    if on_screen.is_empty() {
        app.status = Some(Status {
            text: "no hidden section on screen: o opens a line that starts with ▸".into(),
            is_error: false,
        });
        return;
    }
    let opened = on_screen
        .iter()
        .find(|(_, open)| !open)
        .map(|&(index, _)| index);
    let disclosure = match opened {
        Some(index) => r.disclosure.set(&lesson.body, index, true),
        None => on_screen
            .iter()
            .fold(r.disclosure.clone(), |d, &(index, _)| {
                d.set(&lesson.body, index, false)
            }),
    };
    let index = r.lesson;
    let rendered = app.render_lesson(index, &disclosure);
    if let Screen::Reader(r) = &mut app.screen {
        r.rendered = rendered;
        r.disclosure = disclosure;
        r.scroll = r.scroll.min(r.max_scroll(rows));
        let query = r.query.clone();
        let current = r.current_match;
        run_search(r, &query, rows);
        r.current_match = current.min(r.matches.len().saturating_sub(1));
        r.scroll = top.min(r.max_scroll(rows));
        // An opened body below the view scrolls up into it, the summary staying on screen.
        if let Some(d) = opened.and_then(|i| r.rendered.details.iter().find(|d| d.index == i)) {
            let h = text_height(rows);
            let want = d.body.end.saturating_sub(h).min(d.row);
            r.scroll = r.scroll.max(want).min(r.max_scroll(rows));
        }
    }
}

pub fn on_mouse(app: &mut App, mouse: MouseEvent) {
    let rows = app.size.1;
    if let Screen::Reader(r) = &mut app.screen {
        match mouse.kind {
            MouseEventKind::ScrollDown => {
                r.scroll = (r.scroll + WHEEL_ROWS).min(r.max_scroll(rows))
            }
            MouseEventKind::ScrollUp => r.scroll = r.scroll.saturating_sub(WHEEL_ROWS),
            _ => {}
        }
    }
    note_end_of_lesson(app);
}

fn run_search(r: &mut Reader, query: &str, rows: u16) {
    r.query = query.to_string();
    r.matches = search::find(&r.rendered.text, &r.rendered.joins, query);
    r.current_match = 0;
    if let Some(row) = r.matches.first().map(Match::row) {
        reveal(r, row, rows);
    }
}

/// Scrolls so that `row` is visible, a few rows below the top.
fn reveal(r: &mut Reader, row: usize, rows: u16) {
    let h = text_height(rows);
    if row < r.scroll || row >= r.scroll + h {
        r.scroll = row.saturating_sub(h / 4).min(r.max_scroll(rows));
    }
}

/// Opens lesson `index` in the reader, where it was left.
pub fn open_lesson(app: &mut App, index: usize) {
    leave_reader(app);
    let Some(lesson) = app.catalog.lessons.get(index) else {
        return;
    };
    let id = lesson.id.clone();
    let fraction = app
        .progress
        .lessons
        .get(&id)
        .map_or(0.0, |l| f64::from(l.position));
    let rendered = app.render_lesson(index, &Disclosure::AsWritten);
    let mut reader = Reader {
        lesson: index,
        scroll: 0,
        rendered,
        disclosure: Disclosure::AsWritten,
        rendered_width: text_width(app.size.0),
        toc: None,
        search_input: None,
        query: String::new(),
        matches: Vec::new(),
        current_match: 0,
        inline: Vec::new(),
    };
    reader.scroll = (fraction * reader.max_scroll(app.size.1) as f64).round() as usize;
    app.selected = index;
    app.progress.open_lesson(&id, app.now());
    app.dirty = true;
    app.screen = Screen::Reader(Box::new(reader));
    note_end_of_lesson(app);
    sync_inline(app);
}

/// Stores the reader's place in its lesson (with the heading above it, so the place survives edits
/// to the lesson) and saves.
pub fn leave_reader(app: &mut App) {
    if let Screen::Reader(r) = &app.screen
        && let Some(lesson) = app.catalog.lessons.get(r.lesson)
    {
        let fraction = r.fraction(app.size.1) as f32;
        let anchor = r
            .rendered
            .headings
            .iter()
            .rev()
            .find(|h| h.row <= r.scroll)
            .map(|h| h.title.clone());
        let id = lesson.id.clone();
        app.progress
            .set_reading_position(&id, fraction, anchor, app.now());
        app.dirty = true;
    }
    app.request_save();
}

/// Marks the lesson done once its end has been on screen.
fn note_end_of_lesson(app: &mut App) {
    let rows = app.size.1;
    if let Screen::Reader(r) = &app.screen
        && r.scroll >= r.max_scroll(rows)
        && let Some(lesson) = app.catalog.lessons.get(r.lesson)
    {
        let done = app
            .progress
            .lessons
            .get(&lesson.id)
            .is_some_and(|l| l.state == crate::progress::ReadState::Done);
        if !done {
            let id = lesson.id.clone();
            app.progress.finish_lesson(&id, app.now());
            app.dirty = true;
            app.request_save();
        }
    }
}

/// Opens a lesson at the section with `heading` (or at the top): where a leech is taught.
pub fn open_leech(app: &mut App, lesson: &str, heading: Option<&str>) {
    let Some(index) = app.catalog.lessons.iter().position(|l| l.id == lesson) else {
        return;
    };
    open_lesson(app, index);
    let rows = app.size.1;
    if let Screen::Reader(r) = &mut app.screen {
        let row = heading
            .and_then(|h| r.rendered.headings.iter().find(|x| x.title == h))
            .map_or(0, |x| x.row);
        r.scroll = row.min(r.max_scroll(rows));
    }
    sync_inline(app);
}

/// Starts a one-question quiz for a checkpoint `QUIZ/QUESTION`, returning to the reader.
fn start_checkpoint(app: &mut App, target: &str) {
    let Some((quiz, question)) = app.catalog.question(target) else {
        return;
    };
    let id = format!("{}/{}", quiz.id, question.id);
    let session = Session::from_questions(vec![(id, question.clone())], next_seed(&mut app.seed));
    let run = QuizRun::new(
        None,
        format!("Checkpoint · {}", quiz.title),
        session,
        ReturnTo::Reader,
        app.instant,
    );
    park_reader(app, ReturnTo::Reader);
    app.screen = Screen::Quiz(Box::new(run));
}

pub fn park_reader(app: &mut App, return_to: ReturnTo) {
    if return_to == ReturnTo::Reader {
        leave_reader(app);
        if let Screen::Reader(r) = std::mem::replace(&mut app.screen, Screen::Home) {
            app.parked_reader = Some(r);
        }
    }
}

/// The checkpoint block that shows most of itself on screen, as `QUIZ/QUESTION` (the upper one
/// on a tie). Not simply the first one touching the view: the bottom border of a checkpoint
/// scrolled almost away would win over the one the learner is reading.
fn checkpoint_in_view(catalog: &crate::content::Catalog, rows: u16, r: &Reader) -> Option<String> {
    let lesson = catalog.lessons.get(r.lesson)?;
    let live: Vec<crate::markdown::LiveBlock> = lesson.body.live_blocks().collect();
    let (top, bottom) = (r.scroll, r.scroll + text_height(rows));
    let mut best: Option<(usize, String)> = None;
    for l in r.live_on_screen(rows) {
        let Some(crate::markdown::LiveBlock::Checkpoint(c)) = live.get(l.block) else {
            continue;
        };
        let shown = (l.row + l.height).min(bottom) - l.row.max(top);
        if best.as_ref().is_none_or(|(most, _)| shown > *most) {
            best = Some((shown, c.target.clone()));
        }
    }
    best.map(|(_, target)| target)
}
