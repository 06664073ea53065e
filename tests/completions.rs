//! The committed completion scripts in `completions/` are what `sma completions` prints; this
//! fails when they are stale (`SMA_BLESS=1 cargo test --test completions` rewrites them).
mod common;

use sma::cli::Shell;

const FILES: &[(Shell, &str)] = &[
    (Shell::Bash, "sma.bash"),
    (Shell::Zsh, "_sma"),
    (Shell::Fish, "sma.fish"),
    (Shell::Powershell, "_sma.ps1"),
    (Shell::Elvish, "sma.elv"),
];

#[test]
fn committed_completions_are_fresh() {
    let dir = common::root().join("completions");
    let mut stale = Vec::new();
    for (shell, file) in FILES {
        let fresh = sma::commands::completions::completions(*shell);
        let path = dir.join(file);
        if std::fs::read(&path).ok().as_deref() != Some(fresh.as_slice()) {
            if std::env::var_os("SMA_BLESS").is_some() {
                std::fs::write(&path, &fresh).unwrap();
            } else {
                stale.push(*file);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions {stale:?}; run `SMA_BLESS=1 cargo test --test completions`"
    );
}

#[test]
fn the_cli_prints_the_same_scripts() {
    for (shell, file) in FILES {
        let name = format!("{shell:?}").to_lowercase();
        let out = common::sma().args(["completions", &name]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}");
        assert_eq!(
            out.stdout,
            sma::commands::completions::completions(*shell),
            "{file}"
        );
    }
}

#[test]
fn value_enums_carry_descriptions_for_fish_and_zsh() {
    let fish = String::from_utf8(sma::commands::completions::completions(Shell::Fish)).unwrap();
    assert!(
        fish.contains("LEG-A\\t'The first leg of the call"),
        "{fish}"
    );
    let zsh = String::from_utf8(sma::commands::completions::completions(Shell::Zsh)).unwrap();
    assert!(zsh.contains("LEG-B\\:\"The second leg"), "{zsh}");
    assert!(zsh.contains("record-audio"));
}

#[test]
fn man_page_documents_generate_flags() {
    let out = common::sma().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie"), "roff");
    assert!(page.contains(".TH sma 1"));
    assert!(
        page.contains("SMA RECORD\\-AUDIO GENERATE") || page.contains("SMA RECORD-AUDIO GENERATE")
    );
    assert!(page.contains("silence\\-threshold"), "{page}");
    assert!(page.contains("1000 loud person or music ~75 dB"));
}
