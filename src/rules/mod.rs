//! Rules: each one looks at a file's tokens and reports diagnostics.
//!
//! A rule implements [`Rule`]; [`registry`] lists every rule emle knows, and a
//! [`Selection`] says which of them run. Rules never print and never write:
//! they only push [`Diagnostic`]s.

mod broken_line;
mod document;
mod glued_words;
mod hyphen_remnant;
mod known_damage;
mod mixed_script;
mod ocr_confusion;
mod plain;
mod roman_numeral;
mod spacing;
mod split_word;
mod unknown_word;
mod word_pairs;

pub use broken_line::BrokenLine;
pub use document::{AttestKey, DocumentWords, Forms, LetterShare};
pub use glued_words::GluedWords;
pub use hyphen_remnant::HyphenRemnant;
pub use known_damage::KnownDamage;
pub use mixed_script::MixedScript;
pub use ocr_confusion::OcrConfusion;
pub use plain::{Gather, Keep, Piece, notable};
pub use roman_numeral::RomanNumeral;
pub use spacing::Spacing;
pub use split_word::{SPLIT_WORD, SplitWord};
pub use unknown_word::UnknownWord;

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::errormodel::ConfusionTable;
use crate::lexicon::{AcceptedBy, FastMap, Lexicon, UserWords, Verdict};
use crate::source::Source;
use crate::tokenize::Token;

/// What a rule sees of one file.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The file being checked.
    pub source: &'a Source,
    /// The file's whole text (the same as `source.text()`).
    pub text: &'a str,
    /// The tokens of the piece being checked, with a few lines of context
    /// on each side (see [`crate::engine::Linter::check`]); spans index `text`.
    pub tokens: &'a [Token],
    /// The Kazakh lexicon.
    pub lexicon: &'a Lexicon,
    /// Project words accepted on top of the lexicon.
    pub user_words: &'a UserWords,
    /// The OCR confusion table (built in, or the project's).
    pub confusions: &'a ConfusionTable,
    /// The table that ranks the words of a document read without the
    /// Kazakh letters, `confusions` vouching for their safety (see
    /// [`crate::errormodel::rank::vouched_by`]); `None`: `confusions` alone.
    pub unlettered_confusions: Option<&'a ConfusionTable>,
    /// The project's recurring damage, keyed by the lowercase damaged word.
    pub corrections: &'a HashMap<String, String>,
    /// Facts about the whole file, computed once however many pieces it is
    /// checked in.
    pub file: &'a FileFacts,
    /// The OCR engine's word confidences, when the input carried them (markup).
    pub confidences: Option<&'a Confidences>,
    /// Answers about the tokens of this piece, shared by the rules.
    pub memo: &'a TokenMemo,
    /// The indices of the piece's notable tokens (see
    /// [`CheckContext::notable`]), in order.
    pub notable: &'a [u32],
    /// The indices of the notable tokens that are words or letter–digit
    /// runs (see [`CheckContext::notable_words`]), in order.
    pub notable_words: &'a [u32],
    /// The indices of the notable tokens that are spaces or marks (see
    /// [`CheckContext::notable_marks`]), in order.
    pub notable_marks: &'a [u32],
    /// The indices of the line ends (see [`CheckContext::line_ends`]), in
    /// order.
    pub line_ends: &'a [u32],
}

/// The lexicon's answer for each word token of a piece, computed the first
/// time a rule asks: several rules ask about nearly every word, and one
/// lookup by token index is cheaper than hashing the word again each time.
#[derive(Debug, Default)]
pub struct TokenMemo {
    /// Per token: `None` until asked, then how the token is accepted.
    accepted: Vec<Cell<Option<Option<AcceptedBy>>>>,
}

impl TokenMemo {
    /// Forgets every answer.
    pub fn clear(&mut self) {
        self.accepted.clear();
    }

    /// Notes how token `i` is accepted, known before any rule asks: room
    /// is made for the answers up to `i`, the others unknown yet.
    fn note(&mut self, i: usize, by: Option<AcceptedBy>) {
        if self.accepted.len() <= i {
            self.accepted.resize(i + 1, Cell::new(None));
        }
        self.accepted[i].set(Some(by));
    }

    /// Makes room for the answers of `len` tokens, those not noted unknown.
    fn cover(&mut self, len: usize) {
        self.accepted.resize(len, Cell::new(None));
    }
}

