//! `broken-line`: a sentence broken across lines after an initial or an abbreviation.

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::tokenize::{Token, TokenKind};

/// In a file with one sentence or paragraph per line, finds lines that end
/// with an initial or an abbreviation (`Л.`, `т.`) and continue on the next.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrokenLine;

const CODE: &str = "broken-line";

/// Share of lines that must end a sentence for the file to count as one
/// sentence or paragraph per line.
const SENTENCE_LINES: f64 = 0.6;
/// Fewest lines for that judgement.
const MIN_LINES: usize = 4;

impl Rule for BrokenLine {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a sentence broken across lines after an initial or an abbreviation"
    }

    fn explanation(&self) -> &'static str {
        "\
Texts prepared as one sentence (or paragraph) per line are often split by a
sentence splitter that took the full stop of an initial or an abbreviation
for the end of a sentence:

    Бұл төңкерісті ұйымдастыруда Л.
    И.
    Брежнев, П.

becomes, after joining the lines with a space, `… ұйымдастыруда Л. И.
Брежнев, П. …`. A line is flagged when it ends with a single letter and a
full stop (an initial, or т. б.-style abbreviations) or a listed abbreviation,
and the next line goes on. The rule looks only at files where most lines end
a sentence; in hard-wrapped text every line break is normal. The fix joins the
lines and needs review."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.file.sentence_per_line(|| sentence_per_line(ctx)) {
            return;
        }
        let tokens = ctx.tokens;
        for (i, nl) in ctx.notable() {
            if nl.kind != TokenKind::Newline {
                continue;
            }
            let Some((word, start)) = ends_with_abbreviation(ctx, i) else {
                continue;
            };
            let Some(next) = tokens[i + 1..].iter().find(|t| t.kind != TokenKind::Space) else {
                continue;
            };
            if !matches!(next.kind, TokenKind::Word | TokenKind::Alnum) {
                continue;
            }
            // Swallow spaces after the full stop and at the start of the next line.
            let end = tokens[i + 1..]
                .iter()
                .find(|t| t.kind != TokenKind::Space)
                .map_or(nl.end(), |t| t.start());
            out.push(
                Diagnostic::new(
                    CODE,
                    Severity::Warning,
                    start..end,
                    format!("the line breaks after `{word}.` but the sentence goes on"),
                )
                .with_suggestion(Suggestion::review(" ", 0.7)),
            );
        }
    }
}

/// The word before the full stop that ends the line ending at newline `i`,
/// and where the line break (with spaces before it) starts.
fn ends_with_abbreviation<'t>(ctx: &CheckContext<'t>, i: usize) -> Option<(&'t str, usize)> {
    let tokens = ctx.tokens;
    let mut j = i.checked_sub(1)?;
    let mut start = tokens[i].start();
    if tokens[j].kind == TokenKind::Space {
        start = tokens[j].start();
        j = j.checked_sub(1)?;
    }
    if tokens[j].text(ctx.text) != "." {
        return None;
    }
    let word_token: &Token = tokens.get(j.checked_sub(1)?)?;
    if word_token.kind != TokenKind::Word {
        return None;
    }
    let word = word_token.text(ctx.text);
    let initial = word.chars().count() == 1;
    (initial || super::spacing::is_dotted_abbreviation(word)).then_some((word, start))
}

/// Whether most non-empty lines end a sentence.
fn sentence_per_line(ctx: &CheckContext<'_>) -> bool {
    let source = ctx.source;
    let (mut lines, mut ending) = (0usize, 0usize);
    for l in 0..source.line_count() {
        let line = ctx.text[source.line_range(l)].trim_end();
        if line.is_empty() {
            continue;
        }
        lines += 1;
        if line.ends_with(['.', '!', '?', '…', ':', ';', '»', '"', '”', ')']) {
            ending += 1;
        }
    }
    lines >= MIN_LINES && ending as f64 >= SENTENCE_LINES * lines as f64
}
