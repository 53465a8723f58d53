//! Ranking correction candidates for a damaged word, and deciding which
//! correction is safe to apply unattended.
//!
//! [`rank`] runs the confusion-guided lexicon search
//! ([`Lexicon::search`]) on the word, scores each candidate by its total
//! cost (confusion costs, kept letters, the candidate prior for its stem's
//! source and morpheme chain, and a string-similarity penalty for generic
//! edits), restores the word's letter case, and returns the best five with a
//! confidence (a softmax over negative costs that also leaves room for "none
//! of these"). [`suggestions`] turns them into
//! [`Suggestion`](crate::diagnostic::Suggestion)s: the best one is **safe**
//! only when it needs known OCR confusions alone, comes from a curated or own
//! stem (or restores Kazakh letters in a word of a page read without them)
//! and beats the runner-up by a clear cost margin; everything else is for
//! review.
//!
//! The rules for safe fixes are in `safety.rs`, every bound they and the
//! scoring use in `options.rs`, re-ranking by what the document shows in
//! `evidence.rs`, and how a page without the Kazakh letters reads them in
//! `readings.rs`.
//!
//! ```
//! use emle::errormodel::rank::{RankOptions, suggestions};
//! use emle::errormodel::ConfusionTable;
//! use emle::lexicon::Lexicon;
//! let s = suggestions(Lexicon::embedded(), ConfusionTable::embedded(), "Кажет", &RankOptions::default());
//! assert_eq!(s[0].replacement, "Қажет");
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::case::restore_case;
use crate::errormodel::ConfusionTable;
use crate::errormodel::frequency::WordFrequency;
use crate::errormodel::lost_ending::Endings;
use crate::errormodel::ngram::NgramModel;
use crate::lexicon::Lexicon;
use crate::lexicon::search::{EditKind, Roots, SearchHit, SearchOptions};

mod evidence;
mod options;
mod readings;
mod safety;
#[cfg(test)]
mod tests;

pub use evidence::*;
pub use options::*;
pub use readings::*;
pub use safety::*;

/// How many suggestions a diagnostic gets at most.
pub const TOP_K: usize = 5;

/// One ranked correction candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The candidate in the original word's letter case.
    pub word: String,
    /// Its total cost (lower is better).
    pub cost: f32,
    /// The same without the bonus for Kazakh-letter confusions in a damaged
    /// word: what the safe-fix rule judges.
    pub plain_cost: f32,
    /// How likely it is the right correction, 0 to 1.
    pub confidence: f32,
    /// Whether only known OCR confusions lead to it (no generic edits).
    pub confusions_only: bool,
    /// Whether it only puts back Kazakh letters (see `restored_reading`).
    pub restores_only: bool,
    /// Whether it is a poor fix to apply unattended
    /// ([`Lexicon::is_doubtful_fix`]); only worked out for a best candidate
    /// that would be safe otherwise.
    pub doubtful_form: bool,
    /// What [`RankOptions::rare_form_penalty`] added to its cost (0 for
    /// most candidates): left out where the safe-fix rules weigh rivals.
    pub form_penalty: f32,
    /// Where its stem comes from: `curated`, `own` or `weak`.
    pub source: &'static str,
    /// Whether its source lets it be applied unattended: a curated or own
    /// stem, or, in a word of a document read without the Kazakh letters,
    /// a word of the web word list that it only puts Kazakh letters back
    /// into (`Байтурсынулы` → `Байтұрсынұлы`, `Жапониянын` →
    /// `Жапонияның`): the list holds the damage of engines that know those
    /// letters (Кенес, қүрылыс), not of one that writes none of them.
    pub trusted_source: bool,
    /// Whether it is only a hint for review (a word ending OCR lost put
    /// back, see [`Endings::Any`]): never applied unattended, not even on
    /// evidence.
    pub hint: bool,
    /// The search hit behind it.
    pub hit: SearchHit,
}

/// How many OCR letters a hit drops.
fn dropped_letters(hit: &SearchHit) -> usize {
    hit.edits
        .iter()
        .filter(|e| e.clean.is_empty() && e.ocr.chars().any(char::is_alphabetic))
        .count()
}

impl Ranked {
    /// Whether it may be applied unattended at all: reached by OCR
    /// confusions alone, from a trusted source
    /// ([`Ranked::trusted_source`]), and not a hint.
    pub fn eligible(&self) -> bool {
        self.confusions_only && self.trusted_source && !self.hint
    }
}

/// The cost of a hit that drops `drops` OCR letters, and the same without
/// the damaged-word bonus.
fn total_cost(
    ocr: &str,
    hit: &SearchHit,
    drops: usize,
    damaged: bool,
    opts: &RankOptions,
) -> (f32, f32) {
    let mut cost = hit.cost + opts.letter_drop * drops as f32 - harmony_savings(ocr, hit, opts);
    if hit.source == "weak" {
        cost += opts.weak_extra;
    }
    if hit.generic_edits() > 0 {
        let sim = strsim::normalized_levenshtein(ocr, &hit.word) as f32;
        cost += opts.generic_dissimilarity * (1.0 - sim);
    }
    let mut ranked = cost;
    if damaged {
        let n = hit
            .edits
            .iter()
            .filter(|e| restored_reading(e).is_some_and(|r| r.usual))
            .count();
        ranked -= opts.damaged_bonus * n as f32;
    }
    (ranked, cost)
}

