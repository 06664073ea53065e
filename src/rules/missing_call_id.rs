//! SMA209: Speak, SpeakAndGetDigits or VoiceFocus without `CallId`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when a Speak, SpeakAndGetDigits or VoiceFocus action has no `CallId`.
    ///
    /// ### Why is this bad?
    /// The parameter tables of all three actions say `CallId` is "Required – Yes", and none
    /// of them documents `ParticipantTag`. But AWS's own working samples leave it out (corpus
    /// 025, 049, 060: amazon-chime-sma-lex-demo speaks and enables Voice Focus without it), and
    /// whether the service then falls back to the invoked leg is unverified. So this is a
    /// warning, not an error: set `CallId` to be sure which leg hears the prompt.
    ///
    /// SendDigits and the call-recording actions also take `CallId` only; nothing contradicts
    /// their tables, so a missing `CallId` there is an error (SMA101).
    ///
    /// ### Example
    /// ```json
    /// {"Type": "Speak", "Parameters": {"Text": "Hello"}}
    /// ```
    /// Use instead: `{"Type": "Speak", "Parameters": {"CallId": "<LEG-A CallId>", "Text": "Hello"}}`
    MissingCallId,
    code = "SMA209",
    name = "missing-call-id",
    severity = Warning,
    summary = "Speak, SpeakAndGetDigits or VoiceFocus without `CallId` (documented as required)",
    fix = "set `CallId` to the leg's CallId from the event's Participants",
);

impl Rule for MissingCallId {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions() {
            let Some(t) = a.type_name else {
                continue;
            };
            if !matches!(t, "Speak" | "SpeakAndGetDigits" | "VoiceFocus") {
                continue;
            }
            let Some(params) = &a.params else { continue };
            if params.contains_key("CallId") {
                continue;
            }
            let at = a.params_pointer();
            ctx.report(
                Finding::new(format!("{t} has no `CallId`"), at.as_str(), doc.key_span(&at))
                    .label("`CallId` missing")
                    .help(format!(
                        "the {t} docs list `CallId` as required; AWS samples omit it and seem to reach the invoked leg, but set it to be sure"
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    #[test]
    fn test() {
        let pass = [
            response(r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "Hi"}}"#),
            response(r#"{"Type": "VoiceFocus", "Parameters": {"CallId": "c-1", "Enable": true}}"#),
            response(
                r#"{"Type": "PlayAudio", "Parameters": {"AudioSource": {"Type": "S3", "BucketName": "my-bucket", "Key": "a.wav"}}}"#,
            ),
        ];
        let fail = [
            response(r#"{"Type": "Speak", "Parameters": {"Text": "Hi", "Engine": "neural"}}"#),
            response(r#"{"Type": "VoiceFocus", "Parameters": {"Enable": true}}"#),
        ];
        test_rule(&super::MissingCallId, &pass, &fail);
    }
}
