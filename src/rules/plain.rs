//! Plain words: the tokens no word rule needs to see.
//!
//! Most tokens of a text are words of Cyrillic letters that the lexicon
//! knows for certain, and no rule finds anything in them. Asking each rule
//! to walk every token, only to skip those words, costs more than all the
//! findings together. So the engine asks once per distinct word (and
//! thread) whether it is plain and no rule notices it, and shows the word
//! rules only the other tokens (see [`CheckContext::notable`]).

use std::cell::RefCell;

use super::{CheckContext, DocumentWords, Forms, Rule, TokenMemo, is_certain};
use crate::lexicon::{AcceptedBy, Lexicon, UserWords, WordMap};
use crate::tokenize::{Letters, Token, TokenKind, Tokens};

/// Words kept before the cache is emptied: a corpus's running vocabulary
/// is far smaller, and a text of random letters must not grow it without end.
const CACHE_CAP: usize = 1 << 17;

/// What is known of one distinct word token, kept in the map itself so
/// that a token seen before costs one lookup.
#[derive(Clone, Copy)]
struct Known {
    /// Whether it is plain and quiet (see [`quiet`]).
    quiet: bool,
    /// The last gathering ([`Gather::id`]) that took its forms.
    gathered: u32,
    /// Where its forms are in [`Cache::forms`].
    forms: u32,
    /// How the lexicon alone accepts it, or `Err(not_cyrillic)` (see
    /// [`Lexicon::accepted_alone_or`]).
    alone: Result<AcceptedBy, bool>,
}

/// Per thread: the lexicon the answers hold for, word as written → what is
/// known of it, the forms of each word, and the last gathering's number.
#[derive(Default)]
struct Cache {
    lexicon: u64,
    known: WordMap<Known>,
    forms: Vec<Forms>,
    gatherings: u32,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// Whether `word`, a token of Cyrillic letters only, is known for certain
/// by the lexicon alone and noticed by none of `rules` (see
/// [`Rule::notices_plain`]). Project words are left out on purpose: a word
/// only they accept is shown to the rules, which ask them.
fn quiet(alone: Result<AcceptedBy, bool>, rules: &[Box<dyn Rule>], word: &str) -> bool {
    is_certain(alone.ok()) && !rules.iter().any(|r| r.notices_plain(word))
}

/// The words of a document gathered while its tokens are classified (see
/// [`notable`]).
pub struct Gather<'d> {
    words: &'d mut DocumentWords,
    id: u32,
}

impl<'d> Gather<'d> {
    /// A new gathering into `words`: each distinct token adds its forms
    /// once.
    pub fn into(words: &'d mut DocumentWords) -> Gather<'d> {
        let id = CACHE.with(|c| {
            let mut c = c.borrow_mut();
            // After four billion files the numbers start over, and so do
            // the answers, lest an old number pass for a new one.
            if c.gatherings == u32::MAX {
                c.known.clear();
                c.forms.clear();
                c.gatherings = 0;
            }
            c.gatherings += 1;
            c.gatherings
        });
        Gather { words, id }
    }
}

/// Which tokens [`notable`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every token but a plain, quiet word and a single space between words.
    Notable,
    /// Every token but a single space between words: a rule wants every
    /// word of the file (see [`Rule::wants_every_word`]).
    EveryWord,
}

/// A piece's tokens, and which of them the rules look at (see [`notable`]).
#[derive(Debug, Default)]
pub struct Piece {
    /// Every token of the piece, in order.
    pub tokens: Vec<Token>,
    /// The indices of the notable tokens (see [`CheckContext::notable`]).
    pub notable: Vec<u32>,
    /// The indices of the notable words and letter–digit runs (see
    /// [`CheckContext::notable_words`]).
    pub words: Vec<u32>,
    /// The indices of the notable spaces and marks (see
    /// [`CheckContext::notable_marks`]).
    pub marks: Vec<u32>,
    /// The indices of the line ends (see [`CheckContext::line_ends`]).
    pub line_ends: Vec<u32>,
    /// How the lexicon accepts the tokens, as far as known (see
    /// [`CheckContext::accepted_by`]).
    pub memo: TokenMemo,
}

