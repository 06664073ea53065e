//! `sma`: lint Amazon Chime SDK SIP media application handler output.
//!
//! Data flows one way: input → parse (with spans) → schema → model → rules → diagnostics → emit.
//! The library never prints: output goes to the writers in `Io`.
#![warn(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Read, Write};

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod emit;
pub mod events;
pub mod lint;
pub mod model;
pub mod parse;
pub mod readme;
pub mod rules;
pub mod schema;
pub mod source;

use cli::{Cli, ColorChoice, Command};

/// Where a command reads and writes.
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stdin: &'a mut dyn Read,
    pub stdout_is_terminal: bool,
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

/// Decides whether to colour: `--color`, then NO_COLOR, FORCE_COLOR / CLICOLOR_FORCE, TERM=dumb,
/// and whether stdout is a terminal.
pub fn use_color(
    choice: ColorChoice,
    is_terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
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

/// Ignores a closed pipe (`sma lint | head -1`); other write errors are ignored too, since
/// there is nowhere left to report them.
pub fn write_quietly(result: io::Result<()>) {
    let _ = result;
}

/// Runs a parsed command line.
pub fn run(cli: Cli, io: &mut Io<'_>) -> Outcome {
    match cli.command {
        Command::Lint(args) => lint::run(&args, io),
        Command::Rules => {
            write_quietly(io.stdout.write_all(readme::rules_list().as_bytes()));
            Outcome::Clean
        }
        Command::Rule { rule } => match rules::find(&rule) {
            Some(meta) => {
                write_quietly(io.stdout.write_all(readme::rule_doc(meta).as_bytes()));
                Outcome::Clean
            }
            None => {
                let names = rules::RULES
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name]);
                let hint = rules::did_you_mean(&rule, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                write_quietly(writeln!(
                    io.stderr,
                    "error: unknown rule `{rule}`{hint}; `sma rules` lists them"
                ));
                Outcome::Failed
            }
        },
    }
}
