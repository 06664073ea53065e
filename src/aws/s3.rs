//! The only networked code: read a bucket's policy, Object Ownership, default encryption and
//! region through aws-config and aws-sdk-s3, bounded by one timeout.
//!
//! Credentials: an explicit profile (`--profile`) is the only source used, as in the aws CLI;
//! without one, aws-config's default chain (environment first). Everything returned is plain
//! data: secret keys, session tokens and signatures never leave the SDK, an access key id is
//! shown at most as `AKIA…WXYZ`, and every failure is one sentence built from the error's
//! kind and its `Display` chain (never a `Debug` dump).
use std::cell::RefCell;
use std::time::{Duration, Instant};

#[cfg(feature = "live")]
pub(crate) use sdk::{call_error, configure};

/// Attempts per call (the first and one retry), so a throttled or flaky S3 fails fast.
pub const MAX_ATTEMPTS: u32 = 2;

/// How to reach S3, shaped like the aws CLI's options.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Bounds the whole fetch, credential resolution included.
    pub timeout: Duration,
    /// When the whole command must be done (`--timeout` from its start): a fetch ends by then
    /// even when `timeout` has time left, and one started after it fails at once. `None`:
    /// `timeout` alone.
    pub deadline: Option<Instant>,
    /// Sent as `ExpectedBucketOwner` on every request.
    pub expected_owner: Option<String>,
    /// An object to look at too (HeadObject): the audio file a PlayAudio reads.
    pub object_key: Option<String>,
}

/// What HeadObject said about `Connection::object_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Found {
        content_type: Option<String>,
        size: Option<i64>,
    },
    /// 404: there is no such key.
    Missing,
    /// 403 on the user's own read: not verified (recorded in `unreadable` too).
    Unreadable,
}

/// The bucket's default encryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    pub algorithm: String,
    pub kms_key: Option<String>,
    /// S3 Bucket Keys are on: KMS sees the bucket's ARN as the encryption context.
    pub bucket_key: bool,
}

/// What was read about the KMS key of an SSE-KMS bucket with a customer managed key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPolicy {
    /// The key's ARN and its key policy (`default`).
    Read { arn: String, policy: String },
    /// The key is AWS managed (`aws/s3`): its policy admits only principals of the account
    /// through S3.
    AwsManaged { arn: String },
    /// DescribeKey or GetKeyPolicy failed: not verified.
    Unreadable {
        call: &'static str,
        permission: &'static str,
        why: String,
        /// The failure was an access denied (the permission is missing), not e.g. a
        /// missing key.
        denied: bool,
    },
}

/// What was read about a bucket. `None` fields were absent (or unreadable: see `unreadable`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BucketFacts {
    pub policy: Option<String>,
    pub ownership: Option<String>,
    pub encryption: Option<Encryption>,
    pub region: Option<String>,
    /// Secondary reads that were refused, with the permission they need.
    pub unreadable: Vec<(&'static str, &'static str)>,
    /// The object of `Connection::object_key`, when one was asked for.
    pub object: Option<Object>,
    /// The default encryption's KMS key, when it is a customer managed key.
    pub key: Option<KeyPolicy>,
    /// What `-v` shows: the endpoint, the credential source, the calls made and how each
    /// ended (no secrets).
    pub trace: Vec<String>,
}

/// Why a connection to S3 failed before any answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    Refused,
    Dns,
    /// The server does not speak TLS (a plain-HTTP server behind an `https://` URL).
    NotTls,
    /// The server's certificate was rejected (the reason from the TLS library).
    Certificate(String),
    /// Another TLS failure.
    Tls(String),
    /// No TCP connection within the connect timeout.
    ConnectTimeout,
    Other(String),
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Refused => write!(f, "connection refused (nothing is listening there)"),
            Transport::Dns => write!(f, "the host name does not resolve (DNS lookup failed)"),
            Transport::NotTls => write!(
                f,
                "the TLS handshake failed because the server does not speak TLS (for a plain-HTTP endpoint write http://)"
            ),
            Transport::Certificate(why) => write!(
                f,
                "the TLS handshake failed because the server's certificate was rejected ({why})"
            ),
            Transport::Tls(why) => write!(f, "the TLS handshake failed ({why})"),
            Transport::ConnectTimeout => write!(f, "no connection within {CONNECT_TIMEOUT_SECS}s"),
            Transport::Other(why) => write!(f, "{why}"),
        }
    }
}

const CONNECT_TIMEOUT_SECS: u64 = 3;

