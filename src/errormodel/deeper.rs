//! A deeper search for a word whose best candidate costs more than any
//! safe fix may (`кулк!1с1` for күлкісі, `енд1` for ендігі): such a word
//! is only ever corrected after review, so its list of suggestions may
//! look further than the first search without changing what `emle fix`
//! applies. Its right reading has often lost several letters (a lost і
//! costs 4.3 on pages read without the Kazakh letters), which puts it
//! beyond the first search's window. Only words of documents read without
//! the Kazakh letters are searched again: elsewhere such words are mostly
//! names, and the deeper search gained 0.1 points of top-5 on the
//! development pairs for 36 % more instructions checking their clean text.

use crate::errormodel::ConfusionTable;
use crate::lexicon::Lexicon;
use crate::lexicon::search::{SearchHit, SearchOptions};

/// How far past its first candidate the deeper search looks (the first
/// search: 6).
const WINDOW: f32 = 10.0;
/// Candidates it returns at most, for ranking to choose five from.
const RESULTS: usize = 12;
/// Search states it expands at most. Measured on the development pairs:
/// 3,000 gained 0.02 points of top-5 more for a third more work.
const POPS: usize = 2000;

/// Adds to `hits` (the first search's, best first) the candidates of a
/// deeper search for the OCR word `ocr` (lowercase) when the best of them
/// costs more than `bound`, the most any safe fix may cost, or there is
/// none. The deeper search takes known confusions alone: with generic
/// edits it found fewer right readings in the same budget.
pub fn add_deeper_hits(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    hits: &mut Vec<SearchHit>,
    search: &SearchOptions,
    bound: f32,
) {
    if hits.first().is_some_and(|h| h.cost <= bound) {
        return;
    }
    let opts = SearchOptions {
        window: WINDOW,
        max_results: RESULTS,
        max_pops: POPS,
        max_generic: 0,
        ..search.clone()
    };
    for hit in lex.search(ocr, table, &opts) {
        if !hits.iter().any(|h| h.word == hit.word) {
            hits.push(hit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.word.as_str()).collect()
    }

    #[test]
    fn a_word_beyond_every_safe_fix_is_searched_further() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded_unlettered());
        // `кенл` for көңіл: ө, ң and a lost і.
        let ocr: Vec<char> = "кенл".chars().collect();
        let search = SearchOptions {
            max_results: 6,
            max_generic: 0,
            ..SearchOptions::default()
        };
        let mut hits = lex.search(&ocr, table, &search);
        assert!(!words(&hits).contains(&"көңіл"), "{:?}", words(&hits));
        let first = hits.len();
        add_deeper_hits(lex, table, &ocr, &mut hits, &search, 0.0);
        assert!(
            words(&hits[first..]).contains(&"көңіл"),
            "{:?}",
            words(&hits)
        );
        // A word a safe fix may reach keeps the first search's candidates.
        let mut cheap = lex.search(&ocr, table, &search);
        add_deeper_hits(lex, table, &ocr, &mut cheap, &search, f32::INFINITY);
        assert_eq!(cheap.len(), first);
    }
}
