//! XML underneath the readers: a streaming reader that reports byte ranges
//! into the file (of text and of attribute values), and escaping.
//!
//! quick-xml streams events without building a tree, so a 50 MB file costs
//! its own text and the word map, not a DOM. The readers need where content
//! sits, not its decoded value, so events come back as ranges of the input.

use std::borrow::Cow;
use std::ops::Range;

use super::{Format, MarkupError};

/// One attribute of a tag: its local name and its raw (escaped) value.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'x> {
    /// The name without a namespace prefix.
    pub name: &'x str,
    /// The value's bytes in the XML, quotes excluded.
    pub raw: Range<usize>,
    /// The quote around it.
    pub quote: u8,
}

/// A start or empty tag.
#[derive(Debug, Clone)]
pub(crate) struct Tag<'x> {
    /// The element's name without a namespace prefix.
    pub name: &'x str,
    /// Its attributes.
    pub attrs: Vec<Attr<'x>>,
}

impl<'x> Tag<'x> {
    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&Attr<'x>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// What the reader met.
#[derive(Debug, Clone)]
pub(crate) enum Event<'x> {
    /// `<name …>`.
    Start(Tag<'x>),
    /// `<name …/>`.
    Empty(Tag<'x>),
    /// `</name>`, by local name.
    End(&'x str),
    /// Character data or a reference, as a range of the XML.
    Text(Range<usize>),
    /// The end of the input.
    Eof,
}

/// A streaming reader over a whole XML text.
pub(crate) struct Reader<'x> {
    inner: quick_xml::Reader<&'x [u8]>,
    xml: &'x str,
    format: Format,
    /// Bytes before what `inner` reads: a byte order mark, which quick-xml
    /// would skip without counting it.
    base: usize,
}

impl<'x> Reader<'x> {
    /// A reader over `xml`, lenient about end tag names (HTML hOCR).
    pub fn new(xml: &'x str, format: Format) -> Reader<'x> {
        let base = if xml.starts_with('\u{feff}') { 3 } else { 0 };
        let mut inner = quick_xml::Reader::from_str(&xml[base..]);
        let config = inner.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        Reader {
            inner,
            xml,
            format,
            base,
        }
    }

    /// The value of an attribute, unescaped.
    pub fn value(&self, attr: &Attr<'_>) -> Cow<'x, str> {
        unescape(&self.xml[attr.raw.clone()])
    }

    fn error(&self, message: impl std::fmt::Display) -> MarkupError {
        MarkupError {
            format: self.format.name(),
            offset: self.base + usize::try_from(self.inner.error_position()).unwrap_or(0),
            message: message.to_string(),
        }
    }

    fn tag(&self, e: &quick_xml::events::BytesStart<'x>) -> Result<Tag<'x>, MarkupError> {
        let base = self.xml.as_ptr() as usize;
        let name = local(self.slice_of(e.name().0));
        let mut attrs = Vec::new();
        // hOCR may be HTML: unquoted values and bare attribute names.
        let mut attributes = if self.format == Format::Hocr {
            e.html_attributes()
        } else {
            e.attributes()
        };
        for a in attributes.with_checks(false) {
            let a = a.map_err(|err| self.error(err))?;
            let Cow::Borrowed(v) = a.value else {
                return Err(self.error("attribute value not in the input"));
            };
            let start = v.as_ptr() as usize - base;
            let quote = start
                .checked_sub(1)
                .and_then(|i| self.xml.as_bytes().get(i).copied())
                .filter(|q| matches!(q, b'"' | b'\''))
                .unwrap_or(b'"');
            attrs.push(Attr {
                name: local(self.slice_of(a.key.0)),
                raw: start..start + v.len(),
                quote,
            });
        }
        Ok(Tag { name, attrs })
    }

    /// The same string, as a slice of the input (events borrow from it).
    fn slice_of(&self, s: &str) -> &'x str {
        let base = self.xml.as_ptr() as usize;
        let at = (s.as_ptr() as usize).wrapping_sub(base);
        self.xml
            .get(at..at + s.len())
            .filter(|x| x.as_ptr() == s.as_ptr())
            .unwrap_or("")
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Event<'x>, MarkupError> {
        use quick_xml::events::Event as Q;
        loop {
            let position = |r: &quick_xml::Reader<&[u8]>| {
                self.base + usize::try_from(r.buffer_position()).unwrap_or(0)
            };
            let before = position(&self.inner);
            let event = self.inner.read_event().map_err(|e| self.error(e))?;
            let after = position(&self.inner);
            if !self.xml.is_char_boundary(before) || !self.xml.is_char_boundary(after) {
                return Err(self.error("reader lost its place in the text"));
            }
            return Ok(match event {
                Q::Start(e) => Event::Start(self.tag(&e)?),
                Q::Empty(e) => Event::Empty(self.tag(&e)?),
                Q::End(e) => Event::End(local(self.slice_of(e.name().0))),
                Q::Text(_) | Q::GeneralRef(_) => Event::Text(before..after),
                Q::Eof => Event::Eof,
                _ => continue,
            });
        }
    }
}

/// A name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// One escaped unit of raw XML at the start of `s`: its length in the raw
/// text and the character it stands for (`None`: taken literally).
fn entity(s: &str) -> Option<(usize, char)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let n = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(n)?
        }
    };
    Some((end + 1, c))
}

/// Raw XML content (a text node or attribute value) as text: the five XML
/// entities, `&nbsp;` and character references resolved; anything else
/// taken literally.
pub fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match entity(rest) {
            Some((len, c)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The offset in `raw` where byte `offset` of its unescaped text lies (an
/// entity maps as a whole).
pub fn raw_offset(raw: &str, offset: usize) -> usize {
    if !raw.contains('&') {
        return offset.min(raw.len());
    }
    let (mut r, mut t) = (0, 0);
    while t < offset && r < raw.len() {
        let rest = &raw[r..];
        match rest.starts_with('&').then(|| entity(rest)).flatten() {
            Some((len, c)) => {
                r += len;
                t += c.len_utf8();
            }
            None => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                r += c;
                t += c;
            }
        }
    }
    r
}

/// Text escaped for XML: `&` and `<` always, `>` too, and the quote
/// delimiting an attribute value (`quote`), so that the result reads back
/// as the same text where it is written.
pub fn escape(text: &str, quote: Option<u8>) -> Cow<'_, str> {
    let special = |c: char| {
        matches!(c, '&' | '<' | '>')
            || (c == '"' && quote == Some(b'"'))
            || (c == '\'' && quote == Some(b'\''))
    };
    if !text.contains(special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quote == Some(b'"') => out.push_str("&quot;"),
            '\'' if quote == Some(b'\'') => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_and_maps_offsets() {
        assert_eq!(unescape("a&amp;b&#1179;&#x4A3;&bogus;"), "a&bқң&bogus;");
        let raw = "Т&amp;К сөз";
        assert_eq!(raw_offset(raw, 0), 0);
        assert_eq!(raw_offset(raw, "Т&".len()), "Т&amp;".len());
        assert_eq!(raw_offset(raw, "Т&К".len()), "Т&amp;К".len());
        assert_eq!(raw_offset("abc", 2), 2);
    }

    #[test]
    fn escapes_for_the_context() {
        assert_eq!(escape("a<b&\"c'", None), "a&lt;b&amp;\"c'");
        assert_eq!(escape("\"c'", Some(b'"')), "&quot;c'");
        assert_eq!(escape("\"c'", Some(b'\'')), "\"c&apos;");
        assert!(matches!(escape("Кеңес", Some(b'"')), Cow::Borrowed(_)));
    }

    #[test]
    fn counts_a_byte_order_mark() {
        let xml = "\u{feff}<a x='қ'>сөз</a>";
        let mut r = Reader::new(xml, Format::Page);
        let Event::Start(t) = r.next().unwrap() else {
            panic!()
        };
        assert_eq!(&xml[t.attr("x").unwrap().raw.clone()], "қ");
        let Event::Text(range) = r.next().unwrap() else {
            panic!()
        };
        assert_eq!(&xml[range], "сөз");
    }

    #[test]
    fn reports_ranges_of_text_and_attributes() {
        let xml = "<a x='1' y=\"Т&amp;К\"><b>сөз &lt;</b></a>";
        let mut r = Reader::new(xml, Format::Alto);
        let Event::Start(t) = r.next().unwrap() else {
            panic!()
        };
        assert_eq!(t.name, "a");
        let y = t.attr("y").unwrap();
        assert_eq!(&xml[y.raw.clone()], "Т&amp;К");
        assert_eq!(y.quote, b'"');
        assert_eq!(t.attr("x").unwrap().quote, b'\'');
        assert!(matches!(r.next().unwrap(), Event::Start(_)));
        let mut text = String::new();
        while let Event::Text(range) = r.next().unwrap() {
            text.push_str(&xml[range]);
        }
        assert_eq!(text, "сөз &lt;");
    }
}
