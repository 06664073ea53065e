//! `sma record-audio generate`: flags → `model::RecordAudio` → JSON text → `check::check`.
//!
//! Nothing here validates a value: the text that would be printed goes through the same
//! pipeline as `sma lint`, and its diagnostics are translated back to the flags that set the
//! values (`/Parameters/SilenceThreshold` → `--silence-threshold`). `--append-to` splices the
//! action into the existing text so every other byte of the file stays as it was.
use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, MietteDiagnostic};
use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{PrettyFormatter, Serializer};

use super::{Io, Outcome, Result, env_color, failure};
use crate::cli::{ColorChoice, GenerateArgs};
use crate::diagnostic::{Checked, Diagnostic, Meta, Severity};
use crate::emit::{Format, Options, escape_text};
use crate::engine as check;
use crate::model::{Numeric, RecordAudio, RecordingDestination, parse_decimal};
use crate::parse;
use crate::pointer::Pointer;
use crate::rules::DuplicateTerminator;
use crate::source::{self as input, SourceFile};
use crate::util::atomic::{self, Existing};

/// The terminators used when neither `--terminator` nor `--terminators` is given: the
/// parameter is required and `#` is what nearly every real handler uses.
pub const DEFAULT_TERMINATORS: &[&str] = &["#"];

/// Which flag set the value at a pointer below `Parameters`, and what the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// JSON Pointer relative to the action's `Parameters`, e.g. `/RecordingTerminators/0`.
    pub pointer: String,
    pub flag: &'static str,
    pub value: String,
}

/// The parameters built from the flags, with where each value came from.
#[derive(Debug, Clone)]
pub struct Built {
    pub params: RecordAudio,
    pub origins: Vec<Origin>,
}

/// Warnings of `sma lint` that generate refuses: in flags they can only be a slip
/// (`--terminators '##'`), and a file may hold them but generate does not write them.
const REFUSED_WARNINGS: &[&Meta] = &[&DuplicateTerminator::META];

/// JSON key → the flag that sets it, for translating the lint's words into the user's.
const KEY_FLAGS: &[(&str, &str)] = &[
    ("CallId", "--call-id"),
    ("ParticipantTag", "--participant-tag"),
    ("DurationInSeconds", "--duration"),
    ("SilenceDurationInSeconds", "--silence-duration"),
    ("SilenceThreshold", "--silence-threshold"),
    ("RecordingTerminators", "--terminator"),
    ("BucketName", "--bucket"),
    ("Prefix", "--prefix"),
];

/// Passes a flag value through as a JSON number when it is a plain decimal that JSON can hold
/// as written (`10` → `10`), otherwise as a string, which the lint pipeline judges.
fn numeric(raw: &str) -> Numeric {
    match (parse_decimal(raw), raw.parse::<serde_json::Number>()) {
        (Some(_), Ok(n)) if n.to_string() == raw => Numeric::Number(n),
        _ => Numeric::Text(raw.to_string()),
    }
}

