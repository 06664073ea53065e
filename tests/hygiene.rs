//! Repository hygiene: the project stands alone and carries no placeholders.
//!
//! Both tests scan the files git tracks (`git ls-files`), so they skip, with a note, outside a git
//! checkout (for example in an unpacked crate). The strings they look for are assembled from parts
//! below, so this file can be scanned like any other without matching itself.
mod common;

use std::process::Command;

/// How much of a file is looked at to decide that it is binary (as git does: a NUL byte).
const BINARY_SNIFF: usize = 8000;

/// Tracked files (paths relative to the project), or `None` with a note when git cannot list them.
fn tracked_files() -> Option<Vec<String>> {
    let out = match Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(common::root())
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("note: skipped, git is not available ({e})");
            return None;
        }
    };
    if !out.status.success() {
        println!(
            "note: skipped, not a git checkout ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    let files: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    if files.is_empty() {
        println!("note: skipped, git tracks no file here");
        return None;
    }
    Some(files)
}

fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every `path:line: [needles] text` where a scanned file's line contains one of `needles`.
/// `scan` decides which tracked paths are looked at; binary files are skipped.
fn offenders(files: &[String], needles: &[String], scan: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for path in files.iter().filter(|p| scan(p)) {
        // a tracked file deleted in the work tree has nothing to offend with
        let Ok(bytes) = std::fs::read(common::root().join(path)) else {
            continue;
        };
        if is_binary(&bytes) {
            continue;
        }
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            let hits: Vec<&str> = needles
                .iter()
                .filter(|n| contains(line, n.as_bytes()))
                .map(String::as_str)
                .collect();
            if !hits.is_empty() {
                let text = String::from_utf8_lossy(line);
                let text: String = text.trim().chars().take(160).collect();
                found.push(format!("{path}:{}: {hits:?} {text}", i + 1));
            }
        }
    }
    found
}

fn report(what: &str, found: &[String]) {
    assert!(
        found.is_empty(),
        "{what}: {} line(s)\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The project stands alone: no tracked file outside `docs/` (lock files aside) names the
/// reference material that sits beside the project on the developers' machine, which a user's
/// clone and CI do not have. What the tests need of it is copied under `tests/`.
#[test]
fn nothing_reads_the_reference_material_beside_the_project() {
    let Some(files) = tracked_files() else {
        return;
    };
    let needles = [
        ["..", "/shared"].concat(),
        ["shared", "/corpus"].concat(),
        ["shared", "/reference"].concat(),
    ];
    let found = offenders(&files, &needles, |p| {
        !p.starts_with("docs/") && !p.ends_with(".lock")
    });
    report(
        "tracked files outside docs/ name the reference material beside the project \
         (point them at tests/corpus/ or tests/policy-cases/)",
        &found,
    );
}

/// No placeholder survives in a tracked file: an angle-bracketed "you" in a URL, the made-up
/// `.local` schema host, the IANA example domain, or a made-up `acme` owner. The real-world corpus is exempt: it is a
/// byte-for-byte copy of documents transcribed from public code, as published (see
/// `tests/corpus/README.md`), so what it contains is data, not ours to fix.
#[test]
fn no_placeholders_in_tracked_files() {
    let Some(files) = tracked_files() else {
        return;
    };
    let needles = [
        ["<", "you>"].concat(),
        ["sma", ".local"].concat(),
        ["example", ".com"].concat(),
        ["github.com/", "acme"].concat(),
    ];
    let found = offenders(&files, &needles, |p| {
        !p.starts_with("tests/corpus/real-world/")
    });
    report("tracked files carry placeholders", &found);
}
