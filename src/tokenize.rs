//! The tokenizer: splits text into classified tokens with exact byte spans.
//!
//! Every byte of the input belongs to exactly one token, so nothing is lost and
//! spans never overlap. Tokens are small `Copy` values; the iterator allocates
//! nothing, and a word's sub-parts are found on demand with [`Token::parts`].

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// Letters of any script, possibly joined by inner hyphens or apostrophes
    /// (`бет-бағыт`, `ОК-нің`). Combining marks (NFD) belong to the word.
    Word,
    /// Digits, possibly with inner `.`/`,` between digits (`1962`, `3,5`).
    Number,
    /// Letters mixed with digits or with the marks OCR reads for letters
    /// (`ЕРЕКШЕЛІКТЕРІ1962`, `2-ші`, `б1л1м`, `б!л!м`, `б|л|м`).
    Alnum,
    /// One punctuation or symbol character.
    Punct,
    /// A run of horizontal white space, U+00A0 and other odd spaces included.
    Space,
    /// One line end: `\r\n`, `\n` or a lone `\r`.
    Newline,
    /// An invisible format character (BOM, zero-width space, …).
    Other,
}

/// Largest text the tokenizer takes: offsets are kept in 32 bits, so a
/// token is 12 bytes and a corpus file's tokens stay small in memory.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// One token: its kind and its byte span in the text.
///
/// The tokenizer also notes what it saw of a word's letters, so that rules
/// need not read the text again to learn it (see [`Token::letters`]).
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    letters: Letters,
    start: u32,
    end: u32,
}

/// What the tokenizer saw of a token's characters. Only ever says what is
/// certain: a token made by [`Token::new`] is [`Letters::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Letters {
    /// Nothing is known.
    Unknown,
    /// Letters only (see [`is_letter`]): no digit, hyphen or other joiner.
    Only,
    /// Cyrillic letters of U+0400..U+04FF only (so letters only too).
    OnlyCyrillic,
}

/// Tokens are equal when their kinds and spans are.
impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        (self.kind, self.start, self.end) == (other.kind, other.start, other.end)
    }
}

impl Eq for Token {}

impl Token {
    /// A token of `kind` over `span` (which must lie within [`MAX_TEXT_LEN`]).
    pub fn new(kind: TokenKind, span: Range<usize>) -> Token {
        Token {
            kind,
            letters: Letters::Unknown,
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    /// What the tokenizer saw of the token's characters.
    #[inline]
    pub fn letters(&self) -> Letters {
        self.letters
    }

    /// Whether the token holds a hyphen (see [`is_hyphen`]).
    pub fn has_hyphen(&self, text: &str) -> bool {
        self.letters == Letters::Unknown && find_hyphen(self.text(text)).is_some()
    }

    /// Whether every character of the token is a letter (see [`is_letter`]):
    /// known from the tokenizer, or else read from `text`.
    #[inline]
    pub fn all_letters(&self, text: &str) -> bool {
        self.letters != Letters::Unknown || self.text(text).chars().all(is_letter)
    }

    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset one past the last byte.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's byte span.
    pub fn span(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span()]
    }

    /// True for tokens made of letters (words and letter–digit runs).
    pub fn has_letters(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Alnum)
    }

    /// The sub-parts of a word between its inner hyphens, as byte spans
    /// (`бет-бағыт` → `бет`, `бағыт`). A word without hyphens is one part.
    pub fn parts<'t>(&self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let base = self.start();
        let word = &text[self.span()];
        let mut from = 0;
        let mut done = false;
        // Letters only: no hyphen, so one part.
        let scan = self.letters == Letters::Unknown;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            let hyphen = if scan {
                find_hyphen(&word[from..])
            } else {
                None
            };
            match hyphen {
                Some((i, len)) => {
                    let part = base + from..base + from + i;
                    from += i + len;
                    Some(part)
                }
                None => {
                    done = true;
                    Some(base + from..base + word.len())
                }
            }
        })
    }
}

/// True for characters that are letters inside a word: alphabetic characters
/// and combining marks (so that NFD `и` + U+0306 stays one word).
pub fn is_letter(c: char) -> bool {
    // Fast paths for the scripts of Kazakh text: the general Unicode lookup
    // is the costliest step of tokenizing.
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if matches!(c, '\u{0400}'..='\u{0481}' | '\u{048a}'..='\u{052f}') {
        return true;
    }
    c.is_alphabetic() || is_combining_mark(c)
}

/// True for combining diacritical marks.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}'
        | '\u{0483}'..='\u{0489}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// True for hyphens that join the parts of one word (`-`, U+2010, U+2011, soft hyphen).
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}')
}

/// The byte offset and length of the first hyphen (see [`is_hyphen`]) in `s`.
/// Every hyphen starts with one of three bytes, so the scan runs on bytes,
/// eight at a step, and decodes a character only where one of them stands.
fn find_hyphen(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(at) = first_hyphen_lead(bytes, from) {
        // The three bytes only ever start a character: `at` is a boundary.
        let c = s[at..].chars().next()?;
        if is_hyphen(c) {
            return Some((at, c.len_utf8()));
        }
        from = at + c.len_utf8();
    }
    None
}

/// Where the first byte that may start a hyphen (`-`, 0xC2, 0xE2) stands
/// in `bytes` from `from`: eight bytes are tested at a step, as one word.
#[inline]
fn first_hyphen_lead(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A high bit in each byte of `w` that is zero, and maybe in bytes after
    // it (a borrow runs on), never before.
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let mut b = [0; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let found = zero(w ^ (ONES * 0x2d)) | zero(w ^ (ONES * 0xc2)) | zero(w ^ (ONES * 0xe2));
        if found != 0 {
            return Some(from + found.trailing_zeros() as usize / 8);
        }
        from += 8;
    }
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| matches!(b, b'-' | 0xc2 | 0xe2))
        .map(|i| from + i)
}

