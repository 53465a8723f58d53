//! The words of a whole document, as evidence for corrections.
//!
//! In a real book the right form of a damaged word is often printed, and
//! read right, elsewhere in the same document: `Кенестер` on one page,
//! `Кеңестер` on the next. A correction candidate that occurs verbatim in
//! the document is likelier than one that does not.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lexicon::fold;

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type HashOfHashes = HashSet<u64, BuildHasherDefault<Prehashed>>;

/// FNV-1a over the bytes of a form, step by step, so that the hash of
/// every prefix falls out on the way (the 64-bit hashes stand for the forms:
/// with a document's hundred thousand forms, two colliding is a chance of
/// about one in 10^9).
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// The distinct word forms of a document, lowercased and in NFC; a form is
/// a run of letters (hyphens and other marks split it, so `ОК-нің` gives
/// `ок` and `нің`). Forms are kept as hashes, with the hashes of their
/// prefixes of `MIN_SHARED_PREFIX` letters or more: gathering them is
/// one pass over the text that hashes each word token once, since the set
/// is built for every file that has an unknown word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentWords {
    words: HashOfHashes,
    prefixes: HashOfHashes,
}

/// Letters of a candidate that a document word must share with it, from
/// the start, to attest it (see [`DocumentWords::attests`]).
pub const MIN_SHARED_PREFIX: usize = 5;

impl DocumentWords {
    /// The word forms of `text`.
    pub fn of(text: &str) -> DocumentWords {
        let mut d = DocumentWords::default();
        d.extend(text);
        d
    }

    /// Adds the word forms of another text of the same document.
    pub fn extend(&mut self, text: &str) {
        // About one new form in a few hundred bytes of running text.
        let expected = text.len() / 256;
        self.words.reserve(expected);
        self.prefixes.reserve(expected * 2);
        // Runs already taken, by a hash of their bytes as written: most
        // tokens repeat a form, and need no folding or prefix hashes.
        // (Two runs sharing a hash would lose the second form, a little
        // evidence: not a wrong correction.)
        let mut seen = HashOfHashes::default();
        seen.reserve(expected);
        let mut lowered = String::new();
        let (words, prefixes) = (&mut self.words, &mut self.prefixes);
        each_run(text, |run, raw, fold_it| {
            if seen.insert(raw) {
                let h = with_folded(run, fold_it, &mut lowered, |form| {
                    hash_form(form, |p| {
                        prefixes.insert(p);
                    })
                });
                words.insert(h);
            }
        });
    }

    /// Whether the document holds `word` (a run of letters, any case and
    /// normal form).
    pub fn contains(&self, word: &str) -> bool {
        !self.words.is_empty() && self.words.contains(&hash(&fold(word)))
    }

    /// Whether the document attests `candidate` as the correction of the
    /// OCR word `ocr`: it holds the candidate, or a form that shares with
    /// it every letter up to the last one the correction changes, and at
    /// least `MIN_SHARED_PREFIX` letters (`құрылыстарды` attests
    /// `құрылысы` for `қүрылысы`; `жөніндегі` attests `жөнінде`, not
    /// `жөніңде`, for `жөнівде`). A candidate of several words (with a
    /// space or hyphen) must be held word by word.
    pub fn attests(&self, ocr: &str, candidate: &str) -> bool {
        self.holds(&AttestKey::new(ocr, candidate))
    }

    /// Whether the document holds what `key` asks for.
    pub fn holds(&self, key: &AttestKey) -> bool {
        match key {
            AttestKey::Never => false,
            AttestKey::Forms(forms) => {
                !self.words.is_empty() && forms.iter().all(|h| self.words.contains(h))
            }
            AttestKey::Prefix(h) => self.prefixes.contains(h),
        }
    }

    /// Adds the forms of one token (see [`Forms`]).
    pub fn add(&mut self, forms: &Forms) {
        self.words.extend(forms.words.iter().copied());
        self.prefixes.extend(forms.prefixes.iter().copied());
    }

    /// Number of distinct forms.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the document has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The forms a token adds to a document, hashed as [`DocumentWords`]
/// keeps them: worked out once per distinct token, so that gathering a
/// document's words while its tokens are checked costs a lookup per token,
/// not a second pass over the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forms {
    words: Vec<u64>,
    prefixes: Vec<u64>,
}

