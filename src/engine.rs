//! The linter: runs the selected rules over a source and collects diagnostics.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lexicon::{Lexicon, UserWords};
use crate::rules::{self, CheckContext, Rule, Selection, UnknownRule};
use crate::source::Source;
use crate::tokenize::tokenize;

/// The lexicon a linter uses: the one built into the binary, or one loaded
/// from a file (`--lexicon PATH`).
#[derive(Debug, Clone)]
pub enum LexiconHandle {
    /// The lexicon embedded at build time.
    Embedded,
    /// A lexicon loaded at run time.
    Loaded(Arc<Lexicon>),
}

impl LexiconHandle {
    /// The lexicon itself.
    pub fn get(&self) -> &Lexicon {
        match self {
            LexiconHandle::Embedded => Lexicon::embedded(),
            LexiconHandle::Loaded(l) => l,
        }
    }
}

/// A configured set of rules, ready to check any number of sources.
pub struct Linter {
    rules: Vec<(Box<dyn Rule>, Severity)>,
    lexicon: LexiconHandle,
    user_words: UserWords,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.rules.iter().map(|(r, s)| (r.code(), s)))
            .finish()
    }
}

impl Linter {
    /// A linter running every rule with its default severity.
    pub fn new() -> Linter {
        Linter::with_selection(&Selection::default()).unwrap_or_else(|_| Linter {
            rules: vec![],
            lexicon: LexiconHandle::Embedded,
            user_words: UserWords::new(),
        })
    }

    /// A linter running the selected rules; unknown codes are an error.
    pub fn with_selection(selection: &Selection) -> Result<Linter, UnknownRule> {
        let all = rules::registry();
        selection.validate(&all)?;
        let rules = all
            .into_iter()
            .filter(|r| selection.enables(r.code()))
            .map(|r| {
                let severity = r.default_severity();
                (r, severity)
            })
            .collect();
        Ok(Linter {
            rules,
            lexicon: LexiconHandle::Embedded,
            user_words: UserWords::new(),
        })
    }

    /// Uses another lexicon than the embedded one.
    pub fn with_lexicon(mut self, lexicon: LexiconHandle) -> Linter {
        self.lexicon = lexicon;
        self
    }

    /// Accepts these project words as well as the lexicon's.
    pub fn with_user_words(mut self, words: UserWords) -> Linter {
        self.user_words = words;
        self
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon.get()
    }

    /// The project words in use.
    pub fn user_words(&self) -> &UserWords {
        &self.user_words
    }

    /// The codes of the rules that run.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|(r, _)| r.code())
    }

    /// Checks one source; diagnostics come sorted by position, then by code.
    pub fn check(&self, source: &Source) -> Vec<Diagnostic> {
        let text = source.text();
        let tokens: Vec<_> = tokenize(text).collect();
        let ctx = CheckContext {
            source,
            text,
            tokens: &tokens,
            lexicon: self.lexicon.get(),
            user_words: &self.user_words,
        };
        let mut out = Vec::new();
        for (rule, severity) in &self.rules {
            let first = out.len();
            rule.check(&ctx, &mut out);
            for d in &mut out[first..] {
                d.severity = *severity;
            }
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        out
    }
}

impl Default for Linter {
    fn default() -> Self {
        Linter::new()
    }
}
