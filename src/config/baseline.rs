//! Baselines: the findings a team has accepted for now, keyed by (file, rule, JSON Pointer)
//! and counted, never by line, so reformatting a file keeps them matching.
//!
//! File format, version 1 (a contract; change it only with a new `version`):
//! `{"version": 1, "findings": [{"file": "handlers/a.json", "rule": "SMA103",
//! "pointer": "/Actions/0/Parameters/SilenceThreshold", "count": 1}]}`, sorted.
//!
//! `file` is the path's key (`source::key_text`): `%` is written `%25` and a byte that is not
//! UTF-8 `%XX`, so two files never share entries. Baselines written before keys were encoded
//! hold a name with `%` as it is: an entry is matched under the key, then under the name the
//! key stands for.
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The only version this build reads and writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    pointer: String,
    count: usize,
}

type Key = (String, String, String);

/// Accepted findings and how many of each are left to match.
#[derive(Debug, Default)]
pub struct Baseline {
    remaining: BTreeMap<Key, usize>,
}

impl Baseline {
    /// Records findings: `(repo path, diagnostics)` per file.
    pub fn record<'a>(files: impl IntoIterator<Item = (String, &'a [Diagnostic])>) -> Self {
        let mut b = Baseline::default();
        for (key, diags) in files {
            b.add(&key, diags);
        }
        b
    }

    /// Records the findings of one more file, keyed `key`.
    pub fn add(&mut self, key: &str, diags: &[Diagnostic]) {
        for d in diags {
            *self
                .remaining
                .entry((key.to_string(), d.code.to_string(), d.pointer.clone()))
                .or_insert(0) += 1;
        }
    }

    /// Returns the number of findings recorded.
    pub fn len(&self) -> usize {
        self.remaining.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the file text (pretty JSON, sorted, ending in a newline).
    pub fn to_json(&self) -> String {
        let findings = self
            .remaining
            .iter()
            .map(|((file, rule, pointer), count)| Entry {
                file: file.clone(),
                rule: rule.clone(),
                pointer: pointer.clone(),
                count: *count,
            })
            .collect();
        let file = FileFormat {
            version: VERSION,
            findings,
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parses a baseline file's text.
    pub fn from_json(text: &str) -> miette::Result<Self> {
        let version = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| miette::miette!("not a baseline file: {e}"))?
            .get("version")
            .and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(VERSION)) {
            miette::bail!(
                "baseline version {} is not supported (this sma reads version {VERSION}); rewrite it with --write-baseline",
                version.map_or("(missing)".to_string(), |v| v.to_string())
            );
        }
        let file: FileFormat =
            serde_json::from_str(text).map_err(|e| miette::miette!("not a baseline file: {e}"))?;
        let mut remaining = BTreeMap::new();
        for e in file.findings {
            *remaining.entry((e.file, e.rule, e.pointer)).or_insert(0) += e.count;
        }
        Ok(Baseline { remaining })
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> miette::Result<Self> {
        let text = crate::source::read_text(path, crate::source::MAX_BASELINE).map_err(|e| {
            miette::miette!("could not read the baseline `{}`: {e}", path.display())
        })?;
        Self::from_json(&text).map_err(|e| miette::miette!("`{}`: {e}", path.display()))
    }

    /// The entries of files in `linted` (keys) that matched fewer findings than recorded:
    /// fixed since the baseline was written (it can be rewritten). `(file, rule, pointer,
    /// unmatched)`.
    pub fn stale(
        &self,
        linted: &std::collections::HashSet<String>,
    ) -> Vec<(&str, &str, &str, usize)> {
        let linted: std::collections::HashSet<String> =
            linted.iter().flat_map(|k| forms(k)).collect();
        self.remaining
            .iter()
            .filter(|((file, _, _), n)| **n > 0 && linted.contains(file))
            .map(|((file, rule, pointer), n)| (file.as_str(), rule.as_str(), pointer.as_str(), *n))
            .collect()
    }

    /// Removes the findings of the file whose key is `key` (see the module docs) that the
    /// baseline still accepts; returns how many were removed.
    pub fn filter(&mut self, key: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let forms = forms(key);
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            for file in &forms {
                let entry = (file.clone(), d.code.to_string(), d.pointer.clone());
                if let Some(n) = self.remaining.get_mut(&entry).filter(|n| **n > 0) {
                    *n -= 1;
                    return false;
                }
            }
            true
        });
        before - diagnostics.len()
    }
}

