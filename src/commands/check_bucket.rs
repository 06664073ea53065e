//! `sma check-bucket`: read a bucket policy, evaluate it for the Chime service principal with
//! `policy`, and report verdicts with diagnostics on the policy text.
use serde_json::{Value, json};

use super::{Io, Outcome, Result, env_color};
use crate::aws::s3;
use crate::cli::{BucketFormat, CheckBucketArgs};
use crate::diagnostic::codes::policy as codes;
use crate::diagnostic::{Diagnostic, Finding, Meta, Severity};
use crate::emit::{Options, pretty};
use crate::parse::{self, SpanIndex};
use crate::policy::{self, ActionResult, Evaluation, Request, StatementRef, Verdict};
use crate::source::{self as input, SourceFile, Span};

/// What went wrong before a verdict could be given (exit 2).
enum Failure {
    /// A plain message (bad flag, unreadable file, S3 error).
    Message(String),
    /// Diagnostics on the policy text.
    Diagnostics(SourceFile, Vec<Diagnostic>),
}

/// A fact about the bucket beside the verdict (live reads only).
#[derive(Debug, Clone)]
pub struct Note {
    pub meta: &'static Meta,
    pub message: String,
}

/// Everything said about one (bucket, prefix).
struct Report {
    req: Request,
    source: Option<SourceFile>,
    eval: Evaluation,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<Note>,
    trace: Vec<String>,
}

/// Builds the request from the flags, validating `--account` and `--sma-arn`.
pub fn request(args: &CheckBucketArgs) -> Result<Request> {
    let mut req = Request::new(args.bucket.clone().unwrap_or_default(), &args.prefix);
    req.assume_tls = !args.no_assume_tls;
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

/// Parses the policy text and evaluates it; the diagnostics are those to show beside a verdict.
fn evaluate(source: &SourceFile, req: &Request) -> Result<(Evaluation, Vec<Diagnostic>), Failure> {
    let parsed = parse::parse(source);
    let Some(value) = parsed.value else {
        return Err(Failure::Diagnostics(source.clone(), parsed.diagnostics));
    };
    // Duplicate keys and a BOM are warnings here: the policy is still evaluated as S3 reads it.
    let mut diagnostics: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|mut d| {
            d.severity = Severity::Warning;
            d
        })
        .collect();
    let req = Request {
        text_len: source.text.len(),
        ..req.clone()
    };
    let eval = policy::evaluate(&value, &req).map_err(|errors| {
        let mut diags: Vec<Diagnostic> = errors
            .into_iter()
            .map(|e| {
                let at = parsed.spans.locate(&e.pointer);
                let mut f = Finding::new(e.message, e.pointer, at.key.unwrap_or(at.value))
                    .label("invalid here");
                if let Some(h) = e.help {
                    f = f.help(h);
                }
                f.stamp(&codes::InvalidPolicy::META)
            })
            .collect();
        crate::diagnostic::cap(&mut diags);
        Failure::Diagnostics(source.clone(), diags)
    })?;
    for w in &eval.warnings {
        let mut f = Finding::new(
            w.message.clone(),
            w.pointer.clone(),
            point(&parsed.spans, &w.pointer),
        )
        .label(codes::meta_of(w.code).summary);
        if let Some(h) = &w.help {
            f = f.help(h.clone());
        }
        diagnostics.push(f.stamp(codes::meta_of(w.code)));
    }
    for a in &eval.actions {
        if let Some(d) = action_diagnostic(a, &parsed.spans, &req) {
            diagnostics.push(d);
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    crate::diagnostic::cap(&mut diagnostics);
    Ok((eval, diagnostics))
}

/// Where to point for a pointer: a statement by its `Sid`/`Effect`, anything else by its key.
fn point(spans: &SpanIndex, pointer: &str) -> Span {
    let tail = pointer.strip_prefix("/Statement").unwrap_or("x");
    let is_statement = tail.is_empty()
        || tail
            .strip_prefix('/')
            .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()));
    if is_statement && spans.get(pointer).is_some() {
        let s = StatementRef {
            index: 0,
            sid: None,
            effect: policy::Effect::Allow,
            pointer: pointer.to_string(),
        };
        return statement_span(spans, &s);
    }
    let at = spans.locate(pointer);
    at.key.unwrap_or(at.value)
}

/// Where to point for a statement: its `Sid` value, else its `Effect`, else its opening brace.
fn statement_span(spans: &SpanIndex, s: &StatementRef) -> Span {
    spans
        .get(&format!("{}/Sid", s.pointer))
        .map(|l| l.value)
        .or_else(|| {
            spans
                .get(&format!("{}/Effect", s.pointer))
                .map(|l| l.whole())
        })
        .unwrap_or_else(|| {
            let v = spans.locate(&s.pointer).value;
            Span::new(v.start, v.start + 1)
        })
}

