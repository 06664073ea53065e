//! `sma record-audio generate` end to end: each flag, each refusal, -o and --append-to on
//! real files.
mod common;

use std::fs;
use std::path::Path;

use common::{lint_json, sma};
use predicates::prelude::*;
use serde_json::{Value, json};

const SEED: &str = r##"{"Type":"RecordAudio","Parameters":{"CallId":"call-id-1","DurationInSeconds":"10","SilenceDurationInSeconds":3,"SilenceThreshold":100,"RecordingTerminators":["#"],"RecordingDestination":{"Type":"S3","BucketName":"valid-bucket-name","Prefix":"valid-prefix-name"}}}"##;

fn generate(args: &[&str]) -> assert_cmd::assert::Assert {
    sma().args(["record-audio", "generate"]).args(args).assert()
}

/// Runs generate and returns the parameters of the printed action.
fn params(args: &[&str]) -> Value {
    let out = generate(args).success().get_output().stdout.clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    v["Parameters"].clone()
}

fn seed_args() -> Vec<&'static str> {
    vec![
        "--call-id",
        "call-id-1",
        "--duration",
        "10",
        "--silence-duration",
        "3",
        "--silence-threshold",
        "100",
        "--terminator",
        "#",
        "--bucket",
        "valid-bucket-name",
        "--prefix",
        "valid-prefix-name",
    ]
}

