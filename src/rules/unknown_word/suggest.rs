//! Suggestions for an unknown word: how doubtful it is, the ranking options
//! that follow, the cache, and the document's evidence and neighbours.

use crate::diagnostic::Suggestion;
use crate::errormodel::ConfusionTable;
use crate::errormodel::cache::{self, Entry, Kind};
use crate::errormodel::rank::{self, RankOptions};
use crate::lexicon::Lexicon;
use crate::rules::{AttestKey, CheckContext};

/// Below this OCR confidence a word is doubtful: its best correction may
/// be applied with a smaller lead over the runner-up.
pub const DOUBTFUL: f32 = 0.6;

/// Above this OCR confidence an unknown word is taken for a rare word
/// read right, unless a cheap OCR confusion explains it.
pub const CONFIDENT: f32 = 0.95;

/// The safe-fix margin for a doubtful word (the default is
/// [`RankOptions::safe_margin`]). With this margin and
/// [`DOUBTFUL_MIN_LETTERS`], safe fixes on Tesseract hOCR of the
/// development pages rose from 14 to 20, all of them right (measured with
/// `examples/markup_confidence.rs`); a margin of 2 or a cost bound of 3
/// made wrong fixes.
pub const DOUBTFUL_MARGIN: f32 = 4.0;

/// Letters a doubtful word needs for a safe fix (the default is
/// [`RankOptions::safe_min_letters`]).
pub const DOUBTFUL_MIN_LETTERS: usize = 5;

/// A candidate that needs OCR confusions alone and costs at most this is a
/// cheap confusion away.
const CHEAP_COST: f32 = 2.0;

/// What `read` takes from the ranked corrections for an unknown word (or a
/// suffix chain after an abbreviation), from the cache or ranked on a miss
/// (a doubtful word gets the smaller safe margin), without copying them.
pub(super) fn read_suggested<R>(
    ctx: &CheckContext<'_>,
    word: &str,
    suffix_chain: bool,
    doubt: Doubt,
    read: impl FnOnce(&Entry) -> R,
) -> R {
    let lex = ctx.lexicon;
    let tables = Tables {
        general: ctx.confusions,
        unlettered: ctx.unlettered_confusions.filter(|_| doubt.unlettered),
    };
    cache::read_entry(
        lex,
        tables.unlettered.unwrap_or(tables.general),
        kind(suffix_chain, doubt),
        word,
        || rank_word(lex, tables, word, suffix_chain, doubt),
        read,
    )
}

/// The confusion tables a word is ranked with.
#[derive(Clone, Copy)]
struct Tables<'a> {
    /// The table in use.
    general: &'a ConfusionTable,
    /// The table that ranks a word of a document read without the Kazakh
    /// letters, `general` vouching for its safety; `None` for other words.
    unlettered: Option<&'a ConfusionTable>,
}

/// What the document says about how far a word's OCR can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Doubt {
    /// The OCR engine was unsure of the word.
    doubtful: bool,
    /// The word shows the damage of an OCR engine without the Kazakh
    /// letters: it has none, and the document was read so, or the word
    /// itself says so ([`rank::unlettered_by_itself`]).
    unlettered: bool,
}

impl Doubt {
    /// How far the word at `span` can be trusted.
    pub(super) fn at(ctx: &CheckContext<'_>, span: &std::ops::Range<usize>) -> Doubt {
        let word = &ctx.text[span.clone()];
        Doubt {
            doubtful: ctx.confidence_at(span).is_some_and(|c| c < DOUBTFUL),
            unlettered: rank::russian_damage(word)
                && (ctx.file.letters(ctx.text).lacks_kazakh_letters()
                    || rank::unlettered_by_itself(word)),
        }
    }
}

/// The cache kind of a word, a suffix chain after an abbreviation or not.
fn kind(suffix_chain: bool, doubt: Doubt) -> Kind {
    Kind::Word {
        suffix_chain,
        doubtful: doubt.doubtful,
        unlettered: doubt.unlettered,
    }
}

