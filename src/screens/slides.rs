//! Classroom mode: a lesson as slides, stepped through by the presenter, with checkpoint questions
//! whose answer stays hidden until revealed and a bar chart of the room's votes.
//!
//! Each slide asks at most one question, on a step of its own after the slide's text
//! ([`crate::content::slides`]). The question box is pinned under the text; the text above it
//! scrolls (`j`/`k`) with a "more" mark when it does not fit, so the box never hides any of it.
//! What the room did on a question (votes, reveal) is kept per slide while the presenter runs.
use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEvent;

use super::class::{ClassCommand, ClassInfo, ClassUpdate, LivePhase, LiveQuestion};
use super::keymap::Action;
use super::line_input::{Edit, LineInput};
use super::observe::Observation;
use super::state::{App, Effect, Screen, Status};
use super::wrap::truncate;
use crate::content::slides::{self, Slide};
use crate::content::{Catalog, Kind, Question};
use crate::markdown::{self, RenderOptions, Rendered, Styles};
use crate::quiz::describe;
use crate::quiz::spread::{Bar, ItemRow, Spread};

/// What the room did on one question slide: kept when the presenter leaves the slide and comes
/// back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Room {
    /// Whether the answer is shown.
    pub revealed: bool,
    /// Votes per choice, typed in by the presenter (`v`); empty until typed.
    pub votes: Vec<u32>,
    /// The live class's answers, once the question was opened to it (`o`).
    pub live: Option<LiveQuestion>,
}

/// The presenter's state.
#[derive(Debug)]
pub struct Present {
    /// Index into `catalog.lessons`.
    pub lesson: usize,
    pub slides: Vec<Slide>,
    pub index: usize,
    /// How many parts of the slide are shown (0-based step; the last step of a slide with a
    /// question shows the question).
    pub step: usize,
    pub rendered: Rendered,
    pub rendered_width: u16,
    /// Per question slide (by slide index): votes and reveal.
    pub rooms: BTreeMap<usize, Room>,
    /// The vote counts being typed, after `v`.
    pub vote_input: Option<LineInput>,
    /// The slide number being typed, after `g`.
    pub goto_input: Option<LineInput>,
    /// First visible row of the slide text, when it is taller than its part of the screen.
    pub scroll: usize,
    /// The simulation on this slide, running live (its block's index among the live blocks).
    pub sim: Option<(usize, super::sim::SimRun)>,
    /// Seed for slide simulations (`--seed`), so a class sees the same run as the rehearsal.
    pub seed: u64,
    /// The slide's checkpoint question as asked: a generated one with its numbers, a prediction
    /// with its simulation already run (once per slide, not per frame).
    pub asked: Option<(String, Question)>,
    /// The live class being served (`present --serve`), if any.
    pub class: Option<ClassInfo>,
    /// Serving, and on the lobby (before the first slide): the join commands and who joined.
    pub lobby: bool,
    /// The slide whose question the class was last asked or shown again (where its answers and
    /// its reveal land).
    pub live_slide: Option<usize>,
    /// A move off a slide whose question is still open was asked once: the same move again locks
    /// the question and goes; or `o` on a revealed question with answers was asked once: `o`
    /// again replaces them (any other key disarms it).
    pub leave_armed: Option<Action>,
    /// A prediction asked of the class, by slide: its simulation, started when the predictions
    /// are locked and run live on the projector until the reveal.
    pub observation: Option<(usize, Watch)>,
}

/// What the projector shows, as far as a class is concerned; students follow it (see
/// [`Present::follow`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projected {
    Lobby,
    /// Slide N (0-based) without a question of the class on screen: students see its title.
    Slide(usize),
    /// Slide N's question, asked of the class: students see it as it is (open, locked, revealed).
    Question(usize),
}

/// A prediction's run, and whether it was started (the lock starts it).
#[derive(Debug)]
pub struct Watch {
    pub run: Observation,
    pub started: bool,
}

/// The width slide text is laid out at for a terminal of `cols` columns: narrow enough to read
/// across a room, wide enough for the lesson tables.
pub fn slide_width(cols: u16) -> u16 {
    cols.saturating_sub(8).clamp(1, 96)
}

/// Rows under the slide's top line for text and question box, in a terminal of `rows` rows: the
/// top line, a blank row, the status line and the footer take four.
pub fn body_rows(rows: u16) -> u16 {
    rows.saturating_sub(4)
}

/// Rows a big slide title takes: four rows of letters (an 8x8 font at two pixels per cell each
/// way); the blank row the rendered heading leaves under itself follows.
pub const BIG_TITLE_ROWS: u16 = 4;

/// Terminals at least this tall draw slide titles in big letters (when the title fits across the
/// slide): a projector is read from the back of a room, and at 80x24 the rows are worth more.
pub const BIG_TITLE_MIN_ROWS: u16 = 36;

/// Columns one letter of a big title takes.
pub const BIG_TITLE_COLS_PER_CHAR: usize = 4;

/// Fewest rows of slide text kept above the question box; below this the box takes the whole
/// body (the text is scrolled past anyway, and the answer must be readable at 80x24).
const MIN_TEXT_ROWS: u16 = 4;

/// How a slide's body is split, in rows: the slide text (its last row is the "more" mark when the
/// text does not fit) and the question box under it (0 when there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Rows of the big title (0 when the title is the rendered heading).
    pub title: u16,
    /// Rendered rows the big title replaces (the heading and its rule), skipped in the text.
    pub skip: usize,
    pub text: u16,
    pub question: u16,
    /// The text is taller than its rows: it scrolls, and a row shows the "more" mark.
    pub overflows: bool,
    /// The largest useful scroll.
    pub max_scroll: usize,
}

/// The tone of a row of the question box; the UI gives each a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Prompt,
    Plain,
    /// The right answer, once revealed.
    Right,
    Muted,
    Accent,
}

/// One row of the question box, already wrapped to the box's inner width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxRow {
    pub text: String,
    pub tone: Tone,
}

