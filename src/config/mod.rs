//! `sma.toml`: per-rule severity, include/exclude globs and reasoned ignores for `sma lint`.
//!
//! Found by walking up from the working directory (or named with `--config`). Globs are
//! relative to the file's directory, the project root. A file that cannot be used is a list
//! of SMA020 diagnostics pointing into it; `sma lint` then exits 2.
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::codes::config::InvalidConfig;
use crate::diagnostic::{Checked, Diagnostic, Finding, Severity};
use crate::rules;
use crate::source::{SourceFile, Span};

pub mod baseline;
pub mod suppress;

/// The file name searched for.
pub const FILE_NAME: &str = "sma.toml";

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    /// Parses `off`, `warning` or `error`.
    pub fn parse(s: &str) -> Result<Level, String> {
        match s {
            "off" => Ok(Level::Off),
            "warning" => Ok(Level::Warning),
            "error" => Ok(Level::Error),
            _ => Err(format!(
                "`{s}` is not a severity: use `off`, `warning` or `error`"
            )),
        }
    }
}

/// Parses a `--rule CODE=LEVEL` value (code or name, any case for the code).
pub fn parse_rule_level(s: &str) -> Result<(&'static str, Level), String> {
    let (rule, level) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected CODE=LEVEL, e.g. SMA109=off"))?;
    Ok((find_rule(rule.trim())?, Level::parse(level.trim())?))
}

