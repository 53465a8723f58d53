//! The automaton nodes a search has decoded, kept per thread from word to
//! word: each node's children by whole letters, found by a letter's slot
//! without a search of the list, and linked to their own decoded nodes.

use super::*;

/// The children of a node, one whole UTF-8 character at a time.
#[cfg(test)]
fn each_child_char(
    fst: &Fst<Slice>,
    addr: CompiledAddr,
    out: Output,
    f: &mut dyn FnMut(char, CompiledAddr, Output),
) {
    each_child_of(fst, &fst.node(addr), out, f);
}

/// [`each_child_char`] of a node decoded already.
fn each_child_of(
    fst: &Fst<Slice>,
    node: &fst::raw::Node<'_>,
    out: Output,
    f: &mut dyn FnMut(char, CompiledAddr, Output),
) {
    fn rec(
        fst: &Fst<Slice>,
        addr: CompiledAddr,
        out: Output,
        buf: &mut [u8; 4],
        n: usize,
        f: &mut dyn FnMut(char, CompiledAddr, Output),
    ) {
        each_transition(fst, &fst.node(addr), out, buf, n, f);
    }
    fn each_transition(
        fst: &Fst<Slice>,
        node: &fst::raw::Node<'_>,
        out: Output,
        buf: &mut [u8; 4],
        n: usize,
        f: &mut dyn FnMut(char, CompiledAddr, Output),
    ) {
        for t in node.transitions() {
            buf[n] = t.inp;
            let o = out.cat(t.out);
            // Most letters are two bytes (Cyrillic): decoded by hand, the
            // rest as the standard library decodes them.
            match (n, buf[0]) {
                (0, 0..0x80) => {
                    f(char::from(t.inp), t.addr, o);
                    continue;
                }
                (0, 0xc2..0xe0) => {
                    rec(fst, t.addr, o, buf, 1, f);
                    continue;
                }
                (1, b0 @ 0xc2..0xe0) => {
                    if t.inp & 0xc0 == 0x80 {
                        let c = u32::from(b0 & 0x1f) << 6 | u32::from(t.inp & 0x3f);
                        if let Some(c) = char::from_u32(c) {
                            f(c, t.addr, o);
                        }
                    }
                    continue;
                }
                _ => {}
            }
            match std::str::from_utf8(&buf[..=n]) {
                Ok(s) => {
                    if let Some(c) = s.chars().next() {
                        f(c, t.addr, o);
                    }
                }
                Err(e) if e.error_len().is_none() && n < 3 => rec(fst, t.addr, o, buf, n + 1, f),
                Err(_) => {}
            }
        }
    }
    let mut buf = [0u8; 4];
    each_transition(fst, node, out, &mut buf, 0, f);
}

/// A child of an automaton node, reached by one whole character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Kid {
    pub(super) c: char,
    /// The child's decoded node in [`Kids`], once known (`u32::MAX` before).
    pub(super) node: u32,
    pub(super) addr: CompiledAddr,
    /// The output gathered on the way, on top of the node's own.
    pub(super) out: u64,
}

/// The letters a node's children are found by without a search: the
/// Kazakh alphabet (the Russian letters, ё and the nine Kazakh ones).
const DENSE_LETTERS: &str = "абвгдежзийклмнопрстуфхцчшщъыьэюяёіғқңүұһәө";

/// Slots of [`NodeInfo::index`]: one per letter of [`DENSE_LETTERS`], the
/// rest padding the node to a cache line.
const DENSE_SLOTS: usize = 48;

/// No slot: the character is not among [`DENSE_LETTERS`].
pub(super) const NO_SLOT: u8 = u8::MAX;

/// The slot of each character `U+0400 + b` of the Cyrillic block.
const SLOT_OF: [u8; 256] = {
    let mut t = [NO_SLOT; 256];
    let b = DENSE_LETTERS.as_bytes();
    let (mut i, mut slot) = (0, 0u8);
    while i < b.len() {
        // Each letter is two UTF-8 bytes: 110xxxxx 10yyyyyy.
        let c = ((b[i] as u32 & 0x1f) << 6) | (b[i + 1] as u32 & 0x3f);
        t[(c - 0x400) as usize] = slot;
        slot += 1;
        i += 2;
    }
    assert!((slot as usize) <= DENSE_SLOTS);
    t
};

