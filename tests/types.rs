//! `sma types`: the committed copies under schemas/types/ are what the generator prints, and
//! the pinned compilers (scripts/types-install: TypeScript 5.6 and mypy 1.13, paths in SMA_TSC
//! and SMA_MYPY) accept a valid response and reject the misspelt `SilenceTreshold`.
mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{root, sma};

fn generated(language: &str) -> String {
    let out = sma().args(["types", language]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_committed_types_are_the_generated_ones() {
    for (language, file) in [("typescript", "sma.d.ts"), ("python", "sma_types.py")] {
        let committed = std::fs::read_to_string(root().join("schemas/types").join(file)).unwrap();
        assert!(
            committed == generated(language),
            "schemas/types/{file} is stale: run `sma types {language} --out schemas/types/{file}`"
        );
    }
}

/// A tool scripts/types-install put in place (scripts/test exports its path).
fn tool(var: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{var} is not set: run the tests with scripts/test (it runs scripts/types-install)")
    });
    assert!(path.exists(), "{var}={} does not exist", path.display());
    path
}

#[test]
fn tsc_accepts_the_good_sample_and_rejects_the_misspelt_key() {
    let tsc = tool("SMA_TSC");
    let dir = root().join("tests/types");
    let run = |file: &str| {
        Command::new(&tsc)
            .current_dir(&dir)
            .args([
                "--strict", "--noEmit", "--target", "es2020", "--module", "commonjs", file,
            ])
            .output()
            .unwrap()
    };
    let good = run("good.ts");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    let bad = run("bad.ts");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("SilenceTreshold"));
}

#[test]
fn mypy_accepts_the_good_sample_and_rejects_the_misspelt_key() {
    let mypy = tool("SMA_MYPY");
    let dir = root().join("tests/types");
    let run = |file: &str| {
        Command::new(&mypy)
            .current_dir(&dir)
            .env("MYPYPATH", root().join("schemas/types"))
            .args([
                "--strict",
                "--no-incremental",
                "--cache-dir",
                "/dev/null",
                file,
            ])
            .output()
            .unwrap()
    };
    let good = run("good.py");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    let bad = run("bad.py");
    assert!(!bad.status.success());
    let types = run(root().join("schemas/types/sma_types.py").to_str().unwrap());
    assert!(
        types.status.success(),
        "{}",
        String::from_utf8_lossy(&types.stdout)
    );
}
