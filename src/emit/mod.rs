//! Output formats: one file per format behind the `Emitter` trait.
//!
//! Add a format: a new file implementing `Emitter`, a variant here and one match arm.
use std::io::{self, Write};

use crate::diagnostic::Checked;

mod concise;
mod json;
pub mod pretty;

/// How findings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help (the default)
    Pretty,
    /// One line per finding: `path:line:col: severity[code] message`
    Concise,
    /// Versioned JSON report for tools (`{"version": 1, "files": [...], "summary": {...}}`)
    Json,
}

/// Rendering settings shared by the human formats.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    pub width: usize,
}

/// Writes the findings of a whole run.
pub trait Emitter {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()>;
}

impl Format {
    pub fn emitter(self, options: Options) -> Box<dyn Emitter> {
        match self {
            Format::Pretty => Box::new(pretty::Pretty::new(options)),
            Format::Concise => Box::new(concise::Concise),
            Format::Json => Box::new(json::Json),
        }
    }

    /// Returns whether the format is for people (and so ends with a summary line).
    pub fn is_human(self) -> bool {
        matches!(self, Format::Pretty | Format::Concise)
    }
}
