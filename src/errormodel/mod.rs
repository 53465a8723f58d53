//! The OCR error model: which strings an OCR engine writes for which clean
//! strings, learned from aligned OCR and clean text.
//!
//! * [`table`]: the [`ConfusionTable`] and its TSV format
//!   (`lexicon/confusions.tsv`, learned; `lexicon/confusions-prior.tsv`,
//!   hand-written).
//! * [`train`](mod@train): learning a table from `(ocr, clean)` pairs.
//! * [`ngram`]: how Kazakh a string of letters looks, for ranking.
//! * [`frequency`]: how frequent a word form is, for ranking and safety.
//! * [`rank`]: ranking candidates and the rule for safe corrections.
//! * [`lost_ending`]: candidates with a word ending OCR lost whole.
//! * [`lost_space`]: two words OCR ran together.
//! * [`unknown_stem`]: a damaged ending after a stem the lexicon lacks.
//! * [`deeper`]: a deeper search for words no safe fix can reach.
//! * [`cache`]: suggestions shared across files and threads.
//! * [`corpus`]: reading pairs JSONL files and grouping aligned tokens.

pub mod cache;
pub mod corpus;
pub mod deeper;
pub mod frequency;
pub mod lost_ending;
pub mod lost_space;
pub mod ngram;
pub mod rank;
pub mod table;
pub mod train;
pub mod unknown_stem;

pub use table::{Candidate, Confusion, ConfusionTable, TableError};
pub use train::{TrainOptions, TrainStats, Trained, train, train_from_pairs};
