//! Scoring the linter on pairs of OCR and clean text (`emle eval pairs`), and
//! counting false alarms on clean text (`emle eval clean`).
//!
//! # Input
//!
//! A pairs JSONL file (see [`crate::errormodel::corpus`]): one record per
//! line with `clean`, `ocr`, `model`, `align` and `max_deleted_run`. Records
//! with `max_deleted_run` ≥ [`EvalOptions::max_deleted_run`] (default 3) are
//! skipped: OCR lost a whole line there, which no linter can flag. Each OCR
//! line is checked as one source.
//!
//! # Units and damage
//!
//! Tokens are whitespace-separated, punctuation attached. The record's token
//! alignment (or emle's own, when the record has none or it does not match
//! the tokens) is grouped into units ([`crate::errormodel::corpus::group_units`]):
//! one clean and one OCR token, one clean token read as several OCR tokens (a
//! **split**), several clean tokens read as one OCR token (a **join**), an OCR
//! token standing for nothing (an **insertion**) or a clean token OCR lost (a
//! **deletion**). Sides are compared in their normal form
//! ([`crate::errormodel::corpus::normalize`]): leading and trailing
//! punctuation removed, `–` and `—` read as `-`, case kept. A unit is
//! **damaged** when the forms differ; substitutions, splits, joins and
//! insertions of tokens with letters or digits are damaged. Units of
//! punctuation only on both sides (`–` read as `-`), OCR tokens of
//! punctuation only that stand for nothing (noise), and deletions (nothing to
//! flag) are counted but not scored.
//!
//! # Metrics
//!
//! * **Detection**: a damaged unit is *detected* when a diagnostic's span
//!   overlaps its OCR text (attached punctuation included, since OCR often
//!   reads letters as punctuation: `!ш!нен`). A correct unit is a *false
//!   alarm* when a diagnostic overlaps its letters (the text between its first
//!   and last letter or digit). Precision = detected / (detected + false
//!   alarms), recall = detected / damaged, F1 their harmonic mean.
//! * **Top-1 / top-5**: for a detected unit, the diagnostics overlapping it
//!   are applied to the text of the units they cover: top-1 applies each
//!   one's best suggestion; the top-5 candidates also try, for each
//!   diagnostic in turn, its 2nd to 5th suggestion with the others at their
//!   best. A hit is a corrected text whose normal form equals the clean
//!   text's (case-sensitive, and separately case-insensitive). Rates are
//!   shares of detected units.
//! * **Safe fixes**: the OCR line is fixed the way `emle fix` does it
//!   ([`crate::fix::fix_source`] at [`Applicability::Safe`]: check, plan and
//!   apply edits, repeated), and every unit's span is followed through the
//!   edits. *Safe-fix accuracy* is the share of units touched by an edit that
//!   then equal the clean text; *repaired* counts damaged units made right,
//!   *broken* correct units made wrong (also as a share of correct units).
//! * **WER**: word error rate = token-level Levenshtein distance between the
//!   normal forms of the whitespace tokens (tokens of punctuation only are
//!   dropped) divided by the number of clean tokens, summed over records;
//!   for the OCR text (before) and the fixed text (after), with the relative
//!   reduction `(before - after) / before`.
//!
//! Every figure is given per OCR `model` and overall.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Write;
use std::ops::Range;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::Linter;
use crate::errormodel::corpus::{
    AlignedRecord, PairRecord, UnitKind, is_word_char, levenshtein, normalize, read_pairs,
    token_spans,
};
use crate::fix::{Edit, apply_edits, fix_source_by, plan_edits};
use crate::rules::{DocumentWords, LetterShare};
use crate::source::{Origin, Source};

pub use crate::errormodel::corpus::CorpusError as EvalError;

/// Passes of the fix loop, as many as `fix_source` makes at most.
const FIX_PASSES: usize = 4;
/// Suggestions per diagnostic tried for top-5.
const TOP_K: usize = 5;

/// Which per-unit results an evaluation keeps for [`EvalReport::write_dump`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepUnits {
    /// None (the default).
    #[default]
    None,
    /// Misses, false alarms, wrong top-1 corrections, wrong or breaking fixes.
    Errors,
    /// Every scored unit.
    All,
}

/// How to evaluate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Records whose `max_deleted_run` is at least this are skipped.
    pub max_deleted_run: u32,
    /// Which per-unit results to keep in the report.
    pub keep: KeepUnits,
    /// Which OCR lines are checked together as one document. Only OCR
    /// text is shared, never the clean side.
    pub documents: Documents,
    /// Score a second `emle fix` run: every record's OCR line is first
    /// replaced by what the safe fix makes of it (with its document), and
    /// the fixed lines are scored as OCR output. A fix that is idempotent
    /// makes no safe edit there.
    pub after_fix: bool,
}

/// Which records' OCR lines form one document, as `emle check` would see
/// them in one file: document evidence and the letters a document shows
/// depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Documents {
    /// Every line on its own.
    Lines,
    /// The records that share `doc`, `font`, `degradation` and `model`:
    /// one scanned page set, read by one engine.
    #[default]
    Pages,
    /// Every record read by one OCR model: a book-sized document, where
    /// more candidates are attested by chance than on one page.
    Models,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            max_deleted_run: 3,
            keep: KeepUnits::None,
            documents: Documents::Pages,
            after_fix: false,
        }
    }
}

