//! The confusion table: which OCR strings stand for which clean strings, and
//! at what cost.

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

/// Written in a TSV field for the empty string (an inserted or lost string).
pub const EMPTY: &str = "∅";
/// Written in a TSV field for a space character.
pub const SPACE: char = '␣';
/// The longest string, in characters, on either side of a confusion.
pub const MAX_SIDE: usize = 3;

/// One confusion: OCR wrote `ocr` where the text has `clean`.
#[derive(Debug, Clone, PartialEq)]
pub struct Confusion {
    /// What the OCR engine wrote (0–3 characters; empty: OCR lost `clean`).
    pub ocr: String,
    /// What the text has (0–3 characters; empty: OCR added `ocr`).
    pub clean: String,
    /// `-ln P(clean | ocr)`: lower is likelier.
    pub cost: f32,
    /// How often the confusion was seen in training data (0 for prior-only rows).
    pub count: u32,
}

/// A confusion that applies at a position of a word; see [`ConfusionTable::candidates_at`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate<'t> {
    /// How many characters of the OCR word the confusion consumes (0 for a lost string).
    pub ocr_len: usize,
    /// What those characters stand for in clean text.
    pub clean: &'t str,
    /// The confusion's cost.
    pub cost: f32,
}

/// A malformed line of a confusion TSV.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TableError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A set of confusions, indexed for lookup at word positions.
///
/// The TSV format (`lexicon/confusions.tsv`): lines starting with `#` are
/// comments, blank lines are ignored, every other line is
/// `ocr<TAB>clean<TAB>cost[<TAB>count]`. Each side holds 0–3 characters; `∅`
/// alone stands for the empty string and `␣` for a space. The sides differ,
/// are not both empty, and each `(ocr, clean)` pair appears once. The cost is
/// a finite number ≥ 0 (`-ln P(clean | ocr)`); the count, if given, a whole
/// number.
#[derive(Debug, Clone, Default)]
pub struct ConfusionTable {
    entries: Vec<Confusion>,
    ocr_chars: Vec<Vec<char>>,
    by_first: HashMap<char, Vec<usize>>,
    lost: Vec<usize>,
    notes: Vec<String>,
    /// [`ConfusionTable::misread_share`] of each character with confusions,
    /// worked out once: a search asks it for every letter of every word.
    misread: HashMap<char, f32>,
}

