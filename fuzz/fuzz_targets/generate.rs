//! `sma record-audio generate` on arbitrary flag values. The input is split at NUL bytes: the
//! first piece is the existing file `--append-to` splices into, the rest are the arguments
//! (any bytes, so non-UTF-8 too). Nothing is written: `run_in_memory` returns `-o`'s text.
#![no_main]
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use sma::cli::{Cli, Command, RecordAudioCommand};

fuzz_target!(|data: &[u8]| {
    let mut pieces = data.split(|&b| b == 0);
    let existing = pieces.next().unwrap_or_default();
    let mut argv: Vec<OsString> = ["sma", "record-audio", "generate"]
        .map(OsString::from)
        .to_vec();
    argv.extend(pieces.take(64).map(|p| OsString::from_vec(p.to_vec())));
    let Ok(cli) = Cli::try_parse_from(argv) else {
        return;
    };
    let Command::RecordAudio(RecordAudioCommand::Generate(args)) = cli.command else {
        return;
    };
    let (mut out, mut err, mut stdin) = (Vec::new(), Vec::new(), std::io::empty());
    let mut io = sma::Io {
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut stdin,
        stdout_is_terminal: false,
    };
    let result = sma::commands::generate::run_in_memory(&args, existing, &mut io);
    // the promise: whatever generate accepts, `sma lint` accepts
    if let Ok(text) = result {
        let printed = text.unwrap_or_else(|| String::from_utf8(out).expect("UTF-8 output"));
        let checked = sma::engine::check_bytes("generated.json", printed.into_bytes());
        assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    }
});
