//! SMA406: with `--event`, a Lex bot in another Region than the SMA.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::arn::{Expect, region_shaped, split};
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// With `--event`, reports a StartBotConversation whose `BotAliasArn` names another Region
    /// than the event's `CallDetails.AwsRegion` (the SMA's Region).
    ///
    /// ### Why is this bad?
    /// The StartBotConversation page: the bot must be in the same Region as the SIP media
    /// application. The conversation does not start and the action fails.
    ///
    /// ### Example
    /// Event `"AwsRegion": "us-east-1"`; `"BotAliasArn": "arn:aws:lex:us-west-2:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"`
    /// Use instead: a bot alias in us-east-1 (deploy the bot in the SMA's Region).
    BotRegion,
    code = "SMA406",
    name = "bot-in-other-region",
    severity = Error,
    summary = "a Lex bot in another Region than the SMA (`--event`)",
    fix = "use a bot alias in the SMA's Region",
);

impl Rule for BotRegion {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let Some(sma_region) = doc.event.as_ref().and_then(|e| e.region.as_deref()) else {
            return;
        };
        for u in ctx
            .arns()
            .iter()
            .filter(|u| u.expect == Expect::LexBotAlias)
        {
            let Some(p) = split(u.arn) else { continue };
            if !region_shaped(p.region.0) || p.region.0 == sma_region {
                continue;
            }
            ctx.report(
                Finding::new(
                    format!("the bot is in `{}`, the SMA in `{sma_region}`", p.region.0),
                    u.at.as_str(),
                    doc.substring_span(&u.at, p.region.1),
                )
                .label(format!("not {sma_region}"))
                .detail(format!("the event's CallDetails.AwsRegion is {sma_region}"))
                .help("StartBotConversation needs the bot in the same Region as the SIP media application"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{event, response, test_rule_with_event};

    fn bot(region: &str) -> (String, String) {
        (
            response(&format!(
                r#"{{"Type": "StartBotConversation", "Parameters": {{"CallId": "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e", "BotAliasArn": "arn:aws:lex:{region}:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST", "LocaleId": "en_US", "Configuration": {{"SessionState": {{"DialogAction": {{"Type": "ElicitIntent"}}}}}}}}}}"#
            )),
            event("NEW_INBOUND_CALL", ""),
        )
    }

    #[test]
    fn test() {
        test_rule_with_event(&super::BotRegion, &[bot("us-east-1")], &[bot("us-west-2")]);
    }
}
