//! The one table of key bindings. Input handling and the help overlay both read it, so the help
//! can never describe a key that does something else.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere (unless a text field has focus).
    Global,
    Home,
    Reader,
    Toc,
    /// Answering a quiz question.
    Quiz,
    /// Reading the feedback on an answer.
    Feedback,
    /// The result screen at the end of a quiz.
    Result,
    /// Classroom slides.
    Present,
    /// A live simulation.
    Sim,
    /// Accuracy, streak and leeches.
    Stats,
}

/// What a key asks for. The update function gives it meaning in the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    Suspend,
    Help,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    NextLesson,
    PrevLesson,
    Toc,
    Search,
    NextMatch,
    PrevMatch,
    Problems,
    /// Space: tick a choice (multi) or pick up / put down an item (order).
    Toggle,
    Submit,
    /// A number key: choose that choice, or that category.
    Digit,
    MoveUp,
    MoveDown,
    Left,
    Right,
    Retake,
    TakeQuiz,
    Checkpoint,
    Reveal,
    Vote,
    /// Type a slide number and go there (presenter).
    GoTo,
    /// Live class: open the question on screen for answering.
    OpenAnswers,
    /// Live class: freeze the answers.
    LockAnswers,
    /// Live class: ask the locked question again (peer instruction).
    RoundTwo,
    Drill,
    Pause,
    Step,
    Faster,
    Slower,
    Reset,
    OpenSim,
    /// Open or close a `<details>` section on screen.
    Disclose,
    Stats,
    /// Take the last answer back (quiz and drill).
    Undo,
    /// Practise without moving the schedule (from the progress screen).
    Cram,
    /// Show a simulation's next view (chart).
    View,
}

/// A key with its modifiers, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// One row of the table: the keys, the action, where, and the words the help overlay shows.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use Action as A;
use Context as C;

