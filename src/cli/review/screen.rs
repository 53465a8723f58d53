//! What the reviewer sees: each diagnostic with its line, the flagged text
//! marked, the numbered suggestions and the keys. Plain text unless colours
//! are on (only on a terminal).

use std::io::{self, Stdout, Write};

use crossterm::style::Stylize;
use crossterm::terminal::{Clear, ClearType};
use emle::diagnostic::Diagnostic;
use emle::source::{Position, Source};

/// Characters of the line shown on each side of the flagged text.
const CONTEXT_CHARS: usize = 50;

/// At most this many suggestions are numbered (keys 1 to 9).
const MAX_CHOICES: usize = 9;

/// Writes the review to standard output.
pub struct Screen {
    color: bool,
    out: Stdout,
    /// Whether a file's review was shown already.
    started: bool,
}

impl Screen {
    /// A screen with ANSI colours or without.
    pub fn new(color: bool) -> Screen {
        Screen {
            color,
            out: io::stdout(),
            started: false,
        }
    }

    fn paint(&self, text: &str, style: fn(&str) -> String) -> String {
        if self.color {
            style(text)
        } else {
            text.to_string()
        }
    }

    /// The heading of a file's review.
    pub fn file_header(&mut self, name: &str, count: usize) {
        let heading = self.paint(&format!("== {name}"), |s| s.bold().to_string());
        if std::mem::replace(&mut self.started, true) {
            let _ = writeln!(self.out);
        }
        let _ = writeln!(self.out, "{heading}: {count} to review");
    }

    /// One diagnostic: where, the line with the span marked, what is wrong,
    /// the numbered suggestions and what the rule is about.
    pub fn item(
        &mut self,
        source: &Source,
        pos: Position,
        d: &Diagnostic,
        (index, total): (usize, usize),
        summary: Option<&&str>,
    ) {
        let location = format!("{}:{}:{}", source.origin(), pos.line, pos.column);
        let code = self.paint(d.code, |s| s.yellow().to_string());
        let _ = writeln!(
            self.out,
            "\n[{index}/{total}] {} {code}",
            self.paint(&location, |s| s.bold().to_string())
        );
        let (before, flagged, after) = excerpt(source, d);
        let number = pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let marks = "^".repeat(flagged.chars().count().max(1));
        let _ = writeln!(
            self.out,
            "  {} | {before}{}{after}",
            self.paint(&number, |s| s.blue().to_string()),
            self.paint(&flagged, |s| s.red().bold().to_string())
        );
        let _ = writeln!(
            self.out,
            "  {gutter} | {}{}",
            " ".repeat(before.chars().count()),
            self.paint(&marks, |s| s.red().to_string())
        );
        let _ = writeln!(self.out, "  {}", d.message);
        let width = d
            .suggestions
            .iter()
            .take(MAX_CHOICES)
            .map(|s| s.replacement.chars().count())
            .max()
            .unwrap_or(0);
        for (n, s) in d.suggestions.iter().take(MAX_CHOICES).enumerate() {
            let pad = " ".repeat(width - s.replacement.chars().count());
            let _ = writeln!(
                self.out,
                "    {} {}{pad}  {} {:.2}",
                self.paint(&(n + 1).to_string(), |s| s.bold().to_string()),
                self.paint(&shown(&s.replacement), |s| s.green().to_string()),
                s.applicability,
                s.confidence
            );
        }
        if d.suggestions.is_empty() {
            let _ = writeln!(self.out, "    (no suggestion: type one with e, or keep it)");
        }
        if let Some(summary) = summary {
            let line = format!("{}: {summary}", d.code);
            let _ = writeln!(self.out, "  {}", self.paint(&line, |s| s.dim().to_string()));
        }
    }

    /// The keys, for the keyboard.
    pub fn keys_help(&mut self, d: &Diagnostic, flagged: &str) {
        let n = d.suggestions.len().min(MAX_CHOICES);
        let mut keys = Vec::new();
        match n {
            0 => {}
            1 => keys.push("1 accept".to_string()),
            _ => keys.push(format!("1-{n} accept")),
        }
        keys.push("e edit".into());
        keys.push("r keep".into());
        if d.code == "unknown-word" {
            keys.push("a add word".into());
        }
        keys.push("s skip".into());
        if n > 0 {
            keys.push(format!("A accept 1 for every `{flagged}`"));
        }
        keys.push("u undo".into());
        keys.push("q quit".into());
        let line = keys.join(" · ");
        let _ = writeln!(self.out, "  {}", self.paint(&line, |s| s.dim().to_string()));
    }

