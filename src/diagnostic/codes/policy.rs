//! Codes of `sma check-bucket` (SMA3xx): verdicts and Access-Analyzer-style policy warnings.
use crate::diagnostic::code::{Meta, declare_code};

declare_code!(
    /// ### What it does
    /// Reports a public principal (`"*"` or `{"AWS": "*"}`) in an Allow statement.
    ///
    /// ### Why is this bad?
    /// Access Analyzer calls this public access: anyone, in any account, gets what the
    /// statement allows unless a condition narrows it.
    ///
    /// ### Example
    /// `"Principal": "*"`
    /// Use instead: `"Principal": {"Service": "voiceconnector.chime.amazonaws.com"}`
    PublicPrincipal,
    code = "SMA301",
    name = "public-principal",
    severity = Warning,
    summary = "an Allow statement grants a public principal",
    fix = "name the principal: `{\"Service\": \"voiceconnector.chime.amazonaws.com\"}`",
);

declare_code!(
    /// ### What it does
    /// Warns when the Allow that grants the Chime service principal has no `aws:SourceAccount`
    /// or `aws:SourceArn` condition.
    ///
    /// ### Why is this bad?
    /// Confused deputy: any account's SIP media application could then write into this
    /// bucket through the same service principal. The AWS docs' confused-deputy example pins
    /// both keys.
    ///
    /// ### Example
    /// An Allow for `voiceconnector.chime.amazonaws.com` without a Condition.
    /// Use instead: add `"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}`.
    ConfusedDeputy,
    code = "SMA302",
    name = "confused-deputy",
    severity = Warning,
    summary = "the service principal is allowed without `aws:SourceAccount`/`aws:SourceArn`",
    fix = "add a `StringEquals` condition on `aws:SourceAccount` (and `aws:SourceArn`)",
);

declare_code!(
    /// ### What it does
    /// Warns about an Allow statement with `NotPrincipal`.
    ///
    /// ### Why is this bad?
    /// Allow with NotPrincipal grants everyone except the listed principals; AWS recommends
    /// never combining them.
    ///
    /// ### Example
    /// `{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, ...}`
    /// Use instead: `Principal` with the principals to allow.
    AllowWithNotPrincipal,
    code = "SMA303",
    name = "allow-with-not-principal",
    severity = Warning,
    summary = "an Allow statement uses `NotPrincipal`",
    fix = "use `Principal` in Allow statements",
);

declare_code!(
    /// ### What it does
    /// Warns when `Version` is missing or `2008-10-17`.
    ///
    /// ### Why is this bad?
    /// Policy variables such as `${aws:SourceAccount}` are literal text under the old version,
    /// so conditions and resources that use them do not mean what they say.
    ///
    /// ### Example
    /// `{"Statement": [...]}`
    /// Use instead: `{"Version": "2012-10-17", "Statement": [...]}`
    OldPolicyVersion,
    code = "SMA304",
    name = "old-policy-version",
    severity = Warning,
    summary = "`Version` is missing or 2008-10-17",
    fix = "set `\"Version\": \"2012-10-17\"`",
);

declare_code!(
    /// ### What it does
    /// Warns about a policy over 20 KB.
    ///
    /// ### Why is this bad?
    /// S3 refuses bucket policies larger than 20 KB.
    ///
    /// ### Example
    /// A policy with thousands of statements.
    /// Use instead: merge statements, use wildcards or prefixes.
    PolicyTooLarge,
    code = "SMA305",
    name = "policy-too-large",
    severity = Warning,
    summary = "the policy is over S3's 20 KB limit",
    fix = "shrink the policy below 20 KB",
);

declare_code!(
    /// ### What it does
    /// Warns about an action name that matches no S3 action, such as `s3:PutObjects`.
    ///
    /// ### Why is this bad?
    /// The statement silently grants or denies nothing for that entry.
    ///
    /// ### Example
    /// `"Action": "s3:PutObjects"`
    /// Use instead: `"Action": "s3:PutObject"`
    UnknownS3Action,
    code = "SMA306",
    name = "unknown-s3-action",
    severity = Warning,
    summary = "an action name matches no S3 action",
    fix = "use the exact S3 action names (`s3:PutObject`, `s3:PutObjectAcl`)",
);

declare_code!(
    /// ### What it does
    /// Warns about a partial wildcard in a principal, e.g. `voiceconnector.*.amazonaws.com`.
    ///
    /// ### Why is this bad?
    /// Principals do not support partial wildcards; such an entry matches nothing.
    ///
    /// ### Example
    /// `"Principal": {"Service": "voiceconnector.*.amazonaws.com"}`
    /// Use instead: `"Principal": {"Service": "voiceconnector.chime.amazonaws.com"}`
    PartialWildcardPrincipal,
    code = "SMA307",
    name = "partial-wildcard-principal",
    severity = Warning,
    summary = "a principal contains a partial wildcard",
    fix = "write the principal out in full",
);

