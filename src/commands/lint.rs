//! `sma lint`: settle the settings, collect the inputs, check them on every core, apply
//! severities, ignores and the baseline, and emit, in a deterministic order.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Io, Outcome, Result, env_color, failure, problem};
use crate::cli::{ColorChoice, LintArgs};
use crate::config::baseline::Baseline;
use crate::config::{self, Config, Level, suppress};
use crate::diagnostic::{Checked, Diagnostic, Summary};
use crate::emit::{self, Format, Options, Target, pretty};
use crate::engine::{self, check_bytes_with_event, check_event_bytes};
use crate::model::Event;
use crate::source;
use crate::util::atomic::{self, Existing};
use crate::util::plural;

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// A file named on the command line (`walked: false`) or found in a directory.
    File {
        path: PathBuf,
        walked: bool,
    },
}

/// Directories a walk does not enter unless named: installed packages, build output and
/// virtualenvs hold JSON that is not the team's (`cdk.out` copies the handlers' fixtures).
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "cdk.out",
    ".aws-sam",
    ".serverless",
    "venv",
    "__pycache__",
];

/// The command-line paths expanded into inputs.
#[derive(Debug, Default)]
pub struct Collected {
    pub inputs: Vec<Input>,
    /// Missing paths, unreadable directories: the run exits 2.
    pub problems: Vec<miette::Report>,
    /// What the walk passed over and why, for `-v`.
    pub passed_over: Vec<String>,
}

/// Expands the command-line paths into inputs. Directories are walked for `*.json`,
/// honouring .gitignore and skipping hidden entries and `SKIPPED_DIRS`; symlinked files are
/// linted, symlinked directories entered only with `follow` (loops are detected).
pub fn collect(paths: &[PathBuf], follow: bool) -> Collected {
    let mut out = Collected::default();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => out
                .problems
                .push(miette::miette!("`{}`: {e}", path.display())),
            Ok(m) if m.is_dir() => walk(path, follow, &mut out),
            Ok(m) if m.is_file() => out.inputs.push(Input::File {
                path: path.clone(),
                walked: false,
            }),
            Ok(_) => out.problems.push(miette::miette!(
                "`{}`: not a regular file or directory (FIFOs and devices are not read)",
                path.display()
            )),
        }
    }
    out
}

fn walk(dir: &Path, follow: bool, out: &mut Collected) {
    let pruned = std::sync::Arc::new(Mutex::new(Vec::new()));
    let seen = pruned.clone();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(follow)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let skip = e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n));
            if skip && let Ok(mut v) = seen.lock() {
                v.push(format!(
                    "`{}`: directory not walked by default (name it to lint it)",
                    e.path().display()
                ));
            }
            !skip
        })
        .build();
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(e) if is_loop(&e) => {
                out.passed_over.push(format!("{e}"));
                continue;
            }
            Err(e) => {
                out.problems.push(miette::miette!("{e}"));
                continue;
            }
        };
        let Some(kind) = e.file_type() else { continue };
        let is_json = e.path().extension().is_some_and(|x| x == "json");
        if kind.is_symlink() {
            // not followed (no -L): a link to a file is linted, a link to a directory is not
            match std::fs::metadata(e.path()) {
                Ok(m) if m.is_file() && is_json => {}
                Ok(m) if m.is_dir() => {
                    out.passed_over.push(format!(
                        "`{}`: symlink to a directory (-L/--follow enters it)",
                        e.path().display()
                    ));
                    continue;
                }
                _ => {
                    if is_json {
                        out.passed_over.push(format!(
                            "`{}`: not a link to a regular file",
                            e.path().display()
                        ));
                    }
                    continue;
                }
            }
        } else if !(kind.is_file() && is_json) {
            continue;
        }
        out.inputs.push(Input::File {
            path: e.into_path(),
            walked: true,
        });
    }
    if let Ok(mut v) = pruned.lock() {
        out.passed_over.append(&mut v);
    }
}

/// Whether a walk error is a symlink loop (only with `--follow`): passed over, not a failure.
fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// How one input is checked: its reporting name, its bytes, the event it answers, and whether
/// only an SMA document is admitted (`None`: it is not one, and is skipped).
type Checker = dyn Fn(&str, Vec<u8>, Option<&Event>, bool) -> Option<Checked> + Sync;