/// Letters for choices, as a room calls them out.
pub const LETTERS: &[char] = &['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];

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
            rooms: BTreeMap::new(),
            vote_input: None,
            goto_input: None,
            scroll: 0,
            sim: None,
            seed: 1,
            asked: None,
            class: None,
            lobby: false,
            live_slide: None,
            leave_armed: None,
            observation: None,
        };
        p.render(catalog, cols, styles);
        p
    }

    /// Serves this presentation to a live class: opens on the lobby.
    pub fn serve(&mut self, info: ClassInfo) {
        self.class = Some(info);
        self.lobby = true;
    }

    /// The live class's state of the question on screen (on the slide's question step, where
    /// `o`, `l`, `R` and `r` act on it).
    pub fn live(&self) -> Option<&LiveQuestion> {
        if !self.on_question() {
            return None;
        }
        self.rooms.get(&self.index).and_then(|r| r.live.as_ref())
    }

    /// The slide's question is on screen (its last step, not the lobby).
    fn on_question(&self) -> bool {
        !self.lobby && self.checkpoint().is_some()
    }

    /// What the projector shows, as far as students are concerned: the lobby, a slide (its
    /// title), or a question the class was asked.
    pub fn projected(&self) -> Projected {
        if self.lobby {
            Projected::Lobby
        } else if self.live().is_some() {
            Projected::Question(self.index)
        } else {
            Projected::Slide(self.index)
        }
    }

    /// Takes in what the class reported.
    pub fn class_update(&mut self, update: ClassUpdate) {
        let live_slide = self.live_slide;
        let live = live_slide
            .and_then(|i| self.rooms.get_mut(&i))
            .and_then(|r| r.live.as_mut());
        match update {
            ClassUpdate::Roster { names, connected } => {
                if let Some(c) = &mut self.class {
                    c.names = names;
                    c.connected = connected;
                }
            }
            ClassUpdate::Answers { answered, of } => {
                if let Some(l) = live {
                    l.answered = answered;
                    l.of = of;
                }
            }
            ClassUpdate::Revealed { rounds, observed } => {
                if let Some(l) = live {
                    l.rounds = rounds;
                    l.observed = observed;
                }
            }
        }
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
            .and_then(|s| s.document(self.step))
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
            .and_then(|s| s.document(self.step))
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

    /// The checkpoint question shown now, if any (`QUIZ/QUESTION`): on a question slide's last
    /// step.
    pub fn checkpoint(&self) -> Option<String> {
        let slide = self.slides.get(self.index)?;
        slide
            .asks_at(self.step)
            .then(|| slide.question.clone())
            .flatten()
    }

    /// What the room did on this slide's question.
    pub fn room(&self) -> Room {
        self.rooms.get(&self.index).cloned().unwrap_or_default()
    }

    fn room_mut(&mut self) -> &mut Room {
        self.rooms.entry(self.index).or_default()
    }

    /// Whether this slide's answer is shown.
    pub fn revealed(&self) -> bool {
        self.rooms.get(&self.index).is_some_and(|r| r.revealed)
    }

    /// Number of choices a vote can go to for the question shown.
    pub fn vote_options(&self) -> usize {
        match self.asked.as_ref().map(|(_, q)| &q.kind) {
            Some(Kind::Single { choices, .. } | Kind::Multi { choices, .. }) => choices.len(),
            Some(Kind::TrueFalse { .. }) => 2,
            _ => 0,
        }
    }

    /// Moves forward one step, or to the next slide. Returns whether anything changed.
    pub fn forward(&mut self) -> bool {
        let steps = self.slides.get(self.index).map_or(1, Slide::step_count);
        if self.step + 1 < steps {
            self.step += 1;
            self.scroll = 0;
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
            self.scroll = 0;
        } else if self.index > 0 {
            self.index -= 1;
            self.step = 0;
            self.new_slide();
        } else {
            return false;
        }
        true
    }

    /// Jumps to slide `i` (0-based; clamped to the last).
    pub fn go(&mut self, i: usize) {
        self.index = i.min(self.slides.len().saturating_sub(1));
        self.step = 0;
        self.new_slide();
    }

    fn new_slide(&mut self) {
        self.sim = None;
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
                self.room_mut().votes = c;
                Ok(())
            }
            Ok(c) => Err(format!(
                "type {options} counts, one per choice (got {})",
                c.len()
            )),
            Err(_) => Err("counts are whole numbers, e.g. 12 5 3".to_string()),
        }
    }

    /// The question box's rows at `width` inner columns, fitted to `max` rows where it can be
    /// (empty when no question is shown). See [`fit_rows`].
    pub fn question_rows(&self, width: usize, max: usize) -> Vec<BoxRow> {
        match &self.asked {
            Some((key, q)) => {
                let shown = crate::quiz::shuffle::class_order(key, q, self.seed);
                fit_rows(question_rows(q, &self.room(), width, &shown), max)
            }
            None => Vec::new(),
        }
    }

    /// The slide's title when it is drawn in big letters at `size`: the terminal is tall enough,
    /// the title fits across the slide, is plain ASCII (what the 8x8 font has) and opens the
    /// rendered slide as its heading (which it replaces).
    pub fn big_title(&self, size: (u16, u16)) -> Option<&str> {
        if self.lobby || size.1 < BIG_TITLE_MIN_ROWS {
            return None;
        }
        let slide = self.slides.get(self.index)?;
        let heading = self.rendered.headings.first()?;
        let title = slide.title.as_str();
        let fits = title.chars().count() * BIG_TITLE_COLS_PER_CHAR
            <= usize::from(slide_width(size.0).min(size.0));
        let plain = title.chars().all(|c| c.is_ascii_graphic() || c == ' ');
        (heading.row == 0 && heading.title == title && fits && plain).then_some(title)
    }

    /// How the body of a terminal of `size` is split between the text and the question box.
    pub fn split(&self, size: (u16, u16)) -> Split {
        let (title, skip) = match self.big_title(size) {
            Some(_) => (BIG_TITLE_ROWS, 2),
            None => (0, 0),
        };
        let body = body_rows(size.1).saturating_sub(1).saturating_sub(title);
        let width = usize::from(slide_width(size.0).min(size.0).saturating_sub(2)).max(1);
        let boxed = self
            .question_rows(width, usize::from(body.saturating_sub(2)))
            .len();
        let question = if boxed == 0 {
            0
        } else {
            let need = u16::try_from(boxed + 2).unwrap_or(u16::MAX).min(body);
            if body - need < MIN_TEXT_ROWS {
                body
            } else {
                need
            }
        };
        let text = body - question;
        let lines = self.rendered.text.lines.len().saturating_sub(skip);
        let overflows = text > 0 && lines > usize::from(text);
        let shown = usize::from(text).saturating_sub(usize::from(overflows));
        Split {
            title,
            skip,
            text,
            question,
            overflows,
            max_scroll: if text == 0 {
                0
            } else {
                lines.saturating_sub(shown)
            },
        }
    }
}

/// Makes a question box fit `max` rows on a small screen: first the blank rows go, then the
/// prompt shrinks to its first row (ended with "…"): the choices, the votes and the answer are
/// what the room looks at once the question was read out.
pub fn fit_rows(mut rows: Vec<BoxRow>, max: usize) -> Vec<BoxRow> {
    if rows.len() <= max {
        return rows;
    }
    rows.retain(|r| !r.text.is_empty());
    let prompt = rows.iter().take_while(|r| r.tone == Tone::Prompt).count();
    if rows.len() > max && prompt > 1 {
        let first = rows[0].text.trim_end().to_string();
        rows.splice(
            0..prompt,
            [BoxRow {
                text: format!("{first} …"),
                tone: Tone::Prompt,
            }],
        );
    }
    rows
}

/// One line of bars: a choice or an answer given, its count in each round, whether it is right
/// (`None`: not graded or not revealed).
struct BarLine {
    letter: Option<char>,
    label: String,
    counts: Vec<usize>,
    right: Option<bool>,
}

/// The bars of a revealed round (empty for per-item rows).
fn round_bars(spread: &Spread) -> &[Bar] {
    match spread {
        Spread::Bars(bars) => bars,
        Spread::Items(_) => &[],
    }
}

/// The bars to draw for a question: the live class's distribution once revealed (per round, side
/// by side), else the typed votes, else none.
fn bar_lines(q: &Question, room: &Room, choices: &[String], right: &[String]) -> Vec<BarLine> {
    let letter = |i: usize| LETTERS.get(i).copied().or(Some('?'));
    if let Some(live) = room
        .live
        .as_ref()
        .filter(|l| l.phase == LivePhase::Revealed)
    {
        let by_choice = matches!(q.kind, Kind::Single { .. } | Kind::TrueFalse { .. });
        if by_choice {
            return choices
                .iter()
                .enumerate()
                .map(|(i, c)| BarLine {
                    letter: letter(i),
                    label: c.clone(),
                    counts: live
                        .rounds
                        .iter()
                        .map(|r| round_bars(r).get(i).map_or(0, |b| b.count))
                        .collect(),
                    right: Some(right.contains(c)),
                })
                .collect();
        }
        // Answers as given (sets of choices, ranges of numbers), each once across the rounds,
        // ranges low to high: the same order `results --report` lists them in.
        let rounds: Vec<&[Bar]> = live.rounds.iter().map(round_bars).collect();
        let merged = crate::quiz::spread::ordered_bars(&rounds);
        return merged
            .into_iter()
            .map(|b| BarLine {
                letter: None,
                label: b.label.clone(),
                counts: live
                    .rounds
                    .iter()
                    .map(|r| {
                        round_bars(r)
                            .iter()
                            .find(|x| x.label == b.label)
                            .map_or(0, |x| x.count)
                    })
                    .collect(),
                right: b.correct,
            })
            .collect();
    }
    if room.live.is_some() {
        return choices
            .iter()
            .enumerate()
            .map(|(i, c)| BarLine {
                letter: letter(i),
                label: c.clone(),
                counts: Vec::new(),
                right: None,
            })
            .collect();
    }
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| BarLine {
            letter: letter(i),
            label: c.clone(),
            counts: room
                .votes
                .get(i)
                .map(|v| vec![usize::try_from(*v).unwrap_or(usize::MAX)])
                .unwrap_or_default(),
            right: room.revealed.then(|| right.contains(c)),
        })
        .collect()
}

