//! SMA412 / SMA413 / SMA414: ErrorType and ErrorMessage of an ACTION_FAILED event.
use serde_json::Value;

use crate::diagnostic::Finding;
use crate::model::Document;
use crate::model::Kind;
use crate::pointer::Pointer;
use crate::rules::{Context, Rule, declare_rule};
use crate::schema::{ACTION_ERRORS, ERROR_TYPES};
use crate::util::suggest::did_you_mean;

declare_rule!(
    /// ### What it does
    /// Reports an ACTION_FAILED event without an `ErrorType`.
    ///
    /// ### Why is this bad?
    /// Every documented ACTION_FAILED carries `ErrorType` and `ErrorMessage` in `ActionData`
    /// (the VoiceFocus example puts them at the top level, which is tolerated). A handler
    /// tested with an event that has none is tested against something the SMA never sends.
    ///
    /// ### Example
    /// `{"InvocationEventType": "ACTION_FAILED", "ActionData": {"Type": "RecordAudio", ...}}`
    /// Use instead: add `"ErrorType": "InvalidActionParameter", "ErrorMessage": "..."` to
    /// `ActionData`.
    ActionFailedWithoutError,
    code = "SMA412",
    name = "action-failed-without-error",
    severity = Error,
    summary = "an ACTION_FAILED event without `ErrorType`",
    fix = "add `ErrorType` and `ErrorMessage` to `ActionData`",
);

declare_rule!(
    /// ### What it does
    /// Reports an ACTION_FAILED `ErrorType` that the docs never show: the known ones are
    /// AccessDenied, ActionExecutionThrottled, CallNotAnswered, InvalidActionParameter,
    /// InvalidAudioSource, MissingRequiredActionParameter, ResourceAccessDenied,
    /// ResourceNotFound and SystemException.
    ///
    /// ### Why is this bad?
    /// A handler branching on an invented `ErrorType` (or a mis-cased one) never takes that
    /// branch on a live call.
    ///
    /// ### Example
    /// `"ErrorType": "S3UploadFailed"`
    /// Use instead: `"ErrorType": "InvalidActionParameter"` with
    /// `"ErrorMessage": "Error occurred while uploading recording to S3 bucket."`
    UndocumentedErrorType,
    code = "SMA413",
    name = "undocumented-error-type",
    severity = Error,
    summary = "an ACTION_FAILED `ErrorType` the docs never show",
    fix = "use a documented ErrorType",
);

declare_rule!(
    /// ### What it does
    /// Warns when an ACTION_FAILED `ErrorMessage` is none of the messages documented for the
    /// action and `ErrorType` (from the action page and the troubleshooting page).
    ///
    /// ### Why is this bad?
    /// Handlers match on these texts; a test event with a made-up text tests nothing real.
    /// The two doc pages word the same error differently ("DurationInSeconds parameter value
    /// is invalid." vs "The DurationInSeconds parameter is invalid."), both are accepted, and
    /// the list is surely incomplete, so this is a warning.
    ///
    /// ### Example
    /// `"ErrorType": "InvalidActionParameter", "ErrorMessage": "bad bucket"` on RecordAudio.
    /// Use instead: `"ErrorMessage": "RecordingDestination parameter value is invalid."`
    UndocumentedErrorMessage,
    code = "SMA414",
    name = "undocumented-error-message",
    severity = Warning,
    summary = "an ACTION_FAILED `ErrorMessage` not documented for the action",
    fix = "use the documented message for the action and ErrorType",
);

/// Where an ACTION_FAILED keeps its error.
enum ErrorAt {
    /// Not an ACTION_FAILED event.
    NotFailed,
    /// An ACTION_FAILED without an `ErrorType`.
    Missing,
    /// `ActionData`, or the top level (tolerated).
    At(Pointer),
}

fn error_base(doc: &Document) -> ErrorAt {
    let failed = doc.model.kind == Kind::Event
        && doc.value.get("InvocationEventType").and_then(Value::as_str) == Some("ACTION_FAILED");
    let action_data = Pointer::root().key("ActionData");
    if !failed {
        ErrorAt::NotFailed
    } else if doc.value.pointer(&action_data.key("ErrorType")).is_some() {
        ErrorAt::At(action_data)
    } else if doc.value.get("ErrorType").is_some() {
        ErrorAt::At(Pointer::root())
    } else {
        ErrorAt::Missing
    }
}