/// The engine as `sma lint` uses it.
fn engine_check(
    name: &str,
    bytes: Vec<u8>,
    event: Option<&Event>,
    only_sma: bool,
) -> Option<Checked> {
    if only_sma {
        engine::check_walked(name, bytes, event)
    } else {
        Some(check_bytes_with_event(name, bytes, event))
    }
}

/// Checks every input on all cores (`engine::check_each`) and hands each result to `take`
/// in input order as soon as it is ready. Walked files (and all files with `only_sma`) that
/// are not SMA documents are `Ok(None)`. An input that cannot be read, or whose check
/// panicked (a bug: the internal error names the file), is an `Err` with the message to
/// report; the others are checked all the same.
fn check_inputs(
    inputs: &[Input],
    stdin: Option<(String, Vec<u8>)>,
    event: Option<&Event>,
    only_sma: bool,
    check: &Checker,
    mut take: impl FnMut(usize, Result<Option<Checked>>),
) {
    let stdin = Mutex::new(stdin);
    let name_of = |input: &Input| match input {
        Input::Stdin => "<stdin>".to_string(),
        Input::File { path, .. } => path.display().to_string(),
    };
    let work = |input: &Input| match input {
        Input::Stdin => {
            let taken = stdin.lock().ok().and_then(|mut s| s.take());
            match taken {
                Some((name, bytes)) => Ok(check(&name, bytes, event, only_sma)),
                None => Err(miette::miette!("stdin was given more than once")),
            }
        }
        Input::File { path, walked } => {
            let name = name_of(input);
            source::read_file(path)
                .map(|bytes| {
                    // keys and URIs are made from the path when the name cannot hold it
                    check(&name, bytes, event, *walked || only_sma).map(|mut c| {
                        c.source = c.source.with_path(path);
                        c
                    })
                })
                .map_err(|e| miette::miette!("could not read `{name}`: {e}"))
        }
    };
    engine::check_each(inputs, work, |i, r| {
        take(
            i,
            r.unwrap_or_else(|panicked| {
                Err(miette::miette!(
                    "internal error while checking `{}`: {} (a bug in sma: please report it at {}/issues; the other files were checked)",
                    name_of(&inputs[i]),
                    panicked.0,
                    env!("CARGO_PKG_REPOSITORY")
                ))
            }),
        );
    });
}

/// Everything `sma lint` settles before reading an input: CLI > sma.toml > defaults.
struct Settings {
    config: Option<Config>,
    levels: HashMap<&'static str, Level>,
    targets: Vec<Target>,
    /// The baseline applied (`--baseline`, else sma.toml's `baseline`; none when writing one).
    baseline: Option<(PathBuf, Baseline)>,
    context: emit::Context,
}

/// Resolves the config file, flags and output targets. An unusable `sma.toml` is an error;
/// its findings still go to the report files asked for (`-f sarif:FILE`), so CI shows them.
fn settings(args: &LintArgs) -> Result<Settings> {
    let targets = targets(args)?;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let annotation_root = emit::annotation_root(
        std::env::var_os("GITHUB_WORKSPACE").as_deref(),
        git_root(&cwd).as_deref(),
        &cwd,
    );
    if args.config.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        miette::bail!("--config takes a file (`sma.toml`): stdin (`-`) is not read for it");
    }
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
        Err(config::Error::Io(m)) => miette::bail!("{m}"),
        Err(config::Error::Invalid(checked)) => {
            let context = emit::Context {
                root: Some(cwd.clone()),
                annotation_root: Some(annotation_root),
                docs_url: args.docs_url.clone().filter(|u| config::is_absolute_url(u)),
            };
            let checked = [checked];
            let mut unwritten = Vec::new();
            write_files(&targets, &context, &checked, &mut unwritten);
            let [checked] = checked;
            let handler = stderr_handler(args);
            let mut details: String = checked
                .diagnostics
                .iter()
                .map(|d| pretty::render(&handler, &checked.source, d))
                .collect();
            for p in unwritten {
                details.push_str(&format!("error: {p}\n"));
            }
            return Err(failure(
                format!("`{}` is not a valid configuration", checked.source.name),
                details,
            ));
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
        miette::bail!("--docs-url / SMA_DOCS_URL must be an absolute URL, found `{u}`");
    }
    let root = config
        .as_ref()
        .map(|c| c.root.clone())
        .or_else(|| git_root(&cwd))
        .unwrap_or(cwd);
    let baseline_path = match (&args.baseline, &args.write_baseline) {
        (Some(p), _) => Some(p.clone()),
        (None, None) => config.as_ref().and_then(|c| c.baseline.clone()),
        (None, Some(_)) => None,
    };
    let baseline = match baseline_path {
        Some(p) => {
            let b = Baseline::load(&p)?;
            Some((p, b))
        }
        None => None,
    };
    Ok(Settings {
        config,
        levels,
        targets,
        baseline,
        context: emit::Context {
            root: Some(root),
            annotation_root: Some(annotation_root),
            docs_url,
        },
    })
}

