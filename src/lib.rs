//! `sma`: lint Amazon Chime SDK SIP media application handler output.
//!
//! Data flows one way: input → parse (with spans) → schema → model → rules → diagnostics → emit.
//! Each module imports only modules earlier in `LAYERS` (docs/development.md draws them; a test
//! enforces it). The library never prints: output goes to the writers in `Io`.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod pointer;
pub mod source;
pub mod util;

pub mod diagnostic;

pub mod parse;

pub mod model;

pub mod schema;

pub mod typegen;

pub mod rules;

pub mod engine;

pub mod config;

pub mod policy;

pub mod template;

pub mod emit;

pub mod simulate;

pub mod aws;

pub mod server;

pub mod cli;

pub mod commands;

#[cfg(test)]
mod layers;

pub use commands::{Io, Outcome};

use cli::{Cli, Command, RecordAudioCommand};

/// The modules in dependency order: each imports only modules before it (or itself). Modules
/// on one line import none of each other.
pub const LAYERS: &[&[&str]] = &[
    &["pointer", "source", "util"],
    &["diagnostic"],
    &["parse"],
    &["model"],
    &["schema"],
    &["typegen"],
    &["rules"],
    &["engine"],
    &["config"],
    &["policy"],
    &["template"],
    &["emit"],
    &["simulate"],
    &["aws"],
    &["server"],
    &["cli"],
    &["commands"],
];

/// Runs a parsed command line: dispatches to its command, prints the error that stopped it
/// (exit 2), and flushes stdout (a write error there is exit 2 too).
pub fn run(cli: Cli, io: &mut Io<'_>) -> Outcome {
    use commands::{
        check_bucket, completions, event, generate, lint, man, rule, rules, schema, server,
        simulate, types,
    };
    let result = match cli.command {
        Command::Lint(args) => lint::run(&args, io),
        Command::CheckBucket(args) => check_bucket::run(&args, io),
        Command::Simulate(args) => simulate::run(&args, io),
        Command::Event(args) => event::run_any(&args, io),
        Command::Server => server::run(io),
        Command::Schema { out } => schema::run(out.as_deref(), io),
        Command::Types { language, out } => types::run(language, out.as_deref(), io),
        Command::RecordAudio(RecordAudioCommand::Generate(args)) => generate::run(&args, io),
        Command::RecordAudio(RecordAudioCommand::Event(args)) => event::run(&args, io),
        Command::Completions { shell } => completions::run(shell, io),
        Command::Man => man::run(io),
        Command::Rules => rules::run(io),
        Command::Rule { rule: name } => rule::run(&name, io),
    };
    let flushed = std::io::Write::flush(&mut io.out()).map_err(commands::write_error);
    // what a write could not keep of a replaced file (a `security.*` attribute)
    for warning in util::atomic::take_warnings() {
        io.note(format_args!("warning: {warning}"));
    }
    match result.and_then(|outcome| flushed.map(|()| outcome)) {
        Ok(outcome) => outcome,
        Err(e) => {
            commands::report(io, &e);
            Outcome::Failed
        }
    }
}
