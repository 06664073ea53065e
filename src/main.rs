//! The `sma` binary: parse flags, run, turn the outcome into an exit code.
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

// mimalloc: glibc's malloc spent ~20% of a lint run on many small documents' values and
// findings (and consolidating its free lists on the first large allocation after them).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc.h (v3), which libmimalloc-sys leaves unnamed.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed pages go back at once, not a second later: most runs are shorter than that, and
    // pages kept for reuse count in the peak memory (6 MB response: 121 MiB -> 104 MiB).
    // SAFETY: sets one integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    // SIGINT / SIGTERM / SIGHUP: temp files removed, a simulated handler's group killed,
    // exit 130 / 143 / 129
    sma::util::signal::install();
    let cli = match sma::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help, --version and usage errors, as clap words them; a failed write of the help
        // (`sma --help > /dev/full`) is exit 2 like any other
        Err(e) => {
            let printed = e.print().and_then(|()| std::io::stdout().flush());
            return match printed {
                Err(w) if w.kind() != std::io::ErrorKind::BrokenPipe => {
                    let _ = writeln!(std::io::stderr(), "error: could not write to stdout: {w}");
                    ExitCode::from(2)
                }
                _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
            };
        }
    };
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
