//! The Kazakh lexicon: stems and suffix automata compiled from `lexicon/`,
//! and word lookup over them.
//!
//! A word is accepted when it splits into a stem of the stem automaton and a
//! remainder that the stem's suffix automaton accepts (following cuts into
//! further suffix automata, e.g. verb → participle → nominal chain), or when
//! it is a form of the weak source that no OCR confusion maps to a curated
//! word, an abbreviation, a Roman numeral or an initial.
//!
//! ```
//! use emle::lexicon::Lexicon;
//! let lex = Lexicon::embedded();
//! assert!(lex.accepts("қабылдауының"));
//! assert!(!lex.accepts("кажет"));
//! ```

pub mod compile;
pub mod format;
pub mod morpho;
pub mod search;

use compile::{FINAL, Kind, Source, conts, unpack_entry, unpack_set};
use fst::raw::{CompiledAddr, Fst, Output};
use morpho::{Ctx, Grammar, Morph, SetKey};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.emlex"));

/// An error while loading a compiled lexicon.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file could not be opened or mapped.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not a valid compiled lexicon.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file (`<embedded>` for the built-in one).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A user word could not be understood.
    #[error("user word `{0}`: {1}")]
    UserWord(String, String),
}

enum Backing {
    Static(&'static [u8]),
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Backing {
    fn bytes(&self) -> &[u8] {
        match self {
            Backing::Static(b) => b,
            Backing::Mapped(m) => m,
            Backing::Owned(v) => v,
        }
    }
}

/// A cheap, shareable view of part of the lexicon's bytes.
#[derive(Clone)]
struct Slice {
    data: Arc<Backing>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.data.bytes()[self.range.clone()]
    }
}

struct SuffixSet {
    key: SetKey,
    fst: Fst<Slice>,
    /// The Cyrillic letters a remainder the set accepts may start with
    /// (see [`Lexicon::may_start`]), worked out when first asked.
    first: OnceLock<FirstLetters>,
}

/// A set of letters of U+0400..U+04FF, a bit each.
type FirstLetters = [u64; 4];

/// The bit of [`FirstLetters`] for the letter `rest` starts with, if it is
/// a two-byte letter of U+0400..U+04FF.
#[inline]
fn first_letter_bit(rest: &[u8]) -> Option<usize> {
    match *rest {
        [lead @ 0xd0..=0xd3, next, ..] => {
            Some(((usize::from(lead & 0x1f) << 6) | usize::from(next & 0x3f)) - 0x400)
        }
        _ => None,
    }
}

/// How an accepted word was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptedBy {
    /// A stem of the curated dictionary or the emle authors' lists, with a
    /// legal suffix chain.
    Lexicon,
    /// A form of the weak source (web word list).
    Weak,
    /// A project word given by the user.
    User,
    /// A listed abbreviation (КСРО, т.б.), possibly with a hyphenated suffix.
    Abbreviation,
    /// A Roman numeral (XXII).
    RomanNumeral,
    /// A single capital letter (an initial, `Л.`).
    Initial,
    /// A capitalised word the lexicon does not know that no OCR confusion
    /// maps to a known word: taken for a name (Куросава, Сәрсенбайға).
    Name,
}

/// The lexicon's answer for one word token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// The word is Kazakh as far as the lexicon knows.
    Accepted {
        /// Which part of the lexicon accepted it.
        by: AcceptedBy,
    },
    /// The word has Latin (or no Cyrillic) letters: not for this lexicon.
    NotCyrillic,
    /// A Cyrillic word the lexicon does not accept.
    Unknown {
        /// The part (of a hyphenated token) that failed, if not the whole token.
        part: Option<String>,
        /// The longest known stem (lemma) the word starts with, if any.
        known_stem: Option<String>,
        /// What follows that stem in the word, which no suffix chain explains.
        unknown_suffix: Option<String>,
    },
}

impl Verdict {
    /// True for [`Verdict::Accepted`].
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted { .. })
    }
}

/// One morphological analysis of a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// The stem's dictionary form (lowercase): `кітап` for `кітабы`, `оқы` for `оқиды`.
    pub lemma: String,
    /// The stem's paradigm class.
    pub kind: &'static str,
    /// Where the stem comes from: `curated`, `own`, `weak` or `user`.
    pub source: &'static str,
    /// The suffix morphemes in order, with tags and surface forms.
    pub morphemes: Vec<Morpheme>,
}

/// One suffix morpheme in an [`Analysis`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Morpheme {
    /// Its tag (`PL`, `P3`, `GEN`, `PTCP.PAST`, …).
    pub tag: String,
    /// Its surface form in the word.
    pub surface: String,
}

impl std::fmt::Display for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}<{}>", self.lemma, self.kind)?;
        for m in &self.morphemes {
            write!(f, "+{}<{}>", m.surface, m.tag)?;
        }
        write!(f, " ({})", self.source)
    }
}

/// Counts and sizes of a compiled lexicon.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The lexicon's version string.
    pub version: String,
    /// Counts recorded by the compiler (stems per source and class, suffix
    /// sets and strings, weak forms, abbreviations).
    pub counts: BTreeMap<String, u64>,
    /// Bytes per container section.
    pub section_bytes: BTreeMap<String, u64>,
    /// Total bytes of the compiled lexicon.
    pub total_bytes: u64,
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "lexicon {}", self.version)?;
        for (k, v) in &self.counts {
            writeln!(f, "  {k:<28} {v:>10}")?;
        }
        for (k, v) in &self.section_bytes {
            writeln!(f, "  bytes.{k:<22} {v:>10}")?;
        }
        write!(f, "  {:<28} {:>10}", "bytes.total", self.total_bytes)
    }
}

/// A compiled Kazakh lexicon, embedded or loaded from a file.
pub struct Lexicon {
    data: Arc<Backing>,
    stems: Fst<Slice>,
    entries: Slice,
    sets: Vec<SuffixSet>,
    set_ids: HashMap<SetKey, u16>,
    weak: Fst<Slice>,
    abbr: Fst<Slice>,
    number_sets: Vec<u16>,
    grammar: Grammar,
    version: String,
    stats: Stats,
    id: u64,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Per-thread cache of single-word results: word → accepted-by code.
struct Cache {
    lexicon: u64,
    map: FastMap<String, u8>,
}

/// Per-thread cache of whole tokens (as written) → how the lexicon alone
/// accepts them, or `Err(not_cyrillic)`.
struct TokenCache {
    lexicon: u64,
    words: WordMap<Result<AcceptedBy, bool>>,
}

/// The entries of one of the small lists in `lexicon/` (one per line,
/// `#` starting a comment line), trimmed.
pub(crate) fn list_entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The morpheme tags of `lexicon/rare-morphemes.txt`.
fn rare_morphemes() -> &'static [&'static str] {
    static RARE: OnceLock<Vec<&'static str>> = OnceLock::new();
    RARE.get_or_init(|| list_entries(include_str!("../../lexicon/rare-morphemes.txt")).collect())
}

/// A map keyed by words as written, for the per-thread caches asked about
/// every token. Most words are short enough to be kept inline, compared
/// without following a pointer; the rest are strings.
pub(crate) struct WordMap<V> {
    short: ShortTable<V>,
    long: FastMap<Box<[u8]>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            short: ShortTable::default(),
            long: FastMap::default(),
        }
    }
}

