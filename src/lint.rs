//! `sma lint`: collect inputs, check them in parallel, emit in a deterministic order.
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::check::{check_bytes_with_event, check_event_bytes};
use crate::cli::LintArgs;
use crate::diagnostic::{Checked, Summary};
use crate::emit::Options;
use crate::model::Event;
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
    let done: Vec<Vec<(usize, Result<Checked, String>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
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
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("stdin was given more than once".into())))
        .collect()
}

/// Runs `sma lint`.
pub fn run(args: &LintArgs, io: &mut Io<'_>) -> Outcome {
    let (inputs, mut problems) = collect(&args.paths);
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
    let options = Options {
        color: use_color(args.color, io.stdout_is_terminal, &|k| {
            std::env::var(k).ok()
        }),
        width: 100,
    };
    let mut emitter = args.format.emitter(options);
    write_quietly(emitter.emit(io.stdout, &checked));
    for p in &problems {
        write_quietly(writeln_err(io, &format!("error: {p}")));
    }
    if inputs.is_empty() && problems.is_empty() {
        write_quietly(writeln_err(io, "warning: no JSON files found"));
    }
    let summary = Summary::of(&checked);
    if !problems.is_empty() {
        Outcome::Failed
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn writeln_err(io: &mut Io<'_>, line: &str) -> io::Result<()> {
    writeln!(io.stderr, "{line}")
}
