//! Concise: `path:line:col: severity[code] message`, one line per finding, then a summary.
//! The path and the message are shown through `escape_text`, so a newline or a control
//! character in either stays on the finding's line.
use std::io::{self, Write};

use super::{Emitter, escape_text};
use crate::diagnostic::{Checked, Summary};

#[derive(Default)]
pub(super) struct Concise {
    summary: Summary,
}

impl Emitter for Concise {
    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        self.summary.add(file);
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
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.summary)
    }
}
