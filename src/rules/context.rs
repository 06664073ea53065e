//! SMA401-SMA405: a response checked against the event it answers (`sma lint --event FILE`).
use serde_json::Value;

use crate::diagnostic::Finding;
use crate::model::Document;
use crate::model::Kind;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// With `--event`, reports an action whose `CallId` is not the `CallId` of any participant
    /// in the event's `CallDetails.Participants`.
    ///
    /// ### Why is this bad?
    /// The action fails with "CallId or ParticipantTag parameter for action is invalid." This
    /// catches placeholders copied from the docs (`"call-id-1"`, corpus 022) and call IDs that
    /// leak between calls through module-level state in a warm Lambda container (corpus 039).
    ///
    /// ### Example
    /// Event participants: `e3a5c1d2-…` (LEG-A); action: `"CallId": "call-id-1"`.
    /// Use instead: `"CallId": event.CallDetails.Participants[0].CallId`
    UnknownCallId,
    code = "SMA401",
    name = "unknown-call-id",
    severity = Error,
    summary = "a `CallId` that is not a participant of the event (`--event`)",
    fix = "use a CallId from the event's CallDetails.Participants",
);

declare_rule!(
    /// ### What it does
    /// With `--event`, reports a `ParticipantTag` naming a leg the call does not have, e.g.
    /// `LEG-B` before any CallAndBridge or JoinChimeMeeting. Skipped when the action also has a
    /// `CallId` (which wins).
    ///
    /// ### Why is this bad?
    /// The action fails with "CallId or ParticipantTag parameter for action is invalid."
    ///
    /// ### Example
    /// One-leg NEW_INBOUND_CALL; action `{"Type": "PlayAudio", "Parameters": {"ParticipantTag": "LEG-B", ...}}`
    /// Use instead: `"ParticipantTag": "LEG-A"`, or bridge first.
    UnknownParticipantTag,
    code = "SMA402",
    name = "unknown-participant-tag",
    severity = Error,
    summary = "a `ParticipantTag` naming a leg the event's call does not have (`--event`)",
    fix = "target a leg listed in the event's Participants",
);

declare_rule!(
    /// ### What it does
    /// With `--event`, warns when actions answer an event whose response the SMA ignores:
    /// NEW_OUTBOUND_CALL, RINGING, ACTION_INTERRUPTED, and HANGUP when no leg is still
    /// connected.
    ///
    /// ### Why is this bad?
    /// The actions never run (use-create-call-api, update-sip-call, hangup pages). Answer
    /// CALL_ANSWERED (outbound calls) or the next ACTION_SUCCESSFUL instead.
    ///
    /// ### Example
    /// RINGING answered with `[{"Type": "PlayAudio", ...}]`
    /// Use instead: `{"SchemaVersion": "1.0", "Actions": []}` and play on CALL_ANSWERED.
    ResponseIgnored,
    code = "SMA403",
    name = "response-ignored",
    severity = Warning,
    summary = "actions answering an event whose response the SMA ignores (`--event`)",
    fix = "return no actions; act on CALL_ANSWERED or ACTION_SUCCESSFUL instead",
);

declare_rule!(
    /// ### What it does
    /// With `--event`, reports JoinChimeMeeting or StartBotConversation on a call whose event
    /// shows two connected legs (bridged, or already joined to a meeting).
    ///
    /// ### Why is this bad?
    /// Both pages say so: JoinChimeMeeting "cannot run on a bridged call", and
    /// StartBotConversation is not available on a bridged call or a call that joined a
    /// meeting. The action fails.
    ///
    /// ### Example
    /// ACTION_SUCCESSFUL of a CallAndBridge (LEG-A and LEG-B connected), answered with
    /// StartBotConversation.
    /// Use instead: hang up LEG-B first, then start the bot on LEG-A.
    ActionOnBridgedCall,
    code = "SMA404",
    name = "action-on-bridged-call",
    severity = Error,
    summary = "JoinChimeMeeting or StartBotConversation on a bridged call (`--event`)",
    fix = "hang up the other leg first",
);

