//! `split-word`: one word broken in two by a spurious space.

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::tokenize::TokenKind;

/// Finds adjacent fragments that are not both words but join into one
/// (`құ рылыс` → `құрылыс`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SplitWord;

const CODE: &str = "split-word";

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
suggestion for review; a real word is never joined to its neighbour."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
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
