//! SMA230: a well-formed Region in an ARN that sma's Region table does not list.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::arn::{region_shaped, split};
use crate::rules::data::regions;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when an ARN an action names (`BotAliasArn`, a Voice Connector `Arn`) has a
    /// Region of the right shape that no partition of sma's Region table lists. The table is
    /// botocore's partitions file, shipped in sma with its date; the message names the date.
    ///
    /// ### Why is this bad?
    /// Usually a typo (`us-east-3`, `eu-west-4`) and the resource cannot exist. But AWS adds
    /// Regions every year, so a Region newer than the table is reported as a warning only;
    /// ignore it in `sma.toml` (with the reason) once you know it is real.
    ///
    /// ### Example
    /// `"BotAliasArn": "arn:aws:lex:us-east-3:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST"`
    /// Use instead: the Region the bot is in, e.g. `us-east-1`.
    UnknownRegion,
    code = "SMA230",
    name = "unknown-region",
    severity = Warning,
    summary = "an ARN's Region that sma's Region table (with its date) does not list",
    fix = "check the Region; if it is newer than sma's table, ignore this in sma.toml",
);

impl Rule for UnknownRegion {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for u in ctx.arns() {
            let Some(p) = split(u.arn) else { continue };
            let region = p.region.0;
            if !region_shaped(region) || regions::region_partition(region).is_some() {
                continue;
            }
            ctx.report(
                Finding::new(
                    format!("Region `{region}` is not in sma's Region table ({}, {})", regions::SOURCE, regions::DATE),
                    u.at.as_str(),
                    doc.substring_span(&u.at, p.region.1),
                )
                .label("unknown Region")
                .help(format!("a typo, or a Region newer than {}: if it is real, ignore SMA230 for this file in sma.toml", regions::DATE)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn bot(region: &str) -> String {
        response(&format!(
            r#"{{"Type": "StartBotConversation", "Parameters": {{"CallId": "c-1", "BotAliasArn": "arn:aws:lex:{region}:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST", "LocaleId": "en_US", "Configuration": {{"SessionState": {{"DialogAction": {{"Type": "ElicitIntent"}}}}}}}}}}"#
        ))
    }

    #[test]
    fn test() {
        test_rule(
            &super::UnknownRegion,
            &[bot("us-east-1"), bot("eu-central-2"), bot("US-EAST-1")],
            &[bot("us-east-3")],
        );
    }
}
