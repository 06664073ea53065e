//! Test helpers for rules: wrap parameters in a valid envelope, run pass/fail lists, snapshot.
use crate::diagnostic::Checked;
use crate::engine::check;
use crate::rules::Rule;
use crate::source::SourceFile;

/// Wraps RecordAudio `Parameters` in a full handler response.
pub fn record_audio(params: &str) -> String {
    format!(
        "{{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": [\n    {{\n      \"Type\": \"RecordAudio\",\n      \"Parameters\": {params}\n    }}\n  ]\n}}\n"
    )
}

/// Valid RecordAudio parameters with `extra` members appended (e.g. `"SilenceThreshold": 5`).
pub fn params_with(extra: &str) -> String {
    let base = r##""CallId": "c-1", "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "my-recordings"}"##;
    if extra.is_empty() {
        format!("{{{base}}}")
    } else {
        format!("{{{base}, {extra}}}")
    }
}

/// A response whose RecordAudio has the given bucket and prefix (`None`: no `Prefix`).
pub fn destination(bucket: &str, prefix: Option<&str>) -> String {
    let prefix = prefix
        .map(|p| format!(", \"Prefix\": \"{p}\""))
        .unwrap_or_default();
    record_audio(&format!(
        r##"{{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "{bucket}"{prefix}}}}}"##
    ))
}

/// Runs a document through the whole pipeline.
pub fn lint(text: &str) -> Checked {
    check(SourceFile::new("test.json", text))
}

/// Renders the findings of one code as `line:col: CODE message [label] help`, for snapshots.
pub fn render(checked: &Checked, code: &str) -> String {
    let mut out = String::new();
    for d in checked.diagnostics.iter().filter(|d| d.code == code) {
        let p = checked.source.position(d.span.start);
        out.push_str(&format!(
            "{}:{}: {} {} {} [{}] help: {}\n",
            p.line,
            p.column,
            d.code,
            d.severity.as_str(),
            d.message,
            d.label.as_deref().unwrap_or(""),
            d.help
        ));
    }
    out
}

/// Asserts that every `pass` document is free of the rule's code, every `fail` document has it,
/// and snapshots the failing findings under the rule's name.
pub fn test_rule(rule: &dyn Rule, pass: &[String], fail: &[String]) {
    let meta = rule.meta();
    for text in pass {
        let c = lint(text);
        assert!(
            c.diagnostics.iter().all(|d| d.code != meta.code),
            "{} fired on a passing case:\n{text}\n{}",
            meta.code,
            render(&c, meta.code)
        );
    }
    let mut snapshot = String::new();
    for text in fail {
        let c = lint(text);
        let found = render(&c, meta.code);
        assert!(!found.is_empty(), "{} did not fire on:\n{text}", meta.code);
        snapshot.push_str(&found);
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
        insta::assert_snapshot!(meta.name, snapshot);
    });
}

/// Wraps action objects (comma-separated JSON) in a handler response, one per line.
pub fn response(actions: &str) -> String {
    format!("{{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": [\n    {actions}\n  ]\n}}\n")
}

/// A response with one Speak of "Hi" whose other parameters are `params` (`"VoiceId": ...`).
pub fn speak(params: &str) -> String {
    response(&format!(
        r#"{{"Type": "Speak", "Parameters": {{"CallId": "c-1", "Text": "Hi", {params}}}}}"#
    ))
}

/// The LEG-A call ID of the test events.
pub const LEG_A: &str = "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e";
/// The LEG-B call ID of the bridged test event.
pub const LEG_B: &str = "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";

/// A valid one-leg event; `%TYPE%` is the event type, `%MORE%` more top-level members
/// (starting with a comma).
pub const EVENT: &str = r#"{
  "SchemaVersion": "1.0",
  "Sequence": 2,
  "InvocationEventType": "%TYPE%",
  "CallDetails": {
    "TransactionId": "c5a25427-88f4-4bf6-b4b2-f44659300bdc",
    "AwsAccountId": "111122223333",
    "AwsRegion": "us-east-1",
    "SipRuleId": "25109ac0-3434-44cc-9108-d6e92610368c",
    "SipMediaApplicationId": "266e0891-0fe9-4718-a3a8-15b67842c128",
    "Participants": [
      {"CallId": "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e", "ParticipantTag": "LEG-A", "To": "+15555550100", "From": "+15555550123", "Direction": "Inbound", "StartTimeInMilliseconds": "1645321553847", "Status": "Connected"}
    ]
  }%MORE%
}
"#;

/// A one-leg event of `event_type` with `more` top-level members (`, "ActionData": {...}`).
pub fn event(event_type: &str, more: &str) -> String {
    EVENT.replace("%TYPE%", event_type).replace("%MORE%", more)
}

/// A bridged event: LEG-A and LEG-B both connected.
pub fn bridged_event(event_type: &str) -> String {
    event(event_type, "").replace(
        r#""Status": "Connected"}"#,
        r#""Status": "Connected"},
      {"CallId": "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", "ParticipantTag": "LEG-B", "To": "+15555550155", "From": "+15555550100", "Direction": "Outbound", "StartTimeInMilliseconds": "1645321563847", "Status": "Connected"}"#,
    )
}

/// Reads an event text into its typed view (panics if it is not an event).
pub fn event_model(text: &str) -> crate::model::Event {
    let (checked, e) = crate::engine::check_event_bytes("event.json", text.as_bytes().to_vec());
    assert!(
        checked.diagnostics.iter().all(|d| !d.is_error()),
        "test event has errors: {:?}",
        checked.diagnostics
    );
    e.expect("an event")
}

/// Like `test_rule`, with every document checked as the answer to `event` (event text;
/// each case may be paired with its own event).
pub fn test_rule_with_event(rule: &dyn Rule, pass: &[(String, String)], fail: &[(String, String)]) {
    let meta = rule.meta();
    let run = |text: &str, ev: &str| {
        let e = event_model(ev);
        crate::engine::check_with_event(SourceFile::new("test.json", text), Some(&e))
    };
    for (text, ev) in pass {
        let c = run(text, ev);
        assert!(
            c.diagnostics.iter().all(|d| d.code != meta.code),
            "{} fired on a passing case:\n{text}\n{}",
            meta.code,
            render(&c, meta.code)
        );
    }
    let mut snapshot = String::new();
    for (text, ev) in fail {
        let c = run(text, ev);
        let found = render(&c, meta.code);
        assert!(!found.is_empty(), "{} did not fire on:\n{text}", meta.code);
        snapshot.push_str(&found);
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
        insta::assert_snapshot!(meta.name, snapshot);
    });
}
