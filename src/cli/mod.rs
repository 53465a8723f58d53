//! Command-line interface: clap types and one handler per subcommand.

mod apply;
mod check;
mod eval;
mod fix;
mod lexicon;
mod pipeline;
mod report;
mod review;
mod rules;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::sync::Arc;

use emle::config;
use emle::engine::Linter;
use emle::project::{CommandLine, Project};
use emle::render::Format;

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
    /// Decide, one at a time, the corrections that need a person; stop any
    /// time and go on later.
    ///
    /// For each doubtful word, emle shows its line with the word marked and
    /// the corrections it suggests, best first, and waits for one key. The
    /// files are corrected as you decide; what you decided is never asked
    /// again.
    Review(review::ReviewArgs),
    /// Apply the corrections decided in `emle review` to other files.
    ///
    /// Useful for other copies or volumes of the same scan, where the same
    /// damage recurs.
    Apply(apply::ApplyArgs),
    /// List the rules with a one-line explanation.
    Rules,
    /// Explain one rule in detail, with examples.
    Explain {
        /// The rule code, e.g. `mixed-script`.
        code: String,
    },
    /// Show the configuration in force.
    Config {
        /// Print the effective configuration as TOML.
        #[arg(long)]
        show: bool,
        #[command(flatten)]
        lint: LintArgs,
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
    /// Write a self-contained HTML page to review the findings in a browser.
    Report(report::ReportArgs),
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
    /// Use this OCR confusion table (TSV from `emle train confusions`).
    #[arg(long, value_name = "FILE")]
    confusions: Option<PathBuf>,
    /// Rank the words of documents read without the Kazakh letters by this
    /// table (from `emle train confusions --unlettered`).
    #[arg(long, value_name = "FILE")]
    unlettered_confusions: Option<PathBuf>,
    /// Read the configuration from this file instead of looking for
    /// emle.toml, .emle.toml or pyproject.toml from the working directory up.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore all configuration files.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
}

impl LintArgs {
    /// The configuration in force: `--config`, or discovered, or none.
    fn loaded_config(&self) -> Result<config::Loaded, Failure> {
        let loaded = if self.isolated {
            Ok(config::Loaded::default())
        } else if let Some(path) = &self.config {
            config::load(path)
        } else {
            let cwd = std::env::current_dir()
                .map_err(|e| Failure::Usage(format!("cannot read the working directory: {e}")))?;
            config::discover(&cwd)
        };
        loaded.map_err(|e| Failure::Usage(e.to_string()))
    }

    /// The project: configuration and flags resolved into linters.
    fn project(&self) -> Result<Project, Failure> {
        let loaded = self.loaded_config()?;
        let cli = CommandLine {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            lexicon: self.lexicon.clone(),
            words: self.words.clone(),
            confusions: self.confusions.clone(),
            unlettered_confusions: self.unlettered_confusions.clone(),
        };
        Project::new(&loaded, &cli).map_err(|e| {
            let origin = loaded
                .path
                .map(|p| format!("{}: ", p.display()))
                .unwrap_or_default();
            Failure::Usage(format!("{origin}{e}"))
        })
    }

    /// The linter for inputs without per-path overrides.
    fn linter(&self) -> Result<Arc<Linter>, Failure> {
        Ok(self.project()?.linter().clone())
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
    let version: &'static str = Box::leak(
        format!(
            "{} (lexicon {})",
            env!("CARGO_PKG_VERSION"),
            emle::lexicon::Lexicon::embedded().version()
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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
        Command::Review(args) => review::run(&args, color),
        Command::Apply(args) => apply::run(&args),
        Command::Rules => rules::list(),
        Command::Explain { code } => rules::explain(&code),
        Command::Eval(command) => eval::run(&command),
        Command::Lexicon(command) => lexicon::run(&command),
        Command::Config { show: _, lint } => show_config(&lint),
        Command::Train(command) => eval::train_command(&command),
        Command::Report(args) => report::run(&args),
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

/// Prints the effective configuration (after validation) as TOML.
fn show_config(lint: &LintArgs) -> Result<Outcome, Failure> {
    let loaded = lint.loaded_config()?;
    lint.project()?;
    let mut effective = loaded.config.clone();
    if !lint.select.is_empty() {
        effective.select = lint.select.clone();
    }
    effective.ignore.extend(lint.ignore.iter().cloned());
    let mut out = io::stdout().lock();
    match &loaded.path {
        Some(p) => writeln!(out, "# configuration: {}", p.display())?,
        None => writeln!(out, "# no configuration file: defaults")?,
    }
    let text = toml::to_string_pretty(&effective).map_err(|e| Failure::Usage(e.to_string()))?;
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The output format flag shared by commands that report diagnostics.
fn default_format() -> Format {
    Format::Human
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap checks argument definitions only when a command is parsed in a
    /// debug build; this checks every subcommand at once.
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
