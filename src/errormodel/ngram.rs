//! A character n-gram model of Kazakh words: how Kazakh a string of letters
//! looks, as a cost (lower is likelier).
//!
//! Candidates that the lexicon accepts and that the OCR confusions reach at
//! the same cost are often far from equally likely: `және` (and) against
//! `жеңе`, `өзі` against `езі`. The lexicon knows no word frequencies, but
//! the letters of frequent words and suffixes make frequent n-grams, so
//! [`rank`](super::rank) adds a little of this cost to each candidate.
//!
//! The model is Lingua's Kazakh model (`lexicon/sources/lingua-kk-ngrams.tsv`,
//! n-grams of one to five letters from web text), compiled by `build.rs`
//! into an `fst::Map` embedded in the binary.

use std::cell::RefCell;
use std::sync::OnceLock;

use fst::raw::{Fst, Output};

use crate::lexicon::FastMap;

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ngrams.fst"));

/// The longest n-gram the model holds.
const ORDER: usize = 5;

/// Extra cost of each letter of context the model lacks (backing off from
/// five letters to four costs this once).
const BACKOFF: f32 = 1.0;

/// The cost of a letter the model has never seen at all.
const UNSEEN: f32 = 12.0;

/// A character n-gram model.
pub struct NgramModel {
    /// Reversed n-grams to their cost in hundredths (see `build.rs`).
    fst: Fst<&'static [u8]>,
}

impl NgramModel {
    /// The model embedded in the binary.
    pub fn embedded() -> &'static NgramModel {
        static MODEL: OnceLock<NgramModel> = OnceLock::new();
        MODEL.get_or_init(|| NgramModel {
            fst: Fst::new(EMBEDDED).expect("the embedded n-gram model is a valid fst"),
        })
    }

    /// The cost of `word` (lowercase letters): for each letter, `-ln P(letter
    /// | up to four letters before it)` by the longest n-gram the model
    /// holds, plus `BACKOFF` for each letter of context it had to drop.
    ///
    /// Each letter's cost depends only on it and the letters before it, so
    /// it is kept per thread by those letters: the candidates of OCR words
    /// share most of them, and a walk of the model is far dearer than a
    /// lookup.
    pub fn cost(&self, word: &str) -> f32 {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() > MEMO_CAP {
                memo.clear();
            }
            // The letters read so far, latest first, and the key they make.
            let mut window = ['\0'; ORDER];
            let mut len = 0;
            let mut key = 0u64;
            // Windows up to this letter hold a letter no key can carry.
            let mut unkeyed = 0;
            let mut total = 0.0;
            for (i, c) in word.chars().enumerate() {
                window.copy_within(..ORDER - 1, 1);
                window[0] = c;
                len = (len + 1).min(ORDER);
                let id = u64::from(c) + 1;
                if id >= 1 << KEY_BITS {
                    unkeyed = i + ORDER;
                }
                key = (key << KEY_BITS | (id & KEY_MASK)) & WINDOW_MASK;
                total += if i < unkeyed {
                    self.letter_cost(&window[..len])
                } else {
                    *memo
                        .entry(key)
                        .or_insert_with(|| self.letter_cost(&window[..len]))
                };
            }
            total
        })
    }

    /// The cost of the letter `back[0]` after `back[1..]` (latest first).
    fn letter_cost(&self, back: &[char]) -> f32 {
        let mut buf = [0u8; 4];
        let mut node = self.fst.root();
        let mut out = Output::zero();
        let mut best: Option<(usize, u64)> = None;
        'walk: for (k, &c) in back.iter().enumerate() {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                let Some(t) = node.find_input(b) else {
                    break 'walk;
                };
                let t = node.transition(t);
                out = out.cat(t.out);
                node = self.fst.node(t.addr);
            }
            if node.is_final() {
                best = Some((k + 1, out.cat(node.final_output()).value()));
            }
        }
        match best {
            Some((n, cost)) => cost as f32 / 100.0 + BACKOFF * (back.len() - n) as f32,
            None => UNSEEN,
        }
    }
}

/// Bits a letter takes in a memo key: letters below U+0FFF, one more than
/// their code (0 is no letter, before the word's start).
const KEY_BITS: u32 = 12;
const KEY_MASK: u64 = (1 << KEY_BITS) - 1;
/// A key holds the last [`ORDER`] letters.
const WINDOW_MASK: u64 = (1 << (KEY_BITS * ORDER as u32)) - 1;

/// Memo entries kept at most per thread (a few MB) before starting afresh.
const MEMO_CAP: usize = 1 << 18;

thread_local! {
    /// Letter costs by the memo key of the letter and the ones before it.
    static MEMO: RefCell<FastMap<u64, f32>> = RefCell::new(FastMap::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_words_cost_less_than_their_confusions() {
        let m = NgramModel::embedded();
        assert!(m.cost("және") < m.cost("жеңе"));
        assert!(m.cost("өзі") < m.cost("езі"));
        assert!(m.cost("халқының") < m.cost("халқынын"));
    }

    #[test]
    fn costs_add_up_letter_by_letter() {
        let m = NgramModel::embedded();
        assert_eq!(m.cost(""), 0.0);
        let a = m.cost("а");
        assert!(a > 0.0 && a < 5.0, "{a}");
        assert!(m.cost("ақ") > a);
        // A letter no Kazakh text has.
        assert!(m.cost("ж☃") >= m.cost("ж") + UNSEEN);
    }

    #[test]
    fn remembered_costs_are_the_walked_ones() {
        let m = NgramModel::embedded();
        for word in ["халқының", "қазақстан", "ж☃а", "zқ", "қазақ", "ақ"]
        {
            let chars: Vec<char> = word.chars().collect();
            let mut walked = 0.0;
            for i in 0..chars.len() {
                let back: Vec<char> = chars[..=i].iter().rev().take(ORDER).copied().collect();
                walked += m.letter_cost(&back);
            }
            assert_eq!(m.cost(word), walked, "{word}");
            assert_eq!(m.cost(word), walked, "{word}, remembered");
        }
    }
}