declare_rule!(
    /// ### What it does
    /// With `--event`, reports a response to NEW_INBOUND_CALL with no actions (`[]`, `null`,
    /// or no `Actions` key).
    ///
    /// ### Why is this bad?
    /// The SMA logs "Actions list is empty." and the call is neither answered nor rejected:
    /// the caller hears ringing until the attempt times out after 30 seconds.
    ///
    /// ### Example
    /// `{"SchemaVersion": "1.0", "Actions": []}` for NEW_INBOUND_CALL
    /// Use instead: at least one action, e.g. PlayAudio (answers the call) or Hangup (rejects it).
    NoActionsForNewCall,
    code = "SMA405",
    name = "no-actions-for-new-call",
    severity = Error,
    summary = "no actions answering NEW_INBOUND_CALL (`--event`)",
    fix = "return at least one action (PlayAudio to answer, Hangup to reject)",
);

fn legs(doc: &Document) -> String {
    let Some(e) = &doc.event else {
        return String::new();
    };
    let list: Vec<String> = e
        .participants
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p.tag.as_deref().unwrap_or("(untagged)"),
                p.call_id.as_deref().unwrap_or("(no CallId)")
            )
        })
        .collect();
    list.join(", ")
}

impl Rule for UnknownCallId {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(e) = &doc.event else { return };
        if e.participants.is_empty() {
            return;
        }
        for a in ctx.actions() {
            let Some(id) = a.call_id() else { continue };
            if e.leg_by_call_id(id).is_some() {
                continue;
            }
            let at = a.param_pointer("CallId");
            ctx.report(
                Finding::new(
                    format!("`CallId` {id:?} is not a participant of the call in `{}`", e.name),
                    at.as_str(),
                    doc.span(&at),
                )
                .label("no such leg")
                .help(format!(
                    "use a CallId from the event's Participants ({}); a placeholder or a CallId kept from another call fails with \"CallId or ParticipantTag parameter for action is invalid.\"",
                    legs(doc)
                )),
            );
        }
    }
}

impl Rule for UnknownParticipantTag {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(e) = &doc.event else { return };
        if e.participants.is_empty() {
            return;
        }
        for a in ctx.actions() {
            let Some(tag) = a.participant_tag() else {
                continue;
            };
            if a.call_id().is_some() || e.leg_by_tag(tag).is_some() {
                continue;
            }
            let at = a.param_pointer("ParticipantTag");
            ctx.report(
                Finding::new(
                    format!("the call in `{}` has no {tag} leg", e.name),
                    at.as_str(),
                    doc.span(&at),
                )
                .label("no such leg")
                .help(format!(
                    "the call's legs are {}; a {tag} exists only after CallAndBridge or JoinChimeMeeting succeeds",
                    legs(doc)
                )),
            );
        }
    }
}

impl Rule for ResponseIgnored {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(e) = &doc.event else { return };
        let actions = ctx.actions();
        let Some(first) = actions.first() else {
            return;
        };
        let t = e.event_type.as_deref().unwrap_or("");
        let why = match t {
            "NEW_OUTBOUND_CALL" | "RINGING" => {
                "the SMA ignores the response to this event; act on CALL_ANSWERED".to_string()
            }
            "ACTION_INTERRUPTED" => "ACTION_INTERRUPTED is informational; the SMA ignores the actions returned for it (the interrupting CALL_UPDATE_REQUESTED's response runs)".to_string(),
            "HANGUP" if !e.participants.iter().any(|p| p.status.as_deref() == Some("Connected")) => {
                "no leg is still connected, so the call is over and the SMA ignores the response".to_string()
            }
            _ => return,
        };
        let at = first.pointer.key("Type");
        ctx.report(
            Finding::new(
                format!("these actions answer {t}, whose response the SMA ignores"),
                first.pointer.as_str(),
                doc.key_span(&at),
            )
            .label("never runs")
            .help(format!("{why}; return `\"Actions\": []`")),
        );
    }
}

impl Rule for ActionOnBridgedCall {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(e) = &doc.event else { return };
        if !e.is_bridged() {
            return;
        }
        for a in ctx.actions() {
            let Some(t) = a.type_name else {
                continue;
            };
            let why = match t {
                "JoinChimeMeeting" => "JoinChimeMeeting cannot run on a bridged call",
                "StartBotConversation" => {
                    "StartBotConversation cannot run on a bridged call or a call in a meeting"
                }
                _ => continue,
            };
            let at = a.pointer.key("Type");
            ctx.report(
                Finding::new(
                    format!("{t} on a call with two connected legs (`{}`)", e.name),
                    at.as_str(),
                    doc.span(&at),
                )
                .label("call is bridged")
                .help(format!(
                    "{why}; hang up the other leg first (legs: {})",
                    legs(doc)
                )),
            );
        }
    }
}

