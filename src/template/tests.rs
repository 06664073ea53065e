use serde_json::json;

use super::*;

fn template(name: &str, text: &str) -> Template {
    match detect(&SourceFile::new(name, text)) {
        Detected::Template(t) => *t,
        Detected::No => panic!("{name}: not detected as a template"),
        Detected::Invalid(d) => panic!("{name}: invalid: {}", d[0].message),
    }
}

fn pseudo(account: Option<&str>) -> Pseudo {
    Pseudo {
        account: account.map(String::from),
        partition: "aws".into(),
        region: None,
    }
}

const YAML: &str = include_str!("../../tests/templates/two-policies.yaml");
const CDK: &str = include_str!("../../tests/templates/cdk.template.json");

#[test]
fn yaml_short_forms_resolve_against_the_bucket_they_attach_to() {
    let t = template("two-policies.yaml", YAML);
    let policies = t.bucket_policies(&pseudo(Some("111122223333")));
    let ids: Vec<&str> = policies.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["RecordingsBucketPolicy", "PromptsBucketPolicy"]);
    let rec = &policies[0];
    assert_eq!(
        rec.bucket,
        Bucket {
            name: "<RecordingsBucket>".into(),
            literal: false,
            id: Some("RecordingsBucket".into())
        }
    );
    let s = &rec.document["Statement"][0];
    assert_eq!(s["Resource"], json!("arn:aws:s3:::<RecordingsBucket>/*"));
    assert_eq!(
        s["Principal"]["Service"],
        json!("voiceconnector.chime.amazonaws.com")
    );
    assert_eq!(
        s["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!("111122223333")
    );
    assert!(rec.unresolved.is_empty());
    let prompts = &policies[1];
    assert_eq!(prompts.bucket.name, "prompts-111122223333");
    assert!(prompts.bucket.literal);
    assert!(prompts.bucket.is_named("PromptsBucket"));
    assert_eq!(
        prompts.document["Statement"][0]["Resource"],
        json!("arn:aws:s3:::prompts-111122223333/*")
    );
    // the spans of a policy's values are found by pointers relative to the policy
    let spans = t.spans_of(prompts);
    let at = spans.get("/Statement/0/Resource").unwrap().value;
    assert!(
        YAML[at.start..at.end].starts_with("!Join"),
        "{}",
        &YAML[at.start..at.end]
    );
}

#[test]
fn without_the_account_what_depends_on_it_is_unknown_and_named() {
    let t = template("two-policies.yaml", YAML);
    let policies = t.bucket_policies(&pseudo(None));
    let rec = &policies[0];
    assert_eq!(
        rec.document["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!("${template:AWS::AccountId}")
    );
    assert_eq!(rec.unresolved.len(), 1);
    let d = &rec.unresolved[0];
    assert_eq!(d.code, "SMA309");
    assert!(d.message.contains("--account"), "{}", d.message);
    assert_eq!(&YAML[d.span.start..d.span.end], "!Ref AWS::AccountId");
    // the prompts bucket's name depends on the account: known by its symbol, no finding
    let prompts = &policies[1];
    assert_eq!(prompts.bucket.name, "<PromptsBucket>");
    assert!(!prompts.bucket.literal);
    assert_eq!(
        prompts.document["Statement"][0]["Resource"],
        json!("arn:aws:s3:::<PromptsBucket>/*")
    );
}

#[test]
fn cdk_json_template_resolves_join_and_getatt() {
    let t = template("cdk.template.json", CDK);
    let policies = t.bucket_policies(&pseudo(Some("111122223333")));
    assert_eq!(policies.len(), 1);
    let p = &policies[0];
    assert_eq!(p.bucket.name, "acme-sma-recordings");
    assert!(p.bucket.is_named("RecordingsBucket4F2C1F57"));
    assert_eq!(
        p.document["Statement"][1]["Resource"],
        json!([
            "arn:aws:s3:::acme-sma-recordings",
            "arn:aws:s3:::acme-sma-recordings/*"
        ])
    );
    let at = t.spans_of(p).get("/Statement/0/Resource").unwrap().value;
    assert!(CDK[at.start..at.end].starts_with("{\"Fn::Join\""));
}

#[test]
fn parameters_sub_variables_and_unknown_functions() {
    let text = r#"
Parameters:
  BucketParam: {Type: String}
  Other: {Type: String}
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref BucketParam
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: voiceconnector.chime.amazonaws.com}
            Action: s3:PutObject
            Resource:
              - !Sub "arn:${AWS::Partition}:s3:::${BucketParam}/${!aws:SourceAccount}/*"
              - !Sub ["arn:aws:s3:::${B}/x/*", {B: !Ref Other}]
              - !ImportValue SharedArn
              - !Sub "arn:aws:s3:::${aws:SourceAccount}"
              - !If [IsProd, "a", "b"]
              - !Ref Missing
"#;
    let t = template("p.yaml", text);
    let p = &t.bucket_policies(&pseudo(None))[0];
    assert_eq!(p.bucket.name, "<BucketParam>");
    assert!(p.bucket.is_named("BucketParam"));
    assert_eq!(
        p.document["Statement"][0]["Resource"],
        json!([
            "arn:aws:s3:::<BucketParam>/${aws:SourceAccount}/*",
            "arn:aws:s3:::${template:Ref(Other)}/x/*",
            "${template:Fn::ImportValue}",
            "arn:aws:s3:::${template:aws:SourceAccount}",
            "${template:Fn::If}",
            "${template:Ref(Missing)}",
        ])
    );
    let messages: Vec<&str> = p.unresolved.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(messages[0].contains("parameter `Other`"));
    assert!(messages[1].contains("Fn::ImportValue"));
    assert!(messages[2].contains("${!aws:SourceAccount}"));
    assert!(messages[3].contains("Fn::If"));
    assert!(messages[4].contains("not a resource or parameter"));
    for d in &p.unresolved {
        assert!(
            text[d.span.start..d.span.end].starts_with('!'),
            "{}",
            d.message
        );
    }
}

#[test]
fn a_bucket_name_that_refers_to_itself_does_not_loop() {
    let text = r#"{"Resources": {
      "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "${B}-x"}}},
      "P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "B"},
            "PolicyDocument": {"Statement": []}}}}}"#;
    let t = template("loop.json", text);
    let p = &t.bucket_policies(&pseudo(None))[0];
    assert!(!p.bucket.literal);
}

#[test]
fn policies_and_other_text_are_not_templates() {
    for text in [
        r#"{"Version": "2012-10-17", "Statement": []}"#,
        r#"{"Policy": "{}"}"#,
        "{ not json",
        "just: yaml\n",
        "- a list\n",
        "",
    ] {
        assert!(
            matches!(detect(&SourceFile::new("x", text)), Detected::No),
            "{text}"
        );
    }
    match detect(&SourceFile::new("t.yaml", "Resources:\n  A: [1, 2\n")) {
        Detected::Invalid(d) => assert!(d[0].message.contains("cannot be read")),
        _ => panic!("a broken YAML template is named"),
    }
}
