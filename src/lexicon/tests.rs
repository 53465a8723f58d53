//! Unit tests of the lexicon over the embedded build.

use super::*;

fn lex() -> &'static Lexicon {
    Lexicon::embedded()
}

fn lemmas(word: &str) -> Vec<String> {
    lex().analyses(word).into_iter().map(|a| a.lemma).collect()
}

fn tags(word: &str, lemma: &str) -> Option<Vec<String>> {
    lex()
        .analyses(word)
        .into_iter()
        .find(|a| a.lemma == lemma)
        .map(|a| {
            a.morphemes
                .into_iter()
                .map(|m| format!("{}:{}", m.surface, m.tag))
                .collect()
        })
}

#[test]
fn accepts_stems_and_function_words() {
    for w in [
        "кітап",
        "адам",
        "және",
        "мен",
        "үшін",
        "бірақ",
        "оның",
        "маған",
    ] {
        assert!(lex().accepts(w), "{w}");
    }
}

#[test]
fn vowel_harmony_picks_the_suffix_vowels() {
    assert!(lex().accepts("адамдар"));
    assert!(lex().accepts("мектептер"));
    assert!(!lex().accepts("адамдер"));
    assert!(!lex().accepts("мектептар"));
    // Loanwords take harmony from their last vowel.
    assert!(lex().accepts("университеттің"));
    assert!(lex().accepts("проблемалар"));
}

#[test]
fn suffix_consonants_assimilate_to_the_stem() {
    // plural л/д/т, genitive н/д/т, dative ғ/қ, instrumental м/б/п
    for w in [
        "балалар",
        "қыздар",
        "кітаптар",
        "баланың",
        "қыздың",
        "кітаптың",
        "балаға",
        "кітапқа",
        "баламен",
        "қызбен",
        "кітаппен",
    ] {
        assert!(lex().accepts(w), "{w}");
    }
    for w in ["баладар", "қызлар", "кітапдар", "кітапға"] {
        assert!(!lex().accepts(w), "{w}");
    }
}

#[test]
fn stem_final_consonants_alternate_before_vowels() {
    assert_eq!(tags("кітабы", "кітап"), Some(vec!["ы:P3".to_string()]));
    assert!(lemmas("жүрегі").contains(&"жүрек".to_string()));
    assert!(lemmas("тарағы").contains(&"тарақ".to_string()));
    assert!(!lex().accepts("кітапы"));
    // ы/і dropping stems
    assert!(lemmas("орны").contains(&"орын".to_string()));
    assert!(lemmas("халқы").contains(&"халық".to_string()));
}

#[test]
fn verbs_fuse_with_their_suffixes() {
    assert_eq!(
        tags("оқиды", "оқы"),
        Some(vec!["и:PRES".to_string(), "ды:3".to_string()])
    );
    assert!(lemmas("оқу").contains(&"оқы".to_string()));
    assert!(lemmas("тояды").contains(&"той".to_string()));
    assert!(lex().accepts("тауып"));
    assert!(lex().accepts("шығады"));
}

#[test]
fn nominal_chain_after_verbal_nouns_and_participles() {
    for w in [
        "ұйымдастыруға",
        "басталғандығының",
        "қабылдауының",
        "қалыптасқандығын",
    ] {
        assert!(lex().accepts(w), "{w}");
    }
    assert_eq!(
        tags("қабылдауының", "қабылда"),
        Some(vec!["у:VN".into(), "ы:P3".into(), "ның:GEN".into()])
    );
    assert!(tags("басталғандығының", "бастал").is_some());
}

#[test]
fn flags_the_seed_damage() {
    for w in ["Кенестер", "сьезі", "қүрылысы", "кажет", "жок"] {
        assert!(!lex().accepts(w), "{w}");
    }
}

#[test]
fn the_reciprocal_takes_a_further_suffix() {
    // кене- (to heed) + reciprocal -с is no word; Кенес is damaged Кеңес.
    assert!(!lex().accepts("Кенес"));
    for w in ["сөйлесті", "көрісу", "сөйлескен", "айтысып", "кенеді"]
    {
        assert!(lex().accepts(w), "{w}");
    }
}

