//! `sma completions SHELL`: the completion script (what `completions/` holds).
use super::{Io, Outcome, Result};
use crate::cli::{Cli, Shell};

/// `sma completions SHELL`.
pub fn run(shell: Shell, io: &mut Io<'_>) -> Result<Outcome> {
    io.print(&completions(shell))?;
    Ok(Outcome::Clean)
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
