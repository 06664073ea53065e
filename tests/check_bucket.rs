//! `sma check-bucket` with `--policy-file`: verdicts, exit codes, JSON report, --fix.
mod common;

use common::{policy_cases, sma};
use predicates::prelude::*;

const ARN: &str = "arn:aws:chime:us-east-1:111122223333:sma/0a1b2c3d-1111-2222-3333-444455556666";

fn case(name: &str) -> String {
    policy_cases().join(name).display().to_string()
}

fn json_of(args: &[&str]) -> (i32, serde_json::Value) {
    let out = sma()
        .args(["check-bucket", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

/// Every reference case (`tests/policy-cases/`) through the CLI, with the flags its row gives;
/// exit code follows the verdict.
#[test]
fn every_reference_case_through_the_cli() {
    let tsv = std::fs::read_to_string(policy_cases().join("expected.tsv")).unwrap();
    let mut failures = Vec::new();
    for line in tsv.lines().skip(1).filter(|l| !l.is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let (file, expected, bucket, prefix, account, arn) = (c[0], c[1], c[2], c[3], c[5], c[6]);
        // TLS is assumed by default (AWS services call S3 over TLS): 37 and 38 are granted.
        let expected = match file {
            f if f.starts_with("37-") || f.starts_with("38-") => "granted".to_string(),
            _ => match expected {
                "granted" => "granted",
                "not granted" => "not-granted",
                "denied explicitly" => "denied",
                "granted only under conditions" => "conditional",
                other => panic!("unknown verdict {other:?} in expected.tsv"),
            }
            .to_string(),
        };
        let policy = case(file);
        let mut args = vec![
            "--bucket",
            bucket,
            "--policy-file",
            &policy,
            "--prefix",
            prefix,
        ];
        if !account.is_empty() {
            args.extend(["--account", account]);
        }
        if !arn.is_empty() {
            args.extend(["--sma-arn", arn]);
        }
        let (code, report) = json_of(&args);
        let verdict = report["verdict"].as_str().unwrap_or_default().to_string();
        let want_code = if expected == "granted" { 0 } else { 1 };
        if verdict != expected || code != want_code {
            failures.push(format!(
                "{file}: expected {expected}/{want_code}, got {verdict}/{code}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_report_has_the_documented_shape() {
    let (code, r) = json_of(&[
        "--bucket",
        "sma-recordings-example",
        "--policy-file",
        &case("49-deny-putobjectacl-only.json"),
        "--sma-arn",
        ARN,
    ]);
    assert_eq!(code, 1);
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "version",
            "bucket",
            "prefix",
            "verdict",
            "actions",
            "assumptions",
            "unknown_keys",
            "warnings",
            "need",
            "exact_key",
            "policy_resource"
        ]
    );
    assert_eq!(r["need"], "write");
    assert_eq!(r["exact_key"], false);
    assert_eq!(r["policy_resource"], serde_json::Value::Null);
    assert_eq!(r["version"], 1);
    assert_eq!(r["verdict"], "denied");
    assert_eq!(r["actions"]["s3:PutObject"]["verdict"], "granted");
    assert_eq!(r["actions"]["s3:PutObjectAcl"]["verdict"], "denied");
    let st = &r["actions"]["s3:PutObjectAcl"]["statements"][0];
    assert_eq!(st["effect"], "Deny");
    assert!(st["index"].is_u64());
}

#[test]
fn conditional_without_account_names_the_deciding_flag() {
    let policy = case("02-docs-sourceaccount.json");
    let args = [
        "--bucket",
        "sma-recordings-example",
        "--policy-file",
        policy.as_str(),
    ];
    let (code, r) = json_of(&args);
    assert_eq!((code, r["verdict"].as_str()), (1, Some("conditional")));
    assert_eq!(r["unknown_keys"], serde_json::json!(["aws:SourceAccount"]));
    sma()
        .arg("check-bucket")
        .args(args)
        .args(["--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--account"))
        .stdout(predicate::str::contains("verdict: conditional"));
    sma()
        .arg("check-bucket")
        .args(args)
        .arg("--allow-conditional")
        .assert()
        .code(0);
}

#[test]
fn tls_assumption_is_printed_and_can_be_dropped() {
    let policy = case("38-deny-insecure-transport.json");
    let base = [
        "--bucket",
        "sma-recordings-example",
        "--policy-file",
        policy.as_str(),
        "--sma-arn",
        ARN,
    ];
    let (code, r) = json_of(&base);
    assert_eq!((code, r["verdict"].as_str()), (0, Some("granted")));
    assert!(r["assumptions"].to_string().contains("SecureTransport"));
    let mut args = base.to_vec();
    args.push("--no-assume-tls");
    let (code, r) = json_of(&args);
    assert_eq!((code, r["verdict"].as_str()), (1, Some("conditional")));
}

/// The TLS hints name the flag that exists: `--no-assume-tls`.
#[test]
fn tls_hints_name_the_no_assume_tls_flag() {
    let policy = case("38-deny-insecure-transport.json");
    let base = [
        "check-bucket",
        "--bucket",
        "sma-recordings-example",
        "--policy-file",
        policy.as_str(),
        "--sma-arn",
        ARN,
    ];
    let out = sma().args(base).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("assumption: aws:SecureTransport is assumed true (the service calls S3 over TLS); --no-assume-tls leaves it unknown"),
        "{text}"
    );
    let out = sma().args(base).arg("--no-assume-tls").output().unwrap();
    // the pretty report wraps at 100 columns: read it as one line of words
    let text = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
        .replace("--no- assume-tls", "--no-assume-tls");
    assert!(
        text.contains("help: leave out --no-assume-tls to take aws:SecureTransport as true"),
        "{text}"
    );
    assert!(text.contains("(decided by --no-assume-tls)"), "{text}");
    for out in [&text, &json_of(&base[1..]).1.to_string()] {
        assert!(
            !out.contains("assume_tls") && !out.contains(" --assume-tls"),
            "{out}"
        );
    }
}

#[test]
fn fix_adds_a_statement_that_grants() {
    let dir = tempfile::tempdir().unwrap();
    let out = sma()
        .args([
            "check-bucket",
            "--bucket",
            "sma-recordings-example",
            "--prefix",
            "recordings/",
        ])
        .args([
            "--policy-file",
            &case("22-wrong-prefix.json"),
            "--sma-arn",
            ARN,
            "--fix",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let fixed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case("22-wrong-prefix.json")).unwrap())
            .unwrap();
    let n = original["Statement"].as_array().map_or(1, Vec::len);
    assert_eq!(fixed["Statement"].as_array().unwrap().len(), n + 1);
    assert_eq!(
        fixed["Statement"][0], original["Statement"][0],
        "existing statements kept"
    );
    assert_eq!(
        fixed["Statement"][n]["Condition"]["StringEquals"]["aws:SourceArn"],
        ARN
    );
    let path = dir.path().join("fixed.json");
    std::fs::write(&path, &out.stdout).unwrap();
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "sma-recordings-example",
            "--prefix",
            "recordings/",
        ])
        .arg("--policy-file")
        .arg(&path)
        .args(["--sma-arn", ARN])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verdict: granted"));
}

#[test]
fn fix_does_not_edit_around_a_deny() {
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "sma-recordings-example",
            "--sma-arn",
            ARN,
            "--fix",
        ])
        .args(["--policy-file", &case("07-deny-all-putobject.json")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not adding a statement"))
        .stderr(predicate::str::contains("DenyPut"));
}

#[test]
fn invalid_policies_and_flags_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#).unwrap();
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "b-1",
            "--color",
            "never",
            "--policy-file",
        ])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SMA313"))
        .stderr(predicate::str::contains("Effect"));
    std::fs::write(&bad, "{ not json").unwrap();
    sma()
        .args(["check-bucket", "--bucket", "b-1", "--policy-file"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SMA001"));
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "b-1",
            "--policy-file",
            "missing.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
    let ok = case("01-docs-recordaudio-example.json");
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "b-1",
            "--policy-file",
            &ok,
            "--sma-arn",
            "arn:aws:s3:::x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--sma-arn"));
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "b-1",
            "--policy-file",
            &ok,
            "--account",
            "12ab",
        ])
        .assert()
        .code(2);
}

