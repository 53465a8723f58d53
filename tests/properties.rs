//! Property tests: token spans and fixes keep their invariants on any text.

mod invariants;

use emle::diagnostic::Applicability;
use emle::engine::Linter;
use emle::fix::{fix_source, plan_edits};
use emle::rules::Selection;
use emle::source::{Origin, Source};
use proptest::prelude::*;

/// Text built from the characters that matter: Kazakh and Russian letters,
/// their Latin look-alikes, digits, hyphens, punctuation (with the marks OCR
/// reads for letters), odd spaces, line ends, combining marks and a BOM.
fn kazakh_ish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "а", "ә", "б", "ғ", "е", "і", "й", "к", "қ", "ң", "о", "ө", "р", "с", "ұ", "ү", "һ", "ы",
        "ь", "ъ", "Қ", "Ә", "І", "Х", "a", "c", "e", "i", "o", "p", "x", "y", "h", "A", "X", "I",
        "z", "0", "1", "3", "6", "9", "-", "'", ".", ",", "!", "|", "—", " ", "  ", "\u{a0}", "\n",
        "\r\n", "\r", "\u{0306}", "\u{feff}", "«", "»", "😀", "]", "}", "{", "\\", "@", "©", "<",
        "[", "/", ":", "?",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn mixed_script_only() -> Linter {
    Linter::with_selection(&Selection {
        select: vec!["mixed-script".into()],
        ignore: vec![],
        ..Default::default()
    })
    .unwrap()
}

proptest! {
    #[test]
    fn tokens_cover_every_byte_on_char_boundaries(text in kazakh_ish(), unlettered in any::<bool>()) {
        let held = invariants::tokens_cover_text(&text, unlettered);
        prop_assert!(held.is_ok(), "{:?}", held);
    }

    #[test]
    fn diagnostic_spans_lie_on_char_boundaries(text in kazakh_ish()) {
        let source = Source::from_string(Origin::Stdin, text.clone());
        let held = invariants::spans_on_char_boundaries(&text, &Linter::new().check(&source));
        prop_assert!(held.is_ok(), "{:?}", held);
    }

    #[test]
    fn fix_changes_only_suggested_spans_and_settles(text in kazakh_ish()) {
        let linter = mixed_script_only();
        let source = Source::from_string(Origin::Stdin, text.clone());
        let diagnostics = linter.check(&source);
        let (edits, _) = plan_edits(&text, &diagnostics, Applicability::Safe);
        // Bytes outside the edited spans are unchanged, in order.
        let held = invariants::edits_keep_other_bytes(&text, &edits);
        prop_assert!(held.is_ok(), "{:?}", held);

        // After a full fix, no safe mixed-script fix is left, and fixing again is a no-op.
        let once = fix_source(&linter, &source, Applicability::Safe);
        let again_source = Source::from_string(Origin::Stdin, once.text.clone());
        let left = linter.check(&again_source);
        prop_assert!(left.iter().all(|d| d.fix_at(Applicability::Safe).is_none()), "{:?}", left);
        let twice = fix_source(&linter, &again_source, Applicability::Safe);
        prop_assert_eq!(twice.text, once.text);
    }

    #[test]
    fn a_full_fix_writes_back_what_it_read(text in kazakh_ish(), utf16 in any::<bool>()) {
        let bytes: Vec<u8> = if utf16 {
            [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
        } else {
            text.into_bytes()
        };
        // The text has no NUL, so it is never refused as binary.
        let source = Source::from_bytes(Origin::Stdin, bytes);
        prop_assert!(source.is_ok(), "{:?}", source.err());
        if let Ok(source) = source {
            let held = invariants::fix_keeps_what_it_does_not_mend(&Linter::new(), &source);
            prop_assert!(held.is_ok(), "{:?}", held);
        }
    }
}
