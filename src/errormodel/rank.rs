//! Ranking correction candidates for a damaged word, and deciding which
//! correction is safe to apply unattended.
//!
//! [`rank`] runs the confusion-guided lexicon search
//! ([`Lexicon::search`]) on the word, scores each candidate by its total
//! cost (confusion costs, kept letters, the candidate prior for its stem's
//! source and morpheme chain, and a string-similarity penalty for generic
//! edits), restores the word's letter case, and returns the best five with a
//! confidence (a softmax over negative costs that also leaves room for "none
//! of these"). [`suggestions`] turns them into [`Suggestion`]s: the best one
//! is **safe** only when it needs known OCR confusions alone, comes from a
//! curated or own stem (or restores Kazakh letters in a word of a page read
//! without them) and beats the runner-up by a clear cost margin; everything
//! else is for review.
//!
//! ```
//! use emle::errormodel::rank::{RankOptions, suggestions};
//! use emle::errormodel::ConfusionTable;
//! use emle::lexicon::Lexicon;
//! let s = suggestions(Lexicon::embedded(), ConfusionTable::embedded(), "Кажет", &RankOptions::default());
//! assert_eq!(s[0].replacement, "Қажет");
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::case::restore_case;
use crate::diagnostic::Suggestion;
use crate::errormodel::ConfusionTable;
use crate::errormodel::frequency::WordFrequency;
use crate::errormodel::lost_ending::Endings;
use crate::errormodel::ngram::NgramModel;
use crate::lexicon::Lexicon;
use crate::lexicon::search::{EditKind, Roots, SearchHit, SearchOptions};

/// How many suggestions a diagnostic gets at most.
pub const TOP_K: usize = 5;

/// Bounds of ranking and the rule for safe corrections.
#[derive(Debug, Clone, PartialEq)]
pub struct RankOptions {
    /// The lexicon search.
    pub search: SearchOptions,
    /// The cost of "none of these candidates" in the confidence softmax.
    pub null_cost: f32,
    /// Weight of the string-dissimilarity penalty on candidates with generic edits.
    pub generic_dissimilarity: f32,
    /// Extra cost of each OCR letter a candidate drops (a shorter word
    /// explains damage too easily: `жылеы` is `жылғы` more often than `жылы`).
    pub letter_drop: f32,
    /// Extra cost of a candidate from the weak (web word list) source on top
    /// of the search prior: a curated stem one confusion further away is
    /// still the likelier word.
    pub weak_extra: f32,
    /// How much cheaper each Kazakh-letter confusion (`к`→`қ`, `н`→`ң`, …) is
    /// in a word that already shows the damage of an OCR model without
    /// Kazakh letters (see [`russian_damage`]).
    pub damaged_bonus: f32,
    /// Weight of the candidate's n-gram cost ([`NgramModel`]) above the
    /// cheapest candidate's, added to its ranking cost.
    pub ngram_weight: f32,
    /// How much cheaper a function word of `lexicon/own/function-words.tsv`
    /// (a conjunction, particle or postposition that takes no suffix) is:
    /// such words are the commonest of any text (`жоне` is far more often
    /// және than жөне).
    pub function_word_bonus: f32,
    /// How much cheaper a frequent word form is, per unit of its
    /// [`WordFrequency::log_class`], unless it drops OCR letters: between
    /// candidates that confusions reach alike, the commoner word is the
    /// likelier reading (`кара` is қара far more often than қарә).
    pub frequency_weight: f32,
    /// A best candidate of at least this frequency class
    /// ([`WordFrequency::class`]) outweighs rivals that are not frequent at
    /// all: by the unlettered rule it needs only the closed-class leads over
    /// them (see [`RankOptions::closed_class_margin`]).
    pub frequent_min_class: u32,
    /// A best candidate of at least this frequency class is safe on a page
    /// read with the Kazakh letters when no other candidate is listed at
    /// all, it costs at most [`RankOptions::lettered_frequent_max_cost`]
    /// and leads by [`RankOptions::lettered_frequent_margin`] (see
    /// [`is_safe`]).
    pub lettered_frequent_min_class: u32,
    /// See [`RankOptions::lettered_frequent_min_class`].
    pub lettered_frequent_max_cost: f32,
    /// See [`RankOptions::lettered_frequent_min_class`].
    pub lettered_frequent_margin: f32,
    /// See [`RankOptions::lettered_frequent_min_class`].
    pub lettered_frequent_min_letters: usize,
    /// Words shorter than [`RankOptions::unlettered_min_letters`] but not
    /// than this get a safe correction by the unlettered rule when the best
    /// is frequent (see [`RankOptions::frequent_min_class`]) and no other
    /// candidate is frequent at all (`кара` is қара).
    pub frequent_min_letters: usize,
    /// The best candidate is safe only if the runner-up costs at least this
    /// much more (both without the `damaged_bonus`: a smaller margin for
    /// damaged words made wrong fixes, measured on aligned OCR pairs).
    pub safe_margin: f32,
    /// The best candidate is safe only if it costs at most this much.
    pub safe_max_cost: f32,
    /// Words shorter than this (in letters) never get a safe correction.
    pub safe_min_letters: usize,
    /// How much cheaper a candidate is when the document holds it verbatim
    /// (see [`with_evidence`]).
    pub evidence_bonus: f32,
    /// A candidate the document holds is safe when every candidate the
    /// document does not hold costs at least this much more (may be
    /// negative: the document outweighs a slightly cheaper reading).
    pub evidence_margin: f32,
    /// A candidate the document holds is safe when every other candidate the
    /// document holds too costs at least this much more.
    pub evidence_rival_margin: f32,
    /// A candidate the document holds is safe only if it costs at most this much.
    pub evidence_max_cost: f32,
    /// Words shorter than this (in letters) never get a safe correction from
    /// document evidence.
    pub evidence_min_letters: usize,
    /// The word is in a document read without the Kazakh letters (see
    /// [`crate::rules::LetterShare::lacks_kazakh_letters`]) and shows that
    /// damage itself: its best candidate is also safe when restoring Kazakh
    /// letters alone reaches it and no close rival (see [`is_safe`]).
    pub unlettered: bool,
    /// Offer words whose last syllable OCR lost whole
    /// (`lexicon/lost-endings.tsv`, rows for any ending) as hints behind
    /// the candidates, where no safe fix is at stake: for the words of a
    /// document read without the Kazakh letters.
    pub lost_syllables: bool,
    /// Words shorter than this (in letters) never get a safe correction by
    /// the unlettered rule.
    pub unlettered_min_letters: usize,
    /// Words shorter than [`RankOptions::unlettered_min_letters`] but not
    /// than this get a safe correction by the unlettered rule when it is a
    /// closed-class word (a function word, pronoun or numeral of the emle
    /// authors' lists): such words are so common that a short OCR form
    /// restoring to one is that word (`жок` is жоқ, `ек1` екі).
    pub closed_class_min_letters: usize,
    /// [`RankOptions::unlettered_rival_margin`] for a closed-class best
    /// over a rival restoration that is not closed-class: it outweighs one
    /// by its frequency alone. So does a frequent best (see
    /// [`RankOptions::frequent_min_class`]) over a rival that is not
    /// frequent at all.
    pub closed_class_rival_margin: f32,
    /// [`RankOptions::unlettered_margin`] for a closed-class best over a
    /// rival that is not closed-class (`жэне` is және, not the adjective
    /// жөне a cost of 4.3 behind), and for a frequent best over a rival
    /// that is not frequent at all.
    pub closed_class_margin: f32,
    /// By the unlettered rule, every other candidate that does not only put
    /// back Kazakh letters must cost at least this much more (without the
    /// damaged-word bonus).
    pub unlettered_margin: f32,
    /// [`RankOptions::unlettered_margin`] for a rival that is the best with
    /// letters other than і put back that OCR lost (`тұрақтың` beside
    /// `тұрақты`): a page read without the Kazakh letters loses і all the
    /// time, other letters hardly ever (its learned table counts a lost і
    /// 2,001 times, a lost ң 73).
    pub lost_letter_margin: f32,
    /// By the unlettered rule, every other candidate that also only puts
    /// back Kazakh letters must rank at least this far behind (by the full
    /// ranking cost: between two restorations the n-gram prior and the
    /// number of letters put back decide).
    pub unlettered_rival_margin: f32,
    /// The best candidate is safe by the unlettered rule only if it costs at
    /// most this much (without the damaged-word bonus).
    pub unlettered_max_cost: f32,
    /// [`RankOptions::unlettered_max_cost`] for a word of at least
    /// [`RankOptions::unlettered_long_letters`] letters: each Kazakh letter
    /// put back costs, and a long word needs more of them
    /// (`Казакстаннын` → `Қазақстанның`, three), while few lexicon words
    /// lie near it.
    pub unlettered_long_max_cost: f32,
    /// See [`RankOptions::unlettered_long_max_cost`].
    pub unlettered_long_letters: usize,
    /// By the frequency rule of pages read without the Kazakh letters, a
    /// restoration is safe when its frequency class is at least this (in a
    /// word of two or three letters, see [`RankOptions::dominant_halvings`]), and
    /// at least [`RankOptions::dominant_ratio`] times the class of every
    /// other candidate (`жене` → және, 1,742, beside жөне, 1, and жеңе):
    /// what the learned costs cannot tell apart, Kazakh text does.
    pub dominant_min_class: u32,
    /// How many times the class [`RankOptions::dominant_min_class`] asks
    /// of a word of two or three letters halves, once for every two letters
    /// more: a longer word has fewer neighbours a misreading could reach.
    pub dominant_halvings: u32,
    /// How many times the class the frequency rule asks a restoration
    /// needs when it also puts back one і the page lost (`кейн` → кейін):
    /// such a model loses і more than any other letter.
    pub dominant_lost_i_factor: u32,
    /// Letters a word needs for the frequency rule to put back an і it
    /// lost (see [`RankOptions::dominant_lost_i_factor`]).
    pub dominant_lost_i_min_letters: usize,
    /// See [`RankOptions::dominant_min_class`].
    pub dominant_ratio: u32,
    /// The most such a restoration may cost (without the damaged-word
    /// bonus): ә read as е or а is dear, and және needs it.
    pub dominant_max_cost: f32,
    /// Letters a word needs for the frequency rule.
    pub dominant_min_letters: usize,
    /// On a page read without the Kazakh letters, the most a best may cost
    /// (without the damaged-word bonus) for its neighbours to make it safe
    /// (`rules::word_pairs`: `казак т1лне` → қазақ тіліне): only such a
    /// best is vouched for by the general table, which the pair rule needs.
    pub unlettered_pair_max_cost: f32,
    /// Extra ranking cost of a candidate that only a morpheme rare in prose
    /// makes (`lexicon/rare-morphemes.txt`: the second person, as in
    /// елің, өнерің): where н may stand for ң, such forms crowd out the
    /// usual ones (елін, өнерін). Only the order changes: the safe-fix
    /// rules weigh rivals without it.
    pub rare_form_penalty: f32,
    /// What a swap of ү and ұ costs at most when it mends the vowel
    /// harmony the OCR word breaks ([`crate::script::breaks_harmony`]):
    /// a native word never mixes ү with back vowels, so `қүрылыста` is
    /// құрылыста however seldom the training pages swap the two letters.
    pub harmony_swap_cost: f32,
    /// What a confusion costs at most in a document where it recurs (see
    /// [`is_safe_by_recurrence`]).
    pub recurring_cost: f32,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            search: SearchOptions::default(),
            null_cost: 9.0,
            generic_dissimilarity: 2.0,
            letter_drop: 2.0,
            // Both measured on aligned OCR pairs: top-1 of the Russian-model
            // words rose from 70 % to 74 %; a bonus of 3 overshoots.
            weak_extra: 1.0,
            damaged_bonus: 1.5,
            ngram_weight: 0.4,
            // Measured on aligned OCR pairs: top-1 84.0 -> 84.2 %, safe
            // fixes unchanged; a bonus of 2 or more raised false alarms of
            // ocr-confusion.
            function_word_bonus: 1.0,
            // Measured on aligned OCR pairs: a weight of 1 raised top-1 from
            // 84.8 to 86.5 % (0.5 gained less, 2 no more). Frequent bests
            // with the closed-class leads and four letters added 845 right
            // safe fixes and 3 wrong ones, two of them words OCR cut short
            // (білетін for білетінін); class 1, or three letters (кан for
            // кеш), made more wrong fixes.
            frequency_weight: 1.0,
            frequent_min_class: 2,
            frequent_min_letters: 4,
            // Measured on aligned OCR pairs: no fix more or less (their
            // pages with the Kazakh letters have few such words); the
            // seed's осьндай is fixed. Letting bests that only put Kazakh
            // letters back through too made four more right fixes and two
            // wrong (the clean text's докторлык and Кыргызстан, spelt so
            // on purpose), which took safe fixes below 99.5 %; class 20
            // loses осындай (14).
            lettered_frequent_min_class: 10,
            lettered_frequent_max_cost: 4.0,
            lettered_frequent_margin: 2.0,
            lettered_frequent_min_letters: 6,
            // Measured on aligned OCR pairs of all three OCR models: with
            // these bounds 99.5 % of safe corrections were right. Shorter
            // words and closer runners-up (most often one е→ө or к→қ away)
            // are wrong too often.
            safe_margin: 6.0,
            safe_max_cost: 2.0,
            safe_min_letters: 7,
            // Measured on aligned OCR pairs checked page by page: a negative
            // margin for candidates the page lacks, or a cost bound of 5.5
            // or more, made wrong fixes; 4 to 6 for rivals the page holds
            // too, and a bonus of 3 to 5, changed nothing there.
            evidence_bonus: 3.0,
            evidence_margin: 0.0,
            evidence_rival_margin: 5.0,
            evidence_max_cost: 5.0,
            evidence_min_letters: 3,
            unlettered: false,
            lost_syllables: false,
            // Measured on the Russian-model documents of aligned OCR pairs.
            unlettered_min_letters: 5,
            // Measured on the Russian-model documents of aligned OCR pairs:
            // two letters and these margins added 450 right fixes and two
            // wrong ones (енд1 for ендігі, and кайта, which the clean text
            // has so); a rival margin of 1 or 2 changed three fixes. Where
            // closed-class rivals need the usual leads, a margin of 3 (not
            // 4) added 52 fixes, one wrong by the clean text (аркылы, so
            // there), and lost 15 right ones (эр for әр beside әрі); 2.5
            // made two more wrong fixes (мени for менің).
            closed_class_min_letters: 2,
            closed_class_rival_margin: 1.5,
            closed_class_margin: 3.0,
            unlettered_margin: 5.5,
            // Measured there too: 43 more right fixes, none wrong; any
            // margin from 2.5 to 5 gives the same. Letting a lost і in
            // too made 151 and 8 wrong (шиндегі for ішіндегі).
            lost_letter_margin: 4.5,
            // Measured there too: 99.5 % of all safe fixes stayed right, and
            // the word error rate cut rose from 19 % to 25 %; a margin of
            // 2.5, or four letters, made more wrong fixes.
            unlettered_rival_margin: 3.0,
            recurring_cost: 1.0,
            // What a recurring confusion costs. Measured on aligned OCR
            // pairs: no right fix more or less, and one word OCR split
            // (`үзақ: і` for ұзақт.) is now half mended; the seed's
            // `қүрылыста` is fixed by the құрылыстарды of its page.
            harmony_swap_cost: 1.0,
            unlettered_max_cost: 4.0,
            // Measured there too: 88 more right fixes and no wrong one; a
            // bound of 5.5 gained 63, and nine letters made a wrong fix.
            unlettered_long_max_cost: 7.0,
            unlettered_long_letters: 10,
            // Measured on the Russian-model pages of aligned OCR pairs: 186
            // more right fixes and two wrong ones (елд1 for еді, an OCR
            // insertion; теменг for a clean text spelling төменгі with a
            // Latin e). The class and ratio are those of ocr-confusion's
            // frequent restorations; a class of 10 made 55 right fixes and
            // four wrong ones more (кан for кеш), a ratio of 5 50 and two,
            // a class of 50 lost 94 right and one wrong; a cost bound of
            // 5.5 lost 42 right ones (және), 10 gained 3, and three letters
            // lost 20.
            dominant_min_class: 20,
            // Measured there too: a class of 10 from four letters, 5 from
            // six, 2 from eight and 1 from ten added 81 right fixes and no
            // wrong one; 3 from six letters made two wrong ones (келемд for
            // келемді, so in the clean text).
            dominant_halvings: 4,
            // Measured there too: 47 more right fixes and one wrong by the
            // clean text (кездесетн, which it spells кездесетiн with a Latin
            // i); a factor of 3 made two more wrong ones, and two letters
            // four (бр for бірінің: too little is left of such a word).
            dominant_lost_i_factor: 5,
            dominant_lost_i_min_letters: 3,
            dominant_ratio: 10,
            dominant_max_cost: 7.0,
            dominant_min_letters: 2,
            // Measured on the Russian-model pages of aligned OCR pairs: 36
            // more right fixes and no wrong one (the usual bound of 5
            // before); 6 made one wrong (екенн for екенің, a rare second
            // person), 6.5 too.
            unlettered_pair_max_cost: 5.5,
            // Measured on aligned OCR pairs: top-5 +8 words, top-1 +11; 1
            // and 3 gained less. As a safety rival it made 4 wrong fixes in
            // 140, so there it does not count.
            rare_form_penalty: 2.0,
        }
    }
}

