//! Command-line interface: clap types and one handler per subcommand.

mod check;
mod eval;
mod fix;
mod lexicon;
mod pipeline;
mod rules;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::sync::Arc;

use emle::engine::{LexiconHandle, Linter};
use emle::lexicon::{Lexicon, UserWords};
use emle::render::Format;
use emle::rules::Selection;

/// emle: a linter for OCR-damaged Kazakh text.
///
/// Finds the damage that OCR engines leave in scanned Kazakh books and
/// newspapers (Latin letters inside Cyrillic words, misread Kazakh letters),
/// reports it like a compiler, and repairs what is certain.
#[derive(Debug, Parser)]
#[command(name = "emle", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,

    /// Threads to check files on (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", global = true)]
    threads: Option<usize>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files and report damage (exit 0: clean, 1: findings, 2: errors).
    Check(check::CheckArgs),
    /// Apply safe fixes in place (or print them with --diff).
    Fix(fix::FixArgs),
    /// List the rules with a one-line explanation.
    Rules,
    /// Explain one rule in detail, with examples.
    Explain {
        /// The rule code, e.g. `mixed-script`.
        code: String,
    },
    /// Look words up in the Kazakh lexicon, or describe it.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// Measure emle on reference data (aligned OCR/clean pairs, clean text).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Learn data files (the OCR confusion table) from corrected text.
    #[command(subcommand)]
    Train(eval::TrainCommand),
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Flags that configure the engine, shared by every command that lints.
#[derive(Debug, Clone, Args)]
struct LintArgs {
    /// Run only these rules (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    select: Vec<String>,
    /// Do not run these rules (comma-separated codes).
    #[arg(long, value_delimiter = ',', value_name = "CODE")]
    ignore: Vec<String>,
    /// Use this compiled lexicon instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    lexicon: Option<PathBuf>,
    /// Accept the words in this file too (one per line; `stem:noun` or
    /// `stem:verb` also accepts the inflected forms). May be repeated.
    #[arg(long, value_name = "FILE")]
    words: Vec<PathBuf>,
}

impl LintArgs {
    fn linter(&self) -> Result<Linter, Failure> {
        let selection = Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        };
        let mut linter =
            Linter::with_selection(&selection).map_err(|e| Failure::Usage(e.to_string()))?;
        if let Some(path) = &self.lexicon {
            let lexicon = Lexicon::from_path(path)
                .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            linter = linter.with_lexicon(LexiconHandle::Loaded(Arc::new(lexicon)));
        }
        if !self.words.is_empty() {
            let mut words = UserWords::new();
            for path in &self.words {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
                words
                    .add_lines(linter.lexicon(), &text)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
            }
            linter = linter.with_user_words(words);
        }
        Ok(linter)
    }
}

/// How a run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing found.
    Clean,
    /// Diagnostics found (or, for `fix`, left unfixed).
    Found,
    /// Some input could not be read or written.
    Errors,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Found => ExitCode::from(1),
            Outcome::Errors => ExitCode::from(2),
        }
    }
}

/// A failure that stops the whole run.
#[derive(Debug)]
enum Failure {
    /// Bad arguments.
    Usage(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

/// Parses the command line, runs it and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color.enabled();
    if let Some(n) = cli.threads {
        // Fails only if a pool exists already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let result = match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Fix(args) => fix::run(&args),
        Command::Rules => rules::list(),
        Command::Explain { code } => rules::explain(&code),
        Command::Eval(command) => eval::run(&command),
        Command::Lexicon(command) => lexicon::run(&command),
        Command::Train(command) => eval::train_command(&command),
    };
    match result {
        Ok(outcome) => outcome.into(),
        // A closed pipe (`emle check | head`) is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            report_error(&format!("cannot write output: {e}"));
            ExitCode::from(2)
        }
        Err(Failure::Usage(message)) => {
            report_error(&message);
            ExitCode::from(2)
        }
    }
}

/// Prints one error line to standard error.
fn report_error(message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "error: {message}");
}

/// The output format flag shared by commands that report diagnostics.
fn default_format() -> Format {
    Format::Human
}
