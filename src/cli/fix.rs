//! `emle fix`: apply suggestions in place, print a diff, or filter stdin.

use std::io::{self, BufWriter, Write};

use clap::Args;
use emle::diagnostic::Applicability;
use emle::fix::write_atomic;
use emle::source::{Origin, Source};

use super::pipeline::{Loaded, PathArgs, expand, for_each_ordered, load};
use super::{Failure, LintArgs, Outcome, report_error};

/// Arguments of `emle fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    paths: PathArgs,
    /// Also apply suggestions marked `review` (the best one of each).
    #[arg(long = "unsafe")]
    apply_unsafe: bool,
    /// Print a unified diff of what would change and write nothing.
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    lint: LintArgs,
    /// Exit 0 even when diagnostics remain after fixing.
    #[arg(long)]
    exit_zero: bool,
}

/// What fixing one file gave.
struct FileFix {
    source: Source,
    text: String,
    applied: usize,
    remaining: usize,
}

/// Runs `emle fix`.
pub fn run(args: &FixArgs) -> Result<Outcome, Failure> {
    let project = args.lint.project()?;
    let level = if args.apply_unsafe {
        Applicability::Review
    } else {
        Applicability::Safe
    };
    let (inputs, mut failed) = expand(
        &args.paths.paths,
        &args.paths.walk_options(project.excludes()),
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    let (mut fixed_total, mut files_changed, mut remaining) = (0, 0, 0);
    for_each_ordered(
        &inputs,
        |input| match load(input, args.paths.encoding) {
            Loaded::Source(source) => {
                let linter = project.linter_for(source.origin());
                // Markup files get only their word content rewritten.
                let fixed = match emle::markup::fix(&linter, &source, level) {
                    Ok(fixed) => fixed,
                    Err(e) => return Some(Err(format!("{}: {e}", source.origin()))),
                };
                Some(Ok(FileFix {
                    source,
                    text: fixed.text,
                    applied: fixed.applied,
                    remaining: fixed.remaining,
                }))
            }
            Loaded::Skipped => None,
            Loaded::Error(message) => Some(Err(message)),
        },
        |input, result| {
            let f = match result {
                None => return Ok(()),
                Some(Err(message)) => {
                    report_error(&message);
                    failed = true;
                    return Ok(());
                }
                Some(Ok(f)) => f,
            };
            remaining += f.remaining;
            let changed = f.text != f.source.text();
            if changed {
                fixed_total += f.applied;
                files_changed += 1;
            }
            if !deliver(
                &mut out,
                &input.origin,
                &f.source,
                &f.text,
                args.diff,
                "fixed",
            )? {
                failed = true;
            }
            Ok(())
        },
    )?;
    out.flush()?;
    drop(out);
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    if fixed_total > 0 || remaining > 0 {
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "{verb} {fixed_total} diagnostic{} in {files_changed} file{}",
            plural(fixed_total),
            plural(files_changed)
        );
        let _ = if remaining > 0 {
            writeln!(err, "; {remaining} remain (see `emle check`).")
        } else {
            writeln!(err, ".")
        };
    }
    Ok(if failed {
        Outcome::Errors
    } else if args.exit_zero {
        Outcome::Clean
    } else if (args.diff && files_changed > 0) || (!args.diff && remaining > 0) {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// Writes a unified diff of one file's change.
/// Hands corrected `text` on: with `diff`, prints a diff of it when it
/// changed; otherwise writes it back where it came from, to `out` for
/// standard input (always, so a filter passes its input through) or
/// atomically over a changed file. It is written in the file's own
/// encoding; text the encoding cannot hold is never replaced by entities or
/// question marks, the file is left as it was. `what` names the result in
/// messages ("fixed", "corrected"). Returns false when it could not write.
pub(super) fn deliver(
    out: &mut dyn Write,
    origin: &Origin,
    source: &Source,
    text: &str,
    diff: bool,
    what: &str,
) -> Result<bool, Failure> {
    let changed = text != source.text();
    if diff {
        if changed {
            write_diff(out, origin, source.text(), text)?;
        }
        return Ok(true);
    }
    if !changed && matches!(origin, Origin::File(_)) {
        return Ok(true);
    }
    let bytes = match source.encode(text) {
        Ok(bytes) => bytes,
        Err(e) => {
            report_error(&format!("{origin}: not {what}: {e}"));
            return Ok(false);
        }
    };
    match origin {
        Origin::Stdin => out.write_all(&bytes)?,
        Origin::File(path) => {
            if let Err(e) = write_atomic(path, &bytes) {
                report_error(&format!(
                    "{}: cannot write the {what} file: {e}",
                    path.display()
                ));
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn write_diff(out: &mut dyn Write, origin: &Origin, old: &str, new: &str) -> io::Result<()> {
    let name = origin.to_string();
    let diff = similar::TextDiff::from_lines(old, new);
    write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(2)
            .header(&format!("a/{name}"), &format!("b/{name}"))
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
