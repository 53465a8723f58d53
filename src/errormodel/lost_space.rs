//! Candidates for two words that OCR ran together (`денесіғана` for
//! денесі ғана, `атаданалтау` for атадан алтау) or whose space it read as
//! a letter (`жылыгкүзде` for жылы күзде): the lexicon search walks one
//! word at a time, so a lost space leaves it with nothing cheap to offer.
//! This adds each split into two words the lexicon accepts, at the
//! confusion table's cost of a lost space or of the letter read for it
//! (only letters the table learned OCR writes for a space).

use crate::errormodel::ConfusionTable;
use crate::lexicon::search::{EditKind, SearchEdit, SearchHit, SearchOptions};
use crate::lexicon::{AcceptedBy, Lexicon, UserWords};

/// Letters each of the two words needs: shorter ones (да, ал, не) split
/// off far too many words by chance.
const MIN_PART: usize = 3;

/// What restoring the Kazakh letters of one part may cost at most, on a
/// page read without them (`болганжок` for болған жоқ): a few of the
/// usual restorations, each under 2.5.
const PART_MAX_COST: f32 = 4.0;
/// Search states expanded for one part: restorations alone need few.
const PART_POPS: usize = 200;

/// Adds to `hits` every split of the OCR word `ocr` (lowercase) into two
/// words of the lexicon proper (not the weak list), only when no hit costs
/// `safe_bound` or less: a split is a rival too, and next to a candidate
/// that may be safe it only took safe fixes away (on the development
/// pairs the word error rate cut fell from 24.6 to 23.9 %, every fix lost
/// a right one). Nor when `hits` already holds `first` candidates cheaper
/// than a lost space: then no split could rank among them. Nothing is
/// added when `table` has no cost for a lost space.
///
/// With `restore` (the search of a page read without the Kazakh letters),
/// a part the lexicon lacks as written may also be one whose letters the
/// search puts back within `PART_MAX_COST`.
pub fn add_lost_spaces(
    lex: &Lexicon,
    table: &ConfusionTable,
    ocr: &[char],
    hits: &mut Vec<SearchHit>,
    first: usize,
    safe_bound: f32,
    restore: Option<&SearchOptions>,
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
    // Restoring parts costs two searches a split: only where the word
    // has no reading as cheap as a lost space.
    let restore = restore.filter(|_| hits.iter().all(|h| h.cost >= cost));
    let part_opts = restore.map(|search| SearchOptions {
        max_results: 1,
        max_cost: PART_MAX_COST,
        max_pops: PART_POPS,
        max_generic: 0,
        ..search.clone()
    });
    let reading = |part: &[char]| -> Option<SearchHit> {
        let word: String = part.iter().collect();
        if lex.accepted_by(&word, &user) == Some(AcceptedBy::Lexicon) {
            return Some(SearchHit {
                word,
                cost: 0.0,
                prior: 0.0,
                edits: Vec::new(),
                source: "curated",
                cuts: 0,
            });
        }
        let opts = part_opts.as_ref()?;
        lex.search(part, table, opts)
            .into_iter()
            .find(|h| h.source != "weak")
    };
    let mut add = |at: usize, read: &str, space_cost: f32| {
        let (left, right) = (&ocr[..at], &ocr[at + read.chars().count()..]);
        let Some(left) = reading(left) else {
            return;
        };
        let Some(right) = reading(right) else {
            return;
        };
        let word = format!("{} {}", left.word, right.word);
        if hits.iter().any(|h| h.word == word) {
            return;
        }
        let shift = at + read.chars().count();
        let mut edits = left.edits;
        edits.push(SearchEdit {
            at,
            ocr: read.to_string(),
            clean: " ".into(),
            cost: space_cost,
            kind: EditKind::Confusion,
        });
        edits.extend(right.edits.into_iter().map(|e| SearchEdit {
            at: e.at + shift,
            ..e
        }));
        hits.push(SearchHit {
            word,
            cost: left.cost + right.cost + space_cost,
            prior: left.prior + right.prior,
            edits,
            source: "curated",
            cuts: 0,
        });
    };
    for at in MIN_PART..=ocr.len() - MIN_PART {
        add(at, "", cost);
    }
    for (at, read) in ocr
        .iter()
        .enumerate()
        .take(ocr.len() - MIN_PART)
        .skip(MIN_PART)
    {
        let read = read.to_string();
        // Only letters the table learned OCR writes for a space (г, с):
        // with any letter, бетбағыт was offered бет ағыт.
        if let Some(letter) = table.get(&read, " ") {
            add(at, &read, letter.cost);
        }
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
            None,
        );
        hits.iter()
            .filter(|h| h.word.contains(' '))
            .map(|h| h.word.clone())
            .collect()
    }

    #[test]
    fn two_known_words_run_together_are_split() {
        assert_eq!(splits("атаданалтау", &mut Vec::new())[0], "атадан алтау");
        assert!(splits("денесіғана", &mut Vec::new()).contains(&"денесі ғана".to_string()));
        // Parts of two letters, and words with marks, are not split.
        assert!(splits("алоған", &mut Vec::new()).is_empty());
        assert!(splits("атадан!алтау", &mut Vec::new()).is_empty());
    }

    #[test]
    fn a_letter_read_for_a_space_is_split_out() {
        assert!(splits("жылыгкүзде", &mut Vec::new()).contains(&"жылы күзде".to_string()));
        assert!(
            splits("шығармаеретінде", &mut Vec::new()).contains(&"шығарма ретінде".to_string())
        );
        // Only letters the table learned for a space.
        assert!(!splits("бетбағыт", &mut Vec::new()).contains(&"бет ағыт".to_string()));
        // Both words must be known.
        assert!(splits("жылыгкүздеқ", &mut Vec::new()).is_empty());
    }

    #[test]
    fn parts_read_without_the_kazakh_letters_get_them_back() {
        let ocr: Vec<char> = "болганжок".chars().collect();
        let table = ConfusionTable::embedded_unlettered();
        let search = SearchOptions::default();
        let mut hits = Vec::new();
        add_lost_spaces(
            Lexicon::embedded(),
            table,
            &ocr,
            &mut hits,
            5,
            4.0,
            Some(&search),
        );
        let split = hits.iter().find(|h| h.word == "болған жоқ");
        let split = split.unwrap_or_else(|| panic!("{hits:?}"));
        // Both parts' restorations and the space are edits of the split.
        assert!(split.edits.iter().any(|e| e.clean == " " && e.at == 6));
        assert!(
            split
                .edits
                .iter()
                .any(|e| e.ocr == "к" && e.clean == "қ" && e.at == 8)
        );
        // Without a search for the parts only known words split.
        let mut plain = Vec::new();
        add_lost_spaces(Lexicon::embedded(), table, &ocr, &mut plain, 5, 4.0, None);
        assert!(plain.is_empty());
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
        assert_eq!(splits("атаданалтау", &mut hits)[0], "атадан алтау");
        // Nor next to a candidate that may be safe.
        let mut hits = vec![SearchHit {
            cost: 2.0,
            ..hits[0].clone()
        }];
        assert!(splits("атаданалтау", &mut hits).is_empty());
    }
}