/// The slot of `c` in [`NodeInfo::index`], or [`NO_SLOT`].
#[inline(always)]
pub(super) fn slot_of(c: char) -> u8 {
    let b = (c as u32).wrapping_sub(0x400);
    if b < 256 {
        SLOT_OF[b as usize]
    } else {
        NO_SLOT
    }
}

/// A decoded node: where its children are in [`Kids`], its final output,
/// and where the child of each Kazakh letter is, for finding a child
/// without a search (nor a bit count, which baseline x86-64 does slowly).
/// One cache line: most expansions read one of these the cache has not got.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
pub(super) struct NodeInfo {
    pub(super) start: u32,
    /// How many children, with [`NodeInfo::FINAL`] set when the node is
    /// final, [`NodeInfo::OTHER`] when a child is not a letter of
    /// [`DENSE_LETTERS`] and [`NodeInfo::BIG`] when there are too many
    /// children for `index` (then the children are searched).
    len_final: u32,
    /// The final output (0 unless final).
    fin: u64,
    /// For each slot of [`SLOT_OF`], the index of the child reached by that
    /// letter among the node's children ([`NO_SLOT`]: none).
    index: [u8; DENSE_SLOTS],
}

impl NodeInfo {
    const FINAL: u32 = 1 << 31;
    const OTHER: u32 = 1 << 30;
    const BIG: u32 = 1 << 29;

    fn len(&self) -> u32 {
        self.len_final & !(Self::FINAL | Self::OTHER | Self::BIG)
    }

    /// The final output, when the node is final.
    pub(super) fn fin(&self) -> Option<u64> {
        (self.len_final & Self::FINAL != 0).then_some(self.fin)
    }

    /// The child reached by `c` among `kids`, this node's children.
    #[cfg(test)]
    fn child<'k>(&self, kids: &'k [Kid], c: char) -> Option<&'k Kid> {
        self.child_index(kids, c).map(|i| &kids[i as usize])
    }

    /// Where the child reached by `c` is among `kids`, this node's children.
    #[inline(always)]
    pub(super) fn child_index(&self, kids: &[Kid], c: char) -> Option<u32> {
        self.child_in(kids, c, slot_of(c))
    }

    /// [`NodeInfo::child_index`] of `c` when its slot ([`slot_of`]) is
    /// known already.
    #[inline(always)]
    pub(super) fn child_in(&self, kids: &[Kid], c: char, slot: u8) -> Option<u32> {
        // NO_SLOT is past the slots: one bound check for both.
        if self.len_final & Self::BIG == 0
            && let Some(&i) = self.index.get(usize::from(slot))
        {
            return (i != NO_SLOT).then_some(u32::from(i));
        }
        if self.len_final & (Self::OTHER | Self::BIG) == 0 {
            return None;
        }
        kids.binary_search_by(|k| k.c.cmp(&c))
            .ok()
            .map(|i| i as u32)
    }
}

/// Kept decoded nodes beyond this many children start the cache afresh
/// (at most about 32 MB a thread; some 6,000 distinct OCR words fill
/// 150,000, and a cache started afresh decodes the upper nodes again).
const KIDS_CAP: usize = 1 << 19;

/// Decoded automaton nodes (children by whole characters, sorted), kept by
/// each thread across searches: decoding a node byte by byte is most of a
/// search's work, and the upper nodes are the same for every word.
#[derive(Default)]
pub(super) struct Kids {
    /// The lexicon the nodes belong to.
    lexicon: u64,
    /// `(automaton, node address)` → the decoded node's index in `infos`.
    /// Automaton 0 is the stems, 1 the weak forms, `2 + n` suffix set `n`.
    nodes: HashMap<(u32, CompiledAddr), u32, BuildSmallKeyHasher>,
    infos: Vec<NodeInfo>,
    pub(super) kids: Vec<Kid>,
    /// Each automaton's root in `infos` and its address, once decoded
    /// (`u32::MAX` before): finding the address decodes the root node.
    roots: Vec<(u32, CompiledAddr)>,
}

impl Kids {
    /// Makes the cache fit for searches in `lex`.
    pub(super) fn reset_for(&mut self, lex: &Lexicon) {
        if self.lexicon != lex.id || self.kids.len() > KIDS_CAP {
            self.nodes.clear();
            self.infos.clear();
            self.kids.clear();
            self.roots.clear();
            self.lexicon = lex.id;
        }
    }

