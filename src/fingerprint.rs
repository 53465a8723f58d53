//! Stable fingerprints of findings: rule, flagged text and the text around
//! it, never line numbers, so that edits elsewhere in a file keep them.
//! Baselines and the GitLab report key findings by them.

use crate::diagnostic::Diagnostic;

/// Characters of context taken on each side of the span.
const CONTEXT_CHARS: usize = 24;

/// FNV-1a, 64 bits: small, stable across platforms and versions.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // Separate the parts so that ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The text just before and just after a span, on the same line.
pub fn context<'t>(text: &'t str, d: &Diagnostic) -> (&'t str, &'t str) {
    let before = &text[..d.span.start.min(text.len())];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &before[line_start..];
    let before_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[d.span.end.min(text.len())..];
    let line_end = after.find(['\n', '\r']).unwrap_or(after.len());
    let after = &after[..line_end];
    let after_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    (&before[before_start..], &after[..after_end])
}

/// The fingerprint of a diagnostic in a text, as 16 hex digits.
pub fn fingerprint(text: &str, d: &Diagnostic) -> String {
    let flagged = text.get(d.span.clone()).unwrap_or("");
    let (before, after) = context(text, d);
    let h = fnv1a(&[
        d.code.as_bytes(),
        flagged.as_bytes(),
        before.as_bytes(),
        after.as_bytes(),
    ]);
    format!("{h:016x}")
}

/// A fingerprint that also tells files apart, for reports over a whole tree.
pub fn fingerprint_in(path: &str, text: &str, d: &Diagnostic) -> String {
    let local = fingerprint(text, d);
    format!("{:016x}", fnv1a(&[path.as_bytes(), local.as_bytes()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::tests::unknown_word_at as diag;

    #[test]
    fn stable_under_edits_elsewhere() {
        let a = "Бірінші жол.\nОсы жерде Кенес одағы туралы.\n";
        let b = "Мүлде басқа жол қосылды.\nБірінші жол.\n\nОсы жерде Кенес одағы туралы.\n";
        assert_eq!(
            fingerprint(a, &diag(a, "Кенес")),
            fingerprint(b, &diag(b, "Кенес"))
        );
    }

    #[test]
    fn changes_with_the_context() {
        let a = "Осы жерде Кенес одағы";
        let b = "Басқа жерде Кенес одағы";
        assert_ne!(
            fingerprint(a, &diag(a, "Кенес")),
            fingerprint(b, &diag(b, "Кенес"))
        );
        assert_eq!(context(a, &diag(a, "Кенес")), ("Осы жерде ", " одағы"));
    }
}
