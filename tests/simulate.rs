//! `sma simulate`: the SMA's protocol, one test per rule, driven through the CLI against small
//! handlers written for the test (Python, reading the event on stdin); and the shipped
//! examples, good and broken.
mod common;

use std::path::{Path, PathBuf};

use common::{root, sma};
use serde_json::{Value, json};

/// A handler answering by event type (and, for ACTION_* events, by `ActionData.Type` as
/// `"ACTION_SUCCESSFUL:RecordAudio"`), `{CALL_ID}` replaced by LEG-A's CallId. Every event is
/// appended to `events.jsonl` beside it.
fn handler(dir: &Path, answers: Value) -> String {
    let script = format!(
        r#"
import json, sys, os
answers = json.loads({answers:?})
event = json.load(sys.stdin)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "events.jsonl"), "a") as f:
    f.write(json.dumps(event) + "\n")
kind = event["InvocationEventType"]
data = event.get("ActionData") or {{}}
key = kind + ":" + str(data.get("Type"))
answer = answers.get(key, answers.get(kind, {{"SchemaVersion": "1.0", "Actions": []}}))
if answer == "CRASH":
    sys.stderr.write("boom\n")
    sys.exit(1)
leg_a = [p for p in event["CallDetails"]["Participants"] if p["ParticipantTag"] == "LEG-A"][0]
text = json.dumps(answer).replace("{{CALL_ID}}", leg_a["CallId"])
if answer != "BLANK":
    print(text)
"#,
        answers = answers.to_string()
    );
    let path = dir.join("handler.py");
    std::fs::write(&path, script).unwrap();
    format!("python3 {}", path.display())
}

