//! `roman-numeral`: a Roman numeral that OCR read as Cyrillic letters.
//!
//! The glyphs and the words that follow a numeral are data:
//! `lexicon/roman-numerals.tsv`, embedded at build time.

use std::sync::OnceLock;

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Suggestion};
use crate::lexicon::is_roman_numeral;
use crate::script::Lookalikes;
use crate::tokenize::TokenKind;

/// Finds Roman numerals whose strokes OCR took for Cyrillic letters
/// (`ХП ғасыр` → `XII ғасыр`), where a word that follows numerals says
/// what they are.
#[derive(Debug, Clone, Copy, Default)]
pub struct RomanNumeral;

const CODE: &str = "roman-numeral";

/// Characters a numeral token may have at most: XXXVIII is eight.
const MAX_LEN: usize = 8;

impl Rule for RomanNumeral {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a Roman numeral that OCR read as Cyrillic letters"
    }

    fn explanation(&self) -> &'static str {
        "\
Kazakh books number centuries with Latin Roman numerals. An OCR engine that
reads Cyrillic takes the numeral's strokes for letters of its own alphabet:
II for П, III for Ш, V for У or Ү, a serifed I for Т or Г:

    ХП ғасыр   ->  XII ғасыр
    ТУ ғасыр   ->  IV ғасыр
    ХҮП ғасыр  ->  XVII ғасыр

A word of such letters is flagged when it reads as a Roman numeral and a
word that follows numerals comes after it (ғасыр and its forms, ғ.,
мыңжылдық), or after a dash and a second numeral (VI — IX ғасыр). After an
Arabic number and a dash it is an Arabic number too, whose serifed 1s OCR
took for letters (9 — ТІ ғасыр is 9 — 11), and stays silent. The fix writes
the numeral in Latin letters and is safe. A numeral written wholly in
Cyrillic look-alikes (ХІХ) is how many Kazakh texts are typed, and stays
silent; `mixed-script` turns one of mixed letters (ХІX) into Latin."
    }

    fn notices_plain(&self, word: &str) -> bool {
        misread_numeral(word).is_some()
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for (i, t) in ctx.notable_words() {
            if let Some(latin) = reading(ctx, i) {
                let word = t.text(ctx.text);
                out.push(
                    Diagnostic::new(
                        CODE,
                        self.default_severity(),
                        t.span(),
                        format!("`{word}` looks like the Roman numeral {latin} read as letters"),
                    )
                    .with_suggestion(Suggestion::safe(latin, 0.95)),
                );
            }
        }
    }
}

/// The Latin numeral that token `i` stands for, when it is a Roman numeral
/// OCR read as letters and the words after it say it is a numeral. Other
/// word rules leave such a token to this one.
pub fn reading(ctx: &CheckContext<'_>, i: usize) -> Option<String> {
    let t = ctx.tokens.get(i)?;
    if !matches!(t.kind, TokenKind::Word | TokenKind::Alnum) {
        return None;
    }
    let latin = misread_numeral(t.text(ctx.text))?;
    (numeral_context(ctx, i + 1) && !after_arabic_range(&ctx.text[..t.start()])).then_some(latin)
}

/// Whether `before`, the text before a word, ends with an Arabic number and
/// a dash (`9 — `): a range goes on in the numerals it started with, so the
/// word is an Arabic number a serifed 1 made look like letters
/// (`9--ТІ ғасырларда` for 9 — 11 ғасырларда), not a Roman one.
fn after_arabic_range(before: &str) -> bool {
    let trimmed = before.trim_end();
    let undashed = trimmed.trim_end_matches(is_dash_char);
    undashed.len() < trimmed.len() && undashed.trim_end().ends_with(|c: char| c.is_ascii_digit())
}

