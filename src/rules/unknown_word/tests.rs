//! Tests of `unknown-word` on the embedded lexicon and small texts.

use super::*;
use crate::engine::{Linter, Resources};
use crate::errormodel::ConfusionTable;
use crate::lexicon::{Lexicon, UserWords};
use crate::rules::Selection;
use crate::source::{Origin, Source};

/// A linter running `unknown-word` alone over `resources`.
fn unknown_word_only(resources: Resources) -> Linter {
    let selection = Selection {
        select: vec![CODE.into()],
        ..Default::default()
    };
    Linter::build(&selection, std::sync::Arc::new(resources)).unwrap()
}

fn check_with(text: &str, user: &UserWords) -> Vec<(String, String)> {
    let source = Source::from_string(Origin::Stdin, text.to_string());
    let resources = Resources {
        user_words: user.clone(),
        ..Resources::default()
    };
    unknown_word_only(resources)
        .check(&source)
        .into_iter()
        .map(|d| (source.text()[d.span].to_string(), d.message))
        .collect()
}

fn check(text: &str) -> Vec<(String, String)> {
    check_with(text, &UserWords::new())
}

/// The best suggestion for each unknown word of `text`, and whether it
/// is safe.
fn best_fixes(text: &str) -> Vec<(String, String, bool)> {
    best_fixes_with(text, Resources::default())
}

fn best_fixes_with(text: &str, resources: Resources) -> Vec<(String, String, bool)> {
    let source = Source::from_string(Origin::Stdin, text.to_string());
    unknown_word_only(resources)
        .check(&source)
        .into_iter()
        .filter_map(|d| {
            let best = d.suggestions.first()?;
            Some((
                source.text()[d.span].to_string(),
                best.replacement.clone(),
                best.applicability == Applicability::Safe,
            ))
        })
        .collect()
}

#[test]
fn a_mark_for_the_first_letter_takes_its_case_from_the_sentence() {
    let fixes = best_fixes("@згер!с болды. Ол «@згер!с» деді. 9зен ағады.");
    let best: Vec<&str> = fixes.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(best, ["Өзгеріс", "өзгеріс", "Өзен"]);
    let (ends, goes_on) = ("Ол келді. «", "Ол келді, ");
    assert!(opens_sentence(ends, ends.len()));
    assert!(!opens_sentence(goes_on, goes_on.len()));
}

/// A paragraph as an OCR model without the Kazakh letters reads it.
const UNLETTERED: &str = "Мектеп окушылары жазгы демалыс кезинде ауылга барып, \
    ата-аналарына комектести. Олар малды багып, шопти жинады жане бакшада жумыс \
    истеди. Кешке барлыгы бирге отырып, кызыкты ангимелер айтты. Мугалим балаларга \
    жана кабылданган зан туралы айтып берди. Кейин олар окулык-кабылданган туралы сойлести. \
    Жаннын тынышы болды.";

#[test]
fn a_correction_that_makes_a_frequent_pair_with_a_neighbour_is_safe() {
    // `кол` is қол (hand) or көл (lake), both common; after шартқа
    // (the treaty) only қол makes a pair that Kazakh text often has
    // (signed it). Elsewhere the word stays for review.
    let text = format!("{UNLETTERED} Олар шартка кол койды. Кол, ол кетти.");
    let fixes = best_fixes(&text);
    let mut hand: Vec<_> = fixes
        .iter()
        .filter(|f| f.0.to_lowercase() == "кол")
        .collect();
    hand.sort();
    assert_eq!(hand.len(), 2, "{fixes:?}");
    assert_eq!((hand[0].1.as_str(), hand[0].2), ("Қол", false));
    assert_eq!((hand[1].1.as_str(), hand[1].2), ("қол", true));
}

#[test]
fn a_correction_that_makes_a_pair_the_document_writes_is_safe() {
    // `жылеы` is жылғы, жылы or жылды; the document writes `1964
    // жылғы` elsewhere, and no other candidate after 1964.
    let text = "Хрущев 1964 жылғы қазанның пленумында кетті. \
                1963 жылы республика өсті. 1964 жылеы қазан пленумы өтті.";
    let fixes = best_fixes(text);
    assert!(
        fixes.contains(&("жылеы".into(), "жылғы".into(), true)),
        "{fixes:?}"
    );
    let alone = best_fixes("1963 жылы республика өсті. 1964 жылеы қазан пленумы өтті.");
    assert!(
        alone.contains(&("жылеы".into(), "жылғы".into(), false)),
        "{alone:?}"
    );
}

