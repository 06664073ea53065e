//! Shared helpers for the integration tests.
#![allow(dead_code)]
use std::path::PathBuf;

#[allow(dead_code)]
pub mod moto;

use assert_cmd::Command;

/// `sma` with a clean environment for colour decisions.
pub fn sma() -> Command {
    let mut cmd = Command::cargo_bin("sma").expect("binary built");
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real-world corpus (`tests/corpus/real-world/`): 76 files judged in its `index.tsv`.
pub fn real_world() -> PathBuf {
    root().join("tests/corpus/real-world")
}

/// The bucket-policy cases (`tests/policy-cases/`): 56 policies and `expected.tsv`.
pub fn policy_cases() -> PathBuf {
    root().join("tests/policy-cases")
}

/// Runs `sma lint --format json` on stdin text and returns (exit code, report).
pub fn lint_json(text: &str) -> (i32, serde_json::Value) {
    let out = sma()
        .args([
            "lint",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "t.json",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), report)
}

/// The (code, line) of every diagnostic of the first file of a report.
pub fn codes_and_lines(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["span"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The SARIF schema as vendored (see tests/sarif/README.md for where it comes from and the
/// one pattern that the OASIS original needs corrected before jsonschema accepts it).
pub fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored SARIF schema compiles")
}

pub fn assert_valid_sarif(log: &serde_json::Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

/// Removes the SGR colour codes (`ESC [ digits ; m`) that sma writes itself.
pub fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            rest = &after[end + 1..];
        } else {
            // not a colour code: keep it, so that the check below finds it
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
