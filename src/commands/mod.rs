//! One file per subcommand, each a short pipeline over the layers below, and the toolkit they
//! share: where a command reads and writes (`Io`), how it ends (`Outcome`), the colour
//! decision, and the one error dialect.
//!
//! Errors: a command returns `Result<Outcome>` (`miette::Result`). An error stops the command
//! and is printed once, by `report`, as `error: MESSAGE` (its causes joined with `: `), after
//! the details it carries (e.g. the findings that make an `sma.toml` unusable). Writes to
//! stdout go through `Io::out`: a closed pipe (`sma lint | head -1`) ends output quietly, any
//! other write error (`sma lint x > /dev/full`) is an error, so exit 2.
use std::fmt;
use std::io::{self, Read, Write};

pub mod check_bucket;
pub mod completions;
pub mod event;
pub mod generate;
pub mod lint;
pub mod man;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod server;
pub mod simulate;
pub mod types;

/// A command's result: how it ended, or the error that stopped it (exit 2).
pub type Result<T, E = miette::Report> = std::result::Result<T, E>;

/// Where a command reads and writes.
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stdin: &'a mut dyn Read,
    pub stdout_is_terminal: bool,
}

impl Io<'_> {
    /// Stdout for a command's output: a closed pipe swallows the rest quietly; any other write
    /// error is returned.
    pub fn out(&mut self) -> Printer<'_> {
        Printer {
            inner: &mut *self.stdout,
        }
    }

    /// Writes `bytes` to stdout (see `out`); a write error becomes the command's error.
    pub fn print(&mut self, bytes: &[u8]) -> Result<()> {
        self.out().write_all(bytes).map_err(write_error)
    }

    /// Writes a line to stderr, control characters from input (a file name holding ESC)
    /// escaped by `emit::escape_text` and credential material a server echoed (a session
    /// token, a signature) hidden by `emit::redact_secrets`. Errors are dropped: stderr is
    /// where they would go.
    pub fn note(&mut self, line: impl fmt::Display) {
        let line = line.to_string();
        let line = crate::emit::redact_secrets(&line);
        let _ = writeln!(self.stderr, "{}", crate::emit::escape_text(&line));
    }

    /// Writes text (rendered findings) to stderr as it is; errors are dropped as in `note`.
    /// (A `-v` trace comes here already redacted, line by line, by the AWS layer.)
    pub fn note_raw(&mut self, text: &str) {
        let _ = self.stderr.write_all(text.as_bytes());
    }
}

/// Stdout as commands write it: `BrokenPipe` means the reader has gone (`| head`), so the
/// rest is discarded and the command goes on to its exit code; other errors come through.
pub struct Printer<'a> {
    inner: &'a mut dyn Write,
}

impl Write for Printer<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(buf.len()),
            r => r,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            r => r,
        }
    }
}

/// The error for a failed write to stdout.
pub fn write_error(e: io::Error) -> miette::Report {
    miette::miette!("could not write to stdout: {e}")
}

/// How a command ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: nothing at error severity
    Clean,
    /// 1: findings (errors, or warnings with --deny-warnings)
    Findings,
    /// 2: usage, I/O or internal error (already reported)
    Failed,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failed => 2,
        }
    }
}

/// An error that carries text to show before its `error:` line: the rendered findings that
/// explain it (an invalid `sma.toml`, a file that does not lint clean before `--append-to`).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub details: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
impl miette::Diagnostic for Failure {}

/// An error with `details` (rendered findings) shown before its message.
pub fn failure(message: impl Into<String>, details: impl Into<String>) -> miette::Report {
    miette::Report::new(Failure {
        message: message.into(),
        details: details.into(),
    })
}

/// Prints a command's error: its details, then `error: MESSAGE: CAUSE: ...` on one line.
pub fn report(io: &mut Io<'_>, error: &miette::Report) {
    if let Some(f) = error.downcast_ref::<Failure>() {
        io.note_raw(&f.details);
    }
    let line: Vec<String> = error.chain().map(ToString::to_string).collect();
    io.note(format_args!("error: {}", line.join(": ")));
}