#[test]
fn a_word_that_breaks_harmony_is_mended_by_what_the_document_holds() {
    // ү→ұ is rare in the training pages, but `қүрылыста` breaks vowel
    // harmony and the document writes құрылыстарды.
    let text = "Көлікте, қүрылыста, ауыл шаруашылығында мүшелер істеді. \
                Аса маңызды құрылыстарды қамқорлыққа алу басты бағыт болды.";
    let fixes = best_fixes(text);
    assert!(
        fixes.contains(&("қүрылыста".into(), "құрылыста".into(), true)),
        "{fixes:?}"
    );
}

#[test]
fn restoring_kazakh_letters_alone_is_safe_in_an_unlettered_document() {
    let fixes = best_fixes(UNLETTERED);
    let fix = |w: &str| fixes.iter().find(|f| f.0 == w).cloned();
    // One reading restores Kazakh letters alone and nothing comes close.
    assert_eq!(
        fix("кабылданган"),
        Some(("кабылданган".into(), "қабылданған".into(), true))
    );
    // Another reading restores letters alone (кезіңде) but ranks far behind.
    assert_eq!(
        fix("кезинде"),
        Some(("кезинде".into(), "кезінде".into(), true))
    );
    // Two readings restore letters alone and rank close (Жанның, Жаңның): review.
    assert!(fix("Жаннын").is_some_and(|f| !f.2));
    // ә read as а costs more than the usual bounds allow, but Kazakh
    // text writes және far more often than жәңе.
    assert_eq!(fix("жане"), Some(("жане".into(), "және".into(), true)));
    // A hyphenated part: the other part may be damaged too.
    assert!(fixes.iter().filter(|f| f.0 == "кабылданган").count() == 2);
    assert!(fixes.iter().filter(|f| f.0 == "кабылданган").any(|f| !f.2));
}

#[test]
fn a_word_restoring_to_a_closed_class_word_is_safe_sooner_in_an_unlettered_document() {
    let text =
        format!("{UNLETTERED} Уакыт жок, ягни кол жетпеди жэне. Бул калай? Ол бир гана кана.");
    let fixes = best_fixes(&text);
    let fix = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| (f.1.as_str(), f.2));
    // Function words: the commonest words of any text.
    assert_eq!(fix("жок"), Some(("жоқ", true)));
    assert_eq!(fix("ягни"), Some(("яғни", true)));
    // It outweighs a rarer reading closer than others may come (жөне).
    assert_eq!(fix("жэне"), Some(("және", true)));
    // A short open-class word stays for review (қол or көл).
    assert!(fix("кол").is_some_and(|f| !f.1));
    // Frequency outweighs an open-class rival (ғалай)...
    assert_eq!(fix("калай"), Some(("қалай", true)));
    // ...not another closed-class word: қана or ғана.
    assert_eq!(fix("кана"), Some(("қана", false)));
}

#[test]
fn an_unlettered_document_is_ranked_by_the_table_learned_from_such_pages() {
    let text = format!("{UNLETTERED} Ол сез1н айтты, ек1 бала келди.");
    let best = |resources: Resources| {
        let fixes = best_fixes_with(&text, resources);
        ["сез1н", "ек1", "кабылданган"].map(|w| {
            let f = fixes.iter().find(|f| f.0 == w).cloned().unwrap_or_default();
            (f.1, f.2)
        })
    };
    // The learned table knows that such a model writes е for ө and 1
    // for і; the general one vouches for the safe fixes (екі, a
    // numeral, is safe though short).
    assert_eq!(
        best(Resources::default()),
        [
            ("сөзін".into(), false),
            ("екі".into(), true),
            ("қабылданған".into(), true)
        ]
    );
    // A project's own table ranks alone (екі, far commoner than ек,
    // still wins by frequency).
    let own = Resources {
        confusions: Some(std::sync::Arc::new(ConfusionTable::embedded().clone())),
        ..Resources::default()
    };
    assert_eq!(
        best(own)[..2],
        [("сезін".into(), false), ("екі".into(), true)]
    );
}

