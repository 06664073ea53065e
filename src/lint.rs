//! `sma lint`: collect inputs, check them in parallel, emit in a deterministic order.
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::atomic::{self, Existing};
use crate::baseline::Baseline;
use crate::check::{check_bytes_with_event, check_event_bytes};
use crate::cli::{ColorChoice, LintArgs};
use crate::config::{self, Config, Level};
use crate::diagnostic::{Checked, Diagnostic, Finding, Summary};
use crate::emit::{self, Format, Options, Target, pretty};
use crate::model::Event;
use crate::rules::config_codes::UnusedIgnore;
use crate::{Io, Outcome, use_color, write_quietly};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Expands the command-line paths into inputs; problems (missing paths, unreadable
/// directories) are returned beside them.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => problems.push(format!("`{}`: {e}", path.display())),
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut problems),
            Ok(m) if m.is_file() => inputs.push(Input::File(path.clone())),
            Ok(_) => problems.push(format!(
                "`{}`: not a regular file or directory (FIFOs and devices are not read)",
                path.display()
            )),
        }
    }
    (inputs, problems)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<String>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let is_json = e.path().extension().is_some_and(|x| x == "json");
                if is_json && e.file_type().is_some_and(|t| t.is_file()) {
                    inputs.push(Input::File(e.into_path()));
                }
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
}

/// Checks every input, using all cores, and returns the results in input order.
fn check_all(
    inputs: &[Input],
    stdin: Option<(String, Vec<u8>)>,
    event: Option<&Event>,
) -> Vec<Result<Checked, String>> {
    crate::schema::warm_up();
    let mut stdin = stdin;
    let mut results: Vec<Option<Result<Checked, String>>> = inputs
        .iter()
        .map(|i| match i {
            Input::Stdin => stdin
                .take()
                .map(|(name, bytes)| Ok(check_bytes_with_event(&name, bytes, event))),
            Input::File(_) => None,
        })
        .collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            if let Input::File(path) = input {
                let name = path.display().to_string();
                let result = crate::source::read_file(path)
                    .map(|bytes| check_bytes_with_event(&name, bytes, event))
                    .map_err(|e| format!("could not read `{name}`: {e}"));
                mine.push((i, result));
            }
        }
        mine
    };
    // One worker (one file, or one core) runs here: no thread to start.
    let done: Vec<Vec<(usize, Result<Checked, String>)>> = if workers == 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("stdin was given more than once".into())))
        .collect()
}

/// Everything `sma lint` settles before reading an input: CLI > sma.toml > defaults.
struct Settings {
    config: Option<Config>,
    levels: HashMap<&'static str, Level>,
    targets: Vec<Target>,
    baseline: Option<Baseline>,
    context: emit::Context,
}

/// Resolves the config file, flags and output targets; `Err` has already been reported.
fn settings(args: &LintArgs, io: &mut Io<'_>) -> Result<Settings, ()> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(p), _) => Some(p.clone()),
        // shown relative to the working directory, like the inputs
        (None, false) => {
            config::discover(&cwd).map(|p| p.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(p))
        }
    };
    let config = match path.as_deref().map(config::load).transpose() {
        Ok(c) => c,
        Err(config::Error::Io(m)) => return fail(io, &m),
        Err(config::Error::Invalid(checked)) => {
            let handler = stderr_handler(args);
            for d in &checked.diagnostics {
                write_quietly(
                    io.stderr
                        .write_all(pretty::render(&handler, &checked.source, d).as_bytes()),
                );
            }
            return fail(
                io,
                &format!("`{}` is not a valid configuration", checked.source.name),
            );
        }
    };
    let mut levels = config
        .as_ref()
        .map(|c| c.levels.clone())
        .unwrap_or_default();
    for r in &args.rules {
        levels.insert(r.code, r.level);
    }
    let docs_url = args
        .docs_url
        .clone()
        .filter(|u| !u.is_empty())
        .or_else(|| config.as_ref().and_then(|c| c.docs_url.clone()));
    if let Some(u) = &docs_url
        && !config::is_absolute_url(u)
    {
        return fail(
            io,
            &format!("--docs-url / SMA_DOCS_URL must be an absolute URL, found `{u}`"),
        );
    }
    let root = config
        .as_ref()
        .map(|c| c.root.clone())
        .or_else(|| git_root(&cwd))
        .unwrap_or(cwd);
    let targets = match targets(args) {
        Ok(t) => t,
        Err(m) => return fail(io, &m),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(m) => return fail(io, &m),
    };
    Ok(Settings {
        config,
        levels,
        targets,
        baseline,
        context: emit::Context {
            root: Some(root),
            docs_url,
        },
    })
}

