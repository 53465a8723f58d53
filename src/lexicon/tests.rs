//! Unit tests of the lexicon over the embedded build.

use super::*;

fn lex() -> &'static Lexicon {
    Lexicon::embedded()
}

#[test]
fn accepts_basic_words() {
    for w in ["кітап", "адам", "және", "мен", "үшін"] {
        assert!(lex().accepts(w), "{w}");
    }
}