/// `count` of `most` as a bar `width` cells wide (rounded; at least one cell for a non-zero count).
fn bar(count: usize, most: usize, width: usize) -> String {
    let cells = (count.saturating_mul(width) + most / 2) / most.max(1);
    let cells = if count > 0 { cells.max(1) } else { 0 }.min(width);
    format!("{:<width$}", "█".repeat(cells))
}

/// The per-item rows of each revealed round of an order or match question, if that is what the
/// class's answers were.
fn live_items(room: &Room) -> Option<Vec<&[ItemRow]>> {
    let live = room
        .live
        .as_ref()
        .filter(|l| l.phase == LivePhase::Revealed)?;
    let rounds: Vec<&[ItemRow]> = live
        .rounds
        .iter()
        .filter_map(|r| match r {
            Spread::Items(items) => Some(items.as_slice()),
            Spread::Bars(_) => None,
        })
        .collect();
    (!rounds.is_empty()).then_some(rounds)
}

/// Fewest columns an item's text keeps on its row before the wrong pick gives way.
const ITEM_MIN_COLS: usize = 16;

/// One row per item of an order or match question: per round a bar of the share that placed it
/// right and "right/answered", then the item (cut to fit), its right place with ✓ (always shown),
/// and the wrong place chosen most often. With two rounds the wrong pick of each round is named
/// ("r1 FaaS (2) · r2 (blank) (1)"), as the report lists them per round. A wrong pick that has
/// no room on the item's row gets a row of its own under it: the legend promises it.
fn item_rows(rounds: &[&[ItemRow]], width: usize) -> Vec<BoxRow> {
    let bar_w = if rounds.len() > 1 { 4 } else { 8 };
    let Some(last) = rounds.last() else {
        return Vec::new();
    };
    let legend = if rounds.len() > 1 {
        "per item: right in r1 │ r2 · → right place · ✗ most common wrong pick"
    } else {
        "per item: placed right · → its right place · ✗ most common wrong pick"
    };
    let mut out = vec![BoxRow {
        text: truncate(legend, width),
        tone: Tone::Muted,
    }];
    for (i, item) in last.iter().enumerate() {
        let mut lead = String::new();
        for (r, round) in rounds.iter().enumerate() {
            if r > 0 {
                lead.push_str("│ ");
            }
            let (right, of) = round.get(i).map_or((0, 0), |x| (x.right_count, x.answered));
            lead.push_str(&format!("{} {right:>2}/{of:<2} ", bar(right, of, bar_w)));
        }
        let tail = format!(" → {} ✓", item.right);
        let lead_w = unicode_width::UnicodeWidthStr::width(lead.as_str());
        let used = lead_w + unicode_width::UnicodeWidthStr::width(tail.as_str());
        let free = width.saturating_sub(used);
        let picks: Vec<String> = if rounds.len() > 1 {
            rounds
                .iter()
                .enumerate()
                .filter_map(|(r, round)| {
                    let w = round.get(i)?.top_wrong.as_ref()?;
                    Some(format!("r{} {}", r + 1, w.describe()))
                })
                .collect()
        } else {
            item.top_wrong.iter().map(|w| w.describe()).collect()
        };
        let full_wrong = if picks.is_empty() {
            String::new()
        } else {
            format!("  ✗ {}", picks.join(" · "))
        };
        let text_w = unicode_width::UnicodeWidthStr::width(item.item.as_str());
        let item_cols = text_w.min(
            free.saturating_sub(full_wrong.chars().count())
                .max(ITEM_MIN_COLS),
        );
        let item_cols = item_cols.min(free).max(1);
        // A wrong pick that would be cut goes, whole, on rows of its own under the item, which
        // then keeps the row's room.
        let inline = free.saturating_sub(item_cols);
        let own_row = unicode_width::UnicodeWidthStr::width(full_wrong.as_str()) > inline;
        let (wrong, item_cols) = if own_row {
            (String::new(), text_w.min(free).max(1))
        } else {
            (full_wrong.clone(), item_cols)
        };
        out.push(BoxRow {
            text: format!("{lead}{}{tail}{wrong}", truncate(&item.item, item_cols)),
            tone: Tone::Plain,
        });
        if own_row {
            let indent = if lead_w + 16 < width { lead_w } else { 0 };
            let cols = width.saturating_sub(indent).max(1);
            for part in markdown::wrap_plain(full_wrong.trim_start(), cols) {
                out.push(BoxRow {
                    text: format!("{}{part}", " ".repeat(indent)),
                    tone: Tone::Plain,
                });
            }
        }
    }
    out
}