#[test]
fn marks_such_ocr_writes_for_letters_are_part_of_the_word_in_an_unlettered_document() {
    let text = format!("{UNLETTERED} Ол б/рге келд! Сосын корсетт!. Кызмет!");
    let fixes = best_fixes(&text);
    let best = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| f.1.as_str());
    assert_eq!(best("б/рге"), Some("бірге"));
    assert_eq!(best("келд!"), Some("келді"));
    assert_eq!(best("корсетт!"), Some("көрсетті"));
    // At the end of a line `!` is most often itself.
    assert_eq!(best("Кызмет"), Some("Қызмет"));
    // Among the Kazakh letters the same marks are punctuation.
    let lettered = best_fixes("Біз б/рге бардық. Ол корсетт!. Сөз келд! Қызмет.");
    assert!(
        lettered.iter().all(|f| !f.0.contains(['/', '!'])),
        "{lettered:?}"
    );
}

/// A word judged once per file is still judged by its neighbours at
/// each place: glued to a stray mark it needs review, apart it does not,
/// whichever place comes first.
#[test]
fn a_recurring_word_is_judged_by_its_neighbours_at_each_place() {
    for text in [
        format!("{UNLETTERED} Зан #кабылданган. Зан кабылданган."),
        format!("{UNLETTERED} Зан кабылданган. Зан #кабылданган."),
    ] {
        let safe: Vec<bool> = best_fixes(&text)
            .into_iter()
            .filter(|f| f.0 == "кабылданган")
            .map(|f| f.2)
            .collect();
        let glued_first = text.ends_with(" Зан кабылданган.");
        let expected = if glued_first {
            [true, false, false, true]
        } else {
            [true, false, true, false]
        };
        assert_eq!(safe, expected, "{text}");
    }
}

/// A page read with the Kazakh letters by an engine that reads ұ as ү.
const RECURRING: &str = "Біздің халқьның тарихьның бір бөлігі осы. Ол жұмысьның \
    бастығы болды. Бұл қаланың тарихы туралы хабар берілді.";

#[test]
fn a_confusion_the_page_repeats_makes_its_fixes_safe() {
    let fixes = best_fixes(RECURRING);
    let fix = |w: &str| fixes.iter().find(|f| f.0 == w).cloned();
    // ь→ы costs 2.8, above the usual bound: on its own, for review.
    let alone = best_fixes("Біздің жер тарихьның бір бөлігі осы жерде өтті.");
    assert_eq!(alone, [("тарихьның".into(), "тарихының".into(), false)]);
    // Here three words need it: safe.
    assert_eq!(
        fix("тарихьның"),
        Some(("тарихьның".into(), "тарихының".into(), true))
    );
}

/// A page an engine without the Kazakh letters read, after a first fix:
/// many of its words have them back, so it reads as a page with them.
const RESTORED: &str = "Мектеп оқушылары жазғы демалыс кезінде ауылға барып, \
    ата-аналарына көмектесті. Олар малды бағып, шөпті жинады және бақшада жұмыс \
    істеді. Кешке барлығы бірге отырып, қызықты әңгімелер айтты.";

#[test]
fn a_word_without_kazakh_letters_glued_to_a_mark_is_for_review_on_any_page() {
    // On a page fixed once, what the first fix left is the damage of an
    // engine without the Kazakh letters: the mark may be і (қайраткері),
    // the other part of a hyphenated word damaged too (-ақ). The page's
    // restored words would attest the first part alone.
    let text = format!(
        "{RESTORED} Ол қайраткер еді. Ол қоғам кайраткер: болды. Ол жатқанда келді. \
         Жаз жатканда-ак кетті. Ол қоғам кайраткері болды."
    );
    let fixes = best_fixes(&text);
    let fix = |w: &str| fixes.iter().find(|f| f.0 == w).map(|f| (f.1.as_str(), f.2));
    assert_eq!(fix("кайраткер"), Some(("қайраткер", false)));
    assert_eq!(fix("жатканда"), Some(("жатқанда", false)));
    // Standing apart, such a word is fixed as on any page.
    assert_eq!(fix("кайраткері"), Some(("қайраткері", true)));
}

#[test]
fn an_e_inside_a_word_marks_an_engine_without_the_kazakh_letters() {
    // Kazakh writes э only at the start of Russian loans; inside a word
    // it is ә as an engine without ә reads it, even on a page that has
    // the Kazakh letters, where the rules of such pages judge the word.
    let fixes = best_fixes(&format!("{RESTORED} Ол Сэрсенбай екен."));
    assert_eq!(
        fixes.iter().find(|f| f.0 == "Сэрсенбай"),
        Some(&("Сэрсенбай".into(), "Сәрсенбай".into(), true))
    );
}

#[test]
fn the_same_word_among_kazakh_letters_is_for_review() {
    let fixes = best_fixes("Мұғалім балаларға жаңа кабылданган заң туралы айтып берді.");
    assert_eq!(fixes, [("кабылданган".into(), "қабылданған".into(), false)]);
}

