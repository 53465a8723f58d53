//! The search's open states, cheapest first, and how often each
//! `(position, automaton state)` was taken.

use super::*;

/// The heap key of a state: its cost, then its index (among equal costs the
/// older state first), packed so that integer order is that order.
fn queue_key(cost: f32, id: u32) -> u64 {
    // The bits of a float made to sort like `f32::total_cmp`.
    let b = cost.to_bits();
    let b = if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    };
    (u64::from(b) << 32) | u64::from(id)
}

/// What the visit counts are kept by: a state's position (with a bit for
/// generic-edit markers) and automaton state, packed into three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct VisitKey {
    /// Position and marker bit, the kind of automaton state, suffix set and depth.
    tag: u64,
    addr: u64,
    out: u64,
}

impl VisitKey {
    pub(super) fn of(s: &State) -> VisitKey {
        let pos = u64::from(s.pos | if s.pending { 0x80 } else { 0 });
        let (kind, set, depth, addr, out) = match s.at {
            At::Stem { addr, out } => (0u64, 0u16, 0u8, addr, out),
            At::Suf {
                set,
                depth,
                addr,
                out,
            } => (1, set, depth, addr, out),
            At::Weak { addr } => (2, 0, 0, addr, 0),
            At::Done => (3, 0, 0, 0, 0),
        };
        VisitKey {
            tag: pos | kind << 8 | u64::from(set) << 10 | u64::from(depth) << 26,
            addr: addr as u64,
            out,
        }
    }
}

/// How often each [`VisitKey`] was expanded in the current search: an
/// open-addressed table probed linearly, emptied between searches by
/// moving to a new generation rather than by wiping its slots. Asked once
/// per state taken, it costs less than a general hash map.
pub(super) struct Visits {
    /// Key, generation it was written in, count.
    slots: Vec<(VisitKey, u32, u8)>,
    /// The current generation (slots of any other are empty).
    generation: u32,
    /// Keys of the current generation.
    len: usize,
    /// `64 - log2(slots.len())`: a hash's top bits pick the first slot.
    shift: u32,
}

impl Default for Visits {
    fn default() -> Self {
        Visits {
            slots: Vec::new(),
            generation: 1,
            len: 0,
            shift: 64,
        }
    }
}

impl Visits {
    /// Forgets every count.
    pub(super) fn clear(&mut self) {
        self.len = 0;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Wrapped: no slot may look current by an old generation.
            self.slots.iter_mut().for_each(|s| s.1 = 0);
            self.generation = 1;
        }
    }

    /// The slot where `key` is or would go.
    #[inline(always)]
    fn find(&self, key: &VisitKey) -> usize {
        let h = (key.tag ^ key.addr.rotate_left(24) ^ key.out.rotate_left(48))
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize & mask;
        loop {
            let (k, g, _) = &self.slots[i];
            if *g != self.generation || k == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The count of `key` (0 when new), to read and raise.
    #[inline(always)]
    pub(super) fn count(&mut self, key: VisitKey) -> &mut u8 {
        // At most half full: probes stay short.
        if self.len * 2 >= self.slots.len() {
            self.grow();
        }
        let i = self.find(&key);
        if self.slots[i].1 != self.generation {
            self.slots[i] = (key, self.generation, 0);
            self.len += 1;
        }
        &mut self.slots[i].2
    }

    #[inline(never)]
    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(1024);
        let empty = (
            VisitKey {
                tag: 0,
                addr: 0,
                out: 0,
            },
            0,
            0,
        );
        let old = std::mem::replace(&mut self.slots, vec![empty; n]);
        self.shift = 64 - n.trailing_zeros();
        let generation = self.generation;
        for (k, g, c) in old {
            if g == generation {
                let i = self.find(&k);
                self.slots[i] = (k, g, c);
            }
        }
    }
}

/// Low bits of a cost's float bits that [`Buckets`] ignores: 128 buckets
/// for each doubling of the cost.
const BUCKET_SHIFT: u32 = 16;

