//! SMA226: a `VoiceId` that is not an Amazon Polly voice.
use crate::diagnostic::{Edit, Finding};
use crate::model::Document;
use crate::rules::data::polly;
use crate::rules::speech::{Once, known_voice, voice_suggestion};
use crate::rules::{Context, Rule, declare_rule};

declare_rule!(
    /// ### What it does
    /// Reports a Speak or SpeakAndGetDigits `VoiceId` that is not an Amazon Polly voice id,
    /// with the id meant as a fix: a typo (`Jonana`), the wrong case (`joanna`), or an accented
    /// display name (`Léa`: the API takes the ASCII `Lea`). The voices are Polly's voice table
    /// and botocore's `VoiceId` enum, shipped in sma; the message names the table's date.
    ///
    /// ### Why is this bad?
    /// Polly rejects the request and the action fails; the caller hears nothing.
    ///
    /// ### Example
    /// `"VoiceId": "Jonana"`
    /// Use instead: `"VoiceId": "Joanna"`
    UnknownVoice,
    code = "SMA226",
    name = "unknown-voice",
    severity = Error,
    summary = "a `VoiceId` that is not an Amazon Polly voice",
    fix = "use a Polly voice id such as `Joanna` (ASCII: `Lea`, not `Léa`)",
);

impl Rule for UnknownVoice {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let mut once = Once::default();
        for s in ctx.speeches() {
            let Some(at) = &s.voice.at else { continue };
            let id = s.voice.value;
            if known_voice(id) || !once.first(at.to_string()) {
                continue;
            }
            let mut f = Finding::new(
                format!("`{id}` is not an Amazon Polly voice"),
                at.as_str(),
                doc.span(at),
            )
            .detail("not a Polly voice id")
            .help(format!(
                "use one of Polly's voice ids (e.g. Joanna, Matthew, Lea); sma's voice table is of {}",
                polly::DATE
            ));
            f = match voice_suggestion(id) {
                Some(good) => f.label(format!("did you mean `{good}`?")).fix(vec![Edit {
                    span: doc.span(at),
                    text: format!("\"{good}\""),
                }]),
                None => f.label("unknown voice"),
            };
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn speak(voice: &str) -> String {
        response(&format!(
            r#"{{"Type": "Speak", "Parameters": {{"CallId": "c-1", "Text": "Hi", "VoiceId": "{voice}"}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            "Joanna", "Lea", "Remi", "Ines", "Celine", "Dora", "Vitoria", "Penelope", "Kevin",
        ]
        .map(speak);
        let mut fail = ["Jonana", "joanna", "L\\u00e9a", "Nobody"]
            .map(speak)
            .to_vec();
        fail.push(response(
            r#"{"Type": "SpeakAndGetDigits", "Parameters": {"CallId": "c-1", "RepeatDurationInMilliseconds": 3000, "SpeechParameters": {"Text": "PIN?", "VoiceId": "Mathew"}, "FailureSpeechParameters": {"Text": "Again"}}}"#,
        ));
        test_rule(&super::UnknownVoice, &pass, &fail);
    }
}
