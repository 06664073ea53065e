//! The request context of a request by `voiceconnector.chime.amazonaws.com`, as data.
//!
//! [`CONTEXT_KEYS`] says, for each condition key, whether its value is known, the key is
//! absent, or its value is unknown statically. Nothing documents exactly which keys the PSTN
//! service sends; the split follows the IAM availability rules (policy-semantics.md §3), so
//! correct the table rather than the evaluator. Keys not listed are unknown and may be absent.
//!
//! Which service keys an action can carry comes from the Service Authorization Reference
//! ([`super::iam_data`], generated): a service key the action does not support is absent
//! from its requests (`s3:x-amz-server-side-encryption` is PutObject's, not PutObjectAcl's).
//! A global key (`aws:*`) not in [`GLOBAL_KEYS`] is absent from every request.

use std::cell::RefCell;

use super::SERVICE_PRINCIPAL;
use super::glob::{Glob, Tok};
use super::iam_data::{SERVICES, Service};

/// The global condition keys (IAM User Guide, "AWS global condition context keys"); a name
/// ending in `/` is a family (`aws:PrincipalTag/<key>`). Matched case-insensitively.
pub static GLOBAL_KEYS: &[&str] = &[
    "aws:AssumedRoot",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:ChatbotSourceArn",
    "aws:CurrentTime",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:Ec2InstanceSourceVpc",
    "aws:EpochTime",
    "aws:FederatedProvider",
    "aws:IsMcpServiceAction",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalTag/",
    "aws:PrincipalType",
    "aws:Referer",
    "aws:RequestedRegion",
    "aws:RequestTag/",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:ResourceTag/",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIdentity",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:TagKeys",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:userid",
    "aws:username",
    "aws:ViaAWSMCPService",
    "aws:ViaAWSService",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:VpcSourceIp",
];

/// Whether `name` is `key`, or in the family `key` names (`key` ends in `/` or `:`).
fn key_matches(key: &str, name: &str) -> bool {
    if key.ends_with(['/', ':']) {
        name.len() > key.len()
            && name.is_char_boundary(key.len())
            && name[..key.len()].eq_ignore_ascii_case(key)
    } else {
        name.eq_ignore_ascii_case(key)
    }
}

/// Whether `name` is a global condition key.
pub fn is_global_key(name: &str) -> bool {
    GLOBAL_KEYS.iter().any(|k| key_matches(k, name))
}

/// The service a key or action belongs to (`s3` for `s3:PutObject`), if the tables have it.
pub(crate) fn service(name: &str) -> Option<&'static Service> {
    let (prefix, _) = name.split_once(':')?;
    SERVICES
        .iter()
        .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
}

/// Whether `name` is a condition key of its service (`None`: a service not in the tables).
pub(crate) fn is_service_key(name: &str) -> Option<bool> {
    Some(service(name)?.keys.iter().any(|k| key_matches(k, name)))
}

/// Whether `action` (`s3:PutObject`) supports the service key `name`; `None` when the action
/// is not in the tables.
pub(crate) fn supports(action: &str, name: &str) -> Option<bool> {
    let svc = service(action)?;
    let (_, bare) = action.split_once(':')?;
    let (_, keys) = svc
        .actions
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(bare))?;
    Some(keys.iter().any(|k| key_matches(k, name)))
}

/// Where a known key's value comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// The SMA account (`--account`, or the account in `--sma-arn`).
    Account,
    /// The SMA ARN (`--sma-arn`).
    SmaArn,
    /// `"true"` when `Request::assume_tls`, else unknown.
    Tls,
    /// `kms:ViaService` of a key-policy request (`s3.<region>.amazonaws.com`).
    ViaService,
    /// `kms:EncryptionContext:aws:s3:arn` of a key-policy request.
    S3ContextArn,
    Const(&'static str),
}

#[derive(Clone, Copy, Debug)]
pub enum Class {
    Known(Source),
    /// Never in the request context for this principal.
    Absent,
    /// Always in the request context, value unknown (decides `Null`).
    Present,
    /// Value unknown, presence unknown.
    Unknown,
}

#[derive(Debug)]
pub struct KeyInfo {
    /// Canonical spelling; matched case-insensitively.
    pub name: &'static str,
    /// `name` is a prefix (`aws:PrincipalTag/`, `s3:x-amz-grant-`...).
    pub prefix: bool,
    pub class: Class,
    /// The CLI flag that decides the value: the one that turns an unknown value into a known
    /// one, or (`aws:SecureTransport`) the one that leaves it unknown.
    pub flag: Option<&'static str>,
    /// Reported in `Evaluation::assumptions` when the key's assumed value is used.
    pub assumption: Option<&'static str>,
}

const fn key(name: &'static str, class: Class) -> KeyInfo {
    KeyInfo {
        name,
        prefix: false,
        class,
        flag: None,
        assumption: None,
    }
}
const fn family(name: &'static str, class: Class) -> KeyInfo {
    KeyInfo {
        prefix: true,
        ..key(name, class)
    }
}
const fn flagged(name: &'static str, src: Source, flag: &'static str) -> KeyInfo {
    KeyInfo {
        flag: Some(flag),
        ..key(name, Class::Known(src))
    }
}

