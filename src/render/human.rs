//! Human output: rustc-style diagnostics through codespan-reporting.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;

/// At most this many suggestions are shown per diagnostic.
const MAX_SUGGESTIONS: usize = 5;

/// Writes diagnostics the way rustc does: header, `-->` location, the source
/// line with the span underlined, and a `help:` line per suggestion.
#[derive(Debug)]
pub struct Human {
    color: bool,
    config: Config,
}

impl Human {
    /// A human renderer, with ANSI colours or without.
    pub fn new(color: bool) -> Human {
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        Human { color, config }
    }

    fn buffer(&self) -> Buffer {
        if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    }
}

/// Lets codespan-reporting use emle's own line index (which knows lone CR).
struct SourceFile<'a>(&'a Source);

impl<'a> Files<'a> for SourceFile<'a> {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<String, FilesError> {
        Ok(self.0.origin().to_string())
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.0.text())
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.line_index(byte_index.min(self.0.text().len())))
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index >= self.0.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: self.0.line_count() - 1,
            });
        }
        let r = self.0.line_range(line_index);
        // codespan wants the range to include the line end.
        let end = if line_index + 1 < self.0.line_count() {
            self.0.line_range(line_index + 1).start
        } else {
            self.0.text().len()
        };
        Ok(r.start..end.max(r.end))
    }

    fn column_number(
        &'a self,
        _: (),
        _line: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.0.position(byte_index).column)
    }
}

fn report_severity(s: Severity) -> ReportSeverity {
    match s {
        Severity::Info => ReportSeverity::Note,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Error => ReportSeverity::Error,
    }
}

impl Renderer for Human {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let files = SourceFile(source);
        let mut buf = self.buffer();
        for d in diagnostics {
            let notes = d
                .suggestions
                .iter()
                .take(MAX_SUGGESTIONS)
                .map(|s| {
                    format!(
                        "help: replace with `{}` ({}, confidence {:.2})",
                        s.replacement.escape_debug(),
                        s.applicability,
                        s.confidence
                    )
                })
                .collect();
            let report = Report::new(report_severity(d.severity))
                .with_code(d.code)
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), d.span.clone())])
                .with_notes(notes);
            term::emit_to_write_style(&mut buf, &self.config, &files, &report)
                .map_err(io::Error::other)?;
        }
        out.write_all(buf.as_slice())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if summary.diagnostics == 0 {
            return Ok(());
        }
        let mut buf = self.buffer();
        buf.set_color(ColorSpec::new().set_bold(true).set_fg(Some(Color::Yellow)))?;
        write!(
            buf,
            "Found {} diagnostic{} in {} file{}",
            summary.diagnostics,
            plural(summary.diagnostics),
            summary.files,
            plural(summary.files)
        )?;
        buf.reset()?;
        if summary.fixable > 0 {
            write!(buf, " ({} fixable with `emle fix`)", summary.fixable)?;
        }
        writeln!(buf, ".")?;
        out.write_all(buf.as_slice())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
