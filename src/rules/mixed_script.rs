//! `mixed-script`: Latin look-alikes inside Cyrillic words, and the reverse.

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Suggestion};
use crate::script::{Lookalikes, Script, script_of};
use crate::tokenize::{Letters, is_letter};

/// Finds words that mix Latin and Cyrillic letters (`Кеңeс` with a Latin `e`).
/// Digits or `!` read for letters in a Cyrillic word (`б1л1м`) are left to
/// `unknown-word`, which searches the whole run with the OCR error model.
#[derive(Debug, Clone, Copy, Default)]
pub struct MixedScript;

const CODE: &str = "mixed-script";

impl Rule for MixedScript {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "Latin and Cyrillic letters mixed inside one word"
    }

    fn explanation(&self) -> &'static str {
        "\
OCR engines trained for several languages often read a Cyrillic letter as the
Latin letter that looks the same (a, c, e, o, p, x, y, i, h and the capitals
A B C E H K M O P T X), or the reverse. The word looks right on screen but no
search, spell checker or language model will recognise it.

emle flags every word part that holds letters of both scripts and suggests the
word with each look-alike replaced by its counterpart in the word's dominant
script. The fix is safe when the result is a word of a single script:

    Кеңeс   (Latin e)      ->  Кеңес
    Aлматы  (Latin A)      ->  Алматы
    Cоmрutеr (mostly Latin) ->  Computer

Digits and marks that OCR reads for letters inside a Cyrillic word (б1л1м,
кел!ншек) are reported by `unknown-word`, which corrects the whole word with
the OCR error model.

Parts of hyphenated words are checked separately, so `Windows-тың` is fine,
and Roman numerals written with Cyrillic look-alikes (ХХІI) become Latin
(XXII). Words wholly in one script, such as the abbreviation XXII, are never
flagged."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let table = Lookalikes::embedded();
        for (_, token) in ctx.notable_words().filter(|(_, t)| t.has_letters()) {
            // Most words: nothing but Cyrillic letters, nothing to find.
            if token.letters() == Letters::OnlyCyrillic {
                continue;
            }
            for part in token.parts(ctx.text) {
                let word = &ctx.text[part.clone()];
                if let Some((message, suggestion)) = check_part(word, table) {
                    let mut d = Diagnostic::new(CODE, self.default_severity(), part, message);
                    d.suggestions.extend(suggestion);
                    out.push(d);
                }
            }
        }
    }
}

/// Letter counts of one word part.
#[derive(Debug, Default)]
struct Census {
    cyrillic: usize,
    latin: usize,
    digits: usize,
    longest_digit_run: usize,
}

fn census(word: &str) -> Census {
    let mut c = Census::default();
    let mut run = 0;
    for ch in word.chars() {
        if ch.is_ascii_digit() {
            c.digits += 1;
            run += 1;
            c.longest_digit_run = c.longest_digit_run.max(run);
            continue;
        }
        run = 0;
        match script_of(ch) {
            Script::Cyrillic => c.cyrillic += 1,
            Script::Latin => c.latin += 1,
            Script::Other => {}
        }
    }
    c
}

/// Whether `word` has a byte that starts a Latin letter (ASCII, U+00C0 to
/// U+024F, U+1E00 to U+1EFF) or an ASCII digit: a byte scan that lets most
/// words, wholly Cyrillic, skip the census.
fn may_have_latin_or_digit(word: &str) -> bool {
    word.bytes()
        .any(|b| b.is_ascii_alphanumeric() || matches!(b, 0xc3..=0xc9 | 0xe1))
}

/// Checks one hyphen-free part of a word; returns the message and the fix.
fn check_part(word: &str, table: &Lookalikes) -> Option<(String, Option<Suggestion>)> {
    if !may_have_latin_or_digit(word) {
        return None;
    }
    let c = census(word);
    if c.cyrillic > 0 && c.latin > 0 {
        return Some(mixed_letters(word, &c, table));
    }
    None
}

