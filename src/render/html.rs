//! `emle report --html`: one self-contained HTML page for reviewing findings
//! in a browser, with no network access and no external assets.
//!
//! Each file's text is rendered here as escaped HTML with a `<mark>` over
//! every flagged stretch; the findings themselves travel in one JSON blob that
//! the page's small script reads. The browser thus does no work per
//! character, and a 1 MB text stays quick to open. The page exports the
//! reviewer's decisions as JSON Lines for `emle apply`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use crate::diagnostic::{Applicability, Diagnostic, Severity, Suggestion};
use crate::fingerprint::{fingerprint, fnv1a};
use crate::rules::registry;
use crate::source::{PositionCursor, Source};

/// The page's stylesheet.
const CSS: &str = include_str!("html/report.css");
/// The page's script: popups, filters, decisions and their export.
const JS: &str = include_str!("html/report.js");

/// Colours the stylesheet defines (`.c0` to `.c9`); rules take them in
/// registry order.
const COLOURS: usize = 10;

/// One finding as the page's script reads it.
#[derive(Debug, serde::Serialize)]
struct Finding {
    /// Index of its file in the report's file list.
    file: usize,
    rule: &'static str,
    severity: Severity,
    line: usize,
    column: usize,
    message: String,
    /// The flagged text.
    original: String,
    /// [`fingerprint`] of the finding: how `emle apply` finds it again.
    context: String,
    /// Applicability of the best suggestion, if there is one.
    applicability: Option<Applicability>,
    /// Corrections, best first.
    suggestions: Vec<Candidate>,
}

/// A suggestion as `[replacement, applicability, confidence]`: findings
/// repeat in a large report, and arrays keep the blob small.
#[derive(Debug, serde::Serialize)]
struct Candidate(String, Applicability, f64);

impl From<&Suggestion> for Candidate {
    fn from(s: &Suggestion) -> Candidate {
        // Three decimals are more than the page shows.
        let confidence = (f64::from(s.confidence) * 1000.0).round() / 1000.0;
        Candidate(s.replacement.clone(), s.applicability, confidence)
    }
}

/// What the page says about a rule: its colour and the text of `emle explain`.
#[derive(Debug, serde::Serialize)]
struct RuleInfo {
    colour: usize,
    summary: &'static str,
    explanation: &'static str,
}

/// The JSON blob embedded in the page.
#[derive(Debug, serde::Serialize)]
struct Data<'a> {
    /// Identifies the report's findings, to key saved decisions.
    report: String,
    files: &'a [String],
    rules: BTreeMap<&'static str, RuleInfo>,
    findings: &'a [Finding],
}

/// A flagged stretch of text to wrap in a `<mark>`.
struct Span {
    range: Range<usize>,
    id: usize,
    colour: usize,
}

/// Builds the review page file by file, then writes it whole: the counts at
/// the top of the page are known only once every file is in, so the page is
/// held in memory (the report is meant for texts a person will read).
#[derive(Debug)]
pub struct HtmlReport {
    title: String,
    /// Rule code and colour, in registry order.
    colours: Vec<&'static str>,
    files: Vec<String>,
    per_file: Vec<BTreeMap<&'static str, usize>>,
    checked: usize,
    findings: Vec<Finding>,
    /// The rendered `<section>` of every file with findings.
    sections: String,
}

impl HtmlReport {
    /// An empty report with this page title.
    pub fn new(title: &str) -> HtmlReport {
        HtmlReport {
            title: title.to_string(),
            colours: registry().iter().map(|r| r.code()).collect(),
            files: Vec::new(),
            per_file: Vec::new(),
            checked: 0,
            findings: Vec::new(),
            sections: String::new(),
        }
    }

    /// The colour class of a rule.
    fn colour(&self, code: &str) -> usize {
        self.colours
            .iter()
            .position(|c| *c == code)
            .unwrap_or(self.colours.len())
            % COLOURS
    }

