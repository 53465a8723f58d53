//! Reading OCR training and evaluation data: the pairs JSONL format, token
//! alignment, and grouping of aligned tokens into comparable units.
//!
//! A pairs file holds one JSON object per line with at least `clean` (the
//! sentence as typeset) and `ocr` (what the OCR engine read), and usually
//! `model`, `align` (a token alignment: a list of `[clean_token, ocr_token]`,
//! `null` for a missing side) and `max_deleted_run`. Tokens are the
//! whitespace-separated pieces of each side, punctuation attached.
//!
//! Aligned tokens are grouped into [`Unit`]s: one clean token and one OCR token
//! in the common case, and one clean token with two or more OCR tokens for a
//! *split* (`бастапқы` read as `баст апқы`) or two or more clean tokens with one
//! OCR token for a *join*. A one-sided alignment entry joins its two-sided
//! neighbour when that makes the letters match better (see [`group_units`]).

use std::ops::Range;

use crate::tokenize::is_combining_mark;

/// A line of a JSONL input that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The line is not valid JSON or lacks a required field.
    #[error("line {line}: {source}")]
    Json {
        /// 1-based line number in the input.
        line: usize,
        /// What the JSON reader said.
        source: serde_json::Error,
    },
}

/// One OCR record of a pairs file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PairRecord {
    /// The OCR model that produced `ocr` (`kaz`, `rus`, `kaz+rus`, …); empty if absent.
    #[serde(default)]
    pub model: String,
    /// The sentence as typeset.
    pub clean: String,
    /// What the OCR engine read for it.
    pub ocr: String,
    /// Token alignment `[clean, ocr]`, `None` for a missing side; empty if absent.
    #[serde(default)]
    pub align: Vec<(Option<String>, Option<String>)>,
    /// Longest run of clean tokens with no OCR counterpart (0 if absent).
    #[serde(default)]
    pub max_deleted_run: u32,
    /// Source document id, if given.
    #[serde(default)]
    pub doc: Option<String>,
    /// The typeface the page was set in, if given.
    #[serde(default)]
    pub font: Option<String>,
    /// How the page image was degraded before OCR, if given.
    #[serde(default)]
    pub degradation: Option<String>,
    /// Sentence id, if given.
    #[serde(default)]
    pub sent_id: Option<serde_json::Value>,
}

/// Iterates over the records of a pairs JSONL text with their 1-based line
/// numbers; blank lines are skipped, a malformed line is an error naming it.
pub fn read_pairs(
    jsonl: &str,
) -> impl Iterator<Item = Result<(usize, PairRecord), CorpusError>> + '_ {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<PairRecord>(l)
                .map(|r| (i + 1, r))
                .map_err(|source| CorpusError::Json {
                    line: i + 1,
                    source,
                })
        })
}

/// True for characters that are kept when a token is compared: letters,
/// digits and combining marks. Everything else is punctuation.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The comparison form of a token or token group: en and em dashes read as
/// `-`, leading and trailing punctuation removed, inner runs of white space
/// collapsed to one space. Letter case is kept.
pub fn normalize(s: &str) -> String {
    let core = s.trim_matches(|c: char| !is_word_char(c));
    let mut out = String::with_capacity(core.len());
    let mut space = false;
    for c in core.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(if matches!(c, '–' | '—') { '-' } else { c });
    }
    out
}

/// The byte spans of the whitespace-separated tokens of `text`.
pub fn token_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// Levenshtein distance between two sequences.
pub fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y {
                diag
            } else {
                1 + diag.min(up).min(row[j])
            };
            diag = up;
        }
    }
    row[b.len()]
}

/// One entry of a token alignment: indices of a clean and an OCR token.
pub type AlignPair = (Option<usize>, Option<usize>);

