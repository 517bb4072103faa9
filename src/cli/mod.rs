//! Command-line interface: clap definitions and the non-TUI commands, each a thin function over
//! the same core the TUI uses.
mod check;
mod export;
mod list;
mod pipe;
pub mod plain;
mod render;
pub mod results;
pub mod sim;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::content::ContentSource;
use crate::tui::{Start, TuiConfig};
use crate::ui::theme::ThemeName;

/// An interactive terminal tutor for cloud computing.
///
/// Run without a command to open the tutor: lessons, quizzes and live simulations in the terminal.
#[derive(Debug, Parser)]
#[command(name = "cloudtutor", version, about, long_about)]
pub struct Cli {
    /// Load lessons from DIR/lessons and quizzes from DIR/quizzes instead of the built-in course
    /// (every command but `sim`, whose models are built in).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Keep progress in DIR (default: $CLOUDTUTOR_DATA_DIR, else the platform data folder,
    /// e.g. ~/.local/share/cloudtutor on Linux). Used by the tutor, quiz, drill, present and
    /// results; the other commands keep no progress.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Colour theme of the full-screen views only (the tutor, quiz, drill, present, and sim
    /// without --headless); printed output such as `render` keeps the terminal's own colours.
    /// NO_COLOR, when set, turns colour off whatever the theme.
    #[arg(long, global = true, value_enum, default_value_t = ThemeArg::Dark)]
    pub theme: ThemeArg,

    /// Seed for shuffling questions (the tutor, quiz, drill, present) and for simulations (sim,
    /// a lesson's live panels): the same seed repeats the same order. Other commands ignore it.
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options of `cloudtutor drill`.
#[derive(Debug, Clone, clap::Args)]
pub struct DrillArgs {
    /// Ask line by line instead of opening the full-screen tutor.
    #[arg(long)]
    pub plain: bool,
    /// Stop asking new questions after N minutes.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
    /// Ask at most N questions (missed ones still come back on top).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: Option<u32>,
    /// Introduce at most N new questions a day (default 10; questions first answered in a quiz
    /// count too); remembered for later drills.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub new_per_day: Option<u32>,
    /// Practise without moving the review schedule: missed and weakest questions first; the
    /// answers are kept in your history.
    #[arg(long)]
    pub cram: bool,
    /// With --cram: only this lesson's questions (repeat for several lessons).
    #[arg(long = "lesson", value_name = "ID", requires = "cram")]
    pub lessons: Vec<String>,
    /// With --cram: only questions whose last answer was wrong.
    #[arg(long, requires = "cram")]
    pub missed: bool,
}

impl DrillArgs {
    /// The plan's options from `--limit`, `--cram`, `--lesson` and `--missed`: the same for the
    /// plain and the full-screen drill.
    pub fn plan_options(&self) -> crate::progress::plan::PlanOptions {
        crate::progress::plan::PlanOptions {
            limit: self.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            cram: self.cram.then(|| crate::progress::plan::Cram {
                lessons: self.lessons.clone(),
                missed_only: self.missed,
            }),
        }
    }
}

/// Options of `cloudtutor present` for a live class.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Serve the class over SSH: students type `ssh -p PORT NAME@HOST` (shown on the first
    /// slide) and answer the questions from their own terminals. Needs the `classroom` feature
    /// (on by default).
    #[arg(long)]
    pub serve: bool,
    /// With --serve: the TCP port students connect to (0: any free port, shown in the lobby).
    #[arg(long, value_name = "PORT", default_value_t = 2222, requires = "serve")]
    pub port: u16,
    /// With --serve: the address to listen on (0.0.0.0: every IPv4 address of this machine).
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "0.0.0.0",
        requires = "serve"
    )]
    pub bind: std::net::IpAddr,
    /// With --serve: the class code students type to join (1 to 8 digits; random 4 digits
    /// otherwise).
    #[arg(long, value_name = "NNNN", value_parser = class_code, requires = "serve")]
    pub code: Option<String>,
    /// With --serve: students at most; one more is turned away with a message.
    #[arg(long, value_name = "N", default_value_t = 100, requires = "serve",
          value_parser = clap::value_parser!(u16).range(1..=10_000))]
    pub max_students: u16,
    /// With --serve: no names on the projector or in the results.
    #[arg(long, requires = "serve")]
    pub anonymous: bool,
}

