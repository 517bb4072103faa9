//! Plain mode (`cloudtutor quiz QUIZ --plain`, `cloudtutor drill --plain`): quizzes and drills
//! line by line on stdin and stdout, for screen readers, braille displays and scripts.
//!
//! Why a separate mode rather than the TUI with colours off: a full-screen interface redraws
//! cells in place, which a screen reader reads as noise, and a script cannot drive it. Here every
//! line is written once, in reading order, with no alternate screen, no colour and no escape
//! codes at all (content text is passed through [`crate::markdown::sanitize::clean`], so even a
//! hostile quiz file cannot emit one). Every line the learner may type is answered: an invalid
//! answer says why and asks again, without counting. The final line is always
//! `score: N/M`, so a script can read the result from the last line.
//!
//! Every answer is saved as soon as it is given (answer history, scheduler card), so closing the
//! terminal or pressing Ctrl-C midway loses nothing already answered.
use std::io::{self, BufRead, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::cli::{Cli, DrillArgs};
use crate::content::plural::count;
use crate::content::{Catalog, Kind, Question};
use crate::markdown::sanitize::clean;
use crate::progress::days::Zone;
use crate::progress::drill;
use crate::progress::plan::DrillPlan;
use crate::progress::{Progress, QuizAttempt, Store, Timestamp};
use crate::quiz::{Permutation, Response, Session, parse_answer, random_seed};

/// `cloudtutor quiz QUIZ --plain`: asks every question of one quiz on stdin/stdout. Exit 2 (with
/// the list of quiz ids) for an unknown quiz or one that errors kept out, 0 otherwise, even if saving failed (the score is
/// still printed; the failure is a warning on stderr).
pub fn quiz(cli: &Cli, quiz_id: &str) -> ExitCode {
    let catalog = load_catalog(cli);
    let Some(quiz) = catalog.quiz(quiz_id) else {
        if catalog.unloaded.quizzes.contains(quiz_id) {
            eprintln!(
                "cloudtutor: quiz `{quiz_id}` has errors and cannot be taken; run `cloudtutor check` to see them"
            );
            return ExitCode::from(2);
        }
        let ids: Vec<&str> = catalog.quizzes.iter().map(|q| q.id.as_str()).collect();
        eprintln!(
            "cloudtutor: no quiz `{quiz_id}`. Quizzes: {}",
            if ids.is_empty() {
                "(none)".to_string()
            } else {
                ids.join(", ")
            }
        );
        return ExitCode::from(2);
    };
    let seed = cli.seed.unwrap_or_else(random_seed);
    let plan = Plan {
        header: format!(
            "quiz: {} ({}, seed {seed}; replay this order with --seed {seed})",
            clean(&quiz.title),
            count(quiz.questions.len(), "question", "questions")
        ),
        sessions: vec![Session::new(quiz, seed)],
        quiz: Some(quiz.id.clone()),
        time_limit: None,
    };
    let store = open_store(cli);
    let progress = load_progress(store.as_ref(), &mut io::stderr());
    run_with(plan, store, progress)
}

/// `cloudtutor drill --plain [--minutes N] [--limit N] [--new-per-day N] [--cram [--lesson ID]...
/// [--missed]]`: asks what the core's [`DrillPlan`] plans, in its order (due questions most
/// overdue first, then new ones interleaved across lessons; or the cram selection), bringing a
/// wrong answer back a few questions later. With `minutes`, no new question is asked once that
/// much wall time has passed; questions not reached stay due and do not count in the score.
/// `--new-per-day` is saved in the progress file before the drill is planned.
pub fn drill(cli: &Cli, args: &DrillArgs) -> ExitCode {
    let catalog = load_catalog(cli);
    let store = open_store(cli);
    let mut progress = load_progress(store.as_ref(), &mut io::stderr());
    let mut saver = Saver {
        store,
        warned: false,
        err: Box::new(io::stderr()),
    };
    if let Some(n) = args.new_per_day {
        progress.settings.new_per_day = Some(n);
        saver.save(&mut progress);
    }
    let unknown: Vec<&String> = args
        .lessons
        .iter()
        .filter(|l| catalog.lesson(l).is_none())
        .collect();
    if let Some(first) = unknown.first() {
        let ids: Vec<&str> = catalog.lessons.iter().map(|l| l.id.as_str()).collect();
        eprintln!(
            "cloudtutor: no lesson `{}`. Lessons: {}",
            clean(first),
            ids.join(", ")
        );
        return ExitCode::from(2);
    }
    let now = Timestamp::now();
    let zone = Zone::System;
    let options = args.plan_options();
    let plan = DrillPlan::new(&catalog, &progress, now, zone, &options);
    let seed = cli.seed.unwrap_or_else(random_seed);
    let (due, new) = plan.counts();
    let header = match (plan.current(), args.cram) {
        (None, true) => "cram: no question matches.".to_string(),
        (None, false) => {
            let mut text = match next_due(&catalog, &progress, now) {
                Some(t) => format!(
                    "drill: nothing is due. The next question is due on {}.",
                    zone.date(t)
                ),
                None => "drill: nothing is due.".to_string(),
            };
            if let Some(limit) = drill::new_limit_reached(&catalog, &progress, now, zone) {
                let why = match limit {
                    0 => "new questions are off (--new-per-day 0)".to_string(),
                    n => format!(
                        "today's {} used up (answers in quizzes count too)",
                        match n {
                            1 => "1 new question is".to_string(),
                            n => format!("{n} new questions are"),
                        }
                    ),
                };
                text.push_str(&format!(
                    "\ndrill: no new question either: {why}. --new-per-day N allows more a day; \
                     --cram practises without moving the schedule."
                ));
            }
            text
        }
        (Some(_), true) => format!(
            "cram: {}, missed and weakest first; your review schedule does not change (seed {seed})",
            count(due + new, "question", "questions")
        ),
        (Some(_), false) => format!("drill: {due} due, {new} new (seed {seed})"),
    };
    let run = drill_run::DrillRun {
        catalog: &catalog,
        seed,
        zone,
        header,
        time_limit: args.minutes.map(|m| Duration::from_secs(u64::from(m) * 60)),
    };
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut clock = WallClock {
        start: Instant::now(),
    };
    drill_run::run_drill(
        &run, plan, progress, &mut input, &mut out, &mut saver, &mut clock,
    );
    ExitCode::SUCCESS
}

/// `cloudtutor drill --new-per-day N` before the full-screen drill: saves the setting (the
/// full-screen drill reads it from the progress file). A failure is a warning; the drill opens.
pub fn remember_new_per_day(cli: &Cli, n: u32) {
    let store = open_store(cli);
    let mut progress = load_progress(store.as_ref(), &mut io::stderr());
    progress.settings.new_per_day = Some(n);
    let mut saver = Saver {
        store,
        warned: false,
        err: Box::new(io::stderr()),
    };
    saver.save(&mut progress);
}

/// The earliest due date among questions already answered, to tell a learner with nothing due
/// when to come back.
fn next_due(catalog: &Catalog, progress: &Progress, now: Timestamp) -> Option<Timestamp> {
    drill::course_order(catalog)
        .into_iter()
        .filter_map(|(id, _, q)| drill::card_at(q, progress.questions.get(&id)?, now))
        .map(|c| c.due)
        .min()
}

fn load_catalog(cli: &Cli) -> Catalog {
    let catalog = Catalog::load(&cli.source());
    if let Some(note) = super::check::loading_note(catalog.diagnostics.len()) {
        eprintln!("{note}");
    }
    catalog
}

fn open_store(cli: &Cli) -> Option<Store> {
    match cli.store() {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("cloudtutor: warning: progress will not be saved: {e}");
            None
        }
    }
}

