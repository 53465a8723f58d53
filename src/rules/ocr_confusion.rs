//! `ocr-confusion`: a word the lexicon accepts that still shows a typical
//! OCR confusion (real-word damage).

use super::{CheckContext, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::errormodel::ConfusionTable;
use crate::errormodel::cache::{self, Kind};
use crate::errormodel::frequency::WordFrequency;
use crate::errormodel::rank::{self, RankOptions, Ranked};
use crate::lexicon::{AcceptedBy, Lexicon, Verdict};
use crate::script::breaks_harmony;
use crate::tokenize::Letters;

pub(super) const CODE: &str = "ocr-confusion";

/// Most confusions a real-word correction may undo.
const MAX_EDITS: usize = 2;

/// Flags accepted words that look damaged: a native-looking word that breaks
/// vowel harmony (ү or ұ with vowels of the other row, as in `қүрылыс`),
/// when undoing known OCR confusions gives a word of a curated or own stem.
/// Suggestions are for review, but for a far commoner restoration of a word
/// in a document read without the Kazakh letters (see
/// `frequent_restoration`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OcrConfusion;

/// Whether `word` has ү, ұ, Ү or Ұ (encoded D2 AE to D2 B1): a byte scan,
/// since the rule asks it of every word.
fn has_u_letter(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xd2 && (0xae..=0xb1).contains(&w[1]))
}

/// [`has_u_letter`] for a word of two-byte letters only: a pair at a step.
fn has_u_letter_in_pairs(word: &str) -> bool {
    word.as_bytes()
        .chunks_exact(2)
        .any(|p| p[0] == 0xd2 && (0xae..=0xb1).contains(&p[1]))
}

/// [`breaks_harmony`] over the letters of a lowercase word, read once, for
/// the hot path. (ү and ұ are Kazakh letters: a word that breaks harmony
/// has one, so that test needs no pass of its own.)
fn harmony_broken(letters: impl Iterator<Item = char>) -> bool {
    let (mut front_u, mut back_u, mut back, mut front) = (false, false, false, false);
    for c in letters {
        match c {
            'ү' => front_u = true,
            'ұ' => back_u = true,
            'а' | 'о' | 'ы' => back = true,
            'ә' | 'ө' | 'і' => front = true,
            _ => {}
        }
    }
    (front_u && (back || back_u)) || (back_u && (front || front_u))
}

/// `c` in lower case as far as [`harmony_broken`] can tell, without a table: the capitals of the letters they look for
/// (А О Ы І, and Ә Ғ Қ Ң Ө Ұ Ү Һ, each just before its small letter) become
/// small; nothing else becomes one of those letters.
fn fold_case(c: char) -> char {
    let shift = match c {
        'А'..='Я' => 0x20,
        'Ѐ'..='Џ' => 0x50,
        '\u{0460}'..='\u{04ff}' if u32::from(c) % 2 == 0 => 1,
        _ => 0,
    };
    char::from_u32(u32::from(c) + shift).unwrap_or(c)
}