/// The nearest directory from `dir` up that holds `.git`.
pub fn git_root(dir: &Path) -> Option<PathBuf> {
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
fn targets(args: &LintArgs) -> Result<Vec<Target>> {
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
                miette::bail!("--output-file: every --format already names its file");
            }
            (Some(_), Some(_)) => {
                miette::bail!(
                    "--output-file: several --format values have no :FILE; give each its own (e.g. `-f sarif:results.sarif`)"
                );
            }
        }
    }
    if targets.iter().filter(|t| t.path.is_none()).count() > 1 {
        miette::bail!(
            "only one --format can write to stdout; send the others to files, e.g. `--format sarif:results.sarif`"
        );
    }
    let mut files: Vec<_> = targets.iter().filter_map(|t| t.path.as_ref()).collect();
    files.sort();
    if files.windows(2).any(|w| w[0] == w[1]) {
        miette::bail!("two --format values write to the same file");
    }
    Ok(targets)
}

/// Runs `sma lint`.
pub fn run(args: &LintArgs, io: &mut Io<'_>) -> Result<Outcome> {
    run_with(args, io, &engine_check)
}

/// Runs `sma lint`, checking each input with `check` (the engine, or a test's stand-in).
fn run_with(args: &LintArgs, io: &mut Io<'_>, check: &Checker) -> Result<Outcome> {
    let Settings {
        config,
        levels,
        targets,
        mut baseline,
        context,
    } = settings(args)?;
    guard_outputs(args, config.as_ref(), baseline.as_ref(), &targets)?;
    let (inputs, excluded, passed_over, mut problems) =
        inputs(args, config.as_ref(), &targets, &context);
    let stdin = if inputs.contains(&Input::Stdin) {
        source::read_capped(&mut *io.stdin, 0)
            .map(|bytes| (args.stdin_filename.clone(), bytes))
            .map_err(|e| problems.push(miette::miette!("could not read stdin: {e}")))
            .ok()
    } else {
        None
    };
    if args.verbose {
        for line in &passed_over {
            io.note(format_args!("skipped {line}"));
        }
    }
    let mut event_checked = Vec::new();
    let event = match &args.event {
        Some(path) => read_event(path, &mut event_checked, &mut problems),
        None => None,
    };
    let event_missing = args.event.is_some() && event.is_none();

    // Each file is settled (severities, ignores, baseline) and written to every report as
    // soon as it and the files before it are checked: memory holds a few files, not the run.
    let ignores = config.as_ref().map_or(&[][..], |c| &c.ignores[..]);
    let color = env_color(args.color, io.stdout_is_terminal);
    let mut stream = Stream {
        sinks: Vec::new(),
        levels: &levels,
        ignores,
        baseline: baseline.as_mut().map(|(_, b)| b),
        context: &context,
        usage: suppress::Usage::new(ignores.len()),
        summary: Summary::default(),
        statistics: Statistics::default(),
        linted: HashSet::new(),
        recorded: args.write_baseline.as_ref().map(|_| Baseline::default()),
        files: 0,
        dirty: false,
        quiet: args.quiet,
    };
    if stream.recorded.is_none() {
        stream.sinks = open_sinks(&targets, &context, color, io, &mut problems);
    }
    let mut not_sma = Vec::new();
    for c in event_checked {
        stream.take(c, true);
    }
    check_inputs(
        &inputs,
        stdin,
        event.as_ref(),
        args.only_sma,
        check,
        |i, r| match r {
            Ok(Some(c)) => stream.take(c, true),
            Ok(None) => not_sma.push(i),
            Err(p) => problems.push(p),
        },
    );
    if let Some(path) = &args.write_baseline {
        let recorded = stream.recorded.take().unwrap_or_default();
        drop(stream);
        return Ok(write_baseline(path, &recorded, io, problems));
    }
    // the config's own findings (an ignore that matched nothing) come last, in every format,
    // and count like any other
    let walked = args.paths.iter().any(|p| p.is_dir());
    let unused = suppress::unused_ignores(ignores, &stream.usage, walked, &levels);
    if let Some(cfg) = &config
        && !unused.is_empty()
    {
        stream.take(
            Checked {
                source: cfg.source.clone(),
                diagnostics: unused,
            },
            false,
        );
    }
    // no "no problems in N files" above an error when nothing was checked (a missing input),
    // or when the responses were checked without the event they answer (it could not be
    // read): the summary would claim what the run did not do. Files checked beside a missing
    // one are still reported.
    let nothing = !problems.is_empty() && (stream.files == 0 || event_missing) && !stream.dirty;
    let (summary, statistics) = (stream.summary, stream.statistics.table());
    let (hidden, linted) = (stream.usage.hidden_by_baseline, stream.linted);
    let stdout_format = close_sinks(stream.sinks, nothing, &mut problems)?;

    if args.verbose {
        for i in &not_sma {
            if let Input::File { path, .. } = &inputs[*i] {
                io.note(format_args!(
                    "skipped `{}`: not an SMA document",
                    path.display()
                ));
            }
        }
    } else if !not_sma.is_empty() && !args.quiet {
        let n = not_sma.len();
        io.note(format_args!(
            "note: skipped {} that {} (-v lists them)",
            plural(n, "JSON file"),
            if n == 1 {
                "is not an SMA document"
            } else {
                "are not SMA documents"
            },
        ));
    }
    if let Some((path, b)) = &baseline
        && !args.quiet
    {
        baseline_note(io, path, b, hidden, &linted, args.verbose);
    }
    if args.statistics {
        if stdout_format.is_none_or(Format::is_human) {
            io.print(statistics.as_bytes())?;
        } else {
            io.note_raw(&statistics);
        }
    }
    for p in &problems {
        super::report(io, p);
    }
    if inputs.is_empty() && problems.is_empty() {
        let why = if excluded > 0 {
            format!(" ({excluded} excluded by `include`/`exclude` in sma.toml)")
        } else {
            String::new()
        };
        io.note(format_args!("warning: no JSON files found{why}"));
    }
    Ok(outcome(args, summary, !problems.is_empty(), io))
}

