//! The linter: runs the selected rules over a source and collects diagnostics.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use regex::Regex;

use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::errormodel::ConfusionTable;
use crate::lexicon::{Lexicon, UserWords};
use crate::rules::{
    self, CheckContext, Confidences, DocumentWords, FileFacts, Gather, Keep, LetterShare, Piece,
    Rule, Selection, UnknownRule,
};
use crate::source::Source;
use crate::tokenize::tokenize_range;

/// The lexicon a linter uses: the one built into the binary, or one loaded
/// from a file (`--lexicon PATH`).
#[derive(Debug, Clone)]
pub enum LexiconHandle {
    /// The lexicon embedded at build time.
    Embedded,
    /// A lexicon loaded at run time.
    Loaded(Arc<Lexicon>),
}

impl LexiconHandle {
    /// The lexicon itself.
    pub fn get(&self) -> &Lexicon {
        match self {
            LexiconHandle::Embedded => Lexicon::embedded(),
            LexiconHandle::Loaded(l) => l,
        }
    }
}

/// The project's data every rule may consult, shared by all the linters of a
/// run (per-path overrides change only which rules run).
#[derive(Debug, Clone)]
pub struct Resources {
    /// The Kazakh lexicon.
    pub lexicon: LexiconHandle,
    /// Project words accepted on top of the lexicon.
    pub user_words: UserWords,
    /// The OCR confusion table; `None` means the built-in one.
    pub confusions: Option<Arc<ConfusionTable>>,
    /// The table for documents read without the Kazakh letters; `None`
    /// means the built-in one with the built-in `confusions`, and none
    /// (`confusions` alone) with a project's own table.
    pub unlettered_confusions: Option<Arc<ConfusionTable>>,
    /// The project's recurring damage and its corrections, keyed by the
    /// lowercase damaged word.
    pub corrections: HashMap<String, String>,
    /// Text never flagged: a diagnostic overlapping a match is dropped.
    pub ignore_re: Vec<Regex>,
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            lexicon: LexiconHandle::Embedded,
            user_words: UserWords::new(),
            confusions: None,
            unlettered_confusions: None,
            corrections: HashMap::new(),
            ignore_re: Vec::new(),
        }
    }
}

impl Resources {
    /// The confusion table in use.
    pub fn confusions(&self) -> &ConfusionTable {
        match &self.confusions {
            Some(table) => table,
            None => ConfusionTable::embedded(),
        }
    }

    /// The table that ranks the words of documents read without the Kazakh
    /// letters, if any (see the field of that name): a project
    /// that brings its own table learned its own pages' damage.
    pub fn unlettered_confusions(&self) -> Option<&ConfusionTable> {
        match (&self.unlettered_confusions, &self.confusions) {
            (Some(table), _) => Some(table),
            (None, None) => Some(ConfusionTable::embedded_unlettered()),
            (None, Some(_)) => None,
        }
    }
}

/// A configured set of rules, ready to check any number of sources.
pub struct Linter {
    rules: Vec<(Box<dyn Rule>, Severity)>,
    /// Every rule, selected or not: which tokens are notable must not
    /// depend on the selection (see [`rules::notable`]).
    every_rule: Vec<Box<dyn Rule>>,
    resources: Arc<Resources>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.rules.iter().map(|(r, s)| (r.code(), s)))
            .finish()
    }
}

/// The evidence a text gives its own checks (see [`Linter::check_revision`]).
#[derive(Default)]
pub struct OriginalFacts {
    words: DocumentWords,
    letters: LetterShare,
}

impl OriginalFacts {
    /// The facts of `text`.
    pub fn of(text: &str) -> OriginalFacts {
        OriginalFacts {
            words: DocumentWords::of(text),
            letters: LetterShare::of(text),
        }
    }
}

impl Linter {
    /// A linter running every rule with its default severity.
    pub fn new() -> Linter {
        Linter::build(&Selection::default(), Arc::default()).unwrap_or_else(|_| Linter {
            rules: vec![],
            every_rule: rules::registry(),
            resources: Arc::default(),
        })
    }