impl Forms {
    /// The forms of `token` (any text: a token of a tokenized text gives
    /// what [`DocumentWords::of`] gathers from its bytes).
    pub fn of(token: &str) -> Forms {
        // A token is mostly one run: its hashes go straight to the lists,
        // without the sets of a whole document (a form given twice is kept
        // once by [`DocumentWords::add`]).
        let mut words = Vec::with_capacity(1);
        // Room for the prefixes of a run of two-byte letters.
        let mut prefixes =
            Vec::with_capacity((token.len() / 2).saturating_sub(MIN_SHARED_PREFIX - 1));
        let mut lowered = String::new();
        each_run(token, |run, _, fold_it| {
            let h = with_folded(run, fold_it, &mut lowered, |form| {
                hash_form(form, |p| prefixes.push(p))
            });
            words.push(h);
        });
        Forms { words, prefixes }
    }
}

/// How many of a document's words show a Kazakh letter (ә ғ қ ң ө ұ ү һ
/// і): in Kazakh text most longer words do, while an OCR model without
/// the Kazakh letters (Tesseract's Russian one, older engines) reads none,
/// and then its `н`, `к`, `г`, `у`, `е` may stand for `ң`, `қ`, `ғ`, `ұ`
/// or `ү`, `ө` in any word, known words included (`Онын` for `Оның`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LetterShare {
    /// Cyrillic words of [`LetterShare::MIN_LETTERS`] letters or more.
    pub words: u32,
    /// How many of them have a Kazakh letter.
    pub kazakh: u32,
}

impl LetterShare {
    /// Letters a word needs to count: short words (`мен`, `бұл`, `деп`)
    /// often have no Kazakh letter.
    pub const MIN_LETTERS: usize = 4;
    /// Counted words a document needs before it is judged.
    pub const MIN_WORDS: u32 = 20;
    /// Bytes of a text read: the start of a document shows which model
    /// read it (64 KiB hold some eight thousand words).
    pub const READ: usize = 1 << 16;

    /// The share in the first [`LetterShare::READ`] bytes of `text`.
    pub fn of(text: &str) -> LetterShare {
        let mut share = LetterShare::default();
        share.add(text);
        share
    }

    /// Adds the words of another text of the same document (its first
    /// [`LetterShare::READ`] bytes).
    pub fn add(&mut self, text: &str) {
        let mut end = text.len().min(Self::READ);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Runs of two-byte letters of U+0400..U+04FF, read as bytes.
        let bytes = &text.as_bytes()[..end];
        let (mut letters, mut kazakh) = (0, false);
        let mut i = 0;
        while i <= bytes.len() {
            match bytes.get(i..i + 2) {
                Some(&[lead, low]) if lead & 0xfc == 0xd0 => {
                    letters += 1;
                    let code = (u32::from(lead & 0x1f) << 6) | u32::from(low & 0x3f);
                    kazakh |= char::from_u32(code).is_some_and(crate::script::is_kazakh_letter);
                    i += 2;
                }
                _ => {
                    if letters >= Self::MIN_LETTERS {
                        self.words += 1;
                        self.kazakh += u32::from(kazakh);
                    }
                    (letters, kazakh) = (0, false);
                    i += 1;
                }
            }
        }
    }

    /// Whether the document was read by a model without the Kazakh
    /// letters: of enough words, fewer than one in twenty has one.
    pub fn lacks_kazakh_letters(&self) -> bool {
        self.words >= Self::MIN_WORDS && self.kazakh * 20 < self.words
    }

    /// Whether the document was read by a model with the Kazakh letters: of
    /// enough words, at least one in twenty has one.
    pub fn has_kazakh_letters(&self) -> bool {
        self.words >= Self::MIN_WORDS && self.kazakh * 20 >= self.words
    }
}

/// What a document must hold to attest a candidate correction (see
/// [`DocumentWords::attests`]), worked out once per OCR word and candidate:
/// folding and hashing cost far more than asking a document.
#[derive(Debug, Clone, PartialEq)]
pub enum AttestKey {
    /// Nothing attests it (a candidate without letters).
    Never,
    /// Every one of these forms (by hash).
    Forms(Vec<u64>),
    /// A form starting with this prefix (by hash).
    Prefix(u64),
}

