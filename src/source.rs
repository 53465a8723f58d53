//! The text model: one input's bytes, decoded exactly, with a line index.
//!
//! emle never rewrites what it did not mean to change, so a [`Source`] keeps the
//! file's text byte for byte: the UTF-8 byte order mark, CRLF and lone CR line
//! ends, NFC or NFD spelling. Every span in emle is a byte range into
//! [`Source::text`], which is also a byte range into the file itself.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codepage::CodePage;

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// Where an input came from, for messages and for writing fixes back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

impl Origin {
    /// The file path, if the input is a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::File(p) => Some(p),
            Origin::Stdin => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Stdin => f.write_str("<stdin>"),
        }
    }
}

/// Why an input could not be read as text. Each variant names what was wrong;
/// the caller adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    #[error("not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8 first")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The bytes contain NUL, so this is a binary file, not text.
    #[error("binary file (NUL byte at offset {offset}), not text")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The file is larger than emle handles in one piece.
    #[error("too large ({len} bytes; the limit is 4 GiB): split it into smaller files")]
    TooLarge {
        /// The file's size in bytes.
        len: usize,
    },
    /// The bytes look like a legacy 8-bit Cyrillic encoding.
    #[error(
        "not UTF-8: looks like a legacy 8-bit Cyrillic encoding; \
         pass --encoding kz-1048, pt154 or windows-1251, or convert it to UTF-8"
    )]
    LegacyCyrillic,
    /// The bytes are not valid in the encoding given with `--encoding`.
    #[error("not valid {encoding} (first bad byte near offset {offset})")]
    InvalidEncoding {
        /// The encoding's name.
        encoding: &'static str,
        /// Where decoding failed, roughly.
        offset: usize,
    },
}

/// How a file's text is stored on disk; fixes are written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a BOM.
    Utf8,
    /// UTF-16 little-endian with a BOM.
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// A legacy encoding named with `--encoding` (CP1251, KOI8-R, …).
    Legacy(&'static encoding_rs::Encoding),
    /// An 8-bit Kazakh code page named with `--encoding` (KZ-1048, PT154).
    CodePage(&'static CodePage),
}

impl Encoding {
    /// The encoding's name, as `--encoding` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Legacy(e) => e.name(),
            Encoding::CodePage(p) => p.name(),
        }
    }

    /// Looks an encoding up by a name or label (`windows-1251`, `cp1251`, `koi8-r`).
    pub fn for_label(label: &str) -> Option<Encoding> {
        let lower = label.trim().to_ascii_lowercase();
        match lower.as_str() {
            "utf-8" | "utf8" => return Some(Encoding::Utf8),
            "utf-16le" | "utf-16" => return Some(Encoding::Utf16Le),
            "utf-16be" => return Some(Encoding::Utf16Be),
            "cp1251" => return Some(Encoding::Legacy(encoding_rs::WINDOWS_1251)),
            _ => {}
        }
        if let Some(page) = CodePage::for_label(&lower) {
            return Some(Encoding::CodePage(page));
        }
        let e = encoding_rs::Encoding::for_label(lower.as_bytes())?;
        // UTF-16 labels resolve to encoders that write UTF-8; handled above.
        (e != encoding_rs::UTF_16LE && e != encoding_rs::UTF_16BE && e != encoding_rs::UTF_8)
            .then_some(Encoding::Legacy(e))
    }
}

/// Text that cannot be written back in the file's encoding.
#[derive(Debug, thiserror::Error)]
#[error("the fixed text has characters that {encoding} cannot represent")]
pub struct EncodeError {
    /// The encoding's name.
    pub encoding: &'static str,
}

/// One input decoded as text, with its line index.
#[derive(Debug, Clone)]
pub struct Source {
    origin: Origin,
    encoding: Encoding,
    text: Text,
    line_starts: Vec<usize>,
}

/// Where a source's text lives: in memory of its own, or in a read-only
/// map of a large UTF-8 file (see [`Source::map`]).
#[derive(Clone)]
enum Text {
    Owned(String),
    /// A whole file, checked to be UTF-8 when it was mapped.
    Mapped(Arc<memmap2::Mmap>),
}

