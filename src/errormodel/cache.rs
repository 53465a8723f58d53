//! Suggestions computed once per run and shared by all threads.
//!
//! Damaged words recur across a corpus (the same misreading on every page),
//! the candidate search is by far the costliest step of a check, and a cache
//! per thread would make every thread search again. Entries are keyed by the
//! lexicon and table they were computed with, a kind chosen by the caller
//! (which search produced them) and the word.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use crate::diagnostic::Suggestion;
use crate::errormodel::ConfusionTable;
use crate::lexicon::Lexicon;

/// What a search gave for a word.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The corrections, best first.
    pub suggestions: Vec<Suggestion>,
    /// Their candidates' scores, for re-ranking with document evidence
    /// (empty when the search that made them keeps none).
    pub scores: Vec<crate::errormodel::rank::Score>,
    /// Whether some candidate is a cheap OCR confusion away: evidence of
    /// damage even in a word the OCR engine was sure of.
    pub cheap: bool,
}

/// Which search produced a cached entry, so that one word can hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Corrections for an unknown word.
    Word,
    /// Corrections for an unknown word the OCR engine was unsure of (a
    /// smaller safe margin).
    DoubtfulWord,
    /// Corrections for a suffix chain after an abbreviation (ОК-ніқ).
    SuffixChain,
    /// A suffix chain the OCR engine was unsure of.
    DoubtfulSuffixChain,
    /// Corrections for a word or suffix chain after a number (1-інде).
    AfterNumber,
    /// Corrections for an accepted word that shows real-word damage.
    RealWord,
}

type Key = (usize, usize, Kind, String);

/// Cached words before the cache starts over: bounds memory on huge corpora.
const CAP: usize = 200_000;

/// One word's entry: filled once by the first thread that needs it, while
/// other threads that need it meanwhile wait instead of searching too (the
/// same new words turn up in every file at the start of a corpus).
type Slot = Arc<OnceLock<Entry>>;

fn cache() -> &'static RwLock<HashMap<Key, Slot>> {
    static CACHE: OnceLock<RwLock<HashMap<Key, Slot>>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new(HashMap::new()))
}

/// The entry for `word`, from the cache or computed by `compute` on a miss.
pub fn entry(
    lex: &Lexicon,
    table: &ConfusionTable,
    kind: Kind,
    word: &str,
    compute: impl FnOnce() -> Entry,
) -> Entry {
    let key = (
        lex as *const Lexicon as usize,
        table as *const ConfusionTable as usize,
        kind,
        word.to_string(),
    );
    let slot = cache()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let slot = match slot {
        Some(slot) => slot,
        None => {
            let mut c = cache().write().unwrap_or_else(|e| e.into_inner());
            if c.len() >= CAP {
                c.clear();
            }
            c.entry(key).or_default().clone()
        }
    };
    slot.get_or_init(compute).clone()
}

/// The suggestions for `word`, from the cache or computed by `compute` on a miss.
pub fn suggestions(
    lex: &Lexicon,
    table: &ConfusionTable,
    kind: Kind,
    word: &str,
    compute: impl FnOnce() -> Vec<Suggestion>,
) -> Vec<Suggestion> {
    entry(lex, table, kind, word, || Entry {
        suggestions: compute(),
        ..Entry::default()
    })
    .suggestions
}
