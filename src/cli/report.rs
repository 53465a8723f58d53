//! `emle report --html`: one self-contained page for reviewing findings in a
//! browser.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use emle::fix::write_atomic;
use emle::render::HtmlReport;

use super::pipeline::{Loaded, PathArgs, Progress, expand, for_each_ordered, load};
use super::{Failure, LintArgs, Outcome, report_error};

/// Arguments of `emle report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write an HTML review page to this file (`-` for standard output).
    #[arg(long, value_name = "FILE", required = true)]
    html: PathBuf,
    /// The page's title.
    #[arg(long, default_value = "emle review")]
    title: String,
    #[command(flatten)]
    paths: PathArgs,
    #[command(flatten)]
    lint: LintArgs,
    /// Print no summary line.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs `emle report`: checks the inputs like `emle check` and writes the
/// page. Exits 0 once the page is written, whatever it holds, and 2 when
/// some input could not be read (the page shows the others).
pub fn run(args: &ReportArgs) -> Result<Outcome, Failure> {
    let project = args.lint.project()?;
    let (mut inputs, mut failed) = expand(
        &args.paths.paths,
        &args.paths.walk_options(project.excludes()),
    )?;
    // A page written among the texts is not one of them: reporting on it
    // would grow the next report with the last one.
    if let Ok(page) = args.html.canonicalize() {
        inputs.retain(|input| {
            input
                .origin
                .path()
                .and_then(|p| p.canonicalize().ok())
                .is_none_or(|p| p != page)
        });
    }
    let mut report = HtmlReport::new(&args.title);
    let progress = Progress::new(&inputs, args.quiet);
    let mut found = 0;
    for_each_ordered(
        &inputs,
        |input| match load(input, args.paths.encoding) {
            Loaded::Source(source) => {
                let diagnostics = project.linter_for(source.origin()).check(&source);
                Some(Ok((source, diagnostics)))
            }
            Loaded::Skipped => None,
            Loaded::Error(message) => Some(Err(message)),
        },
        |_, result| {
            match result {
                None => progress.advance(0),
                Some(Err(message)) => {
                    progress.advance(0);
                    report_error(&message);
                    failed = true;
                }
                Some(Ok((source, diagnostics))) => {
                    progress.advance(source.text().len());
                    found += diagnostics.len();
                    report.add_file(&source, &diagnostics);
                }
            }
            Ok(())
        },
    )?;
    progress.finish();
    let mut page = Vec::new();
    report.write(&mut page)?;
    if args.html.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        out.write_all(&page)?;
        out.flush()?;
    } else {
        // Written whole and renamed into place: an open report is never
        // replaced by half a page.
        write_atomic(&args.html, &page).map_err(|e| {
            Failure::Usage(format!(
                "{}: cannot write the report: {e}",
                args.html.display()
            ))
        })?;
        if !args.quiet {
            let mut err = io::stderr().lock();
            let _ = writeln!(
                err,
                "Wrote {}: {found} finding{} to review.",
                args.html.display(),
                if found == 1 { "" } else { "s" }
            );
        }
    }
    Ok(if failed {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
