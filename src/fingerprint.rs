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

/// The text just before and just after a span, on the same line: at most
/// `CONTEXT_CHARS` characters each side. Only those characters are read,
/// so that a file of one huge line costs no more per finding than any other.
pub fn context<'t>(text: &'t str, d: &Diagnostic) -> (&'t str, &'t str) {
    let before = &text[..d.span.start.min(text.len())];
    let mut before_start = before.len();
    for (taken, (i, c)) in before.char_indices().rev().enumerate() {
        if taken == CONTEXT_CHARS || matches!(c, '\n' | '\r') {
            break;
        }
        before_start = i;
    }
    let after = &text[d.span.end.min(text.len())..];
    let mut after_end = 0;
    for (taken, (i, c)) in after.char_indices().enumerate() {
        if taken == CONTEXT_CHARS || matches!(c, '\n' | '\r') {
            break;
        }
        after_end = i + c.len_utf8();
    }
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

    #[test]
    fn context_stops_at_line_ends_and_its_width() {
        let long = "а".repeat(CONTEXT_CHARS + 5);
        let a = format!("x\n{long}Кенес{long}\ny");
        let (before, after) = context(&a, &diag(&a, "Кенес"));
        assert_eq!(before, "а".repeat(CONTEXT_CHARS));
        assert_eq!(after, "а".repeat(CONTEXT_CHARS));
        let b = "x\r\nКенес\r\ny";
        assert_eq!(context(b, &diag(b, "Кенес")), ("", ""));
        let c = "Кенес";
        assert_eq!(context(c, &diag(c, "Кенес")), ("", ""));
    }

    #[test]
    fn fingerprints_of_earlier_versions_still_match() {
        // Baselines and decisions files keep fingerprints: they must not
        // change between versions.
        let a = "Бірінші жол.\nОсы жерде Кенес одағы туралы.\n";
        assert_eq!(fingerprint(a, &diag(a, "Кенес")), "9b9acabec322b14c");
    }
}
