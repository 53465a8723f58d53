//! How frequent a Kazakh word form is: a prior for ranking corrections and
//! for how far a correction must lead its rivals to be applied unattended.
//!
//! The lexicon accepts a word or not; it cannot say that `қара` (black) is
//! far commoner than `қарә`, or `ақын` (poet) than `ақин`. On a page read
//! without the Kazakh letters every `кара` and `акын` has several such
//! readings, and frequency is what tells them apart.
//!
//! The list is `lexicon/sources/tesseract-kaz-frequent.tsv`: the 12,000
//! words of the word bigrams Tesseract's legacy Kazakh model keeps, each
//! with the number of bigrams it is part of (a frequency class: және is in
//! 1,700, жылы in 300, жылғы in 47, a word not listed in none). `build.rs`
//! compiles it into an `fst::Map` embedded in the binary, and the pairs
//! themselves ([`WordPairs`]) into an `fst::Set`.

use std::sync::OnceLock;

use fst::{Map, Set};

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/frequent.fst"));
static EMBEDDED_PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pairs.fst"));

/// The frequent words and their frequency classes.
pub struct WordFrequency {
    map: Map<&'static [u8]>,
}

impl WordFrequency {
    /// The list embedded in the binary.
    pub fn embedded() -> &'static WordFrequency {
        static LIST: OnceLock<WordFrequency> = OnceLock::new();
        LIST.get_or_init(|| WordFrequency {
            map: Map::new(EMBEDDED).expect("the embedded frequent words are a valid fst"),
        })
    }

    /// The frequency class of `word` (lowercase, NFC): how many frequent
    /// bigrams of Kazakh web text it is part of, 0 for a word not listed.
    pub fn class(&self, word: &str) -> u32 {
        self.map
            .get(word)
            .map_or(0, |c| u32::try_from(c).unwrap_or(u32::MAX))
    }

    /// How much likelier `word` is than an unlisted word, as a cost
    /// discount: the natural logarithm of one more than its class.
    pub fn log_class(&self, word: &str) -> f32 {
        (1.0 + self.class(word) as f32).ln()
    }

    /// The listed words that putting Kazakh letters back into `word`
    /// (lowercase) reaches, at most `max_letters` of them, each with its
    /// class: what a word of a page read without the Kazakh letters may
    /// stand for (`онын` → оның, 277). `word` itself is left out. The
    /// automaton is walked letter by letter, so only prefixes of listed
    /// words are ever tried.
    pub fn restorations(&self, word: &str, max_letters: usize) -> Vec<(String, u32)> {
        let fst = self.map.as_fst();
        let mut found = Vec::new();
        let mut path = String::with_capacity(word.len() * 2);
        let chars: Vec<char> = word.chars().collect();
        let mut walk = Walk {
            fst,
            chars: &chars,
            path: &mut path,
            found: &mut found,
        };
        walk.go(0, fst.root(), fst::raw::Output::zero(), max_letters, false);
        found
    }
}

/// A depth-first walk of the frequency automaton for
/// [`WordFrequency::restorations`].
struct Walk<'a> {
    fst: &'a fst::raw::Fst<&'static [u8]>,
    chars: &'a [char],
    path: &'a mut String,
    found: &'a mut Vec<(String, u32)>,
}

impl Walk<'_> {
    fn go(
        &mut self,
        at: usize,
        node: fst::raw::Node<'_>,
        out: fst::raw::Output,
        left: usize,
        changed: bool,
    ) {
        let Some(&c) = self.chars.get(at) else {
            if changed && node.is_final() {
                let class = out.cat(node.final_output()).value();
                self.found
                    .push((self.path.clone(), u32::try_from(class).unwrap_or(u32::MAX)));
            }
            return;
        };
        let restored = crate::errormodel::rank::kazakh_letters_read_as(c).filter(|_| left > 0);
        for (letter, restores) in std::iter::once((c, false)).chain(restored.map(|k| (k, true))) {
            let mut buf = [0u8; 4];
            let mut next = node;
            let mut next_out = out;
            let mut live = true;
            for &b in letter.encode_utf8(&mut buf).as_bytes() {
                match next.find_input(b) {
                    Some(i) => {
                        let t = next.transition(i);
                        next_out = next_out.cat(t.out);
                        next = self.fst.node(t.addr);
                    }
                    None => {
                        live = false;
                        break;
                    }
                }
            }
            if live {
                self.path.push(letter);
                self.go(
                    at + 1,
                    next,
                    next_out,
                    left - usize::from(restores),
                    changed || restores,
                );
                self.path.pop();
            }
        }
    }
}

/// Pairs of words that often follow each other in Kazakh web text
/// (`lexicon/sources/tesseract-kaz-pairs.tsv`, from the same bigrams): a
/// correction that makes such a pair with its neighbour is the likelier
/// reading (`келген соң`, `білім беру`).
pub struct WordPairs {
    set: Set<&'static [u8]>,
}

impl WordPairs {
    /// The pairs embedded in the binary.
    pub fn embedded() -> &'static WordPairs {
        static PAIRS: OnceLock<WordPairs> = OnceLock::new();
        PAIRS.get_or_init(|| WordPairs {
            set: Set::new(EMBEDDED_PAIRS).expect("the embedded word pairs are a valid fst"),
        })
    }

    /// Whether `second` often follows `first` (both lowercase, NFC).
    pub fn holds(&self, first: &str, second: &str) -> bool {
        let mut key = String::with_capacity(first.len() + 1 + second.len());
        key.push_str(first);
        key.push(' ');
        key.push_str(second);
        self.set.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_outrank_rare_ones() {
        let f = WordFrequency::embedded();
        assert!(f.class("және") > f.class("жылы"));
        assert!(f.class("жылы") > f.class("жылғы"));
        assert!(f.class("жылғы") > 0);
    }

    #[test]
    fn damaged_and_unknown_forms_are_not_listed() {
        let f = WordFrequency::embedded();
        // OCR damage of қазақ and кеңес, and no word at all.
        for word in ["казак", "кенес", "ққққ", ""] {
            assert_eq!(f.class(word), 0, "{word}");
            assert_eq!(f.log_class(word), 0.0, "{word}");
        }
    }

    #[test]
    fn pairs_hold_in_their_order() {
        let p = WordPairs::embedded();
        assert!(p.holds("білім", "беру"));
        assert!(!p.holds("беру", "білім"));
        assert!(!p.holds("білім", "беру "));
        assert!(!p.holds("", ""));
    }

    #[test]
    fn restorations_put_kazakh_letters_back_into_listed_words() {
        let f = WordFrequency::embedded();
        let found = f.restorations("онын", 3);
        assert!(found.contains(&("оның".to_string(), f.class("оның"))));
        assert!(found.iter().all(|(w, _)| w != "онын"));
        // Every letter it changes is a Kazakh letter put back.
        let found = f.restorations("кептеген", 3);
        assert!(found.iter().any(|(w, _)| w == "көптеген"));
        assert!(f.restorations("кептеген", 0).is_empty());
        assert!(f.restorations("", 3).is_empty());
    }

    #[test]
    fn the_list_is_lowercase() {
        let f = WordFrequency::embedded();
        assert!(f.class("қазақстан") > 0);
        assert_eq!(f.class("Қазақстан"), 0);
    }
}