/// A run's files on their way to the reports: each is settled and written as it comes, and
/// only counts are kept.
struct Stream<'a, 'o> {
    sinks: Vec<Sink<'o>>,
    levels: &'a HashMap<&'static str, Level>,
    ignores: &'a [config::Ignore],
    baseline: Option<&'a mut Baseline>,
    context: &'a emit::Context,
    usage: suppress::Usage,
    /// Before `--quiet`: what the exit code follows.
    summary: Summary,
    /// After `--quiet`, as the reports show the findings.
    statistics: Statistics,
    /// The keys of the files linted, for the baseline's stale entries (with a baseline).
    linted: HashSet<String>,
    /// `--write-baseline`: the findings recorded instead of reported.
    recorded: Option<Baseline>,
    /// Files reported, and whether any has a finding shown.
    files: usize,
    dirty: bool,
    quiet: bool,
}

impl Stream<'_, '_> {
    /// Takes one checked file: severities, ignores and the baseline (when `settle`), then
    /// the counts, then every report.
    fn take(&mut self, mut c: Checked, settle: bool) {
        // a clean file with no ignore, baseline or recording to settle against needs no key
        let bare = c.diagnostics.is_empty()
            && self.ignores.is_empty()
            && self.baseline.is_none()
            && self.recorded.is_none();
        if settle && !bare {
            let key = self.context.key(&c.source);
            suppress::apply_one(
                &mut self.usage,
                &mut c,
                &key,
                self.levels,
                self.ignores,
                self.baseline.as_deref_mut(),
            );
            if let Some(recorded) = &mut self.recorded {
                recorded.add(&key, &c.diagnostics);
                return;
            }
            if self.baseline.is_some() {
                self.linted.insert(key);
            }
        }
        self.summary.add(&c);
        if self.quiet {
            c.diagnostics.retain(Diagnostic::is_error);
        }
        self.statistics.add(&c);
        self.files += 1;
        self.dirty |= !c.diagnostics.is_empty();
        for sink in &mut self.sinks {
            sink.write(|e, out| e.file(out, &c));
        }
    }
}

