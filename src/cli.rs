//! Command-line interface (clap derive). Each `///` is the --help text, man page and completion text.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::emit::Format;

/// Catch Amazon Chime SDK SIP media application mistakes before a live call does.
#[derive(Debug, Parser)]
#[command(name = "sma", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint handler responses, single actions and action lists
    Lint(LintArgs),
    /// List every rule: code, name, severity, summary
    Rules,
    /// Show a rule's documentation (what it does, why, example, fix)
    Rule {
        /// Rule code (`SMA204`) or name (`duplicate-terminator`)
        #[arg(value_name = "CODE-OR-NAME")]
        rule: String,
    },
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it)
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files and directories to lint; `-` reads stdin. Directories are searched for `*.json`,
    /// honouring .gitignore (also outside a git repository)
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Name to report for input read from stdin
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Exit with 1 when there are warnings, not only errors
    #[arg(long)]
    pub deny_warnings: bool,

    /// The invocation event the responses answer: each response's CallIds and ParticipantTags
    /// are checked against its Participants, and its actions against its event type. The event
    /// itself is linted too, and reported first
    #[arg(long, value_name = "FILE")]
    pub event: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