impl Text {
    #[inline]
    fn as_str(&self) -> &str {
        match self {
            Text::Owned(text) => text,
            // SAFETY: the bytes were checked to be UTF-8 when mapped, and
            // the map is read-only (see `Source::map` on files changed by
            // others meanwhile).
            Text::Mapped(map) => unsafe { std::str::from_utf8_unchecked(map) },
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Files smaller than this are read, not mapped: mapping costs a few system
/// calls of its own, and pays only when it spares copying many pages.
pub const MAP_MIN_LEN: u64 = 1 << 20;

impl Source {
    /// Reads a file from disk as text.
    pub fn read(path: &Path) -> Result<Source, SourceError> {
        let bytes = std::fs::read(path)?;
        Source::from_bytes(Origin::File(path.to_path_buf()), bytes)
    }

    /// Reads a file as [`Source::read_with`] does, but maps a large UTF-8
    /// file into memory instead of copying it: for a file of many megabytes
    /// that spares a copy and fresh memory for each of its pages, about a
    /// tenth of the time of checking it. Files under [`MAP_MIN_LEN`] bytes,
    /// files in another encoding and files that are not UTF-8 text are read
    /// as usual (and refused with the same errors).
    ///
    /// A map shares the file with the programs that write it: the file must
    /// not be cut short or rewritten in place while the source lives, or the
    /// process may be stopped by the system. Only read-only work (`emle
    /// check`) maps its files, and `--no-mmap` turns it off.
    pub fn map(path: &Path, encoding: Option<Encoding>) -> Result<Source, SourceError> {
        if encoding.is_some_and(|e| e != Encoding::Utf8) {
            return Source::read_with(path, encoding);
        }
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() < MAP_MIN_LEN {
            return Source::read_with(path, encoding);
        }
        // SAFETY: the map is read-only, and its bytes are checked to be
        // UTF-8 below before any is read as text; see above for files
        // changed by others meanwhile.
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }?;
        let utf16 = matches!(map.get(..2), Some([0xff, 0xfe] | [0xfe, 0xff]));
        if utf16
            || memchr::memchr(0, &map).is_some()
            || simdutf8::basic::from_utf8(&map).is_err()
            || map.len() > crate::tokenize::MAX_TEXT_LEN
        {
            // The usual path says what is wrong, or decodes UTF-16.
            return Source::decode(Origin::File(path.to_path_buf()), map.to_vec(), encoding);
        }
        let text = Text::Mapped(Arc::new(map));
        Ok(Source {
            origin: Origin::File(path.to_path_buf()),
            encoding: Encoding::Utf8,
            line_starts: line_starts(text.as_str()),
            text,
        })
    }

    /// Reads a file in a given encoding (`--encoding`), or detects it when `None`.
    pub fn read_with(path: &Path, encoding: Option<Encoding>) -> Result<Source, SourceError> {
        let bytes = std::fs::read(path)?;
        Source::decode(Origin::File(path.to_path_buf()), bytes, encoding)
    }

    /// Decodes bytes as UTF-8 text (with or without a BOM), or UTF-16 with a
    /// BOM, refusing binary data.
    pub fn from_bytes(origin: Origin, bytes: Vec<u8>) -> Result<Source, SourceError> {
        Source::decode(origin, bytes, None)
    }

    /// Decodes bytes in `encoding`, or detects UTF-8 / UTF-16 (by its BOM)
    /// when `None`; a legacy 8-bit Cyrillic file is recognised and refused
    /// with a message saying so.
    pub fn decode(
        origin: Origin,
        bytes: Vec<u8>,
        encoding: Option<Encoding>,
    ) -> Result<Source, SourceError> {
        let encoding = encoding.or_else(|| match bytes.get(..2) {
            Some([0xff, 0xfe]) => Some(Encoding::Utf16Le),
            Some([0xfe, 0xff]) => Some(Encoding::Utf16Be),
            _ => None,
        });
        let text = match encoding {
            None | Some(Encoding::Utf8) => {
                if let Some(offset) = memchr::memchr(0, &bytes) {
                    return Err(SourceError::Binary { offset });
                }
                match utf8_string(bytes) {
                    Ok(text) => text,
                    Err(e) if encoding.is_none() && looks_legacy_cyrillic(e.as_bytes()) => {
                        return Err(SourceError::LegacyCyrillic);
                    }
                    Err(e) => {
                        return Err(SourceError::InvalidUtf8 {
                            offset: e.utf8_error().valid_up_to(),
                        });
                    }
                }
            }
            Some(e @ (Encoding::Utf16Le | Encoding::Utf16Be)) => {
                let decoder = if e == Encoding::Utf16Le {
                    encoding_rs::UTF_16LE
                } else {
                    encoding_rs::UTF_16BE
                };
                let (text, had_errors) = decoder.decode_without_bom_handling(&bytes);
                if had_errors || !bytes.len().is_multiple_of(2) {
                    return Err(SourceError::InvalidEncoding {
                        encoding: e.name(),
                        offset: 0,
                    });
                }
                text.into_owned()
            }
            Some(e @ Encoding::CodePage(page)) => {
                if let Some(offset) = memchr::memchr(0, &bytes) {
                    return Err(SourceError::Binary { offset });
                }
                page.decode(&bytes)
                    .map_err(|offset| SourceError::InvalidEncoding {
                        encoding: e.name(),
                        offset,
                    })?
            }
            Some(e @ Encoding::Legacy(enc)) => {
                if let Some(offset) = memchr::memchr(0, &bytes) {
                    return Err(SourceError::Binary { offset });
                }
                let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
                if had_errors {
                    return Err(SourceError::InvalidEncoding {
                        encoding: e.name(),
                        offset: 0,
                    });
                }
                text.into_owned()
            }
        };
        if text.len() > crate::tokenize::MAX_TEXT_LEN {
            return Err(SourceError::TooLarge { len: text.len() });
        }
        let mut source = Source::from_string(origin, text);
        source.encoding = encoding.unwrap_or(Encoding::Utf8);
        Ok(source)
    }

    /// How the text is stored on disk.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// `text` (this source's text, fixed) as bytes in this source's encoding.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, EncodeError> {
        match self.encoding {
            Encoding::Utf8 => Ok(text.as_bytes().to_vec()),
            Encoding::Utf16Le => Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
            Encoding::Utf16Be => Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
            Encoding::CodePage(page) => page.encode(text).ok_or(EncodeError {
                encoding: page.name(),
            }),
            Encoding::Legacy(enc) => {
                let (bytes, _, had_errors) = enc.encode(text);
                if had_errors {
                    // encoding_rs would write HTML entities: never corrupt a file.
                    return Err(EncodeError {
                        encoding: enc.name(),
                    });
                }
                Ok(bytes.into_owned())
            }
        }
    }

    /// Wraps text that is already decoded.
    pub fn from_string(origin: Origin, text: String) -> Source {
        let line_starts = line_starts(&text);
        Source {
            origin,
            encoding: Encoding::Utf8,
            text: Text::Owned(text),
            line_starts,
        }
    }

    /// Where the text came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The text, given back without copying when it was read (a mapped
    /// file's is copied).
    pub fn into_text(self) -> String {
        match self.text {
            Text::Owned(text) => text,
            mapped => mapped.as_str().to_string(),
        }
    }

    /// The whole text, byte-identical to the input (BOM included).
    #[inline]
    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// Length in bytes of the leading BOM (0 or 3); content starts there.
    pub fn bom_len(&self) -> usize {
        if self.text().starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// Number of lines (a final line without a line end counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where line `index` (0-based) starts; the BOM belongs
    /// to line 0. `None` past the last line.
    pub fn line_start(&self, index: usize) -> Option<usize> {
        self.line_starts.get(index).copied()
    }

    /// The byte range of line `index` (0-based), without its line end.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let mut end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text().len());
        let bytes = self.text().as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start.max(if index == 0 { self.bom_len() } else { start })..end
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Maps a byte offset to a 1-based line and a 1-based column counted in
    /// Unicode scalar values (the BOM is not counted).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text().len());
        let line = self.line_index(offset);
        let mut start = self.line_starts[line];
        if line == 0 {
            start = start.max(self.bom_len()).min(offset);
        }
        let column = self
            .text()
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// Maps byte offsets to positions quickly when they come in increasing order
/// (as diagnostics do): each step counts only the characters since the last
/// offset, so a file with one huge line stays linear.
#[derive(Debug, Clone)]
pub struct PositionCursor<'a> {
    source: &'a Source,
    offset: usize,
    position: Position,
}

impl<'a> PositionCursor<'a> {
    /// A cursor at the start of the source.
    pub fn new(source: &'a Source) -> PositionCursor<'a> {
        PositionCursor {
            source,
            offset: source.bom_len(),
            position: Position { line: 1, column: 1 },
        }
    }

    /// The position of `offset`, like [`Source::position`].
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.source.text().len());
        let line = self.line_from_here(offset);
        if line + 1 != self.position.line || offset < self.offset {
            let mut start = self.source.line_starts[line];
            if line == 0 {
                start = start.max(self.source.bom_len()).min(offset);
            }
            self.offset = start;
            self.position = Position {
                line: line + 1,
                column: 1,
            };
        }
        let bom = self.source.bom_len();
        if self.offset < bom && offset >= bom {
            // The BOM is not counted as a column.
            self.offset = bom;
        }
        let between = self
            .source
            .text()
            .get(self.offset..offset)
            .map_or(0, |s| s.chars().count());
        self.position.column += between;
        self.offset = offset;
        self.position
    }
}

impl PositionCursor<'_> {
    /// [`Source::line_index`] of `offset`, searched forward from the
    /// cursor's line when `offset` is not before it: most offsets asked for
    /// are on that line or a few lines on, and a search of the whole index
    /// costs more than the rest of a step.
    fn line_from_here(&self, offset: usize) -> usize {
        let starts = &self.source.line_starts;
        let here = self.position.line - 1;
        if offset < self.offset || starts.get(here).is_none_or(|&s| s > offset) {
            return self.source.line_index(offset);
        }
        // Lines from `here` on start at or before `offset` up to the answer.
        let after = &starts[here + 1..];
        let on = after
            .iter()
            .take(8)
            .position(|&s| s > offset)
            .unwrap_or_else(|| after.partition_point(|&s| s <= offset));
        here + on
    }
}