fn fail<T>(io: &mut Io<'_>, message: &str) -> Result<T, ()> {
    write_quietly(writeln_err(io, &format!("error: {message}")));
    Err(())
}

/// The nearest directory from `dir` up that holds `.git`.
fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Pretty output for stderr (config problems): colour only with `--color always`.
fn stderr_handler(args: &LintArgs) -> miette::GraphicalReportHandler {
    pretty::handler(Options {
        color: args.color == ColorChoice::Always,
        width: 100,
    })
}

/// The outputs of the run: `--format` values, `--output-file` given to the one without a file.
fn targets(args: &LintArgs) -> Result<Vec<Target>, String> {
    let mut targets = args.format.clone();
    if targets.is_empty() {
        targets.push(Target {
            format: Format::Pretty,
            path: None,
        });
    }
    if let Some(out) = &args.output_file {
        let mut free = targets.iter_mut().filter(|t| t.path.is_none());
        match (free.next(), free.next()) {
            (Some(t), None) => t.path = Some(out.clone()),
            (None, _) => {
                return Err("--output-file: every --format already names its file".into());
            }
            (Some(_), Some(_)) => {
                return Err("--output-file: several --format values have no :FILE; give each its own (e.g. `-f sarif:results.sarif`)".into());
            }
        }
    }
    if targets.iter().filter(|t| t.path.is_none()).count() > 1 {
        return Err("only one --format can write to stdout; send the others to files, e.g. `--format sarif:results.sarif`".into());
    }
    let mut files: Vec<_> = targets.iter().filter_map(|t| t.path.as_ref()).collect();
    files.sort();
    if files.windows(2).any(|w| w[0] == w[1]) {
        return Err("two --format values write to the same file".into());
    }
    Ok(targets)
}