impl RankOptions {
    /// The search cost beyond which no candidate changes whether the best
    /// correction of `word` is safe or eligible for an evidence fix: a best
    /// above every cost bound is never safe, and a rival further behind it
    /// than every margin never stops it. (Ranking only adds to a hit's
    /// search cost.)
    pub fn safety_horizon(&self, word: &str) -> f32 {
        [
            self.safe_max_cost + self.safe_margin,
            self.unlettered_max_cost_of(word)
                + self.unlettered_margin.max(self.unlettered_rival_margin),
            self.evidence_max_cost + self.evidence_margin.max(self.evidence_rival_margin),
        ]
        .into_iter()
        .fold(0.0, f32::max)
    }

    /// The frequency class the frequency rule of pages read without the
    /// Kazakh letters asks of a restoration of `word`
    /// ([`RankOptions::dominant_min_class`], halved
    /// [`RankOptions::dominant_halvings`] times at most).
    pub fn dominant_min_class_of(&self, word: &str) -> u32 {
        let halvings = (letters(word).saturating_sub(2) / 2).min(self.dominant_halvings as usize);
        self.dominant_min_class >> halvings
    }

    /// The highest cost any rule lets a safe best for `word` have.
    pub fn safe_cost_limit(&self, word: &str) -> f32 {
        self.safe_cost_bound()
            .max(self.unlettered_max_cost_of(word))
    }

    /// The cost bound of the unlettered rule for `word`: only long words
    /// may cost more, so only their safety needs a deeper look.
    fn unlettered_max_cost_of(&self, word: &str) -> f32 {
        if self.unlettered_long_max_cost > self.unlettered_max_cost
            && letters(word) >= self.unlettered_long_letters
        {
            self.unlettered_long_max_cost
        } else {
            self.unlettered_max_cost
        }
    }

    /// The highest cost any rule lets a safe best have, but for long words
    /// by the unlettered rule ([`RankOptions::unlettered_long_max_cost`]):
    /// it bounds how far the search for extra candidates looks, and
    /// looking further for the few long words lost right candidates.
    pub fn safe_cost_bound(&self) -> f32 {
        self.safe_max_cost
            .max(self.unlettered_max_cost)
            .max(self.evidence_max_cost)
    }
}

