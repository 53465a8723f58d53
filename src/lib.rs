//! emle: a linter for OCR-damaged Kazakh text.
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod case;
pub mod codepage;
pub mod config;
pub mod decisions;
pub mod diagnostic;
pub mod engine;
pub mod errormodel;
pub mod eval;
pub mod fingerprint;
pub mod fix;
pub mod lexicon;
pub mod markup;
pub mod project;
pub mod render;
pub mod rules;
pub mod script;
pub mod source;
pub mod tokenize;
pub mod walk;
