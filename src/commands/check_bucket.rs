//! `sma check-bucket`: read a bucket policy, evaluate it for the Chime service principal with
//! `policy`, and report verdicts with diagnostics on the policy text.
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::lint::{self, Input};
use super::{Io, Outcome, Result, env_color};
use crate::aws::s3;
use crate::cli::CheckBucketArgs;
use crate::diagnostic::Checked;
use crate::diagnostic::codes::policy as codes;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::emit::bucket::{Note, Report, as_checked, json_report, pretty_report};
use crate::emit::{Format, Target};
use crate::emit::{Options, escape_text, pretty};
use crate::pointer::Pointer;
use crate::policy::report::{
    evaluate, evaluate_value, fixed_policy, get_bucket_policy_output, no_policy,
};
use crate::policy::{self, Evaluation, Need, Request, Verdict};
use crate::rules;
use crate::source::{self as input, SourceFile};
use crate::template::{self, BucketPolicy, Detected, Pseudo, Template};
use crate::util::atomic::{self, Existing};
use crate::{engine, model, parse};

/// What went wrong before a verdict could be given (exit 2).
enum Failure {
    /// A plain message (bad flag, unreadable file, S3 error).
    Message(String),
    /// Diagnostics on the policy text.
    Diagnostics(SourceFile, Vec<Diagnostic>),
    /// Diagnostics on a template that cannot be read, or on one of its policies (its id).
    Template(SourceFile, Option<String>, Vec<Diagnostic>),
    /// A live read that failed, with the `-v` trace of the calls made (empty without `-v`).
    Live { message: String, trace: Vec<String> },
}

/// What `--policy-file` holds.
enum PolicyInput {
    Policy(SourceFile),
    Template(Box<Template>),
}

/// Builds the request from the flags, validating `--account` and `--sma-arn`, and the
/// `--bucket` name unless it selects a template's bucket (which may be a logical id).
pub fn request(args: &CheckBucketArgs) -> Result<Request> {
    request_for(args, true)
}

fn request_for(args: &CheckBucketArgs, bucket_is_a_name: bool) -> Result<Request> {
    if let Some(name) = args.bucket.as_ref().filter(|_| bucket_is_a_name) {
        // a placeholder (`{{bucket-name}}`) or a name no bucket can have is never sent to S3;
        // names only a legacy us-east-1 bucket can have are allowed
        let (problems, legacy) = rules::bucket_name_problems(name);
        if !problems.is_empty() && !legacy {
            miette::bail!(
                "--bucket `{name}` is not a valid bucket name: {}; not sent to S3",
                problems.join("; ")
            );
        }
    }
    let mut req = Request::new(args.bucket.clone().unwrap_or_default(), &args.prefix);
    req.assume_tls = !args.no_assume_tls;
    req.need = args.need.map(Need::from).unwrap_or_default();
    if let Some(account) = &args.account {
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(miette::miette!(
                "--account `{account}` is not a 12-digit AWS account id"
            ));
        }
        req.account = Some(account.clone());
    }
    if let Some(arn) = &args.sma_arn {
        let (partition, region, account) =
            policy::parse_sma_arn(arn).map_err(|e| miette::miette!("--sma-arn: {e}"))?;
        if req.account.as_ref().is_some_and(|a| *a != account) {
            return Err(miette::miette!(
                "--account {} and the account in --sma-arn ({account}) differ",
                args.account.as_deref().unwrap_or_default()
            ));
        }
        req.partition = partition;
        req.region = Some(region);
        req.account = Some(account);
        req.sma_arn = Some(arn.clone());
    }
    Ok(req)
}

/// Where `--policy-file` reads: `-` is stdin; `file://PATH` is PATH, as the aws CLI reads
/// `--policy file://PATH` (a leading `~/` is the home directory there too); anything else is
/// a path.
fn policy_path(arg: &Path) -> Option<PathBuf> {
    if arg.as_os_str() == "-" {
        return None;
    }
    let Some(rest) = arg.to_str().and_then(|a| a.strip_prefix("file://")) else {
        return Some(arg.to_path_buf());
    };
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    Some(match rest.strip_prefix("~/").zip(home) {
        Some((tail, home)) => Path::new(&home).join(tail),
        None => PathBuf::from(rest),
    })
}

/// Reads `--policy-file` (stdin for `-`), capped at `MAX_POLICY` either way.
fn read_policy(arg: &Path, stdin: &mut dyn Read) -> Result<PolicyInput, Failure> {
    let Some(path) = policy_path(arg) else {
        let bytes = input::read_capped_max(stdin, input::MAX_POLICY)
            .map_err(|e| Failure::Message(format!("could not read the policy from stdin: {e}")))?;
        return policy_source("<stdin>", bytes);
    };
    if path.as_os_str().is_empty() {
        return Err(Failure::Message(format!(
            "--policy-file `{}` names no file: write `file://PATH` (or just PATH)",
            arg.display()
        )));
    }
    let name = path.display().to_string();
    let bytes = input::read_capped_file(&path, input::MAX_POLICY)
        .map_err(|e| Failure::Message(format!("could not read `{name}`: {e}")))?;
    policy_source(&name, bytes)
}

/// `--policy-file`, read once (`None` without it).
fn policy_arg(args: &CheckBucketArgs, io: &mut Io<'_>) -> Result<Option<PolicyInput>, Failure> {
    args.policy_file
        .as_deref()
        .map(|arg| read_policy(arg, &mut *io.stdin))
        .transpose()
}

/// The policy text of a saved policy file; an empty one (or one of only whitespace) is a
/// message about the policy it should hold, not a JSON syntax error. The output of
/// `aws s3api get-bucket-policy` (`{"Policy": "<policy text>"}`) is unwrapped into a source of
/// its own, `NAME (Policy)`, so findings' lines and columns refer to the policy text. A
/// CloudFormation template (JSON or YAML) is read as one.
fn policy_source(name: &str, bytes: Vec<u8>) -> Result<PolicyInput, Failure> {
    let (source, bad) = parse::decode(name, bytes);
    if let Some(d) = bad {
        return Err(Failure::Diagnostics(source, vec![d]));
    }
    not_empty(&source)?;
    if let Some(inner) = get_bucket_policy_output(&source) {
        not_empty(&inner)?;
        return Ok(PolicyInput::Policy(inner));
    }
    match template::detect(&source) {
        Detected::No => Ok(PolicyInput::Policy(source)),
        Detected::Template(t) => Ok(PolicyInput::Template(t)),
        Detected::Invalid(d) => Err(Failure::Template(source, None, d)),
    }
}

