//! `sma lint .` in an ordinary handler repository: the walk lints SMA documents only, named
//! files are still judged, symlinks and the default-skipped directories behave as documented.
mod common;

use std::fs;
use std::path::Path;

use common::sma;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lint_in(dir: &Path, args: &[&str]) -> Run {
    let out = sma()
        .current_dir(dir)
        .arg("lint")
        .args(args)
        .output()
        .expect("sma runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const BAD: &str = r#"{"SchemaVersion": "1.0", "Actions": [{"Type": "Pause", "Parameters": {"DurationInMilliseconds": "x"}}]}"#;
const GOOD: &str = r#"{"SchemaVersion": "1.0", "Actions": [{"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}]}"#;

/// A CDK handler repository: npm files, a JSONC tsconfig, cdk.out, node_modules (not in any
/// .gitignore), .vscode, a baseline and saved reports of sma's own, and one handler output with
/// one error.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "package.json",
        r#"{"name": "ivr", "version": "1.0.0", "scripts": {"test": "jest"}}"#,
    );
    write(
        d,
        "package-lock.json",
        r#"{"name": "ivr", "lockfileVersion": 3, "requires": true, "packages": {}}"#,
    );
    write(
        d,
        "tsconfig.json",
        "{\n  // strict mode\n  \"compilerOptions\": {\"strict\": true},\n}\n",
    );
    write(
        d,
        "cdk.out/manifest.json",
        r#"{"version": "36.0.0", "artifacts": {}}"#,
    );
    write(d, "cdk.out/asset.1234/events/response.json", BAD);
    write(
        d,
        "node_modules/some-pkg/package.json",
        r#"{"name": "some-pkg", "main": "index.js"}"#,
    );
    write(d, "node_modules/some-pkg/fixture.json", BAD);
    write(
        d,
        ".vscode/settings.json",
        "{ // editor\n  \"editor.tabSize\": 2 }\n",
    );
    write(d, "handlers/ok.json", GOOD);
    write(d, "handlers/broken.json", BAD);
    // sma's own files, written by sma itself into the repository
    fs::create_dir_all(d.join("reports")).unwrap();
    for args in [
        &["handlers", "--write-baseline", "sma-baseline.json"][..],
        &[
            "handlers",
            "-f",
            "json:reports/sma.json",
            "-f",
            "sarif:reports/sma.sarif.json",
        ],
    ] {
        let run = lint_in(d, args);
        assert!(run.code <= 1, "{}", run.stderr);
    }
    assert!(d.join("sma-baseline.json").is_file() && d.join("reports/sma.json").is_file());
    dir
}

