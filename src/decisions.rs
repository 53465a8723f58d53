//! Review decisions: what a person decided about a diagnostic, kept in a
//! JSON Lines file so that a review can stop and resume, be replayed on other
//! files (`emle apply`) and teach the error model (`emle train confusions`).
//!
//! One object per line:
//!
//! ```json
//! {"rule":"unknown-word","file":"texts/a.txt","original":"Кенес","decision":"accept","replacement":"Кеңес","context":"1f0c…","time":"2026-11-28T03:30:00Z"}
//! ```
//!
//! `context` is [`crate::fingerprint::fingerprint`]: rule,
//! flagged text and the text around it, no line numbers, so a decision still
//! matches after edits elsewhere in the file. Lines are only ever appended;
//! a later line for the same (rule, original, context) overrides an earlier
//! one. Unknown keys are ignored, so other tools may add their own.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::fingerprint::fingerprint;

/// Where decisions are kept, relative to the project root.
pub const DEFAULT_PATH: &str = ".emle/decisions.jsonl";

/// Where `emle review` adds the words a reviewer keeps, relative to the
/// project root; the project loads it like a `[lexicon] files` entry.
pub const WORDS_PATH: &str = ".emle/words.txt";

/// What the reviewer chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Took one of the ranked suggestions.
    Accept,
    /// Typed a replacement by hand.
    Edit,
    /// Kept the text as it is.
    Reject,
    /// Kept the text and added the word to the project's words.
    AddWord,
}

impl Verdict {
    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Edit => "edit",
            Verdict::Reject => "reject",
            Verdict::AddWord => "add-word",
        }
    }

    /// Whether the decision changes the text (accept or edit).
    pub fn changes_text(self) -> bool {
        matches!(self, Verdict::Accept | Verdict::Edit)
    }
}

/// One decision, as one line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The rule code of the diagnostic.
    pub rule: String,
    /// The file it was made in, relative to the project root (`/` separated);
    /// for information only.
    #[serde(default)]
    pub file: String,
    /// The flagged text.
    pub original: String,
    /// What was decided.
    pub decision: Verdict,
    /// The new text, for `accept` and `edit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// The diagnostic's fingerprint in its text (16 hex digits).
    pub context: String,
    /// When, in UTC (RFC 3339, whole seconds); for information only.
    #[serde(default)]
    pub time: String,
}

impl Decision {
    /// A decision about `diagnostic` in `text`, made now.
    pub fn new(
        text: &str,
        diagnostic: &Diagnostic,
        file: impl Into<String>,
        decision: Verdict,
        replacement: Option<String>,
    ) -> Decision {
        Decision {
            rule: diagnostic.code.to_string(),
            file: file.into(),
            original: text.get(diagnostic.span.clone()).unwrap_or("").to_string(),
            decision,
            replacement: if decision.changes_text() {
                replacement
            } else {
                None
            },
            context: fingerprint(text, diagnostic),
            time: now_utc(),
        }
    }

    /// The replacement when the decision changes the text.
    pub fn new_text(&self) -> Option<&str> {
        self.replacement
            .as_deref()
            .filter(|_| self.decision.changes_text())
    }

    fn key(&self) -> Key {
        (
            self.rule.clone(),
            self.original.clone(),
            self.context.clone(),
        )
    }

    /// Whether two decisions say the same about the text.
    fn agrees_with(&self, other: &Decision) -> bool {
        self.decision.changes_text() == other.decision.changes_text()
            && self.new_text() == other.new_text()
    }
}

/// A decisions file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    /// The file exists but could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The decisions file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a decision.
    #[error("{}:{line}: not a decision: {message}", path.display())]
    Malformed {
        /// The decisions file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the JSON reader said.
        message: String,
    },
}

/// (rule, original, context).
type Key = (String, String, String);

/// The decisions of a file, the latest one per case, and where to append.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    path: PathBuf,
    latest: HashMap<Key, Decision>,
    /// Contexts decided for each (rule, original), for recurring damage.
    pairs: HashMap<(String, String), Vec<String>>,
    /// Decisions in file order, later ones overriding earlier ones.
    order: Vec<Key>,
}

impl Decisions {
    /// An empty set that appends to `path`.
    pub fn new(path: impl Into<PathBuf>) -> Decisions {
        Decisions {
            path: path.into(),
            ..Decisions::default()
        }
    }