    /// Adds one checked file. A file without findings is only counted: its
    /// text is not shown.
    pub fn add_file(&mut self, source: &Source, diagnostics: &[Diagnostic]) {
        self.checked += 1;
        if diagnostics.is_empty() {
            return;
        }
        let text = source.text();
        let file = self.files.len();
        let path = source.origin().to_string();
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut spans = Vec::with_capacity(diagnostics.len());
        let mut cursor = PositionCursor::new(source);
        for d in diagnostics {
            *counts.entry(d.code).or_default() += 1;
            let id = self.findings.len();
            let start = cursor.position(d.span.start);
            let valid = d.span.start >= source.bom_len()
                && d.span.start <= d.span.end
                && text.get(d.span.clone()).is_some();
            if valid {
                spans.push(Span {
                    range: d.span.clone(),
                    id,
                    colour: self.colour(d.code),
                });
            }
            self.findings.push(Finding {
                file,
                rule: d.code,
                severity: d.severity,
                line: start.line,
                column: start.column,
                message: d.message.clone(),
                original: text.get(d.span.clone()).unwrap_or("").to_string(),
                context: fingerprint(text, d),
                applicability: d.suggestions.first().map(|s| s.applicability),
                suggestions: d.suggestions.iter().map(Candidate::from).collect(),
            });
        }
        let mut s = String::with_capacity(text.len() + 64 * spans.len() + 512);
        s.push_str(&format!(
            "<section class=\"file\" id=\"file-{file}\" data-file=\"{file}\">\n<h2><span class=\"path\">"
        ));
        escape_into(&mut s, &path);
        s.push_str(&format!(
            "</span> <span class=\"count\" data-count-file=\"{file}\">{}</span> {}</h2>\n<p class=\"chips\">",
            diagnostics.len(),
            plural(diagnostics.len(), "finding", "findings")
        ));
        for (code, n) in &counts {
            s.push_str(&format!(
                "<span class=\"chip c{}\">{code} <b>{n}</b></span> ",
                self.colour(code)
            ));
        }
        // The parser drops one newline right after `<pre>`: give it one, so
        // that a text starting with an empty line keeps it.
        s.push_str("</p>\n<pre class=\"text\">\n");
        write_marked(&mut s, text, source.bom_len(), &spans);
        s.push_str("</pre>\n</section>\n");
        self.sections.push_str(&s);
        self.files.push(path);
        self.per_file.push(counts);
    }