/// Every key binding of the tutor.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { context: C::Global, keys: &[ch('?')], action: A::Help, help: "help: this list of keys" },
    Binding { context: C::Global, keys: &[ch('q')], action: A::Quit, help: "quit (from a lesson: back to the course)" },
    Binding { context: C::Global, keys: &[ctrl('c')], action: A::ForceQuit, help: "quit at once" },
    Binding { context: C::Global, keys: &[ctrl('z')], action: A::Suspend, help: "suspend to the shell (resume with fg)" },
    Binding { context: C::Global, keys: &[key(KeyCode::Esc), key(KeyCode::Backspace)], action: A::Back, help: "back / close" },
    Binding { context: C::Home, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous lesson" },
    Binding { context: C::Home, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next lesson" },
    Binding { context: C::Home, keys: &[ch('g'), key(KeyCode::Home)], action: A::Top, help: "first lesson" },
    Binding { context: C::Home, keys: &[ch('G'), key(KeyCode::End)], action: A::Bottom, help: "last lesson" },
    Binding { context: C::Home, keys: &[key(KeyCode::Enter), ch('l'), key(KeyCode::Right)], action: A::Open, help: "open the lesson" },
    Binding { context: C::Home, keys: &[ch('a')], action: A::Stats, help: "your progress: accuracy per lesson, streak, leeches" },
    Binding { context: C::Home, keys: &[ch('d')], action: A::Drill, help: "drill the questions due for review" },
    Binding { context: C::Home, keys: &[ch('z')], action: A::TakeQuiz, help: "take the selected lesson's quiz" },
    Binding { context: C::Home, keys: &[ch('!')], action: A::Problems, help: "show problems found in the content" },
    Binding { context: C::Reader, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "scroll up" },
    Binding { context: C::Reader, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "scroll down" },
    Binding { context: C::Reader, keys: &[key(KeyCode::PageUp), ch('b')], action: A::PageUp, help: "page up" },
    Binding { context: C::Reader, keys: &[key(KeyCode::PageDown), ch(' ')], action: A::PageDown, help: "page down" },
    Binding { context: C::Reader, keys: &[key(KeyCode::Home), ch('g')], action: A::Top, help: "go to the top" },
    Binding { context: C::Reader, keys: &[key(KeyCode::End), ch('G')], action: A::Bottom, help: "go to the end" },
    Binding { context: C::Reader, keys: &[ch(']')], action: A::NextLesson, help: "next lesson" },
    Binding { context: C::Reader, keys: &[ch('[')], action: A::PrevLesson, help: "previous lesson" },
    Binding { context: C::Reader, keys: &[ch('t')], action: A::Toc, help: "table of contents" },
    Binding { context: C::Reader, keys: &[ch('/')], action: A::Search, help: "search in the lesson" },
    Binding { context: C::Reader, keys: &[ch('n')], action: A::NextMatch, help: "next match" },
    Binding { context: C::Reader, keys: &[ch('N')], action: A::PrevMatch, help: "previous match" },
    Binding { context: C::Reader, keys: &[key(KeyCode::Enter)], action: A::TakeQuiz, help: "take the lesson's quiz" },
    Binding { context: C::Reader, keys: &[ch('c')], action: A::Checkpoint, help: "answer the checkpoint question on screen" },
    Binding { context: C::Toc, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous heading" },
    Binding { context: C::Toc, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next heading" },
    Binding { context: C::Toc, keys: &[key(KeyCode::Enter)], action: A::Open, help: "jump to the heading" },
    Binding { context: C::Quiz, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous choice or item" },
    Binding { context: C::Quiz, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next choice or item" },
    Binding { context: C::Quiz, keys: DIGITS, action: A::Digit, help: "pick that choice (single, true/false), tick it (multi), or that category (match)" },
    Binding { context: C::Quiz, keys: &[ch(' ')], action: A::Toggle, help: "tick a choice (multi); pick up or put down an item (order)" },
    Binding { context: C::Quiz, keys: &[ch('K'), shift(KeyCode::Up)], action: A::MoveUp, help: "move the item up (order)" },
    Binding { context: C::Quiz, keys: &[ch('J'), shift(KeyCode::Down)], action: A::MoveDown, help: "move the item down (order)" },
    Binding { context: C::Quiz, keys: &[ch('h'), key(KeyCode::Left)], action: A::Left, help: "previous category (match)" },
    Binding { context: C::Quiz, keys: &[ch('l'), key(KeyCode::Right)], action: A::Right, help: "next category (match)" },
    Binding { context: C::Quiz, keys: &[key(KeyCode::Enter)], action: A::Submit, help: "submit the answer" },
    Binding { context: C::Quiz, keys: &[ch('u')], action: A::Undo, help: "undo: take the last answer back" },
    Binding { context: C::Feedback, keys: &[key(KeyCode::Enter), ch(' '), key(KeyCode::Right), ch('l')], action: A::Submit, help: "next question" },
    Binding { context: C::Feedback, keys: &[ch('u')], action: A::Undo, help: "undo: take this answer back and answer again" },
    Binding { context: C::Feedback, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "scroll the explanation up" },
    Binding { context: C::Feedback, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "scroll the explanation down" },
    Binding { context: C::Result, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous missed question" },
    Binding { context: C::Result, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next missed question" },
    Binding { context: C::Result, keys: &[key(KeyCode::Enter)], action: A::Open, help: "review the missed question" },
    Binding { context: C::Result, keys: &[ch('r')], action: A::Retake, help: "take the quiz again" },
    Binding { context: C::Result, keys: &[key(KeyCode::PageDown), ch(' ')], action: A::PageDown, help: "scroll the open review down" },
    Binding { context: C::Result, keys: &[key(KeyCode::PageUp), ch('b')], action: A::PageUp, help: "scroll the open review up" },
    Binding { context: C::Present, keys: &[key(KeyCode::Right), ch(' '), key(KeyCode::PageDown), key(KeyCode::Enter)], action: A::PageDown, help: "next step or slide (answering open: press twice, the second locks it)" },
    Binding { context: C::Present, keys: &[key(KeyCode::Left), ch('h'), key(KeyCode::PageUp), ch('b')], action: A::PageUp, help: "previous slide" },
    Binding { context: C::Present, keys: &[key(KeyCode::Home)], action: A::Top, help: "first slide (in a class: the lobby)" },
    Binding { context: C::Present, keys: &[ch('g')], action: A::GoTo, help: "go to slide N: type its number, then Enter (0: a class's lobby)" },
    Binding { context: C::Present, keys: &[key(KeyCode::End), ch('G')], action: A::Bottom, help: "last slide" },
    Binding { context: C::Present, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "scroll a tall slide down" },
    Binding { context: C::Present, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "scroll a tall slide up" },
    Binding { context: C::Present, keys: &[ch('r')], action: A::Reveal, help: "reveal or hide the answer" },
    Binding { context: C::Present, keys: &[ch('v')], action: A::Vote, help: "type the room's votes, one count per choice" },
    Binding { context: C::Present, keys: &[ch('o')], action: A::OpenAnswers, help: "live class (--serve): open the question; revealed: twice asks again, replacing both rounds" },
    Binding { context: C::Present, keys: &[ch('l')], action: A::LockAnswers, help: "live class: lock the answers" },
    Binding { context: C::Present, keys: &[ch('R')], action: A::RoundTwo, help: "live class: between lock and reveal, a second round of the same question" },
    Binding { context: C::Present, keys: &[ch('s')], action: A::OpenSim, help: "the slide's simulation full screen (its first, if it has several); q brings it back with its changes" },
    Binding { context: C::Reader, keys: &[ch('s')], action: A::OpenSim, help: "open the simulation on screen, full screen" },
    Binding { context: C::Reader, keys: &[ch('o')], action: A::Disclose, help: "open or close the ▸ section on screen" },
    Binding { context: C::Stats, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous leech" },
    Binding { context: C::Stats, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next leech" },
    Binding { context: C::Stats, keys: &[key(KeyCode::Enter)], action: A::Open, help: "open the lesson section that teaches it" },
    Binding { context: C::Stats, keys: &[ch('d')], action: A::Drill, help: "drill what is due" },
    Binding { context: C::Stats, keys: &[ch('c')], action: A::Cram, help: "cram: every question, missed and weakest first; the schedule does not move" },
    Binding { context: C::Sim, keys: &[ch(' '), ch('p')], action: A::Pause, help: "pause or run" },
    Binding { context: C::Sim, keys: &[ch('.')], action: A::Step, help: "one simulated second forward" },
    Binding { context: C::Sim, keys: &[ch('+'), ch('=')], action: A::Faster, help: "faster (1x, 10x, 100x, 1000x)" },
    Binding { context: C::Sim, keys: &[ch('-')], action: A::Slower, help: "slower" },
    Binding { context: C::Sim, keys: &[ch('k'), key(KeyCode::Up)], action: A::Up, help: "previous parameter" },
    Binding { context: C::Sim, keys: &[ch('j'), key(KeyCode::Down)], action: A::Down, help: "next parameter" },
    Binding { context: C::Sim, keys: &[ch('h'), key(KeyCode::Left)], action: A::Left, help: "lower the parameter (or previous choice)" },
    Binding { context: C::Sim, keys: &[ch('l'), key(KeyCode::Right)], action: A::Right, help: "raise the parameter (or next choice)" },
    Binding { context: C::Sim, keys: &[key(KeyCode::Enter)], action: A::Submit, help: "type a value for the parameter" },
    Binding { context: C::Sim, keys: &[ch('r')], action: A::Reset, help: "start again from time 0" },
    Binding { context: C::Sim, keys: &[ch('v')], action: A::View, help: "next view (the chart shown)" },
];

/// The number keys 1 to 9.
const DIGITS: &[Key] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

/// Whether a key event matches a table key. Shifted letters arrive as uppercase chars with SHIFT
/// set on some terminals and without it on others, so SHIFT is ignored for characters.
fn matches(k: &Key, e: &KeyEvent) -> bool {
    let mods = if matches!(e.code, KeyCode::Char(_)) {
        e.modifiers - KeyModifiers::SHIFT
    } else {
        e.modifiers
    };
    k.code == e.code && k.mods == mods
}

/// The action for a key in a context: the context's own bindings first, then the global ones.
pub fn lookup(context: Context, e: &KeyEvent) -> Option<Action> {
    let find = |ctx: Context| {
        BINDINGS
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| matches(k, e)))
            .map(|b| b.action)
    };
    find(context).or_else(|| find(Context::Global))
}

/// How a key is written in help and footers.
pub fn key_label(k: &Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

/// The help rows for a context (its own bindings, then the global ones): keys and description.
#[cfg(test)]
pub fn help_rows(context: Context) -> Vec<(String, &'static str)> {
    help_rows_in(context, false)
}

/// What keys do in a served class where it differs from their help elsewhere: the class is in
/// the room, so the keys that quit say they end it for everyone.
const IN_CLASS: &[(Action, &str)] = &[
    (
        Action::Quit,
        "end the class for everyone (students see their score)",
    ),
    (Action::ForceQuit, "end the class for everyone, at once"),
    (Action::Back, "close a prompt (never ends the class)"),
];

/// [`help_rows`], with the class's meanings ([`IN_CLASS`]) when `class` (a served presentation).
pub fn help_rows_in(context: Context, class: bool) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    for ctx in [context, Context::Global] {
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys: Vec<String> = if b.keys == DIGITS {
                vec!["1-9".to_string()]
            } else {
                b.keys.iter().map(key_label).collect()
            };
            let help = IN_CLASS
                .iter()
                .find(|(a, _)| class && *a == b.action)
                .map_or(b.help, |(_, h)| *h);
            rows.push((keys.join(" "), help));
        }
    }
    rows
}

/// A footer hint: the actions whose keys it shows (looked up in [`BINDINGS`], so a footer cannot
/// name a key that does something else) and a short label. `keys` is how many keys of each action
/// to show; arrows, Enter and symbols are preferred over letters.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub actions: &'static [Action],
    pub label: &'static str,
    pub keys: usize,
}

const fn hint(actions: &'static [Action], label: &'static str) -> Hint {
    Hint {
        actions,
        label,
        keys: 1,
    }
}

/// The footers, per screen and state. Each names its context; a test checks that every action
/// in them has a key there.
pub mod footers {
    use super::{Action as A, Context as C, Hint, hint};

    pub const HOME: (C, &[Hint]) = (
        C::Home,
        &[
            hint(&[A::Up, A::Down], "choose"),
            hint(&[A::Open], "open"),
            hint(&[A::TakeQuiz], "quiz"),
            hint(&[A::Drill], "drill"),
            hint(&[A::Stats], "progress"),
            hint(&[A::Help], "help"),
            hint(&[A::Quit], "quit"),
        ],
    );
    /// Shown on the course map when the content has problems.
    pub const HOME_PROBLEMS: (C, &[Hint]) = (C::Home, &[hint(&[A::Problems], "problems")]);
    pub const READER: (C, &[Hint]) = (
        C::Reader,
        &[
            hint(&[A::Up, A::Down], "scroll"),
            hint(&[A::Toc], "contents"),
            hint(&[A::Search], "search"),
            hint(&[A::OpenSim], "sim"),
            hint(&[A::Checkpoint], "checkpoint"),
            hint(&[A::Help], "help"),
            hint(&[A::Quit], "back"),
        ],
    );
    /// The reader after a search.
    pub const READER_MATCHES: (C, &[Hint]) = (
        C::Reader,
        &[
            hint(&[A::NextMatch, A::PrevMatch], "next/prev"),
            hint(&[A::Back], "clear"),
        ],
    );
    /// The reader at the end of a lesson with a quiz.
    pub const READER_END: (C, &[Hint]) = (
        C::Reader,
        &[
            hint(&[A::TakeQuiz], "take it"),
            hint(&[A::NextLesson], "next lesson"),
            hint(&[A::Quit], "back"),
        ],
    );
    /// Answering a single or true/false question (or a numeric one).
    pub const QUIZ: (C, &[Hint]) = (
        C::Quiz,
        &[
            hint(&[A::Up, A::Down], "choose"),
            hint(&[A::Digit], "pick"),
            hint(&[A::Submit], "answer"),
            hint(&[A::Quit], "stop"),
        ],
    );
    /// Answering a multi question.
    pub const QUIZ_MULTI: (C, &[Hint]) = (
        C::Quiz,
        &[
            hint(&[A::Up, A::Down], "move"),
            hint(&[A::Toggle, A::Digit], "tick"),
            hint(&[A::Submit], "answer"),
            hint(&[A::Quit], "stop"),
        ],
    );
    /// Answering an order question.
    pub const QUIZ_ORDER: (C, &[Hint]) = (
        C::Quiz,
        &[
            hint(&[A::Up, A::Down], "move"),
            hint(&[A::Toggle], "pick up/put down"),
            hint(&[A::MoveUp, A::MoveDown], "move item"),
            hint(&[A::Submit], "answer"),
        ],
    );
    /// Answering a match question.
    pub const QUIZ_MATCH: (C, &[Hint]) = (
        C::Quiz,
        &[
            hint(&[A::Up, A::Down], "item"),
            hint(&[A::Left, A::Right, A::Digit], "category"),
            hint(&[A::Submit], "answer"),
            hint(&[A::Quit], "stop"),
        ],
    );
    /// Answering a numeric question (after the line editor's typing hints).
    pub const QUIZ_NUMBER: (C, &[Hint]) = (
        C::Quiz,
        &[hint(&[A::Submit], "answer"), hint(&[A::Back], "stop")],
    );
    /// Added to the answering footers once there is an answer to take back.
    pub const QUIZ_UNDO: (C, &[Hint]) = (C::Quiz, &[hint(&[A::Undo], "undo")]);
    pub const FEEDBACK: (C, &[Hint]) = (
        C::Feedback,
        &[
            hint(&[A::Submit], "next"),
            hint(&[A::Undo], "undo"),
            hint(&[A::Quit], "stop"),
        ],
    );
    /// The feedback when the body does not fit: it scrolls.
    pub const FEEDBACK_SCROLL: (C, &[Hint]) = (
        C::Feedback,
        &[
            hint(&[A::Up, A::Down], "scroll"),
            hint(&[A::Submit], "next"),
            hint(&[A::Quit], "stop"),
        ],
    );
    pub const RESULT: (C, &[Hint]) = (
        C::Result,
        &[
            hint(&[A::Up, A::Down], "choose"),
            hint(&[A::Open], "review"),
            hint(&[A::Retake], "retake"),
            hint(&[A::Quit], "back"),
        ],
    );
    /// The result of a drill: no retake (a drill is planned afresh from the course map).
    pub const DRILL_RESULT: (C, &[Hint]) = (
        C::Result,
        &[
            hint(&[A::Up, A::Down], "choose"),
            hint(&[A::Open], "review"),
            hint(&[A::Quit], "back"),
        ],
    );
    /// The result screen while a missed question is open.
    pub const RESULT_REVIEW: (C, &[Hint]) = (
        C::Result,
        &[
            hint(&[A::Open, A::Back], "close review"),
            hint(&[A::Up, A::Down], "other question"),
            hint(&[A::PageDown, A::PageUp], "scroll"),
        ],
    );
    pub const SLIDES: (C, &[Hint]) = (
        C::Present,
        &[
            Hint {
                actions: &[A::PageDown],
                label: "next",
                keys: 2,
            },
            hint(&[A::PageUp], "back"),
            hint(&[A::GoTo], "go to N"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// The lobby of a live class.
    pub const SLIDES_LOBBY: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::PageDown], "start"),
            hint(&[A::Quit], "end the class"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A question slide of a live class, before it is opened (or after its reveal).
    pub const SLIDES_CLASS: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::PageDown], "next"),
            hint(&[A::PageUp], "back"),
            hint(&[A::OpenAnswers], "open"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A live class answering.
    pub const SLIDES_OPEN: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::LockAnswers], "lock"),
            hint(&[A::Reveal], "reveal"),
            hint(&[A::PageDown], "twice: lock & next"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A live class predicting: the lock also starts the prediction's simulation.
    pub const SLIDES_OPEN_PREDICT: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::LockAnswers], "lock & run the simulation"),
            hint(&[A::PageDown], "twice: lock & next"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// Predictions locked, their simulation running on the projector.
    pub const SLIDES_RUNNING: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::Reveal], "reveal now (the run ends at once)"),
            hint(&[A::RoundTwo], "round 2"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// The second round's predictions locked, the simulation still running.
    pub const SLIDES_RUNNING_TWO: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::Reveal], "reveal now (the run ends at once)"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A live class whose answers are locked: round 2 is asked here, before the reveal.
    pub const SLIDES_LOCKED: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::Reveal], "reveal"),
            hint(&[A::RoundTwo], "round 2"),
            hint(&[A::PageDown], "next"),
            hint(&[A::PageUp], "back"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A live class whose second round is locked.
    pub const SLIDES_LOCKED_TWO: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::Reveal], "reveal"),
            hint(&[A::PageDown], "next"),
            hint(&[A::PageUp], "back"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// A live class's answers revealed (after either round): no `R`, the answer is out.
    pub const SLIDES_REVEALED: (C, &[Hint]) = (
        C::Present,
        &[
            hint(&[A::PageDown], "next"),
            hint(&[A::PageUp], "back"),
            hint(&[A::OpenAnswers], "ask again"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    /// Added to the slide footers when the slide runs a simulation: `s` takes it full screen.
    pub const SLIDES_SIM: (C, &[Hint]) = (C::Present, &[hint(&[A::OpenSim], "simulation")]);
    /// Added to the slide footers when the slide is taller than its part of the screen.
    pub const SLIDES_SCROLL: (C, &[Hint]) = (
        C::Present,
        &[Hint {
            actions: &[A::Down, A::Up],
            label: "scroll",
            keys: 1,
        }],
    );
    /// A slide with a checkpoint question.
    pub const SLIDES_QUESTION: (C, &[Hint]) = (
        C::Present,
        &[
            Hint {
                actions: &[A::PageDown],
                label: "next",
                keys: 2,
            },
            hint(&[A::PageUp], "back"),
            hint(&[A::Reveal], "reveal"),
            hint(&[A::Vote], "votes"),
            hint(&[A::Quit], "end"),
            hint(&[A::Help], "help"),
        ],
    );
    pub const SIM: (C, &[Hint]) = (
        C::Sim,
        &[
            hint(&[A::Pause], "pause"),
            hint(&[A::Step], "step"),
            hint(&[A::Faster, A::Slower], "speed"),
            hint(&[A::View], "view"),
            hint(&[A::Up, A::Down], "param"),
            hint(&[A::Left, A::Right], "change"),
            hint(&[A::Submit], "type"),
            hint(&[A::Reset], "reset"),
            hint(&[A::Quit], "back"),
        ],
    );
    /// A model without time (cost): no pause, step or speed.
    pub const SIM_UNTIMED: (C, &[Hint]) = (
        C::Sim,
        &[
            hint(&[A::View], "view"),
            hint(&[A::Up, A::Down], "param"),
            hint(&[A::Left, A::Right], "change"),
            hint(&[A::Submit], "type"),
            hint(&[A::Reset], "reset"),
            hint(&[A::Quit], "back"),
        ],
    );
    pub const PROGRESS: (C, &[Hint]) = (
        C::Stats,
        &[
            hint(&[A::Up, A::Down], "choose"),
            hint(&[A::Open], "read the section"),
            hint(&[A::Drill], "drill"),
            hint(&[A::Cram], "cram"),
            hint(&[A::Quit], "back"),
        ],
    );

    /// Every footer, for the test that checks them against the table.
    #[cfg(test)]
    pub const ALL: &[(C, &[Hint])] = &[
        HOME,
        HOME_PROBLEMS,
        READER,
        READER_MATCHES,
        READER_END,
        QUIZ,
        QUIZ_MULTI,
        QUIZ_ORDER,
        QUIZ_MATCH,
        QUIZ_NUMBER,
        QUIZ_UNDO,
        FEEDBACK,
        FEEDBACK_SCROLL,
        RESULT,
        DRILL_RESULT,
        RESULT_REVIEW,
        SLIDES,
        SLIDES_LOBBY,
        SLIDES_CLASS,
        SLIDES_OPEN,
        SLIDES_OPEN_PREDICT,
        SLIDES_RUNNING,
        SLIDES_RUNNING_TWO,
        SLIDES_LOCKED,
        SLIDES_LOCKED_TWO,
        SLIDES_REVEALED,
        SLIDES_SIM,
        SLIDES_SCROLL,
        SLIDES_QUESTION,
        SIM,
        SIM_UNTIMED,
        PROGRESS,
    ];
}

/// The binding of `action` in `context` (or a global one).
fn binding(context: Context, action: Action) -> Option<&'static Binding> {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.action == action)
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.context == Context::Global && b.action == action)
        })
}

