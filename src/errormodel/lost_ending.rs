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
                    kept: cols.next()?.to_owned(),
                    lost: cols.next()?.to_owned(),
                    cost: cols.next()?.trim().parse().ok()?,
                })
            })
            .collect()
    })
}

/// Adds to `hits` (cheapest first, as the search gives them) each of the
/// first `first` hits with a lost ending put back, when the OCR word `ocr`
/// (lowercase) and the hit end as the row says, the longer word is accepted
/// and is not among the hits already.
pub fn add_lost_endings(lex: &Lexicon, ocr: &[char], hits: &mut Vec<SearchHit>, first: usize) {
    let ocr_len = ocr.len();
    let ocr: String = ocr.iter().collect();
    let mut extra: Vec<SearchHit> = Vec::new();
    for row in lost_endings().iter().filter(|r| ocr.ends_with(&r.kept)) {
        for hit in hits.iter().take(first) {
            if !hit.word.ends_with(&row.kept) {
                continue;
            }
            let longer = [hit.word.as_str(), row.lost.as_str()].concat();
            let known = |h: &SearchHit| h.word == longer;
            if hits.iter().any(known) || extra.iter().any(known) || !lex.accepts(&longer) {
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
    hits.extend(extra);
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
        add_lost_endings(lex, &ocr, &mut hits, 5);
        let genitive = hits.iter().find(|h| h.word == "сөздерінің");
        assert!(
            genitive.is_some_and(|h| h.cost > 1.0 && h.edits.len() == 1),
            "{hits:?}"
        );
        // Each longer word once, and only where the OCR word ends so too.
        let before = hits.len();
        add_lost_endings(lex, &ocr, &mut hits, 5);
        assert_eq!(hits.len(), before);
        let mut other = vec![hit("сөздері", 1.0)];
        add_lost_endings(lex, &['с', 'ө', 'з', 'д', 'е', 'р', 'і'], &mut other, 5);
        assert_eq!(other.len(), 1);
    }
}
