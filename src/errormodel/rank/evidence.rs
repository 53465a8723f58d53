//! Ranking again with what the document shows: scores of ranked
//! candidates, the vouching of one table's ranking by another, and
//! suggestions as diagnostics carry them.

use super::{RankOptions, Ranked, is_safe, letters, rank};
use crate::diagnostic::Suggestion;
use crate::errormodel::ConfusionTable;
use crate::lexicon::Lexicon;

/// What re-ranking with document evidence needs to know of a ranked
/// candidate (see [`with_evidence`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// [`Ranked::cost`].
    pub cost: f32,
    /// [`Ranked::plain_cost`].
    pub plain_cost: f32,
    /// [`Ranked::form_penalty`]: by [`with_evidence`], a rare form the
    /// document lacks is that much further behind.
    pub form_penalty: f32,
    /// Whether it may be applied unattended at all: reached by OCR
    /// confusions alone, from a trusted source, and not a hint ([`Ranked::eligible`]).
    pub eligible: bool,
}

/// The suggestions and [`Score`]s for a word of a document read without
/// the Kazakh letters, ranked by the table learned from such pages
/// (`ranked`) but only as safe as the general table's ranking of the same
/// word (`general`) makes them: the best is safe only when it is the
/// general ranking's safe best too (leaving out the rivals that only the
/// general table puts close, see `rivals_close_in_both`), and a
/// candidate is eligible for an evidence fix only when both rankings hold
/// it eligible.
///
/// The learned table orders such words better (measured on the
/// Russian-model pages of aligned OCR pairs: top-1 82.0 → 83.2 %, top-5
/// 88.9 → 90.0 %), but its cheaper costs let close rivals through the safe
/// bounds, which were measured with the general one: alone it made three
/// times the wrong safe fixes. Where both tables agree, the fix is as safe
/// as before.
pub fn vouched_by(
    word: &str,
    ranked: &[Ranked],
    general: &[Ranked],
    opts: &RankOptions,
) -> (Vec<Suggestion>, Vec<Score>) {
    let general_scores = scores(general);
    let same_best = ranked.first().map(|r| &r.word) == general.first().map(|g| &g.word);
    let safe = same_best && is_safe(word, &rivals_close_in_both(ranked, general, opts), opts);
    let suggestions = suggestions_of(ranked, safe);
    let mut own = scores(ranked);
    for (score, r) in own.iter_mut().zip(ranked) {
        score.eligible &= general
            .iter()
            .zip(&general_scores)
            .any(|(g, s)| g.word == r.word && s.eligible);
    }
    (suggestions, own)
}

/// The `general` ranking of a word without the rivals of its best that
/// matter to neither table: a candidate that does not only put Kazakh
/// letters back and that `ranked` (by the table learned from pages read
/// without them) holds at least [`RankOptions::unlettered_margin`] behind
/// its best. The general table prices some misreadings of engines that
/// know the Kazakh letters cheaply (`г` written for `т`: тасыр beside ғасыр), which
/// such an engine hardly makes. A rival `ranked` does not hold stays.
///
/// Measured on aligned OCR pairs: 143 more right fixes and one wrong by
/// the clean text (Согалар, so there); dropping the rivals `ranked` does
/// not hold as well made two wrong fixes more, a margin of 5 four.
fn rivals_close_in_both<'g>(
    ranked: &[Ranked],
    general: &'g [Ranked],
    opts: &RankOptions,
) -> std::borrow::Cow<'g, [Ranked]> {
    let Some(best) = ranked.first() else {
        return general.into();
    };
    let far = |g: &Ranked| {
        !g.restores_only
            && ranked
                .iter()
                .find(|r| r.word == g.word)
                .is_some_and(|r| r.plain_cost - best.plain_cost >= opts.unlettered_margin)
    };
    if !general.iter().skip(1).any(far) {
        return general.into();
    }
    general
        .iter()
        .enumerate()
        .filter(|&(i, g)| i == 0 || !far(g))
        .map(|(_, g)| g.clone())
        .collect()
}

