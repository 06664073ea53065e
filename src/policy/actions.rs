//! Known S3 action names, for the "action matches no S3 action" lint (SMA306).
//!
//! Not exhaustive (AWS adds actions); the list covers the object, bucket, access-point,
//! batch-operations, Storage Lens and replication actions in the Service Authorization
//! Reference for Amazon S3.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::glob::{Glob, Tok};

#[rustfmt::skip]
pub(crate) static S3_ACTIONS: &[&str] = &[
    "AbortMultipartUpload", "BypassGovernanceRetention", "CreateAccessGrant",
    "CreateAccessGrantsInstance", "CreateAccessGrantsLocation", "CreateAccessPoint",
    "CreateAccessPointForObjectLambda", "CreateBucket", "CreateJob",
    "CreateMultiRegionAccessPoint", "CreateSession", "CreateStorageLensGroup",
    "DeleteAccessGrant", "DeleteAccessGrantsInstance", "DeleteAccessGrantsLocation",
    "DeleteAccessPoint", "DeleteAccessPointForObjectLambda", "DeleteAccessPointPolicy",
    "DeleteAccessPointPolicyForObjectLambda", "DeleteBucket", "DeleteBucketOwnershipControls",
    "DeleteBucketPolicy", "DeleteBucketWebsite", "DeleteJobTagging",
    "DeleteMultiRegionAccessPoint", "DeleteObject", "DeleteObjectTagging", "DeleteObjectVersion",
    "DeleteObjectVersionTagging", "DeleteStorageLensConfiguration",
    "DeleteStorageLensConfigurationTagging", "DeleteStorageLensGroup", "DescribeJob",
    "DescribeMultiRegionAccessPointOperation", "GetAccelerateConfiguration", "GetAccessGrant",
    "GetAccessPoint", "GetAccessPointConfigurationForObjectLambda",
    "GetAccessPointForObjectLambda", "GetAccessPointPolicy", "GetAccessPointPolicyForObjectLambda",
    "GetAccessPointPolicyStatus", "GetAccessPointPolicyStatusForObjectLambda",
    "GetAccountPublicAccessBlock", "GetAnalyticsConfiguration", "GetBucketAcl", "GetBucketCORS",
    "GetBucketLocation", "GetBucketLogging", "GetBucketNotification",
    "GetBucketObjectLockConfiguration", "GetBucketOwnershipControls", "GetBucketPolicy",
    "GetBucketPolicyStatus", "GetBucketPublicAccessBlock", "GetBucketRequestPayment",
    "GetBucketTagging", "GetBucketVersioning", "GetBucketWebsite", "GetDataAccess",
    "GetEncryptionConfiguration", "GetIntelligentTieringConfiguration",
    "GetInventoryConfiguration", "GetJobTagging", "GetLifecycleConfiguration",
    "GetMetricsConfiguration", "GetMultiRegionAccessPoint", "GetMultiRegionAccessPointPolicy",
    "GetMultiRegionAccessPointPolicyStatus", "GetMultiRegionAccessPointRoutes", "GetObject",
    "GetObjectAcl", "GetObjectAttributes", "GetObjectLegalHold", "GetObjectRetention",
    "GetObjectTagging", "GetObjectTorrent", "GetObjectVersion", "GetObjectVersionAcl",
    "GetObjectVersionAttributes", "GetObjectVersionForReplication", "GetObjectVersionTagging",
    "GetObjectVersionTorrent", "GetReplicationConfiguration", "GetStorageLensConfiguration",
    "GetStorageLensConfigurationTagging", "GetStorageLensDashboard", "GetStorageLensGroup",
    "InitiateReplication", "ListAccessGrants", "ListAccessPoints",
    "ListAccessPointsForObjectLambda", "ListAllMyBuckets", "ListBucket",
    "ListBucketMultipartUploads", "ListBucketVersions", "ListJobs", "ListMultiRegionAccessPoints",
    "ListMultipartUploadParts", "ListStorageLensConfigurations", "ListStorageLensGroups",
    "ListTagsForResource", "ObjectOwnerOverrideToBucketOwner", "PutAccelerateConfiguration",
    "PutAccessPointConfigurationForObjectLambda", "PutAccessPointPolicy",
    "PutAccessPointPolicyForObjectLambda", "PutAccessPointPublicAccessBlock",
    "PutAccountPublicAccessBlock", "PutAnalyticsConfiguration", "PutBucketAcl", "PutBucketCORS",
    "PutBucketLogging", "PutBucketNotification", "PutBucketObjectLockConfiguration",
    "PutBucketOwnershipControls", "PutBucketPolicy", "PutBucketPublicAccessBlock",
    "PutBucketRequestPayment", "PutBucketTagging", "PutBucketVersioning", "PutBucketWebsite",
    "PutEncryptionConfiguration", "PutIntelligentTieringConfiguration",
    "PutInventoryConfiguration", "PutJobTagging", "PutLifecycleConfiguration",
    "PutMetricsConfiguration", "PutMultiRegionAccessPointPolicy", "PutObject", "PutObjectAcl",
    "PutObjectLegalHold", "PutObjectRetention", "PutObjectTagging", "PutObjectVersionAcl",
    "PutObjectVersionTagging", "PutReplicationConfiguration", "PutStorageLensConfiguration",
    "PutStorageLensConfigurationTagging", "ReplicateDelete", "ReplicateObject", "ReplicateTags",
    "RestoreObject", "SubmitMultiRegionAccessPointRoutes", "TagResource", "UntagResource",
    "UpdateJobPriority", "UpdateJobStatus", "UpdateStorageLensGroup",
];