/// Whether `word` (not a lexicon word) looks like the output of an OCR
/// model without Kazakh letters: it has no Kazakh letter at all. In such a
/// word `к`, `н`, `г`, `у`, `е` and `о` are far more often damaged `қ`, `ң`,
/// `ғ`, `ұ`/`ү` and `ө` than elsewhere.
pub fn russian_damage(word: &str) -> bool {
    !word.chars().any(crate::script::is_kazakh_letter)
}

/// Whether `word` (with no Kazakh letter, see [`russian_damage`]) shows by
/// itself an OCR model without the Kazakh letters, on a page that has them
/// too: it has `э` after its first letter. Kazakh writes э only at the start
/// of Russian loans (экономика); inside a Kazakh word it is ә as such a
/// model reads it (`Сэрсенбай`, `Уэлиханов`), on a page fixed once or one
/// of mixed models. On the development pairs: 5 more right safe fixes on
/// pages read with the Kazakh letters, none wrong, and 9 fewer edits in a
/// second fix of the fixed pages.
pub fn unlettered_by_itself(word: &str) -> bool {
    word.chars().skip(1).any(|c| c == 'э' || c == 'Э')
}

/// One reading of a Kazakh letter by an OCR model without them, from
/// `lexicon/unlettered.tsv`: a look-alike, or, for a Kazakh letter and its
/// neighbour, the letter their strokes make together (іп read as ш).
struct Reading {
    /// What the model writes.
    ocr: &'static str,
    /// The Kazakh letters it stands for.
    letters: &'static str,
    /// Whether the model nearly always writes it for the letter.
    usual: bool,
    /// Whether it is a misreading rather than a look-alike: it counts as
    /// putting letters back in a candidate the search found, but no letter
    /// is put back by it unasked ([`kazakh_letters_read_as`]).
    seldom: bool,
}

impl Reading {
    /// The OCR letter and the Kazakh one, for a reading of one letter as one.
    fn one_to_one(&self) -> Option<(char, char)> {
        let one = |s: &str| {
            let mut c = s.chars();
            c.next().filter(|_| c.next().is_none())
        };
        Some((one(self.ocr)?, one(self.letters)?))
    }
}

/// The readings of `lexicon/unlettered.tsv`.
fn unlettered_readings() -> &'static [Reading] {
    static READINGS: std::sync::OnceLock<Vec<Reading>> = std::sync::OnceLock::new();
    READINGS.get_or_init(|| {
        crate::lexicon::list_entries(include_str!("../../lexicon/unlettered.tsv"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let (letters, ocr, kind) = (cols.next()?, cols.next()?, cols.next()?);
                Some(Reading {
                    ocr,
                    letters,
                    usual: kind.trim() == "usual",
                    seldom: kind.trim() == "seldom",
                })
            })
            .collect()
    })
}

/// The words of the emle authors' word lists `lists` (`word <TAB> classes`
/// rows) whose classes `keep` accepts, as written there.
fn own_words(
    lists: &[&'static str],
    keep: impl Fn(&str) -> bool,
) -> std::collections::HashSet<&'static str> {
    lists
        .iter()
        .flat_map(|list| crate::lexicon::list_entries(list))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (word, classes) = (cols.next()?, cols.next()?);
            keep(classes.trim()).then_some(word)
        })
        .collect()
}

const FUNCTION_WORDS: &str = include_str!("../../lexicon/own/function-words.tsv");

/// The function words of `lexicon/own/function-words.tsv` that take no
/// suffix (class `inv`).
fn function_words() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| own_words(&[FUNCTION_WORDS], |classes| classes == "inv"))
}

/// The closed-class words of the emle authors' lists (function words,
/// pronouns, numerals: `lexicon/own/function-words.tsv`, `pronouns.tsv`,
/// `numerals.tsv`) as written there, uninflected: the commonest words of
/// any text.
fn closed_class_words() -> &'static std::collections::HashSet<&'static str> {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let pronouns = include_str!("../../lexicon/own/pronouns.tsv");
        let numerals = include_str!("../../lexicon/own/numerals.tsv");
        own_words(&[FUNCTION_WORDS, pronouns, numerals], |_| true)
    })
}

/// The reading an edit undoes, if it only puts back a Kazakh letter that an
/// OCR model without them read as its look-alike (`н`→`ң`, `1`→`і`), or a
/// Kazakh letter and its neighbour it read as one letter (`ш`→`іп`).
fn restored_reading(e: &crate::lexicon::search::SearchEdit) -> Option<&'static Reading> {
    unlettered_readings()
        .iter()
        .find(|r| r.ocr == e.ocr && r.letters == e.clean)
}

/// The Kazakh letters an OCR model without them writes as `ocr`
/// (`lexicon/unlettered.tsv`), but for its seldom misreadings.
pub fn kazakh_letters_read_as(ocr: char) -> impl Iterator<Item = char> {
    unlettered_readings()
        .iter()
        .filter(|r| !r.seldom)
        .filter_map(Reading::one_to_one)
        .filter(move |&(o, _)| o == ocr)
        .map(|(_, letter)| letter)
}

/// The Kazakh letter an OCR model without them nearly always means by
/// `ocr` (a `usual` reading of `lexicon/unlettered.tsv`) among `letters`,
/// when just one of them is: е is ө far more often than ә.
pub fn usual_letter_among(ocr: char, letters: &[char]) -> Option<char> {
    let mut usual = letters.iter().copied().filter(|&l| {
        unlettered_readings()
            .iter()
            .any(|r| r.usual && r.one_to_one() == Some((ocr, l)))
    });
    match (usual.next(), usual.next()) {
        (Some(letter), None) => Some(letter),
        _ => None,
    }
}

/// One ranked correction candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The candidate in the original word's letter case.
    pub word: String,
    /// Its total cost (lower is better).
    pub cost: f32,
    /// The same without the bonus for Kazakh-letter confusions in a damaged
    /// word: what the safe-fix rule judges.
    pub plain_cost: f32,
    /// How likely it is the right correction, 0 to 1.
    pub confidence: f32,
    /// Whether only known OCR confusions lead to it (no generic edits).
    pub confusions_only: bool,
    /// Whether it only puts back Kazakh letters (see [`restored_reading`]).
    pub restores_only: bool,
    /// Whether it is a poor fix to apply unattended
    /// ([`Lexicon::is_doubtful_fix`]); only worked out for a best candidate
    /// that would be safe otherwise.
    pub doubtful_form: bool,
    /// What [`RankOptions::rare_form_penalty`] added to its cost (0 for
    /// most candidates): left out where the safe-fix rules weigh rivals.
    pub form_penalty: f32,
    /// Where its stem comes from: `curated`, `own` or `weak`.
    pub source: &'static str,
    /// Whether its source lets it be applied unattended: a curated or own
    /// stem, or, in a word of a document read without the Kazakh letters,
    /// a word of the web word list that it only puts Kazakh letters back
    /// into (`Байтурсынулы` → `Байтұрсынұлы`, `Жапониянын` →
    /// `Жапонияның`): the list holds the damage of engines that know those
    /// letters (Кенес, қүрылыс), not of one that writes none of them.
    pub trusted_source: bool,
    /// Whether it is only a hint for review (a word ending OCR lost put
    /// back, see [`Endings::Any`]): never applied unattended, not even on
    /// evidence.
    pub hint: bool,
    /// The search hit behind it.
    pub hit: SearchHit,
}

/// How many OCR letters a hit drops.
fn dropped_letters(hit: &SearchHit) -> usize {
    hit.edits
        .iter()
        .filter(|e| e.clean.is_empty() && e.ocr.chars().any(char::is_alphabetic))
        .count()
}

impl Ranked {
    /// Whether it may be applied unattended at all: reached by OCR
    /// confusions alone, from a trusted source
    /// ([`Ranked::trusted_source`]), and not a hint.
    pub fn eligible(&self) -> bool {
        self.confusions_only && self.trusted_source && !self.hint
    }
}

/// The cost of a hit that drops `drops` OCR letters, and the same without
/// the damaged-word bonus.
fn total_cost(
    ocr: &str,
    hit: &SearchHit,
    drops: usize,
    damaged: bool,
    opts: &RankOptions,
) -> (f32, f32) {
    let mut cost = hit.cost + opts.letter_drop * drops as f32 - harmony_savings(ocr, hit, opts);
    if hit.source == "weak" {
        cost += opts.weak_extra;
    }
    if hit.generic_edits() > 0 {
        let sim = strsim::normalized_levenshtein(ocr, &hit.word) as f32;
        cost += opts.generic_dissimilarity * (1.0 - sim);
    }
    let mut ranked = cost;
    if damaged {
        let n = hit
            .edits
            .iter()
            .filter(|e| restored_reading(e).is_some_and(|r| r.usual))
            .count();
        ranked -= opts.damaged_bonus * n as f32;
    }
    (ranked, cost)
}

/// How much cheaper the swaps of ү and ұ of `hit` are for mending the
/// harmony the OCR word `ocr` breaks (see [`RankOptions::harmony_swap_cost`]).
fn harmony_savings(ocr: &str, hit: &SearchHit, opts: &RankOptions) -> f32 {
    let swap = |e: &&crate::lexicon::search::SearchEdit| {
        matches!((e.ocr.as_str(), e.clean.as_str()), ("ү", "ұ") | ("ұ", "ү"))
    };
    if !hit.edits.iter().any(|e| swap(&e))
        || !crate::script::breaks_harmony(ocr)
        || crate::script::breaks_harmony(&hit.word)
    {
        return 0.0;
    }
    hit.edits
        .iter()
        .filter(swap)
        .map(|e| (e.cost - opts.harmony_swap_cost).max(0.0))
        .sum()
}

/// The best corrections of an OCR word (one word or one hyphen-free part,
/// any case and normal form), best first, at most [`TOP_K`]; the word itself
/// is never among them.
pub fn rank(lex: &Lexicon, table: &ConfusionTable, word: &str, opts: &RankOptions) -> Vec<Ranked> {
    rank_in(lex, table, word, opts, Roots::Words)
}

