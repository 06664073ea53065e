//! The one pipeline: parse → shape → schema → model → rules. `lint` and `generate` both use it.
use serde_json::Value;

use crate::diagnostic::{Checked, Diagnostic, Finding, cap, shorten};
use crate::model::{Event, Kind, Model};
use crate::parse::{self, SpanIndex};
use crate::rules::{self, Context, shape};
use crate::schema;
use crate::source::{SourceFile, Span};

/// A parsed document of a known kind, with its spans and typed model.
pub struct Document {
    pub source: SourceFile,
    pub value: Value,
    pub spans: SpanIndex,
    pub model: Model,
    /// The event this document answers (`sma lint --event FILE`), for the context rules.
    pub event: Option<Event>,
}

impl Document {
    /// Returns the span of the value at `pointer` (or its nearest ancestor).
    pub fn span(&self, pointer: &str) -> Span {
        self.spans.locate(pointer).value
    }

    /// Returns the span of the key naming `pointer`, or of its value when it has no key.
    pub fn key_span(&self, pointer: &str) -> Span {
        let at = self.spans.locate(pointer);
        at.key.unwrap_or(at.value)
    }
}

/// Checks raw bytes read from `name`.
pub fn check_bytes(name: &str, bytes: Vec<u8>) -> Checked {
    let (source, utf8) = parse::decode(name, bytes);
    match utf8 {
        Some(d) => Checked {
            source,
            diagnostics: vec![d],
        },
        None => check(source),
    }
}

/// Checks one source through every stage, returning its diagnostics in document order.
pub fn check(source: SourceFile) -> Checked {
    check_with_event(source, None)
}

/// Checks a response (or action, or action list) as the answer to `event`: besides every
/// ordinary rule, the context rules compare it with the event's call legs and type.
pub fn check_with_event(source: SourceFile, event: Option<&Event>) -> Checked {
    check_document(source, event).0
}

/// Checks raw bytes read from `name` as the answer to `event`.
pub fn check_bytes_with_event(name: &str, bytes: Vec<u8>, event: Option<&Event>) -> Checked {
    let (source, utf8) = parse::decode(name, bytes);
    match utf8 {
        Some(d) => Checked {
            source,
            diagnostics: vec![d],
        },
        None => check_with_event(source, event),
    }
}

/// Checks an event file and returns its typed view too; `None` when it is not an event.
pub fn check_event_bytes(name: &str, bytes: Vec<u8>) -> (Checked, Option<Event>) {
    let (source, utf8) = parse::decode(name, bytes);
    if let Some(d) = utf8 {
        return (
            Checked {
                source,
                diagnostics: vec![d],
            },
            None,
        );
    }
    let (checked, model) = check_document(source, None);
    (checked, model.and_then(|m| m.event))
}