impl<V: Copy> WordMap<V> {
    /// The value kept for `word`.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<V> {
        match ShortWord::new(word.as_bytes()) {
            Some(key) => self.short.find(&key).map(|i| self.short.values[i]),
            None => self.long.get(word.as_bytes()).copied(),
        }
    }

    /// The value kept for the word of these bytes, to change in place:
    /// a caller that holds a token's span need not slice the text.
    #[inline]
    pub(crate) fn get_mut(&mut self, word: &[u8]) -> Option<&mut V> {
        match ShortWord::new(word) {
            Some(key) => self.short.find(&key).map(|i| &mut self.short.values[i]),
            None => self.long.get_mut(word),
        }
    }

    /// [`WordMap::get_mut`] for the word at `span` of `text`: where the
    /// text goes on for 32 bytes from the word's start, a short word is
    /// read with four loads and masks, not with branches on its length.
    #[inline(always)]
    pub(crate) fn get_mut_in(&mut self, text: &[u8], span: Range<usize>) -> Option<&mut V> {
        let len = span.end.wrapping_sub(span.start);
        match text.get(span.start..span.start + 32) {
            // A span that starts in the text and is shorter than 32 bytes
            // ends in the 32 bytes read.
            Some(chunk) if len < 32 => {
                let [a, b, c, d] = LOW_BYTES[len];
                let key = ShortWord([
                    read_u64(chunk, 0) & a,
                    read_u64(chunk, 8) & b,
                    read_u64(chunk, 16) & c,
                    read_u64(chunk, 24) & d | (len as u64) << 56,
                ]);
                self.short.find(&key).map(|i| &mut self.short.values[i])
            }
            _ => self.get_mut(&text[span]),
        }
    }

    /// Keeps `value` for `word`, and lends it back.
    pub(crate) fn insert(&mut self, word: &str, value: V) -> &mut V {
        let slot = match ShortWord::new(word.as_bytes()) {
            Some(key) => self.short.insert(key, value),
            None => self.long.entry(word.as_bytes().into()).or_insert(value),
        };
        *slot = value;
        slot
    }

    /// Number of words kept.
    pub(crate) fn len(&self) -> usize {
        self.short.values.len() + self.long.len()
    }

    /// Forgets every word.
    pub(crate) fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// The short words of a [`WordMap`]: an open-addressed table of keys, each
/// with the index of its value, probed slot after slot and never more than
/// half full. A lookup is one hash of three words and, mostly, one
/// comparison: a general hash map costs twice as much for these keys.
struct ShortTable<V> {
    /// Keys and where their values are; [`EMPTY`] marks a free slot. The
    /// length is zero or a power of two.
    slots: Vec<(ShortWord, u32)>,
    /// The values, in the order their keys came.
    values: Vec<V>,
}

/// A key no word makes (a short word is at most 31 bytes long).
const EMPTY: ShortWord = ShortWord([0, 0, 0, 0xff << 56]);

impl<V> Default for ShortTable<V> {
    fn default() -> Self {
        ShortTable {
            slots: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V> ShortTable<V> {
    /// The slot where probing for `key` starts.
    #[inline]
    fn home(&self, key: &ShortWord) -> usize {
        // One folded 64×64→128-bit multiply mixes the four words: the
        // last two (the length, and the bytes past sixteen of the longer
        // words) go in with the second.
        const K: [u64; 2] = [0xa076_1d64_78bd_642f, 0xe703_7ed1_a0b4_28db];
        let [a, b, c, d] = key.0;
        let m = u128::from(a ^ K[0]) * u128::from(b ^ c ^ d ^ K[1]);
        let h = (m as u64) ^ ((m >> 64) as u64);
        h as usize & (self.slots.len().wrapping_sub(1))
    }

    /// The index of `key`'s value, if it is kept.
    #[inline]
    fn find(&self, key: &ShortWord) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let (k, i) = &self.slots[at];
            if k == key {
                return Some(*i as usize);
            }
            if *k == EMPTY {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Keeps `value` for `key` (whose value it replaces), and lends it back.
    fn insert(&mut self, key: ShortWord, value: V) -> &mut V {
        if let Some(i) = self.find(&key) {
            self.values[i] = value;
            return &mut self.values[i];
        }
        if (self.values.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let at = self.free_slot(&key);
        self.slots[at] = (key, self.values.len() as u32);
        self.values.push(value);
        let last = self.values.len() - 1;
        &mut self.values[last]
    }

    /// The first free slot from `key`'s home (the table is never full).
    fn free_slot(&self, key: &ShortWord) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while self.slots[at].0 != EMPTY {
            at = (at + 1) & mask;
        }
        at
    }

    /// Doubles the slots and places the keys again.
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, 0); len]);
        for (key, i) in old.into_iter().filter(|(k, _)| *k != EMPTY) {
            let at = self.free_slot(&key);
            self.slots[at] = (key, i);
        }
    }

    /// Forgets every key, keeping the room.
    fn clear(&mut self) {
        self.slots.fill((EMPTY, 0));
        self.values.clear();
    }
}

/// A word of up to 31 bytes (fifteen Cyrillic letters), kept inline with
/// its length in the last byte.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortWord([u64; 4]);

impl ShortWord {
    #[inline]
    fn new(bytes: &[u8]) -> Option<ShortWord> {
        let len = bytes.len();
        // Whole eight-byte chunks, then the rest read as a few overlapping
        // loads: no call to copy a slice of unknown length, and no loop
        // over its bytes. Each length range fills the four words by name,
        // so that they stay in registers.
        let tag = (len as u64) << 56;
        let words = match len {
            0..8 => [read_tail(bytes, len), 0, 0, tag],
            8..16 => [read_u64(bytes, 0), read_tail(bytes, len - 8), 0, tag],
            16..24 => [
                read_u64(bytes, 0),
                read_u64(bytes, 8),
                read_tail(bytes, len - 16),
                tag,
            ],
            24..32 => [
                read_u64(bytes, 0),
                read_u64(bytes, 8),
                read_u64(bytes, 16),
                read_tail(bytes, len - 24) | tag,
            ],
            _ => return None,
        };
        Some(ShortWord(words))
    }
}

/// By length from 0 to 31: the masks that keep that many low bytes of
/// four little-endian words read one after the other.
static LOW_BYTES: [[u64; 4]; 32] = {
    let mut masks = [[0; 4]; 32];
    let mut len = 0;
    while len < 32 {
        let mut word = 0;
        while word < 4 {
            let bytes = len as i64 - 8 * word as i64;
            masks[len][word] = if bytes >= 8 {
                u64::MAX
            } else if bytes <= 0 {
                0
            } else {
                u64::MAX >> (64 - 8 * bytes)
            };
            word += 1;
        }
        len += 1;
    }
    masks
};

/// The eight bytes of `bytes` from `at`, as a little-endian word.
#[inline]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

/// The last `n` bytes of `bytes` (`n` from 0 to 7) as the low bytes of a
/// little-endian word, the rest zero.
#[inline(always)]
fn read_tail(bytes: &[u8], n: usize) -> u64 {
    let len = bytes.len();
    if n == 0 {
        return 0;
    }
    if len >= 8 {
        return read_u64(bytes, len - 8) >> (8 * (8 - n));
    }
    // The tail is the whole slice: two loads that overlap in the middle.
    if n >= 4 {
        let lo = u64::from(read_u32(bytes, 0));
        let hi = u64::from(read_u32(bytes, n - 4));
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u64::from(bytes[0]) | u64::from(bytes[1]) << 8;
        let hi = u64::from(bytes[n - 2]) | u64::from(bytes[n - 1]) << 8;
        lo | hi << (8 * (n - 2))
    } else {
        u64::from(bytes[0])
    }
}

/// The four bytes of `bytes` from `at`, as a little-endian number.
#[inline]
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

#[cfg(test)]
mod short_word_tests {
    use super::{ShortWord, WordMap};

    /// Words short and long, many of them (the table grows and is
    /// cleared), are found with their last values; others are not.
    #[test]
    fn word_maps_keep_what_is_put_in() {
        let mut map = WordMap::default();
        let words: Vec<String> = (0..5000)
            .map(|i| format!("{}{i}", "ж".repeat(i % 15)))
            .collect();
        for round in 0..2 {
            for (i, w) in words.iter().enumerate() {
                assert_eq!(map.get(w), None);
                assert_eq!(*map.insert(w, i), i);
                *map.insert(w, i + 1) -= 1;
            }
            assert_eq!(map.len(), words.len());
            for (i, w) in words.iter().enumerate() {
                assert_eq!(map.get(w), Some(i), "{w}");
                *map.get_mut(w.as_bytes()).unwrap() += round;
            }
            assert_eq!(map.get(""), None);
            assert_eq!(map.get("x"), None);
            map.clear();
            assert_eq!(map.len(), 0);
        }
    }

