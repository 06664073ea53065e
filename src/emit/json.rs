//! JSON report, version 1 — a stable contract; change its shape only with a new `version`:
//! `{"version":1,"files":[{"path","diagnostics":[{"code","severity","message","pointer",
//! "span":{"start":{"line","column","offset"},"end":{...}},"help"}]}],"summary":{"files","errors","warnings"}}`
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Emitter, write_json};
use crate::diagnostic::{Checked, Summary};
use crate::source::{Position, SourceFile};

pub(super) struct Json;

fn position(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "offset": p.offset})
}

/// One file's diagnostics as the version-1 report writes them.
pub fn diagnostics(c: &Checked) -> Vec<Value> {
    let s: &SourceFile = &c.source;
    c.diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code,
                "severity": d.severity.as_str(),
                "message": d.message,
                "pointer": d.pointer,
                "span": {"start": position(s.position(d.span.start)), "end": position(s.position(d.span.end))},
                "help": d.help,
            })
        })
        .collect()
}

/// Builds the version-1 report value.
pub fn report(files: &[Checked]) -> Value {
    let summary = Summary::of(files);
    let file = |c: &Checked| json!({"path": c.source.name, "diagnostics": diagnostics(c)});
    json!({
        "version": 1,
        "files": files.iter().map(file).collect::<Vec<_>>(),
        "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings},
    })
}

impl Emitter for Json {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()> {
        write_json(out, &report(files), false)?;
        writeln!(out)
    }
}
