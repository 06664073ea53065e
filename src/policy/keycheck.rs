//! Condition keys a bucket policy may use: S3's PutBucketPolicy refuses a policy with an
//! unknown `s3:` key or a key none of the statement's actions supports (as it refuses
//! `"s3*"`), so a policy file with one is no policy (SMA313). A global key that does not exist
//! (`aws:SourceAcount`) is accepted by S3 and absent from every request: a warning (SMA317)
//! with a did-you-mean, from [`unknown_global_keys`].

use super::condition::Cond;
use super::glob::Glob;
use super::iam_data::SERVICES;
use super::keys::{GLOBAL_KEYS, is_global_key, is_service_key, supports};
use super::parse::{Doc, Stmt};
use super::{PolicyError, ptr};
use crate::util::suggest::did_you_mean;

/// The pointer of a condition entry's key.
fn cond_pointer(s: &Stmt<'_>, c: &Cond<'_>) -> String {
    ptr(&ptr(&ptr(&s.r.pointer, "Condition"), c.op.name), c.key)
}

fn is_global(key: &str) -> bool {
    key.len() > 4 && key[..4].eq_ignore_ascii_case("aws:")
}

/// The S3 actions (`s3:PutObject`...) a statement's `Action` matches; empty for `NotAction`
/// (it names what is left out) and for patterns that match no S3 action.
fn s3_actions(s: &Stmt<'_>) -> Vec<String> {
    if s.action.negated {
        return Vec::new();
    }
    let Some(s3) = SERVICES.iter().find(|svc| svc.prefix == "s3") else {
        return Vec::new();
    };
    let globs: Vec<Glob> = s
        .action
        .items
        .iter()
        .map(|i| Glob::wild_lowercase(i.value))
        .collect();
    s3.actions
        .iter()
        .map(|(a, _)| format!("s3:{a}"))
        .filter(|a| {
            let lower = a.to_ascii_lowercase();
            globs.iter().any(|g| g.matches(&lower))
        })
        .collect()
}

/// The condition keys S3 would refuse in `doc`, each with its pointer.
pub(crate) fn key_errors(doc: &Doc<'_>) -> Vec<PolicyError> {
    let mut errors = Vec::new();
    for s in &doc.statements {
        if s.conditions.is_empty() {
            continue;
        }
        let actions = s3_actions(s);
        if actions.is_empty() {
            continue;
        }
        for c in &s.conditions {
            if is_global(c.key) {
                continue;
            }
            let message = match is_service_key(c.key) {
                Some(false) => {
                    let s3 = SERVICES.iter().find(|svc| svc.prefix == "s3");
                    let hint = s3
                        .and_then(|svc| did_you_mean(c.key, svc.keys.iter().copied()))
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    format!("`{}` is not a condition key of S3{hint}", c.key)
                }
                _ if actions.iter().any(|a| supports(a, c.key) == Some(true)) => continue,
                _ => {
                    let shown: Vec<&str> = actions.iter().take(3).map(String::as_str).collect();
                    let more = if actions.len() > 3 {
                        format!(" and {} more", actions.len() - 3)
                    } else {
                        String::new()
                    };
                    format!(
                        "`{}` is not a condition key of this statement's actions ({}{more})",
                        c.key,
                        shown.join(", ")
                    )
                }
            };
            errors.push(PolicyError {
                message: format!("{message}: S3 refuses the policy (MalformedPolicy)"),
                pointer: cond_pointer(s, c),
                help: Some(
                    "use a key the actions support (Service Authorization Reference, Amazon S3), or a global aws: key".into(),
                ),
            });
        }
    }
    errors
}

/// Global keys that do not exist, with the pointer of each and the key it is closest to.
pub(crate) fn unknown_global_keys(doc: &Doc<'_>) -> Vec<(String, String, Option<&'static str>)> {
    let mut out = Vec::new();
    for s in &doc.statements {
        for c in &s.conditions {
            if is_global(c.key) && !is_global_key(c.key) {
                let near = did_you_mean(c.key, GLOBAL_KEYS.iter().copied());
                out.push((cond_pointer(s, c), c.key.to_string(), near));
            }
        }
    }
    out
}
