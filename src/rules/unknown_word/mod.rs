//! `unknown-word`: a Cyrillic word that the Kazakh lexicon does not accept.
//!
//! This file finds the words and reports them, part by part for hyphenated
//! ones, then weighs the document's evidence once it is read
//! (`Rule::finish`). `suggest.rs` ranks the corrections of one word,
//! `recurring.rs` makes a confusion cheap once a document repeats it, and
//! `message.rs` words the finding.

use super::{CheckContext, Rule, ocr_confusion, roman_numeral, word_pairs};
use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::errormodel::rank;
use crate::lexicon::{FastMap, Verdict};
use crate::script::{has_cyrillic, is_noisy_cyrillic_word};
use crate::tokenize::{Letters, Token, TokenKind};

mod message;
mod recurring;
mod suggest;
#[cfg(test)]
mod tests;

pub use message::*;
pub use recurring::*;
pub use suggest::*;

const CODE: &str = "unknown-word";

/// Flags Cyrillic words that the lexicon (plus the user's project words)
/// does not accept. Words with Latin letters are left to `mixed-script`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnknownWord;

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