/// Says what the baseline did: how many findings it hid, and its stale entries (findings of
/// linted files that are gone: the baseline can be rewritten), the first ten unless `verbose`.
fn baseline_note(
    io: &mut Io<'_>,
    path: &Path,
    baseline: &Baseline,
    hidden: usize,
    linted: &HashSet<String>,
    verbose: bool,
) {
    let stale = baseline.stale(linted);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "baseline `{}`: {} hidden",
        path.display(),
        plural(hidden, "finding", "findings")
    );
    if !stale.is_empty() {
        line.push_str(&format!(
            "; {} stale (no longer found; rewrite it with --write-baseline)",
            plural(stale.len(), "entry", "entries")
        ));
    }
    io.note(line);
    let shown = if verbose { stale.len() } else { 10 };
    for (file, rule, pointer, n) in stale.iter().take(shown) {
        let times = if *n > 1 {
            format!(" (×{n})")
        } else {
            String::new()
        };
        io.note(format_args!("  stale: {file} {rule} {pointer}{times}"));
    }
    if stale.len() > shown {
        io.note(format_args!(
            "  ... and {} more (-v lists them)",
            stale.len() - shown
        ));
    }
}

/// The exit outcome: 2 when something could not be done, else 1 for findings that fail the
/// run (errors; warnings with `--deny-warnings` or past `--max-warnings`), else 0.
fn outcome(args: &LintArgs, summary: Summary, failed: bool, io: &mut Io<'_>) -> Outcome {
    let too_many = args.max_warnings.is_some_and(|max| summary.warnings > max);
    if too_many && !failed {
        problem(
            io,
            format_args!(
                "{}, more than --max-warnings {}",
                plural(summary.warnings, "warning"),
                args.max_warnings.unwrap_or(0)
            ),
        );
    }
    if failed {
        Outcome::Failed
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) || too_many {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// `--write-baseline FILE`: records the findings left after severities and ignores, instead
/// of reporting them.
fn write_baseline(
    path: &Path,
    b: &Baseline,
    io: &mut Io<'_>,
    mut problems: Vec<miette::Report>,
) -> Outcome {
    match atomic::write(path, b.to_json().as_bytes(), Existing::Replace) {
        Ok(()) => io.note(format_args!(
            "recorded {} finding{} in `{}`",
            b.len(),
            if b.len() == 1 { "" } else { "s" },
            path.display()
        )),
        Err(e) => problems.push(miette::miette!("could not write `{}`: {e}", path.display())),
    }
    for p in &problems {
        super::report(io, p);
    }
    if problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    }
}

/// Refuses report and baseline files that would replace a file this run reads: a named input,
/// the configuration, the baseline applied, the event, or any handler output.
fn guard_outputs(
    args: &LintArgs,
    config: Option<&Config>,
    baseline: Option<&(PathBuf, Baseline)>,
    targets: &[Target],
) -> Result<()> {
    let outputs: Vec<&Path> = targets
        .iter()
        .filter_map(|t| t.path.as_deref())
        .chain(args.write_baseline.as_deref())
        .collect();
    if outputs.is_empty() {
        return Ok(());
    }
    let config_path = config.map(|c| PathBuf::from(&c.source.name));
    let mut reads: Vec<(&Path, &str)> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && p.is_file())
        .map(|p| (p.as_path(), "an input"))
        .collect();
    reads.extend(config_path.as_deref().map(|p| (p, "the configuration")));
    reads.extend(baseline.map(|(p, _)| (p.as_path(), "the baseline")));
    reads.extend(args.event.as_deref().map(|p| (p, "the event")));
    super::refuse_overwriting(&outputs, &reads)
}

