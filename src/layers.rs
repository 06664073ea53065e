//! The layer test: every `crate::X` edge in `src/` points to a module earlier in `LAYERS`
//! (or to the module itself), so data flows one way and no module imports a later one.
//!
//! Test code may drive the whole pipeline (a rule's tests check real documents through
//! `engine`), so test-only files and the `#[cfg(test)] mod tests` block that ends a file are
//! not read. Everything else is: `use` lines, paths in expressions, `$crate::` in macros.
use std::path::{Path, PathBuf};

use crate::LAYERS;

/// Files that only tests compile.
const TEST_ONLY: &[&str] = &["layers.rs", "rules/test.rs", "policy/tests.rs"];

/// The layer index of a top-level module, `None` when it is not in `LAYERS`.
fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file under `src/` belongs to (`commands/lint.rs` → `commands`);
/// `None` for the crate root files.
fn module_of(relative: &str) -> Option<&str> {
    match relative {
        "lib.rs" | "main.rs" => None,
        _ => Some(
            relative
                .split('/')
                .next()
                .unwrap_or(relative)
                .trim_end_matches(".rs"),
        ),
    }
}

/// The code of a file without comments and without its closing `#[cfg(test)] mod tests`.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named after each `crate::` in `code`, including every name in a
/// grouped `use crate::{a, b::c}`.
fn edges(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(head(&inner[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            out.push(head(&inner[start..]));
        } else {
            out.push(head(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn head(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every edge that points later in `LAYERS` (or to something not in it), as
/// `file: module → target`.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (relative, text) in files {
        if TEST_ONLY.contains(&relative.as_str()) {
            continue;
        }
        let Some(module) = module_of(relative) else {
            continue;
        };
        let Some(from) = rank(module) else {
            out.push(format!("{relative}: module `{module}` is not in LAYERS"));
            continue;
        };
        for target in edges(&code_of(text)) {
            match rank(&target) {
                _ if target == module => {}
                Some(to) if to < from => {}
                Some(_) => out.push(format!(
                    "{relative}: `{module}` imports `{target}`, which comes later in LAYERS"
                )),
                None => out.push(format!(
                    "{relative}: `{module}` imports `crate::{target}`, which is not a module in LAYERS"
                )),
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_points_to_an_earlier_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let relative = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    assert!(files.len() > 40, "found only {} files", files.len());
    let bad = violations(&files);
    assert!(bad.is_empty(), "edges against LAYERS:\n{}", bad.join("\n"));
}

#[test]
fn an_edge_to_a_later_layer_fails() {
    let file = |path: &str, text: &str| vec![(path.to_string(), text.to_string())];
    assert_eq!(
        violations(&file("parse.rs", "use crate::engine::check;\n")),
        ["parse.rs: `parse` imports `engine`, which comes later in LAYERS"]
    );
    // grouped imports, paths in code and `$crate` in macros count; comments and tests do not
    let bad = violations(&file(
        "rules/x.rs",
        "use crate::{diagnostic::Finding, emit::{self, Format}};\n\
         fn f() { crate::commands::lint::run(); }\n\
         macro_rules! m { () => { $crate::config::X } }\n\
         // crate::cli is only named here\n\
         #[cfg(test)]\nmod tests { use crate::engine; }\n",
    ));
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert!(
        bad[0].contains("`emit`") && bad[1].contains("`commands`") && bad[2].contains("`config`")
    );
    assert!(violations(&file("model.rs", "use crate::{parse::SpanIndex, source};")).is_empty());
    assert_eq!(violations(&file("engine.rs", "use crate::Io;")).len(), 1);
    assert_eq!(violations(&file("newmod.rs", "")).len(), 1);
}

#[test]
fn every_subcommand_has_its_own_file_in_commands() {
    use clap::CommandFactory;
    fn leaves(cmd: &clap::Command, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            if sub.has_subcommands() {
                leaves(sub, out);
            } else {
                out.push(sub.get_name().replace('-', "_"));
            }
        }
    }
    let mut names = Vec::new();
    leaves(&crate::cli::Cli::command(), &mut names);
    assert!(names.len() >= 8, "{names:?}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    for name in names {
        assert!(
            dir.join(format!("{name}.rs")).is_file(),
            "no src/commands/{name}.rs"
        );
    }
}
