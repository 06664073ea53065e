//! SMA228: a voice the engine does not offer.
use crate::diagnostic::{Edit, Finding};
use crate::model::Document;
use crate::rules::data::polly;
use crate::rules::speech::{Once, SMA_ENGINES, Speech};
use crate::rules::{Context, Rule, declare_rule};
use crate::source::Span;

declare_rule!(
    /// ### What it does
    /// Reports a Speak or SpeakAndGetDigits voice (`VoiceId`, default `Joanna`) that the
    /// engine (`Engine`, default `"standard"`) does not offer, per Polly's voice table: `Ruth`
    /// with no `Engine` (Ruth has no standard voice), `"Engine": "neural"` with `Carla`. A voice
    /// that only the generative or long-form engines offer cannot be used by the SMA at all
    /// (its `Engine` is `"standard"` or `"neural"`). The finding is at `VoiceId` when it is
    /// written, else at `Engine`; the fix sets the engine the voice has.
    ///
    /// ### Why is this bad?
    /// Polly rejects the request ("This voice does not support the selected engine") and the
    /// action fails.
    ///
    /// ### Example
    /// `"VoiceId": "Ruth"`
    /// Use instead: `"Engine": "neural", "VoiceId": "Ruth"`
    VoiceEngine,
    code = "SMA228",
    name = "voice-engine-mismatch",
    severity = Error,
    summary = "a `VoiceId` the `Engine` does not offer (default engine: standard)",
    fix = "set the `Engine` the voice has (`\"neural\"` for most newer voices)",
);

/// The speeches that take their engine from `s` (SpeakAndGetDigits' `FailureSpeechParameters`
/// without its own `Engine`) and whose voice lacks `good`: the fix declares their current
/// engine beside their `Text`, so changing `s` does not break them.
fn keep_engine(doc: &Document, all: &[Speech<'_>], s: &Speech<'_>, good: &str) -> Vec<Edit> {
    let action = |p: &str| p.rsplit_once('/').map(|(a, _)| a.to_string());
    all.iter()
        .filter(|t| t.at != s.at && action(t.at.as_str()) == action(s.at.as_str()))
        .filter(|t| t.engine.at == s.engine.at)
        .filter(|t| polly::voice(t.voice.value).is_some_and(|v| !v.engines.contains(&good)))
        .map(|t| {
            let key = doc.key_span(&t.text_at());
            Edit {
                span: Span::new(key.start, key.start),
                text: format!("\"Engine\": \"{}\", ", t.engine.value),
            }
        })
        .collect()
}

impl Rule for VoiceEngine {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let mut once = Once::default();
        let all = ctx.speeches();
        for s in all {
            let engine = s.engine.value;
            let Some(voice) = polly::voice(s.voice.value) else {
                continue;
            };
            // an Engine the SMA does not take is the schema's (SMA104, with a fix)
            if !SMA_ENGINES.contains(&engine) || voice.engines.contains(&engine) {
                continue;
            }
            let Some(at) = s.voice.at.as_ref().or(s.engine.at.as_ref()) else {
                continue;
            };
            if !once.first(format!("{at}|{engine}")) {
                continue;
            }
            let has = voice.engines.join(", ");
            let usable: Vec<&str> = SMA_ENGINES
                .iter()
                .copied()
                .filter(|e| voice.engines.contains(e))
                .collect();
            let chosen = if s.engine.at.is_some() {
                format!("the {engine} engine")
            } else {
                format!("the {engine} engine (`Engine` defaults to \"standard\")")
            };
            let mut f = Finding::new(
                format!("{} is not offered by {chosen}; it has {has}", voice.id),
                at.as_str(),
                doc.span(at),
            )
            .label(format!("not a {engine} voice"))
            .detail(format!("{} has {has}", voice.id));
            f = match usable.first() {
                Some(good) => {
                    let edit = match &s.engine.at {
                        Some(e) => Edit { span: doc.span(e), text: format!("\"{good}\"") },
                        None => {
                            let key = doc.key_span(at);
                            Edit {
                                span: Span::new(key.start, key.start),
                                text: format!("\"Engine\": \"{good}\", "),
                            }
                        }
                    };
                    let mut edits = vec![edit];
                    edits.extend(keep_engine(doc, all, s, good));
                    f.help(format!("use \"Engine\": \"{good}\" with {}, or a {engine} voice", voice.id))
                        .fix(edits)
                }
                None => f.help(format!(
                    "{} is a {has} voice only, which the SMA's `Engine` (\"standard\" or \"neural\") cannot select; pick another voice",
                    voice.id
                )),
            };
            if let (Some(e), Some(_)) = (&s.engine.at, &s.voice.at) {
                f = f.with_other(doc.span(e), "engine chosen here");
            }
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{lint, response, speak, test_rule};

    #[test]
    fn test() {
        let pass = [
            speak(r#""VoiceId": "Joanna""#),
            speak(r#""VoiceId": "Joanna", "Engine": "neural""#),
            speak(r#""VoiceId": "Ruth", "Engine": "neural""#),
            speak(r#""VoiceId": "Lea", "Engine": "standard""#),
            speak(r#""Engine": "neural""#),
        ];
        let fail = [
            speak(r#""VoiceId": "Ruth""#),
            speak(r#""VoiceId": "Carla", "Engine": "neural""#),
            speak(r#""VoiceId": "Ambre""#),
        ];
        test_rule(&super::VoiceEngine, &pass, &fail);
    }

    /// The fix keeps what it does not mean to change: a FailureSpeechParameters voice that
    /// inherits the engine keeps its own, and the fixed document lints clean.
    #[test]
    fn fix_keeps_inheriting_speeches_working() {
        let text = response(
            r#"{"Type": "SpeakAndGetDigits", "Parameters": {"CallId": "c-1", "RepeatDurationInMilliseconds": 3000, "SpeechParameters": {"VoiceId": "Ruth", "Text": "Enter"}, "FailureSpeechParameters": {"Text": "Again", "VoiceId": "Carla"}}}"#,
        );
        let checked = lint(&text);
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == "SMA228")
            .expect("SMA228");
        let fixed = crate::diagnostic::apply_edits(&text, &d.fix);
        let again = lint(&fixed);
        assert!(
            again.diagnostics.iter().all(|d| !d.is_error()),
            "{fixed}\n{:?}",
            again.diagnostics
        );
        assert!(
            fixed.contains(r#""Engine": "standard", "Text": "Again""#),
            "{fixed}"
        );
    }
}