/// The inputs of the run: the command-line paths expanded, less sma's own files (baseline,
/// reports) and what `include`/`exclude` leave out; with how many were excluded and the
/// problems met (missing paths, unreadable directories).
fn inputs(
    args: &LintArgs,
    config: Option<&Config>,
    targets: &[Target],
    context: &emit::Context,
) -> (Vec<Input>, usize, Vec<String>, Vec<miette::Report>) {
    let Collected {
        mut inputs,
        problems,
        passed_over,
    } = collect(&args.paths, args.follow);
    // never lint our own files: the baseline and report files (`-f json:report.json`)
    let configured = config.and_then(|c| c.baseline.clone());
    let own: Vec<PathBuf> = [&args.baseline, &args.write_baseline, &configured]
        .into_iter()
        .flatten()
        .chain(targets.iter().filter_map(|t| t.path.as_ref()))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if !own.is_empty() {
        inputs.retain(|i| match i {
            Input::File { path, .. } => {
                std::fs::canonicalize(path).map_or(true, |p| !own.contains(&p))
            }
            Input::Stdin => true,
        });
    }
    let mut excluded = 0;
    if let Some(cfg) = config {
        inputs.retain(|i| match i {
            Input::Stdin => true,
            Input::File { path, .. } => {
                let wanted = cfg.wants(&context.repo_path(&path.display().to_string()));
                excluded += usize::from(!wanted);
                wanted
            }
        });
    }
    (inputs, excluded, passed_over, problems)
}

/// `--event FILE`: the event the responses answer; its own findings join `checked`.
fn read_event(
    path: &Path,
    checked: &mut Vec<Checked>,
    problems: &mut Vec<miette::Report>,
) -> Option<Event> {
    if path.as_os_str() == "-" {
        problems.push(miette::miette!(
            "--event takes a file: stdin (`-`) is for the responses (`sma lint - --event FILE`)"
        ));
        return None;
    }
    let name = path.display().to_string();
    let bytes = match source::read_file(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            problems.push(miette::miette!("could not read the event `{name}`: {e}"));
            return None;
        }
    };
    let (c, event) = check_event_bytes(&name, bytes);
    if event.is_none() {
        problems.push(miette::miette!(
            "`{name}` is not an SMA invocation event (expected `InvocationEventType` and `CallDetails`)"
        ));
    }
    checked.push(c);
    event
}

/// Where one `--format` target goes while the run streams: its emitter and its output. The
/// first write error stops that target (a report file is then not written; stdout's is the
/// run's error).
struct Sink<'o> {
    format: Format,
    emitter: Box<dyn emit::Emitter>,
    out: Out<'o>,
    failed: Option<std::io::Error>,
}

/// A target's output: stdout, or a report file.
enum Out<'o> {
    Stdout(super::Printer<'o>),
    File(PathBuf, ReportFile),
}

impl std::io::Write for Out<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write(buf),
            Out::File(_, w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File(_, w) => w.flush(),
        }
    }
}

impl Sink<'_> {
    /// Runs one emitter step on the output, unless an earlier one failed.
    fn write(
        &mut self,
        step: impl FnOnce(&mut dyn emit::Emitter, &mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        if self.failed.is_none()
            && let Err(e) = step(self.emitter.as_mut(), &mut self.out)
        {
            self.failed = Some(e);
        }
    }
}

/// A report file (`-f sarif:FILE`): streamed into a temp file renamed into place by
/// `commit`. A target written directly (`/dev/stdout`, a FIFO, a device) is held until
/// `commit` instead, so it never interleaves with stdout's own report.
enum ReportFile {
    Streaming(atomic::Writer),
    Held {
        path: PathBuf,
        existing: Existing,
        bytes: Vec<u8>,
    },
}

impl ReportFile {
    fn create(path: &Path, existing: Existing) -> std::io::Result<ReportFile> {
        if atomic::direct(path) {
            return Ok(ReportFile::Held {
                path: path.to_path_buf(),
                existing,
                bytes: Vec::new(),
            });
        }
        atomic::Writer::create(path, existing).map(ReportFile::Streaming)
    }

    fn commit(self) -> std::io::Result<()> {
        match self {
            ReportFile::Streaming(w) => w.commit(),
            ReportFile::Held {
                path,
                existing,
                bytes,
            } => atomic::write(&path, &bytes, existing),
        }
    }
}

impl std::io::Write for ReportFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportFile::Streaming(w) => w.write(buf),
            ReportFile::Held { bytes, .. } => bytes.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportFile::Streaming(w) => w.flush(),
            ReportFile::Held { .. } => Ok(()),
        }
    }
}