/// Like [`rank`] for a bare suffix chain written after a number or an
/// abbreviation and a hyphen (`ОК-ніқ` → `нің`).
pub fn rank_suffix_chain(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Ranked> {
    rank_in(lex, table, word, opts, Roots::SuffixChains)
}

/// The candidates of `hits` for the OCR word `word` (`lower`: lowercase,
/// NFC) with their costs, cheapest first, at most [`TOP_K`] (confidences
/// are left to the caller).
fn score(
    lex: &Lexicon,
    word: &str,
    lower: &str,
    hits: Vec<SearchHit>,
    opts: &RankOptions,
) -> Vec<Ranked> {
    let damaged = russian_damage(lower);
    let frequency = WordFrequency::embedded();
    let mut ranked: Vec<Ranked> = hits
        .into_iter()
        .filter(|h| h.word != lower)
        .map(|h| {
            let drops = dropped_letters(&h);
            let (mut cost, plain_cost) = total_cost(lower, &h, drops, damaged, opts);
            // Frequency does not favour candidates that drop OCR letters:
            // frequent words are short, and would explain damage away
            // (`жылеы` is жылғы, not the commoner жылы).
            if drops == 0 && opts.frequency_weight > 0.0 {
                cost -= opts.frequency_weight * frequency.log_class(&h.word);
            }
            let restores_only = h.edits.iter().all(|e| restored_reading(e).is_some());
            Ranked {
                // In the word's case once the candidates are chosen.
                word: String::new(),
                cost,
                plain_cost,
                confidence: 0.0,
                confusions_only: h.edits.iter().all(|e| e.kind == EditKind::Confusion),
                restores_only,
                doubtful_form: false,
                form_penalty: 0.0,
                trusted_source: h.source != "weak" || (opts.unlettered && restores_only),
                source: h.source,
                hint: false,
                hit: h,
            }
        })
        .collect();
    if opts.ngram_weight > 0.0 && ranked.len() > 1 {
        let model = NgramModel::embedded();
        let costs: Vec<f32> = ranked.iter().map(|r| model.cost(&r.hit.word)).collect();
        let least = costs.iter().copied().fold(f32::INFINITY, f32::min);
        for (r, c) in ranked.iter_mut().zip(costs) {
            r.cost += opts.ngram_weight * (c - least);
        }
    }
    if opts.function_word_bonus > 0.0 {
        let words = function_words();
        for r in ranked
            .iter_mut()
            .filter(|r| words.contains(r.hit.word.as_str()))
        {
            r.cost -= opts.function_word_bonus;
        }
    }
    ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    if opts.rare_form_penalty > 0.0 {
        penalise_rare_forms(lex, &mut ranked, opts.rare_form_penalty);
    }
    ranked.truncate(TOP_K);
    for r in &mut ranked {
        r.word = restore_case(word, &r.hit.word);
    }
    ranked
}

/// Adds `penalty` to the cost of each candidate of `ranked` (sorted,
/// cheapest first) that is a rare form ([`Lexicon::is_rare_form`]), and
/// sorts again. Analyses are costly, so only candidates the penalty could
/// move are asked: those with a ң (every rare morpheme has one) and a
/// rival at most `penalty` behind them.
fn penalise_rare_forms(lex: &Lexicon, ranked: &mut [Ranked], penalty: f32) {
    let mut moved = false;
    for i in 0..ranked.len() {
        let cost = ranked[i].cost;
        let movable = ranked[i + 1..].iter().any(|r| r.cost <= cost + penalty);
        if movable && ranked[i].hit.word.contains('ң') && lex.is_rare_form(&ranked[i].hit.word) {
            ranked[i].cost += penalty;
            ranked[i].form_penalty = penalty;
            moved = true;
        }
    }
    if moved {
        ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    }
}

/// How many of a word's best candidates are extended by lost syllables.
const HINT_BASES: usize = 3;

/// A candidate is extended by lost syllables only when the fifth costs
/// more than it by this much. The rows cost 5; measured on the development
/// pairs, 6 lost no right hint that 3 found, for a tenth less work.
const HINT_REACH: f32 = 6.0;

fn rank_in(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
    roots: Roots,
) -> Vec<Ranked> {
    let lower = crate::lexicon::fold(word);
    let chars: Vec<char> = lower.chars().collect();
    let mut search = opts.search.clone();
    search.roots = roots;
    search.max_results = search.max_results.max(TOP_K + 1);
    let deeper = roots == Roots::Words && opts.unlettered;
    let mut hits = if deeper {
        super::deeper::search_with_deeper(lex, table, &chars, &search, opts.safe_cost_bound())
    } else {
        lex.search(&chars, table, &search)
    };
    if roots == Roots::Words {
        if opts.unlettered {
            add_inner_capital_hits(lex, table, word, &mut hits, &search);
        }
        super::lost_ending::add_lost_endings(lex, &chars, &mut hits, TOP_K, Endings::AfterLetters);
        super::lost_space::add_lost_spaces(
            lex,
            table,
            &chars,
            &mut hits,
            TOP_K,
            opts.safe_cost_bound(),
            opts.unlettered.then_some(&search),
        );
        super::unknown_stem::add_unknown_stems(
            lex,
            table,
            &chars,
            &mut hits,
            &search,
            opts.unlettered,
        );
    }
    let mut ranked = score(lex, word, &lower, hits, opts);
    // Words whose last syllable OCR lost whole are offered with it put back,
    // behind their own candidates, only where no safe fix is at stake: as
    // rivals such hints held back right safe fixes four times as often as
    // wrong ones.
    if roots == Roots::Words && opts.lost_syllables && !safe_but_for_form(word, &ranked, opts) {
        let mut hits: Vec<SearchHit> = ranked.iter().map(|r| r.hit.clone()).collect();
        // Only the first few candidates, and only those whose hint could
        // still rank among the five: measured on the development pairs,
        // these bounds kept every right hint but one and cut the work of
        // the hints by half.
        let worst = match ranked.get(TOP_K - 1) {
            Some(r) => r.cost,
            None => f32::INFINITY,
        };
        let bases = ranked
            .iter()
            .take(HINT_BASES)
            .take_while(|r| r.cost + HINT_REACH < worst)
            .count();
        if bases > 0
            && super::lost_ending::add_lost_endings(lex, &chars, &mut hits, bases, Endings::Any)
        {
            let own: Vec<String> = ranked.iter().map(|r| r.hit.word.clone()).collect();
            ranked = score(lex, word, &lower, hits, opts);
            for r in ranked.iter_mut().filter(|r| !own.contains(&r.hit.word)) {
                r.hint = true;
            }
        }
    }
    // Analyses are costly: asked only when nothing else rules the fix out.
    if safe_but_for_form(word, &ranked, opts) {
        ranked[0].doubtful_form = lex.is_doubtful_fix(&ranked[0].hit.word);
    }
    let best = ranked.first().map_or(0.0, |r| r.cost);
    let null = (-(opts.null_cost - best).max(0.0)).exp();
    let z: f32 = ranked.iter().map(|r| (-(r.cost - best)).exp()).sum::<f32>() + null;
    for r in &mut ranked {
        r.confidence = (-(r.cost - best)).exp() / z;
    }
    ranked
}

/// Adds to `hits` the candidates of `word` searched with its capitals
/// after a lowercase letter kept (`кеттЕ`, `туйндЕ`): on a page read
/// without the Kazakh letters such a capital is most often і or ғ, and the
/// table learned those rows (`Е`→`і`), which the lowercase search never
/// asks. Nothing when the word has no such capital.
fn add_inner_capital_hits(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    hits: &mut Vec<SearchHit>,
    search: &SearchOptions,
) {
    let mut kept = false;
    let mut after_lower = false;
    let mut chars = Vec::new();
    for c in word.nfc() {
        if c.is_uppercase() && after_lower {
            kept = true;
            chars.push(c);
        } else {
            chars.extend(c.to_lowercase());
        }
        after_lower = c.is_lowercase();
    }
    if !kept {
        return;
    }
    for hit in lex.search(&chars, table, search) {
        match hits.iter_mut().find(|h| h.word == hit.word) {
            Some(same) if hit.cost < same.cost => *same = hit,
            Some(_) => {}
            None => hits.push(hit),
        }
    }
}

/// How much more than the best of `ranked` the cheapest other candidate
/// costs without the damaged-word bonus (negative when the bonus alone put
/// the best first).
pub fn safe_margin_of(ranked: &[Ranked]) -> f32 {
    let Some(best) = ranked.first() else {
        return f32::NEG_INFINITY;
    };
    ranked[1..]
        .iter()
        .map(|r| r.plain_cost - best.plain_cost)
        .fold(f32::INFINITY, f32::min)
}

/// Whether the best of `ranked` may be applied unattended: it is
/// [eligible](Ranked::eligible) (known OCR confusions alone, a trusted
/// source), is not a
/// doubtful form ([`Ranked::doubtful_form`]), costs little and beats the
/// runner-up by [`RankOptions::safe_margin`], or, on a page read with the
/// Kazakh letters, is a frequent word no rival comes near
/// ([`RankOptions::lettered_frequent_min_class`]). In a word with the damage of a document
/// read without the Kazakh letters ([`RankOptions::unlettered`]) it is also
/// safe when it only puts back Kazakh letters and leads every other reading
/// clearly, or when Kazakh text writes it far more often than any other
/// candidate: there the OCR engine could not have written any other letter.
pub fn is_safe(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    safe_but_for_form(word, ranked, opts) && !ranked[0].doubtful_form
}

/// Whether the best of `ranked` could be safe by a rule of [`is_safe`] or
/// by its neighbours: it is [eligible](Ranked::eligible) and within the
/// cost bound of the usual rules ([`RankOptions::safe_cost_limit`]), of
/// the pair rule on a page read without the Kazakh letters
/// ([`RankOptions::unlettered_pair_max_cost`]), or of the frequency rule
/// there (a restoration frequent enough, at most
/// [`RankOptions::dominant_max_cost`]). Only then is another table's
/// ranking worth working out to vouch for it.
pub fn could_be_safe(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let pair_bound = if opts.unlettered {
        opts.unlettered_pair_max_cost
    } else {
        0.0
    };
    best.eligible()
        && (best.plain_cost <= opts.safe_cost_limit(word).max(pair_bound)
            || dominant_class(word, best, opts).is_some())
}

/// The frequency class of `best`, a candidate for `word` on a page read
/// without the Kazakh letters, when it is frequent enough for the frequency
/// rule and within its cost bound: it puts back Kazakh letters (and at most
/// one і the page lost, if Kazakh text writes it
/// [`RankOptions::dominant_lost_i_factor`] times as often as the rule asks)
/// and has the class [`RankOptions::dominant_min_class_of`] asks, in a word
/// of [`RankOptions::dominant_min_letters`] letters or more.
fn dominant_class(word: &str, best: &Ranked, opts: &RankOptions) -> Option<u32> {
    if !opts.unlettered || best.plain_cost > opts.dominant_max_cost {
        return None;
    }
    let class = WordFrequency::embedded().class(&best.hit.word);
    let needed = opts.dominant_min_class_of(word);
    let lost_i = |e: &crate::lexicon::search::SearchEdit| e.ocr.is_empty() && e.clean == "і";
    let restores = best.restores_only
        || best
            .hit
            .edits
            .iter()
            .all(|e| restored_reading(e).is_some() || lost_i(e))
            && best.hit.edits.iter().filter(|e| lost_i(e)).count() == 1
            && class >= needed.saturating_mul(opts.dominant_lost_i_factor)
            && letters(word) >= opts.dominant_lost_i_min_letters;
    (restores && class >= needed && letters(word) >= opts.dominant_min_letters).then_some(class)
}

/// How many letters `word` has: the safe-fix rules need long enough words.
/// Counted last in each rule, since it asks Unicode tables.
pub(crate) fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

/// [`is_safe`] without asking whether the best is a doubtful form.
fn safe_but_for_form(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let eligible = best.eligible();
    let clear = || {
        best.plain_cost <= opts.safe_max_cost
            && safe_margin_of(ranked) >= opts.safe_margin
            && letters(word) >= opts.safe_min_letters
    };
    eligible
        && (clear()
            || lone_restoration(word, ranked, opts)
            || dominant_restoration(word, ranked, opts)
            || frequent_lead(word, ranked, opts))
}

/// Whether the best of `ranked`, in a word of a page read with the Kazakh
/// letters, passes the frequency rule of [`is_safe`]: it mends more than
/// lost Kazakh letters (there a word without them is as often spelt so on
/// purpose, as Russian spellings of names are: Кыргызстан), Kazakh text
/// uses it often ([`RankOptions::lettered_frequent_min_class`]) and no other
/// candidate at all, it costs at most
/// [`RankOptions::lettered_frequent_max_cost`] and leads every other one by
/// [`RankOptions::lettered_frequent_margin`], and the word has
/// [`RankOptions::lettered_frequent_min_letters`] letters (`осьндай` is
/// осындай, not осыңдай).
fn frequent_lead(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let frequency = WordFrequency::embedded();
    !opts.unlettered
        && !best.restores_only
        && best.plain_cost <= opts.lettered_frequent_max_cost
        && frequency.class(&best.hit.word) >= opts.lettered_frequent_min_class
        && ranked[1..].iter().all(|r| {
            r.plain_cost - best.plain_cost >= opts.lettered_frequent_margin
                && frequency.class(&r.hit.word) == 0
        })
        && letters(word) >= opts.lettered_frequent_min_letters
}

/// Whether the best of `ranked`, in a word of a page read without the
/// Kazakh letters, passes the frequency rule of [`is_safe`]: it puts back
/// Kazakh letters and is frequent enough ([`dominant_class`]), and
/// Kazakh text writes it far more often than every other candidate
/// ([`RankOptions::dominant_ratio`]). Such a page writes және as `жене`
/// or `жане` every time; the learned costs put жөне and жеңе first, which
/// hardly any text has.
fn dominant_restoration(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let Some(class) = dominant_class(word, best, opts) else {
        return false;
    };
    let frequency = WordFrequency::embedded();
    ranked[1..].iter().all(|r| {
        frequency
            .class(&r.hit.word)
            .saturating_mul(opts.dominant_ratio)
            <= class
    })
}

/// Whether the best of `ranked` passes the unlettered rule of [`is_safe`]:
/// it only puts back Kazakh letters and costs little; every other candidate
/// that only puts letters back ranks [`RankOptions::unlettered_rival_margin`]
/// behind it, and every other one costs [`RankOptions::unlettered_margin`]
/// more without the damaged-word bonus ([`RankOptions::lost_letter_margin`]
/// more if it is the best with a letter other than і put back that OCR
/// lost). A closed-class best (see
/// [`closed_class_words`]) needs fewer letters, and smaller leads over
/// rivals outside the closed classes.
fn lone_restoration(word: &str, ranked: &[Ranked], opts: &RankOptions) -> bool {
    let Some(best) = ranked.first() else {
        return false;
    };
    let closed_words = closed_class_words();
    let closed = closed_words.contains(best.hit.word.as_str());
    let frequency = WordFrequency::embedded();
    let frequent = !closed && frequency.class(&best.hit.word) >= opts.frequent_min_class;
    let rare = |r: &Ranked| frequency.class(&r.hit.word) == 0;
    let clear = || {
        ranked[1..].iter().all(|r| {
            // Frequency alone outweighs an open-class rival, not another
            // closed-class word (`кана`: қана or ғана); a frequent word
            // outweighs a rival that is not frequent at all.
            let outweighs =
                !closed_words.contains(r.hit.word.as_str()) && (closed || frequent && rare(r));
            let (rival_margin, margin) = if outweighs {
                (opts.closed_class_rival_margin, opts.closed_class_margin)
            } else {
                (opts.unlettered_rival_margin, opts.unlettered_margin)
            };
            if r.restores_only {
                (r.cost - r.form_penalty) - (best.cost - best.form_penalty) >= rival_margin
            } else if adds_lost_letters(best, r) {
                r.plain_cost - best.plain_cost >= margin.min(opts.lost_letter_margin)
            } else {
                r.plain_cost - best.plain_cost >= margin
            }
        })
    };
    opts.unlettered
        && best.restores_only
        // Letters are counted only for a best above the usual bound.
        && (best.plain_cost <= opts.unlettered_max_cost
            || best.plain_cost <= opts.unlettered_max_cost_of(word))
        && clear()
        && letters(word)
            >= if closed {
                opts.closed_class_min_letters
            } else if frequent && ranked[1..].iter().all(rare) {
                opts.frequent_min_letters
            } else {
                opts.unlettered_min_letters
            }
}

/// Whether `rival` is `best` with letters other than і put back that OCR
/// lost (`тұрақтың` beside `тұрақты`): every edit of `best`, and more that
/// only insert such letters.
fn adds_lost_letters(best: &Ranked, rival: &Ranked) -> bool {
    let same = |a: &crate::lexicon::search::SearchEdit, b: &crate::lexicon::search::SearchEdit| {
        a.at == b.at && a.ocr == b.ocr && a.clean == b.clean
    };
    let (ours, theirs) = (&best.hit.edits, &rival.hit.edits);
    theirs.len() > ours.len()
        && ours.iter().all(|e| theirs.iter().any(|t| same(e, t)))
        && theirs
            .iter()
            .filter(|t| !ours.iter().any(|e| same(e, t)))
            .all(|t| t.ocr.is_empty() && !t.clean.contains('і'))
}

/// Whether the best of a word's candidates (their [`Score`]s and edits, in
/// ranked order) is safe once every confusion that `recurs` in the document
/// costs at most [`RankOptions::recurring_cost`]: by the bounds of
/// [`is_safe`] (cost, margin, letters), when every edit of the best is such
/// a confusion. An OCR engine repeats its misreadings: a confusion the
/// training pages hardly show (`ү`→`ұ` in `қүрылысы`) is the usual damage of
/// a book whose other words show it too.
pub fn is_safe_by_recurrence(
    word: &str,
    scores: &[Score],
    edits: &[Vec<crate::lexicon::search::SearchEdit>],
    recurs: impl Fn(&crate::lexicon::search::SearchEdit) -> bool,
    opts: &RankOptions,
) -> bool {
    let (Some(best), Some(best_edits)) = (scores.first(), edits.first()) else {
        return false;
    };
    if !best.eligible
        || best_edits.is_empty()
        || !best_edits.iter().all(&recurs)
        || letters(word) < opts.safe_min_letters
    {
        return false;
    }
    let cost = |score: &Score, edits: &[crate::lexicon::search::SearchEdit]| {
        let discount: f32 = edits
            .iter()
            .filter(|e| recurs(e))
            .map(|e| (e.cost - opts.recurring_cost).max(0.0))
            .sum();
        score.plain_cost - discount
    };
    let best_cost = cost(best, best_edits);
    best_cost <= opts.safe_max_cost
        && scores
            .iter()
            .zip(edits)
            .skip(1)
            .all(|(s, e)| cost(s, e) - best_cost >= opts.safe_margin)
}

/// What re-ranking with document evidence needs to know of a ranked
/// candidate (see [`with_evidence`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// [`Ranked::cost`].
    pub cost: f32,
    /// [`Ranked::plain_cost`].
    pub plain_cost: f32,
    /// [`Ranked::form_penalty`]: by [`with_evidence`], a rare form the
    /// document lacks is that much further behind.
    pub form_penalty: f32,
    /// Whether it may be applied unattended at all: reached by OCR
    /// confusions alone, from a trusted source, and not a hint ([`Ranked::eligible`]).
    pub eligible: bool,
}

