//! SMA214: `ParticipantTag: ""`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when an action sets `ParticipantTag` to the empty string.
    ///
    /// ### Why is this bad?
    /// An empty tag names no leg. The SMA tolerates it: the workshop's logged Hangup with
    /// `"ParticipantTag": ""` ran, and the HANGUP event echoed `LEG-A` (corpus 026, 027), so
    /// this is a warning, not an error. It usually comes from a module-level template
    /// (`ParticipantTag: ''`) that was never filled in; leave the key out to target the leg
    /// that invoked the Lambda.
    ///
    /// ### Example
    /// `{"Type": "Hangup", "Parameters": {"SipResponseCode": "0", "ParticipantTag": ""}}`
    /// Use instead: `{"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}`
    EmptyParticipantTag,
    code = "SMA214",
    name = "empty-participant-tag",
    severity = Warning,
    summary = "`ParticipantTag` is an empty string",
    fix = "remove `ParticipantTag`, or set it to \"LEG-A\" or \"LEG-B\"",
);

impl Rule for EmptyParticipantTag {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions() {
            if a.str_param("ParticipantTag") != Some("") {
                continue;
            }
            let at = a.param_pointer("ParticipantTag");
            ctx.report(
                Finding::new("`ParticipantTag` is empty", at.as_str(), doc.span(&at))
                    .label("empty tag")
                    .help("remove it to target the leg that invoked the Lambda, or name the leg: \"LEG-A\" or \"LEG-B\""),
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
            response(r#"{"Type": "Hangup", "Parameters": {"ParticipantTag": "LEG-A"}}"#),
            response(r#"{"Type": "Hangup"}"#),
        ];
        let fail = [response(
            r#"{"Type": "Hangup", "Parameters": {"SipResponseCode": "0", "ParticipantTag": ""}}"#,
        )];
        test_rule(&super::EmptyParticipantTag, &pass, &fail);
    }
}