#[test]
fn the_seed_values_reproduce_the_documented_example() {
    let out = generate(&seed_args()).success().stderr("");
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    // keys in documented order; the duration is a number, which the service accepts too
    assert_eq!(v.to_string(), SEED.replace(r#""10""#, "10"));
    assert!(text.starts_with("{\n  \"Type\": \"RecordAudio\",\n  \"Parameters\": {\n"));
    assert!(text.ends_with("}\n"));
    let (code, report) = lint_json(&text);
    assert_eq!((code, &report["summary"]["warnings"]), (0, &json!(0)));
}

#[test]
fn compact_and_response_shapes() {
    let mut args = seed_args();
    args.push("--compact");
    let out = generate(&args).success().get_output().stdout.clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("{}\n", SEED.replace(r#""10""#, "10"))
    );
    args.push("--response");
    let out = generate(&args).success().get_output().stdout.clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "{{\"SchemaVersion\":\"1.0\",\"Actions\":[{}]}}\n",
            SEED.replace(r#""10""#, "10")
        )
    );
    let pretty = generate(&["--bucket", "b-1", "--response"]).success();
    let text = String::from_utf8(pretty.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": [\n    {\n"));
    assert_eq!(lint_json(&text).0, 0);
}

#[test]
fn each_flag_sets_its_parameter() {
    let base = ["--bucket", "b-1"];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        params(&a)
    };
    // only the required parts by default; terminators default to ["#"]
    assert_eq!(
        with(&[]),
        json!({"RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "b-1"}})
    );
    assert_eq!(with(&["--call-id", "abc"])["CallId"], "abc");
    assert_eq!(
        with(&["--participant-tag", "LEG-B"])["ParticipantTag"],
        "LEG-B"
    );
    assert_eq!(
        with(&["--duration", "2.5"])["DurationInSeconds"],
        json!(2.5)
    );
    assert_eq!(
        with(&["--silence-duration", "7"])["SilenceDurationInSeconds"],
        json!(7)
    );
    let t = with(&["--silence-duration", "7", "--silence-threshold", "1000"]);
    assert_eq!(t["SilenceThreshold"], json!(1000));
    assert_eq!(
        with(&["--terminator", "1", "--terminator", "*"])["RecordingTerminators"],
        json!(["1", "*"])
    );
    assert_eq!(
        with(&["--terminators", "#*0"])["RecordingTerminators"],
        json!(["#", "*", "0"])
    );
    assert_eq!(
        with(&["--terminator", "5", "--terminators", "#*"])["RecordingTerminators"],
        json!(["5", "#", "*"])
    );
    assert_eq!(
        with(&["--prefix", "calls/2026"])["RecordingDestination"],
        json!({"Type": "S3", "BucketName": "b-1", "Prefix": "calls/2026"})
    );
    // a numeric string that is not JSON as written stays a string (the lint accepts it)
    assert_eq!(
        with(&["--duration", "010"])["DurationInSeconds"],
        json!("010")
    );
}

#[test]
fn every_flag_has_help_with_its_values_and_default() {
    let out = generate(&["--help"]).success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "--call-id <ID>",
        "--participant-tag <LEG-A|LEG-B>",
        "LEG-A: The first leg",
        "--duration <SECONDS>",
        "greater than 0 [default: no limit]",
        "--silence-duration <SECONDS>",
        "an integer from 1 to 1000 [default: silence detection off]",
        "an integer from 1 to 1000 (1 quiet room ~30 dB, 100 whisper ~40-50 dB, 200 crowded office ~60 dB, 1000 loud person or music ~75 dB) [default: 200]",
        "--terminator <CHAR>",
        "one of 0 1 2 3 4 5 6 7 8 9 * #; repeatable [default: #]",
        "--terminators <CHARS>",
        "--bucket <NAME>",
        "--prefix <PREFIX>",
        "--compact",
        "--response",
        "--output <FILE>",
        "--force",
        "--append-to <FILE>",
    ] {
        assert!(help.contains(needle), "missing {needle:?} in\n{help}");
    }
}

#[test]
fn invalid_values_are_refused_naming_the_flag() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--silence-duration", "3", "--silence-threshold", "0"],
            "invalid value `0` for `--silence-threshold`: must be an integer from 1 to 1000",
            "SMA103",
        ),
        (
            &["--silence-duration", "1001"],
            "invalid value `1001` for `--silence-duration`: must be an integer from 1 to 1000",
            "SMA103",
        ),
        (
            &["--silence-duration", "2.5"],
            "invalid value `2.5` for `--silence-duration`",
            "SMA103",
        ),
        (
            &["--duration", "0"],
            "invalid value `0` for `--duration`: must be a number greater than 0",
            "SMA103",
        ),
        (
            &["--duration", "-5"],
            "invalid value `-5` for `--duration`",
            "SMA103",
        ),
        (
            &["--duration", "ten"],
            "invalid value `ten` for `--duration`",
            "SMA103",
        ),
        (
            &["--call-id", ""],
            "invalid value `` for `--call-id`: is empty",
            "SMA106",
        ),
        (
            &["--terminator", "A"],
            "invalid value `A` for `--terminator`",
            "SMA104",
        ),
        (
            &["--terminators", "#A"],
            "invalid value `A` for `--terminators`",
            "SMA104",
        ),
        (
            &["--terminator", "##"],
            "invalid value `##` for `--terminator`",
            "SMA104",
        ),
        (
            &["--terminators", ""],
            "invalid value `` for `--terminators`: is empty",
            "SMA106",
        ),
        (&["--prefix", "a%b"], "for `--prefix`", "SMA207"),
    ];
    for (extra, message, code) in cases {
        let mut args = vec!["--bucket", "b-1"];
        args.extend_from_slice(extra);
        generate(&args)
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(*message))
            .stderr(predicate::str::contains(*code))
            .stderr(predicate::str::contains("/Parameters").not())
            .stderr(predicate::str::contains("nothing was written"));
    }
    generate(&["--bucket", "My_Bucket"])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "invalid value `My_Bucket` for `--bucket`",
        ))
        .stderr(predicate::str::contains("SMA205"));
}

#[test]
fn usage_errors_are_clap_refusals() {
    // the call leg is one or the other
    generate(&[
        "--bucket",
        "b-1",
        "--call-id",
        "c",
        "--participant-tag",
        "LEG-A",
    ])
    .code(2)
    .stderr(predicate::str::contains("cannot be used with"));
    // LEG-A|LEG-B is a value list (carried into completions); the case matters
    generate(&["--bucket", "b-1", "--participant-tag", "leg-a"])
        .code(2)
        .stderr(predicate::str::contains("--participant-tag"));
    // the bucket is required
    generate(&[])
        .code(2)
        .stderr(predicate::str::contains("--bucket <NAME>"));
    generate(&["--bucket", "b-1", "--force"]).code(2);
    generate(&["--bucket", "b-1", "-o", "x.json", "--append-to", "y.json"]).code(2);
}

