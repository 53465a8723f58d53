//! Reading inputs and checking them on all cores, with output in path order.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use clap::Args;
use emle::source::{Encoding, Origin, Source, SourceError};
use emle::walk::{Input, WalkOptions};

use super::{Failure, report_error};

/// Which files to read: paths plus walking options, shared by every command
/// that takes paths.
#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Files or directories to check (`-` reads standard input). Directories
    /// are walked recursively, respecting .gitignore, .ignore and .emleignore.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Leave out paths matching this glob (may be repeated).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Apply --exclude to paths named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
    /// Inside directories, check only files with these extensions (comma-separated: txt,md).
    #[arg(long = "type", value_delimiter = ',', value_name = "EXT")]
    pub types: Vec<String>,
    /// Do not read .gitignore, .ignore or .emleignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Read files in this encoding (kz-1048, pt154, windows-1251, …) instead of detecting
    /// UTF-8 or UTF-16; fixes are written back in it.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<Encoding>,
}

fn parse_encoding(name: &str) -> Result<Encoding, String> {
    Encoding::for_label(name).ok_or_else(|| {
        format!("unknown encoding `{name}` (try utf-8, utf-16le, utf-16be, kz-1048, pt154, windows-1251, koi8-r)")
    })
}

impl PathArgs {
    /// Walk options from these flags plus configured excludes.
    pub fn walk_options(&self, configured_excludes: &[String]) -> WalkOptions {
        let mut exclude = configured_excludes.to_vec();
        exclude.extend(self.exclude.iter().cloned());
        WalkOptions {
            exclude,
            force_exclude: self.force_exclude,
            types: self.types.clone(),
            no_ignore: self.no_ignore,
        }
    }
}

/// Expands paths into inputs, printing an error line for each bad path.
/// Returns the inputs and whether any path failed.
pub fn expand(paths: &[PathBuf], opts: &WalkOptions) -> Result<(Vec<Input>, bool), Failure> {
    let (inputs, errors) =
        emle::walk::inputs(paths, opts).map_err(|e| Failure::Usage(e.to_string()))?;
    for e in &errors {
        report_error(&format!("{}: {}", e.path.display(), e.error));
    }
    Ok((inputs, !errors.is_empty()))
}

/// What reading one input gave.
pub enum Loaded {
    /// Its text.
    Source(Source),
    /// A binary file found while walking a directory: skipped silently.
    Skipped,
    /// It could not be read; the message names the input.
    Error(String),
}

/// Reads one input, in `encoding` or detecting it.
pub fn load(input: &Input, encoding: Option<Encoding>) -> Loaded {
    load_mapped(input, encoding, false)
}

/// Reads one input as [`load`] does, but with `map`, maps a large file
/// into memory instead of copying it (see [`Source::map`]): for work that
/// only reads its files.
pub fn load_mapped(input: &Input, encoding: Option<Encoding>, map: bool) -> Loaded {
    let result = match &input.origin {
        Origin::File(path) if map => Source::map(path, encoding),
        Origin::File(path) => Source::read_with(path, encoding),
        Origin::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(SourceError::from)
                .and_then(|_| Source::decode(Origin::Stdin, bytes, encoding))
        }
    };
    match result {
        Ok(source) => Loaded::Source(source),
        Err(SourceError::Binary { .. }) if !input.explicit => Loaded::Skipped,
        Err(e) => Loaded::Error(format!("{}: {e}", input.origin)),
    }
}

/// Runs `work` on every input on as many threads as the pool has (`-j`) and
/// hands the results to `sink` in input order, on the calling thread, while
/// the workers go on: writing the report overlaps checking. Workers run at
/// most a window of inputs ahead of the sink, so memory holds a bounded
/// number of results whatever the corpus size. An error from `sink` stops
/// the workers and is returned.
pub fn for_each_ordered<R: Send>(
    inputs: &[Input],
    work: impl Fn(&Input) -> R + Sync,
    mut sink: impl FnMut(&Input, R) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let threads = rayon::current_num_threads().max(1);
    if threads == 1 || inputs.len() < 2 {
        for input in inputs {
            sink(input, work(input))?;
        }
        return Ok(());
    }
    let window = threads * 32;
    let next = AtomicUsize::new(0);
    // How many results the sink has taken; `usize::MAX` once it stopped.
    let taken = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, taken, work) = (&next, &taken, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() {
                        break;
                    }
                    {
                        let mut t = taken.0.lock().unwrap_or_else(|e| e.into_inner());
                        while *t != usize::MAX && i >= *t + window {
                            t = taken.1.wait(t).unwrap_or_else(|e| e.into_inner());
                        }
                        if *t == usize::MAX {
                            break;
                        }
                    }
                    if tx.send((i, work(&inputs[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        let mut outcome = Ok(());
        'results: for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&want) {
                if let Err(e) = sink(&inputs[want], result) {
                    outcome = Err(e);
                    break 'results;
                }
                want += 1;
                *taken.0.lock().unwrap_or_else(|e| e.into_inner()) = want;
                taken.1.notify_all();
            }
        }
        if outcome.is_err() {
            *taken.0.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX;
            taken.1.notify_all();
        }
        outcome
    })
}

/// A progress bar on standard error for long runs on a terminal: files done
/// of the total, MB/s and time left. It appears only after a second, and
/// never when standard error is not a terminal or with `--quiet`.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    bytes: std::cell::Cell<u64>,
    shown: std::cell::Cell<bool>,
}

/// Runs shorter than this show no progress bar.
const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

impl Progress {
    /// A progress bar over these inputs.
    pub fn new(inputs: &[Input], quiet: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = (!quiet && io::stderr().is_terminal() && inputs.len() > 1).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(inputs.len() as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {msg}  eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: std::time::Instant::now(),
            bytes: std::cell::Cell::new(0),
            shown: std::cell::Cell::new(false),
        }
    }

    /// Counts one more input of `bytes` bytes.
    pub fn advance(&self, bytes: usize) {
        let Some(bar) = &self.bar else { return };
        self.bytes.set(self.bytes.get() + bytes as u64);
        let elapsed = self.started.elapsed();
        if !self.shown.get() && elapsed >= PROGRESS_DELAY {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.shown.set(true);
        }
        let mb_s = self.bytes.get() as f64 / 1e6 / elapsed.as_secs_f64().max(1e-3);
        bar.set_message(format!("{mb_s:.1} MB/s"));
        bar.inc(1);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
