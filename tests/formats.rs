//! Every output format over one shared fixture set (`tests/fixtures/formats/`), as insta
//! snapshots; SARIF validated against the official SARIF 2.1.0 schema; several outputs from
//! one run, files written atomically and without colour.
mod common;

use std::path::{Path, PathBuf};

use common::{assert_valid_sarif, root, sarif_validator, sma};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/formats")
}

/// Runs `sma lint -f FORMAT .` in the fixture directory (its `sma.toml` makes it the root;
/// `GITHUB_WORKSPACE` makes it the root of SARIF and annotation paths, as in CI).
fn lint_fixtures(format: &str) -> (i32, String) {
    let out = sma()
        .current_dir(fixtures())
        .env_remove("SMA_DOCS_URL")
        .env("GITHUB_WORKSPACE", fixtures())
        .args(["lint", "--format", format, "."])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn pretty_snapshot() {
    let (code, out) = lint_fixtures("pretty");
    assert_eq!(code, 1);
    insta::assert_snapshot!("pretty", out);
}

#[test]
fn concise_snapshot() {
    let (code, out) = lint_fixtures("concise");
    assert_eq!(code, 1);
    insta::assert_snapshot!("concise", out);
}

#[test]
fn json_snapshot() {
    let (code, out) = lint_fixtures("json");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    insta::assert_snapshot!("json", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn github_snapshot() {
    let (code, out) = lint_fixtures("github");
    assert_eq!(code, 1);
    // the odd file name is escaped as a property: `,` -> %2C, `%` -> %25
    assert!(out.contains("file=odd name%2C 100%25.json,line=3"), "{out}");
    insta::assert_snapshot!("github", out);
}

#[test]
fn sarif_snapshot() {
    let (code, out) = lint_fixtures("sarif");
    assert_eq!(code, 1);
    let mut log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    // the rule list is the registry (checked below); keep the snapshot to the results
    let driver = &mut log["runs"][0]["tool"]["driver"];
    let ids: Vec<Value> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    driver["rules"] = json!(ids);
    driver["version"] = json!("[version]");
    driver["semanticVersion"] = json!("[version]");
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn sarif_rules_have_help_and_results_point_at_them() {
    let (_, out) = lint_fixtures("sarif");
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), sma::rules::CATALOG.len());
    for r in rules {
        assert!(
            r["help"]["text"]
                .as_str()
                .unwrap()
                .contains("### What it does")
        );
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r.get("helpUri").is_none(), "no docs URL configured: {r}");
    }
    for result in run["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
        let loc = &result["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.starts_with("./"), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"odd%20name%2C%20100%25.json"), "{uris:?}");
}

#[test]
fn sarif_help_uris_come_from_the_docs_url() {
    let out = sma()
        .current_dir(fixtures())
        .env(
            "SMA_DOCS_URL",
            "https://github.com/sma-tools/sma/blob/v0.1.0/docs/rules.md",
        )
        .args(["lint", "-f", "sarif", "mistakes.json"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let sma204 = rules.iter().find(|r| r["id"] == "SMA204").unwrap();
    assert_eq!(
        sma204["helpUri"],
        "https://github.com/sma-tools/sma/blob/v0.1.0/docs/rules.md#sma204"
    );
    // a relative docs URL is refused: SARIF helpUri must be absolute
    sma()
        .current_dir(fixtures())
        .args([
            "lint",
            "-f",
            "sarif",
            "--docs-url",
            "docs/rules.md",
            "clean.json",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("absolute URL"));
}

#[test]
fn the_schema_check_rejects_broken_sarif() {
    let (_, out) = lint_fixtures("sarif");
    let mut log: Value = serde_json::from_str(&out).unwrap();
    log["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!sarif_validator().is_valid(&log));
    let mut log: Value = serde_json::from_str(&out).unwrap();
    log.as_object_mut().unwrap().remove("version");
    assert!(!sarif_validator().is_valid(&log));
}

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["mistakes.json", "clean.json", "sma.toml"] {
        std::fs::copy(fixtures().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn no_temp_files(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn one_run_writes_annotations_and_sarif_and_json() {
    let dir = scratch();
    let out = sma()
        .current_dir(dir.path())
        .env("FORCE_COLOR", "1")
        .args([
            "lint",
            "-f",
            "github",
            "-f",
            "sarif:results.sarif",
            "--format",
        ])
        .args(["json:report.json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("::"), "{stdout}");
    assert_eq!(stdout.lines().count(), 12, "{stdout}");
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("results.sarif")).unwrap()).unwrap();
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 12);
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 7);
    no_temp_files(dir.path());
}

#[test]
fn output_files_have_no_colour_and_replace_atomically() {
    let dir = scratch();
    std::fs::write(dir.path().join("out.txt"), "old").unwrap();
    let out = sma()
        .current_dir(dir.path())
        .args(["lint", "--color", "always", "--output-file", "out.txt", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("SMA103") && text.ends_with("7 errors, 5 warnings in 2 files\n"));
    no_temp_files(dir.path());
    // with colour forced, stdout is coloured but the file beside it is not
    let out = sma()
        .current_dir(dir.path())
        .args([
            "lint",
            "--color",
            "always",
            "-f",
            "concise:c.txt",
            "-f",
            "pretty",
            ".",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    assert!(
        !std::fs::read_to_string(dir.path().join("c.txt"))
            .unwrap()
            .contains('\u{1b}')
    );
}

#[test]
fn format_usage_errors_exit_2() {
    let dir = scratch();
    let run = |args: &[&str]| {
        sma()
            .current_dir(dir.path())
            .arg("lint")
            .args(args)
            .arg(".")
            .output()
            .unwrap()
    };
    for args in [
        &["-f", "github", "-f", "pretty"][..],
        &["-f", "sarif:"],
        &["-f", "nope"],
        &["-f", "sarif:a", "-f", "json:a"],
        &["-f", "sarif:a", "--output-file", "b"],
        &["-f", "json", "-f", "sarif", "--output-file", "b"],
        &["--max-warnings", "-1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    assert!(!dir.path().join("a").exists());
}

#[test]
fn quiet_max_warnings_and_statistics() {
    let dir = scratch();
    let lint = |args: &[&str], file: &str| {
        sma()
            .current_dir(dir.path())
            .args(["lint", "-f", "concise"])
            .args(args)
            .arg(file)
            .output()
            .unwrap()
    };
    // --quiet: errors only; the summary counts what is shown
    let out = lint(&["--quiet"], "mistakes.json");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("warning["), "{text}");
    assert!(text.ends_with("7 errors in 1 file\n"), "{text}");

    std::fs::write(
        dir.path().join("warn.json"),
        r##"{"SchemaVersion": "1.0", "Actions": [{"Type": "RecordAudio", "Parameters": {"CallId": "c1", "RecordingTerminators": ["#", "#"], "RecordingDestination": {"Type": "S3", "BucketName": "valid-bucket"}, "Colour": "red"}}]}"##,
    )
    .unwrap();
    assert_eq!(lint(&[], "warn.json").status.code(), Some(0));
    assert_eq!(
        lint(&["--max-warnings", "2"], "warn.json").status.code(),
        Some(0)
    );
    let out = lint(&["--max-warnings", "1"], "warn.json");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2 warnings, more than --max-warnings 1")
    );
    // --quiet hides warnings but they still count
    let out = lint(&["--quiet", "--max-warnings", "0"], "warn.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "no problems in 1 file\n"
    );
    assert_eq!(
        lint(&["--deny-warnings"], "warn.json").status.code(),
        Some(1)
    );

    let out = lint(&["--statistics"], "mistakes.json");
    let text = String::from_utf8(out.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("in 1 file"))
        .skip(1)
        .collect();
    assert_eq!(
        table[0], "    2  SMA103  value-out-of-range                  error",
        "{text}"
    );
    assert_eq!(table.len(), 10, "{text}");
    // with a machine format on stdout, the table goes to stderr
    let out = sma()
        .current_dir(dir.path())
        .args(["lint", "--statistics", "-f", "json", "mistakes.json"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SMA208  prefix-special-character"));
}

/// A file name with ESC, BEL, CR, a C1 CSI (U+009B), a newline and `::warning::`.
const HOSTILE_NAME: &str = "evil\u{1b}[31m\u{7}\r\u{9b}2J\n::warning::x";

/// A directory with two hostile files: `NAME.json`, whose keys and values quote control
/// characters (JSON escapes, so they reach the messages), and `NAME-raw.json`, whose text
/// holds them raw (a syntax error, so they reach the snippet).
fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(format!("{HOSTILE_NAME}.json")),
        r#"{"SchemaVersion": "1.0", "Actions": [{"Type": "Hangup\u001b[2J\u0007\r\u009b\n::warning::x"}], "\u001b]0;title\u0007\n::error::y": 1}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("{HOSTILE_NAME}-raw.json")),
        "{\"SchemaVersion\": \"1.0\",\n \"Actions\": [\u{1b}[2J\u{7}\r\u{9b}31m\n::warning::z]}\n",
    )
    .unwrap();
    dir
}

/// Runs `sma lint ARGS` in `dir` (its own root) and returns (exit code, stdout).
fn lint_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = sma()
        .current_dir(dir)
        .env("GITHUB_WORKSPACE", dir)
        .arg("lint")
        .arg("--no-config")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
    (out.status.code().unwrap(), stdout)
}

/// Asserts that no control character but the format's own line feeds is in `text`.
fn assert_no_raw_controls(format: &str, text: &str) {
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| c.is_control() && c != '\n')
        .collect();
    assert!(
        bad.is_empty(),
        "{format}: raw control characters {bad:?} in\n{text}"
    );
}

#[test]
fn no_raw_control_character_from_input_reaches_any_format() {
    let dir = hostile_dir();
    for format in ["pretty", "concise", "github", "json", "sarif"] {
        let (code, out) = lint_in(dir.path(), &["-f", format, "."]);
        assert_eq!(code, 1, "{format}: {out}");
        assert_no_raw_controls(format, &out);
        assert!(!out.contains("\n::warning::"), "{format}: {out}");
    }
    // with colour on, sma's own colour codes are the only ESCs
    for format in ["pretty", "concise"] {
        let (_, out) = lint_in(dir.path(), &["--color", "always", "-f", format, "."]);
        if format == "pretty" {
            assert!(out.contains('\u{1b}'), "colour is on: {out}");
        }
        assert_no_raw_controls(format, &common::strip_colour(&out));
    }
}

#[test]
fn hostile_names_and_messages_are_shown_escaped() {
    let dir = hostile_dir();
    let shown_name = r"./evil\u{1b}[31m\u{7}\r\u{9b}2J\n::warning::x";
    // concise: one line per finding, the name and the quoted values escaped
    let (_, out) = lint_in(dir.path(), &["-f", "concise", "."]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "3 findings and the summary: {out}");
    for line in &lines[..3] {
        assert!(line.starts_with(shown_name), "{line}");
    }
    assert!(
        out.contains(r"unknown action type `Hangup\u{1b}[2J\u{7}\r\u{9b}\n::warning::x`"),
        "{out}"
    );
    assert!(
        out.contains(r"unknown key `\u{1b}]0;title\u{7}\n::error::y`"),
        "{out}"
    );

    // github: one command per finding; `:` and `,` in the file property percent-encoded
    let (_, out) = lint_in(dir.path(), &["-f", "github", "."]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for line in &lines {
        assert!(
            line.starts_with(r"::error file=evil\u{1b}[31m\u{7}\r\u{9b}2J\n%3A%3Awarning%3A%3Ax")
                || line.starts_with(
                    r"::warning file=evil\u{1b}[31m\u{7}\r\u{9b}2J\n%3A%3Awarning%3A%3Ax"
                ),
            "{line}"
        );
        // the property list ends at the first `::` after the command
        let props = &line[2..];
        let end = props.find("::").unwrap();
        assert!(props[end..].starts_with("::"));
        assert!(!props[..end].contains("::"), "{line}");
    }

    // pretty: the header names the file escaped, the raw line is escaped and the label still
    // points at the character it marks (the ESC, shown as `\u{1b}`)
    let (_, out) = lint_in(dir.path(), &["-f", "pretty", "."]);
    assert!(
        out.contains(&format!("[{shown_name}-raw.json:2:14]")),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(r#""Actions": [\u{1b}[2J\u{7}\r\u{9b}31m"#))
        .unwrap_or_else(|| panic!("escaped line not found: {out}"));
    let column = |line: &str, pat: &str| line[..line.find(pat).unwrap()].chars().count();
    assert_eq!(
        column(lines[at], r"\u{1b}"),
        column(lines[at + 1], "─"),
        "the underline starts under the escape:\n{}\n{}",
        lines[at],
        lines[at + 1]
    );
    assert!(lines[at + 2].contains("here"), "{out}");
    // the next line was not split at the CR: it is line 3
    assert!(
        lines[at + 3].trim_start().starts_with("3 │ ::warning::z]}"),
        "{out}"
    );

    // JSON and SARIF carry the real name (JSON escapes decode to it)
    let (_, out) = lint_in(dir.path(), &["-f", "json", "."]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&format!("./{HOSTILE_NAME}.json").as_str()),
        "{paths:?}"
    );
    let (_, out) = lint_in(dir.path(), &["-f", "sarif", "."]);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
}

#[test]
fn a_binary_file_is_summarised_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.json"), b"\x00\x01\xff").unwrap();
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend((0..=255u8).cycle().take(400));
    std::fs::write(dir.path().join("elf.json"), &elf).unwrap();
    let (code, out) = lint_in(dir.path(), &["-f", "pretty", "b.json", "elf.json"]);
    assert_eq!(code, 1);
    assert_no_raw_controls("pretty", &out);
    assert!(out.contains("[b.json:1:3]"), "{out}");
    assert!(out.contains("binary file (3 bytes), not shown"), "{out}");
    assert!(out.contains("binary file (408 bytes), not shown"), "{out}");
    assert!(!out.contains("ELF"), "{out}");
    for format in ["concise", "github", "json", "sarif"] {
        let (_, out) = lint_in(dir.path(), &["-f", format, "b.json", "elf.json"]);
        assert_no_raw_controls(format, &out);
    }
}

#[test]
fn sarif_fingerprints_number_identical_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dup.json"),
        r#"{"SchemaVersion": "1.0", "Actions": [], "a": 1, "a": 2, "a": 3}"#,
    )
    .unwrap();
    let (_, out) = lint_in(dir.path(), &["-f", "sarif", "."]);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let prints: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["partialFingerprints"]["smaFinding/v1"].as_str().unwrap(),
            )
        })
        .collect();
    let dups: Vec<&str> = prints
        .iter()
        .filter(|p| p.0 == "SMA006")
        .map(|p| p.1)
        .collect();
    assert_eq!(dups.len(), 2, "{prints:?}");
    assert_ne!(dups[0], dups[1]);
    // the fingerprint is the documented hash of (path, rule, pointer, n)
    assert_eq!(
        dups,
        [
            sma::emit::sarif_fingerprint("dup.json", "SMA006", "/a", 0),
            sma::emit::sarif_fingerprint("dup.json", "SMA006", "/a", 1),
        ]
    );
    // and it holds still when the finding moves
    std::fs::write(
        dir.path().join("dup.json"),
        "\n\n{\"SchemaVersion\": \"1.0\", \"Actions\": [],\n \"a\": 1, \"a\": 2, \"a\": 3}",
    )
    .unwrap();
    let (_, moved) = lint_in(dir.path(), &["-f", "sarif", "."]);
    let moved: Value = serde_json::from_str(&moved).unwrap();
    assert_eq!(
        moved["runs"][0]["results"][0]["partialFingerprints"],
        results[0]["partialFingerprints"]
    );
}

#[test]
fn annotation_paths_follow_github_workspace_then_the_git_root() {
    let top = tempfile::tempdir().unwrap();
    std::fs::create_dir(top.path().join(".git")).unwrap();
    let sub = top.path().join("svc");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("sma.toml"), "").unwrap();
    std::fs::write(
        sub.join("h.json"),
        r#"{"SchemaVersion": "1.0", "Actions": [{}]}"#,
    )
    .unwrap();
    let run = |format: &str, workspace: Option<&Path>| {
        let mut cmd = sma();
        cmd.current_dir(&sub).env_remove("GITHUB_WORKSPACE");
        if let Some(w) = workspace {
            cmd.env("GITHUB_WORKSPACE", w);
        }
        let out = cmd.args(["lint", "-f", format, "h.json"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let uri = |sarif: &str| {
        let log: Value = serde_json::from_str(sarif).unwrap();
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // without GITHUB_WORKSPACE: the git root, not the directory of sma.toml
    assert!(run("github", None).contains("file=svc/h.json,"));
    assert_eq!(uri(&run("sarif", None)), "svc/h.json");
    // GITHUB_WORKSPACE wins
    assert!(run("github", Some(&sub)).contains("file=h.json,"));
    assert_eq!(uri(&run("sarif", Some(&sub))), "h.json");
    assert_eq!(uri(&run("sarif", Some(top.path()))), "svc/h.json");
    // no git: the working directory
    std::fs::remove_dir(top.path().join(".git")).unwrap();
    assert_eq!(uri(&run("sarif", None)), "h.json");
}

#[test]
fn check_bucket_text_shows_input_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.json"),
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A\u001b[2J\u0007\u009b", "Effect": "Allow", "Principal": {"Service": "voiceconnector.chime.amazonaws.com"}, "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::bkt/*"}]}"#,
    )
    .unwrap();
    let out = sma()
        .current_dir(dir.path())
        .args([
            "check-bucket",
            "--policy-file",
            "policy.json",
            "--bucket",
            "bkt",
        ])
        .args(["--prefix", "p\u{1b}[31m\u{7}\u{9b}/"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_no_raw_controls("check-bucket", &stdout);
    assert!(
        stdout.contains(r"on arn:aws:s3:::bkt/p\u{1b}[31m\u{7}\u{9b}/*"),
        "{stdout}"
    );
    assert!(stdout.contains(r"(#0 (A\u{1b}[2J\u{7}\u{9b}))"), "{stdout}");
}

/// check-bucket's findings go through the same emitters: concise, GitHub annotations and a
/// SARIF log valid against the same schema as lint's, to stdout or to FILE.
#[test]
fn check_bucket_speaks_every_format() {
    let policy = root().join("tests/policy-cases/07-deny-all-putobject.json");
    let policy = policy.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = sma()
            .current_dir(dir.path())
            .env_remove("GITHUB_WORKSPACE")
            .args([
                "check-bucket",
                "--bucket",
                "sma-recordings-example",
                "--policy-file",
                policy,
            ])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (code, concise) = run(&["-f", "concise"]);
    assert_eq!(code, 1, "{concise}");
    assert!(
        concise
            .lines()
            .any(|l| l.contains("07-deny-all-putobject.json:") && l.contains("error[SMA310]")),
        "{concise}"
    );
    let (_, github) = run(&["-f", "github"]);
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=") && l.contains("SMA310")),
        "{github}"
    );
    let (code, sarif) = run(&["-f", "sarif", "-f", "json:report.json"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SMA310"), "{log:#}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["verdict"], "denied");
    // two stdout formats are refused
    let (code, _) = run(&["-f", "sarif", "-f", "concise"]);
    assert_eq!(code, 2);

    // --from-actions: one SARIF run, results for each destination
    let action = |prefix: &str| {
        format!(
            r##"{{"Type": "RecordAudio", "Parameters": {{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "sma-recordings-example", "Prefix": "{prefix}"}}}}}}"##
        )
    };
    std::fs::write(
        dir.path().join("handler.json"),
        format!(
            r#"{{"SchemaVersion": "1.0", "Actions": [{}, {}]}}"#,
            action("a/"),
            action("b/")
        ),
    )
    .unwrap();
    let out = sma()
        .current_dir(dir.path())
        .env_remove("GITHUB_WORKSPACE")
        .args([
            "check-bucket",
            "--from-actions",
            "handler.json",
            "--policy-file",
            policy,
        ])
        .args(["-f", "sarif:bucket.sarif", "-f", "pretty"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("bucket.sarif")).unwrap())
            .unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let denied = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "SMA310")
        .count();
    assert_eq!(denied, 2, "{log:#}");
    let pretty = String::from_utf8_lossy(&out.stdout);
    assert!(
        pretty.contains("s3://sma-recordings-example/a/")
            && pretty.contains("s3://sma-recordings-example/b/")
    );
}
