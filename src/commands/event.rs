//! Test events for handlers: realistic invocation events the SMA would send, built so that they
//! lint clean (`engine::check` finds no error in them).
//!
//! `sma event TYPE` prints any event the simulator sends (`simulate::sma::sample_event`, the
//! simulator's own code); `record_audio_event` builds RecordAudio's ACTION_SUCCESSFUL /
//! ACTION_FAILED from `sma record-audio event`'s flags (`cli::RecordAudioEventArgs`) and wraps
//! them in the simulator's envelope (`simulate::sma::event_about`).
use miette::IntoDiagnostic;
use serde_json::{Value, json};

use super::{Io, Outcome, Result};
use crate::cli::{EventArgs, RecordAudioEventArgs, RecordAudioOutcome};
use crate::emit::escape_text;
use crate::engine;
use crate::schema::ACTION_ERRORS;
use crate::schema::ACTION_TYPES;
use crate::simulate::sma::{EventRequest, sample_event};
use crate::source::SourceFile;
use crate::util::suggest::did_you_mean;

/// The call ID used when none is given (a LEG-A UUID, as in the corpus stand-ins).
pub const DEFAULT_CALL_ID: &str = "e3a5c1d2-4b6f-4a8e-9c0d-1f2a3b4c5d6e";
/// The bucket the generated RecordAudio records to.
pub const DEFAULT_BUCKET: &str = "my-recordings-bucket";
/// The ErrorType of a generated ACTION_FAILED when none is given.
pub const DEFAULT_ERROR_TYPE: &str = "InvalidActionParameter";

/// Runs `sma event TYPE`: the event as `sma simulate` sends it, checked to lint clean.
pub fn run_any(args: &EventArgs, io: &mut Io<'_>) -> Result<Outcome> {
    let action = match &args.from {
        None => None,
        Some(path) => Some(action_from(path)?),
    };
    if let Some(t) = args
        .action
        .as_ref()
        .filter(|t| !ACTION_TYPES.contains(&t.as_str()))
    {
        let hint = did_you_mean(t, ACTION_TYPES.iter().copied())
            .map(|a| format!(" (did you mean {a}?)"))
            .unwrap_or_default();
        miette::bail!("--action `{}` is not an action type{hint}", escape_text(t));
    }
    if !args
        .digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '*' | 'A'..='D'))
    {
        miette::bail!(
            "--digits `{}`: DTMF keys 0-9, * and A-D",
            escape_text(&args.digits)
        );
    }
    let kind = args.kind.as_str();
    let about_action = kind.starts_with("ACTION_");
    if !about_action && kind != "DIGITS_RECEIVED" && (args.action.is_some() || action.is_some()) {
        miette::bail!("{kind} is about no action: leave out --action / --from");
    }
    if args.error_type.is_some() && kind != "ACTION_FAILED" {
        miette::bail!("--error-type applies to ACTION_FAILED only");
    }
    let action_type = args.action.clone().or_else(|| {
        action
            .as_ref()
            .and_then(|a| a["Type"].as_str().map(str::to_string))
    });
    if kind == "ACTION_INTERRUPTED"
        && let Some(t) = action_type.as_deref()
        && !crate::simulate::sma::INTERRUPTIBLE.contains(&t)
    {
        miette::bail!(
            "{t} is not interrupted by an update (only {} are): it finishes first",
            crate::simulate::sma::INTERRUPTIBLE.join(", ")
        );
    }
    if let (Some(et), Some(t)) = (&args.error_type, action_type.as_deref()) {
        let mut documented: Vec<&str> = ACTION_ERRORS
            .iter()
            .filter(|(a, _)| *a == t)
            .flat_map(|(_, e)| e.iter().map(|(et, _)| *et))
            .collect();
        documented.dedup();
        documented.sort_unstable();
        documented.dedup();
        if !documented.contains(&et.as_str()) {
            let hint = did_you_mean(et, documented.iter().copied())
                .map(|d| format!(" (did you mean {d}?)"))
                .unwrap_or_default();
            miette::bail!(
                "--error-type `{}` is not an ErrorType the {t} page documents{hint}; documented: {}",
                escape_text(et),
                documented.join(", ")
            );
        }
    }
    let req = EventRequest {
        action,
        action_type: args.action.clone(),
        error_type: args.error_type.clone(),
        digits: args.digits.clone(),
        seed: args.seed,
    };
    let event = sample_event(kind, &req).map_err(|e| miette::miette!("{}", escape_text(&e)))?;
    let mut text = serde_json::to_string_pretty(&event).into_diagnostic()?;
    text.push('\n');
    print_checked(text, io)
}

