//! The real-world corpus (`tests/corpus/real-world/`) judged as its `index.tsv` does.
//!
//! ACCEPT and RUNTIME-FAIL files (valid shape; the S3 step fails at run time) must have no
//! error. Every REJECT, DOUBT and EVENT-* file is listed below with what sma says and why;
//! a file in the index that is not listed fails the test, so nothing is skipped silently.
mod common;

use std::collections::BTreeMap;

use sma::engine::{check_bytes, check_bytes_with_event, check_event_bytes};

enum Expect {
    /// at least one error with each of these codes
    Errors(&'static [&'static str]),
    /// no error (warnings allowed), with the reason for this call
    NoError(&'static str),
}
use Expect::*;

const JUDGED: &[(&str, Expect)] = &[
    // REJECT
    (
        "003-workshop-make-recording-py-record-no-bucket-env.json",
        Errors(&["SMA101"]),
    ),
    (
        "007-chime-sdk-template-record-audio-literal.json",
        Errors(&["SMA106", "SMA205"]),
    ),
    (
        "012-astrologypro-bridge-failed-voicemail.json",
        Errors(&["SMA104"]),
    ),
    (
        "013-clinic-apigw-handler-as-sma-sees-it.json",
        Errors(&["SMA011"]),
    ),
    (
        "014-clinic-apigw-envelope-voicemail.json",
        Errors(&["SMA011"]),
    ),
    (
        "022-awsdocs-record-audio-example.json",
        NoError(
            "on its own this is the documented example and lints clean; the placeholder CallId `call-id-1` is an error (SMA401) against a real event: see `in_context_of_a_real_event`",
        ),
    ),
    (
        "023-awsdocs-invoke-on-call-leg-play-record.json",
        Errors(&["SMA205"]),
    ),
    (
        "035-python-ringing-returns-empty-tuple.json",
        Errors(&["SMA010"]),
    ),
    (
        "037-sma-bridging-known-caller-speak-empty-callid.json",
        Errors(&["SMA106"]),
    ),
    (
        "039-sma-bridging-default-hangup-stale-callid.json",
        NoError(
            "a stale CallId is only wrong for another call: SMA401 against a real event (see `in_context_of_a_real_event`); alone it only warns about `ParticipantTag: \"\"` (SMA214)",
        ),
    ),
    (
        "040-sma-bridging-emulator-play-speak-hangup.json",
        Errors(&["SMA106"]),
    ),
    (
        "064-clinic-ai-modify-attendees-add-attendeeids.json",
        Errors(&["SMA101", "SMA104"]),
    ),
    (
        "065-clinic-ai-speak-and-bridge-nonexistent-type.json",
        Errors(&["SMA201"]),
    ),
    (
        "067-clinic-apigw-envelope-stopaudioplayback.json",
        Errors(&["SMA011"]),
    ),
    (
        "068-action-catalog-pagd-regex-lost-backslash.json",
        Errors(&["SMA212"]),
    ),
    (
        "069-action-catalog-join-meeting-lowercase-participanttag.json",
        Errors(&["SMA108"]),
    ),
    (
        "071-awsdocs-start-call-recording-iam-shaped.json",
        Errors(&["SMA012"]),
    ),
    (
        "072-awsdocs-transaction-attributes-11-keys.json",
        Errors(&["SMA105"]),
    ),
    (
        "074-click-to-call-issue125-user-response-stringified.json",
        Errors(&["SMA011"]),
    ),
    // DOUBT: the docs and working samples disagree; warnings, except where noted
    (
        "016-clinic-ai-voicemail-record-with-track.json",
        NoError(
            "`Track` on RecordAudio is an unknown key: a warning (SMA109), the action still records",
        ),
    ),
    (
        "025-workshop-transcribe-ts-nested-transaction-attributes.json",
        NoError(
            "nested TransactionAttributes values work in tekvizion's framework: a warning (SMA218), not an error",
        ),
    ),
    (
        "041-sma-update-call-join-meeting-two-token-fields.json",
        NoError(
            "`AttendeeJoinToken` is an unknown key: a warning (SMA109); the real `JoinToken` is set and `MeetingId` is optional for legacy meetings",
        ),
    ),
    (
        "047-voice-focus-enable-string-true.json",
        NoError(
            "`Enable: \"True\"` copies the docs' non-JSON `True`; whether the service coerces it is unverified: a warning (SMA213)",
        ),
    ),
    (
        "049-meeting-dialer-inbound-sagd-no-callid.json",
        NoError(
            "SpeakAndGetDigits without CallId works in AWS samples: a warning (SMA209); Min == Max is valid",
        ),
    ),
    (
        "055-voice-translator-bridge-hardcoded-callerid.json",
        NoError("caller-ID ownership cannot be known offline"),
    ),
    (
        "057-media-streams-playaudio-callid-outside-parameters.json",
        NoError(
            "`CallId` beside `Type` is an unknown key: a warning (SMA109); PlayAudio falls back to the invoked leg",
        ),
    ),
    (
        "060-sma-lex-demo-new-call-voicefocus-pause-speak-bot.json",
        NoError("CallId omitted on VoiceFocus/Speak works in AWS samples: warnings (SMA209)"),
    ),
    (
        "061-sma-lex-demo-transfer-pstn-with-sipheaders.json",
        NoError("SipHeaders on PSTN: the two doc pages disagree: a warning (SMA216)"),
    ),
    (
        "066-clinic-ai-hangup-without-parameters.json",
        NoError("Hangup without Parameters hangs up the invoked leg"),
    ),
    (
        "070-visual-voicemail-pagd-participanttag-inside-audiosource.json",
        NoError(
            "`ParticipantTag` inside `AudioSource` is an unknown key: a warning (SMA109); the action runs on the invoked leg, which is what the author wanted",
        ),
    ),
    (
        "075-lex-issue421-start-bot-empty-callid-participanttag.json",
        // DOUBT made an error: `CallId: ""` is never a call ID (the same template bug is a REJECT
        // in 037/040), and the user reports every call failing
        Errors(&["SMA106"]),
    ),
    // EVENT-OK / EVENT-MALFORMED
    (
        "024-workshop-transcribe-test-event-recording-no-type.json",
        Errors(&["SMA101"]),
    ),
    (
        "027-workshop-play-recording-readme-hangup-event.json",
        NoError("a real HANGUP event"),
    ),
    (
        "028-workshop-inbound-fixture-event.json",
        NoError("a real fixture; 12-character account ids are tolerated"),
    ),
    (
        "030-lex-pstn-demo-in-fixture-sipapplicationid.json",
        NoError(
            "`SipApplicationId` is a documented variant (the docs' own examples), so it is tolerated with a warning (SMA410); the 15-digit string timestamp is tolerated too",
        ),
    ),
    (
        "031-voice-focus-in-fixture-no-participanttag.json",
        // as 030 (SMA410 warning), and the participant has no `ParticipantTag`, which every real
        // event carries and handlers select legs by
        Errors(&["SMA101"]),
    ),
    (
        "073-awsdocs-invalid-lambda-response-event.json",
        NoError("documented INVALID_LAMBDA_RESPONSE event"),
    ),
];

