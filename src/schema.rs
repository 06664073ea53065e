//! The embedded JSON Schemas (`schemas/`), compiled once per process, and their errors turned
//! into diagnostics a person would write, each placed with the span index.
//!
//! Shape lives in the schemas; each property may carry `x-sma-help` (the help line) and
//! `x-sma-number` (a number or numeric string with bounds: the SMA accepts both).
use crate::util::json_type;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind as K;
use jsonschema::{Draft, Keyword, ValidationError, Validator};
use serde_json::{Map, Value, json};

use crate::diagnostic::Meta;
use crate::diagnostic::codes::schema as codes;
use crate::diagnostic::{Diagnostic, Edit, Finding};
use crate::model::{Kind, parse_decimal};
use crate::parse::SpanIndex;
use crate::pointer::{Pointer, unescape};
use crate::source::Span;
use crate::util::plural;
use crate::util::suggest::did_you_mean;

/// Where the schemas are published: derived from the crate's one repository URL (each file's
/// `$id` is `BASE` + its name; a test holds them equal).
pub const BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/schemas/");

include!(concat!(env!("OUT_DIR"), "/schemas.rs"));
include!(concat!(env!("OUT_DIR"), "/action_facts.rs"));

struct Schemas {
    docs: Vec<(String, Value)>,
    registry: jsonschema::Registry<'static>,
    /// One validator per document kind, each built on first use only: a run over responses
    /// never pays for compiling the action, action-list and event validators. The kinds that
    /// hold actions check only their shape here (`Type`, `Parameters` an object, the limits).
    validators: [OnceLock<Validator>; 4],
    /// One validator per action type (`ACTION_TYPES` order) for an action's `Parameters`,
    /// built the first time an action of that type is seen: a file with two actions compiles
    /// two action schemas, not eighteen.
    actions: Vec<OnceLock<Validator>>,
    /// Each action type's schema file, as an index into `docs` (`ACTION_TYPES` order).
    action_docs: Vec<Option<usize>>,
}

/// How many times the schemas were loaded in this process (once, whatever the file count);
/// each kind's validator is then built at most once, on first use.
pub static COMPILATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| load().unwrap_or_else(|e| panic!("embedded schemas must load: {e}")))
}

/// Every embedded schema file by its `$id`, `handler-output.json`'s `Action` completed with
/// one case per action file (`action_cases`): what validation and the bundle both read.
fn documents() -> Result<Vec<(String, Value)>, String> {
    let mut docs: Vec<(String, Value)> = FILES
        .iter()
        .map(|(name, text)| {
            serde_json::from_str(text)
                .map(|v| (format!("{BASE}{name}"), v))
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let cases = action_cases(&docs);
    if let Some((_, handler)) = docs
        .iter_mut()
        .find(|(uri, _)| uri.ends_with("/handler-output.json"))
    {
        handler["$defs"]["Action"]["allOf"] = Value::Array(cases);
    }
    Ok(docs)
}

fn load() -> Result<Schemas, String> {
    COMPILATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut docs = documents()?;
    // validation checks each action's parameters with its own type's validator
    // (`validate_actions`), so the document validators need only the shape
    if let Some((_, handler)) = docs
        .iter_mut()
        .find(|(uri, _)| uri.ends_with("/handler-output.json"))
        && let Some(action) = handler["$defs"]["Action"].as_object_mut()
    {
        action.remove("allOf");
    }
    let mut registry = jsonschema::Registry::new();
    for (uri, doc) in &docs {
        registry = registry
            .add(uri.as_str(), doc.clone())
            .map_err(|e| e.to_string())?;
    }
    let registry = registry.prepare().map_err(|e| e.to_string())?;
    Ok(Schemas {
        registry,
        validators: Default::default(),
        actions: ACTION_TYPES.iter().map(|_| OnceLock::new()).collect(),
        action_docs: ACTION_FILES
            .iter()
            .map(|file| {
                let suffix = format!("/{file}");
                docs.iter().position(|(uri, _)| uri.ends_with(&suffix))
            })
            .collect(),
        docs,
    })
}

/// One `if Type is T then Parameters is T's schema` case per action schema file (its
/// `x-sma-action`), for `handler-output.json`'s `Action`: adding an action is adding its file.
fn action_cases(docs: &[(String, Value)]) -> Vec<Value> {
    ACTION_TYPES
        .iter()
        .zip(ACTION_FILES)
        .map(|(t, file)| {
            let doc = docs
                .iter()
                .find(|(uri, _)| uri.ends_with(&format!("/{file}")))
                .map(|(_, d)| d);
            let required = doc.is_some_and(|d| d["x-sma-action"]["parameters"] == "required");
            let mut then = json!({"properties": {"Parameters": {"$ref": file}}});
            if required {
                then["required"] = json!(["Parameters"]);
            }
            json!({"if": {"properties": {"Type": {"const": t}}, "required": ["Type"]}, "then": then})
        })
        .collect()
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Response => 0,
        Kind::Action => 1,
        Kind::ActionList => 2,
        Kind::Event => 3,
    }
}

fn build(s: &'static Schemas, kind: Kind) -> Result<Validator, String> {
    let uri = match kind {
        Kind::Response => format!("{BASE}handler-output.json#/$defs/Response"),
        Kind::Action => format!("{BASE}handler-output.json#/$defs/Action"),
        Kind::ActionList => format!("{BASE}handler-output.json#/$defs/ActionList"),
        Kind::Event => format!("{BASE}event.json"),
    };
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&s.registry)
        .with_keyword("x-sma-number", |_, value, _| {
            Ok(Box::new(NumberKeyword::from_schema(value)))
        })
        .build(&json!({ "$ref": uri }))
        .map_err(|e| e.to_string())
}