/// The action of `--from`: an action, the last of an action list or of a response's Actions.
fn action_from(path: &std::path::Path) -> Result<Value> {
    let name = path.display().to_string();
    let bytes = crate::source::read_capped_file(path, crate::source::MAX_CONFIG)
        .map_err(|e| miette::miette!("could not read `{}`: {e}", escape_text(&name)))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| miette::miette!("`{}` is not JSON: {e}", escape_text(&name)))?;
    let last = match &value {
        Value::Object(o) if o.contains_key("Type") => Some(value.clone()),
        Value::Object(o) => o
            .get("Actions")
            .and_then(Value::as_array)
            .and_then(|a| a.last())
            .cloned(),
        Value::Array(a) => a.last().cloned(),
        _ => None,
    };
    let action = last.ok_or_else(|| {
        miette::miette!(
            "`{}` holds no action: give an action, an action list or a response",
            escape_text(&name)
        )
    })?;
    let t = action
        .get("Type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !ACTION_TYPES.contains(&t) {
        miette::bail!(
            "the last action of `{}` has no known Type",
            escape_text(&name)
        );
    }
    // an action `sma lint` rejects never succeeds on a call: the SMA fails it
    let text =
        serde_json::to_string(&serde_json::json!({"SchemaVersion": "1.0", "Actions": [action]}))
            .unwrap_or_default();
    let checked = engine::check(SourceFile::new(name.clone(), text));
    if let Some(d) = checked.diagnostics.iter().find(|d| d.is_error()) {
        miette::bail!(
            "the {t} of `{}` fails `sma lint` ({}: {}): the SMA answers it with ACTION_FAILED InvalidActionParameter; fix it, or ask for that event",
            escape_text(&name),
            d.code,
            escape_text(&d.message)
        );
    }
    Ok(action)
}