#[test]
fn pretty_points_at_the_deciding_statement() {
    let out = sma()
        .args([
            "check-bucket",
            "--bucket",
            "sma-recordings-example",
            "--color",
            "never",
        ])
        .args([
            "--sma-arn",
            ARN,
            "--policy-file",
            &case("49-deny-putobjectacl-only.json"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.replace(&case(""), "<cases>/");
    insta::assert_snapshot!("check_bucket_deny_acl", text);
}

#[test]
fn duplicate_keys_in_a_policy_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dup.json");
    std::fs::write(&p, r#"{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "voiceconnector.chime.amazonaws.com"}, "Action": ["s3:PutObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::b-1/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}"#).unwrap();
    let (code, r) = json_of(&[
        "--bucket",
        "b-1",
        "--account",
        "111122223333",
        "--policy-file",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(r["warnings"].to_string().contains("SMA006"), "{r}");
}

/// An empty policy file (or one of only whitespace) is told apart from bad JSON: the message is
/// about the bucket policy it should hold. Exit 2, nothing on stdout.
#[test]
fn an_empty_policy_file_gets_a_policy_message() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, what) in [
        ("p.json", "", "is empty"),
        ("w.json", "  \n\t\r\n", "holds only whitespace"),
        ("bom.json", "\u{feff}\n", "holds only whitespace"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let shown = path.display().to_string();
        for format in ["pretty", "json"] {
            let out = sma()
                .args(["check-bucket", "--bucket", "b-1", "--format", format])
                .args(["--policy-file", &shown])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{name}");
            assert!(out.stdout.is_empty(), "{name}");
            assert_eq!(
                String::from_utf8(out.stderr).unwrap(),
                format!(
                    "error: `{shown}` {what}: expected a bucket policy `{{\"Version\": \"2012-10-17\", \"Statement\": [...]}}`\n"
                ),
                "{name}"
            );
        }
    }
}

/// A RecordAudio action writing to `bucket` under `prefix`.
fn record_audio(bucket: &str, prefix: &str) -> String {
    format!(
        r##"{{"Type": "RecordAudio", "Parameters": {{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "{bucket}", "Prefix": "{prefix}"}}}}}}"##
    )
}

/// A handler response holding `actions`.
fn response(actions: &[String]) -> String {
    format!(
        r#"{{"SchemaVersion": "1.0", "Actions": [{}]}}"#,
        actions.join(", ")
    )
}

/// `--policy-file -` reads stdin and `file://PATH` reads PATH, as the aws CLI takes
/// `--policy file://...`; stdin is capped at 1 MiB as a policy file is.
#[test]
fn policy_file_reads_stdin_and_file_urls() {
    let policy = case("03-docs-sourceaccount-sourcearn.json");
    let text = std::fs::read_to_string(&policy).unwrap();
    let base = ["check-bucket", "--bucket", "sma-recordings-example"];
    let base = [&base[..], &["--sma-arn", ARN, "--format", "json"]].concat();
    let out = sma()
        .args(&base)
        .args(["--policy-file", "-"])
        .write_stdin(text.as_bytes())
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(
        (out.status.code(), r["verdict"].as_str()),
        (Some(0), Some("granted"))
    );
    let out = sma()
        .args(&base)
        .args(["--policy-file", &format!("file://{policy}")])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(
        (out.status.code(), r["verdict"].as_str()),
        (Some(0), Some("granted"))
    );
    // a relative file:// path, and one under the home directory (`~/`, as the aws CLI expands it)
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("p.json"), &text).unwrap();
    for arg in ["file://p.json", "file://~/p.json"] {
        sma()
            .current_dir(home.path())
            .env("HOME", home.path())
            .args(&base)
            .args(["--policy-file", arg])
            .assert()
            .code(0);
    }
    // a missing file is named without the scheme; `file://` alone names nothing
    sma()
        .args(&base)
        .args(["--policy-file", "file://no-such-policy.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: could not read `no-such-policy.json`: ",
        ));
    sma()
        .args(&base)
        .args(["--policy-file", "file://"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names no file"));
    // stdin past the policy cap is refused, and an endless one stops there
    let big = format!("{text}{}", " ".repeat(1024 * 1024));
    sma()
        .args(&base)
        .args(["--policy-file", "-"])
        .write_stdin(big.as_bytes())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "could not read the policy from stdin: larger than 1 MiB",
        ));
    sma()
        .args(&base)
        .args(["--policy-file", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`<stdin>` is empty"));
}

/// The raw output of `aws s3api get-bucket-policy` is unwrapped: the verdict is the policy's,
/// and findings point into the policy text, reported as its own source `FILE (Policy)`.
#[test]
fn get_bucket_policy_output_is_unwrapped() {
    let dir = tempfile::tempdir().unwrap();
    let policy = case("01-docs-recordaudio-example.json");
    let text = std::fs::read_to_string(&policy).unwrap();
    let wrapped = dir.path().join("get-bucket-policy.json");
    // as `aws s3api get-bucket-policy --bucket B` prints it (4-space indent)
    std::fs::write(
        &wrapped,
        format!(
            "{{\n    \"Policy\": {}\n}}\n",
            serde_json::to_string(&text).unwrap()
        ),
    )
    .unwrap();
    let shown = wrapped.display().to_string();
    let args = ["check-bucket", "--bucket", "sma-recordings-example"];
    let args = [
        &args[..],
        &["--account", "111122223333", "--color", "never"],
    ]
    .concat();
    let direct = sma()
        .args(&args)
        .args(["--policy-file", &policy, "--format", "json"])
        .output()
        .unwrap();
    for (name, input) in [
        (shown.clone(), None),
        ("<stdin>".to_string(), Some(&wrapped)),
    ] {
        let mut c = sma();
        c.args(&args).args(["--policy-file"]);
        match input {
            None => c.arg(&wrapped),
            Some(path) => c.arg("-").write_stdin(std::fs::read(path).unwrap()),
        };
        let out = c.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("verdict: granted"), "{stdout}");
        // SMA302 points at the statement's Sid: line 5, column 14 of the policy text
        assert!(
            stdout.contains(&format!("[{name} (Policy):5:14]")),
            "{stdout}"
        );
        let mut c = sma();
        c.args(&args).args(["--format", "json", "--policy-file"]);
        match input {
            None => c.arg(&wrapped),
            Some(path) => c.arg("-").write_stdin(std::fs::read(path).unwrap()),
        };
        assert_eq!(
            c.output().unwrap().stdout,
            direct.stdout,
            "same report as the policy itself"
        );
    }
    // --fix prints the policy itself, ready for `put-bucket-policy --policy file://...`
    let out = sma()
        .args([
            "check-bucket",
            "--bucket",
            "other-bucket",
            "--fix",
            "--policy-file",
        ])
        .arg(&wrapped)
        .output()
        .unwrap();
    let fixed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        fixed.get("Policy").is_none() && fixed["Statement"].is_array(),
        "{fixed}"
    );
    // an empty Policy member is named as such; a broken one points into the policy text
    std::fs::write(&wrapped, r#"{"Policy": ""}"#).unwrap();
    sma()
        .args(&args)
        .arg("--policy-file")
        .arg(&wrapped)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "`{shown} (Policy)` is empty"
        )));
    std::fs::write(
        &wrapped,
        r#"{"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [}"}"#,
    )
    .unwrap();
    sma()
        .args(&args)
        .arg("--policy-file")
        .arg(&wrapped)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("[{shown} (Policy):1:41]")))
        .stderr(predicate::str::contains("SMA001"));
}

