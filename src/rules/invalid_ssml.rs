//! SMA224: SSML that Amazon Polly rejects: not well-formed, no `<speak>` root, or a tag,
//! attribute or value Polly does not support with the engine.
use crate::diagnostic::{Edit, Finding};
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule, ssml};

declare_rule!(
    /// ### What it does
    /// Parses the `Text` of Speak, and of SpeakAndGetDigits' `SpeechParameters` and
    /// `FailureSpeechParameters`, whose `TextType` is `"ssml"` with a real XML parser, and
    /// checks it against the SSML tags Amazon Polly supports (its supported-tags table and tag
    /// pages, shipped in sma with their date): one `<speak>` root, every tag closed, only
    /// Polly's tags, attributes and listed values, only the XML entities, and only tags the
    /// engine (`Engine`, default `"standard"`) supports. The finding points at the tag inside
    /// the JSON string.
    ///
    /// ### Why is this bad?
    /// Polly rejects the text and the action fails (the Speak page: "must be valid SSML"; the
    /// supported-tags page: "If you use unsupported SSML tags in standard, neural, or long-form
    /// format, you will get an error"). A `<break time="3s">` without its `/` is the classic:
    /// the document is not well-formed.
    ///
    /// ### Example
    /// `"Text": "<speak>Hi <break time=\"3s\"></speak>", "TextType": "ssml"`
    /// Use instead: `"Text": "<speak>Hi <break time=\"3s\"/></speak>"`
    InvalidSsml,
    code = "SMA224",
    name = "invalid-ssml",
    severity = Error,
    summary = "SSML that Amazon Polly rejects (malformed, or a tag it does not support)",
    fix = "close every tag (`<break time=\"1s\"/>`) and use only Polly's SSML tags",
);

impl Rule for InvalidSsml {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for s in ctx.speeches() {
            let Some(text) = s.text else { continue };
            // an empty Text is SMA106's
            if s.text_type.value != "ssml" || text.is_empty() {
                continue;
            }
            let at = s.text_at();
            for p in ssml::check(text, s.engine.value) {
                let span = doc.substring_span(&at, p.range.clone());
                let mut f = Finding::new(format!("{}: {}", s.action, p.message), at.as_str(), span)
                    .label(p.label.clone())
                    .detail(p.message.clone())
                    .help("Polly's SSML: one <speak> root, every tag closed (`<break time=\"1s\"/>`), & written &amp;, and only the tags of https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html for the engine");
                if let Some(text) = &p.fix {
                    f = f.fix(vec![Edit {
                        span,
                        text: json_inner(text),
                    }]);
                }
                if let Some(engine_at) = &s.engine.at
                    && p.label.starts_with("not available")
                {
                    f = f.with_other(doc.span(engine_at), "engine chosen here");
                }
                ctx.report(f);
            }
        }
    }
}

/// `text` as it is written inside a JSON string (quotes and escapes, without the outer quotes).
fn json_inner(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted[1..quoted.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    fn speak(text: &str, extra: &str) -> String {
        response(&format!(
            r#"{{"Type": "Speak", "Parameters": {{"CallId": "c-1", "Text": "{text}", "TextType": "ssml"{extra}}}}}"#
        ))
    }

    #[test]
    fn test() {
        let pass = [
            speak(r#"<speak>Hi <break time=\"3s\"/> there</speak>"#, ""),
            speak(
                r#"<speak>Tom &amp; Jerry<break strength=\"weak\"/></speak>"#,
                "",
            ),
            speak(
                r#"<speak><prosody rate=\"slow\">slow</prosody> <say-as interpret-as=\"digits\">123</say-as></speak>"#,
                "",
            ),
            speak(
                r#"<speak><amazon:effect name=\"whispered\">psst</amazon:effect></speak>"#,
                "",
            ),
            // plain text is not parsed
            response(r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "a < b & c"}}"#),
            speak(
                r#"<speak><break time=\"500ms\"/><prosody rate=\"120%\" volume=\"+6dB\">a</prosody><prosody pitch=\"-10%\">b</prosody></speak>"#,
                "",
            ),
            speak(
                r#"<?xml version=\"1.0\"?><speak><lang xml:lang=\"fr-FR\">oui</lang><sub alias=\"W3C\">World Wide Web Consortium</sub></speak>"#,
                "",
            ),
        ];
        let fail = [
            speak(r#"<speak>Hi <break time=\"3s\"></speak>"#, ""),
            speak(r#"Hi <break time=\"3s\"/>"#, ""),
            speak(r#"<speak>Tom & Jerry</speak>"#, ""),
            speak(r#"<speak>caf\u00e9 <brake time=\"1s\"/></speak>"#, ""),
            speak(r#"<speak><break tme=\"1s\"/></speak>"#, ""),
            speak(r#"<speak><break strength=\"loud\"/></speak>"#, ""),
            speak(
                r#"<speak><emphasis>now</emphasis></speak>"#,
                r#", "Engine": "neural""#,
            ),
            speak(
                r#"<speak><amazon:effect name=\"whispered\">psst</amazon:effect></speak>"#,
                r#", "Engine": "neural""#,
            ),
            speak(r#"<speak>a&nbsp;b</speak>"#, ""),
            speak(r#"<speak>one</speak><speak>two</speak>"#, ""),
            response(
                r#"{"Type": "SpeakAndGetDigits", "Parameters": {"CallId": "c-1", "RepeatDurationInMilliseconds": 3000, "SpeechParameters": {"Text": "<speak>Enter your PIN</speak>", "TextType": "ssml"}, "FailureSpeechParameters": {"Text": "<speak>Try <emphasis>again</speak>"}}}"#,
            ),
            speak(r#"<speak><break time=\"1s\" time=\"2s\"/></speak>"#, ""),
            speak(r#"<speak>a\u0000b</speak>"#, ""),
            speak(r#"<speak><say-as>123</say-as><lang>x</lang></speak>"#, ""),
            speak(
                r#"<speak><break time=\"11s\"/><break time=\"forever\"/><prosody rate=\"warp\">x</prosody></speak>"#,
                "",
            ),
            speak(r#"<speak><!DOCTYPE x><?php echo ?></speak>"#, ""),
            speak(r#"<Speak>Hi</Speak>"#, ""),
            speak(&format!("<speak>{}x</speak>", "<p>".repeat(5000)), ""),
        ];
        test_rule(&super::InvalidSsml, &pass, &fail);
    }
}
