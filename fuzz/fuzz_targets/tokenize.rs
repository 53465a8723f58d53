//! Any bytes emle would read as a file: when they decode, the tokens of the
//! text cover it exactly and on character boundaries, whether the page is
//! judged to have the Kazakh letters or not.

#![no_main]

use emle::source::{Origin, Source};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    // Bytes that do not decode are refused with an error, never a panic.
    let Ok(source) = Source::from_bytes(Origin::Stdin, data.to_vec()) else {
        return;
    };
    for unlettered in [false, true] {
        if let Err(broken) = invariants::tokens_cover_text(source.text(), unlettered) {
            panic!("{broken}");
        }
    }
});