/// The byte length of the letter at `at` when it is an ASCII letter or a
/// two-byte Cyrillic letter, read without decoding; 0 for anything else
/// (which [`is_letter`] then decides). `at` must be a character boundary.
#[inline]
fn quick_letter_len(bytes: &[u8], at: usize) -> usize {
    match bytes[at] {
        b if b.is_ascii_alphabetic() => 1,
        // U+0400..U+047F and U+04C0..U+04FF: all letters.
        0xd0 | 0xd1 | 0xd3 => 2,
        // U+0480..U+04BF: letters and combining marks, but for U+0482 (҂).
        0xd2 if bytes.get(at + 1) != Some(&0x82) => 2,
        _ => 0,
    }
}

/// Where the run of two-byte Cyrillic letters from `at` ends (see
/// [`Tokens::scan_word`]): eight bytes are read as one word of four byte
/// pairs, each of which must be a lead 0xD0..=0xD3 and its second byte but
/// not U+0482 (0xD2 0x82), the one sign among them; the first pair that is
/// not ends the run. The last bytes of the text, fewer than eight, are read
/// a pair at a time.
#[inline(always)]
fn cyrillic_run_end(bytes: &[u8], mut at: usize) -> usize {
    // Most words are over once sixteen bytes are read: where SSE2 is part
    // of the instruction set, read that many at a step first.
    #[cfg(target_arch = "x86_64")]
    match cyrillic_run_end_16(bytes, at) {
        Ok(end) => return end,
        Err(rest) => at = rest,
    }
    const LEADS: u64 = 0x00fc_00fc_00fc_00fc;
    const D0: u64 = 0x00d0_00d0_00d0_00d0;
    const SIGN: u64 = 0x82d2_82d2_82d2_82d2;
    const LOW: u64 = 0x00ff_00ff_00ff_00ff;
    const LOW_CARRY: u64 = 0x0100_0100_0100_0100;
    const BELOW_HIGH: u64 = 0x7fff_7fff_7fff_7fff;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut b = [0; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        // Each test sets one bit in a 16-bit lane that fails it, without
        // carries between lanes: bit 8 for a first byte that is no lead,
        // bit 15 for a pair that is U+0482.
        let no_lead = ((w & LEADS) ^ D0).wrapping_add(LOW) & LOW_CARRY;
        let x = w ^ SIGN;
        let sign = !(((x & BELOW_HIGH).wrapping_add(BELOW_HIGH)) | x) & !BELOW_HIGH;
        let stop = no_lead | sign;
        if stop != 0 {
            // Lanes after the first that fails may say anything.
            return at + 2 * (stop.trailing_zeros() as usize / 16);
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b & 0xfc != 0xd0 || (b == 0xd2 && bytes.get(at + 1) == Some(&0x82)) {
            break;
        }
        at += 2;
    }
    at
}

/// [`cyrillic_run_end`] sixteen bytes at a step, eight byte pairs tested
/// at once with SSE2: `Ok(end)` where the run ends, or `Err(at)` where
/// fewer than sixteen bytes are left to read.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn cyrillic_run_end_16(bytes: &[u8], mut at: usize) -> Result<usize, usize> {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpeq_epi16, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_set1_epi8, _mm_set1_epi16,
    };
    while let Some(chunk) = bytes.get(at..at + 16) {
        // SAFETY: SSE2 is part of every x86_64 processor, and the load
        // reads the sixteen bytes of `chunk`, unaligned.
        let stop = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            // A bit per byte: a lead 0xD0..=0xD3; a pair that is U+0482
            // (0xD2 0x82) sets both its bits.
            let lead = _mm_cmpeq_epi8(
                _mm_and_si128(v, _mm_set1_epi8(0xfc_u8 as i8)),
                _mm_set1_epi8(0xd0_u8 as i8),
            );
            let sign = _mm_cmpeq_epi16(v, _mm_set1_epi16(0x82d2_u16 as i16));
            let lead = _mm_movemask_epi8(lead) as u32;
            let sign = _mm_movemask_epi8(sign) as u32;
            // Pairs start at the even bytes.
            (!lead | sign) & 0x5555
        };
        if stop != 0 {
            return Ok(at + stop.trailing_zeros() as usize);
        }
        at += 16;
    }
    Err(at)
}

/// The ASCII bytes that end a word after a letter, as a table by byte: all
/// but letters, digits, the joiners `!`, `|`, `-` and `'` (`.` and `,`
/// join digits only) and the glyph noise of [`is_glyph_noise`]. No byte from 0x80 up is in it. A table, not a set of
/// 128 bits: a shift of 128 bits by a variable amount takes a dozen
/// instructions, and the test is made after nearly every word.
static ENDS_WORD: [bool; 256] = {
    let mut set = [false; 256];
    let mut b = 0u8;
    while b < 128 {
        set[b as usize] = !(b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'|' | b'-' | b'\'' | b']' | b'}' | b'{' | b'\\' | b'@' | b'<'
            ));
        b += 1;
    }
    set
};

/// The bytes that are a token of one byte wherever they stand, as a table
/// by byte: 1 for the marks of ASCII punctuation (a [`TokenKind::Punct`])
/// but those that may open a word (see [`is_opening_noise`]), 2 for a line
/// feed, 0 for any other byte.
static ONE_BYTE_TOKEN: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0u8;
    while b < 128 {
        if b.is_ascii_punctuation() && !matches!(b, b'@' | b'{' | b'<') {
            table[b as usize] = 1;
        }
        b += 1;
    }
    table[b'\n' as usize] = 2;
    table
};

