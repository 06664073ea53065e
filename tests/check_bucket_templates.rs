//! `sma check-bucket` on CloudFormation / SAM / CDK templates (JSON and YAML), and what the
//! SMA needs in each bucket: `--need`, and the read and write uses `--from-actions` finds.
mod common;

use std::path::PathBuf;

use common::{assert_valid_sarif, root, sma};
use serde_json::Value;

const ACCOUNT: &str = "111122223333";

fn template(name: &str) -> String {
    root()
        .join("tests/templates")
        .join(name)
        .display()
        .to_string()
}

/// Runs check-bucket; returns the exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = sma()
        .env_remove("GITHUB_WORKSPACE")
        .arg("check-bucket")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// One JSON report per line.
fn reports(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn a_template_with_two_bucket_policies_gets_two_verdicts() {
    let yaml = template("two-policies.yaml");
    let (code, out, err) = run(&["--policy-file", &yaml, "--account", ACCOUNT, "-f", "json"]);
    assert_eq!(code, 1, "{err}");
    let r = reports(&out);
    assert_eq!(r.len(), 2, "{out}");
    // !Ref / !Sub ${Bucket.Arn} / !Ref AWS::AccountId resolve: the recordings policy grants
    assert_eq!(r[0]["policy_resource"], "RecordingsBucketPolicy");
    assert_eq!(r[0]["bucket"], "<RecordingsBucket>");
    assert_eq!(r[0]["verdict"], "granted");
    assert_eq!(r[0]["warnings"], serde_json::json!([]));
    // the prompts policy grants reading to a near-miss principal: nothing to write with
    assert_eq!(r[1]["policy_resource"], "PromptsBucketPolicy");
    assert_eq!(r[1]["bucket"], "prompts-111122223333");
    assert_eq!(r[1]["need"], "write");
    assert_eq!(r[1]["verdict"], "not-granted");
    let near = &r[1]["warnings"][0];
    assert_eq!(near["code"], "SMA308");
    assert_eq!(
        near["pointer"],
        "/Resources/PromptsBucketPolicy/Properties/PolicyDocument/Statement/0/Principal/Service"
    );

    // pretty: each policy's findings at their lines in the template, then its verdict
    let (code, out, _) = run(&["--policy-file", &yaml, "--account", ACCOUNT]);
    assert_eq!(code, 1);
    let verdicts: Vec<&str> = out.lines().filter(|l| l.starts_with("verdict:")).collect();
    assert_eq!(
        verdicts,
        ["verdict: granted", "verdict: not-granted"],
        "{out}"
    );
    assert!(
        out.contains("(AWS::S3::BucketPolicy RecordingsBucketPolicy)"),
        "{out}"
    );
    assert!(out.contains("two-policies.yaml:39:15"), "{out}");
    assert!(out.contains("did you mean"), "{out}");
}

#[test]
fn a_cdk_template_in_json_resolves_join_and_getatt() {
    let cdk = template("cdk.template.json");
    let (code, out, err) = run(&["--policy-file", &cdk, "--account", ACCOUNT, "-f", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let r = reports(&out);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["bucket"], "acme-sma-recordings");
    assert_eq!(r[0]["verdict"], "granted");
    // CDK's enforceSSL Deny (aws:SecureTransport false) does not apply: TLS is assumed
    assert!(
        r[0]["assumptions"].to_string().contains("SecureTransport"),
        "{}",
        r[0]
    );
}

#[test]
fn what_is_known_only_at_deploy_time_is_named_at_its_span() {
    let yaml = template("two-policies.yaml");
    let (code, out, _) = run(&[
        "--policy-file",
        &yaml,
        "--bucket",
        "RecordingsBucket",
        "-f",
        "concise",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("two-policies.yaml:24:36: warning[SMA309] `AWS::AccountId` is known only at deploy time; pass --account or --sma-arn"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "--policy-file",
        &yaml,
        "--bucket",
        "RecordingsBucket",
        "-f",
        "json",
    ]);
    let r = reports(&out);
    assert_eq!(
        r.len(),
        1,
        "--bucket selects one policy by the bucket's logical id"
    );
    assert_eq!(r[0]["verdict"], "conditional");
    // the SMA's account decides it
    let (code, out, _) = run(&[
        "--policy-file",
        &yaml,
        "--bucket",
        "RecordingsBucket",
        "--account",
        ACCOUNT,
        "-f",
        "concise",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("SMA309"), "{out}");
}

#[test]
fn template_output_is_valid_sarif_with_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = sma()
        .current_dir(dir.path())
        .env_remove("GITHUB_WORKSPACE")
        .args([
            "check-bucket",
            "--policy-file",
            &template("two-policies.yaml"),
        ])
        .args(["-f", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"SMA309") && codes.contains(&"SMA311"),
        "{codes:?}"
    );
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("tests/templates/two-policies.yaml"), "{uri}");
    }
}

#[test]
fn need_read_checks_get_object() {
    let yaml = template("two-policies.yaml");
    let (code, out, _) = run(&[
        "--policy-file",
        &yaml,
        "--account",
        ACCOUNT,
        "--need",
        "read",
        "-f",
        "json",
    ]);
    assert_eq!(code, 1);
    let r = reports(&out);
    for report in &r {
        assert_eq!(report["need"], "read");
        let actions: Vec<&String> = report["actions"].as_object().unwrap().keys().collect();
        assert_eq!(actions, ["s3:GetObject"]);
    }
    // the recordings policy grants no read; the prompts one grants it to the wrong principal
    assert_eq!(r[0]["verdict"], "not-granted");
    assert_eq!(r[1]["verdict"], "not-granted");

    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("read.json");
    std::fs::write(
        &policy,
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "SMARead", "Effect": "Allow",
            "Principal": {"Service": "voiceconnector.chime.amazonaws.com"}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::prompts/*"}]}"#,
    )
    .unwrap();
    let policy = policy.display().to_string();
    let (code, out, _) = run(&[
        "--bucket",
        "prompts",
        "--policy-file",
        &policy,
        "--need",
        "read",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("s3:GetObject     granted"), "{out}");
    // the same policy grants no upload
    let (code, _, _) = run(&["--bucket", "prompts", "--policy-file", &policy]);
    assert_eq!(code, 1);
    // --fix writes the statement the need takes
    let (_, fixed, _) = run(&[
        "--bucket",
        "other",
        "--policy-file",
        &policy,
        "--need",
        "read",
        "--fix",
    ]);
    let fixed: Value = serde_json::from_str(&fixed).unwrap();
    assert_eq!(
        fixed["Statement"][1]["Action"],
        serde_json::json!(["s3:GetObject"])
    );
    assert_eq!(fixed["Statement"][1]["Resource"], "arn:aws:s3:::other/*");
}

fn write_actions(dir: &std::path::Path) -> PathBuf {
    let actions = dir.join("actions.json");
    std::fs::write(
        &actions,
        r##"{"SchemaVersion": "1.0", "Actions": [
  {"Type": "PlayAudio", "Parameters": {"CallId": "c1",
    "AudioSource": {"Type": "S3", "BucketName": "prompts-111122223333", "Key": "en/welcome.wav"}}},
  {"Type": "RecordAudio", "Parameters": {"CallId": "c1", "RecordingTerminators": ["#"],
    "RecordingDestination": {"Type": "S3", "BucketName": "acme-sma-recordings", "Prefix": "vm/"}}}
]}"##,
    )
    .unwrap();
    actions
}

#[test]
fn from_actions_checks_reads_and_writes_against_the_template_by_bucket_name() {
    let dir = tempfile::tempdir().unwrap();
    let actions = write_actions(dir.path());
    let actions = actions.to_str().unwrap();
    let cdk = template("cdk.template.json");
    let (code, out, err) = run(&[
        "--from-actions",
        actions,
        "--policy-file",
        &cdk,
        "--account",
        ACCOUNT,
    ]);
    // the prompts bucket has no policy in the CDK template: an error (no verdict), exit 2
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("error        s3://prompts-111122223333/en/welcome.wav (read)"),
        "{out}"
    );
    assert!(
        out.contains("granted      s3://acme-sma-recordings/vm/"),
        "{out}"
    );
    assert!(
        err.contains("no AWS::S3::BucketPolicy in")
            && err.contains("`acme-sma-recordings` (RecordingsBucketPolicy2B4E6F0A)"),
        "{err}"
    );

    // the YAML template's prompts policy grants reading to `chime.amazonaws.com`: not granted,
    // with the near miss under its line
    let yaml = template("two-policies.yaml");
    let (code, out, err) = run(&[
        "--from-actions",
        actions,
        "--policy-file",
        &yaml,
        "--account",
        ACCOUNT,
    ]);
    assert_eq!(code, 2, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(
            "not-granted  s3://prompts-111122223333/en/welcome.wav (read)  s3:GetObject:"
        ),
        "{out}"
    );
    assert!(
        lines[1].contains("warning[SMA308]") && lines[1].contains("two-policies.yaml:39:15"),
        "{out}"
    );
    // the recordings bucket's name is generated at deploy time: it cannot be matched
    assert!(
        err.contains("<RecordingsBucket> (name known at deploy time"),
        "{err}"
    );
}

#[test]
fn from_actions_reads_play_audio_and_call_recording_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let actions = dir.path().join("a.json");
    std::fs::write(
        &actions,
        r#"[{"Type": "PlayAudioAndGetDigits", "Parameters": {"CallId": "c",
              "AudioSource": {"Type": "S3", "BucketName": "bkt1", "Key": "k.wav"},
              "FailureAudioSource": {"Type": "S3", "BucketName": "bkt1", "Key": "fail.wav"}}},
            {"Type": "CallAndBridge", "Parameters": {"CallTimeoutSeconds": 30, "CallerIdNumber": "+12065550100",
              "RingbackTone": {"Type": "S3", "BucketName": "bkt1", "Key": "ring.wav"},
              "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+12065550199"}]}},
            {"Type": "StartCallRecording", "Parameters": {"CallId": "c", "Track": "BOTH",
              "Destination": {"Type": "S3", "Location": "bkt1"}}}]"#,
    )
    .unwrap();
    let policy = dir.path().join("p.json");
    std::fs::write(
        &policy,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
            "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::bkt1/k.wav", "arn:aws:s3:::bkt1/ring.wav"]}]}"#,
    )
    .unwrap();
    let (code, out, err) = run(&[
        "--from-actions",
        actions.to_str().unwrap(),
        "--policy-file",
        policy.to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let r = reports(&out);
    let got: Vec<(String, String, bool, String)> = r
        .iter()
        .map(|r| {
            (
                r["prefix"].as_str().unwrap().to_string(),
                r["need"].as_str().unwrap().to_string(),
                r["exact_key"].as_bool().unwrap(),
                r["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("k.wav", "read", true, "granted"),
        ("fail.wav", "read", true, "not-granted"),
        ("ring.wav", "read", true, "granted"),
        (
            "Amazon-Chime-SMA-Call-Recordings/",
            "write",
            false,
            "not-granted",
        ),
    ];
    let want: Vec<(String, String, bool, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), *c, d.to_string()))
        .collect();
    assert_eq!(got, want);
    // --need overrides what the actions need
    let (_, out, _) = run(&[
        "--from-actions",
        actions.to_str().unwrap(),
        "--policy-file",
        policy.to_str().unwrap(),
        "--need",
        "write",
        "-f",
        "json",
    ]);
    assert!(reports(&out).iter().all(|r| r["need"] == "write"));
}

#[test]
fn template_mistakes_are_plain_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let yaml = template("two-policies.yaml");
    // --fix prints a policy: refused for a template
    let (code, _, err) = run(&["--policy-file", &yaml, "--fix"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is a template: edit its PolicyDocument"),
        "{err}"
    );
    // --bucket that no policy attaches to names those there are
    let (code, _, err) = run(&["--policy-file", &yaml, "--bucket", "nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no AWS::S3::BucketPolicy in")
            && err.contains("`PromptsBucketPolicy` (bucket `<PromptsBucket>`)"),
        "{err}"
    );
    // a template without bucket policies
    let none = write("none.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
    let (code, _, err) = run(&["--policy-file", &none]);
    assert_eq!(code, 2);
    assert!(err.contains("no AWS::S3::BucketPolicy resource"), "{err}");
    // YAML that cannot be read, named at its line
    let broken = write(
        "broken.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P: [1, 2\n",
    );
    let (code, _, err) = run(&["--policy-file", &broken]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not a readable template") && err.contains("broken.yaml:"),
        "{err}"
    );
    // an alias is refused, as CloudFormation refuses it
    let alias = write(
        "alias.yaml",
        "Resources:\n  P: &x\n    Type: AWS::S3::BucketPolicy\n  Q: *x\n",
    );
    let (code, _, err) = run(&["--policy-file", &alias]);
    assert_eq!(code, 2);
    assert!(err.contains("anchor"), "{err}");
    // a policy document that is no policy: SMA313 at its place in the template
    let bad = write(
        "bad.json",
        r#"{"Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b",
            "PolicyDocument": {"Statement": {"Fn::If": ["C", {}, {}]}}}}}}"#,
    );
    let (code, _, err) = run(&["--policy-file", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("the PolicyDocument of `P` in"), "{err}");
    assert!(err.contains("SMA309") && err.contains("SMA313"), "{err}");
    // a bucket policy without its document
    let bare = write(
        "bare.yaml",
        "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties: {Bucket: bkt}\n",
    );
    let (code, _, err) = run(&["--policy-file", &bare]);
    assert_eq!(code, 2);
    assert!(err.contains("`P` has no `PolicyDocument`"), "{err}");
    // a plain policy still needs --bucket
    let policy = write("p.json", r#"{"Version": "2012-10-17", "Statement": []}"#);
    let (code, _, err) = run(&["--policy-file", &policy]);
    assert_eq!(code, 2);
    assert!(err.contains("--bucket NAME is required"), "{err}");
    // a YAML file that is no template is not a policy either
    let yaml_policy = write("p.yaml", "Version: '2012-10-17'\nStatement: []\n");
    let (code, _, err) = run(&["--policy-file", &yaml_policy, "--bucket", "bkt"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a valid bucket policy"), "{err}");
}
