//! The only networked code: read a bucket's policy, Object Ownership, default encryption and
//! region through aws-config's default credential chain and aws-sdk-s3, bounded by one timeout.
//!
//! Everything returned is plain data; credentials, tokens and signatures never leave the SDK.
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{ProvideCredentials, Region};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

/// How to reach S3, shaped like the aws CLI's options.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Bounds the whole fetch, credential resolution included.
    pub timeout: Duration,
    /// Sent as `ExpectedBucketOwner` on every request.
    pub expected_owner: Option<String>,
}

/// The bucket's default encryption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    pub algorithm: String,
    pub kms_key: Option<String>,
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
    /// What `-v` shows: the calls made and how each ended (no secrets).
    pub trace: Vec<String>,
}

/// Why the bucket could not be read; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NoCredentials(String),
    AccessDenied {
        call: &'static str,
        permission: &'static str,
    },
    NoSuchBucket,
    WrongOwner {
        expected: String,
    },
    Unreachable(String),
    TimedOut(Duration),
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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
            Failure::Unreachable(why) => write!(f, "could not reach S3: {why}"),
            Failure::TimedOut(d) => write!(
                f,
                "gave up after {}s (--timeout): S3 or the credential provider did not answer",
                d.as_secs_f32()
            ),
            Failure::Other(why) => write!(f, "S3 request failed: {why}"),
        }
    }
}

/// Reads everything `check-bucket` needs about `bucket`, within `conn.timeout`.
pub fn fetch(bucket: &str, conn: &Connection) -> Result<BucketFacts, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Other(format!("could not start the async runtime: {e}")))?;
    runtime.block_on(async {
        tokio::time::timeout(conn.timeout, fetch_async(bucket, conn))
            .await
            .unwrap_or(Err(Failure::TimedOut(conn.timeout)))
    })
}

async fn fetch_async(bucket: &str, conn: &Connection) -> Result<BucketFacts, Failure> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::standard().with_max_attempts(2))
        .timeout_config(
            aws_sdk_s3::config::timeout::TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3).min(conn.timeout))
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
    let provider = shared
        .credentials_provider()
        .ok_or_else(|| Failure::NoCredentials("no credential provider configured".into()))?;
    if let Err(e) = provider.provide_credentials().await {
        return Err(Failure::NoCredentials(first_line(&e.to_string())));
    }
    let client_region = shared
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into());
    let client = |region: &str| {
        let conf = aws_sdk_s3::config::Builder::from(&shared)
            .region(Region::new(region.to_string()))
            .force_path_style(conn.endpoint_url.is_some())
            .build();
        Client::from_conf(conf)
    };
    let first = client(&client_region);
    let mut facts = BucketFacts::default();
    // One parallel round; if the bucket lives in another region, the Get calls are repeated there.
    let (head, reads) = tokio::join!(
        head_bucket(&first, bucket, conn),
        reads(&first, bucket, conn)
    );
    let region = match head {
        Ok(region) => {
            facts.trace.push(format!(
                "HeadBucket: ok, region {}",
                region.as_deref().unwrap_or("?")
            ));
            region
        }
        // The policy read decides whether this is fatal; the region then stays the client's.
        Err(Failure::AccessDenied { call, permission }) => {
            facts.trace.push(format!("{call}: access denied"));
            facts.unreadable.push((call, permission));
            None
        }
        Err(other) => return Err(other),
    };
    let reads = match region.as_deref() {
        Some(r) if r != client_region => {
            facts.trace.push(format!("following the bucket to {r}"));
            self::reads(&client(r), bucket, conn).await
        }
        _ => reads,
    };
    facts.region = region.or(Some(client_region));
    let (policy, ownership, encryption) = reads;
    facts.policy = match policy {
        Ok(p) => p,
        Err(e) => return Err(classify(e, "GetBucketPolicy", "s3:GetBucketPolicy")),
    };
    facts.trace.push(format!(
        "GetBucketPolicy: {}",
        if facts.policy.is_some() {
            "ok"
        } else {
            "no policy"
        }
    ));
    match ownership {
        Ok(o) => facts.ownership = o,
        Err(e) => secondary(
            &mut facts,
            e,
            "GetBucketOwnershipControls",
            "s3:GetBucketOwnershipControls",
        )?,
    }
    match encryption {
        Ok(e) => facts.encryption = e,
        Err(e) => secondary(
            &mut facts,
            e,
            "GetBucketEncryption",
            "s3:GetEncryptionConfiguration",
        )?,
    }
    Ok(facts)
}

/// An error from one call, reduced to what is needed to classify it.
#[derive(Debug)]
pub struct CallError {
    code: Option<String>,
    status: Option<u16>,
    dispatch: Option<String>,
    timeout: bool,
    text: String,
}