/// The end of the word at `start` when it is the commonest kind, two-byte
/// Cyrillic letters up to a byte of [`ENDS_WORD`] or the end of the text:
/// the token [`Tokens::scan_word`] would give, found without its general
/// scan.
#[inline(always)]
fn plain_cyrillic_word(bytes: &[u8], start: usize) -> Option<usize> {
    if bytes[start] & 0xfc != 0xd0 {
        return None;
    }
    let end = cyrillic_run_end(bytes, start);
    match bytes.get(end) {
        _ if end == start => None,
        None => Some(end),
        Some(&b) if ENDS_WORD[usize::from(b)] => Some(end),
        Some(_) if quick_mark_len(bytes, end) > 0 => Some(end),
        Some(_) => None,
    }
}

/// The byte length of the mark at `at` when it is one of the commonest
/// marks of Kazakh text outside ASCII, read without decoding: `«`, `»` and
/// U+2012..=U+2027 but U+2019 (dashes, quotes, `…`, bullets). None of them
/// is a letter, digit, space, joiner or invisible character, so each is a
/// token of its own and ends a word. 0 for anything else.
#[inline]
fn quick_mark_len(bytes: &[u8], at: usize) -> usize {
    match (bytes.get(at), bytes.get(at + 1), bytes.get(at + 2)) {
        (Some(0xc2), Some(0xab | 0xbb), _) => 2,
        (Some(0xe2), Some(0x80), Some(&b)) if (0x92..=0xa7).contains(&b) && b != 0x99 => 3,
        _ => 0,
    }
}

/// True for apostrophes that may stand inside a word.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// True for marks that OCR reads in place of a letter inside a word.
pub fn is_letter_noise(c: char) -> bool {
    matches!(c, '!' | '|') || is_glyph_noise(c)
}

/// Marks that engines without the Kazakh letters write for one, in the
/// development pairs mostly for і and ө (`ешб]р`, `себеб]`, `нэз{к`,
/// `@згер!с`, `©з`). Unlike `!` and `|` they are taken into a word only
/// next to Cyrillic letters, so that `info@mail` and `a<b` stay apart.
pub fn is_glyph_noise(c: char) -> bool {
    matches!(c, ']' | '}' | '{' | '\\' | '@' | '©' | '<')
}

/// Marks that engines without the Kazakh letters write for і between
/// letters (`б/рге`, `б:р`, `дей?н`). Elsewhere they are punctuation, so
/// only [`Tokens::without_kazakh_letters`] takes them into a word.
pub fn is_misread_mark(c: char) -> bool {
    matches!(c, '/' | ':' | '?')
}

/// Whether `c` is a Cyrillic letter or mark.
fn is_cyrillic(c: char) -> bool {
    crate::script::script_of(c) == crate::script::Script::Cyrillic
}

/// The glyph-noise marks that may open a word, read for its first letter
/// (`@згер!с` for Өзгеріс): `]`, `}` and `\\` close or follow text too
/// often to count there.
pub fn is_opening_noise(c: char) -> bool {
    matches!(c, '@' | '{' | '<' | '©')
}

/// The byte length of a mark of [`is_opening_noise`] that may open a word (`@згер!с`
/// for Өзгеріс, `©з` for өз, `{кке` for іске, `<Сьсзі`) when a Cyrillic
/// letter follows it; 0 otherwise.
fn noise_opening_word(bytes: &[u8], at: usize) -> usize {
    let len = match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'@' | b'{' | b'<'), _) => 1,
        (Some(0xc2), Some(0xa9)) => 2,
        _ => return 0,
    };
    match bytes.get(at + len) {
        Some(0xd0..=0xd3) if quick_letter_len(bytes, at + len) == 2 => len,
        _ => 0,
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && !c.is_alphabetic())
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
    )
}

/// Splits `text` into tokens, in order, covering every byte. Texts longer
/// than [`MAX_TEXT_LEN`] are refused earlier, when they are read.
pub fn tokenize(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        pos: 0,
        unlettered: false,
    }
}

/// The tokens of `text[range]`, with spans into the whole `text`: the same
/// tokens [`tokenize`] gives for those bytes when `range` starts and ends at
/// line starts (or the text's ends), since no token crosses a line break.
/// Lets the engine check a large text a piece at a time.
pub fn tokenize_range(text: &str, range: Range<usize>) -> Tokens<'_> {
    Tokens {
        text: &text[..range.end],
        pos: range.start,
        unlettered: false,
    }
}

/// Iterator over the tokens of a text; see [`tokenize`].
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    pos: usize,
    /// The text was read without the Kazakh letters (see
    /// [`Tokens::without_kazakh_letters`]).
    unlettered: bool,
}

impl<'t> Tokens<'t> {
    /// Tokenizes the text as one read by an OCR engine without the Kazakh
    /// letters (when `yes`), which writes `!`, `|`, `/`, `:` or `?` for і
    /// (`кулк!1с1`, `б/рге`, `корсетт!.`): such marks are taken into the
    /// word between letters, and a `!` or `|` after its last letter unless
    /// the line or a quotation ends there. On the Russian-model pages of
    /// the development pairs such a `!` stood for і 161 times and for
    /// itself 4 times before `.`, `"`, `”`, `?` or a capital; at a line's
    /// end 14 times for itself and never for і, before `»` 13 times for
    /// itself and 8 times for і.
    pub fn without_kazakh_letters(mut self, yes: bool) -> Self {
        self.unlettered = yes;
        self
    }

