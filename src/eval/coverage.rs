//! Lexicon quality figures: how much of a clean text the lexicon accepts
//! (false alarms of `unknown-word`) and how much OCR damage it lets through.

use crate::lexicon::Lexicon;
use crate::script::has_cyrillic;
use crate::tokenize::{TokenKind, tokenize};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Acceptance of the Cyrillic word tokens of a (clean) text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageReport {
    /// Word tokens with a Cyrillic letter.
    pub tokens: usize,
    /// Of those, accepted by the lexicon.
    pub accepted_tokens: usize,
    /// Distinct word tokens (as written).
    pub types: usize,
    /// Of those, accepted.
    pub accepted_types: usize,
    /// accepted_tokens / tokens.
    pub token_rate: f64,
    /// accepted_types / types.
    pub type_rate: f64,
    /// Accepted tokens per source (`lexicon`, `weak`, `abbreviation`, …).
    pub accepted_by: BTreeMap<String, usize>,
    /// The most frequent rejected words, with counts (at most 30).
    pub top_rejected: Vec<(String, usize)>,
}

impl std::fmt::Display for CoverageReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<16} {:>8} {:>8} {:>8}",
            "", "total", "accepted", "rate"
        )?;
        writeln!(
            f,
            "{:<16} {:>8} {:>8} {:>7.2}%",
            "word tokens",
            self.tokens,
            self.accepted_tokens,
            100.0 * self.token_rate
        )?;
        writeln!(
            f,
            "{:<16} {:>8} {:>8} {:>7.2}%",
            "word types",
            self.types,
            self.accepted_types,
            100.0 * self.type_rate
        )?;
        for (k, v) in &self.accepted_by {
            writeln!(f, "  accepted by {k:<14} {v:>8}")?;
        }
        if !self.top_rejected.is_empty() {
            write!(f, "most frequent rejected:")?;
            for (w, n) in self.top_rejected.iter().take(15) {
                write!(f, " {w}×{n}")?;
            }
        }
        Ok(())
    }
}

fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// The verdict on one word-like token as the linter would see it: a word, or
/// a number joined by a hyphen to a word or bare suffix chain (`50-жылдардың`,
/// `1-інде`), or letters mixed with digits (each letter run must be a word).
fn token_verdict(lex: &Lexicon, kind: TokenKind, tok: &str) -> Option<crate::lexicon::AcceptedBy> {
    use crate::lexicon::{AcceptedBy, Verdict};
    match kind {
        TokenKind::Word => match lex.check(tok) {
            Verdict::Accepted { by } => Some(by),
            _ => None,
        },
        _ => {
            let starts_digit = tok.chars().next().is_some_and(|c| c.is_ascii_digit());
            if starts_digit && let Some(i) = tok.find(['-', '–']) {
                let (num, rest) = tok.split_at(i);
                let rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
                if num
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                    && has_letter(rest)
                {
                    return lex
                        .accepts_after_number(rest)
                        .then_some(AcceptedBy::Lexicon);
                }
            }
            // Letters and digits in one run (б1л1м, ЕРЕКШЕЛІКТЕРІ1962): not a word.
            None
        }
    }
}

/// A number, a hyphen and letters (`50-жылдардың`, `1-інде`).
fn is_number_word(tok: &str) -> bool {
    match tok.find(['-', '–']) {
        Some(i) => {
            let (num, rest) = tok.split_at(i);
            !num.is_empty()
                && num
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                && rest.chars().skip(1).all(char::is_alphabetic)
        }
        None => false,
    }
}

/// Measures how many Cyrillic word tokens of `text` the lexicon accepts.
pub fn coverage(text: &str, lex: &Lexicon) -> CoverageReport {
    let mut counts: HashMap<&str, (usize, Option<crate::lexicon::AcceptedBy>)> = HashMap::new();
    let mut r = CoverageReport::default();
    for t in tokenize(text) {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Alnum) {
            continue;
        }
        let tok = t.text(text);
        // Word tokens with a Cyrillic letter, and numbers joined by a hyphen
        // to a word (50-жылдардың): what `unknown-word` judges. Other
        // letter–digit runs (км3, б1л1м) are not words for this measure.
        if !has_cyrillic(tok) || (t.kind == TokenKind::Alnum && !is_number_word(tok)) {
            continue;
        }
        let e = counts
            .entry(tok)
            .or_insert_with(|| (0, token_verdict(lex, t.kind, tok)));
        e.0 += 1;
    }
    let mut rejected = Vec::new();
    for (w, (n, v)) in &counts {
        r.tokens += n;
        r.types += 1;
        match v {
            Some(by) => {
                r.accepted_tokens += n;
                r.accepted_types += 1;
                let name = serde_json::to_value(by)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                *r.accepted_by.entry(name).or_default() += n;
            }
            None => rejected.push((w.to_string(), *n)),
        }
    }
    rejected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rejected.truncate(30);
    r.top_rejected = rejected;
    r.token_rate = if r.tokens == 0 {
        1.0
    } else {
        r.accepted_tokens as f64 / r.tokens as f64
    };
    r.type_rate = if r.types == 0 {
        1.0
    } else {
        r.accepted_types as f64 / r.types as f64
    };
    r
}

