//! Applying suggestions to text, and writing fixed files back safely.
//!
//! Edits never overlap: when two suggestions touch the same bytes, the first
//! (by position) wins and the other waits for the next pass. A replacement is
//! written in the normalisation form of the text it replaces, so an NFD file
//! stays NFD. Files are replaced atomically: a temporary file in the same
//! directory is written, synced and renamed over the original.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::Linter;
use crate::source::Source;

/// One edit: replace `span` of the text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Range<usize>,
    /// What goes in their place.
    pub replacement: String,
}

/// The edits a fix at `level` would make for these diagnostics, sorted and
/// free of overlaps, and how many were held back because they overlapped.
pub fn plan_edits(
    text: &str,
    diagnostics: &[Diagnostic],
    level: Applicability,
) -> (Vec<Edit>, usize) {
    let mut candidates: Vec<Edit> = diagnostics
        .iter()
        .filter_map(|d| {
            let s = d.fix_at(level)?;
            let original = text.get(d.span.clone())?;
            let replacement = match_normal_form(original, &s.replacement);
            (replacement != original).then(|| Edit {
                span: d.span.clone(),
                replacement,
            })
        })
        .collect();
    candidates.sort_by_key(|e| (e.span.start, e.span.end));
    candidates.dedup();
    let mut edits: Vec<Edit> = Vec::with_capacity(candidates.len());
    let mut held_back = 0;
    for edit in candidates {
        match edits.last() {
            Some(last) if edit.span.start < last.span.end || edit.span.start == last.span.start => {
                held_back += 1
            }
            _ => edits.push(edit),
        }
    }
    (edits, held_back)
}

/// Applies sorted, non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The result of fixing one source.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// How many edits were applied in all passes.
    pub applied: usize,
    /// Diagnostics the fixed text still has.
    pub remaining: usize,
}

/// Passes at most: each pass may unlock edits that overlapped in the previous one.
const MAX_PASSES: usize = 4;

/// Checks and fixes a source until nothing more applies (or a few passes).
/// Every pass weighs the evidence of the source as it was read (see
/// [`Linter::check_revision`]): later passes apply what overlapping edits
/// held back, not what emle's own corrections would attest.
pub fn fix_source(linter: &Linter, source: &Source, level: Applicability) -> Fixed {
    let original = crate::engine::OriginalFacts::of(source.text());
    fix_source_by(source, level, |s| linter.check_revision(s, &original, None))
}

/// [`fix_source`] with the check of each pass made by `check`.
pub fn fix_source_by(
    source: &Source,
    level: Applicability,
    check: impl Fn(&Source) -> Vec<Diagnostic>,
) -> Fixed {
    let mut text = source.text().to_string();
    let mut applied = 0;
    let mut passes = 0;
    loop {
        let current = Source::from_string(source.origin().clone(), text);
        let diagnostics = check(&current);
        text = current.into_text();
        let (edits, _) = plan_edits(&text, &diagnostics, level);
        // The last check only counts what is left.
        if edits.is_empty() || passes == MAX_PASSES {
            return Fixed {
                text,
                applied,
                remaining: diagnostics.len(),
            };
        }
        passes += 1;
        applied += edits.len();
        text = apply_edits(&text, &edits);
    }
}

/// The replacement in NFD when the original is in NFD (and not also NFC).
pub fn match_normal_form(original: &str, replacement: &str) -> String {
    if is_nfc_quick(original.chars()) != IsNormalized::Yes && !original.nfc().eq(original.chars()) {
        replacement.nfd().collect()
    } else {
        replacement.to_string()
    }
}

/// Writes `bytes` to `path` atomically, keeping the file's permissions: a
/// temporary file in the same directory is written, synced and renamed over
/// the original, so a crash leaves either the old or the new file, never a
/// partial one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".emle-").suffix(".tmp");
    #[cfg(unix)]
    if permissions.is_none() {
        // A new file (a report, a baseline) gets what any new file gets
        // under the user's umask, not the temporary file's owner-only mode.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename itself durable; not all platforms allow this.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, Suggestion};
    use crate::source::Origin;

    fn diag(span: Range<usize>, s: Suggestion) -> Diagnostic {
        Diagnostic::new("test", Severity::Warning, span, "m").with_suggestion(s)
    }

    #[test]
    fn overlapping_edits_are_held_back() {
        let text = "abcdef";
        let ds = [
            diag(0..3, Suggestion::safe("X", 1.0)),
            diag(2..4, Suggestion::safe("Y", 1.0)),
            diag(4..6, Suggestion::safe("Z", 1.0)),
        ];
        let (edits, held) = plan_edits(text, &ds, Applicability::Safe);
        assert_eq!(held, 1);
        assert_eq!(apply_edits(text, &edits), "XdZ");
    }

    #[test]
    fn review_fixes_need_unsafe() {
        let ds = [diag(0..1, Suggestion::review("b", 0.5))];
        assert!(plan_edits("a", &ds, Applicability::Safe).0.is_empty());
        assert_eq!(plan_edits("a", &ds, Applicability::Review).0.len(), 1);
    }

    #[test]
    fn nfd_original_gets_nfd_replacement() {
        let nfd = "ми\u{0306}с";
        let ds = [diag(0..nfd.len(), Suggestion::safe("тй", 1.0))];
        let (edits, _) = plan_edits(nfd, &ds, Applicability::Safe);
        assert_eq!(edits[0].replacement, "ти\u{0306}");
        // A replacement that only differs in normal form is no edit at all.
        let ds = [diag(0..nfd.len(), Suggestion::safe("мйс", 1.0))];
        assert!(plan_edits(nfd, &ds, Applicability::Safe).0.is_empty());
    }

    #[test]
    fn fixing_is_idempotent_and_keeps_crlf() {
        let linter = Linter::new();
        let source = Source::from_string(Origin::Stdin, "Кеңeс\r\nбiлiм\r\n".into());
        let once = fix_source(&linter, &source, Applicability::Safe);
        assert_eq!(once.text, "Кеңес\r\nбілім\r\n");
        let again = fix_source(
            &linter,
            &Source::from_string(Origin::Stdin, once.text.clone()),
            Applicability::Safe,
        );
        assert_eq!(again.text, once.text);
        assert_eq!(again.applied, 0);
    }

    #[test]
    fn the_first_pass_is_the_check_of_the_file_as_read() {
        let linter = Linter::new();
        for text in [
            include_str!("../fixtures/unlettered.txt"),
            include_str!("../fixtures/review.txt"),
            include_str!("../fixtures/mixed-script.txt"),
        ] {
            let source = Source::from_string(Origin::Stdin, text.to_string());
            let original = crate::engine::OriginalFacts::of(text);
            assert_eq!(
                linter.check_revision(&source, &original, None),
                linter.check(&source)
            );
        }
    }

    #[test]
    fn atomic_write_replaces_content_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, "жаңа".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "жаңа");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_an_old_files_mode_and_gives_a_new_one_the_usual() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.txt");
        std::fs::write(&old, "old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&old, b"new").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&old), 0o640);
        // A new file: readable by others as under any usual umask, never the
        // temporary file's owner-only 0600.
        let new = dir.path().join("report.html");
        write_atomic(&new, b"<html>").unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        assert_eq!(mode(&new), mode(&plain));
    }
}
