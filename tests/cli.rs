//! End-to-end tests of the `emle` binary: output formats, exit codes, fixing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write;

fn emle() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emle"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn run(args: &[&str]) -> Output {
    emle().args(args).output().expect("emle runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = emle()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emle runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Copies a fixture into a fresh temporary directory.
fn scratch(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let name = Path::new(fixture).file_name().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), &path).unwrap();
    (dir, path)
}

#[test]
fn human_output_is_rustc_like() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script,unknown-word",
        "--color",
        "never",
        "fixtures/mixed-script.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn jsonl_output() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script,unknown-word",
        "--format",
        "jsonl",
        "fixtures/mixed-script.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn json_output_has_summary() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script,unknown-word",
        "--format",
        "json",
        "fixtures/mixed-script.txt",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["by_code"]["mixed-script"], 4);
    assert_eq!(v["summary"]["by_code"]["unknown-word"], 1);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 5);
    let first = &v["diagnostics"][0];
    assert_eq!(first["text"], "Кеңeс");
    assert_eq!(first["suggestions"][0]["replacement"], "Кеңес");
    assert_eq!(first["suggestions"][0]["applicability"], "safe");
}

#[test]
fn json_output_when_clean() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--format",
        "json",
        "fixtures/clean.txt",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["diagnostics"], 0);
}

#[test]
fn color_always_emits_ansi() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--color",
        "always",
        "fixtures/mixed-script.txt",
    ]);
    assert!(stdout(&o).contains("\u{1b}["));
}

#[test]
fn exit_zero_keeps_findings_but_exits_0() {
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--exit-zero",
        "fixtures/mixed-script.txt",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("mixed-script"));
}