/// Facts about a whole file that a rule needs while it sees one piece of it
/// (see [`crate::engine::Linter::check`]); each is computed on first use.
#[derive(Debug, Default)]
pub struct FileFacts {
    sentence_per_line: std::cell::OnceCell<bool>,
    words: std::cell::OnceCell<DocumentWords>,
    letters: std::cell::OnceCell<LetterShare>,
    weighed: std::cell::RefCell<WeighedSuggestions>,
    /// Findings whose suggestions wait for the document's words, by span,
    /// with whether each is a suffix chain (see [`FileFacts::weigh_later`]).
    pending: std::cell::RefCell<FastMap<(usize, usize), bool>>,
    /// What unknown-word reported for each word token it met, by the
    /// token's text (see [`unknown_word::Reported`]).
    reported: std::cell::RefCell<FastMap<String, unknown_word::Reported>>,
    /// How hyphen-remnant judged each pair of parts it met, by the parts
    /// with a line feed between them (see [`FileFacts::joined`]).
    joined: std::cell::RefCell<FastMap<String, Option<(String, bool)>>>,
    /// The buffer a key of `joined` is spelled in for a lookup.
    joined_key: std::cell::RefCell<String>,
}

/// Suggestions re-ranked by document evidence, with whether a cheap
/// confusion explains the word: one map per (suffix chain, doubtful), so
/// that a lookup borrows the word. Keyed with the lexicon's word hash: the
/// maps are asked once per finding, and SipHash cost more than the rest of
/// the lookup.
type WeighedSuggestions = [FastMap<String, (Vec<Suggestion>, bool)>; 4];

impl FileFacts {
    /// Facts about a file that is one part of a larger document whose word
    /// forms are `words` and whose share of words with Kazakh letters is
    /// `letters` (the file's own included).
    pub fn in_document(words: DocumentWords, letters: LetterShare) -> FileFacts {
        FileFacts {
            words: words.into(),
            letters: letters.into(),
            ..FileFacts::default()
        }
    }

    /// How many of the document's words show a Kazakh letter: given by
    /// [`FileFacts::in_document`], else read from `text` (the file's whole
    /// text) the first time it is asked.
    pub fn letters(&self, text: &str) -> LetterShare {
        *self.letters.get_or_init(|| LetterShare::of(text))
    }

    /// The word forms of the document: given by [`FileFacts::in_document`]
    /// or gathered by the engine once every piece is checked
    /// ([`FileFacts::set_words`]), else those of `text` (the file's whole
    /// text), read the first time they are asked for.
    pub fn words(&self, text: &str) -> &DocumentWords {
        self.words.get_or_init(|| DocumentWords::of(text))
    }

    /// Whether the document's words are known already.
    pub fn has_words(&self) -> bool {
        self.words.get().is_some()
    }

    /// The document's words, gathered while its pieces were checked; words
    /// known already are kept.
    pub fn set_words(&self, words: DocumentWords) {
        let _ = self.words.set(words);
    }

    /// Notes that the suggestions of the finding at `span` (a suffix chain
    /// or not) are to be weighed (see [`FileFacts::weighed`]) once the whole
    /// document has been read (see [`Rule::finish`]): a piece does not know
    /// the words of the pieces after it.
    pub fn weigh_later(&self, span: &std::ops::Range<usize>, suffix_chain: bool) {
        self.pending
            .borrow_mut()
            .insert((span.start, span.end), suffix_chain);
    }

    /// Whether the suggestions of the finding at `span` wait to be weighed,
    /// and if so whether it is a suffix chain.
    pub fn waiting(&self, span: &std::ops::Range<usize>) -> Option<bool> {
        self.pending.borrow().get(&(span.start, span.end)).copied()
    }

    /// The suggestions for `word` re-ranked by what the document holds, and
    /// whether a cheap confusion explains it, computed by `compute` the
    /// first time they are asked for with `how` (whether the word is a
    /// suffix chain, whether the OCR engine doubted it).
    pub fn weighed(
        &self,
        how: (bool, bool),
        word: &str,
        compute: impl FnOnce() -> (Vec<Suggestion>, bool),
    ) -> (Vec<Suggestion>, bool) {
        let i = usize::from(how.0) * 2 + usize::from(how.1);
        if let Some(found) = self.weighed.borrow()[i].get(word) {
            return found.clone();
        }
        let found = compute();
        self.weighed.borrow_mut()[i].insert(word.to_string(), found.clone());
        found
    }

    /// Reads what unknown-word reported for the word token `word` the
    /// first time, if it met the word before in this file.
    pub fn reported<R>(
        &self,
        word: &str,
        read: impl FnOnce(&unknown_word::Reported) -> R,
    ) -> Option<R> {
        self.reported.borrow().get(word).map(read)
    }

    /// Keeps what unknown-word reported for the word token `word`.
    pub fn remember_reported(&self, word: &str, reported: unknown_word::Reported) {
        self.reported
            .borrow_mut()
            .insert(word.to_string(), reported);
    }

