//! `--format gitlab`: a GitLab Code Quality report (a JSON array).

use std::io::{self, Write};

use serde_json::json;

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{PositionCursor, Source};

/// Streams the Code Quality array, one issue per diagnostic.
#[derive(Debug, Default)]
pub struct Gitlab {
    written: usize,
}

impl Renderer for Gitlab {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        let path = source.origin().to_string();
        let mut starts = PositionCursor::new(source);
        for d in diagnostics {
            let line = starts.position(d.span.start).line;
            let severity = match d.severity {
                Severity::Info => "info",
                Severity::Warning => "minor",
                Severity::Error => "major",
            };
            let fingerprint = crate::fingerprint::fingerprint_in(&path, source.text(), d);
            let issue = json!({
                "description": d.message,
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {"path": path, "lines": {"begin": line}},
            });
            out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &issue)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })
    }
}
