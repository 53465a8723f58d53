//! Learning a confusion table from aligned `(ocr, clean)` strings.
//!
//! Each pair is aligned character by character with a weighted Levenshtein
//! whose steps rewrite 0–2 OCR characters as 0–2 clean characters (so `ьі→ы`,
//! `ii→п` or a lost space are single steps). The steps of the cheapest
//! alignments are counted, and the costs re-estimated from the counts; this
//! is repeated a few times (hard EM). The cost of a step `s→t` is
//!
//! ```text
//! cost = -ln((count(s→t) + w·p0) / (N(s) + w))
//! ```
//!
//! where `N(s)` is how often the string `s` occurs in the OCR side of all
//! training pairs (for an empty `s`: the number of gaps between and around
//! characters), `w` is the prior weight and `p0 = exp(-prior cost)` for a row
//! of the prior table, a small floor otherwise. Rows seen fewer than
//! `min_count` times are dropped unless the prior has them (a prior row
//! never seen keeps the prior's cost: other engines make confusions these
//! pages do not show), and so are rows
//! about punctuation only (a comma read as a full stop is no spelling matter):
//! a row is kept when its clean side holds only letters, digits, hyphens,
//! apostrophes and spaces, and either side holds a letter or digit or both
//! are hyphens and spaces.

use std::collections::HashMap;

use super::corpus::{AlignedRecord, CorpusError, UnitKind, levenshtein, read_pairs};
use super::table::{Confusion, ConfusionTable};
use crate::errormodel::corpus::is_word_char;

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Re-estimation rounds after the first alignment (0: costs from one alignment pass).
    pub iterations: usize,
    /// Rows seen fewer times are dropped unless the prior has them.
    pub min_count: u32,
    /// Hand-written confusions that guide the first alignment and smooth the costs.
    pub prior: ConfusionTable,
    /// Pseudo-count `w` of the prior in the cost formula.
    pub prior_weight: f64,
    /// When non-empty, only records of these OCR models are used (pairs JSONL input).
    pub models: Vec<String>,
    /// Only records whose OCR text has no Kazakh letter are used: pages
    /// read by a model without them, whose damage differs (pairs JSONL input).
    pub unlettered: bool,
    /// Records whose `max_deleted_run` is at least this are skipped (pairs JSONL input).
    pub max_deleted_run: u32,
    /// Pairs whose character edit distance exceeds this share of the longer
    /// side (and 2) are skipped as misalignments.
    pub max_distance_ratio: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            iterations: 2,
            min_count: 2,
            prior: ConfusionTable::embedded_prior().clone(),
            prior_weight: 5.0,
            models: Vec::new(),
            unlettered: false,
            max_deleted_run: 3,
            max_distance_ratio: 0.6,
        }
    }
}

/// Figures about a training run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TrainStats {
    /// Records read (pairs JSONL input).
    pub records: usize,
    /// Records skipped by `models`, `unlettered` or `max_deleted_run`.
    pub records_skipped: usize,
    /// `(ocr, clean)` pairs given to the trainer.
    pub pairs: usize,
    /// Pairs that differ.
    pub differing_pairs: usize,
    /// Differing pairs skipped as misalignments.
    pub skipped_pairs: usize,
    /// Character edit steps counted in the last alignment.
    pub edits: u64,
    /// Distinct confusions seen in the last alignment.
    pub distinct: usize,
    /// Rows in the resulting table.
    pub rows: usize,
    /// Rows that come from the prior without being seen `min_count` times.
    pub prior_only_rows: usize,
}

/// A trained table and how it was made.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The learned confusions.
    pub table: ConfusionTable,
    /// Figures about the run.
    pub stats: TrainStats,
}

/// Trains on a pairs JSONL text: every unit of aligned tokens with text on
/// both sides (same, substituted, split or joined) is one `(ocr, clean)` pair.
pub fn train(pairs_jsonl: &str, opts: &TrainOptions) -> Result<Trained, CorpusError> {
    let read = pairs_from_jsonl(pairs_jsonl, opts)?;
    let mut trained = train_from_pairs(read.pairs, opts);
    trained.stats.records = read.records;
    trained.stats.records_skipped = read.skipped;
    Ok(trained)
}

