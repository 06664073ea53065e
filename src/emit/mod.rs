//! Output formats: one file per format behind the `Emitter` trait.
//!
//! Add a format: a new file implementing `Emitter`, a variant here and one match arm.
use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};

use crate::diagnostic::Checked;

pub mod bucket;
mod concise;
mod github;
mod json;
pub mod pretty;
mod sarif;

pub use github::{escape_data, escape_property};

/// How findings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help (the default)
    Pretty,
    /// One line per finding: `path:line:col: severity[code] message`
    Concise,
    /// Versioned JSON report for tools (`{"version": 1, "files": [...], "summary": {...}}`)
    Json,
    /// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...,line=...::message`): annotations
    Github,
}

/// Rendering settings shared by the human formats.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    pub width: usize,
}

/// What the tool formats need to know about the run: where paths are relative to, and where
/// the rule docs live.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Absolute project root (the directory of `sma.toml`, else of `.git`, else the working
    /// directory); SARIF and GitHub paths are relative to it. `None`: the working directory.
    pub root: Option<PathBuf>,
    /// Absolute URL of the rule docs (`docs/rules.md` as published); a rule's help URI is
    /// `{docs_url}#sma204`. `None`: no help URIs (SARIF still carries each rule's full help).
    pub docs_url: Option<String>,
}

impl Context {
    /// Returns `name` (as reported) relative to the project root with `/` separators, or
    /// unchanged when it is not a path under the root (e.g. `<stdin>`).
    pub fn repo_path(&self, name: &str) -> String {
        repo_path(name, self.root.as_deref())
    }

    /// Returns the help URI of a rule, when a docs URL is configured.
    pub fn help_uri(&self, code: &str) -> Option<String> {
        self.docs_url
            .as_ref()
            .map(|base| format!("{}#{}", base.trim_end_matches('#'), code.to_lowercase()))
    }
}

/// Returns `name` relative to `root` (default: the working directory), with `/` separators.
pub fn repo_path(name: &str, root: Option<&Path>) -> String {
    let slashed = |p: &Path| {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    if name.starts_with('<') {
        return name.to_string();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return name.replace('\\', "/");
    };
    let root = root.map_or_else(|| cwd.clone(), Path::to_path_buf);
    let absolute = normalize(&cwd.join(name));
    match absolute.strip_prefix(normalize(&root)) {
        Ok(rel) if !rel.as_os_str().is_empty() => slashed(rel),
        _ => slashed(&normalize(Path::new(name))),
    }
}

/// Removes `.` and resolves `..` lexically (symlinks are not followed).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Writes the findings of a whole run.
pub trait Emitter {
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()>;
}

impl Format {
    /// Returns the emitter for this format, with paths relative to the working directory.
    pub fn emitter(self, options: Options) -> Box<dyn Emitter> {
        self.emitter_in(options, &Context::default())
    }

    /// Returns the emitter for this format in a run's context.
    pub fn emitter_in(self, options: Options, context: &Context) -> Box<dyn Emitter> {
        match self {
            Format::Pretty => Box::new(pretty::Pretty::new(options)),
            Format::Concise => Box::new(concise::Concise),
            Format::Json => Box::new(json::Json),
            Format::Sarif => Box::new(sarif::Sarif::new(context.clone())),
            Format::Github => Box::new(github::Github::new(context.clone())),
        }
    }

    /// Returns whether the format is for people (and so ends with a summary line).
    pub fn is_human(self) -> bool {
        matches!(self, Format::Pretty | Format::Concise)
    }
}

/// One `--format` value: a format, and the file it goes to (`sarif:results.sarif`) or stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// Parses `FORMAT` or `FORMAT:PATH`, offering the format names to completions.
#[derive(Debug, Clone, Copy)]
pub struct TargetParser;

impl TypedValueParser for TargetParser {
    type Value = Target;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Target, clap::Error> {
        let text = value.to_string_lossy();
        let (name, path) = match text.split_once(':') {
            Some((name, path)) => (name, Some(path)),
            None => (text.as_ref(), None),
        };
        let format = clap::builder::EnumValueParser::<Format>::new().parse_ref(
            cmd,
            arg,
            OsStr::new(name),
        )?;
        match path {
            Some("") => Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("`{text}`: the file after `{name}:` is missing\n"),
            )
            .with_cmd(cmd)),
            path => Ok(Target {
                format,
                path: path.map(PathBuf::from),
            }),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Format::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_paths_are_relative_to_the_root_with_slashes() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(repo_path("a/./b/../c.json", Some(&cwd)), "a/c.json");
        assert_eq!(repo_path("x.json", Some(cwd.parent().unwrap())), {
            let last = cwd.file_name().unwrap().to_string_lossy();
            format!("{last}/x.json")
        });
        assert_eq!(repo_path("<stdin>", Some(&cwd)), "<stdin>");
        let abs = cwd.join("d/e.json");
        assert_eq!(repo_path(&abs.to_string_lossy(), Some(&cwd)), "d/e.json");
    }

    #[test]
    fn help_uris_anchor_on_the_lowercase_code() {
        let ctx = Context {
            root: None,
            docs_url: Some("https://docs.corp.test/sma/rules.md".into()),
        };
        assert_eq!(
            ctx.help_uri("SMA204").unwrap(),
            "https://docs.corp.test/sma/rules.md#sma204"
        );
        assert_eq!(Context::default().help_uri("SMA204"), None);
    }
}
