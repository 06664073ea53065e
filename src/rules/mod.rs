//! The rule registry: every diagnostic code `sma` can emit, with its docs, in one slice.
//!
//! Add a rule: a new file with `declare_rule!` + `impl Rule`, a `mod` line and one entry in `RULES`.
//! Parse, shape and schema codes are declared here too (their `check` does nothing: the stage
//! that finds them stamps them), so `sma rules`, the README table and every emitter see one list.
use crate::check::Document;
use crate::diagnostic::{Diagnostic, Finding, Severity};

pub mod config_codes;
pub mod policy_codes;
pub mod schema_codes;
pub mod shape;
pub mod syntax;

mod actions_after_hangup;
mod boolean_as_string;
mod bridge_endpoint;
mod call_id_with_participant_tag;
mod context;
mod digits_bounds;
mod digits_regex;
mod duplicate_terminator;
mod empty_participant_tag;
pub mod error_table;
mod event_errors;
mod invalid_bucket_name;
mod missing_call_id;
mod prefix_characters;
mod prefix_too_long;
mod record_audio_event;
mod sip_application_id;
mod threshold_without_silence_duration;
mod transaction_attributes;
mod unknown_action_type;

/// What a code is: identity, default severity and documentation.
#[derive(Debug)]
pub struct Meta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The help used when a finding brings none of its own.
    pub fix: &'static str,
    /// Markdown: `### What it does`, `### Why is this bad?`, `### Example`.
    pub docs: &'static str,
}

/// What every declared code is; implemented by `declare_rule!`.
pub trait Described {
    fn meta(&self) -> &'static Meta;
}

/// A check over a parsed, schema-validated document.
pub trait Rule: Described + Sync {
    /// Reports findings through `ctx`; codes found by earlier stages leave this empty.
    fn check(&self, _doc: &Document, _ctx: &mut Context<'_>) {}
}

/// Collects a rule's findings and stamps them with its code and severity.
pub struct Context<'a> {
    meta: &'static Meta,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(meta: &'static Meta, out: &'a mut Vec<Diagnostic>) -> Self {
        Context { meta, out }
    }

    pub fn report(&mut self, finding: Finding) {
        self.out.push(finding.stamp(self.meta));
    }
}

/// Declares a rule: a unit struct with a `META` built from the arguments and its `///` docs.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $ty:ident,
        code = $code:literal,
        name = $name:literal,
        severity = $severity:ident,
        summary = $summary:literal,
        fix = $fix:literal $(,)?
    ) => {
        pub struct $ty;
        impl $ty {
            pub const META: $crate::rules::Meta = $crate::rules::Meta {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                fix: $fix,
                docs: concat!($($doc, "\n"),*),
            };
        }
        impl $crate::rules::Described for $ty {
            fn meta(&self) -> &'static $crate::rules::Meta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_rule;

/// Declares a code found by a pipeline stage rather than by a rule.
macro_rules! declare_code {
    ($($tt:tt)*) => {
        $crate::rules::declare_rule!($($tt)*);
    };
}
pub(crate) use declare_code;

macro_rules! stage_codes {
    ($($ty:path),* $(,)?) => {
        $(impl $crate::rules::Rule for $ty {})*
    };
}
pub(crate) use stage_codes;

/// Every code, in documentation order.
pub const RULES: &[&dyn Rule] = &[
    &syntax::InvalidJson,
    &syntax::EmptyDocument,
    &syntax::InvalidUtf8,
    &syntax::TooDeeplyNested,
    &syntax::ByteOrderMark,
    &syntax::DuplicateKey,
    &syntax::NumberOutOfRange,
    &syntax::TooManyFindings,
    &syntax::TooManyValues,
    &shape::UnknownDocumentShape,
    &shape::ApiGatewayEnvelope,
    &shape::PolicyNotResponse,
    &config_codes::InvalidConfig,
    &config_codes::UnusedIgnore,
    &schema_codes::MissingRequiredKey,
    &schema_codes::WrongType,
    &schema_codes::ValueOutOfRange,
    &schema_codes::InvalidValue,
    &schema_codes::TooManyItems,
    &schema_codes::EmptyValue,
    &schema_codes::TooLong,
    &schema_codes::MisspelledKey,
    &schema_codes::UnknownKey,
    &schema_codes::SchemaViolation,
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
    &policy_codes::PublicPrincipal,
    &policy_codes::ConfusedDeputy,
    &policy_codes::AllowWithNotPrincipal,
    &policy_codes::OldPolicyVersion,
    &policy_codes::PolicyTooLarge,
    &policy_codes::UnknownS3Action,
    &policy_codes::PartialWildcardPrincipal,
    &policy_codes::ActionDenied,
    &policy_codes::ActionNotGranted,
    &policy_codes::ActionConditional,
    &policy_codes::InvalidPolicy,
    &policy_codes::AclsDisabled,
    &policy_codes::KmsKeyPolicy,
    &policy_codes::BucketSettingUnreadable,
    &context::UnknownCallId,
    &context::UnknownParticipantTag,
    &context::ResponseIgnored,
    &context::ActionOnBridgedCall,
    &context::NoActionsForNewCall,
    &sip_application_id::SipApplicationId,
    &record_audio_event::TerminatorNotRequested,
    &event_errors::ActionFailedWithoutError,
    &event_errors::UndocumentedErrorType,
    &event_errors::UndocumentedErrorMessage,
];

/// Finds a rule by code (`SMA204`, any case) or name (`duplicate-terminator`).
pub fn find(code_or_name: &str) -> Option<&'static Meta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

/// Suggests the known name closest to `given`: same letters in another case or with stray
/// whitespace, or at most two edits away.
pub fn did_you_mean<'k>(given: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    // no known name is near 64 characters long: a longer one (a 10 MB key) is near nothing
    if given.len() > 256 {
        return None;
    }
    let norm = given.trim().to_lowercase();
    let len = norm.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k == given {
            return None;
        }
        // the distance is at least the difference in length, and only 2 or less is suggested:
        // a 10 MB key costs nothing here
        if len.abs_diff(k.chars().count()) > 2 {
            continue;
        }
        let d = if k.to_lowercase() == norm {
            0
        } else {
            levenshtein(&norm, &k.to_lowercase())
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    let (d, k) = best?;
    let limit = if len < 6 { 1 } else { 2 };
    (d <= limit).then_some(k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
pub mod test;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.meta().code).collect();
        let mut names: Vec<_> = RULES.iter().map(|r| r.meta().name).collect();
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
        for r in RULES {
            let m = r.meta();
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
    fn suggestions() {
        let known = ["SilenceThreshold", "SilenceDurationInSeconds", "CallId"];
        assert_eq!(
            did_you_mean("SilenceTreshold", known),
            Some("SilenceThreshold")
        );
        assert_eq!(did_you_mean("callid", known), Some("CallId"));
        assert_eq!(did_you_mean("CallId ", known), Some("CallId"));
        assert_eq!(did_you_mean("Track", known), None);
        assert_eq!(did_you_mean("CallId", known), None);
    }
}
