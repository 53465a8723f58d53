//! Candidates for two words that OCR ran together (`денесіғана` for
//! денесі ғана, `атаданалтау` for атадан алтау): the lexicon search walks
//! one word at a time, so a lost space leaves it with nothing cheap to
//! offer. This adds each split into two words the lexicon accepts, at the
//! confusion table's cost of a lost space.

use crate::errormodel::ConfusionTable;
use crate::lexicon::search::{EditKind, SearchEdit, SearchHit};
use crate::lexicon::{AcceptedBy, Lexicon, UserWords};

/// Letters each of the two words needs: shorter ones (да, ал, не) split
/// off far too many words by chance.
const MIN_PART: usize = 3;

/// Adds to `hits` every split of the OCR word `ocr` (lowercase) into two
/// words of the lexicon proper (not the weak list), only when no hit costs
/// `safe_bound` or less: a split is a rival too, and next to a candidate
/// that may be safe it only took safe fixes away (on the development
/// pairs the word error rate cut fell from 24.6 to 23.9 %, every fix lost
/// a right one). Nor when `hits` already holds `first` candidates cheaper
/// than a lost space: then no split could rank among them. Nothing is
/// added when `table` has no cost for a lost space.
pub fn add_lost_spaces(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    hits: &mut Vec<SearchHit>,
    first: usize,
    safe_bound: f32,
) {
    let Some(cost) = table.get("", " ").map(|c| c.cost) else {
        return;
    };
    if ocr.len() < 2 * MIN_PART
        || !ocr.iter().all(|c| c.is_alphabetic())
        || hits.iter().any(|h| h.cost <= safe_bound)
        || hits.iter().filter(|h| h.cost < cost).count() >= first
    {
        return;
    }
    let user = UserWords::new();
    let known = |part: &[char]| {
        let word: String = part.iter().collect();
        lex.accepted_by(&word, &user) == Some(AcceptedBy::Lexicon)
    };
    for at in MIN_PART..=ocr.len() - MIN_PART {
        let (left, right) = ocr.split_at(at);
        if !known(left) || !known(right) {
            continue;
        }
        let word = format!(
            "{} {}",
            left.iter().collect::<String>(),
            right.iter().collect::<String>()
        );
        if hits.iter().any(|h| h.word == word) {
            continue;
        }
        hits.push(SearchHit {
            word,
            cost,
            prior: 0.0,
            edits: vec![SearchEdit {
                at,
                ocr: String::new(),
                clean: " ".into(),
                cost,
                kind: EditKind::Confusion,
            }],
            source: "curated",
            cuts: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splits(word: &str, hits: &mut Vec<SearchHit>) -> Vec<String> {
        let ocr: Vec<char> = word.chars().collect();
        add_lost_spaces(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            &ocr,
            hits,
            5,
            2.0,
        );
        hits.iter()
            .filter(|h| h.word.contains(' '))
            .map(|h| h.word.clone())
            .collect()
    }

    #[test]
    fn two_known_words_run_together_are_split() {
        assert_eq!(splits("атаданалтау", &mut Vec::new()), ["атадан алтау"]);
        assert!(splits("денесіғана", &mut Vec::new()).contains(&"денесі ғана".to_string()));
        // Parts of two letters, and words with marks, are not split.
        assert!(splits("алоған", &mut Vec::new()).is_empty());
        assert!(splits("атадан!алтау", &mut Vec::new()).is_empty());
    }

    #[test]
    fn no_split_when_cheaper_candidates_fill_the_list() {
        let cheap = |w: &str| SearchHit {
            word: w.into(),
            cost: 3.0,
            prior: 0.0,
            edits: Vec::new(),
            source: "curated",
            cuts: 0,
        };
        let mut hits: Vec<SearchHit> = ["а", "б", "в", "г", "д"].map(cheap).into();
        assert!(splits("атаданалтау", &mut hits).is_empty());
        hits.pop();
        assert_eq!(splits("атаданалтау", &mut hits), ["атадан алтау"]);
        // Nor next to a candidate that may be safe.
        let mut hits = vec![SearchHit {
            cost: 2.0,
            ..hits[0].clone()
        }];
        assert!(splits("атаданалтау", &mut hits).is_empty());
    }
}