fn not_empty(source: &SourceFile) -> Result<(), Failure> {
    if !source
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Ok(());
    }
    let what = if source.text.is_empty() {
        "is empty"
    } else {
        "holds only whitespace"
    };
    Err(Failure::Message(format!(
        "`{}` {what}: expected a bucket policy `{{\"Version\": \"2012-10-17\", \"Statement\": [...]}}`",
        source.name
    )))
}

/// The key policy of an SSE-KMS bucket, evaluated for what the service asks KMS for: writes
/// need `kms:GenerateDataKey` (an error when it is not granted; `kms:Decrypt` too, for
/// multipart uploads: a warning), reads `kms:Decrypt`. KMS grants are not read.
fn key_policy_notes(
    arn: &str,
    text: &str,
    enc: &s3::Encryption,
    region: Option<&str>,
    req: &Request,
) -> Vec<Note> {
    let partition = if req.partition.is_empty() {
        "aws"
    } else {
        req.partition.as_str()
    };
    let context_arn = if enc.bucket_key {
        Some(format!("arn:{partition}:s3:::{}", req.bucket))
    } else if req.exact_key {
        Some(format!(
            "arn:{partition}:s3:::{}/{}",
            req.bucket, req.prefix
        ))
    } else {
        None
    };
    let kreq = Request {
        kms: Some(policy::KmsRequest {
            key_arn: arn.to_string(),
            via_service: region.map(|r| format!("s3.{r}.amazonaws.com")),
            context_arn,
        }),
        validate_keys: false,
        ..req.clone()
    };
    let unusable = |why: String| {
        vec![Note {
            meta: &codes::KmsKeyPolicy::META,
            message: format!(
                "the key policy of `{arn}` could not be evaluated ({why}); not verified"
            ),
        }]
    };
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return unusable("it is not JSON".into());
    };
    let eval = match policy::evaluate(&value, &kreq) {
        Ok(eval) => eval,
        Err(errors) => return unusable(errors[0].to_string()),
    };
    let mut notes = Vec::new();
    for (i, a) in eval.actions.iter().enumerate() {
        let needed = i == 0;
        let what = match (req.need, needed) {
            (policy::Need::Write, true) => "uploads to this bucket fail",
            (policy::Need::Write, false) => "multipart uploads need it",
            (policy::Need::Read, _) => "the SMA cannot read the audio",
        };
        let (meta, how) = match a.verdict {
            Verdict::Granted => continue,
            Verdict::Conditional => (
                &codes::KmsKeyPolicy::META,
                "grants `ACTION` only under conditions",
            ),
            Verdict::NotGranted | Verdict::Denied if needed => {
                (&codes::KmsKeyPolicyDenies::META, "does not grant `ACTION`")
            }
            Verdict::NotGranted | Verdict::Denied => {
                (&codes::KmsKeyPolicy::META, "does not grant `ACTION`")
            }
        };
        let how = how.replace("ACTION", a.action);
        notes.push(Note {
            meta,
            message: format!(
                "the key policy of `{arn}` {how}: {} ({what}; KMS grants were not read)",
                a.reason
            ),
        });
    }
    notes
}

/// The largest audio file the SMA plays (PlayAudio: "raw PCM WAV <= 50 MB").
const MAX_AUDIO_BYTES: i64 = 50 * 1024 * 1024;

/// Notes from what S3 said about the bucket besides its policy.
fn notes(facts: &s3::BucketFacts, req: &Request) -> (Vec<Note>, Vec<String>) {
    let mut notes = Vec::new();
    let mut assumptions = Vec::new();
    if facts.ownership.as_deref() == Some("BucketOwnerEnforced") {
        notes.push(Note {
            meta: &codes::AclsDisabled::META,
            message: "Object Ownership is BucketOwnerEnforced: ACLs are disabled on this bucket; \
                      the RecordAudio docs still require the s3:PutObjectAcl grant, so keep it"
                .into(),
        });
    }
    if let Some(enc) = &facts.encryption {
        let aws_managed = enc
            .kms_key
            .as_deref()
            .is_none_or(|k| k.contains("alias/aws/"));
        if enc.algorithm.starts_with("aws:kms") && !aws_managed {
            let key = enc.kms_key.as_deref().unwrap_or_default();
            let unverified = |why: &str| Note {
                meta: &codes::KmsKeyPolicy::META,
                message: format!(
                    "default encryption is SSE-KMS with the customer managed key `{key}`: its key policy must allow \
                     {} `{}` ({why})",
                    policy::SERVICE_PRINCIPAL,
                    req.actions_for_kms().join("` and `"),
                ),
            };
            match &facts.key {
                Some(s3::KeyPolicy::Read { arn, policy }) => {
                    notes.extend(key_policy_notes(arn, policy, enc, facts.region.as_deref(), req));
                }
                Some(s3::KeyPolicy::AwsManaged { arn }) => notes.push(Note {
                    meta: &codes::KmsKeyPolicy::META,
                    message: format!(
                        "default encryption uses the AWS managed key `{arn}`, whose policy admits only principals of the account through S3: uploads by {} are expected to fail (inferred); use SSE-S3 or a customer managed key",
                        policy::SERVICE_PRINCIPAL
                    ),
                }),
                Some(s3::KeyPolicy::Unreadable {
                    call,
                    permission,
                    why,
                    denied,
                }) => {
                    notes.push(unverified(&format!("not verified: {call} failed: {why}")));
                    if *denied {
                        notes.push(Note {
                        meta: &codes::BucketSettingUnreadable::META,
                            message: format!(
                                "could not read {call} (needs `{permission}`); the key policy was not checked"
                            ),
                        });
                    }
                }
                None => notes.push(unverified("not verified")),
            }
        }
    }
    let object = format!("s3://{}/{}", req.bucket, req.prefix);
    match &facts.object {
        Some(s3::Object::Missing) => notes.push(Note {
            meta: &codes::AudioUnplayable::META,
            message: format!(
                "`{object}` does not exist: the action that plays it fails (ACTION_FAILED)"
            ),
        }),
        Some(s3::Object::Found { content_type, size }) => {
            if size.is_some_and(|s| s > MAX_AUDIO_BYTES) {
                notes.push(Note {
                    meta: &codes::AudioUnplayable::META,
                    message: format!(
                        "`{object}` is {} bytes: the SMA plays WAV files of up to 50 MB",
                        size.unwrap_or_default()
                    ),
                });
            }
            let wav = content_type.as_deref().is_some_and(|t| {
                matches!(
                    t.trim().to_ascii_lowercase().as_str(),
                    "audio/wav" | "audio/x-wav"
                )
            });
            if !wav {
                notes.push(Note {
                    meta: &codes::AudioContentType::META,
                    message: format!(
                        "`{object}` has content type `{}`: the SMA expects a WAV file stored as `audio/wav`",
                        content_type.as_deref().unwrap_or("(none)")
                    ),
                });
            }
        }
        Some(s3::Object::Unreadable) | None => {}
    }
    for (call, permission) in &facts.unreadable {
        notes.push(Note {
            meta: &codes::BucketSettingUnreadable::META,
            message: format!(
                "could not read {call} (needs `{permission}`); that setting was not checked"
            ),
        });
    }
    match &req.account {
        Some(account) => assumptions.push(format!(
            "bucket ownership verified: requests carried ExpectedBucketOwner={account}"
        )),
        None => assumptions.push(
            "bucket ownership not verified: pass --account or --sma-arn to check that the bucket is in the SMA's own account"
                .into(),
        ),
    }
    (notes, assumptions)
}