/// The key text of a hint, from the table: `↑↓`, `n/N`, `Home/End`, `1-9`. `None` when an action
/// has no key in the context.
pub fn hint_keys(context: Context, hint: &Hint) -> Option<String> {
    let mut labels = Vec::new();
    for action in hint.actions {
        let b = binding(context, *action)?;
        if b.keys == DIGITS {
            labels.push("1-9".to_string());
            continue;
        }
        // Arrows, Enter and symbols first, then letters, then keys with modifiers.
        let rank = |k: &&Key| match k.code {
            _ if k.mods != KeyModifiers::NONE => 2,
            KeyCode::Char(c) if c.is_alphabetic() => 1,
            _ => 0,
        };
        let mut keys: Vec<&Key> = b.keys.iter().collect();
        keys.sort_by_key(rank);
        labels.extend(keys.into_iter().take(hint.keys.max(1)).map(key_label));
    }
    // Arrows next to each other read as one group (`↑↓`); anything else is separated by `/`.
    let arrow = |l: &str| ["↑", "↓", "←", "→"].contains(&l);
    let mut text = String::new();
    for (i, l) in labels.iter().enumerate() {
        if i > 0 && !(arrow(l) && arrow(&labels[i - 1])) {
            text.push('/');
        }
        text.push_str(l);
    }
    Some(text)
}

