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

/// Compares the first characters of `name` (as many as `lits` has) with `lits`.
fn cmp_prefix(name: &str, lits: &[Tok]) -> Ordering {
    let mut chars = name.chars();
    for t in lits {
        let Tok::Lit(l) = *t else { break };
        match chars.next() {
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
    let from = names.partition_point(|n| cmp_prefix(n, lits) == Ordering::Less);
    names[from..]
        .iter()
        .take_while(|n| cmp_prefix(n, lits) == Ordering::Equal)
        .any(|n| glob.matches(n))
}
