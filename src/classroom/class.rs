//! The state of one live class as plain data: no network, no terminal, no clock.
//!
//! The SSH server and the presenter both drive a [`Class`] through its methods; everything a
//! projector or a student's screen shows is derived from it ([`Class::tally`],
//! [`Class::distribution`], [`Class::student_view`], [`Class::score`]).
//!
//! Phases follow a question's life in a lecture hall:
//!
//! ```text
//! lobby ─> slide ─> open ─> locked ─> revealed ─> slide ...
//!                    ^        │          │
//!                    └────────┴──────────┘  open_round_two (peer instruction)
//! any phase ─> ended
//! ```
//!
//! What students see follows the projector: a question is on their screens only while the
//! projector shows it ([`Class::show_question`] brings an asked one back in the state it was
//! left in); on any other slide they see its title ([`Class::show_slide`]) or the lobby. A
//! question still open when the projector leaves it is locked first, so no answer is taken for a
//! question nobody sees.
//!
//! A question is asked once per class: opening it again (`o` after a reveal) replaces the
//! earlier sitting's answers, so the record, the report and each student's score count it once.
//!
//! Students are keyed by display name: a student who reconnects with the same name gets their
//! earlier answers back (a closed laptop lid must not cost a student their score).
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::content::{Kind, Question};
use crate::quiz::grade::{Detail, grade};
use crate::quiz::spread::{Spread, spread};
use crate::quiz::{Outcome, Response};

/// Where the class is. See the module docs for the transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the first slide: students join and wait.
    Lobby,
    /// A slide without an open question is on the projector; students see its title.
    Slide,
    /// A question is open: students may answer and change their answer.
    Open,
    /// Answers are frozen; nothing is shown yet.
    Locked,
    /// The right answer and the distribution are shown.
    Revealed,
    /// The teacher ended the class; students see their score, then their session closes.
    Ended,
}

/// How many wrong class codes a connection may type before it is closed.
pub const CODE_ATTEMPTS: u32 = 3;

/// The longest display name, in characters: the student's screen refuses a longer one, naming
/// this limit; [`clean_name`] still cuts, as a last guard.
pub const MAX_NAME_CHARS: usize = 24;

/// A student's index in the roster; stable for the whole class, across reconnects.
pub type StudentId = usize;

/// Settings fixed when the class starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSettings {
    /// The code students type in the lobby (digits, usually 4).
    pub code: String,
    /// Connected students at most; one more is refused.
    pub max_students: usize,
    /// No names on the projector nor in the results.
    pub anonymous: bool,
}

/// Why a student could not join.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("the class is full ({0} students)")]
    Full(usize),
    #[error("the name {0:?} is already in the class")]
    NameTaken(String),
    #[error("a name needs at least one letter or digit")]
    EmptyName,
    #[error("the class has ended")]
    Ended,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("no question is open")]
    NotOpen,
    #[error("this answer does not fit the question ({0})")]
    Malformed(&'static str),
    #[error("unknown student")]
    UnknownStudent,
}

/// The result of typing a class code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong, with this many tries left.
    Wrong {
        left: u32,
    },
    /// Wrong for the last time: close the connection.
    Closed,
}

/// Counts the class-code attempts of one connection (three wrong codes close it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeGate {
    wrong: u32,
}

impl CodeGate {
    /// Checks `typed` against the class code (surrounding spaces ignored).
    pub fn check(&mut self, class: &Class, typed: &str) -> CodeCheck {
        if typed.trim() == class.settings.code {
            return CodeCheck::Accepted;
        }
        self.wrong += 1;
        if self.wrong >= CODE_ATTEMPTS {
            CodeCheck::Closed
        } else {
            CodeCheck::Wrong {
                left: CODE_ATTEMPTS - self.wrong,
            }
        }
    }
}

/// One member of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    /// Display name, cleaned by [`clean_name`].
    pub name: String,
    /// Has an open session now.
    pub connected: bool,
}

/// Where one asked question is in its life, kept while the projector shows other slides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Students may answer and change their answer.
    Open,
    /// Answers are frozen; nothing is shown yet.
    Locked,
    /// The right answer and the distribution are shown.
    Revealed,
}

