//! Typed views of a checked document: its kind, its actions and their RecordAudio parameters.
//!
//! Built after the schema stage from the raw value; fields of the wrong JSON type are left out
//! (the schema stage has already reported them), so rules read typed fields only.
use serde::Serialize;
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Edit, Finding, codes, shorten};
use crate::parse::{SpanIndex, string_offset};
use crate::pointer::Pointer;
use crate::source::{SourceFile, Span};

/// The shape of a document, detected from its top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{"SchemaVersion", "Actions", "TransactionAttributes"}`
    Response,
    /// `{"Type", "Parameters"}`
    Action,
    /// `[{"Type", ...}, ...]`
    ActionList,
    /// An invocation event the SMA sends: `{"SchemaVersion", "Sequence", "InvocationEventType", ...}`
    Event,
}

/// The top-level keys that make an object an SMA response or event (`sma lint`'s walk admits
/// a file holding one of them, or a key within two edits of one: a typo'd envelope is linted).
pub const ENVELOPE_KEYS: [&str; 5] = [
    "SchemaVersion",
    "Actions",
    "TransactionAttributes",
    "InvocationEventType",
    "CallDetails",
];

/// Whether a parsed file is an SMA document, as a directory walk decides which JSON files to
/// lint: an object with an envelope key (or a near-miss of one), an action (`Type` with
/// `Parameters`), an API-Gateway envelope around an SMA response, or an array whose first
/// element is an action. Anything else (package.json, tsconfig.json, CloudFormation output,
/// sma's own baselines and reports) is not.
pub fn is_sma_document(value: &Value) -> bool {
    let is_action = |m: &Map<String, Value>| m.contains_key("Type") && m.contains_key("Parameters");
    match value {
        Value::Object(m) => {
            m.keys().any(|k| is_envelope_key(k))
                || is_action(m)
                || (m.contains_key("statusCode")
                    && m.get("body")
                        .and_then(Value::as_str)
                        .is_some_and(mentions_sma))
        }
        Value::Array(items) => items
            .first()
            .and_then(Value::as_object)
            .is_some_and(is_action),
        _ => false,
    }
}

fn is_envelope_key(key: &str) -> bool {
    ENVELOPE_KEYS.contains(&key) || crate::util::suggest::did_you_mean(key, ENVELOPE_KEYS).is_some()
}

/// Whether a text that does not parse says it is meant as an SMA document: it names
/// `"Actions"`, `"SchemaVersion"` or `"InvocationEventType"`. (A JSONC `tsconfig.json` does not.)
pub fn mentions_sma(text: &str) -> bool {
    [
        "\"Actions\"",
        "\"SchemaVersion\"",
        "\"InvocationEventType\"",
    ]
    .iter()
    .any(|k| text.contains(k))
}

/// A number or a numeric string: the SMA accepts both (the documented example sends `"10"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Numeric {
    Number(serde_json::Number),
    Text(String),
}

impl Numeric {
    /// Returns the value as a float when it is a number or a plain decimal string.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Numeric::Number(n) => n.as_f64(),
            Numeric::Text(s) => parse_decimal(s),
        }
    }
}

/// Parses a plain decimal (`10`, `2.5`, `-1`); no exponent, sign `+`, spaces, `inf` or `NaN`.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (ok(int) && ok(frac)).then(|| s.parse().ok()).flatten()
}

/// RecordAudio's `RecordingDestination`, keys in documented order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordingDestination {
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// RecordAudio's `Parameters`, keys in documented order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordAudio {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_in_seconds: Option<Numeric>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_duration_in_seconds: Option<Numeric>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_threshold: Option<Numeric>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_terminators: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_destination: Option<RecordingDestination>,
}

/// `map.get(key)`, but a small map (most `Parameters` objects) is scanned in order instead of
/// hashed: serde_json's `preserve_order` map hashes every key looked up with SipHash, which was
/// the largest single cost of reading actions (~15% of a lint run on a 36,000-action response).
pub fn field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 8 {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    field(map, key)?.as_str().map(str::to_string)
}

fn numeric(map: &Map<String, Value>, key: &str) -> Option<Numeric> {
    match field(map, key)? {
        Value::Number(n) => Some(Numeric::Number(n.clone())),
        Value::String(s) => Some(Numeric::Text(s.clone())),
        _ => None,
    }
}

