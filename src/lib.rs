//! `sma`: lint Amazon Chime SDK SIP media application handler output.
//!
//! Data flows one way: input → parse (with spans) → schema → model → rules → diagnostics → emit.
//! The library never prints: output goes to the writers in `Io`.
#![warn(clippy::print_stdout, clippy::print_stderr)]

use std::io::{self, Read, Write};

pub mod atomic;
pub mod baseline;
pub mod bucket;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod events;
pub mod generate;
pub mod lint;
pub mod model;
pub mod parse;
pub mod policy;
pub mod readme;
pub mod rules;
pub mod s3;
pub mod schema;
pub mod source;

use cli::{Cli, ColorChoice, Command, RecordAudioCommand, Shell};

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
        Command::CheckBucket(args) => bucket::run(&args, io),
        Command::RecordAudio(RecordAudioCommand::Generate(args)) => generate::run(&args, io),
        Command::RecordAudio(RecordAudioCommand::Event(args)) => events::run(&args, io),
        Command::Completions { shell } => {
            write_quietly(io.stdout.write_all(&completions(shell)));
            Outcome::Clean
        }
        Command::Man => match man_page() {
            Ok(page) => {
                write_quietly(io.stdout.write_all(&page));
                Outcome::Clean
            }
            Err(e) => {
                write_quietly(writeln!(
                    io.stderr,
                    "error: could not render the man page: {e}"
                ));
                Outcome::Failed
            }
        },
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

/// Returns the completion script for `shell` (what `completions/` holds).
pub fn completions(shell: Shell) -> Vec<u8> {
    use clap::CommandFactory;
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sma", &mut out);
    out
}

/// Returns the man page `sma.1` in roff: the top-level page, then one section per subcommand
/// with its synopsis, description and options (so `record-audio generate`'s flags are there).
pub fn man_page() -> io::Result<Vec<u8>> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        man_section(&mut out, &format!("sma {}", sub.get_name()), sub)?;
    }
    Ok(out)
}

type Renderer = fn(&clap_mangen::Man, &mut dyn Write) -> io::Result<()>;

/// Writes one subcommand's section of the man page, then its own subcommands'.
fn man_section(out: &mut Vec<u8>, path: &str, sub: &clap::Command) -> io::Result<()> {
    if sub.get_name() == "help" {
        return Ok(());
    }
    writeln!(out, ".SH \"{}\"", path.to_uppercase())?;
    let man = clap_mangen::Man::new(sub.clone().bin_name(path.to_string()));
    for (render, heading) in [
        (
            clap_mangen::Man::render_synopsis_section as Renderer,
            "SYNOPSIS",
        ),
        (clap_mangen::Man::render_description_section, "DESCRIPTION"),
        (clap_mangen::Man::render_options_section, "OPTIONS"),
    ] {
        let mut part = Vec::new();
        render(&man, &mut part)?;
        let text = String::from_utf8_lossy(&part);
        let text = text.replacen(&format!(".SH {heading}\n"), "", 1);
        match heading {
            _ if text.trim().is_empty() => {}
            "DESCRIPTION" => out.extend_from_slice(b".PP\n"),
            "OPTIONS" => out.extend_from_slice(b".SS Options\n"),
            _ => {}
        }
        out.extend_from_slice(text.as_bytes());
    }
    for s in sub.get_subcommands() {
        man_section(out, &format!("{path} {}", s.get_name()), s)?;
    }
    Ok(())
}