    fn peek_char(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    /// Whether a `!` or `|` just after a word, with what follows it at
    /// `at`, is a misread last letter (`ек! жаннын`, `бермед!,`) rather than
    /// punctuation: a sentence does not go on in lowercase after `!`, nor
    /// does `!` stand before a comma, semicolon, colon or closing bracket.
    /// In a text read without the Kazakh letters (see
    /// [`Tokens::without_kazakh_letters`]) also before a capital, `.`, `"`,
    /// `”`, `?` or `…`.
    fn noise_ends_word(&self, at: usize) -> bool {
        let rest = &self.text.as_bytes()[at.min(self.text.len())..];
        match rest.first() {
            Some(b',' | b';' | b':' | b')') => true,
            Some(b' ') => self
                .peek_char(at + 1)
                .is_some_and(|c| is_letter(c) && (c.is_lowercase() || self.unlettered)),
            Some(b'.' | b'"' | b'?') => self.unlettered,
            // `”` and `…`.
            Some(0xe2) => self.unlettered && matches!(rest.get(1..3), Some([0x80, 0x9d | 0xa6])),
            _ => false,
        }
    }

    /// Takes the marks that stand for letters in a text read without the
    /// Kazakh letters (see [`Tokens::without_kazakh_letters`]) into the word
    /// token ending at `end`: a run of up to three marks between a letter or
    /// `1` and a lowercase letter or a lone `1` (`Эз1!мбайдын`, `тид:1`),
    /// with the word after it, or one `!` or `|` after a lowercase last
    /// letter (`корсетт!.`).
    fn take_misread_marks(&self, mut end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let start = end;
        loop {
            let last = self.text[..end].chars().next_back();
            if !last.is_some_and(|c| c == '1' || is_cyrillic(c) && is_letter(c)) {
                break;
            }
            let run = bytes[end..]
                .iter()
                .take_while(|&&b| matches!(b, b'!' | b'|') || is_misread_mark(char::from(b)))
                .take(3)
                .count();
            if run == 0 {
                break;
            }
            let after = end + run;
            let lone_one = bytes.get(after) == Some(&b'1')
                && !bytes.get(after + 1).is_some_and(u8::is_ascii_digit);
            let lowercase = self
                .peek_char(after)
                .is_some_and(|c| is_cyrillic(c) && is_letter(c) && c.is_lowercase());
            if lowercase || lone_one {
                end = self.scan_word(after).1;
                continue;
            }
            if run == 1
                && matches!(bytes[end], b'!' | b'|')
                && last.is_some_and(|c| is_cyrillic(c) && c.is_lowercase())
                && self.noise_ends_word(after)
            {
                end = after;
            }
            break;
        }
        (end > start).then_some(end)
    }

    /// Scans a run of letters and digits with inner joiners, from `start`.
    #[inline]
    fn scan_word(&self, start: usize) -> (TokenKind, usize, Letters) {
        let mut end = start;
        // Whether only two-byte Cyrillic letters were taken in, and whether
        // anything but letters.
        let mut cyrillic = true;
        let mut others = false;
        let mut letters = false;
        let mut digits = false;
        let mut noise = false;
        let mut prev_digit = false;
        let mut prev_letter = false;
        let bytes = self.text.as_bytes();
        while end < bytes.len() {
            let quick = quick_letter_len(bytes, end);
            if quick > 0 {
                end += quick;
                cyrillic &= quick == 2;
                // The bulk of Kazakh text: runs of two-byte Cyrillic letters
                // (leads 0xD0..=0xD3, U+0482 aside), taken four at a step.
                end = cyrillic_run_end(bytes, end);
                letters = true;
                prev_digit = false;
                prev_letter = true;
                // Most words end here, at a space or at a mark that joins
                // nothing after letters (`.` and `,` join digits only).
                match bytes.get(end) {
                    None => break,
                    Some(&b) if ENDS_WORD[usize::from(b)] => break,
                    Some(_) => continue,
                }
            }
            let b = bytes[end];
            // An ASCII digit, as `is_digit` below takes it, without decoding.
            if b.is_ascii_digit() {
                others = true;
                cyrillic = false;
                digits = true;
                prev_digit = true;
                prev_letter = false;
                end += 1;
                continue;
            }
            // Other ASCII than joiners ends the word; `.` and `,` may still
            // join digits (checked below).
            if ENDS_WORD[usize::from(b)] && !matches!(b, b'.' | b',') {
                break;
            }
            let Some(c) = self.peek_char(end) else {
                break;
            };
            if is_letter(c) {
                letters = true;
                cyrillic = false;
                prev_digit = false;
                prev_letter = true;
                end += c.len_utf8();
                continue;
            }
            if is_digit(c) {
                others = true;
                cyrillic = false;
                digits = true;
                prev_digit = true;
                prev_letter = false;
                end += c.len_utf8();
                continue;
            }
            // A joiner stays inside only with a letter or digit on both sides.
            let next_at = end + c.len_utf8();
            let joiner = is_letter_noise(c) || is_hyphen(c) || is_apostrophe(c);
            let next = if joiner || matches!(c, '.' | ',') {
                self.peek_char(next_at)
            } else {
                None
            };
            let joins = match next {
                // OCR engines without the Kazakh letters read і as `!` or `|`
                // inside words (кел!ншек): keep such a run one token.
                Some(n) if is_glyph_noise(c) => {
                    let cyrillic_before = self.text[..end]
                        .chars()
                        .next_back()
                        .is_some_and(is_cyrillic);
                    prev_letter
                        && cyrillic_before
                        && ((n.is_lowercase() && is_cyrillic(n)) || self.noise_ends_word(next_at))
                }
                Some(n) if is_letter_noise(c) => {
                    prev_letter && (n.is_lowercase() || self.noise_ends_word(next_at))
                }
                Some(n) if is_hyphen(c) => is_letter(n) || is_digit(n),
                Some(n) if is_apostrophe(c) => is_letter(n) && !prev_digit,
                Some(n) if matches!(c, '.' | ',') => prev_digit && is_digit(n) && !letters,
                _ => false,
            };
            if !joins {
                break;
            }
            others = true;
            cyrillic = false;
            noise |= is_letter_noise(c);
            prev_letter = false;
            prev_digit = false;
            end = next_at;
        }
        let kind = match (letters, digits || noise) {
            (true, false) => TokenKind::Word,
            (false, true) => TokenKind::Number,
            _ => TokenKind::Alnum,
        };
        let seen = match (others, cyrillic) {
            (true, _) => Letters::Unknown,
            (false, true) => Letters::OnlyCyrillic,
            (false, false) => Letters::Only,
        };
        (kind, end, seen)
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let first = *bytes.get(start)?;
        // Fast paths for the commonest tokens: a space followed by a letter
        // or by ASCII other than spaces is a space token of one byte; an
        // ASCII or Cyrillic letter starts a word; ASCII punctuation and a
        // line feed are tokens of one byte.
        let one_space = first == b' '
            && bytes.get(start + 1).is_none_or(|&n| {
                if n.is_ascii() {
                    !matches!(n, b' ' | b'\t' | b'\x0b' | b'\x0c')
                } else {
                    quick_letter_len(bytes, start + 1) > 0 || quick_mark_len(bytes, start + 1) > 0
                }
            });
        let (kind, end, letters) = if one_space {
            (TokenKind::Space, start + 1, Letters::Unknown)
        } else if let Some(end) = plain_cyrillic_word(bytes, start) {
            (TokenKind::Word, end, Letters::OnlyCyrillic)
        } else if quick_letter_len(bytes, start) > 0 {
            self.scan_word(start)
        } else if let len @ 1.. = noise_opening_word(bytes, start) {
            let (_, end, _) = self.scan_word(start + len);
            (TokenKind::Alnum, end, Letters::Unknown)
        } else if first.is_ascii_punctuation() {
            (TokenKind::Punct, start + 1, Letters::Unknown)
        } else if first == b'\n' {
            (TokenKind::Newline, start + 1, Letters::Unknown)
        } else if first.is_ascii_digit() {
            self.scan_word(start)
        } else if let len @ 1.. = quick_mark_len(bytes, start) {
            (TokenKind::Punct, start + len, Letters::Unknown)
        } else {
            self.scan_any(start)?
        };
        let (kind, end, letters) = match kind {
            TokenKind::Word | TokenKind::Alnum if self.unlettered => {
                match self.take_misread_marks(end) {
                    Some(end) => (TokenKind::Alnum, end, Letters::Unknown),
                    None => (kind, end, letters),
                }
            }
            _ => (kind, end, letters),
        };
        self.pos = end;
        Some(Token {
            letters,
            ..Token::new(kind, start..end)
        })
    }
}

impl Tokens<'_> {
    /// Takes the tokens of the bulk of a text while they come: words of
    /// two-byte Cyrillic letters only ([`Letters::OnlyCyrillic`]), marks
    /// of one ASCII byte but those that may open a word, the commonest
    /// marks outside ASCII (`«`, `»`, dashes, quotes), line feeds, and
    /// spaces of one byte before a letter or such a mark. Each token goes
    /// to `tokens`, as [`Iterator::next`] would give it, and `seen` is told
    /// of each with its index in `tokens`, but of a space before a letter:
    /// that one is only stored, and starts no punctuation after it (the
    /// token after it is a word or a letter–digit run). A space told of is
    /// one before punctuation. Stops before a token of any other kind, or
    /// of these kinds elsewhere, which [`Iterator::next`] then takes.
    #[inline(always)]
    pub fn take_common(&mut self, tokens: &mut Vec<Token>, mut seen: impl FnMut(usize, Token)) {
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        while let Some(&b) = bytes.get(start) {
            if b & 0xfc == 0xd0 {
                let Some(end) = plain_cyrillic_word(bytes, start) else {
                    break;
                };
                // A mark after it may stand for a letter: `next` decides.
                if self.unlettered && matches!(bytes.get(end), Some(b'/' | b':' | b'?')) {
                    break;
                }
                let t = Token {
                    letters: Letters::OnlyCyrillic,
                    ..Token::new(TokenKind::Word, start..end)
                };
                tokens.push(t);
                seen(tokens.len() - 1, t);
                start = end;
                continue;
            }
            let (kind, len) = match ONE_BYTE_TOKEN[usize::from(b)] {
                1 => (TokenKind::Punct, 1),
                2 => (TokenKind::Newline, 1),
                _ if b == b' ' => {
                    if start + 1 >= bytes.len() {
                        break;
                    }
                    if quick_letter_len(bytes, start + 1) > 0 {
                        tokens.push(Token::new(TokenKind::Space, start..start + 1));
                        start += 1;
                        continue;
                    }
                    if ONE_BYTE_TOKEN[usize::from(bytes[start + 1])] != 1
                        && quick_mark_len(bytes, start + 1) == 0
                    {
                        break;
                    }
                    (TokenKind::Space, 1)
                }
                _ => match quick_mark_len(bytes, start) {
                    0 => break,
                    len => (TokenKind::Punct, len),
                },
            };
            let t = Token::new(kind, start..start + len);
            tokens.push(t);
            seen(tokens.len() - 1, t);
            start += len;
        }
        self.pos = start;
    }

