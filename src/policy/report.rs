//! From an `Evaluation` to findings on the policy text: each verdict, warning and invalid part
//! becomes a `Diagnostic` pointing at the statement or key behind it (check-bucket's report).
use serde_json::Value;

use super::{self as policy, ActionResult, Evaluation, Request, StatementRef, Verdict};
use crate::diagnostic::codes::policy as codes;
use crate::diagnostic::{Diagnostic, Finding, Severity, cap};
use crate::parse::{self, Locate};
use crate::pointer::Pointer;
use crate::source::{SourceFile, Span};

/// Parses the policy text and evaluates it; the diagnostics are those to show beside a verdict.
/// `Err` holds the diagnostics of a text that is no usable policy (not JSON, not a policy).
pub fn evaluate(
    source: &SourceFile,
    req: &Request,
) -> Result<(Evaluation, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = parse::parse(source);
    let Some(value) = parsed.value else {
        return Err(parsed.diagnostics);
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
    let (eval, more) = evaluate_value(&value, &parsed.spans, &req)?;
    diagnostics.extend(more);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    cap(&mut diagnostics);
    Ok((eval, diagnostics))
}

/// Evaluates a policy already read (from a template, say), its values located by `spans`;
/// `req.text_len` as S3 would count it (`0`: the compact serialisation). The diagnostics are
/// in text order.
pub fn evaluate_value(
    value: &Value,
    spans: &dyn Locate,
    req: &Request,
) -> Result<(Evaluation, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let eval = policy::evaluate(value, req).map_err(|errors| {
        let mut diags: Vec<Diagnostic> = errors
            .into_iter()
            .map(|e| {
                let at = spans.locate(&e.pointer);
                let mut f = Finding::new(e.message, e.pointer, at.key.unwrap_or(at.value))
                    .label("invalid here");
                if let Some(h) = e.help {
                    f = f.help(h);
                }
                f.stamp(&codes::InvalidPolicy::META)
            })
            .collect();
        cap(&mut diags);
        diags
    })?;
    for w in &eval.warnings {
        let mut f = Finding::new(
            w.message.clone(),
            w.pointer.clone(),
            point(spans, &w.pointer),
        )
        .label(w.code.summary);
        if let Some(h) = &w.help {
            f = f.help(h.clone());
        }
        diagnostics.push(f.stamp(w.code));
    }
    for a in &eval.actions {
        if let Some(d) = action_diagnostic(a, spans, req) {
            diagnostics.push(d);
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    cap(&mut diagnostics);
    Ok((eval, diagnostics))
}

/// The policy inside the output of `aws s3api get-bucket-policy`, `{"Policy": "<policy text>"}`
/// (an object whose one member is the string `Policy`): a source named `NAME (Policy)` holding
/// the unwrapped text, so findings' lines and columns refer to that text. `None` for anything
/// else (a policy itself, or text that is not JSON).
pub fn get_bucket_policy_output(source: &SourceFile) -> Option<SourceFile> {
    let text = source.text.trim_start_matches('\u{feff}');
    if !text.contains("\"Policy\"") {
        return None;
    }
    let Ok(Value::Object(outer)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    match (outer.len(), outer.get("Policy")) {
        (1, Some(Value::String(policy))) => Some(SourceFile::new(
            format!("{} (Policy)", source.name),
            policy.clone(),
        )),
        _ => None,
    }
}

/// Where to point for a pointer: a statement by its `Sid`/`Effect`, anything else by its key.
pub fn point(spans: &dyn Locate, pointer: &str) -> Span {
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
pub fn statement_span(spans: &dyn Locate, s: &StatementRef) -> Span {
    spans
        .get(&Pointer::from_escaped(s.pointer.as_str()).key("Sid"))
        .map(|l| l.value)
        .or_else(|| {
            spans
                .get(&Pointer::from_escaped(s.pointer.as_str()).key("Effect"))
                .map(|l| l.whole())
        })
        .unwrap_or_else(|| {
            let v = spans.locate(&s.pointer).value;
            Span::new(v.start, v.start + 1)
        })
}

pub fn action_diagnostic(
    a: &ActionResult,
    spans: &dyn Locate,
    req: &Request,
) -> Option<Diagnostic> {
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

/// The evaluation of a bucket without a policy: nothing is granted.
pub fn no_policy(req: &Request) -> Evaluation {
    let actions = req
        .need
        .actions()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_bucket_policy_output_is_unwrapped_into_its_own_source() {
        let policy = r#"{"Version": "2012-10-17", "Statement": []}"#;
        let outer = serde_json::to_string_pretty(&serde_json::json!({ "Policy": policy })).unwrap();
        let inner = get_bucket_policy_output(&SourceFile::new("p.json", outer)).unwrap();
        assert_eq!(inner.name, "p.json (Policy)");
        assert_eq!(inner.text.as_str(), policy);
        // with a BOM, as a Windows shell may write it
        let bom = format!(
            "\u{feff}{{\"Policy\": {}}}",
            serde_json::to_string(policy).unwrap()
        );
        assert!(get_bucket_policy_output(&SourceFile::new("p.json", bom)).is_some());
        // a policy, another member beside Policy, a Policy that is not a string, not JSON
        for text in [
            policy,
            r#"{"Policy": "{}", "Version": "2012-10-17"}"#,
            r#"{"Policy": {"Version": "2012-10-17"}}"#,
            r#"{"Policy": "#,
        ] {
            assert!(
                get_bucket_policy_output(&SourceFile::new("p.json", text)).is_none(),
                "{text}"
            );
        }
    }
}