/// Loads saved progress, or starts empty with a warning: a quiz can always be taken.
fn load_progress(store: Option<&Store>, err: &mut dyn Write) -> Progress {
    let Some(store) = store else {
        return Progress::new();
    };
    match store.load() {
        Ok(snapshot) => {
            if let Some(notice) = &snapshot.notice {
                let _ = writeln!(err, "cloudtutor: {notice}");
            }
            if let Some(warning) = snapshot.future_warning() {
                let _ = writeln!(err, "cloudtutor: {warning}");
            }
            snapshot.progress
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "cloudtutor: warning: could not read saved progress: {e}"
            );
            Progress::new()
        }
    }
}

/// Runs a plan on the process's stdin and stdout with the wall clock.
fn run_with(plan: Plan, store: Option<Store>, progress: Progress) -> ExitCode {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut saver = Saver {
        store,
        warned: false,
        err: Box::new(io::stderr()),
    };
    let mut clock = WallClock {
        start: Instant::now(),
    };
    run(plan, progress, &mut input, &mut out, &mut saver, &mut clock);
    ExitCode::SUCCESS
}

/// What a plain quiz asks: sessions asked in turn (a quiz is one session). The drill has its own
/// loop ([`drill_run::run_drill`]) over the core's plan, which can put questions back.
pub(crate) struct Plan {
    /// First line printed.
    pub header: String,
    pub sessions: Vec<Session>,
    /// The quiz whose attempt to record at the end (`None`: record no attempt).
    pub quiz: Option<String>,
    /// Stop asking new questions after this much time.
    pub time_limit: Option<Duration>,
}