    /// Scans the token that starts at `start`, whatever it is.
    fn scan_any(&self, start: usize) -> Option<(TokenKind, usize, Letters)> {
        let c = self.peek_char(start)?;
        if is_letter(c) || is_digit(c) {
            return Some(self.scan_word(start));
        }
        let (kind, end) = if c == '\r' {
            let len = if self.text[start..].starts_with("\r\n") {
                2
            } else {
                1
            };
            (TokenKind::Newline, start + len)
        } else if c == '\n' {
            (TokenKind::Newline, start + 1)
        } else if is_invisible(c) {
            (TokenKind::Other, start + c.len_utf8())
        } else if c.is_whitespace() {
            let rest = &self.text[start..];
            let len = rest
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace() || c == '\n' || c == '\r')
                .map_or(rest.len(), |(i, _)| i);
            (TokenKind::Space, start + len)
        } else {
            (TokenKind::Punct, start + c.len_utf8())
        };
        Some((kind, end, Letters::Unknown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text).map(|t| (t.kind, t.text(text))).collect()
    }

    /// The tokens of `text` but spaces and line ends.
    fn words(text: &str) -> Vec<(TokenKind, &str)> {
        kinds(text)
            .into_iter()
            .filter(|(k, _)| !matches!(k, TokenKind::Space | TokenKind::Newline))
            .collect()
    }

