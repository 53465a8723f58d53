//! `emle report --html`: the review page is self-contained, escapes whatever
//! the text holds, embeds every finding with its fingerprint, and stays
//! proportional in size for a large text. (The page's behaviour in a browser
//! is tested by `.ci/browser-test`.)

use std::path::Path;
use std::process::{Command, Output};

use emle::diagnostic::{Diagnostic, Severity};
use serde_json::Value;

fn emle(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emle"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("emle runs")
}

/// Writes the report of `inputs` and returns the page.
fn report(dir: &Path, extra: &[&str], inputs: &[&str]) -> String {
    let html = dir.join("report.html");
    let mut args = vec!["report", "--quiet", "--html", html.to_str().unwrap()];
    args.extend(extra);
    args.extend(inputs);
    let o = emle(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(html).unwrap()
}

/// The page's JSON blob, parsed.
fn data(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"emle-data\">";
    let start = page.find(open).expect("a JSON blob") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("valid JSON")
}

/// Every value of `attr="…"` in the page.
fn attribute_values<'p>(page: &'p str, attr: &str) -> Vec<&'p str> {
    let needle = format!(" {attr}=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn review_page_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        dir.path(),
        &["--config", "fixtures/report.toml"],
        &["fixtures/report.txt"],
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    for attr in ["src", "href", "action"] {
        for value in attribute_values(&page, attr) {
            assert!(
                value.starts_with('#'),
                "{attr}=\"{value}\" points outside the page"
            );
        }
    }
    for outside in ["<link", "<iframe", "<img", "@import", "url("] {
        assert!(!page.contains(outside), "the page holds `{outside}`");
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Only the page's own two scripts: the data and the code.
    assert_eq!(page.matches("<script").count(), 2);
}

#[test]
fn every_finding_is_embedded_with_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let config = ["--config", "fixtures/report.toml"];
    let page = report(dir.path(), &config, &["fixtures/report.txt"]);
    let check = emle(&[
        "check",
        "--format",
        "json",
        config[0],
        config[1],
        "fixtures/report.txt",
    ]);
    let checked: Value = serde_json::from_slice(&check.stdout).unwrap();
    let expected = checked["diagnostics"].as_array().unwrap();
    let data = data(&page);
    let findings = data["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 7);
    assert_eq!(findings.len(), expected.len());
    assert_eq!(data["files"], serde_json::json!(["fixtures/report.txt"]));
    let text = std::fs::read_to_string("fixtures/report.txt").unwrap();
    for (i, (f, d)) in findings.iter().zip(expected).enumerate() {
        assert_eq!(f["rule"], d["code"]);
        assert_eq!(f["original"], d["text"]);
        assert_eq!((&f["line"], &f["column"]), (&d["line"], &d["column"]));
        assert_eq!(f["message"], d["message"]);
        let best = &d["suggestions"][0];
        assert_eq!(f["suggestions"][0][0], best["replacement"]);
        assert_eq!(f["suggestions"][0][1], best["applicability"]);
        assert_eq!(f["applicability"], best["applicability"]);
        // The context is the library's fingerprint, as `emle apply` computes it.
        let code: &'static str =
            Box::leak(d["code"].as_str().unwrap().to_string().into_boxed_str());
        let span =
            d["byte_start"].as_u64().unwrap() as usize..d["byte_end"].as_u64().unwrap() as usize;
        let diagnostic = Diagnostic::new(code, Severity::Warning, span, "");
        assert_eq!(
            f["context"].as_str().unwrap(),
            emle::fingerprint::fingerprint(&text, &diagnostic)
        );
        assert!(
            page.contains(&format!("data-d=\"{i}\">")),
            "finding {i} is marked"
        );
        // Every rule shown comes with its explanation.
        let rule = &data["rules"][f["rule"].as_str().unwrap()];
        assert!(rule["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    }
    assert!(page.contains("data-count-rule=\"unknown-word\">5<"));
    assert!(page.contains("data-count-app=\"safe\">5<"));
}

#[test]
fn hostile_text_and_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = if cfg!(windows) {
        "hostile.txt"
    } else {
        "a<b>&\"'.txt"
    };
    let path = dir.path().join(name);
    let hostile = "Мектепте бiлiм </script><script>alert(1)</script> <b>жок</b> & \"x\" 'y' <!--\n";
    std::fs::write(&path, hostile).unwrap();
    let page = report(dir.path(), &["--isolated"], &[path.to_str().unwrap()]);
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<b>жок"));
    assert!(!page.contains("<!--"));
    assert!(page.contains(
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;<mark class=\"c1\" data-d=\"1\">жок</mark>&lt;/b&gt; &amp; &quot;x&quot; &#39;y&#39; &lt;!--"
    ));
    assert_eq!(page.matches("</script>").count(), 2);
    let data = data(&page);
    assert_eq!(data["files"][0], path.to_str().unwrap());
    if !cfg!(windows) {
        assert!(page.contains("a&lt;b&gt;&amp;&quot;&#39;.txt"));
    }
    let findings = data["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[1]["original"], "жок");
}

#[test]
fn a_text_starting_with_an_empty_line_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "\nбiлiм\n").unwrap();
    let page = report(dir.path(), &["--isolated"], &[path.to_str().unwrap()]);
    // The parser eats one newline after <pre>: emle gives it one to eat.
    assert!(page.contains("<pre class=\"text\">\n\n<mark"));
}

#[test]
fn clean_files_are_counted_but_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        dir.path(),
        &["--isolated"],
        &["fixtures/clean.txt", "fixtures/report.txt"],
    );
    assert!(page.contains("7</span> findings in 1 of 2 files checked"));
    assert!(!page.contains("fixtures/clean.txt"));
    let empty = report(dir.path(), &["--isolated"], &["fixtures/clean.txt"]);
    assert!(empty.contains("Nothing to review"));
    assert_eq!(data(&empty)["findings"], serde_json::json!([]));
}

#[test]
fn the_page_is_not_reported_on_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "бiлiм\n").unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let first = report(dir.path(), &["--isolated"], &[dir_arg]);
    let second = report(dir.path(), &["--isolated"], &[dir_arg]);
    assert_eq!(data(&second)["findings"], data(&first)["findings"]);
    assert!(second.contains("in 1 of 1 file checked"));
}

#[test]
fn a_large_text_gives_a_page_of_proportional_size() {
    // About 1 MB of clean sentences with a damaged line every few lines.
    let clean =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean.txt"))
            .unwrap();
    let damaged = "Партия сьезі шешім қабылдады, бірақ ақша жок еді.\n";
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&clean);
        text.push_str(damaged);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    let page = report(dir.path(), &["--isolated"], &[path.to_str().unwrap()]);
    let findings = data(&page)["findings"].as_array().unwrap().len();
    assert!(findings > 5000, "{findings} findings");
    // One mark per finding, and no other markup inside the text.
    let pre = &page[page.find("<pre").unwrap()..page.find("</pre>").unwrap()];
    assert_eq!(pre.matches("<mark").count(), findings);
    assert_eq!(pre.matches('<').count(), 2 * findings + 1);
    // The text, a mark per finding and its data: nothing per character.
    let budget = text.len() + findings * 400 + 64 * 1024;
    assert!(
        page.len() < budget,
        "{} bytes for a {} byte text with {findings} findings",
        page.len(),
        text.len()
    );
}
