//! `split-word`: one word broken in two by a spurious space.

use super::unknown_word::unlettered_rank_options;
use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::errormodel::rank;
use crate::tokenize::TokenKind;

/// Finds adjacent fragments that are not both words but join into one
/// (`құ рылыс` → `құрылыс`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SplitWord;

/// The code of this rule.
pub const SPLIT_WORD: &str = "split-word";

const CODE: &str = SPLIT_WORD;

impl Rule for SplitWord {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a word broken in two by a spurious space"
    }

    fn explanation(&self) -> &'static str {
        "\
OCR inserts spaces inside words, where letters are spaced widely or the
print is damaged:

    құ рылыс  ->  құрылыс

Two neighbouring fragments on one line are flagged when neither of them is
a word and the two joined make a word the lexicon knows. Joining is a
suggestion for review; a real word is never joined to its neighbour.

On a page read without the Kazakh letters the engine also drops an і and
leaves a space in its place. A lone lowercase letter after a word (not an
abbreviation such as ж.) is flagged with the word when the two joined with
an і between them are a word, or rank as one by the OCR error model:

    ем р          ->  өмір
    реалист к     ->  реалистік

Such a finding replaces the findings of its two parts, unless one of them
has a safe fix of its own."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.file.letters(ctx.text).lacks_kazakh_letters() {
            lost_letter_joins(ctx, out);
        }
        let tokens = ctx.tokens;
        // A plain word is known: it never starts a split word.
        for (i, a) in ctx.notable_words() {
            let (Some(space), Some(b)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
                break;
            };
            if a.kind != TokenKind::Word
                || space.kind != TokenKind::Space
                || b.kind != TokenKind::Word
            {
                continue;
            }
            if let Some(joined) = joinable(ctx, i, i + 2) {
                out.push(
                    Diagnostic::new(
                        CODE,
                        Severity::Warning,
                        a.start()..b.end(),
                        format!(
                            "`{}` and `{}` look like one word split by a space",
                            a.text(ctx.text),
                            b.text(ctx.text)
                        ),
                    )
                    .with_suggestion(Suggestion::review(joined, 0.6)),
                );
            }
        }
    }
}

/// On a page read without the Kazakh letters the OCR engine often drops an
/// `і` and leaves a space in its place (`ем р` for өмір, `реалист к` for
/// реалистік). A fragment too short to be a word after a word is flagged
/// when the two joined with an `і` between them rank as a word.
fn lost_letter_joins(ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let tokens = ctx.tokens;
    for (j, b) in ctx.notable_words() {
        if j < 2 || !is_lost_letter_tail(ctx, j) {
            continue;
        }
        let (a, space) = (&tokens[j - 2], &tokens[j - 1]);
        if a.kind != TokenKind::Word
            || space.kind != TokenKind::Space
            || space.text(ctx.text) != " "
            || !a.all_letters(ctx.text)
        {
            continue;
        }
        let (x, y) = (a.text(ctx.text), b.text(ctx.text));
        let joined = format!("{x}і{y}");
        let table = ctx.unlettered_confusions.unwrap_or(ctx.confusions);
        let opts = unlettered_rank_options();
        let ranked = if ctx.knows(&joined) {
            vec![(joined, 1.0)]
        } else {
            rank::rank(ctx.lexicon, table, &joined, &opts)
                .into_iter()
                .filter(|r| r.plain_cost <= MAX_JOIN_COST)
                .map(|r| (r.word, r.confidence))
                .collect()
        };
        if ranked.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            CODE,
            Severity::Warning,
            a.start()..b.end(),
            format!("`{x} {y}` looks like one word whose `і` OCR read as a space"),
        );
        d.suggestions = ranked
            .into_iter()
            .map(|(w, c)| Suggestion::review(w, c))
            .collect();
        out.push(d);
    }
}

/// Candidates of a lost-letter join costing more than this are not offered.
const MAX_JOIN_COST: f32 = 6.0;

/// Whether token `j` may be the tail of a word whose `і` was read as a
/// space: one lowercase letter, not a word of its own, nor an
/// abbreviation (`ж.`).
fn is_lost_letter_tail(ctx: &CheckContext<'_>, j: usize) -> bool {
    let t = &ctx.tokens[j];
    let text = t.text(ctx.text);
    let mut chars = text.chars();
    // Measured on the development pairs: tails of two to four letters
    // (`мет!` for үкіметі) found one more word for five wrong joins.
    let one_letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_lowercase());
    one_letter
        && t.kind == TokenKind::Word
        && !ctx.knows_token(j)
        && ctx
            .tokens
            .get(j + 1)
            .is_none_or(|n| n.text(ctx.text) != ".")
}

/// The two words at token indices `a` and `b` joined, if that makes a word.
fn joinable(ctx: &CheckContext<'_>, a: usize, b: usize) -> Option<String> {
    let (x, y) = (ctx.tokens[a].text(ctx.text), ctx.tokens[b].text(ctx.text));
    if !ctx.tokens[a].all_letters(ctx.text) || !ctx.tokens[b].all_letters(ctx.text) {
        return None;
    }
    // A capital inside the joined word means two words (a name after a word).
    if y.chars().next().is_some_and(crate::case::is_upper) && !x.chars().all(crate::case::is_upper)
    {
        return None;
    }
    // Measured on real OCR output: a word next to a damaged one joins into
    // some known form far too easily (мен + …), so both must be fragments.
    if ctx.knows_token(a) || ctx.knows_token(b) {
        return None;
    }
    let joined = format!("{x}{y}");
    ctx.knows(&joined).then_some(joined)
}

#[cfg(test)]
mod tests {
    use crate::engine::Linter;
    use crate::source::{Origin, Source};

    /// Findings as (code, text, best fix) on a page read without the
    /// Kazakh letters, with `line` as its last line.
    fn on_unlettered_page(line: &str) -> Vec<(&'static str, String, String)> {
        let page = include_str!("../../fixtures/unlettered.txt");
        let text = format!("{page}{line}\n");
        let start = page.len();
        let source = Source::from_string(Origin::Stdin, text.clone());
        Linter::new()
            .check(&source)
            .into_iter()
            .filter(|d| d.span.start >= start)
            .map(|d| {
                let best = d
                    .suggestions
                    .first()
                    .map(|s| s.replacement.clone())
                    .unwrap_or_default();
                (d.code, text[d.span].to_string(), best)
            })
            .collect()
    }

    #[test]
    fn a_lost_letter_read_as_a_space_is_joined() {
        let found = on_unlettered_page("Ол ем р туралы айтты.");
        assert!(
            found.contains(&("split-word", "ем р".into(), "өмір".into())),
            "{found:?}"
        );
        // The join explains the fragments: neither keeps a finding of its own.
        assert!(found.iter().all(|f| f.1 != "ем" && f.1 != "р"), "{found:?}");
        let found = on_unlettered_page("Бул реалист к шыгарма.");
        assert!(
            found.contains(&("split-word", "реалист к".into(), "реалистік".into())),
            "{found:?}"
        );
    }

    #[test]
    fn abbreviations_and_words_are_not_tails() {
        // ж. is an abbreviation (жыл); а is a word.
        for line in ["Ол 1941 ж. келди.", "Ол келди а бирак."] {
            let found = on_unlettered_page(line);
            assert!(found.iter().all(|f| f.0 != "split-word"), "{found:?}");
        }
    }
}
