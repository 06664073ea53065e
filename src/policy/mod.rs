//! Pure S3 bucket-policy evaluator for `sma check-bucket`.
//!
//! Question answered: does a bucket policy let the service principal
//! `voiceconnector.chime.amazonaws.com` do what the SMA needs in a bucket: write recordings
//! (`s3:PutObject` **and** `s3:PutObjectAcl` on **every** key under
//! `arn:<partition>:s3:::<bucket>/<prefix>*`), or read audio (`s3:GetObject` on every key under
//! the prefix, or on one exact key)?
//!
//! Evaluation follows IAM (explicit Deny > Allow > implicit deny) in three-valued logic:
//! request values that cannot be known offline (TLS, headers, source IP) make the verdict
//! [`Verdict::Conditional`]. The prefix is a key space: an Allow counts only if its resources
//! cover every key `prefix·Σ+`, a Deny counts if it can hit any of them. The rules are those
//! of the IAM policy-semantics checklist (docs/check-bucket.md); the request context is the data table in
//! [`keys`].
//!
//! No I/O, no printing; duplicate-JSON-key detection happens before this module.

mod actions;
mod condition;
mod correlate;
mod eval;
mod glob;
pub mod iam_data;
mod keycheck;
pub mod keys;
mod parse;
pub mod report;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::{Value, json};

use crate::diagnostic::Meta;
use crate::pointer::Pointer;

pub use keys::deciding_flag;

/// The principal the PSTN service uses for recordings (case-sensitive).
pub const SERVICE_PRINCIPAL: &str = "voiceconnector.chime.amazonaws.com";
/// The two actions the service needs to write a recording, in reporting order.
pub const ACTIONS: [&str; 2] = ["s3:PutObject", "s3:PutObjectAcl"];
/// The action the service needs to read an audio file (PlayAudio, ringback tones).
pub const READ_ACTIONS: [&str; 1] = ["s3:GetObject"];

/// What the SMA does in the bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// Upload recordings (RecordAudio, StartCallRecording): [`ACTIONS`].
    #[default]
    Write,
    /// Read audio (PlayAudio, PlayAudioAndGetDigits, CallAndBridge's RingbackTone):
    /// [`READ_ACTIONS`].
    Read,
}

impl Need {
    /// The S3 actions this need takes, in reporting order.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            Need::Write => &ACTIONS,
            Need::Read => &READ_ACTIONS,
        }
    }
}

/// The KMS actions the service needs on the bucket's key: writes take `kms:GenerateDataKey`
/// (and `kms:Decrypt` for multipart uploads), reads `kms:Decrypt`.
pub const KMS_WRITE_ACTIONS: [&str; 2] = ["kms:GenerateDataKey", "kms:Decrypt"];
pub const KMS_READ_ACTIONS: [&str; 1] = ["kms:Decrypt"];

/// A request to the KMS key of an SSE-KMS bucket, made by S3 for the service principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KmsRequest {
    /// The key's ARN (a key policy's `"Resource": "*"` is this key).
    pub key_arn: String,
    /// `kms:ViaService`: `s3.<region>.amazonaws.com`, when the bucket's region is known.
    pub via_service: Option<String>,
    /// `kms:EncryptionContext:aws:s3:arn`: the bucket ARN with S3 Bucket Keys, the object ARN
    /// for one known key; `None` when it is the ARN of a key not known here.
    pub context_arn: Option<String>,
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Need::Write => "write",
            Need::Read => "read",
        })
    }
}
/// S3's bucket-policy size limit (20 KB).
pub const MAX_POLICY_BYTES: usize = 20 * 1024;

