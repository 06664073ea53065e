//! `sma rules`, `sma rule CODE`, `sma completions`, `sma man`, and the text generated from the
//! rule catalogue (docs/rules.md, the rule table in docs/lint.md).
use std::io::{self, Write};

use super::{Io, Outcome, Result};
use crate::cli::{Cli, Shell};
use crate::rules::{self, CATALOG};

/// `sma rules`.
pub fn rules_command(io: &mut Io<'_>) -> Result<Outcome> {
    io.print(rules_list().as_bytes())?;
    Ok(Outcome::Clean)
}

/// `sma rule CODE-OR-NAME`.
pub fn rule_command(rule: &str, io: &mut Io<'_>) -> Result<Outcome> {
    let Some(meta) = rules::find(rule) else {
        let hint = rules::suggest(rule)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        miette::bail!("unknown rule `{rule}`{hint}; `sma rules` lists them");
    };
    io.print(meta.markdown().as_bytes())?;
    Ok(Outcome::Clean)
}

/// `sma completions SHELL`.
pub fn completions_command(shell: Shell, io: &mut Io<'_>) -> Result<Outcome> {
    io.print(&completions(shell))?;
    Ok(Outcome::Clean)
}

/// `sma man`.
pub fn man_command(io: &mut Io<'_>) -> Result<Outcome> {
    let page = man_page().map_err(|e| miette::miette!("could not render the man page: {e}"))?;
    io.print(&page)?;
    Ok(Outcome::Clean)
}

/// The Markdown rule table kept between the `rules` markers of docs/lint.md.
pub fn rules_table() -> String {
    let mut out = String::from("| Code | Name | Severity | Summary |\n|---|---|---|---|\n");
    for m in CATALOG {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    out
}

/// `sma rules`: one aligned line per rule.
pub fn rules_list() -> String {
    let width = CATALOG.iter().map(|m| m.name.len()).max().unwrap_or(0);
    CATALOG
        .iter()
        .map(|m| {
            format!(
                "{}  {:width$}  {:7}  {}\n",
                m.code,
                m.name,
                m.severity.as_str(),
                m.summary
            )
        })
        .collect()
}

/// `docs/rules.md`: every rule's docs under a heading that is its code, so `#sma204` is a
/// stable anchor (SARIF help URIs point there, see `--docs-url`).
pub fn rules_doc() -> String {
    let mut out = String::from(
        "# sma rules\n\n\
         <!-- generated from the rule registry by `SMA_BLESS=1 cargo test --test readme`; do not edit -->\n\n\
         One section per code; its heading is the code, so `docs/rules.md#sma204` links to it.\n\
         `sma rule CODE` prints the same text. Severities can be changed in `sma.toml` or with\n\
         `--rule CODE=off|warning|error`.\n",
    );
    for m in CATALOG {
        out.push_str(&format!(
            "\n## {}\n\n`{}` · {} · {}\n\n{}\n\n### Fix\n{}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary,
            m.docs_text(),
            m.fix
        ));
    }
    out
}

/// Returns the completion script for `shell` (what `completions/` holds).
pub fn completions(shell: Shell) -> Vec<u8> {
    use clap::CommandFactory;
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sma", &mut out);
    out
}

/// Returns the man page `sma.1` in roff: the top-level page, then one section per subcommand
/// with its synopsis, description and options (so `record-audio generate`'s flags are there).
pub fn man_page() -> io::Result<Vec<u8>> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        man_section(&mut out, &format!("sma {}", sub.get_name()), sub)?;
    }
    Ok(out)
}

type Renderer = fn(&clap_mangen::Man, &mut dyn Write) -> io::Result<()>;

/// Writes one subcommand's section of the man page, then its own subcommands'.
fn man_section(out: &mut Vec<u8>, path: &str, sub: &clap::Command) -> io::Result<()> {
    if sub.get_name() == "help" {
        return Ok(());
    }
    writeln!(out, ".SH \"{}\"", path.to_uppercase())?;
    let man = clap_mangen::Man::new(sub.clone().bin_name(path.to_string()));
    for (render, heading) in [
        (
            clap_mangen::Man::render_synopsis_section as Renderer,
            "SYNOPSIS",
        ),
        (clap_mangen::Man::render_description_section, "DESCRIPTION"),
        (clap_mangen::Man::render_options_section, "OPTIONS"),
    ] {
        let mut part = Vec::new();
        render(&man, &mut part)?;
        let text = String::from_utf8_lossy(&part);
        let text = text.replacen(&format!(".SH {heading}\n"), "", 1);
        match heading {
            _ if text.trim().is_empty() => {}
            "DESCRIPTION" => out.extend_from_slice(b".PP\n"),
            "OPTIONS" => out.extend_from_slice(b".SS Options\n"),
            _ => {}
        }
        out.extend_from_slice(text.as_bytes());
    }
    for s in sub.get_subcommands() {
        man_section(out, &format!("{path} {}", s.get_name()), s)?;
    }
    Ok(())
}
