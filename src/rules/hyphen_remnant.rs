//! `hyphen-remnant`: a line-break hyphen left inside a word.

use std::cell::RefCell;

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::lexicon::{AcceptedBy, FastMap, Verdict};
use crate::tokenize::{Token, TokenKind, is_hyphen};

/// Finds words split by a typesetter's hyphen that OCR kept (`лауа-зымды`,
/// `тап-тардың`), inside a line or at a line end.
#[derive(Debug, Clone, Copy, Default)]
pub struct HyphenRemnant;

const CODE: &str = "hyphen-remnant";

impl Rule for HyphenRemnant {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a line-break hyphen left inside a word"
    }

    fn explanation(&self) -> &'static str {
        "\
Books are typeset with words broken across lines by a hyphen. When OCR joins
the lines again, or when the text was re-flowed, the hyphen stays inside the
word:

    лауа-зымды   ->  лауазымды
    тап-тардың   ->  таптардың

A hyphenated word is flagged when the two parts joined make a word the
lexicon knows, with the hyphen inside its stem (лауа|зымды) or between the
stem and its suffixes (тап|тардың). Pair words and compounds (бет-бағыт,
күш-жігер, бірін-бірі, марксизм-ленинизм, әлеуметтік-тұрмыстық) and
suffixes after numbers and abbreviations (30-жылдардың, ОК-нің) stay silent.
The fix joins the parts; it is safe when neither part alone is a word, and
needs review otherwise (тап and тардың are words).

A hyphen at the very end of a line followed by the rest of the word on the
next line (лауа-⏎зымды) is joined the same way; the line end moves after the
joined word, so the number of lines stays the same."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let tokens = ctx.tokens;
        // A plain word has no hyphen inside; one before a line-end hyphen
        // is reached from the hyphen.
        for (i, t) in ctx.notable() {
            match t.kind {
                TokenKind::Word => inner_hyphen(ctx, t, out),
                TokenKind::Punct if i > 0 && tokens[i - 1].kind == TokenKind::Word => {
                    line_end_hyphen(ctx, i - 1, out)
                }
                _ => {}
            }
        }
    }
}

/// Joins two parts: the decision and the fix when `first` + `second` is a
/// word and the parts are not a legitimate pair.
fn judge(ctx: &CheckContext<'_>, first: &str, second: &str) -> Option<(String, bool)> {
    // Hyphenated words recur: each pair is judged once per file.
    ctx.file
        .joined(first, second, || judge_anew(ctx, first, second))
}

/// [`judge`], worked out.
fn judge_anew(ctx: &CheckContext<'_>, first: &str, second: &str) -> Option<(String, bool)> {
    let first_len = first.chars().count();
    if first_len < 2 || second.chars().count() < 2 {
        return None;
    }
    // An abbreviation takes its suffixes after a hyphen: ОК-нің, КСР-інің.
    if matches!(
        ctx.lexicon.classify(first, ctx.user_words),
        Verdict::Accepted {
            by: AcceptedBy::Abbreviation
        }
    ) {
        return None;
    }
    let joined = format!("{first}{second}");
    if !ctx.knows(&joined) {
        return None;
    }
    // The hyphen must fall inside the stem of the joined word (лауа|зымды)
    // or right after it, before the suffixes (тап|тардың); a pair word
    // joined (бетбағыт) has no such analysis. When both parts are words,
    // only the second reading counts: бір-ақ is not бірақ, тым-ақ not тымақ.
    let (known_first, known_second) = (ctx.knows(first), ctx.knows(second));
    let first_lower = first.to_lowercase();
    let remnant = stem_reaches_hyphen(
        ctx,
        &joined,
        &first_lower,
        first_len,
        known_first && known_second,
    );
    if !remnant {
        return None;
    }
    // Short parts of damaged words join into some word too easily (бр-ак).
    let long = first_len >= 3 && second.chars().count() >= 3;
    Some((joined, long && !known_first && !known_second))
}

/// Analyses are costly and hyphenated words recur, so answers are kept per
/// thread, keyed with the lexicon's word hash.
type RemnantCache = FastMap<(usize, String, usize, bool), bool>;