/// Finds a rule's code by code or name, with a suggestion when it is unknown.
fn find_rule(rule: &str) -> Result<&'static str, String> {
    rules::find(rule).map(|m| m.code).ok_or_else(|| {
        let hint = rules::suggest(rule)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        format!("unknown rule `{rule}`{hint}; `sma rules` lists them")
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    docs_url: Option<Spanned<String>>,
    baseline: Option<Spanned<String>>,
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    files: Spanned<String>,
    pointer: Option<Spanned<String>>,
    rules: Spanned<Vec<Spanned<String>>>,
    reason: Spanned<String>,
}

/// One `[[ignore]]` entry.
#[derive(Debug)]
pub struct Ignore {
    files: GlobMatcher,
    pointer: Vec<String>,
    codes: Vec<&'static str>,
    pub reason: String,
    /// The entry in the config text.
    pub span: Span,
}

impl Ignore {
    /// Returns whether this entry covers files at `repo_path`.
    pub fn covers_file(&self, repo_path: &str) -> bool {
        self.files.is_match(repo_path)
    }

    /// Returns whether this entry suppresses `d` in a file it covers.
    pub fn suppresses(&self, d: &Diagnostic) -> bool {
        self.codes.contains(&d.code) && pointer_matches(&self.pointer, &segments(&d.pointer))
    }
}

/// A usable `sma.toml`.
#[derive(Debug)]
pub struct Config {
    /// The file as read (for diagnostics about it).
    pub source: SourceFile,
    /// The file's directory: globs and reported paths are relative to it.
    pub root: PathBuf,
    pub docs_url: Option<String>,
    /// `baseline = "FILE"`, relative to the root (`--baseline` overrides it).
    pub baseline: Option<PathBuf>,
    /// Severity per rule code, as set in `[rules]`.
    pub levels: HashMap<&'static str, Level>,
    include: Option<GlobSet>,
    exclude: GlobSet,
    pub ignores: Vec<Ignore>,
}

impl Config {
    /// Returns whether a file at `repo_path` (relative to the root) is linted.
    pub fn wants(&self, repo_path: &str) -> bool {
        self.include.as_ref().is_none_or(|s| s.is_match(repo_path))
            && !self.exclude.is_match(repo_path)
    }
}

/// Finds `sma.toml` in `dir` or the nearest directory above it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Why a config could not be used.
#[derive(Debug)]
pub enum Error {
    /// The file could not be read.
    Io(String),
    /// The file was read; these SMA020 diagnostics point into it.
    Invalid(Checked),
}

/// Reads and validates the config file at `path`.
pub fn load(path: &Path) -> Result<Config, Error> {
    let text = crate::source::read_text(path, crate::source::MAX_CONFIG)
        .map_err(|e| Error::Io(format!("could not read `{}`: {e}", path.display())))?;
    let root = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    parse(SourceFile::new(path.display().to_string(), text), root).map_err(Error::Invalid)
}

/// Validates config text; `root` is the directory its globs are relative to.
pub fn parse(source: SourceFile, root: PathBuf) -> Result<Config, Checked> {
    let mut problems = Vec::new();
    let mut problem = |span: Span, message: String, help: Option<&str>| {
        let mut f = Finding::new(message, "", span);
        if let Some(h) = help {
            f = f.help(h);
        }
        problems.push(f.stamp(&InvalidConfig::META));
    };
    let raw: Raw = match toml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            let message = e.message().trim_end().to_string();
            problem(span, message, None);
            return Err(Checked {
                source,
                diagnostics: problems,
            });
        }
    };
    let span = |s: std::ops::Range<usize>| Span::new(s.start, s.end);
    let mut glob = |g: &Spanned<String>, what: &str| -> Option<Glob> {
        match GlobBuilder::new(g.get_ref())
            .literal_separator(true)
            .build()
        {
            Ok(glob) => Some(glob),
            Err(e) => {
                problem(
                    span(g.span()),
                    format!("invalid glob in `{what}`: {}", e.kind()),
                    Some(
                        "globs are relative to the directory of sma.toml, e.g. `handlers/**/*.json`",
                    ),
                );
                None
            }
        }
    };
    let mut set = |globs: &[Spanned<String>], what: &str| {
        let mut builder = GlobSetBuilder::new();
        for g in globs {
            if let Some(g) = glob(g, what) {
                builder.add(g);
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    };
    let include = raw.include.as_deref().map(|g| set(g, "include"));
    let exclude = set(&raw.exclude, "exclude");
    let mut ignores = Vec::new();
    let mut pending = Vec::new();
    for entry in &raw.ignore {
        let e = entry.get_ref();
        let files = GlobBuilder::new(e.files.get_ref())
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher());
        pending.push((entry.span(), files, e));
    }
    let mut levels = HashMap::new();
    let mut more = Vec::new();
    for (rule, level) in &raw.rules {
        match find_rule(rule.get_ref()) {
            Ok(code) => match Level::parse(level.get_ref()) {
                Ok(l) => {
                    levels.insert(code, l);
                }
                Err(m) => more.push((span(level.span()), m, None)),
            },
            Err(m) => more.push((span(rule.span()), m, None)),
        }
    }
    for (entry_span, files, e) in pending {
        let files = match files {
            Ok(m) => Some(m),
            Err(err) => {
                more.push((
                    span(e.files.span()),
                    format!("invalid glob in `files`: {}", err.kind()),
                    None,
                ));
                None
            }
        };
        if e.reason.get_ref().trim().is_empty() {
            more.push((
                span(e.reason.span()),
                "`reason` is empty".to_string(),
                Some("say why the finding is accepted, so the next reader can judge it"),
            ));
        }
        let pointer = match &e.pointer {
            None => Vec::new(),
            Some(p) if p.get_ref().is_empty() => Vec::new(),
            Some(p) if !p.get_ref().starts_with('/') => {
                more.push((
                    span(p.span()),
                    format!("`{}` is not a JSON Pointer: it must start with `/`", p.get_ref()),
                    Some("e.g. `/Actions/*/Parameters/SilenceThreshold`; `*` is one segment, `**` any number"),
                ));
                Vec::new()
            }
            Some(p) => segments(p.get_ref()),
        };
        let mut codes = Vec::new();
        if e.rules.get_ref().is_empty() {
            more.push((
                span(e.rules.span()),
                "`rules` is empty: name the codes this entry ignores".to_string(),
                None,
            ));
        }
        for r in e.rules.get_ref() {
            match find_rule(r.get_ref()) {
                Ok(code) => codes.push(code),
                Err(m) => more.push((span(r.span()), m, None)),
            }
        }
        if let Some(files) = files {
            ignores.push(Ignore {
                files,
                pointer,
                codes,
                reason: e.reason.get_ref().clone(),
                span: span(entry_span),
            });
        }
    }
    let docs_url = match raw.docs_url {
        Some(u) if !is_absolute_url(u.get_ref()) => {
            more.push((
                span(u.span()),
                format!(
                    "`docs-url` must be an absolute URL, found `{}`",
                    u.get_ref()
                ),
                Some(concat!(
                    "SARIF help URIs must be absolute, e.g. `",
                    env!("CARGO_PKG_REPOSITORY"),
                    "/blob/v",
                    env!("CARGO_PKG_VERSION"),
                    "/docs/rules.md`"
                )),
            ));
            None
        }
        u => u.map(Spanned::into_inner),
    };
    let baseline = match raw.baseline {
        Some(b) if b.get_ref().trim().is_empty() => {
            more.push((
                span(b.span()),
                "`baseline` is empty".to_string(),
                Some("name the baseline file, relative to sma.toml, e.g. `sma-baseline.json`"),
            ));
            None
        }
        b => b.map(|b| root.join(b.into_inner())),
    };
    for (s, m, h) in more {
        problem(s, m, h);
    }
    if !problems.is_empty() {
        problems.sort_by_key(|d| d.span.start);
        return Err(Checked {
            source,
            diagnostics: problems,
        });
    }
    Ok(Config {
        source,
        root,
        docs_url,
        baseline,
        levels,
        include,
        exclude,
        ignores,
    })
}