/// Why the bucket could not be read; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `--endpoint-url` is not an http(s) URL; found before any call.
    BadEndpoint {
        url: String,
        why: &'static str,
    },
    /// The named profile is in neither shared file. `flag` is `--profile` or `AWS_PROFILE`.
    ProfileNotFound {
        profile: String,
        flag: &'static str,
        files: String,
    },
    /// The named profile exists and gave no credentials.
    ProfileUnusable {
        profile: String,
        why: String,
    },
    NoCredentials(String),
    AccessDenied {
        call: &'static str,
        permission: &'static str,
    },
    NoSuchBucket,
    WrongOwner {
        expected: String,
    },
    Unreachable {
        /// `at http://…` or `in us-east-1`.
        place: String,
        why: Transport,
    },
    /// The deadline passed: `what` says what was still awaited.
    TimedOut {
        after: Duration,
        what: String,
    },
    /// S3 answered "slow down" (or 429/503) to every attempt.
    Throttled {
        call: &'static str,
        answer: String,
    },
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::BadEndpoint { url, why } => write!(f, "--endpoint-url `{url}` {why}"),
            Failure::ProfileNotFound {
                profile,
                flag,
                files,
            } => {
                let from = if *flag == "AWS_PROFILE" {
                    " (from AWS_PROFILE)"
                } else {
                    ""
                };
                write!(f, "AWS profile `{profile}`{from} not found in {files}")
            }
            Failure::ProfileUnusable { profile, why } => {
                write!(f, "AWS profile `{profile}` gave no credentials: {why}")
            }
            Failure::NoCredentials(why) => write!(
                f,
                "no AWS credentials found ({why}); provide them with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, \
                 a profile (--profile or AWS_PROFILE, `aws configure` / `aws sso login`), web identity \
                 (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, as GitHub OIDC sets up), or an instance/container role; \
                 or check a saved policy offline with --policy-file"
            ),
            Failure::AccessDenied { call, permission } => write!(
                f,
                "access denied to {call}: the credentials in use need `{permission}` on the bucket"
            ),
            Failure::NoSuchBucket => write!(f, "the bucket does not exist"),
            Failure::WrongOwner { expected } => write!(
                f,
                "the bucket belongs to another account than {expected}: RecordAudio can only write to a bucket in the SMA's own account"
            ),
            Failure::Unreachable { place, why } => write!(f, "could not reach S3 {place}: {why}"),
            Failure::TimedOut { after, what } => {
                write!(f, "gave up after {} (--timeout): {what}", seconds(*after))
            }
            Failure::Throttled { call, answer } => write!(
                f,
                "S3 is throttling requests: {call} still got {answer} after {MAX_ATTEMPTS} attempts; wait a moment and run again"
            ),
            Failure::Other(why) => write!(f, "{why}"),
        }
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f32())
    }
}

/// A failed fetch: why, and the `-v` trace up to that point (redacted like every trace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub failure: Failure,
    pub trace: Vec<String>,
    /// `failure`'s message with any credential material that reached it masked.
    message: String,
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks `--endpoint-url` before anything is sent: an http(s) URL with a host.
pub fn check_endpoint(url: &str) -> Result<(), Failure> {
    let bad = |why| {
        Err(Failure::BadEndpoint {
            url: url.to_string(),
            why,
        })
    };
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else if lower.contains("://") {
        return bad("has a scheme other than http:// or https://");
    } else {
        return bad(
            "has no scheme: write it with http:// or https:// (e.g. http://127.0.0.1:9000)",
        );
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return bad("has no host after the scheme");
    }
    Ok(())
}

/// The `-v` lines, kept outside the fetch so a timeout does not lose them, with the calls
/// still waiting for an answer.
#[derive(Default)]
#[cfg_attr(not(feature = "live"), allow(dead_code))]
pub(crate) struct Trace {
    lines: RefCell<Vec<String>>,
    pending: RefCell<Vec<&'static str>>,
    /// What the fetch waits for now, for the timeout message.
    waiting: RefCell<String>,
    secrets: RefCell<Redact>,
}

#[cfg_attr(not(feature = "live"), allow(dead_code))]
impl Trace {
    pub(crate) fn push(&self, line: impl Into<String>) {
        let line = self.secrets.borrow().apply(&line.into());
        self.lines.borrow_mut().push(line);
    }

    pub(crate) fn waiting(&self, what: impl Into<String>) {
        *self.waiting.borrow_mut() = what.into();
    }

    pub(crate) fn start(&self, call: &'static str) {
        self.pending.borrow_mut().push(call);
    }

    pub(crate) fn end(&self, call: &'static str, outcome: impl std::fmt::Display) {
        let mut pending = self.pending.borrow_mut();
        if let Some(i) = pending.iter().position(|c| *c == call) {
            pending.remove(i);
        }
        drop(pending);
        self.push(format!("{call}: {outcome}"));
    }

    /// The failure when the deadline passes; calls still waiting are logged as unanswered.
    pub(crate) fn timed_out(&self, after: Duration) -> Failure {
        let pending: Vec<&'static str> = self.pending.borrow_mut().drain(..).collect();
        for call in &pending {
            self.push(format!("{call}: no answer before the timeout"));
        }
        Failure::TimedOut {
            after,
            what: self.waiting.borrow().clone(),
        }
    }
}

/// Masks credential material in text that is about to be shown.
#[derive(Default)]
struct Redact {
    /// (text to hide, what to show instead), longest first.
    pairs: Vec<(String, String)>,
}

impl Redact {
    #[cfg(feature = "live")]
    fn new(creds: &aws_sdk_s3::config::Credentials) -> Redact {
        let mut pairs = vec![(
            creds.secret_access_key().to_string(),
            "<secret key>".to_string(),
        )];
        if let Some(token) = creds.session_token() {
            pairs.push((token.to_string(), "<session token>".to_string()));
        }
        pairs.push((
            creds.access_key_id().to_string(),
            key_hint(creds.access_key_id()),
        ));
        pairs.retain(|(s, _)| s.len() >= 4);
        pairs.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        Redact { pairs }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (secret, shown) in &self.pairs {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), shown);
            }
        }
        // a signature, credential scope or token that came back inside an error text
        crate::emit::redact_secrets(&out).into_owned()
    }
}

/// An access key id as `-v` shows it: the first four characters (AKIA long-term, ASIA
/// temporary) and, for a full-length id, the last four, as the AWS console does.
pub fn key_hint(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let head: String = chars.iter().take(4).collect();
    if chars.len() >= 16 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail}")
    } else {
        format!("{head}…")
    }
}

