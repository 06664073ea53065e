//! SMA203: `SilenceThreshold` without `SilenceDurationInSeconds`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when RecordAudio sets `SilenceThreshold` but not `SilenceDurationInSeconds`.
    ///
    /// ### Why is this bad?
    /// Silence detection is off unless `SilenceDurationInSeconds` is given ("If not specified,
    /// silence detection is disabled"), and the threshold is "ignored if
    /// SilenceDurationInSeconds is not given". The recording then runs until a terminator or
    /// `DurationInSeconds`, which is rarely what the author of a threshold intended.
    ///
    /// ### Example
    /// ```json
    /// "Parameters": {"SilenceThreshold": 100, ...}
    /// ```
    /// Use instead: `"Parameters": {"SilenceDurationInSeconds": 3, "SilenceThreshold": 100, ...}`
    ThresholdWithoutSilenceDuration,
    code = "SMA203",
    name = "threshold-without-silence-duration",
    severity = Warning,
    summary = "`SilenceThreshold` has no effect without `SilenceDurationInSeconds`",
    fix = "add `SilenceDurationInSeconds`, or remove `SilenceThreshold`",
);

impl Rule for ThresholdWithoutSilenceDuration {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for (params, ra, raw) in ctx.record_audio() {
            let has_duration = raw.contains_key("SilenceDurationInSeconds");
            if ra.silence_threshold.is_some() && !has_duration {
                let at = params.key("SilenceThreshold");
                ctx.report(
                    Finding::new(
                        "`SilenceThreshold` is ignored: silence detection is off without `SilenceDurationInSeconds`",
                        at.as_str(),
                        doc.key_span(&at),
                    )
                    .label("ignored")
                    .help("add `SilenceDurationInSeconds` (1-1000 seconds) to end the recording on silence, or remove `SilenceThreshold`"),
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
            record_audio(&params_with(
                r#""SilenceDurationInSeconds": 3, "SilenceThreshold": 100"#,
            )),
            record_audio(&params_with(r#""SilenceDurationInSeconds": 3"#)),
            record_audio(&params_with("")),
        ];
        let fail = [
            record_audio(&params_with(r#""SilenceThreshold": 100"#)),
            record_audio(&params_with(r#""SilenceThreshold": "200""#)),
        ];
        test_rule(&super::ThresholdWithoutSilenceDuration, &pass, &fail);
    }
}