fn scenario(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("scenario.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs one scenario with `--format json`; returns the exit code and the transcript.
fn simulate(dir: &Path, cmd: &str, scenario_text: &str, extra: &[&str]) -> (i32, Value) {
    let path = scenario(dir, scenario_text);
    let out = sma()
        .args(["simulate", "--format", "json", "--handler-cmd", cmd])
        .arg(&path)
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let t = serde_json::from_str(stdout.lines().next().unwrap_or("null"))
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    (code, t)
}

fn events(t: &Value) -> Vec<&Value> {
    t["invocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["event"])
        .collect()
}

fn kinds(t: &Value) -> Vec<&str> {
    events(t)
        .iter()
        .map(|e| e["InvocationEventType"].as_str().unwrap())
        .collect()
}

fn speak(text: &str) -> Value {
    json!({"Type": "Speak", "Parameters": {"CallId": "{CALL_ID}", "Text": text}})
}

fn hangup() -> Value {
    json!({"Type": "Hangup", "Parameters": {"CallId": "{CALL_ID}", "SipResponseCode": "0"}})
}

fn respond(actions: Value) -> Value {
    json!({"SchemaVersion": "1.0", "Actions": actions})
}

#[test]
fn events_carry_the_documented_call_details_and_count_up() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = handler(
        dir.path(),
        json!({"NEW_INBOUND_CALL": respond(json!([speak("Hello."), hangup()]))}),
    );
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[call]\nfrom = '+12065550100'\nto = '+12065550199'\nsip_headers = { 'x-customer' = '42' }\n",
        &[],
    );
    assert_eq!(code, 0, "{t}");
    // Hangup ends LEG-A: the SMA sends HANGUP, whose response is ignored (no leg is left)
    assert_eq!(kinds(&t), ["NEW_INBOUND_CALL", "HANGUP"], "{t}");
    let ev = events(&t);
    assert_eq!(ev[0]["SchemaVersion"], "1.0");
    assert_eq!(ev[0]["Sequence"], 1);
    assert_eq!(ev[1]["Sequence"], 2);
    let d = &ev[0]["CallDetails"];
    for key in [
        "TransactionId",
        "AwsAccountId",
        "AwsRegion",
        "SipMediaApplicationId",
        "SipRuleId",
    ] {
        assert!(d[key].is_string(), "{key}: {d}");
    }
    let a = &d["Participants"][0];
    assert_eq!(a["ParticipantTag"], "LEG-A");
    assert_eq!(a["From"], "+12065550100");
    assert_eq!(a["To"], "+12065550199");
    assert_eq!(a["Direction"], "Inbound");
    assert_eq!(a["Status"], "Connected");
    assert!(
        a["StartTimeInMilliseconds"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    assert_eq!(a["SipHeaders"]["x-customer"], "42");
    // the same TransactionId throughout; the HANGUP names the leg
    assert_eq!(ev[1]["CallDetails"]["TransactionId"], d["TransactionId"]);
    assert_eq!(ev[1]["ActionData"]["Type"], "Hangup");
    assert_eq!(ev[1]["ActionData"]["Parameters"]["ParticipantTag"], "LEG-A");
    assert_eq!(
        ev[1]["CallDetails"]["Participants"][0]["Status"],
        "Disconnected"
    );
    assert_eq!(t["invocations"][1]["ignored"], true);
    assert_eq!(t["end"]["reason"], "hangup");
    assert_eq!(t["version"], 1);
    // every event sma sent lints clean
    for line in std::fs::read_to_string(dir.path().join("events.jsonl"))
        .unwrap()
        .lines()
    {
        let (code, report) = common::lint_json(line);
        assert_eq!(code, 0, "{report}");
    }
}

#[test]
fn an_outbound_call_rings_then_is_answered_and_status_is_absent_before() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = handler(
        dir.path(),
        json!({"CALL_ANSWERED": respond(json!([speak("This is a reminder."), hangup()]))}),
    );
    let (code, t) = simulate(dir.path(), &cmd, "[call]\ndirection = 'outbound'\n", &[]);
    assert_eq!(code, 0, "{t}");
    assert_eq!(
        kinds(&t),
        ["NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "HANGUP"],
        "{t}"
    );
    let ev = events(&t);
    assert!(
        ev[0]["CallDetails"]["Participants"][0]
            .get("Status")
            .is_none()
    );
    assert!(
        ev[1]["CallDetails"]["Participants"][0]
            .get("Status")
            .is_none()
    );
    assert_eq!(
        ev[2]["CallDetails"]["Participants"][0]["Status"],
        "Connected"
    );
    assert!(ev[0]["CallDetails"].get("SipRuleId").is_none());
    assert_eq!(t["invocations"][0]["ignored"], true);
    assert_eq!(t["invocations"][1]["ignored"], true);
    assert_eq!(t["invocations"][2]["ignored"], false);
}

#[test]
fn transaction_attributes_persist_until_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let pause = |ms: u32| json!({"Type": "Pause", "Parameters": {"CallId": "{CALL_ID}", "DurationInMilliseconds": ms}});
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": {"SchemaVersion": "1.0", "Actions": [pause(100)], "TransactionAttributes": {"step": "1"}},
            "ACTION_SUCCESSFUL:Pause": {"SchemaVersion": "1.0", "Actions": [speak("Two.")]},
            "ACTION_SUCCESSFUL:Speak": {"SchemaVersion": "1.0", "Actions": [hangup()], "TransactionAttributes": {}},
        }),
    );
    let (code, t) = simulate(dir.path(), &cmd, "", &[]);
    assert_eq!(code, 0, "{t}");
    let ev = events(&t);
    assert!(ev[0]["CallDetails"].get("TransactionAttributes").is_none());
    assert_eq!(
        ev[1]["CallDetails"]["TransactionAttributes"],
        json!({"step": "1"})
    );
    // omitted keeps them
    assert_eq!(
        ev[2]["CallDetails"]["TransactionAttributes"],
        json!({"step": "1"})
    );
    // `{}` clears them
    assert!(
        ev[3]["CallDetails"].get("TransactionAttributes").is_none(),
        "{}",
        ev[3]
    );
}

