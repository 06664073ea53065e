//! JSON report, version 1 — a stable contract; change its shape only with a new `version`:
//! `{"version":1,"files":[{"path","diagnostics":[{"code","severity","message","pointer",
//! "span":{"start":{"line","column","offset"},"end":{...}},"help"}]}],"summary":{"files","errors","warnings"}}`
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Around, Emitter, STREAMED, Streamed};
use crate::diagnostic::{Checked, Summary};
use crate::source::{Position, SourceFile};

/// Streams the report: the opening, then each file's entry as it comes, then the summary.
pub(super) struct Json {
    summary: Summary,
    files: Streamed,
    around: Around,
}

impl Json {
    pub(super) fn new() -> Self {
        Json {
            summary: Summary::default(),
            files: Streamed::new(false),
            around: Around::new(&skeleton(Summary::default()), false),
        }
    }
}

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

/// One file's entry in the report's `files`.
pub(super) fn file(c: &Checked) -> Value {
    json!({"path": c.source.name, "diagnostics": diagnostics(c)})
}

/// The version-1 report with `files` to be streamed (see `emit::Around`).
fn skeleton(summary: Summary) -> Value {
    json!({
        "version": 1,
        "files": [STREAMED],
        "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings},
    })
}

impl Emitter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.around.before.as_bytes())
    }

    fn file(&mut self, out: &mut dyn Write, c: &Checked) -> io::Result<()> {
        self.summary.add(c);
        self.files.element(out, &self.around, &file(c))
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // only the summary after `files` depends on them
        let around = Around::new(&skeleton(self.summary), false);
        self.files.end(out, &around)?;
        writeln!(out)
    }
}
