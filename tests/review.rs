//! End-to-end tests of `emle review` (scripted answers), the decisions file
//! and `emle apply`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What the scripted review of `fixtures/review.txt` decides, in order:
/// accept `тұрмыс`, accept `жоқ` for every `жок`, type `съезі`, keep
/// `кажет`, add `зырылдақтар` to the words.
const ANSWERS: &str = "1\nA\ne съезі\nr\na\n";

/// `fixtures/review.txt` as decided by [`ANSWERS`].
const REVIEWED: &str = "\
Жаңа тұрмыс басталды, бірақ жұмысшылар жоқ.
Партияның съезі қаладағы үйде өтті.
Бізге кажет көмек болды, ауыл шаруашылыгы дамыды.
Балалар зырылдақтар ойнады, жұмысшылар жоқ болды.
";

/// `emle` run in `dir`, which has no configuration file of its own.
fn emle(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emle"));
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `emle` in `dir` with `input` on standard input.
fn run(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = emle(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emle runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A fresh project directory: its own (empty) `emle.toml` makes it the
/// project root, whatever the directories above it hold.
fn fresh() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("emle.toml"), "").unwrap();
    dir
}

/// A fresh project directory holding a copy of `fixtures/review.txt`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = fresh();
    let path = dir.path().join("review.txt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/review.txt"),
        &path,
    )
    .unwrap();
    (dir, path)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The decisions file as JSON values.
