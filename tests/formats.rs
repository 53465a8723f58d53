//! Output formats for CI: SARIF validated against the SARIF 2.1.0 object
//! model, GitHub workflow commands and GitLab Code Quality JSON.

use std::process::Command;

fn emle_output(format: &str, file: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_emle"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--isolated",
            "--select",
            "mixed-script,unknown-word,spacing",
            "--format",
            format,
            file,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_model() {
    let out = emle_output("sarif", "fixtures/mixed-script.txt");
    // The serde-sarif types are generated from the SARIF 2.1.0 JSON schema:
    // required properties and value types are checked by deserialising.
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_str(&out).expect("a valid SARIF 2.1.0 log");
    assert_eq!(log.version.to_string().trim_matches('"'), "2.1.0");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(
        |r| r["id"] == "mixed-script" && r["help"]["text"].as_str().unwrap().contains("Кеңeс")
    ));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let first = &results[0];
    assert_eq!(first["ruleId"], "mixed-script");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(region["endColumn"], 6);
    let fix = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "Кеңес");
    assert_eq!(fix["deletedRegion"]["byteLength"], 9);
    // Every ruleIndex points at its rule.
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}

#[test]
fn sarif_without_findings_is_still_a_log() {
    let o = Command::new(env!("CARGO_BIN_EXE_emle"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--isolated",
            "--select",
            "mixed-script",
            "--format",
            "sarif",
            "fixtures/clean.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let log: serde_sarif::sarif::Sarif = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log.runs.len(), 1);
}

#[test]
fn github_workflow_commands() {
    let out = emle_output("github", "fixtures/spacing.txt");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=fixtures/spacing.txt,line=1,col=29,endLine=1,endColumn=30,title=emle(spacing)::no space after"),
        "{first}"
    );
    assert!(out.lines().all(|l| l.starts_with("::warning ")));
}

#[test]
fn gitlab_code_quality() {
    let out = emle_output("gitlab", "fixtures/mixed-script.txt");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    let fps: std::collections::HashSet<_> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), 5, "fingerprints are unique");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
    assert_eq!(issues[0]["severity"], "minor");
    assert_eq!(issues[0]["check_name"], "mixed-script");
}