/// Runs `sma lint`.
pub fn run(args: &LintArgs, io: &mut Io<'_>) -> Outcome {
    let Ok(Settings {
        config,
        levels,
        targets,
        mut baseline,
        context,
    }) = settings(args, io)
    else {
        return Outcome::Failed;
    };
    let (mut inputs, mut problems) = collect(&args.paths);
    // never lint our own files: the baseline and report files (`-f json:report.json`)
    let own: Vec<PathBuf> = [&args.baseline, &args.write_baseline]
        .into_iter()
        .flatten()
        .chain(targets.iter().filter_map(|t| t.path.as_ref()))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if !own.is_empty() {
        inputs.retain(|i| match i {
            Input::File(p) => std::fs::canonicalize(p).map_or(true, |p| !own.contains(&p)),
            Input::Stdin => true,
        });
    }
    let mut excluded = 0;
    if let Some(cfg) = &config {
        inputs.retain(|i| match i {
            Input::Stdin => true,
            Input::File(p) => {
                let wanted = cfg.wants(&context.repo_path(&p.display().to_string()));
                excluded += usize::from(!wanted);
                wanted
            }
        });
    }
    let stdin = if inputs.contains(&Input::Stdin) {
        match crate::source::read_capped(&mut *io.stdin, 0) {
            Ok(bytes) => Some((args.stdin_filename.clone(), bytes)),
            Err(e) => {
                problems.push(format!("could not read stdin: {e}"));
                None
            }
        }
    } else {
        None
    };
    let mut checked = Vec::new();
    let mut event = None;
    if let Some(path) = &args.event {
        let name = path.display().to_string();
        match crate::source::read_file(path) {
            Err(e) => problems.push(format!("could not read the event `{name}`: {e}")),
            Ok(bytes) => {
                let (c, e) = check_event_bytes(&name, bytes);
                if e.is_none() {
                    problems.push(format!(
                        "`{name}` is not an SMA invocation event (expected `InvocationEventType` and `CallDetails`)"
                    ));
                }
                event = e;
                checked.push(c);
            }
        }
    }
    for r in check_all(&inputs, stdin, event.as_ref()) {
        match r {
            Ok(c) => checked.push(c),
            Err(p) => problems.push(p),
        }
    }

    // severities, then ignores, then the baseline
    let ignores = config.as_ref().map_or(&[][..], |c| &c.ignores[..]);
    let mut used = vec![0usize; ignores.len()];
    let mut covered = vec![false; ignores.len()];
    for c in &mut checked {
        let path = context.repo_path(&c.source.name);
        config::apply_levels(&mut c.diagnostics, &levels);
        for (i, ig) in ignores.iter().enumerate() {
            if ig.covers_file(&path) {
                covered[i] = true;
                let before = c.diagnostics.len();
                c.diagnostics.retain(|d| !ig.suppresses(d));
                used[i] += before - c.diagnostics.len();
            }
        }
        if let Some(b) = &mut baseline {
            b.filter(&path, &mut c.diagnostics);
        }
    }

    if let Some(path) = &args.write_baseline {
        let b = Baseline::record(
            checked
                .iter()
                .map(|c| (context.repo_path(&c.source.name), &c.diagnostics[..])),
        );
        match atomic::write(path, b.to_json().as_bytes(), Existing::Replace) {
            Ok(()) => write_quietly(writeln_err(
                io,
                &format!(
                    "recorded {} finding{} in `{}`",
                    b.len(),
                    if b.len() == 1 { "" } else { "s" },
                    path.display()
                ),
            )),
            Err(e) => problems.push(format!("could not write `{}`: {e}", path.display())),
        }
        for p in &problems {
            write_quietly(writeln_err(io, &format!("error: {p}")));
        }
        return if problems.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Failed
        };
    }

    // a stale ignore is reported when this run could have used it: it covered a linted file,
    // or the run walked directories rather than a hand-picked list of files
    let walked = args.paths.iter().any(|p| p.is_dir());
    let mut unused: Vec<Diagnostic> = ignores
        .iter()
        .enumerate()
        .filter(|&(i, _)| used[i] == 0 && (covered[i] || walked))
        .map(|(i, ig)| {
            Finding::new(
                format!(
                    "this ignore matched no finding{} (reason: {})",
                    if covered[i] {
                        ""
                    } else {
                        ", nor any linted file"
                    },
                    ig.reason
                ),
                "",
                ig.span,
            )
            .stamp(&UnusedIgnore::META)
        })
        .collect();
    config::apply_levels(&mut unused, &levels);

    let mut summary = Summary::of(&checked);
    summary.errors += unused.iter().filter(|d| d.is_error()).count();
    summary.warnings += unused.iter().filter(|d| !d.is_error()).count();
    if args.quiet {
        for c in &mut checked {
            c.diagnostics.retain(Diagnostic::is_error);
        }
        unused.retain(Diagnostic::is_error);
    }

    let mut stdout_format = None;
    for target in &targets {
        let color = target.path.is_none()
            && use_color(args.color, io.stdout_is_terminal, &|k| {
                std::env::var(k).ok()
            });
        let mut emitter = target
            .format
            .emitter_in(Options { color, width: 100 }, &context);
        match &target.path {
            None => {
                stdout_format = Some(target.format);
                write_quietly(emitter.emit(io.stdout, &checked));
            }
            Some(path) => {
                let mut bytes = Vec::new();
                let written = emitter
                    .emit(&mut bytes, &checked)
                    .and_then(|()| atomic::write(path, &bytes, Existing::Replace));
                if let Err(e) = written {
                    problems.push(format!("could not write `{}`: {e}", path.display()));
                }
            }
        }
    }
    if args.statistics {
        let table = statistics(&checked);
        let out: &mut dyn Write = if stdout_format.is_none_or(Format::is_human) {
            io.stdout
        } else {
            io.stderr
        };
        write_quietly(out.write_all(table.as_bytes()));
    }
    if let Some(cfg) = &config {
        let handler = stderr_handler(args);
        for d in &unused {
            write_quietly(
                io.stderr
                    .write_all(pretty::render(&handler, &cfg.source, d).as_bytes()),
            );
        }
    }
    for p in &problems {
        write_quietly(writeln_err(io, &format!("error: {p}")));
    }
    if inputs.is_empty() && problems.is_empty() {
        let why = if excluded > 0 {
            format!(" ({excluded} excluded by `include`/`exclude` in sma.toml)")
        } else {
            String::new()
        };
        write_quietly(writeln_err(
            io,
            &format!("warning: no JSON files found{why}"),
        ));
    }
    let too_many = args.max_warnings.is_some_and(|max| summary.warnings > max);
    if too_many && problems.is_empty() {
        write_quietly(writeln_err(
            io,
            &format!(
                "error: {} warnings, more than --max-warnings {}",
                summary.warnings,
                args.max_warnings.unwrap_or(0)
            ),
        ));
    }
    if !problems.is_empty() {
        Outcome::Failed
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) || too_many {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// `--statistics`: one line per rule with findings, most frequent first.
pub fn statistics(files: &[Checked]) -> String {
    let mut counts: BTreeMap<&'static str, (usize, &'static str, &'static str)> = BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        let e = counts
            .entry(d.code)
            .or_insert((0, d.name, d.severity.as_str()));
        e.0 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.1.1.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (code, (n, name, severity)) in rows {
        out.push_str(&format!("{n:>5}  {code}  {name:width$}  {severity}\n"));
    }
    out
}

fn writeln_err(io: &mut Io<'_>, line: &str) -> io::Result<()> {
    writeln!(io.stderr, "{line}")
}
