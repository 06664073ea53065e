//! Tests: the 56 shared reference cases, then one test per checklist item of
//! policy-semantics.md, invalid documents, warnings and the fix statement.

use serde_json::{Value, json};

use super::*;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/policy-cases");
const ACCOUNT: &str = "111122223333";
const SMA: &str = "arn:aws:chime:us-east-1:111122223333:sma/0a1b2c3d-1111-2222-3333-444455556666";
const BUCKET: &str = "sma-recordings-example";

fn req() -> Request {
    Request {
        account: Some(ACCOUNT.into()),
        sma_arn: Some(SMA.into()),
        ..Request::new(BUCKET, "")
    }
}

fn eval(policy: Value) -> Evaluation {
    evaluate(&policy, &req()).expect("valid policy")
}

fn eval_with(policy: Value, r: &Request) -> Evaluation {
    evaluate(&policy, r).expect("valid policy")
}

fn verdict(policy: Value) -> Verdict {
    eval(policy).verdict
}

/// A policy with the documented grant plus `extra` statements.
fn with_grant(extra: Vec<Value>) -> Value {
    let mut stmts = vec![grant()];
    stmts.extend(extra);
    json!({"Version": "2012-10-17", "Statement": stmts})
}

fn grant() -> Value {
    json!({
        "Effect": "Allow",
        "Principal": {"Service": SERVICE_PRINCIPAL},
        "Action": ["s3:PutObject", "s3:PutObjectAcl"],
        "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    })
}

fn allow(fields: Value) -> Value {
    stmt("Allow", fields)
}

fn deny(fields: Value) -> Value {
    stmt("Deny", fields)
}

/// A statement with defaults (service principal, both actions, whole bucket) overridden by
/// `fields`; a `null` field removes the default.
fn stmt(effect: &str, fields: Value) -> Value {
    let mut s = json!({
        "Effect": effect,
        "Principal": {"Service": SERVICE_PRINCIPAL},
        "Action": ["s3:PutObject", "s3:PutObjectAcl"],
        "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
    });
    for (k, v) in fields.as_object().unwrap() {
        if v.is_null() {
            s.as_object_mut().unwrap().remove(k);
        } else {
            s[k] = v.clone();
        }
    }
    s
}

fn policy(stmts: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": stmts})
}

fn parse_expected(s: &str, assume_tls: bool, file: &str) -> Verdict {
    match s {
        "granted" => Verdict::Granted,
        // The Python reference has no TLS assumption; with the default assume_tls = true
        // cases 37 (Allow if SecureTransport) and 38 (Deny if not SecureTransport) are granted.
        "granted only under conditions"
            if assume_tls && (file.starts_with("37-") || file.starts_with("38-")) =>
        {
            Verdict::Granted
        }
        "granted only under conditions" => Verdict::Conditional,
        "not granted" => Verdict::NotGranted,
        "denied explicitly" => Verdict::Denied,
        other => panic!("unknown expected verdict {other:?}"),
    }
}

fn run_cases(assume_tls: bool) -> usize {
    let tsv = std::fs::read_to_string(format!("{CASES}/expected.tsv")).expect("expected.tsv");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row: Vec<&str> = line.split('\t').collect();
        let get = |name: &str| row.get(col(name)).copied().unwrap_or("");
        let opt = |name: &str| Some(get(name).to_string()).filter(|s| !s.is_empty());
        let file = get("file");
        let text = std::fs::read_to_string(format!("{CASES}/{file}")).unwrap();
        let policy: Value = serde_json::from_str(&text).unwrap();
        let r = Request {
            bucket: get("bucket").into(),
            prefix: get("prefix").into(),
            partition: get("partition").into(),
            region: None,
            account: opt("account"),
            sma_arn: opt("sma_arn"),
            assume_tls,
            text_len: text.len(),
            ..Request::default()
        };
        let want = parse_expected(get("expected"), assume_tls, file);
        n += 1;
        match evaluate(&policy, &r) {
            Ok(ev) if ev.verdict == want => {}
            Ok(ev) => failures.push(format!(
                "{file}: expected {want}, got {} ({:?})",
                ev.verdict,
                ev.actions.iter().map(|a| &a.reason).collect::<Vec<_>>()
            )),
            Err(e) => failures.push(format!("{file}: expected {want}, got errors {e:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}

#[test]
fn shared_cases_default_tls_assumption() {
    assert_eq!(run_cases(true), 56);
}

#[test]
fn shared_cases_without_tls_assumption_match_reference_exactly() {
    assert_eq!(run_cases(false), 56);
}

// ---------------------------------------------------------------- §1 Chime requirements

#[test]
fn documented_grant_is_granted_for_both_actions() {
    let ev = eval(with_grant(vec![]));
    assert_eq!(ev.verdict, Verdict::Granted);
    assert_eq!(ev.actions.len(), 2);
    assert_eq!(ev.actions[0].action, "s3:PutObject");
    assert_eq!(ev.actions[1].action, "s3:PutObjectAcl");
    assert_eq!(ev.actions[0].statements[0].pointer, "/Statement/0");
    assert!(ev.warnings.is_empty(), "{:?}", ev.warnings);
}

#[test]
fn media_pipelines_principal_is_not_enough() {
    let p = policy(vec![allow(
        json!({"Principal": {"Service": "mediapipelines.chime.amazonaws.com"}}),
    )]);
    assert_eq!(verdict(p), Verdict::NotGranted);
}

#[test]
fn both_actions_required() {
    let p = policy(vec![allow(json!({"Action": "s3:PutObject"}))]);
    let ev = eval(p);
    assert_eq!(ev.verdict, Verdict::NotGranted);
    assert_eq!(ev.actions[0].verdict, Verdict::Granted);
    assert_eq!(ev.actions[1].verdict, Verdict::NotGranted);
    assert!(ev.actions[1].help.is_some());
}

#[test]
fn old_doc_trailing_slash_resource_matches_only_empty_key() {
    let p = policy(vec![allow(
        json!({"Resource": format!("arn:aws:s3:::{BUCKET}/")}),
    )]);
    assert_eq!(verdict(p), Verdict::NotGranted);
}

// ---------------------------------------------------------------- §2 document rules

#[test]
fn statement_may_be_single_object() {
    let p = json!({"Version": "2012-10-17", "Statement": grant()});
    let ev = eval(p);
    assert_eq!(ev.verdict, Verdict::Granted);
    assert_eq!(ev.actions[0].statements[0].pointer, "/Statement");
}

#[test]
fn version_2008_and_missing_version_make_variables_literal() {
    let stmt = allow(json!({"Resource": "arn:aws:s3:::sma-recordings-${aws:SourceAccount}/*"}));
    let r = Request {
        bucket: format!("sma-recordings-{ACCOUNT}"),
        ..req()
    };
    let v12 = policy(vec![stmt.clone()]);
    assert_eq!(eval_with(v12, &r).verdict, Verdict::Granted);
    let v08 = json!({"Version": "2008-10-17", "Statement": [stmt.clone()]});
    assert_eq!(eval_with(v08, &r).verdict, Verdict::NotGranted);
    let none = json!({"Statement": [stmt]});
    assert_eq!(eval_with(none, &r).verdict, Verdict::NotGranted);
}

#[test]
fn string_or_array_everywhere() {
    let p = policy(vec![allow(json!({
        "Principal": {"Service": [SERVICE_PRINCIPAL]},
        "Action": "s3:PutObject*",
        "Resource": [format!("arn:aws:s3:::{BUCKET}/*")],
        "Condition": {"StringEquals": {"aws:SourceAccount": [ACCOUNT]}}
    }))]);
    assert_eq!(verdict(p), Verdict::Granted);
}

#[test]
fn duplicate_sids_are_independent_statements() {
    let p = policy(vec![
        allow(json!({"Sid": "Same", "Action": "s3:PutObject"})),
        allow(json!({"Sid": "Same", "Action": "s3:PutObjectAcl"})),
    ]);
    let ev = eval(p);
    assert_eq!(ev.verdict, Verdict::Granted);
    assert_eq!(ev.actions[1].statements[0].index, 1);
    assert_eq!(ev.actions[1].statements[0].to_string(), "#1 (Same)");
}

#[test]
fn size_over_20kb_warns() {
    let r = Request {
        text_len: 26_670,
        ..req()
    };
    let ev = eval_with(with_grant(vec![]), &r);
    assert!(ev.warnings.iter().any(|w| w.code.code == "SMA305"));
    // text_len 0: falls back to the serialised length.
    let big = "x".repeat(21_000);
    let ev = eval(with_grant(vec![deny(
        json!({"Sid": big, "Action": "s3:DeleteObject"}),
    )]));
    assert!(ev.warnings.iter().any(|w| w.code.code == "SMA305"));
    assert!(
        !eval(with_grant(vec![]))
            .warnings
            .iter()
            .any(|w| w.code.code == "SMA305")
    );
}

#[test]
fn invalid_documents() {
    let cases: Vec<(Value, &str)> = vec![
        (json!([]), ""),
        (json!("policy"), ""),
        (json!({"Version": "2012-10-17"}), ""),
        (json!({"Statement": 5}), "/Statement"),
        (
            json!({"Version": "2020-01-01", "Statement": []}),
            "/Version",
        ),
        (json!({"Statement": [], "Extra": 1}), "/Extra"),
        (json!({"Id": 3, "Statement": []}), "/Id"),
        (policy(vec![json!("not an object")]), "/Statement/0"),
        (
            policy(vec![allow(json!({"Effect": "Permit"}))]),
            "/Statement/0/Effect",
        ),
        (policy(vec![allow(json!({"Effect": null}))]), "/Statement/0"),
        (
            policy(vec![allow(json!({"NotPrincipal": {"AWS": "*"}}))]),
            "/Statement/0/NotPrincipal",
        ),
        (
            policy(vec![allow(json!({"Principal": null}))]),
            "/Statement/0",
        ),
        (
            policy(vec![allow(json!({"NotAction": "s3:GetObject"}))]),
            "/Statement/0/NotAction",
        ),
        (policy(vec![allow(json!({"Action": null}))]), "/Statement/0"),
        (
            policy(vec![allow(json!({"NotResource": "*"}))]),
            "/Statement/0/NotResource",
        ),
        (
            policy(vec![allow(json!({"Resource": null}))]),
            "/Statement/0",
        ),
        (
            policy(vec![allow(json!({"Action": 7}))]),
            "/Statement/0/Action",
        ),
        (
            policy(vec![allow(json!({"Action": []}))]),
            "/Statement/0/Action",
        ),
        (
            policy(vec![allow(json!({"Action": ["s3:PutObject", 1]}))]),
            "/Statement/0/Action/1",
        ),
        (
            policy(vec![allow(json!({"Principal": "someone"}))]),
            "/Statement/0/Principal",
        ),
        (
            policy(vec![allow(json!({"Principal": {"Robot": "x"}}))]),
            "/Statement/0/Principal/Robot",
        ),
        (policy(vec![allow(json!({"Sid": 1}))]), "/Statement/0/Sid"),
        (
            policy(vec![allow(json!({"Condition": []}))]),
            "/Statement/0/Condition",
        ),
        (
            policy(vec![allow(
                json!({"Condition": {"StringEqualz": {"aws:SourceAccount": "1"}}}),
            )]),
            "/Statement/0/Condition/StringEqualz",
        ),
        (
            policy(vec![allow(
                json!({"Condition": {"NullIfExists": {"aws:SourceArn": "true"}}}),
            )]),
            "/Statement/0/Condition/NullIfExists",
        ),
        (
            policy(vec![allow(json!({"Condition": {"StringEquals": "x"}}))]),
            "/Statement/0/Condition/StringEquals",
        ),
        (
            policy(vec![allow(
                json!({"Condition": {"StringEquals": {"a/b": {"x": 1}}}}),
            )]),
            "/Statement/0/Condition/StringEquals/a~1b",
        ),
        (
            policy(vec![allow(
                json!({"Condition": {"StringEquals": {"k": []}}}),
            )]),
            "/Statement/0/Condition/StringEquals/k",
        ),
        (
            policy(vec![allow(json!({"Unknown": 1}))]),
            "/Statement/0/Unknown",
        ),
    ];
    for (doc, pointer) in cases {
        let errs = evaluate(&doc, &req()).expect_err(&doc.to_string());
        assert!(
            errs.iter().any(|e| e.pointer == pointer),
            "{doc}: expected an error at {pointer:?}, got {errs:?}"
        );
    }
}

#[test]
fn all_errors_are_reported_together() {
    let p = policy(vec![
        allow(json!({"Effect": "Maybe"})),
        allow(json!({"Action": null, "Principal": "x"})),
    ]);
    let errs = evaluate(&p, &req()).unwrap_err();
    assert!(errs.len() >= 3, "{errs:?}");
    assert!(errs.iter().all(|e| !e.to_string().is_empty()));
}

#[test]
fn deep_and_odd_input_never_panics() {
    let mut deep = json!("x");
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let odd = vec![
        json!(null),
        json!({"Statement": deep.clone()}),
        policy(vec![allow(json!({"Action": deep.clone()}))]),
        policy(vec![allow(
            json!({"Condition": {"StringEquals": {"k": deep.clone()}}}),
        )]),
        policy(vec![allow(
            json!({"Resource": ["", ":", "arn:::::", "*", "arn:aws:s3:::*:*:*"]}),
        )]),
        policy(vec![allow(
            json!({"Resource": "arn:aws:s3:::${", "Condition": {"StringLike": {"aws:SourceArn": "${aws:SourceArn"}}}),
        )]),
        policy(vec![allow(
            json!({"Condition": {"ForAnyValue:": {"k": "v"}}}),
        )]),
        policy(vec![allow(json!({"Condition": {"Bool": {"": ""}}}))]),
    ];
    for p in odd {
        let _ = evaluate(&p, &req());
        let _ = evaluate(&p, &Request::default());
    }
}

// ---------------------------------------------------------------- §3 request context table

#[test]
fn context_table_classes() {
    use keys::{CONTEXT_KEYS, find};
    assert!(CONTEXT_KEYS.len() > 30);
    assert!(find("AWS:SOURCEACCOUNT").is_some());
    assert!(find("aws:PrincipalTag/team").is_some_and(|k| k.prefix));
    assert!(find("s3:x-amz-grant-full-control").is_some());
    assert!(find("ec2:Whatever").is_none());
    assert_eq!(deciding_flag("aws:sourcearn"), Some("--sma-arn"));
    assert_eq!(
        deciding_flag("aws:SourceAccount"),
        Some("--account or --sma-arn")
    );
    assert_eq!(
        deciding_flag("aws:SecureTransport"),
        Some("--no-assume-tls")
    );
    assert_eq!(deciding_flag("s3:x-amz-acl"), None);
}

/// Every flag the key table names (in help, assumptions and "decided by") is one that
/// `sma check-bucket` takes.
#[test]
fn the_flags_the_context_table_names_exist() {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let check_bucket = cli.find_subcommand("check-bucket").unwrap();
    let longs: Vec<String> = check_bucket
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(|l| format!("--{l}"))
        .collect();
    let mut named = Vec::new();
    for k in keys::CONTEXT_KEYS {
        let texts = k.flag.into_iter().chain(k.assumption);
        for text in texts.chain(keys::how_to_decide(k.name).as_deref()) {
            named.extend(
                text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .filter(|w| w.starts_with("--"))
                    .map(str::to_string),
            );
        }
    }
    assert!(named.len() > 4, "{named:?}");
    for flag in named {
        assert!(longs.contains(&flag), "{flag} is not a check-bucket flag");
    }
    let how = keys::how_to_decide("aws:SecureTransport").unwrap();
    assert!(how.contains("leave out --no-assume-tls"), "{how}");
}

#[test]
fn unknown_account_and_arn_are_conditional_with_flags() {
    let p = policy(vec![allow(json!({"Condition": {"StringEquals": {
        "aws:SourceAccount": ACCOUNT,
        "aws:SourceArn": SMA
    }}}))]);
    let ev = eval_with(p.clone(), &Request::new(BUCKET, ""));
    assert_eq!(ev.verdict, Verdict::Conditional);
    assert_eq!(ev.unknown_keys, ["aws:SourceAccount", "aws:SourceArn"]);
    let help = ev.actions[0].help.as_deref().unwrap();
    assert!(
        help.contains("--sma-arn") && help.contains("--account"),
        "{help}"
    );
    // The account alone decides SourceAccount; SourceArn stays unknown.
    let r = Request {
        account: Some(ACCOUNT.into()),
        ..Request::new(BUCKET, "")
    };
    assert_eq!(eval_with(p.clone(), &r).unknown_keys, ["aws:SourceArn"]);
    // The SMA ARN gives both.
    let r = Request {
        sma_arn: Some(SMA.into()),
        ..Request::new(BUCKET, "")
    };
    assert_eq!(eval_with(p, &r).verdict, Verdict::Granted);
}

#[test]
fn known_false_account_is_not_granted_even_without_arn() {
    let p = policy(vec![allow(
        json!({"Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}}),
    )]);
    let r = Request {
        account: Some(ACCOUNT.into()),
        ..Request::new(BUCKET, "")
    };
    let ev = eval_with(p, &r);
    assert_eq!(ev.verdict, Verdict::NotGranted);
    assert!(
        ev.actions[0].reason.contains("111122223333"),
        "{}",
        ev.actions[0].reason
    );
}

#[test]
fn secure_transport_assumption_is_reported_and_switchable() {
    let p = with_grant(vec![deny(json!({
        "Principal": "*", "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }))]);
    let ev = eval(p.clone());
    assert_eq!(ev.verdict, Verdict::Granted);
    assert_eq!(ev.assumptions.len(), 1);
    assert!(ev.assumptions[0].contains("aws:SecureTransport"));
    let r = Request {
        assume_tls: false,
        ..req()
    };
    let ev = eval_with(p, &r);
    assert_eq!(ev.verdict, Verdict::Conditional);
    assert_eq!(ev.unknown_keys, ["aws:SecureTransport"]);
    assert_eq!(ev.actions[0].statements[0].index, 1);
    // No assumption reported when the policy does not use the key.
    assert!(eval(with_grant(vec![])).assumptions.is_empty());
}

#[test]
fn header_keys_are_unknown() {
    let p = with_grant(vec![deny(json!({
        "Principal": "*", "Action": "s3:PutObject",
        "Condition": {"StringNotEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}
    }))]);
    let ev = eval(p);
    assert_eq!(ev.verdict, Verdict::Conditional);
    assert_eq!(ev.actions[0].unknown_keys, ["s3:x-amz-acl"]);
    assert_eq!(ev.actions[1].verdict, Verdict::Granted);
    assert!(
        ev.actions[0]
            .help
            .as_deref()
            .unwrap()
            .contains("not documented")
    );
}

// ---------------------------------------------------------------- §4.1 principal

#[test]
fn principal_forms() {
    let v = |pr: Value| verdict(policy(vec![allow(json!({"Principal": pr}))]));
    assert_eq!(v(json!("*")), Verdict::Granted);
    assert_eq!(v(json!({"AWS": "*"})), Verdict::Granted);
    assert_eq!(
        v(json!({"AWS": ["arn:aws:iam::111122223333:root", "*"]})),
        Verdict::Granted
    );
    assert_eq!(
        v(json!({"Service": ["s3.amazonaws.com", SERVICE_PRINCIPAL]})),
        Verdict::Granted
    );
    assert_eq!(
        v(json!({"Service": "VoiceConnector.chime.amazonaws.com"})),
        Verdict::NotGranted
    );
    assert_eq!(
        v(json!({"Service": "*.chime.amazonaws.com"})),
        Verdict::NotGranted
    );
    assert_eq!(v(json!({"AWS": ACCOUNT})), Verdict::NotGranted);
    assert_eq!(
        v(json!({"AWS": "arn:aws:iam::111122223333:root"})),
        Verdict::NotGranted
    );
    assert_eq!(
        v(json!({"Federated": "cognito-identity.amazonaws.com"})),
        Verdict::NotGranted
    );
    assert_eq!(
        v(json!({"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"})),
        Verdict::NotGranted
    );
}

#[test]
fn not_principal() {
    let lock = |np: Value| {
        verdict(with_grant(vec![deny(json!({
            "Principal": null, "NotPrincipal": np, "Action": "s3:*"
        }))]))
    };
    assert_eq!(
        lock(json!({"AWS": "arn:aws:iam::111122223333:root"})),
        Verdict::Denied
    );
    assert_eq!(
        lock(json!({"AWS": "arn:aws:iam::111122223333:root", "Service": SERVICE_PRINCIPAL})),
        Verdict::Granted
    );
    let p = policy(vec![allow(
        json!({"Principal": null, "NotPrincipal": {"AWS": ACCOUNT}}),
    )]);
    assert_eq!(verdict(p), Verdict::Granted);
}

// ---------------------------------------------------------------- §4.2 action

#[test]
fn action_globs_are_case_insensitive() {
    let v = |a: Value| verdict(policy(vec![allow(json!({"Action": a}))]));
    for granted in [
        "s3:*",
        "s3:Put*",
        "s3:PutObject*",
        "*",
        "S3:PUTOBJECT*",
        "s3:P?tObject*",
    ] {
        assert_eq!(v(json!(granted)), Verdict::Granted, "{granted}");
    }
    assert_eq!(
        v(json!(["s3:putobject", "s3:putobjectacl"])),
        Verdict::Granted
    );
    assert_eq!(v(json!("s3:PutObjec?")), Verdict::NotGranted);
    assert_eq!(v(json!("s3:Get*")), Verdict::NotGranted);
    assert_eq!(v(json!("s3:PutObjects")), Verdict::NotGranted);
}

#[test]
fn not_action() {
    let p = policy(vec![allow(
        json!({"Action": null, "NotAction": "s3:Delete*"}),
    )]);
    assert_eq!(verdict(p), Verdict::Granted);
    let p = policy(vec![allow(
        json!({"Action": null, "NotAction": "s3:PutObjectAcl"}),
    )]);
    assert_eq!(eval(p).actions[1].verdict, Verdict::NotGranted);
    let p = with_grant(vec![deny(
        json!({"Action": null, "NotAction": "s3:GetObject"}),
    )]);
    assert_eq!(verdict(p), Verdict::Denied);
}

// ---------------------------------------------------------------- §4.3 resource

fn resource_verdict(resources: Value, prefix: &str) -> Verdict {
    let r = Request {
        prefix: prefix.into(),
        ..req()
    };
    eval_with(policy(vec![allow(json!({"Resource": resources}))]), &r).verdict
}

#[test]
fn resource_matching() {
    let g = Verdict::Granted;
    let n = Verdict::NotGranted;
    let cases: &[(&str, &str, Verdict)] = &[
        ("*", "", g),
        ("arn:aws:s3:::sma-recordings-example/*", "", g),
        ("arn:aws:s3:::sma-recordings-example", "", n),
        ("arn:aws:s3:::sma-recordings-example/", "", n),
        (
            "arn:aws:s3:::sma-recordings-example/voicemail/*",
            "recordings/",
            n,
        ),
        (
            "arn:aws:s3:::sma-recordings-example/recordings/*",
            "recordings/",
            g,
        ),
        (
            "arn:aws:s3:::sma-recordings-example/recordings*",
            "recordings/",
            g,
        ),
        ("arn:aws:s3:::sma-recordings-example/recordings/*", "", n),
        ("arn:aws:s3:::sma-recordings-*/*", "", g),
        ("arn:aws:s3:::sma-recordings-exampl?/*", "", g),
        ("arn:aws:s3:::SMA-RECORDINGS-EXAMPLE/*", "", n),
        ("arn:aws-cn:s3:::sma-recordings-example/*", "", n),
        ("arn:*:s3:::sma-recordings-example/*", "", g),
        ("arn:aws:s3:*:*:sma-recordings-example/*", "", g),
        ("arn:aws:s3:us-east-1::sma-recordings-example/*", "", n),
        ("arn:aws:s3:::sma-recordings-example/*/2026/*", "", n),
        ("arn:aws:s3:::sma-recordings-example/rec/*.wav", "rec/", n),
        ("arn:aws:s3:::sma-recordings-example/rec/?*", "rec/", g),
        ("arn:aws:sqs:::sma-recordings-example/*", "", n),
        ("sma-recordings-example/*", "", n),
    ];
    for (res, prefix, want) in cases {
        assert_eq!(
            resource_verdict(json!(res), prefix),
            *want,
            "{res} with prefix {prefix:?}"
        );
    }
}

#[test]
fn govcloud_partition_from_target() {
    let r = Request {
        partition: "aws-us-gov".into(),
        ..req()
    };
    let p = policy(vec![allow(
        json!({"Resource": "arn:aws-us-gov:s3:::sma-recordings-example/*"}),
    )]);
    assert_eq!(eval_with(p.clone(), &r).verdict, Verdict::Granted);
    assert_eq!(eval(p).verdict, Verdict::NotGranted);
}

#[test]
fn union_of_resource_entries_and_statements_is_exact() {
    let b = "arn:aws:s3:::sma-recordings-example";
    // "a/?" covers one-character names, "a/??*" the rest.
    assert_eq!(
        resource_verdict(json!([format!("{b}/a/?"), format!("{b}/a/??*")]), "a/"),
        Verdict::Granted
    );
    assert_eq!(
        resource_verdict(json!([format!("{b}/a/??*")]), "a/"),
        Verdict::NotGranted
    );
    let r = Request {
        prefix: "a/".into(),
        ..req()
    };
    let p = policy(vec![
        allow(json!({"Resource": format!("{b}/a/?")})),
        allow(json!({"Resource": format!("{b}/a/??*")})),
    ]);
    assert_eq!(eval_with(p, &r).verdict, Verdict::Granted);
    // Split actions over partial key spaces (case 48).
    let p = policy(vec![
        allow(json!({"Action": "s3:PutObject"})),
        allow(json!({"Action": "s3:PutObjectAcl", "Resource": format!("{b}/recordings/*")})),
    ]);
    assert_eq!(verdict(p), Verdict::NotGranted);
}

#[test]
fn deny_counts_if_it_hits_any_key() {
    let b = "arn:aws:s3:::sma-recordings-example";
    let with_prefix = |res: &str, prefix: &str| {
        let r = Request {
            prefix: prefix.into(),
            ..req()
        };
        eval_with(
            with_grant(vec![deny(json!({"Principal": "*", "Resource": res}))]),
            &r,
        )
        .verdict
    };
    assert_eq!(with_prefix(&format!("{b}/*.exe"), ""), Verdict::Denied);
    assert_eq!(
        with_prefix(&format!("{b}/tmp/*"), "recordings/"),
        Verdict::Granted
    );
    assert_eq!(
        with_prefix(&format!("{b}/recordings/x"), "recordings/"),
        Verdict::Denied
    );
    assert_eq!(
        with_prefix(&format!("{b}/recordings/"), "recordings/"),
        Verdict::Granted
    );
    assert_eq!(with_prefix(b, ""), Verdict::Granted);
}

#[test]
fn not_resource() {
    let b = "arn:aws:s3:::sma-recordings-example";
    let allow_nr = |nr: Value| {
        verdict(policy(vec![allow(
            json!({"Resource": null, "NotResource": nr}),
        )]))
    };
    assert_eq!(
        allow_nr(json!("arn:aws:s3:::other-bucket/*")),
        Verdict::Granted
    );
    assert_eq!(
        allow_nr(json!(format!("{b}/private/*"))),
        Verdict::NotGranted
    );
    let deny_nr = |nr: Value| {
        verdict(with_grant(vec![deny(
            json!({"Principal": "*", "Resource": null, "NotResource": nr}),
        )]))
    };
    assert_eq!(deny_nr(json!(format!("{b}/recordings/*"))), Verdict::Denied);
    assert_eq!(deny_nr(json!([format!("{b}/*")])), Verdict::Granted);
    assert_eq!(
        deny_nr(json!([format!("{b}/?"), format!("{b}/??*")])),
        Verdict::Granted
    );
}

// ---------------------------------------------------------------- §4.4 conditions

fn cond_verdict(cond: Value) -> Verdict {
    verdict(policy(vec![allow(json!({"Condition": cond}))]))
}

fn deny_cond_verdict(cond: Value) -> Verdict {
    verdict(with_grant(vec![deny(
        json!({"Principal": "*", "Action": "s3:*", "Condition": cond}),
    )]))
}

#[test]
fn condition_and_or_semantics() {
    use Verdict::*;
    // keys AND, values OR
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"aws:SourceAccount": ["1", ACCOUNT]}})),
        Granted
    );
    assert_eq!(
        cond_verdict(
            json!({"StringEquals": {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": "arn:x"}})
        ),
        NotGranted
    );
    // operators AND
    assert_eq!(
        cond_verdict(json!({
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
            "ArnLike": {"aws:SourceArn": "arn:aws:chime:us-west-2:*"}
        })),
        NotGranted
    );
    // negated operators: none of the values may match
    assert_eq!(
        cond_verdict(json!({"StringNotEquals": {"aws:SourceAccount": ["1", ACCOUNT]}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"StringNotEquals": {"aws:SourceAccount": ["1", "2"]}})),
        Granted
    );
    // F ∧ U = F, T ∧ U = U
    assert_eq!(
        cond_verdict(
            json!({"StringEquals": {"aws:SourceAccount": "1"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
        ),
        NotGranted
    );
    assert_eq!(
        cond_verdict(
            json!({"StringEquals": {"aws:SourceAccount": ACCOUNT}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
        ),
        Conditional
    );
}

#[test]
fn key_names_case_insensitive_values_case_sensitive() {
    use Verdict::*;
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"AWS:SOURCEACCOUNT": ACCOUNT}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"AWS:SOURCEACCOUNT": "444455556666"}})),
        NotGranted
    );
    let svc = SERVICE_PRINCIPAL.to_uppercase();
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"aws:PrincipalServiceName": svc}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"StringEqualsIgnoreCase": {"aws:PrincipalServiceName": svc}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"StringNotEqualsIgnoreCase": {"aws:PrincipalServiceName": svc}})),
        NotGranted
    );
}

#[test]
fn string_like_and_arn_like() {
    use Verdict::*;
    assert_eq!(
        cond_verdict(
            json!({"StringLike": {"aws:SourceArn": "arn:aws:chime:*:111122223333:sma/*"}})
        ),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"StringLike": {"aws:SourceArn": "arn:aws:chime:*"}})),
        Granted,
        "StringLike spans colons"
    );
    assert_eq!(
        cond_verdict(json!({"ArnLike": {"aws:SourceArn": "arn:aws:chime:*"}})),
        NotGranted,
        "ArnLike is per segment"
    );
    assert_eq!(
        cond_verdict(json!({"ArnLike": {"aws:SourceArn": "arn:aws:chime:*:111122223333:*"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"ArnEquals": {"aws:SourceArn": "arn:aws:chime:*:111122223333:*"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(
            json!({"ArnLike": {"aws:SourceArn": "arn:aws:chime:us-west-2:111122223333:*"}})
        ),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"ArnNotLike": {"aws:SourceArn": "arn:aws:chime:us-west-2:*:*"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"aws:SourceArn": "arn:aws:chime:*"}})),
        NotGranted,
        "StringEquals has no wildcards"
    );
}

#[test]
fn absent_keys_and_if_exists() {
    use Verdict::*;
    // positive on absent → F, negated on absent → T (Deny applies)
    assert_eq!(
        cond_verdict(json!({"StringEquals": {"aws:PrincipalOrgID": "o-1"}})),
        NotGranted
    );
    assert_eq!(
        deny_cond_verdict(json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})),
        Denied
    );
    assert_eq!(
        deny_cond_verdict(json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}})),
        Denied
    );
    // IfExists: absent → T; present → normal test
    assert_eq!(
        cond_verdict(json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})),
        Granted
    );
    assert_eq!(
        deny_cond_verdict(json!({"StringNotEqualsIfExists": {"aws:SourceAccount": ACCOUNT}})),
        Granted
    );
    assert_eq!(
        deny_cond_verdict(json!({
            "StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1"},
            "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}
        })),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"StringLike": {"aws:PrincipalTag/team": "x"}})),
        NotGranted
    );
}