impl Asking {
    /// The class's phase while this question is on the projector.
    fn phase(self) -> Phase {
        match self {
            Asking::Open => Phase::Open,
            Asking::Locked => Phase::Locked,
            Asking::Revealed => Phase::Revealed,
        }
    }
}

/// A question as it was asked in this class, with the answers of each round (round 1 is index 0;
/// peer instruction adds round 2).
#[derive(Debug, Clone, PartialEq)]
pub struct AskedQuestion {
    /// `QUIZ/QUESTION`, the key the progress store uses; unique among the asked questions.
    pub key: String,
    pub question: Arc<Question>,
    /// Per round, each student's latest answer.
    pub rounds: Vec<BTreeMap<StudentId, Response>>,
    /// For a prediction: the observed value the answers are graded against, set at reveal.
    pub observed: Option<f64>,
    /// Open, locked or revealed.
    pub state: Asking,
    /// The order an order question's items start in on every screen (original indices, see
    /// [`crate::quiz::shuffle::class_order`]); empty: the file's order.
    pub shown: Vec<usize>,
}

impl AskedQuestion {
    /// The kind answers are graded against: a prediction becomes numeric once observed (and
    /// cannot be graded before); a generated question must be opened with its drawn numbers
    /// (`quiz::generate`), so it has none here.
    pub fn grading_kind(&self) -> Option<Kind> {
        match &self.question.kind {
            Kind::Predict(p) => self.observed.map(|answer| Kind::Numeric {
                answer,
                tolerance: p.tolerance,
                unit: p.unit.clone(),
            }),
            Kind::Generated(_) => None,
            other => Some(other.clone()),
        }
    }

    /// Grades one response, when the question can be graded yet.
    pub fn grade(&self, response: &Response) -> Option<Outcome> {
        self.grading_kind().map(|k| grade(&k, response))
    }

    /// The final answer of a student: their answer in the last round they answered.
    pub fn final_answer(&self, student: StudentId) -> Option<&Response> {
        self.rounds.iter().rev().find_map(|r| r.get(&student))
    }
}

/// "answered 17 / 23": the projector's count while a question is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub answered: usize,
    /// Students connected now, plus any who answered this round and left.
    pub of: usize,
}

/// What one student's screen needs, derived from the class.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentView {
    pub phase: Phase,
    /// The title of the slide on the projector.
    pub slide_title: String,
    /// The question being asked (open, locked or revealed).
    pub question: Option<Arc<Question>>,
    /// 1 or 2.
    pub round: usize,
    /// The student's answer in the current round.
    pub answer: Option<Response>,
    /// The answer that is graded: the one of the last round the student answered (round 1's
    /// when they skipped round 2), `None` when they answered in no round.
    pub final_answer: Option<Response>,
    /// On reveal: the grade of the student's final answer.
    pub outcome: Option<Outcome>,
    /// The observed value of a prediction, on reveal.
    pub observed: Option<f64>,
    /// The order an order question's items start in (see [`AskedQuestion::shown`]).
    pub shown: Vec<usize>,
    /// Score so far and the number of questions asked.
    pub score: (f32, usize),
}

/// What the projector shows, as far as students are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Showing {
    Lobby,
    /// A slide without a question on screen: students see its title.
    Slide,
    /// The asked question at this index, in its own state.
    Question(usize),
    Ended,
}

/// One class session: settings, phase, roster, every question asked and every answer.
#[derive(Debug, Clone)]
pub struct Class {
    pub settings: ClassSettings,
    showing: Showing,
    slide_title: String,
    students: Vec<Student>,
    asked: Vec<AskedQuestion>,
}

/// Cleans a display name typed over the network: control characters removed (no escape sequence
/// may reach the projector's terminal), whitespace runs folded, cut to [`MAX_NAME_CHARS`].
pub fn clean_name(raw: &str) -> String {
    tidy_name(raw).chars().take(MAX_NAME_CHARS).collect()
}

