//! SMA204: the same key listed twice in `RecordingTerminators`.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Warns when a key appears more than once in RecordAudio's `RecordingTerminators`.
    ///
    /// ### Why is this bad?
    /// The repeat has no effect; it usually means another key was meant (`["#", "#"]` for
    /// `["#", "*"]`).
    ///
    /// ### Example
    /// `"RecordingTerminators": ["#", "#"]`
    /// Use instead: `"RecordingTerminators": ["#"]`
    DuplicateTerminator,
    code = "SMA204",
    name = "duplicate-terminator",
    severity = Warning,
    summary = "a terminator is listed twice",
    fix = "list each terminator once",
);

impl Rule for DuplicateTerminator {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for (params, ra, raw) in ctx.record_audio() {
            let Some(terms) = ra.recording_terminators.as_deref() else {
                continue;
            };
            // indices refer to the raw array; only strings were kept, so re-read the array
            let raw = raw.get("RecordingTerminators").and_then(|v| v.as_array());
            let Some(raw) = raw else { continue };
            if terms.len() < 2 {
                continue;
            }
            for (i, v) in raw.iter().enumerate() {
                let Some(first) = raw[..i].iter().position(|w| w == v && v.is_string()) else {
                    continue;
                };
                let base = params.key("RecordingTerminators");
                let at = base.index(i);
                ctx.report(
                    Finding::new(
                        format!("terminator {v} is listed twice"),
                        at.as_str(),
                        doc.span(&at),
                    )
                    .label("repeated here")
                    .detail(format!("terminator {v} is listed twice"))
                    .fix(doc.removal(&at))
                    .with_other(doc.span(&base.index(first)), "first listed here")
                    .help("remove the repeat; if another key was meant, list that one"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::record_audio;
    use crate::rules::test::test_rule;

    fn terms(t: &str) -> String {
        record_audio(&format!(
            r#"{{"RecordingTerminators": {t}, "RecordingDestination": {{"Type": "S3", "BucketName": "my-recordings"}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            terms(r##"["#"]"##),
            terms(r##"["1","2","3","4","5","6","7","8","9","*","0","#"]"##),
        ];
        let fail = [terms(r##"["#", "*", "#"]"##), terms(r#"["1", "1", "1"]"#)];
        test_rule(&super::DuplicateTerminator, &pass, &fail);
    }
}