/// The rows of the question box for `q`: the prompt, the choices (with the room's votes, or the
/// class's answers per round, as bars once there are any; the right one marked once revealed),
/// then the class's count or lock, and the answer and explanation once revealed. An order
/// question's items are listed in the order `shown` (original indices, the students' order from
/// [`crate::quiz::shuffle::class_order`]; the file's order when it does not fit).
pub fn question_rows(q: &Question, room: &Room, width: usize, shown: &[usize]) -> Vec<BoxRow> {
    let row = |text: String, tone: Tone| BoxRow { text, tone };
    let mut rows: Vec<BoxRow> = markdown::wrap_plain(&q.prompt, width)
        .into_iter()
        .map(|t| row(t, Tone::Prompt))
        .collect();
    rows.push(row(String::new(), Tone::Plain));
    let choices: Vec<String> = match &q.kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.clone(),
        Kind::TrueFalse { .. } => vec!["True".into(), "False".into()],
        _ => Vec::new(),
    };
    let right = describe::right_answer(&q.kind);
    let revealed = room.revealed
        || room
            .live
            .as_ref()
            .is_some_and(|l| l.phase == LivePhase::Revealed);
    let lines = bar_lines(q, room, &choices, &right);
    let rounds = lines.iter().map(|l| l.counts.len()).max().unwrap_or(0);
    let most = lines
        .iter()
        .flat_map(|l| l.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_w = if rounds > 1 {
        (width / 8).clamp(3, 12)
    } else {
        (width / 4).clamp(4, 20)
    };
    if rounds > 1 {
        let lead = if lines.iter().any(|l| l.letter.is_some()) {
            3
        } else {
            0
        };
        rows.push(row(
            format!(
                "{}{:<w$}  {:<w$}",
                " ".repeat(lead),
                "round 1",
                "round 2",
                w = bar_w + 5
            ),
            Tone::Muted,
        ));
    }
    for l in &lines {
        let mut lead = l.letter.map_or(String::new(), |c| format!("{c}  "));
        for (r, count) in l.counts.iter().enumerate() {
            if r > 0 {
                lead.push_str("│ ");
            }
            lead.push_str(&format!("{} {count:>3} ", bar(*count, most, bar_w)));
        }
        if !l.counts.is_empty() {
            lead.push(' ');
        }
        let is_right = revealed && l.right == Some(true);
        let mark = if is_right { " ✓" } else { "" };
        let indent = unicode_width::UnicodeWidthStr::width(lead.as_str());
        let tone = if is_right { Tone::Right } else { Tone::Plain };
        let room_w = width.saturating_sub(indent).max(1);
        if l.letter.is_none() {
            // An answer as given (a set of choices, a range) keeps to one row, cut to fit so the
            // right mark always shows: the bars are the point.
            let label = truncate(&l.label, room_w.saturating_sub(mark.chars().count()).max(1));
            rows.push(row(format!("{lead}{label}{mark}"), tone));
            continue;
        }
        let label = format!("{}{mark}", l.label);
        for (k, part) in markdown::wrap_plain(&label, room_w).into_iter().enumerate() {
            let head = if k == 0 {
                lead.clone()
            } else {
                " ".repeat(indent)
            };
            rows.push(row(format!("{head}{part}"), tone));
        }
    }
    let items = live_items(room);
    if let Some(rounds) = &items {
        rows.extend(item_rows(rounds, width));
    }
    // The items of an order or match question, until the reveal puts each in its place.
    let listed: Vec<&str> = match &q.kind {
        Kind::Order { items } if !revealed && shown.len() == items.len() => shown
            .iter()
            .filter_map(|&i| items.get(i).map(String::as_str))
            .collect(),
        Kind::Order { items } if !revealed => items.iter().map(String::as_str).collect(),
        Kind::Match { items, .. } if !revealed => items.iter().map(|i| i.text.as_str()).collect(),
        _ => Vec::new(),
    };
    for item in &listed {
        for (k, t) in markdown::wrap_plain(item, width.saturating_sub(3).max(1))
            .into_iter()
            .enumerate()
        {
            let head = if k == 0 { "•  " } else { "   " };
            rows.push(row(format!("{head}{t}"), Tone::Plain));
        }
    }
    if !lines.is_empty() || !listed.is_empty() || items.is_some() {
        rows.push(row(String::new(), Tone::Plain));
    }
    if let Some(live) = &room.live {
        let round = if live.round > 1 { " (round 2)" } else { "" };
        match live.phase {
            LivePhase::Open => rows.push(row(
                format!("answered {} / {}{round}", live.answered, live.of),
                Tone::Accent,
            )),
            LivePhase::Locked => rows.push(row(
                format!("locked: {} / {} answered{round}", live.answered, live.of),
                Tone::Accent,
            )),
            LivePhase::Revealed => {}
        }
    }
    let class_hides = room
        .live
        .as_ref()
        .is_some_and(|l| l.phase != LivePhase::Revealed);
    if revealed && !class_hides {
        let observed = room
            .live
            .as_ref()
            .filter(|l| l.prediction)
            .and_then(|l| l.observed);
        if let Some(value) = observed {
            // A prediction's answer is what the simulation gave: the class's guesses are above.
            let (unit, tolerance) = match &q.kind {
                Kind::Numeric {
                    unit, tolerance, ..
                } => (unit.as_str(), *tolerance),
                _ => ("", 0.0),
            };
            let with_unit = |v: f64| {
                let n = describe::number((v * 100.0).round() / 100.0);
                if unit.is_empty() {
                    n
                } else {
                    format!("{n} {unit}")
                }
            };
            rows.push(row(
                format!("Observed in the simulation: {}", with_unit(value)),
                Tone::Right,
            ));
            if tolerance > 0.0 {
                rows.push(row(
                    format!(
                        "(a prediction within {} of it counts as right)",
                        describe::tolerance_words(tolerance, unit)
                    ),
                    Tone::Muted,
                ));
            }
        } else if choices.is_empty() && items.is_none() {
            rows.push(row("Answer:".into(), Tone::Accent));
            for r in &right {
                for t in markdown::wrap_plain(r, width.saturating_sub(2).max(1)) {
                    rows.push(row(format!("  {t}"), Tone::Right));
                }
            }
        }
        rows.extend(
            markdown::wrap_plain(&q.explanation, width)
                .into_iter()
                .map(|t| row(t, Tone::Plain)),
        );
    } else if room.live.is_none() {
        rows.push(row(
            "(answer hidden: press r to reveal)".into(),
            Tone::Muted,
        ));
    }
    rows
}

/// The terminal size `cloudtutor check` lays slides out for: a projector at a readable font size.
pub const CHECK_SIZE: (u16, u16) = (100, 30);

/// A warning for each slide whose text is taller than a terminal of `size` shows at once (the
/// presenter then scrolls it), at the slide's `PATH:LINE`.
pub fn tall_slides(catalog: &Catalog, size: (u16, u16)) -> Vec<crate::content::Diagnostic> {
    let styles = Styles::plain();
    let rows = usize::from(body_rows(size.1).saturating_sub(1));
    let mut out = Vec::new();
    for (l, lesson) in catalog.lessons.iter().enumerate() {
        let mut p = Present::new(catalog, l, size.0, &styles);
        for i in 0..p.slides.len() {
            let Some(slide) = p.slides.get(i) else {
                continue;
            };
            let (title, line, last_text) = (
                slide.title.clone(),
                slide.line,
                slide.steps.len().saturating_sub(1),
            );
            p.index = i;
            p.step = last_text;
            p.render(catalog, size.0, &styles);
            let tall = p.rendered.text.lines.len();
            if tall > rows {
                out.push(crate::content::Diagnostic::warning_at(
                    &lesson.path,
                    line,
                    format!(
                        "slide {} \"{title}\" is {tall} rows tall; a {}x{} screen shows {rows} at once \
                         (the presenter scrolls it): split the section with a ## heading",
                        i + 1,
                        size.0,
                        size.1
                    ),
                ));
            }
        }
    }
    out
}

/// Longest vote line, in characters.
const VOTES_MAX: usize = 60;

/// Longest slide number typed after `g`, in characters.
const GOTO_MAX: usize = 5;

impl Present {
    /// `o` on a revealed question that has answers: how many answers asking it again would
    /// replace and over how many rounds, `None` when it has none (nothing to warn about).
    fn reopen_replaces(&self) -> Option<(usize, usize)> {
        let live = self
            .live()
            .filter(|l| l.phase == LivePhase::Revealed && self.class.is_some())?;
        let answers: usize = live.rounds.iter().map(Spread::answers).sum();
        (answers > 0).then_some((answers, live.rounds.len()))
    }

    /// `o`: opens the question on screen to the class (again, after a reveal: a new sitting).
    fn open_to_class(&mut self, catalog: &Catalog) -> Option<ClassCommand> {
        let of = self.class.as_ref()?.connected;
        let (key, asked) = self.asked.clone()?;
        if self.live().is_some_and(|l| l.phase != LivePhase::Revealed) {
            return None;
        }
        // A prediction is graded against what its simulation gives, sent at the reveal; any
        // other question goes as asked here (a generated one with its numbers).
        let original = catalog.question(&key).map(|(_, q)| q.clone())?;
        let prediction = matches!(original.kind, Kind::Predict(_));
        self.observation = self.fresh_observation(&original.kind);
        let question = if prediction {
            // The prompt and explanation as asked (numbers filled in), graded at the reveal.
            Question {
                kind: original.kind,
                ..asked
            }
        } else {
            asked
        };
        let room = self.room_mut();
        room.live = Some(LiveQuestion::opened(of, prediction));
        room.revealed = false;
        self.live_slide = Some(self.index);
        let shown = crate::quiz::shuffle::class_order(&key, &question, self.seed);
        Some(ClassCommand::Open {
            key,
            question: Box::new(question),
            shown,
        })
    }

