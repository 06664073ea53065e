//! Parse-only floor for `scripts/bench`: reads every file given (a directory is walked for
//! `*.json`, sorted) and parses each into a `serde_json::Value`, using every core the way
//! `sma lint` does (one worker per core pulling the next file index from a shared counter),
//! then drops it. Nothing is validated or printed but a count on stderr.
//!
//!     parse-floor [-j N] PATH...      (-j 1: single-threaded)
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    if args.first().is_some_and(|a| a == "-j") {
        jobs = args[1].parse().expect("-j N");
        args.drain(..2);
    }
    let mut files = Vec::new();
    for a in &args {
        let p = PathBuf::from(a);
        if p.is_dir() { walk(&p, &mut files) } else { files.push(p) }
    }
    let next = AtomicUsize::new(0);
    let (parsed, failed) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs.min(files.len()).max(1))
            .map(|_| {
                s.spawn(|| {
                    let (mut ok, mut bad) = (0usize, 0usize);
                    while let Some(p) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let bytes = std::fs::read(p).expect("read");
                        match serde_json::from_slice::<serde_json::Value>(&bytes) {
                            Ok(v) => ok += usize::from(!v.is_null()),
                            Err(_) => bad += 1,
                        }
                    }
                    (ok, bad)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    eprintln!("parsed={parsed} failed={failed}");
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