/// The training pairs read from a pairs JSONL text.
#[derive(Debug, Clone, Default)]
pub struct UnitPairs {
    /// `(ocr, clean)` texts of the units.
    pub pairs: Vec<(String, String)>,
    /// Records read.
    pub records: usize,
    /// Records skipped by `models`, `unlettered` or `max_deleted_run`.
    pub skipped: usize,
}

/// The `(ocr, clean)` unit pairs of a pairs JSONL text.
pub fn pairs_from_jsonl(pairs_jsonl: &str, opts: &TrainOptions) -> Result<UnitPairs, CorpusError> {
    let mut pairs = Vec::new();
    let (mut records, mut skipped) = (0, 0);
    for item in read_pairs(pairs_jsonl) {
        let (_, record) = item?;
        records += 1;
        if record.max_deleted_run >= opts.max_deleted_run
            || (!opts.models.is_empty() && !opts.models.contains(&record.model))
            || (opts.unlettered && !crate::errormodel::rank::russian_damage(&record.ocr))
        {
            skipped += 1;
            continue;
        }
        let aligned = AlignedRecord::new(&record);
        for unit in &aligned.units {
            match aligned.kind(unit) {
                UnitKind::Correct | UnitKind::Substituted | UnitKind::Split | UnitKind::Joined => {
                    pairs.push((aligned.ocr_text(unit), aligned.clean_text(unit)));
                }
                _ => {}
            }
        }
    }
    Ok(UnitPairs {
        pairs,
        records,
        skipped,
    })
}

/// Lowercases the first letter of `clean` when `ocr` opens with a mark
/// (`@згер!с` for Өзгеріс): the search compares lowercase words, so a row
/// `@`→`Ө` could never apply, while `@`→`ө` does.
fn fold_capital_under_mark(ocr: &[char], clean: &mut [char]) {
    let uncased = |c: &char| !c.is_uppercase() && !c.is_lowercase();
    // Before a capital the mark is stray (`'Абай`), not read for it.
    if !ocr.first().is_some_and(uncased) || ocr.get(1).is_some_and(|c| c.is_uppercase()) {
        return;
    }
    if let Some(first) = clean.first_mut().filter(|c| c.is_uppercase()) {
        let mut lower = first.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            *first = l;
        }
    }
}

/// Packs up to three characters into a key (0 for the empty string).
fn key(s: &[char]) -> u64 {
    s.iter().fold(0u64, |k, &c| (k << 21) | (c as u64 + 1))
}

/// Floor probability of a confusion the prior does not name.
const P_FLOOR: f64 = 1e-4;

/// Cost multiplier of a step rewriting `a` OCR characters as `b` clean ones
/// when the step has no estimate of its own: a merged step must not be cheaper
/// than the single steps it could be made of.
fn arity_factor(a: usize, b: usize) -> f64 {
    match (a, b) {
        (0, 1) | (1, 0) | (1, 1) => 1.0,
        (1, 2) | (2, 1) => 1.6,
        (0, 2) | (2, 0) => 2.1,
        _ => 2.2,
    }
}

struct Model<'p> {
    /// Learned costs of seen steps.
    learned: HashMap<(u64, u64), f64>,
    /// Occurrences of OCR strings (key 0: gaps).
    contexts: &'p HashMap<u64, u64>,
    prior: HashMap<(u64, u64), f64>,
    weight: f64,
    first_round: bool,
}