    #[test]
    fn long_cyrillic_runs_stop_at_the_sign_and_other_letters() {
        use TokenKind::*;
        // Eight-byte steps must stop at ҂ (U+0482) and at a Latin letter
        // wherever they fall in the step.
        for pad in ["", "а", "аб", "абв"] {
            let text = format!("{pad}қазақстандағы҂жерлер");
            let word = format!("{pad}қазақстандағы");
            assert_eq!(
                kinds(&text),
                vec![(Word, word.as_str()), (Punct, "҂"), (Word, "жерлер")]
            );
            let mixed = format!("{pad}қазақстанxдағы");
            let t: Vec<Token> = tokenize(&mixed).collect();
            assert_eq!(t.len(), 1);
            assert_eq!(t[0].letters(), Letters::Only);
        }
    }

    /// The eight-byte steps end a run where a step of one pair would.
    #[test]
    fn cyrillic_runs_end_where_pair_steps_end() {
        let pair_steps = |bytes: &[u8], mut at: usize| {
            while at + 1 < bytes.len()
                && bytes[at] & 0xfc == 0xd0
                && !(bytes[at] == 0xd2 && bytes[at + 1] == 0x82)
            {
                at += 2;
            }
            at
        };
        let stops = ["҂", "x", " ", "\u{500}", "ә", "€", "1", "\u{a0}"];
        for len in 0..14 {
            for stop in stops {
                for tail in 0..3 {
                    let text = format!("{}{stop}{}", "қа".repeat(len), "ӨҰ".repeat(tail));
                    let bytes = text.as_bytes();
                    for at in (0..bytes.len()).filter(|&i| text.is_char_boundary(i)) {
                        assert_eq!(
                            cyrillic_run_end(bytes, at),
                            pair_steps(bytes, at),
                            "{text:?} from {at}"
                        );
                    }
                }
            }
        }
    }

    /// The shortcut for plain Cyrillic words gives what the general scan
    /// gives, or nothing.
    #[test]
    fn plain_cyrillic_words_are_scanned_words() {
        let ends = [
            "", " ", ".", ",", "!", "|", "-", "'", "1", "x", "«", "»", "–", "—", "”", "…",
            "\u{2010}", "\u{2011}", "\u{2019}", "\u{2028}", "\u{482}", "\u{306}", "\n",
        ];
        for word in ["ә", "қазақстандағы", "ӨЗГЕРІСТЕР", "x", "1"] {
            for end in ends {
                for after in ["", "а", "1", " "] {
                    let text = format!("{word}{end}{after}");
                    let bytes = text.as_bytes();
                    let tokens = tokenize(&text);
                    if let Some(found) = plain_cyrillic_word(bytes, 0) {
                        assert_eq!(
                            tokens.scan_word(0),
                            (TokenKind::Word, found, Letters::OnlyCyrillic),
                            "{text:?}"
                        );
                    }
                }
            }
        }
        assert_eq!(plain_cyrillic_word("сөз сөз".as_bytes(), 0), Some(6));
        assert_eq!(plain_cyrillic_word("сөз".as_bytes(), 0), Some(6));
        assert_eq!(plain_cyrillic_word("сөз-ау".as_bytes(), 0), None);
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        use TokenKind::*;
        assert_eq!(
            kinds("бет-бағыт ОК-нің д'Артаньян"),
            vec![
                (Word, "бет-бағыт"),
                (Space, " "),
                (Word, "ОК-нің"),
                (Space, " "),
                (Word, "д'Артаньян")
            ]
        );
    }

    #[test]
    fn numbers_and_mixed_runs() {
        use TokenKind::*;
        assert_eq!(
            kinds("ЕРЕКШЕЛІКТЕРІ1962—1969 2-ші 3,5"),
            vec![
                (Alnum, "ЕРЕКШЕЛІКТЕРІ1962"),
                (Punct, "—"),
                (Number, "1969"),
                (Space, " "),
                (Alnum, "2-ші"),
                (Space, " "),
                (Number, "3,5"),
            ]
        );
    }

    #[test]
    fn letter_noise_inside_words() {
        use TokenKind::*;
        assert_eq!(
            kinds("б!л!м кел|ншек Ура! Жоқ!Бірақ"),
            vec![
                (Alnum, "б!л!м"),
                (Space, " "),
                (Alnum, "кел|ншек"),
                (Space, " "),
                (Word, "Ура"),
                (Punct, "!"),
                (Space, " "),
                (Word, "Жоқ"),
                (Punct, "!"),
                (Word, "Бірақ"),
            ]
        );
    }

    #[test]
    fn glyph_noise_joins_cyrillic_letters_only() {
        use TokenKind::*;
        assert_eq!(
            words("ешб]р себеб], нэз{к т\\пт @згер!с ©зі <Сьсзі"),
            vec![
                (Alnum, "ешб]р"),
                (Alnum, "себеб]"),
                (Punct, ","),
                (Alnum, "нэз{к"),
                (Alnum, "т\\пт"),
                (Alnum, "@згер!с"),
                (Alnum, "©зі"),
                (Alnum, "<Сьсзі"),
            ]
        );
        // The byte test agrees with the character set.
        for c in (' '..='\u{ff}').filter(|c| !c.is_alphanumeric()) {
            let text = format!("{c}зат");
            let opens = noise_opening_word(text.as_bytes(), 0) > 0;
            assert_eq!(opens, is_opening_noise(c), "{c:?}");
        }
        // Latin words, digits and bracketed text keep their marks apart.
        assert_eq!(
            words("info@mail a<b [сөз]. @ 1<2"),
            vec![
                (Word, "info"),
                (Punct, "@"),
                (Word, "mail"),
                (Word, "a"),
                (Punct, "<"),
                (Word, "b"),
                (Punct, "["),
                (Word, "сөз"),
                (Punct, "]"),
                (Punct, "."),
                (Punct, "@"),
                (Number, "1"),
                (Punct, "<"),
                (Number, "2"),
            ]
        );
    }

