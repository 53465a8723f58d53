//! `glued-words`: words run together without a space, and letters glued to digits.

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::tokenize::{Letters, Token, TokenKind, is_letter};

/// Finds unknown words that split into known ones (`ӨЗГЕРІСТЕРСАЯСИ`) and
/// words glued to numbers (`ЕРЕКШЕЛІКТЕРІ1962`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GluedWords;

const CODE: &str = "glued-words";

/// Shortest part a split may produce, in characters.
const MIN_PART: usize = 2;
/// Shortest part of a split that may be applied unattended.
const MIN_SAFE_PART: usize = 3;
/// Suggestions kept when a word splits in several ways.
const MAX_SPLITS: usize = 5;

impl Rule for GluedWords {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "words run together without a space, or a word glued to a number"
    }

    fn explanation(&self) -> &'static str {
        "\
OCR loses spaces, most often between headings and the text after them:

    ӨЗГЕРІСТЕРСАЯСИ     ->  ӨЗГЕРІСТЕР САЯСИ
    ЕРЕКШЕЛІКТЕРІ1962   ->  ЕРЕКШЕЛІКТЕРІ 1962

A heading in capitals, or a word with a capital inside (жоқҚоғамды), that
the lexicon does not accept is flagged when it splits into two known words
(or three, for long words). The fix inserts the space; it is safe when the
split is the only one and both parts have three letters or more, and needs
review otherwise. Ordinary lowercase words are left to `unknown-word`: in
real OCR output a damaged letter is far likelier than a lost space inside a
word, and rare words split into short known forms too easily.

Letters followed by a number are split when the letters make a known word;
the fix is safe unless the number is made only of digits OCR reads for
letters (тен131 is теңізі, not тен and 131). A number followed by letters
(1962жылы) needs review."
    }

    fn notices_plain(&self, word: &str) -> bool {
        crate::case::cyrillic_capital_after_first(word)
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for (_, t) in ctx.notable_words() {
            match t.kind {
                TokenKind::Word => glued(ctx, t, out),
                TokenKind::Alnum => letters_and_digits(ctx, t, out),
                _ => {}
            }
        }
    }
}

/// Char boundaries of `word` that leave at least `MIN_PART` characters on each side.
fn cut_points(word: &str) -> Vec<usize> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(MIN_PART).collect();
    let n = word.chars().count();
    bounds
        .into_iter()
        .take(n.saturating_sub(2 * MIN_PART) + 1)
        .collect()
}

fn glued(ctx: &CheckContext<'_>, t: &Token, out: &mut Vec<Diagnostic>) {
    let word = t.text(ctx.text);
    // A heading glued to the next (ӨЗГЕРІСТЕРСАЯСИ) or a capital inside a
    // word (жоқҚоғамды) is strong evidence; in an ordinary lowercase word an
    // OCR letter confusion is the likelier damage, left to the error model.
    // Both have a capital after the first letter: the cheapest test, first.
    let capital_inside = if t.letters() == Letters::OnlyCyrillic {
        crate::case::cyrillic_capital_after_first(word)
    } else {
        word.chars().skip(1).any(crate::case::is_upper)
    };
    if !capital_inside {
        return;
    }
    let n = word.chars().count();
    if n < 2 * MIN_PART + 1 || !t.all_letters(ctx.text) {
        return;
    }
    let all_caps = word.chars().all(crate::case::is_upper);
    let case_break = |cut: usize| {
        let (a, b) = word.split_at(cut);
        a.chars().last().is_some_and(char::is_lowercase)
            && b.chars().next().is_some_and(crate::case::is_upper)
    };
    // Measured on real OCR output, splits of ordinary lowercase words were
    // never right: short rare forms make almost any word splittable, and
    // letter damage is far more common than a lost space inside a word.
    if !(all_caps || cut_points(word).into_iter().any(case_break)) || ctx.accepts(word) {
        return;
    }
    let long_enough = |s: &str| s.chars().count() >= MIN_PART;
    // In a word with a capital inside, only the capital may start the
    // second word: OCR also reads і as И (усИнен), which no split explains.
    let allowed = |cut: usize| all_caps || case_break(cut);
    let mut splits: Vec<Vec<&str>> = Vec::new();
    for cut in cut_points(word).into_iter().filter(|&c| allowed(c)) {
        let (a, b) = word.split_at(cut);
        if long_enough(a) && long_enough(b) && ctx.knows(a) && ctx.knows(b) {
            splits.push(vec![a, b]);
        }
    }
    if splits.is_empty() && n >= 9 && all_caps {
        for cut in cut_points(word) {
            let (a, rest) = word.split_at(cut);
            if !long_enough(a) || !ctx.knows(a) {
                continue;
            }
            for cut2 in cut_points(rest) {
                let (b, c) = rest.split_at(cut2);
                if long_enough(b) && long_enough(c) && ctx.knows(b) && ctx.knows(c) {
                    splits.push(vec![a, b, c]);
                }
            }
        }
    }
    if splits.is_empty() {
        return;
    }
    // Fewer, longer parts first: the likelier reading.
    splits.sort_by_key(|s| {
        (
            s.len(),
            s.iter()
                .map(|p| p.chars().count())
                .min()
                .map(std::cmp::Reverse),
        )
    });
    let safe = splits.len() == 1
        && splits[0].len() == 2
        && splits[0].iter().all(|p| p.chars().count() >= MIN_SAFE_PART);
    let mut d = Diagnostic::new(
        CODE,
        Severity::Warning,
        t.span(),
        format!("`{word}` looks like {} words run together", splits[0].len()),
    );
    for (k, parts) in splits.iter().take(MAX_SPLITS).enumerate() {
        let joined = parts.join(" ");
        d.suggestions.push(if safe {
            Suggestion::safe(joined, 0.9)
        } else {
            Suggestion::review(joined, 0.6 / (k as f32 + 1.0))
        });
    }
    out.push(d);
}

fn letters_and_digits(ctx: &CheckContext<'_>, t: &Token, out: &mut Vec<Diagnostic>) {
    let word = t.text(ctx.text);
    if !word.chars().all(|c| is_letter(c) || c.is_ascii_digit()) {
        return;
    }
    let Some(cut) = word
        .char_indices()
        .zip(word.chars().skip(1))
        .find(|&((_, a), b)| a.is_ascii_digit() != b.is_ascii_digit())
        .map(|((i, a), _)| i + a.len_utf8())
    else {
        return;
    };
    let (a, b) = word.split_at(cut);
    // Exactly one switch between letters and digits.
    if b.chars().any(|c| c.is_ascii_digit() != first_is_digit(b)) {
        return;
    }
    let (letters, digits, letters_first) = if first_is_digit(a) {
        (b, a, false)
    } else {
        (a, b, true)
    };
    if letters.chars().count() < 3 || digits.len() < 2 || !ctx.knows(letters) {
        return;
    }
    let fix = format!("{a} {b}");
    // Digits that OCR reads for letters (тен131 for теңізі) are no year.
    let letter_like = digits.chars().all(|d| matches!(d, '0' | '1' | '3' | '6'));
    let suggestion = if letters_first && !letter_like {
        Suggestion::safe(fix, 0.9)
    } else {
        Suggestion::review(fix, 0.6)
    };
    out.push(
        Diagnostic::new(
            CODE,
            Severity::Warning,
            t.span(),
            format!("`{letters}` and `{digits}` are glued together"),
        )
        .with_suggestion(suggestion),
    );
}

fn first_is_digit(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_digit())
}