/// Builds the parameters from the flags; no value is judged here.
pub fn build(args: &GenerateArgs) -> Built {
    let mut origins = Vec::new();
    let mut origin = |pointer: &str, flag: &'static str, value: &str| {
        origins.push(Origin {
            pointer: pointer.to_string(),
            flag,
            value: value.to_string(),
        });
    };
    let mut params = RecordAudio::default();
    if let Some(id) = &args.call_id {
        origin("/CallId", "--call-id", id);
        params.call_id = Some(id.clone());
    }
    if let Some(tag) = args.participant_tag {
        origin("/ParticipantTag", "--participant-tag", tag.as_str());
        params.participant_tag = Some(tag.as_str().to_string());
    }
    let numbers = [
        (&args.duration, "/DurationInSeconds", "--duration"),
        (
            &args.silence_duration,
            "/SilenceDurationInSeconds",
            "--silence-duration",
        ),
        (
            &args.silence_threshold,
            "/SilenceThreshold",
            "--silence-threshold",
        ),
    ];
    for (value, pointer, flag) in numbers {
        if let Some(raw) = value {
            origin(pointer, flag, raw);
            let n = Some(numeric(raw));
            match flag {
                "--duration" => params.duration_in_seconds = n,
                "--silence-duration" => params.silence_duration_in_seconds = n,
                _ => params.silence_threshold = n,
            }
        }
    }
    let mut terminators: Vec<(&'static str, String)> = args
        .terminator
        .iter()
        .map(|t| ("--terminator", t.clone()))
        .collect();
    if let Some(all) = &args.terminators {
        terminators.extend(all.chars().map(|c| ("--terminators", c.to_string())));
    }
    let given = !args.terminator.is_empty() || args.terminators.is_some();
    if given {
        let (flag, all) = match (&args.terminators, args.terminator.is_empty()) {
            (Some(all), true) => ("--terminators", all.clone()),
            _ => ("--terminator", args.terminator.join(" ")),
        };
        origin("/RecordingTerminators", flag, &all);
        for (i, (flag, t)) in terminators.iter().enumerate() {
            origin(
                &Pointer::root().key("RecordingTerminators").index(i),
                flag,
                t,
            );
        }
    } else {
        origin("/RecordingTerminators", "--terminator", "#");
        terminators = DEFAULT_TERMINATORS
            .iter()
            .map(|t| ("--terminator", t.to_string()))
            .collect();
    }
    params.recording_terminators = Some(terminators.into_iter().map(|(_, t)| t).collect());
    origin("/RecordingDestination", "--bucket", &args.bucket);
    origin("/RecordingDestination/BucketName", "--bucket", &args.bucket);
    if let Some(p) = &args.prefix {
        origin("/RecordingDestination/Prefix", "--prefix", p);
    }
    params.recording_destination = Some(RecordingDestination {
        kind: Some("S3".into()),
        bucket_name: Some(args.bucket.clone()),
        prefix: args.prefix.clone(),
    });
    Built { params, origins }
}

/// Serializes a value pretty-printed with `indent` per level.
fn pretty(value: &Value, indent: &str) -> String {
    let mut out = Vec::new();
    let mut ser =
        Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(indent.as_bytes()));
    // serializing a `Value` into a Vec cannot fail, and the output is UTF-8
    let _ = value.serialize(&mut ser);
    String::from_utf8(out).unwrap_or_default()
}

/// Returns the text `generate` prints: the action (or a response holding it), pretty or
/// compact, keys in documented order, with a final newline.
pub fn render(params: &RecordAudio, compact: bool, response: bool) -> String {
    let action = params.to_action();
    let value = if response {
        let mut r = serde_json::Map::new();
        r.insert("SchemaVersion".into(), "1.0".into());
        r.insert("Actions".into(), Value::Array(vec![action]));
        Value::Object(r)
    } else {
        action
    };
    let text = if compact {
        value.to_string()
    } else {
        pretty(&value, "  ")
    };
    format!("{text}\n")
}

/// Finds the flag behind a diagnostic's pointer: the exact value, else its nearest origin.
fn origin_of<'o>(pointer: &str, origins: &'o [Origin]) -> Option<&'o Origin> {
    let at = pointer.find("/Parameters")?;
    let mut rel = &pointer[at + "/Parameters".len()..];
    loop {
        if let Some(o) = origins.iter().find(|o| o.pointer == rel) {
            return Some(o);
        }
        rel = &rel[..rel.rfind('/')?];
    }
}

/// Replaces backticked JSON keys by the flags that set them: `` `SilenceThreshold` `` →
/// `` `--silence-threshold` ``.
fn in_flag_terms(text: &str) -> String {
    KEY_FLAGS.iter().fold(text.to_string(), |t, (key, flag)| {
        t.replace(&format!("`{key}`"), &format!("`{flag}`"))
    })
}

