//! Known S3 action names, for the "action matches no S3 action" lint (SMA306): the actions of
//! the Service Authorization Reference for Amazon S3, from the generated [`super::iam_data`].

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::glob::{Glob, Tok};
use super::iam_data::SERVICES;

/// The S3 action names (`PutObject`...).
fn s3_actions() -> impl Iterator<Item = &'static str> {
    SERVICES
        .iter()
        .filter(|s| s.prefix == "s3")
        .flat_map(|s| s.actions.iter().map(|(a, _)| *a))
}

/// `s3:<action>` in lower case, sorted; built once.
fn lowercase_actions() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = s3_actions()
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
        assert!(s3_actions().count() > 150);
        assert!(s3_actions().all(|a| a.is_ascii()));
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