/// Time as the runner sees it, so tests can drive the time limit without waiting.
pub(crate) trait Clock {
    /// The current wall-clock time, for answer records.
    fn now(&mut self) -> Timestamp;
    /// Monotonic time since the run started, for answer durations and the time limit.
    fn elapsed(&mut self) -> Duration;
}

struct WallClock {
    start: Instant,
}

impl Clock for WallClock {
    fn now(&mut self) -> Timestamp {
        Timestamp::now()
    }
    fn elapsed(&mut self) -> Duration {
        self.start.elapsed()
    }
}

/// Saves progress after each answer; warns once if saving fails, then keeps going (the score
/// matters more than the warning repeated on every answer).
pub(crate) struct Saver {
    pub store: Option<Store>,
    pub warned: bool,
    pub err: Box<dyn Write>,
}

impl Saver {
    fn save(&mut self, progress: &mut Progress) {
        let Some(store) = &self.store else {
            return;
        };
        match store.save(progress) {
            Ok(snapshot) => {
                if let Some(notice) = snapshot.notice {
                    let _ = writeln!(self.err, "cloudtutor: {notice}");
                }
                // Adopt the merge: it holds what other instances saved meanwhile.
                *progress = snapshot.progress;
            }
            Err(e) if !self.warned => {
                self.warned = true;
                let _ = writeln!(
                    self.err,
                    "cloudtutor: warning: could not save progress: {e}"
                );
            }
            Err(_) => {}
        }
    }
}

/// The result of a run: `correct` of `total` questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score {
    pub correct: usize,
    pub total: usize,
}

/// Why asking stopped before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// End of input (or an unreadable input or unwritable output): the rest counts as missed.
    Eof,
    /// The time limit: the rest is left for next time and not counted.
    Time,
}

