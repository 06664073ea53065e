//! SMA218 / SMA219: TransactionAttributes values that are not strings, or too long.
use crate::util::json_type;
use serde_json::Value;

use crate::diagnostic::Finding;
use crate::model::Document;
use crate::pointer::Pointer;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when a `TransactionAttributes` value is not a string (a number, boolean, nested
    /// object or array).
    ///
    /// ### Why is this bad?
    /// The docs describe a map of key/value pairs, every example value is a string, and the
    /// SMA echoes them back as strings in `CallDetails.TransactionAttributes`. But tekvizion's
    /// contact-flow framework and the transcribe workshop store nested objects and work
    /// (corpus 025), so this is a warning, not an error. Store structured state as a JSON
    /// string (`JSON.stringify(params)`), as voice-translator does (corpus 056), and parse it
    /// back on the next invocation.
    ///
    /// `null` for the whole map keeps the stored attributes and `{}` clears them; both are fine.
    ///
    /// ### Example
    /// `"TransactionAttributes": {"params": {"Media": {...}}}`
    /// Use instead: `"TransactionAttributes": {"params": "{\"Media\": {...}}"}`
    NonStringTransactionAttribute,
    code = "SMA218",
    name = "non-string-transaction-attribute",
    severity = Warning,
    summary = "a `TransactionAttributes` value is not a string",
    fix = "store the value as a string (JSON.stringify structured values)",
);

declare_rule!(
    /// ### What it does
    /// Warns when a `TransactionAttributes` key or string value is longer than 1,024
    /// characters.
    ///
    /// ### Why is this bad?
    /// The PSTN audio workshop states "each key or value max 1024 characters"; the developer
    /// guide gives a 20 KB limit for the whole map, which 10 pairs of 1,024-character keys and
    /// values just fit. Only the workshop states the per-value limit, so this is a warning.
    ///
    /// ### Example
    /// A 5,000-character transcript stored as an attribute.
    /// Use instead: store it in S3 or DynamoDB and keep its key in the attribute.
    TransactionAttributeTooLong,
    code = "SMA219",
    name = "transaction-attribute-too-long",
    severity = Warning,
    summary = "a `TransactionAttributes` key or value is longer than 1,024 characters",
    fix = "keep large state elsewhere (S3, DynamoDB) and store a reference",
);

fn attributes(doc: &Document) -> Option<&serde_json::Map<String, Value>> {
    doc.value.get("TransactionAttributes")?.as_object()
}

impl Rule for NonStringTransactionAttribute {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(map) = attributes(doc) else { return };
        for (k, v) in map {
            if v.is_string() {
                continue;
            }
            let at = Pointer::root().keys(["TransactionAttributes", k]);
            let span = match v {
                Value::Object(_) | Value::Array(_) => doc.key_span(&at),
                _ => doc.span(&at),
            };
            ctx.report(
                Finding::new(
                    format!("transaction attribute `{k}` is {}, not a string", json_type(v)),
                    at.as_str(),
                    span,
                )
                .label(format!("{} value", json_type(v)))
                .help("the SMA documents string values and echoes them as strings; store structured state as a JSON string and parse it on the next invocation"),
            );
        }
    }
}

impl Rule for TransactionAttributeTooLong {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(map) = attributes(doc) else { return };
        for (k, v) in map {
            let at = Pointer::root().keys(["TransactionAttributes", k]);
            let (what, n, span) = if k.chars().count() > 1024 {
                ("key", k.chars().count(), doc.key_span(&at))
            } else if let Some(s) = v.as_str().filter(|s| s.chars().count() > 1024) {
                ("value", s.chars().count(), doc.span(&at))
            } else {
                continue;
            };
            ctx.report(
                Finding::new(
                    format!("transaction attribute {what} is {n} characters long; the limit is 1,024"),
                    at.as_str(),
                    span,
                )
                .label("too long")
                .help("keep large state in S3 or DynamoDB and store its key here (the whole map is limited to 20 KB)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::test_rule;

    fn attrs(a: &str) -> String {
        format!("{{\"SchemaVersion\": \"1.0\", \"Actions\": [], \"TransactionAttributes\": {a}}}")
    }

    #[test]
    fn test() {
        let long = "x".repeat(1025);
        let pass = [
            attrs(r#"{"state": "recording", "params": "{\"a\": 1}"}"#),
            attrs("null"),
            attrs("{}"),
        ];
        let fail = [attrs(
            r#"{"params": {"Media": {}}, "count": 3, "ok": true}"#,
        )];
        test_rule(&super::NonStringTransactionAttribute, &pass, &fail);
        let fail = [attrs(&format!(r#"{{"transcript": "{long}"}}"#))];
        test_rule(&super::TransactionAttributeTooLong, &pass, &fail);
    }
}
