//! SMA229: an ARN with an impossible structure in `BotAliasArn` or a Voice Connector `Arn`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::arn::{region_shaped, split};
use crate::rules::data::regions;
use crate::rules::{Context, Rule, declare_rule};
use crate::util::suggest::did_you_mean;

declare_rule!(
    /// ### What it does
    /// Checks StartBotConversation's `BotAliasArn` and the `Arn` of CallAndBridge's AWS
    /// endpoints part by part: `arn:<partition>:<service>:<region>:<account>:<resource>`, a
    /// known partition (from botocore's partitions table, shipped in sma with its date), the
    /// service the parameter takes (`lex`, `chime`), a Region name of the right shape and of
    /// that partition, a 12-digit account id, and the resource type the parameter takes
    /// (`bot-alias/<bot id>/<alias id>`; `vc/<id>` or `vcg/<id>`). The finding points at the
    /// bad part. A well-formed Region sma does not know is SMA230 (a warning).
    ///
    /// ### Why is this bad?
    /// No such resource can exist: the action fails ("Endpoint parameter is invalid.", or the
    /// bot conversation never starts). Redacted or shortened account ids pasted from logs and
    /// the docs' own example (`0123456789101`, 13 digits) are common.
    ///
    /// ### Example
    /// `"BotAliasArn": "arn:aws:lex:us-east-1:12345678:bot-alias/ABCDEFGHIJ/KLMNOPQRST"`
    /// Use instead: the alias ARN from the Lex console (a 12-digit account id).
    InvalidArn,
    code = "SMA229",
    name = "invalid-arn",
    severity = Error,
    summary = "an ARN with an impossible structure (partition, service, Region, account, resource type)",
    fix = "copy the ARN from the console or the stack output",
);

impl Rule for InvalidArn {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for u in ctx.arns() {
            let whole = 0..u.arn.len();
            let report = |ctx: &mut Context<'_>,
                          range: std::ops::Range<usize>,
                          message: String,
                          label: &str| {
                ctx.report(
                    Finding::new(message, u.at.as_str(), doc.substring_span(&u.at, range))
                        .label(label.to_string())
                        .help(format!("{} takes {}", u.action, u.expect.describe())),
                );
            };
            let Some(p) = split(u.arn) else {
                report(
                    ctx,
                    whole,
                    format!(
                        "`{}` is not an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`)",
                        u.arn
                    ),
                    "not an ARN",
                );
                continue;
            };
            let partition = regions::partition(p.partition.0);
            if partition.is_none() {
                let mut label = "unknown partition".to_string();
                if let Some(good) =
                    did_you_mean(p.partition.0, regions::PARTITIONS.iter().map(|p| p.id))
                {
                    label = format!("did you mean `{good}`?");
                }
                report(
                    ctx,
                    p.partition.1,
                    format!(
                        "`{}` is not an AWS partition (aws, aws-cn, aws-us-gov, ...)",
                        p.partition.0
                    ),
                    &label,
                );
            }
            if p.service.0 != u.expect.service() {
                report(
                    ctx,
                    p.service.1,
                    format!(
                        "this ARN is of service `{}`; {} takes `{}`",
                        p.service.0,
                        u.action,
                        u.expect.service()
                    ),
                    "wrong service",
                );
            }
            let region = p.region.0;
            if !region_shaped(region) {
                let what = if region.is_empty() {
                    "has no Region".to_string()
                } else {
                    format!("has `{region}`, which is not a Region name (like us-east-1)")
                };
                report(
                    ctx,
                    p.region.1.clone(),
                    format!("this ARN {what}"),
                    "not a Region",
                );
            } else if let (Some(part), Some(home)) = (partition, regions::region_partition(region))
                && part.id != home.id
            {
                report(
                    ctx,
                    p.region.1.clone(),
                    format!(
                        "Region `{region}` is in partition `{}`, not `{}`",
                        home.id, part.id
                    ),
                    "other partition",
                );
            }
            let account = p.account.0;
            if !(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())) {
                let n = account.chars().count();
                report(
                    ctx,
                    p.account.1,
                    format!("account id `{account}` is not 12 digits ({n} characters)"),
                    "not a 12-digit account id",
                );
            }
            if let Some(why) = u.expect.resource_problem(p.resource.0) {
                report(
                    ctx,
                    p.resource.1,
                    format!("resource `{}` {why}", p.resource.0),
                    "wrong resource type",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn bot(arn: &str) -> String {
        response(&format!(
            r#"{{"Type": "StartBotConversation", "Parameters": {{"CallId": "c-1", "BotAliasArn": "{arn}", "LocaleId": "en_US", "Configuration": {{"SessionState": {{"DialogAction": {{"Type": "ElicitIntent"}}}}}}}}}}"#
        ))
    }

    fn vc(arn: &str) -> String {
        response(&format!(
            r#"{{"Type": "CallAndBridge", "Parameters": {{"CallTimeoutSeconds": 30, "CallerIdNumber": "+15555550100", "Endpoints": [{{"BridgeEndpointType": "AWS", "Uri": "5555", "Arn": "{arn}"}}]}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            bot("arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/TSTALIASID"),
            bot("arn:aws-us-gov:lex:us-gov-west-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            bot("arn:aws:lex:xx-newplace-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            vc("arn:aws:chime:us-east-1:111122223333:vc/abcdefg1hijklm2nopq3rs"),
            vc("arn:aws:chime:us-east-1:111122223333:vcg/abcdefg1hijklm2nopq3rs"),
        ];
        let fail = [
            bot("arn:aws:lex:us-east-1:12345678:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            bot("<paste arn here>"),
            bot("arn:amazon:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            bot("arn:aws:lex:US-EAST-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            bot("arn:aws:lex:cn-north-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            bot("arn:aws:lex:us-east-1:111122223333:bot:OrderFlowers:prod"),
            bot("arn:aws:chime:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"),
            vc("arn:aws:chime:us-east-1:0123456789101:vc/abcdefg1hijklm2nopq3rs"),
            vc("arn:aws:chime:us-east-1:111122223333:sma/abcdefg"),
        ];
        test_rule(&super::InvalidArn, &pass, &fail);
    }
}