#[test]
fn participant_tag_values_are_the_schemas() {
    use clap::ValueEnum;
    let schema: Value = serde_json::from_str(include_str!("../schemas/record-audio.json")).unwrap();
    let names: Vec<String> = sma::cli::ParticipantTag::value_variants()
        .iter()
        .map(|v| v.as_str().to_string())
        .collect();
    assert_eq!(json!(names), schema["properties"]["ParticipantTag"]["enum"]);
}

#[test]
fn warnings_go_to_stderr_and_output_is_still_produced() {
    let out = generate(&["--bucket", "b-1", "--silence-threshold", "100"])
        .success()
        .stderr(predicate::str::contains("SMA203"))
        .stderr(predicate::str::contains("`--silence-threshold` is ignored"))
        .stderr(predicate::str::contains("`--silence-duration`"));
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["Parameters"]["SilenceThreshold"], json!(100));
}

#[test]
fn a_terminator_given_twice_is_refused_naming_it() {
    for (args, flag) in [
        (&["--terminators", "##"][..], "--terminators"),
        (&["--terminators", "*1*"][..], "--terminators"),
        (
            &["--terminator", "5", "--terminator", "5"][..],
            "--terminator",
        ),
        (
            &["--terminator", "#", "--terminators", "*#"][..],
            "--terminators",
        ),
    ] {
        let key = if args.contains(&"5") {
            "5"
        } else if args.contains(&"*1*") {
            "*"
        } else {
            "#"
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.json");
        let mut all = vec!["--bucket", "b-1", "-o", file.to_str().unwrap()];
        all.extend(args);
        generate(&all)
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("SMA204"))
            .stderr(predicate::str::contains(format!(
                "× invalid value `{key}` for `{flag}`: terminator \"{key}\" is listed twice"
            )))
            .stderr(predicate::str::contains(
                "error: refused: fix the flags above; nothing was written",
            ));
        assert!(!file.exists(), "{args:?}");
    }
    // distinct keys are fine
    generate(&[
        "--bucket",
        "b-1",
        "--terminator",
        "#",
        "--terminators",
        "*0",
    ])
    .success()
    .stderr("");
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn output_writes_a_new_file_and_refuses_to_replace_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("action.json");
    let file_arg = file.to_str().unwrap();
    generate(&["--bucket", "b-1", "-o", file_arg])
        .success()
        .stdout("");
    let first = fs::read_to_string(&file).unwrap();
    assert_eq!(lint_json(&first).0, 0);
    assert!(first.contains("\"BucketName\": \"b-1\""));

    generate(&["--bucket", "b-2", "-o", file_arg])
        .code(2)
        .stderr(predicate::str::contains("already exists; pass --force"));
    assert_eq!(fs::read_to_string(&file).unwrap(), first);

    // an invalid value writes nothing, even with --force
    generate(&["--bucket", "B", "-o", file_arg, "--force"]).code(2);
    assert_eq!(fs::read_to_string(&file).unwrap(), first);

    generate(&[
        "--bucket",
        "b-2",
        "--output",
        file_arg,
        "--force",
        "--response",
    ])
    .success();
    let second = fs::read_to_string(&file).unwrap();
    assert!(second.contains("\"SchemaVersion\": \"1.0\"") && second.contains("b-2"));
    assert!(leftovers(dir.path()).is_empty());

    // a missing directory is an I/O error, exit 2
    let missing = dir.path().join("no/such/dir.json");
    generate(&["--bucket", "b-1", "-o", missing.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("could not write"));
}

const RESPONSE: &str = r#"{
    "SchemaVersion": "1.0",
    "Actions": [
        {
            "Type": "PlayAudio",
            "Parameters": {"ParticipantTag": "LEG-A", "AudioSource": {"Type": "S3", "BucketName": "b-1", "Key": "hello.wav"}}
        },
        {"Type": "Pause", "Parameters": {"DurationInMilliseconds": "1000"}}
    ],
    "TransactionAttributes": {"state": "greeted", "zeta": "1", "alpha": "2"}
}
"#;

