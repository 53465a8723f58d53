//! PAGE XML (`PcGts`): `Page`, `TextRegion`, `TextLine` and `Word`
//! elements, each with `Coords` and `TextEquiv` (`conf`, 0–1) holding the
//! text in `Unicode`. Words are read where a line has them; a line without
//! words is read as one unit from its own `TextEquiv`.

use std::ops::Range;

use super::xml::{Event, Reader, Tag};
use super::{Builder, Document, Format, MarkupError, WordInfo};

/// The element that owns the `TextEquiv` being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Word,
    Line,
}

/// A `Word` or `TextLine` being read.
#[derive(Debug, Default)]
struct Element {
    info: WordInfo,
    /// Whether its `TextEquiv` was read (only the first one counts).
    done: bool,
}

/// Points of a `points` attribute as a box.
fn points_box(points: &str) -> Option<[f64; 4]> {
    let mut bbox: Option<[f64; 4]> = None;
    for p in points.split_whitespace() {
        let (x, y) = p.split_once(',')?;
        let (x, y): (f64, f64) = (x.parse().ok()?, y.parse().ok()?);
        extend(&mut bbox, x, y);
    }
    bbox
}

fn extend(bbox: &mut Option<[f64; 4]>, x: f64, y: f64) {
    *bbox = Some(match *bbox {
        None => [x, y, x, y],
        Some([a, b, c, d]) => [a.min(x), b.min(y), c.max(x), d.max(y)],
    });
}

fn id(r: &Reader<'_>, tag: &Tag<'_>) -> Option<String> {
    tag.attr("id").map(|a| r.value(a).into_owned())
}

