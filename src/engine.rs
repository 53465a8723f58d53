//! The linter: runs the selected rules over a source and collects diagnostics.

use std::collections::HashMap;
use std::sync::Arc;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::errormodel::ConfusionTable;
use crate::lexicon::{Lexicon, UserWords};
use crate::rules::{self, CheckContext, Confidences, Rule, Selection, UnknownRule};
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

/// The project's data every rule may consult, shared by all the linters of a
/// run (per-path overrides change only which rules run).
#[derive(Debug, Clone)]
pub struct Resources {
    /// The Kazakh lexicon.
    pub lexicon: LexiconHandle,
    /// Project words accepted on top of the lexicon.
    pub user_words: UserWords,
    /// The OCR confusion table; `None` means the built-in one.
    pub confusions: Option<Arc<ConfusionTable>>,
    /// The project's recurring damage and its corrections, keyed by the
    /// lowercase damaged word.
    pub corrections: HashMap<String, String>,
    /// Text never flagged: a diagnostic overlapping a match is dropped.
    pub ignore_re: Vec<Regex>,
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            lexicon: LexiconHandle::Embedded,
            user_words: UserWords::new(),
            confusions: None,
            corrections: HashMap::new(),
            ignore_re: Vec::new(),
        }
    }
}

impl Resources {
    /// The confusion table in use.
    pub fn confusions(&self) -> &ConfusionTable {
        match &self.confusions {
            Some(table) => table,
            None => ConfusionTable::embedded(),
        }
    }
}

/// A configured set of rules, ready to check any number of sources.
pub struct Linter {
    rules: Vec<(Box<dyn Rule>, Severity)>,
    resources: Arc<Resources>,
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
        Linter::build(&Selection::default(), Arc::default()).unwrap_or_else(|_| Linter {
            rules: vec![],
            resources: Arc::default(),
        })
    }

    /// A linter running the selected rules; unknown codes are an error.
    pub fn with_selection(selection: &Selection) -> Result<Linter, UnknownRule> {
        Linter::build(selection, Arc::default())
    }

    /// A linter running the selected rules over shared resources.
    pub fn build(selection: &Selection, resources: Arc<Resources>) -> Result<Linter, UnknownRule> {
        let all = rules::registry();
        selection.validate(&all)?;
        let rules = all
            .into_iter()
            .filter(|r| selection.enables(r.code()))
            .map(|r| {
                let severity = selection
                    .severity
                    .get(r.code())
                    .copied()
                    .unwrap_or_else(|| r.default_severity());
                (r, severity)
            })
            .collect();
        Ok(Linter { rules, resources })
    }

    /// Uses another lexicon than the embedded one.
    pub fn with_lexicon(mut self, lexicon: LexiconHandle) -> Linter {
        Arc::make_mut(&mut self.resources).lexicon = lexicon;
        self
    }

    /// Accepts these project words as well as the lexicon's.
    pub fn with_user_words(mut self, words: UserWords) -> Linter {
        Arc::make_mut(&mut self.resources).user_words = words;
        self
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        self.resources.lexicon.get()
    }

    /// The project words in use.
    pub fn user_words(&self) -> &UserWords {
        &self.resources.user_words
    }

    /// The shared resources.
    pub fn resources(&self) -> &Arc<Resources> {
        &self.resources
    }

    /// The codes of the rules that run.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|(r, _)| r.code())
    }

    /// Checks one source; diagnostics come sorted by position, then by code.
    pub fn check(&self, source: &Source) -> Vec<Diagnostic> {
        self.check_with(source, None)
    }

    /// Checks one source with the OCR engine's word confidences, which
    /// rules may weigh (see [`Confidences`]).
    pub fn check_with(
        &self,
        source: &Source,
        confidences: Option<&Confidences>,
    ) -> Vec<Diagnostic> {
        let text = source.text();
        // About one token per five bytes of Kazakh text: one allocation.
        let mut tokens = Vec::with_capacity(text.len() / 5 + 16);
        tokens.extend(tokenize(text));
        let res = &*self.resources;
        let ctx = CheckContext {
            source,
            text,
            tokens: &tokens,
            lexicon: res.lexicon.get(),
            user_words: &res.user_words,
            confusions: res.confusions(),
            corrections: &res.corrections,
            confidences,
        };
        let mut out = Vec::new();
        for (rule, severity) in &self.rules {
            let first = out.len();
            rule.check(&ctx, &mut out);
            for d in &mut out[first..] {
                d.severity = *severity;
            }
        }
        if !res.ignore_re.is_empty() {
            let ignored: Vec<_> = res
                .ignore_re
                .iter()
                .flat_map(|re| re.find_iter(text).map(|m| m.range()))
                .collect();
            out.retain(|d| {
                !ignored
                    .iter()
                    .any(|r| d.span.start < r.end && r.start < d.span.end.max(d.span.start + 1))
            });
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