    /// A word found in a text is found as its bytes alone are, whatever
    /// its length and whatever follows it.
    #[test]
    fn words_in_a_text_are_the_words_alone() {
        let text: String = "қазақ тілінің сөздігі a ab abc abcdefgh abcdefghijklmnopq ж".repeat(2);
        let bytes = text.as_bytes();
        let mut map = WordMap::default();
        let spans: Vec<_> = (0..bytes.len())
            .flat_map(|s| (s..=bytes.len().min(s + 40)).map(move |e| s..e))
            .filter(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
            .collect();
        for (i, r) in spans.iter().enumerate() {
            let word = &text[r.clone()];
            if map.get(word).is_none() {
                map.insert(word, i);
            }
        }
        for r in spans {
            let word = &text[r.clone()];
            let alone = map.get(word);
            assert_eq!(map.get_mut_in(bytes, r.clone()).copied(), alone, "{word:?}");
        }
    }

    /// A short word holds its bytes in order and its length, whatever the
    /// length: words that differ in a byte or in length differ.
    #[test]
    fn short_words_hold_bytes_and_length() {
        let text: Vec<u8> = (1..=31).collect();
        for len in 0..=31 {
            let word = std::str::from_utf8(&text[..len]).unwrap_or_default();
            let ShortWord(w) = ShortWord::new(word.as_bytes()).unwrap();
            let mut expected = [0u8; 32];
            expected[..len].copy_from_slice(&text[..len]);
            expected[31] = len as u8;
            let got: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
            assert_eq!(got, expected, "{len}");
        }
        assert!(ShortWord::new("ж".repeat(16).as_bytes()).is_none());
        assert!(
            (0..=31).all(|len| ShortWord::new("x".repeat(len).as_bytes()) != Some(super::EMPTY))
        );
        assert!(ShortWord::new("а".as_bytes()) != ShortWord::new("а\0".as_bytes()));
    }
}

/// A hash for the caches' keys, short words, for which SipHash is slow and a
/// byte-at-a-time hash (FNV) still costs a multiplication per byte: this one
/// takes eight bytes at a step, each step a folded 64×64→128-bit multiply.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let m = u128::from(self.0 ^ word) * u128::from(K);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        // The length goes in with the last bytes: `а` and `а\0` differ.
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 56));
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_u64(&mut self, w: u64) {
        self.add(w);
    }
}

/// A hash map keyed by short words, with [`WordHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

const CACHE_CAP: usize = 1 << 16;

/// A per-thread memo of answers by word, for the lexicon with the id it
/// holds (see [`Lexicon::memoised`]).
type WordMemo<V> = RefCell<(u64, FastMap<String, V>)>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache { lexicon: 0, map: FastMap::default() });
    static TOKENS: RefCell<TokenCache> = RefCell::new(TokenCache {
        lexicon: 0,
        words: WordMap::default(),
    });
    static LOWER: RefCell<String> = const { RefCell::new(String::new()) };
}

const HIT_NONE: u8 = 0;
const HIT_LEXICON: u8 = 1;
const HIT_WEAK: u8 = 2;

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04ff}' | '\u{0500}'..='\u{052f}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}')
}

/// True for a word whose first letter is a capital and the others are not.
fn is_title_case(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(crate::case::is_upper) && cs.all(|c| !crate::case::is_upper(c))
}

/// True for Roman numerals written with Latin letters or their Cyrillic
/// look-alikes (ХХІІ).
pub fn is_roman_numeral(w: &str) -> bool {
    let mut digits = Vec::new();
    for c in w.chars() {
        let v = match c {
            'I' | 'І' | 'Ӏ' => 1,
            'V' => 5,
            'X' | 'Х' => 10,
            'L' => 50,
            'C' | 'С' => 100,
            'D' => 500,
            'M' | 'М' => 1000,
            _ => return false,
        };
        digits.push(v);
    }
    if digits.is_empty() || digits.len() > 12 {
        return false;
    }
    // Canonical form: no symbol more than three times running, subtraction
    // only by a power of ten from the next two larger symbols.
    let mut run = 1;
    for i in 1..digits.len() {
        if digits[i] == digits[i - 1] {
            run += 1;
            if run > 3 {
                return false;
            }
        } else {
            run = 1;
        }
        if digits[i] > digits[i - 1] {
            let (a, b) = (digits[i - 1], digits[i]);
            if !(a == 1 || a == 10 || a == 100) || b > a * 10 || (i >= 2 && digits[i - 2] <= a) {
                return false;
            }
        }
    }
    true
}

fn walk_fst<'a>(
    fst: &'a Fst<Slice>,
    input: &'a [u8],
    mut f: impl FnMut(usize, u64) -> bool,
) -> bool {
    let mut node = fst.root();
    let mut out = Output::zero();
    for i in 0..=input.len() {
        if node.is_final() && f(i, out.cat(node.final_output()).value()) {
            return true;
        }
        if i == input.len() {
            break;
        }
        match node.find_input(input[i]) {
            Some(ti) => {
                let t = node.transition(ti);
                out = out.cat(t.out);
                node = fst.node(t.addr);
            }
            None => break,
        }
    }
    false
}

/// Follows the UTF-8 bytes of `c` from the node at `addr`.
// Out of line: inlined, it made the search's inner loop slower.
#[inline(never)]
fn step_char(
    fst: &Fst<Slice>,
    addr: CompiledAddr,
    out: Output,
    c: char,
) -> Option<(CompiledAddr, Output)> {
    step_char_from(fst, &fst.node(addr), out, c)
}

/// [`step_char`] from a node decoded already.
fn step_char_from(
    fst: &Fst<Slice>,
    from: &fst::raw::Node<'_>,
    out: Output,
    c: char,
) -> Option<(CompiledAddr, Output)> {
    let mut buf = [0u8; 4];
    let mut out = out;
    let mut bytes = c.encode_utf8(&mut buf).as_bytes().iter();
    let first = *bytes.next()?;
    let t = from.transition(from.find_input(first)?);
    out = out.cat(t.out);
    let mut addr = t.addr;
    for &b in bytes {
        let node = fst.node(addr);
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        addr = t.addr;
    }
    Some((addr, out))
}

/// Whether `bytes` (UTF-8) are NFC at a glance: ASCII and the Cyrillic
/// letters of U+0400..U+04FF, none of which composes or is reordered (the
/// combining marks U+0483..U+0487 aside), the text of almost every word.
fn plainly_nfc(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            0..0x80 => i += 1,
            0xd0 | 0xd1 | 0xd3 => i += 2,
            0xd2 if !matches!(bytes.get(i + 1), Some(0x83..=0x87)) => i += 2,
            _ => return false,
        }
    }
    true
}

/// `word` in NFC and lowercase: the form the lexicon, the error model and
/// document evidence compare words in. Plain Cyrillic and ASCII (see
/// `plainly_nfc`) skip the normaliser, whose buffers cost far more than
/// lowercasing.
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if plainly_nfc(word.as_bytes()) {
        word.chars().flat_map(char::to_lowercase).collect()
    } else {
        word.nfc().flat_map(char::to_lowercase).collect()
    }
}

fn fst_contains(fst: &Fst<Slice>, key: &[u8]) -> bool {
    fst.get(key).is_some()
}

