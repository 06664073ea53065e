//! `sma schema`: the bundle for editors is committed as generated, self-contained, valid
//! against the 2020-12 metaschema, and agrees with `sma lint` on the real-world corpus.
mod common;

use common::{real_world, root, sma};
use serde_json::Value;

fn bundle() -> Value {
    let out = sma().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_committed_bundle_is_the_generated_one() {
    let out = sma().arg("schema").output().unwrap();
    let committed = std::fs::read_to_string(root().join("schemas/bundle/sma.schema.json")).unwrap();
    assert!(
        committed == String::from_utf8(out.stdout).unwrap(),
        "schemas/bundle/sma.schema.json is stale: run `sma schema > schemas/bundle/sma.schema.json`"
    );
}

#[test]
fn every_ref_resolves_inside_the_bundle_and_it_meets_the_metaschema() {
    let b = bundle();
    let mut stack = vec![&b];
    let mut refs = 0;
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    let pointer = r
                        .strip_prefix('#')
                        .unwrap_or_else(|| panic!("external ref {r}"));
                    assert!(b.pointer(pointer).is_some(), "unresolved {r}");
                    refs += 1;
                }
                assert!(
                    !o.keys().any(|k| k.starts_with("x-sma-")),
                    "custom keyword left"
                );
                stack.extend(o.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    assert!(refs > 40);
    assert!(
        jsonschema::meta::is_valid(&b),
        "{:?}",
        jsonschema::meta::validate(&b).err()
    );
    assert!(
        b["$id"]
            .as_str()
            .unwrap()
            .starts_with("https://raw.githubusercontent.com/")
    );
}

#[test]
fn the_bundle_agrees_with_lint_on_the_corpus() {
    let validator = jsonschema::validator_for(&bundle()).unwrap();
    let index = std::fs::read_to_string(real_world().join("index.tsv")).unwrap();
    let (mut accepted, mut rejected) = (0, 0);
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, verdict) = (cols[0], cols[6]);
        let text = std::fs::read_to_string(real_world().join(file)).unwrap();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if verdict == "ACCEPT" {
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:#?}");
            accepted += 1;
            continue;
        }
        let (_, report) = common::lint_json(&text);
        let codes: Vec<String> = report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        if !codes.is_empty() && codes.iter().all(|c| c.starts_with("SMA1")) {
            assert!(
                !validator.is_valid(&value),
                "{file}: the bundle accepts it ({codes:?})"
            );
            rejected += 1;
        }
    }
    assert!(accepted > 20 && rejected > 3, "{accepted} {rejected}");
}

#[test]
fn a_schema_key_is_accepted_by_the_bundle_and_noted_by_lint() {
    let text = format!(
        r#"{{"$schema": "{}", "SchemaVersion": "1.0", "Actions": [{{"Type": "Hangup", "Parameters": {{"SipResponseCode": "0"}}}}]}}"#,
        bundle()["$id"].as_str().unwrap()
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    assert!(
        jsonschema::validator_for(&bundle())
            .unwrap()
            .is_valid(&value)
    );
    let (code, report) = common::lint_json(&text);
    assert_eq!(code, 0, "{report}");
    let codes: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"SMA221"), "{codes:?}");
    // a misspelt parameter is caught by the bundle too
    let typo: Value = serde_json::from_str(
        r##"{"SchemaVersion": "1.0", "Actions": [{"Type": "RecordAudio", "Parameters": {"CallId": "c", "RecordingTerminators": ["#"], "SilenceTreshold": 5, "RecordingDestination": {"Type": "S3", "BucketName": "b-bucket"}}}]}"##,
    )
    .unwrap();
    assert!(
        !jsonschema::validator_for(&bundle())
            .unwrap()
            .is_valid(&typo)
    );
}

#[test]
fn out_writes_the_bundle_and_one_file_per_action() {
    let dir = tempfile::tempdir().unwrap();
    let out = sma()
        .args(["schema", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sma.schema.json")).unwrap())
            .unwrap();
    assert_eq!(written, bundle());
    let ra: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("actions/record-audio.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ra["$ref"], "../sma.schema.json#/$defs/record-audio");
}
