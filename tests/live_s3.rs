//! `sma check-bucket` reading real buckets through aws-sdk-s3, against moto server on
//! 127.0.0.1 (a real S3 API; see `tests/common/moto.rs`). moto does not evaluate policies or
//! ExpectedBucketOwner; verdicts come from our evaluator, and the owner check is tested at the
//! SDK boundary with a recorded 403 (see `expected_bucket_owner_mismatch`).
mod common;

use std::process::Output;
use std::time::Duration;

use common::moto::{Moto, elapsed_under, xml_value};

const KEY: &str = "AKIASMATESTKEY000001";
const SECRET: &str = "sma-test-SECRET-do-not-print-9f3b";
const ACCOUNT: &str = "123456789012"; // moto's default account

/// Runs sma with credentials in the environment only (no profile files, no IMDS), asserting
/// that no credential ever appears in its output.
fn sma_with(key: &str, secret: &str, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let out = common::sma()
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .args(["check-bucket", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(secret), "secret leaked: {all}");
    assert!(!all.contains("Signature="), "signature leaked: {all}");
    out
}

fn sma(moto: &Moto, args: &[&str]) -> Output {
    let mut full = vec!["--endpoint-url", moto.url.as_str(), "-v"];
    full.extend_from_slice(args);
    sma_with(KEY, SECRET, &full)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn grant(bucket: &str, resource_prefix: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "SMAWrite",
            "Effect": "Allow",
            "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
            "Action": ["s3:PutObject", "s3:PutObjectAcl"],
            "Resource": format!("arn:aws:s3:::{bucket}/{resource_prefix}*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }]
    })
    .to_string()
}

fn bucket(moto: &Moto, name: &str, policy: Option<String>) {
    let c = moto.client();
    moto.block_on(async {
        c.create_bucket().bucket(name).send().await.unwrap();
        if let Some(p) = policy {
            c.put_bucket_policy()
                .bucket(name)
                .policy(p)
                .send()
                .await
                .unwrap();
        }
    });
}

#[test]
fn granted_policy() {
    let moto = Moto::start();
    bucket(&moto, "rec-granted", Some(grant("rec-granted", "")));
    let out = sma(&moto, &["--bucket", "rec-granted", "--account", ACCOUNT]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("verdict: granted"), "{t}");
    assert!(t.contains("ExpectedBucketOwner=123456789012"), "{t}");
    assert!(t.contains("GetBucketPolicy: ok"), "-v shows the calls: {t}");
}

#[test]
fn no_policy_is_not_granted_and_fix_prints_one() {
    let moto = Moto::start();
    bucket(&moto, "rec-none", None);
    let out = sma(&moto, &["--bucket", "rec-none"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("verdict: not-granted") && t.contains("no bucket policy"),
        "{t}"
    );
    assert!(
        t.contains("ownership not verified") && t.contains("--account"),
        "{t}"
    );
    let out = sma(
        &moto,
        &[
            "--bucket",
            "rec-none",
            "--prefix",
            "vm/",
            "--account",
            ACCOUNT,
            "--fix",
        ],
    );
    let policy: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        policy["Statement"][0]["Resource"],
        "arn:aws:s3:::rec-none/vm/*"
    );
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        ACCOUNT
    );
}