impl RecordAudio {
    /// Reads the parameters from a `Parameters` object, keeping only fields of the right type.
    pub fn from_value(params: &Map<String, Value>) -> Self {
        let terminators = field(params, "RecordingTerminators").and_then(Value::as_array);
        RecordAudio {
            call_id: string(params, "CallId"),
            participant_tag: string(params, "ParticipantTag"),
            duration_in_seconds: numeric(params, "DurationInSeconds"),
            silence_duration_in_seconds: numeric(params, "SilenceDurationInSeconds"),
            silence_threshold: numeric(params, "SilenceThreshold"),
            recording_terminators: terminators.map(|t| {
                t.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            }),
            recording_destination: field(params, "RecordingDestination")
                .and_then(Value::as_object)
                .map(|d| RecordingDestination {
                    kind: string(d, "Type"),
                    bucket_name: string(d, "BucketName"),
                    prefix: string(d, "Prefix"),
                }),
        }
    }

    /// Returns the action `{"Type": "RecordAudio", "Parameters": ...}` as JSON.
    pub fn to_action(&self) -> Value {
        let mut action = Map::new();
        action.insert("Type".into(), "RecordAudio".into());
        action.insert(
            "Parameters".into(),
            serde_json::to_value(self).unwrap_or_default(),
        );
        Value::Object(action)
    }
}

/// One action of a document: a view that borrows the parsed value and knows where it is.
#[derive(Debug, Clone)]
pub struct Action<'d> {
    /// JSON Pointer of the action object (`/Actions/0`, `/0`, or `` for a single action).
    pub pointer: Pointer,
    /// `Type`, when it is a string.
    pub type_name: Option<&'d str>,
    /// `Parameters`, when it is an object.
    pub params: Option<&'d Map<String, Value>>,
    /// The document's spans, so the view can say where its parts are.
    spans: &'d SpanIndex,
}

impl<'d> Action<'d> {
    /// The span of the value of `Parameters/<key>` (or of its nearest ancestor).
    pub fn param_span(&self, key: &str) -> Span {
        self.spans.locate(&self.param_pointer(key)).value
    }

    /// The span of the key `Parameters/<key>` (or of its value when it has no key).
    pub fn param_key_span(&self, key: &str) -> Span {
        let at = self.spans.locate(&self.param_pointer(key));
        at.key.unwrap_or(at.value)
    }

    /// The typed parameters of a RecordAudio action (fields of the wrong type left out).
    pub fn record_audio(&self) -> Option<RecordAudio> {
        self.is("RecordAudio")
            .then_some(self.params)
            .flatten()
            .map(RecordAudio::from_value)
    }

    /// The JSON Pointer of the action's `Parameters`.
    pub fn params_pointer(&self) -> Pointer {
        self.pointer.key("Parameters")
    }

    /// The JSON Pointer of `Parameters/<key>`.
    pub fn param_pointer(&self, key: &str) -> Pointer {
        self.pointer.keys(["Parameters", key])
    }

    /// Returns a parameter value of any type.
    pub fn param(&self, key: &str) -> Option<&'d Value> {
        field(self.params?, key)
    }

    /// Returns a string parameter; other types are left out.
    pub fn str_param(&self, key: &str) -> Option<&'d str> {
        self.param(key)?.as_str()
    }

    /// Returns a number or numeric-string parameter as a float.
    pub fn num_param(&self, key: &str) -> Option<f64> {
        match self.param(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => parse_decimal(s),
            _ => None,
        }
    }

    /// Returns whether the action is of type `t`.
    pub fn is(&self, t: &str) -> bool {
        self.type_name == Some(t)
    }

    /// Returns the `CallId` this action targets, if it names one (non-empty).
    pub fn call_id(&self) -> Option<&'d str> {
        self.str_param("CallId").filter(|s| !s.is_empty())
    }

    /// Returns the `ParticipantTag` this action targets, if it names one (non-empty).
    pub fn participant_tag(&self) -> Option<&'d str> {
        self.str_param("ParticipantTag").filter(|s| !s.is_empty())
    }
}

/// The prefix StartCallRecording writes under when `Destination.Location` names only a bucket.
pub const CALL_RECORDING_PREFIX: &str = "Amazon-Chime-SMA-Call-Recordings/";

