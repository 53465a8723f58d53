//! `emle review`: decide, one at a time, the corrections that need a person.
//!
//! Every decision is appended to the decisions file as it is made, so that
//! stopping (or a crash) loses nothing and a rerun asks only what is still
//! open. Accepted corrections are written into a file, atomically and in its
//! own encoding, when its review ends or at quit.

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use emle::decisions::{Decision, Decisions, Verdict, WORDS_PATH};
use emle::diagnostic::{Applicability, Diagnostic, Suggestion};
use emle::engine::Linter;
use emle::fingerprint::fingerprint;
use emle::fix::{Edit, apply_edits, plan_edits, write_atomic};
use emle::source::{Position, PositionCursor, Source};

use super::pipeline::{Loaded, PathArgs, expand, load};
use super::{Failure, LintArgs, Outcome, report_error};

mod keys;
mod screen;

use keys::{Answer, Keys};
use screen::Screen;

/// Arguments of `emle review`.
#[derive(Debug, Args)]
#[command(
    mut_arg("paths", |a| a.help(
        "Files or folders to review (folders are walked, respecting .gitignore, .ignore and .emleignore)"
    )),
    after_help = "\
Keys:
  1-9  accept that correction          e  type the correction yourself
  r    keep the text as it is          a  keep it and add the word to the project's words
  s    skip (asked again next time)    A  accept correction 1 wherever this word is flagged
  u    undo the last answer            q  quit (Ctrl-C too); everything decided is saved

Decisions are saved as you go in .emle/decisions.jsonl, and added words in
.emle/words.txt, both in the folder of emle.toml (or the current folder).
Run the same command again to go on where you stopped.

Examples:
  emle review texts/
  emle review --answers answers.txt texts/a.txt
  emle apply .emle/decisions.jsonl volume2/"
)]
pub struct ReviewArgs {
    #[command(flatten)]
    paths: PathArgs,
    /// Keep decisions in this file instead of .emle/decisions.jsonl.
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// Take the answers from this file, one per line (`1`, `e Кеңес`, `r`,
    /// `a`, `s`, `A`, `u`, `q`), instead of the keyboard. Without a
    /// keyboard, answers are read from standard input the same way.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Also ask about corrections marked safe (`emle fix` applies those
    /// without asking).
    #[arg(long)]
    include_safe: bool,
    #[command(flatten)]
    lint: LintArgs,
}

/// What happened to one diagnostic in this session.
#[derive(Debug, Clone, PartialEq)]
enum Done {
    Accepted(String),
    Edited(String),
    Rejected,
    Added,
    Skipped,
    /// A word added to the project's words earlier in this session.
    Covered,
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
struct Tally {
    accepted: usize,
    edited: usize,
    rejected: usize,
    added: usize,
    skipped: usize,
    remaining: usize,
    earlier: usize,
    files_left: usize,
}

impl Tally {
    fn count(&mut self, done: &Done) {
        match done {
            Done::Accepted(_) => self.accepted += 1,
            Done::Edited(_) => self.edited += 1,
            Done::Rejected => self.rejected += 1,
            Done::Added => self.added += 1,
            Done::Skipped => self.skipped += 1,
            Done::Covered => {}
        }
    }
}

/// The state undo goes back to: before the decision at `at`.
struct Step {
    at: usize,
    decisions_len: u64,
    words_len: u64,
    accept_all: HashMap<(String, String), String>,
    added: HashSet<String>,
}

/// One review session over many files.
struct Session<'a> {
    root: PathBuf,
    decisions: Decisions,
    words_path: PathBuf,
    /// (rule, text) pairs answered with `A`, and the replacement taken.
    accept_all: HashMap<(String, String), String>,
    /// Words added to the project's words in this session (lowercase).
    added: HashSet<String>,
    include_safe: bool,
    summaries: HashMap<&'static str, &'static str>,
    keys: Box<dyn Keys + 'a>,
    screen: Screen,
    tally: Tally,
    /// Whether some file could not be written.
    failed: bool,
}

