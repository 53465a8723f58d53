//! Compiles the Kazakh lexicon sources under `lexicon/` into one container
//! (stem and suffix automata) that the library embeds with `include_bytes!`.

#[allow(dead_code)]
#[path = "src/lexicon/format.rs"]
mod format;

#[allow(dead_code)]
#[path = "src/lexicon/morpho.rs"]
mod morpho;

#[allow(dead_code)]
#[path = "src/lexicon/compile.rs"]
mod compile;

use std::path::{Path, PathBuf};

/// FNV-1a over the lexicon's source files, for the version string.
fn fingerprint(dir: &Path) -> u64 {
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["", "sources", "own"] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            files.extend(
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file()),
            );
        }
    }
    files.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for f in files {
        for b in std::fs::read(&f).unwrap_or_default() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = root.join("lexicon");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=lexicon/morphotactics.toml");
    println!("cargo:rerun-if-changed=lexicon/sources");
    println!("cargo:rerun-if-changed=lexicon/own");
    println!("cargo:rerun-if-changed=src/lexicon/format.rs");
    println!("cargo:rerun-if-changed=src/lexicon/morpho.rs");
    println!("cargo:rerun-if-changed=src/lexicon/compile.rs");
    let version = format!(
        "kk-{}+{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        fingerprint(&dir)
    );
    let compiled = match compile::compile(&dir, &version) {
        Ok(c) => c,
        Err(e) => panic!("compiling the lexicon failed: {e}"),
    };
    for f in &compiled.inputs {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    std::fs::write(out.join("lexicon.emlex"), &compiled.bytes)
        .expect("writing the compiled lexicon");
    let ngrams = dir.join("sources/lingua-kk-ngrams.tsv");
    println!("cargo:rerun-if-changed={}", ngrams.display());
    std::fs::write(out.join("ngrams.fst"), compile_ngrams(&ngrams))
        .expect("writing the compiled n-gram model");
    let frequent = dir.join("sources/tesseract-kaz-frequent.tsv");
    println!("cargo:rerun-if-changed={}", frequent.display());
    std::fs::write(out.join("frequent.fst"), compile_frequent(&frequent))
        .expect("writing the compiled frequent words");
    let pairs = dir.join("sources/tesseract-kaz-pairs.tsv");
    println!("cargo:rerun-if-changed={}", pairs.display());
    std::fs::write(out.join("pairs.fst"), compile_pairs(&pairs))
        .expect("writing the compiled word pairs");
}

/// The rows of a two-column TSV file (`#` comments and blank lines
/// skipped), its second column trimmed.
fn tsv_pairs(path: &Path) -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| match l.split_once('\t') {
            Some((first, second)) => (first.to_string(), second.trim().to_string()),
            None => panic!("{}: malformed line {l:?}", path.display()),
        })
        .collect()
}

/// `value` parsed as a number of `path`, or a panic naming both.
fn number<T: std::str::FromStr>(path: &Path, value: &str) -> T
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .unwrap_or_else(|e| panic!("{}: bad number {value:?}: {e}", path.display()))
}

/// An `fst::Map` of `entries`, sorted and deduplicated by key here.
fn fst_map(mut entries: Vec<(String, u64)>, what: &str) -> Vec<u8> {
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut map = fst::MapBuilder::memory();
    for (key, value) in entries {
        map.insert(key, value)
            .unwrap_or_else(|e| panic!("building the {what}: {e}"));
    }
    map.into_inner()
        .unwrap_or_else(|e| panic!("building the {what}: {e}"))
}

/// Compiles the word pairs (`first <TAB> second`) into an `fst::Set` of
/// `first second` (words hold no spaces).
fn compile_pairs(path: &Path) -> Vec<u8> {
    let mut keys: Vec<String> = tsv_pairs(path)
        .into_iter()
        .map(|(first, second)| format!("{first} {second}"))
        .collect();
    keys.sort();
    keys.dedup();
    let mut set = fst::SetBuilder::memory();
    for key in keys {
        set.insert(key).expect("word pairs are sorted and distinct");
    }
    set.into_inner().expect("building the word-pair set")
}

/// Compiles the frequent words (`word <TAB> class`) into an `fst::Map` from
/// each word to its frequency class.
fn compile_frequent(path: &Path) -> Vec<u8> {
    let entries = tsv_pairs(path)
        .into_iter()
        .map(|(word, class)| {
            let class = number(path, &class);
            (word, class)
        })
        .collect();
    fst_map(entries, "frequent-word map")
}

/// Compiles the n-gram costs (`gram <TAB> cost`) into an `fst::Map` keyed
/// by each n-gram with its letters in reverse order, valued by its cost in
/// hundredths: the model reads the letters before a position backwards, so
/// that one walk finds the longest n-gram that ends there.
fn compile_ngrams(path: &Path) -> Vec<u8> {
    let entries = tsv_pairs(path)
        .into_iter()
        .map(|(gram, cost)| {
            let cost: f64 = number(path, &cost);
            (gram.chars().rev().collect(), (cost * 100.0).round() as u64)
        })
        .collect();
    fst_map(entries, "n-gram map")
}
