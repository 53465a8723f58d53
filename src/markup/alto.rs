//! ALTO XML (versions 2 to 4): `Page`, `TextBlock`, `TextLine` and
//! `String` elements with the word in `CONTENT`, its box in
//! `HPOS`/`VPOS`/`WIDTH`/`HEIGHT` and its confidence in `WC` (0–1). A word
//! hyphenated across lines (`SUBS_TYPE="HypPart1"`, a `HYP`, then
//! `SUBS_TYPE="HypPart2"` on the next line) is linted as the joined word.

use std::ops::Range;

use super::xml::{Event, Reader, Tag};
use super::{Break, Builder, Document, Format, MarkupError, WordInfo};

/// One `String` element's content and properties.
struct Content {
    raw: Range<usize>,
    quote: u8,
    subs: Option<(Range<usize>, u8)>,
    info: WordInfo,
}

/// The first half of a hyphenated word, waiting for its second half.
struct Held {
    content: Content,
    before: Break,
}

fn number(r: &Reader<'_>, tag: &Tag<'_>, name: &str) -> Option<f64> {
    r.value(tag.attr(name)?).trim().parse().ok()
}

fn content(r: &Reader<'_>, tag: &Tag<'_>) -> Option<Content> {
    let c = tag.attr("CONTENT")?;
    let bbox = match (
        number(r, tag, "HPOS"),
        number(r, tag, "VPOS"),
        number(r, tag, "WIDTH"),
        number(r, tag, "HEIGHT"),
    ) {
        (Some(x), Some(y), Some(w), Some(h)) => Some([x, y, x + w, y + h]),
        _ => None,
    };
    Some(Content {
        raw: c.raw.clone(),
        quote: c.quote,
        subs: tag.attr("SUBS_CONTENT").map(|s| (s.raw.clone(), s.quote)),
        info: WordInfo {
            id: tag.attr("ID").map(|a| r.value(a).into_owned()),
            bbox,
            confidence: number(r, tag, "WC").map(|c| (c as f32).clamp(0.0, 1.0)),
            line: false,
            writable: true,
        },
    })
}

/// Adds a word of one part.
fn single(b: &mut Builder<'_>, c: Content) {
    b.word(&[(c.raw, Some(c.quote), None)], c.info);
}

/// Adds a held first half on its own (no second half came), where it stood.
fn flush(b: &mut Builder<'_>, held: &mut Option<Held>) {
    if let Some(h) = held.take() {
        let now = b.pending;
        b.pending = h.before;
        single(b, h.content);
        b.pending = now;
    }
}

/// Reads an ALTO file.
pub fn parse(xml: &str) -> Result<Document, MarkupError> {
    let mut r = Reader::new(xml, Format::Alto);
    let mut b = Builder::new(xml, Format::Alto);
    let mut held: Option<Held> = None;
    loop {
        let tag = match r.next()? {
            Event::Start(tag) | Event::Empty(tag) => tag,
            Event::Eof => break,
            _ => continue,
        };
        match tag.name {
            "Page" => {
                let id = tag.attr("ID").map(|a| r.value(a).into_owned());
                let n = number(&r, &tag, "PHYSICAL_IMG_NR").map(|n| n as usize);
                b.page(n.filter(|&n| n > 0), id);
            }
            "TextBlock" => b.block(),
            "TextLine" => b.line(),
            "String" => {
                let Some(c) = content(&r, &tag) else { continue };
                let kind = tag.attr("SUBS_TYPE").map(|a| r.value(a).into_owned());
                match kind.as_deref() {
                    Some("HypPart2") if held.is_some() => {
                        let Some(h) = held.take() else { continue };
                        b.pending = h.before;
                        let first = h.content;
                        let mut info = first.info;
                        info.confidence = match (info.confidence, c.info.confidence) {
                            (Some(a), Some(z)) => Some(a.min(z)),
                            (a, z) => a.or(z),
                        };
                        b.word(
                            &[
                                (first.raw, Some(first.quote), first.subs),
                                (c.raw, Some(c.quote), c.subs),
                            ],
                            info,
                        );
                    }
                    Some("HypPart1") => {
                        flush(&mut b, &mut held);
                        held = Some(Held {
                            content: c,
                            before: b.pending,
                        });
                        b.pending = Break::None;
                    }
                    _ => {
                        flush(&mut b, &mut held);
                        single(&mut b, c);
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut b, &mut held);
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page ID="p1" PHYSICAL_IMG_NR="3"><PrintSpace>
<TextBlock ID="b1"><TextLine ID="l1">
<String ID="s1" CONTENT="Кенес" WC="0.93" HPOS="10" VPOS="20" WIDTH="30" HEIGHT="40"/><SP/>
<String ID="s2" CONTENT="қүры" SUBS_TYPE="HypPart1" SUBS_CONTENT="қүрылыс" WC="0.5"/><HYP CONTENT="-"/>
</TextLine><TextLine ID="l2">
<String ID="s3" CONTENT="лыс" SUBS_TYPE="HypPart2" SUBS_CONTENT="қүрылыс" WC="0.4"/><SP/><String ID="s4" CONTENT="&quot;жок&quot;"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn joins_hyphenated_words() {
        let doc = parse(ALTO).unwrap();
        assert_eq!(doc.text, "Кенес қүрылыс \"жок\"");
        assert_eq!(doc.words.len(), 3);
        let w = &doc.words[1];
        assert_eq!(w.parts.len(), 2);
        assert_eq!(w.confidence, Some(0.4));
        assert_eq!(doc.words[0].bbox, Some([10.0, 20.0, 40.0, 60.0]));
        assert_eq!(doc.pages[0].number, 3);
        assert_eq!(doc.pages[0].id.as_deref(), Some("p1"));
    }

    #[test]
    fn a_fix_of_a_hyphenated_word_rewrites_both_parts() {
        let doc = parse(ALTO).unwrap();
        let edits = doc.word_edits(ALTO, 1, "құрылыс");
        let fixed = crate::fix::apply_edits(ALTO, &edits);
        assert!(
            fixed.contains(r#"CONTENT="құры" SUBS_TYPE="HypPart1" SUBS_CONTENT="құрылыс""#),
            "{fixed}"
        );
        assert!(
            fixed.contains(r#"CONTENT="лыс" SUBS_TYPE="HypPart2" SUBS_CONTENT="құрылыс""#),
            "{fixed}"
        );
        // Quotes in a value stay escaped.
        let edits = doc.word_edits(ALTO, 2, "\"жоқ\"");
        let fixed = crate::fix::apply_edits(ALTO, &edits);
        assert!(fixed.contains(r#"CONTENT="&quot;жоқ&quot;""#), "{fixed}");
    }
}
