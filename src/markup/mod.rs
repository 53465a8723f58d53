//! OCR markup input: hOCR, ALTO and PAGE XML.
//!
//! OCR engines and digitisation workflows rarely hand over plain text: they
//! keep where each word sits on the page and how sure the engine was. A
//! reader ([`hocr`], [`alto`], [`page`]) streams the XML once and builds a
//! [`Document`]: the plain text the engine lints (words separated by spaces,
//! lines by `\n`, blocks and pages by a blank line) and, for every word, its
//! span in that text, the byte range of its still-escaped content in the XML
//! (the text node, the `CONTENT="…"` value, the `<Unicode>` text), its
//! element id, page, box and the engine's confidence.
//!
//! Diagnostics found in the text are mapped back through the words, so they
//! point into the XML file itself ([`Document::map_diagnostics`]), and a fix
//! rewrites only word content ([`fix`]): every other byte of the file stays
//! as it was.

pub mod alto;
pub mod hocr;
pub mod page;
mod xml;

use std::ops::Range;

use crate::diagnostic::{Applicability, Diagnostic, WordLocation};
use crate::engine::Linter;
use crate::fix::{Edit, Fixed, apply_edits, fix_source, match_normal_form};
use crate::rules::Confidences;
use crate::source::Source;

pub use xml::{escape, raw_offset, unescape};

/// The markup formats emle reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// hOCR: XHTML with `ocr_page`, `ocr_line` and `ocrx_word` classes (Tesseract).
    Hocr,
    /// ALTO XML, versions 2 to 4 (libraries, ABBYY).
    Alto,
    /// PAGE XML (Transkribus, OCR-D).
    Page,
}

impl Format {
    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Hocr => "hOCR",
            Format::Alto => "ALTO",
            Format::Page => "PAGE XML",
        }
    }
}

/// Bytes looked at to recognise a format.
const SNIFF_LEN: usize = 8192;

/// Recognises a markup format by content: the ALTO namespace or root
/// element, the PAGE namespace or `<PcGts`, or the hOCR classes in the
/// first few kilobytes. Plain text (and any other XML) gives `None`.
pub fn sniff(text: &str) -> Option<Format> {
    let mut end = text.len().min(SNIFF_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if !head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        return None;
    }
    if head.contains("<alto") || head.contains(":alto") || head.contains("standards/alto") {
        Some(Format::Alto)
    } else if head.contains("<PcGts")
        || head.contains(":PcGts")
        || head.contains("primaresearch.org/PAGE")
    {
        Some(Format::Page)
    } else if head.contains("ocr_page") || head.contains("ocrx_word") {
        Some(Format::Hocr)
    } else {
        None
    }
}

/// Why a markup file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not well-formed {format} (near byte {offset}): {message}")]
pub struct MarkupError {
    /// The format it was read as.
    pub format: &'static str,
    /// About where reading stopped.
    pub offset: usize,
    /// What the XML reader said.
    pub message: String,
}

/// One stretch of a word's content in the XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The raw, still-escaped content: a text node or an attribute value.
    pub raw: Range<usize>,
    /// The quote around an attribute value (`"` or `'`), `None` for a text node.
    pub quote: Option<u8>,
    /// Bytes of the unescaped text of this part in the linted text.
    pub len: usize,
    /// ALTO `SUBS_CONTENT` of a hyphenated part: the whole word, kept in step on a fix.
    pub subs: Option<(Range<usize>, u8)>,
}

/// One word of a markup document and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Its bytes in [`Document::text`].
    pub span: Range<usize>,
    /// Its content in the XML: one part, or two for an ALTO word hyphenated
    /// across lines (`HypPart1`, `HypPart2`), linted as the joined word.
    pub parts: Vec<Part>,
    /// The element's id (`id`, `ID`).
    pub id: Option<String>,
    /// Index into [`Document::pages`].
    pub page: usize,
    /// The word's box on the page: `[x0, y0, x1, y1]`.
    pub bbox: Option<[f64; 4]>,
    /// The OCR engine's confidence, from 0 to 1.
    pub confidence: Option<f32>,
    /// A whole line's text (PAGE without word level): may hold spaces.
    pub line: bool,
    /// Whether the content can be rewritten (no markup inside it).
    pub writable: bool,
}