impl AttestKey {
    /// The key for `candidate` as the correction of `ocr`.
    pub fn new(ocr: &str, candidate: &str) -> AttestKey {
        let cand = fold(candidate);
        let mut runs = cand
            .split(|c: char| !is_word_letter(c))
            .filter(|r| !r.is_empty());
        let Some(first) = runs.next() else {
            return AttestKey::Never;
        };
        if let Some(second) = runs.next() {
            // Marks or spaces inside: each run must be there.
            return AttestKey::Forms([first, second].into_iter().chain(runs).map(hash).collect());
        }
        let ocr = fold(ocr);
        let same_end = cand
            .chars()
            .rev()
            .zip(ocr.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let letters = cand.chars().count();
        let shared = (letters - same_end.min(letters)).max(MIN_SHARED_PREFIX);
        // A candidate changed up to its end, or too short to share a
        // prefix, needs the very form; one whose last letter was kept is
        // begun by the longer forms that share every letter it corrects.
        if shared >= letters && (same_end == 0 || letters < MIN_SHARED_PREFIX) {
            return AttestKey::Forms(vec![hash(&cand)]);
        }
        let end = cand
            .char_indices()
            .nth(shared)
            .map_or(cand.len(), |(i, _)| i);
        AttestKey::Prefix(hash(&cand[..end]))
    }
}

/// Calls `f` with each run of letters of `text`, a hash of its bytes as
/// written, and whether it must be folded (0: as it is; 1: capitals of
/// ASCII or Cyrillic letters; 2: other letters, to normalise too).
fn each_run(text: &str, mut f: impl FnMut(&str, u64, u8)) {
    // The current run: where it starts, its hash (taken on the way, letter
    // by letter) and how to fold it.
    let mut start = None;
    let mut raw = RUN_SEED;
    let mut fold_it = 0u8;
    let mut end_run = |start: &mut Option<usize>, raw: &mut u64, fold_it: &mut u8, end: usize| {
        if let Some(a) = start.take() {
            let run = &text[a..end];
            f(run, finish_run(*raw, run.len()), *fold_it);
        }
        *raw = RUN_SEED;
        *fold_it = 0;
    };
    // Read byte by byte: ASCII and the two-byte Cyrillic letters (all of
    // U+0400..U+04FF) are told apart without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (letter, len, code) = if b < 0x80 {
            if b.is_ascii_uppercase() {
                fold_it = fold_it.max(1);
            }
            (b.is_ascii_alphabetic(), 1, u32::from(b))
        } else if (0xd0..=0xd3).contains(&b) {
            let u =
                (u32::from(b & 0x1f) << 6) | u32::from(bytes.get(i + 1).map_or(0, |n| n & 0x3f));
            if char::from_u32(u).is_some_and(crate::case::is_upper) {
                fold_it = fold_it.max(1);
            }
            (true, 2, u)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let letter = is_word_letter(c);
            if letter {
                fold_it = 2;
            }
            (letter, c.len_utf8(), u32::from(c))
        };
        if letter {
            start.get_or_insert(i);
            raw = (raw.rotate_left(5) ^ u64::from(code)).wrapping_mul(RUN_MUL);
        } else {
            end_run(&mut start, &mut raw, &mut fold_it, i);
        }
        i += len;
    }
    end_run(&mut start, &mut raw, &mut fold_it, text.len());
}

/// Runs `f` on `run` folded as [`each_run`] says (`lowered` a buffer for
/// the lowercased letters).
fn with_folded<R>(run: &str, fold_it: u8, lowered: &mut String, f: impl FnOnce(&str) -> R) -> R {
    match fold_it {
        0 => f(run),
        1 => {
            lowered.clear();
            lowered.extend(run.chars().flat_map(char::to_lowercase));
            f(lowered)
        }
        _ => f(&fold(run)),
    }
}

/// The hash of a folded form, giving `prefix` the hash of each of its
/// prefixes of [`MIN_SHARED_PREFIX`] letters or more (the whole form too).
fn hash_form(form: &str, mut prefix: impl FnMut(u64)) -> u64 {
    let bytes = form.as_bytes();
    let mut h = Fnv::new();
    let mut letters = 0;
    for (i, &b) in bytes.iter().enumerate() {
        h.add(&[b]);
        // A letter ends where the next byte does not continue it.
        if bytes.get(i + 1).is_none_or(|&n| n & 0xc0 != 0x80) {
            letters += 1;
            if letters >= MIN_SHARED_PREFIX {
                prefix(h.0);
            }
        }
    }
    h.0
}