    /// A linter running the selected rules; unknown codes are an error.
    pub fn with_selection(selection: &Selection) -> Result<Linter, UnknownRule> {
        Linter::build(selection, Arc::default())
    }

    /// A linter running the selected rules over shared resources.
    pub fn build(selection: &Selection, resources: Arc<Resources>) -> Result<Linter, UnknownRule> {
        let all = rules::registry();
        selection.validate(&all)?;
        let rules = all
            .into_iter()
            .filter(|r| selection.enables(r.code()))
            .map(|r| {
                let severity = selection
                    .severity
                    .get(r.code())
                    .copied()
                    .unwrap_or_else(|| r.default_severity());
                (r, severity)
            })
            .collect();
        Ok(Linter {
            rules,
            every_rule: rules::registry(),
            resources,
        })
    }

    /// Uses another lexicon than the embedded one.
    pub fn with_lexicon(mut self, lexicon: LexiconHandle) -> Linter {
        Arc::make_mut(&mut self.resources).lexicon = lexicon;
        self
    }

    /// Accepts these project words as well as the lexicon's.
    pub fn with_user_words(mut self, words: UserWords) -> Linter {
        Arc::make_mut(&mut self.resources).user_words = words;
        self
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        self.resources.lexicon.get()
    }

    /// The project words in use.
    pub fn user_words(&self) -> &UserWords {
        &self.resources.user_words
    }

    /// The shared resources.
    pub fn resources(&self) -> &Arc<Resources> {
        &self.resources
    }

