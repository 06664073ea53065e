//! SMA202: an action with both `CallId` and `ParticipantTag`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when an action (RecordAudio, PlayAudio, Hangup, ...) sets both `CallId` and a
    /// non-empty `ParticipantTag`.
    ///
    /// ### Why is this bad?
    /// The docs contradict themselves: the RecordAudio page says "you can't use both", while
    /// every parameter table (and every other action's page) says `ParticipantTag` is
    /// "ignored if you specify CallId"; the help quotes the action's own page. Real
    /// handlers send both and work (docwho2's logged responses, corpus 076), so this is a
    /// warning: the `ParticipantTag` has no effect, and if it names another leg than
    /// `CallId`, the reader of the code is misled. Actions that take no `ParticipantTag` at
    /// all (Speak, SpeakAndGetDigits, CallAndBridge, VoiceFocus) are SMA109's.
    ///
    /// ### Example
    /// ```json
    /// "Parameters": {"CallId": "c1", "ParticipantTag": "LEG-A", ...}
    /// ```
    /// Use instead: `"Parameters": {"CallId": "c1", ...}`
    CallIdWithParticipantTag,
    code = "SMA202",
    name = "call-id-with-participant-tag",
    severity = Warning,
    summary = "`CallId` and `ParticipantTag` both set; `ParticipantTag` is ignored",
    fix = "keep `CallId` and remove `ParticipantTag`",
);

/// What the action's own page says about the pair.
fn help(action: &str) -> String {
    if action == "RecordAudio" {
        "remove `ParticipantTag`: the RecordAudio page says \"you can't use both\" (its parameter table says the tag is ignored; in practice `CallId` wins)".into()
    } else {
        format!(
            "remove `ParticipantTag`: the {action} page says it is \"ignored if you specify CallId\""
        )
    }
}

impl Rule for CallIdWithParticipantTag {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions() {
            let params = a.params_pointer();
            // where the action has no `ParticipantTag` at all, SMA109 says so
            let documented = a
                .type_name
                .is_some_and(|t| crate::schema::has_parameter(t, "ParticipantTag"));
            if documented && a.str_param("CallId").is_some() && a.participant_tag().is_some() {
                let tag = params.key("ParticipantTag");
                ctx.report(
                    Finding::new(
                        "`CallId` and `ParticipantTag` are both set; `ParticipantTag` is ignored",
                        tag.as_str(),
                        a.param_key_span("ParticipantTag"),
                    )
                    .label("ignored")
                    .detail("is ignored: `CallId` is set too")
                    .fix(doc.removal(&tag))
                    .with_other(a.param_key_span("CallId"), "`CallId` wins")
                    .help(help(a.type_name.unwrap_or("action"))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{params_with, record_audio, test_rule};

    #[test]
    fn test() {
        let pass = [
            record_audio(&params_with("")),
            record_audio(
                r##"{"ParticipantTag": "LEG-A", "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "my-recordings"}}"##,
            ),
        ];
        let fail = [
            record_audio(&params_with(r#""ParticipantTag": "LEG-B""#)),
            crate::rules::test::response(
                r#"{"Type": "Hangup", "Parameters": {"CallId": "c-1", "ParticipantTag": "LEG-A"}}"#,
            ),
        ];
        test_rule(&super::CallIdWithParticipantTag, &pass, &fail);
    }
}
