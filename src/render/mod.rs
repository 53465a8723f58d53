//! Output formats. Each renderer writes what the engine found; none decides anything.

mod github;
mod gitlab;
mod html;
mod human;
mod json;
mod sarif;

pub use github::Github;
pub use gitlab::Gitlab;
pub use html::HtmlReport;
pub use human::Human;
pub use json::{Json, JsonDiagnostic, Jsonl};
pub use sarif::Sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::Source;

/// The output formats of `emle check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the source line underlined.
    Human,
    /// One JSON document: `{"diagnostics":[…],"summary":{…}}`.
    Json,
    /// One JSON object per diagnostic, one per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (`::warning file=…`).
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
}

/// Counts over a whole run, for summaries.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// Files checked (those that could be read).
    pub files: usize,
    /// Diagnostics reported.
    pub diagnostics: usize,
    /// Diagnostics per rule code.
    pub by_code: BTreeMap<&'static str, usize>,
    /// Diagnostics whose best suggestion is safe.
    #[serde(skip)]
    pub fixable: usize,
    /// Inputs that could not be read.
    #[serde(skip)]
    pub errors: usize,
}

impl Summary {
    /// Adds the counts of another part of the run.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.diagnostics += other.diagnostics;
        for (code, n) in &other.by_code {
            *self.by_code.entry(code).or_default() += n;
        }
        self.fixable += other.fixable;
        self.errors += other.errors;
    }

    /// Counts one file's diagnostics.
    pub fn add_file(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        self.diagnostics += diagnostics.len();
        for d in diagnostics {
            *self.by_code.entry(d.code).or_default() += 1;
            if d.fix_at(Applicability::Safe).is_some() {
                self.fixable += 1;
            }
        }
    }
}

/// A streaming writer of one output format: files arrive one at a time, in
/// the order they are to be shown, and nothing is kept after it is written.
pub trait Renderer {
    /// Writes one file's diagnostics.
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()>;
    /// Writes whatever closes the output (a summary, a closing bracket).
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

impl Format {
    /// Whether a file's output in this format depends on that file alone (no
    /// commas between files, no report gathered until the end), so that
    /// workers can render files in parallel and the output is the same.
    pub fn renders_files_alone(self) -> bool {
        matches!(self, Format::Human | Format::Jsonl | Format::Github)
    }
}

/// Makes the renderer for a format; `color` applies to human output only.
pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(Human::new(color)),
        Format::Json => Box::new(Json::default()),
        Format::Jsonl => Box::new(Jsonl),
        Format::Sarif => Box::new(Sarif::default()),
        Format::Github => Box::new(Github),
        Format::Gitlab => Box::new(Gitlab::default()),
    }
}