/// `--from-actions DIR` walks DIR for `*.json` as `sma lint` does; files that are not SMA
/// documents (package.json) and skipped directories (node_modules) are not read.
#[test]
fn from_actions_walks_directories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("handlers/sub")).unwrap();
    std::fs::create_dir_all(d.join("node_modules/dep")).unwrap();
    std::fs::write(
        d.join("handlers/a.json"),
        response(&[record_audio("sma-recordings-example", "vm/")]),
    )
    .unwrap();
    std::fs::write(
        d.join("handlers/sub/b.json"),
        format!("[{}]", record_audio("sma-recordings-example", "calls/")),
    )
    .unwrap();
    std::fs::write(
        d.join("handlers/package.json"),
        r#"{"name": "h", "version": "1.0.0"}"#,
    )
    .unwrap();
    std::fs::write(d.join("handlers/notes.txt"), "not JSON").unwrap();
    std::fs::write(
        d.join("node_modules/dep/x.json"),
        format!("[{}]", record_audio("someone-elses", "")),
    )
    .unwrap();
    let out = sma()
        .current_dir(d)
        .args([
            "check-bucket",
            "--from-actions",
            "handlers",
            "-v",
            "--sma-arn",
            ARN,
        ])
        .args([
            "--policy-file",
            &case("03-docs-sourceaccount-sourcearn.json"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "granted      s3://sma-recordings-example/vm/\ngranted      s3://sma-recordings-example/calls/\n"
    );
    assert!(
        stderr.contains("skipped `handlers/package.json`: not an SMA document"),
        "{stderr}"
    );
    // a named file must be a handler output; a directory without one says what it looked for
    sma()
        .current_dir(d)
        .args(["check-bucket", "--from-actions", "handlers/package.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a handler response"));
    // `-` reads the actions from stdin; stdin can be read once, not for the policy too
    sma()
        .args(["check-bucket", "--from-actions", "-", "--sma-arn", ARN])
        .args([
            "--policy-file",
            &case("03-docs-sourceaccount-sourcearn.json"),
        ])
        .write_stdin(response(&[record_audio("sma-recordings-example", "in/")]))
        .assert()
        .code(0)
        .stdout("granted      s3://sma-recordings-example/in/\n");
    sma()
        .args(["check-bucket", "--policy-file", "-", "--from-actions", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin can be read only once"));
    std::fs::create_dir(d.join("empty")).unwrap();
    sma()
        .current_dir(d)
        .args(["check-bucket", "--from-actions", "empty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no handler output found"));
}

/// A bucket name that no bucket can have (a `{{bucket-name}}` placeholder, an empty name) is
/// reported with the file and position it came from, exits 2, and is never sent to S3: the
/// endpoint here is a listener that must see no connection.
#[test]
fn from_actions_never_sends_an_invalid_bucket_name() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fixture.json");
    std::fs::write(
        &file,
        response(&[record_audio("{{bucket-name}}", "vm/"), record_audio("", "")]),
    )
    .unwrap();
    let shown = file.display().to_string();
    for format in ["pretty", "json"] {
        let home = tempfile::tempdir().unwrap();
        let out = sma()
            .env("HOME", home.path())
            .env("AWS_ACCESS_KEY_ID", "AKIASMATESTKEY000001")
            .env("AWS_SECRET_ACCESS_KEY", "sma-test-secret")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.path().join("none"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
            .args(["check-bucket", "--color", "never", "--timeout", "5"])
            .args([
                "--format",
                format,
                "--endpoint-url",
                &endpoint,
                "--from-actions",
            ])
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
        assert!(
            matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "a request reached the endpoint: {stderr}"
        );
        assert!(stderr.contains("SMA205"), "{stderr}");
        assert!(
            stderr.contains(&format!("[{shown}:1:")),
            "the place it is written: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "error: s3://{{{{bucket-name}}}}/vm/: `{{{{bucket-name}}}}` is not a valid bucket name (in `{shown}`); not sent to S3"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("error: s3:///: `` is not a valid bucket name"),
            "{stderr}"
        );
        match format {
            "pretty" => assert_eq!(
                stdout,
                "error        s3://{{bucket-name}}/vm/\nerror        s3:///\n"
            ),
            // stdout holds only JSON reports, one a line: none here
            _ => assert_eq!(stdout, ""),
        }
    }
    // checked offline too: the valid destination gets its verdict, the run still exits 2
    std::fs::write(
        &file,
        response(&[
            record_audio("sma-recordings-example", "vm/"),
            record_audio("{{bucket-name}}", "vm/"),
        ]),
    )
    .unwrap();
    let out = sma()
        .args(["check-bucket", "--sma-arn", ARN, "--from-actions"])
        .arg(&file)
        .args([
            "--policy-file",
            &case("03-docs-sourceaccount-sourcearn.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "granted      s3://sma-recordings-example/vm/\nerror        s3://{{bucket-name}}/vm/\n"
    );
}

/// Under each bucket's line, the warnings about its policy (SMA30x), with where they are.
#[test]
fn from_actions_prints_each_buckets_warnings_under_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    std::fs::write(
        &file,
        response(&[record_audio("sma-recordings-example", "vm/")]),
    )
    .unwrap();
    let policy = case("01-docs-recordaudio-example.json");
    let out = sma()
        .args([
            "check-bucket",
            "--account",
            "111122223333",
            "--from-actions",
        ])
        .arg(&file)
        .args(["--policy-file", &policy])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0], "granted      s3://sma-recordings-example/vm/",
        "{stdout}"
    );
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[1].starts_with("  warning[SMA302]: ")
            && lines[1].ends_with(&format!(" ({policy}:5:14)")),
        "{stdout}"
    );
}

/// One policy is one bucket's: `--policy-file` is refused when the actions name several
/// buckets (exit 2, nothing checked), and accepted for several prefixes of one bucket.
#[test]
fn from_actions_refuses_one_policy_for_several_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(
        &a,
        response(&[record_audio("sma-recordings-example", "vm/")]),
    )
    .unwrap();
    std::fs::write(&b, format!("[{}]", record_audio("another-bucket", ""))).unwrap();
    let policy = case("03-docs-sourceaccount-sourcearn.json");
    let out = sma()
        .args([
            "check-bucket",
            "--sma-arn",
            ARN,
            "--policy-file",
            &policy,
            "--from-actions",
        ])
        .args([&a, &b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing checked");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error: --policy-file holds one bucket's policy, but the actions name 2 buckets: `sma-recordings-example` (in `{}`), `another-bucket` (in `{}`); one policy cannot be checked against several buckets",
            a.display(),
            b.display()
        )),
        "{stderr}"
    );
    std::fs::write(
        &b,
        format!("[{}]", record_audio("sma-recordings-example", "calls/")),
    )
    .unwrap();
    sma()
        .args(["check-bucket", "--sma-arn", ARN, "--policy-file", &policy, "--from-actions"])
        .args([&a, &b])
        .assert()
        .code(0)
        .stdout("granted      s3://sma-recordings-example/vm/\ngranted      s3://sma-recordings-example/calls/\n");
}