/// Opens every `--format` target, in one place: stdout with colour as decided, report files
/// without; each has begun. A file that cannot be opened is a problem (exit 2).
fn open_sinks<'o>(
    targets: &[Target],
    context: &emit::Context,
    color: bool,
    io: &'o mut Io<'_>,
    problems: &mut Vec<miette::Report>,
) -> Vec<Sink<'o>> {
    let mut stdout = Some(io.out());
    let mut sinks = Vec::new();
    for t in targets {
        let (out, color) = match &t.path {
            None => match stdout.take() {
                Some(w) => (Out::Stdout(w), color),
                // `targets` allows one stdout target
                None => continue,
            },
            Some(path) => match ReportFile::create(path, Existing::Replace) {
                Ok(f) => (Out::File(path.clone(), f), false),
                Err(e) => {
                    problems.push(miette::miette!("could not write `{}`: {e}", path.display()));
                    continue;
                }
            },
        };
        let mut sink = Sink {
            format: t.format,
            emitter: t.format.emitter_in(Options { color, width: 100 }, context),
            out,
            failed: None,
        };
        sink.write(|e, out| e.begin(out));
        sinks.push(sink);
    }
    sinks
}

/// Ends every target (without the summary of a human format on stdout when the run checked
/// `nothing`, see `run_with`) and commits the report files; returns the format shown on
/// stdout, if any. A report file that cannot be written is a problem (exit 2); a failed write
/// to stdout is the run's error.
fn close_sinks(
    sinks: Vec<Sink<'_>>,
    nothing: bool,
    problems: &mut Vec<miette::Report>,
) -> Result<Option<Format>> {
    let mut stdout_format = None;
    let mut stdout_error = None;
    let mut files = Vec::new();
    for mut sink in sinks {
        let on_stdout = matches!(sink.out, Out::Stdout(_));
        if !(on_stdout && nothing && sink.format.is_human()) {
            sink.write(|e, out| e.end(out));
            if on_stdout {
                stdout_format = Some(sink.format);
            }
        }
        match sink.out {
            Out::Stdout(mut w) => {
                // a report file may be stdout itself (`-f json:/dev/stdout`): stdout's own
                // report is out before any file is committed
                stdout_error = sink.failed.or_else(|| std::io::Write::flush(&mut w).err());
            }
            Out::File(path, file) => files.push((path, file, sink.failed)),
        }
    }
    for (path, file, failed) in files {
        if let Err(e) = failed.map_or_else(|| file.commit(), Err) {
            problems.push(miette::miette!("could not write `{}`: {e}", path.display()));
        }
    }
    match stdout_error {
        Some(e) => Err(super::write_error(e)),
        None => Ok(stdout_format),
    }
}

/// Writes the targets that name a file (`-f sarif:FILE`) with the findings of `checked`
/// (an unusable `sma.toml`'s), atomically and without colour; a file that cannot be written
/// is a problem. Every file is opened before any is written, so a target that blocks (a FIFO
/// nobody reads) holds up all of them and a signal then removes every temp file.
fn write_files(
    targets: &[Target],
    context: &emit::Context,
    checked: &[Checked],
    problems: &mut Vec<miette::Report>,
) {
    let opened: Vec<(&Path, std::io::Result<atomic::Writer>)> = targets
        .iter()
        .filter_map(|t| t.path.as_deref())
        .map(|path| (path, atomic::Writer::create(path, Existing::Replace)))
        .collect();
    let files = targets.iter().filter(|t| t.path.is_some());
    for (target, (path, writer)) in files.zip(opened) {
        let mut emitter = target.format.emitter_in(
            Options {
                color: false,
                width: 100,
            },
            context,
        );
        let written = writer.and_then(|mut w| {
            emitter.emit(&mut w, checked)?;
            w.commit()
        });
        if let Err(e) = written {
            problems.push(miette::miette!("could not write `{}`: {e}", path.display()));
        }
    }
}

/// `--statistics`: findings counted per rule as files come, shown one line per rule with
/// findings, most frequent first.
#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<&'static str, (usize, &'static str, &'static str)>,
}

impl Statistics {
    pub fn add(&mut self, file: &Checked) {
        for d in &file.diagnostics {
            let e = self
                .counts
                .entry(d.code)
                .or_insert((0, d.name, d.severity.as_str()));
            e.0 += 1;
        }
    }