/// What is being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub bucket: String,
    /// Key prefix; `""` = whole bucket. Pass it with its trailing `/`. With `exact_key`, the
    /// one key checked.
    pub prefix: String,
    /// `prefix` is one whole key (an audio file), not a key space.
    pub exact_key: bool,
    /// What the SMA does there: the actions checked.
    pub need: Need,
    /// `aws`, `aws-us-gov`, `aws-cn`...; default `aws`.
    pub partition: String,
    pub region: Option<String>,
    /// SMA account; when `None` it is taken from `sma_arn` if given.
    pub account: Option<String>,
    pub sma_arn: Option<String>,
    /// Treat `aws:SecureTransport` as known `true` (reported as an assumption). Default true.
    pub assume_tls: bool,
    /// Length in bytes of the policy text as stored/read, for the 20 KB check (SMA305).
    /// `0` = unknown: the length of the compact JSON serialisation is used instead.
    pub text_len: usize,
    /// Refuse condition keys S3 would refuse (a policy file); `false` for a policy S3 holds,
    /// which it accepted (its keys are then only absent or present).
    pub validate_keys: bool,
    /// Evaluate a KMS key policy for the bucket's key instead of the bucket policy.
    pub kms: Option<KmsRequest>,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            bucket: String::new(),
            prefix: String::new(),
            exact_key: false,
            need: Need::Write,
            partition: "aws".to_string(),
            region: None,
            account: None,
            sma_arn: None,
            assume_tls: true,
            text_len: 0,
            validate_keys: true,
            kms: None,
        }
    }
}

impl Request {
    pub fn new(bucket: impl Into<String>, prefix: impl Into<String>) -> Self {
        Request {
            bucket: bucket.into(),
            prefix: prefix.into(),
            ..Request::default()
        }
    }

    /// The SMA account: `account`, else the account inside `sma_arn`.
    pub fn effective_account(&self) -> Option<String> {
        self.account.clone().or_else(|| {
            let arn = self.sma_arn.as_deref()?;
            parse_sma_arn(arn).ok().map(|(_, _, account)| account)
        })
    }

    fn partition(&self) -> &str {
        if self.partition.is_empty() {
            "aws"
        } else {
            &self.partition
        }
    }

    /// The KMS actions the need takes on the bucket's key.
    pub fn actions_for_kms(&self) -> &'static [&'static str] {
        match self.need {
            Need::Write => &KMS_WRITE_ACTIONS,
            Need::Read => &KMS_READ_ACTIONS,
        }
    }

    /// The actions checked: the need's S3 actions, or its KMS actions for a key policy.
    pub fn actions(&self) -> &'static [&'static str] {
        match (&self.kms, self.need) {
            (None, need) => need.actions(),
            (Some(_), _) => self.actions_for_kms(),
        }
    }

    /// `arn:<partition>:s3:::<bucket>/<prefix>*`, the key space being checked (without the
    /// `*` for an exact key); the key's ARN for a key policy.
    pub fn resource_pattern(&self) -> String {
        if let Some(k) = &self.kms {
            return k.key_arn.clone();
        }
        format!(
            "arn:{}:s3:::{}/{}{}",
            self.partition(),
            self.bucket,
            self.prefix,
            if self.exact_key { "" } else { "*" }
        )
    }
}

/// Verdicts, ordered so that the worst wins (`max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Granted,
    Conditional,
    NotGranted,
    Denied,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Granted => "granted",
            Verdict::Conditional => "conditional",
            Verdict::NotGranted => "not-granted",
            Verdict::Denied => "denied",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

/// A statement, identified by position (Sids are optional and may repeat).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRef {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// JSON pointer: `/Statement/2`, or `/Statement` when Statement is a single object.
    pub pointer: String,
}

/// Displays as `#<index> (<Sid>)`, or `#<index>` without a Sid.
impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(f, "#{} ({sid})", self.index),
            None => write!(f, "#{}", self.index),
        }
    }
}

/// The outcome for one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionResult {
    pub action: &'static str,
    pub verdict: Verdict,
    /// The deciding statement(s): the Allows that grant (granted), the Deny(s) that apply
    /// (denied), the statements whose outcome is unknown (conditional), or the Allows that
    /// name the principal and action but fail on resource or condition (not granted).
    pub statements: Vec<StatementRef>,
    /// Condition keys whose unknown value makes the verdict conditional.
    pub unknown_keys: Vec<String>,
    /// One-line explanation.
    pub reason: String,
    /// What to change, when the verdict is not `granted`.
    pub help: Option<String>,
}

/// A lint warning: one of `diagnostic::codes::policy::WARNINGS` (SMA301..SMA307).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static Meta,
    pub message: String,
    pub pointer: String,
    pub help: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// Worst of the per-action verdicts.
    pub verdict: Verdict,
    /// One per action of the need, in its order (`s3:PutObject`, then `s3:PutObjectAcl`).
    pub actions: Vec<ActionResult>,
    /// Assumed request facts that the verdict relied on.
    pub assumptions: Vec<String>,
    /// Union of the actions' unknown keys (see [`deciding_flag`] for the flag deciding each).
    pub unknown_keys: Vec<String>,
    pub warnings: Vec<Finding>,
}

