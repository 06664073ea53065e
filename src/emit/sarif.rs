//! SARIF 2.1.0, as GitHub code scanning reads it: one run, every rule with its help, and one
//! result per finding with a repo-relative path, a region and a fingerprint.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>,
//! <https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning>
use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Around, Context, Emitter, STREAMED, Streamed};
use crate::diagnostic::{Checked, Severity};
use crate::rules::CATALOG;

/// Streams the log: the run with its rules, then each file's results as they come.
pub(super) struct Sarif {
    context: Context,
    results: Streamed,
    around: Around,
}

impl Sarif {
    pub(super) fn new(context: Context) -> Self {
        let around = Around::new(&skeleton(&context), true);
        Sarif {
            context,
            results: Streamed::new(true),
            around,
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Percent-encodes a path's key (`emit::repo_key`) for a URI reference: keeps `/`, the
/// unreserved set and the key's own `%XX` escapes (a `%` in a name is `%25` there, a byte that
/// is not UTF-8 `%XX`).
pub(super) fn uri_path(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The key of sma's entry in a result's `partialFingerprints`.
const FINGERPRINT: &str = "smaFinding/v1";

/// 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3), written here so that
/// a fingerprint never changes with the Rust version or a dependency.
fn fnv1a64(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The `smaFinding/v1` fingerprint of the `n`th (from 0) finding of `rule` at `pointer` in
/// `file` (the repo-relative path, as in the `uri` before percent-encoding): FNV-1a 64 over
/// each of `file`, `rule`, `pointer` and `n` (in decimal) as UTF-8, each preceded by its length
/// in bytes as a little-endian u64 (so no two tuples share an input), as 16 lowercase hex
/// digits. It names the finding, not its line, so code scanning follows an alert across edits
/// that move it; `n` tells apart findings that share the rest.
pub fn fingerprint(file: &str, rule: &str, pointer: &str, n: usize) -> String {
    let n = n.to_string();
    let hash = [file, rule, pointer, &n]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, part| {
            let h = fnv1a64(&(part.len() as u64).to_le_bytes(), h);
            fnv1a64(part.as_bytes(), h)
        });
    format!("{hash:016x}")
}

/// Every rule with its help.
fn rules(context: &Context) -> Vec<Value> {
    CATALOG
        .iter()
        .map(|m| {
            let mut rule = json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.markdown(), "markdown": m.markdown()},
                "defaultConfiguration": {"level": level(m.severity)},
            });
            if let Some(uri) = context.help_uri(m.code) {
                rule["helpUri"] = json!(uri);
            }
            rule
        })
        .collect()
}

/// One file's results.
pub(super) fn results(context: &Context, file: &Checked) -> Vec<Value> {
    let key = context.annotation_key(&file.source);
    let uri = uri_path(&key);
    // fingerprints name the file as before keys were encoded, so alerts keep their
    // identity; a name that is not UTF-8 by its key
    let path = crate::source::key_name(&key).unwrap_or_else(|| key.clone());
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut results = Vec::with_capacity(file.diagnostics.len());
    for d in &file.diagnostics {
        let n = seen.entry((d.code, &d.pointer)).or_insert(0);
        let fingerprint = fingerprint(&path, d.code, &d.pointer, *n);
        *n += 1;
        let start = file.source.position(d.span.start);
        let end = file.source.position(d.span.end);
        let index = CATALOG.iter().position(|m| m.code == d.code);
        let mut result = json!({
            "ruleId": d.code,
            "level": level(d.severity),
            "message": {"text": format!("{}\n{}", d.message, d.help).trim_end()},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": start.line, "startColumn": start.column,
                           "endLine": end.line, "endColumn": end.column},
            }}],
            "partialFingerprints": {FINGERPRINT: fingerprint},
            "properties": {"pointer": d.pointer},
        });
        if let Some(i) = index {
            result["ruleIndex"] = json!(i);
        }
        results.push(result);
    }
    results
}

/// The SARIF log with its results to be streamed (see `emit::Around`).
pub(super) fn skeleton(context: &Context) -> Value {
    let mut driver = json!({
        "name": "sma",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules(context),
    });
    // the rule docs when published, else the project (Cargo.toml's one repository URL)
    let information = context
        .docs_url
        .as_deref()
        .unwrap_or(env!("CARGO_PKG_REPOSITORY"));
    driver["informationUri"] = json!(information);
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [STREAMED],
        }],
    })
}

impl Emitter for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.around.before.as_bytes())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        for result in results(&self.context, file) {
            self.results.element(out, &self.around, &result)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.results.end(out, &self.around)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        let basis = 0xcbf2_9ce4_8422_2325;
        assert_eq!(fnv1a64(b"", basis), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a", basis), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar", basis), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_are_fixed_and_tell_every_part_apart() {
        // pinned: a change here changes every alert's identity in code scanning
        let f = fingerprint("handlers/a.json", "SMA204", "/Actions/0", 0);
        assert_eq!(f, "c72e6c5d8333f32c");
        let others = [
            fingerprint("handlers/a.json", "SMA204", "/Actions/0", 1),
            fingerprint("handlers/b.json", "SMA204", "/Actions/0", 0),
            fingerprint("handlers/a.json", "SMA205", "/Actions/0", 0),
            fingerprint("handlers/a.json", "SMA204", "/Actions/1", 0),
            // the length prefixes keep a boundary moved between parts apart
            fingerprint("handlers/a.jsonSMA204", "", "/Actions/0", 0),
        ];
        for o in &others {
            assert_ne!(&f, o);
        }
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        let key = |name: &str| crate::source::key_text(std::ffi::OsStr::new(name));
        assert_eq!(uri_path(&key("a b/ü#1.json")), "a%20b/%C3%BC%231.json");
        assert_eq!(uri_path(&key("50%.json")), "50%25.json");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = crate::source::key_text(std::ffi::OsStr::from_bytes(b"a\xff b.json"));
            assert_eq!(uri_path(&bytes), "a%FF%20b.json");
        }
        assert_eq!(uri_path("handlers/x-1_y.json"), "handlers/x-1_y.json");
    }
}