/// Aligns clean and OCR tokens by a weighted Levenshtein over their normal
/// forms in lower case: inserting or deleting a token costs 1, substituting one token for
/// another costs twice their character edit distance divided by the longer
/// length (0 when equal), and one clean token against two OCR tokens (a
/// split) or two clean tokens against one OCR token (a join) costs the same
/// for the concatenation, plus 0.6. A split comes out as the pair
/// of the clean token and the first OCR token followed by the second OCR
/// token alone, a join likewise, so that [`group_units`] groups them again.
pub fn align_tokens(clean: &[&str], ocr: &[&str]) -> Vec<AlignPair> {
    let form = |t: &&str| normalize(t).to_lowercase().chars().collect::<Vec<char>>();
    let cn: Vec<Vec<char>> = clean.iter().map(form).collect();
    let on: Vec<Vec<char>> = ocr.iter().map(form).collect();
    let dist = |a: &[char], b: &[char]| -> f64 {
        if a == b {
            0.0
        } else {
            2.0 * levenshtein(a, b) as f64 / a.len().max(b.len()).max(1) as f64
        }
    };
    let cat = |x: &[char], y: &[char]| -> Vec<char> { x.iter().chain(y).copied().collect() };
    let (n, m) = (clean.len(), ocr.len());
    let w = m + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * w];
    // Steps: (clean tokens, OCR tokens) consumed.
    let mut back = vec![(0u8, 0u8); (n + 1) * w];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let mut best = cost[i * w + j];
            let mut arg = back[i * w + j];
            let mut consider = |c: f64, step: (u8, u8)| {
                if c < best {
                    best = c;
                    arg = step;
                }
            };
            if i > 0 {
                consider(cost[(i - 1) * w + j] + 1.0, (1, 0));
            }
            if j > 0 {
                consider(cost[i * w + j - 1] + 1.0, (0, 1));
            }
            if i > 0 && j > 0 {
                consider(
                    cost[(i - 1) * w + j - 1] + dist(&cn[i - 1], &on[j - 1]),
                    (1, 1),
                );
            }
            if i > 0 && j > 1 {
                let joined = cat(&on[j - 2], &on[j - 1]);
                consider(
                    cost[(i - 1) * w + j - 2] + dist(&cn[i - 1], &joined) + 0.6,
                    (1, 2),
                );
            }
            if i > 1 && j > 0 {
                let joined = cat(&cn[i - 2], &cn[i - 1]);
                consider(
                    cost[(i - 2) * w + j - 1] + dist(&joined, &on[j - 1]) + 0.6,
                    (2, 1),
                );
            }
            cost[i * w + j] = best;
            back[i * w + j] = arg;
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = back[i * w + j];
        match (a, b) {
            (1, 0) => out.push((Some(i - 1), None)),
            (0, 1) => out.push((None, Some(j - 1))),
            (1, 1) => out.push((Some(i - 1), Some(j - 1))),
            (1, 2) => {
                out.push((None, Some(j - 1)));
                out.push((Some(i - 1), Some(j - 2)));
            }
            (2, 1) => {
                out.push((Some(i - 1), None));
                out.push((Some(i - 2), Some(j - 1)));
            }
            _ => break,
        }
        i -= usize::from(a);
        j -= usize::from(b);
    }
    out.reverse();
    out
}

/// A group of aligned tokens compared as one: indices into the clean and the
/// OCR tokens of a record, each in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unit {
    /// Clean token indices.
    pub clean: Vec<usize>,
    /// OCR token indices.
    pub ocr: Vec<usize>,
}

/// What kind of difference a unit shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// Same letters on both sides (punctuation and dash style aside).
    Correct,
    /// Both sides are punctuation only; not scored.
    Punct,
    /// A clean token read as a different OCR token.
    Substituted,
    /// One clean token read as two or more OCR tokens.
    Split,
    /// Two or more clean tokens read as one OCR token.
    Joined,
    /// An OCR token with letters or digits that stands for nothing.
    Inserted,
    /// An OCR token of punctuation only that stands for nothing; not scored.
    Noise,
    /// A clean token that OCR lost; no OCR text to flag.
    Deleted,
}

impl UnitKind {
    /// True for kinds where the OCR text differs from the clean text.
    pub fn is_damaged(self) -> bool {
        matches!(
            self,
            UnitKind::Substituted | UnitKind::Split | UnitKind::Joined | UnitKind::Inserted
        )
    }
}

/// The text of the tokens `idx` joined by one space.
pub fn joined<S: AsRef<str>>(tokens: &[S], idx: &[usize]) -> String {
    let mut out = String::new();
    for (k, &i) in idx.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(tokens[i].as_ref());
    }
    out
}

impl Unit {
    /// Classifies the unit given the record's tokens.
    pub fn kind<S: AsRef<str>, T: AsRef<str>>(&self, clean: &[S], ocr: &[T]) -> UnitKind {
        let c = normalize(&joined(clean, &self.clean));
        let o = normalize(&joined(ocr, &self.ocr));
        match (self.clean.len(), self.ocr.len()) {
            (_, 0) => UnitKind::Deleted,
            (0, _) if o.is_empty() => UnitKind::Noise,
            (0, _) => UnitKind::Inserted,
            _ if c.is_empty() && o.is_empty() => UnitKind::Punct,
            _ if c == o => UnitKind::Correct,
            (a, b) if b > a => UnitKind::Split,
            (a, b) if a > b => UnitKind::Joined,
            _ => UnitKind::Substituted,
        }
    }
}