    /// The codes of the rules that run.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|(r, _)| r.code())
    }

    /// Checks one source; diagnostics come sorted by position, then by code.
    ///
    /// Large texts are checked a piece of about [`PIECE_LEN`] bytes at a
    /// time, so that memory holds the tokens of one piece, not of the whole
    /// file. Each piece is tokenized with [`CONTEXT_LINES`] lines of context
    /// on either side, and keeps only the findings that start inside it:
    /// rules that look at neighbouring tokens (a hyphen at the end of a line,
    /// a line break inside a sentence) see the same tokens as in one pass.
    pub fn check(&self, source: &Source) -> Vec<Diagnostic> {
        self.check_with(source, None)
    }

    /// Checks one source with the OCR engine's word confidences, which
    /// rules may weigh (see [`Confidences`]).
    pub fn check_with(
        &self,
        source: &Source,
        confidences: Option<&Confidences>,
    ) -> Vec<Diagnostic> {
        self.check_in_pieces(source, confidences, PIECE_LEN)
    }

    /// Checks one source that is part of a larger document (one page of a
    /// book, one line of a scanned page) whose word forms are `document`:
    /// rules weigh words read elsewhere in the document as evidence.
    pub fn check_in_document(
        &self,
        source: &Source,
        document: &DocumentWords,
        letters: LetterShare,
    ) -> Vec<Diagnostic> {
        let facts = FileFacts::in_document(document.clone(), letters);
        self.check_in_pieces_with(source, None, PIECE_LEN, facts)
    }

    /// Checks `source`, a revision of the text `original` (a fix pass), with
    /// the evidence of `original`: its word forms and its share of words
    /// with Kazakh letters. What the OCR engine wrote is evidence; emle's
    /// own corrections are not, or one fix would attest the next (on the
    /// development pairs, judging later passes by the fixed text made 18
    /// wrong fixes in 359, against none).
    pub fn check_revision(
        &self,
        source: &Source,
        original: &OriginalFacts,
        confidences: Option<&Confidences>,
    ) -> Vec<Diagnostic> {
        let facts = FileFacts::in_document(original.words.clone(), original.letters);
        self.check_in_pieces_with(source, confidences, PIECE_LEN, facts)
    }

    /// What the rules see of `source` with this `piece` of it.
    fn context<'a>(
        &'a self,
        source: &'a Source,
        file: &'a FileFacts,
        confidences: Option<&'a Confidences>,
        piece: &'a Piece,
    ) -> CheckContext<'a> {
        let res = &*self.resources;
        CheckContext {
            source,
            text: source.text(),
            tokens: &piece.tokens,
            lexicon: res.lexicon.get(),
            user_words: &res.user_words,
            confusions: res.confusions(),
            unlettered_confusions: res.unlettered_confusions(),
            corrections: &res.corrections,
            file,
            confidences,
            memo: &piece.memo,
            notable: &piece.notable,
            notable_words: &piece.words,
            notable_marks: &piece.marks,
            line_ends: &piece.line_ends,
        }
    }

    fn check_in_pieces(
        &self,
        source: &Source,
        confidences: Option<&Confidences>,
        piece_len: usize,
    ) -> Vec<Diagnostic> {
        self.check_in_pieces_with(source, confidences, piece_len, FileFacts::default())
    }

    fn check_in_pieces_with(
        &self,
        source: &Source,
        confidences: Option<&Confidences>,
        piece_len: usize,
        facts: FileFacts,
    ) -> Vec<Diagnostic> {
        let text = source.text();
        let res = &*self.resources;
        let mut piece = Piece {
            tokens: Vec::with_capacity(text.len().min(piece_len) / 5 + 16),
            ..Piece::default()
        };
        let mut out = Vec::new();
        // The document's words, gathered on the way unless given.
        let mut words = DocumentWords::default();
        let mut gather = (!facts.has_words()).then(|| Gather::into(&mut words));
        let keep = if self
            .rules
            .iter()
            .any(|(r, _)| r.wants_every_word(&facts, text))
        {
            Keep::EveryWord
        } else {
            Keep::Notable
        };
        // OCR without the Kazakh letters writes marks for letters inside words.
        let unlettered = facts.letters(text).lacks_kazakh_letters();
        for owned in pieces(text, piece_len) {
            let window = with_context(source, owned.clone());
            let lexicon = res.lexicon.get();
            rules::notable(
                text,
                tokenize_range(text, window).without_kazakh_letters(unlettered),
                lexicon,
                &self.every_rule,
                &res.user_words,
                keep,
                &mut piece,
                gather.as_mut(),
            );
            let ctx = self.context(source, &facts, confidences, &piece);
            let last = owned.end == text.len();
            for (rule, severity) in &self.rules {
                let first = out.len();
                rule.check(&ctx, &mut out);
                // Findings in the context lines belong to the neighbouring piece.
                let mut kept = first;
                for j in first..out.len() {
                    let start = out[j].span.start;
                    if owned.contains(&start) || (last && start == text.len()) {
                        out[j].severity = *severity;
                        out.swap(kept, j);
                        kept += 1;
                    }
                }
                out.truncate(kept);
            }
        }
        if gather.take().is_some() {
            facts.set_words(words);
        }
        // Whole-file revisions see no tokens.
        let empty = Piece::default();
        let ctx = self.context(source, &facts, confidences, &empty);
        for (rule, _) in &self.rules {
            rule.finish(&ctx, &mut out);
        }
        if !res.ignore_re.is_empty() {
            let ignored: Vec<_> = res
                .ignore_re
                .iter()
                .flat_map(|re| re.find_iter(text).map(|m| m.range()))
                .collect();
            out.retain(|d| {
                !ignored
                    .iter()
                    .any(|r| d.span.start < r.end && r.start < d.span.end.max(d.span.start + 1))
            });
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        out.dedup_by(same_finding);
        drop_parts_of_joins(&mut out);
        out
    }
}

/// Drops the findings inside a finding that joins two words into one
/// (`split-word`: `ем р` → `өмір`) unless their own fix is safe: the join
/// explains their damage, and two findings starting at one place would
/// leave a reviewer to choose between fixes that cannot both apply.
/// `found` is sorted by span start.
fn drop_parts_of_joins(found: &mut Vec<Diagnostic>) {
    let joins: Vec<Range<usize>> = found
        .iter()
        .filter(|d| d.code == crate::rules::SPLIT_WORD)
        .map(|d| d.span.clone())
        .collect();
    if joins.is_empty() {
        return;
    }
    found.retain(|d| {
        let inside =
            |j: &Range<usize>| *j != d.span && j.start <= d.span.start && d.span.end <= j.end;
        let safe = d
            .suggestions
            .first()
            .is_some_and(|s| s.applicability == Applicability::Safe);
        safe || !joins.iter().any(inside)
    });
}