impl ConfusionTable {
    /// The learned table embedded from `lexicon/confusions.tsv`, parsed once.
    /// (A unit test keeps the embedded file valid; were it not, this is empty.)
    pub fn embedded() -> &'static ConfusionTable {
        static TABLE: OnceLock<ConfusionTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            ConfusionTable::load(include_str!("../../lexicon/confusions.tsv")).unwrap_or_default()
        })
    }

    /// The table embedded from `lexicon/confusions-unlettered.tsv`, learned
    /// from pages read without the Kazakh letters only (`emle train
    /// confusions --unlettered`): there `і` is lost or read as a mark far
    /// more often, and `к`, `н`, `г` stand for `қ`, `ң`, `ғ` nearly always.
    pub fn embedded_unlettered() -> &'static ConfusionTable {
        static TABLE: OnceLock<ConfusionTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            ConfusionTable::load(include_str!("../../lexicon/confusions-unlettered.tsv"))
                .unwrap_or_default()
        })
    }

    /// The hand-written prior embedded from `lexicon/confusions-prior.tsv`, parsed once.
    pub fn embedded_prior() -> &'static ConfusionTable {
        static TABLE: OnceLock<ConfusionTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            ConfusionTable::load(include_str!("../../lexicon/confusions-prior.tsv"))
                .unwrap_or_default()
        })
    }

    /// Parses the TSV format described on [`ConfusionTable`].
    pub fn load(tsv: &str) -> Result<ConfusionTable, TableError> {
        let mut entries = Vec::new();
        let mut seen = HashMap::new();
        for (i, line) in tsv.lines().enumerate() {
            let line_no = i + 1;
            let err = |message: String| TableError {
                line: line_no,
                message,
            };
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !(3..=4).contains(&cols.len()) {
                return Err(err(format!(
                    "expected 3 or 4 tab-separated fields (ocr, clean, cost, count), found {}",
                    cols.len()
                )));
            }
            let ocr = decode_side(cols[0]).map_err(|m| err(format!("ocr side: {m}")))?;
            let clean = decode_side(cols[1]).map_err(|m| err(format!("clean side: {m}")))?;
            if ocr == clean {
                return Err(err("the two sides are the same".into()));
            }
            let cost: f32 = cols[2]
                .trim()
                .parse()
                .map_err(|_| err(format!("cost `{}` is not a number", cols[2])))?;
            if !cost.is_finite() || cost < 0.0 {
                return Err(err(format!("cost {cost} is not a finite number ≥ 0")));
            }
            let count: u32 = match cols.get(3) {
                Some(c) => c
                    .trim()
                    .parse()
                    .map_err(|_| err(format!("count `{c}` is not a whole number")))?,
                None => 0,
            };
            if let Some(first) = seen.insert((ocr.clone(), clean.clone()), line_no) {
                return Err(err(format!("duplicate of line {first}")));
            }
            entries.push(Confusion {
                ocr,
                clean,
                cost,
                count,
            });
        }
        Ok(ConfusionTable::from_entries(entries))
    }

    /// Builds a table from confusions (later duplicates of an `(ocr, clean)` pair are dropped).
    pub fn from_entries(entries: Vec<Confusion>) -> ConfusionTable {
        let mut seen = std::collections::HashSet::new();
        let mut entries: Vec<Confusion> = entries
            .into_iter()
            .filter(|e| e.ocr != e.clean && seen.insert((e.ocr.clone(), e.clean.clone())))
            .collect();
        entries.sort_by(|a, b| {
            (a.ocr.as_str(), a.cost, a.clean.as_str())
                .partial_cmp(&(b.ocr.as_str(), b.cost, b.clean.as_str()))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let ocr_chars: Vec<Vec<char>> = entries.iter().map(|e| e.ocr.chars().collect()).collect();
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        let mut lost = Vec::new();
        for (i, chars) in ocr_chars.iter().enumerate() {
            match chars.first() {
                Some(&c) => by_first.entry(c).or_default().push(i),
                None => lost.push(i),
            }
        }
        let by_cost = |v: &mut Vec<usize>| {
            v.sort_by(|&a, &b| entries[a].cost.total_cmp(&entries[b].cost));
        };
        by_first.values_mut().for_each(by_cost);
        by_cost(&mut lost);
        let mut table = ConfusionTable {
            entries,
            ocr_chars,
            by_first,
            lost,
            notes: Vec::new(),
            misread: HashMap::new(),
        };
        table.misread = table
            .by_first
            .keys()
            .map(|&c| (c, table.misread_share_of(c)))
            .collect();
        table
    }

    /// How likely OCR wrote the character `c` for some other string of one
    /// character: the summed `P(clean | c)` of the one-character
    /// confusions of `c`, cheapest first.
    pub fn misread_share(&self, c: char) -> f32 {
        match self.misread.get(&c) {
            Some(&p) => p,
            None => self.misread_share_of(c),
        }
    }

    fn misread_share_of(&self, c: char) -> f32 {
        self.candidates_at(&[c], 0)
            .filter(|x| x.ocr_len == 1)
            .map(|x| (-x.cost).exp())
            .sum()
    }

    /// Adds comment lines written by [`write_tsv`](Self::write_tsv) after the format header.
    pub fn with_notes(mut self, notes: Vec<String>) -> ConfusionTable {
        self.notes = notes;
        self
    }

    /// All confusions, sorted by OCR side, then cost.
    pub fn entries(&self) -> &[Confusion] {
        &self.entries
    }

    /// Number of confusions.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the table has no confusions.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The confusion for this pair, if the table has it.
    pub fn get(&self, ocr: &str, clean: &str) -> Option<&Confusion> {
        let first = ocr.chars().next();
        let candidates = match first {
            Some(c) => self.by_first.get(&c).map(Vec::as_slice).unwrap_or(&[]),
            None => &self.lost,
        };
        candidates
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| e.ocr == ocr && e.clean == clean)
    }

    /// The confusions that apply at character position `i` of an OCR word:
    /// every row whose OCR side equals `word[i..i + ocr_len]`, and every row
    /// with an empty OCR side (a string OCR lost before position `i`; these
    /// also apply at `i == word.len()`). Within each of the two groups the
    /// candidates come cheapest first. This is the step of a
    /// confusion-guided search: from state `(i, lexicon node)`, follow
    /// `clean` in the lexicon and move to `i + ocr_len`, adding `cost`.
    pub fn candidates_at<'t>(
        &'t self,
        word: &'t [char],
        i: usize,
    ) -> impl Iterator<Item = Candidate<'t>> + 't {
        self.candidates_at_most(word, i, f32::INFINITY)
    }

    /// The [`candidates_at`](Self::candidates_at) costing at most
    /// `max_cost`, in the same order. Stops reading each group at its first
    /// dearer row: a search asks this at every position of every word, and
    /// most rows cost more than it tries.
    pub fn candidates_at_most<'t>(
        &'t self,
        word: &'t [char],
        i: usize,
        max_cost: f32,
    ) -> impl Iterator<Item = Candidate<'t>> + 't {
        let here = word
            .get(i)
            .and_then(|c| self.by_first.get(c))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let lost: &[usize] = if i <= word.len() { &self.lost } else { &[] };
        let cheap = move |&&e: &&usize| self.entries[e].cost <= max_cost;
        here.iter()
            .take_while(cheap)
            .filter(move |&&e| word[i..].starts_with(&self.ocr_chars[e]))
            .chain(lost.iter().take_while(cheap))
            .map(move |&e| Candidate {
                ocr_len: self.ocr_chars[e].len(),
                clean: &self.entries[e].clean,
                cost: self.entries[e].cost,
            })
    }

    /// Writes the table in its TSV format, with a header describing it.
    pub fn write_tsv(&self, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            w,
            "# OCR confusions for Kazakh (Cyrillic) text, used by emle."
        )?;
        writeln!(w, "#")?;
        writeln!(w, "# Columns: ocr <TAB> clean <TAB> cost <TAB> count")?;
        writeln!(w, "#   ocr    what the OCR engine wrote (0-3 characters)")?;
        writeln!(w, "#   clean  what the text has (0-3 characters)")?;
        writeln!(
            w,
            "#   cost   -ln P(clean | ocr): lower is likelier; smoothed towards the prior"
        )?;
        writeln!(
            w,
            "#   count  how often the confusion was seen in training (0: prior only)"
        )?;
        writeln!(
            w,
            "# `∅` alone is the empty string (OCR lost or added a string), `␣` a space."
        )?;
        for note in &self.notes {
            if note.is_empty() {
                writeln!(w, "#")?;
            } else {
                writeln!(w, "# {note}")?;
            }
        }
        for e in &self.entries {
            writeln!(
                w,
                "{}\t{}\t{:.3}\t{}",
                encode_side(&e.ocr),
                encode_side(&e.clean),
                e.cost,
                e.count
            )?;
        }
        Ok(())
    }
}

