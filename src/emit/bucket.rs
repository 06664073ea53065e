//! check-bucket's reports: the version-1 JSON contract and the pretty text (findings on the
//! policy, notes on the bucket, and the verdict table). In the pretty text, every value that
//! comes from input (the bucket, the prefix, statement ids, reasons, notes from a live read)
//! is shown through `escape_text`.
use serde_json::{Value, json};

use super::{escape_text, pretty};
use crate::diagnostic::codes::policy as codes;
use crate::diagnostic::{Checked, Diagnostic, Finding, Meta, Severity, cap};
use crate::policy::{self, Evaluation, Request, Verdict};
use crate::source::{SourceFile, Span};

/// A fact about the bucket beside the verdict (live reads only).
#[derive(Debug, Clone)]
pub struct Note {
    pub meta: &'static Meta,
    pub message: String,
}

impl Note {
    /// How the text reports show it: ACLs disabled is information, the rest by severity.
    pub fn level(&self) -> &'static str {
        match self.meta.severity {
            Severity::Error => "error",
            Severity::Warning if self.meta.code == codes::AclsDisabled::META.code => "info",
            Severity::Warning => "warning",
        }
    }
}

/// Everything said about one (bucket, prefix).
pub struct Report {
    pub req: Request,
    pub source: Option<SourceFile>,
    pub eval: Evaluation,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<Note>,
    pub trace: Vec<String>,
    /// The logical id of the template's `AWS::S3::BucketPolicy` checked, for a template.
    pub resource: Option<String>,
}

/// The version-1 JSON report — a stable contract.
pub fn json_report(report: &Report) -> Value {
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
        .filter(|d| {
            d.severity == Severity::Warning
                && !codes::VERDICTS_AND_NOTES.iter().any(|m| m.code == d.code)
        })
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
        "need": req.need.to_string(),
        "exact_key": req.exact_key,
        "policy_resource": report.resource,
    })
}

pub fn pretty_report(report: &Report, handler: &miette::GraphicalReportHandler) -> String {
    let mut out = String::new();
    if let Some(source) = &report.source {
        let shown = pretty::Shown::new(source);
        for d in &report.diagnostics {
            out.push_str(&pretty::render_shown(handler, &shown, d));
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
                escape_text(&a.reason),
                escape_text(
                    a.help
                        .as_deref()
                        .unwrap_or(codes::ActionNotGranted::META.fix)
                )
            ));
        }
    }
    for n in &report.notes {
        out.push_str(&format!(
            "{}[{}]: {}\n  help: {}\n\n",
            n.level(),
            n.meta.code,
            escape_text(&n.message),
            n.meta.fix
        ));
    }
    out.push_str(&summary(report));
    out
}

fn summary(report: &Report) -> String {
    let (req, eval) = (&report.req, &report.eval);
    let of = match &report.resource {
        Some(id) => format!(" (AWS::S3::BucketPolicy {})", escape_text(id)),
        None => String::new(),
    };
    let mut out = format!(
        "{} for {} on {}{of}\n",
        "check-bucket",
        policy::SERVICE_PRINCIPAL,
        escape_text(&req.resource_pattern())
    );
    for a in &eval.actions {
        let by: Vec<String> = a
            .statements
            .iter()
            .map(|s| escape_text(&s.to_string()).into_owned())
            .collect();
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
        out.push_str(&format!("  assumption: {}\n", escape_text(a)));
    }
    if req.account.is_none() && req.sma_arn.is_none() {
        out.push_str("  note: no --account / --sma-arn given: conditions on aws:SourceAccount / aws:SourceArn cannot be decided\n");
    }
    let failing: Vec<&str> = report
        .notes
        .iter()
        .filter(|n| n.meta.severity == Severity::Error)
        .map(|n| n.meta.code)
        .collect();
    if failing.is_empty() {
        out.push_str(&format!("verdict: {}\n", eval.verdict));
    } else {
        out.push_str(&format!(
            "verdict: {} by the bucket policy, but {} above fails the action\n",
            eval.verdict,
            failing.join(", ")
        ));
    }
    out
}

/// One report as the findings of one file, for the formats `sma lint` shares (concise, SARIF,
/// GitHub annotations): the findings on the policy text, or, without a policy, one finding per
/// action that is not granted; then the notes on the bucket. A policy read from S3 is the
/// artifact `s3://BUCKET/?policy`.
pub fn as_checked(report: &Report) -> Checked {
    let source = report.source.clone().unwrap_or_else(|| {
        SourceFile::new(format!("s3://{}/?policy", report.req.bucket), String::new())
    });
    let start = Span::new(0, 0);
    let mut diagnostics = if report.source.is_some() {
        report.diagnostics.clone()
    } else {
        report
            .eval
            .actions
            .iter()
            .filter(|a| a.verdict != Verdict::Granted)
            .map(|a| {
                let mut f = Finding::new(
                    format!("`{}` is not granted: {}", a.action, a.reason),
                    "",
                    start,
                );
                if let Some(h) = &a.help {
                    f = f.help(h.clone());
                }
                f.stamp(&codes::ActionNotGranted::META)
            })
            .collect()
    };
    diagnostics.extend(
        report
            .notes
            .iter()
            .map(|n| Finding::new(n.message.clone(), "", start).stamp(n.meta)),
    );
    cap(&mut diagnostics);
    Checked {
        source,
        diagnostics,
    }
}