fn action_type(doc: &Document) -> Option<&str> {
    doc.value
        .pointer("/ActionData/Type")
        .and_then(Value::as_str)
}

impl Rule for ActionFailedWithoutError {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        if !matches!(error_base(doc), ErrorAt::Missing) {
            return;
        }
        let at = if doc.value.get("ActionData").is_some() {
            "/ActionData"
        } else {
            "/InvocationEventType"
        };
        ctx.report(
            Finding::new("this ACTION_FAILED event has no `ErrorType`", at, doc.key_span(at))
                .label("no ErrorType")
                .help("the SMA always says why an action failed: add `\"ErrorType\"` and `\"ErrorMessage\"` to `ActionData` (see `sma rule SMA413` for the documented types)"),
        );
    }
}

impl Rule for UndocumentedErrorType {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let ErrorAt::At(base) = error_base(doc) else {
            return;
        };
        let at = base.key("ErrorType");
        let Some(t) = doc.value.pointer(&at).and_then(Value::as_str) else {
            return;
        };
        if ERROR_TYPES.contains(&t) {
            return;
        }
        let mut f = Finding::new(
            format!("`ErrorType` {t:?} is not a documented ACTION_FAILED error type"),
            at.as_str(),
            doc.span(&at),
        );
        f = match did_you_mean(t, ERROR_TYPES.iter().copied()) {
            Some(good) => f.label(format!("did you mean `{good}`?")).help(format!(
                "did you mean {good:?}? error types are case-sensitive"
            )),
            None => f.label("not documented").help(format!(
                "the documented error types are {}",
                ERROR_TYPES.join(", ")
            )),
        };
        ctx.report(f);
    }
}

fn message_matches(documented: &str, given: &str) -> bool {
    match documented.split_once('{') {
        Some((prefix, _)) => given.starts_with(prefix),
        None => documented == given,
    }
}

impl Rule for UndocumentedErrorMessage {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        let ErrorAt::At(base) = error_base(doc) else {
            return;
        };
        let get = |k: &str| doc.value.pointer(&base.key(k)).and_then(Value::as_str);
        let (Some(t), Some(msg), Some(action)) =
            (get("ErrorType"), get("ErrorMessage"), action_type(doc))
        else {
            return;
        };
        let Some((_, errors)) = ACTION_ERRORS.iter().find(|(a, _)| *a == action) else {
            return;
        };
        let known: Vec<&str> = errors
            .iter()
            .filter(|(et, m)| *et == t && !m.is_empty())
            .map(|(_, m)| *m)
            .collect();
        if known.is_empty() || known.iter().any(|m| message_matches(m, msg)) {
            return;
        }
        let at = base.key("ErrorMessage");
        let list = known
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        ctx.report(
            Finding::new(
                format!("{action} {t} message {msg:?} is not documented"),
                at.as_str(),
                doc.span(&at),
            )
            .label("undocumented message")
            .help(format!("documented {action} messages for {t}: {list}")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test::{event, test_rule};

    fn failed(action_data_extra: &str, top: &str) -> String {
        event(
            "ACTION_FAILED",
            &format!(
                r##", "ActionData": {{"Type": "RecordAudio", "Parameters": {{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "my-bucket"}}}}{action_data_extra}}}{top}"##
            ),
        )
    }
    const OK: &str = r#", "ErrorType": "InvalidActionParameter", "ErrorMessage": "Error occurred while uploading recording to S3 bucket.""#;

    #[test]
    fn test() {
        let pass = [failed(OK, ""), failed("", OK)];
        test_rule(&super::ActionFailedWithoutError, &pass, &[failed("", "")]);
        let fail = [
            failed(
                r#", "ErrorType": "S3UploadFailed", "ErrorMessage": "x""#,
                "",
            ),
            failed(
                r#", "ErrorType": "invalidActionParameter", "ErrorMessage": "x""#,
                "",
            ),
        ];
        test_rule(&super::UndocumentedErrorType, &pass, &fail);
        let pass = [
            failed(OK, ""),
            failed(
                r#", "ErrorType": "InvalidActionParameter", "ErrorMessage": "The DurationInSeconds parameter is invalid.""#,
                "",
            ),
        ];
        let fail = [failed(
            r#", "ErrorType": "InvalidActionParameter", "ErrorMessage": "bad bucket""#,
            "",
        )];
        test_rule(&super::UndocumentedErrorMessage, &pass, &fail);
    }
}
