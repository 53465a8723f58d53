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
use crate::lexicon::search::{Further, SearchHit, SearchOptions};

/// How far past its first candidate the deeper search looks (the first
/// search: 6).
const WINDOW: f32 = 10.0;
/// Candidates it returns at most, for ranking to choose five from.
const RESULTS: usize = 12;
/// Search states it expands at most. Measured on the development pairs:
/// 3,000 gained 0.02 points of top-5 more for a third more work.
const POPS: usize = 2000;

/// The candidates of the OCR word `ocr` (lowercase) by the search
/// `search`, followed by those of a deeper search when the best of them
/// costs more than `bound`, the most any safe fix may cost, or there is
/// none. The deeper search takes known confusions alone: with generic
/// edits it found fewer right readings in the same budget. Without generic
/// edits the first search is the same search, and it goes on where it
/// stopped ([`Lexicon::search_further`]), which spares the deeper search
/// three fifths of its work.
pub fn search_with_deeper(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    search: &SearchOptions,
    bound: f32,
) -> Vec<SearchHit> {
    let further = Further {
        beyond: bound,
        window: WINDOW,
        max_results: RESULTS,
        max_pops: POPS,
    };
    if search.max_generic == 0 {
        return lex.search_further(ocr, table, search, Some(&further));
    }
    search_afresh(lex, table, ocr, search, &further)
}

/// [`search_with_deeper`] by two searches: the first, then the deeper one
/// from the start.
fn search_afresh(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    search: &SearchOptions,
    further: &Further,
) -> Vec<SearchHit> {
    let mut hits = lex.search(ocr, table, search);
    if further.applies(&hits) {
        let opts = SearchOptions {
            window: further.window,
            max_results: further.max_results,
            max_pops: further.max_pops,
            max_generic: 0,
            ..search.clone()
        };
        for hit in lex.search(ocr, table, &opts) {
            if !hits.iter().any(|h| h.word == hit.word) {
                hits.push(hit);
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.word.as_str()).collect()
    }

    fn first_search() -> SearchOptions {
        SearchOptions {
            max_results: 6,
            max_pops: 3000,
            max_generic: 0,
            ..SearchOptions::default()
        }
    }

    #[test]
    fn a_word_beyond_every_safe_fix_is_searched_further() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded_unlettered());
        // `кенл` for көңіл: ө, ң and a lost і.
        let ocr: Vec<char> = "кенл".chars().collect();
        let search = first_search();
        let first = lex.search(&ocr, table, &search);
        assert!(!words(&first).contains(&"көңіл"), "{:?}", words(&first));
        let deeper = search_with_deeper(lex, table, &ocr, &search, 0.0);
        assert_eq!(deeper[..first.len()], first[..]);
        assert!(
            words(&deeper[first.len()..]).contains(&"көңіл"),
            "{:?}",
            words(&deeper)
        );
        // A word a safe fix may reach keeps the first search's candidates.
        let cheap = search_with_deeper(lex, table, &ocr, &search, f32::INFINITY);
        assert_eq!(cheap, first);
    }

    #[test]
    fn going_on_finds_what_a_deeper_search_afresh_finds() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded_unlettered());
        let further = Further {
            beyond: 0.0,
            window: WINDOW,
            max_results: RESULTS,
            max_pops: POPS,
        };
        // Words that lost letters, words a first search ends on by its
        // window, its count of candidates or its budget, and one with no
        // candidate at all.
        for word in [
            "кенл",
            "кулк!1с1",
            "енд1",
            "кергендктен",
            "сездер1н",
            "туракты",
            "бгнэ",
            "жжжщщщ",
        ] {
            let ocr: Vec<char> = word.chars().collect();
            let search = first_search();
            let mut on: Vec<String> = search_with_deeper(lex, table, &ocr, &search, 0.0)
                .into_iter()
                .map(|h| h.word)
                .collect();
            let mut afresh: Vec<String> = search_afresh(lex, table, &ocr, &search, &further)
                .into_iter()
                .map(|h| h.word)
                .collect();
            on.sort();
            afresh.sort();
            assert_eq!(on, afresh, "{word}");
        }
    }
}
