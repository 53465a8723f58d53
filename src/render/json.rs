//! Machine output: `json` (one document) and `jsonl` (one object per line).
//!
//! The object layout is a stable interface, documented in the README.

use std::io::{self, Write};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::source::{Position, PositionCursor, Source};

/// Writes each diagnostic of a file as one JSON object, computing positions
/// with cursors so that long lines stay linear. Objects are built in a
/// buffer and written a batch at a time: serde's many small writes then go
/// to a plain vector, not through the output's dynamic writer.
fn write_objects(
    out: &mut dyn Write,
    source: &Source,
    diagnostics: &[Diagnostic],
    mut before_each: impl FnMut(&mut Vec<u8>),
) -> io::Result<()> {
    const BATCH: usize = 64 * 1024;
    let path = source.origin().to_string();
    let mut starts = PositionCursor::new(source);
    let mut ends = PositionCursor::new(source);
    let mut buf = Vec::new();
    for d in diagnostics {
        before_each(&mut buf);
        let json = JsonDiagnostic::at(
            &path,
            source,
            d,
            starts.position(d.span.start),
            ends.position(d.span.end),
        );
        serde_json::to_writer(&mut buf, &json)?;
        if buf.len() >= BATCH {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// One diagnostic as it appears in JSON output.
#[derive(Debug, serde::Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The file, as given on the command line (`<stdin>` for standard input).
    pub path: &'a str,
    /// 1-based line of the first byte.
    pub line: usize,
    /// 1-based column of the first byte, in Unicode scalar values.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the span (exclusive).
    pub end_column: usize,
    /// Byte offset of the span in the file.
    pub byte_start: usize,
    /// Byte offset just past the span (exclusive).
    pub byte_end: usize,
    /// Rule code.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// The flagged original text.
    pub text: &'a str,
    /// Corrections, best first.
    pub suggestions: &'a [Suggestion],
    /// Markup input only: the page number of the flagged word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Markup input only: the page's id or image name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_id: Option<&'a str>,
    /// Markup input only: the word element's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element_id: Option<&'a str>,
    /// Markup input only: the word's box on the page, `[x0, y0, x1, y1]`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_numbers"
    )]
    pub bbox: Option<[f64; 4]>,
    /// Markup input only: the OCR engine's confidence in the word, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
}

/// A box with whole coordinates written as integers (`[216,176,400,212]`).
fn whole_numbers<S: serde::Serializer>(bbox: &Option<[f64; 4]>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let Some(bbox) = bbox else {
        return s.serialize_none();
    };
    let mut seq = s.serialize_seq(Some(4))?;
    for &v in bbox {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            seq.serialize_element(&(v as i64))?;
        } else {
            seq.serialize_element(&v)?;
        }
    }
    seq.end()
}

impl<'a> JsonDiagnostic<'a> {
    /// Builds the JSON view of a diagnostic in a source shown as `path`,
    /// with positions already computed (by cursors: see `write_objects`).
    pub fn at(
        path: &'a str,
        source: &'a Source,
        d: &'a Diagnostic,
        start: Position,
        end: Position,
    ) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: d.span.start,
            byte_end: d.span.end,
            code: d.code,
            severity: d.severity,
            message: &d.message,
            text: source.text().get(d.span.clone()).unwrap_or(""),
            suggestions: &d.suggestions,
            page: d.location.as_ref().map(|l| l.page),
            page_id: d.location.as_ref().and_then(|l| l.page_id.as_deref()),
            element_id: d.location.as_ref().and_then(|l| l.element_id.as_deref()),
            bbox: d.location.as_ref().and_then(|l| l.bbox),
            ocr_confidence: d.location.as_ref().and_then(|l| l.confidence),
        }
    }
}

/// `--format jsonl`: one object per diagnostic, one per line.
#[derive(Debug, Default)]
pub struct Jsonl;

impl Renderer for Jsonl {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let mut first = true;
        write_objects(out, source, diagnostics, |buf| {
            if !std::mem::take(&mut first) {
                buf.push(b'\n');
            }
        })?;
        if !diagnostics.is_empty() {
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// `--format json`: `{"diagnostics":[…],"summary":{"files","diagnostics","by_code"}}`,
/// streamed so that memory does not grow with the corpus.
#[derive(Debug, Default)]
pub struct Json {
    written: usize,
}

impl Renderer for Json {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let written = &mut self.written;
        write_objects(out, source, diagnostics, |buf| {
            buf.extend_from_slice(if *written == 0 {
                b"{\"diagnostics\":[\n"
            } else {
                b",\n"
            });
            *written += 1;
        })
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        out.write_all(if self.written == 0 {
            b"{\"diagnostics\":["
        } else {
            b"\n"
        })?;
        out.write_all(b"],\"summary\":")?;
        serde_json::to_writer(&mut *out, summary)?;
        out.write_all(b"}\n")
    }
}