    /// A prediction's simulation on this slide, ready to run when the predictions are locked
    /// (with the seed the question's numbers were filled in with, so the run ends on them).
    /// `None` for any other kind.
    fn fresh_observation(&self, kind: &Kind) -> Option<(usize, Watch)> {
        match kind {
            Kind::Predict(pr) => Observation::start(pr, self.seed).ok().map(|run| {
                (
                    self.index,
                    Watch {
                        run,
                        started: false,
                    },
                )
            }),
            _ => None,
        }
    }

    /// Starts the run of the prediction asked on this slide (at its lock); false when there is
    /// none or it runs already.
    fn start_observation(&mut self) -> bool {
        let index = self.index;
        match self
            .observation
            .as_mut()
            .filter(|(slide, _)| *slide == index)
        {
            Some((_, w)) if !w.started => {
                w.started = true;
                true
            }
            _ => false,
        }
    }

    /// The prediction's run to draw on this slide: started, and the question is on screen.
    pub fn watching(&self) -> Option<&Observation> {
        let (slide, w) = self.observation.as_ref()?;
        (*slide == self.index && w.started && self.checkpoint().is_some()).then_some(&w.run)
    }

    /// Advances a started prediction run; returns true on the tick it ends.
    pub fn tick_observation(&mut self, now: std::time::Instant) -> bool {
        match &mut self.observation {
            Some((_, w)) if w.started && !w.run.done() => {
                w.run.tick(now);
                w.run.done()
            }
            _ => false,
        }
    }

    /// Whether a prediction run is going (the screen changes by itself).
    pub fn observing(&self) -> bool {
        self.observation
            .as_ref()
            .is_some_and(|(_, w)| w.started && !w.run.done())
    }

    /// The live phase of the question on screen, changed by `f` when it has one.
    fn live_mut(&mut self) -> Option<&mut LiveQuestion> {
        self.rooms
            .get_mut(&self.index)
            .and_then(|r| r.live.as_mut())
    }

    /// `r` while the class answers or is locked: reveals to the class and on the projector.
    fn reveal_to_class(&mut self) -> Option<ClassCommand> {
        let live = self.live_mut()?;
        if !matches!(live.phase, LivePhase::Open | LivePhase::Locked) {
            return None;
        }
        live.phase = LivePhase::Revealed;
        let prediction = live.prediction;
        self.room_mut().revealed = true;
        if !prediction {
            return Some(ClassCommand::Reveal { observed: None });
        }
        // A prediction is graded against what its run on the projector ends with; revealed
        // before the run ended, it runs to its end at once. Without a run (a model that cannot
        // be built) the headless value the question was filled in with stands.
        let index = self.index;
        let from_run = self
            .observation
            .as_mut()
            .filter(|(slide, _)| *slide == index)
            .and_then(|(_, w)| {
                w.started = true;
                w.run.finish();
                w.run.observed()
            });
        let observed = from_run.or(match self.asked.as_ref().map(|(_, q)| &q.kind) {
            Some(Kind::Numeric { answer, .. }) => Some(*answer),
            _ => None,
        });
        Some(ClassCommand::Reveal { observed })
    }

    /// After a key: students follow what the projector shows now, if that changed from
    /// `before`. A question of the class left while still open is locked first (the move was
    /// pressed twice, see [`apply`]; a prediction's run starts then); on a question again,
    /// students see it as it was left, so it can be revealed or asked a second round there.
    fn follow(&mut self, before: Projected) -> Vec<ClassCommand> {
        let now = self.projected();
        if self.class.is_none() || now == before {
            return Vec::new();
        }
        let mut out = Vec::new();
        if let Projected::Question(left) = before
            && let Some(live) = self
                .rooms
                .get_mut(&left)
                .and_then(|r| r.live.as_mut())
                .filter(|l| l.phase == LivePhase::Open)
        {
            live.phase = LivePhase::Locked;
            if let Some((slide, w)) = &mut self.observation
                && *slide == left
            {
                w.started = true;
            }
            out.push(ClassCommand::Lock);
        }
        let title = |i: usize| {
            self.slides
                .get(i)
                .map(|s| s.title.clone())
                .unwrap_or_default()
        };
        out.push(match now {
            Projected::Lobby => ClassCommand::ShowLobby,
            Projected::Slide(i) => ClassCommand::ShowSlide(title(i)),
            Projected::Question(i) => {
                self.live_slide = Some(i);
                ClassCommand::ShowQuestion {
                    key: self
                        .asked
                        .as_ref()
                        .map(|(k, _)| k.clone())
                        .unwrap_or_default(),
                    title: title(i),
                }
            }
        });
        out
    }
}