/// `word` in Latin letters, when it reads as a canonical Roman numeral and
/// at least one of its characters is a misreading of the table (a word of
/// look-alikes alone is accepted as it is). Where a misread character has
/// several readings, the first that makes a canonical numeral wins.
fn misread_numeral(word: &str) -> Option<String> {
    if word.is_empty() || word.len() > MAX_LEN * 2 {
        return None;
    }
    let data = RomanData::embedded();
    let lookalikes = Lookalikes::embedded();
    // Each character's readings, in order of preference.
    let mut readings: Vec<Vec<&str>> = Vec::with_capacity(word.len());
    let mut misread = false;
    for c in word.chars() {
        if let Some(letters) = data.glyph(c) {
            readings.push(letters.iter().map(String::as_str).collect());
            misread = true;
        } else {
            let letter = numeral_letter(c).or_else(|| numeral_letter(lookalikes.to_latin(c)?));
            readings.push(vec![letter?]);
        }
    }
    if !misread {
        return None;
    }
    let mut latin = String::with_capacity(MAX_LEN);
    first_numeral(&readings, &mut latin).then_some(latin)
}

/// A numeral letter as a string, to stand beside the misreadings.
fn numeral_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'I' => "I",
        'V' => "V",
        'X' => "X",
        'L' => "L",
        'C' => "C",
        'D' => "D",
        'M' => "M",
        _ => return None,
    })
}

/// Extends `latin` by one reading of each character of `readings` in turn,
/// depth first in order of preference, until it is a canonical numeral of
/// at most [`MAX_LEN`] letters (`true`, `latin` holding it).
fn first_numeral(readings: &[Vec<&str>], latin: &mut String) -> bool {
    let Some((first, rest)) = readings.split_first() else {
        return latin.len() <= MAX_LEN && is_roman_numeral(latin);
    };
    let len = latin.len();
    for r in first {
        latin.push_str(r);
        if latin.len() <= MAX_LEN && first_numeral(rest, latin) {
            return true;
        }
        latin.truncate(len);
    }
    false
}

/// Whether the tokens from `at` on, after spaces, hold a word that follows
/// numerals, or a dash and a second numeral before one (`VI — IX ғасыр`).
fn numeral_context(ctx: &CheckContext<'_>, at: usize) -> bool {
    let tokens = ctx.tokens;
    let mut j = skip_spaces(ctx, at);
    if tokens
        .get(j)
        .is_some_and(|t| t.kind == TokenKind::Punct && is_dash(t.text(ctx.text)))
    {
        let k = skip_spaces(ctx, j + 1);
        let second = tokens.get(k).is_some_and(|t| {
            let w = t.text(ctx.text);
            is_roman_numeral(w) || misread_numeral(w).is_some()
        });
        if !second {
            return false;
        }
        j = skip_spaces(ctx, k + 1);
    }
    let Some(t) = tokens.get(j).filter(|t| t.kind == TokenKind::Word) else {
        return false;
    };
    let word = t.text(ctx.text).to_lowercase();
    let full_stop = tokens.get(j + 1).is_some_and(|n| n.text(ctx.text) == ".");
    RomanData::embedded().follows_numeral(&word, full_stop)
}

fn skip_spaces(ctx: &CheckContext<'_>, mut j: usize) -> usize {
    while ctx
        .tokens
        .get(j)
        .is_some_and(|t| t.kind == TokenKind::Space)
    {
        j += 1;
    }
    j
}

/// Whether `s` is one dash (see [`is_dash_char`]).
fn is_dash(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_dash_char(c))
}

/// Whether `c` is a hyphen-minus or one of the dashes from U+2010 to U+2014.
fn is_dash_char(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2014}')
}

/// The data of `lexicon/roman-numerals.tsv`.
struct RomanData {
    /// Misread character → the numeral letters it may stand for, in
    /// order of preference.
    glyphs: Vec<(char, Vec<String>)>,
    /// How words after a numeral start (lowercase).
    prefixes: Vec<String>,
    /// Abbreviations after a numeral, written with a full stop.
    abbreviations: Vec<String>,
}