/// Reads everything `check-bucket` needs about `bucket`, within `conn.timeout`.
pub fn fetch(bucket: &str, conn: &Connection) -> Result<BucketFacts, Failed> {
    let trace = Trace::default();
    let result = run(bucket, conn, &trace);
    let redact = trace.secrets.take();
    let lines = trace.lines.take();
    match result {
        Ok(mut facts) => {
            facts.trace = lines;
            Ok(facts)
        }
        Err(failure) => Err(Failed {
            message: redact.apply(&failure.to_string()),
            failure,
            trace: lines,
        }),
    }
}

#[cfg(feature = "live")]
use sdk::run;

/// Without the `live` feature there is no S3 client: only policy files are checked.
#[cfg(not(feature = "live"))]
fn run(_: &str, conn: &Connection, _: &Trace) -> Result<BucketFacts, Failure> {
    if let Some(url) = &conn.endpoint_url {
        check_endpoint(url)?;
    }
    Err(Failure::Other(
        "this sma was built without the `live` feature, so it cannot read a bucket from S3; check a policy file with --policy-file".into(),
    ))
}

impl Connection {
    /// The time a fetch may take from now: `timeout`, or less when the command's deadline
    /// comes sooner (zero once it has passed).
    pub fn limit(&self) -> Duration {
        match self.deadline {
            Some(d) => d
                .saturating_duration_since(Instant::now())
                .min(self.timeout),
            None => self.timeout,
        }
    }
}

/// Where S3 is, for messages: `at URL` for `--endpoint-url`, else `in REGION`.
#[cfg(feature = "live")]
fn place(conn: &Connection, region: &str) -> String {
    match &conn.endpoint_url {
        Some(url) => format!("at {url}"),
        None => format!("in {region}"),
    }
}

/// Everything that talks to AWS through the SDK (the `live` feature).
#[cfg(feature = "live")]
mod sdk {
    use super::*;

    use std::error::Error as StdError;

    use super::super::cap::{CapBodies, MAX_BODY, TooLarge, too_large};
    use aws_config::BehaviorVersion;
    use aws_config::profile::ProfileFileCredentialsProvider;
    use aws_config::provider_config::ProviderConfig;
    use aws_sdk_s3::Client;
    use aws_sdk_s3::config::{Credentials, ProvideCredentials, Region};
    use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

    pub(super) fn run(
        bucket: &str,
        conn: &Connection,
        trace: &Trace,
    ) -> Result<BucketFacts, Failure> {
        if let Some(url) = &conn.endpoint_url {
            check_endpoint(url)?;
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Other(format!("could not start the async runtime: {e}")))?;
        let limit = conn.limit();
        if limit.is_zero() {
            return Err(Failure::TimedOut {
                after: conn.timeout,
                what: "the time was spent before this bucket was reached; not checked".into(),
            });
        }
        runtime.block_on(async {
            match tokio::time::timeout(limit, fetch_async(bucket, conn, trace)).await {
                Ok(result) => result,
                Err(_) => Err(trace.timed_out(conn.timeout)),
            }
        })
    }

