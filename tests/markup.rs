//! hOCR, ALTO and PAGE XML input: diagnostics point into the XML, JSON
//! carries the page, box and OCR confidence, and `fix` rewrites word
//! content only.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use emle::fix::apply_edits;
use emle::markup::{Format, escape, parse};
use proptest::prelude::*;

const HOCR: &str = "fixtures/markup/page.hocr";
const ALTO: &str = "fixtures/markup/page.alto.xml";
const PAGE: &str = "fixtures/markup/page.page.xml";

fn emle(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emle"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("emle runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Copies a fixture into a fresh temporary directory.
fn scratch(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(Path::new(fixture).file_name().unwrap());
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), &path).unwrap();
    (dir, path)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..offset].chars().count() + 1)
}

fn jsonl(path: &str) -> Vec<serde_json::Value> {
    let o = emle(&["check", "--format", "jsonl", path]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The XML without the content of its words: what a fix must not touch.
fn skeleton(xml: &str, format: Format) -> String {
    let doc = parse(xml, format).unwrap();
    let mut ranges: Vec<_> = doc
        .words
        .iter()
        .flat_map(|w| w.parts.iter())
        .flat_map(|p| std::iter::once(p.raw.clone()).chain(p.subs.iter().map(|s| s.0.clone())))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut at = 0;
    for r in ranges {
        out.push_str(&xml[at..r.start]);
        out.push('\u{1}');
        at = r.end;
    }
    out.push_str(&xml[at..]);
    out
}

#[test]
fn human_output_points_into_the_xml() {
    let xml = read(HOCR);
    let o = emle(&["check", "--color", "never", HOCR]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for word in ["қүрылыс", "сьезі", "жок", "кажет", "Кеңeс"] {
        let at = xml.find(&format!(">{word}<")).unwrap() + 1;
        let (line, col) = line_col(&xml, at);
        assert!(
            out.contains(&format!("{HOCR}:{line}:{col}")),
            "{word} at {line}:{col}\n{out}"
        );
    }
    assert!(
        out.contains(
            "note: page 1 (page_1), word word_1_4, box 720,170\u{2013}950,220, OCR confidence 0.41"
        ),
        "{out}"
    );
    // The line shown is the XML's own.
    assert!(
        out.contains("<span class='ocrx_word' id='word_1_4'"),
        "{out}"
    );
}

#[test]
fn json_carries_page_box_and_confidence() {
    for (path, id) in [(HOCR, "word_1_10"), (ALTO, "string_6"), (PAGE, "r1l2")] {
        let xml = read(path);
        let found = jsonl(path);
        let d = found
            .iter()
            .find(|d| d["text"] == "сьезі")
            .unwrap_or_else(|| panic!("{path}: {found:?}"));
        assert_eq!(d["page"], 1, "{path}");
        assert_eq!(d["element_id"], id, "{path}");
        assert_eq!(d["bbox"].as_array().map(Vec::len), Some(4), "{path}");
        assert!(d["ocr_confidence"].as_f64().unwrap() < 0.61, "{path}");
        for d in &found {
            // Byte offsets are the file's own.
            let (a, b) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(xml[a..b], *d["text"].as_str().unwrap(), "{path}");
            let (line, col) = line_col(&xml, a);
            assert_eq!(
                (d["line"].as_u64(), d["column"].as_u64()),
                (Some(line as u64), Some(col as u64))
            );
        }
    }
    // The hyphenated ALTO word is linted whole.
    assert!(
        jsonl(ALTO)
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("`қүрылыс`"))
    );
}

#[test]
fn plain_json_has_no_markup_fields() {
    let o = emle(&["check", "--format", "jsonl", "fixtures/mixed-script.txt"]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert!(
        !first.contains("\"page\"") && !first.contains("\"bbox\""),
        "{first}"
    );
}

#[test]
fn fix_rewrites_word_content_only_and_is_idempotent() {
    for (fixture, format) in [
        (HOCR, Format::Hocr),
        (ALTO, Format::Alto),
        (PAGE, Format::Page),
    ] {
        let (_dir, path) = scratch(fixture);
        let p = path.to_str().unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let o = emle(&["fix", "--unsafe", p]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{fixture}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let after = std::fs::read_to_string(&path).unwrap();
        assert_ne!(before, after, "{fixture}");
        assert_eq!(
            skeleton(&before, format),
            skeleton(&after, format),
            "{fixture}"
        );
        for fixed in ["құры", "жоқ", "съезі", "қажет", "Кеңес", "Т&amp;К"] {
            assert!(after.contains(fixed), "{fixture}: {fixed}\n{after}");
        }
        let o = emle(&["fix", "--unsafe", p]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            after,
            "{fixture}: not idempotent"
        );
    }
}

#[test]
fn hyphenated_alto_words_are_fixed_in_both_parts() {
    let (_dir, path) = scratch(ALTO);
    emle(&["fix", "--unsafe", path.to_str().unwrap()]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains(r#"CONTENT="құры" SUBS_TYPE="HypPart1" SUBS_CONTENT="құрылыс""#),
        "{after}"
    );
    assert!(
        after.contains(r#"CONTENT="лыс" SUBS_TYPE="HypPart2" SUBS_CONTENT="құрылыс""#),
        "{after}"
    );
    // An escaped quote around a word stays escaped.
    assert!(after.contains(r#"CONTENT="&quot;қажет&quot;""#), "{after}");
}

#[test]
fn safe_fix_and_diff_on_hocr() {
    let (_dir, path) = scratch(HOCR);
    let p = path.to_str().unwrap();
    let o = emle(&["fix", "--diff", p]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("+      <span class='ocrx_word' id='word_1_1' title='bbox 150 172 330 214; x_wconf 88'>Кеңес</span>"), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        read(HOCR),
        "--diff writes nothing"
    );
    emle(&["fix", p]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains(">Кеңес</span>") && after.contains(">жок</span>"));
}

#[test]
fn broken_markup_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xml");
    std::fs::write(&path, "<alto><Page><String CONTENT=\"сьезі/></Page></alto>").unwrap();
    let o = emle(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.xml") && err.contains("ALTO"), "{err}");
}

/// Word texts with the characters XML escaping cares about.
fn words() -> impl Strategy<Value = Vec<String>> {
    let piece = prop::sample::select(vec![
        "қ", "ү", "ь", "ъ", "е", "e", "&", "<", ">", "\"", "'", "ж", "о", "к", "Т", "1", "-",
    ]);
    let word = prop::collection::vec(piece, 1..6).prop_map(|v| v.concat());
    prop::collection::vec(word, 1..6)
}

/// A document of each format holding these words.
fn documents(words: &[String]) -> Vec<(Format, String)> {
    let hocr: String = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                "<span class='ocrx_word' id='w{i}' title='bbox 0 0 1 1; x_wconf 50'>{}</span> ",
                escape(w, None)
            )
        })
        .collect();
    let alto: String = words
        .iter()
        .map(|w| {
            format!(
                "<String CONTENT=\"{}\" WC=\"0.5\"/><SP/>",
                escape(w, Some(b'"'))
            )
        })
        .collect();
    let page: String = words
        .iter()
        .map(|w| {
            format!(
                "<Word><TextEquiv conf='0.5'><Unicode>{}</Unicode></TextEquiv></Word>",
                escape(w, None)
            )
        })
        .collect();
    vec![
        (
            Format::Hocr,
            format!(
                "<html><body><div class='ocr_page'><span class='ocr_line'>{hocr}</span></div></body></html>"
            ),
        ),
        (
            Format::Alto,
            format!(
                "<alto><Layout><Page><TextBlock><TextLine>{alto}</TextLine></TextBlock></Page></Layout></alto>"
            ),
        ),
        (
            Format::Page,
            format!(
                "<PcGts><Page><TextRegion><TextLine>{page}</TextLine></TextRegion></Page></PcGts>"
            ),
        ),
    ]
}

proptest! {
    #[test]
    fn reading_and_writing_back_round_trips(words in words(), other in words(), pick in 0usize..6) {
        for (format, xml) in documents(&words) {
            let doc = parse(&xml, format).unwrap();
            let read: Vec<&str> = doc.words.iter().map(|w| &doc.text[w.span.clone()]).collect();
            prop_assert_eq!(&read, &words, "{:?}", format);
            // Writing every word back unchanged changes no byte.
            for (i, w) in words.iter().enumerate() {
                prop_assert!(doc.word_edits(&xml, i, w).is_empty());
            }
            // A changed word reads back changed, and writing the old text
            // back gives the same bytes again.
            let i = pick % words.len();
            let new = &other[pick % other.len()];
            let changed = apply_edits(&xml, &doc.word_edits(&xml, i, new));
            let doc2 = parse(&changed, format).unwrap();
            prop_assert_eq!(&doc2.text[doc2.words[i].span.clone()], new.as_str());
            let restored = apply_edits(&changed, &doc2.word_edits(&changed, i, &words[i]));
            prop_assert_eq!(restored, xml);
        }
    }
}

#[test]
fn bom_and_crlf_are_kept_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.hocr");
    let xml = format!("\u{feff}{}", read(HOCR).replace('\n', "\r\n"));
    std::fs::write(&path, &xml).unwrap();
    let p = path.to_str().unwrap();
    let o = emle(&["check", "--format", "jsonl", p]);
    for line in stdout(&o).lines() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        let (a, b) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(xml[a..b], *d["text"].as_str().unwrap());
    }
    emle(&["fix", "--unsafe", p]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.starts_with('\u{feff}') && after.contains(">құрылыс<"),
        "{after}"
    );
    assert_eq!(after.matches("\r\n").count(), xml.matches("\r\n").count());
    assert_eq!(skeleton(&after, Format::Hocr), skeleton(&xml, Format::Hocr));
}
