//! `emle eval`: measure emle against reference data, and `emle train`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use emle::decisions::Decisions;
use emle::errormodel::rank::russian_damage;
use emle::errormodel::train::{UnitPairs, pairs_from_jsonl};
use emle::errormodel::{TrainOptions, train_from_pairs};
use emle::eval::coverage::{coverage, damaged_acceptance};
use emle::eval::pairs::{Documents, EvalOptions, KeepUnits, evaluate, evaluate_clean};

use super::{Failure, LintArgs, Outcome};

/// What `emle eval` measures.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score detection and correction on aligned OCR/clean pairs (JSONL).
    Pairs(PairsArgs),
    /// Measure false alarms on clean text (one sentence per line).
    Clean(CleanArgs),
    /// Share of word tokens and types of a clean text the lexicon accepts.
    Coverage(CleanArgs),
    /// Share of damaged OCR tokens of aligned pairs (JSONL) the lexicon accepts.
    Damaged(CleanArgs),
}

/// Report format of `emle eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table.
    Table,
    /// One JSON document.
    Json,
}

/// Arguments of `emle eval pairs`.
#[derive(Debug, Args)]
pub struct PairsArgs {
    /// A JSONL file of `{clean, ocr, align, model, max_deleted_run, ...}` records.
    file: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Also write every miss, false alarm and wrong fix to this JSONL file.
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
    /// With `--dump`, write every scored token, right or wrong.
    #[arg(long, requires = "dump")]
    dump_all: bool,
    /// Skip records where OCR lost this many consecutive tokens or more.
    #[arg(long, default_value_t = 3)]
    max_deleted_run: u32,
    /// Which OCR lines are checked together as one document, whose words
    /// are evidence for each other's corrections.
    #[arg(long, value_enum, default_value_t = Documents::Pages, conflicts_with = "lines_alone")]
    documents: Documents,
    /// Check every OCR line on its own (the same as `--documents lines`).
    #[arg(long)]
    lines_alone: bool,
    /// Score a second `emle fix` run: the OCR lines are first fixed
    /// (safe fixes), then scored as if OCR had read them so. An idempotent
    /// fix makes no edit here.
    #[arg(long)]
    after_fix: bool,
    #[command(flatten)]
    lint: LintArgs,
}

/// Arguments of `emle eval clean`, `coverage` and `damaged`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// The text (clean text, or pairs JSONL for `damaged`).
    file: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    #[command(flatten)]
    lint: LintArgs,
}

/// What `emle train` learns.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Learn OCR confusion costs from aligned pairs; writes the TSV table to stdout.
    Confusions {
        /// A JSONL file of aligned OCR/clean pairs.
        #[arg(required_unless_present = "decisions")]
        file: Option<PathBuf>,
        /// Also learn from the accepted and edited corrections of this
        /// decisions file (from `emle review`). May be repeated.
        #[arg(long, value_name = "FILE")]
        decisions: Vec<PathBuf>,
        /// Learn only from lines (and reviewed words) without a Kazakh
        /// letter: pages read by an OCR model without them, whose damage
        /// differs (the table for `unlettered-confusions`).
        #[arg(long)]
        unlettered: bool,
    },
}

fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

fn print(
    report: &(impl std::fmt::Display + serde::Serialize),
    format: ReportFormat,
) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match format {
        ReportFormat::Table => {
            let table = report.to_string();
            out.write_all(table.as_bytes())?;
            if !table.ends_with('\n') {
                writeln!(out)?;
            }
        }
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Runs `emle eval …`.
pub fn run(command: &EvalCommand) -> Result<Outcome, Failure> {
    match command {
        EvalCommand::Pairs(args) => {
            let linter = args.lint.linter()?;
            let text = read_text(&args.file)?;
            let opts = EvalOptions {
                max_deleted_run: args.max_deleted_run,
                documents: if args.lines_alone {
                    Documents::Lines
                } else {
                    args.documents
                },
                keep: match (&args.dump, args.dump_all) {
                    (None, _) => KeepUnits::None,
                    (Some(_), false) => KeepUnits::Errors,
                    (Some(_), true) => KeepUnits::All,
                },
                after_fix: args.after_fix,
            };
            let report = evaluate(&text, &linter, &opts)
                .map_err(|e| Failure::Usage(format!("{}: {e}", args.file.display())))?;
            if let Some(path) = &args.dump {
                let file = std::fs::File::create(path)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
                let mut w = io::BufWriter::new(file);
                report.write_dump(&mut w)?;
                w.flush()?;
            }
            print(&report, args.format)?;
        }
        EvalCommand::Clean(args) => {
            let linter = args.lint.linter()?;
            let text = read_text(&args.file)?;
            print(&evaluate_clean(&text, &linter), args.format)?;
        }
        EvalCommand::Coverage(args) => {
            let linter = args.lint.linter()?;
            let text = read_text(&args.file)?;
            print(&coverage(&text, linter.lexicon()), args.format)?;
        }
        EvalCommand::Damaged(args) => {
            let linter = args.lint.linter()?;
            let text = read_text(&args.file)?;
            print(&damaged_acceptance(&text, linter.lexicon()), args.format)?;
        }
    }
    Ok(Outcome::Clean)
}

/// Runs `emle train …`.
pub fn train_command(command: &TrainCommand) -> Result<Outcome, Failure> {
    match command {
        TrainCommand::Confusions {
            file,
            decisions,
            unlettered,
        } => {
            let opts = TrainOptions {
                unlettered: *unlettered,
                ..TrainOptions::default()
            };
            let mut read = UnitPairs::default();
            if let Some(file) = file {
                let text = read_text(file)?;
                read = pairs_from_jsonl(&text, &opts)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?;
            }
            // Reviewed corrections are aligned pairs too: damaged word, right word.
            for path in decisions {
                if !path.is_file() {
                    return Err(Failure::Usage(format!(
                        "{}: no such decisions file",
                        path.display()
                    )));
                }
                let reviewed = Decisions::load(path).map_err(|e| Failure::Usage(e.to_string()))?;
                read.pairs.extend(
                    reviewed
                        .corrections()
                        .filter(|(ocr, _)| !opts.unlettered || russian_damage(ocr))
                        .map(|(ocr, clean)| (ocr.to_string(), clean.to_string())),
                );
            }
            let mut trained = train_from_pairs(read.pairs, &opts);
            trained.stats.records = read.records;
            trained.stats.records_skipped = read.skipped;
            let mut out = io::stdout().lock();
            trained.table.write_tsv(&mut out)?;
            let mut err = io::stderr().lock();
            let stats = serde_json::to_string(&trained.stats).unwrap_or_default();
            let _ = writeln!(err, "trained: {stats}");
        }
    }
    Ok(Outcome::Clean)
}