/// The suggestions and [`Score`]s for a word of a document read without
/// the Kazakh letters, ranked by the table learned from such pages
/// (`ranked`) but only as safe as the general table's ranking of the same
/// word (`general`) makes them: the best is safe only when it is the
/// general ranking's safe best too (leaving out the rivals that only the
/// general table puts close, see [`rivals_close_in_both`]), and a
/// candidate is eligible for an evidence fix only when both rankings hold
/// it eligible.
///
/// The learned table orders such words better (measured on the
/// Russian-model pages of aligned OCR pairs: top-1 82.0 → 83.2 %, top-5
/// 88.9 → 90.0 %), but its cheaper costs let close rivals through the safe
/// bounds, which were measured with the general one: alone it made three
/// times the wrong safe fixes. Where both tables agree, the fix is as safe
/// as before.
pub fn vouched_by(
    word: &str,
    ranked: &[Ranked],
    general: &[Ranked],
    opts: &RankOptions,
) -> (Vec<Suggestion>, Vec<Score>) {
    let general_scores = scores(general);
    let same_best = ranked.first().map(|r| &r.word) == general.first().map(|g| &g.word);
    let safe = same_best && is_safe(word, &rivals_close_in_both(ranked, general, opts), opts);
    let suggestions = suggestions_of(ranked, safe);
    let mut own = scores(ranked);
    for (score, r) in own.iter_mut().zip(ranked) {
        score.eligible &= general
            .iter()
            .zip(&general_scores)
            .any(|(g, s)| g.word == r.word && s.eligible);
    }
    (suggestions, own)
}

