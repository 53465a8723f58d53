//! Machine output: `json` (one document) and `jsonl` (one object per line).
//!
//! The object layout is a stable interface, documented in the README.

use std::io::{self, Write};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::lexicon::FastMap;
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
    // The path is the same in every object: escaped once.
    let mut path_json = Vec::new();
    write_str(&mut path_json, &path)?;
    let mut floats = Floats::default();
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
        json.write_with(&mut buf, &path_json, &mut floats)?;
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

impl JsonDiagnostic<'_> {
    /// Appends the object to `buf`, byte for byte as serde writes it:
    /// written by hand for a plain-text diagnostic, whose strings seldom
    /// need escaping and whose fields are all known, since serde's
    /// byte-by-byte escaping was a tenth of checking a corpus with many
    /// findings. Markup diagnostics, with their optional fields, go through
    /// serde.
    pub fn write_to(&self, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut path = Vec::new();
        write_str(&mut path, self.path)?;
        self.write_with(buf, &path, &mut Floats::default())
    }

    /// [`JsonDiagnostic::write_to`] with the path written already
    /// (`path_json`, quoted and escaped) and the confidences written
    /// before in `floats`: the objects of one file share both.
    fn write_with(
        &self,
        buf: &mut Vec<u8>,
        path_json: &[u8],
        floats: &mut Floats,
    ) -> io::Result<()> {
        if self.page.is_some()
            || self.page_id.is_some()
            || self.element_id.is_some()
            || self.bbox.is_some()
            || self.ocr_confidence.is_some()
        {
            return Ok(serde_json::to_writer(buf, self)?);
        }
        buf.extend_from_slice(b"{\"path\":");
        buf.extend_from_slice(path_json);
        for (key, n) in [
            (&b",\"line\":"[..], self.line),
            (b",\"column\":", self.column),
            (b",\"end_line\":", self.end_line),
            (b",\"end_column\":", self.end_column),
            (b",\"byte_start\":", self.byte_start),
            (b",\"byte_end\":", self.byte_end),
        ] {
            buf.extend_from_slice(key);
            write_number(buf, n);
        }
        buf.extend_from_slice(b",\"code\":");
        write_plain(buf, self.code);
        buf.extend_from_slice(b",\"severity\":");
        write_plain(buf, self.severity.as_str());
        buf.extend_from_slice(b",\"message\":");
        write_str(buf, self.message)?;
        buf.extend_from_slice(b",\"text\":");
        write_str(buf, self.text)?;
        buf.extend_from_slice(b",\"suggestions\":[");
        for (i, s) in self.suggestions.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(b"{\"replacement\":");
            write_str(buf, &s.replacement)?;
            buf.extend_from_slice(b",\"applicability\":");
            write_plain(buf, s.applicability.as_str());
            buf.extend_from_slice(b",\"confidence\":");
            floats.write(buf, s.confidence)?;
            buf.push(b'}');
        }
        buf.extend_from_slice(b"]}");
        Ok(())
    }
}

/// Appends a string known to need no escaping (a rule code, a severity,
/// an applicability: lowercase ASCII words) between quotes.
fn write_plain(buf: &mut Vec<u8>, s: &str) {
    debug_assert!(!needs_escape(s.as_bytes()));
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
}

/// Confidences as serde writes them, by their bits: a file's suggestions
/// share a few values (the rules' fixed ones, a recurring word's), and
/// formatting a float costs more than the rest of a suggestion.
#[derive(Default)]
struct Floats(FastMap<u32, Box<[u8]>>);

impl Floats {
    /// Values kept at most, lest a file of many distinct ones grow it.
    const CAP: usize = 4096;

    /// Appends `x` as serde writes it.
    fn write(&mut self, buf: &mut Vec<u8>, x: f32) -> io::Result<()> {
        if let Some(text) = self.0.get(&x.to_bits()) {
            buf.extend_from_slice(text);
            return Ok(());
        }
        let start = buf.len();
        serde_json::to_writer(&mut *buf, &x)?;
        if self.0.len() < Self::CAP {
            self.0.insert(x.to_bits(), buf[start..].into());
        }
        Ok(())
    }
}

/// Appends a JSON string: as it is between quotes when no byte needs
/// escaping (a control character, `"` or `\`), else as serde escapes it.
fn write_str(buf: &mut Vec<u8>, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return Ok(serde_json::to_writer(buf, s)?);
    }
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
    Ok(())
}

