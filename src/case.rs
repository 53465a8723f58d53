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
    match c {
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' => false,
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' => true,
        c if c.is_ascii() => false,
        // The other Cyrillic letters come in pairs, capital first (ә is
        // U+04D9 after Ә), but for U+04C1..U+04CE, capital second.
        '\u{0460}'..='\u{0481}' | '\u{048a}'..='\u{04bf}' | '\u{04d0}'..='\u{052f}' => {
            u32::from(c) % 2 == 0
        }
        '\u{04c1}'..='\u{04ce}' => u32::from(c) % 2 == 1,
        '\u{0482}'..='\u{0489}' | '\u{04cf}' => false,
        '\u{04c0}' => true,
        c => c.is_uppercase(),
    }
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