impl Model<'_> {
    fn step_cost(&self, o: &[char], c: &[char]) -> Option<f64> {
        if o.len() == 1 && c.len() == 1 && o == c {
            return Some(0.0);
        }
        let k = (key(o), key(c));
        if o.len().max(c.len()) > 2 {
            return self
                .prior
                .get(&k)
                .map(|p| if self.first_round { 0.5 } else { *p });
        }
        if o.len() + c.len() > 2 {
            // Merged steps only where the ends differ; otherwise a match plus
            // a shorter step says the same.
            if o.first() == c.first() || o.last() == c.last() {
                return None;
            }
        }
        let factor = arity_factor(o.len(), c.len());
        if self.first_round {
            return Some(if self.prior.contains_key(&k) {
                0.5 * factor
            } else {
                factor
            });
        }
        if let Some(&cost) = self.learned.get(&k) {
            return Some(cost);
        }
        let n = self.contexts.get(&key(o)).copied().unwrap_or(0) as f64;
        let p0 = self.prior.get(&k).map_or(P_FLOOR, |c| (-c).exp());
        Some(-((self.weight * p0) / (n + self.weight)).ln() * factor)
    }

    /// The steps of a cheapest alignment of `o` (OCR) with `c` (clean).
    fn align(&self, o: &[char], c: &[char], steps: &mut Vec<(usize, usize, usize, usize)>) {
        let (n, m) = (o.len(), c.len());
        let w = m + 1;
        let mut cost = vec![f64::INFINITY; (n + 1) * w];
        let mut back = vec![(0u8, 0u8); (n + 1) * w];
        cost[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                if i == 0 && j == 0 {
                    continue;
                }
                let mut best = f64::INFINITY;
                let mut arg = (0, 0);
                for a in 0..=i.min(3) {
                    for b in 0..=j.min(3) {
                        if a == 0 && b == 0 {
                            continue;
                        }
                        let before = cost[(i - a) * w + (j - b)];
                        if !before.is_finite() || before >= best {
                            continue;
                        }
                        if let Some(s) = self.step_cost(&o[i - a..i], &c[j - b..j])
                            && before + s < best
                        {
                            best = before + s;
                            arg = (a as u8, b as u8);
                        }
                    }
                }
                cost[i * w + j] = best;
                back[i * w + j] = arg;
            }
        }
        steps.clear();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (a, b) = back[i * w + j];
            let (a, b) = (a as usize, b as usize);
            if a == 0 && b == 0 {
                break;
            }
            steps.push((i - a, i, j - b, j));
            i -= a;
            j -= b;
        }
    }
}

fn dashes_as_hyphens(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| if matches!(c, '–' | '—') { '-' } else { c })
        .collect()
}

/// True for a confusion worth keeping in the table (see the module doc).
fn keep_row(ocr: &str, clean: &str) -> bool {
    let light = |c: char| matches!(c, '-' | ' ');
    let clean_ok = clean
        .chars()
        .all(|c| is_word_char(c) || light(c) || matches!(c, '\'' | '’'));
    let wordy = ocr.chars().chain(clean.chars()).any(is_word_char);
    let light_only = ocr.chars().chain(clean.chars()).all(light);
    clean_ok && (wordy || light_only)
}