fn decisions(dir: &Path) -> Vec<serde_json::Value> {
    read(&dir.join(".emle/decisions.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn scripted_review_fixes_the_file_as_decided() {
    let (dir, path) = project();
    let answers = dir.path().join("answers.txt");
    std::fs::write(&answers, ANSWERS).unwrap();
    let o = run(
        dir.path(),
        &["review", "--answers", "answers.txt", "review.txt"],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
    assert_eq!(read(&path), REVIEWED);

    let ds = decisions(dir.path());
    let verdicts: Vec<(&str, &str, Option<&str>)> = ds
        .iter()
        .map(|d| {
            (
                d["original"].as_str().unwrap(),
                d["decision"].as_str().unwrap(),
                d["replacement"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("түрмыс", "accept", Some("тұрмыс")),
            ("жок", "accept", Some("жоқ")),
            ("сьезі", "edit", Some("съезі")),
            ("кажет", "reject", None),
            ("зырылдақтар", "add-word", None),
            ("жок", "accept", Some("жоқ")),
        ]
    );
    for d in &ds {
        assert_eq!(d["rule"], "unknown-word");
        assert_eq!(d["file"], "review.txt");
        let context = d["context"].as_str().unwrap();
        assert!(context.len() == 16 && context.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(d["time"].as_str().unwrap().ends_with('Z'));
    }
    assert!(read(&dir.path().join(".emle/words.txt")).contains("зырылдақтар\n"));

    // A rerun asks nothing, and the added word is accepted from now on.
    let again = run(dir.path(), &["review", "review.txt"], "");
    assert_eq!(
        stdout(&again).trim(),
        "Nothing to review: every correction that needs a person is decided."
    );
    assert_eq!(read(&path), REVIEWED);
    let check = run(
        dir.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--select",
            "unknown-word",
            ".",
        ],
        "",
    );
    let flagged: Vec<serde_json::Value> = stdout(&check)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let words: Vec<&str> = flagged
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["кажет", "шаруашылыгы"]);
}

#[test]
fn apply_replays_the_decisions_on_another_copy() {
    let (dir, _) = project();
    let o = run(dir.path(), &["review", "review.txt"], ANSWERS);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let decisions = dir.path().join(".emle/decisions.jsonl");
    let (other, copy) = project();

    let diff = run(
        other.path(),
        &["apply", "--diff", decisions.to_str().unwrap(), "review.txt"],
        "",
    );
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(stdout(&diff).contains("+Партияның съезі қаладағы үйде өтті."));
    assert_ne!(read(&copy), REVIEWED, "--diff writes nothing");

    let o = run(
        other.path(),
        &["apply", decisions.to_str().unwrap(), "review.txt"],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&copy), REVIEWED);
    assert!(
        stderr(&o).contains("review.txt: applied 4 corrections"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn apply_takes_recurring_damage_elsewhere_when_decisions_agree() {
    let (dir, _) = project();
    run(dir.path(), &["review", "review.txt"], ANSWERS);
    let decisions = dir.path().join(".emle/decisions.jsonl");
    let other = fresh();
    let path = other.path().join("volume2.txt");
    // `жок` was accepted twice alike; `кажет` was kept, so it stays.
    std::fs::write(&path, "Мұнда су жок, ал нан кажет.\n").unwrap();
    let o = run(
        other.path(),
        &["apply", decisions.to_str().unwrap(), "volume2.txt"],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&path), "Мұнда су жоқ, ал нан кажет.\n");
}

#[test]
fn undo_takes_back_the_last_decision() {
    let (dir, path) = project();
    let o = run(dir.path(), &["review", "review.txt"], "1\nu\n2\nq\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("undone"));
    let ds = decisions(dir.path());
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["replacement"], "түрмес");
    assert!(read(&path).starts_with("Жаңа түрмес басталды"));
    assert!(
        stdout(&o).contains("Decided 1: 1 accepted, 0 edited, 0 rejected, 0 added to the words; 0 skipped, 5 remaining."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn undo_of_an_added_word_removes_it() {
    let (dir, _) = project();
    // Skip to the fifth question, add the word, take it back, keep it instead.
    let o = run(
        dir.path(),
        &["review", "review.txt"],
        "s\ns\ns\ns\na\nu\nr\nq\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let words = read(&dir.path().join(".emle/words.txt"));
    assert!(!words.contains("зырылдақтар"), "{words}");
    let ds = decisions(dir.path());
    assert_eq!(ds.len(), 1);
    assert_eq!(ds[0]["decision"], "reject");
}

#[test]
fn skipped_questions_come_back() {
    let (dir, path) = project();
    let o = run(dir.path(), &["review", "review.txt"], "s\nq\n");
    assert!(
        stdout(&o).contains("1 skipped, 5 remaining"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        read(&path),
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/review.txt"))
    );
    let again = run(dir.path(), &["review", "review.txt"], "q\n");
    assert!(stdout(&again).contains("[1/6] review.txt:1:6 unknown-word"));
}

#[test]
fn a_stopped_review_is_completed_by_the_next_one() {
    // Decisions saved but never written to the file (a crash): the next
    // review writes them and asks nothing it already knows.
    let (dir, _) = project();
    run(dir.path(), &["review", "review.txt"], ANSWERS);
    let (other, copy) = project();
    std::fs::create_dir(other.path().join(".emle")).unwrap();
    std::fs::copy(
        dir.path().join(".emle/decisions.jsonl"),
        other.path().join(".emle/decisions.jsonl"),
    )
    .unwrap();
    let o = run(other.path(), &["review", "review.txt"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Applied 4 correction(s) decided earlier."),
        "{}",
        stdout(&o)
    );
    assert_eq!(read(&copy), REVIEWED);
}

#[test]
fn kept_words_beside_a_correction_are_not_asked_again() {
    // Accepting `жок` changes the text just after `кажет`, kept as it is.
    let dir = fresh();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Бізге кажет жок.\n").unwrap();
    let o = run(dir.path(), &["review", "a.txt"], "r\n1\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&path), "Бізге кажет жоқ.\n");
    let again = run(dir.path(), &["review", "a.txt"], "");
    assert!(
        stdout(&again).starts_with("\nNothing to review"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn review_keeps_crlf_and_the_byte_order_mark() {
    let dir = fresh();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "\u{feff}Бізге кажет.\r\nСу жок.\r\n").unwrap();
    let o = run(dir.path(), &["review", "a.txt"], "1\n1\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&path), "\u{feff}Бізге қажет.\r\nСу жоқ.\r\n");
}

#[test]
fn malformed_decisions_are_one_error_naming_file_and_line() {
    let dir = fresh();
    let good = r#"{"rule":"unknown-word","file":"a.txt","original":"жок","decision":"accept","replacement":"жоқ","context":"0000000000000000","time":"2026-11-28T03:30:00Z","reviewer":"extra keys are fine"}"#;
    std::fs::write(
        dir.path().join("d.jsonl"),
        format!("{good}\n{{\"rule\": 1}}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Су жок.\n").unwrap();
    let o = run(dir.path(), &["apply", "d.jsonl", "a.txt"], "");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: d.jsonl:2: not a decision:"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(dir.path().join("d.jsonl"), format!("{good}\n")).unwrap();
    let o = run(dir.path(), &["apply", "d.jsonl", "a.txt"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&dir.path().join("a.txt")), "Су жоқ.\n");
}

#[test]
fn reviewed_corrections_train_the_confusion_table() {
    let (dir, _) = project();
    run(dir.path(), &["review", "review.txt"], ANSWERS);
    let o = run(
        dir.path(),
        &[
            "train",
            "confusions",
            "--decisions",
            ".emle/decisions.jsonl",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("\"pairs\":4"), "{}", stderr(&o));
    assert!(stdout(&o).lines().any(|l| l.starts_with("к\tқ\t")));
}

#[test]
fn a_folder_is_reviewed_file_by_file_and_accept_all_carries_over() {
    let dir = fresh();
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(
        texts.join("a.txt"),
        "Балалар зырылдақтар ойнады.\nТағы зырылдақтар бар, су жок.\n",
    )
    .unwrap();
    std::fs::write(texts.join("b.txt"), "Мұнда су жок.\nНан кажет.\n").unwrap();
    // Add the word (its second occurrence is not asked), accept `жоқ`
    // everywhere, keep `кажет`.
    let o = run(dir.path(), &["review", "texts"], "a\nA\nr\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("texts/b.txt:1:10 unknown-word: `жок` -> `жоқ` (accepted for every `жок`)"),
        "{out}"
    );
    assert!(
        out.contains("Decided 4: 2 accepted, 0 edited, 1 rejected, 1 added to the words; 0 skipped, 0 remaining."),
        "{out}"
    );
    assert_eq!(
        read(&texts.join("a.txt")),
        "Балалар зырылдақтар ойнады.\nТағы зырылдақтар бар, су жоқ.\n"
    );
    assert_eq!(read(&texts.join("b.txt")), "Мұнда су жоқ.\nНан кажет.\n");
    let files: Vec<String> = decisions(dir.path())
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        ["texts/a.txt", "texts/a.txt", "texts/b.txt", "texts/b.txt"]
    );
}
