//! `unknown-word`: a Cyrillic word that the Kazakh lexicon does not accept.

use super::{CheckContext, Rule};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::errormodel::ConfusionTable;
use crate::errormodel::cache::{self, Kind};
use crate::errormodel::rank::{self, RankOptions};
use crate::lexicon::{AcceptedBy, Lexicon, Verdict};
use crate::tokenize::{Letters, TokenKind};

const CODE: &str = "unknown-word";

/// Flags Cyrillic words that the lexicon (plus the user's project words)
/// does not accept. Words with Latin letters are left to `mixed-script`.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnknownWord;

fn has_cyrillic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0400}'..='\u{052f}'))
}

/// The message for an unknown word, naming the unknown part when the word
/// starts with a known stem.
pub fn message(word: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Unknown {
            part,
            known_stem,
            unknown_suffix,
        } => {
            let shown = part.as_deref().unwrap_or(word);
            let head = if part.is_some() {
                format!("unknown word `{shown}` in `{word}`")
            } else {
                format!("unknown word `{word}`")
            };
            match (known_stem, unknown_suffix) {
                (Some(stem), Some(suffix)) => {
                    format!("{head}: stem `{stem}` is known but suffix `{suffix}` is not")
                }
                _ => head,
            }
        }
        _ => format!("unknown word `{word}`"),
    }
}

/// Whether `head` (the token up to the flagged part, ending in a hyphen or
/// apostrophe) is an abbreviation, so the part is a bare suffix chain (ОК-ніқ).
fn abbreviation_before(lex: &Lexicon, head: &str) -> bool {
    let head = head.trim_end_matches(['-', '\u{2010}', '\u{2011}', '\'', '\u{2019}', '\u{02bc}']);
    !head.is_empty()
        && matches!(
            lex.check(head),
            Verdict::Accepted {
                by: AcceptedBy::Abbreviation | AcceptedBy::RomanNumeral
            }
        )
}

/// Ranked corrections for an unknown word (or a suffix chain after an abbreviation).
fn suggest(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    suffix_chain: bool,
) -> Vec<Suggestion> {
    let kind = if suffix_chain {
        Kind::SuffixChain
    } else {
        Kind::Word
    };
    cache::suggestions(lex, table, kind, word, || {
        rank_word(lex, table, word, suffix_chain)
    })
}

fn rank_word(
    lex: &Lexicon,
    table: &ConfusionTable,
    word: &str,
    suffix_chain: bool,
) -> Vec<Suggestion> {
    let opts = RankOptions::default();
    let ranked = if suffix_chain {
        rank::rank_suffix_chain(lex, table, word, &opts)
    } else {
        rank::rank(lex, table, word, &opts)
    };
    rank::to_suggestions(word, &ranked, &opts)
}

/// Corrections for the word or suffix chain after a number and a hyphen.
fn suggest_after_number(lex: &Lexicon, table: &ConfusionTable, part: &str) -> Vec<Suggestion> {
    cache::suggestions(lex, table, Kind::AfterNumber, part, || {
        rank_after_number(lex, table, part)
    })
}

fn rank_after_number(lex: &Lexicon, table: &ConfusionTable, part: &str) -> Vec<Suggestion> {
    let opts = RankOptions::default();
    let mut ranked = rank::rank_suffix_chain(lex, table, part, &opts);
    ranked.extend(rank::rank(lex, table, part, &opts));
    ranked.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    ranked.dedup_by(|a, b| a.word == b.word);
    ranked.truncate(rank::TOP_K);
    // Two searches were merged: their confidences are not comparable, and
    // the margin rule would judge one list only, so nothing here is safe.
    ranked
        .iter()
        .map(|r| Suggestion::review(r.word.clone(), r.confidence))
        .collect()
}

impl Rule for UnknownWord {
    fn code(&self) -> &'static str {
        CODE
    }

    fn summary(&self) -> &'static str {
        "a Cyrillic word that the Kazakh lexicon does not accept"
    }

    fn explanation(&self) -> &'static str {
        "\
A word in Cyrillic letters that is not a Kazakh word form the lexicon knows:
no stem of the lexicon followed by a legal chain of suffixes spells it.
Most often it is OCR damage: a Kazakh letter read as a Russian one or a
letter confused with a look-alike.

    Кенестер  ->  Кеңестер   (ң read as н)
    кажет     ->  қажет      (қ read as к)
    сьезі     ->  съезі      (ъ read as ь)
    қүрылысы  ->  құрылысы   (ұ read as ү)

When the word starts with a known stem, the message names the stem and the
part after it that no suffix chain explains. The lexicon accepts every
inflection of its stems (plural, possessive, case, predicative endings,
derivations, verb forms and participles with their nominal endings), all
letter cases and Unicode normal forms, hyphenated compounds part by part,
listed abbreviations with hyphenated suffixes (КОКП-ның), numbers with a
hyphenated suffix (1-інде, 50-жылдардың), Roman numerals and initials.

