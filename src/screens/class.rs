//! The presenter's side of a live class (`cloudtutor present LESSON --serve`), as plain data: what
//! the lobby and the question box show, and the commands the presenter's keys send to the class.
//!
//! No network here and no dependency on the `classroom` feature: the shell (`tui`) owns the
//! running class, performs each [`ClassCommand`] an update asks for (as an
//! [`Effect`](super::state::Effect)), and hands back what the class reports as a [`ClassUpdate`].
use crate::content::Question;
use crate::quiz::spread::Spread;

/// What the lobby shows and the question box needs about a class being served.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassInfo {
    /// `ssh -p PORT class@ADDR`, one per address students can reach.
    pub join_lines: Vec<String>,
    /// The host key's fingerprint (`SHA256:...`), for students to compare with what ssh shows.
    pub fingerprint: String,
    /// The code students type in the lobby.
    pub code: String,
    /// The id answers are stored under (`cloudtutor results --session ID`).
    pub session_id: String,
    /// No names on the projector.
    pub anonymous: bool,
    /// Names of the students connected now, in joining order (empty when anonymous).
    pub names: Vec<String>,
    /// Students connected now.
    pub connected: usize,
}

/// Where the class is on the question of one slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LivePhase {
    /// Students are answering; the projector shows only the count.
    Open,
    /// Answers are frozen, nothing shown yet.
    Locked,
    /// The distribution and the right answer are shown.
    Revealed,
}

/// The class's answers to one slide's question.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveQuestion {
    pub phase: LivePhase,
    /// 1, or 2 after `R` (peer instruction).
    pub round: usize,
    /// "answered N / M" of the current round.
    pub answered: usize,
    pub of: usize,
    /// Once revealed: how the class answered in each round asked (round 1 first).
    pub rounds: Vec<Spread>,
    /// For a prediction: the value the simulation gave, which answers were graded against.
    pub observed: Option<f64>,
    /// A prediction (graded at the reveal against what its simulation gave).
    pub prediction: bool,
}

impl LiveQuestion {
    /// A question just opened to a class of `of` students.
    pub fn opened(of: usize, prediction: bool) -> LiveQuestion {
        LiveQuestion {
            phase: LivePhase::Open,
            round: 1,
            answered: 0,
            of,
            rounds: Vec::new(),
            observed: None,
            prediction,
        }
    }
}

/// What the presenter asks the class to do; the shell performs it on the running class.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassCommand {
    /// A slide without a question on screen: students see its title (a question left open is
    /// locked).
    ShowSlide(String),
    /// The lobby is on the projector again: students wait for the teacher.
    ShowLobby,
    /// The projector is back on a question the class was asked (`key`, on slide `title`):
    /// students see it as it was left.
    ShowQuestion { key: String, title: String },
    /// Opens `question` (keyed `QUIZ/QUESTION`) for answering.
    Open {
        key: String,
        question: Box<Question>,
        /// The order an order question's items start in on students' screens, the one the
        /// projector lists (original indices; empty: the file's order).
        shown: Vec<usize>,
    },
    /// Freezes the answers.
    Lock,
    /// Shows the right answer; `observed` is a prediction's simulated value.
    Reveal { observed: Option<f64> },
    /// Peer instruction: the locked question again, as round 2.
    RoundTwo,
    /// Ends the class: students see their score.
    End,
}

/// What the shell hands back from the class.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassUpdate {
    /// Who is connected now.
    Roster {
        names: Vec<String>,
        connected: usize,
    },
    /// The count of the open question changed.
    Answers { answered: usize, of: usize },
    /// After a reveal: the distribution of each round, and a prediction's observed value.
    Revealed {
        rounds: Vec<Spread>,
        observed: Option<f64>,
    },
}