fn action_diagnostic(a: &ActionResult, spans: &SpanIndex, req: &Request) -> Option<Diagnostic> {
    let (meta, message) = match a.verdict {
        Verdict::Granted => return None,
        Verdict::Denied => (
            &codes::ActionDenied::META,
            format!("`{}` is denied: {}", a.action, a.reason),
        ),
        Verdict::NotGranted => (
            &codes::ActionNotGranted::META,
            format!("`{}` is not granted: {}", a.action, a.reason),
        ),
        Verdict::Conditional => {
            let keys: Vec<String> = a
                .unknown_keys
                .iter()
                .map(|k| match policy::deciding_flag(k) {
                    Some(flag) => format!("`{k}` (decided by {flag})"),
                    None => format!("`{k}`"),
                })
                .collect();
            (
                &codes::ActionConditional::META,
                format!(
                    "`{}` is granted only under conditions: {}; unknown: {}",
                    a.action,
                    a.reason,
                    keys.join(", ")
                ),
            )
        }
    };
    let verb = match a.verdict {
        Verdict::Denied => "denies",
        Verdict::Conditional => "decides under conditions",
        _ => "does not grant",
    };
    let (primary, others) = match a.statements.split_first() {
        Some((first, rest)) => (
            (
                statement_span(spans, first),
                format!("{first} {verb} `{}`", a.action),
            ),
            rest.iter()
                .map(|s| {
                    (
                        statement_span(spans, s),
                        format!("{s} {verb} `{}`", a.action),
                    )
                })
                .collect(),
        ),
        None => {
            let at = spans
                .get("/Statement")
                .map_or(Span::new(0, 1), |l| l.key.unwrap_or(l.value));
            (
                (
                    at,
                    format!(
                        "no statement grants `{}` on `{}`",
                        a.action,
                        req.resource_pattern()
                    ),
                ),
                Vec::new(),
            )
        }
    };
    let mut f = Finding::new(
        message,
        a.statements
            .first()
            .map_or("/Statement".into(), |s| s.pointer.clone()),
        primary.0,
    )
    .label(primary.1);
    for (span, text) in others {
        f = f.with_other(span, text);
    }
    if let Some(h) = &a.help {
        f = f.help(h.clone());
    }
    Some(f.stamp(meta))
}

/// The version-1 JSON report — a stable contract.
fn json_report(report: &Report) -> Value {
    let (req, eval, diagnostics) = (&report.req, &report.eval, &report.diagnostics);
    let actions: serde_json::Map<String, Value> = eval
        .actions
        .iter()
        .map(|a| {
            let statements: Vec<Value> = a
                .statements
                .iter()
                .map(|s| json!({"index": s.index, "sid": s.sid, "effect": s.effect.to_string()}))
                .collect();
            (
                a.action.to_string(),
                json!({"verdict": a.verdict.to_string(), "statements": statements}),
            )
        })
        .collect();
    let mut warnings: Vec<Value> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.code.starts_with("SMA31"))
        .map(|d| json!({"code": d.code, "message": d.message, "pointer": d.pointer}))
        .collect();
    warnings.extend(
        report
            .notes
            .iter()
            .map(|n| json!({"code": n.meta.code, "message": n.message, "pointer": ""})),
    );
    json!({
        "version": 1,
        "bucket": req.bucket,
        "prefix": req.prefix,
        "verdict": eval.verdict.to_string(),
        "actions": actions,
        "assumptions": eval.assumptions,
        "unknown_keys": eval.unknown_keys,
        "warnings": warnings,
    })
}

/// The policy with the fix statement appended (a single `Statement` object becomes a list).
pub fn fixed_policy(policy: &Value, req: &Request) -> Value {
    let mut fixed = policy.clone();
    let statement = policy::fix_statement(req);
    if let Some(obj) = fixed.as_object_mut() {
        match obj.get_mut("Statement") {
            Some(Value::Array(list)) => list.push(statement),
            Some(single) => {
                let old = single.take();
                *single = Value::Array(vec![old, statement]);
            }
            None => {
                obj.insert("Statement".into(), Value::Array(vec![statement]));
            }
        }
        obj.entry("Version").or_insert_with(|| "2012-10-17".into());
    }
    fixed
}

fn read_policy(path: &std::path::Path) -> Result<SourceFile, Failure> {
    let name = path.display().to_string();
    let bytes = input::read_capped_file(path, input::MAX_POLICY)
        .map_err(|e| Failure::Message(format!("could not read `{name}`: {e}")))?;
    match parse::decode(&name, bytes) {
        (source, None) => Ok(source),
        (source, Some(d)) => Err(Failure::Diagnostics(source, vec![d])),
    }
}

