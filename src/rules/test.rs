//! Test helpers for rules: wrap parameters in a valid envelope, run pass/fail lists, snapshot.
use crate::check::check;
use crate::diagnostic::Checked;
use crate::rules::Rule;
use crate::source::SourceFile;

/// Wraps RecordAudio `Parameters` in a full handler response.
pub fn record_audio(params: &str) -> String {
    format!(
        "{{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": [\n    {{\n      \"Type\": \"RecordAudio\",\n      \"Parameters\": {params}\n    }}\n  ]\n}}\n"
    )
}

/// Valid RecordAudio parameters with `extra` members appended (e.g. `"SilenceThreshold": 5`).
pub fn params_with(extra: &str) -> String {
    let base = r##""CallId": "c-1", "RecordingTerminators": ["#"], "RecordingDestination": {"Type": "S3", "BucketName": "my-recordings"}"##;
    if extra.is_empty() {
        format!("{{{base}}}")
    } else {
        format!("{{{base}, {extra}}}")
    }
}

/// A response whose RecordAudio has the given bucket and prefix (`None`: no `Prefix`).
pub fn destination(bucket: &str, prefix: Option<&str>) -> String {
    let prefix = prefix
        .map(|p| format!(", \"Prefix\": \"{p}\""))
        .unwrap_or_default();
    record_audio(&format!(
        r##"{{"RecordingTerminators": ["#"], "RecordingDestination": {{"Type": "S3", "BucketName": "{bucket}"{prefix}}}}}"##
    ))
}

/// Runs a document through the whole pipeline.
pub fn lint(text: &str) -> Checked {
    check(SourceFile::new("test.json", text))
}

/// Renders the findings of one code as `line:col: CODE message [label] help`, for snapshots.
pub fn render(checked: &Checked, code: &str) -> String {
    let mut out = String::new();
    for d in checked.diagnostics.iter().filter(|d| d.code == code) {
        let p = checked.source.position(d.span.start);
        out.push_str(&format!(
            "{}:{}: {} {} {} [{}] help: {}\n",
            p.line,
            p.column,
            d.code,
            d.severity.as_str(),
            d.message,
            d.label.as_deref().unwrap_or(""),
            d.help
        ));
    }
    out
}

/// Asserts that every `pass` document is free of the rule's code, every `fail` document has it,
/// and snapshots the failing findings under the rule's name.
pub fn test_rule(rule: &dyn Rule, pass: &[String], fail: &[String]) {
    let meta = rule.meta();
    for text in pass {
        let c = lint(text);
        assert!(
            c.diagnostics.iter().all(|d| d.code != meta.code),
            "{} fired on a passing case:\n{text}\n{}",
            meta.code,
            render(&c, meta.code)
        );
    }
    let mut snapshot = String::new();
    for text in fail {
        let c = lint(text);
        let found = render(&c, meta.code);
        assert!(!found.is_empty(), "{} did not fire on:\n{text}", meta.code);
        snapshot.push_str(&found);
    }
    insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
        insta::assert_snapshot!(meta.name, snapshot);
    });
}
