//! One student's screen: class code, display name, then the class as the teacher runs it.
//!
//! [`StudentApp::on_key`] turns a key into a change of the local screen state and, when the
//! student joins or answers, a change of the [`Class`] (the caller holds its lock); it returns
//! what the session must do next ([`Effect`]). [`StudentApp::draw`] draws the local state and a
//! [`StudentView`] taken from the class beforehand. Neither touches the network, the clock or a
//! terminal, so both are tested directly and with `TestBackend`.
//!
//! Small windows (the promise is 40x10): a screen is built as three parts, a pinned top (on a
//! reveal: right or wrong, and the student's own answer), a body that scrolls (the question, its
//! items, the explanation) and a pinned bottom (the number being typed, the last message). When
//! they do not all fit, the body scrolls with ↑↓/j/k and PgUp/PgDn, shows a "more" mark, and on
//! an open question follows the item under the cursor. Like ratatui's `ListState`, the draw
//! clamps the scroll offset to what the window holds and keeps it for the next key.
use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::class::{
    AnswerError, Class, CodeCheck, CodeGate, JoinError, MAX_NAME_CHARS, Phase, StudentId,
    StudentView, answer_label, tidy_name,
};
use super::input::StudentKey;
use crate::content::{Kind, Question};
use crate::markdown::sanitize::clean;
use crate::quiz::describe::tolerance_words;
use crate::quiz::grade::order_pairs;
use crate::quiz::{Outcome, Response, parse_answer};
use crate::screens::wrap;

/// The longest code or number a student may type.
const MAX_FIELD_CHARS: usize = 32;

/// The most characters the name field takes: past [`MAX_NAME_CHARS`] so a long name can be seen
/// and refused with the limit named, bounded so a paste cannot grow it.
const MAX_NAME_FIELD_CHARS: usize = 64;

/// Bodies shorter than this drop their spacing lines (content first on a 40x10 window).
const COMPACT_BELOW_ROWS: u16 = 12;

/// Where the student is in joining.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Code,
    Name,
    InClass { id: StudentId, name: String },
}

/// What the session does after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Only this screen changed.
    Redraw,
    /// The student joined the class (tell the presenter).
    Joined { id: StudentId, name: String },
    /// The student's answer was stored (the count may have changed).
    Answered,
    /// End this session (Ctrl-C, or three wrong codes), showing this line last.
    Close(String),
}

/// The answer being composed for the current question, in the question's file order.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    /// Which question and round it belongs to (pointer identity of the shared question).
    for_question: Option<(usize, usize)>,
    cursor: usize,
    picked: BTreeSet<usize>,
    order: Vec<usize>,
    grabbed: bool,
    categories: Vec<Option<usize>>,
    /// A match answer with items left without a category was refused once with a warning; the
    /// next Enter sends it as it is (a change of category asks again).
    warned_unset: bool,
    text: String,
}

impl Draft {
    /// A draft showing `answer` (or nothing) for a question of `kind`; with no answer, an order
    /// question's items start in the class's order `shown` (never the solved one; the file's
    /// order when `shown` does not fit).
    fn seeded(kind: &Kind, answer: Option<&Response>, shown: &[usize]) -> Draft {
        let mut d = Draft::default();
        match kind {
            Kind::Order { items } if shown.len() == items.len() => d.order = shown.to_vec(),
            Kind::Order { items } => d.order = (0..items.len()).collect(),
            Kind::Match { items, .. } => d.categories = vec![None; items.len()],
            _ => {}
        }
        match answer {
            Some(Response::Single { choice }) => d.cursor = *choice,
            Some(Response::TrueFalse { answer }) => d.cursor = usize::from(!answer),
            Some(Response::Multi { choices }) => d.picked = choices.clone(),
            Some(Response::Order { order }) => d.order = order.clone(),
            Some(Response::Match { categories }) => d.categories = categories.clone(),
            Some(Response::Numeric { value }) => d.text = format!("{value}"),
            None => {}
        }
        d
    }

    /// Whether two drafts show the same order and matching (cursor and grip aside).
    fn same_answer(&self, other: &Draft) -> bool {
        self.order == other.order && self.categories == other.categories
    }
}

/// Which screen the scroll offset belongs to: a new one starts at the top.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ScreenKey {
    stage: u8,
    question: usize,
    round: usize,
    phase: Option<Phase>,
}

/// The scroll state of the body (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Scroll {
    /// First row of the scrolling part shown.
    offset: usize,
    /// Bring the cursor's item into view at the next draw (set by a cursor move).
    follow: bool,
    /// Rows of the scrolling part at the last draw: the step of PgUp/PgDn.
    page: usize,
    /// The cursor's item was on screen at the last draw.
    cursor_seen: bool,
    /// The body's size at the last draw: after a resize the cursor is followed again.
    area: (u16, u16),
    screen: Option<ScreenKey>,
}

/// One hint of the footer: keys (may be empty for a plain status) and what they do.
type Hint = (&'static str, &'static str);

/// The way out, the last hint of every footer and the one a narrow footer keeps.
const LEAVE: Hint = ("Ctrl-C", "leave");

/// A screen as parts (see the module docs).
#[derive(Default)]
struct Screen {
    top: Vec<Line<'static>>,
    body: Vec<Line<'static>>,
    /// The line of `body` the cursor is on (an item of an open question).
    cursor: Option<usize>,
    bottom: Vec<Line<'static>>,
    hints: Vec<Hint>,
    /// ↑↓ move a cursor on this screen, so the body scrolls with PgUp/PgDn only.
    arrows_move: bool,
}

impl Screen {
    /// The keys that scroll this screen's body.
    fn scroll_keys(&self) -> &'static str {
        if self.arrows_move {
            "PgUp/PgDn"
        } else {
            "↑↓"
        }
    }
}

/// The local state of one student's screen.
#[derive(Debug, Clone)]
pub struct StudentApp {
    stage: Stage,
    gate: CodeGate,
    field: String,
    message: Option<String>,
    /// The SSH user name, offered as display name once the code is right.
    offered: String,
    /// The class is anonymous (learnt with the code): no name is asked nor shown.
    anonymous: bool,
    draft: Draft,
    scroll: Scroll,
    /// The projector has left the lobby at least once (or a question was asked): a student
    /// sent back to the lobby then waits for the teacher, not for a start.
    class_started: bool,
}

impl StudentApp {
    /// A screen asking for the class code; `offered_name` (the SSH user) is proposed later.
    pub fn new(offered_name: &str) -> Self {
        let mut offered: String = tidy_name(offered_name)
            .chars()
            .take(MAX_NAME_FIELD_CHARS)
            .collect();
        if offered == "class" {
            offered.clear();
        }
        StudentApp {
            stage: Stage::Code,
            gate: CodeGate::default(),
            field: String::new(),
            message: None,
            offered,
            anonymous: false,
            draft: Draft::default(),
            scroll: Scroll::default(),
            class_started: false,
        }
    }

