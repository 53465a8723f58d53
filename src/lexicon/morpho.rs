//! Kazakh morphotactics: reads `lexicon/morphotactics.toml` and generates,
//! for one context (layer, harmony, stem ending), every suffix string that
//! may follow a stem, with the morphemes it is made of.
//!
//! The compiler turns these lists into suffix automata; lookups use them only
//! through the automata, and [`Grammar::generate`] again to name the morphemes
//! of an analysis. This file is shared with `build.rs` (included with
//! `#[path]`), so it depends on nothing but `std`, `serde` and `toml`.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The morphotactics file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    letters: LettersDef,
    loans: LoansDef,
    classes: BTreeMap<String, ClassDef>,
    archi: BTreeMap<String, BTreeMap<String, String>>,
    fusion: Vec<FusionDef>,
    groups: BTreeMap<String, Vec<MorphDef>>,
    states: BTreeMap<String, StateDef>,
    layers: BTreeMap<String, String>,
    limits: LimitsDef,
    weak_guard: GuardDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LettersDef {
    back: String,
    front: String,
    neutral_front: String,
    neutral_back: String,
    vowels: String,
    #[serde(default)]
    back_consonants: String,
    #[serde(default)]
    front_consonants: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoansDef {
    native: String,
    prefixes: Vec<String>,
    surname_endings: Vec<String>,
    neutral_vowels: String,
    both_harmony_endings: Vec<String>,
    epenthetic_i_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassDef {
    letters: String,
    like: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FusionDef {
    #[serde(default)]
    pairs: Vec<String>,
    voicing: Option<VoicingDef>,
    #[serde(default)]
    only: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VoicingDef {
    from: String,
    to: String,
    before: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MorphDef {
    tag: String,
    form: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateDef {
    #[serde(rename = "final")]
    is_final: bool,
    #[serde(default)]
    next: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsDef {
    max_cuts: usize,
    max_morphemes_per_layer: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuardDef {
    pairs: Vec<String>,
    #[serde(default)]
    insert: String,
    max_edits: usize,
    letters_per_edit: usize,
}

/// A sound class of a final letter (index into [`Grammar::class_names`]).
pub type ClassId = u8;

/// What a suffix set continues from: the stem's (or suffix's) last letter
/// class, or a last letter that fuses with the suffix and is therefore part
/// of the suffix string (`кітаб|ы` for `кітап`), or a stem whose last
/// syllable's vowel drops (`ерн|і` for `ерін`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ctx {
    /// Suffixes after a stem ending in a letter of this class, without fusion.
    Class(ClassId),
    /// Suffixes that fuse with this stem-final letter; the string starts with
    /// the letter's fused replacement.
    Tail(char),
    /// Vowel-initial suffixes after a dropped ы/і; the string starts with
    /// this (the stem's last) consonant.
    Drop(char),
}

/// Identifies one suffix set: layer, harmony and context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SetKey {
    /// Index into [`Grammar::layer_names`].
    pub layer: u8,
    /// Front (true) or back harmony.
    pub front: bool,
    /// What the set continues from.
    pub ctx: Ctx,
}

/// One morpheme of a generated suffix string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morph {
    /// The morpheme's tag, e.g. `PL`, `P3`, `GEN`.
    pub tag: String,
    /// Its surface form in this word.
    pub surface: String,
}

/// One generated suffix string of a set.
#[derive(Debug, Clone)]
pub struct Item {
    /// The string that follows the stem key (or the previous cut).
    pub surface: String,
    /// Whether a word may end after it.
    pub is_final: bool,
    /// Where the lookup goes on after it, if anywhere.
    pub cont: Option<SetKey>,
    /// The morphemes, in order.
    pub morphs: Vec<Morph>,
}

#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Archi(usize),
}

#[derive(Debug, Clone)]
struct Morpheme {
    tag: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
struct State {
    is_final: bool,
    next: Vec<(Vec<usize>, usize)>,
}

#[derive(Debug, Clone)]
struct FusionRule {
    pairs: HashMap<(char, char), String, BuildSmallKeyHasher>,
    only: Vec<String>,
}

/// A fast hash for keys of a few small integers (letter pairs, automaton
/// addresses): generating a set's strings looks the fusion rules' letter
/// pairs up hundreds of thousands of times, the candidate search its node
/// cache millions of times, and the standard hash cost more than the rest
/// of a lookup. Kept here, not with the other hashes of `lexicon`, because
/// the build script compiles this file on its own.
#[derive(Default, Clone, Copy)]
pub(crate) struct SmallKeyHasher(u64);

impl std::hash::Hasher for SmallKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Builds [`SmallKeyHasher`]s for a `HashMap`.
pub(crate) type BuildSmallKeyHasher = std::hash::BuildHasherDefault<SmallKeyHasher>;

/// Letters kept in the grammar's lookup tables: the Latin, Greek and
/// Cyrillic ones (others are looked up by a scan).
const TABLE_CHARS: u32 = 0x500;

/// The compiled morphotactics.
#[derive(Debug, Clone)]
pub struct Grammar {
    back: Vec<char>,
    front: Vec<char>,
    neutral_front: Vec<char>,
    neutral_back: Vec<char>,
    vowels: Vec<char>,
    back_consonants: Vec<char>,
    front_consonants: Vec<char>,
    native: Vec<char>,
    /// International prefixes of loanwords (био-, кино-, теле-).
    pub loan_prefixes: Vec<String>,
    /// Endings of surnames (-ов, -ев) that a capitalised unknown word may have.
    pub surname_endings: Vec<String>,
    loan_neutral: Vec<char>,
    both_endings: Vec<String>,
    /// Stem endings after which a stem also has a form with -і (акт → акті).
    pub epenthetic_i_after: Vec<String>,
    /// Class names, by [`ClassId`].
    pub class_names: Vec<String>,
    class_letters: Vec<Vec<char>>,
    /// Letters below [`TABLE_CHARS`]: one more than their class (0: none),
    /// so that [`Grammar::class_of`] needs no scan.
    class_table: Vec<u8>,
    /// Letters below [`TABLE_CHARS`]: 1 for a front vowel, 2 for a back one.
    harmony_table: Vec<u8>,
    /// Archiphoneme realisations by class: (back, front).
    archi: Vec<Vec<(String, String)>>,
    fusion: Vec<FusionRule>,
    morphemes: Vec<Morpheme>,
    states: Vec<State>,
    /// Layer names (`nominal`, `verbal`, `invariable`, `number`).
    pub layer_names: Vec<String>,
    layer_start: Vec<usize>,
    /// How many cuts a lookup may follow.
    pub max_cuts: usize,
    max_depth: usize,
    /// OCR confusions for the weak-source guard: (what OCR writes, what the text had).
    pub guard_pairs: Vec<(char, char)>,
    /// Letters the guard tries inserting (letters OCR drops).
    pub guard_insert: Vec<char>,
    /// How many confusions the guard undoes at most.
    pub guard_max_edits: usize,
    /// The guard allows one edit per this many letters of the word.
    pub guard_letters_per_edit: usize,
}

/// An error in the morphotactics file.
#[derive(Debug, Clone)]
pub struct GrammarError(pub String);

impl std::fmt::Display for GrammarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "morphotactics: {}", self.0)
    }
}

impl std::error::Error for GrammarError {}

fn err<T>(msg: impl Into<String>) -> Result<T, GrammarError> {
    Err(GrammarError(msg.into()))
}

fn split_pair(s: &str) -> (String, String) {
    match s.split_once('|') {
        Some((b, f)) => (b.to_string(), f.to_string()),
        None => (s.to_string(), s.to_string()),
    }
}

impl Grammar {
    /// Parses the text of `morphotactics.toml`.
    pub fn parse(text: &str) -> Result<Grammar, GrammarError> {
        let spec: Spec = toml::from_str(text).map_err(|e| GrammarError(e.to_string()))?;
        let class_names: Vec<String> = spec.classes.keys().cloned().collect();
        if class_names.len() > 200 {
            return err("too many classes");
        }
        let class_idx = |n: &str| class_names.iter().position(|c| c == n);
        let class_letters: Vec<Vec<char>> = spec
            .classes
            .values()
            .map(|c| c.letters.chars().collect())
            .collect();
        let mut like = vec![None; class_names.len()];
        for (i, c) in spec.classes.values().enumerate() {
            if let Some(l) = &c.like {
                like[i] =
                    Some(class_idx(l).ok_or_else(|| GrammarError(format!("unknown class `{l}`")))?);
            }
        }
        let archi_names: Vec<String> = spec.archi.keys().cloned().collect();
        let mut archi = Vec::new();
        for (name, table) in &spec.archi {
            for k in table.keys() {
                if k != "default" && class_idx(k).is_none() {
                    return err(format!("archiphoneme {name}: unknown class `{k}`"));
                }
            }
            let mut by_class = Vec::new();
            for (ci, cname) in class_names.iter().enumerate() {
                let mut cur = Some(ci);
                let mut found = None;
                let mut cname = cname.clone();
                while let Some(c) = cur {
                    if let Some(v) = table.get(&cname) {
                        found = Some(v.clone());
                        break;
                    }
                    cur = like[c];
                    if let Some(n) = cur {
                        cname = class_names[n].clone();
                    }
                }
                let v = match found.or_else(|| table.get("default").cloned()) {
                    Some(v) => v,
                    None => {
                        return err(format!(
                            "archiphoneme {name} has no value for class {}",
                            class_names[ci]
                        ));
                    }
                };
                by_class.push(split_pair(&v));
            }
            archi.push(by_class);
        }
        let mut fusion = Vec::new();
        for f in &spec.fusion {
            let mut pairs = HashMap::default();
            for p in &f.pairs {
                let (lhs, rhs) = p
                    .split_once(':')
                    .ok_or_else(|| GrammarError(format!("bad fusion `{p}`")))?;
                let cs: Vec<char> = lhs.chars().collect();
                if cs.len() != 2 {
                    return err(format!("fusion `{p}` must rewrite two letters"));
                }
                pairs.insert((cs[0], cs[1]), rhs.to_string());
            }
            if let Some(v) = &f.voicing {
                let from: Vec<char> = v.from.chars().collect();
                let to: Vec<char> = v.to.chars().collect();
                if from.len() != to.len() {
                    return err("voicing: `from` and `to` differ in length");
                }
                for (a, b) in from.iter().zip(&to) {
                    for c in v.before.chars() {
                        pairs.insert((*a, c), format!("{b}{c}"));
                    }
                }
            }
            fusion.push(FusionRule {
                pairs,
                only: f.only.clone(),
            });
        }
        let mut morphemes = Vec::new();
        let mut group_idx: HashMap<String, Vec<usize>> = HashMap::new();
        for (g, ms) in &spec.groups {
            for m in ms {
                let pieces = parse_form(&m.form, &archi_names)?;
                group_idx
                    .entry(g.clone())
                    .or_default()
                    .push(morphemes.len());
                morphemes.push(Morpheme {
                    tag: m.tag.clone(),
                    pieces,
                });
            }
        }
        let state_names: Vec<String> = spec.states.keys().cloned().collect();
        let state_idx = |n: &str| state_names.iter().position(|s| s == n);
        let mut states = Vec::new();
        for (name, s) in &spec.states {
            let mut next = Vec::new();
            for (g, t) in &s.next {
                let ms = group_idx
                    .get(g)
                    .ok_or_else(|| GrammarError(format!("state {name}: unknown group `{g}`")))?;
                let ti = state_idx(t)
                    .ok_or_else(|| GrammarError(format!("state {name}: unknown state `{t}`")))?;
                next.push((ms.clone(), ti));
            }
            states.push(State {
                is_final: s.is_final,
                next,
            });
        }
        let mut layer_names = Vec::new();
        let mut layer_start = Vec::new();
        for (l, s) in &spec.layers {
            layer_names.push(l.clone());
            layer_start.push(
                state_idx(s)
                    .ok_or_else(|| GrammarError(format!("layer {l}: unknown state `{s}`")))?,
            );
        }
        let mut guard_pairs = Vec::new();
        for p in &spec.weak_guard.pairs {
            let cs: Vec<char> = p.chars().collect();
            if cs.len() != 3 || cs[1] != '>' {
                return err(format!("bad confusion `{p}` (want \"x>y\")"));
            }
            guard_pairs.push((cs[0], cs[2]));
        }
        let back: Vec<char> = spec.letters.back.chars().collect();
        let front: Vec<char> = spec.letters.front.chars().collect();
        let mut class_table = vec![0u8; TABLE_CHARS as usize];
        let mut harmony_table = vec![0u8; TABLE_CHARS as usize];
        for (c, (class, harmony)) in class_table.iter_mut().zip(&mut harmony_table).enumerate() {
            let Some(c) = char::from_u32(c as u32) else {
                continue;
            };
            if let Some(i) = class_letters.iter().position(|ls| ls.contains(&c)) {
                *class = u8::try_from(i + 1).unwrap_or(0);
            }
            *harmony = if front.contains(&c) {
                1
            } else if back.contains(&c) {
                2
            } else {
                0
            };
        }
        Ok(Grammar {
            back,
            front,
            class_table,
            harmony_table,
            neutral_front: spec.letters.neutral_front.chars().collect(),
            neutral_back: spec.letters.neutral_back.chars().collect(),
            vowels: spec.letters.vowels.chars().collect(),
            back_consonants: spec.letters.back_consonants.chars().collect(),
            front_consonants: spec.letters.front_consonants.chars().collect(),
            native: spec.loans.native.chars().collect(),
            loan_prefixes: spec.loans.prefixes.clone(),
            surname_endings: spec.loans.surname_endings.clone(),
            loan_neutral: spec.loans.neutral_vowels.chars().collect(),
            both_endings: spec.loans.both_harmony_endings.clone(),
            epenthetic_i_after: spec.loans.epenthetic_i_after.clone(),
            class_names,
            class_letters,
            archi,
            fusion,
            morphemes,
            states,
            layer_names,
            layer_start,
            max_cuts: spec.limits.max_cuts,
            max_depth: spec.limits.max_morphemes_per_layer,
            guard_pairs,
            guard_insert: spec.weak_guard.insert.chars().collect(),
            guard_max_edits: spec.weak_guard.max_edits,
            guard_letters_per_edit: spec.weak_guard.letters_per_edit.max(1),
        })
    }

    /// The layer with this name.
    pub fn layer(&self, name: &str) -> Option<u8> {
        self.layer_names
            .iter()
            .position(|l| l == name)
            .map(|i| i as u8)
    }

    /// The sound class of a final letter.
    pub fn class_of(&self, c: char) -> Option<ClassId> {
        if let Some(&k) = self.class_table.get(c as usize)
            && (k != 0 || self.class_letters.len() < 255)
        {
            return k.checked_sub(1);
        }
        self.class_letters
            .iter()
            .position(|ls| ls.contains(&c))
            .map(|i| i as ClassId)
    }

    /// The class with this name.
    pub fn class_named(&self, name: &str) -> Option<ClassId> {
        self.class_names
            .iter()
            .position(|c| c == name)
            .map(|i| i as ClassId)
    }

    /// Whether `c` is a letter only Kazakh has (not Russian): ә ғ қ ң ө ұ ү һ і.
    pub fn is_native(&self, c: char) -> bool {
        self.native.contains(&c)
    }

    /// The harmony the vowel `c` sets: `Some(true)` front, `Some(false)`
    /// back, `None` for other letters and for the neutral vowels (и, у, ю).
    pub fn vowel_harmony(&self, c: char) -> Option<bool> {
        match self.harmony_table.get(c as usize) {
            Some(1) => Some(true),
            Some(2) => Some(false),
            Some(_) => None,
            None if self.front.contains(&c) => Some(true),
            None if self.back.contains(&c) => Some(false),
            None => None,
        }
    }

    /// The harmony the letter `c` belongs to: a vowel's (see
    /// [`Grammar::vowel_harmony`]) or a consonant's of one harmony only
    /// (қ, ғ back; к, г front).
    pub fn letter_harmony(&self, c: char) -> Option<bool> {
        self.vowel_harmony(c).or_else(|| {
            if self.front_consonants.contains(&c) {
                Some(true)
            } else if self.back_consonants.contains(&c) {
                Some(false)
            } else {
                None
            }
        })
    }

    /// Whether `c` is a vowel letter.
    pub fn is_vowel(&self, c: char) -> bool {
        self.vowels.contains(&c)
    }

    /// The harmonies a stem may take: from its last harmony-setting vowel,
    /// else from a neutral one; both when it has no vowel at all, and (for
    /// nominal stems, `loan` true) both for loanword-like stems and names
    /// with a harmony-transparent ending.
    pub fn stem_harmony(&self, stem: &str, loan: bool) -> Vec<bool> {
        let n = stem.chars().count();
        if !loan {
            return self.plain_harmony(stem);
        }
        if self
            .both_endings
            .iter()
            .any(|e| stem.ends_with(e.as_str()) && n > e.chars().count() + 1)
        {
            return vec![false, true];
        }
        if !stem.chars().any(|c| self.native.contains(&c)) {
            let last_vowel = stem.chars().rev().find(|c| self.is_vowel(*c));
            let mut tail = stem.chars().rev();
            let two_consonants = matches!((tail.next(), tail.next()), (Some(a), Some(b)) if !self.is_vowel(a) && !self.is_vowel(b) && a != 'ь' && b != 'ь');
            if last_vowel.is_some_and(|v| self.loan_neutral.contains(&v))
                || (two_consonants && last_vowel.is_some())
            {
                return vec![false, true];
            }
        }
        self.plain_harmony(stem)
    }

    fn plain_harmony(&self, stem: &str) -> Vec<bool> {
        for c in stem.chars().rev() {
            if self.front.contains(&c) {
                return vec![true];
            }
            if self.back.contains(&c) {
                return vec![false];
            }
        }
        for c in stem.chars().rev() {
            if self.neutral_front.contains(&c) {
                return vec![true];
            }
            if self.neutral_back.contains(&c) {
                return vec![false];
            }
        }
        vec![false, true]
    }

    fn update_harmony(&self, front: bool, s: &str) -> bool {
        let mut f = front;
        for c in s.chars() {
            if let Some(&h) = self.harmony_table.get(c as usize) {
                if h != 0 {
                    f = h == 1;
                }
            } else if self.front.contains(&c) {
                f = true;
            } else if self.back.contains(&c) {
                f = false;
            }
        }
        f
    }

    /// Whether a final letter can fuse with a following suffix so that the
    /// letter itself changes (so stems ending in it need a [`Ctx::Tail`] set).
    pub fn fuses(&self, c: char) -> bool {
        self.fusion.iter().any(|r| {
            r.pairs
                .iter()
                .any(|((l, _), rep)| *l == c && !rep.starts_with(c))
        })
    }

    fn fuse(&self, left: char, right: char, tag: &str) -> Option<&str> {
        for r in &self.fusion {
            if !r.only.is_empty() && !r.only.iter().any(|t| t == tag) {
                continue;
            }
            if let Some(rep) = r.pairs.get(&(left, right)) {
                return Some(rep);
            }
        }
        None
    }

    fn representative(&self, class: ClassId, front: bool) -> char {
        let letters = &self.class_letters[class as usize];
        letters
            .iter()
            .copied()
            .find(|c| (front && self.front.contains(c)) || (!front && self.back.contains(c)))
            .or_else(|| letters.first().copied())
            .unwrap_or('?')
    }

    /// The surface of a morpheme after `class` with harmony `front`; `None`
    /// when an archiphoneme says the morpheme cannot follow that class.
    fn realise(&self, m: &Morpheme, class: ClassId, front: bool) -> Option<String> {
        let mut out = String::new();
        let mut class = class;
        let mut front = front;
        for p in &m.pieces {
            let add: &str = match p {
                Piece::Lit(s) => s,
                Piece::Archi(i) => {
                    let (b, f) = &self.archi[*i][class as usize];
                    let v = if front { f } else { b };
                    if v == "!" {
                        return None;
                    }
                    v
                }
            };
            if let Some(c) = add.chars().last() {
                class = self.class_of(c).unwrap_or(class);
            }
            front = self.update_harmony(front, add);
            out.push_str(add);
        }
        Some(out)
    }

    /// Generates every suffix string of one set, with its morphemes.
    pub fn generate(&self, key: &SetKey) -> Vec<Item> {
        self.generate_only(key, None)
    }

    /// The items of [`Grammar::generate`] whose string is `surface`, in the
    /// same order. Far cheaper: a set has thousands of strings, and the
    /// paths that cannot spell `surface` are not walked.
    pub fn generate_surface(&self, key: &SetKey, surface: &str) -> Vec<Item> {
        self.generate_only(key, Some(surface))
    }

    fn generate_only(&self, key: &SetKey, only: Option<&str>) -> Vec<Item> {
        let mut items = Vec::new();
        let Some(&start) = self.layer_start.get(key.layer as usize) else {
            return items;
        };
        let (init, class, left) = match key.ctx {
            Ctx::Class(c) => (String::new(), c, self.representative(c, key.front)),
            Ctx::Tail(t) | Ctx::Drop(t) => match self.class_of(t) {
                Some(c) => (t.to_string(), c, t),
                None => return items,
            },
        };
        // Past the stem, a step keeps all of a string but its last letter
        // (a fusion rewrites that letter into a non-empty string): every
        // string below one starts with it less its last letter, and a path
        // whose strings cannot start `only` so is left. An empty fusion
        // would break that, so it turns the pruning off.
        let prune = self
            .fusion
            .iter()
            .all(|r| r.pairs.values().all(|rep| !rep.is_empty()));
        let mut g = Gen {
            gr: self,
            key,
            items: &mut items,
            left,
            only,
            prune,
        };
        let mut path = Vec::new();
        g.walk(start, init, class, key.front, 0, &mut path);
        items
    }
}

struct Gen<'a> {
    gr: &'a Grammar,
    key: &'a SetKey,
    items: &'a mut Vec<Item>,
    left: char,
    /// Only the strings equal to this are kept, if given.
    only: Option<&'a str>,
    /// Whether the paths that cannot spell `only` are left unwalked.
    prune: bool,
}

/// A morpheme on the path: its tag and where it starts in the string (chars).
type Bound = (usize, usize);

impl Gen<'_> {
    /// Whether a step to the string `out` may lead to a string that is
    /// kept: at the end of a layer, `out` itself or it less its last
    /// letter (a cut); else the walk below it (past the stem), whose
    /// strings all start with `out` less its last letter.
    fn may_keep(&self, out: &str, ends_layer: bool) -> bool {
        let Some(only) = self.only else {
            return true;
        };
        let kept = &out[..out.char_indices().last().map_or(0, |(i, _)| i)];
        if ends_layer {
            only == out || only == kept
        } else {
            !self.prune || only.starts_with(kept)
        }
    }

    fn emit(&mut self, s: &str, is_final: bool, cont: Option<SetKey>, path: &[Bound]) {
        if self.only.is_some_and(|o| o != s) {
            return;
        }
        // The byte offset of each character, then the string's length
        // (every set emits hundreds of strings: found once, not per morpheme).
        let offsets: Vec<usize> = s
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(s.len()))
            .collect();
        let n = offsets.len() - 1;
        // The byte offset of character `k` (at most the string's length).
        let byte = |k: usize| offsets[k.min(n)];
        let mut morphs = Vec::with_capacity(path.len());
        for (i, &(mi, start)) in path.iter().enumerate() {
            let end = path.get(i + 1).map(|b| b.1).unwrap_or(n).min(n);
            let start = start.min(end);
            morphs.push(Morph {
                tag: self.gr.morphemes[mi].tag.clone(),
                surface: s[byte(start)..byte(end)].to_string(),
            });
        }
        self.items.push(Item {
            surface: s.to_string(),
            is_final,
            cont,
            morphs,
        });
    }

    fn walk(
        &mut self,
        state: usize,
        s: String,
        class: ClassId,
        front: bool,
        depth: usize,
        path: &mut Vec<Bound>,
    ) {
        let gr = self.gr;
        let st = &gr.states[state];
        let at_stem = depth == 0;
        // A Tail/Drop set holds only strings whose first morpheme changed the stem.
        if st.is_final && (!at_stem || matches!(self.key.ctx, Ctx::Class(_))) {
            self.emit(&s, true, None, path);
        }
        if depth >= gr.max_depth {
            return;
        }
        let s_len = s.chars().count();
        for (ms, target) in &st.next {
            for &mi in ms {
                let m = &gr.morphemes[mi];
                let Some(raw) = gr.realise(m, class, front) else {
                    continue;
                };
                let Some(first) = raw.chars().next() else {
                    continue;
                };
                let rest = &raw[first.len_utf8()..];
                // The new string and where the morpheme starts in it.
                let (out, mstart) = if at_stem {
                    match self.key.ctx {
                        Ctx::Class(_) => match gr.fuse(self.left, first, &m.tag) {
                            Some(rep) if !rep.starts_with(self.left) => continue,
                            Some(rep) => (format!("{}{}", &rep[self.left.len_utf8()..], rest), 0),
                            None => (raw.clone(), 0),
                        },
                        Ctx::Tail(t) => match gr.fuse(t, first, &m.tag) {
                            Some(rep) if !rep.starts_with(t) => {
                                let n = rep.chars().count();
                                (format!("{rep}{rest}"), if n >= 2 { 1 } else { 0 })
                            }
                            _ => continue,
                        },
                        Ctx::Drop(c) => {
                            if !gr.is_vowel(first) {
                                continue;
                            }
                            (format!("{c}{raw}"), 1)
                        }
                    }
                } else {
                    let last = s.chars().last().unwrap_or(self.left);
                    match gr.fuse(last, first, &m.tag) {
                        Some(rep) => {
                            let mut base = s.clone();
                            base.pop();
                            let n = rep.chars().count();
                            (
                                format!("{base}{rep}{rest}"),
                                if n >= 2 { s_len } else { s_len - 1 },
                            )
                        }
                        None => {
                            let mut joined = String::with_capacity(s.len() + raw.len());
                            joined.push_str(&s);
                            joined.push_str(&raw);
                            (joined, s_len)
                        }
                    }
                };
                let layer = gr.layer_start.iter().position(|&ls| ls == *target);
                if !self.may_keep(&out, layer.is_some()) {
                    continue;
                }
                let new_front = gr.update_harmony(front, &raw);
                let new_class = out
                    .chars()
                    .last()
                    .and_then(|c| gr.class_of(c))
                    .unwrap_or(class);
                path.push((mi, mstart));
                if let Some(layer) = layer {
                    let layer = layer as u8;
                    self.emit(
                        &out,
                        false,
                        Some(SetKey {
                            layer,
                            front: new_front,
                            ctx: Ctx::Class(new_class),
                        }),
                        path,
                    );
                    if let Some(c) = out.chars().last()
                        && gr.fuses(c)
                    {
                        let mut cut = out.clone();
                        cut.pop();
                        self.emit(
                            &cut,
                            false,
                            Some(SetKey {
                                layer,
                                front: new_front,
                                ctx: Ctx::Tail(c),
                            }),
                            path,
                        );
                    }
                } else {
                    self.walk(*target, out, new_class, new_front, depth + 1, path);
                }
                path.pop();
            }
        }
    }
}

fn parse_form(form: &str, archi: &[String]) -> Result<Vec<Piece>, GrammarError> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut rest = form;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let end = rest
                .find('}')
                .ok_or_else(|| GrammarError(format!("unclosed brace in `{form}`")))?;
            let name = &rest[1..end];
            let i = archi.iter().position(|a| a == name).ok_or_else(|| {
                GrammarError(format!("unknown archiphoneme `{name}` in `{form}`"))
            })?;
            if !lit.is_empty() {
                pieces.push(Piece::Lit(std::mem::take(&mut lit)));
            }
            pieces.push(Piece::Archi(i));
            rest = &rest[end + 1..];
        } else {
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}