#[test]
fn fix_repairs_then_check_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Кеңeс одағы\n").unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(
        run(&["check", "--select", "mixed-script", p]).status.code(),
        Some(1)
    );
    let o = run(&["fix", "--select", "mixed-script", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Кеңес одағы\n");
    assert_eq!(
        run(&["check", "--select", "mixed-script", p]).status.code(),
        Some(0)
    );
    // A second fix changes nothing.
    let o = run(&["fix", "--select", "mixed-script", p]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Кеңес одағы\n");
}

#[test]
fn fix_keeps_bom_crlf_and_review_suggestions() {
    let (_dir, path) = scratch("fixtures/bom-crlf.txt");
    let o = run(&["fix", "--select", "mixed-script", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        "\u{feff}Кеңес кітабы\r\nбілім\r\n".as_bytes()
    );
}

#[test]
fn fix_keeps_nfd() {
    let (_dir, path) = scratch("fixtures/nfd.txt");
    run(&["fix", "--select", "mixed-script", path.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Кеңес ми\u{0306}ын\n"
    );
}

#[test]
fn fix_unsafe_applies_review_suggestions() {
    let (_dir, path) = scratch("fixtures/mixed-script.txt");
    let p = path.to_str().unwrap();
    let o = run(&["fix", "--select", "mixed-script,unknown-word", p]);
    // The digits' fix needs review: one diagnostic remains.
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 remain"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&path).unwrap().contains("б1л1м"));
    let o = run(&[
        "fix",
        "--unsafe",
        "--select",
        "mixed-script,unknown-word",
        p,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("білім тегін")
    );
}

#[test]
fn fix_diff_writes_nothing() {
    let (_dir, path) = scratch("fixtures/mixed-script.txt");
    let before = std::fs::read(&path).unwrap();
    let o = run(&[
        "fix",
        "--diff",
        "--select",
        "mixed-script",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let diff = stdout(&o);
    assert!(diff.contains("-Кеңeс одағы"), "{diff}");
    assert!(diff.contains("+Кеңес одағы"), "{diff}");
}

#[test]
fn fix_stdin_writes_stdout() {
    let o = run_stdin(
        &["fix", "--select", "mixed-script", "-"],
        "Aлматы\r\n".as_bytes(),
    );
    assert_eq!(stdout(&o), "Алматы\r\n");
}

#[test]
fn a_mark_read_for_a_letter_keeps_the_word_whole() {
    // `]` for і: one unknown word with the right reading first, not the
    // fragments `ешб` and `р`.
    let o = run_stdin(
        &["check", "--isolated", "--format", "jsonl", "-"],
        "Шолпан ешб]р сөз айтпады.\n".as_bytes(),
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].contains(r#""text":"ешб]р""#), "{out}");
    assert!(lines[0].contains("`]` inside a word is OCR noise"), "{out}");
    assert!(
        lines[0].contains(r#""suggestions":[{"replacement":"ешбір""#),
        "{out}"
    );
}

#[test]
fn check_stdin() {
    let o = run_stdin(
        &[
            "check",
            "--select",
            "mixed-script",
            "--format",
            "jsonl",
            "-",
        ],
        "Кеңeс".as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("{\"path\":\"<stdin>\",\"line\":1,\"column\":1"));
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a-bad.txt"), b"broken \xff here").unwrap();
    std::fs::write(corpus.join("b-binary.bin"), b"\x00\x01\x02").unwrap();
    std::fs::write(corpus.join("c-damaged.txt"), "Кеңeс\n").unwrap();
    std::fs::write(corpus.join("d-empty.txt"), "").unwrap();
    let binary = dir.path().join("scan.tif");
    std::fs::write(&binary, b"II*\x00").unwrap();
    let missing = dir.path().join("missing.txt");
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        corpus.to_str().unwrap(),
        binary.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    // A binary file found in a directory is skipped silently; one named
    // explicitly is an error.
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines.iter().any(|l| l.contains("missing.txt")));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("a-bad.txt") && l.contains("UTF-8"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("scan.tif") && l.contains("binary"))
    );
    assert!(!err.contains("b-binary.bin"));
    assert!(stdout(&o).contains("c-damaged.txt"));
}

/// Files of a megabyte and more are mapped into memory, not read: the
/// findings are the same as with `--no-mmap`, and a large file that is not
/// UTF-8 is still one line of error while the run goes on.
#[test]
fn large_files_are_checked_the_same_mapped_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/review.txt"))
            .unwrap();
    let big = page.repeat((1 << 20) / page.len() + 1);
    std::fs::write(dir.path().join("a-big.txt"), &big).unwrap();
    let mut bad = big.into_bytes();
    bad.extend(b"\xff\n");
    std::fs::write(dir.path().join("b-bad.txt"), bad).unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--isolated", "--format", "jsonl", "-j", "1"];
        args.extend(extra);
        args.push(dir.path().to_str().unwrap());
        run(&args)
    };
    let mapped = check(&[]);
    let read = check(&["--no-mmap"]);
    assert_eq!(mapped.status.code(), Some(2));
    assert!(stdout(&mapped).contains("a-big.txt"));
    assert_eq!(stdout(&mapped), stdout(&read));
    assert_eq!(stderr(&mapped), stderr(&read));
    let err = stderr(&mapped);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("b-bad.txt") && err.contains("UTF-8"), "{err}");
}

#[test]
fn unknown_rule_is_a_usage_error() {
    let o = run(&["check", "--select", "mixed-scrip", "fixtures/clean.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `mixed-script`"));
}

#[test]
fn rules_and_explain() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("mixed-script"));
    let o = run(&["explain", "mixed-script"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Кеңeс"));
    let o = run(&["explain", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn broken_pipe_is_not_an_error() {
    let mut child = emle()
        .args(["check", "--select", "mixed-script", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "Кеңeс ".repeat(50_000);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn spacing_rule_output() {
    let o = run(&[
        "check",
        "--select",
        "spacing",
        "--format",
        "jsonl",
        "fixtures/spacing.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn spacing_fix_unsafe_settles() {
    let (_dir, path) = scratch("fixtures/spacing.txt");
    let p = path.to_str().unwrap();
    let o = run(&["fix", "--unsafe", "--select", "spacing", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Ауыл шаруашылығы дамыған жоқ. Қоғамды өзгерту керек болды.\n\
         Онда тұңғыш мемлекет құрылды, бірақ бәрі өзгерді.\n\
         М.Тәтімов пен Н.С.Хрущев туралы айтылды, т.б.\n"
    );
}

const LAYOUT_RULES: &str = "hyphen-remnant,glued-words,split-word,broken-line,spacing";

#[test]
fn layout_rules_output() {
    let o = run(&[
        "check",
        "--select",
        LAYOUT_RULES,
        "--color",
        "never",
        "fixtures/layout.txt",
        "fixtures/broken-lines.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn layout_fix_unsafe_leaves_no_layout_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for f in ["fixtures/layout.txt", "fixtures/broken-lines.txt"] {
        let dest = dir.path().join(Path::new(f).file_name().unwrap());
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(f), &dest).unwrap();
        paths.push(dest);
    }
    let p: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let o = run(&["fix", "--unsafe", "--select", LAYOUT_RULES, p[0], p[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&paths[0]).unwrap(),
        "ҚОҒАМДЫҚ ӨЗГЕРІСТЕР САЯСИ ӨМІР\n\
         ЕРЕКШЕЛІКТЕРІ 1962 жылы басталды.\n\
         Ол жоғары лауазымды қызметке тағайындалды.\n\
         Жұмысшы таптардың жағдайы ауыр болды.\n\
         Бұл бет-бағыт пен күш-жігер ОК-нің шешімінде айтылды.\n\
         Жаңа құрылыс салынды.\n\
         Қала мен ауыл арасындағы байланыс\n\
         нығайды.\n"
    );
    assert_eq!(
        std::fs::read_to_string(&paths[1]).unwrap(),
        "Жиналысқа көптеген адамдар қатысты.\n\
         Баяндаманы Л. И. Брежнев жасады.\n\
         Комиссиялар, соттар, т. б. ұйымдар жұмыс істеді.\n\
         Бұл туралы М.Тәтімов жазды.\n"
    );
    let o = run(&["check", "--select", LAYOUT_RULES, p[0], p[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// A small corpus: many files, some damaged, an ignore file and a subfolder.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("vol1")).unwrap();
    std::fs::create_dir_all(d.join("skip")).unwrap();
    for i in 0..60 {
        let text = if i % 3 == 0 {
            "Кеңeс одағы\n"
        } else {
            "Кеңес одағы\n"
        };
        std::fs::write(d.join(format!("vol1/p{i:03}.txt")), text).unwrap();
    }
    std::fs::write(d.join("skip/x.txt"), "Кеңeс\n").unwrap();
    std::fs::write(d.join("notes.md"), "Aлматы\n").unwrap();
    std::fs::write(d.join(".emleignore"), "skip/\n").unwrap();
    dir
}

#[test]
fn parallel_output_is_deterministic() {
    let dir = corpus();
    let p = dir.path().to_str().unwrap();
    let one = run(&[
        "check",
        "-j",
        "1",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        p,
    ]);
    let two = run(&[
        "check",
        "-j",
        "2",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        p,
    ]);
    assert_eq!(one.stdout, two.stdout);
    let out = stdout(&one);
    assert_eq!(out.lines().count(), 21, "{out}");
    assert!(!out.contains("skip/x.txt"), ".emleignore is respected");
    let paths: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // Formats rendered by the workers and those rendered at the end agree too.
    for format in ["human", "json", "github", "sarif", "gitlab"] {
        let with = |j: &str| {
            run(&[
                "check",
                "-j",
                j,
                "--select",
                "mixed-script",
                "--format",
                format,
                p,
            ])
            .stdout
        };
        assert_eq!(with("1"), with("2"), "{format}");
    }
}

#[test]
fn exclude_and_type_filters() {
    let dir = corpus();
    let p = dir.path().to_str().unwrap();
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        "--type",
        "md",
        p,
    ]);
    assert_eq!(stdout(&o).lines().count(), 1);
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        "--exclude",
        "vol1",
        p,
    ]);
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn statistics_quiet_and_output_file() {
    let dir = corpus();
    let p = dir.path().to_str().unwrap();
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--statistics",
        "--type",
        "txt",
        p,
    ]);
    let out = stdout(&o);
    assert!(out.contains("      20  mixed-script"), "{out}");
    assert!(out.contains("p000.txt"), "{out}");
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--quiet",
        "--color",
        "never",
        p,
    ]);
    assert!(!stdout(&o).contains("Found"));
    let report = dir.path().join("report.jsonl");
    let o = run(&[
        "check",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        "--output",
        report.to_str().unwrap(),
        p,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&report).unwrap().lines().count(),
        21
    );
}

#[test]
fn configuration_is_discovered_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("vol1");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        dir.path().join("emle.toml"),
        "select = [\"known-damage\", \"spacing\"]\n\
         [rules.spacing]\nseverity = \"info\"\n\
         [corrections]\n\"Кенес\" = \"Кеңес\"\n",
    )
    .unwrap();
    std::fs::write(sub.join("a.txt"), "КЕНЕС  одағы\n").unwrap();
    let o = emle()
        .current_dir(&sub)
        .args(["check", "--format", "jsonl", "a.txt"])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.contains("\"code\":\"known-damage\""), "{out}");
    assert!(out.contains("\"replacement\":\"КЕҢЕС\""), "{out}");
    assert!(out.contains("\"severity\":\"info\""), "{out}");
    // --isolated ignores the file: no known-damage then.
    let o = emle()
        .current_dir(&sub)
        .args(["check", "--isolated", "--format", "jsonl", "a.txt"])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("known-damage"));
    // Unknown keys are errors with the line and a suggestion.
    std::fs::write(
        dir.path().join("emle.toml"),
        "ignore = []\nselct = [\"spacing\"]\n",
    )
    .unwrap();
    let o = emle()
        .current_dir(&sub)
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("line 2") && err.contains("did you mean `select`?"),
        "{err}"
    );
}

#[test]
fn config_show_prints_the_effective_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("emle.toml"), "ignore = [\"spacing\"]\n").unwrap();
    let o = emle()
        .current_dir(dir.path())
        .args(["config", "--show", "--ignore", "broken-line"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("ignore = [\n    \"spacing\",\n    \"broken-line\",\n]")
            || out.contains("ignore = [\"spacing\", \"broken-line\"]"),
        "{out}"
    );
}

#[test]
fn baseline_silences_old_findings_and_reports_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("page.txt");
    let baseline = dir.path().join("emle-baseline.json");
    std::fs::write(&text, "Осы Кеңeс одағы.\nБұл кiтап.\n").unwrap();
    let (t, b) = (text.to_str().unwrap(), baseline.to_str().unwrap());
    let o = run(&[
        "check",
        "--isolated",
        "--select",
        "mixed-script",
        "--write-baseline",
        b,
        t,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("Recorded 2 finding(s)"));
    let o = run(&[
        "check",
        "--isolated",
        "--select",
        "mixed-script",
        "--baseline",
        b,
        t,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Edits elsewhere keep the old findings silenced; a new one is reported.
    std::fs::write(
        &text,
        "Жаңа бет.\nОсы Кеңeс одағы.\nБұл кiтап.\nМына Aлматы.\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        "--isolated",
        "--select",
        "mixed-script",
        "--format",
        "jsonl",
        "--baseline",
        b,
        t,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("Aлматы"));
    // Walking the directory, the baseline (full of damaged words) and the
    // project's configuration are not texts to check, and a file keeps its
    // findings whether the run walked `.` or named it.
    std::fs::write(
        dir.path().join("emle.toml"),
        "[corrections]\n\"Кенес\" = \"Кеңес\"\n",
    )
    .unwrap();
    let in_dir = |args: &[&str]| {
        emle()
            .current_dir(dir.path())
            .args(["check", "--select", "mixed-script,known-damage"])
            .args(["--format", "jsonl"])
            .args(args)
            .output()
            .unwrap()
    };
    let o = in_dir(&["--write-baseline", "emle-baseline.json", "."]);
    assert!(
        stderr(&o).contains("Recorded 3 finding(s) of 1 file(s)"),
        "{}",
        stderr(&o)
    );
    let o = in_dir(&["--baseline", "emle-baseline.json", "page.txt"]);
    assert_eq!(stdout(&o), "");
    let mut page = std::fs::read_to_string(&text).unwrap();
    page.push_str("Тағы Кенес.\n");
    std::fs::write(&text, page).unwrap();
    let o = in_dir(&["--baseline", "emle-baseline.json", "."]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"path\":\"./page.txt\"") && out.contains("known-damage"));
}

#[test]
fn utf16_files_are_fixed_in_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.txt");
    let text = "\u{feff}Кеңeс одағы\r\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, &utf16).unwrap();
    let p = path.to_str().unwrap();
    let o = run(&["fix", "--isolated", "--select", "mixed-script", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed: Vec<u8> = "\u{feff}Кеңес одағы\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(std::fs::read(&path).unwrap(), fixed);
}

#[test]
fn legacy_encodings_are_recognised_and_read_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cp1251.txt");
    // "Совет съезі" in CP1251, with a Latin look-alike `e` in the first word.
    let bytes: &[u8] = b"\xd1\xee\xe2e\xf2 \xf1\xfa\xe5\xe7\xb3 \xf2\xf3\xf0\xe0\xeb\xfb \xee\xf0\xfb\xf1\xf8\xe0\n";
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let o = run(&["check", "--isolated", "--select", "mixed-script", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("legacy 8-bit Cyrillic"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "fix",
        "--isolated",
        "--select",
        "mixed-script",
        "--encoding",
        "windows-1251",
        p,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut expected = bytes.to_vec();
    expected[3] = 0xe5; // Cyrillic е in CP1251
    assert_eq!(std::fs::read(&path).unwrap(), expected);
}

#[test]
fn letter_and_layout_fixes_combine_in_one_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.txt");
    std::fs::write(&path, "Жаңа қүрылыс-тарды салу басталды.\n").unwrap();
    let p = path.to_str().unwrap();
    let o = run(&["fix", "--isolated", "--unsafe", p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Жаңа құрылыстарды салу басталды.\n"
    );
}

/// The first suggestion for each occurrence of `word` in `check --format jsonl` output.
fn first_suggestions(out: &str, word: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["text"] == word)
        .filter_map(|d| Some(d["suggestions"][0]["replacement"].as_str()?.to_string()))
        .collect()
}

#[test]
fn unlettered_confusions_come_from_the_flag_or_the_configuration() {
    let check = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["check", "--format", "jsonl"];
        args.extend(extra);
        args.push("unlettered.txt");
        emle().current_dir(dir).args(&args).output().unwrap()
    };
    let (dir, _) = scratch("fixtures/unlettered.txt");
    // The built-in table for pages without Kazakh letters: е is ө there.
    let o = check(dir.path(), &[]);
    assert_eq!(first_suggestions(&stdout(&o), "сез1н"), ["сөзін"]);
    // The general table in its place ranks the plain reading first.
    let general = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicon/confusions.tsv");
    let flag = ["--unlettered-confusions", general.to_str().unwrap()];
    let o = check(dir.path(), &flag);
    assert_eq!(first_suggestions(&stdout(&o), "сез1н"), ["сезін"]);
    // A configured table that cannot be read is an error naming it.
    std::fs::write(
        dir.path().join("emle.toml"),
        "unlettered-confusions = \"missing.tsv\"\n",
    )
    .unwrap();
    let o = check(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.tsv"), "{}", stderr(&o));
}
