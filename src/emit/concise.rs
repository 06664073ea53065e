//! Concise: `path:line:col: severity[code] message`, one line per finding, then a summary.
//! The path and the message are shown through `escape_text`, so a newline or a control
//! character in either stays on the finding's line.
use std::io::{self, Write};

use super::{Emitter, escape_text};
use crate::diagnostic::{Checked, Summary};

pub(super) struct Concise;

impl Emitter for Concise {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()> {
        for file in files {
            for d in &file.diagnostics {
                let p = file.source.position(d.span.start);
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}] {}",
                    escape_text(&file.source.name),
                    p.line,
                    p.column,
                    d.severity.as_str(),
                    d.code,
                    escape_text(&d.message)
                )?;
            }
        }
        writeln!(out, "{}", Summary::of(files))
    }
}