    /// The link and address of the root of automaton `id` (`fst`), decoded
    /// once.
    // Asked for each suffix set a state enters: inlined like the pushes.
    #[inline(always)]
    pub(super) fn root(&mut self, id: u32, fst: &Fst<Slice>) -> (Link, CompiledAddr) {
        let id = id as usize;
        if let Some(&(n, addr)) = self.roots.get(id)
            && n != u32::MAX
        {
            return (Link(n), addr);
        }
        let addr = fst.root().addr();
        let (n, _) = self.node(id as u32, fst, addr);
        if self.roots.len() <= id {
            self.roots.resize(id + 1, (u32::MAX, 0));
        }
        self.roots[id] = (n, addr);
        (Link(n), addr)
    }

    /// The node at `addr` of automaton `id` (`fst`), as `link` says where
    /// it is, else looked up (and the link's child told where).
    #[inline(always)]
    pub(super) fn linked(
        &mut self,
        id: u32,
        fst: &Fst<Slice>,
        addr: CompiledAddr,
        link: Link,
    ) -> (u32, NodeInfo) {
        if link.0 & Link::KID == 0 {
            return (link.0, self.infos[link.0 as usize]);
        }
        let (i, info) = self.node(id, fst, addr);
        if link != Link::NONE {
            self.kids[(link.0 & !Link::KID) as usize].node = i;
        }
        (i, info)
    }

    /// The node at `addr` of automaton `id` (`fst`), decoded once, and its
    /// index.
    fn node(&mut self, id: u32, fst: &Fst<Slice>, addr: CompiledAddr) -> (u32, NodeInfo) {
        if let Some(&i) = self.nodes.get(&(id, addr)) {
            return (i, self.infos[i as usize]);
        }
        let start = self.kids.len() as u32;
        let kids = &mut self.kids;
        let node = fst.node(addr);
        each_child_of(fst, &node, Output::zero(), &mut |c, a, o| {
            kids.push(Kid {
                c,
                node: u32::MAX,
                addr: a,
                out: o.value(),
            })
        });
        let mut other = 0;
        let mut index = [NO_SLOT; DENSE_SLOTS];
        let list = &self.kids[start as usize..];
        for (i, k) in list.iter().enumerate() {
            let slot = slot_of(k.c);
            if slot == NO_SLOT {
                other |= NodeInfo::OTHER;
            } else if i >= usize::from(NO_SLOT) {
                // Indexes up to 254 fit a slot (NO_SLOT marks none).
                other |= NodeInfo::BIG;
            } else {
                index[usize::from(slot)] = i as u8;
            }
        }
        let len = self.kids.len() as u32 - start;
        let info = NodeInfo {
            start,
            len_final: len | other | if node.is_final() { NodeInfo::FINAL } else { 0 },
            fin: if node.is_final() {
                node.final_output().value()
            } else {
                0
            },
            index,
        };
        let i = self.infos.len() as u32;
        self.infos.push(info);
        self.nodes.insert((id, addr), i);
        (i, info)
    }