#[test]
fn append_to_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("response.json");
    fs::write(&file, RESPONSE).unwrap();
    generate(&[
        "--bucket",
        "b-1",
        "--participant-tag",
        "LEG-B",
        "--append-to",
        file.to_str().unwrap(),
    ])
    .success()
    .stdout("");
    let after = fs::read_to_string(&file).unwrap();
    let at = RESPONSE.find("\"1000\"}}").unwrap() + "\"1000\"}}".len();
    assert_eq!(&after[..at], &RESPONSE[..at], "bytes before the insertion");
    let tail = &RESPONSE[at..];
    assert!(after.ends_with(tail), "bytes after the insertion:\n{after}");
    let inserted = &after[at..after.len() - tail.len()];
    assert!(
        inserted.starts_with(",\n        {\n            \"Type\": \"RecordAudio\",\n"),
        "{inserted:?}"
    );
    let v: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(v["Actions"].as_array().unwrap().len(), 3);
    assert_eq!(v["Actions"][2]["Parameters"]["ParticipantTag"], "LEG-B");
    let keys: Vec<&String> = v["TransactionAttributes"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["state", "zeta", "alpha"]);
    assert_eq!(lint_json(&after).0, 0);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn append_to_an_empty_list_and_a_response_without_actions() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "empty.json",
            "{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": []\n}\n",
        ),
        ("none.json", "{\"SchemaVersion\": \"1.0\"}"),
    ] {
        let file = dir.path().join(name);
        fs::write(&file, text).unwrap();
        generate(&["--bucket", "b-1", "--append-to", file.to_str().unwrap()]).success();
        let after = fs::read_to_string(&file).unwrap();
        let v: Value = serde_json::from_str(&after).unwrap();
        assert_eq!(v["Actions"][0]["Type"], "RecordAudio", "{after}");
        assert_eq!(lint_json(&after).0, 0, "{after}");
    }
}