/// Reads one side of a TSV row: `∅` is the empty string, `␣` a space.
fn decode_side(field: &str) -> Result<String, String> {
    if field == EMPTY {
        return Ok(String::new());
    }
    if field.is_empty() {
        return Err(format!(
            "empty field (write `{EMPTY}` for the empty string)"
        ));
    }
    let s: String = field
        .chars()
        .map(|c| if c == SPACE { ' ' } else { c })
        .collect();
    let n = s.chars().count();
    if n > MAX_SIDE {
        return Err(format!("`{field}` has {n} characters (at most {MAX_SIDE})"));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(format!("`{field}` holds a control character"));
    }
    Ok(s)
}

/// Writes one side of a TSV row: `∅` for the empty string, `␣` for a space.
pub fn encode_side(s: &str) -> String {
    if s.is_empty() {
        EMPTY.to_string()
    } else {
        s.chars()
            .map(|c| if c == ' ' { SPACE } else { c })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "# test\nк\tқ\t0.5\t10\n!\tі\t1.0\t3\nьі\tы\t2\t2\n∅\t-\t4.0\t1\n␣\t∅\t3.0\t5\nк\tх\t6\n";

    #[test]
    fn cheap_candidates_are_the_filtered_ones_in_order() {
        let t = ConfusionTable::load(SAMPLE).unwrap();
        let key = |c: Candidate<'_>| (c.ocr_len, c.clean.to_string(), c.cost);
        for word in ["кі", "ьік", "к к", ""] {
            let w: Vec<char> = word.chars().collect();
            for i in 0..=w.len() + 1 {
                for max in [0.0, 0.5, 2.0, 3.5, 6.0, 100.0] {
                    let want: Vec<_> = t
                        .candidates_at(&w, i)
                        .filter(|c| c.cost <= max)
                        .map(key)
                        .collect();
                    let got: Vec<_> = t.candidates_at_most(&w, i, max).map(key).collect();
                    assert_eq!(got, want, "{word:?} at {i}, at most {max}");
                }
            }
        }
    }

    #[test]
    fn loads_and_round_trips() {
        let t = ConfusionTable::load(SAMPLE).unwrap();
        assert_eq!(t.len(), 6);
        assert_eq!(t.get("к", "х").unwrap().count, 0);
        assert_eq!(t.get(" ", "").unwrap().cost, 3.0);
        let mut out = Vec::new();
        t.write_tsv(&mut out).unwrap();
        let again = ConfusionTable::load(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(again.entries(), t.entries());
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "# c\nк\tқ\t0.5\nк\tқ\t1\n";
        assert_eq!(ConfusionTable::load(bad).unwrap_err().line, 3);
        for bad in [
            "а\tб\n",
            "\tб\t1\n",
            "абвг\tб\t1\n",
            "а\tб\tx\n",
            "а\tб\t-1\n",
            "а\tа\t1\n",
            "а\tб\t1\tq\n",
        ] {
            let e = ConfusionTable::load(bad).unwrap_err();
            assert_eq!(e.line, 1, "{bad:?}: {e}");
        }
    }

    #[test]
    fn candidates_match_at_positions() {
        let t = ConfusionTable::load(SAMPLE).unwrap();
        let word: Vec<char> = "кьі".chars().collect();
        let at0: Vec<_> = t
            .candidates_at(&word, 0)
            .map(|c| (c.ocr_len, c.clean))
            .collect();
        assert_eq!(at0, vec![(1, "қ"), (1, "х"), (0, "-")]);
        let at1: Vec<_> = t
            .candidates_at(&word, 1)
            .map(|c| (c.ocr_len, c.clean))
            .collect();
        assert_eq!(at1, vec![(2, "ы"), (0, "-")]);
        let end: Vec<_> = t.candidates_at(&word, 3).map(|c| c.clean).collect();
        assert_eq!(end, vec!["-"]);
        assert_eq!(t.candidates_at(&word, 9).count(), 0);
    }

    #[test]
    fn embedded_tables_are_valid() {
        let learned = include_str!("../../lexicon/confusions.tsv");
        ConfusionTable::load(learned).unwrap();
        let prior = include_str!("../../lexicon/confusions-prior.tsv");
        let p = ConfusionTable::load(prior).unwrap();
        assert!(p.get("к", "қ").is_some());
        assert_eq!(
            ConfusionTable::embedded().len(),
            ConfusionTable::load(learned).unwrap().len()
        );
        let unlettered = include_str!("../../lexicon/confusions-unlettered.tsv");
        let u = ConfusionTable::load(unlettered).unwrap();
        assert_eq!(ConfusionTable::embedded_unlettered().len(), u.len());
        // Such a model loses і far more often than models that have it.
        let lost_i = |t: &ConfusionTable| t.get("", "і").map(|c| c.cost);
        assert!(lost_i(&u) < lost_i(ConfusionTable::embedded()));
    }
}