/// Runs `emle review`.
pub fn run(args: &ReviewArgs, color: bool) -> Result<Outcome, Failure> {
    let loaded = args.lint.loaded_config()?;
    let project = args.lint.project()?;
    // Empty: the working directory.
    let root = loaded.base_dir();
    let decisions_path = args
        .decisions
        .clone()
        .unwrap_or_else(|| root.join(emle::decisions::DEFAULT_PATH));
    let decisions = Decisions::load(&decisions_path).map_err(|e| Failure::Usage(e.to_string()))?;
    if args.paths.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Usage(
            "review works on files, not standard input: name the files".into(),
        ));
    }
    let (inputs, mut failed) = expand(
        &args.paths.paths,
        &args.paths.walk_options(project.excludes()),
    )?;
    let (keys, interactive): (Box<dyn Keys>, bool) = match &args.answers {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| Failure::Usage(format!("{}: cannot read: {e}", path.display())))?;
            (
                Box::new(keys::Script::new(
                    io::BufReader::new(file),
                    path.display().to_string(),
                )),
                false,
            )
        }
        None if io::stdin().is_terminal() => (Box::new(keys::Terminal::new()), true),
        None => (
            Box::new(keys::Script::new(io::stdin().lock(), "<stdin>".into())),
            false,
        ),
    };
    let summaries = emle::rules::registry()
        .iter()
        .map(|r| (r.code(), r.summary()))
        .collect();
    let mut session = Session {
        words_path: root.join(WORDS_PATH),
        root,
        decisions,
        accept_all: HashMap::new(),
        added: HashSet::new(),
        include_safe: args.include_safe,
        summaries,
        keys,
        screen: Screen::new(color && interactive),
        tally: Tally::default(),
        failed: false,
    };
    for (n, input) in inputs.iter().enumerate() {
        let source = match load(input, args.paths.encoding) {
            Loaded::Source(source) => source,
            Loaded::Skipped => continue,
            Loaded::Error(message) => {
                report_error(&message);
                failed = true;
                continue;
            }
        };
        let linter = project.linter_for(source.origin());
        match session.review_file(&linter, &source) {
            Ok(true) => {}
            Ok(false) => {
                session.tally.files_left = inputs.len() - n - 1;
                break;
            }
            // Decisions that cannot be saved or answers that cannot be
            // read stop the review.
            Err(message) => {
                report_error(&message);
                failed = true;
                session.tally.files_left = inputs.len() - n - 1;
                break;
            }
        }
    }
    failed |= session.failed;
    session.finish()?;
    Ok(if failed {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

impl Session<'_> {
    /// The name a file is recorded under: relative to the project root.
    fn file_name(&self, path: &Path) -> String {
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.root
        };
        let relative = match (std::path::absolute(path), std::path::absolute(root)) {
            (Ok(p), Ok(r)) => p.strip_prefix(&r).map(Path::to_path_buf).unwrap_or(p),
            _ => path.to_path_buf(),
        };
        let relative = relative.strip_prefix("./").unwrap_or(&relative);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Whether a person should be asked about a diagnostic.
    fn wants_review(&self, d: &Diagnostic) -> bool {
        match d.suggestions.first() {
            Some(s) => self.include_safe || s.applicability != Applicability::Safe,
            None => d.code == "unknown-word",
        }
    }

    /// Reviews one file; `Ok(false)` when the reviewer quit. An error stops
    /// the review; its message names the file.
    fn review_file(&mut self, linter: &Linter, source: &Source) -> Result<bool, String> {
        let Some(path) = source.origin().path() else {
            return Ok(true);
        };
        let name = self.file_name(path);
        let text = source.text();
        let diagnostics = linter.check(source);
        // Decided before: corrections still waiting to be written (a run
        // stopped before it could write them) and cases kept as they are.
        let mut earlier: Vec<Diagnostic> = Vec::new();
        let mut kept: Vec<(Diagnostic, Verdict)> = Vec::new();
        let mut items: Vec<Diagnostic> = Vec::new();
        for d in diagnostics {
            match self.decisions.lookup(text, &d) {
                Some(decision) => match decision.new_text() {
                    Some(new) => earlier.push(with_replacement(&d, new)),
                    None => kept.push((d, decision.decision)),
                },
                None if self.wants_review(&d) => items.push(d),
                None => {}
            }
        }
        if !items.is_empty() {
            self.screen
                .file_header(&source.origin().to_string(), items.len());
        }
        // Positions with one cursor: a file may be one huge line.
        let mut cursor = PositionCursor::new(source);
        let positions: Vec<Position> = items
            .iter()
            .map(|d| cursor.position(d.span.start))
            .collect();
        let mut done: Vec<Option<Done>> = vec![None; items.len()];
        let mut undo: Vec<Step> = Vec::new();
        let mut quit = false;
        let mut i = 0;
        while i < items.len() {
            let d = &items[i];
            let flagged = text.get(d.span.clone()).unwrap_or("").to_string();
            let pair = (d.code.to_string(), flagged.clone());
            if d.code == "unknown-word" && self.added.contains(&flagged.to_lowercase()) {
                // Accepted from the next run on, with the words file.
                done[i] = Some(Done::Covered);
                i += 1;
                continue;
            }
            if let Some(new) = self.accept_all.get(&pair).cloned() {
                self.decide(text, d, &name, Verdict::Accept, Some(new.clone()))?;
                self.screen
                    .auto_accepted(source, positions[i], d, &flagged, &new);
                done[i] = Some(Done::Accepted(new));
                i += 1;
                continue;
            }
            self.screen.item(
                source,
                positions[i],
                d,
                (i + 1, items.len()),
                self.summaries.get(d.code),
            );
            let answer = self
                .keys
                .answer(&mut self.screen, d, &flagged)
                .map_err(|e| format!("cannot read the answer: {e}"))?;
            let step = self.step(i)?;
            let (verdict, new) = match answer {
                Answer::Quit => {
                    quit = true;
                    break;
                }
                Answer::Undo => {
                    match undo.pop() {
                        Some(step) => {
                            self.restore(&step)?;
                            for slot in &mut done[step.at..] {
                                *slot = None;
                            }
                            self.screen.note("undone");
                            i = step.at;
                        }
                        None => self
                            .screen
                            .note("nothing to undo in this file (earlier files are written)"),
                    }
                    continue;
                }
                Answer::Skip => {
                    done[i] = Some(Done::Skipped);
                    undo.push(step);
                    i += 1;
                    continue;
                }
                Answer::Accept(n) => match d.suggestions.get(n - 1) {
                    Some(s) => (Verdict::Accept, Some(s.replacement.clone())),
                    None => {
                        self.screen.note(&format!("there is no suggestion {n}"));
                        continue;
                    }
                },
                Answer::AcceptAll => match d.suggestions.first() {
                    Some(s) => {
                        self.accept_all.insert(pair, s.replacement.clone());
                        (Verdict::Accept, Some(s.replacement.clone()))
                    }
                    None => {
                        self.screen.note("there is no suggestion to accept");
                        continue;
                    }
                },
                Answer::Edit(new) => match new {
                    Some(new) if new != flagged => (Verdict::Edit, Some(new)),
                    Some(_) => (Verdict::Reject, None),
                    None => continue,
                },
                Answer::Reject => (Verdict::Reject, None),
                Answer::AddWord => {
                    if d.code != "unknown-word" {
                        self.screen
                            .note("only unknown words can be added to the project's words");
                        continue;
                    }
                    self.add_word(&flagged)?;
                    (Verdict::AddWord, None)
                }
            };
            self.decide(text, d, &name, verdict, new.clone())?;
            done[i] = Some(match (verdict, new) {
                (Verdict::Accept, Some(new)) => Done::Accepted(new),
                (Verdict::Edit, Some(new)) => Done::Edited(new),
                (Verdict::AddWord, _) => Done::Added,
                _ => Done::Rejected,
            });
            undo.push(step);
            i += 1;
        }
        for slot in done.iter().flatten() {
            self.tally.count(slot);
        }
        self.tally.remaining += done.iter().filter(|d| d.is_none()).count();
        self.tally.earlier += earlier.len();

        // Write the accepted corrections, then re-key the cases kept as they
        // are whose surroundings those corrections changed.
        let mut fixes = earlier;
        for (d, slot) in items.iter().zip(&done) {
            match slot {
                Some(Done::Accepted(new) | Done::Edited(new)) => {
                    fixes.push(with_replacement(d, new))
                }
                Some(Done::Rejected) => kept.push((d.clone(), Verdict::Reject)),
                _ => {}
            }
        }
        let (edits, held_back) = plan_edits(text, &fixes, Applicability::Review);
        if held_back > 0 {
            self.screen.note(&format!(
                "{held_back} correction(s) overlap another one: run `emle review` again to apply them"
            ));
        }
        if !edits.is_empty() {
            let fixed = apply_edits(text, &edits);
            // A file that cannot be written is reported and the review goes
            // on: its decisions are saved, and the next run writes them.
            let written = source
                .encode(&fixed)
                .map_err(|e| format!("{}: not corrected: {e}", path.display()))
                .and_then(|bytes| {
                    write_atomic(path, &bytes).map_err(|e| {
                        format!("{}: cannot write the corrected file: {e}", path.display())
                    })
                });
            match written {
                Ok(()) => self.rekey(linter, source, &fixed, &edits, &kept, &name)?,
                Err(message) => {
                    report_error(&message);
                    self.failed = true;
                }
            }
        }
        Ok(!quit)
    }

    /// Appends one decision; the message of an error names the file.
    fn decide(
        &mut self,
        text: &str,
        d: &Diagnostic,
        file: &str,
        verdict: Verdict,
        replacement: Option<String>,
    ) -> Result<(), String> {
        let decision = Decision::new(text, d, file, verdict, replacement);
        self.decisions.append(decision).map_err(|e| {
            format!(
                "{}: cannot save the decision: {e}",
                self.decisions.path().display()
            )
        })
    }

    /// Adds a word to the project's words file, creating it when needed.
    fn add_word(&mut self, word: &str) -> Result<(), String> {
        let path = &self.words_path;
        let fail = |e: io::Error| format!("{}: cannot add the word: {e}", path.display());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let new = !path.exists();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(fail)?;
        if new {
            writeln!(
                file,
                "# Words kept during `emle review`: emle accepts them in this project."
            )
            .map_err(fail)?;
        }
        writeln!(file, "{word}").map_err(fail)?;
        self.added.insert(word.to_lowercase());
        Ok(())
    }

    /// The state before deciding item `at`.
    fn step(&self, at: usize) -> Result<Step, String> {
        Ok(Step {
            at,
            decisions_len: file_len(self.decisions.path())?,
            words_len: file_len(&self.words_path)?,
            accept_all: self.accept_all.clone(),
            added: self.added.clone(),
        })
    }

    /// Goes back to a step: cuts the decisions and words added since.
    fn restore(&mut self, step: &Step) -> Result<(), String> {
        truncate(self.decisions.path(), step.decisions_len)?;
        truncate(&self.words_path, step.words_len)?;
        self.decisions = Decisions::load(self.decisions.path()).map_err(|e| e.to_string())?;
        self.accept_all = step.accept_all.clone();
        self.added = step.added.clone();
        Ok(())
    }

    /// Records again, under their new context, the cases kept as they are
    /// whose surroundings the written corrections changed, so that the next
    /// run does not ask about them again.
    fn rekey(
        &mut self,
        linter: &Linter,
        source: &Source,
        fixed: &str,
        edits: &[Edit],
        kept: &[(Diagnostic, Verdict)],
        name: &str,
    ) -> Result<(), String> {
        if kept.is_empty() {
            return Ok(());
        }
        let text = source.text();
        let after = Source::from_string(source.origin().clone(), fixed.to_string());
        let diagnostics = linter.check(&after);
        for (d, verdict) in kept {
            let Some(span) = shifted(&d.span, edits) else {
                continue;
            };
            let Some(new) = diagnostics
                .iter()
                .find(|n| n.code == d.code && n.span == span)
            else {
                continue;
            };
            if fingerprint(fixed, new) != fingerprint(text, d) {
                self.decide(fixed, new, name, *verdict, None)?;
            }
        }
        Ok(())
    }

    /// Prints the summary.
    fn finish(&mut self) -> Result<(), Failure> {
        let t = &self.tally;
        let decided = t.accepted + t.edited + t.rejected + t.added;
        if decided + t.skipped + t.remaining + t.earlier + t.files_left == 0 {
            return self
                .screen
                .summary(&[
                    "Nothing to review: every correction that needs a person is decided.".into(),
                ])
                .map_err(Failure::from);
        }
        let mut lines = vec![format!(
            "Decided {decided}: {} accepted, {} edited, {} rejected, {} added to the words; {} skipped, {} remaining.",
            t.accepted, t.edited, t.rejected, t.added, t.skipped, t.remaining
        )];
        if t.earlier > 0 {
            lines.push(format!(
                "Applied {} correction(s) decided earlier.",
                t.earlier
            ));
        }
        if t.files_left > 0 {
            lines.push(format!(
                "{} file(s) not reviewed yet: run the same command to go on.",
                t.files_left
            ));
        }
        if decided > 0 || t.skipped > 0 {
            lines.push(format!(
                "Decisions are in {}.",
                near(self.decisions.path()).display()
            ));
        }
        if t.added > 0 {
            lines.push(format!(
                "Added words are in {}; emle accepts them from the next run on.",
                near(&self.words_path).display()
            ));
        }
        self.screen.summary(&lines)?;
        Ok(())
    }
}

/// A copy of a diagnostic whose only suggestion is `replacement`, so that
/// `plan_edits` applies exactly what was decided.
fn with_replacement(d: &Diagnostic, replacement: &str) -> Diagnostic {
    Diagnostic {
        suggestions: vec![Suggestion::review(replacement, 1.0)],
        ..d.clone()
    }
}

/// Where a span lies after the edits, or `None` when an edit touches it.
fn shifted(span: &std::ops::Range<usize>, edits: &[Edit]) -> Option<std::ops::Range<usize>> {
    let mut delta: isize = 0;
    for e in edits {
        if e.span.end <= span.start {
            delta += e.replacement.len() as isize - e.span.len() as isize;
        } else if e.span.start < span.end {
            return None;
        }
    }
    let start = span.start.checked_add_signed(delta)?;
    Some(start..start + span.len())
}

/// A path as short as it can be said from the working directory.
fn near(path: &Path) -> &Path {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
}

fn file_len(path: &Path) -> Result<u64, String> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.len()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn truncate(path: &Path, len: u64) -> Result<(), String> {
    if len == 0 && !path.exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.set_len(len))
        .map_err(|e| format!("{}: cannot undo: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_shift_past_edits() {
        let edits = [Edit {
            span: 0..2,
            replacement: "abcd".into(),
        }];
        assert_eq!(shifted(&(5..7), &edits), Some(7..9));
        assert_eq!(shifted(&(1..3), &edits), None);
    }
}
