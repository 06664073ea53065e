//! Output formats: one file per format behind the `Emitter` trait.
//!
//! Add a format: a new file implementing `Emitter`, a variant here and one match arm.
//!
//! Text that comes from input (file names, keys and values quoted in messages, labels, help,
//! source lines) reaches a terminal only through `escape_text` (or, in a snippet, the same
//! escapes with spans mapped: `pretty::Shown`); JSON and SARIF go through `write_json`.
use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};

use crate::diagnostic::Checked;
use crate::source::{SourceFile, key_text};

pub mod bucket;
mod concise;
mod github;
pub mod json;
pub mod pretty;
mod sarif;

pub use github::{escape_data, escape_property};
pub use sarif::fingerprint as sarif_fingerprint;

/// Shows the control characters of `text` as escapes, so that text from input cannot drive a
/// terminal (ESC sequences, BEL, a CR that overwrites the line) or break a one-line format (a
/// newline): `\n`, `\r` and `\t` for those three, `\u{1b}` (lowercase hex, Rust's syntax)
/// for every other control character, that is the C0 controls U+0000–U+001F, DEL U+007F and
/// the C1 controls U+0080–U+009F (U+009B is CSI). Everything else, backslashes included, is
/// unchanged; nothing is copied when there is nothing to escape.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Where a request's credential material shows in text (lowercase; matched in any case):
/// the session token as a header or query parameter (`X-Amz-Security-Token: …`,
/// `X-Amz-Security-Token=…`), and the SigV4 `Credential=` and `Signature=` values of an
/// `Authorization` header or a presigned URL (`X-Amz-Credential=`, `X-Amz-Signature=` too).
const SECRET_MARKERS: &[&str] = &[
    "x-amz-security-token",
    "aws_session_token",
    "credential=",
    "signature=",
];

/// Hides the credential material a server or a library may echo back in an error (see
/// `SECRET_MARKERS`): the value after each marker, up to the next space, `,`, `&`, `;`, quote
/// or bracket, becomes `<redacted>`. For a marker without `=` the value starts after a `:` or
/// `=` and the spaces or quotes after it (`"X-Amz-Security-Token": "…"`). Nothing is copied
/// when there is no marker. Known secrets themselves (the secret key, the token) are masked
/// where they are known, by the AWS layer; this catches what comes back in a server's words.
pub fn redact_secrets(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !SECRET_MARKERS.iter().any(|m| lower.contains(m)) {
        return Cow::Borrowed(text);
    }
    let bytes = lower.as_bytes();
    let is_end = |b: u8| b.is_ascii_whitespace() || b",&;\"'<>()[]{}".contains(&b);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let Some(marker) = SECRET_MARKERS
            .iter()
            .find(|m| bytes[at..].starts_with(m.as_bytes()))
        else {
            at += 1;
            continue;
        };
        let mut start = at + marker.len();
        if !marker.ends_with('=') {
            // `: value`, `=value`, `": "value`
            let sep = start;
            while start < bytes.len() && matches!(bytes[start], b'"' | b'\'' | b' ' | b'\t') {
                start += 1;
            }
            if start < bytes.len() && matches!(bytes[start], b':' | b'=') {
                start += 1;
                while start < bytes.len() && matches!(bytes[start], b'"' | b'\'' | b' ' | b'\t') {
                    start += 1;
                }
            } else {
                // the name alone (`missing X-Amz-Security-Token`): nothing to hide
                at = sep;
                continue;
            }
        }
        let mut end = start;
        while end < bytes.len() && !is_end(bytes[end]) {
            end += 1;
        }
        if end > start {
            out.push_str(&text[copied..start]);
            out.push_str("<redacted>");
            copied = end;
        }
        at = end.max(at + 1);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Appends `c` to `out` as `escape_text` shows it.
pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        c => out.push(c),
    }
}

/// Writes `value` as JSON (indented when `pretty`), with DEL and the C1 controls escaped as
/// well (`\u009b`): serde_json escapes only the C0 controls, and a raw U+009B is a CSI to some
/// terminals. The JSON means the same either way.
pub fn write_json(out: &mut dyn Write, value: &serde_json::Value, pretty: bool) -> io::Result<()> {
    use serde::Serialize;
    if pretty {
        let formatter = EscapeControls(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out, formatter,
        ))?;
    } else {
        let formatter = EscapeControls(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut *out, formatter,
        ))?;
    }
    Ok(())
}

