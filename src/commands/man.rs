//! `sma man`: the man page, `sma.1`, in roff.
use std::io::{self, Write};

use super::{Io, Outcome, Result};
use crate::cli::Cli;

/// `sma man`.
pub fn run(io: &mut Io<'_>) -> Result<Outcome> {
    let page = man_page().map_err(|e| miette::miette!("could not render the man page: {e}"))?;
    io.print(&page)?;
    Ok(Outcome::Clean)
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