#[test]
fn case_handling() {
    assert!(lex().accepts("ӨЗГЕРІСТЕР"));
    assert!(lex().accepts("Кеңестер"));
    assert!(lex().accepts("кеңестер"));
    assert!(lex().accepts("алматы"));
    assert!(lex().accepts("КСРО"));
}

#[test]
fn nfd_input_is_normalised() {
    let nfd: String = "қойылды"
        .chars()
        .flat_map(|c| {
            if c == 'й' {
                vec!['и', '\u{306}']
            } else {
                vec![c]
            }
        })
        .collect();
    assert_ne!(nfd, "қойылды");
    assert!(lex().accepts(&nfd));
}

#[test]
fn hyphenated_tokens() {
    for w in [
        "бет-бағыт",
        "ОК-нің",
        "КСР-інің",
        "КОКП-ның",
        "сондай-ақ",
        "лауа-зымды",
    ] {
        assert!(lex().accepts(w), "{w}");
    }
    assert!(!lex().accepts("бет-кажет"));
    // A capitalised known part does not make the joined word a name.
    assert!(!lex().accepts("Бірте-б1рте"));
    assert!(lex().accepts("Бірте-бірте"));
    assert!(lex().accepts_after_number("жылдардың"));
    assert!(lex().accepts_after_number("ші"));
    assert!(lex().accepts_after_number("інде"));
}

#[test]
fn roman_numerals_initials_and_latin() {
    assert_eq!(
        lex().check("XXII"),
        Verdict::Accepted {
            by: AcceptedBy::RomanNumeral
        }
    );
    assert_eq!(
        lex().check("ХХІІ"),
        Verdict::Accepted {
            by: AcceptedBy::RomanNumeral
        }
    );
    assert_eq!(
        lex().check("Л"),
        Verdict::Accepted {
            by: AcceptedBy::Initial
        }
    );
    assert_eq!(lex().check("hello"), Verdict::NotCyrillic);
    assert_eq!(lex().check("Hелло"), Verdict::NotCyrillic);
    assert!(!is_roman_numeral("IIII"));
    assert!(!is_roman_numeral("IC"));
}

#[test]
fn unknown_names_the_known_stem() {
    match lex().check("кеңестерімзз") {
        Verdict::Unknown {
            known_stem: Some(stem),
            unknown_suffix: Some(rest),
            ..
        } => {
            assert!(stem.starts_with("кеңес"), "{stem}");
            assert!(rest.ends_with("зз"), "{rest}");
        }
        v => panic!("{v:?}"),
    }
}

#[test]
fn weak_forms_are_guarded() {
    // In the web word list, but one confusion away from a curated word.
    assert!(lex().confusable_with_known("кажет"));
    assert!(!lex().accepts("казакстаннын"));
}

#[test]
fn user_words_inflect() {
    let mut u = UserWords::new();
    u.add(lex(), "Зәкебай:proper").unwrap();
    u.add(lex(), "емлеқұрал").unwrap();
    assert!(lex().accepts_with("зәкебайдың", &u));
    assert!(lex().accepts_with("Зәкебайға", &u));
    assert!(lex().accepts_with("емлеқұрал", &u));
    assert!(!lex().accepts_with("емлеқұралдың", &u));
    assert!(u.add(lex(), "x:adverbish").is_err());
}

#[test]
fn container_round_trip_from_bytes() {
    let bytes = lex().as_bytes().to_vec();
    let copy = Lexicon::from_bytes(bytes).unwrap();
    assert_eq!(copy.version(), lex().version());
    assert!(copy.accepts("қабылдауының"));
    assert!(Lexicon::from_bytes(b"not a lexicon".to_vec()).is_err());
    let stats = copy.stats();
    assert!(stats.counts["stems.curated.nominal"] > 30_000);
    assert!(stats.total_bytes > 0);
}

#[test]
fn from_path_maps_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kk.emlex");
    std::fs::write(&path, lex().as_bytes()).unwrap();
    let l = Lexicon::from_path(&path).unwrap();
    assert!(l.accepts("кітаптарымыздың"));
    assert!(Lexicon::from_path(&dir.path().join("missing")).is_err());
}

