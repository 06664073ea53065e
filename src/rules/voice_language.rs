//! SMA227: a `LanguageCode` the voice does not speak, or that Polly does not have.
use crate::diagnostic::{Edit, Finding};
use crate::model::Document;
use crate::rules::data::polly;
use crate::rules::speech::Once;
use crate::rules::{Context, Rule, declare_rule};
use crate::util::suggest::did_you_mean;

declare_rule!(
    /// ### What it does
    /// Reports a Speak or SpeakAndGetDigits `LanguageCode` that is not one of Amazon Polly's
    /// language codes (`no-NO`: Polly's Norwegian is `nb-NO`), or that the voice (`VoiceId`,
    /// default `Joanna`) does not speak: `"VoiceId": "Lea", "LanguageCode": "en-US"`. The
    /// finding is at `VoiceId` when it is written, else at `LanguageCode`. Bilingual voices
    /// whose second language the voice page does not name (Hala, Zayd) are not checked.
    ///
    /// ### Why is this bad?
    /// Polly rejects a voice asked to speak a language it does not have (the Speak page:
    /// `LanguageCode` is only for bilingual voices), and the action fails.
    ///
    /// ### Example
    /// `"VoiceId": "Lea", "LanguageCode": "en-US"`
    /// Use instead: `"VoiceId": "Lea", "LanguageCode": "fr-FR"` (or leave `LanguageCode` out)
    VoiceLanguage,
    code = "SMA227",
    name = "voice-language-mismatch",
    severity = Error,
    summary = "a `LanguageCode` the voice does not speak (or not a Polly language)",
    fix = "pick a voice of that language, or leave `LanguageCode` out",
);

impl Rule for VoiceLanguage {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let mut once = Once::default();
        for s in ctx.speeches() {
            let Some(language) = &s.language else {
                continue;
            };
            let Some(lang_at) = &language.at else {
                continue;
            };
            let lang = language.value;
            if !polly::LANGUAGES.contains(&lang) {
                if !once.first(format!("{lang_at}")) {
                    continue;
                }
                let mut f = Finding::new(
                    format!("`{lang}` is not an Amazon Polly language code"),
                    lang_at.as_str(),
                    doc.span(lang_at),
                )
                .label("no such language")
                .detail("not a Polly language code")
                .help(format!("Polly's codes are e.g. en-US, en-GB, es-US, fr-FR, nb-NO (sma's table is of {})", polly::DATE));
                if let Some(good) = did_you_mean(lang, polly::LANGUAGES.iter().copied()) {
                    f = f.label(format!("did you mean `{good}`?")).fix(vec![Edit {
                        span: doc.span(lang_at),
                        text: format!("\"{good}\""),
                    }]);
                }
                ctx.report(f);
                continue;
            }
            let Some(voice) = polly::voice(s.voice.value) else {
                continue;
            };
            let unsure = polly::BILINGUAL.contains(&voice.id) && voice.languages.len() < 2;
            if unsure || voice.languages.contains(&lang) {
                continue;
            }
            let at = s.voice.at.as_ref().unwrap_or(lang_at);
            if !once.first(format!("{at}|{lang}")) {
                continue;
            }
            let default = if s.voice.at.is_none() {
                " (the default voice)"
            } else {
                ""
            };
            let speaks = voice.languages.join(", ");
            let mut f = Finding::new(
                format!("{}{default} does not speak `{lang}`; it speaks {speaks}", voice.id),
                at.as_str(),
                doc.span(at),
            )
            .label(format!("speaks {speaks}"))
            .detail(format!("does not speak {lang}"))
            .help(format!("choose a voice of {lang}, or leave `LanguageCode` out (it is only needed for bilingual voices)"));
            if s.voice.at.is_some() {
                f = f.with_other(doc.span(lang_at), "language asked here");
            }
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{speak, test_rule};

    #[test]
    fn test() {
        let pass = [
            speak(r#""VoiceId": "Lea", "LanguageCode": "fr-FR""#),
            speak(r#""VoiceId": "Aditi", "LanguageCode": "hi-IN""#),
            speak(r#""VoiceId": "Aditi", "LanguageCode": "en-IN""#),
            speak(r#""VoiceId": "Hala", "LanguageCode": "en-US""#),
            speak(r#""LanguageCode": "en-US""#),
            speak(r#""VoiceId": "Joanna""#),
        ];
        let fail = [
            speak(r#""VoiceId": "Lea", "LanguageCode": "en-US""#),
            speak(r#""LanguageCode": "fr-FR""#),
            speak(r#""VoiceId": "Ida", "LanguageCode": "no-NO""#),
        ];
        test_rule(&super::VoiceLanguage, &pass, &fail);
    }
}
