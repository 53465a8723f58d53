//! Word-pair context: a correction left for review is safe when it makes a
//! frequent word pair with a neighbour and no other candidate does.
//!
//! Ranking sees one word at a time. Its neighbours often settle what it
//! cannot: on a page read without the Kazakh letters `сон` is соң or сөн,
//! but after `келген` only соң makes a pair Kazakh text often has. The
//! pairs are those of [`WordPairs`]; a damaged neighbour counts as its best
//! correction. The document's own pairs count too ([`DocumentPairs`]): a
//! phrase a book repeats (`1964 жылғы`) settles the place OCR damaged
//! (`1964 жылеы`).

use crate::errormodel::frequency::WordPairs;
use crate::lexicon::{FastMap, fold};
use crate::tokenize::is_letter;

/// The best candidate must be at least this sure of itself. Measured on
/// the development pairs, with [`MIN_LETTERS`]: the pairs made 358 more
/// right safe fixes and 3 wrong ones, all three words the clean text
/// misspells (аркылы, кайта, and дейiн with a Latin i). With three
/// letters, 0.8 made one more wrong fix, and 0.99 gained 62 fewer.
pub const MIN_CONFIDENCE: f32 = 0.9;

/// The word must have at least this many letters (two gained 46 right
/// fixes over three, and one no more).
pub const MIN_LETTERS: usize = 2;

/// What the words of a document read as once corrected: the best
/// correction of each reported word, by where its span starts and ends.
#[derive(Default)]
pub struct Readings {
    by_start: FastMap<usize, String>,
    by_end: FastMap<usize, String>,
}

impl Readings {
    /// Records that the word at `span` reads as `reading`.
    pub fn insert(&mut self, span: &std::ops::Range<usize>, reading: &str) {
        let reading = fold(reading);
        self.by_start.insert(span.start, reading.clone());
        self.by_end.insert(span.end, reading);
    }

    /// The word before `start` in `text`, as it reads: only across
    /// whitespace (a mark between the two parts them), and through at most
    /// one line break.
    pub fn before(&self, text: &str, start: usize) -> Option<String> {
        let head = &text[..start];
        let end = head.trim_end().len();
        if !gap_joins(&head[end..]) {
            return None;
        }
        if let Some(reading) = self.by_end.get(&end) {
            return Some(reading.clone());
        }
        let word_start = head[..end]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| in_word(c))
            .last()
            .map(|(i, _)| i)?;
        plain_word(&head[word_start..end])
    }

    /// The word after `end` in `text`, as it reads (see [`Readings::before`]).
    pub fn after(&self, text: &str, end: usize) -> Option<String> {
        let tail = &text[end..];
        let start = end + (tail.len() - tail.trim_start().len());
        if !gap_joins(&text[end..start]) {
            return None;
        }
        if let Some(reading) = self.by_start.get(&start) {
            return Some(reading.clone());
        }
        let rest = &text[start..];
        let len = rest
            .char_indices()
            .take_while(|&(_, c)| in_word(c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        plain_word(&rest[..len])
    }
}

/// Whether `c` belongs to a word as neighbours are read: a letter, a
/// digit (`1964 жылғы`) or a hyphen.
fn in_word(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit() || c == '-'
}

/// The pairs of neighbouring words a document writes (read as
/// [`Readings::before`] reads neighbours, lowercased), to tell which of a
/// damaged word's candidates the same neighbour has elsewhere.
#[derive(Default)]
pub struct DocumentPairs {
    /// Each pair as `first second`, as [`WordPairs`] keys them.
    pairs: std::collections::HashSet<String>,
}

impl DocumentPairs {
    /// The pairs of `text`.
    pub fn of(text: &str) -> DocumentPairs {
        let mut pairs = std::collections::HashSet::new();
        // The previous word (lowercased) and where it ends.
        let mut previous: Option<(String, usize)> = None;
        let mut at = 0;
        while let Some(offset) = text[at..].find(in_word) {
            let start = at + offset;
            let end = text[start..]
                .find(|c: char| !in_word(c))
                .map_or(text.len(), |len| start + len);
            let word = plain_word(&text[start..end]);
            if let (Some((before, before_end)), Some(word)) = (&previous, &word) {
                let gap = &text[*before_end..start];
                if gap_joins(gap) && gap.trim().is_empty() {
                    pairs.insert(format!("{before} {word}"));
                }
            }
            previous = word.map(|w| (w, end));
            at = end;
        }
        DocumentPairs { pairs }
    }

    /// Whether the document writes `second` right after `first` (both
    /// lowercase).
    pub fn holds(&self, first: &str, second: &str) -> bool {
        self.pairs.contains(&format!("{first} {second}"))
    }
}

/// Whether two words with `gap` between them are neighbours: some
/// whitespace, and no blank line.
fn gap_joins(gap: &str) -> bool {
    !gap.is_empty() && gap.matches('\n').count() <= 1
}

/// A run of letters and hyphens as a word, lowercased; none when a hyphen
/// opens or closes it (a word broken at a line end).
fn plain_word(run: &str) -> Option<String> {
    (!run.starts_with('-') && !run.ends_with('-')).then(|| fold(run))
}

/// Whether `best` makes a frequent pair with the word `before` or `after`
/// it and none of `others` does.
pub fn singles_out<'a>(
    best: &str,
    others: impl IntoIterator<Item = &'a str>,
    before: Option<&str>,
    after: Option<&str>,
) -> bool {
    let pairs = WordPairs::embedded();
    singles_out_by(|a, b| pairs.holds(a, b), best, others, before, after)
}

