//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
//!
//! The document is streamed: the tool description first, then one result per
//! diagnostic as files arrive, then the closing brackets.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Renderer, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::registry;
use crate::source::{PositionCursor, Source};

/// Streams a SARIF 2.1.0 log with one run.
#[derive(Debug, Default)]
pub struct Sarif {
    started: bool,
    results: usize,
    rule_ids: Vec<&'static str>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Info => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

impl Sarif {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let rules: Vec<Value> = registry()
            .iter()
            .map(|r| {
                self.rule_ids.push(r.code());
                json!({
                    "id": r.code(),
                    "name": r.code(),
                    "shortDescription": {"text": r.summary()},
                    "fullDescription": {"text": r.explanation()},
                    "help": {"text": r.explanation()},
                    "defaultConfiguration": {"level": level(r.default_severity())},
                })
            })
            .collect();
        let head = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
        });
        let mut tool = json!({
            "driver": {
                "name": "emle",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        });
        let homepage = env!("CARGO_PKG_REPOSITORY");
        if !homepage.is_empty() {
            tool["driver"]["informationUri"] = json!(homepage);
        }
        // Open the object by hand so that results can be streamed into it.
        let head = head.to_string();
        out.write_all(&head.as_bytes()[..head.len() - 1])?;
        write!(
            out,
            ",\"runs\":[{{\"tool\":{tool},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }
}

impl Renderer for Sarif {
    fn file(
        &mut self,
        out: &mut dyn Write,
        source: &Source,
        diagnostics: &[Diagnostic],
    ) -> io::Result<()> {
        self.start(out)?;
        let uri = source.origin().to_string().replace('\\', "/");
        let mut starts = PositionCursor::new(source);
        let mut ends = PositionCursor::new(source);
        for d in diagnostics {
            let (s, e) = (starts.position(d.span.start), ends.position(d.span.end));
            let region = json!({
                "startLine": s.line,
                "startColumn": s.column,
                "endLine": e.line,
                "endColumn": e.column,
                "byteOffset": d.span.start,
                "byteLength": d.span.len(),
                "snippet": {"text": source.text().get(d.span.clone()).unwrap_or("")},
            });
            let fixes: Vec<Value> = d
                .suggestions
                .iter()
                .map(|s| {
                    json!({
                        "description": {"text": format!("replace with `{}` ({}, confidence {:.2})", s.replacement, s.applicability, s.confidence)},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": uri},
                            "replacements": [{
                                "deletedRegion": {"byteOffset": d.span.start, "byteLength": d.span.len()},
                                "insertedContent": {"text": s.replacement},
                            }],
                        }],
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "partialFingerprints": {"emle/v1": crate::fingerprint::fingerprint(source.text(), d)},
            });
            if let Some(i) = self.rule_ids.iter().position(|c| *c == d.code) {
                result["ruleIndex"] = json!(i);
            }
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            if self.results > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, &result)?;
            self.results += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        out.write_all(b"]}]}\n")
    }
}
