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
    /// Check that a bucket policy lets the Chime service principal store recordings
    CheckBucket(CheckBucketArgs),
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
}

/// How `check-bucket` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BucketFormat {
    /// Diagnostics on the policy text, a line per action and the verdict
    Pretty,
    /// Versioned JSON report (`{"version": 1, "verdict": ..., "actions": {...}}`)
    Json,
}

#[derive(Debug, Args)]
pub struct CheckBucketArgs {
    /// Bucket the recordings go to (RecordAudio `RecordingDestination.BucketName`)
    #[arg(long, value_name = "NAME")]
    pub bucket: String,

    /// Bucket policy to evaluate, as JSON (`aws s3api get-bucket-policy --query Policy --output text`)
    #[arg(long, value_name = "FILE")]
    pub policy_file: PathBuf,

    /// Key prefix of the recordings (RecordAudio `RecordingDestination.Prefix`); default: whole bucket
    #[arg(long, value_name = "PREFIX", default_value = "")]
    pub prefix: String,

    /// The SMA's 12-digit AWS account id; decides `aws:SourceAccount` conditions
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,

    /// The SMA's ARN, arn:<partition>:chime:<region>:<account>:sma/<id>; decides `aws:SourceArn`
    /// (and gives partition, region and account)
    #[arg(long, value_name = "ARN")]
    pub sma_arn: Option<String>,

    /// Do not assume the service calls S3 over TLS (`aws:SecureTransport` becomes unknown)
    #[arg(long)]
    pub no_assume_tls: bool,

    /// Exit 0 also when the verdict is `conditional`
    #[arg(long)]
    pub allow_conditional: bool,

    /// Print the policy with the minimal statement added that grants the upload (report on stderr)
    #[arg(long)]
    pub fix: bool,

    /// Output format
    #[arg(short, long, value_enum, default_value_t = BucketFormat::Pretty)]
    pub format: BucketFormat,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