/// The schema an action of type `ACTION_TYPES[i]` must satisfy: `handler-output.json`'s case
/// for it (`action_cases`): `Parameters` per the action's file, and required when it says so.
fn build_action(s: &'static Schemas, i: usize) -> Result<Validator, String> {
    let doc = s.action_docs[i].map(|d| &s.docs[d].1);
    let required = doc.is_some_and(|d| d["x-sma-action"]["parameters"] == "required");
    let mut schema =
        json!({"properties": {"Parameters": {"$ref": format!("{BASE}{}", ACTION_FILES[i])}}});
    if required {
        schema["required"] = json!(["Parameters"]);
    }
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&s.registry)
        .with_keyword("x-sma-number", |_, value, _| {
            Ok(Box::new(NumberKeyword::from_schema(value)))
        })
        .build(&schema)
        .map_err(|e| e.to_string())
}

/// The validator for actions of type `ACTION_TYPES[i]`, built on first use.
fn action_validator(i: usize) -> &'static Validator {
    let s = schemas();
    s.actions[i].get_or_init(|| {
        build_action(s, i).unwrap_or_else(|e| panic!("embedded schemas must compile: {e}"))
    })
}

/// The validator for one document kind, built on first use.
fn validator(kind: Kind) -> &'static Validator {
    let s = schemas();
    s.validators[slot(kind)].get_or_init(|| {
        build(s, kind).unwrap_or_else(|e| panic!("embedded schemas must compile: {e}"))
    })
}

/// `x-sma-number`: a JSON number or a plain decimal string, within optional bounds.
struct NumberKeyword {
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: Option<f64>,
    integer: bool,
}

impl NumberKeyword {
    fn from_schema(v: &Value) -> Self {
        let f = |k: &str| v.get(k).and_then(Value::as_f64);
        NumberKeyword {
            minimum: f("minimum"),
            maximum: f("maximum"),
            exclusive_minimum: f("exclusiveMinimum"),
            integer: v.get("integer").and_then(Value::as_bool).unwrap_or(false),
        }
    }

    /// Describes the constraint, e.g. "must be an integer from 1 to 1000".
    fn describe(&self) -> String {
        let what = if self.integer {
            "an integer"
        } else {
            "a number"
        };
        match (self.minimum, self.maximum, self.exclusive_minimum) {
            (Some(lo), Some(hi), _) => format!("must be {what} from {lo} to {hi}"),
            (Some(lo), None, _) => format!("must be {what} of at least {lo}"),
            (None, Some(hi), _) => format!("must be {what} of at most {hi}"),
            (None, None, Some(lo)) => format!("must be {what} greater than {lo}"),
            (None, None, None) => format!("must be {what}"),
        }
    }