/// [`clean_name`] without the cut: what the name would be, so the student's screen can refuse a
/// name that is too long (naming the limit) instead of cutting it silently.
pub fn tidy_name(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bidirectional overrides and isolates can make a name display as another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

impl Class {
    /// A class in the lobby with nobody in it.
    pub fn new(settings: ClassSettings) -> Self {
        Class {
            settings,
            showing: Showing::Lobby,
            slide_title: String::new(),
            students: Vec::new(),
            asked: Vec::new(),
        }
    }

    /// Where the class is: the lobby, a slide, the state of the question on the projector, or
    /// ended.
    pub fn phase(&self) -> Phase {
        match self.showing {
            Showing::Lobby => Phase::Lobby,
            Showing::Slide => Phase::Slide,
            Showing::Ended => Phase::Ended,
            Showing::Question(i) => self.asked.get(i).map_or(Phase::Slide, |q| q.state.phase()),
        }
    }

    /// The question on the projector (its index in [`Class::asked`]), if one is.
    pub fn current(&self) -> Option<(usize, &AskedQuestion)> {
        match self.showing {
            Showing::Question(i) => self.asked.get(i).map(|q| (i, q)),
            _ => None,
        }
    }

    fn current_mut(&mut self) -> Option<&mut AskedQuestion> {
        match self.showing {
            Showing::Question(i) => self.asked.get_mut(i),
            _ => None,
        }
    }

    /// The projector leaves the question it shows: one still open is locked (nobody sees it
    /// any more, so it takes no more answers).
    fn leave_question(&mut self) {
        if let Some(q) = self.current_mut()
            && q.state == Asking::Open
        {
            q.state = Asking::Locked;
        }
    }

    pub fn slide_title(&self) -> &str {
        &self.slide_title
    }

    /// The roster, in joining order.
    pub fn students(&self) -> &[Student] {
        &self.students
    }

    /// Every question asked so far, in order.
    pub fn asked(&self) -> &[AskedQuestion] {
        &self.asked
    }

    /// Students with an open session.
    pub fn connected(&self) -> usize {
        self.students.iter().filter(|s| s.connected).count()
    }

    /// Names to show on the lobby slide, in joining order; empty in anonymous mode.
    pub fn roster_names(&self) -> Vec<&str> {
        if self.settings.anonymous {
            return Vec::new();
        }
        self.students
            .iter()
            .filter(|s| s.connected)
            .map(|s| s.name.as_str())
            .collect()
    }

    /// Adds a student, or takes back a disconnected student of the same name (their answers
    /// resume). Names compare case-insensitively.
    pub fn join(&mut self, raw_name: &str) -> Result<StudentId, JoinError> {
        if self.showing == Showing::Ended {
            return Err(JoinError::Ended);
        }
        let name = clean_name(raw_name);
        if !name.chars().any(char::is_alphanumeric) {
            return Err(JoinError::EmptyName);
        }
        let existing = self
            .students
            .iter()
            .position(|s| s.name.to_lowercase() == name.to_lowercase());
        if let Some(id) = existing
            && self.students[id].connected
        {
            return Err(JoinError::NameTaken(name));
        }
        if self.connected() >= self.settings.max_students {
            return Err(JoinError::Full(self.settings.max_students));
        }
        match existing {
            Some(id) => {
                self.students[id].connected = true;
                Ok(id)
            }
            None => {
                self.students.push(Student {
                    name,
                    connected: true,
                });
                Ok(self.students.len() - 1)
            }
        }
    }

    /// The student's session ended; their answers stay.
    pub fn leave(&mut self, id: StudentId) {
        if let Some(s) = self.students.get_mut(id) {
            s.connected = false;
        }
    }

    /// The projector shows a slide without a question on screen (a question slide shows here
    /// too before its question step): students see `title`. A question left open is locked.
    pub fn show_slide(&mut self, title: &str) {
        if self.showing == Showing::Ended {
            return;
        }
        self.leave_question();
        self.slide_title = title.to_string();
        self.showing = Showing::Slide;
    }

    /// The projector shows the lobby again (the join line and code, for a latecomer): students
    /// see the lobby's waiting screen. A question left open is locked.
    pub fn show_lobby(&mut self) {
        if self.showing == Showing::Ended {
            return;
        }
        self.leave_question();
        self.showing = Showing::Lobby;
    }

    /// The projector is back on the question asked under `key` (on slide `title`): students see
    /// it in the state it was left in (locked, or revealed). False when it was never asked
    /// (students then see the slide's title).
    pub fn show_question(&mut self, key: &str, title: &str) -> bool {
        if self.showing == Showing::Ended {
            return false;
        }
        let Some(index) = self.asked.iter().position(|q| q.key == key) else {
            self.show_slide(title);
            return false;
        };
        if self.showing != Showing::Question(index) {
            self.leave_question();
        }
        self.slide_title = title.to_string();
        self.showing = Showing::Question(index);
        true
    }

    /// Opens a question for answering, round 1, items in the file's order, and puts it on the
    /// projector (see [`Class::open_question_shown`]).
    pub fn open_question(&mut self, key: &str, question: Question) {
        self.open_question_shown(key, question, Vec::new());
    }

    /// Opens a question for answering, round 1, and puts it on the projector, an order
    /// question's items starting in the order `shown` on every student's screen (original
    /// indices; the presenter draws it from its seed so the projector lists the same). An order
    /// that is not a permutation of the items is ignored. A question asked again under the same
    /// key replaces its earlier sitting (answers of both rounds, observed value) in place: a
    /// question counts once in the record and in the score.
    pub fn open_question_shown(&mut self, key: &str, question: Question, shown: Vec<usize>) {
        if self.showing == Showing::Ended {
            return;
        }
        let shown = match &question.kind {
            Kind::Order { items }
                if shown.len() == items.len()
                    && crate::quiz::Permutation::from_display_order(shown.clone()).is_some() =>
            {
                shown
            }
            _ => Vec::new(),
        };
        let fresh = AskedQuestion {
            key: key.to_string(),
            question: Arc::new(question),
            rounds: vec![BTreeMap::new()],
            observed: None,
            state: Asking::Open,
            shown,
        };
        let index = match self.asked.iter().position(|q| q.key == key) {
            Some(i) => {
                if self.showing != Showing::Question(i) {
                    self.leave_question();
                }
                self.asked[i] = fresh;
                i
            }
            None => {
                self.leave_question();
                self.asked.push(fresh);
                self.asked.len() - 1
            }
        };
        self.showing = Showing::Question(index);
    }

    /// Freezes the answers of the open question on the projector.
    pub fn lock(&mut self) {
        self.leave_question();
    }

    /// Shows the right answer of the question on the projector. For a prediction, `observed` is
    /// what the simulation gave.
    pub fn reveal(&mut self, observed: Option<f64>) {
        if let Some(q) = self.current_mut()
            && matches!(q.state, Asking::Open | Asking::Locked)
        {
            if observed.is_some() {
                q.observed = observed;
            }
            q.state = Asking::Revealed;
        }
    }

    /// Peer instruction: after a lock (or a reveal), the question on the projector opens again
    /// as round 2. Returns false when there is nothing to reopen or round 2 was asked already.
    pub fn open_round_two(&mut self) -> bool {
        let Some(q) = self.current_mut() else {
            return false;
        };
        if !matches!(q.state, Asking::Locked | Asking::Revealed) || q.rounds.len() >= 2 {
            return false;
        }
        q.rounds.push(BTreeMap::new());
        q.state = Asking::Open;
        true
    }

    /// Ends the class.
    pub fn end(&mut self) {
        self.leave_question();
        self.showing = Showing::Ended;
    }

    /// Records (or replaces) a student's answer to the open question in the current round.
    pub fn answer(&mut self, id: StudentId, response: Response) -> Result<(), AnswerError> {
        if id >= self.students.len() {
            return Err(AnswerError::UnknownStudent);
        }
        let q = self
            .current_mut()
            .filter(|q| q.state == Asking::Open)
            .ok_or(AnswerError::NotOpen)?;
        check_shape(&q.question.kind, &response)?;
        if let Some(round) = q.rounds.last_mut() {
            round.insert(id, response);
        }
        Ok(())
    }

    /// "answered N / M" for the current round of the question on the projector.
    pub fn tally(&self) -> Tally {
        let Some(round) = self.current().and_then(|(_, q)| q.rounds.last()) else {
            return Tally {
                answered: 0,
                of: self.connected(),
            };
        };
        let left_but_answered = round
            .keys()
            .filter(|id| self.students.get(**id).is_some_and(|s| !s.connected))
            .count();
        Tally {
            answered: round.len(),
            of: self.connected() + left_but_answered,
        }
    }

    /// How the class answered question `index` in `round` (0-based): bars per choice, number
    /// ranges around the right band, or per-item rows for order and match (see
    /// [`crate::quiz::spread`]). Empty bars for a question or round never asked.
    pub fn distribution(&self, index: usize, round: usize) -> Spread {
        let Some((q, answers)) = self
            .asked
            .get(index)
            .and_then(|q| Some((q, q.rounds.get(round)?)))
        else {
            return Spread::Bars(Vec::new());
        };
        let given: Vec<&Response> = answers.values().collect();
        let graded = q.grading_kind();
        spread(&q.question.kind, graded.as_ref(), &given, &|r| {
            answer_label(&q.question, r)
        })
    }

    /// The score of a student: the sum of the credit of their final answers, and the number of
    /// questions asked that can be graded.
    pub fn score(&self, id: StudentId) -> (f32, usize) {
        let mut total = 0.0;
        let mut asked = 0;
        for q in &self.asked {
            if q.grading_kind().is_none() {
                continue;
            }
            asked += 1;
            if let Some(outcome) = q.final_answer(id).and_then(|r| q.grade(r)) {
                total += outcome.score;
            }
        }
        (total, asked)
    }

    /// What student `id` sees now.
    pub fn student_view(&self, id: StudentId) -> StudentView {
        let current = self.current().map(|(_, q)| q);
        let answer = current
            .and_then(|q| q.rounds.last())
            .and_then(|r| r.get(&id))
            .cloned();
        let phase = self.phase();
        let outcome = match (phase, current) {
            (Phase::Revealed, Some(q)) => q.final_answer(id).and_then(|r| q.grade(r)),
            _ => None,
        };
        StudentView {
            phase,
            slide_title: self.slide_title.clone(),
            question: current.map(|q| q.question.clone()),
            round: current.map_or(1, |q| q.rounds.len()),
            answer,
            final_answer: current.and_then(|q| q.final_answer(id)).cloned(),
            outcome,
            observed: current.and_then(|q| q.observed),
            shown: current.map(|q| q.shown.clone()).unwrap_or_default(),
            score: self.score(id),
        }
    }
}

/// Rejects a response of the wrong kind or out of range, before it is stored.
fn check_shape(kind: &Kind, response: &Response) -> Result<(), AnswerError> {
    match (kind, response) {
        (Kind::Predict(_) | Kind::Generated(_), Response::Numeric { value }) => {
            if value.is_finite() {
                Ok(())
            } else {
                Err(AnswerError::Malformed("not a number"))
            }
        }
        (Kind::Predict(_) | Kind::Generated(_), _) => {
            Err(AnswerError::Malformed("a number is expected"))
        }
        (k, r) => match grade(k, r).detail {
            Detail::Malformed { reason } => Err(AnswerError::Malformed(reason)),
            _ => Ok(()),
        },
    }
}

/// An answer as a person reads it: the choice text, "True", the order or the number with its
/// unit. Shared by the projector's bars and the results export.
pub fn answer_label(question: &Question, response: &Response) -> String {
    let pick = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    match (&question.kind, response) {
        (Kind::Single { choices, .. }, Response::Single { choice }) => pick(choices, *choice),
        (Kind::Multi { choices, .. }, Response::Multi { choices: chosen }) => {
            if chosen.is_empty() {
                "(none)".to_string()
            } else {
                chosen
                    .iter()
                    .map(|i| pick(choices, *i))
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        }
        (_, Response::TrueFalse { answer }) => if *answer { "True" } else { "False" }.to_string(),
        (Kind::Order { items }, Response::Order { order }) => order
            .iter()
            .map(|i| pick(items, *i))
            .collect::<Vec<_>>()
            .join(" > "),
        (Kind::Match { categories, items }, Response::Match { categories: chosen }) => items
            .iter()
            .zip(chosen)
            .map(|(item, c)| {
                let cat = c.map_or_else(|| "?".to_string(), |c| pick(categories, c));
                format!("{}: {cat}", item.text)
            })
            .collect::<Vec<_>>()
            .join("; "),
        (kind, Response::Numeric { value }) => {
            let unit = match kind {
                Kind::Numeric { unit, .. } => unit.as_str(),
                Kind::Predict(p) => p.unit.as_str(),
                _ => "",
            };
            let number = format!("{value}");
            if unit.is_empty() {
                number
            } else {
                format!("{number} {unit}")
            }
        }
        (_, other) => format!("({} answer)", other.kind_name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn bars(s: Spread) -> Vec<crate::quiz::spread::Bar> {
        match s {
            Spread::Bars(b) => b,
            Spread::Items(_) => panic!("bars expected"),
        }
    }

    fn settings(max: usize) -> ClassSettings {
        ClassSettings {
            code: "4821".into(),
            max_students: max,
            anonymous: false,
        }
    }

    fn single() -> Question {
        Question {
            id: "q1".into(),
            prompt: "Which is a managed queue?".into(),
            explanation: "SQS is the managed queue.".into(),
            kind: Kind::Single {
                choices: vec!["EC2".into(), "SQS".into(), "EBS".into()],
                answer: 1,
            },
            line: 1,
        }
    }

    #[test]
    fn three_wrong_codes_close_and_the_right_one_passes() {
        let class = Class::new(settings(10));
        let mut gate = CodeGate::default();
        assert_eq!(gate.check(&class, "1111"), CodeCheck::Wrong { left: 2 });
        assert_eq!(gate.check(&class, " 4821 "), CodeCheck::Accepted);
        assert_eq!(gate.check(&class, "0000"), CodeCheck::Wrong { left: 1 });
        assert_eq!(gate.check(&class, "0001"), CodeCheck::Closed);
    }

    #[test]
    fn join_refuses_beyond_the_limit_and_taken_names_and_resumes_on_reconnect() {
        let mut class = Class::new(settings(2));
        let ada = class.join("ada").unwrap();
        assert_eq!(class.join("ADA"), Err(JoinError::NameTaken("ADA".into())));
        let bob = class.join("bob").unwrap();
        assert_eq!(class.join("cyd"), Err(JoinError::Full(2)));
        class.open_question("cloud/q1", single());
        class.answer(ada, Response::Single { choice: 1 }).unwrap();
        class.leave(ada);
        assert_eq!(class.roster_names(), vec!["bob"]);
        // Ada's seat is free: Cyd may join, and Ada cannot come back while the class is full.
        let _cyd = class.join("cyd").unwrap();
        assert_eq!(class.join("ada"), Err(JoinError::Full(2)));
        class.leave(bob);
        assert_eq!(class.join("Ada").unwrap(), ada, "same name, same student");
        assert_eq!(
            class.student_view(ada).answer,
            Some(Response::Single { choice: 1 }),
            "the answer resumes"
        );
    }

    #[test]
    fn names_lose_control_characters_and_are_cut() {
        assert_eq!(clean_name("\u{1b}[31mEve\u{7}  Smith\n"), "[31mEve Smith");
        assert_eq!(clean_name("a\u{202E}b"), "ab");
        assert_eq!(clean_name(&"x".repeat(100)).chars().count(), MAX_NAME_CHARS);
        let mut class = Class::new(settings(5));
        assert_eq!(class.join(" \u{1b} "), Err(JoinError::EmptyName));
    }

    #[test]
    fn answers_count_only_while_open_and_can_change() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        let b = class.join("b").unwrap();
        let _c = class.join("c").unwrap();
        assert_eq!(
            class.answer(a, Response::Single { choice: 0 }),
            Err(AnswerError::NotOpen)
        );
        class.open_question("cloud/q1", single());
        class.answer(a, Response::Single { choice: 0 }).unwrap();
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        assert_eq!(
            class.answer(b, Response::Single { choice: 7 }),
            Err(AnswerError::Malformed("choice out of range"))
        );
        assert!(matches!(
            class.answer(b, Response::TrueFalse { answer: true }),
            Err(AnswerError::Malformed(_))
        ));
        assert_eq!(class.tally(), Tally { answered: 1, of: 3 });
        class.leave(a);
        assert_eq!(
            class.tally(),
            Tally { answered: 1, of: 3 },
            "a left but answered"
        );
        class.lock();
        assert_eq!(class.phase(), Phase::Locked);
        assert_eq!(
            class.answer(b, Response::Single { choice: 1 }),
            Err(AnswerError::NotOpen)
        );
        class.reveal(None);
        let dist = bars(class.distribution(0, 0));
        assert_eq!(
            dist.iter().map(|b| b.count).collect::<Vec<_>>(),
            vec![0, 1, 0]
        );
        assert_eq!(dist[1].correct, Some(true));
        let view = class.student_view(a);
        assert!(view.outcome.unwrap().correct);
        assert_eq!(view.score, (1.0, 1));
    }

    #[test]
    fn round_two_keeps_round_one_and_grades_the_final_answer() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        let b = class.join("b").unwrap();
        class.open_question("cloud/q1", single());
        class.answer(a, Response::Single { choice: 0 }).unwrap();
        class.answer(b, Response::Single { choice: 0 }).unwrap();
        assert!(!class.open_round_two(), "only after a lock");
        class.lock();
        assert!(class.open_round_two());
        assert_eq!(class.student_view(a).round, 2);
        assert_eq!(class.student_view(a).answer, None, "a fresh round");
        assert_eq!(class.tally(), Tally { answered: 0, of: 2 });
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        class.lock();
        assert!(!class.open_round_two(), "two rounds at most");
        class.reveal(None);
        assert_eq!(bars(class.distribution(0, 0))[0].count, 2);
        assert_eq!(bars(class.distribution(0, 1))[1].count, 1);
        assert_eq!(class.score(a), (1.0, 1), "round 2 answer counts");
        assert_eq!(
            class.score(b),
            (0.0, 1),
            "round 1 answer stands when no round 2"
        );
    }

    #[test]
    fn predictions_are_graded_against_the_observed_value() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        let predict = Question {
            id: "p".into(),
            prompt: "p95 latency?".into(),
            explanation: String::new(),
            kind: Kind::Predict(crate::content::generated::Prediction {
                sim: "cold-start".into(),
                params: vec![],
                metric: "latency_ms.p95".into(),
                deployment: None,
                duration_s: None,
                scale: 1.0,
                unit: "ms".into(),
                tolerance: 10.0,
            }),
            line: 1,
        };
        class.open_question("sim/p", predict);
        assert!(class.answer(a, Response::Single { choice: 0 }).is_err());
        class.answer(a, Response::Numeric { value: 205.0 }).unwrap();
        class.lock();
        assert_eq!(
            class.score(a),
            (0.0, 0),
            "not gradable before it is observed"
        );
        class.reveal(Some(200.0));
        assert_eq!(class.score(a), (1.0, 1));
        let band = bars(class.distribution(0, 0));
        assert_eq!(
            (band[0].label.as_str(), band[0].count, band[0].correct),
            ("190 to 210 ms", 1, Some(true)),
            "ranges around the observed value, not one bar per number typed"
        );
    }

    #[test]
    fn multi_distribution_groups_identical_sets_most_frequent_first() {
        let mut class = Class::new(settings(10));
        let q = Question {
            id: "m".into(),
            prompt: "Which are regional?".into(),
            explanation: String::new(),
            kind: Kind::Multi {
                choices: vec!["S3".into(), "IAM".into(), "EC2".into()],
                answers: vec![0, 2],
            },
            line: 1,
        };
        class.open_question("c/m", q);
        for (name, set) in [("a", vec![0, 2]), ("b", vec![0]), ("c", vec![0, 2])] {
            let id = class.join(name).unwrap();
            class
                .answer(
                    id,
                    Response::Multi {
                        choices: set.into_iter().collect::<BTreeSet<_>>(),
                    },
                )
                .unwrap();
        }
        let d = bars(class.distribution(0, 0));
        assert_eq!(d[0].label, "S3 + EC2");
        assert_eq!(d[0].count, 2);
        assert_eq!(d[0].correct, Some(true));
        assert_eq!(d[1].correct, Some(false));
    }

    fn true_false(id: &str) -> Question {
        Question {
            id: id.into(),
            prompt: "Is S3 regional?".into(),
            explanation: String::new(),
            kind: Kind::TrueFalse { answer: true },
            line: 2,
        }
    }

    #[test]
    fn a_second_question_after_a_reveal_counts_its_own_answers() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        let b = class.join("b").unwrap();
        class.open_question("c/q1", single());
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        class.lock();
        class.reveal(None);
        class.show_slide("Next");
        assert_eq!(
            class.tally(),
            Tally { answered: 0, of: 2 },
            "no question shown"
        );
        class.open_question("c/q2", true_false("q2"));
        assert_eq!(class.tally(), Tally { answered: 0, of: 2 });
        class
            .answer(b, Response::TrueFalse { answer: true })
            .unwrap();
        class
            .answer(a, Response::TrueFalse { answer: false })
            .unwrap();
        assert_eq!(class.tally(), Tally { answered: 2, of: 2 });
        class.lock();
        assert_eq!(
            class.tally(),
            Tally { answered: 2, of: 2 },
            "the lock keeps the count"
        );
        class.reveal(None);
        assert_eq!(class.score(a), (1.0, 2));
        assert_eq!(class.score(b), (1.0, 2));
    }

    #[test]
    fn students_follow_the_projector_off_a_question_and_back() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        class.show_slide("Queues");
        class.open_question("c/q1", single());
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        // Moving on with the question open locks it; students see the new slide's title.
        class.show_slide("Topics");
        let view = class.student_view(a);
        assert_eq!(
            (view.phase, view.slide_title.as_str()),
            (Phase::Slide, "Topics")
        );
        assert_eq!(view.question, None, "no old question on a new slide");
        assert_eq!(
            class.answer(a, Response::Single { choice: 0 }),
            Err(AnswerError::NotOpen)
        );
        class.show_lobby();
        assert_eq!(class.student_view(a).phase, Phase::Lobby);
        // A latecomer in the lobby sees the lobby, not the locked question.
        let late = class.join("late").unwrap();
        assert_eq!(class.student_view(late).question, None);
        // Back on the question: it is locked, with the answer kept, and can be revealed.
        assert!(class.show_question("c/q1", "Queues"));
        let view = class.student_view(a);
        assert_eq!(view.phase, Phase::Locked);
        assert_eq!(view.answer, Some(Response::Single { choice: 1 }));
        class.reveal(None);
        assert!(class.student_view(a).outcome.unwrap().correct);
        assert!(!class.show_question("c/never", "Other"), "never asked");
        assert_eq!(class.phase(), Phase::Slide);
    }

    #[test]
    fn round_two_reaches_a_revealed_question_shown_again() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        class.open_question("c/q1", single());
        class.answer(a, Response::Single { choice: 0 }).unwrap();
        class.lock();
        class.reveal(None);
        class.show_slide("Later");
        class.open_question("c/q2", true_false("q2"));
        class.lock();
        class.reveal(None);
        class.show_slide("Back");
        assert!(!class.open_round_two(), "no question on the projector");
        assert!(class.show_question("c/q1", "Queues"));
        assert!(class.open_round_two());
        let view = class.student_view(a);
        assert_eq!((view.phase, view.round), (Phase::Open, 2));
        assert_eq!(view.question.unwrap().id, "q1");
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        class.lock();
        class.reveal(None);
        let (index, q) = class.current().unwrap();
        assert_eq!((index, q.rounds.len()), (0, 2));
        assert_eq!(bars(class.distribution(0, 1))[1].count, 1);
        assert_eq!(class.score(a), (1.0, 2), "round 2 counts; q2 unanswered");
    }

    #[test]
    fn asking_again_replaces_the_earlier_sitting_and_counts_once() {
        let mut class = Class::new(settings(10));
        let a = class.join("a").unwrap();
        class.open_question("c/q1", single());
        class.answer(a, Response::Single { choice: 0 }).unwrap();
        class.lock();
        class.reveal(None);
        assert_eq!(class.score(a), (0.0, 1));
        class.open_question("c/q1", single());
        assert_eq!(class.asked().len(), 1, "one record per question");
        assert_eq!(class.student_view(a).answer, None, "a fresh sitting");
        assert_eq!(class.tally(), Tally { answered: 0, of: 1 });
        class.answer(a, Response::Single { choice: 1 }).unwrap();
        class.lock();
        class.reveal(None);
        assert_eq!(class.score(a), (1.0, 1), "the question counts once");
        assert_eq!(bars(class.distribution(0, 0))[1].count, 1);
        assert_eq!(bars(class.distribution(0, 0))[0].count, 0);
    }

    #[test]
    fn anonymous_class_shows_no_names_and_ended_class_takes_nobody() {
        let mut class = Class::new(ClassSettings {
            anonymous: true,
            ..settings(10)
        });
        class.join("ada").unwrap();
        assert!(class.roster_names().is_empty());
        assert_eq!(class.connected(), 1);
        class.end();
        assert_eq!(class.join("bob"), Err(JoinError::Ended));
        class.show_slide("after");
        assert_eq!(class.phase(), Phase::Ended);
    }
}