/// Letters and digits of a token group in lower case, without spaces or
/// punctuation, for comparing how well groups match.
fn letters<S: AsRef<str>>(tokens: &[S], idx: &[usize]) -> Vec<char> {
    idx.iter()
        .flat_map(|&i| tokens[i].as_ref().chars())
        .filter(|&c| is_word_char(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Groups an alignment into units. Every two-sided entry starts a unit; a
/// one-sided entry (an OCR token or a clean token without counterpart) joins
/// the neighbouring two-sided unit, before or after, whose letters then match
/// the other side's letters better than the two did apart (character edit
/// distance with case, spaces and punctuation ignored); otherwise it stays a unit of
/// its own (an insertion or a deletion).
pub fn group_units<S: AsRef<str>, T: AsRef<str>>(
    clean: &[S],
    ocr: &[T],
    align: &[AlignPair],
) -> Vec<Unit> {
    let mut units: Vec<Unit> = align
        .iter()
        .map(|&(c, o)| Unit {
            clean: c.into_iter().collect(),
            ocr: o.into_iter().collect(),
        })
        .collect();
    let dist = |u: &Unit| levenshtein(&letters(clean, &u.clean), &letters(ocr, &u.ocr));
    let two_sided = |u: &Unit| !u.clean.is_empty() && !u.ocr.is_empty();
    let mut i = 0;
    while i < units.len() {
        if two_sided(&units[i]) {
            i += 1;
            continue;
        }
        let lone = units[i].clone();
        let lone_len = letters(clean, &lone.clean).len() + letters(ocr, &lone.ocr).len();
        let gain = |host: &Unit, before: bool| -> isize {
            let mut merged = host.clone();
            if before {
                merged.clean.splice(0..0, lone.clean.iter().copied());
                merged.ocr.splice(0..0, lone.ocr.iter().copied());
            } else {
                merged.clean.extend(&lone.clean);
                merged.ocr.extend(&lone.ocr);
            }
            (dist(host) + lone_len) as isize - dist(&merged) as isize
        };
        // Merging into the previous unit: the lone entry goes after it.
        let prev = (i > 0 && two_sided(&units[i - 1])).then(|| gain(&units[i - 1], false));
        let next =
            (i + 1 < units.len() && two_sided(&units[i + 1])).then(|| gain(&units[i + 1], true));
        let best = match (prev, next) {
            (Some(p), Some(n)) if p > 0 && p >= n => Some(i - 1),
            (_, Some(n)) if n > 0 => Some(i + 1),
            (Some(p), _) if p > 0 => Some(i - 1),
            _ => None,
        };
        match best {
            Some(h) if h < i => {
                units[h].clean.extend(&lone.clean);
                units[h].ocr.extend(&lone.ocr);
                units.remove(i);
            }
            Some(h) => {
                units[h].clean.splice(0..0, lone.clean.iter().copied());
                units[h].ocr.splice(0..0, lone.ocr.iter().copied());
                units.remove(i);
            }
            None => i += 1,
        }
    }
    units
}

/// A record's tokens, alignment and units, ready to score or to train on.
#[derive(Debug, Clone)]
pub struct AlignedRecord {
    /// Clean tokens.
    pub clean: Vec<String>,
    /// Byte spans of the OCR tokens in the record's `ocr` text.
    pub ocr_spans: Vec<Range<usize>>,
    /// OCR tokens (the text of `ocr_spans`).
    pub ocr: Vec<String>,
    /// The units, in order.
    pub units: Vec<Unit>,
    /// True when the record's own alignment was unusable and emle aligned the tokens.
    pub realigned: bool,
}

impl AlignedRecord {
    /// Tokenizes a record and groups its alignment into units. The record's
    /// `align` is used when its tokens are exactly the record's tokens;
    /// otherwise the tokens are aligned with [`align_tokens`].
    pub fn new(record: &PairRecord) -> AlignedRecord {
        let clean: Vec<String> = record
            .clean
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let ocr_spans = token_spans(&record.ocr);
        let ocr: Vec<String> = ocr_spans
            .iter()
            .map(|r| record.ocr[r.clone()].to_string())
            .collect();
        let given = alignment_from_record(record, &clean, &ocr);
        let realigned = given.is_none();
        let align = given.unwrap_or_else(|| {
            let c: Vec<&str> = clean.iter().map(String::as_str).collect();
            let o: Vec<&str> = ocr.iter().map(String::as_str).collect();
            align_tokens(&c, &o)
        });
        let units = group_units(&clean, &ocr, &align);
        AlignedRecord {
            clean,
            ocr_spans,
            ocr,
            units,
            realigned,
        }
    }

    /// The byte span in the OCR text covered by a unit's OCR tokens, if it has any.
    pub fn ocr_span(&self, unit: &Unit) -> Option<Range<usize>> {
        let first = *unit.ocr.first()?;
        let last = *unit.ocr.last()?;
        Some(self.ocr_spans[first].start..self.ocr_spans[last].end)
    }

    /// The clean text of a unit (its tokens joined by one space).
    pub fn clean_text(&self, unit: &Unit) -> String {
        joined(&self.clean, &unit.clean)
    }

    /// The OCR text of a unit (its tokens joined by one space).
    pub fn ocr_text(&self, unit: &Unit) -> String {
        joined(&self.ocr, &unit.ocr)
    }

    /// The kind of a unit.
    pub fn kind(&self, unit: &Unit) -> UnitKind {
        unit.kind(&self.clean, &self.ocr)
    }
}

/// The record's own alignment as indices, when its tokens are the record's tokens in order.
fn alignment_from_record(
    record: &PairRecord,
    clean: &[String],
    ocr: &[String],
) -> Option<Vec<AlignPair>> {
    if record.align.is_empty() && !(clean.is_empty() && ocr.is_empty()) {
        return None;
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(record.align.len());
    for (c, o) in &record.align {
        let ci = match c {
            Some(t) if clean.get(i) == Some(t) => {
                i += 1;
                Some(i - 1)
            }
            Some(_) => return None,
            None => None,
        };
        let oi = match o {
            Some(t) if ocr.get(j) == Some(t) => {
                j += 1;
                Some(j - 1)
            }
            Some(_) => return None,
            None => None,
        };
        if ci.is_none() && oi.is_none() {
            continue;
        }
        out.push((ci, oi));
    }
    (i == clean.len() && j == ocr.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units_of(clean: &str, ocr: &str) -> Vec<(String, String, UnitKind)> {
        let rec = PairRecord {
            model: "kaz".into(),
            clean: clean.into(),
            ocr: ocr.into(),
            align: vec![],
            max_deleted_run: 0,
            doc: None,
            font: None,
            degradation: None,
            sent_id: None,
        };
        let a = AlignedRecord::new(&rec);
        assert!(a.realigned);
        a.units
            .iter()
            .map(|u| (a.clean_text(u), a.ocr_text(u), a.kind(u)))
            .collect()
    }

    #[test]
    fn normalize_strips_punctuation_and_reads_dashes_as_hyphens() {
        assert_eq!(normalize("«Баласыз"), "Баласыз");
        assert_eq!(normalize("қой»,"), "қой");
        assert_eq!(normalize("–"), "");
        assert_eq!(normalize("1962–1969"), normalize("1962-1969"));
        assert_eq!(normalize("б!л!м."), "б!л!м");
    }

    #[test]
    fn splits_joins_insertions_and_deletions_are_grouped() {
        use UnitKind::*;
        let u = units_of("Мал бастапқы жылы бала", "Мал баст апқы жылыбала");
        assert_eq!(
            u,
            vec![
                ("Мал".into(), "Мал".into(), Correct),
                ("бастапқы".into(), "баст апқы".into(), Split),
                ("жылы бала".into(), "жылыбала".into(), Joined),
            ]
        );
        let u = units_of("ол келді, – деп", "ол келд1, - 2. деп");
        assert_eq!(u[1], ("келді,".into(), "келд1,".into(), Substituted));
        assert_eq!(u[2], ("–".into(), "-".into(), Punct));
        assert_eq!(u[3], (String::new(), "2.".into(), Inserted));
        let u = units_of("бір екі үш", "бір үш :");
        assert_eq!(u[1].2, Deleted);
        assert_eq!(u[3].2, Noise);
    }

    #[test]
    fn record_alignment_is_used_when_consistent() {
        let line = r#"{"model":"rus","clean":"өмір бойы","ocr":"ем р бойы","align":[["өмір","ем"],[null,"р"],["бойы","бойы"]],"max_deleted_run":0}"#;
        let (_, rec) = read_pairs(line).next().unwrap().unwrap();
        let a = AlignedRecord::new(&rec);
        assert!(!a.realigned);
        assert_eq!(a.units.len(), 2);
        assert_eq!(a.kind(&a.units[0]), UnitKind::Split);
        assert_eq!(a.ocr_span(&a.units[0]), Some(0.."ем р".len()));
    }

    #[test]
    fn malformed_lines_name_their_number() {
        let text = "{\"clean\":\"a\",\"ocr\":\"a\"}\n\n{\"clean\": 3}\n";
        let errs: Vec<_> = read_pairs(text).filter_map(Result::err).collect();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().starts_with("line 3:"), "{}", errs[0]);
    }
}