    /// Returns whether the value is fine; non-number, non-string values are `type`'s business.
    fn accepts(&self, instance: &Value) -> bool {
        let n = match instance {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => parse_decimal(s),
            _ => return true,
        };
        n.is_some_and(|n| {
            (!self.integer || n.fract() == 0.0)
                && self.minimum.is_none_or(|lo| n >= lo)
                && self.maximum.is_none_or(|hi| n <= hi)
                && self.exclusive_minimum.is_none_or(|lo| n > lo)
        })
    }
}

impl<'i> Keyword<'i> for NumberKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.accepts(instance) {
            return Ok(());
        }
        let numeric = match instance {
            Value::String(s) => parse_decimal(s).is_some(),
            _ => true,
        };
        Err(ValidationError::custom(if numeric {
            self.describe()
        } else {
            format!(
                "{} (a number or a numeric string such as \"10\")",
                self.describe()
            )
        }))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.accepts(instance)
    }
}

/// Loads the schemas now (e.g. before spawning workers); each kind's validator is built on
/// first use (a worker needing one another is building waits for it).
pub fn warm_up() {
    schemas();
}

/// What a number parameter of an action schema file must be, from its `x-sma-number`
/// constraint: `number_range("record-audio.json", "SilenceThreshold")` is "an integer from 1
/// to 1000". For `--help` texts, so a range is written once, in its schema.
/// The file is parsed once per process, however many flags ask (clap builds every help text
/// at start-up).
pub fn number_range(file: &str, key: &str) -> Option<String> {
    static PARSED: OnceLock<std::sync::Mutex<Vec<(String, Value)>>> = OnceLock::new();
    let cache = PARSED.get_or_init(Default::default);
    let mut parsed = cache.lock().ok()?;
    if !parsed.iter().any(|(n, _)| n == file) {
        let text = FILES.iter().find(|(n, _)| *n == file)?.1;
        parsed.push((file.to_string(), serde_json::from_str(text).ok()?));
    }
    let doc = &parsed.iter().find(|(n, _)| n == file)?.1;
    let constraint = doc.get("properties")?.get(key)?.get("x-sma-number")?;
    let described = NumberKeyword::from_schema(constraint).describe();
    Some(described.trim_start_matches("must be ").to_string())
}

/// The URL the bundle is published at: the repository's raw file on `main`, derived from
/// Cargo.toml's `repository` (`https://github.com/O/R` → `https://raw.githubusercontent.com/O/R/main/...`).
pub fn bundle_url() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let raw = repo.replacen(
        "https://github.com/",
        "https://raw.githubusercontent.com/",
        1,
    );
    format!("{raw}/main/schemas/bundle/sma.schema.json")
}

/// One self-contained JSON Schema (2020-12) for everything sma lints: a handler response, an
/// action list, an action or an invocation event, told apart as `sma lint` tells them apart.
/// Every schema file is a `$defs` entry (by its stem), every `$ref` points inside the bundle,
/// and sma's own keywords are rewritten into standard ones: `x-sma-number` into `anyOf`
/// number-with-bounds / numeric string, `x-sma-help` into `description` and
/// `markdownDescription`; the other `x-sma-*` keywords are dropped.
pub fn bundle() -> Value {
    // the embedded files parse (a unit test and every lint run say so)
    let docs = documents().unwrap_or_default();
    let mut defs = Map::new();
    for (uri, mut doc) in docs {
        let stem = uri
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".json")
            .to_string();
        standardise(&mut doc, &stem);
        if let Some(o) = doc.as_object_mut() {
            o.remove("$id");
            o.remove("$schema");
        }
        defs.insert(stem, doc);
    }
    let r = |p: &str| json!({"$ref": format!("#/$defs/{p}")});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": bundle_url(),
        "title": "Amazon Chime SDK SIP media application: handler responses and invocation events",
        "description": format!("Generated by `sma schema` (sma {}); what `sma lint` checks beyond shape (state, context, cross-field rules) is in its rules.", env!("CARGO_PKG_VERSION")),
        "if": {"type": "object", "required": ["InvocationEventType"]},
        "then": r("event"),
        "else": {
            "if": {"type": "array"},
            "then": r("handler-output/$defs/ActionList"),
            "else": {
                "if": {"type": "object", "required": ["Type"], "not": {"required": ["Actions"]}},
                "then": r("handler-output/$defs/Action"),
                "else": r("handler-output/$defs/Response"),
            },
        },
        "$defs": defs,
    })
}

