//! Output that input cannot hijack, and names that stay apart: real files whose names hold a
//! newline, a workflow command and ESC / OSC sequences, keys and policy `Sid`s holding them,
//! through every format of `sma lint` and `sma check-bucket`; and file names that are not
//! UTF-8, which keep their own baseline entries and SARIF URIs.
mod common;

use std::path::Path;

/// A file name that would start a GitHub workflow command of its own if printed raw.
const COMMAND_NAME: &str = "a\n::error file=x::pwned.json";
/// A file name that would retitle a terminal (OSC 0, ended by BEL) if printed raw.
const TITLE_NAME: &str = "b\u{1b}]0;title\u{7}.json";

/// A handler output with findings that quote a hostile action type and a hostile key.
const HOSTILE_DOC: &str = r#"{"SchemaVersion":"1.0","Actions":[
{"Type":"Pause\n::error file=y::type\u001b]0;t\u0007","Parameters":{}},
{"Type":"Pause","Parameters":{"DurationInMilliseconds":1,"Dur\u001b[2J\n::warning::key":1}}]}"#;

/// Asserts that `text` (one stream of a run) carries no control character but line feeds,
/// and that no line starts a workflow command unless `github` (then every line is exactly one
/// well-formed annotation: `::error` or `::warning`, properties without a raw `:`).
fn assert_inert(what: &str, text: &[u8], github: bool) {
    let text = String::from_utf8_lossy(text);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: raw control character in {text:?}"
    );
    for line in text.lines() {
        if github && line.starts_with("::") {
            let (head, _message) = line[2..]
                .split_once("::")
                .unwrap_or_else(|| panic!("{what}: not an annotation: {line:?}"));
            assert!(
                head.starts_with("error file=") || head.starts_with("warning file="),
                "{what}: {line:?}"
            );
            assert!(
                !head.contains(':'),
                "{what}: a raw `:` in the properties: {line:?}"
            );
        } else {
            assert!(
                !line.starts_with("::"),
                "{what}: a workflow command: {line:?}"
            );
        }
    }
}

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [COMMAND_NAME, TITLE_NAME] {
        std::fs::write(dir.path().join(name), HOSTILE_DOC).unwrap();
    }
    dir
}

#[test]
fn hostile_file_names_and_keys_are_escaped_in_every_lint_format() {
    let dir = hostile_dir();
    for format in ["pretty", "concise", "github", "json", "sarif"] {
        let out = common::sma()
            .current_dir(dir.path())
            .args(["lint", "--color", "always", "--format", format, "."])
            .env("GITHUB_WORKSPACE", dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let github = format == "github";
        if format == "pretty" {
            // colour is on: the only ESC bytes are sma's own SGR sequences (`ESC [ ... m`)
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let plain = common::strip_colour(&text);
            assert_inert("pretty stdout", plain.as_bytes(), false);
        } else {
            assert_inert(&format!("{format} stdout"), &out.stdout, github);
        }
        assert_inert(&format!("{format} stderr"), &out.stderr, false);
        let shown = String::from_utf8_lossy(&out.stdout);
        match format {
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                // the names are there, exactly, as JSON escapes
                assert!(v.to_string().contains(r"a\n::error file=x::pwned.json"));
            }
            "sarif" => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                // the names are there as URIs, percent-encoded
                assert!(
                    v.to_string()
                        .contains("a%0A%3A%3Aerror%20file%3Dx%3A%3Apwned.json")
                );
                assert!(v.to_string().contains("b%1B%5D0%3Btitle%07.json"));
            }
            "github" => {
                // both files annotated, their names escaped into one property each
                assert!(
                    shown.contains("file=a\\n%3A%3Aerror file=x%3A%3Apwned.json,"),
                    "{shown}"
                );
                assert!(
                    shown.contains("file=b\\u{1b}]0;title\\u{7}.json,"),
                    "{shown}"
                );
            }
            _ => {
                assert!(
                    shown.contains("a\\n::error file=x::pwned.json"),
                    "{format}: {shown}"
                );
                assert!(
                    shown.contains("b\\u{1b}]0;title\\u{7}.json"),
                    "{format}: {shown}"
                );
                assert!(
                    shown.contains("Dur\\u{1b}[2J\\n::warning::key"),
                    "{format}: {shown}"
                );
            }
        }
    }
}