Words of Latin letters are left to `mixed-script`. Project words and names
go in `emle.toml` (`[lexicon] words = [\"Ленинград:noun\"]`) or a file given
with `--words`; a word with a class (`noun`, `proper`, `verb`) also accepts
its regular inflections."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let lex = ctx.lexicon;
        let user = ctx.user_words;
        for (i, t) in ctx.tokens.iter().enumerate() {
            let word = t.text(ctx.text);
            match t.kind {
                TokenKind::Word => {
                    if t.letters() != Letters::OnlyCyrillic && !has_cyrillic(word) {
                        continue;
                    }
                    // Most words are known: ask the cheap question first and
                    // explain (stem, unknown suffix) only the unknown ones.
                    if ctx.accepted_by(i).is_some() {
                        continue;
                    }
                    let verdict = lex.check_with(word, user);
                    if let Verdict::Unknown { part, .. } = &verdict {
                        let span = part
                            .as_deref()
                            .and_then(|p| {
                                word.find(p).map(|i| t.start() + i..t.start() + i + p.len())
                            })
                            .unwrap_or(t.span());
                        let target = &ctx.text[span.clone()];
                        let after_abbreviation = span.start > t.start()
                            && abbreviation_before(lex, &ctx.text[t.start()..span.start]);
                        let mut d = Diagnostic::new(
                            CODE,
                            self.default_severity(),
                            span,
                            message(word, &verdict),
                        );
                        d.suggestions = suggest(lex, ctx.confusions, target, after_abbreviation);
                        out.push(d);
                    }
                }
                TokenKind::Alnum => {
                    // A number joined by a hyphen to a word or suffix chain:
                    // 50-жылдардың, 1-інде. Other letter–digit runs are
                    // left to the rules for damaged digits.
                    let Some(i) = word.find(['-', '\u{2010}', '\u{2011}']) else {
                        continue;
                    };
                    let (num, rest) = word.split_at(i);
                    let dash = rest.chars().next().map_or(0, char::len_utf8);
                    let part = &rest[dash..];
                    if num.is_empty()
                        || !num
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                        || !has_cyrillic(part)
                        || part.chars().any(|c| c.is_ascii_digit())
                    {
                        continue;
                    }
                    if !lex.accepts_after_number(part) && !lex.accepts_with(part, user) {
                        let start = t.start() + i + dash;
                        let mut d = Diagnostic::new(
                            CODE,
                            self.default_severity(),
                            start..start + part.len(),
                            format!("unknown word `{part}` after the number `{num}`"),
                        );
                        d.suggestions = suggest_after_number(lex, ctx.confusions, part);
                        out.push(d);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Linter, Resources};
    use crate::lexicon::UserWords;
    use crate::rules::Selection;
    use crate::source::{Origin, Source};

    fn check_with(text: &str, user: &UserWords) -> Vec<(String, String)> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let resources = Resources {
            user_words: user.clone(),
            ..Resources::default()
        };
        let selection = Selection {
            select: vec![CODE.into()],
            ..Default::default()
        };
        let linter = Linter::build(&selection, std::sync::Arc::new(resources)).unwrap();
        linter
            .check(&source)
            .into_iter()
            .map(|d| (source.text()[d.span].to_string(), d.message))
            .collect()
    }

    fn check(text: &str) -> Vec<(String, String)> {
        check_with(text, &UserWords::new())
    }

    #[test]
    fn flags_ocr_damage_in_the_seed_sentence() {
        let found = check(
            "Кенестер рөлінің арта түсуі партияның XXII сьезі қабылдаған КОКП-ның бағдарламасында.",
        );
        let words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, vec!["Кенестер", "сьезі"]);
    }

    #[test]
    fn accepts_clean_text() {
        let found = check(
            "Қоғамды саяси және экономикалық тұрғыдан ұйымдастыруға, 50-жылдардың ортасынан 1-інде КСРО.",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn flags_a_bad_word_after_a_number() {
        let found = check("50-жылдардынн");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "жылдардынн");
    }

    #[test]
    fn names_the_unknown_suffix() {
        let found = check("кеңестерімзз");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("stem `кеңес"), "{}", found[0].1);
    }

    #[test]
    fn latin_words_are_not_its_business() {
        assert!(check("Hello world").is_empty());
    }

    #[test]
    fn user_words_are_accepted_with_inflections() {
        let mut user = UserWords::new();
        user.add(Lexicon::embedded(), "бертісбай:proper").unwrap();
        assert!(check_with("бертісбайдың үйі", &user).is_empty());
        assert_eq!(check("бертісбайдың үйі").len(), 1);
    }
}
