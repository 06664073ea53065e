//! SMA220: actions listed after a Hangup that ends the call.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns about actions listed after a Hangup when the call has only one leg.
    ///
    /// ### Why is this bad?
    /// Hanging up the only leg ends the call: the SMA sends HANGUP and ignores everything
    /// after it, so a goodbye prompt placed after the Hangup is never heard. On a bridged call
    /// hanging up one leg leaves the other connected, so actions after it can run.
    ///
    /// With `--event`, "only one leg" is read from the event's `Participants`; without it, the
    /// call is taken to be single-leg unless the response itself bridges (CallAndBridge) or
    /// addresses another leg (`LEG-B`, or a second `CallId`).
    ///
    /// ### Example
    /// `[{"Type": "Hangup"}, {"Type": "Speak", ...}]`
    /// Use instead: `[{"Type": "Speak", ...}, {"Type": "Hangup"}]`
    ActionsAfterHangup,
    code = "SMA220",
    name = "actions-after-hangup",
    severity = Warning,
    summary = "actions after a Hangup of the only leg never run",
    fix = "move the Hangup to the end of the list",
);

impl Rule for ActionsAfterHangup {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let actions = ctx.actions();
        let Some(i) = actions.iter().position(|a| a.is("Hangup")) else {
            return;
        };
        if i + 1 == actions.len() {
            return;
        }
        let single_leg = match &doc.event {
            Some(e) => e.participants.iter().filter(|p| p.is_live()).count() <= 1,
            None => {
                let mut ids: Vec<&str> = actions.iter().filter_map(|a| a.call_id()).collect();
                ids.sort();
                ids.dedup();
                !actions[..i].iter().any(|a| a.is("CallAndBridge"))
                    && !actions.iter().any(|a| a.participant_tag() == Some("LEG-B"))
                    && ids.len() <= 1
            }
        };
        if !single_leg {
            return;
        }
        let next = &actions[i + 1];
        let hangup_type = actions[i].pointer.key("Type");
        ctx.report(
            Finding::new(
                match actions.len() - i - 1 {
                    1 => "the action after the Hangup never runs: hanging up the only leg ends the call".to_string(),
                    n => format!("the {n} actions after the Hangup never run: hanging up the only leg ends the call"),
                },
                next.pointer.as_str(),
                doc.key_span(&next.pointer.key("Type")),
            )
            .label("never runs")
            .with_other(doc.span(&hangup_type), "the call ends here")
            .help("move the Hangup to the end of the list; after it the SMA sends HANGUP and ignores the rest"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    const SPEAK: &str = r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "Bye"}}"#;
    const HANGUP: &str = r#"{"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}"#;

    #[test]
    fn test() {
        let pass = [
            response(&format!("{SPEAK}, {HANGUP}")),
            response(&format!(
                r#"{{"Type": "Hangup", "Parameters": {{"ParticipantTag": "LEG-B"}}}}, {SPEAK}"#
            )),
        ];
        let fail = [response(&format!("{HANGUP}, {SPEAK}, {SPEAK}"))];
        test_rule(&super::ActionsAfterHangup, &pass, &fail);
    }
}