impl RomanData {
    fn embedded() -> &'static RomanData {
        static DATA: OnceLock<RomanData> = OnceLock::new();
        DATA.get_or_init(|| RomanData::parse(include_str!("../../lexicon/roman-numerals.tsv")))
    }

    /// Parses the TSV; comments, blank and malformed lines are skipped
    /// (a unit test keeps the embedded file free of them).
    fn parse(text: &str) -> RomanData {
        let mut data = RomanData {
            glyphs: Vec::new(),
            prefixes: Vec::new(),
            abbreviations: Vec::new(),
        };
        for line in crate::lexicon::list_entries(text) {
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["glyph", g, letters] if g.chars().count() == 1 => {
                    if let Some(c) = g.chars().next() {
                        let readings = letters.split(',').map(str::to_string).collect();
                        data.glyphs.push((c, readings));
                    }
                }
                ["after", w] => match w.strip_suffix('.') {
                    Some(abbr) => data.abbreviations.push(abbr.to_string()),
                    None => data.prefixes.push((*w).to_string()),
                },
                _ => {}
            }
        }
        data
    }

    fn glyph(&self, c: char) -> Option<&[String]> {
        self.glyphs
            .iter()
            .find(|(g, _)| *g == c)
            .map(|(_, l)| l.as_slice())
    }

    /// Whether `word` (lowercase) follows numerals: it starts like one of
    /// the words, or is one of the abbreviations and `full_stop` follows.
    fn follows_numeral(&self, word: &str, full_stop: bool) -> bool {
        self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
            || full_stop && self.abbreviations.iter().any(|a| a == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::engine::Linter;
    use crate::source::{Origin, Source};

    fn fixes(text: &str) -> Vec<(String, String, Applicability)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        Linter::new()
            .check(&source)
            .into_iter()
            .filter(|d| d.code == CODE)
            .map(|d| {
                let s = &d.suggestions[0];
                (
                    text[d.span].to_string(),
                    s.replacement.clone(),
                    s.applicability,
                )
            })
            .collect()
    }

    #[test]
    fn misread_numerals_before_a_century_become_latin() {
        let safe = |w: &str, l: &str| vec![(w.to_string(), l.to_string(), Applicability::Safe)];
        assert_eq!(fixes("ХП ғасырдан бері"), safe("ХП", "XII"));
        assert_eq!(fixes("қарағанда, ТУ ғасырдың"), safe("ТУ", "IV"));
        assert_eq!(fixes("хан ХҮП ғасырдағы"), safe("ХҮП", "XVII"));
        assert_eq!(fixes("бірлестіктер ШІ ғасырда"), safe("ШІ", "III"));
        assert_eq!(fixes("ХУП гасырда"), safe("ХУП", "XVII"));
        assert_eq!(fixes("ХП ғ. басында"), safe("ХП", "XII"));
    }

    #[test]
    fn a_range_of_numerals_counts_as_one_context() {
        let found = fixes("VI — ТХ ғасырлар, ҮІ—ІХ ғасырлар");
        let words: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(words, ["ТХ", "ҮІ"]);
    }

    #[test]
    fn a_range_started_in_arabic_numerals_goes_on_in_them() {
        // 9 — 11 with a serifed 1 read as Т.
        assert!(fixes("9--ТІ ғасырларда").is_empty());
        assert!(fixes("9 — ТІ ғасырларда").is_empty());
        assert_eq!(fixes("VI — ТХ ғасырлар").len(), 1);
    }

    #[test]
    fn words_and_plain_numerals_stay_silent() {
        // A word, not before a century; look-alikes alone; Latin already.
        assert!(fixes("Қызыл ТУ көтерілді").is_empty());
        assert!(fixes("ту ғасырлар бойы желбіреді").is_empty());
        assert!(fixes("ХІХ ғасырдың").is_empty());
        assert!(fixes("XIX ғасырдың").is_empty());
        // Not a canonical numeral: ПП would be IIII.
        assert!(fixes("ПП ғасыр").is_empty());
        // An abbreviation without its full stop is a word.
        assert!(fixes("ХП ғ").is_empty());
    }

    #[test]
    fn other_word_rules_leave_the_numeral_alone() {
        let source = Source::from_string(Origin::Stdin, "ХП ғасыр".to_string());
        let codes: Vec<&str> = Linter::new()
            .check(&source)
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, [CODE]);
    }

    #[test]
    fn embedded_table_parses_whole() {
        let text = include_str!("../../lexicon/roman-numerals.tsv");
        let rows = crate::lexicon::list_entries(text).count();
        let data = RomanData::embedded();
        assert_eq!(
            data.glyphs.len() + data.prefixes.len() + data.abbreviations.len(),
            rows
        );
        assert!(
            data.glyphs
                .iter()
                .all(|(_, l)| l.iter().all(|r| is_roman_numeral(r)))
        );
    }
}