/// The evaluation of a bucket without a policy: nothing is granted.
fn no_policy(req: &Request) -> Evaluation {
    let actions = policy::ACTIONS
        .iter()
        .map(|a| ActionResult {
            action: a,
            verdict: Verdict::NotGranted,
            statements: Vec::new(),
            unknown_keys: Vec::new(),
            reason: "the bucket has no bucket policy (NoSuchBucketPolicy)".into(),
            help: Some(format!(
                "put a bucket policy that allows {} `{a}` on {}; `--fix` prints one",
                policy::SERVICE_PRINCIPAL,
                req.resource_pattern()
            )),
        })
        .collect();
    Evaluation {
        verdict: Verdict::NotGranted,
        actions,
        assumptions: Vec::new(),
        unknown_keys: Vec::new(),
        warnings: Vec::new(),
    }
}

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
            notes.push(Note {
                meta: &codes::KmsKeyPolicy::META,
                message: format!(
                    "default encryption is SSE-KMS with the customer managed key `{}`: its key policy must allow \
                     {} `kms:GenerateDataKey` (and `kms:Decrypt` to play recordings back)",
                    enc.kms_key.as_deref().unwrap_or_default(),
                    policy::SERVICE_PRINCIPAL
                ),
            });
        }
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

fn connection(args: &CheckBucketArgs, req: &Request) -> s3::Connection {
    s3::Connection {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        timeout: std::time::Duration::from_secs(args.timeout),
        expected_owner: req.account.clone(),
    }
}

/// Evaluates one (bucket, prefix) against a saved policy text.
fn offline_report(source: SourceFile, req: &Request) -> Result<Report, Failure> {
    let (eval, diagnostics) = evaluate(&source, req)?;
    Ok(Report {
        req: req.clone(),
        source: Some(source),
        eval,
        diagnostics,
        notes: Vec::new(),
        trace: Vec::new(),
    })
}

/// Evaluates one (bucket, prefix): from `--policy-file`, or live from S3.
fn check_target(args: &CheckBucketArgs, req: &Request) -> Result<Report, Failure> {
    if let Some(path) = &args.policy_file {
        return offline_report(read_policy(path)?, req);
    }
    let facts = s3::fetch(&req.bucket, &connection(args, req))
        .map_err(|e| Failure::Message(format!("s3://{}: {e}", req.bucket)))?;
    let (notes, assumptions) = notes(&facts, req);
    let (source, mut eval, diagnostics) = match &facts.policy {
        Some(text) => {
            let source =
                SourceFile::new(format!("s3://{} (bucket policy)", req.bucket), text.clone());
            let (eval, diagnostics) = evaluate(&source, req)?;
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
    })
}

/// The distinct RecordAudio destinations of handler outputs, in order of appearance.
fn destinations(files: &[std::path::PathBuf]) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let bytes =
            input::read_file(path).map_err(|e| miette::miette!("could not read `{name}`: {e}"))?;
        let (source, bad) = parse::decode(&name, bytes);
        if bad.is_some() {
            return Err(miette::miette!("`{name}` is not UTF-8"));
        }
        let Some(doc) = crate::engine::load(source) else {
            return Err(miette::miette!(
                "`{name}` is not a handler response, action or action list (see `sma lint {name}`)"
            ));
        };
        for (_, ra) in doc.model.record_audio() {
            let Some(dest) = &ra.recording_destination else {
                continue;
            };
            let Some(bucket) = &dest.bucket_name else {
                continue;
            };
            let pair = (bucket.clone(), dest.prefix.clone().unwrap_or_default());
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    Ok(out)
}

/// The error for a failure: its message, or the policy's diagnostics rendered as details.
fn into_error(handler: &miette::GraphicalReportHandler, f: Failure) -> miette::Report {
    match f {
        Failure::Message(m) => miette::miette!("{m}"),
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
    }
}

fn exit_for(verdict: Verdict, args: &CheckBucketArgs) -> Outcome {
    match verdict {
        Verdict::Granted => Outcome::Clean,
        Verdict::Conditional if args.allow_conditional => Outcome::Clean,
        _ => Outcome::Findings,
    }
}