/// When the whole command must be done: `--timeout` from now (called once, at its start).
fn deadline(args: &CheckBucketArgs) -> Instant {
    Instant::now() + Duration::from_secs(args.timeout)
}

fn connection(args: &CheckBucketArgs, req: &Request, deadline: Instant) -> s3::Connection {
    s3::Connection {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout: Duration::from_secs(args.timeout),
        deadline: Some(deadline),
        expected_owner: req.account.clone(),
        // the audio file a PlayAudio reads: does it exist, and can the SMA play it?
        object_key: req.exact_key.then(|| req.prefix.clone()),
    }
}

/// A failed live read: the bucket and the reason (a bad `--endpoint-url` is about the flag,
/// not the bucket), with the calls made when `-v` asks for them.
fn live_failure(args: &CheckBucketArgs, req: &Request, e: s3::Failed) -> Failure {
    let message = match e.failure {
        // about the flags and the identity, not the bucket
        s3::Failure::BadEndpoint { .. }
        | s3::Failure::ProfileNotFound { .. }
        | s3::Failure::ProfileUnusable { .. } => e.to_string(),
        _ => format!("s3://{}: {e}", req.bucket),
    };
    let trace = if args.verbose { e.trace } else { Vec::new() };
    Failure::Live { message, trace }
}

/// Evaluates one (bucket, prefix) against a saved policy text.
fn offline_report(source: SourceFile, req: &Request) -> Result<Report, Failure> {
    let (eval, diagnostics) =
        evaluate(&source, req).map_err(|d| Failure::Diagnostics(source.clone(), d))?;
    Ok(Report {
        req: req.clone(),
        source: Some(source),
        eval,
        diagnostics,
        notes: Vec::new(),
        trace: Vec::new(),
        resource: None,
    })
}

/// Evaluates one of a template's bucket policies for `req` (whose bucket is the policy's).
/// The template's own warnings go with `first`.
fn template_report(
    tpl: &Template,
    policy: &BucketPolicy,
    req: &Request,
    first: bool,
) -> Result<Report, Failure> {
    let spans = tpl.spans_of(policy);
    let rooted = |mut d: Diagnostic| {
        d.pointer = format!("{}{}", policy.pointer, d.pointer);
        d
    };
    let failed = |d: Vec<Diagnostic>| {
        let mut all = policy.unresolved.clone();
        all.extend(d.into_iter().map(rooted).map(unplaceholder));
        Failure::Template(tpl.source.clone(), Some(policy.id.clone()), all)
    };
    if policy.document.is_null() {
        let at = crate::parse::Locate::locate(&spans, "").value;
        let missing = Finding::new(
            format!("`{}` has no `PolicyDocument`", policy.id),
            policy.pointer.as_str(),
            at,
        )
        .label("no PolicyDocument here")
        .help("an AWS::S3::BucketPolicy needs Properties.PolicyDocument, the policy itself")
        .stamp(&codes::InvalidPolicy::META);
        return Err(failed(Vec::new()).with(missing));
    }
    let (eval, found) = evaluate_value(&policy.document, &spans, req).map_err(failed)?;
    let mut diagnostics: Vec<Diagnostic> = if first {
        tpl.warnings.clone()
    } else {
        Vec::new()
    };
    diagnostics.extend(policy.unresolved.iter().cloned());
    diagnostics.extend(found.into_iter().map(rooted).map(unplaceholder));
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    crate::diagnostic::cap(&mut diagnostics);
    Ok(Report {
        req: req.clone(),
        source: Some(tpl.source.clone()),
        eval,
        diagnostics,
        notes: Vec::new(),
        trace: Vec::new(),
        resource: Some(policy.id.clone()),
    })
}

impl Failure {
    /// The failure with one more diagnostic (for the failures that carry them).
    fn with(mut self, d: Diagnostic) -> Self {
        if let Failure::Diagnostics(_, list) | Failure::Template(_, _, list) = &mut self {
            list.push(d);
        }
        self
    }
}

/// A finding about a template's policy words a value known only at deploy time as what it is
/// (`an unresolved Fn::If`), not as the placeholder the evaluator read.
fn unplaceholder(mut d: Diagnostic) -> Diagnostic {
    while let Some(start) = d.message.find("${template:") {
        let Some(len) = d.message[start..].find('}') else {
            break;
        };
        let what = d.message[start + 11..start + len].to_string();
        d.message.replace_range(
            start..=start + len,
            &format!("<{what}, known at deploy time>"),
        );
    }
    d
}

