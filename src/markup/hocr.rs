//! hOCR (Tesseract's HTML output): `ocr_page`, `ocr_carea`/`ocr_par`,
//! `ocr_line` and `ocrx_word` elements, with `bbox` and `x_wconf` (0–100)
//! in their `title`.

use std::ops::Range;

use super::xml::{Event, Reader, Tag};
use super::{Builder, Document, Format, MarkupError, WordInfo};

/// What an hOCR element is, by its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Page,
    Block,
    Line,
    Word,
    Other,
}

fn role(tag: &Tag<'_>, reader: &Reader<'_>) -> Role {
    let Some(class) = tag.attr("class") else {
        return Role::Other;
    };
    let class = reader.value(class);
    for c in class.split_whitespace() {
        match c {
            "ocr_page" => return Role::Page,
            "ocr_carea" | "ocr_par" | "ocrx_block" | "ocr_separator" => return Role::Block,
            "ocr_line" | "ocrx_line" | "ocr_caption" | "ocr_header" | "ocr_textfloat" => {
                return Role::Line;
            }
            "ocrx_word" => return Role::Word,
            _ => {}
        }
    }
    Role::Other
}

/// HTML elements that never have an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "meta" | "br" | "img" | "link" | "input" | "hr" | "col" | "area" | "base" | "wbr"
    )
}

/// The `bbox` and `x_wconf` of a `title` (`bbox 216 176 400 212; x_wconf 93`),
/// and `ppageno` for pages.
pub fn title_properties(title: &str) -> (Option<[f64; 4]>, Option<f32>, Option<usize>) {
    let (mut bbox, mut conf, mut pageno) = (None, None, None);
    for prop in title.split(';') {
        let mut it = prop.split_whitespace();
        match it.next() {
            Some("bbox") => {
                let v: Vec<f64> = it.filter_map(|n| n.parse().ok()).collect();
                if let [a, b, c, d] = v[..] {
                    bbox = Some([a, b, c, d]);
                }
            }
            Some("x_wconf") => {
                conf = it
                    .next()
                    .and_then(|n| n.parse::<f32>().ok())
                    .map(|c| (c / 100.0).clamp(0.0, 1.0));
            }
            Some("ppageno") => pageno = it.next().and_then(|n| n.parse::<usize>().ok()),
            _ => {}
        }
    }
    (bbox, conf, pageno)
}

/// The word being read.
struct Open {
    depth: usize,
    info: WordInfo,
    text: Option<Range<usize>>,
    tag_after_text: bool,
}

/// Reads an hOCR file.
pub fn parse(xml: &str) -> Result<Document, MarkupError> {
    let mut r = Reader::new(xml, Format::Hocr);
    let mut b = Builder::new(xml, Format::Hocr);
    let mut depth = 0usize;
    let mut word: Option<Open> = None;
    loop {
        match r.next()? {
            Event::Start(tag) => {
                if is_void(tag.name) {
                    continue;
                }
                depth += 1;
                if let Some(w) = &mut word {
                    w.tag_after_text |= w.text.is_some();
                    continue;
                }
                let title = tag.attr("title").map(|t| r.value(t).into_owned());
                let (bbox, confidence, pageno) = title_properties(title.as_deref().unwrap_or(""));
                let id = tag.attr("id").map(|a| r.value(a).into_owned());
                match role(&tag, &r) {
                    Role::Page => b.page(pageno.map(|n| n + 1), id),
                    Role::Block => b.block(),
                    Role::Line => b.line(),
                    Role::Word => {
                        word = Some(Open {
                            depth,
                            info: WordInfo {
                                id,
                                bbox,
                                confidence,
                                line: false,
                                writable: true,
                            },
                            text: None,
                            tag_after_text: false,
                        })
                    }
                    Role::Other => {}
                }
            }
            Event::Empty(_) => {
                if let Some(w) = &mut word {
                    w.tag_after_text |= w.text.is_some();
                }
            }
            Event::End(name) => {
                if is_void(name) {
                    continue;
                }
                if let Some(w) = word.take_if(|w| w.depth == depth) {
                    if let Some(text) = w.text {
                        let raw = b.trimmed(text);
                        b.word(&[(raw, None, None)], w.info);
                    }
                } else if let Some(w) = &mut word {
                    w.tag_after_text |= w.text.is_some();
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(range) => {
                if let Some(w) = &mut word
                    && !xml.get(range.clone()).is_none_or(|t| t.trim().is_empty())
                {
                    if w.tag_after_text {
                        // Text, markup, text: the content is not one run.
                        w.info.writable = false;
                        w.tag_after_text = false;
                    }
                    w.text = Some(match &w.text {
                        Some(t) => t.start..range.end,
                        None => range,
                    });
                }
            }
            Event::Eof => break,
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOCR: &str = "<html><body>\
<div class='ocr_page' id='page_1' title='bbox 0 0 100 100; ppageno 0'>\
<div class='ocr_carea'><p class='ocr_par'>\
<span class='ocr_line'><span class='ocrx_word' id='w1' title='bbox 1 2 3 4; x_wconf 93'>Кенес</span> \
<span class='ocrx_word' id='w2' title='bbox 5 6 7 8; x_wconf 41'>Т&amp;К</span></span>\
<span class='ocr_line'><span class='ocrx_word' id='w3' title='x_wconf 90'><strong>жок</strong></span></span>\
</p></div></div></body></html>";

    #[test]
    fn reads_words_lines_and_properties() {
        let doc = parse(HOCR).unwrap();
        assert_eq!(doc.text, "Кенес Т&К\nжок");
        assert_eq!(doc.words.len(), 3);
        let w = &doc.words[1];
        assert_eq!(&HOCR[w.parts[0].raw.clone()], "Т&amp;К");
        assert_eq!(w.id.as_deref(), Some("w2"));
        assert_eq!(w.bbox, Some([5.0, 6.0, 7.0, 8.0]));
        assert_eq!(w.confidence, Some(0.41));
        assert_eq!(&HOCR[doc.words[2].parts[0].raw.clone()], "жок");
        assert!(doc.words[2].writable);
        assert_eq!(doc.pages[0].id.as_deref(), Some("page_1"));
    }

    #[test]
    fn maps_spans_through_entities() {
        let doc = parse(HOCR).unwrap();
        let k = doc.text.find('К').unwrap();
        let m = doc.to_xml(HOCR, &(k..k + "К".len())).unwrap();
        assert_eq!(&HOCR[m.span], "К");
        let amp = doc.text.find('&').unwrap();
        let m = doc.to_xml(HOCR, &(amp..amp + 1)).unwrap();
        assert_eq!(&HOCR[m.span], "&amp;");
        // Across two words: the covering range, no single word.
        let m = doc
            .to_xml(HOCR, &(0..doc.text.find('Т').unwrap() + 1))
            .unwrap();
        assert_eq!(m.word, None);
        // The separators alone map to nothing.
        let sp = doc.text.find(' ').unwrap();
        assert_eq!(doc.to_xml(HOCR, &(sp..sp + 1)), None);
    }
}