/// Returns whether `url` is an absolute `http(s)` or `file` URL.
pub fn is_absolute_url(url: &str) -> bool {
    ["https://", "http://", "file://"]
        .iter()
        .any(|p| url.starts_with(p) && url.len() > p.len())
}

/// Splits a JSON Pointer into its unescaped segments (`""` has none).
fn segments(pointer: &str) -> Vec<String> {
    crate::pointer::segments(pointer)
        .map(String::from)
        .collect()
}

/// Returns whether `pattern` matches `pointer` or one of its ancestors: `*` is any one
/// segment, `**` any number of them.
fn pointer_matches(pattern: &[String], pointer: &[String]) -> bool {
    match pattern.split_first() {
        None => true,
        Some((p, rest)) if p == "**" => {
            pointer_matches(rest, pointer)
                || (!pointer.is_empty() && pointer_matches(pattern, &pointer[1..]))
        }
        Some((p, rest)) => match pointer.split_first() {
            Some((s, tail)) => (p == "*" || p == s) && pointer_matches(rest, tail),
            None => false,
        },
    }
}

/// Applies rule levels (`off` drops a finding) to one file's diagnostics.
pub fn apply_levels(diagnostics: &mut Vec<Diagnostic>, levels: &HashMap<&'static str, Level>) {
    diagnostics.retain_mut(|d| match levels.get(d.code) {
        None => true,
        Some(Level::Off) => false,
        Some(Level::Warning) => {
            d.severity = Severity::Warning;
            true
        }
        Some(Level::Error) => {
            d.severity = Severity::Error;
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, Checked> {
        parse(SourceFile::new("sma.toml", text), PathBuf::from("/p"))
    }

    fn errors(text: &str) -> Vec<(usize, usize, String)> {
        let c = parse_text(text).expect_err("invalid");
        c.diagnostics
            .iter()
            .map(|d| {
                let p = c.source.position(d.span.start);
                assert_eq!(d.code, "SMA020");
                (p.line, p.column, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn a_full_config_parses() {
        let c = parse_text(
            r#"
docs-url = "https://docs.corp.test/sma/rules.md"
include = ["handlers/**/*.json"]
exclude = ["handlers/generated/**"]

[rules]
SMA109 = "off"
duplicate-terminator = "error"

[[ignore]]
files = "handlers/legacy/*.json"
pointer = "/Actions/*/Parameters/SilenceThreshold"
rules = ["SMA103", "threshold-without-silence-duration"]
reason = "legacy, replaced in Q3"
"#,
        )
        .unwrap();
        assert_eq!(c.levels["SMA109"], Level::Off);
        assert_eq!(c.levels["SMA204"], Level::Error);
        assert!(c.wants("handlers/a.json"));
        assert!(!c.wants("handlers/generated/a.json"));
        assert!(!c.wants("other/a.json"));
        let ig = &c.ignores[0];
        assert!(ig.covers_file("handlers/legacy/x.json"));
        assert!(!ig.covers_file("handlers/legacy/deep/x.json"));
        assert_eq!(ig.codes, ["SMA103", "SMA203"]);
    }

    #[test]
    fn bad_configs_point_at_line_and_column() {
        let e = errors("[rules]\nSMA109 = \"of\"\n");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].0, e[0].1), (2, 10));
        assert!(e[0].2.contains("`of` is not a severity"), "{e:?}");

        let e = errors("[rules]\nSMA1O9 = \"off\"\n");
        assert_eq!((e[0].0, e[0].1), (2, 1));
        assert!(e[0].2.contains("did you mean `SMA109`"), "{e:?}");

        let e = errors("include = [\"a/**\"\n");
        assert_eq!(e[0].0, 1, "{e:?}");

        let e = errors("colour = true\n");
        assert_eq!((e[0].0, e[0].1), (1, 1), "{e:?}");
        assert!(e[0].2.contains("unknown field"), "{e:?}");

        let e = errors("[[ignore]]\nfiles = \"*.json\"\nrules = [\"SMA103\"]\n");
        assert!(e[0].2.contains("missing field `reason`"), "{e:?}");

        let e = errors(
            "[[ignore]]\nfiles = \"a/[b.json\"\npointer = \"Actions\"\nrules = []\nreason = \" \"\n",
        );
        let lines: Vec<usize> = e.iter().map(|x| x.0).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{e:?}");

        let e = errors("docs-url = \"docs/rules.md\"\n");
        assert!(e[0].2.contains("absolute URL"), "{e:?}");
    }

    #[test]
    fn pointer_patterns() {
        let m = |pat: &str, ptr: &str| pointer_matches(&segments(pat), &segments(ptr));
        assert!(m("", "/Actions/0"));
        assert!(m("/Actions", "/Actions/0/Parameters"));
        assert!(m("/Actions/*/Parameters", "/Actions/3/Parameters/CallId"));
        assert!(!m("/Actions/*/Parameters", "/Actions"));
        assert!(m(
            "/**/BucketName",
            "/Actions/0/Parameters/RecordingDestination/BucketName"
        ));
        assert!(!m("/**/BucketName", "/Actions/0/Parameters/Prefix"));
        assert!(m("/a~1b", "/a~1b/c"));
        assert!(!m("/Actions/1", "/Actions/10"));
    }

    #[test]
    fn levels_change_or_drop_findings() {
        let d = |code| {
            Finding::new("m", "/x", Span::new(0, 1)).stamp(rules::find(code).expect("known code"))
        };
        let mut ds = vec![d("SMA109"), d("SMA204"), d("SMA103")];
        let levels = HashMap::from([("SMA109", Level::Off), ("SMA204", Level::Error)]);
        apply_levels(&mut ds, &levels);
        let got: Vec<_> = ds.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [("SMA204", Severity::Error), ("SMA103", Severity::Error)]
        );
    }

    #[test]
    fn rule_flags_parse() {
        assert_eq!(parse_rule_level("sma109=off"), Ok(("SMA109", Level::Off)));
        assert_eq!(
            parse_rule_level("unknown-key = error"),
            Ok(("SMA109", Level::Error))
        );
        assert!(parse_rule_level("SMA109").is_err());
        assert!(parse_rule_level("SMA109=warn").is_err());
    }
}
