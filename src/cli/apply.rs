//! `emle apply`: replay reviewed corrections on other files.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use emle::decisions::Decisions;
use emle::diagnostic::{Applicability, Diagnostic, Suggestion};
use emle::fix::{apply_edits, plan_edits};
use emle::source::Source;

use super::fix::deliver;
use super::pipeline::{Loaded, PathArgs, expand, for_each_ordered, load};
use super::{Failure, LintArgs, Outcome, report_error};

/// Arguments of `emle apply`.
#[derive(Debug, Args)]
#[command(
    mut_arg("paths", |a| a.help(
        "Files or folders to correct (`-` corrects standard input to standard output)"
    )),
    after_help = "\
A correction is applied where the same rule flags the same text in the same
surroundings as when it was decided, and also anywhere else when every
decision about that text agrees (the same damage recurring across the volumes
of one scan). Decisions to keep a text as it is change nothing.

Examples:
  emle apply .emle/decisions.jsonl volume2/
  emle apply --diff .emle/decisions.jsonl volume2/p001.txt"
)]
pub struct ApplyArgs {
    /// The decisions file, as `emle review` writes it (.emle/decisions.jsonl).
    decisions: PathBuf,
    #[command(flatten)]
    paths: PathArgs,
    /// Print a unified diff of what would change and write nothing.
    #[arg(long)]
    diff: bool,
    #[command(flatten)]
    lint: LintArgs,
}

/// What replaying decisions on one file gave.
struct Replayed {
    source: Source,
    text: String,
    applied: usize,
}

/// Runs `emle apply`.
pub fn run(args: &ApplyArgs) -> Result<Outcome, Failure> {
    if !args.decisions.is_file() {
        return Err(Failure::Usage(format!(
            "{}: no such decisions file",
            args.decisions.display()
        )));
    }
    let decisions = Decisions::load(&args.decisions).map_err(|e| Failure::Usage(e.to_string()))?;
    let project = args.lint.project()?;
    let (inputs, mut failed) = expand(
        &args.paths.paths,
        &args.paths.walk_options(project.excludes()),
    )?;
    let mut out = BufWriter::new(io::stdout().lock());
    let (mut total, mut files) = (0, 0);
    for_each_ordered(
        &inputs,
        |input| match load(input, args.paths.encoding) {
            Loaded::Source(source) => {
                let linter = project.linter_for(source.origin());
                let text = source.text();
                let fixes: Vec<Diagnostic> = linter
                    .check(&source)
                    .into_iter()
                    .filter_map(|d| {
                        let new = decisions.lookup_recurring(text, &d)?.new_text()?;
                        Some(Diagnostic {
                            suggestions: vec![Suggestion::review(new, 1.0)],
                            ..d
                        })
                    })
                    .collect();
                let (edits, _) = plan_edits(text, &fixes, Applicability::Review);
                let fixed = apply_edits(text, &edits);
                Some(Ok(Replayed {
                    applied: edits.len(),
                    text: fixed,
                    source,
                }))
            }
            Loaded::Skipped => None,
            Loaded::Error(message) => Some(Err(message)),
        },
        |input, result| {
            let r = match result {
                None => return Ok(()),
                Some(Err(message)) => {
                    report_error(&message);
                    failed = true;
                    return Ok(());
                }
                Some(Ok(r)) => r,
            };
            let changed = r.text != r.source.text();
            if changed {
                total += r.applied;
                files += 1;
                let mut err = io::stderr().lock();
                let _ = writeln!(
                    err,
                    "{}: {} {} correction{}",
                    input.origin,
                    if args.diff { "would apply" } else { "applied" },
                    r.applied,
                    if r.applied == 1 { "" } else { "s" }
                );
            }
            if !deliver(
                &mut out,
                &input.origin,
                &r.source,
                &r.text,
                args.diff,
                "corrected",
            )? {
                failed = true;
            }
            Ok(())
        },
    )?;
    out.flush()?;
    drop(out);
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "{} {total} correction{} in {files} file{} from {}.",
        if args.diff { "Would apply" } else { "Applied" },
        if total == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        args.decisions.display()
    );
    Ok(if failed {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
