//! Project configuration: `emle.toml` (or `[tool.emle]` in `pyproject.toml`).
//!
//! Configuration is user input, so every unknown key is an error that names
//! the line and, when a known key is close, suggests it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// File names searched for, in order, in each directory.
pub const CONFIG_FILES: [&str; 3] = ["emle.toml", ".emle.toml", "pyproject.toml"];

/// The whole configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Run only these rules (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// Never run these rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Glob patterns of paths never checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Regular expressions of text never flagged (folio numbers, running
    /// heads, Latin citations): a diagnostic inside a match is dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_ignore_re: Vec<String>,
    /// Per-rule settings, keyed by rule code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleConfig>,
    /// Project words and an alternative lexicon.
    #[serde(default, skip_serializing_if = "LexiconConfig::is_empty")]
    pub lexicon: LexiconConfig,
    /// A confusion table (TSV, as written by `emle train confusions`) to use
    /// instead of the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confusions: Option<PathBuf>,
    /// The table for documents read without the Kazakh letters (from `emle
    /// train confusions --unlettered`). Unset, the built-in one serves with
    /// the built-in `confusions`, and none with a project's own table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlettered_confusions: Option<PathBuf>,
    /// Recurring damage of this project and its correction, applied as safe
    /// fixes (`"Кенес" = "Кеңес"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub corrections: BTreeMap<String, String>,
    /// Settings for some paths only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// Settings of one rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleConfig {
    /// The severity of its diagnostics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

/// Project words and lexicon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconConfig {
    /// Words accepted on top of the lexicon (`stem:noun`, `stem:verb` also
    /// accept the inflected forms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Files of such words, one per line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PathBuf>,
    /// A compiled lexicon to use instead of the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}

impl LexiconConfig {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.files.is_empty() && self.path.is_none()
    }
}

/// Settings that apply to the paths matching some globs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Glob patterns of the paths concerned (relative to the configuration file).
    pub paths: Vec<String>,
    /// Run only these rules on them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// Do not run these rules on them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Per-rule settings for them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleConfig>,
}

/// A configuration that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The configuration file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys or bad values.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong, with the line.
        message: String,
    },
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// The file they came from (none: defaults).
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The directory relative paths in the configuration are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Resolves a path of the configuration against its directory.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir().join(path)
        }
    }
}

/// Parses `emle.toml` text (or a `pyproject.toml`, using its `[tool.emle]`).
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        #[derive(Deserialize)]
        struct Pyproject {
            tool: Option<Tool>,
        }
        #[derive(Deserialize)]
        struct Tool {
            emle: Option<toml::Value>,
        }
        let py: Pyproject = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let Some(value) = py.tool.and_then(|t| t.emle) else {
            return Ok(Config::default());
        };
        // Re-serialise the table so errors can still name keys.
        let table = toml::to_string(&value).map_err(|e| invalid(e.to_string()))?;
        return toml::from_str(&table).map_err(|e| invalid(explain(&e.to_string())));
    }
    toml::from_str(text).map_err(|e| invalid(explain(&e.to_string())))
}

/// Adds a "did you mean" to serde's "unknown field `x`, expected one of …".
fn explain(message: &str) -> String {
    let Some(rest) = message.split("unknown field `").nth(1) else {
        return message.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|&(score, _)| score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("{}\ndid you mean `{k}`?", message.trim_end()),
        None => message.to_string(),
    }
}

/// Reads one configuration file.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Loaded {
        config: parse(&text, path)?,
        path: Some(path.to_path_buf()),
    })
}

/// Finds the configuration for `start`: the first `emle.toml`, `.emle.toml`,
/// or `pyproject.toml` with a `[tool.emle]` table, in it or a parent.
pub fn discover(start: &Path) -> Result<Loaded, ConfigError> {
    for dir in start.ancestors() {
        for name in CONFIG_FILES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            if name == "pyproject.toml" {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
                    path: path.clone(),
                    source,
                })?;
                if !text.contains("[tool.emle") {
                    continue;
                }
            }
            return load(&path);
        }
    }
    Ok(Loaded::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("emle.toml"))
    }

    #[test]
    fn full_configuration_parses() {
        let c = parse_str(
            r#"
select = ["mixed-script", "spacing"]
ignore = ["broken-line"]
exclude = ["archive/**"]
extend-ignore-re = ['^\d+$']
confusions = "my.tsv"
unlettered-confusions = "my-unlettered.tsv"

[rules.spacing]
severity = "info"

[lexicon]
words = ["Ленинград:noun"]
files = ["words.txt"]

[corrections]
"Кенес" = "Кеңес"

[[overrides]]
paths = ["archive/1930s/**"]
ignore = ["unknown-word"]
"#,
        )
        .unwrap();
        assert_eq!(c.select, vec!["mixed-script", "spacing"]);
        assert_eq!(c.rules["spacing"].severity, Some(Severity::Info));
        assert_eq!(c.corrections["Кенес"], "Кеңес");
        assert_eq!(c.overrides[0].ignore, vec!["unknown-word"]);
        assert_eq!(c.lexicon.words, vec!["Ленинград:noun"]);
        assert_eq!(
            c.unlettered_confusions,
            Some(PathBuf::from("my-unlettered.tsv"))
        );
    }

    #[test]
    fn unknown_keys_name_the_line_and_suggest() {
        let err = parse_str("select = []\nselct = [\"spacing\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("did you mean `select`?"), "{err}");
        let err = parse_str("[rules.spacing]\nseverty = \"info\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `severity`?"), "{err}");
        let err = parse_str("[rules.spacing]\nseverity = \"loud\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn pyproject_tool_table() {
        let c = parse(
            "[project]\nname = \"x\"\n[tool.emle]\nignore = [\"spacing\"]\n",
            Path::new("pyproject.toml"),
        )
        .unwrap();
        assert_eq!(c.ignore, vec!["spacing"]);
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join("emle.toml"), "ignore = [\"spacing\"]\n").unwrap();
        let loaded = discover(&deep).unwrap();
        assert_eq!(loaded.config.ignore, vec!["spacing"]);
        assert_eq!(loaded.base_dir(), dir.path());
    }
}