/// Runs a plan: asks, grades, records and saves every answer, and prints `score: N/M` last.
/// Output errors (a closed pipe) end the run like end of input.
pub(crate) fn run(
    mut plan: Plan,
    mut progress: Progress,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    saver: &mut Saver,
    clock: &mut dyn Clock,
) -> Score {
    let all: usize = plan.sessions.iter().map(Session::len).sum();
    let mut stop = None;
    let mut answered = 0;
    if writeln!(out, "{}", plan.header).is_err() {
        stop = Some(Stop::Eof);
    }
    let mut number = 0;
    'sessions: for session in &mut plan.sessions {
        while stop.is_none() {
            let Some(current) = session.current() else {
                continue 'sessions;
            };
            if let Some(limit) = plan.time_limit
                && clock.elapsed() >= limit
            {
                let left = all - answered;
                let _ = writeln!(
                    out,
                    "time is up: the remaining {} {} due for next time",
                    count(left, "question", "questions"),
                    if left == 1 { "stays" } else { "stay" }
                );
                stop = Some(Stop::Time);
                break 'sessions;
            }
            number += 1;
            let id = current.id.to_string();
            let question = current.question.clone();
            let labels: Vec<String> = current
                .presented
                .labels(&question.kind)
                .into_iter()
                .map(String::from)
                .collect();
            let arrangement = current.presented.arrangement.clone();
            if ask(out, number, all, &question, &labels, false).is_err() {
                stop = Some(Stop::Eof);
                break 'sessions;
            }
            let started = clock.elapsed();
            let Some(shown) = read_answer(input, out, &question, labels.len()) else {
                stop = Some(Stop::Eof);
                break 'sessions;
            };
            let elapsed = clock.elapsed().saturating_sub(started);
            let at = clock.now();
            let Ok(outcome) = session.answer(shown, elapsed) else {
                // Cannot happen (each question is answered once); skip rather than crash.
                session.next();
                continue;
            };
            answered += 1;
            // Saved before the feedback is printed: a reader that went away (a closed pipe ends
            // the process, see `cli::pipe`) never costs an answer already given.
            if let Some(answer) = session.current().and_then(|c| c.answered.cloned()) {
                drill::record(&mut progress, &id, &question, at, answer);
                saver.save(&mut progress);
            }
            let feedback = feedback(&question, &arrangement, outcome.correct);
            if writeln!(out, "{feedback}").is_err() {
                stop = Some(Stop::Eof);
            }
            session.next();
        }
        if stop.is_some() {
            break;
        }
    }
    let correct: usize = plan.sessions.iter().map(|s| s.summary().correct).sum();
    let total = match stop {
        Some(Stop::Time) => answered,
        _ => all,
    };
    if let Some(quiz) = &plan.quiz
        && answered > 0
        && let Some(session) = plan.sessions.first()
    {
        progress.record_attempt(
            quiz,
            QuizAttempt::from_summary(clock.now(), &session.summary()),
        );
        saver.save(&mut progress);
    }
    if stop == Some(Stop::Eof) && answered < all {
        let left = all - answered;
        let _ = writeln!(
            out,
            "end of input: {} {} as missed",
            count(left, "unanswered question", "unanswered questions"),
            if left == 1 { "counts" } else { "count" }
        );
    }
    let _ = writeln!(out, "score: {correct}/{total}");
    let _ = out.flush();
    Score { correct, total }
}

/// The label of the choice or item shown at position `i`: `a`…`z`, then `aa`, `ab`, … (never
/// needed by the shipped course, but a quiz file may have more than 26 choices).
pub(crate) fn label(i: usize) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i % 26))
    }
}

/// Prints one question: number, kind (marked `again` for a retry of a missed question), prompt,
/// labelled choices and how to answer.
fn ask(
    out: &mut dyn Write,
    number: usize,
    total: usize,
    question: &Question,
    labels: &[String],
    again: bool,
) -> io::Result<()> {
    let (kind, how) = match &question.kind {
        Kind::Single { .. } => (
            "choose one",
            format!("Answer with one letter ({}).", range(labels.len())),
        ),
        Kind::Multi { .. } => (
            "choose all that apply",
            "Answer with every right letter, e.g. a,c or ac.".to_string(),
        ),
        Kind::TrueFalse { .. } => ("true or false", "Answer t or f.".to_string()),
        Kind::Order { .. } => (
            "put in order",
            "Answer with the letters in order, first to last, e.g. c a b or cab.".to_string(),
        ),
        Kind::Match { .. } => (
            "match",
            "Answer with one category number per item, in item order, e.g. 1 2 1.".to_string(),
        ),
        Kind::Numeric { unit, .. } if !unit.trim().is_empty() => (
            "number",
            format!("Answer with a number in {}.", clean(unit)),
        ),
        Kind::Numeric { .. } | Kind::Generated(_) | Kind::Predict(_) => {
            ("number", "Answer with a number.".to_string())
        }
    };
    writeln!(out)?;
    let again = if again { "again, " } else { "" };
    writeln!(out, "question {number} of {total} ({again}{kind})")?;
    write_text(out, &question.prompt)?;
    if let Kind::Match { categories, .. } = &question.kind {
        writeln!(out, "categories:")?;
        for (i, c) in categories.iter().enumerate() {
            writeln!(out, "{}) {}", i + 1, clean(c))?;
        }
        writeln!(out, "items:")?;
    }
    for (i, text) in labels.iter().enumerate() {
        writeln!(out, "{}) {}", label(i), clean(text))?;
    }
    writeln!(out, "{how}")?;
    out.flush()
}

