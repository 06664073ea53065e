//! SMA411: RecordAudio ACTION_SUCCESSFUL with a `RecordingTerminatorUsed` the action did not list.
use serde_json::Value;

use crate::diagnostic::Finding;
use crate::model::Document;
use crate::model::Kind;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Checks `ActionData.RecordingTerminatorUsed` of a RecordAudio ACTION_SUCCESSFUL event: it
    /// must be one of the action's `RecordingTerminators` (echoed in `ActionData.Parameters`),
    /// and absent, not `""`, when the recording ended on `DurationInSeconds` or silence.
    ///
    /// ### Why is this bad?
    /// The SMA only stops a recording on a key the action listed, and it leaves the field out
    /// when the recording ended otherwise. A test event with another key, or with an empty
    /// value, sends the handler down a branch a live call never takes.
    ///
    /// ### Example
    /// `"Parameters": {"RecordingTerminators": ["#"], ...}, "RecordingTerminatorUsed": "*"`
    /// Use instead: `"RecordingTerminatorUsed": "#"`, or leave the key out.
    TerminatorNotRequested,
    code = "SMA411",
    name = "terminator-not-requested",
    severity = Error,
    summary = "`RecordingTerminatorUsed` is not one of the action's `RecordingTerminators`",
    fix = "use one of the action's terminators, or leave the key out (duration or silence)",
);

impl Rule for TerminatorNotRequested {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let v = &doc.value;
        if doc.model.kind != Kind::Event
            || v.get("InvocationEventType").and_then(Value::as_str) != Some("ACTION_SUCCESSFUL")
            || v.pointer("/ActionData/Type").and_then(Value::as_str) != Some("RecordAudio")
        {
            return;
        }
        let at = "/ActionData/RecordingTerminatorUsed";
        let Some(used) = v.pointer(at) else { return };
        let listed: Vec<&str> = v
            .pointer("/ActionData/Parameters/RecordingTerminators")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let empty = || {
            (
                "`RecordingTerminatorUsed` is empty".to_string(),
                "empty",
                "when the recording ends on duration or silence the SMA leaves `RecordingTerminatorUsed` out; remove the key".to_string(),
            )
        };
        let (message, label, help) = match used {
            Value::Null => empty(),
            Value::String(k) if k.is_empty() => empty(),
            Value::String(k) if !listed.is_empty() && !listed.contains(&k.as_str()) => (
                format!(
                    "`RecordingTerminatorUsed` {k:?} is not one of the action's `RecordingTerminators`"
                ),
                "not a listed terminator",
                format!(
                    "the recording can only stop on a listed key: {}; or leave the key out for a recording that ended on duration or silence",
                    listed
                        .iter()
                        .map(|t| format!("{t:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            _ => return,
        };
        ctx.report(
            Finding::new(message, at, doc.span(at))
                .label(label)
                .with_other(
                    doc.key_span("/ActionData/Parameters/RecordingTerminators"),
                    "the action's terminators",
                )
                .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{event, test_rule};

    fn success(used: &str) -> String {
        event(
            "ACTION_SUCCESSFUL",
            &format!(
                r##", "ActionData": {{"Type": "RecordAudio", "Parameters": {{"CallId": "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e", "RecordingTerminators": ["#", "*"], "RecordingDestination": {{"Type": "S3", "BucketName": "my-bucket"}}}}, "RecordingDestination": {{"Type": "S3", "BucketName": "my-bucket", "Key": "r.wav"}}{used}}}"##
            ),
        )
    }

    #[test]
    fn test() {
        let pass = [
            success(""),
            success(r##", "RecordingTerminatorUsed": "#""##),
            success(r#", "RecordingTerminatorUsed": "*""#),
        ];
        let fail = [
            success(r#", "RecordingTerminatorUsed": "5""#),
            success(r#", "RecordingTerminatorUsed": """#),
        ];
        test_rule(&super::TerminatorNotRequested, &pass, &fail);
    }
}