    /// The student's id once joined.
    pub fn student(&self) -> Option<StudentId> {
        match self.stage {
            Stage::InClass { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Handles one key. `class` is locked by the caller for the duration.
    pub fn on_key(&mut self, key: StudentKey, class: &mut Class) -> Effect {
        match key {
            StudentKey::Leave => return Effect::Close("You left the class.".into()),
            StudentKey::PageUp => {
                self.scroll_by(-(self.page() as isize));
                return Effect::Redraw;
            }
            StudentKey::PageDown => {
                self.scroll_by(self.page() as isize);
                return Effect::Redraw;
            }
            _ => {}
        }
        match self.stage.clone() {
            Stage::Code => self.on_code_key(key, class),
            Stage::Name => self.on_name_key(key, class),
            Stage::InClass { id, .. } => self.on_class_key(key, id, class),
        }
    }

    fn page(&self) -> usize {
        self.scroll.page.max(1)
    }

    /// Scrolls the body by `rows` (negative: up); the draw clamps it to the end.
    fn scroll_by(&mut self, rows: isize) {
        self.scroll.follow = false;
        self.scroll.offset = self.scroll.offset.saturating_add_signed(rows);
    }

    fn on_code_key(&mut self, key: StudentKey, class: &mut Class) -> Effect {
        match key {
            StudentKey::Char(c) if c.is_ascii_digit() && self.field.len() < MAX_FIELD_CHARS => {
                self.field.push(c)
            }
            StudentKey::Backspace => {
                self.field.pop();
            }
            StudentKey::Enter => match self.gate.check(class, &self.field) {
                CodeCheck::Accepted if class.settings.anonymous => {
                    self.anonymous = true;
                    self.field.clear();
                    self.message = None;
                    return self.join_anonymous(class);
                }
                CodeCheck::Accepted => {
                    self.stage = Stage::Name;
                    self.field = std::mem::take(&mut self.offered);
                    self.message = None;
                }
                CodeCheck::Wrong { left } => {
                    self.field.clear();
                    self.message = Some(format!(
                        "Wrong code: {left} {} left.",
                        if left == 1 { "try" } else { "tries" }
                    ));
                }
                CodeCheck::Closed => return Effect::Close("Wrong code three times.".into()),
            },
            _ => self.scroll_key(key),
        }
        Effect::Redraw
    }

    /// An anonymous class asks no name. The class still keys students by one (that is how a
    /// reconnecting student gets their answers back), so the SSH user is used when it is free,
    /// else a made-up one; neither is shown to the teacher nor saved with the answers.
    fn join_anonymous(&mut self, class: &mut Class) -> Effect {
        let offered = std::mem::take(&mut self.offered);
        let own = (!offered.is_empty() && offered.chars().count() <= MAX_NAME_CHARS)
            .then_some((offered, true));
        let first = class.students().len() + 1;
        let made_up = (first..first + 1000).map(|n| (format!("anonymous {n}"), false));
        for (key, may_resume) in own.into_iter().chain(made_up) {
            let before = class.students().len();
            match class.join(&key) {
                // A made-up key never takes over the answers of someone who left.
                Ok(id) if !may_resume && id < before => class.leave(id),
                Ok(id) => {
                    let name = class.students()[id].name.clone();
                    self.stage = Stage::InClass {
                        id,
                        name: name.clone(),
                    };
                    return Effect::Joined { id, name };
                }
                Err(JoinError::Full(n)) => {
                    return Effect::Close(format!("The class is full ({n} students)."));
                }
                Err(JoinError::Ended) => return Effect::Close("The class has ended.".into()),
                Err(JoinError::NameTaken(_) | JoinError::EmptyName) => {}
            }
        }
        Effect::Close("Could not join the class; try again.".into())
    }

    fn on_name_key(&mut self, key: StudentKey, class: &mut Class) -> Effect {
        match key {
            StudentKey::Char(c) => {
                // A new try: the last refusal no longer applies.
                self.message = None;
                if self.field.chars().count() < MAX_NAME_FIELD_CHARS {
                    self.field.push(c);
                }
            }
            StudentKey::Backspace => {
                self.message = None;
                self.field.pop();
            }
            StudentKey::Enter => {
                let length = tidy_name(&self.field).chars().count();
                if length > MAX_NAME_CHARS {
                    self.message = Some(format!(
                        "Names have at most {MAX_NAME_CHARS} characters; this one has {length}."
                    ));
                    return Effect::Redraw;
                }
                match class.join(&self.field) {
                    Ok(id) => {
                        let name = class.students()[id].name.clone();
                        self.stage = Stage::InClass {
                            id,
                            name: name.clone(),
                        };
                        self.field.clear();
                        self.message = None;
                        return Effect::Joined { id, name };
                    }
                    Err(JoinError::Full(n)) => {
                        return Effect::Close(format!("The class is full ({n} students)."));
                    }
                    Err(JoinError::Ended) => return Effect::Close("The class has ended.".into()),
                    Err(e) => self.message = Some(e.to_string()),
                }
            }
            _ => self.scroll_key(key),
        }
        Effect::Redraw
    }

    /// ↑↓ (and j/k where they are not typed text) scroll a screen without a cursor.
    fn scroll_key(&mut self, key: StudentKey) {
        let typing = matches!(self.stage, Stage::Name);
        match key {
            StudentKey::Up => self.scroll_by(-1),
            StudentKey::Down => self.scroll_by(1),
            StudentKey::Char('k') if !typing => self.scroll_by(-1),
            StudentKey::Char('j') if !typing => self.scroll_by(1),
            _ => {}
        }
    }

    fn on_class_key(&mut self, key: StudentKey, id: StudentId, class: &mut Class) -> Effect {
        let view = class.student_view(id);
        let open = view.phase == Phase::Open;
        let Some(question) = view.question.clone().filter(|_| open) else {
            self.scroll_key(key);
            return Effect::Redraw;
        };
        self.sync_draft(&question, view.round, view.answer.as_ref(), &view.shown);
        let rows = item_rows(&question.kind);
        if rows == 0 {
            // A number is typed: j/k are text, the arrows scroll.
            if matches!(key, StudentKey::Up | StudentKey::Down) {
                self.scroll_key(key);
                return Effect::Redraw;
            }
        } else {
            let up = matches!(key, StudentKey::Up | StudentKey::Char('k'));
            let down = matches!(key, StudentKey::Down | StudentKey::Char('j'));
            let d = &self.draft;
            let at_edge = (up && d.cursor == 0) || (down && d.cursor + 1 >= rows);
            if at_edge && !d.grabbed {
                if self.scroll.cursor_seen {
                    // Above the first item: the rest of the question; below the last: the
                    // categories and the answer line.
                    self.scroll_by(if up { -1 } else { 1 });
                } else {
                    // Scrolled away (PgDn): the arrow brings the cursor back first.
                    self.scroll.follow = true;
                }
                return Effect::Redraw;
            }
            if up || down {
                self.scroll.follow = true;
            }
        }
        let response = match self.draft_key(key, &question.kind) {
            Some(r) => r,
            None => return Effect::Redraw,
        };
        match class.answer(id, response) {
            Ok(()) => {
                self.message = None;
                Effect::Answered
            }
            Err(AnswerError::Malformed(why)) => {
                self.message = Some(format!("Not taken: {why}."));
                Effect::Redraw
            }
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::Redraw
            }
        }
    }

    /// Starts a fresh draft when the question or round changed, seeded from a stored answer (a
    /// reconnecting student sees what they had chosen).
    fn sync_draft(
        &mut self,
        question: &Arc<Question>,
        round: usize,
        answer: Option<&Response>,
        shown: &[usize],
    ) {
        let key = (Arc::as_ptr(question) as usize, round);
        if self.draft.for_question == Some(key) {
            return;
        }
        self.draft = Draft {
            for_question: Some(key),
            ..Draft::seeded(&question.kind, answer, shown)
        };
    }

    /// Applies a key to the draft; returns a response when the key submits one.
    fn draft_key(&mut self, key: StudentKey, kind: &Kind) -> Option<Response> {
        let d = &mut self.draft;
        let rows = item_rows(kind);
        let digit = match key {
            StudentKey::Char(c) => c.to_digit(10).map(|n| n as usize),
            _ => None,
        };
        match key {
            // As in the quiz runner: K/J carry the item under the cursor up/down in one key.
            StudentKey::Char(c @ ('K' | 'J')) if matches!(kind, Kind::Order { .. }) => {
                let next = if c == 'K' {
                    d.cursor.saturating_sub(1)
                } else {
                    (d.cursor + 1).min(rows.saturating_sub(1))
                };
                if next != d.cursor {
                    d.order.swap(d.cursor, next);
                }
                d.cursor = next;
                self.scroll.follow = true;
                return None;
            }
            StudentKey::Up | StudentKey::Char('k') if rows > 0 => {
                let next = d.cursor.saturating_sub(1);
                if d.grabbed && next != d.cursor {
                    d.order.swap(d.cursor, next);
                }
                d.cursor = next;
                return None;
            }
            StudentKey::Down | StudentKey::Char('j') if rows > 0 => {
                let next = (d.cursor + 1).min(rows - 1);
                if d.grabbed && next != d.cursor {
                    d.order.swap(d.cursor, next);
                }
                d.cursor = next;
                return None;
            }
            _ => {}
        }
        match kind {
            Kind::Single { choices, .. } => {
                let pick = match (key, digit) {
                    (_, Some(n)) if (1..=choices.len()).contains(&n) => n - 1,
                    (StudentKey::Enter | StudentKey::Char(' '), _) => d.cursor,
                    _ => return None,
                };
                d.cursor = pick;
                Some(Response::Single { choice: pick })
            }
            Kind::TrueFalse { .. } => {
                let answer = match key {
                    StudentKey::Char('t' | 'T' | '1') => true,
                    StudentKey::Char('f' | 'F' | '2') => false,
                    StudentKey::Enter | StudentKey::Char(' ') => d.cursor == 0,
                    _ => return None,
                };
                d.cursor = usize::from(!answer);
                Some(Response::TrueFalse { answer })
            }
            Kind::Multi { choices, .. } => {
                let toggle = match (key, digit) {
                    (_, Some(n)) if (1..=choices.len()).contains(&n) => Some(n - 1),
                    (StudentKey::Char(' '), _) => Some(d.cursor),
                    (StudentKey::Enter, _) => None,
                    _ => return None,
                };
                if let Some(i) = toggle {
                    d.cursor = i;
                    self.scroll.follow = true;
                    if !d.picked.remove(&i) {
                        d.picked.insert(i);
                    }
                    return None;
                }
                Some(Response::Multi {
                    choices: d.picked.clone(),
                })
            }
            Kind::Order { .. } => match key {
                StudentKey::Char(' ') => {
                    d.grabbed = !d.grabbed;
                    None
                }
                StudentKey::Enter => {
                    d.grabbed = false;
                    Some(Response::Order {
                        order: d.order.clone(),
                    })
                }
                _ => None,
            },
            Kind::Match { categories, .. } => {
                let n = categories.len();
                if key == StudentKey::Enter {
                    let unset = d.categories.iter().filter(|c| c.is_none()).count();
                    if unset > 0 && !d.warned_unset {
                        d.warned_unset = true;
                        self.message = Some(unset_warning(unset));
                        return None;
                    }
                    return Some(Response::Match {
                        categories: d.categories.clone(),
                    });
                }
                let slot = d.categories.get_mut(d.cursor)?;
                match (key, digit) {
                    (_, Some(k)) if (1..=n).contains(&k) => *slot = Some(k - 1),
                    (StudentKey::Right | StudentKey::Char('l'), _) => {
                        *slot = Some(slot.map_or(0, |c| (c + 1) % n));
                    }
                    (StudentKey::Left | StudentKey::Char('h'), _) => {
                        *slot = Some(slot.map_or(n - 1, |c| (c + n - 1) % n));
                    }
                    _ => return None,
                }
                if d.warned_unset {
                    d.warned_unset = false;
                    self.message = None;
                }
                self.scroll.follow = true;
                None
            }
            Kind::Numeric { .. } | Kind::Predict(_) | Kind::Generated(_) => match key {
                StudentKey::Char(c) if d.text.chars().count() < MAX_FIELD_CHARS => {
                    d.text.push(c);
                    None
                }
                StudentKey::Backspace => {
                    d.text.pop();
                    None
                }
                StudentKey::Enter => {
                    let unit = unit_of(kind);
                    match parse_answer(&d.text, unit) {
                        Some(value) => Some(Response::Numeric { value }),
                        None => {
                            self.message = Some("Type a number, e.g. 120 or 1.5e3.".into());
                            None
                        }
                    }
                }
                _ => None,
            },
        }
    }

    /// Draws the screen. `view` is what the class showed this student when the frame was
    /// prepared (`None` before joining). Besides drawing, it clamps the scroll offset to the
    /// window (see the module docs).
    pub fn draw(&mut self, frame: &mut Frame, view: Option<&StudentView>) {
        if let (Some(v), Some(q)) = (view, view.and_then(|v| v.question.clone())) {
            self.sync_draft(&q, v.round, v.answer.as_ref(), &v.shown);
        }
        let screen_key = self.screen_key(view);
        if view.is_some_and(|v| v.phase != Phase::Lobby || v.score.1 > 0) {
            self.class_started = true;
        }
        if self.scroll.screen != Some(screen_key) {
            // A message about input ("Type a number…") belongs to the question and phase it was
            // given on: once the projector moves on, it would only confuse.
            let in_class = matches!(self.stage, Stage::InClass { .. });
            if in_class
                && self
                    .scroll
                    .screen
                    .is_some_and(|k| k.stage == screen_key.stage)
            {
                self.message = None;
            }
            self.scroll = Scroll {
                screen: Some(screen_key),
                follow: true,
                ..Scroll::default()
            };
        }
        let area = frame.area();
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let who = match &self.stage {
            Stage::InClass { .. } if self.anonymous => " · anonymous".to_string(),
            Stage::InClass { name, .. } => format!(" · {}", clean(name)),
            _ => String::new(),
        };
        let round = match view {
            Some(v) if v.question.is_some() && v.round > 1 => format!(" · round {}", v.round),
            _ => String::new(),
        };
        frame.render_widget(
            Paragraph::new(title_bar(&who, &round, usize::from(head.width))).reversed(),
            head,
        );
        let body = pad(body);
        let mut screen = self.screen(view, body.height < COMPACT_BELOW_ROWS);
        let (lines, overflow) = self.layout(&screen, body);
        frame.render_widget(Paragraph::new(lines), body);
        if overflow && !screen.hints.is_empty() {
            let at = screen.hints.len() - 1;
            screen.hints.insert(at, (screen.scroll_keys(), "scroll"));
        }
        frame.render_widget(
            Paragraph::new(footer(&screen.hints, usize::from(foot.width))).dim(),
            foot,
        );
    }

    fn screen_key(&self, view: Option<&StudentView>) -> ScreenKey {
        let stage = match self.stage {
            Stage::Code => 0,
            Stage::Name => 1,
            Stage::InClass { .. } => 2,
        };
        ScreenKey {
            stage,
            question: view
                .and_then(|v| v.question.as_ref())
                .map_or(0, |q| Arc::as_ptr(q) as usize),
            round: view.map_or(0, |v| v.round),
            phase: view.map(|v| v.phase),
        }
    }

    /// The rows to draw in `area`: everything when it fits, else the pinned parts around a
    /// window of the body with a "more" mark. Returns whether the body scrolls.
    fn layout(&mut self, screen: &Screen, area: Rect) -> (Vec<Line<'static>>, bool) {
        let width = usize::from(area.width).max(1);
        let height = usize::from(area.height);
        if self.scroll.area != (area.width, area.height) {
            self.scroll.area = (area.width, area.height);
            self.scroll.follow = true;
        }
        let mut body = Vec::new();
        let mut cursor_rows = None;
        for (i, line) in screen.body.iter().enumerate() {
            let start = body.len();
            wrap::wrap_hanging(line, width, &mut body);
            if screen.cursor == Some(i) {
                cursor_rows = Some((start, body.len()));
            }
        }
        let top = wrap::wrap_all(&screen.top, width);
        let bottom = wrap::wrap_all(&screen.bottom, width);
        if top.len() + body.len() + bottom.len() <= height {
            self.scroll.offset = 0;
            self.scroll.page = height;
            self.scroll.cursor_seen = true;
            let mut all = top;
            all.extend(body);
            all.extend(bottom);
            return (all, false);
        }
        // Pinned parts keep at most a third of the window each, so the body keeps two rows
        // (one of text, one for the mark) even at 40x10. The top's whole lines that fit in it
        // stay pinned; the rest scroll at the head of the body, wrapped, never cut.
        let cap = (height / 3).max(1);
        let top = if top.len() > cap {
            let mut pinned = Vec::new();
            let mut spill = Vec::new();
            for line in &screen.top {
                let rows = wrap::wrap_all(std::slice::from_ref(line), width);
                if spill.is_empty() && pinned.len() + rows.len() <= cap {
                    pinned.extend(rows);
                } else {
                    spill.extend(rows);
                }
            }
            cursor_rows = cursor_rows.map(|(first, end)| (first + spill.len(), end + spill.len()));
            spill.append(&mut body);
            body = spill;
            pinned
        } else {
            top
        };
        let bottom: Vec<_> = if bottom.len() > cap {
            // The field first, then the message, a row each.
            screen
                .bottom
                .iter()
                .filter(|l| l.width() > 0)
                .take(cap)
                .map(|l| Line::from(wrap::truncate(&l.to_string(), width)).style(l.style))
                .collect()
        } else {
            bottom
        };
        let room = height.saturating_sub(top.len() + bottom.len());
        let (_, visible) = wrap::window(body.len(), room, 0);
        if self.scroll.follow
            && let Some((first, end)) = cursor_rows
        {
            if first < self.scroll.offset {
                self.scroll.offset = first;
            } else if end > self.scroll.offset + visible {
                self.scroll.offset = end.saturating_sub(visible).min(first);
            }
        }
        self.scroll.follow = false;
        let (offset, visible) = wrap::window(body.len(), room, self.scroll.offset);
        self.scroll.offset = offset;
        self.scroll.page = visible;
        self.scroll.cursor_seen =
            cursor_rows.is_none_or(|(first, _)| first >= offset && first < offset + visible);
        let mut lines = top;
        let shown: Vec<_> = body.iter().skip(offset).take(visible).cloned().collect();
        let mark = wrap::more_mark(body.len(), offset, shown.len());
        lines.extend(shown);
        if let Some(mark) = mark.filter(|_| room > 1) {
            let keys = screen.scroll_keys();
            lines.push(Line::from(wrap::truncate(&format!("{mark} ({keys})"), width)).dim());
        }
        lines.extend(bottom);
        (lines, true)
    }

    fn screen(&self, view: Option<&StudentView>, compact: bool) -> Screen {
        let mut s = Screen::default();
        let gap = |lines: &mut Vec<Line<'static>>| {
            if !compact {
                lines.push(Line::default());
            }
        };
        match (&self.stage, view) {
            (Stage::Code, _) => {
                s.body
                    .push(Line::from("Type the class code shown on the projector."));
                gap(&mut s.body);
                s.body.push(Line::from(vec![
                    Span::raw("Class code: "),
                    Span::raw(self.field.clone()).bold(),
                    Span::raw("_"),
                ]));
                s.hints = vec![("Enter", "join"), LEAVE];
            }
            (Stage::Name, _) => {
                s.body.push(Line::from("The name the teacher will see:"));
                gap(&mut s.body);
                s.body.push(Line::from(vec![
                    Span::raw("Name: "),
                    Span::raw(clean(&self.field).into_owned()).bold(),
                    Span::raw("_"),
                ]));
                s.hints = vec![("Enter", "join"), ("Bksp", "edit"), LEAVE];
            }
            (Stage::InClass { .. }, None) => s.hints = vec![LEAVE],
            (Stage::InClass { name, .. }, Some(v)) => self.class_screen(&mut s, name, v, compact),
        }
        if let Some(m) = &self.message {
            gap(&mut s.bottom);
            s.bottom.push(Line::from(clean(m).into_owned()).bold());
        }
        s
    }

    fn class_screen(&self, s: &mut Screen, name: &str, v: &StudentView, compact: bool) {
        let gap = |lines: &mut Vec<Line<'static>>| {
            if !compact {
                lines.push(Line::default());
            }
        };
        let anonymous_line = || Line::from("This class is anonymous: the teacher sees no names.");
        match (v.phase, &v.question) {
            (Phase::Ended, _) => {
                let (score, of) = v.score;
                s.body.push(Line::from("Class ended. Thank you!").bold());
                gap(&mut s.body);
                s.body
                    .push(Line::from(format!("Your score: {} / {of}", short(score))));
                s.hints = vec![("", "Closing…")];
            }
            (Phase::Lobby, _) => {
                if self.anonymous {
                    s.body.push(Line::from("Welcome!"));
                    s.body.push(anonymous_line());
                } else {
                    s.body
                        .push(Line::from(format!("Welcome, {}!", clean(name))));
                }
                s.body.push(Line::from(if self.class_started {
                    "The teacher is showing the lobby. Waiting for the teacher."
                } else {
                    "Waiting for the teacher to start."
                }));
                s.hints = vec![LEAVE];
            }
            (Phase::Slide, _) | (_, None) => {
                s.body
                    .push(Line::from(clean(&v.slide_title).into_owned()).bold());
                gap(&mut s.body);
                s.body.push(Line::from("Waiting for a question.").dim());
                if self.anonymous {
                    s.body.push(anonymous_line().dim());
                }
                s.hints = vec![LEAVE];
            }
            (phase, Some(q)) => {
                let open = phase == Phase::Open;
                // Open: the draft; locked: what was sent; revealed: what was graded.
                let shown = match phase {
                    Phase::Open => self.draft.clone(),
                    Phase::Locked => Draft::seeded(&q.kind, v.answer.as_ref(), &v.shown),
                    _ => Draft::seeded(&q.kind, v.final_answer.as_ref(), &v.shown),
                };
                let shown_answer = if phase == Phase::Revealed {
                    v.final_answer.as_ref()
                } else {
                    v.answer.as_ref()
                };
                s.body
                    .push(Line::from(clean(&q.prompt).into_owned()).bold());
                gap(&mut s.body);
                let first_item = s.body.len();
                self.answer_lines(&mut s.body, q, v, &shown, shown_answer);
                if open && item_rows(&q.kind) > 0 {
                    s.cursor = Some(first_item + shown.cursor);
                    s.arrows_move = true;
                }
                match phase {
                    Phase::Open => {
                        if let Some(field) = number_field(q, &shown) {
                            s.bottom.push(field);
                        }
                        gap(&mut s.body);
                        let status = match &v.answer {
                            // Items already show an order or a matching: a label of the whole
                            // answer would take a small window; say whether the rows are it.
                            Some(r)
                                if matches!(q.kind, Kind::Order { .. } | Kind::Match { .. }) =>
                            {
                                if Draft::seeded(&q.kind, Some(r), &v.shown).same_answer(&shown) {
                                    "Your answer: sent as shown (you may change it until locked)"
                                        .to_string()
                                } else {
                                    "Your answer: changed; Enter sends it".to_string()
                                }
                            }
                            Some(r) => format!(
                                "Your answer: {} (you may change it until locked)",
                                clean(&answer_label(q, r))
                            ),
                            None => "No answer yet.".into(),
                        };
                        s.body.push(Line::from(status));
                        s.hints = open_hints(&q.kind);
                    }
                    Phase::Locked => {
                        s.top.push(Line::from("Locked: answers are closed.").bold());
                        s.top.push(Line::from(match &v.answer {
                            // An order or a matching is long: its rows below show it.
                            Some(_)
                                if matches!(q.kind, Kind::Order { .. } | Kind::Match { .. }) =>
                            {
                                "Your answer: as the rows show".to_string()
                            }
                            Some(r) => format!("Your answer: {}", clean(&answer_label(q, r))),
                            None => "You sent no answer.".to_string(),
                        }));
                        gap(&mut s.top);
                        s.hints = vec![("", "Waiting for the reveal"), LEAVE];
                    }
                    _ => {
                        self.verdict(&mut s.top, q, v);
                        gap(&mut s.top);
                        if !q.explanation.is_empty() {
                            gap(&mut s.body);
                            s.body.push(Line::from(clean(&q.explanation).into_owned()));
                        }
                        s.hints = vec![("", "Waiting for the next slide"), LEAVE];
                    }
                }
            }
        }
    }

