//! The compiled lexicon's container format: one byte string holding named
//! sections (automata, tables, texts), written by the compiler and read by
//! [`Lexicon`](super::Lexicon) from the embedded copy or a memory-mapped file.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic  "EMLEXv01"                       8 bytes
//! count  u32                              number of sections
//! table  count × (tag [u8; 4], offset u64, len u64)
//! data   the sections, each at its offset from the start of the file
//! ```
//!
//! This file is shared with `build.rs` (included with `#[path]`), so it uses
//! only `std`.

use std::ops::Range;

/// The first eight bytes of every compiled lexicon.
pub const MAGIC: &[u8; 8] = b"EMLEXv01";

/// Builds a container from named sections.
#[derive(Debug, Default)]
pub struct Writer {
    sections: Vec<([u8; 4], Vec<u8>)>,
}

impl Writer {
    /// Adds a section; tags should be unique.
    pub fn add(&mut self, tag: &[u8; 4], data: Vec<u8>) {
        self.sections.push((*tag, data));
    }

    /// Lays the sections out and returns the container's bytes.
    pub fn finish(self) -> Vec<u8> {
        let header = 8 + 4 + self.sections.len() * 20;
        let mut out =
            Vec::with_capacity(header + self.sections.iter().map(|s| s.1.len()).sum::<usize>());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        let mut offset = header as u64;
        for (tag, data) in &self.sections {
            out.extend_from_slice(tag);
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&(data.len() as u64).to_le_bytes());
            offset += data.len() as u64;
        }
        for (_, data) in self.sections {
            out.extend_from_slice(&data);
        }
        out
    }
}

/// Why a byte string is not a compiled lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The magic bytes are missing or of another version.
    BadMagic,
    /// The header or a section lies outside the data.
    Truncated,
    /// A required section is absent.
    MissingSection(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::BadMagic => write!(f, "not an emle lexicon (bad magic bytes)"),
            FormatError::Truncated => write!(f, "truncated lexicon file"),
            FormatError::MissingSection(t) => write!(f, "lexicon file lacks section `{t}`"),
        }
    }
}

impl std::error::Error for FormatError {}

/// The section table of a container: tag → byte range.
#[derive(Debug, Clone)]
pub struct Sections {
    table: Vec<([u8; 4], Range<usize>)>,
}

impl Sections {
    /// Reads and checks the header of `data`.
    pub fn parse(data: &[u8]) -> Result<Sections, FormatError> {
        if data.len() < 12 || &data[..8] != MAGIC {
            return Err(FormatError::BadMagic);
        }
        let count = u32::from_le_bytes(data[8..12].try_into().map_err(|_| FormatError::Truncated)?)
            as usize;
        let end = 12usize
            .checked_add(count.checked_mul(20).ok_or(FormatError::Truncated)?)
            .ok_or(FormatError::Truncated)?;
        if data.len() < end {
            return Err(FormatError::Truncated);
        }
        let mut table = Vec::with_capacity(count);
        for i in 0..count {
            let at = 12 + i * 20;
            let tag: [u8; 4] = data[at..at + 4]
                .try_into()
                .map_err(|_| FormatError::Truncated)?;
            let off = u64::from_le_bytes(
                data[at + 4..at + 12]
                    .try_into()
                    .map_err(|_| FormatError::Truncated)?,
            );
            let len = u64::from_le_bytes(
                data[at + 12..at + 20]
                    .try_into()
                    .map_err(|_| FormatError::Truncated)?,
            );
            let start = usize::try_from(off).map_err(|_| FormatError::Truncated)?;
            let stop = start
                .checked_add(usize::try_from(len).map_err(|_| FormatError::Truncated)?)
                .ok_or(FormatError::Truncated)?;
            if stop > data.len() {
                return Err(FormatError::Truncated);
            }
            table.push((tag, start..stop));
        }
        Ok(Sections { table })
    }

    /// The byte range of the section `tag`.
    pub fn get(&self, tag: &[u8; 4]) -> Result<Range<usize>, FormatError> {
        self.table
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, r)| r.clone())
            .ok_or_else(|| FormatError::MissingSection(String::from_utf8_lossy(tag).into_owned()))
    }

    /// All sections, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8; 4], &Range<usize>)> {
        self.table.iter().map(|(t, r)| (t, r))
    }
}

/// Reads a little-endian u32 at `i * 4` of `data` (0 when out of range).
pub fn u32_at(data: &[u8], i: usize) -> u32 {
    data.get(i * 4..i * 4 + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::default();
        w.add(b"AAAA", vec![1, 2, 3]);
        w.add(b"BBBB", vec![]);
        w.add(b"CCCC", vec![9]);
        let bytes = w.finish();
        let s = Sections::parse(&bytes).unwrap();
        assert_eq!(&bytes[s.get(b"AAAA").unwrap()], &[1, 2, 3]);
        assert!(bytes[s.get(b"BBBB").unwrap()].is_empty());
        assert_eq!(&bytes[s.get(b"CCCC").unwrap()], &[9]);
        assert!(s.get(b"DDDD").is_err());
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(
            Sections::parse(b"hello").unwrap_err(),
            FormatError::BadMagic
        );
        let mut bytes = Writer::default().finish();
        bytes[8] = 200;
        assert_eq!(Sections::parse(&bytes).unwrap_err(), FormatError::Truncated);
    }
}
