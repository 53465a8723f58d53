//! A project: the configuration resolved into linters, one per set of
//! per-path overrides that apply.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;

use crate::config::{Config, Loaded, Override};
use crate::engine::{LexiconHandle, Linter, Resources};
use crate::errormodel::ConfusionTable;
use crate::lexicon::{Lexicon, UserWords};
use crate::rules::Selection;
use crate::source::Origin;

/// Why a project could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// A rule code, pattern or file named in the configuration is wrong.
    #[error("{0}")]
    Invalid(String),
}

/// What the command line adds to (or replaces in) the configuration.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    /// `--select`: replaces the configured selection when not empty.
    pub select: Vec<String>,
    /// `--ignore`: added to the configured ones.
    pub ignore: Vec<String>,
    /// `--lexicon`: replaces the configured lexicon.
    pub lexicon: Option<PathBuf>,
    /// `--words`: added to the configured word files.
    pub words: Vec<PathBuf>,
    /// `--confusions`: replaces the configured table.
    pub confusions: Option<PathBuf>,
    /// `--unlettered-confusions`: replaces the configured one.
    pub unlettered_confusions: Option<PathBuf>,
}

/// The configuration turned into linters.
#[derive(Debug)]
pub struct Project {
    base: Arc<Linter>,
    selection: Selection,
    resources: Arc<Resources>,
    overrides: Vec<(GlobSet, Override)>,
    base_dir: PathBuf,
    excludes: Vec<String>,
    cache: Mutex<HashMap<Vec<usize>, Arc<Linter>>>,
}

fn invalid(message: impl Into<String>) -> ProjectError {
    ProjectError::Invalid(message.into())
}