    /// The reveal's pinned lines: right or wrong (or that the student did not answer), the
    /// answer that was graded, and a prediction's observed value with its unit.
    fn verdict(&self, top: &mut Vec<Line<'static>>, q: &Question, v: &StudentView) {
        let grade = |o: &Outcome| {
            if o.correct {
                "right".to_string()
            } else if o.score > 0.0 {
                format!("partly right ({})", short(o.score))
            } else {
                "not right".to_string()
            }
        };
        match (&v.final_answer, &v.answer, &v.outcome) {
            (None, _, _) => top.push(Line::from("You did not answer.").bold()),
            // Round 2 skipped: the round-1 answer is the one graded; say so, and how it fared.
            (Some(_), None, outcome) => {
                top.push(Line::from(format!("You did not answer round {}.", v.round)).bold());
                top.push(Line::from(match outcome {
                    Some(o) => format!("Your round-1 answer counts: {}.", grade(o)),
                    None => "Your round-1 answer counts.".to_string(),
                }));
            }
            (Some(_), Some(_), Some(o)) if o.correct => {
                top.push(Line::from("Right!").bold());
            }
            (Some(_), Some(_), Some(o)) if o.score > 0.0 => {
                top.push(Line::from(format!("Partly right ({}).", short(o.score))).bold());
            }
            (Some(_), Some(_), Some(_)) => top.push(Line::from("Not this time.").bold()),
            (Some(_), Some(_), None) => {}
        }
        if let Some(r) = &v.final_answer {
            top.push(Line::from(format!("Your answer: {}", own_answer(q, r))));
        }
        // A number's right value is stated (a prediction's is the observed line below).
        // Written as the student's own number is, so the two lines compare at a glance.
        if let Kind::Numeric { answer, .. } = &q.kind {
            let right = Response::Numeric { value: *answer };
            top.push(Line::from(format!(
                "Answer: {}",
                clean(&answer_label(q, &right))
            )));
        }
        if let Some(obs) = v.observed {
            let unit = unit_of(&q.kind);
            let value = short(obs as f32);
            top.push(Line::from(if unit.is_empty() {
                format!("Observed: {value}")
            } else {
                format!("Observed: {value} {}", clean(unit))
            }));
        }
        // How near counts, in the unit's absolute form ("10 percentage points", never "10 %").
        let tolerance = match &q.kind {
            Kind::Numeric { tolerance, .. } => *tolerance,
            Kind::Predict(p) => p.tolerance,
            _ => 0.0,
        };
        if tolerance > 0.0 {
            let words = tolerance_words(tolerance, unit_of(&q.kind));
            top.push(Line::from(format!("Within {} counts as right.", clean(&words))).dim());
        }
    }

