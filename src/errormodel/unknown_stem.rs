//! Candidates for a word whose stem the lexicon lacks (a name, a rare
//! loanword) and whose suffix chain OCR damaged: `Орманбаевтын` for
//! Орманбаевтың, `палеогеографиялык` for палеогеографиялық. The lexicon
//! search needs a known stem, so it finds nothing there; this keeps the
//! unknown stem as written and corrects the chain after it, as the search
//! for a bare suffix chain does after a number.

use crate::errormodel::ConfusionTable;
use crate::errormodel::rank::{kazakh_letters_read_as, usual_letter_among};
use crate::lexicon::Lexicon;
use crate::lexicon::morpho::Grammar;
use crate::lexicon::search::{EditKind, Roots, SearchEdit, SearchHit, SearchOptions};

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
/// A restoration the confusion table makes this cheap (more than about
/// four times in five) is made in any unknown stem of an unlettered page:
/// only э→ә is (an э in a Kazakh name is ә: `Сэрсенбай`).
const SURE_RESTORATION: f32 = 0.3;

/// Adds to `hits` the OCR word `ocr` (lowercase) with its last two to six
/// characters replaced by a suffix chain the lexicon knows, reached by
/// confusions of `table` at a cost of at most `MAX_CHAIN_COST` (in a word
/// of a page read without the Kazakh letters, `unlettered`: at most
/// `UNLETTERED_MAX_CHAIN_COST`, and the chain may hold marks read for
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
        let chains = lex.search(chain, table, &opts);
        if chains.iter().all(|h| h.edits.is_empty()) {
            continue;
        }
        let mut stems = vec![(stem.to_vec(), Vec::new())];
        if unlettered {
            stems.extend(restored_stems(stem, lex.grammar(), table));
        }
        let stems: Vec<(String, Vec<SearchEdit>, f32)> = stems
            .into_iter()
            .map(|(letters, edits)| {
                let cost = edits.iter().map(|e| e.cost).sum();
                (letters.into_iter().collect(), edits, cost)
            })
            .collect();
        let at = ocr.len() - len;
        for hit in chains.iter().filter(|h| !h.edits.is_empty()) {
            for (stem, stem_edits, stem_cost) in &stems {
                let word = format!("{stem}{}", hit.word);
                if hits.iter().chain(&extra).any(|h| h.word == word) {
                    continue;
                }
                let edits = stem_edits
                    .iter()
                    .cloned()
                    .chain(hit.edits.iter().map(|e| SearchEdit {
                        at: e.at + at,
                        ..e.clone()
                    }))
                    .collect();
                extra.push(SearchHit {
                    word,
                    cost: hit.cost + stem_cost + UNKNOWN_STEM_COST,
                    prior: hit.prior + UNKNOWN_STEM_COST,
                    edits,
                    source: "weak",
                    cuts: hit.cuts,
                });
            }
        }
    }
    hits.extend(extra);
}

/// An unknown `stem` of a word read without the Kazakh letters, with
/// letters put back: first those the table all but always restores
/// ([`SURE_RESTORATION`]), then with them each letter whose one Kazakh
/// reading (of several, its one usual reading: е is ө more often than ә) has the
/// harmony of the stem's nearest vowel where the letter as written has not
/// (`кусмурын` → құсмұрын: к→қ and у→ұ beside back ы).
/// Each differing stem comes with its edits; none when nothing changes.
fn restored_stems(
    stem: &[char],
    grammar: &Grammar,
    table: &ConfusionTable,
) -> Vec<(Vec<char>, Vec<SearchEdit>)> {
    let cost = |ocr: char, letter: char| {
        table
            .get(&ocr.to_string(), &letter.to_string())
            .map(|c| c.cost)
    };
    let edit = |at: usize, ocr: char, letter: char, cost: f32| SearchEdit {
        at,
        ocr: ocr.to_string(),
        clean: letter.to_string(),
        cost,
        kind: EditKind::Confusion,
    };
    let mut sure = stem.to_vec();
    let mut sure_edits = Vec::new();
    for (at, c) in stem.iter().copied().enumerate() {
        let best = kazakh_letters_read_as(c)
            .filter_map(|l| cost(c, l).map(|k| (l, k)))
            .find(|&(_, k)| k < SURE_RESTORATION);
        if let Some((letter, k)) = best {
            sure[at] = letter;
            sure_edits.push(edit(at, c, letter, k));
        }
    }
    // The harmony beside a letter: the next vowel that sets one, else the
    // last before it.
    let vowel_at = |at: usize| {
        let set = |&c: &char| grammar.vowel_harmony(c);
        sure[at + 1..]
            .iter()
            .find_map(set)
            .or_else(|| sure[..at].iter().rev().find_map(set))
    };
    let mut full = sure.clone();
    let mut full_edits = sure_edits.clone();
    for (at, c) in sure.iter().copied().enumerate() {
        let Some(harmony) = vowel_at(at) else {
            continue;
        };
        if grammar.letter_harmony(c) == Some(harmony) {
            continue;
        }
        let mut fitting =
            kazakh_letters_read_as(c).filter(|&l| grammar.letter_harmony(l) == Some(harmony));
        // No letter has more than two readings of one harmony.
        let letter = match (fitting.next(), fitting.next()) {
            (Some(one), None) => Some(one),
            (Some(a), Some(b)) => usual_letter_among(c, &[a, b]),
            _ => None,
        };
        if let Some(letter) = letter
            && let Some(k) = cost(c, letter)
        {
            full[at] = letter;
            full_edits.push(edit(at, c, letter, k));
        }
    }
    full_edits.sort_by_key(|e| e.at);
    let mut stems = Vec::new();
    if sure != stem {
        stems.push((sure.clone(), sure_edits));
    }
    if full != sure {
        stems.push((full, full_edits));
    }
    stems
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

    #[test]
    fn on_unlettered_pages_the_stem_gets_its_letters_back_too() {
        let all = guesses_in("сэрсенбайга", true);
        assert!(all.contains(&"сәрсенбайға".to_string()), "{all:?}");
        let all = guesses_in("кусмурындагы", true);
        assert!(all.contains(&"құсмұрындағы".to_string()), "{all:?}");
        // Only there: elsewhere the stem is kept as written.
        assert!(!guesses("сэрсенбайга").contains(&"сәрсенбайға".to_string()));
    }
}