impl Lexicon {
    /// The lexicon compiled into the binary, parsed once.
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            match Lexicon::from_backing(Backing::Static(EMBEDDED), Path::new("<embedded>")) {
                Ok(l) => l,
                Err(e) => panic!("the embedded lexicon is broken: {e}"),
            }
        })
    }

    /// Loads a compiled lexicon file (memory-mapped).
    pub fn from_path(path: &Path) -> Result<Lexicon, LexiconError> {
        let file = std::fs::File::open(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // SAFETY: the file is opened read-only and only read through this
        // map; as with every memory map, changes by another process while it
        // is mapped are the caller's responsibility (the file is data emle
        // itself wrote and does not change while linting).
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Lexicon::from_backing(Backing::Mapped(map), path)
    }

    /// Loads a compiled lexicon from bytes (e.g. the output of [`compile::compile`]).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Lexicon, LexiconError> {
        Lexicon::from_backing(Backing::Owned(bytes), Path::new("<memory>"))
    }

    fn from_backing(backing: Backing, path: &Path) -> Result<Lexicon, LexiconError> {
        let ferr = |message: String| LexiconError::Format {
            path: path.to_path_buf(),
            message,
        };
        let data = Arc::new(backing);
        let bytes = data.bytes();
        let secs = format::Sections::parse(bytes).map_err(|e| ferr(e.to_string()))?;
        let sec = |tag: &[u8; 4]| secs.get(tag).map_err(|e| ferr(e.to_string()));
        let slice = |r: Range<usize>| Slice {
            data: Arc::clone(&data),
            range: r,
        };
        let mk_fst = |r: Range<usize>| Fst::new(slice(r)).map_err(|e| ferr(e.to_string()));
        let text =
            |r: Range<usize>| String::from_utf8(bytes[r].to_vec()).map_err(|e| ferr(e.to_string()));
        let version = text(sec(b"VERS")?)?;
        let grammar = Grammar::parse(&text(sec(b"MORF")?)?).map_err(|e| ferr(e.to_string()))?;
        let stems = mk_fst(sec(b"STEM")?)?;
        let entries = slice(sec(b"ENTR")?);
        let setd = &bytes[sec(b"SETD")?];
        let seto = &bytes[sec(b"SETO")?];
        let sufx = sec(b"SUFX")?;
        let n_sets = setd.len() / 8;
        let mut sets = Vec::with_capacity(n_sets);
        let mut set_ids = HashMap::new();
        for i in 0..n_sets {
            let key = unpack_set(&setd[i * 8..i * 8 + 8])
                .ok_or_else(|| ferr(format!("bad set descriptor {i}")))?;
            let off = format::u32_at(seto, i * 2) as usize;
            let len = format::u32_at(seto, i * 2 + 1) as usize;
            let start = sufx.start + off;
            if start + len > sufx.end {
                return Err(ferr(format!("suffix set {i} out of range")));
            }
            set_ids.insert(key, i as u16);
            sets.push(SuffixSet {
                key,
                fst: mk_fst(start..start + len)?,
                first: OnceLock::new(),
            });
        }
        let weak = mk_fst(sec(b"WEAK")?)?;
        let abbr = mk_fst(sec(b"ABBR")?)?;
        let nums = &bytes[sec(b"NUMS")?];
        let number_sets: Vec<u16> = (0..nums.len() / 4)
            .map(|i| format::u32_at(nums, i) as u16)
            .filter(|&i| (i as usize) < n_sets)
            .collect();
        let mut counts = BTreeMap::new();
        for line in text(sec(b"STAT")?)?.lines() {
            if let Some((k, v)) = line.split_once('=') {
                counts.insert(k.to_string(), v.parse().unwrap_or(0));
            }
        }
        let section_bytes = secs
            .iter()
            .map(|(t, r)| (String::from_utf8_lossy(t).into_owned(), r.len() as u64))
            .collect();
        let stats = Stats {
            version: version.clone(),
            counts,
            section_bytes,
            total_bytes: bytes.len() as u64,
        };
        // Every entry must point at an existing set.
        let n_entries = entries.as_ref().len() / 4;
        for e in 0..n_entries {
            let (set, _, _) = unpack_entry(format::u32_at(entries.as_ref(), e));
            if set as usize >= n_sets {
                return Err(ferr(format!("entry {e} points at a missing suffix set")));
            }
        }
        Ok(Lexicon {
            data,
            stems,
            entries,
            sets,
            set_ids,
            weak,
            abbr,
            number_sets,
            grammar,
            version,
            stats,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The lexicon's version string (`kk-<crate version>+<source fingerprint>`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Counts and sizes.
    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    /// The raw bytes of the compiled lexicon (e.g. to write it to a file).
    pub fn as_bytes(&self) -> &[u8] {
        self.data.bytes()
    }

    /// The morphotactics the lexicon was compiled with.
    pub fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    // ---- core automaton walks (no allocation) ----

    fn entry(&self, i: usize) -> (u16, Source, Kind) {
        unpack_entry(format::u32_at(self.entries.as_ref(), i))
    }

    fn entries_of(&self, v: u64) -> Range<usize> {
        let start = (v >> 8) as usize;
        start..start + (v & 0xff) as usize
    }

    fn suffix_accepts(&self, set: u16, rest: &[u8], depth: usize) -> bool {
        let Some(s) = self.sets.get(set as usize) else {
            return false;
        };
        // Most remainders tried (after too short a stem) fail on their
        // first letter: told without decoding a node.
        if !self.may_start(s, rest) {
            return false;
        }
        walk_fst(&s.fst, rest, |i, v| {
            (i == rest.len() && v & FINAL != 0)
                || (depth < self.grammar.max_cuts
                    && conts(v).any(|c| self.suffix_accepts(c, &rest[i..], depth + 1)))
        })
    }

    /// Whether suffix set `s` may accept a remainder that starts as `rest`
    /// does: false only when `rest` starts with a letter of U+0400..U+04FF
    /// that no remainder the set accepts (at any depth of cuts) starts with.
    #[inline]
    fn may_start(&self, s: &SuffixSet, rest: &[u8]) -> bool {
        let Some(bit) = first_letter_bit(rest) else {
            return true;
        };
        let first = s
            .first
            .get_or_init(|| self.first_letters(s, self.grammar.max_cuts));
        first[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// The letters of U+0400..U+04FF that start a remainder suffix set `s`
    /// accepts, or that the sets it cuts to at its start (up to `cuts`
    /// deep) accept: a superset, for [`Lexicon::may_start`].
    fn first_letters(&self, s: &SuffixSet, cuts: usize) -> FirstLetters {
        let mut bits = FirstLetters::default();
        let root = s.fst.root();
        for t in root.transitions() {
            if (0xd0..=0xd3).contains(&t.inp) {
                for t2 in s.fst.node(t.addr).transitions() {
                    if let Some(bit) = first_letter_bit(&[t.inp, t2.inp]) {
                        bits[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
        }
        if root.is_final() && cuts > 0 {
            for c in conts(root.final_output().value()) {
                if let Some(cs) = self.sets.get(c as usize) {
                    let more = self.first_letters(cs, cuts - 1);
                    for (b, m) in bits.iter_mut().zip(more) {
                        *b |= m;
                    }
                }
            }
        }
        bits
    }

    /// Whether a lowercase NFC word is a form of the curated or own stems:
    /// the cheapest acceptance there is (no weak list, no name test, no
    /// cache), for the many forms the error model only builds to test.
    pub fn knows_form(&self, w: &str) -> bool {
        self.stems_accept(w.as_bytes(), false)
    }

    /// Whether a lowercase NFC word is accepted by the stems of the strong
    /// sources (curated and own), or, with `weak`, of the weak source.
    fn stems_accept(&self, w: &[u8], weak: bool) -> bool {
        walk_fst(&self.stems, w, |i, v| {
            self.entries_of(v).any(|e| {
                let (set, src, _) = self.entry(e);
                (src == Source::Weak) == weak && self.suffix_accepts(set, &w[i..], 0)
            })
        })
    }

    /// Whether the OCR guard refuses a weak form: undoing up to
    /// `max_edits` OCR confusions (or dropped letters) gives a word the
    /// strong stems accept. Walks the automata with the edits, so only
    /// variants that stay on some path are tried.
    pub(crate) fn guard_refuses(&self, w: &str) -> bool {
        let chars: Vec<char> = w.chars().collect();
        let root = self.stems.root();
        self.fuzzy_stems(
            &chars,
            0,
            root.addr(),
            Output::zero(),
            self.grammar.guard_max_edits,
        )
    }

    fn fuzzy_stems(
        &self,
        w: &[char],
        pos: usize,
        addr: CompiledAddr,
        out: Output,
        budget: usize,
    ) -> bool {
        let node = self.stems.node(addr);
        if node.is_final() {
            let v = out.cat(node.final_output()).value();
            for e in self.entries_of(v) {
                let (set, src, _) = self.entry(e);
                if src != Source::Weak
                    && let Some(s) = self.sets.get(set as usize)
                    && self.fuzzy_suffix(s, w, pos, s.fst.root().addr(), budget, 0)
                {
                    return true;
                }
            }
        }
        self.fuzzy_steps(
            &self.stems,
            w,
            pos,
            &node,
            out,
            budget,
            &mut |p, a, o, b| self.fuzzy_stems(w, p, a, o, b),
        )
    }

    fn fuzzy_suffix(
        &self,
        set: &SuffixSet,
        w: &[char],
        pos: usize,
        addr: CompiledAddr,
        budget: usize,
        depth: usize,
    ) -> bool {
        if !self.may_start_fuzzy(set, w, pos, budget) {
            return false;
        }
        self.fuzzy_suffix_out(set, w, pos, addr, Output::zero(), budget, depth)
    }

    /// [`Lexicon::may_start`] for a fuzzy walk from the start of suffix
    /// set `s` at letter `pos` of `w`: false only when neither that letter
    /// nor, with `budget` left, a confusion of it or an inserted letter can
    /// start a remainder the set accepts.
    fn may_start_fuzzy(&self, s: &SuffixSet, w: &[char], pos: usize, budget: usize) -> bool {
        let Some(&c) = w.get(pos) else {
            return true;
        };
        let may = |c: char| {
            let mut buf = [0; 4];
            self.may_start(s, c.encode_utf8(&mut buf).as_bytes())
        };
        may(c)
            || (budget > 0
                && (self
                    .grammar
                    .guard_pairs
                    .iter()
                    .any(|&(x, y)| x == c && may(y))
                    || (pos > 0 && self.grammar.guard_insert.iter().any(|&i| may(i)))))
    }

    #[allow(clippy::too_many_arguments)]
    fn fuzzy_suffix_out(
        &self,
        set: &SuffixSet,
        w: &[char],
        pos: usize,
        addr: CompiledAddr,
        out: Output,
        budget: usize,
        depth: usize,
    ) -> bool {
        let node = set.fst.node(addr);
        if node.is_final() {
            let v = out.cat(node.final_output()).value();
            if pos == w.len() && v & FINAL != 0 {
                return true;
            }
            if depth < self.grammar.max_cuts {
                for c in conts(v) {
                    if let Some(cs) = self.sets.get(c as usize)
                        && self.fuzzy_suffix(cs, w, pos, cs.fst.root().addr(), budget, depth + 1)
                    {
                        return true;
                    }
                }
            }
        }
        self.fuzzy_steps(&set.fst, w, pos, &node, out, budget, &mut |p, a, o, b| {
            self.fuzzy_suffix_out(set, w, p, a, o, b, depth)
        })
    }

    /// One step of a fuzzy walk from `node` (decoded once for all the
    /// letters tried): the word's next letter, a confusion of it, or an
    /// inserted letter; calls `next` for each node reached.
    #[allow(clippy::too_many_arguments)]
    fn fuzzy_steps(
        &self,
        fst: &Fst<Slice>,
        w: &[char],
        pos: usize,
        node: &fst::raw::Node<'_>,
        out: Output,
        budget: usize,
        next: &mut dyn FnMut(usize, CompiledAddr, Output, usize) -> bool,
    ) -> bool {
        if let Some(&c) = w.get(pos) {
            if let Some((a, o)) = step_char_from(fst, node, out, c)
                && next(pos + 1, a, o, budget)
            {
                return true;
            }
            if budget > 0 {
                for &(x, y) in &self.grammar.guard_pairs {
                    if x == c
                        && let Some((a, o)) = step_char_from(fst, node, out, y)
                        && next(pos + 1, a, o, budget - 1)
                    {
                        return true;
                    }
                }
            }
        }
        if budget > 0 && pos > 0 && pos < w.len() {
            for &ins in &self.grammar.guard_insert {
                if let Some((a, o)) = step_char_from(fst, node, out, ins)
                    && next(pos, a, o, budget - 1)
                {
                    return true;
                }
            }
        }
        false
    }

    /// Looks up one lowercase NFC word without hyphens (cached per thread).
    fn lookup_lower(&self, w: &str) -> u8 {
        let cached = CACHE.with(|c| {
            let c = c.borrow();
            if c.lexicon == self.id {
                c.map.get(w).copied()
            } else {
                None
            }
        });
        if let Some(h) = cached {
            return h;
        }
        let hit = if self.stems_accept(w.as_bytes(), false) || self.prefixed_accept(w) {
            HIT_LEXICON
        } else if (fst_contains(&self.weak, w.as_bytes()) || self.stems_accept(w.as_bytes(), true))
            && !self.guard_refuses(w)
        {
            HIT_WEAK
        } else {
            HIT_NONE
        };
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.lexicon != self.id || c.map.len() >= CACHE_CAP {
                c.map.clear();
                c.lexicon = self.id;
            }
            c.map.insert(w.to_string(), hit);
        });
        hit
    }

    /// Lowercases into the thread's buffer (no allocation once warm) and runs `f`.
    fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
        if !word.chars().any(crate::case::is_upper) {
            return f(word);
        }
        LOWER.with(|b| match b.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                buf.extend(word.chars().flat_map(char::to_lowercase));
                f(&buf)
            }
            Err(_) => {
                let s: String = word.chars().flat_map(char::to_lowercase).collect();
                f(&s)
            }
        })
    }

    fn word_hit(&self, part: &str, user: Option<&UserWords>) -> Option<AcceptedBy> {
        let title = is_title_case(part);
        Self::with_lower(part, |w| match self.lookup_lower(w) {
            HIT_LEXICON => Some(AcceptedBy::Lexicon),
            HIT_WEAK => Some(AcceptedBy::Weak),
            _ if user.is_some_and(|u| u.accepts_lower(self, w)) => Some(AcceptedBy::User),
            _ if title && self.name_like(w) => Some(AcceptedBy::Name),
            _ => None,
        })
    }

    /// Whether undoing a few OCR confusions in `word` (lowercase NFC) leads
    /// to a word of the curated or own stems: the test that refuses weak
    /// forms and unknown capitalised words.
    pub fn confusable_with_known(&self, word: &str) -> bool {
        self.guard_refuses(word)
    }

    /// Whether an unknown capitalised word may be a name: three letters or
    /// more, a vowel, a Kazakh letter (a capitalised word without one is as
    /// likely a Kazakh word read by a Russian OCR model), and no OCR
    /// confusion leading to a known word.
    fn name_like(&self, w: &str) -> bool {
        w.chars().count() >= 3
            && w.chars().any(|c| self.grammar.is_vowel(c))
            && (w.chars().any(|c| self.grammar.is_native(c)) || self.surname_like(w))
            && !self.guard_cached(w)
    }

    /// A surname: a stem of three letters or more with a vowel, a surname
    /// ending (-ов, -ев, …) and a nominal suffix chain (Орманбаевтың).
    fn surname_like(&self, w: &str) -> bool {
        self.grammar.surname_endings.iter().any(|e| {
            w.match_indices(e.as_str()).any(|(i, _)| {
                let stem = &w[..i];
                stem.chars().count() >= 3
                    && stem.chars().any(|c| self.grammar.is_vowel(c))
                    && (i + e.len() == w.len() || self.accepts_suffix_chain(&w[i + e.len()..]))
            })
        })
    }

    /// A loanword with an international prefix (био-, кино-, теле-, …) whose
    /// rest the stems accept (биофизиктер, кинокомпаниялар).
    fn prefixed_accept(&self, w: &str) -> bool {
        self.grammar.loan_prefixes.iter().any(|p| {
            w.strip_prefix(p.as_str()).is_some_and(|rest| {
                rest.chars().count() >= 3 && self.stems_accept(rest.as_bytes(), false)
            })
        })
    }

    fn guard_cached(&self, w: &str) -> bool {
        thread_local! {
            static GUARD: WordMemo<bool> = RefCell::new((0, FastMap::default()));
        }
        self.memoised(&GUARD, w, || self.guard_refuses(w))
    }

    fn is_abbreviation(&self, part: &str) -> bool {
        // `part` or `part.` is a key (walked by hand: no allocation).
        let fst = &self.abbr;
        let mut node = fst.root();
        for &b in part.as_bytes() {
            match node.find_input(b) {
                Some(i) => node = fst.node(node.transition(i).addr),
                None => return false,
            }
        }
        node.is_final()
            || node
                .find_input(b'.')
                .is_some_and(|i| fst.node(node.transition(i).addr).is_final())
    }

    /// Whether `s` is a bare suffix chain as written after a number or an
    /// abbreviation and a hyphen (`ші`, `інде`, `ның`, `ға`).
    pub fn accepts_suffix_chain(&self, s: &str) -> bool {
        Self::with_lower(s, |w| {
            self.number_sets
                .iter()
                .any(|&set| self.suffix_accepts(set, w.as_bytes(), 0))
        })
    }

    /// Whether the part after a number and a hyphen is fine: a word
    /// (`50-жылдардың` → `жылдардың`) or a bare suffix chain (`1-інде`).
    /// Kept per thread: such parts recur, and a suffix chain is tried
    /// against every number's suffix automaton.
    pub fn accepts_after_number(&self, part: &str) -> bool {
        thread_local! {
            static AFTER_NUMBER: WordMemo<bool> = RefCell::new((0, FastMap::default()));
        }
        self.memoised(&AFTER_NUMBER, part, || {
            self.accepts_suffix_chain(part) || self.accepts(part)
        })
    }

    /// Whether the lexicon accepts one word token (it may contain hyphens or
    /// apostrophes), in any case, NFC or NFD.
    pub fn accepts(&self, word: &str) -> bool {
        self.check_inner(word, None, false).is_accepted()
    }

    /// Like [`Lexicon::accepts`], also accepting the user's project words.
    pub fn accepts_with(&self, word: &str, user: &UserWords) -> bool {
        self.check_inner(word, Some(user), false).is_accepted()
    }

    /// The lexicon's verdict on one word token.
    pub fn check(&self, word: &str) -> Verdict {
        self.check_inner(word, None, true)
    }

    /// Like [`Lexicon::check`], also accepting the user's project words.
    pub fn check_with(&self, word: &str, user: &UserWords) -> Verdict {
        self.check_inner(word, Some(user), true)
    }

    /// Like [`Lexicon::check_with`] without explaining unknown words: the
    /// cheap question rules ask many times (how, if at all, is it accepted).
    pub fn classify(&self, word: &str, user: &UserWords) -> Verdict {
        self.check_inner(word, Some(user), false)
    }

    fn check_inner(&self, word: &str, user: Option<&UserWords>, explain: bool) -> Verdict {
        let user = user.filter(|u| !u.is_empty());
        if explain {
            return match user {
                Some(u) => self.check_normalised(word, Some(u), true),
                None => self.explained(word),
            };
        }
        match (self.cached_by(word), user) {
            (Ok(by), _) => Verdict::Accepted { by },
            (Err(true), _) => Verdict::NotCyrillic,
            (Err(false), Some(u)) => self.check_normalised(word, Some(u), false),
            (Err(false), None) => Verdict::Unknown {
                part: None,
                known_stem: None,
                unknown_suffix: None,
            },
        }
    }

    /// How the lexicon or the project words accept a word token, if they
    /// do: [`Lexicon::classify`] without building a verdict, for the rules
    /// that ask it of every word.
    pub fn accepted_by(&self, word: &str, user: &UserWords) -> Option<AcceptedBy> {
        match self.cached_by(word) {
            Ok(by) => Some(by),
            Err(false) if !user.is_empty() => {
                match self.check_normalised(word, Some(user), false) {
                    Verdict::Accepted { by } => Some(by),
                    _ => None,
                }
            }
            Err(_) => None,
        }
    }

    /// How the lexicon alone accepts a word token, or `Err(not_cyrillic)`:
    /// with no project words, [`Lexicon::accepted_by`] is this, less the
    /// error.
    pub(crate) fn accepted_alone_or(&self, word: &str) -> Result<AcceptedBy, bool> {
        self.cached_by(word)
    }

    /// A number no other lexicon loaded by this process has, for the
    /// per-thread caches of answers that depend on the lexicon.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// How the lexicon alone accepts a word token, or `Err(not_cyrillic)`,
    /// kept per thread.
    fn cached_by(&self, word: &str) -> Result<AcceptedBy, bool> {
        let cached = TOKENS.with(|c| {
            let c = c.borrow();
            if c.lexicon == self.id {
                c.words.get(word)
            } else {
                None
            }
        });
        match cached {
            Some(by) => by,
            None => {
                let by = match self.check_normalised(word, None, false) {
                    Verdict::Accepted { by } => Ok(by),
                    Verdict::NotCyrillic => Err(true),
                    Verdict::Unknown { .. } => Err(false),
                };
                TOKENS.with(|c| {
                    let mut c = c.borrow_mut();
                    if c.lexicon != self.id || c.words.len() >= CACHE_CAP {
                        c.words.clear();
                        c.lexicon = self.id;
                    }
                    c.words.insert(word, by);
                });
                by
            }
        }
    }

    /// The explained verdict on a word without project words, kept per
    /// thread: an unknown word recurs, and explaining it walks the stems.
    fn explained(&self, word: &str) -> Verdict {
        thread_local! {
            static EXPLAINED: WordMemo<Verdict> = RefCell::new((0, FastMap::default()));
        }
        self.memoised(&EXPLAINED, word, || self.check_normalised(word, None, true))
    }

    /// The answer for `word` from a per-thread memo of this lexicon, or
    /// `compute`d and kept (the memo starts over for another lexicon, or
    /// when it holds [`CACHE_CAP`] words).
    fn memoised<V: Clone + 'static>(
        &self,
        memo: &'static std::thread::LocalKey<WordMemo<V>>,
        word: &str,
        compute: impl FnOnce() -> V,
    ) -> V {
        let cached = memo.with(|m| {
            let m = m.borrow();
            (m.0 == self.id).then(|| m.1.get(word).cloned()).flatten()
        });
        if let Some(answer) = cached {
            return answer;
        }
        let answer = compute();
        memo.with(|m| {
            let mut m = m.borrow_mut();
            if m.0 != self.id || m.1.len() >= CACHE_CAP {
                m.1.clear();
                m.0 = self.id;
            }
            m.1.insert(word.to_string(), answer.clone());
        });
        answer
    }

    fn check_normalised(&self, word: &str, user: Option<&UserWords>, explain: bool) -> Verdict {
        use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
        if !plainly_nfc(word.as_bytes()) && is_nfc_quick(word.chars()) != IsNormalized::Yes {
            let nfc: String = word.nfc().collect();
            return self.check_nfc(&nfc, user, explain);
        }
        self.check_nfc(word, user, explain)
    }

    fn unknown(&self, part: Option<&str>, word: &str, explain: bool) -> Verdict {
        let (known_stem, unknown_suffix) = if explain {
            self.explain_unknown(word)
        } else {
            (None, None)
        };
        Verdict::Unknown {
            part: part.map(str::to_string),
            known_stem,
            unknown_suffix,
        }
    }

    fn check_nfc(&self, word: &str, user: Option<&UserWords>, explain: bool) -> Verdict {
        let word = word.trim_end_matches('.');
        if word.is_empty() {
            return self.unknown(None, word, false);
        }
        if is_roman_numeral(word) {
            return Verdict::Accepted {
                by: AcceptedBy::RomanNumeral,
            };
        }
        // Most words are of two-byte letters of U+0400..U+04FF alone: Cyrillic,
        // without Latin letters, hyphens or apostrophes.
        let plain = word.bytes().all(|b| matches!(b, 0x80..=0xbf | 0xd0..=0xd3));
        if !plain && (word.chars().any(is_latin) || !word.chars().any(is_cyrillic)) {
            return Verdict::NotCyrillic;
        }
        let mut letters = word.chars().filter(|&c| crate::tokenize::is_letter(c));
        if let (Some(c), None) = (letters.next(), letters.next())
            && c.is_uppercase()
            && word.chars().count() == 1
        {
            return Verdict::Accepted {
                by: AcceptedBy::Initial,
            };
        }
        if self.is_abbreviation(word) {
            return Verdict::Accepted {
                by: AcceptedBy::Abbreviation,
            };
        }
        if plain || !word.chars().any(|c| is_hyphen(c) || is_apostrophe(c)) {
            return match self.word_hit(word, user) {
                Some(by) => Verdict::Accepted { by },
                None => self.unknown(None, word, explain),
            };
        }
        // Hyphenated: abbreviation + suffix chain, or every part a word, or
        // the parts joined (a word hyphenated at a line break).
        let parts: Vec<&str> = word.split(|c| is_hyphen(c) || is_apostrophe(c)).collect();
        if parts.len() == 2 && self.is_abbreviation(parts[0]) && self.accepts_suffix_chain(parts[1])
        {
            return Verdict::Accepted {
                by: AcceptedBy::Abbreviation,
            };
        }
        let mut worst = None;
        let mut by = AcceptedBy::Lexicon;
        for p in &parts {
            if p.is_empty() {
                continue;
            }
            match self.word_hit(p, user) {
                Some(b) => {
                    if b != AcceptedBy::Lexicon {
                        by = b;
                    }
                }
                None if self.is_abbreviation(p) || is_roman_numeral(p) => {}
                None => {
                    worst = Some(*p);
                    break;
                }
            }
        }
        let Some(bad) = worst else {
            return Verdict::Accepted { by };
        };
        // Joined, a capitalised word is not taken for a name: any unknown
        // part after a known capitalised one would pass (`Бірте-б1рте`).
        let joined: String = parts.concat();
        if let Some(by) = self
            .word_hit(&joined, user)
            .filter(|&by| by != AcceptedBy::Name)
        {
            return Verdict::Accepted { by };
        }
        self.unknown(Some(bad), bad, explain)
    }

    /// For an unknown word: the longest known stem it starts with and the
    /// rest of the word after it.
    fn explain_unknown(&self, word: &str) -> (Option<String>, Option<String>) {
        let w: String = word.chars().flat_map(char::to_lowercase).collect();
        let b = w.as_bytes();
        let mut best: Option<(usize, String)> = None;
        walk_fst(&self.stems, b, |i, v| {
            if i >= 2 && i < b.len() && w.is_char_boundary(i) {
                for e in self.entries_of(v) {
                    let (set, _, kind) = self.entry(e);
                    if kind == Kind::Invariable {
                        continue;
                    }
                    if let Some(s) = self.sets.get(set as usize)
                        && matches!(s.key.ctx, Ctx::Class(_))
                        && w[..i].chars().count() >= 3
                    {
                        best = Some((i, w[..i].to_string()));
                    }
                }
            }
            false
        });
        match best {
            Some((i, stem)) => (Some(stem), Some(w[i..].to_string())),
            None => (None, None),
        }
    }

    /// Whether every analysis of `word` has a morpheme rare in prose
    /// (`lexicon/rare-morphemes.txt`: the second-person forms), weak-source
    /// readings aside when another source reads it too. A common form read
    /// right is often one `ң` from one (`жылдан`, `жылдаң`), so such a form
    /// is a poor correction to offer unasked.
    pub fn is_rare_form(&self, word: &str) -> bool {
        // Ranking asks this of the same candidates again and again.
        thread_local! {
            static RARE_FORMS: WordMemo<bool> = RefCell::new((0, FastMap::default()));
        }
        self.memoised(&RARE_FORMS, word, || {
            self.every_reading_has(word, rare_morphemes())
        })
    }

    /// Whether `word` is a poor correction to apply unattended: a rare form
    /// ([`Lexicon::is_rare_form`]), or one that only the morphemes of
    /// `lexicon/unsafe-morphemes.txt` make.
    pub fn is_doubtful_fix(&self, word: &str) -> bool {
        static UNSAFE: OnceLock<Vec<&'static str>> = OnceLock::new();
        let tags = UNSAFE.get_or_init(|| {
            list_entries(include_str!("../../lexicon/unsafe-morphemes.txt"))
                .chain(rare_morphemes().iter().copied())
                .collect()
        });
        self.every_reading_has(word, tags)
    }

    /// Whether every analysis of `word` has one of the morpheme `tags`;
    /// the weak word list holds OCR damage too (отбасың), so its readings
    /// count only when no other source reads the word.
    fn every_reading_has(&self, word: &str, tags: &[&str]) -> bool {
        let w = fold(word);
        let (mut trusted, mut weak, mut weak_all) = (false, false, true);
        // Stops at the first trusted reading without the tags.
        let untagged = self.each_reading(&w, |_, _, src, _, path| {
            let Some(tagged) = self.path_has_tag(path, tags) else {
                return false;
            };
            if src == Source::Weak {
                weak = true;
                weak_all &= tagged;
                false
            } else {
                trusted |= tagged;
                !tagged
            }
        });
        !untagged && (trusted || (weak && weak_all))
    }

    /// Hands each reading of `w` (lowercase NFC) by a stem and a suffix path
    /// to `f`: the stem's length in bytes, its suffix set, source and kind,
    /// and the path ([`Lexicon::suffix_paths`]). Stops when `f` returns
    /// true, and says whether it did.
    fn each_reading(
        &self,
        w: &str,
        mut f: impl FnMut(usize, u16, Source, Kind, &[(u16, String, Option<u16>)]) -> bool,
    ) -> bool {
        let b = w.as_bytes();
        walk_fst(&self.stems, b, |i, v| {
            for e in self.entries_of(v) {
                let (set, src, kind) = self.entry(e);
                let mut paths = Vec::new();
                self.suffix_paths(set, &b[i..], 0, &mut Vec::new(), &mut paths);
                if paths.iter().any(|p| f(i, set, src, kind, p)) {
                    return true;
                }
            }
            false
        })
    }

    /// Whether the suffixes of `path` (from [`Lexicon::suffix_paths`]) have a
    /// morpheme of `tags`: the morphemes of [`Lexicon::make_analysis`],
    /// without building them. `None` where that makes no analysis.
    fn path_has_tag(&self, path: &[(u16, String, Option<u16>)], tags: &[&str]) -> Option<bool> {
        let mut found = false;
        for (s, piece, cont) in path {
            let (items, at) = self.item_on_path(*s, piece, *cont)?;
            found |= items[at]
                .morphs
                .iter()
                .any(|m| tags.contains(&m.tag.as_str()));
        }
        Some(found)
    }

    /// The suffix item that a step of a suffix path stands for: the item of
    /// set `set` spelt `piece` that goes on to set `cont` (or ends the word
    /// when `cont` is `None`), else any item spelt so; as the items and the
    /// index of that one.
    fn item_on_path(
        &self,
        set: u16,
        piece: &str,
        cont: Option<u16>,
    ) -> Option<(Rc<Vec<morpho::Item>>, usize)> {
        let key = &self.sets.get(set as usize)?.key;
        let items = self.items_spelling(set, key, piece);
        let want_cont = cont.and_then(|c| self.sets.get(c as usize)).map(|c| c.key);
        let at = items
            .iter()
            .position(|it| {
                it.surface == piece
                    && (it.cont == want_cont || (want_cont.is_none() && it.is_final))
            })
            .or_else(|| items.iter().position(|it| it.surface == piece))?;
        Some((items, at))
    }

    /// All analyses of a word (without hyphens): stem, class, source and
    /// suffix morphemes. Weak-source and abbreviation hits have no morphemes.
    pub fn analyses(&self, word: &str) -> Vec<Analysis> {
        let w = fold(word);
        let b = w.as_bytes();
        let mut out = Vec::new();
        self.each_reading(&w, |i, set, src, kind, path| {
            if let Some(a) = self.make_analysis(&w[..i], set, src, kind, path)
                && !out.contains(&a)
            {
                out.push(a);
            }
            false
        });
        if out.is_empty() && fst_contains(&self.weak, b) && !self.guard_refuses(&w) {
            out.push(Analysis {
                lemma: w.clone(),
                kind: "form",
                source: Source::Weak.name(),
                morphemes: Vec::new(),
            });
        }
        out
    }

    /// Collects every way `rest` runs through suffix sets from `set`:
    /// lists of (set, piece, the cut taken after the piece).
    fn suffix_paths(
        &self,
        set: u16,
        rest: &[u8],
        depth: usize,
        prefix: &mut Vec<(u16, String, Option<u16>)>,
        out: &mut Vec<Vec<(u16, String, Option<u16>)>>,
    ) {
        let Some(s) = self.sets.get(set as usize) else {
            return;
        };
        let mut hits = Vec::new();
        walk_fst(&s.fst, rest, |i, v| {
            hits.push((i, v));
            false
        });
        for (i, v) in hits {
            let piece = String::from_utf8_lossy(&rest[..i]).into_owned();
            if i == rest.len() && v & FINAL != 0 {
                let mut p = prefix.clone();
                p.push((set, piece.clone(), None));
                out.push(p);
            }
            if depth < self.grammar.max_cuts {
                for c in conts(v) {
                    prefix.push((set, piece.clone(), Some(c)));
                    self.suffix_paths(c, &rest[i..], depth + 1, prefix, out);
                    prefix.pop();
                }
            }
        }
    }

    fn make_analysis(
        &self,
        key: &str,
        set: u16,
        src: Source,
        kind: Kind,
        path: &[(u16, String, Option<u16>)],
    ) -> Option<Analysis> {
        let first = self.sets.get(set as usize)?;
        let lemma = match first.key.ctx {
            Ctx::Class(_) => key.to_string(),
            Ctx::Tail(t) => format!("{key}{t}"),
            Ctx::Drop(c) => format!("{key}{}{c}", if first.key.front { 'і' } else { 'ы' }),
        };
        let mut morphemes = Vec::new();
        for (s, piece, cont) in path {
            let (items, at) = self.item_on_path(*s, piece, *cont)?;
            morphemes.extend(
                items[at]
                    .morphs
                    .iter()
                    .filter(|m| !m.surface.is_empty() || !m.tag.is_empty())
                    .map(|m: &Morph| Morpheme {
                        tag: m.tag.clone(),
                        surface: m.surface.clone(),
                    }),
            );
        }
        Some(Analysis {
            lemma,
            kind: kind.name(),
            source: src.name(),
            morphemes,
        })
    }

    /// The items of suffix set `set` (`key`) whose string is `piece`
    /// ([`Grammar::generate_surface`]), kept per thread: analyses ask for
    /// the same few pieces again and again.
    fn items_spelling(&self, set: u16, key: &SetKey, piece: &str) -> Rc<Vec<morpho::Item>> {
        type Items = RefCell<(u64, usize, Vec<FastMap<String, Rc<Vec<morpho::Item>>>>)>;
        thread_local! {
            static ITEMS: Items = const { RefCell::new((0, 0, Vec::new())) };
        }
        ITEMS.with(|c| {
            let mut c = c.borrow_mut();
            let (lexicon, len, sets) = &mut *c;
            if *lexicon != self.id || *len >= CACHE_CAP {
                sets.clear();
                *len = 0;
                *lexicon = self.id;
            }
            let set = set as usize;
            if sets.len() <= set {
                sets.resize_with(set + 1, FastMap::default);
            }
            if let Some(items) = sets[set].get(piece) {
                return items.clone();
            }
            let items = Rc::new(self.grammar.generate_surface(key, piece));
            sets[set].insert(piece.to_string(), items.clone());
            *len += 1;
            items
        })
    }

    /// The suffix set for a context, if the lexicon has it.
    fn set_for(&self, key: &SetKey) -> Option<u16> {
        self.set_ids.get(key).copied()
    }
}

/// Project words given by the user (`emle.toml` `[lexicon] words`,
/// `--words FILE`), checked with the same case and NFC handling as the
/// lexicon. A word with a class (`Ленинград:noun`, `ал:verb`) also accepts its
/// regular inflections; a bare word is accepted as written only.
#[derive(Debug, Clone, Default)]
pub struct UserWords {
    exact: std::collections::HashSet<String>,
    stems: HashMap<String, Vec<u16>>,
    max_stem_len: usize,
}

impl UserWords {
    /// No words.
    pub fn new() -> UserWords {
        UserWords::default()
    }

    /// How many words were added.
    pub fn len(&self) -> usize {
        self.exact.len() + self.stems.len()
    }

    /// True when no word was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds one word: `word`, or `stem:class` with class `noun` (or `n`,
    /// `proper`), `verb` (or `v`) or `exact`.
    pub fn add(&mut self, lex: &Lexicon, spec: &str) -> Result<(), LexiconError> {
        let spec = spec.trim();
        let (word, class) = match spec.rsplit_once(':') {
            Some((w, c)) => (w.trim(), c.trim()),
            None => (spec, "exact"),
        };
        let w = fold(word);
        if w.is_empty() {
            return Err(LexiconError::UserWord(
                spec.to_string(),
                "empty word".into(),
            ));
        }
        let kind = match class {
            "exact" | "" => {
                self.exact.insert(w);
                return Ok(());
            }
            "noun" | "n" | "nominal" | "adj" => Kind::Nominal,
            "proper" | "prop" | "name" => Kind::Proper,
            "verb" | "v" => Kind::Verbal,
            other => {
                return Err(LexiconError::UserWord(
                    spec.to_string(),
                    format!("unknown class `{other}` (noun, proper, verb, exact)"),
                ));
            }
        };
        self.exact.insert(w.clone());
        for (key, set) in compile::stem_entries(&lex.grammar, &w, kind, false, false) {
            if let Some(id) = lex.set_for(&set) {
                self.max_stem_len = self.max_stem_len.max(key.len());
                self.stems.entry(key).or_default().push(id);
            }
        }
        Ok(())
    }

    /// Adds one word per line (`#` starts a comment line).
    pub fn add_lines(&mut self, lex: &Lexicon, text: &str) -> Result<(), LexiconError> {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            self.add(lex, line)?;
        }
        Ok(())
    }

    fn accepts_lower(&self, lex: &Lexicon, w: &str) -> bool {
        if self.exact.contains(w) {
            return true;
        }
        for (i, _) in w
            .char_indices()
            .skip(1)
            .chain(std::iter::once((w.len(), ' ')))
        {
            if i > self.max_stem_len {
                break;
            }
            if let Some(sets) = self.stems.get(&w[..i])
                && sets
                    .iter()
                    .any(|&s| lex.suffix_accepts(s, &w.as_bytes()[i..], 0))
            {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests;