#[test]
fn action_successful_carries_the_last_action_and_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let record = json!({"Type": "RecordAudio", "Parameters": {
        "CallId": "{CALL_ID}", "RecordingTerminators": ["#"], "DurationInSeconds": 30,
        "RecordingDestination": {"Type": "S3", "BucketName": "vm-bucket", "Prefix": "vm/"}}});
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": respond(json!([speak("Hi."), record])),
            "ACTION_SUCCESSFUL:RecordAudio": respond(json!([hangup()])),
        }),
    );
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[[caller]]\ntalk = 3.0\n[[caller]]\npress = '#'\n[expect]\nrecordings = 1\n",
        &[],
    );
    assert_eq!(code, 0, "{t}");
    let ev = events(&t);
    let data = &ev[1]["ActionData"];
    assert_eq!(ev[1]["InvocationEventType"], "ACTION_SUCCESSFUL");
    assert_eq!(data["Type"], "RecordAudio");
    assert_eq!(
        data["Parameters"]["RecordingDestination"]["BucketName"],
        "vm-bucket"
    );
    assert_eq!(data["RecordingTerminatorUsed"], "#");
    let key = data["RecordingDestination"]["Key"].as_str().unwrap();
    assert!(key.starts_with("vm/") && key.ends_with(".wav"), "{key}");
    let rec = &t["recordings"][0];
    assert_eq!(rec["key"], key);
    assert_eq!(rec["terminator"], "#");
    // the caller talked from the answer (0 s) to 3 s and pressed # then; "Hi." took 0.5 s
    assert_eq!(rec["seconds"], 2.5);
}

#[test]
fn the_first_failing_action_fails_the_list_and_drops_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    // a parameter `sma lint` rejects: InvalidActionParameter
    let bad = json!({"Type": "Pause", "Parameters": {"CallId": "{CALL_ID}", "DurationInMiliseconds": 100}});
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": respond(json!([speak("One."), bad, speak("Never spoken.")])),
            "ACTION_FAILED": respond(json!([hangup()])),
        }),
    );
    let (code, t) = simulate(dir.path(), &cmd, "[expect]\nno_lint_errors = false\n", &[]);
    assert_eq!(code, 0, "{t}");
    let ev = events(&t);
    assert_eq!(ev[1]["InvocationEventType"], "ACTION_FAILED");
    assert_eq!(ev[1]["ActionData"]["Type"], "Pause");
    assert_eq!(ev[1]["ActionData"]["ErrorType"], "InvalidActionParameter");
    let executed: Vec<(&str, &str)> = t["executed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["type"].as_str().unwrap(), x["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        executed,
        [
            ("Speak", "ACTION_SUCCESSFUL"),
            ("Pause", "ACTION_FAILED"),
            ("Hangup", "ACTION_SUCCESSFUL")
        ]
    );
    // with no_lint_errors (the default) the lint error fails the run, naming the invocation
    let (code, t) = simulate(dir.path(), &cmd, "", &[]);
    assert_eq!(code, 1);
    let e = &t["expectations"][0];
    assert_eq!(e["name"], "no_lint_errors");
    assert_eq!(e["ok"], false);
    assert_eq!(e["invocation"], 1);
    // an injected failure: the documented ErrorType and ErrorMessage
    let play = json!({"Type": "PlayAudio", "Parameters": {"CallId": "{CALL_ID}",
        "AudioSource": {"Type": "S3", "BucketName": "prompts-bucket", "Key": "hi.wav"}}});
    let cmd = handler(
        dir.path(),
        json!({"NEW_INBOUND_CALL": respond(json!([play])), "ACTION_FAILED": respond(json!([hangup()]))}),
    );
    let (_, t) = simulate(
        dir.path(),
        &cmd,
        "[[fail]]\naction = 'PlayAudio'\nerror_type = 'InvalidAudioSource'\n",
        &[],
    );
    let ev = events(&t);
    assert_eq!(ev[1]["ActionData"]["ErrorType"], "InvalidAudioSource");
    assert_eq!(
        ev[1]["ActionData"]["ErrorMessage"],
        "The audio source parameter is invalid."
    );
}