/// Restates a lint diagnostic of the generated text in terms of the flags.
pub fn explain(d: &Diagnostic, origins: &[Origin]) -> MietteDiagnostic {
    let origin = origin_of(&d.pointer, origins);
    let message = match (d.severity, origin) {
        (Severity::Error, Some(o)) => format!(
            "invalid value `{}` for `{}`: {}",
            o.value,
            o.flag,
            // the finding's own account of the value, never its message re-parsed
            in_flag_terms(d.detail.as_deref().unwrap_or("is not accepted by sma lint"))
        ),
        (Severity::Warning, Some(_)) => in_flag_terms(&d.message),
        (_, None) => format!("the generated action: {}", d.message),
    };
    MietteDiagnostic::new(escape_text(&message).into_owned())
        .with_code(d.code)
        .with_severity(severity(d.severity))
        .with_help(escape_text(&in_flag_terms(&d.help)).into_owned())
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    }
}

fn colour() -> bool {
    env_color(ColorChoice::Auto, false)
}

/// Renders a source-less diagnostic the way `sma lint` renders findings.
fn render_diagnostic(d: &MietteDiagnostic) -> String {
    let theme = if colour() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100);
    let mut text = String::new();
    let _ = handler.render_report(&mut text, d);
    text
}

fn say(io: &mut Io<'_>, d: &MietteDiagnostic) {
    // rendered, perhaps in colour: its text from input was escaped by `explain`
    io.note_raw(&format!("{}\n", render_diagnostic(d)));
}

/// The first line's indentation unit of a JSON text (`  ` when nothing is indented).
fn indent_unit(text: &str) -> &str {
    text.lines()
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .find(|w| !w.is_empty())
        .unwrap_or("  ")
}

