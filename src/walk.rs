//! Turning command-line paths into the list of inputs to check.
//!
//! Directories are walked recursively with `.gitignore`, `.ignore` and
//! `.emleignore` files respected and hidden files skipped (the `ignore` crate,
//! as ripgrep does). Inputs come out sorted by path within each argument, so
//! output is the same on every run whatever the number of threads.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::source::Origin;

/// The ignore file emle reads besides `.gitignore` and `.ignore`.
pub const IGNORE_FILE: &str = ".emleignore";

/// emle's own files, never checked when walking a directory: the project
/// configuration lists known damage (`"Кенес" = "Кеңес"`) on purpose.
pub const OWN_FILES: [&str; 2] = ["emle.toml", "pyproject.toml"];

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Glob patterns of paths to leave out (`archive/**`, `*.bak`).
    pub exclude: Vec<String>,
    /// Apply `exclude` to paths named explicitly too (as pre-commit passes them).
    pub force_exclude: bool,
    /// File name extensions to check inside directories (`txt`, `md`); empty: all.
    pub types: Vec<String>,
    /// Do not read `.gitignore`, `.ignore` or `.emleignore` files.
    pub no_ignore: bool,
}

/// One input to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, or standard input.
    pub origin: Origin,
    /// Named on the command line (not found by walking a directory): a binary
    /// file named explicitly is an error, one found in a directory is skipped.
    pub explicit: bool,
}

/// A path that could not be walked, with the reason.
#[derive(Debug)]
pub struct WalkError {
    /// The path that failed.
    pub path: PathBuf,
    /// Why.
    pub error: std::io::Error,
}

/// A bad `--exclude` pattern.
#[derive(Debug, thiserror::Error)]
#[error("invalid exclude pattern: {0}")]
pub struct PatternError(#[from] globset::Error);

/// Expands `paths` (`-` is standard input) into inputs, in a stable order.
/// Paths that do not exist or cannot be walked are returned as errors; the
/// others are still listed.
pub fn inputs(
    paths: &[PathBuf],
    opts: &WalkOptions,
) -> Result<(Vec<Input>, Vec<WalkError>), PatternError> {
    let excludes = exclude_set(&opts.exclude)?;
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Input {
                origin: Origin::Stdin,
                explicit: true,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, opts, &excludes, &mut found, &mut errors),
            Ok(_) => {
                if !(opts.force_exclude && is_excluded(&excludes, path)) {
                    found.push(Input {
                        origin: Origin::File(path.clone()),
                        explicit: true,
                    });
                }
            }
            Err(error) => errors.push(WalkError {
                path: path.clone(),
                error,
            }),
        }
    }
    Ok((found, errors))
}

fn exclude_set(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p)?);
        // `dir` also excludes everything below it.
        if !p.ends_with("/**") {
            builder.add(Glob::new(&format!("{}/**", p.trim_end_matches('/')))?);
        }
    }
    builder.build()
}

/// Whether `path` (or the same path without a leading `./`) matches an exclude.
fn is_excluded(excludes: &GlobSet, path: &Path) -> bool {
    if excludes.is_empty() {
        return false;
    }
    let trimmed = path.strip_prefix("./").unwrap_or(path);
    excludes.is_match(path)
        || excludes.is_match(trimmed)
        || path.file_name().is_some_and(|n| excludes.is_match(n))
}

fn walk_dir(
    dir: &Path,
    opts: &WalkOptions,
    excludes: &GlobSet,
    found: &mut Vec<Input>,
    errors: &mut Vec<WalkError>,
) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .hidden(true)
        .parents(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(false)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    if !opts.no_ignore {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    let excludes_for_filter = excludes.clone();
    builder.filter_entry(move |e| !is_excluded(&excludes_for_filter, e.path()));
    for entry in builder.build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let path = e.into_path();
                let own = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| OWN_FILES.contains(&n));
                if !own && has_wanted_type(&path, &opts.types) {
                    found.push(Input {
                        origin: Origin::File(path),
                        explicit: false,
                    });
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = match &e {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_path_buf(),
                };
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk this path"));
                errors.push(WalkError { path, error });
            }
        }
    }
}

fn has_wanted_type(path: &Path, types: &[String]) -> bool {
    types.is_empty()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| types.iter().any(|t| t.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, found: &[Input]) -> Vec<String> {
        found
            .iter()
            .map(|i| {
                i.origin
                    .path()
                    .unwrap()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["b", ".git", "archive", "build"] {
            std::fs::create_dir(d.join(sub)).unwrap();
        }
        for f in [
            "b/z.txt",
            "a.txt",
            ".git/x",
            ".hidden.txt",
            "archive/old.txt",
            "build/out.txt",
            "notes.md",
            "scan.tif",
            "emle.toml",
            "b/pyproject.toml",
        ] {
            std::fs::write(d.join(f), "").unwrap();
        }
        std::fs::write(d.join(".gitignore"), "build/\n").unwrap();
        std::fs::write(d.join(IGNORE_FILE), "*.tif\n").unwrap();
        dir
    }

    #[test]
    fn walks_sorted_respecting_ignore_files() {
        let dir = tree();
        let missing = dir.path().join("missing");
        let (found, errors) = inputs(
            &[dir.path().to_path_buf(), missing.clone()],
            &WalkOptions::default(),
        )
        .unwrap();
        assert_eq!(
            names(dir.path(), &found),
            vec!["a.txt", "archive/old.txt", "b/z.txt", "notes.md"]
        );
        assert!(found.iter().all(|i| !i.explicit));
        // The configuration is skipped in directories, not when named.
        let named = inputs(&[dir.path().join("emle.toml")], &WalkOptions::default()).unwrap();
        assert_eq!(named.0.len(), 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, missing);
    }

    #[test]
    fn excludes_and_types() {
        let dir = tree();
        let opts = WalkOptions {
            exclude: vec!["archive".into()],
            types: vec!["txt".into()],
            ..WalkOptions::default()
        };
        let (found, _) = inputs(&[dir.path().to_path_buf()], &opts).unwrap();
        assert_eq!(names(dir.path(), &found), vec!["a.txt", "b/z.txt"]);
    }

    #[test]
    fn force_exclude_applies_to_explicit_paths() {
        let dir = tree();
        let explicit = dir.path().join("archive/old.txt");
        let mut opts = WalkOptions {
            exclude: vec!["**/archive/**".into()],
            ..WalkOptions::default()
        };
        let (found, _) = inputs(std::slice::from_ref(&explicit), &opts).unwrap();
        assert_eq!(
            found.len(),
            1,
            "explicit paths are checked without --force-exclude"
        );
        assert!(found[0].explicit);
        opts.force_exclude = true;
        let (found, _) = inputs(&[explicit], &opts).unwrap();
        assert!(found.is_empty());
    }

    #[test]
    fn bad_pattern_is_an_error() {
        let opts = WalkOptions {
            exclude: vec!["a[".into()],
            ..WalkOptions::default()
        };
        assert!(inputs(&[], &opts).is_err());
    }
}
