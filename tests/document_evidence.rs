//! Words read right elsewhere in a document are evidence for corrections.

use emle::diagnostic::Applicability;
use emle::engine::Linter;
use emle::rules::DocumentWords;
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

#[test]
fn a_form_elsewhere_in_the_file_makes_the_fix_safe() {
    let linter = Linter::new();
    let alone = "Кенестер рөлінің арта түсуі.\n";
    let source = Source::from_string(Origin::Stdin, alone.to_string());
    let (word, applicability) = first_suggestion(&linter.check(&source), alone, "Кенестер");
    assert_eq!(word, "Кеңестер");
    assert_eq!(applicability, Applicability::Review);

    let page = "Жергілікті Кеңестер жанында.\nКенестер рөлінің арта түсуі.\n";
    let source = Source::from_string(Origin::Stdin, page.to_string());
    let (word, applicability) = first_suggestion(&linter.check(&source), page, "Кенестер");
    assert_eq!(word, "Кеңестер");
    assert_eq!(applicability, Applicability::Safe);
}

#[test]
fn the_other_lines_of_a_document_count_too() {
    let linter = Linter::new();
    let line = "Кенестер рөлінің арта түсуі.";
    let source = Source::from_string(Origin::Stdin, line.to_string());
    let document = DocumentWords::of("Жергілікті Кеңестер жанында.");
    let diags = linter.check_in_document(&source, &document);
    let (word, applicability) = first_suggestion(&diags, line, "Кенестер");
    assert_eq!(word, "Кеңестер");
    assert_eq!(applicability, Applicability::Safe);
}

#[test]
fn evidence_reorders_close_candidates() {
    let linter = Linter::new();
    let page = "Олар жөнінде айтылды. Мектеп құрылысы жөнівде мәселе.";
    let source = Source::from_string(Origin::Stdin, page.to_string());
    let (word, _) = first_suggestion(&linter.check(&source), page, "жөнівде");
    assert_eq!(word, "жөнінде");
}