    /// The AWS configuration of a connection (region, profile, endpoint, retries, timeouts) and
    /// its credentials, resolved once (`--profile` wins over the environment); the region is the
    /// client's. Shared by every service sma calls.
    pub(crate) async fn configure(
        conn: &Connection,
        trace: &Trace,
    ) -> Result<(aws_config::SdkConfig, Credentials, String), Failure> {
        trace.waiting("the AWS configuration (region, profiles) was still loading");
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(
                aws_sdk_s3::config::retry::RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS),
            )
            .timeout_config(
                aws_sdk_s3::config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(CONNECT_TIMEOUT_SECS).min(conn.timeout))
                    .operation_timeout(conn.timeout)
                    .build(),
            );
        if let Some(p) = &conn.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &conn.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(e) = &conn.endpoint_url {
            loader = loader.endpoint_url(e);
        }
        let shared = loader.load().await;
        let client_region = shared
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".into());
        trace.push(match &conn.endpoint_url {
            Some(url) => format!("endpoint: {url} (path-style), region {client_region}"),
            None => format!("endpoint: AWS, region {client_region}"),
        });
        let creds = credentials(conn, &shared, trace).await?;
        *trace.secrets.borrow_mut() = Redact::new(&creds);
        Ok((shared, creds, client_region))
    }

    async fn fetch_async(
        bucket: &str,
        conn: &Connection,
        trace: &Trace,
    ) -> Result<BucketFacts, Failure> {
        let (shared, creds, client_region) = configure(conn, trace).await?;
        let where_ = place(conn, &client_region);

        let client = |region: &str| {
            let conf = aws_sdk_s3::config::Builder::from(&shared)
                .credentials_provider(creds.clone())
                .region(Region::new(region.to_string()))
                .force_path_style(conn.endpoint_url.is_some())
                .interceptor(CapBodies::default())
                .build();
            Client::from_conf(conf)
        };
        let first = client(&client_region);
        trace.waiting(format!("S3 {where_} did not answer"));
        let mut facts = BucketFacts::default();
        // One parallel round; if the bucket lives in another region, the Get calls are repeated there.
        let (head, reads) = tokio::join!(
            head_bucket(&first, bucket, conn, &client_region, trace),
            reads(&first, bucket, conn, trace)
        );
        let region = match head {
            Ok(region) => region,
            // The policy read decides whether this is fatal; the region then stays the client's.
            Err(Failure::AccessDenied { call, permission }) => {
                facts.unreadable.push((call, permission));
                None
            }
            Err(other) => return Err(other),
        };
        let reads = match region.as_deref() {
            Some(r) if r != client_region => {
                trace.push(format!("following the bucket to {r}"));
                self::reads(&client(r), bucket, conn, trace).await
            }
            _ => reads,
        };
        let region_name = region.clone().unwrap_or_else(|| client_region.clone());
        facts.region = region.or(Some(client_region));
        let (policy, ownership, encryption) = reads;
        let judge =
            |e: CallError, call, permission| classify(e, call, permission, conn, &region_name);
        facts.policy = match policy {
            Ok(p) => p,
            Err(e) => return Err(judge(e, "GetBucketPolicy", "s3:GetBucketPolicy")),
        };
        for (result, call, permission) in [
            (
                ownership.map(|o| facts.ownership = o),
                "GetBucketOwnershipControls",
                "s3:GetBucketOwnershipControls",
            ),
            (
                encryption.map(|e| facts.encryption = e),
                "GetBucketEncryption",
                "s3:GetEncryptionConfiguration",
            ),
        ] {
            // A refused secondary read is recorded, not fatal; anything else is.
            if let Err(e) = result {
                match judge(e, call, permission) {
                    Failure::AccessDenied { .. } => facts.unreadable.push((call, permission)),
                    other => return Err(other),
                }
            }
        }
        let customer_key = facts
            .encryption
            .as_ref()
            .filter(|e| e.algorithm.starts_with("aws:kms"))
            .and_then(|e| e.kms_key.clone())
            .filter(|k| !k.contains("alias/aws/"));
        if let Some(key) = customer_key {
            let kms = aws_sdk_kms::Client::from_conf(
                aws_sdk_kms::config::Builder::from(&shared)
                    .credentials_provider(creds.clone())
                    .region(Region::new(region_name.clone()))
                    .interceptor(CapBodies::default())
                    .build(),
            );
            facts.key = Some(key_policy(&kms, &key, trace).await);
        }
        if let Some(key) = &conn.object_key {
            let object = head_object(&client(&region_name), bucket, key, conn, trace).await;
            facts.object = Some(match object {
                Ok(o) => o,
                Err(e) => match judge(e, "HeadObject", "s3:GetObject") {
                    Failure::AccessDenied { .. } => {
                        facts.unreadable.push(("HeadObject", "s3:GetObject"));
                        Object::Unreadable
                    }
                    other => return Err(other),
                },
            });
        }
        Ok(facts)
    }

    /// DescribeKey (an alias or id gives the key's ARN and manager), then GetKeyPolicy.
    async fn key_policy(kms: &aws_sdk_kms::Client, key: &str, trace: &Trace) -> KeyPolicy {
        let failed = |call, permission, e: CallError| {
            trace.end(call, format!("failed: {e}"));
            let denied = e.status == Some(403)
                || matches!(
                    e.code.as_deref(),
                    Some("AccessDeniedException" | "AccessDenied")
                );
            KeyPolicy::Unreadable {
                call,
                permission,
                why: e.to_string(),
                denied,
            }
        };
        trace.start("DescribeKey");
        let meta = match kms.describe_key().key_id(key).send().await {
            Ok(out) => out.key_metadata().cloned(),
            Err(e) => return failed("DescribeKey", "kms:DescribeKey", call_error(&e)),
        };
        let Some(meta) = meta else {
            trace.end("DescribeKey", "no key metadata");
            return KeyPolicy::Unreadable {
                call: "DescribeKey",
                permission: "kms:DescribeKey",
                why: "no key metadata in the answer".into(),
                denied: false,
            };
        };
        let arn = meta.arn().unwrap_or(key).to_string();
        let managed = meta.key_manager() == Some(&aws_sdk_kms::types::KeyManagerType::Aws);
        trace.end(
            "DescribeKey",
            format!(
                "ok, {} managed key {arn}",
                if managed { "AWS" } else { "customer" }
            ),
        );
        if managed {
            return KeyPolicy::AwsManaged { arn };
        }
        trace.start("GetKeyPolicy");
        match kms
            .get_key_policy()
            .key_id(&arn)
            .policy_name("default")
            .send()
            .await
        {
            Ok(out) => {
                trace.end("GetKeyPolicy", "ok");
                KeyPolicy::Read {
                    arn,
                    policy: out.policy().unwrap_or_default().to_string(),
                }
            }
            Err(e) => failed("GetKeyPolicy", "kms:GetKeyPolicy", call_error(&e)),
        }
    }

    /// HeadObject of one key: its content type and size, or that it is missing (404).
    async fn head_object(
        client: &Client,
        bucket: &str,
        key: &str,
        conn: &Connection,
        trace: &Trace,
    ) -> Result<Object, CallError> {
        trace.start("HeadObject");
        let sent = client
            .head_object()
            .bucket(bucket)
            .key(key)
            .set_expected_bucket_owner(conn.expected_owner.clone())
            .send()
            .await;
        match sent {
            Ok(out) => {
                let content_type = out.content_type().map(str::to_string);
                let size = out.content_length();
                trace.end(
                    "HeadObject",
                    format!(
                        "ok, {} bytes, {}",
                        size.map_or("?".into(), |s| s.to_string()),
                        content_type.as_deref().unwrap_or("no content type")
                    ),
                );
                Ok(Object::Found { content_type, size })
            }
            Err(e) if e.raw_response().map(|r| r.status().as_u16()) == Some(404) => {
                trace.end("HeadObject", "not found (404)");
                Ok(Object::Missing)
            }
            Err(e) => {
                let err = call_error(&e);
                trace.end("HeadObject", format!("failed: {err}"));
                Err(err)
            }
        }
    }

    /// Resolves the credentials once: from `--profile` alone when given (it wins over the
    /// environment, as in the aws CLI), else from the default chain.
    async fn credentials(
        conn: &Connection,
        shared: &aws_config::SdkConfig,
        trace: &Trace,
    ) -> Result<Credentials, Failure> {
        let (resolved, origin) = match &conn.profile {
            Some(profile) => {
                trace.waiting(format!(
                    "the credential provider of profile `{profile}` did not answer"
                ));
                let provider = ProfileFileCredentialsProvider::builder()
                    .configure(
                        &ProviderConfig::default()
                            .with_region(shared.region().cloned())
                            .with_behavior_version(Some(BehaviorVersion::latest())),
                    )
                    .profile_name(profile)
                    .build();
                (
                    provider.provide_credentials().await,
                    format!("profile `{profile}` (--profile)"),
                )
            }
            None => {
                trace.waiting("the credential provider did not answer");
                let Some(provider) = shared.credentials_provider() else {
                    trace.push("credentials: none (no credential provider configured)");
                    return Err(Failure::NoCredentials(
                        "no credential provider configured".into(),
                    ));
                };
                (
                    provider.provide_credentials().await,
                    "the default chain".into(),
                )
            }
        };
        match resolved {
            Ok(creds) => {
                trace.push(format!(
                    "credentials: {} from {origin}, access key {}",
                    source_name(&creds),
                    key_hint(creds.access_key_id())
                ));
                Ok(creds)
            }
            Err(e) => {
                let why = chain_text(&e, 300);
                // the chain's summary of every source, with aws-config's filler phrase shortened
                let tried = chain_text(&e, 1000)
                    .replace(&format!("{NOT_ENABLED}: "), "")
                    .replace(NOT_ENABLED, "not configured");
                trace.push(format!("credentials: none from {origin}: {tried}"));
                let named = conn
                    .profile
                    .as_ref()
                    .map(|p| (p.clone(), "--profile"))
                    .or_else(|| {
                        std::env::var("AWS_PROFILE")
                            .ok()
                            .filter(|p| !p.is_empty())
                            .map(|p| (p, "AWS_PROFILE"))
                    });
                match named {
                    Some((profile, flag)) if !profiles::defined(&profile) => {
                        Err(Failure::ProfileNotFound {
                            profile,
                            flag,
                            files: profiles::shown(),
                        })
                    }
                    Some((profile, "--profile")) => Err(Failure::ProfileUnusable {
                        profile,
                        why: if why == NOT_ENABLED {
                            "it holds no keys, credential_process, SSO settings or role_arn".into()
                        } else {
                            why
                        },
                    }),
                    // The chain lists every source it tried: that list is for -v.
                    _ if why.starts_with("no credentials found in chain") => {
                        Err(Failure::NoCredentials(
                            "none of the default chain's sources had any".into(),
                        ))
                    }
                    _ => Err(Failure::NoCredentials(why)),
                }
            }
        }
    }

    /// Where resolved credentials came from, in words. aws-config names its providers only in
    /// the credentials' `Debug` text (which masks the secret); an unknown name is shown as is.
    fn source_name(creds: &Credentials) -> String {
        let debug = format!("{creds:?}");
        let name = debug
            .split("provider_name: \"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("unknown provider");
        match name {
            "EnvironmentVariable" => "environment variables (AWS_ACCESS_KEY_ID)",
            "ProfileFile" => "keys in the shared config/credentials file",
            "CredentialProcess" => "credential_process",
            "SSO" => "SSO (IAM Identity Center)",
            "AssumeRoleProvider" => "an assumed role (sts:AssumeRole)",
            "WebIdentityToken" => "web identity (sts:AssumeRoleWithWebIdentity)",
            "EcsContainer" => "the container's role",
            "IMDSv2" => "the instance's role (instance metadata)",
            "Login" => "a console login session",
            other => other,
        }
        .to_string()
    }

    /// The shared config and credentials files, as the SDK locates them.
    mod profiles {
        use std::path::PathBuf;

        /// (shown, path) of the config file and the credentials file.
        fn files() -> [(String, Option<PathBuf>, bool); 2] {
            let one = |var: &str, default: &str, config: bool| {
                let shown = std::env::var(var)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| default.to_string());
                let path = match shown.strip_prefix("~/") {
                    Some(rest) => home().map(|h| h.join(rest)),
                    None => Some(PathBuf::from(&shown)),
                };
                (shown, path, config)
            };
            [
                one("AWS_CONFIG_FILE", "~/.aws/config", true),
                one("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", false),
            ]
        }

        fn home() -> Option<PathBuf> {
            ["HOME", "USERPROFILE"]
                .iter()
                .find_map(|v| std::env::var_os(v).filter(|h| !h.is_empty()))
                .map(PathBuf::from)
        }

        /// The files named in messages: `~/.aws/config or ~/.aws/credentials`.
        pub fn shown() -> String {
            let [config, credentials] = files();
            format!("{} or {}", config.0, credentials.0)
        }

        /// Whether a profile section `name` is in either file (config: `[profile NAME]` or
        /// `[default]`; credentials: `[NAME]`). Only asked after credentials failed, to name the
        /// cause.
        pub fn defined(name: &str) -> bool {
            files().iter().any(|(_, path, config)| {
                let Some(text) = path.as_ref().and_then(|p| {
                    crate::source::read_capped_file(p, crate::source::MAX_CONFIG).ok()
                }) else {
                    return false;
                };
                String::from_utf8_lossy(&text)
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix('['))
                    .filter_map(|l| l.split_once(']').map(|(inner, _)| inner.trim()))
                    .any(|inner| section_is(inner, name, *config))
            })
        }

        fn section_is(inner: &str, name: &str, config: bool) -> bool {
            if !config {
                return inner == name;
            }
            if inner == "default" {
                return name == "default";
            }
            inner
                .strip_prefix("profile")
                .filter(|rest| rest.starts_with(char::is_whitespace))
                .is_some_and(|rest| rest.trim() == name)
        }

        #[cfg(test)]
        mod tests {
            use super::section_is;

            #[test]
            fn sections() {
                assert!(section_is("profile ci", "ci", true));
                assert!(section_is("profile   ci ", "ci", true));
                assert!(section_is("default", "default", true));
                assert!(!section_is("ci", "ci", true));
                assert!(!section_is("profileci", "ci", true));
                assert!(!section_is("sso-session ci", "ci", true));
                assert!(section_is("ci", "ci", false));
                assert!(!section_is("profile ci", "ci", false));
            }
        }
    }

    /// aws-config's text for "this source has nothing" (alone, it says nothing).
    const NOT_ENABLED: &str = "the credential provider was not enabled";

    /// An error's `Display` chain in one line: `a: b: c`, repeats and the SDK's generic layer
    /// names (`dispatch failure`, `io error`, ...) left out, cut at `limit` characters.
    fn chain_text(e: &(dyn StdError + 'static), limit: usize) -> String {
        const GENERIC: &[&str] = &[
            "dispatch failure",
            "io error",
            "other",
            "user error",
            "timeout",
            "client error (Connect)",
            "client error (SendRequest)",
            "service error",
            "unhandled error",
            NOT_ENABLED,
            "an error occurred while loading credentials",
        ];
        let mut parts: Vec<String> = Vec::new();
        let mut cur = Some(e);
        while let Some(err) = cur {
            let text = err.to_string();
            let text = one_line(&text);
            if !text.is_empty()
                && !GENERIC.contains(&text.as_str())
                && !parts.iter().any(|p| p.contains(&text))
            {
                parts.push(text);
            }
            cur = err.source();
        }
        if parts.is_empty() {
            parts.push(one_line(&e.to_string()));
        }
        let text = parts.join(": ");
        if text.chars().count() > limit {
            text.chars().take(limit - 1).chain(['…']).collect()
        } else {
            text
        }
    }

    /// A multi-line error text on one line: `Attempted: A: x; B: y`.
    fn one_line(text: &str) -> String {
        let mut out = String::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !out.is_empty() {
                out.push_str(if out.ends_with(':') { " " } else { "; " });
            }
            out.push_str(line);
        }
        out
    }

    /// A connection failure from its error chain.
    fn transport(e: &(dyn StdError + 'static), timeout: bool) -> Transport {
        let mut texts = Vec::new();
        let mut refused = false;
        let mut cur = Some(e);
        while let Some(err) = cur {
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::ConnectionRefused
            {
                refused = true;
            }
            texts.push(err.to_string());
            cur = err.source();
        }
        let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
        if refused || has("Connection refused") || has("connection refused") {
            Transport::Refused
        } else if has("dns error") || has("failed to lookup address") {
            Transport::Dns
        } else if has("TLS handshake failed") {
            let inner = texts
                .iter()
                .skip_while(|t| !t.contains("TLS handshake failed"))
                .nth(1)
                .cloned()
                .unwrap_or_default();
            if inner.contains("InvalidContentType") || inner.contains("corrupt message") {
                Transport::NotTls
            } else if inner.contains("certificate") {
                Transport::Certificate(certificate_problem(&inner))
            } else {
                Transport::Tls(inner)
            }
        } else if timeout {
            Transport::ConnectTimeout
        } else {
            Transport::Other(chain_text(e, 300))
        }
    }

    /// Why a certificate was rejected, in words: rustls's `Display` of a certificate error is
    /// partly its `Debug` (`invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))`), so
    /// the first meaningful name in it is taken and the common ones are spelled out.
    fn certificate_problem(text: &str) -> String {
        let detail = text
            .split_once("certificate: ")
            .map_or(text, |(_, rest)| rest);
        let name = detail
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| !w.is_empty() && !matches!(*w, "Other" | "OtherError"))
            .unwrap_or("unknown");
        let words = match name {
            n if n.starts_with("UnknownIssuer") => {
                "issued by an authority this system does not trust"
            }
            n if n.starts_with("CaUsedAsEndEntity") => "a self-signed CA certificate",
            n if n.starts_with("NotValidForName") => "not valid for this host name",
            n if n.starts_with("Expired") => "expired",
            n if n.starts_with("NotValidYet") => "not valid yet",
            n if n.starts_with("Revoked") => "revoked",
            n if n.starts_with("BadSignature") => "its signature does not verify (self-signed?)",
            n if n.starts_with("BadEncoding") => "malformed",
            n => n,
        };
        words.to_string()
    }

    /// An error from one call, reduced to what is needed to classify it.
    #[derive(Debug)]
    pub struct CallError {
        code: Option<String>,
        message: Option<String>,
        status: Option<u16>,
        transport: Option<Transport>,
        timeout: bool,
        /// The answer was longer than sma reads, and cut there (the limit in KiB).
        too_large: Option<u32>,
        /// The error's `Display` chain, for anything else.
        text: String,
    }

    impl std::fmt::Display for CallError {
        /// How `-v` shows a failed call: `connection refused ...`, `HTTP 403 AccessDenied`.
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            if let Some(t) = &self.transport {
                return write!(f, "{t}");
            }
            if self.timeout {
                return write!(f, "timed out");
            }
            if let Some(kib) = self.too_large {
                let t = TooLarge {
                    limit: u64::from(kib) * 1024,
                };
                return match self.status {
                    Some(s) => write!(f, "HTTP {s}, {t}"),
                    None => write!(f, "{t}"),
                };
            }
            match (self.status, &self.code) {
                (Some(s), Some(c)) => write!(f, "HTTP {s} {c}")?,
                (Some(s), None) => write!(f, "HTTP {s}")?,
                (None, _) => write!(f, "{}", self.text)?,
            }
            if let Some(m) = &self.message {
                write!(f, " ({m})")?;
            }
            Ok(())
        }
    }

    pub(crate) fn call_error<E>(e: &SdkError<E>) -> CallError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let status = e.raw_response().map(|r| r.status().as_u16());
        let transport = match e {
            SdkError::DispatchFailure(d) => Some(match d.as_connector_error() {
                Some(c) => transport(c, d.is_timeout()),
                None => Transport::Other(chain_text(e, 300)),
            }),
            _ => None,
        };
        // a server may echo the request's headers (the session token, the signature) in its
        // error: hidden before the text goes anywhere (-v, messages, report notes, Lambda errors)
        let redact = |t: String| crate::emit::redact_secrets(&t).into_owned();
        CallError {
            code: e.code().map(|c| redact(c.to_string())),
            message: e
                .message()
                .map(|m| redact(m.chars().take(200).collect::<String>())),
            status,
            transport: transport.map(|t| match t {
                Transport::Other(text) => Transport::Other(redact(text)),
                Transport::Tls(text) => Transport::Tls(redact(text)),
                t => t,
            }),
            timeout: matches!(e, SdkError::TimeoutError(_)),
            too_large: too_large(e).map(|t| u32::try_from(t.limit / 1024).unwrap_or(u32::MAX)),
            text: redact(chain_text(e, 300)),
        }
    }

    const THROTTLING: &[&str] = &[
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "ServiceUnavailable",
    ];

    fn classify(
        e: CallError,
        call: &'static str,
        permission: &'static str,
        conn: &Connection,
        region: &str,
    ) -> Failure {
        if let Some(why) = e.transport {
            return Failure::Unreachable {
                place: place(conn, region),
                why,
            };
        }
        if e.timeout {
            return Failure::TimedOut {
                after: conn.timeout,
                what: format!("S3 {} did not answer {call}", place(conn, region)),
            };
        }
        if e.too_large.is_some() {
            return Failure::Other(format!(
                "S3 {} answered {call} with {e}: sma reads at most {} of an answer (a bucket policy is at most 20 KB)",
                place(conn, region),
                super::super::cap::size(MAX_BODY)
            ));
        }
        match (e.code.as_deref(), e.status) {
            (Some("NoSuchBucket"), _) | (Some("NotFound"), _) | (None, Some(404)) => {
                Failure::NoSuchBucket
            }
            (Some("AccessDenied"), _) | (None, Some(403)) => {
                Failure::AccessDenied { call, permission }
            }
            (
                Some(
                    "InvalidAccessKeyId"
                    | "SignatureDoesNotMatch"
                    | "ExpiredToken"
                    | "InvalidToken",
                ),
                _,
            ) => Failure::NoCredentials(format!(
                "S3 refused the credentials ({})",
                e.code.unwrap_or_default()
            )),
            (Some(code), _) if THROTTLING.contains(&code) => Failure::Throttled {
                call,
                answer: match e.status {
                    Some(s) => format!("HTTP {s} {code}"),
                    None => code.to_string(),
                },
            },
            (None, Some(s @ (429 | 503))) => Failure::Throttled {
                call,
                answer: format!("HTTP {s}"),
            },
            _ => Failure::Other(format!(
                "S3 {} answered {call} with {e}",
                place(conn, region)
            )),
        }
    }

    async fn head_bucket(
        client: &Client,
        bucket: &str,
        conn: &Connection,
        region: &str,
        trace: &Trace,
    ) -> Result<Option<String>, Failure> {
        trace.start("HeadBucket");
        let sent = client
            .head_bucket()
            .bucket(bucket)
            .set_expected_bucket_owner(conn.expected_owner.clone())
            .send()
            .await;
        let err = match sent {
            Ok(out) => {
                let region = out.bucket_region().map(str::to_string);
                trace.end(
                    "HeadBucket",
                    format!("ok, region {}", region.as_deref().unwrap_or("?")),
                );
                return Ok(region);
            }
            Err(e) => e,
        };
        let status = err.raw_response().map(|r| r.status().as_u16());
        let bucket_region = err
            .raw_response()
            .and_then(|r| r.headers().get("x-amz-bucket-region"))
            .map(str::to_string);
        if let (Some(301), Some(r)) = (status, &bucket_region) {
            trace.end("HeadBucket", format!("HTTP 301, the bucket is in {r}"));
            return Ok(bucket_region);
        }
        let err = call_error(&err);
        trace.end("HeadBucket", format!("failed: {err}"));
        let failure = classify(err, "HeadBucket", "s3:ListBucket", conn, region);
        // A 403 with ExpectedBucketOwner that goes away without it: another account's bucket.
        if let (Failure::AccessDenied { .. }, Some(expected)) = (&failure, &conn.expected_owner) {
            trace.start("HeadBucket");
            let retry = client.head_bucket().bucket(bucket).send().await;
            trace.end(
                "HeadBucket",
                match &retry {
                    Ok(_) => "ok without ExpectedBucketOwner".to_string(),
                    Err(e) => format!("without ExpectedBucketOwner, failed: {}", call_error(e)),
                },
            );
            if retry.is_ok() {
                return Err(Failure::WrongOwner {
                    expected: expected.clone(),
                });
            }
        }
        Err(failure)
    }

    type Reads = (
        Result<Option<String>, CallError>,
        Result<Option<String>, CallError>,
        Result<Option<Encryption>, CallError>,
    );

    /// Logs one call's outcome and reduces its error; `absent` is the code S3 answers when the
    /// setting is not there (not an error).
    fn settle<T, E>(
        trace: &Trace,
        call: &'static str,
        sent: Result<Option<T>, SdkError<E>>,
        absent: &str,
        shown: impl Fn(&T) -> String,
    ) -> Result<Option<T>, CallError>
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        match sent {
            Ok(Some(v)) => {
                trace.end(call, shown(&v));
                Ok(Some(v))
            }
            Ok(None) => {
                trace.end(call, "ok, not set");
                Ok(None)
            }
            Err(e) if e.code() == Some(absent) => {
                trace.end(call, format!("ok, not set ({absent})"));
                Ok(None)
            }
            Err(e) => {
                let err = call_error(&e);
                trace.end(call, format!("failed: {err}"));
                Err(err)
            }
        }
    }

    async fn reads(client: &Client, bucket: &str, conn: &Connection, trace: &Trace) -> Reads {
        let owner = conn.expected_owner.clone();
        let policy = async {
            trace.start("GetBucketPolicy");
            let sent = client
                .get_bucket_policy()
                .bucket(bucket)
                .set_expected_bucket_owner(owner.clone())
                .send()
                .await
                .map(|out| out.policy().map(str::to_string));
            settle(trace, "GetBucketPolicy", sent, "NoSuchBucketPolicy", |_| {
                "ok".to_string()
            })
        };
        let ownership = async {
            trace.start("GetBucketOwnershipControls");
            let sent = client
                .get_bucket_ownership_controls()
                .bucket(bucket)
                .set_expected_bucket_owner(owner.clone())
                .send()
                .await
                .map(|out| {
                    out.ownership_controls()
                        .and_then(|c| c.rules().first())
                        .map(|r| r.object_ownership().as_str().to_string())
                });
            settle(
                trace,
                "GetBucketOwnershipControls",
                sent,
                "OwnershipControlsNotFoundError",
                |o| format!("ok, {o}"),
            )
        };
        let encryption = async {
            trace.start("GetBucketEncryption");
            let sent = client
                .get_bucket_encryption()
                .bucket(bucket)
                .set_expected_bucket_owner(owner.clone())
                .send()
                .await
                .map(|out| {
                    let rule = out
                        .server_side_encryption_configuration()
                        .and_then(|c| c.rules().first());
                    rule.and_then(|r| r.apply_server_side_encryption_by_default())
                        .map(|d| Encryption {
                            algorithm: d.sse_algorithm().as_str().to_string(),
                            kms_key: d.kms_master_key_id().map(str::to_string),
                            bucket_key: rule.and_then(|r| r.bucket_key_enabled()) == Some(true),
                        })
                });
            settle(
                trace,
                "GetBucketEncryption",
                sent,
                "ServerSideEncryptionConfigurationNotFoundError",
                |e| format!("ok, {}", e.algorithm),
            )
        };
        tokio::join!(policy, ownership, encryption)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn endpoints() {
            assert!(check_endpoint("http://127.0.0.1:9").is_ok());
            assert!(check_endpoint("HTTPS://s3.us-east-1.amazonaws.com/").is_ok());
            let msg = |u| check_endpoint(u).unwrap_err().to_string();
            assert!(
                msg("127.0.0.1:9").contains("no scheme"),
                "{}",
                msg("127.0.0.1:9")
            );
            assert!(msg("localhost").contains("http:// or https://"));
            assert!(msg("s3://b").contains("other than http"));
            assert!(msg("http://").contains("no host"));
            assert!(msg("http://:9000").contains("no host"));
            assert!(msg("http://a b").contains("spaces"));
        }

        #[test]
        fn certificate_problems_in_words() {
            assert_eq!(
                certificate_problem(
                    "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))"
                ),
                "a self-signed CA certificate"
            );
            assert_eq!(
                certificate_problem("invalid peer certificate: UnknownIssuer"),
                "issued by an authority this system does not trust"
            );
            assert_eq!(
                certificate_problem(
                    "invalid peer certificate: NotValidForNameContext { expected: DnsName(\"a\") }"
                ),
                "not valid for this host name"
            );
            assert_eq!(
                certificate_problem("invalid peer certificate: Frobnicated"),
                "Frobnicated"
            );
        }

        #[test]
        fn key_hints_are_partial() {
            assert_eq!(key_hint("AKIAIOSFODNN7EXAMPLE"), "AKIA…MPLE");
            assert_eq!(key_hint("AKIDPROFILE"), "AKID…");
            assert_eq!(key_hint("ab"), "ab…");
        }

        #[test]
        fn redaction() {
            let creds = Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                Some("FwoGZXIvYXdzEXAMPLETOKEN".into()),
                None,
                "test",
            );
            let r = Redact::new(&creds);
            let out = r.apply(
                "key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
             token FwoGZXIvYXdzEXAMPLETOKEN, Signature=abcdef0123, next",
            );
            assert_eq!(
                out,
                "key AKIA…MPLE secret <secret key> token <session token>, Signature=<redacted>, next"
            );
        }
    }
}