fn call_error<E: ProvideErrorMetadata + std::error::Error + 'static, R>(
    e: &SdkError<E, R>,
    status: Option<u16>,
) -> CallError
where
    R: std::fmt::Debug,
{
    CallError {
        code: e.code().map(str::to_string),
        status,
        dispatch: match e {
            SdkError::DispatchFailure(_) => Some(first_line(
                &aws_sdk_s3::error::DisplayErrorContext(e)
                    .to_string()
                    .replace("dispatch failure: ", ""),
            )),
            _ => None,
        },
        timeout: matches!(e, SdkError::TimeoutError(_)),
        text: first_line(&aws_sdk_s3::error::DisplayErrorContext(e).to_string()),
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

fn classify(e: CallError, call: &'static str, permission: &'static str) -> Failure {
    match (e.code.as_deref(), e.status) {
        _ if e.timeout => Failure::Unreachable(format!("{call} timed out")),
        _ if e.dispatch.is_some() => Failure::Unreachable(e.dispatch.unwrap_or_default()),
        (Some("NoSuchBucket"), _) | (Some("NotFound"), _) | (None, Some(404)) => {
            Failure::NoSuchBucket
        }
        (Some("AccessDenied"), _) | (None, Some(403)) => Failure::AccessDenied { call, permission },
        (
            Some("InvalidAccessKeyId" | "SignatureDoesNotMatch" | "ExpiredToken" | "InvalidToken"),
            _,
        ) => Failure::NoCredentials(format!(
            "S3 refused the credentials ({})",
            e.code.unwrap_or_default()
        )),
        _ => Failure::Other(e.text),
    }
}

/// A refused secondary read is recorded, not fatal; anything else is.
fn secondary(
    facts: &mut BucketFacts,
    e: CallError,
    call: &'static str,
    permission: &'static str,
) -> Result<(), Failure> {
    match classify(e, call, permission) {
        Failure::AccessDenied { .. } => {
            facts.trace.push(format!("{call}: access denied"));
            facts.unreadable.push((call, permission));
            Ok(())
        }
        other => Err(other),
    }
}

async fn head_bucket(
    client: &Client,
    bucket: &str,
    conn: &Connection,
) -> Result<Option<String>, Failure> {
    let sent = client
        .head_bucket()
        .bucket(bucket)
        .set_expected_bucket_owner(conn.expected_owner.clone())
        .send()
        .await;
    match sent {
        Ok(out) => Ok(out.bucket_region().map(str::to_string)),
        Err(e) => {
            let status = e.raw_response().map(|r| r.status().as_u16());
            let region = e
                .raw_response()
                .and_then(|r| r.headers().get("x-amz-bucket-region"))
                .map(str::to_string);
            if status == Some(301) && region.is_some() {
                return Ok(region);
            }
            let err = call_error(&e, status);
            let failure = classify(err, "HeadBucket", "s3:ListBucket");
            // A 403 with ExpectedBucketOwner that goes away without it: another account's bucket.
            if let (Failure::AccessDenied { .. }, Some(expected)) = (&failure, &conn.expected_owner)
            {
                let retry = client.head_bucket().bucket(bucket).send().await;
                if retry.is_ok() {
                    return Err(Failure::WrongOwner {
                        expected: expected.clone(),
                    });
                }
            }
            Err(failure)
        }
    }
}

type Reads = (
    Result<Option<String>, CallError>,
    Result<Option<String>, CallError>,
    Result<Option<Encryption>, CallError>,
);

async fn reads(client: &Client, bucket: &str, conn: &Connection) -> Reads {
    let owner = conn.expected_owner.clone();
    let policy = async {
        match client
            .get_bucket_policy()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.clone())
            .send()
            .await
        {
            Ok(out) => Ok(out.policy().map(str::to_string)),
            Err(e) if e.code() == Some("NoSuchBucketPolicy") => Ok(None),
            Err(e) => {
                let status = e.raw_response().map(|r| r.status().as_u16());
                Err(call_error(&e, status))
            }
        }
    };
    let ownership = async {
        match client
            .get_bucket_ownership_controls()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.clone())
            .send()
            .await
        {
            Ok(out) => Ok(out
                .ownership_controls()
                .and_then(|c| c.rules().first())
                .map(|r| r.object_ownership().as_str().to_string())),
            Err(e) if e.code() == Some("OwnershipControlsNotFoundError") => Ok(None),
            Err(e) => {
                let status = e.raw_response().map(|r| r.status().as_u16());
                Err(call_error(&e, status))
            }
        }
    };
    let encryption = async {
        match client
            .get_bucket_encryption()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.clone())
            .send()
            .await
        {
            Ok(out) => Ok(out
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first())
                .and_then(|r| r.apply_server_side_encryption_by_default())
                .map(|d| Encryption {
                    algorithm: d.sse_algorithm().as_str().to_string(),
                    kms_key: d.kms_master_key_id().map(str::to_string),
                })),
            Err(e) if e.code() == Some("ServerSideEncryptionConfigurationNotFoundError") => {
                Ok(None)
            }
            Err(e) => {
                let status = e.raw_response().map(|r| r.status().as_u16());
                Err(call_error(&e, status))
            }
        }
    };
    tokio::join!(policy, ownership, encryption)
}
