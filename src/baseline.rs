//! Baselines: record today's findings so that only new ones are reported.
//!
//! A large corpus can adopt emle gradually: `emle check --write-baseline
//! emle-baseline.json` records what is there, and `--baseline` reports only
//! findings not in it. Findings are keyed by file, rule, flagged text and a
//! hash of the text around them, never by line numbers, so edits elsewhere in
//! a file do not invalidate the baseline.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::fingerprint::fingerprint;

/// The file format version.
const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The file, as given on the command line.
    pub path: String,
    /// The rule code.
    pub code: String,
    /// The flagged text (for people reading the file).
    pub text: String,
    /// Rule, text and context, hashed.
    pub fingerprint: String,
}

/// The baseline file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// The format version.
    pub version: u32,
    /// Recorded findings, sorted by path.
    pub findings: Vec<Entry>,
}

/// A baseline file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The baseline file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("{}: not an emle baseline: {message}", path.display())]
    Invalid {
        /// The baseline file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Baseline {
    /// An empty baseline to record into.
    pub fn new() -> Baseline {
        Baseline {
            version: VERSION,
            findings: Vec::new(),
        }
    }

    /// Records one file's findings.
    pub fn record(&mut self, path: &str, text: &str, diagnostics: &[Diagnostic]) {
        self.findings.extend(diagnostics.iter().map(|d| Entry {
            path: key_path(path).to_string(),
            code: d.code.to_string(),
            text: text.get(d.span.clone()).unwrap_or("").to_string(),
            fingerprint: fingerprint(text, d),
        }));
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| BaselineError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if b.version != VERSION {
            return Err(BaselineError::Invalid {
                path: path.to_path_buf(),
                message: format!("version {} (this emle writes version {VERSION})", b.version),
            });
        }
        Ok(b)
    }

    /// Writes the baseline (atomically) as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| BaselineError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        text.push('\n');
        if !path.exists() {
            std::fs::write(path, "").map_err(|source| BaselineError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        crate::fix::write_atomic(path, text.as_bytes()).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// A filter that lets through only findings not in this baseline.
    pub fn filter(&self) -> BaselineFilter {
        let mut remaining: HashMap<(String, String), usize> = HashMap::new();
        for e in &self.findings {
            *remaining
                .entry((key_path(&e.path).to_string(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        BaselineFilter { remaining }
    }
}

/// Removes known findings, each as many times as it was recorded.
#[derive(Debug, Clone)]
pub struct BaselineFilter {
    remaining: HashMap<(String, String), usize>,
}

impl BaselineFilter {
    /// Keeps only the diagnostics of one file that the baseline does not hold.
    pub fn new_findings(
        &mut self,
        path: &str,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter(|d| {
                let key = (key_path(path).to_string(), fingerprint(text, d));
                match self.remaining.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

/// A path as the baseline keys it: `./page.txt` and `page.txt` are one
/// file, whether the run walked `.` or named the file.
fn key_path(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diags(text: &str, word: &str) -> Vec<Diagnostic> {
        text.match_indices(word)
            .map(|(i, w)| Diagnostic::new("unknown-word", Severity::Warning, i..i + w.len(), "m"))
            .collect()
    }

    #[test]
    fn old_findings_are_silenced_new_ones_reported() {
        let old = "Осы Кенес одағы.\nТағы Кенес одағы.\n";
        let mut b = Baseline::new();
        b.record("a.txt", old, &diags(old, "Кенес"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        b.write(&path).unwrap();
        let b = Baseline::load(&path).unwrap();

        // A line added above moves everything: still silenced.
        let new = "Жаңа жол.\nОсы Кенес одағы.\nТағы Кенес одағы.\nМына Кенес елі.\n";
        let mut f = b.filter();
        let left = f.new_findings("a.txt", new, diags(new, "Кенес"));
        assert_eq!(left.len(), 1);
        assert_eq!(&new[left[0].span.clone()], "Кенес");
        assert!(new[left[0].span.end..].starts_with(" елі"));
        // Another file is another file.
        let mut f = b.filter();
        assert_eq!(f.new_findings("b.txt", old, diags(old, "Кенес")).len(), 2);
    }

    #[test]
    fn bad_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, "{\"version\": 9, \"findings\": []}").unwrap();
        assert!(
            Baseline::load(&path)
                .unwrap_err()
                .to_string()
                .contains("version 9")
        );
        std::fs::write(&path, "nonsense").unwrap();
        assert!(Baseline::load(&path).is_err());
    }
}