#[test]
fn real_world_corpus_agrees_with_its_index() {
    judge(&common::real_world(), JUDGED, 76);
}

/// The documents the sma developers collected beside the reference copy
/// (`tests/corpus/more/`, issue 18): each exercises a parameter the speech, audio, ARN,
/// bucket and header rules check; the REJECTs are real instances of the mistakes.
const JUDGED_MORE: &[(&str, Expect)] = &[
    (
        "102-workshop-call-and-bridge-place-call-ringback-customsipheaders.json",
        NoError(
            "`CustomSipHeaders` is an unknown key (SMA109 warning): the headers are never sent, the call still bridges",
        ),
    ),
    (
        "103-workshop-call-lex-bot-new-call-paste-arn-placeholder.json",
        Errors(&["SMA229"]),
    ),
    (
        "105-docwho2-tbt-diversion-bridge-pstn-sipheader.json",
        NoError("`Diversion` on a PSTN endpoint works per the README: a warning (SMA216)"),
    ),
    (
        "107-squareup-ivr-norwegian-speak-no-NO-ida.json",
        Errors(&["SMA227"]),
    ),
    (
        "108-tekvizion-2022-start-call-recording-leading-space-bucket.json",
        Errors(&["SMA205"]),
    ),
    (
        "110-action-catalog-call-and-bridge-vc-placeholders.json",
        Errors(&["SMA205", "SMA229", "SMA104"]),
    ),
    (
        "112-hotel-agent-action-failed-vc-other-account-event.json",
        NoError("a real ACTION_FAILED event, well-formed"),
    ),
    (
        "114-connect-tbt-handler-pstn-diversion-user-to-user.json",
        NoError("`Diversion` / `User-to-User` on a PSTN endpoint: a warning (SMA216)"),
    ),
];