    /// Writes the whole page.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut by_applicability = [0usize; 3];
        for f in &self.findings {
            *by_rule.entry(f.rule).or_default() += 1;
            by_applicability[applicability_index(f.applicability)] += 1;
        }
        let mut page = String::with_capacity(self.sections.len() + 64 * 1024);
        let p = &mut page;
        p.push_str(
            "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n<title>",
        );
        escape_into(p, &self.title);
        p.push_str("</title>\n<style>\n");
        p.push_str(CSS);
        p.push_str("</style>\n</head>\n<body>\n<header>\n<h1>");
        escape_into(p, &self.title);
        p.push_str(&format!(
            "</h1>\n<p class=\"summary\"><span id=\"total\">{}</span> {} in {} of {} {} checked. \
             <span id=\"progress\"></span></p>\n",
            self.findings.len(),
            plural(self.findings.len(), "finding", "findings"),
            self.files.len(),
            self.checked,
            plural(self.checked, "file", "files"),
        ));
        p.push_str(
            "<div class=\"toolbar\">\
             <button type=\"button\" id=\"prev\" title=\"Previous finding (p)\">&#8592; Previous</button> \
             <button type=\"button\" id=\"next\" title=\"Next finding (n)\">Next &#8594;</button> \
             <button type=\"button\" id=\"export\">Export decisions</button> \
             <label class=\"import\">Import decisions <input type=\"file\" id=\"import\" accept=\".jsonl,.json,.txt\"></label> \
             <button type=\"button\" id=\"clear\">Clear decisions</button>\
             </div>\n</header>\n<main>\n<div class=\"tables\">\n",
        );
        // Counts per rule, with the rule filter.
        p.push_str(
            "<table class=\"counts\" id=\"by-rule\">\n<caption>Findings per rule</caption>\n\
             <tr><th>show</th><th>rule</th><th>findings</th><th>what it finds</th></tr>\n",
        );
        let rules = registry();
        for (code, n) in &by_rule {
            let summary = rules
                .iter()
                .find(|r| r.code() == *code)
                .map_or("", |r| r.summary());
            p.push_str(&format!(
                "<tr><td><input type=\"checkbox\" checked data-filter-rule=\"{code}\" aria-label=\"show {code}\"></td>\
                 <td><span class=\"chip c{}\">{code}</span></td><td class=\"n\" data-count-rule=\"{code}\">{n}</td><td>",
                self.colour(code)
            ));
            escape_into(p, summary);
            p.push_str("</td></tr>\n");
        }
        p.push_str("</table>\n");
        // The applicability filter, with counts.
        p.push_str(
            "<table class=\"counts\" id=\"by-applicability\">\n<caption>Best suggestion</caption>\n\
             <tr><th>show</th><th>kind</th><th>findings</th></tr>\n",
        );
        for (i, (key, label)) in [
            ("safe", "safe: `emle fix` applies it"),
            ("review", "review: a person decides"),
            ("none", "no suggestion"),
        ]
        .iter()
        .enumerate()
        {
            p.push_str(&format!(
                "<tr><td><input type=\"checkbox\" checked data-filter-app=\"{key}\" aria-label=\"show {key}\"></td>\
                 <td>{label}</td><td class=\"n\" data-count-app=\"{key}\">{}</td></tr>\n",
                by_applicability[i]
            ));
        }
        p.push_str("</table>\n");
        // Counts per file, linking to each file's text.
        p.push_str(
            "<table class=\"counts\" id=\"by-file\">\n<caption>Findings per file</caption>\n\
             <tr><th>file</th><th>findings</th></tr>\n",
        );
        for (i, path) in self.files.iter().enumerate() {
            let n: usize = self.per_file[i].values().sum();
            p.push_str(&format!("<tr><td><a href=\"#file-{i}\">"));
            escape_into(p, path);
            p.push_str(&format!("</a></td><td class=\"n\">{n}</td></tr>\n"));
        }
        p.push_str("</table>\n</div>\n");
        if self.files.is_empty() {
            p.push_str("<p class=\"clean\">Nothing to review: no findings.</p>\n");
        }
        out.write_all(page.as_bytes())?;
        out.write_all(self.sections.as_bytes())?;
        let data = Data {
            report: self.id(),
            files: &self.files,
            rules: by_rule
                .keys()
                .map(|code| {
                    let rule = rules.iter().find(|r| r.code() == *code);
                    let info = RuleInfo {
                        colour: self.colour(code),
                        summary: rule.map_or("", |r| r.summary()),
                        explanation: rule.map_or("", |r| r.explanation()),
                    };
                    (*code, info)
                })
                .collect(),
            findings: &self.findings,
        };
        let json = serde_json::to_string(&data).map_err(io::Error::other)?;
        out.write_all(b"</main>\n<div id=\"popup\" role=\"dialog\" hidden></div>\n")?;
        out.write_all(b"<script type=\"application/json\" id=\"emle-data\">")?;
        out.write_all(script_safe(&json).as_bytes())?;
        out.write_all(b"</script>\n<script>\n")?;
        out.write_all(JS.as_bytes())?;
        out.write_all(b"</script>\n</body>\n</html>\n")
    }

    /// A stable identifier of the findings (files, rules, texts and their
    /// surroundings), so that a page regenerated over the same texts finds
    /// the decisions saved in the browser again.
    fn id(&self) -> String {
        let mut parts: Vec<&[u8]> = self.files.iter().map(|f| f.as_bytes()).collect();
        parts.extend(self.findings.iter().map(|f| f.context.as_bytes()));
        format!("{:016x}", fnv1a(&parts))
    }
}