thread_local! {
    static REMNANTS: RefCell<RemnantCache> = RefCell::new(FastMap::default());
}

/// Answers kept per thread before the cache starts over.
const CACHE_CAP: usize = 20_000;

/// Whether an analysis of `joined` has its stem reach the hyphen: exactly
/// the first part (when both parts are words), or at least as long.
fn stem_reaches_hyphen(
    ctx: &CheckContext<'_>,
    joined: &str,
    first_lower: &str,
    first_len: usize,
    both_known: bool,
) -> bool {
    let key = (
        ctx.lexicon as *const _ as usize,
        joined.to_string(),
        first_len,
        both_known,
    );
    if let Some(hit) = REMNANTS.with(|c| c.borrow().get(&key).copied()) {
        return hit;
    }
    let analyses = ctx.lexicon.analyses(joined);
    let answer = if both_known {
        analyses
            .iter()
            .any(|a| a.lemma == first_lower && !a.morphemes.is_empty())
    } else {
        analyses
            .iter()
            .any(|a| a.lemma.chars().count() >= first_len)
    };
    REMNANTS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_CAP {
            c.clear();
        }
        c.insert(key, answer);
    });
    answer
}

fn inner_hyphen(ctx: &CheckContext<'_>, t: &Token, out: &mut Vec<Diagnostic>) {
    let word = t.text(ctx.text);
    if !t.has_hyphen(ctx.text) {
        return;
    }
    // Two parts exactly, read without collecting them.
    let mut parts = t.parts(ctx.text);
    let (Some(first), Some(second), None) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let (first, second) = (&ctx.text[first], &ctx.text[second]);
    let Some((joined, safe)) = judge(ctx, first, second) else {
        return;
    };
    out.push(
        Diagnostic::new(
            CODE,
            Severity::Warning,
            t.span(),
            format!("`{word}` looks like one word broken by a line-end hyphen"),
        )
        .with_suggestion(fix(joined, safe)),
    );
}

fn fix(joined: String, safe: bool) -> Suggestion {
    if safe {
        Suggestion::safe(joined, 0.95)
    } else {
        Suggestion::review(joined, 0.7)
    }
}

/// `X-⏎Y`: a word, a hyphen, a line end (with spaces around), a word.
fn line_end_hyphen(ctx: &CheckContext<'_>, i: usize, out: &mut Vec<Diagnostic>) {
    let tokens = ctx.tokens;
    let first = &tokens[i];
    let mut j = i + 1;
    let is = |j: usize, kind: TokenKind| tokens.get(j).is_some_and(|t| t.kind == kind);
    // Every hyphen starts with one of three bytes: most marks after a word
    // (commas, full stops) are told apart by their first byte.
    if !(is(j, TokenKind::Punct)
        && matches!(ctx.text.as_bytes()[tokens[j].start()], b'-' | 0xc2 | 0xe2)
        && is_hyphen(first_char(tokens[j].text(ctx.text))))
    {
        return;
    }
    j += 1;
    if is(j, TokenKind::Space) {
        j += 1;
    }
    if !is(j, TokenKind::Newline) {
        return;
    }
    let newline = tokens[j].text(ctx.text);
    j += 1;
    if is(j, TokenKind::Space) {
        j += 1;
    }
    if !is(j, TokenKind::Word) {
        return;
    }
    let second = &tokens[j];
    let (a, b) = (first.text(ctx.text), second.text(ctx.text));
    if second.has_hyphen(ctx.text) {
        return;
    }
    let Some((joined, safe)) = judge(ctx, a, b) else {
        return;
    };
    // Keep the line end, after the joined word, swallowing the space that
    // followed the second part.
    let mut end = second.end();
    let mut replacement = joined;
    replacement.push_str(newline);
    if tokens
        .get(j + 1)
        .is_some_and(|t| t.kind == TokenKind::Space)
    {
        end = tokens[j + 1].end();
    }
    out.push(
        Diagnostic::new(
            CODE,
            Severity::Warning,
            first.start()..end,
            format!("`{a}-` at the line end and `{b}` on the next line look like one word"),
        )
        .with_suggestion(fix(replacement, safe)),
    );
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}
