//! Confusions an OCR engine repeats through a document: a misreading the
//! training pages hardly show is cheap once many words of a book need it.

use std::collections::{HashMap, HashSet};

use super::{CODE, Doubt, rank_options, read_suggested};
use crate::diagnostic::{Applicability, Diagnostic, Suggestion};
use crate::errormodel::rank;
use crate::lexicon::FastMap;
use crate::lexicon::search::SearchEdit;
use crate::rules::CheckContext;

/// A confusion counts as recurring in a document when the best
/// corrections of this many different unknown words need it.
pub const RECURRING_WORDS: usize = 3;

/// The confusions (OCR letters → clean letters) that the best corrections
/// of at least [`RECURRING_WORDS`] different unknown words of a document
/// need: an OCR engine repeats its misreadings through a book.
pub(super) struct RecurringConfusions(Vec<(String, String)>);

impl RecurringConfusions {
    /// The confusions of the findings of a document read with the Kazakh
    /// letters (`None` otherwise: without them the unlettered rule decides,
    /// and every restoration recurs).
    pub(super) fn of(ctx: &CheckContext<'_>, found: &[Diagnostic]) -> Option<RecurringConfusions> {
        if !ctx.file.letters(ctx.text).has_kazakh_letters() {
            return None;
        }
        let mut seen: HashSet<String> = HashSet::new();
        // The words as written that were met, so that a word met again is
        // not lowercased again to learn that it was.
        let mut met: FastMap<&str, ()> = FastMap::default();
        let mut counts: HashMap<(String, String), usize> = HashMap::new();
        for d in found.iter().filter(|d| d.code == CODE) {
            let Some(suffix_chain) = ctx.file.waiting(&d.span) else {
                continue;
            };
            let word = &ctx.text[d.span.clone()];
            if met.insert(word, ()).is_some() || !seen.insert(word.to_lowercase()) {
                continue;
            }
            let doubt = Doubt::at(ctx, &d.span);
            let pairs = read_suggested(ctx, word, suffix_chain, doubt, |entry| {
                let (Some(score), Some(edits)) = (entry.scores.first(), entry.edits.first()) else {
                    return Vec::new();
                };
                if !score.eligible {
                    return Vec::new();
                }
                let mut pairs: Vec<(String, String)> = edits
                    .iter()
                    .map(|e| (e.ocr.clone(), e.clean.clone()))
                    .collect();
                pairs.sort();
                pairs.dedup();
                pairs
            });
            for pair in pairs {
                *counts.entry(pair).or_default() += 1;
            }
        }
        let recurring: Vec<(String, String)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= RECURRING_WORDS)
            .map(|(pair, _)| pair)
            .collect();
        (!recurring.is_empty()).then_some(RecurringConfusions(recurring))
    }

    /// Whether the document recurs in the confusion of `edit`.
    fn recurs(&self, edit: &SearchEdit) -> bool {
        self.0
            .iter()
            .any(|(ocr, clean)| *ocr == edit.ocr && *clean == edit.clean)
    }

    /// Makes the best of `suggestions` for `word` safe when the confusions
    /// the document recurs in make it so (see [`rank::is_safe_by_recurrence`]),
    /// and evidence has not re-ranked it.
    pub(super) fn make_safe(
        &self,
        ctx: &CheckContext<'_>,
        word: &str,
        suffix_chain: bool,
        doubt: Doubt,
        suggestions: &mut [Suggestion],
    ) {
        let Some(first) = suggestions.first_mut() else {
            return;
        };
        if first.applicability == Applicability::Safe {
            return;
        }
        let recurring_safe = read_suggested(ctx, word, suffix_chain, doubt, |entry| {
            let same_best = entry
                .suggestions
                .first()
                .is_some_and(|s| s.replacement == first.replacement);
            same_best
                && rank::is_safe_by_recurrence(
                    word,
                    &entry.scores,
                    &entry.edits,
                    |e| self.recurs(e),
                    &rank_options(doubt),
                )
        });
        if recurring_safe
            && !ctx
                .lexicon
                .is_doubtful_fix(&first.replacement.to_lowercase())
        {
            first.applicability = Applicability::Safe;
        }
    }
}