    /// The tokens of `text` read as a text without the Kazakh letters, but
    /// spaces and line ends.
    fn unlettered_words(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .without_kazakh_letters(true)
            .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Newline))
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn without_kazakh_letters_marks_between_letters_stay_in_the_word() {
        use TokenKind::*;
        let text = "кулк!1с1 Эз1!мбайдын б/рге тид:1. дей?н классиктер!!н";
        assert_eq!(
            unlettered_words(text),
            vec![
                (Alnum, "кулк!1с1"),
                (Alnum, "Эз1!мбайдын"),
                (Alnum, "б/рге"),
                (Alnum, "тид:1"),
                (Punct, "."),
                (Alnum, "дей?н"),
                (Alnum, "классиктер!!н"),
            ]
        );
        // Read as any other text, the marks are punctuation.
        assert_eq!(words("б/рге")[1], (Punct, "/"));
        assert_eq!(words("кулк!1с1")[0], (Word, "кулк"));
    }

    #[test]
    fn without_kazakh_letters_a_final_mark_is_a_letter_unless_the_line_ends() {
        use TokenKind::*;
        assert_eq!(
            unlettered_words("корсетт!. Келд! Ол «кел!» деп ай!\nсағ: 10 жыл/ай Не?"),
            vec![
                (Alnum, "корсетт!"),
                (Punct, "."),
                (Alnum, "Келд!"),
                (Word, "Ол"),
                (Punct, "«"),
                (Word, "кел"),
                (Punct, "!"),
                (Punct, "»"),
                (Word, "деп"),
                (Word, "ай"),
                (Punct, "!"),
                (Word, "сағ"),
                (Punct, ":"),
                (Number, "10"),
                (Alnum, "жыл/ай"),
                (Word, "Не"),
                (Punct, "?"),
            ]
        );
        assert_eq!(words("корсетт!.")[0], (Word, "корсетт"));
    }

    #[test]
    fn a_final_letter_read_as_noise_stays_in_the_word() {
        use TokenKind::*;
        assert_eq!(
            words("ек! жаннын бермед!, Келді! Ол, Ой!"),
            vec![
                (Alnum, "ек!"),
                (Word, "жаннын"),
                (Alnum, "бермед!"),
                (Punct, ","),
                (Word, "Келді"),
                (Punct, "!"),
                (Word, "Ол"),
                (Punct, ","),
                (Word, "Ой"),
                (Punct, "!"),
            ]
        );
    }

    #[test]
    fn trailing_hyphen_and_punctuation_are_separate() {
        use TokenKind::*;
        assert_eq!(
            kinds("тап- жоқ.Қоғам,"),
            vec![
                (Word, "тап"),
                (Punct, "-"),
                (Space, " "),
                (Word, "жоқ"),
                (Punct, "."),
                (Word, "Қоғам"),
                (Punct, ","),
            ]
        );
    }

    #[test]
    fn spaces_and_line_ends() {
        use TokenKind::*;
        assert_eq!(
            kinds("а\u{a0}\u{a0} б\r\nв\rг\n"),
            vec![
                (Word, "а"),
                (Space, "\u{a0}\u{a0} "),
                (Word, "б"),
                (Newline, "\r\n"),
                (Word, "в"),
                (Newline, "\r"),
                (Word, "г"),
                (Newline, "\n"),
            ]
        );
    }

    #[test]
    fn nfd_word_is_one_token() {
        let text = "ми\u{0306}ын";
        assert_eq!(kinds(text), vec![(TokenKind::Word, text)]);
    }

    #[test]
    fn parts_split_at_hyphens() {
        let text = "КСР-інің";
        let tok = tokenize(text).next().unwrap();
        let parts: Vec<&str> = tok.parts(text).map(|r| &text[r]).collect();
        assert_eq!(parts, vec!["КСР", "інің"]);
    }

    #[test]
    fn quick_letters_agree_with_is_letter() {
        for c in '\0'..='\u{07ff}' {
            let mut buf = [0; 4];
            let n = quick_letter_len(c.encode_utf8(&mut buf).as_bytes(), 0);
            if n > 0 {
                assert!(is_letter(c) && n == c.len_utf8(), "{c:?}");
            }
        }
    }

    /// The marks taken without decoding are what the general scan makes
    /// of them: tokens of their own that end a word.
    #[test]
    fn quick_marks_are_single_punctuation_tokens() {
        for c in ['\u{80}', '\u{2000}']
            .into_iter()
            .flat_map(|from| (0..0x80).filter_map(move |i| char::from_u32(u32::from(from) + i)))
        {
            let mut buf = [0; 4];
            let n = quick_mark_len(c.encode_utf8(&mut buf).as_bytes(), 0);
            if n > 0 {
                assert_eq!(n, c.len_utf8(), "{c:?}");
                assert!(
                    !is_letter(c)
                        && !is_digit(c)
                        && !c.is_whitespace()
                        && !is_invisible(c)
                        && !is_hyphen(c)
                        && !is_apostrophe(c)
                        && !is_letter_noise(c),
                    "{c:?}"
                );
                let text = format!("ақ{c} {c}{c}");
                let slow: Vec<(TokenKind, usize)> =
                    [(TokenKind::Word, 4), (TokenKind::Punct, 4 + n)]
                        .into_iter()
                        .chain([(TokenKind::Space, 5 + n), (TokenKind::Punct, 5 + 2 * n)])
                        .chain([(TokenKind::Punct, 5 + 3 * n)])
                        .collect();
                let fast: Vec<(TokenKind, usize)> =
                    tokenize(&text).map(|t| (t.kind, t.end())).collect();
                assert_eq!(fast, slow, "{c:?}");
            }
        }
        assert_eq!(quick_mark_len("«".as_bytes(), 0), 2);
        assert_eq!(quick_mark_len("—".as_bytes(), 0), 3);
        assert_eq!(quick_mark_len("\u{2019}".as_bytes(), 0), 0);
        assert_eq!(quick_mark_len("\u{2011}".as_bytes(), 0), 0);
    }

    /// The eight-byte steps find the first byte that may start a hyphen
    /// where a step of one byte finds it.
    #[test]
    fn hyphen_leads_are_found_where_byte_steps_find_them() {
        let pieces = [
            "а", "-", "\u{ad}", "\u{a0}", "\u{2011}", "\u{2019}", "x", "ӂ",
        ];
        for len in 0..20 {
            for lead in pieces {
                for tail in pieces {
                    let text =
                        format!("{}{lead}{}{tail}", "ә".repeat(len / 2), "b".repeat(len % 3));
                    let bytes = text.as_bytes();
                    for from in 0..=bytes.len() {
                        let slow = bytes[from..]
                            .iter()
                            .position(|&b| matches!(b, b'-' | 0xc2 | 0xe2))
                            .map(|i| from + i);
                        assert_eq!(first_hyphen_lead(bytes, from), slow, "{text:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn hyphens_are_found_among_look_alike_bytes() {
        assert_eq!(find_hyphen("а\u{a0}б\u{2019}в\u{ad}г"), Some((11, 2)));
        assert_eq!(find_hyphen("а\u{2012}б\u{2011}"), Some((7, 3)));
        assert_eq!(find_hyphen("аб-"), Some((4, 1)));
        assert_eq!(find_hyphen("а\u{a0}б\u{2019}\u{2012}"), None);
    }

    #[test]
    fn tokens_note_their_letters() {
        use Letters::*;
        let text = "сөз» мен-ау bé қ1 ӂ—Ақ, ԁа";
        let seen: Vec<(&str, Letters)> = tokenize(text)
            .filter(Token::has_letters)
            .map(|t| (t.text(text), t.letters()))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("сөз", OnlyCyrillic),
                ("мен-ау", Unknown),
                ("bé", Only),
                ("қ1", Unknown),
                ("ӂ", OnlyCyrillic),
                ("Ақ", OnlyCyrillic),
                ("ԁа", Only),
            ]
        );
        let odd = "a\u{482}б ми\u{306}ын x'y 3,5 кел!н б|л 1-інде \u{a0}сөз\u{a0}";
        for t in tokenize(odd) {
            let s = t.text(odd);
            match t.letters() {
                Only => assert!(s.chars().all(is_letter), "{s}"),
                OnlyCyrillic => assert!(s.chars().all(|c| matches!(c, 'Ѐ'..='ӿ')), "{s}"),
                Unknown => {}
            }
        }
    }

    /// Pieces of text around the shortcut's edges: marks after words,
    /// marks that open words, spaces before letters and before marks,
    /// joiners, line ends and the end of the text.
    const FRAGMENTS: &[&str] = &[
        "сөз",
        "Қазақстан",
        "ӨЗГЕРІС",
        "ми\u{306}",
        "бет-бағыт",
        "word",
        "1962",
        " ",
        "  ",
        "\u{a0}",
        "\t",
        ".",
        ",",
        ":",
        "!",
        "|",
        "-",
        "'",
        "@",
        "{",
        "<",
        "]",
        "\\",
        "«",
        "»",
        "–",
        "…",
        "\n",
        "\r\n",
        "\r",
        "\u{482}",
        "\u{2019}",
        "\u{feff}",
        "ә",
        "x",
        "©",
        "/",
        "?",
        "1",
        "”",
        " Ол",
    ];

    proptest::proptest! {
        /// Taking the commonest tokens with the shortcut, and the rest one
        /// at a time, gives the tokens of the general scan, with what it
        /// saw of their letters; every token but the spaces is told, and
        /// no space the shortcut takes is followed by punctuation. The same
        /// in a text read without the Kazakh letters.
        #[test]
        fn the_shortcut_gives_the_tokens_of_the_scan(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40),
            from in 0usize..4,
            unlettered in proptest::bool::ANY,
        ) {
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let expected: Vec<(Token, Letters)> = tokenize_range(&text, from..text.len())
                .without_kazakh_letters(unlettered)
                .map(|t| (t, t.letters()))
                .collect();
            let mut tokens = tokenize_range(&text, from..text.len()).without_kazakh_letters(unlettered);
            let mut got = Vec::new();
            let mut told = Vec::new();
            let mut taken_spaces = Vec::new();
            loop {
                let before = got.len();
                tokens.take_common(&mut got, |i, t| told.push((i, t)));
                taken_spaces.extend(
                    (before..got.len()).filter(|&i| got[i].kind == TokenKind::Space),
                );
                match tokens.next() {
                    Some(t) => got.push(t),
                    None => break,
                }
            }
            let got_letters: Vec<(Token, Letters)> = got.iter().map(|&t| (t, t.letters())).collect();
            proptest::prop_assert_eq!(&got_letters, &expected);
            for &(i, t) in &told {
                proptest::prop_assert_eq!(got[i], t);
                if t.kind == TokenKind::Space {
                    proptest::prop_assert_eq!(t.text(&text), " ");
                    proptest::prop_assert!(got.get(i + 1).is_some_and(|n| n.kind == TokenKind::Punct));
                }
            }
            for i in taken_spaces.into_iter().filter(|&i| told.iter().all(|&(j, _)| j != i)) {
                proptest::prop_assert_eq!(got[i].text(&text), " ");
                proptest::prop_assert!(got.get(i + 1).is_some_and(|n| n.kind != TokenKind::Punct));
            }
        }
    }

    #[test]
    fn bom_is_its_own_token() {
        assert_eq!(
            kinds("\u{feff}Ақ"),
            vec![(TokenKind::Other, "\u{feff}"), (TokenKind::Word, "Ақ")]
        );
    }
}
