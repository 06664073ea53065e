//! `sma lint` end to end: exit codes, formats, inputs, colour, pipes and hostile files.
mod common;

use std::io::Read;
use std::process::Stdio;

use common::{codes_and_lines, lint_json, real_world, root, sma};
use predicates::prelude::*;

const SEED: &str = r##"{"Type":"RecordAudio","Parameters":{"CallId":"call-id-1","DurationInSeconds":"10","SilenceDurationInSeconds":3,"SilenceThreshold":100,"RecordingTerminators":["#"],"RecordingDestination":{"Type":"S3","BucketName":"valid-bucket-name","Prefix":"valid-prefix-name"}}}"##;

/// The seed action pretty-printed, with one parameter replaced by `line` (10 lines, one key each).
fn seed_with(key: &str, value: &str) -> String {
    let lines = [
        ("CallId", r#""call-id-1""#),
        ("DurationInSeconds", r#""10""#),
        ("SilenceDurationInSeconds", "3"),
        ("SilenceThreshold", "100"),
        ("RecordingTerminators", r##"["#"]"##),
        (
            "RecordingDestination",
            r#"{"Type": "S3", "BucketName": "valid-bucket-name", "Prefix": "valid-prefix-name"}"#,
        ),
    ];
    let body: Vec<String> = lines
        .iter()
        .map(|(k, v)| {
            let v = if *k == key { value } else { v };
            format!("    \"{k}\": {v}")
        })
        .collect();
    format!(
        "{{\n  \"Type\": \"RecordAudio\",\n  \"Parameters\": {{\n{}\n  }}\n}}\n",
        body.join(",\n")
    )
}

#[test]
fn the_seed_example_lints_clean() {
    let (code, report) = lint_json(SEED);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["errors"], 0);
    let (code, _) = lint_json(&seed_with("CallId", r#""call-id-1""#));
    assert_eq!(code, 0);
}

#[test]
fn each_documented_invalid_action_parameter_cause_is_an_error_on_its_line() {
    // Lines: CallId 4, DurationInSeconds 5, SilenceDurationInSeconds 6, SilenceThreshold 7,
    // RecordingTerminators 8, RecordingDestination 9.
    let cases = [
        ("CallId", r#""""#, "SMA106", 4),
        ("CallId", "42", "SMA102", 4),
        ("DurationInSeconds", "0", "SMA103", 5),
        ("DurationInSeconds", r#""-5""#, "SMA103", 5),
        ("DurationInSeconds", r#""ten""#, "SMA103", 5),
        ("SilenceDurationInSeconds", "0", "SMA103", 6),
        ("SilenceDurationInSeconds", "1001", "SMA103", 6),
        ("SilenceDurationInSeconds", "2.5", "SMA103", 6),
        ("SilenceThreshold", "0", "SMA103", 7),
        ("SilenceThreshold", r#""1001""#, "SMA103", 7),
        ("RecordingTerminators", "[]", "SMA106", 8),
        ("RecordingTerminators", r#"["A"]"#, "SMA104", 8),
        (
            "RecordingDestination",
            r#"{"Type": "s3", "BucketName": "b-1"}"#,
            "SMA104",
            9,
        ),
        ("RecordingDestination", r#"{"Type": "S3"}"#, "SMA101", 9),
        (
            "RecordingDestination",
            r#"{"Type": "S3", "BucketName": "My_Bucket"}"#,
            "SMA205",
            9,
        ),
        (
            "RecordingDestination",
            r#"{"Type": "S3", "BucketName": "b-1", "Prefix": "a%b"}"#,
            "SMA207",
            9,
        ),
    ];
    for (key, value, code, line) in cases {
        let (exit, report) = lint_json(&seed_with(key, value));
        assert_eq!(exit, 1, "{key}={value}: {report}");
        let found = codes_and_lines(&report);
        assert!(
            found.contains(&(code.to_string(), line)),
            "{key}={value}: expected {code} on line {line}, got {found:?}"
        );
    }
    // ParticipantTag: a wrong leg name is an error
    let text = seed_with("CallId", r#""c", "ParticipantTag": "LEG-C""#);
    let (exit, report) = lint_json(&text);
    assert_eq!(exit, 1);
    assert!(codes_and_lines(&report).contains(&("SMA104".into(), 4)));
}

#[test]
fn json_report_has_the_documented_shape() {
    let text = seed_with("SilenceThreshold", "0");
    let (_, report) = lint_json(&text);
    assert_eq!(report["version"], 1);
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(report["files"][0]["path"], "t.json");
    assert_eq!(d["code"], "SMA103");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["pointer"], "/Parameters/SilenceThreshold");
    let offset = text.find("\"SilenceThreshold\": 0").unwrap() + "\"SilenceThreshold\": ".len();
    assert_eq!(
        d["span"],
        serde_json::json!({"start": {"line": 7, "column": 25, "offset": offset},
                           "end": {"line": 7, "column": 26, "offset": offset + 1}})
    );
    assert!(d["help"].as_str().unwrap().contains("1 to 1000"));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`SilenceThreshold`")
    );
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["code", "severity", "message", "pointer", "span", "help"]
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 0})
    );
}

#[test]
fn a_syntax_error_has_an_empty_pointer_and_a_position() {
    let (code, report) = lint_json("{\n  \"SchemaVersion\": \"1.0\",\n}");
    assert_eq!(code, 1);
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "SMA001");
    assert_eq!(d["pointer"], "");
    assert_eq!(d["span"]["start"]["line"], 2);
    assert_eq!(d["span"]["start"]["column"], 25);
}

#[test]
fn exit_codes() {
    let ex = root().join("examples");
    sma()
        .args(["lint"])
        .arg(ex.join("voicemail.json"))
        .assert()
        .code(0);
    sma()
        .args(["lint"])
        .arg(ex.join("mistakes.json"))
        .assert()
        .code(1);
    sma()
        .args(["lint", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.json"));
    // usage error
    sma().args(["lint", "--format", "xml"]).assert().code(2);
    // a missing file among good ones still fails with 2, and the good ones are reported
    sma()
        .args(["lint", "--format", "concise"])
        .arg(ex.join("voicemail.json"))
        .arg("missing.json")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no problems in 1 file"));
}

#[test]
fn warnings_pass_unless_denied() {
    let text = seed_with("CallId", r#""c", "ParticipantTag": "LEG-A""#);
    let run = |extra: &[&str]| {
        sma()
            .args(["lint", "-", "--format", "concise"])
            .args(extra)
            .write_stdin(text.clone())
            .assert()
    };
    run(&[])
        .code(0)
        .stdout(predicate::str::contains("warning[SMA202]"))
        .stdout(predicate::str::contains("1 warning in 1 file"));
    run(&["--deny-warnings"]).code(1);
}

#[test]
fn stdin_is_reported_under_its_filename() {
    sma()
        .args([
            "lint",
            "-",
            "--stdin-filename",
            "handler/out.json",
            "--format",
            "concise",
        ])
        .write_stdin("[]")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "handler/out.json:1:1: error[SMA010]",
        ));
    sma()
        .args(["lint", "-", "--format", "concise"])
        .write_stdin("[]")
        .assert()
        .stdout(predicate::str::starts_with("<stdin>:1:1:"));
}

#[test]
fn pretty_output_snapshot() {
    let out = sma()
        .current_dir(root())
        .args(["lint", "--color", "never", "examples/mistakes.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.contains(&0x1b), "no colour when piped");
    insta::assert_snapshot!("pretty_mistakes", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn colour_follows_flags_and_environment() {
    let has_ansi = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = sma();
        cmd.args(["lint", "-"]).args(args).write_stdin("[]");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap().stdout.contains(&0x1b)
    };
    assert!(!has_ansi(&[], &[]), "piped: no colour");
    assert!(has_ansi(&["--color", "always"], &[]));
    assert!(has_ansi(&[], &[("FORCE_COLOR", "1")]));
    assert!(!has_ansi(&[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!has_ansi(&["--color", "never"], &[("FORCE_COLOR", "1")]));
}

#[test]
fn directories_are_walked_for_json_honouring_gitignore_outside_git() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join(".gitignore"), "ignored.json\n").unwrap();
    std::fs::write(p.join("ignored.json"), "{ broken").unwrap();
    std::fs::write(p.join("notes.txt"), "{ broken").unwrap();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::fs::write(p.join("sub/b.json"), SEED).unwrap();
    std::fs::write(p.join("a.json"), r#"{"Actions": "none"}"#).unwrap();
    // not an SMA document: skipped by the walk (tests/walk.rs has the details)
    std::fs::write(p.join("empty.json"), "[]").unwrap();
    let out = sma()
        .current_dir(p)
        .args(["lint", ".", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./a.json", "./sub/b.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    // enough findings to overflow the pipe buffer
    let mut text = String::from("{\"SchemaVersion\": \"1.0\"");
    for _ in 0..5000 {
        text.push_str(", \"SchemaVersion\": \"1.0\"");
    }
    text.push('}');
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dups.json");
    std::fs::write(&file, text).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sma"))
        .args(["lint", "--format", "concise"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop: closed
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(1), "{stderr}");
}

#[test]
fn a_million_open_brackets_is_one_error_not_a_crash() {
    let (code, report) = lint_json(&"[".repeat(1_000_000));
    assert_eq!(code, 1);
    assert_eq!(codes_and_lines(&report), [("SMA004".to_string(), 1)]);
}

#[test]
fn hostile_bytes_get_one_clear_error() {
    for (bytes, code) in [
        (&b""[..], "SMA002"),
        (&b"\xff\xfe{}"[..], "SMA003"),
        (&b"{\"a\":\x00}"[..], "SMA001"),
    ] {
        let out = sma()
            .args(["lint", "--format", "json", "-"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["files"][0]["diagnostics"][0]["code"], code);
    }
}

#[test]
fn rules_and_rule_docs() {
    sma()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("SMA205  invalid-bucket-name"));
    sma()
        .args(["rule", "duplicate-terminator"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "# SMA204 duplicate-terminator (warning)",
        ))
        .stdout(predicate::str::contains("### Why is this bad?"));
    sma()
        .args(["rule", "SMA999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn the_validator_is_compiled_once_per_process() {
    use std::sync::atomic::Ordering;
    let before = sma::schema::COMPILATIONS.load(Ordering::Relaxed);
    let files: Vec<_> = (0..50)
        .map(|i| sma::engine::check_bytes(&format!("f{i}.json"), SEED.as_bytes().to_vec()))
        .collect();
    assert!(files.iter().all(|c| c.errors() == 0));
    let after = sma::schema::COMPILATIONS.load(Ordering::Relaxed);
    assert!(after <= 1 && after - before <= 1, "compiled {after} times");
}

#[test]
fn event_cross_checks_the_response() {
    let dir = tempfile::tempdir().unwrap();
    let real = real_world();
    let event = real.join("028-workshop-inbound-fixture-event.json");
    // the documented example's placeholder CallId is not a leg of the fixture call
    let out = sma()
        .args([
            "lint",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "r.json",
            "--event",
        ])
        .arg(&event)
        .write_stdin(SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        2,
        "the event is reported first, then the response"
    );
    let codes: Vec<&str> = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SMA401"]);
    // an empty answer to NEW_INBOUND_CALL
    let out = sma()
        .args(["lint", "--format", "concise", "-", "--event"])
        .arg(&event)
        .write_stdin(r#"{"SchemaVersion": "1.0", "Actions": []}"#)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SMA405"));
    // an --event that is not an event is a usage error
    let not_event = dir.path().join("r.json");
    std::fs::write(&not_event, SEED).unwrap();
    sma()
        .args(["lint", "-", "--event"])
        .arg(&not_event)
        .write_stdin(SEED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not an SMA invocation event"));
}

/// A number out of range is one finding: the schema does not judge a stand-in for it again.
#[test]
fn a_number_out_of_range_is_one_finding() {
    let text = r#"{"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":1e400}}]}"#;
    let (code, report) = lint_json(text);
    assert_eq!(code, 1);
    let codes: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SMA007"], "{report:#}");
}