    /// The item rows of a question (choices, items); `shown` is the state to draw.
    fn answer_lines(
        &self,
        lines: &mut Vec<Line<'static>>,
        q: &Question,
        v: &StudentView,
        d: &Draft,
        answer: Option<&Response>,
    ) {
        let open = v.phase == Phase::Open;
        let revealed = v.phase == Phase::Revealed;
        let row = |i: usize, text: &str, mark: &str, right: bool| {
            let cursor = if open && d.cursor == i { "›" } else { " " };
            let mut style = Style::default();
            if revealed && right {
                style = style.add_modifier(Modifier::BOLD);
            }
            let tail = if revealed && right { "  ✓" } else { "" };
            Line::from(vec![
                Span::raw(format!("{cursor}{mark} {}. ", i + 1)),
                Span::styled(format!("{}{tail}", clean(text)), style),
            ])
        };
        match &q.kind {
            Kind::Single {
                choices,
                answer: right,
            } => {
                let chosen = match answer {
                    Some(Response::Single { choice }) => Some(*choice),
                    _ => None,
                };
                for (i, c) in choices.iter().enumerate() {
                    let mark = if chosen == Some(i) { "●" } else { "○" };
                    lines.push(row(i, c, mark, i == *right));
                }
            }
            Kind::TrueFalse { answer: right } => {
                let chosen = match answer {
                    Some(Response::TrueFalse { answer }) => Some(*answer),
                    _ => None,
                };
                for (i, (label, value)) in [("True", true), ("False", false)].iter().enumerate() {
                    let mark = if chosen == Some(*value) { "●" } else { "○" };
                    lines.push(row(i, label, mark, *value == *right));
                }
            }
            Kind::Multi { choices, answers } => {
                for (i, c) in choices.iter().enumerate() {
                    let mark = if d.picked.contains(&i) { "[x]" } else { "[ ]" };
                    lines.push(row(i, c, mark, answers.contains(&i)));
                }
            }
            Kind::Order { items } => {
                for (pos, item) in d.order.iter().enumerate() {
                    let mark = if open && d.grabbed && d.cursor == pos {
                        "≡"
                    } else {
                        " "
                    };
                    let text = items.get(*item).map_or("", String::as_str);
                    lines.push(row(pos, text, mark, revealed && *item == pos));
                }
                if revealed {
                    lines.push(Line::from(format!(
                        "Right order: {}",
                        clean(&items.join(" > "))
                    )));
                }
            }
            Kind::Match { categories, items } => {
                for (i, item) in items.iter().enumerate() {
                    let cat = d
                        .categories
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|c| categories.get(c))
                        .map_or("?", String::as_str);
                    let right =
                        revealed && d.categories.get(i).copied().flatten() == Some(item.category);
                    // A wrong item says so and names its right category, the way an order
                    // reveal gives the right order: the student learns which one it was.
                    let text = if revealed && !right {
                        let want = categories.get(item.category).map_or("?", String::as_str);
                        format!("{} → {cat}  ✗ → right: {want}", item.text)
                    } else {
                        format!("{} → {cat}", item.text)
                    };
                    lines.push(row(i, &text, " ", right));
                }
                lines.push(
                    Line::from(format!("Categories: {}", clean(&categories.join(", ")))).dim(),
                );
            }
            // The number being typed is the screen's pinned bottom ([`number_field`]).
            Kind::Numeric { .. } | Kind::Predict(_) | Kind::Generated(_) => {}
        }
    }
}

/// The student's graded answer in one line: the choice or number as read, or for an order or
/// a matching (whose rows show it item by item) how many items are right.
fn own_answer(q: &Question, r: &Response) -> String {
    match (&q.kind, r) {
        // The score of an order counts pairs of items in the right relative order
        // (`quiz::grade`), so that is what is said: "0 of 6 places" beside a partial score
        // read as a contradiction.
        (Kind::Order { items }, Response::Order { order }) => match order_pairs(items, order) {
            Some((right, total)) => format!("{right} of {total} pairs in the right order"),
            None => clean(&answer_label(q, r)).into_owned(),
        },
        (Kind::Match { items, .. }, Response::Match { categories }) => {
            let right = items
                .iter()
                .zip(categories)
                .filter(|(item, c)| **c == Some(item.category))
                .count();
            format!("{right} of {} items right", items.len())
        }
        _ => clean(&answer_label(q, r)).into_owned(),
    }
}

/// The field a number is typed in, for the kinds answered with a number.
fn number_field(q: &Question, d: &Draft) -> Option<Line<'static>> {
    let label = match &q.kind {
        Kind::Numeric { .. } | Kind::Generated(_) => "Your number",
        Kind::Predict(_) => "Your prediction",
        _ => return None,
    };
    let unit = unit_of(&q.kind);
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {}", clean(unit))
    };
    Some(Line::from(format!("{label}: {}_{unit}", clean(&d.text))))
}

/// The unit numbers of this kind are in ("" when none).
fn unit_of(kind: &Kind) -> &str {
    match kind {
        Kind::Numeric { unit, .. } => unit.as_str(),
        Kind::Predict(p) => p.unit.as_str(),
        _ => "",
    }
}

/// Rows the cursor moves over (0 for the kinds answered with a number).
fn item_rows(kind: &Kind) -> usize {
    match kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.len(),
        Kind::TrueFalse { .. } => 2,
        Kind::Order { items } => items.len(),
        Kind::Match { items, .. } => items.len(),
        _ => 0,
    }
}

/// The footer of an open question, most needed first (a narrow footer drops from the right).
fn open_hints(kind: &Kind) -> Vec<Hint> {
    match kind {
        Kind::Single { .. } => vec![("↑↓", "move"), ("Enter", "answer"), ("1-9", "pick"), LEAVE],
        Kind::TrueFalse { .. } => vec![("t/f", "answer"), ("↑↓ Enter", "pick"), LEAVE],
        Kind::Multi { .. } => vec![
            ("Space/1-9", "tick"),
            ("Enter", "send"),
            ("↑↓", "move"),
            LEAVE,
        ],
        // K/J last before the way out: the first hint a narrow footer drops, since Space and
        // the arrows do the same.
        Kind::Order { .. } => vec![
            ("Enter", "send"),
            ("Space", "grab"),
            ("↑↓", "move"),
            ("K/J", "carry"),
            LEAVE,
        ],
        Kind::Match { .. } => vec![
            ("1-9", "category"),
            ("Enter", "send"),
            ("↑↓", "item"),
            ("←→", "category"),
            LEAVE,
        ],
        _ => vec![("Enter", "send"), ("Bksp", "erase"), LEAVE],
    }
}

