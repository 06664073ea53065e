//! SMA205: a bucket name, anywhere an action names one, that no new general-purpose bucket can
//! have.
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::{Context, Rule, declare_rule};
use crate::source::Span;

declare_rule!(
    /// ### What it does
    /// Checks every bucket an action names against every S3 general-purpose bucket naming
    /// rule: RecordAudio's `RecordingDestination.BucketName`, the `BucketName` of PlayAudio's
    /// and PlayAudioAndGetDigits' `AudioSource` and `FailureAudioSource` and of CallAndBridge's
    /// `RingbackTone`, and the bucket part (before the first `/`) of StartCallRecording's
    /// `Destination.Location`. The rules: 3-63 characters; only `a-z 0-9 . -`; first and last character a
    /// letter or digit; no `..`; not shaped like an IPv4 address; none of the reserved prefixes
    /// (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`, `--ol-s3`, `.mrap`,
    /// `--x-s3`, `--table-s3`, and `-an` outside the account-regional pattern).
    ///
    /// ### Why is this bad?
    /// The action fails: a recording with "RecordingDestination parameter value is invalid."
    /// or "Error occurred while uploading recording to S3 bucket.", audio with "Access denied
    /// to the audio file" or "Error occurred while reading the audio file" (no such bucket can
    /// exist). Placeholders copied from the docs
    /// (`{{bucket-name}}`) and empty names from unset environment variables are caught here.
    /// Buckets created in us-east-1 before 2018-03-01 could have upper case, `_` and up to 255
    /// characters; such a legacy name is still reported, with that exception in the help.
    ///
    /// ### Example
    /// `"BucketName": "{{bucket-name}}"`
    /// Use instead: `"BucketName": "my-recordings"`
    InvalidBucketName,
    code = "SMA205",
    name = "invalid-bucket-name",
    severity = Error,
    summary = "a bucket name that breaks the S3 bucket naming rules",
    fix = "use a valid bucket name: 3-63 characters of a-z, 0-9, `.` and `-`",
);

const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Lists every naming rule `name` breaks, and whether only a legacy us-east-1 bucket could have it.
pub fn bucket_name_problems(name: &str) -> (Vec<String>, bool) {
    let mut problems = Vec::new();
    let len = name.chars().count();
    if !(3..=63).contains(&len) {
        problems.push(format!(
            "is {} long; names have 3 to 63",
            crate::util::plural(len, "character")
        ));
    }
    let bad: Vec<char> = name
        .chars()
        .filter(|c| !matches!(c, 'a'..='z' | '0'..='9' | '.' | '-'))
        .collect();
    if !bad.is_empty() {
        let mut shown: Vec<String> = Vec::new();
        for c in bad {
            let s = format!("`{}`", c.escape_debug());
            if !shown.contains(&s) {
                shown.push(s);
            }
        }
        problems.push(format!(
            "contains {} (only lower-case letters, digits, `.` and `-` are allowed)",
            shown.join(", ")
        ));
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !name.is_empty() && (!alnum(name.chars().next()) || !alnum(name.chars().last())) {
        problems.push("must begin and end with a lower-case letter or digit".into());
    }
    if name.contains("..") {
        problems.push("contains two adjacent periods".into());
    }
    let octets: Vec<&str> = name.split('.').collect();
    if octets.len() == 4
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()))
    {
        problems.push("is formatted as an IP address".into());
    }
    for p in RESERVED_PREFIXES {
        if name.starts_with(p) {
            problems.push(format!("starts with the reserved prefix `{p}`"));
        }
    }
    for s in RESERVED_SUFFIXES {
        if name.ends_with(s) {
            problems.push(format!("ends with the reserved suffix `{s}`"));
        }
    }
    if name.ends_with("-an") && !is_account_regional(name) {
        problems.push(
            "ends with `-an`, reserved for account-regional names (`<name>-<12-digit account>-<region>-an`)"
                .into(),
        );
    }
    // Upper case, `_` and up to 255 characters were allowed in us-east-1 before 2018-03-01.
    let legacy = !problems.is_empty()
        && len <= 255
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && (len > 63 || name.chars().any(|c| c.is_ascii_uppercase() || c == '_'));
    (problems, legacy)
}

fn is_account_regional(name: &str) -> bool {
    // <prefix>-<12 digits>-<region>-an, region like us-west-2
    let Some(stem) = name.strip_suffix("-an") else {
        return false;
    };
    let parts: Vec<&str> = stem.split('-').collect();
    let n = parts.len();
    n >= 5
        && parts[n - 1].bytes().all(|b| b.is_ascii_digit())
        && parts[n - 4].len() == 12
        && parts[n - 4].bytes().all(|b| b.is_ascii_digit())
}