    /// Reads the decisions at `path`; a missing file is an empty set.
    pub fn load(path: &Path) -> Result<Decisions, DecisionsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Decisions::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Decisions::new(path)),
            Err(source) => Err(DecisionsError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses decisions JSON Lines text; `path` names the file in errors and
    /// is where [`Decisions::append`] writes.
    pub fn parse(text: &str, path: &Path) -> Result<Decisions, DecisionsError> {
        let mut decisions = Decisions::new(path);
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let d: Decision =
                serde_json::from_str(line).map_err(|e| DecisionsError::Malformed {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message: e.to_string(),
                })?;
            decisions.insert(d);
        }
        Ok(decisions)
    }

    /// The file decisions are appended to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many cases are decided.
    pub fn len(&self) -> usize {
        self.latest.len()
    }

    /// Whether nothing is decided.
    pub fn is_empty(&self) -> bool {
        self.latest.is_empty()
    }

    /// The latest decision of every case, in the order they were first made.
    pub fn iter(&self) -> impl Iterator<Item = &Decision> {
        self.order.iter().filter_map(|k| self.latest.get(k))
    }

    /// Adds a decision in memory, overriding an earlier one for the same case.
    pub fn insert(&mut self, d: Decision) {
        let key = d.key();
        if self.latest.insert(key.clone(), d).is_none() {
            self.pairs
                .entry((key.0.clone(), key.1.clone()))
                .or_default()
                .push(key.2.clone());
            self.order.push(key);
        }
    }

    /// Appends a decision to the file (creating it and its directory) and
    /// adds it in memory. Each line is written and flushed on its own, so a
    /// crash loses at most the decision being made.
    pub fn append(&mut self, d: Decision) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_string(&d).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()?;
        self.insert(d);
        Ok(())
    }

    /// The decision made for exactly this case: same rule, flagged text and
    /// context. This is what `emle review` asks before asking a person.
    pub fn lookup(&self, text: &str, diagnostic: &Diagnostic) -> Option<&Decision> {
        let original = text.get(diagnostic.span.clone())?;
        self.latest.get(&(
            diagnostic.code.to_string(),
            original.to_string(),
            fingerprint(text, diagnostic),
        ))
    }

    /// Like [`Decisions::lookup`], and failing that the decision for the same
    /// rule and flagged text anywhere, when every decision for that pair
    /// agrees: the same damage recurs across the volumes of one scan. This is
    /// what `emle apply` uses.
    pub fn lookup_recurring(&self, text: &str, diagnostic: &Diagnostic) -> Option<&Decision> {
        if let Some(d) = self.lookup(text, diagnostic) {
            return Some(d);
        }
        let original = text.get(diagnostic.span.clone())?;
        let rule = diagnostic.code.to_string();
        let contexts = self.pairs.get(&(rule.clone(), original.to_string()))?;
        let mut found = contexts.iter().filter_map(|c| {
            self.latest
                .get(&(rule.clone(), original.to_string(), c.clone()))
        });
        let first = found.next()?;
        found.all(|d| d.agrees_with(first)).then_some(first)
    }

    /// The `(original, replacement)` pairs of accepted and edited decisions,
    /// for training the error model.
    pub fn corrections(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter()
            .filter_map(|d| Some((d.original.as_str(), d.new_text()?)))
    }
}

/// The current time in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::tests::unknown_word_at as diag;

    fn accept(text: &str, word: &str, to: &str) -> Decision {
        Decision::new(
            text,
            &diag(text, word),
            "a.txt",
            Verdict::Accept,
            Some(to.into()),
        )
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".emle/decisions.jsonl");
        let text = "Осы жерде Кенес одағы туралы.";
        let mut ds = Decisions::load(&path).unwrap();
        assert!(ds.is_empty());
        let d = accept(text, "Кенес", "Кеңес");
        ds.append(d.clone()).unwrap();
        let reject = Decision::new(
            text,
            &diag(text, "одағы"),
            "a.txt",
            Verdict::Reject,
            Some("x".into()),
        );
        assert_eq!(reject.replacement, None);
        ds.append(reject.clone()).unwrap();
        let again = Decisions::load(&path).unwrap();
        assert_eq!(again.iter().cloned().collect::<Vec<_>>(), vec![d, reject]);
        let line = std::fs::read_to_string(&path).unwrap();
        let first = line.lines().next().unwrap();
        assert!(first.starts_with(r#"{"rule":"unknown-word","file":"a.txt","original":"Кенес","decision":"accept","replacement":"Кеңес","context":""#), "{first}");
        assert!(!line.lines().nth(1).unwrap().contains("replacement"));
    }

    #[test]
    fn reads_extra_keys_nulls_and_reports_bad_lines() {
        let text = concat!(
            r#"{"rule":"r","file":"f","original":"o","decision":"reject","replacement":null,"context":"c","time":"t","reviewer":"A"}"#,
            "\n\n",
            r#"{"rule":"r","file":"f","original":"o","decision":"maybe","context":"c","time":"t"}"#,
            "\n"
        );
        let err = Decisions::parse(text, Path::new("d.jsonl")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("d.jsonl:3: not a decision:"),
            "{message}"
        );
        let first = text.lines().next().unwrap();
        let ds = Decisions::parse(first, Path::new("d.jsonl")).unwrap();
        assert_eq!(ds.iter().next().unwrap().decision, Verdict::Reject);
    }

    #[test]
    fn later_lines_override_earlier_ones() {
        let text = "Осы жерде Кенес одағы.";
        let mut ds = Decisions::new("d.jsonl");
        ds.insert(accept(text, "Кенес", "Кеңес"));
        ds.insert(accept(text, "Кенес", "Кенеc"));
        assert_eq!(ds.len(), 1);
        let d = ds.lookup(text, &diag(text, "Кенес")).unwrap();
        assert_eq!(d.new_text(), Some("Кенеc"));
    }

    #[test]
    fn exact_context_first_then_agreeing_recurrences() {
        let a = "Осы жерде Кенес одағы.";
        let b = "Мүлде басқа Кенес сөйлем.";
        let mut ds = Decisions::new("d.jsonl");
        ds.insert(accept(a, "Кенес", "Кеңес"));
        assert!(ds.lookup(b, &diag(b, "Кенес")).is_none());
        let d = ds.lookup_recurring(b, &diag(b, "Кенес")).unwrap();
        assert_eq!(d.new_text(), Some("Кеңес"));
        // A disagreeing decision elsewhere stops the recurrence match.
        let c = "Үшінші Кенес жолы.";
        ds.insert(Decision::new(
            c,
            &diag(c, "Кенес"),
            "b.txt",
            Verdict::Reject,
            None,
        ));
        assert!(ds.lookup_recurring(b, &diag(b, "Кенес")).is_none());
        assert!(ds.lookup_recurring(a, &diag(a, "Кенес")).is_some());
        assert_eq!(
            ds.corrections().collect::<Vec<_>>(),
            vec![("Кенес", "Кеңес")]
        );
    }

    #[test]
    fn formats_utc_times() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_836_600), "2026-11-28T03:30:00Z");
    }
}