declare_code!(
    /// ### What it does
    /// Warns about a service principal that is almost the Chime SDK's voice connector, e.g.
    /// `chime.amazonaws.com` or `voiceconnector.amazonaws.com`.
    ///
    /// ### Why is this bad?
    /// The SMA writes recordings as `voiceconnector.chime.amazonaws.com`; a grant to a near
    /// miss grants nothing to it, and RecordAudio fails when it uploads.
    ///
    /// ### Example
    /// `"Principal": {"Service": "chime.amazonaws.com"}`
    /// Use instead: `"Principal": {"Service": "voiceconnector.chime.amazonaws.com"}`
    NearMissServicePrincipal,
    code = "SMA308",
    name = "near-miss-service-principal",
    severity = Warning,
    summary = "a service principal is almost voiceconnector.chime.amazonaws.com",
    fix = "use `voiceconnector.chime.amazonaws.com`",
);

declare_code!(
    /// ### What it does
    /// In a CloudFormation, SAM or CDK-synthesised template, reports an intrinsic function in a
    /// bucket policy (or its `Bucket`) that cannot be resolved offline: `Fn::ImportValue`,
    /// `Fn::If`, a `Ref` to a parameter, `AWS::AccountId` without `--account`, and the like.
    /// `Ref` and `Fn::GetAtt …Arn` of the bucket the policy attaches to, `Fn::Sub`, `Fn::Join`
    /// and the pseudo parameters `AWS::Partition`, `AWS::URLSuffix` (and `AWS::AccountId`,
    /// `AWS::Region` when given) are resolved.
    ///
    /// ### Why is this bad?
    /// Its value is known only when the stack is deployed, so what depends on it is unknown
    /// here: the verdict can at best be `conditional`.
    ///
    /// ### Example
    /// `"Resource": {"Fn::ImportValue": "RecordingsArn"}`
    /// Use instead: `"Resource": {"Fn::Sub": "${RecordingsBucket.Arn}/*"}`, or check the deployed
    /// bucket's policy (leave out `--policy-file`).
    UnresolvedIntrinsic,
    code = "SMA309",
    name = "unresolved-intrinsic",
    severity = Warning,
    summary = "a template value is known only at deploy time",
    fix = "refer to the bucket with `Ref` / `Fn::GetAtt …Arn`, pass --account / --sma-arn, or check the deployed policy",
);

declare_code!(
    /// ### What it does
    /// Reports that an explicit Deny blocks `s3:PutObject` or `s3:PutObjectAcl` for the Chime
    /// service principal on (part of) the recording prefix.
    ///
    /// ### Why is this bad?
    /// Deny always wins: RecordAudio fails with "Error occurred while uploading recording to
    /// S3 bucket." (`NoAccessToDestination`) on every call.
    ///
    /// ### Example
    /// `{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObjectAcl", ...}`
    /// Use instead: exclude the service principal from the Deny, or narrow its resources.
    ActionDenied,
    code = "SMA310",
    name = "action-denied",
    severity = Error,
    summary = "an explicit Deny blocks the recording upload",
    fix = "narrow the Deny so it does not apply to voiceconnector.chime.amazonaws.com",
);

declare_code!(
    /// ### What it does
    /// Reports that no Allow grants `s3:PutObject` or `s3:PutObjectAcl` to the Chime service
    /// principal on every key under the recording prefix.
    ///
    /// ### Why is this bad?
    /// Without the grant the upload is implicitly denied and RecordAudio fails.
    ///
    /// ### Example
    /// An Allow whose Resource is `arn:aws:s3:::bucket/other/*` when recordings go to `voicemail/`.
    /// Use instead: `sma check-bucket --fix` prints the statement to add.
    ActionNotGranted,
    code = "SMA311",
    name = "action-not-granted",
    severity = Error,
    summary = "no Allow grants the recording upload",
    fix = "add the statement `sma check-bucket --fix` prints",
);

declare_code!(
    /// ### What it does
    /// Reports that the grant depends on request facts that cannot be known offline
    /// (e.g. `aws:SourceAccount` without `--account`, a VPC endpoint, a header).
    ///
    /// ### Why is this bad?
    /// The upload may or may not be allowed on a live call; the listed keys decide.
    ///
    /// ### Example
    /// `"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}` checked without
    /// `--account`.
    /// Use instead: pass `--account` / `--sma-arn`, or drop conditions the service cannot meet.
    ActionConditional,
    code = "SMA312",
    name = "action-conditional",
    severity = Warning,
    summary = "the grant depends on conditions that cannot be decided offline",
    fix = "pass the flag that decides the condition, or remove the condition",
);

