//! `sma.toml` and baselines end to end: precedence (CLI > config > defaults), bad configs
//! (exit 2, pointing at line and column), include/exclude, reasoned ignores (unused ones are
//! reported) and baselines that survive reformatting.
mod common;

use std::path::Path;
use std::process::Output;

use common::sma;
use serde_json::Value;

/// A handler with two warnings: SMA204 (duplicate terminator) and SMA109 (unknown key).
const WARNINGS: &str = r##"{
  "SchemaVersion": "1.0",
  "Actions": [
    {
      "Type": "RecordAudio",
      "Parameters": {
        "CallId": "c1",
        "RecordingTerminators": ["#", "#"],
        "RecordingDestination": {"Type": "S3", "BucketName": "valid-bucket", "Prefix": "p/"},
        "Colour": "red"
      }
    }
  ]
}
"##;

fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("handlers/legacy")).unwrap();
    std::fs::write(dir.path().join("handlers/a.json"), WARNINGS).unwrap();
    std::fs::write(dir.path().join("handlers/legacy/old.json"), WARNINGS).unwrap();
    if let Some(c) = config {
        std::fs::write(dir.path().join("sma.toml"), c).unwrap();
    }
    dir
}

fn lint(dir: &Path, args: &[&str]) -> Output {
    sma()
        .current_dir(dir)
        .env_remove("SMA_DOCS_URL")
        .args(["lint", "-f", "json"])
        .args(args)
        .output()
        .unwrap()
}

