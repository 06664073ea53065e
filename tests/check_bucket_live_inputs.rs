//! `sma check-bucket --from-actions` reading real buckets (moto server on 127.0.0.1, see
//! `tests/common/moto.rs`): what S3 says about each bucket besides its policy is printed
//! under that bucket's line.
mod common;

use common::moto::Moto;

const ACCOUNT: &str = "123456789012"; // moto's default account
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn grant(bucket: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "SMAWrite",
            "Effect": "Allow",
            "Principal": {"Service": "voiceconnector.chime.amazonaws.com"},
            "Action": ["s3:PutObject", "s3:PutObjectAcl"],
            "Resource": format!("arn:aws:s3:::{bucket}/*"),
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
        }]
    })
    .to_string()
}

/// One bucket with a customer managed KMS key and ACLs disabled, one plain: the first's line
/// is followed by SMA314 (information) and SMA315 (warning); the second's by nothing.
#[test]
fn from_actions_prints_bucket_settings_under_each_line() {
    let moto = Moto::start();
    let c = moto.client();
    moto.block_on(async {
        for name in ["rec-kms", "rec-plain"] {
            c.create_bucket().bucket(name).send().await.unwrap();
            c.put_bucket_policy()
                .bucket(name)
                .policy(grant(name))
                .send()
                .await
                .unwrap();
        }
    });
    moto.put_kms_encryption("rec-kms", KEY);
    moto.put_owner_enforced("rec-kms");
    let dir = tempfile::tempdir().unwrap();
    let action = |bucket: &str| {
        format!(
            r##"{{"Type": "RecordAudio", "Parameters": {{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "{bucket}", "Prefix": "vm/"}}}}}}"##
        )
    };
    std::fs::write(
        dir.path().join("a.json"),
        format!("[{}, {}]", action("rec-kms"), action("rec-plain")),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = common::sma()
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "AKIASMATESTKEY000001")
        .env("AWS_SECRET_ACCESS_KEY", "sma-test-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .args([
            "check-bucket",
            "--color",
            "never",
            "--endpoint-url",
            &moto.url,
        ])
        .args(["--account", ACCOUNT, "--from-actions"])
        .arg(dir.path().join("a.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(lines[0], "granted      s3://rec-kms/vm/");
    assert!(
        lines[1].starts_with("  info[SMA314]: Object Ownership is BucketOwnerEnforced"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("  warning[SMA315]: ")
            && lines[2].contains(KEY)
            && lines[2].contains("kms:GenerateDataKey"),
        "{stdout}"
    );
    assert_eq!(lines[3], "granted      s3://rec-plain/vm/");
}