/// Reads a PAGE XML file.
pub fn parse(xml: &str) -> Result<Document, MarkupError> {
    let mut r = Reader::new(xml, Format::Page);
    let mut b = Builder::new(xml, Format::Page);
    let mut stack: Vec<&str> = Vec::new();
    let mut line: Option<Element> = None;
    let mut line_words = 0usize;
    let mut word: Option<Element> = None;
    // The TextEquiv being read, its confidence, and the Unicode text so far.
    let mut equiv: Option<(Owner, Option<f32>)> = None;
    let mut unicode: Option<Option<Range<usize>>> = None;
    loop {
        let event = r.next()?;
        let (tag, empty) = match event {
            Event::Start(tag) => (tag, false),
            Event::Empty(tag) => (tag, true),
            Event::Text(range) => {
                if let Some(text) = &mut unicode {
                    *text = Some(match text {
                        Some(t) => t.start..range.end,
                        None => range,
                    });
                }
                continue;
            }
            Event::End(name) => {
                stack.pop();
                match name {
                    "Unicode" => {
                        let (Some(Some(text)), Some((owner, conf))) = (unicode.take(), equiv)
                        else {
                            continue;
                        };
                        let element = match owner {
                            Owner::Word => word.as_mut(),
                            Owner::Line if line_words == 0 => line.as_mut(),
                            Owner::Line => None,
                        };
                        if let Some(e) = element {
                            let mut info = e.info.clone();
                            info.confidence = conf;
                            info.line = owner == Owner::Line;
                            let raw = b.trimmed(text);
                            let before = b.doc.words.len();
                            b.word(&[(raw, None, None)], info);
                            if owner == Owner::Word && b.doc.words.len() > before {
                                line_words += 1;
                            }
                        }
                    }
                    "TextEquiv" => {
                        if let Some((owner, _)) = equiv.take() {
                            let e = if owner == Owner::Word {
                                &mut word
                            } else {
                                &mut line
                            };
                            if let Some(e) = e {
                                e.done = true;
                            }
                        }
                    }
                    "Word" => word = None,
                    "TextLine" => line = None,
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
        };
        let parent = stack.last().copied();
        if !empty {
            stack.push(tag.name);
        }
        match tag.name {
            "Page" => {
                let image = tag.attr("imageFilename").map(|a| r.value(a).into_owned());
                b.page(None, id(&r, &tag).or(image));
            }
            "TextRegion" => b.block(),
            "TextLine" if !empty => {
                b.line();
                line_words = 0;
                line = Some(Element {
                    info: WordInfo {
                        id: id(&r, &tag),
                        writable: true,
                        ..WordInfo::default()
                    },
                    done: false,
                });
            }
            "Word" if !empty => {
                word = Some(Element {
                    info: WordInfo {
                        id: id(&r, &tag),
                        writable: true,
                        ..WordInfo::default()
                    },
                    done: false,
                });
            }
            "Coords" => {
                let target = match parent {
                    Some("Word") => word.as_mut(),
                    Some("TextLine") => line.as_mut(),
                    _ => None,
                };
                if let (Some(e), Some(points)) = (target, tag.attr("points")) {
                    e.info.bbox = points_box(&r.value(points));
                }
            }
            "Point" if parent == Some("Coords") => {
                let target = match stack.get(stack.len().wrapping_sub(if empty { 2 } else { 3 })) {
                    Some(&"Word") => word.as_mut(),
                    Some(&"TextLine") => line.as_mut(),
                    _ => None,
                };
                let coord = |n: &str| {
                    tag.attr(n)
                        .and_then(|a| r.value(a).trim().parse::<f64>().ok())
                };
                if let (Some(e), Some(x), Some(y)) = (target, coord("x"), coord("y")) {
                    extend(&mut e.info.bbox, x, y);
                }
            }
            "TextEquiv" if !empty => {
                let owner = match parent {
                    Some("Word") if word.as_ref().is_some_and(|w| !w.done) => Some(Owner::Word),
                    Some("TextLine") if line.as_ref().is_some_and(|l| !l.done) => Some(Owner::Line),
                    _ => None,
                };
                let conf = tag
                    .attr("conf")
                    .and_then(|a| r.value(a).trim().parse::<f32>().ok())
                    .map(|c| c.clamp(0.0, 1.0));
                equiv = owner.map(|o| (o, conf));
            }
            "Unicode" if !empty && equiv.is_some() => unicode = Some(None),
            _ => {}
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
<Page imageFilename="p7.png" imageWidth="100" imageHeight="100">
<TextRegion id="r1"><Coords points="0,0 100,0 100,100 0,100"/>
<TextLine id="l1"><Coords points="0,0 100,0 100,10 0,10"/>
<Word id="w1"><Coords points="1,2 30,2 30,9 1,9"/><TextEquiv conf="0.42"><Unicode>сьезі</Unicode></TextEquiv></Word>
<Word id="w2"><Coords points="31,2 60,9"/><Glyph id="g1"><TextEquiv><Unicode>x</Unicode></TextEquiv></Glyph><TextEquiv conf="0.97"><Unicode>кажет</Unicode></TextEquiv></Word>
<TextEquiv><Unicode>сьезі кажет</Unicode></TextEquiv>
</TextLine>
<TextLine id="l2"><Coords points="0,20 100,30"/><TextEquiv conf="0.8"><Unicode>Кенес &amp; жок</Unicode></TextEquiv></TextLine>
<TextEquiv><Unicode>сьезі кажет
Кенес &amp; жок</Unicode></TextEquiv>
</TextRegion></Page></PcGts>"#;

    #[test]
    fn reads_words_else_lines() {
        let doc = parse(PAGE).unwrap();
        assert_eq!(doc.text, "сьезі кажет\nКенес & жок");
        assert_eq!(doc.words.len(), 3);
        assert_eq!(doc.words[0].bbox, Some([1.0, 2.0, 30.0, 9.0]));
        assert_eq!(doc.words[1].confidence, Some(0.97));
        assert_eq!(doc.words[1].id.as_deref(), Some("w2"));
        let line = &doc.words[2];
        assert!(line.line);
        assert_eq!(line.id.as_deref(), Some("l2"));
        assert_eq!(&PAGE[line.parts[0].raw.clone()], "Кенес &amp; жок");
        assert_eq!(doc.pages[0].id.as_deref(), Some("p7.png"));
    }
}