    /// The answer prompt.
    pub fn prompt(&mut self) {
        let _ = write!(self.out, "> ");
        let _ = self.out.flush();
    }

    /// What was answered, and the end of the line.
    pub fn echo(&mut self, answer: &str) {
        let _ = writeln!(self.out, "{answer}");
    }

    /// A typed key in raw mode (no line end).
    pub fn echo_raw(&mut self, text: &str) {
        let _ = write!(self.out, "{text}");
        let _ = self.out.flush();
    }

    /// The line editor's field, redrawn in raw mode.
    pub fn edit_field(&mut self, text: &str) {
        let _ = write!(
            self.out,
            "\r{}> correction (Enter to save, Esc to cancel): {text}",
            Clear(ClearType::CurrentLine)
        );
        let _ = self.out.flush();
    }

    /// A correction taken without asking (an earlier `A`).
    pub fn auto_accepted(
        &mut self,
        source: &Source,
        pos: Position,
        d: &Diagnostic,
        flagged: &str,
        new: &str,
    ) {
        let _ = writeln!(
            self.out,
            "\n{}:{}:{} {}: `{flagged}` -> `{new}` (accepted for every `{flagged}`)",
            source.origin(),
            pos.line,
            pos.column,
            d.code
        );
    }

    /// A short message to the reviewer.
    pub fn note(&mut self, message: &str) {
        let _ = writeln!(
            self.out,
            "  {}",
            self.paint(message, |s| s.cyan().to_string())
        );
    }

    /// The closing summary.
    pub fn summary(&mut self, lines: &[String]) -> io::Result<()> {
        writeln!(self.out)?;
        for line in lines {
            writeln!(self.out, "{line}")?;
        }
        self.out.flush()
    }
}

/// Invisible replacements (a space, nothing) shown so that they can be seen.
fn shown(replacement: &str) -> String {
    if replacement.is_empty() {
        "(delete)".into()
    } else if replacement.trim().is_empty() {
        format!("`{replacement}`")
    } else {
        replacement.to_string()
    }
}

/// The flagged text's line cut into before, flagged and after, shortened
/// around the span on long lines.
fn excerpt(source: &Source, d: &Diagnostic) -> (String, String, String) {
    let text = source.text();
    let line = source.line_range(source.line_index(d.span.start));
    let start = d.span.start.clamp(line.start, line.end);
    let end = d.span.end.clamp(start, line.end);
    let before = &text[line.start..start];
    let flagged = &text[start..end];
    let after = &text[end..line.end];
    // Only the characters shown are read: a file may be one huge line.
    let before = match before.char_indices().rev().nth(CONTEXT_CHARS) {
        Some((i, c)) => format!("…{}", &before[i + c.len_utf8()..]),
        None => before.to_string(),
    };
    let after = match after.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => format!("{}…", &after[..i]),
        None => after.to_string(),
    };
    let tidy = |s: &str| s.replace('\t', " ");
    (tidy(&before), tidy(flagged), tidy(&after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use emle::diagnostic::Severity;
    use emle::source::Origin;

    fn excerpt_of(text: &str, word: &str) -> (String, String, String) {
        let source = Source::from_string(Origin::Stdin, text.to_string());
        let start = text.find(word).unwrap();
        let d = Diagnostic::new("x", Severity::Warning, start..start + word.len(), "m");
        excerpt(&source, &d)
    }

    #[test]
    fn excerpt_keeps_the_line_around_the_span() {
        let (before, flagged, after) = excerpt_of("бір\nосы Кенес\tодағы\nекі", "Кенес");
        assert_eq!((before.as_str(), flagged.as_str()), ("осы ", "Кенес"));
        assert_eq!(after, " одағы");
    }

    #[test]
    fn excerpt_shortens_long_lines_to_the_context() {
        let side = "ә".repeat(CONTEXT_CHARS + 1);
        let (before, _, after) = excerpt_of(&format!("{side}Кенес{side}"), "Кенес");
        assert_eq!(before, format!("…{}", "ә".repeat(CONTEXT_CHARS)));
        assert_eq!(after, format!("{}…", "ә".repeat(CONTEXT_CHARS)));
        let side = "ә".repeat(CONTEXT_CHARS);
        let (before, _, after) = excerpt_of(&format!("{side}Кенес{side}"), "Кенес");
        assert_eq!((before, after), (side.clone(), side));
    }
}