/// `s3:<action>` in lower case, sorted; built once.
fn lowercase_actions() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = S3_ACTIONS
            .iter()
            .map(|a| format!("s3:{}", a.to_lowercase()))
            .collect();
        names.sort();
        names
    })
}

/// Compares the first characters of `name` (as many as `lits` has) with `lits`. The names
/// are ASCII, so each byte is a character.
fn cmp_prefix(name: &str, lits: &[Tok]) -> Ordering {
    let mut bytes = name.bytes();
    for t in lits {
        let Tok::Lit(l) = *t else { break };
        match bytes.next().map(char::from) {
            None => return Ordering::Less,
            Some(c) if c != l => return c.cmp(&l),
            Some(_) => {}
        }
    }
    Ordering::Equal
}

/// Whether an Action/NotAction pattern, already lower-cased and compiled
/// (`Glob::wild(&pattern.to_lowercase())`), matches some known S3 action.
pub(crate) fn matches_any_s3_action(glob: &Glob) -> bool {
    // Only the names starting with the pattern's literal prefix (up to its first wildcard)
    // can match: a binary search finds them, so a plain action name costs O(log n).
    let lits = match glob.0.iter().position(|t| !matches!(t, Tok::Lit(_))) {
        Some(w) => &glob.0[..w],
        None => &glob.0[..],
    };
    let names = lowercase_actions();
    // Usually the prefix is ASCII: compare bytes (memcmp) against a copy on the stack.
    let mut buf = [0u8; 64];
    let ascii = lits.len() <= buf.len()
        && lits.iter().zip(&mut buf).all(|(t, b)| match *t {
            Tok::Lit(c) if c.is_ascii() => {
                *b = c as u8;
                true
            }
            _ => false,
        });
    let prefix = &buf[..lits.len().min(buf.len())];
    let cmp = |n: &String| {
        if ascii {
            let n = n.as_bytes();
            n[..n.len().min(prefix.len())].cmp(prefix)
        } else {
            cmp_prefix(n, lits)
        }
    };
    let from = names.partition_point(|n| cmp(n) == Ordering::Less);
    names[from..]
        .iter()
        .take_while(|n| cmp(n) == Ordering::Equal)
        .any(|n| glob.matches(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ascii_and_prefix_search_finds_them() {
        assert!(S3_ACTIONS.iter().all(|a| a.is_ascii()));
        let m = |p: &str| matches_any_s3_action(&Glob::wild(&p.to_lowercase()));
        assert!(m("s3:PutObject"));
        assert!(m("S3:PUTOBJECTACL"));
        assert!(m("s3:*"));
        assert!(m("*"));
        assert!(m("s3:Put*Acl"));
        assert!(m("*ObjectAcl"));
        assert!(m("s3:?etObject"));
        assert!(m("s3:UpdateStorageLensGroup"));
        assert!(m("s3:AbortMultipartUpload"));
        assert!(!m("s3:PutObjec"));
        assert!(!m("s3:PutObjectAclX"));
        assert!(!m("s3:Pùt*"));
        assert!(!m("ec2:*"));
        assert!(!m(""));
    }
}