/// The pseudo parameters' values the flags decide.
fn pseudo(req: &Request) -> Pseudo {
    Pseudo {
        account: req.effective_account(),
        partition: req.partition.clone(),
        region: req.region.clone(),
    }
}

/// Evaluates one (bucket, prefix): against `policy` (`--policy-file`), or live from S3 by
/// the command's `deadline`.
fn check_target(
    args: &CheckBucketArgs,
    req: &Request,
    policy: Option<&SourceFile>,
    deadline: Instant,
) -> Result<Report, Failure> {
    if let Some(source) = policy {
        return offline_report(source.clone(), req);
    }
    let facts = s3::fetch(&req.bucket, &connection(args, req, deadline))
        .map_err(|e| live_failure(args, req, e))?;
    let (notes, assumptions) = notes(&facts, req);
    let (source, mut eval, diagnostics) = match &facts.policy {
        Some(text) => {
            let source = SourceFile::new(format!("s3://{}/?policy", req.bucket), text.clone());
            // S3 accepted this policy: its condition keys are not judged again
            let held = Request {
                validate_keys: false,
                ..req.clone()
            };
            let (eval, diagnostics) =
                evaluate(&source, &held).map_err(|d| Failure::Diagnostics(source.clone(), d))?;
            (Some(source), eval, diagnostics)
        }
        None => (None, no_policy(req), Vec::new()),
    };
    eval.assumptions.extend(assumptions);
    Ok(Report {
        req: req.clone(),
        source,
        eval,
        diagnostics,
        notes,
        trace: facts.trace,
        resource: None,
    })
}

/// One distinct (bucket, key space, need) of the actions of `--from-actions`.
struct Destination {
    bucket: String,
    /// Key prefix, or the one key when `exact`.
    prefix: String,
    exact: bool,
    need: Need,
    /// The inputs that name it, in order.
    files: Vec<String>,
    /// SMA205 (`invalid-bucket-name`) at each place it is written, with the input it is in: a
    /// name that no bucket can have (`{{bucket-name}}`, an empty name) is never sent to S3.
    invalid: Vec<(SourceFile, Diagnostic)>,
}

impl Destination {
    /// `s3://BUCKET/PREFIX` as the pretty lines show it (escaped), `(read)` after a read.
    fn target(&self) -> String {
        let need = match self.need {
            Need::Write => "",
            Need::Read => " (read)",
        };
        format!(
            "s3://{}/{}{need}",
            escape_text(&self.bucket),
            escape_text(&self.prefix)
        )
    }
}

/// What `--from-actions` found.
#[derive(Default)]
struct Found {
    destinations: Vec<Destination>,
    /// Inputs that could not be read or are no handler output: the run stops before any call.
    problems: Vec<miette::Report>,
    /// What a directory walk passed over and why (shown with `-v`).
    passed_over: Vec<String>,
    /// How many handler outputs were read.
    documents: usize,
}

/// One place an action names a bucket, and what the SMA does there.
struct Use {
    need: Need,
    bucket: String,
    prefix: String,
    exact: bool,
    /// Where the bucket name is written (`BucketName`, or StartCallRecording's `Location`).
    at: Pointer,
}

/// Every bucket the actions of `doc` use ([`model::bucket_uses`]): written ones need every
/// key under the prefix, read ones that one key. `Err` names, with the pointer of its key, a
/// place that should name a bucket and does not.
fn bucket_uses(doc: &model::Document) -> (Vec<Use>, Vec<(Pointer, String)>) {
    let (uses, missing) = model::bucket_uses(&doc.actions());
    let uses = uses
        .into_iter()
        .map(|u| Use {
            need: if u.write { Need::Write } else { Need::Read },
            bucket: u.bucket,
            prefix: u.key,
            exact: !u.write,
            at: u.at,
        })
        .collect();
    (uses, missing)
}

/// The distinct bucket uses of handler outputs (see [`bucket_uses`]), in order of
/// appearance. Named files must be handler outputs; directories are walked as `sma lint`
/// walks them (`*.json`, .gitignore honoured, symlinked directories not entered) and only SMA
/// documents in them are read (`package.json` and the like are passed over). `--need`
/// overrides what each use needs.
fn destinations(paths: &[PathBuf], need: Option<Need>, io: &mut Io<'_>) -> Found {
    let collected = lint::collect(paths, false);
    let mut found = Found {
        problems: collected.problems,
        passed_over: collected.passed_over,
        ..Found::default()
    };
    for item in collected.inputs {
        let (name, walked, bytes) = match item {
            Input::Stdin => (
                "<stdin>".to_string(),
                false,
                input::read_capped(&mut *io.stdin, 0),
            ),
            Input::File { path, walked } => {
                (path.display().to_string(), walked, input::read_file(&path))
            }
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                found
                    .problems
                    .push(miette::miette!("could not read `{name}`: {e}"));
                continue;
            }
        };
        let (source, bad) = parse::decode(&name, bytes);
        let doc = if bad.is_none() {
            engine::load(source.clone())
        } else {
            None
        };
        let doc = match doc {
            Some(doc) if !walked || model::is_sma_document(&doc.value) => doc,
            None if !walked || model::mentions_sma(&source.text) => {
                found.problems.push(if bad.is_some() {
                    miette::miette!("`{name}` is not UTF-8 text")
                } else {
                    miette::miette!(
                        "`{name}` is not a handler response, action or action list (see `sma lint {name}`)"
                    )
                });
                continue;
            }
            _ => {
                found
                    .passed_over
                    .push(format!("`{name}`: not an SMA document"));
                continue;
            }
        };
        found.documents += 1;
        let (uses, missing) = bucket_uses(&doc);
        for (at, what) in missing {
            // a place that names no bucket cannot be checked: not passed over in silence
            let p = doc.source.position(doc.key_span(at.as_str()).start);
            found.problems.push(miette::miette!(
                "{name}:{}:{}: {what}, so no bucket can be checked for it (see `sma lint {name}`)",
                p.line,
                p.column
            ));
        }
        for u in uses {
            let need = need.unwrap_or(u.need);
            let i = match found.destinations.iter().position(|d| {
                d.bucket == u.bucket && d.prefix == u.prefix && d.exact == u.exact && d.need == need
            }) {
                Some(i) => i,
                None => {
                    found.destinations.push(Destination {
                        bucket: u.bucket.clone(),
                        prefix: u.prefix,
                        exact: u.exact,
                        need,
                        files: Vec::new(),
                        invalid: Vec::new(),
                    });
                    found.destinations.len() - 1
                }
            };
            let d = &mut found.destinations[i];
            if !d.files.contains(&name) {
                d.files.push(name.clone());
            }
            let span = || doc.span(u.at.as_str());
            if let Some(f) = rules::invalid_name_finding(&u.bucket, u.at.as_str(), span) {
                d.invalid
                    .push((doc.source.clone(), f.stamp(&rules::InvalidBucketName::META)));
            }
        }
    }
    found
}