#[test]
fn a_word_stands_apart_between_spaces_and_plain_punctuation() {
    let at = |text: &str, word: &str| {
        let start = text.find(word).unwrap();
        stands_apart(text, &(start..start + word.len()))
    };
    assert!(at("бір «кызмет», екі", "кызмет"));
    assert!(at("кызмет.", "кызмет"));
    assert!(!at("кызмет! екі", "кызмет"));
    assert!(!at("оку-агартуга", "агартуга"));
    assert!(!at("эйел] бар", "эйел"));
}

#[test]
fn every_unknown_part_of_a_hyphenated_word_is_reported() {
    let found: Vec<String> = check("шыкпаста-ак бір-ак ОК-ніқ бет-бағыт")
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    assert_eq!(found, ["шыкпаста", "ак", "ак", "ніқ"]);
    let (_, message) = &check("шыкпаста-ак")[1];
    assert_eq!(message, "unknown word `ак` in `шыкпаста-ак`");
    // Noise read for letters does not make the parts one word.
    let fixes = best_fixes("б1р-ак");
    let best: Vec<(&str, &str)> = fixes.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    assert_eq!(best, [("б1р", "бір"), ("ак", "ақ")]);
}

#[test]
fn words_glued_by_stray_marks_are_only_for_review() {
    let text = "тарж#малаган кітап";
    assert!(glued_by_noise(
        text,
        &(text.find('м').unwrap()..text.find(' ').unwrap())
    ));
    let text = "(малаган), кітап";
    assert!(!glued_by_noise(text, &(1..text.find(')').unwrap())));
}

#[test]
fn flags_ocr_damage_in_the_seed_sentence() {
    let found = check(
        "Кенестер рөлінің арта түсуі партияның XXII сьезі қабылдаған КОКП-ның бағдарламасында.",
    );
    let words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(words, vec!["Кенестер", "сьезі"]);
}

#[test]
fn accepts_clean_text() {
    let found = check(
        "Қоғамды саяси және экономикалық тұрғыдан ұйымдастыруға, 50-жылдардың ортасынан 1-інде КСРО.",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn words_with_noise_for_letters_are_one_unknown_word() {
    let linter = Linter::new();
    let source = Source::from_string(
        crate::source::Origin::Stdin,
        "б1л1м кел!ншек ек! жаны ед1. Келді! Ол км3".to_string(),
    );
    let diagnostics = linter.check(&source);
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .filter(|d| d.code == CODE)
        .map(|d| {
            let best = d.suggestions.first().map_or("", |s| s.replacement.as_str());
            (&source.text()[d.span.clone()], best)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("б1л1м", "білім"),
            ("кел!ншек", "келіншек"),
            ("ек!", "екі"),
            ("ед1", "еді")
        ]
    );
}

#[test]
fn flags_a_bad_word_after_a_number() {
    let found = check("50-жылдардынн");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "жылдардынн");
}

#[test]
fn names_the_unknown_suffix() {
    let found = check("кеңестерімзз");
    assert_eq!(found.len(), 1);
    assert!(found[0].1.contains("stem `кеңес"), "{}", found[0].1);
}

fn check_confident(text: &str, confidence: f32) -> Vec<Diagnostic> {
    let source = Source::from_string(Origin::Stdin, text.to_string());
    let selection = Selection {
        select: vec![CODE.into()],
        ..Default::default()
    };
    let linter = Linter::with_selection(&selection).unwrap();
    let conf = crate::rules::Confidences::new([(0..text.len(), confidence)]);
    linter.check_with(&source, Some(&conf))
}

#[test]
fn confidence_is_evidence() {
    // A confidently read unknown word that no cheap confusion explains
    // is taken for a rare word; a doubtful one is flagged.
    assert!(check_confident("бертісбайдың", 0.99).is_empty());
    assert_eq!(check_confident("бертісбайдың", 0.5).len(), 1);
    // A cheap confusion away from a word: flagged however confident.
    assert_eq!(check_confident("кажет", 0.99).len(), 1);
}

#[test]
fn latin_words_are_not_its_business() {
    assert!(check("Hello world").is_empty());
}

#[test]
fn user_words_are_accepted_with_inflections() {
    let mut user = UserWords::new();
    user.add(Lexicon::embedded(), "бертісбай:proper").unwrap();
    assert!(check_with("бертісбайдың үйі", &user).is_empty());
    assert_eq!(check("бертісбайдың үйі").len(), 1);
}