/// The document a record belongs to as `documents` groups them (`None`
/// when it stands alone: every line, or a page record without a `doc`).
fn document_key(r: &PairRecord, documents: Documents) -> Option<(String, String, String, String)> {
    match documents {
        Documents::Lines => None,
        Documents::Pages => Some((
            r.doc.clone()?,
            r.font.clone().unwrap_or_default(),
            r.degradation.clone().unwrap_or_default(),
            r.model.clone(),
        )),
        Documents::Models => Some((String::new(), String::new(), String::new(), r.model.clone())),
    }
}

/// Raw counts of one group of records (one OCR model, or all).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    /// Records scored.
    pub records: usize,
    /// Records skipped for lost lines (`max_deleted_run`).
    pub records_skipped: usize,
    /// Records whose alignment emle had to make itself.
    pub realigned: usize,
    /// Units whose OCR text is right.
    pub correct: usize,
    /// Damaged units (substituted + splits + joins + inserted).
    pub damaged: usize,
    /// One clean token read as another OCR token.
    pub substituted: usize,
    /// One clean token read as several OCR tokens.
    pub splits: usize,
    /// Several clean tokens read as one OCR token.
    pub joins: usize,
    /// OCR tokens with letters or digits standing for nothing.
    pub inserted: usize,
    /// Clean tokens OCR lost (not scored).
    pub deleted: usize,
    /// OCR tokens of punctuation only standing for nothing (not scored).
    pub noise: usize,
    /// Units of punctuation only on both sides (not scored).
    pub punct: usize,
    /// Damaged units a diagnostic overlaps.
    pub detected: usize,
    /// Correct units a diagnostic overlaps.
    pub false_alarms: usize,
    /// Detected units with at least one suggestion.
    pub suggested: usize,
    /// Detected units whose best suggestions give the clean text.
    pub top1: usize,
    /// Same, ignoring case.
    pub top1_ci: usize,
    /// Detected units where one of the top-5 candidates gives the clean text.
    pub top5: usize,
    /// Same, ignoring case.
    pub top5_ci: usize,
    /// Edits applied by the safe fix (all passes).
    pub safe_edits: usize,
    /// Units touched by a safe edit.
    pub fixed_units: usize,
    /// Touched units that equal the clean text after the fix.
    pub fixed_right: usize,
    /// Damaged units that equal the clean text after the fix.
    pub repaired: usize,
    /// Correct units that no longer equal the clean text after the fix.
    pub broken: usize,
    /// Records where following the fix edits did not reproduce `fix_source`
    /// (their units are not counted in the fix figures, their WER is).
    pub fix_divergent: usize,
    /// Clean word tokens (punctuation-only tokens dropped).
    pub clean_words: usize,
    /// Token edit distance OCR → clean.
    pub word_errors_before: usize,
    /// Token edit distance fixed OCR → clean.
    pub word_errors_after: usize,
    /// Per diagnostic code: how many damaged and correct units it overlaps.
    pub codes: BTreeMap<String, CodeCounts>,
}

/// What one rule's diagnostics overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CodeCounts {
    /// Damaged units overlapped.
    pub damaged: usize,
    /// Correct units overlapped (false alarms).
    pub correct: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.records += o.records;
        self.records_skipped += o.records_skipped;
        self.realigned += o.realigned;
        self.correct += o.correct;
        self.damaged += o.damaged;
        self.substituted += o.substituted;
        self.splits += o.splits;
        self.joins += o.joins;
        self.inserted += o.inserted;
        self.deleted += o.deleted;
        self.noise += o.noise;
        self.punct += o.punct;
        self.detected += o.detected;
        self.false_alarms += o.false_alarms;
        self.suggested += o.suggested;
        self.top1 += o.top1;
        self.top1_ci += o.top1_ci;
        self.top5 += o.top5;
        self.top5_ci += o.top5_ci;
        self.safe_edits += o.safe_edits;
        self.fixed_units += o.fixed_units;
        self.fixed_right += o.fixed_right;
        self.repaired += o.repaired;
        self.broken += o.broken;
        self.fix_divergent += o.fix_divergent;
        self.clean_words += o.clean_words;
        self.word_errors_before += o.word_errors_before;
        self.word_errors_after += o.word_errors_after;
        for (code, c) in &o.codes {
            let e = self.codes.entry(code.clone()).or_default();
            e.damaged += c.damaged;
            e.correct += c.correct;
        }
    }

    /// The rates derived from the counts.
    pub fn rates(&self) -> Rates {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.detected, self.detected + self.false_alarms);
        let recall = ratio(self.detected, self.damaged);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let wer_before = ratio(self.word_errors_before, self.clean_words);
        let wer_after = ratio(self.word_errors_after, self.clean_words);
        Rates {
            precision,
            recall,
            f1,
            top1: ratio(self.top1, self.detected),
            top1_ci: ratio(self.top1_ci, self.detected),
            top5: ratio(self.top5, self.detected),
            top5_ci: ratio(self.top5_ci, self.detected),
            safe_fix_accuracy: ratio(self.fixed_right, self.fixed_units),
            broken_share: ratio(self.broken, self.correct),
            wer_before,
            wer_after,
            wer_reduction: if wer_before > 0.0 {
                (wer_before - wer_after) / wer_before
            } else {
                0.0
            },
        }
    }
}

