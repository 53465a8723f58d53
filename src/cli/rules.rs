//! `emle rules` and `emle explain`.

use std::io::{self, Write};

use emle::rules::{find, registry};

use super::{Failure, Outcome};

/// Lists every rule: code, default severity and summary.
pub fn list() -> Result<Outcome, Failure> {
    let rules = registry();
    let width = rules.iter().map(|r| r.code().len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    for r in &rules {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            r.code(),
            r.default_severity().as_str(),
            r.summary()
        )?;
    }
    Ok(Outcome::Clean)
}

/// Prints the long explanation of one rule.
pub fn explain(code: &str) -> Result<Outcome, Failure> {
    let rules = registry();
    let Some(rule) = find(&rules, code) else {
        let known: Vec<_> = rules.iter().map(|r| r.code()).collect();
        return Err(Failure::Usage(format!(
            "unknown rule `{code}`; known rules: {}",
            known.join(", ")
        )));
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{} ({})\n", rule.code(), rule.default_severity())?;
    writeln!(out, "{}\n", rule.summary())?;
    writeln!(out, "{}", rule.explanation())?;
    Ok(Outcome::Clean)
}