/// A reason the document is not a valid bucket policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    pub message: String,
    pub pointer: String,
    pub help: Option<String>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// Evaluates `policy` for `req`. Invalid documents give every error found, each with a
/// JSON pointer. Never panics; the walk over the document has a fixed depth.
pub fn evaluate(policy: &Value, req: &Request) -> Result<Evaluation, Vec<PolicyError>> {
    let doc = parse::parse(policy)?;
    if req.validate_keys {
        let errors = keycheck::key_errors(&doc);
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    Ok(eval::evaluate(&doc, policy, req))
}

/// The minimal statement granting the need's actions on the key space, pinned with
/// `StringEquals` on `aws:SourceAccount` / `aws:SourceArn` when those are known.
/// `*`/`?` in the prefix are left as they are (the grant then covers a superset).
pub fn fix_statement(req: &Request) -> Value {
    let mut stmt = json!({
        "Sid": match req.need {
            Need::Write => "AllowChimeSmaRecordings",
            Need::Read => "AllowChimeSmaAudio",
        },
        "Effect": "Allow",
        "Principal": { "Service": SERVICE_PRINCIPAL },
        "Action": req.actions(),
        "Resource": req.resource_pattern(),
    });
    let mut eq = serde_json::Map::new();
    if let Some(account) = req.effective_account() {
        eq.insert("aws:SourceAccount".into(), account.into());
    }
    if let Some(arn) = &req.sma_arn {
        eq.insert("aws:SourceArn".into(), arn.clone().into());
    }
    if !eq.is_empty() {
        stmt["Condition"] = json!({ "StringEquals": eq });
    }
    stmt
}

/// Splits `arn:<partition>:chime:<region>:<account>:sma/<id>` into
/// `(partition, region, account)`, validating its shape.
pub fn parse_sma_arn(arn: &str) -> Result<(String, String, String), String> {
    let shape = "expected arn:<partition>:chime:<region>:<account>:sma/<id>";
    let parts: Vec<&str> = arn.split(':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Err(format!("`{arn}` is not an SMA ARN: {shape}"));
    };
    let lower = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let problem = if prefix != "arn" {
        Some("it must start with `arn:`".to_string())
    } else if !(partition.starts_with("aws") && lower(partition)) {
        Some(format!("`{partition}` is not an AWS partition"))
    } else if service != "chime" {
        Some(format!("service is `{service}`, not `chime`"))
    } else if !lower(region) {
        Some(format!("`{region}` is not a region"))
    } else if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("account `{account}` is not 12 digits"))
    } else {
        match resource.strip_prefix("sma/") {
            Some(id) if !id.is_empty() && !id.contains(['*', '?', '/']) => None,
            _ => Some(format!("resource `{resource}` is not `sma/<id>`")),
        }
    };
    match problem {
        Some(p) => Err(format!("`{arn}` is not an SMA ARN: {p} ({shape})")),
        None => Ok((partition.into(), region.into(), account.into())),
    }
}

/// A JSON pointer reference token: a name or an array index (escaped by `crate::pointer`).
pub(crate) trait PtrToken {
    /// `base` with this token appended.
    fn append_to(&self, base: Pointer) -> Pointer;
}

impl PtrToken for str {
    fn append_to(&self, base: Pointer) -> Pointer {
        base.key(self)
    }
}

impl PtrToken for String {
    fn append_to(&self, base: Pointer) -> Pointer {
        base.key(self)
    }
}

impl PtrToken for usize {
    fn append_to(&self, base: Pointer) -> Pointer {
        base.index(*self)
    }
}

impl<T: PtrToken + ?Sized> PtrToken for &T {
    fn append_to(&self, base: Pointer) -> Pointer {
        (**self).append_to(base)
    }
}

/// Appends one reference token to a JSON pointer (RFC 6901 escaping, in `crate::pointer`).
pub(crate) fn ptr(base: &str, token: impl PtrToken) -> String {
    token.append_to(Pointer::from_escaped(base)).into()
}
