//! Classroom mode: a lesson as slides, stepped through by the presenter, with checkpoint questions
//! whose answer stays hidden until revealed and a bar chart of the room's votes.
use ratatui::crossterm::event::KeyEvent;

use super::keymap::Action;
use super::line_input::{Edit, LineInput};
use super::state::{App, Screen, Status, text_height};
use crate::content::slides::{self, Slide};
use crate::content::{Catalog, Kind};
use crate::markdown::{self, RenderOptions, Rendered, Styles};

/// The presenter's state.
#[derive(Debug)]
pub struct Present {
    /// Index into `catalog.lessons`.
    pub lesson: usize,
    pub slides: Vec<Slide>,
    pub index: usize,
    /// How many parts of the slide are shown (0-based step).
    pub step: usize,
    pub rendered: Rendered,
    pub rendered_width: u16,
    /// Whether the checkpoint question's answer is shown.
    pub revealed: bool,
    /// Votes per choice, typed in by the presenter.
    pub votes: Vec<u32>,
    /// The vote counts being typed, after `v`.
    pub vote_input: Option<LineInput>,
    /// First visible row, when a slide is taller than the screen.
    pub scroll: usize,
    /// The simulation on this slide, running live (its block's index among the live blocks).
    pub sim: Option<(usize, super::sim::SimRun)>,
    /// Seed for slide simulations (`--seed`), so a class sees the same run as the rehearsal.
    pub seed: u64,
    /// The slide's checkpoint question as asked: a generated one with its numbers, a prediction
    /// with its simulation already run (once per slide, not per frame).
    pub asked: Option<(String, crate::content::Question)>,
}

/// The width slide text is laid out at for a terminal of `cols` columns: narrow enough to read
/// across a room, wide enough for the lesson tables.
pub fn slide_width(cols: u16) -> u16 {
    cols.saturating_sub(8).clamp(1, 96)
}

impl Present {
    /// Opens lesson `index` as slides.
    pub fn new(catalog: &Catalog, index: usize, cols: u16, styles: &Styles) -> Present {
        let slides = catalog
            .lessons
            .get(index)
            .map(slides::slides)
            .unwrap_or_default();
        let mut p = Present {
            lesson: index,
            slides,
            index: 0,
            step: 0,
            rendered: Rendered::default(),
            rendered_width: 0,
            revealed: false,
            votes: Vec::new(),
            vote_input: None,
            scroll: 0,
            sim: None,
            seed: 1,
            asked: None,
        };
        p.render(catalog, cols, styles);
        p
    }

    /// Lays out the current step of the current slide.
    pub fn render(&mut self, catalog: &Catalog, cols: u16, styles: &Styles) {
        let width = slide_width(cols);
        let lookup = |target: &str| catalog.question(target).map(|(_, q)| q.prompt.clone());
        let opts = RenderOptions {
            width,
            styles,
            checkpoint: Some(&lookup),
            sim_rows: super::reader::SIM_PANEL_ROWS,
        };
        self.rendered = self
            .slides
            .get(self.index)
            .and_then(|s| s.steps.get(self.step))
            .map(|doc| markdown::render(doc, &opts))
            .unwrap_or_default();
        self.rendered_width = width;
        self.start_sim();
        let target = self.checkpoint();
        if self.asked.as_ref().map(|(t, _)| t) != target.as_ref() {
            self.asked = target.and_then(|t| {
                let (_, q) = catalog.question(&t)?;
                Some((
                    t.clone(),
                    crate::quiz::generate::instantiate(q, self.seed, &t),
                ))
            });
        }
    }

    /// Starts the slide's first simulation if it has one and it is not running yet.
    fn start_sim(&mut self) {
        let Some(doc) = self
            .slides
            .get(self.index)
            .and_then(|s| s.steps.get(self.step))
        else {
            self.sim = None;
            return;
        };
        let first = doc.live_blocks().enumerate().find_map(|(i, b)| match b {
            markdown::LiveBlock::Sim(s) => Some((i, s)),
            _ => None,
        });
        match first {
            Some((i, _)) if self.sim.as_ref().is_some_and(|(j, _)| *j == i) => {}
            Some((i, block)) => {
                self.sim = super::sim::SimRun::from_block(block, self.seed)
                    .ok()
                    .map(|r| (i, r));
            }
            None => self.sim = None,
        }
    }

    /// The checkpoint question shown on this slide, if any: `QUIZ/QUESTION`.
    pub fn checkpoint(&self) -> Option<String> {
        let slide = self.slides.get(self.index)?;
        let doc = slide.steps.get(self.step)?;
        doc.checkpoints().next().map(|c| c.target.clone())
    }

    /// Number of choices a vote can go to for this slide's question.
    pub fn vote_options(&self, catalog: &Catalog) -> usize {
        match self
            .checkpoint()
            .and_then(|t| catalog.question(&t))
            .map(|(_, q)| &q.kind)
        {
            Some(Kind::Single { choices, .. } | Kind::Multi { choices, .. }) => choices.len(),
            Some(Kind::TrueFalse { .. }) => 2,
            _ => 0,
        }
    }