/// The presenter's keys: stepping through slides, going to slide N, scrolling a tall one,
/// revealing a checkpoint's answer, typing the room's votes, taking the slide's simulation full
/// screen, and when serving a class, opening, locking and revealing its answers.
pub fn apply(app: &mut App, action: Action) {
    let size = app.size;
    let Screen::Present(p) = &mut app.screen else {
        return;
    };
    let before = p.projected();
    let serving = p.class.is_some();
    let mut command = None;
    // Why a key did nothing, for the status line (a note lasts until the next key).
    let mut note: Option<String> = None;
    let armed = p.leave_armed.take();
    let moving = matches!(
        action,
        Action::PageDown | Action::PageUp | Action::Top | Action::Bottom
    );
    // Leaving a question the class is still answering locks it: that is never done silently.
    if moving
        && !p.lobby
        && armed != Some(action)
        && p.live().is_some_and(|l| l.phase == LivePhase::Open)
    {
        let (key, then) = match action {
            Action::PageDown => ("→", "moves on"),
            Action::PageUp => ("←", "goes back"),
            Action::Top => ("Home", "goes to the lobby"),
            _ => ("End", "goes to the last slide"),
        };
        // No count here: the question box shows it live, a note would keep a stale one.
        let text = format!("answering is open: {key} again locks it and {then}");
        p.leave_armed = Some(action);
        app.note(text);
        return;
    }
    if action == Action::OpenSim {
        open_sim(app);
        return;
    }
    let changed = match action {
        // Esc and Backspace are easy to hit by accident while typing votes or a slide number: with a
        // class in the room they never end it; `q` (or Ctrl-C) does, as the footer says.
        Action::Back if serving => {
            note = Some("Esc does not end the class: q ends it for everyone".into());
            false
        }
        Action::Quit | Action::Back => {
            if serving {
                command = Some(ClassCommand::End);
            }
            app.should_quit = true;
            false
        }
        Action::PageDown if p.lobby => {
            p.lobby = false;
            p.go(0);
            true
        }
        Action::PageDown => {
            let moved = p.forward();
            if !moved {
                note = Some(if serving {
                    "this is the last slide: q ends the class for everyone".into()
                } else {
                    "this is the last slide: q ends the presentation".into()
                });
            }
            moved
        }
        Action::PageUp if serving && !p.lobby && (p.index, p.step) == (0, 0) => {
            p.lobby = true;
            false
        }
        Action::PageUp => p.back(),
        // In a class the first place is the lobby: a latecomer needs the join line and code.
        Action::Top if serving => {
            p.lobby = true;
            p.go(0);
            true
        }
        Action::Top => {
            p.lobby = false;
            p.go(0);
            true
        }
        Action::Bottom => {
            p.lobby = false;
            p.go(usize::MAX);
            true
        }
        Action::GoTo => {
            p.goto_input = Some(LineInput::default());
            false
        }
        Action::Down => {
            p.scroll = (p.scroll + 1).min(p.split(size).max_scroll);
            false
        }
        Action::Up => {
            p.scroll = p.scroll.saturating_sub(1);
            false
        }
        Action::OpenAnswers | Action::LockAnswers | Action::RoundTwo if !serving => {
            note = Some("o, l and R drive a live class: start one with `present --serve`".into());
            false
        }
        // Asking a revealed question again replaces its answers (both rounds): a second `o` says so.
        Action::OpenAnswers
            if armed != Some(Action::OpenAnswers) && p.reopen_replaces().is_some() =>
        {
            let (answers, rounds) = p.reopen_replaces().unwrap_or_default();
            let which = if rounds > 1 { " (both rounds)" } else { "" };
            let plural = if answers == 1 { "" } else { "s" };
            p.leave_armed = Some(Action::OpenAnswers);
            note = Some(format!(
                "asking again replaces its {answers} answer{plural}{which}: o again to ask afresh"
            ));
            false
        }
        Action::OpenAnswers => {
            command = p.open_to_class(&app.catalog);
            if command.is_some() && p.live().is_some_and(|l| l.prediction) {
                note = Some(
                    "predictions open: l locks them and runs the simulation on the projector"
                        .into(),
                );
            }
            if command.is_none() {
                note = Some(
                    if p.live().is_some() {
                        "the question is already with the class"
                    } else {
                        "no question on this step to open (→ brings the slide's question)"
                    }
                    .into(),
                );
            }
            false
        }
        Action::LockAnswers => {
            if let Some(live) = p.live_mut().filter(|l| l.phase == LivePhase::Open) {
                live.phase = LivePhase::Locked;
                command = Some(ClassCommand::Lock);
                if p.start_observation() {
                    note = Some(
                        "predictions locked, the simulation runs: r reveals them against it".into(),
                    );
                }
            } else {
                note = Some("no open question to lock (o opens one)".into());
            }
            false
        }
        Action::RoundTwo => {
            // Peer instruction's second round comes after the lock and before the answer is out:
            // asked after a reveal, the "shift" between rounds would mean nothing.
            if p.live().is_some_and(|l| l.phase == LivePhase::Revealed) {
                note = Some("the answer is out: R works between l and r".into());
            } else if let Some(live) = p
                .live_mut()
                .filter(|l| l.round == 1 && l.phase == LivePhase::Locked)
            {
                live.phase = LivePhase::Open;
                live.round = 2;
                live.answered = 0;
                let prediction = live.prediction;
                p.room_mut().revealed = false;
                // Round 2 follows the discussion, not the answer: a prediction's finished run
                // leaves the projector and runs again (the same run: same seed) at the next lock.
                if prediction {
                    let kind = p
                        .asked
                        .as_ref()
                        .and_then(|(key, _)| app.catalog.question(key))
                        .map(|(_, q)| q.kind.clone());
                    p.observation = kind.and_then(|k| p.fresh_observation(&k));
                }
                command = Some(ClassCommand::RoundTwo);
            } else {
                note = Some("R asks a locked question a second time, once".into());
            }
            false
        }
        Action::Reveal if p.live().is_some() => {
            command = p.reveal_to_class();
            false
        }
        Action::Reveal if p.checkpoint().is_some() => {
            let room = p.room_mut();
            room.revealed = !room.revealed;
            false
        }
        Action::Vote if p.vote_options() > 0 => {
            p.vote_input = Some(LineInput::default());
            false
        }
        Action::Reveal => {
            note = Some("no question on this slide to reveal".into());
            false
        }
        Action::Vote => {
            note = Some("no question with choices on this slide to vote on".into());
            false
        }
        _ => false,
    };
    if changed {
        p.render(&app.catalog, app.size.0, &app.styles);
    }
    // A command of its own (o opening the question on screen, q ending) is what students get.
    let follow = if command.is_none() {
        p.follow(before)
    } else {
        Vec::new()
    };
    // A box that grew (votes, reveal) leaves fewer rows for the text.
    p.scroll = p.scroll.min(p.split(size).max_scroll);
    for c in command.into_iter().chain(follow) {
        app.effects.push(Effect::Class(c));
    }
    if let Some(note) = note {
        app.note(note);
    }
}

/// `s`: takes the slide's live simulation full screen, the same run (time, parameters, view), where
/// every simulation key works; the presenter is parked until `q`/Esc hands the run back
/// ([`sim_returned`]). It is the slide's first simulation, the one its panel runs. A served class
/// is told nothing: the students keep seeing the slide, and the class keys wait for the slide.
fn open_sim(app: &mut App) {
    let Screen::Present(p) = &mut app.screen else {
        return;
    };
    let taken = if p.lobby || p.watching().is_some() {
        None
    } else {
        p.sim.take()
    };
    let Some((block, run)) = taken else {
        app.note("no simulation on this slide (s opens a ▶ Live simulation panel full screen)");
        return;
    };
    let sim = Screen::Sim(Box::new(run.into_full_screen(block)));
    if let Screen::Present(p) = std::mem::replace(&mut app.screen, sim) {
        app.parked_present = Some(p);
    }
    app.status = None;
}

/// Back from the full-screen simulation to the parked presenter `p`: the run `handed` back goes
/// to its slide's panel (which then shows its live parameter values), and the slide is laid out
/// again if the terminal was resized meanwhile.
pub fn sim_returned(
    app: &mut App,
    mut p: Box<Present>,
    handed: Option<(usize, super::sim::SimRun)>,
) {
    if handed.is_some() {
        p.sim = handed;
    }
    if p.rendered_width != slide_width(app.size.0) {
        p.render(&app.catalog, app.size.0, &app.styles);
    }
    p.scroll = p.scroll.min(p.split(app.size).max_scroll);
    app.screen = Screen::Present(p);
}

/// Time passed: the slide's simulation and a prediction's run advance; when the run ends, the
/// status line says what `r` does now.
pub fn tick(app: &mut App, now: std::time::Instant) {
    let Screen::Present(p) = &mut app.screen else {
        return;
    };
    if let Some((_, s)) = &mut p.sim {
        s.tick(now);
    }
    if p.tick_observation(now) {
        let text = p.observation.as_ref().map_or_else(String::new, |(_, w)| {
            format!(
                "the run ended ({}): r reveals the predictions against it",
                w.run.progress()
            )
        });
        app.note(text);
    }
}

