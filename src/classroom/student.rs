//! One student's screen: class code, display name, then the class as the teacher runs it.
//!
//! [`StudentApp::on_key`] turns a key into a change of the local screen state and, when the
//! student joins or answers, a change of the [`Class`] (the caller holds its lock); it returns
//! what the session must do next ([`Effect`]). [`StudentApp::draw`] draws the local state and a
//! [`StudentView`] taken from the class beforehand, and decides nothing. Neither touches the
//! network, the clock or a terminal, so both are tested directly and with `TestBackend`.
use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use super::class::{
    AnswerError, Class, CodeCheck, CodeGate, JoinError, Phase, StudentId, StudentView,
    answer_label, clean_name,
};
use super::input::StudentKey;
use crate::content::{Kind, Question};
use crate::markdown::sanitize::clean;
use crate::quiz::{Response, parse_answer};

/// The longest code or number a student may type.
const MAX_FIELD_CHARS: usize = 32;

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
    text: String,
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
    draft: Draft,
}

impl StudentApp {
    /// A screen asking for the class code; `offered_name` (the SSH user) is proposed later.
    pub fn new(offered_name: &str) -> Self {
        let mut offered = clean_name(offered_name);
        if offered == "class" {
            offered.clear();
        }
        StudentApp {
            stage: Stage::Code,
            gate: CodeGate::default(),
            field: String::new(),
            message: None,
            offered,
            draft: Draft::default(),
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
        if key == StudentKey::Leave {
            return Effect::Close("You left the class.".into());
        }
        match self.stage.clone() {
            Stage::Code => self.on_code_key(key, class),
            Stage::Name => self.on_name_key(key, class),
            Stage::InClass { id, .. } => self.on_class_key(key, id, class),
        }
    }

    fn on_code_key(&mut self, key: StudentKey, class: &Class) -> Effect {
        match key {
            StudentKey::Char(c) if c.is_ascii_digit() && self.field.len() < MAX_FIELD_CHARS => {
                self.field.push(c)
            }
            StudentKey::Backspace => {
                self.field.pop();
            }
            StudentKey::Enter => match self.gate.check(class, &self.field) {
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
            _ => {}
        }
        Effect::Redraw
    }

    fn on_name_key(&mut self, key: StudentKey, class: &mut Class) -> Effect {
        match key {
            StudentKey::Char(c) if self.field.chars().count() < super::class::MAX_NAME_CHARS => {
                self.field.push(c)
            }
            StudentKey::Backspace => {
                self.field.pop();
            }
            StudentKey::Enter => match class.join(&self.field) {
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
            },
            _ => {}
        }
        Effect::Redraw
    }

    fn on_class_key(&mut self, key: StudentKey, id: StudentId, class: &mut Class) -> Effect {
        let view = class.student_view(id);
        let Some(question) = view.question.clone() else {
            return Effect::Redraw;
        };
        if view.phase != Phase::Open {
            return Effect::Redraw;
        }
        self.sync_draft(&question, view.round, view.answer.as_ref());
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
    fn sync_draft(&mut self, question: &Arc<Question>, round: usize, answer: Option<&Response>) {
        let key = (Arc::as_ptr(question) as usize, round);
        if self.draft.for_question == Some(key) {
            return;
        }
        let mut d = Draft {
            for_question: Some(key),
            ..Draft::default()
        };
        match &question.kind {
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
        self.draft = d;
    }

    /// Applies a key to the draft; returns a response when the key submits one.
    fn draft_key(&mut self, key: StudentKey, kind: &Kind) -> Option<Response> {
        let d = &mut self.draft;
        let rows = match kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.len(),
            Kind::TrueFalse { .. } => 2,
            Kind::Order { items } => items.len(),
            Kind::Match { items, .. } => items.len(),
            _ => 0,
        };
        let digit = match key {
            StudentKey::Char(c) => c.to_digit(10).map(|n| n as usize),
            _ => None,
        };
        match key {
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
                let slot = d.categories.get_mut(d.cursor)?;
                match (key, digit) {
                    (_, Some(k)) if (1..=n).contains(&k) => *slot = Some(k - 1),
                    (StudentKey::Right | StudentKey::Char('l'), _) => {
                        *slot = Some(slot.map_or(0, |c| (c + 1) % n));
                    }
                    (StudentKey::Left | StudentKey::Char('h'), _) => {
                        *slot = Some(slot.map_or(n - 1, |c| (c + n - 1) % n));
                    }
                    (StudentKey::Enter, _) => {
                        return Some(Response::Match {
                            categories: d.categories.clone(),
                        });
                    }
                    _ => {}
                }
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
                    let unit = match kind {
                        Kind::Numeric { unit, .. } => unit.as_str(),
                        Kind::Predict(p) => p.unit.as_str(),
                        _ => "",
                    };
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
    /// prepared (`None` before joining).
    pub fn draw(&mut self, frame: &mut Frame, view: Option<&StudentView>) {
        if let (Some(v), Some(q)) = (view, view.and_then(|v| v.question.clone())) {
            self.sync_draft(&q, v.round, v.answer.as_ref());
        }
        let area = frame.area();
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let who = match &self.stage {
            Stage::InClass { name, .. } => format!(" · {}", clean(name)),
            _ => String::new(),
        };
        let round = match view {
            Some(v) if v.question.is_some() && v.round > 1 => format!(" · round {}", v.round),
            _ => String::new(),
        };
        frame.render_widget(
            Paragraph::new(format!("cloudtutor class{who}{round}")).reversed(),
            head,
        );
        let (mut text, hint) = self.body(view);
        if body.height < 12 {
            // Small windows (down to 40x10): spacing lines go first, content stays.
            text.lines.retain(|l| l.width() > 0);
        }
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), pad(body));
        frame.render_widget(Paragraph::new(hint).dim(), foot);
    }

    fn body(&self, view: Option<&StudentView>) -> (Text<'static>, &'static str) {
        let mut lines: Vec<Line<'static>> = Vec::new();
        let hint = match (&self.stage, view) {
            (Stage::Code, _) => {
                lines.push(Line::from("Type the class code shown on the projector."));
                lines.push(Line::default());
                lines.push(Line::from(vec![
                    Span::raw("Class code: "),
                    Span::raw(self.field.clone()).bold(),
                    Span::raw("_"),
                ]));
                "Enter: join · Ctrl-C: leave"
            }
            (Stage::Name, _) => {
                lines.push(Line::from("The name the teacher will see:"));
                lines.push(Line::default());
                lines.push(Line::from(vec![
                    Span::raw("Name: "),
                    Span::raw(clean(&self.field).into_owned()).bold(),
                    Span::raw("_"),
                ]));
                "Enter: join · Backspace: edit · Ctrl-C: leave"
            }
            (Stage::InClass { .. }, None) => "Ctrl-C: leave",
            (Stage::InClass { name, .. }, Some(v)) => self.class_body(&mut lines, name, v),
        };
        if let Some(m) = &self.message {
            lines.push(Line::default());
            lines.push(Line::from(clean(m).into_owned()).bold());
        }
        (Text::from(lines), hint)
    }

    fn class_body(
        &self,
        lines: &mut Vec<Line<'static>>,
        name: &str,
        v: &StudentView,
    ) -> &'static str {
        match (v.phase, &v.question) {
            (Phase::Ended, _) => {
                let (score, of) = v.score;
                lines.push(Line::from("Class ended. Thank you!").bold());
                lines.push(Line::default());
                lines.push(Line::from(format!("Your score: {} / {of}", short(score))));
                "Closing…"
            }
            (Phase::Lobby, _) => {
                lines.push(Line::from(format!("Welcome, {}!", clean(name))));
                lines.push(Line::from("Waiting for the teacher to start."));
                "Ctrl-C: leave"
            }
            (Phase::Slide, _) | (_, None) => {
                lines.push(Line::from(clean(&v.slide_title).into_owned()).bold());
                lines.push(Line::default());
                lines.push(Line::from("Waiting for a question.").dim());
                "Ctrl-C: leave"
            }
            (phase, Some(q)) => {
                lines.push(Line::from(clean(&q.prompt).into_owned()).bold());
                lines.push(Line::default());
                self.answer_lines(lines, q, v);
                lines.push(Line::default());
                match phase {
                    Phase::Open => {
                        let status = match &v.answer {
                            Some(r) => format!(
                                "Your answer: {} (you may change it until locked)",
                                clean(&answer_label(q, r))
                            ),
                            None => "No answer yet.".into(),
                        };
                        lines.push(Line::from(status));
                        open_hint(&q.kind)
                    }
                    Phase::Locked => {
                        lines.push(Line::from("Locked: answers are closed.").bold());
                        "Waiting for the reveal"
                    }
                    _ => {
                        match &v.outcome {
                            Some(o) if o.correct => lines.push(Line::from("Right!").bold()),
                            Some(o) if o.score > 0.0 => lines.push(
                                Line::from(format!("Partly right ({}).", short(o.score))).bold(),
                            ),
                            Some(_) => lines.push(Line::from("Not this time.").bold()),
                            None if v.answer.is_none() => {
                                lines.push(Line::from("You did not answer."))
                            }
                            None => {}
                        }
                        // In round 2 a student who did not answer again keeps round 1's answer,
                        // which is what was graded: say so rather than leave them guessing.
                        if v.round == 2 && v.answer.is_none() && v.outcome.is_some() {
                            lines.push(Line::from(
                                "You did not answer round 2: your round-1 answer counts.",
                            ));
                        }
                        if let Some(obs) = v.observed {
                            lines.push(Line::from(format!("Observed: {}", short(obs as f32))));
                        }
                        if !q.explanation.is_empty() {
                            lines.push(Line::default());
                            lines.push(Line::from(clean(&q.explanation).into_owned()));
                        }
                        "Waiting for the next slide"
                    }
                }
            }
        }
    }

    fn answer_lines(&self, lines: &mut Vec<Line<'static>>, q: &Question, v: &StudentView) {
        let d = &self.draft;
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
            Kind::Single { choices, answer } => {
                let chosen = match &v.answer {
                    Some(Response::Single { choice }) => Some(*choice),
                    _ => None,
                };
                for (i, c) in choices.iter().enumerate() {
                    let mark = if chosen == Some(i) { "●" } else { "○" };
                    lines.push(row(i, c, mark, i == *answer));
                }
            }
            Kind::TrueFalse { answer } => {
                let chosen = match &v.answer {
                    Some(Response::TrueFalse { answer }) => Some(*answer),
                    _ => None,
                };
                for (i, (label, value)) in [("True", true), ("False", false)].iter().enumerate() {
                    let mark = if chosen == Some(*value) { "●" } else { "○" };
                    lines.push(row(i, label, mark, *value == *answer));
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
                    lines.push(row(i, &format!("{} → {cat}", item.text), " ", right));
                }
                lines.push(
                    Line::from(format!("Categories: {}", clean(&categories.join(", ")))).dim(),
                );
            }
            Kind::Numeric { unit, .. } => {
                lines.push(Line::from(format!(
                    "Your number: {}_ {}",
                    clean(&d.text),
                    clean(unit)
                )));
            }
            Kind::Predict(p) => {
                lines.push(Line::from(format!(
                    "Your prediction: {}_ {}",
                    clean(&d.text),
                    clean(&p.unit)
                )));
            }
            Kind::Generated(_) => {
                lines.push(Line::from(format!("Your number: {}_", clean(&d.text))));
            }
        }
    }
}

fn open_hint(kind: &Kind) -> &'static str {
    match kind {
        Kind::Single { .. } => "↑↓ move · Enter or 1-9: answer · Ctrl-C: leave",
        Kind::TrueFalse { .. } => "t / f or ↑↓ Enter: answer · Ctrl-C: leave",
        Kind::Multi { .. } => "↑↓ move · Space or 1-9: tick · Enter: send · Ctrl-C: leave",
        Kind::Order { .. } => "↑↓ move · Space: grab/drop · Enter: send · Ctrl-C: leave",
        Kind::Match { .. } => "↑↓ item · ←→ or 1-9: category · Enter: send · Ctrl-C: leave",
        _ => "type a number · Enter: send · Ctrl-C: leave",
    }
}

/// A score or value without a useless `.0`.
fn short(x: f32) -> String {
    if (x - x.round()).abs() < 1e-4 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    }
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
        assert!(shown.contains("Not this time."), "{shown}");
        assert!(shown.contains("your round-1 answer counts"), "{shown}");
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
}
