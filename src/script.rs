//! Writing systems of letters, and the look-alike table between Latin and Cyrillic.
//!
//! The table itself is data: `lexicon/lookalikes.tsv`, embedded at build time.

use std::sync::OnceLock;

/// The script a letter belongs to, as far as emle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Cyrillic letters (Kazakh, Russian, …).
    Cyrillic,
    /// Latin letters.
    Latin,
    /// Any other letter, or a combining mark.
    Other,
}

/// The script of one character.
pub fn script_of(c: char) -> Script {
    match c {
        '\u{0400}'..='\u{052f}'
        | '\u{1c80}'..='\u{1c8f}'
        | '\u{2de0}'..='\u{2dff}'
        | '\u{a640}'..='\u{a69f}' => Script::Cyrillic,
        'a'..='z' | 'A'..='Z' | '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}'
            if c.is_alphabetic() =>
        {
            Script::Latin
        }
        _ => Script::Other,
    }
}

/// Whether `c` is one of the letters Kazakh Cyrillic has and Russian has
/// not: ә ғ қ ң ө ұ ү һ і and their capitals. An OCR model trained without
/// them reads none, which is how its damage is told.
pub fn is_kazakh_letter(c: char) -> bool {
    matches!(
        c,
        'ә' | 'ғ'
            | 'қ'
            | 'ң'
            | 'ө'
            | 'ұ'
            | 'ү'
            | 'һ'
            | 'і'
            | 'Ә'
            | 'Ғ'
            | 'Қ'
            | 'Ң'
            | 'Ө'
            | 'Ұ'
            | 'Ү'
            | 'Һ'
            | 'І'
    )
}

/// True when the word has a character of the Cyrillic blocks Kazakh and
/// Russian text use (U+0400 to U+052F): the words the lexicon is asked
/// about, by `unknown-word` and by `emle eval coverage` alike.
pub fn has_cyrillic(word: &str) -> bool {
    word.chars().any(|c| matches!(c, '\u{0400}'..='\u{052f}'))
}

/// Whether `word` is one Cyrillic word with OCR noise read for letters:
/// `!`, `|` or another mark of [`crate::tokenize::is_glyph_noise`] between
/// letters (`кел!ншек`, `ешб]р`) or opening the word (`@згер!с`), or lone digits standing for
/// letters (`б1л1м`, `3аң`), and no Latin letter. Engines without the Kazakh
/// letters write such runs for і, з, б and others; they are never a correct
/// word. A digit at the end (`км3`, a unit's power), before capitals
/// (`6ӘС`, a code) or in a run of digits (`1962ж`) does not count. Between
/// letters a run may mix marks and `1` (`кулк!1с1`, `кез1!нен`); the marks
/// `/`, `:` and `?` count only there (`б/рге`, `б:р`), as the tokenizer
/// takes them into a word only in a document read without the Kazakh
/// letters ([`crate::tokenize::Tokens::without_kazakh_letters`]).
pub fn is_noisy_cyrillic_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let letter = |c: char| crate::tokenize::is_letter(c);
    let misread = |c: char| {
        crate::tokenize::is_letter_noise(c)
            || c.is_ascii_digit()
            || crate::tokenize::is_misread_mark(c)
    };
    let mut cyrillic = 0;
    let mut noise = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match script_of(c) {
            Script::Cyrillic => cyrillic += 1,
            Script::Latin => return false,
            Script::Other if letter(c) => {}
            Script::Other if misread(c) => {
                let run_end = (i..chars.len())
                    .find(|&j| !misread(chars[j]))
                    .unwrap_or(chars.len());
                let run = &chars[i..run_end];
                let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
                let inner_marks = run.iter().any(|&c| crate::tokenize::is_misread_mark(c));
                let before = i.checked_sub(1).map(|j| chars[j]);
                // A hyphen ends a part of the word as the word's end does.
                let after = chars
                    .get(run_end)
                    .copied()
                    .filter(|&a| !crate::tokenize::is_hyphen(a));
                let stands_for_letters = match (before, after) {
                    // Several digits in a row are a number (`Ту154ұшағы`).
                    (Some(b), Some(a)) => {
                        letter(b)
                            && letter(a)
                            && run.len() <= 3
                            && (digits <= 1 || digits < run.len())
                    }
                    // A mark opening the word stands for its first letter
                    // when a Cyrillic one follows (`@згер!с`, `{кке`).
                    (None, Some(a)) => {
                        run.len() == 1
                            && ((c.is_ascii_digit() && a.is_lowercase())
                                || (crate::tokenize::is_opening_noise(c)
                                    && script_of(a) == Script::Cyrillic))
                    }
                    // A last і read as `1` or `!` (ед1, ек!, мус!1): the
                    // tokenizer keeps a final `!` only when the sentence
                    // goes on, or in a document without the Kazakh letters.
                    (Some(b), None) => {
                        run.len() <= 2
                            && !inner_marks
                            && run.iter().all(|&c| c == '1' || !c.is_ascii_digit())
                            && script_of(b) == Script::Cyrillic
                            && b.is_lowercase()
                    }
                    _ => false,
                };
                if !stands_for_letters {
                    return false;
                }
                noise += run.len();
                i = run_end;
                continue;
            }
            Script::Other if crate::tokenize::is_hyphen(c) || crate::tokenize::is_apostrophe(c) => {
            }
            Script::Other => return false,
        }
        i += 1;
    }
    noise > 0 && cyrillic >= 2
}