/// The footer text of `hints` in `width` columns: hints are dropped from the right, except the
/// last one (the way out), as the main app's footers do (`ui::footer_line`).
fn footer(hints: &[Hint], width: usize) -> String {
    let text = |hs: &[Hint]| {
        hs.iter()
            .map(|(k, d)| {
                if k.is_empty() {
                    d.to_string()
                } else {
                    format!("{k} {d}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let mut kept = hints.to_vec();
    while kept.len() > 1 && text(&kept).width() > width {
        kept.remove(kept.len() - 2);
    }
    wrap::truncate(&text(&kept), width)
}

/// A score or value without a useless `.0`.
fn short(x: f32) -> String {
    if (x - x.round()).abs() < 1e-4 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    }
}

/// The warning of a first Enter on a match answer with `unset` items still at "?".
fn unset_warning(unset: usize) -> String {
    let items = if unset == 1 {
        "1 item has"
    } else {
        &format!("{unset} items have")
    };
    format!("{items} no category: Enter again sends it as it is")
}

/// The title bar in `width` columns: "cloudtutor class · NAME · round 2" when it fits; else the
/// round first (what the student must know: their answer now counts for round 2), then the
/// name, cut last. `who` and `round` start with " · " or are empty.
fn title_bar(who: &str, round: &str, width: usize) -> String {
    let full = format!("cloudtutor class{who}{round}");
    if full.width() <= width {
        return full;
    }
    let parts: Vec<&str> = [round, who]
        .iter()
        .map(|p| p.trim_start_matches(" · "))
        .filter(|p| !p.is_empty())
        .collect();
    wrap::truncate(&parts.join(" · "), width)
}

/// The body with one column of margin on each side when there is room.
fn pad(area: Rect) -> Rect {
    if area.width > 44 {
        Rect {
            x: area.x + 1,
            width: area.width - 2,
            ..area
        }
    } else {
        area
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classroom::class::ClassSettings;
    use insta::assert_snapshot;
    use ratatui::{Terminal, backend::TestBackend};

    fn class() -> Class {
        Class::new(ClassSettings {
            code: "4821".into(),
            max_students: 30,
            anonymous: false,
        })
    }

    fn keys(app: &mut StudentApp, class: &mut Class, text: &str) -> Vec<Effect> {
        text.chars()
            .map(|c| {
                let k = match c {
                    '\n' => StudentKey::Enter,
                    '<' => StudentKey::Backspace,
                    c => StudentKey::Char(c),
                };
                app.on_key(k, class)
            })
            .collect()
    }

    fn screen(app: &mut StudentApp, class: &Class, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let view = app.student().map(|id| class.student_view(id));
        t.draw(|f| app.draw(f, view.as_ref())).unwrap();
        format!("{}", t.backend())
    }

    fn question(kind: Kind) -> Question {
        Question {
            id: "q".into(),
            prompt: "Which service is a managed message queue?".into(),
            explanation: "SQS is AWS's managed queue; EC2 is compute, EBS is block storage.".into(),
            kind,
            line: 1,
        }
    }

    #[test]
    fn join_with_code_and_offered_name_then_answer_and_change() {
        let mut c = class();
        let mut app = StudentApp::new("ada");
        let fx = keys(&mut app, &mut c, "1234\n");
        assert_eq!(fx.last(), Some(&Effect::Redraw));
        assert!(screen(&mut app, &c, 40, 10).contains("2 tries left"));
        keys(&mut app, &mut c, "4821\n");
        assert!(screen(&mut app, &c, 40, 10).contains("Name: ada_"));
        let fx = keys(&mut app, &mut c, "<<<Ada L\n");
        assert_eq!(
            fx.last(),
            Some(&Effect::Joined {
                id: 0,
                name: "Ada L".into()
            })
        );
        c.show_slide("Queues");
        assert!(screen(&mut app, &c, 40, 10).contains("Queues"));
        c.open_question(
            "aws/q1",
            question(Kind::Single {
                choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
                answer: 1,
            }),
        );
        assert_eq!(app.on_key(StudentKey::Char('1'), &mut c), Effect::Answered);
        assert_eq!(app.on_key(StudentKey::Down, &mut c), Effect::Redraw);
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::Single { choice: 1 })
        );
        c.lock();
        assert_eq!(app.on_key(StudentKey::Char('3'), &mut c), Effect::Redraw);
        assert!(screen(&mut app, &c, 40, 10).contains("Locked"));
        c.reveal(None);
        assert!(screen(&mut app, &c, 40, 12).contains("Right!"));
        c.end();
        assert!(screen(&mut app, &c, 40, 10).contains("Your score: 1 / 1"));
    }

    /// Round 2 without a new answer: the round-1 answer is graded, and the student is told so.
    #[test]
    fn a_skipped_second_round_says_the_first_answer_counts() {
        let mut c = class();
        let mut app = StudentApp::new("ada");
        keys(&mut app, &mut c, "4821\n\n");
        c.open_question(
            "aws/q1",
            question(Kind::Single {
                choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
                answer: 1,
            }),
        );
        assert_eq!(app.on_key(StudentKey::Char('1'), &mut c), Effect::Answered);
        c.lock();
        assert!(c.open_round_two());
        c.lock();
        c.reveal(None);
        let shown = screen(&mut app, &c, 80, 24);
        assert!(!shown.contains("Not this time."), "{shown}");
        assert!(shown.contains("You did not answer round 2."), "{shown}");
        assert!(
            shown.contains("Your round-1 answer counts: not right."),
            "{shown}"
        );
        assert!(shown.contains("Your answer: EC2"), "{shown}");
        assert!(
            shown.contains("● 1. EC2"),
            "the graded choice is marked: {shown}"
        );
    }

    #[test]
    fn three_wrong_codes_close() {
        let mut c = class();
        let mut app = StudentApp::new("x");
        let fx = keys(&mut app, &mut c, "1\n2\n3\n");
        assert_eq!(
            fx.last(),
            Some(&Effect::Close("Wrong code three times.".into()))
        );
        assert_eq!(
            app.on_key(StudentKey::Leave, &mut c),
            Effect::Close("You left the class.".into())
        );
    }

    #[test]
    fn every_kind_can_be_answered_from_keys() {
        let mut c = class();
        let mut app = StudentApp::new("bo");
        keys(&mut app, &mut c, "4821\n\n");
        let id = app.student().unwrap();
        let cases: Vec<(Kind, &str, Response)> = vec![
            (
                Kind::TrueFalse { answer: true },
                "f",
                Response::TrueFalse { answer: false },
            ),
            (
                Kind::Multi {
                    choices: vec!["a".into(), "b".into(), "c".into()],
                    answers: vec![0, 2],
                },
                "13\n",
                Response::Multi {
                    choices: [0, 2].into_iter().collect(),
                },
            ),
            (
                Kind::Order {
                    items: vec!["x".into(), "y".into(), "z".into()],
                },
                " j\n",
                Response::Order {
                    order: vec![1, 0, 2],
                },
            ),
            (
                Kind::Match {
                    categories: vec!["compute".into(), "storage".into()],
                    items: vec![
                        crate::content::MatchItem {
                            text: "EC2".into(),
                            category: 0,
                        },
                        crate::content::MatchItem {
                            text: "S3".into(),
                            category: 1,
                        },
                    ],
                },
                "1j2\n",
                Response::Match {
                    categories: vec![Some(0), Some(1)],
                },
            ),
            (
                Kind::Numeric {
                    answer: 3.0,
                    tolerance: 0.0,
                    unit: "ms".into(),
                },
                "x<12.5\n",
                Response::Numeric { value: 12.5 },
            ),
        ];
        for (i, (kind, typed, want)) in cases.into_iter().enumerate() {
            c.open_question(&format!("k/{i}"), question(kind));
            let fx = keys(&mut app, &mut c, typed);
            assert_eq!(fx.last(), Some(&Effect::Answered), "case {i}");
            assert_eq!(c.student_view(id).answer, Some(want), "case {i}");
            c.lock();
        }
    }

    #[test]
    fn snapshots_of_an_open_question_at_small_and_usual_sizes() {
        let mut c = class();
        let mut app = StudentApp::new("ada");
        keys(&mut app, &mut c, "4821\n\n");
        c.open_question(
            "aws/q1",
            question(Kind::Single {
                choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
                answer: 1,
            }),
        );
        keys(&mut app, &mut c, "2");
        assert_snapshot!("student_open_40x10", screen(&mut app, &c, 40, 10));
        assert_snapshot!("student_open_80x24", screen(&mut app, &c, 80, 24));
        assert_snapshot!("student_open_160x48", screen(&mut app, &c, 160, 48));
        c.lock();
        c.reveal(None);
        assert_snapshot!("student_revealed_80x24", screen(&mut app, &c, 80, 24));
    }

    #[test]
    fn hostile_text_never_reaches_the_screen_as_control_characters() {
        let mut c = class();
        let mut app = StudentApp::new("\u{1b}]0;pwned\u{7}eve");
        keys(&mut app, &mut c, "4821\n\n");
        let mut q = question(Kind::TrueFalse { answer: true });
        q.prompt = "Evil \u{1b}[2J prompt".into();
        c.open_question("x/1", q);
        let s = screen(&mut app, &c, 60, 12);
        assert!(!s.contains('\u{1b}'));
        assert!(s.contains("Evil [2J prompt"));
    }

    fn match_question() -> Question {
        let item = |text: &str, category| crate::content::MatchItem {
            text: text.into(),
            category,
        };
        Question {
            id: "m".into(),
            prompt: "Match each product to its service model.".into(),
            explanation: "IaaS rents machines, PaaS runs your code on a managed platform, FaaS \
                          runs a function per event, SaaS is a finished application."
                .into(),
            kind: Kind::Match {
                categories: vec!["IaaS".into(), "PaaS".into(), "FaaS".into(), "SaaS".into()],
                items: vec![
                    item("An EC2 virtual machine you install Linux on", 0),
                    item("Pushing app code to Heroku or Elastic Beanstalk", 1),
                    item("A Lambda function run on each HTTP request", 2),
                    item("A web email service your team logs into", 3),
                    item("A Kubernetes node pool of rented VMs", 0),
                    item("An online office suite", 3),
                ],
            },
            line: 1,
        }
    }

    fn joined(anonymous: bool) -> (Class, StudentApp) {
        let mut c = Class::new(ClassSettings {
            code: "4821".into(),
            max_students: 30,
            anonymous,
        });
        let mut app = StudentApp::new("ada");
        keys(&mut app, &mut c, "4821\n");
        if !anonymous {
            keys(&mut app, &mut c, "\n");
        }
        assert!(app.student().is_some());
        (c, app)
    }

    fn press(app: &mut StudentApp, c: &mut Class, key: StudentKey, times: usize) {
        for _ in 0..times {
            app.on_key(key, c);
        }
    }

    /// Every row of a screen, for checks on what is visible.
    fn rows(shown: &str) -> Vec<&str> {
        shown.lines().collect()
    }

    /// The last row of a `TestBackend` screen (the footer).
    fn footer_row(shown: &str) -> String {
        rows(shown)
            .iter()
            .rev()
            .find(|r| r.starts_with('"'))
            .map(|r| r.trim_matches('"').trim_end().to_string())
            .unwrap_or_default()
    }

    /// At 40x10 a match question keeps everything reachable: the cursor's item stays in view as
    /// it moves down, the categories line and "Your answer" are reached by going on, and a mark
    /// says what is above and below.
    #[test]
    fn a_match_question_at_40x10_scrolls_with_the_cursor() {
        let (mut c, mut app) = joined(false);
        c.open_question("w/q2", match_question());
        let first = screen(&mut app, &c, 40, 10);
        assert!(first.contains("›  1. An EC2"), "{first}");
        assert!(first.contains("↓ "), "a more mark: {first}");
        assert!(first.contains("Ctrl-C leave"), "{first}");
        for i in 2..=6 {
            app.on_key(StudentKey::Down, &mut c);
            let shown = screen(&mut app, &c, 40, 10);
            assert!(
                shown.contains(&format!("›  {i}.")),
                "item {i} under the cursor is visible:\n{shown}"
            );
        }
        app.on_key(StudentKey::Char('1'), &mut c);
        assert_snapshot!("student_match_item6_40x10", screen(&mut app, &c, 40, 10));
        assert_snapshot!("student_match_item6_80x24", screen(&mut app, &c, 80, 24));
        // Five items still have no category: the first Enter warns and sends nothing, the
        // second sends the answer as it is.
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Redraw);
        assert_eq!(c.student_view(0).answer, None);
        let warned = screen(&mut app, &c, 40, 10);
        assert!(
            warned.contains("5 items have no category: Enter again")
                && warned.contains("sends it as it is"),
            "{warned}"
        );
        // Past the last item: the categories, then the answer line once sent.
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        let resized = screen(&mut app, &c, 40, 10);
        assert!(
            resized.contains("›  6."),
            "followed after a resize: {resized}"
        );
        press(&mut app, &mut c, StudentKey::Down, 3);
        let end = screen(&mut app, &c, 40, 10);
        assert!(end.contains("Categories: IaaS"), "{end}");
        assert!(end.contains("Your answer: sent as shown"), "{end}");
        assert!(end.contains("↑ "), "a mark for what is above: {end}");
        assert!(!end.contains("↓ "), "nothing below: {end}");
        app.on_key(StudentKey::Char('2'), &mut c);
        let changed = screen(&mut app, &c, 40, 10);
        assert!(
            changed.contains("Your answer: changed; Enter sends it"),
            "{changed}"
        );
        // Locked: what was sent (not the unsent change), under a pinned line.
        c.lock();
        let locked = screen(&mut app, &c, 40, 10);
        assert!(locked.contains("Your answer: as the rows show"), "{locked}");
        assert_snapshot!("student_match_locked_40x10", locked);
        // PgUp goes back up to the question.
        press(&mut app, &mut c, StudentKey::PageUp, 5);
        let top = screen(&mut app, &c, 40, 10);
        assert!(top.contains("Match each product"), "{top}");
    }

    /// A long order list and a long prompt at 40x10: every item can be brought into view, the
    /// grabbed item moves with the cursor and stays visible.
    #[test]
    fn a_long_order_list_at_40x10_follows_the_grabbed_item() {
        let (mut c, mut app) = joined(false);
        let items: Vec<String> = (1..=9)
            .map(|i| format!("Step number {i} of the deploy"))
            .collect();
        let mut q = question(Kind::Order {
            items: items.clone(),
        });
        q.prompt = "Put the steps of a blue/green deployment in the order they happen, first to \
                    last."
            .into();
        c.open_question("o/1", q);
        app.on_key(StudentKey::Char(' '), &mut c);
        for i in 2..=9 {
            app.on_key(StudentKey::Char('j'), &mut c);
            let shown = screen(&mut app, &c, 40, 10);
            assert!(
                shown.contains(&format!("›≡ {i}. Step number 1")),
                "the grabbed item at {i} is in view:\n{shown}"
            );
        }
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        let mut want: Vec<usize> = (1..9).collect();
        want.push(0);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::Order { order: want })
        );
    }

    /// A numeric question whose text is longer than the window: the field being typed in stays
    /// on screen, and the question scrolls with the arrows (j and k are typed, not scrolled).
    #[test]
    fn a_long_numeric_question_keeps_the_field_in_view() {
        let (mut c, mut app) = joined(false);
        let mut q = question(Kind::Numeric {
            answer: 37.0,
            tolerance: 5.0,
            unit: "%".into(),
        });
        q.prompt = "A function gets one request every 9 minutes and its execution environment is \
                    kept warm for 10 minutes after each request; traffic doubles at noon. What \
                    share of requests start cold in the afternoon, when each request takes about \
                    200 ms and a cold start adds 400 ms more, in percent of all requests?"
            .into();
        c.open_question("n/1", q);
        keys(&mut app, &mut c, "37");
        let shown = screen(&mut app, &c, 40, 10);
        assert!(shown.contains("Your number: 37_ %"), "{shown}");
        assert!(shown.contains("↓"), "{shown}");
        app.on_key(StudentKey::Down, &mut c);
        app.on_key(StudentKey::Down, &mut c);
        let scrolled = screen(&mut app, &c, 40, 10);
        assert!(scrolled.contains("↑ 2 more"), "{scrolled}");
        assert!(scrolled.contains("Your number: 37_ %"), "{scrolled}");
        assert_snapshot!("student_long_numeric_40x10", scrolled);
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        // A refusal shows under the field, and the field stays.
        keys(&mut app, &mut c, "x\n");
        let refused = screen(&mut app, &c, 40, 10);
        assert!(refused.contains("Your number: 37x_ %"), "{refused}");
        assert!(refused.contains("Type a number"), "{refused}");
    }

    /// The reveal at 40x10: right or wrong and the student's own answer stay at the top; the
    /// explanation scrolls under them with a mark.
    #[test]
    fn a_long_reveal_at_40x10_keeps_the_verdict_and_scrolls_the_explanation() {
        let (mut c, mut app) = joined(false);
        c.open_question("w/q2", match_question());
        keys(&mut app, &mut c, "1j2j3j4j1j4\n");
        c.lock();
        c.reveal(None);
        let shown = screen(&mut app, &c, 40, 10);
        assert!(rows(&shown)[1].contains("Right!"), "{shown}");
        assert!(shown.contains("Your answer: 6 of 6 items right"), "{shown}");
        assert!(shown.contains("↓ "), "{shown}");
        assert_snapshot!("student_match_revealed_40x10", shown);
        assert_snapshot!("student_match_revealed_80x24", screen(&mut app, &c, 80, 24));
        press(&mut app, &mut c, StudentKey::Char('j'), 40);
        let end = screen(&mut app, &c, 40, 10);
        assert!(end.contains("application."), "{end}");
        assert!(end.contains("Right!"), "still pinned: {end}");
        assert!(!end.contains("↓ "), "at the end: {end}");
        assert!(end.contains("↑ "), "{end}");
    }

    /// Every footer fits 40 columns and keeps the way out, whatever the question.
    #[test]
    fn footers_fit_forty_columns_and_keep_ctrl_c() {
        let kinds = vec![
            Kind::Single {
                choices: vec!["a".into(), "b".into()],
                answer: 0,
            },
            Kind::TrueFalse { answer: true },
            Kind::Multi {
                choices: vec!["a".into(), "b".into()],
                answers: vec![0],
            },
            Kind::Order {
                items: vec!["x".into(), "y".into()],
            },
            match_question().kind,
            Kind::Numeric {
                answer: 1.0,
                tolerance: 0.0,
                unit: "ms".into(),
            },
        ];
        let mut app = StudentApp::new("ada");
        let mut c = class();
        for stage in ["code", "name"] {
            let foot = footer_row(&screen(&mut app, &c, 40, 10));
            assert!(foot.ends_with("Ctrl-C leave"), "{stage}: {foot:?}");
            keys(
                &mut app,
                &mut c,
                if stage == "code" { "4821\n" } else { "\n" },
            );
        }
        for (i, kind) in kinds.into_iter().enumerate() {
            c.open_question(&format!("k/{i}"), question(kind));
            for phase in ["open", "locked", "revealed"] {
                let shown = screen(&mut app, &c, 40, 10);
                let foot = footer_row(&shown);
                assert!(foot.ends_with("Ctrl-C leave"), "{i} {phase}: {foot:?}");
                assert!(
                    !foot.contains('…'),
                    "{i} {phase}: whole hints only: {foot:?}"
                );
                match phase {
                    "open" => c.lock(),
                    "locked" => c.reveal(None),
                    _ => {}
                }
            }
        }
        assert_eq!(
            footer(&[("Enter", "send"), ("↑↓", "move"), LEAVE], 26),
            "Enter send  Ctrl-C leave",
            "dropped from the right, the way out kept"
        );
    }

    /// An anonymous class asks no name and says why.
    #[test]
    fn an_anonymous_class_skips_the_name_and_says_so() {
        let mut c = Class::new(ClassSettings {
            code: "4821".into(),
            max_students: 30,
            anonymous: true,
        });
        let mut app = StudentApp::new("class");
        let fx = keys(&mut app, &mut c, "4821\n");
        assert!(
            matches!(fx.last(), Some(Effect::Joined { .. })),
            "joined with the code alone: {fx:?}"
        );
        let shown = screen(&mut app, &c, 40, 10);
        assert!(!shown.contains("Name:"), "{shown}");
        assert!(!shown.contains("teacher will see"), "{shown}");
        assert_snapshot!("student_anonymous_lobby_40x10", shown);
        assert_snapshot!(
            "student_anonymous_lobby_80x24",
            screen(&mut app, &c, 80, 24)
        );
        // A second student on the same SSH user joins too, as someone else.
        let mut other = StudentApp::new("class");
        keys(&mut other, &mut c, "4821\n");
        assert_eq!(other.student(), Some(1));
        // Someone whose SSH user looks like a made-up key, gone again: a newcomer does not
        // inherit their answers.
        let mut lookalike = StudentApp::new("anonymous 4");
        keys(&mut lookalike, &mut c, "4821\n");
        assert_eq!(lookalike.student(), Some(2));
        c.leave(2);
        let mut newcomer = StudentApp::new("class");
        keys(&mut newcomer, &mut c, "4821\n");
        assert_eq!(newcomer.student(), Some(3), "a seat of its own");
        assert!(!c.students()[2].connected);
        c.show_slide("Elasticity");
        let slide = screen(&mut app, &c, 80, 24);
        assert!(
            slide.contains("anonymous: the teacher sees no names"),
            "{slide}"
        );
    }

    /// The name prompt: a refusal clears as the student types; a name over the limit is refused
    /// with the limit named, never cut.
    #[test]
    fn the_name_prompt_clears_its_error_and_refuses_long_names() {
        let mut c = class();
        c.join("ada").unwrap();
        let mut app = StudentApp::new("ada");
        keys(&mut app, &mut c, "4821\n\n");
        assert!(screen(&mut app, &c, 40, 10).contains("already in the class"));
        keys(&mut app, &mut c, "2");
        let typing = screen(&mut app, &c, 40, 10);
        assert!(!typing.contains("already in the class"), "{typing}");
        keys(&mut app, &mut c, "<<<<Zoë 😀 with a name far too long\n");
        assert_eq!(app.student(), None, "refused");
        let refused = screen(&mut app, &c, 40, 10);
        assert!(refused.contains("at most 24 characters"), "{refused}");
        let long = StudentApp::new("a-very-long-ssh-user-name-indeed-yes");
        assert_eq!(
            long.offered, "a-very-long-ssh-user-name-indeed-yes",
            "not cut"
        );
        keys(&mut app, &mut c, &format!("{}\n", "<".repeat(25)));
        assert_eq!(app.student(), Some(1), "{}", screen(&mut app, &c, 40, 10));
        assert_eq!(c.students()[1].name, "Zoë 😀");
    }

    /// A student who answered in no round is told so, never "Not this time"; a prediction's
    /// observed value carries its unit.
    #[test]
    fn no_answer_is_said_and_the_observed_value_has_its_unit() {
        let (mut c, mut app) = joined(false);
        let predict = Question {
            id: "p".into(),
            prompt: "What share of requests start cold?".into(),
            explanation: "About 37%.".into(),
            kind: Kind::Predict(crate::content::generated::Prediction {
                sim: "cold-start".into(),
                params: vec![],
                metric: "cold_start_ratio".into(),
                deployment: None,
                duration_s: None,
                scale: 100.0,
                unit: "%".into(),
                tolerance: 10.0,
            }),
            line: 1,
        };
        c.open_question("p/1", predict.clone());
        c.lock();
        c.reveal(Some(61.428_571));
        let shown = screen(&mut app, &c, 40, 10);
        assert!(shown.contains("You did not answer."), "{shown}");
        assert!(!shown.contains("Not this time"), "{shown}");
        assert!(shown.contains("Observed: 61.43 %"), "{shown}");
        // Neither round answered.
        c.open_question("p/2", predict);
        c.lock();
        assert!(c.open_round_two());
        c.lock();
        c.reveal(Some(30.0));
        let shown = screen(&mut app, &c, 80, 24);
        assert!(shown.contains("You did not answer."), "{shown}");
        assert!(!shown.contains("Not this time"), "{shown}");
        assert!(shown.contains("Observed: 30 %"), "{shown}");
    }

    /// The keys the footers name do what they say where no other test presses them: ↑↓ and
    /// Enter on a true/false question, ←→ on a match.
    #[test]
    fn the_footer_keys_do_what_they_say() {
        let (mut c, mut app) = joined(false);
        c.open_question("k/tf", question(Kind::TrueFalse { answer: true }));
        assert!(footer_row(&screen(&mut app, &c, 80, 24)).contains("↑↓ Enter pick"));
        app.on_key(StudentKey::Down, &mut c);
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::TrueFalse { answer: false })
        );
        c.open_question("k/m", match_question());
        assert!(footer_row(&screen(&mut app, &c, 80, 24)).contains("←→ category"));
        app.on_key(StudentKey::Right, &mut c);
        app.on_key(StudentKey::Right, &mut c);
        app.on_key(StudentKey::Down, &mut c);
        app.on_key(StudentKey::Left, &mut c);
        // Four items unset: warned once, then sent as it is.
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Redraw);
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        let Some(Response::Match { categories }) = c.student_view(0).answer else {
            panic!("a match answer")
        };
        assert_eq!(categories[..2], [Some(1), Some(3)]);
    }

    /// Every screen of a 40x10 reveal scrolled from top to end, joined: what a student can
    /// reach with ↓.
    fn scrolled_through(app: &mut StudentApp, c: &mut Class) -> Vec<String> {
        let mut screens = vec![screen(app, c, 40, 10)];
        for _ in 0..30 {
            app.on_key(StudentKey::Down, c);
            screens.push(screen(app, c, 40, 10));
        }
        screens
    }

    /// An order question reaches the student in the class's order (the presenter's, from its
    /// seed), never solved: Enter alone is not "Right!".
    #[test]
    fn an_order_question_starts_in_the_class_order_not_solved() {
        let (mut c, mut app) = joined(false);
        let items: Vec<String> = ["Metrics rise", "Alarm fires", "Capacity grows", "Boot"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let q = question(Kind::Order { items });
        let shown = crate::quiz::shuffle::class_order("o/1", &q, 1);
        assert_ne!(
            shown,
            [0, 1, 2, 3],
            "the seed's order is not the solved one"
        );
        c.open_question_shown("o/1", q, shown.clone());
        let first = screen(&mut app, &c, 80, 24);
        let listed: Vec<usize> = rows(&first)
            .iter()
            .filter_map(|r| {
                ["Metrics rise", "Alarm fires", "Capacity grows", "Boot"]
                    .iter()
                    .position(|t| r.contains(t))
            })
            .collect();
        assert_eq!(listed, shown, "{first}");
        // Every student gets the same order: the projector can name "the third item".
        let mut other = StudentApp::new("bob");
        keys(&mut other, &mut c, "4821\n\n");
        let second = screen(&mut other, &c, 80, 24);
        for (pos, &item) in shown.iter().enumerate() {
            let text = ["Metrics rise", "Alarm fires", "Capacity grows", "Boot"][item];
            let want = format!("{}. {text}", pos + 1);
            assert!(second.contains(&want), "{want}: {second}");
        }
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::Order { order: shown })
        );
        c.lock();
        c.reveal(None);
        let revealed = screen(&mut app, &c, 80, 24);
        assert!(!revealed.contains("Right!"), "{revealed}");
        // An order that does not fit the items is ignored: the file's order.
        c.open_question_shown(
            "o/2",
            question(Kind::Order {
                items: vec!["a".into(), "b".into()],
            }),
            vec![0, 0],
        );
        assert!(c.student_view(0).shown.is_empty());
    }

    /// A match question starts with no category chosen: nothing is sent for the student.
    #[test]
    fn a_match_question_starts_with_no_category_chosen() {
        let (mut c, mut app) = joined(false);
        c.open_question("w/q2", match_question());
        let shown = screen(&mut app, &c, 80, 24);
        assert_eq!(shown.matches("→ ?").count(), 6, "{shown}");
        assert!(shown.contains("No answer yet."), "{shown}");
    }

    /// A wrong match item is marked ✗ and names its right category at the reveal.
    #[test]
    fn a_match_reveal_marks_wrong_items_with_their_right_category() {
        let (mut c, mut app) = joined(false);
        c.open_question("w/q2", match_question());
        // Item 4 (SaaS) put under FaaS, the rest right.
        keys(&mut app, &mut c, "1j2j3j3j1j4\n");
        c.lock();
        c.reveal(None);
        let wide = screen(&mut app, &c, 80, 24);
        assert!(
            wide.contains("A web email service your team logs into → FaaS  ✗ → right: SaaS"),
            "{wide}"
        );
        assert_eq!(wide.matches('✗').count(), 1, "{wide}");
        assert_eq!(wide.matches('✓').count(), 5, "{wide}");
        assert_snapshot!("student_match_wrong_revealed_80x24", wide);
        let reached = scrolled_through(&mut app, &mut c).join("\n");
        assert!(reached.contains("right: SaaS"), "{reached}");
    }

    /// At 40x10 the pinned reveal lines that do not fit scroll with the body, wrapped: no "…",
    /// every line reachable; the title bar keeps the round.
    #[test]
    fn a_short_window_reveal_loses_nothing() {
        let mut c = class();
        let mut app = StudentApp::new("Bobby Tables");
        keys(&mut app, &mut c, "4821\n\n");
        let predict = Question {
            id: "p".into(),
            prompt: "Random arrivals at 0.2 requests per minute, kept warm for 5 minutes: what \
                     share of requests start cold?"
                .into(),
            explanation: "About 61% of requests find no warm environment: with arrivals this \
                          rare, most gaps are longer than the keep-warm time."
                .into(),
            kind: Kind::Predict(crate::content::generated::Prediction {
                sim: "cold-start".into(),
                params: vec![],
                metric: "cold_start_ratio".into(),
                deployment: None,
                duration_s: None,
                scale: 100.0,
                unit: "%".into(),
                tolerance: 10.0,
            }),
            line: 1,
        };
        c.open_question("p/1", predict);
        keys(&mut app, &mut c, "45\n");
        c.lock();
        assert!(c.open_round_two());
        c.lock();
        c.reveal(Some(61.428_571));
        let first = screen(&mut app, &c, 40, 10);
        assert_eq!(
            rows(&first)[0].trim_matches('"').trim_end(),
            "round 2 · Bobby Tables",
            "{first}"
        );
        assert_snapshot!("student_skipped_round_two_revealed_40x10", first);
        let screens = scrolled_through(&mut app, &mut c);
        for s in &screens {
            assert!(!s.contains('…'), "nothing is cut: {s}");
        }
        let reached = screens.join("\n");
        for want in [
            "Your round-1 answer counts:",
            "Your answer: 45 %",
            "Observed: 61.43 %",
            "longer than the keep-warm",
            "Within 10 percentage points counts as",
        ] {
            assert!(reached.contains(want), "{want} is reachable: {reached}");
        }
        // A window with room pins them all, as before.
        let tall = screen(&mut app, &c, 40, 24);
        assert!(tall.contains("Observed: 61.43 %"), "{tall}");
    }

    #[test]
    fn the_title_bar_keeps_the_round_when_short() {
        assert_eq!(
            title_bar(" · ada", " · round 2", 80),
            "cloudtutor class · ada · round 2"
        );
        assert_eq!(
            title_bar(" · Bobby Tables", " · round 2", 30),
            "round 2 · Bobby Tables"
        );
        assert_eq!(title_bar(" · Bobby Tables", "", 20), "Bobby Tables");
        assert!(
            title_bar(" · A very long display name", " · round 2", 20).starts_with("round 2 · ")
        );
    }

    #[test]
    fn the_unset_warning_counts_items() {
        assert_eq!(
            unset_warning(1),
            "1 item has no category: Enter again sends it as it is"
        );
        assert_eq!(
            unset_warning(3),
            "3 items have no category: Enter again sends it as it is"
        );
    }

    proptest::proptest! {
        // Each case draws dozens of screens; 64 cases keep the module's tests to seconds.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any bytes a client sends, through the key parser and the screen, through a whole
        /// class (every kind, lock, second round, reveal) at any size from 20x8: no panic, no
        /// control character drawn, and the footer always ends with the way out.
        #[test]
        fn any_bytes_through_a_whole_class_draw_safely(
            chunks in proptest::collection::vec(proptest::collection::vec(proptest::prelude::any::<u8>(), 0..24), 0..24),
            w in 20u16..100,
            h in 8u16..40,
        ) {
            let mut c = class();
            let mut app = StudentApp::new("ada");
            keys(&mut app, &mut c, "4821\n\n");
            let mut reader = crate::classroom::input::KeyReader::default();
            let kinds = [
                question(Kind::Single { choices: vec!["a".into(), "b".into()], answer: 1 }).kind,
                Kind::TrueFalse { answer: true },
                Kind::Order { items: vec!["x".into(), "y".into(), "z".into()] },
                match_question().kind,
                Kind::Numeric { answer: 3.0, tolerance: 0.5, unit: "ms".into() },
            ];
            for (step, chunk) in chunks.iter().enumerate() {
                for key in reader.feed(chunk) {
                    if matches!(app.on_key(key, &mut c), Effect::Close(_)) {
                        return Ok(());
                    }
                }
                match step % 4 {
                    0 => c.open_question("p/q", question(kinds[(step / 4) % kinds.len()].clone())),
                    1 => c.lock(),
                    2 => { c.open_round_two(); }
                    _ => c.reveal(None),
                }
                let shown = screen(&mut app, &c, w, h);
                proptest::prop_assert!(!shown.chars().any(|ch| ch.is_control() && ch != '\n'));
                proptest::prop_assert!(footer_row(&shown).ends_with("Ctrl-C leave"), "{}", shown);
            }
        }

        /// Any keys at any size from 20x8 up: no panic, the way out is always in the footer, and
        /// on an open choice question the cursor's item is always on screen.
        #[test]
        fn any_keys_at_any_size_keep_the_cursor_and_the_way_out_visible(
            picks in proptest::collection::vec(0usize..12, 0..60),
            w in 20u16..90,
            h in 8u16..30,
        ) {
            let (mut c, mut app) = joined(false);
            c.open_question("w/q2", match_question());
            let menu = [
                StudentKey::Up, StudentKey::Down, StudentKey::PageUp, StudentKey::PageDown,
                StudentKey::Char('j'), StudentKey::Char('k'), StudentKey::Char('1'),
                StudentKey::Char('3'), StudentKey::Left, StudentKey::Right, StudentKey::Enter,
                StudentKey::Char('x'),
            ];
            let mut seen = true;
            for p in picks {
                let key = menu[p];
                let up = matches!(key, StudentKey::Up | StudentKey::Char('k'));
                let down = matches!(key, StudentKey::Down | StudentKey::Char('j'));
                let at_edge = (up && app.draft.cursor == 0) || (down && app.draft.cursor == 5);
                app.on_key(key, &mut c);
                let shown = screen(&mut app, &c, w, h);
                proptest::prop_assert!(footer_row(&shown).ends_with("Ctrl-C leave"), "{}", shown);
                // A move of the cursor, or an arrow after scrolling it away, shows the cursor.
                if (up || down) && (!at_edge || !seen) {
                    proptest::prop_assert!(shown.contains('›'), "{}", shown);
                }
                seen = shown.contains('›');
            }
        }
    }

    fn numeric_37() -> Question {
        let mut q = question(Kind::Numeric {
            answer: 37.0,
            tolerance: 5.0,
            unit: "%".into(),
        });
        q.prompt = "What share of requests start cold?".into();
        q
    }

    /// A numeric reveal states the right number next to the student's own, with its unit.
    #[test]
    fn a_numeric_reveal_states_the_answer() {
        let (mut c, mut app) = joined(false);
        c.open_question("n/1", numeric_37());
        keys(&mut app, &mut c, "60\n");
        c.lock();
        c.reveal(None);
        let shown = screen(&mut app, &c, 40, 10);
        assert!(shown.contains("Your answer: 60 %"), "{shown}");
        assert!(shown.contains("Answer: 37 %"), "{shown}");
        assert_snapshot!("student_numeric_revealed_40x10", shown);
        assert_snapshot!(
            "student_numeric_revealed_80x24",
            screen(&mut app, &c, 80, 24)
        );
    }

    /// "Type a number" belongs to the question it was said on: once the projector locks, reveals,
    /// or goes back to the lobby, it is gone.
    #[test]
    fn an_input_message_clears_when_the_phase_changes() {
        for next in ["lock", "reveal", "lobby"] {
            let (mut c, mut app) = joined(false);
            c.open_question("n/1", numeric_37());
            keys(&mut app, &mut c, "x\n");
            assert!(screen(&mut app, &c, 40, 10).contains("Type a number"));
            match next {
                "lock" => c.lock(),
                "reveal" => {
                    c.lock();
                    c.reveal(None);
                }
                _ => c.show_lobby(),
            }
            let shown = screen(&mut app, &c, 40, 10);
            assert!(!shown.contains("Type a number"), "{next}: {shown}");
        }
        // On the same question and phase it stays until the student acts on it.
        let (mut c, mut app) = joined(false);
        c.open_question("n/1", numeric_37());
        keys(&mut app, &mut c, "x\n");
        screen(&mut app, &c, 40, 10);
        assert!(screen(&mut app, &c, 40, 10).contains("Type a number"));
    }

    fn order_six() -> Question {
        let mut q = question(Kind::Order {
            items: (1..=6).map(|i| format!("Step {i}")).collect(),
        });
        q.prompt = "Put the steps in order.".into();
        q
    }

    /// An order's partial score counts pairs in the right relative order (`quiz::grade`); the
    /// reveal says that, not a count of places that reads as a contradiction beside the score.
    #[test]
    fn an_order_reveal_counts_pairs_like_the_score() {
        let (mut c, mut app) = joined(false);
        c.open_question("o/6", order_six());
        // Send the reverse of the right order: no pair right.
        let mut rev: Vec<usize> = (0..6).collect();
        rev.reverse();
        c.answer(0, Response::Order { order: rev }).unwrap();
        c.lock();
        c.reveal(None);
        let text = screen(&mut app, &c, 80, 24);
        assert!(text.contains("0 of 15 pairs in the right order"), "{text}");
        // One adjacent swap away: 14 of 15 pairs, the score 14/15.
        let (mut c, mut app) = joined(false);
        c.open_question("o/6", order_six());
        c.answer(
            0,
            Response::Order {
                order: vec![1, 0, 2, 3, 4, 5],
            },
        )
        .unwrap();
        c.lock();
        c.reveal(None);
        let text = screen(&mut app, &c, 80, 24);
        assert!(text.contains("14 of 15 pairs in the right order"), "{text}");
        assert!(text.contains("Partly right (0.93)"), "{text}");
        assert!(!text.contains("places right"), "{text}");
    }

    /// K and J carry the item under the cursor, as in the quiz runner.
    #[test]
    fn capital_k_and_j_move_an_order_item() {
        let (mut c, mut app) = joined(false);
        c.open_question("o/6", order_six());
        // Items start in the right order here (no shuffle given): J, J, K leaves item 0 second.
        app.on_key(StudentKey::Char('J'), &mut c);
        app.on_key(StudentKey::Char('J'), &mut c);
        app.on_key(StudentKey::Char('K'), &mut c);
        assert_eq!(app.on_key(StudentKey::Enter, &mut c), Effect::Answered);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::Order {
                order: vec![1, 0, 2, 3, 4, 5]
            })
        );
        // The footer says so where there is room.
        let (mut c2, mut app2) = joined(false);
        c2.open_question("o/6", order_six());
        let wide = screen(&mut app2, &c2, 80, 24);
        assert!(footer_row(&wide).contains("K/J carry"), "{wide}");
        // K on the first row stays put.
        let (mut c, mut app) = joined(false);
        c.open_question("o/6", order_six());
        app.on_key(StudentKey::Char('K'), &mut c);
        app.on_key(StudentKey::Enter, &mut c);
        assert_eq!(
            c.student_view(0).answer,
            Some(Response::Order {
                order: (0..6).collect()
            })
        );
    }

    /// Back in the lobby after the class started, the student is not told it is about to start.
    #[test]
    fn the_lobby_after_the_start_says_the_teacher_is_showing_it() {
        let (mut c, mut app) = joined(false);
        assert!(screen(&mut app, &c, 40, 10).contains("Waiting for the teacher to start."));
        c.show_slide("Queues");
        screen(&mut app, &c, 40, 10);
        c.show_lobby();
        let back = screen(&mut app, &c, 80, 24);
        assert!(!back.contains("to start"), "{back}");
        assert!(back.contains("The teacher is showing the lobby"), "{back}");
        // A student who joins (or reconnects) after a question was asked knows it too.
        let (mut c, _) = joined(false);
        c.open_question("n/1", numeric_37());
        c.show_lobby();
        let mut late = StudentApp::new("bo");
        keys(&mut late, &mut c, "4821\n\n");
        let shown = screen(&mut late, &c, 80, 24);
        assert!(
            shown.contains("The teacher is showing the lobby"),
            "{shown}"
        );
    }
}