    pub(super) fn of(&self, n: NodeInfo) -> &[Kid] {
        &self.kids[n.start as usize..(n.start + n.len()) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(fst: &Fst<Slice>, addr: CompiledAddr) -> Vec<Kid> {
        let mut v = Vec::new();
        each_child_char(fst, addr, Output::zero(), &mut |c, a, o| {
            v.push(Kid {
                c,
                node: u32::MAX,
                addr: a,
                out: o.value(),
            })
        });
        v
    }

    #[test]
    fn cached_nodes_match_decoding() {
        let lex = Lexicon::embedded();
        let mut kids = Kids::default();
        kids.reset_for(lex);
        // The stems' root and the nodes two letters below it, then a suffix set.
        let mut todo = vec![(0, &lex.stems, lex.stems.root().addr())];
        for k in decoded(&lex.stems, lex.stems.root().addr()).iter().take(5) {
            todo.push((0, &lex.stems, k.addr));
            for k2 in decoded(&lex.stems, k.addr) {
                todo.push((0, &lex.stems, k2.addr));
            }
        }
        let set = &lex.sets[0].fst;
        todo.push((2, set, set.root().addr()));
        for (id, fst, addr) in todo {
            for _ in 0..2 {
                let (_, info) = kids.node(id, fst, addr);
                let unlinked: Vec<Kid> = kids
                    .of(info)
                    .iter()
                    .map(|k| Kid {
                        node: u32::MAX,
                        ..*k
                    })
                    .collect();
                assert_eq!(unlinked, decoded(fst, addr));
                let node = fst.node(addr);
                assert_eq!(
                    info.fin(),
                    node.is_final().then(|| node.final_output().value())
                );
                let list = kids.of(info);
                assert!(list.windows(2).all(|p| p[0].c < p[1].c));
                // The letter bits find what a search of the sorted list finds.
                for c in ('\0'..'\u{600}').chain(['қ', '\u{2014}']) {
                    let want = list.iter().find(|k| k.c == c);
                    assert_eq!(info.child(list, c), want, "{c:?}");
                }
            }
        }
        let (_, root) = kids.node(0, &lex.stems, lex.stems.root().addr());
        assert!(root.child(kids.of(root), 'қ').is_some());
    }

    #[test]
    fn letters_decode_as_the_standard_library_decodes_them() {
        // The reference: whole characters found by `from_utf8` alone.
        fn reference(
            fst: &Fst<Slice>,
            addr: CompiledAddr,
            pre: &mut Vec<u8>,
            out: &mut Vec<(char, CompiledAddr)>,
        ) {
            for t in fst.node(addr).transitions() {
                pre.push(t.inp);
                match std::str::from_utf8(pre) {
                    Ok(s) => out.extend(s.chars().next().map(|c| (c, t.addr))),
                    Err(e) if e.error_len().is_none() && pre.len() < 4 => {
                        reference(fst, t.addr, pre, out)
                    }
                    Err(_) => {}
                }
                pre.pop();
            }
        }
        // Every byte after every lead byte, and the nodes of real automata.
        let mut keys: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        for a in 0xc0..=0xf5u8 {
            keys.extend((0..=255u8).map(|b| vec![a, b]));
        }
        keys.extend(["é", "ab", "қ", "€", "😀"].map(|s| s.as_bytes().to_vec()));
        keys.sort();
        keys.dedup();
        let built = fst::raw::Fst::from_iter_set(keys).unwrap();
        let bytes = built.as_bytes().to_vec();
        let len = bytes.len();
        let made = Fst::new(Slice {
            data: std::sync::Arc::new(crate::lexicon::Backing::Owned(bytes)),
            range: 0..len,
        })
        .unwrap();
        let lex = Lexicon::embedded();
        let mut todo = vec![(&made, made.root().addr())];
        todo.extend(
            decoded(&lex.stems, lex.stems.root().addr())
                .iter()
                .take(8)
                .map(|k| (&lex.stems, k.addr)),
        );
        todo.push((&lex.stems, lex.stems.root().addr()));
        for (fst, addr) in todo {
            let mut want = Vec::new();
            reference(fst, addr, &mut Vec::new(), &mut want);
            let got: Vec<(char, CompiledAddr)> =
                decoded(fst, addr).iter().map(|k| (k.c, k.addr)).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn links_find_the_nodes_lookups_find() {
        let lex = Lexicon::embedded();
        let stems = &lex.stems;
        let mut kids = Kids::default();
        kids.reset_for(lex);
        let (r, root) = kids.node(0, stems, stems.root().addr());
        assert_eq!(kids.root(0, stems), (Link(r), stems.root().addr()));
        let c = kids.of(root).iter().position(|k| k.c == 'қ').unwrap() as u32;
        let link = Link::via(&root, kids.of(root), c);
        assert_eq!(link, Link((root.start + c) | Link::KID));
        let addr = kids.of(root)[c as usize].addr;
        // The first expansion looks the child up and tells the link.
        let (i, first) = kids.linked(0, stems, addr, link);
        assert_eq!(kids.node(0, stems, addr).0, i);
        let (_, root) = kids.node(0, stems, stems.root().addr());
        assert_eq!(Link::via(&root, kids.of(root), c), Link(i));
        let (j, again) = kids.linked(0, stems, addr, Link(i));
        assert_eq!((j, again.start, again.len()), (i, first.start, first.len()));
        // A state that knows nothing is looked up.
        assert_eq!(kids.linked(0, stems, addr, Link::NONE).0, i);
    }
}