#[test]
fn morphotactics_generate_expected_forms() {
    let g = lex().grammar();
    let layer = g.layer("nominal").unwrap();
    let vowel = g.class_named("vowel").unwrap();
    let items = g.generate(&morpho::SetKey {
        layer,
        front: false,
        ctx: morpho::Ctx::Class(vowel),
    });
    let finals: Vec<&str> = items
        .iter()
        .filter(|i| i.is_final)
        .map(|i| i.surface.as_str())
        .collect();
    for s in ["", "лар", "ның", "ға", "сы", "сына", "ларымыздан", "дағы"]
    {
        assert!(
            finals.contains(&s) || items.iter().any(|i| i.surface == s),
            "{s}"
        );
    }
}

#[test]
fn generating_one_surface_keeps_what_full_generation_has() {
    let lex = lex();
    let g = lex.grammar();
    // A spread of sets (each generated in full is slow in a debug build).
    let step = (lex.sets.len() / 9).max(1);
    for set in lex.sets.iter().step_by(step) {
        let all = g.generate(&set.key);
        let mut surfaces: Vec<&str> = all
            .iter()
            .step_by((all.len() / 12).max(1))
            .map(|i| i.surface.as_str())
            .collect();
        // Strings no path spells, one a prefix of many that do.
        surfaces.extend(["", "ла", "ңқх"]);
        for s in surfaces {
            let want: Vec<String> = all
                .iter()
                .filter(|i| i.surface == s)
                .map(|i| format!("{i:?}"))
                .collect();
            let got: Vec<String> = g
                .generate_surface(&set.key, s)
                .iter()
                .map(|i| format!("{i:?}"))
                .collect();
            assert_eq!(got, want, "{:?} {s:?}", set.key);
        }
    }
}

/// The quick NFC test says yes only where the full one does, for every
/// letter of the Cyrillic block after a letter or alone.
#[test]
fn plain_cyrillic_is_nfc_at_a_glance() {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    for c in '\u{0400}'..='\u{04ff}' {
        for text in [format!("{c}"), format!("а{c}"), format!("a{c}{c}")] {
            if super::plainly_nfc(text.as_bytes()) {
                assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "{text}");
            }
        }
    }
    assert!(super::plainly_nfc("Қазақстан-2050".as_bytes()));
    assert!(!super::plainly_nfc("е\u{0308}".as_bytes()));
    assert!(!super::plainly_nfc("а\u{0483}".as_bytes()));
}

/// The first letters a suffix set allows hold every key of the set, and
/// the keys of the sets it cuts to at its start: the filter never turns
/// away a remainder the set may accept.
#[test]
fn first_letters_cover_the_keys_of_suffix_sets() {
    use fst::Streamer;
    let lex = lex();
    let mut tried = 0;
    for s in &lex.sets {
        let mut keys = vec![s];
        let root = s.fst.root();
        if root.is_final() {
            keys.extend(
                conts(root.final_output().value()).filter_map(|c| lex.sets.get(c as usize)),
            );
        }
        for k in keys {
            let mut stream = k.fst.stream();
            let mut n = 0;
            while let Some((key, _)) = stream.next() {
                assert!(lex.may_start(s, key), "{}", String::from_utf8_lossy(key));
                tried += usize::from(first_letter_bit(key).is_some());
                n += 1;
                if n == 300 {
                    break;
                }
            }
        }
    }
    assert!(tried > 1000, "{tried}");
    // A letter no suffix starts with is turned away.
    assert!(lex.sets.iter().any(|s| !lex.may_start(s, "щ".as_bytes())));
}

proptest::proptest! {
    /// The fast path of `fold` gives what normalising and lowercasing give,
    /// for Kazakh and Russian letters, Latin look-alikes and combining marks.
    #[test]
    fn folding_is_nfc_then_lowercase(
        s in "[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІёЁaeiopAEIOP\u{0300}\u{0306}\u{0308}\u{0483} -]{0,12}"
    ) {
        use unicode_normalization::UnicodeNormalization;
        let want: String = s.nfc().flat_map(char::to_lowercase).collect();
        proptest::prop_assert_eq!(super::fold(&s), want);
    }
}