/// (code, severity) of every finding, over all files.
fn findings(out: &Output) -> Vec<(String, String)> {
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn pair(code: &str, severity: &str) -> (String, String) {
    (code.to_string(), severity.to_string())
}

#[test]
fn precedence_is_cli_then_config_then_defaults() {
    // defaults: both warnings, exit 0
    let dir = project(None);
    let out = lint(dir.path(), &["handlers/a.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        findings(&out),
        [pair("SMA204", "warning"), pair("SMA109", "warning")]
    );

    // config: SMA109 an error (by code), duplicate-terminator off (by name)
    let dir = project(Some(
        "[rules]\nSMA109 = \"error\"\nduplicate-terminator = \"off\"\n",
    ));
    let out = lint(dir.path(), &["handlers/a.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&out), [pair("SMA109", "error")]);

    // CLI over config
    let out = lint(
        dir.path(),
        &[
            "--rule",
            "SMA109=off",
            "--rule",
            "SMA204=warning",
            "handlers/a.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(findings(&out), [pair("SMA204", "warning")]);

    // --no-config: defaults again
    let out = lint(dir.path(), &["--no-config", "handlers/a.json"]);
    assert_eq!(findings(&out).len(), 2);
}

#[test]
fn the_config_is_found_from_a_subdirectory_and_globs_are_relative_to_it() {
    let dir = project(Some("[rules]\nSMA109 = \"off\"\n"));
    let out = lint(&dir.path().join("handlers/legacy"), &["old.json"]);
    assert_eq!(findings(&out), [pair("SMA204", "warning")]);

    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("strict.toml"),
        "[rules]\nSMA204 = \"error\"\n",
    )
    .unwrap();
    let config = other.path().join("strict.toml");
    let out = lint(
        dir.path(),
        &["--config", config.to_str().unwrap(), "handlers/a.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&out),
        [pair("SMA204", "error"), pair("SMA109", "warning")]
    );
}

#[test]
fn include_and_exclude_choose_the_files() {
    let dir = project(Some("exclude = [\"handlers/legacy/**\"]\n"));
    let out = lint(dir.path(), &["."]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["files"][0]["path"], "./handlers/a.json");

    let dir = project(Some("include = [\"handlers/legacy/*.json\"]\n"));
    let out = lint(dir.path(), &["handlers/a.json"]);
    assert!(
        stderr(&out).contains("no JSON files found (1 excluded by"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_config_is_exit_2_pointing_into_it() {
    let dir = project(Some("[rules]\nSMA109 = \"warn\"\n"));
    let out = lint(dir.path(), &["handlers/a.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("SMA020"), "{err}");
    assert!(err.contains("[sma.toml:2:10]"), "{err}");
    assert!(err.contains("`warn` is not a severity"), "{err}");

    for (text, at) in [
        ("[rules\n", "[sma.toml:1:"),
        (
            "[[ignore]]\nfiles = \"*.json\"\nrules = [\"SMA109\"]\n",
            "[sma.toml:1:1]",
        ),
        ("exclude = [\"a/[b\"]\n", "[sma.toml:1:12]"),
        ("colour = true\n", "[sma.toml:1:1]"),
    ] {
        let dir = project(Some(text));
        let out = lint(dir.path(), &["handlers/a.json"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(stderr(&out).contains(at), "{text}: {}", stderr(&out));
    }
    let out = lint(dir.path(), &["--config", "missing.toml", "handlers/a.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("could not read `missing.toml`"));
}

const IGNORES: &str = r#"
[[ignore]]
files = "handlers/legacy/*.json"
pointer = "/Actions/*/Parameters/Colour"
rules = ["unknown-key"]
reason = "the legacy handler passes Colour through to its logs"

[[ignore]]
files = "handlers/*.json"
pointer = "/Actions/0/Parameters/SilenceThreshold"
rules = ["SMA103"]
reason = "was fixed long ago"
"#;

#[test]
fn ignores_suppress_by_glob_pointer_and_rule_and_unused_ones_are_reported() {
    let dir = project(Some(IGNORES));
    let out = lint(dir.path(), &["."]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = |i: usize| -> Vec<&str> {
        report["files"][i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect()
    };
    assert_eq!(codes(0), ["SMA204", "SMA109"], "a.json is not covered");
    assert_eq!(codes(1), ["SMA204"], "legacy/old.json: Colour ignored");
    // the stale ignore is a finding of the report itself, on sma.toml, in every format
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{report:#}");
    assert!(
        files[2]["path"].as_str().unwrap().ends_with("sma.toml"),
        "{report:#}"
    );
    let unused = &files[2]["diagnostics"];
    assert_eq!(
        unused.as_array().unwrap().len(),
        1,
        "the used ignore is not reported: {report:#}"
    );
    assert_eq!(unused[0]["code"], "SMA021");
    assert_eq!(unused[0]["span"]["start"]["line"], 8, "{report:#}");
    assert!(
        unused[0]["message"]
            .as_str()
            .unwrap()
            .contains("was fixed long ago")
    );
    for format in ["concise", "github", "sarif", "pretty"] {
        let out = sma()
            .current_dir(dir.path())
            .args(["lint", ".", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("SMA021") && text.contains("sma.toml"),
            "{format}: {text}"
        );
    }
    // an unused ignore is a warning: it fails --deny-warnings, and can be turned off
    assert_eq!(out.status.code(), Some(0));
    let out = lint(dir.path(), &[".", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
    let out = lint(dir.path(), &["--rule", "unused-ignore=off", "."]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("SMA021"));
    assert_eq!(out.status.code(), Some(0));
    let off: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = |r: &Value| r["summary"]["warnings"].as_u64().unwrap();
    assert_eq!(
        warnings(&report),
        warnings(&off) + 1,
        "SMA021 counts in the summary"
    );

    // linting only files the stale ignore does not cover (pre-commit) does not report it
    let out = lint(dir.path(), &["handlers/legacy/old.json"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("SMA021"));
}

#[test]
fn baseline_round_trip_survives_reformatting() {
    let dir = project(None);
    let out = lint(dir.path(), &["--write-baseline", "sma-baseline.json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("recorded 4 findings in `sma-baseline.json`"));
    let text = std::fs::read_to_string(dir.path().join("sma-baseline.json")).unwrap();
    let baseline: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(baseline["version"], 1);
    assert_eq!(
        baseline["findings"][0],
        serde_json::json!({"file": "handlers/a.json", "rule": "SMA109",
                           "pointer": "/Actions/0/Parameters/Colour", "count": 1})
    );

    // reformat: one line, other key order; every finding moves to another line and column
    let value: Value = serde_json::from_str(WARNINGS).unwrap();
    let mut reformatted = serde_json::to_string(&value).unwrap();
    reformatted = reformatted.replace("\"SchemaVersion\":\"1.0\",", "") + "\n";
    reformatted.insert_str(1, "\"SchemaVersion\": \"1.0\",\n");
    std::fs::write(dir.path().join("handlers/a.json"), &reformatted).unwrap();
    let out = lint(
        dir.path(),
        &["--baseline", "sma-baseline.json", "--deny-warnings", "."],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(findings(&out).is_empty());

    // a new finding is reported, the accepted ones are not
    let worse = reformatted.replace("\"c1\"", "\"c1\",\"Extra\":1");
    std::fs::write(dir.path().join("handlers/a.json"), worse).unwrap();
    let out = lint(dir.path(), &["--baseline", "sma-baseline.json", "."]);
    assert_eq!(findings(&out), [pair("SMA109", "warning")]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["files"][0]["diagnostics"][0]["pointer"],
        "/Actions/0/Parameters/Extra"
    );

    // an unreadable or foreign baseline is exit 2
    std::fs::write(
        dir.path().join("v9.json"),
        r#"{"version": 9, "findings": []}"#,
    )
    .unwrap();
    let out = lint(dir.path(), &["--baseline", "v9.json", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("version 9 is not supported"));
}

#[test]
fn docs_url_precedence() {
    let dir = project(Some("docs-url = \"https://a.example/docs/rules.md\"\n"));
    let help_uri = |out: &Output| {
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"].clone()
    };
    let sarif = |extra: &[&str], env: Option<&str>| {
        let mut cmd = sma();
        cmd.current_dir(dir.path())
            .env_remove("SMA_DOCS_URL")
            .args(["lint", "-f", "sarif", "handlers/a.json"])
            .args(extra);
        if let Some(v) = env {
            cmd.env("SMA_DOCS_URL", v);
        }
        cmd.output().unwrap()
    };
    assert_eq!(
        help_uri(&sarif(&[], None)),
        "https://a.example/docs/rules.md#sma001"
    );
    assert_eq!(
        help_uri(&sarif(&[], Some("https://b.example/r.md"))),
        "https://b.example/r.md#sma001"
    );
    assert_eq!(
        help_uri(&sarif(
            &["--docs-url", "https://c.example/r.md"],
            Some("https://b.example/r.md")
        )),
        "https://c.example/r.md#sma001"
    );
}

#[test]
fn the_config_names_the_baseline_and_a_run_says_what_it_hid_and_what_is_stale() {
    let dir = project(Some("baseline = \"ci/sma-baseline.json\"\n"));
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    // writing a baseline records every finding (the configured baseline is not applied)
    let out = lint(
        dir.path(),
        &["--write-baseline", "ci/sma-baseline.json", "."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("recorded 4 findings"),
        "{}",
        stderr(&out)
    );
    // sma.toml's baseline applies without a flag, and the run says so
    let out = lint(dir.path(), &["--deny-warnings", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(findings(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("baseline `") && err.contains("ci/sma-baseline.json`: 4 findings hidden"),
        "{err}"
    );
    assert!(!err.contains("stale"), "{err}");
    // fix one finding: its entry is stale, and named
    let fixed = WARNINGS.replace(",\n        \"Colour\": \"red\"", "");
    std::fs::write(dir.path().join("handlers/a.json"), fixed).unwrap();
    let out = lint(dir.path(), &["."]);
    let err = stderr(&out);
    assert!(err.contains("3 findings hidden; 1 entry stale"), "{err}");
    assert!(
        err.contains("stale: handlers/a.json SMA109 /Actions/0/Parameters/Colour"),
        "{err}"
    );
    // linting a file the stale entry is not about says nothing stale
    let out = lint(dir.path(), &["handlers/legacy/old.json"]);
    assert!(!stderr(&out).contains("stale"), "{}", stderr(&out));
    // --baseline on the command line wins; a missing configured baseline is exit 2
    let out = lint(dir.path(), &["--baseline", "nope.json", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.json"), "{}", stderr(&out));
    std::fs::remove_file(dir.path().join("ci/sma-baseline.json")).unwrap();
    let out = lint(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("sma-baseline.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_invalid_config_still_writes_the_report_files_asked_for() {
    let dir = project(Some("[rules]\nSMA109 = \"warn\"\n"));
    let out = sma()
        .current_dir(dir.path())
        .args(["lint", ".", "-f", "github", "-f", "sarif:results.sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif:#}");
    assert_eq!(results[0]["ruleId"], "SMA020");
    assert!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("sma.toml")
    );
    assert!(stderr(&out).contains("is not a valid configuration"));
}
