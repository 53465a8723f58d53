//! `emle lexicon`: look words up and describe the lexicon.

use std::io::{self, Write};

use clap::Subcommand;

use super::{Failure, LintArgs, Outcome};

/// What `emle lexicon` does.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Say whether each word is accepted, and print every analysis
    /// (stem, class, suffixes). Exits 1 when a word is not accepted.
    Lookup {
        /// Words to look up.
        #[arg(required = true, value_name = "WORD")]
        query: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        lint: LintArgs,
    },
    /// Print counts of stems, suffix sets and sizes, and the lexicon version.
    Stats {
        #[command(flatten)]
        lint: LintArgs,
    },
}

/// Runs `emle lexicon …`.
pub fn run(command: &LexiconCommand) -> Result<Outcome, Failure> {
    let mut out = io::stdout().lock();
    match command {
        LexiconCommand::Lookup { query, json, lint } => {
            let linter = lint.linter()?;
            let lexicon = linter.lexicon();
            let mut all_accepted = true;
            for word in query {
                let verdict = lexicon.check_with(word, linter.user_words());
                let analyses = lexicon.analyses(word);
                all_accepted &= verdict.is_accepted();
                if *json {
                    let v = serde_json::json!({
                        "word": word,
                        "result": verdict,
                        "analyses": analyses,
                    });
                    writeln!(out, "{v}")?;
                    continue;
                }
                writeln!(out, "{word}: {}", describe(&verdict))?;
                for a in &analyses {
                    writeln!(out, "  {a}")?;
                }
            }
            Ok(if all_accepted {
                Outcome::Clean
            } else {
                Outcome::Found
            })
        }
        LexiconCommand::Stats { lint } => {
            let linter = lint.linter()?;
            writeln!(out, "{}", linter.lexicon().stats())?;
            writeln!(
                out,
                "  {:<28} {:>10}",
                "user words",
                linter.user_words().len()
            )?;
            Ok(Outcome::Clean)
        }
    }
}

fn describe(verdict: &emle::lexicon::Verdict) -> String {
    use emle::lexicon::Verdict;
    match verdict {
        Verdict::Accepted { by } => {
            let by = serde_json::to_value(by)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("accepted ({by})")
        }
        Verdict::NotCyrillic => "not a Cyrillic word (see `mixed-script`)".to_string(),
        Verdict::Unknown {
            part,
            known_stem,
            unknown_suffix,
        } => {
            let mut s = "unknown".to_string();
            if let Some(p) = part {
                s.push_str(&format!(": part `{p}`"));
            }
            if let (Some(stem), Some(suffix)) = (known_stem, unknown_suffix) {
                s.push_str(&format!(
                    "; stem `{stem}` is known, `{suffix}` is not a suffix chain"
                ));
            }
            s
        }
    }
}
