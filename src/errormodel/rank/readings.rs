//! How an OCR model without the Kazakh letters reads them, as the ranking
//! needs it: the readings of `lexicon/unlettered.tsv`, the closed-class
//! words that need less evidence, and the tests for a word such a model
//! wrote.

/// Whether `word` (not a lexicon word) looks like the output of an OCR
/// model without Kazakh letters: it has no Kazakh letter at all. In such a
/// word `к`, `н`, `г`, `у`, `е` and `о` are far more often damaged `қ`, `ң`,
/// `ғ`, `ұ`/`ү` and `ө` than elsewhere.
pub fn russian_damage(word: &str) -> bool {
    !word.chars().any(crate::script::is_kazakh_letter)
}

/// Whether `word` (with no Kazakh letter, see [`russian_damage`]) shows by
/// itself an OCR model without the Kazakh letters, on a page that has them
/// too: it has `э` after its first letter. Kazakh writes э only at the start
/// of Russian loans (экономика); inside a Kazakh word it is ә as such a
/// model reads it (`Сэрсенбай`, `Уэлиханов`), on a page fixed once or one
/// of mixed models. On the development pairs: 5 more right safe fixes on
/// pages read with the Kazakh letters, none wrong, and 9 fewer edits in a
/// second fix of the fixed pages.
pub fn unlettered_by_itself(word: &str) -> bool {
    word.chars().skip(1).any(|c| c == 'э' || c == 'Э')
}

/// One reading of a Kazakh letter by an OCR model without them, from
/// `lexicon/unlettered.tsv`: a look-alike, or, for a Kazakh letter and its
/// neighbour, the letter their strokes make together (іп read as ш).
pub(super) struct Reading {
    /// What the model writes.
    ocr: &'static str,
    /// The Kazakh letters it stands for.
    letters: &'static str,
    /// Whether the model nearly always writes it for the letter.
    pub(super) usual: bool,
    /// Whether it is a misreading rather than a look-alike: it counts as
    /// putting letters back in a candidate the search found, but no letter
    /// is put back by it unasked ([`kazakh_letters_read_as`]).
    seldom: bool,
}

impl Reading {
    /// The OCR letter and the Kazakh one, for a reading of one letter as one.
    fn one_to_one(&self) -> Option<(char, char)> {
        let one = |s: &str| {
            let mut c = s.chars();
            c.next().filter(|_| c.next().is_none())
        };
        Some((one(self.ocr)?, one(self.letters)?))
    }
}

/// The readings of `lexicon/unlettered.tsv`.
fn unlettered_readings() -> &'static [Reading] {
    static READINGS: std::sync::OnceLock<Vec<Reading>> = std::sync::OnceLock::new();
    READINGS.get_or_init(|| {
        crate::lexicon::list_entries(include_str!("../../../lexicon/unlettered.tsv"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let (letters, ocr, kind) = (cols.next()?, cols.next()?, cols.next()?);
                Some(Reading {
                    ocr,
                    letters,
                    usual: kind.trim() == "usual",
                    seldom: kind.trim() == "seldom",
                })
            })
            .collect()
    })
}

/// The words of the emle authors' word lists `lists` (`word <TAB> classes`
/// rows) whose classes `keep` accepts, as written there.
fn own_words(
    lists: &[&'static str],
    keep: impl Fn(&str) -> bool,
) -> std::collections::HashSet<&'static str> {
    lists
        .iter()
        .flat_map(|list| crate::lexicon::list_entries(list))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (word, classes) = (cols.next()?, cols.next()?);
            keep(classes.trim()).then_some(word)
        })
        .collect()
}

const FUNCTION_WORDS: &str = include_str!("../../../lexicon/own/function-words.tsv");

/// The function words of `lexicon/own/function-words.tsv` that take no
/// suffix (class `inv`).
pub(super) fn function_words() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| own_words(&[FUNCTION_WORDS], |classes| classes == "inv"))
}

/// The closed-class words of the emle authors' lists (function words,
/// pronouns, numerals: `lexicon/own/function-words.tsv`, `pronouns.tsv`,
/// `numerals.tsv`) as written there, uninflected: the commonest words of
/// any text.
pub(super) fn closed_class_words() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let pronouns = include_str!("../../../lexicon/own/pronouns.tsv");
        let numerals = include_str!("../../../lexicon/own/numerals.tsv");
        own_words(&[FUNCTION_WORDS, pronouns, numerals], |_| true)
    })
}

/// The reading an edit undoes, if it only puts back a Kazakh letter that an
/// OCR model without them read as its look-alike (`н`→`ң`, `1`→`і`), or a
/// Kazakh letter and its neighbour it read as one letter (`ш`→`іп`).
pub(super) fn restored_reading(e: &crate::lexicon::search::SearchEdit) -> Option<&'static Reading> {
    unlettered_readings()
        .iter()
        .find(|r| r.ocr == e.ocr && r.letters == e.clean)
}

/// The Kazakh letters an OCR model without them writes as `ocr`
/// (`lexicon/unlettered.tsv`), but for its seldom misreadings.
pub fn kazakh_letters_read_as(ocr: char) -> impl Iterator<Item = char> {
    unlettered_readings()
        .iter()
        .filter(|r| !r.seldom)
        .filter_map(Reading::one_to_one)
        .filter(move |&(o, _)| o == ocr)
        .map(|(_, letter)| letter)
}

/// The Kazakh letter an OCR model without them nearly always means by
/// `ocr` (a `usual` reading of `lexicon/unlettered.tsv`) among `letters`,
/// when just one of them is: е is ө far more often than ә.
pub fn usual_letter_among(ocr: char, letters: &[char]) -> Option<char> {
    let mut usual = letters.iter().copied().filter(|&l| {
        unlettered_readings()
            .iter()
            .any(|r| r.usual && r.one_to_one() == Some((ocr, l)))
    });
    match (usual.next(), usual.next()) {
        (Some(letter), None) => Some(letter),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlettered_readings_put_back_kazakh_letters_only() {
        let readings = unlettered_readings();
        assert!(readings.len() >= 16, "lexicon/unlettered.tsv was not read");
        for r in readings {
            assert!(
                r.letters.chars().any(crate::script::is_kazakh_letter),
                "{}",
                r.letters
            );
            assert!(
                !r.ocr.chars().any(crate::script::is_kazakh_letter),
                "{}",
                r.ocr
            );
            // A reading of two letters as one is a seldom one.
            assert!(r.one_to_one().is_some() || r.seldom, "{}", r.letters);
        }
        let has = |ocr, letters| {
            readings
                .iter()
                .any(|r| r.ocr == ocr && r.letters == letters)
        };
        assert!(has("н", "ң") && has("!", "і") && has("ш", "іп"));
        // Seldom misreadings are not letters to put back unasked.
        assert!(kazakh_letters_read_as('т').all(|l| l != 'ғ'));
    }
}