/// A RecordAudio whose destination names no bucket (no `RecordingDestination`, a `BucketName`
/// that is not a string) is not passed over in silence: it is named at its line and column,
/// and the run stops with exit 2 before checking anything.
#[test]
fn from_actions_reports_a_record_audio_without_a_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let text = format!(
        "[{},\n {{\"Type\": \"RecordAudio\", \"Parameters\": {{\"RecordingDestination\": {{\"Type\": \"S3\", \"BucketName\": 5}}}}}}]",
        record_audio("sma-recordings-example", "vm/")
    );
    std::fs::write(&file, text).unwrap();
    let out = sma()
        .args(["check-bucket", "--sma-arn", ARN, "--from-actions"])
        .arg(&file)
        .args([
            "--policy-file",
            &case("03-docs-sourceaccount-sourcearn.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing checked");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}:2:80: this RecordAudio has no `RecordingDestination.BucketName` string, so no bucket can be checked for it (see `sma lint {}`)\n",
            file.display(),
            file.display()
        )
    );
}

#[test]
fn a_placeholder_bucket_name_is_never_sent_to_s3() {
    sma()
        .args(["check-bucket", "--bucket", "{{bucket-name}}"])
        .args(["--endpoint-url", "http://127.0.0.1:9", "--timeout", "2"])
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_REGION", "us-east-1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--bucket `{{bucket-name}}` is not a valid bucket name",
        ))
        .stderr(predicate::str::contains("not sent to S3"));
    // a name only a legacy us-east-1 bucket can have is still checked
    sma()
        .args([
            "check-bucket",
            "--bucket",
            "My_Legacy_Bucket",
            "--policy-file",
        ])
        .arg(case("01-docs-recordaudio-example.json"))
        .assert()
        .code(1);
}

#[test]
fn a_report_never_replaces_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::copy(case("07-deny-all-putobject.json"), &policy).unwrap();
    let before = std::fs::read_to_string(&policy).unwrap();
    for arg in ["policy.json", "file://policy.json"] {
        sma()
            .current_dir(dir.path())
            .args([
                "check-bucket",
                "--bucket",
                "sma-recordings-example",
                "--policy-file",
                arg,
            ])
            .args(["-f", "sarif:policy.json"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is the policy of this run"));
    }
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), before);
}
