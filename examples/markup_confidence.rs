//! Measures what the OCR engine's word confidences add: checks and safely
//! fixes hOCR files with and without them, and scores every word against
//! the clean text of aligned OCR pairs.
//!
//! ```text
//! cargo run --release --example markup_confidence -- HOCR_DIR PAIRS.jsonl
//! ```
//!
//! An hOCR file is named `<page>.<model>.hocr`; its words are matched to
//! the OCR tokens of the pairs records with that `page` and `model` (in
//! file order) by an exact diff, and each matched word is labelled by its
//! aligned unit: correct, damaged (with the clean word when one clean
//! token was read as this one token) or unscored (punctuation). A word is
//! flagged when a diagnostic touches it. Precision = damaged flagged /
//! all flagged, recall = damaged flagged / damaged; safe-fix accuracy =
//! words a safe fix changed that then equal the clean word / words changed.

use std::collections::BTreeMap;

use emle::diagnostic::{Applicability, Diagnostic};
use emle::engine::Linter;
use emle::errormodel::corpus::{AlignedRecord, UnitKind, normalize, read_pairs};
use emle::fix::apply_edits;
use emle::markup::{Document, Format, parse};
use emle::source::{Origin, Source};

/// What a word of the hOCR stands for in the clean text.
#[derive(Debug, Clone)]
enum Label {
    Correct,
    /// Damaged; the clean word when the unit is one token for one token.
    Damaged(Option<String>),
    Unscored,
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    words: usize,
    damaged: usize,
    detected: usize,
    false_alarms: usize,
    changed: usize,
    right: usize,
    broken: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.words += o.words;
        self.damaged += o.damaged;
        self.detected += o.detected;
        self.false_alarms += o.false_alarms;
        self.changed += o.changed;
        self.right += o.right;
        self.broken += o.broken;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The labels of a page's OCR tokens, in order.
fn labels(records: &[AlignedRecord]) -> (Vec<String>, Vec<Label>) {
    let (mut tokens, mut labels) = (Vec::new(), Vec::new());
    for a in records {
        let mut per_token = vec![Label::Unscored; a.ocr.len()];
        for u in &a.units {
            let kind = a.kind(u);
            let label = match kind {
                UnitKind::Correct => Label::Correct,
                UnitKind::Substituted if u.clean.len() == 1 && u.ocr.len() == 1 => {
                    Label::Damaged(Some(normalize(&a.clean_text(u))))
                }
                k if k.is_damaged() => Label::Damaged(None),
                _ => Label::Unscored,
            };
            for &i in &u.ocr {
                per_token[i] = label.clone();
            }
        }
        tokens.extend(a.ocr.iter().cloned());
        labels.extend(per_token);
    }
    (tokens, labels)
}

/// Diagnostics of the document's text, with or without confidences.
fn check(linter: &Linter, doc: &Document, confidence: bool) -> Vec<Diagnostic> {
    let text = Source::from_string(Origin::Stdin, doc.text.clone());
    let conf = doc.confidences();
    linter.check_with(&text, confidence.then_some(&conf))
}

/// The XML after safe fixes, made the way `emle fix` makes them.
fn fixed(linter: &Linter, xml: &str, confidence: bool) -> Result<String, String> {
    let mut xml = xml.to_string();
    for _ in 0..4 {
        let doc = parse(&xml, Format::Hocr).map_err(|e| e.to_string())?;
        let (edits, _) = doc.plan(&xml, &check(linter, &doc, confidence), Applicability::Safe);
        if edits.is_empty() {
            break;
        }
        xml = apply_edits(&xml, &edits);
    }
    Ok(xml)
}

fn score(
    linter: &Linter,
    xml: &str,
    doc: &Document,
    matched: &[Option<Label>],
    confidence: bool,
) -> Result<Score, String> {
    let diagnostics = check(linter, doc, confidence);
    let after = parse(&fixed(linter, xml, confidence)?, Format::Hocr).map_err(|e| e.to_string())?;
    let mut s = Score::default();
    for (i, (w, label)) in doc.words.iter().zip(matched).enumerate() {
        let Some(label) = label else { continue };
        if matches!(label, Label::Unscored) {
            continue;
        }
        s.words += 1;
        let flagged = diagnostics
            .iter()
            .any(|d| d.span.start < w.span.end && w.span.start < d.span.end.max(d.span.start + 1));
        let damaged = matches!(label, Label::Damaged(_));
        s.damaged += usize::from(damaged);
        s.detected += usize::from(damaged && flagged);
        s.false_alarms += usize::from(!damaged && flagged);
        let old = &doc.text[w.span.clone()];
        let new = after
            .words
            .get(i)
            .map_or(old, |a| &after.text[a.span.clone()]);
        if new != old {
            s.changed += 1;
            match label {
                Label::Damaged(Some(clean)) if normalize(new) == *clean => s.right += 1,
                Label::Correct => s.broken += 1,
                _ => {}
            }
        }
    }
    Ok(s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(pairs)) = (args.next(), args.next()) else {
        return Err("usage: markup_confidence HOCR_DIR PAIRS.jsonl".into());
    };
    let pairs_text = std::fs::read_to_string(&pairs)?;
    // Records by (page, model), in file order.
    let mut pages: BTreeMap<(String, String), Vec<AlignedRecord>> = BTreeMap::new();
    let lines: Vec<&str> = pairs_text.lines().collect();
    for item in read_pairs(&pairs_text) {
        let (line, record) = item?;
        let value: serde_json::Value = serde_json::from_str(lines[line - 1])?;
        let page = value["page"].as_str().unwrap_or_default().to_string();
        pages
            .entry((page, record.model.clone()))
            .or_default()
            .push(AlignedRecord::new(&record));
    }
    let linter = Linter::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hocr"))
        .collect();
    files.sort();
    let mut totals: BTreeMap<String, [Score; 2]> = BTreeMap::new();
    let mut unmatched = (0, 0);
    let mut scored = 0;
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stem = name.trim_end_matches(".hocr");
        let Some((page, model)) = stem.split_once('.') else {
            continue;
        };
        let Some(records) = pages.get(&(page.to_string(), model.to_string())) else {
            eprintln!(
                "{}: no pairs for page {page}, model {model}",
                path.display()
            );
            continue;
        };
        let xml = std::fs::read_to_string(path)?;
        let doc = parse(&xml, Format::Hocr)?;
        scored += 1;
        let (tokens, labels) = labels(records);
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let words: Vec<&str> = doc
            .words
            .iter()
            .map(|w| &doc.text[w.span.clone()])
            .collect();
        let mut matched: Vec<Option<Label>> = vec![None; words.len()];
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &words, &tokens) {
            if let similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    matched[old_index + k] = Some(labels[new_index + k].clone());
                }
            }
        }
        unmatched.0 += matched.iter().filter(|m| m.is_none()).count();
        unmatched.1 += words.len();
        let entry = totals.entry(model.to_string()).or_default();
        for (k, confidence) in [false, true].into_iter().enumerate() {
            let s = score(&linter, &xml, &doc, &matched, confidence)?;
            entry[k].add(&s);
        }
    }
    let mut all = [Score::default(); 2];
    println!(
        "{scored} hOCR files with pairs; {} of {} words matched to aligned pairs",
        unmatched.1 - unmatched.0,
        unmatched.1
    );
    println!(
        "{:<10} {:<11} {:>6} {:>8} {:>10} {:>8} {:>9} {:>13} {:>7}",
        "model",
        "confidence",
        "words",
        "damaged",
        "precision",
        "recall",
        "safe",
        "safe accuracy",
        "broken"
    );
    let row = |model: &str, k: usize, s: &Score| {
        println!(
            "{:<10} {:<11} {:>6} {:>8} {:>9.1}% {:>7.1}% {:>9} {:>12.1}% {:>7}",
            model,
            if k == 1 { "used" } else { "ignored" },
            s.words,
            s.damaged,
            pct(s.detected, s.detected + s.false_alarms),
            pct(s.detected, s.damaged),
            s.changed,
            pct(s.right, s.changed),
            s.broken
        );
    };
    for (model, scores) in &totals {
        for (k, s) in scores.iter().enumerate() {
            row(model, k, s);
            all[k].add(s);
        }
    }
    for (k, s) in all.iter().enumerate() {
        row("all", k, s);
    }
    Ok(())
}