/// Index of an applicability in the page's counts: safe, review, none.
fn applicability_index(a: Option<Applicability>) -> usize {
    match a {
        Some(Applicability::Safe) => 0,
        Some(Applicability::Review) => 1,
        None => 2,
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// Appends `s` escaped for HTML text and attribute values.
fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// JSON made safe inside `<script>`: `<`, `>` and `&` occur only inside JSON
/// strings, where their `\u` escapes mean the same, so no `</script>` or
/// `<!--` in the text can end the element early.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Appends `text[from..]` escaped, with a `<mark>` over each stretch that
/// findings cover. Overlapping findings split the text into stretches, each
/// marked once with the ids of every finding over it (`data-d="3 4"`); an
/// empty span gets an empty mark. The work is linear in text and findings.
fn write_marked(out: &mut String, text: &str, from: usize, spans: &[Span]) {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&k| (spans[k].range.start, spans[k].range.end));
    let mut points: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.range.start, s.range.end])
        .chain([from, text.len()])
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        active.retain(|&k| spans[k].range.end > p);
        while let Some(&k) = order.get(next) {
            if spans[k].range.start > p {
                break;
            }
            next += 1;
            if spans[k].range.is_empty() {
                out.push_str(&format!(
                    "<mark class=\"c{} empty\" data-d=\"{}\"></mark>",
                    spans[k].colour, spans[k].id
                ));
            } else {
                active.push(k);
            }
        }
        let Some(&q) = points.get(i + 1) else { break };
        let piece = &text[p..q];
        let Some(&inner) = active.last() else {
            escape_into(out, piece);
            continue;
        };
        let ids: Vec<String> = active.iter().map(|&k| spans[k].id.to_string()).collect();
        // A flagged line break alone would show nothing: the page draws a sign.
        let line_break = piece.contains(['\n', '\r']) && piece.trim().is_empty();
        out.push_str(&format!(
            "<mark class=\"c{}{}\" data-d=\"{}\">",
            spans[inner].colour,
            if line_break { " nl" } else { "" },
            ids.join(" ")
        ));
        escape_into(out, piece);
        out.push_str("</mark>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>, id: usize) -> Span {
        Span {
            range,
            id,
            colour: id,
        }
    }

    fn marked(text: &str, spans: &[Span]) -> String {
        let mut out = String::new();
        write_marked(&mut out, text, 0, spans);
        out
    }

    #[test]
    fn escapes_markup_and_quotes() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"'</script>");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;&#39;&lt;/script&gt;");
    }

    #[test]
    fn marks_spans_and_splits_overlaps() {
        assert_eq!(
            marked("ab <c> d", &[span(3..6, 0)]),
            "ab <mark class=\"c0\" data-d=\"0\">&lt;c&gt;</mark> d"
        );
        assert_eq!(
            marked("abcdef", &[span(0..4, 1), span(2..6, 2)]),
            "<mark class=\"c1\" data-d=\"1\">ab</mark>\
             <mark class=\"c2\" data-d=\"1 2\">cd</mark>\
             <mark class=\"c2\" data-d=\"2\">ef</mark>"
        );
        assert_eq!(
            marked("ab", &[span(1..1, 3)]),
            "a<mark class=\"c3 empty\" data-d=\"3\"></mark>b"
        );
        assert_eq!(
            marked("a\nb", &[span(1..2, 4)]),
            "a<mark class=\"c4 nl\" data-d=\"4\">\n</mark>b"
        );
    }

    #[test]
    fn json_cannot_close_the_script() {
        let json = serde_json::to_string("</script><!-- & >").unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- & >");
    }
}
