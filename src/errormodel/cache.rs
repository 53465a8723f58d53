//! Suggestions computed once per run and shared by all threads.
//!
//! Damaged words recur across a corpus (the same misreading on every page),
//! the candidate search is by far the costliest step of a check, and a cache
//! per thread would make every thread search again. Entries are keyed by the
//! lexicon and table they were computed with, a kind chosen by the caller
//! (which search produced them) and the word.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use crate::diagnostic::Suggestion;
use crate::errormodel::ConfusionTable;
use crate::lexicon::{FastMap, Lexicon};

/// What a search gave for a word.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The corrections, best first.
    pub suggestions: Vec<Suggestion>,
    /// Their candidates' scores, for re-ranking with document evidence
    /// (empty when the search that made them keeps none).
    pub scores: Vec<crate::errormodel::rank::Score>,
    /// What a document must hold to attest each suggestion (empty when
    /// `scores` is).
    pub evidence: Vec<crate::rules::AttestKey>,
    /// The edits that lead to each suggestion's candidate (empty when
    /// `scores` is), for judging it by the confusions a document recurs in
    /// (see [`crate::errormodel::rank::is_safe_by_recurrence`]).
    pub edits: Vec<Vec<crate::lexicon::search::SearchEdit>>,
    /// Whether some candidate is a cheap OCR confusion away: evidence of
    /// damage even in a word the OCR engine was sure of.
    pub cheap: bool,
}

/// Which search produced a cached entry, so that one word can hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Corrections for an unknown word or suffix chain.
    Word {
        /// A suffix chain after an abbreviation (ОК-ніқ).
        suffix_chain: bool,
        /// The OCR engine was unsure of it (a smaller safe margin).
        doubtful: bool,
        /// It is in a document read without the Kazakh letters and shows it.
        unlettered: bool,
    },
    /// Corrections for a word or suffix chain after a number (1-інде).
    AfterNumber,
    /// Corrections for an accepted word that shows real-word damage.
    RealWord,
    /// Corrections for an accepted word in a document read without the
    /// Kazakh letters.
    Unlettered,
    /// The far commoner restoration of an accepted word's Kazakh letters,
    /// if any (`ocr-confusion` on a page read with them).
    FrequentRestoration,
}

/// What an entry was computed with besides the word: the lexicon and table
/// (by address) and the kind of search.
type Setting = (usize, usize, Kind);

/// Cached words before the cache starts over: bounds memory on huge corpora.
const CAP: usize = 200_000;

/// One word's entry: filled once by the first thread that needs it, while
/// other threads that need it meanwhile wait instead of searching too (the
/// same new words turn up in every file at the start of a corpus).
type Slot = Arc<OnceLock<Entry>>;

/// Slots by setting, then by word (so that a lookup needs no owned key),
/// both hashed with the fast word hash: the lookup runs for every unknown
/// word of every file.
type Slots = FastMap<Setting, FastMap<String, Slot>>;

fn cache() -> &'static RwLock<(usize, Slots)> {
    static CACHE: OnceLock<RwLock<(usize, Slots)>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new((0, FastMap::default())))
}

thread_local! {
    /// Each thread's copy of the slots it has used: a damaged word recurs on
    /// every page, and taking the shared lock each time made two threads
    /// fight over its cache line.
    static FRONT: RefCell<(usize, Slots)> = RefCell::new((0, FastMap::default()));
}

/// How many times the shared cache has started over, so that threads drop
/// their copies with it.
static GENERATION: AtomicUsize = AtomicUsize::new(0);

/// The entry for `word`, from the cache or computed by `compute` on a miss.
pub fn entry(
    lex: &Lexicon,
    table: &ConfusionTable,
    kind: Kind,
    word: &str,
    compute: impl FnOnce() -> Entry,
) -> Entry {
    read_entry(lex, table, kind, word, compute, Entry::clone)
}

/// What `read` takes from the entry for `word` (see [`entry`]), without a
/// copy of the whole entry: a rule that needs only part of it for every
/// occurrence of a word asks this.
pub fn read_entry<R>(
    lex: &Lexicon,
    table: &ConfusionTable,
    kind: Kind,
    word: &str,
    compute: impl FnOnce() -> Entry,
    read: impl FnOnce(&Entry) -> R,
) -> R {
    let setting = (
        lex as *const Lexicon as usize,
        table as *const ConfusionTable as usize,
        kind,
    );
    let generation = GENERATION.load(Ordering::Relaxed);
    let front = FRONT.with(|f| {
        let f = f.borrow();
        (f.0 == generation)
            .then(|| f.1.get(&setting)?.get(word).cloned())
            .flatten()
    });
    let slot = match front {
        Some(slot) => slot,
        None => {
            let slot = shared_slot(setting, word);
            FRONT.with(|f| {
                let mut f = f.borrow_mut();
                let generation = GENERATION.load(Ordering::Relaxed);
                if f.0 != generation {
                    *f = (generation, FastMap::default());
                }
                f.1.entry(setting)
                    .or_default()
                    .insert(word.to_string(), slot.clone());
            });
            slot
        }
    };
    read(slot.get_or_init(compute))
}

/// The shared slot for `word`, made if there is none yet.
fn shared_slot(setting: Setting, word: &str) -> Slot {
    let found = cache()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .1
        .get(&setting)
        .and_then(|words| words.get(word).cloned());
    if let Some(slot) = found {
        return slot;
    }
    let mut c = cache().write().unwrap_or_else(|e| e.into_inner());
    if c.0 >= CAP {
        *c = (0, FastMap::default());
        GENERATION.fetch_add(1, Ordering::Relaxed);
    }
    let words = c.1.entry(setting).or_default();
    if let Some(slot) = words.get(word) {
        return slot.clone();
    }
    let slot = Slot::default();
    words.insert(word.to_string(), slot.clone());
    c.0 += 1;
    slot
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