/// A serde_json formatter that also escapes the control characters serde_json leaves as they
/// are (DEL, C1); the layout is the wrapped formatter's.
struct EscapeControls<F>(F);

macro_rules! delegate {
    ($($name:ident),*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.$name(w)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for EscapeControls<F> {
    delegate!(
        begin_array,
        end_array,
        end_array_value,
        begin_object,
        end_object,
        begin_object_value,
        end_object_value
    );

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| c.is_control()) {
            self.0.write_string_fragment(w, &rest[..at])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_string_fragment(w, rest)
    }
}

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
    /// directory); baseline and `include`/`exclude` paths are relative to it. `None`: the
    /// working directory.
    pub root: Option<PathBuf>,
    /// Absolute directory that SARIF and GitHub annotation paths are relative to (see
    /// `annotation_root`). `None`: `root`.
    pub annotation_root: Option<PathBuf>,
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

    /// Returns `name` relative to the annotation root (SARIF `uri`s, GitHub `file=`), with `/`
    /// separators, or unchanged when it is not a path under it.
    pub fn annotation_path(&self, name: &str) -> String {
        repo_path(
            name,
            self.annotation_root.as_deref().or(self.root.as_deref()),
        )
    }

    /// Returns the key of `source` relative to the project root (see `repo_key`): what a
    /// baseline records.
    pub fn key(&self, source: &SourceFile) -> String {
        repo_key(source, self.root.as_deref())
    }

    /// Returns the key of `source` relative to the annotation root (see `repo_key`): what a
    /// SARIF URI encodes.
    pub fn annotation_key(&self, source: &SourceFile) -> String {
        repo_key(
            source,
            self.annotation_root.as_deref().or(self.root.as_deref()),
        )
    }

    /// Returns the help URI of a rule, when a docs URL is configured.
    pub fn help_uri(&self, code: &str) -> Option<String> {
        self.docs_url
            .as_ref()
            .map(|base| format!("{}#{}", base.trim_end_matches('#'), code.to_lowercase()))
    }
}

/// The directory GitHub annotation and SARIF paths are relative to: `$GITHUB_WORKSPACE` when
/// set and not empty (GitHub resolves both against the checkout there; a relative value is
/// taken from `cwd`), else the git root (`git_root`, found by the caller), else `cwd`. Pure:
/// the caller passes the environment in.
pub fn annotation_root(
    github_workspace: Option<&OsStr>,
    git_root: Option<&Path>,
    cwd: &Path,
) -> PathBuf {
    match github_workspace.filter(|w| !w.is_empty()) {
        Some(w) => normalize(&cwd.join(w)),
        None => git_root.unwrap_or(cwd).to_path_buf(),
    }
}

/// Returns `name` relative to `root` (default: the working directory), with `/` separators.
pub fn repo_path(name: &str, root: Option<&Path>) -> String {
    // `<stdin>`, and URLs such as a policy read from S3 (`s3://bucket/?policy`), are no paths
    if name.starts_with('<') || name.contains("://") {
        return name.to_string();
    }
    relative(Path::new(name), root, |part| {
        part.to_string_lossy().into_owned()
    })
}

/// The key of a source relative to `root` (default: the working directory), with `/`
/// separators, each part as `source::key_text` writes it (`%` as `%25`, bytes that are not
/// UTF-8 as `%XX`): what baselines record and SARIF URIs encode. The path itself when the
/// name cannot hold it (`SourceFile::path`), else the name.
pub fn repo_key(source: &SourceFile, root: Option<&Path>) -> String {
    match &source.path {
        Some(path) => relative(path, root, key_text),
        None if source.name.starts_with('<') || source.name.contains("://") => {
            key_text(OsStr::new(&source.name))
        }
        None => relative(Path::new(&source.name), root, key_text),
    }
}

