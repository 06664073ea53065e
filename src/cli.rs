//! Command-line interface (clap derive). Each `///` is the --help text, man page and completion text.
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Level, parse_rule_level};
use crate::emit::{Target, TargetParser};
use crate::schema::{DTMF_KEYS, ERROR_TYPES};

/// Catch Amazon Chime SDK SIP media application mistakes before a live call does.
#[derive(Debug, Parser)]
#[command(
    name = "sma",
    version,
    propagate_version = true,
    after_help = concat!(
        "Documentation: ",
        env!("CARGO_PKG_REPOSITORY"),
        "#readme (docs/ in the repository)\nReport a bug: ",
        env!("CARGO_PKG_REPOSITORY"),
        "/issues"
    )
)]
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
    /// Run scripted calls against your handler, as the SIP media application would
    Simulate(SimulateArgs),
    /// Print an invocation event as the SMA sends it, for handlers' unit tests
    Event(EventArgs),
    /// Run a language server (LSP over stdio): sma's findings in your editor as you type
    Server,
    /// Print types for handler code (TypeScript or Python), generated from sma's schemas
    Types {
        /// The language
        #[arg(value_enum)]
        language: TypesLanguage,
        /// Write them to FILE instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema bundle for editors (`$schema`, VS Code's `json.schemas`)
    Schema {
        /// Write the bundle (sma.schema.json) and one file per action's Parameters
        /// (actions/NAME.json) into DIR instead of printing the bundle
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List every rule: code, name, severity, summary
    Rules,
    /// Show a rule's documentation (what it does, why, example, fix)
    Rule {
        /// Rule code (`SMA204`) or name (`duplicate-terminator`)
        #[arg(value_name = "CODE-OR-NAME")]
        rule: String,
    },
    /// Author RecordAudio actions that `sma lint` accepts
    #[command(subcommand)]
    RecordAudio(RecordAudioCommand),
    /// Print a shell completion script to stdout
    Completions {
        /// Shell to complete for
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff) to stdout
    Man,
}

/// `sma simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario files (TOML): the call, what the caller does, what to expect
    #[arg(value_name = "SCENARIO.toml", required = true)]
    pub scenarios: Vec<PathBuf>,

    /// The handler: a shell command run once per invocation (`sh -c`), the event on stdin, the
    /// response on stdout
    #[arg(long, value_name = "CMD", required_unless_present_any = ["handler", "function_name"], conflicts_with_all = ["handler", "function_name"])]
    pub handler_cmd: Option<String>,

    /// The handler as a Lambda function, run by sma's runners (Node 20, Python 3.11):
    /// `node:FILE#EXPORT` or `python:MODULE.FUNC`
    #[arg(long, value_name = "SPEC", conflicts_with = "function_name")]
    pub handler: Option<String>,

    /// The handler is this Lambda function, invoked through the Lambda Invoke API (a deployed
    /// function, or `sam local start-lambda` with --endpoint-url)
    #[arg(long, value_name = "NAME", help_heading = "AWS")]
    pub function_name: Option<String>,

    /// Use this profile of ~/.aws/config (wins over environment credentials, as in the aws CLI)
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "AWS",
        requires = "function_name"
    )]
    pub profile: Option<String>,

    /// AWS region of the function
    #[arg(
        long,
        value_name = "REGION",
        help_heading = "AWS",
        requires = "function_name"
    )]
    pub region: Option<String>,

    /// Lambda endpoint, e.g. http://127.0.0.1:3001 for `sam local start-lambda`
    #[arg(
        long,
        value_name = "URL",
        help_heading = "AWS",
        requires = "function_name"
    )]
    pub endpoint_url: Option<String>,

    /// Output format: pretty (a line per invocation, then the expectations) or json (one
    /// version-1 transcript per scenario per line)
    #[arg(short, long, value_enum, default_value_t = SimulateFormat::Pretty)]
    pub format: SimulateFormat,

    /// Seconds an invocation may take before it counts as failed (the SMA waits 20)
    #[arg(long, value_name = "S", default_value_t = 20.0, value_parser = positive_seconds)]
    pub handler_timeout: f64,

    /// Seed of the call's ids (TransactionId, CallIds...): the same seed, the same events
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