/// One page of a markup document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// 1-based page number in the file (or the number the file gives).
    pub number: usize,
    /// The page's id or image name, when the file gives one.
    pub id: Option<String>,
}

/// A markup file read as text plus the map back into the XML.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The format it was read as.
    pub format: Format,
    /// The linted text.
    pub text: String,
    /// Every word with text, in document order.
    pub words: Vec<Word>,
    /// The pages, in document order.
    pub pages: Vec<Page>,
}

/// Reads a markup file's text (its whole XML) in the given format.
pub fn parse(xml: &str, format: Format) -> Result<Document, MarkupError> {
    match format {
        Format::Hocr => hocr::parse(xml),
        Format::Alto => alto::parse(xml),
        Format::Page => page::parse(xml),
    }
}

/// What separates the next word from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Block,
}

/// Builds a [`Document`] while a reader streams through the XML.
#[derive(Debug)]
pub(crate) struct Builder<'x> {
    xml: &'x str,
    doc: Document,
    pending: Break,
}

/// One part of a word as a reader finds it: the raw content, the quote of
/// an attribute value, and a `SUBS_CONTENT` value with its quote.
pub(crate) type RawPart = (Range<usize>, Option<u8>, Option<(Range<usize>, u8)>);

/// What a reader knows of a word besides its content.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordInfo {
    pub id: Option<String>,
    pub bbox: Option<[f64; 4]>,
    pub confidence: Option<f32>,
    pub line: bool,
    pub writable: bool,
}

impl<'x> Builder<'x> {
    pub(crate) fn new(xml: &'x str, format: Format) -> Builder<'x> {
        Builder {
            xml,
            doc: Document {
                format,
                text: String::new(),
                words: Vec::new(),
                pages: Vec::new(),
            },
            pending: Break::None,
        }
    }

    /// Starts a page.
    pub(crate) fn page(&mut self, number: Option<usize>, id: Option<String>) {
        let number = number.unwrap_or(self.doc.pages.len() + 1);
        self.doc.pages.push(Page { number, id });
        self.block();
    }

    /// Ends a block or paragraph: the next word follows a blank line.
    pub(crate) fn block(&mut self) {
        self.pending = self.pending.max(Break::Block);
    }

    /// Ends a line: the next word starts a new line.
    pub(crate) fn line(&mut self) {
        self.pending = self.pending.max(Break::Line);
    }

    /// The raw content of a range, trimmed of surrounding white space.
    pub(crate) fn trimmed(&self, raw: Range<usize>) -> Range<usize> {
        let s = &self.xml[raw.clone()];
        let start = raw.start + (s.len() - s.trim_start().len());
        let end = raw.end - (s.len() - s.trim_end().len());
        start..end.max(start)
    }

    /// Adds a word made of these parts (raw ranges into the XML); a word
    /// without text is left out.
    pub(crate) fn word(&mut self, raws: &[RawPart], info: WordInfo) {
        let texts: Vec<String> = raws
            .iter()
            .map(|(r, _, _)| unescape(&self.xml[r.clone()]).into_owned())
            .collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            return;
        }
        if self.doc.pages.is_empty() {
            self.doc.pages.push(Page {
                number: 1,
                id: None,
            });
        }
        if !self.doc.words.is_empty() {
            self.doc.text.push_str(match self.pending {
                Break::None => " ",
                Break::Line => "\n",
                Break::Block => "\n\n",
            });
        }
        self.pending = Break::None;
        let start = self.doc.text.len();
        let parts = raws
            .iter()
            .zip(&texts)
            .map(|((raw, quote, subs), t)| Part {
                raw: raw.clone(),
                quote: *quote,
                len: t.len(),
                subs: subs.clone(),
            })
            .collect();
        for t in &texts {
            self.doc.text.push_str(t);
        }
        self.doc.words.push(Word {
            span: start..self.doc.text.len(),
            parts,
            id: info.id,
            page: self.doc.pages.len() - 1,
            bbox: info.bbox,
            confidence: info.confidence,
            line: info.line,
            writable: info.writable,
        });
    }

