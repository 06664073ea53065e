//! SMA222: Pause `DurationInMilliseconds` outside the troubleshooting page's 100-30000.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

/// The range the troubleshooting page gives ("between 100 and 30000").
pub const MIN_PAUSE_MS: f64 = 100.0;
pub const MAX_PAUSE_MS: f64 = 30_000.0;

declare_rule!(
    /// ### What it does
    /// Reports a Pause whose `DurationInMilliseconds` is below 100 or above 30000.
    ///
    /// ### Why is this bad?
    /// The Pause page only says the value must be greater than 0, but the troubleshooting page
    /// ("Pause action errors") says it must be between 100 and 30000 milliseconds; outside that
    /// range the action fails with "The Duration parameter is invalid." A pause longer than 30
    /// seconds is usually seconds written as milliseconds times 1,000 twice, or a silence that
    /// should be a `RecordAudio` or `ReceiveDigits` instead. (Values of 0 or less, or that are
    /// not integers, are reported by SMA103.)
    ///
    /// ### Example
    /// `{"Type": "Pause", "Parameters": {"DurationInMilliseconds": 50000}}`
    /// Use instead: `"DurationInMilliseconds": 30000`, or several Pause actions.
    PauseDuration,
    code = "SMA222",
    name = "pause-duration-out-of-range",
    severity = Error,
    summary = "Pause `DurationInMilliseconds` outside 100-30000 (troubleshooting page)",
    fix = "pause between 100 and 30000 milliseconds",
);

impl Rule for PauseDuration {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions().iter().filter(|a| a.is("Pause")) {
            let Some(ms) = a.num_param("DurationInMilliseconds") else {
                continue;
            };
            // 0, negative and fractional values are the schema's (SMA103)
            if ms <= 0.0 || ms.fract() != 0.0 || (MIN_PAUSE_MS..=MAX_PAUSE_MS).contains(&ms) {
                continue;
            }
            let at = a.param_pointer("DurationInMilliseconds");
            let side = if ms < MIN_PAUSE_MS {
                "below 100"
            } else {
                "above 30000"
            };
            ctx.report(
                Finding::new(
                    format!("Pause `DurationInMilliseconds` is {ms}; the troubleshooting page allows 100 to 30000"),
                    at.as_str(),
                    doc.span(&at),
                )
                .label(side)
                .detail("must be between 100 and 30000 milliseconds")
                .help("the Pause page says only \"greater than 0\", but the troubleshooting page says \"DurationInMilliseconds must be between 100 and 30000\" and the action fails with \"The Duration parameter is invalid.\"; split a longer wait into several Pause actions"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn pause(ms: &str) -> String {
        response(&format!(
            r#"{{"Type": "Pause", "Parameters": {{"CallId": "c-1", "DurationInMilliseconds": {ms}}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            pause("100"),
            pause("1000"),
            pause("30000"),
            pause("\"2000\""),
            pause("0"),
        ];
        let fail = [pause("50000"), pause("99"), pause("\"30001\"")];
        test_rule(&super::PauseDuration, &pass, &fail);
    }
}