/// Whether a byte of `bytes` must be escaped in a JSON string: a control
/// character, `"` or `\`. Eight bytes are tested at a step, as one word
/// (most of the text is Cyrillic, which never needs escaping).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `w` is below `n` (at most 0x80).
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH != 0;
    let escape = |chunk: &[u8]| {
        let mut b = [0; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        below(w, 0x20) | below(w ^ (ONES * 0x22), 1) | below(w ^ (ONES * 0x5c), 1)
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    // The last eight bytes, read again in part, stand for the rest.
    bytes.chunks_exact(8).any(escape) || escape(&bytes[bytes.len() - 8..])
}

/// Appends a whole number in decimal, two digits at a step: each object
/// holds six numbers, and a division per digit cost more than the rest of
/// the number.
fn write_number(buf: &mut Vec<u8>, mut n: usize) {
    // "00", "01", …, "99".
    const PAIRS: [u8; 200] = {
        let mut pairs = [0; 200];
        let mut i = 0;
        while i < 100 {
            pairs[2 * i] = b'0' + (i / 10) as u8;
            pairs[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        pairs
    };
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    buf.extend_from_slice(&digits[at..]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use proptest::prelude::*;

    fn object<'a>(
        strings: &'a [String; 3],
        numbers: [usize; 6],
        suggestions: &'a [Suggestion],
    ) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            path: &strings[0],
            line: numbers[0],
            column: numbers[1],
            end_line: numbers[2],
            end_column: numbers[3],
            byte_start: numbers[4],
            byte_end: numbers[5],
            code: "unknown-word",
            severity: Severity::Warning,
            message: &strings[1],
            text: &strings[2],
            suggestions,
            page: None,
            page_id: None,
            element_id: None,
            bbox: None,
            ocr_confidence: None,
        }
    }

    proptest! {
        /// The hand-written object is the one serde writes.
        #[test]
        fn written_by_hand_as_by_serde(
            strings in proptest::array::uniform3(".*"),
            numbers in proptest::array::uniform6(any::<usize>()),
            suggestions in proptest::collection::vec(
                (".*", any::<bool>(), any::<f32>()), 0..6),
        ) {
            let suggestions: Vec<Suggestion> = suggestions
                .into_iter()
                .map(|(replacement, safe, confidence)| Suggestion {
                    replacement,
                    applicability: if safe { Applicability::Safe } else { Applicability::Review },
                    confidence,
                })
                .collect();
            let json = object(&strings, numbers, &suggestions);
            let mut ours = Vec::new();
            json.write_to(&mut ours).unwrap();
            prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&json).unwrap());
        }
    }

    /// Numbers are written as `to_string` writes them, at every length.
    #[test]
    fn numbers_are_written_in_decimal() {
        let small = 0..100_000;
        let powers = (0..20).flat_map(|e| {
            let p = 10usize.pow(e);
            [p - 1, p, p + 1]
        });
        for n in small.chain(powers).chain([usize::MAX, usize::MAX - 1]) {
            let mut buf = Vec::new();
            write_number(&mut buf, n);
            assert_eq!(String::from_utf8(buf).unwrap(), n.to_string());
        }
    }

    /// Confidences written again from the cache are written as serde
    /// writes them.
    #[test]
    fn cached_confidences_are_written_as_by_serde() {
        let mut floats = Floats::default();
        let values = [
            0.5,
            0.7,
            0.5,
            f32::NAN,
            1e-7,
            f32::NAN,
            0.7,
            0.933_367_2,
            1e-7,
        ];
        for x in values.iter().chain(&values) {
            let mut ours = Vec::new();
            floats.write(&mut ours, *x).unwrap();
            assert_eq!(ours, serde_json::to_vec(x).unwrap(), "{x}");
        }
        assert_eq!(floats.0.len(), 5);
    }

    /// The eight-byte test finds each byte to escape wherever it stands,
    /// and no other.
    #[test]
    fn bytes_to_escape_are_found_anywhere() {
        for b in 0..=0x7fu8 {
            let escape = b < 0x20 || b == b'"' || b == b'\\';
            for len in 1..20 {
                for at in 0..len {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    assert_eq!(needs_escape(&s), escape, "{b:#x} at {at} of {len}");
                    // Bytes above 0x7f (Cyrillic) around it change nothing.
                    let mut s = vec![0xd0; len];
                    s[at] = b;
                    assert_eq!(needs_escape(&s), escape, "{b:#x} at {at} of {len}");
                }
            }
        }
        assert!(!needs_escape("Кеңес одағы".as_bytes()));
    }

    #[test]
    fn escapes_and_markup_fields_as_serde() {
        let strings = [
            "a\"b\\c".to_string(),
            "line\nbreak\u{1}".into(),
            "Кеңес".into(),
        ];
        let s = [
            Suggestion::safe("Кеңес", 0.5),
            Suggestion::review("x\ty", f32::NAN),
        ];
        let mut json = object(&strings, [0, 1, 9, 10, usize::MAX, 42], &s);
        for markup in [false, true] {
            if markup {
                json.page = Some(3);
                json.bbox = Some([1.0, 2.5, 3.0, 4.0]);
            }
            let mut ours = Vec::new();
            json.write_to(&mut ours).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&json).unwrap()
            );
        }
    }
}
