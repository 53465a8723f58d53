//! `known-damage`: the project's own list of recurring damage (`[corrections]`).

use super::{CheckContext, Rule};
use crate::case::restore_case;
use crate::diagnostic::{Diagnostic, Severity, Suggestion};

/// Flags words listed in the project's `[corrections]` table and applies the
/// listed correction as a safe fix.
#[derive(Debug, Clone, Copy, Default)]
pub struct KnownDamage;

const CODE: &str = "known-damage";

impl Rule for KnownDamage {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "recurring damage listed in the project's [corrections] table"
    }

    fn explanation(&self) -> &'static str {
        "\
The same damage recurs on every page of one scan. List it once in emle.toml
and emle fixes it everywhere, unattended:

    [corrections]
    \"Кенес\" = \"Кеңес\"
    \"жок\" = \"жоқ\"

Matching ignores case and the correction takes the case of the word it
replaces (КЕНЕС -> КЕҢЕС, Кенес -> Кеңес). Parts of hyphenated words are
matched separately. Without a [corrections] table this rule finds nothing."
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.corrections.is_empty() {
            return;
        }
        for token in ctx.tokens.iter().filter(|t| t.has_letters()) {
            for part in token.parts(ctx.text) {
                let word = &ctx.text[part.clone()];
                let Some(fix) = ctx.corrections.get(&word.to_lowercase()) else {
                    continue;
                };
                let replacement = restore_case(word, fix);
                if replacement == word {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        CODE,
                        Severity::Warning,
                        part,
                        format!("`{word}` is listed as damage in the project's corrections"),
                    )
                    .with_suggestion(Suggestion::safe(replacement, 1.0)),
                );
            }
        }
    }
}
