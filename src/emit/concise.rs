//! Concise: `path:line:col: severity[code] message`, one line per finding, then a summary.
use std::io::{self, Write};

use super::Emitter;
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
                    file.source.name,
                    p.line,
                    p.column,
                    d.severity.as_str(),
                    d.code,
                    d.message
                )?;
            }
        }
        writeln!(out, "{}", Summary::of(files))
    }
}