/// The open states' keys ([`queue_key`]), smallest first. A search pushes
/// far more states than it takes, and costs mostly grow as it goes, so keys
/// are dealt into buckets by the top bits of their cost (cheap to push, no
/// comparisons), and a bucket is sorted only once it holds the smallest key.
/// Keys pushed into that sorted bucket afterwards (most keys: a kept letter
/// costs little) go to a small heap beside it rather than into the sorted
/// list, which would move its tail each time. Takes keys in exactly the
/// order a binary heap would.
#[derive(Default)]
pub(super) struct Buckets {
    /// Bucket `b` holds the keys whose cost bits, shifted, are `b` (negative
    /// costs all go to bucket 0).
    lists: Vec<Vec<u64>>,
    /// A bit for each non-empty bucket (counting `late` as the sorted one's).
    full: Vec<u64>,
    /// Words of `full` below this one are zero.
    low: usize,
    /// The bucket kept sorted, largest key first, if any.
    sorted: Option<usize>,
    /// Keys of the sorted bucket pushed after it was sorted.
    late: BinaryHeap<Reverse<u64>>,
}

impl Buckets {
    fn bucket(key: u64) -> usize {
        ((key >> 32) as u32).saturating_sub(0x8000_0000) as usize >> BUCKET_SHIFT
    }

    pub(super) fn clear(&mut self) {
        for (w, bits) in self.full.iter_mut().enumerate() {
            let mut b = *bits;
            while b != 0 {
                self.lists[w * 64 + b.trailing_zeros() as usize].clear();
                b &= b - 1;
            }
            *bits = 0;
        }
        self.low = 0;
        self.sorted = None;
        self.late.clear();
    }

    #[inline(always)]
    pub(super) fn push(&mut self, key: u64) {
        let b = Self::bucket(key);
        if b >= self.lists.len() {
            self.lists.resize_with(b + 1, Vec::new);
            self.full.resize(b / 64 + 1, 0);
        }
        if self.sorted == Some(b) {
            self.late.push(Reverse(key));
        } else {
            self.lists[b].push(key);
        }
        self.full[b / 64] |= 1 << (b % 64);
        self.low = self.low.min(b / 64);
    }

    // Taken once per state: inlined into the search loop, the sorting left
    // out of line (most keys come from a bucket sorted already).
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Option<u64> {
        while *self.full.get(self.low)? == 0 {
            self.low += 1;
        }
        let b = self.low * 64 + self.full[self.low].trailing_zeros() as usize;
        if self.sorted != Some(b) {
            self.sort(b);
        }
        let list = &mut self.lists[b];
        let late = self.late.peek().map(|r| r.0);
        let key = match (list.last().copied(), late) {
            (Some(k), Some(l)) if l < k => self.late.pop().map(|r| r.0),
            (Some(_), _) => list.pop(),
            (None, _) => self.late.pop().map(|r| r.0),
        };
        if list.is_empty() && self.late.is_empty() {
            self.full[b / 64] &= !(1 << (b % 64));
        }
        key
    }

    /// Sorts bucket `b`, largest key first, as the one keys are taken from
    /// (the late keys of the bucket sorted before go back to its list).
    #[inline(never)]
    fn sort(&mut self, b: usize) {
        if let Some(old) = self.sorted {
            self.lists[old].extend(self.late.drain().map(|r| r.0));
        }
        self.lists[b].sort_unstable_by(|x, y| y.cmp(x));
        self.sorted = Some(b);
    }
}

/// The open states and the paths leading to them.
pub(super) struct Queue {
    /// States costing more are not kept: the options' bound, lowered once
    /// a candidate is found to what the search would still take.
    pub(super) max_cost: f32,
    pub(super) heap: Buckets,
    pub(super) states: Vec<State>,
}

impl Queue {
    // Pushing runs several times per state taken, so it and its callees
    // are inlined into the search loop: calls were a tenth of its work.
    #[inline(always)]
    pub(super) fn add(&mut self, s: State) {
        let id = self.states.len() as u32;
        self.heap.push(queue_key(s.cost, id));
        self.states.push(s);
    }

