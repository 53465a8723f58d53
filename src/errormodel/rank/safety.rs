//! Which best candidate is safe to apply unattended. A wrong safe fix is
//! the worst defect emle can have, so each rule here asks for a clear lead
//! over every rival, and the bounds it uses are measured on the development
//! pairs (see [`super::RankOptions`]).

use super::{RankOptions, Ranked, Score, closed_class_words, restored_reading};
use crate::errormodel::frequency::WordFrequency;

/// How much more than the best of `ranked` the cheapest other candidate
/// costs without the damaged-word bonus (negative when the bonus alone put
/// the best first).
pub fn safe_margin_of(ranked: &[Ranked]) -> f32 {
    let Some(best) = ranked.first() else {
        return f32::NEG_INFINITY;
    };
    ranked[1..]
        .iter()
        .map(|r| r.plain_cost - best.plain_cost)
        .fold(f32::INFINITY, f32::min)
}

/// Whether the best of `ranked` may be applied unattended: it is
/// [eligible](Ranked::eligible) (known OCR confusions alone, a trusted
/// source), is not a
/// doubtful form ([`Ranked::doubtful_form`]), costs little and beats the
/// runner-up by [`RankOptions::safe_margin`], or, on a page read with the
/// Kazakh letters, is a frequent word no rival comes near
/// ([`RankOptions::lettered_frequent_min_class`]). In a word with the damage of a document
/// read without the Kazakh letters ([`RankOptions::unlettered`]) it is also
/// safe when it only puts back Kazakh letters and leads every other reading
/// clearly, or when Kazakh text writes it far more often than any other
/// candidate: there the OCR engine could not have written any other letter.
pub fn is_safe(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    safe_but_for_form(word, ranked, opts) && !ranked[0].doubtful_form
}

/// Whether the best of `ranked` could be safe by a rule of [`is_safe`] or
/// by its neighbours: it is [eligible](Ranked::eligible) and within the
/// cost bound of the usual rules ([`RankOptions::safe_cost_limit`]), of
/// the pair rule on a page read without the Kazakh letters
/// ([`RankOptions::unlettered_pair_max_cost`]), or of the frequency rule
/// there (a restoration frequent enough, at most
/// [`RankOptions::dominant_max_cost`]). Only then is another table's
/// ranking worth working out to vouch for it.
pub fn could_be_safe(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let pair_bound = if opts.unlettered {
        opts.unlettered_pair_max_cost
    } else {
        0.0
    };
    best.eligible()
        && (best.plain_cost <= opts.safe_cost_limit(word).max(pair_bound)
            || dominant_class(word, best, opts).is_some())
}

/// The frequency class of `best`, a candidate for `word` on a page read
/// without the Kazakh letters, when it is frequent enough for the frequency
/// rule and within its cost bound: it puts back Kazakh letters (and at most
/// one і the page lost, if Kazakh text writes it
/// [`RankOptions::dominant_lost_i_factor`] times as often as the rule asks)
/// and has the class [`RankOptions::dominant_min_class_of`] asks, in a word
/// of [`RankOptions::dominant_min_letters`] letters or more.
fn dominant_class(word: &str, best: &Ranked, opts: &RankOptions) -> Option<u32> {
    if !opts.unlettered || best.plain_cost > opts.dominant_max_cost {
        return None;
    }
    let class = WordFrequency::embedded().class(&best.hit.word);
    let needed = opts.dominant_min_class_of(word);
    let lost_i = |e: &crate::lexicon::search::SearchEdit| e.ocr.is_empty() && e.clean == "і";
    let restores = best.restores_only
        || best
            .hit
            .edits
            .iter()
            .all(|e| restored_reading(e).is_some() || lost_i(e))
            && best.hit.edits.iter().filter(|e| lost_i(e)).count() == 1
            && class >= needed.saturating_mul(opts.dominant_lost_i_factor)
            && letters(word) >= opts.dominant_lost_i_min_letters;
    (restores && class >= needed && letters(word) >= opts.dominant_min_letters).then_some(class)
}

/// How many letters `word` has: the safe-fix rules need long enough words.
/// Counted last in each rule, since it asks Unicode tables.
pub(crate) fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

/// [`is_safe`] without asking whether the best is a doubtful form.
pub(super) fn safe_but_for_form(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let eligible = best.eligible();
    let clear = || {
        best.plain_cost <= opts.safe_max_cost
            && safe_margin_of(ranked) >= opts.safe_margin
            && letters(word) >= opts.safe_min_letters
    };
    eligible
        && (clear()
            || lone_restoration(word, ranked, opts)
            || dominant_restoration(word, ranked, opts)
            || frequent_lead(word, ranked, opts))
}

/// Whether the best of `ranked`, in a word of a page read with the Kazakh
/// letters, passes the frequency rule of [`is_safe`]: it mends more than
/// lost Kazakh letters (there a word without them is as often spelt so on
/// purpose, as Russian spellings of names are: Кыргызстан), Kazakh text
/// uses it often ([`RankOptions::lettered_frequent_min_class`]) and no other
/// candidate at all, it costs at most
/// [`RankOptions::lettered_frequent_max_cost`] and leads every other one by
/// [`RankOptions::lettered_frequent_margin`], and the word has
/// [`RankOptions::lettered_frequent_min_letters`] letters (`осьндай` is
/// осындай, not осыңдай).
pub(super) fn frequent_lead(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let frequency = WordFrequency::embedded();
    !opts.unlettered
        && !best.restores_only
        && best.plain_cost <= opts.lettered_frequent_max_cost
        && frequency.class(&best.hit.word) >= opts.lettered_frequent_min_class
        && ranked[1..].iter().all(|r| {
            r.plain_cost - best.plain_cost >= opts.lettered_frequent_margin
                && frequency.class(&r.hit.word) == 0
        })
        && letters(word) >= opts.lettered_frequent_min_letters
}

