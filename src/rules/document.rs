//! The words of a whole document, as evidence for corrections.
//!
//! In a real book the right form of a damaged word is often printed, and
//! read right, elsewhere in the same document: `Кенестер` on one page,
//! `Кеңестер` on the next. A correction candidate that occurs verbatim in
//! the document is likelier than one that does not.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

/// The distinct word forms of a document, lowercased and in NFC; a form is
/// a run of letters (hyphens and other marks split it, so `ОК-нің` gives
/// `ок` and `нің`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentWords {
    words: HashSet<String>,
}

impl DocumentWords {
    /// The word forms of `text`.
    pub fn of(text: &str) -> DocumentWords {
        let mut words = HashSet::new();
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