/// The `-v` trace of a failed read as stderr shows it, as `finish` prints a successful one:
/// `sma: LINE` each, control characters escaped.
fn verbose_lines(trace: &[String]) -> String {
    trace
        .iter()
        .map(|line| format!("sma: {}\n", crate::emit::escape_text(line)))
        .collect()
}

/// The error for a failure: its message, or the policy's diagnostics rendered as details.
fn into_error(handler: &miette::GraphicalReportHandler, f: Failure) -> miette::Report {
    match f {
        Failure::Message(m) => miette::miette!("{m}"),
        Failure::Live { message, trace } if trace.is_empty() => miette::miette!("{message}"),
        // `-v`: the calls made, as on success, then the error line
        Failure::Live { message, trace } => super::failure(message, verbose_lines(&trace)),
        Failure::Diagnostics(source, diags) => {
            let details: String = diags
                .iter()
                .map(|d| pretty::render(handler, &source, d))
                .collect();
            super::failure(
                format!("`{}` is not a valid bucket policy", source.name),
                details,
            )
        }
        Failure::Template(source, id, diags) => {
            let details: String = diags
                .iter()
                .map(|d| pretty::render(handler, &source, d))
                .collect();
            let what = match id {
                Some(id) => format!(
                    "the PolicyDocument of `{}` in `{}` is not a valid bucket policy",
                    escape_text(&id),
                    source.name
                ),
                None => format!("`{}` is not a readable template", source.name),
            };
            super::failure(what, details)
        }
    }
}

/// The verdict the exit code follows: the policy's, or `not-granted` when a note is an error
/// (the audio a PlayAudio plays is missing: it fails whatever the policy grants, and
/// `--allow-conditional` does not pass it).
fn exit_verdict(report: &Report) -> Verdict {
    if report
        .notes
        .iter()
        .any(|n| n.meta.severity == Severity::Error)
    {
        report.eval.verdict.max(Verdict::NotGranted)
    } else {
        report.eval.verdict
    }
}

fn exit_for(verdict: Verdict, args: &CheckBucketArgs) -> Outcome {
    match verdict {
        Verdict::Granted => Outcome::Clean,
        Verdict::Conditional if args.allow_conditional => Outcome::Clean,
        _ => Outcome::Findings,
    }
}

/// The `--format` targets: pretty on stdout by default; at most one on stdout.
fn targets(args: &CheckBucketArgs) -> Result<Vec<Target>> {
    let mut targets = args.format.clone();
    if targets.is_empty() {
        targets.push(Target {
            format: Format::Pretty,
            path: None,
        });
    }
    if targets.iter().filter(|t| t.path.is_none()).count() > 1 {
        miette::bail!(
            "only one --format can write to stdout; send the others to files, e.g. `--format sarif:bucket.sarif`"
        );
    }
    // a report never replaces the policy or a handler output this run reads
    let outputs: Vec<&Path> = targets.iter().filter_map(|t| t.path.as_deref()).collect();
    let policy = args.policy_file.as_deref().and_then(policy_path);
    let mut reads: Vec<(&Path, &str)> = policy
        .as_deref()
        .map(|p| (p, "the policy"))
        .into_iter()
        .collect();
    reads.extend(
        args.from_actions
            .iter()
            .filter(|p| p.is_file())
            .map(|p| (p.as_path(), "an input")),
    );
    super::refuse_overwriting(&outputs, &reads)?;
    Ok(targets)
}

/// A report in one of the formats `sma lint` shares (concise, SARIF, GitHub annotations),
/// paths relative to `$GITHUB_WORKSPACE`, else the git root, else the working directory.
/// Reports on one file (a template's policies) are one file's findings, in text order.
fn emitted(format: Format, checked: &[Checked]) -> String {
    let mut files: Vec<Checked> = Vec::new();
    for c in checked {
        match files.iter_mut().find(|f| f.source.name == c.source.name) {
            Some(f) => {
                f.diagnostics.extend(c.diagnostics.iter().cloned());
                f.diagnostics.sort_by_key(|d| (d.span.start, d.code));
            }
            None => files.push(c.clone()),
        }
    }
    let checked = &files[..];
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let git = lint::git_root(&cwd);
    let context = crate::emit::Context {
        annotation_root: Some(crate::emit::annotation_root(
            std::env::var_os("GITHUB_WORKSPACE").as_deref(),
            git.as_deref(),
            &cwd,
        )),
        root: Some(git.unwrap_or(cwd)),
        docs_url: None,
    };
    let mut out = Vec::new();
    // writing to memory cannot fail
    let _ = format
        .emitter_in(
            Options {
                color: false,
                width: 100,
            },
            &context,
        )
        .emit(&mut out, checked);
    String::from_utf8_lossy(&out).into_owned()
}

