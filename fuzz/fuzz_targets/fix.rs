//! Any bytes emle would read as a file, checked and fixed with every rule
//! as `emle fix` does: spans lie on character boundaries, the safe edits
//! keep every byte they do not mend, the fixed text is written back in the
//! file's encoding and reads back the same, and a second fix with the
//! evidence of the first file changes nothing more.

#![no_main]

use std::sync::OnceLock;

use emle::diagnostic::Applicability;
use emle::engine::{Linter, OriginalFacts};
use emle::fix::fix_source_by;
use emle::source::{Origin, Source};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = Source::from_bytes(Origin::Stdin, data.to_vec()) else {
        return;
    };
    let fixed = match invariants::fix_keeps_what_it_does_not_mend(linter(), &source) {
        Ok(fixed) => fixed,
        Err(broken) => panic!("{broken}"),
    };
    // `emle fix` settles within one run: fixing its output again, with the
    // evidence of the text as it was read, finds nothing more to apply.
    let original = OriginalFacts::of(source.text());
    let again = Source::from_string(Origin::Stdin, fixed.clone());
    let twice = fix_source_by(&again, Applicability::Safe, |s| {
        linter().check_revision(s, &original, None)
    });
    assert_eq!(twice.text, fixed, "a second pass changed the fixed text");
});