/// Whether the best of `ranked`, in a word of a page read without the
/// Kazakh letters, passes the frequency rule of [`is_safe`]: it puts back
/// Kazakh letters and is frequent enough ([`dominant_class`]), and
/// Kazakh text writes it far more often than every other candidate
/// ([`RankOptions::dominant_ratio`]). Such a page writes және as `жене`
/// or `жане` every time; the learned costs put жөне and жеңе first, which
/// hardly any text has.
fn dominant_restoration(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let Some(class) = dominant_class(word, best, opts) else {
        return false;
    };
    let frequency = WordFrequency::embedded();
    ranked[1..].iter().all(|r| {
        frequency
            .class(&r.hit.word)
            .saturating_mul(opts.dominant_ratio)
            <= class
    })
}

/// Whether the best of `ranked` passes the unlettered rule of [`is_safe`]:
/// it only puts back Kazakh letters and costs little; every other candidate
/// that only puts letters back ranks [`RankOptions::unlettered_rival_margin`]
/// behind it, and every other one costs [`RankOptions::unlettered_margin`]
/// more without the damaged-word bonus ([`RankOptions::lost_letter_margin`]
/// more if it is the best with a letter other than і put back that OCR
/// lost). A closed-class best (see
/// [`closed_class_words`]) needs fewer letters, and smaller leads over
/// rivals outside the closed classes.
fn lone_restoration(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let closed_words = closed_class_words();
    let closed = closed_words.contains(best.hit.word.as_str());
    let frequency = WordFrequency::embedded();
    let frequent = !closed && frequency.class(&best.hit.word) >= opts.frequent_min_class;
    let rare = |r: &Ranked| frequency.class(&r.hit.word) == 0;
    let clear = || {
        ranked[1..].iter().all(|r| {
            // Frequency alone outweighs an open-class rival, not another
            // closed-class word (`кана`: қана or ғана); a frequent word
            // outweighs a rival that is not frequent at all.
            let outweighs =
                !closed_words.contains(r.hit.word.as_str()) && (closed || frequent && rare(r));
            let (rival_margin, margin) = if outweighs {
                (opts.closed_class_rival_margin, opts.closed_class_margin)
            } else {
                (opts.unlettered_rival_margin, opts.unlettered_margin)
            };
            if r.restores_only {
                (r.cost - r.form_penalty) - (best.cost - best.form_penalty) >= rival_margin
            } else if adds_lost_letters(best, r) {
                r.plain_cost - best.plain_cost >= margin.min(opts.lost_letter_margin)
            } else {
                r.plain_cost - best.plain_cost >= margin
            }
        })
    };
    opts.unlettered
        && best.restores_only
        // Letters are counted only for a best above the usual bound.
        && (best.plain_cost <= opts.unlettered_max_cost
            || best.plain_cost <= opts.unlettered_max_cost_of(word))
        && clear()
        && letters(word)
            >= if closed {
                opts.closed_class_min_letters
            } else if frequent && ranked[1..].iter().all(rare) {
                opts.frequent_min_letters
            } else {
                opts.unlettered_min_letters
            }
}

/// Whether `rival` is `best` with letters other than і put back that OCR
/// lost (`тұрақтың` beside `тұрақты`): every edit of `best`, and more that
/// only insert such letters.
fn adds_lost_letters(best: &Ranked, rival: &Ranked) -> bool {
    let same = |a: &crate::lexicon::search::SearchEdit, b: &crate::lexicon::search::SearchEdit| {
        a.at == b.at && a.ocr == b.ocr && a.clean == b.clean
    };
    let (ours, theirs) = (&best.hit.edits, &rival.hit.edits);
    theirs.len() > ours.len()
        && ours.iter().all(|e| theirs.iter().any(|t| same(e, t)))
        && theirs
            .iter()
            .filter(|t| !ours.iter().any(|e| same(e, t)))
            .all(|t| t.ocr.is_empty() && !t.clean.contains('і'))
}

/// Whether the best of a word's candidates (their [`Score`]s and edits, in
/// ranked order) is safe once every confusion that `recurs` in the document
/// costs at most [`RankOptions::recurring_cost`]: by the bounds of
/// [`is_safe`] (cost, margin, letters), when every edit of the best is such
/// a confusion. An OCR engine repeats its misreadings: a confusion the
/// training pages hardly show (`ү`→`ұ` in `қүрылысы`) is the usual damage of
/// a book whose other words show it too.
pub fn is_safe_by_recurrence(
    word: &str,
    scores: &[Score],
    edits: &[Vec<crate::lexicon::search::SearchEdit>],
    recurs: impl Fn(&crate::lexicon::search::SearchEdit) -> bool,
    opts: &RankOptions,
) -> bool {
    let (Some(best), Some(best_edits)) = (scores.first(), edits.first()) else {
        return false;
    };
    if !best.eligible
        || best_edits.is_empty()
        || !best_edits.iter().all(&recurs)
        || letters(word) < opts.safe_min_letters
    {
        return false;
    }
    let cost = |score: &Score, edits: &[crate::lexicon::search::SearchEdit]| {
        let discount: f32 = edits
            .iter()
            .filter(|e| recurs(e))
            .map(|e| (e.cost - opts.recurring_cost).max(0.0))
            .sum();
        score.plain_cost - discount
    };
    let best_cost = cost(best, best_edits);
    best_cost <= opts.safe_max_cost
        && scores
            .iter()
            .zip(edits)
            .skip(1)
            .all(|(s, e)| cost(s, e) - best_cost >= opts.safe_margin)
}