/// Whether the word at `span` is glued to a neighbour by a stray mark
/// (`тарж#малаган`): OCR damaged that stretch beyond the word, so a
/// correction of the word alone is not safe.
pub(super) fn glued_by_noise(text: &str, span: &std::ops::Range<usize>) -> bool {
    let stray = |c: char| {
        matches!(
            c,
            '#' | '*'
                | '@'
                | '$'
                | '%'
                | '^'
                | '~'
                | '='
                | '+'
                | '<'
                | '>'
                | '\\'
                | '_'
                | '|'
                | '&'
        )
    };
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_some_and(stray) || after.is_some_and(stray)
}

/// Whether the word at `span` stands apart: whitespace or plain punctuation
/// on both sides. In a document read without the Kazakh letters a mark
/// glued to a word is often a letter (`кызмет!` for қызметі, `эйел]` for
/// әйелі) and a hyphen joins a part that may be damaged too, so a fix of the
/// word alone would leave the token wrong.
pub(in crate::rules) fn stands_apart(text: &str, span: &std::ops::Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '«' | '"' | '“' | '„'))
        && after.is_none_or(|c| {
            c.is_whitespace() || matches!(c, '.' | ',' | ';' | '?' | ')' | '»' | '"' | '”' | '…')
        })
}

/// Makes every suggestion one for review.
pub(super) fn for_review(mut suggestions: Vec<Suggestion>) -> Vec<Suggestion> {
    for s in &mut suggestions {
        s.applicability = crate::diagnostic::Applicability::Review;
    }
    suggestions
}

/// The ranking options for a word of a document read without the Kazakh
/// letters, as `unknown-word` ranks one.
pub(in crate::rules) fn unlettered_rank_options() -> RankOptions {
    rank_options(Doubt {
        doubtful: false,
        unlettered: true,
    })
}

/// The ranking options for a word as far as it can be trusted.
pub(super) fn rank_options(doubt: Doubt) -> RankOptions {
    let mut opts = RankOptions::default();
    if doubt.doubtful {
        opts.safe_margin = DOUBTFUL_MARGIN;
        opts.safe_min_letters = DOUBTFUL_MIN_LETTERS;
    }
    opts.unlettered = doubt.unlettered;
    opts.lost_syllables = doubt.unlettered;
    // Such a word's damage is the confusions the learned table holds; a
    // generic edit only spends the search on readings that are seldom
    // right. Without them, on the development pairs, top-1 rose from 83.5
    // to 83.7 % and top-5 from 90.0 to 90.4 %, safe fixes did not change,
    // and the suggestion benchmark took 30 % fewer instructions.
    if doubt.unlettered {
        opts.search.max_pops = UNLETTERED_MAX_POPS;
        opts.search.max_generic = 0;
    }
    opts
}

/// The search budget for a word of a document read without the Kazakh
/// letters (the default is 2,000): such a word often lost several letters
/// (`кергендктен` for көргендіктен), and its right reading lies deeper.
/// Measured on the development pairs: top-5 89.0 → 89.5 % for 7 % more
/// work on the suggestion benchmark; 4,000 gained 0.1 more for 4 % more.
const UNLETTERED_MAX_POPS: usize = 3000;

/// The suggestions for `word` (a suffix chain after an abbreviation or
/// not, doubted by the OCR engine or not), re-ranked by what the document
/// holds (see [`rank::with_evidence`]), and whether a cheap confusion
/// explains it. Worked out once per file and word: a damaged word recurs on
/// every page.
pub(super) fn suggest_in_document(
    ctx: &CheckContext<'_>,
    word: &str,
    suffix_chain: bool,
    doubt: Doubt,
) -> (Vec<Suggestion>, bool) {
    ctx.file.weighed((suffix_chain, doubt.doubtful), word, || {
        read_suggested(ctx, word, suffix_chain, doubt, |entry| {
            if entry.scores.is_empty() {
                return (entry.suggestions.clone(), entry.cheap);
            }
            let words = ctx.file.words(ctx.text);
            let seen = |i: usize, candidate: &str| match entry.evidence.get(i) {
                Some(key) => words.holds(key),
                None => words.attests(word, candidate),
            };
            let weighed = rank::with_evidence(
                word,
                &entry.suggestions,
                &entry.scores,
                seen,
                &rank_options(doubt),
            );
            (
                weighed.unwrap_or_else(|| entry.suggestions.clone()),
                entry.cheap,
            )
        })
    })
}

