//! Invariants of tokens, diagnostics and fixes that must hold on any text.
//! Shared by the property tests (`tests/properties.rs`) and the fuzz
//! targets (`fuzz/`): each returns what broke, so a property test can report
//! it and a fuzz target can panic with it.

// Every includer uses a part of this module.
#![allow(dead_code)]

use emle::diagnostic::{Applicability, Diagnostic};
use emle::engine::Linter;
use emle::fix::{Edit, apply_edits, fix_source, plan_edits};
use emle::source::{Origin, Source};
use emle::tokenize::tokenize;

/// Tokens are contiguous, never empty, cover every byte of `text`, and
/// they and their parts start and end on character boundaries.
pub fn tokens_cover_text(text: &str, unlettered: bool) -> Result<(), String> {
    let mut at = 0;
    for t in tokenize(text).without_kazakh_letters(unlettered) {
        if t.start() != at {
            return Err(format!("token at {} after a gap from {at}", t.start()));
        }
        if t.end() <= t.start() {
            return Err(format!("empty token at {}", t.start()));
        }
        if !text.is_char_boundary(t.start()) || !text.is_char_boundary(t.end()) {
            return Err(format!(
                "token {}..{} splits a character",
                t.start(),
                t.end()
            ));
        }
        for part in t.parts(text) {
            if part.start < t.start() || part.end > t.end() {
                return Err(format!(
                    "part {part:?} outside its token {}..{}",
                    t.start(),
                    t.end()
                ));
            }
            if !text.is_char_boundary(part.start) || !text.is_char_boundary(part.end) {
                return Err(format!("part {part:?} splits a character"));
            }
        }
        at = t.end();
    }
    if at != text.len() {
        return Err(format!("tokens end at {at} of {}", text.len()));
    }
    Ok(())
}

/// Every diagnostic's span lies within `text` and on character boundaries.
pub fn spans_on_char_boundaries(text: &str, diagnostics: &[Diagnostic]) -> Result<(), String> {
    for d in diagnostics {
        let span = &d.span;
        if span.start > span.end || span.end > text.len() {
            return Err(format!("{} span {span:?} outside the text", d.code));
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err(format!("{} span {span:?} splits a character", d.code));
        }
    }
    Ok(())
}

/// Applying `edits` to `text` leaves every byte outside their spans as it
/// was, in order.
pub fn edits_keep_other_bytes(text: &str, edits: &[Edit]) -> Result<(), String> {
    let fixed = apply_edits(text, edits);
    let mut before = String::new();
    let mut after = String::new();
    let (mut at, mut at_fixed) = (0, 0);
    let mut shift: isize = 0;
    for e in edits {
        before.push_str(&text[at..e.span.start]);
        at = e.span.end;
        let start = (e.span.start as isize + shift) as usize;
        after.push_str(&fixed[at_fixed..start]);
        at_fixed = start + e.replacement.len();
        shift += e.replacement.len() as isize - e.span.len() as isize;
    }
    before.push_str(&text[at..]);
    after.push_str(&fixed[at_fixed..]);
    if before != after {
        return Err(format!(
            "bytes outside the edits changed: {before:?} became {after:?}"
        ));
    }
    Ok(())
}

/// What `emle fix` does to `source`, checked: the safe edits of its first
/// pass keep every other byte, and the fixed text is written back in the
/// source's encoding and reads back the same. Returns the fixed text.
pub fn fix_keeps_what_it_does_not_mend(linter: &Linter, source: &Source) -> Result<String, String> {
    let text = source.text();
    let diagnostics = linter.check(source);
    spans_on_char_boundaries(text, &diagnostics)?;
    let (edits, _) = plan_edits(text, &diagnostics, Applicability::Safe);
    edits_keep_other_bytes(text, &edits)?;
    let fixed = fix_source(linter, source, Applicability::Safe).text;
    let bytes = source
        .encode(&fixed)
        .map_err(|e| format!("fixed text cannot be written back: {e}"))?;
    let again = Source::decode(Origin::Stdin, bytes, Some(source.encoding()))
        .map_err(|e| format!("fixed text does not read back: {e}"))?;
    if again.text() != fixed {
        return Err("fixed text reads back differently".into());
    }
    Ok(fixed)
}
