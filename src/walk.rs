//! Turning command-line paths into the list of inputs to check.
//!
//! Directories are walked recursively; hidden files and folders (a name
//! starting with `.`) are skipped. Inputs come out sorted by path within each
//! argument, so output is the same on every run.

use std::path::{Path, PathBuf};

use crate::source::Origin;

/// A path that could not be walked, with the reason.
#[derive(Debug)]
pub struct WalkError {
    /// The path that failed.
    pub path: PathBuf,
    /// Why.
    pub error: std::io::Error,
}

/// Expands `paths` (`-` is standard input) into inputs, in a stable order.
/// Paths that do not exist or cannot be walked are returned as errors; the
/// others are still listed.
pub fn inputs(paths: &[PathBuf]) -> (Vec<Origin>, Vec<WalkError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            found.push(Origin::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, &mut found, &mut errors),
            Ok(_) => found.push(Origin::File(path.clone())),
            Err(error) => errors.push(WalkError {
                path: path.clone(),
                error,
            }),
        }
    }
    (found, errors)
}

fn walk_dir(dir: &Path, found: &mut Vec<Origin>, errors: &mut Vec<WalkError>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => found.push(Origin::File(e.into_path())),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                errors.push(WalkError { path, error });
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join("b/z.txt"), "").unwrap();
        std::fs::write(dir.path().join("a.txt"), "").unwrap();
        std::fs::write(dir.path().join(".git/x"), "").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "").unwrap();
        let missing = dir.path().join("missing");
        let (found, errors) = inputs(&[dir.path().to_path_buf(), missing.clone()]);
        let names: Vec<_> = found
            .iter()
            .map(|o| {
                o.path()
                    .unwrap()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            names,
            vec![PathBuf::from("a.txt"), PathBuf::from("b/z.txt")]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, missing);
    }
}