/// Refuses to write any of `outputs` over a file this run reads (`reads`: each path and what
/// it is, e.g. "the configuration"), or over an existing file that holds an SMA document (a
/// handler output a walk would lint): a report never replaces what a user wrote. Checked
/// before anything is written. Outputs that replace nothing (see `atomic::replaces`) pass.
pub fn refuse_overwriting(
    outputs: &[&std::path::Path],
    reads: &[(&std::path::Path, &str)],
) -> Result<()> {
    for out in outputs {
        // a file that does not exist yet is what an output should be; a device, FIFO or
        // descriptor (`/dev/stdout`) is written to, not replaced
        if !crate::util::atomic::replaces(out) {
            continue;
        }
        let Ok(target) = std::fs::canonicalize(out) else {
            continue;
        };
        for (path, what) in reads {
            if std::fs::canonicalize(path).is_ok_and(|p| p == target) {
                miette::bail!(
                    "`{}` is {what} of this run: sma does not write over it (nothing was written)",
                    out.display()
                );
            }
        }
        let Ok(bytes) = crate::source::read_capped_file(&target, crate::source::MAX_INPUT) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let is_sma = serde_json::from_str::<serde_json::Value>(&text).map_or_else(
            |_| crate::model::mentions_sma(&text),
            |v| crate::model::is_sma_document(&v),
        );
        if is_sma {
            miette::bail!(
                "`{}` holds an SMA document (a handler output?): sma does not write a report over it; name another file (nothing was written)",
                out.display()
            );
        }
    }
    Ok(())
}

/// The line for a problem that fails the run without stopping it (a missing input among
/// several): the same `error:` dialect as `report`.
pub fn problem(io: &mut Io<'_>, message: impl fmt::Display) {
    io.note(format_args!("error: {message}"));
}

/// Decides whether to colour: `--color`, then NO_COLOR, FORCE_COLOR / CLICOLOR_FORCE, TERM=dumb,
/// and whether stdout is a terminal.
pub fn use_color(
    choice: crate::cli::ColorChoice,
    is_terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
    use crate::cli::ColorChoice;
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
                true
            } else {
                is_terminal && env("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// The colour decision from the process environment.
pub fn env_color(choice: crate::cli::ColorChoice, is_terminal: bool) -> bool {
    use_color(choice, is_terminal, &|k| std::env::var(k).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(self.0))
        }
    }

    fn with_stdout(kind: io::ErrorKind) -> (Result<()>, Vec<u8>) {
        let mut out = Failing(kind);
        let mut err = Vec::new();
        let mut io = Io {
            stdout: &mut out,
            stderr: &mut err,
            stdin: &mut io::empty(),
            stdout_is_terminal: false,
        };
        let r = io.print(b"text");
        if let Err(e) = &r {
            report(&mut io, e);
        }
        (r, err)
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_other_write_errors_are_errors() {
        let (r, err) = with_stdout(io::ErrorKind::BrokenPipe);
        assert!(r.is_ok() && err.is_empty());
        let (r, err) = with_stdout(io::ErrorKind::StorageFull);
        assert!(r.is_err());
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with("error: could not write to stdout: "),
            "{err}"
        );
    }

    #[test]
    fn errors_print_details_then_one_error_line_with_causes() {
        let mut err = Vec::new();
        let mut io = Io {
            stdout: &mut io::sink(),
            stderr: &mut err,
            stdin: &mut io::empty(),
            stdout_is_terminal: false,
        };
        report(&mut io, &failure("bad config", "  × finding\n"));
        use miette::{IntoDiagnostic, WrapErr};
        let wrapped = Err::<(), _>(io::Error::other("disk on fire"))
            .into_diagnostic()
            .wrap_err("could not read `x`")
            .unwrap_err();
        report(&mut io, &wrapped);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "  × finding\nerror: bad config\nerror: could not read `x`: disk on fire\n"
        );
    }
}