/// A footer as `(keys, label)` pairs, keys generated from the table.
pub fn footer_pairs(footer: (Context, &[Hint])) -> Vec<(String, &'static str)> {
    let (context, hints) = footer;
    hints
        .iter()
        .filter_map(|h| Some((hint_keys(context, h)?, h.label)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README's simulation keys row names every key of the simulation screen (one of each
    /// binding's keys, as the table labels them).
    #[test]
    fn readme_simulation_row_names_every_sim_key() {
        let readme = include_str!("../../README.md");
        let row = readme
            .lines()
            .find(|l| l.starts_with("| simulation |"))
            .expect("README has a simulation keys row");
        for b in BINDINGS.iter().filter(|b| b.context == Context::Sim) {
            let labels: Vec<String> = b.keys.iter().map(key_label).collect();
            assert!(
                labels.iter().any(|l| row.contains(&format!("`{l}`"))),
                "README's simulation row names none of {labels:?} ({})",
                b.help
            );
        }
    }

    /// The presenter's key for the slide's simulation is in the help overlay (from the table)
    /// and README's slides row names it as bound.
    #[test]
    fn the_slide_simulation_key_is_in_help_and_readme() {
        let b = binding(Context::Present, Action::OpenSim).expect("a presenter key for the sim");
        let label = key_label(&b.keys[0]);
        assert!(
            help_rows(Context::Present)
                .iter()
                .any(|(k, h)| *k == label && h.contains("simulation full screen"))
        );
        let readme = include_str!("../../README.md");
        let row = readme
            .lines()
            .find(|l| l.starts_with("| slides |"))
            .expect("README has a slides keys row");
        assert!(
            row.contains(&format!("`{label}` the slide's simulation full screen")),
            "{row}"
        );
    }

    #[test]
    fn every_footer_hint_names_keys_bound_in_its_context() {
        for (context, hints) in footers::ALL {
            for h in *hints {
                assert!(
                    hint_keys(*context, h).is_some_and(|k| !k.is_empty()),
                    "{:?} in {context:?}: no key in the table",
                    h.actions
                );
            }
        }
    }

    /// A teacher in front of a class always sees how to end it and where help is, whatever
    /// state the question is in (the footers of a class used to leave `q` out while answering
    /// was open).
    #[test]
    fn every_presenter_footer_names_the_way_out_and_help() {
        let class = [
            footers::SLIDES_OPEN,
            footers::SLIDES_OPEN_PREDICT,
            footers::SLIDES_RUNNING,
            footers::SLIDES_RUNNING_TWO,
            footers::SLIDES_LOCKED,
            footers::SLIDES_LOCKED_TWO,
            footers::SLIDES_REVEALED,
        ];
        for footer in [
            footers::SLIDES,
            footers::SLIDES_LOBBY,
            footers::SLIDES_CLASS,
        ]
        .into_iter()
        .chain(class)
        {
            let pairs = footer_pairs(footer);
            assert!(pairs.iter().any(|(_, what)| *what == "help"), "{pairs:?}");
            assert!(
                pairs.iter().any(|(_, what)| what.starts_with("end")),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn footer_keys_follow_the_table() {
        let pairs = footer_pairs(footers::SLIDES);
        assert_eq!(pairs[0], ("→/Space".to_string(), "next"));
        assert_eq!(pairs[2], ("g".to_string(), "go to N"));
        let sim = footer_pairs(footers::SIM);
        assert!(sim.contains(&("+/-".to_string(), "speed")));
        assert!(sim.contains(&("←→".to_string(), "change")));
        assert!(footer_pairs(footers::QUIZ).contains(&("1-9".to_string(), "pick")));
        assert!(footer_pairs(footers::QUIZ_MATCH).contains(&("←→/1-9".to_string(), "category")));
        assert!(footer_pairs(footers::QUIZ_ORDER).contains(&("K/J".to_string(), "move item")));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for a in BINDINGS {
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for k in a.keys {
                    assert!(!b.keys.contains(k), "{k:?} bound twice in {:?}", a.context);
                }
            }
        }
    }

    #[test]
    fn lookup_falls_back_to_global() {
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Reader, &q), Some(Action::Quit));
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Reader, &shift_g), Some(Action::Bottom));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Home, &ctrl_c), Some(Action::ForceQuit));
    }

    #[test]
    fn help_is_generated_from_the_table() {
        let rows = help_rows(Context::Reader);
        assert!(
            rows.iter()
                .any(|(k, h)| k == "t" && *h == "table of contents")
        );
        assert!(rows.iter().any(|(k, _)| k == "Ctrl-C"));
    }
}