/// The [`Score`]s of ranked candidates, in their order.
pub fn scores(ranked: &[Ranked]) -> Vec<Score> {
    ranked
        .iter()
        .map(|r| Score {
            cost: r.cost,
            plain_cost: r.plain_cost,
            form_penalty: r.form_penalty,
            eligible: r.eligible(),
        })
        .collect()
}

/// Re-ranks the suggestions of [`suggestions`] (with the [`scores`] of their
/// candidates) by evidence from the document the word is in: `seen` says,
/// given a suggestion's index and text, whether the document attests it. Such a candidate costs
/// [`RankOptions::evidence_bonus`] less, and the best one is safe when it
/// needs known OCR confusions alone, costs at most
/// [`RankOptions::evidence_max_cost`], every candidate the document does
/// not hold costs at least [`RankOptions::evidence_margin`] more (a rare
/// form with its [`RankOptions::rare_form_penalty`]: `жөніңде` does not
/// stand in the way of a `жөнінде` the page holds) and every other one it
/// holds at least [`RankOptions::evidence_rival_margin`] more. `None`
/// when the document holds no candidate (nothing changes).
pub fn with_evidence(
    word: &str,
    suggestions: &[Suggestion],
    scores: &[Score],
    seen: impl Fn(usize, &str) -> bool,
    opts: &RankOptions,
) -> Option<Vec<Suggestion>> {
    let n = suggestions.len().min(scores.len());
    let held: Vec<bool> = suggestions[..n]
        .iter()
        .enumerate()
        .map(|(i, s)| seen(i, &s.replacement))
        .collect();
    if !held.contains(&true) {
        return None;
    }
    let adjusted = |i: usize| scores[i].cost - if held[i] { opts.evidence_bonus } else { 0.0 };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| adjusted(a).total_cmp(&adjusted(b)));
    let b = order[0];
    let was_safe = b == 0 && suggestions[0].applicability == crate::diagnostic::Applicability::Safe;
    let clear = (0..n).filter(|&j| j != b).all(|j| {
        let lead = scores[j].plain_cost - scores[b].plain_cost;
        if held[j] {
            lead >= opts.evidence_rival_margin
        } else {
            lead + scores[j].form_penalty >= opts.evidence_margin
        }
    });
    let safe = was_safe
        || (held[b]
            && scores[b].eligible
            && scores[b].plain_cost <= opts.evidence_max_cost
            && letters(word) >= opts.evidence_min_letters
            && clear);
    let best = adjusted(b);
    let null = (-(opts.null_cost - best).max(0.0)).exp();
    let z: f32 = order
        .iter()
        .map(|&i| (-(adjusted(i) - best)).exp())
        .sum::<f32>()
        + null;
    Some(
        order
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let confidence = (-(adjusted(i) - best)).exp() / z;
                let word = suggestions[i].replacement.clone();
                if k == 0 && safe {
                    Suggestion::safe(word, confidence)
                } else {
                    Suggestion::review(word, confidence)
                }
            })
            .collect(),
    )
}

/// Suggestions for an OCR word, best first: the best is safe when
/// [`is_safe`] says so, the others are for review.
pub fn suggestions(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Suggestion> {
    to_suggestions(word, &rank(lex, table, word, opts), opts)
}

/// Suggestions for ranked candidates (see [`suggestions`]).
pub fn to_suggestions(word: &str, ranked: &[Ranked], opts: &RankOptions) -> Vec<Suggestion> {
    suggestions_of(ranked, is_safe(word, ranked, opts))
}

/// `ranked` as suggestions, the best one safe when `safe_first` says so.
fn suggestions_of(ranked: &[Ranked], safe_first: bool) -> Vec<Suggestion> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i == 0 && safe_first {
                Suggestion::safe(r.word.clone(), r.confidence)
            } else {
                Suggestion::review(r.word.clone(), r.confidence)
            }
        })
        .collect()
}
