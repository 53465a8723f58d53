//! The messages of `unknown-word`: what is unknown, and which part.

use crate::lexicon::{AcceptedBy, Lexicon, Verdict};

/// starts with a known stem. Joined from its pieces in one allocation: it
/// is made for every finding, and formatting cost more than the rest of it.
pub fn message(word: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Unknown {
            part,
            known_stem,
            unknown_suffix,
        } => {
            let (shown, in_word, whole) = match part {
                Some(part) => (part.as_str(), "` in `", word),
                None => (word, "", ""),
            };
            let [stem_is, stem, suffix_is, suffix, not] = match (known_stem, unknown_suffix) {
                (Some(stem), Some(suffix)) => [
                    ": stem `",
                    stem.as_str(),
                    "` is known but suffix `",
                    suffix.as_str(),
                    "` is not",
                ],
                _ => [""; 5],
            };
            [
                "unknown word `",
                shown,
                in_word,
                whole,
                "`",
                stem_is,
                stem,
                suffix_is,
                suffix,
                not,
            ]
            .concat()
        }
        _ => ["unknown word `", word, "`"].concat(),
    }
}

/// The message for a word with OCR noise inside (`кел!ншек`, `б1л1м`).
pub(super) fn noise_message(word: &str) -> String {
    let mut noise: Vec<char> = word
        .chars()
        .filter(|&c| crate::tokenize::is_letter_noise(c) || c.is_ascii_digit())
        .collect();
    noise.sort_unstable();
    noise.dedup();
    let listed: Vec<String> = noise.iter().map(|c| format!("`{c}`")).collect();
    format!(
        "unknown word `{word}`: {} inside a word is OCR noise for a letter",
        listed.join(", ")
    )
}

/// Whether `head` (the token up to the flagged part, ending in a hyphen or
/// apostrophe) is an abbreviation, so the part is a bare suffix chain (ОК-ніқ).
pub(super) fn abbreviation_before(lex: &Lexicon, head: &str) -> bool {
    let head = head.trim_end_matches(['-', '\u{2010}', '\u{2011}', '\'', '\u{2019}', '\u{02bc}']);
    !head.is_empty()
        && matches!(
            lex.check(head),
            Verdict::Accepted {
                by: AcceptedBy::Abbreviation | AcceptedBy::RomanNumeral
            }
        )
}
