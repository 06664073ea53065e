//! The rules: checks over a parsed, schema-validated `Document`, and the catalogue of every
//! code `sma` can emit.
//!
//! Add a rule: a new file with `declare_rule!` + `impl Rule`, a `mod` line, one entry in `RULES`
//! (the checks that run) and one in `CATALOG` (every code, in documentation order: what
//! `sma rules`, docs/rules.md and the emitters list). Codes that the pipeline's stages find
//! (parsing, shape, schema, config, policy) are declared in `diagnostic::codes`, not here.
use crate::diagnostic::codes::{config, policy, schema, shape, syntax};
use crate::diagnostic::{Described, Diagnostic, Finding, Meta};
use crate::model::{self, Action, BucketUse, Document, RecordAudio};
use crate::pointer::Pointer;
use serde_json::{Map, Value};

mod actions_after_hangup;
mod arn;
mod audio_not_wav;
mod boolean_as_string;
mod bot_region;
mod bridge_endpoint;
mod call_id_with_participant_tag;
mod context;
pub mod data;
mod digits_bounds;
mod digits_regex;
mod duplicate_terminator;
pub use duplicate_terminator::DuplicateTerminator;
mod editor_schema_key;
mod empty_participant_tag;
mod event_errors;
mod invalid_arn;
mod invalid_bucket_name;
mod invalid_ssml;
pub use invalid_bucket_name::{InvalidBucketName, bucket_name_problems, invalid_name_finding};
mod missing_call_id;
mod pause_duration;
mod prefix_characters;
mod prefix_too_long;
mod record_audio_event;
mod sip_application_id;
mod sip_header_too_long;
mod speech;
mod ssml;
mod ssml_as_text;
mod threshold_without_silence_duration;
mod transaction_attributes;
mod unknown_action_type;
mod unknown_region;
mod unknown_voice;
mod voice_engine;
mod voice_language;

/// A check over a parsed, schema-validated document.
pub trait Rule: Described + Sync {
    /// Reports findings through `ctx`.
    fn check(&self, doc: &Document, ctx: &mut Context<'_>);
}

/// What the rules read of a document, worked out once per document rather than once per rule:
/// its actions (each a `Type` and `Parameters` lookup and a pointer) and the lists derived
/// from them.
pub struct Facts<'d> {
    actions: Vec<Action<'d>>,
    speeches: Vec<speech::Speech<'d>>,
    arns: Vec<arn::ArnUse<'d>>,
    record_audio: Vec<(Pointer, RecordAudio, &'d Map<String, Value>)>,
    buckets: Vec<BucketUse<'d>>,
}

impl<'d> Facts<'d> {
    pub fn of(doc: &'d Document) -> Self {
        let actions = doc.actions();
        Facts {
            speeches: speech::speeches(&actions),
            arns: arn::arn_uses(&actions),
            record_audio: model::record_audio(&actions),
            buckets: model::bucket_uses(&actions).0,
            actions,
        }
    }
}

/// Collects a rule's findings and stamps them with its code and severity, and hands it the
/// document's [`Facts`].
pub struct Context<'a> {
    meta: &'static Meta,
    out: &'a mut Vec<Diagnostic>,
    facts: &'a Facts<'a>,
}

impl<'a> Context<'a> {
    pub fn new(meta: &'static Meta, out: &'a mut Vec<Diagnostic>, facts: &'a Facts<'a>) -> Self {
        Context { meta, out, facts }
    }

    pub fn report(&mut self, finding: Finding) {
        self.out.push(finding.stamp(self.meta));
    }

    /// The document's actions, in order.
    pub fn actions(&self) -> &'a [Action<'a>] {
        &self.facts.actions
    }

    /// Every speech of its Speak and SpeakAndGetDigits actions (see [`speech::speeches`]).
    pub fn speeches(&self) -> &'a [speech::Speech<'a>] {
        &self.facts.speeches
    }

    /// Every ARN its actions name (see [`arn::arn_uses`]).
    pub fn arns(&self) -> &'a [arn::ArnUse<'a>] {
        &self.facts.arns
    }

    /// Each RecordAudio action's `Parameters`: its pointer, its typed view and the object.
    pub fn record_audio(&self) -> &'a [(Pointer, RecordAudio, &'a Map<String, Value>)] {
        &self.facts.record_audio
    }

    /// Every bucket its actions name (see [`model::bucket_uses`]).
    pub fn bucket_uses(&self) -> &'a [BucketUse<'a>] {
        &self.facts.buckets
    }
}

/// Declares a rule's code: a unit struct with a `META` built from the arguments and its `///`
/// docs (the same declaration as the stages' codes).
macro_rules! declare_rule {
    ($($tt:tt)*) => {
        $crate::diagnostic::code::declare_code!($($tt)*);
    };
}
pub(crate) use declare_rule;