#[test]
fn blank_responses_and_empty_lists() {
    let dir = tempfile::tempdir().unwrap();
    // an empty list to NEW_INBOUND_CALL: unanswered, it times out after 30 s
    let cmd = handler(dir.path(), json!({"NEW_INBOUND_CALL": respond(json!([]))}));
    let (code, t) = simulate(dir.path(), &cmd, "[expect]\nended_by = 'timeout'\n", &[]);
    // `sma lint` says so in context (SMA405): the default expectation fails on it
    assert_eq!(code, 1, "{t}");
    assert_eq!(t["end"]["reason"], "timeout");
    assert_eq!(t["end"]["at_seconds"], 30.0);
    assert!(
        t["invocations"][0]["diagnostics"]
            .to_string()
            .contains("SMA405")
    );
    // blank where the SMA needs an answer: INVALID_LAMBDA_RESPONSE
    let cmd = handler(
        dir.path(),
        json!({"NEW_INBOUND_CALL": "BLANK", "INVALID_LAMBDA_RESPONSE": respond(json!([hangup()]))}),
    );
    let (_, t) = simulate(dir.path(), &cmd, "", &[]);
    let ev = events(&t);
    assert_eq!(ev[1]["InvocationEventType"], "INVALID_LAMBDA_RESPONSE");
    assert_eq!(ev[1]["ErrorMessage"], "Response is blank or empty");
    assert!(t["invocations"][0]["response"].is_null());
    // eleven actions: too many
    let many: Vec<Value> = (0..11).map(|_| speak("x")).collect();
    let cmd = handler(
        dir.path(),
        json!({"NEW_INBOUND_CALL": respond(json!(many)), "INVALID_LAMBDA_RESPONSE": respond(json!([hangup()]))}),
    );
    let (_, t) = simulate(dir.path(), &cmd, "[expect]\nno_lint_errors = false\n", &[]);
    assert_eq!(
        events(&t)[1]["ErrorMessage"],
        "Too many actions specified in a response."
    );
}

#[test]
fn a_bridged_call_answers_the_hangup_of_one_leg() {
    let dir = tempfile::tempdir().unwrap();
    let bridge = json!({"Type": "CallAndBridge", "Parameters": {"CallTimeoutSeconds": 20,
        "CallerIdNumber": "+12065550199", "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": "+12065550123"}]}});
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": respond(json!([bridge])),
            "ACTION_FAILED:CallAndBridge": respond(json!([speak("Busy."), hangup()])),
            "HANGUP": respond(json!([{"Type": "Hangup", "Parameters": {"ParticipantTag": "LEG-B", "SipResponseCode": "0"}}])),
        }),
    );
    let talk = "[[caller]]\ntalk = 30.0\n[[caller]]\nhangup = true\n";
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        &format!("{talk}[callee]\nanswer = 'answer'\n[expect]\nended_by = 'hangup'\n"),
        &[],
    );
    assert_eq!(code, 0, "{t}");
    assert_eq!(
        kinds(&t),
        ["NEW_INBOUND_CALL", "ACTION_SUCCESSFUL", "HANGUP", "HANGUP"],
        "{t}"
    );
    let ev = events(&t);
    let legs = ev[1]["CallDetails"]["Participants"].as_array().unwrap();
    assert_eq!(legs.len(), 2);
    assert_eq!(legs[1]["ParticipantTag"], "LEG-B");
    assert_eq!(legs[1]["Status"], "Connected");
    assert_eq!(
        ev[1]["ActionData"]["Parameters"]["CallId"],
        legs[0]["CallId"]
    );
    // LEG-A hung up while LEG-B was connected: answered; LEG-B's HANGUP then is not
    assert_eq!(t["invocations"][2]["ignored"], false);
    assert_eq!(t["invocations"][3]["ignored"], true);
    for answer in ["busy", "no-answer", "reject"] {
        let (_, t) = simulate(
            dir.path(),
            &cmd,
            &format!("[callee]\nanswer = '{answer}'\n"),
            &[],
        );
        let ev = events(&t);
        assert_eq!(ev[1]["InvocationEventType"], "ACTION_FAILED", "{answer}");
        assert_eq!(ev[1]["ActionData"]["ErrorType"], "CallNotAnswered");
    }
}