/// How much cheaper the swaps of ү and ұ of `hit` are for mending the
/// harmony the OCR word `ocr` breaks (see [`RankOptions::harmony_swap_cost`]).
fn harmony_savings(ocr: &str, hit: &SearchHit, opts: &RankOptions) -> f32 {
    let swap = |e: &&crate::lexicon::search::SearchEdit| {
        matches!((e.ocr.as_str(), e.clean.as_str()), ("ү", "ұ") | ("ұ", "ү"))
    };
    if !hit.edits.iter().any(|e| swap(&e))
        || !crate::script::breaks_harmony(ocr)
        || crate::script::breaks_harmony(&hit.word)
    {
        return 0.0;
    }
    hit.edits
        .iter()
        .filter(swap)
        .map(|e| (e.cost - opts.harmony_swap_cost).max(0.0))
        .sum()
}

/// The best corrections of an OCR word (one word or one hyphen-free part,
/// any case and normal form), best first, at most [`TOP_K`]; the word itself
/// is never among them.
pub fn rank(lex: &Lexicon, table: &ConfusionTable, word: &str, opts: &RankOptions) -> Vec<Ranked> {
    rank_in(lex, table, word, opts, Roots::Words)
}

/// Like [`rank`] for a bare suffix chain written after a number or an
/// abbreviation and a hyphen (`ОК-ніқ` → `нің`).
pub fn rank_suffix_chain(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Ranked> {
    rank_in(lex, table, word, opts, Roots::SuffixChains)
}

/// The candidates of `hits` for the OCR word `word` (`lower`: lowercase,
/// NFC) with their costs, cheapest first, at most [`TOP_K`] (confidences
/// are left to the caller).
fn score(
    lex: &Lexicon,
    word: &str,
    lower: &str,
    hits: Vec<SearchHit>,
    opts: &RankOptions,
) -> Vec<Ranked> {
    let damaged = russian_damage(lower);
    let frequency = WordFrequency::embedded();
    let mut ranked: Vec<Ranked> = hits
        .into_iter()
        .filter(|h| h.word != lower)
        .map(|h| {
            let drops = dropped_letters(&h);
            let (mut cost, plain_cost) = total_cost(lower, &h, drops, damaged, opts);
            // Frequency does not favour candidates that drop OCR letters:
            // frequent words are short, and would explain damage away
            // (`жылеы` is жылғы, not the commoner жылы).
            if drops == 0 && opts.frequency_weight > 0.0 {
                cost -= opts.frequency_weight * frequency.log_class(&h.word);
            }
            let restores_only = h.edits.iter().all(|e| restored_reading(e).is_some());
            Ranked {
                // In the word's case once the candidates are chosen.
                word: String::new(),
                cost,
                plain_cost,
                confidence: 0.0,
                confusions_only: h.edits.iter().all(|e| e.kind == EditKind::Confusion),
                restores_only,
                doubtful_form: false,
                form_penalty: 0.0,
                trusted_source: h.source != "weak" || (opts.unlettered && restores_only),
                source: h.source,
                hint: false,
                hit: h,
            }
        })
        .collect();
    if opts.ngram_weight > 0.0 && ranked.len() > 1 {
        let model = NgramModel::embedded();
        let costs: Vec<f32> = ranked.iter().map(|r| model.cost(&r.hit.word)).collect();
        let least = costs.iter().copied().fold(f32::INFINITY, f32::min);
        for (r, c) in ranked.iter_mut().zip(costs) {
            r.cost += opts.ngram_weight * (c - least);
        }
    }
    if opts.function_word_bonus > 0.0 {
        let words = function_words();
        for r in ranked
            .iter_mut()
            .filter(|r| words.contains(r.hit.word.as_str()))
        {
            r.cost -= opts.function_word_bonus;
        }
    }
    ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    if opts.rare_form_penalty > 0.0 {
        penalise_rare_forms(lex, &mut ranked, opts.rare_form_penalty);
    }
    ranked.truncate(TOP_K);
    for r in &mut ranked {
        r.word = restore_case(word, &r.hit.word);
    }
    ranked
}

/// Adds `penalty` to the cost of each candidate of `ranked` (sorted,
/// cheapest first) that is a rare form ([`Lexicon::is_rare_form`]), and
/// sorts again. Analyses are costly, so only candidates the penalty could
/// move are asked: those with a ң (every rare morpheme has one) and a
/// rival at most `penalty` behind them.
fn penalise_rare_forms(lex: &Lexicon, ranked: &mut [Ranked], penalty: f32) {
    let mut moved = false;
    for i in 0..ranked.len() {
        let cost = ranked[i].cost;
        let movable = ranked[i + 1..].iter().any(|r| r.cost <= cost + penalty);
        if movable && ranked[i].hit.word.contains('ң') && lex.is_rare_form(&ranked[i].hit.word) {
            ranked[i].cost += penalty;
            ranked[i].form_penalty = penalty;
            moved = true;
        }
    }
    if moved {
        ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    }
}

/// How many of a word's best candidates are extended by lost syllables.
const HINT_BASES: usize = 3;

/// A candidate is extended by lost syllables only when the fifth costs
/// more than it by this much. The rows cost 5; measured on the development
/// pairs, 6 lost no right hint that 3 found, for a tenth less work.
const HINT_REACH: f32 = 6.0;

fn rank_in(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
    roots: Roots,
) -> Vec<Ranked> {
    let lower = crate::lexicon::fold(word);
    let chars: Vec<char> = lower.chars().collect();
    let mut search = opts.search.clone();
    search.roots = roots;
    search.max_results = search.max_results.max(TOP_K + 1);
    let deeper = roots == Roots::Words && opts.unlettered;
    let mut hits = if deeper {
        super::deeper::search_with_deeper(lex, table, &chars, &search, opts.safe_cost_bound())
    } else {
        lex.search(&chars, table, &search)
    };
    if roots == Roots::Words {
        if opts.unlettered {
            add_inner_capital_hits(lex, table, word, &mut hits, &search);
        }
        super::lost_ending::add_lost_endings(lex, &chars, &mut hits, TOP_K, Endings::AfterLetters);
        super::lost_space::add_lost_spaces(
            lex,
            table,
            &chars,
            &mut hits,
            TOP_K,
            opts.safe_cost_bound(),
            opts.unlettered.then_some(&search),
        );
        super::unknown_stem::add_unknown_stems(
            lex,
            table,
            &chars,
            &mut hits,
            &search,
            opts.unlettered,
        );
    }
    let mut ranked = score(lex, word, &lower, hits, opts);
    // Words whose last syllable OCR lost whole are offered with it put back,
    // behind their own candidates, only where no safe fix is at stake: as
    // rivals such hints held back right safe fixes four times as often as
    // wrong ones.
    if roots == Roots::Words && opts.lost_syllables && !safe_but_for_form(word, &ranked, opts) {
        let mut hits: Vec<SearchHit> = ranked.iter().map(|r| r.hit.clone()).collect();
        // Only the first few candidates, and only those whose hint could
        // still rank among the five: measured on the development pairs,
        // these bounds kept every right hint but one and cut the work of
        // the hints by half.
        let worst = match ranked.get(TOP_K - 1) {
            Some(r) => r.cost,
            None => f32::INFINITY,
        };
        let bases = ranked
            .iter()
            .take(HINT_BASES)
            .take_while(|r| r.cost + HINT_REACH < worst)
            .count();
        if bases > 0
            && super::lost_ending::add_lost_endings(lex, &chars, &mut hits, bases, Endings::Any)
        {
            let own: Vec<String> = ranked.iter().map(|r| r.hit.word.clone()).collect();
            ranked = score(lex, word, &lower, hits, opts);
            for r in ranked.iter_mut().filter(|r| !own.contains(&r.hit.word)) {
                r.hint = true;
            }
        }
    }
    // Analyses are costly: asked only when nothing else rules the fix out.
    if safe_but_for_form(word, &ranked, opts) {
        ranked[0].doubtful_form = lex.is_doubtful_fix(&ranked[0].hit.word);
    }
    let best = ranked.first().map_or(0.0, |r| r.cost);
    let null = (-(opts.null_cost - best).max(0.0)).exp();
    let z: f32 = ranked.iter().map(|r| (-(r.cost - best)).exp()).sum::<f32>() + null;
    for r in &mut ranked {
        r.confidence = (-(r.cost - best)).exp() / z;
    }
    ranked
}

/// Adds to `hits` the candidates of `word` searched with its capitals
/// after a lowercase letter kept (`кеттЕ`, `туйндЕ`): on a page read
/// without the Kazakh letters such a capital is most often і or ғ, and the
/// table learned those rows (`Е`→`і`), which the lowercase search never
/// asks. Nothing when the word has no such capital.
fn add_inner_capital_hits(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    hits: &mut Vec<SearchHit>,
    search: &SearchOptions,
) {
    let mut kept = false;
    let mut after_lower = false;
    let mut chars = Vec::new();
    for c in word.nfc() {
        if c.is_uppercase() && after_lower {
            kept = true;
            chars.push(c);
        } else {
            chars.extend(c.to_lowercase());
        }
        after_lower = c.is_lowercase();
    }
    if !kept {
        return;
    }
    for hit in lex.search(&chars, table, search) {
        match hits.iter_mut().find(|h| h.word == hit.word) {
            Some(same) if hit.cost < same.cost => *same = hit,
            Some(_) => {}
            None => hits.push(hit),
        }
    }
}