#[test]
fn null_operator() {
    use Verdict::*;
    assert_eq!(
        cond_verdict(json!({"Null": {"aws:SourceArn": "false"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"Null": {"aws:SourceArn": "true"}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"Null": {"aws:SourceVpce": "true"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"Null": {"aws:SecureTransport": "false"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"Null": {"s3:x-amz-acl": "false"}})),
        Conditional
    );
    // present but unknown value: Null is still decided
    let r = Request {
        sma_arn: None,
        account: None,
        ..req()
    };
    let p = policy(vec![allow(
        json!({"Condition": {"Null": {"aws:SourceArn": "false"}}}),
    )]);
    assert_eq!(eval_with(p, &r).verdict, Granted);
}

#[test]
fn set_operators() {
    use Verdict::*;
    assert_eq!(
        cond_verdict(json!({"ForAnyValue:StringEquals": {"aws:SourceAccount": [ACCOUNT, "4"]}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"ForAllValues:StringEquals": {"aws:SourceAccount": ["4"]}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(
            json!({"ForAllValues:StringEquals": {"aws:PrincipalServiceNamesList": [SERVICE_PRINCIPAL]}})
        ),
        Granted
    );
    // absent: ForAnyValue → F, ForAllValues → T
    assert_eq!(
        cond_verdict(json!({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-1/*"}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-1/*"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"ForAnyValue:StringNotEquals": {"aws:CalledVia": "x"}})),
        NotGranted
    );
}

#[test]
fn bool_numeric_date_ip_binary() {
    use Verdict::*;
    assert_eq!(
        cond_verdict(json!({"Bool": {"aws:PrincipalIsAWSService": true}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"Bool": {"aws:PrincipalIsAWSService": "FALSE"}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"Bool": {"aws:ViaAWSService": "false"}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"NumericEquals": {"aws:SourceAccount": 111122223333u64}})),
        Granted
    );
    assert_eq!(
        cond_verdict(json!({"NumericLessThan": {"aws:SourceAccount": "5"}})),
        NotGranted
    );
    assert_eq!(
        cond_verdict(json!({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}})),
        Conditional
    );
    assert_eq!(
        cond_verdict(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
        Conditional
    );
    assert_eq!(
        deny_cond_verdict(json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
        Conditional
    );
    assert_eq!(
        cond_verdict(json!({"BinaryEquals": {"s3:x-amz-content-sha256": "QUJD"}})),
        Conditional
    );
}

#[test]
fn policy_variables_in_conditions() {
    use Verdict::*;
    let v = |cond: Value, version: &str| {
        let p = json!({"Version": version, "Statement": [allow(json!({"Condition": cond}))]});
        verdict(p)
    };
    let like = json!({"ArnLike": {"aws:SourceArn": "arn:aws:chime:*:${aws:SourceAccount}:sma/*"}});
    assert_eq!(v(like.clone(), "2012-10-17"), Granted);
    assert_eq!(v(like, "2008-10-17"), NotGranted);
    // Unknown variable value → U; absent with a default → the default.
    let ua = json!({"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}});
    assert_eq!(v(ua, "2012-10-17"), Conditional);
    let dflt =
        json!({"StringEquals": {"aws:SourceAccount": "${aws:PrincipalOrgID, '111122223333'}"}});
    assert_eq!(v(dflt, "2012-10-17"), Granted);
    // ${*} is a literal star, not a wildcard.
    let lit = json!({"StringLike": {"aws:SourceArn": "arn:aws:chime:${*}"}});
    assert_eq!(v(lit, "2012-10-17"), NotGranted);
}

#[test]
fn policy_variables_in_resources() {
    let r = Request {
        bucket: format!("rec-{ACCOUNT}"),
        ..req()
    };
    let p = policy(vec![allow(
        json!({"Resource": "arn:aws:s3:::rec-${aws:SourceAccount}/*"}),
    )]);
    assert_eq!(eval_with(p.clone(), &r).verdict, Verdict::Granted);
    let r2 = Request {
        account: None,
        sma_arn: None,
        ..r
    };
    let ev = eval_with(p, &r2);
    assert_eq!(ev.verdict, Verdict::Conditional);
    assert_eq!(ev.unknown_keys, ["aws:SourceAccount"]);
}

// ---------------------------------------------------------------- §4.5 combining

#[test]
fn deny_beats_allow_and_worst_wins() {
    let p = with_grant(vec![deny(
        json!({"Principal": "*", "Action": "s3:PutObjectAcl"}),
    )]);
    let ev = eval(p);
    assert_eq!(ev.verdict, Verdict::Denied);
    assert_eq!(ev.actions[0].verdict, Verdict::Granted);
    assert_eq!(ev.actions[1].verdict, Verdict::Denied);
    assert_eq!(ev.actions[1].statements[0].index, 1);
    assert!(ev.actions[1].reason.contains("#1"));
    assert!(Verdict::Granted < Verdict::Conditional);
    assert!(Verdict::Conditional < Verdict::NotGranted);
    assert!(Verdict::NotGranted < Verdict::Denied);
    let names: Vec<String> = [
        Verdict::Granted,
        Verdict::Conditional,
        Verdict::NotGranted,
        Verdict::Denied,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(names, ["granted", "conditional", "not-granted", "denied"]);
}

#[test]
fn conditional_allow_plus_unconditional_allow_is_granted() {
    let p = with_grant(vec![allow(
        json!({"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}),
    )]);
    assert_eq!(verdict(p), Verdict::Granted);
}

#[test]
fn unknown_deny_and_certain_deny() {
    let p = with_grant(vec![
        deny(json!({"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})),
        deny(json!({"Principal": "*", "Action": "s3:PutObjectAcl"})),
    ]);
    let ev = eval(p);
    assert_eq!(ev.actions[0].verdict, Verdict::Conditional);
    assert_eq!(ev.actions[1].verdict, Verdict::Denied);
    assert_eq!(ev.verdict, Verdict::Denied);
    assert_eq!(ev.unknown_keys, ["aws:SourceIp"]);
}

#[test]
fn empty_statement_list_is_not_granted() {
    let ev = eval(json!({"Version": "2012-10-17", "Statement": []}));
    assert_eq!(ev.verdict, Verdict::NotGranted);
    assert!(ev.actions[0].reason.contains("no Allow statement"));
}

// ---------------------------------------------------------------- warnings

fn codes(p: Value) -> Vec<(&'static str, String)> {
    eval(p)
        .warnings
        .into_iter()
        .map(|w| (w.code.code, w.pointer))
        .collect()
}

#[test]
fn warning_codes() {
    let has = |p: Value, code: &str, pointer: &str| {
        let c = codes(p);
        assert!(
            c.iter().any(|(k, p)| *k == code && p == pointer),
            "expected {code} at {pointer:?}, got {c:?}"
        );
    };
    has(
        policy(vec![allow(json!({"Principal": "*"}))]),
        "SMA301",
        "/Statement/0/Principal",
    );
    has(
        policy(vec![allow(json!({"Principal": {"AWS": "*"}}))]),
        "SMA301",
        "/Statement/0/Principal",
    );
    has(policy(vec![allow(json!({}))]), "SMA302", "/Statement/0");
    has(
        policy(vec![allow(
            json!({"Principal": null, "NotPrincipal": {"AWS": ACCOUNT}}),
        )]),
        "SMA303",
        "/Statement/0/NotPrincipal",
    );
    has(json!({"Statement": [grant()]}), "SMA304", "");
    has(
        json!({"Version": "2008-10-17", "Statement": [grant()]}),
        "SMA304",
        "/Version",
    );
    has(
        policy(vec![allow(
            json!({"Action": ["s3:PutObject", "s3:PutObjects"]}),
        )]),
        "SMA306",
        "/Statement/0/Action/1",
    );
    has(
        policy(vec![allow(json!({"Action": "iam:PassRole"}))]),
        "SMA306",
        "/Statement/0/Action",
    );
    has(
        policy(vec![allow(
            json!({"Principal": {"Service": "voiceconnector.*.amazonaws.com"}}),
        )]),
        "SMA307",
        "/Statement/0/Principal/Service",
    );
    has(
        policy(vec![allow(
            json!({"Principal": {"AWS": ["arn:aws:iam::*:root"]}}),
        )]),
        "SMA307",
        "/Statement/0/Principal/AWS/0",
    );
    // SMA305 is covered by size_over_20kb_warns.
    for w in eval(policy(vec![allow(json!({"Principal": "*"}))])).warnings {
        assert!(w.help.is_some() && !w.message.is_empty());
    }
}

#[test]
fn no_false_warnings() {
    assert!(codes(with_grant(vec![])).is_empty());
    // SourceArn alone also pins the grant; a Deny with "*" is not a public grant.
    let p = policy(vec![
        allow(json!({"Condition": {"ArnLike": {"aws:SourceArn": SMA}}})),
        deny(json!({"Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::other/*"})),
    ]);
    assert!(codes(p).is_empty());
    // Actions with wildcards that match real actions are fine.
    let p = with_grant(vec![deny(
        json!({"Principal": "*", "Action": ["s3:Delete*", "*"], "Resource": "arn:aws:s3:::other/*"}),
    )]);
    assert!(codes(p).is_empty());
}

// ---------------------------------------------------------------- fix statement, SMA ARN

fn add_statement(mut p: Value, s: Value) -> Value {
    let stmts = match p["Statement"].take() {
        Value::Array(a) => a,
        Value::Null => vec![],
        one => vec![one],
    };
    p["Statement"] = Value::Array(stmts.into_iter().chain([s]).collect());
    p
}

#[test]
fn fix_statement_grants_when_no_deny_blocks() {
    let tsv = std::fs::read_to_string(format!("{CASES}/expected.tsv")).unwrap();
    let mut fixed = 0;
    for line in tsv.lines().skip(1) {
        let row: Vec<&str> = line.split('\t').collect();
        let (file, expected) = (row[0], row[1]);
        if expected == "denied explicitly" {
            continue;
        }
        let r = Request {
            bucket: row[2].into(),
            prefix: row[3].into(),
            partition: row[4].into(),
            account: Some(row[5].into()),
            sma_arn: Some(row[6].into()),
            ..Request::default()
        };
        let p: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{CASES}/{file}")).unwrap())
                .unwrap();
        let ev = evaluate(&add_statement(p, fix_statement(&r)), &r).unwrap();
        let blocked_by_unknown_deny = ["39-", "53-"].iter().any(|p| file.starts_with(p));
        let want = if blocked_by_unknown_deny {
            Verdict::Conditional
        } else {
            Verdict::Granted
        };
        assert_eq!(ev.verdict, want, "{file}");
        fixed += 1;
    }
    assert!(fixed > 40);
}

#[test]
fn fix_statement_shape() {
    let r = Request {
        prefix: "recordings/".into(),
        ..req()
    };
    let s = fix_statement(&r);
    assert_eq!(
        s["Resource"],
        "arn:aws:s3:::sma-recordings-example/recordings/*"
    );
    assert_eq!(s["Principal"]["Service"], SERVICE_PRINCIPAL);
    assert_eq!(s["Action"], json!(["s3:PutObject", "s3:PutObjectAcl"]));
    assert_eq!(s["Condition"]["StringEquals"]["aws:SourceAccount"], ACCOUNT);
    assert_eq!(s["Condition"]["StringEquals"]["aws:SourceArn"], SMA);
    assert!(
        fix_statement(&Request::new("b", ""))
            .get("Condition")
            .is_none()
    );
    let ev = eval_with(policy(vec![s]), &r);
    assert_eq!(ev.verdict, Verdict::Granted);
    assert!(ev.warnings.is_empty(), "{:?}", ev.warnings);
}

#[test]
fn sma_arn_parsing() {
    assert_eq!(
        parse_sma_arn(SMA).unwrap(),
        ("aws".into(), "us-east-1".into(), ACCOUNT.into())
    );
    assert_eq!(
        parse_sma_arn("arn:aws-us-gov:chime:us-gov-west-1:111122223333:sma/x")
            .unwrap()
            .0,
        "aws-us-gov"
    );
    for bad in [
        "",
        "arn:aws:chime:us-east-1:111122223333",
        "arx:aws:chime:us-east-1:111122223333:sma/x",
        "arn:gcp:chime:us-east-1:111122223333:sma/x",
        "arn:aws:s3:us-east-1:111122223333:sma/x",
        "arn:aws:chime::111122223333:sma/x",
        "arn:aws:chime:us-east-1:1111:sma/x",
        "arn:aws:chime:us-east-1:111122223333:vc/x",
        "arn:aws:chime:us-east-1:111122223333:sma/",
        "arn:aws:chime:us-east-1:111122223333:sma/*",
        "arn:aws:chime:us-east-1:111122223333:sma/x:y",
    ] {
        assert!(parse_sma_arn(bad).is_err(), "{bad}");
    }
    let r = Request {
        sma_arn: Some(SMA.into()),
        ..Request::default()
    };
    assert_eq!(r.effective_account().as_deref(), Some(ACCOUNT));
}

#[test]
fn a_near_miss_service_principal_is_named_with_a_did_you_mean() {
    for service in [
        "chime.amazonaws.com",
        "voiceconnector.amazonaws.com",
        "voiceconnector.chime.amazonaws.co",
    ] {
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service},
                "Action": ["s3:PutObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::b-1/*"}]
        });
        let ev = evaluate(&policy, &Request::new("b-1", "")).unwrap();
        let w = ev
            .warnings
            .iter()
            .find(|w| w.code.code == "SMA308")
            .unwrap_or_else(|| panic!("{service}: {:?}", ev.warnings));
        assert_eq!(w.pointer, "/Statement/0/Principal/Service");
        assert!(
            w.message
                .contains("did you mean `voiceconnector.chime.amazonaws.com`")
        );
        assert_eq!(ev.verdict, Verdict::NotGranted);
    }
    let exact = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": ["voiceconnector.chime.amazonaws.com", "lambda.amazonaws.com"]},
        "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b-1/*"}]});
    let ev = evaluate(&exact, &Request::new("b-1", "")).unwrap();
    assert!(
        ev.warnings.iter().all(|w| w.code.code != "SMA308"),
        "{:?}",
        ev.warnings
    );
}

// --- keys an action never carries (issue: check-bucket exact) ---------------------------------

/// The common guard "Deny s3:Put* without the encryption header" (S3 User Guide, "Requiring
/// server-side encryption", the `Null` form) denies PutObjectAcl: the header is a condition
/// key of PutObject only (Service Authorization Reference, Amazon S3), so a PutObjectAcl
/// request never carries it and `Null: true` holds.
#[test]
fn a_key_the_action_never_carries_is_absent() {
    let p = with_grant(vec![deny(json!({
        "Principal": "*",
        "Action": "s3:Put*",
        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}
    }))]);
    let e = eval(p);
    assert_eq!(e.actions[0].action, "s3:PutObject");
    assert_eq!(e.actions[0].verdict, Verdict::Conditional);
    assert_eq!(e.actions[1].action, "s3:PutObjectAcl");
    assert_eq!(e.actions[1].verdict, Verdict::Denied);
    assert_eq!(e.verdict, Verdict::Denied);
    // the StringNotEquals form denies PutObjectAcl too (negated operators hold on an absent key)
    let p = with_grant(vec![deny(json!({
        "Principal": "*",
        "Action": "s3:PutObject*",
        "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}}
    }))]);
    assert_eq!(eval(p).actions[1].verdict, Verdict::Denied);
    // ...IfExists is true, ForAnyValue false, positive operators false on the absent key
    for (op, acl) in [
        ("StringEqualsIfExists", Verdict::Denied),
        ("ForAnyValue:StringEquals", Verdict::Granted),
        ("ForAllValues:StringEquals", Verdict::Denied),
        ("StringEquals", Verdict::Granted),
    ] {
        let p = with_grant(vec![deny(json!({
            "Principal": "*",
            "Action": ["s3:PutObject", "s3:PutObjectAcl"],
            "Condition": {op: {"s3:x-amz-server-side-encryption": "aws:kms"}}
        }))]);
        assert_eq!(eval(p).actions[1].verdict, acl, "{op}");
    }
    // ExistingObjectTag is a key of PutObjectAcl and GetObject, not of PutObject
    let p = with_grant(vec![deny(json!({
        "Principal": "*",
        "Action": "s3:Put*",
        "Condition": {"StringEquals": {"s3:ExistingObjectTag/classification": "secret"}}
    }))]);
    let e = eval(p);
    assert_eq!(e.actions[0].verdict, Verdict::Granted);
    assert_eq!(e.actions[1].verdict, Verdict::Conditional);
}

#[test]
fn condition_keys_s3_refuses_are_policy_errors() {
    let cases = [
        // an unknown s3: key, with a did-you-mean
        (
            json!({"StringEquals": {"s3:x-amz-server-side-encryptionn": "AES256"}}),
            "`s3:x-amz-server-side-encryptionn` is not a condition key of S3 (did you mean `s3:x-amz-server-side-encryption`?)",
        ),
        // a key of another action (ListBucket's)
        (
            json!({"StringLike": {"s3:prefix": "voicemail/*"}}),
            "`s3:prefix` is not a condition key of this statement's actions (s3:PutObject, s3:PutObjectAcl)",
        ),
        // a key of another service
        (
            json!({"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}),
            "`kms:ViaService` is not a condition key of this statement's actions",
        ),
    ];
    for (cond, want) in cases {
        let mut g = grant();
        g["Condition"] = cond;
        let errors = evaluate(&policy(vec![g]), &req()).unwrap_err();
        assert!(errors[0].message.starts_with(want), "{}", errors[0].message);
        assert!(errors[0].pointer.starts_with("/Statement/0/Condition/"));
    }
    // a policy S3 holds is not judged again: the key is just absent
    let mut g = grant();
    g["Condition"] = json!({"StringLike": {"s3:prefix": "voicemail/*"}});
    let held = Request {
        validate_keys: false,
        ..req()
    };
    assert_eq!(
        eval_with(policy(vec![g]), &held).verdict,
        Verdict::NotGranted
    );
    // a key one of the actions supports is fine (x-amz-acl: both)
    let mut g = grant();
    g["Condition"] = json!({"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}});
    assert_eq!(verdict(policy(vec![g])), Verdict::Conditional);
}

#[test]
fn an_unknown_global_key_is_absent_and_named() {
    // the typo makes the Deny meant to pin the account apply to every request
    let p = with_grant(vec![deny(json!({
        "Principal": "*",
        "Action": "s3:*",
        "Condition": {"StringNotEquals": {"aws:SourceAcount": ACCOUNT}}
    }))]);
    let e = eval(p);
    assert_eq!(e.verdict, Verdict::Denied);
    let w: Vec<&Finding> = e
        .warnings
        .iter()
        .filter(|w| w.code.code == "SMA317")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message.contains("did you mean `aws:SourceAccount`"),
        "{}",
        w[0].message
    );
    assert_eq!(
        w[0].pointer,
        "/Statement/1/Condition/StringNotEquals/aws:SourceAcount"
    );
}

// --- the SMA's identity is a shape --------------------------------------------------------------

/// With `--account` only, every SMA ARN is `arn:aws:chime:<region>:<account>:sma/<id>`: a
/// SourceArn pattern over the account's SMAs holds, one pinned to another account's never
/// does, one naming a single SMA stays unknown.
#[test]
fn source_arn_is_decided_by_the_account_alone_where_it_can_be() {
    let account_only = Request {
        account: Some(ACCOUNT.into()),
        ..Request::new(BUCKET, "")
    };
    let with = |op: &str, arn: &str| {
        let mut g = grant();
        g["Condition"] = json!({op: {"aws:SourceArn": arn}});
        eval_with(policy(vec![g]), &account_only).verdict
    };
    let other = "444455556666";
    for (op, arn, want) in [
        (
            "ArnLike",
            format!("arn:aws:chime:*:{ACCOUNT}:*"),
            Verdict::Granted,
        ),
        (
            "ArnLike",
            format!("arn:aws:chime:*:{ACCOUNT}:sma/*"),
            Verdict::Granted,
        ),
        (
            "StringLike",
            format!("arn:aws:chime:*:{ACCOUNT}:sma/*"),
            Verdict::Granted,
        ),
        (
            "ArnLike",
            format!("arn:aws:chime:*:{other}:*"),
            Verdict::NotGranted,
        ),
        (
            "ArnEquals",
            format!("arn:aws:chime:us-east-1:{other}:sma/x"),
            Verdict::NotGranted,
        ),
        (
            "StringEquals",
            format!("arn:aws:chime:us-east-1:{other}:sma/x"),
            Verdict::NotGranted,
        ),
        (
            "ArnLike",
            format!("arn:aws:s3:::{BUCKET}"),
            Verdict::NotGranted,
        ),
        (
            "ArnLike",
            format!("arn:aws:chime:*:{ACCOUNT}:vc/*"),
            Verdict::NotGranted,
        ),
        (
            "ArnLike",
            format!("arn:aws-cn:chime:*:{ACCOUNT}:*"),
            Verdict::NotGranted,
        ),
        ("StringEquals", SMA.to_string(), Verdict::Conditional),
        (
            "ArnLike",
            format!("arn:aws:chime:us-east-1:{ACCOUNT}:sma/*"),
            Verdict::Conditional,
        ),
        (
            "StringLike",
            "arn:aws:chime:*".to_string(),
            Verdict::Conditional,
        ),
        (
            "ArnNotLike",
            format!("arn:aws:chime:*:{other}:*"),
            Verdict::Granted,
        ),
    ] {
        assert_eq!(with(op, &arn), want, "{op} {arn}");
    }
    // a Deny on another account's SMAs does not apply to ours
    let p = with_grant(vec![deny(json!({
        "Principal": "*",
        "Action": "s3:*",
        "Condition": {"ArnNotLike": {"aws:SourceArn": format!("arn:aws:chime:*:{ACCOUNT}:sma/*")}}
    }))]);
    assert_eq!(eval_with(p, &account_only).verdict, Verdict::Granted);
}

// --- correlated conditions ------------------------------------------------------------------------

#[test]
fn allows_on_a_value_and_its_negation_cover_every_request() {
    let no_tls = Request {
        assume_tls: false,
        ..req()
    };
    // SecureTransport true or false: every request is one of them
    let mut a = grant();
    a["Condition"] = json!({"Bool": {"aws:SecureTransport": "true"}});
    let mut b = grant();
    b["Condition"] = json!({"Bool": {"aws:SecureTransport": "false"}});
    let e = eval_with(policy(vec![a.clone()]), &no_tls);
    assert_eq!(e.verdict, Verdict::Conditional, "one alone depends on it");
    let e = eval_with(policy(vec![a, b]), &no_tls);
    assert_eq!(e.verdict, Verdict::Granted, "{:?}", e.actions);
    assert!(
        e.actions[0]
            .reason
            .starts_with("for every value of `aws:SecureTransport`")
    );
    assert!(e.unknown_keys.is_empty());

    // x-amz-acl equal to a value, or not equal to it (absent included: negated holds)
    let mut a = grant();
    a["Condition"] = json!({"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}});
    let mut b = grant();
    b["Condition"] = json!({"StringNotEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}});
    assert_eq!(verdict(policy(vec![a.clone(), b])), Verdict::Granted);
    // ... but not with IgnoreCase on one side: `BUCKET-OWNER-FULL-CONTROL` is in neither
    let mut c = grant();
    c["Condition"] =
        json!({"StringNotEqualsIgnoreCase": {"s3:x-amz-acl": "bucket-owner-full-control"}});
    assert_eq!(verdict(policy(vec![a, c])), Verdict::Conditional);
}

#[test]
fn a_statement_requiring_a_value_and_its_negation_never_applies() {
    let mut g = grant();
    g["Condition"] = json!({
        "StringEquals": {"s3:x-amz-acl": "private", "aws:SourceAccount": ACCOUNT},
        "StringNotEquals": {"s3:x-amz-acl": "private"}
    });
    let e = eval(policy(vec![g]));
    assert_eq!(e.verdict, Verdict::NotGranted, "{:?}", e.actions);
}

#[test]
fn numeric_intervals_are_classes() {
    let mut a = grant();
    a["Condition"] = json!({"NumericLessThanIfExists": {"s3:signatureAge": "600000"}});
    let mut b = grant();
    b["Condition"] = json!({"NumericGreaterThanEquals": {"s3:signatureAge": "600000"}});
    assert_eq!(verdict(policy(vec![a.clone(), b])), Verdict::Granted);
    // a gap between 600000 and 700000 is a class no Allow covers
    let mut c = grant();
    c["Condition"] = json!({"NumericGreaterThan": {"s3:signatureAge": "700000"}});
    assert_eq!(verdict(policy(vec![a, c])), Verdict::Conditional);
}

#[test]
fn keys_not_split_and_too_many_combinations_stay_conditional() {
    // a binary operator is not split
    let mut a = grant();
    a["Condition"] = json!({"BinaryEquals": {"s3:x-amz-content-sha256": "QUJD"}});
    let mut b = grant();
    b["Condition"] = json!({"BinaryNotEquals": {"s3:x-amz-content-sha256": "QUJD"}});
    assert_eq!(verdict(policy(vec![a, b])), Verdict::Conditional);
    // 4 keys of 10 classes each: 10^4 > 4096 combinations
    let keys = [
        "s3:x-amz-acl",
        "s3:x-amz-storage-class",
        "s3:x-amz-content-sha256",
        "s3:authType",
    ];
    let values: Vec<String> = (0..9).map(|i| format!("v{i}")).collect();
    let mut g = grant();
    let mut eq = serde_json::Map::new();
    for k in keys {
        eq.insert(k.into(), json!(values));
    }
    g["Condition"] = json!({"StringEquals": eq});
    let e = eval(policy(vec![g]));
    assert_eq!(e.verdict, Verdict::Conditional);
    assert!(
        e.actions[0].reason.contains("more than 4096 combinations"),
        "{}",
        e.actions[0].reason
    );
}

#[test]
fn a_resource_and_the_same_not_resource_cover_the_key_space_together() {
    let a = allow(
        json!({"Resource": format!("arn:aws:s3:::{BUCKET}/a*"), "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}),
    );
    let b = allow(
        json!({"Resource": null, "NotResource": format!("arn:aws:s3:::{BUCKET}/a*"), "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}),
    );
    assert_eq!(verdict(policy(vec![a.clone()])), Verdict::NotGranted);
    assert_eq!(verdict(policy(vec![b.clone()])), Verdict::NotGranted);
    assert_eq!(verdict(policy(vec![a, b])), Verdict::Granted);
}

#[test]
fn like_patterns_split_into_the_regions_of_their_venn_diagram() {
    let like = |op: &str, v: Value| {
        let mut g = grant();
        g["Condition"] = json!({op: {"s3:x-amz-acl": v}});
        g
    };
    // a pattern and its negation
    let p = policy(vec![
        like("StringLike", json!("bucket-*")),
        like("StringNotLike", json!("bucket-*")),
    ]);
    assert_eq!(verdict(p), Verdict::Granted);
    // `bucket-*` or `*-full-control`, and neither: every value is in one of them
    let p = policy(vec![
        like("StringLike", json!(["bucket-*", "*-full-control"])),
        like("StringNotLike", json!(["bucket-*", "*-full-control"])),
    ]);
    assert_eq!(verdict(p), Verdict::Granted);
    // `bucket-*` and `*-read` overlap (`bucket-read`); an Allow on each and one on neither
    // still leaves nothing out
    let p = policy(vec![
        like("StringLike", json!("bucket-*")),
        like("StringLike", json!("*-read")),
        like("StringNotLike", json!(["bucket-*", "*-read"])),
    ]);
    assert_eq!(verdict(p), Verdict::Granted);
    // but an Allow on `a*` and one on `*b` leave `c` out: conditional
    let p = policy(vec![
        like("StringLike", json!("a*")),
        like("StringLike", json!("*b")),
    ]);
    assert_eq!(verdict(p), Verdict::Conditional);
    // a statement requiring `a?` and not `a*` never applies
    let mut g = grant();
    g["Condition"] =
        json!({"StringLike": {"s3:x-amz-acl": "a?"}, "StringNotLike": {"s3:x-amz-acl": "a*"}});
    assert_eq!(verdict(policy(vec![g])), Verdict::NotGranted);
}

#[test]
fn date_and_ip_intervals_are_classes() {
    let with = |cond: Value| {
        let mut g = grant();
        g["Condition"] = cond;
        g
    };
    // before a date, or on and after it (aws:CurrentTime is always present)
    let p = policy(vec![
        with(json!({"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}})),
        with(json!({"DateGreaterThanEquals": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}})),
    ]);
    assert_eq!(verdict(p), Verdict::Granted);
    let p = policy(vec![
        with(json!({"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}})),
        with(json!({"DateGreaterThan": {"aws:CurrentTime": "2027-06-01T00:00:00Z"}})),
    ]);
    assert_eq!(
        verdict(p),
        Verdict::Conditional,
        "the months between are left out"
    );
    // inside a block or outside it (IfExists: an absent address is let through)
    let p = policy(vec![
        with(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
        with(json!({"NotIpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}})),
    ]);
    assert_eq!(verdict(p), Verdict::Granted);
    let p = policy(vec![
        with(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
        with(json!({"IpAddress": {"aws:SourceIp": "11.0.0.0/8"}})),
    ]);
    assert_eq!(verdict(p), Verdict::Conditional);
}

#[test]
fn arn_patterns_split_segment_by_segment() {
    let no_arn = Request {
        sma_arn: None,
        account: None,
        ..req()
    };
    let with = |op: &str, arn: &str| {
        let mut g = grant();
        g["Condition"] = json!({op: {"aws:SourceArn": arn}});
        g
    };
    // an ARN pattern and its negation cover every value
    let p = policy(vec![
        with("ArnLike", "arn:aws:chime:*:*:sma/a*"),
        with("ArnNotLike", "arn:aws:chime:*:*:sma/a*"),
    ]);
    assert_eq!(eval_with(p, &no_arn).verdict, Verdict::Granted);
    // `arn:aws:chime:*:*:*` and `arn:aws:*:*:*:sma/*`: a `chime` SMA is in both, the
    // ones of another service or resource in one, and values that are no ARN in neither
    let p = policy(vec![
        with("ArnLike", "arn:aws:chime:*:*:*"),
        with("ArnLike", "arn:aws:*:*:*:sma/*"),
    ]);
    assert_eq!(eval_with(p, &no_arn).verdict, Verdict::Conditional);
    // a statement requiring an SMA ARN and not any chime ARN never applies
    let mut g = grant();
    g["Condition"] = json!({
        "ArnLike": {"aws:SourceArn": "arn:aws:chime:*:*:sma/*"},
        "ArnNotLike": {"aws:SourceArn": "arn:aws:chime:*"}
    });
    // `arn:aws:chime:*` has fewer than six segments: ArnNotLike of it always holds
    assert_eq!(
        eval_with(policy(vec![g]), &no_arn).verdict,
        Verdict::Conditional
    );
    let mut g = grant();
    g["Condition"] = json!({
        "ArnLike": {"aws:SourceArn": "arn:aws:chime:*:*:sma/*"},
        "ArnNotLike": {"aws:SourceArn": "arn:aws:chime:*:*:*"}
    });
    assert_eq!(
        eval_with(policy(vec![g]), &no_arn).verdict,
        Verdict::NotGranted
    );
}
