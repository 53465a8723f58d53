//! `emle check`: report diagnostics.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use emle::render::{Format, Summary, renderer};

use super::pipeline::{Loaded, PathArgs, expand, for_each_ordered, load};
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
}

/// Runs `emle check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome, Failure> {
    let project = args.lint.project()?;
    let (inputs, mut failed) = expand(
        &args.paths.paths,
        &args.paths.walk_options(project.excludes()),
    )?;
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
    for_each_ordered(
        &inputs,
        |input| match load(input) {
            Loaded::Source(source) => {
                let linter = project.linter_for(source.origin());
                let diagnostics = linter.check(&source);
                Some(Ok((source, diagnostics)))
            }
            Loaded::Skipped => None,
            Loaded::Error(message) => Some(Err(message)),
        },
        |_, result| {
            match result {
                None => {}
                Some(Err(message)) => {
                    report_error(&message);
                    failed = true;
                    summary.errors += 1;
                }
                Some(Ok((source, diagnostics))) => {
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