    /// Moves forward one step, or to the next slide. Returns whether anything changed.
    pub fn forward(&mut self) -> bool {
        let steps = self.slides.get(self.index).map_or(1, |s| s.steps.len());
        if self.step + 1 < steps {
            self.step += 1;
        } else if self.index + 1 < self.slides.len() {
            self.index += 1;
            self.step = 0;
            self.new_slide();
        } else {
            return false;
        }
        true
    }

    /// Moves back one slide (to its first step), or to the first step of this one.
    pub fn back(&mut self) -> bool {
        if self.step > 0 {
            self.step = 0;
        } else if self.index > 0 {
            self.index -= 1;
            self.step = 0;
            self.new_slide();
        } else {
            return false;
        }
        true
    }

    /// Jumps to slide `i`.
    pub fn go(&mut self, i: usize) {
        self.index = i.min(self.slides.len().saturating_sub(1));
        self.step = 0;
        self.new_slide();
    }

    fn new_slide(&mut self) {
        self.sim = None;
        self.revealed = false;
        self.votes.clear();
        self.vote_input = None;
        self.scroll = 0;
    }

    /// Reads typed vote counts ("12 5 3"): one whole number per choice. Returns the reason when
    /// the text cannot be read.
    pub fn set_votes(&mut self, text: &str, options: usize) -> Result<(), String> {
        let counts: Result<Vec<u32>, _> = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect();
        match counts {
            Ok(c) if c.len() == options => {
                self.votes = c;
                Ok(())
            }
            Ok(c) => Err(format!(
                "type {options} counts, one per choice (got {})",
                c.len()
            )),
            Err(_) => Err("counts are whole numbers, e.g. 12 5 3".to_string()),
        }
    }
}

/// Longest vote line, in characters.
const VOTES_MAX: usize = 60;

/// The presenter's keys: stepping through slides, scrolling a tall one, revealing a checkpoint's
/// answer and typing the room's votes.
pub fn apply(app: &mut App, action: Action) {
    let rows = app.size.1;
    let Screen::Present(p) = &mut app.screen else {
        return;
    };
    let mut note = None;
    let changed = match action {
        Action::Quit | Action::Back => {
            app.should_quit = true;
            false
        }
        Action::PageDown => p.forward(),
        Action::PageUp => p.back(),
        Action::Top => {
            p.go(0);
            true
        }
        Action::Bottom => {
            p.go(usize::MAX);
            true
        }
        Action::Down => {
            let max = p
                .rendered
                .text
                .lines
                .len()
                .saturating_sub(text_height(rows).saturating_sub(2));
            p.scroll = (p.scroll + 1).min(max);
            false
        }
        Action::Up => {
            p.scroll = p.scroll.saturating_sub(1);
            false
        }
        Action::Reveal if p.checkpoint().is_some() => {
            p.revealed = !p.revealed;
            false
        }
        Action::Vote if p.vote_options(&app.catalog) > 0 => {
            p.vote_input = Some(LineInput::default());
            false
        }
        Action::Reveal => {
            note = Some("no question on this slide to reveal");
            false
        }
        Action::Vote => {
            note = Some("no question with choices on this slide to vote on");
            false
        }
        _ => false,
    };
    if changed {
        p.render(&app.catalog, app.size.0, &app.styles);
    }
    if let Some(note) = note {
        app.note(note);
    }
}

/// Keys typed into the vote field (`v`): digits, spaces and commas. Returns whether the key was
/// used.
pub fn vote_input(app: &mut App, key: &KeyEvent) -> bool {
    let Screen::Present(p) = &mut app.screen else {
        return false;
    };
    let Some(input) = &mut p.vote_input else {
        return false;
    };
    let votes = |c: char| c.is_ascii_digit() || c == ' ' || c == ',';
    match input.handle(key, VOTES_MAX, votes) {
        Edit::Submit(text) => {
            p.vote_input = None;
            let options = p.vote_options(&app.catalog);
            app.status = match p.set_votes(&text, options) {
                Err(why) => Some(Status {
                    text: why,
                    is_error: true,
                }),
                Ok(()) => None,
            };
        }
        Edit::Cancel => p.vote_input = None,
        Edit::Quit => app.should_quit = true,
        Edit::Changed | Edit::Ignored => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_are_parsed_and_checked() {
        let catalog = Catalog::default();
        let mut p = Present::new(&catalog, 0, 80, &Styles::plain());
        assert!(p.set_votes("12 5, 3", 3).is_ok());
        assert_eq!(p.votes, vec![12, 5, 3]);
        assert!(p.set_votes("1 2", 3).is_err());
        assert!(p.set_votes("a b c", 3).is_err());
    }

    #[test]
    fn stepping_through_the_shipped_lesson_visits_every_slide() {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let mut p = Present::new(&catalog, 0, 100, &Styles::plain());
        let n = p.slides.len();
        assert!(n > 3);
        let mut moves = 0;
        while p.forward() {
            moves += 1;
            assert!(moves < 1000);
        }
        assert_eq!(p.index, n - 1);
        while p.back() {}
        assert_eq!((p.index, p.step), (0, 0));
    }
}