/// The standard form of sma's keywords in one schema document, its `$ref`s made to point
/// into the bundle (`file.json#/x` → `#/$defs/file/x`, `#/x` → `#/$defs/<stem>/x`).
fn standardise(v: &mut Value, stem: &str) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| standardise(i, stem)),
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get_mut("$ref") {
                let (file, fragment) = r.split_once('#').unwrap_or((r.as_str(), ""));
                let target = if file.is_empty() {
                    stem.to_string()
                } else {
                    file.trim_end_matches(".json").to_string()
                };
                *r = format!("#/$defs/{target}{fragment}");
            }
            if let Some(n) = o.remove("x-sma-number") {
                let k = NumberKeyword::from_schema(&n);
                let mut number = json!({"type": if k.integer { "integer" } else { "number" }});
                if let Some(lo) = k.minimum {
                    number["minimum"] = json!(lo);
                }
                if let Some(hi) = k.maximum {
                    number["maximum"] = json!(hi);
                }
                if let Some(lo) = k.exclusive_minimum {
                    number["exclusiveMinimum"] = json!(lo);
                }
                let pattern = if k.integer {
                    r"^\s*[-+]?[0-9]+(\.0*)?\s*$"
                } else {
                    r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$"
                };
                let string = json!({"type": "string", "pattern": pattern});
                o.remove("type");
                let either = json!([number, string]);
                match o.remove("anyOf") {
                    Some(existing) => {
                        o.insert(
                            "allOf".into(),
                            json!([{"anyOf": existing}, {"anyOf": either}]),
                        );
                    }
                    None => {
                        o.insert("anyOf".into(), either);
                    }
                }
            }
            if let Some(Value::String(h)) = o.remove("x-sma-help") {
                o.entry("description")
                    .or_insert_with(|| Value::String(h.clone()));
                o.insert("markdownDescription".into(), Value::String(h));
            }
            o.retain(|k, _| !k.starts_with("x-sma-"));
            o.values_mut().for_each(|x| standardise(x, stem));
        }
        _ => {}
    }
}