#[test]
fn append_to_refuses_a_target_with_errors_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    let broken = RESPONSE.replace("\"1.0\"", "\"2.0\"");
    fs::write(&file, &broken).unwrap();
    generate(&["--bucket", "b-1", "--append-to", file.to_str().unwrap()])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("SMA104"))
        .stderr(predicate::str::contains("does not lint clean"))
        .stderr(predicate::str::contains("left untouched"));
    assert_eq!(fs::read_to_string(&file).unwrap(), broken);

    let syntax = dir.path().join("syntax.json");
    fs::write(&syntax, "{\"SchemaVersion\": \"1.0\", \"Actions\": [}").unwrap();
    generate(&["--bucket", "b-1", "--append-to", syntax.to_str().unwrap()]).code(2);
    assert_eq!(
        fs::read_to_string(&syntax).unwrap(),
        "{\"SchemaVersion\": \"1.0\", \"Actions\": [}"
    );
    assert!(leftovers(dir.path()).is_empty());

    // a missing target is an I/O error and is not created
    let missing = dir.path().join("missing.json");
    generate(&["--bucket", "b-1", "--append-to", missing.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("could not read"));
    assert!(!missing.exists());

    // a single action is not a response
    let single = dir.path().join("single.json");
    fs::write(&single, r#"{"Type": "Hangup"}"#).unwrap();
    generate(&["--bucket", "b-1", "--append-to", single.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("not a handler response"));
    assert_eq!(
        fs::read_to_string(&single).unwrap(),
        r#"{"Type": "Hangup"}"#
    );
}

#[test]
fn append_to_refuses_an_eleventh_action() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("full.json");
    let pauses = [r#"{"Type": "Pause", "Parameters": {"DurationInMilliseconds": "1000"}}"#; 10];
    let text = format!(
        "{{\"SchemaVersion\": \"1.0\", \"Actions\": [{}]}}\n",
        pauses.join(", ")
    );
    fs::write(&file, &text).unwrap();
    generate(&["--bucket", "b-1", "--append-to", file.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("SMA105"))
        .stderr(predicate::str::contains("11 items; at most 10"))
        .stderr(predicate::str::contains("left untouched"));
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn an_invalid_value_never_touches_the_append_target() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("response.json");
    fs::write(&file, RESPONSE).unwrap();
    generate(&[
        "--bucket",
        "b-1",
        "--duration",
        "0",
        "--append-to",
        file.to_str().unwrap(),
    ])
    .code(2)
    .stderr(predicate::str::contains("for `--duration`"));
    assert_eq!(fs::read_to_string(&file).unwrap(), RESPONSE);
}

#[test]
fn record_audio_event_prints_events_that_lint_clean() {
    for args in [
        vec!["success"],
        vec![
            "success",
            "--terminator-used",
            "#",
            "--key",
            "vm/c1.wav",
            "--call-id",
            "c1",
        ],
        vec!["failed"],
        vec!["failed", "--error-type", "SystemException"],
    ] {
        let out = common::sma()
            .args(["record-audio", "event"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let event: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let kind = if args[0] == "success" {
            "ACTION_SUCCESSFUL"
        } else {
            "ACTION_FAILED"
        };
        assert_eq!(event["InvocationEventType"], kind);
        assert_eq!(event["ActionData"]["Type"], "RecordAudio");
        assert!(event["CallDetails"]["Participants"].is_array());
        common::sma()
            .args(["lint", "-"])
            .write_stdin(out.stdout)
            .assert()
            .code(0);
    }
    let out = common::sma()
        .args([
            "record-audio",
            "event",
            "success",
            "--terminator-used",
            "#",
            "--key",
            "k.wav",
        ])
        .output()
        .unwrap();
    let event: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(event["ActionData"]["RecordingTerminatorUsed"], "#");
    assert_eq!(event["ActionData"]["RecordingDestination"]["Key"], "k.wav");
    common::sma()
        .args(["record-audio", "event", "success", "--terminator-used", "A"])
        .assert()
        .code(2);
}

fn event(args: &[&str]) -> assert_cmd::assert::Assert {
    common::sma()
        .args(["record-audio", "event"])
        .args(args)
        .assert()
}

#[test]
fn record_audio_event_refuses_empty_values_as_usage_errors() {
    for (args, flag) in [
        (&["success", "--key", ""][..], "'--key <KEY>'"),
        (&["success", "--call-id", ""][..], "'--call-id <ID>'"),
        (&["failed", "--call-id", ""][..], "'--call-id <ID>'"),
        (
            &["failed", "--error-message", ""][..],
            "'--error-message <TEXT>'",
        ),
    ] {
        event(args)
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(format!(
                "error: invalid value '' for {flag}: must not be empty\n"
            )));
    }
}

#[test]
fn record_audio_event_refuses_flags_of_the_other_outcome() {
    for (args, message) in [
        (
            &["failed", "--key", "k.wav"][..],
            "error: `--key` applies to a `success` event, not `failed`: leave it out, or ask for `success`\n",
        ),
        (
            &["failed", "--terminator-used", "#"][..],
            "error: `--terminator-used` applies to a `success` event, not `failed`: leave it out, or ask for `success`\n",
        ),
        (
            &["failed", "--terminator-used", "#", "--key", "k.wav"][..],
            "error: `--key` and `--terminator-used` apply to a `success` event, not `failed`: leave them out, or ask for `success`\n",
        ),
        (
            &["success", "--error-type", "SystemException"][..],
            "error: `--error-type` applies to a `failed` event, not `success`: leave it out, or ask for `failed`\n",
        ),
        (
            &["success", "--error-message", "boom"][..],
            "error: `--error-message` applies to a `failed` event, not `success`: leave it out, or ask for `failed`\n",
        ),
    ] {
        event(args).code(2).stdout("").stderr(message);
    }
    // the flags of each outcome, and --call-id for both, are fine
    event(&[
        "success",
        "--call-id",
        "c-1",
        "--key",
        "k.wav",
        "--terminator-used",
        "*",
    ])
    .success();
    event(&[
        "failed",
        "--call-id",
        "c-1",
        "--error-type",
        "SystemException",
        "--error-message",
        "x",
    ])
    .success();
}

#[test]
fn output_dash_is_stdout_and_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plain = generate(&["--bucket", "b-1"]).success();
    let expected = plain.get_output().stdout.clone();
    for force in [false, true] {
        let mut args = vec!["--bucket", "b-1", "-o", "-"];
        if force {
            args.push("--force");
        }
        sma()
            .current_dir(dir.path())
            .args(["record-audio", "generate"])
            .args(&args)
            .assert()
            .success()
            .stdout(expected.clone())
            .stderr("");
    }
    // no file called `-` was written
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());

    let sub = dir.path().join("fixtures");
    fs::create_dir(&sub).unwrap();
    let shown = sub.display().to_string();
    for force in [false, true] {
        let mut args = vec!["--bucket", "b-1", "-o", shown.as_str()];
        if force {
            args.push("--force");
        }
        generate(&args).code(2).stdout("").stderr(format!(
            "error: `{shown}` is a directory: -o takes a file name, e.g. `{}` (nothing was written)\n",
            sub.join("record-audio.json").display()
        ));
    }
    assert!(fs::read_dir(&sub).unwrap().next().is_none());
    assert!(leftovers(dir.path()).is_empty());

    // --append-to reads and replaces its file: neither stdin nor a directory will do
    generate(&["--bucket", "b-1", "--append-to", "-"])
        .code(2)
        .stderr("error: --append-to needs a file: it is read and then replaced, so `-` (stdin) cannot be used\n");
    generate(&["--bucket", "b-1", "--append-to", &shown])
        .code(2)
        .stderr(format!(
            "error: `{shown}` is a directory: --append-to takes a handler response file\n"
        ));
}

#[test]
fn after_append_to_the_files_remaining_findings_go_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let run = |text: &str, extra: &[&str]| {
        let file = dir.path().join("response.json");
        fs::write(&file, text).unwrap();
        let mut args = vec!["--bucket", "b-1", "--append-to", file.to_str().unwrap()];
        args.extend(extra);
        let out = generate(&args).success().stdout("");
        let after = fs::read_to_string(&file).unwrap();
        let v: Value = serde_json::from_str(&after).unwrap();
        assert_eq!(
            v["Actions"].as_array().unwrap().last().unwrap()["Type"],
            "RecordAudio"
        );
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    // a warning the file already had is shown, as `sma lint` shows it, and the exit is 0
    let warned = RESPONSE.replace(r#""1000"}"#, r#""1000", "Extra": 1}"#);
    let err = run(&warned, &[]);
    assert!(
        err.contains("SMA109") && err.contains("unknown key `Extra`"),
        "{err}"
    );
    assert!(err.ends_with("1 warning in 1 file\n"), "{err}");
    // a warning the append causes, about the new action in its place
    let hangup = r#"{"SchemaVersion": "1.0", "Actions": [{"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}]}"#;
    let err = run(hangup, &[]);
    assert!(
        err.contains("SMA220") && err.contains("never runs"),
        "{err}"
    );
    // the action's own warning is said once, in terms of the flags
    let err = run(RESPONSE, &["--silence-threshold", "100"]);
    assert_eq!(err.matches("SMA203").count(), 1, "{err}");
    assert!(err.contains("`--silence-threshold` is ignored"), "{err}");
    assert!(!err.contains("1 warning in 1 file"), "{err}");
    // a clean file and action: nothing at all
    assert_eq!(run(RESPONSE, &[]), "");
}

#[test]
fn an_event_key_and_the_actions_prefix_agree() {
    let out = sma()
        .args(["record-audio", "event", "success", "--call-id", "c1"])
        .args(["--key", "voicemail/c1.wav"])
        .assert()
        .code(0);
    let event: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let data = &event["ActionData"];
    assert_eq!(data["RecordingDestination"]["Key"], "voicemail/c1.wav");
    assert_eq!(
        data["Parameters"]["RecordingDestination"]["Prefix"],
        "voicemail/"
    );
    let out = sma()
        .args(["record-audio", "event", "success", "--key", "c1.wav"])
        .assert()
        .code(0);
    let event: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(
        event["ActionData"]["Parameters"]["RecordingDestination"]
            .get("Prefix")
            .is_none()
    );
}
