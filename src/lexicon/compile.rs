//! The lexicon compiler: reads the text sources under `lexicon/` and writes
//! one container (see [`super::format`]) with the stem automaton, the suffix
//! automata of every reachable context, the weak-source forms and the
//! abbreviations.
//!
//! Used by `build.rs` (included with `#[path]`) and available to the library
//! as [`compile`], e.g. to build an external lexicon for `--lexicon`.

use super::format::Writer;
use super::morpho::{Ctx, Grammar, SetKey};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where a stem came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The curated dictionary (hunspell-kk).
    Curated = 0,
    /// Lists written by the emle authors.
    Own = 1,
    /// Weak evidence (the tesseract word list).
    Weak = 2,
    /// Words given by the user at run time.
    User = 3,
}

impl Source {
    /// Decodes the 2-bit source field.
    pub fn from_bits(b: u32) -> Source {
        match b & 3 {
            0 => Source::Curated,
            1 => Source::Own,
            2 => Source::Weak,
            _ => Source::User,
        }
    }

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::Own => "own",
            Source::Weak => "weak",
            Source::User => "user",
        }
    }
}

/// The paradigm class of a stem entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Nominal: nouns, adjectives, numerals, most pronouns.
    Nominal = 0,
    /// Verb stem.
    Verbal = 1,
    /// Takes no suffix.
    Invariable = 2,
    /// Proper noun (nominal chain).
    Proper = 3,
}

impl Kind {
    /// Decodes the 3-bit kind field.
    pub fn from_bits(b: u32) -> Kind {
        match b & 7 {
            1 => Kind::Verbal,
            2 => Kind::Invariable,
            3 => Kind::Proper,
            _ => Kind::Nominal,
        }
    }

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Nominal => "nominal",
            Kind::Verbal => "verbal",
            Kind::Invariable => "invariable",
            Kind::Proper => "proper",
        }
    }

    /// The layer its suffixes start in.
    pub fn layer(self) -> &'static str {
        match self {
            Kind::Nominal | Kind::Proper => "nominal",
            Kind::Verbal => "verbal",
            Kind::Invariable => "invariable",
        }
    }
}

/// Packs a stem entry: suffix set, source and kind.
pub fn pack_entry(set: u16, src: Source, kind: Kind) -> u32 {
    (set as u32 & 0xfff) | ((src as u32) << 12) | ((kind as u32) << 14)
}

/// Unpacks a stem entry packed by [`pack_entry`].
pub fn unpack_entry(e: u32) -> (u16, Source, Kind) {
    (
        (e & 0xfff) as u16,
        Source::from_bits(e >> 12),
        Kind::from_bits(e >> 14),
    )
}

/// Bit of a suffix value: a word may end here.
pub const FINAL: u64 = 1;

/// The continuation set ids (at most three) of a suffix value.
pub fn conts(v: u64) -> impl Iterator<Item = u16> {
    (0..3).filter_map(move |i| {
        let id = ((v >> (1 + 16 * i)) & 0xffff) as u16;
        id.checked_sub(1)
    })
}

/// Encodes a set descriptor (8 bytes).
pub fn pack_set(key: &SetKey) -> [u8; 8] {
    let (kind, class, ch) = match key.ctx {
        Ctx::Class(c) => (0u8, c, 0u32),
        Ctx::Tail(t) => (1, 0, t as u32),
        Ctx::Drop(t) => (2, 0, t as u32),
    };
    let c = ch.to_le_bytes();
    [
        key.layer,
        key.front as u8,
        kind,
        class,
        c[0],
        c[1],
        c[2],
        c[3],
    ]
}

/// Decodes a set descriptor written by [`pack_set`].
pub fn unpack_set(b: &[u8]) -> Option<SetKey> {
    if b.len() < 8 {
        return None;
    }
    let ch = char::from_u32(u32::from_le_bytes([b[4], b[5], b[6], b[7]]));
    let ctx = match b[2] {
        0 => Ctx::Class(b[3]),
        1 => Ctx::Tail(ch?),
        _ => Ctx::Drop(ch?),
    };
    Some(SetKey {
        layer: b[0],
        front: b[1] != 0,
        ctx,
    })
}