fn check_document(source: SourceFile, event: Option<&Event>) -> (Checked, Option<Model>) {
    let parsed = parse::parse(&source);
    let mut diagnostics = parsed.diagnostics;
    let mut model = None;
    if let Some(value) = parsed.value {
        match detect(&value, &parsed.spans) {
            Ok(kind) => {
                diagnostics.extend(schema::validate(kind, &value, &parsed.spans));
                let doc = Document {
                    model: Model::build_named(kind, &value, &source.name),
                    source: source.clone(),
                    value,
                    spans: parsed.spans,
                    event: event.filter(|_| kind != Kind::Event).cloned(),
                };
                run_rules(&doc, &mut diagnostics);
                model = Some(doc.model);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    cap(&mut diagnostics);
    (
        Checked {
            source,
            diagnostics,
        },
        model,
    )
}

/// Parses a source into a document of a known kind (for reading handler outputs as data).
pub fn load(source: SourceFile) -> Option<Document> {
    let parsed = parse::parse(&source);
    let value = parsed.value?;
    let kind = detect(&value, &parsed.spans).ok()?;
    Some(Document {
        model: Model::build(kind, &value),
        source,
        value,
        spans: parsed.spans,
        event: None,
    })
}

fn run_rules(doc: &Document, out: &mut Vec<Diagnostic>) {
    for rule in rules::RULES {
        rule.check(doc, &mut Context::new(rule.meta(), out));
    }
}

/// Detects the document kind from its top level, or explains which shapes are expected.
fn detect(value: &Value, spans: &SpanIndex) -> Result<Kind, Box<Diagnostic>> {
    let root = spans.locate("").value;
    let head = Span::new(root.start, root.start + 1);
    let expected = "expected a handler response `{\"SchemaVersion\": \"1.0\", \"Actions\": [...]}`, \
                    a single action `{\"Type\": ..., \"Parameters\": {...}}`, or an array of actions";
    match value {
        Value::Object(m) => {
            let has = |k: &str| m.contains_key(k);
            if has("InvocationEventType") || has("CallDetails") {
                Ok(Kind::Event)
            } else if has("SchemaVersion") || has("Actions") || has("TransactionAttributes") {
                Ok(Kind::Response)
            } else if has("Type") {
                Ok(Kind::Action)
            } else if has("statusCode") || (has("body") && has("headers")) {
                let key = spans
                    .get("/statusCode")
                    .or_else(|| spans.get("/body"))
                    .and_then(|l| l.key)
                    .unwrap_or(head);
                let inner = m
                    .get("body")
                    .and_then(Value::as_str)
                    .and_then(|b| serde_json::from_str::<Value>(b).ok())
                    .is_some_and(|v| v.get("SchemaVersion").is_some() || v.get("Actions").is_some());
                let help = if inner {
                    "`body` holds a stringified SMA response: return that object itself, not a string inside an API-Gateway envelope"
                } else {
                    "the SMA invokes the Lambda directly: return `{\"SchemaVersion\": \"1.0\", \"Actions\": [...]}` itself, not `{statusCode, body}`"
                };
                Err(Finding::new(
                    "an API-Gateway `{statusCode, body}` envelope is not an SMA response (the SMA answers `SchemaVersionMismatch`)",
                    "",
                    key,
                )
                .label("API-Gateway envelope")
                .help(help)
                .stamp(&shape::ApiGatewayEnvelope::META)
                .into())
            } else if has("Statement") {
                let key = spans.get("/Statement").and_then(|l| l.key).unwrap_or(head);
                Err(Finding::new(
                    "this is shaped like an IAM policy (`Version`/`Statement`), not an SMA response",
                    "",
                    key,
                )
                .label("policy statement list")
                .stamp(&shape::PolicyNotResponse::META)
                .into())
            } else {
                let keys: Vec<_> = m
                    .keys()
                    .take(5)
                    .map(|k| format!("`{}`", shorten(k, 80)))
                    .collect();
                let found = if keys.is_empty() {
                    "an empty object".to_string()
                } else {
                    format!("an object with {}", keys.join(", "))
                };
                Err(Finding::new(format!("unknown document shape: {found}"), "", head)
                    .label("document starts here")
                    .help(expected)
                    .stamp(&shape::UnknownDocumentShape::META)
                .into())
            }
        }
        Value::Array(a) if !a.is_empty() => Ok(Kind::ActionList),
        Value::Array(_) => Err(Finding::new(
            "an empty array is not an SMA response (a Python handler returning `()` or `[]` sends this)",
            "",
            head,
        )
        .label("empty array")
        .help("return `{\"SchemaVersion\": \"1.0\", \"Actions\": []}` to send no actions")
        .stamp(&shape::UnknownDocumentShape::META)
                .into()),
        other => {
            let what = match other {
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "`null`",
            };
            Err(Finding::new(format!("unknown document shape: {what}"), "", root)
                .label("document")
                .help(expected)
                .stamp(&shape::UnknownDocumentShape::META)
                .into())
        }
    }
}