/// Rates derived from [`Counts`], all between 0 and 1 (WER reduction may be negative).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Rates {
    /// detected / (detected + false alarms).
    pub precision: f64,
    /// detected / damaged.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// top-1 hits / detected.
    pub top1: f64,
    /// top-1 hits ignoring case / detected.
    pub top1_ci: f64,
    /// top-5 hits / detected.
    pub top5: f64,
    /// top-5 hits ignoring case / detected.
    pub top5_ci: f64,
    /// Touched units right after the safe fix / touched units.
    pub safe_fix_accuracy: f64,
    /// Correct units broken by the fix / correct units.
    pub broken_share: f64,
    /// Word error rate of the OCR text.
    pub wer_before: f64,
    /// Word error rate of the fixed OCR text.
    pub wer_after: f64,
    /// (before - after) / before.
    pub wer_reduction: f64,
}

/// Counts and rates of one group.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct GroupReport {
    /// Raw counts.
    pub counts: Counts,
    /// Derived rates.
    pub rates: Rates,
}

/// The result of scoring one unit, for debugging (`--dump`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitResult {
    /// 1-based line of the record in the input.
    pub line: usize,
    /// OCR model of the record.
    pub model: String,
    /// What kind of unit it is.
    pub kind: UnitKind,
    /// Its clean text.
    pub clean: String,
    /// Its OCR text.
    pub ocr: String,
    /// Byte span of the OCR text in the record's `ocr`.
    pub span: Range<usize>,
    /// Codes of the diagnostics that overlap it.
    pub codes: Vec<String>,
    /// For damaged units: a diagnostic overlaps it.
    pub detected: bool,
    /// For correct units: a diagnostic overlaps its letters.
    pub false_alarm: bool,
    /// The text with the best suggestions applied (detected units with suggestions).
    pub top1: Option<String>,
    /// Whether `top1` equals the clean text.
    pub top1_hit: bool,
    /// Whether a top-5 candidate equals the clean text.
    pub top5_hit: bool,
    /// The suggestions of the first diagnostic over it that has any, best
    /// first, with their confidence: what a threshold would be tuned on.
    pub suggestions: Vec<(String, f32)>,
    /// The unit's text after the safe fix, if an edit touched it.
    pub fixed: Option<String>,
    /// Whether the unit equals the clean text after the safe fix.
    pub right_after_fix: bool,
}

impl UnitResult {
    fn is_error(&self) -> bool {
        let damaged = self.kind.is_damaged();
        (damaged && (!self.detected || !self.top1_hit))
            || self.false_alarm
            || (self.fixed.is_some() && !self.right_after_fix)
    }
}

/// The result of `emle eval pairs`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    /// All scored records.
    pub overall: GroupReport,
    /// Per OCR model (`kaz`, `rus`, `kaz+rus`, …).
    pub models: BTreeMap<String, GroupReport>,
    /// Per-unit results kept by [`EvalOptions::keep`].
    #[serde(skip)]
    pub units: Vec<UnitResult>,
}