#[test]
fn collected_corpus_agrees_with_its_index() {
    let dir = common::real_world().parent().unwrap().join("more");
    judge(&dir, JUDGED_MORE, 14);
}

/// Checks every document of `dir`'s `index.tsv` as its verdict says: ACCEPT and
/// RUNTIME-FAIL have no error, anything else is listed in `judged` with what sma says.
fn judge(dir: &std::path::Path, judged: &[(&str, Expect)], size: usize) {
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index.tsv");
    let judged: BTreeMap<&str, &Expect> = judged.iter().map(|(f, e)| (*f, e)).collect();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        rows += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, verdict) = (cols[0], cols[6]);
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let checked = check_bytes(file, bytes);
        let errors: Vec<&str> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        let expect = match verdict {
            "ACCEPT" | "RUNTIME-FAIL" => &NoError("valid shape"),
            _ => match judged.get(file) {
                Some(e) => *e,
                None => {
                    failures.push(format!("{file}: {verdict} is not judged"));
                    continue;
                }
            },
        };
        match expect {
            Errors(codes) => {
                for c in *codes {
                    if !errors.contains(c) {
                        failures.push(format!("{file}: expected {c}, got {errors:?}"));
                    }
                }
            }
            NoError(why) => {
                if !errors.is_empty() {
                    failures.push(format!("{file}: expected no error ({why}), got {errors:?}"));
                }
            }
        }
    }
    assert_eq!(rows, size, "the corpus index changed size");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// REJECTs that are only wrong for a given call: checked against the workshop's real inbound
/// fixture event (028, one leg `9ff01357-…`), as `sma lint FILE --event 028-….json` does.
#[test]
fn in_context_of_a_real_event() {
    let dir = common::real_world();
    let name = "028-workshop-inbound-fixture-event.json";
    let (checked, event) = check_event_bytes(name, std::fs::read(dir.join(name)).unwrap());
    assert!(checked.diagnostics.iter().all(|d| !d.is_error()));
    let event = event.expect("028 is an event");
    for (file, code) in [
        ("022-awsdocs-record-audio-example.json", "SMA401"),
        (
            "039-sma-bridging-default-hangup-stale-callid.json",
            "SMA401",
        ),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let c = check_bytes_with_event(file, bytes, Some(&event));
        assert!(
            c.diagnostics.iter().any(|d| d.code == code && d.is_error()),
            "{file}: expected {code} against {name}, got {:?}",
            c.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
    // an ACCEPT answering the same fixture stays clean (001 uses the fixture's CallId)
    let file = "001-workshop-make-recording-ts-record.json";
    let c = check_bytes_with_event(file, std::fs::read(dir.join(file)).unwrap(), Some(&event));
    assert!(
        c.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        c.diagnostics
    );
}