#[test]
fn a_call_update_request_replaces_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": respond(json!([speak("Please hold."), speak("Still holding.")])),
            "CALL_UPDATE_REQUESTED": respond(json!([hangup()])),
        }),
    );
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[[update]]\nafter_invocation = 1\narguments = { action = 'transfer' }\n[expect]\nactions = ['Speak', 'Hangup']\n",
        &[],
    );
    assert_eq!(code, 0, "{t}");
    let ev = events(&t);
    assert_eq!(ev[1]["InvocationEventType"], "CALL_UPDATE_REQUESTED");
    assert_eq!(
        ev[1]["ActionData"]["Parameters"]["Arguments"]["action"],
        "transfer"
    );
}

#[test]
fn the_same_seed_gives_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = handler(
        dir.path(),
        json!({"NEW_INBOUND_CALL": respond(json!([hangup()]))}),
    );
    let (_, a) = simulate(dir.path(), &cmd, "", &[]);
    let (_, b) = simulate(dir.path(), &cmd, "", &[]);
    let (_, c) = simulate(dir.path(), &cmd, "", &["--seed", "7"]);
    assert_eq!(events(&a), events(&b));
    assert_ne!(
        events(&a)[0]["CallDetails"]["TransactionId"],
        events(&c)[0]["CallDetails"]["TransactionId"]
    );
}

#[test]
fn a_failing_handler_is_retried_once_then_ends_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = handler(dir.path(), json!({"NEW_INBOUND_CALL": "CRASH"}));
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[expect]\nended_by = 'handler-error'\n",
        &[],
    );
    assert_eq!(code, 0, "{t}");
    let inv = &t["invocations"][0];
    assert_eq!(inv["retried"], true);
    assert_eq!(inv["error"], "exited with status 1");
    assert!(inv["stderr"].as_str().unwrap().contains("boom"));
    // twice, the same event
    let sent = std::fs::read_to_string(dir.path().join("events.jsonl")).unwrap();
    let lines: Vec<&str> = sent.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], lines[1]);
}