/// Takes `tokens` into `piece` (emptied first) and notes which are notable:
/// every token but a plain, quiet word (see `quiet`) and a single space
/// between words, or, with [`Keep::EveryWord`], the plain words too.
/// `rules` are every rule that may run, so that the answers hold for any
/// selection of them. With `gather`, the forms of the word tokens are added
/// to a document's words on the way. How the lexicon (and `user`) accept
/// the notable words goes to the piece's memo as well, so that the rules
/// need not look each up again.
///
/// Tokens are sorted as the tokenizer gives them, in one pass: the bulk of
/// a text, plain words, common marks and single spaces, is taken by the
/// tokenizer's shortcut ([`Tokens::take_common`]).
#[allow(clippy::too_many_arguments)]
pub fn notable(
    text: &str,
    mut tokens: Tokens<'_>,
    lexicon: &Lexicon,
    rules: &[Box<dyn Rule>],
    user: &UserWords,
    keep: Keep,
    piece: &mut Piece,
    gather: Option<&mut Gather<'_>>,
) {
    let every_word = keep == Keep::EveryWord;
    let Piece {
        tokens: all,
        notable: out,
        words,
        marks,
        line_ends,
        memo,
    } = piece;
    all.clear();
    out.clear();
    words.clear();
    marks.clear();
    line_ends.clear();
    memo.clear();
    let no_user_words = user.is_empty();
    let bytes = text.as_bytes();
    CACHE.with(|c| {
        let c = &mut *c.borrow_mut();
        if c.lexicon != lexicon.id() {
            c.known.clear();
            c.forms.clear();
            c.lexicon = lexicon.id();
        }
        let mut sort = Sort {
            text,
            lexicon,
            rules,
            gather,
            every_word,
            no_user_words,
            words,
            memo,
        };
        // A single space between words, left out unless punctuation
        // follows it: a space before punctuation may be one too many.
        let mut space = None;
        loop {
            // The bulk of a text: plain words, common marks and single
            // spaces.
            // Not after a single space the shortcut left: what follows it
            // is none of its tokens.
            if space.is_none() {
                tokens.take_common(
                    all,
                    #[inline(always)]
                    |i, t| match t.kind {
                        TokenKind::Word => {
                            if !sort.word(c, t, i) {
                                out.push(i as u32);
                            }
                        }
                        TokenKind::Newline => {
                            out.push(i as u32);
                            line_ends.push(i as u32);
                        }
                        _ => {
                            out.push(i as u32);
                            marks.push(i as u32);
                        }
                    },
                );
            }
            let Some(t) = tokens.next() else {
                break;
            };
            let i = all.len();
            all.push(t);
            let skip = match t.kind {
                TokenKind::Word | TokenKind::Alnum => sort.word(c, t, i),
                TokenKind::Space if t.end() - t.start() == 1 && bytes[t.start()] == b' ' => {
                    space = Some(i);
                    continue;
                }
                TokenKind::Punct => {
                    if let Some(s) = space.take() {
                        out.push(s as u32);
                        marks.push(s as u32);
                    }
                    marks.push(i as u32);
                    false
                }
                TokenKind::Space => {
                    marks.push(i as u32);
                    false
                }
                TokenKind::Newline => {
                    line_ends.push(i as u32);
                    false
                }
                _ => false,
            };
            space = None;
            if !skip {
                out.push(i as u32);
            }
        }
        sort.memo.cover(all.len());
    });
}

/// What [`notable`] needs to sort a word token, and where it puts a
/// notable word.
struct Sort<'a, 'g> {
    text: &'a str,
    lexicon: &'a Lexicon,
    rules: &'a [Box<dyn Rule>],
    gather: Option<&'a mut Gather<'g>>,
    every_word: bool,
    no_user_words: bool,
    words: &'a mut Vec<u32>,
    memo: &'a mut TokenMemo,
}