/// The correction for a suspicious accepted word, if known confusions alone
/// lead to a curated or own word that is not suspicious itself.
fn real_word_fix(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Ranked> {
    let ranked = rank::rank(lex, table, word, opts);
    let Some(best) = ranked.first() else {
        return Vec::new();
    };
    let lower = best.word.to_lowercase();
    if !best.confusions_only
        || best.source == "weak"
        || best.hit.edits.len() > MAX_EDITS
        || breaks_harmony(&lower)
    {
        return Vec::new();
    }
    ranked
        .into_iter()
        .filter(|r| r.confusions_only && r.source != "weak")
        .collect()
}

/// The most a correction of an accepted word in a document without Kazakh
/// letters may cost (undoing one `н`→`ң`, `к`→`қ`, `у`→`ұ` costs about 1
/// there). Measured with `emle eval pairs` on the development pairs, where
/// the documents read by Tesseract's Russian model are such documents:
///
/// | bound | precision | recall | F1 | top-1 |
/// | --- | --- | --- | --- | --- |
/// | (rule off) | 95.5 % | 86.9 % | 91.0 % | 78.3 % |
/// | 1.0 | 95.4 % | 88.0 % | 91.5 % | 78.4 % |
/// | 2.0 | 93.5 % | 90.0 % | 91.7 % | 78.2 % |
/// | 2.5 | 92.9 % | 90.7 % | 91.8 % | 78.1 % |
/// | 3.0 | 92.7 % | 91.1 % | 91.9 % | 78.1 % |
///
/// At 2.5 the rule reports 533 damaged words and 381 right ones in those
/// documents, where 63 % of the words are damaged: a reviewer of such a
/// text sees most of its words anyway. Texts with Kazakh letters are not
/// affected.
const UNLETTERED_MAX_COST: f32 = 2.5;

/// The corrections for an accepted word in a document read without the
/// Kazakh letters: those of [`real_word_fix`] that are not rare forms (see
/// [`Lexicon::is_rare_form`]), when the best costs at most [`UNLETTERED_MAX_COST`]. A
/// word of the closed classes (pronouns, function words, numerals: the
/// lexicon's own lists) is taken as read: such words are the commonest of
/// all, and one confusion from some rarer word (`мен`, `мең`).
fn unlettered_fix(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Ranked> {
    let ranked = real_word_fix(lex, table, word, opts);
    // Ranked cheapest first: when none is within the bound, no analysis
    // (the costly part) is needed.
    if ranked
        .first()
        .is_none_or(|best| best.cost > UNLETTERED_MAX_COST)
        || lex.analyses(word).iter().any(|a| a.source == "own")
    {
        return Vec::new();
    }
    let ranked: Vec<Ranked> = ranked
        .into_iter()
        .filter(|r| !lex.is_rare_form(&r.hit.word))
        .collect();
    match ranked.first() {
        Some(best) if best.cost <= UNLETTERED_MAX_COST => ranked,
        _ => Vec::new(),
    }
}

/// The frequency class the likeliest restoration of an accepted word must
/// reach to be applied unattended (see [`frequent_restoration`]).
const FREQUENT_MIN_CLASS: u32 = 20;

/// How many times the class of the word as read (at least 1) and of every
/// other restoration the likeliest one's class must be.
const FREQUENT_RATIO: u32 = 10;

/// Words shorter than this (in letters) get no unattended restoration.
///
/// Measured on the Russian-model pages of the development pairs, with
/// [`FREQUENT_MIN_CLASS`] and [`FREQUENT_RATIO`]: 153 more right safe fixes
/// and no wrong one. Two letters gained 43 more (ез, ен) but broke `ар`
/// (honour: missing from the list) twice; a ratio of 5 broke `ете`
/// (listed, 12, beside өте, 84); a class of 10 broke `кел`.
const FREQUENT_MIN_LETTERS: usize = 3;

/// Most Kazakh letters a restoration puts back.
const FREQUENT_MAX_LETTERS: usize = 3;

/// The restoration of `word`'s Kazakh letters that Kazakh text writes far
/// more often than the word as read and than any other restoration (by
/// [`WordFrequency`] class), with its class, the word's, and the runner-up's.
fn likeliest_restoration(word: &str) -> Option<(String, u32, u32, u32)> {
    if rank::letters(word) < FREQUENT_MIN_LETTERS {
        return None;
    }
    let lower = word.to_lowercase();
    let frequency = WordFrequency::embedded();
    let mut found = frequency.restorations(&lower, FREQUENT_MAX_LETTERS);
    found.sort_by_key(|r| std::cmp::Reverse(r.1));
    let own = frequency.class(&lower);
    let runner_up = found.get(1).map_or(0, |r| r.1);
    let (best, class) = found.into_iter().next()?;
    let clear = class >= FREQUENT_MIN_CLASS
        && class >= FREQUENT_RATIO.saturating_mul(own.max(1))
        && class >= FREQUENT_RATIO.saturating_mul(runner_up);
    clear.then_some((best, class, own, runner_up))
}

/// The safe correction of `word`, accepted by the lexicon, in a document
/// read without the Kazakh letters: its [`likeliest_restoration`], when the
/// lexicon accepts it (`онын` → оның, `кептеген` → көптеген). Such a model
/// writes оның as онын every time; the word онын (its tenth) is rare.
fn frequent_restoration(lex: &Lexicon, word: &str) -> Option<Suggestion> {
    let (best, class, own, runner_up) = likeliest_restoration(word)?;
    let accepted = matches!(
        lex.check(&best),
        Verdict::Accepted {
            by: AcceptedBy::Lexicon
        }
    );
    let confidence = class as f32 / (class + own + runner_up) as f32;
    accepted.then(|| Suggestion::safe(crate::case::restore_case(word, &best), confidence))
}

/// Whether the word at `span` is whole as far as its neighbours show: it
/// stands apart from marks (see [`super::unknown_word::stands_apart`]) and
/// neither neighbour on its line is a fragment of one or two letters the
/// lexicon does not know, as OCR leaves of a word it split (`оз н` for
/// өзінің).
fn stands_whole(ctx: &CheckContext<'_>, span: &std::ops::Range<usize>) -> bool {
    let text = ctx.text;
    let fragment = |run: &str| {
        let word = run.trim_matches(|c: char| !c.is_alphabetic());
        let letters = rank::letters(word);
        (1..=2).contains(&letters) && !ctx.lexicon.check_with(word, ctx.user_words).is_accepted()
    };
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = text[line_start..span.start].split_whitespace().next_back();
    let after = text[span.end..line_end].split_whitespace().next();
    super::unknown_word::stands_apart(text, span)
        && !before.is_some_and(fragment)
        && !after.is_some_and(fragment)
}

/// A finding for the known word of token `i` on a page read with the
/// Kazakh letters when a restoration of them is a far commoner word (as
/// [`frequent_restoration`] weighs it, once per word) that makes a
/// frequent pair with a neighbour while the word as read makes none:
/// `Жоғарғы Кенесінің` (a tick's) is Жоғарғы Кеңесінің. For review: the
/// page's engine knew the Kazakh letters, and may have read the word right.
fn paired_restoration(
    ctx: &CheckContext<'_>,
    i: usize,
    token: &crate::tokenize::Token,
) -> Option<Diagnostic> {
    let word = token.text(ctx.text);
    if !ctx.file.letters(ctx.text).has_kazakh_letters()
        || !matches!(
            ctx.accepted_by(i),
            Some(AcceptedBy::Lexicon | AcceptedBy::Weak)
        )
    {
        return None;
    }
    let best = cache::suggestions(
        ctx.lexicon,
        ctx.confusions,
        Kind::FrequentRestoration,
        word,
        || {
            frequent_restoration(ctx.lexicon, word)
                .into_iter()
                .collect()
        },
    )
    .into_iter()
    .next()?;
    let span = token.span();
    let readings = super::word_pairs::Readings::default();
    let before = readings.before(ctx.text, span.start);
    let after = readings.after(ctx.text, span.end);
    let (before, after) = (before.as_deref(), after.as_deref());
    if !super::word_pairs::singles_out(&best.replacement, [word], before, after) {
        return None;
    }
    let mut d = Diagnostic::new(
        CODE,
        Severity::Warning,
        span,
        format!(
            "`{word}` may be OCR damage of `{}`, a far commoner word beside its neighbour",
            best.replacement
        ),
    );
    d.suggestions = vec![Suggestion::review(best.replacement, best.confidence)];
    Some(d)
}

impl Rule for OcrConfusion {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a real word that shows a typical OCR confusion"
    }

    fn explanation(&self) -> &'static str {
        "\
A word the lexicon accepts, but that looks like OCR damage of another word:

    қүрылыс  ->  құрылыс   (ү in a word of back vowels: ұ read as ү)
    жүмыс    ->  жұмыс

The rule looks at native-looking words (with a Kazakh letter) that break
vowel harmony with ү or ұ, and reports them only when undoing known OCR
confusions gives a word of the curated dictionary that keeps harmony.
Loanwords without Kazakh letters (колхоз, комитет, функция) are not
flagged for harmony.

A document read by an OCR model without the Kazakh letters (Tesseract's
Russian model, older engines) shows almost none: fewer than one longer word
in twenty has one. There `н`, `к`, `г`, `у`, `е` may stand for `ң`, `қ`,
`ғ`, `ұ`/`ү`, `ө` in any word, and a known word one cheap confusion away
from a word of the curated dictionary is reported too:

    туратын  ->  тұратын
    койды    ->  қойды

In a document read with the Kazakh letters, a known word is reported too
when putting back a Kazakh letter gives a word Kazakh text writes far more
often (by the frequency list) that makes a frequent pair with a neighbour,
while the word as read makes none:

    Жоғарғы Кенесінің  ->  Кеңесінің

The suggestions need review: the word may be right. One case is safe: in
such a document a word of three letters or more whose restoration Kazakh
text writes far more often, by the frequency list, than both the word as
read and any other restoration, when the word stands whole (no mark glued
to it, no one- or two-letter fragment beside it):

    онын      ->  оның
    кептеген  ->  көптеген"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn notices_plain(&self, word: &str) -> bool {
        (has_u_letter_in_pairs(word) && harmony_broken(word.chars().map(fold_case)))
            || likeliest_restoration(word).is_some()
    }

    fn wants_every_word(&self, file: &super::FileFacts, text: &str) -> bool {
        file.letters(text).lacks_kazakh_letters()
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let lex = ctx.lexicon;
        // The cost bounds of real-word damage were measured without n-gram
        // weights or word frequencies and with two visits of a search
        // state; a known word's neighbours are ranked by confusions alone.
        let mut opts = RankOptions {
            ngram_weight: 0.0,
            frequency_weight: 0.0,
            ..RankOptions::default()
        };
        opts.search.visits_per_state = 2;
        // A known word of a document without the Kazakh letters may have
        // lost its last syllable (`кет` for кетіп).
        let unlettered_opts = RankOptions {
            lost_syllables: true,
            ..opts.clone()
        };
        let unlettered = ctx.file.letters(ctx.text).lacks_kazakh_letters();
        for (i, token) in ctx.notable_words() {
            if !token.has_letters() || super::roman_numeral::reading(ctx, i).is_some() {
                continue;
            }
            // Most words are wholly Cyrillic without ү or ұ: done at once,
            // but for a restoration a neighbour singles out.
            if !unlettered
                && token.letters() == Letters::OnlyCyrillic
                && !has_u_letter_in_pairs(token.text(ctx.text))
            {
                out.extend(paired_restoration(ctx, i, token));
                continue;
            }
            for part in token.parts(ctx.text) {
                let word = &ctx.text[part.clone()];
                // The cheap test first: most words keep their harmony.
                let has_u = if token.letters() == Letters::OnlyCyrillic {
                    has_u_letter_in_pairs(word)
                } else {
                    has_u_letter(word)
                };
                let broken = has_u && harmony_broken(word.chars().map(fold_case));
                let unlettered_word = unlettered && rank::russian_damage(word);
                if !broken && !unlettered_word {
                    continue;
                }
                // Weak forms were tried too: on clean text they raised far
                // more false alarms than they found damage.
                let by = if part == token.span() {
                    ctx.accepted_by(i)
                } else {
                    match lex.classify(word, ctx.user_words) {
                        Verdict::Accepted { by } => Some(by),
                        _ => None,
                    }
                };
                let accepted = matches!(by, Some(AcceptedBy::Lexicon | AcceptedBy::Weak));
                if !accepted {
                    continue;
                }
                let (kind, fix, opts): (_, fn(_, _, _, _) -> _, _) = if broken {
                    (Kind::RealWord, real_word_fix, &opts)
                } else {
                    (Kind::Unlettered, unlettered_fix, &unlettered_opts)
                };
                let mut suggestions = cache::suggestions(lex, ctx.confusions, kind, word, || {
                    let frequent = (!broken).then(|| frequent_restoration(lex, word)).flatten();
                    let ranked = fix(lex, ctx.confusions, word, opts);
                    let others = ranked
                        .iter()
                        .filter(|r| frequent.as_ref().is_none_or(|f| f.replacement != r.word))
                        .map(|r| Suggestion::review(r.word.clone(), r.confidence));
                    frequent.clone().into_iter().chain(others).collect()
                });
                if suggestions
                    .first()
                    .is_some_and(|s| s.applicability == Applicability::Safe)
                    && !(part == token.span() && stands_whole(ctx, &part))
                {
                    suggestions[0].applicability = Applicability::Review;
                }
                let Some(best) = suggestions.first() else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    CODE,
                    self.default_severity(),
                    part,
                    format!(
                        "`{word}` may be OCR damage of `{}`{}",
                        best.replacement,
                        if broken {
                            ""
                        } else {
                            " (the text shows no Kazakh letters)"
                        }
                    ),
                );
                d.suggestions = suggestions;
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Origin, Source};

    fn check(text: &str) -> Vec<(String, String)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let selection = crate::rules::Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        let out = crate::engine::Linter::with_selection(&selection)
            .unwrap()
            .check(&source);
        out.into_iter()
            .map(|d| {
                let fix = d
                    .suggestions
                    .first()
                    .map(|s| s.replacement.clone())
                    .unwrap_or_default();
                (source.text()[d.span].to_string(), fix)
            })
            .collect()
    }

    #[test]
    fn known_words_in_a_text_without_kazakh_letters() {
        // Read by a model without the Kazakh letters: none in any word.
        let mut text = String::from("Ол туратын уйге келип, кiтапты койды.\n");
        for _ in 0..6 {
            text.push_str("Бул кептеген адамдар жерде турып жатыр.\n");
        }
        let found = check(&text);
        assert!(
            found.contains(&("туратын".into(), "тұратын".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("койды".into(), "қойды".into())),
            "{found:?}"
        );
        // A closed-class word stays quiet (мен, not мең), and so does a
        // word whose variant only a second-person suffix makes (жылдаң).
        let more = check(&format!("{text}Мен де бир жылдан бери келдим."));
        assert!(
            more.iter().all(|(w, _)| w != "Мен" && w != "жылдан"),
            "{more:?}"
        );
        assert!(Lexicon::embedded().is_rare_form("жылдаң"));
        assert!(!Lexicon::embedded().is_rare_form("жылдан"));
        // The same words in a text with Kazakh letters are not reported.
        let kazakh = "Ол тұратын үйге келіп, кітапты қойды. Бұл туратын адам.\n".repeat(6);
        assert!(check(&kazakh).is_empty(), "{:?}", check(&kazakh));
    }

    fn safe_fixes(text: &str) -> Vec<(String, String)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let selection = crate::rules::Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        crate::engine::Linter::with_selection(&selection)
            .unwrap()
            .check(&source)
            .into_iter()
            .filter_map(|d| {
                let best = d.suggestions.first()?;
                (best.applicability == Applicability::Safe)
                    .then(|| (source.text()[d.span].to_string(), best.replacement.clone()))
            })
            .collect()
    }

    #[test]
    fn a_far_commoner_restoration_is_safe_in_a_text_without_kazakh_letters() {
        let mut text = String::new();
        for _ in 0..4 {
            text.push_str("Онын айтуынша, бул жерде кептеген адам турады.\n");
        }
        let found = safe_fixes(&text);
        assert!(found.contains(&("Онын".into(), "Оның".into())), "{found:?}");
        assert!(
            found.contains(&("кептеген".into(), "көптеген".into())),
            "{found:?}"
        );
        // Not beside a fragment OCR split off, not glued to a mark, and
        // not among Kazakh letters.
        let split = format!("{text}Ол онын н айтты. Ол онын!");
        assert_eq!(safe_fixes(&split).len(), found.len(), "{split}");
        let kazakh = "Оның айтуынша, бұл жерде онын көптеген адам тұрады.\n".repeat(4);
        assert!(safe_fixes(&kazakh).is_empty());
    }

    #[test]
    fn a_far_commoner_restoration_a_neighbour_pairs_with_is_for_review() {
        // Among Kazakh letters: кенесінің (a tick's) after Жоғарғы is the
        // council's, which Kazakh text pairs with it.
        let text = "Республика Жоғарғы Кенесінің тұрақты комиссиялары жұмыс істеді. \
                    Депутаттар заңды талқылап, қабылдады, ал ауылдар мен елді \
                    мекендер, аудандар мен қалалар мәселелерді қарауға әзірледі.\n"
            .repeat(2);
        let found = check(&text);
        let council = ("Кенесінің".to_string(), "Кеңесінің".to_string());
        assert_eq!(found, [council.clone(), council]);
        let source = Source::from_string(Origin::Stdin, text.clone());
        let d = crate::engine::Linter::with_selection(&crate::rules::Selection {
            select: vec![CODE.into()],
            ..Default::default()
        })
        .unwrap()
        .check(&source);
        assert_eq!(d[0].suggestions[0].applicability, Applicability::Review);
        // No neighbour makes the pair: the word is taken as read.
        let alone = text.replace("Жоғарғы Кенесінің", "Кенесінің");
        assert!(check(&alone).is_empty(), "{:?}", check(&alone));
    }

    #[test]
    fn harmony_breaks() {
        assert!(breaks_harmony("қүрылыс"));
        assert!(breaks_harmony("жүмыс"));
        assert!(!breaks_harmony("құрылыс"));
        assert!(!breaks_harmony("бүгін"));
        assert!(!breaks_harmony("колхоз"));
    }

    /// Folding case by hand agrees with the standard library on every
    /// letter the harmony test looks at.
    #[test]
    fn folding_keeps_the_letters_harmony_looks_at() {
        let watched = "аоыәөіүұ";
        for c in '\0'..=char::MAX {
            let lower: String = c.to_lowercase().collect();
            for w in watched.chars() {
                assert_eq!(fold_case(c) == w, lower.contains(w), "{c:?}");
            }
        }
        for w in ["Қүрылыс", "ҚҮРЫЛЫС", "жҰмыс", "БҮГІН", "КОЛХОЗ", "ҰЛЫ"]
        {
            let lower = w.to_lowercase();
            assert_eq!(
                harmony_broken(w.chars().map(fold_case)),
                breaks_harmony(&lower) && lower.chars().any(crate::script::is_kazakh_letter),
                "{w}"
            );
        }
    }

    #[test]
    fn loanwords_stay_silent() {
        assert!(check("колхоз комитет кандидат диктатура функция").is_empty());
    }

    #[test]
    fn clean_words_stay_silent() {
        assert!(check("Құрылыс жұмысы мұғалім бүгін үшін келді.").is_empty());
    }

    #[test]
    fn suggestions_are_for_review() {
        for (_, fix) in check("қүрылыс") {
            assert_eq!(fix, "құрылыс");
        }
    }
}
