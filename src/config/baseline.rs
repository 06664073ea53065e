//! Baselines: the findings a team has accepted for now, keyed by (file, rule, JSON Pointer)
//! and counted, never by line, so reformatting a file keeps them matching.
//!
//! File format, version 1 (a contract; change it only with a new `version`):
//! `{"version": 1, "findings": [{"file": "handlers/a.json", "rule": "SMA103",
//! "pointer": "/Actions/0/Parameters/SilenceThreshold", "count": 1}]}`, sorted.
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
        let mut remaining = BTreeMap::new();
        for (path, diags) in files {
            for d in diags {
                *remaining
                    .entry((path.clone(), d.code.to_string(), d.pointer.clone()))
                    .or_insert(0) += 1;
            }
        }
        Baseline { remaining }
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

    /// The entries of files in `linted` that matched fewer findings than recorded: fixed since
    /// the baseline was written (it can be rewritten). `(file, rule, pointer, unmatched)`.
    pub fn stale(
        &self,
        linted: &std::collections::HashSet<String>,
    ) -> Vec<(&str, &str, &str, usize)> {
        self.remaining
            .iter()
            .filter(|((file, _, _), n)| **n > 0 && linted.contains(file))
            .map(|((file, rule, pointer), n)| (file.as_str(), rule.as_str(), pointer.as_str(), *n))
            .collect()
    }

    /// Removes the findings of the file at `repo_path` that the baseline still accepts;
    /// returns how many were removed.
    pub fn filter(&mut self, repo_path: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let key = (repo_path.to_string(), d.code.to_string(), d.pointer.clone());
            match self.remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }
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
    fn other_versions_are_refused() {
        let e = Baseline::from_json(r#"{"version": 2, "findings": []}"#).unwrap_err();
        assert!(e.to_string().contains("version 2 is not supported"), "{e}");
        assert!(Baseline::from_json("[]").is_err());
    }
}