/// Whether `later` finds what `earlier` finds: the same span, and the best
/// fix of one is among the other's suggestions, as when `glued-words` and
/// `unknown-word` both split `ӨЗГЕРІСТЕРСАЯСИ`. Then the two are one
/// finding, kept in `earlier` as the surer of them (the one whose best fix
/// is safe), with the other's further suggestions after its own, for
/// review.
fn same_finding(later: &mut Diagnostic, earlier: &mut Diagnostic) -> bool {
    let offers = |d: &Diagnostic, fix: Option<&Suggestion>| {
        fix.is_some_and(|f| d.suggestions.iter().any(|s| s.replacement == f.replacement))
    };
    if later.span != earlier.span
        || !(offers(earlier, later.suggestions.first())
            || offers(later, earlier.suggestions.first()))
    {
        return false;
    }
    if later.suggestions[0].applicability < earlier.suggestions[0].applicability {
        std::mem::swap(later, earlier);
    }
    for mut s in std::mem::take(&mut later.suggestions) {
        if earlier.suggestions.len() < crate::errormodel::rank::TOP_K
            && earlier
                .suggestions
                .iter()
                .all(|e| e.replacement != s.replacement)
        {
            s.applicability = Applicability::Review;
            earlier.suggestions.push(s);
        }
    }
    true
}

impl Default for Linter {
    fn default() -> Self {
        Linter::new()
    }
}

/// About how many bytes of a text are tokenized and checked at a time.
pub const PIECE_LEN: usize = 1 << 20;

/// Lines of context tokenized before and after each piece.
pub const CONTEXT_LINES: usize = 2;

/// Splits `text` into consecutive ranges of at least `len` bytes that end
/// just after a line feed (the last one at the end of the text).
fn pieces(text: &str, len: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            // An empty text is still checked once (rules may report on it).
            return (start == 0 && bytes.is_empty()).then(|| {
                start = 1;
                0..0
            });
        }
        let from = start.saturating_add(len).min(bytes.len());
        let end = bytes[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| from + i + 1);
        let piece = start..end;
        start = end;
        Some(piece)
    })
}