impl Project {
    /// Resolves a loaded configuration and the command line.
    pub fn new(loaded: &Loaded, cli: &CommandLine) -> Result<Project, ProjectError> {
        let config: &Config = &loaded.config;
        let mut selection = Selection {
            select: if cli.select.is_empty() {
                config.select.clone()
            } else {
                cli.select.clone()
            },
            ignore: config.ignore.iter().chain(&cli.ignore).cloned().collect(),
            severity: config
                .rules
                .iter()
                .filter_map(|(code, r)| r.severity.map(|s| (code.clone(), s)))
                .collect(),
        };
        selection.select.dedup();

        let mut resources = Resources::default();
        let lexicon_path = cli
            .lexicon
            .clone()
            .or_else(|| config.lexicon.path.as_ref().map(|p| loaded.resolve(p)));
        if let Some(path) = lexicon_path {
            let lexicon = Lexicon::from_path(&path)
                .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            resources.lexicon = LexiconHandle::Loaded(Arc::new(lexicon));
        }
        let mut words = UserWords::new();
        for w in &config.lexicon.words {
            words
                .add(resources.lexicon.get(), w)
                .map_err(|e| invalid(format!("[lexicon] words: `{w}`: {e}")))?;
        }
        let files = config
            .lexicon
            .files
            .iter()
            .map(|p| loaded.resolve(p))
            .chain(cli.words.iter().cloned())
            // Words kept during `emle review`, when there are any.
            .chain(
                Some(loaded.base_dir().join(crate::decisions::WORDS_PATH)).filter(|p| p.is_file()),
            );
        for path in files {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            words
                .add_lines(resources.lexicon.get(), &text)
                .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        }
        resources.user_words = words;
        let load_table = |cli: &Option<PathBuf>, configured: &Option<PathBuf>| {
            let Some(path) = cli
                .clone()
                .or_else(|| configured.as_ref().map(|p| loaded.resolve(p)))
            else {
                return Ok(None);
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            let table = ConfusionTable::load(&text)
                .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
            Ok(Some(Arc::new(table)))
        };
        resources.confusions = load_table(&cli.confusions, &config.confusions)?;
        resources.unlettered_confusions =
            load_table(&cli.unlettered_confusions, &config.unlettered_confusions)?;
        resources.corrections = config
            .corrections
            .iter()
            .map(|(from, to)| (from.to_lowercase(), to.clone()))
            .collect();
        resources.ignore_re = config
            .extend_ignore_re
            .iter()
            .map(|re| {
                Regex::new(&format!("(?m){re}"))
                    .map_err(|e| invalid(format!("extend-ignore-re: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let resources = Arc::new(resources);

        let base = Arc::new(
            Linter::build(&selection, resources.clone()).map_err(|e| invalid(e.to_string()))?,
        );
        let mut overrides = Vec::new();
        for o in &config.overrides {
            let mut builder = GlobSetBuilder::new();
            for p in &o.paths {
                builder
                    .add(Glob::new(p).map_err(|e| invalid(format!("[[overrides]] paths: {e}")))?);
            }
            let set = builder
                .build()
                .map_err(|e| invalid(format!("[[overrides]] paths: {e}")))?;
            // Validate its rule codes now rather than on the first matching file.
            Linter::build(&apply(&selection, o), resources.clone())
                .map_err(|e| invalid(format!("[[overrides]]: {e}")))?;
            overrides.push((set, o.clone()));
        }
        Ok(Project {
            base,
            selection,
            resources,
            overrides,
            base_dir: loaded.base_dir(),
            excludes: config.exclude.clone(),
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The configured exclude patterns.
    pub fn excludes(&self) -> &[String] {
        &self.excludes
    }

    /// The linter for the project's files without overrides.
    pub fn linter(&self) -> &Arc<Linter> {
        &self.base
    }

    /// The linter for one input: the base one with every matching override applied.
    pub fn linter_for(&self, origin: &Origin) -> Arc<Linter> {
        let Some(path) = origin.path() else {
            return self.base.clone();
        };
        let relative = relative_to(path, &self.base_dir);
        let matched: Vec<usize> = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, (set, _))| set.is_match(&relative) || set.is_match(path))
            .map(|(i, _)| i)
            .collect();
        if matched.is_empty() {
            return self.base.clone();
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(matched.clone())
            .or_insert_with(|| {
                let selection = matched.iter().fold(self.selection.clone(), |s, &i| {
                    apply(&s, &self.overrides[i].1)
                });
                let linter = Linter::build(&selection, self.resources.clone());
                Arc::new(linter.unwrap_or_else(|_| {
                    Linter::build(&self.selection, self.resources.clone()).unwrap_or_default()
                }))
            })
            .clone()
    }
}

/// A selection with an override applied.
fn apply(base: &Selection, o: &Override) -> Selection {
    let mut s = base.clone();
    if !o.select.is_empty() {
        s.select = o.select.clone();
    }
    s.ignore.extend(o.ignore.iter().cloned());
    for (code, r) in &o.rules {
        if let Some(sev) = r.severity {
            s.severity.insert(code.clone(), sev);
        }
    }
    s
}

fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = path.strip_prefix("./").unwrap_or(path);
    if base.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    if let Ok(r) = path.strip_prefix(base) {
        return r.to_path_buf();
    }
    match (std::path::absolute(path), std::path::absolute(base)) {
        (Ok(p), Ok(b)) => p.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(p),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use crate::diagnostic::Severity;
    use crate::source::Source;

    fn project(toml: &str) -> Project {
        let loaded = Loaded {
            config: parse(toml, Path::new("emle.toml")).unwrap(),
            path: Some(PathBuf::from("emle.toml")),
        };
        Project::new(&loaded, &CommandLine::default()).unwrap()
    }

    fn codes(linter: &Linter, text: &str) -> Vec<(&'static str, Severity)> {
        let source = Source::from_string(Origin::Stdin, text.into());
        linter
            .check(&source)
            .into_iter()
            .map(|d| (d.code, d.severity))
            .collect()
    }

    #[test]
    fn severities_overrides_and_corrections() {
        let p = project(
            r#"
select = ["mixed-script", "spacing", "known-damage"]
[rules.spacing]
severity = "info"
[corrections]
"Кенес" = "Кеңес"
[[overrides]]
paths = ["archive/**"]
ignore = ["spacing"]
"#,
        );
        let text = "Кеңeс  КЕНЕС";
        assert_eq!(
            codes(p.linter(), text),
            vec![
                ("mixed-script", Severity::Warning),
                ("spacing", Severity::Info),
                ("known-damage", Severity::Warning)
            ]
        );
        let archived = p.linter_for(&Origin::File("archive/1930/a.txt".into()));
        assert_eq!(codes(&archived, text).len(), 2);
        let source = Source::from_string(Origin::Stdin, "КЕНЕС".into());
        let d = p.linter().check(&source);
        assert_eq!(d[0].suggestions[0].replacement, "КЕҢЕС");
    }

    #[test]
    fn ignore_patterns_drop_diagnostics() {
        let p = project("select = [\"mixed-script\"]\nextend-ignore-re = ['^Page \\d+.*$']\n");
        assert!(codes(p.linter(), "Page 12 Кеңeс\n").is_empty());
        assert_eq!(codes(p.linter(), "Кеңeс\n").len(), 1);
    }

    #[test]
    fn unknown_codes_in_configuration_are_errors() {
        let loaded = Loaded {
            config: parse("ignore = [\"spasing\"]\n", Path::new("emle.toml")).unwrap(),
            path: None,
        };
        let err = Project::new(&loaded, &CommandLine::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `spacing`"), "{err}");
    }
}