/// Letters and the combining marks of decomposed letters. The punctuation
/// of running text (« » – — “ ” …) is answered without the Unicode tables.
fn is_word_letter(c: char) -> bool {
    // The Cyrillic block: letters, and combining marks but for ҂.
    if ('\u{0400}'..='\u{04ff}').contains(&c) {
        return c != '\u{0482}';
    }
    if matches!(
        c,
        '\u{2000}'..='\u{206f}' | '\u{00ab}' | '\u{00bb}' | '\u{00a0}'
    ) {
        return false;
    }
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// The start and the multiplier of the hash of a run of letters as written.
const RUN_SEED: u64 = 0x243f_6a88_85a3_08d3;
const RUN_MUL: u64 = 0x517c_c1b7_2722_0a95;

/// A run's hash, with its length mixed in and its bits spread.
fn finish_run(h: u64, len: usize) -> u64 {
    let h = (h ^ len as u64).wrapping_mul(RUN_MUL);
    h ^ (h >> 29)
}

/// The hash a form is kept by.
fn hash(form: &str) -> u64 {
    let mut h = Fnv::new();
    h.add(form.as_bytes());
    h.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_letter_runs_in_any_case() {
        let d = DocumentWords::of("Кеңестер рөлі, ОК-нің 1962 жылғы\nҚАЖЕТ.");
        for w in [
            "кеңестер",
            "Кеңестер",
            "рөлі",
            "ок",
            "нің",
            "жылғы",
            "қажет",
        ] {
            assert!(d.contains(w), "{w}");
        }
        assert!(!d.contains("Кенестер"));
        assert!(!d.contains("1962"));
        assert!(!DocumentWords::default().contains(""));
    }

    #[test]
    fn forms_sharing_the_corrected_stretch_attest() {
        let d = DocumentWords::of("құрылыстарды жөніндегі Кеңес қажет");
        assert!(d.attests("қүрылысы", "құрылысы"));
        assert!(d.attests("жөнівде", "жөнінде"));
        assert!(!d.attests("жөнівде", "жөніңде"));
        assert!(d.attests("кажет", "қажет"));
        assert!(d.attests("кажеті", "қажеті"));
        assert!(!d.attests("калам", "қалам"));
        assert!(d.attests("Кенес", "Кеңес"));
        assert!(d.attests("Кенестер", "Кеңестер"));
        assert!(!d.attests("x", ""));
    }

    #[test]
    fn a_longer_form_attests_a_short_candidate_through_its_corrected_stretch() {
        let d = DocumentWords::of("съезінде мемлекеттік");
        // The five letters of съезі, ъ among them, begin съезінде.
        assert!(d.attests("сьезі", "съезі"));
        assert!(!d.attests("сьезі", "сезі"));
        // Dropping an ending letter changes the word's end: only the very
        // form attests it.
        assert!(!d.attests("мемлекеттк", "мемлекетт"));
        assert!(!d.attests("сьез", "съез"));
    }

    #[test]
    fn letter_share_tells_the_ocr_model() {
        let kazakh = LetterShare::of(&"Жергілікті Кеңестер жанында тұратын адамдар. ".repeat(8));
        assert_eq!(kazakh.words, 40);
        assert_eq!(kazakh.kazakh, 24);
        assert!(!kazakh.lacks_kazakh_letters());
        let russian = LetterShare::of(&"Жергиликти Кенестер жанында туратын адамдар. ".repeat(8));
        assert_eq!((russian.words, russian.kazakh), (40, 0));
        assert!(russian.lacks_kazakh_letters());
        // Too few words to judge; every Kazakh capital counts.
        assert!(!LetterShare::of("Жергиликти Кенестер").lacks_kazakh_letters());
        for letter in "әғқңөұүһіӘҒҚҢӨҰҮҺІ".chars() {
            assert_eq!(
                LetterShare::of(&format!("абв{letter}")).kazakh,
                1,
                "{letter}"
            );
        }
        assert_eq!(LetterShare::of("абвгд ежзий").kazakh, 0);
    }

    /// The forms of a text's tokens, added one by one, are what the text
    /// gives at once.
    #[test]
    fn token_forms_add_up_to_the_document() {
        let text = "Кеңестер рөлі, ОК-нің Жөніндегі «ә» e\u{301}de қҰрылыстарды";
        let mut d = DocumentWords::default();
        for token in text.split(' ') {
            d.add(&Forms::of(token));
        }
        assert_eq!(d, DocumentWords::of(text));
        assert!(d.attests("қүрылысы", "құрылысы"));
        assert_eq!(Forms::of("—"), Forms::default());
    }

    #[test]
    fn punctuation_splits_forms() {
        let d = DocumentWords::of("«Кеңес»—одағы…бұл\u{a0}жер");
        for w in ["кеңес", "одағы", "бұл", "жер"] {
            assert!(d.contains(w), "{w}");
        }
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn normal_forms_meet() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("жөнінде ә").collect();
        let d = DocumentWords::of(&nfd);
        assert!(d.contains("ә"));
        let mut more = DocumentWords::of("бір");
        more.extend("екі");
        assert!(more.contains("бір") && more.contains("екі"));
        assert_eq!(more.len(), 2);
    }
}