#[test]
fn denied_policy() {
    let moto = Moto::start();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        serde_json::from_str::<serde_json::Value>(&grant("rec-deny", "")).unwrap()["Statement"][0].clone(),
        {"Sid": "NoAcl", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObjectAcl", "Resource": "arn:aws:s3:::rec-deny/*"}
    ]});
    bucket(&moto, "rec-deny", Some(policy.to_string()));
    let out = sma(
        &moto,
        &[
            "--bucket",
            "rec-deny",
            "--account",
            ACCOUNT,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "denied");
    assert_eq!(
        r["actions"]["s3:PutObjectAcl"]["statements"][0]["sid"],
        "NoAcl"
    );
}

#[test]
fn policy_granting_another_prefix() {
    let moto = Moto::start();
    bucket(&moto, "rec-prefix", Some(grant("rec-prefix", "voicemail/")));
    let out = sma(
        &moto,
        &[
            "--bucket",
            "rec-prefix",
            "--prefix",
            "recordings/",
            "--account",
            ACCOUNT,
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("verdict: not-granted"), "{t}");
    let out = sma(
        &moto,
        &[
            "--bucket",
            "rec-prefix",
            "--prefix",
            "voicemail/",
            "--account",
            ACCOUNT,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn bucket_owner_enforced_is_information() {
    let moto = Moto::start();
    bucket(&moto, "rec-owner", Some(grant("rec-owner", "")));
    moto.put_owner_enforced("rec-owner");
    let out = sma(&moto, &["--bucket", "rec-owner", "--account", ACCOUNT]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains("info[SMA314]") && t.contains("BucketOwnerEnforced"),
        "{t}"
    );
}

#[test]
fn sse_kms_with_a_customer_key_warns() {
    let moto = Moto::start();
    bucket(&moto, "rec-kms", Some(grant("rec-kms", "")));
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    moto.put_kms_encryption("rec-kms", key);
    let out = sma(
        &moto,
        &[
            "--bucket",
            "rec-kms",
            "--account",
            ACCOUNT,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let w = r["warnings"].to_string();
    assert!(
        w.contains("SMA315") && w.contains(key) && w.contains("kms:GenerateDataKey"),
        "{w}"
    );
}

#[test]
fn missing_bucket() {
    let moto = Moto::start();
    let out = sma(&moto, &["--bucket", "no-such-bucket"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("does not exist"), "{}", text(&out));
}

#[test]
fn access_denied_names_the_missing_permission() {
    let moto = Moto::start();
    bucket(&moto, "rec-locked", Some(grant("rec-locked", "")));
    moto.iam(&[
        ("Action", "CreateUser"),
        ("UserName", "ci"),
        ("Version", "2010-05-08"),
    ]);
    let key_xml = moto.iam(&[
        ("Action", "CreateAccessKey"),
        ("UserName", "ci"),
        ("Version", "2010-05-08"),
    ]);
    let (key, secret) = (
        xml_value(&key_xml, "AccessKeyId"),
        xml_value(&key_xml, "SecretAccessKey"),
    );
    let list_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#;
    moto.iam(&[
        ("Action", "PutUserPolicy"),
        ("UserName", "ci"),
        ("PolicyName", "list-only"),
        ("PolicyDocument", list_only),
        ("Version", "2010-05-08"),
    ]);
    moto.enforce_auth();
    let out = sma_with(
        &key,
        &secret,
        &["--endpoint-url", &moto.url, "--bucket", "rec-locked", "-v"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("access denied") && t.contains("s3:GetBucketPolicy"),
        "{t}"
    );
}

/// Creates IAM user `name` in moto with `policy` and returns its (access key id, secret).
fn iam_user(moto: &Moto, name: &str, policy: &str) -> (String, String) {
    moto.iam(&[
        ("Action", "CreateUser"),
        ("UserName", name),
        ("Version", "2010-05-08"),
    ]);
    let key_xml = moto.iam(&[
        ("Action", "CreateAccessKey"),
        ("UserName", name),
        ("Version", "2010-05-08"),
    ]);
    moto.iam(&[
        ("Action", "PutUserPolicy"),
        ("UserName", name),
        ("PolicyName", "p"),
        ("PolicyDocument", policy),
        ("Version", "2010-05-08"),
    ]);
    (
        xml_value(&key_xml, "AccessKeyId"),
        xml_value(&key_xml, "SecretAccessKey"),
    )
}

/// `--profile` wins over environment credentials, as in the aws CLI. moto checks the keys
/// (auth enforced): the profile's `credential_process` gives the only key moto knows, the
/// environment holds keys moto refuses, so a run that used the environment fails. The script
/// also leaves a marker, and `-v` names the source and the key (partly).
#[cfg(unix)]
#[test]
fn an_explicit_profile_wins_over_environment_credentials() {
    use std::os::unix::fs::PermissionsExt;
    let moto = Moto::start();
    bucket(&moto, "rec-profile", Some(grant("rec-profile", "")));
    let (key, secret) = iam_user(
        &moto,
        "ci",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
    );
    moto.enforce_auth();
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("credential-process-ran");
    let script = dir.path().join("creds.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}'\nprintf '%s' '{{\"Version\":1,\"AccessKeyId\":\"{key}\",\"SecretAccessKey\":\"{secret}\"}}'\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile ci]\ncredential_process = {}\nregion = us-east-1\n",
            script.display()
        ),
    )
    .unwrap();
    let env_key = "AKIAENVIRONMENT00001";
    let env_token = "env-SESSION-token-do-not-print-77aa";
    let run = |profile: Option<&str>| {
        let mut cmd = common::sma();
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("AWS_ACCESS_KEY_ID", env_key)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", env_token)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", &config)
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
            .args(["check-bucket", "--color", "never", "-v"])
            .args(["--endpoint-url", &moto.url, "--bucket", "rec-profile"])
            .args(["--account", ACCOUNT]);
        if let Some(p) = profile {
            cmd.args(["--profile", p]);
        }
        let out = cmd.output().unwrap();
        let t = text(&out);
        for leaked in [SECRET, secret.as_str(), env_token, env_key, key.as_str()] {
            assert!(!t.contains(leaked), "`{leaked}` leaked: {t}");
        }
        (out, t)
    };
    // Without --profile the environment's keys are used, and moto refuses them.
    let (out, t) = run(None);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("S3 refused the credentials"), "{t}");
    assert!(!marker.exists(), "the profile was not consulted: {t}");
    // With --profile the profile's credential_process is the identity.
    let (out, t) = run(Some("ci"));
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("verdict: granted"), "{t}");
    assert!(marker.exists(), "credential_process ran: {t}");
    let hint = format!("{}…{}", &key[..4], &key[key.len() - 4..]);
    assert!(
        t.contains(&format!(
            "sma: credentials: credential_process from profile `ci` (--profile), access key {hint}"
        )),
        "{t}"
    );
}

#[test]
fn no_credentials_says_how_to_provide_them() {
    let home = tempfile::tempdir().unwrap();
    elapsed_under(Duration::from_secs(8), || {
        let out = common::sma()
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", home.path().join("none"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
            .args(["check-bucket", "--bucket", "b-1", "--region", "us-east-1"])
            .args(["--endpoint-url", "http://127.0.0.1:9"])
            .output()
            .unwrap();
        let t = text(&out);
        assert_eq!(out.status.code(), Some(2), "{t}");
        assert!(
            t.contains("no AWS credentials found") && t.contains("AWS_ACCESS_KEY_ID"),
            "{t}"
        );
    });
}

#[test]
fn a_bucket_in_another_region_is_followed() {
    let moto = Moto::start();
    let c = moto.client();
    moto.block_on(async {
        let conf = aws_sdk_s3::types::CreateBucketConfiguration::builder()
            .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
            .build();
        c.create_bucket()
            .bucket("rec-eu")
            .create_bucket_configuration(conf)
            .send()
            .await
            .unwrap();
        c.put_bucket_policy()
            .bucket("rec-eu")
            .policy(grant("rec-eu", ""))
            .send()
            .await
            .unwrap();
    });
    let out = sma(&moto, &["--bucket", "rec-eu", "--account", ACCOUNT]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("eu-west-1"), "{t}");
}

#[test]
fn from_actions_over_two_buckets() {
    let moto = Moto::start();
    bucket(&moto, "rec-one", Some(grant("rec-one", "")));
    bucket(&moto, "rec-two", None);
    let dir = tempfile::tempdir().unwrap();
    let action = |bucket: &str, prefix: &str| {
        format!(
            r##"{{"Type": "RecordAudio", "Parameters": {{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "{bucket}", "Prefix": "{prefix}"}}}}}}"##
        )
    };
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(
        &a,
        format!(
            r#"{{"SchemaVersion": "1.0", "Actions": [{}, {}]}}"#,
            action("rec-one", "vm/"),
            action("rec-one", "vm/")
        ),
    )
    .unwrap();
    std::fs::write(&b, format!("[{}]", action("rec-two", ""))).unwrap();
    let out = sma(
        &moto,
        &[
            "--account",
            ACCOUNT,
            "--from-actions",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one line per distinct pair: {stdout}");
    assert!(
        lines[0].starts_with("granted") && lines[0].contains("s3://rec-one/vm/"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("not-granted") && lines[1].contains("s3://rec-two/"),
        "{stdout}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "worst verdict decides the exit code"
    );
}

/// moto ignores `ExpectedBucketOwner`, so this branch is tested at the SDK boundary: a server
/// on 127.0.0.1 that answers as S3 does for a bucket of another account (403 to any request
/// carrying `x-amz-expected-bucket-owner`, 200 without it).
#[test]
fn expected_bucket_owner_mismatch() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(32) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
            let reply = if req.contains("x-amz-expected-bucket-owner") {
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            } else {
                "HTTP/1.1 200 OK\r\nx-amz-bucket-region: us-east-1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            };
            let _ = s.write_all(reply.as_bytes());
        }
    });
    let out = sma_with(
        KEY,
        SECRET,
        &[
            "--endpoint-url",
            &url,
            "--bucket",
            "theirs",
            "--account",
            ACCOUNT,
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("belongs to another account"), "{t}");
}

/// The audio a PlayAudio reads: s3:GetObject on that key, and the object itself (HeadObject):
/// missing is an error, a content type other than audio/wav a warning.
#[test]
fn from_actions_checks_the_audio_files_it_plays() {
    let moto = Moto::start();
    let read = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "SMARead",
            "Effect": "Allow",
            "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::prompts-live/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }]
    });
    bucket(&moto, "prompts-live", Some(read.to_string()));
    let c = moto.client();
    moto.block_on(async {
        for (key, content_type) in [("ok.wav", "audio/wav"), ("odd.wav", "binary/octet-stream")] {
            c.put_object()
                .bucket("prompts-live")
                .key(key)
                .content_type(content_type)
                .body(b"RIFF....WAVEfmt ".to_vec().into())
                .send()
                .await
                .unwrap();
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("play.json");
    let play = |key: &str| {
        format!(
            r#"{{"Type": "PlayAudio", "Parameters": {{"CallId": "c", "AudioSource": {{"Type": "S3", "BucketName": "prompts-live", "Key": "{key}"}}}}}}"#
        )
    };
    std::fs::write(
        &actions,
        format!(
            "[{}, {}, {}]",
            play("ok.wav"),
            play("odd.wav"),
            play("missing.wav")
        ),
    )
    .unwrap();
    let out = sma(
        &moto,
        &[
            "--account",
            ACCOUNT,
            "--from-actions",
            actions.to_str().unwrap(),
        ],
    );
    let t = text(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("granted      s3://prompts-live/ok.wav (read)"),
        "{stdout}"
    );
    assert_eq!(
        lines[1], "granted      s3://prompts-live/odd.wav (read)",
        "{stdout}"
    );
    assert!(
        lines[2].contains("warning[SMA319]") && lines[2].contains("binary/octet-stream"),
        "{stdout}"
    );
    assert_eq!(
        lines[3], "granted      s3://prompts-live/missing.wav (read)",
        "{stdout}"
    );
    assert!(
        lines[4].contains("error[SMA318]") && lines[4].contains("does not exist"),
        "{stdout}"
    );
    assert!(
        t.contains("HeadObject: not found (404)"),
        "-v shows the call: {t}"
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing audio file fails: {t}"
    );
}

fn key_policy(extra: serde_json::Value) -> String {
    let mut statements = vec![serde_json::json!({
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
        "Action": "kms:*",
        "Resource": "*"
    })];
    if !extra.is_null() {
        statements.push(extra);
    }
    serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn kms_notes(moto: &Moto, bucket_name: &str, policy: &str, bucket_key: bool) -> (i32, String) {
    bucket(moto, bucket_name, Some(grant(bucket_name, "")));
    let key = moto.create_key(policy);
    moto.put_kms_encryption_with(bucket_name, &key, bucket_key);
    let out = sma(moto, &["--bucket", bucket_name, "--account", ACCOUNT]);
    (out.status.code().unwrap(), text(&out))
}

/// SSE-KMS with a customer managed key: the key policy is read (GetKeyPolicy) and evaluated
/// for the request S3 makes to KMS for the service principal.
#[test]
fn the_key_policy_of_an_sse_kms_bucket_is_evaluated() {
    let moto = Moto::start();
    // the default key policy delegates to IAM: a service principal has no IAM policy
    let (code, t) = kms_notes(
        &moto,
        "rec-kms-default",
        &key_policy(serde_json::Value::Null),
        false,
    );
    assert_eq!(code, 1, "{t}");
    assert!(
        t.contains("error[SMA320]")
            && t.contains("`kms:GenerateDataKey`")
            && t.contains("uploads to this bucket fail"),
        "{t}"
    );
    assert!(t.contains("GetKeyPolicy: ok"), "-v shows the calls: {t}");
    assert!(
        t.contains("verdict: granted by the bucket policy, but SMA320 above fails the action"),
        "{t}"
    );

    // a grant to the service through S3 in the bucket's region
    let through_s3 = serde_json::json!({
        "Sid": "ChimeSma",
        "Effect": "Allow",
        "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
        "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
    });
    let (code, t) = kms_notes(&moto, "rec-kms-granted", &key_policy(through_s3), false);
    assert_eq!(code, 0, "{t}");
    assert!(!t.contains("SMA320") && !t.contains("SMA315"), "{t}");

    // pinned to the bucket's ARN: decided with S3 Bucket Keys (the context is the bucket),
    // unknown without (the context is each object's ARN)
    let pinned = serde_json::json!({
        "Effect": "Allow",
        "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
        "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::rec-kms-bk"}}
    });
    let (code, t) = kms_notes(&moto, "rec-kms-bk", &key_policy(pinned.clone()), true);
    assert_eq!(code, 0, "{t}");
    assert!(!t.contains("SMA320") && !t.contains("SMA315"), "{t}");
    let mut other = pinned;
    other["Condition"]["StringEquals"]["kms:EncryptionContext:aws:s3:arn"] =
        "arn:aws:s3:::rec-kms-nobk".into();
    let (code, t) = kms_notes(&moto, "rec-kms-nobk", &key_policy(other), false);
    assert_eq!(code, 0, "conditional is a warning: {t}");
    assert!(
        t.contains("warning[SMA315]") && t.contains("only under conditions"),
        "{t}"
    );
}

/// Credentials that may read the bucket but not the key: the key policy is not verified
/// (SMA315) and the missing permission is named (SMA316); the verdict stands.
#[test]
fn a_key_policy_the_credentials_cannot_read_is_named() {
    let moto = Moto::start();
    bucket(&moto, "rec-kms-locked", Some(grant("rec-kms-locked", "")));
    let key = moto.create_key(&key_policy(serde_json::Value::Null));
    moto.put_kms_encryption("rec-kms-locked", &key);
    let s3_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let (id, secret) = iam_user(&moto, "s3-only", s3_only);
    moto.enforce_auth();
    let out = sma_with(
        &id,
        &secret,
        &[
            "--endpoint-url",
            &moto.url,
            "--bucket",
            "rec-kms-locked",
            "--account",
            ACCOUNT,
            "-v",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains("warning[SMA315]") && t.contains("not verified"),
        "{t}"
    );
    assert!(
        t.contains("warning[SMA316]") && t.contains("`kms:DescribeKey`"),
        "{t}"
    );
}