    /// Queues the end of a candidate: state `s` (number `id`) has read the
    /// whole word and stands on a final state.
    pub(super) fn push_done(&mut self, s: &State, id: u32) {
        self.push(
            s,
            id,
            At::Done,
            s.pos as usize,
            0.0,
            0.0,
            Emit::Nothing,
            0,
            Link::NONE,
        );
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn push(
        &mut self,
        from: &State,
        from_id: u32,
        at: At,
        pos: usize,
        step: f32,
        prior: f32,
        emit: Emit,
        kind: u8,
        link: Link,
    ) {
        let cost = from.cost + step + prior;
        if cost > self.max_cost {
            return;
        }
        self.add(State {
            cost,
            prior: from.prior + prior,
            pos: pos as u8,
            at,
            src: from.src,
            cuts: from.cuts,
            generic: from.generic + u8::from(kind == 2),
            step: Step {
                parent: from_id,
                kind,
                emit,
                cost: step,
            },
            pending: false,
            link,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visit_keys_tell_states_apart() {
        let s = State {
            cost: 0.0,
            prior: 0.0,
            pos: 3,
            at: At::Stem { addr: 7, out: 9 },
            src: 0,
            cuts: 0,
            generic: 0,
            step: Step::START,
            pending: false,
            link: Link::NONE,
        };
        let ats = [
            At::Stem { addr: 7, out: 9 },
            At::Stem { addr: 7, out: 0 },
            At::Weak { addr: 7 },
            At::Suf {
                set: 0,
                depth: 0,
                addr: 7,
                out: 9,
            },
            At::Suf {
                set: 1,
                depth: 0,
                addr: 7,
                out: 9,
            },
            At::Suf {
                set: 1,
                depth: 1,
                addr: 7,
                out: 9,
            },
            At::Done,
        ];
        let mut keys = Vec::new();
        for at in ats {
            for (pos, pending) in [(3, false), (3, true), (4, false)] {
                keys.push(VisitKey::of(&State {
                    at,
                    pos,
                    pending,
                    ..s
                }));
            }
        }
        for (i, a) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|b| a != b), "{a:?}");
        }
        // What a state carries besides its place does not count.
        let costly = State { cost: 5.0, ..s };
        assert_eq!(VisitKey::of(&s), VisitKey::of(&costly));
    }

    /// A small deterministic pseudo-random sequence for the table tests.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn visits_count_what_a_map_counts() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
        let mut visits = Visits::default();
        for round in 0..6 {
            visits.clear();
            let mut want: HashMap<(u64, u64, u64), u8> = HashMap::new();
            // Few distinct keys in some rounds, thousands (growing the
            // table) in others.
            let spread = [7, 3000, 50, 20_000, 1, 900][round];
            for _ in 0..5000 {
                let r = next() % spread;
                let key = VisitKey {
                    tag: r % 41,
                    addr: r / 41 * 97,
                    out: r % 3,
                };
                let n = visits.count(key);
                let w = want.entry((key.tag, key.addr, key.out)).or_insert(0);
                assert_eq!(*n, *w, "round {round}");
                *n = n.saturating_add(1);
                *w = w.saturating_add(1);
            }
            assert_eq!(visits.len, want.len());
        }
        // Generations wrapping around leave no stale counts.
        visits.generation = u32::MAX;
        visits.clear();
        assert_eq!(
            *visits.count(VisitKey {
                tag: 1,
                addr: 97,
                out: 1
            }),
            0
        );
    }

    #[test]
    fn buckets_take_keys_in_heap_order() {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
        let mut buckets = Buckets::default();
        for round in 0..20 {
            buckets.clear();
            let mut heap = BinaryHeap::new();
            let mut id = 0;
            let mut last = 0.0f32;
            for _ in 0..3000 {
                if next().is_multiple_of(3) {
                    let want = heap.pop().map(|Reverse(k)| k);
                    assert_eq!(buckets.pop(), want, "round {round}");
                    continue;
                }
                // Mostly growing costs, some equal, now and then a lower one.
                let cost = match next() % 10 {
                    0 => last,
                    1 => -((next() % 100) as f32) / 10.0,
                    2 => (next() % 40) as f32 / 2.0,
                    // Steps too small to leave the bucket taken from.
                    3 | 4 => last + (next() % 10) as f32 / 1000.0,
                    _ => last + (next() % 1000) as f32 / 100.0,
                };
                last = cost.max(0.0) % 20.0;
                let key = queue_key(cost, id);
                id += 1;
                heap.push(Reverse(key));
                buckets.push(key);
            }
            while let Some(Reverse(k)) = heap.pop() {
                assert_eq!(buckets.pop(), Some(k));
            }
            assert_eq!(buckets.pop(), None);
        }
    }

    #[test]
    fn queue_key_orders_by_cost_then_age() {
        let costs = [-1.0f32, -0.0, 0.0, 0.15, 1.5, 9.5, 20.0];
        for (i, &a) in costs.iter().enumerate() {
            for &b in &costs[i + 1..] {
                assert!(queue_key(a, 7) < queue_key(b, 3), "{a} {b}");
            }
            assert!(queue_key(a, 3) < queue_key(a, 4));
        }
    }
}
