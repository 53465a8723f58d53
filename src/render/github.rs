//! `--format github`: GitHub Actions workflow commands, shown as annotations
//! on the changed files of a pull request.

use std::io::{self, Write};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{PositionCursor, Source};

/// Writes `::warning file=…,line=…,col=…::message` lines.
#[derive(Debug, Default)]
pub struct Github;

/// Escapes a message (data) of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for Github {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let file = escape_property(&source.origin().to_string());
        let mut starts = PositionCursor::new(source);
        let mut ends = PositionCursor::new(source);
        for d in diagnostics {
            let (s, e) = (starts.position(d.span.start), ends.position(d.span.end));
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(best) = d.suggestions.first() {
                message.push_str(&format!(
                    " (replace with `{}`, {})",
                    best.replacement, best.applicability
                ));
            }
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                s.line,
                s.column,
                e.line,
                e.column,
                escape_property(&format!("emle({})", d.code)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