impl EvalReport {
    /// Writes the kept per-unit results as JSON lines.
    pub fn write_dump(&self, w: &mut dyn Write) -> std::io::Result<()> {
        for u in &self.units {
            serde_json::to_writer(&mut *w, u)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Scores `linter` on every record of a pairs JSONL text.
pub fn evaluate(
    pairs_jsonl: &str,
    linter: &Linter,
    opts: &EvalOptions,
) -> Result<EvalReport, EvalError> {
    let mut per_model: BTreeMap<String, Counts> = BTreeMap::new();
    let mut units = Vec::new();
    let mut records: Vec<(usize, PairRecord)> =
        read_pairs(pairs_jsonl).collect::<Result<_, _>>()?;
    let mut documents = documents_of(&records, opts.documents);
    if opts.after_fix {
        for (_, record) in records
            .iter_mut()
            .filter(|(_, r)| r.max_deleted_run < opts.max_deleted_run)
        {
            let document = document_key(record, opts.documents).and_then(|k| documents.get(&k));
            let source = Source::from_string(Origin::Stdin, std::mem::take(&mut record.ocr));
            record.ocr = fix_source_by(&source, Applicability::Safe, |s| {
                check_in(linter, document, s)
            })
            .text;
            // The alignment given was of the old OCR line.
            record.align.clear();
        }
        documents = documents_of(&records, opts.documents);
    }
    for (line, record) in &records {
        let counts = per_model.entry(record.model.clone()).or_default();
        if record.max_deleted_run >= opts.max_deleted_run {
            counts.records_skipped += 1;
            continue;
        }
        let document = document_key(record, opts.documents).and_then(|k| documents.get(&k));
        score_record(*line, record, linter, document, opts, counts, &mut units);
    }
    let mut overall = Counts::default();
    for c in per_model.values() {
        overall.add(c);
    }
    let group = |counts: Counts| GroupReport {
        rates: counts.rates(),
        counts,
    };
    Ok(EvalReport {
        overall: group(overall),
        models: per_model.into_iter().map(|(m, c)| (m, group(c))).collect(),
        units,
    })
}

/// The OCR words and letter shares of the documents `records` form.
type DocumentFacts = HashMap<(String, String, String, String), (DocumentWords, LetterShare)>;

/// The words and letter share of every document of `records`, as
/// `documents` groups them.
fn documents_of(records: &[(usize, PairRecord)], documents: Documents) -> DocumentFacts {
    let mut facts = DocumentFacts::new();
    for (_, r) in records {
        if let Some(key) = document_key(r, documents) {
            let (words, letters) = facts.entry(key).or_default();
            words.extend(&r.ocr);
            letters.add(&r.ocr);
        }
    }
    facts
}

/// Checks `source`, one OCR line, with the evidence of its `document`.
fn check_in(
    linter: &Linter,
    document: Option<&(DocumentWords, LetterShare)>,
    source: &Source,
) -> Vec<Diagnostic> {
    match document {
        Some((words, letters)) => linter.check_in_document(source, words, *letters),
        None => linter.check(source),
    }
}

/// True when a diagnostic span touches the byte range (an empty span counts
/// when it lies inside or at the start of the range).
fn overlaps(d: &Range<usize>, r: &Range<usize>) -> bool {
    if d.start == d.end {
        r.start <= d.start && d.start < r.end
    } else {
        d.start < r.end && r.start < d.end
    }
}

/// The range without leading and trailing punctuation (the whole range if
/// nothing would be left).
fn letters_span(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = s.find(is_word_char);
    let end = s.rfind(is_word_char);
    match (start, end) {
        (Some(a), Some(b)) => {
            let last = s[b..].chars().next().map_or(0, char::len_utf8);
            r.start + a..r.start + b + last
        }
        _ => r.clone(),
    }
}

/// Maps a position through sorted, non-overlapping edits (see [`track`]).
fn map_pos(p: usize, edits: &[Edit], is_end: bool) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        let len = e.replacement.len() as isize;
        if e.span.end <= p && e.span.start < p {
            delta += len - (e.span.end - e.span.start) as isize;
        } else if e.span.start < p && p < e.span.end {
            let base = (e.span.start as isize + delta) as usize;
            return if is_end { base + len as usize } else { base };
        } else {
            break;
        }
    }
    (p as isize + delta) as usize
}

/// Follows a span through edits: positions before an edit stay, after it
/// shift, inside it move to the edit's start (span starts) or end (span ends),
/// so a span covers what replaced its bytes.
fn track(span: &Range<usize>, edits: &[Edit]) -> Range<usize> {
    let start = map_pos(span.start, edits, false);
    let end = map_pos(span.end, edits, true).max(start);
    start..end
}

/// The normal forms of a text's whitespace tokens, punctuation-only tokens dropped.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Applies one suggestion index per diagnostic to the window's text.
fn corrected(text: &str, window: &Range<usize>, diags: &[&Diagnostic], pick: &[usize]) -> String {
    let mut edits: Vec<Edit> = diags
        .iter()
        .zip(pick)
        .filter_map(|(d, &k)| {
            let s = d.suggestions.get(k)?;
            Some(Edit {
                span: d.span.start - window.start..d.span.end - window.start,
                replacement: s.replacement.clone(),
            })
        })
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if kept
            .last()
            .is_none_or(|l| e.span.start >= l.span.end && e.span.start != l.span.start)
        {
            kept.push(e);
        }
    }
    apply_edits(&text[window.clone()], &kept)
}