/// Prints an event after linting it with the same pipeline as `sma lint` (warnings go to
/// stderr; an error would be a bug: exit 2).
fn print_checked(text: String, io: &mut Io<'_>) -> Result<Outcome> {
    let checked = engine::check(SourceFile::new("<event>", text.clone()));
    for d in &checked.diagnostics {
        io.note(format_args!(
            "{}[{}]: {}",
            d.severity.as_str(),
            d.code,
            d.message
        ));
    }
    if checked.errors() > 0 {
        miette::bail!("internal: the generated event does not lint clean");
    }
    io.print(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// Runs `sma record-audio event`: prints the event, after linting it with the same pipeline as
/// `sma lint` (warnings, e.g. a custom ErrorMessage, go to stderr; an error would be a bug: exit 2).
pub fn run(args: &RecordAudioEventArgs, io: &mut Io<'_>) -> Result<Outcome> {
    check_flags(args)?;
    let mut text = serde_json::to_string_pretty(&args.event()).into_diagnostic()?;
    text.push('\n');
    print_checked(text, io)
}

/// Refuses flags that do not apply to the chosen outcome (`--key` with `failed`, `--error-type`
/// with `success`): the event would silently leave them out.
fn check_flags(args: &RecordAudioEventArgs) -> Result<()> {
    let (given, applies_to, not) = match args.outcome {
        RecordAudioOutcome::Success => (
            [
                ("--error-type", args.error_type.is_some()),
                ("--error-message", args.error_message.is_some()),
            ],
            "failed",
            "success",
        ),
        RecordAudioOutcome::Failed => (
            [
                ("--key", args.key.is_some()),
                ("--terminator-used", args.terminator_used.is_some()),
            ],
            "success",
            "failed",
        ),
    };
    let flags: Vec<String> = given
        .iter()
        .filter(|(_, set)| *set)
        .map(|(flag, _)| format!("`{flag}`"))
        .collect();
    match flags.as_slice() {
        [] => Ok(()),
        [one] => miette::bail!(
            "{one} applies to a `{applies_to}` event, not `{not}`: leave it out, or ask for `{applies_to}`"
        ),
        many => miette::bail!(
            "{} apply to a `{applies_to}` event, not `{not}`: leave them out, or ask for `{applies_to}`",
            many.join(" and ")
        ),
    }
}

impl RecordAudioEventArgs {
    /// Builds the event these arguments describe.
    pub fn event(&self) -> Value {
        record_audio_event(
            self.outcome,
            self.call_id.as_deref(),
            self.key.as_deref(),
            self.terminator_used.as_deref(),
            self.error_type.as_deref(),
            self.error_message.as_deref(),
        )
    }
}

/// Returns the documented message for a RecordAudio ACTION_FAILED of `error_type` (the action
/// page's wording first), or another action's message for that type, or a generic one.
pub fn documented_message(error_type: &str) -> &'static str {
    let of = |action: &str| {
        ACTION_ERRORS
            .iter()
            .filter(|(a, _)| *a == action)
            .flat_map(|(_, errors)| errors.iter())
            .find(|(t, m)| *t == error_type && !m.is_empty())
            .map(|(_, m)| *m)
    };
    match error_type {
        // the most common real failure: the bucket policy lacks s3:PutObject(Acl)
        "InvalidActionParameter" => "Error occurred while uploading recording to S3 bucket.",
        _ => of("RecordAudio")
            .or_else(|| {
                ACTION_ERRORS
                    .iter()
                    .flat_map(|(_, errors)| errors.iter())
                    .find(|(t, m)| *t == error_type && !m.is_empty())
                    .map(|(_, m)| *m)
            })
            .unwrap_or("System error while running an action."),
    }
}

/// Builds a RecordAudio ACTION_SUCCESSFUL or ACTION_FAILED event, with `CallDetails` and one
/// connected LEG-A participant whose `CallId` is the recorded leg's.
///
/// Success: `ActionData.RecordingDestination` holds the bucket and `key` (default
/// `recordings/<call-id>.wav`), and the action's `Prefix` is the key's directory part; `terminator_used`, when given, is added to the echoed
/// `RecordingTerminators` (`["#"]` otherwise) and reported as `RecordingTerminatorUsed`, and is
/// left out otherwise (the recording ended on duration or silence). `error_*` are ignored.
///
/// Failed: `ErrorType` (default InvalidActionParameter) and `ErrorMessage` (default: the
/// documented message for that type) go in `ActionData`. `key` and `terminator_used` are
/// ignored.
///
/// The event lints clean when `terminator_used` is a DTMF key, `error_type` a documented type
/// and the strings are non-empty (`RecordAudioEventArgs` enforces the first two); a custom
/// `error_message` draws an SMA414 warning when it is not a documented text.
pub fn record_audio_event(
    kind: RecordAudioOutcome,
    call_id: Option<&str>,
    key: Option<&str>,
    terminator_used: Option<&str>,
    error_type: Option<&str>,
    error_message: Option<&str>,
) -> Value {
    let call_id = call_id.unwrap_or(DEFAULT_CALL_ID);
    let mut terminators = vec!["#".to_string()];
    if let Some(t) = terminator_used.filter(|t| kind == RecordAudioOutcome::Success && *t != "#") {
        terminators.push(t.to_string());
    }
    // the key the recording was saved under, and the prefix the action asked for agree: the
    // key's directory part (`voicemail/` for `voicemail/c1.wav`), none for a bare name
    let key = key
        .filter(|_| kind == RecordAudioOutcome::Success)
        .map_or_else(|| format!("recordings/{call_id}.wav"), str::to_string);
    let mut destination = json!({"Type": "S3", "BucketName": DEFAULT_BUCKET});
    if let Some(at) = key.rfind('/') {
        destination["Prefix"] = json!(&key[..=at]);
    }
    let parameters = json!({
        "CallId": call_id,
        "DurationInSeconds": "30",
        "SilenceDurationInSeconds": 3,
        "SilenceThreshold": 100,
        "RecordingTerminators": terminators,
        "RecordingDestination": destination
    });
    let mut action_data = json!({ "Type": "RecordAudio", "Parameters": parameters });
    let event_type = match kind {
        RecordAudioOutcome::Success => {
            action_data["RecordingDestination"] = json!({
                "Type": "S3",
                "BucketName": DEFAULT_BUCKET,
                "Key": key
            });
            if let Some(t) = terminator_used {
                action_data["RecordingTerminatorUsed"] = json!(t);
            }
            "ACTION_SUCCESSFUL"
        }
        RecordAudioOutcome::Failed => {
            let error_type = error_type.unwrap_or(DEFAULT_ERROR_TYPE);
            action_data["ErrorType"] = json!(error_type);
            action_data["ErrorMessage"] =
                json!(error_message.unwrap_or_else(|| documented_message(error_type)));
            "ACTION_FAILED"
        }
    };
    // the envelope (Sequence, CallDetails, the leg) is the simulator's
    crate::simulate::sma::event_about(event_type, action_data, call_id, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::check;
    use crate::schema::ERROR_TYPES;
    use RecordAudioOutcome::{Failed, Success};

    fn diagnostics(v: &Value) -> Vec<String> {
        let text = serde_json::to_string_pretty(v).unwrap();
        check(SourceFile::new("event.json", text))
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn generated_events_lint_clean() {
        let cases = [
            record_audio_event(Success, None, None, None, None, None),
            record_audio_event(
                Success,
                Some("0edf7af5-6934-4c3b-9c38-740e142974a3"),
                Some("voicemail/0edf7af5.wav"),
                Some("#"),
                None,
                None,
            ),
            record_audio_event(Success, None, None, Some("*"), None, None),
            record_audio_event(
                Success,
                None,
                Some("k.wav"),
                Some("0"),
                Some("ignored"),
                Some("ignored"),
            ),
            record_audio_event(Failed, None, None, None, None, None),
            record_audio_event(
                Failed,
                Some("c-2"),
                Some("ignored"),
                Some("5"),
                Some("SystemException"),
                None,
            ),
            record_audio_event(
                Failed,
                None,
                None,
                None,
                Some("InvalidActionParameter"),
                Some("The DurationInSeconds parameter is invalid."),
            ),
        ];
        for (i, e) in cases.iter().enumerate() {
            assert_eq!(diagnostics(e), Vec::<String>::new(), "case {i}: {e:#}");
        }
        for t in ERROR_TYPES {
            let e = record_audio_event(Failed, None, None, None, Some(t), None);
            let d = diagnostics(&e);
            assert!(
                d.iter()
                    .all(|d| !d.starts_with("SMA4") || d.starts_with("SMA414")),
                "{t}: {d:?}"
            );
        }
    }

    #[test]
    fn success_and_failure_have_their_fields() {
        let s = record_audio_event(Success, Some("c-1"), None, Some("*"), None, None);
        assert_eq!(s["InvocationEventType"], "ACTION_SUCCESSFUL");
        assert_eq!(
            s["ActionData"]["RecordingDestination"]["Key"],
            "recordings/c-1.wav"
        );
        assert_eq!(s["ActionData"]["RecordingTerminatorUsed"], "*");
        assert_eq!(
            s["ActionData"]["Parameters"]["RecordingTerminators"],
            json!(["#", "*"])
        );
        assert_eq!(s["CallDetails"]["Participants"][0]["CallId"], "c-1");
        let silent = record_audio_event(Success, None, None, None, None, None);
        assert!(
            silent["ActionData"]
                .get("RecordingTerminatorUsed")
                .is_none()
        );
        let f = record_audio_event(Failed, None, None, None, None, None);
        assert_eq!(f["InvocationEventType"], "ACTION_FAILED");
        assert_eq!(f["ActionData"]["ErrorType"], "InvalidActionParameter");
        assert_eq!(
            f["ActionData"]["ErrorMessage"],
            "Error occurred while uploading recording to S3 bucket."
        );
        assert!(f["ActionData"].get("RecordingDestination").is_none());
    }

    #[test]
    fn args_parse_and_build() {
        use clap::Parser;
        #[derive(Parser)]
        struct T {
            #[command(flatten)]
            args: RecordAudioEventArgs,
        }
        T::command_for_test();
        let t = T::try_parse_from(["t", "success", "--terminator-used", "#", "--key", "a.wav"])
            .unwrap();
        assert_eq!(
            t.args.event()["ActionData"]["RecordingDestination"]["Key"],
            "a.wav"
        );
        assert!(T::try_parse_from(["t", "success", "--terminator-used", "x"]).is_err());
        assert!(T::try_parse_from(["t", "failed", "--error-type", "S3Error"]).is_err());
        let t = T::try_parse_from(["t", "failed", "--error-type", "SystemException"]).unwrap();
        assert_eq!(diagnostics(&t.args.event()), Vec::<String>::new());
    }

    trait CommandForTest {
        fn command_for_test();
    }
    impl<P: clap::CommandFactory> CommandForTest for P {
        fn command_for_test() {
            P::command().debug_assert();
        }
    }
}