/// Runs `sma check-bucket`.
pub fn run(args: &CheckBucketArgs, io: &mut Io<'_>) -> Result<Outcome> {
    let handler = report_handler(args, io);
    let base = request(args)?;
    if !args.from_actions.is_empty() {
        return run_many(args, &base, io, &handler);
    }
    let report = check_target(args, &base);
    finish(args, report, io, &handler)
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
    let report = match parse::decode(name, bytes) {
        (source, None) => offline_report(source, &base),
        (source, Some(d)) => Err(Failure::Diagnostics(source, vec![d])),
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
    let text = match args.format {
        BucketFormat::Json => format!("{}\n", json_report(&report)),
        BucketFormat::Pretty => pretty_report(&report, handler),
    };
    match fix_text {
        None => io.print(text.as_bytes())?,
        Some((fixed, note)) => {
            io.note_raw(&text);
            io.print(fixed.as_bytes())?;
            if let Some(note) = note {
                io.note(note);
            }
        }
    }
    Ok(exit_for(report.eval.verdict, args))
}

/// `--from-actions`: one line (or JSON report) per distinct destination; the worst verdict wins.
fn run_many(
    args: &CheckBucketArgs,
    base: &Request,
    io: &mut Io<'_>,
    handler: &miette::GraphicalReportHandler,
) -> Result<Outcome> {
    let pairs = destinations(&args.from_actions)?;
    if pairs.is_empty() {
        miette::bail!("no RecordAudio RecordingDestination found in the given files");
    }
    let mut worst = Verdict::Granted;
    let mut failed = false;
    for (bucket, prefix) in pairs {
        let req = Request {
            bucket: bucket.clone(),
            prefix: prefix.clone(),
            ..base.clone()
        };
        match check_target(args, &req) {
            Ok(report) => {
                worst = worst.max(report.eval.verdict);
                let line = match args.format {
                    BucketFormat::Json => json_report(&report).to_string(),
                    BucketFormat::Pretty => {
                        let why = report
                            .eval
                            .actions
                            .iter()
                            .find(|a| {
                                a.verdict == report.eval.verdict && a.verdict != Verdict::Granted
                            })
                            .map(|a| format!("  {}: {}", a.action, a.reason))
                            .unwrap_or_default();
                        format!(
                            "{:12} s3://{bucket}/{prefix}{why}",
                            report.eval.verdict.to_string()
                        )
                    }
                };
                io.print(format!("{line}\n").as_bytes())?;
            }
            Err(f) => {
                // one bucket's failure does not stop the others; the run exits 2
                failed = true;
                io.print(format!("{:12} s3://{bucket}/{prefix}\n", "error").as_bytes())?;
                super::report(io, &into_error(handler, f));
            }
        }
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        exit_for(worst, args)
    })
}

fn pretty_report(report: &Report, handler: &miette::GraphicalReportHandler) -> String {
    let mut out = String::new();
    if let Some(source) = &report.source {
        for d in &report.diagnostics {
            out.push_str(&pretty::render(handler, source, d));
        }
    } else {
        for a in report
            .eval
            .actions
            .iter()
            .filter(|a| a.verdict != Verdict::Granted)
        {
            out.push_str(&format!(
                "error[{}]: `{}` is not granted: {}\n  help: {}\n\n",
                codes::ActionNotGranted::META.code,
                a.action,
                a.reason,
                a.help
                    .as_deref()
                    .unwrap_or(codes::ActionNotGranted::META.fix)
            ));
        }
    }
    for n in &report.notes {
        let level = match n.meta.severity {
            Severity::Error => "error",
            Severity::Warning if n.meta.code == codes::AclsDisabled::META.code => "info",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{level}[{}]: {}\n  help: {}\n\n",
            n.meta.code, n.message, n.meta.fix
        ));
    }
    out.push_str(&summary(&report.req, &report.eval));
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
    let pretty_text = |v: &Value| {
        let mut t = serde_json::to_string_pretty(v).unwrap_or_default();
        t.push('\n');
        t
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

fn summary(req: &Request, eval: &Evaluation) -> String {
    let mut out = format!(
        "{} for {} on {}\n",
        "check-bucket",
        policy::SERVICE_PRINCIPAL,
        req.resource_pattern()
    );
    for a in &eval.actions {
        let by: Vec<String> = a.statements.iter().map(ToString::to_string).collect();
        let by = if by.is_empty() {
            String::new()
        } else {
            format!("  ({})", by.join(", "))
        };
        out.push_str(&format!(
            "  {:16} {:12}{by}\n",
            a.action,
            a.verdict.to_string()
        ));
    }
    for a in &eval.assumptions {
        out.push_str(&format!("  assumption: {a}\n"));
    }
    if req.account.is_none() && req.sma_arn.is_none() {
        out.push_str("  note: no --account / --sma-arn given: conditions on aws:SourceAccount / aws:SourceArn cannot be decided\n");
    }
    out.push_str(&format!("verdict: {}\n", eval.verdict));
    out
}