/// Keys typed into the vote field (`v`) or the slide number (`g`): digits, and spaces and commas
/// between votes. Returns whether the key was used.
pub fn vote_input(app: &mut App, key: &KeyEvent) -> bool {
    let size = app.size;
    let Screen::Present(p) = &mut app.screen else {
        return false;
    };
    if let Some(input) = &mut p.goto_input {
        match input.handle(key, GOTO_MAX, |c| c.is_ascii_digit()) {
            Edit::Submit(text) => {
                p.goto_input = None;
                let serving = p.class.is_some();
                let before = p.projected();
                match text.trim().parse::<usize>() {
                    // In a class, slide 0 is the lobby (the join line and code, for a latecomer).
                    Ok(0) if serving => {
                        p.lobby = true;
                        p.go(0);
                        p.render(&app.catalog, size.0, &app.styles);
                        app.status = None;
                        for c in p.follow(before) {
                            app.effects.push(Effect::Class(c));
                        }
                    }
                    Ok(n) if (1..=p.slides.len()).contains(&n) => {
                        p.lobby = false;
                        p.go(n - 1);
                        p.render(&app.catalog, size.0, &app.styles);
                        app.status = None;
                        for c in p.follow(before) {
                            app.effects.push(Effect::Class(c));
                        }
                    }
                    _ => {
                        let lobby = if serving { "; 0 is the lobby" } else { "" };
                        // A note: it answers this key and goes with the next one.
                        app.status = Some(Status {
                            text: format!("slides are numbered 1 to {}{lobby}", p.slides.len()),
                            is_error: false,
                        });
                    }
                }
            }
            Edit::Cancel => p.goto_input = None,
            Edit::Quit => app.should_quit = true,
            Edit::Changed | Edit::Ignored => {}
        }
        return true;
    }
    let Some(input) = &mut p.vote_input else {
        return false;
    };
    let votes = |c: char| c.is_ascii_digit() || c == ' ' || c == ',';
    match input.handle(key, VOTES_MAX, votes) {
        Edit::Submit(text) => {
            p.vote_input = None;
            let options = p.vote_options();
            // A note: it answers the Enter and goes with the next key.
            app.status = match p.set_votes(&text, options) {
                Err(why) => Some(Status {
                    text: why,
                    is_error: false,
                }),
                Ok(()) => None,
            };
            p.scroll = p.scroll.min(p.split(size).max_scroll);
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

    /// Two rounds of a number question side by side: a range only one round has keeps its place
    /// between its neighbours (low to high), and the band's ✓ stays in view at 80 columns.
    #[test]
    fn two_rounds_of_ranges_merge_in_order_with_the_mark_in_view() {
        let bar = |label: &str, count, correct, low| Bar {
            label: label.into(),
            count,
            correct: Some(correct),
            low: Some(low),
        };
        let q = Question {
            id: "n".into(),
            prompt: "How many?".into(),
            explanation: String::new(),
            kind: Kind::Numeric {
                answer: 200.0,
                tolerance: 20.0,
                unit: "environments".into(),
            },
            line: 1,
        };
        let mut live = LiveQuestion::opened(3, false);
        live.phase = LivePhase::Revealed;
        live.round = 2;
        live.rounds = vec![
            Spread::Bars(vec![
                bar("under 100 environments", 1, false, 60.0),
                bar("180 to 220 environments", 1, true, 180.0),
            ]),
            Spread::Bars(vec![
                bar("140 to 180 environments", 1, false, 140.0),
                bar("180 to 220 environments", 2, true, 180.0),
            ]),
        ];
        let room = Room {
            live: Some(live),
            ..Room::default()
        };
        let rows = question_rows(&q, &room, 70, &[]);
        let order: Vec<&str> = rows
            .iter()
            .filter(|r| r.text.contains("environments") && r.text.contains('│'))
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(order.len(), 3, "{order:?}");
        assert!(order[0].contains("under 100"), "{order:?}");
        assert!(order[1].contains("140 to 180"), "{order:?}");
        assert!(order[2].ends_with("180 to 220 environments ✓"), "{order:?}");
        assert!(
            order[2].contains("  1 │ ") && order[1].contains("  0 │ "),
            "{order:?}"
        );
        assert!(rows.iter().all(|r| r.text.chars().count() <= 70));
    }

    /// The fresh teacher's class: a range only round 2 had ("38 to 40 %") went after "over 42 %".
    #[test]
    fn ranges_of_two_rounds_read_low_to_high_as_the_report_lists_them() {
        let bar = |label: &str, count, correct, low| Bar {
            label: label.into(),
            count,
            correct: Some(correct),
            low: Some(low),
        };
        let q = Question {
            id: "n".into(),
            prompt: "What share?".into(),
            explanation: String::new(),
            kind: Kind::Numeric {
                answer: 37.0,
                tolerance: 1.0,
                unit: "%".into(),
            },
            line: 1,
        };
        let mut live = LiveQuestion::opened(4, false);
        live.phase = LivePhase::Revealed;
        live.round = 2;
        live.rounds = vec![
            Spread::Bars(vec![
                bar("36 to 38 %", 1, true, 36.0),
                bar("over 42 %", 1, false, 42.0),
            ]),
            Spread::Bars(vec![
                bar("under 32 %", 1, false, 30.0),
                bar("36 to 38 %", 2, true, 36.0),
                bar("38 to 40 %", 1, false, 38.0),
            ]),
        ];
        let room = Room {
            live: Some(live),
            ..Room::default()
        };
        let rows = question_rows(&q, &room, 70, &[]);
        let shown: Vec<&str> = rows
            .iter()
            .filter(|r| r.text.contains(" %") && r.text.contains('│'))
            .map(|r| r.text.as_str())
            .collect();
        let expected = ["under 32 %", "36 to 38 %", "38 to 40 %", "over 42 %"];
        assert_eq!(shown.len(), expected.len(), "{shown:?}");
        for (row, label) in shown.iter().zip(expected) {
            assert!(row.contains(label), "{label} in {shown:?}");
        }
    }

    #[test]
    fn votes_are_parsed_and_checked() {
        let catalog = Catalog::default();
        let mut p = Present::new(&catalog, 0, 80, &Styles::plain());
        assert!(p.set_votes("12 5, 3", 3).is_ok());
        assert_eq!(p.room().votes, vec![12, 5, 3]);
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

    fn cold_starts(cols: u16) -> (Catalog, Present) {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let i = catalog
            .lessons
            .iter()
            .position(|l| l.id == "cold-starts")
            .expect("lesson");
        let p = Present::new(&catalog, i, cols, &Styles::plain());
        (catalog, p)
    }

    #[test]
    fn votes_and_reveal_survive_leaving_the_slide_and_coming_back() {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let single = |t: &str| {
            matches!(
                catalog.question(t).map(|(_, q)| &q.kind),
                Some(Kind::Single { .. })
            )
        };
        let (mut p, q) = (0..catalog.lessons.len())
            .find_map(|l| {
                let p = Present::new(&catalog, l, 80, &Styles::plain());
                let q = p
                    .slides
                    .iter()
                    .position(|s| s.question.as_deref().is_some_and(single))?;
                Some((p, q))
            })
            .expect("a single-choice question slide");
        p.go(q);
        while p.checkpoint().is_none() && p.forward() {}
        p.render(&catalog, 80, &Styles::plain());
        let n = p.vote_options();
        assert!(n > 1);
        let typed: Vec<String> = (1..=n).map(|v| v.to_string()).collect();
        p.set_votes(&typed.join(" "), n).unwrap();
        p.rooms.get_mut(&q).unwrap().revealed = true;
        p.forward();
        p.back();
        p.back();
        p.go(q);
        assert_eq!(p.room().votes.len(), n, "votes kept");
        assert!(p.room().revealed, "reveal kept");
    }

    #[test]
    fn the_answer_fits_at_80x24_after_votes_and_reveal() {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        for l in 0..catalog.lessons.len() {
            let mut p = Present::new(&catalog, l, 80, &Styles::plain());
            for (i, s) in p.slides.clone().iter().enumerate() {
                if s.question.is_none() {
                    continue;
                }
                p.go(i);
                while p.checkpoint().is_none() && p.forward() {}
                p.render(&catalog, 80, &Styles::plain());
                let n = p.vote_options();
                if n > 0 {
                    p.set_votes(&vec!["3"; n].join(" "), n).unwrap();
                }
                p.room_mut().revealed = true;
                let split = p.split((80, 24));
                let rows = p.question_rows(usize::from(slide_width(80) - 2), 17);
                assert!(
                    rows.len() + 2 <= usize::from(split.question),
                    "{}: the box needs {} rows, has {}",
                    s.title,
                    rows.len() + 2,
                    split.question
                );
            }
        }
    }

    #[test]
    fn scrolling_stops_at_the_last_line_and_the_rest_of_a_section_is_reachable() {
        let (catalog, mut p) = cold_starts(80);
        let mut app = App::new(catalog, (80, 24), Styles::plain());
        p.go(5);
        p.render(&app.catalog, 80, &Styles::plain());
        app.screen = Screen::Present(Box::new(p));
        for _ in 0..200 {
            apply(&mut app, Action::Down);
        }
        let Screen::Present(p) = &app.screen else {
            unreachable!()
        };
        let split = p.split((80, 24));
        assert!(split.overflows);
        assert_eq!(p.scroll, split.max_scroll);
        let shown = usize::from(split.text) - 1;
        assert_eq!(
            p.scroll + shown,
            p.rendered.text.lines.len(),
            "the last line shows"
        );
    }

    #[test]
    fn every_slide_of_the_shipped_course_fits_a_100x30_projector() {
        let catalog = Catalog::load(&crate::content::ContentSource::Embedded);
        let slides: usize = (0..catalog.lessons.len())
            .map(|l| {
                Present::new(&catalog, l, CHECK_SIZE.0, &Styles::plain())
                    .slides
                    .len()
            })
            .sum();
        assert!(slides > 100, "the course has {slides} slides");
        let tall: Vec<String> = tall_slides(&catalog, CHECK_SIZE)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(tall.is_empty(), "{tall:#?}");
    }

    /// A served presenter on the slide of a scaling simulation (`instances = 2`), its run paused
    /// at one simulated second.
    fn on_a_sim_slide() -> App {
        let body = "# L\n\n## Live\n\nTry it.\n\n```sim scaling\nrate = 50\ninstances = 2\n```\n";
        let catalog = crate::testkit::Course::new()
            .lesson("l", "L", None, body)
            .build();
        let mut app = App::new(catalog, (80, 24), Styles::plain());
        let mut p = Present::new(&app.catalog, 0, 80, &app.styles);
        p.seed = 3;
        p.serve(ClassInfo {
            join_lines: vec!["ssh -p 2222 class@127.0.0.1".into()],
            fingerprint: "SHA256:x".into(),
            code: "1234".into(),
            session_id: "s".into(),
            anonymous: false,
            names: vec!["ada".into()],
            connected: 1,
        });
        p.lobby = false;
        p.go(1);
        p.render(&app.catalog, 80, &app.styles);
        // The slide's run, paused at one simulated second (the presenter has no step key).
        let run = &mut p.sim.as_mut().expect("the slide runs its simulation").1;
        run.paused = true;
        run.step();
        app.screen = Screen::Present(Box::new(p));
        app
    }

    fn slide_run(app: &App) -> &crate::screens::sim::SimRun {
        match &app.screen {
            Screen::Present(p) => &p.sim.as_ref().expect("the slide's run").1,
            _ => panic!("not on the slides"),
        }
    }

    fn value(run: &crate::screens::sim::SimRun, name: &str) -> String {
        let p = run.panel_params();
        let row = p.iter().find(|p| p.name == name).expect("a panel row");
        format!(
            "{}{}",
            row.value,
            if row.changed { " (changed)" } else { "" }
        )
    }

    /// `s` takes the slide's own run full screen (its time and parameters), a parameter changed
    /// there comes back to the slide's panel with the run on `q`, and `s` again finds the same
    /// run; the served class is told nothing either way.
    #[test]
    fn s_takes_the_slide_run_full_screen_and_q_hands_it_back_with_its_changes() {
        use crate::screens::update;
        let mut app = on_a_sim_slide();
        assert_eq!(slide_run(&app).snapshot.now_ms, 1000.0);
        assert_eq!(value(slide_run(&app), "instances"), "2");

        let effects = update::apply(&mut app, Action::OpenSim);
        assert!(effects.is_empty(), "the class was told: {effects:?}");
        let Screen::Sim(run) = &app.screen else {
            panic!("s did not open the simulation")
        };
        assert_eq!(
            run.snapshot.now_ms, 1000.0,
            "a restart, not the slide's run"
        );
        assert!(run.paused, "the run's state is kept");
        assert!(app.parked_present.is_some());
        // instances, chosen with the arrows and raised one notch; then a step.
        let at = run
            .snapshot
            .params
            .iter()
            .position(|p| p.name == "instances")
            .expect("instances");
        for _ in 0..at {
            update::apply(&mut app, Action::Down);
        }
        update::apply(&mut app, Action::Right);
        update::apply(&mut app, Action::Step);
        let Screen::Sim(run) = &app.screen else {
            panic!("left the simulation")
        };
        let (now, message) = (run.snapshot.now_ms, run.message.clone());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.starts_with("instances = 3")),
            "{message:?}"
        );

        let effects = update::apply(&mut app, Action::Quit);
        assert!(
            effects.is_empty(),
            "q ended or moved the class: {effects:?}"
        );
        assert!(app.parked_present.is_none() && !app.should_quit);
        let run = slide_run(&app);
        assert_eq!(value(run, "instances"), "3 (changed)");
        assert_eq!(value(run, "rate"), "50");
        assert_eq!(run.snapshot.now_ms, now, "the slide got another run");
        assert!(run.panel.is_none() && run.last.is_none());

        update::apply(&mut app, Action::OpenSim);
        let Screen::Sim(run) = &app.screen else {
            panic!("s did not open the simulation again")
        };
        assert_eq!(run.snapshot.now_ms, now);
        assert!(
            run.snapshot
                .params
                .iter()
                .any(|p| p.name == "instances" && p.value == "3")
        );
        // Esc hands it back too (it never ends a class from here).
        let effects = update::apply(&mut app, Action::Back);
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(value(slide_run(&app), "instances"), "3 (changed)");
    }

    /// What the class reports while the presenter is in the full-screen simulation reaches the
    /// parked presenter; on a slide without a simulation `s` says so and stays.
    #[test]
    fn the_class_reaches_the_parked_presenter_and_s_without_a_sim_is_a_note() {
        use crate::screens::update;
        let mut app = on_a_sim_slide();
        update::apply(&mut app, Action::OpenSim);
        app.presenter_mut()
            .expect("the parked presenter")
            .class_update(ClassUpdate::Roster {
                names: vec!["ada".into(), "bob".into()],
                connected: 2,
            });
        update::apply(&mut app, Action::Quit);
        let Screen::Present(p) = &mut app.screen else {
            panic!("not back on the slides")
        };
        assert_eq!(p.class.as_ref().map(|c| c.connected), Some(2));
        p.go(0);
        p.render(&app.catalog, 80, &app.styles);
        update::apply(&mut app, Action::OpenSim);
        assert!(matches!(app.screen, Screen::Present(_)));
        assert!(
            app.status
                .as_ref()
                .is_some_and(|s| s.text.starts_with("no simulation on this slide")),
            "{:?}",
            app.status
        );
    }

    #[test]
    fn check_warns_at_path_and_line_about_a_slide_taller_than_100x30() {
        let many: String = (1..=40).map(|i| format!("Line {i}.\n\n")).collect();
        let body = format!("# L\n\n## Short\n\nFits.\n\n## Long\n\n{many}");
        let catalog = crate::testkit::Course::new()
            .lesson("l", "L", None, &body)
            .build();
        let warnings: Vec<String> = tall_slides(&catalog, CHECK_SIZE)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let long_line = body.lines().position(|l| l == "## Long").unwrap();
        let at = format!(
            "lessons/01-l.md:{}: warning: slide 3 \"Long\"",
            catalog.lessons[0].source_line + long_line
        );
        assert!(warnings[0].starts_with(&at), "{} vs {at}", warnings[0]);
    }
}