/// "a to d".
fn range(n: usize) -> String {
    match n {
        0 | 1 => "a".to_string(),
        _ => format!("a to {}", label(n - 1)),
    }
}

/// Writes content text line by line, each line cleaned of control characters.
fn write_text(out: &mut dyn Write, text: &str) -> io::Result<()> {
    for line in text.trim_end().lines() {
        writeln!(out, "{}", clean(line))?;
    }
    Ok(())
}

/// Reads lines until one is a valid answer (in display positions). Invalid lines are explained
/// and do not count. `None` at end of input or on a read error.
fn read_answer(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    question: &Question,
    labels: usize,
) -> Option<Response> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&buf);
        match parse_response(&question.kind, labels, &line) {
            Ok(r) => return Some(r),
            Err(why) => {
                writeln!(out, "{why}").ok()?;
                out.flush().ok()?;
            }
        }
    }
}

/// Parses one typed line into a response in display positions, or says what is wrong with it.
/// `labels` is the number of choices or items shown.
pub(crate) fn parse_response(kind: &Kind, labels: usize, line: &str) -> Result<Response, String> {
    let line = line.trim().to_lowercase();
    if line.is_empty() {
        return Err("please type an answer (end of input stops)".to_string());
    }
    match kind {
        Kind::Single { .. } => match letters(&line, labels)?.as_slice() {
            [one] => Ok(Response::Single { choice: *one }),
            _ => Err(format!(
                "please answer with just one letter ({})",
                range(labels)
            )),
        },
        Kind::Multi { .. } => Ok(Response::Multi {
            choices: letters(&line, labels)?.into_iter().collect(),
        }),
        Kind::TrueFalse { .. } => match line.as_str() {
            "t" | "true" => Ok(Response::TrueFalse { answer: true }),
            "f" | "false" => Ok(Response::TrueFalse { answer: false }),
            _ => Err("please answer t (true) or f (false)".to_string()),
        },
        Kind::Order { .. } => {
            let order = letters(&line, labels)?;
            let mut seen = vec![false; labels];
            let unique = order
                .iter()
                .all(|&i| !std::mem::replace(&mut seen[i], true));
            if order.len() != labels || !unique {
                return Err(format!(
                    "please use each letter from {} exactly once, first to last",
                    range(labels)
                ));
            }
            Ok(Response::Order { order })
        }
        Kind::Match { categories, .. } => {
            let k = categories.len();
            let mut tokens = tokens(&line);
            // `121` for three items when every category number is one digit.
            if tokens.len() == 1 && k <= 9 && labels > 1 && tokens[0].len() == labels {
                tokens = tokens[0].chars().map(String::from).collect();
            }
            let mut out = Vec::new();
            for t in &tokens {
                match t.parse::<usize>() {
                    Ok(n) if (1..=k).contains(&n) => out.push(Some(n - 1)),
                    _ => {
                        return Err(format!("`{t}` is not a category number: use 1 to {k}"));
                    }
                }
            }
            if out.len() != labels {
                return Err(format!(
                    "please give one category number for each of the {} (you gave {})",
                    count(labels, "item", "items"),
                    out.len()
                ));
            }
            Ok(Response::Match { categories: out })
        }
        // Sessions give generated questions their numbers before asking, so this is never met.
        Kind::Generated(_) | Kind::Predict(_) => {
            Err("this question has no numbers yet".to_string())
        }
        Kind::Numeric { unit, .. } => match parse_answer(&line, unit) {
            Some(value) => Ok(Response::Numeric { value }),
            None if unit.trim().is_empty() => {
                Err("please answer with a number, e.g. 120".to_string())
            }
            None => Err(format!(
                "please answer with a number, e.g. 120 or 120 {}",
                clean(unit.trim())
            )),
        },
    }
}