/// The checks that run over every document, in documentation order.
pub const RULES: &[&dyn Rule] = &[
    &unknown_action_type::UnknownActionType,
    &call_id_with_participant_tag::CallIdWithParticipantTag,
    &threshold_without_silence_duration::ThresholdWithoutSilenceDuration,
    &duplicate_terminator::DuplicateTerminator,
    &invalid_bucket_name::InvalidBucketName,
    &prefix_too_long::PrefixTooLong,
    &prefix_characters::PrefixUnsafeCharacter,
    &prefix_characters::PrefixSpecialCharacter,
    &missing_call_id::MissingCallId,
    &digits_bounds::DigitsBounds,
    &digits_regex::InvalidDigitsRegex,
    &digits_regex::DigitsRegexLostBackslash,
    &boolean_as_string::BooleanAsString,
    &empty_participant_tag::EmptyParticipantTag,
    &bridge_endpoint::InvalidSipHeader,
    &bridge_endpoint::SipHeadersOnPstn,
    &bridge_endpoint::ArnOnPstnEndpoint,
    &transaction_attributes::NonStringTransactionAttribute,
    &transaction_attributes::TransactionAttributeTooLong,
    &actions_after_hangup::ActionsAfterHangup,
    &context::UnknownCallId,
    &context::UnknownParticipantTag,
    &context::ResponseIgnored,
    &context::ActionOnBridgedCall,
    &context::NoActionsForNewCall,
    &bot_region::BotRegion,
    &sip_application_id::SipApplicationId,
    &record_audio_event::TerminatorNotRequested,
    &event_errors::ActionFailedWithoutError,
    &event_errors::UndocumentedErrorType,
    &event_errors::UndocumentedErrorMessage,
    &editor_schema_key::EditorSchemaKey,
    &pause_duration::PauseDuration,
    &audio_not_wav::AudioNotWav,
    &invalid_ssml::InvalidSsml,
    &ssml_as_text::SsmlAsText,
    &unknown_voice::UnknownVoice,
    &voice_language::VoiceLanguage,
    &voice_engine::VoiceEngine,
    &invalid_arn::InvalidArn,
    &unknown_region::UnknownRegion,
    &sip_header_too_long::SipHeaderTooLong,
];

/// Every code sma can emit, the stages' and the rules', in documentation order.
pub const CATALOG: &[&Meta] = &[
    &syntax::InvalidJson::META,
    &syntax::EmptyDocument::META,
    &syntax::InvalidUtf8::META,
    &syntax::TooDeeplyNested::META,
    &syntax::ByteOrderMark::META,
    &syntax::DuplicateKey::META,
    &syntax::NumberOutOfRange::META,
    &syntax::TooManyFindings::META,
    &syntax::TooManyValues::META,
    &shape::UnknownDocumentShape::META,
    &shape::ApiGatewayEnvelope::META,
    &shape::PolicyNotResponse::META,
    &config::InvalidConfig::META,
    &config::UnusedIgnore::META,
    &schema::MissingRequiredKey::META,
    &schema::WrongType::META,
    &schema::ValueOutOfRange::META,
    &schema::InvalidValue::META,
    &schema::TooManyItems::META,
    &schema::EmptyValue::META,
    &schema::TooLong::META,
    &schema::MisspelledKey::META,
    &schema::UnknownKey::META,
    &schema::SchemaViolation::META,
    &unknown_action_type::UnknownActionType::META,
    &call_id_with_participant_tag::CallIdWithParticipantTag::META,
    &threshold_without_silence_duration::ThresholdWithoutSilenceDuration::META,
    &duplicate_terminator::DuplicateTerminator::META,
    &invalid_bucket_name::InvalidBucketName::META,
    &prefix_too_long::PrefixTooLong::META,
    &prefix_characters::PrefixUnsafeCharacter::META,
    &prefix_characters::PrefixSpecialCharacter::META,
    &missing_call_id::MissingCallId::META,
    &digits_bounds::DigitsBounds::META,
    &digits_regex::InvalidDigitsRegex::META,
    &digits_regex::DigitsRegexLostBackslash::META,
    &boolean_as_string::BooleanAsString::META,
    &empty_participant_tag::EmptyParticipantTag::META,
    &bridge_endpoint::InvalidSipHeader::META,
    &bridge_endpoint::SipHeadersOnPstn::META,
    &bridge_endpoint::ArnOnPstnEndpoint::META,
    &transaction_attributes::NonStringTransactionAttribute::META,
    &transaction_attributes::TransactionAttributeTooLong::META,
    &actions_after_hangup::ActionsAfterHangup::META,
    &policy::PublicPrincipal::META,
    &policy::ConfusedDeputy::META,
    &policy::AllowWithNotPrincipal::META,
    &policy::OldPolicyVersion::META,
    &policy::PolicyTooLarge::META,
    &policy::UnknownS3Action::META,
    &policy::PartialWildcardPrincipal::META,
    &policy::NearMissServicePrincipal::META,
    &policy::UnresolvedIntrinsic::META,
    &policy::ActionDenied::META,
    &policy::ActionNotGranted::META,
    &policy::ActionConditional::META,
    &policy::InvalidPolicy::META,
    &policy::AclsDisabled::META,
    &policy::KmsKeyPolicy::META,
    &policy::BucketSettingUnreadable::META,
    &policy::UnknownGlobalKey::META,
    &policy::AudioUnplayable::META,
    &policy::AudioContentType::META,
    &policy::KmsKeyPolicyDenies::META,
    &context::UnknownCallId::META,
    &context::UnknownParticipantTag::META,
    &context::ResponseIgnored::META,
    &context::ActionOnBridgedCall::META,
    &context::NoActionsForNewCall::META,
    &bot_region::BotRegion::META,
    &sip_application_id::SipApplicationId::META,
    &record_audio_event::TerminatorNotRequested::META,
    &event_errors::ActionFailedWithoutError::META,
    &event_errors::UndocumentedErrorType::META,
    &event_errors::UndocumentedErrorMessage::META,
    &editor_schema_key::EditorSchemaKey::META,
    &pause_duration::PauseDuration::META,
    &audio_not_wav::AudioNotWav::META,
    &invalid_ssml::InvalidSsml::META,
    &ssml_as_text::SsmlAsText::META,
    &unknown_voice::UnknownVoice::META,
    &voice_language::VoiceLanguage::META,
    &voice_engine::VoiceEngine::META,
    &invalid_arn::InvalidArn::META,
    &unknown_region::UnknownRegion::META,
    &sip_header_too_long::SipHeaderTooLong::META,
];