/// `owned` widened by [`CONTEXT_LINES`] whole lines on each side.
fn with_context(source: &Source, owned: Range<usize>) -> Range<usize> {
    let text_len = source.text().len();
    let first = source.line_index(owned.start);
    let start = source
        .line_start(first.saturating_sub(CONTEXT_LINES))
        .unwrap_or(0);
    let end = if owned.end >= text_len {
        text_len
    } else {
        let next = source.line_index(owned.end);
        source.line_start(next + CONTEXT_LINES).unwrap_or(text_len)
    };
    start.min(owned.start)..end.max(owned.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    fn fixture(name: &str) -> Source {
        let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        Source::read(std::path::Path::new(&path)).expect("fixture")
    }

    #[test]
    fn pieces_cover_the_text_and_end_after_line_feeds() {
        let text = "бір\nекі үш\r\n\nтөрт";
        for len in 0..text.len() + 2 {
            let all: Vec<_> = pieces(text, len).collect();
            assert_eq!(all.first().map(|r| r.start), Some(0));
            assert_eq!(all.last().map(|r| r.end), Some(text.len()));
            for w in all.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                assert_eq!(text.as_bytes()[w[0].end - 1], b'\n');
            }
        }
        assert_eq!(pieces("", 4).collect::<Vec<_>>(), vec![0..0]);
    }

    /// Checking in pieces of any size finds exactly what one pass finds,
    /// including the findings that look across line ends.
    #[test]
    fn evidence_from_later_pieces_counts() {
        // The right form is read only in the last line, pieces away from
        // the damaged one: the suggestions are weighed once all are read.
        let mut text = String::from("Кенестер жиналды.\n");
        for _ in 0..20 {
            text.push_str("Бұл жол бос.\n");
        }
        text.push_str("Кеңестер жиналды.\n");
        let source = Source::from_string(crate::source::Origin::Stdin, text);
        let linter = Linter::new();
        let whole = linter.check_in_pieces(&source, None, usize::MAX);
        let best = &whole[0].suggestions[0];
        assert_eq!(best.replacement, "Кеңестер");
        // Attested by the last line, the correction is safe.
        assert_eq!(best.applicability, crate::diagnostic::Applicability::Safe);
        for len in [1, 30, 100] {
            assert_eq!(linter.check_in_pieces(&source, None, len), whole, "{len}");
        }
    }

    #[test]
    fn a_join_replaces_the_review_findings_of_its_parts() {
        let finding = |code, span: Range<usize>, fix: Suggestion| {
            Diagnostic::new(code, Severity::Warning, span, "").with_suggestion(fix)
        };
        let mut found = vec![
            finding("ocr-confusion", 0..4, Suggestion::review("өм", 0.9)),
            finding(
                crate::rules::SPLIT_WORD,
                0..6,
                Suggestion::review("өмір", 0.9),
            ),
            finding("unknown-word", 5..6, Suggestion::safe("ір", 0.9)),
            finding("unknown-word", 7..9, Suggestion::review("бұл", 0.9)),
        ];
        drop_parts_of_joins(&mut found);
        let left: Vec<Range<usize>> = found.iter().map(|d| d.span.clone()).collect();
        assert_eq!(left, [0..6, 5..6, 7..9]);
    }

    #[test]
    fn two_rules_finding_the_same_fix_make_one_finding() {
        let source = Source::from_string(
            Origin::Stdin,
            "ҚАЗАҚСТАН ДАМУЫНДА БОЛҒАН ӨЗГЕРІСТЕРСАЯСИ ӨМІРДІҢ".to_string(),
        );
        let found = Linter::new().check(&source);
        let glued: Vec<_> = found
            .iter()
            .filter(|d| &source.text()[d.span.clone()] == "ӨЗГЕРІСТЕРСАЯСИ")
            .collect();
        assert_eq!(glued.len(), 1, "{found:?}");
        let best = &glued[0].suggestions[0];
        assert_eq!(best.replacement, "ӨЗГЕРІСТЕР САЯСИ");
        assert_eq!(best.applicability, Applicability::Safe);
        // The other rule's further suggestions follow.
        assert!(glued[0].suggestions.len() > 1);
    }

    #[test]
    fn checking_in_pieces_matches_one_pass() {
        let linter = Linter::new();
        for name in [
            "layout.txt",
            "broken-lines.txt",
            "spacing.txt",
            "bom-crlf.txt",
        ] {
            let source = fixture(name);
            let whole = linter.check_in_pieces(&source, None, usize::MAX);
            assert!(!whole.is_empty(), "{name} has findings");
            for len in [1, 7, 40, 300] {
                assert_eq!(
                    linter.check_in_pieces(&source, None, len),
                    whole,
                    "{name} in pieces of {len}"
                );
            }
        }
        let empty = Source::from_string(Origin::Stdin, String::new());
        assert!(linter.check(&empty).is_empty());
    }

    /// Pieces of text that rules look across: line-end hyphens, initials at
    /// line ends, doubled spaces, glued and split words.
    const FRAGMENTS: &[&str] = &[
        "Кеңес",
        "кажет",
        "құры-",
        "лыс",
        "т.",
        "б.",
        "Л.",
        "Брежнев",
        "  ",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        ".",
        ",",
        "ек!",
        "жаны",
        "ӨЗГЕРІСТЕРСАЯСИ",
        "ба ла",
        "-",
        "1962",
    ];

    proptest::proptest! {
        #[test]
        fn any_piece_size_gives_the_one_pass_findings(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80),
            len in 1usize..64,
        ) {
            let text: String = parts.concat();
            let source = Source::from_string(Origin::Stdin, text);
            let linter = Linter::new();
            proptest::prop_assert_eq!(
                linter.check_in_pieces(&source, None, len),
                linter.check_in_pieces(&source, None, usize::MAX)
            );
        }
    }
}