    /// How the parts `first` and `second` of a hyphenated word join (the
    /// joined word, and whether the fix is safe), computed by `compute` the
    /// first time the file shows the pair: the answer depends on the parts
    /// alone, and takes several lexicon lookups and an analysis.
    pub fn joined(
        &self,
        first: &str,
        second: &str,
        compute: impl FnOnce() -> Option<(String, bool)>,
    ) -> Option<(String, bool)> {
        // The key is spelled in a buffer kept for it: a pair seen before
        // costs no allocation.
        let mut key = self.joined_key.borrow_mut();
        key.clear();
        key.push_str(first);
        key.push('\n');
        key.push_str(second);
        if let Some(found) = self.joined.borrow().get(key.as_str()) {
            return found.clone();
        }
        let owned = key.clone();
        drop(key);
        let found = compute();
        self.joined.borrow_mut().insert(owned, found.clone());
        found
    }

    /// Whether the file holds one sentence per line, computed by `compute`
    /// the first time it is asked.
    pub fn sentence_per_line(&self, compute: impl FnOnce() -> bool) -> bool {
        *self.sentence_per_line.get_or_init(compute)
    }
}

/// The OCR engine's confidence in each word of a text, by byte span, for
/// rules that weigh it as evidence: a doubtful word is more likely damaged,
/// a confidently read unknown word more likely rare but right.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confidences {
    spans: Vec<(std::ops::Range<usize>, f32)>,
}

impl Confidences {
    /// Confidences (0 to 1) of word spans, in text order.
    pub fn new(spans: impl IntoIterator<Item = (std::ops::Range<usize>, f32)>) -> Confidences {
        let mut spans: Vec<_> = spans.into_iter().collect();
        spans.sort_by_key(|(r, _)| r.start);
        Confidences { spans }
    }

    /// The lowest confidence of the words a span touches, if any has one.
    pub fn at(&self, span: &std::ops::Range<usize>) -> Option<f32> {
        let i = self.spans.partition_point(|(r, _)| r.end <= span.start);
        self.spans[i..]
            .iter()
            .take_while(|(r, _)| r.start < span.end.max(span.start + 1))
            .map(|&(_, c)| c)
            .reduce(f32::min)
    }
}

impl CheckContext<'_> {
    /// The OCR engine's confidence in the words of a span, when known.
    pub fn confidence_at(&self, span: &std::ops::Range<usize>) -> Option<f32> {
        self.confidences?.at(span)
    }

    /// Whether the lexicon or the project words accept a word token, in any
    /// way (names and forms of the weak web word list included).
    pub fn accepts(&self, word: &str) -> bool {
        self.lexicon.accepts_with(word, self.user_words)
    }

    /// Whether a word is known for certain: a form of a curated or own stem,
    /// a project word or an abbreviation, but not merely a capitalised
    /// unknown taken for a name, nor a form only the weak word list has.
    /// Rules that rewrite text around words (joining, splitting) ask this.
    pub fn knows(&self, word: &str) -> bool {
        is_certain(accepted_by(self.lexicon.classify(word, self.user_words)))
    }

    /// How the lexicon or the project words accept the text of token `i`
    /// (as [`Lexicon::classify`] says), or `None`; asked of the lexicon once
    /// per piece however many rules want to know.
    pub fn accepted_by(&self, i: usize) -> Option<AcceptedBy> {
        let ask = || {
            let word = self.tokens[i].text(self.text);
            self.lexicon.accepted_by(word, self.user_words)
        };
        match self.memo.accepted.get(i) {
            Some(cell) => cell.get().unwrap_or_else(|| {
                let by = ask();
                cell.set(Some(by));
                by
            }),
            None => ask(),
        }
    }

    /// [`CheckContext::knows`] for the text of token `i`.
    pub fn knows_token(&self, i: usize) -> bool {
        is_certain(self.accepted_by(i))
    }
}

fn accepted_by(verdict: Verdict) -> Option<AcceptedBy> {
    match verdict {
        Verdict::Accepted { by } => Some(by),
        _ => None,
    }
}

/// Whether a word accepted this way is known for certain (see
/// [`CheckContext::knows`]).
fn is_certain(by: Option<AcceptedBy>) -> bool {
    matches!(
        by,
        Some(
            AcceptedBy::Lexicon
                | AcceptedBy::User
                | AcceptedBy::Abbreviation
                | AcceptedBy::RomanNumeral
        )
    )
}

