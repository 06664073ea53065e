//! SMA225: SSML sent as plain text.
use crate::diagnostic::{Edit, Finding};
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};
use crate::source::Span;

declare_rule!(
    /// ### What it does
    /// Warns when a speech `Text` is SSML (it starts with `<speak`) but its `TextType` is
    /// `"text"`, or is left out (the default is plain text; SpeakAndGetDigits'
    /// `FailureSpeechParameters` inherits it from `SpeechParameters`).
    ///
    /// ### Why is this bad?
    /// Polly reads plain text as it is: the caller hears the markup ("speak", "break time three
    /// s") or the action fails, and the pauses and pronunciations never happen.
    ///
    /// ### Example
    /// `"Text": "<speak>Welcome</speak>"`
    /// Use instead: `"Text": "<speak>Welcome</speak>", "TextType": "ssml"`
    SsmlAsText,
    code = "SMA225",
    name = "ssml-as-plain-text",
    severity = Warning,
    summary = "SSML `Text` whose `TextType` is plain text",
    fix = "set `\"TextType\": \"ssml\"`",
);

/// Whether `text` is SSML: it opens with `<speak>` (or `<speak ...>`), after an optional XML
/// declaration.
fn is_ssml(text: &str) -> bool {
    let mut t = text.trim_start();
    if let Some(rest) = t.strip_prefix("<?xml")
        && let Some(end) = rest.find("?>")
    {
        t = rest[end + 2..].trim_start();
    }
    t.strip_prefix("<speak")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
}

impl Rule for SsmlAsText {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for s in ctx.speeches() {
            let Some(text) = s.text else { continue };
            // another value ("SSML") is the schema's (SMA104)
            if s.text_type.value != "text" || !is_ssml(text) {
                continue;
            }
            let at = s.text_at();
            let why = match &s.text_type.at {
                Some(_) => format!("`TextType` is \"{}\"", s.text_type.value),
                None => "`TextType` is left out (plain text by default)".to_string(),
            };
            let mut f = Finding::new(
                format!("{}: the `Text` is SSML but {why}", s.action),
                at.as_str(),
                doc.key_span(&at),
            )
            .label("SSML sent as plain text")
            .detail(why)
            .help(
                "set \"TextType\": \"ssml\" beside the Text, or Polly speaks the markup as words",
            );
            // change the declaration, or declare it beside this Text
            let edit = match &s.text_type.at {
                Some(tt) => {
                    f = f.with_other(doc.span(tt), "declared here");
                    Edit {
                        span: doc.span(tt),
                        text: "\"ssml\"".into(),
                    }
                }
                None => {
                    let key = doc.key_span(&at);
                    Edit {
                        span: Span::new(key.start, key.start),
                        text: "\"TextType\": \"ssml\", ".into(),
                    }
                }
            };
            ctx.report(f.fix(vec![edit]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{response, test_rule};

    #[test]
    fn test() {
        let pass = [
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "<speak>Hi</speak>", "TextType": "ssml"}}"#,
            ),
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "Press <1> for sales"}}"#,
            ),
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "<speaker>Hi"}}"#,
            ),
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "<speak>Hi</speak>", "TextType": "SSML"}}"#,
            ),
        ];
        let fail = [
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "<?xml version=\"1.0\"?><speak>Hi</speak>"}}"#,
            ),
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": "<speak>Hi</speak>"}}"#,
            ),
            response(
                r#"{"Type": "Speak", "Parameters": {"CallId": "c-1", "Text": " <speak>Hi</speak>", "TextType": "text"}}"#,
            ),
            response(
                r#"{"Type": "SpeakAndGetDigits", "Parameters": {"CallId": "c-1", "RepeatDurationInMilliseconds": 3000, "SpeechParameters": {"Text": "Enter your PIN", "TextType": "text"}, "FailureSpeechParameters": {"Text": "<speak>Try again</speak>"}}}"#,
            ),
        ];
        test_rule(&super::SsmlAsText, &pass, &fail);
    }
}
