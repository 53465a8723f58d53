//! Property tests: token spans and fixes keep their invariants on any text.

use emle::diagnostic::Applicability;
use emle::engine::Linter;
use emle::fix::{fix_source, plan_edits};
use emle::rules::Selection;
use emle::source::{Origin, Source};
use emle::tokenize::tokenize;
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
        let mut at = 0;
        for t in tokenize(&text).without_kazakh_letters(unlettered) {
            prop_assert_eq!(t.start(), at, "tokens must be contiguous");
            prop_assert!(t.end() > t.start(), "tokens are never empty");
            prop_assert!(text.is_char_boundary(t.start()) && text.is_char_boundary(t.end()));
            for part in t.parts(&text) {
                prop_assert!(part.start >= t.start() && part.end <= t.end());
                prop_assert!(text.is_char_boundary(part.start) && text.is_char_boundary(part.end));
            }
            at = t.end();
        }
        prop_assert_eq!(at, text.len());
    }

    #[test]
    fn diagnostic_spans_lie_on_char_boundaries(text in kazakh_ish()) {
        let source = Source::from_string(Origin::Stdin, text.clone());
        for d in Linter::new().check(&source) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }

    #[test]
    fn fix_changes_only_suggested_spans_and_settles(text in kazakh_ish()) {
        let linter = mixed_script_only();
        let source = Source::from_string(Origin::Stdin, text.clone());
        let diagnostics = linter.check(&source);
        let (edits, _) = plan_edits(&text, &diagnostics, Applicability::Safe);
        // Bytes outside the edited spans are unchanged, in order.
        let fixed = emle::fix::apply_edits(&text, &edits);
        let mut outside_before = String::new();
        let mut at = 0;
        for e in &edits {
            outside_before.push_str(&text[at..e.span.start]);
            at = e.span.end;
        }
        outside_before.push_str(&text[at..]);
        let mut outside_after = String::new();
        let mut at = 0;
        let mut shift: isize = 0;
        for e in &edits {
            let start = (e.span.start as isize + shift) as usize;
            outside_after.push_str(&fixed[at..start]);
            at = start + e.replacement.len();
            shift += e.replacement.len() as isize - e.span.len() as isize;
        }
        outside_after.push_str(&fixed[at..]);
        prop_assert_eq!(outside_before, outside_after);

        // After a full fix, no safe mixed-script fix is left, and fixing again is a no-op.
        let once = fix_source(&linter, &source, Applicability::Safe);
        let again_source = Source::from_string(Origin::Stdin, once.text.clone());
        let left = linter.check(&again_source);
        prop_assert!(left.iter().all(|d| d.fix_at(Applicability::Safe).is_none()), "{:?}", left);
        let twice = fix_source(&linter, &again_source, Applicability::Safe);
        prop_assert_eq!(twice.text, once.text);
    }
}
