//! The bounds of ranking and of the rules for safe corrections, in one
//! place: every cost, margin and letter count a rule for safe fixes
//! (`safety.rs`) or the scoring of [`super`] weighs, with the reason for its
//! value.

use super::letters;
#[cfg(doc)]
use super::{is_safe, is_safe_by_recurrence, russian_damage, with_evidence};
#[cfg(doc)]
use crate::errormodel::frequency::WordFrequency;
#[cfg(doc)]
use crate::errormodel::ngram::NgramModel;
use crate::lexicon::search::SearchOptions;

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
    pub(super) fn unlettered_max_cost_of(&self, word: &str) -> f32 {
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