impl ServeArgs {
    /// The class to serve, when --serve was given.
    pub fn serve(&self) -> Option<crate::tui::config::Serve> {
        self.serve.then(|| crate::tui::config::Serve {
            port: self.port,
            bind: self.bind,
            code: self.code.clone(),
            max_students: usize::from(self.max_students),
            anonymous: self.anonymous,
        })
    }
}

/// A class code: 1 to 8 digits.
fn class_code(s: &str) -> Result<String, String> {
    if (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("a class code is 1 to 8 digits, e.g. 4821".to_string())
    }
}

/// The `--theme` values: the CLI's spelling of [`ThemeName`], kept here so that clap stays in
/// `cli/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    /// Light text on a dark terminal (the default).
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Maximum contrast: pure black and white with bold accents, for projectors and low vision.
    HighContrast,
}

impl From<ThemeArg> for ThemeName {
    fn from(arg: ThemeArg) -> ThemeName {
        match arg {
            ThemeArg::Dark => ThemeName::Dark,
            ThemeArg::Light => ThemeName::Light,
            ThemeArg::HighContrast => ThemeName::HighContrast,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the lessons and quizzes of the course.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Load and validate every lesson and quiz, and run each simulation block's `expect` lines;
    /// print each problem as PATH:LINE: error: MESSAGE.
    ///
    /// A simulation block's `expect PATH OP VALUE` lines are checked against a headless run with
    /// the block's own `duration` and `seed`; a miss reads "expected ... but the simulation
    /// gave ...". A slide too tall for a 100x30 projector is a warning, not an error. Exits 1 if
    /// there is any error, 0 otherwise. Use it after every edit of your own content (with
    /// --content DIR).
    Check,
    /// Print a lesson rendered for the terminal.
    ///
    /// Output is styled, with clickable links (OSC 8), when stdout is a terminal and NO_COLOR is
    /// unset; plain text otherwise.
    Render {
        /// A lesson id (see `cloudtutor list`) or the path of a lesson .md file.
        lesson: String,
        /// Width in columns (default: the terminal's width, or 80 when not a terminal).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: Option<u16>,
    },
    /// Run a simulation: scaling, cold-start, db-connections or cost.
    Sim(sim::SimArgs),
    /// Take a quiz (see `cloudtutor list` for quiz ids).
    ///
    /// With --plain, questions are asked line by line on stdin/stdout with no colours or escape
    /// codes (for screen readers and scripts); the last line is `score: N/M`.
    Quiz {
        /// The quiz id.
        quiz: String,
        /// Ask line by line instead of opening the full-screen tutor.
        #[arg(long)]
        plain: bool,
    },
    /// Review the questions that are due today (spaced repetition), then a few new ones.
    ///
    /// Due questions come most overdue first; new ones are mixed across the lessons you have
    /// opened (across every lesson until you open one). A wrong answer comes back a few questions later until you get it right. With
    /// --plain, line by line on stdin/stdout, like `quiz --plain`.
    Drill(DrillArgs),
    /// Write the course's questions to a file another program can import.
    Export(export::ExportArgs),
    /// Export every quiz and drill answer (CSV or JSON), e.g. for a teacher.
    Results(results::ResultsArgs),
    /// Show a lesson as slides for a class (a slide per `##` section, steps at `<!-- pause -->`).
    ///
    /// Keys: → or Space next, ← back, g N goes to slide N, r reveals a question's answer, v types
    /// the room's votes (one count per choice) to show them as a bar chart, s takes the slide's
    /// simulation full screen (q brings it back with its changes), q ends. With --serve,
    /// students join from their own terminals with ssh; o opens a question to them, l locks, r
    /// reveals their answers, R asks a second round (after l, before r).
    Present {
        /// The lesson id (see `cloudtutor list`).
        lesson: String,
        #[command(flatten)]
        serve: ServeArgs,
    },
}

impl Cli {
    /// The progress store, from `--data-dir`, `CLOUDTUTOR_DATA_DIR` or the platform default.
    pub fn store(&self) -> Result<crate::progress::Store, crate::progress::StoreError> {
        let env = std::env::var_os(crate::progress::DATA_DIR_ENV);
        crate::progress::resolve_data_dir(self.data_dir.clone(), env)
            .map(crate::progress::Store::new)
    }

    /// The interactive tutor's configuration, opening on `start`: the flags, `NO_COLOR` and the
    /// data directory resolved once, here.
    pub fn tui_config(&self, start: Start) -> TuiConfig {
        let env = std::env::var_os(crate::progress::DATA_DIR_ENV);
        TuiConfig {
            theme: self.theme.into(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            content: self.source(),
            data_dir: crate::progress::resolve_data_dir(self.data_dir.clone(), env),
            seed: self.seed,
            start,
            frame_interval: std::time::Duration::from_secs(1) / crate::tui::config::SIM_FPS,
            serve: None,
        }
    }

    /// Where content comes from, given `--content`.
    pub fn source(&self) -> ContentSource {
        match &self.content {
            Some(dir) => ContentSource::Dir(dir.clone()),
            None => ContentSource::Embedded,
        }
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if !opens_the_tutor(&cli) {
        pipe::end_quietly_when_the_reader_goes_away();
    }
    let source = cli.source();
    match &cli.command {
        None => crate::tui::run(cli.tui_config(Start::Home)),
        Some(Command::List { json }) => list::run(&source, *json),
        Some(Command::Check) => check::run(&source),
        Some(Command::Render { lesson, width }) => render::run(&source, lesson, *width),
        Some(Command::Sim(args)) => {
            let args = sim::SimArgs {
                seed: cli.seed.unwrap_or(1),
                ..args.clone()
            };
            if args.headless || args.params {
                return sim::run(&args);
            }
            // The live view: check the model and the --set values before taking the terminal.
            let checked = crate::sim::Model::from_name(&args.model)
                .and_then(|m| crate::sim::parse_assignments(m, &args.set).map(|p| (m, p)))
                .and_then(|(m, p)| {
                    crate::sim::live::LiveSim::new(m.name(), p.clone(), args.seed).map(|_| (m, p))
                });
            match checked {
                Ok((m, params)) => crate::tui::run(cli.tui_config(Start::Sim {
                    model: m.name().to_string(),
                    params,
                })),
                Err(e) => {
                    eprintln!("cloudtutor: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Quiz { quiz, plain: true }) => plain::quiz(&cli, quiz),
        Some(Command::Quiz { quiz, plain: false }) => match needs_terminal("quiz") {
            Some(code) => code,
            None => crate::tui::run(cli.tui_config(Start::Quiz(quiz.clone()))),
        },
        Some(Command::Drill(args)) if args.plain => plain::drill(&cli, args),
        Some(Command::Drill(args)) => match needs_terminal("drill") {
            Some(code) => code,
            None => {
                if let Some(n) = args.new_per_day {
                    plain::remember_new_per_day(&cli, n);
                }
                crate::tui::run(cli.tui_config(Start::Drill {
                    minutes: args.minutes,
                    options: args.plan_options(),
                }))
            }
        },
        Some(Command::Export(args)) => export::run(&source, args),
        Some(Command::Results(args)) => results::run(&cli, args),
        Some(Command::Present { lesson, serve }) => {
            #[cfg(not(feature = "classroom"))]
            if serve.serve {
                eprintln!("{}", crate::tui::NO_CLASSROOM);
                return ExitCode::from(2);
            }
            crate::tui::run(crate::tui::TuiConfig {
                serve: serve.serve(),
                ..cli.tui_config(Start::Present(lesson.clone()))
            })
        }
    }
}

/// True for the commands that take over the terminal; every other command prints and ends.
fn opens_the_tutor(cli: &Cli) -> bool {
    match &cli.command {
        None | Some(Command::Present { .. }) => true,
        Some(Command::Sim(args)) => !(args.headless || args.params),
        Some(Command::Quiz { plain, .. }) => !plain,
        Some(Command::Drill(args)) => !args.plain,
        Some(
            Command::List { .. }
            | Command::Check
            | Command::Render { .. }
            | Command::Results(_)
            | Command::Export(_),
        ) => false,
    }
}

/// Without a terminal, points a script or screen-reader user at `--plain` instead of the
/// full-screen tutor's generic "needs a terminal" (exit 2, like any usage error).
fn needs_terminal(command: &str) -> Option<ExitCode> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return None;
    }
    eprintln!(
        "cloudtutor: `{command}` opens the full-screen tutor, which needs a terminal; \
         use `cloudtutor {command} --plain` to answer line by line on stdin/stdout"
    );
    Some(ExitCode::from(2))
}