use Class::{Absent, Known, Present, Unknown};

/// The context-key table (policy-semantics.md §3).
pub static CONTEXT_KEYS: &[KeyInfo] = &[
    // known
    flagged(
        "aws:SourceAccount",
        Source::Account,
        "--account or --sma-arn",
    ),
    flagged("aws:SourceArn", Source::SmaArn, "--sma-arn"),
    key(
        "aws:PrincipalServiceName",
        Known(Source::Const(SERVICE_PRINCIPAL)),
    ),
    key(
        "aws:PrincipalServiceNamesList",
        Known(Source::Const(SERVICE_PRINCIPAL)),
    ),
    key("aws:PrincipalIsAWSService", Known(Source::Const("true"))),
    key("aws:ViaAWSService", Known(Source::Const("false"))),
    KeyInfo {
        assumption: Some(
            "aws:ResourceAccount is taken to be the SMA account (the bucket must belong to it)",
        ),
        ..flagged(
            "aws:ResourceAccount",
            Source::Account,
            "--account or --sma-arn",
        )
    },
    KeyInfo {
        assumption: Some(
            "aws:SecureTransport is assumed true (the service calls S3 over TLS); --no-assume-tls leaves it unknown",
        ),
        ..flagged("aws:SecureTransport", Source::Tls, "--no-assume-tls")
    },
    // absent for a service principal
    key("aws:PrincipalOrgID", Absent),
    key("aws:PrincipalOrgPaths", Absent),
    key("aws:PrincipalArn", Absent),
    family("aws:PrincipalTag/", Absent),
    key("aws:username", Absent),
    key("aws:SourceVpc", Absent),
    key("aws:SourceVpce", Absent),
    key("aws:VpcSourceIp", Absent),
    family("aws:MultiFactorAuth", Absent),
    key("aws:TokenIssueTime", Absent),
    family("aws:CalledVia", Absent),
    key("aws:SourceIdentity", Absent),
    key("aws:FederatedProvider", Absent),
    family("aws:Ec2InstanceSource", Absent),
    key("s3:prefix", Absent),
    // requests S3 makes to KMS for an SSE-KMS object (absent from S3 requests: not their keys)
    key("kms:ViaService", Known(Source::ViaService)),
    key(
        "kms:EncryptionContext:aws:s3:arn",
        Known(Source::S3ContextArn),
    ),
    key(
        "kms:EncryptionAlgorithm",
        Known(Source::Const("SYMMETRIC_DEFAULT")),
    ),
    key("kms:GrantIsForAWSResource", Known(Source::Const("false"))),
    key("s3:delimiter", Absent),
    key("s3:max-keys", Absent),
    // always present, value unknown
    key("aws:CurrentTime", Present),
    key("aws:EpochTime", Present),
    key("aws:UserAgent", Present),
    key("aws:RequestedRegion", Present),
    key("aws:PrincipalAccount", Present),
    key("aws:PrincipalType", Present),
    key("aws:userid", Present),
    // unknown (listed for documentation; unlisted keys behave the same)
    key("aws:SourceIp", Unknown),
    key("aws:Referer", Unknown),
    key("s3:x-amz-acl", Unknown),
    family("s3:x-amz-grant-", Unknown),
    key("s3:x-amz-server-side-encryption", Unknown),
    key("s3:x-amz-server-side-encryption-aws-kms-key-id", Unknown),
    key("s3:x-amz-content-sha256", Unknown),
    key("s3:x-amz-storage-class", Unknown),
    family("s3:RequestObjectTag/", Unknown),
    key("s3:TlsVersion", Unknown),
    key("s3:authType", Unknown),
    key("s3:signatureversion", Unknown),
    family("s3:object-lock-", Unknown),
];

pub(crate) fn find(name: &str) -> Option<&'static KeyInfo> {
    CONTEXT_KEYS.iter().find(|k| {
        if k.prefix {
            name.len() >= k.name.len()
                && name.is_char_boundary(k.name.len())
                && name[..k.name.len()].eq_ignore_ascii_case(k.name)
        } else {
            name.eq_ignore_ascii_case(k.name)
        }
    })
}

/// Which CLI flag decides a key, if any (from [`CONTEXT_KEYS`]).
pub fn deciding_flag(key: &str) -> Option<&'static str> {
    find(key).and_then(|k| k.flag)
}

