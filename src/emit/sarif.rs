//! SARIF 2.1.0, as GitHub code scanning reads it: one run, every rule with its help, and one
//! result per finding with a repo-relative path and a region.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>,
//! <https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning>
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Context, Emitter, write_json};
use crate::diagnostic::{Checked, Severity};
use crate::rules::CATALOG;

pub(super) struct Sarif {
    context: Context,
}

impl Sarif {
    pub(super) fn new(context: Context) -> Self {
        Sarif { context }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Percent-encodes a relative path for a URI reference (keeps `/` and the unreserved set).
fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Sarif {
    fn rules(&self) -> Vec<Value> {
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
                if let Some(uri) = self.context.help_uri(m.code) {
                    rule["helpUri"] = json!(uri);
                }
                rule
            })
            .collect()
    }

    /// Builds the whole SARIF log.
    fn log(&self, files: &[Checked]) -> Value {
        let mut results = Vec::new();
        for file in files {
            let uri = uri_path(&self.context.repo_path(&file.source.name));
            for d in &file.diagnostics {
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
                    "properties": {"pointer": d.pointer},
                });
                if let Some(i) = index {
                    result["ruleIndex"] = json!(i);
                }
                results.push(result);
            }
        }
        let mut driver = json!({
            "name": "sma",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": self.rules(),
        });
        if let Some(base) = &self.context.docs_url {
            driver["informationUri"] = json!(base);
        }
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        })
    }
}

impl Emitter for Sarif {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()> {
        write_json(out, &self.log(files), true)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(uri_path("a b/ü#1.json"), "a%20b/%C3%BC%231.json");
        assert_eq!(uri_path("handlers/x-1_y.json"), "handlers/x-1_y.json");
    }
}
