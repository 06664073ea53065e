//! `sma check-bucket --policy-file` on arbitrary text (usually JSON): the policy evaluator,
//! the diagnostics on the text, `--fix` and both report formats. The first byte picks flags.
#![no_main]
use clap::Parser;
use libfuzzer_sys::fuzz_target;
use sma::cli::{Cli, Command};

const PREFIXES: &[&str] = &["", "voicemail/", "a*b?/", "${aws:username}/", "ü/"];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, policy)) = data.split_first() else {
        return;
    };
    let mut argv: Vec<String> = ["sma", "check-bucket", "--bucket", "my-recordings"]
        .map(String::from)
        .to_vec();
    argv.extend([
        "--prefix".into(),
        PREFIXES[usize::from(flags & 7) % PREFIXES.len()].into(),
    ]);
    argv.extend(["--color".into(), "never".into()]);
    if flags & 0x08 != 0 {
        argv.extend(["--format".into(), "json".into()]);
    }
    if flags & 0x10 != 0 {
        argv.push("--fix".into());
    }
    if flags & 0x20 != 0 {
        argv.push("--no-assume-tls".into());
    }
    if flags & 0x40 != 0 {
        argv.extend(["--account".into(), "111122223333".into()]);
    }
    if flags & 0x80 != 0 {
        argv.extend([
            "--sma-arn".into(),
            "arn:aws:chime:us-east-1:111122223333:sma/0a1b2c3d".into(),
        ]);
    }
    let cli = Cli::try_parse_from(argv).expect("fixed flags parse");
    let Command::CheckBucket(args) = cli.command else {
        unreachable!()
    };
    let (mut out, mut err, mut stdin) = (Vec::new(), Vec::new(), std::io::empty());
    let mut io = sma::Io {
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut stdin,
        stdout_is_terminal: false,
    };
    let _ = sma::commands::check_bucket::run_on_text(&args, "policy.json", policy.to_vec(), &mut io);
});