#[test]
fn hostile_names_in_errors_and_notes_are_escaped() {
    let dir = hostile_dir();
    let missing = format!("no{COMMAND_NAME}{TITLE_NAME}");
    let runs: Vec<Vec<String>> = vec![
        vec!["lint".into(), missing.clone()],
        vec![
            "lint".into(),
            "--baseline".into(),
            missing.clone(),
            ".".into(),
        ],
        vec!["lint".into(), "-v".into(), "--only-sma".into(), ".".into()],
        vec![
            "check-bucket".into(),
            "--policy-file".into(),
            missing.clone(),
            "--bucket".into(),
            "bkt".into(),
        ],
        vec![
            "check-bucket".into(),
            "--from-actions".into(),
            ".".into(),
            "--policy-file".into(),
            missing,
        ],
    ];
    for args in runs {
        let out = common::sma()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_inert(&format!("{args:?} stdout"), &out.stdout, false);
        assert_inert(&format!("{args:?} stderr"), &out.stderr, false);
    }
}

/// A bucket policy whose `Sid`s and condition keys hold newlines, workflow commands and
/// OSC sequences, checked under a prefix that holds them too.
#[test]
fn hostile_sids_keys_and_prefixes_are_escaped_by_check_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join(TITLE_NAME);
    std::fs::write(
        &policy,
        r#"{"Version":"2012-10-17","Statement":[
{"Sid":"x\n::error file=x::sid\u001b]0;t\u0007","Effect":"Allow","Principal":{"Service":"voiceconnector.chime.amazonaws.com"},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::bkt/*"},
{"Sid":"y\u009b2J","Effect":"Deny","Principal":"*","Action":"s3:PutObjectAcl","Resource":"arn:aws:s3:::bkt/*","Condition":{"StringEquals":{"aws:Foo\n::error::k":"v"}}}]}"#,
    )
    .unwrap();
    let prefix = "p\n::error::prefix\u{1b}]0;t\u{7}/";
    for format in ["pretty", "concise", "github", "json", "sarif"] {
        for fix in [false, true] {
            let mut cmd = common::sma();
            cmd.current_dir(dir.path())
                .args([
                    "check-bucket",
                    "--color",
                    "never",
                    "--bucket",
                    "bkt",
                    "--prefix",
                    prefix,
                ])
                .arg("--policy-file")
                .arg(&policy)
                .args(["--format", format]);
            if fix {
                cmd.arg("--fix");
            }
            let out = cmd.output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{format}");
            let github = format == "github" && !fix;
            assert_inert(&format!("{format} {fix} stdout"), &out.stdout, github);
            assert_inert(
                &format!("{format} {fix} stderr"),
                &out.stderr,
                format == "github",
            );
        }
        // the same prefix from a handler's RecordAudio, one line per destination
        let actions = dir.path().join(COMMAND_NAME);
        std::fs::write(
            &actions,
            r#"{"SchemaVersion":"1.0","Actions":[{"Type":"RecordAudio","Parameters":{"CallId":"c","RecordingDestination":{"Type":"S3","BucketName":"bkt","Prefix":"p\n::error::prefix\u001b]0;t\u0007/"}}}]}"#,
        )
        .unwrap();
        let out = common::sma()
            .current_dir(dir.path())
            .args(["check-bucket", "--color", "never", "--from-actions"])
            .arg(&actions)
            .arg("--policy-file")
            .arg(&policy)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "from-actions {format}");
        let github = format == "github";
        assert_inert(
            &format!("from-actions {format} stdout"),
            &out.stdout,
            github,
        );
        assert_inert(&format!("from-actions {format} stderr"), &out.stderr, false);
        if format == "pretty" {
            let shown = String::from_utf8_lossy(&out.stdout);
            assert!(
                shown.contains(r"s3://bkt/p\n::error::prefix\u{1b}]0;t\u{7}/"),
                "{shown}"
            );
        }
    }
}

#[cfg(unix)]
mod not_utf8 {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    /// Two names that are one under a lossy conversion: both `h\u{fffd}.json`.
    fn names() -> [&'static OsStr; 2] {
        [
            OsStr::from_bytes(b"h\xff.json"),
            OsStr::from_bytes(b"h\xfe.json"),
        ]
    }

    const FINDING: &str = r#"{"SchemaVersion":"1.0","Actions":[{"Type":"Nope","Parameters":{}}]}"#;

    fn lint(dir: &Path, args: &[&str]) -> std::process::Output {
        common::sma()
            .current_dir(dir)
            .env("GITHUB_WORKSPACE", dir)
            .args(["lint", "--color", "never"])
            .args(args)
            .output()
            .unwrap()
    }

    /// One file's baseline entry does not hide the other's finding.
    #[test]
    fn baseline_entries_stay_with_their_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let [ff, fe] = names();
        std::fs::write(dir.path().join(ff), FINDING).unwrap();
        std::fs::write(dir.path().join("sma.toml"), "").unwrap();
        let out = lint(dir.path(), &["--write-baseline", "base.json", "."]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
        assert!(base.contains(r#""file": "h%FF.json""#), "{base}");
        // the other name, same finding: reported, not hidden by the first one's entry
        std::fs::remove_file(dir.path().join(ff)).unwrap();
        std::fs::write(dir.path().join(fe), FINDING).unwrap();
        let out = lint(
            dir.path(),
            &["--baseline", "base.json", "--format", "concise", "."],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains("SMA201"), "{stdout}");
        // and the first one's finding is still hidden by its own entry
        std::fs::remove_file(dir.path().join(fe)).unwrap();
        std::fs::write(dir.path().join(ff), FINDING).unwrap();
        let out = lint(dir.path(), &["--baseline", "base.json", "."]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    /// Each gets its own SARIF URI (its bytes percent-encoded) and fingerprints.
    #[test]
    fn sarif_uris_keep_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for name in names() {
            std::fs::write(dir.path().join(name), FINDING).unwrap();
        }
        let out = lint(dir.path(), &["--format", "sarif", "."]);
        assert_eq!(out.status.code(), Some(1));
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        let mut uris: Vec<&str> = results
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        uris.sort_unstable();
        assert_eq!(uris, ["h%FE.json", "h%FF.json"]);
        let prints: std::collections::HashSet<&str> = results
            .iter()
            .map(|r| r["partialFingerprints"]["smaFinding/v1"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), 2, "one fingerprint for two files");
    }
}

/// simulate's transcript: a scenario file and name, a handler's stderr and the action types it
/// answers with, all holding newlines, workflow commands and OSC sequences, come out escaped.
#[test]
fn hostile_handler_output_and_scenario_names_are_escaped_by_simulate() {
    let dir = tempfile::tempdir().unwrap();
    let handler = dir.path().join("h.py");
    std::fs::write(
        &handler,
        r#"import json, sys
event = json.load(sys.stdin)
kind = event["InvocationEventType"]
leg = [p for p in event["CallDetails"]["Participants"] if p["ParticipantTag"] == "LEG-A"][0]
sys.stderr.write("err\n::error file=x::stderr\x1b]0;t\x07\n")
if kind == "NEW_INBOUND_CALL":
    actions = [{"Type": "Bad\n::error::type\x1b]0;t\x07", "Parameters": {}}]
elif kind == "HANGUP":
    actions = []
else:
    actions = [{"Type": "Hangup", "Parameters": {"CallId": leg["CallId"], "SipResponseCode": "0"}}]
print(json.dumps({"SchemaVersion": "1.0", "Actions": actions}))
"#,
    )
    .unwrap();
    let scenario = dir.path().join(format!("s{COMMAND_NAME}{TITLE_NAME}.toml"));
    std::fs::write(
        &scenario,
        "name = \"n\\n::error::name\\u001b]0;t\\u0007\"\n[expect]\nended_by = 'hangup'\n",
    )
    .unwrap();
    for format in ["pretty", "json"] {
        let out = common::sma()
            .args(["simulate", "--format", format, "--handler-cmd"])
            .arg(format!("python3 {}", handler.display()))
            .arg(&scenario)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        assert_inert(&format!("simulate {format} stdout"), &out.stdout, false);
        assert_inert(&format!("simulate {format} stderr"), &out.stderr, false);
        if format == "pretty" {
            assert!(
                stdout.contains(r"n\n::error::name\u{1b}]0;t\u{7}"),
                "{stdout}"
            );
            assert!(
                stdout.contains(r"Bad\n::error::type\u{1b}]0;t\u{7}"),
                "{stdout}"
            );
        }
    }
}
