//! The `sma` binary: parse flags, run, turn the outcome into an exit code.
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = sma::cli::Cli::parse();
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr().lock();
    let mut stdin = std::io::stdin().lock();
    let outcome = sma::run(
        cli,
        &mut sma::Io {
            stdout: &mut out,
            stderr: &mut err,
            stdin: &mut stdin,
            stdout_is_terminal: is_terminal,
        },
    );
    // `run` has flushed stdout and reported a failed write (exit 2)
    ExitCode::from(outcome.code())
}