declare_code!(
    /// ### What it does
    /// Reports a document that is not a valid bucket policy: no `Statement`, an `Effect`
    /// other than Allow/Deny, `Principal` and `NotPrincipal` together, wrong types, unknown
    /// condition operators.
    ///
    /// ### Why is this bad?
    /// S3 refuses to store it (MalformedPolicy), so nothing about access can be said.
    ///
    /// ### Example
    /// `{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", ...}]}`
    /// Use instead: `"Effect": "Allow"`
    InvalidPolicy,
    code = "SMA313",
    name = "invalid-policy",
    severity = Error,
    summary = "the document is not a valid bucket policy",
    fix = "fix the policy document; S3 would reject it as MalformedPolicy",
);

declare_code!(
    /// ### What it does
    /// Notes (information) that the bucket's Object Ownership is `BucketOwnerEnforced`, so
    /// ACLs are disabled.
    ///
    /// ### Why is this bad?
    /// It is not: it is the S3 default. The RecordAudio docs still list `s3:PutObjectAcl` as
    /// required, so keep granting it; a policy that drops it is reported as not granted.
    ///
    /// ### Example
    /// A bucket created with the default settings.
    /// Use instead: nothing to change.
    AclsDisabled,
    code = "SMA314",
    name = "acls-disabled",
    severity = Warning,
    summary = "information: Object Ownership is BucketOwnerEnforced (ACLs disabled)",
    fix = "nothing to change; keep the s3:PutObjectAcl grant the docs require",
);

declare_code!(
    /// ### What it does
    /// Warns when the bucket's default encryption is SSE-KMS with a customer managed key.
    ///
    /// ### Why is this bad?
    /// Writing an object under SSE-KMS needs `kms:GenerateDataKey` on the key; if the key
    /// policy does not allow the service principal, the upload fails even though the bucket
    /// policy grants it.
    ///
    /// ### Example
    /// Default encryption `aws:kms` with `arn:aws:kms:us-east-1:111122223333:key/...`.
    /// Use instead: allow `voiceconnector.chime.amazonaws.com` `kms:GenerateDataKey` in that key's policy.
    KmsKeyPolicy,
    code = "SMA315",
    name = "kms-key-policy",
    severity = Warning,
    summary = "SSE-KMS with a customer managed key: its key policy must allow the service",
    fix = "allow voiceconnector.chime.amazonaws.com the KMS actions named (`kms:GenerateDataKey`, `kms:Decrypt`) in the key policy",
);

declare_code!(
    /// ### What it does
    /// Warns when Object Ownership or default encryption could not be read (access denied).
    ///
    /// ### Why is this bad?
    /// Those settings can also break the upload (SSE-KMS key policies); they were not checked.
    ///
    /// ### Example
    /// A CI role with `s3:GetBucketPolicy` only.
    /// Use instead: also grant `s3:GetBucketOwnershipControls` and `s3:GetEncryptionConfiguration`.
    BucketSettingUnreadable,
    code = "SMA316",
    name = "bucket-setting-unreadable",
    severity = Warning,
    summary = "a bucket setting could not be read and was not checked",
    fix = "grant the named read permission to the credentials sma uses",
);

declare_code!(
    /// ### What it does
    /// Warns about an `aws:` condition key that is not a global condition key, e.g. the typo
    /// `aws:SourceAcount`.
    ///
    /// ### Why is this bad?
    /// S3 accepts the policy, but no request carries the key: the condition treats it as
    /// absent. A Deny meant to pin the account then applies to every request (`StringNotEquals`
    /// is true on an absent key), or an Allow never applies.
    ///
    /// ### Example
    /// `"StringEquals": {"aws:SourceAcount": "111122223333"}`
    /// Use instead: `"StringEquals": {"aws:SourceAccount": "111122223333"}`
    UnknownGlobalKey,
    code = "SMA317",
    name = "unknown-global-key",
    severity = Warning,
    summary = "an `aws:` condition key that does not exist",
    fix = "spell the global condition key as the IAM docs do",
);