/// The SMA205 finding for a bucket name written at `pointer` / `span`, if it breaks a naming
/// rule (shared with `check-bucket`, which never sends such a name to S3).
pub fn invalid_name_finding(
    name: &str,
    pointer: &str,
    span: impl FnOnce() -> Span,
) -> Option<Finding> {
    let (problems, legacy) = bucket_name_problems(name);
    if problems.is_empty() {
        return None;
    }
    let mut help = "bucket names are 3-63 characters of a-z, 0-9, `.` and `-`, starting and ending with a letter or digit".to_string();
    if legacy {
        help.push_str("; only a bucket created in us-east-1 before 2018-03-01 can have such a name: if yours is one, keep it, otherwise pick a valid name");
    }
    Some(
        Finding::new(
            format!("invalid bucket name `{name}`: {}", problems.join("; ")),
            pointer,
            span(),
        )
        .label(problems[0].clone())
        .detail(problems.join("; "))
        .help(help),
    )
}

impl Rule for InvalidBucketName {
    fn check(&self, doc: &Document, ctx: &mut Context<'_>) {
        for u in ctx.bucket_uses() {
            // located only for a finding: most names are valid
            let span = || {
                if u.in_location() {
                    doc.substring_span(&u.at, 0..u.bucket.len())
                } else {
                    doc.span(&u.at)
                }
            };
            if let Some(f) = invalid_name_finding(&u.bucket, u.at.as_str(), span) {
                ctx.report(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bucket_name_problems;
    use crate::rules::test::{destination, response, test_rule};

    fn bucket(name: &str) -> String {
        destination(name, None)
    }

    #[test]
    fn test() {
        let pass = [
            "my-recordings",
            "abc",
            "a.b-c",
            "env-wavfile-bucket",
            "valid-bucket-name",
            "recordings-111122223333-us-west-2-an",
            &"a".repeat(63),
        ]
        .map(bucket);
        let fail = [
            "",
            "ab",
            "{{bucket-name}}",
            "amzn_s3_demo_bucket",
            "AmznS3DemoBucket",
            "doc-example-bucket-",
            "example..com",
            "192.168.5.4",
            "xn--bucket",
            "sthree-bucket",
            "bucket-s3alias",
            "bucket--ol-s3",
            "bucket.mrap",
            "bucket--x-s3",
            "bucket--table-s3",
            "bucket-an",
            &"a".repeat(64),
        ]
        .map(bucket);
        let mut fail = fail.to_vec();
        fail.extend(everywhere("My_Bucket"));
        let mut pass = pass.to_vec();
        pass.extend(everywhere("my-prompts"));
        test_rule(&super::InvalidBucketName, &pass, &fail);
    }

    /// The bucket `name` in every other place an action names one.
    fn everywhere(name: &str) -> Vec<String> {
        let audio = format!(r#"{{"Type": "S3", "BucketName": "{name}", "Key": "a.wav"}}"#);
        [
            format!(r#"{{"Type": "PlayAudio", "Parameters": {{"CallId": "c-1", "AudioSource": {audio}}}}}"#),
            format!(r#"{{"Type": "PlayAudioAndGetDigits", "Parameters": {{"CallId": "c-1", "AudioSource": {audio}, "FailureAudioSource": {audio}, "MinNumberOfDigits": 1, "RepeatDurationInMilliseconds": 3000}}}}"#),
            format!(r#"{{"Type": "CallAndBridge", "Parameters": {{"CallTimeoutSeconds": 30, "CallerIdNumber": "+15555550100", "Endpoints": [{{"BridgeEndpointType": "PSTN", "Uri": "+15555550101"}}], "RingbackTone": {audio}}}}}"#),
            format!(r#"{{"Type": "StartCallRecording", "Parameters": {{"CallId": "c-1", "Track": "BOTH", "Destination": {{"Type": "S3", "Location": "{name}/calls/en"}}}}}}"#),
            format!(r#"{{"Type": "StartCallRecording", "Parameters": {{"CallId": "c-1", "Track": "BOTH", "Destination": {{"Type": "S3", "Location": "{name}"}}}}}}"#),
        ]
        .map(|a| response(&a))
        .to_vec()
    }

    #[test]
    fn legacy_names_are_recognised() {
        assert!(bucket_name_problems("My_Bucket").1);
        assert!(bucket_name_problems(&"a".repeat(100)).1);
        assert!(!bucket_name_problems("{{x}}").1);
        assert!(!bucket_name_problems("ok-name").1);
    }
}