    pub fn table(&self) -> String {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let width = rows.iter().map(|r| r.1.1.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (code, (n, name, severity)) in rows {
            out.push_str(&format!("{n:>5}  {code}  {name:width$}  {severity}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sma lint --format=json DIR`, parsed.
    fn json_lint_args(dir: &Path) -> LintArgs {
        let cli = <crate::cli::Cli as clap::Parser>::try_parse_from([
            "sma".as_ref(),
            "lint".as_ref(),
            "--format=json".as_ref(),
            dir.as_os_str(),
        ])
        .unwrap();
        let crate::cli::Command::Lint(args) = cli.command else {
            unreachable!()
        };
        args
    }

    /// Stdout shared with the checker, so the checker can see what has been written.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The report streams: when a file is checked, every file more than the reorder window
    /// before it is already in the output, so the run holds a few files, not all of them.
    #[test]
    fn each_file_is_in_the_report_before_files_far_after_it_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let count = 60;
        for i in 0..count {
            std::fs::write(
                dir.path().join(format!("f{i:03}.json")),
                r#"{"SchemaVersion": "1.0", "Actions": [{"Type": "Nope", "Parameters": {}}]}"#,
            )
            .unwrap();
        }
        let stdout = Shared::default();
        let seen = stdout.clone();
        let lag = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let furthest = lag.clone();
        let checker = move |name: &str, bytes: Vec<u8>, event: Option<&Event>, only: bool| {
            let i: usize = name[name.len() - 8..name.len() - 5].parse().unwrap();
            let written = String::from_utf8_lossy(&seen.0.lock().unwrap())
                .matches("\"path\":")
                .count();
            furthest.fetch_max(
                i.saturating_sub(written),
                std::sync::atomic::Ordering::SeqCst,
            );
            engine_check(name, bytes, event, only)
        };
        let args = json_lint_args(dir.path());
        let mut out = stdout.clone();
        let mut stderr = Vec::new();
        let mut io = Io {
            stdout: &mut out,
            stderr: &mut stderr,
            stdin: &mut std::io::empty(),
            stdout_is_terminal: false,
        };
        assert_eq!(
            run_with(&args, &mut io, &checker).unwrap(),
            Outcome::Findings
        );
        let report: serde_json::Value = serde_json::from_slice(&stdout.0.lock().unwrap()).unwrap();
        let paths: Vec<&str> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths.len(), count);
        assert!(paths.is_sorted(), "file order is kept: {paths:?}");
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let lag = lag.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            lag <= engine::window(workers),
            "a file was checked {lag} files ahead of the report"
        );
    }

    #[test]
    fn a_panic_while_checking_one_file_names_it_and_the_others_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = ["a.json", "boom.json", "c.json"]
            .iter()
            .map(|n| {
                let p = dir.path().join(n);
                std::fs::write(&p, r#"{"SchemaVersion": "1.0", "Actions": []}"#).unwrap();
                p
            })
            .collect();
        let inputs: Vec<Input> = files
            .iter()
            .map(|path| Input::File {
                path: path.clone(),
                walked: false,
            })
            .collect();
        let checker = |name: &str, bytes: Vec<u8>, event: Option<&Event>, only: bool| {
            assert!(
                !name.ends_with("boom.json"),
                "index out of bounds in a rule"
            );
            engine_check(name, bytes, event, only)
        };
        let mut results = Vec::new();
        check_inputs(&inputs, None, None, false, &checker, |_, r| results.push(r));
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[2].is_ok());
        let err = results[1].as_ref().unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "internal error while checking `{}`: index out of bounds in a rule (a bug in sma: please report it at {}/issues; the other files were checked)",
                files[1].display(),
                env!("CARGO_PKG_REPOSITORY")
            )
        );
        // the whole run: the other files are reported, the internal error names the file, exit 2
        let args = json_lint_args(dir.path());
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut io = Io {
            stdout: &mut stdout,
            stderr: &mut stderr,
            stdin: &mut std::io::empty(),
            stdout_is_terminal: false,
        };
        let outcome = run_with(&args, &mut io, &checker).unwrap();
        assert_eq!(outcome, Outcome::Failed);
        let (stdout, stderr) = (
            String::from_utf8(stdout).unwrap(),
            String::from_utf8(stderr).unwrap(),
        );
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["summary"]["files"], 2, "{stdout}");
        assert!(
            stderr.contains(&format!(
                "error: internal error while checking `{}`",
                files[1].display()
            )),
            "{stderr}"
        );
    }
}
