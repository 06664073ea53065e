//! Codes about `sma.toml` itself (SMA02x): reported on the config file, never on a handler.
use crate::diagnostic::code::declare_code;

declare_code!(
    /// ### What it does
    /// Reports an `sma.toml` that cannot be used: TOML syntax errors, unknown keys, unknown rule
    /// codes or names, severities other than `off`, `warning` or `error`, invalid globs or
    /// JSON Pointer patterns, and ignores without a `reason`.
    ///
    /// ### Why is this bad?
    /// A half-read configuration would lint with settings nobody chose; `sma lint` stops with
    /// exit 2 instead and points at the line and column to fix.
    ///
    /// ### Example
    /// ```toml
    /// [rules]
    /// SMA109 = "of"
    /// ```
    /// Use instead: `SMA109 = "off"`
    InvalidConfig,
    code = "SMA020",
    name = "invalid-config",
    severity = Error,
    summary = "`sma.toml` is not a valid configuration",
    fix = "see docs/configuration.md for the keys and their values",
);

declare_code!(
    /// ### What it does
    /// Reports an `[[ignore]]` entry of `sma.toml` that suppressed no finding in this run.
    ///
    /// ### Why is this bad?
    /// Once the finding it was written for is fixed, a stale ignore silently hides the next,
    /// unrelated mistake at the same place. Like ruff's unused `noqa` (RUF100).
    ///
    /// ### Example
    /// ```toml
    /// [[ignore]]
    /// files = "handlers/legacy.json"
    /// rules = ["SMA103"]
    /// reason = "fixed in #12"
    /// ```
    /// Use instead: delete the entry.
    UnusedIgnore,
    code = "SMA021",
    name = "unused-ignore",
    severity = Warning,
    summary = "an `[[ignore]]` entry of `sma.toml` matched no finding",
    fix = "remove the entry, or correct its `files`, `pointer` or `rules`",
);
