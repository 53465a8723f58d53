//! The words of a whole document, as evidence for corrections.
//!
//! In a real book the right form of a damaged word is often printed, and
//! read right, elsewhere in the same document: `Кенестер` on one page,
//! `Кеңестер` on the next. A correction candidate that occurs verbatim in
//! the document is likelier than one that does not.

use std::collections::{BTreeSet, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::UnicodeNormalization;

/// A fast hasher for the short word strings of [`DocumentWords::of`]
/// (multiply and rotate over 8-byte words; no resistance to crafted input
/// is needed for a set that lives during one file's check).
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type BuildFast = BuildHasherDefault<FastHasher>;

/// The distinct word forms of a document, lowercased and in NFC; a form is
/// a run of letters (hyphens and other marks split it, so `ОК-нің` gives
/// `ок` and `нің`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentWords {
    words: BTreeSet<String>,
}

/// Letters of a candidate that a document word must share with it, from
/// the start, to attest it (see [`DocumentWords::attests`]).
pub const MIN_SHARED_PREFIX: usize = 5;

impl DocumentWords {
    /// The word forms of `text`.
    ///
    /// Built once per file whose check finds an unknown word, so it is a
    /// single pass that allocates only for new forms.
    pub fn of(text: &str) -> DocumentWords {
        let mut seen: HashSet<String, BuildFast> = HashSet::default();
        let mut insert = |word: &str| {
            if !seen.contains(word) {
                seen.insert(word.to_string());
            }
        };
        // The current run of letters: where it starts, and whether it must
        // be folded (a capital, or a letter outside ASCII and Cyrillic).
        let mut start = None;
        // 0: the run is as it should be; 1: it has capitals of ASCII or
        // Cyrillic letters; 2: it has other letters (normalise too).
        let mut fold_it = 0u8;
        let mut lowered = String::new();
        let mut end_run = |start: &mut Option<usize>, fold_it: &mut u8, end: usize| {
            if let Some(a) = start.take() {
                let run = &text[a..end];
                match *fold_it {
                    0 => insert(run),
                    1 => {
                        lowered.clear();
                        lowered.extend(run.chars().flat_map(char::to_lowercase));
                        insert(&lowered);
                    }
                    _ => insert(&fold(run)),
                }
            }
            *fold_it = 0;
        };
        for (i, c) in text.char_indices() {
            let letter = match c {
                'a'..='z' | 'а'..='я' | 'ѐ'..='џ' => true,
                'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' => {
                    fold_it = fold_it.max(1);
                    true
                }
                _ if c.is_ascii() => false,
                '\u{0460}'..='\u{04ff}' => {
                    if c.is_uppercase() {
                        fold_it = fold_it.max(1);
                    }
                    true
                }
                _ if is_word_letter(c) => {
                    fold_it = 2;
                    true
                }
                _ => false,
            };
            if letter {
                start.get_or_insert(i);
            } else {
                end_run(&mut start, &mut fold_it, i);
            }
        }
        end_run(&mut start, &mut fold_it, text.len());
        DocumentWords {
            words: seen.into_iter().collect(),
        }
    }

    /// Adds the word forms of another text of the same document.
    pub fn extend(&mut self, text: &str) {
        self.words.extend(DocumentWords::of(text).words);
    }

    /// Whether the document holds `word` (a run of letters, any case and
    /// normal form).
    pub fn contains(&self, word: &str) -> bool {
        !self.words.is_empty() && self.words.contains(&fold(word))
    }

    /// Whether the document holds a form starting with `prefix` (lowercase, NFC).
    fn has_prefix(&self, prefix: &str) -> bool {
        self.words
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|w| w.starts_with(prefix))
    }

    /// Whether the document attests `candidate` as the correction of the
    /// OCR word `ocr`: it holds the candidate, or a form that shares with
    /// it every letter up to the last one the correction changes, and at
    /// least [`MIN_SHARED_PREFIX`] letters (`құрылыстарды` attests
    /// `құрылысы` for `қүрылысы`; `жөніндегі` attests `жөнінде`, not
    /// `жөніңде`, for `жөнівде`). A candidate of several words (with a
    /// space or hyphen) must be held word by word.
    pub fn attests(&self, ocr: &str, candidate: &str) -> bool {
        let mut runs = candidate
            .split(|c: char| !is_word_letter(c))
            .filter(|r| !r.is_empty())
            .peekable();
        if runs.peek().is_none() {
            return false;
        }
        let runs: Vec<&str> = runs.collect();
        if runs.len() > 1 {
            return runs.iter().all(|r| self.contains(r));
        }
        let cand: Vec<char> = fold(candidate).chars().collect();
        let ocr: Vec<char> = fold(ocr).chars().collect();
        let same_end = cand
            .iter()
            .rev()
            .zip(ocr.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let changed_end = cand.len() - same_end.min(cand.len());
        let shared = changed_end.max(MIN_SHARED_PREFIX);
        if shared >= cand.len() {
            return self.contains(candidate);
        }
        let prefix: String = cand[..shared].iter().collect();
        self.has_prefix(&prefix)
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

/// Letters and the combining marks of decomposed letters.
fn is_word_letter(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

fn fold(word: &str) -> String {
    word.nfc().flat_map(char::to_lowercase).collect()
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
    fn normal_forms_meet() {
        let nfd: String = "жөнінде ә".nfd().collect();
        let d = DocumentWords::of(&nfd);
        assert!(d.contains("ә"));
        let mut more = DocumentWords::of("бір");
        more.extend("екі");
        assert!(more.contains("бір") && more.contains("екі"));
        assert_eq!(more.len(), 2);
    }
}