declare_code!(
    /// ### What it does
    /// Live, for the audio a PlayAudio, PlayAudioAndGetDigits or CallAndBridge ringback plays
    /// (`--from-actions`): reports that the object does not exist, or is larger than the 50 MB
    /// the SMA plays.
    ///
    /// ### Why is this bad?
    /// The action fails on the call (`ACTION_FAILED`), whatever the bucket policy says.
    ///
    /// ### Example
    /// `"AudioSource": {"Type": "S3", "BucketName": "prompts", "Key": "welcome.wav"}` with no
    /// `welcome.wav` in the bucket.
    /// Use instead: upload the file, or fix the key.
    AudioUnplayable,
    code = "SMA318",
    name = "audio-unplayable",
    severity = Error,
    summary = "the audio file does not exist or is over 50 MB",
    fix = "upload the WAV file the action names (at most 50 MB), or fix its key",
);

declare_code!(
    /// ### What it does
    /// Live, for the audio an action plays: warns when the object's content type is not
    /// `audio/wav` (or `audio/x-wav`).
    ///
    /// ### Why is this bad?
    /// The PlayAudio documentation asks for WAV files stored with the content type
    /// `audio/wav`; another format may not play.
    ///
    /// ### Example
    /// `aws s3 cp prompt.wav s3://prompts/` from a machine that guesses `binary/octet-stream`.
    /// Use instead: `aws s3 cp prompt.wav s3://prompts/ --content-type audio/wav`.
    AudioContentType,
    code = "SMA319",
    name = "audio-content-type",
    severity = Warning,
    summary = "the audio file is not stored as audio/wav",
    fix = "store the file as WAV with `--content-type audio/wav`",
);

declare_code!(
    /// ### What it does
    /// Live, for an SSE-KMS bucket with a customer managed key: reports that the key policy
    /// does not let `voiceconnector.chime.amazonaws.com` use the key as the SMA needs it
    /// (`kms:GenerateDataKey` to write a recording, `kms:Decrypt` to read audio), evaluated as
    /// the bucket policy is, with the request S3 makes to KMS (`kms:ViaService`
    /// `s3.<region>.amazonaws.com`, the encryption context `aws:s3:arn`).
    ///
    /// ### Why is this bad?
    /// S3 cannot encrypt (or decrypt) the object for the service, so the upload (or the
    /// playback) fails although the bucket policy allows it. KMS grants are not read: one
    /// could still allow it.
    ///
    /// ### Example
    /// A key policy with only the default statement (`"Principal": {"AWS": "arn:aws:iam::111122223333:root"}`).
    /// Use instead: add an Allow for `{"Service": "voiceconnector.chime.amazonaws.com"}`,
    /// `kms:GenerateDataKey` and `kms:Decrypt`, with `"StringEquals": {"kms:ViaService":
    /// "s3.us-east-1.amazonaws.com"}`.
    KmsKeyPolicyDenies,
    code = "SMA320",
    name = "kms-key-policy-denies",
    severity = Error,
    summary = "the bucket's KMS key policy does not let the service use the key",
    fix = "allow voiceconnector.chime.amazonaws.com `kms:GenerateDataKey` and `kms:Decrypt` in the key policy",
);

/// The policy warnings the evaluator and the template reader report (SMA301..SMA309), beside the verdicts and notes.
pub const WARNINGS: &[&Meta] = &[
    &PublicPrincipal::META,
    &ConfusedDeputy::META,
    &AllowWithNotPrincipal::META,
    &OldPolicyVersion::META,
    &PolicyTooLarge::META,
    &UnknownS3Action::META,
    &PartialWildcardPrincipal::META,
    &NearMissServicePrincipal::META,
    &UnresolvedIntrinsic::META,
    &UnknownGlobalKey::META,
];

/// The codes of verdicts and bucket notes (SMA310..SMA316): the JSON report carries them in
/// its own fields, not among `warnings`.
pub const VERDICTS_AND_NOTES: &[&Meta] = &[
    &ActionDenied::META,
    &ActionNotGranted::META,
    &ActionConditional::META,
    &InvalidPolicy::META,
    &AclsDisabled::META,
    &KmsKeyPolicy::META,
    &BucketSettingUnreadable::META,
    &AudioUnplayable::META,
    &AudioContentType::META,
    &KmsKeyPolicyDenies::META,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_code_is_a_warning_or_a_verdict_or_note_once() {
        let all: Vec<&str> = WARNINGS
            .iter()
            .chain(VERDICTS_AND_NOTES)
            .map(|m| m.code)
            .collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert_eq!(all.len(), 20);
        // SMA301..SMA309, then SMA317 (the 30x codes ran out)
        assert!(
            WARNINGS
                .iter()
                .all(|m| m.code.starts_with("SMA30") || m.code == "SMA317")
        );
        assert!(
            VERDICTS_AND_NOTES
                .iter()
                .all(|m| (m.code.starts_with("SMA31") && m.code != "SMA317") || m.code == "SMA320")
        );
    }
}
