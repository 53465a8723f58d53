//! `unknown-word`: a Cyrillic word that the Kazakh lexicon does not accept.

use std::collections::{HashMap, HashSet};

use super::{AttestKey, CheckContext, Rule, ocr_confusion, roman_numeral, word_pairs};
use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::errormodel::ConfusionTable;
use crate::errormodel::cache::{self, Entry, Kind};
use crate::errormodel::rank::{self, RankOptions};
use crate::lexicon::search::SearchEdit;
use crate::lexicon::{AcceptedBy, FastMap, Lexicon, Verdict};
use crate::script::{has_cyrillic, is_noisy_cyrillic_word};
use crate::tokenize::{Letters, Token, TokenKind};

const CODE: &str = "unknown-word";

/// Flags Cyrillic words that the lexicon (plus the user's project words)
/// does not accept. Words with Latin letters are left to `mixed-script`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnknownWord;

/// The message for an unknown word, naming the unknown part when the word
/// starts with a known stem. Joined from its pieces in one allocation: it
/// is made for every finding, and formatting cost more than the rest of it.
pub fn message(word: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Unknown {
            part,
            known_stem,
            unknown_suffix,
        } => {
            let (shown, in_word, whole) = match part {
                Some(part) => (part.as_str(), "` in `", word),
                None => (word, "", ""),
            };
            let [stem_is, stem, suffix_is, suffix, not] = match (known_stem, unknown_suffix) {
                (Some(stem), Some(suffix)) => [
                    ": stem `",
                    stem.as_str(),
                    "` is known but suffix `",
                    suffix.as_str(),
                    "` is not",
                ],
                _ => [""; 5],
            };
            [
                "unknown word `",
                shown,
                in_word,
                whole,
                "`",
                stem_is,
                stem,
                suffix_is,
                suffix,
                not,
            ]
            .concat()
        }
        _ => ["unknown word `", word, "`"].concat(),
    }
}

/// The message for a word with OCR noise inside (`кел!ншек`, `б1л1м`).
fn noise_message(word: &str) -> String {
    let mut noise: Vec<char> = word
        .chars()
        .filter(|&c| crate::tokenize::is_letter_noise(c) || c.is_ascii_digit())
        .collect();
    noise.sort_unstable();
    noise.dedup();
    let listed: Vec<String> = noise.iter().map(|c| format!("`{c}`")).collect();
    format!(
        "unknown word `{word}`: {} inside a word is OCR noise for a letter",
        listed.join(", ")
    )
}