    pub(crate) fn finish(self) -> Document {
        self.doc
    }
}

/// Where a text span lands in the XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The XML bytes.
    pub span: Range<usize>,
    /// The word holding the whole span, if one does.
    pub word: Option<usize>,
    /// The first word the span touches.
    pub first: usize,
}

impl Document {
    /// The confidences of the words, for the engine.
    pub fn confidences(&self) -> Confidences {
        Confidences::new(
            self.words
                .iter()
                .filter_map(|w| Some((w.span.clone(), w.confidence?))),
        )
    }

    /// Where a span of [`Document::text`] lies in the XML: inside one word,
    /// the matching raw bytes (entities counted as the characters they
    /// stand for); across words, the range from the first word's content to
    /// the last's; `None` for a span in the separators only.
    pub fn to_xml(&self, xml: &str, span: &Range<usize>) -> Option<Mapped> {
        // The first word ending after the span starts (or at it, for an empty span).
        let empty = span.start == span.end;
        let i = self
            .words
            .partition_point(|w| w.span.end < span.start || (!empty && w.span.end == span.start));
        let first = self.words.get(i)?;
        if empty {
            if span.start < first.span.start {
                return None;
            }
            let at = self.word_offset(xml, i, span.start - first.span.start, false);
            return Some(Mapped {
                span: at..at,
                word: Some(i),
                first: i,
            });
        }
        let j = self.words.partition_point(|w| w.span.start < span.end);
        if j <= i {
            return None;
        }
        let last = &self.words[j - 1];
        if span.start >= first.span.start && span.end <= first.span.end && j == i + 1 {
            let a = self.word_offset(xml, i, span.start - first.span.start, false);
            let mut b = self.word_offset(xml, i, span.end - first.span.start, true);
            // Across the cut of a hyphenated word: its first part, where
            // the word starts (the XML between the parts is not the word's).
            if let Some(p) = first
                .parts
                .first()
                .filter(|p| a < p.raw.end && b > p.raw.end)
            {
                b = p.raw.end;
            }
            return Some(Mapped {
                span: a..b,
                word: Some(i),
                first: i,
            });
        }
        let start = first.parts.first()?.raw.start;
        let end = last.parts.last()?.raw.end;
        Some(Mapped {
            span: start..end,
            word: None,
            first: i,
        })
    }

    /// The XML offset of byte `offset` of word `i`'s text. In a hyphenated
    /// word, the cut between the parts maps to the first part's end for a
    /// span's end and the second part's start for a span's start.
    fn word_offset(&self, xml: &str, i: usize, mut offset: usize, is_end: bool) -> usize {
        let parts = &self.words[i].parts;
        for (k, p) in parts.iter().enumerate() {
            let last = k + 1 == parts.len();
            if offset < p.len || (offset == p.len && (is_end || last)) {
                return p.raw.start + raw_offset(&xml[p.raw.clone()], offset);
            }
            offset -= p.len;
        }
        parts.last().map_or(0, |p| p.raw.end)
    }

    /// The location a diagnostic on word `i` reports.
    pub fn location(&self, i: usize) -> WordLocation {
        let w = &self.words[i];
        let page = &self.pages[w.page];
        WordLocation {
            page: page.number,
            page_id: page.id.clone(),
            element_id: w.id.clone(),
            bbox: w.bbox,
            confidence: w.confidence,
        }
    }