#[test]
fn lint_dot_in_a_real_repository_reports_exactly_the_one_error() {
    let repo = repository();
    let run = lint_in(repo.path(), &[".", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let findings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
        .collect();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert!(
        findings[0].starts_with("./handlers/broken.json:1:") && findings[0].contains("SMA103"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 error in 2 files"), "{}", run.stdout);
    // the skipped files are counted, and -v lists each with its reason
    assert!(
        run.stderr
            .contains("skipped 6 JSON files that are not SMA documents"),
        "{}",
        run.stderr
    );
    let verbose = lint_in(repo.path(), &[".", "--format", "concise", "-v"]);
    for line in [
        "skipped `./package.json`: not an SMA document",
        "skipped `./package-lock.json`: not an SMA document",
        "skipped `./tsconfig.json`: not an SMA document",
        "skipped `./sma-baseline.json`: not an SMA document",
        "skipped `./reports/sma.json`: not an SMA document",
        "skipped `./reports/sma.sarif.json`: not an SMA document",
        "skipped `./cdk.out`: directory not walked by default",
        "skipped `./node_modules`: directory not walked by default",
    ] {
        assert!(verbose.stderr.contains(line), "{line}\n{}", verbose.stderr);
    }
    // and the same with the JSON report: one finding, in the one file
    let json = lint_in(repo.path(), &[".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
}

#[test]
fn named_files_are_judged_unless_only_sma() {
    let repo = repository();
    let run = lint_in(repo.path(), &["package.json", "handlers/ok.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("SMA010"), "{}", run.stdout);
    let run = lint_in(
        repo.path(),
        &[
            "--only-sma",
            "package.json",
            "tsconfig.json",
            "handlers/ok.json",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("no problems in 1 file"),
        "{}",
        run.stdout
    );
    // a directory named explicitly is walked, even one skipped by default
    let run = lint_in(repo.path(), &["cdk.out", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("asset.1234/events/response.json"),
        "{}",
        run.stdout
    );
}

#[test]
fn typoed_envelopes_and_unparseable_sma_files_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "typo.json", r#"{"SchemaVersoin": "1.0", "Actoins": []}"#);
    write(
        d,
        "action.json",
        r#"{"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}"#,
    );
    write(d, "list.json", r#"[{"Type": "Hangup", "Parameters": {}}]"#);
    write(
        d,
        "trailing-comma.json",
        r#"{"SchemaVersion": "1.0", "Actions": [],}"#,
    );
    write(
        d,
        "envelope.json",
        r#"{"statusCode": 200, "body": "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}"}"#,
    );
    write(d, "other.json", r#"{"compilerOptions": {}}"#);
    let run = lint_in(d, &[".", "--format", "concise", "-v"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in ["typo.json", "trailing-comma.json", "envelope.json"] {
        assert!(run.stdout.contains(file), "{file}: {}", run.stdout);
    }
    assert!(
        run.stdout.contains("in 6 files") || run.stdout.contains("in 5 files"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("skipped `./other.json`"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("other.json"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn symlinked_files_are_linted_and_directories_only_with_follow() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "shared/bad.json", BAD);
    write(d, "repo/handlers/ok.json", GOOD);
    symlink(
        d.join("shared/bad.json"),
        d.join("repo/handlers/linked.json"),
    )
    .unwrap();
    symlink(d.join("shared"), d.join("repo/linked-dir")).unwrap();
    // a loop: repo/loop → repo
    symlink(d.join("repo"), d.join("repo/loop")).unwrap();
    let repo = d.join("repo");
    let run = lint_in(&repo, &[".", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("./handlers/linked.json"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("linked-dir"), "{}", run.stdout);
    assert!(run.stdout.contains("in 2 files"), "{}", run.stdout);
    let verbose = lint_in(&repo, &[".", "-v", "--format", "concise"]);
    assert!(
        verbose
            .stderr
            .contains("linked-dir`: symlink to a directory (-L/--follow enters it)"),
        "{}",
        verbose.stderr
    );
    let run = lint_in(&repo, &[".", "-L", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("./linked-dir/bad.json"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("in 3 files"), "{}", run.stdout);
}

#[test]
fn a_missing_input_is_not_followed_by_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["pretty", "concise"] {
        let run = lint_in(dir.path(), &["missing.json", "--format", format]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("`missing.json`: No such file"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("no problems"),
            "{format}: {}",
            run.stdout
        );
    }
    // machine formats still print a valid (empty) report
    let run = lint_in(dir.path(), &["missing.json", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 0);
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // one warning (a duplicate terminator) and one file that is not an SMA document
    write(
        d,
        "h.json",
        r##"{"Type": "RecordAudio", "Parameters": {"RecordingTerminators": ["#", "#"], "RecordingDestination": {"Type": "S3", "BucketName": "valid-bucket"}}}"##,
    );
    write(d, "package.json", r#"{"name": "x"}"#);
    let run = lint_in(d, &[".", "--max-warnings", "0", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("1 warning in 1 file"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: 1 warning, more than --max-warnings 0"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("skipped 1 JSON file that is not an SMA document"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn error_lines_and_skip_lists_escape_control_characters_from_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "x\u{1b}[31m\u{7}.json";
    let run = lint_in(dir.path(), &[evil]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(r"x\u{1b}[31m\u{7}.json"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'));
    write(dir.path(), evil, r#"{"name": "not sma"}"#);
    let run = lint_in(dir.path(), &[".", "-v"]);
    assert!(run.stderr.contains(r"\u{1b}"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

#[test]
fn reports_and_baselines_never_replace_what_the_run_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "handlers/a.json", BAD);
    write(d, "sma.toml", "[rules]\n");
    write(d, "sma-baseline.json", r#"{"version": 1, "findings": []}"#);
    write(
        d,
        "event.json",
        r#"{"SchemaVersion": "1.0", "Sequence": 1, "InvocationEventType": "NEW_INBOUND_CALL", "CallDetails": {"TransactionId": "t", "AwsAccountId": "111122223333", "AwsRegion": "us-east-1", "SipRuleId": "r", "SipMediaApplicationId": "s", "Participants": []}}"#,
    );
    for (args, what) in [
        (
            &["handlers", "-f", "concise", "-f", "sarif:handlers/a.json"][..],
            "holds an SMA document",
        ),
        (
            &["handlers", "--write-baseline", "handlers/a.json"],
            "holds an SMA document",
        ),
        (
            &["handlers/a.json", "-o", "handlers/a.json", "-f", "json"],
            "is an input of this run",
        ),
        (
            &["handlers", "-f", "json:sma.toml"],
            "is the configuration of this run",
        ),
        (
            &[
                "handlers",
                "--baseline",
                "sma-baseline.json",
                "-f",
                "json:sma-baseline.json",
            ],
            "is the baseline of this run",
        ),
        (
            &["handlers", "--event", "event.json", "-f", "json:event.json"],
            "is the event of this run",
        ),
    ] {
        let before: Vec<String> = [
            "handlers/a.json",
            "sma.toml",
            "sma-baseline.json",
            "event.json",
        ]
        .iter()
        .map(|f| fs::read_to_string(d.join(f)).unwrap())
        .collect();
        let run = lint_in(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(what) && run.stderr.contains("nothing was written"),
            "{args:?}: {}",
            run.stderr
        );
        let after: Vec<String> = [
            "handlers/a.json",
            "sma.toml",
            "sma-baseline.json",
            "event.json",
        ]
        .iter()
        .map(|f| fs::read_to_string(d.join(f)).unwrap())
        .collect();
        assert_eq!(before, after, "{args:?} changed a file");
    }
    // a report over an earlier report, and a baseline over the last baseline, are fine
    let run = lint_in(d, &["handlers", "-f", "json:report.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = lint_in(d, &["handlers", "-f", "json:report.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = lint_in(d, &["handlers", "--write-baseline", "sma-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_failed_run_does_not_end_in_no_problems_and_stdin_is_refused_where_it_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.json", GOOD);
    let run = lint_in(
        dir.path(),
        &["ok.json", "--event", "nope.json", "-f", "concise"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("could not read the event `nope.json`"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("no problems"), "{}", run.stdout);
    let run = lint_in(dir.path(), &["ok.json", "--event", "-"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--event takes a file"),
        "{}",
        run.stderr
    );
    let run = lint_in(dir.path(), &["ok.json", "--config", "-"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--config takes a file"),
        "{}",
        run.stderr
    );
}