/// What [`suggest_at`] finds for a word.
pub(super) struct Suggested {
    /// The suggestions, unless they wait to be weighed by evidence.
    pub(super) suggestions: Vec<Suggestion>,
    /// Whether a cheap confusion explains the word.
    pub(super) cheap: bool,
    /// The best correction before evidence, when asked for.
    pub(super) best: Option<String>,
}

/// The suggestions for the word at `span` as the lexicon and the error
/// model rank them; when evidence may re-rank them, they are weighed once
/// the whole document is read (see [`UnknownWord::finish`](Rule::finish)).
/// The best correction is copied out only `with_best`.
pub(super) fn suggest_at(
    ctx: &CheckContext<'_>,
    span: &std::ops::Range<usize>,
    suffix_chain: bool,
    doubt: Doubt,
    with_best: bool,
) -> Suggested {
    let word = &ctx.text[span.clone()];
    // Suggestions to be weighed are left for then: copying them now
    // would be work thrown away.
    let (later, found) = read_suggested(ctx, word, suffix_chain, doubt, |e| {
        let later = !e.scores.is_empty();
        let found = Suggested {
            suggestions: if later {
                Vec::new()
            } else {
                e.suggestions.clone()
            },
            cheap: e.cheap,
            best: e
                .suggestions
                .first()
                .filter(|_| with_best)
                .map(|s| s.replacement.clone()),
        };
        (later, found)
    });
    if later {
        ctx.file.weigh_later(span, suffix_chain);
    }
    found
}

fn rank_word(
    lex: &Lexicon,
    tables: Tables<'_>,
    word: &str,
    suffix_chain: bool,
    doubt: Doubt,
) -> Entry {
    let opts = rank_options(doubt);
    let rank = |table, opts: &RankOptions| {
        if suffix_chain {
            rank::rank_suffix_chain(lex, table, word, opts)
        } else {
            rank::rank(lex, table, word, opts)
        }
    };
    let ranked = rank(tables.unlettered.unwrap_or(tables.general), &opts);
    let (suggestions, scores) = match tables.unlettered {
        // The general ranking is worked out only when the best could be
        // safe (rank::could_be_safe: eligible, and within some rule's cost
        // bound; the learned table prices such pages' damage lower than the
        // general one). This halved the vouching work on the development
        // pairs. It only vouches, so it need not look beyond the safety
        // horizon.
        Some(_) if rank::could_be_safe(word, &ranked, &opts) => {
            let mut vouching = opts.clone();
            vouching.search.max_cost = opts.safety_horizon(word);
            let general = rank(tables.general, &vouching);
            rank::vouched_by(word, &ranked, &general, &opts)
        }
        Some(_) => rank::vouched_by(word, &ranked, &[], &opts),
        None => (
            rank::to_suggestions(word, &ranked, &opts),
            rank::scores(&ranked),
        ),
    };
    Entry {
        evidence: suggestions
            .iter()
            .map(|s| AttestKey::new(word, &s.replacement))
            .collect(),
        suggestions,
        scores,
        edits: ranked.iter().map(|r| r.hit.edits.clone()).collect(),
        cheap: ranked
            .iter()
            .any(|r| r.confusions_only && r.plain_cost <= CHEAP_COST),
    }
}

/// Corrections for the word or suffix chain after a number and a hyphen.
pub(super) fn suggest_after_number(
    lex: &Lexicon,
    table: &ConfusionTable,
    part: &str,
) -> Vec<Suggestion> {
    cache::suggestions(lex, table, Kind::AfterNumber, part, || {
        rank_after_number(lex, table, part)
    })
}

fn rank_after_number(lex: &Lexicon, table: &ConfusionTable, part: &str) -> Vec<Suggestion> {
    let opts = RankOptions::default();
    let mut ranked = rank::rank_suffix_chain(lex, table, part, &opts);
    ranked.extend(rank::rank(lex, table, part, &opts));
    ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    ranked.dedup_by(|a, b| a.word == b.word);
    ranked.truncate(rank::TOP_K);
    // Two searches were merged: their confidences are not comparable, and
    // the margin rule would judge one list only, so nothing here is safe.
    ranked
        .iter()
        .map(|r| Suggestion::review(r.word.clone(), r.confidence))
        .collect()
}