/// `path` relative to `root` (default: the working directory) when it is under it, else as
/// given (normalized), each component shown by `part` and joined with `/`.
fn relative(path: &Path, root: Option<&Path>, part: impl Fn(&OsStr) -> String) -> String {
    let slashed = |p: &Path| {
        p.components()
            .map(|c| match c {
                // joined with `/`, the root becomes the leading `/`
                Component::RootDir => String::new(),
                c => part(c.as_os_str()),
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let Ok(cwd) = std::env::current_dir() else {
        return slashed(path).replace('\\', "/");
    };
    let root = root.map_or_else(|| cwd.clone(), Path::to_path_buf);
    let absolute = normalize(&cwd.join(path));
    match absolute.strip_prefix(normalize(&root)) {
        Ok(rel) if !rel.as_os_str().is_empty() => slashed(rel),
        _ => slashed(&normalize(path)),
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

/// Writes the findings of a run as they come: `begin`, then `file` for each file in order,
/// then `end`. Each file's part is written by `file`, so nothing but counts is held between
/// files (a report's summary, which `end` writes).
pub trait Emitter {
    /// Writes what comes before the first file (a JSON report's opening).
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Writes one file's findings.
    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()>;

    /// Writes what comes after the last file (the summary, a report's closing).
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;

    /// Writes a whole run at once.
    fn emit(&mut self, out: &mut dyn Write, files: &[Checked]) -> io::Result<()> {
        self.begin(out)?;
        for f in files {
            self.file(out, f)?;
        }
        self.end(out)
    }
}

/// Marks, in a skeleton document, the array whose elements are streamed (see `Around`).
const STREAMED: &str = "\u{0}sma-streamed\u{0}";

/// A JSON document as `write_json` writes it, split around one array (the skeleton's
/// `[STREAMED]`) whose elements are written one at a time by `Streamed`: the bytes are those
/// of the whole document written at once.
struct Around {
    before: String,
    after: String,
    /// The whitespace before each element and before the closing `]` (pretty only).
    indent: String,
    close: String,
}

impl Around {
    fn new(skeleton: &serde_json::Value, pretty: bool) -> Around {
        let mut out = Vec::new();
        // writing to memory cannot fail
        let _ = write_json(&mut out, skeleton, pretty);
        let text = String::from_utf8_lossy(&out).into_owned();
        let mark = serde_json::to_string(STREAMED).unwrap_or_default();
        // the last one: the streamed array comes after every text from input (SARIF's help
        // URIs hold `--docs-url`), and nothing after it holds a string
        let at = text.rfind(&mark).unwrap_or(text.len());
        let open = text[..at].rfind('[').unwrap_or(at);
        let rest = at + mark.len().min(text.len() - at);
        let close_at = text[rest..].find(']').map_or(text.len(), |i| rest + i);
        Around {
            before: text[..open].to_string(),
            after: text.get(close_at + 1..).unwrap_or_default().to_string(),
            indent: text[open + 1..at].trim_start_matches('\n').to_string(),
            close: text[rest..close_at].trim_start_matches('\n').to_string(),
        }
    }
}

/// Writes the elements of the streamed array of an `Around`, one at a time.
struct Streamed {
    pretty: bool,
    count: usize,
}

impl Streamed {
    fn new(pretty: bool) -> Self {
        Streamed { pretty, count: 0 }
    }

    /// Writes one element (as `write_json` would inside the array).
    fn element(
        &mut self,
        out: &mut dyn Write,
        around: &Around,
        value: &serde_json::Value,
    ) -> io::Result<()> {
        out.write_all(if self.count == 0 { b"[" } else { b"," })?;
        self.count += 1;
        let mut text = Vec::new();
        write_json(&mut text, value, self.pretty)?;
        if !self.pretty {
            return out.write_all(&text);
        }
        // JSON strings hold no raw line feed: every one is the layout's
        let nested = format!("\n{}", around.indent);
        out.write_all(nested.as_bytes())?;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.write_all(nested.as_bytes())?;
            }
            out.write_all(line)?;
        }
        Ok(())
    }

    /// Closes the array and writes what follows it.
    fn end(&mut self, out: &mut dyn Write, around: &Around) -> io::Result<()> {
        if self.count == 0 {
            out.write_all(b"[]")?;
        } else {
            if self.pretty {
                write!(out, "\n{}", around.close)?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(around.after.as_bytes())
    }
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
            Format::Concise => Box::new(concise::Concise::default()),
            Format::Json => Box::new(json::Json::new()),
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
        assert_eq!(repo_path("s3://b/?policy", Some(&cwd)), "s3://b/?policy");
        let outside = cwd.parent().unwrap().join("elsewhere/x.json");
        assert_eq!(
            repo_path(&outside.to_string_lossy(), Some(&cwd.join("sub"))),
            outside.to_string_lossy().replace('\\', "/")
        );
        let abs = cwd.join("d/e.json");
        assert_eq!(repo_path(&abs.to_string_lossy(), Some(&cwd)), "d/e.json");
    }

    #[test]
    fn escape_text_shows_every_control_character() {
        assert_eq!(escape_text("plain ü \\x1b"), "plain ü \\x1b");
        assert!(matches!(escape_text("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_text("a\u{1b}[31mb\u{7}c\rd\ne\tf\u{0}\u{7f}\u{9b}\u{85}\u{a0}"),
            "a\\u{1b}[31mb\\u{7}c\\rd\\ne\\tf\\u{0}\\u{7f}\\u{9b}\\u{85}\u{a0}"
        );
        for c in (0..=0x9f_u32).filter_map(char::from_u32) {
            let shown = escape_text(&c.to_string()).into_owned();
            assert!(!shown.chars().any(char::is_control), "{c:?} -> {shown:?}");
        }
    }

    /// Files with 0, 1 and 3 findings, and one with a hostile name.
    fn some_files(n: usize) -> Vec<Checked> {
        use crate::diagnostic::Finding;
        use crate::source::Span;
        (0..n)
            .map(|i| {
                let source = SourceFile::new(
                    format!("d/f{i}\u{1b}]0;t\u{7}.json"),
                    "{\"SchemaVersion\": \"1.0\",\n \"Actions\": []}\n",
                );
                let diagnostics = (0..i % 4)
                    .map(|k| {
                        Finding::new(format!("m{k}\n::x"), "/Actions", Span::new(k, k + 3))
                            .stamp(crate::rules::find("SMA204").unwrap())
                    })
                    .collect();
                Checked {
                    source,
                    diagnostics,
                }
            })
            .collect()
    }

    #[test]
    fn streamed_reports_are_the_bytes_of_the_whole_document() {
        for n in [0, 1, 2, 7] {
            let files = some_files(n);
            // JSON: the report as one value, written at once
            let summary = crate::diagnostic::Summary::of(&files);
            let whole = serde_json::json!({
                "version": 1,
                "files": files.iter().map(json::file).collect::<Vec<_>>(),
                "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings},
            });
            let mut expected = Vec::new();
            write_json(&mut expected, &whole, false).unwrap();
            expected.push(b'\n');
            let mut streamed = Vec::new();
            Format::Json
                .emitter(no_color())
                .emit(&mut streamed, &files)
                .unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            // SARIF, pretty: the log as one value
            let context = Context::default();
            let mut log = sarif::skeleton(&context);
            log["runs"][0]["results"] = files
                .iter()
                .flat_map(|f| sarif::results(&context, f))
                .collect();
            let mut expected = Vec::new();
            write_json(&mut expected, &log, true).unwrap();
            expected.push(b'\n');
            let mut streamed = Vec::new();
            Format::Sarif
                .emitter(no_color())
                .emit(&mut streamed, &files)
                .unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    fn no_color() -> Options {
        Options {
            color: false,
            width: 100,
        }
    }

    /// Each file's part is written when the file is given, before the next is: an emitter
    /// holds counts between files, never their findings.
    #[test]
    fn every_format_writes_each_file_before_the_next_comes() {
        let files = some_files(6);
        for format in Format::value_variants() {
            let mut emitter = format.emitter(no_color());
            let mut out = Vec::new();
            emitter.begin(&mut out).unwrap();
            for f in &files {
                let before = out.len();
                emitter.file(&mut out, f).unwrap();
                let written = String::from_utf8_lossy(&out[before..]).into_owned();
                let shown = match format {
                    Format::Json => f
                        .source
                        .name
                        .replace('\u{1b}', "\\u001b")
                        .replace('\u{7}', "\\u0007"),
                    Format::Sarif => {
                        sarif::uri_path(&crate::source::key_text(OsStr::new(&f.source.name)))
                    }
                    _ => escape_text(&f.source.name).into_owned(),
                };
                let expected = match format {
                    // every file has an entry
                    Format::Json => 1,
                    // clean files write nothing
                    _ => f.diagnostics.len(),
                };
                assert_eq!(
                    written.matches(&shown).count(),
                    expected,
                    "{format:?}: {written}"
                );
            }
            emitter.end(&mut out).unwrap();
        }
    }

    #[test]
    fn credential_material_is_redacted_in_any_case_and_form() {
        let cases = [
            (
                "x-amz-security-token: FwoGZXIvYXdzEXAMPLE\r\nhost: h",
                "x-amz-security-token: <redacted>\r\nhost: h",
            ),
            (
                "Authorization: AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/us-east-1/s3/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=0123abcd",
                "Authorization: AWS4-HMAC-SHA256 Credential=<redacted>, \
                 SignedHeaders=host;x-amz-date, Signature=<redacted>",
            ),
            (
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=ASIA%2F1&X-Amz-Security-Token=IQoJb3&X-Amz-Signature=ff",
                "https://b.s3.amazonaws.com/k?X-Amz-Credential=<redacted>&X-Amz-Security-Token=<redacted>&X-Amz-Signature=<redacted>",
            ),
            (
                r#"{"X-AMZ-SECURITY-TOKEN": "IQoJb3/x+y==", "AWS_SESSION_TOKEN"='x'}"#,
                r#"{"X-AMZ-SECURITY-TOKEN": "<redacted>", "AWS_SESSION_TOKEN"='<redacted>'}"#,
            ),
            (
                "the header X-Amz-Security-Token is missing; Signature= empty",
                "the header X-Amz-Security-Token is missing; Signature= empty",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(redact_secrets(text), expected);
        }
        assert!(matches!(redact_secrets("plain ü"), Cow::Borrowed(_)));
        // multi-byte text around a marker stays whole
        assert_eq!(
            redact_secrets("ü signature=ü ü"),
            "ü signature=<redacted> ü"
        );
    }

    #[test]
    fn json_escapes_c1_and_del_too() {
        let value = serde_json::json!({"k\u{9b}": ["\u{1b}\u{7f}\u{85} ü"]});
        for pretty in [false, true] {
            let mut out = Vec::new();
            write_json(&mut out, &value, pretty).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
            assert!(text.contains(r#""k\u009b""#) && text.contains(r#""\u001b\u007f\u0085 ü""#));
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&text).unwrap(),
                value
            );
        }
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({"a": [1, {}]}), true).unwrap();
        let expected = serde_json::to_string_pretty(&serde_json::json!({"a": [1, {}]})).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn annotation_root_is_the_workspace_then_the_git_root_then_cwd() {
        let git = std::env::current_dir().unwrap();
        let cwd = git.join("svc");
        let ws = |w: &Path| annotation_root(Some(w.as_os_str()), Some(&git), &cwd);
        let elsewhere = git.join("elsewhere/r");
        assert_eq!(ws(&elsewhere), elsewhere);
        assert_eq!(
            ws(Path::new("..")),
            git,
            "relative to the working directory"
        );
        assert_eq!(ws(Path::new("")), git, "an empty GITHUB_WORKSPACE is unset");
        assert_eq!(annotation_root(None, Some(&git), &cwd), git);
        assert_eq!(annotation_root(None, None, &cwd), cwd);
        let ctx = Context {
            root: Some(cwd.clone()),
            annotation_root: Some(git.clone()),
            docs_url: None,
        };
        let file = cwd.join("h.json").to_string_lossy().into_owned();
        assert_eq!(ctx.annotation_path(&file), "svc/h.json");
        assert_eq!(ctx.repo_path(&file), "h.json");
    }

    #[test]
    fn help_uris_anchor_on_the_lowercase_code() {
        let ctx = Context {
            root: None,
            annotation_root: None,
            docs_url: Some("https://docs.corp.test/sma/rules.md".into()),
        };
        assert_eq!(
            ctx.help_uri("SMA204").unwrap(),
            "https://docs.corp.test/sma/rules.md#sma204"
        );
        assert_eq!(Context::default().help_uri("SMA204"), None);
    }
}