/// The `general` ranking of a word without the rivals of its best that
/// matter to neither table: a candidate that does not only put Kazakh
/// letters back and that `ranked` (by the table learned from pages read
/// without them) holds at least [`RankOptions::unlettered_margin`] behind
/// its best. The general table prices some misreadings of engines that
/// know the Kazakh letters cheaply (`г` written for `т`: тасыр beside ғасыр), which
/// such an engine hardly makes. A rival `ranked` does not hold stays.
///
/// Measured on aligned OCR pairs: 143 more right fixes and one wrong by
/// the clean text (Согалар, so there); dropping the rivals `ranked` does
/// not hold as well made two wrong fixes more, a margin of 5 four.
fn rivals_close_in_both<'g>(
    ranked: &[Ranked],
    general: &'g [Ranked],
    opts: &RankOptions,
) -> std::borrow::Cow<'g, [Ranked]> {
    let Some(best) = ranked.first() else {
        return general.into();
    };
    let far = |g: &Ranked| {
        !g.restores_only
            && ranked
                .iter()
                .find(|r| r.word == g.word)
                .is_some_and(|r| r.plain_cost - best.plain_cost >= opts.unlettered_margin)
    };
    if !general.iter().skip(1).any(far) {
        return general.into();
    }
    general
        .iter()
        .enumerate()
        .filter(|&(i, g)| i == 0 || !far(g))
        .map(|(_, g)| g.clone())
        .collect()
}

/// The [`Score`]s of ranked candidates, in their order.
pub fn scores(ranked: &[Ranked]) -> Vec<Score> {
    ranked
        .iter()
        .map(|r| Score {
            cost: r.cost,
            plain_cost: r.plain_cost,
            form_penalty: r.form_penalty,
            eligible: r.eligible(),
        })
        .collect()
}

/// Re-ranks the suggestions of [`suggestions`] (with the [`scores`] of their
/// candidates) by evidence from the document the word is in: `seen` says,
/// given a suggestion's index and text, whether the document attests it. Such a candidate costs
/// [`RankOptions::evidence_bonus`] less, and the best one is safe when it
/// needs known OCR confusions alone, costs at most
/// [`RankOptions::evidence_max_cost`], every candidate the document does
/// not hold costs at least [`RankOptions::evidence_margin`] more (a rare
/// form with its [`RankOptions::rare_form_penalty`]: `жөніңде` does not
/// stand in the way of a `жөнінде` the page holds) and every other one it
/// holds at least [`RankOptions::evidence_rival_margin`] more. `None`
/// when the document holds no candidate (nothing changes).
pub fn with_evidence(
    word: &str,
    suggestions: &[Suggestion],
    scores: &[Score],
    seen: impl Fn(usize, &str) -> bool,
    opts: &RankOptions,
) -> Option<Vec<Suggestion>> {
    let n = suggestions.len().min(scores.len());
    let held: Vec<bool> = suggestions[..n]
        .iter()
        .enumerate()
        .map(|(i, s)| seen(i, &s.replacement))
        .collect();
    if !held.contains(&true) {
        return None;
    }
    let adjusted = |i: usize| scores[i].cost - if held[i] { opts.evidence_bonus } else { 0.0 };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| adjusted(a).total_cmp(&adjusted(b)));
    let b = order[0];
    let was_safe = b == 0 && suggestions[0].applicability == crate::diagnostic::Applicability::Safe;
    let clear = (0..n).filter(|&j| j != b).all(|j| {
        let lead = scores[j].plain_cost - scores[b].plain_cost;
        if held[j] {
            lead >= opts.evidence_rival_margin
        } else {
            lead + scores[j].form_penalty >= opts.evidence_margin
        }
    });
    let safe = was_safe
        || (held[b]
            && scores[b].eligible
            && scores[b].plain_cost <= opts.evidence_max_cost
            && letters(word) >= opts.evidence_min_letters
            && clear);
    let best = adjusted(b);
    let null = (-(opts.null_cost - best).max(0.0)).exp();
    let z: f32 = order
        .iter()
        .map(|&i| (-(adjusted(i) - best)).exp())
        .sum::<f32>()
        + null;
    Some(
        order
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let confidence = (-(adjusted(i) - best)).exp() / z;
                let word = suggestions[i].replacement.clone();
                if k == 0 && safe {
                    Suggestion::safe(word, confidence)
                } else {
                    Suggestion::review(word, confidence)
                }
            })
            .collect(),
    )
}

/// Suggestions for an OCR word, best first: the best is safe when
/// [`is_safe`] says so, the others are for review.
pub fn suggestions(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    opts: &RankOptions,
) -> Vec<Suggestion> {
    to_suggestions(word, &rank(lex, table, word, opts), opts)
}

/// Suggestions for ranked candidates (see [`suggestions`]).
pub fn to_suggestions(word: &str, ranked: &[Ranked], opts: &RankOptions) -> Vec<Suggestion> {
    suggestions_of(ranked, is_safe(word, ranked, opts))
}