/// One place an action names an S3 bucket, and what the SMA does there.
#[derive(Debug, Clone)]
pub struct BucketUse<'d> {
    /// The action's `Type`.
    pub action: &'d str,
    /// The parameter holding the source or destination (`AudioSource`, `Destination`, ...).
    pub param: &'static str,
    /// The SMA writes there (RecordAudio, StartCallRecording); otherwise it reads one key.
    pub write: bool,
    pub bucket: String,
    /// Reads: the object key. Writes: the prefix every key starts with.
    pub key: String,
    /// Where the bucket name is written (`BucketName`, or StartCallRecording's `Location`,
    /// whose bucket is the part before the first `/`).
    pub at: Pointer,
    /// Where the key is written (reads with a `Key` string).
    pub key_at: Option<Pointer>,
}

impl BucketUse<'_> {
    /// Whether the bucket is only the first part of a string (StartCallRecording's `Location`).
    pub fn in_location(&self) -> bool {
        self.param == "Destination"
    }
}

/// The S3 sources and destinations of one action type: RecordAudio's `RecordingDestination`
/// and StartCallRecording's `Destination` (written), PlayAudio / PlayAudioAndGetDigits audio
/// and CallAndBridge's `RingbackTone` (read).
fn bucket_params(action: &str) -> &'static [&'static str] {
    match action {
        "RecordAudio" => &["RecordingDestination"],
        "StartCallRecording" => &["Destination"],
        "PlayAudio" | "PlayAudioAndGetDigits" => &["AudioSource", "FailureAudioSource"],
        "CallAndBridge" => &["RingbackTone"],
        _ => &[],
    }
}

/// Every bucket the actions name, in order, and (second) each place that should name one
/// and does not, with the pointer of its key and why.
pub fn bucket_uses<'d>(actions: &[Action<'d>]) -> (Vec<BucketUse<'d>>, Vec<(Pointer, String)>) {
    let mut uses = Vec::new();
    let mut missing = Vec::new();
    for a in actions {
        let Some(t) = a.type_name else { continue };
        for &param in bucket_params(t) {
            let write = matches!(param, "RecordingDestination" | "Destination");
            let Some(obj) = a.param(param) else {
                if write {
                    missing.push((a.param_pointer(param), format!("this {t} has no `{param}`")));
                }
                continue;
            };
            let Some(obj) = obj.as_object() else { continue };
            // only S3 sources and destinations name a bucket (`Type` is the schema's)
            if field(obj, "Type")
                .and_then(Value::as_str)
                .is_some_and(|k| k != "S3")
            {
                continue;
            }
            let base = a.param_pointer(param);
            if param == "Destination" {
                let at = base.key("Location");
                let Some(location) = field(obj, "Location").and_then(Value::as_str) else {
                    missing.push((at, format!("this {t} has no `{param}.Location` string")));
                    continue;
                };
                let (bucket, rest) = location.split_once('/').unwrap_or((location, ""));
                let rest = rest.trim_end_matches('/');
                let key = if rest.is_empty() {
                    CALL_RECORDING_PREFIX.to_string()
                } else {
                    format!("{rest}/")
                };
                uses.push(BucketUse {
                    action: t,
                    param,
                    write,
                    bucket: bucket.to_string(),
                    key,
                    at,
                    key_at: None,
                });
                continue;
            }
            let at = base.key("BucketName");
            let Some(bucket) = field(obj, "BucketName").and_then(Value::as_str) else {
                missing.push((at, format!("this {t} has no `{param}.BucketName` string")));
                continue;
            };
            let (key, key_at) = if write {
                let prefix = field(obj, "Prefix").and_then(Value::as_str);
                (prefix.unwrap_or_default(), None)
            } else {
                let key = field(obj, "Key").and_then(Value::as_str);
                (key.unwrap_or_default(), key.map(|_| base.key("Key")))
            };
            uses.push(BucketUse {
                action: t,
                param,
                write,
                bucket: bucket.to_string(),
                key: key.to_string(),
                at,
                key_at,
            });
        }
    }
    (uses, missing)
}

/// One call leg of an event's `CallDetails.Participants`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Participant {
    pub call_id: Option<String>,
    pub tag: Option<String>,
    /// `Connected`, `Disconnected`, or absent (NEW_OUTBOUND_CALL, RINGING examples).
    pub status: Option<String>,
}