/// `sma types LANGUAGE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypesLanguage {
    /// TypeScript declarations (interfaces, a discriminated union on `Type`)
    Typescript,
    /// Python TypedDicts (Literal, NotRequired)
    Python,
}

/// `sma event`.
#[derive(Debug, Args)]
pub struct EventArgs {
    /// The InvocationEventType: NEW_INBOUND_CALL, NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED,
    /// ACTION_SUCCESSFUL, ACTION_FAILED, ACTION_INTERRUPTED, HANGUP, CALL_UPDATE_REQUESTED,
    /// DIGITS_RECEIVED, INVALID_LAMBDA_RESPONSE (any case)
    #[arg(value_name = "TYPE", value_parser = event_type)]
    pub kind: String,

    /// For ACTION_* events: answer a sample action of this type (RecordAudio, PlayAudio...)
    #[arg(long, value_name = "ACTION", conflicts_with = "from")]
    pub action: Option<String>,

    /// For ACTION_* events: answer this action (a file with an action, an action list or a
    /// response: its last action), so bucket, prefix and key agree with your handler's
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// For ACTION_FAILED: the ErrorType (one the action's page documents; default its first)
    #[arg(long, value_name = "TYPE")]
    pub error_type: Option<String>,

    /// The DTMF the caller presses (digit-collecting actions, DIGITS_RECEIVED)
    #[arg(long, value_name = "DIGITS", default_value = "1")]
    pub digits: String,

    /// Seed of the ids (TransactionId, CallIds), as in `sma simulate`
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

fn event_type(s: &str) -> Result<String, String> {
    let upper = s.trim().to_ascii_uppercase().replace('-', "_");
    if crate::simulate::sma::EVENT_TYPES.contains(&upper.as_str()) {
        return Ok(upper);
    }
    let hint = crate::util::suggest::did_you_mean(
        &upper,
        crate::simulate::sma::EVENT_TYPES.iter().copied(),
    )
    .map(|t| format!(" (did you mean {t}?)"))
    .unwrap_or_default();
    Err(format!(
        "`{s}` is not an invocation event type{hint}; one of {}",
        crate::simulate::sma::EVENT_TYPES.join(", ")
    ))
}

/// `sma simulate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimulateFormat {
    /// A line per invocation, then each expectation
    Pretty,
    /// One version-1 transcript per scenario per line
    Json,
}

fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 900.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not a number of seconds greater than 0 and at most 900"
        )),
    }
}

/// `sma record-audio ...`
#[derive(Debug, Subcommand)]
pub enum RecordAudioCommand {
    /// Print a RecordAudio action built from flags, checked by the same rules as `sma lint`
    Generate(GenerateArgs),
    /// Print a realistic ACTION_SUCCESSFUL / ACTION_FAILED event for a handler's unit tests
    Event(RecordAudioEventArgs),
}

/// A shell that `sma completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash (source it, or put it in ~/.local/share/bash-completion/completions/sma)
    Bash,
    /// Zsh (save as `_sma` in a directory on $fpath)
    Zsh,
    /// Fish (save as ~/.config/fish/completions/sma.fish)
    Fish,
    /// PowerShell (dot-source it from $PROFILE)
    Powershell,
    /// Elvish (append to ~/.config/elvish/rc.elv)
    Elvish,
}

/// Which call leg RecordAudio records, by tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParticipantTag {
    /// The first leg of the call (the caller on an inbound call)
    #[value(name = "LEG-A")]
    LegA,
    /// The second leg (the party bridged with CallAndBridge)
    #[value(name = "LEG-B")]
    LegB,
}

impl ParticipantTag {
    /// Returns the value as written in the action.
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantTag::LegA => "LEG-A",
            ParticipantTag::LegB => "LEG-B",
        }
    }
}

