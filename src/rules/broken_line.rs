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
        for (i, nl) in ctx.line_ends() {
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
    // One character, found without counting the characters of a long word.
    let initial = word.chars().nth(1).is_none();
    (initial || super::spacing::is_dotted_abbreviation_token(ctx, word_token))
        .then_some((word, start))
}

/// Whether most non-empty lines end a sentence.
fn sentence_per_line(ctx: &CheckContext<'_>) -> bool {
    let source = ctx.source;
    let (mut lines, mut ending) = (0usize, 0usize);
    for l in 0..source.line_count() {
        if let Some(ends) = ends_sentence(&ctx.text[source.line_range(l)]) {
            lines += 1;
            ending += usize::from(ends);
        }
    }
    lines >= MIN_LINES && ending as f64 >= SENTENCE_LINES * lines as f64
}

/// Whether a line (without its line end) ends a sentence; `None` for a
/// blank line.
fn ends_sentence(line: &str) -> Option<bool> {
    // Most lines end in a printable ASCII mark or letter: no white space
    // to trim, and the last byte tells the rest.
    if let Some(&last) = line.as_bytes().last()
        && (0x21..0x80).contains(&last)
    {
        return Some(matches!(
            last,
            b'.' | b'!' | b'?' | b':' | b';' | b'"' | b')'
        ));
    }
    let line = line.trim_end();
    (!line.is_empty()).then(|| line.ends_with(SENTENCE_ENDS))
}

/// The characters that end a sentence (or a paragraph) at a line end.
const SENTENCE_ENDS: [char; 10] = ['.', '!', '?', '…', ':', ';', '»', '"', '”', ')'];

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut on the last byte judges a line as trimming it does.
    #[test]
    fn lines_end_sentences_as_trimmed() {
        let ends = [
            "", ".", "!", "?", "…", ":", ";", "»", "\"", "”", ")", "a", "ә", "-", ",", "~",
            "\u{7f}",
        ];
        let spaces = ["", " ", "\t", "\u{a0}", " \u{2009}", "\u{b}", "\u{1c}"];
        for end in ends {
            for space in spaces {
                for head in ["", "Сөз", "Сөз "] {
                    let line = format!("{head}{end}{space}");
                    let trimmed = line.trim_end();
                    let slow = (!trimmed.is_empty()).then(|| trimmed.ends_with(SENTENCE_ENDS));
                    assert_eq!(ends_sentence(&line), slow, "{line:?}");
                }
            }
        }
    }
}
