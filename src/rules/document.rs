//! The words of a whole document, as evidence for corrections.
//!
//! In a real book the right form of a damaged word is often printed, and
//! read right, elsewhere in the same document: `Кенестер` on one page,
//! `Кеңестер` on the next. A correction candidate that occurs verbatim in
//! the document is likelier than one that does not.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

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
    pub fn of(text: &str) -> DocumentWords {
        let mut words = BTreeSet::new();
        for run in text.split(|c: char| !is_word_letter(c)) {
            if run.is_empty() {
                continue;
            }
            words.insert(fold(run));
        }
        DocumentWords { words }
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
