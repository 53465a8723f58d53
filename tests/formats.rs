//! Output formats for CI: SARIF validated against the SARIF 2.1.0 JSON
//! schema and object model, GitHub workflow commands and GitLab Code Quality JSON.

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

/// The OASIS SARIF 2.1.0 JSON schema, as shipped inside the serde-sarif
/// crate (which generates its types from it), found through `cargo metadata`
/// so that the repository need not carry a copy.
fn sarif_schema() -> serde_json::Value {
    // Only this platform's packages: others may not be downloaded.
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8(rustc.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let o = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host])
        .output()
        .expect("cargo metadata runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency");
    let path = std::path::Path::new(manifest)
        .with_file_name("src")
        .join("schema.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The published pattern of the `language` properties has a stray `]`,
    // which the meta-schema rejects as a regex; emle never writes them.
    assert!(drop_pattern(&mut schema, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") > 0);
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["title"].as_str().unwrap().contains("2.1.0"));
    schema
}

/// Removes every `"pattern": bad` from a schema; returns how many.
fn drop_pattern(schema: &mut serde_json::Value, bad: &str) -> usize {
    match schema {
        serde_json::Value::Object(map) => {
            let mut n = usize::from(map.get("pattern").is_some_and(|p| p == bad));
            if n > 0 {
                map.remove("pattern");
            }
            n += map
                .values_mut()
                .map(|v| drop_pattern(v, bad))
                .sum::<usize>();
            n
        }
        serde_json::Value::Array(items) => items.iter_mut().map(|v| drop_pattern(v, bad)).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_json_schema() {
    let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
    // A bad log is caught, so the validator is not vacuous.
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&bad));
    for (file, format_args) in [
        (
            "fixtures/mixed-script.txt",
            "mixed-script,unknown-word,spacing",
        ),
        ("fixtures/clean.txt", "mixed-script"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_emle"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", "--isolated", "--select", format_args])
            .args(["--format", "sarif", file])
            .output()
            .unwrap();
        let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        // Damage to emle's own log is caught too (lines count from 1).
        if let Some(region) = log
            .pointer("/runs/0/results/0/locations/0/physicalLocation/region")
            .cloned()
        {
            let mut broken = log.clone();
            let mut region = region;
            region["startLine"] = serde_json::json!(0);
            *broken
                .pointer_mut("/runs/0/results/0/locations/0/physicalLocation/region")
                .unwrap() = region;
            assert!(!validator.is_valid(&broken));
        }
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