/// [`singles_out`] by the pairs `holds` says a text has.
pub fn singles_out_by<'a>(
    holds: impl Fn(&str, &str) -> bool,
    best: &str,
    others: impl IntoIterator<Item = &'a str>,
    before: Option<&str>,
    after: Option<&str>,
) -> bool {
    let pairs_up = |candidate: &str| {
        let candidate = fold(candidate);
        before.is_some_and(|b| holds(b, &candidate)) || after.is_some_and(|a| holds(&candidate, a))
    };
    pairs_up(best) && !others.into_iter().any(pairs_up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_read_across_whitespace_only() {
        let text = "орта Азиянын, «кой» білім\nберу";
        let r = Readings::default();
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(r.before(text, at("Азиянын")).as_deref(), Some("орта"));
        assert_eq!(
            r.after(text, at("орта") + "орта".len()).as_deref(),
            Some("азиянын")
        );
        // A comma or quote parts two words.
        assert_eq!(r.after(text, at("Азиянын") + "Азиянын".len()), None);
        assert_eq!(r.before(text, at("кой")), None);
        // One line break joins.
        assert_eq!(
            r.after(text, at("білім") + "білім".len()).as_deref(),
            Some("беру")
        );
        assert_eq!(r.before(text, 0), None);
    }

    #[test]
    fn a_reported_neighbour_reads_as_its_correction() {
        let text = "орта Азиянын тарихы";
        let mut r = Readings::default();
        let start = text.find("Азиянын").unwrap();
        r.insert(&(start..start + "Азиянын".len()), "Азияның");
        assert_eq!(r.after(text, "орта".len()).as_deref(), Some("азияның"));
        let end = start + "Азиянын".len();
        assert_eq!(r.before(text, end + 1).as_deref(), Some("азияның"));
    }

    #[test]
    fn a_line_end_hyphen_is_no_word() {
        let text = "біл-\nім беру";
        let r = Readings::default();
        assert_eq!(r.before(text, text.find("ім").unwrap()), None);
    }

    #[test]
    fn a_document_pairs_its_neighbouring_words() {
        let pairs = DocumentPairs::of("Хрущев 1964 жылғы қазанның, «1964 жылы»\nпленумы");
        assert!(pairs.holds("хрущев", "1964"));
        assert!(pairs.holds("1964", "жылғы"));
        assert!(pairs.holds("жылғы", "қазанның"));
        // A mark parts two words.
        assert!(!pairs.holds("қазанның", "1964"));
        assert!(!pairs.holds("жылы", "пленумы"));
        assert!(!pairs.holds("1964", "жылеы"));
        assert!(!DocumentPairs::of("").holds("", ""));
    }

    #[test]
    fn only_a_pair_no_rival_makes_singles_out() {
        assert!(singles_out("беру", ["бері"], Some("білім"), None));
        assert!(singles_out("Беру", [], Some("білім"), Some("жүйесі")));
        assert!(!singles_out("бері", ["беру"], Some("білім"), None));
        assert!(!singles_out("беру", [], None, None));
    }
}