/// Acceptance of damaged OCR tokens, per tesseract model and overall.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DamagedReport {
    /// Records read.
    pub records: usize,
    /// Records skipped (lost lines: `max_deleted_run >= 3`) or unreadable.
    pub skipped_records: usize,
    /// Damaged tokens (OCR side differs from the clean side and has a letter).
    pub damaged: usize,
    /// Of those, accepted by the lexicon (the damage it cannot see).
    pub accepted: usize,
    /// accepted / damaged.
    pub rate: f64,
    /// (damaged, accepted, rate) per model (`kaz`, `rus`, `kaz+rus`).
    pub per_model: BTreeMap<String, ModelFigures>,
    /// Some accepted damaged tokens: (clean, ocr), at most 40.
    pub examples: Vec<(String, String)>,
}

/// Damaged-token figures of one OCR model.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModelFigures {
    /// Damaged tokens.
    pub damaged: usize,
    /// Of those, accepted.
    pub accepted: usize,
    /// accepted / damaged.
    pub rate: f64,
}

impl std::fmt::Display for DamagedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "records {} (skipped {})",
            self.records, self.skipped_records
        )?;
        writeln!(
            f,
            "{:<10} {:>8} {:>8} {:>8}",
            "model", "damaged", "accepted", "rate"
        )?;
        for (m, x) in &self.per_model {
            writeln!(
                f,
                "{m:<10} {:>8} {:>8} {:>7.2}%",
                x.damaged,
                x.accepted,
                100.0 * x.rate
            )?;
        }
        write!(
            f,
            "{:<10} {:>8} {:>8} {:>7.2}%",
            "all",
            self.damaged,
            self.accepted,
            100.0 * self.rate
        )
    }
}

fn strip_punct(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Measures the share of damaged OCR tokens of a `pairs.jsonl` corpus that
/// the lexicon accepts.
pub fn damaged_acceptance(pairs_jsonl: &str, lex: &Lexicon) -> DamagedReport {
    let mut r = DamagedReport::default();
    let mut cache: HashMap<String, bool> = HashMap::new();
    for line in pairs_jsonl.lines() {
        if line.trim().is_empty() {
            continue;
        }
        r.records += 1;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            r.skipped_records += 1;
            continue;
        };
        if v.get("max_deleted_run")
            .and_then(|x| x.as_u64())
            .unwrap_or(0)
            >= 3
        {
            r.skipped_records += 1;
            continue;
        }
        let model = v
            .get("model")
            .and_then(|m| m.as_str())
            .unwrap_or("?")
            .to_string();
        let Some(align) = v.get("align").and_then(|a| a.as_array()) else {
            r.skipped_records += 1;
            continue;
        };
        for pair in align {
            let (Some(c), Some(o)) = (
                pair.get(0).and_then(|x| x.as_str()),
                pair.get(1).and_then(|x| x.as_str()),
            ) else {
                continue;
            };
            let (c, o) = (strip_punct(c), strip_punct(o));
            if c == o || !has_letter(o) {
                continue;
            }
            let accepted = *cache.entry(o.to_string()).or_insert_with(|| {
                let mut any = false;
                let ok = tokenize(o).all(|t| {
                    if !t.has_letters() {
                        return true;
                    }
                    any = true;
                    token_verdict(lex, t.kind, t.text(o)).is_some()
                });
                ok && any
            });
            let m = r.per_model.entry(model.clone()).or_default();
            m.damaged += 1;
            r.damaged += 1;
            if accepted {
                m.accepted += 1;
                r.accepted += 1;
                if r.examples.len() < 40 {
                    r.examples.push((c.to_string(), o.to_string()));
                }
            }
        }
    }
    for m in r.per_model.values_mut() {
        m.rate = if m.damaged == 0 {
            0.0
        } else {
            m.accepted as f64 / m.damaged as f64
        };
    }
    r.rate = if r.damaged == 0 {
        0.0
    } else {
        r.accepted as f64 / r.damaged as f64
    };
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_counts_cyrillic_words_only() {
        let lex = Lexicon::embedded();
        let r = coverage("Кітап және hello 1962 жылы, кажет, км3 50-жылдары.", lex);
        assert_eq!(r.tokens, 5);
        assert_eq!(r.accepted_tokens, 4);
        assert_eq!(r.top_rejected, vec![("кажет".to_string(), 1)]);
    }

    #[test]
    fn damaged_counts_changed_tokens() {
        let lex = Lexicon::embedded();
        let jsonl = concat!(
            r#"{"model":"rus","max_deleted_run":0,"align":[["қажет","кажет"],["еді.","еді."],["кітап",null]]}"#,
            "\n",
            r#"{"model":"kaz","max_deleted_run":4,"align":[["қажет","кажет"]]}"#,
            "\n"
        );
        let r = damaged_acceptance(jsonl, lex);
        assert_eq!(r.records, 2);
        assert_eq!(r.skipped_records, 1);
        assert_eq!(r.damaged, 1);
        assert_eq!(r.accepted, 0);
    }
}