/// An error while compiling the sources.
#[derive(Debug)]
pub enum CompileError {
    /// A source file could not be read.
    Io(PathBuf, std::io::Error),
    /// The morphotactics are invalid.
    Grammar(String),
    /// A source line is malformed.
    Syntax(PathBuf, usize, String),
    /// Building an automaton failed.
    Fst(String),
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            CompileError::Grammar(e) => write!(f, "{e}"),
            CompileError::Syntax(p, l, e) => write!(f, "{}:{l}: {e}", p.display()),
            CompileError::Fst(e) => write!(f, "automaton: {e}"),
        }
    }
}

impl std::error::Error for CompileError {}

fn read(path: &Path) -> Result<String, CompileError> {
    std::fs::read_to_string(path).map_err(|e| CompileError::Io(path.to_path_buf(), e))
}

/// One line of a stem list.
#[derive(Debug, Clone)]
pub struct StemLine {
    /// The stem as written.
    pub stem: String,
    /// Its classes (`n`, `v`, `prop`, `inv`, `abbr`) and flags (`drop`, `noalt`).
    pub classes: Vec<String>,
}

/// Parses a stem list: `stem <TAB> classes`, `#` comments.
pub fn parse_stem_list(text: &str, path: &Path) -> Result<Vec<StemLine>, CompileError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (stem, classes) = line.split_once('\t').unwrap_or((line, "n"));
        if stem.is_empty() {
            return Err(CompileError::Syntax(
                path.to_path_buf(),
                i + 1,
                "empty stem".into(),
            ));
        }
        let classes: Vec<String> = classes
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        for c in &classes {
            if !matches!(
                c.as_str(),
                "n" | "v" | "prop" | "inv" | "abbr" | "drop" | "noalt"
            ) {
                return Err(CompileError::Syntax(
                    path.to_path_buf(),
                    i + 1,
                    format!("unknown class `{c}`"),
                ));
            }
        }
        out.push(StemLine {
            stem: stem.to_string(),
            classes,
        });
    }
    Ok(out)
}

/// The stem keys and suffix sets one stem needs: (key, set, kind).
pub fn stem_entries(
    gr: &Grammar,
    stem: &str,
    kind: Kind,
    drop: bool,
    noalt: bool,
) -> Vec<(String, SetKey)> {
    let mut out = Vec::new();
    let Some(layer) = gr.layer(kind.layer()) else {
        return out;
    };
    let chars: Vec<char> = stem.chars().collect();
    let Some(&last) = chars.last() else {
        return out;
    };
    let Some(mut class) = gr.class_of(last) else {
        return out;
    };
    if noalt
        && let Some(c) = gr.class_named("voiceless")
        && gr.fuses(last)
    {
        class = c;
    }
    let nominal = matches!(kind, Kind::Nominal | Kind::Proper);
    if nominal
        && gr
            .epenthetic_i_after
            .iter()
            .any(|e| stem.ends_with(e.as_str()))
    {
        // акт → акті-ге, объект → объекті-ні
        if let Some(c) = gr.class_of('і') {
            let ctx = Ctx::Class(c);
            out.push((
                format!("{stem}і"),
                SetKey {
                    layer,
                    front: true,
                    ctx,
                },
            ));
        }
    }
    for front in gr.stem_harmony(stem, nominal) {
        out.push((
            stem.to_string(),
            SetKey {
                layer,
                front,
                ctx: Ctx::Class(class),
            },
        ));
        if kind == Kind::Invariable {
            continue;
        }
        if drop && chars.len() >= 3 && gr.is_vowel(chars[chars.len() - 2]) {
            let key: String = chars[..chars.len() - 2].iter().collect();
            out.push((
                key,
                SetKey {
                    layer,
                    front,
                    ctx: Ctx::Drop(last),
                },
            ));
        } else if !noalt && gr.fuses(last) {
            let key: String = chars[..chars.len() - 1].iter().collect();
            out.push((
                key,
                SetKey {
                    layer,
                    front,
                    ctx: Ctx::Tail(last),
                },
            ));
        }
    }
    out
}

/// What [`compile`] produced.
#[derive(Debug)]
pub struct Compiled {
    /// The container's bytes.
    pub bytes: Vec<u8>,
    /// The files it was made from (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
}

fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Compiles the sources in `dir` (the `lexicon/` folder) into a container.
///
/// `version` is stored as the lexicon's version string.
pub fn compile(dir: &Path, version: &str) -> Result<Compiled, CompileError> {
    let mut inputs = Vec::new();
    let morph_path = dir.join("morphotactics.toml");
    let morph_text = read(&morph_path)?;
    inputs.push(morph_path);
    let gr = Grammar::parse(&morph_text).map_err(|e| CompileError::Grammar(e.to_string()))?;

    let mut lists: Vec<(PathBuf, Source)> =
        vec![(dir.join("sources/hunspell-kk.tsv"), Source::Curated)];
    let own_dir = dir.join("own");
    let mut own: Vec<PathBuf> = std::fs::read_dir(&own_dir)
        .map_err(|e| CompileError::Io(own_dir.clone(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    own.sort();
    lists.extend(own.into_iter().map(|p| (p, Source::Own)));
    lists.push((dir.join("sources/tesseract-kaz-stems.tsv"), Source::Weak));

    // key → entries (set key, source, kind)
    let mut stems: BTreeMap<String, BTreeSet<(SetKey, Source, Kind)>> = BTreeMap::new();
    let mut abbrs: BTreeSet<String> = BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut drops: BTreeSet<String> = BTreeSet::new();
    let mut parsed = Vec::new();
    for (path, src) in &lists {
        let text = read(path)?;
        let lines = parse_stem_list(&text, path)?;
        for l in &lines {
            if l.classes.iter().any(|c| c == "drop") {
                drops.insert(lowercase(&l.stem));
            }
        }
        parsed.push((lines, *src));
        inputs.push(path.clone());
    }
    for (lines, src) in &parsed {
        for l in lines {
            let stem = lowercase(&l.stem);
            let noalt = l.classes.iter().any(|c| c == "noalt");
            let drop = drops.contains(&stem);
            for c in &l.classes {
                let kind = match c.as_str() {
                    "n" => Kind::Nominal,
                    "v" => Kind::Verbal,
                    "prop" => Kind::Proper,
                    "inv" => Kind::Invariable,
                    "abbr" => {
                        abbrs.insert(l.stem.clone());
                        *counts.entry(format!("{}.abbr", src.name())).or_default() += 1;
                        continue;
                    }
                    _ => continue,
                };
                *counts
                    .entry(format!("{}.{}", src.name(), kind.name()))
                    .or_default() += 1;
                for (key, set) in stem_entries(&gr, &stem, kind, drop, noalt) {
                    stems.entry(key).or_default().insert((set, *src, kind));
                }
            }
        }
    }

    // Suffix sets: every context reachable from the stems, the cuts and the number layer.
    let mut todo: Vec<SetKey> = stems
        .values()
        .flat_map(|es| es.iter().map(|e| e.0))
        .collect();
    let mut number_sets = Vec::new();
    if let Some(layer) = gr.layer("number") {
        for front in [false, true] {
            for c in 0..gr.class_names.len() {
                let k = SetKey {
                    layer,
                    front,
                    ctx: Ctx::Class(c as u8),
                };
                number_sets.push(k);
                todo.push(k);
            }
        }
    }
    let mut generated: BTreeMap<SetKey, Vec<super::morpho::Item>> = BTreeMap::new();
    while let Some(k) = todo.pop() {
        if generated.contains_key(&k) {
            continue;
        }
        let items = gr.generate(&k);
        for it in &items {
            if let Some(c) = it.cont
                && !generated.contains_key(&c)
            {
                todo.push(c);
            }
        }
        generated.insert(k, items);
    }
    // Drop empty sets (and, repeatedly, items that only lead into them).
    let mut nonempty: BTreeSet<SetKey> = BTreeSet::new();
    loop {
        let before = nonempty.len();
        for (k, items) in &generated {
            if items
                .iter()
                .any(|it| it.is_final || it.cont.is_some_and(|c| nonempty.contains(&c)))
            {
                nonempty.insert(*k);
            }
        }
        if nonempty.len() == before {
            break;
        }
    }
    let ids: HashMap<SetKey, u16> = nonempty
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u16))
        .collect();
    if ids.len() >= 0xfff {
        return Err(CompileError::Fst("too many suffix sets".into()));
    }
    let mut setd = Vec::new();
    let mut seto = Vec::new();
    let mut sufx = Vec::new();
    let mut suffix_strings = 0usize;
    for k in &nonempty {
        let mut merged: BTreeMap<Vec<u8>, (bool, BTreeSet<u16>)> = BTreeMap::new();
        for it in &generated[k] {
            let e = merged.entry(it.surface.as_bytes().to_vec()).or_default();
            e.0 |= it.is_final;
            if let Some(c) = it.cont.and_then(|c| ids.get(&c)) {
                e.1.insert(*c);
            }
        }
        let mut b = fst::MapBuilder::memory();
        for (s, (fin, cs)) in &merged {
            if !fin && cs.is_empty() {
                continue;
            }
            if cs.len() > 3 {
                return Err(CompileError::Fst(format!(
                    "more than three continuations after `{}`",
                    String::from_utf8_lossy(s)
                )));
            }
            let mut v = if *fin { FINAL } else { 0 };
            for (i, c) in cs.iter().enumerate() {
                v |= (*c as u64 + 1) << (1 + 16 * i);
            }
            b.insert(s, v)
                .map_err(|e| CompileError::Fst(e.to_string()))?;
            suffix_strings += 1;
        }
        let bytes = b
            .into_inner()
            .map_err(|e| CompileError::Fst(e.to_string()))?;
        setd.extend_from_slice(&pack_set(k));
        seto.extend_from_slice(&(sufx.len() as u32).to_le_bytes());
        seto.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        sufx.extend_from_slice(&bytes);
    }

    // Stems: key → (first entry, count).
    let mut entr: Vec<u8> = Vec::new();
    let mut n_entries = 0u32;
    let mut sb = fst::MapBuilder::memory();
    for (key, es) in &stems {
        let es: Vec<u32> = es
            .iter()
            .filter_map(|(set, src, kind)| ids.get(set).map(|id| pack_entry(*id, *src, *kind)))
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .collect();
        if es.is_empty() {
            continue;
        }
        let n = es.len().min(255) as u64;
        sb.insert(key.as_bytes(), ((n_entries as u64) << 8) | n)
            .map_err(|e| CompileError::Fst(e.to_string()))?;
        for e in es.iter().take(255) {
            entr.extend_from_slice(&e.to_le_bytes());
            n_entries += 1;
        }
    }
    let stem_bytes = sb
        .into_inner()
        .map_err(|e| CompileError::Fst(e.to_string()))?;

    // Weak forms: lowercase surface forms, not already stems.
    let weak_path = dir.join("sources/tesseract-kaz.txt");
    let weak_text = read(&weak_path)?;
    inputs.push(weak_path);
    let weak: BTreeSet<String> = weak_text
        .lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(lowercase)
        .filter(|w| !stems.contains_key(w))
        .collect();
    let weak_bytes = fst::Set::from_iter(weak.iter())
        .map_err(|e| CompileError::Fst(e.to_string()))?
        .as_fst()
        .as_bytes()
        .to_vec();
    let abbr_bytes = fst::Set::from_iter(abbrs.iter())
        .map_err(|e| CompileError::Fst(e.to_string()))?
        .as_fst()
        .as_bytes()
        .to_vec();
    let nums: Vec<u8> = number_sets
        .iter()
        .filter_map(|k| ids.get(k))
        .flat_map(|id| (*id as u32).to_le_bytes())
        .collect();

    let mut stats = String::new();
    for (k, v) in &counts {
        let _ = writeln!(stats, "stems.{k}={v}");
    }
    let _ = writeln!(stats, "stem_keys={}", stems.len());
    let _ = writeln!(stats, "entries={n_entries}");
    let _ = writeln!(stats, "suffix_sets={}", nonempty.len());
    let _ = writeln!(stats, "suffix_strings={suffix_strings}");
    let _ = writeln!(stats, "weak_forms={}", weak.len());
    let _ = writeln!(stats, "abbreviations={}", abbrs.len());

    let mut w = Writer::default();
    w.add(b"VERS", version.as_bytes().to_vec());
    w.add(b"MORF", morph_text.into_bytes());
    w.add(b"STEM", stem_bytes);
    w.add(b"ENTR", entr);
    w.add(b"SETD", setd);
    w.add(b"SETO", seto);
    w.add(b"SUFX", sufx);
    w.add(b"WEAK", weak_bytes);
    w.add(b"ABBR", abbr_bytes);
    w.add(b"NUMS", nums);
    w.add(b"STAT", stats.into_bytes());
    Ok(Compiled {
        bytes: w.finish(),
        inputs,
    })
}
