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
}