fn tokens(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// Display positions named in `line`: labels separated by spaces or commas, or run together
/// (`cab`) when every label is one letter. Letters may be followed by `)` (`a) c)`).
fn letters(line: &str, labels: usize) -> Result<Vec<usize>, String> {
    let names: Vec<String> = (0..labels).map(label).collect();
    let find = |t: &str| names.iter().position(|n| n == t);
    let mut out = Vec::new();
    for token in tokens(line) {
        let token = token.replace(')', "");
        if token.is_empty() {
            continue;
        }
        if let Some(i) = find(&token) {
            out.push(i);
            continue;
        }
        let mut split = Vec::new();
        for c in token.chars() {
            match find(&c.to_string()) {
                Some(i) => split.push(i),
                None => {
                    return Err(format!(
                        "`{}` is not one of the letters {}",
                        clean(&token),
                        range(labels)
                    ));
                }
            }
        }
        out.extend(split);
    }
    if out.is_empty() {
        return Err(format!("please answer with letters from {}", range(labels)));
    }
    Ok(out)
}

/// `right`, or `wrong: the answer is …`, then the explanation.
fn feedback(question: &Question, arrangement: &Permutation, correct: bool) -> String {
    let mut text = if correct {
        "right".to_string()
    } else {
        format!(
            "wrong: the answer is {}",
            right_answer(&question.kind, arrangement)
        )
    };
    let explanation = question.explanation.trim();
    if !explanation.is_empty() {
        for line in explanation.lines() {
            text.push('\n');
            text.push_str(&clean(line));
        }
    }
    text
}

/// The right answer in the labels the learner saw.
pub(crate) fn right_answer(kind: &Kind, perm: &Permutation) -> String {
    let shown = |original: usize| perm.display(original).unwrap_or(original);
    match kind {
        Kind::Single { choices, answer } => format!(
            "{}) {}",
            label(shown(*answer)),
            clean(choices.get(*answer).map_or("", String::as_str))
        ),
        Kind::Multi { choices, answers } => {
            let mut picks: Vec<(usize, &str)> = answers
                .iter()
                .map(|&a| (shown(a), choices.get(a).map_or("", String::as_str)))
                .collect();
            picks.sort();
            picks
                .iter()
                .map(|(d, t)| format!("{}) {}", label(*d), clean(t)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Kind::Generated(g) => format!("(a number in {}, computed when asked)", g.unit),
        Kind::Predict(p) => format!("(a number in {}, observed in the simulation)", p.unit),
        Kind::TrueFalse { answer } => answer.to_string(),
        Kind::Order { items } => {
            let letters: Vec<String> = (0..items.len()).map(|i| label(shown(i))).collect();
            let texts: Vec<String> = items.iter().map(|t| clean(t).into_owned()).collect();
            format!("{}: {}", letters.join(" "), texts.join(", then "))
        }
        Kind::Match { categories, items } => {
            let mut rows: Vec<(usize, String)> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let cat = categories.get(item.category).map_or("", String::as_str);
                    (
                        shown(i),
                        format!(
                            "{}) {} in {} {}",
                            label(shown(i)),
                            clean(&item.text),
                            item.category + 1,
                            clean(cat)
                        ),
                    )
                })
                .collect();
            rows.sort_by_key(|(d, _)| *d);
            let numbers: Vec<String> = {
                let mut by_display: Vec<(usize, usize)> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (shown(i), item.category + 1))
                    .collect();
                by_display.sort();
                by_display.iter().map(|(_, c)| c.to_string()).collect()
            };
            let details: Vec<String> = rows.into_iter().map(|(_, r)| r).collect();
            format!("{} ({})", numbers.join(" "), details.join("; "))
        }
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let unit = clean(unit.trim());
            let value = if unit.is_empty() {
                answer.to_string()
            } else {
                format!("{answer} {unit}")
            };
            if *tolerance > 0.0 {
                format!("{value} (within {tolerance})")
            } else {
                value
            }
        }
    }
}

mod drill_run;

#[cfg(test)]
mod tests;