fn score_record(
    line: usize,
    record: &PairRecord,
    linter: &Linter,
    document: Option<&(DocumentWords, LetterShare)>,
    opts: &EvalOptions,
    counts: &mut Counts,
    kept: &mut Vec<UnitResult>,
) {
    counts.records += 1;
    let aligned = AlignedRecord::new(record);
    if aligned.realigned {
        counts.realigned += 1;
    }
    let check = |s: &Source| check_in(linter, document, s);
    let text = record.ocr.as_str();
    let source = Source::from_string(Origin::Stdin, record.ocr.clone());
    let diagnostics = check(&source);

    let spans: Vec<Option<Range<usize>>> =
        aligned.units.iter().map(|u| aligned.ocr_span(u)).collect();
    let kinds: Vec<UnitKind> = aligned.units.iter().map(|u| aligned.kind(u)).collect();
    let targets: Vec<String> = aligned
        .units
        .iter()
        .map(|u| normalize(&aligned.clean_text(u)))
        .collect();

    // The safe fix, following every unit's span through the edits.
    let mut fixed_text = record.ocr.clone();
    let mut tracked = spans.clone();
    let mut touched = vec![false; spans.len()];
    let mut edits_applied = 0;
    for pass in 0..FIX_PASSES {
        let fresh;
        let diags = if pass == 0 {
            &diagnostics
        } else {
            fresh = check(&Source::from_string(Origin::Stdin, fixed_text.clone()));
            &fresh
        };
        let (edits, _) = plan_edits(&fixed_text, diags, Applicability::Safe);
        if edits.is_empty() {
            break;
        }
        for (span, t) in tracked.iter_mut().zip(touched.iter_mut()) {
            if let Some(span) = span {
                *t |= edits.iter().any(|e| overlaps(&e.span, span));
                *span = track(span, &edits);
            }
        }
        edits_applied += edits.len();
        fixed_text = apply_edits(&fixed_text, &edits);
    }
    let mut fix_reliable = true;
    if edits_applied > 0 {
        let reference = fix_source_by(&source, Applicability::Safe, check);
        if reference.text != fixed_text {
            counts.fix_divergent += 1;
            fix_reliable = false;
            fixed_text = reference.text;
        }
    }
    counts.safe_edits += edits_applied;

    let clean_words = words(&record.clean);
    counts.clean_words += clean_words.len();
    counts.word_errors_before += levenshtein(&clean_words, &words(text));
    counts.word_errors_after += levenshtein(&clean_words, &words(&fixed_text));

    for (i, unit) in aligned.units.iter().enumerate() {
        let kind = kinds[i];
        match kind {
            UnitKind::Correct => counts.correct += 1,
            UnitKind::Substituted => counts.substituted += 1,
            UnitKind::Split => counts.splits += 1,
            UnitKind::Joined => counts.joins += 1,
            UnitKind::Inserted => counts.inserted += 1,
            UnitKind::Deleted => counts.deleted += 1,
            UnitKind::Noise => counts.noise += 1,
            UnitKind::Punct => counts.punct += 1,
        }
        let Some(span) = spans[i].clone() else {
            continue;
        };
        let damaged = kind.is_damaged();
        if !damaged && kind != UnitKind::Correct {
            continue;
        }
        if damaged {
            counts.damaged += 1;
        }
        let probe = if damaged {
            span.clone()
        } else {
            letters_span(text, &span)
        };
        let over: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| overlaps(&d.span, &probe))
            .collect();
        let mut codes: Vec<String> = over.iter().map(|d| d.code.to_string()).collect();
        codes.dedup();
        for code in &codes {
            let c = counts.codes.entry(code.clone()).or_default();
            if damaged {
                c.damaged += 1;
            } else {
                c.correct += 1;
            }
        }
        let detected = damaged && !over.is_empty();
        let false_alarm = !damaged && !over.is_empty();
        counts.detected += usize::from(detected);
        counts.false_alarms += usize::from(false_alarm);

        let (mut top1, mut top1_hit, mut top5_hit) = (None, false, false);
        if detected && over.iter().any(|d| !d.suggestions.is_empty()) {
            counts.suggested += 1;
            // The window: the unit and the diagnostics' spans, widened to whole units.
            let mut window = over.iter().fold(span.clone(), |w, d| {
                w.start.min(d.span.start)..w.end.max(d.span.end)
            });
            let covered: Vec<usize> = (0..spans.len())
                .filter(|&j| spans[j].as_ref().is_some_and(|s| overlaps(s, &window)))
                .collect();
            let (first, last) = (
                covered.first().copied().unwrap_or(i),
                covered.last().copied().unwrap_or(i),
            );
            for s in spans[first..=last].iter().flatten() {
                window = window.start.min(s.start)..window.end.max(s.end);
            }
            let target = normalize(
                &aligned.units[first..=last]
                    .iter()
                    .map(|u| aligned.clean_text(u))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            let target_lower = target.to_lowercase();
            let mut pick = vec![0; over.len()];
            let best = normalize(&corrected(text, &window, &over, &pick));
            top1_hit = best == target;
            let top1_ci_hit = best.to_lowercase() == target_lower;
            let mut top5_ci_hit = top1_ci_hit;
            top5_hit = top1_hit;
            for d in 0..over.len() {
                for k in 1..TOP_K.min(over[d].suggestions.len()) {
                    pick[d] = k;
                    let cand = normalize(&corrected(text, &window, &over, &pick));
                    top5_hit |= cand == target;
                    top5_ci_hit |= cand.to_lowercase() == target_lower;
                }
                pick[d] = 0;
            }
            counts.top1 += usize::from(top1_hit);
            counts.top1_ci += usize::from(top1_ci_hit);
            counts.top5 += usize::from(top5_hit);
            counts.top5_ci += usize::from(top5_ci_hit);
            top1 = Some(best);
        }

        let (mut fixed, mut right_after_fix) = (None, !damaged);
        if fix_reliable {
            let after = tracked[i].clone().unwrap_or(span.clone());
            let after_text = fixed_text.get(after).unwrap_or_default();
            right_after_fix = normalize(after_text) == targets[i];
            if touched[i] {
                counts.fixed_units += 1;
                counts.fixed_right += usize::from(right_after_fix);
                fixed = Some(after_text.to_string());
            }
            counts.repaired += usize::from(damaged && right_after_fix);
            counts.broken += usize::from(!damaged && !right_after_fix);
        }

        if opts.keep != KeepUnits::None {
            let result = UnitResult {
                line,
                model: record.model.clone(),
                kind,
                clean: aligned.clean_text(unit),
                ocr: aligned.ocr_text(unit),
                span,
                codes,
                detected,
                false_alarm,
                top1,
                top1_hit,
                top5_hit,
                suggestions: over
                    .iter()
                    .find(|d| !d.suggestions.is_empty())
                    .map(|d| {
                        d.suggestions
                            .iter()
                            .map(|s| (s.replacement.clone(), s.confidence))
                            .collect()
                    })
                    .unwrap_or_default(),
                fixed,
                right_after_fix,
            };
            if opts.keep == KeepUnits::All || result.is_error() {
                kept.push(result);
            }
        }
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut groups: Vec<(&str, &GroupReport)> =
            self.models.iter().map(|(m, g)| (m.as_str(), g)).collect();
        groups.push(("all", &self.overall));
        type Row = (&'static str, fn(&GroupReport) -> String);
        let rows: &[Row] = &[
            ("records", |g| g.counts.records.to_string()),
            ("skipped (lost lines)", |g| {
                g.counts.records_skipped.to_string()
            }),
            ("correct tokens", |g| g.counts.correct.to_string()),
            ("damaged tokens", |g| g.counts.damaged.to_string()),
            ("  substituted", |g| g.counts.substituted.to_string()),
            ("  splits", |g| g.counts.splits.to_string()),
            ("  joins", |g| g.counts.joins.to_string()),
            ("  inserted", |g| g.counts.inserted.to_string()),
            ("deleted (not scored)", |g| g.counts.deleted.to_string()),
            ("detected", |g| g.counts.detected.to_string()),
            ("false alarms", |g| g.counts.false_alarms.to_string()),
            ("precision", |g| pct(g.rates.precision)),
            ("recall", |g| pct(g.rates.recall)),
            ("F1", |g| pct(g.rates.f1)),
            ("top-1 (of detected)", |g| pct(g.rates.top1)),
            ("top-1 ignoring case", |g| pct(g.rates.top1_ci)),
            ("top-5 (of detected)", |g| pct(g.rates.top5)),
            ("top-5 ignoring case", |g| pct(g.rates.top5_ci)),
            ("safe edits", |g| g.counts.safe_edits.to_string()),
            ("safe-fix accuracy", |g| pct(g.rates.safe_fix_accuracy)),
            ("repaired tokens", |g| g.counts.repaired.to_string()),
            ("broken tokens", |g| g.counts.broken.to_string()),
            ("broken share", |g| pct(g.rates.broken_share)),
            ("WER before", |g| pct(g.rates.wer_before)),
            ("WER after fix", |g| pct(g.rates.wer_after)),
            ("WER reduction", |g| pct(g.rates.wer_reduction)),
        ];
        let label_w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|(_, get)| groups.iter().map(|(_, g)| get(g)).collect())
            .collect();
        let widths: Vec<usize> = groups
            .iter()
            .enumerate()
            .map(|(k, (name, _))| {
                cells
                    .iter()
                    .map(|r| r[k].len())
                    .chain([name.len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        write!(f, "{:label_w$}", "")?;
        for ((name, _), w) in groups.iter().zip(&widths) {
            write!(f, "  {name:>w$}")?;
        }
        writeln!(f)?;
        for ((label, _), row) in rows.iter().zip(&cells) {
            write!(f, "{label:label_w$}")?;
            for (cell, w) in row.iter().zip(&widths) {
                write!(f, "  {cell:>w$}")?;
            }
            writeln!(f)?;
        }
        if !self.overall.counts.codes.is_empty() {
            writeln!(f)?;
            writeln!(
                f,
                "{:label_w$}  {:>8}  {:>8}",
                "rule (all models)", "damaged", "correct"
            )?;
            for (code, c) in &self.overall.counts.codes {
                writeln!(f, "{code:label_w$}  {:>8}  {:>8}", c.damaged, c.correct)?;
            }
        }
        let c = &self.overall.counts;
        if c.realigned + c.fix_divergent > 0 {
            writeln!(
                f,
                "\n{} records realigned by emle; {} records where the fix could not be followed token by token",
                c.realigned, c.fix_divergent
            )?;
        }
        Ok(())
    }
}

/// A word flagged in clean text, with how often and by which rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FlaggedWord {
    /// The word without leading and trailing punctuation.
    pub word: String,
    /// How many of its occurrences were flagged.
    pub count: usize,
    /// Codes of the rules that flagged it.
    pub codes: Vec<String>,
}

/// The result of `emle eval clean`: false alarms on text without damage.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CleanReport {
    /// Non-empty lines checked.
    pub lines: usize,
    /// Word tokens (whitespace tokens with a letter or digit).
    pub words: usize,
    /// Word tokens whose letters a diagnostic overlaps.
    pub flagged: usize,
    /// flagged / words.
    pub false_alarm_rate: f64,
    /// Diagnostics per code (all diagnostics, not only those on words).
    pub codes: BTreeMap<String, usize>,
    /// The most often flagged words, most frequent first (at most 50).
    pub top: Vec<FlaggedWord>,
}

/// Words listed in [`CleanReport::top`].
const TOP_WORDS: usize = 50;

/// Checks every line of a clean text as its own source and counts the word
/// tokens a diagnostic overlaps: each is a false alarm.
pub fn evaluate_clean(text: &str, linter: &Linter) -> CleanReport {
    let mut report = CleanReport::default();
    let mut flagged: HashMap<String, (usize, Vec<String>)> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        report.lines += 1;
        let source = Source::from_string(Origin::Stdin, line.to_string());
        let diagnostics = linter.check(&source);
        for d in &diagnostics {
            *report.codes.entry(d.code.to_string()).or_default() += 1;
        }
        for span in token_spans(line) {
            if !line[span.clone()].chars().any(is_word_char) {
                continue;
            }
            report.words += 1;
            let probe = letters_span(line, &span);
            let mut hits = diagnostics
                .iter()
                .filter(|d| overlaps(&d.span, &probe))
                .peekable();
            if hits.peek().is_none() {
                continue;
            }
            report.flagged += 1;
            let entry = flagged.entry(line[probe.clone()].to_string()).or_default();
            entry.0 += 1;
            for d in hits {
                if !entry.1.iter().any(|c| c == d.code) {
                    entry.1.push(d.code.to_string());
                }
            }
        }
    }
    report.false_alarm_rate = if report.words == 0 {
        0.0
    } else {
        report.flagged as f64 / report.words as f64
    };
    let mut top: Vec<FlaggedWord> = flagged
        .into_iter()
        .map(|(word, (count, mut codes))| {
            codes.sort();
            FlaggedWord { word, count, codes }
        })
        .collect();
    top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    top.truncate(TOP_WORDS);
    report.top = top;
    report
}

impl fmt::Display for CleanReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "lines             {}", self.lines)?;
        writeln!(f, "word tokens       {}", self.words)?;
        writeln!(f, "flagged tokens    {}", self.flagged)?;
        writeln!(f, "false-alarm rate  {}", pct(self.false_alarm_rate))?;
        if !self.codes.is_empty() {
            writeln!(f, "\ndiagnostics per rule:")?;
            for (code, n) in &self.codes {
                writeln!(f, "  {code:24} {n:>7}")?;
            }
        }
        if !self.top.is_empty() {
            writeln!(f, "\nmost often flagged words:")?;
            let w = self
                .top
                .iter()
                .map(|t| t.word.chars().count())
                .max()
                .unwrap_or(0);
            for t in &self.top {
                let pad = w - t.word.chars().count();
                writeln!(
                    f,
                    "  {}{:pad$}  {:>5}  {}",
                    t.word,
                    "",
                    t.count,
                    t.codes.join(", ")
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Selection;

    fn linter() -> Linter {
        Linter::with_selection(&Selection {
            select: vec!["mixed-script".into(), "unknown-word".into()],
            ignore: vec![],
            ..Default::default()
        })
        .unwrap()
    }

    fn record(model: &str, clean: &str, ocr: &str, max_deleted_run: u32) -> String {
        serde_json::json!({
            "model": model,
            "clean": clean,
            "ocr": ocr,
            "max_deleted_run": max_deleted_run,
        })
        .to_string()
    }

    #[test]
    fn detection_corrections_fixes_and_wer() {
        let jsonl = [
            // Latin e (safe fix) and digits for і (review suggestion).
            record("kaz", "Кеңес білім береді.", "Кеңeс б1л1м береді.", 0),
            // The clean text itself mixes scripts: a false alarm the fix breaks.
            record("rus", "Кеңeс – бала", "Кеңeс - бала", 0),
            // A split and a join, both seen as unknown words.
            record("rus", "бастапқы жылы бала", "баст апқы жылыбала", 0),
            // Lost lines: skipped.
            record("rus", "а б в г", "а", 3),
        ]
        .join("\n");
        let r = evaluate(&jsonl, &linter(), &EvalOptions::default()).unwrap();
        let kaz = &r.models["kaz"].counts;
        assert_eq!((kaz.records, kaz.correct, kaz.damaged), (1, 1, 2));
        assert_eq!((kaz.detected, kaz.false_alarms), (2, 0));
        assert_eq!((kaz.top1, kaz.top5), (2, 2));
        assert_eq!(
            (kaz.safe_edits, kaz.fixed_units, kaz.fixed_right),
            (1, 1, 1)
        );
        assert_eq!((kaz.repaired, kaz.broken), (1, 0));
        assert_eq!(
            (
                kaz.clean_words,
                kaz.word_errors_before,
                kaz.word_errors_after
            ),
            (3, 2, 1)
        );
        let rus = &r.models["rus"].counts;
        assert_eq!((rus.records, rus.records_skipped), (2, 1));
        assert_eq!((rus.splits, rus.joins, rus.punct), (1, 1, 1));
        assert_eq!((rus.false_alarms, rus.broken, rus.fixed_right), (1, 1, 0));
        assert_eq!(rus.codes["mixed-script"].correct, 1);
        let all = &r.overall;
        assert_eq!(all.counts.damaged, 4);
        assert_eq!(all.counts.detected, 4);
        assert!((all.rates.precision - 4.0 / 5.0).abs() < 1e-9);
        assert!((all.rates.recall - 1.0).abs() < 1e-9);
        assert!((all.rates.safe_fix_accuracy - 0.5).abs() < 1e-9);
        let table = r.to_string();
        assert!(table.contains("precision") && !table.contains("kaz+rus"));
        assert!(
            serde_json::to_string(&r)
                .unwrap()
                .contains("\"wer_before\"")
        );
    }

    #[test]
    fn lines_of_one_document_are_evidence_for_each_other() {
        let line = |clean: &str, ocr: &str, font: &str| {
            serde_json::json!({
                "doc": "d1", "font": font, "degradation": "clean", "model": "kaz",
                "clean": clean, "ocr": ocr, "max_deleted_run": 0,
            })
            .to_string()
        };
        let page = |font: &str| {
            format!(
                "{}\n{}\n",
                line(
                    "Жергілікті Кеңестер жанында.",
                    "Жергілікті Кеңестер жанында.",
                    "A"
                ),
                line(
                    "Кеңестер рөлі арта түсті.",
                    "Кенестер рөлі арта түсті.",
                    font
                )
            )
        };
        let safe = |jsonl: &str, documents: Documents| {
            let opts = EvalOptions {
                documents,
                ..EvalOptions::default()
            };
            evaluate(jsonl, &linter(), &opts)
                .unwrap()
                .overall
                .counts
                .safe_edits
        };
        assert_eq!(safe(&page("A"), Documents::Pages), 1);
        assert_eq!(safe(&page("A"), Documents::Lines), 0);
        // Another font is another scan: no evidence.
        assert_eq!(safe(&page("B"), Documents::Pages), 0);
        // Unless every page one model read is one document.
        assert_eq!(safe(&page("B"), Documents::Models), 1);
    }

    #[test]
    fn after_fix_scores_a_second_fix_of_the_fixed_lines() {
        let jsonl = record("kaz", "Кеңес жылы бала", "Кеңeс жылы бала", 0);
        let run = |after_fix: bool| {
            let opts = EvalOptions {
                after_fix,
                ..EvalOptions::default()
            };
            evaluate(&jsonl, &linter(), &opts).unwrap().overall.counts
        };
        let (first, second) = (run(false), run(true));
        assert_eq!((first.substituted, first.safe_edits), (1, 1));
        // The first fix mended the line: nothing is left to damage or fix.
        assert_eq!((second.substituted, second.safe_edits), (0, 0));
        assert_eq!(second.correct, 3);
    }

    #[test]
    fn dump_keeps_errors_as_json_lines() {
        let jsonl = record("kaz", "Кеңес жылы бала", "Кеңeс жылыбала", 0);
        let opts = EvalOptions {
            keep: KeepUnits::Errors,
            ..EvalOptions::default()
        };
        let r = evaluate(&jsonl, &linter(), &opts).unwrap();
        // The fixed Кеңeс is right: only the missed join is an error.
        assert_eq!(r.units.len(), 1);
        assert_eq!(r.units[0].kind, UnitKind::Joined);
        let mut out = Vec::new();
        r.write_dump(&mut out).unwrap();
        let line: serde_json::Value =
            serde_json::from_str(std::str::from_utf8(&out).unwrap().trim()).unwrap();
        assert_eq!(line["ocr"], "жылыбала");
        assert_eq!(line["line"], 1);
        let all = EvalOptions {
            keep: KeepUnits::All,
            ..EvalOptions::default()
        };
        assert_eq!(evaluate(&jsonl, &linter(), &all).unwrap().units.len(), 2);
    }

    #[test]
    fn malformed_records_are_errors_with_line_numbers() {
        let jsonl = format!("{}\n{{\"clean\": \"а\"}}\n", record("kaz", "а", "а", 0));
        let err = evaluate(&jsonl, &linter(), &EvalOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
    }

    #[test]
    fn spans_follow_edits() {
        let edits = [
            Edit {
                span: 2..4,
                replacement: "XYZ".into(),
            },
            Edit {
                span: 6..9,
                replacement: String::new(),
            },
        ];
        assert_eq!(track(&(0..2), &edits), 0..2);
        assert_eq!(track(&(2..4), &edits), 2..5);
        assert_eq!(track(&(3..5), &edits), 2..6);
        assert_eq!(track(&(5..10), &edits), 6..8);
        assert_eq!(track(&(7..8), &edits), 7..7);
    }

    /// Runs the evaluation and the training on a real pairs file named by the
    /// `EMLE_PAIRS` environment variable: `EMLE_PAIRS=pairs.jsonl cargo test
    /// --release -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs a pairs file named by EMLE_PAIRS"]
    #[allow(clippy::print_stdout)]
    fn real_pairs_file() {
        let Ok(path) = std::env::var("EMLE_PAIRS") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let report = evaluate(&text, &Linter::new(), &EvalOptions::default()).unwrap();
        println!("{report}");
        assert!(report.overall.counts.records > 0);
        let trained = crate::errormodel::train(&text, &Default::default()).unwrap();
        println!("{:?}", trained.stats);
        assert!(!trained.table.is_empty());
    }

    #[test]
    fn clean_text_false_alarms() {
        let r = evaluate_clean("Кеңeс жақсы.\n\n«Кеңeс» – білім\n", &linter());
        assert_eq!((r.lines, r.words, r.flagged), (2, 4, 2));
        assert!((r.false_alarm_rate - 0.5).abs() < 1e-9);
        assert_eq!(r.top[0].word, "Кеңeс");
        assert_eq!(r.top[0].count, 2);
        assert_eq!(r.codes["mixed-script"], 2);
        assert!(r.to_string().contains("false-alarm rate  50.0%"));
    }
}