fn mixed_letters(word: &str, c: &Census, table: &Lookalikes) -> (String, Option<Suggestion>) {
    let all_latin_map = word
        .chars()
        .filter(|&ch| script_of(ch) == Script::Latin)
        .all(|ch| table.to_cyrillic(ch).is_some());
    let all_cyrillic_map = word
        .chars()
        .filter(|&ch| script_of(ch) == Script::Cyrillic)
        .all(|ch| table.to_latin(ch).is_some());
    let as_latin: String = word
        .chars()
        .map(|ch| table.to_latin(ch).unwrap_or(ch))
        .collect();
    let roman = all_cyrillic_map && is_roman_numeral(&as_latin);
    let to_cyrillic = !roman && all_latin_map && (c.cyrillic >= c.latin || !all_cyrillic_map);
    let (target, foreign) = if roman || (!to_cyrillic && all_cyrillic_map) {
        (Script::Latin, Script::Cyrillic)
    } else {
        (Script::Cyrillic, Script::Latin)
    };
    let replacement: String = word
        .chars()
        .map(|ch| match (target, script_of(ch)) {
            (Script::Cyrillic, Script::Latin) => table.to_cyrillic(ch).unwrap_or(ch),
            (Script::Latin, Script::Cyrillic) => table.to_latin(ch).unwrap_or(ch),
            (Script::Cyrillic, _) if ch.is_ascii_digit() => digit_letter(word, ch, table),
            _ => ch,
        })
        .collect();
    let foreign_letters = describe(word.chars().filter(|&ch| script_of(ch) == foreign));
    let (word_script, foreign_name) = match target {
        Script::Latin => ("Latin", "Cyrillic"),
        _ => ("Cyrillic", "Latin"),
    };
    let message = format!(
        "{word_script} word `{word}` contains {foreign_name} look-alike{} {foreign_letters}",
        if foreign_letters.contains(',') {
            "s"
        } else {
            ""
        }
    );
    let rc = census(&replacement);
    let single_script = (rc.cyrillic == 0 || rc.latin == 0) && rc.digits == 0;
    let suggestion = if replacement == word {
        None
    } else if single_script && c.digits == 0 {
        Some(Suggestion::safe(replacement, 0.97))
    } else {
        Some(Suggestion::review(replacement, 0.5))
    };
    (message, suggestion)
}

/// The Cyrillic letter for a digit, uppercase when the word's letters are.
fn digit_letter(word: &str, digit: char, table: &Lookalikes) -> char {
    let Some(letter) = table.digit_to_cyrillic(digit) else {
        return digit;
    };
    let upper = word
        .chars()
        .filter(|&c| is_letter(c))
        .all(crate::case::is_upper);
    if upper {
        letter.to_uppercase().next().unwrap_or(letter)
    } else {
        letter
    }
}

/// Lists distinct characters with their code points: `` `e` (U+0065) ``.
fn describe(chars: impl Iterator<Item = char>) -> String {
    let mut seen: Vec<char> = Vec::new();
    for ch in chars {
        if !seen.contains(&ch) {
            seen.push(ch);
        }
    }
    seen.iter()
        .map(|ch| format!("`{ch}` (U+{:04X})", u32::from(*ch)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_roman_numeral(word: &str) -> bool {
    word.len() > 1
        && word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;

    fn fix(word: &str) -> Option<(String, Applicability)> {
        let (_, s) = check_part(word, Lookalikes::embedded())?;
        s.map(|s| (s.replacement, s.applicability))
    }

    #[test]
    fn latin_in_cyrillic_is_safe() {
        assert_eq!(fix("Кеңeс"), Some(("Кеңес".into(), Applicability::Safe)));
        assert_eq!(fix("бiлiм"), Some(("білім".into(), Applicability::Safe)));
        assert_eq!(fix("Aлматы"), Some(("Алматы".into(), Applicability::Safe)));
    }

    #[test]
    fn cyrillic_in_latin_goes_to_latin() {
        assert_eq!(
            fix("Cоmрutеr"),
            Some(("Computer".into(), Applicability::Safe))
        );
    }

    #[test]
    fn roman_numerals_become_latin() {
        assert_eq!(fix("ХХII"), Some(("XXII".into(), Applicability::Safe)));
        assert_eq!(fix("XXII"), None);
    }

    #[test]
    fn unmappable_mix_is_flagged_without_a_fix() {
        // `z` has no Cyrillic look-alike and `қ` no Latin one.
        let (message, suggestion) = check_part("қаzақ", Lookalikes::embedded()).unwrap();
        assert!(message.contains("`z` (U+007A)"), "{message}");
        assert_eq!(suggestion, None);
        // Partly mappable: what can be converted is, for review.
        assert_eq!(fix("қаzaқ"), Some(("қаzақ".into(), Applicability::Review)));
    }

    #[test]
    fn digits_for_letters_are_left_to_the_error_model() {
        // unknown-word searches such words whole (б1л1м -> білім).
        for w in ["б1л1м", "3аң", "ҚАЗ0Қ", "6ӘС", "ЕРЕКШЕЛІКТЕРІ1962", "км3"]
        {
            assert_eq!(fix(w), None, "{w}");
        }
    }

    #[test]
    fn single_script_words_are_fine() {
        assert_eq!(fix("Кеңес"), None);
        assert_eq!(fix("Windows"), None);
    }
}