/// One kind of check.
pub trait Rule: Send + Sync {
    /// The kebab-case code shown in diagnostics and used by `--select`/`--ignore`.
    fn code(&self) -> &'static str;
    /// One line saying what the rule finds, for `emle rules`.
    fn summary(&self) -> &'static str;
    /// A longer explanation with examples, for `emle explain CODE`.
    fn explanation(&self) -> &'static str;
    /// The severity of its diagnostics unless configured otherwise.
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    /// Whether the rule may find something in `word`, a plain word: a token
    /// of Cyrillic letters only that the lexicon knows for certain. Asked
    /// once per distinct word, so the answer must depend on the word alone.
    /// A rule that walks [`CheckContext::notable`] sees a plain word only
    /// when some rule notices it.
    fn notices_plain(&self, _word: &str) -> bool {
        false
    }
    /// Whether the rule must see every word of this file, the plain words
    /// too (see [`Rule::notices_plain`]): asked once per file, before its
    /// pieces are checked. `text` is the file's whole text.
    fn wants_every_word(&self, _file: &FileFacts, _text: &str) -> bool {
        false
    }
    /// Checks one file, pushing what it finds to `out`.
    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>);
    /// Revises the rule's findings in `found` (every finding of the file,
    /// its own among them) once every piece of the file is checked: only
    /// then is evidence from the whole file complete (see [`FileFacts`]).
    /// `ctx` has no tokens.
    fn finish(&self, _ctx: &CheckContext<'_>, _found: &mut [Diagnostic]) {}
}

/// Every rule emle knows, in the order `emle rules` lists them.
pub fn registry() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(MixedScript),
        Box::new(UnknownWord),
        Box::new(OcrConfusion),
        Box::new(KnownDamage),
        Box::new(RomanNumeral),
        Box::new(HyphenRemnant),
        Box::new(GluedWords),
        Box::new(SplitWord),
        Box::new(Spacing),
        Box::new(BrokenLine),
    ]
}

/// Which rules run: all of them, or those selected, less those ignored, and
/// with which severity.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When non-empty, only these codes run.
    pub select: Vec<String>,
    /// These codes never run.
    pub ignore: Vec<String>,
    /// Severities that replace the rules' defaults.
    pub severity: BTreeMap<String, Severity>,
}

/// A rule code on the command line or in a configuration that no rule has.
#[derive(Debug, thiserror::Error)]
#[error("unknown rule `{code}`{}", did_you_mean(.suggestion))]
pub struct UnknownRule {
    /// The code as given.
    pub code: String,
    /// The closest known code, if any is close.
    pub suggestion: Option<&'static str>,
}

fn did_you_mean(s: &Option<&'static str>) -> String {
    s.map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

impl Selection {
    /// Checks every named code against the registry.
    pub fn validate(&self, rules: &[Box<dyn Rule>]) -> Result<(), UnknownRule> {
        for code in self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.keys())
        {
            if !rules.iter().any(|r| r.code() == code) {
                let suggestion = rules
                    .iter()
                    .map(|r| (strsim::jaro_winkler(code, r.code()), r.code()))
                    .filter(|&(score, _)| score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, c)| c);
                return Err(UnknownRule {
                    code: code.clone(),
                    suggestion,
                });
            }
        }
        Ok(())
    }

    /// Whether the rule with this code runs.
    pub fn enables(&self, code: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|c| c == code))
            && !self.ignore.iter().any(|c| c == code)
    }
}

/// Finds a rule by its code.
pub fn find<'r>(rules: &'r [Box<dyn Rule>], code: &str) -> Option<&'r dyn Rule> {
    rules.iter().find(|r| r.code() == code).map(|r| r.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let rules = registry();
        for (i, r) in rules.iter().enumerate() {
            assert!(
                r.code().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.code()
            );
            assert!(rules[i + 1..].iter().all(|o| o.code() != r.code()));
            assert!(!r.summary().is_empty() && !r.explanation().is_empty());
        }
    }

    /// The per-token answer rules share is the lexicon's classification.
    #[test]
    fn accepted_by_agrees_with_classify() {
        let lex = Lexicon::embedded();
        let mut user = UserWords::new();
        user.add(lex, "бертісбай:proper").unwrap();
        for words in [&UserWords::new(), &user] {
            for w in [
                "Қоғам",
                "кенес",
                "Кенестер",
                "бертісбайдың",
                "КОКП-ның",
                "XXII",
                "Hello",
                "Л",
                "",
            ] {
                assert_eq!(
                    lex.accepted_by(w, words),
                    accepted_by(lex.classify(w, words)),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn selection_validates_and_suggests() {
        let rules = registry();
        let sel = Selection {
            select: vec![],
            ignore: vec!["mixed-scrip".into()],
            ..Default::default()
        };
        let err = sel.validate(&rules).unwrap_err();
        assert_eq!(err.suggestion, Some("mixed-script"));
        let sel = Selection {
            select: vec!["mixed-script".into()],
            ignore: vec![],
            ..Default::default()
        };
        assert!(sel.validate(&rules).is_ok());
        assert!(sel.enables("mixed-script"));
        assert!(!sel.enables("unknown-word"));
    }
}
