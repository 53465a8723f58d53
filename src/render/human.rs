//! Human output: rustc-style diagnostics through codespan-reporting.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Chars, Config};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity, WordLocation};
use crate::source::{PositionCursor, Source};

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

/// Bytes of context kept on each side of a span on a very long line.
const WINDOW: usize = 240;

/// The part of a source one diagnostic shows: its whole lines, or a window
/// around the span when a line is very long (OCR output can hold a whole
/// page on one line), so that output stays proportional to the findings.
struct Excerpt<'a> {
    name: String,
    text: &'a str,
    line_starts: Vec<usize>,
    first_line: usize,
    first_column: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt for `span` and the span in the excerpt's coordinates.
    fn new(
        source: &'a Source,
        cursor: &mut PositionCursor<'a>,
        span: &Range<usize>,
    ) -> (Excerpt<'a>, Range<usize>) {
        let text = source.text();
        let first = source.line_index(span.start);
        let last = source.line_index(span.end.max(span.start));
        let line_start = source.line_range(first).start.min(span.start);
        let line_end = source.line_range(last).end.max(span.end);
        let mut lo = line_start;
        if span.start - line_start > WINDOW {
            lo = floor_boundary(text, span.start - WINDOW);
        }
        let mut hi = line_end;
        if line_end - span.end > WINDOW {
            hi = ceil_boundary(text, span.end + WINDOW);
        }
        let window = &text[lo..hi];
        let bytes = window.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        let at = cursor.position(lo);
        let excerpt = Excerpt {
            name: source.origin().to_string(),
            text: window,
            line_starts,
            first_line: at.line,
            first_column: at.column,
        };
        (excerpt, span.start - lo..span.end - lo)
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(match self.line_starts.binary_search(&byte_index) {
            Ok(i) => i,
            Err(i) => i - 1,
        })
    }

    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + line_index)
    }

    fn column_number(
        &'a self,
        _: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let start = self.line_range((), line_index)?.start;
        let chars = self
            .text
            .get(start..byte_index)
            .map_or(0, |s| s.chars().count());
        Ok(if line_index == 0 {
            self.first_column + chars
        } else {
            chars + 1
        })
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let start = *self
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.line_starts.len() - 1,
            })?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }
}

/// `note: page 1 (page_1), word word_1_3, box 755,185–942,218, OCR confidence 0.96`.
fn location_note(l: &WordLocation) -> String {
    let mut note = format!("note: page {}", l.page);
    if let Some(id) = &l.page_id {
        note.push_str(&format!(" ({id})"));
    }
    if let Some(id) = &l.element_id {
        note.push_str(&format!(", word {id}"));
    }
    if let Some([x0, y0, x1, y1]) = l.bbox {
        note.push_str(&format!(", box {x0},{y0}\u{2013}{x1},{y1}"));
    }
    if let Some(c) = l.confidence {
        note.push_str(&format!(", OCR confidence {c:.2}"));
    }
    note
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
        let mut buf = self.buffer();
        let mut cursor = PositionCursor::new(source);
        for d in diagnostics {
            let (excerpt, span) = Excerpt::new(source, &mut cursor, &d.span);
            let mut notes: Vec<String> = d
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
            if let Some(l) = &d.location {
                notes.push(location_note(l));
            }
            let report = Report::new(report_severity(d.severity))
                .with_code(d.code)
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), span)])
                .with_notes(notes);
            term::emit_to_write_style(&mut buf, &self.config, &excerpt, &report)
                .map_err(io::Error::other)?;
            out.write_all(buf.as_slice())?;
            buf.clear();
        }
        Ok(())
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
