//! SMA201: an action `Type` that is not one of the 18 documented actions.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};
use crate::schema::ACTION_TYPES;
use crate::util::suggest::did_you_mean;

declare_rule!(
    /// ### What it does
    /// Checks that each action's `Type` is one of the 18 documented SMA actions, and suggests the
    /// intended one for near misses (`recordAudio`, `RecordAudio ` with a space, `HangUp`).
    ///
    /// ### Why is this bad?
    /// The SMA rejects the response: "Unsupported action *name* specified". Names seen in real
    /// code that do not exist: `StopAudioPlayback`, `SpeakAndBridge`; `Answer` and
    /// `RecordMeeting` appear only as event data, never as actions you can return.
    ///
    /// ### Example
    /// ```json
    /// {"Type": "recordAudio", "Parameters": {...}}
    /// ```
    /// Use instead: `{"Type": "RecordAudio", "Parameters": {...}}`
    UnknownActionType,
    code = "SMA201",
    name = "unknown-action-type",
    severity = Error,
    summary = "an action `Type` that is not a documented SMA action",
    fix = "use one of the documented action types",
);

/// Names that are not actions but show up in docs or code, with what to say about them.
const NOT_ACTIONS: &[(&str, &str)] = &[
    ("JoinMeeting", "JoinChimeMeeting"),
    ("Answer", ""),
    ("RecordMeeting", ""),
    ("CallUpdateRequest", ""),
];

impl Rule for UnknownActionType {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for action in ctx.actions() {
            let Some(t) = action.type_name else {
                continue;
            };
            if ACTION_TYPES.contains(&t) {
                continue;
            }
            let pointer = action.pointer.key("Type");
            let alias = NOT_ACTIONS.iter().find(|(n, _)| *n == t).map(|(_, to)| *to);
            let suggestion = match alias {
                Some("") => None,
                Some(to) => Some(to),
                None => did_you_mean(t, ACTION_TYPES.iter().copied()),
            };
            let mut f = Finding::new(
                format!("unknown action type `{t}`"),
                pointer.as_str(),
                doc.span(&pointer),
            );
            f = match (suggestion, alias) {
                (Some(good), _) => f
                    .label(format!("did you mean `{good}`?"))
                    .help(format!("did you mean `{good}`? action types are case-sensitive and exact")),
                (None, Some(_)) => f.label("not an action").help(format!(
                    "`{t}` appears only as `ActionData.Type` in events; it cannot be returned as an action"
                )),
                (None, None) => f.label("not a documented action").help(format!(
                    "the SMA answers \"Unsupported action {t} specified\"; documented actions: {}",
                    ACTION_TYPES.join(", ")
                )),
            };
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::test_rule;

    fn action(t: &str) -> String {
        format!(
            "{{\"SchemaVersion\": \"1.0\", \"Actions\": [{{\"Type\": \"{t}\", \"Parameters\": {{}}}}]}}"
        )
    }

    #[test]
    fn test() {
        let pass: Vec<String> = crate::schema::ACTION_TYPES
            .iter()
            .filter(|t| **t != "RecordAudio")
            .map(|t| action(t))
            .collect();
        let fail = [
            action("recordAudio"),
            action("RecordAudio "),
            action("HangUp"),
            action("StopAudioPlayback"),
            action("Answer"),
            action("JoinMeeting"),
            r#"[{"Type": "RecordAudo"}]"#.to_string(),
        ];
        test_rule(&super::UnknownActionType, &pass, &fail);
    }
}
