//! Property: whatever `sma record-audio generate` prints, `sma lint` accepts; whatever it
//! refuses, it prints nothing. Random flag combinations, valid and invalid values mixed, run
//! in-process through `sma::run` (the same code path as the binary).
use clap::Parser;
use proptest::prelude::*;
use sma::Outcome;
use sma::cli::Cli;

/// Runs a command line in-process: (outcome, stdout, stderr).
fn run(args: &[String], stdin: &[u8]) -> Option<(Outcome, Vec<u8>, Vec<u8>)> {
    let cli = Cli::try_parse_from(args).ok()?;
    let (mut out, mut err, mut input) = (Vec::new(), Vec::new(), stdin);
    let outcome = sma::run(
        cli,
        &mut sma::Io {
            stdout: &mut out,
            stderr: &mut err,
            stdin: &mut input,
            stdout_is_terminal: false,
        },
    );
    Some((outcome, out, err))
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-5i64..1200).prop_map(|n| n.to_string()),
        (-10.0f64..1100.0).prop_map(|f| format!("{f:.2}")),
        (1u64..u64::MAX).prop_map(|n| n.to_string()),
        prop::sample::select(vec![
            "ten", "1e3", "", " 1", "0", "1000", "1001", "007", "2.", "NaN"
        ])
        .prop_map(str::to_string),
    ]
}

fn terminator() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["0", "1", "5", "9", "*", "#"]).prop_map(str::to_string),
        prop::sample::select(vec!["A", "##", "", " ", "10"]).prop_map(str::to_string),
    ]
}

fn bucket() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]",
        "[a-z0-9.-]{0,70}",
        "[A-Za-z0-9._-]{1,12}",
        prop::sample::select(vec![
            "xn--abc",
            "b-1--ol-s3",
            "192.168.5.4",
            "a..b",
            "sthree-x"
        ])
        .prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9/!_.*'()-]{0,20}", ".{0,12}", Just(String::new())]
}

prop_compose! {
    fn flags()(
        leg in 0u8..3,
        call_id in text(),
        tag in prop::sample::select(vec!["LEG-A", "LEG-B"]),
        duration in prop::option::of(number()),
        silence_duration in prop::option::of(number()),
        silence_threshold in prop::option::of(number()),
        terminator in prop::collection::vec(terminator(), 0..4),
        terminators in prop::option::of("[0-9*#A]{0,4}"),
        bucket in bucket(),
        prefix in prop::option::of(text()),
        compact in any::<bool>(),
        response in any::<bool>(),
    ) -> Vec<String> {
        let mut a: Vec<String> = vec!["sma".into(), "record-audio".into(), "generate".into()];
        let mut flag = |name: &str, value: &str| a.push(format!("--{name}={value}"));
        match leg {
            1 => flag("call-id", &call_id),
            2 => flag("participant-tag", tag),
            _ => {}
        }
        if let Some(v) = &duration { flag("duration", v) }
        if let Some(v) = &silence_duration { flag("silence-duration", v) }
        if let Some(v) = &silence_threshold { flag("silence-threshold", v) }
        for t in &terminator { flag("terminator", t) }
        if let Some(v) = &terminators { flag("terminators", v) }
        flag("bucket", &bucket);
        if let Some(v) = &prefix { flag("prefix", v) }
        if compact { a.push("--compact".into()) }
        if response { a.push("--response".into()) }
        a
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn whatever_generate_prints_lint_accepts(args in flags()) {
        let (outcome, out, err) = run(&args, b"").expect("every generated command line parses");
        let stderr = String::from_utf8_lossy(&err);
        match outcome {
            Outcome::Clean => {
                prop_assert!(!out.is_empty());
                let lint: Vec<String> = ["sma", "lint", "-", "--stdin-filename", "generated.json"]
                    .map(String::from)
                    .to_vec();
                let (verdict, report, _) = run(&lint, &out).unwrap();
                prop_assert_eq!(
                    verdict,
                    Outcome::Clean,
                    "{:?}\n{}\n{}",
                    args,
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&report)
                );
                // no refusal text on success, only warnings
                prop_assert!(!stderr.contains("error:"), "{}", stderr);
            }
            Outcome::Failed => {
                prop_assert!(out.is_empty(), "refused but printed: {:?}", args);
                prop_assert!(stderr.contains("invalid value `"), "{:?}\n{}", args, stderr);
                prop_assert!(!stderr.contains("/Parameters"), "{}", stderr);
            }
            Outcome::Findings => prop_assert!(false, "generate never exits 1: {:?}", args),
        }
    }
}

prop_compose! {
    /// Only documented values: generate must accept every one of these combinations.
    fn valid_flags()(
        leg in 0u8..3,
        call_id in "[a-z0-9-]{1,36}",
        tag in prop::sample::select(vec!["LEG-A", "LEG-B"]),
        duration in prop::option::of(1u32..100_000),
        silence in prop::option::of((1u32..=1000, prop::option::of(1u32..=1000))),
        // distinct keys: a key given twice is refused
        terminators in prop::sample::subsequence(vec!["0", "3", "9", "*", "#"], 0..3).prop_shuffle(),
        // starts with `b` and ends with `9`: no reserved prefix or suffix
        bucket in "b[a-z0-9-]{1,40}9",
        prefix in prop::option::of("[a-zA-Z0-9/!_.*'()-]{1,40}"),
        compact in any::<bool>(),
        response in any::<bool>(),
    ) -> Vec<String> {
        let mut a: Vec<String> = vec!["sma".into(), "record-audio".into(), "generate".into()];
        let mut flag = |name: &str, value: &str| a.push(format!("--{name}={value}"));
        match leg {
            1 => flag("call-id", &call_id),
            2 => flag("participant-tag", tag),
            _ => {}
        }
        if let Some(d) = duration { flag("duration", &d.to_string()) }
        if let Some((d, t)) = silence {
            flag("silence-duration", &d.to_string());
            if let Some(t) = t { flag("silence-threshold", &t.to_string()) }
        }
        for t in &terminators { flag("terminator", t) }
        flag("bucket", &bucket);
        if let Some(p) = &prefix { flag("prefix", p) }
        if compact { a.push("--compact".into()) }
        if response { a.push("--response".into()) }
        a
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn documented_values_are_always_accepted(args in valid_flags()) {
        let (outcome, out, err) = run(&args, b"").unwrap();
        prop_assert_eq!(outcome, Outcome::Clean, "{:?}\n{}", args, String::from_utf8_lossy(&err));
        let lint: Vec<String> = ["sma", "lint", "-"].map(String::from).to_vec();
        prop_assert_eq!(run(&lint, &out).unwrap().0, Outcome::Clean);
    }
}