/// `ranked` as suggestions, the best one safe when `safe_first` says so.
fn suggestions_of(ranked: &[Ranked], safe_first: bool) -> Vec<Suggestion> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i == 0 && safe_first {
                Suggestion::safe(r.word.clone(), r.confidence)
            } else {
                Suggestion::review(r.word.clone(), r.confidence)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(word: &str) -> String {
        rank(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            word,
            &RankOptions::default(),
        )
        .first()
        .map(|r| r.word.clone())
        .unwrap_or_default()
    }

    #[test]
    fn restores_typical_ocr_damage() {
        assert_eq!(best("кажет"), "қажет");
        assert_eq!(best("Кенестер"), "Кеңестер");
        assert_eq!(best("қүрылыс"), "құрылыс");
        assert_eq!(best("б!л!м"), "білім");
        assert_eq!(best("Б1Л1М"), "БІЛІМ");
    }

    #[test]
    fn a_frequent_word_no_rival_comes_near_is_safe_on_a_lettered_page() {
        let (lex, table, _) = tables();
        let opts = RankOptions::default();
        let ranked = rank(lex, table, "осьндай", &opts);
        assert_eq!(ranked[0].word, "осындай");
        // Neither clear (it costs more than the usual bound, and осыңдай
        // is close) nor unlettered: the frequency rule makes it safe.
        assert!(ranked[0].plain_cost > opts.safe_max_cost);
        assert!(frequent_lead("осьндай", &ranked, &opts), "{ranked:?}");
        assert!(is_safe("осьндай", &ranked, &opts));
        // A best that only puts Kazakh letters back is left to the other
        // rules: such a spelling may be meant.
        let ranked = rank(lex, table, "Кыргызстан", &opts);
        assert!(ranked[0].restores_only);
        assert!(!frequent_lead("Кыргызстан", &ranked, &opts));
    }

    #[test]
    fn a_swap_that_mends_vowel_harmony_is_cheap() {
        let (lex, table, _) = tables();
        let opts = RankOptions::default();
        let ranked = rank(lex, table, "қүрылыста", &opts);
        assert_eq!(ranked[0].word, "құрылыста");
        // Cheap enough for document evidence to make it safe.
        assert!(ranked[0].plain_cost <= opts.evidence_max_cost, "{ranked:?}");
        // The table's cost of the swap stands when it mends no harmony.
        let plain = RankOptions {
            harmony_swap_cost: f32::INFINITY,
            ..RankOptions::default()
        };
        let ranked = rank(lex, table, "қүрылыста", &plain);
        assert!(ranked[0].plain_cost > opts.evidence_max_cost, "{ranked:?}");
    }

    #[test]
    fn confusions_other_engines_make_rank_first() {
        // х→қ and қ→ң: never in the training pages, but in the prior.
        assert_eq!(best("хауіпсіздік"), "қауіпсіздік");
        let chain = rank_suffix_chain(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            "ніқ",
            &RankOptions::default(),
        );
        assert_eq!(chain[0].word, "нің");
    }

    fn scored(word: &str) -> (Vec<Suggestion>, Vec<Score>) {
        let opts = RankOptions::default();
        let r = rank(Lexicon::embedded(), ConfusionTable::embedded(), word, &opts);
        (to_suggestions(word, &r, &opts), scores(&r))
    }

    #[test]
    fn document_evidence_reorders_and_makes_safe() {
        let opts = RankOptions::default();
        let (s, sc) = scored("жөнівде");
        // The n-gram model and the rare-form penalty put the common жөнінде
        // before жөніңде.
        assert_eq!(s[0].replacement, "жөнінде");
        assert!(s[1..].iter().any(|x| x.replacement == "жөніңде"));
        assert!(with_evidence("жөнівде", &s, &sc, |_, _| false, &opts).is_none());
        // The page holds жөнінде: it stays first.
        let e = with_evidence("жөнівде", &s, &sc, |_, w| w == "жөнінде", &opts).unwrap();
        assert_eq!(e[0].replacement, "жөнінде");
        assert!(e.windows(2).all(|p| p[0].confidence >= p[1].confidence));
        // And safe: the one cheaper reading the page lacks, жөніңде, is a
        // rare second-person form, and a rival by its rare-form penalty.
        assert_eq!(e[0].applicability, crate::diagnostic::Applicability::Safe);
        // Were it a page of such forms, жөніңде would stand in the way.
        let e = with_evidence("жөнівде", &s, &sc, |_, w| w.starts_with("жөні"), &opts).unwrap();
        assert_eq!(e[0].applicability, crate::diagnostic::Applicability::Review);
        // Кеңестер is on the page and clearly the best: safe.
        let (s, sc) = scored("Кенестер");
        assert_eq!(s[0].applicability, crate::diagnostic::Applicability::Review);
        let e = with_evidence("Кенестер", &s, &sc, |_, w| w == "Кеңестер", &opts).unwrap();
        assert_eq!(e[0].replacement, "Кеңестер");
        assert_eq!(e[0].applicability, crate::diagnostic::Applicability::Safe);
    }

    #[test]
    fn document_evidence_never_makes_generic_edits_safe() {
        let opts = RankOptions::default();
        let (s, mut sc) = scored("Кенестер");
        sc[0].eligible = false;
        let e = with_evidence("Кенестер", &s, &sc, |_, w| w == "Кеңестер", &opts).unwrap();
        assert_eq!(e[0].applicability, crate::diagnostic::Applicability::Review);
    }

    #[test]
    fn damaged_words_prefer_kazakh_letters() {
        assert!(russian_damage("кудайды"));
        assert!(!russian_damage("құдайды"));
        assert_eq!(best("кудайды"), "құдайды");
    }

    #[test]
    fn the_damaged_word_bonus_never_makes_a_fix_safe() {
        let opts = RankOptions::default();
        let r = rank(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            "кудайды",
            &opts,
        );
        // The bonus alone puts `құдайды` before `қудайды`.
        assert_eq!(r[0].word, "құдайды");
        assert!(safe_margin_of(&r) < opts.safe_margin);
        assert!(!is_safe("кудайды", &r, &opts));
    }

    #[test]
    fn confidences_fall_and_stay_in_range() {
        let r = rank(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            "керсетті",
            &RankOptions::default(),
        );
        assert!(!r.is_empty() && r.len() <= TOP_K);
        for pair in r.windows(2) {
            assert!(pair[0].cost <= pair[1].cost);
            assert!(pair[0].confidence >= pair[1].confidence);
        }
        assert!(r.iter().all(|x| (0.0..=1.0).contains(&x.confidence)));
    }

    #[test]
    fn the_word_itself_is_never_suggested() {
        let r = rank(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            "сөз",
            &RankOptions::default(),
        );
        assert!(r.iter().all(|x| x.word != "сөз"));
    }

    /// The best candidate for `word` in a document read without the Kazakh
    /// letters, ranked with `opts` (made unlettered).
    fn best_unlettered(word: &str, opts: RankOptions) -> Option<String> {
        let opts = RankOptions {
            unlettered: true,
            ..opts
        };
        let table = ConfusionTable::embedded_unlettered();
        let r = rank(Lexicon::embedded(), table, word, &opts);
        r.first().map(|r| r.word.clone())
    }

    /// The lexicon, the general table, and the table learned from pages
    /// read without the Kazakh letters.
    fn tables() -> (
        &'static Lexicon,
        &'static ConfusionTable,
        &'static ConfusionTable,
    ) {
        (
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            ConfusionTable::embedded_unlettered(),
        )
    }

    /// The best suggestion for `word` on a page read without the Kazakh
    /// letters, ranked by that table and vouched for by the general one
    /// (looking as far as the safety horizon, as `unknown-word` does), and
    /// whether it is safe.
    fn vouched_best(word: &str, opts: &RankOptions) -> (String, bool) {
        let (lex, general, unlettered) = tables();
        let mut vouching = opts.clone();
        vouching.search.max_cost = opts.safety_horizon(word);
        let (mine, theirs) = (
            rank(lex, unlettered, word, opts),
            rank(lex, general, word, &vouching),
        );
        let (suggestions, _) = vouched_by(word, &mine, &theirs, opts);
        let best = suggestions.into_iter().next().expect("a suggestion");
        (
            best.replacement,
            best.applicability == crate::diagnostic::Applicability::Safe,
        )
    }

    #[test]
    fn a_frequent_word_outweighs_rivals_that_are_not() {
        let opts = RankOptions {
            unlettered: true,
            ..RankOptions::default()
        };
        let without = RankOptions {
            frequent_min_class: u32::MAX,
            frequency_weight: 0.0,
            dominant_min_class: u32::MAX,
            ..opts.clone()
        };
        // Four letters, and қара (black) is common: safe only by frequency.
        assert_eq!(vouched_best("кара", &opts), ("қара".into(), true));
        assert_eq!(vouched_best("кара", &without), ("қара".into(), false));
        // Five letters: frequency lowers the lead Шоқан needs over the
        // second-person Шоқаң.
        assert_eq!(vouched_best("Шокан", &opts), ("Шоқан".into(), true));
        assert_eq!(vouched_best("Шокан", &without), ("Шоқан".into(), false));
    }

    #[test]
    fn a_web_list_word_is_trusted_only_for_letters_put_back_on_an_unlettered_page() {
        use crate::diagnostic::Applicability;
        let (lex, general, unlettered) = tables();
        let word = "Байтурсынулы";
        let opts = RankOptions {
            unlettered: true,
            ..RankOptions::default()
        };
        let mine = rank(lex, unlettered, word, &opts);
        assert_eq!(mine[0].word, "Байтұрсынұлы");
        assert_eq!((mine[0].source, mine[0].trusted_source), ("weak", true));
        let theirs = rank(lex, general, word, &opts);
        let (suggestions, scores) = vouched_by(word, &mine, &theirs, &opts);
        assert_eq!(suggestions[0].applicability, Applicability::Safe);
        assert!(scores[0].eligible);
        // On a page read with the Kazakh letters the list is weak evidence.
        let lettered = RankOptions::default();
        let ranked = rank(lex, general, word, &lettered);
        assert_eq!(ranked[0].word, "Байтұрсынұлы");
        assert!(!ranked[0].trusted_source && !ranked[0].eligible());
    }

    #[test]
    fn a_second_person_form_ranks_behind_the_usual_one() {
        let best = |rare_form_penalty| {
            // Frequency alone would rank екендігін first too.
            let opts = RankOptions {
                rare_form_penalty,
                frequency_weight: 0.0,
                ..RankOptions::default()
            };
            best_unlettered("екенди1н", opts)
        };
        let penalty = RankOptions::default().rare_form_penalty;
        assert_eq!(best(penalty).as_deref(), Some("екендігін"));
        assert_ne!(best(0.0).as_deref(), Some("екендігін"));
    }

    #[test]
    fn a_function_word_ranks_before_a_rare_form() {
        assert!(
            function_words().contains("және"),
            "function-words.tsv was not read"
        );
        let best = |function_word_bonus| {
            // Frequency alone would rank және first too.
            let opts = RankOptions {
                function_word_bonus,
                frequency_weight: 0.0,
                ..RankOptions::default()
            };
            best_unlettered("жоне", opts)
        };
        assert_eq!(
            best(RankOptions::default().function_word_bonus).as_deref(),
            Some("және")
        );
        assert_ne!(best(0.0).as_deref(), Some("және"));
    }

    #[test]
    fn a_capital_inside_a_word_asks_the_rows_learned_for_it() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded_unlettered());
        let mut hits = Vec::new();
        let search = SearchOptions::default();
        add_inner_capital_hits(lex, table, "белилЕ", &mut hits, &search);
        assert!(hits.iter().any(|h| h.word == "белгілі"), "{hits:?}");
        // No capital after a lowercase letter: nothing to add.
        let mut none = Vec::new();
        add_inner_capital_hits(lex, table, "БЕЛИЛЕ", &mut none, &search);
        add_inner_capital_hits(lex, table, "Белиле", &mut none, &search);
        assert!(none.is_empty());
    }

    #[test]
    fn unlettered_readings_put_back_kazakh_letters_only() {
        let readings = unlettered_readings();
        assert!(readings.len() >= 16, "lexicon/unlettered.tsv was not read");
        for r in readings {
            assert!(
                r.letters.chars().any(crate::script::is_kazakh_letter),
                "{}",
                r.letters
            );
            assert!(
                !r.ocr.chars().any(crate::script::is_kazakh_letter),
                "{}",
                r.ocr
            );
            // A reading of two letters as one is a seldom one.
            assert!(r.one_to_one().is_some() || r.seldom, "{}", r.letters);
        }
        let has = |ocr, letters| {
            readings
                .iter()
                .any(|r| r.ocr == ocr && r.letters == letters)
        };
        assert!(has("н", "ң") && has("!", "і") && has("ш", "іп"));
        // Seldom misreadings are not letters to put back unasked.
        assert!(kazakh_letters_read_as('т').all(|l| l != 'ғ'));
    }

    /// The options `unknown-word` ranks a word of a page read without the
    /// Kazakh letters by: no generic edits, and hints of endings OCR lost
    /// whole.
    fn unlettered_page() -> RankOptions {
        let mut opts = RankOptions {
            unlettered: true,
            lost_syllables: true,
            ..RankOptions::default()
        };
        opts.search.max_generic = 0;
        opts
    }

    #[test]
    fn seldom_misreadings_are_put_back_like_look_alikes() {
        let opts = unlettered_page();
        // іп read as ш and ші as пи, in a converb and a postposition.
        assert_eq!(vouched_best("келш", &opts), ("келіп".into(), true));
        assert_eq!(vouched_best("упин", &opts), ("үшін".into(), true));
        // And ә read as о, a misreading rather than a look-alike.
        assert_eq!(vouched_best("жоне", &opts), ("және".into(), true));
    }

    #[test]
    fn a_rival_with_a_lost_letter_other_than_i_put_back_needs_a_smaller_lead() {
        let opts = unlettered_page();
        // тұрақтың is тұрақты with a lost ң put back, which such pages
        // hardly ever lose.
        assert_eq!(vouched_best("туракты", &opts), ("тұрақты".into(), true));
        let usual = RankOptions {
            lost_letter_margin: opts.unlettered_margin,
            ..opts.clone()
        };
        assert_eq!(vouched_best("туракты", &usual), ("тұрақты".into(), false));
    }

    #[test]
    fn a_restoration_far_commoner_than_every_rival_is_safe() {
        let opts = RankOptions {
            unlettered: true,
            ..RankOptions::default()
        };
        // ә read as е costs more than the usual bounds allow, and жөне,
        // жеңе cost less: only frequency makes және safe.
        assert_eq!(vouched_best("жене", &opts), ("және".into(), true));
        let without = RankOptions {
            dominant_min_class: u32::MAX,
            ..opts.clone()
        };
        assert_eq!(vouched_best("жене", &without), ("және".into(), false));
        // One і the page lost may be put back too, by a word far more
        // frequent still; not in a word of two letters, too little of it.
        // (Generic edits aside, as `unknown-word` leaves them on such pages.)
        let mut confusions_only = opts.clone();
        confusions_only.search.max_generic = 0;
        assert_eq!(
            vouched_best("ретнде", &confusions_only),
            ("ретінде".into(), true)
        );
        assert!(!vouched_best("бр", &confusions_only).1);
        // A longer word needs less: it has fewer neighbours.
        let classes: Vec<u32> = [
            "ұл",
            "үші",
            "ұлты",
            "ұлттық",
            "ұлттығын",
            "ұлттықтары",
            "ұлттықтарының",
        ]
        .iter()
        .map(|w| opts.dominant_min_class_of(w))
        .collect();
        assert_eq!(classes, [20, 20, 10, 5, 2, 1, 1]);
        // Not on a page read with the Kazakh letters.
        let lettered = RankOptions {
            unlettered: false,
            ..opts.clone()
        };
        assert!(!vouched_best("жене", &lettered).1);
    }

    #[test]
    fn of_several_readings_the_usual_one_decides() {
        // е may be ө or ә: ө is its usual reading.
        assert_eq!(usual_letter_among('е', &['ө', 'ә']), Some('ө'));
        assert_eq!(usual_letter_among('е', &['ә']), None);
        // у is as usual for ұ as for ү: harmony has to choose.
        assert_eq!(usual_letter_among('у', &['ұ', 'ү']), None);
    }

    #[test]
    fn a_long_word_may_cost_more_by_the_unlettered_rule() {
        // Frequency aside: Қазақстанның is frequent enough to be safe by
        // that alone.
        let opts = RankOptions {
            unlettered: true,
            dominant_min_class: u32::MAX,
            ..RankOptions::default()
        };
        let word = "Казакстаннын";
        let r = rank(Lexicon::embedded(), ConfusionTable::embedded(), word, &opts);
        assert_eq!(r[0].word, "Қазақстанның");
        // Three letters put back cost more than a short word may.
        assert!(r[0].plain_cost > opts.unlettered_max_cost);
        assert!(is_safe(word, &r, &opts));
        let short_only = RankOptions {
            unlettered_long_letters: 13,
            ..opts.clone()
        };
        assert!(!is_safe(word, &r, &short_only));
    }

    #[test]
    fn the_unlettered_rule_needs_a_clear_restoration() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded());
        // Frequency aside: болған is frequent enough to be safe by that alone.
        let mut opts = RankOptions {
            dominant_min_class: u32::MAX,
            ..RankOptions::default()
        };
        let ranked = rank(lex, table, "кабылданган", &opts);
        assert!(!is_safe("кабылданган", &ranked, &opts));
        opts.unlettered = true;
        let ranked = rank(lex, table, "кабылданган", &opts);
        assert_eq!(ranked[0].word, "қабылданған");
        assert!(is_safe("кабылданган", &ranked, &opts));
        // жанның and жаңның both only put letters back, and rank close.
        let ranked = rank(lex, table, "жаннын", &opts);
        assert!(ranked.iter().filter(|r| r.restores_only).count() >= 2);
        assert!(!is_safe("жаннын", &ranked, &opts));
        // болған leads болғаң, which also only puts letters back, by far.
        let ranked = rank(lex, table, "болган", &opts);
        assert_eq!(ranked[0].word, "болған");
        assert!(ranked[1..].iter().any(|r| r.restores_only));
        assert!(is_safe("болган", &ranked, &opts));
        // болған is frequent and болғаң is not: the closed-class margin
        // applies, and no other.
        opts.unlettered_rival_margin = f32::INFINITY;
        assert!(is_safe("болган", &ranked, &opts));
        opts.closed_class_rival_margin = f32::INFINITY;
        assert!(!is_safe("болган", &ranked, &opts));
    }

    #[test]
    fn the_unlettered_table_ranks_and_the_general_one_vouches() {
        use crate::diagnostic::Applicability;
        let (lex, general, unlettered) = tables();
        let opts = RankOptions {
            unlettered: true,
            ..RankOptions::default()
        };
        // Both make болған the safe best: it stays safe.
        let (mine, theirs) = (
            rank(lex, unlettered, "болган", &opts),
            rank(lex, general, "болган", &opts),
        );
        let (suggestions, scores) = vouched_by("болган", &mine, &theirs, &opts);
        assert_eq!(suggestions[0].replacement, "болған");
        assert_eq!(suggestions[0].applicability, Applicability::Safe);
        assert_eq!(scores.len(), suggestions.len());
        // A ranking the general one does not hold safe is only for review,
        // and candidates it lacks are never eligible for evidence fixes.
        let (suggestions, scores) = vouched_by("болган", &mine, &theirs[1..], &opts);
        assert!(
            suggestions
                .iter()
                .all(|s| s.applicability == Applicability::Review)
        );
        assert!(!scores[0].eligible);
        let (suggestions, _) = vouched_by("болган", &mine, &[], &opts);
        assert!(
            suggestions
                .iter()
                .all(|s| s.applicability == Applicability::Review)
        );
    }

    #[test]
    fn a_rival_only_the_general_table_puts_close_does_not_stop_a_fix() {
        use crate::diagnostic::Applicability;
        let lex = Lexicon::embedded();
        // Frequency aside: ғасырдың is frequent and тасырдың is not, which
        // alone lets a smaller lead do.
        let opts = RankOptions {
            unlettered: true,
            frequent_min_class: u32::MAX,
            dominant_min_class: u32::MAX,
            ..RankOptions::default()
        };
        let word = "гасырдын";
        let mine = rank(lex, ConfusionTable::embedded_unlettered(), word, &opts);
        let theirs = rank(lex, ConfusionTable::embedded(), word, &opts);
        assert_eq!(theirs[0].word, "ғасырдың");
        // By the general table тасырдың (`г` written for `т`) comes close ...
        assert!(!is_safe(word, &theirs, &opts));
        assert!(
            theirs
                .iter()
                .any(|r| r.word == "тасырдың" && !r.restores_only)
        );
        // ... but not by the table of pages read without Kazakh letters.
        let (suggestions, _) = vouched_by(word, &mine, &theirs, &opts);
        assert_eq!(suggestions[0].replacement, "ғасырдың");
        assert_eq!(suggestions[0].applicability, Applicability::Safe);
        // A rival that table does not rank stays a rival.
        let (suggestions, _) = vouched_by(word, &mine[..1], &theirs, &opts);
        assert_eq!(suggestions[0].applicability, Applicability::Review);
    }

    #[test]
    fn a_recurring_confusion_costs_little() {
        let (lex, table) = (Lexicon::embedded(), ConfusionTable::embedded());
        // Without the discount for mending harmony, which alone makes it safe.
        let opts = RankOptions {
            harmony_swap_cost: f32::INFINITY,
            ..RankOptions::default()
        };
        let ranked = rank(lex, table, "қүрылысы", &opts);
        assert_eq!(ranked[0].word, "құрылысы");
        assert!(!is_safe("қүрылысы", &ranked, &opts));
        let edits: Vec<_> = ranked.iter().map(|r| r.hit.edits.clone()).collect();
        let straight_u = |e: &crate::lexicon::search::SearchEdit| e.ocr == "ү" && e.clean == "ұ";
        assert!(is_safe_by_recurrence(
            "қүрылысы",
            &scores(&ranked),
            &edits,
            straight_u,
            &opts
        ));
        // Not when the page repeats some other confusion.
        let other = |e: &crate::lexicon::search::SearchEdit| e.ocr == "н" && e.clean == "ң";
        assert!(!is_safe_by_recurrence(
            "қүрылысы",
            &scores(&ranked),
            &edits,
            other,
            &opts
        ));
    }

    #[test]
    fn generic_edits_are_never_safe() {
        let opts = RankOptions::default();
        let s = suggestions(
            Lexicon::embedded(),
            ConfusionTable::embedded(),
            "хауіпсіздік",
            &opts,
        );
        assert!(s.iter().all(
            |x| x.applicability == crate::diagnostic::Applicability::Review
                || x.replacement != "қауіпсіздік"
        ));
    }
}
