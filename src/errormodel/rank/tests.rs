//! Tests of ranking and of the rules for safe corrections, on the
//! embedded lexicon and tables.

use super::*;
use crate::diagnostic::Suggestion;

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