impl Sort<'_, '_> {
    /// Whether word token `t`, at index `i`, is left out; a word kept goes
    /// to the notable words, with how it is accepted to the memo.
    #[inline(always)]
    fn word(&mut self, c: &mut Cache, t: Token, i: usize) -> bool {
        // Looked up by its bytes: the text is sliced (and its character
        // boundaries checked) only for a new word.
        let Cache { known, forms, .. } = c;
        let known = match known.get_mut_in(self.text.as_bytes(), t.span()) {
            Some(known) => known,
            None => self.learn(known, forms, t),
        };
        if let Some(g) = self.gather.as_deref_mut()
            && known.gathered != g.id
        {
            known.gathered = g.id;
            g.words.add(&forms[known.forms as usize]);
        }
        let skip = known.quiet && !self.every_word;
        if !skip {
            self.words.push(i as u32);
            // As [`Lexicon::accepted_by`] answers: a word the lexicon does
            // not accept is left to the project words, if any.
            match known.alone {
                Ok(by) => self.memo.note(i, Some(by)),
                Err(false) if !self.no_user_words => {}
                Err(_) => self.memo.note(i, None),
            }
        }
        skip
    }

    /// What is known of word token `t`, seen for the first time: worked
    /// out and kept.
    #[cold]
    #[inline(never)]
    fn learn<'c>(
        &self,
        map: &'c mut WordMap<Known>,
        forms: &mut Vec<Forms>,
        t: Token,
    ) -> &'c mut Known {
        let word = t.text(self.text);
        if forms.len() >= CACHE_CAP {
            map.clear();
            forms.clear();
        }
        let plain = t.kind == TokenKind::Word && t.letters() == Letters::OnlyCyrillic;
        forms.push(Forms::of(word));
        let alone = self.lexicon.accepted_alone_or(word);
        let known = Known {
            quiet: plain && quiet(alone, self.rules, word),
            gathered: 0,
            forms: (forms.len() - 1) as u32,
            alone,
        };
        map.insert(word, known)
    }
}