impl Participant {
    /// A leg counts as live unless the event says it is `Disconnected`.
    pub fn is_live(&self) -> bool {
        self.status.as_deref() != Some("Disconnected")
    }
}

/// The typed view of an invocation event, as the response rules need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    /// The name of the file the event was read from, for messages.
    pub name: String,
    pub event_type: Option<String>,
    pub participants: Vec<Participant>,
    /// `ActionData.Type`, when present.
    pub action_type: Option<String>,
    /// `CallDetails.AwsRegion`: the SMA's Region.
    pub region: Option<String>,
}

impl Event {
    /// Reads an event value; fields of the wrong type are left out.
    pub fn from_value(name: &str, value: &Value) -> Self {
        let participants = value
            .pointer("/CallDetails/Participants")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|p| Participant {
                call_id: string(p, "CallId"),
                tag: string(p, "ParticipantTag"),
                status: string(p, "Status"),
            })
            .collect();
        Event {
            name: name.to_string(),
            event_type: value
                .get("InvocationEventType")
                .and_then(Value::as_str)
                .map(str::to_string),
            participants,
            action_type: value
                .pointer("/ActionData/Type")
                .and_then(Value::as_str)
                .map(str::to_string),
            region: value
                .pointer("/CallDetails/AwsRegion")
                .and_then(Value::as_str)
                .map(str::to_string),
        }
    }

    /// Returns whether the call has more than one live leg (bridged, or joined to a meeting).
    pub fn is_bridged(&self) -> bool {
        self.participants.iter().filter(|p| p.is_live()).count() > 1
    }

    /// Returns the participant with this call ID.
    pub fn leg_by_call_id(&self, id: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.call_id.as_deref() == Some(id))
    }

    /// Returns the participant with this tag.
    pub fn leg_by_tag(&self, tag: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.tag.as_deref() == Some(tag))
    }
}

/// The typed view of a whole document: its kind, and for an event its typed view. Actions are
/// read on demand, as views borrowing the document (`Document::actions`).
#[derive(Debug, Clone)]
pub struct Model {
    pub kind: Kind,
    /// For an event document: its typed view (named after the source file).
    pub event: Option<Event>,
}

impl Model {
    /// Builds the view of a value of `kind` read from the file `name` (events keep the name).
    pub fn build_named(kind: Kind, value: &Value, name: &str) -> Self {
        Model {
            kind,
            event: (kind == Kind::Event).then(|| Event::from_value(name, value)),
        }
    }
}

/// The actions of a value of `kind`, as views borrowing it and its spans.
pub fn actions<'d>(kind: Kind, value: &'d Value, spans: &'d SpanIndex) -> Vec<Action<'d>> {
    let (base, list) = match kind {
        Kind::Response => (
            Pointer::root().key("Actions"),
            value.get("Actions").and_then(Value::as_array),
        ),
        Kind::ActionList => (Pointer::root(), value.as_array()),
        Kind::Action => return vec![action(Pointer::root(), value, spans)],
        Kind::Event => return Vec::new(),
    };
    list.into_iter()
        .flatten()
        .enumerate()
        .map(|(i, a)| action(base.index(i), a, spans))
        .collect()
}

fn action<'d>(pointer: Pointer, value: &'d Value, spans: &'d SpanIndex) -> Action<'d> {
    Action {
        pointer,
        type_name: value
            .as_object()
            .and_then(|o| field(o, "Type"))
            .and_then(Value::as_str),
        params: value
            .as_object()
            .and_then(|o| field(o, "Parameters"))
            .and_then(Value::as_object),
        spans,
    }
}