/// The forms an entry of the file keyed `key` may have: the key, and the name as written
/// before keys were encoded (a UTF-8 name with `%`), unless that text is itself the key of
/// another name (`a%FF.json` is the key of the name with byte 0xFF: a file literally named
/// `a%FF.json` has its old entries matched only by rewriting the baseline).
fn forms(key: &str) -> Vec<String> {
    let mut forms = vec![key.to_string()];
    if let Some(name) =
        crate::source::key_name(key).filter(|n| n != key && !crate::source::is_key(n))
    {
        forms.push(name);
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Finding;
    use crate::rules;
    use crate::source::Span;

    fn d(code: &str, pointer: &str, at: usize) -> Diagnostic {
        Finding::new("m", pointer, Span::new(at, at + 1)).stamp(rules::find(code).unwrap())
    }

    #[test]
    fn round_trip_matches_by_pointer_not_position() {
        let before = [
            d("SMA103", "/Actions/0/Parameters/X", 10),
            d("SMA204", "/a", 20),
        ];
        let b = Baseline::record([("h/a.json".to_string(), &before[..])]);
        let text = b.to_json();
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
        let mut b = Baseline::from_json(&text).unwrap();
        // the same findings elsewhere in the file (reformatted), plus a new one
        let mut after = vec![
            d("SMA204", "/a", 99),
            d("SMA103", "/Actions/0/Parameters/X", 77),
            d("SMA103", "/Actions/1/Parameters/X", 120),
        ];
        assert_eq!(b.filter("h/a.json", &mut after), 2);
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].pointer, "/Actions/1/Parameters/X");
    }

    #[test]
    fn counts_are_used_up() {
        let two = [d("SMA204", "/t", 1), d("SMA204", "/t", 5)];
        let mut b = Baseline::record([("a.json".to_string(), &two[..])]);
        let mut three = vec![
            d("SMA204", "/t", 1),
            d("SMA204", "/t", 5),
            d("SMA204", "/t", 9),
        ];
        assert_eq!(b.filter("a.json", &mut three), 2);
        assert_eq!(three.len(), 1);
        let mut other = vec![d("SMA204", "/t", 1)];
        assert_eq!(b.filter("b.json", &mut other), 0);
    }

    #[test]
    #[cfg(unix)]
    fn names_that_are_not_utf8_keep_their_own_entries() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        // two names that are one under a lossy conversion (both `h/a\u{fffd}.json`)
        let (ff, fe) = (
            crate::source::key_text(OsStr::from_bytes(b"h/a\xff.json")),
            crate::source::key_text(OsStr::from_bytes(b"h/a\xfe.json")),
        );
        assert_eq!((ff.as_str(), fe.as_str()), ("h/a%FF.json", "h/a%FE.json"));
        let found = [d("SMA204", "/t", 1)];
        let text = Baseline::record([(ff.clone(), &found[..])]).to_json();
        assert!(text.contains(r#""file": "h/a%FF.json""#), "{text}");
        let mut b = Baseline::from_json(&text).unwrap();
        let mut other = vec![d("SMA204", "/t", 1)];
        assert_eq!(
            b.filter(&fe, &mut other),
            0,
            "one file's entry hides another's"
        );
        let mut same = vec![d("SMA204", "/t", 1)];
        assert_eq!(b.filter(&ff, &mut same), 1);
        // a UTF-8 name that looks like a key is a name of its own
        let lookalike = crate::source::key_text(OsStr::new("h/a%FF.json"));
        assert_eq!(lookalike, "h/a%25FF.json");
        let mut b = Baseline::from_json(&text).unwrap();
        assert_eq!(b.filter(&lookalike, &mut vec![d("SMA204", "/t", 1)]), 0);
    }

    #[test]
    fn old_baselines_with_a_percent_in_a_name_still_match() {
        // written before keys were encoded: the name as it is
        let old = r#"{"version": 1, "findings": [{"file": "h/50%.json", "rule": "SMA204", "pointer": "/t", "count": 1}]}"#;
        let key = crate::source::key_text(std::ffi::OsStr::new("h/50%.json"));
        assert_eq!(key, "h/50%25.json");
        let mut b = Baseline::from_json(old).unwrap();
        let linted = std::collections::HashSet::from([key.clone()]);
        assert_eq!(
            b.stale(&linted).len(),
            1,
            "the old entry is the linted file's"
        );
        let mut found = vec![d("SMA204", "/t", 1)];
        assert_eq!(b.filter(&key, &mut found), 1);
        assert!(b.stale(&linted).is_empty());
        // and a name written as a key now
        let new = Baseline::record([(key.clone(), &[d("SMA204", "/t", 1)][..])]).to_json();
        assert!(new.contains(r#""file": "h/50%25.json""#), "{new}");
    }

    #[test]
    fn other_versions_are_refused() {
        let e = Baseline::from_json(r#"{"version": 2, "findings": []}"#).unwrap_err();
        assert!(e.to_string().contains("version 2 is not supported"), "{e}");
        assert!(Baseline::from_json("[]").is_err());
    }
}