impl CheckContext<'_> {
    /// The notable tokens of the piece, with their indices: every token
    /// but the plain words of Cyrillic letters that the lexicon knows for
    /// certain and no rule notices (see [`Rule::notices_plain`]), and the
    /// single spaces between words. Rules that look at words or marks walk
    /// these; their neighbours are still at hand in [`CheckContext::tokens`].
    pub fn notable(&self) -> impl Iterator<Item = (usize, &Token)> + '_ {
        self.notable
            .iter()
            .map(|&i| (i as usize, &self.tokens[i as usize]))
    }

    /// The notable tokens that are spaces or marks (see
    /// [`CheckContext::notable`]), with their indices: rules that look at
    /// spacing and punctuation walk these.
    pub fn notable_marks(&self) -> impl Iterator<Item = (usize, &Token)> + '_ {
        self.notable_marks
            .iter()
            .map(|&i| (i as usize, &self.tokens[i as usize]))
    }

    /// The line ends of the piece (every one is notable), with their
    /// indices: rules that look at how lines end walk these.
    pub fn line_ends(&self) -> impl Iterator<Item = (usize, &Token)> + '_ {
        self.line_ends
            .iter()
            .map(|&i| (i as usize, &self.tokens[i as usize]))
    }

    /// The notable tokens that are words or letter–digit runs (see
    /// [`CheckContext::notable`]), with their indices: rules that look at
    /// words alone walk these, and skip the marks and spaces.
    pub fn notable_words(&self) -> impl Iterator<Item = (usize, &Token)> + '_ {
        self.notable_words
            .iter()
            .map(|&i| (i as usize, &self.tokens[i as usize]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::UserWords;
    use crate::rules::registry;
    use crate::source::{Origin, Source};
    use crate::tokenize::tokenize;

    /// Every rule's findings in `text`, when it walks the tokens `notable`
    /// gives or when it walks every token.
    fn findings(text: &str, all: bool) -> Vec<String> {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let rules = registry();
        let mut piece = Piece::default();
        notable(
            source.text(),
            tokenize(source.text()),
            Lexicon::embedded(),
            &rules,
            &UserWords::new(),
            Keep::Notable,
            &mut piece,
            None,
        );
        let Piece {
            tokens,
            notable: mut indices,
            mut words,
            mut marks,
            mut line_ends,
            mut memo,
        } = piece;
        // Every token, with no answer known beforehand: the answers noted
        // while classifying must be those the rules work out.
        if all {
            indices = (0..tokens.len() as u32).collect();
            words = indices.clone();
            marks = indices.clone();
            line_ends = indices.clone();
            memo = TokenMemo::default();
        }
        let file = Default::default();
        let ctx = CheckContext {
            source: &source,
            text: source.text(),
            tokens: &tokens,
            lexicon: Lexicon::embedded(),
            user_words: &UserWords::new(),
            confusions: crate::errormodel::ConfusionTable::embedded(),
            unlettered_confusions: None,
            confidences: None,
            corrections: &Default::default(),
            file: &file,
            memo: &memo,
            notable: &indices,
            notable_words: &words,
            notable_marks: &marks,
            line_ends: &line_ends,
        };
        let mut out = Vec::new();
        for rule in &rules {
            rule.check(&ctx, &mut out);
        }
        out.iter().map(|d| format!("{d:?}")).collect()
    }

    const TEXTS: &[&str] = &[
        "Кенестер одағы. Қоғамды  ,құрылысы қүрылыс жумыс ӨЗГЕРІСТЕРСАЯСИ ЕРЕКШЕЛІКТЕРІ1962",
        "партия-\nлық жұмыс жоқҚоғамды кел!ншек б1л1м Hello сөз\u{a0}бен ОК-нің 1-інде",
        "Бұл жол т.б.\nдеп бітеді. Ал бұл - сөз ,жоқ !! қа лам",
    ];

    #[test]
    fn rules_find_the_same_in_notable_tokens_as_in_all() {
        let fixtures = [
            "clean.txt",
            "spacing.txt",
            "broken-lines.txt",
            "mixed-script.txt",
        ]
        .map(|f| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(f);
            std::fs::read_to_string(path).unwrap()
        });
        for text in TEXTS
            .iter()
            .copied()
            .chain(fixtures.iter().map(String::as_str))
        {
            let found = findings(text, false);
            assert_eq!(found, findings(text, true), "{text}");
        }
        assert!(!findings(TEXTS[0], false).is_empty());
    }

    #[test]
    fn words_gathered_from_tokens_are_those_of_the_text() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Жөнінде ә").collect();
        for text in TEXTS
            .iter()
            .copied()
            .chain([nfd.as_str(), "«Кеңес»—одағы…бұл\u{a0}жер"])
        {
            let mut words = DocumentWords::default();
            let mut gather = Gather::into(&mut words);
            let mut piece = Piece::default();
            let rules = registry();
            // Twice, as a piece and its neighbour share context lines.
            for _ in 0..2 {
                let g = Some(&mut gather);
                notable(
                    text,
                    tokenize(text),
                    Lexicon::embedded(),
                    &rules,
                    &UserWords::new(),
                    Keep::Notable,
                    &mut piece,
                    g,
                );
            }
            assert_eq!(words, DocumentWords::of(text), "{text}");
            assert!(!words.is_empty());
        }
    }

    /// The piece as sorted one token at a time, the tokens first: the
    /// notable tokens, the notable words and the memo's answers.
    #[allow(clippy::type_complexity)]
    fn sorted_slowly(
        text: &str,
        user: &UserWords,
        keep: Keep,
    ) -> (
        Vec<Token>,
        Vec<u32>,
        Vec<u32>,
        Vec<Option<Option<AcceptedBy>>>,
    ) {
        let lexicon = Lexicon::embedded();
        let rules = registry();
        let tokens: Vec<Token> = tokenize(text).collect();
        let (mut notable, mut words) = (Vec::new(), Vec::new());
        let mut memo = vec![None; tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            let skip = match t.kind {
                TokenKind::Word | TokenKind::Alnum => {
                    let word = t.text(text);
                    let alone = lexicon.accepted_alone_or(word);
                    let plain = t.kind == TokenKind::Word && t.letters() == Letters::OnlyCyrillic;
                    let skip = plain && quiet(alone, &rules, word) && keep == Keep::Notable;
                    if !skip {
                        words.push(i as u32);
                        memo[i] = match alone {
                            Ok(by) => Some(Some(by)),
                            Err(false) if !user.is_empty() => None,
                            Err(_) => Some(None),
                        };
                    }
                    skip
                }
                TokenKind::Space => {
                    t.text(text) == " "
                        && tokens.get(i + 1).is_none_or(|n| n.kind != TokenKind::Punct)
                }
                _ => false,
            };
            if !skip {
                notable.push(i as u32);
            }
        }
        (tokens, notable, words, memo)
    }

    const PARTS: &[&str] = &[
        "Қоғамды",
        "кажет",
        "қүрылыс",
        "сөз",
        "және",
        "Hello",
        "ОК-нің",
        "1962",
        "б1л1м",
        " ",
        "  ",
        ".",
        ",",
        " ,",
        "!",
        "«",
        "»",
        " – ",
        "\n",
        "\r\n",
        "@згер",
        "\u{a0}",
        "ми\u{306}ын",
    ];

    proptest::proptest! {
        /// Sorting the tokens as they come gives what sorting them one at a
        /// time, after tokenizing, gives.
        #[test]
        fn sorting_as_tokens_come_is_sorting_them_one_by_one(
            parts in proptest::collection::vec(proptest::sample::select(PARTS), 0..40),
            every_word: bool,
            with_user_words: bool,
        ) {
            let text: String = parts.concat();
            let keep = if every_word { Keep::EveryWord } else { Keep::Notable };
            let mut user = UserWords::new();
            if with_user_words {
                user.add(Lexicon::embedded(), "бертісбай:proper").unwrap();
            }
            let mut piece = Piece::default();
            // Twice into the same piece: what the first left is emptied.
            for _ in 0..2 {
                notable(&text, tokenize(&text), Lexicon::embedded(), &registry(), &user, keep, &mut piece, None);
            }
            let (tokens, indices, words, memo) = sorted_slowly(&text, &user, keep);
            proptest::prop_assert_eq!(&piece.tokens, &tokens);
            proptest::prop_assert_eq!(&piece.notable, &indices);
            let of_kind = |kinds: &[TokenKind]| -> Vec<u32> {
                indices.iter().copied().filter(|&i| kinds.contains(&tokens[i as usize].kind)).collect()
            };
            proptest::prop_assert_eq!(&piece.marks, &of_kind(&[TokenKind::Space, TokenKind::Punct]));
            proptest::prop_assert_eq!(&piece.line_ends, &of_kind(&[TokenKind::Newline]));
            proptest::prop_assert_eq!(
                piece.line_ends.len(),
                tokens.iter().filter(|t| t.kind == TokenKind::Newline).count()
            );
            proptest::prop_assert_eq!(&piece.words, &words);
            let got: Vec<_> = piece.memo.accepted.iter().map(|c| c.get()).collect();
            proptest::prop_assert_eq!(got, memo);
        }
    }

    #[test]
    fn known_words_are_skipped_and_the_rest_kept() {
        let text = "Қоғамды кажет қүрылыс  ,";
        let mut piece = Piece::default();
        notable(
            text,
            tokenize(text),
            Lexicon::embedded(),
            &registry(),
            &UserWords::new(),
            Keep::Notable,
            &mut piece,
            None,
        );
        let texts = |indices: &[u32]| -> Vec<String> {
            indices
                .iter()
                .map(|&i| piece.tokens[i as usize].text(text).to_string())
                .collect()
        };
        // A known word and a single space between words are left out; an
        // unknown word, a word that breaks harmony, a double space and a
        // comma are kept.
        assert_eq!(texts(&piece.notable), ["кажет", "қүрылыс", "  ", ","]);
        assert_eq!(texts(&piece.words), ["кажет", "қүрылыс"]);
        notable(
            text,
            tokenize(text),
            Lexicon::embedded(),
            &registry(),
            &UserWords::new(),
            Keep::EveryWord,
            &mut piece,
            None,
        );
        let all = piece.tokens.len();
        assert_eq!(
            piece.notable.len(),
            all - 2,
            "every word, not single spaces"
        );
        assert_eq!(piece.words.len(), 3, "every word");
    }
}
