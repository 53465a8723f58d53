//! What rules report: diagnostics with a byte span, a message and suggestions.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never fails a run on its own in later configurations.
    Info,
    /// Most likely damage.
    Warning,
    /// Certain damage.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}` (expected info, warning or error)"
            )),
        }
    }
}

/// Whether a suggestion may be applied without a person looking at it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `emle fix`: the correction is certain.
    Safe,
    /// Applied only by `emle fix --unsafe` or after review.
    Review,
}

impl Applicability {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Review => "review",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One proposed correction: the text that should replace the diagnostic's span.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// The replacement for the whole primary span.
    pub replacement: String,
    /// Whether it may be applied unattended.
    pub applicability: Applicability,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
}

impl Suggestion {
    /// A suggestion that `emle fix` applies unattended.
    pub fn safe(replacement: impl Into<String>, confidence: f32) -> Suggestion {
        Suggestion {
            replacement: replacement.into(),
            applicability: Applicability::Safe,
            confidence: confidence.clamp(0.0, 1.0),
        }
    }

    /// A suggestion that needs a person.
    pub fn review(replacement: impl Into<String>, confidence: f32) -> Suggestion {
        Suggestion {
            replacement: replacement.into(),
            applicability: Applicability::Review,
            confidence: confidence.clamp(0.0, 1.0),
        }
    }
}

/// One finding: a rule code, a severity, a byte span in the source and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule's kebab-case code, e.g. `mixed-script`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The flagged bytes of the source text (end exclusive).
    pub span: Range<usize>,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Corrections, best first.
    pub suggestions: Vec<Suggestion>,
    /// Where the flagged word sits on the scanned page, for markup input
    /// (hOCR, ALTO, PAGE XML); `None` for plain text.
    pub location: Option<Box<WordLocation>>,
}

/// A word's place on the page and the OCR engine's confidence in it, as a
/// markup file gives them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WordLocation {
    /// The page number (1-based, or as the file numbers its pages).
    pub page: usize,
    /// The page's id or image name.
    pub page_id: Option<String>,
    /// The word element's id.
    pub element_id: Option<String>,
    /// The word's box: `[x0, y0, x1, y1]`.
    pub bbox: Option<[f64; 4]>,
    /// The OCR engine's confidence in the word, from 0 to 1.
    pub confidence: Option<f32>,
}

impl Diagnostic {
    /// A diagnostic without suggestions.
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            suggestions: Vec::new(),
            location: None,
        }
    }

    /// Adds a suggestion (call in order, best first).
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Diagnostic {
        self.suggestions.push(suggestion);
        self
    }

    /// The suggestion that a fix at `level` applies: the best one, and only
    /// when its applicability is allowed. A safe runner-up never overrides a
    /// better suggestion that needs review.
    pub fn fix_at(&self, level: Applicability) -> Option<&Suggestion> {
        self.suggestions
            .first()
            .filter(|s| s.applicability <= level)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An `unknown-word` diagnostic on the first `word` in `text`, for tests
    /// of what is keyed by a finding (fingerprints, decisions).
    pub(crate) fn unknown_word_at(text: &str, word: &str) -> Diagnostic {
        let start = text.find(word).expect("the word is in the text");
        Diagnostic::new(
            "unknown-word",
            Severity::Warning,
            start..start + word.len(),
            "m",
        )
    }
}
