//! Candidates for a word whose stem the lexicon lacks (a name, a rare
//! loanword) and whose suffix chain OCR damaged: `Орманбаевтын` for
//! Орманбаевтың, `палеогеографиялык` for палеогеографиялық. The lexicon
//! search needs a known stem, so it finds nothing there; this keeps the
//! unknown stem as written and corrects the chain after it, as the search
//! for a bare suffix chain does after a number.

use crate::errormodel::ConfusionTable;
use crate::lexicon::Lexicon;
use crate::lexicon::search::{Roots, SearchHit, SearchOptions};

/// Letters the kept stem needs: shorter heads are parts of known words.
const MIN_STEM: usize = 4;
/// The longest damaged chain looked at, in characters.
const MAX_CHAIN: usize = 6;
/// The most a corrected chain may cost: a cheap confusion or two.
const MAX_CHAIN_COST: f32 = 3.0;
/// The same in a word of a page read without the Kazakh letters, where
/// a chain often lost an і too (`биохимиктердн` for биохимиктердің; a
/// lost і costs 4.3 there). Measured on the development pairs: 5, 6, 7
/// and 8 took top-5 from 91.04 to 91.12, 91.16, 91.23 and 91.21 %.
const UNLETTERED_MAX_CHAIN_COST: f32 = 7.0;
/// Search states expanded for one chain: a chain of six letters within
/// [`MAX_CHAIN_COST`] needs far fewer.
const CHAIN_POPS: usize = 300;
/// What keeping a stem the lexicon does not know adds to a candidate's
/// cost, so that a known word reached at a like cost ranks first.
pub const UNKNOWN_STEM_COST: f32 = 6.0;

/// Adds to `hits` the OCR word `ocr` (lowercase) with its last two to six
/// characters replaced by a suffix chain the lexicon knows, reached by
/// confusions of `table` at a cost of at most [`MAX_CHAIN_COST`] (in a word
/// of a page read without the Kazakh letters, `unlettered`: at most
/// [`UNLETTERED_MAX_CHAIN_COST`], and the chain may hold marks read for
/// letters, `интеллигенттерн!н`; the stem is letters alone). Such a
/// candidate is marked as from the weak source, so it is never applied
/// unattended. Only words with no candidate cheaper than such a guess
/// could be are looked at: on the development pairs, looking at those with
/// fewer than five cost 11 % more work on the suggestion benchmark and
/// changed no figure.
pub fn add_unknown_stems(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    hits: &mut Vec<SearchHit>,
    search: &SearchOptions,
    unlettered: bool,
) {
    let letters = |part: &[char]| part.iter().all(|c| c.is_alphabetic());
    if ocr.len() < MIN_STEM + 2
        || !letters(if unlettered { &ocr[..MIN_STEM] } else { ocr })
        || hits.iter().any(|h| h.cost < UNKNOWN_STEM_COST)
    {
        return;
    }
    let opts = SearchOptions {
        roots: Roots::SuffixChains,
        max_results: 3,
        max_cost: if unlettered {
            UNLETTERED_MAX_CHAIN_COST
        } else {
            MAX_CHAIN_COST
        },
        max_generic: 0,
        max_pops: CHAIN_POPS,
        ..search.clone()
    };
    let mut extra: Vec<SearchHit> = Vec::new();
    for len in 2..=MAX_CHAIN.min(ocr.len() - MIN_STEM) {
        let (stem, chain) = ocr.split_at(ocr.len() - len);
        if !letters(stem) {
            continue;
        }
        let stem: String = stem.iter().collect();
        for hit in lex.search(chain, table, &opts) {
            if hit.edits.is_empty() {
                continue;
            }
            let word = format!("{stem}{}", hit.word);
            if hits.iter().chain(&extra).any(|h| h.word == word) {
                continue;
            }
            let at = ocr.len() - len;
            let mut edits = hit.edits;
            for e in &mut edits {
                e.at += at;
            }
            extra.push(SearchHit {
                word,
                cost: hit.cost + UNKNOWN_STEM_COST,
                prior: hit.prior + UNKNOWN_STEM_COST,
                edits,
                source: "weak",
                cuts: hit.cuts,
            });
        }
    }
    hits.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guesses(word: &str) -> Vec<String> {
        guesses_in(word, false)
    }

    fn guesses_in(word: &str, unlettered: bool) -> Vec<String> {
        let ocr: Vec<char> = word.chars().collect();
        let mut hits = Vec::new();
        let table = if unlettered {
            ConfusionTable::embedded_unlettered()
        } else {
            ConfusionTable::embedded()
        };
        add_unknown_stems(
            Lexicon::embedded(),
            table,
            &ocr,
            &mut hits,
            &SearchOptions::default(),
            unlettered,
        );
        assert!(hits.iter().all(|h| h.source == "weak"));
        hits.into_iter().map(|h| h.word).collect()
    }

    #[test]
    fn a_damaged_ending_after_an_unknown_stem_is_corrected() {
        assert!(guesses("орманбаевтын").contains(&"орманбаевтың".to_string()));
        assert!(guesses("хосокавага").contains(&"хосокаваға".to_string()));
        // An intact chain, a short stem or marks: nothing to add.
        assert!(!guesses("орманбаевтың").contains(&"орманбаевтың".to_string()));
        assert!(guesses("абвга").is_empty());
        assert!(guesses("орманбаев!ын").is_empty());
    }

    #[test]
    fn on_unlettered_pages_a_chain_may_have_lost_a_letter_or_hold_noise() {
        assert!(guesses_in("биохимиктердн", true).contains(&"биохимиктердің".to_string()));
        assert!(guesses_in("интеллигенттерн!н", true).contains(&"интеллигенттерінің".to_string()));
        assert!(!guesses("биохимиктердн").contains(&"биохимиктердің".to_string()));
        // The stem is letters alone.
        assert!(guesses_in("орман!баевтын", true).is_empty());
    }
}
