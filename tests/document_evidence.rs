//! Words read right elsewhere in a document are evidence for corrections.

use emle::diagnostic::Applicability;
use emle::engine::Linter;
use emle::rules::{DocumentWords, LetterShare};
use emle::source::{Origin, Source};

fn first_suggestion(
    diags: &[emle::diagnostic::Diagnostic],
    text: &str,
    word: &str,
) -> (String, Applicability) {
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-word" && &text[d.span.clone()] == word)
        .unwrap_or_else(|| panic!("no unknown-word for {word}"));
    let s = &d.suggestions[0];
    (s.replacement.clone(), s.applicability)
}

/// The first suggestion for `word` when `text` is checked as one file.
fn in_file(text: &str, word: &str) -> (String, Applicability) {
    let source = Source::from_string(Origin::Stdin, text.to_string());
    first_suggestion(&Linter::new().check(&source), text, word)
}

/// Asserts that `fix` is the first suggestion for `word` both in `alone`
/// and on `page`, for review there and safe here.
fn safe_only_on_the_page(alone: &str, page: &str, word: &str, fix: &str) {
    assert_eq!(
        in_file(alone, word),
        (fix.to_string(), Applicability::Review)
    );
    assert_eq!(in_file(page, word), (fix.to_string(), Applicability::Safe));
}

#[test]
fn a_form_elsewhere_in_the_file_makes_the_fix_safe() {
    safe_only_on_the_page(
        "Кенестер рөлінің арта түсуі.\n",
        "Жергілікті Кеңестер жанында.\nКенестер рөлінің арта түсуі.\n",
        "Кенестер",
        "Кеңестер",
    );
}

#[test]
fn the_other_lines_of_a_document_count_too() {
    let linter = Linter::new();
    let line = "Кенестер рөлінің арта түсуі.";
    let source = Source::from_string(Origin::Stdin, line.to_string());
    let other = "Жергілікті Кеңестер жанында.";
    let document = DocumentWords::of(other);
    let diags = linter.check_in_document(&source, &document, LetterShare::of(other));
    let (word, applicability) = first_suggestion(&diags, line, "Кенестер");
    assert_eq!(word, "Кеңестер");
    assert_eq!(applicability, Applicability::Safe);
}

#[test]
fn evidence_reorders_close_candidates() {
    let page = "Олар жөнінде айтылды. Мектеп құрылысы жөнівде мәселе.";
    assert_eq!(in_file(page, "жөнівде").0, "жөнінде");
}

#[test]
fn a_rare_form_the_page_lacks_does_not_hold_back_its_fix() {
    // жөніңде (second person) costs a little less by the confusion table
    // alone; the page holds жөнінде.
    safe_only_on_the_page(
        "Мектеп құрылысы жөнівде мәселе.\n",
        "Олар жөнінде айтылды. Мектеп құрылысы жөнівде мәселе.",
        "жөнівде",
        "жөнінде",
    );
}

#[test]
fn a_longer_form_on_the_page_attests_a_short_word() {
    safe_only_on_the_page(
        "Партия сьезі шешім қабылдады.\n",
        "Партия съезінде сөз сөйледі.\nПартия сьезі шешім қабылдады.\n",
        "сьезі",
        "съезі",
    );
}