/// The leading whitespace of the line holding byte `at`.
fn line_indent(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Adds `action` to the end of the `Actions` of a response text (or of a top-level action
/// list) by splicing text: every other byte stays as it was. `name` is used in messages.
pub fn splice(text: &str, action: &Value, name: &str) -> Result<String> {
    let source = SourceFile::new(name, text);
    let parsed = parse::parse(&source);
    let value = parsed
        .value
        .ok_or_else(|| miette::miette!("`{name}` is not JSON"))?;
    let spans = parsed.spans;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let unit = indent_unit(text);
    let one_line = !text.trim_end().contains('\n');
    // the item as it will sit at `indent`
    let item = |indent: &str| {
        if one_line {
            action.to_string()
        } else {
            pretty(action, unit).replace('\n', &format!("{nl}{indent}"))
        }
    };
    // a whole array holding only the new item, opening at `base` indentation
    let array = |base: &str| {
        if one_line {
            format!("[{}]", action)
        } else {
            let inner = format!("{base}{unit}");
            format!("[{nl}{inner}{}{nl}{base}]", item(&inner))
        }
    };
    let insert = |at: usize, what: &str| format!("{}{what}{}", &text[..at], &text[at..]);
    let replace = |span: crate::source::Span, what: &str| {
        format!("{}{what}{}", &text[..span.start], &text[span.end..])
    };
    let into_array = |pointer: Pointer, len: usize| -> Result<String> {
        let arr = spans
            .get(&pointer)
            .ok_or_else(|| miette::miette!("no `Actions` array in `{name}`"))?
            .value;
        if len == 0 {
            return Ok(replace(arr, &array(line_indent(text, arr.start))));
        }
        let last = spans
            .get(&pointer.index(len - 1))
            .ok_or_else(|| miette::miette!("the last action of `{name}` has no position"))?
            .value;
        let lead = line_indent(text, last.start);
        let own_line =
            text[..last.start].ends_with(lead) && text[..last.start - lead.len()].ends_with('\n');
        if own_line && !one_line {
            Ok(insert(last.end, &format!(",{nl}{lead}{}", item(lead))))
        } else {
            let sep = if one_line { "," } else { ", " };
            Ok(insert(last.end, &format!("{sep}{action}")))
        }
    };
    match &value {
        Value::Array(items) => into_array(Pointer::root(), items.len()),
        Value::Object(m)
            if !m.contains_key("InvocationEventType")
                && !m.contains_key("CallDetails")
                && !m.contains_key("Type") =>
        {
            match m.get("Actions") {
                Some(Value::Array(items)) => {
                    into_array(Pointer::root().key("Actions"), items.len())
                }
                Some(Value::Null) => {
                    let at = spans
                        .get("/Actions")
                        .ok_or_else(|| miette::miette!("no `Actions` in `{name}`"))?
                        .value;
                    Ok(replace(at, &array(line_indent(text, at.start))))
                }
                Some(_) => Err(miette::miette!("`Actions` in `{name}` is not an array")),
                None => {
                    let end = m
                        .keys()
                        .filter_map(|k| spans.get(&Pointer::root().key(k)))
                        .map(|l| l.value.end)
                        .max()
                        .ok_or_else(|| miette::miette!("`{name}` is an empty object"))?;
                    let member = if one_line {
                        format!(",\"Actions\":{}", array(""))
                    } else {
                        let base = line_indent(text, end);
                        format!(",{nl}{base}\"Actions\": {}", array(base))
                    };
                    Ok(insert(end, &member))
                }
            }
        }
        _ => Err(miette::miette!(
            "`{name}` is not a handler response `{{\"SchemaVersion\": \"1.0\", \"Actions\": [...]}}` or a list of actions"
        )),
    }
}

/// Renders the target file's own findings (it must lint clean of errors before it is changed).
fn file_findings(checked: Checked) -> String {
    let options = Options {
        color: colour(),
        width: 100,
    };
    let mut out = Vec::new();
    // writing to memory cannot fail
    let _ = Format::Pretty.emitter(options).emit(&mut out, &[checked]);
    String::from_utf8_lossy(&out).into_owned()
}

/// Builds, renders and checks the action; its findings go to stderr (warnings are part of the
/// report), and an error among them refuses the flags.
fn prepare(args: &GenerateArgs, io: &mut Io<'_>) -> Result<(Built, String)> {
    let built = build(args);
    let text = render(&built.params, args.compact, args.response);
    let mut checked = check::check(SourceFile::new("<generated>", text.clone()));
    for d in &mut checked.diagnostics {
        if REFUSED_WARNINGS.iter().any(|m| m.code == d.code) {
            d.severity = Severity::Error;
        }
    }
    for d in &checked.diagnostics {
        say(io, &explain(d, &built.origins));
    }
    if checked.errors() > 0 {
        miette::bail!("refused: fix the flags above; nothing was written");
    }
    Ok((built, text))
}

/// Runs `sma record-audio generate` without touching the file system: `--append-to FILE`
/// splices into `existing` (as if it were FILE's bytes) and the result, like `-o FILE`'s
/// text, is returned instead of written. The fuzzer's entry point.
pub fn run_in_memory(
    args: &GenerateArgs,
    existing: &[u8],
    io: &mut Io<'_>,
) -> Result<Option<String>> {
    let (built, text) = prepare(args, io)?;
    if let Some(path) = &args.append_to {
        let name = path.display().to_string();
        let (spliced, remaining) = appended(&name, existing.to_vec(), &built.params)?;
        report_remaining(io, remaining);
        return Ok(Some(spliced));
    }
    if output_file(args).is_some() {
        return Ok(Some(text));
    }
    io.print(text.as_bytes())?;
    Ok(None)
}

/// The file `-o` names; `-o -` (like no `-o`) is stdout.
fn output_file(args: &GenerateArgs) -> Option<&Path> {
    args.output.as_deref().filter(|p| *p != Path::new("-"))
}

/// Runs `sma record-audio generate`.
pub fn run(args: &GenerateArgs, io: &mut Io<'_>) -> Result<Outcome> {
    let (built, text) = prepare(args, io)?;
    if let Some(path) = &args.append_to {
        let remaining = append(path, &built.params)?;
        report_remaining(io, remaining);
        return Ok(Outcome::Clean);
    }
    let Some(path) = output_file(args) else {
        io.print(text.as_bytes())?;
        return Ok(Outcome::Clean);
    };
    if path.is_dir() {
        miette::bail!(
            "`{}` is a directory: -o takes a file name, e.g. `{}` (nothing was written)",
            path.display(),
            path.join("record-audio.json").display()
        );
    }
    let existing = if args.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    match atomic::write(path, text.as_bytes(), existing) {
        Ok(()) => Ok(Outcome::Clean),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => miette::bail!(
            "`{}` already exists; pass --force to replace it (nothing was written)",
            path.display()
        ),
        Err(e) => miette::bail!(
            "could not write `{}`: {e} (nothing was written)",
            path.display()
        ),
    }
}

/// `--append-to FILE`: check the file, splice the action in, check the result, replace it.
/// Returns the file's remaining findings (warnings).
fn append(path: &Path, params: &RecordAudio) -> Result<Checked> {
    let name = path.display().to_string();
    if path == Path::new("-") {
        miette::bail!(
            "--append-to needs a file: it is read and then replaced, so `-` (stdin) cannot be used"
        );
    }
    if path.is_dir() {
        miette::bail!("`{name}` is a directory: --append-to takes a handler response file");
    }
    // held until the file is replaced: sma runs appending to one file at once take turns, so
    // every append that exits 0 is in the file and the 10-action limit holds
    let _lock = atomic::lock(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => miette::miette!("could not read `{name}`: {e}"),
        std::io::ErrorKind::InvalidInput => miette::miette!("cannot append to `{name}`: {e}"),
        _ => miette::miette!("could not lock `{name}` for the append: {e} (it was left untouched)"),
    })?;
    let bytes =
        input::read_file(path).map_err(|e| miette::miette!("could not read `{name}`: {e}"))?;
    let (spliced, remaining) = appended(&name, bytes, params)?;
    atomic::write(path, spliced.as_bytes(), Existing::Replace)
        .map_err(|e| miette::miette!("could not write `{name}`: {e} (it was left untouched)"))?;
    Ok(remaining)
}

/// Prints the appended-to file's remaining findings to stderr, as `sma lint` shows them.
fn report_remaining(io: &mut Io<'_>, remaining: Checked) {
    if !remaining.diagnostics.is_empty() {
        io.note_raw(&file_findings(remaining));
    }
}

/// The findings of the file after the append, less those of the action itself that were
/// already reported in terms of the flags (the same code at the same place in the action).
fn remaining(after: Checked, spliced: &str, params: &RecordAudio) -> Checked {
    let list_len = |v: &Value| v.as_array().map(Vec::len);
    let at = match serde_json::from_str::<Value>(spliced) {
        Ok(v) => match list_len(&v) {
            Some(n) => Pointer::root().index(n.saturating_sub(1)),
            None => Pointer::root()
                .key("Actions")
                .index(v.get("Actions").and_then(list_len).unwrap_or(1) - 1),
        },
        Err(_) => return after,
    };
    let alone = check::check(SourceFile::new(
        "<generated>",
        params.to_action().to_string(),
    ));
    let said: Vec<(&str, &str)> = alone
        .diagnostics
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    let diagnostics = after
        .diagnostics
        .into_iter()
        .filter(|d| {
            let within = d
                .pointer
                .strip_prefix(at.as_str())
                .filter(|rest| rest.is_empty() || rest.starts_with('/'));
            within.is_none_or(|rest| !said.contains(&(d.code, rest)))
        })
        .collect();
    Checked {
        source: after.source,
        diagnostics,
    }
}

/// The text of `name` (its `bytes`) with the action appended, if it lints clean before and
/// after, and the result's findings that are left to report (warnings); otherwise the error
/// carries the findings that explain why.
fn appended(name: &str, bytes: Vec<u8>, params: &RecordAudio) -> Result<(String, Checked)> {
    let before = check::check_bytes(name, bytes);
    if before.errors() > 0 {
        return Err(failure(
            format!(
                "`{name}` does not lint clean; fix it before appending to it (it was left untouched)"
            ),
            file_findings(before),
        ));
    }
    let spliced = splice(&before.source.text, &params.to_action(), name)
        .map_err(|e| miette::miette!("cannot append: {e} (it was left untouched)"))?;
    let after = check::check(SourceFile::new(name, spliced.clone()));
    if after.errors() > 0 {
        let details: String = after
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                render_diagnostic(
                    &MietteDiagnostic::new(format!("cannot append to `{name}`: {}", d.message))
                        .with_code(d.code)
                        .with_severity(severity(d.severity))
                        .with_help(d.help.clone()),
                ) + "\n"
            })
            .collect();
        return Err(failure(format!("`{name}` was left untouched"), details));
    }
    let remaining = remaining(after, &spliced, params);
    Ok((spliced, remaining))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action() -> Value {
        json!({"Type": "RecordAudio", "Parameters": {"RecordingTerminators": ["#"]}})
    }

    #[test]
    fn numbers_pass_through_as_written() {
        assert_eq!(numeric("10"), Numeric::Number(10.into()));
        assert_eq!(serde_json::to_string(&numeric("2.5")).unwrap(), "2.5");
        assert_eq!(serde_json::to_string(&numeric("-1")).unwrap(), "-1");
        for text in ["ten", "1e3", "007", "", " 1", "1.50"] {
            assert_eq!(numeric(text), Numeric::Text(text.into()), "{text:?}");
        }
    }

    #[test]
    fn flag_messages_come_from_the_finding_data_not_its_wording() {
        let origins = [Origin {
            pointer: "/SilenceThreshold".into(),
            flag: "--silence-threshold",
            value: "0".into(),
        }];
        let mut d = crate::diagnostic::Finding::new(
            "a message worded any way at all, found 0",
            "/Parameters/SilenceThreshold",
            crate::source::Span::new(0, 1),
        )
        .detail("must be an integer from 1 to 1000")
        .stamp(&crate::diagnostic::codes::schema::ValueOutOfRange::META);
        let said = explain(&d, &origins).to_string();
        assert_eq!(
            said,
            "invalid value `0` for `--silence-threshold`: must be an integer from 1 to 1000"
        );
        d.message = "reworded again".into();
        assert_eq!(explain(&d, &origins).to_string(), said);
        assert_eq!(
            in_flag_terms("without `SilenceDurationInSeconds`"),
            "without `--silence-duration`"
        );
    }

    #[test]
    fn splices_after_the_last_item_with_its_indentation() {
        let text = "{\n    \"SchemaVersion\": \"1.0\",\n    \"Actions\": [\n        {\"Type\": \"Hangup\"}\n    ],\n    \"TransactionAttributes\": {\"k\": \"v\"}\n}\n";
        let out = splice(text, &action(), "r.json").unwrap();
        assert!(out.starts_with("{\n    \"SchemaVersion\": \"1.0\",\n    \"Actions\": [\n        {\"Type\": \"Hangup\"},\n        {\n            \"Type\": \"RecordAudio\",\n"), "{out}");
        assert!(
            out.ends_with("        }\n    ],\n    \"TransactionAttributes\": {\"k\": \"v\"}\n}\n"),
            "{out}"
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["Actions"][1], action());
    }

    #[test]
    fn splices_into_empty_null_missing_and_one_line_lists() {
        let cases = [
            "{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": []\n}\n",
            "{\n  \"SchemaVersion\": \"1.0\",\n  \"Actions\": null\n}\n",
            "{\n  \"SchemaVersion\": \"1.0\"\n}\n",
            "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\"}]}",
            "{\"SchemaVersion\":\"1.0\"}",
            "{\r\n  \"SchemaVersion\": \"1.0\",\r\n  \"Actions\": [\r\n    {\"Type\": \"Hangup\"}\r\n  ]\r\n}\r\n",
            "[\n  {\"Type\": \"Hangup\"}\n]\n",
        ];
        for text in cases {
            let out = splice(text, &action(), "r.json").unwrap();
            let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
            let list = v.get("Actions").unwrap_or(&v).as_array().unwrap();
            assert_eq!(list.last().unwrap(), &action(), "{out}");
            assert_eq!(out.contains("\r\n"), text.contains("\r\n"));
            if text.contains("\r\n") {
                assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
            }
        }
        assert_eq!(
            splice("{\"SchemaVersion\":\"1.0\"}", &action(), "r").unwrap(),
            format!("{{\"SchemaVersion\":\"1.0\",\"Actions\":[{}]}}", action())
        );
    }

    #[test]
    fn single_actions_and_events_are_not_appended_to() {
        assert!(splice(r#"{"Type": "Hangup"}"#, &action(), "a.json").is_err());
        assert!(
            splice(
                r#"{"SchemaVersion": "1.0", "CallDetails": {}}"#,
                &action(),
                "e"
            )
            .is_err()
        );
    }
}