/// `sma record-audio generate`: one flag per documented RecordAudio parameter.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Leg to record, by a `CallId` from the event's CallDetails.Participants [default: the leg that invoked the Lambda]
    #[arg(long, value_name = "ID", conflicts_with = "participant_tag")]
    pub call_id: Option<String>,

    #[arg(long, value_enum, value_name = "LEG-A|LEG-B", help = format!(
        "Leg to record, by tag: {} [default: the leg that invoked the Lambda]",
        crate::schema::LEG_TAGS.join(" or ")
    ))]
    pub participant_tag: Option<ParticipantTag>,

    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true, help = record_audio_help(
        "Longest recording in seconds", "DurationInSeconds", "[default: no limit]"
    ))]
    pub duration: Option<String>,

    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true, help = record_audio_help(
        "Seconds of silence that end the recording", "SilenceDurationInSeconds",
        "[default: silence detection off]"
    ))]
    pub silence_duration: Option<String>,

    #[arg(long, value_name = "LEVEL", allow_negative_numbers = true, help = record_audio_help(
        "Noise level counted as silence", "SilenceThreshold",
        "(1 quiet room ~30 dB, 100 whisper ~40-50 dB, 200 crowded office ~60 dB, 1000 loud person or music ~75 dB) [default: 200]"
    ))]
    pub silence_threshold: Option<String>,

    #[arg(long, value_name = "CHAR", action = clap::ArgAction::Append, help = format!(
        "DTMF key that stops the recording, one of {}; repeatable [default: #]",
        DTMF_KEYS.join(" ")
    ))]
    pub terminator: Vec<String>,

    /// DTMF keys that stop the recording, as one string (e.g. '#*'); adds to --terminator [default: #]
    #[arg(long, value_name = "CHARS")]
    pub terminators: Option<String>,

    /// S3 bucket for the recording: a valid bucket name in the SMA's account (required)
    #[arg(long, value_name = "NAME")]
    pub bucket: String,

    /// Key prefix for the recording: up to 979 S3-safe characters [default: none, the bucket root]
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// Print the action on one line instead of pretty JSON
    #[arg(long)]
    pub compact: bool,

    /// Wrap the action in a handler response: {"SchemaVersion":"1.0","Actions":[...]}
    #[arg(long)]
    pub response: bool,

    /// Write to FILE atomically instead of stdout (`-` is stdout); refuses to replace an existing file
    #[arg(short, long, value_name = "FILE", conflicts_with = "append_to")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists (with --output)
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Append the action to the Actions of the existing response FILE, atomically, if it lints clean of errors
    #[arg(long, value_name = "FILE", conflicts_with = "response")]
    pub append_to: Option<PathBuf>,
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
    /// Files and directories to lint; `-` reads stdin. Directories are searched for `*.json`
    /// files that are SMA documents (others are skipped; -v lists them), honouring .gitignore
    /// (also outside a git repository) and passing over hidden entries and node_modules,
    /// cdk.out, .aws-sam, .serverless, venv, __pycache__ unless named
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Name to report for input read from stdin
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// Output format [default: pretty]. FORMAT:FILE writes that format to FILE (atomically, no
    /// colour); repeat for several outputs from one run: `-f github -f sarif:results.sarif`
    #[arg(short, long, value_name = "FORMAT[:FILE]", value_parser = TargetParser, action = clap::ArgAction::Append)]
    pub format: Vec<Target>,

    /// Write the output to FILE (atomically, no colour) instead of stdout; with several
    /// --format, it takes the one given without :FILE
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Report errors only; warnings are still counted by --max-warnings and --deny-warnings
    #[arg(short, long)]
    pub quiet: bool,

    /// Exit with 1 when there are warnings, not only errors
    #[arg(long)]
    pub deny_warnings: bool,

    /// Exit with 1 when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// After the findings, print how many there are of each rule
    #[arg(long)]
    pub statistics: bool,

    /// Set a rule's severity, overriding sma.toml: CODE=off|warning|error (code or name);
    /// repeatable
    #[arg(long = "rule", value_name = "CODE=LEVEL", value_parser = parse_rule_flag)]
    pub rules: Vec<RuleLevel>,

    /// Read this config file instead of the nearest sma.toml from the working directory up
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use no config file at all
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Report only findings that are not in this baseline file (see --write-baseline)
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every current finding in FILE, keyed by file, rule and JSON Pointer (not by line),
    /// replacing it, and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Absolute URL of the published docs/rules.md; SARIF help URIs become URL#sma204.
    /// Overrides `docs-url` in sma.toml
    #[arg(long, value_name = "URL", env = "SMA_DOCS_URL")]
    pub docs_url: Option<String>,

    /// Apply the walk's rule to named files too: a file that is not an SMA document (no
    /// `SchemaVersion`/`Actions`/... envelope, not an action) is skipped instead of reported
    /// as SMA010. For pre-commit hooks and CI, which pass every changed `*.json`
    #[arg(long)]
    pub only_sma: bool,

    /// Follow symlinked directories while walking (symlinked files are always linted);
    /// loops are detected and passed over
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// List what the walk passed over and why (files that are not SMA documents, directories
    /// not walked by default, symlinks not followed)
    #[arg(short, long)]
    pub verbose: bool,

    /// The invocation event the responses answer: each response's CallIds and ParticipantTags
    /// are checked against its Participants, and its actions against its event type. The event
    /// itself is linted too, and reported first
    #[arg(long, value_name = "FILE")]
    pub event: Option<PathBuf>,
}