/// Finds a rule by code (`SMA204`, any case) or name (`duplicate-terminator`).
pub fn find(code_or_name: &str) -> Option<&'static Meta> {
    CATALOG
        .iter()
        .copied()
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

/// Suggests the code or name in the catalogue closest to `given` (`sma rule`, `--rule`).
pub fn suggest(given: &str) -> Option<&'static str> {
    crate::util::suggest::did_you_mean(given, CATALOG.iter().flat_map(|m| [m.code, m.name]))
}

#[cfg(test)]
pub mod test;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<_> = CATALOG.iter().map(|m| m.code).collect();
        let mut names: Vec<_> = CATALOG.iter().map(|m| m.name).collect();
        codes.sort();
        names.sort();
        let n = codes.len();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), n, "duplicate code");
        assert_eq!(names.len(), n, "duplicate name");
    }

    #[test]
    fn every_rule_is_documented() {
        for m in CATALOG {
            assert!(m.code.starts_with("SMA") && m.code.len() == 6, "{}", m.code);
            assert!(
                m.docs.contains("### What it does") && m.docs.contains("### Why is this bad?"),
                "{} lacks docs",
                m.code
            );
            assert!(!m.summary.is_empty() && !m.fix.is_empty(), "{}", m.code);
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(find("sma006").unwrap().name, "duplicate-key");
        assert_eq!(find("duplicate-key").unwrap().code, "SMA006");
        assert!(find("nope").is_none());
    }

    #[test]
    fn catalogue_holds_every_rule_once() {
        for r in RULES {
            let n = CATALOG.iter().filter(|m| m.code == r.meta().code).count();
            assert_eq!(n, 1, "{} must be in CATALOG exactly once", r.meta().code);
        }
        assert_eq!(suggest("duplicate-kye"), Some("duplicate-key"));
    }

    #[test]
    fn fixes_remove_the_finding_and_leave_valid_json() {
        use crate::diagnostic::apply_edits;
        use crate::source::SourceFile;
        let ra = |params: &str| {
            format!(
                "{{\"SchemaVersion\": \"1.0\", \"Actions\": [{{\"Type\": \"RecordAudio\", \"Parameters\": {{{params}, \"RecordingDestination\": {{\"Type\": \"S3\", \"BucketName\": \"valid-bucket\"}}}}}}]}}"
            )
        };
        let cases = [
            (ra(r##""RecordingTerminators": ["#", "*", "#"]"##), "SMA204"),
            (ra(r##""RecordingTerminators": ["#",   "#"]"##), "SMA204"),
            (
                ra(r##""ParticipantTag": "LEG-A", "CallId": "c1", "RecordingTerminators": ["#"]"##),
                "SMA202",
            ),
            (
                ra(r##""CallId": "c1", "ParticipantTag": "LEG-A", "RecordingTerminators": ["#"]"##),
                "SMA202",
            ),
            (
                ra(r##""SilenceTreshold": 100, "RecordingTerminators": ["#"]"##),
                "SMA108",
            ),
        ];
        for (text, code) in cases {
            let before = crate::engine::check(SourceFile::new("t.json", text.clone()));
            let d = before
                .diagnostics
                .iter()
                .find(|d| d.code == code)
                .unwrap_or_else(|| panic!("{code} in {text}: {:?}", before.diagnostics));
            assert!(!d.fix.is_empty(), "{code} has a fix");
            let fixed = apply_edits(&text, &d.fix);
            serde_json::from_str::<serde_json::Value>(&fixed)
                .unwrap_or_else(|e| panic!("{code}: {e}: {fixed}"));
            let after = crate::engine::check(SourceFile::new("t.json", fixed.clone()));
            assert!(
                after.diagnostics.iter().all(|d| d.code != code),
                "{code} still in {fixed}"
            );
        }
    }
}