/// The Latin/Cyrillic look-alike pairs and the digits OCR reads for letters.
#[derive(Debug, Default)]
pub struct Lookalikes {
    latin_to_cyrillic: Vec<(char, char)>,
    cyrillic_to_latin: Vec<(char, char)>,
    digit_to_cyrillic: Vec<(char, char)>,
}

impl Lookalikes {
    /// The table embedded from `lexicon/lookalikes.tsv`.
    pub fn embedded() -> &'static Lookalikes {
        static TABLE: OnceLock<Lookalikes> = OnceLock::new();
        TABLE.get_or_init(|| Lookalikes::parse(include_str!("../lexicon/lookalikes.tsv")))
    }

    /// Parses the TSV format of `lexicon/lookalikes.tsv`; malformed lines are skipped
    /// (the embedded file is checked by a unit test).
    pub fn parse(tsv: &str) -> Lookalikes {
        let mut table = Lookalikes::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(from), Some(to), Some(kind)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let (Some(from), Some(to)) = (single_char(from), single_char(to)) else {
                continue;
            };
            match kind.trim() {
                "letter" => {
                    table.latin_to_cyrillic.push((from, to));
                    table.cyrillic_to_latin.push((to, from));
                }
                "digit" => table.digit_to_cyrillic.push((from, to)),
                _ => {}
            }
        }
        table
    }

    /// The Cyrillic letter a Latin letter looks like.
    pub fn to_cyrillic(&self, c: char) -> Option<char> {
        find(&self.latin_to_cyrillic, c)
    }

    /// The Latin letter a Cyrillic letter looks like.
    pub fn to_latin(&self, c: char) -> Option<char> {
        find(&self.cyrillic_to_latin, c)
    }

    /// The Cyrillic letter OCR may have read as this digit (lowercase form).
    pub fn digit_to_cyrillic(&self, c: char) -> Option<char> {
        find(&self.digit_to_cyrillic, c)
    }
}

fn find(pairs: &[(char, char)], c: char) -> Option<char> {
    pairs
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to)
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Whether a lowercase word mixes ү with back vowels or ұ with front ones:
/// in native words neither happens, while OCR swaps the two letters often.
/// Words without a Kazakh letter (loanwords: колхоз, функция) never count.
pub fn breaks_harmony(w: &str) -> bool {
    let has = |set: &[char]| w.chars().any(|c| set.contains(&c));
    if !w.chars().any(is_kazakh_letter) {
        return false;
    }
    (w.contains('ү') && has(&['а', 'о', 'ұ', 'ы']))
        || (w.contains('ұ') && has(&['ә', 'ө', 'ү', 'і']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noisy_words_are_letters_with_noise_inside() {
        for w in [
            "кел!ншектермен",
            "б1л1м",
            "3аң",
            "ек|нш|",
            "куйеу!н-де",
            "ед1",
            "ек!",
            "ешб]р",
            "себеб]",
            "@згер!с",
            "{кке",
            "кулк!1с1",
            "кез1!нен",
            "б/рге",
            "б:р",
            "мус!1",
            "бэр1-ак",
        ] {
            assert!(is_noisy_cyrillic_word(w), "{w}");
        }
        for w in [
            "білім",
            "км3",
            "м2",
            "6ӘС",
            "1962ж",
            "б1lм",
            "1-інде",
            "а1",
            "X1I",
            "ЕД1",
            "@mail",
            "]сөз",
            "Ту154ұшағы",
            "км/",
            "/км",
            "ед111",
        ] {
            assert!(!is_noisy_cyrillic_word(w), "{w}");
        }
    }

    #[test]
    fn embedded_table_parses_every_line() {
        let data = include_str!("../lexicon/lookalikes.tsv");
        let rows = data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let t = Lookalikes::embedded();
        assert_eq!(
            t.latin_to_cyrillic.len() + t.digit_to_cyrillic.len(),
            rows,
            "a malformed line in lexicon/lookalikes.tsv"
        );
        assert_eq!(t.to_cyrillic('e'), Some('е'));
        assert_eq!(t.to_latin('Х'), Some('X'));
        assert_eq!(t.digit_to_cyrillic('1'), Some('і'));
    }

    #[test]
    fn scripts() {
        assert_eq!(script_of('ң'), Script::Cyrillic);
        assert_eq!(script_of('e'), Script::Latin);
        assert_eq!(script_of('1'), Script::Other);
        assert!(has_cyrillic("Кеңeс"));
    }
}