/// Trains on any `(ocr, clean)` string pairs: aligned tokens of an OCR
/// corpus, or reviewed corrections (`original`, `replacement`).
pub fn train_from_pairs<I, A, B>(pairs: I, opts: &TrainOptions) -> Trained
where
    I: IntoIterator<Item = (A, B)>,
    A: AsRef<str>,
    B: AsRef<str>,
{
    let mut stats = TrainStats::default();
    let mut contexts: HashMap<u64, u64> = HashMap::new();
    let mut work: Vec<(Vec<char>, Vec<char>)> = Vec::new();
    for (ocr, clean) in pairs {
        stats.pairs += 1;
        let o = dashes_as_hyphens(ocr.as_ref());
        let mut c = dashes_as_hyphens(clean.as_ref());
        fold_capital_under_mark(&o, &mut c);
        *contexts.entry(0).or_default() += o.len() as u64 + 1;
        for len in 1..=3 {
            for win in o.windows(len) {
                *contexts.entry(key(win)).or_default() += 1;
            }
        }
        if o == c {
            continue;
        }
        stats.differing_pairs += 1;
        let longer = o.len().max(c.len()).max(1) as f64;
        let distance = levenshtein(&o, &c);
        if distance > 2 && distance as f64 / longer > opts.max_distance_ratio {
            stats.skipped_pairs += 1;
            continue;
        }
        work.push((o, c));
    }

    let prior: HashMap<(u64, u64), f64> = opts
        .prior
        .entries()
        .iter()
        .map(|e| {
            let o: Vec<char> = e.ocr.chars().collect();
            let c: Vec<char> = e.clean.chars().collect();
            ((key(&o), key(&c)), f64::from(e.cost))
        })
        .collect();
    let mut model = Model {
        learned: HashMap::new(),
        contexts: &contexts,
        prior,
        weight: opts.prior_weight,
        first_round: true,
    };
    let mut counts: HashMap<(u64, u64), u32> = HashMap::new();
    let mut names: HashMap<(u64, u64), (String, String)> = HashMap::new();
    let mut steps = Vec::new();
    for _round in 0..=opts.iterations {
        counts.clear();
        stats.edits = 0;
        for (o, c) in &work {
            model.align(o, c, &mut steps);
            for &(i0, i1, j0, j1) in &steps {
                let (os, cs) = (&o[i0..i1], &c[j0..j1]);
                if os == cs {
                    continue;
                }
                let k = (key(os), key(cs));
                *counts.entry(k).or_default() += 1;
                stats.edits += 1;
                names
                    .entry(k)
                    .or_insert_with(|| (os.iter().collect(), cs.iter().collect()));
            }
        }
        model.learned = counts
            .iter()
            .map(|(k, &n)| {
                let ctx = contexts.get(&k.0).copied().unwrap_or(0) as f64;
                let p0 = model.prior.get(k).map_or(P_FLOOR, |c| (-c).exp());
                let p = (f64::from(n) + model.weight * p0) / (ctx.max(f64::from(n)) + model.weight);
                (*k, -p.ln())
            })
            .collect();
        model.first_round = false;
    }
    stats.distinct = counts.len();

    let mut rows = Vec::new();
    for (k, &n) in &counts {
        if n < opts.min_count && !model.prior.contains_key(k) {
            continue;
        }
        let (ocr, clean) = &names[k];
        if !keep_row(ocr, clean) {
            continue;
        }
        rows.push(Confusion {
            ocr: ocr.clone(),
            clean: clean.clone(),
            cost: model.learned[k] as f32,
            count: n,
        });
    }
    for e in opts.prior.entries() {
        let o: Vec<char> = e.ocr.chars().collect();
        let c: Vec<char> = e.clean.chars().collect();
        let k = (key(&o), key(&c));
        if counts.get(&k).is_some_and(|&n| n >= opts.min_count) {
            continue;
        }
        stats.prior_only_rows += 1;
        if counts.contains_key(&k) {
            continue; // already a row, seen once
        }
        // A confusion the training pages never show keeps the prior's cost:
        // another OCR engine (or another font) makes it, and its absence
        // from these pages says little about that (smoothing it by the
        // number of times the OCR letter was read right would price it out).
        rows.push(Confusion {
            ocr: e.ocr.clone(),
            clean: e.clean.clone(),
            cost: e.cost,
            count: 0,
        });
    }
    stats.rows = rows.len();
    let notes = vec![
        String::new(),
        format!(
            "Learned by `emle train confusions{}` from {} aligned token pairs ({} differing, {} skipped as misaligned),",
            if opts.unlettered { " --unlettered" } else { "" },
            stats.pairs,
            stats.differing_pairs,
            stats.skipped_pairs
        ),
        format!(
            "{} re-estimation rounds, prior weight {}; rows seen fewer than {} times are kept only when the prior names them.",
            opts.iterations, opts.prior_weight, opts.min_count
        ),
    ];
    Trained {
        table: ConfusionTable::from_entries(rows).with_notes(notes),
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(prior: &str) -> TrainOptions {
        TrainOptions {
            prior: ConfusionTable::load(prior).unwrap(),
            ..TrainOptions::default()
        }
    }

    #[test]
    fn learns_one_to_one_and_merged_confusions() {
        let pairs = [
            ("кара", "қара"),
            ("кыз", "қыз"),
            ("бала", "бала"),
            ("кол", "қол"),
            ("бьі", "бы"),
            ("кьі", "кы"),
            ("б!л!м", "білім"),
            ("баст апқы", "бастапқы"),
            ("жыл ы", "жылы"),
            ("жылыбала", "жылы бала"),
            ("абвгд", "жзийк"),
        ];
        let t = train_from_pairs(pairs, &opts("ьі\tы\t2\t0\n")).table;
        let kq = t.get("к", "қ").unwrap();
        assert_eq!(kq.count, 3);
        assert!(kq.cost > 0.0);
        assert_eq!(t.get("ьі", "ы").unwrap().count, 2);
        assert_eq!(t.get("!", "і").unwrap().count, 2);
        assert_eq!(t.get(" ", "").unwrap().count, 2);
        // Seen once, not in the prior: dropped.
        assert!(t.get("", " ").is_none());
        // The garbage pair is skipped as a misalignment.
        assert!(t.get("а", "ж").is_none());
    }

    #[test]
    fn a_mark_read_for_a_capital_teaches_the_lowercase_row() {
        let fold = |ocr: &str, clean: &str| {
            let o: Vec<char> = ocr.chars().collect();
            let mut c: Vec<char> = clean.chars().collect();
            fold_capital_under_mark(&o, &mut c);
            c.into_iter().collect::<String>()
        };
        assert_eq!(fold("@згер!с", "Өзгеріс"), "өзгеріс");
        assert_eq!(fold("'Абай", "Абай"), "Абай");
        assert_eq!(fold("Кенес", "Кеңес"), "Кеңес");
    }

    #[test]
    fn prior_rows_survive_and_learned_costs_rank() {
        let mut pairs = vec![("кара", "қара"); 20];
        pairs.extend([("нан", "наң"), ("кара", "кара")]);
        let t = train_from_pairs(pairs, &opts("н\tң\t2\t0\nii\tп\t3\t0\n")).table;
        let nng = t.get("н", "ң").unwrap();
        assert_eq!(nng.count, 1);
        let iip = t.get("ii", "п").unwrap();
        assert_eq!(iip.count, 0);
        // Never seen: the prior's cost, not priced out by the many ii read right.
        assert_eq!(iip.cost, 3.0);
        assert!(t.get("к", "қ").unwrap().cost < nng.cost);
    }

    #[test]
    fn punctuation_only_rows_are_dropped() {
        assert!(!keep_row(".", ","));
        assert!(!keep_row("", ","));
        assert!(keep_row("", "-"));
        assert!(keep_row(" ", ""));
        assert!(keep_row("!", "і"));
        assert!(!keep_row("і", "!"));
    }

    #[test]
    fn trains_from_jsonl_and_reports_bad_lines() {
        let jsonl = concat!(
            r#"{"model":"rus","clean":"қара қыз","ocr":"кара кыз","align":[["қара","кара"],["қыз","кыз"]],"max_deleted_run":0}"#,
            "\n",
            r#"{"model":"kaz","clean":"а","ocr":"а","max_deleted_run":5}"#,
            "\n"
        );
        let t = train(jsonl, &opts("")).unwrap();
        assert_eq!(t.stats.records, 2);
        assert_eq!(t.stats.records_skipped, 1);
        assert_eq!(t.table.get("к", "қ").unwrap().count, 2);
        assert!(
            train("{oops", &opts(""))
                .unwrap_err()
                .to_string()
                .starts_with("line 1:")
        );
    }

    #[test]
    fn unlettered_training_keeps_pages_without_kazakh_letters() {
        let jsonl = concat!(
            r#"{"model":"rus","clean":"қара қыз","ocr":"кара кыз","max_deleted_run":0}"#,
            "\n",
            r#"{"model":"kaz","clean":"қара қыз","ocr":"қара кыз","max_deleted_run":0}"#,
            "\n"
        );
        let unlettered = TrainOptions {
            unlettered: true,
            ..opts("")
        };
        let t = train(jsonl, &unlettered).unwrap();
        assert_eq!(t.stats.records_skipped, 1);
        assert_eq!(t.table.get("к", "қ").unwrap().count, 2);
        let t = train(jsonl, &opts("")).unwrap();
        assert_eq!(t.table.get("к", "қ").unwrap().count, 3);
    }
}
