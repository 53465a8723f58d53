//! Letter case patterns: a correction is written in the case of the word it replaces.

use crate::tokenize::is_letter;

/// The case pattern of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasePattern {
    /// всё строчными
    Lower,
    /// Первая прописная
    Title,
    /// ВСЕ ПРОПИСНЫЕ (two letters or more)
    Upper,
    /// AnyThing else
    Mixed,
}

/// Whether `c` is an uppercase letter: [`char::is_uppercase`] with the
/// letters of Kazakh text (ASCII, Cyrillic) answered without a table
/// lookup, since every rule asks it for nearly every letter.
#[inline]
pub fn is_upper(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        c.is_ascii_uppercase()
    } else if (0x400..0x500).contains(&u) {
        CYRILLIC_CAPITALS[((u - 0x400) >> 6) as usize] >> (u & 0x3f) & 1 == 1
    } else {
        c.is_uppercase()
    }
}

/// Whether a word of two-byte Cyrillic letters only (U+0400..U+04FF, as
/// [`crate::tokenize::Letters::OnlyCyrillic`] says) has a capital after its
/// first letter: [`is_upper`] on byte pairs, without decoding.
pub fn cyrillic_capital_after_first(word: &str) -> bool {
    word.as_bytes()
        .chunks_exact(2)
        .skip(1)
        .any(|p| CYRILLIC_CAPITALS[usize::from(p[0] & 3)] >> (p[1] & 0x3f) & 1 == 1)
}

/// The capitals of U+0400..U+04FF, one bit each, 64 to an entry.
const CYRILLIC_CAPITALS: [u64; 4] = cyrillic_capitals();

const fn cyrillic_capitals() -> [u64; 4] {
    let mut masks = [0; 4];
    let mut u = 0x400;
    while u < 0x500 {
        // Ѐ..Я are capitals, а..џ small; the other letters come in pairs,
        // capital first (Ә U+04D8, ә U+04D9), but for U+04C1..U+04CE,
        // capital second, after the lone capital U+04C0.
        let capital = match u {
            0x400..=0x42f | 0x4c0 => true,
            0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x4ff => u % 2 == 0,
            0x4c1..=0x4ce => u % 2 == 1,
            _ => false,
        };
        if capital {
            masks[(u - 0x400) >> 6] |= 1 << (u & 0x3f);
        }
        u += 1;
    }
    masks
}

/// Whether `word` has an uppercase letter.
#[inline]
pub fn has_upper(word: &str) -> bool {
    word.chars().any(is_upper)
}

/// The case pattern of `word` (letters only are looked at).
pub fn case_pattern(word: &str) -> CasePattern {
    let mut letters = word.chars().filter(|&c| is_letter(c));
    let Some(first) = letters.next() else {
        return CasePattern::Lower;
    };
    let rest: Vec<char> = letters.collect();
    let rest_upper = rest.iter().all(|c| c.is_uppercase());
    let rest_lower = rest.iter().all(|c| c.is_lowercase());
    match (first.is_uppercase(), rest_upper, rest_lower) {
        (true, true, _) if !rest.is_empty() => CasePattern::Upper,
        (true, _, true) => CasePattern::Title,
        (false, _, true) => CasePattern::Lower,
        _ => CasePattern::Mixed,
    }
}

/// `replacement` written in the case pattern of `original` (`Кенес`, `кеңес` → `Кеңес`).
/// A mixed-case original that starts with a capital gives the replacement
/// its first capital; any other mixed case leaves it as it is.
pub fn restore_case(original: &str, replacement: &str) -> String {
    match case_pattern(original) {
        CasePattern::Lower => replacement.to_lowercase(),
        CasePattern::Upper => replacement.to_uppercase(),
        CasePattern::Title => {
            let mut chars = replacement.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        }
        CasePattern::Mixed => {
            let starts_upper = original
                .chars()
                .find(|&c| is_letter(c))
                .is_some_and(char::is_uppercase);
            let mut chars = replacement.chars();
            match chars.next() {
                Some(first) if starts_upper => first.to_uppercase().chain(chars).collect(),
                _ => replacement.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_upper_agrees_with_the_standard_library() {
        let ranges = ['\0'..='\u{052f}', '\u{1e00}'..='\u{1fff}'];
        for c in ranges.into_iter().flatten() {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn capitals_are_found_in_byte_pairs() {
        let letters: Vec<char> = ('\u{0400}'..='\u{04ff}').collect();
        for &a in &letters {
            for &b in &letters {
                let word: String = ['ж', a, b].iter().collect();
                let expected = a.is_uppercase() || b.is_uppercase();
                assert_eq!(cyrillic_capital_after_first(&word), expected, "{word}");
            }
        }
        assert!(!cyrillic_capital_after_first("Қазақ"));
    }

    #[test]
    fn patterns_and_restoring() {
        assert_eq!(case_pattern("Кенес"), CasePattern::Title);
        assert_eq!(case_pattern("КЕНЕС"), CasePattern::Upper);
        assert_eq!(case_pattern("кенес"), CasePattern::Lower);
        assert_eq!(case_pattern("ҚазКСР"), CasePattern::Mixed);
        assert_eq!(restore_case("Кенес", "кеңес"), "Кеңес");
        assert_eq!(restore_case("КЕНЕС", "кеңес"), "КЕҢЕС");
        assert_eq!(restore_case("кенес", "Кеңес"), "кеңес");
        assert_eq!(restore_case("Ы", "ың"), "Ың");
        // Marks OCR reads for letters do not count: Б!Л!М is upper case.
        assert_eq!(case_pattern("Б!Л!М"), CasePattern::Upper);
        assert_eq!(restore_case("Б!Л!М", "білім"), "БІЛІМ");
        // Mixed case keeps only a leading capital.
        assert_eq!(restore_case("КСРо", "ксро"), "Ксро");
        assert_eq!(restore_case("усИнен", "үстінен"), "үстінен");
    }
}