/// A `--rule CODE=LEVEL` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleLevel {
    pub code: &'static str,
    pub level: Level,
}

fn parse_rule_flag(s: &str) -> Result<RuleLevel, String> {
    parse_rule_level(s).map(|(code, level)| RuleLevel { code, level })
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).multiple(true).args(["bucket", "from_actions", "policy_file"])))]
pub struct CheckBucketArgs {
    /// Bucket the recordings go to (RecordAudio `RecordingDestination.BucketName`); with a
    /// template, the bucket whose policy to check (its name or logical id)
    #[arg(long, value_name = "NAME")]
    pub bucket: Option<String>,

    /// Check every bucket the actions in these handler outputs use: RecordAudio and
    /// StartCallRecording destinations (write), S3 audio of PlayAudio, PlayAudioAndGetDigits and
    /// CallAndBridge's RingbackTone (read). Files, or directories searched for `*.json` SMA
    /// documents; `-` reads stdin
    #[arg(long, value_name = "PATH", num_args = 1.., conflicts_with_all = ["bucket", "prefix", "fix"])]
    pub from_actions: Vec<PathBuf>,

    /// Evaluate this saved bucket policy instead of reading the bucket from AWS: a file,
    /// `file://PATH` or `-` (stdin); the output of `aws s3api get-bucket-policy` is unwrapped.
    /// A CloudFormation / SAM / CDK template (JSON or YAML): each AWS::S3::BucketPolicy is
    /// checked against the bucket it attaches to
    #[arg(long, value_name = "FILE")]
    pub policy_file: Option<PathBuf>,

    /// Key prefix of the recordings (RecordAudio `RecordingDestination.Prefix`); default: whole bucket
    #[arg(long, value_name = "PREFIX", default_value = "")]
    pub prefix: String,

    /// What the SMA must do in the bucket: `write` recordings (s3:PutObject + s3:PutObjectAcl)
    /// or `read` audio (s3:GetObject) [default: write; with --from-actions, what each bucket's
    /// actions need]
    #[arg(long, value_enum, value_name = "NEED")]
    pub need: Option<NeedArg>,

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

    /// Output format [default: pretty]: pretty (findings on the policy, notes, a line per action
    /// and the verdict), concise, json (the version-1 report), sarif, github. FORMAT:FILE writes
    /// that format to FILE; repeat for several outputs: `-f github -f sarif:bucket.sarif`
    #[arg(short, long, value_name = "FORMAT[:FILE]", value_parser = TargetParser, action = clap::ArgAction::Append)]
    pub format: Vec<Target>,

    /// AWS profile to read the bucket with; it wins over environment credentials, as in the aws CLI
    /// (default: aws-config's chain: environment, then AWS_PROFILE or `default`, ...)
    #[arg(long, value_name = "NAME", help_heading = "AWS")]
    pub profile: Option<String>,

    /// Region of the S3 client (default: the profile's or AWS_REGION; the bucket's own region is followed)
    #[arg(long, value_name = "REGION", help_heading = "AWS")]
    pub region: Option<String>,

    /// S3 endpoint URL with http:// or https://, for S3-compatible services and tests (path-style
    /// addressing)
    #[arg(long, value_name = "URL", help_heading = "AWS")]
    pub endpoint_url: Option<String>,

    /// Give up after this many seconds: the whole command, every bucket of --from-actions and
    /// credential resolution included
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600), help_heading = "AWS")]
    pub timeout: u64,

    /// Say which endpoint and credential source were used, which calls were made and how each
    /// ended, failed ones too (never secrets; the access key id only in part)
    #[arg(short, long)]
    pub verbose: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Which RecordAudio outcome to build.