#[test]
fn a_slow_handler_times_out_and_its_process_group_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("child-survived");
    // the handler starts a child that would write a marker after 2 s, then sleeps
    let cmd = format!("(sleep 2; touch {}) & sleep 30", marker.display());
    let started = std::time::Instant::now();
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[expect]\nended_by = 'handler-error'\n",
        &["--handler-timeout", "0.5"],
    );
    assert_eq!(code, 0, "{t}");
    assert!(started.elapsed().as_secs_f64() < 10.0);
    assert!(
        t["invocations"][0]["error"]
            .as_str()
            .unwrap()
            .contains("timed out")
    );
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(!marker.exists(), "the handler's child was not killed");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = scenario(dir.path(), "");
    // a handler that cannot start
    let out = sma()
        .args(["simulate", "--handler-cmd", "no-such-command-sma-test"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot start"));
    // an unknown key, with a did-you-mean; nothing is run
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[caller]]\ntlak = 4.0\n").unwrap();
    let out = sma()
        .args(["simulate", "--handler-cmd", "exit 1"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean `talk`?") && err.contains("bad.toml"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // a missing scenario
    let out = sma()
        .args(["simulate", "--handler-cmd", "true", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The shipped examples: each good handler passes its scenarios, each broken variant exits 1
/// and its transcript names the failed expectation and the invocation behind it.
#[test]
fn the_examples_pass_and_their_broken_variants_fail() {
    let ex = root().join("examples/handlers");
    let run = |spec: String, scenarios: Vec<PathBuf>| {
        let out = sma()
            .current_dir(&ex)
            .args(["simulate", "--format", "json", "--handler", &spec])
            .args(&scenarios)
            .output()
            .unwrap();
        let transcripts: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (out.status.code().unwrap(), transcripts)
    };
    let tomls = |dir: &str| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(ex.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        v.sort();
        v
    };
    let (code, ts) = run(
        "node:voicemail-node/handler.js#handler".into(),
        tomls("voicemail-node"),
    );
    assert_eq!(code, 0, "{ts:#?}");
    assert_eq!(ts.len(), 2);
    let (code, ts) = run(
        "node:voicemail-node/handler-broken.js#handler".into(),
        vec![ex.join("voicemail-node/leaves-a-message.toml")],
    );
    assert_eq!(code, 1);
    let failed: Vec<&Value> = ts[0]["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ok"] == false)
        .collect();
    let lint = failed
        .iter()
        .find(|e| e["name"] == "no_lint_errors")
        .unwrap();
    assert_eq!(lint["invocation"], 1);
    assert!(
        lint["detail"]
            .as_str()
            .unwrap()
            .contains("RecordingTerminators")
    );
    let ended = failed.iter().find(|e| e["name"] == "ended_by").unwrap();
    assert_eq!(ended["invocation"], 2);

    let (code, ts) = run(
        "python:ivr-python/handler.handler".into(),
        tomls("ivr-python"),
    );
    assert_eq!(code, 0, "{ts:#?}");
    assert_eq!(ts.len(), 3);
    let (code, ts) = run(
        "python:ivr-python/handler_broken.handler".into(),
        vec![ex.join("ivr-python/agent-answers.toml")],
    );
    assert_eq!(code, 1);
    let ended = ts[0]["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "ended_by")
        .unwrap()
        .clone();
    assert_eq!(ended["ok"], false);
    assert!(ended["detail"].as_str().unwrap().contains("scenario-end"));
    // the HANGUP of LEG-A the broken handler answered with nothing
    assert_eq!(ended["invocation"], 4);
    assert_eq!(
        ts[0]["invocations"][3]["event"]["InvocationEventType"],
        "HANGUP"
    );
}

#[test]
fn a_call_ends_after_1000_invocations() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = r#"printf '{"SchemaVersion":"1.0","Actions":[{"Type":"Pause","Parameters":{"DurationInMilliseconds":100}}]}'"#;
    let (code, t) = simulate(
        dir.path(),
        cmd,
        "[expect]\nended_by = 'max-invocations'\nno_lint_errors = false\n",
        &[],
    );
    assert_eq!(code, 0, "{}", t["end"]);
    assert_eq!(t["invocations"].as_array().unwrap().len(), 1000);
    assert_eq!(t["end"]["invocation"], 1000);
}

#[test]
fn a_response_over_lambdas_6_mb_fails_the_invocation() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = "head -c 7000000 /dev/zero | tr '\\0' ' '";
    let (_, t) = simulate(
        dir.path(),
        cmd,
        "[expect]\nended_by = 'handler-error'\n",
        &[],
    );
    let error = t["invocations"][0]["error"].as_str().unwrap();
    assert!(error.contains("over Lambda's 6 MB limit"), "{error}");
}

#[test]
fn an_update_interrupts_an_interruptible_action() {
    let dir = tempfile::tempdir().unwrap();
    let pause = json!({"Type": "Pause", "Parameters": {"CallId": "{CALL_ID}", "DurationInMilliseconds": 5000}});
    let cmd = handler(
        dir.path(),
        json!({
            "NEW_INBOUND_CALL": respond(json!([pause, speak("After the pause.")])),
            "CALL_UPDATE_REQUESTED": respond(json!([hangup()])),
        }),
    );
    let (code, t) = simulate(
        dir.path(),
        &cmd,
        "[[update]]\nafter_invocation = 1\n[expect]\nactions = ['Hangup']\n",
        &[],
    );
    assert_eq!(code, 0, "{t}");
    assert_eq!(
        kinds(&t),
        [
            "NEW_INBOUND_CALL",
            "ACTION_INTERRUPTED",
            "CALL_UPDATE_REQUESTED",
            "HANGUP"
        ]
    );
    assert_eq!(events(&t)[1]["ActionData"]["Type"], "Pause");
    assert_eq!(t["invocations"][1]["ignored"], true);
}

/// SIGTERM to sma while a handler runs: the handler's whole process group goes with it.
#[cfg(unix)]
#[test]
fn a_signal_kills_the_running_handlers_group() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("child-survived");
    let path = scenario(dir.path(), "");
    let cmd = format!("(sleep 2; touch {}) & sleep 30", marker.display());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sma"))
        .args(["simulate", "--handler-cmd", &cmd])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    // SAFETY: signalling the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert!(!status.success());
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(!marker.exists(), "the handler's child outlived sma");
}

/// Runs a scenario with `--handler SPEC` in `dir`; the exit code and the transcript.
fn with_function(dir: &Path, spec: &str, scenario: &Path) -> (i32, Value) {
    let out = sma()
        .current_dir(dir)
        .args(["simulate", "--format", "json", "--handler", spec])
        .arg(scenario)
        .output()
        .unwrap();
    let t = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{spec}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), t)
}

