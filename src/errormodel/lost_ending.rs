//! Candidates with a word ending that OCR lost whole (`lexicon/lost-endings.tsv`):
//! an engine without the Kazakh letters reads the genitive сөздерінің as
//! сездер1н, so the search finds the accusative сөздерін, and this adds the
//! genitive behind it.

use crate::lexicon::Lexicon;
use crate::lexicon::search::{EditKind, SearchEdit, SearchHit};
use std::sync::OnceLock;

/// One row of `lexicon/lost-endings.tsv`.
#[derive(Debug)]
struct LostEnding {
    /// The ending both the OCR word and the candidate have.
    kept: String,
    /// What OCR lost after it.
    lost: String,
    /// The cost of the loss.
    cost: f32,
}

fn lost_endings() -> &'static [LostEnding] {
    static ROWS: OnceLock<Vec<LostEnding>> = OnceLock::new();
    ROWS.get_or_init(|| {
        crate::lexicon::list_entries(include_str!("../../lexicon/lost-endings.tsv"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some(LostEnding {
                    // `∅`: the row applies after any ending.
                    kept: cols.next()?.replace('∅', ""),
                    lost: cols.next()?.to_owned(),
                    cost: cols.next()?.trim().parse().ok()?,
                })
            })
            .collect()
    })
}

/// Which rows of `lexicon/lost-endings.tsv` apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endings {
    /// Rows for an ending the OCR word keeps (`н`: the genitive's ің lost
    /// after it).
    AfterLetters,
    /// Rows for a syllable lost after any ending (`∅`: the converb's іп).
    Any,
}

/// Adds to `hits` (cheapest first, as the search gives them) each of the
/// first `first` hits with a lost ending put back, when the OCR word `ocr`
/// (lowercase) and the hit end as the row says, the longer word is accepted
/// and is not among the hits already. Only the rows `which` says apply.
/// Whether any was added.
pub fn add_lost_endings(
    lex: &Lexicon,
    ocr: &[char],
    hits: &mut Vec<SearchHit>,
    first: usize,
    which: Endings,
) -> bool {
    let ocr_len = ocr.len();
    let ocr: String = ocr.iter().collect();
    let mut extra: Vec<SearchHit> = Vec::new();
    let rows = lost_endings()
        .iter()
        .filter(|r| r.kept.is_empty() == (which == Endings::Any) && ocr.ends_with(&r.kept));
    for row in rows {
        for hit in hits.iter().take(first) {
            if !hit.word.ends_with(&row.kept) {
                continue;
            }
            if which == Endings::Any && !joins_well(lex, &hit.word, &row.lost) {
                continue;
            }
            let longer = [hit.word.as_str(), row.lost.as_str()].concat();
            let known = |h: &SearchHit| h.word == longer;
            // A syllable after any ending is tried for every candidate: only
            // forms of the curated and own stems count, asked the cheap way.
            let accepted = match which {
                Endings::AfterLetters => lex.accepts(&longer),
                Endings::Any => lex.knows_form(&longer),
            };
            if hits.iter().any(known) || extra.iter().any(known) || !accepted {
                continue;
            }
            let mut edits = hit.edits.clone();
            edits.push(SearchEdit {
                at: ocr_len,
                ocr: String::new(),
                clean: row.lost.clone(),
                cost: row.cost,
                kind: EditKind::Confusion,
            });
            extra.push(SearchHit {
                word: longer,
                cost: hit.cost + row.cost,
                edits,
                ..hit.clone()
            });
        }
    }
    let added = !extra.is_empty();
    hits.extend(extra);
    added
}

/// Whether `lost` can follow `word` inside a Kazakh word: two vowels do
/// not meet, nor does a lone consonant follow a consonant (`мені` takes ң,
/// `кет` takes іп, not the other way round). Asked before the lexicon,
/// which is far costlier.
fn joins_well(lex: &Lexicon, word: &str, lost: &str) -> bool {
    let grammar = lex.grammar();
    let (Some(last), Some(first)) = (word.chars().next_back(), lost.chars().next()) else {
        return true;
    };
    let vowel_after_vowel = grammar.is_vowel(last) && grammar.is_vowel(first);
    let lone_consonant = lost.chars().count() == 1 && !grammar.is_vowel(first);
    !vowel_after_vowel && (!lone_consonant || grammar.is_vowel(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(word: &str, cost: f32) -> SearchHit {
        SearchHit {
            word: word.to_owned(),
            cost,
            prior: 0.0,
            edits: Vec::new(),
            source: "curated",
            cuts: 0,
        }
    }

    #[test]
    fn the_genitive_follows_the_accusative() {
        let lex = Lexicon::embedded();
        let ocr: Vec<char> = "сездерін".chars().collect();
        let mut hits = vec![hit("сөздерін", 1.0), hit("сездерін", 2.0)];
        add_lost_endings(lex, &ocr, &mut hits, 5, Endings::AfterLetters);
        let genitive = hits.iter().find(|h| h.word == "сөздерінің");
        assert!(
            genitive.is_some_and(|h| h.cost > 1.0 && h.edits.len() == 1),
            "{hits:?}"
        );
        // Each longer word once, and only where the OCR word ends so too.
        let before = hits.len();
        add_lost_endings(lex, &ocr, &mut hits, 5, Endings::AfterLetters);
        assert_eq!(hits.len(), before);
        let mut other = vec![hit("сөздері", 1.0)];
        let ocr: Vec<char> = "сөздері".chars().collect();
        add_lost_endings(lex, &ocr, &mut other, 5, Endings::AfterLetters);
        assert_eq!(other.len(), 1);
    }

    #[test]
    fn a_lost_last_syllable_follows_any_ending() {
        let lex = Lexicon::embedded();
        // `кет` for кетіп: the converb's іп lost whole.
        let ocr: Vec<char> = "кет".chars().collect();
        let mut hits = vec![hit("кет", 1.0)];
        assert!(!add_lost_endings(
            lex,
            &ocr,
            &mut hits,
            5,
            Endings::AfterLetters
        ));
        assert!(add_lost_endings(lex, &ocr, &mut hits, 5, Endings::Any));
        let words: Vec<&str> = hits.iter().map(|h| h.word.as_str()).collect();
        assert!(words.contains(&"кетіп"), "{words:?}");
        assert!(hits.iter().skip(1).all(|h| h.cost > 1.0), "{hits:?}");
    }
}