/// Each RecordAudio action's `Parameters`: its pointer, its typed view and the object itself.
pub fn record_audio<'d>(
    actions: &[Action<'d>],
) -> Vec<(Pointer, RecordAudio, &'d Map<String, Value>)> {
    actions
        .iter()
        .filter_map(|a| Some((a.params_pointer(), a.record_audio()?, a.params?)))
        .collect()
}

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
    /// The edit that removes the value at `pointer` (with its key, in an object) and one comma
    /// beside it, leaving valid JSON.
    pub fn removal(&self, pointer: &str) -> Vec<Edit> {
        let Some(at) = self.spans.get(pointer) else {
            return Vec::new();
        };
        let text = self.source.text.as_bytes();
        let start = at.key.unwrap_or(at.value).start;
        let end = at.value.end;
        let before = text[..start].iter().rposition(|b| !b.is_ascii_whitespace());
        let span = match before {
            // a sibling before it: take its comma
            Some(comma) if text[comma] == b',' => Span::new(comma, end),
            // the first: take the comma after it and the space up to the next sibling
            _ => match text[end..].iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) if text[end + i] == b',' => {
                    let next = text[end + i + 1..]
                        .iter()
                        .position(|b| !b.is_ascii_whitespace())
                        .map_or(text.len(), |j| end + i + 1 + j);
                    Span::new(start, next)
                }
                _ => Span::new(start, end),
            },
        };
        vec![Edit {
            span,
            text: String::new(),
        }]
    }

    /// The document's actions, as views borrowing it.
    pub fn actions(&self) -> Vec<Action<'_>> {
        actions(self.model.kind, &self.value, &self.spans)
    }

    /// The span of the decoded bytes `range` of the string at `pointer`, mapped back through
    /// its escapes; the whole value's span when it is not a string literal.
    pub fn substring_span(&self, pointer: &str, range: std::ops::Range<usize>) -> Span {
        let whole = self.span(pointer);
        let Some(literal) = self.source.text.get(whole.start..whole.end) else {
            return whole;
        };
        if !(literal.len() >= 2 && literal.starts_with('"') && literal.ends_with('"')) {
            return whole;
        }
        Span::new(
            whole.start + string_offset(literal, range.start),
            whole.start + string_offset(literal, range.end),
        )
    }

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

/// Detects the document kind from its top level, or explains which shapes are expected.
pub fn detect(value: &Value, spans: &SpanIndex) -> Result<Kind, Box<Diagnostic>> {
    // where the document starts, for the errors only: locating it builds the span index
    let root = || spans.locate("").value;
    let head = || Span::new(root().start, root().start + 1);
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
                    .unwrap_or_else(head);
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
                .stamp(&codes::shape::ApiGatewayEnvelope::META)
                .into())
            } else if has("Statement") {
                let key = spans.get("/Statement").and_then(|l| l.key).unwrap_or_else(head);
                Err(Finding::new(
                    "this is shaped like an IAM policy (`Version`/`Statement`), not an SMA response",
                    "",
                    key,
                )
                .label("policy statement list")
                .stamp(&codes::shape::PolicyNotResponse::META)
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
                Err(Finding::new(format!("unknown document shape: {found}"), "", head())
                    .label("document starts here")
                    .help(expected)
                    .stamp(&codes::shape::UnknownDocumentShape::META)
                .into())
            }
        }
        Value::Array(a) if !a.is_empty() => Ok(Kind::ActionList),
        Value::Array(_) => Err(Finding::new(
            "an empty array is not an SMA response (a Python handler returning `()` or `[]` sends this)",
            "",
            head(),
        )
        .label("empty array")
        .help("return `{\"SchemaVersion\": \"1.0\", \"Actions\": []}` to send no actions")
        .stamp(&codes::shape::UnknownDocumentShape::META)
                .into()),
        other => {
            let what = match other {
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "`null`",
            };
            Err(Finding::new(format!("unknown document shape: {what}"), "", root())
                .label("document")
                .help(expected)
                .stamp(&codes::shape::UnknownDocumentShape::META)
                .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_strict() {
        assert_eq!(parse_decimal("10"), Some(10.0));
        assert_eq!(parse_decimal("2.5"), Some(2.5));
        assert_eq!(parse_decimal("-1"), Some(-1.0));
        for bad in [
            "", " 1", "1e3", "+1", "inf", "NaN", "1.", ".5", "0x10", "1,5",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn record_audio_round_trips_in_documented_order() {
        let v: Value = serde_json::from_str(
            r##"{"RecordingDestination":{"Prefix":"p","BucketName":"b","Type":"S3"},"RecordingTerminators":["#"],"CallId":"c","DurationInSeconds":"10"}"##,
        )
        .unwrap();
        let r = RecordAudio::from_value(v.as_object().unwrap());
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r##"{"CallId":"c","DurationInSeconds":"10","RecordingTerminators":["#"],"RecordingDestination":{"Type":"S3","BucketName":"b","Prefix":"p"}}"##
        );
    }
}