impl Rule for NoActionsForNewCall {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(e) = &doc.event else { return };
        if e.event_type.as_deref() != Some("NEW_INBOUND_CALL") || !ctx.actions().is_empty() {
            return;
        }
        let (at, span, what) = match doc.value.get("Actions") {
            Some(Value::Null) => ("/Actions", doc.span("/Actions"), "`Actions` is null"),
            Some(_) => ("/Actions", doc.span("/Actions"), "`Actions` is empty"),
            None if doc.model.kind == Kind::Response => {
                ("", doc.span(""), "there is no `Actions` list")
            }
            None => return,
        };
        let span = if at.is_empty() {
            crate::source::Span::new(span.start, span.start + 1)
        } else {
            span
        };
        ctx.report(
            Finding::new(format!("{what} in the answer to NEW_INBOUND_CALL"), at, span)
                .label("no actions")
                .help("the SMA logs \"Actions list is empty.\" and the caller hears ringing until the 30-second timeout; return PlayAudio or Speak to answer, or Hangup to reject"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{LEG_A, bridged_event, event, response, test_rule_with_event};

    fn play(target: &str) -> String {
        response(&format!(
            r#"{{"Type": "PlayAudio", "Parameters": {{{target}"AudioSource": {{"Type": "S3", "BucketName": "my-bucket", "Key": "a.wav"}}}}}}"#
        ))
    }
    fn new_call() -> String {
        event("NEW_INBOUND_CALL", "")
    }
    fn pair(a: String, b: String) -> (String, String) {
        (a, b)
    }

    #[test]
    fn unknown_call_id() {
        let pass = [
            pair(play(&format!(r#""CallId": "{LEG_A}", "#)), new_call()),
            pair(play(""), new_call()),
        ];
        let fail = [pair(play(r#""CallId": "call-id-1", "#), new_call())];
        test_rule_with_event(&super::UnknownCallId, &pass, &fail);
    }

    #[test]
    fn unknown_participant_tag() {
        let pass = [
            pair(play(r#""ParticipantTag": "LEG-A", "#), new_call()),
            pair(
                play(r#""ParticipantTag": "LEG-B", "#),
                bridged_event("CALL_ANSWERED"),
            ),
        ];
        let fail = [pair(play(r#""ParticipantTag": "LEG-B", "#), new_call())];
        test_rule_with_event(&super::UnknownParticipantTag, &pass, &fail);
    }

    #[test]
    fn response_ignored() {
        let pass = [
            pair(play(""), new_call()),
            pair(
                response("").replace("[\n    \n  ]", "[]"),
                event("RINGING", ""),
            ),
        ];
        let fail = [
            pair(play(""), event("RINGING", "")),
            pair(play(""), event("NEW_OUTBOUND_CALL", "")),
        ];
        test_rule_with_event(&super::ResponseIgnored, &pass, &fail);
    }

    #[test]
    fn action_on_bridged_call() {
        let bot = response(
            r#"{"Type": "StartBotConversation", "Parameters": {"BotAliasArn": "arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID12345/ALIAS12345"}}"#,
        );
        let pass = [pair(bot.clone(), new_call())];
        let fail = [pair(bot, bridged_event("CALL_ANSWERED"))];
        test_rule_with_event(&super::ActionOnBridgedCall, &pass, &fail);
    }

    #[test]
    fn no_actions_for_new_call() {
        let empty = r#"{"SchemaVersion": "1.0", "Actions": []}"#.to_string();
        let pass = [
            pair(play(""), new_call()),
            pair(empty.clone(), event("CALL_ANSWERED", "")),
        ];
        let fail = [
            pair(empty, new_call()),
            pair(r#"{"SchemaVersion": "1.0"}"#.to_string(), new_call()),
        ];
        test_rule_with_event(&super::NoActionsForNewCall, &pass, &fail);
    }
}
