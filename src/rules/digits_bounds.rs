//! SMA210: `MaxNumberOfDigits` below `MinNumberOfDigits`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Reports a PlayAudioAndGetDigits or SpeakAndGetDigits action whose `MaxNumberOfDigits` is
    /// less than its `MinNumberOfDigits`.
    ///
    /// ### Why is this bad?
    /// No input can satisfy both bounds; the SMA answers "The MaxNumberOfDigits parameter is
    /// invalid." The docs say Max must be *greater than* Min, but AWS's own working samples use
    /// Min == Max all the time (corpus 045, 046, 049, 076: exactly one or exactly five digits),
    /// so equal bounds are accepted and only Max < Min is reported.
    ///
    /// ### Example
    /// `"MinNumberOfDigits": 4, "MaxNumberOfDigits": 2`
    /// Use instead: `"MinNumberOfDigits": 2, "MaxNumberOfDigits": 4`
    DigitsBounds,
    code = "SMA210",
    name = "max-digits-below-min",
    severity = Error,
    summary = "`MaxNumberOfDigits` is less than `MinNumberOfDigits`",
    fix = "make `MaxNumberOfDigits` at least `MinNumberOfDigits`",
);

impl Rule for DigitsBounds {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for a in ctx.actions() {
            if !(a.is("PlayAudioAndGetDigits") || a.is("SpeakAndGetDigits")) {
                continue;
            }
            let (Some(min), Some(max)) = (
                a.num_param("MinNumberOfDigits"),
                a.num_param("MaxNumberOfDigits"),
            ) else {
                continue;
            };
            if max < min {
                let at = a.param_pointer("MaxNumberOfDigits");
                ctx.report(
                    Finding::new(
                        format!("`MaxNumberOfDigits` ({max}) is less than `MinNumberOfDigits` ({min})"),
                        at.as_str(),
                        doc.span(&at),
                    )
                    .label("below the minimum")
                    .with_other(a.param_span("MinNumberOfDigits"), "minimum set here")
                    .help("no input can satisfy both; make `MaxNumberOfDigits` at least `MinNumberOfDigits` (equal is fine for a fixed-length entry)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn pagd(min: &str, max: &str) -> String {
        response(&format!(
            r##"{{"Type": "PlayAudioAndGetDigits", "Parameters": {{"MinNumberOfDigits": {min}, "MaxNumberOfDigits": {max}, "RepeatDurationInMilliseconds": 3000, "AudioSource": {{"Type": "S3", "BucketName": "my-bucket", "Key": "a.wav"}}, "FailureAudioSource": {{"Type": "S3", "BucketName": "my-bucket", "Key": "b.wav"}}}}}}"##
        ))
    }

    #[test]
    fn test() {
        let pass = [pagd("1", "1"), pagd("5", "\"5\""), pagd("0", "128")];
        let fail = [pagd("4", "2"), pagd("\"6\"", "3")];
        test_rule(&super::DigitsBounds, &pass, &fail);
    }
}