/// `--need`: what the SMA does in the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NeedArg {
    /// Upload recordings: s3:PutObject and s3:PutObjectAcl
    Write,
    /// Read audio files: s3:GetObject
    Read,
}

impl From<NeedArg> for crate::policy::Need {
    fn from(n: NeedArg) -> Self {
        match n {
            NeedArg::Write => crate::policy::Need::Write,
            NeedArg::Read => crate::policy::Need::Read,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordAudioOutcome {
    /// ACTION_SUCCESSFUL: the recording was saved to S3
    Success,
    /// ACTION_FAILED: the action failed with an ErrorType and ErrorMessage
    Failed,
}

/// Arguments of `sma record-audio event`.
#[derive(Debug, Clone, Args)]
pub struct RecordAudioEventArgs {
    /// The outcome: `success` (ACTION_SUCCESSFUL) or `failed` (ACTION_FAILED)
    #[arg(value_enum)]
    pub outcome: RecordAudioOutcome,

    /// CallId of the recorded leg (LEG-A of the call); a stand-in UUID by default
    #[arg(long, value_name = "ID", value_parser = non_empty)]
    pub call_id: Option<String>,

    /// success: the S3 key of the recording; `recordings/<CALL-ID>.wav` by default
    #[arg(long, value_name = "KEY", value_parser = non_empty)]
    pub key: Option<String>,

    /// success: the terminator that stopped the recording; leave it out for a recording that
    /// ended on duration or silence
    #[arg(long, value_name = "KEY", value_parser = clap::builder::PossibleValuesParser::new(DTMF_KEYS))]
    pub terminator_used: Option<String>,

    /// failed: the ErrorType; InvalidActionParameter by default
    #[arg(long, value_name = "TYPE", value_parser = clap::builder::PossibleValuesParser::new(ERROR_TYPES))]
    pub error_type: Option<String>,

    /// failed: the ErrorMessage; the documented RecordAudio message for the ErrorType by default
    #[arg(long, value_name = "TEXT", value_parser = non_empty)]
    pub error_message: Option<String>,
}

/// A RecordAudio flag's help: what it sets, the range its schema allows, and its default.
fn record_audio_help(what: &str, key: &str, default: &str) -> String {
    match crate::schema::number_range("record-audio.json", key) {
        Some(range) => format!("{what}, {range} {default}"),
        None => format!("{what} {default}"),
    }
}

/// A value that cannot be empty: `--key ''` is a usage error, not an event that fails its lint.
fn non_empty(s: &str) -> Result<String, String> {
    if s.is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }

    #[test]
    fn leg_tags_are_the_schemas() {
        use clap::ValueEnum;
        let tags: Vec<String> = super::ParticipantTag::value_variants()
            .iter()
            .map(|t| t.to_possible_value().unwrap().get_name().to_string())
            .collect();
        assert_eq!(tags, crate::schema::LEG_TAGS);
    }

    #[test]
    fn generate_help_ranges_come_from_the_schema() {
        use clap::CommandFactory;
        let mut cmd = super::Cli::command();
        let generate = cmd
            .find_subcommand_mut("record-audio")
            .and_then(|c| c.find_subcommand_mut("generate"))
            .unwrap();
        let help = |name: &str| {
            generate
                .get_arguments()
                .find(|a| a.get_id() == name)
                .and_then(|a| a.get_help())
                .map(ToString::to_string)
                .unwrap()
        };
        for (flag, key) in [
            ("silence_threshold", "SilenceThreshold"),
            ("silence_duration", "SilenceDurationInSeconds"),
            ("duration", "DurationInSeconds"),
        ] {
            let range = crate::schema::number_range("record-audio.json", key).unwrap();
            assert!(
                help(flag).contains(&range),
                "{flag}: {} lacks {range}",
                help(flag)
            );
        }
        assert_eq!(
            crate::schema::number_range("record-audio.json", "SilenceThreshold").unwrap(),
            "an integer from 1 to 1000"
        );
        assert!(help("terminator").contains("0 1 2 3 4 5 6 7 8 9 * #"));
    }
}