/// Whether `head` (the token up to the flagged part, ending in a hyphen or
/// apostrophe) is an abbreviation, so the part is a bare suffix chain (ОК-ніқ).
fn abbreviation_before(lex: &Lexicon, head: &str) -> bool {
    let head = head.trim_end_matches(['-', '\u{2010}', '\u{2011}', '\'', '\u{2019}', '\u{02bc}']);
    !head.is_empty()
        && matches!(
            lex.check(head),
            Verdict::Accepted {
                by: AcceptedBy::Abbreviation | AcceptedBy::RomanNumeral
            }
        )
}

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
fn read_suggested<R>(
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
struct Doubt {
    /// The OCR engine was unsure of the word.
    doubtful: bool,
    /// The word shows the damage of an OCR engine without the Kazakh
    /// letters: it has none, and the document was read so, or the word
    /// itself says so ([`rank::unlettered_by_itself`]).
    unlettered: bool,
}

impl Doubt {
    /// How far the word at `span` can be trusted.
    fn at(ctx: &CheckContext<'_>, span: &std::ops::Range<usize>) -> Doubt {
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
fn glued_by_noise(text: &str, span: &std::ops::Range<usize>) -> bool {
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
pub(super) fn stands_apart(text: &str, span: &std::ops::Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '«' | '"' | '“' | '„'))
        && after.is_none_or(|c| {
            c.is_whitespace() || matches!(c, '.' | ',' | ';' | '?' | ')' | '»' | '"' | '”' | '…')
        })
}

/// Makes every suggestion one for review.
fn for_review(mut suggestions: Vec<Suggestion>) -> Vec<Suggestion> {
    for s in &mut suggestions {
        s.applicability = crate::diagnostic::Applicability::Review;
    }
    suggestions
}

/// The ranking options for a word of a document read without the Kazakh
/// letters, as `unknown-word` ranks one.
pub(super) fn unlettered_rank_options() -> RankOptions {
    rank_options(Doubt {
        doubtful: false,
        unlettered: true,
    })
}

/// The ranking options for a word as far as it can be trusted.
fn rank_options(doubt: Doubt) -> RankOptions {
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
fn suggest_in_document(
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
struct Suggested {
    /// The suggestions, unless they wait to be weighed by evidence.
    suggestions: Vec<Suggestion>,
    /// Whether a cheap confusion explains the word.
    cheap: bool,
    /// The best correction before evidence, when asked for.
    best: Option<String>,
}

/// The suggestions for the word at `span` as the lexicon and the error
/// model rank them; when evidence may re-rank them, they are weighed once
/// the whole document is read (see [`UnknownWord::finish`](Rule::finish)).
/// The best correction is copied out only `with_best`.
fn suggest_at(
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

/// A confusion counts as recurring in a document when the best
/// corrections of this many different unknown words need it.
pub const RECURRING_WORDS: usize = 3;

/// The confusions (OCR letters → clean letters) that the best corrections
/// of at least [`RECURRING_WORDS`] different unknown words of a document
/// need: an OCR engine repeats its misreadings through a book.
struct RecurringConfusions(Vec<(String, String)>);

impl RecurringConfusions {
    /// The confusions of the findings of a document read with the Kazakh
    /// letters (`None` otherwise: without them the unlettered rule decides,
    /// and every restoration recurs).
    fn of(ctx: &CheckContext<'_>, found: &[Diagnostic]) -> Option<RecurringConfusions> {
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
    fn make_safe(
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

/// Corrections for the word or suffix chain after a number and a hyphen.
fn suggest_after_number(lex: &Lexicon, table: &ConfusionTable, part: &str) -> Vec<Suggestion> {
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

/// Parts of one hyphenated word reported at most: more is not a word.
const MAX_PARTS: usize = 8;

impl UnknownWord {
    /// Reports the unknown parts of word token `t`, which the lexicon does
    /// not accept: the whole word, or each unknown part of a hyphenated one
    /// (`шыкпаста-ак`: both). A part after the first is judged as a second
    /// check would judge it once the parts before it take their best
    /// corrections, so that a suffix chain after a damaged word is not
    /// taken for a word of its own.
    fn unknown_parts(&self, ctx: &CheckContext<'_>, t: &Token, out: &mut Vec<Diagnostic>) {
        let lex = ctx.lexicon;
        let word = t.text(ctx.text);
        // The word as checked (earlier parts corrected), and where the part
        // not yet reported starts in it and in the token.
        // Copied only when a part is corrected (a hyphenated word).
        let mut checked = std::borrow::Cow::Borrowed(word);
        let (mut from_checked, mut from_token) = (0, 0);
        for _ in 0..MAX_PARTS {
            let verdict = lex.check_with(&checked, ctx.user_words);
            let Verdict::Unknown { part, .. } = &verdict else {
                return;
            };
            let found = match part {
                Some(p) => checked[from_checked..].find(p.as_str()).map(|i| {
                    let start = from_checked + i;
                    start..start + p.len()
                }),
                None if from_checked == 0 => Some(0..checked.len()),
                None => None,
            };
            let Some(found) = found else {
                return;
            };
            let in_token = found.start - from_checked + from_token;
            let span = t.start() + in_token..t.start() + in_token + found.len();
            let Some(best) = self.report(ctx, t, span.clone(), &verdict, out) else {
                return;
            };
            checked.to_mut().replace_range(found.clone(), &best);
            from_checked = found.start + best.len();
            from_token = span.end - t.start();
            if from_checked >= checked.len() {
                return;
            }
        }
    }

    /// Reports the unknown part at `span` of word token `t` (as `verdict`
    /// explains it), and returns its best correction, if it has one.
    fn report(
        &self,
        ctx: &CheckContext<'_>,
        t: &Token,
        span: std::ops::Range<usize>,
        verdict: &Verdict,
        out: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let lex = ctx.lexicon;
        let target = &ctx.text[span.clone()];
        // The project's [corrections] already fix it (known-damage).
        if !ctx.corrections.is_empty() && ctx.corrections.contains_key(&target.to_lowercase()) {
            return None;
        }
        let after_abbreviation =
            span.start > t.start() && abbreviation_before(lex, &ctx.text[t.start()..span.start]);
        // The OCR engine's confidence, when known, is evidence.
        let confidence = ctx.confidence_at(&span);
        let doubt = Doubt::at(ctx, &span);
        // Only a hyphenated word has parts after this one, which are
        // judged with this part's best correction.
        let hyphenated = t.has_hyphen(ctx.text);
        let found = suggest_at(ctx, &span, after_abbreviation, doubt, hyphenated);
        if confidence.is_some_and(|c| c > CONFIDENT) && !found.cheap {
            return None;
        }
        let mut d = Diagnostic::new(
            CODE,
            self.default_severity(),
            span,
            message(t.text(ctx.text), verdict),
        );
        d.suggestions = found.suggestions;
        out.push(d);
        found.best
    }

    /// Reports the unknown parts of word token `t` as [`Self::unknown_parts`]
    /// does, judging a word the first time it is met in the file and
    /// repeating that judgement where it recurs (see [`Reported`]).
    fn unknown_word(&self, ctx: &CheckContext<'_>, t: &Token, out: &mut Vec<Diagnostic>) {
        let first = out.len();
        // The OCR engine's confidence differs from one place to the next.
        if ctx.confidences.is_some() {
            self.unknown_parts(ctx, t, out);
        } else {
            let word = t.text(ctx.text);
            let replayed = ctx.file.reported(word, |reported| {
                for part in &reported.0 {
                    let span = t.start() + part.range.start..t.start() + part.range.end;
                    if let Some(suffix_chain) = part.waiting {
                        ctx.file.weigh_later(&span, suffix_chain);
                    }
                    let mut d =
                        Diagnostic::new(CODE, self.default_severity(), span, part.message.clone());
                    d.suggestions = part.suggestions.clone();
                    out.push(d);
                }
            });
            if replayed.is_none() {
                self.unknown_parts(ctx, t, out);
                let parts = out[first..]
                    .iter()
                    .map(|d| ReportedPart {
                        range: d.span.start - t.start()..d.span.end - t.start(),
                        message: d.message.clone(),
                        suggestions: d.suggestions.clone(),
                        waiting: ctx.file.waiting(&d.span),
                    })
                    .collect();
                ctx.file.remember_reported(word, Reported(parts));
            }
        }
        for d in &mut out[first..] {
            if needs_review(ctx, &d.span) {
                d.suggestions = for_review(std::mem::take(&mut d.suggestions));
            }
        }
    }
}

/// Whether the corrections of the word at `span` need review whatever
/// their rank, for what stands next to it: a word glued to a neighbour by
/// a stray mark, or one without Kazakh letters that does not stand apart
/// (see [`glued_without_kazakh_letters`]).
fn needs_review(ctx: &CheckContext<'_>, span: &std::ops::Range<usize>) -> bool {
    glued_by_noise(ctx.text, span) || glued_without_kazakh_letters(ctx.text, span)
}

/// Whether the word at `span` has no Kazakh letter and does not stand
/// apart (see [`stands_apart`]). Such a word is the damage of an engine
/// without the Kazakh letters, whose marks are often letters, on a page it
/// read or on one fixed since (where the Kazakh letters the fix put back
/// make the page look read with them). On the development pairs a second
/// fix of the fixed pages (`emle eval pairs --after-fix`) made 291 fixes,
/// 90.7 % right, and 240, 95.0 % right, once such words were left for
/// review everywhere; the first fix lost none.
fn glued_without_kazakh_letters(text: &str, span: &std::ops::Range<usize>) -> bool {
    !stands_apart(text, span) && rank::russian_damage(&text[span.clone()])
}

/// What unknown-word reported for a word token the first time the file
/// showed it: the diagnostics depend on the token's letters alone (and on
/// the file), unless the OCR engine's confidences differ from one place to
/// another, so a recurring word is judged once per file. A word met on
/// every page of a book is otherwise looked up, explained and ranked again
/// each time.
#[derive(Debug, Clone, Default)]
pub struct Reported(Vec<ReportedPart>);

/// One reported part of a word token (see [`Reported`]).
#[derive(Debug, Clone)]
struct ReportedPart {
    /// Where the part is in the token.
    range: std::ops::Range<usize>,
    message: String,
    /// Its suggestions, before what stands next to it may make them all
    /// for review (see [`needs_review`]).
    suggestions: Vec<Suggestion>,
    /// Whether the suggestions wait to be weighed by the document (and
    /// whether the part is a suffix chain), as [`FileFacts::waiting`] says.
    waiting: Option<bool>,
}

impl Rule for UnknownWord {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a Cyrillic word that the Kazakh lexicon does not accept"
    }

    fn explanation(&self) -> &'static str {
        "\
A word in Cyrillic letters that is not a Kazakh word form the lexicon knows:
no stem of the lexicon followed by a legal chain of suffixes spells it.
Most often it is OCR damage: a Kazakh letter read as a Russian one or a
letter confused with a look-alike.

    Кенестер  ->  Кеңестер   (ң read as н)
    кажет     ->  қажет      (қ read as к)
    сьезі     ->  съезі      (ъ read as ь)
    қүрылысы  ->  құрылысы   (ұ read as ү)

When the word starts with a known stem, the message names the stem and the
part after it that no suffix chain explains. The lexicon accepts every
inflection of its stems (plural, possessive, case, predicative endings,
derivations, verb forms and participles with their nominal endings), all
letter cases and Unicode normal forms, hyphenated compounds part by part,
listed abbreviations with hyphenated suffixes (КОКП-ның), numbers with a
hyphenated suffix (1-інде, 50-жылдардың), Roman numerals and initials.

A word with digits or marks read for letters (б1л1м, кел!ншек, ед1, ек! before
a lowercase word, ешб]р, себеб], @згер!с) is never a correct word: the whole
run is reported and corrected with the OCR error model, which knows that 1, !,
|, ] and { stand for і and @ for ө or б. The marks ] } { \\ @ © < join only
Cyrillic letters, so info@mail and a<b stay apart. In a text read without the
Kazakh letters, runs of such marks (кулк!1с1), / : and ? between letters
(б/рге, б:р) and a last ! before a capital or a full stop (корсетт!.) are
part of the word too: such OCR writes them for і.

The rest of the file is evidence: a correction that the file attests (the
same word, or another form sharing the corrected letters, read right
elsewhere: Кеңестер for Кенестер) ranks higher, and is applied by
`emle fix` when it needs known OCR confusions alone and no cheaper reading
is left that the file does not attest. So are the neighbours: a correction
the ranking is sure of (confidence 0.9 or more) that makes a pair of words
Kazakh text often has with the word before or after it, when no other
suggestion does, is applied too (lexicon/sources/tesseract-kaz-pairs.tsv;
a damaged neighbour counts as its best correction). A pair the file
itself writes elsewhere counts the same way:

    Ол келген сон кетті  ->  соң   (after келген; сөн makes no pair)
    1964 жылеы қазан     ->  жылғы (the file writes 1964 жылғы elsewhere)

A text read by an OCR model without the Kazakh letters (fewer than one
longer word in twenty has one) loses them all: there a correction that only
puts Kazakh letters back (lexicon/unlettered.tsv: н for ң, 1 or ! for і) is
applied when every other reading that does the same ranks far behind,
nothing else comes close and the word stands apart (a mark glued to it may
be a letter too), or when Kazakh text writes it ten times as often as any
other candidate (lexicon/sources/tesseract-kaz-frequent.tsv: жене -> және,
beside the rare жөне and жеңе). Its words are ranked with the confusion
costs learned from such pages (lexicon/confusions-unlettered.tsv: there і
is lost far more often), and a fix is applied only when the general
table's ranking makes it the safe best too. A word with э after its first
letter (Сэрсенбай) is judged so on any page: Kazakh writes э only at the
start of Russian loans. And on any page, a word without Kazakh letters glued
to a mark or hyphen (кайраткер:, жатканда-ак) is for review: what a first
fix leaves of such a text is still that damage, though the letters it put
back make the page look read with them.

    кабылданган  ->  қабылданған
    жене         ->  және
    сез1н        ->  сөзін        (for review: сезін is a word too)

Two words OCR ran together or whose space it read as a letter (денесіғана
-> денесі ғана, жылыгкүзде -> жылы күзде) and a damaged ending after a stem
the lexicon lacks (Орманбаевтын -> Орманбаевтың) are offered when nothing
closer is found, for review only. In such a document a word whose best
reading costs more than any safe fix may is searched again, further, for
its five suggestions (кенл -> көңіл: three letters put back); the parts of
a split may have lost their Kazakh letters (болганжок -> болған жоқ), and
so may a stem the lexicon lacks (Сэрсенбайга -> Сәрсенбайға: э is ә, and к,
г, у take the harmony of the vowels beside them). A capital after lowercase
letters there is mostly і or ғ (белилЕ -> белгілі), and is read so too.
Such a model also drops a last syllable with і (кетіп read as кет, өмірі as
ем!): where no safe fix is at stake, the suggestions end with the best
candidates with that syllable put back (lexicon/lost-endings.tsv), for
review.

An OCR engine repeats its misreadings. In a text read with the Kazakh
letters, a confusion that the best corrections of three or more different
words need (ұ read as ү in қүрылысы, мүндай, жүмыс) counts as cheap there,
so a long enough word that needs only such confusions is fixed too. A swap
of ү and ұ that mends broken vowel harmony is as cheap anywhere: no native
word mixes ү with back vowels. And a frequent word that mends more than
lost Kazakh letters is fixed when no rival is a frequent word at all and
none comes close (осьндай -> осындай, not осыңдай).

Words of Latin letters are left to `mixed-script`. Project words and names
go in `emle.toml` (`[lexicon] words = [\"Ленинград:noun\"]`) or a file given
with `--words`; a word with a class (`noun`, `proper`, `verb`) also accepts
its regular inflections."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let lex = ctx.lexicon;
        let user = ctx.user_words;
        for (i, t) in ctx.notable_words() {
            let word = t.text(ctx.text);
            if roman_numeral::reading(ctx, i).is_some() {
                continue;
            }
            match t.kind {
                TokenKind::Word => {
                    if t.letters() != Letters::OnlyCyrillic && !has_cyrillic(word) {
                        continue;
                    }
                    // Most words are known: ask the cheap question first and
                    // explain (stem, unknown suffix) only the unknown ones.
                    if ctx.accepted_by(i).is_some() {
                        continue;
                    }
                    self.unknown_word(ctx, t, out);
                }
                // Each part of a hyphenated one on its own (`б1р-ак`: бір-ақ),
                // as for a word.
                TokenKind::Alnum if is_noisy_cyrillic_word(word) && t.has_hyphen(ctx.text) => {
                    self.unknown_word(ctx, t, out);
                }
                TokenKind::Alnum if is_noisy_cyrillic_word(word) => {
                    let mut d = Diagnostic::new(
                        CODE,
                        self.default_severity(),
                        t.span(),
                        noise_message(word),
                    );
                    let doubt = Doubt::at(ctx, &t.span());
                    d.suggestions = suggest_at(ctx, &t.span(), false, doubt, false).suggestions;
                    out.push(d);
                }
                TokenKind::Alnum => {
                    // A number joined by a hyphen to a word or suffix chain:
                    // 50-жылдардың, 1-інде. Other letter–digit runs are
                    // left to the rules for damaged digits.
                    let Some(i) = word.find(['-', '\u{2010}', '\u{2011}']) else {
                        continue;
                    };
                    let (num, rest) = word.split_at(i);
                    let dash = rest.chars().next().map_or(0, char::len_utf8);
                    let part = &rest[dash..];
                    if num.is_empty()
                        || !num
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                        || !has_cyrillic(part)
                        || part.chars().any(|c| c.is_ascii_digit())
                    {
                        continue;
                    }
                    if !lex.accepts_after_number(part) && !lex.accepts_with(part, user) {
                        let start = t.start() + i + dash;
                        let mut d = Diagnostic::new(
                            CODE,
                            self.default_severity(),
                            start..start + part.len(),
                            format!("unknown word `{part}` after the number `{num}`"),
                        );
                        d.suggestions = suggest_after_number(lex, ctx.confusions, part);
                        out.push(d);
                    }
                }
                _ => {}
            }
        }
    }

    fn finish(&self, ctx: &CheckContext<'_>, found: &mut [Diagnostic]) {
        let recurring = RecurringConfusions::of(ctx, found);
        // A word's suggestions depend on the word, whether it is a suffix
        // chain and its doubt alone: worked out once per file for a word
        // that recurs.
        let mut weighed: FastMap<(&str, bool, Doubt), Vec<Suggestion>> = FastMap::default();
        for d in found.iter_mut().filter(|d| d.code == CODE) {
            let Some(suffix_chain) = ctx.file.waiting(&d.span) else {
                continue;
            };
            let word = &ctx.text[d.span.clone()];
            let doubt = Doubt::at(ctx, &d.span);
            d.suggestions = match weighed.get(&(word, suffix_chain, doubt)) {
                Some(suggestions) => suggestions.clone(),
                None => {
                    let mut suggestions = suggest_in_document(ctx, word, suffix_chain, doubt).0;
                    if let Some(recurring) = &recurring {
                        recurring.make_safe(ctx, word, suffix_chain, doubt, &mut suggestions);
                    }
                    weighed.insert((word, suffix_chain, doubt), suggestions.clone());
                    suggestions
                }
            };
        }
        // Each place's neighbours differ: weighed at each, once every
        // word has its best correction.
        let mut readings = word_pairs::Readings::default();
        let document = std::cell::OnceCell::new();
        for d in found
            .iter()
            .filter(|d| d.code == CODE || d.code == ocr_confusion::CODE)
        {
            if let Some(best) = d.suggestions.first() {
                readings.insert(&d.span, &best.replacement);
            }
        }
        for d in found.iter_mut().filter(|d| d.code == CODE) {
            let Some(suffix_chain) = ctx.file.waiting(&d.span) else {
                continue;
            };
            let word = &ctx.text[d.span.clone()];
            let doubt = Doubt::at(ctx, &d.span);
            // A word glued to a neighbour by a stray mark needs review; a
            // run with noise inside is one token with its marks already.
            if (glued_by_noise(ctx.text, &d.span) && !is_noisy_cyrillic_word(word))
                || glued_without_kazakh_letters(ctx.text, &d.span)
            {
                d.suggestions = for_review(std::mem::take(&mut d.suggestions));
            } else if pairs_single_out(ctx, &readings, &document, d, suffix_chain, doubt) {
                d.suggestions[0].applicability = Applicability::Safe;
            }
        }
        for d in found.iter_mut().filter(|d| d.code == CODE) {
            capitalize_at_sentence_start(ctx.text, d);
        }
    }
}

/// Whether the best suggestion of `d`, for review, is safe by its
/// neighbours (see [`word_pairs`]): it is sure of itself, may be applied
/// unattended but for its lead, and makes a frequent word pair, or a pair
/// the document writes elsewhere (its pairs worked out into `document` when
/// first needed), that no other suggestion makes.
fn pairs_single_out(
    ctx: &CheckContext<'_>,
    readings: &word_pairs::Readings,
    document: &std::cell::OnceCell<word_pairs::DocumentPairs>,
    d: &Diagnostic,
    suffix_chain: bool,
    doubt: Doubt,
) -> bool {
    let Some(best) = d.suggestions.first() else {
        return false;
    };
    let word = &ctx.text[d.span.clone()];
    if best.applicability == Applicability::Safe
        || best.confidence < word_pairs::MIN_CONFIDENCE
        || rank::letters(word) < word_pairs::MIN_LETTERS
    {
        return false;
    }
    let (before, after) = (
        readings.before(ctx.text, d.span.start),
        readings.after(ctx.text, d.span.end),
    );
    if before.is_none() && after.is_none() {
        return false;
    }
    let eligible = read_suggested(ctx, word, suffix_chain, doubt, |entry| {
        entry
            .suggestions
            .iter()
            .position(|s| s.replacement == best.replacement)
            .and_then(|i| entry.scores.get(i))
            .is_some_and(|s| s.eligible)
    });
    let others = || d.suggestions[1..].iter().map(|s| s.replacement.as_str());
    eligible
        && (word_pairs::singles_out(
            &best.replacement,
            others(),
            before.as_deref(),
            after.as_deref(),
        ) || word_pairs::singles_out_by(
            |a, b| {
                document
                    .get_or_init(|| word_pairs::DocumentPairs::of(ctx.text))
                    .holds(a, b)
            },
            &best.replacement,
            others(),
            before.as_deref(),
            after.as_deref(),
        ))
}

/// Capitalizes the suggestions for a lowercase word whose first letter OCR
/// read as a mark or digit (`@згер!с` for Өзгеріс, `9зен` for Өзен) when
/// the word opens a sentence: the mark says nothing of the letter's case,
/// and its place does.
fn capitalize_at_sentence_start(text: &str, d: &mut Diagnostic) {
    let word = &text[d.span.clone()];
    let Some(rest) =
        word.strip_prefix(|c: char| crate::tokenize::is_opening_noise(c) || c.is_ascii_digit())
    else {
        return;
    };
    if rest.chars().any(char::is_uppercase) || !opens_sentence(text, d.span.start) {
        return;
    }
    for s in &mut d.suggestions {
        let mut chars = s.replacement.chars();
        if let Some(first) = chars.next() {
            s.replacement = first.to_uppercase().chain(chars).collect();
        }
    }
}

/// Whether a word at `start` opens a sentence: only white space and
/// opening quotes or brackets stand between it and the start of the text
/// or a `.`, `!`, `?` or `…`.
fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text[..start]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '«' | '"' | '“' | '„' | '('));
    before.is_empty() || before.ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Linter, Resources};
    use crate::lexicon::UserWords;
    use crate::rules::Selection;
    use crate::source::{Origin, Source};

    fn check_with(text: &str, user: &UserWords) -> Vec<(String, String)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let resources = Resources {
            user_words: user.clone(),
            ..Resources::default()
        };
        let selection = Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        let linter = Linter::build(&selection, std::sync::Arc::new(resources)).unwrap();
        linter
            .check(&source)
            .into_iter()
            .map(|d| (source.text()[d.span].to_string(), d.message))
            .collect()
    }

    fn check(text: &str) -> Vec<(String, String)> {
        check_with(text, &UserWords::new())
    }

    /// The best suggestion for each unknown word of `text`, and whether it
    /// is safe.
    fn best_fixes(text: &str) -> Vec<(String, String, bool)> {
        best_fixes_with(text, Resources::default())
    }

    fn best_fixes_with(text: &str, resources: Resources) -> Vec<(String, String, bool)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let selection = Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        let linter = Linter::build(&selection, std::sync::Arc::new(resources)).unwrap();
        linter
            .check(&source)
            .into_iter()
            .filter_map(|d| {
                let best = d.suggestions.first()?;
                Some((
                    source.text()[d.span].to_string(),
                    best.replacement.clone(),
                    best.applicability == Applicability::Safe,
                ))
            })
            .collect()
    }

    #[test]
    fn a_mark_for_the_first_letter_takes_its_case_from_the_sentence() {
        let fixes = best_fixes("@згер!с болды. Ол «@згер!с» деді. 9зен ағады.");
        let best: Vec<&str> = fixes.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(best, ["Өзгеріс", "өзгеріс", "Өзен"]);
        let (ends, goes_on) = ("Ол келді. «", "Ол келді, ");
        assert!(opens_sentence(ends, ends.len()));
        assert!(!opens_sentence(goes_on, goes_on.len()));
    }

    /// A paragraph as an OCR model without the Kazakh letters reads it.
    const UNLETTERED: &str = "Мектеп окушылары жазгы демалыс кезинде ауылга барып, \
        ата-аналарына комектести. Олар малды багып, шопти жинады жане бакшада жумыс \
        истеди. Кешке барлыгы бирге отырып, кызыкты ангимелер айтты. Мугалим балаларга \
        жана кабылданган зан туралы айтып берди. Кейин олар окулык-кабылданган туралы сойлести. \
        Жаннын тынышы болды.";

    #[test]
    fn a_correction_that_makes_a_frequent_pair_with_a_neighbour_is_safe() {
        // `кол` is қол (hand) or көл (lake), both common; after шартқа
        // (the treaty) only қол makes a pair that Kazakh text often has
        // (signed it). Elsewhere the word stays for review.
        let text = format!("{UNLETTERED} Олар шартка кол койды. Кол, ол кетти.");
        let fixes = best_fixes(&text);
        let mut hand: Vec<_> = fixes
            .iter()
            .filter(|f| f.0.to_lowercase() == "кол")
            .collect();
        hand.sort();
        assert_eq!(hand.len(), 2, "{fixes:?}");
        assert_eq!((hand[0].1.as_str(), hand[0].2), ("Қол", false));
        assert_eq!((hand[1].1.as_str(), hand[1].2), ("қол", true));
    }

    #[test]
    fn a_correction_that_makes_a_pair_the_document_writes_is_safe() {
        // `жылеы` is жылғы, жылы or жылды; the document writes `1964
        // жылғы` elsewhere, and no other candidate after 1964.
        let text = "Хрущев 1964 жылғы қазанның пленумында кетті. \
                    1963 жылы республика өсті. 1964 жылеы қазан пленумы өтті.";
        let fixes = best_fixes(text);
        assert!(
            fixes.contains(&("жылеы".into(), "жылғы".into(), true)),
            "{fixes:?}"
        );
        let alone = best_fixes("1963 жылы республика өсті. 1964 жылеы қазан пленумы өтті.");
        assert!(
            alone.contains(&("жылеы".into(), "жылғы".into(), false)),
            "{alone:?}"
        );
    }

    #[test]
    fn a_word_that_breaks_harmony_is_mended_by_what_the_document_holds() {
        // ү→ұ is rare in the training pages, but `қүрылыста` breaks vowel
        // harmony and the document writes құрылыстарды.
        let text = "Көлікте, қүрылыста, ауыл шаруашылығында мүшелер істеді. \
                    Аса маңызды құрылыстарды қамқорлыққа алу басты бағыт болды.";
        let fixes = best_fixes(text);
        assert!(
            fixes.contains(&("қүрылыста".into(), "құрылыста".into(), true)),
            "{fixes:?}"
        );
    }

    #[test]
    fn restoring_kazakh_letters_alone_is_safe_in_an_unlettered_document() {
        let fixes = best_fixes(UNLETTERED);
        let fix = |w: &str| fixes.iter().find(|f| f.0 == w).cloned();
        // One reading restores Kazakh letters alone and nothing comes close.
        assert_eq!(
            fix("кабылданган"),
            Some(("кабылданган".into(), "қабылданған".into(), true))
        );
        // Another reading restores letters alone (кезіңде) but ranks far behind.
        assert_eq!(
            fix("кезинде"),
            Some(("кезинде".into(), "кезінде".into(), true))
        );
        // Two readings restore letters alone and rank close (Жанның, Жаңның): review.
        assert!(fix("Жаннын").is_some_and(|f| !f.2));
        // ә read as а costs more than the usual bounds allow, but Kazakh
        // text writes және far more often than жәңе.
        assert_eq!(fix("жане"), Some(("жане".into(), "және".into(), true)));
        // A hyphenated part: the other part may be damaged too.
        assert!(fixes.iter().filter(|f| f.0 == "кабылданган").count() == 2);
        assert!(fixes.iter().filter(|f| f.0 == "кабылданган").any(|f| !f.2));
    }

    #[test]
    fn a_word_restoring_to_a_closed_class_word_is_safe_sooner_in_an_unlettered_document() {
        let text =
            format!("{UNLETTERED} Уакыт жок, ягни кол жетпеди жэне. Бул калай? Ол бир гана кана.");
        let fixes = best_fixes(&text);
        let fix = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| (f.1.as_str(), f.2));
        // Function words: the commonest words of any text.
        assert_eq!(fix("жок"), Some(("жоқ", true)));
        assert_eq!(fix("ягни"), Some(("яғни", true)));
        // It outweighs a rarer reading closer than others may come (жөне).
        assert_eq!(fix("жэне"), Some(("және", true)));
        // A short open-class word stays for review (қол or көл).
        assert!(fix("кол").is_some_and(|f| !f.1));
        // Frequency outweighs an open-class rival (ғалай)...
        assert_eq!(fix("калай"), Some(("қалай", true)));
        // ...not another closed-class word: қана or ғана.
        assert_eq!(fix("кана"), Some(("қана", false)));
    }

    #[test]
    fn an_unlettered_document_is_ranked_by_the_table_learned_from_such_pages() {
        let text = format!("{UNLETTERED} Ол сез1н айтты, ек1 бала келди.");
        let best = |resources: Resources| {
            let fixes = best_fixes_with(&text, resources);
            ["сез1н", "ек1", "кабылданган"].map(|w| {
                let f = fixes.iter().find(|f| f.0 == w).cloned().unwrap_or_default();
                (f.1, f.2)
            })
        };
        // The learned table knows that such a model writes е for ө and 1
        // for і; the general one vouches for the safe fixes (екі, a
        // numeral, is safe though short).
        assert_eq!(
            best(Resources::default()),
            [
                ("сөзін".into(), false),
                ("екі".into(), true),
                ("қабылданған".into(), true)
            ]
        );
        // A project's own table ranks alone (екі, far commoner than ек,
        // still wins by frequency).
        let own = Resources {
            confusions: Some(std::sync::Arc::new(ConfusionTable::embedded().clone())),
            ..Resources::default()
        };
        assert_eq!(
            best(own)[..2],
            [("сезін".into(), false), ("екі".into(), true)]
        );
    }

    #[test]
    fn marks_such_ocr_writes_for_letters_are_part_of_the_word_in_an_unlettered_document() {
        let text = format!("{UNLETTERED} Ол б/рге келд! Сосын корсетт!. Кызмет!");
        let fixes = best_fixes(&text);
        let best = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| f.1.as_str());
        assert_eq!(best("б/рге"), Some("бірге"));
        assert_eq!(best("келд!"), Some("келді"));
        assert_eq!(best("корсетт!"), Some("көрсетті"));
        // At the end of a line `!` is most often itself.
        assert_eq!(best("Кызмет"), Some("Қызмет"));
        // Among the Kazakh letters the same marks are punctuation.
        let lettered = best_fixes("Біз б/рге бардық. Ол корсетт!. Сөз келд! Қызмет.");
        assert!(
            lettered.iter().all(|f| !f.0.contains(['/', '!'])),
            "{lettered:?}"
        );
    }

    /// A word judged once per file is still judged by its neighbours at
    /// each place: glued to a stray mark it needs review, apart it does not,
    /// whichever place comes first.
    #[test]
    fn a_recurring_word_is_judged_by_its_neighbours_at_each_place() {
        for text in [
            format!("{UNLETTERED} Зан #кабылданган. Зан кабылданган."),
            format!("{UNLETTERED} Зан кабылданган. Зан #кабылданган."),
        ] {
            let safe: Vec<bool> = best_fixes(&text)
                .into_iter()
                .filter(|f| f.0 == "кабылданган")
                .map(|f| f.2)
                .collect();
            let glued_first = text.ends_with(" Зан кабылданган.");
            let expected = if glued_first {
                [true, false, false, true]
            } else {
                [true, false, true, false]
            };
            assert_eq!(safe, expected, "{text}");
        }
    }

    /// A page read with the Kazakh letters by an engine that reads ұ as ү.
    const RECURRING: &str = "Біздің халқьның тарихьның бір бөлігі осы. Ол жұмысьның \
        бастығы болды. Бұл қаланың тарихы туралы хабар берілді.";

    #[test]
    fn a_confusion_the_page_repeats_makes_its_fixes_safe() {
        let fixes = best_fixes(RECURRING);
        let fix = |w: &str| fixes.iter().find(|f| f.0 == w).cloned();
        // ь→ы costs 2.8, above the usual bound: on its own, for review.
        let alone = best_fixes("Біздің жер тарихьның бір бөлігі осы жерде өтті.");
        assert_eq!(alone, [("тарихьның".into(), "тарихының".into(), false)]);
        // Here three words need it: safe.
        assert_eq!(
            fix("тарихьның"),
            Some(("тарихьның".into(), "тарихының".into(), true))
        );
    }

    /// A page an engine without the Kazakh letters read, after a first fix:
    /// many of its words have them back, so it reads as a page with them.
    const RESTORED: &str = "Мектеп оқушылары жазғы демалыс кезінде ауылға барып, \
        ата-аналарына көмектесті. Олар малды бағып, шөпті жинады және бақшада жұмыс \
        істеді. Кешке барлығы бірге отырып, қызықты әңгімелер айтты.";

    #[test]
    fn a_word_without_kazakh_letters_glued_to_a_mark_is_for_review_on_any_page() {
        // On a page fixed once, what the first fix left is the damage of an
        // engine without the Kazakh letters: the mark may be і (қайраткері),
        // the other part of a hyphenated word damaged too (-ақ). The page's
        // restored words would attest the first part alone.
        let text = format!(
            "{RESTORED} Ол қайраткер еді. Ол қоғам кайраткер: болды. Ол жатқанда келді. \
             Жаз жатканда-ак кетті. Ол қоғам кайраткері болды."
        );
        let fixes = best_fixes(&text);
        let fix = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| (f.1.as_str(), f.2));
        assert_eq!(fix("кайраткер"), Some(("қайраткер", false)));
        assert_eq!(fix("жатканда"), Some(("жатқанда", false)));
        // Standing apart, such a word is fixed as on any page.
        assert_eq!(fix("кайраткері"), Some(("қайраткері", true)));
    }

    #[test]
    fn an_e_inside_a_word_marks_an_engine_without_the_kazakh_letters() {
        // Kazakh writes э only at the start of Russian loans; inside a word
        // it is ә as an engine without ә reads it, even on a page that has
        // the Kazakh letters, where the rules of such pages judge the word.
        let fixes = best_fixes(&format!("{RESTORED} Ол Сэрсенбай екен."));
        assert_eq!(
            fixes.iter().find(|f| f.0 == "Сэрсенбай"),
            Some(&("Сэрсенбай".into(), "Сәрсенбай".into(), true))
        );
    }

    #[test]
    fn the_same_word_among_kazakh_letters_is_for_review() {
        let fixes = best_fixes("Мұғалім балаларға жаңа кабылданган заң туралы айтып берді.");
        assert_eq!(fixes, [("кабылданган".into(), "қабылданған".into(), false)]);
    }

    #[test]
    fn a_word_stands_apart_between_spaces_and_plain_punctuation() {
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            stands_apart(text, &(start..start + word.len()))
        };
        assert!(at("бір «кызмет», екі", "кызмет"));
        assert!(at("кызмет.", "кызмет"));
        assert!(!at("кызмет! екі", "кызмет"));
        assert!(!at("оку-агартуга", "агартуга"));
        assert!(!at("эйел] бар", "эйел"));
    }

    #[test]
    fn every_unknown_part_of_a_hyphenated_word_is_reported() {
        let found: Vec<String> = check("шыкпаста-ак бір-ак ОК-ніқ бет-бағыт")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(found, ["шыкпаста", "ак", "ак", "ніқ"]);
        let (_, message) = &check("шыкпаста-ак")[1];
        assert_eq!(message, "unknown word `ак` in `шыкпаста-ак`");
        // Noise read for letters does not make the parts one word.
        let fixes = best_fixes("б1р-ак");
        let best: Vec<(&str, &str)> = fixes.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert_eq!(best, [("б1р", "бір"), ("ак", "ақ")]);
    }

    #[test]
    fn words_glued_by_stray_marks_are_only_for_review() {
        let text = "тарж#малаган кітап";
        assert!(glued_by_noise(
            text,
            &(text.find('м').unwrap()..text.find(' ').unwrap())
        ));
        let text = "(малаган), кітап";
        assert!(!glued_by_noise(text, &(1..text.find(')').unwrap())));
    }

    #[test]
    fn flags_ocr_damage_in_the_seed_sentence() {
        let found = check(
            "Кенестер рөлінің арта түсуі партияның XXII сьезі қабылдаған КОКП-ның бағдарламасында.",
        );
        let words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, vec!["Кенестер", "сьезі"]);
    }

    #[test]
    fn accepts_clean_text() {
        let found = check(
            "Қоғамды саяси және экономикалық тұрғыдан ұйымдастыруға, 50-жылдардың ортасынан 1-інде КСРО.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn words_with_noise_for_letters_are_one_unknown_word() {
        let linter = Linter::new();
        let source = Source::from_string(
            crate::source::Origin::Stdin,
            "б1л1м кел!ншек ек! жаны ед1. Келді! Ол км3".to_string(),
        );
        let diagnostics = linter.check(&source);
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .filter(|d| d.code == CODE)
            .map(|d| {
                let best = d.suggestions.first().map_or("", |s| s.replacement.as_str());
                (&source.text()[d.span.clone()], best)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("б1л1м", "білім"),
                ("кел!ншек", "келіншек"),
                ("ек!", "екі"),
                ("ед1", "еді")
            ]
        );
    }

    #[test]
    fn flags_a_bad_word_after_a_number() {
        let found = check("50-жылдардынн");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "жылдардынн");
    }

    #[test]
    fn names_the_unknown_suffix() {
        let found = check("кеңестерімзз");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("stem `кеңес"), "{}", found[0].1);
    }

    fn check_confident(text: &str, confidence: f32) -> Vec<Diagnostic> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let selection = Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        let linter = Linter::with_selection(&selection).unwrap();
        let conf = crate::rules::Confidences::new([(0..text.len(), confidence)]);
        linter.check_with(&source, Some(&conf))
    }

    #[test]
    fn confidence_is_evidence() {
        // A confidently read unknown word that no cheap confusion explains
        // is taken for a rare word; a doubtful one is flagged.
        assert!(check_confident("бертісбайдың", 0.99).is_empty());
        assert_eq!(check_confident("бертісбайдың", 0.5).len(), 1);
        // A cheap confusion away from a word: flagged however confident.
        assert_eq!(check_confident("кажет", 0.99).len(), 1);
    }

    #[test]
    fn latin_words_are_not_its_business() {
        assert!(check("Hello world").is_empty());
    }

    #[test]
    fn user_words_are_accepted_with_inflections() {
        let mut user = UserWords::new();
        user.add(Lexicon::embedded(), "бертісбай:proper").unwrap();
        assert!(check_with("бертісбайдың үйі", &user).is_empty());
        assert_eq!(check("бертісбайдың үйі").len(), 1);
    }
}