#[test]
fn handler_functions_get_a_deterministic_context() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "def handler(event, context):\n    return {'SchemaVersion': '1.0', 'Actions': [{'Type': 'Hangup', 'Parameters': {'SipResponseCode': '0'}}], 'TransactionAttributes': {'id': context.aws_request_id, 'left': str(context.get_remaining_time_in_millis())}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.js"),
        "exports.main = async (event, context) => ({SchemaVersion: '1.0', Actions: [{Type: 'Hangup', Parameters: {SipResponseCode: '0'}}], TransactionAttributes: {id: context.awsRequestId, left: String(context.getRemainingTimeInMillis())}});\n",
    )
    .unwrap();
    let path = scenario(dir.path(), "");
    for spec in ["python:app.handler", "node:app.js#main"] {
        let (_, t) = with_function(dir.path(), spec, &path);
        let attrs = &t["invocations"][0]["response"]["TransactionAttributes"];
        assert_eq!(
            attrs["id"], "00000000-0000-4000-8000-000000000001",
            "{spec}: {t}"
        );
        assert_eq!(attrs["left"], "20000");
    }
    // a spec that names nothing is a usage error
    let out = sma()
        .current_dir(dir.path())
        .args(["simulate", "--handler", "python:nope.handler"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no module"));
}

/// `sma event TYPE`: the events the simulator sends, for handlers' unit tests; each lints clean.
#[test]
fn sma_event_prints_events_that_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    let event = |args: &[&str]| {
        let out = sma().arg("event").args(args).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    for kind in [
        "new_inbound_call",
        "RINGING",
        "CALL_ANSWERED",
        "HANGUP",
        "DIGITS_RECEIVED",
        "CALL_UPDATE_REQUESTED",
        "INVALID_LAMBDA_RESPONSE",
    ] {
        let (code, out, err) = event(&[kind]);
        assert_eq!(code, 0, "{kind}: {err}");
        let (lint, report) = common::lint_json(&out);
        assert_eq!(lint, 0, "{kind}: {report}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["InvocationEventType"], kind.to_uppercase());
    }
    // --from answers the handler's own action: bucket, prefix and key agree
    let action = dir.path().join("record.json");
    std::fs::write(
        &action,
        r##"{"SchemaVersion": "1.0", "Actions": [{"Type": "RecordAudio", "Parameters": {"CallId": "c1",
          "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "team-vm", "Prefix": "inbox/"}}}]}"##,
    )
    .unwrap();
    let (code, out, err) = event(&["ACTION_SUCCESSFUL", "--from", action.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let dest = &v["ActionData"]["RecordingDestination"];
    assert_eq!(dest["BucketName"], "team-vm");
    assert!(dest["Key"].as_str().unwrap().starts_with("inbox/"));
    assert_eq!(
        v["ActionData"]["Parameters"]["RecordingDestination"]["Prefix"],
        "inbox/"
    );
    let (code, out, _) = event(&[
        "ACTION_FAILED",
        "--action",
        "PlayAudio",
        "--error-type",
        "InvalidAudioSource",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("\"ErrorType\": \"InvalidAudioSource\""));
    // mistakes
    let (code, _, err) = event(&["ACTION_SUCESSFUL"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean ACTION_SUCCESSFUL?"), "{err}");
    let (code, _, err) = event(&["ACTION_SUCCESSFUL"]);
    assert_eq!(code, 2);
    assert!(err.contains("--action TYPE or --from FILE"), "{err}");
    let (code, _, err) = event(&["ACTION_SUCCESSFUL", "--action", "RecordAudo"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean RecordAudio?"), "{err}");
}

/// The pretty timeline of the shipped examples, good and broken (snapshots).
#[test]
fn pretty_timeline_snapshots() {
    let ex = root().join("examples/handlers");
    let run = |spec: &str, scenario: &str| {
        let out = sma()
            .current_dir(&ex)
            .args(["simulate", "--handler", spec, scenario])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!(
        "simulate_ivr_broken",
        run(
            "python:ivr-python/handler_broken.handler",
            "ivr-python/agent-answers.toml"
        )
    );
    insta::assert_snapshot!(
        "simulate_voicemail",
        run(
            "node:voicemail-node/handler.js#handler",
            "voicemail-node/leaves-a-message.toml"
        )
    );
    insta::assert_snapshot!(
        "simulate_voicemail_broken",
        run(
            "node:voicemail-node/handler-broken.js#handler",
            "voicemail-node/leaves-a-message.toml"
        )
    );
}

/// What a handler function prints goes to stderr (Lambda's logs), not into the response.
#[test]
fn a_handler_functions_own_output_goes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loud.py"),
        "print('module loaded')\ndef handler(event, context):\n    print('got', event['InvocationEventType'])\n    return {'SchemaVersion': '1.0', 'Actions': [{'Type': 'Hangup', 'Parameters': {'SipResponseCode': '0'}}]}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("loud.js"),
        "console.log('module loaded');\nexports.handler = async (event) => { console.log('got', event.InvocationEventType); process.stdout.write('raw\\n'); return {SchemaVersion: '1.0', Actions: [{Type: 'Hangup', Parameters: {SipResponseCode: '0'}}]}; };\n",
    )
    .unwrap();
    let path = scenario(dir.path(), "[expect]\nended_by = 'hangup'\n");
    for spec in ["python:loud.handler", "node:loud.js#handler"] {
        let (code, t) = with_function(dir.path(), spec, &path);
        assert_eq!(code, 0, "{spec}: {t}");
        let stderr = t["invocations"][0]["stderr"].as_str().unwrap();
        assert!(
            stderr.contains("module loaded") && stderr.contains("got NEW_INBOUND_CALL"),
            "{spec}: {stderr}"
        );
    }
}

#[test]
fn event_from_an_action_lint_rejects_is_refused_and_names_its_leg() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r##"{"Type": "RecordAudio", "Parameters": {"CallId": "c1", "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "b"}}}"##,
    )
    .unwrap();
    let out = sma()
        .args(["event", "ACTION_SUCCESSFUL", "--from"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SMA205"));
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r##"{"Type": "RecordAudio", "Parameters": {"CallId": "c1", "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "vm-bucket"}}}"##,
    )
    .unwrap();
    let out = sma()
        .args(["event", "ACTION_SUCCESSFUL", "--from"])
        .arg(&good)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["CallDetails"]["Participants"][0]["CallId"], "c1");
    // a scenario mistake is named at its line and column
    let sc = dir.path().join("s.toml");
    std::fs::write(&sc, "[call]\ndirektion = 'inbound'\n").unwrap();
    let out = sma()
        .args(["simulate", "--handler-cmd", "true"])
        .arg(&sc)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("(line 2, column 1)") && err.contains("did you mean `direction`?"),
        "{err}"
    );
}
