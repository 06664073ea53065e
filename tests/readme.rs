//! The README is the front door and `docs/` holds the depth; these keep both honest.
//!
//! - The rule table in docs/lint.md and the whole of docs/rules.md are generated from the
//!   registry; stale ones fail (`SMA_BLESS=1 cargo test --test readme` rewrites them).
//! - The README stays short, opens with its two set-up commands, and what it says the first one
//!   prints is what it prints.
//! - The README's GitHub Actions workflow is `examples/github/sma.yml`, byte for byte
//!   (`SMA_BLESS=1` copies the file into the README).
//! - Every relative link in README.md and docs/*.md leads to a file, and to a heading when it
//!   names one.
//! - Docs, workflows and the Action name the repository by its one canonical URL.
use std::path::{Path, PathBuf};
use std::process::Command;

/// The one canonical repository URL: Cargo.toml's `repository`.
const REPO_URL: &str = env!("CARGO_PKG_REPOSITORY");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn bless() -> bool {
    std::env::var_os("SMA_BLESS").is_some()
}

#[test]
fn docs_lint_rule_table_is_fresh() {
    let path = root().join("docs/lint.md");
    let doc = read("docs/lint.md");
    let start = "<!-- rules:start -->\n";
    let end = "<!-- rules:end -->";
    let a = doc.find(start).expect("start marker") + start.len();
    let b = doc.find(end).expect("end marker");
    let expected = sma::commands::rules::rules_table();
    if doc[a..b] != expected {
        if bless() {
            let fresh = format!("{}{expected}{}", &doc[..a], &doc[b..]);
            std::fs::write(path, fresh).unwrap();
        } else {
            panic!("docs/lint.md rule table is stale; run `SMA_BLESS=1 cargo test --test readme`");
        }
    }
}

#[test]
fn docs_rules_md_is_fresh() {
    let path = root().join("docs/rules.md");
    let expected = sma::commands::rules::rules_doc();
    if std::fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
        if bless() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("docs/rules.md is stale; run `SMA_BLESS=1 cargo test --test readme`");
        }
    }
}

#[test]
fn readme_is_a_front_door() {
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; keep it to 250 and move depth to docs/"
    );
    // the first screen: the two set-up commands, in the first code block, before any section
    let first_section = readme.find("\n## ").expect("a section");
    let top = &readme[..first_section];
    let block = top
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a ```sh block before the first section");
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        ["cargo run --release -- lint examples/", "scripts/test"],
        "the README's first block holds exactly the two set-up commands"
    );
    for section in ["## Install", "## Quick start", "## CI", "## Documentation"] {
        assert!(
            readme.lines().any(|l| l == section),
            "README lacks `{section}`"
        );
    }
    for page in [
        "lint",
        "record-audio",
        "check-bucket",
        "configuration",
        "formats",
        "performance",
        "hardening",
        "rules",
        "development",
    ] {
        let link = format!("](docs/{page}.md)");
        assert!(
            readme.contains(&link),
            "README does not link docs/{page}.md"
        );
    }
}

/// The README says what `sma lint examples/` ends with and how it exits; hold it to that.
#[test]
fn readme_says_what_linting_the_examples_prints() {
    let out = Command::new(env!("CARGO_BIN_EXE_sma"))
        .current_dir(root())
        .args([
            "lint",
            "--format",
            "concise",
            "--color",
            "never",
            "examples/",
        ])
        .env_remove("SMA_DOCS_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let summary = stdout.lines().last().expect("a summary line");
    let top = read("README.md");
    let top = &top[..top.find("\n## ").unwrap()];
    assert!(
        top.contains(&format!("ends with `{summary}`")),
        "README's first screen should say the examples end with `{summary}`"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        top.contains("exits 1"),
        "README should say the examples exit 1"
    );
}

#[test]
fn readme_workflow_is_examples_github_sma_yml() {
    let file = read("examples/github/sma.yml");
    let readme = read("README.md");
    let marker = "<!-- examples/github/sma.yml: kept equal by tests/readme.rs -->\n```yaml\n";
    let a = readme
        .find(marker)
        .expect("the workflow marker and a ```yaml fence after it")
        + marker.len();
    let b = a + readme[a..].find("```\n").expect("the fence's end");
    if readme[a..b] != file {
        if bless() {
            let fresh = format!("{}{file}{}", &readme[..a], &readme[b..]);
            std::fs::write(root().join("README.md"), fresh).unwrap();
        } else {
            panic!(
                "README's workflow differs from examples/github/sma.yml; edit the file and run \
                 `SMA_BLESS=1 cargo test --test readme`"
            );
        }
    }
}

/// GitHub's heading anchors: lower case, spaces to `-`, punctuation other than `-` and `_`
/// dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// `](target)` links outside code blocks and code spans.
fn links(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // drop code spans so that `](...)` inside backticks is not a link
        let text: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            if let Some(j) = rest.find(')') {
                out.push(rest[..j].to_string());
                rest = &rest[j..];
            }
        }
    }
    out
}

#[test]
fn relative_links_in_readme_and_docs_resolve() {
    let mut pages = vec![PathBuf::from("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            pages.push(p.strip_prefix(root()).unwrap().to_path_buf());
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = read(page.to_str().unwrap());
        let dir = page.parent().unwrap_or(Path::new(""));
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                normalize(&dir.join(path))
            };
            let shown = target.to_string_lossy().replace('\\', "/");
            if !root().join(&target).exists() {
                broken.push(format!("{}: {link} (no {shown})", page.display()));
            } else if !anchor.is_empty() {
                let md = read(&shown);
                if !anchors(&md).iter().any(|a| a == anchor) {
                    broken.push(format!("{}: {link} (no heading #{anchor})", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// `docs/../README.md` → `README.md`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Docs, workflows, the Action and the hooks name the repository by its canonical URL only
/// (placeholders in any tracked file are tests/hygiene.rs's).
#[test]
fn one_canonical_repository_url() {
    let mut files = vec![
        "README.md".to_string(),
        "action.yml".to_string(),
        ".pre-commit-hooks.yaml".to_string(),
        "scripts/action-install".to_string(),
    ];
    for dir in ["docs", ".github/workflows", "examples/github"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            files.push(format!("{dir}/{name}"));
        }
    }
    let mut bad = Vec::new();
    for f in &files {
        let text = read(f);
        // every github.com/OWNER/sma is the canonical one
        let mut rest = text.as_str();
        while let Some(i) = rest.find("github.com/") {
            let tail = &rest[i + "github.com/".len()..];
            let repo: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || "-_./".contains(*c))
                .collect();
            let mut parts = repo.split('/');
            let (owner, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if name.trim_end_matches('.') == "sma" && owner != "sma-tools" {
                bad.push(format!("{f}: github.com/{owner}/{name}"));
            }
            rest = tail;
        }
        if f.starts_with("examples/github/") && !text.contains("uses: sma-tools/sma@") {
            bad.push(format!("{f}: does not use the Action as sma-tools/sma"));
        }
    }
    assert!(
        bad.is_empty(),
        "not the canonical {REPO_URL}:\n{}",
        bad.join("\n")
    );
    assert!(read("README.md").contains(&format!("cargo install --locked --git {REPO_URL}\n")));
}
