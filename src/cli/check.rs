//! `emle check`: report diagnostics.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use emle::render::{Format, Summary, renderer};

use super::{Failure, LintArgs, Outcome, default_format, expand, read_input};

/// Arguments of `emle check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = default_format())]
    format: Format,
    #[command(flatten)]
    lint: LintArgs,
    /// Exit 0 even when diagnostics are found (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
}

/// Runs `emle check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome, Failure> {
    let linter = args.lint.linter()?;
    let (inputs, mut failed) = expand(&args.paths);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut render = renderer(args.format, color);
    let mut summary = Summary::default();
    for origin in &inputs {
        let Some(source) = read_input(origin) else {
            failed = true;
            summary.errors += 1;
            continue;
        };
        let diagnostics = linter.check(&source);
        summary.add_file(&diagnostics);
        render.file(&mut out, &source, &diagnostics)?;
    }
    render.finish(&mut out, &summary)?;
    out.flush()?;
    Ok(if failed {
        Outcome::Errors
    } else if summary.diagnostics > 0 && !args.exit_zero {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}
