//! `sma check-bucket`: read a bucket policy, evaluate it for the Chime service principal with
//! `policy`, and report verdicts with diagnostics on the policy text.
use std::io::Write;

use serde_json::{Value, json};

use crate::cli::{BucketFormat, CheckBucketArgs};
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::emit::{Options, pretty};
use crate::parse::{self, SpanIndex};
use crate::policy::{self, ActionResult, Evaluation, Request, StatementRef, Verdict};
use crate::rules::policy_codes as codes;
use crate::source::{SourceFile, Span};
use crate::{Io, Outcome, use_color, write_quietly};

/// What went wrong before a verdict could be given (exit 2).
enum Failure {
    /// A plain message (bad flag, unreadable file).
    Message(String),
    /// Diagnostics on the policy text.
    Diagnostics(SourceFile, Vec<Diagnostic>),
}

/// Builds the request from the flags, validating `--account` and `--sma-arn`.
pub fn request(args: &CheckBucketArgs) -> Result<Request, String> {
    let mut req = Request::new(&args.bucket, &args.prefix);
    req.assume_tls = !args.no_assume_tls;
    if let Some(account) = &args.account {
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "--account `{account}` is not a 12-digit AWS account id"
            ));
        }
        req.account = Some(account.clone());
    }
    if let Some(arn) = &args.sma_arn {
        let (partition, region, account) =
            policy::parse_sma_arn(arn).map_err(|e| format!("--sma-arn: {e}"))?;
        if req.account.as_ref().is_some_and(|a| *a != account) {
            return Err(format!(
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
        let diags = errors
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
pub fn json_report(req: &Request, eval: &Evaluation, diagnostics: &[Diagnostic]) -> Value {
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
    let warnings: Vec<Value> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && !d.code.starts_with("SMA31"))
        .map(|d| json!({"code": d.code, "message": d.message, "pointer": d.pointer}))
        .collect();
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

fn read_policy(args: &CheckBucketArgs) -> Result<SourceFile, Failure> {
    let name = args.policy_file.display().to_string();
    let bytes = std::fs::read(&args.policy_file)
        .map_err(|e| Failure::Message(format!("could not read `{name}`: {e}")))?;
    match parse::decode(&name, bytes) {
        (source, None) => Ok(source),
        (source, Some(d)) => Err(Failure::Diagnostics(source, vec![d])),
    }
}

/// Runs `sma check-bucket`.
pub fn run(args: &CheckBucketArgs, io: &mut Io<'_>) -> Outcome {
    let options = Options {
        color: use_color(args.color, io.stdout_is_terminal, &|k| {
            std::env::var(k).ok()
        }),
        width: 100,
    };
    let handler = pretty::handler(options);
    let result = request(args).map_err(Failure::Message).and_then(|req| {
        let source = read_policy(args)?;
        let (eval, diags) = evaluate(&source, &req)?;
        Ok((req, source, eval, diags))
    });
    let (req, source, eval, diagnostics) = match result {
        Ok(r) => r,
        Err(Failure::Message(m)) => {
            write_quietly(writeln!(io.stderr, "error: {m}"));
            return Outcome::Failed;
        }
        Err(Failure::Diagnostics(source, diags)) => {
            for d in &diags {
                write_quietly(
                    io.stderr
                        .write_all(pretty::render(&handler, &source, d).as_bytes()),
                );
            }
            write_quietly(writeln!(
                io.stderr,
                "error: `{}` is not a valid bucket policy",
                source.name
            ));
            return Outcome::Failed;
        }
    };

    // With --fix the fixed policy goes to stdout and the report to stderr.
    let fix_text = args.fix.then(|| fix_output(&source, &req, &eval));
    let report_to_stderr = fix_text.is_some();
    let mut report = String::new();
    match args.format {
        BucketFormat::Json => {
            report = json_report(&req, &eval, &diagnostics).to_string();
            report.push('\n');
        }
        BucketFormat::Pretty => {
            for d in &diagnostics {
                report.push_str(&pretty::render(&handler, &source, d));
            }
            report.push_str(&summary(&req, &eval));
        }
    }
    let out: &mut dyn Write = if report_to_stderr {
        io.stderr
    } else {
        io.stdout
    };
    write_quietly(out.write_all(report.as_bytes()));
    if let Some((text, note)) = fix_text {
        write_quietly(io.stdout.write_all(text.as_bytes()));
        if let Some(note) = note {
            write_quietly(writeln!(io.stderr, "{note}"));
        }
    }
    match eval.verdict {
        Verdict::Granted => Outcome::Clean,
        Verdict::Conditional if args.allow_conditional => Outcome::Clean,
        _ => Outcome::Findings,
    }
}

/// The `--fix` output: the fixed policy text, and a note for stderr when no statement is added.
fn fix_output(source: &SourceFile, req: &Request, eval: &Evaluation) -> (String, Option<String>) {
    let original: Value = serde_json::from_str(&source.text).unwrap_or(Value::Null);
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
