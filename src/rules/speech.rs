//! The speech of Speak and SpeakAndGetDigits: each `Text` with the engine, voice, language and
//! text type it is spoken with, the documented defaults applied, for the speech rules.
use crate::model::{Action, field};
use crate::pointer::Pointer;
use crate::rules::data::polly;
use crate::util::suggest::did_you_mean;

/// The Speak page's defaults.
pub const DEFAULT_ENGINE: &str = "standard";
pub const DEFAULT_VOICE: &str = "Joanna";
pub const DEFAULT_TEXT_TYPE: &str = "text";

/// One setting of a speech: its value and where it is written (`None`: the default).
#[derive(Debug, Clone)]
pub struct Setting<'d> {
    pub value: &'d str,
    pub at: Option<Pointer>,
}

impl<'d> Setting<'d> {
    fn default(value: &'static str) -> Self {
        Setting { value, at: None }
    }
}

/// One text the SMA speaks, and how.
#[derive(Debug, Clone)]
pub struct Speech<'d> {
    /// The action's `Type`.
    pub action: &'d str,
    /// The object holding `Text` (the `Parameters`, or `SpeechParameters` /
    /// `FailureSpeechParameters`).
    pub at: Pointer,
    pub text: Option<&'d str>,
    pub engine: Setting<'d>,
    pub voice: Setting<'d>,
    pub language: Option<Setting<'d>>,
    pub text_type: Setting<'d>,
}

impl Speech<'_> {
    /// The pointer of this speech's `Text`.
    pub fn text_at(&self) -> Pointer {
        self.at.key("Text")
    }
}

/// Reads one speech object, each setting it leaves out taken from `inherit` (or the default).
fn read<'d>(a: &Action<'d>, at: Pointer, inherit: Option<&Speech<'d>>) -> Option<Speech<'d>> {
    let obj = a.params?;
    let obj = if at == a.params_pointer() {
        obj
    } else {
        obj.get(at.as_str().rsplit('/').next()?)?.as_object()?
    };
    let setting = |key: &str| {
        field(obj, key)
            .and_then(|v| v.as_str())
            .map(|value| Setting {
                value,
                at: Some(at.key(key)),
            })
    };
    Some(Speech {
        action: a.type_name?,
        text: field(obj, "Text").and_then(|v| v.as_str()),
        engine: setting("Engine")
            .or_else(|| inherit.map(|i| i.engine.clone()))
            .unwrap_or_else(|| Setting::default(DEFAULT_ENGINE)),
        voice: setting("VoiceId")
            .or_else(|| inherit.map(|i| i.voice.clone()))
            .unwrap_or_else(|| Setting::default(DEFAULT_VOICE)),
        language: setting("LanguageCode").or_else(|| inherit.and_then(|i| i.language.clone())),
        text_type: setting("TextType")
            .or_else(|| inherit.map(|i| i.text_type.clone()))
            .unwrap_or_else(|| Setting::default(DEFAULT_TEXT_TYPE)),
        at,
    })
}

/// Every speech of the document's Speak and SpeakAndGetDigits actions, in order.
/// `FailureSpeechParameters` inherits what it leaves out from `SpeechParameters`.
pub fn speeches<'d>(actions: &[Action<'d>]) -> Vec<Speech<'d>> {
    let mut out = Vec::new();
    for a in actions {
        if a.is("Speak") {
            out.extend(read(a, a.params_pointer(), None));
        } else if a.is("SpeakAndGetDigits") {
            let first = read(a, a.param_pointer("SpeechParameters"), None);
            let failure = read(
                a,
                a.param_pointer("FailureSpeechParameters"),
                first.as_ref(),
            );
            out.extend(first);
            out.extend(failure);
        }
    }
    out
}

/// Whether Polly's API knows the voice id (the voice page, or only botocore's enum).
pub fn known_voice(id: &str) -> bool {
    polly::voice(id).is_some() || polly::ENUM_ONLY.contains(&id)
}

/// The voice id meant by `given`: its ASCII form (`Léa` -> `Lea`), its case (`joanna`), or
/// the nearest id.
pub fn voice_suggestion(given: &str) -> Option<&'static str> {
    if let Some((_, id)) = polly::ALIASES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(given) || *a == given)
    {
        return Some(id);
    }
    let ids = || {
        polly::VOICES
            .iter()
            .map(|v| v.id)
            .chain(polly::ENUM_ONLY.iter().copied())
    };
    ids()
        .find(|id| id.eq_ignore_ascii_case(given.trim()))
        .or_else(|| did_you_mean(given, ids()))
}

/// The engines the SMA takes (`Engine` of Speak and SpeakAndGetDigits).
pub const SMA_ENGINES: &[&str] = &["standard", "neural"];

/// Reports each finding once per place: `FailureSpeechParameters` shares the settings it
/// inherits from `SpeechParameters`.
#[derive(Default)]
pub struct Once(Vec<String>);

impl Once {
    /// Whether `key` is new (and remembers it).
    pub fn first(&mut self, key: String) -> bool {
        if self.0.contains(&key) {
            return false;
        }
        self.0.push(key);
        true
    }
}
