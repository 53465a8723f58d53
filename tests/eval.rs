//! End-to-end tests of `emle eval`: a small pairs file of the project's own
//! sentences, read as an OCR model without the Kazakh letters reads them.

use std::process::Command;

fn emle() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emle"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// One scanned page, line by line: (clean, OCR without Kazakh letters).
const PAGE: [(&str, &str); 4] = [
    (
        "Мектеп оқушылары жазғы демалыс кезінде ауылға барып, ата-аналарына көмектесті.",
        "Мектеп окушылары жазгы демалыс кезинде ауылга барып, ата-аналарына комектести.",
    ),
    (
        "Олар малды бағып, шөпті жинады және бақшада жұмыс істеді.",
        "Олар малды багып, шопти жинады жане бакшада жумыс истеди.",
    ),
    (
        "Кешке барлығы бірге отырып, қызықты әңгімелер айтты.",
        "Кешке барлыгы бирге отырып, кызыкты ангимелер айтты.",
    ),
    (
        "Мұғалім балаларға жаңа қабылданған заң туралы айтып берді.",
        "Мугалим балаларга жана кабылданган зан туралы айтып берди.",
    ),
];

fn pairs_file(dir: &std::path::Path) -> std::path::PathBuf {
    let lines: Vec<String> = PAGE
        .iter()
        .map(|(clean, ocr)| {
            serde_json::json!({
                "doc": "page-1", "font": "serif", "degradation": "none", "model": "rus",
                "clean": clean, "ocr": ocr, "max_deleted_run": 0,
            })
            .to_string()
        })
        .collect();
    let path = dir.join("pairs.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// The JSON report `cmd` prints, which must succeed.
fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn eval_pairs_scores_a_page_read_without_kazakh_letters() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = pairs_file(dir.path());
    let dump = dir.path().join("units.jsonl");
    let report = json_of(
        emle()
            .args(["eval", "pairs", "--format", "json", "--dump-all", "--dump"])
            .arg(&dump)
            .arg(&pairs),
    );
    let rus = &report["models"]["rus"]["counts"];
    assert_eq!(rus["records"], 4);
    assert!(rus["damaged"].as_u64().unwrap() >= 20, "{rus}");
    // Lone restorations of the Kazakh letters are fixed unattended, and
    // every unattended fix on this page is right.
    assert!(rus["fixed_units"].as_u64().unwrap() >= 3, "{rus}");
    assert_eq!(rus["fixed_units"], rus["fixed_right"]);
    // --dump-all writes every scored token, right or wrong.
    let units = std::fs::read_to_string(&dump).unwrap();
    let scored = rus["correct"].as_u64().unwrap() + rus["damaged"].as_u64().unwrap();
    assert_eq!(units.lines().count() as u64, scored);
    assert!(units.contains("\"fixed\":\"қабылданған\""), "{units}");
}

#[test]
fn dump_all_needs_dump() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = pairs_file(dir.path());
    let out = emle()
        .args(["eval", "pairs", "--dump-all"])
        .arg(&pairs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dump"));
}

#[test]
fn documents_choose_which_lines_weigh_together() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = pairs_file(dir.path());
    let fixed = |args: &[&str]| {
        let report = json_of(
            emle()
                .args(["eval", "pairs", "--format", "json"])
                .args(args)
                .arg(&pairs),
        );
        report["overall"]["counts"]["fixed_units"].as_u64().unwrap()
    };
    let pages = fixed(&[]);
    assert_eq!(fixed(&["--documents", "pages"]), pages);
    // One page is one model's whole reading here.
    assert_eq!(fixed(&["--documents", "models"]), pages);
    // A line alone is too short to tell that its model lacks the Kazakh
    // letters: fewer fixes.
    assert!(fixed(&["--documents", "lines"]) < pages);
    assert_eq!(fixed(&["--lines-alone"]), fixed(&["--documents", "lines"]));
    let out = emle()
        .args(["eval", "pairs", "--lines-alone", "--documents", "models"])
        .arg(&pairs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