    /// Diagnostics found in [`Document::text`], moved into the XML: spans
    /// point at word content, suggestions are escaped for where they go,
    /// and each carries the word's page, box and confidence. A span across
    /// several words covers them all and keeps no suggestion (a fix there
    /// would change the page's word segmentation); a span in the separators
    /// alone (a layout emle made up) is dropped.
    pub fn map_diagnostics(&self, xml: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out = Vec::with_capacity(diagnostics.len());
        for mut d in diagnostics {
            let Some(m) = self.to_xml(xml, &d.span) else {
                continue;
            };
            match m.word {
                Some(i) if self.words[i].writable => {
                    let w = &self.words[i];
                    let quote = w.parts.first().and_then(|p| p.quote);
                    d.suggestions
                        .retain(|s| w.line || !s.replacement.contains(char::is_whitespace));
                    for s in &mut d.suggestions {
                        s.replacement = escape(&s.replacement, quote).into_owned();
                    }
                }
                _ => d.suggestions.clear(),
            }
            d.location = Some(Box::new(self.location(m.word.unwrap_or(m.first))));
            d.span = m.span;
            out.push(d);
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        out
    }

    /// The XML edits that write `new` (the word's whole new text) into word
    /// `i`: only the changed middle of each part is replaced, and a
    /// hyphenated word is cut where it was cut before (its `SUBS_CONTENT`
    /// values get the whole new word).
    pub fn word_edits(&self, xml: &str, i: usize, new: &str) -> Vec<Edit> {
        let w = &self.words[i];
        let old = &self.text[w.span.clone()];
        let mut edits = Vec::new();
        if w.parts.len() == 1 {
            edits.extend(part_edit(xml, &w.parts[0], new));
            return edits;
        }
        // Where the new word is cut: the edit's side of the old cut.
        let cut_old = w.parts[0].len;
        let prefix = common_prefix(old, new);
        let suffix = common_suffix(&old[prefix..], &new[prefix..]);
        let cut = if cut_old <= prefix {
            cut_old
        } else if cut_old >= old.len() - suffix {
            new.len() - (old.len() - cut_old)
        } else {
            // The change straddles the cut: keep as many characters before it.
            let chars = old[..cut_old].chars().count();
            new.char_indices().nth(chars).map_or(new.len(), |(b, _)| b)
        };
        let (a, b) = new.split_at(cut);
        edits.extend(part_edit(xml, &w.parts[0], a));
        edits.extend(part_edit(xml, &w.parts[1], b));
        for p in &w.parts {
            if let Some((raw, quote)) = &p.subs {
                let value = escape(new, Some(*quote));
                if xml[raw.clone()] != *value {
                    edits.push(Edit {
                        span: raw.clone(),
                        replacement: value.into_owned(),
                    });
                }
            }
        }
        edits.sort_by_key(|e| e.span.start);
        edits
    }

    /// The edits a fix at `level` makes in the XML for these diagnostics
    /// (found in [`Document::text`]): the first fix of each writable word;
    /// fixes across words, in separators or putting a space inside a word
    /// are left out.
    /// Also returns how many words the edits fix.
    pub fn plan(
        &self,
        xml: &str,
        diagnostics: &[Diagnostic],
        level: Applicability,
    ) -> (Vec<Edit>, usize) {
        let mut edits = Vec::new();
        let mut words = 0;
        let mut done = None;
        for d in diagnostics {
            let Some(s) = d.fix_at(level) else { continue };
            let Some(m) = self.to_xml(xml, &d.span) else {
                continue;
            };
            let Some(i) = m.word else { continue };
            let w = &self.words[i];
            if done == Some(i)
                || !w.writable
                || (!w.line && s.replacement.contains(char::is_whitespace))
            {
                continue;
            }
            let old = &self.text[w.span.clone()];
            let (a, b) = (d.span.start - w.span.start, d.span.end - w.span.start);
            let replacement = match_normal_form(&old[a..b], &s.replacement);
            let new = format!("{}{}{}", &old[..a], replacement, &old[b..]);
            if new == old {
                continue;
            }
            done = Some(i);
            words += 1;
            edits.extend(self.word_edits(xml, i, &new));
        }
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        (edits, words)
    }
}

/// Bytes two strings share at the start, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Bytes two strings share at the end, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// The edit that turns one part's content into `new`, replacing only what
/// changed (so entities in the untouched text stay as they were).
fn part_edit(xml: &str, part: &Part, new: &str) -> Option<Edit> {
    let raw = &xml[part.raw.clone()];
    let old = unescape(raw);
    if old == new {
        return None;
    }
    let prefix = common_prefix(&old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let start = part.raw.start + raw_offset(raw, prefix);
    let end = part.raw.start + raw_offset(raw, old.len() - suffix);
    Some(Edit {
        span: start..end,
        replacement: escape(&new[prefix..new.len() - suffix], part.quote).into_owned(),
    })
}

/// A source checked as markup when its content says it is markup, as plain
/// text otherwise: the diagnostics point into the source either way.
pub fn check(linter: &Linter, source: &Source) -> Result<Vec<Diagnostic>, MarkupError> {
    let Some(format) = sniff(source.text()) else {
        return Ok(linter.check(source));
    };
    let mut doc = parse(source.text(), format)?;
    // Mapping back needs the words, not the text: no copy of it.
    let text = Source::from_string(source.origin().clone(), std::mem::take(&mut doc.text));
    let diagnostics = linter.check_with(&text, Some(&doc.confidences()));
    Ok(doc.map_diagnostics(source.text(), diagnostics))
}

/// Passes at most, as [`fix_source`] makes.
const MAX_PASSES: usize = 4;

/// Fixes a source like [`fix_source`]; a markup source has only its word
/// content rewritten, every other byte kept.
pub fn fix(linter: &Linter, source: &Source, level: Applicability) -> Result<Fixed, MarkupError> {
    let Some(format) = sniff(source.text()) else {
        return Ok(fix_source(linter, source, level));
    };
    let mut xml = source.text().to_string();
    let (mut applied, mut passes) = (0, 0);
    // Every pass weighs the evidence of the text as read (see `fix_source`).
    let mut original = None;
    loop {
        let doc = parse(&xml, format)?;
        let original = original.get_or_insert_with(|| crate::engine::OriginalFacts::of(&doc.text));
        let text = Source::from_string(source.origin().clone(), doc.text.clone());
        let diagnostics = linter.check_revision(&text, original, Some(&doc.confidences()));
        let (edits, words) = doc.plan(&xml, &diagnostics, level);
        if edits.is_empty() || passes == MAX_PASSES {
            let remaining = doc.map_diagnostics(&xml, diagnostics).len();
            return Ok(Fixed {
                text: xml,
                applied,
                remaining,
            });
        }
        passes += 1;
        applied += words;
        xml = apply_edits(&xml, &edits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff("<html><div class='ocr_page'>"), Some(Format::Hocr));
        assert_eq!(
            sniff(
                "<?xml version=\"1.0\"?><alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\">"
            ),
            Some(Format::Alto)
        );
        assert_eq!(sniff("<?xml version=\"1.0\"?><PcGts>"), Some(Format::Page));
        assert_eq!(sniff("Кеңес ocr_page"), None);
        assert_eq!(sniff("<html><p>Кеңес</p></html>"), None);
    }

    #[test]
    fn findings_across_words_keep_no_suggestion() {
        let xml = "<html><body><div class='ocr_page'><span class='ocr_line'>\
<span class='ocrx_word'>Ол</span> <span class='ocrx_word'>құ</span> \
<span class='ocrx_word'>рылыс</span></span></div></body></html>";
        let source = Source::from_string(crate::source::Origin::Stdin, xml.to_string());
        let found = check(&Linter::new(), &source).unwrap();
        let split = found.iter().find(|d| d.code == "split-word").unwrap();
        assert!(split.suggestions.is_empty());
        assert!(xml[split.span.clone()].starts_with("құ</span>"));
        assert!(xml[split.span.clone()].ends_with(">рылыс"));
        // Nothing to write back: fixing changes no byte.
        let fixed = fix(&Linter::new(), &source, Applicability::Review).unwrap();
        assert!(!fixed.text.contains(">құрылыс<"));
    }

    #[test]
    fn common_ends_respect_characters() {
        assert_eq!(common_prefix("қүрылыс", "құрылыс"), "қ".len());
        assert_eq!(common_suffix("қүрылыс", "құрылыс"), "рылыс".len());
        assert_eq!(common_prefix("ab", "abc"), 2);
    }
}
