//! 8-bit Kazakh code pages that `encoding_rs` does not know (KZ-1048, PT154),
//! from the tables in `lexicon/encodings/`, embedded at build time.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A single-byte code page: ASCII below 0x80, a table above.
pub struct CodePage {
    name: &'static str,
    high: [Option<char>; 128],
    reverse: HashMap<char, u8>,
}

impl std::fmt::Debug for CodePage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for CodePage {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for CodePage {}

impl CodePage {
    fn parse(name: &'static str, tsv: &str) -> CodePage {
        let mut high = [None; 128];
        for line in tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut cols = line.split('\t');
            let (Some(byte), Some(code)) = (cols.next(), cols.next()) else {
                continue;
            };
            let (Ok(byte), Ok(code)) = (
                u8::from_str_radix(byte, 16),
                u32::from_str_radix(code.trim(), 16),
            ) else {
                continue;
            };
            if byte >= 0x80 {
                high[usize::from(byte - 0x80)] = char::from_u32(code);
            }
        }
        let reverse = high
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c, 0x80 + i as u8)))
            .collect();
        CodePage {
            name,
            high,
            reverse,
        }
    }

    /// The code page's name, as `--encoding` takes it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// KZ-1048, the Kazakh Windows code page.
    pub fn kz1048() -> &'static CodePage {
        static PAGE: OnceLock<CodePage> = OnceLock::new();
        PAGE.get_or_init(|| {
            CodePage::parse("kz-1048", include_str!("../lexicon/encodings/kz-1048.tsv"))
        })
    }

    /// PT154, the Paratype Cyrillic-Asian code page.
    pub fn pt154() -> &'static CodePage {
        static PAGE: OnceLock<CodePage> = OnceLock::new();
        PAGE.get_or_init(|| {
            CodePage::parse("pt154", include_str!("../lexicon/encodings/pt154.tsv"))
        })
    }

    /// Looks a code page up by a name or common label.
    pub fn for_label(label: &str) -> Option<&'static CodePage> {
        match label {
            "kz-1048" | "kz1048" | "strk1048-2002" | "rk1048" => Some(CodePage::kz1048()),
            "pt154" | "ptcp154" | "pt-154" | "cp154" => Some(CodePage::pt154()),
            _ => None,
        }
    }

    /// Decodes bytes; `None` at the first byte the page has no character for.
    pub fn decode(&self, bytes: &[u8]) -> Result<String, usize> {
        let mut text = String::with_capacity(bytes.len() * 2);
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0x80 {
                text.push(char::from(b));
            } else {
                text.push(self.high[usize::from(b - 0x80)].ok_or(i)?);
            }
        }
        Ok(text)
    }

    /// Encodes text; `None` when a character has no byte in this page.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    Some(c as u8)
                } else {
                    self.reverse.get(&c).copied()
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_round_trip() {
        for page in [CodePage::kz1048(), CodePage::pt154()] {
            let text = "Қазақстан: ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І, 1962 ж.";
            let bytes = page
                .encode(text)
                .unwrap_or_else(|| panic!("{} lacks a letter", page.name()));
            assert_eq!(bytes.len(), text.chars().count());
            assert_eq!(page.decode(&bytes).unwrap(), text);
        }
        assert!(CodePage::kz1048().encode("日本").is_none());
        assert_eq!(CodePage::for_label("ptcp154"), Some(CodePage::pt154()));
    }
}
