//! A real S3 API for tests: moto server on 127.0.0.1 on a free port, stopped (by its process
//! id, through `Child::kill`) when the handle is dropped. Never skipped: no moto, no pass.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};

pub struct Moto {
    child: Child,
    pub url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_server() -> String {
    if let Ok(p) = std::env::var("SMA_MOTO_SERVER") {
        return p;
    }
    let default = super::root().join("target/moto-venv/bin/moto_server");
    assert!(
        default.exists(),
        "moto server not found: run `scripts/moto-install` (scripts/test does) or set SMA_MOTO_SERVER"
    );
    default.display().to_string()
}

impl Moto {
    /// Starts a fresh server and waits until it listens.
    pub fn start() -> Moto {
        let mut child = Command::new(moto_server())
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("moto_server starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("http://127.0.0.1:") {
                    let url: String = line[i..].split_whitespace().next().unwrap().to_string();
                    let _ = tx.send(url);
                    sent = true;
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("moto_server printed its address within 30 s");
        Moto { child, url }
    }

    /// A client with moto's dummy credentials.
    pub fn client(&self) -> Client {
        client(&self.url, "testing", "testing")
    }

    /// Runs one async setup step on a fresh runtime.
    /// Sets a bucket's default encryption to SSE-KMS with the customer managed key `key`.
    pub fn put_kms_encryption(&self, bucket: &str, key: &str) {
        self.put_kms_encryption_with(bucket, key, false);
    }

    /// SSE-KMS with `key`, and S3 Bucket Keys on or off.
    pub fn put_kms_encryption_with(&self, bucket: &str, key: &str, bucket_key: bool) {
        use aws_sdk_s3::types::{
            ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration,
            ServerSideEncryptionRule,
        };
        let default = ServerSideEncryptionByDefault::builder()
            .sse_algorithm(ServerSideEncryption::AwsKms)
            .kms_master_key_id(key)
            .build()
            .unwrap();
        let rule = ServerSideEncryptionRule::builder()
            .apply_server_side_encryption_by_default(default)
            .bucket_key_enabled(bucket_key)
            .build();
        let conf = ServerSideEncryptionConfiguration::builder()
            .rules(rule)
            .build()
            .unwrap();
        let c = self.client();
        self.block_on(async {
            c.put_bucket_encryption()
                .bucket(bucket)
                .server_side_encryption_configuration(conf)
                .send()
                .await
                .unwrap();
        });
    }

    /// Creates a customer managed KMS key with `policy` as its key policy; returns its ARN.
    pub fn create_key(&self, policy: &str) -> String {
        let conf = aws_sdk_kms::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(aws_sdk_kms::config::Region::new("us-east-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
            .endpoint_url(&self.url)
            .build();
        let kms = aws_sdk_kms::Client::from_conf(conf);
        self.block_on(async {
            let out = kms.create_key().policy(policy).send().await.unwrap();
            out.key_metadata().unwrap().arn().unwrap().to_string()
        })
    }

    /// Sets a bucket's Object Ownership to BucketOwnerEnforced (ACLs disabled).
    pub fn put_owner_enforced(&self, bucket: &str) {
        use aws_sdk_s3::types::{ObjectOwnership, OwnershipControls, OwnershipControlsRule};
        let rule = OwnershipControlsRule::builder()
            .object_ownership(ObjectOwnership::BucketOwnerEnforced)
            .build()
            .unwrap();
        let controls = OwnershipControls::builder().rules(rule).build().unwrap();
        let c = self.client();
        self.block_on(async {
            c.put_bucket_ownership_controls()
                .bucket(bucket)
                .ownership_controls(controls)
                .send()
                .await
                .unwrap();
        });
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    /// Sends a form-encoded IAM query call (auth is off while setting up, so the signature
    /// is not checked; the credential scope names the service) and returns the XML.
    pub fn iam(&self, params: &[(&str, &str)]) -> String {
        let body: String = params
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        http(
            &self.url,
            "POST",
            "/",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                (
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
                ),
            ],
            &body,
        )
    }

    /// Turns request authentication on (every key must exist before this).
    pub fn enforce_auth(&self) {
        http(
            &self.url,
            "POST",
            "/moto-api/reset-auth",
            &[("Content-Type", "text/plain")],
            "0",
        );
    }
}

pub fn client(url: &str, key: &str, secret: &str) -> Client {
    let conf = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(key, secret, None, None, "test"))
        .endpoint_url(url)
        .force_path_style(true)
        .build();
    Client::from_conf(conf)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A minimal HTTP/1.1 request over a plain socket; returns the body.
pub fn http(url: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or(out)
}

/// Returns the text between `<tag>` and `</tag>`.
pub fn xml_value(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    let start = xml
        .find(&open)
        .map(|i| i + open.len())
        .unwrap_or_else(|| panic!("no <{tag}> in {xml}"));
    let end = xml[start..].find(&format!("</{tag}>")).unwrap() + start;
    xml[start..end].to_string()
}

/// Waits for a condition for at most `limit`.
pub fn elapsed_under(limit: Duration, f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    let e = t.elapsed();
    assert!(e < limit, "took {e:?}, limit {limit:?}");
    e
}
