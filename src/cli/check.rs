//! `emle check`: report diagnostics.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use emle::baseline::Baseline;
use emle::diagnostic::Diagnostic;
use emle::render::{Format, Summary, renderer};
use emle::source::Source;

use super::pipeline::{Loaded, PathArgs, Progress, expand, for_each_ordered, load_mapped};
use super::{Failure, LintArgs, Outcome, default_format, report_error};

/// Arguments of `emle check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    paths: PathArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = default_format())]
    format: Format,
    #[command(flatten)]
    lint: LintArgs,
    /// Exit 0 even when diagnostics are found (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Print counts per rule and per file instead of each diagnostic.
    #[arg(long)]
    statistics: bool,
    /// Print diagnostics only: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Read large files instead of mapping them into memory. A mapped file
    /// must not be cut short by another program during the check; use this
    /// for files that are being written, or on network file systems.
    #[arg(long)]
    no_mmap: bool,
}

/// Runs `emle check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome, Failure> {
    let project = args.lint.project()?;
    // A baseline lists damaged words: it is not a text to check.
    let mut excludes = project.excludes().to_vec();
    excludes.extend(
        [&args.baseline, &args.write_baseline]
            .into_iter()
            .flatten()
            .filter_map(|p| p.to_str())
            .map(|p| globset::escape(p.strip_prefix("./").unwrap_or(p))),
    );
    let (inputs, mut failed) = expand(&args.paths.paths, &args.paths.walk_options(&excludes))?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(std::fs::File::create(path).map_err(
            |e| {
                Failure::Usage(format!(
                    "{}: cannot create the output file: {e}",
                    path.display()
                ))
            },
        )?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let color = color && args.output.is_none();
    let mut render = renderer(args.format, color);
    let mut summary = Summary::default();
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    let mut filter = match &args.baseline {
        Some(path) => Some(
            Baseline::load(path)
                .map_err(|e| Failure::Usage(e.to_string()))?
                .filter(),
        ),
        None => None,
    };
    let mut recording = args.write_baseline.as_ref().map(|_| Baseline::new());
    let progress = Progress::new(&inputs, args.quiet);
    // Files whose output stands alone are rendered by the workers, so that
    // the thread writing the report does little more than copy bytes. (One
    // thread streams its output instead of holding a file's in memory.)
    let render_in_workers = rayon::current_num_threads() > 1
        && inputs.len() > 1
        && recording.is_none()
        && filter.is_none()
        && !args.statistics
        && args.format.renders_files_alone();
    for_each_ordered(
        &inputs,
        |input| match load_mapped(input, args.paths.encoding, !args.no_mmap) {
            Loaded::Source(source) => {
                let linter = project.linter_for(source.origin());
                // hOCR, ALTO and PAGE XML are linted as text, reported in the XML.
                match emle::markup::check(&linter, &source) {
                    Ok(diagnostics) if render_in_workers => {
                        let mut bytes = Vec::new();
                        let written =
                            renderer(args.format, color).file(&mut bytes, &source, &diagnostics);
                        let mut counts = Summary::default();
                        counts.add_file(&diagnostics);
                        Checked::Rendered {
                            bytes: written.map(|()| bytes),
                            counts,
                            len: source.text().len(),
                        }
                    }
                    Ok(diagnostics) => Checked::Found(source, diagnostics),
                    Err(e) => Checked::Error(format!("{}: {e}", source.origin())),
                }
            }
            Loaded::Skipped => Checked::Skipped,
            Loaded::Error(message) => Checked::Error(message),
        },
        |_, checked| {
            match checked {
                Checked::Skipped => progress.advance(0),
                Checked::Error(message) => {
                    progress.advance(0);
                    report_error(&message);
                    failed = true;
                    summary.errors += 1;
                }
                Checked::Rendered { bytes, counts, len } => {
                    progress.advance(len);
                    summary.merge(&counts);
                    out.write_all(&bytes?)?;
                }
                Checked::Found(source, diagnostics) => {
                    progress.advance(source.text().len());
                    let path = source.origin().to_string();
                    if let Some(b) = recording.as_mut() {
                        b.record(&path, source.text(), &diagnostics);
                        summary.add_file(&diagnostics);
                        return Ok(());
                    }
                    let diagnostics = match filter.as_mut() {
                        Some(f) => f.new_findings(&path, source.text(), diagnostics),
                        None => diagnostics,
                    };
                    summary.add_file(&diagnostics);
                    if args.statistics {
                        if !diagnostics.is_empty() {
                            per_file.insert(source.origin().to_string(), diagnostics.len());
                        }
                    } else {
                        render.file(&mut out, &source, &diagnostics)?;
                    }
                }
            }
            Ok(())
        },
    )?;
    progress.finish();
    if let (Some(b), Some(path)) = (&recording, &args.write_baseline) {
        b.write(path).map_err(|e| Failure::Usage(e.to_string()))?;
        let mut err = io::stderr().lock();
        let _ = writeln!(
            err,
            "Recorded {} finding(s) of {} file(s) in {}.",
            b.findings.len(),
            summary.files,
            path.display()
        );
        return Ok(if failed {
            Outcome::Errors
        } else {
            Outcome::Clean
        });
    }
    if args.statistics {
        write_statistics(&mut out, &summary, &per_file)?;
    } else if !args.quiet || args.format != Format::Human {
        render.finish(&mut out, &summary)?;
    }
    out.flush()?;
    Ok(if failed {
        Outcome::Errors
    } else if summary.diagnostics > 0 && !args.exit_zero {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// What a worker made of one input.
enum Checked {
    /// A binary file met while walking: nothing to say.
    Skipped,
    /// The input could not be read or parsed; the message names it.
    Error(String),
    /// Diagnostics for the report thread to filter, record or render.
    Found(Source, Vec<Diagnostic>),
    /// The file's output, rendered already, with its counts and its size.
    Rendered {
        bytes: io::Result<Vec<u8>>,
        counts: Summary,
        len: usize,
    },
}

fn write_statistics(
    out: &mut dyn Write,
    summary: &Summary,
    per_file: &BTreeMap<String, usize>,
) -> io::Result<()> {
    let width = summary
        .by_code
        .keys()
        .map(|c| c.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(out, "{:>8}  {:width$}", "count", "rule")?;
    let mut by_count: Vec<_> = summary.by_code.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, n) in by_count {
        writeln!(out, "{n:>8}  {code}")?;
    }
    writeln!(
        out,
        "{:>8}  total in {} file(s)",
        summary.diagnostics, summary.files
    )?;
    if !per_file.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:>8}  file", "count")?;
        for (file, n) in per_file {
            writeln!(out, "{n:>8}  {file}")?;
        }
    }
    Ok(())
}