/// A 1-based line and column (column in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// `bytes` as a string if they are UTF-8. Validating is a large share of
/// reading Kazakh text, whose letters are all two bytes long, and the SIMD
/// validator of simdutf8 is several times faster than the standard one on
/// such text; the standard one runs only to describe an error.
fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return String::from_utf8(bytes);
    }
    // SAFETY: simdutf8 has just checked that `bytes` are valid UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Whether bytes that are not UTF-8 look like 8-bit Cyrillic: most bytes
/// above 0x7F are in 0xC0..=0xFF, where CP1251, KZ-1048 and PT154 keep the
/// Cyrillic letters.
fn looks_legacy_cyrillic(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let letters = bytes.iter().filter(|&&b| b >= 0xc0).count();
    high >= 8 && letters * 10 >= high * 7
}

/// Byte offsets where lines start: after `\n`, and after a `\r` not followed by `\n`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    if starts.last() == Some(&text.len()) && !text.is_empty() {
        // A final line end does not open an empty last line.
        starts.pop();
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::from_string(Origin::Stdin, text.to_string())
    }

    #[test]
    fn positions_count_scalar_values() {
        let s = src("Кеңес\nқұрылыс съезі");
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
        let at = s.text().find("съезі").unwrap();
        assert_eq!(s.position(at), Position { line: 2, column: 9 });
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let s = src("а\r\nә\rб\n");
        assert_eq!(s.line_count(), 3);
        assert_eq!(&s.text()[s.line_range(0)], "а");
        assert_eq!(&s.text()[s.line_range(1)], "ә");
        assert_eq!(&s.text()[s.line_range(2)], "б");
        assert_eq!(s.position(s.text().find('б').unwrap()).line, 3);
    }

    #[test]
    fn bom_is_kept_but_not_counted() {
        let s = Source::from_bytes(Origin::Stdin, "\u{feff}Кеңес".as_bytes().to_vec()).unwrap();
        assert_eq!(s.bom_len(), 3);
        assert!(s.text().starts_with(BOM));
        assert_eq!(s.position(3), Position { line: 1, column: 1 });
        assert_eq!(&s.text()[s.line_range(0)], "Кеңес");
    }

    #[test]
    fn binary_and_invalid_utf8_are_refused() {
        assert!(matches!(
            Source::from_bytes(Origin::Stdin, b"ab\0c".to_vec()),
            Err(SourceError::Binary { offset: 2 })
        ));
        assert!(matches!(
            Source::from_bytes(Origin::Stdin, b"ok \xff".to_vec()),
            Err(SourceError::InvalidUtf8 { offset: 3 })
        ));
    }

    /// A large file is mapped and reads as the same source as when read;
    /// one that is not UTF-8 text is refused with the same error; a small
    /// one is simply read.
    #[test]
    fn mapped_files_read_as_read_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let line = "Кеңес съезі\r\nқұрылыс\n";
        let big = format!(
            "{BOM}{}",
            line.repeat(MAP_MIN_LEN as usize / line.len() + 1)
        );
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(big.encode_utf16().flat_map(u16::to_le_bytes));
        let mut invalid = big.clone().into_bytes();
        invalid.push(0xff);
        let mut binary = big.clone().into_bytes();
        binary[1000] = 0;
        let cases: [(&str, Vec<u8>); 5] = [
            ("big.txt", big.into_bytes()),
            ("small.txt", line.as_bytes().to_vec()),
            ("utf16.txt", utf16),
            ("invalid.txt", invalid),
            ("binary.txt", binary),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).expect("write");
            let mapped = Source::map(&path, None);
            let read = Source::read_with(&path, None);
            match (mapped, read) {
                (Ok(m), Ok(r)) => {
                    assert_eq!(m.text(), r.text(), "{name}");
                    assert_eq!(m.encoding(), r.encoding(), "{name}");
                    assert_eq!(m.line_count(), r.line_count(), "{name}");
                    assert_eq!(m.into_text(), r.into_text(), "{name}");
                }
                (Err(m), Err(r)) => assert_eq!(m.to_string(), r.to_string(), "{name}"),
                (m, r) => panic!("{name}: mapped {m:?}, read {r:?}"),
            }
        }
        assert!(Source::map(&dir.path().join("missing.txt"), None).is_err());
    }

    #[test]
    fn cursor_agrees_with_position() {
        let s = Source::from_bytes(
            Origin::Stdin,
            "\u{feff}Кеңес\r\nқұрылыс\rсъезі\n".as_bytes().to_vec(),
        )
        .unwrap();
        let mut cursor = PositionCursor::new(&s);
        let offsets: Vec<usize> = (0..=s.text().len())
            .filter(|&i| s.text().is_char_boundary(i))
            .collect();
        for &i in &offsets {
            assert_eq!(cursor.position(i), s.position(i), "at {i}");
        }
        // Going backwards works too.
        assert_eq!(cursor.position(3), s.position(3));
    }

    /// A cursor that steps forward a few lines or many at a time, or back,
    /// finds the lines a search of the whole index finds.
    #[test]
    fn cursor_finds_lines_near_and_far() {
        let text: String = (0..200)
            .map(|i| format!("{}\n", "ж".repeat(i % 7)))
            .collect();
        let s = src(&text);
        for step in [1, 3, 17, 40, 301] {
            let mut cursor = PositionCursor::new(&s);
            let mut at = 0;
            while at <= text.len() {
                if text.is_char_boundary(at) {
                    assert_eq!(cursor.position(at), s.position(at), "step {step} at {at}");
                }
                at += step;
            }
            assert_eq!(cursor.position(0), s.position(0));
        }
    }

    #[test]
    fn utf16_round_trips() {
        let text = "\u{feff}Кеңес\r\nсъезі\n";
        for (enc, bytes) in [
            (
                Encoding::Utf16Le,
                text.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ),
            (
                Encoding::Utf16Be,
                text.encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<u8>>(),
            ),
        ] {
            let s = Source::from_bytes(Origin::Stdin, bytes.clone()).unwrap();
            assert_eq!(s.encoding(), enc);
            assert_eq!(s.text(), text);
            assert_eq!(s.encode(s.text()).unwrap(), bytes);
        }
    }

    #[test]
    fn legacy_cyrillic_is_recognised_and_readable_on_request() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Совет одағы мен партия съезі туралы");
        let err = Source::from_bytes(Origin::Stdin, bytes.to_vec()).unwrap_err();
        assert!(matches!(err, SourceError::LegacyCyrillic), "{err}");
        let enc = Encoding::for_label("cp1251").unwrap();
        let (ru, _, _) = encoding_rs::WINDOWS_1251.encode("Совет съезі");
        let s = Source::decode(Origin::Stdin, ru.to_vec(), Some(enc)).unwrap();
        assert_eq!(s.text(), "Совет съезі");
        assert_eq!(s.encode("Совет съезі").unwrap(), ru.to_vec());
        // Kazakh letters CP1251 lacks are never written as entities.
        assert!(s.encode("Кеңес").is_err());
        // KZ-1048 has them.
        let kz = Encoding::for_label("kz-1048").unwrap();
        let bytes = CodePage::kz1048().encode("Кеңес съезі").unwrap();
        let s = Source::decode(Origin::Stdin, bytes.clone(), Some(kz)).unwrap();
        assert_eq!(s.text(), "Кеңес съезі");
        assert_eq!(s.encode(s.text()).unwrap(), bytes);
    }

    #[test]
    fn empty_text_has_one_line() {
        let s = src("");
        assert_eq!(s.line_count(), 1);
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
    }
}