/// Sends each target's text to its file (atomically) or to stdout (to stderr with `--fix`,
/// whose fixed policy owns stdout). `Err` inside: a file could not be written (reported).
fn deliver(
    targets: &[Target],
    texts: &[String],
    to_stderr: bool,
    io: &mut Io<'_>,
) -> Result<Result<(), ()>> {
    let mut written = Ok(());
    for (t, text) in targets.iter().zip(texts) {
        match &t.path {
            None if to_stderr => io.note_raw(text),
            None => io.print(text.as_bytes())?,
            Some(path) => {
                // the file may be stdout itself (`json:/dev/stdout`): what went there first
                std::io::Write::flush(&mut io.out()).map_err(super::write_error)?;
                if let Err(e) = atomic::write(path, text.as_bytes(), Existing::Replace) {
                    super::problem(
                        io,
                        format_args!("could not write `{}`: {e}", path.display()),
                    );
                    written = Err(());
                }
            }
        }
    }
    Ok(written)
}

/// A JSON report's compact text (C0 and C1 controls escaped, see `emit::write_json`), ending
/// in a newline.
fn json_text(value: &Value) -> String {
    let mut out = Vec::new();
    // writing to memory cannot fail
    let _ = crate::emit::write_json(&mut out, value, false);
    out.push(b'\n');
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs `sma check-bucket`.
pub fn run(args: &CheckBucketArgs, io: &mut Io<'_>) -> Result<Outcome> {
    // one deadline for the whole command, however many buckets it reads
    let deadline = deadline(args);
    let handler = report_handler(args, io);
    if !args.from_actions.is_empty() {
        let base = request(args)?;
        return run_many(args, &base, io, &handler, deadline);
    }
    let policy = match policy_arg(args, io).map_err(|f| into_error(&handler, f))? {
        Some(PolicyInput::Template(t)) => return run_template(args, &t, io, &handler),
        Some(PolicyInput::Policy(p)) => Some(p),
        None => None,
    };
    if args.bucket.is_none() {
        // a policy that does not even parse: say that first, where
        if let Some(source) = &policy {
            let parsed = parse::parse(source);
            if parsed.value.is_none() {
                return Err(into_error(
                    &handler,
                    Failure::Diagnostics(source.clone(), parsed.diagnostics),
                ));
            }
        }
        miette::bail!(
            "--bucket NAME is required: a bucket policy does not say which bucket it is attached to (a CloudFormation template does: give the template to --policy-file)"
        );
    }
    let base = request(args)?;
    let report = check_target(args, &base, policy.as_ref(), deadline);
    finish(args, report, io, &handler)
}

/// A template's bucket policies: each checked against the bucket it attaches to (those of
/// `--bucket`, a bucket name or logical id, when given), for `--need` (default write) under
/// `--prefix`. One report each; the worst verdict wins.
fn run_template(
    args: &CheckBucketArgs,
    tpl: &Template,
    io: &mut Io<'_>,
    handler: &miette::GraphicalReportHandler,
) -> Result<Outcome> {
    if args.fix {
        miette::bail!(
            "--fix prints a fixed policy, but `{}` is a template: edit its PolicyDocument (the findings show where)",
            tpl.source.name
        );
    }
    let base = request_for(args, false)?;
    let all = tpl.bucket_policies(&pseudo(&base));
    let described = |list: &[BucketPolicy]| {
        list.iter()
            .map(|p| format!("`{}` (bucket `{}`)", p.id, p.bucket.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if all.is_empty() {
        miette::bail!(
            "`{}` is a template with no AWS::S3::BucketPolicy resource: nothing to check",
            tpl.source.name
        );
    }
    let selected: Vec<&BucketPolicy> = match &args.bucket {
        Some(b) => all
            .iter()
            .filter(|p| p.bucket.is_named(b) || p.id == *b)
            .collect(),
        None => all.iter().collect(),
    };
    if selected.is_empty() {
        miette::bail!(
            "no AWS::S3::BucketPolicy in `{}` attaches to bucket `{}`; its bucket policies: {}",
            tpl.source.name,
            escape_text(args.bucket.as_deref().unwrap_or_default()),
            escape_text(&described(&all))
        );
    }
    let targets = targets(args)?;
    let mut texts = vec![String::new(); targets.len()];
    let mut checked = Vec::new();
    let mut worst = Verdict::Granted;
    let mut failed = false;
    for (i, p) in selected.iter().enumerate() {
        let req = Request {
            bucket: p.bucket.name.clone(),
            ..base.clone()
        };
        match template_report(tpl, p, &req, i == 0) {
            Ok(report) => {
                worst = worst.max(exit_verdict(&report));
                for (t, text) in targets.iter().zip(&mut texts) {
                    match t.format {
                        Format::Json => text.push_str(&json_text(&json_report(&report))),
                        Format::Pretty => {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                            text.push_str(&pretty_report(&report, handler));
                        }
                        _ => {}
                    }
                }
                checked.push(as_checked(&report));
            }
            Err(f) => {
                failed = true;
                super::report(io, &into_error(handler, f));
            }
        }
    }
    conclude(args, &targets, texts, &checked, worst, failed, io)
}

/// Ends a run over several buckets: the formats `sma lint` shares get one run over every
/// bucket (one SARIF run), every target is delivered, and the exit says the worst verdict (2
/// when a bucket could not be checked or a report not written).
fn conclude(
    args: &CheckBucketArgs,
    targets: &[Target],
    mut texts: Vec<String>,
    checked: &[Checked],
    worst: Verdict,
    failed: bool,
    io: &mut Io<'_>,
) -> Result<Outcome> {
    for (t, text) in targets.iter().zip(&mut texts) {
        if !matches!(t.format, Format::Json | Format::Pretty) {
            *text = emitted(t.format, checked);
        }
    }
    let written = deliver(targets, &texts, false, io)?;
    Ok(if failed || written.is_err() {
        Outcome::Failed
    } else {
        exit_for(worst, args)
    })
}

/// Runs `sma check-bucket` on a policy text held in memory, as if it were read from
/// `--policy-file NAME` (`--policy-file` and `--from-actions` themselves are ignored, and
/// nothing is read from S3). The fuzzer's entry point.
pub fn run_on_text(
    args: &CheckBucketArgs,
    name: &str,
    bytes: Vec<u8>,
    io: &mut Io<'_>,
) -> Result<Outcome> {
    let handler = report_handler(args, io);
    let base = request(args)?;
    let report = match policy_source(name, bytes) {
        Ok(PolicyInput::Policy(source)) => offline_report(source, &base),
        Ok(PolicyInput::Template(t)) => return run_template(args, &t, io, &handler),
        Err(e) => Err(e),
    };
    finish(args, report, io, &handler)
}

fn report_handler(args: &CheckBucketArgs, io: &Io<'_>) -> miette::GraphicalReportHandler {
    pretty::handler(Options {
        color: env_color(args.color, io.stdout_is_terminal),
        width: 100,
    })
}

/// Prints one (bucket, prefix)'s report (or why there is none) and returns the exit outcome.
fn finish(
    args: &CheckBucketArgs,
    report: Result<Report, Failure>,
    io: &mut Io<'_>,
    handler: &miette::GraphicalReportHandler,
) -> Result<Outcome> {
    let report = report.map_err(|f| into_error(handler, f))?;
    if args.verbose {
        for line in &report.trace {
            io.note(format_args!("sma: {line}"));
        }
    }
    // With --fix the fixed policy goes to stdout and the report to stderr.
    let fix_text = args
        .fix
        .then(|| fix_output(report.source.as_ref(), &report.req, &report.eval));
    let targets = targets(args)?;
    let texts: Vec<String> = targets
        .iter()
        .map(|t| match t.format {
            Format::Json => json_text(&json_report(&report)),
            Format::Pretty => pretty_report(&report, handler),
            other => emitted(other, &[as_checked(&report)]),
        })
        .collect();
    let written = deliver(&targets, &texts, fix_text.is_some(), io)?;
    if let Some((fixed, note)) = fix_text {
        io.print(fixed.as_bytes())?;
        if let Some(note) = note {
            io.note(note);
        }
    }
    if written.is_err() {
        return Ok(Outcome::Failed);
    }
    Ok(exit_for(exit_verdict(&report), args))
}

/// `--from-actions`: one line (or JSON report) per distinct destination; the worst verdict
/// wins. Inputs are read and bucket names judged before any call to S3: an unreadable input
/// stops the run (exit 2); a destination whose bucket name no bucket can have is an `error`
/// line, is not checked, and makes the run exit 2 (no verdict could be given for it).
fn run_many(
    args: &CheckBucketArgs,
    base: &Request,
    io: &mut Io<'_>,
    handler: &miette::GraphicalReportHandler,
    deadline: Instant,
) -> Result<Outcome> {
    let is_stdin = |p: &Path| p.as_os_str() == "-";
    if args.policy_file.as_deref().is_some_and(is_stdin)
        && args.from_actions.iter().any(|p| is_stdin(p))
    {
        miette::bail!(
            "`-` is given to both --policy-file and --from-actions: stdin can be read only once"
        );
    }
    let found = destinations(&args.from_actions, args.need.map(Need::from), io);
    if args.verbose {
        for line in &found.passed_over {
            io.note(format_args!("skipped {line}"));
        }
    }
    if !found.problems.is_empty() {
        for p in &found.problems {
            super::report(io, p);
        }
        return Ok(Outcome::Failed);
    }
    if found.destinations.is_empty() {
        let hint = if found.passed_over.is_empty() {
            ""
        } else {
            "; -v lists the files skipped"
        };
        if found.documents == 0 {
            miette::bail!(
                "no handler output found (directories are searched for `*.json` files that are SMA documents{hint})"
            );
        }
        miette::bail!(
            "no bucket found in {}: no RecordAudio or StartCallRecording destination, no S3 audio of PlayAudio, PlayAudioAndGetDigits or CallAndBridge{hint}",
            crate::util::plural(found.documents, "handler output")
        );
    }
    let policy = policy_arg(args, io).map_err(|f| into_error(handler, f))?;
    let template_policies = match &policy {
        Some(PolicyInput::Template(t)) => Some(t.bucket_policies(&pseudo(base))),
        Some(PolicyInput::Policy(_)) => {
            refuse_several_buckets(&found.destinations)?;
            None
        }
        None => None,
    };
    let targets = targets(args)?;
    let mut texts = vec![String::new(); targets.len()];
    let mut checked = Vec::new();
    let mut worst = Verdict::Granted;
    let mut failed = false;
    for (i, dest) in found.destinations.iter().enumerate() {
        let target = dest.target();
        let req = Request {
            bucket: dest.bucket.clone(),
            prefix: dest.prefix.clone(),
            exact_key: dest.exact,
            need: dest.need,
            ..base.clone()
        };
        let report = if !dest.invalid.is_empty() {
            Err(invalid_name_error(dest, handler))
        } else {
            match (&policy, &template_policies) {
                (Some(PolicyInput::Template(t)), Some(list)) => template_for(t, list, &req)
                    .and_then(|p| template_report(t, p, &req, i == 0))
                    .map_err(|f| into_error(handler, f)),
                (Some(PolicyInput::Policy(p)), _) => {
                    check_target(args, &req, Some(p), deadline).map_err(|f| into_error(handler, f))
                }
                _ => check_target(args, &req, None, deadline).map_err(|f| into_error(handler, f)),
            }
        };
        match report {
            Ok(report) => {
                worst = worst.max(exit_verdict(&report));
                if args.verbose {
                    io.note_raw(&verbose_lines(&report.trace));
                }
                for (t, text) in targets.iter().zip(&mut texts) {
                    match t.format {
                        Format::Json => text.push_str(&json_text(&json_report(&report))),
                        Format::Pretty => text.push_str(&bucket_lines(&target, &report)),
                        _ => {}
                    }
                }
                checked.push(as_checked(&report));
            }
            Err(e) => {
                // one bucket's failure does not stop the others; the run exits 2. The JSON
                // output keeps one report per line: the error goes to stderr only.
                failed = true;
                for (t, text) in targets.iter().zip(&mut texts) {
                    if t.format == Format::Pretty {
                        text.push_str(&format!("{:12} {target}\n", "error"));
                    }
                }
                super::report(io, &e);
            }
        }
    }
    conclude(args, &targets, texts, &checked, worst, failed, io)
}

/// The one bucket policy of a template that attaches to the bucket named `req.bucket` (a
/// real name: a bucket whose name the stack generates cannot be matched to an action's).
fn template_for<'a>(
    tpl: &Template,
    policies: &'a [BucketPolicy],
    req: &Request,
) -> Result<&'a BucketPolicy, Failure> {
    let matching: Vec<&BucketPolicy> = policies
        .iter()
        .filter(|p| p.bucket.literal && p.bucket.name == req.bucket)
        .collect();
    match matching[..] {
        [one] => Ok(one),
        [] => {
            let attached: Vec<String> = policies
                .iter()
                .map(|p| match p.bucket.literal {
                    true => format!("`{}` ({})", p.bucket.name, p.id),
                    false => format!("{} (name known at deploy time, {})", p.bucket.name, p.id),
                })
                .collect();
            let list = if attached.is_empty() {
                "it has none".to_string()
            } else {
                format!("its bucket policies attach to {}", attached.join(", "))
            };
            Err(Failure::Message(format!(
                "s3://{}/: no AWS::S3::BucketPolicy in `{}` attaches to this bucket; {}",
                escape_text(&req.bucket),
                tpl.source.name,
                escape_text(&list)
            )))
        }
        _ => {
            let ids: Vec<&str> = matching.iter().map(|p| p.id.as_str()).collect();
            Err(Failure::Message(format!(
                "s3://{}/: several AWS::S3::BucketPolicy resources in `{}` attach to this bucket ({}); a bucket has one policy",
                escape_text(&req.bucket),
                tpl.source.name,
                ids.join(", ")
            )))
        }
    }
}

/// One policy (`--policy-file`) is one bucket's: refused when the actions name several.
fn refuse_several_buckets(destinations: &[Destination]) -> Result<()> {
    let mut buckets: Vec<&Destination> = Vec::new();
    for d in destinations.iter().filter(|d| d.invalid.is_empty()) {
        if !buckets.iter().any(|b| b.bucket == d.bucket) {
            buckets.push(d);
        }
    }
    if buckets.len() < 2 {
        return Ok(());
    }
    const SHOWN: usize = 5;
    let mut named: Vec<String> = buckets
        .iter()
        .take(SHOWN)
        .map(|d| format!("`{}` (in `{}`)", d.bucket, d.files[0]))
        .collect();
    if buckets.len() > SHOWN {
        named.push(format!("and {} more", buckets.len() - SHOWN));
    }
    miette::bail!(
        "--policy-file holds one bucket's policy, but the actions name {} buckets: {}; one policy \
         cannot be checked against several buckets (each bucket has its own policy, naming its \
         own ARN). Leave out --policy-file to read each bucket's policy from S3, or check one \
         bucket at a time with --bucket NAME --policy-file FILE",
        buckets.len(),
        named.join(", ")
    )
}

/// The error for a destination whose bucket name breaks the naming rules: SMA205 rendered at
/// each place the name is written, then one line saying it was not checked.
fn invalid_name_error(
    dest: &Destination,
    handler: &miette::GraphicalReportHandler,
) -> miette::Report {
    let details: String = dest
        .invalid
        .iter()
        .map(|(source, d)| pretty::render(handler, source, d))
        .collect();
    let files: Vec<String> = dest.files.iter().map(|f| format!("`{f}`")).collect();
    super::failure(
        format!(
            "s3://{}/{}: `{}` is not a valid bucket name (in {}); not sent to S3",
            dest.bucket,
            dest.prefix,
            dest.bucket,
            files.join(", ")
        ),
        details,
    )
}

/// A destination's pretty lines: the verdict and the target (with the deciding reason when it
/// is not granted), then each warning about the bucket or its policy (SMA30x, SMA314-316),
/// indented beneath it.
fn bucket_lines(target: &str, report: &Report) -> String {
    let eval = &report.eval;
    let why = eval
        .actions
        .iter()
        .find(|a| a.verdict == eval.verdict && a.verdict != Verdict::Granted)
        .map(|a| format!("  {}: {}", a.action, escape_text(&a.reason)))
        .unwrap_or_default();
    let mut out = format!("{:12} {target}{why}\n", eval.verdict.to_string());
    let warnings = report.diagnostics.iter().filter(|d| {
        d.severity == Severity::Warning
            && !codes::VERDICTS_AND_NOTES.iter().any(|m| m.code == d.code)
    });
    for d in warnings {
        let at = report.source.as_ref().map_or_else(String::new, |s| {
            let p = s.position(d.span.start);
            format!(" ({}:{}:{})", escape_text(&s.name), p.line, p.column)
        });
        out.push_str(&format!(
            "  warning[{}]: {}{at}\n",
            d.code,
            escape_text(&d.message)
        ));
    }
    for n in &report.notes {
        out.push_str(&format!(
            "  {}[{}]: {}\n",
            n.level(),
            n.meta.code,
            escape_text(&n.message)
        ));
    }
    out
}

/// The `--fix` output: the fixed policy text, and a note for stderr when no statement is added.
fn fix_output(
    source: Option<&SourceFile>,
    req: &Request,
    eval: &Evaluation,
) -> (String, Option<String>) {
    let original: Value = source
        .and_then(|s| serde_json::from_str(&s.text).ok())
        .unwrap_or_else(|| json!({"Version": "2012-10-17", "Statement": []}));
    let denies: Vec<String> = eval
        .actions
        .iter()
        .filter(|a| a.verdict == Verdict::Denied)
        .map(|a| {
            let by: Vec<String> = a.statements.iter().map(ToString::to_string).collect();
            format!("`{}` is denied by {}", a.action, by.join(", "))
        })
        .collect();
    // C1 controls (a CSI in a `Sid`) escaped too, as in every JSON sma writes
    let pretty_text = |v: &Value| {
        let mut out = Vec::new();
        // writing to memory cannot fail
        let _ = crate::emit::write_json(&mut out, v, true);
        out.push(b'\n');
        String::from_utf8_lossy(&out).into_owned()
    };
    if !denies.is_empty() {
        return (
            pretty_text(&original),
            Some(format!(
                "not adding a statement: {}; an Allow cannot override a Deny, so change or remove that statement yourself",
                denies.join("; ")
            )),
        );
    }
    if eval.verdict == Verdict::Granted {
        return (
            pretty_text(&original),
            Some("nothing to add: the policy already grants the upload".into()),
        );
    }
    (pretty_text(&fixed_policy(&original, req)), None)
}