/// What to do on the command line to decide a key left unknown, if a flag can: pass
/// `--sma-arn`..., or leave out `--no-assume-tls`.
pub fn how_to_decide(key: &str) -> Option<String> {
    let info = find(key)?;
    let flag = info.flag?;
    Some(match info.class {
        Known(Source::Tls) => {
            format!("leave out {flag} to take {key} as true (AWS services call S3 over TLS)")
        }
        _ => format!("pass {flag} to decide {key}"),
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyState {
    Known(String),
    /// An SMA ARN of a known account and partition, region and id unknown:
    /// `arn:<partition>:chime:<region>:<account>:sma/<id>` (`aws:SourceArn` with `--account`
    /// only). Patterns decide against the shape (see `condition::shaped`).
    SmaArnOf {
        partition: String,
        account: String,
    },
    Absent,
    Unknown {
        present: bool,
    },
}

/// What the evaluator knows about one request.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The action of the request (`s3:PutObject`): decides which service keys it carries.
    pub action: &'static str,
    pub account: Option<String>,
    pub sma_arn: Option<String>,
    pub assume_tls: bool,
    /// The partition of the SMA (the bucket's, `aws` unless `--sma-arn` says otherwise).
    pub partition: String,
    /// The KMS request, when a key policy is evaluated.
    pub kms: Option<super::KmsRequest>,
    /// Policy variables are substituted (Version 2012-10-17 only).
    pub variables: bool,
    /// Keys given a value (`Some`) or made absent (`None`) for this request: one combination
    /// of the classes `correlate` enumerates.
    pub overrides: Vec<(String, Option<String>)>,
    pub assumptions: RefCell<Vec<&'static str>>,
}

impl Ctx {
    /// The key's state and its display name (canonical if listed, else as written).
    pub(crate) fn lookup<'a>(&self, name: &'a str) -> (KeyState, &'a str) {
        let global = name.len() > 4 && name[..4].eq_ignore_ascii_case("aws:");
        if global && !is_global_key(name) {
            // not a key of any request (a typo: the lint names it)
            return (KeyState::Absent, name);
        }
        if !global && service(name).is_some() && supports(self.action, name) == Some(false) {
            // a key of another action or service: this request does not carry it
            return (KeyState::Absent, name);
        }
        if let Some((_, v)) = self
            .overrides
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            let state = match v {
                Some(v) => KeyState::Known(v.clone()),
                None => KeyState::Absent,
            };
            return (state, name);
        }
        let Some(info) = find(name) else {
            return (KeyState::Unknown { present: false }, name);
        };
        let display = if info.prefix { name } else { info.name };
        let state = match info.class {
            Known(src) => {
                let value = match src {
                    Source::Account => self.account.clone(),
                    Source::SmaArn => self.sma_arn.clone(),
                    Source::Tls => self.assume_tls.then(|| "true".to_string()),
                    Source::Const(v) => Some(v.to_string()),
                    Source::ViaService => self.kms.as_ref().and_then(|k| k.via_service.clone()),
                    Source::S3ContextArn => self.kms.as_ref().and_then(|k| k.context_arn.clone()),
                };
                match value {
                    Some(v) => {
                        if let Some(a) = info.assumption {
                            let mut list = self.assumptions.borrow_mut();
                            if !list.contains(&a) {
                                list.push(a);
                            }
                        }
                        KeyState::Known(v)
                    }
                    None => match (src, &self.account) {
                        // the SMA's ARN has its account: a shape, not a free string
                        (Source::SmaArn, Some(account)) => KeyState::SmaArnOf {
                            partition: self.partition.clone(),
                            account: account.clone(),
                        },
                        _ => KeyState::Unknown { present: true },
                    },
                }
            }
            Absent => KeyState::Absent,
            Present => KeyState::Unknown { present: true },
            Unknown => KeyState::Unknown { present: false },
        };
        (state, display)
    }

    /// Compiles a Resource pattern or condition value, substituting `${...}` policy variables
    /// when enabled. `wildcards` selects whether `*`/`?` are wildcards. Substituted text and
    /// the escapes `${*}`, `${?}`, `${$}` are always literal.
    pub(crate) fn compile(&self, raw: &str, wildcards: bool) -> Resolved {
        let plain = |s: &str| {
            if wildcards {
                Glob::wild(s)
            } else {
                Glob::literal(s)
            }
        };
        if !self.variables || !raw.contains("${") {
            return Resolved::Glob(plain(raw));
        }
        let mut out = Glob::default();
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            out.0.extend(plain(&rest[..start]).0);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.0.extend(plain(&rest[start..]).0);
                rest = "";
                break;
            };
            let inner = &after[..end];
            rest = &after[end + 1..];
            let (name, default) = match inner.split_once(',') {
                Some((n, d)) => (n.trim(), Some(d.trim().trim_matches('\'').to_string())),
                None => (inner.trim(), None),
            };
            let text = match name {
                "*" | "?" | "$" => name.to_string(),
                _ => match (self.lookup(name), default) {
                    ((KeyState::Known(v), _), _) => v,
                    ((KeyState::Absent, _), Some(d)) => d,
                    ((KeyState::Absent, _), None) => return Resolved::Absent,
                    ((KeyState::Unknown { .. } | KeyState::SmaArnOf { .. }, display), _) => {
                        return Resolved::Unknown(display.to_string());
                    }
                },
            };
            out.0.extend(text.chars().map(Tok::Lit));
        }
        out.0.extend(plain(rest).0);
        Resolved::Glob(out)
    }
}

/// A compiled pattern, or why it could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    Glob(Glob),
    /// Uses a variable whose value is unknown (the key's display name).
    Unknown(String),
    /// Uses a variable for an absent key without a default: matches nothing.
    Absent,
}