/// The help of an action's parameter (its schema's `x-sma-help`, else its description), for an
/// editor's hover: `parameter_help("RecordAudio", "SilenceThreshold")`.
pub fn parameter_help(action: &str, key: &str) -> Option<String> {
    let i = ACTION_TYPES.iter().position(|t| *t == action)?;
    let text = FILES.iter().find(|(n, _)| *n == ACTION_FILES[i])?.1;
    let doc: Value = serde_json::from_str(text).ok()?;
    let prop = doc.get("properties")?.get(key)?;
    prop.get("x-sma-help")
        .or_else(|| prop.get("description"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Whether `key` is a documented parameter of `action` (a property of its schema file).
pub fn has_parameter(action: &str, key: &str) -> bool {
    let Some(i) = ACTION_TYPES.iter().position(|t| *t == action) else {
        return false;
    };
    let s = schemas();
    s.action_docs[i].is_some_and(|d| s.docs[d].1["properties"].get(key).is_some())
}

/// Validates a document of a known kind; every error becomes one or more diagnostics.
pub fn validate(kind: Kind, value: &Value, spans: &SpanIndex) -> Vec<Diagnostic> {
    let s = schemas();
    let mut out = Vec::new();
    let validator = validator(kind);
    // Most documents are valid: `is_valid` answers without building any error.
    if !validator.is_valid(value) {
        for err in validator.iter_errors(value) {
            describe(s, &err, "", value, spans, &mut out);
        }
    }
    for (at, action) in actions_of(kind, value) {
        let Some(i) = action
            .get("Type")
            .and_then(Value::as_str)
            .and_then(|t| ACTION_TYPES.iter().position(|k| *k == t))
        else {
            continue;
        };
        let v = action_validator(i);
        if !v.is_valid(action) {
            for err in v.iter_errors(action) {
                describe(s, &err, &at, value, spans, &mut out);
            }
        }
    }
    out
}

/// The actions of a document and the pointer of each (`/Actions/0`, `/0`, or `` for a single
/// action); only objects, the shape validator reports anything else.
fn actions_of(kind: Kind, value: &Value) -> Vec<(String, &Value)> {
    let list = match kind {
        Kind::Response => value
            .get("Actions")
            .and_then(Value::as_array)
            .map(|a| ("/Actions", a)),
        Kind::ActionList => value.as_array().map(|a| ("", a)),
        Kind::Action => return vec![(String::new(), value)],
        Kind::Event => None,
    };
    list.into_iter()
        .flat_map(|(base, items)| {
            items
                .iter()
                .enumerate()
                .filter(|(_, a)| a.is_object())
                .map(move |(i, a)| (format!("{base}/{i}"), a))
        })
        .collect()
}

/// Returns the schema object holding the failing keyword.
fn subschema<'s>(s: &'s Schemas, err: &ValidationError<'_>) -> Option<&'s Map<String, Value>> {
    let location = err.absolute_keyword_location()?.to_string();
    let (uri, fragment) = location.split_once('#').unwrap_or((&location, ""));
    let doc = &s.docs.iter().find(|(u, _)| u == uri)?.1;
    let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
    doc.pointer(parent)?.as_object()
}

fn help_of(schema: Option<&Map<String, Value>>) -> Option<String> {
    schema?.get("x-sma-help")?.as_str().map(str::to_string)
}

/// Names the value at a pointer for a message: `SilenceThreshold`, `RecordingTerminators[0]`.
fn name_of(pointer: &str) -> String {
    let mut segs = pointer.rsplit('/');
    let last = segs.next().unwrap_or("");
    if pointer.is_empty() {
        return "the document".into();
    }
    if last.parse::<usize>().is_ok() {
        match segs.next() {
            Some(parent) if !parent.is_empty() => format!("`{}[{last}]`", unescape(parent)),
            _ => format!("item {last}"),
        }
    } else {
        format!("`{}`", unescape(last))
    }
}

fn show(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// The span to underline for a value: scalars whole; containers by their key or opening bracket.
fn value_span(spans: &SpanIndex, pointer: &str, value: &Value) -> Span {
    let at = spans.locate(pointer);
    match value {
        Value::Object(_) | Value::Array(_) => at
            .key
            .unwrap_or(Span::new(at.value.start, at.value.start + 1)),
        _ => at.value,
    }
}

/// The edit that renames the key of the member at `member` to `good`.
fn rename_key(spans: &SpanIndex, member: &Pointer, good: &str) -> Vec<Edit> {
    let Some(key) = spans.get(member).and_then(|l| l.key) else {
        return Vec::new();
    };
    vec![Edit {
        span: key,
        text: serde_json::to_string(good).unwrap_or_default(),
    }]
}

/// Describes one validation error; `base` is the pointer of the value the validator was run
/// on (an action's, for the action validators), `root` the whole document.
fn describe(
    s: &Schemas,
    err: &ValidationError<'_>,
    base: &str,
    root: &Value,
    spans: &SpanIndex,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = Pointer::from_escaped(format!("{base}{}", err.instance_path().as_str()));
    let instance = root.pointer(&pointer).unwrap_or(&Value::Null);
    let schema = subschema(s, err);
    let name = name_of(&pointer);
    let mut push = |meta: &'static Meta, f: Finding| out.push(f.stamp(meta));
    let at_value = || value_span(spans, &pointer, instance);
    match err.kind() {
        K::Required { property } => {
            let key = property.as_str().unwrap_or_default();
            let at = spans.locate(&pointer);
            let span = at
                .key
                .unwrap_or(Span::new(at.value.start, at.value.start + 1));
            let help = help_of(schema.and_then(|m| m.get("properties")?.get(key)?.as_object()))
                .unwrap_or_else(|| format!("add `{key}`"));
            let within = if pointer.is_empty() {
                String::new()
            } else {
                format!(" in {name}")
            };
            push(
                &codes::MissingRequiredKey::META,
                Finding::new(
                    format!("missing required key `{key}`{within}"),
                    pointer.key(key),
                    span,
                )
                .label(format!("`{key}` missing here"))
                .detail("is missing")
                .help(help),
            );
        }
        K::AdditionalProperties { unexpected } => {
            let known: Vec<&str> = schema
                .and_then(|m| m.get("properties")?.as_object())
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for key in unexpected {
                let member = pointer.key(key);
                let span = spans.locate(&member).key.unwrap_or_else(at_value);
                let owner = if pointer.is_empty() {
                    "the response".to_string()
                } else {
                    name.clone()
                };
                let list = known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                match did_you_mean(key, known.iter().copied()) {
                    Some(good) => push(
                        &codes::MisspelledKey::META,
                        Finding::new(format!("unknown key `{key}` in {owner}"), member, span)
                            .label(format!("did you mean `{good}`?"))
                            .detail(format!("is not a documented key; did you mean `{good}`?"))
                            .fix(rename_key(spans, &pointer.key(key), good))
                            .help(format!("did you mean `{good}`? the misspelled key is ignored, so `{good}` is not set")),
                    ),
                    None => push(
                        &codes::UnknownKey::META,
                        Finding::new(format!("unknown key `{key}` in {owner}"), member, span)
                            .label("not documented here")
                            .detail("is not a documented key")
                            .help(format!("remove it; the documented keys are {list}")),
                    ),
                }
            }
        }
        K::Type { .. } => {
            let numberish = schema.is_some_and(|m| m.contains_key("x-sma-number"));
            let expected = if numberish {
                "a number or a numeric string".to_string()
            } else {
                expected_types(schema)
            };
            push(
                &codes::WrongType::META,
                Finding::new(
                    format!("{name} must be {expected}, found {}", json_type(instance)),
                    pointer.clone(),
                    at_value(),
                )
                .label(format!("{} here", json_type(instance)))
                .detail(format!("must be {expected}"))
                .expected(expected.clone())
                .help(help_of(schema).unwrap_or_else(|| format!("use {expected}"))),
            );
        }
        K::Custom { message, .. } => push(
            &codes::ValueOutOfRange::META,
            Finding::new(
                format!("{name} {message}, found {}", show(instance)),
                pointer.clone(),
                at_value(),
            )
            .label("out of range")
            .detail(message.clone())
            .expected(
                message
                    .strip_prefix("must be ")
                    .unwrap_or(message)
                    .to_string(),
            )
            .help(help_of(schema).unwrap_or_else(|| message.clone())),
        ),
        K::Minimum { limit }
        | K::Maximum { limit }
        | K::ExclusiveMinimum { limit }
        | K::ExclusiveMaximum { limit } => {
            let op = match err.kind() {
                K::Minimum { .. } => "at least",
                K::Maximum { .. } => "at most",
                K::ExclusiveMinimum { .. } => "greater than",
                _ => "less than",
            };
            push(
                &codes::ValueOutOfRange::META,
                Finding::new(
                    format!("{name} must be {op} {limit}, found {}", show(instance)),
                    pointer.clone(),
                    at_value(),
                )
                .label("out of range")
                .detail(format!("must be {op} {limit}"))
                .expected(format!("a value {op} {limit}"))
                .help(help_of(schema).unwrap_or_else(|| format!("use a value {op} {limit}"))),
            );
        }
        K::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(|o| format!("`{o}`")).collect())
                .unwrap_or_default();
            let suggestion = instance.as_str().and_then(|given| {
                options
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|o| o.eq_ignore_ascii_case(given.trim()))
            });
            let label = match suggestion {
                Some(good) => format!("did you mean `{good}`?"),
                None => "not an allowed value".into(),
            };
            push(
                &codes::InvalidValue::META,
                Finding::new(
                    format!(
                        "{name} must be one of {}, found {}",
                        allowed.join(", "),
                        show(instance)
                    ),
                    pointer.clone(),
                    at_value(),
                )
                .label(label)
                .fix(suggestion.map_or_else(Vec::new, |good| {
                    vec![Edit {
                        span: at_value(),
                        text: serde_json::to_string(good).unwrap_or_default(),
                    }]
                }))
                .detail(format!("must be one of {}", allowed.join(", ")))
                .expected(format!("one of {}", allowed.join(", ")))
                .help(help_of(schema).unwrap_or_else(|| "use one of the allowed values".into())),
            );
        }
        K::Constant { expected_value } => push(
            &codes::InvalidValue::META,
            Finding::new(
                format!(
                    "{name} must be `{expected_value}`, found {}",
                    show(instance)
                ),
                pointer.clone(),
                at_value(),
            )
            .label(format!("expected `{expected_value}`"))
            .detail(format!("must be `{expected_value}`"))
            .expected(format!("`{expected_value}`"))
            .help(help_of(schema).unwrap_or_else(|| format!("use `{expected_value}`"))),
        ),
        K::MaxItems { limit } => {
            let n = instance.as_array().map_or(0, Vec::len);
            push(
                &codes::TooManyItems::META,
                Finding::new(
                    format!(
                        "{name} has {}; at most {limit} {} allowed",
                        plural(n, "item"),
                        if *limit == 1 { "is" } else { "are" }
                    ),
                    pointer.clone(),
                    at_value(),
                )
                .label(plural(n, "item"))
                .detail(format!(
                    "has {}; at most {limit} allowed",
                    plural(n, "item")
                ))
                .help(
                    help_of(schema).unwrap_or_else(|| {
                        format!("keep at most {}", plural(*limit as usize, "item"))
                    }),
                ),
            );
        }
        K::MaxProperties { limit } => {
            let n = instance.as_object().map_or(0, Map::len);
            push(
                &codes::TooManyItems::META,
                Finding::new(
                    format!("{name} has {n} keys; at most {limit} are allowed"),
                    pointer.clone(),
                    at_value(),
                )
                .label(format!("{n} keys"))
                .help(
                    help_of(schema).unwrap_or_else(|| {
                        format!("keep at most {}", plural(*limit as usize, "key"))
                    }),
                ),
            );
        }
        K::Pattern { pattern } => push(
            &codes::InvalidValue::META,
            Finding::new(
                format!("{name} has an invalid format: {}", show(instance)),
                pointer.clone(),
                at_value(),
            )
            .label("invalid format")
            .detail("has an invalid format")
            .help(help_of(schema).unwrap_or_else(|| format!("match the pattern `{pattern}`"))),
        ),
        K::MinItems { .. } | K::MinLength { .. } => push(
            &codes::EmptyValue::META,
            Finding::new(format!("{name} is empty"), pointer.clone(), at_value())
                .label("empty")
                .detail("is empty")
                .expected("a value that is not empty")
                .help(help_of(schema).unwrap_or_else(|| "fill in a value".into())),
        ),
        K::MaxLength { limit } => push(
            &codes::TooLong::META,
            Finding::new(
                format!("{name} is longer than {limit} characters"),
                pointer.clone(),
                at_value(),
            )
            .label("too long")
            .detail(format!("is longer than {limit} characters"))
            .expected(format!("at most {limit} characters"))
            .help(help_of(schema).unwrap_or_else(|| format!("keep it within {limit} characters"))),
        ),
        _ => push(
            &codes::SchemaViolation::META,
            Finding::new(
                format!("{name}: {}", err.masked()),
                pointer.clone(),
                at_value(),
            )
            .help(help_of(schema).unwrap_or_else(|| "follow the documented shape".into())),
        ),
    }
}

fn expected_types(schema: Option<&Map<String, Value>>) -> String {
    let names: Vec<&str> = match schema.and_then(|m| m.get("type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let article = |t: &str| match t {
        "null" => "null".to_string(),
        "array" | "object" | "integer" => format!("an {t}"),
        other => format!("a {other}"),
    };
    match names.as_slice() {
        [] => "of another type".into(),
        [one] => article(one),
        many => many
            .iter()
            .map(|t| article(t))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts build.rs derived agree with the embedded schemas read here: every file that
    /// declares an action (`x-sma-action`) is one, with its errors; every other file is a shared
    /// or document schema; and the loaded `handler-output.json` has one case per action.
    #[test]
    fn action_facts_agree_with_the_schemas() {
        let doc = |name: &str| -> Value {
            let text = FILES.iter().find(|(n, _)| *n == name).unwrap().1;
            serde_json::from_str(text).unwrap()
        };
        let mut declared: Vec<(String, String)> = FILES
            .iter()
            .filter_map(|(name, _)| {
                let t = doc(name)["x-sma-action"]["type"].as_str()?.to_string();
                Some((t, name.to_string()))
            })
            .collect();
        declared.sort();
        let ours: Vec<(String, String)> = ACTION_TYPES
            .iter()
            .zip(ACTION_FILES)
            .map(|(t, f)| (t.to_string(), f.to_string()))
            .collect();
        assert_eq!(declared, ours);
        for ((name, errors), (_, file)) in ACTION_ERRORS.iter().zip(&declared) {
            let listed: Vec<(String, String)> = doc(file)["x-sma-errors"]["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["type"].as_str().unwrap().into(),
                        e["message"].as_str().unwrap().into(),
                    )
                })
                .collect();
            let ours: Vec<(String, String)> = errors
                .iter()
                .map(|(t, m)| (t.to_string(), m.to_string()))
                .collect();
            assert_eq!(listed, ours, "{name}");
            assert!(
                doc(file)["x-sma-errors"]["source"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://docs.aws.amazon.com/")
            );
            assert!(
                ["required", "optional"]
                    .contains(&doc(file)["x-sma-action"]["parameters"].as_str().unwrap())
            );
        }
        for (name, _) in FILES {
            let is_action = declared.iter().any(|(_, f)| f == name);
            let shared = ["handler-output.json", "event.json", "common.json"].contains(name);
            assert!(
                is_action != shared,
                "{name}: neither an action nor a shared schema"
            );
        }
        // the bundle's handler-output has one case per action; validation one validator each
        let cases = documents()
            .unwrap()
            .into_iter()
            .find(|(uri, _)| uri.ends_with("/handler-output.json"))
            .unwrap()
            .1["$defs"]["Action"]["allOf"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(cases, ACTION_TYPES.len());
        assert_eq!(schemas().actions.len(), ACTION_TYPES.len());
        let record = doc("record-audio.json");
        assert_eq!(
            record["properties"]["RecordingTerminators"]["items"]["enum"],
            serde_json::json!(DTMF_KEYS)
        );
        assert_eq!(
            record["properties"]["ParticipantTag"]["enum"],
            serde_json::json!(LEG_TAGS)
        );
    }

    #[test]
    fn schema_ids_derive_from_the_repository_url() {
        assert!(BASE.starts_with("https://github.com/"), "{BASE}");
        for (name, text) in FILES {
            let doc: Value = serde_json::from_str(text).unwrap();
            assert_eq!(doc["$id"], format!("{BASE}{name}"), "{name}");
        }
    }

    #[test]
    fn every_embedded_schema_compiles() {
        let s = schemas();
        assert_eq!(s.docs.len(), FILES.len());
        for kind in [Kind::Response, Kind::Action, Kind::ActionList, Kind::Event] {
            build(s, kind).unwrap();
        }
        for i in 0..ACTION_TYPES.len() {
            build_action(s, i).unwrap();
        }
    }

    #[test]
    fn numeric_keyword_accepts_numbers_and_numeric_strings() {
        let k =
            NumberKeyword::from_schema(&json!({"minimum": 1, "maximum": 1000, "integer": true}));
        for ok in [json!(1), json!(1000), json!("200"), json!(true)] {
            assert!(k.accepts(&ok), "{ok}");
        }
        for bad in [
            json!(0),
            json!(1001),
            json!(2.5),
            json!("0"),
            json!("ten"),
            json!("1e2"),
        ] {
            assert!(!k.accepts(&bad), "{bad}");
        }
        let d = NumberKeyword::from_schema(&json!({"exclusiveMinimum": 0}));
        assert!(d.accepts(&json!("0.5")) && !d.accepts(&json!(0)) && !d.accepts(&json!("-3")));
        assert_eq!(d.describe(), "must be a number greater than 0");
    }

    #[test]
    fn names_read_well() {
        assert_eq!(name_of("/Actions/0/Parameters/CallId"), "`CallId`");
        assert_eq!(
            name_of("/Actions/0/Parameters/RecordingTerminators/1"),
            "`RecordingTerminators[1]`"
        );
        assert_eq!(name_of(""), "the document");
    }
}
