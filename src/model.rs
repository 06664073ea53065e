//! Typed views of a checked document: its kind, its actions and their RecordAudio parameters.
//!
//! Built after the schema stage from the raw value; fields of the wrong JSON type are left out
//! (the schema stage has already reported them), so rules read typed fields only.
use serde::Serialize;
use serde_json::{Map, Value};

/// Every documented SMA action type (sma-actions.json).
pub const ACTION_TYPES: [&str; 18] = [
    "CallAndBridge",
    "Hangup",
    "JoinChimeMeeting",
    "ModifyChimeMeetingAttendees",
    "Pause",
    "PauseCallRecording",
    "PlayAudio",
    "PlayAudioAndGetDigits",
    "ReceiveDigits",
    "RecordAudio",
    "ResumeCallRecording",
    "SendDigits",
    "Speak",
    "SpeakAndGetDigits",
    "StartBotConversation",
    "StartCallRecording",
    "StopCallRecording",
    "VoiceFocus",
];

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

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key)?.as_str().map(str::to_string)
}

fn numeric(map: &Map<String, Value>, key: &str) -> Option<Numeric> {
    match map.get(key)? {
        Value::Number(n) => Some(Numeric::Number(n.clone())),
        Value::String(s) => Some(Numeric::Text(s.clone())),
        _ => None,
    }
}

impl RecordAudio {
    /// Reads the parameters from a `Parameters` object, keeping only fields of the right type.
    pub fn from_value(params: &Map<String, Value>) -> Self {
        let terminators = params.get("RecordingTerminators").and_then(Value::as_array);
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
            recording_destination: params
                .get("RecordingDestination")
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

/// One action of a document.
#[derive(Debug, Clone)]
pub struct Action {
    /// JSON Pointer of the action object (`/Actions/0`, `/0`, or `` for a single action).
    pub pointer: String,
    pub type_name: Option<String>,
    pub record_audio: Option<RecordAudio>,
}

/// The typed view of a whole document.
#[derive(Debug, Clone)]
pub struct Model {
    pub kind: Kind,
    pub actions: Vec<Action>,
}

impl Model {
    /// Builds the view of a value already known to be of `kind`.
    pub fn build(kind: Kind, value: &Value) -> Self {
        let list = match kind {
            Kind::Response => value.get("Actions").and_then(Value::as_array),
            Kind::ActionList => value.as_array(),
            Kind::Action | Kind::Event => None,
        };
        let entries: Vec<(String, &Value)> = match kind {
            Kind::Event => vec![],
            Kind::Action => vec![(String::new(), value)],
            Kind::Response => list
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, a)| (format!("/Actions/{i}"), a))
                .collect(),
            Kind::ActionList => list
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, a)| (format!("/{i}"), a))
                .collect(),
        };
        let actions = entries
            .into_iter()
            .map(|(pointer, a)| {
                let type_name = a.get("Type").and_then(Value::as_str).map(str::to_string);
                let record_audio = (type_name.as_deref() == Some("RecordAudio"))
                    .then(|| a.get("Parameters").and_then(Value::as_object))
                    .flatten()
                    .map(RecordAudio::from_value);
                Action {
                    pointer,
                    type_name,
                    record_audio,
                }
            })
            .collect();
        Model { kind, actions }
    }

    /// Yields each RecordAudio action's `Parameters` pointer and its typed parameters.
    pub fn record_audio(&self) -> impl Iterator<Item = (String, &RecordAudio)> {
        self.actions.iter().filter_map(|a| {
            a.record_audio
                .as_ref()
                .map(|r| (format!("{}/Parameters", a.pointer), r))
        })
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
